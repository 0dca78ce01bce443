/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/health/onair-health-monitor.h"
#include "core/health/onair-ingest-source.h"
#include "core/show/onair-witness-recorder.h"
#include "onair-application.h"
#include "onair-application-private.h"
#include "onair-preferences-window.h"
#include "onair-welcome-page.h"
#include "onair-window.h"

/* From the GResource compiled in data/. */
void onair_register_resource (void);


G_DEFINE_FINAL_TYPE (OnairApplication, onair_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_POLLER,
  PROP_CONTROLLER,
  PROP_HEALTH,
  PROP_CHOSEN_HOST_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORD_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/**
 * onair_application_reconnect:
 *
 * Reads the hosts again (from the settings, or the built-in emulators) and reconnects to
 * every one of them.
 */
void
onair_application_reconnect (OnairApplication *self)
{
  g_autoptr(GPtrArray) profiles = NULL;

  g_return_if_fail (ONAIR_IS_APPLICATION (self));

  profiles = onair_application_dup_emulator_profiles (self);
  if (profiles->len > 0)
    onair_application_sync_fleet_to_profiles (self, profiles);
  else
    onair_fleet_load (self->fleet, self->settings);
  onair_fleet_stop_all (self->fleet);
  onair_application_configure_sessions (self);
  onair_application_start_hosts (self);
  onair_application_sync_chosen (self);
}

/* The hosts in the settings changed: new ones connect, changed ones reconnect, the
 * others are not touched. */
static void
hosts_settings_changed_cb (OnairApplication *self,
                           const char       *key,
                           GSettings        *settings)
{
  if (onair_application_is_emulated (self))
    return;
  onair_fleet_load (self->fleet, self->settings);
  onair_application_configure_sessions (self);
  onair_application_start_hosts (self);
  onair_application_sync_chosen (self);
}

static void
witness_failed_cb (OnairApplication *self,
                   const GError     *error)
{
  /* The window shows it; a witness log that cannot be written is worth a warning too. */
  g_warning ("Witness log: %s", error->message);
}

/* Settings an auditor may care about; window geometry is not one of them. Destinations and
 * SRT profiles are recorded by their dialogs, with fingerprints. */
static void
settings_changed_cb (OnairApplication *self,
                     const char       *key,
                     GSettings        *settings)
{
  static const char * const recorded[] = { "hosts", "host", "port", "use-tls", "username",
                                           "poll-interval-ms", NULL };
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_str_has_prefix (key, "health-") || g_str_equal (key, "poll-interval-ms"))
    onair_application_configure_sessions (self);
  if ((!g_strv_contains (recorded, key) && !g_str_has_prefix (key, "health-")) ||
      self->recorder == NULL)
    return;

  params = json_object_new ();
  value = g_settings_get_value (settings, key);
  json_object_set_string_member (params, "key", key);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    json_object_set_string_member (params, "value", g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    json_object_set_boolean_member (params, "value", g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    json_object_set_int_member (params, "value", g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      /* Canonical witness JSON has integers only: fractions are strings. */
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      json_object_set_string_member (params, "value",
                                     g_ascii_dtostr (text, sizeof text, g_variant_get_double (value)));
    }
  else
    {
      /* The hosts: profiles only, never a password. */
      g_autofree char *text = g_variant_print (value, FALSE);

      json_object_set_string_member (params, "value", text);
    }
  onair_witness_recorder_record (self->recorder, "settings_changed", NULL, params, NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  OnairApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  OnairPreferencesWindow *preferences = onair_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  OnairApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Onair developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Onair"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Onair developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Run the streaming side of a vMix show and keep a "
                                       "verifiable audit trail of it."),
                         "website", "https://github.com/onair-app/onair",
                         "issue-url", "https://github.com/onair-app/onair/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Onair developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* The window asks first while anything is on air: vMix goes on without Onair. */
  if (ONAIR_IS_WINDOW (window))
    onair_window_request_quit (ONAIR_WINDOW (window));
  else
    g_application_quit (G_APPLICATION (user_data));
}

static void
show_health_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  OnairApplication *self = user_data;

  g_application_activate (G_APPLICATION (self));
  onair_window_show_page (ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (self))),
                          "health");
}

static const GActionEntry app_actions[] = {
  { "show-health", show_health_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static gint
onair_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  OnairApplication *self = ONAIR_APPLICATION (application);
  OnairEmulatorProfile profile;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("onair %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->want_emulator = g_variant_dict_contains (options, "emulator");
  g_variant_dict_lookup (options, "emulator-profile", "s", &self->emulator_profile);
  if (self->emulator_profile != NULL &&
      !onair_emulator_profile_from_name (self->emulator_profile, &profile))
    {
      g_printerr (_("Unknown emulator profile “%s”: use vmix28, vmix26 or vmix21.\n"),
                  self->emulator_profile);
      return 2;
    }
  /* Each demo gets its own emulator, so it must not hand over to a running instance. */
  if (self->want_emulator)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (onair_application_parent_class)->handle_local_options (application,
                                                                                      options);
}

static void
onair_application_startup (GApplication *application)
{
  OnairApplication *self = ONAIR_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (onair_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  if (self->want_emulator)
    onair_application_start_builtin_emulators (self);

  {
    static const char * const host_keys[] = { "hosts", "host", "port", "use-tls", "username" };

    for (guint i = 0; i < G_N_ELEMENTS (host_keys); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", host_keys[i], NULL);

        g_signal_connect_object (self->settings, signal, G_CALLBACK (hosts_settings_changed_cb),
                                 self, G_CONNECT_SWAPPED);
      }
  }
  onair_destination_list_load (self->destinations, self->settings);
  onair_application_start_alerts (self);

  /* The witness log: every operation from here on is recorded, in order. */
  {
    g_autoptr(JsonObject) params = json_object_new ();

    self->recorder = onair_witness_recorder_new (self->secrets, NULL);
    g_signal_connect_object (self->recorder, "failed", G_CALLBACK (witness_failed_cb), self,
                             G_CONNECT_SWAPPED);
    json_object_set_string_member (params, "version", PACKAGE_VERSION);
    json_object_set_boolean_member (params, "emulator", onair_application_is_emulated (self));
    onair_witness_recorder_record (self->recorder, "app_started", NULL, params, NULL);
    onair_witness_recorder_open_async (self->recorder, self->cancellable, NULL, NULL);
    onair_witness_recorder_watch_fleet (self->recorder, self->fleet);
  }
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->fleet, "items-changed", G_CALLBACK (onair_application_fleet_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->notifications_watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                onair_application_notifications_appeared_cb,
                                                onair_application_notifications_vanished_cb, self, NULL);
  self->portal_watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.portal.Desktop",
                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                         onair_application_notifications_appeared_cb,
                                         onair_application_notifications_vanished_cb, self, NULL);
  g_signal_connect_object (self->destinations, "items-changed",
                           G_CALLBACK (onair_application_update_ingest_sources), self, G_CONNECT_SWAPPED);
  onair_application_start_schedules (self);

  onair_application_reconnect (self);
}

static void
onair_application_activate (GApplication *application)
{
  OnairApplication *self = ONAIR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (onair_window_new (self));
      /* No vMix configured yet: the window opens on the question where vMix is. */
      if (onair_application_needs_first_run (self))
        {
          onair_window_add_page (ONAIR_WINDOW (window),
                                 GTK_WIDGET (onair_welcome_page_new (self)), "welcome",
                                 _("Welcome"), "go-home-symbolic");
          onair_window_show_page (ONAIR_WINDOW (window), "welcome");
        }
    }
  gtk_window_present (window);
}

static void
onair_application_shutdown (GApplication *application)
{
  OnairApplication *self = ONAIR_APPLICATION (application);

  onair_application_stop_schedules (self);
  onair_fleet_stop_all (self->fleet);
  for (guint i = 0; i < self->builtin_emulators->len; i++)
    onair_emulator_stop (g_ptr_array_index (self->builtin_emulators, i));

  g_clear_handle_id (&self->notifications_watch, g_bus_unwatch_name);
  g_clear_handle_id (&self->portal_watch, g_bus_unwatch_name);

  /* Events still on their way to the chain are written before Onair quits. */
  if (self->recorder != NULL)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      while (onair_witness_recorder_get_witness (self->recorder) != NULL &&
             onair_witness_recorder_get_error (self->recorder) == NULL &&
             onair_witness_recorder_get_n_pending (self->recorder) > 0 &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
    }

  G_APPLICATION_CLASS (onair_application_parent_class)->shutdown (application);
}

static void
onair_application_dispose (GObject *object)
{
  OnairApplication *self = ONAIR_APPLICATION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recorder);
  g_clear_object (&self->alert_sinks);
  if (self->ingest_sources != NULL)
    for (guint i = 0; i < self->ingest_sources->len; i++)
      onair_ingest_source_stop (g_ptr_array_index (self->ingest_sources, i));
  g_clear_pointer (&self->ingest_sources, g_ptr_array_unref);
  g_clear_object (&self->ingest_monitor);
  if (self->watched_monitors != NULL)
    for (guint i = 0; i < self->watched_monitors->len; i++)
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched_monitors, i),
                                            onair_application_health_changed_cb, self);
  g_clear_pointer (&self->watched_monitors, g_ptr_array_unref);
  if (self->chosen != NULL)
    g_signal_handlers_disconnect_by_func (self->chosen, onair_application_sync_chosen, self);
  g_clear_object (&self->chosen);
  g_clear_object (&self->monitor);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  if (self->fleet != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->fleet, self);
      onair_fleet_stop_all (self->fleet);
    }
  g_clear_object (&self->fleet);
  g_clear_pointer (&self->chosen_id, g_free);
  g_clear_object (&self->emulator);
  g_clear_pointer (&self->builtin_emulators, g_ptr_array_unref);
  g_clear_object (&self->destinations);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->emulator_profile, g_free);

  G_OBJECT_CLASS (onair_application_parent_class)->dispose (object);
}

static void
onair_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OnairApplication *self = ONAIR_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_POLLER:
      g_value_set_object (value, self->poller);
      break;
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_HEALTH:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_CHOSEN_HOST_ID:
      g_value_set_string (value, self->chosen_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_application_class_init (OnairApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = onair_application_dispose;
  object_class->get_property = onair_application_get_property;
  app_class->handle_local_options = onair_application_handle_local_options;
  app_class->startup = onair_application_startup;
  app_class->activate = onair_application_activate;
  app_class->shutdown = onair_application_shutdown;

  properties[PROP_POLLER] =
    g_param_spec_object ("poller", NULL, NULL, ONAIR_TYPE_POLLER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, ONAIR_TYPE_CONTROLLER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH] =
    g_param_spec_object ("health", NULL, NULL, ONAIR_TYPE_HEALTH_MONITOR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOSEN_HOST_ID] =
    g_param_spec_string ("chosen-host-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairApplication::record-event:
   * @event_type: a witness event type, e.g. "destination_saved"
   * @params: what was asked, secrets removed
   * @result: what happened
   *
   * An event for the witness log that does not come from the controller.
   */
  signals[RECORD_EVENT] =
    g_signal_new ("record-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, JSON_TYPE_OBJECT, JSON_TYPE_OBJECT);

  onair_register_resource ();
}

static void
onair_application_init (OnairApplication *self)
{
  static const GOptionEntry entries[] = {
    { "emulator", 'e', 0, G_OPTION_ARG_NONE, NULL,
      N_("Connect to two built-in vMix emulators, Main and Backup, instead of vMix"), NULL },
    { "emulator-profile", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The emulated Backup vMix: vmix28 (5 streams), vmix26 (3 streams, the default) or "
         "vmix21 (3 streams, which stream is on not reported)"), N_("PROFILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (APP_ID);
  self->secrets = onair_secret_store_new ();
  self->cancellable = g_cancellable_new ();
  self->fleet = onair_fleet_new (self->secrets);
  self->watched_monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->builtin_emulators = g_ptr_array_new_with_free_func (g_object_unref);
  self->ingest_sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->destinations = onair_destination_list_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

/**
 * onair_application_new:
 *
 * Returns: (transfer full): the application
 */
OnairApplication *
onair_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  return g_object_new (ONAIR_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/io/github/onair_app/Onair",
                       NULL);
}

GSettings *
onair_application_get_settings (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * onair_application_get_poller:
 *
 * Returns: (transfer none) (nullable): the poller of the chosen host, %NULL while it is
 *   stopped
 */
OnairPoller *
onair_application_get_poller (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->poller;
}

/**
 * onair_application_get_emulator:
 *
 * Returns: (transfer none) (nullable): the emulator Onair runs against; with --emulator,
 *   Main's (onair_application_get_emulators() has Backup's too)
 */
OnairEmulator *
onair_application_get_emulator (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  if (self->emulator == NULL && self->builtin_emulators->len > 0)
    return g_ptr_array_index (self->builtin_emulators, 0);
  return self->emulator;
}

/**
 * onair_application_set_emulator:
 * @emulator: (nullable): a started emulator to connect to instead of the settings' hosts
 *
 * For tests and demos: the fleet becomes one host, "Main", on @emulator; takes effect at
 * startup or with onair_application_reconnect().
 */
void
onair_application_set_emulator (OnairApplication *self,
                                OnairEmulator    *emulator)
{
  g_return_if_fail (ONAIR_IS_APPLICATION (self));
  g_set_object (&self->emulator, emulator);
}

/**
 * onair_application_get_controller:
 *
 * Returns: (transfer none) (nullable): the controller of the chosen host: the only way
 *   the Control Room operates vMix
 */
OnairController *
onair_application_get_controller (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->controller;
}

/**
 * onair_application_get_secrets:
 *
 * Returns: (transfer none): the keyring
 */
OnairSecretStore *
onair_application_get_secrets (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->secrets;
}

/**
 * onair_application_get_destinations:
 *
 * Returns: (transfer none): the producer's destinations (keys in the keyring)
 */
OnairDestinationList *
onair_application_get_destinations (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->destinations;
}

/**
 * onair_application_record_event:
 * @event_type: a witness event type, e.g. "destination_saved", "stream_key_changed"
 * @params: what was asked; no secret may be in it (keys only as fingerprints)
 * @result: (nullable): what happened; %NULL for plain success
 *
 * Records an event the controller does not see (destinations, keys, settings) in the
 * witness log.
 */
void
onair_application_record_event (OnairApplication *self,
                                const char       *event_type,
                                JsonObject       *params,
                                JsonObject       *result)
{
  g_autoptr(JsonObject) success = NULL;

  g_return_if_fail (ONAIR_IS_APPLICATION (self));
  g_return_if_fail (event_type != NULL && params != NULL);

  if (result == NULL)
    {
      success = json_object_new ();
      json_object_set_boolean_member (success, "success", TRUE);
      result = success;
    }
  g_signal_emit (self, signals[RECORD_EVENT], 0, event_type, params, result);
  if (self->recorder != NULL)
    onair_witness_recorder_record (self->recorder, event_type, NULL, params, result);
}

/**
 * onair_application_get_recorder:
 *
 * Returns: (transfer none) (nullable): the witness log recorder, after startup
 */
OnairWitnessRecorder *
onair_application_get_recorder (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->recorder;
}

/**
 * onair_application_get_health:
 *
 * Returns: (transfer none) (nullable): the health monitor of the chosen host
 */
OnairHealthMonitor *
onair_application_get_health (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->monitor;
}

/**
 * onair_application_get_emulators:
 *
 * Returns: (transfer none) (element-type OnairEmulator): the built-in emulators started by
 *   --emulator, Main first; empty otherwise
 */
GPtrArray *
onair_application_get_emulators (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->builtin_emulators;
}

/**
 * onair_application_get_fleet:
 *
 * Returns: (transfer none): the vMix hosts of the show
 */
OnairFleet *
onair_application_get_fleet (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->fleet;
}

/**
 * onair_application_get_chosen_host_id:
 *
 * Returns: (nullable): the id of the host the Control Room shows
 */
const char *
onair_application_get_chosen_host_id (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->chosen_id;
}

/**
 * onair_application_set_chosen_host_id:
 * @id: a host of the fleet
 *
 * Makes @id the chosen host: its poller, controller and health become the application's
 * (with notify::poller, notify::controller and notify::health). An unknown id chooses the
 * Main host.
 */
void
onair_application_set_chosen_host_id (OnairApplication *self,
                                      const char       *id)
{
  g_return_if_fail (ONAIR_IS_APPLICATION (self));

  if (g_strcmp0 (id, self->chosen_id) == 0)
    return;
  g_free (self->chosen_id);
  self->chosen_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN_HOST_ID]);
  onair_application_sync_chosen (self);
}
