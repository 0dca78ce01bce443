/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Longer than the ~800 lines a file should have (1396): the witness viewer: list, filters,
 * detail pane, verification banner and export, one template. Not split yet by purpose for lack
 * of time in the change that made it grow; the split is the next step. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-window.h"
#include "onair-witness-page.h"

/*
 * The witness log as a table: the recorder's chain (a GListModel that grows as events are
 * appended) under a filter and the column view's sorter, a verification banner, a detail pane
 * with the selected entry's JSON, and signed exports.
 *
 * A chain may hold 100 000 entries and more. The list, the type filter and sorting use only
 * what the chain keeps in memory per entry; the JSON of an entry is read from the file for the
 * rows on screen, for the detail pane and for a text search (incremental, so the page stays
 * responsive while it runs).
 */

struct _OnairWitnessPage
{
  GtkWidget                 parent_instance;

  OnairApplication         *application;
  OnairWitnessRecorder     *recorder;
  OnairWitness             *witness;
  GCancellable             *cancellable;
  OnairWitnessFilter       *filter;         /* what the list shows; NULL for everything */
  GHashTable               *row_details;    /* position → RowDetails, for rows shown lately */
  OnairWitnessVerification *verification;
  GError                   *verify_error;
  gboolean                  verifying;
  gboolean                  exporting;
  gboolean                  scroll_to_top;  /* once the new order or filter is in place */
  GdkFrameClock            *scroll_clock;
  gulong                    scroll_handler;
  GtkFileChooserNative     *chooser;

  GtkStack                 *stack;
  GtkSpinner               *loading_spinner;
  AdwStatusPage            *error_page;
  GtkWidget                *banner;
  GtkStack                 *banner_icon_stack;
  GtkImage                 *banner_icon;
  GtkSpinner               *banner_spinner;
  GtkLabel                 *banner_label;
  GtkProgressBar           *verify_progress;
  GtkSearchEntry           *search_entry;
  GtkDropDown              *type_dropdown;
  GtkStringList            *event_types;
  GtkProgressBar           *export_progress;
  GtkStack                 *list_stack;
  AdwStatusPage            *empty_page;
  GtkColumnView            *column_view;
  GtkSingleSelection       *selection;
  GtkSortListModel         *sort_model;
  GtkFilterListModel       *filter_model;
  GtkCustomFilter          *custom_filter;
  GtkStack                 *detail_stack;
  GtkTextView              *detail_view;
};

G_DEFINE_FINAL_TYPE (OnairWitnessPage, onair_witness_page, GTK_TYPE_WIDGET)

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

static char *
format_count (guint64 n)
{
  /* Digits grouped as the locale groups them: "10 000", "10,000". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
add_toast (OnairWitnessPage *self,
           const char       *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (ONAIR_IS_WINDOW (root))
    onair_window_add_toast (ONAIR_WINDOW (root), escaped);
}

static GtkWindow *
get_parent_window (OnairWitnessPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
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

static void
maybe_scroll_to_top (OnairWitnessPage *self)
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
  maybe_scroll_to_top (self);
}

static void
rows_changed_cb (OnairWitnessPage *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  maybe_scroll_to_top (self);

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

/* Filtering */

static gboolean
match_entry_cb (gpointer item,
                gpointer user_data)
{
  OnairWitnessPage *self = user_data;

  /* Type and time from the in-memory index; a text search reads the entry's line. */
  return onair_witness_filter_match (self->filter, item);
}

static const char *
get_selected_type (OnairWitnessPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->event_types, selected);
}

/* Whether @haystack contains @needle, ignoring case; a missing needle is in everything. */
static gboolean
text_contains (const char *haystack,
               const char *needle)
{
  g_autofree char *folded_haystack = NULL;
  g_autofree char *folded_needle = NULL;

  if (needle == NULL)
    return TRUE;
  if (haystack == NULL)
    return FALSE;
  folded_haystack = g_utf8_casefold (haystack, -1);
  folded_needle = g_utf8_casefold (needle, -1);
  return strstr (folded_haystack, folded_needle) != NULL;
}

/* Typing more of a search only hides rows, so only the rows shown are checked again. */
static GtkFilterChange
compare_filters (const OnairWitnessFilter *old,
                 const OnairWitnessFilter *new)
{
  if ((old->event_type == NULL || g_strcmp0 (old->event_type, new->event_type) == 0) &&
      text_contains (new->text, old->text))
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if ((new->event_type == NULL || g_strcmp0 (old->event_type, new->event_type) == 0) &&
      text_contains (old->text, new->text))
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}

static void
update_filter (OnairWitnessPage *self)
{
  g_autoptr(OnairWitnessFilter) filter = NULL;
  g_autoptr(OnairWitnessFilter) old = NULL;

  filter = onair_witness_filter_new (get_selected_type (self), NULL, NULL,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (onair_witness_filter_is_empty (filter))
    g_clear_pointer (&filter, onair_witness_filter_free);

  if (self->filter == NULL && filter == NULL)
    return;
  if (self->filter != NULL && filter != NULL &&
      g_strcmp0 (self->filter->event_type, filter->event_type) == 0 &&
      g_strcmp0 (self->filter->text, filter->text) == 0)
    return;

  old = g_steal_pointer (&self->filter);
  self->filter = g_steal_pointer (&filter);
  self->scroll_to_top = TRUE;

  if (self->filter == NULL)
    /* No filter function: the list model lets everything through without a look. */
    gtk_custom_filter_set_filter_func (self->custom_filter, NULL, NULL, NULL);
  else if (old == NULL)
    gtk_custom_filter_set_filter_func (self->custom_filter, match_entry_cb, self, NULL);
  else
    gtk_filter_changed (GTK_FILTER (self->custom_filter), compare_filters (old, self->filter));

  maybe_scroll_to_top (self);
}

static void
search_changed_cb (OnairWitnessPage *self)
{
  update_filter (self);
}

static void
stop_search_cb (OnairWitnessPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
type_changed_cb (OnairWitnessPage *self)
{
  update_filter (self);
}

/* Keeps the type menu sorted; the first item is "All events". */
static void
add_event_type (OnairWitnessPage *self,
                const char       *type)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->event_types));
  guint lo = 1, hi = n;
  const char *additions[] = { type, NULL };

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = g_strcmp0 (gtk_string_list_get_string (self->event_types, mid), type);

      if (cmp == 0)
        return;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  gtk_string_list_splice (self->event_types, lo, 0, additions);
}

static void
witness_items_changed_cb (OnairWitnessPage *self,
                          guint             position,
                          guint             removed,
                          guint             added,
                          GListModel       *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (model, i);
      const char *type = entry ? onair_witness_entry_get_event_type (entry) : NULL;

      if (type != NULL)
        add_event_type (self, type);
    }
  rows_changed_cb (self);
}

/* Verification */

static void
update_banner (OnairWitnessPage *self)
{
  const OnairWitnessVerification *v = self->verification;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *state = NULL;

  gtk_widget_remove_css_class (self->banner, "valid");
  gtk_widget_remove_css_class (self->banner, "broken");
  gtk_widget_set_visible (GTK_WIDGET (self->verify_progress), self->verifying);
  gtk_spinner_set_spinning (self->banner_spinner, self->verifying);
  gtk_stack_set_visible_child_name (self->banner_icon_stack, self->verifying ? "spinner" : "icon");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.verify",
                                 self->witness != NULL && !self->verifying);

  if (self->verifying)
    {
      text = g_strdup (_("Verifying every hash of the witness log…"));
    }
  else if (self->verify_error != NULL)
    {
      text = g_strdup_printf (_("The witness log could not be verified: %s"),
                              self->verify_error->message);
      state = "broken";
    }
  else if (v != NULL && v->valid)
    {
      g_autofree char *count = format_count (v->total_events);

      if (v->last_hash != NULL)
        /* Translators: "Valid · 10 000 events · last hash 3f2a1b9c…" */
        text = g_strdup_printf (ngettext ("Valid · %s event · last hash %.8s…",
                                          "Valid · %s events · last hash %.8s…",
                                          v->total_events),
                                count, v->last_hash);
      else
        text = g_strdup_printf (ngettext ("Valid · %s event", "Valid · %s events",
                                          v->total_events),
                                count);
      if (v->last_hash != NULL)
        tooltip = g_strdup_printf (_("Last hash: %s"), v->last_hash);
      state = "valid";
    }
  else if (v != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%" G_GINT64_FORMAT, v->broken_at);

      switch (v->fault)
        {
        case ONAIR_WITNESS_FAULT_HEADER:
        case ONAIR_WITNESS_FAULT_GENESIS:
          text = g_strdup_printf (_("Broken header: %s"), v->reason);
          break;

        case ONAIR_WITNESS_FAULT_NOT_JSON:
        case ONAIR_WITNESS_FAULT_LINE_TOO_LONG:
          text = g_strdup_printf (_("Broken at line %s: %s"), where, v->reason);
          break;

        default:
          text = g_strdup_printf (_("Broken at entry %s: %s"), where, v->reason);
          break;
        }
      state = "broken";
    }
  else
    {
      text = g_strdup (_("Not verified yet"));
    }

  if (state != NULL)
    gtk_widget_add_css_class (self->banner, state);
  gtk_image_set_from_icon_name (self->banner_icon,
                                g_strcmp0 (state, "valid") == 0 ? "security-high-symbolic"
                                                                : "dialog-warning-symbolic");
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), tooltip);
}

static void
verify_progress_cb (double   fraction,
                    gpointer user_data)
{
  OnairWitnessPage *self = user_data;

  if (self->verifying && !g_cancellable_is_cancelled (self->cancellable))
    gtk_progress_bar_set_fraction (self->verify_progress, fraction);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnairWitnessPage) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairWitnessVerification *v;

  v = onair_witness_verify_finish (ONAIR_WITNESS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->verifying = FALSE;
  g_clear_pointer (&self->verification, onair_witness_verification_free);
  g_clear_error (&self->verify_error);
  self->verification = v;
  self->verify_error = g_steal_pointer (&error);
  update_banner (self);
}

static void
start_verification (OnairWitnessPage        *self,
                    OnairWitnessVerifyFlags  flags)
{
  OnairWitnessAnchor head;
  gboolean have_head;

  if (self->witness == NULL || self->verifying)
    return;

  self->verifying = TRUE;
  gtk_progress_bar_set_fraction (self->verify_progress, 0.0);
  update_banner (self);

  /* The chain in memory must still be the one on disk: nothing cut off its end. */
  have_head = onair_witness_get_head (self->witness, &head);
  onair_witness_verify_async (self->witness, have_head ? &head : NULL, flags,
                              verify_progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, verified_cb, g_object_ref (self));
}

/**
 * onair_witness_page_verify:
 *
 * What the Verify button does: verifies the whole chain in a worker thread, showing progress
 * in the banner and then the result, and records the verification in the chain (once per head:
 * see onair_witness_verify_async()). Does nothing while a verification runs.
 */
void
onair_witness_page_verify (OnairWitnessPage *self)
{
  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));

  start_verification (self, ONAIR_WITNESS_VERIFY_RECORD);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  onair_witness_page_verify (ONAIR_WITNESS_PAGE (widget));
}

/* Export */

typedef struct {
  GFile              *file;
  OnairWitnessFilter *filter;
  guint64             n_events;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->filter, onair_witness_filter_free);
  g_free (data);
}

static void
set_exporting (OnairWitnessPage *self,
               gboolean          exporting)
{
  self->exporting = exporting;
  gtk_progress_bar_set_fraction (self->export_progress, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.export",
                                 self->witness != NULL && !exporting);
}

static void
finish_export (GTask  *task,
               GError *error)
{
  OnairWitnessPage *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *display = g_filename_display_name (name);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The export was cancelled."));
      return;
    }

  set_exporting (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The witness log could not be exported to "
                                                 "“%s”: %s"), display, error->message);

      add_toast (self, text);
      g_task_return_error (task, error);
      return;
    }

  {
    g_autofree char *count = format_count (data->n_events);
    g_autofree char *text = NULL;

    /* Translators: "Exported 1 234 events to onair-witness-20251112-103000.json" */
    text = g_strdup_printf (ngettext ("Exported %s event to %s", "Exported %s events to %s",
                                      data->n_events),
                            count, display);
    add_toast (self, text);
  }
  g_task_return_boolean (task, TRUE);
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  OnairWitnessPage *self = user_data;

  if (self->exporting && !g_cancellable_is_cancelled (self->cancellable))
    gtk_progress_bar_set_fraction (self->export_progress, fraction);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  onair_witness_export_finish (ONAIR_WITNESS (object), result, &data->n_events, &error);
  finish_export (task, error);
}

static void
signing_key_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairWitnessPage *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) key = NULL;
  GError *error = NULL;

  key = onair_witness_recorder_load_signing_key_finish (ONAIR_WITNESS_RECORDER (object), result,
                                                        &error);
  if (key == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      finish_export (task, error);
      return;
    }

  onair_witness_export_async (self->witness, data->file, data->filter, key,
                              export_progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, exported_cb, g_object_ref (task));
}

/**
 * onair_witness_page_export_to_file_async:
 * @file: the export file, replaced if it exists
 * @filtered: export only the entries the current filter shows, else the complete log
 *
 * Writes a signed export of the chain (the signing key comes from the keyring, made on the
 * first export), showing progress, then a toast naming the file or saying what went wrong.
 * Cancelled with the page.
 */
void
onair_witness_page_export_to_file_async (OnairWitnessPage    *self,
                                         GFile               *file,
                                         gboolean             filtered,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_page_export_to_file_async);

  if (self->witness == NULL)
    {
      g_task_return_new_error (task, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                               _("The witness log is not open, so it cannot be exported."));
      return;
    }
  if (self->exporting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("An export is already running. Wait for it to finish."));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->filter = filtered && self->filter != NULL ? onair_witness_filter_copy (self->filter) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  set_exporting (self, TRUE);
  onair_witness_recorder_load_signing_key_async (self->recorder, self->cancellable,
                                                 signing_key_cb, g_steal_pointer (&task));
}

/**
 * onair_witness_page_export_to_file_finish:
 * @n_events: (out) (optional): the number of entries exported
 *
 * Returns: %TRUE when the export file is complete on disk
 */
gboolean
onair_witness_page_export_to_file_finish (OnairWitnessPage  *self,
                                          GAsyncResult      *result,
                                          guint64           *n_events,
                                          GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_events != NULL)
    *n_events = ((ExportData *) g_task_get_task_data (G_TASK (result)))->n_events;
  return TRUE;
}

static void
chooser_response_cb (OnairWitnessPage     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  gboolean filtered = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "filtered"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        onair_witness_page_export_to_file_async (self, file, filtered, NULL, NULL);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_export_file (OnairWitnessPage *self,
                    gboolean          filtered)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "onair-witness-%Y%m%d-%H%M%S.json");
  g_autoptr(GtkFileFilter) json_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* Through the file chooser portal when sandboxed. */
  self->chooser = gtk_file_chooser_native_new (filtered ? _("Export Filtered Witness Log")
                                                        : _("Export Witness Log"),
                                               get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (json_filter, _("JSON documents"));
  gtk_file_filter_add_mime_type (json_filter, "application/json");
  gtk_file_filter_add_suffix (json_filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), json_filter);
  g_object_set_data (G_OBJECT (self->chooser), "filtered", GINT_TO_POINTER (filtered));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OnairWitnessPage *self)
{
  if (g_str_equal (response, "complete"))
    choose_export_file (self, FALSE);
  else if (g_str_equal (response, "filtered"))
    choose_export_file (self, TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (get_parent_window (self), _("Export the Witness Log?"),
                                   _("A complete export can be checked from the first entry to "
                                     "the last. An export of the current filter holds only the "
                                     "entries shown, each with its own hash. Either way the file "
                                     "is signed with this computer’s key."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "filtered", _("Current _Filter"),
                                    "complete", _("C_omplete Log"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete",
                                              ADW_RESPONSE_SUGGESTED);
  /* Without a filter both would be the same file. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "filtered",
                                           self->filter != NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The recorder's chain */

static void
attach_witness (OnairWitnessPage *self,
                OnairWitness     *witness)
{
  g_autoptr(GPtrArray) types = onair_witness_list_event_types (witness);

  g_assert (self->witness == NULL);

  self->witness = g_object_ref (witness);
  for (guint i = 0; i < types->len; i++)
    add_event_type (self, g_ptr_array_index (types, i));

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (witness));
  /* OnairWitness emits items-changed itself, in this thread, as entries are appended. */
  g_signal_connect_object (witness, "items-changed", G_CALLBACK (witness_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  rows_changed_cb (self);
  set_exporting (self, FALSE);
  /* The banner shows the chain's state from the start, but nobody asked for a verification
   * yet: it is not recorded. */
  start_verification (self, ONAIR_WITNESS_VERIFY_NONE);
}

/* A spinner animates, and keeps the frame clock busy, even on a stack page not shown. */
static void
show_page (OnairWitnessPage *self,
           const char       *name)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (name, "loading"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
update_state (OnairWitnessPage *self)
{
  const GError *error = NULL;

  if (self->witness == NULL && self->recorder != NULL &&
      onair_witness_recorder_get_witness (self->recorder) != NULL)
    attach_witness (self, onair_witness_recorder_get_witness (self->recorder));

  if (self->witness != NULL)
    {
      show_page (self, "log");
      return;
    }

  if (self->recorder != NULL)
    error = onair_witness_recorder_get_error (self->recorder);

  if (self->recorder == NULL || error != NULL)
    {
      g_autofree char *escaped = NULL;

      escaped = g_markup_escape_text (error ? error->message
                                            : _("Onair did not start its witness log."), -1);
      adw_status_page_set_description (self->error_page, escaped);
      show_page (self, "error");
      return;
    }

  show_page (self, "loading");
}

static void
recorder_appended_cb (OnairWitnessPage *self)
{
  if (self->witness == NULL)
    update_state (self);
}

static void
recorder_failed_cb (OnairWitnessPage *self,
                    const GError     *error)
{
  if (self->witness == NULL)
    {
      update_state (self);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("An event could not be written to the witness "
                                               "log: %s"), error->message);
    add_toast (self, text);
  }
}

/* GObject */

static void
onair_witness_page_dispose (GObject *object)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  stop_scroll_to_top (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The models may outlive the page by a little, and tell it about their last changes. */
  if (self->custom_filter != NULL)
    gtk_custom_filter_set_filter_func (self->custom_filter, NULL, NULL, NULL);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  if (self->witness != NULL)
    g_signal_handlers_disconnect_by_data (self->witness, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_WITNESS_PAGE);
  g_clear_object (&self->witness);
  g_clear_object (&self->recorder);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (onair_witness_page_parent_class)->dispose (object);
}

static void
onair_witness_page_finalize (GObject *object)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (object);

  g_clear_pointer (&self->filter, onair_witness_filter_free);
  g_clear_pointer (&self->row_details, g_hash_table_unref);
  g_clear_pointer (&self->verification, onair_witness_verification_free);
  g_clear_error (&self->verify_error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_witness_page_parent_class)->finalize (object);
}

static void
onair_witness_page_class_init (OnairWitnessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_witness_page_dispose;
  object_class->finalize = onair_witness_page_finalize;

  /* The template's sorters look up OnairWitnessEntry properties. */
  g_type_ensure (ONAIR_TYPE_WITNESS_ENTRY);

  gtk_widget_class_set_css_name (widget_class, "witnesspage");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-witness-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, banner);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, banner_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, verify_progress);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, event_types);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, selection);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, custom_filter);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, detail_view);
  /* Reachable with gtk_widget_get_template_child(), for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "verify_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "export_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "seq_column", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "time_column", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
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

  gtk_widget_class_install_action (widget_class, "witness.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "witness.export", NULL, export_action);
}

static void
onair_witness_page_init (OnairWitnessPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->row_details = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) row_details_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (order_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_model, "notify::pending", G_CALLBACK (maybe_scroll_to_top),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (maybe_scroll_to_top),
                           self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.verify", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.export", FALSE);
  update_banner (self);
}

/**
 * onair_witness_page_new:
 * @application: the application whose witness log the page shows
 *
 * Returns: (transfer full): the page, for onair_window_add_page()
 */
OnairWitnessPage *
onair_witness_page_new (OnairApplication *application)
{
  OnairWitnessPage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_WITNESS_PAGE, NULL);
  self->application = g_object_ref (application);
  if (onair_application_get_recorder (application) != NULL)
    {
      self->recorder = g_object_ref (onair_application_get_recorder (application));
      g_signal_connect_object (self->recorder, "appended", G_CALLBACK (recorder_appended_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->recorder, "failed", G_CALLBACK (recorder_failed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  update_state (self);

  return self;
}

/**
 * onair_witness_page_get_witness:
 *
 * Returns: (transfer none) (nullable): the chain shown, once the recorder has opened it
 */
OnairWitness *
onair_witness_page_get_witness (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->witness;
}

/**
 * onair_witness_page_get_model:
 *
 * Returns: (transfer none): the rows as shown, filtered and sorted, with the selection
 */
GListModel *
onair_witness_page_get_model (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/**
 * onair_witness_page_is_filtering:
 *
 * Returns: whether the filter is still going through the entries (or sorting them)
 */
gboolean
onair_witness_page_is_filtering (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), FALSE);
  return gtk_filter_list_model_get_pending (self->filter_model) > 0 ||
         gtk_sort_list_model_get_pending (self->sort_model) > 0;
}

/**
 * onair_witness_page_dup_filter:
 *
 * Returns: (transfer full) (nullable): the filter the search and type menu make, %NULL when
 *   everything is shown
 */
OnairWitnessFilter *
onair_witness_page_dup_filter (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->filter ? onair_witness_filter_copy (self->filter) : NULL;
}

gboolean
onair_witness_page_is_verifying (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), FALSE);
  return self->verifying;
}

/**
 * onair_witness_page_get_verification:
 *
 * Returns: (transfer none) (nullable): the last verification's result
 */
const OnairWitnessVerification *
onair_witness_page_get_verification (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->verification;
}

/**
 * onair_witness_page_get_banner_text:
 *
 * Returns: the verification banner's text, e.g. "Valid · 10 001 events · last hash 3f2a1b9c…"
 */
const char *
onair_witness_page_get_banner_text (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return gtk_label_get_text (self->banner_label);
}
