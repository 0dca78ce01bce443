/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "onair-canonical-json.h"
#include "onair-witness-chain-private.h"

/* Writing entries: the hashed form of an entry, the line written to disk, and appends, each
 * durable (fsync) before a reader sees it. */

static gboolean split_writes_for_testing;

/* The hashed form of an entry: its members but current_hash, in canonical (sorted) order. */
static void
build_hashed_entry (GString    *out,
                    gint64      seq,
                    const char *event_canonical,
                    gsize       event_length,
                    const char *previous_hash,
                    const char *witness_timestamp)
{
  g_string_append_len (out, "{\"event\":", 9);
  g_string_append_len (out, event_canonical, event_length);
  g_string_append_len (out, ",\"previous_hash\":", 17);
  onair_canonical_json_append_string (out, previous_hash, strlen (previous_hash));
  g_string_append_len (out, ",\"seq\":", 7);
  onair_canonical_json_append_int (out, seq);
  g_string_append_len (out, ",\"witness_timestamp\":", 21);
  onair_canonical_json_append_string (out, witness_timestamp, strlen (witness_timestamp));
  g_string_append_c (out, '}');
}

/**
 * onair_witness_compute_entry_hash:
 * @seq: the entry's seq
 * @event: the event
 * @previous_hash: current_hash of the entry before (genesis_hash for seq 0)
 * @witness_timestamp: when the entry is written
 *
 * Returns: (transfer full) (nullable): the entry's current_hash, or %NULL if @event has no
 *   canonical form (a float, see onair_canonical_json_append())
 */
char *
onair_witness_compute_entry_hash (gint64       seq,
                                  JsonObject  *event,
                                  const char  *previous_hash,
                                  const char  *witness_timestamp,
                                  GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) canon = g_string_new (NULL);
  g_autoptr(GString) hashed = g_string_new (NULL);
  char hex[65];

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (previous_hash != NULL, NULL);
  g_return_val_if_fail (witness_timestamp != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), event);
  if (!onair_canonical_json_append (canon, node, error))
    return NULL;

  build_hashed_entry (hashed, seq, canon->str, canon->len, previous_hash, witness_timestamp);
  onair_witness_sha256_hex (hashed->str, hashed->len, hex);

  return g_strdup (hex);
}

/* Builds the line written to disk (members in the format's order, event canonical) and its
 * current_hash. */
void
onair_witness_build_entry_line (GString    *line,
                                GString    *scratch,
                                gint64      seq,
                                const char *event_canonical,
                                gsize       event_length,
                                const char *previous_hash,
                                const char *witness_timestamp,
                                char       *hash_out)
{
  g_string_truncate (scratch, 0);
  build_hashed_entry (scratch, seq, event_canonical, event_length, previous_hash,
                      witness_timestamp);
  onair_witness_sha256_hex (scratch->str, scratch->len, hash_out);

  g_string_truncate (line, 0);
  g_string_append_len (line, "{\"seq\":", 7);
  onair_canonical_json_append_int (line, seq);
  g_string_append_len (line, ",\"event\":", 9);
  g_string_append_len (line, event_canonical, event_length);
  g_string_append_len (line, ",\"previous_hash\":", 17);
  onair_canonical_json_append_string (line, previous_hash, strlen (previous_hash));
  g_string_append_len (line, ",\"witness_timestamp\":", 21);
  onair_canonical_json_append_string (line, witness_timestamp, strlen (witness_timestamp));
  g_string_append_len (line, ",\"current_hash\":\"", 17);
  g_string_append_len (line, hash_out, ONAIR_WITNESS_HASH_LENGTH);
  g_string_append_len (line, "\"}\n", 3);
}

/* Appending */

static gint64
event_time_ms (JsonObject *event)
{
  const char *text = json_object_get_string_member_with_default (event, "timestamp", NULL);
  gint64 ms;

  return text != NULL && onair_witness_parse_timestamp (text, &ms) ? ms : G_MININT64;
}

/* @event with a timestamp: a shallow copy, so that the caller's object stays as it was. */
static JsonObject *
stamp_event (JsonObject *event,
             const char *timestamp)
{
  JsonObject *stamped = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, event);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (stamped, name, json_node_copy (member));
  json_object_set_string_member (stamped, "timestamp", timestamp);
  return stamped;
}

/* Appends @event, unless @unless_after is the type of the chain's last entry.
 *
 * The chain's times stay in order by construction: when Onair picks the witness_timestamp
 * (@witness_timestamp is NULL, always but in tests), it is now, or the latest time the chain
 * already holds if the clock went back, or the event's own timestamp if that is later still.
 * So no event's timestamp is later than its own witness_timestamp or any later entry's, and
 * witness_timestamps never decrease. An event without a timestamp (one that happens as it is
 * recorded) is stamped with its witness_timestamp. */
gboolean
onair_witness_append_internal (OnairWitness        *self,
                               JsonObject          *event,
                               const char          *witness_timestamp,
                               const char          *unless_after,
                               OnairWitnessAnchor  *head,
                               GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) stamped = NULL;
  g_autofree char *own_timestamp = NULL;
  gint64 event_ms = event_time_ms (event);
  gint64 written_ms = G_MININT64;
  gint64 latest_ms;
  g_autoptr(GString) scratch = NULL;
  OnairWitnessIndexEntry entry;
  const char *type = json_object_get_string_member_with_default (event, "event_type", NULL);
  OnairWitnessAnchor previous;
  OnairJsonStatus status;
  guint64 size;
  char hash[65];
  gint64 seq;
  int fd;
  gboolean ok = FALSE;

  if (type == NULL || *type == '\0')
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("A witness event needs an event_type."));
      return FALSE;
    }

  g_mutex_lock (&self->append_mutex);

  g_mutex_lock (&self->mutex);
  if (self->read_only)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_READ_ONLY,
                   _("The witness log was opened read-only."));
      goto out;
    }
  if (self->closed || self->write_fd < 0)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("The witness log was closed."));
      goto out;
    }
  g_assert (self->head_known);
  if (unless_after != NULL && self->index->len > 0 &&
      g_array_index (self->index, OnairWitnessIndexEntry, self->index->len - 1).event_type ==
      g_intern_string (unless_after))
    {
      if (head != NULL)
        *head = self->head;
      g_mutex_unlock (&self->mutex);
      g_mutex_unlock (&self->append_mutex);
      return TRUE;
    }
  /* Only appends change these, and this one holds append_mutex. */
  previous = self->head;
  size = self->size;
  fd = self->write_fd;
  latest_ms = self->latest_ms;
  g_mutex_unlock (&self->mutex);

  if (witness_timestamp == NULL)
    {
      written_ms = MAX (g_get_real_time () / 1000, MAX (latest_ms, event_ms));
      witness_timestamp = own_timestamp = onair_witness_format_timestamp_ms (written_ms);
    }
  else if (!onair_witness_parse_timestamp (witness_timestamp, &written_ms))
    {
      written_ms = G_MININT64;
    }
  if (!json_object_has_member (event, "timestamp"))
    {
      stamped = stamp_event (event, witness_timestamp);
      event_ms = written_ms;
    }
  node = json_node_init_object (json_node_alloc (), stamped != NULL ? stamped : event);

  g_string_truncate (self->canon, 0);
  if (!onair_canonical_json_append (self->canon, node, error))
    goto out;

  seq = previous.seq + 1;
  scratch = g_string_new (NULL);
  onair_witness_build_entry_line (self->line, scratch, seq, self->canon->str, self->canon->len,
                                  previous.hash, witness_timestamp, hash);

  /* Nothing is written that a verifier would not read back as an entry. */
  if (self->line->len - 1 > ONAIR_WITNESS_MAX_LINE)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TOO_LARGE,
                   _("The witness event “%s” is too large to record: its entry would be "
                     "%" G_GSIZE_FORMAT " bytes long, and a line of the witness log holds at most "
                     "%d."), type, self->line->len - 1, ONAIR_WITNESS_MAX_LINE);
      goto out;
    }
  status = onair_json_scanner_parse (&self->scanner, self->line->str, self->line->len - 1);
  if (status == ONAIR_JSON_ERROR_DEPTH)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("The witness event “%s” is nested too deep to record: its entry would be "
                     "nested deeper than %u levels."), type, self->scanner.max_depth);
      goto out;
    }
  if (status != ONAIR_JSON_OK)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("The witness event “%s” cannot be written as a witness entry."), type);
      goto out;
    }

  /* Written and synced without the readers' mutex: the list model keeps answering. */
  if (split_writes_for_testing)
    {
      /* Widens the window in which a crash leaves half a line, for the crash test. */
      gsize half = self->line->len / 2;

      ok = onair_witness_write_all (fd, self->line->str, half, error);
      g_usleep (2000);
      ok = ok && onair_witness_write_all (fd, self->line->str + half,
                                          self->line->len - half, error);
    }
  else
    {
      ok = onair_witness_write_all (fd, self->line->str, self->line->len, error);
    }

  if (ok && fsync (fd) < 0)
    {
      onair_witness_set_io_error (error, errno, self->path, _("write"));
      ok = FALSE;
    }

  if (!ok)
    {
      /* Leave no partial line behind for the next append to follow. */
      if (ftruncate (fd, (off_t) size) < 0)
        g_warning ("Could not undo a failed append to %s: %s", self->path, g_strerror (errno));
      goto out;
    }

  /* Parsed above, from the line just written. */
  onair_witness_index_parsed (&self->scanner, scratch, size, self->line->len - 1, &entry);

  /* Published only once durable: a reader never sees an entry that could be lost. */
  g_mutex_lock (&self->mutex);
  g_array_append_val (self->index, entry);
  self->size = size + self->line->len;
  self->latest_ms = MAX (self->latest_ms, MAX (written_ms, event_ms));
  self->head.seq = seq;
  memcpy (self->head.hash, hash, sizeof hash);
  if (head != NULL)
    *head = self->head;
  g_mutex_unlock (&self->mutex);

out:
  g_mutex_unlock (&self->append_mutex);

  if (ok)
    onair_witness_schedule_sync (self);

  return ok;
}

/**
 * onair_witness_append:
 * @self: a writable chain
 * @event: the event, see onair_witness_event_new()
 * @head: (out caller-allocates) (optional): the new head
 *
 * Appends @event and waits until it is on disk (fsync). Blocks for the duration of an fsync,
 * so prefer onair_witness_append_async() in the UI thread. The entry's witness_timestamp is
 * never earlier than a time the chain already holds nor than the event's timestamp; an event
 * without a timestamp is written with its witness_timestamp as its timestamp.
 *
 * Returns: %TRUE once the entry is durable
 */
gboolean
onair_witness_append (OnairWitness        *self,
                      JsonObject          *event,
                      OnairWitnessAnchor  *head,
                      GError             **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return onair_witness_append_internal (self, event, NULL, NULL, head, error);
}

static void
append_worker (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;
  OnairWitness *self = g_task_get_source_object (task);
  JsonObject *event = g_task_get_task_data (task);
  g_autofree OnairWitnessAnchor *head = g_new0 (OnairWitnessAnchor, 1);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (onair_witness_append_internal (self, event, NULL, NULL, head, &error))
    g_task_return_pointer (task, g_steal_pointer (&head), g_free);
  else
    g_task_return_error (task, error);
}

/**
 * onair_witness_append_async:
 * @self: a writable chain
 * @event: the event, see onair_witness_event_new()
 *
 * Appends @event in a worker; appends complete in the order they were requested. The callback
 * runs once the entry is durable.
 */
void
onair_witness_append_async (OnairWitness        *self,
                            JsonObject          *event,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ONAIR_IS_WITNESS (self));
  g_return_if_fail (event != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_append_async);
  g_task_set_task_data (task, json_object_ref (event), (GDestroyNotify) json_object_unref);

  if (self->writer == NULL)
    self->writer = g_thread_pool_new (append_worker, NULL, 1, FALSE, NULL);
  g_thread_pool_push (self->writer, task, NULL);
}

/**
 * onair_witness_append_finish:
 * @head: (out caller-allocates) (optional): the new head
 *
 * Returns: %TRUE once the entry is durable
 */
gboolean
onair_witness_append_finish (OnairWitness        *self,
                             GAsyncResult        *result,
                             OnairWitnessAnchor  *head,
                             GError             **error)
{
  g_autofree OnairWitnessAnchor *new_head = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  new_head = g_task_propagate_pointer (G_TASK (result), error);
  if (new_head == NULL)
    return FALSE;

  if (head != NULL)
    *head = *new_head;
  return TRUE;
}

/* For tests */

/**
 * onair_witness_append_at:
 *
 * Appends with a given witness_timestamp, to rebuild known chains in tests.
 */
gboolean
onair_witness_append_at (OnairWitness        *self,
                         JsonObject          *event,
                         const char          *witness_timestamp,
                         OnairWitnessAnchor  *head,
                         GError             **error)
{
  return onair_witness_append_internal (self, event, witness_timestamp, NULL, head, error);
}

void
onair_witness_set_split_writes_for_testing (gboolean split)
{
  split_writes_for_testing = split;
}
