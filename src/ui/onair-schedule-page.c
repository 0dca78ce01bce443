/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-schedule-dialog.h"
#include "onair-schedule-page.h"
#include "onair-window.h"

/*
 * The Schedule page: each schedule's next run (the soonest with a countdown), past runs with
 * their result (from the witness log, so also those before Onair last started), and the
 * ways to add, edit and delete schedules.
 * A line says whether Onair keeps running in the background for them.
 */

struct _OnairSchedulePage
{
  GtkWidget         parent_instance;

  OnairApplication *application;
  OnairScheduler   *scheduler;
  guint             tick_id;
  gint64            next_start_us;
  char             *next_name;

  GtkLabel         *countdown_label;
  GtkLabel         *background_label;
  GtkListBox       *upcoming_list;
  GtkListBox       *past_list;
};

G_DEFINE_FINAL_TYPE (OnairSchedulePage, onair_schedule_page, GTK_TYPE_WIDGET)

static char *
format_local (gint64      us,
              const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return g_date_time_format (dt, format);
}

static char *
format_countdown (gint64 seconds)
{
  if (seconds >= 86400)
    /* Translators: a countdown, "in 2 d 3 h" */
    return g_strdup_printf (_("in %" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h"),
                            seconds / 86400, (seconds % 86400) / 3600);
  if (seconds >= 3600)
    return g_strdup_printf (_("in %" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min"),
                            seconds / 3600, (seconds % 3600) / 60);
  return g_strdup_printf (_("in %02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT),
                          seconds / 60, seconds % 60);
}

static void
update_countdown (OnairSchedulePage *self)
{
  gint64 now = g_get_real_time ();
  g_autofree char *text = NULL;

  if (self->next_name == NULL)
    text = g_strdup (_("No show is scheduled."));
  else if (now >= self->next_start_us)
    /* Translators: %s is a schedule's name */
    text = g_strdup_printf (_("“%s” is on"), self->next_name);
  else
    {
      g_autofree char *in = format_countdown ((self->next_start_us - now) / G_USEC_PER_SEC);

      /* Translators: "“Evening show” starts in 2 h 05 min" */
      text = g_strdup_printf (_("“%s” starts %s"), self->next_name, in);
    }
  gtk_label_set_text (self->countdown_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_countdown (user_data);
  return G_SOURCE_CONTINUE;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
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

static void
add_schedule_row (OnairSchedulePage      *self,
                  const OnairSchedule    *schedule,
                  const OnairScheduleRun *run)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = onair_schedule_describe_when (schedule);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GError) problem = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), schedule->name);
  if (run != NULL)
    {
      g_autofree char *start = format_local (run->start_us, "%a %d %b %H:%M");
      g_autofree char *end = format_local (run->end_us, "%H:%M");
      g_autofree char *preflight = format_local (run->preflight_us, "%H:%M");

      /* Translators: "Mon 07 Dec 19:00 – 20:00 · pre-flight at 18:45" */
      g_string_append_printf (subtitle, _("%s – %s · pre-flight at %s"), start, end, preflight);
      if (run->note != NULL)
        g_string_append_printf (subtitle, "\n%s", run->note);
    }
  else if (!onair_schedule_validate (schedule, &problem))
    g_string_append (subtitle, problem->message);
  else
    g_string_append (subtitle, _("No run to come"));
  g_string_append_printf (subtitle, "\n%s", when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_row_button ("document-edit-symbolic", _("Edit"),
                                             "schedule.edit", schedule->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_row_button ("user-trash-symbolic", _("Delete"),
                                             "schedule.delete", schedule->id));
  gtk_list_box_append (self->upcoming_list, row);
}

static const char *
outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "done") == 0)
    return _("Started and stopped as planned");
  if (g_strcmp0 (outcome, "partial") == 0)
    return _("Partly started");
  if (g_strcmp0 (outcome, "missed") == 0)
    return _("Missed");
  if (g_strcmp0 (outcome, "not-stopped") == 0)
    return _("Not stopped by the schedule");
  return _("Failed");
}

static void
rebuild (OnairSchedulePage *self)
{
  g_autoptr(GPtrArray) schedules = onair_schedules_load (onair_application_get_settings (self->application));
  g_autoptr(GPtrArray) upcoming = self->scheduler ? onair_scheduler_dup_upcoming (self->scheduler)
                                                  : NULL;
  GPtrArray *history = self->scheduler ? onair_scheduler_get_history (self->scheduler) : NULL;
  gboolean armed = self->scheduler != NULL && onair_scheduler_get_armed (self->scheduler);

  clear_list (self->upcoming_list);
  clear_list (self->past_list);
  g_clear_pointer (&self->next_name, g_free);

  /* Soonest first, then the schedules without a run to come. */
  for (guint i = 0; upcoming != NULL && i < upcoming->len; i++)
    {
      const OnairScheduleRun *run = g_ptr_array_index (upcoming, i);

      for (guint j = 0; j < schedules->len; j++)
        {
          const OnairSchedule *schedule = g_ptr_array_index (schedules, j);

          if (g_strcmp0 (schedule->id, run->schedule_id) != 0)
            continue;
          if (self->next_name == NULL)
            {
              self->next_name = g_strdup (schedule->name);
              self->next_start_us = run->start_us;
            }
          add_schedule_row (self, schedule, run);
          g_ptr_array_remove_index (schedules, j);
          break;
        }
    }
  for (guint j = 0; j < schedules->len; j++)
    add_schedule_row (self, g_ptr_array_index (schedules, j), NULL);
  if (gtk_widget_get_first_child (GTK_WIDGET (self->upcoming_list)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No scheduled shows"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add one to start streams and recordings at a set time."));
      gtk_list_box_append (self->upcoming_list, row);
    }

  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      const OnairScheduleResult *result = g_ptr_array_index (history, i - 1);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *start = format_local (result->run.start_us, "%a %d %b %H:%M");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s%s%s", start,
                                                   outcome_label (result->outcome),
                                                   result->message ? "\n" : "",
                                                   result->message ? result->message : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->run.schedule_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (result->outcome, "done") != 0)
        gtk_widget_add_css_class (row, "warning");
      gtk_list_box_append (self->past_list, row);
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->past_list)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No runs yet"));
      gtk_list_box_append (self->past_list, row);
    }

  gtk_label_set_text (self->background_label,
                      armed ? _("Onair keeps running in the background for the shows to come, "
                                "also when its window is closed.")
                            : _("Nothing keeps Onair running in the background."));
  update_countdown (self);
}

static void
present_dialog (OnairSchedulePage   *self,
                const OnairSchedule *schedule)
{
  OnairScheduleDialog *dialog = onair_schedule_dialog_new (self->application, schedule);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static OnairSchedule *
find_schedule (GPtrArray  *schedules,
               const char *id,
               guint      *index)
{
  for (guint i = 0; i < schedules->len; i++)
    {
      OnairSchedule *schedule = g_ptr_array_index (schedules, i);

      if (g_strcmp0 (schedule->id, id) == 0)
        {
          if (index != NULL)
            *index = i;
          return schedule;
        }
    }
  return NULL;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  present_dialog (ONAIR_SCHEDULE_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OnairSchedulePage *self = ONAIR_SCHEDULE_PAGE (widget);
  g_autoptr(GPtrArray) schedules = onair_schedules_load (onair_application_get_settings (self->application));
  OnairSchedule *schedule = find_schedule (schedules, g_variant_get_string (parameter, NULL), NULL);

  if (schedule != NULL)
    present_dialog (self, schedule);
}

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    OnairSchedulePage *self)
{
  GSettings *settings = onair_application_get_settings (self->application);
  g_autoptr(GPtrArray) schedules = NULL;
  const char *id = g_object_get_data (G_OBJECT (dialog), "schedule-id");
  guint index;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  schedules = onair_schedules_load (settings);
  if (find_schedule (schedules, id, &index) != NULL)
    {
      g_ptr_array_remove_index (schedules, index);
      onair_schedules_save (settings, schedules);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnairSchedulePage *self = ONAIR_SCHEDULE_PAGE (widget);
  g_autoptr(GPtrArray) schedules = onair_schedules_load (onair_application_get_settings (self->application));
  OnairSchedule *schedule = find_schedule (schedules, g_variant_get_string (parameter, NULL), NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (schedule == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete Schedule?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will no longer start. A show it started now stays on."),
                                  schedule->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "schedule-id", g_strdup (schedule->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
onair_schedule_page_dispose (GObject *object)
{
  OnairSchedulePage *self = ONAIR_SCHEDULE_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->application);
  g_clear_pointer (&self->next_name, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_SCHEDULE_PAGE);
  /* The page's own child, not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (onair_schedule_page_parent_class)->dispose (object);
}

static void
onair_schedule_page_class_init (OnairSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_schedule_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairSchedulePage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, OnairSchedulePage, background_label);
  gtk_widget_class_bind_template_child (widget_class, OnairSchedulePage, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, OnairSchedulePage, past_list);
  gtk_widget_class_install_action (widget_class, "schedule.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "schedule.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "schedule.delete", "s", delete_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
onair_schedule_page_init (OnairSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_schedule_page_new:
 *
 * Returns: (transfer full): the page, for onair_window_add_page()
 */
OnairSchedulePage *
onair_schedule_page_new (OnairApplication *application)
{
  OnairSchedulePage *self = g_object_new (ONAIR_TYPE_SCHEDULE_PAGE, NULL);

  self->application = g_object_ref (application);
  self->scheduler = onair_application_get_scheduler (application);
  if (self->scheduler != NULL)
    {
      g_object_ref (self->scheduler);
      g_signal_connect_swapped (self->scheduler, "changed", G_CALLBACK (rebuild), self);
      g_signal_connect_swapped (self->scheduler, "notify::armed", G_CALLBACK (rebuild), self);
    }
  rebuild (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  return self;
}

const char *
onair_schedule_page_get_countdown (OnairSchedulePage *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULE_PAGE (self), NULL);
  return gtk_label_get_text (self->countdown_label);
}

const char *
onair_schedule_page_get_background (OnairSchedulePage *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULE_PAGE (self), NULL);
  return gtk_label_get_text (self->background_label);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

guint
onair_schedule_page_get_n_upcoming (OnairSchedulePage *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULE_PAGE (self), 0);
  return count_rows (self->upcoming_list);
}

guint
onair_schedule_page_get_n_past (OnairSchedulePage *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULE_PAGE (self), 0);
  return count_rows (self->past_list);
}
