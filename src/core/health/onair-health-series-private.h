/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-health-history.h"

G_BEGIN_DECLS

/* One metric's samples and their summaries (onair-health-series.c), for the history
 * (onair-health-history.c) and its CSV export (onair-health-history-csv.c). */

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

/* The summary of a range of samples: min, max and count of the known values, and which
 * sample holds the last of them. */
typedef struct
{
  double  min;
  double  max;
  guint   count;
  gboolean has_last;
  guint64 last_seq;
} Summary;

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

Series  *onair_health_series_new              (const char   *id,
                                               guint         capacity);
void     onair_health_series_free             (gpointer      data);
guint64  onair_health_series_first_seq        (const Series *series);
guint    onair_health_series_length           (const Series *series);
void     onair_health_series_append           (Series       *series,
                                               gint64        timestamp_ms,
                                               double        value);
guint64  onair_health_series_lower_bound      (const Series *series,
                                               guint64       lo,
                                               guint64       hi,
                                               gint64        time);
guint64  onair_health_series_lower_bound_near (const Series *series,
                                               guint64       lo,
                                               guint64       end,
                                               guint64       guess,
                                               gint64        time);
void     onair_health_series_summarise        (const Series *series,
                                               guint64       a,
                                               guint64       b,
                                               Summary      *summary);

/* The series of @metric, or NULL (onair-health-history.c) */
Series  *onair_health_history_lookup         (OnairHealthHistory *self,
                                               const char         *metric);

G_END_DECLS
