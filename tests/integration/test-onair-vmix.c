/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

#include "core/destinations/onair-destination-list.h"
#include "core/show/onair-host-profile.h"
#include "core/vmix/onair-vmix-client.h"
#include "emulator/onair-emulator.h"

/* Runs the built onair-vmix binary (ONAIR_VMIX_BIN) against the emulator in this process.
 * The emulator answers from this process's main context, so the binary runs asynchronously
 * while the test iterates it. Settings and keyring are the sandbox's (build-aux/dev test):
 * GSETTINGS_BACKEND=keyfile in a private XDG_CONFIG_HOME, and an unlocked
 * gnome-keyring-daemon on a private session bus; the binary inherits both. */

#define TEST_KEY         "live_cli_canary_4d2e8b91c7"
#define DESTINATION_NAME "CLI test server"
#define DESTINATION_URL  "rtmp://ingest.example.net/live"

/* Exit codes of onair-vmix. */
#define EXIT_OK            0
#define EXIT_FAILED        1
#define EXIT_USAGE         2
#define EXIT_NO_CONNECTION 3

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

typedef struct
{
  OnairEmulator *emulator;
  char          *port;
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
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}

/* Whether onair-vmix runs with its debug messages on stderr. */
static gboolean with_debug_log;

static CliRun *
run_argv (GPtrArray *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  const char *binary = g_getenv ("ONAIR_VMIX_BIN");

  g_assert_nonnull (binary);
  g_ptr_array_insert (args, 0, g_strdup (binary));
  g_ptr_array_add (args, NULL);
  command = g_strjoinv (" ", (char **) args->pdata);
  g_test_message ("$ %s", command);

  /* The launcher inherits this process's environment: schema dir, settings backend,
   * session bus and keyring. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The messages checked below are the untranslated ones. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (with_debug_log)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, result_cb, &result);
  g_subprocess_communicate_utf8_finish (process, wait_for (&result), &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
  return run;
}

/* Runs onair-vmix with the arguments, NULL terminated. */
static CliRun *
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  return run_argv (args);
}

/* Runs onair-vmix against the fixture's emulator: COMMAND --host 127.0.0.1 --port P ARGS. */
static CliRun *
run_at (Fixture    *fixture,
        const char *command,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  g_ptr_array_add (args, g_strdup (command));
  g_ptr_array_add (args, g_strdup ("--host"));
  g_ptr_array_add (args, g_strdup ("127.0.0.1"));
  g_ptr_array_add (args, g_strdup ("--port"));
  g_ptr_array_add (args, g_strdup (fixture->port));
  va_start (ap, command);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  return run_argv (args);
}

/* One clear line on stderr, nothing on stdout. */
static void
assert_failed (CliRun *run,
               int     status)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "onair-vmix: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  if (status != EXIT_USAGE)
    g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (GPOINTER_TO_INT (data));
  onair_emulator_use_test_clock (fixture->emulator);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  fixture->port = g_strdup_printf ("%u", onair_emulator_get_port (fixture->emulator));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_emulator_stop (fixture->emulator);
  g_assert_finalize_object (fixture->emulator);
  g_free (fixture->port);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_member (object, name);
}

static void
assert_member_type (JsonObject *object,
                    const char *name,
                    GType       value_type)
{
  JsonNode *node = member (object, name);

  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (node) == value_type);
}

/* "master" and "buses" as the emulator writes them: decimal volumes read as such. */
static void
assert_master_and_buses (JsonObject *status)
{
  JsonObject *master = json_object_get_object_member (status, "master");
  JsonObject *buses = json_object_get_object_member (status, "buses");
  JsonObject *bus;

  g_assert_nonnull (master);
  g_assert_cmpfloat (json_object_get_double_member (master, "volume"), ==, 100);
  assert_member_type (master, "muted", G_TYPE_BOOLEAN);
  g_assert_cmpfloat (json_object_get_double_member (master, "headphones_volume"), ==, 74.80521);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (master, "meters")), ==, 2);
  g_assert_nonnull (buses);
  g_assert_cmpuint (json_object_get_size (buses), ==, 2);
  bus = json_object_get_object_member (buses, "A");
  g_assert_cmpfloat (json_object_get_double_member (bus, "volume"), ==, 59.96953);
  assert_member_type (bus, "muted", G_TYPE_BOOLEAN);
  bus = json_object_get_object_member (buses, "B");
  g_assert_cmpfloat (json_object_get_double_member (bus, "volume"), ==, 5.623413);
}

/* Every member the JSON output promises, with its type. */
static void
assert_status_members (JsonObject    *status,
                       OnairEmulator *emulator)
{
  static const char * const names[] = {
    "version", "edition", "streaming", "streams_reported", "stream_count", "streams",
    "recording", "recording_duration_s", "recording_files", "external", "multicorder",
    "fade_to_black", "active", "preview", "input_count", "srt_outputs", "master_meters",
    "master", "buses",
  };
  JsonArray *streams;
  JsonArray *files;
  JsonNode *duration;
  JsonNode *meters;

  g_assert_cmpuint (json_object_get_size (status), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (json_object_has_member (status, names[i]));

  assert_member_type (status, "version", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (status, "version"), ==,
                   onair_emulator_get_version (emulator));
  assert_member_type (status, "edition", G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (status, "edition"), ==,
                   onair_emulator_get_edition (emulator));
  assert_member_type (status, "stream_count", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==,
                   onair_emulator_get_stream_count (emulator));

  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (status, "streams")));
  streams = json_object_get_array_member (status, "streams");
  g_assert_cmpuint (json_array_get_length (streams), ==,
                    onair_emulator_get_stream_count (emulator));
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonNode *node = json_array_get_element (streams, i);

      /* null: vMix streams without saying which stream (vMix 21). */
      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_assert_false (json_object_get_boolean_member (status, "streams_reported"));
          g_assert_true (json_object_get_boolean_member (status, "streaming"));
          continue;
        }
      g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
      g_assert_cmpint (json_node_get_boolean (node), ==,
                       onair_emulator_get_stream_live (emulator, i));
    }
  assert_member_type (status, "streaming", G_TYPE_BOOLEAN);
  assert_member_type (status, "streams_reported", G_TYPE_BOOLEAN);
  assert_member_type (status, "fade_to_black", G_TYPE_BOOLEAN);
  assert_member_type (status, "active", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (status, "active"), ==,
                   onair_emulator_get_active_input (emulator));
  assert_member_type (status, "preview", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (status, "preview"), ==,
                   onair_emulator_get_preview_input (emulator));
  assert_member_type (status, "input_count", G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (status, "input_count"), >, 0);
  assert_master_and_buses (status);

  assert_member_type (status, "recording", G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (status, "recording"), ==,
                   onair_emulator_get_recording (emulator));
  duration = member (status, "recording_duration_s");
  g_assert_true (JSON_NODE_HOLDS_NULL (duration) ||
                 json_node_get_value_type (duration) == G_TYPE_INT64);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (status, "recording_files")));
  files = json_object_get_array_member (status, "recording_files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_assert_true (json_node_get_value_type (json_array_get_element (files, i)) == G_TYPE_STRING);

  assert_member_type (status, "external", G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (status, "external"), ==,
                   onair_emulator_get_external (emulator));
  assert_member_type (status, "multicorder", G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (status, "multicorder"), ==,
                   onair_emulator_get_multicorder (emulator));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (status, "srt_outputs")));

  meters = member (status, "master_meters");
  if (!JSON_NODE_HOLDS_NULL (meters))
    {
      JsonArray *pair = json_node_get_array (meters);

      g_assert_cmpuint (json_array_get_length (pair), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          JsonNode *node = json_array_get_element (pair, i);
          double level = json_node_get_double (node);

          g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
                         json_node_get_value_type (node) == G_TYPE_INT64);
          g_assert_cmpfloat (level, >=, 0.0);
          g_assert_cmpfloat (level, <=, 1.0);
        }
    }
}

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
call_emulator (OnairEmulator *emulator,
               const char    *function,
               const char    *value)
{
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const char *params[] = { "Value", value, NULL };

  client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (emulator), FALSE,
                                  &error);
  g_assert_no_error (error);
  onair_vmix_client_call_async (client, function, value != NULL ? params : NULL, NULL,
                                result_cb, &result);
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

/* ---- Saved hosts ------------------------------------------------------------------------- */

/* Two vMix hosts saved in the app's settings, "Main" (vMix 28, five streams) and "Backup"
 * (vMix 26, three streams), each a real emulator over HTTP. The "hosts" key is shared with
 * the other tests: teardown puts back what it held. */
typedef struct
{
  OnairEmulator *main;
  OnairEmulator *backup;
  char          *main_address;
  char          *backup_address;
  GVariant      *saved_hosts;
} FleetFixture;

#define BACKUP_ID "backup-1"

static OnairEmulator *
start_emulator (OnairEmulatorProfile profile)
{
  g_autoptr(GError) error = NULL;
  OnairEmulator *emulator = onair_emulator_new (profile);

  onair_emulator_use_test_clock (emulator);
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  return emulator;
}

/* Saves Main and Backup as the app does; Backup with @backup_username, if any. */
static void
save_hosts (FleetFixture *fixture,
            const char   *backup_username)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OnairHostProfile) main_host = NULL;
  g_autoptr(OnairHostProfile) backup_host = NULL;
  GVariantBuilder builder;

  main_host = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                      onair_emulator_get_port (fixture->main), FALSE, NULL);
  backup_host = onair_host_profile_new (BACKUP_ID, "Backup", ONAIR_HOST_ROLE_BACKUP,
                                        "127.0.0.1", onair_emulator_get_port (fixture->backup),
                                        FALSE, backup_username);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (main_host));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (backup_host));
  g_assert_true (g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder)));
  /* The keyfile backend writes asynchronously; the binary must see the file. */
  g_settings_sync ();
}

static void
fleet_fixture_set_up (FleetFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->main = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX28);
  fixture->backup = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX26);
  fixture->main_address = g_strdup_printf ("127.0.0.1:%u",
                                           onair_emulator_get_port (fixture->main));
  fixture->backup_address = g_strdup_printf ("127.0.0.1:%u",
                                             onair_emulator_get_port (fixture->backup));
  fixture->saved_hosts = g_settings_get_value (settings, "hosts");
  save_hosts (fixture, NULL);
}

static void
fleet_fixture_tear_down (FleetFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_value (settings, "hosts", fixture->saved_hosts);
  g_settings_sync ();
  g_clear_pointer (&fixture->saved_hosts, g_variant_unref);
  onair_emulator_stop (fixture->main);
  onair_emulator_stop (fixture->backup);
  g_assert_finalize_object (fixture->main);
  g_assert_finalize_object (fixture->backup);
  g_free (fixture->main_address);
  g_free (fixture->backup_address);
}

/* One row of `fleet status --json`: exactly its members, the host as saved. */
static JsonObject *
assert_fleet_host (JsonArray  *hosts,
                   guint       index,
                   const char *id,
                   const char *name,
                   const char *role,
                   const char *address,
                   gboolean    reachable)
{
  static const char * const names[] = {
    "id", "name", "role", "address", "reachable", "error", "state",
  };
  JsonObject *host = json_array_get_object_element (hosts, index);

  g_assert_nonnull (host);
  g_assert_cmpuint (json_object_get_size (host), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (json_object_has_member (host, names[i]));
  g_assert_cmpstr (json_object_get_string_member (host, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (host, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (host, "role"), ==, role);
  g_assert_cmpstr (json_object_get_string_member (host, "address"), ==, address);
  assert_member_type (host, "reachable", G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (host, "reachable"), ==, reachable);
  if (reachable)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (member (host, "error")));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (member (host, "state")));
    }
  else
    {
      assert_member_type (host, "error", G_TYPE_STRING);
      g_assert_cmpstr (json_object_get_string_member (host, "error"), !=, "");
      g_assert_true (JSON_NODE_HOLDS_NULL (member (host, "state")));
    }
  return host;
}

static JsonArray *
fleet_hosts (JsonObject *fleet)
{
  g_assert_cmpuint (json_object_get_size (fleet), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (fleet, "hosts")));
  return json_object_get_array_member (fleet, "hosts");
}

/* Each host's state is the object `status --json` prints for it, in the fleet's order. */
static void
test_fleet_status_json (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) single = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autoptr(JsonObject) single_status = NULL;
  g_autoptr(JsonNode) single_node = NULL;
  g_autofree char *backup_port = g_strdup_printf ("%u",
                                                  onair_emulator_get_port (fixture->backup));
  JsonArray *hosts;
  JsonObject *host;
  JsonObject *state;
  JsonArray *streams;

  /* Backup's stream 2 live, Main all off: the states cannot be mistaken for each other. */
  call_emulator (fixture->backup, "StreamingSetURL", "1,rtmp://backup.example.net/live");
  call_emulator (fixture->backup, "StreamingSetKey", "1,backup-key");
  call_emulator (fixture->backup, "StartStreaming", "1");

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);

  host = assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  state = json_object_get_object_member (host, "state");
  assert_status_members (state, fixture->main);
  g_assert_cmpint (json_object_get_int_member (state, "stream_count"), ==, 5);
  g_assert_false (json_object_get_boolean_member (state, "streaming"));

  host = assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address,
                            TRUE);
  state = json_object_get_object_member (host, "state");
  assert_status_members (state, fixture->backup);
  g_assert_cmpint (json_object_get_int_member (state, "stream_count"), ==, 3);
  streams = json_object_get_array_member (state, "streams");
  g_assert_false (json_array_get_boolean_element (streams, 0));
  g_assert_true (json_array_get_boolean_element (streams, 1));

  /* Byte for byte what `status --json` prints, only indented (the test clock holds the
   * meters still). */
  single = run_cli ("status", "--host", "127.0.0.1", "--port", backup_port, "--json", NULL);
  g_assert_cmpint (single->status, ==, EXIT_OK);
  single_status = parse_object (single->out);
  single_node = json_node_init_object (json_node_alloc (), single_status);
  g_assert_true (json_node_equal (member (host, "state"), single_node));
  /* One fetch each. */
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 1);
}

static void
test_fleet_status_text (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autofree char *main_heading = g_strdup_printf ("Main (main, %s)\n", fixture->main_address);
  g_autofree char *backup_heading = g_strdup_printf ("Backup (backup, %s)\n",
                                                     fixture->backup_address);
  const char *main_at;
  const char *backup_at;

  call_emulator (fixture->main, "StartRecording", NULL);
  onair_emulator_advance (fixture->main, 65);

  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  main_at = strstr (run->out, main_heading);
  backup_at = strstr (run->out, backup_heading);
  g_assert_true (main_at == run->out);
  g_assert_nonnull (backup_at);
  g_assert_nonnull (strstr (main_at, "  Streams: 1 off, 2 off, 3 off, 4 off, 5 off\n"
                                     "  Recording: on for 0:01:05\n"));
  g_assert_nonnull (strstr (backup_at, "  Streams: 1 off, 2 off, 3 off\n"
                                       "  Recording: off\n"));
  g_assert_null (strstr (run->out, "Not reachable"));
}

/* A host that does not answer is a row with its error; the others are printed as usual. */
static void
test_fleet_status_one_down (FleetFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autofree char *backup_heading = g_strdup_printf ("Backup (backup, %s)\n  Not reachable: ",
                                                     fixture->backup_address);
  JsonArray *hosts;
  JsonObject *host;

  onair_emulator_stop (fixture->backup);

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  host = assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  assert_status_members (json_object_get_object_member (host, "state"), fixture->main);
  host = assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address,
                            FALSE);
  /* The error says where it tried. */
  g_assert_nonnull (strstr (json_object_get_string_member (host, "error"),
                            fixture->backup_address));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "  Streams: 1 off, 2 off, 3 off, 4 off, 5 off\n"));
  g_assert_nonnull (strstr (run->out, backup_heading));
}

/* The hosts are asked at the same time: a run takes the slowest host's time, not the sum. */
static void
test_fleet_status_concurrent (FleetFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  gint64 started;
  double elapsed_s;

  onair_emulator_set_latency_ms (fixture->main, 1500);
  onair_emulator_set_latency_ms (fixture->backup, 1500);
  started = g_get_monotonic_time ();
  run = run_cli ("fleet", "status", NULL);
  elapsed_s = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("fleet status took %.2f s", elapsed_s);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "Not reachable"));
  g_assert_cmpfloat (elapsed_s, >=, 1.5);
  g_assert_cmpfloat (elapsed_s, <, 2.8);
}

/* Only when no host answers is it a failure: exit 3, the rows still printed. */
static void
test_fleet_status_all_down (FleetFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  JsonArray *hosts;

  onair_emulator_stop (fixture->main);
  onair_emulator_stop (fixture->backup);

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_NO_CONNECTION);
  g_assert_true (g_str_has_prefix (run->err, "onair-vmix: "));
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, FALSE);
  assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address, FALSE);

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_NO_CONNECTION);
  g_assert_true (g_str_has_prefix (run->err, "onair-vmix: "));
  g_assert_nonnull (strstr (run->out, "Main (main, "));
  g_assert_nonnull (strstr (run->out, "Backup (backup, "));
}

/* --host-profile picks a saved host by its name, whatever the case, or by its id; every
 * command that talks to vMix takes it. */
static void
test_host_profile (FleetFixture  *fixture,
                   gconstpointer  data)
{
  static const char * const spellings[] = { "Backup", "bAcKuP", BACKUP_ID };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(CliRun) run = run_cli ("status", "--host-profile", spellings[i], "--json", NULL);
      g_autoptr(JsonObject) status = NULL;

      g_assert_cmpint (run->status, ==, EXIT_OK);
      g_assert_cmpstr (run->err, ==, "");
      status = parse_object (run->out);
      assert_status_members (status, fixture->backup);
      g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 3);
    }
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 0);

  {
    g_autoptr(CliRun) run = run_cli ("call", "Fade", "--host-profile", "Backup", NULL);

    g_assert_cmpint (run->status, ==, EXIT_OK);
    g_assert_cmpuint (onair_emulator_count_calls (fixture->backup, "Fade"), ==, 1);
    g_assert_cmpuint (onair_emulator_count_calls (fixture->main, "Fade"), ==, 0);
  }
  {
    g_autoptr(CliRun) run = run_cli ("record", "start", "--host-profile", "main", NULL);

    g_assert_cmpint (run->status, ==, EXIT_OK);
    g_assert_true (onair_emulator_get_recording (fixture->main));
    g_assert_false (onair_emulator_get_recording (fixture->backup));
  }
}

/* The Web Controller password of a saved host is filed under "host:port", as the app's
 * session reads it. */
static void
test_host_profile_auth (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  JsonArray *hosts;

  onair_emulator_set_credentials (fixture->backup, "producer", "backup-pw-5e1f");
  save_hosts (fixture, "producer");
  onair_secret_store_store_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                  fixture->backup_address, NULL, "backup-pw-5e1f", NULL,
                                  result_cb, &stored);
  g_assert_true (onair_secret_store_store_finish (secrets, wait_for (&stored), &error));
  g_assert_no_error (error);

  run = run_cli ("status", "--host-profile", "Backup", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "backup-pw-5e1f"));
  g_assert_null (strstr (run->err, "backup-pw-5e1f"));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "backup-pw-5e1f"));
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address, TRUE);

  /* The keyring is shared with the other tests. */
  onair_secret_store_clear_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                  fixture->backup_address, NULL, result_cb, &cleared);
  g_assert_true (onair_secret_store_clear_finish (secrets, wait_for (&cleared), &error));
  g_assert_no_error (error);
}

static void
test_host_profile_unknown (FleetFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  run = run_cli ("status", "--host-profile", "Nowhere", NULL);
  assert_failed (run, EXIT_USAGE);
  g_assert_nonnull (strstr (run->err, "Nowhere"));
  /* It lists the saved hosts. */
  g_assert_nonnull (strstr (run->err, "“Main”"));
  g_assert_nonnull (strstr (run->err, "“Backup”"));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("stream", "stop", "1", "--host-profile", "Nowhere", NULL);
  assert_failed (run, EXIT_USAGE);

  /* Either a saved host or an address, not both. */
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("status", "--host-profile", "Main", "--host", "127.0.0.1", NULL);
  assert_failed (run, EXIT_USAGE);
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("call", "Fade", "--host-profile", "Main", "--port", "8088", NULL);
  assert_failed (run, EXIT_USAGE);

  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 0);
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->backup), ==, 0);
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
  g_test_add ("/onair/onair-vmix/fleet/status-json", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_json, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-text", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_text, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-one-down", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_one_down, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-concurrent", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_concurrent, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-all-down", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_all_down, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/status", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/auth", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile_auth, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/unknown", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile_unknown, fleet_fixture_tear_down);

  return g_test_run ();
}
