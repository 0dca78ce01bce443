/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "onair-schedule.h"

/*
 * A schedule and its runs. Times are wall-clock times in the desktop's time zone: a weekly
 * show at 19:00 stays at 19:00 across daylight-saving changes. A start that falls in the
 * hour the clocks skip runs at the first minute after the gap, and its run says so.
 */

G_DEFINE_QUARK (onair-schedule-error-quark, onair_schedule_error)

static const char * const weekday_names[] = {
  NULL, N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
};

static void
member_free (OnairStreamGroupMember *member)
{
  g_free (member->host_id);
  g_free (member->destination_id);
  g_free (member);
}

OnairSchedule *
onair_schedule_new (const char *id,
                    const char *name)
{
  OnairSchedule *schedule = g_new0 (OnairSchedule, 1);

  schedule->id = g_strdup (id);
  schedule->name = g_strdup (name ? name : "");
  schedule->repeat = ONAIR_SCHEDULE_WEEKLY;
  schedule->hour = 19;
  schedule->duration_minutes = 120;
  schedule->lead_minutes = ONAIR_SCHEDULE_DEFAULT_LEAD_MINUTES;
  schedule->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  return schedule;
}

void
onair_schedule_add_member (OnairSchedule *schedule,
                           const char    *host_id,
                           guint          channel,
                           const char    *destination_id)
{
  OnairStreamGroupMember *member = g_new0 (OnairStreamGroupMember, 1);

  g_return_if_fail (schedule != NULL);

  member->host_id = g_strdup (host_id);
  member->channel = channel;
  member->destination_id = g_strdup (destination_id);
  g_ptr_array_add (schedule->members, member);
}

OnairSchedule *
onair_schedule_copy (const OnairSchedule *schedule)
{
  OnairSchedule *copy;

  g_return_val_if_fail (schedule != NULL, NULL);

  copy = onair_schedule_new (schedule->id, schedule->name);
  copy->repeat = schedule->repeat;
  copy->year = schedule->year;
  copy->month = schedule->month;
  copy->day = schedule->day;
  copy->weekdays = schedule->weekdays;
  copy->hour = schedule->hour;
  copy->minute = schedule->minute;
  copy->end_hour = schedule->end_hour;
  copy->end_minute = schedule->end_minute;
  copy->duration_minutes = schedule->duration_minutes;
  copy->lead_minutes = schedule->lead_minutes;
  copy->group_id = g_strdup (schedule->group_id);
  copy->recording_hosts = g_strdupv (schedule->recording_hosts);
  for (guint i = 0; i < schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (schedule->members, i);

      onair_schedule_add_member (copy, member->host_id, member->channel, member->destination_id);
    }
  return copy;
}

void
onair_schedule_free (OnairSchedule *schedule)
{
  if (schedule == NULL)
    return;
  g_free (schedule->id);
  g_free (schedule->name);
  g_free (schedule->group_id);
  g_ptr_array_unref (schedule->members);
  g_strfreev (schedule->recording_hosts);
  g_free (schedule);
}

GVariant *
onair_schedule_to_variant (const OnairSchedule *schedule)
{
  GVariantBuilder builder;
  GVariantBuilder members;
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", schedule->year, schedule->month,
                                           schedule->day);
  g_autofree char *time = g_strdup_printf ("%02d:%02d", schedule->hour, schedule->minute);
  g_autofree char *end = g_strdup_printf ("%02d:%02d", schedule->end_hour, schedule->end_minute);
  const char * const empty[] = { NULL };

  g_return_val_if_fail (schedule != NULL, NULL);

  g_variant_builder_init (&members, G_VARIANT_TYPE ("a(sus)"));
  for (guint i = 0; i < schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (schedule->members, i);

      g_variant_builder_add (&members, "(sus)", member->host_id, member->channel,
                             member->destination_id);
    }
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (schedule->id));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (schedule->name));
  g_variant_builder_add (&builder, "{sv}", "repeat",
                         g_variant_new_string (schedule->repeat == ONAIR_SCHEDULE_ONCE ? "once"
                                                                                   : "weekly"));
  g_variant_builder_add (&builder, "{sv}", "date", g_variant_new_string (date));
  g_variant_builder_add (&builder, "{sv}", "weekdays", g_variant_new_uint32 (schedule->weekdays));
  g_variant_builder_add (&builder, "{sv}", "time", g_variant_new_string (time));
  g_variant_builder_add (&builder, "{sv}", "end", g_variant_new_string (end));
  g_variant_builder_add (&builder, "{sv}", "duration",
                         g_variant_new_uint32 (schedule->duration_minutes));
  g_variant_builder_add (&builder, "{sv}", "lead", g_variant_new_uint32 (schedule->lead_minutes));
  g_variant_builder_add (&builder, "{sv}", "group",
                         g_variant_new_string (schedule->group_id ? schedule->group_id : ""));
  g_variant_builder_add (&builder, "{sv}", "members", g_variant_builder_end (&members));
  g_variant_builder_add (&builder, "{sv}", "recording",
                         g_variant_new_strv (schedule->recording_hosts
                                               ? (const char * const *) schedule->recording_hosts
                                               : empty, -1));
  return g_variant_builder_end (&builder);
}

OnairSchedule *
onair_schedule_new_from_variant (GVariant  *variant,
                                 GError   **error)
{
  g_autoptr(GVariantDict) dict = NULL;
  g_autoptr(OnairSchedule) schedule = NULL;
  g_autoptr(GVariant) members = NULL;
  const char *id = NULL, *name = "", *repeat = "weekly", *date = "", *time = "", *end = "";
  const char *group = "";
  g_auto(GStrv) recording = NULL;
  guint32 value;

  g_return_val_if_fail (variant != NULL, NULL);

  dict = g_variant_dict_new (variant);
  if (!g_variant_dict_lookup (dict, "id", "&s", &id) || *id == '\0')
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_INVALID,
                           _("A saved schedule cannot be read: it has no id."));
      return NULL;
    }
  g_variant_dict_lookup (dict, "name", "&s", &name);
  schedule = onair_schedule_new (id, name);
  g_variant_dict_lookup (dict, "repeat", "&s", &repeat);
  schedule->repeat = g_strcmp0 (repeat, "once") == 0 ? ONAIR_SCHEDULE_ONCE : ONAIR_SCHEDULE_WEEKLY;
  if (g_variant_dict_lookup (dict, "date", "&s", &date))
    sscanf (date, "%d-%d-%d", &schedule->year, &schedule->month, &schedule->day);
  if (g_variant_dict_lookup (dict, "weekdays", "u", &value))
    schedule->weekdays = value;
  if (g_variant_dict_lookup (dict, "time", "&s", &time))
    sscanf (time, "%d:%d", &schedule->hour, &schedule->minute);
  if (g_variant_dict_lookup (dict, "end", "&s", &end))
    sscanf (end, "%d:%d", &schedule->end_hour, &schedule->end_minute);
  if (g_variant_dict_lookup (dict, "duration", "u", &value))
    schedule->duration_minutes = value;
  if (g_variant_dict_lookup (dict, "lead", "u", &value))
    schedule->lead_minutes = value;
  if (g_variant_dict_lookup (dict, "group", "&s", &group) && *group != '\0')
    schedule->group_id = g_strdup (group);
  if (g_variant_dict_lookup (dict, "recording", "^as", &recording) && recording[0] != NULL)
    schedule->recording_hosts = g_steal_pointer (&recording);
  members = g_variant_dict_lookup_value (dict, "members", G_VARIANT_TYPE ("a(sus)"));
  if (members != NULL)
    {
      GVariantIter iter;
      const char *host_id, *destination_id;
      guint32 channel;

      g_variant_iter_init (&iter, members);
      while (g_variant_iter_next (&iter, "(&su&s)", &host_id, &channel, &destination_id))
        onair_schedule_add_member (schedule, host_id, channel, destination_id);
    }
  return g_steal_pointer (&schedule);
}

/**
 * onair_schedule_validate:
 *
 * Checks what a schedule says on its own (the targets are checked against the hosts and
 * destinations by onair_scheduler_check_targets()).
 *
 * Returns: %TRUE when the schedule can run, else @error says what to change
 */
gboolean
onair_schedule_validate (const OnairSchedule  *schedule,
                         GError              **error)
{
  g_autofree char *name = g_strstrip (g_strdup (schedule->name ? schedule->name : ""));

  if (*name == '\0')
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NO_NAME,
                           _("Give the schedule a name."));
      return FALSE;
    }
  if (schedule->repeat == ONAIR_SCHEDULE_WEEKLY && (schedule->weekdays & 0xfe) == 0)
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NO_WEEKDAYS,
                           _("Choose at least one day of the week."));
      return FALSE;
    }
  if ((schedule->repeat == ONAIR_SCHEDULE_ONCE &&
       (schedule->month < 1 || schedule->month > 12 || schedule->day < 1 || schedule->year < 1 ||
        !g_date_valid_dmy (schedule->day, schedule->month, schedule->year))) ||
      schedule->hour < 0 || schedule->hour > 23 || schedule->minute < 0 || schedule->minute > 59)
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_INVALID,
                           _("The start date or time is not a real date or time."));
      return FALSE;
    }
  if (schedule->duration_minutes == 0 &&
      schedule->end_hour * 60 + schedule->end_minute <= schedule->hour * 60 + schedule->minute)
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_END_BEFORE_START,
                           _("The end must come after the start."));
      return FALSE;
    }
  if (schedule->group_id == NULL && schedule->members->len == 0 &&
      (schedule->recording_hosts == NULL || schedule->recording_hosts[0] == NULL))
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_NOTHING_TO_DO,
                           _("Choose a stream group, streams or a recording to start."));
      return FALSE;
    }
  return TRUE;
}

/* The wall-clock minute of an instant in @tz, as one comparable number. */
static gint64
wall_minute (GTimeZone *tz,
             gint64     unix_s)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_s);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return ((((gint64) g_date_time_get_year (local) * 100 + g_date_time_get_month (local)) * 100 +
           g_date_time_get_day_of_month (local)) * 100 + g_date_time_get_hour (local)) * 100 +
         g_date_time_get_minute (local);
}

/* The instant of a local date and time; one the clocks skip becomes the first minute after
 * the gap, and @note says so. */
static gboolean
local_instant (GTimeZone  *tz,
               GDate      *date,
               int         hour,
               int         minute,
               gint64     *unix_s,
               char      **note)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                             g_date_get_day (date), hour, minute, 0);
  gint64 wanted = ((((gint64) g_date_get_year (date) * 100 + g_date_get_month (date)) * 100 +
                    g_date_get_day (date)) * 100 + hour) * 100 + minute;
  gint64 lo, hi;

  if (dt == NULL)
    return FALSE;
  hi = g_date_time_to_unix (dt);
  if (wall_minute (tz, hi) == wanted)
    {
      *unix_s = hi;
      return TRUE;
    }

  /* In a gap: the first minute whose wall time is past the one asked for. */
  lo = hi - 6 * 3600;
  while (wall_minute (tz, hi) < wanted)
    hi += 3600;
  while (hi - lo > 60)
    {
      gint64 mid = lo + ((hi - lo) / 120) * 60;

      if (mid == lo)
        break;
      if (wall_minute (tz, mid) > wanted)
        hi = mid;
      else
        lo = mid;
    }
  *unix_s = hi;
  if (note != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (hi);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autofree char *at = g_date_time_format (local, "%H:%M");

      g_free (*note);
      /* Translators: "Starts at 03:00 instead of 02:30: …" */
      *note = g_strdup_printf (_("Starts at %s instead of %02d:%02d: the clocks go forward "
                                 "that day."), at, hour, minute);
    }
  return TRUE;
}

static gboolean
run_on (const OnairSchedule *schedule,
        GTimeZone           *tz,
        GDate               *date,
        OnairScheduleRun    *run)
{
  gint64 start_s, end_s;
  g_autofree char *note = NULL;

  if (!local_instant (tz, date, schedule->hour, schedule->minute, &start_s, &note))
    return FALSE;
  if (schedule->duration_minutes > 0)
    end_s = start_s + (gint64) schedule->duration_minutes * 60;
  else if (!local_instant (tz, date, schedule->end_hour, schedule->end_minute, &end_s, NULL))
    return FALSE;
  if (end_s <= start_s)
    end_s = start_s + 60;

  onair_schedule_run_clear (run);
  run->schedule_id = g_strdup (schedule->id);
  run->schedule_name = g_strdup (schedule->name);
  run->start_us = start_s * G_USEC_PER_SEC;
  run->end_us = end_s * G_USEC_PER_SEC;
  run->preflight_us = run->start_us - (gint64) schedule->lead_minutes * 60 * G_USEC_PER_SEC;
  run->note = g_steal_pointer (&note);
  return TRUE;
}

/**
 * onair_schedule_next_run:
 * @tz: the desktop's time zone
 * @after_us: µs since the epoch: the run found starts at or after it
 * @run: (out caller-allocates): filled in (clear it with onair_schedule_run_clear())
 *
 * Returns: %TRUE when the schedule has a run starting at or after @after_us
 */
gboolean
onair_schedule_next_run (const OnairSchedule *schedule,
                         GTimeZone           *tz,
                         gint64               after_us,
                         OnairScheduleRun    *run)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (run != NULL, FALSE);

  if (!onair_schedule_validate (schedule, NULL))
    return FALSE;

  if (schedule->repeat == ONAIR_SCHEDULE_ONCE)
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, schedule->day, schedule->month, schedule->year);
      return run_on (schedule, tz, &date, run) && run->start_us >= after_us;
    }

  utc = g_date_time_new_from_unix_utc (after_us / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, tz);
  g_date_clear (&date, 1);
  /* The day before too: a start in a gap may land on the next wall-clock day's side. */
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_subtract_days (&date, 1);
  for (guint i = 0; i < 10; i++, g_date_add_days (&date, 1))
    {
      if ((schedule->weekdays & (1u << g_date_get_weekday (&date))) == 0)
        continue;
      if (run_on (schedule, tz, &date, run) && run->start_us >= after_us)
        return TRUE;
    }
  onair_schedule_run_clear (run);
  return FALSE;
}

/**
 * onair_schedule_describe_when:
 *
 * Returns: "Mon, Wed, Fri at 19:00 for 2 h" or "On 2026-12-24 at 19:00 until 21:00", for people
 */
char *
onair_schedule_describe_when (const OnairSchedule *schedule)
{
  g_autoptr(GString) days = g_string_new (NULL);
  g_autofree char *how_long = NULL;

  g_return_val_if_fail (schedule != NULL, NULL);

  if (schedule->duration_minutes > 0)
    /* Translators: how long a scheduled show lasts, "for 2 h 30 min" */
    how_long = schedule->duration_minutes % 60 == 0
                 ? g_strdup_printf (_("for %u h"), schedule->duration_minutes / 60)
                 : schedule->duration_minutes < 60
                   ? g_strdup_printf (_("for %u min"), schedule->duration_minutes)
                   : g_strdup_printf (_("for %u h %u min"), schedule->duration_minutes / 60,
                                      schedule->duration_minutes % 60);
  else
    how_long = g_strdup_printf (_("until %02d:%02d"), schedule->end_hour, schedule->end_minute);

  if (schedule->repeat == ONAIR_SCHEDULE_ONCE)
    /* Translators: "On 2026-12-24 at 19:00 for 2 h" */
    return g_strdup_printf (_("On %04d-%02d-%02d at %02d:%02d %s"), schedule->year,
                            schedule->month, schedule->day, schedule->hour, schedule->minute,
                            how_long);

  for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    if (schedule->weekdays & (1u << day))
      g_string_append_printf (days, "%s%s", days->len > 0 ? ", " : "", _(weekday_names[day]));
  /* Translators: "Mon, Wed at 19:00 for 2 h" */
  return g_strdup_printf (_("%s at %02d:%02d %s"), days->str, schedule->hour, schedule->minute,
                          how_long);
}

void
onair_schedule_run_clear (OnairScheduleRun *run)
{
  g_clear_pointer (&run->schedule_id, g_free);
  g_clear_pointer (&run->schedule_name, g_free);
  g_clear_pointer (&run->note, g_free);
  run->preflight_us = run->start_us = run->end_us = 0;
}

OnairScheduleRun *
onair_schedule_run_copy (const OnairScheduleRun *run)
{
  OnairScheduleRun *copy = g_new0 (OnairScheduleRun, 1);

  copy->schedule_id = g_strdup (run->schedule_id);
  copy->schedule_name = g_strdup (run->schedule_name);
  copy->preflight_us = run->preflight_us;
  copy->start_us = run->start_us;
  copy->end_us = run->end_us;
  copy->note = g_strdup (run->note);
  return copy;
}

void
onair_schedule_run_free (OnairScheduleRun *run)
{
  if (run == NULL)
    return;
  onair_schedule_run_clear (run);
  g_free (run);
}

/**
 * onair_schedules_load:
 *
 * Returns: (transfer full) (element-type OnairSchedule): the saved schedules; unreadable
 *   ones are left out with a warning
 */
GPtrArray *
onair_schedules_load (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "schedules");
  GPtrArray *schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);
  GVariantIter iter;
  GVariant *child;

  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      OnairSchedule *schedule = onair_schedule_new_from_variant (child, &error);

      if (schedule != NULL)
        g_ptr_array_add (schedules, schedule);
      else
        g_warning ("%s", error->message);
      g_variant_unref (child);
    }
  return schedules;
}

void
onair_schedules_save (GSettings *settings,
                      GPtrArray *schedules)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < schedules->len; i++)
    g_variant_builder_add_value (&builder,
                                 onair_schedule_to_variant (g_ptr_array_index (schedules, i)));
  g_settings_set_value (settings, "schedules", g_variant_builder_end (&builder));
}
