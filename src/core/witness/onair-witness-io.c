/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "onair-witness-private.h"

#define READ_CHUNK (1 << 20)
#define PROGRESS_INTERVAL_USEC (50 * 1000)

/* The read buffer always holds a whole line, the longest allowed included. */
G_STATIC_ASSERT (READ_CHUNK > ONAIR_WITNESS_MAX_LINE + 1);

/* Line reader */

void
onair_line_reader_init (OnairLineReader *reader,
                        int              fd,
                        guint64          limit)
{
  memset (reader, 0, sizeof *reader);
  reader->fd = fd;
  reader->limit = limit;
  reader->alloc = READ_CHUNK;
  reader->buf = g_malloc (reader->alloc);
}

/* Lines from @start, which must be the start of a line. */
void
onair_line_reader_init_at (OnairLineReader *reader,
                           int              fd,
                           guint64          start,
                           guint64          limit)
{
  memset (reader, 0, sizeof *reader);
  reader->fd = fd;
  reader->limit = limit;
  /* A small piece of a file needs no more than itself, and room for the longest line. */
  reader->alloc = limit > start ? MIN (READ_CHUNK, MAX (limit - start, ONAIR_WITNESS_MAX_LINE + 2))
                                : ONAIR_WITNESS_MAX_LINE + 2;
  reader->buf = g_malloc (reader->alloc);
  reader->buf_offset = start;
  reader->consumed = start;
}

void
onair_line_reader_clear (OnairLineReader *reader)
{
  g_clear_pointer (&reader->buf, g_free);
}

/**
 * onair_line_reader_next:
 * @line: (out): the line, without its newline, valid until the next call
 * @length: (out): its length
 * @offset: (out): its offset in the file
 *
 * Reads the next line. Memory stays bounded by the read buffer whatever the file holds: a line
 * longer than %ONAIR_WITNESS_MAX_LINE is reported as soon as that many bytes without a newline
 * are seen (@offset says where it starts, @length how much of it was seen), and reading stops
 * there.
 *
 * Returns: %ONAIR_LINE_OK, %ONAIR_LINE_END at the end (bytes after the last newline are left
 *   unread: see onair_line_reader_tail_length()), %ONAIR_LINE_TOO_LONG, or %ONAIR_LINE_ERROR
 */
OnairLineResult
onair_line_reader_next (OnairLineReader  *reader,
                        const char      **line,
                        gsize            *length,
                        guint64          *offset,
                        GError          **error)
{
  gsize scanned = reader->start;

  if (reader->too_long)
    return ONAIR_LINE_TOO_LONG;

  for (;;)
    {
      char *nl = memchr (reader->buf + scanned, '\n', reader->end - scanned);
      gsize want;
      gssize n;

      if (nl != NULL || reader->end - reader->start > ONAIR_WITNESS_MAX_LINE)
        {
          *line = reader->buf + reader->start;
          *length = (nl != NULL ? nl : reader->buf + reader->end) - *line;
          *offset = reader->buf_offset + reader->start;
          if (*length > ONAIR_WITNESS_MAX_LINE)
            {
              reader->too_long = TRUE;
              return ONAIR_LINE_TOO_LONG;
            }
          reader->start = nl - reader->buf + 1;
          reader->consumed = reader->buf_offset + reader->start;
          return ONAIR_LINE_OK;
        }
      scanned = reader->end;

      if (reader->eof)
        return ONAIR_LINE_END;

      if (reader->start > 0)
        {
          memmove (reader->buf, reader->buf + reader->start, reader->end - reader->start);
          reader->buf_offset += reader->start;
          reader->end -= reader->start;
          scanned -= reader->start;
          reader->start = 0;
        }

      /* At most ONAIR_WITNESS_MAX_LINE bytes are pending here, so the buffer has room. */
      g_assert (reader->end < reader->alloc);

      want = reader->alloc - reader->end;
      if (reader->limit != G_MAXUINT64)
        want = MIN (want, reader->limit - (reader->buf_offset + reader->end));
      if (want == 0)
        {
          reader->eof = TRUE;
          continue;
        }

      do
        n = pread (reader->fd, reader->buf + reader->end, want,
                   (off_t) (reader->buf_offset + reader->end));
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                       _("Could not read the witness log: %s"), g_strerror (saved_errno));
          return ONAIR_LINE_ERROR;
        }

      if (n == 0)
        reader->eof = TRUE;
      else
        reader->end += n;
    }
}

/**
 * onair_line_reader_tail_length:
 *
 * Returns: after onair_line_reader_next() returned 0, the number of bytes after the last newline
 */
guint64
onair_line_reader_tail_length (OnairLineReader *reader)
{
  return reader->end - reader->start;
}

/* Hashing */

void
onair_witness_hex (const guint8 *digest,
                   char         *out)
{
  static char pairs[256][2];
  static gsize made = 0;

  /* Two digits per byte from a table made once. */
  if (g_once_init_enter (&made))
    {
      static const char hex[] = "0123456789abcdef";

      for (guint b = 0; b < 256; b++)
        {
          pairs[b][0] = hex[b >> 4];
          pairs[b][1] = hex[b & 0xf];
        }
      g_once_init_leave (&made, 1);
    }

  for (guint i = 0; i < 32; i++)
    memcpy (out + 2 * i, pairs[digest[i]], 2);
  out[64] = '\0';
}

void
onair_witness_genesis_hash_hex (const char *chain_id,
                                gsize       length,
                                char       *out)
{
  gnutls_hash_hd_t hd;
  guint8 digest[32];

  if (gnutls_hash_init (&hd, GNUTLS_DIG_SHA256) < 0)
    g_error ("SHA-256 is not available");
  gnutls_hash (hd, ONAIR_WITNESS_GENESIS_PREFIX, strlen (ONAIR_WITNESS_GENESIS_PREFIX));
  gnutls_hash (hd, chain_id, length);
  gnutls_hash_deinit (hd, digest);

  onair_witness_hex (digest, out);
}

void
onair_witness_sha256_hex (const char *data,
                          gsize       length,
                          char       *out)
{
  guint8 digest[32];

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, length, digest) < 0)
    g_error ("SHA-256 is not available");
  onair_witness_hex (digest, out);
}

gboolean
onair_witness_is_hash (const char *str,
                       gsize       length)
{
  /* Lowercase hex digits; called twice per entry, so a table rather than comparisons. */
  static const guint8 is_hex[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
  };
  const guchar *p = (const guchar *) str;
  guint ok = 1;

  if (length != ONAIR_WITNESS_HASH_LENGTH)
    return FALSE;

  for (gsize i = 0; i < ONAIR_WITNESS_HASH_LENGTH; i++)
    ok &= is_hex[p[i]];

  return ok != 0;
}

/* Timestamps */

static gboolean
read_digits (const char *p,
             guint       n,
             int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }

  *out = v;
  return TRUE;
}

static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

/**
 * onair_witness_parse_timestamp_len:
 *
 * Parses an RFC 3339 timestamp. The format's own form, `2025-11-12T10:30:00.000Z`, takes a
 * fast path; anything else ISO 8601 with a zone goes through GDateTime.
 */
gboolean
onair_witness_parse_timestamp_len (const char *text,
                                   gsize       length,
                                   gint64     *unix_ms)
{
  int year, month, day, hour, minute, second, ms;
  g_autofree char *copy = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (length == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' &&
      text[16] == ':' && text[19] == '.' && text[23] == 'Z' &&
      read_digits (text, 4, &year) && read_digits (text + 5, 2, &month) &&
      read_digits (text + 8, 2, &day) && read_digits (text + 11, 2, &hour) &&
      read_digits (text + 14, 2, &minute) && read_digits (text + 17, 2, &second) &&
      read_digits (text + 20, 3, &ms))
    {
      if (month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, year) ||
          hour > 23 || minute > 59 || second > 59)
        return FALSE;

      *unix_ms = ((days_from_civil (year, month, day) * 24 + hour) * 60 + minute) * 60 * 1000 +
                 second * 1000 + ms;
      return TRUE;
    }

  if (length > 64 || memchr (text, '\0', length) != NULL)
    return FALSE;

  copy = g_strndup (text, length);
  dt = g_date_time_new_from_iso8601 (copy, NULL);
  if (dt == NULL)
    return FALSE;

  *unix_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* Files */

void
onair_witness_set_io_error (GError     **error,
                            int          saved_errno,
                            const char  *path,
                            const char  *what)
{
  g_autofree char *display = g_filename_display_name (path);

  /* Translators: the first %s is an action like "write", the second a file, the third why */
  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
               _("Could not %s “%s”: %s"), what, display, g_strerror (saved_errno));
}

gboolean
onair_witness_write_all (int          fd,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                       _("Could not write the witness log: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      data += n;
      length -= n;
    }

  return TRUE;
}

/* After a rename or a create the directory entry must reach the disk too. */
gboolean
onair_witness_fsync_dir (const char  *path,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) < 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      onair_witness_set_io_error (error, saved_errno, dir, _("synchronize"));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Progress */

struct _OnairWitnessProgress {
  gatomicrefcount           ref_count;
  OnairWitnessProgressFunc  func;
  gpointer                  data;
  GDestroyNotify            destroy;
  GMainContext             *context;
  gint64                    last_report;  /* worker thread only */
  int                       pending;      /* atomic: an idle is queued */
  GMutex                    mutex;
  double                    fraction;
};

OnairWitnessProgress *
onair_witness_progress_new (OnairWitnessProgressFunc  func,
                            gpointer                  data,
                            GDestroyNotify            destroy,
                            GMainContext             *context)
{
  OnairWitnessProgress *progress = g_new0 (OnairWitnessProgress, 1);

  g_atomic_ref_count_init (&progress->ref_count);
  progress->func = func;
  progress->data = data;
  progress->destroy = destroy;
  progress->context = context != NULL ? g_main_context_ref (context) : NULL;
  g_mutex_init (&progress->mutex);

  return progress;
}

void
onair_witness_progress_unref (OnairWitnessProgress *progress)
{
  if (progress == NULL || !g_atomic_ref_count_dec (&progress->ref_count))
    return;

  if (progress->destroy != NULL)
    progress->destroy (progress->data);
  g_clear_pointer (&progress->context, g_main_context_unref);
  g_mutex_clear (&progress->mutex);
  g_free (progress);
}

static gboolean
progress_dispatch_cb (gpointer user_data)
{
  OnairWitnessProgress *progress = user_data;
  double fraction;

  g_atomic_int_set (&progress->pending, 0);
  g_mutex_lock (&progress->mutex);
  fraction = progress->fraction;
  g_mutex_unlock (&progress->mutex);

  progress->func (fraction, progress->data);

  return G_SOURCE_REMOVE;
}

/* Called from the worker. Coalesces: at most one idle is queued at a time, and it reports the
 * latest fraction. It shares the task's priority so it is dispatched before the task's result. */
void
onair_witness_progress_report (OnairWitnessProgress *progress,
                               guint64               done,
                               guint64               total)
{
  gint64 now;

  if (progress == NULL || progress->func == NULL)
    return;

  now = g_get_monotonic_time ();
  if (done < total && now - progress->last_report < PROGRESS_INTERVAL_USEC)
    return;
  progress->last_report = now;

  g_mutex_lock (&progress->mutex);
  progress->fraction = total > 0 ? CLAMP ((double) done / (double) total, 0.0, 1.0) : 1.0;
  g_mutex_unlock (&progress->mutex);

  if (g_atomic_int_compare_and_exchange (&progress->pending, 0, 1))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_atomic_ref_count_inc (&progress->ref_count);
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[onair] witness progress");
      g_source_set_callback (source, progress_dispatch_cb, progress,
                             (GDestroyNotify) onair_witness_progress_unref);
      g_source_attach (source, progress->context);
    }
}
