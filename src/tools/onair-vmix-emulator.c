/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix-emulator: the built-in vMix emulator as a standalone server of vMix's HTTP and
 * TCP APIs, so that
 * Companion, curl or Onair can be pointed at it; several instances, each a vMix of its own,
 * can share one process. A developer tool: English only. */

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/onair-emulator.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static gboolean
parse_drop (const char  *spec,
            guint        n_streams,
            guint       *stream,
            guint       *seconds,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", 2);
  guint64 n, s;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, n_streams - 1, &n, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &s, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--drop-stream-after wants STREAM:SECONDS with a 0-based stream below %u "
                   "and seconds from 1, not \"%s\"", n_streams, spec);
      return FALSE;
    }

  *stream = n;
  *seconds = s;
  return TRUE;
}

/* The first line of @path, without its line end: the password, kept out of the command line
 * (which every user of the machine can read in /proc). */
static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *password;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  memset (contents, 0, length);
  if (*password == '\0')
    {
      g_free (password);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "the first line of the password file \"%s\" is empty", path);
      return NULL;
    }
  return password;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) emulators = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *password_file = NULL;
  g_auto(GStrv) drops = NULL;
  OnairEmulatorProfile profile;
  int port = 8088;
  int tcp_port = G_MININT; /* not given: 8099, or a free port with --port 0 */
  int n_instances = 1;
  int n_inputs = 6;
  int latency_ms = 0;
  int fail_every = 0;
  int oversized = 0;
  gboolean stall_recording = FALSE;
  gboolean silent = FALSE;
  gboolean malformed = FALSE;
  gboolean truncated = FALSE;
  gboolean xml_declaration = FALSE;
  gboolean all_channels = FALSE;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port on 127.0.0.1 (default 8088; 0 picks a free one)", "PORT" },
    { "tcp-port", 0, 0, G_OPTION_ARG_INT, &tcp_port,
      "Port of vMix's TCP API on 127.0.0.1 (default 8099, or a free one with --port 0; "
      "0 picks a free one and prints it; -1 serves no TCP API)", "PORT" },
    { "instances", 0, 0, G_OPTION_ARG_INT, &n_instances,
      "Serve N emulators, each with its own state, on consecutive ports from PORT and from "
      "the TCP port (with port 0, each on a free one); one \"listening\" line each "
      "(default 1)", "N" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
      "vmix28 (5 streams, <outputs>; default), vmix26 (3 streams) or vmix21 (3 streams, "
      "<streaming> without channel attributes)", "PROFILE" },
    { "xml-declaration", 0, 0, G_OPTION_ARG_NONE, &xml_declaration,
      "Start the state document with <?xml ...?>, as a few vMix builds do", NULL },
    { "all-channel-attributes", 0, 0, G_OPTION_ARG_NONE, &all_channels,
      "Write every channelN attribute of <streaming>, off ones too (the documented form; "
      "real vMix writes only those that are on)", NULL },
    { "inputs", 0, 0, G_OPTION_ARG_INT, &n_inputs, "Number of inputs (default 6)", "N" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "Require HTTP Basic auth with this user", "USER" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      "Require HTTP Basic auth with this password. Other users of this machine can read it "
      "in the process list: prefer --password-file or ONAIR_EMULATOR_PASSWORD", "PASSWORD" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the password from the first line of FILE", "FILE" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every answer", "MS" },
    { "fail-every", 0, 0, G_OPTION_ARG_INT, &fail_every,
      "Answer every Nth request with HTTP 500", "N" },
    { "drop-stream-after", 0, 0, G_OPTION_ARG_STRING_ARRAY, &drops,
      "Stream N (0-based) goes off by itself SECONDS after going live; repeatable",
      "N:SECONDS" },
    { "stall-recording", 0, 0, G_OPTION_ARG_NONE, &stall_recording,
      "The recording duration stops advancing", NULL },
    { "silent", 0, 0, G_OPTION_ARG_NONE, &silent, "Master audio meters stay at 0", NULL },
    { "malformed-xml", 0, 0, G_OPTION_ARG_NONE, &malformed, "Serve a mismatched end tag", NULL },
    { "truncated-xml", 0, 0, G_OPTION_ARG_NONE, &truncated, "Serve half the state document", NULL },
    { "oversized-xml", 0, 0, G_OPTION_ARG_INT, &oversized,
      "Pad the state document with at least BYTES of extra inputs", "BYTES" },
    { NULL }
  };

  context = g_option_context_new ("- emulate vMix's HTTP and TCP APIs");
  g_option_context_set_summary (context,
                                "Serves vMix's Web Controller API (GET /api and "
                                "/api/?Function=...) and its TCP API (FUNCTION, XML, TALLY, "
                                "SUBSCRIBE ACTS...) on 127.0.0.1, with fault injection.");
  g_option_context_set_description (
    context,
    "Environment:\n"
    "  ONAIR_EMULATOR_PASSWORD   the password when neither --password nor --password-file\n"
    "                            is given; unlike --password, it does not show in the\n"
    "                            process list\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("onair-vmix-emulator: %s\n", error->message);
      return EXIT_FAILURE;
    }

  profile = ONAIR_EMULATOR_PROFILE_VMIX28;
  if (profile_name != NULL && !onair_emulator_profile_from_name (profile_name, &profile))
    {
      g_printerr ("onair-vmix-emulator: unknown profile \"%s\" (vmix28, vmix26 or vmix21)\n",
                  profile_name);
      return EXIT_FAILURE;
    }

  if (port < 0 || port > G_MAXUINT16 || n_inputs < 0 || latency_ms < 0 || fail_every < 0 ||
      oversized < 0)
    {
      g_printerr ("onair-vmix-emulator: numbers must be positive (and a port below 65536)\n");
      return EXIT_FAILURE;
    }

  if (tcp_port == G_MININT)
    tcp_port = port == 0 ? 0 : 8099;
  if (tcp_port < -1 || tcp_port > G_MAXUINT16)
    {
      g_printerr ("onair-vmix-emulator: --tcp-port wants a port below 65536, 0 for a free one "
                  "or -1 for none\n");
      return EXIT_FAILURE;
    }

  if (n_instances < 1 || n_instances > G_MAXUINT16 ||
      (port != 0 && port + n_instances - 1 > G_MAXUINT16) ||
      (tcp_port > 0 && tcp_port + n_instances - 1 > G_MAXUINT16))
    {
      g_printerr ("onair-vmix-emulator: --instances wants 1 or more, and the last port below "
                  "65536\n");
      return EXIT_FAILURE;
    }

  if (password != NULL && password_file != NULL)
    {
      g_printerr ("onair-vmix-emulator: give --password or --password-file, not both\n");
      return EXIT_FAILURE;
    }
  if (password_file != NULL)
    {
      password = read_password_file (password_file, &error);
      if (password == NULL)
        {
          g_printerr ("onair-vmix-emulator: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  else if (password == NULL && g_getenv ("ONAIR_EMULATOR_PASSWORD") != NULL)
    password = g_strdup (g_getenv ("ONAIR_EMULATOR_PASSWORD"));

  /* The instances share their configuration, never their state. */
  emulators = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_instances; i++)
    {
      OnairEmulator *emulator = onair_emulator_new (profile);

      g_ptr_array_add (emulators, emulator);
      onair_emulator_set_input_count (emulator, n_inputs);
      onair_emulator_set_credentials (emulator, user, password);
      onair_emulator_set_latency_ms (emulator, latency_ms);
      onair_emulator_set_fail_every (emulator, fail_every);
      onair_emulator_set_recording_stalled (emulator, stall_recording);
      onair_emulator_set_master_silent (emulator, silent);
      onair_emulator_set_malformed_xml (emulator, malformed);
      onair_emulator_set_truncated_xml (emulator, truncated);
      onair_emulator_set_oversized_xml (emulator, oversized);
      onair_emulator_set_xml_declaration (emulator, xml_declaration);
      onair_emulator_set_all_channel_attributes (emulator, all_channels);
    }
  if (password != NULL)
    memset (password, 0, strlen (password));

  for (guint i = 0; drops != NULL && drops[i] != NULL; i++)
    {
      guint n_streams = onair_emulator_get_stream_count (g_ptr_array_index (emulators, 0));
      guint stream, seconds;

      if (!parse_drop (drops[i], n_streams, &stream, &seconds, &error))
        {
          g_printerr ("onair-vmix-emulator: %s\n", error->message);
          return EXIT_FAILURE;
        }
      for (guint j = 0; j < emulators->len; j++)
        onair_emulator_set_drop_stream_after (g_ptr_array_index (emulators, j), stream, seconds);
    }

  /* Before the first line: a script may send SIGTERM as soon as it has read it. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  for (guint i = 0; i < emulators->len; i++)
    {
      OnairEmulator *emulator = g_ptr_array_index (emulators, i);
      guint instance_port = port == 0 ? 0 : port + i;
      guint instance_tcp_port = tcp_port <= 0 ? 0 : tcp_port + i;

      if (!onair_emulator_start (emulator, instance_port, &error))
        {
          g_printerr ("onair-vmix-emulator: cannot listen on 127.0.0.1:%u: %s\n",
                      instance_port, error->message);
          return EXIT_FAILURE;
        }
      if (tcp_port >= 0 && !onair_emulator_start_tcp (emulator, instance_tcp_port, &error))
        {
          g_printerr ("onair-vmix-emulator: cannot listen for the TCP API on 127.0.0.1:%u: "
                      "%s\n", instance_tcp_port, error->message);
          return EXIT_FAILURE;
        }
    }

  /* Once all listen, one line per instance, in order, names its actual ports, so that a
   * script using port 0 can read them. */
  for (guint i = 0; i < emulators->len; i++)
    {
      OnairEmulator *emulator = g_ptr_array_index (emulators, i);
      g_autofree char *tcp = NULL;

      if (tcp_port >= 0)
        tcp = g_strdup_printf (", TCP API on 127.0.0.1:%u", onair_emulator_get_tcp_port (emulator));
      g_print ("vMix emulator (vMix %s, %s) listening on http://127.0.0.1:%u/api%s\n",
               onair_emulator_get_version (emulator),
               onair_emulator_get_edition (emulator),
               onair_emulator_get_port (emulator),
               tcp != NULL ? tcp : "");
    }
  fflush (stdout);

  g_main_loop_run (loop);

  for (guint i = 0; i < emulators->len; i++)
    onair_emulator_stop (g_ptr_array_index (emulators, i));

  return EXIT_SUCCESS;
}
