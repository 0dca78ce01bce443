/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/show/onair-controller.h"
#include "core/health/onair-health-monitor.h"
#include "emulator/onair-emulator.h"

/* The health monitor following a real poller and controller against the emulator over
 * HTTP. The monitor's clock is the emulator's test clock, so a minute of show is sixty
 * clock steps, each confirmed by fresh polls. */

typedef struct
{
  OnairHealthStatus  status;
  OnairHealthStatus  previous;
  JsonObject        *params;
} Change;

typedef struct
{
  OnairEmulator      *emulator;
  OnairVmixClient    *client;
  OnairPoller        *poller;
  OnairSecretStore   *secrets;
  OnairController    *controller;
  OnairHealthMonitor *monitor;
  GArray             *changes;
  guint               states;
  guint               lost;
} Fixture;

static gint64
emulator_clock_cb (gpointer user_data)
{
  return onair_emulator_get_time (ONAIR_EMULATOR (user_data)) * 1000;
}

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->params, json_object_unref);
}

static void
status_changed_cb (OnairHealthMonitor *monitor,
                   OnairHealthStatus   status,
                   OnairHealthStatus   previous,
                   GPtrArray          *reasons,
                   Fixture            *fixture)
{
  Change change = { status, previous, onair_health_alert_params_new (status, previous, reasons) };

  g_test_message ("health: %s -> %s (%u reasons)", onair_health_status_to_string (previous),
                  onair_health_status_to_string (status), reasons->len);
  g_array_append_val (fixture->changes, change);
}

static void
state_received_cb (OnairPoller    *poller,
                   OnairVmixState *state,
                   gint64          round_trip_us,
                   Fixture        *fixture)
{
  fixture->states++;
}

static void
stream_lost_cb (OnairController *controller,
                guint            channel,
                const char      *destination,
                Fixture         *fixture)
{
  fixture->lost++;
}

static void
wait_states (Fixture *fixture,
             guint    n)
{
  guint target = fixture->states + n;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (fixture->states < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      onair_poller_poll_now (fixture->poller);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Moves the show on by whole seconds; each second ends with a state rendered after it (a
 * poll in flight when the clock moved may carry the older time, hence two). */
static void
step (Fixture *fixture,
      guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      onair_emulator_advance (fixture->emulator, 1);
      wait_states (fixture, 2);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  onair_emulator_use_test_clock (fixture->emulator);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  fixture->client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                           FALSE, &error);
  g_assert_no_error (error);
  fixture->poller = onair_poller_new (fixture->client);
  onair_poller_set_interval_ms (fixture->poller, 250);
  fixture->secrets = onair_secret_store_new ();
  fixture->controller = onair_controller_new (fixture->poller, fixture->secrets);
  fixture->monitor = onair_health_monitor_new (NULL);
  onair_health_monitor_set_tick_interval_ms (fixture->monitor, 0);
  onair_health_monitor_set_clock (fixture->monitor, emulator_clock_cb,
                                  g_object_ref (fixture->emulator), g_object_unref);
  onair_health_monitor_attach_poller (fixture->monitor, fixture->poller);
  onair_controller_set_health (fixture->controller, fixture->monitor);
  fixture->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (fixture->changes, change_clear);
  g_signal_connect (fixture->monitor, "status-changed", G_CALLBACK (status_changed_cb), fixture);
  g_signal_connect (fixture->poller, "state-received", G_CALLBACK (state_received_cb), fixture);
  g_signal_connect (fixture->controller, "stream-lost", G_CALLBACK (stream_lost_cb), fixture);

  onair_poller_start (fixture->poller);
  g_assert_cmpint (onair_health_monitor_get_status (fixture->monitor), ==, ONAIR_HEALTH_UNKNOWN);
  step (fixture, 3);
  g_assert_cmpint (onair_health_monitor_get_status (fixture->monitor), ==, ONAIR_HEALTH_HEALTHY);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_poller_stop (fixture->poller);
  g_assert_finalize_object (fixture->monitor);
  g_assert_finalize_object (fixture->controller);
  g_assert_finalize_object (fixture->poller);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->secrets);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_array_unref (fixture->changes);
}

static OnairHealthStatus
status (Fixture *fixture)
{
  return onair_health_monitor_get_status (fixture->monitor);
}

static const Change *
last_change (Fixture *fixture)
{
  g_assert_cmpuint (fixture->changes->len, >, 0);
  return &g_array_index (fixture->changes, Change, fixture->changes->len - 1);
}

/* The first reason's code in a change's witness params. */
static const char *
first_reason_code (const Change *change)
{
  JsonArray *reasons = json_object_get_array_member (change->params, "reasons");

  g_assert_cmpuint (json_array_get_length (reasons), >, 0);
  return json_object_get_string_member (json_array_get_object_element (reasons, 0), "code");
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
call_function (Fixture    *fixture,
               const char *function,
               const char *value)
{
  const char *params[] = { "Value", value, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  onair_vmix_client_call_async (fixture->client, function, value ? params : NULL, NULL,
                                result_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  answer = onair_vmix_client_call_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  /* Then states that show the change. */
  wait_states (fixture, 2);
}

/* vMix starts a stream only with a destination. */
static void
start_stream (Fixture *fixture,
              guint    channel)
{
  g_autofree char *url = g_strdup_printf ("%u,rtmp://ingest.example.org/live", channel);
  g_autofree char *key = g_strdup_printf ("%u,test-key-%u", channel, channel);
  g_autofree char *index = g_strdup_printf ("%u", channel);

  call_function (fixture, "StreamingSetURL", url);
  call_function (fixture, "StreamingSetKey", key);
  call_function (fixture, "StartStreaming", index);
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, channel));
}

static void
test_recording_stall (Fixture       *fixture,
                      gconstpointer  data)
{
  guint changes;

  call_function (fixture, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fixture->emulator));
  step (fixture, 10);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  changes = fixture->changes->len;

  onair_emulator_set_recording_stalled (fixture->emulator, TRUE);
  step (fixture, 4);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  step (fixture, 2);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpuint (fixture->changes->len, ==, changes + 1);
  g_assert_cmpint (last_change (fixture)->previous, ==, ONAIR_HEALTH_HEALTHY);
  g_assert_cmpstr (first_reason_code (last_change (fixture)), ==, "recording-stalled");
  g_assert_cmpstr (json_object_get_string_member (last_change (fixture)->params, "status"), ==,
                   "critical");

  /* Recording moves again: healthy after the hold, one signal per change. */
  onair_emulator_set_recording_stalled (fixture->emulator, FALSE);
  step (fixture, 12);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  g_assert_cmpuint (fixture->changes->len, ==, changes + 2);
}

static void
test_silence (Fixture       *fixture,
              gconstpointer  data)
{
  guint changes = fixture->changes->len;

  onair_emulator_set_master_silent (fixture->emulator, TRUE);
  step (fixture, 7);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (first_reason_code (last_change (fixture)), ==, "master-silent");
  step (fixture, 10);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_true (onair_health_monitor_has_reason (fixture->monitor, "master-silent", "master"));
  g_assert_cmpuint (fixture->changes->len, ==, changes + 2);
  g_assert_cmpint (last_change (fixture)->previous, ==, ONAIR_HEALTH_WARNING);

  onair_emulator_set_master_silent (fixture->emulator, FALSE);
  step (fixture, 12);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_dropped_stream (Fixture       *fixture,
                     gconstpointer  data)
{
  GPtrArray *reasons;
  const OnairHealthReason *reason;

  start_stream (fixture, 1);
  step (fixture, 5);
  g_assert_true (onair_health_monitor_get_stream_live (fixture->monitor, 1));
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* vMix drops the stream by itself. */
  onair_emulator_drop_stream (fixture->emulator, 1);
  step (fixture, 1);
  g_assert_cmpuint (fixture->lost, ==, 1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  reasons = onair_health_monitor_get_reasons (fixture->monitor);
  g_assert_cmpuint (reasons->len, ==, 1);
  reason = g_ptr_array_index (reasons, 0);
  g_assert_cmpstr (reason->code, ==, "stream-lost");
  g_assert_cmpstr (reason->subject, ==, "stream-2");
  g_assert_cmpstr (first_reason_code (last_change (fixture)), ==, "stream-lost");

  /* It stays critical while the channel is down, then recovers once it is live again. */
  step (fixture, 30);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  start_stream (fixture, 1);
  step (fixture, 11);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_flapping_stream (Fixture       *fixture,
                      gconstpointer  data)
{
  /* A channel that vMix drops 20 s after each start, restarted each time. */
  onair_emulator_set_drop_stream_after (fixture->emulator, 2, 20);
  for (guint i = 0; i < 3; i++)
    {
      start_stream (fixture, 2);
      step (fixture, 25);
    }
  g_assert_true (onair_health_monitor_has_reason (fixture->monitor, "stream-flapping", "stream-3"));
  g_assert_true (onair_health_monitor_has_reason (fixture->monitor, "stream-lost", "stream-3"));
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 2), >=, 5);
}

static void
test_rtt_spike (Fixture       *fixture,
                gconstpointer  data)
{
  step (fixture, 10);

  onair_emulator_set_latency_ms (fixture->emulator, 400);
  step (fixture, 3);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (first_reason_code (last_change (fixture)), ==, "rtt");

  onair_emulator_set_latency_ms (fixture->emulator, 1200);
  step (fixture, 3);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpint (last_change (fixture)->previous, ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpint (onair_poller_get_connection_state (fixture->poller), ==,
                   ONAIR_CONNECTION_DEGRADED);

  /* Fast again: the alert eases as the window forgets the slow polls (1200 ms first, then
   * 400 ms), and ends once they are gone and the hold passed. */
  onair_emulator_set_latency_ms (fixture->emulator, 0);
  step (fixture, 30);
  g_assert_cmpint (status (fixture), >=, ONAIR_HEALTH_WARNING);
  step (fixture, 45);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_connection_lost (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  onair_emulator_stop (fixture->emulator);
  onair_emulator_advance (fixture->emulator, 5);
  while (onair_poller_get_connection_state (fixture->poller) != ONAIR_CONNECTION_LOST)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      onair_poller_poll_now (fixture->poller);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (first_reason_code (last_change (fixture)), ==, "vmix-lost");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/onair/health/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("recording-stall", test_recording_stall);
  ADD ("silence", test_silence);
  ADD ("dropped-stream", test_dropped_stream);
  ADD ("flapping-stream", test_flapping_stream);
  ADD ("rtt-spike", test_rtt_spike);
  ADD ("connection-lost", test_connection_lost);

#undef ADD

  return g_test_run ();
}
