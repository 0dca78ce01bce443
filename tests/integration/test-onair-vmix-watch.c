/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `onair-vmix watch` (ONAIR_VMIX_BIN) against the emulator in this process: changes made in
 * vMix print as they happen, pushed over the TCP API or, without it, polled. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "emulator/onair-emulator.h"

typedef struct
{
  GPtrArray *lines;      /* JsonObject* */
  GString   *pending;
  gboolean   done;
} Output;

static void read_more (GInputStream *stream,
                       Output       *output);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Output *output = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  char *end;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      output->done = TRUE;
      return;
    }
  g_string_append_len (output->pending, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  while ((end = strchr (output->pending->str, '\n')) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *line = g_strndup (output->pending->str, end - output->pending->str);

      g_string_erase (output->pending, 0, end - output->pending->str + 1);
      g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
      g_ptr_array_add (output->lines, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  read_more (G_INPUT_STREAM (object), output);
}

static void
read_more (GInputStream *stream,
           Output       *output)
{
  g_input_stream_read_bytes_async (stream, 4096, G_PRIORITY_DEFAULT, NULL, read_cb, output);
}

static gboolean
has_line (Output     *output,
          const char *change,
          const char *value)
{
  for (guint i = 0; i < output->lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (output->lines, i);

      if (g_strcmp0 (json_object_get_string_member (line, "change"), change) == 0 &&
          (value == NULL || g_strcmp0 (json_object_get_string_member_with_default (line, "value", ""),
                                       value) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
wait_line (Output     *output,
           const char *change,
           const char *value)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!has_line (output, change, value))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GSubprocess *
spawn_watch (OnairEmulator *emulator,
             const char    *tcp_port,
             Output        *output)
{
  const char *binary = g_getenv ("ONAIR_VMIX_BIN");
  g_autofree char *port = g_strdup_printf ("%u", onair_emulator_get_port (emulator));
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_assert_nonnull (binary);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "watch", "--json",
                              "--host", "127.0.0.1", "--port", port, "--tcp-port", tcp_port,
                              "--count", "3", NULL);
  g_assert_no_error (error);
  output->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  output->pending = g_string_new (NULL);
  read_more (g_subprocess_get_stdout_pipe (process), output);
  return process;
}

static void
finish (GSubprocess *process,
        Output      *output)
{
  g_autoptr(GError) error = NULL;

  while (!output->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_ptr_array_unref (output->lines);
  g_string_free (output->pending, TRUE);
}

/* With the TCP API: "updates pushed", then the changes, and it stops after three. */
static void
test_watch_pushed (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *tcp = NULL;
  g_autoptr(GError) error = NULL;
  Output output = { 0 };

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_true (onair_emulator_start_tcp (emulator, 0, &error));
  g_assert_no_error (error);
  tcp = g_strdup_printf ("%u", onair_emulator_get_tcp_port (emulator));
  process = spawn_watch (emulator, tcp, &output);
  wait_line (&output, "updates", "pushed");
  g_assert_true (onair_emulator_call_function (emulator, "StartRecording", NULL));
  wait_line (&output, "recording", "on");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  wait_line (&output, "program", NULL);
  finish (process, &output);
  onair_emulator_stop (emulator);
}

/* Without it (--tcp-port 0): polling, and the changes still print. */
static void
test_watch_polled (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Output output = { 0 };

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  process = spawn_watch (emulator, "0", &output);
  wait_line (&output, "updates", "polling");
  g_assert_true (onair_emulator_call_function (emulator, "FadeToBlack", NULL));
  wait_line (&output, "fade-to-black", "on");
  g_assert_true (onair_emulator_call_function (emulator, "StartRecording", NULL));
  wait_line (&output, "recording", "on");
  g_assert_true (onair_emulator_call_function (emulator, "Cut", NULL));
  finish (process, &output);
  onair_emulator_stop (emulator);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/onair-vmix/watch-pushed", test_watch_pushed);
  g_test_add_func ("/onair/onair-vmix/watch-polled", test_watch_polled);

  return g_test_run ();
}
