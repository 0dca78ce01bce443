/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/witness/onair-witness-event.h"
#include "onair-destination-dialog-private.h"

/*
 * Saving a destination, in an order that never leaves the settings pointing at a key the
 * keyring does not hold: the key, then the server password, then the list; each step
 * recorded in the witness log with fingerprints only.
 */

void
onair_destination_dialog_set_saving (OnairDestinationDialog *self,
                                     gboolean                saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_page), !saving);
  onair_destination_dialog_update_state (self);
}

static void
record_saved (OnairDestinationDialog *self,
              OnairDestination       *destination)
{
  g_autoptr(JsonObject) params = json_object_new ();
  const char *url = onair_destination_get_server_url (destination);
  g_autofree char *server = onair_witness_redact_url (url);
  const char *fingerprint = onair_destination_get_key_fingerprint (destination);

  json_object_set_string_member (params, "id", onair_destination_get_id (destination));
  json_object_set_string_member (params, "name", onair_destination_get_name (destination));
  json_object_set_string_member (params, "preset", onair_destination_get_preset_id (destination));
  json_object_set_string_member (params, "server", server);
  if (fingerprint != NULL)
    json_object_set_string_member (params, "key_fingerprint", fingerprint);
  else
    json_object_set_null_member (params, "key_fingerprint");
  onair_application_record_event (self->application, "destination_saved", params, NULL);
}

static void
record_key_changed (OnairDestinationDialog *self,
                    OnairDestination       *destination)
{
  g_autoptr(JsonObject) params = json_object_new ();

  json_object_set_string_member (params, "destination_id", onair_destination_get_id (destination));
  json_object_set_string_member (params, "name", onair_destination_get_name (destination));
  json_object_set_string_member (params, "old_key_fingerprint", self->old_fingerprint);
  json_object_set_string_member (params, "new_key_fingerprint",
                                 onair_destination_get_key_fingerprint (destination));
  onair_application_record_event (self->application, "stream_key_changed", params, NULL);
}

static void
finish_save (OnairDestinationDialog *self)
{
  OnairDestinationList *list = onair_application_get_destinations (self->application);
  GSettings *settings = onair_application_get_settings (self->application);
  OnairDestination *saved;

  if (self->destination != NULL)
    {
      saved = self->destination;
      g_object_freeze_notify (G_OBJECT (saved));
      onair_destination_set_preset_id (saved, onair_destination_get_preset_id (self->candidate));
      onair_destination_set_name (saved, onair_destination_get_name (self->candidate));
      onair_destination_set_server_url (saved, onair_destination_get_server_url (self->candidate));
      onair_destination_set_username (saved, onair_destination_get_username (self->candidate));
      onair_destination_set_ingest_stats_url (
        saved, onair_destination_get_ingest_stats_url (self->candidate));
      g_object_thaw_notify (G_OBJECT (saved));
    }
  else
    {
      saved = self->candidate;
      onair_destination_list_add (list, saved);
    }

  if (!onair_destination_list_save (list, settings))
    g_warning ("The destinations could not be saved: the settings key is not writable");

  record_saved (self, saved);
  if (self->key_stored && self->old_fingerprint != NULL)
    record_key_changed (self, saved);

  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit_by_name (self, "saved", saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
password_done (OnairDestinationDialog *self,
               gboolean                success,
               GError                 *error)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!success)
    {
      onair_destination_dialog_show_error (self, error);
      onair_destination_dialog_set_saving (self, FALSE);
      return;
    }
  finish_save (self);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairDestinationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success;

  success = onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error);
  password_done (self, success, error);
}

static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnairDestinationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean success;

  success = onair_secret_store_clear_finish (ONAIR_SECRET_STORE (object), result, &error);
  password_done (self, success, error);
}

static void
store_password (OnairDestinationDialog *self)
{
  OnairSecretStore *secrets = onair_application_get_secrets (self->application);
  OnairPreset *preset = onair_destination_dialog_get_preset (self);
  const char *id = onair_destination_get_id (self->candidate);
  const char *username = onair_destination_get_username (self->candidate);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean uses_password = preset != NULL && onair_preset_get_uses_password (preset);

  if (username != NULL && uses_password && *password != '\0')
    onair_secret_store_store_async (secrets, ONAIR_SECRET_KIND_STREAM_PASSWORD, id, NULL,
                                    password, self->cancellable, password_stored_cb,
                                    g_object_ref (self));
  else if (self->destination != NULL && (username == NULL || !uses_password) &&
           onair_destination_get_username (self->destination) != NULL)
    /* The server no longer asks for a login: its password goes too. */
    onair_secret_store_clear_async (secrets, ONAIR_SECRET_KIND_STREAM_PASSWORD, id,
                                    self->cancellable, password_cleared_cb, g_object_ref (self));
  else
    finish_save (self);
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnairDestinationDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_destination_store_key_finish (ONAIR_DESTINATION (object), result, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      onair_destination_dialog_show_error (self, error);
      onair_destination_dialog_set_saving (self, FALSE);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->key_stored = TRUE;
  store_password (self);
}

static void
store_key (OnairDestinationDialog *self)
{
  OnairDestination *target = self->destination != NULL ? self->destination : self->candidate;
  char *key = onair_destination_dialog_dup_text (self->key_row);

  self->key_stored = FALSE;
  if (*key == '\0')
    store_password (self);
  else
    onair_destination_store_key_async (target, onair_application_get_secrets (self->application),
                                       key, self->cancellable, key_stored_cb, g_object_ref (self));
  onair_secret_free (key);
}

static OnairDestination *
copy_destination (OnairDestination *destination)
{
  g_autoptr(GVariant) variant = g_variant_ref_sink (onair_destination_to_variant (destination));

  return onair_destination_new_from_variant (variant, NULL);
}

/**
 * onair_destination_dialog_save_clicked_cb:
 *
 * Saves the destination: key to the keyring, then the server password, then the list to
 * the settings. A form with anything wrong saves nothing and says what, next to the field.
 */
void
onair_destination_dialog_save_clicked_cb (OnairDestinationDialog *self)
{
  OnairPreset *preset = onair_destination_dialog_get_preset (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *stats = NULL;

  if (self->saving || preset == NULL)
    return;
  /* Save is off while the form is wrong; a call that comes anyway is refused the same. */
  self->key_touched = TRUE;
  if (!onair_destination_dialog_update_state (self))
    return;

  if (self->destination != NULL)
    {
      g_clear_object (&self->candidate);
      self->candidate = copy_destination (self->destination);
      g_assert (self->candidate != NULL);
    }

  name = onair_destination_dialog_dup_text (self->name_row);
  url = onair_destination_dialog_dup_server_url (self);
  username = onair_destination_dialog_dup_text (self->username_row);
  stats = onair_destination_dialog_dup_text (self->stats_row);

  onair_destination_set_preset_id (self->candidate, onair_preset_get_id (preset));
  onair_destination_set_name (self->candidate, name);
  onair_destination_set_server_url (self->candidate, url);
  onair_destination_set_username (self->candidate,
                                  onair_preset_get_uses_username (preset) ? username : NULL);
  onair_destination_set_ingest_stats_url (self->candidate, stats);

  if (!onair_destination_validate (self->candidate, NULL, &error))
    {
      onair_destination_dialog_show_error (self, error);
      return;
    }

  g_clear_pointer (&self->old_fingerprint, g_free);
  if (self->destination != NULL)
    self->old_fingerprint = g_strdup (onair_destination_get_key_fingerprint (self->destination));

  onair_destination_dialog_set_saving (self, TRUE);
  store_key (self);
}

