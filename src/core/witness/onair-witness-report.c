/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "onair-witness-chain-private.h"
#include "onair-witness-describe.h"
#include "onair-witness-report-private.h"

/*
 * The audit report: what a compliance officer files after a show. The chain as it is when the
 * report is asked for is verified and read in a worker thread, its entries (all, or those of
 * a filter) described in words, and the PDF written beside its destination and moved into
 * place. On a writable chain the report is recorded as an `export_created` event, as a JSON
 * export is.
 */

#define CHECK_EVERY 1024

/* Paper */

/* Whether a locale name ("en_US.UTF-8", "fr_CA@x") is of a territory that uses Letter. */
static gboolean
territory_uses_letter (const char *locale)
{
  const char *territory = locale != NULL ? strchr (locale, '_') : NULL;

  if (territory == NULL)
    return FALSE;
  territory++;
  return (g_str_has_prefix (territory, "US") || g_str_has_prefix (territory, "CA")) &&
         strchr (".@", territory[2]) != NULL;
}

/**
 * onair_witness_paper_from_locale:
 *
 * The paper of the user's locale: LC_PAPER's size where the C library knows it (glibc), else
 * Letter for the United States and Canada (LC_ALL, LC_PAPER, LC_MEASUREMENT or LANG) and A4
 * everywhere else.
 *
 * Returns: the paper to print on
 */
OnairWitnessPaper
onair_witness_paper_from_locale (void)
{
  const char * const variables[] = { "LC_ALL", "LC_PAPER", "LC_MEASUREMENT", "LANG" };

#ifdef __GLIBC__
  {
    const char *current = setlocale (LC_PAPER, NULL);

    /* Only a locale really set up says anything: "C" is also what a locale that is not
     * installed falls back to. */
    if (current != NULL && g_strcmp0 (current, "C") != 0 && g_strcmp0 (current, "POSIX") != 0)
      {
        unsigned int width = (unsigned int) (uintptr_t) nl_langinfo (_NL_PAPER_WIDTH);
        unsigned int height = (unsigned int) (uintptr_t) nl_langinfo (_NL_PAPER_HEIGHT);

        if (width == 216 && height == 279)
          return ONAIR_WITNESS_PAPER_LETTER;
        if (width == 210 && height == 297)
          return ONAIR_WITNESS_PAPER_A4;
      }
  }
#endif

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return territory_uses_letter (value) ? ONAIR_WITNESS_PAPER_LETTER
                                             : ONAIR_WITNESS_PAPER_A4;
    }
  return ONAIR_WITNESS_PAPER_A4;
}

/**
 * onair_witness_paper_get_size:
 * @width_pt: (out): in points (1/72 inch)
 * @height_pt: (out): in points
 */
void
onair_witness_paper_get_size (OnairWitnessPaper  paper,
                              double            *width_pt,
                              double            *height_pt)
{
  if (paper == ONAIR_WITNESS_PAPER_LETTER)
    {
      *width_pt = 8.5 * 72;
      *height_pt = 11 * 72;
    }
  else
    {
      *width_pt = 210 / 25.4 * 72;
      *height_pt = 297 / 25.4 * 72;
    }
}

/* Words */

/* "2025-11-12 21:04:13", local time; with the zone, " CET (UTC+01:00)" after it. */
char *
onair_witness_report_format_time (gint64   unix_ms,
                                  gboolean with_zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_ms == G_MININT64)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  if (local == NULL)
    return g_strdup ("—");
  if (with_zone)
    {
      g_autofree char *abbreviation = g_date_time_format (local, "%Z");

      /* "CET (UTC+01:00)", but "UTC" alone, and "UTC+03:00" for a zone without a name. */
      if (g_strcmp0 (abbreviation, "UTC") == 0)
        return g_date_time_format (local, "%Y-%m-%d %H:%M:%S UTC");
      if (abbreviation == NULL || *abbreviation == '+' || *abbreviation == '-')
        return g_date_time_format (local, "%Y-%m-%d %H:%M:%S UTC%:z");
      return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z (UTC%:z)");
    }
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
describe_filter (const OnairWitnessFilter *filter)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (filter == NULL || onair_witness_filter_is_empty (filter))
    return NULL;

  if (filter->event_type != NULL && *filter->event_type != '\0')
    {
      const char *name = onair_witness_event_type_name (filter->event_type);

      /* Translators: "Events: Stream started (stream_started)" */
      g_string_append_printf (text, _("Events: %s (%s)"), name ? name : filter->event_type,
                              filter->event_type);
    }
  if (filter->from != NULL)
    {
      g_autofree char *from = onair_witness_report_format_time (
        g_date_time_to_unix (filter->from) * 1000 + g_date_time_get_microsecond (filter->from) / 1000,
        FALSE);

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, _("from %s"), from);
    }
  if (filter->to != NULL)
    {
      g_autofree char *to = onair_witness_report_format_time (
        g_date_time_to_unix (filter->to) * 1000 + g_date_time_get_microsecond (filter->to) / 1000,
        FALSE);

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, _("to %s"), to);
    }
  if (filter->text != NULL && *filter->text != '\0')
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: a text search, e.g. containing “twitch” */
      g_string_append_printf (text, _("containing “%s”"), filter->text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The report's data */

static void
row_clear (OnairWitnessReportRow *row)
{
  g_free (row->host);
  g_free (row->event);
  g_free (row->target);
  g_free (row->result);
}

static void
report_free (OnairWitnessReport *report)
{
  g_free (report->chain_id);
  g_free (report->created);
  g_clear_pointer (&report->verification, onair_witness_verification_free);
  g_free (report->verify_error);
  g_free (report->filter);
  g_clear_pointer (&report->rows, g_array_unref);
  g_free (report->public_key);
  g_free (report->fingerprint);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairWitnessReport, report_free)

static void
describe_row (OnairWitnessReportRow *row,
              JsonParser            *parser,
              const char            *line,
              gsize                  length)
{
  JsonNode *root;
  JsonNode *event_node;
  JsonObject *event;
  g_autofree char *failure = NULL;

  if (!json_parser_load_from_data (parser, line, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (event_node = json_object_get_member (json_node_get_object (root), "event")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (event_node))
    {
      row->event = g_strdup (_("Unreadable entry"));
      row->result = g_strdup ("—");
      return;
    }

  event = json_node_get_object (event_node);
  row->event = onair_witness_describe_event (event);
  row->target = onair_witness_describe_target (event);
  row->host = g_strdup (onair_witness_event_get_host_name (event));
  failure = onair_witness_describe_failure (event);
  if (row->failed)
    /* Translators: the result of an operation that failed, with what went wrong */
    row->result = failure ? g_strdup_printf (_("Failed: %s"), failure) : g_strdup (_("Failed"));
  else
    /* Translators: the result of an operation that succeeded */
    row->result = g_strdup (_("Done"));
}

/* Reads the entries up to @limit that @filter lets through into the report's rows. */
static gboolean
collect_rows (OnairWitness              *self,
              guint64                    limit,
              const OnairWitnessFilter  *filter,
              OnairWitnessReport        *report,
              OnairWitnessProgress      *progress,
              GCancellable              *cancellable,
              GError                   **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  OnairJsonScanner scanner;
  OnairLineReader reader;
  OnairLineResult r;
  const char *line;
  gsize length;
  guint64 offset;
  guint64 n = 0;
  gboolean ok = FALSE;

  onair_json_scanner_init (&scanner);
  onair_line_reader_init (&reader, self->read_fd, limit);

  /* The header. */
  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  while (r == ONAIR_LINE_OK &&
         (r = onair_line_reader_next (&reader, &line, &length, &offset, error)) == ONAIR_LINE_OK)
    {
      OnairWitnessIndexEntry entry;
      OnairWitnessReportRow row = { 0 };

      if (onair_json_scanner_parse (&scanner, line, length) == ONAIR_JSON_OK)
        onair_witness_index_parsed (&scanner, scratch, offset, length, &entry);
      else
        onair_witness_index_unreadable (offset, length, &entry);

      if (++n % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          onair_witness_progress_report (progress, offset * 40 / MAX (limit, 1), 100);
        }

      if (!onair_witness_filter_match_index (filter, &entry, line, length))
        continue;

      row.seq = entry.readable ? entry.seq : -1;
      row.time_ms = entry.timestamp_ms;
      row.failed = entry.result == ONAIR_WITNESS_RESULT_FAILURE;
      if (entry.readable)
        describe_row (&row, parser, line, length);
      else
        {
          row.event = g_strdup (_("Unreadable line"));
          row.result = g_strdup ("—");
        }
      if (row.time_ms != G_MININT64)
        {
          report->first_ms = report->first_ms == G_MININT64 ? row.time_ms
                                                            : MIN (report->first_ms, row.time_ms);
          report->last_ms = MAX (report->last_ms, row.time_ms);
        }
      report->any_host |= row.host != NULL;
      g_array_append_val (report->rows, row);
    }
  /* A line too long to be an entry ends what can be read; the verification says so. */
  ok = r != ONAIR_LINE_ERROR;

out:
  onair_line_reader_clear (&reader);
  onair_json_scanner_clear (&scanner);
  return ok;
}

/* Writing */

static gboolean
write_report_file (const OnairWitnessReport  *report,
                   GFile                     *destination,
                   OnairWitnessProgress      *progress,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autofree char *path = g_file_get_path (destination);
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  int fd;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (destination);

      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("The report cannot be saved to “%s”: choose a folder on this computer."),
                   uri);
      return FALSE;
    }

  display = g_filename_display_name (path);
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Could not create the report “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (!onair_witness_report_write_pdf (report, fd, progress, cancellable, error))
    {
      close (fd);
      g_unlink (tmp_path);
      return FALSE;
    }
  if (fsync (fd) < 0 || close (fd) < 0 || g_rename (tmp_path, path) < 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Could not write the report “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  return onair_witness_fsync_dir (path, error);
}

static void
record_report (OnairWitness             *self,
               GFile                    *destination,
               const OnairWitnessReport *report,
               const GError             *failure)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (destination);

  json_object_set_string_member (params, "file", name);
  json_object_set_string_member (params, "format", "pdf");
  json_object_set_boolean_member (params, "complete", report->filter == NULL);
  if (failure == NULL)
    {
      result = onair_witness_result_new (TRUE);
      json_object_set_int_member (result, "total_events", (gint64) report->rows->len);
      json_object_set_boolean_member (result, "chain_valid",
                                      report->verification != NULL && report->verification->valid);
    }
  else
    {
      result = onair_witness_result_new_from_error (failure);
    }
  event = onair_witness_event_new ("export_created", NULL, g_steal_pointer (&params),
                                   g_steal_pointer (&result));
  if (!onair_witness_append_internal (self, event, NULL, NULL, NULL, &error))
    g_warning ("Could not record the report: %s", error->message);
}

static gboolean
report_internal (OnairWitness              *self,
                 GFile                     *destination,
                 const OnairWitnessFilter  *filter,
                 const char                *public_key,
                 OnairWitnessPaper          paper,
                 OnairWitnessProgress      *progress,
                 guint64                   *n_events,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  g_autoptr(OnairWitnessReport) report = g_new0 (OnairWitnessReport, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) verify_error = NULL;
  OnairWitnessAnchor head;
  gboolean head_known, can_record, ok;
  guint64 size;

  g_mutex_lock (&self->mutex);
  size = self->size;
  head = self->head;
  head_known = self->head_known;
  can_record = !self->read_only && !self->closed;
  report->total_entries = self->index->len;
  g_mutex_unlock (&self->mutex);

  report->chain_id = g_strdup (self->chain_id);
  report->created = g_strdup (self->created);
  report->format_version = self->format_version;
  report->filter = describe_filter (filter);
  report->rows = g_array_new (FALSE, TRUE, sizeof (OnairWitnessReportRow));
  g_array_set_clear_func (report->rows, (GDestroyNotify) row_clear);
  report->first_ms = report->last_ms = G_MININT64;
  report->paper = paper;
  if (public_key != NULL)
    {
      report->public_key = g_strdup (public_key);
      report->fingerprint = onair_witness_public_key_fingerprint (public_key);
    }

  /* The whole chain is verified, whatever the filter: the report says whether the log holds. */
  report->verification = onair_witness_verify_chain_fd (self->read_fd, size,
                                                        ONAIR_WITNESS_VERIFY_NONE,
                                                        head_known ? &head : NULL, NULL,
                                                        cancellable, &verify_error);
  report->verified_ms = g_get_real_time () / 1000;
  if (g_error_matches (verify_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&verify_error));
      return FALSE;
    }
  if (verify_error != NULL)
    report->verify_error = g_strdup (verify_error->message);

  ok = collect_rows (self, size, filter, report, progress, cancellable, &local_error) &&
       write_report_file (report, destination, progress, cancellable, &local_error);

  if (can_record && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    record_report (self, destination, report, local_error);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  onair_witness_progress_report (progress, 100, 100);
  if (n_events != NULL)
    *n_events = report->rows->len;
  return TRUE;
}

/**
 * onair_witness_write_report:
 * @self: a chain
 * @destination: the PDF file, replaced once complete
 * @filter: (nullable): the entries to list; %NULL or an empty filter for all
 * @public_key: (nullable): base64 of the key that signs the log's JSON exports, shown with
 *   its fingerprint and how to check an export against it
 * @paper: A4 or Letter, see onair_witness_paper_from_locale()
 * @n_events: (out) (optional): the number of entries listed
 *
 * Writes the audit report, blocking; see onair_witness_write_report_async().
 *
 * Returns: %TRUE when @destination is complete on disk
 */
gboolean
onair_witness_write_report (OnairWitness              *self,
                            GFile                     *destination,
                            const OnairWitnessFilter  *filter,
                            const char                *public_key,
                            OnairWitnessPaper          paper,
                            guint64                   *n_events,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);

  return report_internal (self, destination, filter, public_key, paper, NULL, n_events,
                          cancellable, error);
}

typedef struct {
  GFile                *destination;
  OnairWitnessFilter   *filter;
  char                 *public_key;
  OnairWitnessPaper     paper;
  OnairWitnessProgress *progress;
  guint64               n_events;
} ReportData;

static void
report_data_free (ReportData *data)
{
  onair_witness_progress_unref (data->progress);
  g_clear_object (&data->destination);
  g_clear_pointer (&data->filter, onair_witness_filter_free);
  g_free (data->public_key);
  g_free (data);
}

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportData *data = task_data;
  GError *error = NULL;

  if (report_internal (source_object, data->destination, data->filter, data->public_key,
                       data->paper, data->progress, &data->n_events, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * onair_witness_write_report_async:
 * @self: a chain
 * @destination: the PDF file, replaced once complete (temporary file + rename)
 * @filter: (nullable): the entries to list; %NULL or an empty filter for all
 * @public_key: (nullable): base64 of the key that signs the log's JSON exports
 * @paper: A4 or Letter
 * @progress: (nullable) (scope notified): called in the caller's main context
 *
 * Writes the audit report of the chain as it is when called, in a worker thread: title, chain
 * id, time range, filter, the result of verifying the whole chain, the signing key and how to
 * verify a JSON export with it, then the entries as a table, on numbered pages. Cancelling
 * leaves @destination as it was. On a writable chain the report (or its failure) is recorded
 * as an `export_created` event with `"format": "pdf"`.
 */
void
onair_witness_write_report_async (OnairWitness             *self,
                                  GFile                    *destination,
                                  const OnairWitnessFilter *filter,
                                  const char               *public_key,
                                  OnairWitnessPaper         paper,
                                  OnairWitnessProgressFunc  progress,
                                  gpointer                  progress_data,
                                  GDestroyNotify            progress_destroy,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  ReportData *data;

  g_return_if_fail (ONAIR_IS_WITNESS (self));
  g_return_if_fail (G_IS_FILE (destination));

  data = g_new0 (ReportData, 1);
  data->destination = g_object_ref (destination);
  data->filter = filter != NULL ? onair_witness_filter_copy (filter) : NULL;
  data->public_key = g_strdup (public_key);
  data->paper = paper;
  data->progress = onair_witness_progress_new (progress, progress_data, progress_destroy, context);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_write_report_async);
  g_task_set_task_data (task, data, (GDestroyNotify) report_data_free);
  g_task_run_in_thread (task, report_thread);
}

/**
 * onair_witness_write_report_finish:
 * @n_events: (out) (optional): the number of entries listed
 *
 * Returns: %TRUE when the report is complete on disk
 */
gboolean
onair_witness_write_report_finish (OnairWitness  *self,
                                   GAsyncResult  *result,
                                   guint64       *n_events,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_events != NULL)
    *n_events = ((ReportData *) g_task_get_task_data (G_TASK (result)))->n_events;
  return TRUE;
}
