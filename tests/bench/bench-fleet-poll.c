/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "bench-util.h"
#include "core/show/onair-fleet.h"

/* A show's fleet: 20 vMix hosts polled as the app polls them, each an OnairVmixSession in
 * an OnairFleet (client, poller, controller, health monitor) at the UI's shortest interval,
 * 250 ms, against 20 emulators with 200 inputs each, all served by one child process so that
 * their CPU time stays out of Onair's (it is reported beside it).
 *
 * The figure is Onair's CPU time (getrusage, every thread: the parser runs in a worker) over
 * the wall time of the run, as a share of one core, and per poll. The reference is one
 * session polling one of the same emulators the same way, measured first in the same run:
 * the ratio is the fleet's CPU over 20 times that session's, both per second of wall time,
 * so 1.0 means 20 hosts cost exactly 20 times one. */

#define N_INPUTS 200
#define INTERVAL_MS 250

static int seconds = 60;
static int reference_seconds = 0;
static int n_sessions = 20;

static const GOptionEntry entries[] = {
  { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds,
    "Wall time the fleet polls for (default 60, or $ONAIR_BENCH_FLEET_SECONDS)", "S" },
  { "reference-seconds", 0, 0, G_OPTION_ARG_INT, &reference_seconds,
    "Wall time the single session polls for (default a quarter of --seconds, at least 3)", "S" },
  { "sessions", 0, 0, G_OPTION_ARG_INT, &n_sessions, "Hosts in the fleet (default 20)", "N" },
  { NULL }
};

typedef struct
{
  guint states;
  guint failures;
} Counts;

typedef struct
{
  guint  polls;
  guint  failures;
  double wall_ns;
  double cpu_ns;
  double user_ns;
  double emulator_ns;
} Measure;

static void
state_received_cb (OnairPoller    *poller,
                   OnairVmixState *state,
                   gint64          round_trip_us,
                   Counts         *counts)
{
  counts->states++;
}

static void
poll_failed_cb (OnairPoller *poller,
                GError      *error,
                Counts      *counts)
{
  if (counts->failures++ == 0)
    g_printerr ("bench fleet-poll: a poll failed: %s\n", error->message);
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Polls @n hosts (the first @n emulators) for @duration_s after a warm-up in which each
 * host answered once. */
static Measure
measure_fleet (BenchEmulator *emulator,
               guint          n,
               guint          duration_s)
{
  g_autoptr(OnairFleet) fleet = onair_fleet_new (NULL);
  g_autofree Counts *counts = g_new0 (Counts, n);
  gint64 t0, e0, u0, s0, u1, s1;
  guint states = 0;
  guint failures = 0;
  gint64 deadline;
  Measure measure = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("host-%02u", i + 1);
      g_autofree char *name = g_strdup_printf ("Host %u", i + 1);
      g_autoptr(OnairHostProfile) profile =
        onair_host_profile_new (id, name, i == 0 ? ONAIR_HOST_ROLE_MAIN : ONAIR_HOST_ROLE_OTHER,
                                "127.0.0.1", emulator->ports[i], FALSE, NULL);
      OnairVmixSession *session;

      /* HTTP polls at 4 Hz, as measured: no TCP activators (they would slow the polls to
       * 1 Hz; bench change-latency measures them). */
      profile->tcp_port = 0;
      session = onair_fleet_add (fleet, profile);
      onair_vmix_session_set_poll_interval_ms (session, INTERVAL_MS);
    }
  onair_fleet_start_all (fleet);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fleet), i);
      OnairPoller *poller = onair_vmix_session_get_poller (session);

      g_signal_connect (poller, "state-received", G_CALLBACK (state_received_cb), &counts[i]);
      g_signal_connect (poller, "poll-failed", G_CALLBACK (poll_failed_cb), &counts[i]);
    }

  /* Warm-up: every host answered once, connections open, the parser's worker started. */
  deadline = bench_now_ns () + 30 * G_GINT64_CONSTANT (1000000000);
  for (guint i = 0; i < n; i++)
    while (counts[i].states == 0)
      {
        if (bench_now_ns () > deadline)
          g_error ("host %u never answered", i + 1);
        g_main_context_iteration (NULL, TRUE);
      }
  iterate_for_ms (2 * INTERVAL_MS);

  for (guint i = 0; i < n; i++)
    {
      states += counts[i].states;
      failures += counts[i].failures;
    }
  e0 = bench_emulator_cpu_ns (emulator);
  bench_cpu_times (&u0, &s0);
  t0 = bench_now_ns ();
  iterate_for_ms (duration_s * 1000);
  bench_cpu_times (&u1, &s1);
  measure.wall_ns = (double) (bench_now_ns () - t0);
  measure.emulator_ns = (double) (bench_emulator_cpu_ns (emulator) - e0);
  measure.user_ns = (double) (u1 - u0);
  measure.cpu_ns = measure.user_ns + (double) (s1 - s0);
  for (guint i = 0; i < n; i++)
    {
      measure.polls += counts[i].states;
      measure.failures += counts[i].failures;
    }
  measure.polls -= states;
  measure.failures -= failures;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      g_signal_handlers_disconnect_by_data (onair_vmix_session_get_poller (session), &counts[i]);
    }
  onair_fleet_stop_all (fleet);
  return measure;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- a fleet of vMix hosts polled "
                                                            "at 4 Hz each");
  g_autoptr(GError) error = NULL;
  BenchEmulator emulator = { 0 };
  const char *env_seconds = g_getenv ("ONAIR_BENCH_FLEET_SECONDS");
  Measure single, fleet;
  double single_rate, fleet_rate;

  if (env_seconds != NULL)
    seconds = atoi (env_seconds);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  seconds = MAX (seconds, 1);
  n_sessions = CLAMP (n_sessions, 1, 200);
  if (reference_seconds <= 0)
    reference_seconds = MAX (seconds / 4, 3);

  /* Before anything starts a thread. */
  if (!bench_emulator_spawn_many (&emulator, ONAIR_EMULATOR_PROFILE_VMIX28, n_sessions,
                                  N_INPUTS, FALSE, &error))
    {
      g_printerr ("bench fleet-poll: %s\n", error->message);
      return 1;
    }

  single = measure_fleet (&emulator, 1, reference_seconds);
  fleet = measure_fleet (&emulator, n_sessions, seconds);
  bench_emulator_stop (&emulator);
  if (single.polls == 0 || fleet.polls == 0)
    {
      g_printerr ("bench fleet-poll: no polls answered\n");
      return 1;
    }
  if (single.failures + fleet.failures > 0)
    g_printerr ("bench fleet-poll: %u polls failed\n", single.failures + fleet.failures);

  single_rate = single.cpu_ns / single.wall_ns;
  fleet_rate = fleet.cpu_ns / fleet.wall_ns;
  g_print ("bench fleet-poll: sessions=%d polls=%u cpu_share=%.1f per_poll_us=%.0f "
           "user_per_poll_us=%.0f polls_per_s=%.1f single_cpu_share=%.2f "
           "single_per_poll_us=%.0f emulator_cpu_share=%.1f seconds=%d ratio=%.2f\n",
           n_sessions, fleet.polls, 100 * fleet_rate, fleet.cpu_ns / fleet.polls / 1e3,
           fleet.user_ns / fleet.polls / 1e3, fleet.polls / (fleet.wall_ns / 1e9),
           100 * single_rate, single.cpu_ns / single.polls / 1e3,
           100 * fleet.emulator_ns / fleet.wall_ns, seconds,
           fleet_rate / (n_sessions * single_rate));
  return 0;
}
