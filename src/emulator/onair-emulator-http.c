/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <string.h>

/* The HTTP front: a SoupServer on the loopback interface answering vMix's API (GET /api
 * and /api/?Function=...), with vMix's Basic authentication, answers delayed by the
 * latency fault, and the log of every function call received. */

typedef struct _PendingReply PendingReply;

struct _PendingReply
{
  OnairEmulator     *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  Fault              fault;
  GSource           *source;
  gulong             disconnected_id;
};

/* The call log */

void
onair_emulator_call_free (OnairEmulatorCall *call)
{
  if (call == NULL)
    return;

  g_free (call->function);
  g_clear_pointer (&call->params, g_hash_table_unref);
  g_free (call);
}

void
onair_emulator_record_call (OnairEmulator *self,
                            const char    *function,
                            GHashTable    *query,
                            guint          status)
{
  OnairEmulatorCall *call = g_new0 (OnairEmulatorCall, 1);

  call->function = g_strdup (function);
  call->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  call->time_s = now_us (self) / G_USEC_PER_SEC;
  call->status = status;

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strcasecmp (key, "Function") != 0)
          g_hash_table_insert (call->params, g_strdup (key), g_strdup (value));
    }

  g_ptr_array_add (self->calls, call);
}

/* Answers */

static gboolean
is_api_path (const char *path)
{
  return g_ascii_strcasecmp (path, "/api") == 0 || g_ascii_strcasecmp (path, "/api/") == 0;
}

static void
set_text_response (SoupServerMessage *msg,
                   guint              status,
                   const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
answer (OnairEmulator     *self,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        Fault              fault)
{
  const char *method = soup_server_message_get_method (msg);
  const char *name = onair_emulator_lookup_param (query, "Function");

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD && method != SOUP_METHOD_POST)
    {
      set_text_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed.");
      return;
    }

  if (!is_api_path (path))
    {
      set_text_response (msg, SOUP_STATUS_NOT_FOUND, "Not found.");
      return;
    }

  if (fault == FAULT_FAIL)
    {
      set_text_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal server error.");
      if (name != NULL)
        onair_emulator_record_call (self, name, query, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  if (name == NULL)
    {
      gsize length;
      char *xml = onair_emulator_render (self, &length);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_TAKE, xml, length);
      return;
    }

  if (!onair_emulator_run_function (self, name, query))
    {
      g_debug ("Unknown function \"%s\"", name);
      set_text_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Function not found.");
      onair_emulator_record_call (self, name, query, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  /* A known function is acknowledged with 200 whatever its value, as vMix does, and the
   * call is recorded either way. */
  set_text_response (msg, SOUP_STATUS_OK, "Function completed successfully.");
  onair_emulator_record_call (self, name, query, SOUP_STATUS_OK);
  onair_emulator_notify_changes (self);
}

static void
close_connection (OnairEmulator     *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(SoupServerMessage) ref = g_object_ref (msg);
  g_autoptr(GIOStream) stream = NULL;
  const char *name = onair_emulator_lookup_param (query, "Function");

  if (name != NULL)
    onair_emulator_record_call (self, name, query, 0);

  /* Stealing hands the socket to us; closing it resets the client's request
   * without any status line. */
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* Delayed answers: latency, and connections closed once libsoup is done with them */

static void
pending_reply_free (PendingReply *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_clear_pointer (&pending->source, g_source_unref);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending->path);
  g_free (pending);
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         PendingReply      *pending)
{
  OnairEmulator *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  pending_reply_free (pending);
}

static gboolean
pending_reply_cb (gpointer data)
{
  PendingReply *pending = data;
  OnairEmulator *self = pending->self;

  g_clear_pointer (&pending->source, g_source_unref);
  self->pending = g_list_remove (self->pending, pending);
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);

  if (pending->fault == FAULT_CLOSE)
    {
      close_connection (self, pending->msg, pending->query);
    }
  else
    {
      answer (self, pending->msg, pending->path, pending->query, pending->fault);
      soup_server_message_unpause (pending->msg);
    }

  pending_reply_free (pending);

  return G_SOURCE_REMOVE;
}

/* The server */

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  OnairEmulator *self = user_data;
  PendingReply *pending;
  Fault fault;

  self->request_count++;
  fault = onair_emulator_next_fault (self, onair_emulator_lookup_param (query, "Function"));

  if (self->latency_ms == 0 && fault != FAULT_CLOSE)
    {
      answer (self, msg, path, query, fault);
      return;
    }

  /* Answer later from the main loop, without blocking it; a connection is also closed
   * from there, once libsoup is done with the request it is dispatching. */
  pending = g_new0 (PendingReply, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query != NULL ? g_hash_table_ref (query) : NULL;
  pending->fault = fault;
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb), pending);
  pending->source = g_timeout_source_new (self->latency_ms);
  g_source_set_callback (pending->source, pending_reply_cb, pending, NULL);
  g_source_attach (pending->source, self->context);
  self->pending = g_list_prepend (self->pending, pending);

  soup_server_message_pause (msg);
}

static gboolean
auth_filter_cb (SoupAuthDomain    *domain,
                SoupServerMessage *msg,
                gpointer           user_data)
{
  OnairEmulator *self = user_data;

  return self->user != NULL || self->password != NULL;
}

static gboolean
basic_auth_cb (SoupAuthDomain    *domain,
               SoupServerMessage *msg,
               const char        *username,
               const char        *password,
               gpointer           user_data)
{
  OnairEmulator *self = user_data;

  if (self->user != NULL && g_strcmp0 (username, self->user) != 0)
    return FALSE;

  return g_strcmp0 (password != NULL ? password : "",
                    self->password != NULL ? self->password : "") == 0;
}

/* libsoup writes the token form realm=vMix; vMix's controllers expect the quoted form
 * (both are valid HTTP). A rejected request still ends in request-read, before it is answered. */
static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"vMix\"");
}

static void
clear_pending (OnairEmulator *self)
{
  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) pending_reply_free);
}

/* Public API */

/**
 * onair_emulator_start:
 * @self: an #OnairEmulator
 * @port: the port to listen on 127.0.0.1, or 0 for a free one
 * @error: return location for a #GError
 *
 * Starts serving the HTTP API from the thread-default main context, which the caller
 * must keep iterating (no synchronous HTTP to the emulator from the same thread).
 * Stopping and starting again on the same port works, which is how a test makes vMix
 * refuse connections for a while.
 *
 * Returns: %TRUE when listening
 */
gboolean
onair_emulator_start (OnairEmulator *self,
                      guint          port,
                      GError       **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SoupAuthDomain) domain = NULL;
  GSList *uris;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  server = soup_server_new ("tls-certificate", self->tls_certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, self, NULL);

  domain = soup_auth_domain_basic_new ("realm", "vMix", NULL);
  soup_auth_domain_add_path (domain, "/");
  soup_auth_domain_set_filter (domain, auth_filter_cb, self, NULL);
  soup_auth_domain_basic_set_auth_callback (domain, basic_auth_cb, self, NULL);
  soup_server_add_auth_domain (server, domain);
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), NULL);

  /* Loopback only: the emulator is never reachable from the network. */
  if (!soup_server_listen_local (server, port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                 (self->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                 error))
    return FALSE;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->server = g_steal_pointer (&server);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_debug ("Listening on 127.0.0.1:%u", self->port);

  return TRUE;
}

/**
 * onair_emulator_stop:
 * @self: an #OnairEmulator
 *
 * Closes the listening socket and every open connection; unanswered requests are
 * dropped. Connections are refused until the next onair_emulator_start(). The TCP API
 * stops too (onair_emulator_stop_tcp()); onair_emulator_start() does not restart it.
 */
void
onair_emulator_stop (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  onair_emulator_stop_tcp (self);
  clear_pending (self);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

guint
onair_emulator_get_port (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->port;
}

char *
onair_emulator_dup_base_uri (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return g_strdup_printf ("%s://127.0.0.1:%u/", self->tls_certificate ? "https" : "http",
                          self->port);
}

/**
 * onair_emulator_set_tls_certificate:
 * @self: an #OnairEmulator
 * @certificate: (nullable): a certificate with its private key, or %NULL for plain HTTP
 *
 * Serves HTTPS with @certificate from the next onair_emulator_start(), the way vMix is
 * reached through a TLS proxy (vMix's own Web Controller speaks plain HTTP).
 */
void
onair_emulator_set_tls_certificate (OnairEmulator   *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->tls_certificate, certificate);
}

void
onair_emulator_set_credentials (OnairEmulator *self,
                                const char    *user,
                                const char    *password)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  g_free (self->user);
  self->user = is_blank (user) ? NULL : g_strdup (user);
  g_free (self->password);
  self->password = is_blank (password) ? NULL : g_strdup (password);
}

GPtrArray *
onair_emulator_get_calls (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return self->calls;
}

guint
onair_emulator_count_calls (OnairEmulator *self,
                            const char    *function)
{
  guint count = 0;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);
  g_return_val_if_fail (function != NULL, 0);

  for (guint i = 0; i < self->calls->len; i++)
    {
      OnairEmulatorCall *call = g_ptr_array_index (self->calls, i);

      if (g_str_equal (call->function, function))
        count++;
    }

  return count;
}

void
onair_emulator_clear_calls (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  g_ptr_array_set_size (self->calls, 0);
}

guint
onair_emulator_get_request_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->request_count;
}
