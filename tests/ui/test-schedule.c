/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-schedule-dialog.h"
#include "ui/onair-schedule-page.h"
#include "ui/onair-window.h"

/* The Schedule page in a real window under Xvfb, against an emulated vMix: the next run with
 * its countdown, a run missed while Onair was not running, the line saying Onair keeps
 * running in the background, and a schedule added through the dialog with its validation. */

static OnairApplication *app;
static OnairEmulator *vmix;

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

  /* The morning show was missed and is shown so, never started late. */
  history = onair_scheduler_get_history (scheduler);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((OnairScheduleResult *) g_ptr_array_index (history, 0))->outcome, ==, "missed");
  g_assert_false (onair_emulator_get_recording (vmix));
  g_assert_cmpuint (onair_schedule_page_get_n_past (page), ==, 1);
  row = onair_test_ui_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Morning news");
  g_assert_nonnull (row);
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "Missed", FALSE));

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

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/onair/ui/schedule/page", test_page);
  status = g_test_run ();

  g_settings_reset (settings, "schedules");
  g_settings_reset (settings, "schedule-last-check");
  g_settings_reset (settings, "hosts");
  g_clear_object (&app);
  onair_emulator_stop (vmix);
  g_clear_object (&vmix);
  return status;
}
