/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Controller: the rules that refuse an operation before anything is sent to vMix. */
#include "config.h"

#include "controller-fixture.h"

static void
test_rule_not_connected (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;

  onair_poller_stop (fixture->poller);
  onair_emulator_clear_calls (fixture->emulator);
  g_assert_false (start_stream (fixture, 0, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONNECTED);
  assert_nothing_sent (fixture);
  assert_last_event (fixture, "stream_started", FALSE);
}

static void
test_rule_channel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;
  guint count = onair_emulator_get_stream_count (fixture->emulator);

  onair_emulator_clear_calls (fixture->emulator);
  g_assert_cmpuint (onair_controller_get_stream_count (fixture->controller), ==, count);
  g_assert_false (start_stream (fixture, count, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_CHANNEL);
  assert_nothing_sent (fixture);
}

static void
test_rule_url (Fixture       *fixture,
               gconstpointer  data)
{
  const char *urls[] = { "http://a.example.net/app", "srt://a.example.net:9000", "rtmp://",
                         "rtmp:///app", "not a url", "" };

  onair_emulator_clear_calls (fixture->emulator);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(OnairDestination) destination = make_destination (fixture, urls[i], TEST_KEY);
      g_autoptr(GError) error = NULL;

      g_test_message ("URL “%s”", urls[i]);
      g_assert_false (start_stream (fixture, 0, destination, &error));
      g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_URL);
    }
  assert_nothing_sent (fixture);
}

static void
test_rule_key (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", NULL);
  g_autoptr(GError) error = NULL;

  onair_emulator_clear_calls (fixture->emulator);
  g_assert_false (start_stream (fixture, 0, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_MISSING_KEY);
  assert_nothing_sent (fixture);
}

static void
test_rule_already_live (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;

  g_assert_true (start_stream (fixture, 0, destination, &error));
  onair_emulator_clear_calls (fixture->emulator);
  g_assert_false (start_stream (fixture, 0, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE);
  assert_nothing_sent (fixture);
}

static void
test_rule_busy (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;

  onair_controller_start_stream_async (fixture->controller, 2, destination, NULL, result_cb, &first);
  g_assert_false (start_stream (fixture, 2, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (onair_controller_start_stream_finish (fixture->controller, wait_for (&first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartStreaming"), ==, 1);
}

static void
test_rule_not_live (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onair_emulator_clear_calls (fixture->emulator);
  g_assert_false (stop_stream (fixture, 0, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_LIVE);
  assert_nothing_sent (fixture);
  assert_last_event (fixture, "stream_stopped", FALSE);
}

static void
test_srt_rules (Fixture       *fixture,
                gconstpointer  data)
{
  struct {
    OnairSrtMode mode;
    const char *address;
    guint latency;
    const char *passphrase;
  } bad[] = {
    { ONAIR_SRT_MODE_CALLER, "rtmp://a.example.net:9000", 120, NULL },
    { ONAIR_SRT_MODE_CALLER, "srt://a.example.net", 120, NULL },
    { ONAIR_SRT_MODE_LISTENER, "srt://a.example.net:9000", 19, NULL },
    { ONAIR_SRT_MODE_LISTENER, "srt://a.example.net:9000", 8001, NULL },
    { 7, "srt://a.example.net:9000", 120, NULL },
    { ONAIR_SRT_MODE_RENDEZVOUS, "srt://a.example.net:9000", 120, "short" },
    { ONAIR_SRT_MODE_RENDEZVOUS, "srt://a.example.net:9000", 120,
      "0123456789012345678901234567890123456789012345678901234567890123456789012345678901" },
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairSrtProfile) good = onair_srt_profile_new (ONAIR_SRT_MODE_LISTENER,
                                                           "srt://0.0.0.0:9000", 20, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OnairSrtProfile) profile = onair_srt_profile_new (bad[i].mode, bad[i].address,
                                                                  bad[i].latency, NULL);

      g_test_message ("profile %u", i);
      g_assert_false (onair_srt_profile_validate (profile, bad[i].passphrase, &error));
      g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE);
      g_clear_error (&error);
    }
  g_assert_true (onair_srt_profile_validate (good, "0123456789", &error));
  g_assert_no_error (error);

  /* Through the controller: refused before anything is sent. */
  onair_emulator_clear_calls (fixture->emulator);
  {
    g_autoptr(OnairSrtProfile) profile = onair_srt_profile_new (ONAIR_SRT_MODE_CALLER,
                                                                "srt://a.example.net:9000", 5, NULL);

    onair_controller_start_srt_output_async (fixture->controller, 0, profile, NULL, result_cb, &result);
    g_assert_false (onair_controller_start_srt_output_finish (fixture->controller, wait_for (&result), &error));
    g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE);
    g_clear_error (&error);
    g_clear_object (&result);
  }
  onair_controller_start_srt_output_async (fixture->controller, 9, good, NULL, result_cb, &result);
  g_assert_false (onair_controller_start_srt_output_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT);
  assert_nothing_sent (fixture);
}

int
main (int   argc,
      char *argv[])
{
  gconstpointer v28 = GINT_TO_POINTER (VARIANT_VMIX28);
  gconstpointer v26 = GINT_TO_POINTER (VARIANT_VMIX26);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/onair/controller/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("rule/not-connected", v28, test_rule_not_connected);
  ADD ("rule/channel-vmix28", v28, test_rule_channel);
  ADD ("rule/channel-vmix26", v26, test_rule_channel);
  ADD ("rule/url", v28, test_rule_url);
  ADD ("rule/key", v28, test_rule_key);
  ADD ("rule/already-live", v28, test_rule_already_live);
  ADD ("rule/busy", v28, test_rule_busy);
  ADD ("rule/not-live", v28, test_rule_not_live);
  ADD ("srt-rules", v28, test_srt_rules);

#undef ADD
  return g_test_run ();
}
