/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "onair-health-history-private.h"
#include "onair-health-store-private.h"

/* The health history's folder: its files' names ("<YYYY-MM-DD>_<run>_<n>.ohs"), the days
 * the retention deletes, and reading every earlier run back (whole frames only: a torn or
 * damaged frame ends its file). The records are onair-health-store-format.c's, the writing
 * onair-health-store-writer.c's. */

/* Files */

/**
 * onair_health_store_new_run_id:
 *
 * Returns: (transfer full): "<UTC start>-<random>", e.g. "20261206T210413Z-1a2b3c4d": a run's
 *   files sort by when it started
 */
char *
onair_health_store_new_run_id (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *start = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  return g_strdup_printf ("%s-%08x", start, g_random_int ());
}

typedef struct
{
  char   *name;
  char   *run;
  guint   number;
  gint64  day_start_ms;
} FileName;

static void
file_name_clear (gpointer data)
{
  FileName *file = data;

  g_free (file->name);
  g_free (file->run);
}

/* "<YYYY-MM-DD>_<run>_<n>.ohs" */
static gboolean
parse_file_name (const char *name,
                 FileName   *file)
{
  g_autofree char *stem = NULL;
  const char *last;
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;

  if (!g_str_has_suffix (name, ONAIR_HEALTH_FILE_SUFFIX) || strlen (name) < 14 || name[10] != '_')
    return FALSE;
  if (sscanf (name, "%4d-%2d-%2d_", &year, &month, &day) != 3)
    return FALSE;
  date = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (date == NULL)
    return FALSE;
  stem = g_strndup (name + 11, strlen (name) - 11 - strlen (ONAIR_HEALTH_FILE_SUFFIX));
  last = strrchr (stem, '_');
  if (last == NULL || last == stem)
    return FALSE;
  file->number = (guint) g_ascii_strtoull (last + 1, &end, 10);
  if (end == last + 1 || *end != '\0')
    return FALSE;
  file->name = g_strdup (name);
  file->run = g_strndup (stem, last - stem);
  file->day_start_ms = g_date_time_to_unix (date) * 1000;
  return TRUE;
}

static GArray *
list_files (const char *directory)
{
  GArray *files = g_array_new (FALSE, TRUE, sizeof (FileName));
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  g_array_set_clear_func (files, file_name_clear);
  if (dir == NULL)
    return files;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      FileName file = { NULL, };

      if (parse_file_name (name, &file))
        g_array_append_val (files, file);
    }
  return files;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const FileName *fa = a;
  const FileName *fb = b;
  int by_run = strcmp (fa->run, fb->run);

  if (by_run != 0)
    return by_run;
  return fa->number < fb->number ? -1 : fa->number > fb->number;
}

/**
 * onair_health_store_prune:
 * @retention_days: days kept, counting back from @now_ms
 * @keep_run_id: (nullable): a run whose files stay whatever their day (the one writing)
 *
 * Deletes the files of days that ended more than @retention_days days before @now_ms.
 */
void
onair_health_store_prune (const char *directory,
                          guint       retention_days,
                          gint64      now_ms,
                          const char *keep_run_id)
{
  g_autoptr(GArray) files = list_files (directory);
  gint64 oldest_ms = now_ms - (gint64) MAX (retention_days, 1) * ONAIR_HEALTH_DAY_MS;

  for (guint i = 0; i < files->len; i++)
    {
      FileName *file = &g_array_index (files, FileName, i);

      if (file->day_start_ms + ONAIR_HEALTH_DAY_MS <= oldest_ms && g_strcmp0 (file->run, keep_run_id) != 0)
        {
          g_autofree char *path = g_build_filename (directory, file->name, NULL);

          if (g_unlink (path) != 0)
            g_debug ("Could not delete %s: %s", path, g_strerror (errno));
        }
    }
}

/* Reads one file's whole frames into @decoder; a torn or damaged frame ends the file. */
static void
read_file (HealthDecoder *decoder,
           const char    *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gsize offset = ONAIR_HEALTH_FILE_MAGIC_LEN;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_debug ("Health history: %s", error->message);
      return;
    }
  if (length < ONAIR_HEALTH_FILE_MAGIC_LEN || memcmp (contents, ONAIR_HEALTH_FILE_MAGIC, ONAIR_HEALTH_FILE_MAGIC_LEN) != 0)
    return;

  onair_health_decoder_reset (decoder);
  while (length - offset >= ONAIR_HEALTH_FRAME_HEADER_LEN)
    {
      const guint8 *header = (const guint8 *) contents + offset;
      guint32 frame_length = 0;
      guint32 crc = 0;

      for (int i = 0; i < 4; i++)
        {
          frame_length |= (guint32) header[i] << (8 * i);
          crc |= (guint32) header[4 + i] << (8 * i);
        }
      if (frame_length > ONAIR_HEALTH_MAX_FRAME_LEN || frame_length > length - offset - ONAIR_HEALTH_FRAME_HEADER_LEN ||
          onair_health_crc32 (header + ONAIR_HEALTH_FRAME_HEADER_LEN, frame_length) != crc)
        {
          g_debug ("Health history: %s ends with a torn record at byte %" G_GSIZE_FORMAT,
                   path, offset);
          return;
        }
      if (!onair_health_decoder_payload (decoder, header + ONAIR_HEALTH_FRAME_HEADER_LEN, frame_length))
        {
          g_debug ("Health history: %s has a damaged record at byte %" G_GSIZE_FORMAT,
                   path, offset);
          return;
        }
      offset += ONAIR_HEALTH_FRAME_HEADER_LEN + frame_length;
    }
}

/* Onair did not see past the end of a run: its lanes end there, unknown after. */
static void
close_run (HealthDecoder *decoder)
{
  g_auto(GStrv) lanes = onair_health_history_list_lanes (decoder->history);

  if (decoder->max_time_ms == G_MININT64)
    return;
  for (guint i = 0; lanes[i] != NULL; i++)
    onair_health_history_set_lane (decoder->history, lanes[i], decoder->max_time_ms,
                                   ONAIR_HEALTH_LANE_UNKNOWN, NULL);
}

/**
 * onair_health_store_read:
 * @skip_run_id: (nullable): a run not to read (the one writing now)
 * @capacity: the history's capacity
 * @oldest_ms: samples and events older than this are left out
 *
 * Reads every run's files of @directory, oldest run first, into a new history: what an
 * earlier run recorded, to merge into the live one. Runs in a worker.
 *
 * Returns: (transfer full): the history, empty when there is none; %NULL when cancelled
 */
OnairHealthHistory *
onair_health_store_read (const char    *directory,
                         const char    *skip_run_id,
                         guint          capacity,
                         gint64         oldest_ms,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GArray) files = list_files (directory);
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (capacity);
  HealthDecoder decoder;
  const char *run = NULL;

  onair_health_decoder_init (&decoder, history, oldest_ms);
  g_array_sort (files, compare_files);
  for (guint i = 0; i < files->len; i++)
    {
      FileName *file = &g_array_index (files, FileName, i);
      g_autofree char *path = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          onair_health_decoder_clear (&decoder);
          return NULL;
        }
      if (g_strcmp0 (file->run, skip_run_id) == 0 || file->day_start_ms + ONAIR_HEALTH_DAY_MS <= oldest_ms)
        continue;
      if (run != NULL && !g_str_equal (run, file->run))
        {
          close_run (&decoder);
          decoder.max_time_ms = G_MININT64;
        }
      run = file->run;
      path = g_build_filename (directory, file->name, NULL);
      read_file (&decoder, path);
    }
  close_run (&decoder);
  onair_health_decoder_clear (&decoder);
  return g_steal_pointer (&history);
}
