/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "onair-schedule-dialog-private.h"

/*
 * Adding or editing a schedule: its name, when (every week on chosen days, or once on a
 * date), how long (a duration or an end time), the pre-flight lead, and what starts: a
 * stream group, single streams (onair-schedule-dialog-streams.c) and the recording on
 * chosen hosts. Saving validates it (a name, days chosen, the end after the start, targets
 * that exist) and says what to change.
 */

G_DEFINE_FINAL_TYPE (OnairScheduleDialog, onair_schedule_dialog, ADW_TYPE_WINDOW)

static const char * const day_labels[] = {
  N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
};

static void
repeat_changed_cb (OnairScheduleDialog *self)
{
  gboolean once = adw_combo_row_get_selected (self->repeat_row) == 1;

  gtk_widget_set_visible (GTK_WIDGET (self->days_row), !once);
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), once);
}

static void
end_changed_cb (OnairScheduleDialog *self)
{
  gboolean at_time = adw_combo_row_get_selected (self->end_row) == 1;

  if (at_time && !self->end_time_known)
    {
      /* Offered: the end the duration gives. */
      int end = gtk_spin_button_get_value_as_int (self->hour_spin) * 60 +
                gtk_spin_button_get_value_as_int (self->minute_spin) +
                gtk_spin_button_get_value_as_int (self->duration_spin);

      end = MIN (end, 23 * 60 + 59);
      gtk_spin_button_set_value (self->end_hour_spin, end / 60);
      gtk_spin_button_set_value (self->end_minute_spin, end % 60);
      self->end_time_known = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duration_row), !at_time);
  gtk_widget_set_visible (GTK_WIDGET (self->end_time_row), at_time);
}

void
onair_schedule_dialog_show_error (OnairScheduleDialog *self,
                                  const char          *message)
{
  GtkWidget *scrolled;

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* The error is under the name: brought into view from wherever the producer is. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->error_label), GTK_TYPE_SCROLLED_WINDOW);
  if (message != NULL && scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              0);
}

/* The dialog's fields into self->schedule. */
static void
read_fields (OnairScheduleDialog *self)
{
  OnairSchedule *schedule = self->schedule;
  guint group = adw_combo_row_get_selected (self->group_row);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();

  g_free (schedule->name);
  schedule->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  schedule->repeat = adw_combo_row_get_selected (self->repeat_row) == 1 ? ONAIR_SCHEDULE_ONCE
                                                                        : ONAIR_SCHEDULE_WEEKLY;
  schedule->weekdays = 0;
  for (guint i = 0; i < self->day_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->day_buttons, i)))
      schedule->weekdays |= 1u << (G_DATE_MONDAY + i);
  schedule->year = schedule->month = schedule->day = 0;
  if (sscanf (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), "%d-%d-%d",
              &schedule->year, &schedule->month, &schedule->day) != 3)
    schedule->year = schedule->month = schedule->day = 0;
  schedule->hour = gtk_spin_button_get_value_as_int (self->hour_spin);
  schedule->minute = gtk_spin_button_get_value_as_int (self->minute_spin);
  if (adw_combo_row_get_selected (self->end_row) == 1)
    {
      schedule->duration_minutes = 0;
      schedule->end_hour = gtk_spin_button_get_value_as_int (self->end_hour_spin);
      schedule->end_minute = gtk_spin_button_get_value_as_int (self->end_minute_spin);
    }
  else
    schedule->duration_minutes = gtk_spin_button_get_value_as_int (self->duration_spin);
  schedule->lead_minutes = gtk_spin_button_get_value_as_int (self->lead_spin);
  g_clear_pointer (&schedule->group_id, g_free);
  if (group > 0 && group < self->group_ids->len)
    schedule->group_id = g_strdup (g_ptr_array_index (self->group_ids, group));
  for (guint i = 0; i < self->host_switches->len; i++)
    {
      GtkSwitch *sw = g_ptr_array_index (self->host_switches, i);

      if (gtk_switch_get_active (sw))
        g_ptr_array_add (hosts, g_strdup (g_object_get_data (G_OBJECT (sw), "host-id")));
    }
  g_ptr_array_add (hosts, NULL);
  g_strfreev (schedule->recording_hosts);
  schedule->recording_hosts = hosts->len > 1 ? (GStrv) g_ptr_array_free (g_steal_pointer (&hosts), FALSE)
                                             : NULL;
}

/**
 * onair_schedule_dialog_save:
 *
 * Validates the fields and saves the schedule in the settings.
 *
 * Returns: %TRUE when saved; else the dialog shows what to change
 */
gboolean
onair_schedule_dialog_save (OnairScheduleDialog *self)
{
  GSettings *settings = onair_application_get_settings (self->application);
  OnairScheduler *scheduler = onair_application_get_scheduler (self->application);
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replaced = FALSE;

  g_return_val_if_fail (ONAIR_IS_SCHEDULE_DIALOG (self), FALSE);

  read_fields (self);
  if (!onair_schedule_validate (self->schedule, &error) ||
      (scheduler != NULL && !onair_scheduler_check_targets (scheduler, self->schedule, &error)))
    {
      onair_schedule_dialog_show_error (self, error->message);
      return FALSE;
    }
  onair_schedule_dialog_show_error (self, NULL);
  schedules = onair_schedules_load (settings);
  for (guint i = 0; i < schedules->len; i++)
    if (g_strcmp0 (((OnairSchedule *) g_ptr_array_index (schedules, i))->id, self->schedule->id) == 0)
      {
        onair_schedule_free (g_ptr_array_index (schedules, i));
        g_ptr_array_index (schedules, i) = onair_schedule_copy (self->schedule);
        replaced = TRUE;
      }
  if (!replaced)
    g_ptr_array_add (schedules, onair_schedule_copy (self->schedule));
  onair_schedules_save (settings, schedules);
  return TRUE;
}

const char *
onair_schedule_dialog_get_error (OnairScheduleDialog *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULE_DIALOG (self), NULL);
  return self->error;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  if (onair_schedule_dialog_save (ONAIR_SCHEDULE_DIALOG (widget)))
    gtk_window_close (GTK_WINDOW (widget));
}

static void
onair_schedule_dialog_dispose (GObject *object)
{
  OnairScheduleDialog *self = ONAIR_SCHEDULE_DIALOG (object);

  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_SCHEDULE_DIALOG);
  G_OBJECT_CLASS (onair_schedule_dialog_parent_class)->dispose (object);
}

static void
onair_schedule_dialog_finalize (GObject *object)
{
  OnairScheduleDialog *self = ONAIR_SCHEDULE_DIALOG (object);

  g_clear_pointer (&self->schedule, onair_schedule_free);
  g_clear_pointer (&self->group_ids, g_ptr_array_unref);
  g_clear_pointer (&self->day_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->host_switches, g_ptr_array_unref);
  g_clear_pointer (&self->stream_host_ids, g_ptr_array_unref);
  g_clear_pointer (&self->destination_ids, g_ptr_array_unref);
  g_free (self->error);
  G_OBJECT_CLASS (onair_schedule_dialog_parent_class)->finalize (object);
}

static void
onair_schedule_dialog_class_init (OnairScheduleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_schedule_dialog_dispose;
  object_class->finalize = onair_schedule_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-schedule-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, days_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, days_box);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, end_time_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, end_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, end_minute_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, lead_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, what_group);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, streams_list);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, stream_host_row);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, stream_channel_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairScheduleDialog, stream_destination_row);
  gtk_widget_class_install_action (widget_class, "schedule-dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  onair_schedule_dialog_class_init_streams (widget_class);
}

static void
onair_schedule_dialog_init (OnairScheduleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->group_ids = g_ptr_array_new_with_free_func (g_free);
  self->day_buttons = g_ptr_array_new ();
  self->host_switches = g_ptr_array_new ();
  self->stream_host_ids = g_ptr_array_new_with_free_func (g_free);
  self->destination_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (day_labels); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(day_labels[i]));

      gtk_box_append (self->days_box, button);
      g_ptr_array_add (self->day_buttons, button);
    }
  g_signal_connect_swapped (self->repeat_row, "notify::selected", G_CALLBACK (repeat_changed_cb),
                            self);
  g_signal_connect_swapped (self->end_row, "notify::selected", G_CALLBACK (end_changed_cb), self);
}

/* A "Record on …" row; its switch says whether the schedule records on the host. */
static void
add_host_switch (OnairScheduleDialog *self,
                 const char          *host_id,
                 const char          *title,
                 gboolean             active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  g_object_set_data_full (G_OBJECT (sw), "host-id", g_strdup (host_id), g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (self->what_group, row);
  g_ptr_array_add (self->host_switches, sw);
}

static void
fill_fields (OnairScheduleDialog *self)
{
  OnairSchedule *schedule = self->schedule;
  OnairFleet *fleet = onair_application_get_fleet (self->application);
  g_autoptr(GtkStringList) groups = gtk_string_list_new (NULL);
  g_autoptr(GVariant) saved = g_settings_get_value (onair_application_get_settings (self->application),
                                                    "stream-groups");
  g_autofree char *date = NULL;
  guint selected = 0;
  GVariantIter iter;
  GVariant *child;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), schedule->name);
  adw_combo_row_set_selected (self->repeat_row, schedule->repeat == ONAIR_SCHEDULE_ONCE ? 1 : 0);
  repeat_changed_cb (self);
  for (guint i = 0; i < self->day_buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->day_buttons, i),
                                  (schedule->weekdays & (1u << (G_DATE_MONDAY + i))) != 0);
  if (schedule->year > 0)
    date = g_strdup_printf ("%04d-%02d-%02d", schedule->year, schedule->month, schedule->day);
  else
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_new_now_local ();
      g_autoptr(GDateTime) later = g_date_time_add_days (tomorrow, 1);

      date = g_date_time_format (later, "%Y-%m-%d");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_spin_button_set_value (self->hour_spin, schedule->hour);
  gtk_spin_button_set_value (self->minute_spin, schedule->minute);
  gtk_spin_button_set_value (self->duration_spin, schedule->duration_minutes > 0
                                                    ? schedule->duration_minutes : 60);
  if (schedule->duration_minutes == 0)
    {
      gtk_spin_button_set_value (self->end_hour_spin, schedule->end_hour);
      gtk_spin_button_set_value (self->end_minute_spin, schedule->end_minute);
      self->end_time_known = TRUE;
    }
  adw_combo_row_set_selected (self->end_row, schedule->duration_minutes == 0 ? 1 : 0);
  end_changed_cb (self);
  gtk_spin_button_set_value (self->lead_spin, schedule->lead_minutes);

  gtk_string_list_append (groups, _("None"));
  g_ptr_array_add (self->group_ids, NULL);
  g_variant_iter_init (&iter, saved);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(OnairStreamGroup) group = onair_stream_group_new_from_variant (child, NULL);

      g_variant_unref (child);
      if (group == NULL)
        continue;
      if (g_strcmp0 (group->id, schedule->group_id) == 0)
        selected = self->group_ids->len;
      gtk_string_list_append (groups, group->name);
      g_ptr_array_add (self->group_ids, g_strdup (group->id));
    }
  /* A group deleted since stays chosen, so that saving says so rather than drop it unseen. */
  if (schedule->group_id != NULL && selected == 0)
    {
      selected = self->group_ids->len;
      gtk_string_list_append (groups, _("A stream group that no longer exists"));
      g_ptr_array_add (self->group_ids, g_strdup (schedule->group_id));
    }
  adw_combo_row_set_model (self->group_row, G_LIST_MODEL (groups));
  adw_combo_row_set_selected (self->group_row, selected);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fleet)); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fleet), i);
      const char *id = onair_vmix_session_get_id (session);
      g_autofree char *title = g_strdup_printf (_("Record on %s"),
                                                onair_vmix_session_get_name (session));

      add_host_switch (self, id, title,
                       schedule->recording_hosts != NULL &&
                       g_strv_contains ((const char * const *) schedule->recording_hosts, id));
    }
  /* So is a host removed since: on, and named by the schedule, until it is turned off. */
  for (guint i = 0; schedule->recording_hosts != NULL && schedule->recording_hosts[i] != NULL; i++)
    if (onair_fleet_lookup (fleet, schedule->recording_hosts[i]) == NULL)
      add_host_switch (self, schedule->recording_hosts[i],
                       _("Record on a vMix host that is no longer set up"), TRUE);
  onair_schedule_dialog_fill_streams (self);
}

/**
 * onair_schedule_dialog_new:
 * @schedule: (nullable): the schedule to edit, %NULL to add one
 */
OnairScheduleDialog *
onair_schedule_dialog_new (OnairApplication    *application,
                           const OnairSchedule *schedule)
{
  OnairScheduleDialog *self = g_object_new (ONAIR_TYPE_SCHEDULE_DIALOG, NULL);

  self->application = g_object_ref (application);
  if (schedule != NULL)
    self->schedule = onair_schedule_copy (schedule);
  else
    {
      g_autofree char *id = g_uuid_string_random ();

      self->schedule = onair_schedule_new (id, "");
      self->schedule->weekdays = 0x3e;   /* Monday to Friday */
      self->schedule->duration_minutes = 60;
    }
  gtk_window_set_title (GTK_WINDOW (self), schedule ? _("Edit Schedule") : _("Add Schedule"));
  fill_fields (self);
  return self;
}
