/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-control-room-private.h"

/* The stream cards: one per stream channel of the chosen host, going live and stopping.
 * The destination chosen on each card is kept in the settings by host and stream, so that
 * a restart keeps it. */

#define STREAM_DESTINATIONS_KEY "stream-destinations"

OnairStreamCard *
onair_control_room_get_card (OnairControlRoom *self,
                             guint             channel)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->streams_box, channel);

  return child ? ONAIR_STREAM_CARD (gtk_flow_box_child_get_child (child)) : NULL;
}

void
onair_control_room_update_card (OnairControlRoom *self,
                                guint             channel)
{
  OnairStreamCard *card = onair_control_room_get_card (self, channel);

  if (card == NULL || self->controller == NULL)
    return;
  onair_stream_card_update (card,
                            onair_controller_get_channel_status (self->controller, channel),
                            onair_controller_get_channel_since (self->controller, channel),
                            onair_controller_get_channel_destination (self->controller, channel),
                            onair_controller_get_channel_started_outside (self->controller,
                                                                          channel),
                            onair_control_room_is_connected (self));
}

/* An operation on one stream, to report and to retry. */
typedef struct
{
  OnairControlRoom *self;
  guint             channel;
  OnairDestination *destination;   /* for a start */
} StreamOp;

static void
stream_op_free (StreamOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->destination);
  g_free (op);
}

static void start_stream (OnairControlRoom *self,
                          guint             channel,
                          OnairDestination *destination);

static void
retry_start_cb (OnairControlRoom *self,
                gpointer          data)
{
  StreamOp *op = data;

  start_stream (self, op->channel, op->destination);
}

static void
start_stream_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StreamOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_start_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      onair_control_room_toast_retry (op->self, error, retry_start_cb, op,
                                      (GDestroyNotify) stream_op_free);
      return;
    }
  stream_op_free (op);
}

static void
start_stream (OnairControlRoom *self,
              guint             channel,
              OnairDestination *destination)
{
  StreamOp *op;

  if (self->controller == NULL)
    return;
  op = g_new0 (StreamOp, 1);
  op->self = g_object_ref (self);
  op->channel = channel;
  op->destination = g_object_ref (destination);
  onair_controller_start_stream_async (self->controller, channel, destination,
                                       self->cancellable, start_stream_cb, op);
}

/* Chosen destination ids, per stream, of a host. */
static char **
dup_host_choices (OnairControlRoom *self,
                  const char       *host_id)
{
  GSettings *settings = onair_application_get_settings (self->application);
  g_autoptr(GVariant) all = g_settings_get_value (settings, STREAM_DESTINATIONS_KEY);
  char **ids = NULL;

  if (host_id == NULL || !g_variant_lookup (all, host_id, "^as", &ids))
    return NULL;
  return ids;
}

static void
save_choice (OnairControlRoom *self,
             OnairStreamCard  *card)
{
  GSettings *settings = onair_application_get_settings (self->application);
  const char *host_id = onair_application_get_chosen_host_id (self->application);
  g_autoptr(GVariant) all = g_settings_get_value (settings, STREAM_DESTINATIONS_KEY);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) previous = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  guint channel = onair_stream_card_get_channel (card);
  const char *chosen = onair_stream_card_get_chosen_destination_id (card);

  if (host_id == NULL)
    return;
  previous = dup_host_choices (self, host_id);
  for (guint i = 0; previous != NULL && previous[i] != NULL; i++)
    g_ptr_array_add (ids, g_strdup (previous[i]));
  while (ids->len <= channel)
    g_ptr_array_add (ids, g_strdup (""));
  g_free (g_ptr_array_index (ids, channel));
  g_ptr_array_index (ids, channel) = g_strdup (chosen != NULL ? chosen : "");
  g_ptr_array_add (ids, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@as}", &key, &value))
    {
      if (!g_str_equal (key, host_id))
        g_variant_builder_add (&builder, "{s@as}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{s^as}", host_id, (char **) ids->pdata);
  g_settings_set_value (settings, STREAM_DESTINATIONS_KEY, g_variant_builder_end (&builder));
}

static gboolean
same_destination (OnairDestination *a,
                  OnairDestination *b)
{
  const char *fingerprint_a = onair_destination_get_key_fingerprint (a);
  const char *fingerprint_b = onair_destination_get_key_fingerprint (b);

  if (g_strcmp0 (onair_destination_get_id (a), onair_destination_get_id (b)) == 0)
    return TRUE;
  /* Two entries for one stream key on one server are the same destination. */
  return fingerprint_a != NULL && g_strcmp0 (fingerprint_a, fingerprint_b) == 0 &&
         g_strcmp0 (onair_destination_get_server_url (a),
                    onair_destination_get_server_url (b)) == 0;
}

static gboolean
is_on_air (OnairChannelStatus status)
{
  return status == ONAIR_CHANNEL_STARTING || status == ONAIR_CHANNEL_LIVE ||
         status == ONAIR_CHANNEL_STOPPING;
}

/* Another stream, on any host, already live with @destination: its "Stream 2" or
 * "Backup · Stream 2", or %NULL. */
static char *
find_stream_live_with (OnairControlRoom *self,
                       guint             channel,
                       OnairDestination *destination)
{
  OnairDestinationList *list = onair_application_get_destinations (self->application);
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  const char *chosen_host = onair_application_get_chosen_host_id (self->application);
  guint n_hosts = g_list_model_get_n_items (fleet);

  for (guint h = 0; h < n_hosts; h++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, h);
      const char *host_id = onair_vmix_session_get_id (session);
      OnairController *controller = onair_vmix_session_get_controller (session);
      gboolean chosen = g_strcmp0 (host_id, chosen_host) == 0;
      g_auto(GStrv) ids = NULL;

      if (controller == NULL)
        continue;
      ids = dup_host_choices (self, host_id);
      for (guint i = 0; i < onair_controller_get_stream_count (controller); i++)
        {
          OnairDestination *other = NULL;
          OnairStreamCard *card;

          if ((chosen && i == channel) ||
              !is_on_air (onair_controller_get_channel_status (controller, i)))
            continue;
          if (chosen && (card = onair_control_room_get_card (self, i)) != NULL)
            other = onair_stream_card_get_selected_destination (card);
          else if (ids != NULL && i < g_strv_length (ids))
            other = onair_destination_list_lookup (list, ids[i]);
          if (other == NULL || !same_destination (other, destination))
            continue;
          if (chosen)
            return g_strdup_printf (_("Stream %u"), i + 1);
          /* Translators: a stream on another vMix host, e.g. "Backup · Stream 2" */
          return g_strdup_printf (_("%s · Stream %u"), onair_vmix_session_get_name (session),
                                  i + 1);
        }
    }
  return NULL;
}

static void
same_destination_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              OnairControlRoom *self)
{
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "channel"));
  OnairDestination *destination = g_object_get_data (G_OBJECT (dialog), "destination");

  if (g_strcmp0 (response, "start") == 0)
    start_stream (self, channel, destination);
}

static void
card_go_live_cb (OnairControlRoom *self,
                 OnairDestination *destination,
                 OnairStreamCard  *card)
{
  guint channel = onair_stream_card_get_channel (card);
  g_autofree char *other = find_stream_live_with (self, channel, destination);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (other == NULL)
    {
      start_stream (self, channel, destination);
      return;
    }

  /* Translators: "Stream 1 already streams to “Twitch”" */
  heading = g_strdup_printf (_("%s Already Streams to “%s”"), other,
                             onair_destination_get_name (destination));
  body = g_strdup_printf (_("Stream %u would send a second stream with the same server and "
                            "key: the platform keeps one of them, or neither. Go live on "
                            "Stream %u anyway?"), channel + 1, channel + 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Go Live Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "channel", GUINT_TO_POINTER (channel));
  g_object_set_data_full (G_OBJECT (dialog), "destination", g_object_ref (destination),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (same_destination_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void stop_stream (OnairControlRoom *self,
                         guint             channel);

static void
retry_stop_cb (OnairControlRoom *self,
               gpointer          data)
{
  StreamOp *op = data;

  stop_stream (self, op->channel);
}

static void
stop_stream_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  StreamOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_stop_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      onair_control_room_toast_retry (op->self, error, retry_stop_cb, op,
                                      (GDestroyNotify) stream_op_free);
      return;
    }
  stream_op_free (op);
}

/* Confirmed already: the dialog asked, or the producer pressed Retry. */
static void
stop_stream (OnairControlRoom *self,
             guint             channel)
{
  StreamOp *op;

  if (self->controller == NULL)
    return;
  op = g_new0 (StreamOp, 1);
  op->self = g_object_ref (self);
  op->channel = channel;
  onair_controller_stop_stream_async (self->controller, channel, self->cancellable,
                                      stop_stream_cb, op);
}

static void
stop_stream_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         OnairControlRoom *self)
{
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "channel"));

  if (g_strcmp0 (response, "stop") == 0)
    stop_stream (self, channel);
}

static void
card_stop_cb (OnairControlRoom *self,
              OnairStreamCard  *card)
{
  guint channel = onair_stream_card_get_channel (card);
  const char *destination = self->controller
    ? onair_controller_get_channel_destination (self->controller, channel) : NULL;
  g_autofree char *heading = g_strdup_printf (_("Stop Stream %u?"), channel + 1);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (destination != NULL)
    body = g_strdup_printf (_("Viewers of “%s” will see the stream end."), destination);
  else
    body = g_strdup (_("Viewers will see the stream end."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Streaming"),
                                    "stop", _("_Stop Stream"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "channel", GUINT_TO_POINTER (channel));
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_stream_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
card_dismiss_cb (OnairControlRoom *self,
                 OnairStreamCard  *card)
{
  if (self->controller != NULL)
    onair_controller_acknowledge_lost (self->controller, onair_stream_card_get_channel (card));
}

void
onair_control_room_rebuild_cards (OnairControlRoom *self,
                                  guint             n_cards)
{
  GListModel *destinations = G_LIST_MODEL (onair_application_get_destinations (self->application));
  const char *host_id = onair_application_get_chosen_host_id (self->application);
  g_auto(GStrv) ids = dup_host_choices (self, host_id);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->streams_box))) != NULL)
    gtk_flow_box_remove (self->streams_box, child);

  for (guint i = 0; i < n_cards; i++)
    {
      OnairStreamCard *card = onair_stream_card_new (i);

      onair_stream_card_set_destinations (card, destinations);
      g_signal_connect_object (card, "go-live", G_CALLBACK (card_go_live_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "stop", G_CALLBACK (card_stop_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "dismiss", G_CALLBACK (card_dismiss_cb), self,
                               G_CONNECT_SWAPPED);
      if (ids != NULL && i < g_strv_length (ids))
        onair_stream_card_choose_destination (card, ids[i]);
      g_signal_connect_object (card, "destination-chosen", G_CALLBACK (save_choice), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->streams_box, GTK_WIDGET (card));
    }
  self->n_cards = n_cards;
  for (guint i = 0; i < n_cards; i++)
    onair_control_room_update_card (self, i);
}

/* The card that has the keyboard focus, if any. */
static OnairStreamCard *
get_focused_card (OnairControlRoom *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *card = focus ? gtk_widget_get_ancestor (focus, ONAIR_TYPE_STREAM_CARD) : NULL;

  if (card == NULL || !gtk_widget_is_ancestor (card, GTK_WIDGET (self)))
    return NULL;
  return ONAIR_STREAM_CARD (card);
}

/**
 * onair_control_room_go_live_focused:
 *
 * Go Live on the stream card that has the keyboard focus, as its button would.
 *
 * Returns: whether a card had the focus and could go live
 */
gboolean
onair_control_room_go_live_focused (OnairControlRoom *self)
{
  OnairStreamCard *card;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), FALSE);

  card = get_focused_card (self);
  if (card == NULL || onair_stream_card_get_status (card) == ONAIR_CHANNEL_LIVE)
    return FALSE;
  return onair_stream_card_activate_action_button (card);
}

/**
 * onair_control_room_stop_focused:
 *
 * Asks to stop the stream of the card that has the keyboard focus, as its button would.
 *
 * Returns: whether a card had the focus and was live
 */
gboolean
onair_control_room_stop_focused (OnairControlRoom *self)
{
  OnairStreamCard *card;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), FALSE);

  card = get_focused_card (self);
  if (card == NULL || onair_stream_card_get_status (card) != ONAIR_CHANNEL_LIVE)
    return FALSE;
  return onair_stream_card_activate_action_button (card);
}
