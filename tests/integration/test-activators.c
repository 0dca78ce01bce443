/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vMix's TCP activators beside the HTTP polls, against the emulator's TCP front: changes
 * made outside Onair reach the poller's state at once, the document is fetched less often,
 * and without the TCP API (closed, split replies, reset, silent) Onair falls back to
 * polling and comes back. */
#include "config.h"

#include "core/vmix/onair-poller.h"
#include "emulator/onair-emulator.h"

typedef struct
{
  OnairEmulator       *emulator;
  OnairVmixClient     *client;
  OnairPoller         *poller;
  OnairVmixActivators *activators;
} Fixture;

static gboolean
wait_until (gboolean (*done) (Fixture *fixture),
            Fixture   *fixture,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (fixture))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return TRUE;
}

static gboolean
pushed (Fixture *fixture)
{
  return onair_poller_get_activators_connected (fixture->poller);
}

static gboolean
not_pushed (Fixture *fixture)
{
  return !onair_poller_get_activators_connected (fixture->poller);
}

static gboolean
recording (Fixture *fixture)
{
  OnairVmixState *state = onair_poller_get_state (fixture->poller);

  return state != NULL && onair_vmix_state_get_recording (state);
}

static gboolean
not_recording (Fixture *fixture)
{
  OnairVmixState *state = onair_poller_get_state (fixture->poller);

  return state != NULL && !onair_vmix_state_get_recording (state);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_start_tcp (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  if (GPOINTER_TO_INT (data))
    onair_emulator_set_tcp_split (fixture->emulator, TRUE);

  fixture->client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                           FALSE, &error);
  g_assert_no_error (error);
  fixture->poller = onair_poller_new (fixture->client);
  onair_poller_set_interval_ms (fixture->poller, 250);
  fixture->activators = onair_vmix_activators_new ("127.0.0.1",
                                                   onair_emulator_get_tcp_port (fixture->emulator));
  /* Quicker than vMix's 3 s keep-alive and 10 s dead peer, for the test's sake. */
  onair_vmix_activators_set_timing (fixture->activators, 200, 1000, 100);
  onair_poller_set_activators (fixture->poller, fixture->activators);
  onair_poller_start (fixture->poller);
  g_assert_true (wait_until (pushed, fixture, 10000));
  g_assert_true (wait_until (not_recording, fixture, 10000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_poller_stop (fixture->poller);
  g_clear_object (&fixture->activators);
  g_assert_finalize_object (fixture->poller);
  g_clear_object (&fixture->client);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
}

/* A change made in vMix shows within tens of milliseconds, not after a poll interval;
 * between changes the document is fetched once a second, not four times. */
static void
test_pushed (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 worst = 0;
  guint before;

  g_assert_cmpstr (onair_vmix_activators_get_version (fixture->activators), ==,
                   onair_emulator_get_version (fixture->emulator));
  for (guint i = 0; i < 10; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_assert_true (onair_emulator_call_function (fixture->emulator,
                                                   i % 2 ? "StopRecording" : "StartRecording",
                                                   NULL));
      g_assert_true (wait_until (i % 2 ? not_recording : recording, fixture, 5000));
      worst = MAX (worst, g_get_monotonic_time () - start);
      /* Away from the next regular poll's time. */
      g_usleep (G_USEC_PER_SEC / 10);
    }
  g_test_message ("slowest change seen after %" G_GINT64_FORMAT " us", worst);
  /* A poll interval is 250 ms without activators, 1 s with; a push beats both by far. */
  g_assert_cmpint (worst, <, 200 * 1000);
  g_assert_cmpuint (onair_poller_get_activator_polls (fixture->poller), >=, 5);

  before = onair_emulator_get_request_count (fixture->emulator);
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  }
  /* 3 s: three or four documents at 1 s, not twelve at 250 ms. */
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->emulator) - before, <=, 5);
}

/* The TCP port closes while HTTP goes on: polling as set (250 ms), and pushes again once
 * the port is back. */
static void
test_fallback (Fixture       *fixture,
               gconstpointer  data)
{
  guint port = onair_emulator_get_tcp_port (fixture->emulator);
  g_autoptr(GError) error = NULL;
  guint before;

  onair_emulator_stop_tcp (fixture->emulator);
  g_assert_true (wait_until (not_pushed, fixture, 5000));
  g_assert_nonnull (onair_vmix_activators_get_last_error (fixture->activators));

  before = onair_emulator_get_request_count (fixture->emulator);
  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  }
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->emulator) - before, >=, 6);
  /* Changes still arrive, by polling. */
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StartRecording", NULL));
  g_assert_true (wait_until (recording, fixture, 2000));

  g_assert_true (onair_emulator_start_tcp (fixture->emulator, port, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (pushed, fixture, 10000));
  g_assert_null (onair_vmix_activators_get_last_error (fixture->activators));
}

/* vMix resets the connection: Onair connects again by itself. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  guint attempts = onair_vmix_activators_get_reconnects (fixture->activators);

  onair_emulator_tcp_reset_next (fixture->emulator);
  /* The next keep-alive gets the reset. */
  g_assert_true (wait_until (not_pushed, fixture, 5000));
  g_assert_true (wait_until (pushed, fixture, 10000));
  g_assert_cmpuint (onair_vmix_activators_get_reconnects (fixture->activators), >, attempts);
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StartRecording", NULL));
  g_assert_true (wait_until (recording, fixture, 500));
}

/* A peer that accepts and then says nothing (a machine that froze): dead after the
 * silence allowed, and tried again. */
static gboolean
accept_cb (GSocketService    *service,
           GSocketConnection *connection,
           GObject           *source,
           gpointer           user_data)
{
  /* Held open, never answered. */
  g_ptr_array_add (user_data, g_object_ref (connection));
  return TRUE;
}

static gboolean
silent_error (Fixture *fixture)
{
  const GError *error = onair_vmix_activators_get_last_error (fixture->activators);

  return error != NULL && error->domain == ONAIR_VMIX_ERROR && error->code == ONAIR_VMIX_ERROR_TIMEOUT;
}

static void
test_silent_peer (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  guint16 port;
  gint64 start;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (accept_cb), held);
  g_socket_service_start (service);

  fixture.activators = onair_vmix_activators_new ("127.0.0.1", port);
  onair_vmix_activators_set_timing (fixture.activators, 200, 1000, 100);
  onair_vmix_activators_start (fixture.activators);
  start = g_get_monotonic_time ();
  g_assert_true (wait_until (silent_error, &fixture, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_false (onair_vmix_activators_get_connected (fixture.activators));
  /* And tried again. */
  while (held->len < 2)
    g_main_context_iteration (NULL, TRUE);
  /* Stopped, it lets go once its cancelled reads and writes have come back. */
  onair_vmix_activators_stop (fixture.activators);
  {
    gpointer weak = fixture.activators;

    g_object_add_weak_pointer (weak, &weak);
    g_clear_object (&fixture.activators);
    while (weak != NULL)
      g_main_context_iteration (NULL, TRUE);
  }
  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/activators/pushed", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_pushed, fixture_tear_down);
  g_test_add ("/onair/activators/pushed-split", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_pushed, fixture_tear_down);
  g_test_add ("/onair/activators/fallback", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_fallback, fixture_tear_down);
  g_test_add ("/onair/activators/reset", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_reset, fixture_tear_down);
  g_test_add_func ("/onair/activators/silent-peer", test_silent_peer);

  return g_test_run ();
}
