/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-tcp-reader.h"
#include "onair-vmix-activators.h"
#include "onair-vmix-error.h"

/*
 * The activator connection to vMix's TCP API: `SUBSCRIBE ACTS`, then every `ACTS OK <name>
 * <args>` line vMix pushes as something changes (program, preview, streaming, recording…) is
 * emitted as ::activator. `PING` every 3 s keeps it alive; nothing at all from vMix for 10 s
 * is a dead peer (a machine switched off answers nothing, not even a reset). A lost
 * connection is tried again with backoff (1 s, doubling to 30 s) for as long as it runs.
 * The TCP API has no password. It carries no state of its own: the poller fetches the XML
 * document when an activator says something changed.
 */

#define MAX_DOCUMENT (64 * 1024 * 1024)
#define READ_SIZE    8192

struct _OnairVmixActivators
{
  GObject            parent_instance;

  char              *host;
  guint              port;
  guint              ping_ms;
  guint              dead_ms;
  guint              first_retry_ms;

  gboolean           running;
  gboolean           connected;      /* subscribed */
  GCancellable      *cancellable;    /* this connection's attempt and reads */
  GSocketConnection *connection;
  OnairTcpReader    *reader;
  GQueue             writes;         /* GBytes*, waiting for the one in flight */
  gboolean           writing;
  guint              ping_id;
  guint              retry_id;
  guint              retry_ms;
  guint              reconnects;
  gint64             last_heard_us;  /* monotonic */
  char              *version;
  GError            *last_error;
};

G_DEFINE_FINAL_TYPE (OnairVmixActivators, onair_vmix_activators, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  ACTIVATOR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (OnairVmixActivators *self);

static void
set_connected (OnairVmixActivators *self,
               gboolean             connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
retry_cb (gpointer user_data)
{
  OnairVmixActivators *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* Ends this connection; while running, the next attempt comes after the backoff. */
static void
drop_connection (OnairVmixActivators *self,
                 GError              *error)
{
  if (error != NULL)
    {
      g_debug ("vMix activators at %s:%u: %s", self->host, self->port, error->message);
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  if (self->connection != NULL)
    g_io_stream_close_async (G_IO_STREAM (self->connection), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&self->connection);
  g_queue_clear_full (&self->writes, (GDestroyNotify) g_bytes_unref);
  self->writing = FALSE;
  onair_tcp_reader_reset (self->reader);
  set_connected (self, FALSE);

  if (!self->running || self->retry_id != 0)
    return;
  self->retry_id = g_timeout_add (self->retry_ms, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, ONAIR_VMIX_ACTIVATORS_MAX_BACKOFF_MS);
}

static void write_next (OnairVmixActivators *self);

typedef struct
{
  OnairVmixActivators *self;
  GBytes              *bytes;    /* alive until its write is done, cancelled or not */
} Write;

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Write *write = user_data;
  OnairVmixActivators *self = write->self;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        drop_connection (self, error);
    }
  else
    {
      self->writing = FALSE;
      write_next (self);
    }
  g_bytes_unref (write->bytes);
  g_object_unref (write->self);
  g_free (write);
}

static void
write_next (OnairVmixActivators *self)
{
  Write *write;
  GBytes *bytes;

  if (self->writing || self->connection == NULL || (bytes = g_queue_pop_head (&self->writes)) == NULL)
    return;
  self->writing = TRUE;
  write = g_new0 (Write, 1);
  write->self = g_object_ref (self);
  write->bytes = bytes;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable, write_cb, write);
}

static void
send_line (OnairVmixActivators *self,
           const char          *line)
{
  g_queue_push_tail (&self->writes, g_bytes_new_take (g_strconcat (line, "\r\n", NULL),
                                                      strlen (line) + 2));
  write_next (self);
}

static void
handle_message (OnairVmixActivators *self,
                OnairTcpMessage     *message)
{
  const char *line = message->line;

  if (g_str_has_prefix (line, "VERSION OK "))
    {
      g_free (self->version);
      self->version = g_strdup (line + strlen ("VERSION OK "));
      send_line (self, "SUBSCRIBE ACTS");
    }
  else if (g_str_equal (line, "SUBSCRIBE OK ACTS"))
    {
      self->retry_ms = self->first_retry_ms;
      g_clear_error (&self->last_error);
      set_connected (self, TRUE);
    }
  else if (g_str_has_prefix (line, "ACTS OK "))
    {
      g_auto(GStrv) words = g_strsplit (line + strlen ("ACTS OK "), " ", -1);

      if (words[0] != NULL && *words[0] != '\0')
        g_signal_emit (self, signals[ACTIVATOR], g_quark_try_string (words[0]), words[0],
                       (const char * const *) &words[1]);
    }
  else if (g_str_has_prefix (line, "SUBSCRIBE ER"))
    {
      g_autoptr(GError) error = g_error_new (ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION,
                                             _("vMix refused the activator subscription: %s"),
                                             line);

      drop_connection (self, error);
    }
  /* PING OK PONG and anything else: heard, nothing to do. */
}

static void read_more (OnairVmixActivators *self);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OnairVmixActivators *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error == NULL)
        error = g_error_new_literal (ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION,
                                     _("vMix closed the activator connection."));
      drop_connection (self, error);
      g_object_unref (self);
      return;
    }

  self->last_heard_us = g_get_monotonic_time ();
  data = g_bytes_get_data (bytes, &size);
  if (!onair_tcp_reader_feed (self->reader, data, size, &error))
    {
      drop_connection (self, error);
      g_object_unref (self);
      return;
    }
  for (OnairTcpMessage *message; self->connection != NULL &&
       (message = onair_tcp_reader_next (self->reader)) != NULL;)
    {
      handle_message (self, message);
      onair_tcp_message_free (message);
    }
  if (self->connection != NULL)
    read_more (self);
  g_object_unref (self);
}

static void
read_more (OnairVmixActivators *self)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)),
                                   READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable, read_cb,
                                   g_object_ref (self));
}

static gboolean
ping_cb (gpointer user_data)
{
  OnairVmixActivators *self = user_data;

  if (g_get_monotonic_time () - self->last_heard_us > (gint64) self->dead_ms * 1000)
    {
      g_autoptr(GError) error = g_error_new (ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TIMEOUT,
                                             _("vMix's activator connection has been silent for "
                                               "%u s."), self->dead_ms / 1000);

      self->ping_id = 0;
      drop_connection (self, error);
      return G_SOURCE_REMOVE;
    }
  send_line (self, "PING");
  return G_SOURCE_CONTINUE;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OnairVmixActivators *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (connection == NULL)
    {
      drop_connection (self, error);
      g_object_unref (self);
      return;
    }
  /* The connect timeout is not a read timeout: silence is judged by the keep-alive. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  g_socket_set_keepalive (g_socket_connection_get_socket (connection), TRUE);
  self->connection = g_steal_pointer (&connection);
  self->last_heard_us = g_get_monotonic_time ();
  self->ping_id = g_timeout_add (self->ping_ms, ping_cb, self);
  read_more (self);
  g_object_unref (self);
}

static void
connect_now (OnairVmixActivators *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->reconnects < G_MAXUINT)
    self->reconnects++;
  g_socket_client_set_timeout (client, MAX (self->dead_ms / 1000, 1));
  g_socket_client_connect_to_host_async (client, self->host, self->port, self->cancellable,
                                         connect_cb, g_object_ref (self));
}

static void
onair_vmix_activators_dispose (GObject *object)
{
  OnairVmixActivators *self = ONAIR_VMIX_ACTIVATORS (object);

  onair_vmix_activators_stop (self);

  G_OBJECT_CLASS (onair_vmix_activators_parent_class)->dispose (object);
}

static void
onair_vmix_activators_finalize (GObject *object)
{
  OnairVmixActivators *self = ONAIR_VMIX_ACTIVATORS (object);

  g_free (self->host);
  g_free (self->version);
  g_clear_error (&self->last_error);
  onair_tcp_reader_free (self->reader);

  G_OBJECT_CLASS (onair_vmix_activators_parent_class)->finalize (object);
}

static void
onair_vmix_activators_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnairVmixActivators *self = ONAIR_VMIX_ACTIVATORS (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_vmix_activators_class_init (OnairVmixActivatorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_vmix_activators_dispose;
  object_class->finalize = onair_vmix_activators_finalize;
  object_class->get_property = onair_vmix_activators_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairVmixActivators::activator:
   * @name: the activator, e.g. "Input", "Streaming" (also the signal's detail)
   * @args: (array zero-terminated=1): its values as sent, e.g. {"3", "1"}
   */
  signals[ACTIVATOR] =
    g_signal_new ("activator", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
}

static void
onair_vmix_activators_init (OnairVmixActivators *self)
{
  self->ping_ms = ONAIR_VMIX_ACTIVATORS_PING_MS;
  self->dead_ms = ONAIR_VMIX_ACTIVATORS_DEAD_MS;
  self->first_retry_ms = 1000;
  self->retry_ms = self->first_retry_ms;
  self->reader = onair_tcp_reader_new (MAX_DOCUMENT);
  g_queue_init (&self->writes);
}

/**
 * onair_vmix_activators_new:
 * @host: vMix's host name or address
 * @port: its TCP API port, %ONAIR_VMIX_TCP_PORT on a real vMix
 *
 * Returns: (transfer full): a stopped activator connection
 */
OnairVmixActivators *
onair_vmix_activators_new (const char *host,
                           guint       port)
{
  OnairVmixActivators *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);

  self = g_object_new (ONAIR_TYPE_VMIX_ACTIVATORS, NULL);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

void
onair_vmix_activators_start (OnairVmixActivators *self)
{
  g_return_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->retry_ms = self->first_retry_ms;
  connect_now (self);
}

void
onair_vmix_activators_stop (OnairVmixActivators *self)
{
  g_return_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self, NULL);
}

gboolean
onair_vmix_activators_get_connected (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), FALSE);
  return self->connected;
}

const char *
onair_vmix_activators_get_host (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), NULL);
  return self->host;
}

guint
onair_vmix_activators_get_port (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), 0);
  return self->port;
}

/**
 * onair_vmix_activators_get_version:
 *
 * Returns: (nullable): the version vMix greeted the last connection with
 */
const char *
onair_vmix_activators_get_version (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), NULL);
  return self->version;
}

/**
 * onair_vmix_activators_get_last_error:
 *
 * Returns: (nullable): why the last connection ended or could not be made; %NULL once
 *   subscribed again
 */
const GError *
onair_vmix_activators_get_last_error (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), NULL);
  return self->last_error;
}

/**
 * onair_vmix_activators_get_reconnects:
 *
 * Returns: how many connections were attempted since it was made
 */
guint
onair_vmix_activators_get_reconnects (OnairVmixActivators *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self), 0);
  return self->reconnects;
}

/**
 * onair_vmix_activators_set_timing:
 * @ping_ms: between keep-alives
 * @dead_ms: silence after which the connection counts as dead
 * @first_retry_ms: the first wait before connecting again (it doubles up to 30 s)
 *
 * For tests; the defaults are 3 s, 10 s and 1 s.
 */
void
onair_vmix_activators_set_timing (OnairVmixActivators *self,
                                  guint                ping_ms,
                                  guint                dead_ms,
                                  guint                first_retry_ms)
{
  g_return_if_fail (ONAIR_IS_VMIX_ACTIVATORS (self));

  self->ping_ms = MAX (ping_ms, 10);
  self->dead_ms = MAX (dead_ms, self->ping_ms);
  self->first_retry_ms = MAX (first_retry_ms, 10);
  self->retry_ms = self->first_retry_ms;
}
