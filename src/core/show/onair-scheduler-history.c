/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-scheduler-private.h"

/*
 * Past runs come from the witness log, so that they outlive a restart: each run's
 * `schedule_run` events (pre-flight, start, stop, or missed) say how it went. The log's
 * tail is read in a thread (the chain is not touched: the file is read on its own, as the
 * restore of live streams does) and merged with the runs of this session, each run once.
 */

/* A year of shows is hundreds of MB; the runs worth listing are near the end. */
#define TAIL_BYTES (8 * 1024 * 1024)
/* As many past runs as the page lists. */
#define MAX_RUNS 100

/* What the log says about one run so far. */
typedef struct
{
  char   *schedule_id;
  char   *schedule_name;
  gint64  start_us;
  gint64  end_us;
  char   *note;
  char   *start_outcome;   /* "done", "partial", "failed"; NULL before the start */
  char   *start_message;
  char   *stop_outcome;    /* "done", "failed"; NULL before the stop */
  char   *stop_message;
  char   *missed_message;
  gboolean missed;
} LoggedRun;

static void
logged_run_free (LoggedRun *run)
{
  g_free (run->schedule_id);
  g_free (run->schedule_name);
  g_free (run->note);
  g_free (run->start_outcome);
  g_free (run->start_message);
  g_free (run->stop_outcome);
  g_free (run->stop_message);
  g_free (run->missed_message);
  g_free (run);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
parse_time_us (const char *text)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC : 0;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
note_event (GHashTable *runs,
            GPtrArray  *order,
            JsonObject *entry)
{
  JsonObject *event = get_object (entry, "event");
  JsonObject *params = get_object (event, "params");
  JsonObject *result = get_object (event, "result");
  const char *id, *phase, *outcome, *message;
  g_autofree char *key = NULL;
  LoggedRun *run;
  gint64 start_us;

  if (params == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (event, "event_type", NULL),
                 "schedule_run") != 0)
    return;
  id = json_object_get_string_member_with_default (params, "schedule_id", NULL);
  phase = json_object_get_string_member_with_default (params, "phase", NULL);
  start_us = parse_time_us (json_object_get_string_member_with_default (params, "planned_start",
                                                                        NULL));
  if (id == NULL || phase == NULL || start_us == 0)
    return;
  outcome = result ? json_object_get_string_member_with_default (result, "outcome", NULL) : NULL;
  message = result ? json_object_get_string_member_with_default (result, "message", NULL) : NULL;

  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, id, start_us);
  run = g_hash_table_lookup (runs, key);
  if (run == NULL)
    {
      run = g_new0 (LoggedRun, 1);
      run->schedule_id = g_strdup (id);
      run->start_us = start_us;
      g_hash_table_insert (runs, g_steal_pointer (&key), run);
      g_ptr_array_add (order, run);
    }
  replace (&run->schedule_name, json_object_get_string_member_with_default (params, "schedule",
                                                                            run->schedule_name));
  run->end_us = parse_time_us (json_object_get_string_member_with_default (params, "planned_end",
                                                                           NULL));
  if (json_object_has_member (params, "note"))
    replace (&run->note, json_object_get_string_member_with_default (params, "note", NULL));

  if (g_str_equal (phase, "start"))
    {
      replace (&run->start_outcome, outcome);
      replace (&run->start_message, message);
    }
  else if (g_str_equal (phase, "stop"))
    {
      replace (&run->stop_outcome, outcome);
      replace (&run->stop_message, message);
    }
  else if (g_str_equal (phase, "missed"))
    {
      run->missed = TRUE;
      replace (&run->missed_message, message);
    }
}

/* A run the log tells the end of, as onair_scheduler_finish_run() would have ended it;
 * NULL while it may still be going. */
static OnairScheduleResult *
result_of (LoggedRun *run,
           gint64     now_us)
{
  OnairScheduleResult *result;
  const char *outcome;
  const char *message;

  if (run->missed)
    outcome = "missed", message = run->missed_message;
  else if (run->stop_outcome != NULL)
    {
      outcome = g_strcmp0 (run->stop_outcome, "done") == 0 &&
                g_strcmp0 (run->start_outcome, "done") == 0 ? "done" : "partial";
      message = run->stop_message != NULL ? run->stop_message : run->start_message;
    }
  else if (g_strcmp0 (run->start_outcome, "failed") == 0)
    outcome = "failed", message = run->start_message;
  else if (run->start_outcome != NULL && run->end_us > 0 && run->end_us < now_us)
    {
      /* Onair quit during the show: what it started was left on. */
      outcome = "not-stopped";
      message = _("Onair was not running at the end: what the schedule started was not "
                  "stopped by it.");
    }
  else
    return NULL;

  result = g_new0 (OnairScheduleResult, 1);
  result->run.schedule_id = g_strdup (run->schedule_id);
  result->run.schedule_name = g_strdup (run->schedule_name ? run->schedule_name : "");
  result->run.start_us = run->start_us;
  result->run.end_us = run->end_us;
  result->run.note = g_strdup (run->note);
  result->outcome = g_strdup (outcome);
  result->message = g_strdup (message);
  return result;
}

typedef struct
{
  char   *path;
  gint64  now_us;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_free (data->path);
  g_free (data);
}

static char *
read_tail (const char   *path,
           GCancellable *cancellable,
           gboolean     *from_middle)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  goffset size, start;
  gsize length = 0;
  char *buffer;

  *from_middle = FALSE;
  input = g_file_read (file, cancellable, NULL);
  if (input == NULL)
    return NULL;    /* no log yet, or unreadable: no past runs */
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  size = info != NULL ? g_file_info_get_size (info) : 0;
  start = MAX (size - TAIL_BYTES, 0);
  if (start > 0 && !g_seekable_seek (G_SEEKABLE (input), start, G_SEEK_SET, cancellable, NULL))
    start = size;
  buffer = g_malloc (size - start + 1);
  if (size > start &&
      !g_input_stream_read_all (G_INPUT_STREAM (input), buffer, size - start, &length,
                                cancellable, NULL))
    length = 0;
  buffer[length] = '\0';
  *from_middle = start > 0;
  return buffer;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  g_autoptr(GHashTable) runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) logged_run_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_result_free);
  gboolean from_middle;
  g_autofree char *buffer = read_tail (data->path, cancellable, &from_middle);
  char *line, *end;

  line = buffer;
  /* From the middle of the file, the first line is a part of one. */
  if (line != NULL && from_middle && (line = strchr (buffer, '\n')) != NULL)
    line++;
  for (; line != NULL && *line != '\0'; line = end + 1)
    {
      JsonNode *root;

      end = strchr (line, '\n');
      if (end == NULL)
        break;      /* a torn last line */
      if (line[0] != '{' || g_strstr_len (line, end - line, "\"schedule_run\"") == NULL)
        continue;
      if (!json_parser_load_from_data (parser, line, end - line, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        continue;
      note_event (runs, order, json_node_get_object (root));
    }

  for (guint i = order->len > MAX_RUNS ? order->len - MAX_RUNS : 0; i < order->len; i++)
    {
      OnairScheduleResult *result = result_of (g_ptr_array_index (order, i), data->now_us);

      if (result != NULL)
        g_ptr_array_add (results, result);
    }
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
same_run (const OnairScheduleRun *a,
          const OnairScheduleRun *b)
{
  return g_strcmp0 (a->schedule_id, b->schedule_id) == 0 && a->start_us == b->start_us;
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const OnairScheduleResult *result_a = *(const OnairScheduleResult **) a;
  const OnairScheduleResult *result_b = *(const OnairScheduleResult **) b;

  return result_a->run.start_us < result_b->run.start_us ? -1
         : result_a->run.start_us > result_b->run.start_us;
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OnairScheduler *self;
  g_autoptr(GPtrArray) logged = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the scheduler went away (or reads again): @user_data is not touched. */
  logged = g_task_propagate_pointer (G_TASK (result), &error);
  if (logged == NULL)
    return;
  self = ONAIR_SCHEDULER (user_data);

  for (guint i = 0; i < logged->len; i++)
    {
      OnairScheduleResult *past = g_ptr_array_index (logged, i);
      gboolean known = FALSE;

      /* Written in this session too, or still going here. */
      for (guint j = 0; !known && j < self->history->len; j++)
        known = same_run (&((OnairScheduleResult *) g_ptr_array_index (self->history, j))->run,
                          &past->run);
      for (guint j = 0; !known && j < self->slots->len; j++)
        {
          OnairScheduleSlot *slot = g_ptr_array_index (self->slots, j);

          known = slot->has_run && slot->started && same_run (&slot->run, &past->run);
        }
      if (!known)
        g_ptr_array_add (self->history, g_ptr_array_steal_index (logged, i--));
    }
  g_ptr_array_sort (self->history, compare_results);
  self->history_loaded = TRUE;
  onair_scheduler_emit_changed (self);
}

/* Reads the past runs from @self's witness log, in a thread. */
void
onair_scheduler_load_history (OnairScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->history_loaded = FALSE;
  if (self->recorder == NULL || onair_witness_recorder_get_path (self->recorder) == NULL)
    return;

  self->history_cancellable = g_cancellable_new ();
  data = g_new0 (ScanData, 1);
  data->path = g_strdup (onair_witness_recorder_get_path (self->recorder));
  data->now_us = onair_scheduler_now_us (self);
  /* No reference on the scheduler while the log is read: it may go meanwhile, and then
   * cancels the read. */
  task = g_task_new (NULL, self->history_cancellable, scan_cb, self);
  g_task_set_source_tag (task, onair_scheduler_load_history);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

/**
 * onair_scheduler_get_history_loaded:
 *
 * Returns: %TRUE once the past runs were read from the witness log (::changed says when)
 */
gboolean
onair_scheduler_get_history_loaded (OnairScheduler *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), FALSE);
  return self->history_loaded;
}
