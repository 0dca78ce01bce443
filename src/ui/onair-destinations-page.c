/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/destinations/onair-presets.h"
#include "core/witness/onair-witness-event.h"
#include "onair-destination-dialog.h"
#include "onair-destinations-page.h"
#include "onair-window.h"

/*
 * The producer's destinations: one row each, with the platform, the server and the
 * key's fingerprint (never the key), and the ways to add, edit and delete them.
 */

struct _OnairDestinationsPage
{
  GtkWidget             parent_instance;

  OnairApplication     *application;
  OnairDestinationList *destinations;
  GCancellable         *cancellable;

  GtkStack             *stack;
  GtkListBox           *list_box;
};

G_DEFINE_FINAL_TYPE (OnairDestinationsPage, onair_destinations_page, GTK_TYPE_WIDGET)

static GtkWindow *
get_parent_window (OnairDestinationsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_toast (OnairDestinationsPage *self,
           const char            *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (ONAIR_IS_WINDOW (root))
    onair_window_add_toast (ONAIR_WINDOW (root), escaped);
}

/* Rows */

static void
update_row (AdwActionRow     *row,
            GParamSpec       *pspec,
            OnairDestination *destination)
{
  OnairPreset *preset = onair_presets_lookup (onair_destination_get_preset_id (destination));
  const char *url = onair_destination_get_server_url (destination);
  g_autofree char *server = onair_witness_redact_url (url);
  g_autofree char *key_state = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;
  const char *name = onair_destination_get_name (destination);

  if (onair_destination_has_key (destination))
    /* Translators: %s is a key fingerprint such as 1a2b3c4d, never the key */
    key_state = g_strdup_printf (_("Key set (fingerprint %s)"),
                                 onair_destination_get_key_fingerprint (destination));
  else
    key_state = g_strdup (_("No key"));

  /* Translators: platform · server address, then on a second line whether a key is set */
  subtitle = g_strdup_printf (_("%s · %s\n%s"),
                              preset ? onair_preset_get_name (preset) : _("Unknown platform"),
                              server, key_state);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (row, subtitle);

  edit_label = g_strdup_printf (_("Edit “%s”"), name);
  delete_label = g_strdup_printf (_("Delete “%s”"), name);
  gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "edit-button"),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "delete-button"),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
}

static GtkWidget *
new_row_button (const char *icon_name,
                const char *tooltip,
                const char *action_name,
                const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  OnairDestination *destination = item;
  const char *id = onair_destination_get_id (destination);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit_button = new_row_button ("document-edit-symbolic", _("Edit"),
                                           "destination.edit", id);
  GtkWidget *delete_button = new_row_button ("user-trash-symbolic", _("Delete"),
                                             "destination.delete", id);

  /* Names and addresses are the producer's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit_button);
  g_object_set_data (G_OBJECT (row), "edit-button", edit_button);
  g_object_set_data (G_OBJECT (row), "delete-button", delete_button);
  g_object_set_data_full (G_OBJECT (row), "destination", g_object_ref (destination),
                          g_object_unref);

  /* Edits change the destination in place: the row follows. */
  g_signal_connect_object (destination, "notify", G_CALLBACK (update_row), row,
                           G_CONNECT_SWAPPED);
  update_row (ADW_ACTION_ROW (row), NULL, destination);
  return row;
}

static void
items_changed_cb (OnairDestinationsPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->destinations)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

/* Add and edit */

static void
destination_saved_cb (OnairDestinationsPage *self,
                      OnairDestination      *destination)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("“%s” saved"), onair_destination_get_name (destination));

  add_toast (self, text);
}

static void
open_dialog (OnairDestinationsPage *self,
             OnairDestination      *destination)
{
  OnairDestinationDialog *dialog;

  dialog = onair_destination_dialog_new (self->application, get_parent_window (self), destination);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (destination_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (ONAIR_DESTINATIONS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OnairDestinationsPage *self = ONAIR_DESTINATIONS_PAGE (widget);
  OnairDestination *destination;

  destination = onair_destination_list_lookup (self->destinations,
                                               g_variant_get_string (parameter, NULL));
  if (destination != NULL)
    open_dialog (self, destination);
}

/* Delete */

typedef struct
{
  OnairDestinationsPage *self;
  OnairDestination      *destination;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->destination);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  OnairDestinationsPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *text = NULL;

  if (!onair_destination_list_delete_finish (ONAIR_DESTINATION_LIST (object), result, &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        add_toast (self, error->message);
      return;
    }

  if (!onair_destination_list_save (ONAIR_DESTINATION_LIST (object),
                                    onair_application_get_settings (self->application)))
    g_warning ("The destinations could not be saved: the settings key is not writable");

  params = json_object_new ();
  json_object_set_string_member (params, "id", onair_destination_get_id (data->destination));
  json_object_set_string_member (params, "name", onair_destination_get_name (data->destination));
  onair_application_record_event (self->application, "destination_deleted", params, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  text = g_strdup_printf (_("“%s” deleted"), onair_destination_get_name (data->destination));
  add_toast (self, text);
}

static void
delete_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    OnairDestinationsPage *self)
{
  OnairDestination *destination = g_object_get_data (G_OBJECT (dialog), "destination");
  DeleteData *data;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->destination = g_object_ref (destination);
  onair_destination_list_delete_async (self->destinations, destination,
                                       onair_application_get_secrets (self->application),
                                       self->cancellable, deleted_cb, data);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnairDestinationsPage *self = ONAIR_DESTINATIONS_PAGE (widget);
  OnairDestination *destination;
  g_autofree char *heading = NULL;
  const char *body;
  GtkWidget *dialog;

  destination = onair_destination_list_lookup (self->destinations,
                                               g_variant_get_string (parameter, NULL));
  if (destination == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), onair_destination_get_name (destination));
  if (onair_destination_get_username (destination) != NULL)
    body = _("Its stream key and server password are removed from the keyring. A stream "
             "already running to it keeps running.");
  else
    body = _("Its stream key is removed from the keyring. A stream already running to it "
             "keeps running.");
  dialog = adw_message_dialog_new (get_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "destination", g_object_ref (destination),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
onair_destinations_page_dispose (GObject *object)
{
  OnairDestinationsPage *self = ONAIR_DESTINATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_DESTINATIONS_PAGE);
  g_clear_object (&self->destinations);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (onair_destinations_page_parent_class)->dispose (object);
}

static void
onair_destinations_page_finalize (GObject *object)
{
  OnairDestinationsPage *self = ONAIR_DESTINATIONS_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_destinations_page_parent_class)->finalize (object);
}

static void
onair_destinations_page_class_init (OnairDestinationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_destinations_page_dispose;
  object_class->finalize = onair_destinations_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-destinations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OnairDestinationsPage, list_box);

  gtk_widget_class_install_action (widget_class, "destinations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "destination.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "destination.delete", "s", delete_action);
}

static void
onair_destinations_page_init (OnairDestinationsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_destinations_page_new:
 * @application: the application whose destinations the page shows
 *
 * Returns: (transfer full): the page, for onair_window_add_page()
 */
OnairDestinationsPage *
onair_destinations_page_new (OnairApplication *application)
{
  OnairDestinationsPage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_DESTINATIONS_PAGE, NULL);
  self->application = g_object_ref (application);
  self->destinations = g_object_ref (onair_application_get_destinations (application));

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->destinations),
                           create_row_cb, self, NULL);
  g_signal_connect_object (self->destinations, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  items_changed_cb (self);

  return self;
}
