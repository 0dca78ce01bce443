/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "bench-util.h"
#include "ui/onair-application.h"
#include "ui/onair-window.h"

/* Long show, the whole application: OnairApplication and its window, as `onair` runs them,
 * connected to an emulator in a child process on its test clock, through a simulated show
 * at 1 Hz with a stream live and the recording running all along. Each simulated second the
 * emulator's clock and the health monitor's move one second and the application's poller
 * fetches one fresh state, as fast as the machine allows; the window shows the Control Room
 * and the Health page by turns, half an hour each, and draws as GTK schedules it. The process's
 * RSS is sampled every simulated minute; the figure is its growth after the first hour,
 * against the bytes the health history's rings must hold by design. Needs a display, a
 * session bus and a keyring: run-all.sh gives it private ones. */

static guint hours = 24;

static const GOptionEntry entries[] = {
  { "hours", 0, 0, G_OPTION_ARG_INT, &hours, "Simulated show length (default 24)", "H" },
  { NULL }
};

static gint64 show_s;

static gint64
show_clock_cb (gpointer user_data)
{
  return (ONAIR_EMULATOR_TEST_EPOCH + show_s) * 1000;
}

static void
state_received_cb (OnairPoller    *poller,
                   OnairVmixState *state,
                   gint64          round_trip_us,
                   guint          *states)
{
  (*states)++;
}

static gboolean
wait_for_states (const guint *states,
                 guint        at_least,
                 guint        seconds)
{
  gint64 deadline = bench_now_ns () + seconds * G_GINT64_CONSTANT (1000000000);

  while (*states < at_least)
    {
      if (bench_now_ns () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
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
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = onair_vmix_client_call_finish (client, result, &error);
  if (answer == NULL)
    g_error ("%s failed: %s", function, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- long show of the application");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairApplication) app = NULL;
  g_autoptr(OnairVmixClient) remote = NULL;
  g_autoptr(GArray) sample_h = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) metrics = NULL;
  BenchEmulator emulator = { 0 };
  OnairPoller *poller;
  GSettings *settings;
  GtkWindow *window;
  guint states = 0;
  gint64 t0;
  double rss_start, rss_1h = NAN, rss_end, rss_max = 0, growth, designed;

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
      g_printerr ("bench long-show-app: %s\n", error->message);
      return 1;
    }

  g_setenv ("GSETTINGS_SCHEMA_DIR", ONAIR_BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench long-show-app: no display (run it through run-all.sh)\n");
      bench_emulator_stop (&emulator);
      return 1;
    }

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench long-show-app: %s\n", error->message);
      bench_emulator_stop (&emulator);
      return 1;
    }
  /* The emulator's address; polls come from the loop below, not from the poller's timer. */
  settings = onair_application_get_settings (app);
  g_settings_set_string (settings, "host", "127.0.0.1");
  g_settings_set_uint (settings, "port", emulator.port);
  g_settings_set_uint (settings, "poll-interval-ms", ONAIR_POLLER_MAX_INTERVAL_MS);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  onair_health_monitor_set_clock (onair_application_get_health (app), show_clock_cb, NULL, NULL);

  poller = onair_application_get_poller (app);
  g_signal_connect (poller, "state-received", G_CALLBACK (state_received_cb), &states);
  onair_poller_poll_now (poller);
  if (window == NULL || !wait_for_states (&states, 1, 30))
    {
      g_printerr ("bench long-show-app: the application never showed vMix's state\n");
      bench_emulator_stop (&emulator);
      return 1;
    }

  /* The show: stream 1 live and the recording running from the start. */
  remote = onair_vmix_client_new ("127.0.0.1", emulator.port, FALSE, &error);
  g_assert_no_error (error);
  call (remote, "StreamingSetURL", "0,rtmp://127.0.0.1/live");
  call (remote, "StreamingSetKey", "0,bench-key");
  call (remote, "StartStreaming", "0");
  call (remote, "StartRecording", NULL);

  rss_start = bench_rss_bytes () / 1e6;
  t0 = bench_now_ns ();
  for (gint64 s = 1; s <= (gint64) hours * 3600; s++)
    {
      guint before = states;

      bench_emulator_advance (&emulator, 1);
      show_s = s;
      onair_poller_poll_now (poller);
      if (!wait_for_states (&states, before + 1, 30))
        g_error ("no state from the emulator at %" G_GINT64_FORMAT " s", s);

      /* Both pages are drawn within the first hour, so that their first frames count
       * before the growth is measured. */
      if (s % 1800 == 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                    (s / 1800) % 2 ? "health" : "control");
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
  growth = (rss_end - rss_1h) / (hours - 1);
  metrics = onair_health_history_list_metrics (
    onair_health_monitor_get_history (onair_application_get_health (app)));
  /* As in bench-long-show: 16 bytes a sample and metric in the rings, ~6 in the pyramid. */
  designed = g_strv_length (metrics) * 22.0 * 3600 / 1e6;

  g_print ("bench long-show-app: onair's application and window, %uh at 1Hz in %.0fs, %u polls, "
           "%u metrics; rss %.1fMB at start, %.1fMB at 1h, %.1fMB at %uh (max %.1fMB); growth "
           "after 1h %.2fMB/h, history rings by design %.2fMB/h ratio=%.2f\n",
           hours, (bench_now_ns () - t0) / 1e9, states, g_strv_length (metrics), rss_start,
           rss_1h, rss_end, hours, rss_max, growth, designed, growth / designed);

  gtk_window_destroy (window);
  bench_emulator_stop (&emulator);
  return 0;
}
