/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench change-latency: a change made in vMix from outside (the emulator's function called
 * directly, in the emulator's own thread), and the time until the poller's state shows it;
 * n changes (200 by default), median and p90, for
 *   (a) vMix's TCP activators on, with the XML document polled once a second, and
 *   (b) HTTP polling every 250 ms without activators (Onair's way before them).
 * ratio = (b) p90 / (a) p90. Also the documents the emulator served per minute in each,
 * between changes (15 s without any): each change costs one document in (a), fetched when
 * its activator arrives, and nothing extra in (b); a show changes every few seconds at most.
 *
 *   bench-change-latency [--changes N]
 */
#include "config.h"

#include <math.h>

#include "bench-util.h"
#include "core/vmix/onair-poller.h"

typedef struct
{
  GMainContext  *context;
  GMainLoop     *loop;
  OnairEmulator *emulator;
  GMutex         lock;
  GCond          ready;
  gboolean       started;
  guint          http_port;
  guint          tcp_port;
  gint64         changed_ns;   /* when the last change was made, in the emulator's thread */
  gboolean       recording;    /* what it was changed to */
} Vmix;

typedef struct
{
  Vmix     *vmix;
  gboolean  expected;
  gint64    seen_ns;
} Watch;

static gpointer
vmix_thread (gpointer data)
{
  Vmix *vmix = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (vmix->context);
  vmix->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  onair_emulator_set_input_count (vmix->emulator, 200);
  if (!onair_emulator_start (vmix->emulator, 0, &error) ||
      !onair_emulator_start_tcp (vmix->emulator, 0, &error))
    g_error ("The emulator cannot start: %s", error->message);
  g_mutex_lock (&vmix->lock);
  vmix->http_port = onair_emulator_get_port (vmix->emulator);
  vmix->tcp_port = onair_emulator_get_tcp_port (vmix->emulator);
  vmix->started = TRUE;
  g_cond_signal (&vmix->ready);
  g_mutex_unlock (&vmix->lock);
  g_main_loop_run (vmix->loop);
  onair_emulator_stop (vmix->emulator);
  g_clear_object (&vmix->emulator);
  g_main_context_pop_thread_default (vmix->context);
  return NULL;
}

static gboolean
toggle_cb (gpointer data)
{
  Vmix *vmix = data;
  gboolean start = !onair_emulator_get_recording (vmix->emulator);

  g_mutex_lock (&vmix->lock);
  vmix->changed_ns = bench_now_ns ();
  vmix->recording = start;
  g_mutex_unlock (&vmix->lock);
  onair_emulator_call_function (vmix->emulator, start ? "StartRecording" : "StopRecording", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
request_count_cb (gpointer data)
{
  Vmix *vmix = data;

  g_mutex_lock (&vmix->lock);
  vmix->changed_ns = onair_emulator_get_request_count (vmix->emulator);
  g_cond_signal (&vmix->ready);
  g_mutex_unlock (&vmix->lock);
  return G_SOURCE_REMOVE;
}

static guint
request_count (Vmix *vmix)
{
  guint count;

  g_mutex_lock (&vmix->lock);
  vmix->changed_ns = -1;
  g_main_context_invoke (vmix->context, request_count_cb, vmix);
  while (vmix->changed_ns < 0)
    g_cond_wait (&vmix->ready, &vmix->lock);
  count = (guint) vmix->changed_ns;
  g_mutex_unlock (&vmix->lock);
  return count;
}

static void
state_cb (OnairPoller    *poller,
          OnairVmixState *state,
          gint64          round_trip_us,
          Watch          *watch)
{
  if (watch->seen_ns == 0 && onair_vmix_state_get_recording (state) == watch->expected)
    watch->seen_ns = bench_now_ns ();
}

static void
measure (Vmix       *vmix,
         gboolean    activators_on,
         guint       n,
         const char *label,
         double     *p90_ms,
         double     *per_minute,
         double     *idle_per_minute)
{
  g_autoptr(OnairVmixClient) client = onair_vmix_client_new ("127.0.0.1", vmix->http_port, FALSE,
                                                             NULL);
  g_autoptr(OnairPoller) poller = onair_poller_new (client);
  g_autofree double *latencies = g_new0 (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  Watch watch = { vmix, FALSE, 0 };
  gint64 start_ns;
  guint start_requests;
  double median;

  onair_poller_set_interval_ms (poller, 250);
  if (activators_on)
    {
      g_autoptr(OnairVmixActivators) activators = onair_vmix_activators_new ("127.0.0.1",
                                                                              vmix->tcp_port);

      onair_poller_set_activators (poller, activators);
    }
  g_signal_connect (poller, "state-received", G_CALLBACK (state_cb), &watch);
  onair_poller_start (poller);
  while (onair_poller_get_state (poller) == NULL ||
         (activators_on && !onair_poller_get_activators_connected (poller)))
    g_main_context_iteration (NULL, TRUE);

  start_ns = bench_now_ns ();
  start_requests = request_count (vmix);
  for (guint i = 0; i < n; i++)
    {
      gint64 pause_until = bench_now_ns () + g_rand_int_range (rand, 0, 300) * G_GINT64_CONSTANT (1000000);

      /* A pause of 0–300 ms: changes fall anywhere in the poll interval. */
      while (bench_now_ns () < pause_until)
        g_main_context_iteration (NULL, FALSE), g_usleep (500);
      watch.expected = !onair_vmix_state_get_recording (onair_poller_get_state (poller));
      watch.seen_ns = 0;
      g_main_context_invoke (vmix->context, toggle_cb, vmix);
      while (watch.seen_ns == 0)
        g_main_context_iteration (NULL, TRUE);
      g_mutex_lock (&vmix->lock);
      latencies[i] = (watch.seen_ns - vmix->changed_ns) / 1e6;
      g_mutex_unlock (&vmix->lock);
    }
  *per_minute = (request_count (vmix) - start_requests) * 60e9 / (bench_now_ns () - start_ns);

  /* Between changes. */
  start_ns = bench_now_ns ();
  start_requests = request_count (vmix);
  while (bench_now_ns () - start_ns < 15 * G_GINT64_CONSTANT (1000000000))
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  *idle_per_minute = (request_count (vmix) - start_requests) * 60e9 / (bench_now_ns () - start_ns);

  median = bench_median (latencies, n);
  *p90_ms = bench_percentile (latencies, n, 0.9);
  g_print ("# %s: n=%u median=%.2fms p90=%.2fms; documents %.0f/min with a change every "
           "~150 ms, %.0f/min between changes\n", label, n, median, *p90_ms, *per_minute,
           *idle_per_minute);
  onair_poller_stop (poller);
}

int
main (int   argc,
      char *argv[])
{
  Vmix vmix = { 0 };
  GThread *thread;
  int changes = 200;
  double pushed_p90, polled_p90, pushed_rate, polled_rate, pushed_idle, polled_idle;
  const GOptionEntry entries[] = {
    { "changes", 'n', 0, G_OPTION_ARG_INT, &changes, "Changes measured in each mode", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || changes < 10)
    {
      g_printerr ("%s\n", error ? error->message : "--changes wants 10 or more");
      return 2;
    }

  vmix.context = g_main_context_new ();
  vmix.loop = g_main_loop_new (vmix.context, FALSE);
  g_mutex_init (&vmix.lock);
  g_cond_init (&vmix.ready);
  thread = g_thread_new ("vmix", vmix_thread, &vmix);
  g_mutex_lock (&vmix.lock);
  while (!vmix.started)
    g_cond_wait (&vmix.ready, &vmix.lock);
  g_mutex_unlock (&vmix.lock);

  measure (&vmix, TRUE, changes, "activators, XML every 1 s", &pushed_p90, &pushed_rate,
           &pushed_idle);
  measure (&vmix, FALSE, changes, "HTTP polling every 250 ms", &polled_p90, &polled_rate,
           &polled_idle);

  g_print ("bench change-latency: activators p90=%.2fms (XML %.0f/min between changes), "
           "polling-250ms p90=%.1fms (XML %.0f/min), documents %.1fx fewer ratio=%.1f\n",
           pushed_p90, pushed_idle, polled_p90, polled_idle, polled_idle / MAX (pushed_idle, 1),
           polled_p90 / MAX (pushed_p90, 0.001));

  g_main_loop_quit (vmix.loop);
  g_thread_join (thread);
  g_main_loop_unref (vmix.loop);
  g_main_context_unref (vmix.context);
  return 0;
}
