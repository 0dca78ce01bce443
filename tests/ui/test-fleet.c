/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-overview-page.h"
#include "ui/onair-stream-card.h"
#include "ui/onair-window.h"

/* Two vMix machines, Main (vMix 28) and Backup (vMix 26), as two hosts in the settings. */

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
add_destination (OnairApplication *app,
                 const char       *name,
                 const char       *url,
                 const char       *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, name);
  onair_destination_set_server_url (destination, url);
  onair_destination_store_key_async (destination, onair_application_get_secrets (app), key, NULL,
                                     result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_destination_store_key_finish (destination, result, &error));
  g_assert_no_error (error);
  onair_destination_list_add (onair_application_get_destinations (app), destination);
  return g_strdup (onair_destination_get_id (destination));
}

typedef struct
{
  OnairOverviewPage *page;
  const char        *host_id;
  const char        *text;
} TileCheck;

static gboolean
host_state_starts_with (gpointer data)
{
  TileCheck *check = data;
  const char *state = onair_overview_page_get_host_state (check->page, check->host_id);

  return state != NULL && g_str_has_prefix (state, check->text);
}

static gboolean
tile_shows (gpointer data)
{
  TileCheck *check = data;
  GtkWidget *tile = onair_overview_page_get_host_tile (check->page, check->host_id);

  return tile != NULL && onair_test_ui_find_label (tile, check->text, FALSE) != NULL;
}

static gboolean
emulator_live (gpointer data)
{
  return onair_emulator_get_stream_live (data, 0);
}

static gboolean
control_room_card_live (gpointer data)
{
  GtkWidget *card = onair_window_get_stream_card (data, 0);

  return card != NULL && onair_stream_card_get_status (ONAIR_STREAM_CARD (card)) == ONAIR_CHANNEL_LIVE;
}

typedef struct
{
  OnairWindow *window;
  guint        n_cards;
} CardCount;

static gboolean
has_n_cards (gpointer data)
{
  CardCount *count = data;

  return onair_window_get_n_stream_cards (count->window) == count->n_cards;
}

static gboolean
is_host_dropdown (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));
}

static void
test_two_hosts (void)
{
  g_autoptr(OnairEmulator) main_vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairEmulator) backup_vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX26);
  g_autoptr(OnairApplication) app = NULL;
  g_autoptr(OnairHostProfile) main_profile = NULL;
  g_autoptr(OnairHostProfile) backup_profile = NULL;
  g_autoptr(OnairStreamGroup) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *main_destination = NULL;
  g_autofree char *backup_destination = NULL;
  g_autofree char *png = NULL;
  GVariantBuilder builder;
  OnairOverviewPage *page;
  OnairWindow *window;
  GSettings *settings;
  GtkWidget *button;
  GtkWidget *dropdown;
  TileCheck check;
  CardCount count;

  g_assert_true (onair_emulator_start (main_vmix, 0, &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_start (backup_vmix, 0, &error));
  g_assert_no_error (error);

  /* The hosts come from the settings, as a producer set them up. */
  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  settings = onair_application_get_settings (app);
  main_profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                         onair_emulator_get_port (main_vmix), FALSE, NULL);
  backup_profile = onair_host_profile_new ("backup", "Backup", ONAIR_HOST_ROLE_BACKUP,
                                           "127.0.0.1", onair_emulator_get_port (backup_vmix),
                                           FALSE, NULL);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (main_profile));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (backup_profile));
  g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_fleet (app))),
                    ==, 2);
  g_assert_cmpstr (onair_application_get_chosen_host_id (app), ==, "main");

  /* A group: YouTube from Main, its backup ingest from Backup; keys in the keyring. */
  main_destination = add_destination (app, "YouTube", "rtmp://a.rtmp.youtube.com/live2",
                                      "fleet_main_key_1");
  backup_destination = add_destination (app, "YouTube Backup",
                                        "rtmp://b.rtmp.youtube.com/live2?backup=1",
                                        "fleet_backup_key_2");
  group = onair_stream_group_new ("show", "Show on YouTube");
  onair_stream_group_add_member (group, "main", 0, main_destination);
  onair_stream_group_add_member (group, "backup", 0, backup_destination);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_stream_group_to_variant (group));
  g_settings_set_value (settings, "stream-groups", g_variant_builder_end (&builder));

  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1240, 900);

  /* Alt+2: the Overview, with both hosts connected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "overview"));
  page = ONAIR_OVERVIEW_PAGE (onair_window_get_page (window, "overview"));
  g_assert_nonnull (page);
  check = (TileCheck) { page, "main", "Connected to vMix" };
  g_assert_true (onair_test_ui_wait_until (host_state_starts_with, &check, 20000));
  check = (TileCheck) { page, "backup", "Connected to vMix" };
  g_assert_true (onair_test_ui_wait_until (host_state_starts_with, &check, 20000));
  check = (TileCheck) { page, "backup", "Backup vMix" };
  g_assert_true (tile_shows (&check));

  /* One click: the group goes live on both hosts, each confirmed from its own. */
  button = onair_test_ui_find_button (GTK_WIDGET (page), "_Go Live");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (emulator_live, main_vmix, 20000));
  g_assert_true (onair_test_ui_wait_until (emulator_live, backup_vmix, 20000));
  g_assert_cmpstr (onair_emulator_get_stream_key (main_vmix, 0), ==, "fleet_main_key_1");
  g_assert_cmpstr (onair_emulator_get_stream_key (backup_vmix, 0), ==, "fleet_backup_key_2");
  check = (TileCheck) { page, "main", "Live · YouTube" };
  g_assert_true (onair_test_ui_wait_until (tile_shows, &check, 20000));
  check = (TileCheck) { page, "backup", "Live · YouTube Backup" };
  g_assert_true (onair_test_ui_wait_until (tile_shows, &check, 20000));
  onair_test_ui_settle (1500);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "overview.png");
  g_clear_pointer (&png, g_free);

  /* The Control Room shows Main; the header's switcher shows Backup's three streams. */
  dropdown = onair_test_ui_find (GTK_WIDGET (window), is_host_dropdown, NULL);
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_visible (dropdown));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "control"));
  count = (CardCount) { window, 5 };
  g_assert_true (onair_test_ui_wait_until (has_n_cards, &count, 20000));
  g_assert_true (onair_test_ui_wait_until (control_room_card_live, window, 20000));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpstr (onair_application_get_chosen_host_id (app), ==, "backup");
  count = (CardCount) { window, 3 };
  g_assert_true (onair_test_ui_wait_until (has_n_cards, &count, 20000));
  g_assert_true (onair_test_ui_wait_until (control_room_card_live, window, 20000));
  g_assert_true (onair_application_get_poller (app) ==
                 onair_vmix_session_get_poller (onair_fleet_lookup (onair_application_get_fleet (app),
                                                                    "backup")));

  /* Backup goes away: its tile says so, Main's stays connected and live. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "overview"));
  onair_emulator_stop (backup_vmix);
  check = (TileCheck) { page, "backup", "Connection lost" };
  g_assert_true (onair_test_ui_wait_until (host_state_starts_with, &check, 30000));
  check = (TileCheck) { page, "main", "Connected to vMix" };
  g_assert_true (host_state_starts_with (&check));
  check = (TileCheck) { page, "main", "Live · YouTube" };
  g_assert_true (tile_shows (&check));
  check = (TileCheck) { page, "backup", "(last known)" };
  g_assert_true (tile_shows (&check));
  onair_test_ui_settle (800);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "overview-one-lost.png");

  /* Clicking Main's tile brings the Control Room back to it. */
  g_signal_emit_by_name (GTK_FLOW_BOX (gtk_widget_get_parent (
                           onair_overview_page_get_host_tile (page, "main"))),
                         "child-activated", onair_overview_page_get_host_tile (page, "main"));
  g_assert_cmpstr (onair_application_get_chosen_host_id (app), ==, "main");
  g_assert_cmpstr (onair_window_get_shown_page (window), ==, "control");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  onair_emulator_stop (main_vmix);
}

int
main (int   argc,
      char *argv[])
{
  onair_test_ui_init (&argc, &argv);

  g_test_add_func ("/onair/ui/fleet/two-hosts", test_two_hosts);

  return g_test_run ();
}
