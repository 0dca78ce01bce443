/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "onair-health-history-private.h"
#include "onair-health-store-private.h"

/* A run's files, written by a worker: one file a UTC day, "<YYYY-MM-DD>_<run>_<n>.ohs", only
 * ever appended to by this run. A batch is one frame (a little-endian u32 length, a u32
 * CRC-32 of the payload, the payload of onair-health-store-format.c's records), written
 * with one write() and fsync'd, so a crash leaves at worst a torn last frame, which readers
 * ignore; nothing follows it, the next run writing its own file. */

struct _HealthWriter
{
  grefcount     ref;
  GMutex        lock;
  GCond         turn;
  guint64       issued;      /* tickets given out (the store's thread only) */
  guint64       next;        /* the ticket whose batch is written next */
  char         *directory;
  char         *run_id;
  guint         retention_days;
  guint64       bytes_written;

  /* The file being written; touched only by the worker holding the turn. */
  int           fd;
  guint         file_number;
  gint64        day_start_ms;
  HealthEncoder encoder;
};

HealthWriter *
onair_health_writer_new (const char *directory,
                         const char *run_id,
                         guint       retention_days)
{
  HealthWriter *writer = g_new0 (HealthWriter, 1);

  g_ref_count_init (&writer->ref);
  g_mutex_init (&writer->lock);
  g_cond_init (&writer->turn);
  writer->directory = g_strdup (directory);
  writer->run_id = g_strdup (run_id);
  writer->retention_days = MAX (retention_days, 1);
  writer->fd = -1;
  writer->day_start_ms = G_MININT64;
  onair_health_encoder_init (&writer->encoder);
  return writer;
}

HealthWriter *
onair_health_writer_ref (HealthWriter *writer)
{
  g_ref_count_inc (&writer->ref);
  return writer;
}

void
onair_health_writer_unref (HealthWriter *writer)
{
  if (!g_ref_count_dec (&writer->ref))
    return;
  if (writer->fd >= 0)
    close (writer->fd);
  onair_health_encoder_clear (&writer->encoder);
  g_free (writer->directory);
  g_free (writer->run_id);
  g_mutex_clear (&writer->lock);
  g_cond_clear (&writer->turn);
  g_free (writer);
}

void
onair_health_writer_set_retention_days (HealthWriter *writer,
                                        guint         days)
{
  g_mutex_lock (&writer->lock);
  writer->retention_days = MAX (days, 1);
  g_mutex_unlock (&writer->lock);
}

/* Batches are written in the order their tickets were issued, whatever the order the
 * workers run in. */
guint64
onair_health_writer_issue_ticket (HealthWriter *writer)
{
  return writer->issued++;
}

guint64
onair_health_writer_get_bytes_written (HealthWriter *writer)
{
  guint64 bytes;

  g_mutex_lock (&writer->lock);
  bytes = writer->bytes_written;
  g_mutex_unlock (&writer->lock);
  return bytes;
}

static gint64
utc_day_start (gint64 time_ms)
{
  gint64 day = time_ms / ONAIR_HEALTH_DAY_MS;

  if (time_ms < 0 && time_ms % ONAIR_HEALTH_DAY_MS != 0)
    day--;
  return day * ONAIR_HEALTH_DAY_MS;
}

static char *
day_name (gint64 day_start_ms)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (day_start_ms / 1000);

  return day != NULL ? g_date_time_format (day, "%Y-%m-%d") : g_strdup ("0000-00-00");
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write the health history: %s"), g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static void
close_file (HealthWriter *writer)
{
  if (writer->fd >= 0)
    close (writer->fd);
  writer->fd = -1;
  writer->day_start_ms = G_MININT64;
}

/* A new file for the day of @time_ms: a fresh dictionary and fresh deltas. */
static gboolean
open_file (HealthWriter  *writer,
           gint64         time_ms,
           GError       **error)
{
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  int saved;

  close_file (writer);
  if (g_mkdir_with_parents (writer->directory, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the health history folder %s: %s"),
                   writer->directory, g_strerror (saved));
      return FALSE;
    }
  writer->day_start_ms = utc_day_start (time_ms);
  day = day_name (writer->day_start_ms);
  name = g_strdup_printf ("%s_%s_%u" ONAIR_HEALTH_FILE_SUFFIX, day, writer->run_id, ++writer->file_number);
  path = g_build_filename (writer->directory, name, NULL);
  writer->fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (writer->fd < 0)
    {
      saved = errno;
      writer->day_start_ms = G_MININT64;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open the health history file %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  onair_health_encoder_reset (&writer->encoder);
  if (!write_all (writer->fd, (const guint8 *) ONAIR_HEALTH_FILE_MAGIC, ONAIR_HEALTH_FILE_MAGIC_LEN, error))
    {
      close_file (writer);
      return FALSE;
    }
  writer->bytes_written += ONAIR_HEALTH_FILE_MAGIC_LEN;
  /* A new day is when old days go. */
  onair_health_store_prune (writer->directory, writer->retention_days,
                            g_get_real_time () / 1000, writer->run_id);
  return TRUE;
}

static gboolean
write_frame (HealthWriter  *writer,
             GByteArray    *payload,
             GError       **error)
{
  guint8 header[ONAIR_HEALTH_FRAME_HEADER_LEN];
  guint32 length = payload->len;
  guint32 crc;

  if (payload->len == 0)
    return TRUE;
  crc = onair_health_crc32 (payload->data, payload->len);
  for (int i = 0; i < 4; i++)
    {
      header[i] = (length >> (8 * i)) & 0xff;
      header[4 + i] = (crc >> (8 * i)) & 0xff;
    }
  g_byte_array_prepend (payload, header, ONAIR_HEALTH_FRAME_HEADER_LEN);
  if (!write_all (writer->fd, payload->data, payload->len, error))
    {
      /* What follows a partial frame could not be read: the next batch starts a new file. */
      close_file (writer);
      return FALSE;
    }
  g_fsync (writer->fd);
  writer->bytes_written += payload->len;
  g_byte_array_set_size (payload, 0);
  return TRUE;
}

/* Appends @batch as one frame (or one a day, when it crosses midnight UTC). */
static gboolean
write_batch (HealthWriter  *writer,
             const Batch   *batch,
             GError       **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_sized_new (4096);
  guint next_sample = 0;
  guint next_event = 0;

  for (guint i = 0; i < batch->order->len; i++)
    {
      gboolean is_event = g_array_index (batch->order, guint8, i) != 0;
      const PendingSample *sample = NULL;
      const OnairHealthEvent *event = NULL;
      gint64 time_ms;

      if (is_event)
        event = &g_array_index (batch->events, OnairHealthEvent, next_event++);
      else
        sample = &g_array_index (batch->samples, PendingSample, next_sample++);
      time_ms = is_event ? event->time_ms : sample->time_ms;

      if (writer->fd < 0 || time_ms < writer->day_start_ms ||
          time_ms >= writer->day_start_ms + ONAIR_HEALTH_DAY_MS)
        {
          if (writer->fd >= 0 && !write_frame (writer, payload, error))
            return FALSE;
          if (!open_file (writer, time_ms, error))
            return FALSE;
        }
      if (is_event)
        onair_health_encoder_event (&writer->encoder, payload, event);
      else
        onair_health_encoder_sample (&writer->encoder, payload, sample);
    }
  return write_frame (writer, payload, error);
}

/**
 * onair_health_writer_write:
 * @ticket: from onair_health_writer_issue_ticket(), when the batch was taken
 *
 * Waits for the batches of earlier tickets, then appends @batch. Runs in a worker.
 */
gboolean
onair_health_writer_write (HealthWriter  *writer,
                           guint64        ticket,
                           const Batch   *batch,
                           GError       **error)
{
  gboolean ok;

  g_mutex_lock (&writer->lock);
  while (writer->next != ticket)
    g_cond_wait (&writer->turn, &writer->lock);
  ok = write_batch (writer, batch, error);
  writer->next++;
  g_cond_broadcast (&writer->turn);
  g_mutex_unlock (&writer->lock);
  return ok;
}

