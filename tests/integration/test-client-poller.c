/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Poller: connection states, faults, back-off and retries while on air. */
#include "config.h"

#include "client-fixture.h"

/* Poller */

static void
wait_for_connection_state (OnairPoller          *poller,
                           OnairConnectionState  state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (onair_poller_get_connection_state (poller) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_poller_states (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnairPoller) poller = onair_poller_new (fixture->client);
  guint port = onair_emulator_get_port (fixture->emulator);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (onair_poller_get_connection_state (poller), ==, ONAIR_CONNECTION_DISCONNECTED);
  onair_poller_set_interval_ms (poller, 250);
  onair_poller_start (poller);
  g_assert_cmpint (onair_poller_get_connection_state (poller), ==, ONAIR_CONNECTION_CONNECTING);
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);
  g_assert_nonnull (onair_poller_get_state (poller));

  /* One failure degrades, three in a row lose the connection, with backoff. */
  onair_emulator_fail_next (fixture->emulator, 1);
  wait_for_connection_state (poller, ONAIR_CONNECTION_DEGRADED);
  g_assert_cmpuint (onair_poller_get_consecutive_failures (poller), ==, 1);
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);

  onair_emulator_stop (fixture->emulator);
  wait_for_connection_state (poller, ONAIR_CONNECTION_LOST);
  g_assert_error ((GError *) onair_poller_get_last_error (poller),
                  ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION_REFUSED);
  g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), >, 250);

  /* Back on the same port; Reconnect now skips the backoff. */
  g_assert_true (onair_emulator_start (fixture->emulator, port, &error));
  g_assert_no_error (error);
  onair_poller_reconnect_now (poller);
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);
  g_assert_null (onair_poller_get_last_error (poller));
  g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), ==, 250);

  onair_poller_stop (poller);
  g_assert_cmpint (onair_poller_get_connection_state (poller), ==, ONAIR_CONNECTION_DISCONNECTED);
}

typedef enum
{
  FAULT_LATENCY,
  FAULT_HTTP_500,
  FAULT_RESET,
  FAULT_MALFORMED,
  FAULT_TRUNCATED,
} Fault;

static void
set_fault (OnairEmulator *emulator,
           Fault          fault,
           gboolean       on)
{
  switch (fault)
    {
    case FAULT_LATENCY:
      onair_emulator_set_latency_ms (emulator, on ? 800 : 0);
      break;
    case FAULT_HTTP_500:
      onair_emulator_set_fail_every (emulator, on ? 1 : 0);
      break;
    case FAULT_RESET:
      onair_emulator_close_next (emulator, on ? 1000 : 0);
      break;
    case FAULT_MALFORMED:
      onair_emulator_set_malformed_xml (emulator, on);
      break;
    case FAULT_TRUNCATED:
    default:
      onair_emulator_set_truncated_xml (emulator, on);
      break;
    }
}

/* Each fault degrades the connection with the right error, and the poller recovers by
 * itself once vMix behaves again. */
static void
test_poller_faults (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnairPoller) poller = onair_poller_new (fixture->client);
  struct {
    Fault fault;
    gint code;
  } cases[] = {
    { FAULT_LATENCY, ONAIR_VMIX_ERROR_TIMEOUT },
    { FAULT_HTTP_500, ONAIR_VMIX_ERROR_HTTP_STATUS },
    { FAULT_RESET, ONAIR_VMIX_ERROR_CONNECTION },
    { FAULT_MALFORMED, ONAIR_VMIX_ERROR_PARSE },
    { FAULT_TRUNCATED, ONAIR_VMIX_ERROR_PARSE },
  };

  onair_vmix_client_set_timeout_ms (fixture->client, 300);
  onair_poller_set_interval_ms (poller, 250);
  onair_poller_start (poller);
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("fault %u", i);
      set_fault (fixture->emulator, cases[i].fault, TRUE);
      wait_for_connection_state (poller, ONAIR_CONNECTION_DEGRADED);
      g_assert_error ((GError *) onair_poller_get_last_error (poller),
                      ONAIR_VMIX_ERROR, cases[i].code);
      /* Still failing three times in a row: lost. */
      wait_for_connection_state (poller, ONAIR_CONNECTION_LOST);
      g_assert_cmpuint (onair_poller_get_consecutive_failures (poller), >=, ONAIR_POLLER_LOST_AFTER);
      set_fault (fixture->emulator, cases[i].fault, FALSE);
      onair_poller_reconnect_now (poller);
      wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);
      g_assert_null (onair_poller_get_last_error (poller));
    }
  onair_poller_stop (poller);
}

static void
test_poller_backoff_cap (void)
{
  g_autoptr(GError) error = NULL;
  /* Port 1 on loopback: refused at once, so failures come fast. */
  g_autoptr(OnairVmixClient) client = onair_vmix_client_new ("127.0.0.1", 1, FALSE, &error);
  g_autoptr(OnairPoller) poller = onair_poller_new (client);
  guint previous = 0;

  g_assert_no_error (error);
  onair_poller_set_interval_ms (poller, 10000);
  onair_poller_start (poller);
  wait_for_connection_state (poller, ONAIR_CONNECTION_LOST);
  /* Each "Reconnect now" that fails again grows the delay, never past 30 s. */
  for (guint i = 0; i < 6; i++)
    {
      guint failures = onair_poller_get_consecutive_failures (poller);

      onair_poller_poll_now (poller);
      while (onair_poller_get_consecutive_failures (poller) == failures)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), >=, previous);
      g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), <=, ONAIR_POLLER_MAX_BACKOFF_MS);
      previous = onair_poller_get_next_delay_ms (poller);
    }
  g_assert_cmpuint (previous, ==, ONAIR_POLLER_MAX_BACKOFF_MS);
  onair_poller_stop (poller);
}

/* vMix stops answering while a stream is live: the last-known state stays, retries come at
 * least every 2 s however long the interval, and vMix's return shows within 2 s without
 * "Reconnect now". With nothing on air the backoff grows as before. */
static void
test_poller_on_air_retry (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnairPoller) poller = onair_poller_new (fixture->client);
  guint port = onair_emulator_get_port (fixture->emulator);
  g_autoptr(GError) error = NULL;
  gint64 last_success, returned_at;

  g_assert_false (onair_poller_has_connected (poller));
  g_assert_cmpint (onair_poller_get_last_success_us (poller), ==, 0);
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StreamingSetURL",
                                               "Value=0,rtmp://127.0.0.1/live"));
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StreamingSetKey",
                                               "Value=0,key"));
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StartStreaming", "Value=0"));
  g_assert_false (onair_emulator_call_function (fixture->emulator, "NoSuchFunction", NULL));

  onair_poller_set_interval_ms (poller, 5000);
  onair_poller_start (poller);
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);
  g_assert_true (onair_poller_has_connected (poller));
  g_assert_true (onair_poller_get_on_air (poller));
  last_success = onair_poller_get_last_success_us (poller);
  g_assert_cmpint (last_success, >, 0);
  g_assert_cmpint (onair_poller_get_next_attempt_us (poller), >, last_success);

  onair_emulator_stop (fixture->emulator);
  onair_poller_poll_now (poller);
  wait_for_connection_state (poller, ONAIR_CONNECTION_LOST);
  while (onair_poller_get_consecutive_failures (poller) < 6)
    {
      g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), <=, ONAIR_POLLER_ON_AIR_RETRY_MS);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), ==, ONAIR_POLLER_ON_AIR_RETRY_MS);
  /* The last-known state and the time of the last answer stay. */
  g_assert_true (onair_poller_has_connected (poller));
  g_assert_cmpint (onair_poller_get_last_success_us (poller), ==, last_success);
  g_assert_nonnull (onair_poller_get_state (poller));
  g_assert_true (onair_vmix_state_get_stream_live (onair_poller_get_state (poller), 0));

  g_assert_true (onair_emulator_start (fixture->emulator, port, &error));
  g_assert_no_error (error);
  returned_at = g_get_monotonic_time ();
  wait_for_connection_state (poller, ONAIR_CONNECTION_CONNECTED);
  g_assert_cmpint (g_get_monotonic_time () - returned_at, <=,
                   (ONAIR_POLLER_ON_AIR_RETRY_MS + 500) * 1000);
  g_assert_cmpint (onair_poller_get_last_success_us (poller), >, last_success);

  /* Nothing on air any more: the backoff grows past 2 s again. */
  g_assert_true (onair_emulator_call_function (fixture->emulator, "StopStreaming", "Value=0"));
  onair_poller_set_interval_ms (poller, 1000);
  onair_poller_poll_now (poller);
  while (onair_poller_get_on_air (poller))
    g_main_context_iteration (NULL, TRUE);
  onair_emulator_stop (fixture->emulator);
  onair_poller_poll_now (poller);
  while (onair_poller_get_consecutive_failures (poller) < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (onair_poller_get_next_delay_ms (poller), >, ONAIR_POLLER_ON_AIR_RETRY_MS);
  onair_poller_stop (poller);
  g_assert_cmpint (onair_poller_get_next_attempt_us (poller), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gconstpointer v28 = GINT_TO_POINTER (VARIANT_VMIX28);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/onair/client/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("poller-states", v28, test_poller_states);
  ADD ("poller-faults", v28, test_poller_faults);
  ADD ("poller-on-air-retry", v28, test_poller_on_air_retry);
  g_test_add_func ("/onair/client/poller-backoff-cap", test_poller_backoff_cap);

#undef ADD
  return g_test_run ();
}
