/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix: Onair's command-line client, for scripts, cron jobs and support. It reads
 * vMix's state and performs the app's operations through OnairController, so that they
 * are validated and confirmed from vMix's state exactly as in the app. This file is the
 * command line; connecting, the state's output and the operations have files of their own. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "onair-vmix-private.h"

/* ---- Command line ------------------------------------------------------------------------ */

static int
usage_error (const char *command,
             const char *message)
{
  g_printerr ("onair-vmix: %s\n", message);
  if (command != NULL)
    g_printerr (_("Try “onair-vmix %s --help”.\n"), command);
  else
    g_printerr (_("Try “onair-vmix --help”.\n"));
  return EXIT_USAGE;
}

static const char *
exit_status_help (void)
{
  return _("Exit status: 0 done, 1 vMix refused or the operation failed, 2 usage error, "
           "3 cannot connect to vMix.\n"
           "Host and port default to the Onair app's settings; --host-profile NAME talks to "
           "one of the vMix hosts saved in the app instead.");
}

static const char *
status_json_help (void)
{
  return _("With --json, one object with these members (null where vMix does not say):\n"
           "  version, edition          as vMix reports them\n"
           "  streaming                 vMix's overall streaming value\n"
           "  streams_reported          false when vMix streams without saying which stream "
           "(vMix 21 and older)\n"
           "  stream_count, streams     one entry per stream: true, false, or null when not "
           "reported\n"
           "  recording, recording_duration_s, recording_files\n"
           "  external, multicorder, fade_to_black\n"
           "  active, preview           input numbers on program and preview\n"
           "  input_count\n"
           "  srt_outputs               [{number, srt}], srt null when vMix does not report it\n"
           "  master                    {volume, muted, headphones_volume, meters: [left, "
           "right]}\n"
           "  master_meters             [left, right], as in earlier versions\n"
           "  buses                     {\"A\": {volume, muted, meters}, …} for the buses "
           "present\n"
           "Volumes are 0–100 and meters 0–1, written as vMix gives them. The vMix facts "
           "behind them: docs/vmix-api.md.");
}

static const char *
fleet_status_help (void)
{
  return _("Asks every vMix host saved in the Onair app for its state, all at once, and "
           "prints each in the app's order: its name, role and address, then its streams "
           "and recording, or why it could not be reached.\n\n"
           "With --json, one object: {\"hosts\": [{\"id\", \"name\", \"role\", "
           "\"address\", \"reachable\", \"error\", \"state\"}, …]}; \"state\" is the "
           "object “onair-vmix status --json” prints, null when the host did not answer, "
           "and \"error\" is null when it did.\n\n"
           "Exit status: 0 at least one host answered, 2 usage error, 3 no host answered.");
}

static void
add_connection_entries (GOptionContext *context,
                        Cli            *self)
{
  const GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, &self->host,
      N_("vMix host name or address (default: Onair's setting)"), N_("HOST") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &self->port,
      N_("vMix Web Controller port (default: Onair's setting)"), N_("PORT") },
    { "host-profile", 0, 0, G_OPTION_ARG_STRING, &self->host_profile,
      N_("Talk to the vMix host saved in Onair under this name (or id)"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_timeout_entry (GOptionContext *context,
                   Cli            *self)
{
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_INT, &self->timeout_s,
      N_("Seconds to wait for vMix's state to confirm the operation (default 15)"),
      N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static GOptionContext *
command_context (const char *parameters,
                 const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, exit_status_help ());
  return context;
}

/* Parses a subcommand's options; @args keeps the positional arguments after the
 * subcommand's name. */
static gboolean
parse_command (GOptionContext  *context,
               const char      *command,
               int              argc,
               char           **argv,
               GStrv           *args,
               int             *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("onair-vmix %s", command);
  g_autofree char **copy = g_new0 (char *, argc + 1);
  int n = argc;

  /* argv[0] names the subcommand in --help's "Usage:" line. */
  copy[0] = program;
  for (int i = 1; i < argc; i++)
    copy[i] = argv[i];

  if (!g_option_context_parse (context, &n, &copy, &error))
    {
      *exit_code = usage_error (command, error->message);
      return FALSE;
    }
  *args = g_new0 (char *, n);
  for (int i = 1; i < n; i++)
    (*args)[i - 1] = g_strdup (copy[i]);
  return TRUE;
}

static gboolean
check_connection_options (Cli        *self,
                          const char *command,
                          int        *exit_code)
{
  if (self->port != -1 && (self->port < 1 || self->port > 65535))
    {
      *exit_code = usage_error (command, _("--port wants a number from 1 to 65535."));
      return FALSE;
    }
  if (self->host != NULL && *self->host == '\0')
    {
      *exit_code = usage_error (command, _("--host wants a host name or address."));
      return FALSE;
    }
  if (self->host_profile != NULL && *self->host_profile == '\0')
    {
      *exit_code = usage_error (command, _("--host-profile wants the name of a saved vMix "
                                           "host."));
      return FALSE;
    }
  if (self->host_profile != NULL && (self->host != NULL || self->port != -1))
    {
      *exit_code = usage_error (command, _("--host-profile names a saved host: give either it "
                                           "or --host and --port, not both."));
      return FALSE;
    }
  if (self->timeout_s < 1 || self->timeout_s > MAX_TIMEOUT_S)
    {
      g_autofree char *message = g_strdup_printf (_("--timeout wants a number of seconds from "
                                                    "1 to %d."), MAX_TIMEOUT_S);

      *exit_code = usage_error (command, message);
      return FALSE;
    }
  return TRUE;
}

static int
command_status (Cli   *self,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *description = NULL;
  int exit_code;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json, N_("Print the state as JSON"), NULL },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &self->file,
      N_("Read a saved vMix state document instead of asking vMix"), N_("STATE.xml") },
    { NULL }
  };

  context = command_context (NULL, _("Prints vMix's state: version, streams, recording, "
                                     "outputs and master meters."));
  description = g_strconcat (status_json_help (), "\n\n", exit_status_help (), NULL);
  g_option_context_set_description (context, description);
  add_connection_entries (context, self);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, "status", argc, argv, &args, &exit_code))
    return exit_code;

  if (args[0] != NULL)
    return usage_error ("status", _("status takes no arguments."));
  if (self->file != NULL && (self->host != NULL || self->port != -1 ||
                             self->host_profile != NULL))
    return usage_error ("status", _("--file reads a saved document: it takes no --host, "
                                    "--port or --host-profile."));
  if (!check_connection_options (self, "status", &exit_code))
    return exit_code;

  if (self->file != NULL)
    return cli_status_from_file (self);
  return cli_run (self);
}

static gboolean
parse_start_stop (const char *word,
                  gboolean   *start)
{
  if (g_strcmp0 (word, "start") == 0)
    *start = TRUE;
  else if (g_strcmp0 (word, "stop") == 0)
    *start = FALSE;
  else
    return FALSE;
  return TRUE;
}

static int
command_stream (Cli   *self,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  guint64 number;
  int exit_code;
  const GOptionEntry entries[] = {
    { "destination", 'd', 0, G_OPTION_ARG_STRING, &self->destination_name,
      N_("Start the stream to this destination of the Onair app (its key comes from the "
         "keyring); without it, vMix's own Streaming settings are used"), N_("NAME") },
    { NULL }
  };

  context = command_context (_("start|stop N"),
                             _("Starts or stops vMix's stream N (1 is vMix's first stream)."));
  add_connection_entries (context, self);
  add_timeout_entry (context, self);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, "stream", argc, argv, &args, &exit_code))
    return exit_code;

  if (g_strv_length (args) != 2 || !parse_start_stop (args[0], &self->start))
    return usage_error ("stream", _("stream wants “start” or “stop” and a stream number."));
  if (!g_ascii_string_to_unsigned (args[1], 10, 1, G_MAXUINT, &number, NULL))
    return usage_error ("stream", _("The stream number is a whole number from 1, as vMix "
                                    "counts streams."));
  if (!self->start && self->destination_name != NULL)
    return usage_error ("stream", _("--destination is for “stream start” only."));
  if (self->destination_name != NULL && *self->destination_name == '\0')
    return usage_error ("stream", _("--destination wants a destination's name."));
  if (!check_connection_options (self, "stream", &exit_code))
    return exit_code;
  self->channel = (guint) number - 1;

  if (self->destination_name != NULL)
    {
      self->destination = cli_find_destination (self, &error);
      if (self->destination == NULL)
        {
          g_printerr ("onair-vmix: %s\n", error->message);
          return EXIT_FAILED;
        }
      /* The controller reads the key from the keyring; this tool never sees it. */
      self->secrets = onair_secret_store_new ();
    }

  self->operation = cli_stream_operation;
  return cli_run (self);
}

static int
command_record (Cli   *self,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  int exit_code;

  context = command_context (_("start|stop"),
                             _("Starts or stops vMix's recording (format and file name come "
                               "from vMix's recording settings)."));
  add_connection_entries (context, self);
  add_timeout_entry (context, self);
  if (!parse_command (context, "record", argc, argv, &args, &exit_code))
    return exit_code;

  if (g_strv_length (args) != 1 || !parse_start_stop (args[0], &self->start))
    return usage_error ("record", _("record wants “start” or “stop”."));
  if (!check_connection_options (self, "record", &exit_code))
    return exit_code;

  self->operation = cli_record_operation;
  return cli_run (self);
}

static int
command_call (Cli   *self,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  int exit_code;

  context = command_context (_("FUNCTION [NAME=VALUE…]"),
                             _("Calls one vMix shortcut function, e.g. “Fade Duration=500” or "
                               "“Cut Input=2”."));
  add_connection_entries (context, self);
  if (!parse_command (context, "call", argc, argv, &args, &exit_code))
    return exit_code;

  if (args[0] == NULL)
    return usage_error ("call", _("call wants a vMix function name."));
  if (!check_connection_options (self, "call", &exit_code))
    return exit_code;

  self->function = g_strdup (args[0]);
  self->params = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; args[i] != NULL; i++)
    {
      const char *equals = strchr (args[i], '=');

      if (equals == NULL || equals == args[i])
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not a parameter: write NAME=VALUE, e.g. Input=2."),
                             args[i]);

          return usage_error ("call", message);
        }
      g_ptr_array_add (self->params, g_strndup (args[i], equals - args[i]));
      g_ptr_array_add (self->params, g_strdup (equals + 1));
    }
  g_ptr_array_add (self->params, NULL);

  /* The destinations' keys become known by their fingerprints (loading them is enough):
   * a key given as a value is then redacted from the log and the witness like any other. */
  if (self->settings == NULL)
    self->settings = cli_open_settings ();
  if (self->settings != NULL)
    {
      g_autoptr(OnairDestinationList) list = onair_destination_list_new ();

      onair_destination_list_load (list, self->settings);
    }

  self->operation = cli_call_operation;
  return cli_run (self);
}

static int
command_fleet_status (Cli   *self,
                      int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  int exit_code;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json, N_("Print the hosts' states as JSON"),
      NULL },
    { NULL }
  };

  context = command_context (NULL, _("Prints the state of every vMix host saved in the Onair "
                                     "app."));
  g_option_context_set_description (context, fleet_status_help ());
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, "fleet status", argc, argv, &args, &exit_code))
    return exit_code;

  if (args[0] != NULL)
    return usage_error ("fleet status", _("fleet status takes no arguments."));
  return cli_fleet_status (self);
}

static int
command_watch (Cli   *self,
               int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  int exit_code;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json,
      N_("Print each change as a JSON object on its own line: time, change, value"), NULL },
    { "tcp-port", 0, 0, G_OPTION_ARG_INT, &self->tcp_port,
      N_("vMix's TCP API port for changes as they happen (8099, vMix's own); 0 polls the "
         "state over HTTP only"), N_("PORT") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &self->watch_count,
      N_("Stop after so many changes (default: until interrupted)"), N_("N") },
    { NULL }
  };

  context = command_context (NULL,
                             _("Prints a line for each change of vMix's state as it happens: "
                               "streams, recording, external output, Fade To Black, the "
                               "master's mute, program and preview. With vMix's TCP API a "
                               "change arrives within milliseconds; without it, the state is "
                               "polled every 250 ms. The first line says which (“updates "
                               "polling”, then “updates pushed” once the TCP API answers)."));
  add_connection_entries (context, self);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, "watch", argc, argv, &args, &exit_code))
    return exit_code;
  if (g_strv_length (args) != 0)
    return usage_error ("watch", _("watch takes no arguments."));
  if (self->tcp_port < -1 || self->tcp_port > 65535)
    return usage_error ("watch", _("The TCP port must be between 1 and 65535, or 0 for none."));
  if (self->watch_count < 0)
    return usage_error ("watch", _("--count wants a whole number of changes."));
  if (!check_connection_options (self, "watch", &exit_code))
    return exit_code;

  self->operation = cli_watch_operation;
  return cli_run (self);
}

/* `fleet` has one command so far: status. */
static int
command_fleet (Cli   *self,
               int    argc,
               char **argv)
{
  const char *subcommand = argc > 1 ? argv[1] : NULL;

  if (g_strcmp0 (subcommand, "status") == 0)
    return command_fleet_status (self, argc - 1, argv + 1);
  if (g_strcmp0 (subcommand, "--help") == 0 || g_strcmp0 (subcommand, "-h") == 0)
    {
      g_print ("%s\n  %s\n\n%s\n", _("Usage:"), _("onair-vmix fleet status [--json]"),
               fleet_status_help ());
      return EXIT_OK;
    }
  return usage_error ("fleet", _("fleet wants a command: “fleet status”."));
}

static char *
dup_usage (void)
{
  GString *usage = g_string_new (NULL);

  g_string_append_printf (usage, "%s\n", _("Usage:"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix status [--json]"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix status --file STATE.xml [--json]"));
  g_string_append_printf (usage, "  %s\n",
                          _("onair-vmix stream start|stop N [--destination NAME]"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix record start|stop"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix call FUNCTION [NAME=VALUE…]"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix fleet status [--json]"));
  g_string_append_printf (usage, "  %s\n",
                          _("onair-vmix watch [--json] [--tcp-port PORT] [--count N]"));
  g_string_append_printf (usage, "  %s\n", _("onair-vmix schedule list [--json]"));
  g_string_append_printf (usage, "\n%s\n%s\n\n%s\n",
                          _("Onair's command-line client for vMix."),
                          _("Every command that talks to one vMix takes --host HOST and --port "
                            "PORT, or --host-profile NAME for a vMix host saved in the Onair "
                            "app. “fleet status” asks every saved host at once. "
                            "“onair-vmix COMMAND --help” describes each command."),
                          exit_status_help ());
  return g_string_free (usage, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Cli) self = { 0 };
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  self.port = -1;
  self.tcp_port = -1;
  self.timeout_s = ONAIR_CONTROLLER_DEFAULT_CONFIRM_TIMEOUT_MS / 1000;

  command = argc > 1 ? argv[1] : NULL;
  if (command == NULL)
    {
      g_autofree char *usage = dup_usage ();

      g_printerr ("%s", usage);
      return EXIT_USAGE;
    }
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      g_autofree char *usage = dup_usage ();

      g_print ("%s", usage);
      return EXIT_OK;
    }

  if (g_str_equal (command, "status"))
    return command_status (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "stream"))
    return command_stream (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "record"))
    return command_record (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "call"))
    return command_call (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "fleet"))
    return command_fleet (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "watch"))
    return command_watch (&self, argc - 1, argv + 1);
  if (g_str_equal (command, "schedule"))
    return cli_schedule (&self, argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("“%s” is not a command."), command);

    return usage_error (NULL, message);
  }
}
