/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-health-history-private.h"
#include "onair-health-monitor.h"

/* The alert list as CSV: each change of health status with its time, level, host and
 * reasons, written in a worker from a copy of the events. */

typedef struct
{
  GOutputStream *stream;
  GArray        *alerts;   /* OnairHealthEvent */
} AlertsJob;

static void
alerts_job_free (AlertsJob *job)
{
  g_clear_object (&job->stream);
  g_clear_pointer (&job->alerts, g_array_unref);
  g_free (job);
}

static void
append_field (GString    *out,
              const char *text)
{
  g_autofree char *field = onair_health_csv_field (text != NULL ? text : "");

  g_string_append (out, field);
}

static void
write_alerts_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  AlertsJob *job = task_data;
  g_autoptr(GString) out = g_string_new ("time,level,previous_level,host,reasons\r\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < job->alerts->len; i++)
    {
      const OnairHealthEvent *alert = &g_array_index (job->alerts, OnairHealthEvent, i);
      g_autofree char *time = onair_health_format_local_timestamp_ms (alert->time_ms);
      g_auto(GStrv) lines = g_strsplit (alert->text != NULL ? alert->text : "", "\n", -1);
      g_autofree char *reasons = g_strjoinv ("; ", lines);

      g_string_append (out, time);
      g_string_append_c (out, ',');
      append_field (out, onair_health_status_to_string (alert->state));
      g_string_append_c (out, ',');
      append_field (out, onair_health_status_to_string (alert->previous));
      g_string_append_c (out, ',');
      append_field (out, alert->subject);
      g_string_append_c (out, ',');
      append_field (out, reasons);
      g_string_append (out, "\r\n");
    }

  if (!g_output_stream_write_all (job->stream, out->str, out->len, NULL, cancellable, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, error->domain, error->code,
                                 _("Could not write the alerts: %s"), error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * onair_health_history_write_alerts_csv_async:
 * @stream: where to write; not closed
 * @from_ms: first time to write (Unix ms), G_MININT64 for the start
 * @to_ms: last time to write, included, G_MAXINT64 for the end
 *
 * Writes the alerts (changes of health status) of the span as CSV (RFC 4180, CRLF line
 * ends): "time,level,previous_level,host,reasons", the time in ISO 8601 (local, with the
 * offset from UTC), the levels as words ("healthy", "warning", "critical", "unknown"), the
 * reasons joined by "; ". The events are copied at once, the writing done in a worker.
 */
void
onair_health_history_write_alerts_csv_async (OnairHealthHistory  *self,
                                             GOutputStream       *stream,
                                             gint64               from_ms,
                                             gint64               to_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AlertsJob *job;

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (from_ms <= to_ms);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_health_history_write_alerts_csv_async);
  job = g_new0 (AlertsJob, 1);
  job->stream = g_object_ref (stream);
  job->alerts = g_array_new (FALSE, TRUE, sizeof (OnairHealthEvent));
  g_array_set_clear_func (job->alerts, onair_health_event_clear);
  for (guint i = onair_health_history_find_event (self, from_ms); i < self->events->len; i++)
    {
      const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);
      OnairHealthEvent copy;

      if (event->time_ms > to_ms)
        break;
      if (event->kind != ONAIR_HEALTH_EVENT_ALERT)
        continue;
      onair_health_event_copy_into (&copy, event);
      g_array_append_val (job->alerts, copy);
    }
  g_task_set_task_data (task, job, (GDestroyNotify) alerts_job_free);
  g_task_run_in_thread (task, write_alerts_thread);
}

gboolean
onair_health_history_write_alerts_csv_finish (OnairHealthHistory  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
