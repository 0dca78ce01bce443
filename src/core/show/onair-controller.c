/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-controller.h"
#include "onair-controller-private.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-url.h"
#include "core/witness/onair-witness-event.h"

G_DEFINE_QUARK (onair-controller-error-quark, onair_controller_error)

G_DEFINE_FINAL_TYPE (OnairController, onair_controller, G_TYPE_OBJECT)

enum {
  OPERATION_FINISHED,
  STREAM_LOST,
  CHANNEL_CHANGED,
  RECORDING_CHANGED,
  RECORDING_STOPPED_OUTSIDE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
onair_channel_status_to_string (OnairChannelStatus status)
{
  static const char * const names[] = {
    "off", "starting", "live", "stopping", "lost", "unreported",
  };

  g_return_val_if_fail (status <= ONAIR_CHANNEL_UNREPORTED, "unknown");
  return names[status];
}

static void
operation_free (Operation *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_clear_handle_id (&op->retry_id, g_source_remove);
  g_free (op->failed_function);
  g_free (op->failure_detail);
  g_clear_pointer (&op->params, json_object_unref);
  g_clear_pointer (&op->requested, g_date_time_unref);
  g_clear_pointer (&op->calls, g_ptr_array_unref);
  g_free (op->answer);
  g_free (op->destination_name);
  g_free (op);
}

Operation *
onair_controller_op_new (OperationKind  kind,
                         guint          index,
                         const char    *event_type)
{
  Operation *op = g_new0 (Operation, 1);

  op->kind = kind;
  op->index = index;
  op->event_type = event_type;
  op->params = json_object_new ();
  op->requested = g_date_time_new_now_utc ();
  op->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  op->duration = -1;
  return op;
}

/* Who asked, when not the producer: in the parameters the witness log records. */
void
onair_controller_op_set_origin (Operation                  *op,
                                const OnairOperationOrigin *origin)
{
  if (origin == NULL || origin->by == NULL)
    return;
  json_object_set_string_member (op->params, "by", origin->by);
  if (origin->schedule != NULL)
    json_object_set_string_member (op->params, "schedule", origin->schedule);
}

void
onair_controller_op_add_call (Operation  *op,
                              const char *function,
                              ...)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *item;
  va_list args;

  g_strv_builder_add (builder, function);
  va_start (args, function);
  while ((item = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, item);
  va_end (args);
  g_ptr_array_add (op->calls, g_strv_builder_end (builder));
  g_strv_builder_unref (builder);
}

void
onair_controller_set_channel (OnairController    *self,
                              guint               channel,
                              OnairChannelStatus  status,
                              const char         *destination)
{
  Channel *c = &self->channels[channel];

  if (c->status != status)
    {
      c->status = status;
      c->since_us = g_get_real_time ();
    }
  if (status != ONAIR_CHANNEL_LIVE)
    c->outside = FALSE;
  if (self->health != NULL)
    {
      if (status == ONAIR_CHANNEL_STARTING || status == ONAIR_CHANNEL_STOPPING)
        onair_health_monitor_expect_stream_change (self->health, channel);
      if (status != ONAIR_CHANNEL_LOST)
        onair_health_monitor_clear_stream_lost (self->health, channel);
    }
  if (destination != NULL)
    {
      g_free (c->destination);
      c->destination = g_strdup (destination);
    }
  g_signal_emit (self, signals[CHANNEL_CHANGED], 0, channel);
}

void
onair_controller_emit_stream_lost (OnairController *self,
                                   guint            channel,
                                   const char      *destination)
{
  if (self->health != NULL)
    onair_health_monitor_report_stream_lost (self->health, channel);
  g_signal_emit (self, signals[STREAM_LOST], 0, channel, destination);
}

void
onair_controller_set_recording_status (OnairController      *self,
                                       OnairRecordingStatus  status)
{
  OnairRecordingStatus previous = self->recording_status;

  if (previous == status)
    return;
  self->recording_status = status;
  if (self->health != NULL)
    onair_health_monitor_report_recording_stopped (self->health,
                                                   status == ONAIR_RECORDING_STOPPED_OUTSIDE);
  if (status == ONAIR_RECORDING_STOPPED_OUTSIDE)
    g_signal_emit (self, signals[RECORDING_STOPPED_OUTSIDE], 0, self->recording_stopped_duration);
  g_signal_emit (self, signals[RECORDING_CHANGED], 0);
}

/* An event Onair saw rather than did (a stream vMix dropped, a recording stopped in vMix):
 * recorded like an operation's, at the time it was seen. */
void
onair_controller_emit_event (OnairController *self,
                             const char      *event_type,
                             JsonObject      *params,
                             JsonObject      *result)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_signal_emit (self, signals[OPERATION_FINISHED], 0, event_type, params, result, now);
}

static void
release_busy (OnairController *self,
              Operation       *op)
{
  if (!op->reserved)
    return;
  op->reserved = FALSE;

  switch (op->kind)
    {
    case OP_START_STREAM:
    case OP_STOP_STREAM:
      self->channels[op->index].busy = FALSE;
      break;
    case OP_START_SRT:
    case OP_STOP_SRT:
      self->srt_busy[op->index] = FALSE;
      break;
    case OP_START_RECORDING:
    case OP_STOP_RECORDING:
      self->recording_busy = FALSE;
      break;
    case OP_MARKER:
    case OP_FUNCTION:
    default:
      break;
    }
}

static const char *
error_code (const GError *error)
{
  static char buffer[64];
  const char *domain = g_quark_to_string (error->domain);

  /* "onair-controller-error-quark" + code 3 → "onair-controller-error:3" */
  g_snprintf (buffer, sizeof buffer, "%.*s:%d",
              (int) (g_str_has_suffix (domain, "-quark") ? strlen (domain) - 6 : strlen (domain)),
              domain, error->code);
  return buffer;
}

/* Emits operation-finished with the real result, then completes the task. */
void
onair_controller_finish_op (GTask        *task,
                            const GError *error)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  g_autoptr(JsonObject) result = NULL;
  /* Only an operation that got past validation touches its channel's state. */
  gboolean reserved = op->reserved;

  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_ptr_array_remove (self->pending, task);
  release_busy (self, op);

  if (error == NULL)
    {
      result = json_object_new ();
      json_object_set_boolean_member (result, "success", TRUE);
    }
  else
    {
      result = json_object_new ();
      json_object_set_boolean_member (result, "success", FALSE);
      json_object_set_string_member (result, "error_code", error_code (error));
      json_object_set_string_member (result, "message", error->message);
      if (op->failed_function != NULL)
        json_object_set_string_member (result, "function", op->failed_function);
      if (op->failure_detail != NULL)
        json_object_set_string_member (result, "detail", op->failure_detail);
    }

  switch (op->kind)
    {
    case OP_START_STREAM:
      if (!reserved)
        break;
      if (error == NULL)
        onair_controller_set_channel (self, op->index, ONAIR_CHANNEL_LIVE, op->destination_name);
      else if (self->channels[op->index].status == ONAIR_CHANNEL_STARTING)
        onair_controller_set_channel (self, op->index, ONAIR_CHANNEL_OFF, NULL);
      break;
    case OP_STOP_STREAM:
      if (!reserved)
        break;
      if (error == NULL)
        onair_controller_set_channel (self, op->index, ONAIR_CHANNEL_OFF, NULL);
      else if (self->channels[op->index].status == ONAIR_CHANNEL_STOPPING)
        onair_controller_set_channel (self, op->index, ONAIR_CHANNEL_LIVE, NULL);
      break;
    case OP_STOP_RECORDING:
      if (reserved)
        onair_controller_set_recording_status (self, error == NULL ? ONAIR_RECORDING_OFF
                                                                   : ONAIR_RECORDING_ON);
      if (op->duration >= 0)
        {
          g_autofree char *text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d",
                                                   op->duration / 3600,
                                                   (int) (op->duration / 60 % 60),
                                                   (int) (op->duration % 60));

          json_object_set_int_member (result, "duration_seconds", op->duration);
          json_object_set_string_member (result, "duration", text);
        }
      break;
    case OP_START_SRT:
    case OP_STOP_SRT:
      if (error == NULL)
        json_object_set_boolean_member (result, "confirmed", op->confirmable);
      break;
    case OP_START_RECORDING:
      if (reserved)
        onair_controller_set_recording_status (self, error == NULL ? ONAIR_RECORDING_ON
                                                                   : ONAIR_RECORDING_OFF);
      break;
    case OP_MARKER:
    case OP_FUNCTION:
    default:
      break;
    }

  g_signal_emit (self, signals[OPERATION_FINISHED], 0, op->event_type, op->params, result,
                 op->requested);
  if (error == NULL)
    onair_poller_poll_now (self->poller);

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else if (op->kind == OP_STOP_RECORDING)
    g_task_return_int (task, MAX (op->duration, 0));
  else if (op->kind == OP_FUNCTION)
    g_task_return_pointer (task, g_strdup (op->answer ? op->answer : ""), g_free);
  else
    g_task_return_boolean (task, TRUE);
}

void
onair_controller_fail_op (GTask      *task,
                          GQuark      domain,
                          gint        code,
                          const char *format,
                          ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  onair_controller_finish_op (task, error);
}

const OnairVmixOutput *
onair_controller_find_srt_output (OnairVmixState *state,
                                  guint           output)
{
  return onair_vmix_state_find_output (state, "Output", output + 1);
}

/* Whether @state shows what @op asked for. */
static gboolean
operation_confirmed (Operation      *op,
                     OnairVmixState *state)
{
  const OnairVmixOutput *output;

  switch (op->kind)
    {
    case OP_START_STREAM:
      /* A vMix that does not say which stream is on: the start was refused while it
       * streamed already, so streaming now is this start. */
      return onair_vmix_state_get_stream_state (state, op->index) != ONAIR_VMIX_STREAM_OFF;
    case OP_STOP_STREAM:
      return onair_vmix_state_get_stream_state (state, op->index) == ONAIR_VMIX_STREAM_OFF;
    case OP_START_SRT:
    case OP_STOP_SRT:
      output = onair_controller_find_srt_output (state, op->index);
      return output != NULL && output->srt == (op->kind == OP_START_SRT);
    case OP_START_RECORDING:
      return onair_vmix_state_get_recording (state);
    case OP_STOP_RECORDING:
      return !onair_vmix_state_get_recording (state);
    case OP_MARKER:
    case OP_FUNCTION:
    default:
      return TRUE;
    }
}

static gboolean
confirm_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Operation *op = g_task_get_task_data (task);
  OnairController *self = g_task_get_source_object (task);
  double seconds = self->confirm_timeout_ms / 1000.0;

  op->timeout_id = 0;
  switch (op->kind)
    {
    case OP_START_STREAM:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                                _("vMix accepted the command, but stream %u did not go live within "
                                "%.0f s. Check the destination's URL and key, and vMix's Streaming "
                                "settings."), op->index + 1, seconds);
      break;
    case OP_STOP_STREAM:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                                _("vMix accepted the command, but stream %u is still on after %.0f s."),
                                op->index + 1, seconds);
      break;
    case OP_START_SRT:
    case OP_STOP_SRT:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                                _("vMix accepted the command, but SRT on output %u did not change within "
                                "%.0f s. Check the output's SRT settings in vMix."),
                                op->index + 1, seconds);
      break;
    case OP_START_RECORDING:
    case OP_STOP_RECORDING:
    case OP_MARKER:
    case OP_FUNCTION:
    default:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                                _("vMix accepted the command, but the recording did not change within "
                                "%.0f s. Check vMix's recording settings and disk space."), seconds);
      break;
    }
  return G_SOURCE_REMOVE;
}

void
onair_controller_wait_for_confirmation (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);

  if (!op->confirmable)
    {
      onair_controller_finish_op (task, NULL);
      return;
    }

  g_ptr_array_add (self->pending, g_object_ref (task));
  op->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->confirm_timeout_ms,
                                       confirm_timeout_cb, g_object_ref (task), g_object_unref);
  onair_poller_poll_now (self->poller);
}

static void
state_received_cb (OnairController *self,
                   OnairVmixState  *state,
                   gint64           round_trip_us,
                   OnairPoller     *poller)
{
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->pending->len; i++)
    {
      GTask *task = g_ptr_array_index (self->pending, i);
      Operation *op = g_task_get_task_data (task);

      if (op->kind == OP_STOP_RECORDING && onair_vmix_state_get_recording (state))
        op->duration = onair_vmix_state_get_recording_duration (state);
      if (operation_confirmed (op, state))
        g_ptr_array_add (confirmed, g_object_ref (task));
    }
  for (guint i = 0; i < confirmed->len; i++)
    onair_controller_finish_op (g_ptr_array_index (confirmed, i), NULL);

  onair_controller_observe_state (self, state);
}

static void
onair_controller_dispose (GObject *object)
{
  OnairController *self = ONAIR_CONTROLLER (object);

  if (self->poller != NULL)
    g_clear_signal_handler (&self->state_handler, self->poller);
  g_clear_object (&self->poller);
  g_clear_object (&self->secrets);
  g_clear_weak_pointer (&self->health);
  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);

  G_OBJECT_CLASS (onair_controller_parent_class)->dispose (object);
}

static void
onair_controller_finalize (GObject *object)
{
  OnairController *self = ONAIR_CONTROLLER (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    {
      g_free (self->channels[i].destination);
      g_free (self->channels[i].restore_destination);
    }

  G_OBJECT_CLASS (onair_controller_parent_class)->finalize (object);
}

static void
onair_controller_class_init (OnairControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_controller_dispose;
  object_class->finalize = onair_controller_finalize;

  /**
   * OnairController::operation-finished:
   * @event_type: the witness event type, e.g. "stream_started"
   * @params: what was asked, with secrets removed
   * @result: what happened: `success`, and on failure `error_code` and `message`
   * @requested: when the operation was asked for (UTC)
   *
   * Emitted once per operation, failures included, and for streams vMix dropped.
   */
  signals[OPERATION_FINISHED] =
    g_signal_new ("operation-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, JSON_TYPE_OBJECT, JSON_TYPE_OBJECT, G_TYPE_DATE_TIME);
  /**
   * OnairController::stream-lost:
   * @channel: 0-based
   * @destination: (nullable): the destination's name when Onair started it
   */
  signals[STREAM_LOST] =
    g_signal_new ("stream-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * OnairController::channel-changed:
   * @channel: 0-based
   */
  signals[CHANNEL_CHANGED] =
    g_signal_new ("channel-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * OnairController::recording-changed:
   *
   * onair_controller_get_recording_status() changed.
   */
  signals[RECORDING_CHANGED] =
    g_signal_new ("recording-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * OnairController::recording-stopped-outside:
   * @duration_s: how long it had recorded, as vMix last reported it
   *
   * vMix reports the recording off, and Onair did not stop it.
   */
  signals[RECORDING_STOPPED_OUTSIDE] =
    g_signal_new ("recording-stopped-outside", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
onair_controller_init (OnairController *self)
{
  self->confirm_timeout_ms = ONAIR_CONTROLLER_DEFAULT_CONFIRM_TIMEOUT_MS;
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * onair_controller_new:
 * @poller: the connection to operate
 * @secrets: (nullable): the keyring, for stream keys; %NULL refuses keyed operations
 *
 * Returns: (transfer full): the controller: the only way Onair operates vMix
 */
OnairController *
onair_controller_new (OnairPoller      *poller,
                      OnairSecretStore *secrets)
{
  OnairController *self;

  g_return_val_if_fail (ONAIR_IS_POLLER (poller), NULL);

  self = g_object_new (ONAIR_TYPE_CONTROLLER, NULL);
  self->poller = g_object_ref (poller);
  self->secrets = secrets ? g_object_ref (secrets) : NULL;
  self->state_handler = g_signal_connect_swapped (poller, "state-received",
                                                  G_CALLBACK (state_received_cb), self);
  return self;
}

OnairPoller *
onair_controller_get_poller (OnairController *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), NULL);
  return self->poller;
}

/**
 * onair_controller_set_health:
 * @health: (nullable): the monitor to tell, %NULL to stop
 *
 * Tells @health what the controller learns: streams lost (critical until vMix reports them
 * live again or the producer acknowledges them), a recording stopped outside Onair, and
 * the changes Onair asked for (which do not count as a stream being unstable).
 */
void
onair_controller_set_health (OnairController    *self,
                             OnairHealthMonitor *health)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  g_return_if_fail (health == NULL || ONAIR_IS_HEALTH_MONITOR (health));

  g_set_weak_pointer (&self->health, health);
  if (health == NULL)
    return;
  /* A monitor that followed an earlier controller of the same host (a reconnect): what
   * only that one could acknowledge is this one's to say. */
  onair_health_monitor_report_recording_stopped (health, self->recording_status ==
                                                         ONAIR_RECORDING_STOPPED_OUTSIDE);
  for (guint ch = 0; ch < ONAIR_VMIX_MAX_STREAMS; ch++)
    if (self->channels[ch].status != ONAIR_CHANNEL_LOST)
      onair_health_monitor_clear_stream_lost (health, ch);
}

void
onair_controller_set_confirm_timeout_ms (OnairController *self,
                                         guint            timeout_ms)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  self->confirm_timeout_ms = MAX (timeout_ms, 1);
}

/**
 * onair_controller_get_stream_count:
 *
 * Returns: the number of stream channels the connected vMix has, 0 when not connected
 */
guint
onair_controller_get_stream_count (OnairController *self)
{
  OnairVmixState *state;

  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), 0);
  state = onair_poller_get_state (self->poller);
  return state ? MIN (onair_vmix_state_get_stream_count (state), ONAIR_VMIX_MAX_STREAMS) : 0;
}

OnairChannelStatus
onair_controller_get_channel_status (OnairController *self,
                                     guint            channel)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), ONAIR_CHANNEL_OFF);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, ONAIR_CHANNEL_OFF);
  return self->channels[channel].status;
}

/**
 * onair_controller_get_channel_since:
 *
 * Returns: when the channel entered its status, in g_get_real_time() microseconds
 */
gint64
onair_controller_get_channel_since (OnairController *self,
                                    guint            channel)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), 0);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, 0);
  return self->channels[channel].since_us;
}

/**
 * onair_controller_get_channel_destination:
 *
 * Returns: (nullable): the name of the destination Onair last started the channel with
 */
const char *
onair_controller_get_channel_destination (OnairController *self,
                                          guint            channel)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, NULL);
  return self->channels[channel].destination;
}

GTask *
onair_controller_op_task (OnairController     *self,
                          Operation           *op,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data,
                          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) operation_free);
  return task;
}

/* The checks every operation shares: connected, and nothing else running on the same
 * channel, output or recording. */
OnairVmixState *
onair_controller_check_connected (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  OnairVmixState *state = onair_poller_get_state (self->poller);
  OnairConnectionState connection = onair_poller_get_connection_state (self->poller);

  if (state == NULL || (connection != ONAIR_CONNECTION_CONNECTED &&
                        connection != ONAIR_CONNECTION_DEGRADED))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONNECTED,
                                _("Onair is not connected to vMix. Wait for the connection, or check "
                                "the connection settings."));
      return NULL;
    }
  return state;
}

gboolean
onair_controller_propagate_boolean (OnairController  *self,
                                    GAsyncResult     *result,
                                    gpointer          source_tag,
                                    GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * onair_controller_acknowledge_lost:
 * @channel: 0-based
 *
 * The producer saw that vMix dropped the stream: the channel reads off again (and the health
 * status no longer counts it as lost). Does nothing unless the channel is lost.
 */
void
onair_controller_acknowledge_lost (OnairController *self,
                                   guint            channel)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  if (self->channels[channel].status == ONAIR_CHANNEL_LOST)
    onair_controller_set_channel (self, channel, ONAIR_CHANNEL_OFF, NULL);
}
