/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-witness-page-private.h"

/*
 * The key that signs the witness log's exports, shown so that an auditor can pin it
 * (`onair-witness verify --public-key`): its fingerprint and public key, each with a Copy
 * button, in the export dialog and in the log's About popover. The key is read from the
 * keyring (made there on first use) when one of them is first shown.
 */

static void
key_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnairWitnessPage) self = user_data;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *public_key = NULL;

  key = onair_witness_recorder_load_signing_key_finish (ONAIR_WITNESS_RECORDER (object), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_key = FALSE;
  if (key != NULL)
    public_key = onair_witness_signing_key_dup_public_key (key, &error);
  if (public_key == NULL)
    {
      g_clear_error (&self->key_error);
      self->key_error = g_steal_pointer (&error);
    }
  else
    {
      g_free (self->fingerprint);
      self->fingerprint = onair_witness_public_key_fingerprint (public_key);
      g_free (self->public_key);
      self->public_key = g_steal_pointer (&public_key);
    }
  g_object_notify_by_pspec (G_OBJECT (self),
                            onair_witness_page_properties[ONAIR_WITNESS_PAGE_PROP_PUBLIC_KEY]);
}

/**
 * onair_witness_page_load_key:
 *
 * Reads the signing key from the keyring once, in the background, for its public key and
 * fingerprint (#OnairWitnessPage:public-key tells when they are there).
 */
void
onair_witness_page_load_key (OnairWitnessPage *self)
{
  if (self->public_key != NULL || self->loading_key)
    return;
  if (self->recorder == NULL)
    {
      g_clear_error (&self->key_error);
      g_set_error_literal (&self->key_error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                           _("Onair did not start its witness log."));
      return;
    }
  self->loading_key = TRUE;
  g_clear_error (&self->key_error);
  onair_witness_recorder_load_signing_key_async (self->recorder, self->cancellable,
                                                 key_loaded_cb, g_object_ref (self));
}

/* The key box */

/* The button turns into a check mark: the copy happened, and where the pointer is. */
static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *value)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          gtk_label_get_text (value));
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _("Copied"));
}

/* Hashes and keys wrap anywhere, and never with a hyphen that would read as part of them. */
static void
set_unhyphenated (GtkWidget *label)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
}

/* A title above its value, the value on one line (@chars wide: a public key's 44) with a
 * Copy button after it. */
static GtkWidget *
add_key_row (GtkGrid     *grid,
             int          row,
             const char  *title,
             int          chars,
             const char  *copy_tooltip,
             GtkWidget  **copy_out)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_xalign (GTK_LABEL (value), 0.0);
  set_unhyphenated (value);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (value), chars);
  gtk_label_set_max_width_chars (GTK_LABEL (value), chars);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, copy_tooltip);
  gtk_widget_add_css_class (copy, "flat");
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), value);

  gtk_grid_attach (grid, label, 0, 2 * row, 2, 1);
  gtk_grid_attach (grid, value, 0, 2 * row + 1, 1, 1);
  gtk_grid_attach (grid, copy, 1, 2 * row + 1, 1, 1);
  *copy_out = copy;
  return value;
}

typedef struct {
  GtkLabel  *fingerprint;
  GtkLabel  *public_key;
  GtkWidget *copy_fingerprint;
  GtkWidget *copy_public_key;
} KeyBox;

static void
update_key_box (GtkWidget        *box,
                GParamSpec       *pspec,
                OnairWitnessPage *self)
{
  KeyBox *widgets = g_object_get_data (G_OBJECT (box), "onair-key-box");
  const char *waiting = NULL;

  if (self->public_key == NULL)
    waiting = self->key_error != NULL ? self->key_error->message
                                      : _("Reading the key from the keyring…");
  gtk_label_set_text (widgets->fingerprint, waiting ? waiting : self->fingerprint);
  gtk_label_set_text (widgets->public_key, waiting ? "" : self->public_key);
  gtk_widget_set_visible (GTK_WIDGET (widgets->public_key), waiting == NULL);
  gtk_widget_set_sensitive (widgets->copy_fingerprint, waiting == NULL);
  gtk_widget_set_visible (widgets->copy_public_key, waiting == NULL);
  /* Words while waiting, digits once there. */
  if (waiting != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (widgets->fingerprint), "monospace");
  else
    gtk_widget_add_css_class (GTK_WIDGET (widgets->fingerprint), "monospace");
}

/* The signing key, with what an auditor does with it, for the export dialog and the About
 * popover. It follows the page's key as it loads. */
GtkWidget *
onair_witness_page_new_key_box (OnairWitnessPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Signing Key"));
  GtkWidget *help = gtk_label_new (_("Exports are signed with this computer’s key. An auditor "
                                     "who pins it checks an export with “onair-witness verify "
                                     "--public-key KEY export.json”."));
  GtkWidget *grid = gtk_grid_new ();
  KeyBox *widgets = g_new0 (KeyBox, 1);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (help), 0.0);
  gtk_label_set_wrap (GTK_LABEL (help), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (help), 44);
  gtk_label_set_max_width_chars (GTK_LABEL (help), 44);
  gtk_widget_add_css_class (help, "dim-label");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  widgets->fingerprint = GTK_LABEL (add_key_row (GTK_GRID (grid), 0, _("Fingerprint"), 39,
                                                 _("Copy the fingerprint"),
                                                 &widgets->copy_fingerprint));
  widgets->public_key = GTK_LABEL (add_key_row (GTK_GRID (grid), 1, _("Public key"), 44,
                                                _("Copy the public key"),
                                                &widgets->copy_public_key));
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), help);
  gtk_box_append (GTK_BOX (box), grid);

  g_object_set_data_full (G_OBJECT (box), "onair-key-box", widgets, g_free);
  g_signal_connect_object (self, "notify::public-key", G_CALLBACK (update_key_box), box,
                           G_CONNECT_SWAPPED);
  update_key_box (box, NULL, self);
  onair_witness_page_load_key (self);
  return box;
}

/* The About popover */

static void
add_about_row (GtkGrid    *grid,
               int         row,
               const char *title,
               const char *value,
               gboolean    mono)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (text), 36);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 36);
  gtk_widget_set_hexpand (text, TRUE);
  if (mono)
    {
      set_unhyphenated (text);
    }
  else
    {
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
    }
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, text, 1, row, 1, 1);
}

/* Filled each time it opens: the count and the head are the chain's as it is then. */
static void
about_popover_show_cb (OnairWitnessPage *self)
{
  GtkWidget *child;
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *title = gtk_label_new (_("About This Log"));
  OnairWitnessAnchor head;
  g_autofree char *created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *count = NULL;
  gint64 created_ms;
  int row = 0;

  while ((child = gtk_widget_get_first_child (self->about_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->about_box), child);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (self->about_box), title);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_box_append (GTK_BOX (self->about_box), grid);

  if (self->witness != NULL)
    {
      if (onair_witness_parse_timestamp (onair_witness_get_created (self->witness), &created_ms))
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (created_ms / 1000);
          g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

          created = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
        }
      path = g_filename_display_name (onair_witness_get_path (self->witness));
      count = onair_witness_page_format_count (g_list_model_get_n_items (
        G_LIST_MODEL (self->witness)));

      add_about_row (GTK_GRID (grid), row++, _("Chain"),
                     onair_witness_get_chain_id (self->witness), TRUE);
      add_about_row (GTK_GRID (grid), row++, _("Created"),
                     created ? created : onair_witness_get_created (self->witness), FALSE);
      add_about_row (GTK_GRID (grid), row++, _("Format"),
                     onair_witness_get_format_version (self->witness) == 1 ? "onair-witness/1"
                                                                           : "onair-witness/2",
                     TRUE);
      add_about_row (GTK_GRID (grid), row++, _("Entries"), count, FALSE);
      if (onair_witness_get_head (self->witness, &head) && head.seq >= 0)
        add_about_row (GTK_GRID (grid), row++, _("Last hash"), head.hash, TRUE);
      add_about_row (GTK_GRID (grid), row++, _("File"), path, FALSE);
    }

  gtk_box_append (GTK_BOX (self->about_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->about_box), onair_witness_page_new_key_box (self));
}

void
onair_witness_page_key_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, about_popover_show_cb);
}

/**
 * onair_witness_page_get_public_key:
 *
 * Returns: (nullable): the base64 public key of the key that signs exports, once the export
 *   dialog or the About popover has read it
 */
const char *
onair_witness_page_get_public_key (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->public_key;
}

/**
 * onair_witness_page_get_key_fingerprint:
 *
 * Returns: (nullable): the fingerprint of onair_witness_page_get_public_key()
 */
const char *
onair_witness_page_get_key_fingerprint (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->fingerprint;
}
