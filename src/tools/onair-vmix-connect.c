/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix: which vMix to talk to (the options, a saved host, Onair's settings), its
 * Web Controller password from the keyring, and the run that connects and hands over to
 * the command. */

#include "config.h"

#include <glib/gi18n.h>

#include "core/show/onair-fleet.h"
#include "onair-vmix-private.h"

void
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
  g_clear_pointer (&self->target, onair_host_profile_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->host_profile, g_free);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->destination_name, g_free);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->watch_snapshot, g_free);
}

/* Ends the run with @exit_code; @message (if any) goes to stderr as one line. */
void
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

/* The exit status for an error that ended an operation. */
int
cli_operation_exit_code (const GError *error)
{
  if (g_error_matches (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_CONNECTED))
    return EXIT_NO_CONNECTION;
  return EXIT_FAILED;
}

char *
cli_format_duration (gint64 seconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                          seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* Settings are optional: `status --file` and explicit --host/--port work without the
 * app's schema installed. */
GSettings *
cli_open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* ---- Saved hosts ------------------------------------------------------------------------- */

/* The saved host named @name, ignoring case, or else whose id is @name. */
OnairHostProfile *
cli_find_host_profile (GSettings   *settings,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(OnairFleet) fleet = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  OnairVmixSession *session;
  guint n_hosts;

  if (settings == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Onair's settings are not installed, so there are no saved vMix hosts. "
                     "Give the host with --host and --port instead."));
      return NULL;
    }

  fleet = onair_fleet_new (NULL);
  onair_fleet_load (fleet, settings);
  session = onair_fleet_lookup_by_name (fleet, name);
  if (session == NULL)
    session = onair_fleet_lookup (fleet, name);
  if (session != NULL)
    return onair_host_profile_copy (onair_vmix_session_get_profile (session));

  n_hosts = g_list_model_get_n_items (G_LIST_MODEL (fleet));
  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(OnairVmixSession) host = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", onair_vmix_session_get_name (host));
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("There is no saved vMix host “%s”. The saved hosts are: %s."), name, names->str);
  return NULL;
}

/* ---- The Web Controller password --------------------------------------------------------- */

typedef struct
{
  GStrv ids;      /* where to look, in turn */
  guint next;
} PasswordLookup;

static void
password_lookup_free (PasswordLookup *lookup)
{
  g_strfreev (lookup->ids);
  g_free (lookup);
}

static void lookup_next_id (GTask *task);

static void
lookup_id_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PasswordLookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (password != NULL)
    g_task_return_pointer (task, password, (GDestroyNotify) onair_secret_free);
  else if (lookup->ids[lookup->next] != NULL)
    lookup_next_id (g_steal_pointer (&task));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_next_id (GTask *task)
{
  PasswordLookup *lookup = g_task_get_task_data (task);
  const char *id = lookup->ids[lookup->next++];

  /* The task keeps the id alive until the store answers. */
  onair_secret_store_lookup_async (g_task_get_source_object (task),
                                   ONAIR_SECRET_KIND_VMIX_PASSWORD, id,
                                   g_task_get_cancellable (task), lookup_id_cb, task);
}

/**
 * cli_lookup_password_async:
 *
 * Reads @profile's Web Controller password from the keyring, where the app files it:
 * under "host:port". Setups from before hosts had profiles filed it under the host alone;
 * that is where it looks next.
 */
void
cli_lookup_password_async (OnairSecretStore       *secrets,
                           const OnairHostProfile *profile,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  GTask *task = g_task_new (secrets, cancellable, callback, user_data);
  PasswordLookup *lookup = g_new0 (PasswordLookup, 1);

  lookup->ids = g_new0 (char *, 3);
  lookup->ids[0] = onair_host_profile_dup_secret_id (profile);
  lookup->ids[1] = g_strdup (profile->host);
  g_task_set_source_tag (task, cli_lookup_password_async);
  g_task_set_task_data (task, lookup, (GDestroyNotify) password_lookup_free);
  lookup_next_id (task);
}

/* Returns: (nullable): the password (free it with onair_secret_free()), or %NULL when the
 * keyring holds none, or with @error when the keyring could not be read. */
char *
cli_lookup_password_finish (OnairSecretStore  *secrets,
                            GAsyncResult      *result,
                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, secrets), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
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
      cli_fetch_status (self);
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
  char *password;

  password = cli_lookup_password_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }
  onair_vmix_client_set_credentials (self->client, self->target->username, password);
  onair_secret_free (password);
  cli_connected (self);
}

/* Creates the client for the target host, then runs the operation. */
static void
cli_connect (Cli *self)
{
  g_autoptr(GError) error = NULL;

  self->client = onair_vmix_client_new (self->target->host, self->target->port,
                                        self->target->use_tls, &error);
  if (self->client == NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }

  if (self->target->username != NULL)
    {
      if (self->secrets == NULL)
        self->secrets = onair_secret_store_new ();
      cli_lookup_password_async (self->secrets, self->target, NULL, password_lookup_cb, self);
      return;
    }
  cli_connected (self);
}

/* The host to talk to: the saved host --host-profile names; else the host of Onair's
 * settings (or the defaults), with --host and --port on top. */
static gboolean
cli_resolve_target (Cli     *self,
                    GError **error)
{
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  guint port = DEFAULT_PORT;
  gboolean use_tls = FALSE;

  if (self->settings == NULL)
    self->settings = cli_open_settings ();

  if (self->host_profile != NULL)
    {
      self->target = cli_find_host_profile (self->settings, self->host_profile, error);
      return self->target != NULL;
    }

  if (self->settings != NULL)
    {
      host = g_settings_get_string (self->settings, "host");
      port = g_settings_get_uint (self->settings, "port");
      use_tls = g_settings_get_boolean (self->settings, "use-tls");
      user = g_settings_get_string (self->settings, "username");
    }
  if (self->port != -1)
    port = self->port;
  self->target = onair_host_profile_new ("command-line", NULL, ONAIR_HOST_ROLE_OTHER,
                                         self->host != NULL ? self->host :
                                         host != NULL ? host : DEFAULT_HOST,
                                         port, use_tls, user);
  return TRUE;
}

int
cli_run (Cli *self)
{
  g_autoptr(GError) error = NULL;

  if (!cli_resolve_target (self, &error))
    {
      g_printerr ("onair-vmix: %s\n", error->message);
      return EXIT_USAGE;
    }

  self->loop = g_main_loop_new (NULL, FALSE);
  self->exit_code = EXIT_FAILED;
  cli_connect (self);
  if (!self->done)
    g_main_loop_run (self->loop);
  return self->exit_code;
}
