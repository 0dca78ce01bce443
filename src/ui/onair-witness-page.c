/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-window.h"
#include "onair-witness-page-private.h"

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

G_DEFINE_FINAL_TYPE (OnairWitnessPage, onair_witness_page, GTK_TYPE_WIDGET)

GParamSpec *onair_witness_page_properties[ONAIR_WITNESS_PAGE_N_PROPS];

char *
onair_witness_page_format_count (guint64 n)
{
  /* Digits grouped as the locale groups them: "10 000", "10,000". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

void
onair_witness_page_add_toast (OnairWitnessPage *self,
                              const char       *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (ONAIR_IS_WINDOW (root))
    onair_window_add_toast (ONAIR_WINDOW (root), escaped);
}

/* "21:04:13" today, "2025-11-12 21:04" another day. */
char *
onair_witness_page_format_time (gint64 unix_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = utc ? g_date_time_to_local (utc) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M:%S");
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

GtkWindow *
onair_witness_page_get_parent_window (OnairWitnessPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The recorder's chain */

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
        onair_witness_page_add_event_type (self, type);
    }
  if (added > 0)
    onair_witness_page_follow_newest (self);
  onair_witness_page_update_rows (self);
  if (added > 0)
    onair_witness_page_entries_added (self);
}

static void
attach_witness (OnairWitnessPage *self,
                OnairWitness     *witness)
{
  g_autoptr(GPtrArray) types = onair_witness_list_event_types (witness);

  g_assert (self->witness == NULL);

  self->witness = g_object_ref (witness);
  for (guint i = 0; i < types->len; i++)
    onair_witness_page_add_event_type (self, g_ptr_array_index (types, i));

  /* The first rows in the order chosen, not wherever the sort takes the first rows read. */
  self->scroll_to_top = TRUE;
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (witness));
  /* OnairWitness emits items-changed itself, in this thread, as entries are appended. */
  g_signal_connect_object (witness, "items-changed", G_CALLBACK (witness_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  onair_witness_page_update_rows (self);
  onair_witness_page_set_exporting (self, FALSE);
  /* The banner shows the chain's state from the start, but nobody asked for a verification
   * yet: it is not recorded. */
  onair_witness_page_start_verification (self, ONAIR_WITNESS_VERIFY_NONE);
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
    onair_witness_page_add_toast (self, text);
  }
}

/* GObject */

static void
onair_witness_page_dispose (GObject *object)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  onair_witness_page_verify_dispose (self);
  onair_witness_page_export_dispose (self);
  onair_witness_page_filter_dispose (self);
  onair_witness_page_list_dispose (self);
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
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->public_key, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_error (&self->key_error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_witness_page_parent_class)->finalize (object);
}

static void
onair_witness_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (object);

  switch (prop_id)
    {
    case ONAIR_WITNESS_PAGE_PROP_PUBLIC_KEY:
      g_value_set_string (value, self->public_key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_witness_page_class_init (OnairWitnessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_witness_page_dispose;
  object_class->finalize = onair_witness_page_finalize;
  object_class->get_property = onair_witness_page_get_property;

  /**
   * OnairWitnessPage:public-key:
   *
   * The base64 public key of the key that signs exports, once loaded from the keyring
   * (see onair_witness_page_load_key()); the key boxes follow it.
   */
  onair_witness_page_properties[ONAIR_WITNESS_PAGE_PROP_PUBLIC_KEY] =
    g_param_spec_string ("public-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ONAIR_WITNESS_PAGE_N_PROPS,
                                     onair_witness_page_properties);

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
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, export_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, about_box);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, seq_column);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, host_column);
  gtk_widget_class_bind_template_child (widget_class, OnairWitnessPage, detail_summary);
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
  gtk_widget_class_bind_template_child_full (widget_class, "about_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "time_column", FALSE, 0);

  onair_witness_page_list_class_init (widget_class);
  onair_witness_page_filter_class_init (widget_class);
  onair_witness_page_verify_class_init (widget_class);
  onair_witness_page_export_class_init (widget_class);
  onair_witness_page_key_class_init (widget_class);
}

static void
onair_witness_page_init (OnairWitnessPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  onair_witness_page_list_init (self);
  onair_witness_page_filter_init (self);
  /* Entries that came while the page was hidden are verified once it is shown. */
  g_signal_connect (self, "map", G_CALLBACK (onair_witness_page_entries_added), NULL);
  g_signal_connect_swapped (self->column_view, "map",
                            G_CALLBACK (onair_witness_page_maybe_scroll_to_top), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.verify", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.export", FALSE);
  onair_witness_page_update_banner (self);
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
  /* Newest first unless the producer chose otherwise, as they left it last time. */
  g_settings_bind (onair_application_get_settings (application), "witness-newest-first",
                   self->sort_button, "active", G_SETTINGS_BIND_DEFAULT);
  onair_witness_page_apply_order (self);
  onair_witness_page_list_attach (self);
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
