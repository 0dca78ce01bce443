/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-scheduler-private.h"

/*
 * A run's pre-flight, start and stop. The start and stop go through each host's controller
 * (the fleet's group start, the controller's recording start), exactly as a click would, and
 * are confirmed from vMix's state by the controller. The operations a schedule asked for are
 * started with the schedule as their origin: the controller witnesses each with
 * `"by": "schedule"` and the schedule's name. Only what the run started is stopped, and
 * only at its end.
 */

/* The streams a schedule starts: its group's members, then its own. */
static OnairStreamGroup *
collect_streams (OnairScheduler      *self,
                 const OnairSchedule *schedule)
{
  OnairStreamGroup *streams = onair_stream_group_new (schedule->id, schedule->name);
  OnairStreamGroup *group = onair_scheduler_lookup_group (self, schedule->group_id);

  for (guint i = 0; group != NULL && i < group->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (group->members, i);

      onair_stream_group_add_member (streams, member->host_id, member->channel,
                                     member->destination_id);
    }
  for (guint i = 0; i < schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (schedule->members, i);

      onair_stream_group_add_member (streams, member->host_id, member->channel,
                                     member->destination_id);
    }
  return streams;
}

static const char *
host_name (OnairScheduler *self,
           const char     *host_id)
{
  OnairVmixSession *session = onair_fleet_lookup (self->fleet, host_id);

  return session != NULL ? onair_vmix_session_get_name (session) : host_id;
}

/**
 * onair_scheduler_check_targets:
 *
 * Returns: %TRUE when every host, destination and stream group @schedule names exists
 */
gboolean
onair_scheduler_check_targets (OnairScheduler       *self,
                               const OnairSchedule  *schedule,
                               GError              **error)
{
  g_autoptr(OnairStreamGroup) streams = NULL;

  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), FALSE);

  if (schedule->group_id != NULL && onair_scheduler_lookup_group (self, schedule->group_id) == NULL)
    {
      g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_UNKNOWN_TARGET,
                           _("The stream group of this schedule no longer exists."));
      return FALSE;
    }
  streams = collect_streams (self, schedule);
  for (guint i = 0; i < streams->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (streams->members, i);

      if (onair_fleet_lookup (self->fleet, member->host_id) == NULL)
        {
          g_set_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_UNKNOWN_TARGET,
                       _("The vMix host “%s” is not set up: add it again in "
                         "Preferences, or take its stream out of this schedule."),
                       member->host_id);
          return FALSE;
        }
      if (self->destinations == NULL ||
          onair_destination_list_lookup (self->destinations, member->destination_id) == NULL)
        {
          g_set_error_literal (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_UNKNOWN_TARGET,
                               _("A destination of this schedule no longer exists."));
          return FALSE;
        }
    }
  for (guint i = 0; schedule->recording_hosts && schedule->recording_hosts[i]; i++)
    if (onair_fleet_lookup (self->fleet, schedule->recording_hosts[i]) == NULL)
      {
        g_set_error (error, ONAIR_SCHEDULE_ERROR, ONAIR_SCHEDULE_ERROR_UNKNOWN_TARGET,
                     _("The vMix host “%s” is not set up: add it again in "
                       "Preferences, or turn its recording off in this schedule."),
                     schedule->recording_hosts[i]);
        return FALSE;
      }
  return TRUE;
}

static void
check_host (OnairScheduler *self,
            const char     *host_id,
            GPtrArray      *problems)
{
  OnairVmixSession *session = onair_fleet_lookup (self->fleet, host_id);
  g_autofree char *problem = NULL;

  if (session == NULL)
    problem = g_strdup_printf (_("The vMix host “%s” is no longer set up: add it again in "
                                 "Preferences or change the schedule."), host_id);
  else if (onair_vmix_session_get_connection_state (session) != ONAIR_CONNECTION_CONNECTED)
    problem = g_strdup_printf (_("%s does not answer: check that vMix is running there and "
                                 "that its Web Controller is on."),
                               onair_vmix_session_get_name (session));
  for (guint i = 0; problem != NULL && i < problems->len; i++)
    if (g_str_equal (g_ptr_array_index (problems, i), problem))
      return;
  if (problem != NULL)
    g_ptr_array_add (problems, g_steal_pointer (&problem));
}

/**
 * onair_scheduler_preflight:
 *
 * Checks what @schedule needs, now: every host reachable, every destination present with
 * its key in the keyring, the streams to start off, the witness log writable.
 *
 * Returns: (transfer full) (element-type utf8): the problems, each with what to fix; empty
 *   when ready
 */
GPtrArray *
onair_scheduler_preflight (OnairScheduler      *self,
                           const OnairSchedule *schedule)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(OnairStreamGroup) streams = NULL;

  g_return_val_if_fail (ONAIR_IS_SCHEDULER (self), problems);

  if (schedule->group_id != NULL && onair_scheduler_lookup_group (self, schedule->group_id) == NULL)
    g_ptr_array_add (problems, g_strdup (_("The stream group of this schedule no longer "
                                           "exists: choose another one.")));
  streams = collect_streams (self, schedule);
  for (guint i = 0; i < streams->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (streams->members, i);
      OnairVmixSession *session = onair_fleet_lookup (self->fleet, member->host_id);
      OnairController *controller = session ? onair_vmix_session_get_controller (session) : NULL;
      OnairDestination *destination = self->destinations
        ? onair_destination_list_lookup (self->destinations, member->destination_id) : NULL;

      check_host (self, member->host_id, problems);
      if (destination == NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("Stream %u on %s has no destination any "
                                                      "more: choose one in the schedule."),
                                                    member->channel + 1,
                                                    host_name (self, member->host_id)));
      else if (!onair_destination_has_key (destination))
        g_ptr_array_add (problems, g_strdup_printf (_("The stream key of “%s” is not in the "
                                                      "keyring: enter it again in Destinations."),
                                                    onair_destination_get_name (destination)));
      if (controller != NULL &&
          onair_vmix_session_get_connection_state (session) == ONAIR_CONNECTION_CONNECTED &&
          onair_controller_get_channel_status (controller, member->channel) != ONAIR_CHANNEL_OFF)
        g_ptr_array_add (problems, g_strdup_printf (_("Stream %u on %s is already on: stop it "
                                                      "or change the schedule."),
                                                    member->channel + 1,
                                                    host_name (self, member->host_id)));
    }
  for (guint i = 0; schedule->recording_hosts && schedule->recording_hosts[i]; i++)
    check_host (self, schedule->recording_hosts[i], problems);
  if (self->recorder == NULL || onair_witness_recorder_get_error (self->recorder) != NULL)
    g_ptr_array_add (problems, g_strdup (_("The witness log cannot be written: see the Witness "
                                           "page.")));
  return problems;
}

static char *
join_problems (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (problems, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
onair_scheduler_run_preflight (OnairScheduler    *self,
                               OnairScheduleSlot *slot)
{
  g_autoptr(GPtrArray) problems = onair_scheduler_preflight (self, slot->schedule);
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;

  if (problems->len == 0)
    {
      onair_scheduler_witness (self, slot, "preflight", "ok", NULL);
      return;
    }
  message = join_problems (problems);
  title = g_strdup_printf (_("Pre-flight failed for “%s”"), slot->schedule->name);
  onair_scheduler_witness (self, slot, "preflight", "failed", message);
  onair_scheduler_alert (self, "preflight-failed", title, message);
}

/* One start or stop of a run: the streams, then the recordings, each counted in pending. */
typedef struct
{
  OnairScheduleSlot *slot;
  gboolean           start;
  char              *host_id;   /* for a recording */
} RunOp;

static void run_streams    (OnairScheduler    *self,
                            OnairScheduleSlot *slot,
                            OnairStreamGroup  *streams,
                            gboolean           start);
static void run_recordings (OnairScheduler    *self,
                            OnairScheduleSlot *slot,
                            GStrv              hosts,
                            gboolean           start);

static void
phase_done (OnairScheduleSlot *slot,
            gboolean           start)
{
  OnairScheduler *self = slot->scheduler;
  g_autofree char *message = NULL;
  gboolean any_started;

  if (!slot->alive)
    return;
  message = slot->failures->len > 0 ? join_problems (slot->failures) : NULL;
  any_started = (slot->started_group != NULL && slot->started_group->members->len > 0) ||
                (slot->started_recordings != NULL && slot->started_recordings->len > 0);

  if (start && slot->failures->len > 0 && !slot->retried)
    {
      g_autofree char *title = g_strdup_printf (_("“%s” did not fully start"), slot->schedule->name);
      g_autofree char *retry = g_strdup_printf (_("%s\nOnair tries once more."), message);
      g_autoptr(OnairStreamGroup) again = onair_stream_group_new (slot->schedule->id,
                                                                  slot->schedule->name);
      g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(OnairStreamGroup) all = collect_streams (self, slot->schedule);

      onair_scheduler_alert (self, "schedule-start-failed", title, retry);
      slot->retried = TRUE;
      g_ptr_array_set_size (slot->failures, 0);
      /* What did not start, once more. */
      for (guint i = 0; i < all->members->len; i++)
        {
          const OnairStreamGroupMember *member = g_ptr_array_index (all->members, i);
          gboolean done = FALSE;

          for (guint j = 0; slot->started_group && j < slot->started_group->members->len; j++)
            {
              const OnairStreamGroupMember *ok = g_ptr_array_index (slot->started_group->members, j);

              done |= g_strcmp0 (ok->host_id, member->host_id) == 0 && ok->channel == member->channel;
            }
          if (!done)
            onair_stream_group_add_member (again, member->host_id, member->channel,
                                           member->destination_id);
        }
      for (guint i = 0; slot->schedule->recording_hosts && slot->schedule->recording_hosts[i]; i++)
        {
          const char *host = slot->schedule->recording_hosts[i];

          if (!g_ptr_array_find_with_equal_func (slot->started_recordings, host, g_str_equal, NULL))
            g_ptr_array_add (hosts, g_strdup (host));
        }
      g_ptr_array_add (hosts, NULL);
      slot->pending++;
      run_streams (self, slot, again, TRUE);
      run_recordings (self, slot, (GStrv) hosts->pdata, TRUE);
      slot->pending--;
      if (slot->pending == 0)
        phase_done (slot, TRUE);
      return;
    }

  if (start)
    {
      const char *outcome = slot->failures->len == 0 ? "done" : any_started ? "partial" : "failed";

      slot->start_outcome = outcome;
      onair_scheduler_witness (self, slot, "start", outcome, message);
      if (slot->failures->len > 0)
        {
          g_autofree char *title = g_strdup_printf (_("“%s” did not fully start"),
                                                    slot->schedule->name);

          onair_scheduler_alert (self, "schedule-start-failed", title, message);
        }
      if (!any_started)
        onair_scheduler_finish_run (self, slot, outcome, message);
      else
        g_ptr_array_set_size (slot->failures, 0);
      return;
    }

  onair_scheduler_witness (self, slot, "stop", slot->failures->len == 0 ? "done" : "failed",
                           message);
  if (slot->failures->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("“%s” did not fully stop"), slot->schedule->name);

      onair_scheduler_alert (self, "schedule-stop-failed", title, message);
    }
  onair_scheduler_finish_run (self, slot,
                              slot->failures->len == 0 && g_strcmp0 (slot->start_outcome, "done") == 0
                                ? "done" : "partial",
                              message);
}

static void
op_done (RunOp *op)
{
  OnairScheduleSlot *slot = op->slot;

  if (--slot->pending == 0)
    phase_done (slot, op->start);
  onair_scheduler_slot_unref (slot);
  g_free (op->host_id);
  g_free (op);
}

static void
streams_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RunOp *op = user_data;
  OnairScheduleSlot *slot = op->slot;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;

  outcomes = onair_fleet_group_finish (ONAIR_FLEET (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op_done (op);
      return;
    }
  if (outcomes == NULL)
    g_ptr_array_add (slot->failures, g_strdup (error->message));
  for (guint i = 0; outcomes != NULL && i < outcomes->len; i++)
    {
      OnairStreamGroupOutcome *outcome = g_ptr_array_index (outcomes, i);
      const OnairStreamGroupMember *member = &outcome->member;

      if (outcome->error != NULL)
        {
          g_ptr_array_add (slot->failures,
                           g_strdup_printf (_("Stream %u on %s: %s"), member->channel + 1,
                                            outcome->host_name ? outcome->host_name
                                                               : member->host_id,
                                            outcome->error->message));
          continue;
        }
      if (op->start)
        onair_stream_group_add_member (slot->started_group, member->host_id, member->channel,
                                       member->destination_id);
    }
  op_done (op);
}

static void
run_streams (OnairScheduler    *self,
             OnairScheduleSlot *slot,
             OnairStreamGroup  *streams,
             gboolean           start)
{
  OnairOperationOrigin origin = { "schedule", slot->schedule->name };
  RunOp *op;

  if (streams == NULL || streams->members->len == 0)
    return;
  op = g_new0 (RunOp, 1);
  op->slot = slot;
  op->start = start;
  slot->refs++;
  slot->pending++;
  if (start)
    onair_fleet_start_group_full_async (self->fleet, streams, self->destinations, &origin,
                                        self->cancellable, streams_cb, op);
  else
    onair_fleet_stop_group_full_async (self->fleet, streams, &origin, self->cancellable,
                                       streams_cb, op);
}

static void
recording_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RunOp *op = user_data;
  OnairScheduleSlot *slot = op->slot;
  g_autoptr(GError) error = NULL;

  if (op->start)
    onair_controller_start_recording_finish (ONAIR_CONTROLLER (object), result, &error);
  else
    onair_controller_stop_recording_finish (ONAIR_CONTROLLER (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_ptr_array_add (slot->failures,
                     g_strdup_printf (_("The recording on %s: %s"),
                                      host_name (slot->scheduler, op->host_id), error->message));
  else if (error == NULL && op->start)
    g_ptr_array_add (slot->started_recordings, g_strdup (op->host_id));
  op_done (op);
}

static void
run_recordings (OnairScheduler    *self,
                OnairScheduleSlot *slot,
                GStrv              hosts,
                gboolean           start)
{
  OnairOperationOrigin origin = { "schedule", slot->schedule->name };

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      OnairVmixSession *session = onair_fleet_lookup (self->fleet, hosts[i]);
      OnairController *controller = session ? onair_vmix_session_get_controller (session) : NULL;
      RunOp *op;

      if (controller == NULL)
        {
          g_ptr_array_add (slot->failures,
                           g_strdup_printf (_("The recording on %s: the host is not connected."),
                                            host_name (self, hosts[i])));
          continue;
        }
      op = g_new0 (RunOp, 1);
      op->slot = slot;
      op->start = start;
      op->host_id = g_strdup (hosts[i]);
      slot->refs++;
      slot->pending++;
      if (start)
        onair_controller_start_recording_full_async (controller, &origin, self->cancellable,
                                                     recording_cb, op);
      else
        onair_controller_stop_recording_full_async (controller, &origin, self->cancellable,
                                                    recording_cb, op);
    }
}

void
onair_scheduler_run_start (OnairScheduler    *self,
                           OnairScheduleSlot *slot)
{
  g_autoptr(OnairStreamGroup) streams = collect_streams (self, slot->schedule);

  slot->started_group = onair_stream_group_new (slot->schedule->id, slot->schedule->name);
  slot->started_recordings = g_ptr_array_new_with_free_func (g_free);
  slot->failures = g_ptr_array_new_with_free_func (g_free);
  slot->pending++;    /* the run's own count until everything was sent */
  run_streams (self, slot, streams, TRUE);
  run_recordings (self, slot, slot->schedule->recording_hosts, TRUE);
  if (--slot->pending == 0)
    phase_done (slot, TRUE);
}

void
onair_scheduler_run_stop (OnairScheduler    *self,
                          OnairScheduleSlot *slot)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (slot->failures, 0);
  for (guint i = 0; i < slot->started_recordings->len; i++)
    g_ptr_array_add (hosts, g_strdup (g_ptr_array_index (slot->started_recordings, i)));
  g_ptr_array_add (hosts, NULL);
  slot->pending++;
  run_streams (self, slot, slot->started_group, FALSE);
  run_recordings (self, slot, (GStrv) hosts->pdata, FALSE);
  if (--slot->pending == 0)
    phase_done (slot, FALSE);
}
