/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "onair-http-private.h"
#include "core/destinations/onair-fingerprint.h"
#include "onair-vmix-client.h"

struct _OnairVmixClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base_uri;
  GUri        *state_uri;       /* base_uri + "api", asked every poll */
  char        *authorization;   /* "Basic …", never logged */
  guint        timeout_ms;
  gsize        max_response;
  gboolean     tls_accept_any;
};

G_DEFINE_FINAL_TYPE (OnairVmixClient, onair_vmix_client, G_TYPE_OBJECT)

/* The caller's side of one request; the transfer itself is in onair-http.c. */
typedef struct
{
  char   *function;   /* NULL for the state document */
  gint64  round_trip_us;
  gsize   max_response;
  guint   timeout_ms;
} Request;

static void
request_free (Request *request)
{
  g_free (request->function);
  g_free (request);
}

static void
onair_vmix_client_finalize (GObject *object)
{
  OnairVmixClient *self = ONAIR_VMIX_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->state_uri, g_uri_unref);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);

  G_OBJECT_CLASS (onair_vmix_client_parent_class)->finalize (object);
}

static void
onair_vmix_client_class_init (OnairVmixClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_vmix_client_finalize;
}

static void
onair_vmix_client_init (OnairVmixClient *self)
{
  self->timeout_ms = ONAIR_VMIX_CLIENT_DEFAULT_TIMEOUT_MS;
  self->max_response = ONAIR_VMIX_CLIENT_DEFAULT_MAX_RESPONSE;
  self->session = soup_session_new_with_options ("user-agent", "Onair/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 2,
                                                 "idle-timeout", 30,
                                                 NULL);
  /* Each request goes through every feature of the session, at every poll. Neither is of
   * use here: vMix does not compress its answers, and the Basic authorization is sent with
   * every request from the start (a 401 is an error for the producer to fix, never
   * answered with other credentials). Without the decoder no Accept-Encoding is sent, so
   * no proxy in front of vMix compresses either. */
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

static gboolean
host_is_valid (const char *host)
{
  if (host == NULL || *host == '\0' || strlen (host) > 253)
    return FALSE;
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != ':' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * onair_vmix_client_new:
 * @host: host name or address of the vMix machine
 * @port: the Web Controller's port
 * @use_tls: whether to use HTTPS (vMix behind a TLS proxy)
 * @error: an %ONAIR_VMIX_ERROR_INVALID_ADDRESS error when host or port cannot be used
 *
 * Returns: (transfer full): a client for one vMix host
 */
OnairVmixClient *
onair_vmix_client_new (const char  *host,
                       guint        port,
                       gboolean     use_tls,
                       GError     **error)
{
  OnairVmixClient *self;
  g_autofree char *bracketed = NULL;

  if (!host_is_valid (host))
    {
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a valid host name or address."), host ? host : "");
      return NULL;
    }
  if (port == 0 || port > 65535)
    {
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_INVALID_ADDRESS,
                   _("The port must be between 1 and 65535."));
      return NULL;
    }

  self = g_object_new (ONAIR_TYPE_VMIX_CLIENT, NULL);
  if (strchr (host, ':') != NULL)
    bracketed = g_strdup_printf ("[%s]", host);
  self->base_uri = g_uri_build (G_URI_FLAGS_NONE, use_tls ? "https" : "http", NULL,
                                bracketed ? bracketed : host, (int) port, "/", NULL, NULL);
  self->state_uri = g_uri_parse_relative (self->base_uri, "api", G_URI_FLAGS_NONE, NULL);
  return self;
}

/**
 * onair_vmix_client_dup_base_uri:
 *
 * Returns: (transfer full): e.g. "http://127.0.0.1:8088/"
 */
char *
onair_vmix_client_dup_base_uri (OnairVmixClient *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_CLIENT (self), NULL);
  return g_uri_to_string (self->base_uri);
}

/**
 * onair_vmix_client_set_credentials:
 * @user: (nullable): the Web Controller user name, or %NULL for none
 * @password: (nullable): its password, from the keyring
 *
 * Sends HTTP Basic authentication with every request from now on.
 */
void
onair_vmix_client_set_credentials (OnairVmixClient *self,
                                   const char      *user,
                                   const char      *password)
{
  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);

  if (user != NULL && *user != '\0')
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", user, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      self->authorization = g_strdup_printf ("Basic %s", encoded);
      memset (pair, 0, strlen (pair));
      memset (encoded, 0, strlen (encoded));
    }
}

void
onair_vmix_client_set_timeout_ms (OnairVmixClient *self,
                                  guint            timeout_ms)
{
  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));
  self->timeout_ms = MAX (timeout_ms, 1);
}

guint
onair_vmix_client_get_timeout_ms (OnairVmixClient *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_CLIENT (self), 0);
  return self->timeout_ms;
}

void
onair_vmix_client_set_max_response_size (OnairVmixClient *self,
                                         gsize            max_bytes)
{
  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));
  self->max_response = MAX (max_bytes, 1024);
}

/**
 * onair_vmix_client_set_tls_accept_any:
 *
 * Accepts any TLS certificate, for a TLS proxy with a self-signed certificate that the
 * producer chose to trust.
 */
void
onair_vmix_client_set_tls_accept_any (OnairVmixClient *self,
                                      gboolean         accept_any)
{
  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));
  self->tls_accept_any = !!accept_any;
}

/**
 * onair_vmix_function_name_is_valid:
 *
 * Returns: whether @function has vMix's function name syntax (letters and digits,
 *   starting with a letter)
 */
gboolean
onair_vmix_function_name_is_valid (const char *function)
{
  gsize len;

  if (function == NULL || !g_ascii_isalpha (function[0]))
    return FALSE;
  len = strlen (function);
  if (len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (function[i]))
      return FALSE;
  return TRUE;
}

static gboolean
value_is_secret (const char *function,
                 const char *param,
                 const char *value)
{
  /* Destinations carry keys, passwords, and URLs with user info or tokens: whatever the
   * spelling of the function's name, which vMix may be given in any case. */
  if (g_ascii_strncasecmp (function, "StreamingSet", strlen ("StreamingSet")) == 0)
    return TRUE;
  if (g_ascii_strcasecmp (param, "Password") == 0 || g_ascii_strcasecmp (param, "Key") == 0)
    return TRUE;
  /* Any other function: a value that is (or carries) a key or password Onair holds. */
  return onair_held_secrets_match (value);
}

/**
 * onair_vmix_redact_query:
 * @function: the function name
 * @params: (nullable): name, value pairs, %NULL terminated
 *
 * Returns: (transfer full): the query as it may be logged: secret values replaced
 */
char *
onair_vmix_redact_query (const char         *function,
                         const char * const *params)
{
  GString *query = g_string_new ("Function=");

  /* A key pasted where the function's name goes is still a key. */
  if (onair_held_secrets_match (function))
    g_string_append (query, "<redacted>");
  else
    g_string_append (query, function);
  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      if (onair_held_secrets_match (params[i]))
        g_string_append (query, "&<redacted>=");
      else
        g_string_append_printf (query, "&%s=", params[i]);
      if (value_is_secret (function, params[i], params[i + 1]))
        {
          const char *comma = strchr (params[i + 1], ',');
          gboolean indexed = comma != NULL && comma != params[i + 1];

          for (const char *p = params[i + 1]; indexed && p < comma; p++)
            indexed = g_ascii_isdigit (*p);
          if (indexed)
            g_string_append_len (query, params[i + 1], comma - params[i + 1] + 1);
          g_string_append (query, "<redacted>");
        }
      else
        g_string_append_uri_escaped (query, params[i + 1], NULL, TRUE);
    }
  return g_string_free (query, FALSE);
}

/* Turns a transport error into the ONAIR_VMIX_ERROR the user can act on. */
static void
return_transport_error (GTask       *task,
                        SoupMessage *message,
                        GError      *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  g_autofree char *where = g_uri_to_string_partial (soup_message_get_uri (message),
                                                    G_URI_HIDE_PASSWORD | G_URI_HIDE_QUERY);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TIMEOUT,
                             _("vMix at %s did not answer within %.1f seconds. Check that vMix "
                               "is running and not overloaded."),
                             where, request->timeout_ms / 1000.0);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION_REFUSED,
                             _("Nothing answers at %s. Check that vMix is running and that its "
                               "Web Controller is enabled on this port."),
                             where);
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION,
                             _("The host of %s could not be found. Check the host name in "
                               "Preferences."),
                             where);
  else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION,
                             _("The TLS certificate of %s is not trusted. Give the TLS proxy in "
                               "front of vMix a certificate this computer trusts."),
                             where);
  else
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION,
                             _("The connection to vMix at %s failed: %s"),
                             where, error->message);
}

/* "host" or "host:port" of @uri, brackets around an IPv6 address; nothing else of it (the
 * path or query of a redirect target may carry a token). NULL when there is no host or it
 * has characters no host name or address has. */
static char *
dup_host_and_port (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  gboolean ipv6;

  if (host == NULL || *host == '\0' || strlen (host) > 253)
    return NULL;
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:%[]", *p) == NULL)
      return NULL;

  ipv6 = strchr (host, ':') != NULL && host[0] != '[';
  if (port == -1)
    return ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  return g_strdup_printf (ipv6 ? "[%s]:%d" : "%s:%d", host, port);
}

/* A 3xx answer: vMix never sends one, so whatever sent it is not vMix. The target is named
 * for the producer to recognise (a router, a login portal) and never requested. */
static void
return_redirect_error (GTask       *task,
                       SoupMessage *message)
{
  GUri *asked = soup_message_get_uri (message);
  g_autofree char *from = dup_host_and_port (asked);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                       "Location");
  g_autoptr(GUri) target = NULL;
  g_autofree char *to = NULL;

  if (from == NULL)
    from = g_uri_to_string_partial (asked, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY);
  if (location != NULL)
    target = g_uri_parse_relative (asked, location, G_URI_FLAGS_NONE, NULL);
  if (target != NULL)
    to = dup_host_and_port (target);

  if (to != NULL)
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_REDIRECT,
                             _("vMix does not redirect: the answer from %s sends Onair to "
                               "another address (%s), so it is not vMix. Check the address "
                               "and port."),
                             from, to);
  else
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_REDIRECT,
                             _("vMix does not redirect: the answer from %s sends Onair "
                               "elsewhere (HTTP %u), so it is not vMix. Check the address and "
                               "port."),
                             from, soup_message_get_status (message));
}

static void
return_http_error (GTask       *task,
                   SoupMessage *message,
                   GError      *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  guint status = soup_message_get_status (message);

  if (g_error_matches (error, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_ANNOUNCED_TOO_LARGE))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TOO_LARGE,
                             _("vMix announced %" G_GOFFSET_FORMAT " bytes, more than the "
                               "%" G_GSIZE_FORMAT " MB Onair accepts."),
                             soup_message_headers_get_content_length (
                               soup_message_get_response_headers (message)),
                             request->max_response / (1024 * 1024));
  else if (g_error_matches (error, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_TOO_LARGE))
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TOO_LARGE,
                             _("vMix sent more than %" G_GSIZE_FORMAT " MB; Onair stopped "
                               "reading."),
                             request->max_response / (1024 * 1024));
  else if (SOUP_STATUS_IS_REDIRECTION (status))
    return_redirect_error (task, message);
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_AUTH,
                             _("vMix refused the user name or password. Set the Web "
                               "Controller's user name and password in Preferences."));
  else if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR && request->function != NULL)
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION,
                             _("vMix refused the function “%s” (HTTP 500)."),
                             request->function);
  else
    g_task_return_new_error (task, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_HTTP_STATUS,
                             _("vMix answered with HTTP status %u (%s)."),
                             status, soup_status_get_phrase (status));
}

static void
state_parsed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  OnairVmixState *state = onair_vmix_state_new_from_bytes_finish (result, &error);

  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, g_object_unref);
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = onair_http_get_finish (result, &message, &request->round_trip_us, &error);
  if (bytes == NULL)
    {
      if (error->domain == ONAIR_HTTP_ERROR)
        return_http_error (task, message, error);
      else
        return_transport_error (task, message, error);
      return;
    }

  if (request->function == NULL)
    {
      onair_vmix_state_new_from_bytes_async (bytes, g_task_get_cancellable (task),
                                             state_parsed_cb, g_object_ref (task));
    }
  else
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      g_task_return_pointer (task, g_utf8_make_valid (data ? data : "", size), g_free);
    }
}

static void
start_request (OnairVmixClient     *self,
               GUri                *uri,
               const char          *function,
               const char          *loggable,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->function = g_strdup (function);
  request->max_response = self->max_response;
  request->timeout_ms = self->timeout_ms;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  onair_http_get_async (self->session, uri, self->authorization,
                        self->tls_accept_any ? ONAIR_HTTP_FLAGS_ACCEPT_ANY_CERTIFICATE
                                             : ONAIR_HTTP_FLAGS_NONE,
                        self->timeout_ms, self->max_response, loggable, cancellable,
                        get_cb, g_steal_pointer (&task));
}

/**
 * onair_vmix_client_call_async:
 * @function: a vMix function name, e.g. "StartStreaming"
 * @params: (nullable): parameter name, value pairs, %NULL terminated, e.g.
 *   `{ "Value", "1", NULL }`; values are percent-encoded
 *
 * Calls one shortcut function. vMix confirms receipt, not completion: the caller confirms
 * the effect from the next state document.
 */
void
onair_vmix_client_call_async (OnairVmixClient     *self,
                              const char          *function,
                              const char * const  *params,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GString) query = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *loggable = NULL;
  g_autofree char *logged_query = NULL;

  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));
  g_return_if_fail (function != NULL);

  if (!onair_vmix_function_name_is_valid (function))
    {
      g_task_report_new_error (self, callback, user_data, onair_vmix_client_call_async,
                               ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION,
                               _("“%s” is not a vMix function name."), function);
      return;
    }

  query = g_string_new ("Function=");
  g_string_append (query, function);
  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      g_string_append_c (query, '&');
      g_string_append_uri_escaped (query, params[i], NULL, FALSE);
      g_string_append_c (query, '=');
      g_string_append_uri_escaped (query, params[i + 1], NULL, FALSE);
    }

  uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (self->base_uri), NULL,
                     g_uri_get_host (self->base_uri), g_uri_get_port (self->base_uri),
                     "/api/", query->str, NULL);
  logged_query = onair_vmix_redact_query (function, params);
  loggable = g_strdup_printf ("/api/?%s", logged_query);
  memset (query->str, 0, query->len);

  start_request (self, uri, function, loggable, cancellable, callback, user_data,
                 onair_vmix_client_call_async);
}

/**
 * onair_vmix_client_call_finish:
 *
 * Returns: (transfer full): vMix's short answer text, or %NULL with @error set
 */
char *
onair_vmix_client_call_finish (OnairVmixClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * onair_vmix_client_fetch_state_async:
 *
 * Fetches and parses vMix's XML state document.
 */
void
onair_vmix_client_fetch_state_async (OnairVmixClient     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_VMIX_CLIENT (self));

  start_request (self, self->state_uri, NULL, "/api", cancellable, callback, user_data,
                 onair_vmix_client_fetch_state_async);
}

/**
 * onair_vmix_client_fetch_state_finish:
 * @round_trip_us: (out) (optional): time from request to the last byte of the answer
 *
 * Returns: (transfer full): the parsed state, or %NULL with @error set
 */
OnairVmixState *
onair_vmix_client_fetch_state_finish (OnairVmixClient  *self,
                                      GAsyncResult     *result,
                                      gint64           *round_trip_us,
                                      GError          **error)
{
  Request *request;

  g_return_val_if_fail (ONAIR_IS_VMIX_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (round_trip_us != NULL)
    *round_trip_us = request->round_trip_us;
  return g_task_propagate_pointer (G_TASK (result), error);
}
