/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-schedule-dialog.h"
#include "ui/onair-schedule-page.h"
#include "ui/onair-window.h"

/* The Schedule page in a real window under Xvfb, against an emulated vMix: the next run with
 * its countdown, past runs from the witness log of an earlier Onair and a run missed while
 * Onair was not running, the line saying Onair keeps running in the background; a schedule
 * added through the dialog with its validation, one with an end time and single streams,
 * and a schedule edited and deleted. */

static OnairApplication *app;
static OnairEmulator *vmix;
static char *destination_id;

static OnairSchedule *
daily_at (const char *id,
          const char *name,
          GDateTime  *at)
{
  OnairSchedule *schedule = onair_schedule_new (id, name);

  schedule->weekdays = 0xfe;   /* every day */
  schedule->hour = g_date_time_get_hour (at);
  schedule->minute = g_date_time_get_minute (at);
  schedule->duration_minutes = 30;
  schedule->recording_hosts = g_strsplit ("main", ",", -1);
  return schedule;
}

/* Before the application starts: two daily shows, one that started 20 minutes ago (while
 * "Onair was not running", the last check being an hour ago) and one in two hours. */
static void
save_schedules (GSettings *settings)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -20);
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 120);
  g_autoptr(GPtrArray) schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);

  g_ptr_array_add (schedules, daily_at ("morning", "Morning news", past));
  g_ptr_array_add (schedules, daily_at ("evening", "Evening show", later));
  onair_schedules_save (settings, schedules);
  g_settings_set_int64 (settings, "schedule-last-check", g_get_real_time () - (gint64) 3600 * G_USEC_PER_SEC);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
witness_run (OnairWitnessRecorder *recorder,
             const char           *id,
             const char           *name,
             GDateTime            *start,
             const char           *phase,
             const char           *outcome,
             const char           *message)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GDateTime) start_utc = g_date_time_to_utc (start);
  g_autoptr(GDateTime) end_utc = g_date_time_add_hours (start_utc, 1);
  g_autofree char *start_iso = g_date_time_format_iso8601 (start_utc);
  g_autofree char *end_iso = g_date_time_format_iso8601 (end_utc);

  /* As the scheduler writes them. */
  json_object_set_string_member (params, "by", "schedule");
  json_object_set_string_member (params, "schedule", name);
  json_object_set_string_member (params, "schedule_id", id);
  json_object_set_string_member (params, "phase", phase);
  json_object_set_string_member (params, "planned_start", start_iso);
  json_object_set_string_member (params, "planned_end", end_iso);
  json_object_set_boolean_member (result, "success", g_str_equal (outcome, "done"));
  json_object_set_string_member (result, "outcome", outcome);
  if (message != NULL)
    json_object_set_string_member (result, "message", message);
  onair_witness_recorder_record (recorder, "schedule_run", NULL, params, result);
}

/* An earlier Onair's witness log, where the app will find it: yesterday's evening show ran
 * as planned, the day before's failed to start. */
static void
write_earlier_runs (void)
{
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (today, -1);
  g_autoptr(GDateTime) before = g_date_time_add_days (today, -2);
  g_autoptr(GDateTime) evening = g_date_time_new_local (g_date_time_get_year (yesterday),
                                                        g_date_time_get_month (yesterday),
                                                        g_date_time_get_day_of_month (yesterday),
                                                        19, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_local (g_date_time_get_year (before),
                                                        g_date_time_get_month (before),
                                                        g_date_time_get_day_of_month (before),
                                                        19, 0, 0);
  OnairWitnessRecorder *recorder = onair_witness_recorder_new (secrets, NULL);
  gpointer alive = recorder;

  onair_witness_recorder_open_async (recorder, NULL, result_cb, &result);
  g_assert_true (onair_test_ui_wait_until (have_result, &result, 20000));
  g_assert_true (onair_witness_recorder_open_finish (recorder, result, &error));
  g_assert_no_error (error);
  witness_run (recorder, "evening", "Evening show", earlier, "start", "failed",
               "Stream 2 on Main: vMix is not reachable.");
  witness_run (recorder, "evening", "Evening show", evening, "start", "done", NULL);
  witness_run (recorder, "evening", "Evening show", evening, "stop", "done", NULL);
  while (onair_witness_recorder_get_n_pending (recorder) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&result);
  g_object_add_weak_pointer (G_OBJECT (recorder), &alive);
  g_object_unref (recorder);
  while (alive != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ONAIR_IS_SCHEDULE_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
page_has_rows (gpointer data)
{
  return onair_schedule_page_get_n_upcoming (data) == 3;
}

static gboolean
history_loaded (gpointer data)
{
  return onair_scheduler_get_history_loaded (data);
}

static gboolean
page_has_past_runs (gpointer data)
{
  return onair_schedule_page_get_n_past (data) == 3;
}

static void
test_page (void)
{
  OnairWindow *window;
  OnairSchedulePage *page;
  OnairScheduler *scheduler = onair_application_get_scheduler (app);
  g_autoptr(GPtrArray) saved = NULL;
  OnairScheduleDialog *dialog;
  GtkWidget *name_row;
  GtkWidget *row;
  g_autofree char *png = NULL;
  g_autofree char *dialog_png = NULL;
  GPtrArray *history;

  g_assert_nonnull (scheduler);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 860);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "schedule"));
  page = ONAIR_SCHEDULE_PAGE (onair_window_get_page (window, "schedule"));
  g_assert_nonnull (page);

  /* The morning show was missed and is shown so, never started late; the evening show's
   * earlier runs are read from the witness log of the Onair before, each once. */
  g_assert_true (onair_test_ui_wait_until (history_loaded, scheduler, 20000));
  history = onair_scheduler_get_history (scheduler);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (((OnairScheduleResult *) g_ptr_array_index (history, 0))->outcome, ==, "failed");
  g_assert_cmpstr (((OnairScheduleResult *) g_ptr_array_index (history, 1))->outcome, ==, "done");
  g_assert_cmpstr (((OnairScheduleResult *) g_ptr_array_index (history, 2))->outcome, ==, "missed");
  g_assert_false (onair_emulator_get_recording (vmix));
  g_assert_true (onair_test_ui_wait_until (page_has_past_runs, page, 10000));
  row = onair_test_ui_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Morning news");
  g_assert_nonnull (row);
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "Missed", FALSE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "Started and stopped as planned",
                                              FALSE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "vMix is not reachable", FALSE));

  /* The next run counts down; Onair holds itself for it. */
  g_assert_true (onair_scheduler_get_armed (scheduler));
  g_test_message ("countdown: %s", onair_schedule_page_get_countdown (page));
  g_assert_true (g_str_has_prefix (onair_schedule_page_get_countdown (page),
                                   "“Evening show” starts in 1 h 5") ||
                 g_str_has_prefix (onair_schedule_page_get_countdown (page),
                                   "“Evening show” starts in 2 h 00"));
  g_assert_nonnull (strstr (onair_schedule_page_get_background (page), "in the background"));
  g_assert_cmpuint (onair_schedule_page_get_n_upcoming (page), ==, 2);
  onair_test_ui_settle (500);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "schedule-page.png");

  /* Add one: the dialog says what is missing until the schedule can run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.add", NULL));
  g_assert_true (onair_test_ui_wait_until (dialog_open, NULL, 10000));
  dialog = ONAIR_SCHEDULE_DIALOG (find_dialog ());
  g_assert_false (onair_schedule_dialog_save (dialog));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==, "Give the schedule a name.");
  name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name");
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Late show");
  g_assert_false (onair_schedule_dialog_save (dialog));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                   "Choose a stream group, streams or a recording to start.");
  {
    GtkWidget *record = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                "Record on Main");
    GtkWidget *sw;

    g_assert_nonnull (record);
    sw = onair_test_ui_find_descendant (record, GTK_TYPE_SWITCH);
    gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  }
  onair_test_ui_settle (300);
  dialog_png = onair_test_ui_save_png (GTK_WIDGET (dialog), "schedule-dialog.png");
  g_assert_true (onair_schedule_dialog_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  saved = onair_schedules_load (onair_application_get_settings (app));
  g_assert_cmpuint (saved->len, ==, 3);
  g_assert_cmpstr (((OnairSchedule *) g_ptr_array_index (saved, 2))->name, ==, "Late show");
  g_assert_cmpstr (((OnairSchedule *) g_ptr_array_index (saved, 2))->recording_hosts[0], ==, "main");
  g_assert_true (onair_test_ui_wait_until (page_has_rows, page, 10000));
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Late show"));

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
}

static GtkWidget *
row_widget (GtkWidget  *root,
            GType       row_type,
            const char *title,
            GType       widget_type)
{
  GtkWidget *row = onair_test_ui_find_row (root, row_type, title);

  g_assert_nonnull (row);
  return widget_type == G_TYPE_NONE ? row : onair_test_ui_find_descendant (row, widget_type);
}

static OnairSchedule *
saved_schedule (const char *name)
{
  g_autoptr(GPtrArray) saved = onair_schedules_load (onair_application_get_settings (app));

  for (guint i = 0; i < saved->len; i++)
    if (g_strcmp0 (((OnairSchedule *) g_ptr_array_index (saved, i))->name, name) == 0)
      return onair_schedule_copy (g_ptr_array_index (saved, i));
  return NULL;
}

static OnairWindow *
show_schedule_page (OnairSchedulePage **page)
{
  OnairWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 860);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "schedule"));
  *page = ONAIR_SCHEDULE_PAGE (onair_window_get_page (window, "schedule"));
  g_assert_nonnull (*page);
  return window;
}

/* How long as an end time, and single streams on a host: each refused with words until it
 * can run, then saved as it was chosen. */
static void
test_end_time_and_streams (void)
{
  OnairSchedulePage *page;
  OnairWindow *window = show_schedule_page (&page);
  g_autoptr(OnairSchedule) saved = NULL;
  OnairScheduleDialog *dialog;
  GtkWidget *widget;
  g_autofree char *png = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.add", NULL));
  g_assert_true (onair_test_ui_wait_until (dialog_open, NULL, 10000));
  dialog = ONAIR_SCHEDULE_DIALOG (find_dialog ());
  gtk_editable_set_text (GTK_EDITABLE (row_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name",
                                                   G_TYPE_NONE)), "Simulcast");

  /* 21:30 – 21:00: the end before the start. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                          "Start time", GTK_TYPE_SPIN_BUTTON)), 21);
  g_assert_false (gtk_widget_get_visible (row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                      "End time", G_TYPE_NONE)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                         "Ends", G_TYPE_NONE)), 1);
  g_assert_false (gtk_widget_get_visible (row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                      "Duration", G_TYPE_NONE)));
  widget = row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "End time", G_TYPE_NONE);
  /* Offered from the duration: 21:00 + 60 min. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     GTK_SPIN_BUTTON (onair_test_ui_find_descendant (widget, GTK_TYPE_SPIN_BUTTON))),
                   ==, 22);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (onair_test_ui_find_descendant (widget,
                                                                             GTK_TYPE_SPIN_BUTTON)),
                             20);
  g_assert_false (onair_schedule_dialog_save (dialog));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==, "The end must come after the start.");
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog), "The end must come after", FALSE));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (onair_test_ui_find_descendant (widget,
                                                                             GTK_TYPE_SPIN_BUTTON)),
                             23);

  /* No day chosen. */
  for (GtkWidget *day = onair_test_ui_find_descendant (row_widget (GTK_WIDGET (dialog),
                                                                   ADW_TYPE_ACTION_ROW, "Days",
                                                                   G_TYPE_NONE),
                                                       GTK_TYPE_TOGGLE_BUTTON);
       day != NULL; day = gtk_widget_get_next_sibling (day))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (day), FALSE);
  g_assert_false (onair_schedule_dialog_save (dialog));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                   "Choose at least one day of the week.");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (onair_test_ui_find_button (GTK_WIDGET (dialog),
                                                                              "Sat")), TRUE);

  /* Nothing to start yet: Stream 2 on Main to the club's destination, once. */
  g_assert_false (onair_schedule_dialog_save (dialog));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                   "Choose a stream group, streams or a recording to start.");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                                          "Stream", GTK_TYPE_SPIN_BUTTON)), 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-dialog.add-stream",
                                             NULL));
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                            "Stream 2 on Main"));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog), "Club stream", TRUE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-dialog.add-stream",
                                             NULL));
  g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                   "Stream 2 on Main is already in this schedule.");
  onair_test_ui_settle (300);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "schedule-dialog-end-time.png");
  {
    GtkScrolledWindow *scrolled =
      GTK_SCROLLED_WINDOW (onair_test_ui_find_descendant (GTK_WIDGET (dialog),
                                                          GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
    g_autofree char *bottom = NULL;

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    onair_test_ui_settle (300);
    bottom = onair_test_ui_save_png (GTK_WIDGET (dialog), "schedule-dialog-streams.png");
  }
  g_assert_true (onair_schedule_dialog_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  saved = saved_schedule ("Simulcast");
  g_assert_nonnull (saved);
  g_assert_cmpuint (saved->duration_minutes, ==, 0);
  g_assert_cmpint (saved->hour, ==, 21);
  g_assert_cmpint (saved->end_hour, ==, 23);
  g_assert_cmpuint (saved->weekdays, ==, 1u << G_DATE_SATURDAY);
  g_assert_null (saved->group_id);
  g_assert_null (saved->recording_hosts);
  g_assert_cmpuint (saved->members->len, ==, 1);
  g_assert_cmpstr (((OnairStreamGroupMember *) g_ptr_array_index (saved->members, 0))->host_id, ==,
                   "main");
  g_assert_cmpuint (((OnairStreamGroupMember *) g_ptr_array_index (saved->members, 0))->channel, ==,
                    1);
  g_assert_cmpstr (((OnairStreamGroupMember *) g_ptr_array_index (saved->members, 0))->destination_id,
                   ==, destination_id);
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "Sat at 21:00 until 23:00", FALSE));

  /* Reopened, it shows the end time and its stream; a stream removed leaves nothing to start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.edit", "s", saved->id));
  g_assert_true (onair_test_ui_wait_until (dialog_open, NULL, 10000));
  dialog = ONAIR_SCHEDULE_DIALOG (find_dialog ());
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row_widget (GTK_WIDGET (dialog),
                                                                          ADW_TYPE_COMBO_ROW, "Ends",
                                                                          G_TYPE_NONE))), ==, 1);
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                            "Stream 2 on Main"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-dialog.remove-stream",
                                             "u", 0));
  g_assert_null (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                         "Stream 2 on Main"));
  g_assert_false (onair_schedule_dialog_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
message_dialog_open (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
page_shows (gpointer data)
{
  OnairSchedulePage *page = ((gpointer *) data)[0];
  const char *title = ((gpointer *) data)[1];

  return onair_test_ui_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, title) != NULL;
}

static gboolean
n_upcoming_is (gpointer data)
{
  OnairSchedulePage *page = ((gpointer *) data)[0];

  return onair_schedule_page_get_n_upcoming (page) == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

/* Edit: the dialog shows the schedule, a new name is saved under the same id; a host that
 * is gone is said in words. Delete: asked first; cancelled, nothing changes. */
static void
test_edit_and_delete (void)
{
  OnairSchedulePage *page;
  OnairWindow *window = show_schedule_page (&page);
  g_autoptr(OnairSchedule) before = saved_schedule ("Evening show");
  g_autoptr(OnairSchedule) after = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  guint n_saved = onair_schedules_load (onair_application_get_settings (app))->len;
  guint n_upcoming = onair_schedule_page_get_n_upcoming (page);
  OnairScheduleDialog *dialog;
  GtkWidget *name_row;
  GtkWindow *question;
  gpointer renamed[] = { page, "Evening news" };
  gpointer fewer[] = { page, GUINT_TO_POINTER (n_upcoming - 1) };

  g_assert_nonnull (before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.edit", "s", "evening"));
  g_assert_true (onair_test_ui_wait_until (dialog_open, NULL, 10000));
  dialog = ONAIR_SCHEDULE_DIALOG (find_dialog ());
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Schedule");
  name_row = row_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Name", G_TYPE_NONE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Evening show");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (row_widget (GTK_WIDGET (dialog),
                                                                ADW_TYPE_ACTION_ROW,
                                                                "Record on Main",
                                                                GTK_TYPE_SWITCH))));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Evening news");
  g_assert_true (onair_schedule_dialog_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  after = saved_schedule ("Evening news");
  g_assert_nonnull (after);
  g_assert_cmpstr (after->id, ==, "evening");
  g_assert_cmpint (after->hour, ==, before->hour);
  g_assert_cmpint (after->minute, ==, before->minute);
  g_assert_null (saved_schedule ("Evening show"));
  g_assert_cmpuint (onair_schedules_load (onair_application_get_settings (app))->len, ==, n_saved);
  g_assert_true (onair_test_ui_wait_until (page_shows, renamed, 10000));
  g_assert_cmpuint (onair_schedule_page_get_n_upcoming (page), ==, n_upcoming);

  /* A target that is gone is said before saving. */
  {
    g_autoptr(OnairSchedule) orphan = onair_schedule_copy (after);

    onair_schedule_add_member (orphan, "studio-b", 0, destination_id);
    dialog = onair_schedule_dialog_new (app, orphan);
    gtk_window_present (GTK_WINDOW (dialog));
    g_assert_false (onair_schedule_dialog_save (dialog));
    g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                     "The vMix host “studio-b” is not set up: add it again in Preferences, "
                     "or take its stream out of this schedule.");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* So is a recording host or a stream group deleted since: the dialog keeps them chosen and
   * saving says what is gone, instead of dropping them unseen; turned off, the rest saves. */
  {
    g_autoptr(OnairSchedule) orphan = onair_schedule_copy (after);
    g_autoptr(OnairSchedule) kept = NULL;
    const char *hosts[] = { "main", "studio-c", NULL };
    GtkWidget *gone;
    AdwComboRow *group_row;

    g_strfreev (orphan->recording_hosts);
    orphan->recording_hosts = g_strdupv ((char **) hosts);
    dialog = onair_schedule_dialog_new (app, orphan);
    gtk_window_present (GTK_WINDOW (dialog));
    gone = row_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                       "Record on a vMix host that is no longer set up", GTK_TYPE_SWITCH);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (gone)));
    g_assert_false (onair_schedule_dialog_save (dialog));
    g_assert_cmpstr (onair_schedule_dialog_get_error (dialog), ==,
                     "The vMix host “studio-c” is not set up: add it again in Preferences, "
                     "or turn its recording off in this schedule.");
    onair_test_ui_settle (300);
    g_free (onair_test_ui_save_png (GTK_WIDGET (dialog), "schedule-dialog-host-gone.png"));
    gtk_switch_set_active (GTK_SWITCH (gone), FALSE);
    g_assert_true (onair_schedule_dialog_save (dialog));
    gtk_window_destroy (GTK_WINDOW (dialog));
    kept = saved_schedule ("Evening news");
    g_assert_cmpstrv (kept->recording_hosts, ((const char *[]) { "main", NULL }));

    g_free (orphan->group_id);
    orphan->group_id = g_strdup ("gone-group");
    dialog = onair_schedule_dialog_new (app, orphan);
    gtk_window_present (GTK_WINDOW (dialog));
    group_row = ADW_COMBO_ROW (row_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                           "Stream group", G_TYPE_NONE));
    g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (group_row))),
                     ==, "A stream group that no longer exists");
    g_assert_false (onair_schedule_dialog_save (dialog));
    g_test_message ("%s", onair_schedule_dialog_get_error (dialog));
    g_assert_nonnull (strstr (onair_schedule_dialog_get_error (dialog), "no longer exists"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Delete asks first; Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.delete", "s", "evening"));
  g_assert_true (onair_test_ui_wait_until (message_dialog_open, NULL, 10000));
  question = find_message_dialog ();
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (question), "“Evening news” will no longer "
                                              "start", FALSE));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  gtk_window_destroy (question);
  g_assert_nonnull (saved_schedule ("Evening news"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "schedule.delete", "s", "evening"));
  g_assert_true (onair_test_ui_wait_until (message_dialog_open, NULL, 10000));
  question = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "delete");
  gtk_window_destroy (question);
  g_assert_null (saved_schedule ("Evening news"));
  saved = onair_schedules_load (onair_application_get_settings (app));
  g_assert_cmpuint (saved->len, ==, n_saved - 1);
  g_assert_true (onair_test_ui_wait_until (n_upcoming_is, fewer, 10000));
  /* Its past runs stay: they are in the witness log. */
  g_assert_cmpuint (onair_schedule_page_get_n_past (page), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OnairHostProfile) profile = NULL;
  GVariantBuilder builder;
  int status;

  onair_test_ui_init (&argc, &argv);

  vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (vmix, 0, &error));
  settings = g_settings_new (APP_ID);
  profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                    onair_emulator_get_port (vmix), FALSE, NULL);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (profile));
  g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder));
  save_schedules (settings);
  {
    g_autoptr(OnairDestinationList) destinations = onair_destination_list_new ();
    g_autoptr(OnairDestination) destination = onair_destination_new ("custom");

    onair_destination_set_name (destination, "Club stream");
    onair_destination_set_server_url (destination, "rtmp://ingest.example.net/live");
    onair_destination_list_add (destinations, destination);
    onair_destination_list_save (destinations, settings);
    destination_id = g_strdup (onair_destination_get_id (destination));
  }
  write_earlier_runs ();

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/onair/ui/schedule/page", test_page);
  g_test_add_func ("/onair/ui/schedule/end-time-and-streams", test_end_time_and_streams);
  g_test_add_func ("/onair/ui/schedule/edit-and-delete", test_edit_and_delete);
  status = g_test_run ();

  g_settings_reset (settings, "schedules");
  g_settings_reset (settings, "schedule-last-check");
  g_settings_reset (settings, "hosts");
  g_settings_reset (settings, "destinations");
  g_free (destination_id);
  g_clear_object (&app);
  onair_emulator_stop (vmix);
  g_clear_object (&vmix);
  return status;
}
