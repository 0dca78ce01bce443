/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-room.h"

/*
 * No wrong click at the show's critical moments: a lost stream's Dismiss away from Go Live,
 * no destination until one is chosen (and kept), the same destination twice asked first,
 * quitting while live asked first, and the keyboard. Against the real emulator over HTTP,
 * in a real window.
 */

static OnairApplication *app;

/* A lost stream's Dismiss does not move Go Live under the pointer */

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

static void
test_dismiss_layout (OnairTestRoom *fixture,
                     gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_layout_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 2);
  graphene_rect_t off, live, lost, dismiss;
  int width;
  GtkWidget *button;

  onair_test_ui_settle (300);
  width = gtk_widget_get_width (GTK_WIDGET (card));
  off = bounds_in (onair_test_room_action_button (card), GTK_WIDGET (card));
  onair_test_room_go_live (card, twitch);
  onair_test_ui_settle (300);
  live = bounds_in (onair_test_room_action_button (card), GTK_WIDGET (card));

  onair_emulator_drop_stream (fixture->emulator, 2);
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_lost, card, 20000));
  onair_test_ui_settle (300);
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Dismiss");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  lost = bounds_in (onair_test_room_action_button (card), GTK_WIDGET (card));
  dismiss = bounds_in (button, GTK_WIDGET (card));

  /* Stop and Go Live stay where they were in the card, which keeps its size; Dismiss is not
   * where the pointer pressed Stop. (The health banner that the loss raises moves the whole
   * page down, not the card's insides.) */
  g_assert_true (graphene_rect_equal (&off, &live));
  g_assert_true (graphene_rect_equal (&live, &lost));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (card)), ==, width);
  g_assert_false (graphene_rect_intersection (&live, &dismiss, NULL));
}

/* No wrong click: None first, the choice kept, the same destination twice asked */

static char **
dup_choices (void)
{
  g_autoptr(GVariant) all = g_settings_get_value (onair_application_get_settings (app),
                                                  "stream-destinations");
  char **ids = NULL;

  g_variant_lookup (all, onair_application_get_chosen_host_id (app), "^as", &ids);
  return ids;
}

static void
test_choose_destination (OnairTestRoom *fixture,
                         gconstpointer  data)
{
  g_autoptr(OnairDestination) youtube =
    onair_test_room_add_destination ("YouTube", "rtmp://a.rtmp.youtube.com/live2",
                                     "live_critical_choose_1");
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_choose_2");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 0);
  OnairStreamCard *second;
  OnairStreamCard *third;
  GtkWidget *button;
  g_auto(GStrv) ids = NULL;

  /* Nothing is assigned until the producer chooses, and Go Live says why it waits. */
  for (guint i = 0; i < 5; i++)
    {
      OnairStreamCard *any = onair_test_room_get_card (fixture->window, i);

      g_assert_null (onair_stream_card_get_selected_destination (any));
    }
  g_assert_cmpuint (gtk_drop_down_get_selected (onair_test_room_card_dropdown (card)), ==, 0);
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Go Live");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Choose a destination to go live");
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (card), "Choose a destination", TRUE));

  /* Chosen: Go Live can be used, and the choice is kept by host and stream. */
  onair_test_room_choose_destination (onair_test_room_get_card (fixture->window, 1), twitch);
  onair_test_room_choose_destination (card, youtube);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (card), "Choose a destination", TRUE));
  ids = dup_choices ();
  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length (ids), >=, 2);
  g_assert_cmpstr (ids[0], ==, onair_destination_get_id (youtube));
  g_assert_cmpstr (ids[1], ==, onair_destination_get_id (twitch));
  onair_test_ui_settle (500);
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window),
                                  "stream-card-choose-destination.png"));

  /* A new window (as after a restart) shows the same choices. */
  onair_test_room_reopen_window (fixture);
  card = onair_test_room_get_card (fixture->window, 0);
  g_assert_true (onair_stream_card_get_selected_destination (card) == youtube);
  second = onair_test_room_get_card (fixture->window, 1);
  g_assert_true (onair_stream_card_get_selected_destination (second) == twitch);
  third = onair_test_room_get_card (fixture->window, 2);
  g_assert_null (onair_stream_card_get_selected_destination (third));

  /* The chosen destination deleted: None, never its neighbour. */
  g_assert_true (onair_test_room_remove_destination (youtube));
  g_assert_null (onair_stream_card_get_selected_destination (card));
  g_assert_true (onair_stream_card_get_selected_destination (second) == twitch);
  onair_test_room_remove_destination (twitch);
}

static gboolean
emulator_stream_live (gpointer data)
{
  gpointer *pair = data;

  return onair_emulator_get_stream_live (pair[0], GPOINTER_TO_UINT (pair[1]));
}

static gboolean
emulator_stream_off (gpointer data)
{
  return !emulator_stream_live (data);
}

static void
test_same_destination (OnairTestRoom *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_same_1");
  /* The same server and key under another name is the same destination. */
  g_autoptr(OnairDestination) alias =
    onair_test_room_add_destination ("Twitch (copy)", "rtmp://live.twitch.tv/app",
                                     "live_critical_same_1");
  OnairStreamCard *first = onair_test_room_get_card (fixture->window, 0);
  OnairStreamCard *second = onair_test_room_get_card (fixture->window, 1);
  gpointer pair[2] = { fixture->emulator, GUINT_TO_POINTER (1) };
  AdwMessageDialog *dialog;
  guint starts;

  onair_test_room_go_live (first, twitch);

  /* Asked first; "Cancel" sends nothing to vMix. */
  onair_test_room_choose_destination (second, alias);
  starts = onair_emulator_count_calls (fixture->emulator, "StartStreaming");
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (second), "_Go Live")));
  dialog = onair_test_room_wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog),
                            "Stream 1 Already Streams to"));
  onair_test_room_respond (dialog, "cancel");
  onair_test_ui_settle (1500);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartStreaming"), ==, starts);
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 1));

  /* Confirmed, it goes live. */
  onair_test_room_choose_destination (second, twitch);
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (second), "_Go Live")));
  dialog = onair_test_room_wait_for_dialog ();
  onair_test_room_respond (dialog, "start");
  g_assert_true (onair_test_ui_wait_until (emulator_stream_live, pair, 20000));
  onair_test_room_remove_destination (twitch);
  onair_test_room_remove_destination (alias);
}

/* A failed operation, in words, with Retry */

static gboolean
is_retry_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.retry-operation") == 0 &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Retry") == 0;
}

/* vMix refuses the stream address twice (a retry inside Onair included): the toast says
 * what failed without a function name, and its Retry button goes live. */
static void
test_retry (OnairTestRoom *fixture,
            gconstpointer  data)
{
  g_autoptr(OnairDestination) youtube =
    onair_test_room_add_destination ("YouTube", "rtmp://a.rtmp.youtube.com/live2",
                                     "live_critical_retry_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 0);
  gpointer pair[2] = { fixture->emulator, GUINT_TO_POINTER (0) };
  GtkWidget *retry;

  onair_test_room_choose_destination (card, youtube);
  onair_emulator_fail_function (fixture->emulator, "StreamingSetURL", 2);
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (card), "_Go Live")));
  g_assert_true (onair_test_room_wait_for_text (GTK_WIDGET (fixture->window),
                                                "vMix did not accept the stream address for "
                                                "Stream 1"));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (fixture->window), "StreamingSetURL", TRUE));
  g_assert_false (onair_emulator_get_stream_live (fixture->emulator, 0));
  retry = onair_test_ui_find (GTK_WIDGET (fixture->window), is_retry_button, NULL);
  g_assert_nonnull (retry);
  onair_test_ui_settle (400);
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window), "operation-failed-retry.png"));

  g_assert_true (gtk_widget_activate (retry));
  g_assert_true (onair_test_ui_wait_until (emulator_stream_live, pair, 20000));
  onair_test_room_remove_destination (youtube);
}

/* Quitting while live asks first */

static gboolean
is_open (OnairWindow *window)
{
  return window != NULL &&
         g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL;
}

static void
test_quit_while_live (OnairTestRoom *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_quit_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 0);
  AdwMessageDialog *dialog;

  onair_test_room_go_live (card, twitch);

  /* Ctrl+Q: asked, and told that vMix goes on. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = onair_test_room_wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "vMix keeps streaming and recording after Onair quits"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 stream is on air."));
  onair_test_ui_settle (500);
  g_free (onair_test_ui_save_png (GTK_WIDGET (dialog), "quit-while-live.png"));
  onair_test_room_respond (dialog, "cancel");
  onair_test_ui_settle (300);
  g_assert_nonnull (fixture->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* Closing the window: asked too; confirmed, it closes and vMix streams on. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = onair_test_room_wait_for_dialog ();
  g_assert_nonnull (fixture->window);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "vMix keeps streaming"));
  onair_test_room_respond (dialog, "quit");
  onair_test_ui_settle (300);
  g_assert_false (is_open (fixture->window));
  g_assert_true (onair_emulator_get_stream_live (fixture->emulator, 0));

  /* Nothing on air: it closes without a question. */
  onair_test_room_reopen_window (fixture);
  card = onair_test_room_get_card (fixture->window, 0);
  onair_emulator_drop_stream (fixture->emulator, 0);
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_lost, card, 20000));
  gtk_window_close (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (300);
  g_assert_null (onair_test_room_find_dialog ());
  g_assert_false (is_open (fixture->window));
  onair_test_room_remove_destination (twitch);
}

/* The keyboard */

typedef struct
{
  const char *action;
  const char *accel;
} Accel;

static const Accel accels[] = {
  { "win.go-live", "<Control>Return" },
  { "win.stop-stream", "<Shift><Control>Return" },
  { "win.toggle-recording", "<Shift><Control>r" },
  { "win.add-marker", "<Control>m" },
  { "win.search", "<Control>f" },
};

static gboolean
is_shortcut_for (GtkWidget     *widget,
                 gconstpointer  data)
{
  g_autofree char *action = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;
  g_object_get (widget, "action-name", &action, NULL);
  return g_strcmp0 (action, data) == 0;
}

/* Presses @accel the way GTK does: through the window's shortcut controllers, which hold
 * the application's accelerators. */
static void
press (OnairWindow *window,
       const char  *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           GTK_WIDGET (window),
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("No shortcut for %s in the window", accel);
}

static gboolean
emulator_not_recording (gpointer data)
{
  return !onair_emulator_get_recording (data);
}

static gboolean
marker_written (gpointer data)
{
  GPtrArray *log = onair_emulator_get_recording_log (data);

  return log->len > 0 && strstr (g_ptr_array_index (log, log->len - 1), "Marker ") != NULL;
}

static gboolean
search_has_focus (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL;
}

static void
test_shortcuts (OnairTestRoom *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairDestination) twitch =
    onair_test_room_add_destination ("Twitch", "rtmp://live.twitch.tv/app",
                                     "live_critical_keys_1");
  OnairStreamCard *card = onair_test_room_get_card (fixture->window, 1);
  GtkWindow *overlay;
  gpointer pair[2] = { fixture->emulator, GUINT_TO_POINTER (1) };

  /* Each action has its accelerator, and the shortcuts window lists it. */
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (
                          GTK_APPLICATION_WINDOW (fixture->window)));
  g_assert_nonnull (overlay);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 accels[i].action);

      g_assert_cmpuint (g_strv_length (set), ==, 1);
      g_assert_cmpstr (set[0], ==, accels[i].accel);
      g_assert_nonnull (onair_test_ui_find (GTK_WIDGET (overlay), is_shortcut_for,
                                            accels[i].action));
    }

  /* Go Live on the card with the focus. */
  onair_test_room_choose_destination (card, twitch);
  gtk_widget_grab_focus (GTK_WIDGET (onair_test_room_card_dropdown (card)));
  press (fixture->window, "<Control>Return");
  g_assert_true (onair_test_ui_wait_until (emulator_stream_live, pair, 20000));
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_live, card, 20000));

  /* Start Recording, a marker, Stop Recording once confirmed. */
  press (fixture->window, "<Control><Shift>r");
  g_assert_true (onair_test_ui_wait_until (onair_test_room_emulator_recording, fixture->emulator,
                                           20000));
  onair_test_ui_settle (1200);
  press (fixture->window, "<Control>m");
  g_assert_true (onair_test_ui_wait_until (marker_written, fixture->emulator, 20000));
  press (fixture->window, "<Control><Shift>r");
  onair_test_room_respond (onair_test_room_wait_for_dialog (), "stop");
  g_assert_true (onair_test_ui_wait_until (emulator_not_recording, fixture->emulator, 20000));

  /* Stop the focused stream, once confirmed. */
  gtk_widget_grab_focus (onair_test_room_action_button (card));
  press (fixture->window, "<Control><Shift>Return");
  onair_test_room_respond (onair_test_room_wait_for_dialog (), "stop");
  g_assert_true (onair_test_ui_wait_until (emulator_stream_off, pair, 20000));

  /* Ctrl+F: the Witness Log's search. */
  press (fixture->window, "<Control>f");
  g_assert_cmpstr (onair_window_get_shown_page (fixture->window), ==, "witness");
  g_assert_true (onair_test_ui_wait_until (search_has_focus, fixture->window, 5000));
  onair_test_room_remove_destination (twitch);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = onair_test_room_init (&argc, &argv);

  g_test_add ("/onair/ui/critical/dismiss-layout", OnairTestRoom, NULL,
              onair_test_room_set_up, test_dismiss_layout, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/choose-destination", OnairTestRoom, NULL,
              onair_test_room_set_up, test_choose_destination, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/same-destination", OnairTestRoom, NULL,
              onair_test_room_set_up, test_same_destination, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/retry", OnairTestRoom, NULL,
              onair_test_room_set_up, test_retry, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/quit-while-live", OnairTestRoom, NULL,
              onair_test_room_set_up, test_quit_while_live, onair_test_room_tear_down);
  g_test_add ("/onair/ui/critical/shortcuts", OnairTestRoom, NULL,
              onair_test_room_set_up, test_shortcuts, onair_test_room_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
