/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/show/onair-scheduler.h"

/* Schedules: weekly recurrence, a daylight-saving change, validation, storage, and the
 * scheduler's missed runs and pre-flight, all on a test clock. */

static gint64
local_us (GTimeZone *tz,
          int        year,
          int        month,
          int        day,
          int        hour,
          int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static char *
format_local (GTimeZone *tz,
              gint64     us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d %a %H:%M %z");
}

static OnairSchedule *
weekday_show (void)
{
  OnairSchedule *schedule = onair_schedule_new ("evening", "Evening show");

  schedule->repeat = ONAIR_SCHEDULE_WEEKLY;
  schedule->weekdays = 1u << G_DATE_MONDAY | 1u << G_DATE_WEDNESDAY | 1u << G_DATE_FRIDAY;
  schedule->hour = 19;
  schedule->minute = 0;
  schedule->duration_minutes = 120;
  schedule->recording_hosts = g_strsplit ("main", ",", -1);
  return schedule;
}

static void
test_weekly (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(OnairSchedule) schedule = weekday_show ();
  const char *expected[] = {
    "2026-12-07 Mon 19:00 +0100", "2026-12-09 Wed 19:00 +0100", "2026-12-11 Fri 19:00 +0100",
    "2026-12-14 Mon 19:00 +0100",
  };
  /* Sunday 6 December 2026, noon. */
  gint64 after = local_us (tz, 2026, 12, 6, 12, 0);

  g_assert_nonnull (tz);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      OnairScheduleRun run = { 0 };
      g_autofree char *start = NULL;

      g_assert_true (onair_schedule_next_run (schedule, tz, after, &run));
      start = format_local (tz, run.start_us);
      g_assert_cmpstr (start, ==, expected[i]);
      g_assert_cmpint (run.end_us - run.start_us, ==, (gint64) 120 * 60 * G_USEC_PER_SEC);
      g_assert_cmpint (run.start_us - run.preflight_us, ==, (gint64) 15 * 60 * G_USEC_PER_SEC);
      g_assert_null (run.note);
      after = run.start_us + 1;
      onair_schedule_run_clear (&run);
    }

  /* A start exactly now is the next run; a minute later, the next one. */
  {
    OnairScheduleRun run = { 0 };

    g_assert_true (onair_schedule_next_run (schedule, tz, local_us (tz, 2026, 12, 7, 19, 0), &run));
    g_assert_cmpint (run.start_us, ==, local_us (tz, 2026, 12, 7, 19, 0));
    onair_schedule_run_clear (&run);
    g_assert_true (onair_schedule_next_run (schedule, tz, local_us (tz, 2026, 12, 7, 19, 1), &run));
    g_assert_cmpint (run.start_us, ==, local_us (tz, 2026, 12, 9, 19, 0));
    onair_schedule_run_clear (&run);
  }
}

static void
test_dst (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(OnairSchedule) schedule = onair_schedule_new ("night", "Night show");
  OnairScheduleRun run = { 0 };
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  /* Sundays at 02:30: on 29 March 2026 the clocks go from 02:00 to 03:00. */
  schedule->weekdays = 1u << G_DATE_SUNDAY;
  schedule->hour = 2;
  schedule->minute = 30;
  schedule->duration_minutes = 0;
  schedule->end_hour = 4;
  schedule->end_minute = 0;
  onair_schedule_add_member (schedule, "main", 0, "youtube");

  g_assert_true (onair_schedule_next_run (schedule, tz, local_us (tz, 2026, 3, 23, 12, 0), &run));
  start = format_local (tz, run.start_us);
  end = format_local (tz, run.end_us);
  g_assert_cmpstr (start, ==, "2026-03-29 Sun 03:00 +0200");
  g_assert_cmpstr (end, ==, "2026-03-29 Sun 04:00 +0200");
  g_assert_nonnull (run.note);
  g_assert_nonnull (strstr (run.note, "03:00"));
  g_assert_nonnull (strstr (run.note, "02:30"));

  /* The week before and after: 02:30 as asked, without a note. */
  g_clear_pointer (&start, g_free);
  g_assert_true (onair_schedule_next_run (schedule, tz, run.start_us + 1, &run));
  start = format_local (tz, run.start_us);
  g_assert_cmpstr (start, ==, "2026-04-05 Sun 02:30 +0200");
  g_assert_null (run.note);
  g_clear_pointer (&start, g_free);
  g_assert_true (onair_schedule_next_run (schedule, tz, local_us (tz, 2026, 3, 16, 0, 0), &run));
  start = format_local (tz, run.start_us);
  g_assert_cmpstr (start, ==, "2026-03-22 Sun 02:30 +0100");
  onair_schedule_run_clear (&run);

  /* Autumn: 02:30 happens twice on 25 October 2026; the show runs once. */
  g_clear_pointer (&start, g_free);
  g_assert_true (onair_schedule_next_run (schedule, tz, local_us (tz, 2026, 10, 24, 0, 0), &run));
  start = format_local (tz, run.start_us);
  g_assert_true (g_str_has_prefix (start, "2026-10-25 Sun 02:30"));
  g_assert_true (onair_schedule_next_run (schedule, tz, run.start_us + 1, &run));
  g_clear_pointer (&start, g_free);
  start = format_local (tz, run.start_us);
  g_assert_cmpstr (start, ==, "2026-11-01 Sun 02:30 +0100");
  onair_schedule_run_clear (&run);
}

static void
test_validate (void)
{
  g_autoptr(OnairSchedule) schedule = weekday_show ();
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_schedule_validate (schedule, &error));
  g_assert_no_error (error);

  schedule->weekdays = 0;
  g_assert_false (onair_schedule_validate (schedule, &error));
  g_assert_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NO_WEEKDAYS);
  g_clear_error (&error);
  schedule->weekdays = 1u << G_DATE_MONDAY;

  schedule->duration_minutes = 0;
  schedule->end_hour = 18;
  g_assert_false (onair_schedule_validate (schedule, &error));
  g_assert_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_END_BEFORE_START);
  g_clear_error (&error);
  schedule->end_hour = 21;
  g_assert_true (onair_schedule_validate (schedule, NULL));

  g_clear_pointer (&schedule->recording_hosts, g_strfreev);
  g_assert_false (onair_schedule_validate (schedule, &error));
  g_assert_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NOTHING_TO_DO);
  g_clear_error (&error);

  onair_schedule_add_member (schedule, "main", 1, "yt");
  schedule->repeat = ONAIR_SCHEDULE_ONCE;
  schedule->year = 2026;
  schedule->month = 2;
  schedule->day = 30;
  g_assert_false (onair_schedule_validate (schedule, &error));
  g_assert_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (schedule->name);
  schedule->name = g_strdup ("  ");
  g_assert_false (onair_schedule_validate (schedule, &error));
  g_assert_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NO_NAME);
}

static void
test_variant (void)
{
  g_autoptr(OnairSchedule) schedule = weekday_show ();
  g_autoptr(OnairSchedule) back = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  const OnairStreamGroupMember *member;

  onair_schedule_add_member (schedule, "backup", 2, "yt-backup");
  schedule->group_id = g_strdup ("youtube");
  schedule->lead_minutes = 5;
  variant = g_variant_ref_sink (onair_schedule_to_variant (schedule));
  back = onair_schedule_new_from_variant (variant, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->name, ==, "Evening show");
  g_assert_cmpuint (back->weekdays, ==, schedule->weekdays);
  g_assert_cmpint (back->hour, ==, 19);
  g_assert_cmpuint (back->duration_minutes, ==, 120);
  g_assert_cmpuint (back->lead_minutes, ==, 5);
  g_assert_cmpstr (back->group_id, ==, "youtube");
  g_assert_cmpstr (back->recording_hosts[0], ==, "main");
  g_assert_cmpuint (back->members->len, ==, 1);
  member = g_ptr_array_index (back->members, 0);
  g_assert_cmpstr (member->host_id, ==, "backup");
  g_assert_cmpuint (member->channel, ==, 2);
  when = onair_schedule_describe_when (back);
  g_assert_cmpstr (when, ==, "Mon, Wed, Fri at 19:00 for 2 h");
}

static gint64
test_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
alert_cb (OnairScheduler *scheduler,
          const char     *code,
          const char     *title,
          const char     *message,
          GPtrArray      *alerts)
{
  g_test_message ("alert %s: %s — %s", code, title, message);
  g_ptr_array_add (alerts, g_strdup_printf ("%s|%s", code, message));
}

static void
test_missed (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(OnairFleet) fleet = onair_fleet_new (NULL);
  g_autoptr(OnairScheduler) scheduler = onair_scheduler_new (fleet, NULL);
  g_autoptr(GPtrArray) schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) upcoming = NULL;
  GPtrArray *history;
  OnairScheduleResult *result;
  gint64 now = local_us (tz, 2026, 12, 7, 19, 30);   /* Monday, half an hour into the show */

  g_ptr_array_add (schedules, weekday_show ());
  onair_scheduler_set_clock (scheduler, test_clock, &now, NULL);
  onair_scheduler_set_time_zone (scheduler, tz);
  onair_scheduler_set_schedules (scheduler, schedules);
  /* Onair last looked on Sunday. */
  onair_scheduler_set_last_check_us (scheduler, local_us (tz, 2026, 12, 6, 22, 0));
  g_signal_connect (scheduler, "alert", G_CALLBACK (alert_cb), alerts);

  onair_scheduler_tick (scheduler);
  history = onair_scheduler_get_history (scheduler);
  g_assert_cmpuint (history->len, ==, 1);
  result = g_ptr_array_index (history, 0);
  g_assert_cmpstr (result->outcome, ==, "missed");
  g_assert_cmpint (result->run.start_us, ==, local_us (tz, 2026, 12, 7, 19, 0));
  g_assert_false (onair_scheduler_is_busy (scheduler));   /* nothing started late */
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (alerts, 0), "schedule-missed|"));
  g_assert_true (onair_scheduler_get_armed (scheduler));

  /* The next run is Wednesday's; ticking on does not start Monday's. */
  upcoming = onair_scheduler_dup_upcoming (scheduler);
  g_assert_cmpuint (upcoming->len, ==, 1);
  g_assert_cmpint (((OnairScheduleRun *) g_ptr_array_index (upcoming, 0))->start_us, ==,
                   local_us (tz, 2026, 12, 9, 19, 0));
  now += 60 * G_USEC_PER_SEC;
  onair_scheduler_tick (scheduler);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (onair_scheduler_get_last_check_us (scheduler), ==, now);

  /* Wednesday's pre-flight: the host it records on is not set up, and there is no witness log. */
  now = local_us (tz, 2026, 12, 9, 18, 45);
  onair_scheduler_tick (scheduler);
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (alerts, 1), "preflight-failed|"));
  g_assert_nonnull (strstr (g_ptr_array_index (alerts, 1), "“main”"));
  g_assert_nonnull (strstr (g_ptr_array_index (alerts, 1), "witness log"));
  /* Only once. */
  now += G_USEC_PER_SEC;
  onair_scheduler_tick (scheduler);
  g_assert_cmpuint (alerts->len, ==, 2);
}

static void
test_first_start (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(OnairFleet) fleet = onair_fleet_new (NULL);
  g_autoptr(OnairScheduler) scheduler = onair_scheduler_new (fleet, NULL);
  g_autoptr(GPtrArray) schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);
  gint64 now = local_us (tz, 2026, 12, 7, 19, 30);

  /* Never run before: nothing is missed. */
  g_ptr_array_add (schedules, weekday_show ());
  onair_scheduler_set_clock (scheduler, test_clock, &now, NULL);
  onair_scheduler_set_time_zone (scheduler, tz);
  onair_scheduler_set_schedules (scheduler, schedules);
  onair_scheduler_tick (scheduler);
  g_assert_cmpuint (onair_scheduler_get_history (scheduler)->len, ==, 0);
  g_assert_true (onair_scheduler_get_armed (scheduler));

  g_ptr_array_set_size (schedules, 0);
  onair_scheduler_set_schedules (scheduler, schedules);
  g_assert_false (onair_scheduler_get_armed (scheduler));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/onair/schedule/weekly", test_weekly);
  g_test_add_func ("/onair/schedule/dst", test_dst);
  g_test_add_func ("/onair/schedule/validate", test_validate);
  g_test_add_func ("/onair/schedule/variant", test_variant);
  g_test_add_func ("/onair/schedule/missed", test_missed);
  g_test_add_func ("/onair/schedule/first-start", test_first_start);
  return g_test_run ();
}
