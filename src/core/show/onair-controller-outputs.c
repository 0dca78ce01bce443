/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-controller-private.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-url.h"
#include "core/witness/onair-witness-event.h"

/* SRT outputs, the recording, markers in vMix's recording log, and custom function calls. */

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

  op = onair_controller_op_new (start ? OP_START_SRT : OP_STOP_SRT, output,
                                start ? "srt_output_started" : "srt_output_stopped");
  json_object_set_int_member (op->params, "output", output);
  if (profile != NULL)
    json_object_set_object_member (op->params, "profile", onair_srt_profile_to_witness (profile));
  task = onair_controller_op_task (self, op, cancellable, callback, user_data, source_tag);

  if (profile != NULL && !onair_srt_profile_validate (profile, NULL, &error))
    {
      onair_controller_finish_op (task, error);
      return;
    }
  if ((state = onair_controller_check_connected (task)) == NULL)
    return;

  /* Outputs vMix does not list (no <outputs> before vMix 28) exist all the same; their
   * SRT state is not reported, so the operation is sent but cannot be confirmed. */
  n_outputs = onair_vmix_state_get_srt_output_count (state);
  op->confirmable = onair_controller_find_srt_output (state, output) != NULL;
  if (n_outputs == 0)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT,
                                _("This vMix (version %s) has no SRT outputs: SRT needs vMix 24 or "
                                "later."), onair_vmix_state_get_version (state));
      return;
    }
  if (output >= n_outputs || output >= G_N_ELEMENTS (self->srt_busy))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT,
                                _("This vMix has %u outputs; there is no output %u."),
                                n_outputs, output + 1);
      return;
    }
  if (self->srt_busy[output])
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                                _("SRT on output %u is already starting or stopping."), output + 1);
      return;
    }

  onair_controller_op_add_call (op, start ? "StartSRTOutput" : "StopSRTOutput", "Value", index, NULL);
  self->srt_busy[output] = TRUE;
  op->reserved = TRUE;
  onair_controller_send_next_call (task);
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
  return onair_controller_propagate_boolean (self, result, onair_controller_start_srt_output_async, error);
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
  return onair_controller_propagate_boolean (self, result, onair_controller_stop_srt_output_async, error);
}

static void
recording_operation (OnairController            *self,
                     gboolean                    start,
                     const OnairOperationOrigin *origin,
                     GCancellable               *cancellable,
                     GAsyncReadyCallback         callback,
                     gpointer                    user_data,
                     gpointer                    source_tag)
{
  g_autoptr(GTask) task = NULL;
  OnairVmixState *state;
  Operation *op;

  op = onair_controller_op_new (start ? OP_START_RECORDING : OP_STOP_RECORDING, 0,
                                start ? "recording_started" : "recording_stopped");
  op->confirmable = TRUE;
  onair_controller_op_set_origin (op, origin);
  task = onair_controller_op_task (self, op, cancellable, callback, user_data, source_tag);

  if ((state = onair_controller_check_connected (task)) == NULL)
    return;
  if (self->recording_busy)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                                _("The recording is already starting or stopping."));
      return;
    }
  if (start && onair_vmix_state_get_recording (state))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_RECORDING,
                                _("vMix is already recording."));
      return;
    }
  if (!start && !onair_vmix_state_get_recording (state))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING,
                                _("vMix is not recording."));
      return;
    }
  if (!start)
    op->duration = onair_vmix_state_get_recording_duration (state);

  onair_controller_op_add_call (op, start ? "StartRecording" : "StopRecording", NULL);
  self->recording_busy = TRUE;
  onair_controller_set_recording_status (self, start ? ONAIR_RECORDING_STARTING
                                                     : ONAIR_RECORDING_STOPPING);
  op->reserved = TRUE;
  onair_controller_send_next_call (task);
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
  recording_operation (self, TRUE, NULL, cancellable, callback, user_data,
                       onair_controller_start_recording_async);
}

/**
 * onair_controller_start_recording_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule)
 *
 * As onair_controller_start_recording_async(), with @origin in the witness event; finish
 * with onair_controller_start_recording_finish().
 */
void
onair_controller_start_recording_full_async (OnairController            *self,
                                             const OnairOperationOrigin *origin,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  recording_operation (self, TRUE, origin, cancellable, callback, user_data,
                       onair_controller_start_recording_async);
}

gboolean
onair_controller_start_recording_finish (OnairController  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return onair_controller_propagate_boolean (self, result, onair_controller_start_recording_async, error);
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
  recording_operation (self, FALSE, NULL, cancellable, callback, user_data,
                       onair_controller_stop_recording_async);
}

/**
 * onair_controller_stop_recording_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule)
 *
 * As onair_controller_stop_recording_async(), with @origin in the witness event; finish
 * with onair_controller_stop_recording_finish().
 */
void
onair_controller_stop_recording_full_async (OnairController            *self,
                                            const OnairOperationOrigin *origin,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  recording_operation (self, FALSE, origin, cancellable, callback, user_data,
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

  op = onair_controller_op_new (OP_MARKER, 0, "vmix_function");
  json_object_set_string_member (op->params, "function", "WriteDurationToRecordingLog");
  json_object_set_string_member (op->params, "tag", tag ? tag : "");
  task = onair_controller_op_task (self, op, cancellable, callback, user_data,
                                   onair_controller_write_marker_async);

  if (tag == NULL || text_is_blank (tag) ||
      g_utf8_strlen (tag, -1) > MAX_MARKER_LENGTH || !g_utf8_validate (tag, -1, NULL))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_MARKER,
                                _("A marker needs a text of 1 to %u characters."), MAX_MARKER_LENGTH);
      return;
    }
  if ((state = onair_controller_check_connected (task)) == NULL)
    return;
  if (!onair_vmix_state_get_recording (state))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING,
                                _("vMix is not recording: a marker needs a running recording."));
      return;
    }

  onair_controller_op_add_call (op, "WriteDurationToRecordingLog", "Value", tag, NULL);
  onair_controller_send_next_call (task);
}

gboolean
onair_controller_write_marker_finish (OnairController  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return onair_controller_propagate_boolean (self, result, onair_controller_write_marker_async, error);
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

  op = onair_controller_op_new (OP_FUNCTION, 0, "vmix_function");
  secret_in_call = onair_held_secrets_match (function);
  json_object_set_string_member (op->params, "function",
                                 secret_in_call ? "<redacted>" : function ? function : "");
  task = onair_controller_op_task (self, op, cancellable, callback, user_data,
                                   onair_controller_call_function_async);

  if (params != NULL)
    n_params = g_strv_length ((GStrv) params);
  for (guint i = 0; i < n_params; i += 2)
    secret_in_call |= onair_held_secrets_match (params[i]);
  /* A key pasted into the function's name (or a parameter's): refused, never echoed. */
  if (secret_in_call)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                                _("That looks like a stream key or password, not a vMix function or "
                                "parameter name. Nothing was sent."));
      return;
    }
  if (!onair_vmix_function_name_is_valid (function) || n_params % 2 != 0)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                                _("“%s” is not a vMix function call: a function name is letters and "
                                "digits, followed by name=value parameters."),
                                function ? function : "");
      return;
    }
  for (guint i = 0; i < n_params; i += 2)
    if (!param_name_is_valid (params[i]))
      {
        onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
                                  _("“%s” is not a parameter name vMix uses (Value, Input, Duration…)."),
                                  params[i]);
        return;
      }

  redacted = onair_vmix_redact_query (function, params);
  json_object_set_string_member (op->params, "query", redacted);
  if (onair_controller_check_connected (task) == NULL)
    return;

  g_strv_builder_add (call, function);
  for (guint i = 0; i < n_params; i++)
    g_strv_builder_add (call, params[i]);
  g_ptr_array_add (op->calls, g_strv_builder_end (call));
  onair_controller_send_next_call (task);
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
