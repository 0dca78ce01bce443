/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Emulator: injected faults — latency, failures, closed connections, bad answers,
 * dropped streams and stalled recordings. */
#include "config.h"

#include "emulator-fixture.h"

static OnairEmulatorCall *
first_call (Fixture *fx)
{
  GPtrArray *calls = onair_emulator_get_calls (fx->emulator);

  g_assert_cmpuint (calls->len, >, 0);

  return g_ptr_array_index (calls, 0);
}

static void
test_fault_latency (Fixture       *fx,
                    gconstpointer  data)
{
  gint64 start;

  onair_emulator_set_latency_ms (fx->emulator, 300);

  start = g_get_monotonic_time ();
  call_ok (fx, "StartRecording", NULL);
  g_test_message ("answered after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_true (onair_emulator_get_recording (fx->emulator));

  start = g_get_monotonic_time ();
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  onair_emulator_set_latency_ms (fx->emulator, 0);
  start = g_get_monotonic_time ();
  call_ok (fx, "StopRecording", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_fault_latency_cancelled (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api/?Function=StartRecording", NULL);
  gboolean done = FALSE;
  gint64 until;

  /* A client that gives up while the answer is delayed must not upset the emulator. */
  onair_emulator_set_latency_ms (fx->emulator, 300);
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    cancelled_cb, &done);
  while (onair_emulator_get_request_count (fx->emulator) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Past the latency. Like vMix, the emulator had the whole request and may still run
   * it; answering a client that left must not upset it. */
  until = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (onair_emulator_get_calls (fx->emulator)->len, <=, 1);

  call_ok (fx, "StopRecording", NULL);
  g_assert_false (onair_emulator_get_recording (fx->emulator));
  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TestReply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* vMix closing while an answer is still delayed: the client sees the connection go. */
static void
test_fault_stop_while_delayed (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(TestReply) reply = g_new0 (TestReply, 1);
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api", NULL);
  guint port = onair_emulator_get_port (fx->emulator);
  g_autoptr(GError) error = NULL;

  onair_emulator_set_latency_ms (fx->emulator, 5000);
  reply->msg = soup_message_new (SOUP_METHOD_GET, uri);
  soup_session_send_and_read_async (fx->session, reply->msg, G_PRIORITY_DEFAULT, NULL,
                                    stopped_cb, reply);
  while (onair_emulator_get_request_count (fx->emulator) == 0)
    g_main_context_iteration (NULL, TRUE);

  onair_emulator_stop (fx->emulator);
  while (!reply->done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stopped: %s", reply->error ? reply->error->message : "no error");
  g_assert_nonnull (reply->error);

  onair_emulator_set_latency_ms (fx->emulator, 0);
  g_assert_true (onair_emulator_start (fx->emulator, port, &error));
  g_assert_no_error (error);
  call_ok (fx, "Cut", NULL);
}

static void
test_fault_fail_next (Fixture       *fx,
                      gconstpointer  data)
{
  onair_emulator_fail_next (fx->emulator, 2);

  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  }
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "StartRecording"), ==, 2);
  g_assert_cmpuint (first_call (fx)->status, ==, 500);
}

static void
test_fault_fail_every (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GString) pattern = g_string_new (NULL);

  onair_emulator_set_fail_every (fx->emulator, 3);
  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(TestReply) reply = get_path (fx, "/api");

      g_string_append_c (pattern, reply->status == 200 ? '.' : reply->status == 500 ? 'F' : '?');
    }
  g_assert_cmpstr (pattern->str, ==, "..F..F..F");

  onair_emulator_set_fail_every (fx->emulator, 0);
  call_ok (fx, "Cut", NULL);
}

static void
test_fault_close (Fixture       *fx,
                  gconstpointer  data)
{
  onair_emulator_close_next (fx->emulator, 1);
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_test_message ("closed: %s", reply->error ? reply->error->message : "no error");
    g_assert_nonnull (reply->error);
    g_assert_null (reply->body);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  g_assert_cmpuint (first_call (fx)->status, ==, 0);

  /* With latency too, and for the state document. */
  onair_emulator_set_latency_ms (fx->emulator, 50);
  onair_emulator_close_next (fx->emulator, 1);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_test_message ("closed: %s", reply->error ? reply->error->message : "no error");
    g_assert_nonnull (reply->error);
  }
  onair_emulator_set_latency_ms (fx->emulator, 0);

  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
}

static void
test_fault_refused (Fixture       *fx,
                    gconstpointer  data)
{
  guint port = onair_emulator_get_port (fx->emulator);
  g_autoptr(GError) error = NULL;

  call_ok (fx, "StartRecording", NULL);
  onair_emulator_stop (fx->emulator);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_assert_error (reply->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }

  g_assert_true (onair_emulator_start (fx->emulator, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_get_port (fx->emulator), ==, port);

  /* The show went on while vMix could not be reached. */
  call_ok (fx, "StopRecording", NULL);
  g_assert_false (onair_emulator_get_recording (fx->emulator));
}

static void
test_fault_malformed (Fixture       *fx,
                      gconstpointer  data)
{
  onair_emulator_set_malformed_xml (fx->emulator, TRUE);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_null (doc);
    g_assert_null (strstr (body, "</transitions>"));
    g_assert_nonnull (strstr (body, "</transition><recording"));
    g_assert_true (g_str_has_suffix (g_strchomp (body), "</vmix>"));
  }

  onair_emulator_set_malformed_xml (fx->emulator, FALSE);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
  }
}

static void
test_fault_truncated (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *whole = onair_emulator_render_xml (fx->emulator);

  onair_emulator_set_truncated_xml (fx->emulator, TRUE);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_null (doc);
    g_assert_cmpuint (strlen (body), <, strlen (whole));
    g_assert_cmpuint (strlen (body), >, strlen (whole) / 3);
    g_assert_true (g_str_has_prefix (whole, body));
    g_assert_true (g_utf8_validate (body, -1, NULL));
  }
}

static void
test_fault_oversized (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *normal = onair_emulator_render_xml (fx->emulator);

  onair_emulator_set_oversized_xml (fx->emulator, 600 * 1024);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));
    xmlNode *inputs;

    g_test_message ("oversized document: %zu bytes", strlen (body));
    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_cmpuint (strlen (body), >=, strlen (normal) + 600 * 1024);
    g_assert_nonnull (doc);
    inputs = test_child (xmlDocGetRootElement (doc), "inputs");
    check_inputs (inputs, test_count_children (inputs, "input"));
    g_assert_cmpuint (test_count_children (inputs, "input"), >, 1000);
    assert_children_order (xmlDocGetRootElement (doc), vmix28_children);
  }
}

static void
test_fault_drop_stream (Fixture       *fx,
                        gconstpointer  data)
{
  set_destination (fx, 0);
  set_destination (fx, 1);
  call_ok (fx, "StartStreaming", NULL);
  assert_channels (fx, "11000");

  onair_emulator_drop_stream (fx->emulator, 1);
  assert_channels (fx, "10000");

  /* It can be started again. */
  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  assert_channels (fx, "11000");
}

static void
test_fault_drop_after (Fixture       *fx,
                       gconstpointer  data)
{
  set_destination (fx, 0);
  set_destination (fx, 3);
  onair_emulator_set_drop_stream_after (fx->emulator, 3, 10);

  onair_emulator_advance (fx->emulator, 100);
  call_ok (fx, "StartStreaming", NULL);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 9);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 1);
  assert_channels (fx, "10000");

  /* Each time it goes live again. */
  call_ok (fx, "StartStreaming", "Value", "3", NULL);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 10);
  assert_channels (fx, "10000");

  onair_emulator_set_drop_stream_after (fx->emulator, 3, 0);
  call_ok (fx, "StartStreaming", "Value", "3", NULL);
  onair_emulator_advance (fx->emulator, 3600);
  assert_channels (fx, "10010");
}

static void
test_fault_stall (Fixture       *fx,
                  gconstpointer  data)
{
  const char *file = "C:\\Users\\vMix\\Documents\\vMix\\capture - 2025-11-12 10-30-00.mp4";

  call_ok (fx, "StartRecording", NULL);
  onair_emulator_advance (fx->emulator, 30);
  assert_recording (fx, "30", file);

  onair_emulator_set_recording_stalled (fx->emulator, TRUE);
  onair_emulator_advance (fx->emulator, 45);
  assert_recording (fx, "30", file);
  onair_emulator_advance (fx->emulator, 45);
  assert_recording (fx, "30", file);

  onair_emulator_set_recording_stalled (fx->emulator, FALSE);
  onair_emulator_advance (fx->emulator, 5);
  assert_recording (fx, "35", file);
}

int
main (int   argc,
      char *argv[])
{
  const int v28 = ONAIR_EMULATOR_PROFILE_VMIX28;
  const int v26 = ONAIR_EMULATOR_PROFILE_VMIX26;

  g_test_init (&argc, &argv, NULL);

  ADD ("/onair/emulator/fault/latency", v28, test_fault_latency);
  ADD ("/onair/emulator/fault/latency-cancelled", v28, test_fault_latency_cancelled);
  ADD ("/onair/emulator/fault/stop-while-delayed", v28, test_fault_stop_while_delayed);
  ADD ("/onair/emulator/fault/fail-next", v28, test_fault_fail_next);
  ADD ("/onair/emulator/fault/fail-every", v28, test_fault_fail_every);
  ADD ("/onair/emulator/fault/close", v28, test_fault_close);
  ADD ("/onair/emulator/fault/refused", v26, test_fault_refused);
  ADD ("/onair/emulator/fault/malformed", v28, test_fault_malformed);
  ADD ("/onair/emulator/fault/truncated", v28, test_fault_truncated);
  ADD ("/onair/emulator/fault/oversized", v28, test_fault_oversized);
  ADD ("/onair/emulator/fault/drop-stream", v28, test_fault_drop_stream);
  ADD ("/onair/emulator/fault/drop-stream-after", v28, test_fault_drop_after);
  ADD ("/onair/emulator/fault/recording-stalled", v28, test_fault_stall);
  return g_test_run ();
}
