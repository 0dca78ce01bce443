/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-health-history-private.h"

/* The history's events, in time order: the on-air timeline (each lane's changes of state,
 * with a stream's destination) and the alerts (each change of health status, with its
 * reasons and host). There are few of them (a change, not a poll, makes one), so the
 * timeline's segments are computed from them when asked. */

static void
lane_now_free (gpointer data)
{
  LaneNow *now = data;

  g_free (now->detail);
  g_free (now);
}

void
onair_health_event_clear (gpointer data)
{
  OnairHealthEvent *event = data;

  g_clear_pointer (&event->subject, g_free);
  g_clear_pointer (&event->text, g_free);
}

void
onair_health_event_copy_into (OnairHealthEvent       *into,
                              const OnairHealthEvent *from)
{
  *into = *from;
  into->subject = g_strdup (from->subject);
  into->text = g_strdup (from->text);
}

void
onair_health_history_events_init (OnairHealthHistory *self)
{
  self->events = g_array_new (FALSE, TRUE, sizeof (OnairHealthEvent));
  g_array_set_clear_func (self->events, onair_health_event_clear);
  self->lanes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, lane_now_free);
}

void
onair_health_history_events_clear (OnairHealthHistory *self)
{
  g_array_set_size (self->events, 0);
  g_hash_table_remove_all (self->lanes);
}

static void
note_lane (OnairHealthHistory     *self,
           const OnairHealthEvent *event)
{
  LaneNow *now = g_hash_table_lookup (self->lanes, event->subject);

  if (now == NULL)
    {
      now = g_new0 (LaneNow, 1);
      g_hash_table_insert (self->lanes, g_strdup (event->subject), now);
    }
  now->state = event->state;
  g_free (now->detail);
  now->detail = g_strdup (event->text);
}

/* Rebuilds each lane's latest state from the events (after a merge). */
void
onair_health_history_index_lanes (OnairHealthHistory *self)
{
  g_hash_table_remove_all (self->lanes);
  for (guint i = 0; i < self->events->len; i++)
    {
      const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);

      if (event->kind == ONAIR_HEALTH_EVENT_LANE)
        note_lane (self, event);
    }
}

/**
 * onair_health_history_add_event:
 * @event: the event; copied. A time before the last event's counts as that event's time.
 *
 * Keeps the last %ONAIR_HEALTH_HISTORY_MAX_EVENTS events and emits
 * #OnairHealthHistory::event-added.
 */
void
onair_health_history_add_event (OnairHealthHistory     *self,
                                const OnairHealthEvent *event)
{
  OnairHealthEvent copy;

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  g_return_if_fail (event != NULL);
  g_return_if_fail (event->subject != NULL);

  onair_health_event_copy_into (&copy, event);
  if (self->events->len > 0)
    copy.time_ms = MAX (copy.time_ms,
                        g_array_index (self->events, OnairHealthEvent, self->events->len - 1).time_ms);
  g_array_append_val (self->events, copy);
  if (copy.kind == ONAIR_HEALTH_EVENT_LANE)
    note_lane (self, &copy);
  if (self->events->len > ONAIR_HEALTH_HISTORY_MAX_EVENTS)
    g_array_remove_range (self->events, 0, ONAIR_HEALTH_HISTORY_MAX_EVENTS / 10);

  onair_health_history_emit_event_added (
    self, &g_array_index (self->events, OnairHealthEvent, self->events->len - 1));
}

/**
 * onair_health_history_set_lane:
 * @lane: the lane's id: "stream-<n>", "recording" or "srt-<n>" (n from 1)
 * @time_ms: when (Unix ms)
 * @state: its state now
 * @detail: (nullable): the destination of a stream
 *
 * Records the lane's state when it differs from the last one recorded (in state or
 * destination); setting the same state again costs a lookup, so it can be set at each poll.
 *
 * Returns: whether an event was added
 */
gboolean
onair_health_history_set_lane (OnairHealthHistory   *self,
                               const char           *lane,
                               gint64                time_ms,
                               OnairHealthLaneState  state,
                               const char           *detail)
{
  LaneNow *now;
  OnairHealthEvent event = { ONAIR_HEALTH_EVENT_LANE, time_ms, (char *) lane, state, 0,
                             (char *) detail };

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  g_return_val_if_fail (lane != NULL, FALSE);

  now = g_hash_table_lookup (self->lanes, lane);
  if (now != NULL && now->state == state && g_strcmp0 (now->detail, detail) == 0)
    return FALSE;
  onair_health_history_add_event (self, &event);
  return TRUE;
}

/**
 * onair_health_history_get_lane_state:
 * @detail: (out) (optional) (transfer none): its destination
 *
 * Returns: the lane's latest state, %ONAIR_HEALTH_LANE_UNKNOWN for a lane never set
 */
OnairHealthLaneState
onair_health_history_get_lane_state (OnairHealthHistory  *self,
                                     const char          *lane,
                                     const char         **detail)
{
  LaneNow *now;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), ONAIR_HEALTH_LANE_UNKNOWN);

  now = lane != NULL ? g_hash_table_lookup (self->lanes, lane) : NULL;
  if (detail != NULL)
    *detail = now != NULL ? now->detail : NULL;
  return now != NULL ? now->state : ONAIR_HEALTH_LANE_UNKNOWN;
}

/**
 * onair_health_history_add_alert:
 * @host: the host's name, as the producer knows it
 * @status: the new #OnairHealthStatus
 * @previous: the #OnairHealthStatus before
 * @reasons: (nullable): why, one reason a line
 *
 * Records a change of health status.
 */
void
onair_health_history_add_alert (OnairHealthHistory *self,
                                gint64              time_ms,
                                const char         *host,
                                int                 status,
                                int                 previous,
                                const char         *reasons)
{
  OnairHealthEvent event = { ONAIR_HEALTH_EVENT_ALERT, time_ms, (char *) (host ? host : ""),
                             status, previous, (char *) reasons };

  g_return_if_fail (ONAIR_IS_HEALTH_HISTORY (self));
  onair_health_history_add_event (self, &event);
}

guint
onair_health_history_get_n_events (OnairHealthHistory *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), 0);
  return self->events->len;
}

/**
 * onair_health_history_get_event:
 * @index: 0 for the oldest event kept
 *
 * Returns: (transfer none) (nullable): the event, valid until the next event is added
 */
const OnairHealthEvent *
onair_health_history_get_event (OnairHealthHistory *self,
                                guint               index)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), NULL);

  if (index >= self->events->len)
    return NULL;
  return &g_array_index (self->events, OnairHealthEvent, index);
}

/**
 * onair_health_history_find_event:
 *
 * Returns: the index of the first event at or after @time_ms (the number of events when
 *   there is none)
 */
guint
onair_health_history_find_event (OnairHealthHistory *self,
                                 gint64              time_ms)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), 0);

  hi = self->events->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->events, OnairHealthEvent, mid).time_ms < time_ms)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Streams by number, then the recording, then SRT outputs by number. */
static int
lane_rank (const char *lane,
           guint      *number)
{
  *number = 0;
  if (g_str_has_prefix (lane, "stream-"))
    {
      *number = (guint) g_ascii_strtoull (lane + strlen ("stream-"), NULL, 10);
      return 0;
    }
  if (g_str_equal (lane, "recording"))
    return 1;
  if (g_str_has_prefix (lane, "srt-"))
    {
      *number = (guint) g_ascii_strtoull (lane + strlen ("srt-"), NULL, 10);
      return 2;
    }
  return 3;
}

static int
compare_lanes (gconstpointer a,
               gconstpointer b)
{
  const char *la = *(const char * const *) a;
  const char *lb = *(const char * const *) b;
  guint na, nb;
  int ra = lane_rank (la, &na);
  int rb = lane_rank (lb, &nb);

  if (ra != rb)
    return ra - rb;
  if (na != nb)
    return na < nb ? -1 : 1;
  return strcmp (la, lb);
}

/**
 * onair_health_history_list_lanes:
 *
 * Returns: (transfer full): the lanes with an event, streams first by number, then the
 *   recording, then the SRT outputs
 */
char **
onair_health_history_list_lanes (OnairHealthHistory *self)
{
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), NULL);

  g_hash_table_iter_init (&iter, self->lanes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (lanes, g_strdup (key));
  g_ptr_array_sort (lanes, compare_lanes);
  g_ptr_array_add (lanes, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lanes), FALSE);
}

static void
segment_clear (gpointer data)
{
  OnairHealthSegment *segment = data;

  g_clear_pointer (&segment->detail, g_free);
}

static void
add_segment (GArray               *segments,
             gint64                start_ms,
             gint64                end_ms,
             gint64                from_ms,
             gint64                to_ms,
             const OnairHealthEvent *event)
{
  OnairHealthSegment segment;

  if (end_ms < from_ms || start_ms > to_ms || end_ms < start_ms)
    return;
  segment.start_ms = start_ms;
  segment.end_ms = end_ms;
  segment.state = event->state;
  segment.detail = g_strdup (event->text);
  g_array_append_val (segments, segment);
}

/**
 * onair_health_history_get_segments:
 * @lane: a lane's id
 * @from_ms: start of the span (Unix ms)
 * @to_ms: end of the span
 * @now_ms: where the lane's present state ends, usually the time now
 *
 * The lane's states over the span: each segment from a change of state to the next (the
 * last one to @now_ms), with its true start and end even where they lie outside the span.
 *
 * Returns: (transfer full) (element-type OnairHealthSegment): the segments overlapping the
 *   span, in time order
 */
GArray *
onair_health_history_get_segments (OnairHealthHistory *self,
                                   const char         *lane,
                                   gint64              from_ms,
                                   gint64              to_ms,
                                   gint64              now_ms)
{
  GArray *segments;
  const OnairHealthEvent *open = NULL;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), NULL);
  g_return_val_if_fail (lane != NULL, NULL);

  segments = g_array_new (FALSE, TRUE, sizeof (OnairHealthSegment));
  g_array_set_clear_func (segments, segment_clear);
  for (guint i = 0; i < self->events->len; i++)
    {
      const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);

      if (event->kind != ONAIR_HEALTH_EVENT_LANE || !g_str_equal (event->subject, lane))
        continue;
      if (open != NULL)
        add_segment (segments, open->time_ms, event->time_ms, from_ms, to_ms, open);
      if (event->time_ms > to_ms)
        return segments;
      open = event;
    }
  if (open != NULL)
    add_segment (segments, open->time_ms, MAX (now_ms, open->time_ms), from_ms, to_ms, open);
  return segments;
}

static gboolean
is_show_lane (const OnairHealthEvent *event)
{
  return event->kind == ONAIR_HEALTH_EVENT_LANE &&
         (g_str_has_prefix (event->subject, "stream-") || g_str_equal (event->subject, "recording"));
}

static gboolean
is_on (int state)
{
  return state == ONAIR_HEALTH_LANE_LIVE || state == ONAIR_HEALTH_LANE_LOST;
}

static void
local_date (gint64  unix_ms,
            int    *year,
            int    *day_of_year)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_ms / 1000);

  *year = time != NULL ? g_date_time_get_year (time) : 0;
  *day_of_year = time != NULL ? g_date_time_get_day_of_year (time) : 0;
}

/**
 * onair_health_history_get_show_range:
 * @now_ms: the time now
 * @from_ms: (out): when the show started: the first stream or recording that went live on
 *   the day of the latest one (earlier when something was already on then, across midnight)
 * @to_ms: (out): @now_ms while a stream or the recording is on (or lost), else when the
 *   last one went off
 *
 * "This show": what the producer wants to see after the show, also the next morning.
 *
 * Returns: %FALSE when no stream and no recording was ever live in the history
 */
gboolean
onair_health_history_get_show_range (OnairHealthHistory *self,
                                     gint64              now_ms,
                                     gint64             *from_ms,
                                     gint64             *to_ms)
{
  const OnairHealthEvent *latest = NULL;
  gint64 from = G_MAXINT64;
  gint64 to = G_MININT64;
  int year, day, y, d;
  gboolean moved;
  GHashTable *open;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (self), FALSE);
  g_return_val_if_fail (from_ms != NULL && to_ms != NULL, FALSE);

  for (guint i = self->events->len; i > 0 && latest == NULL; i--)
    {
      const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i - 1);

      if (is_show_lane (event) && event->state == ONAIR_HEALTH_LANE_LIVE)
        latest = event;
    }
  if (latest == NULL)
    return FALSE;

  local_date (latest->time_ms, &year, &day);
  for (guint i = 0; i < self->events->len; i++)
    {
      const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);

      if (!is_show_lane (event) || event->state != ONAIR_HEALTH_LANE_LIVE)
        continue;
      local_date (event->time_ms, &y, &d);
      if (y == year && d == day)
        {
          from = event->time_ms;
          break;
        }
    }

  /* Something on since before that (a show across midnight): from when it started. */
  do
    {
      moved = FALSE;
      open = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->events->len; i++)
        {
          const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);

          if (event->time_ms >= from)
            break;
          if (is_show_lane (event))
            g_hash_table_insert (open, event->subject, (gpointer) event);
        }
      {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, open);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          {
            const OnairHealthEvent *event = value;

            if (is_on (event->state) && event->time_ms < from)
              {
                from = event->time_ms;
                moved = TRUE;
              }
          }
      }
      g_hash_table_unref (open);
    }
  while (moved);

  /* The end: now while anything is on, else when the last thing went off. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->lanes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        const char *lane = key;

        if ((g_str_has_prefix (lane, "stream-") || g_str_equal (lane, "recording")) &&
            is_on (((LaneNow *) value)->state))
          to = now_ms;
      }
  }
  if (to == G_MININT64)
    {
      GHashTable *on = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < self->events->len; i++)
        {
          const OnairHealthEvent *event = &g_array_index (self->events, OnairHealthEvent, i);

          if (!is_show_lane (event))
            continue;
          if (is_on (event->state))
            g_hash_table_add (on, event->subject);
          else if (g_hash_table_remove (on, event->subject))
            to = MAX (to, event->time_ms);
        }
      g_hash_table_unref (on);
    }
  if (to == G_MININT64)
    to = now_ms;

  *from_ms = from;
  *to_ms = MAX (to, from + 60 * 1000);
  return TRUE;
}
