/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-poller.h"
#include "onair-vmix-activators.h"

/* A round trip this slow marks the connection degraded even when polls succeed. */
#define DEGRADED_ROUND_TRIP_US (1000 * 1000)

struct _OnairPoller
{
  GObject               parent_instance;

  OnairVmixClient      *client;
  GCancellable         *cancellable;
  guint                 timeout_id;
  guint                 interval_ms;
  guint                 next_delay_ms;
  gboolean              running;
  gboolean              in_flight;
  gboolean              poll_again;     /* an operation asked for a poll while one was in flight */
  gboolean              ever_connected;
  gboolean              on_air;         /* a stream, output or the recording was on at the last good poll */
  gint64                last_success_us;
  gint64                next_attempt_us;
  guint                 failures;
  gint64                round_trip_us;
  OnairVmixActivators  *activators;
  guint                 activator_interval_ms;
  guint                 activator_polls;  /* polls an activator asked for */
  OnairConnectionState  connection_state;
  OnairVmixState       *state;
  GError               *last_error;
};

G_DEFINE_FINAL_TYPE (OnairPoller, onair_poller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_INTERVAL_MS,
  PROP_CONNECTION_STATE,
  PROP_STATE,
  PROP_ROUND_TRIP_US,
  PROP_ACTIVATORS_CONNECTED,
  N_PROPS
};

enum {
  STATE_RECEIVED,
  POLL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
onair_connection_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ONAIR_CONNECTION_DISCONNECTED, "ONAIR_CONNECTION_DISCONNECTED", "disconnected" },
        { ONAIR_CONNECTION_CONNECTING, "ONAIR_CONNECTION_CONNECTING", "connecting" },
        { ONAIR_CONNECTION_CONNECTED, "ONAIR_CONNECTION_CONNECTED", "connected" },
        { ONAIR_CONNECTION_DEGRADED, "ONAIR_CONNECTION_DEGRADED", "degraded" },
        { ONAIR_CONNECTION_LOST, "ONAIR_CONNECTION_LOST", "lost" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static ("OnairConnectionState", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/**
 * onair_connection_state_to_string:
 *
 * Returns: the state's short name ("connected", "lost"…), not translated
 */
const char *
onair_connection_state_to_string (OnairConnectionState state)
{
  GEnumClass *klass = g_type_class_ref (ONAIR_TYPE_CONNECTION_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  return value ? value->value_nick : "unknown";
}

static void schedule (OnairPoller *self,
                      guint        delay_ms);

/* With vMix's activators pushing every change, the document is fetched when something
 * changed, and only once a second otherwise (for meters, durations and what has no
 * activator, such as SRT outputs). */
static guint
effective_interval_ms (OnairPoller *self)
{
  if (self->activators != NULL && onair_vmix_activators_get_connected (self->activators))
    return MAX (self->interval_ms, self->activator_interval_ms);
  return self->interval_ms;
}

static void
set_connection_state (OnairPoller          *self,
                      OnairConnectionState  state)
{
  if (self->connection_state == state)
    return;
  g_debug ("vMix connection: %s → %s",
           onair_connection_state_to_string (self->connection_state),
           onair_connection_state_to_string (state));
  self->connection_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
}

/* While anything was on air when vMix stopped answering, its return must show at once:
 * the backoff only grows while nothing is on air. */
static guint
backoff_delay_ms (OnairPoller *self)
{
  guint64 delay = effective_interval_ms (self);
  guint64 limit = self->on_air ? MIN (ONAIR_POLLER_ON_AIR_RETRY_MS, ONAIR_POLLER_MAX_BACKOFF_MS)
                               : ONAIR_POLLER_MAX_BACKOFF_MS;

  for (guint i = 1; i < self->failures && delay < limit; i++)
    delay *= 2;
  return (guint) MIN (delay, limit);
}

static gboolean
state_is_on_air (OnairVmixState *state)
{
  guint n_outputs = onair_vmix_state_get_n_outputs (state);

  if (onair_vmix_state_get_streaming (state) || onair_vmix_state_get_recording (state) ||
      onair_vmix_state_get_external (state) || onair_vmix_state_get_multicorder (state))
    return TRUE;
  for (guint i = 0; i < n_outputs; i++)
    {
      const OnairVmixOutput *output = onair_vmix_state_get_output (state, i);

      if (output->srt)
        return TRUE;
    }
  return FALSE;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  OnairPoller *self = user_data;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 round_trip_us = 0;

  state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result,
                                                &round_trip_us, &error);
  /* A cancelled poll belongs to a stop() or to dispose: the poller may be gone, or may have
   * started anew since. Any other answer comes while the poller lives: stop() and dispose
   * cancel first, and the client's tasks check that cancellable. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight = FALSE;

  if (state != NULL)
    {
      self->failures = 0;
      self->ever_connected = TRUE;
      self->last_success_us = g_get_real_time ();
      self->on_air = state_is_on_air (state);
      g_clear_error (&self->last_error);
      g_set_object (&self->state, state);
      self->round_trip_us = round_trip_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_TRIP_US]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      set_connection_state (self, round_trip_us > DEGRADED_ROUND_TRIP_US
                                    ? ONAIR_CONNECTION_DEGRADED
                                    : ONAIR_CONNECTION_CONNECTED);
      g_signal_emit (self, signals[STATE_RECEIVED], 0, state, round_trip_us);
      self->next_delay_ms = effective_interval_ms (self);
    }
  else
    {
      self->failures++;
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&error);
      if (!self->ever_connected || self->failures >= ONAIR_POLLER_LOST_AFTER)
        set_connection_state (self, ONAIR_CONNECTION_LOST);
      else
        set_connection_state (self, ONAIR_CONNECTION_DEGRADED);
      g_signal_emit (self, signals[POLL_FAILED], 0, self->last_error);
      self->next_delay_ms = backoff_delay_ms (self);
    }

  if (!self->running)
    return;
  if (self->poll_again)
    {
      self->poll_again = FALSE;
      schedule (self, 0);
    }
  else
    schedule (self, self->next_delay_ms);
}

static void
poll (OnairPoller *self)
{
  g_assert (!self->in_flight);

  self->in_flight = TRUE;
  onair_vmix_client_fetch_state_async (self->client, self->cancellable, fetch_cb, self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  OnairPoller *self = user_data;

  self->timeout_id = 0;
  self->next_attempt_us = 0;
  if (!self->in_flight)
    poll (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (OnairPoller *self,
          guint        delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_attempt_us = g_get_real_time () + (gint64) delay_ms * 1000;
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timeout_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_id),
                            "[onair] poller");
}

static void
onair_poller_dispose (GObject *object)
{
  OnairPoller *self = ONAIR_POLLER (object);

  onair_poller_stop (self);
  onair_poller_set_activators (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (onair_poller_parent_class)->dispose (object);
}

static void
onair_poller_finalize (GObject *object)
{
  OnairPoller *self = ONAIR_POLLER (object);

  g_clear_error (&self->last_error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_poller_parent_class)->finalize (object);
}

static void
onair_poller_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OnairPoller *self = ONAIR_POLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_CONNECTION_STATE:
      g_value_set_enum (value, self->connection_state);
      break;
    case PROP_STATE:
      g_value_set_object (value, self->state);
      break;
    case PROP_ROUND_TRIP_US:
      g_value_set_int64 (value, self->round_trip_us);
      break;
    case PROP_ACTIVATORS_CONNECTED:
      g_value_set_boolean (value, onair_poller_get_activators_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_poller_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OnairPoller *self = ONAIR_POLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_INTERVAL_MS:
      onair_poller_set_interval_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_poller_class_init (OnairPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_poller_dispose;
  object_class->finalize = onair_poller_finalize;
  object_class->get_property = onair_poller_get_property;
  object_class->set_property = onair_poller_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, ONAIR_TYPE_VMIX_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL,
                       ONAIR_POLLER_MIN_INTERVAL_MS, ONAIR_POLLER_MAX_INTERVAL_MS,
                       ONAIR_POLLER_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_STATE] =
    g_param_spec_enum ("connection-state", NULL, NULL, ONAIR_TYPE_CONNECTION_STATE,
                       ONAIR_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_object ("state", NULL, NULL, ONAIR_TYPE_VMIX_STATE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUND_TRIP_US] =
    g_param_spec_int64 ("round-trip-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATORS_CONNECTED] =
    g_param_spec_boolean ("activators-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairPoller::state-received:
   * @state: the new state
   * @round_trip_us: the poll's round trip
   */
  signals[STATE_RECEIVED] =
    g_signal_new ("state-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, ONAIR_TYPE_VMIX_STATE, G_TYPE_INT64);
  /**
   * OnairPoller::poll-failed:
   * @error: why
   */
  signals[POLL_FAILED] =
    g_signal_new ("poll-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
onair_poller_init (OnairPoller *self)
{
  self->interval_ms = ONAIR_POLLER_DEFAULT_INTERVAL_MS;
  self->activator_interval_ms = ONAIR_POLLER_ACTIVATOR_INTERVAL_MS;
  self->next_delay_ms = self->interval_ms;
  self->cancellable = g_cancellable_new ();
}

/**
 * onair_poller_new:
 * @client: the vMix to poll
 *
 * Returns: (transfer full): a stopped poller
 */
OnairPoller *
onair_poller_new (OnairVmixClient *client)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_CLIENT (client), NULL);

  return g_object_new (ONAIR_TYPE_POLLER, "client", client, NULL);
}

OnairVmixClient *
onair_poller_get_client (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), NULL);
  return self->client;
}

/**
 * onair_poller_start:
 *
 * Polls at once, then every interval; at most one request is in flight.
 */
void
onair_poller_start (OnairPoller *self)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));

  if (self->running)
    return;
  self->running = TRUE;
  if (self->activators != NULL)
    onair_vmix_activators_start (self->activators);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  set_connection_state (self, ONAIR_CONNECTION_CONNECTING);
  schedule (self, 0);
}

/**
 * onair_poller_stop:
 *
 * Cancels the request in flight and stops polling.
 */
void
onair_poller_stop (OnairPoller *self)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));

  self->running = FALSE;
  self->next_attempt_us = 0;
  if (self->activators != NULL)
    onair_vmix_activators_stop (self->activators);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = FALSE;
  self->poll_again = FALSE;
  set_connection_state (self, ONAIR_CONNECTION_DISCONNECTED);
}

/**
 * onair_poller_poll_now:
 *
 * Polls as soon as possible, e.g. to confirm an operation; when a poll is in flight,
 * another one follows it at once.
 */
void
onair_poller_poll_now (OnairPoller *self)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));

  if (!self->running)
    return;
  if (self->in_flight)
    self->poll_again = TRUE;
  else
    schedule (self, 0);
}

/**
 * onair_poller_reconnect_now:
 *
 * Forgets the backoff and tries again at once ("Reconnect now").
 */
void
onair_poller_reconnect_now (OnairPoller *self)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));

  if (!self->running)
    {
      onair_poller_start (self);
      return;
    }
  self->failures = 0;
  self->next_delay_ms = self->interval_ms;
  if (self->connection_state == ONAIR_CONNECTION_LOST)
    set_connection_state (self, ONAIR_CONNECTION_CONNECTING);
  onair_poller_poll_now (self);
}

guint
onair_poller_get_interval_ms (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->interval_ms;
}

void
onair_poller_set_interval_ms (OnairPoller *self,
                              guint        interval_ms)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));

  interval_ms = CLAMP (interval_ms, ONAIR_POLLER_MIN_INTERVAL_MS, ONAIR_POLLER_MAX_INTERVAL_MS);
  if (self->interval_ms == interval_ms)
    return;
  self->interval_ms = interval_ms;
  if (self->failures == 0)
    self->next_delay_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
}

OnairConnectionState
onair_poller_get_connection_state (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), ONAIR_CONNECTION_DISCONNECTED);
  return self->connection_state;
}

/**
 * onair_poller_get_state:
 *
 * Returns: (transfer none) (nullable): the last state received
 */
OnairVmixState *
onair_poller_get_state (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), NULL);
  return self->state;
}

/**
 * onair_poller_get_last_error:
 *
 * Returns: (transfer none) (nullable): why the last poll failed, %NULL after a success
 */
const GError *
onair_poller_get_last_error (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), NULL);
  return self->last_error;
}

gint64
onair_poller_get_round_trip_us (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->round_trip_us;
}

guint
onair_poller_get_consecutive_failures (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->failures;
}

/**
 * onair_poller_get_next_delay_ms:
 *
 * Returns: the delay before the next scheduled poll: the interval, or the backoff after
 *   failures (doubling, up to 30 s)
 */
guint
onair_poller_get_next_delay_ms (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->next_delay_ms;
}

/**
 * onair_poller_get_last_success_us:
 *
 * Returns: g_get_real_time() of the last poll that vMix answered, 0 if none in this run
 */
gint64
onair_poller_get_last_success_us (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->last_success_us;
}

/**
 * onair_poller_has_connected:
 *
 * Returns: whether vMix answered at least once since the poller was made: from then on
 *   there is a last-known state to show while it does not answer
 */
gboolean
onair_poller_has_connected (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), FALSE);
  return self->ever_connected;
}

/**
 * onair_poller_get_next_attempt_us:
 *
 * Returns: g_get_real_time() when the next poll (or retry) is due; 0 while a poll is in
 *   flight or the poller is stopped
 */
gint64
onair_poller_get_next_attempt_us (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->next_attempt_us;
}

/**
 * onair_poller_get_on_air:
 *
 * Returns: whether a stream, an SRT output, the external output, MultiCorder or the
 *   recording was on at the last poll vMix answered
 */
gboolean
onair_poller_get_on_air (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), FALSE);
  return self->on_air;
}

/* What vMix's activators say changed that the state document shows: the document is
 * fetched at once (`Streaming 1` does not say which stream). A burst — a cut sends Input
 * and InputPreview lines for old and new inputs — makes one poll, and one more if it
 * arrives while that poll is in flight. */
static const char * const polled_activators[] = {
  "Input", "InputPreview", "Streaming", "Recording", "External", "MultiCorder", "Fullscreen",
  "FadeToBlack", "MasterAudio", "MasterVolume", NULL
};

static void
activator_cb (OnairVmixActivators *activators,
              const char          *name,
              const char * const  *args,
              OnairPoller         *self)
{
  if (!g_strv_contains (polled_activators, name))
    return;
  self->activator_polls++;
  onair_poller_poll_now (self);
}

static void
activators_connected_cb (OnairVmixActivators *activators,
                         GParamSpec          *pspec,
                         OnairPoller         *self)
{
  g_debug ("vMix activators %s", onair_vmix_activators_get_connected (activators)
                                   ? "connected: the document every second and on changes"
                                   : "not connected: polling as set");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATORS_CONNECTED]);
  /* Up: something may have changed before the subscription. Down: back to the interval. */
  if (self->running && !self->in_flight && self->failures == 0)
    schedule (self, onair_vmix_activators_get_connected (activators) ? 0 : self->interval_ms);
}

/**
 * onair_poller_set_activators:
 * @activators: (nullable): vMix's TCP activator connection for the same vMix, %NULL for
 *   none
 *
 * With activators connected, a change vMix pushes is fetched at once and the document is
 * otherwise polled every %ONAIR_POLLER_ACTIVATOR_INTERVAL_MS (or the interval, when that
 * is longer); without (the port closed, an old vMix), polling goes on as set. The poller
 * starts and stops the connection with itself.
 */
void
onair_poller_set_activators (OnairPoller         *self,
                             OnairVmixActivators *activators)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));
  g_return_if_fail (activators == NULL || ONAIR_IS_VMIX_ACTIVATORS (activators));

  if (self->activators == activators)
    return;
  if (self->activators != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->activators, self);
      onair_vmix_activators_stop (self->activators);
      g_clear_object (&self->activators);
    }
  if (activators != NULL)
    {
      self->activators = g_object_ref (activators);
      g_signal_connect (activators, "activator", G_CALLBACK (activator_cb), self);
      g_signal_connect (activators, "notify::connected", G_CALLBACK (activators_connected_cb), self);
      if (self->running)
        onair_vmix_activators_start (activators);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATORS_CONNECTED]);
}

/**
 * onair_poller_get_activators:
 *
 * Returns: (transfer none) (nullable): the activator connection, if any
 */
OnairVmixActivators *
onair_poller_get_activators (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), NULL);
  return self->activators;
}

gboolean
onair_poller_get_activators_connected (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), FALSE);
  return self->activators != NULL && onair_vmix_activators_get_connected (self->activators);
}

/**
 * onair_poller_set_activator_interval_ms:
 *
 * The document's interval while activators are connected (1 s by default).
 */
void
onair_poller_set_activator_interval_ms (OnairPoller *self,
                                        guint        interval_ms)
{
  g_return_if_fail (ONAIR_IS_POLLER (self));
  self->activator_interval_ms = CLAMP (interval_ms, ONAIR_POLLER_MIN_INTERVAL_MS,
                                       ONAIR_POLLER_MAX_INTERVAL_MS);
}

/**
 * onair_poller_get_activator_polls:
 *
 * Returns: how many polls activators asked for (a burst counts each line)
 */
guint
onair_poller_get_activator_polls (OnairPoller *self)
{
  g_return_val_if_fail (ONAIR_IS_POLLER (self), 0);
  return self->activator_polls;
}
