/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main window: adding, editing, reordering and removing vMix hosts in the preferences. */
#include "config.h"

#include "window-fixture.h"

static gboolean
dialog_is_closed (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* Hosts edited in the Preferences, as a producer sets up a new machine. */

static gboolean
is_add_host_button (GtkWidget     *widget,
                    gconstpointer  data)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  return ADW_IS_BUTTON_CONTENT (child) &&
         g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), "_Add Host") == 0;
}

static GtkWindow *
open_add_host_dialog (GtkWindow *preferences)
{
  GtkWidget *add = onair_test_ui_find (GTK_WIDGET (preferences), is_add_host_button, NULL);

  g_assert_nonnull (add);
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_activate (add));
  return wait_for_dialog (ONAIR_TYPE_HOST_DIALOG);
}

static void
set_row_text (GtkWindow  *dialog,
              GType       type,
              const char *title,
              const char *text)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (dialog), type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
dialog_shows (gpointer data)
{
  gpointer *pair = data;

  return onair_test_ui_find_label (pair[0], pair[1], TRUE) != NULL;
}

static guint
n_hosts (GSettings *settings)
{
  g_autoptr(GVariant) hosts = g_settings_get_value (settings, "hosts");

  return g_variant_n_children (hosts);
}

static gboolean
has_two_hosts (gpointer data)
{
  return n_hosts (data) == 2;
}

static gboolean
has_one_host (gpointer data)
{
  return n_hosts (data) == 1;
}

static char *
dup_host_id (GSettings *settings,
             guint      index)
{
  g_autoptr(GVariant) hosts = g_settings_get_value (settings, "hosts");
  g_autoptr(GVariant) child = g_variant_get_child_value (hosts, index);
  g_autoptr(GVariantDict) dict = g_variant_dict_new (child);
  char *id = NULL;

  g_assert_true (g_variant_dict_lookup (dict, "id", "s", &id));
  return id;
}

static char *
lookup_password (const char *id)
{
  OnairSecretStore *secrets = onair_application_get_secrets (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  onair_secret_store_lookup_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, id, NULL,
                                   result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = onair_secret_store_lookup_finish (secrets, result, &error);
  g_assert_no_error (error);
  return secret;
}

static gboolean
studio_b_first (gpointer data)
{
  g_autofree char *first = dup_host_id (data, 0);

  return g_str_equal (first, "studio-b");
}

static gboolean
password_gone (gpointer data)
{
  char *password = lookup_password (data);

  onair_secret_free (password);
  return password == NULL;
}

static gboolean
session_connected (gpointer data)
{
  OnairVmixSession *session = onair_fleet_lookup (data, "studio-b");

  return session != NULL &&
         onair_vmix_session_get_connection_state (session) == ONAIR_CONNECTION_CONNECTED;
}

static void
test_edit_hosts (void)
{
  g_autoptr(OnairEmulator) vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *port = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *png = NULL;
  char *password;
  GtkWindow *preferences;
  GtkWindow *dialog;
  GtkWindow *confirm;
  GtkWidget *save;
  GtkWidget *row;
  OnairFleet *fleet;
  GSettings *settings;
  OnairWindow *window;
  gpointer pair[2];

  g_assert_true (onair_emulator_start (vmix, 0, &error));
  g_assert_no_error (error);
  onair_emulator_set_credentials (vmix, "operator", "vmix-host-password-7");
  port = g_strdup_printf ("%u", onair_emulator_get_port (vmix));
  secret_id = g_strdup_printf ("127.0.0.1:%s", port);
  expected = g_strdup_printf ("Connected to vMix %s (4K)", onair_emulator_get_version (vmix));

  /* Onair as a producer starts it, on the settings' hosts: only the single host of earlier
   * versions, "Main", so far. */
  settings = onair_application_get_settings (app);
  g_settings_reset (settings, "hosts");
  /* Set as an earlier version left it (and as the preferences test, once in this program,
   * did): without it, nothing is configured and the welcome page asks instead. */
  g_settings_set_uint (settings, "port", 8099);
  onair_application_reconnect (app);
  fleet = onair_application_get_fleet (app);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_dialog (ADW_TYPE_PREFERENCES_WINDOW);
  gtk_window_set_default_size (preferences, 640, 900);
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW,
                                            "Main"));

  /* Add Host: Save waits for a name, a host and a port in range. */
  dialog = open_add_host_dialog (preferences);
  save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_sensitive (save));
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Name", "Studio B");
  adw_combo_row_set_selected (ADW_COMBO_ROW (onair_test_ui_find_row (GTK_WIDGET (dialog),
                                                                     ADW_TYPE_COMBO_ROW,
                                                                     "_Role")),
                              ONAIR_HOST_ROLE_BACKUP);
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Host", "127.0.0.1");
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Port", "70000");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog), "from 1 to 65535", FALSE));
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Port", port);
  g_assert_true (gtk_widget_get_sensitive (save));
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_User Name (optional)", "operator");
  set_row_text (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "Pass_word", "vmix-host-password-7");

  /* Test Connection: one request, with the password typed. */
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (dialog),
                                                                 "_Test Connection")));
  pair[0] = dialog;
  pair[1] = expected;
  g_assert_true (onair_test_ui_wait_until (dialog_shows, pair, 10000));
  g_assert_cmpuint (onair_emulator_get_request_count (vmix), ==, 1);
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "host-dialog.png");
  g_clear_pointer (&png, g_free);

  /* Save: the host in the settings after Main (its password only in the keyring) and in the
   * fleet. */
  g_assert_true (gtk_widget_activate (save));
  g_assert_true (onair_test_ui_wait_until (has_two_hosts, settings, 10000));
  g_assert_true (onair_test_ui_wait_until (dialog_is_closed,
                                           GSIZE_TO_POINTER (ONAIR_TYPE_HOST_DIALOG), 10000));
  {
    g_autoptr(GVariant) hosts = g_settings_get_value (settings, "hosts");
    g_autoptr(GVariant) child = g_variant_get_child_value (hosts, 1);
    g_autoptr(OnairHostProfile) profile = onair_host_profile_new_from_variant (child, &error);
    g_autofree char *text = g_variant_print (hosts, TRUE);

    g_assert_no_error (error);
    g_assert_cmpstr (profile->id, ==, "studio-b");
    g_assert_cmpstr (profile->name, ==, "Studio B");
    g_assert_cmpint (profile->role, ==, ONAIR_HOST_ROLE_BACKUP);
    g_assert_cmpstr (profile->host, ==, "127.0.0.1");
    g_assert_cmpuint (profile->port, ==, onair_emulator_get_port (vmix));
    g_assert_cmpstr (profile->username, ==, "operator");
    g_assert_null (strstr (text, "vmix-host-password-7"));
  }
  {
    g_autofree char *first = dup_host_id (settings, 0);

    g_assert_cmpstr (first, ==, "main");
  }
  password = lookup_password (secret_id);
  g_assert_cmpstr (password, ==, "vmix-host-password-7");
  onair_secret_free (password);
  g_assert_nonnull (onair_fleet_lookup_by_name (fleet, "Studio B"));
  g_assert_true (onair_test_ui_wait_until (session_connected, fleet, 20000));

  /* Move Up: Studio B first. */
  row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Studio B");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (row, "Move Up")));
  g_assert_true (onair_test_ui_wait_until (studio_b_first, settings, 10000));
  row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Studio B");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_sensitive (onair_test_ui_find_button (row, "Move Up")));
  {
    g_autofree char *subtitle = g_strdup_printf ("Backup · %s", secret_id);

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
  }
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (preferences), "preferences-hosts.png");
  g_clear_pointer (&png, g_free);

  /* Names are unique, whatever their case. */
  dialog = open_add_host_dialog (preferences);
  save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Name", "studio b");
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Host", "10.0.0.2");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog), "already called", FALSE));
  gtk_window_close (dialog);
  g_assert_true (onair_test_ui_wait_until (dialog_is_closed,
                                           GSIZE_TO_POINTER (ONAIR_TYPE_HOST_DIALOG), 10000));

  /* Remove, once confirmed: gone from the settings, the fleet and the keyring. */
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (row, "Remove")));
  confirm = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpuint (n_hosts (settings), ==, 2);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");
  g_assert_true (onair_test_ui_wait_until (has_one_host, settings, 10000));
  g_assert_null (onair_fleet_lookup (fleet, "studio-b"));
  g_assert_nonnull (onair_fleet_lookup (fleet, "main"));
  g_assert_null (onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW,
                                         "Studio B"));
  g_assert_true (onair_test_ui_wait_until (password_gone, secret_id, 10000));

  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  g_settings_reset (settings, "hosts");
  onair_emulator_stop (vmix);
}

int
main (int   argc,
      char *argv[])
{
  ui_app_init (&argc, &argv);

  /* On the settings' hosts, not on an emulator of its own. */
  g_test_add_func ("/onair/ui/window/edit-hosts", test_edit_hosts);

  return ui_app_run ();
}
