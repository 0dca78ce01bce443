/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/witness/onair-witness-describe.h"
#include "onair-witness-page-private.h"

/*
 * The witness page's search and event type menu (types in words), made into the filter the
 * list shows. The type and time come from the chain's in-memory index; only a text search
 * reads an entry's line, and the list model filters incrementally, so the page stays
 * responsive while it runs.
 */

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

  onair_witness_page_maybe_scroll_to_top (self);
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

/* The type menu names types in words; a type this version does not know, as it is. */
static const char *
type_display_name (const char *type)
{
  const char *name = onair_witness_event_type_name (type);

  return name != NULL ? name : type;
}

static int
compare_types (const char *a,
               const char *b)
{
  int cmp = g_utf8_collate (type_display_name (a), type_display_name (b));

  return cmp != 0 ? cmp : g_strcmp0 (a, b);
}

static void
setup_type_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OnairWitnessPage         *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
bind_type_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              OnairWitnessPage         *self)
{
  const char *type = gtk_string_object_get_string (gtk_list_item_get_item (item));

  /* The first item is "All events", already in words. */
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_list_item_get_position (item) == 0 ? type : type_display_name (type));
}

/* Keeps the type menu sorted by name; the first item is "All events". */
void
onair_witness_page_add_event_type (OnairWitnessPage *self,
                                   const char       *type)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->event_types));
  guint lo = 1, hi = n;
  const char *additions[] = { type, NULL };

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = compare_types (gtk_string_list_get_string (self->event_types, mid), type);

      if (cmp == 0)
        return;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  gtk_string_list_splice (self->event_types, lo, 0, additions);
}

void
onair_witness_page_filter_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
}

void
onair_witness_page_filter_init (OnairWitnessPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_type_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_type_cb), self);
  gtk_drop_down_set_factory (self->type_dropdown, factory);
}

void
onair_witness_page_filter_dispose (OnairWitnessPage *self)
{
  /* The filter model may outlive the page by a little, and filter again. */
  if (self->custom_filter != NULL)
    gtk_custom_filter_set_filter_func (self->custom_filter, NULL, NULL, NULL);
}
