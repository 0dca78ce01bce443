/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-scheduler.h"

G_BEGIN_DECLS

/* One schedule and its current (or next) run. */
typedef struct
{
  OnairScheduler   *scheduler;      /* not a reference */
  OnairSchedule    *schedule;
  OnairScheduleRun  run;
  gboolean          has_run;
  gint64            from_us;        /* the next run starts at or after this */
  gboolean          preflight_done;
  gboolean          started;        /* the start was sent */
  gboolean          stopping;       /* the stop was sent */
  gboolean          retried;
  const char       *start_outcome;  /* "done", "partial" */
  guint             pending;        /* operations in flight */
  OnairStreamGroup *started_group;  /* members confirmed live by this run */
  GPtrArray        *started_recordings; /* host ids */
  GPtrArray        *failures;       /* char*, for people */
  gboolean          alive;          /* FALSE once the slot left the scheduler */
  guint             refs;
} OnairScheduleSlot;

struct _OnairScheduler
{
  GObject                  parent_instance;

  OnairFleet              *fleet;
  OnairDestinationList    *destinations;
  OnairWitnessRecorder    *recorder;
  OnairAlertSinks         *sinks;
  GSettings               *settings;
  GTimeZone               *tz;
  OnairSchedulerClockFunc  clock_func;
  gpointer                 clock_data;
  GDestroyNotify           clock_destroy;

  GPtrArray               *groups;     /* OnairStreamGroup* */
  GPtrArray               *slots;      /* OnairScheduleSlot* */
  GPtrArray               *history;    /* OnairScheduleResult*, newest last */
  GCancellable            *history_cancellable;
  gboolean                 history_loaded;
  gint64                   last_check_us;
  gint64                   last_saved_us;
  gboolean                 first_tick_done;
  gboolean                 armed;
  guint                    timer_id;
  GCancellable            *cancellable;
};

gint64              onair_scheduler_now_us        (OnairScheduler     *self);
OnairStreamGroup   *onair_scheduler_lookup_group  (OnairScheduler     *self,
                                                   const char         *id);
void                onair_scheduler_alert         (OnairScheduler     *self,
                                                   const char         *code,
                                                   const char         *title,
                                                   const char         *message);
void                onair_scheduler_witness       (OnairScheduler     *self,
                                                   OnairScheduleSlot  *slot,
                                                   const char         *phase,
                                                   const char         *outcome,
                                                   const char         *message);
void                onair_scheduler_finish_run    (OnairScheduler     *self,
                                                   OnairScheduleSlot  *slot,
                                                   const char         *outcome,
                                                   const char         *message);
void                onair_scheduler_slot_unref    (OnairScheduleSlot  *slot);
void                onair_scheduler_emit_changed  (OnairScheduler     *self);

/* onair-scheduler-history.c */
void                onair_scheduler_load_history  (OnairScheduler     *self);

/* onair-scheduler-run.c */
void                onair_scheduler_run_preflight (OnairScheduler     *self,
                                                   OnairScheduleSlot  *slot);
void                onair_scheduler_run_start     (OnairScheduler     *self,
                                                   OnairScheduleSlot  *slot);
void                onair_scheduler_run_stop      (OnairScheduler     *self,
                                                   OnairScheduleSlot  *slot);

G_END_DECLS
