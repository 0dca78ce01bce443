/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/witness/onair-witness-describe.h"
#include "onair-witness-page-private.h"

/*
 * The witness page's list: the cells of its columns, which read an entry's JSON only for the
 * rows on screen and say it in words (the raw type and numbers stay in the detail pane); the
 * order, newest first unless the producer chose otherwise; the empty states; the scroll back
 * to the top when the order or the filter changes; and the detail pane with the selected
 * entry in words above its JSON.
 */

/* Rows keep their parsed details while they are likely to be on screen again soon. */
#define MAX_ROW_DETAILS 2048

typedef struct {
  char *event;    /* in words: "Stream started outside Onair" */
  char *target;   /* "Stream 1 · YouTube primary", … or NULL */
  char *host;     /* the vMix host's name, or NULL */
  char *message;  /* the failure's message, or NULL */
} RowDetails;

static void
row_details_free (RowDetails *details)
{
  g_free (details->event);
  g_free (details->target);
  g_free (details->host);
  g_free (details->message);
  g_free (details);
}

/* Hosts */

/* The Host column is there when the log is about several vMix hosts: Onair has several now,
 * or the rows shown lately name more than one. */
static void
update_host_column (OnairWitnessPage *self)
{
  OnairFleet *fleet = self->application ? onair_application_get_fleet (self->application) : NULL;
  gboolean several = (self->hosts != NULL && g_hash_table_size (self->hosts) > 1) ||
                     (fleet != NULL && g_list_model_get_n_items (G_LIST_MODEL (fleet)) > 1);

  if (gtk_column_view_column_get_visible (self->host_column) != several)
    gtk_column_view_column_set_visible (self->host_column, several);
}

static void
note_host (OnairWitnessPage *self,
           const char       *host)
{
  if (self->hosts == NULL)
    self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (self->hosts, host))
    return;
  g_hash_table_add (self->hosts, g_strdup (host));
  update_host_column (self);
}

/* Cells */

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
      details->event = onair_witness_describe_event (event);
      details->target = onair_witness_describe_target (event);
      details->host = g_strdup (onair_witness_event_get_host_name (event));
      details->message = onair_witness_describe_failure (event);
      if (details->host != NULL)
        note_host (self, details->host);
    }
  else
    {
      details->event = g_strdup (_("Unreadable entry"));
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

/* Events, details and results are read whole: they wrap rather than being cut short. A
 * wrapping label is measured for its row's height at its narrowest, so that is set to about
 * its column's width. */
static void
setup_long_text (GtkListItem *item,
                 int          chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), chars);
  gtk_list_item_set_child (item, label);
}

static void
setup_event_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OnairWitnessPage         *self)
{
  setup_long_text (item, 23);
}

static void
setup_target_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OnairWitnessPage         *self)
{
  setup_long_text (item, 23);
}

static void
setup_result_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OnairWitnessPage         *self)
{
  setup_long_text (item, 27);
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
bind_host_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              OnairWitnessPage         *self)
{
  RowDetails *details = get_row_details (self, gtk_list_item_get_item (item));

  gtk_label_set_text (get_label (item), details->host ? details->host : "");
}

static void
bind_event_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OnairWitnessPage         *self)
{
  OnairWitnessEntry *entry = gtk_list_item_get_item (item);
  RowDetails *details = get_row_details (self, entry);

  gtk_label_set_text (get_label (item), details->event);
  /* The type as the log has it, for someone who reads the JSON too. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (get_label (item)),
                               onair_witness_entry_get_event_type (entry));
}

static void
bind_target_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OnairWitnessPage         *self)
{
  RowDetails *details = get_row_details (self, gtk_list_item_get_item (item));

  gtk_label_set_text (get_label (item), details->target ? details->target : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (get_label (item)), details->target);
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
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), _("Done"));
      gtk_widget_add_css_class (GTK_WIDGET (label), "success");
      break;

    case ONAIR_WITNESS_RESULT_FAILURE:
      {
        RowDetails *details = get_row_details (self, entry);

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
  /* A window gone takes its frame clock's handlers with it. */
  if (self->scroll_clock != NULL &&
      g_signal_handler_is_connected (self->scroll_clock, self->scroll_handler))
    g_signal_handler_disconnect (self->scroll_clock, self->scroll_handler);
  self->scroll_handler = 0;
  g_clear_object (&self->scroll_clock);
}

static void
scroll_after_paint_cb (GdkFrameClock    *clock,
                       OnairWitnessPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  stop_scroll_to_top (self);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    self->scroll_to_top = TRUE;
  else if (adjustment != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

void
onair_witness_page_maybe_scroll_to_top (OnairWitnessPage *self)
{
  GdkFrameClock *clock;

  if (!self->scroll_to_top || self->scroll_clock != NULL ||
      onair_witness_page_is_filtering (self))
    return;

  /* Not on screen yet: it is done once it is (see the list's "map"). */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view));
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    return;
  self->scroll_to_top = FALSE;
  self->scroll_clock = g_object_ref (clock);
  self->scroll_handler = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (scroll_after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

/* Entries arriving while the newest are shown at the top stay in view: sorting them in would
 * otherwise carry the list along with the row it had at its top. */
void
onair_witness_page_follow_newest (OnairWitnessPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  if (adjustment != NULL && gtk_toggle_button_get_active (self->sort_button) &&
      gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 1)
    {
      self->scroll_to_top = TRUE;
      onair_witness_page_maybe_scroll_to_top (self);
    }
}

static void
order_changed_cb (OnairWitnessPage *self)
{
  self->scroll_to_top = TRUE;
  onair_witness_page_maybe_scroll_to_top (self);
}

/* Newest or oldest first, as the sort button says (a column header sorts otherwise until the
 * button is used again). */
void
onair_witness_page_apply_order (OnairWitnessPage *self)
{
  gboolean newest_first = gtk_toggle_button_get_active (self->sort_button);

  gtk_column_view_sort_by_column (self->column_view, self->seq_column,
                                  newest_first ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  gtk_button_set_icon_name (GTK_BUTTON (self->sort_button),
                            newest_first ? "view-sort-descending-symbolic"
                                         : "view-sort-ascending-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sort_button),
                               newest_first ? _("Newest first: click for oldest first")
                                            : _("Oldest first: click for newest first"));
}

static void
sort_toggled_cb (OnairWitnessPage *self)
{
  onair_witness_page_apply_order (self);
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

/* Above the JSON: the entry in words, with the raw values the words come from. */
static char *
describe_entry (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "event");
  JsonObject *event = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *words = NULL;
  g_autofree char *target = NULL;
  g_autofree char *numbers = NULL;
  const char *type, *host, *written;

  if (event == NULL)
    return g_markup_escape_text (_("This entry has no event."), -1);

  words = onair_witness_describe_event (event);
  type = json_object_get_string_member_with_default (event, "event_type", NULL);
  {
    g_autofree char *escaped = g_markup_escape_text (words, -1);

    g_string_append_printf (markup, "<b>%s</b>", escaped);
  }
  {
    g_autofree char *escaped = NULL;

    if (type != NULL && onair_witness_event_type_name (type) == NULL)
      /* Translators: an event type this version of Onair has no words for */
      escaped = g_markup_printf_escaped (_("Event type: %s (not known to this version)"), type);
    else
      escaped = g_markup_printf_escaped (_("Event type: %s"), type ? type : "—");
    g_string_append_printf (markup, "\n%s", escaped);
  }

  target = onair_witness_describe_target (event);
  numbers = onair_witness_describe_numbers (event);
  if (numbers != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (numbers, -1);

      g_string_append_printf (markup, "\n%s", escaped);
    }
  else if (target != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (target, -1);

      g_string_append_printf (markup, "\n%s", escaped);
    }

  host = onair_witness_event_get_host_name (event);
  if (host != NULL)
    {
      g_autofree char *escaped = g_markup_printf_escaped (_("vMix host: %s"), host);

      g_string_append_printf (markup, "\n%s", escaped);
    }
  if (onair_witness_event_is_outside (event))
    g_string_append_printf (markup, "\n%s",
                            _("Seen in vMix, not done by Onair (by: outside)"));

  written = json_object_get_string_member_with_default (object, "witness_timestamp", NULL);
  if (written != NULL)
    {
      g_autofree char *escaped = g_markup_printf_escaped (_("Written to the log: %s (UTC)"),
                                                          written);

      g_string_append_printf (markup, "\n<small>%s</small>", escaped);
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
selection_changed_cb (OnairWitnessPage *self)
{
  OnairWitnessEntry *entry = gtk_single_selection_get_selected_item (self->selection);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->detail_view);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;

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
      summary = describe_entry (object);
    }
  else
    {
      /* A damaged line is shown as it is on disk, under the reason it cannot be read. */
      g_autofree char *line = onair_witness_entry_dup_line (entry, NULL);

      text = g_strdup_printf ("%s\n\n%s", error->message, line ? line : "");
      summary = g_markup_printf_escaped ("<b>%s</b>", _("Unreadable entry"));
    }

  gtk_label_set_markup (self->detail_summary, summary);
  gtk_text_buffer_set_text (buffer, text, -1);
  {
    /* A hash wrapped with a hyphen would read as a different hash. */
    GtkTextTagTable *tags = gtk_text_buffer_get_tag_table (buffer);
    GtkTextIter start, end;

    if (gtk_text_tag_table_lookup (tags, "no-hyphens") == NULL)
      gtk_text_buffer_create_tag (buffer, "no-hyphens", "insert-hyphens", FALSE, NULL);
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    gtk_text_buffer_apply_tag_by_name (buffer, "no-hyphens", &start, &end);
  }
  gtk_stack_set_visible_child_name (self->detail_stack, "entry");
}

void
onair_witness_page_list_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rows_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_event_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_host_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_toggled_cb);
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

static void
fleet_changed_cb (OnairWitnessPage *self)
{
  update_host_column (self);
}

/* Once the page has its application: the Host column follows the hosts Onair has. */
void
onair_witness_page_list_attach (OnairWitnessPage *self)
{
  OnairFleet *fleet = onair_application_get_fleet (self->application);

  if (fleet != NULL)
    g_signal_connect_object (fleet, "items-changed", G_CALLBACK (fleet_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_host_column (self);
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
