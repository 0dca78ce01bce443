/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
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

static void
test_error_and_retry (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  guint port = onair_emulator_get_port (fixture->emulator);

  g_assert_true (wait_for_page (fixture->window, "connected"));

  /* vMix goes away: the window says so, with a Retry button. */
  onair_emulator_stop (fixture->emulator);
  g_assert_true (wait_for_page (fixture->window, "error"));
  g_assert_nonnull (strstr (onair_window_get_status_description (fixture->window),
                            "Nothing answers"));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-error.png");

  /* It comes back; Retry reconnects without waiting for the backoff. */
  g_assert_true (onair_emulator_start (fixture->emulator, port, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reconnect", NULL));
  g_assert_true (wait_for_page (fixture->window, "connected"));
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
  GtkWindow *preferences = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  onair_test_ui_settle (300);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (toplevel))
        preferences = toplevel;
    }
  g_assert_nonnull (preferences);
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
  click_go_live (GTK_WIDGET (card));
  g_assert_true (onair_test_ui_wait_until (card_is_live, card, 20000));
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 0));
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->emulator, 1), ==, "live_ui_test_key_1");

  /* A second channel, and the recording, for the picture in the README. */
  card = ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 3));
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
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (card_is_off, card, 10000));
  g_assert_false (gtk_widget_get_visible (button));
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
  g_test_add ("/onair/ui/window/error-and-retry", Fixture, NULL,
              fixture_set_up, test_error_and_retry, fixture_tear_down);
  g_test_add ("/onair/ui/window/preferences", Fixture, NULL,
              fixture_set_up, test_preferences_bound, fixture_tear_down);

  g_test_add ("/onair/ui/window/srt-profile", Fixture, NULL,
              fixture_set_up, test_srt_profile, fixture_tear_down);
  g_test_add ("/onair/ui/window/go-live", Fixture, NULL,
              fixture_set_up, test_go_live, fixture_tear_down);
  g_test_add ("/onair/ui/window/unreported-channels-vmix21", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX21),
              fixture_set_up, test_unreported_channels, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
