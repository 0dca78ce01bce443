/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Emulator: the API's paths, function names, values, call log, authentication and clocks. */
#include "config.h"

#include "emulator-fixture.h"

static void
test_api_paths (Fixture       *fx,
                gconstpointer  data)
{
  const char *paths[] = { "/api", "/api/", "/API/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestReply) reply = get_path (fx, paths[i]);
      g_autofree char *body = test_reply_text (reply);
      g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

      g_test_message ("GET %s: %u", paths[i], reply->status);
      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
      g_assert_nonnull (doc);
    }

  {
    g_autoptr(TestReply) reply = get_path (fx, "/elsewhere");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_NOT_FOUND);
  }
}

static void
test_unknown_function (Fixture       *fx,
                       gconstpointer  data)
{
  const char *names[] = { "NoSuchFunction", "startstreaming", "SetOutput", "SetRecordingFilename" };
  GPtrArray *calls;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TestReply) reply = call (fx, names[i], "Value", "1", NULL);
      g_autofree char *body = test_reply_text (reply);

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      g_assert_cmpstr (body, !=, "");
    }

  calls = onair_emulator_get_calls (fx->emulator);
  g_assert_cmpuint (calls->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < calls->len; i++)
    {
      OnairEmulatorCall *c = g_ptr_array_index (calls, i);

      g_assert_cmpstr (c->function, ==, names[i]);
      g_assert_cmpuint (c->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    }

  {
    g_autoptr(TestReply) reply = call (fx, "Cut", NULL);
    g_autofree char *body = test_reply_text (reply);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_cmpstr (body, !=, "");
  }
}

/* vmix-api.md: a known function with a value it cannot use answers 200 and does nothing. */
static void
test_unusable_value (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *before = onair_emulator_render_xml (fx->emulator);
  g_autofree char *after = NULL;

  call_ok (fx, "StreamingSetURL", "Value", "0,rtmp://a.example/live", NULL);
  call_ok (fx, "StreamingSetKey", "Value", "0,abc", NULL);
  g_free (before);
  before = onair_emulator_render_xml (fx->emulator);

  call_ok (fx, "StartStreaming", "Value", "first", NULL);
  call_ok (fx, "StartStreaming", "Value", "9", NULL);
  call_ok (fx, "StartSRTOutput", "Value", "12", NULL);
  call_ok (fx, "SetVolume", "Input", "1", "Value", "250", NULL);
  call_ok (fx, "PreviewInput", "Input", "99", NULL);
  call_ok (fx, "ActiveInput", "Input", "No Such Title", NULL);
  call_ok (fx, "SetMasterVolume", "Value", "loud", NULL);
  call_ok (fx, "WriteDurationToRecordingLog", "Value", "not recording", NULL);

  after = onair_emulator_render_xml (fx->emulator);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (onair_emulator_get_stream_live (fx->emulator, 0));
  g_assert_cmpuint (onair_emulator_get_recording_log (fx->emulator)->len, ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "StartStreaming"), ==, 2);
}

/* vMix lists MasterAudioOn and MasterAudioOff: other spellings are unknown functions. */
static void
test_function_names (Fixture       *fx,
                     gconstpointer  data)
{
  const char *unknown[] = { "MasterAudioON", "MasterAudioOFF", "startstreaming" };

  call_ok (fx, "MasterAudioOff", NULL);
  call_ok (fx, "MasterAudioOn", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(TestReply) reply = call (fx, unknown[i], NULL);

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    }
}

static void
test_clock (Fixture       *fx,
            gconstpointer  data)
{
  OnairEmulatorCall *c;

  g_assert_cmpint (onair_emulator_get_time (fx->emulator), ==, ONAIR_EMULATOR_TEST_EPOCH);
  call_ok (fx, "Cut", NULL);
  onair_emulator_advance (fx->emulator, 3600 * 5);
  g_assert_cmpint (onair_emulator_get_time (fx->emulator), ==, ONAIR_EMULATOR_TEST_EPOCH + 18000);
  call_ok (fx, "Cut", NULL);

  c = g_ptr_array_index (onair_emulator_get_calls (fx->emulator), 0);
  g_assert_cmpint (c->time_s, ==, ONAIR_EMULATOR_TEST_EPOCH);
  c = g_ptr_array_index (onair_emulator_get_calls (fx->emulator), 1);
  g_assert_cmpint (c->time_s, ==, ONAIR_EMULATOR_TEST_EPOCH + 18000);
}

static void
test_real_clock (void)
{
  g_autoptr(OnairEmulator) emu = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (ABS (onair_emulator_get_time (emu) - now), <=, 1);
}

static void
test_calls (Fixture       *fx,
            gconstpointer  data)
{
  GPtrArray *calls = onair_emulator_get_calls (fx->emulator);
  OnairEmulatorCall *c;

  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  call_ok (fx, "Fade", "Input", "Cam 2", "Duration", "1000", "Mix", "0", NULL);
  {
    g_autoptr(TestReply) reply = call (fx, "Bogus", "Value", "x", NULL);
  }
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
  }

  /* The state request is no call. */
  g_assert_cmpuint (calls->len, ==, 3);
  c = g_ptr_array_index (calls, 0);
  g_assert_cmpstr (c->function, ==, "StartStreaming");
  g_assert_cmpuint (g_hash_table_size (c->params), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Value"), ==, "1");
  g_assert_cmpuint (c->status, ==, 200);

  c = g_ptr_array_index (calls, 1);
  g_assert_cmpuint (g_hash_table_size (c->params), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Input"), ==, "Cam 2");
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Duration"), ==, "1000");
  g_assert_null (g_hash_table_lookup (c->params, "Function"));

  c = g_ptr_array_index (calls, 2);
  g_assert_cmpuint (c->status, ==, 500);

  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "Fade"), ==, 1);
  g_assert_cmpuint (onair_emulator_get_request_count (fx->emulator), ==, 4);
  onair_emulator_clear_calls (fx->emulator);
  g_assert_cmpuint (onair_emulator_get_calls (fx->emulator)->len, ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "Fade"), ==, 0);
}

static TestReply *
get_with_auth (Fixture    *fx,
               const char *user,
               const char *password)
{
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api", NULL);
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;

  if (user != NULL)
    {
      pair = g_strconcat (user, ":", password, NULL);
      encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      header = g_strconcat ("Basic ", encoded, NULL);
    }

  return test_http_get (fx->session, uri, header, SOUP_MESSAGE_NEW_CONNECTION);
}

static void
test_auth (Fixture       *fx,
           gconstpointer  data)
{
  onair_emulator_set_credentials (fx->emulator, "admin", "s3cret");

  {
    g_autoptr(TestReply) reply = get_with_auth (fx, NULL, NULL);
    SoupMessageHeaders *headers = soup_message_get_response_headers (reply->msg);
    const char *challenge = soup_message_headers_get_one (headers, "WWW-Authenticate");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_cmpstr (challenge, ==, "Basic realm=\"vMix\"");
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "admin", "wrong");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "someone", "s3cret");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "admin", "s3cret");
    g_autofree char *body = test_reply_text (reply);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_true (g_str_has_prefix (body, "<vmix>"));
  }

  /* Password only: any user name. */
  onair_emulator_set_credentials (fx->emulator, NULL, "s3cret");
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "anyone", "s3cret");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  }

  onair_emulator_set_credentials (fx->emulator, NULL, NULL);
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  }
}

int
main (int   argc,
      char *argv[])
{
  const int v28 = ONAIR_EMULATOR_PROFILE_VMIX28;

  g_test_init (&argc, &argv, NULL);

  ADD ("/onair/emulator/api/function-names", v28, test_function_names);
  ADD ("/onair/emulator/api/paths", v28, test_api_paths);
  ADD ("/onair/emulator/api/unknown-function", v28, test_unknown_function);
  ADD ("/onair/emulator/api/unusable-value", v28, test_unusable_value);
  ADD ("/onair/emulator/api/calls", v28, test_calls);
  ADD ("/onair/emulator/api/auth", v28, test_auth);
  ADD ("/onair/emulator/clock/test", v28, test_clock);
  g_test_add_func ("/onair/emulator/clock/real", test_real_clock);
  return g_test_run ();
}
