/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-scheduler-private.h"

/*
 * The scheduler: every schedule's next run, the pre-flight at its lead time, the start at
 * its time and the stop at its end, each through the hosts' controllers as a click would.
 * Time comes from a clock function (tests drive it). A run whose start passed while Onair
 * was not running (the last check is kept in settings) is missed: shown, never started late.
 */

/* A start found this late (a suspended machine, a blocked loop) is missed, not started. */
#define START_GRACE_US (2 * 60 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (OnairScheduler, onair_scheduler, G_TYPE_OBJECT)

enum { PROP_0, PROP_ARMED, N_PROPS };
enum { ALERT, CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
onair_schedule_result_free (OnairScheduleResult *result)
{
  if (result == NULL)
    return;
  onair_schedule_run_clear (&result->run);
  g_free (result->outcome);
  g_free (result->message);
  g_free (result);
}

void
onair_scheduler_slot_unref (OnairScheduleSlot *slot)
{
  if (--slot->refs > 0)
    return;
  onair_schedule_free (slot->schedule);
  onair_schedule_run_clear (&slot->run);
  g_clear_pointer (&slot->started_group, onair_stream_group_free);
  g_clear_pointer (&slot->started_recordings, g_ptr_array_unref);
  g_clear_pointer (&slot->failures, g_ptr_array_unref);
  g_free (slot);
}

static void
slot_leave (OnairScheduleSlot *slot)
{
  slot->alive = FALSE;
  onair_scheduler_slot_unref (slot);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

gint64
onair_scheduler_now_us (OnairScheduler *self)
{
  return self->clock_func (self->clock_data);
}

static void
onair_scheduler_dispose (GObject *object)
{
  OnairScheduler *self = ONAIR_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->fleet);
  g_clear_object (&self->destinations);
  g_clear_object (&self->recorder);
  g_clear_object (&self->sinks);
  G_OBJECT_CLASS (onair_scheduler_parent_class)->dispose (object);
}

static void
onair_scheduler_finalize (GObject *object)
{
  OnairScheduler *self = ONAIR_SCHEDULER (object);

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->slots);
  g_ptr_array_unref (self->history);
  G_OBJECT_CLASS (onair_scheduler_parent_class)->finalize (object);
}

static void
onair_scheduler_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnairScheduler *self = ONAIR_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_ARMED:
      g_value_set_boolean (value, self->armed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_scheduler_class_init (OnairSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_scheduler_dispose;
  object_class->finalize = onair_scheduler_finalize;
  object_class->get_property = onair_scheduler_get_property;

  /**
   * OnairScheduler:armed:
   *
   * %TRUE while any schedule has a run to come: Onair must keep running for it.
   */
  properties[PROP_ARMED] = g_param_spec_boolean ("armed", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                 G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairScheduler::alert:
   * @code: "preflight-failed", "schedule-start-failed", "schedule-stop-failed", "schedule-missed"
   * @title: for people
   * @message: for people, with what to fix
   *
   * Something the producer must know at once (also sent to the alert sinks).
   */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * OnairScheduler::changed:
   *
   * The upcoming runs or the history changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onair_scheduler_init (OnairScheduler *self)
{
  self->clock_func = real_clock;
  self->tz = g_time_zone_new_local ();
  self->cancellable = g_cancellable_new ();
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_stream_group_free);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_leave);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_result_free);
}

/**
 * onair_scheduler_new:
 * @fleet: the hosts the schedules run on
 * @destinations: where the streams' destinations (and keys) are found
 */
OnairScheduler *
onair_scheduler_new (OnairFleet           *fleet,
                     OnairDestinationList *destinations)
{
  OnairScheduler *self;

  g_return_val_if_fail (ONAIR_IS_FLEET (fleet), NULL);

  self = g_object_new (ONAIR_TYPE_SCHEDULER, NULL);
  self->fleet = g_object_ref (fleet);
  self->destinations = destinations ? g_object_ref (destinations) : NULL;
  return self;
}

/**
 * onair_scheduler_set_clock:
 * @func: (nullable): returns µs since the epoch; %NULL for the real clock
 */
void
onair_scheduler_set_clock (OnairScheduler          *self,
                           OnairSchedulerClockFunc  func,
                           gpointer                 user_data,
                           GDestroyNotify           destroy)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock_func = func ? func : real_clock;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

void
onair_scheduler_set_time_zone (OnairScheduler *self,
                               GTimeZone      *tz)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));
  g_return_if_fail (tz != NULL);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  for (guint i = 0; i < self->slots->len; i++)
    {
      OnairScheduleSlot *slot = g_ptr_array_index (self->slots, i);

      if (!slot->started)
        slot->has_run = FALSE;
    }
}

/**
 * onair_scheduler_set_recorder:
 * @recorder: (nullable): where runs are witnessed
 *
 * Runs are witnessed there from now on, and the past runs are read from its log (in a
 * thread; ::changed says when they are in the history).
 */
void
onair_scheduler_set_recorder (OnairScheduler       *self,
                              OnairWitnessRecorder *recorder)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));
  g_set_object (&self->recorder, recorder);
  onair_scheduler_load_history (self);
}

void
onair_scheduler_emit_changed (OnairScheduler *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
onair_scheduler_set_alert_sinks (OnairScheduler  *self,
                                 OnairAlertSinks *sinks)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));
  g_set_object (&self->sinks, sinks);
}

/**
 * onair_scheduler_set_groups:
 * @groups: (element-type OnairStreamGroup): the stream groups schedules may name (copied)
 */
void
onair_scheduler_set_groups (OnairScheduler *self,
                            GPtrArray      *groups)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));

  g_ptr_array_set_size (self->groups, 0);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    g_ptr_array_add (self->groups, onair_stream_group_copy (g_ptr_array_index (groups, i)));
}

OnairStreamGroup *
onair_scheduler_lookup_group (OnairScheduler *self,
                              const char     *id)
{
  for (guint i = 0; id != NULL && i < self->groups->len; i++)
    {
      OnairStreamGroup *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, id) == 0)
        return group;
    }
  return NULL;
}

/**
 * onair_scheduler_set_schedules:
 * @schedules: (element-type OnairSchedule): every schedule (copied)
 *
 * A run in progress keeps going with the schedule it started with until its end, unless
 * its schedule is gone: what it started then stays on (never cut without a schedule saying so).
 */
void
onair_scheduler_set_schedules (OnairScheduler *self,
                               GPtrArray      *schedules)
{
  g_autoptr(GPtrArray) old = NULL;
  gint64 now;

  g_return_if_fail (ONAIR_IS_SCHEDULER (self));

  now = onair_scheduler_now_us (self);
  old = g_steal_pointer (&self->slots);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_leave);
  for (guint i = 0; schedules != NULL && i < schedules->len; i++)
    {
      const OnairSchedule *schedule = g_ptr_array_index (schedules, i);
      OnairScheduleSlot *slot = NULL;

      for (guint j = 0; j < old->len; j++)
        {
          OnairScheduleSlot *previous = g_ptr_array_index (old, j);

          if (g_strcmp0 (previous->schedule->id, schedule->id) == 0 && previous->started)
            {
              slot = g_ptr_array_steal_index (old, j);
              break;
            }
        }
      if (slot == NULL)
        {
          slot = g_new0 (OnairScheduleSlot, 1);
          slot->refs = 1;
          slot->scheduler = self;
          slot->from_us = now;
        }
      slot->alive = TRUE;
      onair_schedule_free (slot->schedule);
      slot->schedule = onair_schedule_copy (schedule);
      if (!slot->started)
        slot->has_run = FALSE;
      g_ptr_array_add (self->slots, slot);
    }
  if (self->first_tick_done)
    onair_scheduler_tick (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
load_groups (OnairScheduler *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "stream-groups");
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_stream_group_free);
  GVariantIter iter;
  GVariant *child;

  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      OnairStreamGroup *group = onair_stream_group_new_from_variant (child, NULL);

      if (group != NULL)
        g_ptr_array_add (groups, group);
      g_variant_unref (child);
    }
  onair_scheduler_set_groups (self, groups);
}

static void
load_schedules (OnairScheduler *self)
{
  g_autoptr(GPtrArray) schedules = onair_schedules_load (self->settings);

  onair_scheduler_set_schedules (self, schedules);
}

/**
 * onair_scheduler_set_settings:
 *
 * Reads the schedules, the stream groups and the last check from @settings, follows their
 * changes, and keeps the last check there.
 */
void
onair_scheduler_set_settings (OnairScheduler *self,
                              GSettings      *settings)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  self->last_check_us = g_settings_get_int64 (settings, "schedule-last-check");
  load_groups (self);
  load_schedules (self);
  g_signal_connect_swapped (settings, "changed::stream-groups", G_CALLBACK (load_groups), self);
  g_signal_connect_swapped (settings, "changed::schedules", G_CALLBACK (load_schedules), self);
}

/**
 * onair_scheduler_set_last_check_us:
 *
 * When Onair last looked at its schedules (before this run): runs that started since are
 * missed. 0 when unknown.
 */
void
onair_scheduler_set_last_check_us (OnairScheduler *self,
                                   gint64          last_check_us)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));
  self->last_check_us = last_check_us;
}

gint64
onair_scheduler_get_last_check_us (OnairScheduler *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), 0);
  return self->last_check_us;
}

static gboolean
timer_cb (gpointer user_data)
{
  onair_scheduler_tick (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * onair_scheduler_start_timer:
 *
 * Ticks every second from now on (tests call onair_scheduler_tick() themselves).
 */
void
onair_scheduler_start_timer (OnairScheduler *self)
{
  g_return_if_fail (ONAIR_IS_SCHEDULER (self));

  if (self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (1, timer_cb, self);
  onair_scheduler_tick (self);
}

void
onair_scheduler_alert (OnairScheduler *self,
                       const char     *code,
                       const char     *title,
                       const char     *message)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (onair_scheduler_now_us (self) /
                                                             G_USEC_PER_SEC);
  OnairAlert alert = {
    .status = ONAIR_HEALTH_CRITICAL,
    .code = code,
    .title = title,
    .message = message,
    .time = time,
  };

  if (self->sinks != NULL)
    onair_alert_sinks_send (self->sinks, &alert);
  g_signal_emit (self, signals[ALERT], 0, code, title, message);
}

/**
 * onair_scheduler_witness:
 * @phase: "preflight", "start", "stop" or "missed"
 *
 * Records a `schedule_run` event: the run, the phase and its outcome.
 */
void
onair_scheduler_witness (OnairScheduler    *self,
                         OnairScheduleSlot *slot,
                         const char        *phase,
                         const char        *outcome,
                         const char        *message)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (slot->run.start_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (slot->run.end_us / G_USEC_PER_SEC);
  g_autofree char *start_iso = g_date_time_format_iso8601 (start);
  g_autofree char *end_iso = g_date_time_format_iso8601 (end);

  if (self->recorder == NULL)
    return;
  json_object_set_string_member (params, "by", "schedule");
  json_object_set_string_member (params, "schedule", slot->schedule->name);
  json_object_set_string_member (params, "schedule_id", slot->schedule->id);
  json_object_set_string_member (params, "phase", phase);
  json_object_set_string_member (params, "planned_start", start_iso);
  json_object_set_string_member (params, "planned_end", end_iso);
  if (slot->run.note != NULL)
    json_object_set_string_member (params, "note", slot->run.note);
  json_object_set_boolean_member (result, "success",
                                  g_strcmp0 (outcome, "done") == 0 || g_strcmp0 (outcome, "ok") == 0);
  json_object_set_string_member (result, "outcome", outcome);
  if (message != NULL)
    json_object_set_string_member (result, "message", message);
  onair_witness_recorder_record (self->recorder, "schedule_run", NULL, params, result);
}

void
onair_scheduler_finish_run (OnairScheduler    *self,
                            OnairScheduleSlot *slot,
                            const char        *outcome,
                            const char        *message)
{
  OnairScheduleResult *result = g_new0 (OnairScheduleResult, 1);

  result->run.schedule_id = g_strdup (slot->run.schedule_id);
  result->run.schedule_name = g_strdup (slot->run.schedule_name);
  result->run.preflight_us = slot->run.preflight_us;
  result->run.start_us = slot->run.start_us;
  result->run.end_us = slot->run.end_us;
  result->run.note = g_strdup (slot->run.note);
  result->outcome = g_strdup (outcome);
  result->message = g_strdup (message);
  g_ptr_array_add (self->history, result);

  slot->from_us = slot->run.start_us + 1;
  slot->has_run = FALSE;
  slot->preflight_done = slot->started = slot->stopping = slot->retried = FALSE;
  g_clear_pointer (&slot->started_group, onair_stream_group_free);
  g_clear_pointer (&slot->started_recordings, g_ptr_array_unref);
  g_clear_pointer (&slot->failures, g_ptr_array_unref);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
report_missed (OnairScheduler    *self,
               OnairScheduleSlot *slot,
               const char        *why)
{
  g_autofree char *title = g_strdup_printf (_("“%s” did not start"), slot->schedule->name);

  onair_scheduler_witness (self, slot, "missed", "missed", why);
  onair_scheduler_alert (self, "schedule-missed", title, why);
  onair_scheduler_finish_run (self, slot, "missed", why);
}

/* Runs that started between the last check and now, while Onair was not running. */
static void
find_missed (OnairScheduler *self,
             gint64          now)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      OnairScheduleSlot *slot = g_ptr_array_index (self->slots, i);
      guint guard = 0;

      slot->from_us = self->last_check_us + 1;
      while (guard++ < 64 &&
             onair_schedule_next_run (slot->schedule, self->tz, slot->from_us, &slot->run) &&
             slot->run.start_us <= now)
        {
          slot->has_run = TRUE;
          report_missed (self, slot,
                         _("Onair was not running at the start time; nothing was started. "
                           "Start the show by hand if it should be on."));
        }
      onair_schedule_run_clear (&slot->run);
      slot->has_run = FALSE;
      slot->from_us = now;
    }
}

static void
save_last_check (OnairScheduler *self,
                 gint64          now,
                 gboolean        force)
{
  self->last_check_us = now;
  if (self->settings == NULL || (!force && now - self->last_saved_us < 30 * G_USEC_PER_SEC))
    return;
  self->last_saved_us = now;
  g_settings_set_int64 (self->settings, "schedule-last-check", now);
}

/**
 * onair_scheduler_tick:
 *
 * Looks at the time: runs the pre-flights, starts and stops that are due.
 */
void
onair_scheduler_tick (OnairScheduler *self)
{
  gint64 now;
  gboolean armed = FALSE;
  gboolean changed = FALSE;

  g_return_if_fail (ONAIR_IS_SCHEDULER (self));

  now = onair_scheduler_now_us (self);
  if (!self->first_tick_done)
    {
      self->first_tick_done = TRUE;
      if (self->last_check_us > 0 && self->last_check_us < now)
        find_missed (self, now);
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      OnairScheduleSlot *slot = g_ptr_array_index (self->slots, i);

      if (!slot->has_run)
        {
          slot->has_run = onair_schedule_next_run (slot->schedule, self->tz, slot->from_us,
                                                   &slot->run);
          changed |= slot->has_run;
        }
      if (!slot->has_run)
        continue;
      armed = TRUE;
      if (slot->pending > 0)
        continue;

      if (!slot->started)
        {
          if (now >= slot->run.start_us + START_GRACE_US)
            report_missed (self, slot,
                           _("Onair could not act at the start time (the computer may have "
                             "been asleep); nothing was started."));
          else if (now >= slot->run.start_us)
            {
              slot->started = TRUE;
              save_last_check (self, now, TRUE);
              onair_scheduler_run_start (self, slot);
            }
          else if (now >= slot->run.preflight_us && !slot->preflight_done)
            {
              slot->preflight_done = TRUE;
              onair_scheduler_run_preflight (self, slot);
            }
        }
      else if (!slot->stopping && now >= slot->run.end_us)
        {
          slot->stopping = TRUE;
          onair_scheduler_run_stop (self, slot);
        }
    }
  save_last_check (self, now, FALSE);

  if (armed != self->armed)
    {
      self->armed = armed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARMED]);
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
onair_scheduler_get_armed (OnairScheduler *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), FALSE);
  return self->armed;
}

/**
 * onair_scheduler_is_busy:
 *
 * Returns: %TRUE while a start or stop is in flight
 */
gboolean
onair_scheduler_is_busy (OnairScheduler *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), FALSE);

  for (guint i = 0; i < self->slots->len; i++)
    if (((OnairScheduleSlot *) g_ptr_array_index (self->slots, i))->pending > 0)
      return TRUE;
  return FALSE;
}

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  const OnairScheduleRun *run_a = *(const OnairScheduleRun **) a;
  const OnairScheduleRun *run_b = *(const OnairScheduleRun **) b;

  return run_a->start_us < run_b->start_us ? -1 : run_a->start_us > run_b->start_us;
}

/**
 * onair_scheduler_dup_upcoming:
 *
 * Returns: (transfer full) (element-type OnairScheduleRun): each schedule's current or next
 *   run, soonest first
 */
GPtrArray *
onair_scheduler_dup_upcoming (OnairScheduler *self)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_run_free);
  gint64 now;

  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), runs);

  now = onair_scheduler_now_us (self);
  for (guint i = 0; i < self->slots->len; i++)
    {
      OnairScheduleSlot *slot = g_ptr_array_index (self->slots, i);
      OnairScheduleRun run = { 0 };

      if (slot->has_run)
        g_ptr_array_add (runs, onair_schedule_run_copy (&slot->run));
      else if (onair_schedule_next_run (slot->schedule, self->tz, MAX (slot->from_us, now), &run))
        {
          g_ptr_array_add (runs, onair_schedule_run_copy (&run));
          onair_schedule_run_clear (&run);
        }
    }
  g_ptr_array_sort (runs, compare_runs);
  return runs;
}

/**
 * onair_scheduler_get_history:
 *
 * Returns: (transfer none) (element-type OnairScheduleResult): runs finished or missed,
 *   those of this session and those the witness log tells of, oldest first
 */
GPtrArray *
onair_scheduler_get_history (OnairScheduler *self)
{
  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), NULL);
  return self->history;
}
