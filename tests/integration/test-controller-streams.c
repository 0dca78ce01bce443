/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Controller: starting and stopping streams (RTMP and SRT) on each vMix version, and
 * what it records when vMix fails or a stream is lost. */
#include "config.h"

#include "controller-fixture.h"

/* What the emulator received for one call, "N,text" value included. */
static const char *
call_value (Fixture    *fixture,
            const char *function)
{
  GPtrArray *calls = onair_emulator_get_calls (fixture->emulator);

  for (guint i = 0; i < calls->len; i++)
    {
      OnairEmulatorCall *call = g_ptr_array_index (calls, i);

      if (g_strcmp0 (call->function, function) == 0)
        return g_hash_table_lookup (call->params, "Value");
    }
  return NULL;
}

static void
test_start_stop_stream (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://ingest.example.net/live",
                                                              TEST_KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *fingerprint = onair_key_fingerprint (TEST_KEY);
  g_autofree char *dump = NULL;
  GPtrArray *calls;
  JsonObject *params;

  onair_emulator_clear_calls (fixture->emulator);
  g_assert_true (start_stream (fixture, 1, destination, &error));
  g_assert_no_error (error);

  /* Exactly what vMix was told, in order, with the N, prefix. */
  calls = onair_emulator_get_calls (fixture->emulator);
  g_assert_cmpuint (calls->len, ==, 3);
  g_assert_cmpstr (((OnairEmulatorCall *) calls->pdata[0])->function, ==, "StreamingSetURL");
  g_assert_cmpstr (((OnairEmulatorCall *) calls->pdata[1])->function, ==, "StreamingSetKey");
  g_assert_cmpstr (((OnairEmulatorCall *) calls->pdata[2])->function, ==, "StartStreaming");
  g_assert_cmpstr (call_value (fixture, "StreamingSetURL"), ==, "1,rtmp://ingest.example.net/live");
  g_assert_cmpstr (call_value (fixture, "StreamingSetKey"), ==, "1," TEST_KEY);
  g_assert_cmpstr (call_value (fixture, "StartStreaming"), ==, "1");
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 0));
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_LIVE);
  g_assert_cmpstr (onair_controller_get_channel_destination (fixture->controller, 1), ==,
                   "Own server");

  /* The witness sees the fingerprint, never the key. */
  assert_last_event (fixture, "stream_started", TRUE);
  params = json_object_get_object_member (last_event (fixture), "params");
  g_assert_cmpstr (json_object_get_string_member (params, "key_fingerprint"), ==, fingerprint);
  g_assert_cmpint (json_object_get_int_member (params, "channel"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (params, "protocol"), ==, "RTMP");
  node = json_node_init_object (json_node_alloc (), last_event (fixture));
  json_generator_set_root (generator, node);
  dump = json_generator_to_data (generator, NULL);
  g_assert_null (strstr (dump, TEST_KEY));

  g_assert_true (stop_stream (fixture, 1, &error));
  g_assert_no_error (error);
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 1));
  g_assert_cmpstr (call_value (fixture, "StopStreaming"), ==, "1");
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_OFF);
  assert_last_event (fixture, "stream_stopped", TRUE);
  g_assert_cmpuint (fixture->lost, ==, 0);
  g_assert_cmpuint (fixture->events->len, ==, 2);
}

static void
test_username_password (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmps://ingest.example.net:443/live",
                                                              TEST_KEY);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_username (destination, "producer");
  onair_secret_store_store_async (fixture->secrets, ONAIR_SECRET_KIND_STREAM_PASSWORD,
                                  onair_destination_get_id (destination), "test password",
                                  "pa55-word", NULL, result_cb, &result);
  g_assert_true (onair_secret_store_store_finish (fixture->secrets, wait_for (&result), &error));

  g_assert_true (start_stream (fixture, 0, destination, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (call_value (fixture, "StreamingSetUsername"), ==, "0,producer");
  g_assert_cmpstr (call_value (fixture, "StreamingSetPassword"), ==, "0,pa55-word");
  g_assert_cmpstr (call_value (fixture, "StreamingSetURL"), ==, "0,rtmps://ingest.example.net:443/live");
}

static void
test_not_confirmed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;

  /* vMix takes the commands, but no state document confirms them: every poll from now on
   * is unreadable, so the operation must fail after its confirmation timeout. */
  onair_emulator_set_malformed_xml (fixture->emulator, TRUE);
  onair_controller_set_confirm_timeout_ms (fixture->controller, 600);
  g_assert_false (start_stream (fixture, 0, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED);
  g_test_message ("%s", error->message);
  assert_last_event (fixture, "stream_started", FALSE);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 0), !=,
                   ONAIR_CHANNEL_STARTING);
}

/* A call that fails once (HTTP 500) is sent again and the operation goes on; one that fails
 * twice fails the operation with what vMix did not do, in words, the function and vMix's own
 * answer only in the witness event's result. */
static void
test_vmix_error_recorded (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  onair_emulator_clear_calls (fixture->emulator);
  onair_emulator_fail_function (fixture->emulator, "StreamingSetURL", 1);
  g_assert_true (start_stream (fixture, 0, destination, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StreamingSetURL"), ==, 2);
  assert_last_event (fixture, "stream_started", TRUE);
  g_assert_true (stop_stream (fixture, 0, &error));

  onair_emulator_clear_calls (fixture->emulator);
  onair_emulator_fail_function (fixture->emulator, "StreamingSetURL", 2);
  g_assert_false (start_stream (fixture, 1, destination, &error));
  g_assert_true (error->domain == ONAIR_VMIX_ERROR);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StreamingSetURL"), ==, 2);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartStreaming"), ==, 0);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "vMix did not accept the stream address for Stream 2"));
  g_assert_null (strstr (error->message, "StreamingSetURL"));
  assert_last_event (fixture, "stream_started", FALSE);
  result = json_object_get_object_member (last_event (fixture), "result");
  g_assert_cmpstr (json_object_get_string_member (result, "function"), ==, "StreamingSetURL");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "detail"), "StreamingSetURL"));
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_OFF);
}

static void
test_stream_lost (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app", TEST_KEY);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (start_stream (fixture, 1, destination, &error));
  onair_emulator_drop_stream (fixture->emulator, 1);
  while (fixture->lost == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_LOST);
  assert_last_event (fixture, "stream_lost", FALSE);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (last_event (fixture),
                                                                              "params"),
                                               "channel"), ==, 1);

  /* Seen by the producer: off again. Acknowledging a channel that is not lost changes nothing. */
  onair_controller_acknowledge_lost (fixture->controller, 1);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_OFF);
  onair_controller_acknowledge_lost (fixture->controller, 0);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 0), ==,
                   ONAIR_CHANNEL_OFF);
}

/* Waits for the poller's next state document. */
static void
wait_for_poll (Fixture *fixture)
{
  guint before = onair_emulator_get_request_count (fixture->emulator);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (onair_emulator_get_request_count (fixture->emulator) < before + 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* vMix 21 writes <streaming>True</streaming> without saying which stream: a stream Onair
 * started stays live, the others are "not reported", nothing is taken for lost or off. */
static void
test_unreported_channels (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app",
                                                              TEST_KEY);
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_true (start_stream (fixture, 1, destination, &error));
  g_assert_no_error (error);
  assert_last_event (fixture, "stream_started", TRUE);
  wait_for_poll (fixture);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_LIVE);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 0), ==,
                   ONAIR_CHANNEL_UNREPORTED);
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 2), ==,
                   ONAIR_CHANNEL_UNREPORTED);
  g_assert_cmpuint (fixture->lost, ==, 0);

  /* Another start could not be confirmed: refused, with the reason, nothing sent. */
  onair_emulator_clear_calls (fixture->emulator);
  g_assert_false (start_stream (fixture, 0, destination, &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE);
  g_assert_nonnull (strstr (error->message, "does not report which stream"));
  g_clear_error (&error);
  assert_nothing_sent (fixture);

  /* Stopped: vMix says off, and so do the channels it did not report. */
  g_assert_true (stop_stream (fixture, 1, &error));
  g_assert_no_error (error);
  wait_for_poll (fixture);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, i), ==,
                     ONAIR_CHANNEL_OFF);
  g_assert_cmpuint (fixture->lost, ==, 0);

  /* vMix stops streaming by itself: "all off" is the truth then, and the stream is lost. */
  g_assert_true (start_stream (fixture, 1, destination, &error));
  onair_emulator_drop_stream (fixture->emulator, 1);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (fixture->lost == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (onair_controller_get_channel_status (fixture->controller, 1), ==,
                   ONAIR_CHANNEL_LOST);
}

/* SRT outputs: none before vMix 24; outputs 1–4, state unknown, without <outputs>. */
static void
test_srt_versions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *event_result;

  onair_controller_start_srt_output_async (fixture->controller, 0, NULL, NULL, result_cb, &result);
  if (variants[GPOINTER_TO_INT (data)].profile == ONAIR_EMULATOR_PROFILE_VMIX21)
    {
      g_assert_false (onair_controller_start_srt_output_finish (fixture->controller,
                                                                wait_for (&result), &error));
      g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT);
      g_assert_nonnull (strstr (error->message, "no SRT outputs"));
      assert_nothing_sent (fixture);
      return;
    }

  g_assert_true (onair_controller_start_srt_output_finish (fixture->controller,
                                                           wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_get_srt_output (fixture->emulator, 0));
  event_result = json_object_get_object_member (last_event (fixture), "result");
  g_assert_false (json_object_get_boolean_member (event_result, "confirmed"));
  g_clear_object (&result);

  /* Output 4 exists, output 5 does not. */
  onair_controller_start_srt_output_async (fixture->controller, 3, NULL, NULL, result_cb, &result);
  g_assert_true (onair_controller_start_srt_output_finish (fixture->controller,
                                                           wait_for (&result), &error));
  g_clear_object (&result);
  onair_controller_start_srt_output_async (fixture->controller, 4, NULL, NULL, result_cb, &result);
  g_assert_false (onair_controller_start_srt_output_finish (fixture->controller,
                                                            wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT);
}

static void
test_srt (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(OnairSrtProfile) profile = onair_srt_profile_new (ONAIR_SRT_MODE_CALLER,
                                                              "srt://ingest.example.net:9000",
                                                              120, "#!::r=live,s=token123");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *params;

  onair_controller_start_srt_output_async (fixture->controller, 1, profile, NULL, result_cb, &result);
  g_assert_true (onair_controller_start_srt_output_finish (fixture->controller, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_get_srt_output (fixture->emulator, 1));
  g_assert_cmpstr (call_value (fixture, "StartSRTOutput"), ==, "1");
  assert_last_event (fixture, "srt_output_started", TRUE);
  params = json_object_get_object_member (last_event (fixture), "params");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (last_event (fixture), "result"),
                                                 "confirmed"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (params, "profile"),
                                               "latency_ms"), ==, 120);
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (params, "profile"),
                                                        "mode"), "token"));
  g_clear_object (&result);

  onair_controller_stop_srt_output_async (fixture->controller, 1, NULL, result_cb, &result);
  g_assert_true (onair_controller_stop_srt_output_finish (fixture->controller, wait_for (&result), &error));
  g_assert_false (onair_emulator_get_srt_output (fixture->emulator, 1));
  assert_last_event (fixture, "srt_output_stopped", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  gconstpointer v28 = GINT_TO_POINTER (VARIANT_VMIX28);
  gconstpointer v28_documented = GINT_TO_POINTER (VARIANT_VMIX28_DOCUMENTED);
  gconstpointer v26 = GINT_TO_POINTER (VARIANT_VMIX26);
  gconstpointer v21 = GINT_TO_POINTER (VARIANT_VMIX21);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/onair/controller/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("start-stop-stream/vmix28", v28, test_start_stop_stream);
  ADD ("start-stop-stream/vmix28-documented", v28_documented, test_start_stop_stream);
  ADD ("start-stop-stream/vmix26", v26, test_start_stop_stream);
  ADD ("unreported-channels/vmix21", v21, test_unreported_channels);
  ADD ("stream-lost/vmix26", v26, test_stream_lost);
  ADD ("srt-versions/vmix26", v26, test_srt_versions);
  ADD ("srt-versions/vmix21", v21, test_srt_versions);
  ADD ("username-password", v28, test_username_password);
  ADD ("not-confirmed", v28, test_not_confirmed);
  ADD ("vmix-error-recorded", v28, test_vmix_error_recorded);
  ADD ("stream-lost", v28, test_stream_lost);
  ADD ("srt", v28, test_srt);

#undef ADD
  return g_test_run ();
}
