/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-health-series-private.h"

G_BEGIN_DECLS

/* The history's insides, shared by its files: the object and its samples
 * (onair-health-history.c), its events (onair-health-history-events.c), its merging with a
 * history read back from disk (onair-health-history-merge.c) and its CSV exports
 * (onair-health-history-csv.c). */

/* The latest state of a lane, so that a state set again every poll costs a lookup. */
typedef struct
{
  OnairHealthLaneState  state;
  char                 *detail;
} LaneNow;

struct _OnairHealthHistory
{
  GObject     parent_instance;

  guint       capacity;
  GHashTable *series;   /* id → Series* */
  GPtrArray  *order;    /* Series*, in the order metrics appeared */
  GArray     *events;   /* OnairHealthEvent, in time order */
  GHashTable *lanes;    /* lane id → LaneNow* */
};

/* At most this many events are kept; the oldest go first. */
#define ONAIR_HEALTH_HISTORY_MAX_EVENTS 20000

/* onair-health-history.c */
void     onair_health_history_emit_loaded      (OnairHealthHistory     *self);
void     onair_health_history_emit_event_added (OnairHealthHistory     *self,
                                                const OnairHealthEvent *event);

/* onair-health-history-events.c */
void     onair_health_history_events_init  (OnairHealthHistory     *self);
void     onair_health_history_events_clear (OnairHealthHistory     *self);
void     onair_health_event_clear          (gpointer                data);
void     onair_health_event_copy_into      (OnairHealthEvent       *into,
                                            const OnairHealthEvent *from);
void     onair_health_history_index_lanes  (OnairHealthHistory     *self);

/* onair-health-history-csv.c */
char    *onair_health_csv_field            (const char             *field);

G_END_DECLS
