/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "onair-health-series-private.h"

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
/* Enough for log2 (G_MAXUINT / BASE_BLOCK) levels, twice (left and right). */
#define MAX_PIECES       64

/* An empty series of @capacity samples; its memory grows as samples arrive. */
Series *
onair_health_series_new (const char *id,
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

void
onair_health_series_free (gpointer data)
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

guint64
onair_health_series_first_seq (const Series *series)
{
  return series->next_seq > series->capacity ? series->next_seq - series->capacity : 0;
}

guint
onair_health_series_length (const Series *series)
{
  return (guint) (series->next_seq - onair_health_series_first_seq (series));
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

void
onair_health_series_append (Series *series,
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
guint64
onair_health_series_lower_bound (const Series *series,
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

/* The same as onair_health_series_lower_bound() on [lo, end), searching out from @guess:
 * when buckets hold about as many samples as the one before, two probes find the edge
 * instead of a binary search over the whole rest of the series. */
guint64
onair_health_series_lower_bound_near (const Series *series,
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
            return onair_health_series_lower_bound (series, a, probe, time);
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
        return onair_health_series_lower_bound (series, probe + 1, guess, time);
      guess = probe;
      step *= 2;
    }
  return lo;
}

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

void
onair_health_series_summarise (const Series *series,
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
