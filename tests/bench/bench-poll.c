/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <math.h>

#include "bench-util.h"
#include "core/health/onair-health-monitor.h"
#include "core/vmix/onair-poller.h"

/* Poll cost and latency against an emulator with 200 inputs in a child process, so that the
 * emulator's own CPU time stays out of Onair's figures (it is reported beside them).
 *
 * poll-cost: CPU time (getrusage, every thread: the parser runs in a worker) per poll of the
 * poller with the health monitor attached (fetch + parse + health update), polls back to back;
 * the reference is a bare libsoup GET of the same document in the same process.
 *
 * poll-latency: from a state change in the emulator (StartStreaming/StopStreaming on channel 1,
 * sent over HTTP) to the poller's state-received carrying it, with the default UI setting of a
 * 250 ms interval: once as an outside change noticed by the periodic poll, once on the UI's
 * path (the controller sends the function, then asks for a poll at once). */

#define N_INPUTS 200

static guint n_polls = 2000;
static guint n_periodic = 40;
static guint n_immediate = 200;

static const GOptionEntry entries[] = {
  { "polls", 0, 0, G_OPTION_ARG_INT, &n_polls, "Polls for the CPU figure", "N" },
  { "periodic", 0, 0, G_OPTION_ARG_INT, &n_periodic, "Changes seen by the periodic poll", "N" },
  { "immediate", 0, 0, G_OPTION_ARG_INT, &n_immediate, "Changes confirmed by poll_now", "N" },
  { NULL }
};

typedef struct
{
  OnairPoller *poller;
  guint        states;
  gboolean     expect_live;
  gint64       seen_ns;     /* when a state with stream 1 == expect_live arrived, or 0 */
} Watch;

static void
state_received_cb (OnairPoller    *poller,
                   OnairVmixState *state,
                   gint64          round_trip_us,
                   Watch          *watch)
{
  watch->states++;
  if (watch->seen_ns == 0 && onair_vmix_state_get_stream_live (state, 0) == watch->expect_live)
    watch->seen_ns = bench_now_ns ();
}

static void
iterate_until (gboolean *done,
               double    timeout_s)
{
  gint64 deadline = bench_now_ns () + (gint64) (timeout_s * 1e9);

  while (!*done)
    {
      if (bench_now_ns () > deadline)
        g_error ("timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_states (Watch *watch,
             guint  n)
{
  guint target = watch->states + n;

  while (watch->states < target)
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
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  iterate_until (&done, 10);
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = onair_vmix_client_call_finish (ONAIR_VMIX_CLIENT (object), result,
                                                           &error);

  if (answer == NULL)
    g_error ("function call failed: %s", error->message);
  *(gint64 *) user_data = bench_now_ns ();
}

static gint64
call (OnairVmixClient *client,
      const char      *function,
      const char      *value)
{
  const char *params[] = { "Value", value, NULL };
  gint64 done_ns = 0;
  gboolean done = FALSE;

  onair_vmix_client_call_async (client, function, params, NULL, call_done_cb, &done_ns);
  while (!done)
    {
      g_main_context_iteration (NULL, TRUE);
      done = done_ns != 0;
    }
  return done_ns;
}

static void
get_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                               &error);

  if (body == NULL || g_bytes_get_size (body) < 1000)
    g_error ("bare GET failed: %s", error ? error->message : "short answer");
  *(gboolean *) user_data = TRUE;
}

/* The reference: the same document fetched with a bare libsoup session, nothing parsed. */
static double
bare_get_cpu_ns (guint port,
                 guint n)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/api", port);
  gint64 c0 = 0;

  for (guint i = 0; i < n + 50; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
      gboolean done = FALSE;

      if (i == 50)
        c0 = bench_cpu_ns ();
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, get_done_cb,
                                        &done);
      iterate_until (&done, 10);
    }
  return (double) (bench_cpu_ns () - c0) / n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- poll cost and latency benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(OnairVmixClient) remote = NULL;
  g_autoptr(OnairPoller) poller = NULL;
  g_autoptr(OnairHealthHistory) history = NULL;
  g_autoptr(OnairHealthMonitor) monitor = NULL;
  g_autofree double *periodic = NULL;
  g_autofree double *immediate = NULL;
  BenchEmulator emulator = { 0 };
  Watch watch = { 0 };
  gint64 t0, e0, u0, s0, u1, s1;
  double cpu_ns, user_ns, wall_ns, emulator_ns, bare_ns, rtt_us;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_polls = MAX (n_polls, 10);
  n_periodic = MAX (n_periodic, 3);
  n_immediate = MAX (n_immediate, 3);

  /* Before anything starts a thread. */
  if (!bench_emulator_spawn (&emulator, ONAIR_EMULATOR_PROFILE_VMIX28, N_INPUTS, FALSE, &error))
    {
      g_printerr ("bench poll-cost: %s\n", error->message);
      return 1;
    }

  client = onair_vmix_client_new ("127.0.0.1", emulator.port, FALSE, &error);
  remote = onair_vmix_client_new ("127.0.0.1", emulator.port, FALSE, &error);
  g_assert_no_error (error);
  poller = onair_poller_new (client);
  history = onair_health_history_new (ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY);
  monitor = onair_health_monitor_new (history);
  onair_health_monitor_attach_poller (monitor, poller);
  watch.poller = poller;
  watch.expect_live = TRUE;
  watch.seen_ns = 1;
  g_signal_connect (poller, "state-received", G_CALLBACK (state_received_cb), &watch);

  /* Poll cost: polls back to back; the timer never fires between them. */
  onair_poller_set_interval_ms (poller, ONAIR_POLLER_MAX_INTERVAL_MS);
  onair_poller_start (poller);
  wait_states (&watch, 50);
  e0 = bench_emulator_cpu_ns (&emulator);
  bench_cpu_times (&u0, &s0);
  t0 = bench_now_ns ();
  wait_states (&watch, n_polls);
  wall_ns = (double) (bench_now_ns () - t0) / n_polls;
  bench_cpu_times (&u1, &s1);
  user_ns = (double) (u1 - u0) / n_polls;
  cpu_ns = user_ns + (double) (s1 - s0) / n_polls;
  emulator_ns = (double) (bench_emulator_cpu_ns (&emulator) - e0) / n_polls;
  rtt_us = (double) onair_poller_get_round_trip_us (poller);
  bare_ns = bare_get_cpu_ns (emulator.port, n_polls);

  g_print ("bench poll-cost: %u inputs cpu %.0fus/poll (user %.0fus; fetch+parse+health; bare "
           "libsoup GET %.0fus) wall %.0fus/poll rtt %.0fus emulator-side cpu %.0fus/poll "
           "ratio=%.2f\n",
           N_INPUTS, cpu_ns / 1e3, user_ns / 1e3, bare_ns / 1e3, wall_ns / 1e3, rtt_us,
           emulator_ns / 1e3, cpu_ns / bare_ns);

  /* Latency, at the shortest interval the settings allow (the UI's choice for a show). */
  onair_poller_set_interval_ms (poller, ONAIR_POLLER_MIN_INTERVAL_MS);
  wait_states (&watch, 1);  /* the timer set at the long interval goes */
  call (remote, "StreamingSetURL", "0,rtmp://127.0.0.1/live");
  call (remote, "StreamingSetKey", "0,bench-key");
  periodic = g_new (double, n_periodic);
  immediate = g_new (double, n_immediate);

  for (guint i = 0; i < n_periodic + n_immediate; i++)
    {
      gboolean use_poll_now = i >= n_periodic;
      gint64 sent, applied;
      gboolean seen = FALSE;
      gint64 deadline;

      /* A random phase against the poll timer. */
      run_for_ms (use_poll_now ? g_random_int_range (0, 20) : g_random_int_range (0, 250));
      watch.expect_live = !watch.expect_live;
      watch.seen_ns = 0;
      sent = bench_now_ns ();
      applied = call (remote, watch.expect_live ? "StartStreaming" : "StopStreaming", "0");
      if (use_poll_now)
        onair_poller_poll_now (poller);
      deadline = bench_now_ns () + 5 * G_GINT64_CONSTANT (1000000000);
      while (!seen)
        {
          if (bench_now_ns () > deadline)
            g_error ("the poller never showed the change");
          g_main_context_iteration (NULL, TRUE);
          seen = watch.seen_ns != 0;
        }
      if (use_poll_now)
        immediate[i - n_periodic] = (double) (watch.seen_ns - sent);
      else
        periodic[i] = (double) (watch.seen_ns - applied);
    }

  {
    double p50 = bench_median (periodic, n_periodic) / 1e6;
    double p90 = bench_percentile (periodic, n_periodic, 0.9) / 1e6;
    double i50 = bench_median (immediate, n_immediate) / 1e6;
    double i90 = bench_percentile (immediate, n_immediate, 0.9) / 1e6;

    g_print ("bench poll-latency: interval 250ms; outside change seen by the periodic poll "
             "median %.1fms p90 %.1fms (n=%u); UI path (function call, then poll_now) median "
             "%.2fms p90 %.2fms (n=%u) ratio=%.2f\n",
             p50, p90, n_periodic, i50, i90, n_immediate, p50 / (ONAIR_POLLER_MIN_INTERVAL_MS / 2.0));
  }

  onair_poller_stop (poller);
  g_clear_object (&monitor);
  g_clear_object (&poller);
  bench_emulator_stop (&emulator);
  return 0;
}
