/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-stream-group.h"

G_BEGIN_DECLS

#define ONAIR_SCHEDULE_ERROR (onair_schedule_error_quark ())

typedef enum
{
  ONAIR_SCHEDULE_ERROR_INVALID,
  ONAIR_SCHEDULE_ERROR_NO_NAME,
  ONAIR_SCHEDULE_ERROR_NO_WEEKDAYS,
  ONAIR_SCHEDULE_ERROR_END_BEFORE_START,
  ONAIR_SCHEDULE_ERROR_NOTHING_TO_DO,
  ONAIR_SCHEDULE_ERROR_UNKNOWN_TARGET,
} OnairScheduleError;

GQuark onair_schedule_error_quark (void);

#define ONAIR_SCHEDULE_DEFAULT_LEAD_MINUTES 15

typedef enum
{
  ONAIR_SCHEDULE_ONCE,
  ONAIR_SCHEDULE_WEEKLY,
} OnairScheduleRepeat;

/**
 * OnairSchedule:
 * @id: stable id
 * @name: "Evening show"
 * @repeat: once, or weekly
 * @year: (once) the date, local
 * @weekdays: (weekly) a bit per #GDateWeekday: `1 << G_DATE_MONDAY` …
 * @hour: the local start time
 * @end_hour: the local end time, when @duration_minutes is 0
 * @duration_minutes: how long, or 0 when the end is a time of day (@end_hour, @end_minute)
 * @lead_minutes: when the pre-flight runs, before the start
 * @group_id: (nullable): a stream group that starts and stops
 * @members: (element-type OnairStreamGroupMember): streams that start and stop
 * @recording_hosts: (nullable): hosts whose recording starts and stops
 *
 * A show that Onair starts and stops on its own, in the desktop's time zone.
 */
typedef struct
{
  char                *id;
  char                *name;
  OnairScheduleRepeat  repeat;
  int                  year;
  int                  month;
  int                  day;
  guint                weekdays;
  int                  hour;
  int                  minute;
  int                  end_hour;
  int                  end_minute;
  guint                duration_minutes;
  guint                lead_minutes;
  char                *group_id;
  GPtrArray           *members;
  GStrv                recording_hosts;
} OnairSchedule;

/**
 * OnairScheduleRun:
 * @schedule_id: whose run
 * @start_us: when it starts, µs since the epoch
 * @note: (nullable): why it does not start at the time asked (a daylight-saving change)
 */
typedef struct
{
  char   *schedule_id;
  char   *schedule_name;
  gint64  preflight_us;
  gint64  start_us;
  gint64  end_us;
  char   *note;
} OnairScheduleRun;

OnairSchedule    *onair_schedule_new               (const char           *id,
                                                    const char           *name);
OnairSchedule    *onair_schedule_copy              (const OnairSchedule  *schedule);
void              onair_schedule_free              (OnairSchedule        *schedule);
void              onair_schedule_add_member        (OnairSchedule        *schedule,
                                                    const char           *host_id,
                                                    guint                 channel,
                                                    const char           *destination_id);
GVariant         *onair_schedule_to_variant        (const OnairSchedule  *schedule);
OnairSchedule    *onair_schedule_new_from_variant  (GVariant             *variant,
                                                    GError              **error);
gboolean          onair_schedule_validate          (const OnairSchedule  *schedule,
                                                    GError              **error);
gboolean          onair_schedule_next_run          (const OnairSchedule  *schedule,
                                                    GTimeZone            *tz,
                                                    gint64                after_us,
                                                    OnairScheduleRun     *run);
char             *onair_schedule_describe_when     (const OnairSchedule  *schedule);

void              onair_schedule_run_clear         (OnairScheduleRun     *run);
OnairScheduleRun *onair_schedule_run_copy          (const OnairScheduleRun *run);
void              onair_schedule_run_free          (OnairScheduleRun     *run);

GPtrArray        *onair_schedules_load             (GSettings            *settings);
void              onair_schedules_save             (GSettings            *settings,
                                                    GPtrArray            *schedules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairSchedule, onair_schedule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairScheduleRun, onair_schedule_run_free)

G_END_DECLS
