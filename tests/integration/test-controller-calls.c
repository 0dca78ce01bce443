/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Controller: recording, custom function calls, and secrets redacted from what is
 * recorded. */
#include "config.h"

#include "controller-fixture.h"

static void
test_recording (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 duration;
  JsonObject *event_result;
  GPtrArray *log;

  /* Rules first: nothing to stop, no marker without a recording. */
  onair_controller_stop_recording_async (fixture->controller, NULL, result_cb, &result);
  g_assert_cmpint (onair_controller_stop_recording_finish (fixture->controller, wait_for (&result), &error), ==, -1);
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING);
  g_clear_error (&error);
  g_clear_object (&result);
  onair_controller_write_marker_async (fixture->controller, "Act 2", NULL, result_cb, &result);
  g_assert_false (onair_controller_write_marker_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_RECORDING);
  g_clear_error (&error);
  g_clear_object (&result);

  onair_controller_start_recording_async (fixture->controller, NULL, result_cb, &result);
  g_assert_true (onair_controller_start_recording_finish (fixture->controller, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_get_recording (fixture->emulator));
  assert_last_event (fixture, "recording_started", TRUE);
  g_clear_object (&result);

  onair_controller_start_recording_async (fixture->controller, NULL, result_cb, &result);
  g_assert_false (onair_controller_start_recording_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_RECORDING);
  g_clear_error (&error);
  g_clear_object (&result);

  onair_controller_write_marker_async (fixture->controller, "   ", NULL, result_cb, &result);
  g_assert_false (onair_controller_write_marker_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_MARKER);
  g_clear_error (&error);
  g_clear_object (&result);

  /* 65 seconds of show on the emulator's clock, then a marker. */
  onair_emulator_advance (fixture->emulator, 65);
  onair_controller_write_marker_async (fixture->controller, "Act 2", NULL, result_cb, &result);
  g_assert_true (onair_controller_write_marker_finish (fixture->controller, wait_for (&result), &error));
  g_assert_no_error (error);
  log = onair_emulator_get_recording_log (fixture->emulator);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (log, 0), "Act 2"));
  g_clear_object (&result);

  /* Let a poll see the duration, then stop: the result is what vMix last reported. */
  onair_poller_poll_now (fixture->poller);
  while (onair_vmix_state_get_recording_duration (onair_poller_get_state (fixture->poller)) < 65)
    g_main_context_iteration (NULL, TRUE);
  onair_controller_stop_recording_async (fixture->controller, NULL, result_cb, &result);
  duration = onair_controller_stop_recording_finish (fixture->controller, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (duration, ==, 65);
  g_assert_false (onair_emulator_get_recording (fixture->emulator));
  assert_last_event (fixture, "recording_stopped", TRUE);
  event_result = json_object_get_object_member (last_event (fixture), "result");
  g_assert_cmpint (json_object_get_int_member (event_result, "duration_seconds"), ==, 65);
  g_assert_cmpstr (json_object_get_string_member (event_result, "duration"), ==, "00:01:05");
}

static void
test_call_function (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *cut[] = { "Duration", "500", NULL };
  const char *bad_param[] = { "Value&Input", "1", NULL };
  const char *odd[] = { "Value", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  onair_controller_call_function_async (fixture->controller, "Fade", cut, NULL, result_cb, &result);
  answer = onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "Fade"), ==, 1);
  assert_last_event (fixture, "vmix_function", TRUE);
  g_clear_object (&result);

  onair_controller_call_function_async (fixture->controller, "SetOutput", NULL, NULL, result_cb, &result);
  g_assert_null (onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION);
  assert_last_event (fixture, "vmix_function", FALSE);
  g_clear_error (&error);
  g_clear_object (&result);

  onair_emulator_clear_calls (fixture->emulator);
  onair_controller_call_function_async (fixture->controller, "Cut;rm", NULL, NULL, result_cb, &result);
  g_assert_null (onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION);
  g_clear_error (&error);
  g_clear_object (&result);
  onair_controller_call_function_async (fixture->controller, "Cut", bad_param, NULL, result_cb, &result);
  g_assert_null (onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION);
  g_clear_error (&error);
  g_clear_object (&result);
  onair_controller_call_function_async (fixture->controller, "Cut", odd, NULL, result_cb, &result);
  g_assert_null (onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION);
  assert_nothing_sent (fixture);
}

static void
test_redacted_custom_call (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *params[] = { "Value", "0," TEST_KEY, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  JsonObject *event_params;

  onair_controller_call_function_async (fixture->controller, "StreamingSetKey", params, NULL,
                                        result_cb, &result);
  answer = onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error);
  g_assert_no_error (error);
  event_params = json_object_get_object_member (last_event (fixture), "params");
  g_assert_cmpstr (json_object_get_string_member (event_params, "query"), ==,
                   "Function=StreamingSetKey&Value=0,<redacted>");
}

/* A key Onair holds is redacted whatever function carries it, in whatever case. */
static void
test_redacted_held_secret (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = make_destination (fixture, "rtmp://a.example.net/app",
                                                              TEST_KEY);
  const char *indexed[] = { "Value", "0," TEST_KEY, NULL };
  const char *plain[] = { "Value", TEST_KEY, NULL };
  const char *input[] = { "Input", "1", NULL };
  const struct
  {
    const char  *function;
    const char **params;
    const char  *query;
  } cases[] = {
    { "streamingSetKey", indexed, "Function=streamingSetKey&Value=0,<redacted>" },
    { "SetText", plain, "Function=SetText&Value=<redacted>" },
    { "SetText", indexed, "Function=SetText&Value=0,<redacted>" },
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  JsonObject *event_params;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      onair_controller_call_function_async (fixture->controller, cases[i].function,
                                            cases[i].params, NULL, result_cb, &result);
      /* vMix knows its functions by their exact names: "streamingSetKey" is refused. */
      text = onair_controller_call_function_finish (fixture->controller, wait_for (&result),
                                                    &error);
      g_clear_error (&error);
      g_clear_object (&result);
      event_params = json_object_get_object_member (last_event (fixture), "params");
      g_assert_cmpstr (json_object_get_string_member (event_params, "query"), ==,
                       cases[i].query);
    }

  /* The key pasted where the function's name goes: refused, never sent nor recorded. */
  onair_emulator_clear_calls (fixture->emulator);
  onair_controller_call_function_async (fixture->controller, TEST_KEY, input, NULL, result_cb,
                                        &result);
  answer = onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION);
  g_assert_null (strstr (error->message, TEST_KEY));
  assert_nothing_sent (fixture);
  assert_last_event (fixture, "vmix_function", FALSE);
  event_params = json_object_get_object_member (last_event (fixture), "params");
  g_assert_cmpstr (json_object_get_string_member (event_params, "function"), ==, "<redacted>");
}

int
main (int   argc,
      char *argv[])
{
  gconstpointer v28 = GINT_TO_POINTER (VARIANT_VMIX28);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/onair/controller/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("recording", v28, test_recording);
  ADD ("call-function", v28, test_call_function);
  ADD ("redacted-custom-call", v28, test_redacted_custom_call);
  ADD ("redacted-held-secret", v28, test_redacted_held_secret);

#undef ADD
  return g_test_run ();
}
