/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "onair-health-history-private.h"

/* The history: one series a metric (onair-health-series.c), appended to as the monitor
 * measures, reduced to buckets for graphs; written as CSV by onair-health-history-csv.c.
 * Its events (the on-air timeline's lanes and the alerts) are in
 * onair-health-history-events.c. */

G_DEFINE_FINAL_TYPE (OnairHealthHistory, onair_health_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

enum {
  APPENDED,
  EVENT_ADDED,
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Object */

static void
onair_health_history_finalize (GObject *object)
{
  OnairHealthHistory *self = ONAIR_HEALTH_HISTORY (object);

  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_hash_table_unref);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->lanes, g_hash_table_unref);

  G_OBJECT_CLASS (onair_health_history_parent_class)->finalize (object);
}

static void
onair_health_history_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnairHealthHistory *self = ONAIR_HEALTH_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_health_history_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OnairHealthHistory *self = ONAIR_HEALTH_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_health_history_class_init (OnairHealthHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_health_history_finalize;
  object_class->get_property = onair_health_history_get_property;
  object_class->set_property = onair_health_history_set_property;

  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 1, G_MAXINT32,
                       ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairHealthHistory::appended:
   * @metric: the metric's id (also the signal's detail)
   * @timestamp_ms: the sample's time, Unix ms
   * @value: the value, NaN for a gap
   *
   * Emitted after each sample, so a graph redraws only when something arrived; connect to
   * "appended::rtt_ms" for one metric.
   */
  signals[APPENDED] =
    g_signal_new ("appended", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_INT64, G_TYPE_DOUBLE);
  /**
   * OnairHealthHistory::event-added:
   * @event: (type gpointer): the #OnairHealthEvent, valid during the emission
   *
   * Emitted after each event: a lane's change or an alert.
   */
  signals[EVENT_ADDED] =
    g_signal_new ("event-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * OnairHealthHistory::loaded:
   *
   * Emitted after samples and events of an earlier run were merged in
   * (onair_health_history_merge_older()), or after the history was cleared: whatever was
   * drawn from it is to be drawn again.
   */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
onair_health_history_emit_loaded (OnairHealthHistory *self)
{
  g_signal_emit (self, signals[LOADED], 0);
}

void
onair_health_history_emit_event_added (OnairHealthHistory     *self,
                                       const OnairHealthEvent *event)
{
  g_signal_emit (self, signals[EVENT_ADDED], 0, event);
}

static void
onair_health_history_init (OnairHealthHistory *self)
{
  self->capacity = ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY;
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        onair_health_series_free);
  self->order = g_ptr_array_new ();
  onair_health_history_events_init (self);
}

/**
 * onair_health_history_new:
 * @capacity: samples kept per metric, 0 for the default (24 h at 1 Hz)
 *
 * Returns: (transfer full): an empty history
 */
OnairHealthHistory *
onair_health_history_new (guint capacity)
{
  return g_object_new (ONAIR_TYPE_HEALTH_HISTORY,
                       "capacity", capacity > 0 ? capacity : ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY,
                       NULL);
}

guint
onair_health_history_get_capacity (OnairHealthHistory *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), 0);
  return self->capacity;
}

static gboolean
metric_id_is_valid (const char *metric)
{
  if (metric == NULL || *metric == '\0')
    return FALSE;
  for (const char *p = metric; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

Series *
onair_health_history_lookup (OnairHealthHistory *self,
                             const char         *metric)
{
  return metric != NULL ? g_hash_table_lookup (self->series, metric) : NULL;
}

/**
 * onair_health_history_append:
 * @metric: the metric's id: ASCII letters, digits, '_', '-' and '.'
 * @timestamp_ms: Unix time in ms; a time before the metric's last sample counts as that
 *   sample's time
 * @value: the value, NaN when it is unknown (a gap in the graph)
 *
 * Appends a sample in O(1) (amortised), dropping the metric's oldest sample once the ring
 * is full. The metric is created on its first sample.
 */
void
onair_health_history_append (OnairHealthHistory *self,
                             const char         *metric,
                             gint64              timestamp_ms,
                             double              value)
{
  Series *series;

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (metric_id_is_valid (metric));

  series = onair_health_history_lookup (self, metric);
  if (series == NULL)
    {
      series = onair_health_series_new (metric, self->capacity);
      g_hash_table_insert (self->series, series->id, series);
      g_ptr_array_add (self->order, series);
    }
  onair_health_series_append (series, timestamp_ms, value);

  g_signal_emit (self, signals[APPENDED], g_quark_from_string (series->id),
                 series->id, sample_time (series, series->next_seq - 1), value);
}

gboolean
onair_health_history_has_metric (OnairHealthHistory *self,
                                 const char         *metric)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  return onair_health_history_lookup (self, metric) != NULL;
}

/**
 * onair_health_history_list_metrics:
 *
 * Returns: (transfer full): the metrics' ids, in the order they first had a sample
 */
char **
onair_health_history_list_metrics (OnairHealthHistory *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), NULL);

  for (guint i = 0; i < self->order->len; i++)
    g_strv_builder_add (builder, ((Series *) g_ptr_array_index (self->order, i))->id);
  return g_strv_builder_end (builder);
}

/**
 * onair_health_history_get_n_samples:
 *
 * Returns: the samples the metric holds now, at most the capacity
 */
guint
onair_health_history_get_n_samples (OnairHealthHistory *self,
                                    const char         *metric)
{
  Series *series;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), 0);

  series = onair_health_history_lookup (self, metric);
  return series != NULL ? onair_health_series_length (series) : 0;
}

/**
 * onair_health_history_get_time_range:
 * @first_ms: (out) (optional): time of the oldest sample kept
 * @last_ms: (out) (optional): time of the newest sample
 *
 * Returns: %FALSE when the metric has no sample
 */
gboolean
onair_health_history_get_time_range (OnairHealthHistory *self,
                                     const char         *metric,
                                     gint64             *first_ms,
                                     gint64             *last_ms)
{
  Series *series;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);

  series = onair_health_history_lookup (self, metric);
  if (series == NULL || series->next_seq == 0)
    return FALSE;
  if (first_ms != NULL)
    *first_ms = sample_time (series, onair_health_series_first_seq (series));
  if (last_ms != NULL)
    *last_ms = sample_time (series, series->next_seq - 1);
  return TRUE;
}

/**
 * onair_health_history_get_last:
 * @timestamp_ms: (out) (optional):
 * @value: (out) (optional): NaN for a gap
 *
 * Returns: %FALSE when the metric has no sample
 */
gboolean
onair_health_history_get_last (OnairHealthHistory *self,
                               const char         *metric,
                               gint64             *timestamp_ms,
                               double             *value)
{
  Series *series;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);

  series = onair_health_history_lookup (self, metric);
  if (series == NULL || series->next_seq == 0)
    return FALSE;
  if (timestamp_ms != NULL)
    *timestamp_ms = sample_time (series, series->next_seq - 1);
  if (value != NULL)
    *value = sample_value (series, series->next_seq - 1);
  return TRUE;
}

/**
 * onair_health_history_get_sample:
 * @index: 0 for the oldest sample kept
 * @timestamp_ms: (out) (optional):
 * @value: (out) (optional):
 *
 * Returns: %FALSE when @index is past the last sample
 */
gboolean
onair_health_history_get_sample (OnairHealthHistory *self,
                                 const char         *metric,
                                 guint               index,
                                 gint64             *timestamp_ms,
                                 double             *value)
{
  Series *series;
  guint64 seq;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);

  series = onair_health_history_lookup (self, metric);
  if (series == NULL || index >= onair_health_series_length (series))
    return FALSE;
  seq = onair_health_series_first_seq (series) + index;
  if (timestamp_ms != NULL)
    *timestamp_ms = sample_time (series, seq);
  if (value != NULL)
    *value = sample_value (series, seq);
  return TRUE;
}

static gint64
bucket_edge (gint64 from_ms,
             gint64 to_ms,
             guint  i,
             guint  n)
{
  /* from + span · i / n, exactly and without overflow for any span: unsigned arithmetic
   * wraps back into range, and (span mod n) · i < n² fits in 64 bits. */
  guint64 span = (guint64) to_ms - (guint64) from_ms;
  guint64 offset = (span / n) * i + ((span % n) * i) / n;

  return (gint64) ((guint64) from_ms + offset);
}

/**
 * onair_health_history_reduce:
 * @metric: the metric's id
 * @from_ms: start of the span (Unix ms)
 * @to_ms: end of the span, included (Unix ms); >= @from_ms
 * @n_buckets: how many buckets, e.g. the graph's width in pixels
 * @out: (array length=n_buckets) (out caller-allocates): the buckets
 *
 * Splits [@from_ms, @to_ms] into @n_buckets equal buckets and gives each its min, max,
 * last value and counts (see #OnairHealthBucket), for drawing one column per pixel. Costs
 * O(@n_buckets · log capacity) whatever the number of samples in the span.
 *
 * Returns: %FALSE when the metric has no sample (the buckets are then empty)
 */
gboolean
onair_health_history_reduce (OnairHealthHistory *self,
                             const char         *metric,
                             gint64              from_ms,
                             gint64              to_ms,
                             guint               n_buckets,
                             OnairHealthBucket  *out)
{
  Series *series;
  guint64 first_seq = 0;
  guint64 end_seq = 0;
  guint64 lo = 0;
  guint64 width = 0;   /* samples in the bucket before: where the next edge probably is */

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  g_return_val_if_fail (n_buckets == 0 || out != NULL, FALSE);
  g_return_val_if_fail (from_ms <= to_ms, FALSE);

  series = onair_health_history_lookup (self, metric);
  if (series != NULL)
    {
      first_seq = onair_health_series_first_seq (series);
      end_seq = series->next_seq;
      lo = onair_health_series_lower_bound (series, first_seq, end_seq, from_ms);
    }

  for (guint i = 0; i < n_buckets; i++)
    {
      OnairHealthBucket *bucket = &out[i];
      guint64 hi = lo;
      Summary summary;

      bucket->start_ms = bucket_edge (from_ms, to_ms, i, n_buckets);
      bucket->end_ms = bucket_edge (from_ms, to_ms, i + 1, n_buckets);

      if (series != NULL)
        {
          if (i + 1 < n_buckets)
            hi = onair_health_series_lower_bound_near (series, lo, end_seq, lo + width,
                                                       bucket->end_ms);
          else if (to_ms == G_MAXINT64)
            hi = end_seq;
          else
            hi = onair_health_series_lower_bound (series, lo, end_seq, to_ms + 1);
        }

      width = hi - lo;
      onair_health_series_summarise (series, lo, hi, &summary);
      bucket->min = summary.min;
      bucket->max = summary.max;
      bucket->count = summary.count;
      bucket->n_samples = (guint) (hi - lo);
      if (summary.has_last)
        {
          bucket->last = sample_value (series, summary.last_seq);
          bucket->last_ms = sample_time (series, summary.last_seq);
        }
      else
        {
          bucket->last = NAN;
          bucket->last_ms = 0;
        }
      lo = hi;
    }

  return series != NULL && series->next_seq > 0;
}

/**
 * onair_health_history_clear:
 *
 * Forgets every metric, sample and event.
 */
void
onair_health_history_clear (OnairHealthHistory *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));

  g_ptr_array_set_size (self->order, 0);
  g_hash_table_remove_all (self->series);
  onair_health_history_events_clear (self);
  onair_health_history_emit_loaded (self);
}

/* Metric ids */

/**
 * onair_health_metric_stream_live:
 * @channel: 0-based, as vMix's function values
 *
 * Returns: (transfer full): "stream_<n>_live" with n from 1, like vMix's channelN
 */
char *
onair_health_metric_stream_live (guint channel)
{
  return g_strdup_printf ("stream_%u_live", channel + 1);
}

/**
 * onair_health_metric_srt_output:
 * @output: 0-based, as vMix's SRT function values
 *
 * Returns: (transfer full): "srt_<n>_on" with n from 1, like vMix's output numbers
 */
char *
onair_health_metric_srt_output (guint output)
{
  return g_strdup_printf ("srt_%u_on", output + 1);
}

/**
 * onair_health_metric_ingest:
 * @ingest_id: the ingest's id, usually its destination's id
 * @suffix: e.g. %ONAIR_HEALTH_INGEST_BITRATE_KBPS
 *
 * Returns: (transfer full): "ingest_<id>_<suffix>", with characters a metric id cannot hold
 *   replaced by '_'
 */
char *
onair_health_metric_ingest (const char *ingest_id,
                            const char *suffix)
{
  GString *id;

  g_return_val_if_fail (ingest_id != NULL, NULL);
  g_return_val_if_fail (suffix != NULL, NULL);

  id = g_string_new ("ingest_");
  for (const char *p = ingest_id; *p; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) || *p == '-' ? *p : '_');
  g_string_append_c (id, '_');
  g_string_append (id, suffix);
  return g_string_free (id, FALSE);
}
