/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/destinations/onair-srt-profile.h"
#include "onair-control-room-private.h"
#include "onair-srt-profile-dialog.h"

/* The SRT outputs: a row each, started and stopped with the profile recorded for it. */

static const OnairVmixOutput *
find_output (OnairVmixState *state,
             guint           output)
{
  return state != NULL ? onair_vmix_state_find_output (state, "Output", output + 1) : NULL;
}

static OnairSrtProfile *
find_profile (GPtrArray *profiles,
              guint      output)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      OnairSrtProfile *profile = g_ptr_array_index (profiles, i);

      if (profile->output == output)
        return profile;
    }
  return NULL;
}

static void
srt_edit_clicked_cb (GtkButton        *button,
                     OnairControlRoom *self)
{
  guint output = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "output"));
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  OnairSrtProfileDialog *dialog = onair_srt_profile_dialog_new (self->application, parent,
                                                                output);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
srt_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnairControlRoom) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == onair_controller_start_srt_output_async)
    onair_controller_start_srt_output_finish (ONAIR_CONTROLLER (object), result, &error);
  else
    onair_controller_stop_srt_output_finish (ONAIR_CONTROLLER (object), result, &error);
  if (error != NULL)
    onair_control_room_toast_error (self, error);
}

static void
srt_button_clicked_cb (GtkButton        *button,
                       OnairControlRoom *self)
{
  guint output = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "output"));
  gboolean on = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "on"));
  g_autoptr(GPtrArray) profiles = NULL;
  OnairSrtProfile *profile;

  if (self->controller == NULL)
    return;
  if (on)
    onair_controller_stop_srt_output_async (self->controller, output, self->cancellable,
                                            srt_done_cb, g_object_ref (self));
  else
    {
      profiles = onair_srt_profiles_load (onair_application_get_settings (self->application));
      profile = find_profile (profiles, output);
      onair_controller_start_srt_output_async (self->controller, output, profile,
                                               self->cancellable, srt_done_cb,
                                               g_object_ref (self));
    }
}

void
onair_control_room_update_srt (OnairControlRoom *self,
                               OnairVmixState   *state)
{
  g_autoptr(GPtrArray) profiles =
    onair_srt_profiles_load (onair_application_get_settings (self->application));
  /* vMix 28 may list its outputs; otherwise outputs 1–4 exist from vMix 24, state unknown. */
  guint n_outputs = state != NULL ? onair_vmix_state_get_srt_output_count (state) : 0;

  if (state != NULL && n_outputs == 0)
    adw_preferences_group_set_description (self->srt_group,
                                           _("This vMix has no SRT outputs: they came with "
                                             "vMix 24."));
  else
    adw_preferences_group_set_description (self->srt_group,
                                           _("vMix applies each output's SRT type, latency, "
                                             "passphrase and stream id from its own output "
                                             "settings; Onair shows the profile you recorded "
                                             "for it."));

  while (self->srt_rows->len > n_outputs)
    {
      GtkWidget *row = g_ptr_array_index (self->srt_rows, self->srt_rows->len - 1);

      adw_preferences_group_remove (self->srt_group, row);
      g_ptr_array_remove_index (self->srt_rows, self->srt_rows->len - 1);
    }
  while (self->srt_rows->len < n_outputs)
    {
      guint output = self->srt_rows->len;
      g_autofree char *title = g_strdup_printf (_("Output %u"), output + 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new ();
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      g_autofree char *edit_label = g_strdup_printf (_("Edit the SRT profile of output %u"),
                                                     output + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
      g_object_set_data (G_OBJECT (button), "output", GUINT_TO_POINTER (output));
      g_signal_connect_object (button, "clicked", G_CALLBACK (srt_button_clicked_cb), self, 0);
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_set_tooltip_text (edit, _("Edit Profile"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      edit_label, -1);
      g_object_set_data (G_OBJECT (edit), "output", GUINT_TO_POINTER (output));
      g_signal_connect_object (edit, "clicked", G_CALLBACK (srt_edit_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), "button", button);
      adw_preferences_group_add (self->srt_group, row);
      g_ptr_array_add (self->srt_rows, row);
    }

  for (guint i = 0; i < self->srt_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->srt_rows, i);
      GtkWidget *button = g_object_get_data (G_OBJECT (row), "button");
      const OnairVmixOutput *output = find_output (state, i);
      OnairSrtProfile *profile = find_profile (profiles, i);
      gboolean on = output != NULL && output->srt;
      g_autofree char *state_text = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;

      if (output == NULL)
        state_text = g_strdup (_("SRT state not reported by this vMix"));
      else
        state_text = g_strdup (on ? _("SRT on") : _("SRT off"));
      if (profile != NULL)
        subtitle = g_strdup_printf (_("%s · %s %s · %u ms latency%s"), state_text,
                                    onair_srt_mode_to_string (profile->mode),
                                    profile->address, profile->latency_ms,
                                    profile->has_passphrase ? _(" · encrypted") : "");
      else
        subtitle = g_strdup_printf (_("%s · no profile recorded"), state_text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_button_set_label (GTK_BUTTON (button), on ? _("_Stop SRT") : _("_Start SRT"));
      accessible = g_strdup_printf (on ? _("Stop SRT on output %u") : _("Start SRT on output %u"),
                                    i + 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data (G_OBJECT (button), "on", GUINT_TO_POINTER (on));
      gtk_widget_set_sensitive (button, onair_control_room_is_connected (self));
    }
}
