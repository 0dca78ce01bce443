/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onair-witness-chain-private.h"

/*
 * Torn tails (witness-format.md, "Verification"). Before anything is appended after a torn
 * tail, its bytes move to PATH.torn, and every piece moved there is recorded by a
 * chain_repaired event: its offset in the .torn file, its length and its SHA-256. A crash can
 * stop a repair after the bytes are set aside and before the event is written; the next open
 * then finds bytes in the .torn file that no event covers, and records them.
 */

#define HASH_CHUNK (64 * 1024)

static gboolean
read_at (int          fd,
         char        *buf,
         gsize        length,
         guint64      offset,
         const char  *path,
         GError     **error)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, buf + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          onair_witness_set_io_error (error, n < 0 ? errno : EIO, path, _("read"));
          return FALSE;
        }
      done += n;
    }

  return TRUE;
}

/* SHA-256 of a range of the file, read in bounded chunks: the .torn file may be large. */
static gboolean
hash_range (int          fd,
            guint64      offset,
            guint64      length,
            const char  *path,
            char        *out,
            GError     **error)
{
  g_autofree char *buf = g_malloc (HASH_CHUNK);
  gnutls_hash_hd_t hd;
  guint8 digest[32];

  if (gnutls_hash_init (&hd, GNUTLS_DIG_SHA256) < 0)
    g_error ("SHA-256 is not available");

  while (length > 0)
    {
      gsize chunk = MIN (length, HASH_CHUNK);

      if (!read_at (fd, buf, chunk, offset, path, error))
        {
          gnutls_hash_deinit (hd, NULL);
          return FALSE;
        }
      gnutls_hash (hd, buf, chunk);
      offset += chunk;
      length -= chunk;
    }

  gnutls_hash_deinit (hd, digest);
  onair_witness_hex (digest, out);
  return TRUE;
}

static void
add_piece (GArray      *pieces,
           guint64      offset,
           guint64      length,
           const char  *sha256,
           gboolean     late)
{
  OnairWitnessTornPiece piece = { offset, length, "", late };

  memcpy (piece.sha256, sha256, sizeof piece.sha256);
  g_array_append_val (pieces, piece);
}

/**
 * onair_witness_torn_set_aside:
 * @torn_path: PATH.torn
 * @tail: (nullable): the chain's torn tail, or %NULL when it has none
 * @length: the tail's length
 * @recorded_end: where the pieces the chain's chain_repaired events record end in @torn_path
 * @pieces: (element-type OnairWitnessTornPiece): where the pieces to record are added, in
 *   their order in @torn_path
 *
 * Appends @tail to @torn_path (mode 0600) and syncs it, so the caller may then cut it from the
 * chain. Bytes of @torn_path past @recorded_end were set aside by a repair that died before
 * recording them: they become a piece of their own, marked late, unless they are @tail itself
 * (the repair died before cutting it from the chain), which is then not written twice.
 *
 * Returns: %FALSE with @error set if @torn_path could not be read or written
 */
gboolean
onair_witness_torn_set_aside (const char   *torn_path,
                              const char   *tail,
                              gsize         length,
                              guint64       recorded_end,
                              GArray       *pieces,
                              GError      **error)
{
  char hash[65];
  struct stat st;
  gboolean created;
  int fd;

  g_assert (tail != NULL || length == 0);

  fd = open (torn_path, O_RDWR | O_APPEND | O_CLOEXEC);
  created = fd < 0 && errno == ENOENT && tail != NULL;
  if (created)
    fd = open (torn_path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      if (errno == ENOENT && tail == NULL)
        return TRUE;
      onair_witness_set_io_error (error, errno, torn_path, _("open"));
      return FALSE;
    }

  if (fstat (fd, &st) < 0)
    {
      onair_witness_set_io_error (error, errno, torn_path, _("read"));
      close (fd);
      return FALSE;
    }

  if ((guint64) st.st_size < recorded_end)
    g_warning ("%s holds %" G_GUINT64_FORMAT " bytes but the witness log records %"
               G_GUINT64_FORMAT " set aside there: it was changed by something else than Onair",
               torn_path, (guint64) st.st_size, recorded_end);

  if ((guint64) st.st_size > recorded_end)
    {
      guint64 unrecorded = st.st_size - recorded_end;

      if (tail != NULL && unrecorded == length)
        {
          g_autofree char *there = g_malloc (length);

          if (!read_at (fd, there, length, recorded_end, torn_path, error))
            {
              close (fd);
              return FALSE;
            }
          if (memcmp (there, tail, length) == 0)
            {
              onair_witness_sha256_hex (tail, length, hash);
              add_piece (pieces, recorded_end, length, hash, FALSE);
              close (fd);
              return TRUE;
            }
        }

      if (!hash_range (fd, recorded_end, unrecorded, torn_path, hash, error))
        {
          close (fd);
          return FALSE;
        }
      add_piece (pieces, recorded_end, unrecorded, hash, TRUE);
    }

  if (tail != NULL)
    {
      if (!onair_witness_write_all (fd, tail, length, error) || fsync (fd) < 0)
        {
          if (error != NULL && *error == NULL)
            onair_witness_set_io_error (error, errno, torn_path, _("write"));
          close (fd);
          return FALSE;
        }
      if (created && !onair_witness_fsync_dir (torn_path, error))
        {
          close (fd);
          return FALSE;
        }
      onair_witness_sha256_hex (tail, length, hash);
      add_piece (pieces, st.st_size, length, hash, FALSE);
    }

  close (fd);
  return TRUE;
}

/**
 * onair_witness_torn_event_new:
 * @torn_name: the .torn file's name, without its folder
 *
 * Returns: (transfer full): the chain_repaired event recording @piece
 */
JsonObject *
onair_witness_torn_event_new (const char                  *torn_name,
                              const OnairWitnessTornPiece *piece)
{
  JsonObject *params = json_object_new ();

  json_object_set_int_member (params, "torn_bytes", (gint64) piece->length);
  json_object_set_string_member (params, "torn_file", torn_name);
  json_object_set_int_member (params, "torn_file_offset", (gint64) piece->offset);
  json_object_set_string_member (params, "torn_sha256", piece->sha256);
  if (piece->late)
    json_object_set_boolean_member (params, "recorded_late", TRUE);

  return onair_witness_event_new ("chain_repaired", NULL, params, NULL);
}

/* Repairing a writable chain */

/* Where the pieces recorded by the chain's chain_repaired events end in the .torn file. */
static gboolean
recorded_torn_end (OnairWitness  *self,
                   const char    *torn_name,
                   guint64       *end,
                   GError       **error)
{
  const char *repaired = g_intern_static_string ("chain_repaired");
  OnairJsonScanner *scanner = &self->scanner;

  *end = 0;
  for (guint i = 0; i < self->index->len; i++)
    {
      const OnairWitnessIndexEntry *entry = &g_array_index (self->index, OnairWitnessIndexEntry, i);
      g_autofree char *line = NULL;
      guint32 params, offset, bytes;

      if (entry->event_type != repaired)
        continue;

      line = onair_witness_read_line (self, entry->offset, entry->length, error);
      if (line == NULL)
        return FALSE;
      if (onair_json_scanner_parse (scanner, line, entry->length) != ONAIR_JSON_OK)
        continue;

      params = onair_json_object_get (scanner, onair_json_object_get (scanner, 0, "event"),
                                      "params");
      offset = onair_json_object_get (scanner, params, "torn_file_offset");
      bytes = onair_json_object_get (scanner, params, "torn_bytes");
      if (onair_json_string_equal (scanner, onair_json_object_get (scanner, params, "torn_file"),
                                   torn_name, strlen (torn_name)) &&
          onair_json_is (scanner, offset, ONAIR_JSON_INT) &&
          onair_json_is (scanner, bytes, ONAIR_JSON_INT) &&
          scanner->nodes[offset].v.ival >= 0 && scanner->nodes[bytes].v.ival >= 0)
        *end = MAX (*end, (guint64) (scanner->nodes[offset].v.ival + scanner->nodes[bytes].v.ival));
    }

  return TRUE;
}

/* Moves a torn tail to PATH.torn, cuts it from the chain and records it with a chain_repaired
 * event; also records bytes that an earlier repair moved there but died before recording. */
gboolean
onair_witness_repair_torn_tail (OnairWitness  *self,
                                GError       **error)
{
  g_autofree char *torn_path = g_strconcat (self->path, ".torn", NULL);
  g_autofree char *torn_name = g_path_get_basename (torn_path);
  g_autofree char *tail = NULL;
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (OnairWitnessTornPiece));
  guint64 torn = self->torn_bytes;
  guint64 recorded_end;

  /* The line reader reports longer tails as damage: they are not torn writes. */
  g_assert (torn <= ONAIR_WITNESS_MAX_LINE);

  if (torn == 0 && !g_file_test (torn_path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (torn > 0)
    {
      tail = onair_witness_read_line (self, self->size, (guint32) torn, error);
      if (tail == NULL)
        return FALSE;
    }

  if (!recorded_torn_end (self, torn_name, &recorded_end, error) ||
      !onair_witness_torn_set_aside (torn_path, tail, torn, recorded_end, pieces, error))
    return FALSE;

  if (torn > 0)
    {
      /* Only once the bytes are safe elsewhere are they cut from the chain. */
      if (ftruncate (self->write_fd, (off_t) self->size) < 0 || fsync (self->write_fd) < 0)
        {
          onair_witness_set_io_error (error, errno, self->path, _("repair"));
          return FALSE;
        }
      self->torn_bytes = 0;

      g_info ("Moved a torn tail of %" G_GUINT64_FORMAT " bytes from %s to %s",
              torn, self->path, torn_path);
    }

  for (guint i = 0; i < pieces->len; i++)
    {
      const OnairWitnessTornPiece *piece = &g_array_index (pieces, OnairWitnessTornPiece, i);
      g_autoptr(JsonObject) event = onair_witness_torn_event_new (torn_name, piece);

      if (piece->late)
        g_info ("Recording %" G_GUINT64_FORMAT " bytes set aside in %s by an earlier repair "
                "that was not recorded", piece->length, torn_path);
      if (!onair_witness_append_internal (self, event, NULL, NULL, NULL, error))
        return FALSE;
    }

  return TRUE;
}
