/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "core/health/onair-health-monitor.h"
#include "core/health/onair-ingest-nginx-rtmp.h"

/* A real nginx with the RTMP module (Debian: nginx-light + libnginx-mod-rtmp), started on
 * loopback with its own configuration in a temporary directory, fed by a real ffmpeg test
 * pattern. Onair's ingest source must report the bitrate ffmpeg sends and the frame rate it
 * declares, and the health status must turn critical once ffmpeg stops. */

#define FFMPEG_BITRATE_KBPS 800
#define FFMPEG_FPS          25

static const char *module_candidates[] = {
  "/usr/lib/nginx/modules/ngx_rtmp_module.so",
  "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
  "/usr/share/nginx/modules/ngx_rtmp_module.so",
};

typedef struct
{
  char        *dir;
  char        *nginx;
  char        *module;
  char        *ffmpeg;
  guint        rtmp_port;
  guint        http_port;
  GSubprocess *nginx_process;
  GSubprocess *ffmpeg_process;
  gboolean     nginx_exited;
  gboolean     ffmpeg_exited;
} Fixture;

/* Children die with the test, even when an assertion aborts it. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
find_nginx (void)
{
  char *path = g_find_program_in_path ("nginx");

  if (path == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/nginx");
  return path;
}

static char *
find_module (void)
{
  const char *override = g_getenv ("ONAIR_NGINX_RTMP_MODULE");

  if (override != NULL && g_file_test (override, G_FILE_TEST_EXISTS))
    return g_strdup (override);
  for (guint i = 0; i < G_N_ELEMENTS (module_candidates); i++)
    if (g_file_test (module_candidates[i], G_FILE_TEST_EXISTS))
      return g_strdup (module_candidates[i]);
  return NULL;
}

static gboolean
ffmpeg_has_x264 (const char *ffmpeg)
{
  const char *argv[] = { ffmpeg, "-hide_banner", "-encoders", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL))
    return FALSE;
  return out != NULL && strstr (out, "libx264") != NULL;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
log_file (Fixture    *fixture,
          const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL) && *text != '\0')
    g_test_message ("%s:\n%s", name, text);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static GSubprocess *
spawn (Fixture             *fixture,
       const char          *log_name,
       gboolean            *exited,
       const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autofree char *log_path = g_build_filename (fixture->dir, log_name, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  *exited = FALSE;
  g_subprocess_wait_async (process, NULL, exited_cb, exited);
  return process;
}

/* SIGTERM, a bounded wait, then SIGKILL. */
static void
stop_process (GSubprocess **process,
              gboolean     *exited)
{
  gint64 deadline;

  if (*process == NULL)
    return;
  if (!*exited)
    g_subprocess_send_signal (*process, SIGTERM);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!*exited && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!*exited)
    {
      g_subprocess_force_exit (*process);
      while (!*exited)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (process);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;

  memset (fixture, 0, sizeof *fixture);
  fixture->nginx = find_nginx ();
  fixture->module = find_module ();
  fixture->ffmpeg = g_find_program_in_path ("ffmpeg");
  if (fixture->nginx == NULL || fixture->module == NULL || fixture->ffmpeg == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("onair-nginx-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->rtmp_port = free_port ();
  fixture->http_port = free_port ();
  while (fixture->http_port == fixture->rtmp_port)
    fixture->http_port = free_port ();

  conf = g_strdup_printf ("load_module %s;\n"
                          "daemon off;\n"
                          "master_process off;\n"
                          "worker_processes 1;\n"
                          "pid %s/nginx.pid;\n"
                          "error_log %s/error.log info;\n"
                          "events { worker_connections 64; }\n"
                          "rtmp {\n"
                          "  server {\n"
                          "    listen 127.0.0.1:%u;\n"
                          "    application live { live on; }\n"
                          "  }\n"
                          "}\n"
                          "http {\n"
                          "  access_log %s/access.log;\n"
                          "  client_body_temp_path %s/client_body;\n"
                          "  proxy_temp_path %s/proxy;\n"
                          "  fastcgi_temp_path %s/fastcgi;\n"
                          "  uwsgi_temp_path %s/uwsgi;\n"
                          "  scgi_temp_path %s/scgi;\n"
                          "  server {\n"
                          "    listen 127.0.0.1:%u;\n"
                          "    location /stat { rtmp_stat all; }\n"
                          "  }\n"
                          "}\n",
                          fixture->module, fixture->dir, fixture->dir, fixture->rtmp_port,
                          fixture->dir, fixture->dir, fixture->dir, fixture->dir, fixture->dir,
                          fixture->dir, fixture->http_port);
  conf_path = g_build_filename (fixture->dir, "nginx.conf", NULL);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_process (&fixture->ffmpeg_process, &fixture->ffmpeg_exited);
  stop_process (&fixture->nginx_process, &fixture->nginx_exited);
  if (fixture->dir != NULL)
    {
      if (g_test_failed ())
        {
          log_file (fixture, "nginx.out");
          log_file (fixture, "error.log");
          log_file (fixture, "ffmpeg.out");
        }
      remove_tree (fixture->dir);
    }
  g_free (fixture->dir);
  g_free (fixture->nginx);
  g_free (fixture->module);
  g_free (fixture->ffmpeg);
}

static gboolean
skip_if_missing (Fixture *fixture)
{
  if (fixture->nginx == NULL)
    g_test_skip ("nginx is not installed (Debian: nginx-light or nginx)");
  else if (fixture->module == NULL)
    g_test_skip ("nginx's RTMP module is not installed (Debian: libnginx-mod-rtmp)");
  else if (fixture->ffmpeg == NULL)
    g_test_skip ("ffmpeg is not installed");
  else if (!ffmpeg_has_x264 (fixture->ffmpeg))
    g_test_skip ("ffmpeg has no libx264 encoder");
  else
    return FALSE;
  return TRUE;
}

static void
start_nginx (Fixture *fixture)
{
  g_autofree char *prefix = g_strconcat (fixture->dir, "/", NULL);
  g_autofree char *conf = g_build_filename (fixture->dir, "nginx.conf", NULL);
  g_autofree char *error_log = g_build_filename (fixture->dir, "error.log", NULL);
  const char *argv[] = { fixture->nginx, "-e", error_log, "-p", prefix, "-c", conf, NULL };

  fixture->nginx_process = spawn (fixture, "nginx.out", &fixture->nginx_exited, argv);
}

static void
start_ffmpeg (Fixture *fixture)
{
  g_autofree char *target = g_strdup_printf ("rtmp://127.0.0.1:%u/live/test", fixture->rtmp_port);
  g_autofree char *progress = g_build_filename (fixture->dir, "progress.txt", NULL);
  g_autofree char *bitrate = g_strdup_printf ("%uk", FFMPEG_BITRATE_KBPS);
  g_autofree char *bufsize = g_strdup_printf ("%uk", 2 * FFMPEG_BITRATE_KBPS);
  g_autofree char *source = g_strdup_printf ("testsrc2=size=640x360:rate=%u", FFMPEG_FPS);
  const char *argv[] = {
    fixture->ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
    "-progress", progress,
    "-re", "-f", "lavfi", "-i", source,
    "-t", "240",
    "-c:v", "libx264", "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bufsize, "-g", "50",
    "-f", "flv", target, NULL
  };

  fixture->ffmpeg_process = spawn (fixture, "ffmpeg.out", &fixture->ffmpeg_exited, argv);
}

typedef struct
{
  gint64 total_size;
  gint64 out_time_us;
} Progress;

/* The last complete block of ffmpeg's -progress output. */
static gboolean
read_progress (Fixture  *fixture,
               Progress *out)
{
  g_autofree char *path = g_build_filename (fixture->dir, "progress.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  Progress current = { -1, -1 };
  gboolean found = FALSE;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "total_size="))
        current.total_size = g_ascii_strtoll (lines[i] + strlen ("total_size="), NULL, 10);
      else if (g_str_has_prefix (lines[i], "out_time_us="))
        current.out_time_us = g_ascii_strtoll (lines[i] + strlen ("out_time_us="), NULL, 10);
      else if (g_str_has_prefix (lines[i], "progress=") &&
               current.total_size > 0 && current.out_time_us > 0)
        {
          *out = current;
          found = TRUE;
        }
    }
  return found;
}

typedef struct
{
  guint             updates;
  guint             failures;
  OnairIngestStream *last;
} Reports;

static void
updated_cb (OnairIngestSource       *source,
            const OnairIngestStream *stream,
            Reports                 *reports)
{
  reports->updates++;
  g_clear_pointer (&reports->last, onair_ingest_stream_free);
  if (stream != NULL)
    reports->last = onair_ingest_stream_copy (stream);
}

static void
failed_cb (OnairIngestSource *source,
           const GError      *error,
           Reports           *reports)
{
  reports->failures++;
}

static void
wait_updates (Fixture *fixture,
              Reports *reports,
              guint    n)
{
  guint target = reports->updates + reports->failures + n;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (reports->updates + reports->failures < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (fixture->nginx_exited);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
status_changed_cb (OnairHealthMonitor *monitor,
                   OnairHealthStatus   status,
                   OnairHealthStatus   previous,
                   GPtrArray          *reasons,
                   GArray             *statuses)
{
  g_test_message ("health: %s -> %s%s%s", onair_health_status_to_string (previous),
                  onair_health_status_to_string (status), reasons->len > 0 ? ": " : "",
                  reasons->len > 0 ? ((OnairHealthReason *) g_ptr_array_index (reasons, 0))->message_untranslated : "");
  g_array_append_val (statuses, status);
}

static void
test_real_nginx (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *stat_url = NULL;
  g_autoptr(OnairIngestSource) source = NULL;
  g_autoptr(OnairHealthMonitor) monitor = NULL;
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (OnairHealthStatus));
  Reports reports = { 0, };
  Progress first;
  Progress last;
  double sent_kbps;
  double measured_kbps;
  gint64 deadline;
  gint64 killed_at;
  double window_s;
  OnairHealthThresholds thresholds;

  if (skip_if_missing (fixture))
    return;

  g_test_message ("nginx %s, module %s, rtmp port %u, http port %u", fixture->nginx,
                  fixture->module, fixture->rtmp_port, fixture->http_port);
  start_nginx (fixture);

  stat_url = g_strdup_printf ("http://127.0.0.1:%u/stat", fixture->http_port);
  source = ONAIR_INGEST_SOURCE (onair_ingest_nginx_rtmp_new ("nginx-test", stat_url));
  onair_ingest_source_set_stream_match (source, "live", "test", NULL);
  onair_ingest_source_set_interval_ms (source, 500);
  onair_ingest_source_set_timeout_ms (source, 3000);
  onair_ingest_source_set_rate_window_ms (source, 10000);
  g_signal_connect (source, "updated", G_CALLBACK (updated_cb), &reports);
  g_signal_connect (source, "failed", G_CALLBACK (failed_cb), &reports);

  monitor = onair_health_monitor_new (NULL);
  onair_health_monitor_get_thresholds (monitor, &thresholds);
  window_s = thresholds.window_s;
  onair_health_monitor_attach_ingest_source (monitor, source, "Test ingest", -1);
  g_signal_connect (monitor, "status-changed", G_CALLBACK (status_changed_cb), statuses);

  /* nginx answers its statistics page, with no stream yet. */
  onair_ingest_source_start (source);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (reports.updates == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (fixture->nginx_exited);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_null (reports.last);
  /* Polls before nginx listened failed; none may fail from now on. */
  reports.failures = 0;

  /* ffmpeg publishes; wait for a full rate window of steady stream. */
  start_ffmpeg (fixture);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (reports.last == NULL || reports.last->time_ms < 12000 ||
         isnan (reports.last->bitrate_kbps) || !read_progress (fixture, &first))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (fixture->ffmpeg_exited);
      wait_updates (fixture, &reports, 1);
    }
  g_assert_cmpint (onair_health_monitor_get_status (monitor), ==, ONAIR_HEALTH_HEALTHY);

  /* Measure what ffmpeg really sent over ten more seconds, and what Onair saw. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    wait_updates (fixture, &reports, 1);
  g_assert_nonnull (reports.last);
  g_assert_true (read_progress (fixture, &last));
  g_assert_cmpint (last.out_time_us, >, first.out_time_us);
  sent_kbps = (double) (last.total_size - first.total_size) * 8.0 * 1000.0 /
              (double) (last.out_time_us - first.out_time_us);
  measured_kbps = reports.last->bitrate_kbps;

  g_test_message ("ffmpeg sent %.0f kbit/s (asked %u); Onair measured %.0f kbit/s; nginx "
                  "reports bw_in %.0f kbit/s; declared %.2f fps, measured %.2f fps; %ux%u %s",
                  sent_kbps, FFMPEG_BITRATE_KBPS, measured_kbps, reports.last->bw_in_kbps,
                  reports.last->meta_fps, reports.last->fps, reports.last->width,
                  reports.last->height, reports.last->video_codec);

  g_assert_cmpfloat (fabs (measured_kbps - FFMPEG_BITRATE_KBPS), <, 0.2 * FFMPEG_BITRATE_KBPS);
  g_assert_cmpfloat (fabs (measured_kbps - sent_kbps), <, 0.2 * sent_kbps);
  g_assert_cmpfloat (reports.last->meta_fps, ==, FFMPEG_FPS);
  if (!isnan (reports.last->fps))
    g_assert_cmpfloat (fabs (reports.last->fps - FFMPEG_FPS), <, 0.1 * FFMPEG_FPS);
  g_assert_cmpuint (reports.last->width, ==, 640);
  g_assert_cmpuint (reports.last->height, ==, 360);
  g_assert_cmpuint (reports.failures, ==, 0);
  g_assert_cmpint (onair_health_monitor_get_status (monitor), ==, ONAIR_HEALTH_HEALTHY);

  /* ffmpeg stops: critical within the window. */
  killed_at = g_get_monotonic_time ();
  stop_process (&fixture->ffmpeg_process, &fixture->ffmpeg_exited);
  deadline = killed_at + (gint64) (window_s * G_USEC_PER_SEC);
  while (onair_health_monitor_get_status (monitor) != ONAIR_HEALTH_CRITICAL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (fixture->nginx_exited);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("critical %.1f s after ffmpeg stopped",
                  (g_get_monotonic_time () - killed_at) / (double) G_USEC_PER_SEC);
  g_assert_true (onair_health_monitor_has_reason (monitor, "ingest-stale", "ingest:nginx-test"));
  g_assert_null (reports.last);
  g_assert_cmpuint (statuses->len, >=, 2);
  g_assert_cmpint (g_array_index (statuses, OnairHealthStatus, statuses->len - 1), ==,
                   ONAIR_HEALTH_CRITICAL);

  onair_ingest_source_stop (source);
  onair_health_monitor_detach_ingest_source (monitor, source);
  g_clear_pointer (&reports.last, onair_ingest_stream_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/ingest-nginx/real-nginx", Fixture, NULL, fixture_set_up, test_real_nginx,
              fixture_tear_down);

  return g_test_run ();
}
