/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-fleet.h"
#include "onair-witness-recorder-private.h"

/*
 * The witness recorder watching a fleet: every host's operations and connection changes,
 * each event naming its host in `params.host` ({"id", "name"}). Hosts added later are
 * watched from then on; removed ones no longer. Each host's controller is told once, when
 * it first connects, which of its streams the witness log says Onair left live before
 * this run (onair-witness-recorder-restore.c).
 */

typedef struct
{
  OnairWitnessRecorder *recorder;   /* not a reference: the recorder owns the watch */
  OnairVmixSession     *session;
  OnairConnectionState  connection;
  struct _FleetWatch   *fleet_watch;
} SessionWatch;

typedef struct _FleetWatch
{
  OnairWitnessRecorder *recorder;
  OnairFleet           *fleet;
  GPtrArray            *sessions;   /* SessionWatch* */
  GPtrArray            *live;       /* OnairWitnessLiveStream*, NULL until read */
  GHashTable           *restored;   /* host id → the controller told (compared, not held) */
  GCancellable         *cancellable;
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
  g_cancellable_cancel (watch->cancellable);
  g_clear_object (&watch->cancellable);
  g_clear_pointer (&watch->live, g_ptr_array_unref);
  g_clear_pointer (&watch->restored, g_hash_table_unref);
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
  if (watch->fleet_watch->live != NULL)
    onair_witness_live_streams_note (watch->fleet_watch->live, event_type, tagged, result);
}

/* A session's controller (each start of the session makes a new one) learns once what
 * the witness log says Onair left live on its host. */
static void
restore_session (SessionWatch *watch)
{
  OnairController *controller = onair_vmix_session_get_controller (watch->session);
  const char *id = onair_vmix_session_get_id (watch->session);
  GPtrArray *live = watch->fleet_watch->live;

  if (live == NULL || controller == NULL ||
      g_hash_table_lookup (watch->fleet_watch->restored, id) == controller)
    return;
  g_hash_table_replace (watch->fleet_watch->restored, g_strdup (id), controller);
  for (guint i = 0; i < live->len; i++)
    {
      OnairWitnessLiveStream *stream = g_ptr_array_index (live, i);

      if (g_strcmp0 (stream->host_id, id) == 0)
        onair_controller_restore_channel (controller, stream->channel,
                                          stream->destination_name, stream->since_us);
    }
}

static void
live_streams_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FleetWatch *watch = user_data;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;

  live = onair_witness_recorder_find_live_streams_finish (ONAIR_WITNESS_RECORDER (object),
                                                          result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;     /* the watch is gone */
  watch->live = live != NULL ? g_steal_pointer (&live)
                             : g_ptr_array_new_with_free_func ((GDestroyNotify) onair_witness_live_stream_free);
  for (guint i = 0; i < watch->sessions->len; i++)
    restore_session (g_ptr_array_index (watch->sessions, i));
}

static void
connection_changed_cb (OnairVmixSession *session,
                       int               state,
                       SessionWatch     *watch)
{
  OnairConnectionState previous = watch->connection;
  OnairPoller *poller = onair_vmix_session_get_poller (session);

  restore_session (watch);
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
      session_watch->fleet_watch = watch;
      session_watch->session = g_list_model_get_item (G_LIST_MODEL (watch->fleet), i);
      session_watch->connection = onair_vmix_session_get_connection_state (session_watch->session);
      g_signal_connect (session_watch->session, "operation-finished",
                        G_CALLBACK (operation_finished_cb), session_watch);
      g_signal_connect (session_watch->session, "connection-changed",
                        G_CALLBACK (connection_changed_cb), session_watch);
      g_ptr_array_add (watch->sessions, session_watch);
      restore_session (session_watch);
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
  watch->cancellable = g_cancellable_new ();
  watch->restored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_swapped (fleet, "items-changed", G_CALLBACK (sync_sessions), watch);
  sync_sessions (watch);
  onair_witness_recorder_find_live_streams_async (self, watch->cancellable, live_streams_cb, watch);
  g_object_set_data_full (G_OBJECT (self), "onair-fleet-watch", watch,
                          (GDestroyNotify) fleet_watch_free);
}
