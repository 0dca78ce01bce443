/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-witness-recorder-private.h"

/*
 * What the witness log says about the streams of the run before this one. Onair may quit
 * (or crash) while streams are live; vMix keeps them on. When it starts again, a stream
 * that Onair started and did not see stop is still Onair's: it keeps its destination and
 * its on-air time instead of reading "started outside Onair". The log's tail is read in a
 * thread (the chain is not touched: the file is read on its own); for each host and stream
 * the last `stream_started` (successful, by Onair: a click or a schedule), `stream_stopped`
 * or `stream_lost` wins.
 */

/* A year of shows is hundreds of MB; what was live at the last quit is near the end. */
#define TAIL_BYTES (8 * 1024 * 1024)

void
onair_witness_live_stream_free (OnairWitnessLiveStream *stream)
{
  g_free (stream->host_id);
  g_free (stream->destination_name);
  g_free (stream);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
note_event (GHashTable *live,
            JsonObject *entry)
{
  JsonObject *event = get_object (entry, "event");
  JsonObject *params, *result, *host;
  const char *type, *host_id, *by, *stamp;
  gboolean success;
  gint64 channel;
  g_autofree char *key = NULL;

  if (event == NULL || (params = get_object (event, "params")) == NULL)
    return;
  type = json_object_get_string_member_with_default (event, "event_type", "");
  if (!g_str_equal (type, "stream_started") && !g_str_equal (type, "stream_stopped") &&
      !g_str_equal (type, "stream_lost"))
    return;
  host = get_object (params, "host");
  if (host == NULL || !json_object_has_member (params, "channel"))
    return;
  host_id = json_object_get_string_member_with_default (host, "id", NULL);
  channel = json_object_get_int_member_with_default (params, "channel", -1);
  if (host_id == NULL || channel < 0 || channel >= ONAIR_VMIX_MAX_STREAMS)
    return;
  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, host_id, channel);

  result = get_object (event, "result");
  success = result != NULL && json_object_get_boolean_member_with_default (result, "success", FALSE);
  by = json_object_get_string_member_with_default (params, "by", NULL);
  /* A schedule's start is Onair's as much as a click. */
  if (g_strcmp0 (by, "schedule") == 0)
    by = NULL;
  if (g_str_equal (type, "stream_started") && by == NULL && success)
    {
      OnairWitnessLiveStream *stream = g_new0 (OnairWitnessLiveStream, 1);
      g_autoptr(GDateTime) when = NULL;

      stamp = json_object_get_string_member_with_default (entry, "witness_timestamp", NULL);
      when = stamp != NULL ? g_date_time_new_from_iso8601 (stamp, NULL) : NULL;
      stream->host_id = g_strdup (host_id);
      stream->channel = (guint) channel;
      stream->destination_name =
        g_strdup (json_object_get_string_member_with_default (params, "destination_name", NULL));
      stream->since_us = when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC +
                                        g_date_time_get_microsecond (when) : 0;
      g_hash_table_replace (live, g_steal_pointer (&key), stream);
    }
  else if ((g_str_equal (type, "stream_started") && by != NULL) ||
           g_str_equal (type, "stream_lost") ||
           (g_str_equal (type, "stream_stopped") && success))
    {
      /* Started by someone else, lost, or stopped: not Onair's live stream any more. A
       * refused start or a failed stop leaves it as it was. */
      g_hash_table_remove (live, key);
    }
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GHashTable) live = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autofree char *buffer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GHashTableIter iter;
  gpointer key, value;
  goffset size, start;
  gsize length = 0;
  char *line, *end;

  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_witness_live_stream_free);
  input = g_file_read (file, cancellable, NULL);
  if (input == NULL)
    {
      /* No log yet, or unreadable: nothing to restore. */
      g_task_return_pointer (task, g_steal_pointer (&streams), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
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

  live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) onair_witness_live_stream_free);
  line = buffer;
  /* From the middle of the file, the first line is a part of one. */
  if (start > 0 && (line = strchr (buffer, '\n')) != NULL)
    line++;
  for (; line != NULL && *line != '\0'; line = end != NULL ? end + 1 : NULL)
    {
      JsonNode *root;

      end = strchr (line, '\n');
      if (end == NULL)
        break;      /* a torn last line */
      if (line[0] != '{' || strstr (line, "\"stream_") == NULL)
        continue;   /* the header, or an event that is not about streams */
      if (!json_parser_load_from_data (parser, line, end - line, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        continue;
      note_event (live, json_node_get_object (root));
    }

  g_hash_table_iter_init (&iter, live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Stolen: the key is this loop's to free, the value goes to the array. */
      g_hash_table_iter_steal (&iter);
      g_free (key);
      g_ptr_array_add (streams, value);
    }
  g_task_return_pointer (task, g_steal_pointer (&streams), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * onair_witness_recorder_find_live_streams_async:
 *
 * Reads, in a thread, which streams the witness log says Onair left live: see the top of
 * this file.
 */
void
onair_witness_recorder_find_live_streams_async (OnairWitnessRecorder *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_recorder_find_live_streams_async);
  g_task_set_task_data (task, g_strdup (onair_witness_recorder_get_path (self)), g_free);
  g_task_run_in_thread (task, scan_thread);
}

/**
 * onair_witness_recorder_find_live_streams_finish:
 *
 * Returns: (transfer container) (element-type OnairWitnessLiveStream): the streams
 */
GPtrArray *
onair_witness_recorder_find_live_streams_finish (OnairWitnessRecorder  *self,
                                                 GAsyncResult          *result,
                                                 GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * onair_witness_live_streams_note:
 * @live: (element-type OnairWitnessLiveStream): the streams Onair left live, as read
 * @event_type: an event recorded now
 * @params: its parameters, with `host`
 *
 * Keeps @live up to date with an event of this run, so that a host's new controller (a
 * reconnect, a changed host) learns what Onair started since the log was read.
 */
void
onair_witness_live_streams_note (GPtrArray  *live,
                                 const char *event_type,
                                 JsonObject *params,
                                 JsonObject *result)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) onair_witness_live_stream_free);
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  GHashTableIter iter;
  gpointer key, value;

  /* The same rules as for the log: as an entry, into a table, and back. */
  for (guint i = 0; i < live->len; i++)
    {
      OnairWitnessLiveStream *stream = g_ptr_array_index (live, i);

      g_hash_table_replace (table, g_strdup_printf ("%s\n%u", stream->host_id, stream->channel),
                            stream);
    }
  g_ptr_array_set_free_func (live, NULL);
  g_ptr_array_set_size (live, 0);
  g_ptr_array_set_free_func (live, (GDestroyNotify) onair_witness_live_stream_free);

  json_object_set_string_member (event, "event_type", event_type);
  json_object_set_object_member (event, "params", json_object_ref (params));
  if (result != NULL)
    json_object_set_object_member (event, "result", json_object_ref (result));
  json_object_set_object_member (entry, "event", json_object_ref (event));
  json_object_set_string_member (entry, "witness_timestamp", stamp);
  note_event (table, entry);

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Stolen: the key is this loop's to free, the value goes to the array. */
      g_hash_table_iter_steal (&iter);
      g_free (key);
      g_ptr_array_add (live, value);
    }
}
