/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What happens in vMix without Onair (its own buttons, another controller: the emulator's
 * functions called directly), and what Onair knows after a restart from the witness log. */
#include "config.h"

#include "core/health/onair-health-monitor.h"
#include "core/show/onair-controller.h"
#include "emulator/onair-emulator.h"

typedef struct
{
  OnairEmulator    *emulator;
  OnairVmixClient  *client;
  OnairPoller      *poller;
  OnairController  *controller;
  OnairHealthMonitor *health;
  GPtrArray        *events;      /* JsonObject*: {event_type, params, result} */
  gint64            stopped_duration;
  guint             stopped_outside;
} Fixture;

static void
operation_finished_cb (OnairController *controller,
                       const char      *event_type,
                       JsonObject      *params,
                       JsonObject      *result,
                       GDateTime       *requested,
                       Fixture         *fixture)
{
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "event_type", event_type);
  json_object_set_object_member (event, "params", json_object_ref (params));
  json_object_set_object_member (event, "result", json_object_ref (result));
  g_ptr_array_add (fixture->events, event);
}

static void
recording_stopped_outside_cb (OnairController *controller,
                              gint64           duration_s,
                              Fixture         *fixture)
{
  fixture->stopped_outside++;
  fixture->stopped_duration = duration_s;
}

static void
wait_until (gboolean (*done) (Fixture *fixture),
            Fixture   *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
connected (Fixture *fixture)
{
  return onair_poller_get_connection_state (fixture->poller) == ONAIR_CONNECTION_CONNECTED;
}

static void
start_controller (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                           FALSE, &error);
  g_assert_no_error (error);
  fixture->poller = onair_poller_new (fixture->client);
  onair_poller_set_interval_ms (fixture->poller, 250);
  fixture->controller = onair_controller_new (fixture->poller, NULL);
  if (fixture->health == NULL)
    fixture->health = onair_health_monitor_new (NULL);
  onair_controller_set_health (fixture->controller, fixture->health);
  onair_health_monitor_attach_poller (fixture->health, fixture->poller);
  g_signal_connect (fixture->controller, "operation-finished",
                    G_CALLBACK (operation_finished_cb), fixture);
  g_signal_connect (fixture->controller, "recording-stopped-outside",
                    G_CALLBACK (recording_stopped_outside_cb), fixture);
}

static void
stop_controller (Fixture *fixture)
{
  onair_poller_stop (fixture->poller);
  onair_health_monitor_attach_poller (fixture->health, NULL);
  g_assert_finalize_object (fixture->controller);
  g_assert_finalize_object (fixture->poller);
  g_clear_object (&fixture->client);
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
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  start_controller (fixture);
  onair_poller_start (fixture->poller);
  wait_until (connected, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_controller (fixture);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_clear_object (&fixture->health);
  g_ptr_array_unref (fixture->events);
}

static JsonObject *
find_event (Fixture    *fixture,
            const char *event_type)
{
  for (guint i = fixture->events->len; i > 0; i--)
    {
      JsonObject *event = g_ptr_array_index (fixture->events, i - 1);

      if (g_str_equal (json_object_get_string_member (event, "event_type"), event_type))
        return event;
    }
  return NULL;
}

static const char *
event_by (JsonObject *event)
{
  return json_object_get_string_member_with_default (json_object_get_object_member (event, "params"),
                                                     "by", NULL);
}

static gboolean
recording_on (Fixture *fixture)
{
  return onair_controller_get_recording_status (fixture->controller) == ONAIR_RECORDING_ON;
}

static gboolean
recorded_an_hour (Fixture *fixture)
{
  OnairVmixState *state = onair_poller_get_state (fixture->poller);

  return state != NULL && onair_vmix_state_get_recording_duration (state) == 3723;
}

static gboolean
recording_stopped_outside (Fixture *fixture)
{
  return fixture->stopped_outside > 0;
}

/* Started in vMix, stopped in vMix: each written with "by": "outside"; the stop stays shown
 * (with when and after how long) until the producer acknowledges it. */
static void
test_recording_outside (Fixture       *fixture,
                        gconstpointer  data)
{
  JsonObject *event;
  gint64 at_us = 0, duration = 0, before = g_get_real_time ();

  g_assert_cmpint (onair_controller_get_recording_status (fixture->controller), ==,
                   ONAIR_RECORDING_OFF);
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StartRecording", NULL));
  wait_until (recording_on, fixture);
  event = find_event (fixture, "recording_started");
  g_assert_nonnull (event);
  g_assert_cmpstr (event_by (event), ==, "outside");

  onair_emulator_advance (fixture->emulator, 3723);
  wait_until (recorded_an_hour, fixture);
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StopRecording", NULL));
  wait_until (recording_stopped_outside, fixture);
  g_assert_cmpint (fixture->stopped_duration, ==, 3723);
  g_assert_true (onair_health_monitor_has_reason (fixture->health, "recording-stopped-outside",
                                                 "recording"));
  g_assert_cmpint (onair_controller_get_recording_status (fixture->controller), ==,
                   ONAIR_RECORDING_STOPPED_OUTSIDE);
  g_assert_true (onair_controller_get_recording_stopped_outside (fixture->controller, &at_us,
                                                                 &duration));
  g_assert_cmpint (at_us, >=, before);
  g_assert_cmpint (duration, ==, 3723);
  event = find_event (fixture, "recording_stopped");
  g_assert_nonnull (event);
  g_assert_cmpstr (event_by (event), ==, "outside");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "result"),
                                                  "duration"), ==, "01:02:03");

  /* Still shown on the next polls, until acknowledged. */
  onair_poller_poll_now (fixture->poller);
  g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (onair_controller_get_recording_status (fixture->controller), ==,
                   ONAIR_RECORDING_STOPPED_OUTSIDE);
  onair_controller_acknowledge_recording_stopped (fixture->controller);
  g_assert_cmpint (onair_controller_get_recording_status (fixture->controller), ==,
                   ONAIR_RECORDING_OFF);
  g_assert_false (onair_controller_get_recording_stopped_outside (fixture->controller, NULL, NULL));
  g_assert_cmpuint (fixture->stopped_outside, ==, 1);
}

static gboolean
stream_3_live (Fixture *fixture)
{
  return onair_controller_get_channel_status (fixture->controller, 2) == ONAIR_CHANNEL_LIVE;
}

static void
start_stream_outside (Fixture *fixture,
                      guint    channel)
{
  g_autofree char *url = g_strdup_printf ("Value=%u,rtmp://127.0.0.1/live", channel);
  g_autofree char *key = g_strdup_printf ("Value=%u,outside-key", channel);
  g_autofree char *start = g_strdup_printf ("Value=%u", channel);

  g_assert_true (onair_emulator_call_function (fixture->emulator, "StreamingSetURL", url));
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StreamingSetKey", key));
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StartStreaming", start));
}

/* A stream started in vMix while Onair watches is "started outside", with a witness event. */
static void
test_stream_started_outside (Fixture       *fixture,
                             gconstpointer  data)
{
  JsonObject *event;

  start_stream_outside (fixture, 2);
  wait_until (stream_3_live, fixture);
  g_assert_true (onair_controller_get_channel_started_outside (fixture->controller, 2));
  g_assert_null (onair_controller_get_channel_destination (fixture->controller, 2));
  event = find_event (fixture, "stream_started");
  g_assert_nonnull (event);
  g_assert_cmpstr (event_by (event), ==, "outside");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "params"),
                                               "channel"), ==, 2);
  g_assert_false (onair_controller_get_channel_started_outside (fixture->controller, 0));
}

static gboolean
first_state_seen (Fixture *fixture)
{
  return onair_poller_get_state (fixture->poller) != NULL &&
         onair_controller_get_stream_count (fixture->controller) > 0 &&
         onair_controller_get_channel_status (fixture->controller, 2) == ONAIR_CHANNEL_LIVE;
}

/* A restart: a new poller and controller find stream 3 live. With the witness log's word
 * that Onair started it (a hint before the first state, or after it), it is Onair's, with
 * its destination and its on-air time; without, it was started outside. A hint for a stream
 * that is not live is dropped. */
static void
test_restore_after_restart (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 since = g_get_real_time () - (gint64) 3600 * G_USEC_PER_SEC;

  start_stream_outside (fixture, 2);
  wait_until (stream_3_live, fixture);

  for (guint round = 0; round < 3; round++)
    {
      stop_controller (fixture);
      g_ptr_array_set_size (fixture->events, 0);
      start_controller (fixture);
      if (round == 0)
        {
          onair_controller_restore_channel (fixture->controller, 2, "YouTube primary", since);
          onair_controller_restore_channel (fixture->controller, 1, "Twitch", since);
        }
      onair_poller_start (fixture->poller);
      wait_until (first_state_seen, fixture);
      if (round == 1)
        {
          g_assert_true (onair_controller_get_channel_started_outside (fixture->controller, 2));
          onair_controller_restore_channel (fixture->controller, 2, "YouTube primary", since);
        }

      if (round == 2)
        {
          g_assert_true (onair_controller_get_channel_started_outside (fixture->controller, 2));
          g_assert_null (onair_controller_get_channel_destination (fixture->controller, 2));
        }
      else
        {
          g_assert_false (onair_controller_get_channel_started_outside (fixture->controller, 2));
          g_assert_cmpstr (onair_controller_get_channel_destination (fixture->controller, 2), ==,
                           "YouTube primary");
          g_assert_cmpint (onair_controller_get_channel_since (fixture->controller, 2), ==, since);
        }
      /* Nothing is written for what was already on when Onair started. */
      g_assert_null (find_event (fixture, "stream_started"));
      g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                       ONAIR_CHANNEL_OFF);
      g_assert_null (onair_controller_get_channel_destination (fixture->controller, 1));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/outside/recording", Fixture, NULL, fixture_set_up,
              test_recording_outside, fixture_tear_down);
  g_test_add ("/onair/outside/stream-started", Fixture, NULL, fixture_set_up,
              test_stream_started_outside, fixture_tear_down);
  g_test_add ("/onair/outside/restore-after-restart", Fixture, NULL, fixture_set_up,
              test_restore_after_restart, fixture_tear_down);

  return g_test_run ();
}
