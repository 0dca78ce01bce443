/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-fleet.h"
#include "onair-witness-recorder-private.h"

/*
 * The witness recorder watching a fleet: every host's operations and connection changes,
 * each event naming its host in `params.host` ({"id", "name"}). Hosts added later are
 * watched from then on; removed ones no longer.
 */

typedef struct
{
  OnairWitnessRecorder *recorder;   /* not a reference: the recorder owns the watch */
  OnairVmixSession     *session;
  OnairConnectionState  connection;
} SessionWatch;

typedef struct
{
  OnairWitnessRecorder *recorder;
  OnairFleet           *fleet;
  GPtrArray            *sessions;   /* SessionWatch* */
} FleetWatch;

static void
session_watch_free (SessionWatch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->session, watch);
  g_object_unref (watch->session);
  g_free (watch);
}

static void
fleet_watch_free (FleetWatch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->fleet, watch);
  g_ptr_array_unref (watch->sessions);
  g_object_unref (watch->fleet);
  g_free (watch);
}

static void
operation_finished_cb (OnairVmixSession *session,
                       const char       *event_type,
                       JsonObject       *params,
                       JsonObject       *result,
                       GDateTime        *requested,
                       SessionWatch     *watch)
{
  g_autoptr(JsonObject) tagged = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (params);

  /* A shallow copy with the host: the recorder copies and redacts it in turn. */
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (tagged, l->data,
                            json_node_copy (json_object_get_member (params, l->data)));
  json_object_set_object_member (tagged, "host", onair_vmix_session_dup_host_json (session));
  onair_witness_recorder_record (watch->recorder, event_type, requested, tagged, result);
}

static void
connection_changed_cb (OnairVmixSession *session,
                       int               state,
                       SessionWatch     *watch)
{
  OnairConnectionState previous = watch->connection;
  OnairPoller *poller = onair_vmix_session_get_poller (session);

  watch->connection = state;
  if (poller != NULL)
    onair_witness_recorder_record_connection (watch->recorder, poller, state, previous,
                                              onair_vmix_session_get_id (session),
                                              onair_vmix_session_get_name (session));
}

static void
sync_sessions (FleetWatch *watch)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (watch->fleet));

  g_ptr_array_set_size (watch->sessions, 0);
  for (guint i = 0; i < n; i++)
    {
      SessionWatch *session_watch = g_new0 (SessionWatch, 1);

      session_watch->recorder = watch->recorder;
      session_watch->session = g_list_model_get_item (G_LIST_MODEL (watch->fleet), i);
      session_watch->connection = onair_vmix_session_get_connection_state (session_watch->session);
      g_signal_connect (session_watch->session, "operation-finished",
                        G_CALLBACK (operation_finished_cb), session_watch);
      g_signal_connect (session_watch->session, "connection-changed",
                        G_CALLBACK (connection_changed_cb), session_watch);
      g_ptr_array_add (watch->sessions, session_watch);
    }
}

/**
 * onair_witness_recorder_watch_fleet:
 * @fleet: (nullable): the hosts to watch, %NULL to stop watching
 *
 * Records every operation the fleet's hosts finish and their connections established and
 * lost, each with `params.host`. Replaces the fleet watched before.
 */
void
onair_witness_recorder_watch_fleet (OnairWitnessRecorder *self,
                                    OnairFleet           *fleet)
{
  FleetWatch *watch;

  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));
  g_return_if_fail (fleet == NULL || ONAIR_IS_FLEET (fleet));

  g_object_set_data (G_OBJECT (self), "onair-fleet-watch", NULL);
  if (fleet == NULL)
    return;

  watch = g_new0 (FleetWatch, 1);
  watch->recorder = self;
  watch->fleet = g_object_ref (fleet);
  watch->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) session_watch_free);
  g_signal_connect_swapped (fleet, "items-changed", G_CALLBACK (sync_sessions), watch);
  sync_sessions (watch);
  g_object_set_data_full (G_OBJECT (self), "onair-fleet-watch", watch,
                          (GDestroyNotify) fleet_watch_free);
}
