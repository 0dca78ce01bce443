/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/show/onair-stream-group.h"
#include "onair-overview-page-private.h"
#include "onair-window.h"

/*
 * The Overview's stream groups: one row per group from the settings, with Go Live and Stop
 * (confirmed first). The fleet starts or stops every member on its own host; the outcome is a
 * toast when every member is confirmed, and a dialog listing every member otherwise: a
 * partial start is never hidden.
 */

static char *
describe_member (OnairOverviewPage            *self,
                 const OnairStreamGroupMember *member)
{
  OnairVmixSession *session = onair_fleet_lookup (self->fleet, member->host_id);
  OnairDestination *destination =
    onair_destination_list_lookup (onair_application_get_destinations (self->application),
                                   member->destination_id);

  /* Translators: a member of a stream group: "Backup · Stream 1 → YouTube" */
  return g_strdup_printf (_("%s · Stream %u → %s"),
                          session ? onair_vmix_session_get_name (session) : member->host_id,
                          member->channel + 1,
                          destination ? onair_destination_get_name (destination)
                                      : _("a removed destination"));
}

static void
show_outcomes (OnairOverviewPage      *self,
               const OnairStreamGroup *group,
               gboolean                start,
               GPtrArray              *outcomes,
               const GError           *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  guint n_failed = 0;
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !GTK_IS_WINDOW (root))
    return;

  for (guint i = 0; outcomes != NULL && i < outcomes->len; i++)
    {
      OnairStreamGroupOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autofree char *member = describe_member (self, &outcome->member);

      if (body->len > 0)
        g_string_append (body, "\n");
      if (outcome->error != NULL)
        {
          n_failed++;
          /* Translators: a member that failed, and why */
          g_string_append_printf (body, _("✗ %s: %s"), member, outcome->error->message);
        }
      else
        g_string_append_printf (body, start ? _("✓ %s: live") : _("✓ %s: stopped"), member);
    }

  if (error == NULL && n_failed == 0)
    {
      g_autofree char *toast = NULL;

      if (start)
        toast = g_strdup_printf (ngettext ("“%s” is live: its stream is confirmed",
                                           "“%s” is live: all %u streams are confirmed",
                                           outcomes->len), group->name, outcomes->len);
      else
        toast = g_strdup_printf (_("“%s” stopped on every host"), group->name);
      if (ONAIR_IS_WINDOW (root))
        onair_window_add_toast (ONAIR_WINDOW (root), toast);
      return;
    }

  /* A partial start is never hidden: a dialog lists every member. */
  if (error != NULL)
    {
      heading = g_strdup_printf (start ? _("“%s” Did Not Go Live") : _("“%s” Did Not Stop"),
                                 group->name);
      g_string_assign (body, error->message);
    }
  else if (n_failed == outcomes->len)
    heading = g_strdup_printf (start ? _("“%s” Did Not Go Live") : _("“%s” Did Not Stop"),
                               group->name);
  else
    heading = g_strdup_printf (start ? _("“%s” Is Only Partly Live")
                                     : _("“%s” Stopped Only Partly"),
                               group->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_widget_add_css_class (dialog, "group-outcome");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
group_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;   /* carries the page and the group */
  OnairOverviewPage *self = g_task_get_source_object (task);
  const OnairStreamGroup *group = g_task_get_task_data (task);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean start = g_task_get_source_tag (task) == onair_fleet_start_group_async;

  outcomes = onair_fleet_group_finish (ONAIR_FLEET (object), result, &error);
  show_outcomes (self, group, start, outcomes, error);
  onair_overview_page_refresh_tiles (self);
}

static void
run_group (OnairOverviewPage      *self,
           const OnairStreamGroup *group,
           gboolean                start)
{
  /* A task only to keep the page and a copy of the group until the fleet answers. */
  GTask *task = g_task_new (self, NULL, NULL, NULL);

  g_task_set_task_data (task, onair_stream_group_copy (group),
                        (GDestroyNotify) onair_stream_group_free);
  g_task_set_source_tag (task, start ? (gpointer) onair_fleet_start_group_async
                                     : (gpointer) onair_fleet_stop_group_async);
  if (start)
    onair_fleet_start_group_async (self->fleet, group,
                                   onair_application_get_destinations (self->application),
                                   self->cancellable, group_done_cb, task);
  else
    onair_fleet_stop_group_async (self->fleet, group, self->cancellable, group_done_cb, task);
}

static void
group_go_live_cb (GtkButton         *button,
                  OnairOverviewPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "group"));

  if (index < self->groups->len)
    run_group (self, g_ptr_array_index (self->groups, index), TRUE);
}

static void
stop_group_response_cb (AdwMessageDialog  *dialog,
                        const char        *response,
                        OnairOverviewPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "group-id");

  if (g_strcmp0 (response, "stop") != 0)
    return;
  for (guint i = 0; i < self->groups->len; i++)
    {
      OnairStreamGroup *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, id) == 0)
        run_group (self, group, FALSE);
    }
}

static void
group_stop_cb (GtkButton         *button,
               OnairOverviewPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "group"));
  OnairStreamGroup *group;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (index >= self->groups->len)
    return;
  group = g_ptr_array_index (self->groups, index);
  heading = g_strdup_printf (_("Stop “%s”?"), group->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Every stream of the group stops, on every host: viewers "
                                     "will see the streams end."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Streaming"),
                                    "stop", _("_Stop Group"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "group-id", g_strdup (group->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_group_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
onair_overview_page_rebuild_groups (OnairOverviewPage *self)
{
  GSettings *settings = onair_application_get_settings (self->application);
  g_autoptr(GVariant) value = g_settings_get_value (settings, "stream-groups");
  GVariantIter iter;
  GVariant *child;

  for (guint i = 0; i < self->group_rows->len; i++)
    adw_preferences_group_remove (self->groups_group, g_ptr_array_index (self->group_rows, i));
  g_ptr_array_set_size (self->group_rows, 0);
  g_ptr_array_set_size (self->groups, 0);

  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      OnairStreamGroup *group = onair_stream_group_new_from_variant (child, &error);

      g_variant_unref (child);
      if (group == NULL)
        g_warning ("A stream group in the settings is not usable: %s", error->message);
      else
        g_ptr_array_add (self->groups, group);
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      OnairStreamGroup *group = g_ptr_array_index (self->groups, i);
      g_autoptr(GString) members = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *go_live = gtk_button_new_with_mnemonic (_("_Go Live"));
      GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop"));
      g_autofree char *go_live_label = g_strdup_printf (_("Go live with “%s”"), group->name);
      g_autofree char *stop_label = g_strdup_printf (_("Stop “%s”"), group->name);

      for (guint j = 0; j < group->members->len; j++)
        {
          g_autofree char *member = describe_member (self, g_ptr_array_index (group->members, j));

          if (members->len > 0)
            g_string_append_c (members, '\n');
          g_string_append (members, member);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), group->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), members->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (stop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      stop_label, -1);
      g_object_set_data (G_OBJECT (stop), "group", GUINT_TO_POINTER (i));
      g_signal_connect_object (stop, "clicked", G_CALLBACK (group_stop_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), stop);

      gtk_widget_set_valign (go_live, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (go_live, "suggested-action");
      gtk_accessible_update_property (GTK_ACCESSIBLE (go_live), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      go_live_label, -1);
      g_object_set_data (G_OBJECT (go_live), "group", GUINT_TO_POINTER (i));
      g_signal_connect_object (go_live, "clicked", G_CALLBACK (group_go_live_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), go_live);

      adw_preferences_group_add (self->groups_group, row);
      g_ptr_array_add (self->group_rows, row);
    }
  gtk_widget_set_visible (self->no_groups_row, self->groups->len == 0);
}
