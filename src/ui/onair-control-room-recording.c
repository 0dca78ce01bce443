/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-control-room-private.h"
#include "onair-widget-util.h"

/* The recording: its row, starting and stopping it, and markers in vMix's recording log. */

/* "21:04:13", local time */
static char *
format_clock (gint64 real_time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (real_time_us / G_USEC_PER_SEC);

  return time ? g_date_time_format (time, "%H:%M:%S") : g_strdup ("––:––:––");
}

void
onair_control_room_update_recording (OnairControlRoom *self,
                                     OnairVmixState   *state)
{
  gboolean recording = state != NULL && onair_vmix_state_get_recording (state);
  const char * const *files = state ? onair_vmix_state_get_recording_files (state) : NULL;
  g_autofree char *joined = NULL;
  gint64 stopped_at_us = 0;
  gint64 stopped_after_s = 0;
  gboolean stopped_outside = !recording && self->controller != NULL &&
    onair_controller_get_recording_stopped_outside (self->controller, &stopped_at_us,
                                                    &stopped_after_s);

  if (recording)
    {
      gint64 duration = onair_vmix_state_get_recording_duration (state);
      g_autofree char *text = onair_control_room_format_duration (duration);
      g_autofree char *subtitle = g_strdup_printf (_("Recording · %s"), text);

      adw_action_row_set_subtitle (self->recording_row, subtitle);
      gtk_button_set_label (self->recording_button, _("_Stop Recording"));
    }
  else
    {
      if (stopped_outside)
        {
          g_autofree char *at = format_clock (stopped_at_us);
          g_autofree char *after = onair_control_room_format_duration (stopped_after_s);
          /* Translators: "Stopped outside Onair at 21:04:13 after 01:02:03" */
          g_autofree char *subtitle = g_strdup_printf (_("Stopped outside Onair at %s after %s"),
                                                       at, after);

          adw_action_row_set_subtitle (self->recording_row, subtitle);
        }
      else
        adw_action_row_set_subtitle (self->recording_row, _("Not recording"));
      gtk_button_set_label (self->recording_button, _("_Start Recording"));
    }
  onair_widget_set_css_class (GTK_WIDGET (self->recording_button), "destructive-action",
                              recording);
  onair_widget_set_css_class (GTK_WIDGET (self->recording_button), "suggested-action",
                              !recording);
  onair_widget_set_css_class (GTK_WIDGET (self->recording_row), "stopped-outside",
                              stopped_outside);
  gtk_widget_set_visible (GTK_WIDGET (self->recording_dismiss_button), stopped_outside);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recording_button),
                            onair_control_room_is_connected (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->marker_row), recording);

  if (files != NULL && files[0] != NULL)
    joined = g_strjoinv ("\n", (char **) files);
  adw_action_row_set_subtitle (self->files_row, joined ? joined : _("None reported"));
}

void
onair_control_room_recording_stopped_outside_cb (OnairControlRoom *self,
                                                 gint64            duration_s,
                                                 OnairController  *controller)
{
  g_autofree char *after = onair_control_room_format_duration (duration_s);
  /* Translators: "The recording was stopped outside Onair after 01:02:03" */
  g_autofree char *text = g_strdup_printf (_("The recording was stopped outside Onair after %s"),
                                           after);

  onair_control_room_toast (self, text);
  onair_control_room_update_recording (self, self->poller ? onair_poller_get_state (self->poller)
                                                          : NULL);
}

void
onair_control_room_recording_dismiss_cb (OnairControlRoom *self)
{
  if (self->controller == NULL)
    return;
  onair_controller_acknowledge_recording_stopped (self->controller);
  onair_control_room_update_recording (self, self->poller ? onair_poller_get_state (self->poller)
                                                          : NULL);
}

static void recording_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
retry_start_recording_cb (OnairControlRoom *self,
                          gpointer          data)
{
  if (self->controller != NULL)
    onair_controller_start_recording_async (self->controller, self->cancellable,
                                            recording_done_cb, g_object_ref (self));
}

static void
retry_stop_recording_cb (OnairControlRoom *self,
                         gpointer          data)
{
  if (self->controller != NULL)
    onair_controller_stop_recording_async (self->controller, self->cancellable,
                                           recording_done_cb, g_object_ref (self));
}

static void
recording_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OnairControlRoom) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == onair_controller_stop_recording_async)
    {
      gint64 duration = onair_controller_stop_recording_finish (ONAIR_CONTROLLER (object),
                                                                result, &error);

      if (error == NULL)
        {
          g_autofree char *text = onair_control_room_format_duration (duration);
          g_autofree char *toast = g_strdup_printf (_("Recording stopped after %s"), text);

          onair_control_room_toast (self, toast);
        }
    }
  else
    onair_controller_start_recording_finish (ONAIR_CONTROLLER (object), result, &error);

  if (error != NULL)
    onair_control_room_toast_retry (self, error,
                                    g_task_get_source_tag (G_TASK (result)) ==
                                      onair_controller_stop_recording_async
                                    ? retry_stop_recording_cb : retry_start_recording_cb,
                                    NULL, NULL);
}

static void
stop_recording_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            OnairControlRoom *self)
{
  if (g_strcmp0 (response, "stop") == 0 && self->controller != NULL)
    onair_controller_stop_recording_async (self->controller, self->cancellable,
                                           recording_done_cb, g_object_ref (self));
}

void
onair_control_room_recording_clicked_cb (OnairControlRoom *self)
{
  OnairVmixState *state = self->poller ? onair_poller_get_state (self->poller) : NULL;
  GtkWidget *dialog;

  if (self->controller == NULL || state == NULL)
    return;
  if (!onair_vmix_state_get_recording (state))
    {
      onair_controller_acknowledge_recording_stopped (self->controller);
      onair_controller_start_recording_async (self->controller, self->cancellable,
                                              recording_done_cb, g_object_ref (self));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Stop Recording?"),
                                   _("vMix closes the file; a new recording starts a new file."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Recording"),
                                    "stop", _("_Stop Recording"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_recording_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
marker_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OnairControlRoom) self = user_data;
  g_autoptr(GError) error = NULL;

  if (onair_controller_write_marker_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->marker_row), "");
      onair_control_room_toast (self, _("Marker written to vMix's recording log"));
    }
  else
    onair_control_room_toast_error (self, error);
}

void
onair_control_room_marker_apply_cb (OnairControlRoom *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->marker_row));

  if (self->controller != NULL)
    onair_controller_write_marker_async (self->controller, text, self->cancellable,
                                         marker_done_cb, g_object_ref (self));
}

/**
 * onair_control_room_toggle_recording:
 *
 * Start Recording, or Stop Recording once confirmed, as the recording's button would.
 *
 * Returns: whether the button could be used
 */
gboolean
onair_control_room_toggle_recording (OnairControlRoom *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), FALSE);

  if (!gtk_widget_is_sensitive (GTK_WIDGET (self->recording_button)))
    return FALSE;
  onair_control_room_recording_clicked_cb (self);
  return TRUE;
}

/**
 * onair_control_room_add_marker:
 *
 * Writes a marker into vMix's recording log now: the text typed in Add Marker, else
 * "Marker 21:04:13".
 *
 * Returns: whether a recording was on to take it
 */
gboolean
onair_control_room_add_marker (OnairControlRoom *self)
{
  const char *typed;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), FALSE);

  if (self->controller == NULL || !gtk_widget_is_sensitive (GTK_WIDGET (self->marker_row)))
    {
      onair_control_room_toast (self, _("Markers go into vMix's recording log: start the "
                                        "recording first"));
      return FALSE;
    }
  typed = gtk_editable_get_text (GTK_EDITABLE (self->marker_row));
  text = g_strstrip (g_strdup (typed));
  if (*text == '\0')
    {
      g_autofree char *now = format_clock (g_get_real_time ());

      g_free (text);
      /* Translators: the text of a marker added with a shortcut, e.g. "Marker 21:04:13" */
      text = g_strdup_printf (_("Marker %s"), now);
    }
  onair_controller_write_marker_async (self->controller, text, self->cancellable,
                                       marker_done_cb, g_object_ref (self));
  return TRUE;
}
