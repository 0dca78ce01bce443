/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix: Onair's command-line client, for scripts, cron jobs and support. It reads
 * vMix's state and performs the app's operations through OnairController, so that they
 * are validated and confirmed from vMix's state exactly as in the app. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/show/onair-controller.h"
#include "core/destinations/onair-destination-list.h"
#include "core/vmix/onair-vmix-state-json.h"

/* The exit status scripts can rely on. */
enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,     /* vMix said no, or the operation failed or was refused */
  EXIT_USAGE = 2,
  EXIT_NO_CONNECTION = 3,
};

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT 8088
#define MAX_TIMEOUT_S 3600

typedef struct _Cli Cli;
typedef void (*CliOperation) (Cli *self);

struct _Cli
{
  GMainLoop        *loop;
  int               exit_code;
  gboolean          done;

  /* Options. */
  char             *host;
  int               port;         /* -1 when not given */
  int               timeout_s;
  gboolean          json;
  char             *file;
  char             *destination_name;

  GSettings        *settings;
  OnairSecretStore *secrets;
  OnairVmixClient  *client;
  OnairPoller      *poller;
  OnairController  *controller;
  OnairDestination *destination;

  gulong            state_handler;
  gulong            failed_handler;
  guint             timeout_id;

  /* What to do once connected. */
  CliOperation      operation;
  gboolean          start;
  guint             channel;      /* 0-based */
  char             *function;
  GPtrArray        *params;       /* name, value, …, NULL */
};

static void
cli_clear (Cli *self)
{
  if (self->poller != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->poller);
      g_clear_signal_handler (&self->failed_handler, self->poller);
      onair_poller_stop (self->poller);
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  g_clear_object (&self->client);
  g_clear_object (&self->destination);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->destination_name, g_free);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

/* Ends the run with @exit_code; @message (if any) goes to stderr as one line. */
static void
cli_finish (Cli        *self,
            int         exit_code,
            const char *message)
{
  if (self->done)
    return;
  if (message != NULL)
    {
      g_autofree char *line = g_strdelimit (g_strdup (message), "\r\n", ' ');

      g_printerr ("onair-vmix: %s\n", line);
    }
  self->exit_code = exit_code;
  self->done = TRUE;
  g_main_loop_quit (self->loop);
}

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

/* The exit status for an error that ended an operation. */
static int
operation_exit_code (const GError *error)
{
  if (g_error_matches (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONNECTED))
    return EXIT_NO_CONNECTION;
  return EXIT_FAILED;
}

static char *
format_duration (gint64 seconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                          seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* Settings are optional: `status --file` and explicit --host/--port work without the
 * app's schema installed. */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* ---- Status ------------------------------------------------------------------------------ */

static void
print_state_json (OnairVmixState *state)
{
  g_autofree char *text = onair_vmix_state_to_json (state);

  /* JSON is UTF-8 whatever the locale: write it as is, not through g_print's conversion. */
  fwrite (text, 1, strlen (text), stdout);
}

static const char *
on_off (gboolean on)
{
  /* Translators: the state of a stream, output or recording. */
  return on ? _("on") : _("off");
}

static void
print_state_text (OnairVmixState *state)
{
  const char * const *files = onair_vmix_state_get_recording_files (state);
  const OnairVmixMeter *master = onair_vmix_state_get_master (state);
  const char *version = onair_vmix_state_get_version (state);
  const char *edition = onair_vmix_state_get_edition (state);
  gint64 duration = onair_vmix_state_get_recording_duration (state);
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean any_srt = FALSE;

  g_print (_("vMix %s, %s edition\n"),
           version ? version : _("(unknown version)"),
           edition ? edition : _("unknown"));

  if (!onair_vmix_state_get_streams_reported (state))
    g_print (_("Streams: streaming — channel not reported by this vMix\n"));
  else
    {
      for (guint i = 0; i < onair_vmix_state_get_stream_count (state); i++)
        {
          gboolean live = onair_vmix_state_get_stream_live (state, i);

          if (line->len > 0)
            g_string_append (line, ", ");
          /* Translators: one stream in the list of streams, e.g. "2 live" or "3 off". */
          g_string_append_printf (line, _("%u %s"), i + 1, live ? _("live") : _("off"));
        }
      g_print (_("Streams: %s\n"), line->str);
    }

  if (onair_vmix_state_get_recording (state) && duration >= 0)
    {
      g_autofree char *text = format_duration (duration);

      g_print (_("Recording: on for %s\n"), text);
    }
  else
    {
      g_print (_("Recording: %s\n"), on_off (onair_vmix_state_get_recording (state)));
    }
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_print (_("Recording file: %s\n"), files[i]);

  g_print (_("External output: %s\n"), on_off (onair_vmix_state_get_external (state)));
  g_print (_("MultiCorder: %s\n"), on_off (onair_vmix_state_get_multicorder (state)));

  g_string_truncate (line, 0);
  for (guint i = 0; i < onair_vmix_state_get_n_outputs (state); i++)
    {
      const OnairVmixOutput *output = onair_vmix_state_get_output (state, i);

      if (!onair_vmix_output_is_type (output, "Output"))
        continue;
      if (line->len > 0)
        g_string_append (line, ", ");
      /* Translators: one output in the list of SRT outputs, e.g. "1 on". */
      g_string_append_printf (line, _("%u %s"), output->number, on_off (output->srt));
      any_srt = TRUE;
    }
  if (any_srt)
    g_print (_("SRT outputs: %s\n"), line->str);
  else if (onair_vmix_state_get_srt_output_count (state) > 0)
    g_print (_("SRT outputs: 1–%u, state not reported by this vMix\n"),
             onair_vmix_state_get_srt_output_count (state));
  else
    g_print (_("SRT outputs: none on this vMix version\n"));

  if (master != NULL)
    g_print (_("Master meters: left %.2f, right %.2f\n"), master->left, master->right);
  else
    g_print (_("Master meters: not reported by this vMix\n"));
}

static void
print_state (Cli            *self,
             OnairVmixState *state)
{
  if (self->json)
    print_state_json (state);
  else
    print_state_text (state);
}

static int
status_from_file (Cli *self)
{
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  if (!g_file_get_contents (self->file, &contents, &length, &error))
    {
      g_printerr ("onair-vmix: %s\n", error->message);
      return EXIT_FAILED;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  state = onair_vmix_state_new_from_bytes (bytes, &error);
  if (state == NULL)
    {
      g_printerr ("onair-vmix: %s: %s\n", self->file, error->message);
      return EXIT_FAILED;
    }
  print_state (self, state);
  return EXIT_OK;
}

static void
fetch_state_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result, NULL, &error);
  if (state == NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }
  print_state (self, state);
  cli_finish (self, EXIT_OK, NULL);
}

/* ---- Connecting -------------------------------------------------------------------------- */

static void
connected_cb (Cli            *self,
              OnairVmixState *state,
              gint64          round_trip_us,
              OnairPoller    *poller)
{
  g_clear_signal_handler (&self->state_handler, self->poller);
  g_clear_signal_handler (&self->failed_handler, self->poller);
  self->operation (self);
}

static void
connect_failed_cb (Cli         *self,
                   GError      *error,
                   OnairPoller *poller)
{
  cli_finish (self, EXIT_NO_CONNECTION, error->message);
}

/* Status asks once; operations run a poller and a controller like the app, so that the
 * controller sees vMix's state before and after the operation. */
static void
cli_connected (Cli *self)
{
  if (self->operation == NULL)
    {
      onair_vmix_client_fetch_state_async (self->client, NULL, fetch_state_cb, self);
      return;
    }

  self->poller = onair_poller_new (self->client);
  /* A command-line run is short: confirm as quickly as vMix may safely be polled. */
  onair_poller_set_interval_ms (self->poller, ONAIR_POLLER_MIN_INTERVAL_MS);
  self->controller = onair_controller_new (self->poller, self->secrets);
  onair_controller_set_confirm_timeout_ms (self->controller, self->timeout_s * 1000);
  /* Witness events: the app records the controller's "operation-finished" in the witness
   * chain (OnairWitness's append API) through its own glue; this tool does not write
   * the witness log yet. */
  self->state_handler = g_signal_connect_swapped (self->poller, "state-received",
                                                  G_CALLBACK (connected_cb), self);
  self->failed_handler = g_signal_connect_swapped (self->poller, "poll-failed",
                                                   G_CALLBACK (connect_failed_cb), self);
  onair_poller_start (self->poller);
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = g_settings_get_string (self->settings, "username");
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }
  onair_vmix_client_set_credentials (self->client, user, password);
  onair_secret_free (password);
  cli_connected (self);
}

/* Creates the client from the options and the app's settings, then runs the operation. */
static void
cli_connect (Cli *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  guint port = DEFAULT_PORT;
  gboolean use_tls = FALSE;

  if (self->settings == NULL)
    self->settings = open_settings ();
  if (self->settings != NULL)
    {
      host = g_settings_get_string (self->settings, "host");
      port = g_settings_get_uint (self->settings, "port");
      use_tls = g_settings_get_boolean (self->settings, "use-tls");
      user = g_settings_get_string (self->settings, "username");
    }
  if (self->host == NULL)
    self->host = host ? g_steal_pointer (&host) : g_strdup (DEFAULT_HOST);
  if (self->port != -1)
    port = self->port;

  self->client = onair_vmix_client_new (self->host, port, use_tls, &error);
  if (self->client == NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }

  /* The Web Controller password lives in the keyring, filed under the host. The store
   * borrows the id until it answers: self->host lives until then. */
  if (user != NULL && *user != '\0')
    {
      if (self->secrets == NULL)
        self->secrets = onair_secret_store_new ();
      onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, self->host,
                                       NULL, password_lookup_cb, self);
      return;
    }
  cli_connected (self);
}

static int
cli_run (Cli *self)
{
  self->loop = g_main_loop_new (NULL, FALSE);
  self->exit_code = EXIT_FAILED;
  cli_connect (self);
  if (!self->done)
    g_main_loop_run (self->loop);
  return self->exit_code;
}

/* ---- Streams ----------------------------------------------------------------------------- */

static void
start_stream_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_start_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Stream %u is live to “%s”.\n"), self->channel + 1,
           onair_destination_get_name (self->destination));
  cli_finish (self, EXIT_OK, NULL);
}

static gboolean
configured_stream_timeout_cb (gpointer user_data)
{
  Cli *self = user_data;
  g_autofree char *message = NULL;

  self->timeout_id = 0;
  g_clear_signal_handler (&self->state_handler, self->poller);
  message = g_strdup_printf (_("vMix accepted the command, but stream %u did not go live within "
                               "%d s. Check the stream's destination in vMix's Streaming "
                               "settings, or pass --destination."),
                             self->channel + 1, self->timeout_s);
  cli_finish (self, EXIT_FAILED, message);
  return G_SOURCE_REMOVE;
}

static void
configured_stream_state_cb (Cli            *self,
                            OnairVmixState *state,
                            gint64          round_trip_us,
                            OnairPoller    *poller)
{
  if (!onair_vmix_state_get_stream_live (state, self->channel))
    return;
  g_clear_signal_handler (&self->state_handler, self->poller);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_print (_("Stream %u is live.\n"), self->channel + 1);
  cli_finish (self, EXIT_OK, NULL);
}

static void
start_configured_stream_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_controller_call_function_finish (ONAIR_CONTROLLER (object), result, &error);
  if (answer == NULL)
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }

  /* Like the controller's own operations: done only when vMix's state shows it. */
  self->state_handler = g_signal_connect_swapped (self->poller, "state-received",
                                                  G_CALLBACK (configured_stream_state_cb),
                                                  self);
  self->timeout_id = g_timeout_add_seconds (self->timeout_s, configured_stream_timeout_cb, self);
  onair_poller_poll_now (self->poller);
}

/* Without --destination, the stream goes live to whatever vMix's Streaming settings hold. */
static void
start_configured_stream (Cli *self)
{
  OnairVmixState *state = onair_poller_get_state (self->poller);
  guint count = onair_controller_get_stream_count (self->controller);
  g_autofree char *value = g_strdup_printf ("%u", self->channel);
  const char *params[] = { "Value", value, NULL };
  g_autofree char *message = NULL;

  if (self->channel >= count)
    {
      message = g_strdup_printf (_("This vMix has %u stream channels; there is no stream %u."),
                                 count, self->channel + 1);
      cli_finish (self, EXIT_FAILED, message);
      return;
    }
  if (onair_vmix_state_get_stream_live (state, self->channel))
    {
      message = g_strdup_printf (_("Stream %u is already live."), self->channel + 1);
      cli_finish (self, EXIT_FAILED, message);
      return;
    }

  onair_controller_call_function_async (self->controller, "StartStreaming", params, NULL,
                                        start_configured_stream_cb, self);
}

static void
stop_stream_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_stop_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Stream %u is off.\n"), self->channel + 1);
  cli_finish (self, EXIT_OK, NULL);
}

static void
stream_operation (Cli *self)
{
  if (!self->start)
    onair_controller_stop_stream_async (self->controller, self->channel, NULL,
                                        stop_stream_cb, self);
  else if (self->destination != NULL)
    onair_controller_start_stream_async (self->controller, self->channel, self->destination,
                                         NULL, start_stream_cb, self);
  else
    start_configured_stream (self);
}

/* Finds a destination by its name: exactly, else ignoring case when that is unambiguous. */
static OnairDestination *
find_destination (Cli     *self,
                  GError **error)
{
  g_autoptr(OnairDestinationList) list = onair_destination_list_new ();
  g_autoptr(OnairDestination) exact = NULL;
  g_autoptr(OnairDestination) folded = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *wanted = g_utf8_casefold (self->destination_name, -1);
  guint n_exact = 0;
  guint n_folded = 0;
  guint n_items;

  if (self->settings == NULL)
    self->settings = open_settings ();
  if (self->settings == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Onair's settings are not installed, so there are no destinations. "
                     "Set up destinations in the Onair app."));
      return NULL;
    }

  onair_destination_list_load (list, self->settings);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnairDestination) destination = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *name = onair_destination_get_name (destination);
      g_autofree char *name_folded = g_utf8_casefold (name, -1);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", name);

      if (g_str_equal (name, self->destination_name))
        {
          n_exact++;
          g_set_object (&exact, destination);
        }
      else if (g_str_equal (name_folded, wanted))
        {
          n_folded++;
          g_set_object (&folded, destination);
        }
    }

  if (n_exact > 1 || (n_exact == 0 && n_folded > 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Several destinations are named “%s”. Rename them in the Onair app."),
                   self->destination_name);
      return NULL;
    }
  if (exact != NULL)
    return g_steal_pointer (&exact);
  if (folded != NULL)
    return g_steal_pointer (&folded);

  if (n_items == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no destination “%s”: no destinations are set up. Add them in "
                   "the Onair app."), self->destination_name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no destination “%s”. The destinations are: %s."),
                 self->destination_name, names->str);
  return NULL;
}

/* ---- Recording --------------------------------------------------------------------------- */

static void
start_recording_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  OnairVmixState *state;
  const char * const *files;

  if (!onair_controller_start_recording_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Recording started.\n"));
  state = onair_poller_get_state (self->poller);
  files = state ? onair_vmix_state_get_recording_files (state) : NULL;
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_print (_("Recording file: %s\n"), files[i]);
  cli_finish (self, EXIT_OK, NULL);
}

static void
stop_recording_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 duration;

  duration = onair_controller_stop_recording_finish (ONAIR_CONTROLLER (object), result, &error);
  if (error != NULL)
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }
  text = format_duration (duration);
  g_print (_("Recording stopped after %s.\n"), text);
  cli_finish (self, EXIT_OK, NULL);
}

static void
record_operation (Cli *self)
{
  if (self->start)
    onair_controller_start_recording_async (self->controller, NULL, start_recording_cb, self);
  else
    onair_controller_stop_recording_async (self->controller, NULL, stop_recording_cb, self);
}

/* ---- Functions --------------------------------------------------------------------------- */

static void
call_function_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_controller_call_function_finish (ONAIR_CONTROLLER (object), result, &error);
  if (answer == NULL)
    {
      cli_finish (self, operation_exit_code (error), error->message);
      return;
    }
  g_strstrip (answer);
  if (*answer != '\0')
    g_print ("%s\n", answer);
  cli_finish (self, EXIT_OK, NULL);
}

static void
call_operation (Cli *self)
{
  onair_controller_call_function_async (self->controller, self->function,
                                        (const char * const *) self->params->pdata, NULL,
                                        call_function_cb, self);
}

/* ---- Command line ------------------------------------------------------------------------ */

static const char *
exit_status_help (void)
{
  return _("Exit status: 0 done, 1 vMix refused or the operation failed, 2 usage error, "
           "3 cannot connect to vMix.\n"
           "Host and port default to the Onair app's settings.");
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
           "behind them: docs/vmix-api.md.\n\n"
           "Exit status: 0 done, 1 vMix refused or the operation failed, 2 usage error, "
           "3 cannot connect to vMix.\n"
           "Host and port default to the Onair app's settings.");
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
  int exit_code;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json, N_("Print the state as JSON"), NULL },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &self->file,
      N_("Read a saved vMix state document instead of asking vMix"), N_("STATE.xml") },
    { NULL }
  };

  context = command_context (NULL, _("Prints vMix's state: version, streams, recording, "
                                     "outputs and master meters."));
  g_option_context_set_description (context, status_json_help ());
  add_connection_entries (context, self);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, "status", argc, argv, &args, &exit_code))
    return exit_code;

  if (args[0] != NULL)
    return usage_error ("status", _("status takes no arguments."));
  if (self->file != NULL && (self->host != NULL || self->port != -1))
    return usage_error ("status", _("--file reads a saved document: it takes no --host or "
                                    "--port."));
  if (!check_connection_options (self, "status", &exit_code))
    return exit_code;

  if (self->file != NULL)
    return status_from_file (self);
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
      self->destination = find_destination (self, &error);
      if (self->destination == NULL)
        {
          g_printerr ("onair-vmix: %s\n", error->message);
          return EXIT_FAILED;
        }
      /* The controller reads the key from the keyring; this tool never sees it. */
      self->secrets = onair_secret_store_new ();
    }

  self->operation = stream_operation;
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

  self->operation = record_operation;
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
    self->settings = open_settings ();
  if (self->settings != NULL)
    {
      g_autoptr(OnairDestinationList) list = onair_destination_list_new ();

      onair_destination_list_load (list, self->settings);
    }

  self->operation = call_operation;
  return cli_run (self);
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
  g_string_append_printf (usage, "\n%s\n%s\n\n%s\n",
                          _("Onair's command-line client for vMix."),
                          _("Every command that talks to vMix takes --host HOST and --port PORT. "
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

  {
    g_autofree char *message = g_strdup_printf (_("“%s” is not a command."), command);

    return usage_error (NULL, message);
  }
}
