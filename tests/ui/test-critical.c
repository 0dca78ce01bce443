/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-test-room.h"

/*
 * The show's critical moments, as the producer sees them in the window: health on every
 * page, a recording stopped outside Onair, vMix lost and back, the emulator never taken for
 * vMix, a restart. Against the real emulator over HTTP, in a real window.
 */

static OnairApplication *app;

/* Health on every page, and "● LIVE" in the title */

static gboolean
monitor_healthy (gpointer data)
{
  OnairHealthMonitor *monitor = onair_application_get_health (app);

  return monitor != NULL && onair_health_monitor_get_status (monitor) == ONAIR_HEALTH_HEALTHY;
}

static gboolean
title_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (gtk_window_get_title (pair[0]), pair[1]) == 0;
}

static gboolean
card_is_off (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_OFF;
}

static gboolean
shown_page_is_health (gpointer data)
{
  return g_strcmp0 (onair_window_get_shown_page (data), "health") == 0;
}

static void
test_health_banner (OnairTestRoom *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_banner_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 0);
  gpointer title[2] = { fixture->window, (gpointer) "● LIVE — Onair" };
  GtkWidget *banner_label;
  GtkWidget *button;

  g_assert_true (onair_test_ui_wait_until (monitor_healthy, NULL, 30000));
  onair_test_ui_settle (300);
  button = onair_test_ui_find_button (GTK_WIDGET (fixture->window), "Show _Health");
  g_assert_false (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Onair");

  /* On air: the title says so, for the task switcher. */
  onair_test_room_go_live (card, twitch);
  g_assert_true (onair_test_ui_wait_until (title_is, title, 5000));

  /* vMix drops the stream: the banner says it, critical, on every page. */
  onair_emulator_drop_stream (fixture->emulator, 0);
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_lost, card, 20000));
  g_assert_true (onair_test_room_wait_for_text (GTK_WIDGET (fixture->window), "Stream 1 dropped"));
  banner_label = onair_test_ui_find_label (GTK_WIDGET (fixture->window), "Stream 1 dropped", FALSE);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (banner_label), "critical"));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (fixture->window), "Critical", TRUE));
  onair_test_ui_settle (600);
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window),
                                  "control-room-health-critical.png"));

  onair_window_show_page (fixture->window, "overview");
  onair_test_ui_settle (300);
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (fixture->window), "Stream 1 dropped",
                                              FALSE));

  /* One click to the Health page. */
  button = onair_test_ui_find_button (GTK_WIDGET (fixture->window), "Show _Health");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (shown_page_is_health, fixture->window, 5000));

  /* Nothing on air any more: the title is plain again. */
  title[1] = (gpointer) "Onair";
  g_assert_true (onair_test_ui_wait_until (title_is, title, 5000));

  /* Seen: the reason goes with the next state (and the banner once the status recovered). */
  onair_window_show_page (fixture->window, "control");
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Dismiss");
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (card_is_off, card, 5000));
}

/* A recording stopped outside Onair */



static gboolean
row_subtitle_starts (gpointer data)
{
  gpointer *pair = data;
  GtkWidget *row = onair_test_ui_find_row (pair[0], ADW_TYPE_ACTION_ROW, "Recording");

  return row != NULL &&
         g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), pair[1]);
}

static void
test_recording_stopped_outside (OnairTestRoom *fixture,
                                gconstpointer  data)
{
  gpointer pair[2] = { fixture->window, (gpointer) "Stopped outside Onair at " };
  GtkWidget *row;
  GtkWidget *button;
  g_autoptr(GRegex) regex = NULL;

  onair_test_room_get_card (fixture->window, 0);
  button = onair_test_ui_find_button (GTK_WIDGET (fixture->window), "_Start Recording");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (onair_test_room_emulator_recording, fixture->emulator,
                                           20000));
  onair_test_ui_settle (2200);

  onair_test_room_call_outside (fixture->emulator, "StopRecording", NULL);
  g_assert_false (onair_emulator_get_recording (fixture->emulator));

  /* The row says when and after how long, and a toast says it at once. */
  g_assert_true (onair_test_ui_wait_until (row_subtitle_starts, pair, 10000));
  row = onair_test_ui_find_row (GTK_WIDGET (fixture->window), ADW_TYPE_ACTION_ROW, "Recording");
  regex = g_regex_new ("^Stopped outside Onair at [0-2][0-9]:[0-5][0-9]:[0-5][0-9] after "
                       "00:00:0[1-9]$", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), 0,
                                NULL));
  g_assert_true (onair_test_room_wait_for_text (GTK_WIDGET (fixture->window),
                                                "The recording was stopped outside Onair after "
                                                "00:00:0"));
  /* And the health banner, critical. */
  g_assert_true (onair_test_room_wait_for_text (GTK_WIDGET (fixture->window),
                                                "Recording stopped outside Onair"));
  onair_test_ui_settle (500);
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window), "recording-stopped-outside.png"));

  /* Seen: the row reads off again. */
  button = onair_test_ui_find_button (row, "_Dismiss");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  pair[1] = (gpointer) "Not recording";
  g_assert_true (onair_test_ui_wait_until (row_subtitle_starts, pair, 5000));
}

/* vMix lost: the last known, greyed, and back */

static gboolean
title_starts (gpointer data)
{
  gpointer *pair = data;
  const char *title = onair_window_get_status_title (pair[0]);
  OnairPoller *poller = onair_application_get_poller (app);

  /* Never "Connected" while the last poll failed. */
  if (poller != NULL && onair_poller_get_last_error (poller) != NULL)
    g_assert_false (g_str_has_prefix (title, "Connected"));
  return g_str_has_prefix (title, pair[1]);
}

static gboolean
card_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static void
test_vmix_lost (OnairTestRoom *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_lost_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 1);
  gpointer pair[2] = { fixture->window, (gpointer) "No answer from vMix since " };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *first = NULL;
  guint port = onair_emulator_get_port (fixture->emulator);
  gint64 back_at;

  onair_test_room_go_live (card, twitch);
  onair_test_ui_settle (1200);

  onair_emulator_stop (fixture->emulator);
  g_assert_true (onair_test_ui_wait_until (title_starts, pair, 20000));
  regex = g_regex_new ("^No answer from vMix since [0-2][0-9]:[0-5][0-9]:[0-5][0-9] \\([0-9]+ s\\) "
                       "— retrying( in [0-9]+ s| now)?$", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, onair_window_get_status_title (fixture->window), 0, NULL));

  /* The Control Room stays, with the stream as last known, greyed. */
  g_assert_cmpstr (onair_window_get_visible_page (fixture->window), ==, "connected");
  g_assert_true (card == ONAIR_STREAM_CARD (onair_window_get_stream_card (fixture->window, 1)));
  g_assert_cmpint (onair_stream_card_get_status (card), ==, ONAIR_CHANNEL_LIVE);
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (card), "Twitch", TRUE));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (card)));

  /* The time without an answer moves every second. */
  first = g_strdup (onair_window_get_status_title (fixture->window));
  onair_test_ui_settle (2100);
  g_assert_true (title_starts (pair));
  g_assert_cmpstr (onair_window_get_status_title (fixture->window), !=, first);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (card)));
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window), "vmix-lost-last-known.png"));

  /* vMix is back on the same port: the Control Room returns within a few seconds. */
  g_assert_true (onair_emulator_start (fixture->emulator, port, &error));
  g_assert_no_error (error);
  back_at = g_get_monotonic_time ();
  pair[1] = (gpointer) "Connected to vMix";
  g_assert_true (onair_test_ui_wait_until (title_starts, pair, 10000));
  g_assert_true (onair_test_ui_wait_until (card_sensitive, card, 5000));
  g_test_message ("Control Room back %.1f s after vMix", (g_get_monotonic_time () - back_at) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - back_at, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (onair_stream_card_get_status (card), ==, ONAIR_CHANNEL_LIVE);
}

/* The emulator is never mistaken for vMix */

static void
test_emulator_badge (OnairTestRoom *fixture,
                     gconstpointer  data)
{
  onair_test_room_get_card (fixture->window, 0);
  g_assert_true (onair_test_room_wait_for_text (GTK_WIDGET (fixture->window), "Emulator"));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (fixture->window), "Emulator", TRUE));
}

/* A stream Onair started before a restart is Onair's; one started elsewhere is not */

static gboolean
is_line_label (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), data) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) == NULL;
}

static gboolean
card_says (gpointer data)
{
  gpointer *pair = data;

  return onair_test_ui_find (pair[0], is_line_label, pair[1]) != NULL;
}

static gboolean
controller_replaced (gpointer data)
{
  OnairController *controller = onair_application_get_controller (app);

  return controller != NULL && controller != data;
}

static void
test_restart_keeps_stream (OnairTestRoom *fixture,
                           gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_restart_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 0);
  g_autoptr(OnairController) before = NULL;
  gpointer says[2];
  gint64 since;

  onair_test_room_go_live (card, twitch);
  onair_test_ui_settle (3200);
  before = g_object_ref (onair_application_get_controller (app));
  since = onair_controller_get_channel_since (before, 0);

  /* Onair starts anew (new controllers, a new window) on a vMix that is still live; the
   * controller learns from the witness log what Onair had started, as the application
   * does at start-up. */
  onair_application_reconnect (app);
  g_assert_true (onair_test_ui_wait_until (controller_replaced, before, 10000));
  onair_test_room_reopen_window (fixture);
  onair_controller_restore_channel (onair_application_get_controller (app), 0, "Twitch", since);
  card = onair_test_room_get_card (fixture->window, 0);
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_live, card, 20000));

  /* Onair's own: its destination, its choice, and its time on air from before. */
  says[0] = card;
  says[1] = (gpointer) "Twitch";
  g_assert_true (onair_test_ui_wait_until (card_says, says, 5000));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (card), "Started outside Onair", FALSE));
  g_assert_true (onair_stream_card_get_selected_destination (card) == twitch);
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (card), "00:00:00", TRUE));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (card), "00:00:01", TRUE));

  /* Another controller starts stream 3: not Onair's. */
  card = onair_test_room_get_card (fixture->window, 2);
  onair_test_room_call_outside (fixture->emulator, "StreamingSetURL",
                                "2,rtmp://elsewhere.example.net/live");
  onair_test_room_call_outside (fixture->emulator, "StreamingSetKey", "2,someone-elses-key");
  onair_test_room_call_outside (fixture->emulator, "StartStreaming", "2");
  says[0] = card;
  says[1] = (gpointer) "Started outside Onair";
  g_assert_true (onair_test_ui_wait_until (card_says, says, 20000));
  onair_test_room_remove_destination (twitch);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = onair_test_room_init (&argc, &argv);

  g_test_add ("/onair/ui/critical/health-banner", OnairTestRoom, NULL,
              onair_test_room_set_up, test_health_banner, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/recording-stopped-outside", OnairTestRoom, NULL,
              onair_test_room_set_up, test_recording_stopped_outside, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/vmix-lost", OnairTestRoom, NULL,
              onair_test_room_set_up, test_vmix_lost, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/emulator-badge", OnairTestRoom, NULL,
              onair_test_room_set_up, test_emulator_badge, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/restart-keeps-stream", OnairTestRoom, NULL,
              onair_test_room_set_up, test_restart_keeps_stream, onair_test_room_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
