/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/vmix/onair-http-private.h"
#include "onair-ingest-nginx-rtmp.h"
#include "onair-ingest-stream-private.h"

G_DEFINE_QUARK (onair-ingest-error-quark, onair_ingest_error)

typedef struct
{
  char         *id;
  GUri         *uri;
  char         *authorization;   /* from the URL's user info, never logged */
  char         *loggable_url;    /* without user info or query */
  char         *match_application;
  char         *match_name;
  char         *match_fingerprint;
  guint         interval_ms;
  guint         timeout_ms;
  gsize         max_size;
  guint         rate_window_ms;

  SoupSession  *session;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      running;
  gboolean      in_flight;

  GHashTable   *observations;    /* see onair_ingest_observations_new() */
  GPtrArray    *streams;         /* OnairIngestStream*, from the last fetch */
  const OnairIngestStream *stream;
} OnairIngestSourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OnairIngestSource, onair_ingest_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_INTERVAL_MS,
  N_PROPS
};

enum {
  UPDATED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Fetching */

/* The limits a fetch was made with, for its error messages. */
typedef struct
{
  guint timeout_ms;
  gsize max_size;
} Fetch;

static void
return_fetch_error (GTask       *task,
                    SoupMessage *message,
                    GError      *error)
{
  OnairIngestSource *self = g_task_get_source_object (task);
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  guint status = soup_message_get_status (message);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_error_matches (error, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_STATUS))
    g_task_return_new_error (task, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_HTTP_STATUS,
                             _("The ingest server at %s answered with HTTP status %u (%s). "
                               "Check the statistics address of the destination."),
                             priv->loggable_url, status, soup_status_get_phrase (status));
  else if (g_error_matches (error, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_ANNOUNCED_TOO_LARGE) ||
           g_error_matches (error, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_TOO_LARGE))
    g_task_return_new_error (task, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_TOO_LARGE,
                             _("The ingest statistics at %s are larger than %" G_GSIZE_FORMAT
                               " KB; Onair stopped reading."),
                             priv->loggable_url, fetch->max_size / 1024);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_TIMEOUT,
                             _("The ingest server at %s did not answer within %.1f seconds."),
                             priv->loggable_url, fetch->timeout_ms / 1000.0);
  else
    g_task_return_new_error (task, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_CONNECTION,
                             _("Could not read the ingest statistics at %s: %s"),
                             priv->loggable_url, error->message);
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairIngestSource *self = g_task_get_source_object (task);
  OnairIngestSourcePrivate *priv;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  GError *error = NULL;

  bytes = onair_http_get_finish (result, &message, NULL, &error);
  if (bytes == NULL)
    {
      return_fetch_error (task, message, error);
      return;
    }

  streams = ONAIR_INGEST_SOURCE_GET_CLASS (self)->parse (self, bytes, &error);
  if (streams == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  priv = onair_ingest_source_get_instance_private (self);
  onair_ingest_streams_measure_rates (priv->observations, streams,
                                      g_get_monotonic_time () / 1000, priv->rate_window_ms);
  g_task_return_pointer (task, g_steal_pointer (&streams), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * onair_ingest_source_fetch_async:
 *
 * Reads the statistics once (bounded by the timeout and the size cap), parses them and
 * measures the rates against the previous fetches.
 */
void
onair_ingest_source_fetch_async (OnairIngestSource   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  OnairIngestSourcePrivate *priv;
  g_autoptr(GTask) task = NULL;
  g_autofree char *loggable = NULL;
  Fetch *fetch;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_ingest_source_fetch_async);

  if (priv->uri == NULL)
    {
      g_task_return_new_error (task, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_INVALID_URL,
                               _("The ingest statistics address is not a valid http or https "
                                 "URL."));
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->timeout_ms = priv->timeout_ms;
  fetch->max_size = priv->max_size;
  g_task_set_task_data (task, fetch, g_free);

  loggable = g_strdup_printf ("%s (ingest %s)", priv->loggable_url, priv->id);
  onair_http_get_async (priv->session, priv->uri, priv->authorization, ONAIR_HTTP_FLAGS_NONE,
                        priv->timeout_ms, priv->max_size, loggable, cancellable,
                        get_cb, g_steal_pointer (&task));
}

/**
 * onair_ingest_source_fetch_finish:
 *
 * Returns: (transfer full) (element-type OnairIngestStream): every stream the server
 *   reports, or %NULL with @error set
 */
GPtrArray *
onair_ingest_source_fetch_finish (OnairIngestSource  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Polling */

static void schedule (OnairIngestSource *self,
                      guint              delay_ms);

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OnairIngestSource) self = user_data;
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;

  streams = onair_ingest_source_fetch_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  priv->in_flight = FALSE;

  if (streams != NULL)
    {
      g_clear_pointer (&priv->streams, g_ptr_array_unref);
      priv->streams = g_steal_pointer (&streams);
      priv->stream = onair_ingest_source_find_stream (self, priv->streams);
      g_signal_emit (self, signals[UPDATED], 0, priv->stream);
    }
  else
    {
      g_debug ("Ingest %s: %s", priv->id, error->message);
      g_signal_emit (self, signals[FAILED], 0, error);
    }

  if (priv->running)
    schedule (self, priv->interval_ms);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  OnairIngestSource *self = user_data;
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  priv->timeout_id = 0;
  if (!priv->in_flight)
    {
      priv->in_flight = TRUE;
      onair_ingest_source_fetch_async (self, priv->cancellable, poll_cb, g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

static void
schedule (OnairIngestSource *self,
          guint              delay_ms)
{
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  g_clear_handle_id (&priv->timeout_id, g_source_remove);
  priv->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, poll_timeout_cb,
                                         self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, priv->timeout_id),
                            "[onair] ingest poll");
}

/**
 * onair_ingest_source_start:
 *
 * Fetches at once, then every interval, one request at a time; emits
 * #OnairIngestSource::updated or #OnairIngestSource::failed after each.
 */
void
onair_ingest_source_start (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  if (priv->running)
    return;
  priv->running = TRUE;
  schedule (self, 0);
}

/**
 * onair_ingest_source_stop:
 *
 * Cancels the request in flight and stops polling.
 */
void
onair_ingest_source_stop (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  priv->running = FALSE;
  priv->in_flight = FALSE;
  g_clear_handle_id (&priv->timeout_id, g_source_remove);
  g_cancellable_cancel (priv->cancellable);
  g_object_unref (priv->cancellable);
  priv->cancellable = g_cancellable_new ();
}

gboolean
onair_ingest_source_is_running (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), FALSE);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->running;
}

/* Object */

static void
set_url (OnairIngestSource *self,
         const char        *url)
{
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_clear_pointer (&priv->uri, g_uri_unref);
  g_clear_pointer (&priv->authorization, g_free);
  g_clear_pointer (&priv->loggable_url, g_free);

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      priv->loggable_url = g_strdup (_("(invalid address)"));
      return;
    }

  priv->loggable_url = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY |
                                                     G_URI_HIDE_FRAGMENT);
  if (g_uri_get_user (uri) != NULL)
    {
      g_autofree char *user = g_uri_unescape_string (g_uri_get_user (uri), NULL);
      g_autofree char *password = g_uri_get_password (uri) != NULL
                                    ? g_uri_unescape_string (g_uri_get_password (uri), NULL)
                                    : g_strdup ("");
      g_autofree char *pair = g_strdup_printf ("%s:%s", user ? user : "", password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      priv->authorization = g_strdup_printf ("Basic %s", encoded);
      memset (pair, 0, strlen (pair));
    }
  /* The request goes without the user info; the header carries it. */
  priv->uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                           g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                           g_uri_get_query (uri), NULL);
}

static void
onair_ingest_source_dispose (GObject *object)
{
  OnairIngestSource *self = ONAIR_INGEST_SOURCE (object);

  onair_ingest_source_stop (self);

  G_OBJECT_CLASS (onair_ingest_source_parent_class)->dispose (object);
}

static void
onair_ingest_source_finalize (GObject *object)
{
  OnairIngestSource *self = ONAIR_INGEST_SOURCE (object);
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->session);
  g_clear_pointer (&priv->uri, g_uri_unref);
  if (priv->authorization != NULL)
    memset (priv->authorization, 0, strlen (priv->authorization));
  g_clear_pointer (&priv->authorization, g_free);
  g_clear_pointer (&priv->loggable_url, g_free);
  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->match_application, g_free);
  g_clear_pointer (&priv->match_name, g_free);
  g_clear_pointer (&priv->match_fingerprint, g_free);
  g_clear_pointer (&priv->observations, g_hash_table_unref);
  g_clear_pointer (&priv->streams, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_ingest_source_parent_class)->finalize (object);
}

static void
onair_ingest_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnairIngestSource *self = ONAIR_INGEST_SOURCE (object);
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_URL:
      g_value_take_string (value, priv->uri ? g_uri_to_string (priv->uri) : NULL);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, priv->interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_ingest_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnairIngestSource *self = ONAIR_INGEST_SOURCE (object);
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (priv->id);
      priv->id = g_strdup (g_value_get_string (value) ? g_value_get_string (value) : "ingest");
      break;
    case PROP_URL:
      set_url (self, g_value_get_string (value));
      break;
    case PROP_INTERVAL_MS:
      onair_ingest_source_set_interval_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GPtrArray *
onair_ingest_source_real_parse (OnairIngestSource  *self,
                                GBytes             *body,
                                GError            **error)
{
  g_set_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_PARSE,
               _("This kind of ingest server is not supported."));
  return NULL;
}

static void
onair_ingest_source_class_init (OnairIngestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_ingest_source_dispose;
  object_class->finalize = onair_ingest_source_finalize;
  object_class->get_property = onair_ingest_source_get_property;
  object_class->set_property = onair_ingest_source_set_property;

  klass->parse = onair_ingest_source_real_parse;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, "ingest",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Written with any user name and password; read back without them. */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL,
                       ONAIR_INGEST_SOURCE_MIN_INTERVAL_MS, 60000,
                       ONAIR_INGEST_SOURCE_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairIngestSource::updated:
   * @stream: (nullable): the followed stream, %NULL when it is not publishing
   *
   * Emitted after each successful fetch.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  ONAIR_TYPE_INGEST_STREAM | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * OnairIngestSource::failed:
   * @error: why the statistics could not be read
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
onair_ingest_source_init (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv = onair_ingest_source_get_instance_private (self);

  priv->id = g_strdup ("ingest");
  priv->interval_ms = ONAIR_INGEST_SOURCE_DEFAULT_INTERVAL_MS;
  priv->timeout_ms = ONAIR_INGEST_SOURCE_DEFAULT_TIMEOUT_MS;
  priv->max_size = ONAIR_INGEST_SOURCE_DEFAULT_MAX_SIZE;
  priv->rate_window_ms = ONAIR_INGEST_SOURCE_DEFAULT_RATE_WINDOW_MS;
  priv->cancellable = g_cancellable_new ();
  priv->observations = onair_ingest_observations_new ();
  priv->session = soup_session_new_with_options ("user-agent", "Onair/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 1,
                                                 "idle-timeout", 30,
                                                 NULL);
}

/* The application of an RTMP server URL: the path's first segment ("live" in
 * rtmp://host/live). */
static char *
application_from_server_url (const char *server_url)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) segments = NULL;

  if (server_url == NULL)
    return NULL;
  uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (*segments[i] != '\0')
      return g_strdup (segments[i]);
  return NULL;
}

/**
 * onair_ingest_source_new_for_destination:
 * @destination: a destination with an ingest-stats URL
 * @error: an %ONAIR_INGEST_ERROR_INVALID_URL error when it has none or a bad one
 *
 * Makes the source that reads @destination's ingest server and follows the stream its key
 * publishes, matched by key fingerprint (the key itself is never needed), in the
 * application named by its server URL. Today every statistics page is read as
 * nginx-rtmp's `rtmp_stat`.
 *
 * Returns: (transfer full): a stopped source whose id is the destination's id
 */
OnairIngestSource *
onair_ingest_source_new_for_destination (OnairDestination  *destination,
                                         GError           **error)
{
  g_autoptr(OnairIngestSource) source = NULL;
  g_autofree char *application = NULL;
  OnairIngestSourcePrivate *priv;
  const char *url;

  g_return_val_if_fail (ONAIR_IS_DESTINATION (destination), NULL);

  url = onair_destination_get_ingest_stats_url (destination);
  if (url == NULL || *url == '\0')
    {
      g_set_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_INVALID_URL,
                   _("No ingest statistics address is set for “%s”."),
                   onair_destination_get_name (destination));
      return NULL;
    }

  source = ONAIR_INGEST_SOURCE (onair_ingest_nginx_rtmp_new (onair_destination_get_id (destination),
                                                             url));
  priv = onair_ingest_source_get_instance_private (source);
  if (priv->uri == NULL)
    {
      g_set_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_INVALID_URL,
                   _("The ingest statistics address of “%s” is not a valid http or https URL."),
                   onair_destination_get_name (destination));
      return NULL;
    }

  application = application_from_server_url (onair_destination_get_server_url (destination));
  onair_ingest_source_set_stream_match (source, application, NULL,
                                        onair_destination_get_key_fingerprint (destination));
  return g_steal_pointer (&source);
}

const char *
onair_ingest_source_get_id (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), NULL);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->id;
}

/**
 * onair_ingest_source_get_url:
 *
 * Returns: (nullable): the statistics address without user info or query, for display
 */
const char *
onair_ingest_source_get_url (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), NULL);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->uri != NULL ? priv->loggable_url : NULL;
}

/**
 * onair_ingest_source_set_stream_match:
 * @application: (nullable): the application the stream must be in, %NULL for any
 * @name: (nullable): the stream's exact name, %NULL for any
 * @key_fingerprint: (nullable): onair_key_fingerprint() of the stream's name (its key),
 *   %NULL for any
 *
 * Chooses the stream #OnairIngestSource::updated follows: the first publishing stream that
 * matches every criterion given.
 */
void
onair_ingest_source_set_stream_match (OnairIngestSource *self,
                                      const char        *application,
                                      const char        *name,
                                      const char        *key_fingerprint)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  g_free (priv->match_application);
  g_free (priv->match_name);
  g_free (priv->match_fingerprint);
  priv->match_application = g_strdup (application);
  priv->match_name = g_strdup (name);
  priv->match_fingerprint = g_strdup (key_fingerprint);
}

guint
onair_ingest_source_get_interval_ms (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), 0);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->interval_ms;
}

void
onair_ingest_source_set_interval_ms (OnairIngestSource *self,
                                     guint              interval_ms)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  interval_ms = CLAMP (interval_ms, ONAIR_INGEST_SOURCE_MIN_INTERVAL_MS, 60000);
  if (priv->interval_ms == interval_ms)
    return;
  priv->interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
}

void
onair_ingest_source_set_timeout_ms (OnairIngestSource *self,
                                    guint              timeout_ms)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  priv->timeout_ms = MAX (timeout_ms, 1);
}

void
onair_ingest_source_set_max_size (OnairIngestSource *self,
                                  gsize              max_bytes)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  priv->max_size = MAX (max_bytes, 1024);
}

/**
 * onair_ingest_source_set_rate_window_ms:
 *
 * How far back bitrate and frame rate are measured (5 s by default): longer is steadier,
 * shorter reacts faster.
 */
void
onair_ingest_source_set_rate_window_ms (OnairIngestSource *self,
                                        guint              window_ms)
{
  OnairIngestSourcePrivate *priv;

  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (self));

  priv = onair_ingest_source_get_instance_private (self);
  priv->rate_window_ms = MAX (window_ms, 1);
}

/**
 * onair_ingest_source_get_streams:
 *
 * Returns: (transfer none) (nullable) (element-type OnairIngestStream): the streams of the
 *   last successful poll
 */
GPtrArray *
onair_ingest_source_get_streams (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), NULL);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->streams;
}

/**
 * onair_ingest_source_get_stream:
 *
 * Returns: (transfer none) (nullable): the followed stream at the last successful poll
 */
const OnairIngestStream *
onair_ingest_source_get_stream (OnairIngestSource *self)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), NULL);

  priv = onair_ingest_source_get_instance_private (self);
  return priv->stream;
}

/**
 * onair_ingest_source_find_stream:
 * @streams: (element-type OnairIngestStream): streams from a fetch
 *
 * Returns: (transfer none) (nullable): the stream this source follows among @streams
 */
const OnairIngestStream *
onair_ingest_source_find_stream (OnairIngestSource *self,
                                 GPtrArray         *streams)
{
  OnairIngestSourcePrivate *priv;

  g_return_val_if_fail (ONAIR_IS_INGEST_SOURCE (self), NULL);

  priv = onair_ingest_source_get_instance_private (self);
  for (guint i = 0; streams != NULL && i < streams->len; i++)
    {
      const OnairIngestStream *stream = g_ptr_array_index (streams, i);

      if (!stream->publishing)
        continue;
      if (priv->match_application != NULL &&
          g_strcmp0 (priv->match_application, stream->application) != 0)
        continue;
      if (priv->match_name != NULL && g_strcmp0 (priv->match_name, stream->name) != 0)
        continue;
      if (priv->match_fingerprint != NULL &&
          g_strcmp0 (priv->match_fingerprint, stream->key_fingerprint) != 0)
        continue;
      return stream;
    }
  return NULL;
}
