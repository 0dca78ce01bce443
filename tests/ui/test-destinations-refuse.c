/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Destinations page: what is refused (an empty key, a taken name) saves nothing, and
 * the vMix password goes to the keyring only. */
#include "config.h"

#include "destinations-fixture.h"

/* Onair's keyring schema, read with libsecret directly: what the keyring really holds. */
static const SecretSchema keyring_schema = {
  "io.github.onair_app.Onair.Secret",
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static guint
n_keyring_items (const char *kind)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (&keyring_schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "kind", kind, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

/* Save, the way a producer cannot click it while it is off, to prove the dialog refuses
 * by itself too: nothing may reach the settings or the keyring. */
static void
force_save (OnairDestinationDialog *dialog)
{
  g_signal_emit_by_name (onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save"), "clicked");
  onair_test_ui_settle (500);
}

static void
assert_nothing_saved (const char *settings_before,
                      guint       keys_before,
                      guint       passwords_before)
{
  g_autofree char *settings_after = settings_text ();

  g_assert_cmpuint (n_destinations (), ==, 1);
  g_assert_cmpstr (settings_after, ==, settings_before);
  g_assert_cmpuint (n_keyring_items ("stream-key"), ==, keys_before);
  g_assert_cmpuint (n_keyring_items ("stream-password"), ==, passwords_before);
  g_assert_nonnull (find_toplevel (ONAIR_TYPE_DESTINATION_DIALOG));
}

static void
test_refuse_empty_key_and_taken_name (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *key = new_key ();
  g_autofree char *second_key = new_key ();
  g_autofree char *settings_before = NULL;
  g_autofree char *png = NULL;
  OnairDestinationDialog *dialog;
  GtkWidget *name_row;
  GtkWidget *key_row;
  GtkWidget *save;
  GtkWidget *message;
  guint keys_before;
  guint passwords_before;

  add_through_dialog (fixture, "youtube-rtmp", 0, "YouTube Main", key, NULL);
  settings_before = settings_text ();
  keys_before = n_keyring_items ("stream-key");
  passwords_before = n_keyring_items ("stream-password");
  g_ptr_array_set_size (fixture->events, 0);

  /* A new destination without a key: Save stays off, and the key field says why. */
  dialog = open_add_dialog (fixture);
  adw_combo_row_set_selected (ADW_COMBO_ROW (onair_test_ui_find_row (GTK_WIDGET (dialog),
                                                                     ADW_TYPE_COMBO_ROW,
                                                                     "_Platform")),
                              preset_index ("twitch"));
  name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                    "Stream _Key");
  save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Twitch studio");
  g_assert_false (gtk_widget_get_sensitive (save));
  message = onair_test_ui_find_label (GTK_WIDGET (dialog), "Enter the stream key", FALSE);
  g_assert_nonnull (message);

  /* Typed and emptied again: an error, next to the field. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "x");
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (key_row, "error"));
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (key_row), "stream key"));
  force_save (dialog);
  assert_nothing_saved (settings_before, keys_before, passwords_before);
  g_assert_null (find_event (fixture, "destination_saved"));
  onair_test_ui_settle (300);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-empty-key-refused.png");

  /* A name another destination has, in another case and with spaces: refused too. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), second_key);
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  youtube MAIN ");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog),
                                              "Another destination is already called "
                                              "“YouTube Main”", FALSE));
  g_assert_false (gtk_widget_has_css_class (key_row, "error"));
  force_save (dialog);
  assert_nothing_saved (settings_before, keys_before, passwords_before);
  g_assert_null (find_event (fixture, "destination_saved"));
  onair_test_ui_settle (300);
  g_free (onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-name-taken-refused.png"));

  /* A name of its own: saved, key and all. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "YouTube Main (rehearsal)");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  click_save (dialog);
  g_assert_true (onair_test_ui_wait_until (has_n_destinations, GUINT_TO_POINTER (2), 10000));
  g_assert_cmpuint (n_keyring_items ("stream-key"), ==, keys_before + 1);

  /* Editing keeps the stored key and the destination's own name. */
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (
    GTK_WIDGET (find_destination_row (fixture, "YouTube Main")), "Edit")));
  dialog = ONAIR_DESTINATION_DIALOG (wait_for_dialog (ONAIR_TYPE_DESTINATION_DIALOG));
  save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (dialog), "Enter the stream key", FALSE));
  /* …but not another's. */
  name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "youtube main (REHEARSAL)");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (onair_test_ui_wait_until (no_destination_dialog, NULL, 10000));
  g_assert_nonnull (find_destination_row (fixture, "YouTube Main"));
}

static gboolean
password_stored (gpointer data)
{
  g_autofree char *password = lookup_secret (ONAIR_SECRET_KIND_VMIX_PASSWORD, data);

  return g_strcmp0 (password, "vmix-web-password-42") == 0;
}

static gboolean
password_gone (gpointer data)
{
  g_autofree char *password = lookup_secret (ONAIR_SECRET_KIND_VMIX_PASSWORD, data);

  return password == NULL;
}

static gboolean
row_subtitle_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (adw_action_row_get_subtitle (pair[0]), pair[1]) == 0;
}

static void
test_vmix_password (Fixture       *fixture,
                    gconstpointer  data)
{
  GSettings *settings = onair_application_get_settings (fixture->app);
  g_autofree char *host = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *png = NULL;
  GtkWindow *preferences;
  GtkWidget *password_row;
  GtkWidget *username_row;
  GtkWidget *state_row;
  gpointer pair[2];

  /* The single host of earlier versions, not the emulator: Preferences show its login only
   * when Onair uses it. A host of its own: the keyring is shared with the other tests of
   * the run. Its password is filed under host and port, where the session looks first. */
  host = g_strdup_printf ("vmix-%d-%08x.test", getpid (), g_random_int ());
  g_settings_set_string (settings, "host", host);
  g_settings_set_uint (settings, "port", 8123);
  secret_id = g_strdup_printf ("%s:8123", host);
  onair_application_set_emulator (fixture->app, NULL);
  onair_application_reconnect (fixture->app);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = wait_for_dialog (ADW_TYPE_PREFERENCES_WINDOW);
  gtk_window_set_default_size (preferences, 640, 1000);
  password_row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_PASSWORD_ENTRY_ROW, "_Password");
  username_row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ENTRY_ROW, "_User Name");
  state_row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Stored Password");
  g_assert_nonnull (password_row);
  g_assert_nonnull (username_row);
  g_assert_nonnull (state_row);
  pair[0] = state_row;
  pair[1] = (gpointer) "None stored";
  g_assert_true (onair_test_ui_wait_until (row_subtitle_is, pair, 10000));

  /* The password goes to the keyring under host and port (not the host alone, as earlier
   * versions filed it), never to the settings. It comes first: a session with a user name
   * and no password anywhere in the keyring is a case this test stays clear of. */
  gtk_editable_set_text (GTK_EDITABLE (password_row), "vmix-web-password-42");
  g_signal_emit_by_name (password_row, "apply");
  g_assert_true (onair_test_ui_wait_until (password_stored, secret_id, 10000));
  g_assert_true (password_gone (host));
  pair[1] = (gpointer) "Stored in the keyring";
  g_assert_true (onair_test_ui_wait_until (row_subtitle_is, pair, 10000));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, "vmix-web-password-42"));
      }
  }
  assert_no_event_has (fixture, "vmix-web-password-42");

  /* The user name is written when applied, not while typed. */
  gtk_editable_set_text (GTK_EDITABLE (username_row), "operator");
  {
    g_autofree char *before = g_settings_get_string (settings, "username");
    g_autofree char *after = NULL;

    g_assert_cmpstr (before, ==, "");
    g_signal_emit_by_name (username_row, "apply");
    after = g_settings_get_string (settings, "username");
    g_assert_cmpstr (after, ==, "operator");
  }

  onair_test_ui_settle (500);
  png = onair_test_ui_save_png (GTK_WIDGET (preferences), "preferences-vmix-login.png");
  g_settings_reset (settings, "username");

  /* Removed again. */
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (state_row, "_Remove")));
  g_assert_true (onair_test_ui_wait_until (password_gone, secret_id, 10000));
  pair[1] = (gpointer) "None stored";
  g_assert_true (onair_test_ui_wait_until (row_subtitle_is, pair, 10000));

  g_settings_reset (settings, "host");
  g_settings_reset (settings, "port");
  gtk_window_destroy (preferences);
}

int
main (int   argc,
      char *argv[])
{
  ui_app_init (&argc, &argv);

  g_test_add ("/onair/ui/destinations/refuse-empty-key-and-taken-name", Fixture, NULL,
              fixture_set_up, test_refuse_empty_key_and_taken_name, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/vmix-password", Fixture, NULL,
              fixture_set_up, test_vmix_password, fixture_tear_down);

  return ui_app_run ();
}
