/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-controller.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-url.h"
#include "core/witness/onair-witness-event.h"

/* vMix outputs 1–4 can carry SRT (vMix 24+); vMix 28 reports them in <outputs>. */
#define MAX_MARKER_LENGTH   200

G_DEFINE_QUARK (onair-controller-error-quark, onair_controller_error)

typedef enum
{
  OP_START_STREAM,
  OP_STOP_STREAM,
  OP_START_SRT,
  OP_STOP_SRT,
  OP_START_RECORDING,
  OP_STOP_RECORDING,
  OP_MARKER,
  OP_FUNCTION,
} OperationKind;

typedef struct
{
  OperationKind     kind;
  guint             index;          /* channel or output */
  const char       *event_type;
  JsonObject       *params;         /* redacted: what the witness may see */
  GDateTime        *requested;
  GPtrArray        *calls;          /* GStrv each: function, then name/value pairs */
  guint             next_call;
  char             *answer;
  gint64            duration;       /* recording duration vMix last reported */
  char             *destination_name;
  guint             timeout_id;
  gboolean          confirmable;
  gboolean          reserved;       /* holds its channel's, output's or recording's busy flag */
} Operation;

typedef struct
{
  OnairChannelStatus  status;
  gint64              since_us;     /* wall clock, when the status began */
  char               *destination;
  gboolean            busy;
} Channel;

struct _OnairController
{
  GObject           parent_instance;

  OnairPoller      *poller;
  OnairSecretStore *secrets;
  gulong            state_handler;
  guint             confirm_timeout_ms;

  Channel           channels[ONAIR_VMIX_MAX_STREAMS];
  gboolean          was_live[ONAIR_VMIX_MAX_STREAMS];
  gboolean          have_previous;
  gboolean          srt_busy[16];
  gboolean          recording_busy;

  GPtrArray        *pending;        /* GTask*, waiting for a state to confirm them */
};

G_DEFINE_FINAL_TYPE (OnairController, onair_controller, G_TYPE_OBJECT)

enum {
  OPERATION_FINISHED,
  STREAM_LOST,
  CHANNEL_CHANGED,
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
  g_clear_pointer (&op->params, json_object_unref);
  g_clear_pointer (&op->requested, g_date_time_unref);
  g_clear_pointer (&op->calls, g_ptr_array_unref);
  g_free (op->answer);
  g_free (op->destination_name);
  g_free (op);
}

static Operation *
operation_new (OperationKind  kind,
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

static void
operation_add_call (Operation  *op,
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

static void
set_channel (OnairController    *self,
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
  if (destination != NULL)
    {
      g_free (c->destination);
      c->destination = g_strdup (destination);
    }
  g_signal_emit (self, signals[CHANNEL_CHANGED], 0, channel);
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
static void
finish_operation (GTask        *task,
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
    }

  switch (op->kind)
    {
    case OP_START_STREAM:
      if (!reserved)
        break;
      if (error == NULL)
        set_channel (self, op->index, ONAIR_CHANNEL_LIVE, op->destination_name);
      else if (self->channels[op->index].status == ONAIR_CHANNEL_STARTING)
        set_channel (self, op->index, ONAIR_CHANNEL_OFF, NULL);
      break;
    case OP_STOP_STREAM:
      if (!reserved)
        break;
      if (error == NULL)
        set_channel (self, op->index, ONAIR_CHANNEL_OFF, NULL);
      else if (self->channels[op->index].status == ONAIR_CHANNEL_STOPPING)
        set_channel (self, op->index, ONAIR_CHANNEL_LIVE, NULL);
      break;
    case OP_STOP_RECORDING:
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

static void
fail_operation (GTask          *task,
                GQuark          domain,
                gint            code,
                const char     *format,
                ...) G_GNUC_PRINTF (4, 5);

static void
fail_operation (GTask      *task,
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
  finish_operation (task, error);
}

static const OnairVmixOutput *
find_srt_output (OnairVmixState *state,
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
      output = find_srt_output (state, op->index);
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
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                      _("vMix accepted the command, but stream %u did not go live within "
                        "%.0f s. Check the destination's URL and key, and vMix's Streaming "
                        "settings."), op->index + 1, seconds);
      break;
    case OP_STOP_STREAM:
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                      _("vMix accepted the command, but stream %u is still on after %.0f s."),
                      op->index + 1, seconds);
      break;
    case OP_START_SRT:
    case OP_STOP_SRT:
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                      _("vMix accepted the command, but SRT on output %u did not change within "
                        "%.0f s. Check the output's SRT settings in vMix."),
                      op->index + 1, seconds);
      break;
    case OP_START_RECORDING:
    case OP_STOP_RECORDING:
    case OP_MARKER:
    case OP_FUNCTION:
    default:
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
                      _("vMix accepted the command, but the recording did not change within "
                        "%.0f s. Check vMix's recording settings and disk space."), seconds);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
wait_for_confirmation (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);

  if (!op->confirmable)
    {
      finish_operation (task, NULL);
      return;
    }

  g_ptr_array_add (self->pending, g_object_ref (task));
  op->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->confirm_timeout_ms,
                                       confirm_timeout_cb, g_object_ref (task), g_object_unref);
  onair_poller_poll_now (self->poller);
}

static void send_next_call (GTask *task);

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_vmix_client_call_finish (ONAIR_VMIX_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      finish_operation (task, error);
      return;
    }
  g_free (op->answer);
  op->answer = g_steal_pointer (&answer);
  op->next_call++;
  send_next_call (task);
}

static void
send_next_call (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  const char * const *call;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The operation was cancelled."));

      finish_operation (task, error);
      return;
    }

  if (op->next_call >= op->calls->len)
    {
      wait_for_confirmation (task);
      return;
    }

  call = g_ptr_array_index (op->calls, op->next_call);
  onair_vmix_client_call_async (onair_poller_get_client (self->poller), call[0], &call[1],
                                g_task_get_cancellable (task), call_cb, g_object_ref (task));
}

static void
state_received_cb (OnairController *self,
                   OnairVmixState  *state,
                   gint64           round_trip_us,
                   OnairPoller     *poller)
{
  guint count = onair_vmix_state_get_stream_count (state);
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
    finish_operation (g_ptr_array_index (confirmed, i), NULL);

  /* Channels changed by someone else (vMix's own buttons, another controller), and
   * streams vMix dropped by itself. */
  for (guint ch = 0; ch < MIN (count, ONAIR_VMIX_MAX_STREAMS); ch++)
    {
      OnairVmixStreamState stream_state = onair_vmix_state_get_stream_state (state, ch);
      gboolean live = stream_state == ONAIR_VMIX_STREAM_ON;
      Channel *c = &self->channels[ch];

      /* vMix streams without saying which stream: a stream Onair knows live stays live
       * (and lost when vMix later says all streams are off), the others are unreported. */
      if (stream_state == ONAIR_VMIX_STREAM_UNKNOWN)
        {
          if (!c->busy && c->status == ONAIR_CHANNEL_OFF)
            set_channel (self, ch, ONAIR_CHANNEL_UNREPORTED, NULL);
          self->was_live[ch] = c->status == ONAIR_CHANNEL_LIVE;
          continue;
        }

      if (!c->busy)
        {
          if (!live && c->status == ONAIR_CHANNEL_UNREPORTED)
            set_channel (self, ch, ONAIR_CHANNEL_OFF, NULL);
          else if (live && c->status != ONAIR_CHANNEL_LIVE)
            set_channel (self, ch, ONAIR_CHANNEL_LIVE, NULL);
          else if (!live && c->status == ONAIR_CHANNEL_LIVE && self->have_previous &&
                   self->was_live[ch])
            {
              g_autoptr(JsonObject) params = json_object_new ();
              g_autoptr(JsonObject) result = json_object_new ();
              g_autofree char *destination = g_strdup (c->destination);

              set_channel (self, ch, ONAIR_CHANNEL_LOST, NULL);
              json_object_set_int_member (params, "channel", ch);
              if (destination != NULL)
                json_object_set_string_member (params, "destination_name", destination);
              json_object_set_boolean_member (result, "success", FALSE);
              json_object_set_string_member (result, "message",
                                             "vMix reports the stream off; Onair did not stop it");
              g_signal_emit (self, signals[STREAM_LOST], 0, ch, destination);
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              g_signal_emit (self, signals[OPERATION_FINISHED], 0, "stream_lost", params, result,
                             now);
            }
        }
      self->was_live[ch] = live;
    }
  self->have_previous = TRUE;
}

static void
onair_controller_dispose (GObject *object)
{
  OnairController *self = ONAIR_CONTROLLER (object);

  if (self->poller != NULL)
    g_clear_signal_handler (&self->state_handler, self->poller);
  g_clear_object (&self->poller);
  g_clear_object (&self->secrets);
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
    g_free (self->channels[i].destination);

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

static GTask *
operation_task (OnairController     *self,
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
static OnairVmixState *
check_connected (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  OnairVmixState *state = onair_poller_get_state (self->poller);
  OnairConnectionState connection = onair_poller_get_connection_state (self->poller);

  if (state == NULL || (connection != ONAIR_CONNECTION_CONNECTED &&
                        connection != ONAIR_CONNECTION_DEGRADED))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONNECTED,
                      _("Onair is not connected to vMix. Wait for the connection, or check "
                        "the connection settings."));
      return NULL;
    }
  return state;
}

static gboolean
check_channel (GTask          *task,
               OnairVmixState *state,
               guint           channel)
{
  OnairController *self = g_task_get_source_object (task);
  guint count = onair_vmix_state_get_stream_count (state);

  if (channel >= count || channel >= ONAIR_VMIX_MAX_STREAMS)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_CHANNEL,
                      _("This vMix has %u stream channels; there is no stream %u."),
                      count, channel + 1);
      return FALSE;
    }
  if (self->channels[channel].busy)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                      _("Stream %u is already starting or stopping."), channel + 1);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GTask            *task;
  OnairDestination *destination;
  char             *key;
} KeyLookup;


/* A start needs the stream off, and a vMix that says which streams are on: one that
 * streams without saying which (vMix 21 and older) could not confirm this start. */
static gboolean
check_not_live (GTask          *task,
                OnairVmixState *state,
                guint           channel)
{
  switch (onair_vmix_state_get_stream_state (state, channel))
    {
    case ONAIR_VMIX_STREAM_ON:
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE,
                      _("Stream %u is already live. Stop it before starting it with another "
                        "destination."), channel + 1);
      return FALSE;
    case ONAIR_VMIX_STREAM_UNKNOWN:
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE,
                      _("vMix is already streaming and this version does not report which "
                        "stream, so Onair could not confirm that stream %u started. Stop "
                        "streaming in vMix first."), channel + 1);
      return FALSE;
    case ONAIR_VMIX_STREAM_OFF:
    default:
      return TRUE;
    }
}

static void
send_start_stream (GTask            *task,
                   OnairDestination *destination,
                   const char       *key,
                   const char       *password)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  OnairVmixState *state;
  g_autofree char *index = g_strdup_printf ("%u", op->index);
  g_autofree char *url_value = NULL;
  g_autofree char *key_value = NULL;
  g_autofree char *fingerprint = NULL;
  const char *username = onair_destination_get_username (destination);

  if (key == NULL || *key == '\0')
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_MISSING_KEY,
                      _("The destination “%s” has no stream key. Add the key in Destinations."),
                      onair_destination_get_name (destination));
      return;
    }
  /* The state may have changed while the keyring answered; the channel is still ours. */
  if ((state = check_connected (task)) == NULL)
    return;
  if (!check_not_live (task, state, op->index))
    return;

  fingerprint = onair_key_fingerprint (key);
  json_object_set_string_member (op->params, "key_fingerprint", fingerprint);

  url_value = g_strdup_printf ("%u,%s", op->index, onair_destination_get_server_url (destination));
  key_value = g_strdup_printf ("%u,%s", op->index, key);
  operation_add_call (op, "StreamingSetURL", "Value", url_value, NULL);
  operation_add_call (op, "StreamingSetKey", "Value", key_value, NULL);
  if (username != NULL && *username != '\0')
    {
      g_autofree char *user_value = g_strdup_printf ("%u,%s", op->index, username);
      g_autofree char *password_value = g_strdup_printf ("%u,%s", op->index,
                                                         password ? password : "");

      operation_add_call (op, "StreamingSetUsername", "Value", user_value, NULL);
      operation_add_call (op, "StreamingSetPassword", "Value", password_value, NULL);
      memset (password_value, 0, strlen (password_value));
    }
  operation_add_call (op, "StartStreaming", "Value", index, NULL);
  memset (key_value, 0, strlen (key_value));

  set_channel (self, op->index, ONAIR_CHANNEL_STARTING, op->destination_name);
  send_next_call (task);
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  g_autoptr(OnairDestination) destination = lookup->destination;
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    finish_operation (task, error);
  else
    send_start_stream (task, destination, lookup->key, password);
  onair_secret_free (password);
  onair_secret_free (lookup->key);
  g_free (lookup);
}

static void
key_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  OnairController *self = g_task_get_source_object (lookup->task);
  g_autoptr(GError) error = NULL;

  lookup->key = onair_destination_lookup_key_finish (ONAIR_DESTINATION (object), result, &error);
  if (error != NULL)
    {
      finish_operation (lookup->task, error);
    }
  else if (onair_destination_get_username (lookup->destination) != NULL &&
           *onair_destination_get_username (lookup->destination) != '\0')
    {
      onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_STREAM_PASSWORD,
                                       onair_destination_get_id (lookup->destination),
                                       g_task_get_cancellable (lookup->task),
                                       password_lookup_cb, lookup);
      return;
    }
  else
    {
      send_start_stream (lookup->task, lookup->destination, lookup->key, NULL);
    }
  g_object_unref (lookup->task);
  g_object_unref (lookup->destination);
  onair_secret_free (lookup->key);
  g_free (lookup);
}

/**
 * onair_controller_start_stream_async:
 * @channel: 0-based stream index (0 is vMix's stream 1)
 * @destination: where to stream; its key is read from the keyring
 *
 * Validates the channel (within the stream count the connected vMix reports, not live,
 * not busy), the destination URL (`rtmp://` or `rtmps://` with a host) and the key; then
 * sends `StreamingSetURL`, `StreamingSetKey` (and user name and password when the
 * destination has them) with the `N,` prefix and `StartStreaming` `Value=N`. Completes
 * when a poll shows the channel on, or fails after the confirmation timeout.
 */
void
onair_controller_start_stream_async (OnairController     *self,
                                     guint                channel,
                                     OnairDestination    *destination,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) url_error = NULL;
  g_autofree char *redacted = NULL;
  OnairVmixState *state;
  Operation *op;
  KeyLookup *lookup;
  const char *url;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  g_return_if_fail (ONAIR_IS_DESTINATION (destination));

  op = operation_new (OP_START_STREAM, channel, "stream_started");
  op->confirmable = TRUE;
  op->destination_name = g_strdup (onair_destination_get_name (destination));
  url = onair_destination_get_server_url (destination);
  redacted = onair_witness_redact_url (url ? url : "");
  json_object_set_string_member (op->params, "protocol", "RTMP");
  json_object_set_int_member (op->params, "channel", channel);
  json_object_set_string_member (op->params, "destination", redacted ? redacted : "");
  if (op->destination_name != NULL)
    json_object_set_string_member (op->params, "destination_name", op->destination_name);
  if (onair_destination_get_preset_id (destination) != NULL)
    json_object_set_string_member (op->params, "preset",
                                   onair_destination_get_preset_id (destination));
  task = operation_task (self, op, cancellable, callback, user_data,
                         onair_controller_start_stream_async);

  if (url == NULL || *url == '\0' ||
      !onair_url_validate (url, ONAIR_URL_KIND_RTMP, NULL, &url_error))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_URL,
                      _("The destination “%s” has no usable server URL: %s"),
                      op->destination_name ? op->destination_name : "",
                      url_error ? url_error->message : _("the URL is empty."));
      return;
    }
  if ((state = check_connected (task)) == NULL)
    return;
  if (!check_channel (task, state, channel))
    return;
  if (!check_not_live (task, state, channel))
    return;
  if (!onair_destination_has_key (destination) || self->secrets == NULL)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_MISSING_KEY,
                      _("The destination “%s” has no stream key. Add the key in Destinations."),
                      op->destination_name ? op->destination_name : "");
      return;
    }

  /* Reserve the channel while the keyring answers. */
  self->channels[channel].busy = TRUE;
  op->reserved = TRUE;
  lookup = g_new0 (KeyLookup, 1);
  lookup->task = g_steal_pointer (&task);
  lookup->destination = g_object_ref (destination);
  onair_destination_lookup_key_async (destination, self->secrets, cancellable,
                                      key_lookup_cb, lookup);
}

static gboolean
propagate_boolean (OnairController  *self,
                   GAsyncResult     *result,
                   gpointer          source_tag,
                   GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
onair_controller_start_stream_finish (OnairController  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return propagate_boolean (self, result, onair_controller_start_stream_async, error);
}

/**
 * onair_controller_stop_stream_async:
 * @channel: 0-based stream index
 *
 * Sends `StopStreaming` `Value=N` and completes when a poll shows the channel off.
 */
void
onair_controller_stop_stream_async (OnairController     *self,
                                    guint                channel,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *index = g_strdup_printf ("%u", channel);
  OnairVmixState *state;
  Operation *op;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));

  op = operation_new (OP_STOP_STREAM, channel, "stream_stopped");
  op->confirmable = TRUE;
  json_object_set_int_member (op->params, "channel", channel);
  task = operation_task (self, op, cancellable, callback, user_data,
                         onair_controller_stop_stream_async);

  if ((state = check_connected (task)) == NULL || !check_channel (task, state, channel))
    return;
  if (onair_vmix_state_get_stream_state (state, channel) == ONAIR_VMIX_STREAM_OFF)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_LIVE,
                      _("Stream %u is not live."), channel + 1);
      return;
    }
  if (self->channels[channel].destination != NULL)
    json_object_set_string_member (op->params, "destination_name",
                                   self->channels[channel].destination);

  operation_add_call (op, "StopStreaming", "Value", index, NULL);
  self->channels[channel].busy = TRUE;
  op->reserved = TRUE;
  set_channel (self, channel, ONAIR_CHANNEL_STOPPING, NULL);
  send_next_call (task);
}

gboolean
onair_controller_stop_stream_finish (OnairController  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return propagate_boolean (self, result, onair_controller_stop_stream_async, error);
}

static void
srt_operation (OnairController       *self,
               gboolean               start,
               guint                  output,
               const OnairSrtProfile *profile,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data,
               gpointer               source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *index = g_strdup_printf ("%u", output);
  OnairVmixState *state;
  Operation *op;
  guint n_outputs;

  op = operation_new (start ? OP_START_SRT : OP_STOP_SRT, output,
                      start ? "srt_output_started" : "srt_output_stopped");
  json_object_set_int_member (op->params, "output", output);
  if (profile != NULL)
    json_object_set_object_member (op->params, "profile", onair_srt_profile_to_witness (profile));
  task = operation_task (self, op, cancellable, callback, user_data, source_tag);

  if (profile != NULL && !onair_srt_profile_validate (profile, NULL, &error))
    {
      finish_operation (task, error);
      return;
    }
  if ((state = check_connected (task)) == NULL)
    return;

  /* Outputs vMix does not list (no <outputs> before vMix 28) exist all the same; their
   * SRT state is not reported, so the operation is sent but cannot be confirmed. */
  n_outputs = onair_vmix_state_get_srt_output_count (state);
  op->confirmable = find_srt_output (state, output) != NULL;
  if (n_outputs == 0)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT,
                      _("This vMix (version %s) has no SRT outputs: SRT needs vMix 24 or "
                        "later."), onair_vmix_state_get_version (state));
      return;
    }
  if (output >= n_outputs || output >= G_N_ELEMENTS (self->srt_busy))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT,
                      _("This vMix has %u outputs; there is no output %u."),
                      n_outputs, output + 1);
      return;
    }
  if (self->srt_busy[output])
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                      _("SRT on output %u is already starting or stopping."), output + 1);
      return;
    }

  operation_add_call (op, start ? "StartSRTOutput" : "StopSRTOutput", "Value", index, NULL);
  self->srt_busy[output] = TRUE;
  op->reserved = TRUE;
  send_next_call (task);
}

/**
 * onair_controller_start_srt_output_async:
 * @output: 0-based output number (0 is vMix's output 1)
 * @profile: (nullable): the SRT profile the producer recorded for this output
 *
 * Validates the profile, sends `StartSRTOutput` `Value=N`, and completes when vMix 28's
 * `<outputs>` shows SRT on for the output (older versions do not report it: the result's
 * `confirmed` is then false).
 */
void
onair_controller_start_srt_output_async (OnairController       *self,
                                         guint                  output,
                                         const OnairSrtProfile *profile,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  srt_operation (self, TRUE, output, profile, cancellable, callback, user_data,
                 onair_controller_start_srt_output_async);
}

gboolean
onair_controller_start_srt_output_finish (OnairController  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return propagate_boolean (self, result, onair_controller_start_srt_output_async, error);
}

void
onair_controller_stop_srt_output_async (OnairController     *self,
                                        guint                output,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  srt_operation (self, FALSE, output, NULL, cancellable, callback, user_data,
                 onair_controller_stop_srt_output_async);
}

gboolean
onair_controller_stop_srt_output_finish (OnairController  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return propagate_boolean (self, result, onair_controller_stop_srt_output_async, error);
}

static void
recording_operation (OnairController     *self,
                     gboolean             start,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data,
                     gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  OnairVmixState *state;
  Operation *op;

  op = operation_new (start ? OP_START_RECORDING : OP_STOP_RECORDING, 0,
                      start ? "recording_started" : "recording_stopped");
  op->confirmable = TRUE;
  task = operation_task (self, op, cancellable, callback, user_data, source_tag);

  if ((state = check_connected (task)) == NULL)
    return;
  if (self->recording_busy)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                      _("The recording is already starting or stopping."));
      return;
    }
  if (start && onair_vmix_state_get_recording (state))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_RECORDING,
                      _("vMix is already recording."));
      return;
    }
  if (!start && !onair_vmix_state_get_recording (state))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING,
                      _("vMix is not recording."));
      return;
    }
  if (!start)
    op->duration = onair_vmix_state_get_recording_duration (state);

  operation_add_call (op, start ? "StartRecording" : "StopRecording", NULL);
  self->recording_busy = TRUE;
  op->reserved = TRUE;
  send_next_call (task);
}

/**
 * onair_controller_start_recording_async:
 *
 * Sends `StartRecording` (format, quality and file name come from vMix's settings) and
 * completes when a poll shows vMix recording.
 */
void
onair_controller_start_recording_async (OnairController     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  recording_operation (self, TRUE, cancellable, callback, user_data,
                       onair_controller_start_recording_async);
}

gboolean
onair_controller_start_recording_finish (OnairController  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return propagate_boolean (self, result, onair_controller_start_recording_async, error);
}

/**
 * onair_controller_stop_recording_async:
 *
 * Sends `StopRecording` and completes when a poll shows vMix stopped.
 */
void
onair_controller_stop_recording_async (OnairController     *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  recording_operation (self, FALSE, cancellable, callback, user_data,
                       onair_controller_stop_recording_async);
}

/**
 * onair_controller_stop_recording_finish:
 *
 * Returns: the duration in seconds vMix last reported before the recording stopped,
 *   or -1 with @error set
 */
gint64
onair_controller_stop_recording_finish (OnairController  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
text_is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * onair_controller_write_marker_async:
 * @tag: the marker text, written with the current duration to vMix's recording log
 *
 * Sends `WriteDurationToRecordingLog`.
 */
void
onair_controller_write_marker_async (OnairController     *self,
                                     const char          *tag,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OnairVmixState *state;
  Operation *op;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));

  op = operation_new (OP_MARKER, 0, "vmix_function");
  json_object_set_string_member (op->params, "function", "WriteDurationToRecordingLog");
  json_object_set_string_member (op->params, "tag", tag ? tag : "");
  task = operation_task (self, op, cancellable, callback, user_data,
                         onair_controller_write_marker_async);

  if (tag == NULL || text_is_blank (tag) ||
      g_utf8_strlen (tag, -1) > MAX_MARKER_LENGTH || !g_utf8_validate (tag, -1, NULL))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_MARKER,
                      _("A marker needs a text of 1 to %u characters."), MAX_MARKER_LENGTH);
      return;
    }
  if ((state = check_connected (task)) == NULL)
    return;
  if (!onair_vmix_state_get_recording (state))
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING,
                      _("vMix is not recording: a marker needs a running recording."));
      return;
    }

  operation_add_call (op, "WriteDurationToRecordingLog", "Value", tag, NULL);
  send_next_call (task);
}

gboolean
onair_controller_write_marker_finish (OnairController  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return propagate_boolean (self, result, onair_controller_write_marker_async, error);
}

static gboolean
param_name_is_valid (const char *name)
{
  return onair_vmix_function_name_is_valid (name);
}

/**
 * onair_controller_call_function_async:
 * @function: any vMix function name (letters and digits)
 * @params: (nullable): name, value pairs, %NULL terminated
 *
 * The advanced escape hatch: calls one function. Streaming functions' values are
 * redacted in the witness log, as everywhere.
 */
void
onair_controller_call_function_async (OnairController     *self,
                                      const char          *function,
                                      const char * const  *params,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) call = g_strv_builder_new ();
  g_autofree char *redacted = NULL;
  Operation *op;
  guint n_params = 0;
  gboolean secret_in_call;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));

  op = operation_new (OP_FUNCTION, 0, "vmix_function");
  secret_in_call = onair_held_secrets_match (function);
  json_object_set_string_member (op->params, "function",
                                 secret_in_call ? "<redacted>" : function ? function : "");
  task = operation_task (self, op, cancellable, callback, user_data,
                         onair_controller_call_function_async);

  if (params != NULL)
    n_params = g_strv_length ((GStrv) params);
  for (guint i = 0; i < n_params; i += 2)
    secret_in_call |= onair_held_secrets_match (params[i]);
  /* A key pasted into the function's name (or a parameter's): refused, never echoed. */
  if (secret_in_call)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                      _("That looks like a stream key or password, not a vMix function or "
                        "parameter name. Nothing was sent."));
      return;
    }
  if (!onair_vmix_function_name_is_valid (function) || n_params % 2 != 0)
    {
      fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                      _("“%s” is not a vMix function call: a function name is letters and "
                        "digits, followed by name=value parameters."),
                      function ? function : "");
      return;
    }
  for (guint i = 0; i < n_params; i += 2)
    if (!param_name_is_valid (params[i]))
      {
        fail_operation (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                        _("“%s” is not a parameter name vMix uses (Value, Input, Duration…)."),
                        params[i]);
        return;
      }

  redacted = onair_vmix_redact_query (function, params);
  json_object_set_string_member (op->params, "query", redacted);
  if (check_connected (task) == NULL)
    return;

  g_strv_builder_add (call, function);
  for (guint i = 0; i < n_params; i++)
    g_strv_builder_add (call, params[i]);
  g_ptr_array_add (op->calls, g_strv_builder_end (call));
  send_next_call (task);
}

/**
 * onair_controller_call_function_finish:
 *
 * Returns: (transfer full): vMix's answer text, or %NULL with @error set
 */
char *
onair_controller_call_function_finish (OnairController  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
    set_channel (self, channel, ONAIR_CHANNEL_OFF, NULL);
}
