/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-schedule-dialog-private.h"

/*
 * The single streams a schedule starts besides its stream group: a stream channel on a
 * host with its destination, listed with a way to remove each, and added from the hosts
 * and destinations that exist. A stream already in the schedule is not added twice.
 */

static const char *
host_name (OnairScheduleDialog *self,
           const char          *host_id)
{
  OnairVmixSession *session = onair_fleet_lookup (onair_application_get_fleet (self->application),
                                                  host_id);

  return session != NULL ? onair_vmix_session_get_name (session) : host_id;
}

static void
rebuild_streams (OnairScheduleDialog *self)
{
  OnairDestinationList *destinations = onair_application_get_destinations (self->application);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->streams_list))) != NULL)
    gtk_list_box_remove (self->streams_list, child);

  for (guint i = 0; i < self->schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (self->schedule->members, i);
      OnairDestination *destination = destinations
        ? onair_destination_list_lookup (destinations, member->destination_id) : NULL;
      /* Translators: a scheduled stream, "Stream 2 on Main" */
      g_autofree char *title = g_strdup_printf (_("Stream %u on %s"), member->channel + 1,
                                                host_name (self, member->host_id));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   destination != NULL
                                     ? onair_destination_get_name (destination)
                                     : _("Its destination no longer exists: remove this stream"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove Stream"));
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "schedule-dialog.remove-stream");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->streams_list, row);
    }
}

static void
add_stream_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OnairScheduleDialog *self = ONAIR_SCHEDULE_DIALOG (widget);
  guint host = adw_combo_row_get_selected (self->stream_host_row);
  guint destination = adw_combo_row_get_selected (self->stream_destination_row);
  guint channel = gtk_spin_button_get_value_as_int (self->stream_channel_spin) - 1;
  const char *host_id;

  if (host == GTK_INVALID_LIST_POSITION || host >= self->stream_host_ids->len)
    {
      onair_schedule_dialog_show_error (self, _("Add a vMix host in Preferences first."));
      return;
    }
  if (destination == GTK_INVALID_LIST_POSITION || destination >= self->destination_ids->len)
    {
      onair_schedule_dialog_show_error (self, _("Add a destination on the Destinations page "
                                                "first."));
      return;
    }
  host_id = g_ptr_array_index (self->stream_host_ids, host);
  for (guint i = 0; i < self->schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (self->schedule->members, i);

      if (g_strcmp0 (member->host_id, host_id) == 0 && member->channel == channel)
        {
          g_autofree char *message =
            /* Translators: "Stream 2 on Main is already in this schedule." */
            g_strdup_printf (_("Stream %u on %s is already in this schedule."), channel + 1,
                             host_name (self, host_id));

          onair_schedule_dialog_show_error (self, message);
          return;
        }
    }
  onair_schedule_add_member (self->schedule, host_id, channel,
                             g_ptr_array_index (self->destination_ids, destination));
  onair_schedule_dialog_show_error (self, NULL);
  rebuild_streams (self);
}

static void
remove_stream_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OnairScheduleDialog *self = ONAIR_SCHEDULE_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index < self->schedule->members->len)
    g_ptr_array_remove_index (self->schedule->members, index);
  rebuild_streams (self);
}

void
onair_schedule_dialog_class_init_streams (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "schedule-dialog.add-stream", NULL,
                                   add_stream_action);
  gtk_widget_class_install_action (widget_class, "schedule-dialog.remove-stream", "u",
                                   remove_stream_action);
}

/* The hosts and destinations to choose from, and the schedule's streams. */
void
onair_schedule_dialog_fill_streams (OnairScheduleDialog *self)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  OnairDestinationList *destinations = onair_application_get_destinations (self->application);
  g_autoptr(GtkStringList) hosts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  for (guint i = 0; i < g_list_model_get_n_items (fleet); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, i);

      gtk_string_list_append (hosts, onair_vmix_session_get_name (session));
      g_ptr_array_add (self->stream_host_ids, g_strdup (onair_vmix_session_get_id (session)));
    }
  adw_combo_row_set_model (self->stream_host_row, G_LIST_MODEL (hosts));

  for (guint i = 0; destinations != NULL &&
                    i < g_list_model_get_n_items (G_LIST_MODEL (destinations)); i++)
    {
      g_autoptr(OnairDestination) destination = g_list_model_get_item (G_LIST_MODEL (destinations),
                                                                       i);

      gtk_string_list_append (names, onair_destination_get_name (destination));
      g_ptr_array_add (self->destination_ids, g_strdup (onair_destination_get_id (destination)));
    }
  adw_combo_row_set_model (self->stream_destination_row, G_LIST_MODEL (names));

  placeholder = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (placeholder), _("No single streams"));
  gtk_list_box_set_placeholder (self->streams_list, placeholder);
  rebuild_streams (self);
}
