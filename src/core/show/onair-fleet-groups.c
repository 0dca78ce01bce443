/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-fleet.h"

/*
 * Stream groups: every member starts (or stops) at once on its own host, through that
 * host's controller, which confirms it from that host's state. The group's result is
 * every member's outcome, in the group's order; a partial start is reported member by
 * member, never hidden or undone behind the producer's back.
 */

typedef struct
{
  GPtrArray *outcomes;    /* OnairStreamGroupOutcome*, in the group's order */
  guint      pending;
} GroupRun;

typedef struct
{
  GTask                   *task;
  OnairStreamGroupOutcome *outcome;
} MemberRun;

static void
group_run_free (GroupRun *run)
{
  g_ptr_array_unref (run->outcomes);
  g_free (run);
}

static void
member_done (MemberRun *member,
             GError    *error)
{
  GroupRun *run = g_task_get_task_data (member->task);

  member->outcome->error = error;
  if (--run->pending == 0)
    g_task_return_pointer (member->task, g_ptr_array_ref (run->outcomes),
                           (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (member->task);
  g_free (member);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError *error = NULL;

  onair_controller_start_stream_finish (ONAIR_CONTROLLER (object), result, &error);
  member_done (user_data, error);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError *error = NULL;

  onair_controller_stop_stream_finish (ONAIR_CONTROLLER (object), result, &error);
  member_done (user_data, error);
}

static void
run_group (OnairFleet                 *self,
           const OnairStreamGroup     *group,
           gboolean                    start,
           OnairDestinationList       *destinations,
           const OnairOperationOrigin *origin,
           GCancellable               *cancellable,
           GAsyncReadyCallback         callback,
           gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GroupRun *run = g_new0 (GroupRun, 1);

  /* One tag for both: onair_fleet_group_finish() takes either. */
  g_task_set_source_tag (task, run_group);
  run->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_stream_group_outcome_free);
  g_task_set_task_data (task, run, (GDestroyNotify) group_run_free);

  if (group->members->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The stream group “%s” has no members."), group->name);
      return;
    }

  /* One outcome per member first, so that the order is the group's whatever answers first;
   * the run holds one count until every member was sent. */
  run->pending = group->members->len + 1;
  for (guint i = 0; i < group->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (group->members, i);
      OnairStreamGroupOutcome *outcome = g_new0 (OnairStreamGroupOutcome, 1);

      outcome->member.host_id = g_strdup (member->host_id);
      outcome->member.channel = member->channel;
      outcome->member.destination_id = g_strdup (member->destination_id);
      g_ptr_array_add (run->outcomes, outcome);
    }

  for (guint i = 0; i < run->outcomes->len; i++)
    {
      OnairStreamGroupOutcome *outcome = g_ptr_array_index (run->outcomes, i);
      OnairVmixSession *session = onair_fleet_lookup (self, outcome->member.host_id);
      OnairController *controller = session ? onair_vmix_session_get_controller (session) : NULL;
      OnairDestination *destination = NULL;
      MemberRun *member = g_new0 (MemberRun, 1);

      member->task = g_object_ref (task);
      member->outcome = outcome;
      if (session != NULL)
        outcome->host_name = g_strdup (onair_vmix_session_get_name (session));

      if (session == NULL)
        {
          member_done (member, g_error_new (ONAIR_CONTROLLER_ERROR,
                                            ONAIR_CONTROLLER_ERROR_NOT_CONNECTED,
                                            _("The stream group names a vMix host that is no "
                                              "longer set up (“%s”)."),
                                            outcome->member.host_id));
          continue;
        }
      if (controller == NULL)
        {
          member_done (member, g_error_new (ONAIR_CONTROLLER_ERROR,
                                            ONAIR_CONTROLLER_ERROR_NOT_CONNECTED,
                                            _("%s is not connected."), outcome->host_name));
          continue;
        }
      if (!start)
        {
          onair_controller_stop_stream_full_async (controller, outcome->member.channel, origin,
                                                   cancellable, stopped_cb, member);
          continue;
        }
      if (destinations != NULL)
        destination = onair_destination_list_lookup (destinations, outcome->member.destination_id);
      if (destination == NULL)
        {
          member_done (member, g_error_new_literal (ONAIR_CONTROLLER_ERROR,
                                                    ONAIR_CONTROLLER_ERROR_INVALID_URL,
                                                    _("The stream group names a destination "
                                                      "that no longer exists.")));
          continue;
        }
      onair_controller_start_stream_full_async (controller, outcome->member.channel, destination,
                                                origin, cancellable, started_cb, member);
    }

  /* Every member sent: drop the run's own count. */
  if (--run->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (run->outcomes),
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * onair_fleet_start_group_async:
 * @group: the streams to start
 * @destinations: where the members' destinations (and keys) are found
 *
 * Starts every member on its own host at once. The result is every member's outcome.
 */
void
onair_fleet_start_group_async (OnairFleet             *self,
                               const OnairStreamGroup *group,
                               OnairDestinationList   *destinations,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  g_return_if_fail (group != NULL);

  run_group (self, group, TRUE, destinations, NULL, cancellable, callback, user_data);
}

/**
 * onair_fleet_start_group_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule): in each member's
 *   witness event
 *
 * As onair_fleet_start_group_async(); finish with onair_fleet_group_finish().
 */
void
onair_fleet_start_group_full_async (OnairFleet                 *self,
                                    const OnairStreamGroup     *group,
                                    OnairDestinationList       *destinations,
                                    const OnairOperationOrigin *origin,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  g_return_if_fail (group != NULL);

  run_group (self, group, TRUE, destinations, origin, cancellable, callback, user_data);
}

void
onair_fleet_stop_group_async (OnairFleet             *self,
                              const OnairStreamGroup *group,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  g_return_if_fail (group != NULL);

  run_group (self, group, FALSE, NULL, NULL, cancellable, callback, user_data);
}

/**
 * onair_fleet_stop_group_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule)
 *
 * As onair_fleet_stop_group_async(); finish with onair_fleet_group_finish().
 */
void
onair_fleet_stop_group_full_async (OnairFleet                 *self,
                                   const OnairStreamGroup     *group,
                                   const OnairOperationOrigin *origin,
                                   GCancellable               *cancellable,
                                   GAsyncReadyCallback         callback,
                                   gpointer                    user_data)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  g_return_if_fail (group != NULL);

  run_group (self, group, FALSE, NULL, origin, cancellable, callback, user_data);
}

/**
 * onair_fleet_group_finish:
 *
 * Returns: (transfer full) (element-type OnairStreamGroupOutcome): every member's outcome,
 *   in the group's order (a member failed when its @error is set); %NULL with @error only
 *   when the group could not be run at all
 */
GPtrArray *
onair_fleet_group_finish (OnairFleet    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
