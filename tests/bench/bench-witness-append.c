/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <linux/magic.h>
#include <math.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench-util.h"
#include "core/onair-witness.h"

/* Witness append: events per second through onair_witness_append (write + fsync) on the build
 * folder's file system, against a bare write() + fsync() of lines of the same length in the
 * same folder (the floor of any durable append); and the cost of an append without the fsync,
 * measured as the same append path on tmpfs, where fsync returns at once, plus the CPU time
 * (user + system, fsync's kernel work included) per append on the real disk. */

static char *work_dir;
static char *tmpfs_dir;
static double seconds = 3.0;

static const GOptionEntry entries[] = {
  { "work", 0, 0, G_OPTION_ARG_FILENAME, &work_dir, "Folder for the chain (a real disk)", "DIR" },
  { "tmpfs", 0, 0, G_OPTION_ARG_FILENAME, &tmpfs_dir,
    "A tmpfs folder for the no-fsync figure (default /dev/shm)", "DIR" },
  { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Time budget of each measurement", "S" },
  { NULL }
};

static JsonObject *
make_event (void)
{
  JsonObject *params = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  json_object_set_string_member (params, "protocol", "RTMP");
  json_object_set_string_member (params, "destination", "rtmp://live.twitch.tv/app/");
  json_object_set_int_member (params, "channel", 1);
  json_object_set_string_member (params, "preset", "twitch");
  json_object_set_string_member (params, "key_fingerprint", "9f86d081");
  return onair_witness_event_new ("stream_started", now, g_steal_pointer (&params),
                                  onair_witness_result_new (TRUE));
}

typedef struct
{
  guint  n;
  double wall_us;  /* per append */
  double cpu_us;   /* per append, every thread, user + system */
  gsize  line_length;
} Appends;

static gboolean
time_appends (const char  *dir,
              double       budget_s,
              guint        max_n,
              Appends     *out,
              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "append-chain.jsonl", NULL);
  g_autofree char *torn = g_strconcat (path, ".torn", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(JsonObject) event = make_event ();
  GStatBuf before, after;
  gint64 t0, c0, end;
  guint n = 0;

  g_remove (path);
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, error);
  if (witness == NULL)
    return FALSE;
  /* Warm-up: the first appends grow buffers. */
  for (guint i = 0; i < 5; i++)
    if (!onair_witness_append (witness, event, NULL, error))
      return FALSE;
  g_stat (path, &before);

  t0 = bench_now_ns ();
  c0 = bench_cpu_ns ();
  end = t0 + (gint64) (budget_s * 1e9);
  while ((n < 20 || bench_now_ns () < end) && n < max_n)
    {
      if (!onair_witness_append (witness, event, NULL, error))
        return FALSE;
      n++;
    }
  out->n = n;
  out->wall_us = (bench_now_ns () - t0) / 1e3 / n;
  out->cpu_us = (bench_cpu_ns () - c0) / 1e3 / n;
  g_stat (path, &after);
  out->line_length = (gsize) (after.st_size - before.st_size) / n;

  onair_witness_close (witness);
  g_clear_object (&witness);
  g_remove (path);
  g_remove (torn);
  g_remove (lock);
  return TRUE;
}

/* write() + fsync() of @length-byte lines, appended to one file: what durability costs alone. */
static double
time_bare_appends (const char *dir,
                   gsize       length,
                   guint       n,
                   double     *cpu_us)
{
  g_autofree char *path = g_build_filename (dir, "append-bare.jsonl", NULL);
  g_autofree char *data = g_malloc (length);
  gint64 t0, c0;
  int fd;

  memset (data, 'x', length);
  data[length - 1] = '\n';
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return NAN;
  for (guint i = 0; i < 5; i++)
    if (write (fd, data, length) != (gssize) length || fsync (fd) < 0)
      break;
  c0 = bench_cpu_ns ();
  t0 = bench_now_ns ();
  for (guint i = 0; i < n; i++)
    if (write (fd, data, length) != (gssize) length || fsync (fd) < 0)
      {
        close (fd);
        g_remove (path);
        return NAN;
      }
  t0 = bench_now_ns () - t0;
  *cpu_us = (bench_cpu_ns () - c0) / 1e3 / n;
  close (fd);
  g_remove (path);
  return t0 / 1e3 / n;
}

static gboolean
is_tmpfs (const char *dir)
{
  struct statfs st;

  return dir != NULL && statfs (dir, &st) == 0 && st.f_type == TMPFS_MAGIC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- witness append benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_chain_dir = NULL;
  g_autofree char *rate = NULL;
  Appends disk = { 0 }, memory = { 0 };
  double bare_us, bare_cpu_us = NAN;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (work_dir == NULL)
    work_dir = g_dir_make_tmp ("onair-bench-append-XXXXXX", NULL);
  if (work_dir == NULL || g_mkdir_with_parents (work_dir, 0700) < 0)
    {
      g_printerr ("bench witness-append: cannot create a work folder\n");
      return 1;
    }
  if (tmpfs_dir == NULL)
    tmpfs_dir = g_strdup ("/dev/shm");
  if (is_tmpfs (work_dir))
    g_printerr ("note: %s is tmpfs; the fsync figure is not a disk's\n", work_dir);

  if (!time_appends (work_dir, seconds, 100000, &disk, &error))
    {
      g_printerr ("bench witness-append: %s\n", error->message);
      return 1;
    }
  bare_us = time_bare_appends (work_dir, disk.line_length, disk.n, &bare_cpu_us);

  if (is_tmpfs (tmpfs_dir))
    {
      g_autofree char *template = g_build_filename (tmpfs_dir, "onair-bench-XXXXXX", NULL);

      tmp_chain_dir = g_mkdtemp (g_steal_pointer (&template));
    }
  if (tmp_chain_dir != NULL && !time_appends (tmp_chain_dir, seconds, 200000, &memory, &error))
    {
      g_printerr ("bench witness-append: no-fsync run: %s\n", error->message);
      g_clear_error (&error);
      memory.n = 0;
    }
  if (tmp_chain_dir != NULL)
    g_rmdir (tmp_chain_dir);
  g_rmdir (work_dir);

  rate = bench_format_rate (1e6 / disk.wall_us);
  g_print ("bench witness-append: fsync %s events/s (%.0fus/append, bare write+fsync %.0fus, "
           "%zu-byte lines) cpu %.0fus/append (bare %.0fus); no-fsync ",
           rate, disk.wall_us, bare_us, disk.line_length, disk.cpu_us, bare_cpu_us);
  if (memory.n > 0)
    g_print ("%.1fus/append (same path on tmpfs)", memory.wall_us);
  else
    g_print ("n/a (no tmpfs)");
  g_print (" ratio=%.2f\n", disk.wall_us / bare_us);
  return 0;
}
