/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-health-history-private.h"
#include "onair-health-monitor.h"

/* The history as text: the CSV exports of the samples and of the alerts, written in a
 * worker from a copy of them; times in ISO 8601 (local, with the offset), values with '.'
 * whatever the locale (onair-health-metric.c says how each metric is written). */

#define CSV_FLUSH_SIZE   (64 * 1024)

/* Formatting */

static void
split_ms (gint64  unix_ms,
          gint64 *seconds,
          int    *millis)
{
  *seconds = unix_ms / 1000;
  *millis = (int) (unix_ms % 1000);
  if (*millis < 0)
    {
      *millis += 1000;
      *seconds -= 1;
    }
}

/* "YYYY-MM-DDTHH:MM:SS." in UTC. */
static char *
format_second_prefix (gint64 seconds)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_from_unix_utc (seconds);

  if (datetime == NULL)
    return g_strdup ("");
  return g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S.");
}

/**
 * onair_health_format_timestamp_ms:
 * @unix_ms: Unix time in milliseconds
 *
 * Returns: (transfer full): RFC 3339 UTC with milliseconds, e.g. "2025-11-12T10:30:00.000Z"
 */
char *
onair_health_format_timestamp_ms (gint64 unix_ms)
{
  g_autofree char *prefix = NULL;
  gint64 seconds;
  int millis;

  split_ms (unix_ms, &seconds, &millis);
  prefix = format_second_prefix (seconds);
  return g_strdup_printf ("%s%03dZ", prefix, millis);
}

/* CSV */

typedef struct
{
  gint64 time_ms;
  int    state;
} LaneChange;

typedef struct
{
  char   *id;
  gsize   length;
  gsize   position;
  gint64 *timestamps;
  double *values;
  GArray *lane;          /* LaneChange, for a state metric with a lane */
  guint   lane_position;
} Column;

typedef struct
{
  GOutputStream *stream;
  GArray        *columns;   /* Column */
} CsvJob;

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->id);
  g_free (column->timestamps);
  g_free (column->values);
  g_clear_pointer (&column->lane, g_array_unref);
}

static void
csv_job_free (CsvJob *job)
{
  g_clear_object (&job->stream);
  g_clear_pointer (&job->columns, g_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsvJob, csv_job_free)

/* Copies the samples in [from_ms, to_ms] of the chosen metrics, so that writing can run in
 * a worker thread while the ring keeps filling. */
static CsvJob *
csv_job_new (OnairHealthHistory *self,
             GOutputStream      *stream,
             const char * const *metrics)
{
  CsvJob *job = g_new0 (CsvJob, 1);
  g_auto(GStrv) all = NULL;

  job->stream = g_object_ref (stream);
  job->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (job->columns, column_clear);

  if (metrics == NULL)
    metrics = (const char * const *) (all = onair_health_history_list_metrics (self));

  for (guint i = 0; metrics[i] != NULL; i++)
    {
      Column column = { g_strdup (metrics[i]), 0, };

      g_array_append_val (job->columns, column);
    }
  return job;
}

static void
csv_job_fill (CsvJob             *job,
              OnairHealthHistory *self,
              gint64              from_ms,
              gint64              to_ms)
{
  for (guint c = 0; c < job->columns->len; c++)
    {
      Column *column = &g_array_index (job->columns, Column, c);
      Series *series = onair_health_history_lookup (self, column->id);
      OnairHealthMetricInfo info;
      guint64 first;
      guint64 end;

      if (onair_health_metric_get_info (column->id, &info) && info.lane != NULL)
        {
          column->lane = g_array_new (FALSE, FALSE, sizeof (LaneChange));
          for (guint e = 0; e < self->events->len; e++)
            {
              const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, e);
              LaneChange change = { event->time_ms, event->state };

              if (event->kind == ONAIR_HEALTH_EVENT_LANE && g_str_equal (event->subject, info.lane))
                g_array_append_val (column->lane, change);
            }
        }
      if (series == NULL)
        continue;
      first = onair_health_series_lower_bound (series, onair_health_series_first_seq (series),
                                               series->next_seq, from_ms);
      end = to_ms == G_MAXINT64
              ? series->next_seq
              : onair_health_series_lower_bound (series, first, series->next_seq, to_ms + 1);
      column->length = (gsize) (end - first);
      column->timestamps = g_new (gint64, MAX (column->length, 1));
      column->values = g_new (double, MAX (column->length, 1));
      for (gsize i = 0; i < column->length; i++)
        {
          column->timestamps[i] = sample_time (series, first + i);
          column->values[i] = sample_value (series, first + i);
        }
    }
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
onair_health_csv_field (const char *field)
{
  GString *out = g_string_new (NULL);

  append_csv_field (out, field);
  return g_string_free (out, FALSE);
}

/* "rtt_ms (ms)", "stream_1_live (state)": the metric's id and its unit. */
static void
append_header (GString    *out,
               const char *metric)
{
  OnairHealthMetricInfo info;
  g_autofree char *header = NULL;

  onair_health_metric_get_info (metric, &info);
  if (info.kind == ONAIR_HEALTH_METRIC_STATE)
    header = g_strdup_printf ("%s (state)", metric);
  else if (info.unit != NULL)
    header = g_strdup_printf ("%s (%s)", metric, info.unit);
  else
    header = g_strdup (metric);
  append_csv_field (out, header);
}

/* The lane's state at @time_ms: the last change at or before it. */
static OnairHealthLaneState
column_lane_state (Column *column,
                   gint64  time_ms)
{
  if (column->lane == NULL)
    return ONAIR_HEALTH_LANE_UNKNOWN;
  while (column->lane_position < column->lane->len &&
         g_array_index (column->lane, LaneChange, column->lane_position).time_ms <= time_ms)
    column->lane_position++;
  if (column->lane_position == 0)
    return ONAIR_HEALTH_LANE_UNKNOWN;
  return g_array_index (column->lane, LaneChange, column->lane_position - 1).state;
}

/* "YYYY-MM-DDTHH:MM:SS" and "+01:00" of a second, local time. */
typedef struct
{
  gint64  second;
  char   *prefix;
  char   *offset;
} SecondCache;

static void
append_local_time (GString     *out,
                   SecondCache *cache,
                   gint64       unix_ms)
{
  gint64 second;
  int millis;

  split_ms (unix_ms, &second, &millis);
  if (cache->prefix == NULL || second != cache->second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (second);

      g_clear_pointer (&cache->prefix, g_free);
      g_clear_pointer (&cache->offset, g_free);
      cache->second = second;
      cache->prefix = time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S") : g_strdup ("");
      cache->offset = time ? g_date_time_format (time, "%:z") : g_strdup ("");
    }
  g_string_append_printf (out, "%s.%03d%s", cache->prefix, millis, cache->offset);
}

static gboolean
flush_csv (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (out->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable,
                                  &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Could not write the health history: %s"), local_error->message);
      return FALSE;
    }
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
csv_job_run (CsvJob        *job,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (CSV_FLUSH_SIZE + 4096);
  SecondCache cache = { 0, NULL, NULL };
  gboolean ok;

  append_csv_field (out, "time");
  for (guint c = 0; c < job->columns->len; c++)
    {
      g_string_append_c (out, ',');
      append_header (out, g_array_index (job->columns, Column, c).id);
    }
  g_string_append (out, "\r\n");

  /* One row per distinct time, merging the columns; a metric without a sample at that time
   * leaves its cell empty, and so does a gap. */
  for (;;)
    {
      gint64 row_ms = G_MAXINT64;
      gboolean any = FALSE;

      for (guint c = 0; c < job->columns->len; c++)
        {
          Column *column = &g_array_index (job->columns, Column, c);

          if (column->position < column->length)
            {
              row_ms = MIN (row_ms, column->timestamps[column->position]);
              any = TRUE;
            }
        }
      if (!any)
        break;

      append_local_time (out, &cache, row_ms);

      for (guint c = 0; c < job->columns->len; c++)
        {
          Column *column = &g_array_index (job->columns, Column, c);

          g_string_append_c (out, ',');
          if (column->position < column->length &&
              column->timestamps[column->position] == row_ms)
            {
              g_autofree char *cell =
                onair_health_metric_format_value (column->id, column->values[column->position],
                                                  column_lane_state (column, row_ms));

              g_string_append (out, cell);
              column->position++;
            }
        }
      g_string_append (out, "\r\n");

      if (out->len >= CSV_FLUSH_SIZE && !flush_csv (job->stream, out, cancellable, error))
        {
          g_free (cache.prefix);
          g_free (cache.offset);
          return FALSE;
        }
    }

  ok = flush_csv (job->stream, out, cancellable, error);
  g_free (cache.prefix);
  g_free (cache.offset);
  return ok;
}

/**
 * onair_health_history_write_csv:
 * @stream: where to write; not closed
 * @metrics: (nullable) (array zero-terminated=1): the columns, %NULL for every metric
 * @from_ms: first time to write (Unix ms), G_MININT64 for the start
 * @to_ms: last time to write, included, G_MAXINT64 for the end
 *
 * Writes the history as CSV (RFC 4180, CRLF line ends): a header row "time,<metric> (<unit>)…"
 * (states "(state)"), then one row per distinct sample time with the time in ISO 8601, local
 * with milliseconds and the offset from UTC, and the values as
 * onair_health_metric_format_value() writes them: states as words ("live", "off", "lost"),
 * numbers with '.' whatever the locale. Unknown numbers and metrics without a sample at that
 * time are empty cells.
 *
 * Returns: %TRUE on success
 */
gboolean
onair_health_history_write_csv (OnairHealthHistory  *self,
                                GOutputStream       *stream,
                                const char * const  *metrics,
                                gint64               from_ms,
                                gint64               to_ms,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(CsvJob) job = NULL;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (from_ms <= to_ms, FALSE);

  job = csv_job_new (self, stream, metrics);
  csv_job_fill (job, self, from_ms, to_ms);
  return csv_job_run (job, cancellable, error);
}

static void
write_csv_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (csv_job_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * onair_health_history_write_csv_async:
 *
 * Like onair_health_history_write_csv(), with the samples copied at once and the writing
 * done in a worker thread. Do not use @stream until the operation finished.
 */
void
onair_health_history_write_csv_async (OnairHealthHistory  *self,
                                      GOutputStream       *stream,
                                      const char * const  *metrics,
                                      gint64               from_ms,
                                      gint64               to_ms,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CsvJob *job;

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (from_ms <= to_ms);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_health_history_write_csv_async);
  job = csv_job_new (self, stream, metrics);
  csv_job_fill (job, self, from_ms, to_ms);
  g_task_set_task_data (task, job, (GDestroyNotify) csv_job_free);
  g_task_run_in_thread (task, write_csv_thread);
}

gboolean
onair_health_history_write_csv_finish (OnairHealthHistory  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
