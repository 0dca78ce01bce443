/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-stream-card.h"
#include "onair-widget-util.h"

/*
 * A stream channel of vMix: its status, how long it has been live, and where it goes. The
 * destination chooser offers "None" first, and a card is given no destination until the
 * producer chooses one; Go Live says so while none is chosen.
 */

struct _OnairStreamCard
{
  GtkBox              parent_instance;

  guint               channel;
  OnairChannelStatus  status;
  gint64              since_us;
  gboolean            connected;
  char               *chosen_id;       /* the destination the producer chose, NULL for None */
  gboolean            selecting;       /* the selection is being set, not chosen */

  GtkLabel           *title_label;
  GtkLabel           *status_label;
  GtkLabel           *elapsed_label;
  GtkLabel           *destination_label;
  GtkDropDown        *destination_dropdown;
  GtkStack           *dismiss_stack;
  GtkButton          *dismiss_button;
  GtkButton          *action_button;
};

G_DEFINE_FINAL_TYPE (OnairStreamCard, onair_stream_card, GTK_TYPE_BOX)

enum {
  GO_LIVE,
  STOP,
  DISMISS,
  DESTINATION_CHOSEN,
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
  gboolean busy = self->status == ONAIR_CHANNEL_STARTING ||
                  self->status == ONAIR_CHANNEL_STOPPING ||
                  self->status == ONAIR_CHANNEL_UNREPORTED;
  gboolean has_destination = onair_stream_card_get_selected_destination (self) != NULL;
  g_autofree char *accessible = NULL;

  gtk_button_set_label (self->action_button, live ? _("_Stop") : _("_Go Live"));
  onair_widget_set_css_class (GTK_WIDGET (self->action_button), "suggested-action", !live);
  onair_widget_set_css_class (GTK_WIDGET (self->action_button), "destructive-action", live);
  if (live)
    {
      /* Translators: accessible label, e.g. "Stop stream 2" */
      accessible = g_strdup_printf (_("Stop stream %u"), self->channel + 1);
    }
  else
    {
      /* Translators: accessible label, e.g. "Go live on stream 2" */
      accessible = g_strdup_printf (_("Go live on stream %u"), self->channel + 1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  /* A greyed Go Live says why it is greyed. */
  onair_widget_set_tooltip_text (GTK_WIDGET (self->action_button),
                                 !live && !busy && !has_destination
                                   ? _("Choose a destination to go live") : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button),
                            self->connected && !busy && (live || has_destination));
  gtk_widget_set_sensitive (GTK_WIDGET (self->destination_dropdown),
                            !live && !busy);
}

static void
update_line (OnairStreamCard *self,
             const char      *destination,
             gboolean         started_outside)
{
  OnairDestination *chosen = onair_stream_card_get_selected_destination (self);
  const char *text;

  gtk_stack_set_visible_child_name (self->dismiss_stack,
                                    self->status == ONAIR_CHANNEL_LOST ? "dismiss" : "none");

  if (self->status == ONAIR_CHANNEL_LOST)
    text = _("vMix stopped this stream");
  else if (self->status == ONAIR_CHANNEL_UNREPORTED)
    text = _("Streaming — channel not reported by this vMix");
  else if (self->status != ONAIR_CHANNEL_OFF && destination != NULL)
    text = destination;
  else if (self->status != ONAIR_CHANNEL_OFF && started_outside)
    text = _("Started outside Onair");
  else if (self->status != ONAIR_CHANNEL_OFF && chosen != NULL)
    text = onair_destination_get_name (chosen);
  else if (self->status != ONAIR_CHANNEL_OFF)
    text = _("Live");
  else if (chosen == NULL)
    text = _("Choose a destination");
  else
    text = _("Not streaming");

  gtk_label_set_label (self->destination_label, text);
  onair_widget_set_tooltip_text (GTK_WIDGET (self->destination_label), text);
  onair_widget_set_css_class (GTK_WIDGET (self->destination_label), "warning",
                              self->status == ONAIR_CHANNEL_OFF && chosen == NULL);
  onair_widget_set_css_class (GTK_WIDGET (self->destination_label), "dim-label",
                              !(self->status == ONAIR_CHANNEL_OFF && chosen == NULL));
}

static void
selected_changed_cb (OnairStreamCard *self)
{
  OnairDestination *destination = onair_stream_card_get_selected_destination (self);

  if (!self->selecting)
    {
      g_free (self->chosen_id);
      self->chosen_id = destination ? g_strdup (onair_destination_get_id (destination)) : NULL;
      g_signal_emit (self, signals[DESTINATION_CHOSEN], 0);
    }
  update_button (self);
  if (self->status == ONAIR_CHANNEL_OFF)
    update_line (self, NULL, FALSE);
}

static guint
find_position (OnairStreamCard *self,
               const char      *id)
{
  GListModel *model = gtk_drop_down_get_model (self->destination_dropdown);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (ONAIR_IS_DESTINATION (item) &&
          g_strcmp0 (onair_destination_get_id (ONAIR_DESTINATION (item)), id) == 0)
        return i;
    }
  return 0;
}

static void
destinations_changing_cb (OnairStreamCard *self)
{
  self->selecting = TRUE;
}

/* Whatever the list does (a destination removed, renamed, added before it), the card keeps
 * the one chosen, or None when it is gone: never its neighbour. */
static void
destinations_changed_cb (OnairStreamCard *self)
{
  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->destination_dropdown, find_position (self, self->chosen_id));
  self->selecting = FALSE;
  update_button (self);
}

static void
onair_stream_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ONAIR_TYPE_STREAM_CARD);

  G_OBJECT_CLASS (onair_stream_card_parent_class)->dispose (object);
}

static void
onair_stream_card_finalize (GObject *object)
{
  OnairStreamCard *self = ONAIR_STREAM_CARD (object);

  g_free (self->chosen_id);

  G_OBJECT_CLASS (onair_stream_card_parent_class)->finalize (object);
}

static void
onair_stream_card_class_init (OnairStreamCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_stream_card_dispose;
  object_class->finalize = onair_stream_card_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-stream-card.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, destination_label);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, destination_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OnairStreamCard, dismiss_stack);
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
  /**
   * OnairStreamCard::destination-chosen:
   *
   * The producer chose another destination, or None: see
   * onair_stream_card_get_chosen_destination_id().
   */
  signals[DESTINATION_CHOSEN] =
    g_signal_new ("destination-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "streamcard");
}

static const char *
item_name (GObject *item)
{
  if (ONAIR_IS_DESTINATION (item))
    return onair_destination_get_name (ONAIR_DESTINATION (item));
  return _("None");
}

static char *
dup_item_name (GObject *item)
{
  return g_strdup (item ? item_name (item) : NULL);
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
  const char *name = item_name (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), name);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), name);
}

static void
onair_stream_card_init (OnairStreamCard *self)
{
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (dup_item_name), NULL, NULL);
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
  onair_stream_card_update (self, ONAIR_CHANNEL_OFF, 0, NULL, FALSE, FALSE);
  return self;
}

guint
onair_stream_card_get_channel (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), 0);
  return self->channel;
}

/**
 * onair_stream_card_set_destinations:
 * @destinations: (element-type OnairDestination): the producer's destinations
 *
 * Offers "None" and @destinations in the chooser; None is chosen.
 */
void
onair_stream_card_set_destinations (OnairStreamCard *self,
                                    GListModel      *destinations)
{
  g_autoptr(GListStore) parts = NULL;
  g_autoptr(GListStore) none = NULL;
  g_autoptr(GtkFlattenListModel) choices = NULL;
  g_autoptr(GtkStringObject) none_item = NULL;

  g_return_if_fail (ONAIR_IS_STREAM_CARD (self));
  g_return_if_fail (G_IS_LIST_MODEL (destinations));

  none = g_list_store_new (G_TYPE_OBJECT);
  none_item = gtk_string_object_new ("none");
  g_list_store_append (none, none_item);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, none);
  g_list_store_append (parts, destinations);

  choices = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)));
  /* The chooser's selection follows a change of the list on its own (to a neighbour of a
   * destination removed): before it does, its moves are marked as not chosen, and after,
   * the choice is put back. Connected before the chooser's selection connects. */
  g_signal_connect_object (choices, "items-changed", G_CALLBACK (destinations_changing_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (choices, "items-changed", G_CALLBACK (destinations_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->selecting = TRUE;
  gtk_drop_down_set_model (self->destination_dropdown, G_LIST_MODEL (choices));
  self->selecting = FALSE;
  destinations_changed_cb (self);
}

/**
 * onair_stream_card_get_selected_destination:
 *
 * Returns: (transfer none) (nullable): the destination chosen in the card, %NULL for None
 */
OnairDestination *
onair_stream_card_get_selected_destination (OnairStreamCard *self)
{
  gpointer item;

  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), NULL);

  item = gtk_drop_down_get_selected_item (self->destination_dropdown);
  return ONAIR_IS_DESTINATION (item) ? item : NULL;
}

/**
 * onair_stream_card_get_chosen_destination_id:
 *
 * Returns: (nullable): the id of the destination the producer chose, %NULL for None
 */
const char *
onair_stream_card_get_chosen_destination_id (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), NULL);
  return self->chosen_id;
}

/**
 * onair_stream_card_choose_destination:
 * @id: (nullable): a destination's id, %NULL for None
 *
 * Chooses a destination as the producer would, without emitting
 * OnairStreamCard::destination-chosen: for restoring a choice. An id that is not in the
 * list (any more) is kept, and chosen once it appears.
 */
void
onair_stream_card_choose_destination (OnairStreamCard *self,
                                      const char      *id)
{
  g_return_if_fail (ONAIR_IS_STREAM_CARD (self));

  g_free (self->chosen_id);
  self->chosen_id = g_strdup (id != NULL && *id != '\0' ? id : NULL);
  destinations_changed_cb (self);
  if (self->status == ONAIR_CHANNEL_OFF)
    update_line (self, NULL, FALSE);
}

OnairChannelStatus
onair_stream_card_get_status (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), ONAIR_CHANNEL_OFF);
  return self->status;
}

/**
 * onair_stream_card_activate_action_button:
 *
 * Go Live or Stop, as a click on the card's button would, when the button can be used.
 *
 * Returns: whether it could
 */
gboolean
onair_stream_card_activate_action_button (OnairStreamCard *self)
{
  g_return_val_if_fail (ONAIR_IS_STREAM_CARD (self), FALSE);

  if (!gtk_widget_is_sensitive (GTK_WIDGET (self->action_button)))
    return FALSE;
  action_clicked_cb (self);
  return TRUE;
}

/**
 * onair_stream_card_update:
 * @since_us: when the status began, g_get_real_time() microseconds
 * @destination: (nullable): the destination's name
 * @started_outside: whether the stream is live and nobody told Onair (nor its witness log)
 *   that Onair started it
 * @connected: whether operations are possible now
 *
 * Shows the channel's state; also called every second to move the time live.
 */
void
onair_stream_card_update (OnairStreamCard    *self,
                          OnairChannelStatus  status,
                          gint64              since_us,
                          const char         *destination,
                          gboolean            started_outside,
                          gboolean            connected)
{
  static const char * const classes[] = {
    "off", "starting", "live", "stopping", "lost", "unreported",
  };

  g_return_if_fail (ONAIR_IS_STREAM_CARD (self));

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    onair_widget_set_css_class (GTK_WIDGET (self), classes[i], i == status);

  self->status = status;
  self->since_us = since_us;
  self->connected = connected;
  gtk_label_set_label (self->status_label, status_text (status));

  update_line (self, destination, started_outside);
  update_elapsed (self);
  update_button (self);
}
