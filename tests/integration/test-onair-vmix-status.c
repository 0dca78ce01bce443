/* SPDX-License-Identifier: GPL-3.0-or-later */
/* onair-vmix status: JSON and text for each vMix version, with a password, and from a
 * saved status file. */
#include "config.h"

#include "onair-vmix-run.h"

static void
emulator_call (Fixture    *fixture,
               const char *function)
{
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                  FALSE, &error);
  g_assert_no_error (error);
  onair_vmix_client_call_async (client, function, NULL, NULL, result_cb, &result);
  answer = onair_vmix_client_call_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
}

static void
emulator_call_value (Fixture    *fixture,
                     const char *function,
                     const char *value)
{
  call_emulator (fixture->emulator, function, value);
}

static void
test_status_json_vmix28 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonArray *outputs;
  JsonArray *files;

  run = run_at (fixture, "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  status = parse_object (run->out);
  assert_status_members (status, fixture->emulator);
  g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 5);
  g_assert_false (json_object_get_boolean_member (status, "recording"));
  g_assert_true (JSON_NODE_HOLDS_NULL (member (status, "recording_duration_s")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status,
                                                                         "recording_files")),
                    ==, 0);
  g_assert_false (JSON_NODE_HOLDS_NULL (member (status, "master_meters")));

  /* vMix 28's <outputs>: the Output-type outputs, numbered from 1. */
  outputs = json_object_get_array_member (status, "srt_outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==,
                    onair_emulator_get_srt_output_count (fixture->emulator));
  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      JsonObject *output = json_array_get_object_element (outputs, i);

      g_assert_cmpuint (json_object_get_size (output), ==, 2);
      assert_member_type (output, "number", G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (output, "number"), ==, i + 1);
      assert_member_type (output, "srt", G_TYPE_BOOLEAN);
      g_assert_cmpint (json_object_get_boolean_member (output, "srt"), ==,
                       onair_emulator_get_srt_output (fixture->emulator, i));
    }

  /* Recording: duration in whole seconds and the file names vMix reports. */
  emulator_call (fixture, "StartRecording");
  onair_emulator_advance (fixture->emulator, 42);
  g_clear_pointer (&run, cli_run_free);
  g_clear_pointer (&status, json_object_unref);
  run = run_at (fixture, "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  status = parse_object (run->out);
  assert_status_members (status, fixture->emulator);
  g_assert_true (json_object_get_boolean_member (status, "recording"));
  assert_member_type (status, "recording_duration_s", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (status, "recording_duration_s"), ==, 42);
  files = json_object_get_array_member (status, "recording_files");
  g_assert_cmpuint (json_array_get_length (files), >=, 1);
  g_assert_cmpstr (json_array_get_string_element (files, 0), !=, "");
}

static void
test_status_json_vmix26 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonArray *outputs;

  run = run_at (fixture, "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  status = parse_object (run->out);
  assert_status_members (status, fixture->emulator);
  g_assert_cmpstr (json_object_get_string_member (status, "version"), ==,
                   onair_emulator_get_version (fixture->emulator));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (status, "version"), "26."));
  g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "streams")),
                    ==, 3);
  /* No <outputs> before vMix 28: outputs 1–4 exist, their SRT state is not reported. */
  outputs = json_object_get_array_member (status, "srt_outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *output = json_array_get_object_element (outputs, i);

      g_assert_cmpint (json_object_get_int_member (output, "number"), ==, i + 1);
      g_assert_true (json_object_get_null_member (output, "srt"));
    }
}

/* vMix 21: live, but which stream is not reported: null, never false. */
static void
test_status_json_vmix21 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) status = NULL;
  JsonArray *streams;

  emulator_call_value (fixture, "StreamingSetURL", "0,rtmp://a.example.net/app");
  emulator_call_value (fixture, "StreamingSetKey", "0,key");
  emulator_call_value (fixture, "StartStreaming", "0");
  run = run_at (fixture, "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  status = parse_object (run->out);
  assert_status_members (status, fixture->emulator);
  g_assert_true (json_object_get_boolean_member (status, "streaming"));
  g_assert_false (json_object_get_boolean_member (status, "streams_reported"));
  streams = json_object_get_array_member (status, "streams");
  g_assert_cmpuint (json_array_get_length (streams), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (json_array_get_null_element (streams, i));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "srt_outputs")),
                    ==, 0);

  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run->out,
                            "Streams: streaming — channel not reported by this vMix\n"));
}

static void
test_status_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  run = run_at (fixture, "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, onair_emulator_get_version (fixture->emulator)));
  g_assert_nonnull (strstr (run->out, "Streams: 1 off, 2 off, 3 off, 4 off, 5 off\n"));
  g_assert_nonnull (strstr (run->out, "Recording: off\n"));
}

static void
store_vmix_password (const char *password)
{
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_secret_store_store_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, "127.0.0.1", NULL,
                                  password, NULL, result_cb, &result);
  g_assert_true (onair_secret_store_store_finish (secrets, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* The Web Controller's user name comes from the settings, its password from the keyring. */
static void
test_status_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CliRun) run = NULL;

  onair_emulator_set_credentials (fixture->emulator, "producer", "s3cret-vmix-pw");

  run = run_at (fixture, "status", "--json", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);

  g_settings_set_string (settings, "username", "producer");
  g_settings_sync ();
  store_vmix_password ("s3cret-vmix-pw");
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "call", "Fade", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "s3cret-vmix-pw"));
  g_assert_null (strstr (run->err, "s3cret-vmix-pw"));

  store_vmix_password ("wrong");
  g_clear_pointer (&run, cli_run_free);
  run = run_at (fixture, "status", NULL);
  assert_failed (run, EXIT_NO_CONNECTION);

  g_settings_reset (settings, "username");
  g_settings_sync ();
}

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("onair-vmix-state-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_status_file (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX26);
  g_autofree char *xml = onair_emulator_render_xml (emulator);
  g_autofree char *with_declaration = NULL;
  g_autofree char *path = NULL;
  g_autofree char *declared_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) status = NULL;

  /* The emulator never listens: the document is read offline. */
  path = write_temp (xml);
  run = run_cli ("status", "--file", path, "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  status = parse_object (run->out);
  assert_status_members (status, emulator);
  g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 3);
  g_assert_cmpuint (onair_emulator_get_request_count (emulator), ==, 0);

  /* A saved vMix 28 document with an XML declaration and CRLF line ends. */
  g_clear_pointer (&run, cli_run_free);
  g_clear_pointer (&status, json_object_unref);
  with_declaration = g_strconcat ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
                                  "<vmix>\r\n<version>28.0.0.39</version>\r\n"
                                  "<edition>Pro</edition>\r\n"
                                  "<recording duration=\"515\" filename1=\"D:\\Rec\\show.mp4\">"
                                  "True</recording>\r\n"
                                  "<streaming channel2=\"True\">True</streaming>\r\n"
                                  "<outputs><output type=\"Output\" number=\"1\" source=\"Output\" "
                                  "ndi=\"False\" srt=\"True\"/>"
                                  "<output type=\"External2\" number=\"1\" source=\"Input\" "
                                  "ndi=\"False\" srt=\"False\"/></outputs>\r\n"
                                  "</vmix>\r\n", NULL);
  declared_path = write_temp (with_declaration);
  run = run_cli ("status", "--file", declared_path, "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  status = parse_object (run->out);
  g_assert_cmpstr (json_object_get_string_member (status, "edition"), ==, "Pro");
  g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 5);
  g_assert_false (json_array_get_boolean_element (json_object_get_array_member (status, "streams"),
                                                  0));
  g_assert_true (json_array_get_boolean_element (json_object_get_array_member (status, "streams"),
                                                 1));
  g_assert_cmpint (json_object_get_int_member (status, "recording_duration_s"), ==, 515);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (status, "recording_files"), 0),
                   ==, "D:\\Rec\\show.mp4");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "srt_outputs")),
                    ==, 1);
  g_assert_true (JSON_NODE_HOLDS_NULL (member (status, "master_meters")));

  /* Human output of the same file. */
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("status", "--file", declared_path, NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_nonnull (strstr (run->out, "Streams: 1 off, 2 live, 3 off, 4 off, 5 off\n"));
  g_assert_nonnull (strstr (run->out, "Recording: on for 0:08:35\n"));

  /* Not a vMix document, and no file at all. */
  g_clear_pointer (&run, cli_run_free);
  bad_path = write_temp ("<html><body>not vMix</body></html>");
  run = run_cli ("status", "--file", bad_path, "--json", NULL);
  assert_failed (run, EXIT_FAILED);
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("status", "--file", "/nonexistent/onair-state.xml", NULL);
  assert_failed (run, EXIT_FAILED);

  g_unlink (path);
  g_unlink (declared_path);
  g_unlink (bad_path);
}

/* Saved documents in the spellings real vMix uses, read offline. */
static void
test_status_file_spellings (void)
{
  static const struct
  {
    const char *xml;
    const char *expect[8];   /* substrings of the JSON output */
  } documents[] = {
    /* vMix 27 idle: a bare <streaming>False</streaming>, decimal volumes. */
    { "<vmix>\r\n<version>27.0.0.49</version>\r\n<edition>4K</edition>\r\n"
      "<inputs>\r\n<input key=\"k\" number=\"1\" type=\"Capture\" title=\"Cam\" "
      "volume=\"59.96953\" gainDb=\"0\" soloPFL=\"False\">Cam</input>\r\n</inputs>\r\n"
      "<overlays><overlay number=\"1\" /><overlay number=\"2\"></overlay></overlays>\r\n"
      "<preview>1</preview>\r\n<active>1</active>\r\n<fadeToBlack>True</fadeToBlack>\r\n"
      "<streaming>False</streaming>\r\n"
      "<audio>\r\n<master volume=\"100\" muted=\"False\" meterF1=\"1.229964E-05\" "
      "meterF2=\"0.2906\" headphonesVolume=\"74.80521\" />\r\n"
      "<busA volume=\"59.96953\" muted=\"True\" meterF1=\"0\" meterF2=\"0\" />\r\n"
      "</audio>\r\n<dynamic><input1></input1><value1></value1></dynamic>\r\n</vmix>\r\n",
      { "\"streaming\": false", "\"streams\": [\n    false,\n    false,\n    false\n  ]",
        "\"fade_to_black\": true", "\"headphones_volume\": 74.80521",
        "\"meters\": [\n      1.229964e-05,\n      0.2906\n    ]",
        "\"A\": {\n      \"volume\": 59.96953,\n      \"muted\": true", "\"input_count\": 1",
        NULL } },
    /* vMix 21 live: no channel attributes. */
    { "<vmix><version>21.0.0.55</version><edition>HD</edition><streaming>True</streaming>"
      "<audio><master volume=\"NaN\" muted=\"True\" meterF1=\"NaN\" meterF2=\"-Infinity\"/>"
      "</audio></vmix>",
      { "\"streaming\": true", "\"streams\": [\n    null,\n    null,\n    null\n  ]",
        "\"volume\": null", "\"meters\": [\n      0,\n      0\n    ]", "\"srt_outputs\": []",
        "\"fade_to_black\": null", "\"active\": null", NULL } },
    /* vMix 29: outputs in lower case and of types Onair does not know. */
    { "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<vmix><version>29.0.0.10</version>"
      "<streaming channel4=\"True\">True</streaming><outputs>"
      "<output type=\"output\" number=\"1\" source=\"Output\" ndi=\"False\" srt=\"True\" />"
      "<output type=\"mix\" number=\"2\" source=\"Output\" ndi=\"False\" srt=\"False\" />"
      "<output type=\"omt\" number=\"1\" source=\"Output\" ndi=\"False\" srt=\"False\" />"
      "</outputs></vmix>",
      { "\"stream_count\": 5", "\"streams\": [\n    false,\n    false,\n    false,\n    true,",
        "\"srt_outputs\": [\n    {\n      \"number\": 1,\n      \"srt\": true\n    }\n  ]",
        NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *path = write_temp (documents[i].xml);
      g_autoptr(CliRun) run = run_cli ("status", "--file", path, "--json", NULL);
      g_autoptr(JsonObject) status = NULL;

      g_test_message ("document %u:\n%s", i, run->out);
      g_assert_cmpint (run->status, ==, EXIT_OK);
      status = parse_object (run->out);
      g_assert_null (strstr (run->out, "nan"));
      for (guint j = 0; documents[i].expect[j] != NULL; j++)
        g_assert_nonnull (strstr (run->out, documents[i].expect[j]));
      g_unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/onair-vmix/status/json-vmix28", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_status_json_vmix28, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/status/json-vmix26", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX26),
              fixture_set_up, test_status_json_vmix26, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/status/text", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_status_text, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/status/auth", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX28),
              fixture_set_up, test_status_auth, fixture_tear_down);
  g_test_add ("/onair/onair-vmix/status/json-vmix21", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX21),
              fixture_set_up, test_status_json_vmix21, fixture_tear_down);
  g_test_add_func ("/onair/onair-vmix/status/file", test_status_file);
  g_test_add_func ("/onair/onair-vmix/status/file-spellings", test_status_file_spellings);
  return g_test_run ();
}
