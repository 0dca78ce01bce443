/* SPDX-License-Identifier: GPL-3.0-or-later */
/* onair-vmix commands: usage, no connection, record, call and stream — and stream keys
 * never printed. */
#include "config.h"

#include "onair-vmix-run.h"

#define TEST_KEY         "live_cli_canary_4d2e8b91c7"
#define DESTINATION_NAME "CLI test server"
#define DESTINATION_URL  "rtmp://ingest.example.net/live"

static void
test_no_connection (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  Fixture fixture = { 0 };

  /* A port that was just free: nothing listens there any more. */
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  onair_emulator_stop (emulator);
  fixture.emulator = emulator;
  fixture.port = g_strdup_printf ("%u", onair_emulator_get_port (emulator));

  run = run_at (&fixture, "status", "--json", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (&fixture, "record", "start", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (&fixture, "call", "Fade", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (&fixture, "stream", "stop", "1", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);

  g_free (fixture.port);
}

static void
test_usage (void)
{
  static const char * const cases[][8] = {
    { NULL },
    { "frobnicate", NULL },
    { "status", "extra", NULL },
    { "status", "--bogus", NULL },
    { "status", "--port", "70000", NULL },
    { "status", "--port", "http", NULL },
    { "status", "--file", "x.xml", "--host", "vmix.local", NULL },
    { "stream", NULL },
    { "stream", "start", NULL },
    { "stream", "go", "1", NULL },
    { "stream", "start", "0", NULL },
    { "stream", "start", "two", NULL },
    { "stream", "start", "1", "2", NULL },
    { "stream", "stop", "1", "--destination", "Twitch", NULL },
    { "stream", "start", "1", "--timeout", "0", NULL },
    { "record", NULL },
    { "record", "pause", NULL },
    { "call", NULL },
    { "call", "Fade", "Duration", NULL },
    { "call", "Fade", "=500", NULL },
    { "status", "--host-profile", "", NULL },
    { "status", "--host-profile", "Main", "--host", "vmix.local", NULL },
    { "record", "start", "--host-profile", "Main", "--port", "8088", NULL },
    { "status", "--file", "x.xml", "--host-profile", "Main", NULL },
    { "fleet", NULL },
    { "fleet", "go", NULL },
    { "fleet", "status", "extra", NULL },
    { "fleet", "status", "--host", "vmix.local", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(CliRun) run = NULL;

      for (guint j = 0; cases[i][j] != NULL; j++)
        g_ptr_array_add (args, g_strdup (cases[i][j]));
      run = run_argv (args);
      g_assert_cmpint (run->status, ==, EXIT_USAGE);
      g_assert_cmpstr (run->out, ==, "");
      g_assert_cmpstr (run->err, !=, "");
    }

  /* --help, for the tool and for each command, is not an error. */
  {
    static const char * const commands[] = { "status", "stream", "record", "call" };
    g_autoptr(CliRun) run = run_cli ("--help", NULL);

    g_assert_cmpint (run->status, ==, EXIT_OK);
    g_assert_nonnull (strstr (run->out, "onair-vmix stream start|stop N"));
    g_assert_nonnull (strstr (run->out, "onair-vmix fleet status [--json]"));
    g_assert_nonnull (strstr (run->out, "--host-profile NAME"));
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_autoptr(CliRun) help = run_cli (commands[i], "--help", NULL);
        g_autofree char *usage = g_strdup_printf ("onair-vmix %s", commands[i]);

        g_assert_cmpint (help->status, ==, EXIT_OK);
        g_assert_nonnull (strstr (help->out, usage));
        g_assert_nonnull (strstr (help->out, "--port"));
        g_assert_nonnull (strstr (help->out, "--host-profile"));
      }
  }
  {
    g_autoptr(CliRun) help = run_cli ("fleet", "status", "--help", NULL);
    g_autoptr(CliRun) fleet_help = run_cli ("fleet", "--help", NULL);

    g_assert_cmpint (help->status, ==, EXIT_OK);
    g_assert_nonnull (strstr (help->out, "onair-vmix fleet status"));
    g_assert_nonnull (strstr (help->out, "--json"));
    g_assert_cmpint (fleet_help->status, ==, EXIT_OK);
    g_assert_nonnull (strstr (fleet_help->out, "onair-vmix fleet status"));
  }
}

static void
test_record (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  run = run_at (fixture, "record", "start", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (onair_emulator_get_recording (fixture->emulator));
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartRecording"), ==, 1);

  /* Already recording: the controller refuses before sending anything. */
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "record", "start", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartRecording"), ==, 1);

  onair_emulator_advance (fixture->emulator, 65);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "record", "stop", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "0:01:05"));
  g_assert_false (onair_emulator_get_recording (fixture->emulator));
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StopRecording"), ==, 1);

  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "record", "stop", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StopRecording"), ==, 1);
}

static OnairEmulatorCall *
last_call (OnairEmulator *emulator,
           const char    *function)
{
  GPtrArray *calls = onair_emulator_get_calls (emulator);

  for (guint i = calls->len; i > 0; i--)
    {
      OnairEmulatorCall *call = g_ptr_array_index (calls, i - 1);

      if (g_str_equal (call->function, function))
        return call;
    }
  return NULL;
}

static void
test_call (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  OnairEmulatorCall *call;

  run = run_at (fixture, "call", "Fade", "Duration=500", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  call = last_call (fixture->emulator, "Fade");
  g_assert_nonnull (call);
  g_assert_cmpuint (call->status, ==, 200);
  g_assert_cmpuint (g_hash_table_size (call->params), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Duration"), ==, "500");

  /* A value with spaces, = and & arrives intact. */
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "call", "SetText", "Input=1", "Value=a b=c&d", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  call = last_call (fixture->emulator, "SetText");
  g_assert_nonnull (call);
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Input"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Value"), ==, "a b=c&d");
}

static void
test_call_unknown (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  OnairEmulatorCall *call;

  /* vMix answers 500 to a function it does not know. */
  run = run_at (fixture, "call", "NoSuchFunction", "Value=1", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_nonnull (strstr (run->err, "NoSuchFunction"));
  call = last_call (fixture->emulator, "NoSuchFunction");
  g_assert_nonnull (call);
  g_assert_cmpuint (call->status, ==, 500);

  /* Not a function name at all: the controller refuses before sending anything. */
  g_clear_pointer (&run, cli_run_free);
  onair_emulator_clear_calls (fixture->emulator);
  run = run_at (fixture, "call", "Fade;Cut", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
}

/* Saves a destination in the app's settings and its key in the keyring, as the app does. */
static void
add_destination (const char *name,
                 const char *url,
                 const char *key)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OnairDestinationList) list = onair_destination_list_new ();
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();

  onair_destination_set_name (destination, name);
  onair_destination_set_server_url (destination, url);
  if (key != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      onair_destination_store_key_async (destination, secrets, key, NULL, result_cb, &result);
      g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result),
                                                         &error));
      g_assert_no_error (error);
    }

  onair_destination_list_load (list, settings);
  onair_destination_list_add (list, destination);
  g_assert_true (onair_destination_list_save (list, settings));
  /* The keyfile backend writes asynchronously; the binary must see the file. */
  g_settings_sync ();
}

static void
assert_no_key (CliRun *run)
{
  g_assert_null (strstr (run->out, TEST_KEY));
  g_assert_null (strstr (run->err, TEST_KEY));
}

/* Custom calls carrying a stream key Onair holds: the key reaches vMix as asked, and
 * nothing else: not the debug log, not stdout or stderr, whatever the function is called. */
static void
test_call_secret (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *indexed = g_strdup_printf ("Value=0,%s", TEST_KEY);
  g_autofree char *plain = g_strdup_printf ("Value=%s", TEST_KEY);
  g_autofree char *in_url = g_strdup_printf ("Value=1,rtmp://a.example.net/app/%s", TEST_KEY);
  const char *calls[][2] = {
    { "streamingSetKey", indexed },   /* vMix's name in another case */
    { "STREAMINGSETKEY", indexed },
    { "SetText", plain },             /* any function, the key as its value */
    { "StreamingSetURL", in_url },
    { "NoSuchFunction", plain },      /* unknown to vMix: an error, still no key */
  };
  g_autoptr(CliRun) refused = NULL;

  /* A name of its own: the settings are shared with the tests that follow. */
  add_destination ("CLI secret test server", DESTINATION_URL, TEST_KEY);
  with_debug_log = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(CliRun) run = run_at (fixture, "call", calls[i][0], calls[i][1], NULL);

      g_autofree char *output = g_strconcat (run->out, run->err, NULL);

      assert_no_key (run);
      /* The call was logged (GLib writes debug messages to stdout), without its value. */
      g_assert_nonnull (strstr (output, calls[i][0]));
      g_assert_nonnull (strstr (output, "<redacted>"));
    }
  with_debug_log = FALSE;
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "SetText"), ==, 1);

  /* The key where the function's name goes: refused, nothing sent, not echoed. */
  onair_emulator_clear_calls (fixture->emulator);
  refused = run_at (fixture, "call", TEST_KEY, "Value=1", NULL);
  assert_no_key (refused);
  assert_failed (refused, EXIT_FAILED);
  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
}

static void
test_stream_destination (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *key_value = g_strdup_printf ("1,%s", TEST_KEY);
  OnairEmulatorCall *call;
  JsonArray *streams;

  add_destination (DESTINATION_NAME, DESTINATION_URL, TEST_KEY);

  /* "stream 2" is vMix's second stream: channel 1. */
  run = run_at (fixture, "stream", "start", "2", "--destination", DESTINATION_NAME, NULL);
  assert_no_key (run);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, DESTINATION_NAME));
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 0));
  g_assert_cmpstr (onair_emulator_get_stream_url (fixture->emulator, 1), ==, DESTINATION_URL);
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->emulator, 1), ==, TEST_KEY);
  call = last_call (fixture->emulator, "StreamingSetKey");
  g_assert_nonnull (call);
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Value"), ==, key_value);
  call = last_call (fixture->emulator, "StartStreaming");
  g_assert_nonnull (call);
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Value"), ==, "1");

  /* status --json shows it at index 1. */
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "status", "--json", NULL);
  assert_no_key (run);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  status = parse_object (run->out);
  assert_status_members (status, fixture->emulator);
  streams = json_object_get_array_member (status, "streams");
  g_assert_false (json_array_get_boolean_element (streams, 0));
  g_assert_true (json_array_get_boolean_element (streams, 1));

  /* Already live: refused. */
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "start", "2", "--destination", DESTINATION_NAME, NULL);
  assert_no_key (run);
  assert_failed (run, EXIT_FAILED);

  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "stop", "2", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 1));
  call = last_call (fixture->emulator, "StopStreaming");
  g_assert_nonnull (call);
  g_assert_cmpstr (g_hash_table_lookup (call->params, "Value"), ==, "1");

  /* A destination without a key in the keyring. */
  add_destination ("Keyless", "rtmp://keyless.example.net/live", NULL);
  onair_emulator_clear_calls (fixture->emulator);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "start", "1", "--destination", "Keyless", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_nonnull (strstr (run->err, "Keyless"));
  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
}

static void
test_stream_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  add_destination (DESTINATION_NAME " 2", DESTINATION_URL, TEST_KEY);
  onair_emulator_clear_calls (fixture->emulator);

  /* vMix 28 has five streams: there is no stream 9, with or without a destination. */
  run = run_at (fixture, "stream", "start", "9", "--destination", DESTINATION_NAME " 2", NULL);
  assert_no_key (run);
  assert_failed (run, EXIT_FAILED);
  g_assert_nonnull (strstr (run->err, "9"));
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "start", "9", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_nonnull (strstr (run->err, "9"));
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "stop", "9", NULL);
  assert_failed (run, EXIT_FAILED);

  /* Not live, and a destination nobody set up. */
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "stop", "1", NULL);
  assert_failed (run, EXIT_FAILED);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "start", "1", "--destination", "Nowhere TV", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_nonnull (strstr (run->err, "Nowhere TV"));

  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
}

/* Without --destination, the stream uses what vMix's Streaming settings hold. */
static void
test_stream_configured (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  /* Nothing set up in vMix for stream 3: it does not go live. */
  run = run_at (fixture, "stream", "start", "3", "--timeout", "1", NULL);
  assert_failed (run, EXIT_FAILED);
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 2));

  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "call", "StreamingSetURL", "Value=2,rtmp://vmix.example.net/app", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "call", "StreamingSetKey", "Value=2,configured-in-vmix", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);

  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "stream", "start", "3", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 2));
  g_assert_cmpstr (g_hash_table_lookup (last_call (fixture->emulator, "StartStreaming")->params,
                                        "Value"), ==, "2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/onair-vmix/no-connection", test_no_connection);
  g_test_add_func ("/onair/onair-vmix/usage", test_usage);
  g_test_add ("/onair/onair-vmix/record", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_record, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/call/fade", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_call, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/call/unknown", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_call_unknown, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/call/secret", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_call_secret, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/stream/destination", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_stream_destination, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/stream/invalid", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_stream_invalid, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/stream/configured", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_stream_configured, fixture_tear_down);
  return g_test_run ();
}
