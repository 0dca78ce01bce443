/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/show/onair-controller.h"
#include "core/destinations/onair-fingerprint.h"
#include "emulator/onair-emulator.h"
#include "../emulator-variants.h"

/* Runs against the real emulator over HTTP and the real keyring that build-aux/dev test
 * starts (gnome-keyring-daemon in a private D-Bus session). */

#define TEST_KEY "live_canary_7f3a9c1e5b"

typedef struct
{
  OnairEmulator    *emulator;
  OnairVmixClient  *client;
  OnairPoller      *poller;
  OnairSecretStore *secrets;
  OnairController  *controller;
  GPtrArray        *events;      /* JsonObject*: {event_type, params, result} */
  guint             lost;
} Fixture;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}

static void
operation_finished_cb (OnairController *controller,
                       const char      *event_type,
                       JsonObject      *params,
                       JsonObject      *result,
                       GDateTime       *requested,
                       Fixture         *fixture)
{
  JsonObject *event = json_object_new ();

  g_assert_nonnull (requested);
  json_object_set_string_member (event, "event_type", event_type);
  json_object_set_object_member (event, "params", json_object_ref (params));
  json_object_set_object_member (event, "result", json_object_ref (result));
  g_ptr_array_add (fixture->events, event);
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
wait_connected (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (onair_poller_get_connection_state (fixture->poller) != ONAIR_CONNECTION_CONNECTED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = variant_emulator_new (GPOINTER_TO_INT (data));
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
  onair_controller_set_confirm_timeout_ms (fixture->controller, 5000);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_signal_connect (fixture->controller, "operation-finished",
                    G_CALLBACK (operation_finished_cb), fixture);
  g_signal_connect (fixture->controller, "stream-lost", G_CALLBACK (stream_lost_cb), fixture);
  onair_poller_start (fixture->poller);
  wait_connected (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_poller_stop (fixture->poller);
  g_assert_finalize_object (fixture->controller);
  g_assert_finalize_object (fixture->poller);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->secrets);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_ptr_array_unref (fixture->events);
}

static OnairDestination *
make_destination (Fixture    *fixture,
                  const char *url,
                  const char *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, "Own server");
  onair_destination_set_server_url (destination, url);
  if (key != NULL)
    {
      onair_destination_store_key_async (destination, fixture->secrets, key, NULL,
                                         result_cb, &result);
      g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result), &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&destination);
}

static gboolean
start_stream (Fixture           *fixture,
              guint              channel,
              OnairDestination  *destination,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_controller_start_stream_async (fixture->controller, channel, destination, NULL,
                                       result_cb, &result);
  return onair_controller_start_stream_finish (fixture->controller, wait_for (&result), error);
}

static gboolean
stop_stream (Fixture  *fixture,
             guint     channel,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_controller_stop_stream_async (fixture->controller, channel, NULL, result_cb, &result);
  return onair_controller_stop_stream_finish (fixture->controller, wait_for (&result), error);
}

static JsonObject *
last_event (Fixture *fixture)
{
  g_assert_cmpuint (fixture->events->len, >, 0);
  return g_ptr_array_index (fixture->events, fixture->events->len - 1);
}

static void
assert_last_event (Fixture    *fixture,
                   const char *event_type,
                   gboolean    success)
{
  JsonObject *event = last_event (fixture);
  JsonObject *result = json_object_get_object_member (event, "result");

  g_assert_cmpstr (json_object_get_string_member (event, "event_type"), ==, event_type);
  g_assert_cmpint (json_object_get_boolean_member (result, "success"), ==, success);
  if (!success)
    g_assert_nonnull (json_object_get_string_member (result, "message"));
}

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
assert_nothing_sent (Fixture *fixture)
{
  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
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
  ADD ("rule/not-connected", v28, test_rule_not_connected);
  ADD ("rule/channel-vmix28", v28, test_rule_channel);
  ADD ("rule/channel-vmix26", v26, test_rule_channel);
  ADD ("rule/url", v28, test_rule_url);
  ADD ("rule/key", v28, test_rule_key);
  ADD ("rule/already-live", v28, test_rule_already_live);
  ADD ("rule/busy", v28, test_rule_busy);
  ADD ("rule/not-live", v28, test_rule_not_live);
  ADD ("not-confirmed", v28, test_not_confirmed);
  ADD ("vmix-error-recorded", v28, test_vmix_error_recorded);
  ADD ("stream-lost", v28, test_stream_lost);
  ADD ("srt", v28, test_srt);
  ADD ("srt-rules", v28, test_srt_rules);
  ADD ("recording", v28, test_recording);
  ADD ("call-function", v28, test_call_function);
  ADD ("redacted-custom-call", v28, test_redacted_custom_call);
  ADD ("redacted-held-secret", v28, test_redacted_held_secret);

#undef ADD

  return g_test_run ();
}
