/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-health-history.h"

/*
 * Each metric is a ring of (timestamp, value) samples plus a pyramid of min/max/count
 * summaries over aligned blocks of BASE_BLOCK << level samples, numbered by the sample's
 * sequence number since the series began. A block is summarised once, when its last
 * sample arrives (from its two halves one level down), so appending costs O(1) amortised.
 * A range of samples splits into O(log n) complete blocks plus fewer than 2 · BASE_BLOCK
 * loose samples at its ends; a reduction to n buckets therefore costs O(n log capacity)
 * whatever the history's length.
 */

#define BASE_BLOCK_SHIFT 3
#define BASE_BLOCK       (1u << BASE_BLOCK_SHIFT)
#define MIN_ALLOCATION   256
#define CSV_FLUSH_SIZE   (64 * 1024)
/* Enough for log2 (G_MAXUINT / BASE_BLOCK) levels, twice (left and right). */
#define MAX_PIECES       64

typedef struct
{
  double  min;
  double  max;
  guint32 count;
} Block;

typedef struct
{
  Block *blocks;
  guint  n_slots;      /* ring size: capacity / block size + 2 */
  guint  allocated;    /* grows up to n_slots */
} Level;

typedef struct
{
  char    *id;
  guint    capacity;
  guint    allocated;
  guint64  next_seq;
  gint64  *timestamps;
  double  *values;
  guint    n_levels;
  Level   *levels;
} Series;

struct _OnairHealthHistory
{
  GObject     parent_instance;

  guint       capacity;
  GHashTable *series;   /* id → Series* */
  GPtrArray  *order;    /* Series*, in the order metrics appeared */
};

G_DEFINE_FINAL_TYPE (OnairHealthHistory, onair_health_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

enum {
  APPENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Series */

static Series *
series_new (const char *id,
            guint       capacity)
{
  Series *series = g_new0 (Series, 1);

  series->id = g_strdup (id);
  series->capacity = capacity;
  for (guint64 size = BASE_BLOCK; size <= capacity; size <<= 1)
    series->n_levels++;
  series->levels = g_new0 (Level, MAX (series->n_levels, 1));
  for (guint l = 0; l < series->n_levels; l++)
    series->levels[l].n_slots = (capacity >> (BASE_BLOCK_SHIFT + l)) + 2;

  return series;
}

static void
series_free (gpointer data)
{
  Series *series = data;

  for (guint l = 0; l < series->n_levels; l++)
    g_free (series->levels[l].blocks);
  g_free (series->levels);
  g_free (series->timestamps);
  g_free (series->values);
  g_free (series->id);
  g_free (series);
}

static guint64
series_first_seq (const Series *series)
{
  return series->next_seq > series->capacity ? series->next_seq - series->capacity : 0;
}

static guint
series_length (const Series *series)
{
  return (guint) (series->next_seq - series_first_seq (series));
}

static inline guint
sample_slot (const Series *series,
             guint64       seq)
{
  return (guint) (seq % series->capacity);
}

static inline gint64
sample_time (const Series *series,
             guint64       seq)
{
  return series->timestamps[sample_slot (series, seq)];
}

static inline double
sample_value (const Series *series,
              guint64       seq)
{
  return series->values[sample_slot (series, seq)];
}

static inline Block *
level_block (const Series *series,
             guint         level,
             guint64       index)
{
  const Level *lv = &series->levels[level];

  return &lv->blocks[index % lv->n_slots];
}

/* Rings start small and grow to their capacity before they first wrap, so a metric that
 * appears late or rarely does not cost a day of memory. */
static guint
grown_size (guint allocated,
            guint needed,
            guint limit)
{
  guint64 size = MAX (allocated, MIN_ALLOCATION);

  while (size <= needed)
    size *= 2;
  return (guint) MIN (size, (guint64) limit);
}

static void
series_reserve (Series  *series,
                guint64  seq)
{
  if (seq < series->allocated || series->allocated == series->capacity)
    return;

  series->allocated = grown_size (series->allocated, (guint) seq, series->capacity);
  series->timestamps = g_renew (gint64, series->timestamps, series->allocated);
  series->values = g_renew (double, series->values, series->allocated);
}

static Block *
level_reserve (Series  *series,
               guint    level,
               guint64  index)
{
  Level *lv = &series->levels[level];

  if (index >= lv->allocated && lv->allocated < lv->n_slots)
    {
      lv->allocated = grown_size (lv->allocated, (guint) index, lv->n_slots);
      lv->blocks = g_renew (Block, lv->blocks, lv->allocated);
    }
  return &lv->blocks[index % lv->n_slots];
}

static void
block_add_value (Block  *block,
                 double  value)
{
  if (isnan (value))
    return;
  if (block->count == 0)
    {
      block->min = value;
      block->max = value;
    }
  else
    {
      block->min = MIN (block->min, value);
      block->max = MAX (block->max, value);
    }
  block->count++;
}

static void
block_merge (Block       *into,
             const Block *from)
{
  if (from->count == 0)
    return;
  if (into->count == 0)
    {
      *into = *from;
      return;
    }
  into->min = MIN (into->min, from->min);
  into->max = MAX (into->max, from->max);
  into->count += from->count;
}

static void
series_append (Series *series,
               gint64  timestamp_ms,
               double  value)
{
  guint64 seq = series->next_seq;
  guint64 index;
  guint slot;

  /* Timestamps never go back, so that a time maps to samples by binary search; a wall
   * clock stepping back holds at the last time until it catches up. */
  if (seq > 0)
    timestamp_ms = MAX (timestamp_ms, sample_time (series, seq - 1));

  series_reserve (series, seq);
  slot = sample_slot (series, seq);
  series->timestamps[slot] = timestamp_ms;
  series->values[slot] = value;
  series->next_seq = seq + 1;

  if (series->n_levels == 0 || (seq + 1) % BASE_BLOCK != 0)
    return;

  /* A base block is complete: summarise it, then every level whose block it completes. */
  index = seq >> BASE_BLOCK_SHIFT;
  {
    Block *block = level_reserve (series, 0, index);

    memset (block, 0, sizeof *block);
    for (guint64 s = index << BASE_BLOCK_SHIFT; s <= seq; s++)
      block_add_value (block, sample_value (series, s));
  }
  for (guint l = 1; l < series->n_levels && (index & 1) == 1; l++)
    {
      Block *parent = level_reserve (series, l, index >> 1);

      *parent = *level_block (series, l - 1, index - 1);
      block_merge (parent, level_block (series, l - 1, index));
      index >>= 1;
    }
}

/* First sequence number in [lo, hi) whose timestamp is >= time, or hi. */
static guint64
series_lower_bound (const Series *series,
                    guint64       lo,
                    guint64       hi,
                    gint64        time)
{
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (sample_time (series, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The same as series_lower_bound() on [lo, end), searching out from @guess: when buckets
 * hold about as many samples as the one before, two probes find the edge instead of a
 * binary search over the whole rest of the series. */
static guint64
series_lower_bound_near (const Series *series,
                         guint64       lo,
                         guint64       end,
                         guint64       guess,
                         gint64        time)
{
  guint64 step = 1;

  guess = CLAMP (guess, lo, end);
  if (guess < end && sample_time (series, guess) < time)
    {
      /* The edge is after @guess: gallop right. */
      guint64 a = guess + 1;

      while (a < end)
        {
          guint64 probe = a + MIN (step, end - a) - 1;

          if (sample_time (series, probe) >= time)
            return series_lower_bound (series, a, probe, time);
          a = probe + 1;
          step *= 2;
        }
      return end;
    }

  /* The edge is at or before @guess: gallop left. */
  while (guess > lo)
    {
      guint64 probe = guess - MIN (step, guess - lo);

      if (sample_time (series, probe) < time)
        return series_lower_bound (series, probe + 1, guess, time);
      guess = probe;
      step *= 2;
    }
  return lo;
}

typedef struct
{
  double  min;
  double  max;
  guint   count;
  gboolean has_last;
  guint64 last_seq;
} Summary;

typedef struct
{
  guint   level;    /* G_MAXUINT for loose samples */
  guint64 first;    /* block index, or first sequence number */
  guint64 end;      /* loose samples only: end sequence number */
} Piece;

static void
summary_add_block (Summary     *summary,
                   const Block *block)
{
  if (block->count == 0)
    return;
  if (summary->count == 0)
    {
      summary->min = block->min;
      summary->max = block->max;
    }
  else
    {
      summary->min = MIN (summary->min, block->min);
      summary->max = MAX (summary->max, block->max);
    }
  summary->count += block->count;
}

static gboolean
last_known_in_samples (const Series *series,
                       guint64       first,
                       guint64       end,
                       guint64      *out_seq)
{
  guint slot;

  if (end <= first)
    return FALSE;
  /* Walks the ring by slot: one division for the range, not one per sample. */
  slot = sample_slot (series, end - 1);
  for (guint64 s = end; s > first; s--)
    {
      if (!isnan (series->values[slot]))
        {
          *out_seq = s - 1;
          return TRUE;
        }
      slot = slot == 0 ? series->capacity - 1 : slot - 1;
    }
  return FALSE;
}

/* Descends from a block with known values to its last known sample: O(levels). */
static guint64
last_known_in_block (const Series *series,
                     guint         level,
                     guint64       index)
{
  guint64 seq = 0;

  while (level > 0)
    {
      level--;
      if (level_block (series, level, 2 * index + 1)->count > 0)
        index = 2 * index + 1;
      else
        index = 2 * index;
    }
  if (!last_known_in_samples (series, index << BASE_BLOCK_SHIFT,
                              (index + 1) << BASE_BLOCK_SHIFT, &seq))
    g_assert_not_reached ();
  return seq;
}

static void
summarise_range (const Series *series,
                 guint64       a,
                 guint64       b,
                 Summary      *summary)
{
  Piece pieces[MAX_PIECES];
  guint n_right = 0;
  Piece right[MAX_PIECES / 2];
  guint64 first_block;
  guint64 end_block;
  guint n_pieces = 0;

  memset (summary, 0, sizeof *summary);
  summary->min = summary->max = NAN;
  if (a >= b)
    return;

  first_block = (a + BASE_BLOCK - 1) >> BASE_BLOCK_SHIFT;
  end_block = b >> BASE_BLOCK_SHIFT;

  if (series->n_levels == 0 || first_block >= end_block)
    {
      pieces[n_pieces++] = (Piece) { G_MAXUINT, a, b };
    }
  else
    {
      guint64 lo = first_block;
      guint64 hi = end_block;
      guint level = 0;

      if (a < first_block << BASE_BLOCK_SHIFT)
        pieces[n_pieces++] = (Piece) { G_MAXUINT, a, first_block << BASE_BLOCK_SHIFT };

      /* Bottom-up split into aligned complete blocks, as in a segment tree. */
      while (lo < hi)
        {
          g_assert (level < series->n_levels);
          if (lo & 1)
            pieces[n_pieces++] = (Piece) { level, lo++, 0 };
          if (hi & 1)
            right[n_right++] = (Piece) { level, --hi, 0 };
          lo >>= 1;
          hi >>= 1;
          level++;
        }
      for (guint i = n_right; i > 0; i--)
        pieces[n_pieces++] = right[i - 1];

      if (b > end_block << BASE_BLOCK_SHIFT)
        pieces[n_pieces++] = (Piece) { G_MAXUINT, end_block << BASE_BLOCK_SHIFT, b };
    }
  g_assert (n_pieces <= MAX_PIECES);

  for (guint i = 0; i < n_pieces; i++)
    {
      const Piece *piece = &pieces[i];

      if (piece->level == G_MAXUINT)
        {
          Block loose = { 0, };
          guint slot = sample_slot (series, piece->first);

          for (guint64 s = piece->first; s < piece->end; s++)
            {
              block_add_value (&loose, series->values[slot]);
              if (++slot == series->capacity)
                slot = 0;
            }
          summary_add_block (summary, &loose);
        }
      else
        {
          summary_add_block (summary, level_block (series, piece->level, piece->first));
        }
    }

  /* Pieces are in time order: the last one with a known value holds the last value. */
  for (guint i = n_pieces; i > 0 && summary->count > 0; i--)
    {
      const Piece *piece = &pieces[i - 1];

      if (piece->level == G_MAXUINT)
        {
          if (last_known_in_samples (series, piece->first, piece->end, &summary->last_seq))
            {
              summary->has_last = TRUE;
              break;
            }
        }
      else if (level_block (series, piece->level, piece->first)->count > 0)
        {
          summary->last_seq = last_known_in_block (series, piece->level, piece->first);
          summary->has_last = TRUE;
          break;
        }
    }
}

/* Object */

static void
onair_health_history_finalize (GObject *object)
{
  OnairHealthHistory *self = ONAIR_HEALTH_HISTORY (object);

  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_hash_table_unref);

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
}

static void
onair_health_history_init (OnairHealthHistory *self)
{
  self->capacity = ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY;
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, series_free);
  self->order = g_ptr_array_new ();
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

static Series *
lookup (OnairHealthHistory *self,
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

  series = lookup (self, metric);
  if (series == NULL)
    {
      series = series_new (metric, self->capacity);
      g_hash_table_insert (self->series, series->id, series);
      g_ptr_array_add (self->order, series);
    }
  series_append (series, timestamp_ms, value);

  g_signal_emit (self, signals[APPENDED], g_quark_from_string (series->id),
                 series->id, sample_time (series, series->next_seq - 1), value);
}

gboolean
onair_health_history_has_metric (OnairHealthHistory *self,
                                 const char         *metric)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  return lookup (self, metric) != NULL;
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

  series = lookup (self, metric);
  return series != NULL ? series_length (series) : 0;
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

  series = lookup (self, metric);
  if (series == NULL || series->next_seq == 0)
    return FALSE;
  if (first_ms != NULL)
    *first_ms = sample_time (series, series_first_seq (series));
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

  series = lookup (self, metric);
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

  series = lookup (self, metric);
  if (series == NULL || index >= series_length (series))
    return FALSE;
  seq = series_first_seq (series) + index;
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

  series = lookup (self, metric);
  if (series != NULL)
    {
      first_seq = series_first_seq (series);
      end_seq = series->next_seq;
      lo = series_lower_bound (series, first_seq, end_seq, from_ms);
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
            hi = series_lower_bound_near (series, lo, end_seq, lo + width, bucket->end_ms);
          else if (to_ms == G_MAXINT64)
            hi = end_seq;
          else
            hi = series_lower_bound (series, lo, end_seq, to_ms + 1);
        }

      width = hi - lo;
      summarise_range (series, lo, hi, &summary);
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
 * Forgets every metric and sample.
 */
void
onair_health_history_clear (OnairHealthHistory *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));

  g_ptr_array_set_size (self->order, 0);
  g_hash_table_remove_all (self->series);
}

/* Formatting */

static void
split_ms (gint64  unix_ms,
          gint64 *seconds,
          int    *millis)
{
  *seconds = unix_ms / 1000;
  *millis = (int) (unix_ms % 1000);
  if (*millis < 0)
    {
      *millis += 1000;
      *seconds -= 1;
    }
}

/* "YYYY-MM-DDTHH:MM:SS." in UTC. */
static char *
format_second_prefix (gint64 seconds)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_from_unix_utc (seconds);

  if (datetime == NULL)
    return g_strdup ("");
  return g_date_time_format (datetime, "%Y-%m-%dT%H:%M:%S.");
}

/**
 * onair_health_format_timestamp_ms:
 * @unix_ms: Unix time in milliseconds
 *
 * Returns: (transfer full): RFC 3339 UTC with milliseconds, e.g. "2025-11-12T10:30:00.000Z"
 */
char *
onair_health_format_timestamp_ms (gint64 unix_ms)
{
  g_autofree char *prefix = NULL;
  gint64 seconds;
  int millis;

  split_ms (unix_ms, &seconds, &millis);
  prefix = format_second_prefix (seconds);
  return g_strdup_printf ("%s%03dZ", prefix, millis);
}

/**
 * onair_health_format_double:
 *
 * Returns: (transfer full): the shortest text that reads back as @value, with '.' as the
 *   decimal separator whatever the locale; "" for NaN
 */
char *
onair_health_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");

  /* 15 significant digits read back exactly for most measured values ("0.1", not
   * "0.10000000000000001"); g_ascii_dtostr's 17 digits for the rest. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_dtostr (buffer, sizeof buffer, value);
  return g_strdup (buffer);
}

/* CSV */

typedef struct
{
  char   *id;
  gsize   length;
  gsize   position;
  gint64 *timestamps;
  double *values;
} Column;

typedef struct
{
  GOutputStream *stream;
  GArray        *columns;   /* Column */
} CsvJob;

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->id);
  g_free (column->timestamps);
  g_free (column->values);
}

static void
csv_job_free (CsvJob *job)
{
  g_clear_object (&job->stream);
  g_clear_pointer (&job->columns, g_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsvJob, csv_job_free)

/* Copies the samples in [from_ms, to_ms] of the chosen metrics, so that writing can run in
 * a worker thread while the ring keeps filling. */
static CsvJob *
csv_job_new (OnairHealthHistory *self,
             GOutputStream      *stream,
             const char * const *metrics)
{
  CsvJob *job = g_new0 (CsvJob, 1);
  g_auto(GStrv) all = NULL;

  job->stream = g_object_ref (stream);
  job->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (job->columns, column_clear);

  if (metrics == NULL)
    metrics = (const char * const *) (all = onair_health_history_list_metrics (self));

  for (guint i = 0; metrics[i] != NULL; i++)
    {
      Column column = { g_strdup (metrics[i]), 0, };

      g_array_append_val (job->columns, column);
    }
  return job;
}

static void
csv_job_fill (CsvJob             *job,
              OnairHealthHistory *self,
              gint64              from_ms,
              gint64              to_ms)
{
  for (guint c = 0; c < job->columns->len; c++)
    {
      Column *column = &g_array_index (job->columns, Column, c);
      Series *series = lookup (self, column->id);
      guint64 first;
      guint64 end;

      if (series == NULL)
        continue;
      first = series_lower_bound (series, series_first_seq (series), series->next_seq, from_ms);
      end = to_ms == G_MAXINT64
              ? series->next_seq
              : series_lower_bound (series, first, series->next_seq, to_ms + 1);
      column->length = (gsize) (end - first);
      column->timestamps = g_new (gint64, MAX (column->length, 1));
      column->values = g_new (double, MAX (column->length, 1));
      for (gsize i = 0; i < column->length; i++)
        {
          column->timestamps[i] = sample_time (series, first + i);
          column->values[i] = sample_value (series, first + i);
        }
    }
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
flush_csv (CsvJob        *job,
           GString       *out,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (out->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (job->stream, out->str, out->len, NULL, cancellable,
                                  &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Could not write the health history: %s"), local_error->message);
      return FALSE;
    }
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
csv_job_run (CsvJob        *job,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (CSV_FLUSH_SIZE + 4096);
  g_autofree char *prefix = NULL;
  gint64 prefix_second = G_MININT64;

  append_csv_field (out, "timestamp");
  for (guint c = 0; c < job->columns->len; c++)
    {
      g_string_append_c (out, ',');
      append_csv_field (out, g_array_index (job->columns, Column, c).id);
    }
  g_string_append (out, "\r\n");

  /* One row per distinct time, merging the columns; a metric without a sample at that time
   * leaves its cell empty, and so does a gap. */
  for (;;)
    {
      gint64 row_ms = G_MAXINT64;
      gboolean any = FALSE;
      gint64 second;
      int millis;

      for (guint c = 0; c < job->columns->len; c++)
        {
          Column *column = &g_array_index (job->columns, Column, c);

          if (column->position < column->length)
            {
              row_ms = MIN (row_ms, column->timestamps[column->position]);
              any = TRUE;
            }
        }
      if (!any)
        break;

      split_ms (row_ms, &second, &millis);
      if (second != prefix_second || prefix == NULL)
        {
          g_free (prefix);
          prefix = format_second_prefix (second);
          prefix_second = second;
        }
      g_string_append_printf (out, "%s%03dZ", prefix, millis);

      for (guint c = 0; c < job->columns->len; c++)
        {
          Column *column = &g_array_index (job->columns, Column, c);

          g_string_append_c (out, ',');
          if (column->position < column->length &&
              column->timestamps[column->position] == row_ms)
            {
              g_autofree char *cell = onair_health_format_double (column->values[column->position]);

              g_string_append (out, cell);
              column->position++;
            }
        }
      g_string_append (out, "\r\n");

      if (out->len >= CSV_FLUSH_SIZE)
        {
          if (!flush_csv (job, out, cancellable, error))
            return FALSE;
        }
    }

  return flush_csv (job, out, cancellable, error);
}

/**
 * onair_health_history_write_csv:
 * @stream: where to write; not closed
 * @metrics: (nullable) (array zero-terminated=1): the columns, %NULL for every metric
 * @from_ms: first time to write (Unix ms), G_MININT64 for the start
 * @to_ms: last time to write, included, G_MAXINT64 for the end
 *
 * Writes the history as CSV (RFC 4180, CRLF line ends): a header row "timestamp,<metric>…",
 * then one row per distinct sample time with the time in RFC 3339 UTC with milliseconds and
 * the values with '.' as the decimal separator whatever the locale. Unknown values and
 * metrics without a sample at that time are empty cells.
 *
 * Returns: %TRUE on success
 */
gboolean
onair_health_history_write_csv (OnairHealthHistory  *self,
                                GOutputStream       *stream,
                                const char * const  *metrics,
                                gint64               from_ms,
                                gint64               to_ms,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(CsvJob) job = NULL;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (from_ms <= to_ms, FALSE);

  job = csv_job_new (self, stream, metrics);
  csv_job_fill (job, self, from_ms, to_ms);
  return csv_job_run (job, cancellable, error);
}

static void
write_csv_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (csv_job_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * onair_health_history_write_csv_async:
 *
 * Like onair_health_history_write_csv(), with the samples copied at once and the writing
 * done in a worker thread. Do not use @stream until the operation finished.
 */
void
onair_health_history_write_csv_async (OnairHealthHistory  *self,
                                      GOutputStream       *stream,
                                      const char * const  *metrics,
                                      gint64               from_ms,
                                      gint64               to_ms,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CsvJob *job;

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (from_ms <= to_ms);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_health_history_write_csv_async);
  job = csv_job_new (self, stream, metrics);
  csv_job_fill (job, self, from_ms, to_ms);
  g_task_set_task_data (task, job, (GDestroyNotify) csv_job_free);
  g_task_run_in_thread (task, write_csv_thread);
}

gboolean
onair_health_history_write_csv_finish (OnairHealthHistory  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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
