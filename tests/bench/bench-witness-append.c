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
#include "core/witness/onair-witness.h"

/* Witness append: onair_witness_append (write + fsync) on the build folder's file system,
 * interleaved one for one with a bare write() + fsync() of a line of the same length to another
 * file in the same folder, the floor of any durable append; both see the same disk at the same
 * moment. Figures are per-operation medians: wall time, and the thread's CPU time (user +
 * system, so fsync's work in the kernel counts). Without fsync: the same append path on tmpfs,
 * where fsync returns at once, interleaved with a bare write() there. */

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
  gsize  line_length;
  double append_ns;      /* medians per operation */
  double append_cpu_ns;
  double bare_ns;
  double bare_cpu_ns;
} Appends;

static double
median_of (GArray *samples)
{
  return bench_median ((double *) (void *) samples->data, samples->len);
}

static gboolean
time_appends (const char  *dir,
              gboolean     sync,
              guint        max_n,
              Appends     *out,
              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "append-chain.jsonl", NULL);
  g_autofree char *torn = g_strconcat (path, ".torn", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *bare_path = g_build_filename (dir, "append-bare.jsonl", NULL);
  g_autofree char *line = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(JsonObject) event = make_event ();
  g_autoptr(GArray) append_ns = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) append_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ns = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GStatBuf before, after;
  gboolean ok = TRUE;
  gint64 end;
  int fd;

  g_remove (path);
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, error);
  if (witness == NULL)
    return FALSE;
  /* Warm-up: the first appends grow buffers; the last one gives the line length. */
  for (guint i = 0; i < 5 && ok; i++)
    {
      g_stat (path, &before);
      ok = onair_witness_append (witness, event, NULL, error);
    }
  g_stat (path, &after);
  out->line_length = (gsize) (after.st_size - before.st_size);
  line = g_malloc (out->line_length);
  memset (line, 'x', out->line_length);
  line[out->line_length - 1] = '\n';
  fd = g_open (bare_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", bare_path,
                   g_strerror (errno));
      ok = FALSE;
    }

  end = bench_now_ns () + (gint64) (seconds * 1e9);
  while (ok && (append_ns->len < 20 || bench_now_ns () < end) && append_ns->len < max_n)
    {
      gint64 t0, c0, t1, c1, t2, c2;
      double v;

      t0 = bench_now_ns ();
      c0 = bench_thread_cpu_ns ();
      ok = onair_witness_append (witness, event, NULL, error);
      t1 = bench_now_ns ();
      c1 = bench_thread_cpu_ns ();
      if (write (fd, line, out->line_length) != (gssize) out->line_length ||
          (sync && fsync (fd) < 0))
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", bare_path,
                       g_strerror (errno));
          ok = FALSE;
        }
      t2 = bench_now_ns ();
      c2 = bench_thread_cpu_ns ();
      v = (double) (t1 - t0);
      g_array_append_val (append_ns, v);
      v = (double) (c1 - c0);
      g_array_append_val (append_cpu, v);
      v = (double) (t2 - t1);
      g_array_append_val (bare_ns, v);
      v = (double) (c2 - c1);
      g_array_append_val (bare_cpu, v);
    }
  out->n = append_ns->len;
  out->append_ns = median_of (append_ns);
  out->append_cpu_ns = median_of (append_cpu);
  out->bare_ns = median_of (bare_ns);
  out->bare_cpu_ns = median_of (bare_cpu);

  if (fd >= 0)
    close (fd);
  onair_witness_close (witness);
  g_clear_object (&witness);
  g_remove (path);
  g_remove (torn);
  g_remove (lock);
  g_remove (bare_path);
  return ok;
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

  if (!time_appends (work_dir, TRUE, 100000, &disk, &error))
    {
      g_printerr ("bench witness-append: %s\n", error->message);
      return 1;
    }

  if (is_tmpfs (tmpfs_dir))
    {
      g_autofree char *template = g_build_filename (tmpfs_dir, "onair-bench-XXXXXX", NULL);

      tmp_chain_dir = g_mkdtemp (g_steal_pointer (&template));
    }
  if (tmp_chain_dir != NULL && !time_appends (tmp_chain_dir, FALSE, 200000, &memory, &error))
    {
      g_printerr ("bench witness-append: no-fsync run: %s\n", error->message);
      g_clear_error (&error);
      memory.n = 0;
    }
  if (tmp_chain_dir != NULL)
    g_rmdir (tmp_chain_dir);
  g_rmdir (work_dir);

  rate = bench_format_rate (1e9 / disk.append_ns);
  g_print ("bench witness-append: fsync %s events/s (median %.0fus/append, cpu %.0fus; bare "
           "write+fsync %.0fus, cpu %.0fus; %zu-byte lines, n=%u); no-fsync ",
           rate, disk.append_ns / 1e3, disk.append_cpu_ns / 1e3, disk.bare_ns / 1e3,
           disk.bare_cpu_ns / 1e3, disk.line_length, disk.n);
  if (memory.n > 0)
    g_print ("%.1fus/append (same path on tmpfs; bare write %.1fus)", memory.append_ns / 1e3,
             memory.bare_ns / 1e3);
  else
    g_print ("n/a (no tmpfs)");
  g_print (" ratio=%.2f\n", disk.append_ns / disk.bare_ns);
  return 0;
}
