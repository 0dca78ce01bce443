/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-controller-private.h"
#include "core/vmix/onair-vmix-error.h"

/*
 * Sending an operation's calls to vMix one after the other. A call of Onair's own that fails
 * in a way that may pass (HTTP 500, a timeout, a connection reset) is sent once more after a
 * short pause. A custom call is not: vMix answers 500 to a function it does not know as
 * well, and a function sent twice may act twice (Cut, toggles). When a call fails for good,
 * the error says in words what vMix did not do ("vMix did not accept the stream address for
 * Stream 2"), and the function and vMix's own answer go to the witness log's `result`
 * (`function`, `detail`), not to the headline.
 */

#define RETRY_DELAY_MS 300

static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TIMEOUT) ||
         g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION) ||
         g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_HTTP_STATUS) ||
         g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION);
}

/* What vMix did not do, for people: no function names. */
static char *
describe_call (Operation  *op,
               const char *function)
{
  guint n = op->index + 1;

  if (g_str_equal (function, "StreamingSetURL"))
    return g_strdup_printf (_("vMix did not accept the stream address for Stream %u"), n);
  if (g_str_equal (function, "StreamingSetKey"))
    return g_strdup_printf (_("vMix did not accept the stream key for Stream %u"), n);
  if (g_str_equal (function, "StreamingSetUsername") ||
      g_str_equal (function, "StreamingSetPassword"))
    return g_strdup_printf (_("vMix did not accept the sign-in details for Stream %u"), n);
  if (g_str_equal (function, "StartStreaming"))
    return g_strdup_printf (_("vMix did not start Stream %u"), n);
  if (g_str_equal (function, "StopStreaming"))
    return g_strdup_printf (_("vMix did not stop Stream %u"), n);
  if (g_str_equal (function, "StartSRTOutput"))
    return g_strdup_printf (_("vMix did not start SRT on Output %u"), n);
  if (g_str_equal (function, "StopSRTOutput"))
    return g_strdup_printf (_("vMix did not stop SRT on Output %u"), n);
  if (g_str_equal (function, "StartRecording"))
    return g_strdup (_("vMix did not start the recording"));
  if (g_str_equal (function, "StopRecording"))
    return g_strdup (_("vMix did not stop the recording"));
  if (g_str_equal (function, "WriteDurationToRecordingLog"))
    return g_strdup (_("vMix did not write the marker into the recording log"));
  /* A custom call: the producer typed the function's name, so it may be named. */
  return g_strdup_printf (_("vMix did not run “%s”"), function);
}

static const char *
describe_cause (const GError *error,
                gboolean      retried)
{
  if (g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TIMEOUT))
    return retried ? _("it did not answer in time, also when asked again")
                   : _("it did not answer in time");
  if (g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION))
    return retried ? _("the connection broke, also when asked again")
                   : _("the connection broke");
  if (g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION_REFUSED))
    return _("nothing answers at its address");
  if (g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_AUTH))
    return _("it refused the user name or password set in Preferences");
  if (g_error_matches (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION) && !retried)
    return _("it does not know this function (function names are case-sensitive)");
  return retried ? _("it answered with an error, also when asked again")
                 : _("it answered with an error");
}

static void
fail_call (GTask        *task,
           const char   *function,
           const GError *error)
{
  Operation *op = g_task_get_task_data (task);
  g_autofree char *what = describe_call (op, function);
  g_autoptr(GError) worded = NULL;

  g_free (op->failed_function);
  op->failed_function = g_strdup (function);
  g_free (op->failure_detail);
  op->failure_detail = g_strdup (error->message);
  /* Translators: "vMix did not start Stream 2: it answered with an error…" */
  worded = g_error_new (error->domain, error->code, _("%s: %s."), what,
                        describe_cause (error, op->retried));
  onair_controller_finish_op (task, worded);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Operation *op = g_task_get_task_data (task);

  op->retry_id = 0;
  onair_controller_send_next_call (task);
  return G_SOURCE_REMOVE;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  const char * const *call = g_ptr_array_index (op->calls, op->next_call);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_vmix_client_call_finish (ONAIR_VMIX_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        onair_controller_finish_op (task, error);
      else if (is_transient (error) && !op->retried && op->kind != OP_FUNCTION)
        {
          g_debug ("%s failed (%s); asking once more", call[0], error->message);
          op->retried = TRUE;
          op->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, RETRY_DELAY_MS, retry_cb,
                                             g_object_ref (task), g_object_unref);
        }
      else
        fail_call (task, call[0], error);
      return;
    }
  g_free (op->answer);
  op->answer = g_steal_pointer (&answer);
  op->next_call++;
  op->retried = FALSE;
  onair_controller_send_next_call (task);
}

void
onair_controller_send_next_call (GTask *task)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  const char * const *call;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The operation was cancelled."));

      onair_controller_finish_op (task, error);
      return;
    }

  if (op->next_call >= op->calls->len)
    {
      onair_controller_wait_for_confirmation (task);
      return;
    }

  call = g_ptr_array_index (op->calls, op->next_call);
  onair_vmix_client_call_async (onair_poller_get_client (self->poller), call[0], &call[1],
                                g_task_get_cancellable (task), call_cb, g_object_ref (task));
}
