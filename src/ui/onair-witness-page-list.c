/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-witness-page-private.h"

/*
 * The witness page's list: the cells of its columns, which read an entry's JSON only for the
 * rows on screen; the empty states; the scroll back to the top when the order or the filter
 * changes; and the detail pane with the selected entry's JSON.
 */

/* Rows keep their parsed details while they are likely to be on screen again soon. */
#define MAX_ROW_DETAILS 2048

typedef struct {
  char *target;   /* channel, output, destination… or NULL */
  char *message;  /* the failure's message, or NULL */
} RowDetails;

static void
row_details_free (RowDetails *details)
{
  g_free (details->target);
  g_free (details->message);
  g_free (details);
}

/* Cells */

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

/* What an event was about, from its params: "Stream 2 · Twitch", "SRT output 1", a settings
 * key, an export's file name, a vMix function. */
static char *
describe_target (JsonObject *event)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *params = NULL;
  JsonNode *node;

  node = json_object_get_member (event, "params");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    params = json_node_get_object (node);
  if (params == NULL)
    return NULL;

  node = json_object_get_member (params, "channel");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *channel = NULL;

      /* Translators: a vMix stream channel; params count from 0, producers from 1 */
      channel = g_strdup_printf (_("Stream %" G_GINT64_FORMAT), json_node_get_int (node) + 1);
      append_part (text, channel);
    }

  node = json_object_get_member (params, "output");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *output = NULL;

      /* Translators: a vMix SRT output, counted from 1 */
      output = g_strdup_printf (_("SRT output %" G_GINT64_FORMAT), json_node_get_int (node) + 1);
      append_part (text, output);
    }

  {
    static const char * const names[] = {
      "destination_name", "name", "destination", "key", "file", "function", "vmix", NULL
    };

    for (guint i = 0; names[i] != NULL; i++)
      {
        const char *value = json_object_get_string_member_with_default (params, names[i], NULL);

        if (value != NULL && *value != '\0')
          {
            append_part (text, value);
            break;
          }
      }
  }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static char *
describe_failure (JsonObject *event)
{
  JsonNode *node = json_object_get_member (event, "result");
  JsonObject *result;
  const char *message;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  result = json_node_get_object (node);
  message = json_object_get_string_member_with_default (result, "message", NULL);
  if (message == NULL)
    message = json_object_get_string_member_with_default (result, "error_code", NULL);
  return g_strdup (message);
}

/* Reads the entry's JSON the first time one of its cells is bound. */
static RowDetails *
get_row_details (OnairWitnessPage  *self,
                 OnairWitnessEntry *entry)
{
  gpointer key = GUINT_TO_POINTER (onair_witness_entry_get_position (entry));
  RowDetails *details = g_hash_table_lookup (self->row_details, key);
  g_autoptr(JsonObject) event = NULL;

  if (details != NULL)
    return details;

  if (g_hash_table_size (self->row_details) >= MAX_ROW_DETAILS)
    g_hash_table_remove_all (self->row_details);

  details = g_new0 (RowDetails, 1);
  event = onair_witness_entry_dup_event (entry, NULL);
  if (event != NULL)
    {
      details->target = describe_target (event);
      if (onair_witness_entry_get_result (entry) == ONAIR_WITNESS_RESULT_FAILURE)
        details->message = describe_failure (event);
    }
  g_hash_table_insert (self->row_details, key, details);

  return details;
}

static GtkLabel *
get_label (GtkListItem *item)
{
  return GTK_LABEL (gtk_list_item_get_child (item));
}

static GtkWidget *
new_cell_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  return label;
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OnairWitnessPage         *self)
{
  gtk_list_item_set_child (item, new_cell_label ());
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OnairWitnessPage         *self)
{
  GtkWidget *label = new_cell_label ();

  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
setup_hash_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OnairWitnessPage         *self)
{
  GtkWidget *label = new_cell_label ();

  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_seq_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             OnairWitnessPage         *self)
{
  OnairWitnessEntry *entry = gtk_list_item_get_item (item);
  gint64 seq = onair_witness_entry_get_seq (entry);
  g_autofree char *text = NULL;

  if (seq >= 0)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  gtk_label_set_text (get_label (item), text ? text : "?");
}

static void
bind_time_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              OnairWitnessPage         *self)
{
  OnairWitnessEntry *entry = gtk_list_item_get_item (item);
  g_autoptr(GDateTime) utc = onair_witness_entry_dup_timestamp (entry);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *text = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;

  gtk_label_set_text (get_label (item), text ? text : "");
}

static void
bind_event_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OnairWitnessPage         *self)
{
  OnairWitnessEntry *entry = gtk_list_item_get_item (item);
  const char *type = onair_witness_entry_get_event_type (entry);

  gtk_label_set_text (get_label (item), type ? type : _("(unreadable)"));
}

static void
bind_target_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OnairWitnessPage         *self)
{
  RowDetails *details = get_row_details (self, gtk_list_item_get_item (item));

  gtk_label_set_text (get_label (item), details->target ? details->target : "");
}

static void
bind_result_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OnairWitnessPage         *self)
{
  OnairWitnessEntry *entry = gtk_list_item_get_item (item);
  GtkLabel *label = get_label (item);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");

  switch (onair_witness_entry_get_result (entry))
    {
    case ONAIR_WITNESS_RESULT_SUCCESS:
      gtk_label_set_text (label, "✓");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      gtk_widget_add_css_class (GTK_WIDGET (label), "success");
      break;

    case ONAIR_WITNESS_RESULT_FAILURE:
      {
        RowDetails *details = get_row_details (self, entry);

        /* A message is often longer than the column: the tooltip has all of it. */
        text = details->message ? g_strdup_printf ("✗ %s", details->message) : g_strdup ("✗");
        gtk_label_set_text (label, text);
        gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                                     details->message ? details->message : _("Failed"));
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      }
      break;

    case ONAIR_WITNESS_RESULT_UNKNOWN:
    default:
      gtk_label_set_text (label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      break;
    }
}

static void
bind_hash_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              OnairWitnessPage         *self)
{
  const char *prefix = onair_witness_entry_get_hash_prefix (gtk_list_item_get_item (item));

  gtk_label_set_text (get_label (item), prefix ? prefix : "");
}

/* The list and its empty states */

/* A new sort order or filter shows its first rows, not wherever the list's old top row went.
 * Once the list has laid the new rows out: before, it has no position to scroll to, and it
 * would follow its old top row through the models' items-changed. */
static void
stop_scroll_to_top (OnairWitnessPage *self)
{
  if (self->scroll_clock != NULL)
    g_clear_signal_handler (&self->scroll_handler, self->scroll_clock);
  g_clear_object (&self->scroll_clock);
}

static void
scroll_after_paint_cb (GdkFrameClock    *clock,
                       OnairWitnessPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  stop_scroll_to_top (self);
  if (adjustment != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->column_view)) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

void
onair_witness_page_maybe_scroll_to_top (OnairWitnessPage *self)
{
  GdkFrameClock *clock;

  if (!self->scroll_to_top || self->scroll_clock != NULL ||
      onair_witness_page_is_filtering (self))
    return;

  self->scroll_to_top = FALSE;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view));
  if (clock == NULL)
    return;
  self->scroll_clock = g_object_ref (clock);
  self->scroll_handler = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (scroll_after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
order_changed_cb (OnairWitnessPage *self)
{
  self->scroll_to_top = TRUE;
  onair_witness_page_maybe_scroll_to_top (self);
}

/* Shows the list, or says why it is empty. */
void
onair_witness_page_update_rows (OnairWitnessPage *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  onair_witness_page_maybe_scroll_to_top (self);

  if (n_rows > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }
  if (gtk_filter_list_model_get_pending (self->filter_model) > 0)
    return;

  if (self->witness == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->witness)) == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "document-properties-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Entries"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every operation Onair performs or observes will be "
                                         "recorded here."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Entries"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try another search or event type."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
rows_changed_cb (OnairWitnessPage *self)
{
  onair_witness_page_update_rows (self);
}

static void
selection_changed_cb (OnairWitnessPage *self)
{
  OnairWitnessEntry *entry = gtk_single_selection_get_selected_item (self->selection);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->detail_view);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (entry == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  object = onair_witness_entry_dup_object (entry, &error);
  if (object != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
    }
  else
    {
      /* A damaged line is shown as it is on disk, under the reason it cannot be read. */
      g_autofree char *line = onair_witness_entry_dup_line (entry, NULL);

      text = g_strdup_printf ("%s\n\n%s", error->message, line ? line : "");
    }

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_stack_set_visible_child_name (self->detail_stack, "entry");
}

void
onair_witness_page_list_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rows_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_hash_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_seq_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_event_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_hash_cb);
}

/* After the template: the sorter is the column view's. */
void
onair_witness_page_list_init (OnairWitnessPage *self)
{
  self->row_details = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) row_details_free);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (order_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_model, "notify::pending",
                           G_CALLBACK (onair_witness_page_maybe_scroll_to_top),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (onair_witness_page_maybe_scroll_to_top),
                           self, G_CONNECT_SWAPPED);
}

void
onair_witness_page_list_dispose (OnairWitnessPage *self)
{
  stop_scroll_to_top (self);
  /* The models may outlive the page by a little, and tell it about their last changes. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
}
