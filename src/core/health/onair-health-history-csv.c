/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-health-series-private.h"

/* The history as text: timestamps and values formatted the same whatever the locale, and the
 * CSV export, written in a worker from a copy of the samples. */

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

/**
 * onair_health_format_double:
 *
 * Returns: (transfer full): the shortest text that reads back as @value, with '.' as the
 *   decimal separator whatever the locale; "" for NaN
 */
char *
onair_health_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");

  /* 15 significant digits read back exactly for most measured values ("0.1", not
   * "0.10000000000000001"); g_ascii_dtostr's 17 digits for the rest. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_dtostr (buffer, sizeof buffer, value);
  return g_strdup (buffer);
}

/* CSV */

typedef struct
{
  char   *id;
  gsize   length;
  gsize   position;
  gint64 *timestamps;
  double *values;
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
      guint64 first;
      guint64 end;

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

static gboolean
flush_csv (CsvJob        *job,
           GString       *out,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (out->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (job->stream, out->str, out->len, NULL, cancellable,
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
  g_autofree char *prefix = NULL;
  gint64 prefix_second = G_MININT64;

  append_csv_field (out, "timestamp");
  for (guint c = 0; c < job->columns->len; c++)
    {
      g_string_append_c (out, ',');
      append_csv_field (out, g_array_index (job->columns, Column, c).id);
    }
  g_string_append (out, "\r\n");

  /* One row per distinct time, merging the columns; a metric without a sample at that time
   * leaves its cell empty, and so does a gap. */
  for (;;)
    {
      gint64 row_ms = G_MAXINT64;
      gboolean any = FALSE;
      gint64 second;
      int millis;

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

      split_ms (row_ms, &second, &millis);
      if (second != prefix_second || prefix == NULL)
        {
          g_free (prefix);
          prefix = format_second_prefix (second);
          prefix_second = second;
        }
      g_string_append_printf (out, "%s%03dZ", prefix, millis);

      for (guint c = 0; c < job->columns->len; c++)
        {
          Column *column = &g_array_index (job->columns, Column, c);

          g_string_append_c (out, ',');
          if (column->position < column->length &&
              column->timestamps[column->position] == row_ms)
            {
              g_autofree char *cell = onair_health_format_double (column->values[column->position]);

              g_string_append (out, cell);
              column->position++;
            }
        }
      g_string_append (out, "\r\n");

      if (out->len >= CSV_FLUSH_SIZE)
        {
          if (!flush_csv (job, out, cancellable, error))
            return FALSE;
        }
    }

  return flush_csv (job, out, cancellable, error);
}

/**
 * onair_health_history_write_csv:
 * @stream: where to write; not closed
 * @metrics: (nullable) (array zero-terminated=1): the columns, %NULL for every metric
 * @from_ms: first time to write (Unix ms), G_MININT64 for the start
 * @to_ms: last time to write, included, G_MAXINT64 for the end
 *
 * Writes the history as CSV (RFC 4180, CRLF line ends): a header row "timestamp,<metric>…",
 * then one row per distinct sample time with the time in RFC 3339 UTC with milliseconds and
 * the values with '.' as the decimal separator whatever the locale. Unknown values and
 * metrics without a sample at that time are empty cells.
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
