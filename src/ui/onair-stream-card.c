/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-stream-card.h"

struct _OnairStreamCard
{
  GtkBox              parent_instance;

  guint               channel;
  OnairChannelStatus  status;
  gint64              since_us;
  gboolean            connected;

  GtkLabel           *title_label;
  GtkLabel           *status_label;
  GtkLabel           *elapsed_label;
  GtkLabel           *destination_label;
  GtkDropDown        *destination_dropdown;
  GtkButton          *dismiss_button;
  GtkButton          *action_button;
};

G_DEFINE_FINAL_TYPE (OnairStreamCard, onair_stream_card, GTK_TYPE_BOX)

enum {
  GO_LIVE,
  STOP,
  DISMISS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
status_text (OnairChannelStatus status)
{
  switch (status)
    {
    case ONAIR_CHANNEL_STARTING:
      return _("Starting…");
    case ONAIR_CHANNEL_LIVE:
      return _("Live");
    case ONAIR_CHANNEL_STOPPING:
      return _("Stopping…");
    case ONAIR_CHANNEL_LOST:
      return _("Lost");
    case ONAIR_CHANNEL_UNREPORTED:
      /* Translators: vMix streams but does not say whether this stream is on. */
      return _("Not reported");
    case ONAIR_CHANNEL_OFF:
    default:
      return _("Off");
    }
}

static void
action_clicked_cb (OnairStreamCard *self)
{
  if (self->status == ONAIR_CHANNEL_LIVE)
    g_signal_emit (self, signals[STOP], 0);
  else
    {
      OnairDestination *destination = onair_stream_card_get_selected_destination (self);

      if (destination != NULL)
        g_signal_emit (self, signals[GO_LIVE], 0, destination);
    }
}

static void
dismiss_clicked_cb (OnairStreamCard *self)
{
  g_signal_emit (self, signals[DISMISS], 0);
}

static void
update_elapsed (OnairStreamCard *self)
{
  gint64 seconds = 0;
  g_autofree char *text = NULL;

  if ((self->status == ONAIR_CHANNEL_LIVE || self->status == ONAIR_CHANNEL_STOPPING) &&
      self->since_us > 0)
    seconds = MAX (0, (g_get_real_time () - self->since_us) / G_USEC_PER_SEC);
  /* How long a stream vMix does not report has been on is not known. */
  if (self->status == ONAIR_CHANNEL_UNREPORTED)
    text = g_strdup ("––:––:––");
  else
    text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  gtk_label_set_label (self->elapsed_label, text);
}

static void
update_button (OnairStreamCard *self)
{
  gboolean live = self->status == ONAIR_CHANNEL_LIVE;
  /* A stream vMix does not report can be neither started (it could not be confirmed) nor
   * stopped from here. */
  gboolean busy = self->status == ONAIR_CHANNEL_STARTING || self->status == ONAIR_CHANNEL_STOPPING ||
                  self->status == ONAIR_CHANNEL_UNREPORTED;
  gboolean has_destination = onair_stream_card_get_selected_destination (self) != NULL;
  g_autofree char *accessible = NULL;

  gtk_button_set_label (self->action_button, live ? _("_Stop") : _("_Go Live"));
  if (live)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->action_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->action_button), "destructive-action");
      /* Translators: accessible label, e.g. "Stop stream 2" */
      accessible = g_strdup_printf (_("Stop stream %u"), self->channel + 1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->action_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->action_button), "suggested-action");
      /* Translators: accessible label, e.g. "Go live on stream 2" */
      accessible = g_strdup_printf (_("Go live on stream %u"), self->channel + 1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button),
                            self->connected && !busy && (live || has_destination));
  gtk_widget_set_sensitive (GTK_WIDGET (self->destination_dropdown),
                            !live && !busy);
}

static void
selected_changed_cb (OnairStreamCard *self)
{
  update_button (self);
}

static void
onair_stream_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ONAIR_TYPE_STREAM_CARD);

  G_OBJECT_CLASS (onair_stream_card_parent_class)->dispose (object);
}

static void
onair_stream_card_class_init (OnairStreamCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_stream_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-stream-card.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, destination_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, destination_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, action_button);
  gtk_widget_class_bind_template_callback (widget_class, action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);

  /**
   * OnairStreamCard::go-live:
   * @destination: the destination chosen in the card
   */
  signals[GO_LIVE] =
    g_signal_new ("go-live", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ONAIR_TYPE_DESTINATION);
  signals[STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * OnairStreamCard::dismiss:
   *
   * The producer acknowledged a stream that vMix dropped.
   */
  signals[DISMISS] =
    g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "streamcard");
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Long destination names must not widen the cards: five fit a window's width. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  OnairDestination *destination = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       onair_destination_get_name (destination));
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item),
                               onair_destination_get_name (destination));
}

static void
onair_stream_card_init (OnairStreamCard *self)
{
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_property_expression_new (ONAIR_TYPE_DESTINATION, NULL, "name");
  gtk_drop_down_set_expression (self->destination_dropdown, expression);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  gtk_drop_down_set_factory (self->destination_dropdown, factory);
  g_signal_connect_swapped (self->destination_dropdown, "notify::selected",
                            G_CALLBACK (selected_changed_cb), self);
}

/**
 * onair_stream_card_new:
 * @channel: 0-based stream index
 *
 * Returns: (transfer floating): a card for one of vMix's stream channels
 */
OnairStreamCard *
onair_stream_card_new (guint channel)
{
  OnairStreamCard *self = g_object_new (ONAIR_TYPE_STREAM_CARD, NULL);
  g_autofree char *title = g_strdup_printf (_("Stream %u"), channel + 1);

  self->channel = channel;
  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->destination_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  onair_stream_card_update (self, ONAIR_CHANNEL_OFF, 0, NULL, FALSE);
  return self;
}

guint
onair_stream_card_get_channel (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), 0);
  return self->channel;
}

void
onair_stream_card_set_destinations (OnairStreamCard *self,
                                    GListModel      *destinations)
{
  g_return_if_fail (ONAIR_IS_STREAM_CARD (self));
  gtk_drop_down_set_model (self->destination_dropdown, destinations);
  update_button (self);
}

/**
 * onair_stream_card_get_selected_destination:
 *
 * Returns: (transfer none) (nullable): the destination chosen in the card
 */
OnairDestination *
onair_stream_card_get_selected_destination (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), NULL);
  return gtk_drop_down_get_selected_item (self->destination_dropdown);
}

OnairChannelStatus
onair_stream_card_get_status (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), ONAIR_CHANNEL_OFF);
  return self->status;
}

/**
 * onair_stream_card_update:
 * @since_us: when the status began, g_get_real_time() microseconds
 * @destination: (nullable): the destination's name
 * @connected: whether operations are possible now
 *
 * Shows the channel's state; also called every second to move the time live.
 */
void
onair_stream_card_update (OnairStreamCard    *self,
                          OnairChannelStatus  status,
                          gint64              since_us,
                          const char         *destination,
                          gboolean            connected)
{
  static const char * const classes[] = {
    "off", "starting", "live", "stopping", "lost", "unreported",
  };

  g_return_if_fail (ONAIR_IS_STREAM_CARD (self));

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[status]);

  self->status = status;
  self->since_us = since_us;
  self->connected = connected;
  gtk_label_set_label (self->status_label, status_text (status));

  if (status == ONAIR_CHANNEL_LOST)
    gtk_label_set_label (self->destination_label, _("vMix stopped this stream"));
  else if (status == ONAIR_CHANNEL_UNREPORTED)
    gtk_label_set_label (self->destination_label,
                         _("Streaming — channel not reported by this vMix"));
  else if (status != ONAIR_CHANNEL_OFF && destination != NULL)
    gtk_label_set_label (self->destination_label, destination);
  else if (status != ONAIR_CHANNEL_OFF)
    gtk_label_set_label (self->destination_label, _("Started outside Onair"));
  else
    gtk_label_set_label (self->destination_label, _("Not streaming"));

  gtk_widget_set_visible (GTK_WIDGET (self->dismiss_button), status == ONAIR_CHANNEL_LOST);
  update_elapsed (self);
  update_button (self);
}
