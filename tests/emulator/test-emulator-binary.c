/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "emulator-test-util.h"

/* Runs the standalone onair-vmix-emulator the way a user does and talks to it over HTTP. */

static const char *emulator_bin;

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  SoupSession      *session;
  char             *api;
  char             *first_line;
} Running;

static void
running_free (Running *running)
{
  if (running->process != NULL)
    {
      g_subprocess_force_exit (running->process);
      g_subprocess_wait (running->process, NULL, NULL);
    }
  g_clear_object (&running->process);
  g_clear_object (&running->out);
  g_clear_object (&running->session);
  g_free (running->api);
  g_free (running->first_line);
  g_free (running);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Running, running_free)

/* @launcher: (nullable): the environment and pipes to start with; by default, stdout and
 * stderr as @flags says and no password in the environment */
static GSubprocess *
spawn_with (GSubprocessLauncher *launcher,
            GSubprocessFlags     flags,
            const char *const   *args)
{
  g_autoptr(GSubprocessLauncher) own = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (launcher == NULL)
    {
      launcher = own = g_subprocess_launcher_new (flags);
      g_subprocess_launcher_unsetenv (launcher, "ONAIR_EMULATOR_PASSWORD");
    }

  g_ptr_array_add (argv, (char *) emulator_bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

static GSubprocess *
spawn (GSubprocessFlags   flags,
       const char *const *args)
{
  return spawn_with (NULL, flags, args);
}

/* The next line the emulator prints, which must say where an instance listens. */
static char *
read_listening_line (GDataInputStream *out)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("%s", line);
  g_assert_true (g_regex_match_simple ("^vMix emulator \\(vMix [0-9.]+, [A-Za-z0-9]+\\) "
                                       "listening on http://127\\.0\\.0\\.1:[0-9]+/api"
                                       "(, TCP API on 127\\.0\\.0\\.1:[0-9]+)?$",
                                       line, 0, 0));
  return line;
}

/* "http://127.0.0.1:<port>/api" of a listening line */
static char *
line_api (const char *line)
{
  const char *start = strstr (line, "http://");
  const char *end = strstr (start, "/api");

  return g_strndup (start, end + strlen ("/api") - start);
}

/* The port of the TCP API a listening line names; 0 when it names none. */
static guint
line_tcp_port (const char *line)
{
  const char *tcp = strstr (line, ", TCP API on 127.0.0.1:");

  return tcp != NULL ? (guint) atoi (tcp + strlen (", TCP API on 127.0.0.1:")) : 0;
}

/* Starts the emulator on a free port and reads the port from its first line. @launcher
 * must pipe stdout. */
static Running *
run_with (GSubprocessLauncher *launcher,
          const char *const   *args)
{
  g_autoptr(Running) running = g_new0 (Running, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *port = NULL;

  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  running->process = spawn_with (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 (const char *const *) argv->pdata);
  running->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  running->first_line = read_listening_line (running->out);
  running->api = line_api (running->first_line);
  port = g_strndup (strrchr (running->api, ':') + 1, strlen (strrchr (running->api, ':') + 1) - 4);
  g_assert_cmpint (atoi (port), >, 0);
  running->session = soup_session_new ();

  return g_steal_pointer (&running);
}

static Running *
run (const char *const *args)
{
  return run_with (NULL, args);
}

/* @api: the address of one of the instances running serves */
static TestReply *
get_at (Running    *running,
        const char *api,
        const char *query,
        const char *authorization)
{
  g_autofree char *uri = g_strconcat (api, query, NULL);

  return test_http_get (running->session, uri, authorization, 0);
}

static TestReply *
get (Running    *running,
     const char *query,
     const char *authorization)
{
  return get_at (running, running->api, query, authorization);
}

static void
assert_sigterm_exits_cleanly (Running *running)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (running->process, SIGTERM);
  g_assert_true (g_subprocess_wait_check (running->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&running->process);
}

static void
test_help (void)
{
  g_autoptr(GSubprocess) process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                          (const char *const[]) { "--help", NULL });
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *options[] = { "--port", "--profile", "--inputs", "--user", "--password",
                            "--latency-ms", "--fail-every", "--drop-stream-after",
                            "--stall-recording", "--silent", "--xml-declaration",
                            "--all-channel-attributes", "vmix21", "--password-file",
                            "ONAIR_EMULATOR_PASSWORD", "process list", "--instances",
                            "--tcp-port", "TCP API" };

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (out, options[i]));
}

static void
test_bad_options (void)
{
  const char *const cases[][5] = {
    { "--profile", "vmix99", NULL },
    { "--drop-stream-after", "9:10", NULL },
    { "--port", "70000", NULL },
    { "--password-file", "/nonexistent/onair-emulator-password", NULL },
    { "--password", "a", "--password-file", "/dev/null", NULL },
    { "--instances", "0", NULL },
    { "--port", "65535", "--instances", "2", NULL },
    { "--tcp-port", "70000", NULL },
    { "--tcp-port", "-2", NULL },
    { "--tcp-port", "65535", "--instances", "2", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                              G_SUBPROCESS_FLAGS_STDERR_PIPE, cases[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s %s: %s", cases[i][0], cases[i][1], err);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_assert_cmpstr (err, !=, "");
    }
}

static void
test_default_profile (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { NULL });
  g_autoptr(TestReply) state = get (running, "", NULL);
  g_autoptr(TestReply) start = get (running, "/?Function=StartRecording", NULL);
  g_autoptr(TestReply) unknown = get (running, "/?Function=SetOutput&Value=rtmp://x", NULL);
  g_autoptr(TestReply) after = get (running, "/", NULL);
  g_autofree char *body = test_reply_text (after);
  g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));
  xmlNode *root;
  g_autofree char *version = NULL;
  g_autofree char *recording = NULL;

  g_assert_true (g_str_has_prefix (running->first_line,
                                   "vMix emulator (vMix 28.0.0.39, 4K) listening"));
  g_assert_cmpuint (state->status, ==, 200);
  g_assert_cmpuint (start->status, ==, 200);
  g_assert_cmpuint (unknown->status, ==, 500);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  version = test_text (test_child (root, "version"));
  g_assert_cmpstr (version, ==, "28.0.0.39");
  g_assert_cmpuint (test_count_children (test_child (root, "inputs"), "input"), ==, 6);
  g_assert_nonnull (test_child (root, "outputs"));
  recording = test_text (test_child (root, "recording"));
  g_assert_cmpstr (recording, ==, "True");

  assert_sigterm_exits_cleanly (running);
}

static void
test_document_forms (void)
{
  g_autoptr(Running) documented = run ((const char *const[]) {
    "--xml-declaration", "--all-channel-attributes", NULL });
  g_autoptr(TestReply) state = get (documented, "", NULL);
  g_autofree char *body = test_reply_text (state);
  g_autoptr(Running) old = NULL;
  g_autoptr(TestReply) old_state = NULL;
  g_autofree char *old_body = NULL;

  g_assert_true (g_str_has_prefix (body, "<?xml"));
  g_assert_nonnull (strstr (body, "channel1=\"False\""));
  g_assert_nonnull (strstr (body, "channel5=\"False\""));
  assert_sigterm_exits_cleanly (documented);

  old = run ((const char *const[]) { "--profile", "vmix21", NULL });
  old_state = get (old, "", NULL);
  old_body = test_reply_text (old_state);
  g_assert_true (g_str_has_prefix (old->first_line, "vMix emulator (vMix 21."));
  g_assert_true (g_str_has_prefix (old_body, "<vmix>"));
  g_assert_nonnull (strstr (old_body, "<streaming>False</streaming>"));
  assert_sigterm_exits_cleanly (old);
}

static void
test_profile_auth_latency (void)
{
  g_autoptr(Running) running = run ((const char *const[]) {
    "--profile", "vmix26", "--inputs", "3", "--user", "u", "--password", "p w",
    "--silent", "--latency-ms", "150", NULL });
  g_autofree char *encoded = g_base64_encode ((const guchar *) "u:p w", 5);
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(TestReply) denied = get (running, "", NULL);
  g_autoptr(TestReply) reply = NULL;
  g_autofree char *body = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *version = NULL;
  g_autofree char *meter = NULL;
  xmlNode *root;
  gint64 start;

  g_assert_true (g_str_has_prefix (running->first_line,
                                   "vMix emulator (vMix 26.0.0.45, HD) listening"));
  g_assert_cmpuint (denied->status, ==, 401);

  start = g_get_monotonic_time ();
  reply = get (running, "", authorization);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_assert_cmpuint (reply->status, ==, 200);

  body = test_reply_text (reply);
  doc = test_parse (body, strlen (body));
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  version = test_text (test_child (root, "version"));
  g_assert_cmpstr (version, ==, "26.0.0.45");
  g_assert_cmpuint (test_count_children (test_child (root, "inputs"), "input"), ==, 3);
  g_assert_null (test_child (root, "outputs"));
  g_assert_null (xmlHasProp (test_child (root, "streaming"), BAD_CAST "channel4"));
  meter = test_prop (test_child (test_child (root, "audio"), "master"), "meterF1");
  g_assert_cmpstr (meter, ==, "0");

  assert_sigterm_exits_cleanly (running);
}

static char *
read_command_line (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline",
                                           g_subprocess_get_identifier (process));
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

/* Refuses a request without or with the wrong credentials, answers one with them, and the
 * password is nowhere in the command line that every user can read. */
static void
assert_password_required (Running    *running,
                          const char *password)
{
  g_autofree char *pair = g_strconcat ("u:", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *wrong = g_strconcat ("Basic ", "dTp3cm9uZw==", NULL);   /* u:wrong */
  g_autoptr(TestReply) denied = get (running, "", NULL);
  g_autoptr(TestReply) refused = get (running, "", wrong);
  g_autoptr(TestReply) reply = get (running, "", authorization);
  g_autofree char *command_line = read_command_line (running->process);

  g_assert_cmpuint (denied->status, ==, 401);
  g_assert_cmpuint (refused->status, ==, 401);
  g_assert_cmpuint (reply->status, ==, 200);
  g_test_message ("command line: %s", command_line);
  g_assert_nonnull (strstr (command_line, emulator_bin));
  g_assert_null (strstr (command_line, password));
}

/* --password shows in the process list; the environment and a file do not. */
static void
test_password_hidden (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(Running) from_env = NULL;
  g_autoptr(Running) from_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "ONAIR_EMULATOR_PASSWORD", "env-s3cret-81", TRUE);
  from_env = run_with (launcher, (const char *const[]) { "--user", "u", NULL });
  assert_password_required (from_env, "env-s3cret-81");
  assert_sigterm_exits_cleanly (from_env);

  /* The first line only, without its line end; the file wins over the environment. */
  fd = g_file_open_tmp ("onair-emulator-password-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "file-s3cret-82\r\nsecond line\n", -1, &error));
  g_assert_no_error (error);
  from_file = run_with (launcher, (const char *const[]) {
    "--user", "u", "--password-file", path, NULL });
  assert_password_required (from_file, "file-s3cret-82");
  assert_sigterm_exits_cleanly (from_file);
  g_unlink (path);
}

static void
test_fail_every (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { "--fail-every", "2", NULL });
  g_autoptr(GString) pattern = g_string_new (NULL);

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(TestReply) reply = get (running, "", NULL);

      g_string_append_c (pattern, reply->status == 200 ? '.' : reply->status == 500 ? 'F' : '?');
    }
  g_assert_cmpstr (pattern->str, ==, ".F.F.F");

  assert_sigterm_exits_cleanly (running);
}

/* The attribute @name of the root's child @element, or with @name %NULL its text. */
static char *
fetch_at (Running    *running,
          const char *api,
          const char *element,
          const char *name)
{
  g_autoptr(TestReply) reply = get_at (running, api, "", NULL);
  g_autofree char *body = test_reply_text (reply);
  g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));
  xmlNode *node;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (doc);
  node = test_child (xmlDocGetRootElement (doc), element);
  g_assert_nonnull (node);

  return name != NULL ? test_prop (node, name) : test_text (node);
}

static char *
fetch_prop (Running    *running,
            const char *element,
            const char *name)
{
  return fetch_at (running, running->api, element, name);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_usleep (10 * 1000);
}

/* The binary runs on the real clock: a one-second drop is a one-second wait. */
static void
test_drop_and_stall (void)
{
  g_autoptr(Running) running = run ((const char *const[]) {
    "--drop-stream-after", "1:1", "--stall-recording", NULL });
  const char *calls[] = {
    "/?Function=StreamingSetURL&Value=1,rtmp%3A%2F%2Flive.example%2Fapp",
    "/?Function=StreamingSetKey&Value=1,abc",
    "/?Function=StartStreaming&Value=1",
    "/?Function=StartRecording",
  };
  g_autofree char *live = NULL;
  g_autofree char *dropped = NULL;
  g_autofree char *duration = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(TestReply) reply = get (running, calls[i], NULL);

      g_assert_cmpuint (reply->status, ==, 200);
    }

  live = fetch_prop (running, "streaming", "channel2");
  g_assert_cmpstr (live, ==, "True");
  wait_ms (1300);
  /* Off: real vMix no longer names the channel. */
  dropped = fetch_prop (running, "streaming", "channel2");
  g_assert_null (dropped);
  duration = fetch_prop (running, "recording", "duration");
  g_assert_cmpstr (duration, ==, "0");

  assert_sigterm_exits_cleanly (running);
}

static void
test_port_in_use (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { NULL });
  const char *port = strrchr (running->api, ':') + 1;
  g_autofree char *port_number = g_strndup (port, strlen (port) - strlen ("/api"));
  g_autoptr(GSubprocess) second = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                         G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                         (const char *const[]) { "--port", port_number, NULL });
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (second, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (second), !=, 0);

  assert_sigterm_exits_cleanly (running);
}

/* Two instances in one process: each answers on its own port, and a function called on one
 * leaves the other as it was. */
static void
test_instances (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { "--instances", "2", NULL });
  g_autofree char *second_line = read_listening_line (running->out);
  g_autofree char *second = line_api (second_line);
  g_autoptr(TestReply) record = get (running, "/?Function=StartRecording", NULL);
  g_autoptr(TestReply) preview = get_at (running, second, "/?Function=PreviewInput&Input=5", NULL);
  g_autofree char *first_recording = fetch_at (running, running->api, "recording", NULL);
  g_autofree char *second_recording = fetch_at (running, second, "recording", NULL);
  g_autofree char *first_preview = fetch_at (running, running->api, "preview", NULL);
  g_autofree char *second_preview = fetch_at (running, second, "preview", NULL);

  g_assert_true (g_str_has_prefix (second_line, "vMix emulator (vMix 28.0.0.39, 4K) listening"));
  g_assert_cmpstr (second, !=, running->api);
  g_assert_cmpuint (record->status, ==, 200);
  g_assert_cmpuint (preview->status, ==, 200);
  g_assert_cmpstr (first_recording, ==, "True");
  g_assert_cmpstr (second_recording, ==, "False");
  g_assert_cmpstr (first_preview, ==, "2");
  g_assert_cmpstr (second_preview, ==, "5");

  assert_sigterm_exits_cleanly (running);
}

/* A port such that it and the next one are free, as far as binding them right now tells. */
static guint
find_free_port_pair (void)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocket) first = NULL;
      g_autoptr(GSocket) second = NULL;
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) next = NULL;
      g_autoptr(GError) error = NULL;
      guint port;

      first = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                            G_SOCKET_PROTOCOL_TCP, &error);
      g_assert_no_error (error);
      g_assert_true (g_socket_bind (first, any, FALSE, &error));
      bound = g_socket_get_local_address (first, &error);
      g_assert_no_error (error);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      if (port >= G_MAXUINT16)
        continue;

      second = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                             G_SOCKET_PROTOCOL_TCP, &error);
      g_assert_no_error (error);
      next = g_inet_socket_address_new (loopback, port + 1);
      if (g_socket_bind (second, next, FALSE, NULL))
        return port;
    }

  g_assert_not_reached ();
}

/* With ports given, the instances listen on them and the ports after them. */
static void
test_instances_consecutive_ports (void)
{
  /* Another program may take a port between the check and the emulator's start: then
   * the emulator exits without a line, and other pairs are tried. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      guint port = find_free_port_pair ();
      guint tcp_port = find_free_port_pair ();
      g_autofree char *port_arg = g_strdup_printf ("%u", port);
      g_autofree char *tcp_port_arg = g_strdup_printf ("%u", tcp_port);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autofree char *first_end = g_strdup_printf (":%u/api, TCP API on 127.0.0.1:%u",
                                                    port, tcp_port);
      g_autofree char *second_end = g_strdup_printf (":%u/api, TCP API on 127.0.0.1:%u",
                                                     port + 1, tcp_port + 1);

      if (tcp_port == port + 1 || port == tcp_port + 1)
        continue;
      process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                       (const char *const[]) { "--port", port_arg, "--tcp-port", tcp_port_arg,
                                               "--instances", "2", NULL });

      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      first = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
      if (first == NULL)
        {
          g_subprocess_wait (process, NULL, NULL);
          g_test_message ("ports %u, %u, %u or %u were taken meanwhile", port, port + 1,
                          tcp_port, tcp_port + 1);
          continue;
        }
      g_test_message ("%s", first);
      second = read_listening_line (out);
      g_assert_true (g_str_has_suffix (first, first_end));
      g_assert_true (g_str_has_suffix (second, second_end));

      g_subprocess_send_signal (process, SIGTERM);
      g_assert_true (g_subprocess_wait_check (process, NULL, &error));
      g_assert_no_error (error);
      return;
    }

  g_assert_not_reached ();
}

/* The TCP API, spoken the way a controller does, one blocking line at a time. */

static GSocketConnection *
tcp_connect (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  return connection;
}

static GDataInputStream *
tcp_lines (GSocketConnection *connection)
{
  GDataInputStream *in;

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  return in;
}

static void
tcp_expect (GDataInputStream *in,
            const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, expected);
}

static void
tcp_request (GSocketConnection *connection,
             GDataInputStream  *in,
             const char        *line,
             const char        *expected)
{
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
  if (expected != NULL)
    tcp_expect (in, expected);
}

/* With --port 0 the TCP API is on a free port too, and printed; it runs functions and
 * pushes what HTTP changed. */
static void
test_tcp (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { NULL });
  guint port = line_tcp_port (running->first_line);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(TestReply) start = NULL;
  g_autofree char *preview = NULL;

  g_assert_cmpuint (port, >, 0);
  connection = tcp_connect (port);
  in = tcp_lines (connection);
  tcp_expect (in, "VERSION OK 28.0.0.39");
  tcp_request (connection, in, "SUBSCRIBE ACTS", "SUBSCRIBE OK ACTS");
  start = get (running, "/?Function=StartRecording", NULL);
  g_assert_cmpuint (start->status, ==, 200);
  tcp_expect (in, "ACTS OK Recording 1");
  tcp_request (connection, in, "FUNCTION PreviewInput Input=5", "FUNCTION OK Completed");
  tcp_expect (in, "ACTS OK InputPreview 5 1");
  tcp_expect (in, "ACTS OK InputPreview 2 0");
  preview = fetch_prop (running, "preview", NULL);
  g_assert_cmpstr (preview, ==, "5");
  tcp_request (connection, in, "QUIT", "QUIT OK Bye");

  assert_sigterm_exits_cleanly (running);
}

/* --tcp-port -1: no TCP API, and the line says none. */
static void
test_tcp_off (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { "--tcp-port", "-1", NULL });

  g_assert_null (strstr (running->first_line, "TCP"));
  assert_sigterm_exits_cleanly (running);
}

/* Each instance has a TCP API of its own, on its own port, speaking for its own state. */
static void
test_tcp_instances (void)
{
  g_autoptr(Running) running = run ((const char *const[]) { "--instances", "2",
                                                            "--profile", "vmix26", NULL });
  g_autofree char *second_line = read_listening_line (running->out);
  guint ports[2] = { line_tcp_port (running->first_line), line_tcp_port (second_line) };
  g_autoptr(GSocketConnection) first = NULL;
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GDataInputStream) first_in = NULL;
  g_autoptr(GDataInputStream) second_in = NULL;

  g_assert_cmpuint (ports[0], >, 0);
  g_assert_cmpuint (ports[1], >, 0);
  g_assert_cmpuint (ports[0], !=, ports[1]);
  first = tcp_connect (ports[0]);
  first_in = tcp_lines (first);
  second = tcp_connect (ports[1]);
  second_in = tcp_lines (second);
  tcp_expect (first_in, "VERSION OK 26.0.0.45");
  tcp_expect (second_in, "VERSION OK 26.0.0.45");
  tcp_request (first, first_in, "FUNCTION StartRecording", "FUNCTION OK Completed");
  tcp_request (first, first_in, "ACTS Recording", "ACTS OK Recording 1");
  tcp_request (second, second_in, "ACTS Recording", "ACTS OK Recording 0");

  assert_sigterm_exits_cleanly (running);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  emulator_bin = argc > 1 ? argv[1] : g_getenv ("ONAIR_EMULATOR_BIN");
  if (emulator_bin == NULL)
    {
      g_printerr ("usage: %s [TEST-OPTIONS] PATH-TO-onair-vmix-emulator\n", argv[0]);
      return 1;
    }

  g_test_add_func ("/onair/emulator/binary/help", test_help);
  g_test_add_func ("/onair/emulator/binary/bad-options", test_bad_options);
  g_test_add_func ("/onair/emulator/binary/default-profile", test_default_profile);
  g_test_add_func ("/onair/emulator/binary/profile-auth-latency", test_profile_auth_latency);
  g_test_add_func ("/onair/emulator/binary/document-forms", test_document_forms);
  g_test_add_func ("/onair/emulator/binary/password-hidden", test_password_hidden);
  g_test_add_func ("/onair/emulator/binary/fail-every", test_fail_every);
  g_test_add_func ("/onair/emulator/binary/drop-and-stall", test_drop_and_stall);
  g_test_add_func ("/onair/emulator/binary/port-in-use", test_port_in_use);
  g_test_add_func ("/onair/emulator/binary/instances", test_instances);
  g_test_add_func ("/onair/emulator/binary/instances-consecutive-ports",
                   test_instances_consecutive_ports);
  g_test_add_func ("/onair/emulator/binary/tcp", test_tcp);
  g_test_add_func ("/onair/emulator/binary/tcp-off", test_tcp_off);
  g_test_add_func ("/onair/emulator/binary/tcp-instances", test_tcp_instances);

  return g_test_run ();
}
