/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-preferences-window-private.h"

/*
 * Preferences: the vMix hosts (onair-preferences-window-hosts.c), the single host of earlier
 * versions while no list was ever saved, polling, and the health thresholds, each row bound
 * straight to its setting.
 */

G_DEFINE_FINAL_TYPE (OnairPreferencesWindow, onair_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

void
onair_preferences_window_show_error (OnairPreferencesWindow *self,
                                     const GError           *error)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  escaped = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* The single host's password */

/* Returns: (nullable): where the keyring files the single host's password: "host:port", as
 * OnairVmixSession looks for it; %NULL without a host */
static char *
dup_legacy_secret_id (OnairPreferencesWindow *self,
                      gboolean                host_only)
{
  g_autofree char *host = g_settings_get_string (self->settings, "host");
  g_autoptr(OnairHostProfile) profile = NULL;

  if (*host == '\0')
    return NULL;
  /* Earlier versions filed it under the host alone. */
  if (host_only)
    return g_steal_pointer (&host);
  profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, host,
                                    g_settings_get_uint (self->settings, "port"), FALSE, NULL);
  return onair_host_profile_dup_secret_id (profile);
}

typedef struct
{
  OnairPreferencesWindow *self;
  gboolean                host_only;   /* the second step: the host alone */
} PasswordCall;

static PasswordCall *
password_call_new (OnairPreferencesWindow *self,
                   gboolean                host_only)
{
  PasswordCall *call = g_new0 (PasswordCall, 1);

  call->self = g_object_ref (self);
  call->host_only = host_only;
  return call;
}

static void
show_password_state (OnairPreferencesWindow *self,
                     gboolean                stored)
{
  adw_action_row_set_subtitle (self->password_state_row,
                               stored ? _("Stored in the keyring") : _("None stored"));
  gtk_widget_set_visible (GTK_WIDGET (self->remove_password_button), stored);
}

static void
password_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PasswordCall *call = user_data;
  g_autoptr(OnairPreferencesWindow) self = call->self;
  gboolean host_only = call->host_only;
  g_autoptr(GError) error = NULL;
  char *password;

  g_free (call);
  /* Only whether there is one matters here. */
  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      onair_secret_free (password);
      return;
    }
  if (error != NULL)
    {
      adw_action_row_set_subtitle (self->password_state_row, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->remove_password_button), FALSE);
    }
  else if (password == NULL && !host_only)
    {
      g_autofree char *id = dup_legacy_secret_id (self, TRUE);

      onair_secret_store_lookup_async (onair_application_get_secrets (self->application),
                                       ONAIR_SECRET_KIND_VMIX_PASSWORD, id, self->cancellable,
                                       password_looked_up_cb, password_call_new (self, TRUE));
    }
  else
    show_password_state (self, password != NULL);
  onair_secret_free (password);
}

static void
update_password_state (OnairPreferencesWindow *self)
{
  g_autofree char *id = dup_legacy_secret_id (self, FALSE);

  if (id == NULL)
    {
      adw_action_row_set_subtitle (self->password_state_row,
                                   _("Enter the host first: the password is filed under it"));
      gtk_widget_set_visible (GTK_WIDGET (self->remove_password_button), FALSE);
      return;
    }
  onair_secret_store_lookup_async (onair_application_get_secrets (self->application),
                                   ONAIR_SECRET_KIND_VMIX_PASSWORD, id, self->cancellable,
                                   password_looked_up_cb, password_call_new (self, FALSE));
}

static void
password_changed (OnairPreferencesWindow *self,
                  gboolean                success,
                  const GError           *error,
                  const char             *done_message)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_password_button), TRUE);
  if (!success)
    {
      onair_preferences_window_show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (done_message));
  update_password_state (self);
  /* The client reads the password when it connects. */
  onair_application_reconnect (self->application);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success;

  success = onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error);
  password_changed (self, success, error, _("Password stored in the keyring"));
}

/* Removed under "host:port", then under the host alone where earlier versions filed it. */
static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PasswordCall *call = user_data;
  g_autoptr(OnairPreferencesWindow) self = call->self;
  gboolean host_only = call->host_only;
  g_autoptr(GError) error = NULL;
  gboolean success;

  g_free (call);
  success = onair_secret_store_clear_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (success && !host_only && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *id = dup_legacy_secret_id (self, TRUE);

      onair_secret_store_clear_async (onair_application_get_secrets (self->application),
                                      ONAIR_SECRET_KIND_VMIX_PASSWORD, id, self->cancellable,
                                      password_cleared_cb, password_call_new (self, TRUE));
      return;
    }
  password_changed (self, success, error, _("Password removed from the keyring"));
}

static void
clear_password (OnairPreferencesWindow *self)
{
  g_autofree char *id = dup_legacy_secret_id (self, FALSE);

  if (id == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_password_button), FALSE);
  onair_secret_store_clear_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_VMIX_PASSWORD, id, self->cancellable,
                                  password_cleared_cb, password_call_new (self, FALSE));
}

static void
password_apply_cb (OnairPreferencesWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *id = dup_legacy_secret_id (self, FALSE);

  if (id == NULL)
    return;
  if (*password == '\0')
    {
      clear_password (self);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), FALSE);
  onair_secret_store_store_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_VMIX_PASSWORD, id, NULL, password,
                                  self->cancellable, password_stored_cb, g_object_ref (self));
}

static void
remove_password_clicked_cb (OnairPreferencesWindow *self)
{
  clear_password (self);
}

static void
host_apply_cb (OnairPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autofree char *host = g_strstrip (g_strdup (text));

  g_settings_set_string (self->settings, "host", host);
}

typedef struct
{
  const char *group;
  const char *key;
  const char *title;
  const char *subtitle;
  double      step;
  guint       digits;
} ThresholdRow;

/* The health thresholds, each a number row bound to its setting. */
static const ThresholdRow threshold_rows[] = {
  { N_("Connection"), "health-rtt-warning-ms", N_("Round Trip Warning"), N_("Milliseconds"), 10, 0 },
  { N_("Connection"), "health-rtt-critical-ms", N_("Round Trip Critical"), N_("Milliseconds"), 10, 0 },
  { N_("Connection"), "health-poll-failure-warning-percent", N_("Failed Polls Warning"), N_("Percent of polls in the window"), 1, 0 },
  { N_("Connection"), "health-poll-failure-critical-percent", N_("Failed Polls Critical"), N_("Percent of polls in the window"), 1, 0 },
  { N_("Audio"), "health-silence-dbfs", N_("Silence Level"), N_("dBFS on the master meters"), 1, 1 },
  { N_("Audio"), "health-silence-warning-seconds", N_("Silence Warning"), N_("Seconds"), 1, 0 },
  { N_("Audio"), "health-silence-critical-seconds", N_("Silence Critical"), N_("Seconds"), 1, 0 },
  { N_("Streams and Recording"), "health-recording-stall-seconds", N_("Recording Stall"), N_("Seconds without the duration advancing"), 1, 0 },
  { N_("Streams and Recording"), "health-flap-max-changes", N_("Flapping"), N_("State changes allowed in the flapping window"), 1, 0 },
  { N_("Streams and Recording"), "health-flap-window-seconds", N_("Flapping Window"), N_("Seconds"), 10, 0 },
  { N_("Ingest Servers"), "health-fps-warning-percent", N_("Frame Rate Warning"), N_("Percent of the nominal frame rate"), 1, 0 },
  { N_("Ingest Servers"), "health-fps-critical-percent", N_("Frame Rate Critical"), N_("Percent of the nominal frame rate"), 1, 0 },
  { N_("Ingest Servers"), "health-dropped-warning-percent", N_("Dropped Frames Warning"), N_("Percent of the window's frames"), 0.5, 1 },
  { N_("Ingest Servers"), "health-dropped-critical-percent", N_("Dropped Frames Critical"), N_("Percent of the window's frames"), 0.5, 1 },
  { N_("Ingest Servers"), "health-ingest-stale-warning-seconds", N_("No Data Warning"), N_("Seconds"), 1, 0 },
  { N_("Ingest Servers"), "health-ingest-stale-critical-seconds", N_("No Data Critical"), N_("Seconds"), 1, 0 },
  { N_("Evaluation"), "health-window-seconds", N_("Window"), N_("Seconds of history each rule looks at"), 10, 0 },
  { N_("Evaluation"), "health-recovery-hold-seconds", N_("Recovery Hold"), N_("Seconds a better status must hold before it shows"), 1, 0 },
};

static void
add_health_page (OnairPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  g_autoptr(GSettingsSchema) schema = NULL;
  AdwPreferencesGroup *group = NULL;
  const char *current = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  adw_preferences_page_set_title (page, _("Health"));
  adw_preferences_page_set_name (page, "health");
  adw_preferences_page_set_icon_name (page, "onair-health-symbolic");

  for (guint i = 0; i < G_N_ELEMENTS (threshold_rows); i++)
    {
      const ThresholdRow *info = &threshold_rows[i];
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, info->key);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) limits = NULL;
      const char *kind;
      GtkWidget *row, *spin;
      double lower, upper;

      if (g_strcmp0 (current, info->group) != 0)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, _(info->group));
          adw_preferences_page_add (page, group);
          current = info->group;
        }

      g_variant_get (range, "(&sv)", &kind, &limits);
      if (g_variant_is_of_type (limits, G_VARIANT_TYPE ("(dd)")))
        g_variant_get (limits, "(dd)", &lower, &upper);
      else
        {
          guint32 lo, hi;

          g_variant_get (limits, "(uu)", &lo, &hi);
          lower = lo;
          upper = hi;
        }

      spin = gtk_spin_button_new_with_range (lower, upper, info->step);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), info->digits);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      g_settings_bind (self->settings, info->key, spin, "value", G_SETTINGS_BIND_DEFAULT);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(info->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(info->subtitle));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(info->title), -1);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

static void
username_apply_cb (OnairPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  g_autofree char *username = g_strstrip (g_strdup (text));

  /* Written on apply only: each change of the user name reconnects. */
  g_settings_set_string (self->settings, "username", username);
}

static void
onair_preferences_window_dispose (GObject *object)
{
  OnairPreferencesWindow *self = ONAIR_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (onair_preferences_window_parent_class)->dispose (object);
}

/* gtk_window_destroy() unrealizes the window, but disposing waits for the last reference,
 * which a keyring call may hold past the parent window's end: everything the window waits
 * for is cancelled here, and the parent let go while it is still there. */
static void
onair_preferences_window_unrealize (GtkWidget *widget)
{
  OnairPreferencesWindow *self = ONAIR_PREFERENCES_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (onair_preferences_window_parent_class)->unrealize (widget);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

static void
onair_preferences_window_finalize (GObject *object)
{
  OnairPreferencesWindow *self = ONAIR_PREFERENCES_WINDOW (object);

  /* Kept until here: late keyring callbacks check it. */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->host_rows, g_ptr_array_unref);
  g_clear_pointer (&self->test_results, g_hash_table_unref);
  g_clear_pointer (&self->testing, g_hash_table_unref);

  G_OBJECT_CLASS (onair_preferences_window_parent_class)->finalize (object);
}

static void
onair_preferences_window_class_init (OnairPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_preferences_window_dispose;
  object_class->finalize = onair_preferences_window_finalize;
  widget_class->unrealize = onair_preferences_window_unrealize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, hosts_group);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, add_host_button);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, vmix_group);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, login_group);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, tls_switch);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, password_state_row);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow,
                                        remove_password_button);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_callback (widget_class, username_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_password_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           onair_preferences_window_add_host_clicked_cb);
}

static void
onair_preferences_window_init (OnairPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->host_rows = g_ptr_array_new ();
  self->test_results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->testing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_preferences_window_new:
 * @application: the application: its settings are bound straight to the rows, its
 *   keyring holds the vMix password
 *
 * Returns: (transfer full): the preferences window
 */
OnairPreferencesWindow *
onair_preferences_window_new (OnairApplication *application)
{
  OnairPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  settings = onair_application_get_settings (application);
  self = g_object_new (ONAIR_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (settings);

  /* The host applies with the row's apply button, so a half-typed name never connects. */
  g_settings_bind (settings, "host", self->host_row, "text", G_SETTINGS_BIND_GET);
  add_health_page (self);
  onair_preferences_window_add_alerts_page (self);
  g_settings_bind (settings, "port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "use-tls", self->tls_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "username", self->username_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "poll-interval-ms", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  /* The password is filed under the host and port: a new address may have one of its own. */
  g_signal_connect_object (settings, "changed::host", G_CALLBACK (update_password_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::port", G_CALLBACK (update_password_state), self,
                           G_CONNECT_SWAPPED);
  update_password_state (self);

  /* Rows follow the settings (saved here or elsewhere) and, for the single host of earlier
   * versions and the emulators, the fleet. */
  {
    static const char * const host_keys[] = { "hosts", "host", "port", "use-tls", "username" };

    for (guint i = 0; i < G_N_ELEMENTS (host_keys); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", host_keys[i], NULL);

        g_signal_connect_object (settings, signal,
                                 G_CALLBACK (onair_preferences_window_update_host_rows), self,
                                 G_CONNECT_SWAPPED);
      }
  }
  g_signal_connect_object (onair_application_get_fleet (application), "items-changed",
                           G_CALLBACK (onair_preferences_window_update_host_rows), self,
                           G_CONNECT_SWAPPED);
  onair_preferences_window_update_host_rows (self);

  return self;
}
