/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-host-dialog.h"
#include "ui/onair-srt-profile-dialog.h"
#include "ui/onair-stream-card.h"
#include "ui/onair-window.h"

/* One application per process, as in real life; each test gets a new window. */
static OnairApplication *app;

typedef struct
{
  OnairEmulator    *emulator;
  OnairApplication *app;
  OnairWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* NULL: vMix 28. */
  fixture->emulator = onair_emulator_new (GPOINTER_TO_INT (data));
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);

  fixture->app = g_object_ref (app);
  /* Each test chooses its streams' destinations anew. */
  g_settings_reset (onair_application_get_settings (app), "stream-destinations");
  onair_application_set_emulator (fixture->app, fixture->emulator);
  onair_application_reconnect (fixture->app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (fixture->app, NULL);
  g_clear_object (&fixture->app);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
}

static gboolean
page_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (onair_window_get_visible_page (pair[0]), pair[1]) == 0 &&
         gtk_widget_get_mapped (pair[0]);
}

static gboolean
wait_for_page (OnairWindow *window,
               const char  *page)
{
  gpointer pair[2] = { window, (gpointer) page };

  return onair_test_ui_wait_until (page_is, pair, 20000);
}

static void
test_connected (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *png = NULL;
  g_autofree char *expected = g_strdup_printf ("Connected to vMix %s (4K)",
                                               onair_emulator_get_version (fixture->emulator));

  g_assert_true (wait_for_page (fixture->window, "connected"));
  g_assert_cmpstr (onair_window_get_status_title (fixture->window), ==, expected);

  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-connected.png");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* Every page is a key press away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "health"));
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           onair_window_get_page (fixture->window, "health"),
                                           10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "control"));
}

/* vMix does not answer from the start: the window says so, with a Retry button. Once it
 * answered, losing it keeps the Control Room (test-critical's vmix-lost). */
static void
test_error_and_retry (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  OnairWindow *window;
  guint port;

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  port = onair_emulator_get_port (emulator);
  onair_emulator_stop (emulator);

  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (wait_for_page (window, "error"));
  g_assert_cmpstr (onair_window_get_status_title (window), ==, "Cannot Reach vMix");
  g_assert_nonnull (strstr (onair_window_get_status_description (window), "Nothing answers"));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "window-error.png");

  /* It comes back; Retry reconnects without waiting for the backoff. */
  g_assert_true (onair_emulator_start (emulator, port, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  g_assert_true (wait_for_page (window, "connected"));

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

static gboolean
window_shows (gpointer data)
{
  gpointer *pair = data;

  return onair_test_ui_find_label (pair[0], pair[1], FALSE) != NULL;
}

static gboolean
window_hides (gpointer data)
{
  return !window_shows (data);
}

static void
test_bad_document (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer pair[2] = { fixture->window, (gpointer) "not an XML document" };
  g_autofree char *png = NULL;

  g_assert_true (wait_for_page (fixture->window, "connected"));

  /* vMix sends half a state document: the window says what is wrong with it, and where. */
  onair_emulator_set_truncated_xml (fixture->emulator, TRUE);
  g_assert_true (onair_test_ui_wait_until (window_shows, pair, 20000));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (fixture->window),
                                              "ends too early at line", FALSE));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-bad-document.png");

  /* Whole documents again: the message goes. */
  onair_emulator_set_truncated_xml (fixture->emulator, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reconnect", NULL));
  g_assert_true (onair_test_ui_wait_until (window_hides, pair, 20000));
  g_assert_true (wait_for_page (fixture->window, "connected"));
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

static gboolean
dialog_is_closed (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static GtkWindow *
wait_for_dialog (GType type)
{
  g_assert_true (onair_test_ui_wait_until (dialog_is_open, GSIZE_TO_POINTER (type), 10000));
  return find_toplevel (type);
}

static gboolean
is_spin_with_value (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget) &&
         gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)) == *(const double *) data;
}

static void
test_preferences_bound (Fixture       *fixture,
                        gconstpointer  data)
{
  GSettings *settings = onair_application_get_settings (fixture->app);
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = wait_for_dialog (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (fixture->window));

  /* The settings and the rows are one: changing one shows in the other. */
  g_settings_set_uint (settings, "port", 8099);
  g_assert_nonnull (onair_test_ui_find (GTK_WIDGET (preferences), is_spin_with_value,
                                       &(double) { 8099 }));

  /* Health thresholds are preferences too, and reach the monitor at once. */
  g_settings_set_uint (settings, "health-rtt-warning-ms", 333);
  g_assert_nonnull (onair_test_ui_find (GTK_WIDGET (preferences), is_spin_with_value,
                                       &(double) { 333 }));
  {
    OnairHealthThresholds thresholds;

    onair_health_monitor_get_thresholds (onair_application_get_health (fixture->app), &thresholds);
    g_assert_cmpuint (thresholds.rtt_warning_ms, ==, 333);
  }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "health");
  onair_test_ui_settle (300);
  {
    g_autofree char *png = onair_test_ui_save_png (GTK_WIDGET (preferences),
                                                   "preferences-health.png");
  }
  g_settings_reset (settings, "health-rtt-warning-ms");
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           preferences, 10000));
  onair_test_ui_settle (500);
  {
    g_autofree char *png = onair_test_ui_save_png (GTK_WIDGET (preferences),
                                                   "preferences.png");
  }
  gtk_window_destroy (preferences);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
card_is_live (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_LIVE;
}

static gboolean
card_is_off (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_OFF;
}

static gboolean
card_is_lost (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_LOST;
}

static gboolean
emulator_recording (gpointer data)
{
  return onair_emulator_get_recording (data);
}

static gboolean
has_cards (gpointer data)
{
  return onair_window_get_n_stream_cards (data) == 5;
}

static void
add_destination (Fixture    *fixture,
                 const char *name,
                 const char *url,
                 const char *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, name);
  onair_destination_set_server_url (destination, url);
  onair_destination_store_key_async (destination, onair_application_get_secrets (fixture->app),
                                     key, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_destination_store_key_finish (destination, result, &error));
  g_assert_no_error (error);
  onair_destination_list_add (onair_application_get_destinations (fixture->app), destination);
}

/* As a producer does: the card offers None until a destination is chosen. */
static void
choose_destination (GtkWidget  *card,
                    const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (onair_test_ui_find_descendant (card, GTK_TYPE_DROP_DOWN));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (ONAIR_IS_DESTINATION (item) &&
          g_strcmp0 (onair_destination_get_name (ONAIR_DESTINATION (item)), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
click_go_live (GtkWidget *card)
{
  GtkWidget *button = onair_test_ui_find_button (card, "_Go Live");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static void
test_go_live (Fixture       *fixture,
              gconstpointer  data)
{
  OnairStreamCard *card;
  GtkWidget *button;
  g_autofree char *png = NULL;

  add_destination (fixture, "Twitch — main channel", "rtmp://live.twitch.tv/app", "live_ui_test_key_1");
  /* Tall enough for the whole control room in the screenshot. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1240, 900);
  g_assert_true (wait_for_page (fixture->window, "connected"));
  g_assert_true (onair_test_ui_wait_until (has_cards, fixture->window, 10000));

  /* Go live on stream 2 with the button a producer would press. */
  card = ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 1));
  g_assert_cmpint (onair_stream_card_get_status (card), ==, ONAIR_CHANNEL_OFF);
  choose_destination (GTK_WIDGET (card), "Twitch — main channel");
  click_go_live (GTK_WIDGET (card));
  g_assert_true (onair_test_ui_wait_until (card_is_live, card, 20000));
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 0));
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->emulator, 1), ==, "live_ui_test_key_1");

  /* A second channel, and the recording, for the picture in the README. */
  card = ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 3));
  add_destination (fixture, "YouTube — backup", "rtmp://b.rtmp.youtube.com/live2", "live_ui_test_key_4");
  choose_destination (GTK_WIDGET (card), "YouTube — backup");
  click_go_live (GTK_WIDGET (card));
  g_assert_true (onair_test_ui_wait_until (card_is_live, card, 20000));
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 3));

  button = onair_test_ui_find_button (GTK_WIDGET (fixture->window), "_Start Recording");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (emulator_recording, fixture->emulator, 20000));
  onair_test_ui_settle (1500);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-live.png");

  /* vMix drops stream 4: the card says so until the producer dismisses it. */
  onair_emulator_drop_stream (fixture->emulator, 3);
  g_assert_true (onair_test_ui_wait_until (card_is_lost, card, 20000));
  onair_test_ui_settle (300);
  g_free (onair_test_ui_save_png (GTK_WIDGET (card), "stream-card-lost.png"));
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Dismiss");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (card_is_off, card, 10000));
  onair_test_ui_settle (300);
  g_assert_false (gtk_widget_get_mapped (button));
}

static gboolean
card_is_unreported (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_UNREPORTED;
}

static gboolean
has_three_cards (gpointer data)
{
  return onair_window_get_n_stream_cards (data) == 3;
}

/* vMix 21 says it streams, not which stream: the cards say so, none of them "Off". */
static void
test_unreported_channels (Fixture       *fixture,
                          gconstpointer  data)
{
  OnairStreamCard *card;
  OnairStreamCard *other;
  g_autofree char *png = NULL;

  add_destination (fixture, "Own server", "rtmp://ingest.example.net/live", "live_ui_test_key_21");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1240, 900);
  g_assert_true (wait_for_page (fixture->window, "connected"));
  g_assert_true (onair_test_ui_wait_until (has_three_cards, fixture->window, 10000));

  card = ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 1));
  choose_destination (GTK_WIDGET (card), "Own server");
  click_go_live (GTK_WIDGET (card));
  g_assert_true (onair_test_ui_wait_until (card_is_live, card, 20000));
  other = ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 0));
  g_assert_true (onair_test_ui_wait_until (card_is_unreported, other, 10000));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (other),
                                              "Streaming — channel not reported by this vMix",
                                              TRUE));
  g_assert_false (gtk_widget_get_sensitive (onair_test_ui_find_button (GTK_WIDGET (other),
                                                                       "_Go Live")));
  /* The card Onair started is live, as vMix's overall state confirms. */
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (card), "_Stop"));
  /* vMix 21 has no SRT outputs: no rows to start one. */
  g_assert_null (onair_test_ui_find_button (GTK_WIDGET (fixture->window), "_Start SRT"));

  onair_test_ui_settle (800);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-vmix21-unreported.png");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* vMix stops streaming by itself: now it says all streams are off, and that is the truth:
   * the stream Onair started is lost, the others are off. */
  onair_emulator_drop_stream (fixture->emulator, 1);
  g_assert_true (onair_test_ui_wait_until (card_is_lost, card, 20000));
  g_assert_true (onair_test_ui_wait_until (card_is_off, other, 10000));
}

static gboolean
profile_saved (gpointer data)
{
  g_autoptr(GPtrArray) profiles = onair_srt_profiles_load (data);

  return profiles->len == 1;
}

static gboolean
srt_on (gpointer data)
{
  return onair_emulator_get_srt_output (data, 0);
}

static void
test_srt_profile (Fixture       *fixture,
                  gconstpointer  data)
{
  GSettings *settings = onair_application_get_settings (fixture->app);
  g_autoptr(GPtrArray) profiles = NULL;
  OnairSrtProfileDialog *dialog;
  GtkWidget *address;
  GtkWidget *passphrase;
  GtkWidget *button;
  g_autofree char *png = NULL;

  g_assert_true (wait_for_page (fixture->window, "connected"));
  dialog = onair_srt_profile_dialog_new (fixture->app, GTK_WINDOW (fixture->window), 0);
  gtk_window_present (GTK_WINDOW (dialog));
  address = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                    "Address (srt://host:port)");
  passphrase = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                    "Passphrase (10–79 characters, optional)");
  g_assert_nonnull (address);
  g_assert_nonnull (passphrase);

  /* A passphrase that SRT would refuse keeps Save disabled. */
  gtk_editable_set_text (GTK_EDITABLE (address), "srt://ingest.example.net:9000");
  gtk_editable_set_text (GTK_EDITABLE (passphrase), "short");
  button = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (passphrase), "a-long-enough-passphrase");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           dialog, 10000));
  onair_test_ui_settle (300);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "srt-profile-dialog.png");

  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (profile_saved, settings, 10000));
  profiles = onair_srt_profiles_load (settings);
  g_assert_cmpstr (((OnairSrtProfile *) profiles->pdata[0])->address, ==,
                   "srt://ingest.example.net:9000");
  g_assert_true (((OnairSrtProfile *) profiles->pdata[0])->has_passphrase);
  {
    g_autoptr(GVariant) stored = g_settings_get_value (settings, "srt-profiles");
    g_autofree char *text = g_variant_print (stored, TRUE);

    g_assert_null (strstr (text, "a-long-enough-passphrase"));
  }

  /* Start SRT on output 1 from its row. */
  onair_test_ui_settle (1200);
  button = onair_test_ui_find_button (GTK_WIDGET (fixture->window), "_Start SRT");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (srt_on, fixture->emulator, 20000));
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
  g_autoptr(GError) error = NULL;
  int status;

  onair_test_ui_init (&argc, &argv);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add ("/onair/ui/window/connected", Fixture, NULL,
              fixture_set_up, test_connected, fixture_tear_down);
  g_test_add ("/onair/ui/window/bad-document", Fixture, NULL,
              fixture_set_up, test_bad_document, fixture_tear_down);
  g_test_add_func ("/onair/ui/window/error-and-retry", test_error_and_retry);
  g_test_add ("/onair/ui/window/preferences", Fixture, NULL,
              fixture_set_up, test_preferences_bound, fixture_tear_down);

  g_test_add ("/onair/ui/window/srt-profile", Fixture, NULL,
              fixture_set_up, test_srt_profile, fixture_tear_down);
  g_test_add ("/onair/ui/window/go-live", Fixture, NULL,
              fixture_set_up, test_go_live, fixture_tear_down);
  g_test_add ("/onair/ui/window/unreported-channels-vmix21", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX21),
              fixture_set_up, test_unreported_channels, fixture_tear_down);
  /* Last: on the settings' hosts, not on an emulator of its own. */
  g_test_add_func ("/onair/ui/window/edit-hosts", test_edit_hosts);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
