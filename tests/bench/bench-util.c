/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* The calling thread's CPU time: what one parse costs, whatever else runs on the machine. */
gint64
bench_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Every thread of the process: the parser and the witness run parts of their work in
 * workers. */
void
bench_cpu_times (gint64 *user_ns,
                 gint64 *system_ns)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  *user_ns = (gint64) usage.ru_utime.tv_sec * G_GINT64_CONSTANT (1000000000) +
             (gint64) usage.ru_utime.tv_usec * 1000;
  *system_ns = (gint64) usage.ru_stime.tv_sec * G_GINT64_CONSTANT (1000000000) +
               (gint64) usage.ru_stime.tv_usec * 1000;
}

gint64
bench_cpu_ns (void)
{
  gint64 user_ns, system_ns;

  bench_cpu_times (&user_ns, &system_ns);
  return user_ns + system_ns;
}

/* CPU time of the children waited for so far (user + system). */
gint64
bench_children_cpu_ns (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return ((gint64) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_GINT64_CONSTANT (1000000000) +
         ((gint64) usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (double *values,
                  guint   n,
                  double  fraction)
{
  double position;
  guint below;

  if (n == 0)
    return NAN;
  qsort (values, n, sizeof *values, compare_doubles);
  position = fraction * (n - 1);
  below = (guint) position;
  if (below + 1 >= n)
    return values[n - 1];
  return values[below] + (position - below) * (values[below + 1] - values[below]);
}

double
bench_median (double *values,
              guint   n)
{
  return bench_percentile (values, n, 0.5);
}

gsize
bench_rss_bytes (void)
{
  unsigned long size = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (f == NULL)
    return 0;
  if (fscanf (f, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (f);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

guint64
bench_free_disk_bytes (const char *path)
{
  struct statvfs st;

  if (statvfs (path, &st) < 0)
    return 0;
  return (guint64) st.f_bavail * st.f_frsize;
}

char *
bench_format_rate (double per_second)
{
  if (per_second >= 1e6)
    return g_strdup_printf ("%.2fM", per_second / 1e6);
  if (per_second >= 1e3)
    return g_strdup_printf ("%.1fk", per_second / 1e3);
  return g_strdup_printf ("%.0f", per_second);
}

char *
bench_run_peer (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("peer %s: %s\n", argv[0], error->message);
      return NULL;
    }
  return g_steal_pointer (&out);
}

double
bench_peer_value (const char *output,
                  const char *prefix,
                  const char *key)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *needle = g_strdup_printf (" %s=", key);

  if (output == NULL)
    return NAN;
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *at;

      if (!g_str_has_prefix (lines[i], prefix))
        continue;
      at = strstr (lines[i], needle);
      if (at != NULL)
        return g_ascii_strtod (at + strlen (needle), NULL);
    }
  return NAN;
}

/* The emulator child */

typedef struct
{
  GPtrArray     *emulators;   /* OnairEmulator*, all served by the child's one main loop */
  GMainLoop     *loop;
  int            reply_fd;
} Child;

static gboolean
child_command_cb (int          fd,
                  GIOCondition condition,
                  gpointer     user_data)
{
  Child *child = user_data;
  char command = 'q';

  if (read (fd, &command, 1) != 1 || command == 'q')
    {
      g_main_loop_quit (child->loop);
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; command == 'a' && i < child->emulators->len; i++)
    onair_emulator_advance (g_ptr_array_index (child->emulators, i), 1);
  if (write (child->reply_fd, "k", 1) != 1)
    g_main_loop_quit (child->loop);
  return G_SOURCE_CONTINUE;
}

/* Serves @n_emulators emulators, each on a free port, and writes their ports in turn. */
G_GNUC_NORETURN static void
child_main (int                  command_fd,
            int                  reply_fd,
            OnairEmulatorProfile profile,
            guint                n_emulators,
            guint                n_inputs,
            gboolean             test_clock)
{
  Child child = { g_ptr_array_new_with_free_func (g_object_unref), NULL, reply_fd };

  for (guint i = 0; i < n_emulators; i++)
    {
      g_autoptr(GError) error = NULL;
      OnairEmulator *emulator = onair_emulator_new (profile);
      guint32 port = 0;

      g_ptr_array_add (child.emulators, emulator);
      if (n_inputs > 0)
        onair_emulator_set_input_count (emulator, n_inputs);
      if (test_clock)
        onair_emulator_use_test_clock (emulator);
      if (onair_emulator_start (emulator, 0, &error))
        port = onair_emulator_get_port (emulator);
      else
        g_printerr ("emulator: %s\n", error->message);
      if (write (reply_fd, &port, sizeof port) != sizeof port || port == 0)
        _exit (1);
    }

  child.loop = g_main_loop_new (NULL, FALSE);
  g_unix_fd_add (command_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, child_command_cb, &child);
  g_main_loop_run (child.loop);
  for (guint i = 0; i < child.emulators->len; i++)
    onair_emulator_stop (g_ptr_array_index (child.emulators, i));
  _exit (0);
}

gboolean
bench_emulator_spawn (BenchEmulator        *emulator,
                      OnairEmulatorProfile  profile,
                      guint                 n_inputs,
                      gboolean              test_clock,
                      GError              **error)
{
  return bench_emulator_spawn_many (emulator, profile, 1, n_inputs, test_clock, error);
}

gboolean
bench_emulator_spawn_many (BenchEmulator        *emulator,
                           OnairEmulatorProfile  profile,
                           guint                 n_emulators,
                           guint                 n_inputs,
                           gboolean              test_clock,
                           GError              **error)
{
  int commands[2], replies[2];
  pid_t pid;

  g_return_val_if_fail (n_emulators > 0, FALSE);

  if (pipe (commands) < 0 || pipe (replies) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "pipe: %s",
                   g_strerror (errno));
      return FALSE;
    }
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "fork: %s",
                   g_strerror (errno));
      return FALSE;
    }
  if (pid == 0)
    {
      close (commands[1]);
      close (replies[0]);
      child_main (commands[0], replies[1], profile, n_emulators, n_inputs, test_clock);
    }
  close (commands[0]);
  close (replies[1]);
  emulator->pid = pid;
  emulator->command_fd = commands[1];
  emulator->reply_fd = replies[0];
  emulator->ports = g_new0 (guint, n_emulators);
  emulator->n_ports = n_emulators;
  for (guint i = 0; i < n_emulators; i++)
    {
      guint32 port = 0;

      if (read (emulator->reply_fd, &port, sizeof port) != sizeof port || port == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the emulator did not start");
          bench_emulator_stop (emulator);
          return FALSE;
        }
      emulator->ports[i] = port;
    }
  emulator->port = emulator->ports[0];
  return TRUE;
}

void
bench_emulator_advance (BenchEmulator *emulator,
                        guint          seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      char ack = 0;

      if (write (emulator->command_fd, "a", 1) != 1 || read (emulator->reply_fd, &ack, 1) != 1)
        g_error ("the emulator child went away");
    }
}

gint64
bench_emulator_cpu_ns (BenchEmulator *emulator)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) emulator->pid);
  g_autofree char *text = NULL;
  unsigned long long utime = 0, stime = 0;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* After the command name: state, then 10 fields before utime and stime (fields 14, 15). */
  if (sscanf (after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
              &utime, &stime) != 2)
    return 0;
  return (gint64) ((utime + stime) * (G_GINT64_CONSTANT (1000000000) / sysconf (_SC_CLK_TCK)));
}

void
bench_emulator_stop (BenchEmulator *emulator)
{
  if (emulator->pid <= 0)
    return;
  if (write (emulator->command_fd, "q", 1) != 1)
    kill (emulator->pid, SIGTERM);
  close (emulator->command_fd);
  close (emulator->reply_fd);
  waitpid (emulator->pid, NULL, 0);
  emulator->pid = 0;
  g_clear_pointer (&emulator->ports, g_free);
  emulator->n_ports = 0;
}
