/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Destinations page: adding, replacing the key of, deleting and checking destinations. */
#include "config.h"

#include "destinations-fixture.h"

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *png = NULL;

  g_assert_cmpuint (n_destinations (), ==, 0);
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           fixture->page, 10000));
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (fixture->page), "_Add Destination"));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "destinations-empty.png");
}

static void
test_add_twitch (Fixture       *fixture,
                 gconstpointer  data)
{
  OnairPreset *twitch = onair_presets_lookup ("twitch");
  g_autofree char *key = new_key ();
  g_autofree char *fingerprint = onair_key_fingerprint (key);
  g_autofree char *expected_state = g_strdup_printf ("Key set (fingerprint %s)", fingerprint);
  g_autofree char *settings = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *png = NULL;
  OnairDestination *destination;
  AdwActionRow *row;
  const char *event;

  destination = add_through_dialog (fixture, "twitch", 1, NULL, key, "destination-dialog.png");

  /* The name followed the platform; the server is the one chosen. */
  g_assert_cmpstr (onair_destination_get_name (destination), ==, "Twitch");
  g_assert_cmpstr (onair_destination_get_preset_id (destination), ==, "twitch");
  g_assert_cmpstr (onair_destination_get_server_url (destination), ==,
                   onair_preset_get_server_url (twitch, 1));
  g_assert_cmpstr (onair_destination_get_key_fingerprint (destination), ==, fingerprint);

  /* The page lists it with its fingerprint. */
  row = find_destination_row (fixture, "Twitch");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), expected_state));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "rtmp://live.twitch.tv/app"));
  g_assert_null (strstr (adw_action_row_get_subtitle (row), key));

  /* The settings hold it without the key; the keyring holds the key. */
  settings = settings_text ();
  g_assert_nonnull (strstr (settings, onair_destination_get_id (destination)));
  g_assert_nonnull (strstr (settings, fingerprint));
  g_assert_null (strstr (settings, key));
  stored = lookup_secret (ONAIR_SECRET_KIND_STREAM_KEY, onair_destination_get_id (destination));
  g_assert_nonnull (stored);
  g_assert_true (g_str_equal (stored, key));

  /* The witness saw the fingerprint, never the key. */
  event = find_event (fixture, "destination_saved");
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event, fingerprint));
  g_assert_nonnull (strstr (event, "\"server\":\"rtmp://live.twitch.tv/app\""));
  g_assert_nonnull (strstr (event, "\"preset\":\"twitch\""));
  assert_no_event_has (fixture, key);
  g_assert_null (find_event (fixture, "stream_key_changed"));

  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "destinations-page.png");
}

static gboolean
subtitle_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (adw_action_row_get_subtitle (pair[0]), pair[1]) == 0;
}

static void
test_replace_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *old_key = new_key ();
  g_autofree char *new_key_text = new_key ();
  g_autofree char *old_fingerprint = onair_key_fingerprint (old_key);
  g_autofree char *new_fingerprint = onair_key_fingerprint (new_key_text);
  g_autofree char *hint = g_strdup_printf ("Key set (fingerprint %s) — type a new key to "
                                           "replace it", old_fingerprint);
  g_autofree char *settings = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *png = NULL;
  OnairDestination *destination;
  OnairDestinationDialog *dialog;
  GtkWidget *key_row;
  GtkWidget *stored_row;
  GtkWidget *reveal;
  AdwActionRow *row;
  const char *event;
  gpointer pair[2];

  destination = add_through_dialog (fixture, "youtube-rtmps", 0, "Client event", old_key, NULL);
  g_ptr_array_set_size (fixture->events, 0);

  /* Edit from the row: the key is not shown, only its fingerprint. */
  row = find_destination_row (fixture, "Client event");
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (row), "Edit")));
  dialog = ONAIR_DESTINATION_DIALOG (wait_for_dialog (ONAIR_TYPE_DESTINATION_DIALOG));
  g_assert_true (onair_destination_dialog_get_destination (dialog) == destination);
  key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Stream _Key");
  stored_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Stored Key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  g_assert_true (gtk_widget_get_visible (stored_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (stored_row)), ==, hint);

  /* Revealed only when asked, from the keyring, and hidden again. */
  reveal = onair_test_ui_find_button (stored_row, "_Reveal Key");
  g_assert_true (gtk_widget_activate (reveal));
  pair[0] = stored_row;
  pair[1] = old_key;
  g_assert_true (onair_test_ui_wait_until (subtitle_is, pair, 10000));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reveal)), ==, "_Hide Key");
  g_assert_true (gtk_widget_activate (reveal));
  pair[1] = hint;
  g_assert_true (onair_test_ui_wait_until (subtitle_is, pair, 10000));

  /* Replace the key. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), new_key_text);
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-dialog-edit.png");
  click_save (dialog);
  g_assert_true (onair_test_ui_wait_until (no_destination_dialog, NULL, 10000));

  g_assert_cmpuint (n_destinations (), ==, 1);
  g_assert_cmpstr (onair_destination_get_key_fingerprint (destination), ==, new_fingerprint);
  stored = lookup_secret (ONAIR_SECRET_KIND_STREAM_KEY, onair_destination_get_id (destination));
  g_assert_true (g_str_equal (stored, new_key_text));
  settings = settings_text ();
  g_assert_nonnull (strstr (settings, new_fingerprint));
  g_assert_null (strstr (settings, old_key));
  g_assert_null (strstr (settings, new_key_text));

  event = find_event (fixture, "stream_key_changed");
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event, old_fingerprint));
  g_assert_nonnull (strstr (event, new_fingerprint));
  g_assert_nonnull (strstr (event, onair_destination_get_id (destination)));
  g_assert_nonnull (find_event (fixture, "destination_saved"));
  assert_no_event_has (fixture, old_key);
  assert_no_event_has (fixture, new_key_text);

  /* The row follows the edit. */
  {
    g_autofree char *state = g_strdup_printf ("Key set (fingerprint %s)", new_fingerprint);

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (find_destination_row (fixture, "Client event")),
                              state));
  }
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *key = new_key ();
  g_autofree char *id = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *png = NULL;
  OnairDestination *destination;
  AdwActionRow *row;
  GtkWindow *confirm;
  const char *event;

  destination = add_through_dialog (fixture, "kick", 0, "Kick backup", key, NULL);
  id = g_strdup (onair_destination_get_id (destination));

  row = find_destination_row (fixture, "Kick backup");
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (row), "Delete")));
  confirm = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "Delete “Kick backup”?");
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (confirm), "destination-delete-confirm.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  g_assert_true (onair_test_ui_wait_until (has_n_destinations, GUINT_TO_POINTER (0), 10000));

  settings = settings_text ();
  g_assert_null (strstr (settings, id));
  stored = lookup_secret (ONAIR_SECRET_KIND_STREAM_KEY, id);
  g_assert_null (stored);
  event = find_event (fixture, "destination_deleted");
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event, id));
  g_assert_nonnull (strstr (event, "Kick backup"));
  assert_no_event_has (fixture, key);
}

static void
test_invalid_custom_url (Fixture       *fixture,
                         gconstpointer  data)
{
  OnairDestinationDialog *dialog = open_add_dialog (fixture);
  GtkWidget *preset_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Platform");
  GtkWidget *url_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Server _URL");
  GtkWidget *name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  GtkWidget *save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  GtkWidget *key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                               "Stream _Key");
  GtkWidget *move;
  g_autofree char *png = NULL;

  adw_combo_row_set_selected (ADW_COMBO_ROW (preset_row), preset_index ("custom"));
  g_assert_true (gtk_widget_get_visible (url_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Custom RTMP");
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Wrong scheme: the reason shows under the row and Save stays off. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://ingest.example.com/live");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (url_row), "rtmp://"));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-dialog-invalid.png");

  /* A user name in the URL is refused too. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rtmp://me:secret@ingest.example.com/live");
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Valid, with a key. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rtmp://ingest.example.com/live");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (key_row), "live_valid_key_0001");
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");

  /* A key pasted into the URL: Save is impossible, and one click moves the key where it
   * belongs. */
  gtk_editable_set_text (GTK_EDITABLE (url_row),
                         "rtmp://ingest.example.com/live/live_8a7d6c5b4e3f2a1b0c9d8e7f");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (url_row), "stream key"));
  move = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Move to Key Field");
  g_assert_nonnull (move);
  g_assert_true (gtk_widget_get_visible (move));
  onair_test_ui_settle (300);
  g_free (png);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-dialog-key-in-url.png");
  g_signal_emit_by_name (move, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==,
                   "rtmp://ingest.example.com/live");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==,
                   "live_8a7d6c5b4e3f2a1b0c9d8e7f");
  g_assert_false (gtk_widget_get_visible (move));
  g_assert_true (gtk_widget_get_sensitive (save));
  onair_test_ui_settle (300);
  g_free (onair_test_ui_save_png (GTK_WIDGET (dialog), "destination-dialog-key-moved.png"));

  /* A platform's address with the key after it, and a query string: the same. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rtmp://live.twitch.tv/app/live_1234_abcd");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (move, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==,
                   "rtmp://live.twitch.tv/app");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "live_1234_abcd");
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rtmp://ingest.example.com/live/show?token=t0k3n");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (move, "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==,
                   "rtmp://ingest.example.com/live");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "show?token=t0k3n");
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (key_row), "");

  /* No name, no Save. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (onair_test_ui_wait_until (no_destination_dialog, NULL, 10000));
  g_assert_cmpuint (n_destinations (), ==, 0);
}

static void
test_custom_with_login (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *key = new_key ();
  g_autofree char *stored = NULL;
  g_autofree char *settings = NULL;
  OnairDestinationDialog *dialog = open_add_dialog (fixture);
  GtkWidget *preset_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Platform");
  GtkWidget *url_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Server _URL");
  GtkWidget *key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Stream _Key");
  GtkWidget *username_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_User Name");
  GtkWidget *password_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Pass_word");
  GtkWidget *stats_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Statistics _Address");
  GtkWidget *save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  OnairDestination *destination;

  adw_combo_row_set_selected (ADW_COMBO_ROW (preset_row), preset_index ("custom"));
  g_assert_true (gtk_widget_is_visible (username_row));
  g_assert_true (gtk_widget_is_visible (password_row));
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rtmps://ingest.example.com:1936/live");
  gtk_editable_set_text (GTK_EDITABLE (key_row), key);
  gtk_editable_set_text (GTK_EDITABLE (username_row), "producer");
  gtk_editable_set_text (GTK_EDITABLE (password_row), "server-password-7f3a");

  /* The ingest-stats address is http(s) only. */
  gtk_editable_set_text (GTK_EDITABLE (stats_row), "rtmp://ingest.example.com/stat");
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (stats_row), "https://ingest.example.com/stat");
  g_assert_true (gtk_widget_get_sensitive (save));

  click_save (dialog);
  g_assert_true (onair_test_ui_wait_until (has_n_destinations, GUINT_TO_POINTER (1), 10000));
  destination = get_destination (0);
  g_assert_cmpstr (onair_destination_get_server_url (destination), ==,
                   "rtmps://ingest.example.com:1936/live");
  g_assert_cmpstr (onair_destination_get_username (destination), ==, "producer");
  g_assert_cmpstr (onair_destination_get_ingest_stats_url (destination), ==,
                   "https://ingest.example.com/stat");
  stored = lookup_secret (ONAIR_SECRET_KIND_STREAM_PASSWORD, onair_destination_get_id (destination));
  g_assert_cmpstr (stored, ==, "server-password-7f3a");
  settings = settings_text ();
  g_assert_null (strstr (settings, "server-password-7f3a"));
  g_assert_null (strstr (settings, key));
  assert_no_event_has (fixture, "server-password-7f3a");

  /* Beside one without a key, for the picture. */
  {
    g_autoptr(OnairDestination) keyless = onair_destination_new ("youtube-rtmp");
    g_autofree char *png = NULL;

    onair_destination_set_name (keyless, "YouTube — rehearsal (key still to come)");
    onair_destination_set_server_url (keyless, "rtmp://a.rtmp.youtube.com/live2");
    onair_destination_list_add (onair_application_get_destinations (app), keyless);
    AdwActionRow *row = find_destination_row (fixture, "YouTube — rehearsal (key still to come)");

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "No key"));
    onair_test_ui_settle (400);
    png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "destinations-page-two.png");
  }
}

int
main (int   argc,
      char *argv[])
{
  ui_app_init (&argc, &argv);

  g_test_add ("/onair/ui/destinations/empty", Fixture, NULL,
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/add-twitch", Fixture, NULL,
              fixture_set_up, test_add_twitch, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/replace-key", Fixture, NULL,
              fixture_set_up, test_replace_key, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/delete", Fixture, NULL,
              fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/invalid-custom-url", Fixture, NULL,
              fixture_set_up, test_invalid_custom_url, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/custom-with-login", Fixture, NULL,
              fixture_set_up, test_custom_with_login, fixture_tear_down);

  return ui_app_run ();
}
