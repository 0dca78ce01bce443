/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/health/onair-health-monitor.h"
#include "core/health/onair-ingest-source.h"
#include "core/show/onair-witness-recorder.h"
#include "onair-application.h"
#include "onair-preferences-window.h"
#include "onair-window.h"

/* From the GResource compiled in data/. */
void onair_register_resource (void);

struct _OnairApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  OnairSecretStore *secrets;
  OnairDestinationList *destinations;
  OnairPoller    *poller;
  OnairController *controller;
  OnairWitnessRecorder *recorder;
  OnairHealthHistory *history;
  OnairHealthMonitor *monitor;
  GPtrArray      *ingest_sources;   /* OnairIngestSource*, one per destination with stats */
  guint           notifications_watch;
  guint           portal_watch;
  gboolean        have_notifications;
  gboolean        have_portal;
  GCancellable   *password_cancellable;
  GCancellable   *cancellable;
  OnairEmulator  *emulator;
  gboolean        want_emulator;
  char           *emulator_profile;
};

G_DEFINE_FINAL_TYPE (OnairApplication, onair_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_POLLER,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORD_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  /* Cancelled: another reconnect replaced this poller. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->poller == NULL)
    return;
  if (error != NULL)
    g_warning ("The vMix password could not be read from the keyring: %s", error->message);
  username = g_settings_get_string (self->settings, "username");
  onair_vmix_client_set_credentials (onair_poller_get_client (self->poller), username, password);
  onair_secret_free (password);
  onair_poller_start (self->poller);
}

/**
 * onair_application_reconnect:
 *
 * Builds a new vMix client from the settings (or the built-in emulator) and starts
 * polling it, replacing the previous connection.
 */
void
onair_application_reconnect (OnairApplication *self)
{
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;
  guint port;
  gboolean use_tls;

  g_return_if_fail (ONAIR_IS_APPLICATION (self));

  if (self->emulator != NULL)
    {
      host = g_strdup ("127.0.0.1");
      port = onair_emulator_get_port (self->emulator);
      use_tls = FALSE;
    }
  else
    {
      host = g_settings_get_string (self->settings, "host");
      port = g_settings_get_uint (self->settings, "port");
      use_tls = g_settings_get_boolean (self->settings, "use-tls");
    }

  if (self->poller != NULL)
    {
      onair_poller_stop (self->poller);
      g_settings_unbind (self->poller, "interval-ms");
      g_clear_object (&self->poller);
    }

  client = onair_vmix_client_new (host, port, use_tls, &error);
  if (client == NULL)
    {
      /* An unusable address in the settings: poll a client that can only fail, so the
       * window shows the error like any other connection problem. */
      g_warning ("%s", error->message);
      client = onair_vmix_client_new ("127.0.0.1", 1, FALSE, NULL);
    }

  g_clear_object (&self->controller);
  self->poller = onair_poller_new (client);
  self->controller = onair_controller_new (self->poller, self->secrets);
  g_settings_bind (self->settings, "poll-interval-ms", self->poller, "interval-ms",
                   G_SETTINGS_BIND_GET);
  if (self->recorder != NULL)
    onair_witness_recorder_watch_controller (self->recorder, self->controller);
  onair_health_monitor_attach_poller (self->monitor, self->poller);
  onair_health_monitor_attach_controller (self->monitor, self->controller);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);

  g_cancellable_cancel (self->password_cancellable);
  g_clear_object (&self->password_cancellable);
  username = self->emulator ? NULL : g_settings_get_string (self->settings, "username");
  if (username != NULL && *username != '\0')
    {
      /* The Web Controller wants a password: it lives only in the keyring. */
      self->password_cancellable = g_cancellable_new ();
      onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, host,
                                       self->password_cancellable, password_lookup_cb,
                                       g_object_ref (self));
    }
  else
    onair_poller_start (self->poller);
}

static void
connection_settings_changed_cb (OnairApplication *self,
                                const char       *key,
                                GSettings        *settings)
{
  if (self->emulator == NULL)
    onair_application_reconnect (self);
}

static void
witness_failed_cb (OnairApplication *self,
                   const GError     *error)
{
  /* The window shows it; a witness log that cannot be written is worth a warning too. */
  g_warning ("Witness log: %s", error->message);
}

static void load_thresholds (OnairApplication *self);

/* Settings an auditor may care about; window geometry is not one of them. Destinations and
 * SRT profiles are recorded by their dialogs, with fingerprints. */
static void
settings_changed_cb (OnairApplication *self,
                     const char       *key,
                     GSettings        *settings)
{
  static const char * const recorded[] = { "host", "port", "use-tls", "username",
                                           "poll-interval-ms", NULL };
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GVariant) value = NULL;

  if (g_str_has_prefix (key, "health-"))
    load_thresholds (self);
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
  onair_witness_recorder_record (self->recorder, "settings_changed", NULL, params, NULL);
}

/* A status change is a desktop notification and a witness event. */
static void
health_changed_cb (OnairApplication  *self,
                   OnairHealthStatus  status,
                   OnairHealthStatus  previous,
                   GPtrArray         *reasons)
{
  g_autoptr(JsonObject) params = onair_health_alert_params_new (status, previous, reasons);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *title;

  if (self->recorder != NULL)
    onair_witness_recorder_record (self->recorder, "health_alert", NULL, params, NULL);

  switch (status)
    {
    case ONAIR_HEALTH_CRITICAL:
      title = _("Show health: critical");
      break;
    case ONAIR_HEALTH_WARNING:
      title = _("Show health: warning");
      break;
    case ONAIR_HEALTH_HEALTHY:
      title = _("Show health: back to healthy");
      break;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      title = _("Show health: unknown");
      break;
    }
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      OnairHealthReason *reason = g_ptr_array_index (reasons, i);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, reason->message);
    }
  notification = g_notification_new (title);
  if (body->len > 0)
    g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, status == ONAIR_HEALTH_CRITICAL
                                               ? G_NOTIFICATION_PRIORITY_URGENT
                                               : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action (notification, "app.show-health");
  /* Without a notification service the window's Health page says it all. */
  if (self->have_notifications || self->have_portal)
    g_application_send_notification (G_APPLICATION (self), "health", notification);
}

static void
notifications_appeared_cb (GDBusConnection *connection,
                           const char      *name,
                           const char      *owner,
                           gpointer         user_data)
{
  OnairApplication *self = user_data;

  if (g_str_equal (name, "org.freedesktop.Notifications"))
    self->have_notifications = TRUE;
  else
    self->have_portal = TRUE;
}

static void
notifications_vanished_cb (GDBusConnection *connection,
                           const char      *name,
                           gpointer         user_data)
{
  OnairApplication *self = user_data;

  if (g_str_equal (name, "org.freedesktop.Notifications"))
    self->have_notifications = FALSE;
  else
    self->have_portal = FALSE;
}

/* The health thresholds are preferences; the monitor takes them whenever they change. */
static void
load_thresholds (OnairApplication *self)
{
  OnairHealthThresholds t;

  onair_health_thresholds_init (&t);
  t.window_s = g_settings_get_uint (self->settings, "health-window-seconds");
  t.rtt_warning_ms = g_settings_get_uint (self->settings, "health-rtt-warning-ms");
  t.rtt_critical_ms = g_settings_get_uint (self->settings, "health-rtt-critical-ms");
  t.poll_failure_warning =
    g_settings_get_uint (self->settings, "health-poll-failure-warning-percent") / 100.0;
  t.poll_failure_critical =
    g_settings_get_uint (self->settings, "health-poll-failure-critical-percent") / 100.0;
  t.flap_max_toggles = g_settings_get_uint (self->settings, "health-flap-max-changes");
  t.flap_window_s = g_settings_get_uint (self->settings, "health-flap-window-seconds");
  t.recording_stall_s = g_settings_get_uint (self->settings, "health-recording-stall-seconds");
  t.silence_dbfs = g_settings_get_double (self->settings, "health-silence-dbfs");
  t.silence_warning_s = g_settings_get_uint (self->settings, "health-silence-warning-seconds");
  t.silence_critical_s = g_settings_get_uint (self->settings, "health-silence-critical-seconds");
  t.fps_warning_ratio = g_settings_get_uint (self->settings, "health-fps-warning-percent") / 100.0;
  t.fps_critical_ratio =
    g_settings_get_uint (self->settings, "health-fps-critical-percent") / 100.0;
  t.dropped_warning_ratio =
    g_settings_get_double (self->settings, "health-dropped-warning-percent") / 100.0;
  t.dropped_critical_ratio =
    g_settings_get_double (self->settings, "health-dropped-critical-percent") / 100.0;
  t.ingest_stale_warning_s =
    g_settings_get_uint (self->settings, "health-ingest-stale-warning-seconds");
  t.ingest_stale_critical_s =
    g_settings_get_uint (self->settings, "health-ingest-stale-critical-seconds");
  t.recovery_hold_s = g_settings_get_uint (self->settings, "health-recovery-hold-seconds");
  onair_health_monitor_set_thresholds (self->monitor, &t);
}

/* One ingest-stats source per destination that has a stats URL. */
static void
update_ingest_sources (OnairApplication *self)
{
  GListModel *destinations = G_LIST_MODEL (self->destinations);

  for (guint i = 0; i < self->ingest_sources->len; i++)
    {
      OnairIngestSource *source = g_ptr_array_index (self->ingest_sources, i);

      onair_health_monitor_detach_ingest_source (self->monitor, source);
      onair_ingest_source_stop (source);
    }
  g_ptr_array_set_size (self->ingest_sources, 0);

  for (guint i = 0; i < g_list_model_get_n_items (destinations); i++)
    {
      g_autoptr(OnairDestination) destination = g_list_model_get_item (destinations, i);
      g_autoptr(OnairIngestSource) source = NULL;
      g_autoptr(GError) error = NULL;
      const char *url = onair_destination_get_ingest_stats_url (destination);

      if (url == NULL || *url == '\0')
        continue;
      source = onair_ingest_source_new_for_destination (destination, &error);
      if (source == NULL)
        {
          g_warning ("No ingest statistics for “%s”: %s",
                     onair_destination_get_name (destination), error->message);
          continue;
        }
      onair_health_monitor_attach_ingest_source (self->monitor, source,
                                                 onair_destination_get_name (destination), -1);
      onair_ingest_source_start (source);
      g_ptr_array_add (self->ingest_sources, g_steal_pointer (&source));
    }
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

  if (self->want_emulator && self->emulator == NULL)
    {
      g_autoptr(OnairEmulator) emulator = NULL;
      g_autoptr(GError) error = NULL;
      OnairEmulatorProfile profile = ONAIR_EMULATOR_PROFILE_VMIX28;

      if (self->emulator_profile != NULL)
        onair_emulator_profile_from_name (self->emulator_profile, &profile);

      emulator = onair_emulator_new (profile);
      if (!onair_emulator_start (emulator, 0, &error))
        g_warning ("The built-in vMix emulator could not start: %s", error->message);
      else
        self->emulator = g_steal_pointer (&emulator);
    }

  g_signal_connect_object (self->settings, "changed::host",
                           G_CALLBACK (connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::port",
                           G_CALLBACK (connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::use-tls",
                           G_CALLBACK (connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::username",
                           G_CALLBACK (connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  onair_destination_list_load (self->destinations, self->settings);

  /* The witness log: every operation from here on is recorded, in order. */
  {
    g_autoptr(JsonObject) params = json_object_new ();

    self->recorder = onair_witness_recorder_new (self->secrets, NULL);
    g_signal_connect_object (self->recorder, "failed", G_CALLBACK (witness_failed_cb), self,
                             G_CONNECT_SWAPPED);
    json_object_set_string_member (params, "version", PACKAGE_VERSION);
    json_object_set_boolean_member (params, "emulator", self->emulator != NULL);
    onair_witness_recorder_record (self->recorder, "app_started", NULL, params, NULL);
    onair_witness_recorder_open_async (self->recorder, self->cancellable, NULL, NULL);
  }
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->monitor, "status-changed", G_CALLBACK (health_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->notifications_watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                notifications_appeared_cb,
                                                notifications_vanished_cb, self, NULL);
  self->portal_watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.portal.Desktop",
                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                         notifications_appeared_cb,
                                         notifications_vanished_cb, self, NULL);
  g_signal_connect_object (self->destinations, "items-changed",
                           G_CALLBACK (update_ingest_sources), self, G_CONNECT_SWAPPED);
  update_ingest_sources (self);
  load_thresholds (self);

  onair_application_reconnect (self);
}

static void
onair_application_activate (GApplication *application)
{
  OnairApplication *self = ONAIR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (onair_window_new (self));
  gtk_window_present (window);
}

static void
onair_application_shutdown (GApplication *application)
{
  OnairApplication *self = ONAIR_APPLICATION (application);

  if (self->poller != NULL)
    onair_poller_stop (self->poller);
  if (self->emulator != NULL)
    onair_emulator_stop (self->emulator);

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

  if (self->password_cancellable != NULL)
    g_cancellable_cancel (self->password_cancellable);
  g_clear_object (&self->password_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recorder);
  if (self->ingest_sources != NULL)
    for (guint i = 0; i < self->ingest_sources->len; i++)
      onair_ingest_source_stop (g_ptr_array_index (self->ingest_sources, i));
  g_clear_pointer (&self->ingest_sources, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  g_clear_object (&self->history);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  g_clear_object (&self->emulator);
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
      N_("Connect to a built-in vMix emulator instead of vMix"), NULL },
    { "emulator-profile", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The emulated vMix: vmix28 (5 streams), vmix26 (3 streams) or vmix21 (3 streams, "
         "which stream is on not reported)"), N_("PROFILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (APP_ID);
  self->secrets = onair_secret_store_new ();
  self->cancellable = g_cancellable_new ();
  self->history = onair_health_history_new (ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY);
  self->monitor = onair_health_monitor_new (self->history);
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
 * Returns: (transfer none) (nullable): the poller of the current connection
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
 * Returns: (transfer none) (nullable): the built-in emulator when Onair runs against it
 */
OnairEmulator *
onair_application_get_emulator (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->emulator;
}

/**
 * onair_application_set_emulator:
 * @emulator: (nullable): a started emulator to connect to instead of the settings' vMix
 *
 * For tests and demos; takes effect at startup or with onair_application_reconnect().
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
 * Returns: (transfer none) (nullable): the controller of the current connection: the
 *   only way the UI operates vMix
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
 * Returns: (transfer none): the health monitor of the show
 */
OnairHealthMonitor *
onair_application_get_health (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->monitor;
}
