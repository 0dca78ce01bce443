/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "emulator/onair-emulator.h"
#include "emulator-tcp-client.h"
#include "emulator-test-util.h"

/* The emulator's TCP API, spoken over raw sockets the way a vMix controller speaks it: the
 * test reads bytes as they come and splits lines itself, so it sees exactly what was sent,
 * in how many pieces. The emulator runs in this process, on this thread's main context,
 * which the client keeps iterating while it waits. */

/* A title whose UTF-8 bytes outnumber its characters. */
#define WIDE_TITLE "Caméra 1 — Ünïcödé ✓ 中文"

static TcpClient *
connect_greeted (OnairEmulator *emulator)
{
  TcpClient *client = tcp_client_connect (onair_emulator_get_tcp_port (emulator));
  g_autofree char *version = g_strconcat ("VERSION OK ", onair_emulator_get_version (emulator),
                                          NULL);

  tcp_client_expect (client, version);
  return client;
}

/* The fixture: an emulator on the test clock, HTTP and TCP on free ports. */

typedef struct
{
  OnairEmulator *emulator;
  SoupSession   *session;
  char          *api;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  onair_emulator_use_test_clock (fixture->emulator);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_start_tcp (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_get_tcp_port (fixture->emulator), >, 0);
  g_assert_cmpuint (onair_emulator_get_tcp_port (fixture->emulator), !=,
                    onair_emulator_get_port (fixture->emulator));
  base = onair_emulator_dup_base_uri (fixture->emulator);
  fixture->api = g_strconcat (base, "api", NULL);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->session);
  g_assert_finalize_object (fixture->emulator);
  g_free (fixture->api);
}

static TestReply *
http_get (Fixture    *fixture,
          const char *query)
{
  g_autofree char *uri = g_strconcat (fixture->api, query, NULL);

  return test_http_get (fixture->session, uri, NULL, 0);
}

static void
http_call (Fixture    *fixture,
           const char *query)
{
  g_autofree char *path = g_strconcat ("/?", query, NULL);
  g_autoptr(TestReply) reply = http_get (fixture, path);

  g_assert_cmpuint (reply->status, ==, 200);
}

static void
set_up_stream (OnairEmulator *emulator,
               guint          stream)
{
  g_autofree char *url = g_strdup_printf ("Value=%u,rtmp://example.net/live", stream);
  g_autofree char *key = g_strdup_printf ("Value=%u,key-%u", stream, stream);

  g_assert_true (onair_emulator_call_function (emulator, "StreamingSetURL", url));
  g_assert_true (onair_emulator_call_function (emulator, "StreamingSetKey", key));
}

/* Tests */

static void
test_version_on_connect (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OnairEmulator) old = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX26);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcpClient) client = NULL;
  g_autoptr(TcpClient) other = NULL;

  /* The first thing on the wire, before any request. */
  client = tcp_client_connect (onair_emulator_get_tcp_port (fixture->emulator));
  tcp_client_expect (client, "VERSION OK 28.0.0.39");
  g_assert_cmpuint (client->in->len, ==, 0);
  g_assert_cmpuint (onair_emulator_get_tcp_connection_count (fixture->emulator), ==, 1);

  g_assert_true (onair_emulator_start_tcp (old, 0, &error));
  g_assert_no_error (error);
  other = tcp_client_connect (onair_emulator_get_tcp_port (old));
  tcp_client_expect (other, "VERSION OK 26.0.0.45");
}

static void
test_function (Fixture       *fixture,
               gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = NULL;
  g_autoptr(TestReply) refused = NULL;
  g_autofree char *error_line = NULL;
  g_autofree char *nameless = NULL;
  GPtrArray *calls;
  OnairEmulatorCall *last;

  /* HTTP asks for the Web Controller's password; the TCP API does not, as in vMix. */
  onair_emulator_set_credentials (emulator, "admin", "secret");
  refused = http_get (fixture, "/?Function=StartRecording");
  g_assert_cmpuint (refused->status, ==, 401);
  onair_emulator_clear_calls (emulator);

  client = connect_greeted (emulator);
  tcp_client_request (client, "FUNCTION StartRecording", "FUNCTION OK Completed");
  g_assert_true (onair_emulator_get_recording (emulator));
  tcp_client_request (client, "FUNCTION PreviewInput Input=4", "FUNCTION OK Completed");
  g_assert_cmpuint (onair_emulator_get_preview_input (emulator), ==, 4);
  /* The query is decoded as in a URL. */
  tcp_client_request (client,
                      "FUNCTION StreamingSetURL Value=1,rtmp%3A%2F%2Fexample.net%2Flive",
                      "FUNCTION OK Completed");
  g_assert_cmpstr (onair_emulator_get_stream_url (emulator, 1), ==, "rtmp://example.net/live");
  tcp_client_request (client, "FUNCTION ActiveInput Input=Lower+Third.gtzip",
                      "FUNCTION OK Completed");
  g_assert_cmpuint (onair_emulator_get_active_input (emulator), ==, 4);
  /* A known function with an unusable value: acknowledged, nothing changes. */
  tcp_client_request (client, "FUNCTION StartStreaming Value=9", "FUNCTION OK Completed");
  g_assert_false (onair_emulator_get_stream_live (emulator, 1));

  tcp_client_send (client, "FUNCTION SetOutput Value=rtmp://x\r\n");
  error_line = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (error_line, "FUNCTION ER "));
  g_assert_cmpuint (strlen (error_line), >, strlen ("FUNCTION ER "));
  tcp_client_send (client, "FUNCTION\r\n");
  nameless = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (nameless, "FUNCTION ER "));

  /* The call log has them, with HTTP's status for OK and ER. */
  calls = onair_emulator_get_calls (emulator);
  g_assert_cmpuint (calls->len, ==, 6);
  g_assert_cmpstr (((OnairEmulatorCall *) calls->pdata[0])->function, ==, "StartRecording");
  g_assert_cmpuint (((OnairEmulatorCall *) calls->pdata[0])->status, ==, 200);
  g_assert_cmpstr (g_hash_table_lookup (((OnairEmulatorCall *) calls->pdata[1])->params,
                                        "Input"), ==, "4");
  last = calls->pdata[5];
  g_assert_cmpstr (last->function, ==, "SetOutput");
  g_assert_cmpuint (last->status, ==, 500);
  g_assert_cmpuint (onair_emulator_get_tcp_request_count (emulator), ==, 7);
}

/* XML: the same document as GET /api, counted in UTF-8 bytes with its line end. */
static void
test_xml (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(TcpClient) client = NULL;
  g_autoptr(TestReply) http = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *header = NULL;
  g_autofree char *document = NULL;
  const char *bytes;
  gsize payload_length;
  guint64 count;

  onair_emulator_set_input_title (fixture->emulator, 1, WIDE_TITLE);
  http = http_get (fixture, "");
  g_assert_cmpuint (http->status, ==, 200);

  client = connect_greeted (fixture->emulator);
  tcp_client_send (client, "XML\r\n");
  header = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (header, "XML "));
  g_assert_true (g_ascii_string_to_unsigned (header + 4, 10, 1, G_MAXUINT32, &count, NULL));
  payload = tcp_client_read_bytes (client, count);
  bytes = g_bytes_get_data (payload, &payload_length);

  /* The count is of bytes: the title's characters are fewer. */
  document = g_strndup (bytes, payload_length - 2);
  g_assert_nonnull (strstr (document, "title=\"" WIDE_TITLE "\""));
  g_assert_cmpuint (g_utf8_strlen (document, -1), <, payload_length - 2);
  g_assert_cmpmem (bytes + payload_length - 2, 2, "\r\n", 2);
  g_assert_cmpuint (count, ==, g_bytes_get_size (http->body) + 2);
  g_assert_cmpmem (bytes, payload_length - 2,
                   g_bytes_get_data (http->body, NULL), g_bytes_get_size (http->body));

  /* Nothing more than the count: the next reply starts right after. */
  tcp_client_expect_nothing_pushed (client);
}

static void
test_tally (Fixture       *fixture,
            gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);

  /* Cam 1 on program, Cam 2 in preview, six inputs. */
  tcp_client_request (client, "TALLY", "TALLY OK 120000");
  tcp_client_request (client, "FUNCTION PreviewInput Input=4", "FUNCTION OK Completed");
  tcp_client_request (client, "TALLY", "TALLY OK 100200");
  /* Not subscribed: a change says nothing. */
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  tcp_client_expect_nothing_pushed (client);

  tcp_client_request (client, "SUBSCRIBE TALLY", "SUBSCRIBE OK TALLY");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  tcp_client_expect (client, "TALLY OK 100200");
  g_assert_true (onair_emulator_call_function (emulator, "PreviewInput", "Input=6"));
  tcp_client_expect (client, "TALLY OK 100002");
  /* Already there: no change, no tally. */
  g_assert_true (onair_emulator_call_function (emulator, "PreviewInput", "Input=6"));
  tcp_client_expect_nothing_pushed (client);
  onair_emulator_set_input_count (emulator, 8);
  tcp_client_expect (client, "TALLY OK 10000200");
  /* Only the tally was subscribed to. */
  g_assert_true (onair_emulator_call_function (emulator, "StartRecording", NULL));
  tcp_client_expect_nothing_pushed (client);
}

/* ACTS lines for whatever changes an activator: HTTP, TCP, a direct call, faults and the
 * test clock. */
static void
test_acts_pushed (Fixture       *fixture,
                  gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autoptr(TcpClient) other = connect_greeted (emulator);

  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  g_assert_cmpuint (client->in->len, ==, 0);

  /* Over HTTP */
  http_call (fixture, "Function=StartRecording");
  tcp_client_expect (client, "ACTS OK Recording 1");

  /* Over TCP, on a connection that did not subscribe: it gets its reply only. */
  tcp_client_request (other, "FUNCTION ActiveInput Input=3", "FUNCTION OK Completed");
  tcp_client_expect (client, "ACTS OK Input 3 1");
  tcp_client_expect (client, "ACTS OK Input 1 0");
  tcp_client_expect_nothing_pushed (other);

  /* On the subscribed connection itself: the reply, then the push. */
  tcp_client_request (client, "FUNCTION PreviewInput Input=5", "FUNCTION OK Completed");
  tcp_client_expect (client, "ACTS OK InputPreview 5 1");
  tcp_client_expect (client, "ACTS OK InputPreview 2 0");

  /* A direct call: vMix's own buttons, another controller. */
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  tcp_client_expect (client, "ACTS OK Input 5 1");
  tcp_client_expect (client, "ACTS OK Input 3 0");
  tcp_client_expect (client, "ACTS OK InputPreview 3 1");
  tcp_client_expect (client, "ACTS OK InputPreview 5 0");
  g_assert_true (onair_emulator_call_function (emulator, "StartExternal", NULL));
  tcp_client_expect (client, "ACTS OK External 1");
  g_assert_true (onair_emulator_call_function (emulator, "StartMultiCorder", NULL));
  tcp_client_expect (client, "ACTS OK MultiCorder 1");
  g_assert_true (onair_emulator_call_function (emulator, "FullscreenOn", NULL));
  tcp_client_expect (client, "ACTS OK Fullscreen 1");
  g_assert_true (onair_emulator_call_function (emulator, "FadeToBlack", NULL));
  tcp_client_expect (client, "ACTS OK FadeToBlack 1");
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOff", NULL));
  tcp_client_expect (client, "ACTS OK MasterAudio 0");
  g_assert_true (onair_emulator_call_function (emulator, "SetMasterVolume", "Value=50"));
  tcp_client_expect (client, "ACTS OK MasterVolume 0.5");
  g_assert_true (onair_emulator_call_function (emulator, "StopRecording", NULL));
  tcp_client_expect (client, "ACTS OK Recording 0");

  /* Streaming is any stream: the second stream going live or dropping says nothing while
   * the first is on. */
  set_up_stream (emulator, 0);
  set_up_stream (emulator, 1);
  set_up_stream (emulator, 2);
  tcp_client_expect_nothing_pushed (client);
  g_assert_true (onair_emulator_call_function (emulator, "StartStreaming", "Value=0"));
  tcp_client_expect (client, "ACTS OK Streaming 1");
  g_assert_true (onair_emulator_call_function (emulator, "StartStreaming", "Value=1"));
  tcp_client_expect_nothing_pushed (client);

  /* A stream that drops (the fault) */
  onair_emulator_drop_stream (emulator, 0);
  tcp_client_expect_nothing_pushed (client);
  onair_emulator_drop_stream (emulator, 1);
  tcp_client_expect (client, "ACTS OK Streaming 0");

  /* The test clock: a stream set to drop after 30 s drops when the clock gets there. */
  onair_emulator_set_drop_stream_after (emulator, 2, 30);
  tcp_client_request (client, "FUNCTION StartStreaming Value=2", "FUNCTION OK Completed");
  tcp_client_expect (client, "ACTS OK Streaming 1");
  onair_emulator_advance (emulator, 29);
  tcp_client_expect_nothing_pushed (client);
  onair_emulator_advance (emulator, 1);
  tcp_client_expect (client, "ACTS OK Streaming 0");
  g_assert_false (onair_emulator_get_stream_live (emulator, 2));
}

/* A stream set to drop by itself on the real clock is pushed when it drops, with nobody
 * asking for the state meanwhile. */
static void
test_acts_real_clock_drop (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcpClient) client = NULL;
  gint64 started;
  gint64 elapsed_ms;

  g_assert_true (onair_emulator_start_tcp (emulator, 0, &error));
  g_assert_no_error (error);
  client = connect_greeted (emulator);
  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");

  set_up_stream (emulator, 0);
  onair_emulator_set_drop_stream_after (emulator, 0, 1);
  started = g_get_monotonic_time ();
  g_assert_true (onair_emulator_call_function (emulator, "StartStreaming", "Value=0"));
  tcp_client_expect (client, "ACTS OK Streaming 1");
  tcp_client_expect (client, "ACTS OK Streaming 0");
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("dropped after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 990);
  g_assert_cmpint (elapsed_ms, <, 2000);
}

/* Nothing is pushed when nothing an activator reports changed. */
static void
test_no_push_without_change (Fixture       *fixture,
                             gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autoptr(TestReply) state = NULL;

  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  tcp_client_request (client, "SUBSCRIBE TALLY", "SUBSCRIBE OK TALLY");

  http_call (fixture, "Function=SetText&Input=4&SelectedName=Headline.Text&Value=Hello");
  tcp_client_expect_nothing_pushed (client);
  /* SRT outputs have no activator. */
  g_assert_true (onair_emulator_call_function (emulator, "StartSRTOutput", "Value=0"));
  g_assert_true (onair_emulator_get_srt_output (emulator, 0));
  tcp_client_expect_nothing_pushed (client);
  /* Already in that state */
  g_assert_true (onair_emulator_call_function (emulator, "StopRecording", NULL));
  g_assert_true (onair_emulator_call_function (emulator, "PreviewInput", "Input=2"));
  g_assert_true (onair_emulator_call_function (emulator, "SetMasterVolume", "Value=100"));
  tcp_client_expect_nothing_pushed (client);
  /* A stream without destination does not go live. */
  tcp_client_request (client, "FUNCTION StartStreaming Value=0", "FUNCTION OK Completed");
  tcp_client_expect_nothing_pushed (client);
  /* Reading the state, the clock moving on */
  state = http_get (fixture, "");
  g_assert_cmpuint (state->status, ==, 200);
  onair_emulator_advance (emulator, 60);
  tcp_client_expect_nothing_pushed (client);
}

static void
test_unsubscribe (Fixture       *fixture,
                  gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autofree char *unknown = NULL;

  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  tcp_client_request (client, "SUBSCRIBE TALLY", "SUBSCRIBE OK TALLY");
  tcp_client_request (client, "UNSUBSCRIBE ACTS", "UNSUBSCRIBE OK ACTS");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  tcp_client_expect (client, "TALLY OK 210000");
  tcp_client_expect_nothing_pushed (client);

  tcp_client_request (client, "UNSUBSCRIBE TALLY", "UNSUBSCRIBE OK TALLY");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  g_assert_true (onair_emulator_call_function (emulator, "StartRecording", NULL));
  tcp_client_expect_nothing_pushed (client);

  tcp_client_send (client, "SUBSCRIBE EVERYTHING\r\n");
  unknown = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (unknown, "SUBSCRIBE ER "));

  /* Subscribing again starts from the state of now. */
  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  g_assert_true (onair_emulator_call_function (emulator, "StopRecording", NULL));
  tcp_client_expect (client, "ACTS OK Recording 0");
}

/* ACTS <Activator>: one activator's value, now. */
static void
test_acts_query (Fixture       *fixture,
                 gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autofree char *unknown = NULL;

  tcp_client_request (client, "ACTS Input", "ACTS OK Input 1 1");
  tcp_client_request (client, "ACTS InputPreview", "ACTS OK InputPreview 2 1");
  tcp_client_request (client, "ACTS Input 3", "ACTS OK Input 3 0");
  tcp_client_request (client, "ACTS Recording", "ACTS OK Recording 0");
  tcp_client_request (client, "ACTS Streaming", "ACTS OK Streaming 0");
  tcp_client_request (client, "ACTS MasterAudio", "ACTS OK MasterAudio 1");
  tcp_client_request (client, "ACTS MasterVolume", "ACTS OK MasterVolume 1");
  tcp_client_request (client, "ACTS FadeToBlack", "ACTS OK FadeToBlack 0");

  g_assert_true (onair_emulator_call_function (emulator, "StartRecording", NULL));
  g_assert_true (onair_emulator_call_function (emulator, "ActiveInput", "Input=3"));
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOff", NULL));
  g_assert_true (onair_emulator_call_function (emulator, "SetMasterVolume", "Value=25"));
  /* Not subscribed: nothing came meanwhile. */
  tcp_client_request (client, "ACTS Recording", "ACTS OK Recording 1");
  tcp_client_request (client, "ACTS Input", "ACTS OK Input 3 1");
  tcp_client_request (client, "ACTS Input 3", "ACTS OK Input 3 1");
  tcp_client_request (client, "ACTS MasterAudio", "ACTS OK MasterAudio 0");
  tcp_client_request (client, "ACTS MasterVolume", "ACTS OK MasterVolume 0.25");

  tcp_client_send (client, "ACTS Weather\r\n");
  unknown = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (unknown, "ACTS ER "));
}

static void
test_ping_quit_unknown (Fixture       *fixture,
                        gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autoptr(TcpClient) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *lower = NULL;

  tcp_client_request (client, "PING", "PING OK PONG");
  /* A bare LF ends a line too; requests sent together are answered in order; an empty
   * line asks nothing. */
  tcp_client_send (client, "PING\n");
  tcp_client_expect (client, "PING OK PONG");
  tcp_client_send (client, "\r\nTALLY\r\nPING\r\nACTS Input\r\n");
  tcp_client_expect (client, "TALLY OK 120000");
  tcp_client_expect (client, "PING OK PONG");
  tcp_client_expect (client, "ACTS OK Input 1 1");

  tcp_client_send (client, "HELLO there\r\n");
  unknown = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (unknown, "HELLO ER "));
  tcp_client_send (client, "ping\r\n");
  lower = tcp_client_read_line (client);
  g_assert_true (g_str_has_prefix (lower, "ping ER "));

  tcp_client_request (client, "QUIT", "QUIT OK Bye");
  tcp_client_receive (client);
  g_assert_true (client->eof);
  g_assert_no_error (client->error);
  g_assert_cmpuint (client->in->len, ==, 0);
  while (onair_emulator_get_tcp_connection_count (emulator) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* A client that stops sending (printf 'XML\r\n' | nc) still gets its answers. */
  done = connect_greeted (emulator);
  tcp_client_send (done, "TALLY\r\n");
  g_assert_true (g_socket_shutdown (done->socket, FALSE, TRUE, &error));
  g_assert_no_error (error);
  tcp_client_expect (done, "TALLY OK 120000");
  tcp_client_receive (done);
  g_assert_true (done->eof);
}

/* Everything sent in pieces of 1 to 7 bytes reassembles to the same bytes. */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = NULL;
  g_autoptr(TestReply) http = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autofree char *header = NULL;
  g_autofree char *expected_header = NULL;
  gboolean in_header = FALSE;
  gboolean in_character = FALSE;
  gsize start;
  guint first_read;

  onair_emulator_set_input_title (emulator, 1, WIDE_TITLE);
  http = http_get (fixture, "");
  onair_emulator_set_tcp_split (emulator, TRUE);

  client = tcp_client_connect (onair_emulator_get_tcp_port (emulator));
  tcp_client_expect (client, "VERSION OK 28.0.0.39");
  g_assert_cmpuint (client->ends->len, >=, 3);

  start = client->all->len;
  first_read = client->ends->len;
  tcp_client_send (client, "XML\r\n");
  header = tcp_client_read_line (client);
  payload = tcp_client_read_bytes (client, strtoul (header + 4, NULL, 10));

  /* The same bytes as unsplit: the header, the HTTP document, its line end. */
  expected_header = g_strdup_printf ("XML %" G_GSIZE_FORMAT "\r\n",
                                     g_bytes_get_size (http->body) + 2);
  g_byte_array_append (expected, (const guint8 *) expected_header, strlen (expected_header));
  g_byte_array_append (expected, g_bytes_get_data (http->body, NULL),
                       g_bytes_get_size (http->body));
  g_byte_array_append (expected, (const guint8 *) "\r\n", 2);
  g_assert_cmpmem (client->all->data + start, client->all->len - start,
                   expected->data, expected->len);

  /* Received in many pieces: one ends inside "XML <n>", one inside a UTF-8 character. */
  g_test_message ("the XML reply came in %u reads", client->ends->len - first_read);
  g_assert_cmpuint (client->ends->len - first_read, >, expected->len / 8);
  for (guint i = first_read; i < client->ends->len; i++)
    {
      gsize end = g_array_index (client->ends, gsize, i) - start;

      if (end < strlen (header))
        in_header = TRUE;
      if (end < expected->len && (expected->data[end] & 0xc0) == 0x80)
        in_character = TRUE;
    }
  g_assert_true (in_header);
  g_assert_true (in_character);

  /* Pushes too */
  tcp_client_request (client, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  tcp_client_expect (client, "ACTS OK Input 2 1");
  tcp_client_expect (client, "ACTS OK Input 1 0");
  tcp_client_expect (client, "ACTS OK InputPreview 1 1");
  tcp_client_expect (client, "ACTS OK InputPreview 2 0");

  onair_emulator_set_tcp_split (emulator, FALSE);
  first_read = client->ends->len;
  tcp_client_request (client, "TALLY", "TALLY OK 210000");
  g_assert_cmpuint (client->ends->len - first_read, ==, 1);
}

/* The next request resets its connection, unanswered and not executed. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autoptr(TcpClient) again = NULL;
  GPtrArray *calls;

  onair_emulator_tcp_reset_next (emulator);
  tcp_client_send (client, "FUNCTION StartRecording\r\n");
  tcp_client_receive (client);
  g_test_message ("%s", client->error != NULL ? client->error->message : "orderly end");
  /* A reset, not an orderly end, and no byte of a reply. */
  g_assert_nonnull (client->error);
  g_assert_false (client->eof);
  g_assert_cmpuint (client->in->len, ==, 0);
  g_assert_false (onair_emulator_get_recording (emulator));
  calls = onair_emulator_get_calls (emulator);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpuint (((OnairEmulatorCall *) calls->pdata[0])->status, ==, 0);
  g_assert_cmpuint (onair_emulator_get_tcp_connection_count (emulator), ==, 0);

  /* Once only */
  again = connect_greeted (emulator);
  tcp_client_request (again, "FUNCTION StartRecording", "FUNCTION OK Completed");
  g_assert_true (onair_emulator_get_recording (emulator));
}

/* A closed TCP port while HTTP answers; started again on the same port. */
static void
test_stop_tcp (Fixture       *fixture,
               gconstpointer  data)
{
  OnairEmulator *emulator = fixture->emulator;
  guint port = onair_emulator_get_tcp_port (emulator);
  g_autoptr(TcpClient) client = connect_greeted (emulator);
  g_autoptr(TcpClient) again = NULL;
  g_autoptr(GSocketConnection) refused = NULL;
  g_autoptr(GSocketConnection) refused_again = NULL;
  g_autoptr(TestReply) state = NULL;
  g_autoptr(GError) error = NULL;

  onair_emulator_stop_tcp (emulator);
  tcp_client_receive (client);
  g_assert_true (client->eof);
  refused = tcp_client_try_connect (port, &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);
  state = http_get (fixture, "");
  g_assert_cmpuint (state->status, ==, 200);
  g_assert_cmpuint (onair_emulator_get_tcp_port (emulator), ==, port);

  g_assert_true (onair_emulator_start_tcp (emulator, port, &error));
  g_assert_no_error (error);
  again = connect_greeted (emulator);
  tcp_client_request (again, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  http_call (fixture, "Function=StartRecording");
  tcp_client_expect (again, "ACTS OK Recording 1");

  /* Stopping the emulator stops both. */
  onair_emulator_stop (emulator);
  tcp_client_receive (again);
  g_assert_true (again->eof);
  refused_again = tcp_client_try_connect (port, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/onair/emulator/tcp/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("version-on-connect", test_version_on_connect);
  ADD ("function", test_function);
  ADD ("xml", test_xml);
  ADD ("tally", test_tally);
  ADD ("acts-pushed", test_acts_pushed);
  ADD ("no-push-without-change", test_no_push_without_change);
  ADD ("unsubscribe", test_unsubscribe);
  ADD ("acts-query", test_acts_query);
  ADD ("ping-quit-unknown", test_ping_quit_unknown);
  ADD ("split", test_split);
  ADD ("reset", test_reset);
  ADD ("stop-tcp", test_stop_tcp);
  g_test_add_func ("/onair/emulator/tcp/acts-real-clock-drop", test_acts_real_clock_drop);

  return g_test_run ();
}
