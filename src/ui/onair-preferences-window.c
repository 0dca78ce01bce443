/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-host-dialog.h"
#include "onair-preferences-window.h"

struct _OnairPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  OnairApplication     *application;
  GSettings            *settings;
  GCancellable         *cancellable;     /* keyring calls; cancelled when the window goes */
  GPtrArray            *profiles;        /* OnairHostProfile*: the hosts as the rows show them */
  GPtrArray            *host_rows;       /* GtkWidget*: the rows in hosts_group */

  AdwPreferencesGroup  *hosts_group;
  AdwPreferencesGroup  *vmix_group;
  AdwPreferencesGroup  *login_group;
  AdwEntryRow          *host_row;
  GtkSpinButton        *port_spin;
  GtkSwitch            *tls_switch;
  AdwEntryRow          *username_row;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *password_state_row;
  GtkButton            *remove_password_button;
  GtkSpinButton        *interval_spin;
};

G_DEFINE_FINAL_TYPE (OnairPreferencesWindow, onair_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
show_error (OnairPreferencesWindow *self,
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
  g_autoptr(OnairPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

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
  else
    show_password_state (self, password != NULL);
  onair_secret_free (password);
}

static void
update_password_state (OnairPreferencesWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "host");

  if (*host == '\0')
    {
      adw_action_row_set_subtitle (self->password_state_row,
                                   _("Enter the host first: the password is filed under it"));
      gtk_widget_set_visible (GTK_WIDGET (self->remove_password_button), FALSE);
      return;
    }
  onair_secret_store_lookup_async (onair_application_get_secrets (self->application),
                                   ONAIR_SECRET_KIND_VMIX_PASSWORD, host, self->cancellable,
                                   password_looked_up_cb, g_object_ref (self));
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
      show_error (self, error);
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

static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnairPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success;

  success = onair_secret_store_clear_finish (ONAIR_SECRET_STORE (object), result, &error);
  password_changed (self, success, error, _("Password removed from the keyring"));
}

static void
clear_password (OnairPreferencesWindow *self,
                const char             *host)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_password_button), FALSE);
  onair_secret_store_clear_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_VMIX_PASSWORD, host, self->cancellable,
                                  password_cleared_cb, g_object_ref (self));
}

static void
password_apply_cb (OnairPreferencesWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *host = g_settings_get_string (self->settings, "host");

  if (*host == '\0')
    return;
  if (*password == '\0')
    {
      clear_password (self, host);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), FALSE);
  onair_secret_store_store_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_VMIX_PASSWORD, host, NULL, password,
                                  self->cancellable, password_stored_cb, g_object_ref (self));
}

static void
remove_password_clicked_cb (OnairPreferencesWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "host");

  if (*host != '\0')
    clear_password (self, host);
}

static void
host_apply_cb (OnairPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autofree char *host = g_strstrip (g_strdup (text));

  g_settings_set_string (self->settings, "host", host);
}

/* The vMix hosts: the settings' "hosts", in order. */

static gboolean
is_demo (OnairPreferencesWindow *self)
{
  /* On emulators the application ignores the settings' hosts: edits would do nothing. */
  return onair_application_get_emulators (self->application)->len > 0 ||
         onair_application_get_emulator (self->application) != NULL;
}

/* Returns: (transfer full): the hosts of the fleet, as the settings will hold them */
static GPtrArray *
load_profiles (OnairPreferencesWindow *self)
{
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_host_profile_free);
  g_autoptr(GVariant) hosts = NULL;
  g_autofree char *host = NULL;
  GVariantIter iter;
  GVariant *child;

  if (is_demo (self))
    {
      GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));

      for (guint i = 0; i < g_list_model_get_n_items (fleet); i++)
        {
          g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, i);

          g_ptr_array_add (profiles,
                           onair_host_profile_copy (onair_vmix_session_get_profile (session)));
        }
      return profiles;
    }

  hosts = g_settings_get_value (self->settings, "hosts");
  g_variant_iter_init (&iter, hosts);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      OnairHostProfile *profile = onair_host_profile_new_from_variant (child, NULL);

      /* One that cannot be read is left out, as the fleet leaves it out. */
      if (profile != NULL)
        g_ptr_array_add (profiles, profile);
      g_variant_unref (child);
    }
  if (profiles->len > 0)
    return profiles;

  /* None yet: the single host of earlier versions is "Main", as onair_fleet_load() has it. */
  host = g_settings_get_string (self->settings, "host");
  if (*host != '\0')
    {
      g_autofree char *username = g_settings_get_string (self->settings, "username");

      g_ptr_array_add (profiles,
                       onair_host_profile_new ("main", _("Main"), ONAIR_HOST_ROLE_MAIN, host,
                                               g_settings_get_uint (self->settings, "port"),
                                               g_settings_get_boolean (self->settings, "use-tls"),
                                               username));
    }
  return profiles;
}

static void
save_profiles (OnairPreferencesWindow *self,
               GPtrArray              *profiles)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < profiles->len; i++)
    g_variant_builder_add_value (&builder,
                                 onair_host_profile_to_variant (g_ptr_array_index (profiles, i)));
  /* The application reloads the fleet from here; the rows follow with changed::hosts. */
  g_settings_set_value (self->settings, "hosts", g_variant_builder_end (&builder));
}

static int
find_profile (GPtrArray  *profiles,
              const char *id)
{
  for (guint i = 0; i < profiles->len; i++)
    if (g_str_equal (((OnairHostProfile *) g_ptr_array_index (profiles, i))->id, id))
      return (int) i;
  return -1;
}

static const char *
role_label (OnairHostRole role)
{
  switch (role)
    {
    case ONAIR_HOST_ROLE_MAIN:
      return _("Main");
    case ONAIR_HOST_ROLE_BACKUP:
      return _("Backup");
    case ONAIR_HOST_ROLE_OTHER:
    default:
      return _("Other");
    }
}

static char *
describe_profile (const OnairHostProfile *profile)
{
  g_autofree char *address = NULL;

  if (*profile->host == '\0')
    address = g_strdup (_("no address"));
  else if (strchr (profile->host, ':') != NULL)
    address = g_strdup_printf ("[%s]:%u", profile->host, profile->port);
  else
    address = g_strdup_printf ("%s:%u", profile->host, profile->port);

  if (profile->use_tls)
    /* Translators: a host's role and address, "Backup · 192.168.1.20:8088 · HTTPS" */
    return g_strdup_printf (_("%s · %s · HTTPS"), role_label (profile->role), address);
  /* Translators: a host's role and address, "Backup · 192.168.1.20:8088" */
  return g_strdup_printf (_("%s · %s"), role_label (profile->role), address);
}

static void
host_saved_cb (OnairPreferencesWindow *self,
               const OnairHostProfile *profile)
{
  g_autoptr(GPtrArray) profiles = load_profiles (self);
  int index = find_profile (profiles, profile->id);

  if (index >= 0)
    {
      onair_host_profile_free (g_ptr_array_index (profiles, index));
      g_ptr_array_index (profiles, index) = onair_host_profile_copy (profile);
    }
  else
    g_ptr_array_add (profiles, onair_host_profile_copy (profile));
  save_profiles (self, profiles);
}

static void
open_host_dialog (OnairPreferencesWindow *self,
                  const OnairHostProfile *profile)
{
  OnairHostDialog *dialog;

  dialog = onair_host_dialog_new (self->application, GTK_WINDOW (self), self->profiles, profile);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (host_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_host_clicked_cb (OnairPreferencesWindow *self)
{
  open_host_dialog (self, NULL);
}

static const OnairHostProfile *
profile_of_widget (OnairPreferencesWindow *self,
                   GtkWidget              *widget)
{
  const char *id = g_object_get_data (G_OBJECT (widget), "host-id");
  int index = id != NULL ? find_profile (self->profiles, id) : -1;

  return index >= 0 ? g_ptr_array_index (self->profiles, index) : NULL;
}

static void
edit_host_cb (OnairPreferencesWindow *self,
              GtkWidget              *widget)
{
  const OnairHostProfile *profile = profile_of_widget (self, widget);

  if (profile != NULL)
    open_host_dialog (self, profile);
}

static void
move_host (OnairPreferencesWindow *self,
           GtkWidget              *button,
           int                     offset)
{
  const char *id = g_object_get_data (G_OBJECT (button), "host-id");
  g_autoptr(GPtrArray) profiles = load_profiles (self);
  int index = find_profile (profiles, id);
  gpointer moved;

  if (index < 0 || index + offset < 0 || index + offset >= (int) profiles->len)
    return;
  moved = g_ptr_array_steal_index (profiles, index);
  g_ptr_array_insert (profiles, index + offset, moved);
  save_profiles (self, profiles);
}

static void
move_up_clicked_cb (OnairPreferencesWindow *self,
                    GtkWidget              *button)
{
  move_host (self, button, -1);
}

static void
move_down_clicked_cb (OnairPreferencesWindow *self,
                      GtkWidget              *button)
{
  move_host (self, button, 1);
}

static void
password_removed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnairPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_secret_store_clear_finish (ONAIR_SECRET_STORE (object), result, &error))
    show_error (self, error);
}

static void
remove_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    OnairPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "host-id");
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(OnairHostProfile) removed = NULL;
  g_autofree char *secret_id = NULL;
  gboolean shared = FALSE;
  int index;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  profiles = load_profiles (self);
  index = find_profile (profiles, id);
  if (index < 0)
    return;
  removed = g_ptr_array_steal_index (profiles, index);
  save_profiles (self, profiles);

  /* Its password goes too, unless another host is filed under the same address. */
  secret_id = onair_host_profile_dup_secret_id (removed);
  for (guint i = 0; i < profiles->len && !shared; i++)
    {
      g_autofree char *other = onair_host_profile_dup_secret_id (g_ptr_array_index (profiles, i));

      shared = g_str_equal (other, secret_id);
    }
  if (!shared)
    onair_secret_store_clear_async (onair_application_get_secrets (self->application),
                                    ONAIR_SECRET_KIND_VMIX_PASSWORD, secret_id, self->cancellable,
                                    password_removed_cb, g_object_ref (self));
}

static void
remove_clicked_cb (OnairPreferencesWindow *self,
                   GtkWidget              *button)
{
  const OnairHostProfile *profile = profile_of_widget (self, button);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (profile == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), profile->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Onair stops watching and controlling this vMix, and its "
                                     "Web Controller password is removed from the keyring. "
                                     "Streams already running on it keep running."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "host-id", g_strdup (profile->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
add_row_button (OnairPreferencesWindow *self,
                AdwActionRow           *row,
                const char             *id,
                const char             *icon_name,
                const char             *tooltip,
                GCallback               callback,
                gboolean                sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "host-id", g_strdup (id), g_free);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (row, button);
  return button;
}

static void
update_host_rows (OnairPreferencesWindow *self)
{
  gboolean demo = is_demo (self);

  for (guint i = 0; i < self->host_rows->len; i++)
    adw_preferences_group_remove (self->hosts_group, g_ptr_array_index (self->host_rows, i));
  g_ptr_array_set_size (self->host_rows, 0);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = load_profiles (self);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      const OnairHostProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *subtitle = describe_profile (profile);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *edit;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profile->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (row, subtitle);
      add_row_button (self, row, profile->id, "go-up-symbolic", _("Move Up"),
                      G_CALLBACK (move_up_clicked_cb), i > 0);
      add_row_button (self, row, profile->id, "go-down-symbolic", _("Move Down"),
                      G_CALLBACK (move_down_clicked_cb), i + 1 < self->profiles->len);
      edit = add_row_button (self, row, profile->id, "document-edit-symbolic", _("Edit"),
                             G_CALLBACK (edit_host_cb), TRUE);
      add_row_button (self, row, profile->id, "user-trash-symbolic", _("Remove"),
                      G_CALLBACK (remove_clicked_cb), TRUE);
      adw_action_row_set_activatable_widget (row, edit);
      adw_preferences_group_add (self->hosts_group, GTK_WIDGET (row));
      g_ptr_array_add (self->host_rows, row);
    }
  if (self->profiles->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No vMix Hosts"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add the vMix machines of the show to watch and control "
                                     "them."));
      adw_preferences_group_add (self->hosts_group, row);
      g_ptr_array_add (self->host_rows, row);
    }

  if (demo)
    adw_preferences_group_set_description (self->hosts_group,
                                           _("Hosts cannot be edited in demo mode: Onair is "
                                             "running on its built-in vMix emulators."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->hosts_group), !demo);

  /* The single host of earlier versions counts only while the list has never been saved. */
  {
    g_autoptr(GVariant) hosts = g_settings_get_value (self->settings, "hosts");
    gboolean legacy = g_variant_n_children (hosts) == 0;

    gtk_widget_set_visible (GTK_WIDGET (self->vmix_group), legacy);
    gtk_widget_set_visible (GTK_WIDGET (self->login_group), legacy);
  }
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

static void
onair_preferences_window_finalize (GObject *object)
{
  OnairPreferencesWindow *self = ONAIR_PREFERENCES_WINDOW (object);

  /* Kept until here: late keyring callbacks check it. */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->host_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_preferences_window_parent_class)->finalize (object);
}

static void
onair_preferences_window_class_init (OnairPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_preferences_window_dispose;
  object_class->finalize = onair_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, hosts_group);
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
  gtk_widget_class_bind_template_callback (widget_class, add_host_clicked_cb);
}

static void
onair_preferences_window_init (OnairPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->host_rows = g_ptr_array_new ();
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
  g_settings_bind (settings, "port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "use-tls", self->tls_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "username", self->username_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "poll-interval-ms", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  /* The password is filed under the host: a new host may have one of its own. */
  g_signal_connect_object (settings, "changed::host", G_CALLBACK (update_password_state), self,
                           G_CONNECT_SWAPPED);
  update_password_state (self);

  /* Rows follow the settings (saved here or elsewhere) and, for the single host of earlier
   * versions and the emulators, the fleet. */
  {
    static const char * const host_keys[] = { "hosts", "host", "port", "use-tls", "username" };

    for (guint i = 0; i < G_N_ELEMENTS (host_keys); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", host_keys[i], NULL);

        g_signal_connect_object (settings, signal, G_CALLBACK (update_host_rows), self,
                                 G_CONNECT_SWAPPED);
      }
  }
  g_signal_connect_object (onair_application_get_fleet (application), "items-changed",
                           G_CALLBACK (update_host_rows), self, G_CONNECT_SWAPPED);
  update_host_rows (self);

  return self;
}
