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
char *onair_health_metric_ingest      (const char *ingest_id,
                                       const char *suffix);

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

char               *onair_health_format_timestamp_ms      (gint64                unix_ms);
char               *onair_health_format_double            (double                value);

G_END_DECLS
