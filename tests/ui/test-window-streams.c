/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main window: going live from a stream card, channels vMix 21 does not report, and
 * the SRT profile. */
#include "config.h"

#include "window-fixture.h"

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

int
main (int   argc,
      char *argv[])
{
  ui_app_init (&argc, &argv);

  g_test_add ("/onair/ui/window/srt-profile", Fixture, NULL,
              fixture_set_up, test_srt_profile, fixture_tear_down);
  g_test_add ("/onair/ui/window/go-live", Fixture, NULL,
              fixture_set_up, test_go_live, fixture_tear_down);
  g_test_add ("/onair/ui/window/unreported-channels-vmix21", Fixture,
              GINT_TO_POINTER (ONAIR_EMULATOR_PROFILE_VMIX21),
              fixture_set_up, test_unreported_channels, fixture_tear_down);

  return ui_app_run ();
}
