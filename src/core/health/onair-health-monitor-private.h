/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-health-monitor.h"

G_BEGIN_DECLS

/* Between the monitor's files: onair-health-monitor.c (the object, the status and its
 * hysteresis), onair-health-rules.c (windows and rules), onair-health-monitor-inputs.c (what it
 * is fed, and the objects it follows) and onair-health-reason.c (statuses and reasons). */

typedef struct
{
  gint64 time_ms;
  double value;
} TimedValue;

typedef struct
{
  gint64 time_ms;
  gint64 frames;
  gint64 dropped;
} FrameCount;

typedef struct
{
  gboolean  known;
  gboolean  live;
  gint64    since_ms;
  GArray   *toggles;     /* gint64 times, of changes Onair did not ask for */
  gboolean  lost;
  gint64    expect_until_ms; /* Onair asked for a change: the next one until then is not a toggle */
} Channel;

typedef struct
{
  OnairHealthMonitor *monitor;
  char               *id;
  char               *label;
  int                 channel;
  double              nominal_fps;
  OnairIngestSource  *source;
  gulong              source_handlers[2];  /* updated, failed */
  gboolean            armed;          /* seen publishing, for ingests without a channel */
  gboolean            expected;
  gint64              expected_since_ms;
  gboolean            have_stats;
  gboolean            failing;
  gint64              last_data_ms;
  gint64              last_bytes;
  double              meta_fps;
  GArray             *fps;            /* TimedValue */
  GArray             *frames;         /* FrameCount */
} Ingest;

struct _OnairHealthMonitor
{
  GObject                parent_instance;

  OnairHealthHistory    *history;
  OnairHealthClockFunc   clock;
  gpointer               clock_data;
  GDestroyNotify         clock_destroy;
  OnairHealthThresholds  thresholds;
  guint                  tick_interval_ms;
  guint                  tick_id;

  OnairPoller           *poller;
  gulong                 poller_handlers[3];      /* state, failed poll, connection */

  gboolean               vmix_in_use;
  OnairConnectionState   connection;
  gboolean               have_state;
  gint64                 last_state_ms;
  GArray                *rtt;          /* TimedValue, ms, successful polls */
  GArray                *polls;        /* TimedValue, 1 failed, 0 succeeded */

  guint                  stream_count;
  Channel                channels[ONAIR_VMIX_MAX_STREAMS];

  gboolean               recording;
  gboolean               recording_stopped_outside;
  gboolean               fade_to_black;
  gboolean               master_muted;
  gint64                 recording_duration;
  gint64                 duration_changed_ms;

  gboolean               have_master;
  gint64                 silent_since_ms;

  GPtrArray             *ingests;      /* Ingest* */

  OnairHealthStatus      status;
  GPtrArray             *reasons;      /* OnairHealthReason* */
  gint64                 better_since_ms;
};

/* Statuses and reasons (onair-health-reason.c) */
int        onair_health_status_rank               (OnairHealthStatus        status);
gboolean   onair_health_status_is_alert           (OnairHealthStatus        status);
gboolean   onair_health_reason_same_rule          (const OnairHealthReason *a,
                                                   const OnairHealthReason *b);
gboolean   onair_health_reasons_equal             (GPtrArray               *a,
                                                   GPtrArray               *b);
GPtrArray *onair_health_reasons_new               (void);
void       onair_health_reasons_take              (GPtrArray               *reasons,
                                                   OnairHealthStatus        severity,
                                                   const char              *code,
                                                   const char              *subject,
                                                   char                    *message,
                                                   char                    *message_untranslated);
void       onair_health_reasons_add               (GPtrArray               *reasons,
                                                   OnairHealthStatus        severity,
                                                   const char              *code,
                                                   const char              *subject,
                                                   const char              *format,
                                                   ...) G_GNUC_PRINTF (5, 6);

/* Windows and rules (onair-health-rules.c) */
void       onair_health_prune_timed               (GArray                  *array,
                                                   gint64                   oldest_ms);
void       onair_health_prune_times               (GArray                  *array,
                                                   gint64                   oldest_ms);
void       onair_health_push_timed                (GArray                  *array,
                                                   gint64                   time_ms,
                                                   double                   value);
gboolean   onair_health_monitor_vmix_connected    (OnairHealthMonitor      *self);
double     onair_health_monitor_poll_failure_rate (OnairHealthMonitor      *self,
                                                   gint64                   now_ms);
gboolean   onair_health_monitor_apply_rules       (OnairHealthMonitor      *self,
                                                   gint64                   now_ms,
                                                   GPtrArray               *reasons);

/* Inputs (onair-health-monitor-inputs.c) */
void       onair_health_ingest_free               (gpointer                 data);

G_END_DECLS
