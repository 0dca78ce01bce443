/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-test-room.h"

/* One application per process, as in real life; each test gets a new window. */
static OnairApplication *app;

/**
 * onair_test_room_init:
 *
 * onair_test_ui_init(), and the application the tests share.
 *
 * Returns: (transfer full): the application
 */
OnairApplication *
onair_test_room_init (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  onair_test_ui_init (argc, argv);
  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
  return app;
}

static OnairWindow *
open_window (void)
{
  OnairWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  /* Tall enough for the whole Control Room in the screenshots. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1240, 900);
  return window;
}

static void
set_window (OnairTestRoom *fixture,
            OnairWindow   *window)
{
  if (fixture->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  fixture->window = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &fixture->window);
}

void
onair_test_room_set_up (OnairTestRoom *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  /* Each test chooses its streams' destinations anew. */
  g_settings_reset (onair_application_get_settings (app), "stream-destinations");
  onair_application_set_emulator (app, fixture->emulator);
  onair_application_reconnect (app);
  set_window (fixture, open_window ());
}

void
onair_test_room_tear_down (OnairTestRoom *fixture,
                           gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  OnairWindow *window = fixture->window;
  OnairController *controller = onair_application_get_controller (app);

  /* Dialogs a failed test left open, then the window. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        gtk_window_destroy (toplevel);
    }
  set_window (fixture, NULL);
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  /* A stream left lost would stay a health reason of the host into the next test. */
  if (controller != NULL)
    for (guint i = 0; i < onair_controller_get_stream_count (controller); i++)
      if (onair_controller_get_channel_status (controller, i) == ONAIR_CHANNEL_LOST)
        onair_controller_acknowledge_lost (controller, i);
  onair_test_ui_settle (50);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
}

/**
 * onair_test_room_reopen_window:
 *
 * A new window in place of the fixture's, as after a restart.
 */
void
onair_test_room_reopen_window (OnairTestRoom *fixture)
{
  OnairWindow *window = fixture->window;

  set_window (fixture, NULL);
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  set_window (fixture, open_window ());
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * onair_test_room_add_destination:
 *
 * Returns: (transfer full): a destination added to the application's, its key in the
 *   keyring
 */
OnairDestination *
onair_test_room_add_destination (const char *name,
                                 const char *url,
                                 const char *key)
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
  return g_steal_pointer (&destination);
}

gboolean
onair_test_room_remove_destination (OnairDestination *destination)
{
  return onair_destination_list_remove (onair_application_get_destinations (app), destination);
}

static gboolean
has_five_cards (gpointer data)
{
  return g_strcmp0 (onair_window_get_visible_page (data), "connected") == 0 &&
         onair_window_get_n_stream_cards (data) == 5 && gtk_widget_get_mapped (data);
}

/**
 * onair_test_room_get_card:
 *
 * Returns: (transfer none): the card of @channel, once the Control Room shows vMix 28's five
 */
OnairStreamCard *
onair_test_room_get_card (OnairWindow *window,
                          guint        channel)
{
  g_assert_true (onair_test_ui_wait_until (has_five_cards, window, 20000));
  return ONAIR_STREAM_CARD (onair_window_get_stream_card (window, channel));
}

GtkDropDown *
onair_test_room_card_dropdown (OnairStreamCard *card)
{
  return GTK_DROP_DOWN (onair_test_ui_find_descendant (GTK_WIDGET (card), GTK_TYPE_DROP_DOWN));
}

/* As a producer does, in the card's chooser. */
void
onair_test_room_choose_destination (OnairStreamCard  *card,
                                    OnairDestination *destination)
{
  GtkDropDown *dropdown = onair_test_room_card_dropdown (card);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item == G_OBJECT (destination))
        {
          gtk_drop_down_set_selected (dropdown, i);
          g_assert_true (onair_stream_card_get_selected_destination (card) == destination);
          return;
        }
    }
  g_assert_not_reached ();
}

/* Go Live or Stop, whichever the card shows. */
GtkWidget *
onair_test_room_action_button (OnairStreamCard *card)
{
  GtkWidget *button = onair_test_ui_find_button (GTK_WIDGET (card), "_Go Live");

  return button ? button : onair_test_ui_find_button (GTK_WIDGET (card), "_Stop");
}

gboolean
onair_test_room_card_is_live (gpointer card)
{
  return onair_stream_card_get_status (card) == ONAIR_CHANNEL_LIVE;
}

gboolean
onair_test_room_card_is_lost (gpointer card)
{
  return onair_stream_card_get_status (card) == ONAIR_CHANNEL_LOST;
}

gboolean
onair_test_room_emulator_recording (gpointer emulator)
{
  return onair_emulator_get_recording (emulator);
}

/* Chooses @destination and clicks Go Live, until the card is live. */
void
onair_test_room_go_live (OnairStreamCard  *card,
                         OnairDestination *destination)
{
  GtkWidget *button;

  onair_test_room_choose_destination (card, destination);
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Go Live");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (onair_test_room_card_is_live, card, 20000));
}

GtkWindow *
onair_test_room_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
dialog_is_open (gpointer data)
{
  return onair_test_room_find_dialog () != NULL;
}

AdwMessageDialog *
onair_test_room_wait_for_dialog (void)
{
  g_assert_true (onair_test_ui_wait_until (dialog_is_open, NULL, 10000));
  return ADW_MESSAGE_DIALOG (onair_test_room_find_dialog ());
}

/* As a click on a response button does: respond, and the dialog closes. */
void
onair_test_room_respond (AdwMessageDialog *dialog,
                         const char       *response)
{
  g_autoptr(AdwMessageDialog) alive = g_object_ref (dialog);

  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} Shown;

static gboolean
shows (gpointer data)
{
  Shown *shown = data;

  return onair_test_ui_find_label (shown->widget, shown->text, FALSE) != NULL;
}

/* Until a label on screen below @widget contains @text. */
gboolean
onair_test_room_wait_for_text (GtkWidget  *widget,
                               const char *text)
{
  Shown shown = { widget, text };

  return onair_test_ui_wait_until (shows, &shown, 20000);
}

/**
 * onair_test_room_call_outside:
 * @value: (nullable): the function's Value
 *
 * Calls a vMix function over HTTP as another controller of the same vMix would (a
 * colleague's Companion, vMix's own window): Onair is not told.
 */
void
onair_test_room_call_outside (OnairEmulator *emulator,
                              const char    *function,
                              const char    *value)
{
  const char *params[] = { "Value", value, NULL };
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (emulator), FALSE, &error);
  g_assert_no_error (error);
  onair_vmix_client_call_async (client, function, value ? params : NULL, NULL, result_cb,
                                &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = onair_vmix_client_call_finish (client, result, &error);
  g_assert_no_error (error);
}
