/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include <string.h>

#include <libsecret/secret.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-presets.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-destination-dialog.h"
#include "ui/onair-destinations-page.h"
#include "ui/onair-window.h"

/* One application per process, as in real life; each test gets a new window. */
static OnairApplication *app;

typedef struct
{
  OnairEmulator         *emulator;
  OnairApplication      *app;
  OnairWindow           *window;
  OnairDestinationsPage *page;
  GPtrArray             *events;   /* "event_type params-json" per record-event */
} Fixture;

static void
record_event_cb (OnairApplication *application,
                 const char       *event_type,
                 JsonObject       *params,
                 JsonObject       *result,
                 Fixture          *fixture)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), params);
  g_autofree char *json = json_to_string (node, FALSE);

  g_ptr_array_add (fixture->events, g_strdup_printf ("%s %s", event_type, json));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
dialog_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (GPOINTER_TO_SIZE (data));

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static GtkWindow *
wait_for_dialog (GType type)
{
  g_assert_true (onair_test_ui_wait_until (dialog_is_open, GSIZE_TO_POINTER (type), 10000));
  return find_toplevel (type);
}

static gboolean
no_destination_dialog (gpointer data)
{
  return find_toplevel (ONAIR_TYPE_DESTINATION_DIALOG) == NULL;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
lookup_secret (OnairSecretKind  kind,
               const char      *id)
{
  OnairSecretStore *secrets = onair_application_get_secrets (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  onair_secret_store_lookup_async (secrets, kind, id, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = onair_secret_store_lookup_finish (secrets, result, &error);
  g_assert_no_error (error);
  return secret;
}

static guint
preset_index (const char *id)
{
  GListModel *presets = onair_presets_get_default ();

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);

      if (g_str_equal (onair_preset_get_id (preset), id))
        return i;
    }
  g_assert_not_reached ();
}

static char *
new_key (void)
{
  return g_strdup_printf ("live_ui_%08x%08x%08x", g_random_int (), g_random_int (),
                          g_random_int ());
}

static guint
n_destinations (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_destinations (app)));
}

static OnairDestination *
get_destination (guint position)
{
  g_autoptr(OnairDestination) destination =
    g_list_model_get_item (G_LIST_MODEL (onair_application_get_destinations (app)), position);

  return destination; /* the list keeps it alive */
}

static gboolean
has_n_destinations (gpointer data)
{
  return n_destinations () == GPOINTER_TO_UINT (data);
}

static char *
settings_text (void)
{
  g_autoptr(GVariant) value =
    g_settings_get_value (onair_application_get_settings (app), "destinations");

  return g_variant_print (value, FALSE);
}

static const char *
find_event (Fixture    *fixture,
            const char *event_type)
{
  g_autofree char *prefix = g_strconcat (event_type, " ", NULL);

  for (guint i = fixture->events->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (fixture->events, i - 1), prefix))
      return g_ptr_array_index (fixture->events, i - 1);
  return NULL;
}

static void
assert_no_event_has (Fixture    *fixture,
                     const char *secret)
{
  for (guint i = 0; i < fixture->events->len; i++)
    g_assert_null (strstr (g_ptr_array_index (fixture->events, i), secret));
}

static AdwActionRow *
find_destination_row (Fixture    *fixture,
                      const char *name)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, name);

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);

  fixture->app = g_object_ref (app);
  onair_application_set_emulator (fixture->app, fixture->emulator);
  onair_application_reconnect (fixture->app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window =
    ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);

  fixture->page = ONAIR_DESTINATIONS_PAGE (onair_test_ui_find_descendant (GTK_WIDGET (fixture->window),
                                                            ONAIR_TYPE_DESTINATIONS_PAGE));
  g_assert_nonnull (fixture->page);
  onair_window_show_page (fixture->window, "destinations");

  fixture->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->app, "record-event", G_CALLBACK (record_event_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  OnairDestinationList *list = onair_application_get_destinations (fixture->app);
  GtkWindow *dialog;

  g_signal_handlers_disconnect_by_data (fixture->app, fixture);
  while ((dialog = find_toplevel (ONAIR_TYPE_DESTINATION_DIALOG)) != NULL)
    gtk_window_destroy (dialog);

  /* Leave the keyring as it was found. */
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      onair_destination_list_delete_async (list, get_destination (0),
                                           onair_application_get_secrets (fixture->app),
                                           NULL, result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (onair_destination_list_delete_finish (list, result, &error));
      g_assert_no_error (error);
    }
  onair_destination_list_save (list, onair_application_get_settings (fixture->app));

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (fixture->app, NULL);
  g_clear_object (&fixture->app);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
}

static OnairDestinationDialog *
open_add_dialog (Fixture *fixture)
{
  GtkWidget *button = onair_test_ui_find_button (GTK_WIDGET (fixture->page), "_Add Destination");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  return ONAIR_DESTINATION_DIALOG (wait_for_dialog (ONAIR_TYPE_DESTINATION_DIALOG));
}

static void
click_save (OnairDestinationDialog *dialog)
{
  GtkWidget *save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");

  g_assert_nonnull (save);
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_activate (save));
}

/* Adds a destination the way a producer does: platform, server, name, key, Save. */
static OnairDestination *
add_through_dialog (Fixture    *fixture,
                    const char *preset_id,
                    guint       server,
                    const char *name,
                    const char *key,
                    const char *screenshot)
{
  guint before = n_destinations ();
  OnairDestinationDialog *dialog = open_add_dialog (fixture);
  GtkWidget *preset_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Platform");
  GtkWidget *server_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Server");
  GtkWidget *name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  GtkWidget *key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Stream _Key");

  g_assert_nonnull (preset_row);
  g_assert_nonnull (server_row);
  g_assert_nonnull (name_row);
  g_assert_nonnull (key_row);

  adw_combo_row_set_selected (ADW_COMBO_ROW (preset_row), preset_index (preset_id));
  adw_combo_row_set_selected (ADW_COMBO_ROW (server_row), server);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (key_row), key);

  if (screenshot != NULL)
    {
      g_autofree char *png = NULL;

      onair_test_ui_settle (400);
      png = onair_test_ui_save_png (GTK_WIDGET (dialog), screenshot);
    }

  click_save (dialog);
  g_assert_true (onair_test_ui_wait_until (has_n_destinations, GUINT_TO_POINTER (before + 1),
                                           10000));
  g_assert_true (onair_test_ui_wait_until (no_destination_dialog, NULL, 10000));
  return get_destination (before);
}

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
  g_autoptr(GError) error = NULL;
  int status;

  onair_test_ui_init (&argc, &argv);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

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
  g_test_add ("/onair/ui/destinations/refuse-empty-key-and-taken-name", Fixture, NULL,
              fixture_set_up, test_refuse_empty_key_and_taken_name, fixture_tear_down);
  g_test_add ("/onair/ui/destinations/vmix-password", Fixture, NULL,
              fixture_set_up, test_vmix_password, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
