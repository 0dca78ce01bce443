/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* 24 hours at one sample a second. */
#define ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY 86400

/* Metric ids the health monitor writes. Per-channel and per-ingest ids are built with
 * onair_health_metric_stream_live() and onair_health_metric_ingest(). */
#define ONAIR_HEALTH_METRIC_CONNECTION_STATE     "connection_state"
#define ONAIR_HEALTH_METRIC_RTT_MS               "rtt_ms"
#define ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE    "poll_failure_rate"
#define ONAIR_HEALTH_METRIC_RECORDING            "recording"
#define ONAIR_HEALTH_METRIC_RECORDING_DURATION_S "recording_duration_s"
#define ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT     "master_dbfs_left"
#define ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT    "master_dbfs_right"

/* Suffixes of per-ingest metrics: "ingest_<id>_<suffix>". */
#define ONAIR_HEALTH_INGEST_BITRATE_KBPS  "bitrate_kbps"   /* from bytes received over time */
#define ONAIR_HEALTH_INGEST_BW_IN_KBPS    "bw_in_kbps"     /* as the ingest server reports it */
#define ONAIR_HEALTH_INGEST_BYTES_IN      "bytes_in"
#define ONAIR_HEALTH_INGEST_FPS           "fps"            /* from frames received over time */
#define ONAIR_HEALTH_INGEST_META_FPS      "meta_fps"       /* declared by the encoder */
#define ONAIR_HEALTH_INGEST_DROPPED_RATIO "dropped_ratio"

char *onair_health_metric_stream_live (guint       channel);
char *onair_health_metric_srt_output  (guint       output);
char *onair_health_metric_ingest      (const char *ingest_id,
                                       const char *suffix);

/**
 * OnairHealthMetricKind:
 * @ONAIR_HEALTH_METRIC_NUMBER: a measured number
 * @ONAIR_HEALTH_METRIC_STATE: a state coded as a number (on/off, a connection state),
 *   written as a word
 */
typedef enum
{
  ONAIR_HEALTH_METRIC_NUMBER,
  ONAIR_HEALTH_METRIC_STATE,
} OnairHealthMetricKind;

/**
 * OnairHealthMetricInfo:
 * @kind: a number or a state
 * @unit: (nullable): the unit of a number, e.g. "ms", untranslated (it goes into files)
 * @decimals: digits after the point for a number Onair derived (dBFS from vMix's peak, a
 *   share of polls), -1 for a number as vMix or the ingest server gave it (its shortest exact
 *   form)
 * @lane: (nullable): the timeline lane of a state metric, e.g. "stream-2"
 */
typedef struct
{
  OnairHealthMetricKind  kind;
  const char            *unit;
  int                    decimals;
  const char            *lane;
} OnairHealthMetricInfo;

/**
 * OnairHealthLaneState:
 * @ONAIR_HEALTH_LANE_UNKNOWN: Onair could not see (not running, vMix not answering, or vMix
 *   not saying which stream)
 * @ONAIR_HEALTH_LANE_OFF: off
 * @ONAIR_HEALTH_LANE_LIVE: on air (a stream), recording, or sending (an SRT output)
 * @ONAIR_HEALTH_LANE_LOST: went off without Onair stopping it, until restarted or dealt with
 */
typedef enum
{
  ONAIR_HEALTH_LANE_UNKNOWN,
  ONAIR_HEALTH_LANE_OFF,
  ONAIR_HEALTH_LANE_LIVE,
  ONAIR_HEALTH_LANE_LOST,
} OnairHealthLaneState;

/**
 * OnairHealthEventKind:
 * @ONAIR_HEALTH_EVENT_LANE: a lane of the on-air timeline changed state
 * @ONAIR_HEALTH_EVENT_ALERT: the health status changed (an alert, or the end of one)
 */
typedef enum
{
  ONAIR_HEALTH_EVENT_LANE,
  ONAIR_HEALTH_EVENT_ALERT,
} OnairHealthEventKind;

/**
 * OnairHealthEvent:
 * @kind: what happened
 * @time_ms: when (Unix ms)
 * @subject: a lane's id ("stream-1", "recording", "srt-1"), or an alert's host name
 * @state: the lane's #OnairHealthLaneState, or the alert's new #OnairHealthStatus
 * @previous: an alert's previous #OnairHealthStatus; 0 for a lane
 * @text: (nullable): a lane's destination name, or an alert's reasons, one a line
 */
typedef struct
{
  OnairHealthEventKind  kind;
  gint64                time_ms;
  char                 *subject;
  int                   state;
  int                   previous;
  char                 *text;
} OnairHealthEvent;

/**
 * OnairHealthSegment:
 * @start_ms: when the lane entered @state
 * @end_ms: when it left it (or the end of the span asked for)
 * @state: the lane's state
 * @detail: (nullable): the destination, for a stream
 */
typedef struct
{
  gint64                start_ms;
  gint64                end_ms;
  OnairHealthLaneState  state;
  char                 *detail;
} OnairHealthSegment;

gboolean     onair_health_metric_get_info       (const char            *metric,
                                                 OnairHealthMetricInfo *info);
char        *onair_health_metric_format_value   (const char            *metric,
                                                 double                 value,
                                                 OnairHealthLaneState   lane_state);
const char  *onair_health_lane_state_to_string  (OnairHealthLaneState   state);

/**
 * OnairHealthBucket:
 * @start_ms: first instant of the bucket (Unix time, ms)
 * @end_ms: first instant after the bucket; the last bucket of a reduction also holds the
 *   samples stamped exactly at its end
 * @min: smallest known value, NaN when @count is 0
 * @max: largest known value, NaN when @count is 0
 * @last: the latest known value in the bucket, NaN when @count is 0
 * @last_ms: when @last was sampled, 0 when @count is 0
 * @count: samples with a known value
 * @n_samples: all samples in the bucket, gaps (NaN) included
 *
 * One pixel column's worth of a series. A bucket with @n_samples > 0 and @count == 0 lies in
 * a gap (the value was unknown); one with @n_samples == 0 has no sample at all.
 */
typedef struct
{
  gint64 start_ms;
  gint64 end_ms;
  double min;
  double max;
  double last;
  gint64 last_ms;
  guint  count;
  guint  n_samples;
} OnairHealthBucket;

#define ONAIR_TYPE_HEALTH_HISTORY (onair_health_history_get_type ())
G_DECLARE_FINAL_TYPE (OnairHealthHistory, onair_health_history, ONAIR, HEALTH_HISTORY, GObject)

OnairHealthHistory *onair_health_history_new             (guint                capacity);
guint               onair_health_history_get_capacity    (OnairHealthHistory  *self);
void                onair_health_history_append          (OnairHealthHistory  *self,
                                                          const char          *metric,
                                                          gint64               timestamp_ms,
                                                          double               value);
gboolean            onair_health_history_has_metric      (OnairHealthHistory  *self,
                                                          const char          *metric);
char              **onair_health_history_list_metrics    (OnairHealthHistory  *self);
guint               onair_health_history_get_n_samples   (OnairHealthHistory  *self,
                                                          const char          *metric);
gboolean            onair_health_history_get_time_range  (OnairHealthHistory  *self,
                                                          const char          *metric,
                                                          gint64              *first_ms,
                                                          gint64              *last_ms);
gboolean            onair_health_history_get_last        (OnairHealthHistory  *self,
                                                          const char          *metric,
                                                          gint64              *timestamp_ms,
                                                          double              *value);
gboolean            onair_health_history_get_sample      (OnairHealthHistory  *self,
                                                          const char          *metric,
                                                          guint                index,
                                                          gint64              *timestamp_ms,
                                                          double              *value);
gboolean            onair_health_history_reduce          (OnairHealthHistory  *self,
                                                          const char          *metric,
                                                          gint64               from_ms,
                                                          gint64               to_ms,
                                                          guint                n_buckets,
                                                          OnairHealthBucket   *out);
void                onair_health_history_clear           (OnairHealthHistory  *self);

/* Events: the on-air timeline and the alerts (onair-health-history-events.c). */
void                onair_health_history_add_event       (OnairHealthHistory     *self,
                                                          const OnairHealthEvent *event);
gboolean            onair_health_history_set_lane        (OnairHealthHistory  *self,
                                                          const char          *lane,
                                                          gint64               time_ms,
                                                          OnairHealthLaneState state,
                                                          const char          *detail);
OnairHealthLaneState onair_health_history_get_lane_state (OnairHealthHistory  *self,
                                                          const char          *lane,
                                                          const char         **detail);
void                onair_health_history_add_alert       (OnairHealthHistory  *self,
                                                          gint64               time_ms,
                                                          const char          *host,
                                                          int                  status,
                                                          int                  previous,
                                                          const char          *reasons);
guint               onair_health_history_get_n_events    (OnairHealthHistory  *self);
const OnairHealthEvent *onair_health_history_get_event   (OnairHealthHistory  *self,
                                                          guint                index);
guint               onair_health_history_find_event      (OnairHealthHistory  *self,
                                                          gint64               time_ms);
char              **onair_health_history_list_lanes      (OnairHealthHistory  *self);
GArray             *onair_health_history_get_segments    (OnairHealthHistory  *self,
                                                          const char          *lane,
                                                          gint64               from_ms,
                                                          gint64               to_ms,
                                                          gint64               now_ms);
gboolean            onair_health_history_get_show_range  (OnairHealthHistory  *self,
                                                          gint64               now_ms,
                                                          gint64              *from_ms,
                                                          gint64              *to_ms);
void                onair_health_history_merge_older     (OnairHealthHistory  *self,
                                                          OnairHealthHistory  *older);

gboolean            onair_health_history_write_csv        (OnairHealthHistory   *self,
                                                           GOutputStream        *stream,
                                                           const char * const   *metrics,
                                                           gint64                from_ms,
                                                           gint64                to_ms,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
void                onair_health_history_write_csv_async  (OnairHealthHistory   *self,
                                                           GOutputStream        *stream,
                                                           const char * const   *metrics,
                                                           gint64                from_ms,
                                                           gint64                to_ms,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            onair_health_history_write_csv_finish (OnairHealthHistory   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                onair_health_history_write_alerts_csv_async  (OnairHealthHistory  *self,
                                                                  GOutputStream       *stream,
                                                                  gint64               from_ms,
                                                                  gint64               to_ms,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean            onair_health_history_write_alerts_csv_finish (OnairHealthHistory  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);

char               *onair_health_format_timestamp_ms       (gint64                unix_ms);
char               *onair_health_format_local_timestamp_ms (gint64                unix_ms);
char               *onair_health_format_double             (double                value);
char               *onair_health_format_decimals           (double                value,
                                                            int                   decimals);

G_END_DECLS
