/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-destination-dialog-private.h"

/*
 * Adds or edits one destination. The key goes from the password row straight to the
 * keyring; once saved it is never shown again unless the producer asks to reveal it,
 * and a replaced key is recorded by its fingerprints only. This file holds the form
 * (platform, server, name) and the stored key; the checks are in
 * onair-destination-dialog-validation.c, saving in onair-destination-dialog-save.c.
 */

G_DEFINE_FINAL_TYPE (OnairDestinationDialog, onair_destination_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

OnairPreset *
onair_destination_dialog_get_preset (OnairDestinationDialog *self)
{
  return adw_combo_row_get_selected_item (self->preset_row);
}

char *
onair_destination_dialog_dup_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

char *
onair_destination_dialog_dup_server_url (OnairDestinationDialog *self)
{
  OnairPreset *preset = onair_destination_dialog_get_preset (self);
  guint selected;

  if (preset == NULL)
    return g_strdup ("");
  if (onair_preset_is_custom (preset))
    return onair_destination_dialog_dup_text (self->url_row);

  selected = adw_combo_row_get_selected (self->server_row);
  if (selected >= self->server_urls->len)
    return g_strdup ("");
  return g_strdup (g_ptr_array_index (self->server_urls, selected));
}

static char *
dup_stored_key_text (OnairDestinationDialog *self)
{
  /* Translators: %s is a key fingerprint such as 1a2b3c4d, never the key */
  return g_strdup_printf (_("Key set (fingerprint %s) — type a new key to replace it"),
                          onair_destination_get_key_fingerprint (self->destination));
}

void
onair_destination_dialog_show_error (OnairDestinationDialog *self,
                                     const GError           *error)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  escaped = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (escaped);
  /* Keyring trouble needs reading and acting on: the toast stays until dismissed. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
server_changed_cb (OnairDestinationDialog *self)
{
  guint selected;

  if (self->server_urls == NULL)
    return;

  selected = adw_combo_row_get_selected (self->server_row);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->server_row),
                               selected < self->server_urls->len
                                 ? g_ptr_array_index (self->server_urls, selected) : "");
  onair_destination_dialog_update_state (self);
}

static void
rebuild_servers (OnairDestinationDialog *self,
                 OnairPreset            *preset)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_servers = onair_preset_get_n_servers (preset);
  const char *saved_url = NULL;
  guint selected = 0;

  g_ptr_array_set_size (self->server_urls, 0);
  for (guint i = 0; i < n_servers; i++)
    {
      g_ptr_array_add (names, (gpointer) onair_preset_get_server_name (preset, i));
      g_ptr_array_add (self->server_urls, g_strdup (onair_preset_get_server_url (preset, i)));
    }

  if (self->destination != NULL &&
      g_strcmp0 (onair_destination_get_preset_id (self->destination),
                 onair_preset_get_id (preset)) == 0)
    saved_url = onair_destination_get_server_url (self->destination);

  if (n_servers > 0 && saved_url != NULL && *saved_url != '\0')
    {
      guint i;

      for (i = 0; i < n_servers; i++)
        if (g_str_equal (g_ptr_array_index (self->server_urls, i), saved_url))
          break;
      /* A server the platform no longer lists stays selectable, so editing the name
       * does not silently move the destination elsewhere. */
      if (i == n_servers)
        {
          g_ptr_array_add (names, (gpointer) _("Saved Address"));
          g_ptr_array_add (self->server_urls, g_strdup (saved_url));
        }
      selected = i;
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->server_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->server_names)),
                          (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->server_row,
                              self->server_urls->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  server_changed_cb (self);
}

static void
preset_changed_cb (OnairDestinationDialog *self)
{
  OnairPreset *preset = onair_destination_dialog_get_preset (self);
  const char *help_url;
  gboolean custom;
  gboolean uses_username;
  gboolean uses_password;

  if (preset == NULL || self->server_urls == NULL)
    return;

  custom = onair_preset_is_custom (preset);
  rebuild_servers (self, preset);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), !custom);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), custom);

  help_url = onair_preset_get_key_help_url (preset);
  gtk_widget_set_visible (GTK_WIDGET (self->key_help_button),
                          help_url != NULL && *help_url != '\0');
  if (help_url != NULL && *help_url != '\0')
    gtk_link_button_set_uri (self->key_help_button, help_url);

  uses_username = onair_preset_get_uses_username (preset);
  uses_password = onair_preset_get_uses_password (preset);
  gtk_widget_set_visible (GTK_WIDGET (self->login_group), uses_username || uses_password);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), uses_username);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), uses_password);

  if (self->name_is_default)
    {
      self->updating_name = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), onair_preset_get_name (preset));
      self->updating_name = FALSE;
    }

  onair_destination_dialog_update_state (self);
}

static void
name_changed_cb (OnairDestinationDialog *self)
{
  /* Until the producer types a name of their own, the name follows the platform. */
  if (!self->updating_name)
    self->name_is_default = *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0';
  onair_destination_dialog_update_state (self);
}

static void
form_changed_cb (OnairDestinationDialog *self)
{
  onair_destination_dialog_update_state (self);
}

static void
key_changed_cb (OnairDestinationDialog *self)
{
  /* From the first keystroke on, an empty key field is a mistake to point out. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->key_row)) != '\0')
    self->key_touched = TRUE;
  onair_destination_dialog_update_state (self);
}

/* Revealing the stored key */

static void
hide_key (OnairDestinationDialog *self)
{
  g_autofree char *text = NULL;

  if (self->destination == NULL || !onair_destination_has_key (self->destination))
    return;

  text = dup_stored_key_text (self);
  adw_action_row_set_subtitle (self->stored_key_row, text);
  gtk_button_set_label (self->reveal_button, _("_Reveal Key"));
  self->key_revealed = FALSE;
}

static void
key_revealed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnairDestinationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = onair_destination_lookup_key_finish (ONAIR_DESTINATION (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      onair_secret_free (key);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), TRUE);
  if (error != NULL)
    {
      onair_destination_dialog_show_error (self, error);
      return;
    }
  if (key == NULL)
    {
      g_autoptr(GError) missing =
        g_error_new_literal (ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_FAILED,
                             _("The keyring holds no key for this destination: type the "
                               "key again and save."));

      onair_destination_dialog_show_error (self, missing);
      return;
    }

  adw_action_row_set_subtitle (self->stored_key_row, key);
  gtk_button_set_label (self->reveal_button, _("_Hide Key"));
  self->key_revealed = TRUE;
  onair_secret_free (key);
}

static void
reveal_clicked_cb (OnairDestinationDialog *self)
{
  if (self->key_revealed)
    {
      hide_key (self);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), FALSE);
  onair_destination_lookup_key_async (self->destination,
                                      onair_application_get_secrets (self->application),
                                      self->cancellable, key_revealed_cb, g_object_ref (self));
}

static void
load_destination (OnairDestinationDialog *self,
                  OnairDestination       *destination)
{
  GListModel *presets = onair_presets_get_default ();
  const char *preset_id = onair_destination_get_preset_id (destination);
  const char *username = onair_destination_get_username (destination);
  const char *stats = onair_destination_get_ingest_stats_url (destination);
  guint index = GTK_INVALID_LIST_POSITION;
  guint custom_index = 0;
  OnairPreset *preset;

  self->destination = g_object_ref (destination);
  self->name_is_default = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) item = g_list_model_get_item (presets, i);

      if (onair_preset_is_custom (item))
        custom_index = i;
      if (g_strcmp0 (onair_preset_get_id (item), preset_id) == 0)
        index = i;
    }
  /* A preset this version does not know: the address is still editable as a custom one. */
  if (index == GTK_INVALID_LIST_POSITION)
    index = custom_index;

  adw_combo_row_set_selected (self->preset_row, index);
  preset_changed_cb (self);

  preset = onair_destination_dialog_get_preset (self);
  if (preset != NULL && onair_preset_is_custom (preset))
    gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                           onair_destination_get_server_url (destination));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), onair_destination_get_name (destination));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->stats_row), stats ? stats : "");
  if (username != NULL)
    adw_preferences_group_set_description (self->login_group,
                                           _("Leave the password empty to keep the stored one."));

  if (onair_destination_has_key (destination))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->stored_key_row), TRUE);
      hide_key (self);
    }

  adw_window_title_set_title (self->window_title, _("Edit Destination"));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Destination"));
  onair_destination_dialog_update_state (self);
}

static void
onair_destination_dialog_dispose (GObject *object)
{
  OnairDestinationDialog *self = ONAIR_DESTINATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  /* A revealed key leaves with the dialog. */
  if (self->stored_key_row != NULL)
    adw_action_row_set_subtitle (self->stored_key_row, "");
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_DESTINATION_DIALOG);
  g_clear_object (&self->server_names);
  g_clear_object (&self->candidate);
  g_clear_object (&self->destination);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (onair_destination_dialog_parent_class)->dispose (object);
}

static void
onair_destination_dialog_finalize (GObject *object)
{
  OnairDestinationDialog *self = ONAIR_DESTINATION_DIALOG (object);

  /* Kept until here: late keyring callbacks check it. */
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_urls, g_ptr_array_unref);
  g_clear_pointer (&self->old_fingerprint, g_free);

  G_OBJECT_CLASS (onair_destination_dialog_parent_class)->finalize (object);
}

static void
onair_destination_dialog_class_init (OnairDestinationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_destination_dialog_dispose;
  object_class->finalize = onair_destination_dialog_finalize;

  /**
   * OnairDestinationDialog::saved:
   * @destination: the destination as saved, in the application's list
   *
   * Emitted when the keyring and the settings hold the destination, just before the
   * dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ONAIR_TYPE_DESTINATION);

  g_type_ensure (ONAIR_TYPE_PRESET);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-destination-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, form_page);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, url_message);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, name_message);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, key_help_button);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, move_key_button);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, key_message);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, stored_key_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, login_group);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, stats_row);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationDialog, stats_message);
  gtk_widget_class_bind_template_callback (widget_class,
                                           onair_destination_dialog_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reveal_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           onair_destination_dialog_move_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onair_destination_dialog_init (OnairDestinationDialog *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  self->cancellable = g_cancellable_new ();
  self->name_is_default = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->server_urls = g_ptr_array_new_with_free_func (g_free);
  self->server_names = gtk_string_list_new (NULL);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  adw_combo_row_set_expression (self->server_row, expression);
  adw_combo_row_set_model (self->server_row, G_LIST_MODEL (self->server_names));
  adw_combo_row_set_model (self->preset_row, onair_presets_get_default ());
  preset_changed_cb (self);

  adw_window_title_set_title (self->window_title, _("Add Destination"));
  gtk_window_set_title (GTK_WINDOW (self), _("Add Destination"));
}

/**
 * onair_destination_dialog_new:
 * @application: the application, for its keyring, destinations and witness events
 * @parent: (nullable): the window the dialog belongs to
 * @destination: (nullable): a destination of the application's list to edit, or %NULL
 *   to add one
 *
 * Returns: (transfer full): the dialog; present it
 */
OnairDestinationDialog *
onair_destination_dialog_new (OnairApplication *application,
                              GtkWindow        *parent,
                              OnairDestination *destination)
{
  OnairDestinationDialog *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (destination == NULL || ONAIR_IS_DESTINATION (destination), NULL);

  self = g_object_new (ONAIR_TYPE_DESTINATION_DIALOG, "transient-for", parent, NULL);
  self->application = g_object_ref (application);

  if (destination != NULL)
    load_destination (self, destination);
  else
    {
      self->candidate = onair_destination_new (NULL);
      onair_destination_dialog_update_state (self);
    }

  return self;
}

/**
 * onair_destination_dialog_get_destination:
 *
 * Returns: (transfer none) (nullable): the destination being edited, %NULL when adding
 */
OnairDestination *
onair_destination_dialog_get_destination (OnairDestinationDialog *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION_DIALOG (self), NULL);
  return self->destination;
}

