/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

/* The TCP front: vMix's TCP API (port 8099 on a real vMix) on the loopback interface. A
 * text protocol of CRLF-ended lines (a bare LF is accepted too): "VERSION OK <version>" on
 * connect, then one reply per request, in order, and the pushes a connection subscribed to
 * (onair-emulator-activators.c) between them. Everything runs on the main context the front
 * was started from, without blocking: sockets are non-blocking, and what cannot be written
 * at once waits for the socket. Its faults: replies written in small pieces, and a
 * connection reset instead of a reply. Like vMix, it asks for no password. */

/* A request line longer than this is not vMix's API: the connection is closed. */
#define MAX_REQUEST    (64 * 1024)
#define READ_SIZE      4096
/* Between two pieces of a split reply, so that the client reads them one by one. */
#define SPLIT_DELAY_MS 1

typedef struct
{
  OnairEmulator     *self;
  GSocketConnection *connection;
  GSocket           *socket;    /* the connection's */
  GSource           *read_source;
  GSource           *write_source; /* waiting for the socket, or the pause between pieces */
  GByteArray        *in;
  GByteArray        *out;
  gsize              out_sent;
  Subscription       subscriptions;
  gboolean           quitting;  /* closes once all is written: after QUIT, or EOF */
  gboolean           closed;
} Client;

/* Connections */

static void
client_free (Client *client)
{
  g_assert (client->read_source == NULL && client->write_source == NULL);

  g_clear_object (&client->connection);
  g_byte_array_unref (client->in);
  g_byte_array_unref (client->out);
}

static void
client_release (Client *client)
{
  g_rc_box_release_full (client, (GDestroyNotify) client_free);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* @reset: close with an RST instead of an orderly end, as a crashing vMix or a broken
 * network does */
static void
client_close (Client   *client,
              gboolean  reset)
{
  OnairEmulator *self = client->self;

  if (client->closed)
    return;

  client->closed = TRUE;
  destroy_source (&client->read_source);
  destroy_source (&client->write_source);

  if (reset)
    {
      /* A zero linger time makes close() send a reset and drop whatever is unsent. */
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };

      if (setsockopt (g_socket_get_fd (client->socket), SOL_SOCKET, SO_LINGER,
                      &linger, sizeof linger) != 0)
        g_debug ("Cannot set SO_LINGER: %s", g_strerror (errno));
    }
  g_socket_close (client->socket, NULL);

  self->tcp_clients = g_list_remove (self->tcp_clients, client);
  client_release (client);
}

static guint
next_piece_size (OnairEmulator *self)
{
  /* xorshift32: the same pieces on every run. */
  guint32 x = self->tcp_split_state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  self->tcp_split_state = x;

  return 1 + x % 7;
}

static gboolean write_ready_cb (GSocket      *socket,
                                GIOCondition  condition,
                                gpointer      data);
static gboolean split_pause_cb (gpointer      data);

/* Writes what is queued, as far as the socket takes it; the rest when it can. */
static void
client_write (Client *client)
{
  OnairEmulator *self = client->self;

  if (client->closed || client->write_source != NULL)
    return;

  while (client->out_sent < client->out->len)
    {
      g_autoptr(GError) error = NULL;
      gsize size = client->out->len - client->out_sent;
      gssize sent;

      if (self->tcp_split)
        {
          guint piece = next_piece_size (self);

          size = MIN (size, piece);
        }

      sent = g_socket_send (client->socket, (const char *) client->out->data + client->out_sent,
                            size, NULL, &error);
      if (sent < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          client->write_source = g_socket_create_source (client->socket, G_IO_OUT, NULL);
          g_source_set_callback (client->write_source, G_SOURCE_FUNC (write_ready_cb),
                                 client, NULL);
          g_source_attach (client->write_source, self->tcp_context);
          return;
        }
      if (sent < 0)
        {
          g_debug ("TCP client gone: %s", error->message);
          client_close (client, FALSE);
          return;
        }

      client->out_sent += sent;
      if (self->tcp_split && client->out_sent < client->out->len)
        {
          client->write_source = g_timeout_source_new (SPLIT_DELAY_MS);
          g_source_set_callback (client->write_source, split_pause_cb, client, NULL);
          g_source_attach (client->write_source, self->tcp_context);
          return;
        }
    }

  g_byte_array_set_size (client->out, 0);
  client->out_sent = 0;

  if (client->quitting)
    client_close (client, FALSE);
}

static void
client_write_again (Client *client)
{
  g_rc_box_acquire (client);
  g_clear_pointer (&client->write_source, g_source_unref);
  client_write (client);
  client_release (client);
}

static gboolean
write_ready_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  client_write_again (data);

  return G_SOURCE_REMOVE;
}

static gboolean
split_pause_cb (gpointer data)
{
  client_write_again (data);

  return G_SOURCE_REMOVE;
}

static void
client_send (Client     *client,
             const void *data,
             gsize       length)
{
  if (client->closed)
    return;

  g_byte_array_append (client->out, data, length);
  client_write (client);
}

static void
client_reply (Client     *client,
              const char *line)
{
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);

  client_send (client, text, strlen (text));
}

/* Requests */

static void
reply_function (Client     *client,
                const char *args)
{
  OnairEmulator *self = client->self;
  g_auto(GStrv) parts = g_strsplit (args, " ", 2);
  const char *name = parts[0];
  g_autoptr(GHashTable) params = NULL;

  if (is_blank (name))
    {
      client_reply (client, "FUNCTION ER Missing function name");
      return;
    }

  /* The query as in an HTTP URL, decoded the same way. */
  params = g_uri_parse_params (parts[1] != NULL ? parts[1] : "", -1, "&",
                               G_URI_PARAMS_WWW_FORM, NULL);
  if (params == NULL)
    {
      client_reply (client, "FUNCTION ER Invalid parameters");
      onair_emulator_record_call (self, name, NULL, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  if (!onair_emulator_run_function (self, name, params))
    {
      g_debug ("Unknown function \"%s\"", name);
      client_reply (client, "FUNCTION ER Function not found");
      onair_emulator_record_call (self, name, params, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  /* The reply first, then what the function changed, to every subscriber. */
  client_reply (client, "FUNCTION OK Completed");
  onair_emulator_record_call (self, name, params, SOUP_STATUS_OK);
  onair_emulator_notify_changes (self);
}

/* "XML <n>", then n bytes: the document and the line end after it, counted in bytes. */
static void
reply_xml (Client *client)
{
  gsize length;
  g_autofree char *document = onair_emulator_render (client->self, &length);
  g_autofree char *header = g_strdup_printf ("XML %" G_GSIZE_FORMAT "\r\n", length + 2);

  g_byte_array_append (client->out, (const guint8 *) header, strlen (header));
  g_byte_array_append (client->out, (const guint8 *) document, length);
  client_send (client, "\r\n", 2);
}

static void
reply_subscription (Client     *client,
                    const char *word,
                    const char *args,
                    gboolean    subscribe)
{
  Subscription subscription;
  g_autofree char *reply = NULL;

  if (g_str_equal (args, "TALLY"))
    subscription = SUBSCRIBED_TALLY;
  else if (g_str_equal (args, "ACTS"))
    subscription = SUBSCRIBED_ACTS;
  else
    {
      reply = g_strdup_printf ("%s ER Unknown subscription", word);
      client_reply (client, reply);
      return;
    }

  if (subscribe)
    client->subscriptions |= subscription;
  else
    client->subscriptions &= ~subscription;

  reply = g_strdup_printf ("%s OK %s", word, args);
  client_reply (client, reply);
}

/* The call a request that was reset instead of answered would have made, in the log. */
static void
record_reset_function (OnairEmulator *self,
                       const char    *word,
                       const char    *args)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GHashTable) params = NULL;

  if (!g_str_equal (word, "FUNCTION"))
    return;

  parts = g_strsplit (args, " ", 2);
  if (is_blank (parts[0]))
    return;
  params = g_uri_parse_params (parts[1] != NULL ? parts[1] : "", -1, "&",
                               G_URI_PARAMS_WWW_FORM, NULL);
  onair_emulator_record_call (self, parts[0], params, 0);
}

static void
handle_request (Client     *client,
                const char *line)
{
  OnairEmulator *self = client->self;
  const char *space = strchr (line, ' ');
  g_autofree char *word = space != NULL ? g_strndup (line, space - line) : g_strdup (line);
  const char *args = space != NULL ? space + 1 : "";

  if (*line == '\0')
    return;

  self->tcp_request_count++;

  if (self->tcp_reset_next > 0)
    {
      self->tcp_reset_next--;
      g_debug ("Resetting the TCP connection instead of answering \"%s\"", word);
      record_reset_function (self, word, args);
      client_close (client, TRUE);
      return;
    }

  if (g_str_equal (word, "FUNCTION"))
    {
      reply_function (client, args);
    }
  else if (g_str_equal (word, "XML"))
    {
      reply_xml (client);
    }
  else if (g_str_equal (word, "TALLY"))
    {
      g_autofree char *reply = onair_emulator_tally_line (self);

      client_reply (client, reply);
    }
  else if (g_str_equal (word, "SUBSCRIBE") || g_str_equal (word, "UNSUBSCRIBE"))
    {
      reply_subscription (client, word, args, g_str_equal (word, "SUBSCRIBE"));
    }
  else if (g_str_equal (word, "ACTS"))
    {
      g_autofree char *reply = onair_emulator_activator_line (self, args);

      client_reply (client, reply);
    }
  else if (g_str_equal (word, "PING"))
    {
      client_reply (client, "PING OK PONG");
    }
  else if (g_str_equal (word, "QUIT"))
    {
      /* Nothing more is read or pushed; the connection closes once the reply is out. */
      client->quitting = TRUE;
      destroy_source (&client->read_source);
      client_reply (client, "QUIT OK Bye");
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (word, -1);
      g_autofree char *reply = g_strdup_printf ("%s ER Unknown command", valid);

      client_reply (client, reply);
    }
}

/* Answers every whole line received, in order. */
static void
handle_requests (Client *client)
{
  while (!client->closed && !client->quitting)
    {
      const guint8 *data = client->in->data;
      const guint8 *end = client->in->len > 0 ? memchr (data, '\n', client->in->len) : NULL;
      g_autofree char *line = NULL;
      gsize length;

      if (end == NULL)
        {
          if (client->in->len > MAX_REQUEST)
            client_close (client, FALSE);
          return;
        }

      length = end - data;
      if (length > 0 && data[length - 1] == '\r')
        length--;
      line = g_strndup ((const char *) data, length);
      g_byte_array_remove_range (client->in, 0, end - data + 1);

      handle_request (client, line);
    }
}

static gboolean
read_cb (GSocket      *socket,
         GIOCondition  condition,
         gpointer      data)
{
  Client *client = g_rc_box_acquire (data);
  g_autoptr(GError) error = NULL;
  guint8 buffer[READ_SIZE];
  gboolean keep;
  gssize received;

  received = g_socket_receive (client->socket, (char *) buffer, sizeof buffer, NULL, &error);
  if (received > 0)
    {
      g_byte_array_append (client->in, buffer, received);
      handle_requests (client);
    }
  else if (received == 0)
    {
      /* The client is done sending: what it asked is answered, then the connection closes. */
      client->quitting = TRUE;
      destroy_source (&client->read_source);
      if (client->out->len == 0)
        client_close (client, FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      client_close (client, FALSE);
    }

  /* Closed, or done reading after QUIT: the source is destroyed already. */
  keep = client->read_source != NULL;
  client_release (client);

  return keep ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  OnairEmulator *self = user_data;
  Client *client = g_rc_box_new0 (Client);
  g_autofree char *version = NULL;

  client->self = self;
  client->connection = g_object_ref (connection);
  client->socket = g_socket_connection_get_socket (connection);
  client->in = g_byte_array_new ();
  client->out = g_byte_array_new ();
  g_socket_set_blocking (client->socket, FALSE);
  /* Small writes (the pieces of a split reply) leave at once, one by one. */
  g_socket_set_option (client->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  client->read_source = g_socket_create_source (client->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                                NULL);
  g_source_set_callback (client->read_source, G_SOURCE_FUNC (read_cb), client, NULL);
  g_source_attach (client->read_source, self->tcp_context);
  self->tcp_clients = g_list_append (self->tcp_clients, client);

  version = g_strconcat ("VERSION OK ", self->profile->version, NULL);
  client_reply (client, version);

  return TRUE;
}

void
onair_emulator_tcp_broadcast (OnairEmulator *self,
                              Subscription   subscription,
                              const char    *text)
{
  GList *next;

  for (GList *l = self->tcp_clients; l != NULL; l = next)
    {
      Client *client = l->data;

      next = l->next;
      if ((client->subscriptions & subscription) != 0 && !client->quitting)
        client_send (client, text, strlen (text));
    }
}

/* Public API */

/**
 * onair_emulator_start_tcp:
 * @self: an #OnairEmulator
 * @port: the port to listen on 127.0.0.1, or 0 for a free one
 * @error: return location for a #GError
 *
 * Starts serving vMix's TCP API (as on a real vMix's port 8099) from the thread-default
 * main context, which the caller must keep iterating. It runs beside the HTTP front and is
 * stopped with it by onair_emulator_stop(), or alone by onair_emulator_stop_tcp().
 *
 * Returns: %TRUE when listening
 */
gboolean
onair_emulator_start_tcp (OnairEmulator *self,
                          guint          port,
                          GError       **error)
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->tcp_service == NULL, FALSE);

  /* Loopback only, like the HTTP front. The listener accepts from the thread-default
   * context of the moment it gets its address. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return FALSE;

  self->tcp_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_clear_pointer (&self->tcp_context, g_main_context_unref);
  self->tcp_context = g_main_context_ref_thread_default ();
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (service);
  self->tcp_service = g_steal_pointer (&service);
  g_debug ("TCP API listening on 127.0.0.1:%u", self->tcp_port);

  onair_emulator_reset_activators (self);

  return TRUE;
}

/**
 * onair_emulator_stop_tcp:
 * @self: an #OnairEmulator
 *
 * Closes the TCP API's listening socket and every TCP connection, leaving HTTP as it is:
 * a vMix whose TCP port is closed (blocked by a firewall, or an old vMix). Connections are
 * refused until the next onair_emulator_start_tcp().
 */
void
onair_emulator_stop_tcp (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  while (self->tcp_clients != NULL)
    client_close (self->tcp_clients->data, FALSE);

  if (self->tcp_service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tcp_service, self);
      g_socket_service_stop (self->tcp_service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->tcp_service));
      g_clear_object (&self->tcp_service);
    }

  onair_emulator_clear_activators (self);
}

/* The port bound by the last successful start_tcp (kept after stop, like get_port). */
guint
onair_emulator_get_tcp_port (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->tcp_port;
}

guint
onair_emulator_get_tcp_connection_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return g_list_length (self->tcp_clients);
}

guint
onair_emulator_get_tcp_request_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->tcp_request_count;
}

/**
 * onair_emulator_set_tcp_split:
 * @self: an #OnairEmulator
 * @split: whether to split
 *
 * Writes everything the TCP front sends (replies, the XML document, pushes) in pieces of
 * 1 to 7 bytes cut anywhere — inside a line end, a UTF-8 character or the "XML <n>"
 * header — each sent on its own after a short pause, as TCP may deliver them. The sizes
 * follow the same sequence on every run.
 */
void
onair_emulator_set_tcp_split (OnairEmulator *self,
                              gboolean       split)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->tcp_split = !!split;
  self->tcp_split_state = 0x9e3779b9u;
}

/**
 * onair_emulator_tcp_reset_next:
 * @self: an #OnairEmulator
 *
 * The next TCP request, on any connection, is not executed nor answered: its connection
 * is reset (an RST, not an orderly close). Each call adds one.
 */
void
onair_emulator_tcp_reset_next (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->tcp_reset_next++;
}
