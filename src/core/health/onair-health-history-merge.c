/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-health-history-private.h"

/* A history read back from disk joins the live one: what an earlier run recorded goes
 * before what this run recorded since it started, so that the rings stay in time order. */

static Series *
merge_series (OnairHealthHistory *self,
              OnairHealthHistory *older_history,
              Series             *older,
              const Series       *current)
{
  Series *merged;
  gint64 cutoff = G_MAXINT64;

  if (current != NULL && current->next_seq > 0)
    cutoff = sample_time (current, onair_health_series_first_seq (current));

  /* Usually all of it is older: the ring read from disk is taken as it is and this run's
   * few samples appended, rather than a day of samples copied on the main thread. */
  if (older->capacity == self->capacity &&
      (older->next_seq == 0 || sample_time (older, older->next_seq - 1) < cutoff))
    {
      g_hash_table_steal (older_history->series, older->id);
      if (current != NULL)
        for (guint64 seq = onair_health_series_first_seq (current); seq < current->next_seq; seq++)
          onair_health_series_append (older, sample_time (current, seq), sample_value (current, seq));
      return older;
    }

  merged = onair_health_series_new (older->id, self->capacity);
  for (guint64 seq = onair_health_series_first_seq (older); seq < older->next_seq; seq++)
    {
      gint64 time = sample_time (older, seq);

      if (time >= cutoff)
        break;
      onair_health_series_append (merged, time, sample_value (older, seq));
    }
  if (current != NULL)
    for (guint64 seq = onair_health_series_first_seq (current); seq < current->next_seq; seq++)
      onair_health_series_append (merged, sample_time (current, seq), sample_value (current, seq));
  return merged;
}

static void
merge_events (OnairHealthHistory *self,
              OnairHealthHistory *older)
{
  GArray *merged = g_array_new (FALSE, TRUE, sizeof (OnairHealthEvent));
  gint64 cutoff = G_MAXINT64;
  guint first = 0;

  g_array_set_clear_func (merged, onair_health_event_clear);
  if (self->events->len > 0)
    cutoff = g_array_index (self->events, OnairHealthEvent, 0).time_ms;
  for (guint i = 0; i < older->events->len; i++)
    {
      const OnairHealthEvent *event = &g_array_index (older->events, OnairHealthEvent, i);
      OnairHealthEvent copy;

      if (event->time_ms >= cutoff)
        break;
      onair_health_event_copy_into (&copy, event);
      g_array_append_val (merged, copy);
    }
  if (merged->len + self->events->len > ONAIR_HEALTH_HISTORY_MAX_EVENTS)
    first = MIN (merged->len, merged->len + self->events->len - ONAIR_HEALTH_HISTORY_MAX_EVENTS);
  g_array_remove_range (merged, 0, first);
  for (guint i = 0; i < self->events->len; i++)
    {
      OnairHealthEvent copy;

      onair_health_event_copy_into (&copy, &g_array_index (self->events, OnairHealthEvent, i));
      g_array_append_val (merged, copy);
    }
  g_array_unref (self->events);
  self->events = merged;
  onair_health_history_index_lanes (self);
}

/**
 * onair_health_history_merge_older:
 * @older: a history of an earlier run, e.g. read back from disk
 *
 * Puts @older's samples and events before this history's: of @older, what is older than
 * this history's first sample of the metric (first event) is kept, then this history's
 * own, each ring keeping its capacity's newest samples. Emits #OnairHealthHistory::loaded.
 * Takes @older's rings over where it can (costing this history's samples, not @older's), so
 * @older is to be dropped after.
 */
void
onair_health_history_merge_older (OnairHealthHistory *self,
                                  OnairHealthHistory *older)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (older));

  for (guint i = 0; i < older->order->len; i++)
    {
      Series *old = g_ptr_array_index (older->order, i);
      Series *current = onair_health_history_lookup (self, old->id);
      Series *merged = merge_series (self, older, old, current);

      if (current != NULL)
        g_ptr_array_remove (self->order, current);
      /* The old value (current) is freed, the key replaced by the merged series' own. */
      g_hash_table_replace (self->series, merged->id, merged);
      g_ptr_array_add (order, merged);
    }
  for (guint i = 0; i < self->order->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (self->order, i));
  g_ptr_array_set_size (self->order, 0);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (self->order, g_ptr_array_index (order, i));

  merge_events (self, older);
  onair_health_history_emit_loaded (self);
}
