/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onair-canonical-json.h"
#include "onair-witness-chain-private.h"

/* Opening a chain: the lock, creating a new chain file, reading its header and index, checking
 * the head the caller kept, and setting aside a torn tail (onair-witness-repair.c). */

static gboolean
acquire_lock (OnairWitness  *self,
              GError       **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autofree char *pid = NULL;
  int fd;

  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      onair_witness_set_io_error (error, errno, lock_path, _("create the lock file"));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      int saved_errno = errno;
      char buf[32] = { 0 };
      g_autofree char *display = g_filename_display_name (self->path);

      if (saved_errno != EWOULDBLOCK)
        {
          close (fd);
          onair_witness_set_io_error (error, saved_errno, lock_path, _("lock"));
          return FALSE;
        }

      if (pread (fd, buf, sizeof buf - 1, 0) > 0)
        g_strstrip (buf);
      close (fd);

      if (buf[0] != '\0')
        g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_LOCKED,
                     _("The witness log “%s” is in use by another Onair process (pid %s). "
                       "Close the other instance and try again."), display, buf);
      else
        g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_LOCKED,
                     _("The witness log “%s” is in use by another Onair process. "
                       "Close the other instance and try again."), display);
      return FALSE;
    }

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) == 0)
    {
      if (pwrite (fd, pid, strlen (pid), 0) < 0)
        g_debug ("Could not write the pid to %s: %s", lock_path, g_strerror (errno));
    }

  self->lock_fd = fd;
  return TRUE;
}

/* Writes a new chain, in the version Onair writes, to a temporary file and renames it into
 * place, so that a chain file always has its header. The caller holds the lock. */
static gboolean
create_chain_file (const char  *path,
                   const char  *chain_id,
                   const char  *created,
                   gboolean     with_chain_created,
                   GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".new-XXXXXX", NULL);
  g_autofree char *own_chain_id = NULL;
  g_autofree char *own_created = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char genesis[65];
  int fd;

  if (chain_id == NULL)
    chain_id = own_chain_id = g_uuid_string_random ();
  if (created == NULL)
    created = own_created = onair_witness_format_timestamp (NULL);

  onair_witness_header_write (text, chain_id, created, genesis);

  if (with_chain_created)
    {
      g_autoptr(JsonObject) result = onair_witness_result_new (TRUE);
      g_autoptr(JsonObject) event = NULL;
      g_autofree char *canon = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(GString) scratch = g_string_new (NULL);
      char hash[65];
      gsize canon_len;

      json_object_set_string_member (result, "chain_id", chain_id);
      event = onair_witness_event_new ("chain_created", NULL, NULL, g_steal_pointer (&result));
      /* Created and written at once: one time for both, not two reads of the clock. */
      json_object_set_string_member (event, "timestamp", created);
      canon = onair_canonical_json_object_to_string (event, &canon_len, error);
      if (canon == NULL)
        return FALSE;

      onair_witness_build_entry_line (line, scratch, 0, canon, canon_len, genesis, created, hash);
      g_string_append_len (text, line->str, line->len);
    }

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      onair_witness_set_io_error (error, errno, tmp_path, _("create"));
      return FALSE;
    }

  if (!onair_witness_write_all (fd, text->str, text->len, error) || fsync (fd) < 0)
    {
      if (error != NULL && *error == NULL)
        onair_witness_set_io_error (error, errno, tmp_path, _("write"));
      close (fd);
      g_unlink (tmp_path);
      return FALSE;
    }
  close (fd);

  if (g_rename (tmp_path, path) < 0)
    {
      onair_witness_set_io_error (error, errno, path, _("create"));
      g_unlink (tmp_path);
      return FALSE;
    }

  return onair_witness_fsync_dir (path, error);
}

static gboolean
not_a_chain (OnairWitness  *self,
             GError       **error)
{
  g_autofree char *display = g_filename_display_name (self->path);

  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
               _("“%s” is not an Onair witness log: its first line is not a "
                 "“" ONAIR_WITNESS_FORMAT_V2 "” or “" ONAIR_WITNESS_FORMAT_V1 "” header."),
               display);
  return FALSE;
}

/* Appends keep the chain's times in order (see onair_witness_append_internal()): they need
 * the latest time it holds already. */
static void
note_latest_time (OnairWitness                 *self,
                  OnairJsonScanner             *scanner,
                  GString                      *scratch,
                  const OnairWitnessIndexEntry *entry)
{
  guint32 node = onair_json_object_get (scanner, 0, "witness_timestamp");
  gint64 ms;

  self->latest_ms = MAX (self->latest_ms, entry->timestamp_ms);
  if (onair_json_is (scanner, node, ONAIR_JSON_STRING))
    {
      gsize length;
      const char *text = onair_json_peek_string (scanner, node, scratch, &length);

      if (onair_witness_parse_timestamp_len (text, length, &ms))
        self->latest_ms = MAX (self->latest_ms, ms);
    }
}

static gboolean
load_index (OnairWitness  *self,
            GCancellable  *cancellable,
            GError       **error)
{
  OnairLineReader reader;
  g_autoptr(GString) scratch = g_string_new (NULL);
  OnairJsonScanner *scanner = &self->scanner;
  OnairWitnessHeader header = { 0 };
  g_autofree char *reason = NULL;
  const char *line;
  gsize length;
  guint64 offset;
  guint32 node;
  gint64 line_no = 1;
  OnairLineResult r;
  gboolean ok = FALSE;

  onair_line_reader_init (&reader, self->read_fd, G_MAXUINT64);

  /* Opening reads the header without verifying it (a damaged chain can still be viewed), but
   * it must be a header of a version Onair knows: appends follow the chain's own version. */
  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  if (r == ONAIR_LINE_ERROR)
    goto out;
  if (r == ONAIR_LINE_OK)
    onair_witness_header_read (scanner, line, length, &header, &reason);
  if (header.version == 0 || header.chain_id == NULL || header.genesis_hash == NULL)
    {
      onair_witness_header_clear (&header);
      not_a_chain (self, error);
      goto out;
    }

  self->format_version = header.version;
  self->chain_id = g_steal_pointer (&header.chain_id);
  self->genesis_hash = g_steal_pointer (&header.genesis_hash);
  self->created = g_steal_pointer (&header.created);
  onair_witness_header_clear (&header);

  self->head.seq = -1;
  g_strlcpy (self->head.hash, self->genesis_hash, sizeof self->head.hash);
  self->head_known = onair_witness_is_hash (self->genesis_hash, strlen (self->genesis_hash));
  if (self->created != NULL)
    {
      gint64 created_ms;

      if (onair_witness_parse_timestamp (self->created, &created_ms))
        self->latest_ms = created_ms;
    }

  while ((r = onair_line_reader_next (&reader, &line, &length, &offset, error)) == ONAIR_LINE_OK)
    {
      OnairWitnessIndexEntry entry;
      OnairJsonStatus status = onair_json_scanner_parse (scanner, line, length);

      line_no++;

      if (status == ONAIR_JSON_OK)
        onair_witness_index_parsed (scanner, scratch, offset, length, &entry);
      else
        onair_witness_index_unreadable (offset, length, &entry);

      g_array_append_val (self->index, entry);
      if (entry.readable)
        note_latest_time (self, scanner, scratch, &entry);

      /* The head is the last line, and only if it is a readable entry. */
      self->head_known = FALSE;
      if (entry.readable &&
          onair_json_is (scanner, node = onair_json_object_get (scanner, 0, "current_hash"),
                         ONAIR_JSON_STRING))
        {
          const char *hash;
          gsize hash_len;

          hash = onair_json_peek_string (scanner, node, scratch, &hash_len);
          if (onair_witness_is_hash (hash, hash_len))
            {
              self->head.seq = entry.seq;
              memcpy (self->head.hash, hash, hash_len);
              self->head.hash[hash_len] = '\0';
              self->head_known = TRUE;
            }
        }

      if ((self->index->len & 0xfff) == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  if (r == ONAIR_LINE_ERROR)
    goto out;
  if (r == ONAIR_LINE_TOO_LONG)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      /* Also a tail too long to be a torn write. The rest is not read: it could be huge. */
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
                   _("Line %" G_GINT64_FORMAT " of the witness log “%s” is longer than %d bytes, "
                     "so it is not an entry: the file is damaged. Keep it for the auditor and "
                     "verify it."), line_no + 1, display, ONAIR_WITNESS_MAX_LINE);
      goto out;
    }

  self->size = reader.consumed;
  self->torn_bytes = onair_line_reader_tail_length (&reader);
  ok = TRUE;

out:
  onair_line_reader_clear (&reader);
  return ok;
}

static gboolean
check_anchor (OnairWitness              *self,
              const OnairWitnessAnchor  *expected,
              GError                   **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  const OnairWitnessIndexEntry *entry;
  g_autofree char *line = NULL;
  gint64 head_seq = self->head_known ? self->head.seq : -1;

  if (self->head_known && expected->seq == self->head.seq)
    {
      if (strcmp (expected->hash, self->head.hash) == 0)
        return TRUE;
      goto mismatch;
    }

  if (expected->seq > head_seq)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TRUNCATED,
                   _("The witness log “%s” ends at entry %" G_GINT64_FORMAT " but Onair had "
                     "written up to entry %" G_GINT64_FORMAT ": entries were cut off its end. "
                     "Keep the file for the auditor and verify it."),
                   display, head_seq, expected->seq);
      return FALSE;
    }

  if (expected->seq < 0)
    {
      if (strcmp (expected->hash, self->genesis_hash) == 0)
        return TRUE;
      goto mismatch;
    }

  /* The kept head is inside the chain: its entry must still carry the kept hash. */
  if ((guint64) expected->seq >= self->index->len)
    goto mismatch;
  entry = &g_array_index (self->index, OnairWitnessIndexEntry, expected->seq);
  if (entry->seq != expected->seq)
    goto mismatch;
  line = onair_witness_read_line (self, entry->offset, entry->length, error);
  if (line == NULL)
    return FALSE;
  if (onair_json_scanner_parse (&self->scanner, line, entry->length) == ONAIR_JSON_OK &&
      onair_json_string_equal (&self->scanner,
                               onair_json_object_get (&self->scanner, 0, "current_hash"),
                               expected->hash, strlen (expected->hash)))
    return TRUE;

mismatch:
  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
               _("The witness log “%s” does not contain the entry %" G_GINT64_FORMAT
                 " Onair last wrote: the file was replaced or rewritten. "
                 "Keep it for the auditor and verify it."),
               display, expected->seq);
  return FALSE;
}

static OnairWitness *
open_internal (const char                *path,
               const OnairWitnessAnchor  *expected_head,
               OnairWitnessOpenFlags      flags,
               const char                *chain_id,
               const char                *created,
               GMainContext              *context,
               GThread                   *owner,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(OnairWitness) self = g_object_new (ONAIR_TYPE_WITNESS, NULL);

  self->path = g_strdup (path);
  self->read_only = (flags & ONAIR_WITNESS_OPEN_READ_ONLY) != 0;
  self->context = context != NULL ? g_main_context_ref (context) : NULL;
  self->owner = owner;

  if (!self->read_only)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if ((flags & ONAIR_WITNESS_OPEN_CREATE) && !g_file_test (dir, G_FILE_TEST_IS_DIR) &&
          g_mkdir_with_parents (dir, 0700) < 0)
        {
          onair_witness_set_io_error (error, errno, dir, _("create the folder"));
          return NULL;
        }

      if (!acquire_lock (self, error))
        return NULL;
    }

  self->read_fd = open (path, O_RDONLY | O_CLOEXEC);
  if (self->read_fd < 0 && errno == ENOENT && (flags & ONAIR_WITNESS_OPEN_CREATE) &&
      !self->read_only)
    {
      if (!create_chain_file (path, chain_id, created, chain_id == NULL, error))
        return NULL;
      self->read_fd = open (path, O_RDONLY | O_CLOEXEC);
    }
  if (self->read_fd < 0)
    {
      onair_witness_set_io_error (error, errno, path, _("open"));
      return NULL;
    }

  if (!load_index (self, cancellable, error))
    return NULL;

  if (expected_head != NULL && !check_anchor (self, expected_head, error))
    return NULL;

  if (!self->read_only)
    {
      g_autofree char *display = g_filename_display_name (path);

      if (!self->head_known)
        {
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
                       _("The last entry of the witness log “%s” is damaged, so Onair will not "
                         "append to it. Verify the log to see where it is broken."), display);
          return NULL;
        }

      self->write_fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
      if (self->write_fd < 0)
        {
          onair_witness_set_io_error (error, errno, path, _("open"));
          return NULL;
        }
      if (fchmod (self->write_fd, 0600) < 0)
        g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));

      if (!onair_witness_repair_torn_tail (self, error))
        return NULL;
    }

  self->n_visible = self->index->len;
  g_ptr_array_set_size (self->items, self->n_visible);

  return g_steal_pointer (&self);
}

/**
 * onair_witness_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/onair/witness/chain.jsonl`
 */
char *
onair_witness_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "onair", "witness", "chain.jsonl", NULL);
}

/**
 * onair_witness_open:
 * @path: the chain file
 * @expected_head: (nullable): the head kept from the last session; the open fails with
 *   %ONAIR_WITNESS_ERROR_TRUNCATED if the chain ends before it, %ONAIR_WITNESS_ERROR_BROKEN if
 *   its entry has another hash
 * @flags: whether to create, or open read-only
 *
 * Opens a chain of either version, blocking. Writable: takes the lock
 * (%ONAIR_WITNESS_ERROR_LOCKED if another process has it), creates the chain (version 2, with a
 * `chain_created` entry) when asked, moves a torn tail to PATH.torn and appends a
 * `chain_repaired` event, and records bytes found in PATH.torn that no `chain_repaired` event
 * records (a repair interrupted by a crash). A chain keeps its version: a version 1 chain is
 * appended to as version 1, its header untouched. Read-only: none of that; a torn tail is left
 * alone (see onair_witness_get_torn_bytes()). A line longer than %ONAIR_WITNESS_MAX_LINE
 * (a longer tail included) fails with %ONAIR_WITNESS_ERROR_BROKEN. Opening does not verify
 * hashes: see onair_witness_verify_async().
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
OnairWitness *
onair_witness_open (const char                *path,
                    const OnairWitnessAnchor  *expected_head,
                    OnairWitnessOpenFlags      flags,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_internal (path, expected_head, flags, NULL, NULL, context, g_thread_self (),
                        cancellable, error);
}

typedef struct {
  char                  *path;
  OnairWitnessAnchor    *expected_head;
  OnairWitnessOpenFlags  flags;
  GThread               *owner;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->expected_head);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  OnairWitness *self;

  self = open_internal (data->path, data->expected_head, data->flags, NULL, NULL,
                        g_task_get_context (task), data->owner, cancellable, &error);
  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * onair_witness_open_async:
 *
 * Opens a chain in a worker thread; see onair_witness_open(). The chain's list model and
 * notifications belong to the calling thread.
 */
void
onair_witness_open_async (const char               *path,
                          const OnairWitnessAnchor *expected_head,
                          OnairWitnessOpenFlags     flags,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->expected_head = expected_head != NULL ? onair_witness_anchor_copy (expected_head) : NULL;
  data->flags = flags;
  data->owner = g_thread_self ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * onair_witness_open_finish:
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
OnairWitness *
onair_witness_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onair_witness_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* For tests */

/**
 * onair_witness_create_with_id:
 *
 * Creates a chain with a given id and creation time and no chain_created entry, so that a
 * known chain (the test vectors) can be rebuilt. Fails if @path exists.
 */
OnairWitness *
onair_witness_create_with_id (const char  *path,
                              const char  *chain_id,
                              const char  *created,
                              GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO, "%s exists", path);
      return NULL;
    }

  return open_internal (path, NULL, ONAIR_WITNESS_OPEN_CREATE, chain_id, created, context,
                        g_thread_self (), NULL, error);
}
