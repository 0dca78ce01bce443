/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-alert-sinks.h"
#include "onair-fleet.h"
#include "onair-schedule.h"
#include "onair-witness-recorder.h"

G_BEGIN_DECLS

/* µs since the epoch, as g_get_real_time(); tests drive time with their own. */
typedef gint64 (*OnairSchedulerClockFunc) (gpointer user_data);

/**
 * OnairScheduleResult:
 * @run: the run
 * @outcome: "done", "partial", "failed", "missed", or "not-stopped" (Onair was not running
 *   at the end)
 * @message: (nullable): for people: what failed, or why it was missed
 */
typedef struct
{
  OnairScheduleRun  run;
  char             *outcome;
  char             *message;
} OnairScheduleResult;

void onair_schedule_result_free (OnairScheduleResult *result);

#define ONAIR_TYPE_SCHEDULER (onair_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (OnairScheduler, onair_scheduler, ONAIR, SCHEDULER, GObject)

OnairScheduler *onair_scheduler_new              (OnairFleet              *fleet,
                                                  OnairDestinationList    *destinations);
void            onair_scheduler_set_clock        (OnairScheduler          *self,
                                                  OnairSchedulerClockFunc  func,
                                                  gpointer                 user_data,
                                                  GDestroyNotify           destroy);
void            onair_scheduler_set_time_zone    (OnairScheduler          *self,
                                                  GTimeZone               *tz);
void            onair_scheduler_set_recorder     (OnairScheduler          *self,
                                                  OnairWitnessRecorder    *recorder);
void            onair_scheduler_set_alert_sinks  (OnairScheduler          *self,
                                                  OnairAlertSinks         *sinks);
void            onair_scheduler_set_settings     (OnairScheduler          *self,
                                                  GSettings               *settings);
void            onair_scheduler_set_groups       (OnairScheduler          *self,
                                                  GPtrArray               *groups);
void            onair_scheduler_set_schedules    (OnairScheduler          *self,
                                                  GPtrArray               *schedules);
void            onair_scheduler_set_last_check_us (OnairScheduler         *self,
                                                   gint64                  last_check_us);
gint64          onair_scheduler_get_last_check_us (OnairScheduler         *self);
void            onair_scheduler_start_timer      (OnairScheduler          *self);
void            onair_scheduler_tick             (OnairScheduler          *self);
gboolean        onair_scheduler_get_armed        (OnairScheduler          *self);
gboolean        onair_scheduler_is_busy          (OnairScheduler          *self);
GPtrArray      *onair_scheduler_dup_upcoming     (OnairScheduler          *self);
GPtrArray      *onair_scheduler_get_history      (OnairScheduler          *self);
gboolean        onair_scheduler_get_history_loaded (OnairScheduler        *self);
gboolean        onair_scheduler_check_targets    (OnairScheduler          *self,
                                                  const OnairSchedule     *schedule,
                                                  GError                 **error);

/* onair-scheduler-run.c */
GPtrArray      *onair_scheduler_preflight        (OnairScheduler          *self,
                                                  const OnairSchedule     *schedule);

G_END_DECLS
