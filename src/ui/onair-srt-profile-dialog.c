/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/destinations/onair-srt-profile.h"
#include "core/show/onair-controller.h"
#include "onair-srt-profile-dialog.h"

struct _OnairSrtProfileDialog
{
  AdwWindow            parent_instance;

  OnairApplication    *application;
  GCancellable        *cancellable;
  guint                output;
  gboolean             had_passphrase;

  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *group;
  GtkButton           *save_button;
  AdwComboRow         *mode_row;
  AdwEntryRow         *address_row;
  GtkSpinButton       *latency_spin;
  AdwEntryRow         *stream_id_row;
  AdwPasswordEntryRow *passphrase_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (OnairSrtProfileDialog, onair_srt_profile_dialog, ADW_TYPE_WINDOW)

static OnairSrtProfile *
profile_from_rows (OnairSrtProfileDialog *self)
{
  const char *stream_id = gtk_editable_get_text (GTK_EDITABLE (self->stream_id_row));
  OnairSrtProfile *profile;

  profile = onair_srt_profile_new (adw_combo_row_get_selected (self->mode_row),
                                   gtk_editable_get_text (GTK_EDITABLE (self->address_row)),
                                   (guint) gtk_spin_button_get_value_as_int (self->latency_spin),
                                   *stream_id != '\0' ? stream_id : NULL);
  profile->output = self->output;
  return profile;
}

static gboolean
validate_cb (OnairSrtProfileDialog *self)
{
  g_autoptr(OnairSrtProfile) profile = profile_from_rows (self);
  g_autoptr(GError) error = NULL;
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  gboolean valid = onair_srt_profile_validate (profile, passphrase, &error);

  gtk_label_set_label (self->error_label, valid ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), valid);
  return valid;
}

static void
save_profile (OnairSrtProfileDialog *self,
              OnairSrtProfile       *profile)
{
  GSettings *settings = onair_application_get_settings (self->application);
  g_autoptr(GPtrArray) profiles = onair_srt_profiles_load (settings);
  g_autoptr(JsonObject) params = json_object_new ();

  for (guint i = 0; i < profiles->len; i++)
    if (((OnairSrtProfile *) profiles->pdata[i])->output == self->output)
      g_ptr_array_remove_index (profiles, i--);
  g_ptr_array_add (profiles, onair_srt_profile_copy (profile));
  onair_srt_profiles_save (settings, profiles);

  json_object_set_string_member (params, "key", "srt-profiles");
  json_object_set_int_member (params, "output", self->output);
  json_object_set_object_member (params, "profile", onair_srt_profile_to_witness (profile));
  onair_application_record_event (self->application, "settings_changed", params, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

typedef struct
{
  OnairSrtProfileDialog *self;
  OnairSrtProfile       *profile;
} SaveData;

static void
passphrase_stored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(OnairSrtProfileDialog) self = data->self;
  g_autoptr(OnairSrtProfile) profile = data->profile;
  g_autoptr(GError) error = NULL;

  g_free (data);
  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
        }
      return;
    }
  save_profile (self, profile);
}

/**
 * onair_srt_profile_dialog_save:
 *
 * Validates, keeps a typed passphrase in the keyring, and records the profile.
 */
void
onair_srt_profile_dialog_save (OnairSrtProfileDialog *self)
{
  g_autoptr(OnairSrtProfile) profile = NULL;
  const char *passphrase;
  g_autofree char *id = NULL;
  SaveData *data;

  g_return_if_fail (ONAIR_IS_SRT_PROFILE_DIALOG (self));

  if (!validate_cb (self))
    return;
  profile = profile_from_rows (self);
  passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  profile->has_passphrase = self->had_passphrase || *passphrase != '\0';
  if (*passphrase == '\0')
    {
      save_profile (self, profile);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  id = g_strdup_printf ("output-%u", self->output);
  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->profile = g_steal_pointer (&profile);
  onair_secret_store_store_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_SRT_PASSPHRASE, id,
                                  _("Onair SRT passphrase"), passphrase, self->cancellable,
                                  passphrase_stored_cb, data);
}

static void
onair_srt_profile_dialog_dispose (GObject *object)
{
  OnairSrtProfileDialog *self = ONAIR_SRT_PROFILE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_SRT_PROFILE_DIALOG);

  G_OBJECT_CLASS (onair_srt_profile_dialog_parent_class)->dispose (object);
}

static void
onair_srt_profile_dialog_finalize (GObject *object)
{
  OnairSrtProfileDialog *self = ONAIR_SRT_PROFILE_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_srt_profile_dialog_parent_class)->finalize (object);
}

static void
onair_srt_profile_dialog_class_init (OnairSrtProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_srt_profile_dialog_dispose;
  object_class->finalize = onair_srt_profile_dialog_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-srt-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, group);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, latency_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, stream_id_row);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, OnairSrtProfileDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, onair_srt_profile_dialog_save);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onair_srt_profile_dialog_init (OnairSrtProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * onair_srt_profile_dialog_new:
 * @output: 0-based vMix output
 *
 * Returns: (transfer floating): a dialog to record the SRT profile of @output
 */
OnairSrtProfileDialog *
onair_srt_profile_dialog_new (OnairApplication *application,
                              GtkWindow        *parent,
                              guint             output)
{
  OnairSrtProfileDialog *self;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_SRT_PROFILE_DIALOG, "transient-for", parent, NULL);
  self->application = g_object_ref (application);
  self->output = output;
  title = g_strdup_printf (_("SRT Profile of Output %u"), output + 1);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_preferences_group_set_title (self->group, title);

  profiles = onair_srt_profiles_load (onair_application_get_settings (application));
  for (guint i = 0; i < profiles->len; i++)
    {
      OnairSrtProfile *profile = g_ptr_array_index (profiles, i);

      if (profile->output != output)
        continue;
      adw_combo_row_set_selected (self->mode_row, profile->mode);
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), profile->address);
      gtk_spin_button_set_value (self->latency_spin, profile->latency_ms);
      gtk_editable_set_text (GTK_EDITABLE (self->stream_id_row),
                             profile->stream_id ? profile->stream_id : "");
      self->had_passphrase = profile->has_passphrase;
      if (profile->has_passphrase)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->passphrase_row),
                                       _("Passphrase (kept in the keyring; type to replace)"));
    }
  validate_cb (self);
  return self;
}
