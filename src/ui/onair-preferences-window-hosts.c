/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-host-dialog.h"
#include "onair-host-dialog-connection.h"
#include "onair-preferences-window-private.h"

/*
 * The vMix hosts of Preferences: the settings' "hosts", in order, each row with Test
 * Connection, Move Up, Move Down, Edit and Remove. On the built-in emulators the rows are
 * the emulated hosts at the addresses Onair really uses, which can be tested, not edited.
 */

gboolean
onair_preferences_window_is_demo (OnairPreferencesWindow *self)
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

  if (onair_preferences_window_is_demo (self))
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
  /* Nothing configured yet: the welcome page asks, and the fleet is empty. */
  if (profiles->len > 0 || onair_application_needs_first_run (self->application))
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
describe_profile (OnairPreferencesWindow *self,
                  const OnairHostProfile *profile)
{
  g_autofree char *address = NULL;
  const char *result = g_hash_table_lookup (self->test_results, profile->id);
  g_autofree char *described = NULL;

  if (*profile->host == '\0')
    address = g_strdup (_("no address"));
  else if (strchr (profile->host, ':') != NULL)
    address = g_strdup_printf ("[%s]:%u", profile->host, profile->port);
  else
    address = g_strdup_printf ("%s:%u", profile->host, profile->port);

  if (onair_preferences_window_is_demo (self))
    /* Translators: an emulated host's role and the address Onair really uses for it,
     * "Backup · 127.0.0.1:41234 · built-in emulator" */
    described = g_strdup_printf (_("%s · %s · built-in emulator"), role_label (profile->role),
                                 address);
  else if (profile->use_tls)
    /* Translators: a host's role and address, "Backup · 192.168.1.20:8088 · HTTPS" */
    described = g_strdup_printf (_("%s · %s · HTTPS"), role_label (profile->role), address);
  else
    /* Translators: a host's role and address, "Backup · 192.168.1.20:8088" */
    described = g_strdup_printf (_("%s · %s"), role_label (profile->role), address);

  /* The last connection test's answer, under the address. */
  if (result != NULL)
    return g_strdup_printf ("%s\n%s", described, result);
  return g_steal_pointer (&described);
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

void
onair_preferences_window_add_host_clicked_cb (OnairPreferencesWindow *self)
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
    onair_preferences_window_show_error (self, error);
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

/* Test Connection: one state request, with the password the keyring holds for the host. */

static AdwActionRow *
find_host_row (OnairPreferencesWindow *self,
               const char             *id)
{
  for (guint i = 0; i < self->host_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->host_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "host-id"), id) == 0)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

static void
show_test_state (OnairPreferencesWindow *self,
                 const char             *id)
{
  AdwActionRow *row = find_host_row (self, id);
  int index = find_profile (self->profiles, id);
  g_autofree char *subtitle = NULL;
  GtkWidget *button;

  if (row == NULL || index < 0)
    return;
  subtitle = describe_profile (self, g_ptr_array_index (self->profiles, index));
  adw_action_row_set_subtitle (row, subtitle);
  button = g_object_get_data (G_OBJECT (row), "test-button");
  gtk_widget_set_sensitive (button, !g_hash_table_contains (self->testing, id));
}

typedef struct
{
  OnairPreferencesWindow *self;
  char                   *id;
} TestCall;

static void
host_tested_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TestCall *call = user_data;
  g_autoptr(OnairPreferencesWindow) self = call->self;
  g_autofree char *id = call->id;
  g_autoptr(GError) error = NULL;
  char *text;

  g_free (call);
  text = onair_host_connection_test_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_free (text);
      return;
    }
  g_hash_table_remove (self->testing, id);
  g_hash_table_insert (self->test_results, g_strdup (id),
                       text != NULL ? text : g_strdup (error->message));
  show_test_state (self, id);
}

static void
test_host_clicked_cb (OnairPreferencesWindow *self,
                      GtkWidget              *button)
{
  const OnairHostProfile *profile = profile_of_widget (self, button);
  TestCall *call;

  if (profile == NULL || g_hash_table_contains (self->testing, profile->id))
    return;

  g_hash_table_add (self->testing, g_strdup (profile->id));
  g_hash_table_insert (self->test_results, g_strdup (profile->id), g_strdup (_("Connecting…")));
  show_test_state (self, profile->id);

  call = g_new0 (TestCall, 1);
  call->self = g_object_ref (self);
  call->id = g_strdup (profile->id);
  onair_host_connection_test_async (onair_application_get_secrets (self->application), profile,
                                    NULL, profile, self->cancellable, host_tested_cb, call);
}

void
onair_preferences_window_update_host_rows (OnairPreferencesWindow *self)
{
  gboolean demo = onair_preferences_window_is_demo (self);

  for (guint i = 0; i < self->host_rows->len; i++)
    adw_preferences_group_remove (self->hosts_group, g_ptr_array_index (self->host_rows, i));
  g_ptr_array_set_size (self->host_rows, 0);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = load_profiles (self);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      const OnairHostProfile *profile = g_ptr_array_index (self->profiles, i);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *test = gtk_button_new_with_mnemonic (_("_Test Connection"));
      GtkWidget *edit;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profile->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_object_set_data_full (G_OBJECT (row), "host-id", g_strdup (profile->id), g_free);

      gtk_widget_set_valign (test, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (test), "host-id", g_strdup (profile->id), g_free);
      g_signal_connect_object (test, "clicked", G_CALLBACK (test_host_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (row, test);
      g_object_set_data (G_OBJECT (row), "test-button", test);

      /* The emulated hosts are not the settings': they can be tested, not changed. */
      if (!demo)
        {
          add_row_button (self, row, profile->id, "go-up-symbolic", _("Move Up"),
                          G_CALLBACK (move_up_clicked_cb), i > 0);
          add_row_button (self, row, profile->id, "go-down-symbolic", _("Move Down"),
                          G_CALLBACK (move_down_clicked_cb), i + 1 < self->profiles->len);
          edit = add_row_button (self, row, profile->id, "document-edit-symbolic", _("Edit"),
                                 G_CALLBACK (edit_host_cb), TRUE);
          add_row_button (self, row, profile->id, "user-trash-symbolic", _("Remove"),
                          G_CALLBACK (remove_clicked_cb), TRUE);
          adw_action_row_set_activatable_widget (row, edit);
        }
      adw_preferences_group_add (self->hosts_group, GTK_WIDGET (row));
      g_ptr_array_add (self->host_rows, row);
      show_test_state (self, profile->id);
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
                                             "running on its built-in vMix emulators, at the "
                                             "addresses below."));
  gtk_widget_set_sensitive (self->add_host_button, !demo);

  /* The single host of earlier versions counts only while the list has never been saved,
   * and not at all on the emulators or before anything is configured: its address would be
   * one Onair does not use. */
  {
    g_autoptr(GVariant) hosts = g_settings_get_value (self->settings, "hosts");
    gboolean legacy = g_variant_n_children (hosts) == 0 && !demo &&
                      !onair_application_needs_first_run (self->application);

    gtk_widget_set_visible (GTK_WIDGET (self->vmix_group), legacy);
    gtk_widget_set_visible (GTK_WIDGET (self->login_group), legacy);
  }
}

