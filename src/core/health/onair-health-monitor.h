/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "onair-health-history.h"
#include "onair-ingest-source.h"
#include "core/vmix/onair-poller.h"
#include "core/vmix/onair-vmix-state.h"

G_BEGIN_DECLS

/**
 * OnairHealthStatus:
 * @ONAIR_HEALTH_UNKNOWN: nothing measured yet, or not connected
 * @ONAIR_HEALTH_HEALTHY: every rule passes
 * @ONAIR_HEALTH_WARNING: something needs a look
 * @ONAIR_HEALTH_CRITICAL: the show is in trouble
 */
typedef enum
{
  ONAIR_HEALTH_UNKNOWN,
  ONAIR_HEALTH_HEALTHY,
  ONAIR_HEALTH_WARNING,
  ONAIR_HEALTH_CRITICAL,
} OnairHealthStatus;

GType       onair_health_status_get_type  (void) G_GNUC_CONST;
#define ONAIR_TYPE_HEALTH_STATUS (onair_health_status_get_type ())
const char *onair_health_status_to_string (OnairHealthStatus status);

/**
 * OnairHealthReason:
 * @severity: %ONAIR_HEALTH_WARNING, %ONAIR_HEALTH_CRITICAL, or %ONAIR_HEALTH_UNKNOWN for
 *   "cannot tell"
 * @code: stable id of the rule, e.g. "recording-stalled" (see the rules in the .c file)
 * @subject: what it is about: "vmix", "recording", "master", "stream-2", "ingest:<id>"
 * @message: for people, translated, e.g. "Master silent for 16 s"
 * @message_untranslated: the same in English, for the witness chain
 */
typedef struct
{
  OnairHealthStatus  severity;
  char              *code;
  char              *subject;
  char              *message;
  char              *message_untranslated;
} OnairHealthReason;

#define ONAIR_TYPE_HEALTH_REASON (onair_health_reason_get_type ())
GType              onair_health_reason_get_type (void) G_GNUC_CONST;
OnairHealthReason *onair_health_reason_copy     (const OnairHealthReason *reason);
void               onair_health_reason_free     (OnairHealthReason       *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairHealthReason, onair_health_reason_free)

/**
 * OnairHealthThresholds:
 * @window_s: span of the windowed rules (RTT, failures, frame rate, dropped frames)
 * @rtt_warning_ms: round trip of the slowest 10 % of polls (never one poll alone) above
 *   which the status is a warning
 * @rtt_critical_ms: same, critical
 * @poll_failure_warning: share of failed polls in the window (0–1), warning above
 * @poll_failure_critical: same, critical
 * @flap_max_toggles: a channel changing more often than this in @flap_window_s flaps
 * @flap_window_s: see @flap_max_toggles
 * @recording_stall_s: recording with a duration that did not advance this long is stalled
 * @silence_dbfs: master peak below this (both channels) counts as silence
 * @silence_warning_s: silence this long is a warning
 * @silence_critical_s: silence this long is critical
 * @fps_warning_ratio: measured frame rate below this share of the nominal one is a warning
 * @fps_critical_ratio: same, critical
 * @dropped_warning_ratio: dropped frames above this share of the frames in the window
 * @dropped_critical_ratio: same, critical
 * @ingest_stale_warning_s: an expected ingest stream without new data this long, warning
 * @ingest_stale_critical_s: same, critical
 * @recovery_hold_s: a better status applies only after it held this long (a worse one at
 *   once)
 */
typedef struct
{
  guint  window_s;
  guint  rtt_warning_ms;
  guint  rtt_critical_ms;
  double poll_failure_warning;
  double poll_failure_critical;
  guint  flap_max_toggles;
  guint  flap_window_s;
  guint  recording_stall_s;
  double silence_dbfs;
  guint  silence_warning_s;
  guint  silence_critical_s;
  double fps_warning_ratio;
  double fps_critical_ratio;
  double dropped_warning_ratio;
  double dropped_critical_ratio;
  guint  ingest_stale_warning_s;
  guint  ingest_stale_critical_s;
  guint  recovery_hold_s;
} OnairHealthThresholds;

void onair_health_thresholds_init (OnairHealthThresholds *thresholds);

/* Floor of the dBFS scale, for silence and for a meter at 0. */
#define ONAIR_HEALTH_DBFS_FLOOR (-100.0)
double onair_health_peak_to_dbfs (double peak);

/**
 * OnairHealthClockFunc:
 *
 * Returns: the time now, Unix ms
 */
typedef gint64 (*OnairHealthClockFunc) (gpointer user_data);

#define ONAIR_TYPE_HEALTH_MONITOR (onair_health_monitor_get_type ())
G_DECLARE_FINAL_TYPE (OnairHealthMonitor, onair_health_monitor, ONAIR, HEALTH_MONITOR, GObject)

OnairHealthMonitor *onair_health_monitor_new                  (OnairHealthHistory          *history);
OnairHealthHistory *onair_health_monitor_get_history          (OnairHealthMonitor          *self);
void                onair_health_monitor_set_clock            (OnairHealthMonitor          *self,
                                                               OnairHealthClockFunc         func,
                                                               gpointer                     user_data,
                                                               GDestroyNotify               destroy);
gint64              onair_health_monitor_get_now_ms           (OnairHealthMonitor          *self);
void                onair_health_monitor_set_tick_interval_ms (OnairHealthMonitor          *self,
                                                               guint                        interval_ms);
void                onair_health_monitor_get_thresholds       (OnairHealthMonitor          *self,
                                                               OnairHealthThresholds       *thresholds);
void                onair_health_monitor_set_thresholds       (OnairHealthMonitor          *self,
                                                               const OnairHealthThresholds *thresholds);

/* Wiring to the live objects. */
void                onair_health_monitor_attach_poller        (OnairHealthMonitor          *self,
                                                               OnairPoller                 *poller);
void                onair_health_monitor_attach_ingest_source (OnairHealthMonitor          *self,
                                                               OnairIngestSource           *source,
                                                               const char                  *label,
                                                               int                          channel);
void                onair_health_monitor_detach_ingest_source (OnairHealthMonitor          *self,
                                                               OnairIngestSource           *source);

/* Inputs, as the attached objects feed them; tests script them directly. */
void                onair_health_monitor_set_connection_state (OnairHealthMonitor          *self,
                                                               OnairConnectionState         state);
void                onair_health_monitor_add_state            (OnairHealthMonitor          *self,
                                                               OnairVmixState              *state,
                                                               gint64                       round_trip_us);
void                onair_health_monitor_add_poll_failure     (OnairHealthMonitor          *self,
                                                               const GError                *error);
void                onair_health_monitor_report_stream_lost   (OnairHealthMonitor          *self,
                                                               guint                        channel);
void                onair_health_monitor_clear_stream_lost    (OnairHealthMonitor          *self,
                                                               guint                        channel);
void                onair_health_monitor_expect_stream_change (OnairHealthMonitor        *self,
                                                               guint                      channel);
void                onair_health_monitor_report_recording_stopped (OnairHealthMonitor    *self,
                                                               gboolean                   stopped);
void                onair_health_monitor_watch_ingest         (OnairHealthMonitor          *self,
                                                               const char                  *ingest_id,
                                                               const char                  *label,
                                                               int                          channel);
void                onair_health_monitor_unwatch_ingest       (OnairHealthMonitor          *self,
                                                               const char                  *ingest_id);
void                onair_health_monitor_set_ingest_nominal_fps (OnairHealthMonitor        *self,
                                                               const char                  *ingest_id,
                                                               double                       fps);
void                onair_health_monitor_add_ingest_stats     (OnairHealthMonitor          *self,
                                                               const char                  *ingest_id,
                                                               const OnairIngestStream     *stream);
void                onair_health_monitor_add_ingest_failure   (OnairHealthMonitor          *self,
                                                               const char                  *ingest_id,
                                                               const GError                *error);

/* Status. */
void                onair_health_monitor_evaluate             (OnairHealthMonitor          *self);
OnairHealthStatus   onair_health_monitor_get_status           (OnairHealthMonitor          *self);
GPtrArray          *onair_health_monitor_get_reasons          (OnairHealthMonitor          *self);
gboolean            onair_health_monitor_has_reason           (OnairHealthMonitor          *self,
                                                               const char                  *code,
                                                               const char                  *subject);

/* Per-channel observations. */
guint               onair_health_monitor_get_stream_count     (OnairHealthMonitor          *self);
gboolean            onair_health_monitor_get_stream_live      (OnairHealthMonitor          *self,
                                                               guint                        channel);
gint64              onair_health_monitor_get_stream_since_ms  (OnairHealthMonitor          *self,
                                                               guint                        channel);
guint               onair_health_monitor_get_stream_toggles   (OnairHealthMonitor          *self,
                                                               guint                        channel);

JsonObject         *onair_health_alert_params_new             (OnairHealthStatus            status,
                                                               OnairHealthStatus            previous,
                                                               GPtrArray                   *reasons);

G_END_DECLS
