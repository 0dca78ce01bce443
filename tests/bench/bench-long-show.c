/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "bench-util.h"
#include "core/show/onair-controller.h"
#include "core/health/onair-health-monitor.h"
#include "core/show/onair-witness-recorder.h"

/* Long show: the core objects a running onair holds (poller, controller, health monitor and
 * history, witness recorder) through a simulated show at 1 Hz, a stream live and the recording
 * running all along. The emulator runs in a child process on its test clock: each simulated
 * second the clock moves one second and the poller fetches one fresh state, as fast as the
 * machine allows. The process's RSS (/proc/self/statm) is sampled every simulated minute; the
 * figure is its growth after the first hour. The history keeps 24 h per metric in rings that
 * grow to that size as samples arrive (they are not preallocated), so part of the growth is by
 * design; the bytes the rings must hold are computed from the metrics present and printed as
 * the reference. */

static guint hours = 24;
static char *work_dir;

static const GOptionEntry entries[] = {
  { "hours", 0, 0, G_OPTION_ARG_INT, &hours, "Simulated show length (default 24)", "H" },
  { "work", 0, 0, G_OPTION_ARG_FILENAME, &work_dir, "Folder for the witness chain", "DIR" },
  { NULL }
};

/* Seconds since the emulator's test epoch, shared with the monitor's clock. */
static gint64 show_s;

typedef struct
{
  OnairPoller *poller;
  guint        states;
} Watch;

static gint64
show_clock_cb (gpointer user_data)
{
  return (ONAIR_EMULATOR_TEST_EPOCH + show_s) * 1000;
}

static void
state_received_cb (OnairPoller    *poller,
                   OnairVmixState *state,
                   gint64          round_trip_us,
                   Watch          *watch)
{
  watch->states++;
}

static void
poll_once (Watch *watch)
{
  guint before = watch->states;
  gint64 deadline = bench_now_ns () + 30 * G_GINT64_CONSTANT (1000000000);

  onair_poller_poll_now (watch->poller);
  while (watch->states == before)
    {
      if (bench_now_ns () > deadline)
        g_error ("no state from the emulator");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
call (OnairVmixClient *client,
      const char      *function,
      const char      *value)
{
  const char *params[] = { "Value", value, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  onair_vmix_client_call_async (client, function, value ? params : NULL, NULL, result_cb,
                                &result);
  answer = onair_vmix_client_call_finish (client, wait_result (&result), &error);
  if (answer == NULL)
    g_error ("%s failed: %s", function, error->message);
}

/* Least-squares slope of y over x. */
static double
slope (const double *x,
       const double *y,
       guint         n)
{
  double mx = 0, my = 0, sxy = 0, sxx = 0;

  for (guint i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
  return sxx > 0 ? sxy / sxx : NAN;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- long show memory benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(OnairVmixClient) remote = NULL;
  g_autoptr(OnairPoller) poller = NULL;
  g_autoptr(OnairSecretStore) secrets = NULL;
  g_autoptr(OnairController) controller = NULL;
  g_autoptr(OnairHealthHistory) history = NULL;
  g_autoptr(OnairHealthMonitor) monitor = NULL;
  g_autoptr(OnairWitnessRecorder) recorder = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GArray) sample_h = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) metrics = NULL;
  g_autofree char *chain_dir = NULL;
  g_autofree char *chain = NULL;
  BenchEmulator emulator = { 0 };
  Watch watch = { 0 };
  gint64 t0;
  double rss_start, rss_1h = NAN, rss_end, rss_max = 0, growth, fitted, designed;
  guint n_metrics;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  hours = MAX (hours, 2);

  /* Before anything starts a thread. */
  if (!bench_emulator_spawn (&emulator, ONAIR_EMULATOR_PROFILE_VMIX28, 0, TRUE, &error))
    {
      g_printerr ("bench long-show: %s\n", error->message);
      return 1;
    }

  chain_dir = g_dir_make_tmp ("onair-bench-show-XXXXXX", NULL);
  if (work_dir != NULL)
    {
      g_free (chain_dir);
      chain_dir = g_build_filename (work_dir, "long-show", NULL);
      g_mkdir_with_parents (chain_dir, 0700);
    }
  chain = g_build_filename (chain_dir, "chain.jsonl", NULL);

  client = onair_vmix_client_new ("127.0.0.1", emulator.port, FALSE, &error);
  remote = onair_vmix_client_new ("127.0.0.1", emulator.port, FALSE, &error);
  g_assert_no_error (error);
  poller = onair_poller_new (client);
  onair_poller_set_interval_ms (poller, ONAIR_POLLER_MAX_INTERVAL_MS);
  secrets = onair_secret_store_new ();
  controller = onair_controller_new (poller, secrets);
  history = onair_health_history_new (ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY);
  monitor = onair_health_monitor_new (history);
  onair_health_monitor_set_clock (monitor, show_clock_cb, NULL, NULL);
  onair_health_monitor_attach_poller (monitor, poller);
  onair_controller_set_health (controller, monitor);
  recorder = onair_witness_recorder_new (NULL, chain);
  onair_witness_recorder_watch_controller (recorder, controller);
  onair_witness_recorder_open_async (recorder, NULL, result_cb, &opened);
  if (!onair_witness_recorder_open_finish (recorder, wait_result (&opened), &error))
    {
      g_printerr ("bench long-show: %s\n", error->message);
      bench_emulator_stop (&emulator);
      return 1;
    }
  watch.poller = poller;
  g_signal_connect (poller, "state-received", G_CALLBACK (state_received_cb), &watch);

  /* The show: stream 1 live and the recording running from the start. */
  call (remote, "StreamingSetURL", "0,rtmp://127.0.0.1/live");
  call (remote, "StreamingSetKey", "0,bench-key");
  call (remote, "StartStreaming", "0");
  call (remote, "StartRecording", NULL);
  onair_poller_start (poller);
  poll_once (&watch);

  rss_start = bench_rss_bytes () / 1e6;
  t0 = bench_now_ns ();
  for (gint64 s = 1; s <= (gint64) hours * 3600; s++)
    {
      bench_emulator_advance (&emulator, 1);
      show_s = s;
      poll_once (&watch);
      if (s % 60 == 0)
        {
          double h = s / 3600.0;
          double mb = bench_rss_bytes () / 1e6;

          g_array_append_val (sample_h, h);
          g_array_append_val (sample_mb, mb);
          rss_max = MAX (rss_max, mb);
          if (s == 3600)
            rss_1h = mb;
        }
    }
  rss_end = g_array_index (sample_mb, double, sample_mb->len - 1);

  /* Growth after the first hour: from the 1 h sample to the end, and fitted over the same
   * samples. */
  growth = (rss_end - rss_1h) / (hours - 1);
  fitted = slope ((double *) (void *) sample_h->data + 59, (double *) (void *) sample_mb->data + 59,
                  sample_h->len - 59);
  metrics = onair_health_history_list_metrics (history);
  n_metrics = g_strv_length (metrics);
  /* Per sample and metric the rings hold a timestamp and a value (16 bytes) and, in the
   * min/max pyramid, blocks of 24 bytes over 8, 16, 32… samples (~6 bytes). */
  designed = n_metrics * 22.0 * 3600 / 1e6;

  g_print ("bench long-show: %uh at 1Hz in %.0fs, %u polls, %u metrics; rss %.1fMB at start, "
           "%.1fMB at 1h, %.1fMB at %uh (max %.1fMB); growth after 1h %.2fMB/h (fit %.2fMB/h), "
           "history rings by design %.2fMB/h ratio=%.2f\n",
           hours, (bench_now_ns () - t0) / 1e9, watch.states, n_metrics, rss_start, rss_1h,
           rss_end, hours, rss_max, growth, fitted, designed, growth / designed);

  onair_poller_stop (poller);
  g_clear_object (&recorder);
  g_clear_object (&monitor);
  g_clear_object (&controller);
  g_clear_object (&poller);
  bench_emulator_stop (&emulator);
  {
    g_autofree char *lock = g_strconcat (chain, ".lock", NULL);

    g_remove (chain);
    g_remove (lock);
    g_rmdir (chain_dir);
  }
  return 0;
}
