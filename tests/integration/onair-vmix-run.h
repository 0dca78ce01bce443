/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The onair-vmix tests share this. They run the built onair-vmix binary (ONAIR_VMIX_BIN)
 * against the emulator in this process. The emulator answers from this process's main
 * context, so the binary runs asynchronously while the test iterates it. Settings and
 * keyring are the sandbox's (build-aux/dev test): GSETTINGS_BACKEND=keyfile in a private
 * XDG_CONFIG_HOME, and an unlocked gnome-keyring-daemon on a private session bus; the binary
 * inherits both. */

#include "async-result.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

#include "core/destinations/onair-destination-list.h"
#include "core/show/onair-host-profile.h"
#include "core/vmix/onair-vmix-client.h"
#include "emulator/onair-emulator.h"

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

static inline void
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

static inline GAsyncResult *
wait_for (GAsyncResult **result)
{
  return await_result (result, 60);
}

/* Whether onair-vmix runs with its debug messages on stderr. */
static gboolean with_debug_log;

static inline CliRun *
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
static inline CliRun *
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
static inline CliRun *
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
static inline void
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

static inline void
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

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_emulator_stop (fixture->emulator);
  g_assert_finalize_object (fixture->emulator);
  g_free (fixture->port);
}

static inline JsonObject *
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

static inline JsonNode *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_member (object, name);
}

static inline void
assert_member_type (JsonObject *object,
                    const char *name,
                    GType       value_type)
{
  JsonNode *node = member (object, name);

  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (node) == value_type);
}

/* "master" and "buses" as the emulator writes them: decimal volumes read as such. */
static inline void
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
static inline void
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

static inline void
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
