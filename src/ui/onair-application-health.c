/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/health/onair-health-store.h"
#include "onair-application-private.h"

/* Every host's health: notifications naming the host, thresholds from the settings, the
 * ingest-stats sources of the destinations, and each host's on-air timeline, alerts and
 * history on disk. */

static gboolean
steal_into (gpointer key,
            gpointer value,
            gpointer user_data)
{
  g_hash_table_add (user_data, key);
  return TRUE;
}

static OnairVmixSession *
session_of_monitor (OnairApplication   *self,
                    OnairHealthMonitor *monitor)
{
  GListModel *model = G_LIST_MODEL (self->fleet);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);

      if (onair_vmix_session_get_health (session) == monitor)
        return session;
    }
  return NULL;
}

/* What a host's notifications already said: the alert reasons (code and subject) listed,
 * and the status last announced. */
typedef struct
{
  GHashTable        *known;     /* "code subject" */
  OnairHealthStatus  status;
} Announced;

static void
announced_free (Announced *announced)
{
  g_hash_table_unref (announced->known);
  g_free (announced);
}

static Announced *
announced_of (OnairHealthMonitor *monitor)
{
  Announced *announced = g_object_get_data (G_OBJECT (monitor), "onair-announced");

  if (announced == NULL)
    {
      announced = g_new0 (Announced, 1);
      announced->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      announced->status = onair_health_monitor_get_status (monitor);
      g_object_set_data_full (G_OBJECT (monitor), "onair-announced", announced,
                              (GDestroyNotify) announced_free);
    }
  return announced;
}

/* A host's status change is a desktop notification naming the host, and a witness event. */
void
onair_application_health_changed_cb (OnairHealthMonitor *monitor,
                   OnairHealthStatus   status,
                   OnairHealthStatus   previous,
                   GPtrArray          *reasons,
                   OnairApplication   *self)
{
  g_autoptr(JsonObject) params = onair_health_alert_params_new (status, previous, reasons);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *notification_id = NULL;
  OnairVmixSession *session = session_of_monitor (self, monitor);
  const char *name = session ? onair_vmix_session_get_name (session) : _("vMix");

  announced_of (monitor)->status = status;
  if (session != NULL)
    json_object_set_object_member (params, "host", onair_vmix_session_dup_host_json (session));
  if (self->recorder != NULL)
    onair_witness_recorder_record (self->recorder, "health_alert", NULL, params, NULL);

  switch (status)
    {
    case ONAIR_HEALTH_CRITICAL:
      /* Translators: %s is a vMix host's name, e.g. "Backup" */
      title = g_strdup_printf (_("Show health on %s: critical"), name);
      break;
    case ONAIR_HEALTH_WARNING:
      title = g_strdup_printf (_("Show health on %s: warning"), name);
      break;
    case ONAIR_HEALTH_HEALTHY:
      title = g_strdup_printf (_("Show health on %s: back to healthy"), name);
      break;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      title = g_strdup_printf (_("Show health on %s: unknown"), name);
      break;
    }
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      OnairHealthReason *reason = g_ptr_array_index (reasons, i);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, reason->message);
    }
  /* The alert sinks get it too; connecting and disconnecting (unknown ⇄ healthy) is no alert. */
  if (status == ONAIR_HEALTH_WARNING || status == ONAIR_HEALTH_CRITICAL ||
      previous == ONAIR_HEALTH_WARNING || previous == ONAIR_HEALTH_CRITICAL)
    onair_application_send_alert (self, session, status,
                                  reasons != NULL && reasons->len > 0
                                    ? ((OnairHealthReason *) g_ptr_array_index (reasons, 0))->code
                                    : "health-status",
                                  title, body->str, reasons);
  notification = g_notification_new (title);
  if (body->len > 0)
    g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, status == ONAIR_HEALTH_CRITICAL
                                               ? G_NOTIFICATION_PRIORITY_URGENT
                                               : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action (notification, "app.show-health");
  /* One notification per host: a host coming back does not hide another one's trouble. */
  notification_id = g_strdup_printf ("health-%s", session ? onair_vmix_session_get_id (session)
                                                          : "unknown");
  /* Without a notification service the window's Health page says it all. */
  if (self->have_notifications || self->have_portal)
    g_application_send_notification (G_APPLICATION (self), notification_id, notification);
}

/* Each new problem is a notification of its own, also while the status stays what it was
 * (a stream dropping while the show is already critical). A status change announces its
 * reasons itself. Reasons the hysteresis still holds are not new. */
static void
reasons_changed_cb (OnairHealthMonitor *monitor,
                    GParamSpec         *pspec,
                    OnairApplication   *self)
{
  Announced *announced = announced_of (monitor);
  GPtrArray *reasons = onair_health_monitor_get_reasons (monitor);
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean status_changes = onair_health_monitor_get_status (monitor) != announced->status;
  OnairVmixSession *session = session_of_monitor (self, monitor);

  for (guint i = 0; i < reasons->len; i++)
    {
      OnairHealthReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *key = NULL;

      if (reason->severity != ONAIR_HEALTH_WARNING && reason->severity != ONAIR_HEALTH_CRITICAL)
        continue;
      key = g_strdup_printf ("%s %s", reason->code, reason->subject);
      if (!status_changes && !g_hash_table_contains (announced->known, key))
        {
          g_autoptr(GNotification) notification = NULL;
          g_autofree char *title = NULL;
          g_autofree char *id = NULL;
          const char *name = session ? onair_vmix_session_get_name (session) : _("vMix");

          title = reason->severity == ONAIR_HEALTH_CRITICAL
                  /* Translators: %s is a vMix host's name, e.g. "Backup" */
                  ? g_strdup_printf (_("New critical problem on %s"), name)
                  : g_strdup_printf (_("New warning on %s"), name);
          notification = g_notification_new (title);
          g_notification_set_body (notification, reason->message);
          g_notification_set_priority (notification, reason->severity == ONAIR_HEALTH_CRITICAL
                                                       ? G_NOTIFICATION_PRIORITY_URGENT
                                                       : G_NOTIFICATION_PRIORITY_NORMAL);
          g_notification_set_default_action (notification, "app.show-health");
          id = g_strdup_printf ("health-%s-%s", session ? onair_vmix_session_get_id (session)
                                                        : "unknown", key);
          if (self->have_notifications || self->have_portal)
            g_application_send_notification (G_APPLICATION (self), id, notification);
          {
            g_autoptr(GPtrArray) one = g_ptr_array_new ();

            g_ptr_array_add (one, reason);
            onair_application_send_alert (self, session, reason->severity, reason->code, title,
                                          reason->message, one);
          }
        }
      g_hash_table_add (now, g_steal_pointer (&key));
    }
  g_hash_table_remove_all (announced->known);
  g_hash_table_foreach_steal (now, steal_into, announced->known);
}

static void wire_health_history (OnairApplication *self);

/* Every host's monitor is watched for notifications; the fleet's hosts come and go. */
void
onair_application_watch_monitors (OnairApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);

  for (guint i = 0; i < self->watched_monitors->len; i++)
    {
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched_monitors, i),
                                            onair_application_health_changed_cb, self);
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched_monitors, i),
                                            reasons_changed_cb, self);
    }
  g_ptr_array_set_size (self->watched_monitors, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);
      OnairHealthMonitor *monitor = onair_vmix_session_get_health (session);

      g_signal_connect (monitor, "status-changed", G_CALLBACK (onair_application_health_changed_cb), self);
      g_signal_connect (monitor, "notify::reasons", G_CALLBACK (reasons_changed_cb), self);
      announced_of (monitor);
      g_ptr_array_add (self->watched_monitors, g_object_ref (monitor));
    }
  wire_health_history (self);
}

void
onair_application_fleet_changed_cb (OnairApplication *self)
{
  onair_application_watch_monitors (self);
  onair_application_configure_sessions (self);
  onair_application_sync_chosen (self);
}

void
onair_application_notifications_appeared_cb (GDBusConnection *connection,
                           const char      *name,
                           const char      *owner,
                           gpointer         user_data)
{
  OnairApplication *self = user_data;

  if (g_str_equal (name, "org.freedesktop.Notifications"))
    self->have_notifications = TRUE;
  else
    self->have_portal = TRUE;
}

void
onair_application_notifications_vanished_cb (GDBusConnection *connection,
                           const char      *name,
                           gpointer         user_data)
{
  OnairApplication *self = user_data;

  if (g_str_equal (name, "org.freedesktop.Notifications"))
    self->have_notifications = FALSE;
  else
    self->have_portal = FALSE;
}

/* The health thresholds are preferences; every host's monitor takes them whenever they
 * change. */
void
onair_application_load_thresholds (OnairApplication *self)
{
  OnairHealthThresholds t;

  onair_health_thresholds_init (&t);
  t.window_s = g_settings_get_uint (self->settings, "health-window-seconds");
  t.rtt_warning_ms = g_settings_get_uint (self->settings, "health-rtt-warning-ms");
  t.rtt_critical_ms = g_settings_get_uint (self->settings, "health-rtt-critical-ms");
  t.poll_failure_warning =
    g_settings_get_uint (self->settings, "health-poll-failure-warning-percent") / 100.0;
  t.poll_failure_critical =
    g_settings_get_uint (self->settings, "health-poll-failure-critical-percent") / 100.0;
  t.flap_max_toggles = g_settings_get_uint (self->settings, "health-flap-max-changes");
  t.flap_window_s = g_settings_get_uint (self->settings, "health-flap-window-seconds");
  t.recording_stall_s = g_settings_get_uint (self->settings, "health-recording-stall-seconds");
  t.silence_dbfs = g_settings_get_double (self->settings, "health-silence-dbfs");
  t.silence_warning_s = g_settings_get_uint (self->settings, "health-silence-warning-seconds");
  t.silence_critical_s = g_settings_get_uint (self->settings, "health-silence-critical-seconds");
  t.fps_warning_ratio = g_settings_get_uint (self->settings, "health-fps-warning-percent") / 100.0;
  t.fps_critical_ratio =
    g_settings_get_uint (self->settings, "health-fps-critical-percent") / 100.0;
  t.dropped_warning_ratio =
    g_settings_get_double (self->settings, "health-dropped-warning-percent") / 100.0;
  t.dropped_critical_ratio =
    g_settings_get_double (self->settings, "health-dropped-critical-percent") / 100.0;
  t.ingest_stale_warning_s =
    g_settings_get_uint (self->settings, "health-ingest-stale-warning-seconds");
  t.ingest_stale_critical_s =
    g_settings_get_uint (self->settings, "health-ingest-stale-critical-seconds");
  t.recovery_hold_s = g_settings_get_uint (self->settings, "health-recovery-hold-seconds");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->fleet)); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (self->fleet), i);

      onair_health_monitor_set_thresholds (onair_vmix_session_get_health (session), &t);
    }
}

/* Ingest statistics are about the platforms: the Main host streams to them; without a
 * Main host, the chosen one. */
OnairHealthMonitor *
onair_application_ingest_target (OnairApplication *self)
{
  OnairVmixSession *session = onair_application_main_role_session (self);

  if (session == NULL)
    session = onair_fleet_lookup (self->fleet, self->chosen_id);
  return session ? onair_vmix_session_get_health (session) : NULL;
}

/* One ingest-stats source per destination that has a stats URL. */
void
onair_application_update_ingest_sources (OnairApplication *self)
{
  GListModel *destinations = G_LIST_MODEL (self->destinations);

  for (guint i = 0; i < self->ingest_sources->len; i++)
    {
      OnairIngestSource *source = g_ptr_array_index (self->ingest_sources, i);

      if (self->ingest_monitor != NULL)
        onair_health_monitor_detach_ingest_source (self->ingest_monitor, source);
      onair_ingest_source_stop (source);
    }
  g_ptr_array_set_size (self->ingest_sources, 0);
  g_set_object (&self->ingest_monitor, onair_application_ingest_target (self));
  if (self->ingest_monitor == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (destinations); i++)
    {
      g_autoptr(OnairDestination) destination = g_list_model_get_item (destinations, i);
      g_autoptr(OnairIngestSource) source = NULL;
      g_autoptr(GError) error = NULL;
      const char *url = onair_destination_get_ingest_stats_url (destination);

      if (url == NULL || *url == '\0')
        continue;
      source = onair_ingest_source_new_for_destination (destination, &error);
      if (source == NULL)
        {
          g_warning ("No ingest statistics for “%s”: %s",
                     onair_destination_get_name (destination), error->message);
          continue;
        }
      onair_health_monitor_attach_ingest_source (self->ingest_monitor, source,
                                                 onair_destination_get_name (destination), -1);
      onair_ingest_source_start (source);
      g_ptr_array_add (self->ingest_sources, g_steal_pointer (&source));
    }
}

/* The on-air timeline and the history on disk: for each host, its lanes (each stream, the
 * recording, each SRT output) follow what its controller and vMix report, its status changes
 * are the alert list, and a store keeps the whole history under the user's data folder so
 * that the Health page shows the show after a restart. */

#define ONAIR_TYPE_HEALTH_WIRING (onair_health_wiring_get_type ())
G_DECLARE_FINAL_TYPE (OnairHealthWiring, onair_health_wiring, ONAIR, HEALTH_WIRING, GObject)

struct _OnairHealthWiring
{
  GObject           parent_instance;

  OnairApplication *application; /* not owned: it holds the fleet */
  OnairVmixSession *session;     /* not owned: the wiring is the session's data */
  OnairHealthStore *store;
  OnairPoller      *poller;      /* the session's, while it runs */
};

G_DEFINE_FINAL_TYPE (OnairHealthWiring, onair_health_wiring, G_TYPE_OBJECT)

static void
onair_health_wiring_dispose (GObject *object)
{
  OnairHealthWiring *self = ONAIR_HEALTH_WIRING (object);

  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->poller);
  if (self->store != NULL)
    onair_health_store_detach (self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (onair_health_wiring_parent_class)->dispose (object);
}

static void
onair_health_wiring_class_init (OnairHealthWiringClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = onair_health_wiring_dispose;
}

static void
onair_health_wiring_init (OnairHealthWiring *self)
{
}

static OnairHealthLaneState
channel_lane_state (OnairChannelStatus status)
{
  switch (status)
    {
    case ONAIR_CHANNEL_LIVE:
    case ONAIR_CHANNEL_STOPPING:
      return ONAIR_HEALTH_LANE_LIVE;
    case ONAIR_CHANNEL_LOST:
      return ONAIR_HEALTH_LANE_LOST;
    case ONAIR_CHANNEL_UNREPORTED:
      return ONAIR_HEALTH_LANE_UNKNOWN;
    case ONAIR_CHANNEL_OFF:
    case ONAIR_CHANNEL_STARTING:
    default:
      return ONAIR_HEALTH_LANE_OFF;
    }
}

static OnairHealthLaneState
recording_lane_state (OnairRecordingStatus status)
{
  switch (status)
    {
    case ONAIR_RECORDING_ON:
    case ONAIR_RECORDING_STOPPING:
      return ONAIR_HEALTH_LANE_LIVE;
    case ONAIR_RECORDING_STOPPED_OUTSIDE:
      return ONAIR_HEALTH_LANE_LOST;
    case ONAIR_RECORDING_OFF:
    case ONAIR_RECORDING_STARTING:
    default:
      return ONAIR_HEALTH_LANE_OFF;
    }
}

/* After the controller took the state in: the lanes say what it concluded (a stream off
 * that Onair did not stop is lost), with each stream's destination. */
static void
lanes_state_received_cb (OnairPoller       *poller,
                         OnairVmixState    *state,
                         gint64             round_trip_us,
                         OnairHealthWiring *self)
{
  OnairController *controller = onair_vmix_session_get_controller (self->session);
  OnairHealthMonitor *monitor = onair_vmix_session_get_health (self->session);
  OnairHealthHistory *history = onair_health_monitor_get_history (monitor);
  gint64 now_ms = onair_health_monitor_get_now_ms (monitor);

  if (controller == NULL)
    return;
  for (guint ch = 0; ch < onair_controller_get_stream_count (controller); ch++)
    {
      g_autofree char *lane = g_strdup_printf ("stream-%u", ch + 1);
      OnairHealthLaneState lane_state =
        channel_lane_state (onair_controller_get_channel_status (controller, ch));
      const char *destination = NULL;

      if (lane_state == ONAIR_HEALTH_LANE_LIVE || lane_state == ONAIR_HEALTH_LANE_LOST)
        destination = onair_controller_get_channel_destination (controller, ch);
      onair_health_history_set_lane (history, lane, now_ms, lane_state, destination);
    }
  onair_health_history_set_lane (history, "recording", now_ms,
                                 recording_lane_state (onair_controller_get_recording_status (controller)),
                                 NULL);
  for (guint n = 0; onair_vmix_state_get_has_outputs (state) && n < ONAIR_VMIX_SRT_OUTPUTS; n++)
    {
      const OnairVmixOutput *output = onair_vmix_state_find_output (state, "Output", n + 1);
      g_autofree char *lane = g_strdup_printf ("srt-%u", n + 1);

      if (output != NULL)
        onair_health_history_set_lane (history, lane, now_ms,
                                       output->srt ? ONAIR_HEALTH_LANE_LIVE : ONAIR_HEALTH_LANE_OFF,
                                       NULL);
    }
}

/* While vMix does not answer, Onair cannot tell what is on air. */
static void
lanes_connection_cb (OnairPoller       *poller,
                     GParamSpec        *pspec,
                     OnairHealthWiring *self)
{
  OnairConnectionState state = onair_poller_get_connection_state (poller);
  OnairHealthMonitor *monitor = onair_vmix_session_get_health (self->session);
  OnairHealthHistory *history = onair_health_monitor_get_history (monitor);
  g_auto(GStrv) lanes = NULL;

  if (state != ONAIR_CONNECTION_LOST && state != ONAIR_CONNECTION_DISCONNECTED)
    return;
  lanes = onair_health_history_list_lanes (history);
  for (guint i = 0; lanes[i] != NULL; i++)
    onair_health_history_set_lane (history, lanes[i], onair_health_monitor_get_now_ms (monitor),
                                   ONAIR_HEALTH_LANE_UNKNOWN, NULL);
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!onair_health_store_load_finish (ONAIR_HEALTH_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The health history of earlier runs could not be read: %s", error->message);
}

/* The host's folder: its id, or the emulator's own for the built-in emulator standing in
 * under the same id. Another machine means another history: the one shown is set aside
 * and the new one's read back. */
static void
wiring_retarget (OnairHealthWiring *self)
{
  OnairApplication *app = self->application;
  OnairHealthHistory *history =
    onair_health_monitor_get_history (onair_vmix_session_get_health (self->session));
  g_autofree char *host = NULL;
  g_autofree char *directory = NULL;

  host = onair_application_is_emulated (app)
           ? g_strconcat ("emulator-", onair_vmix_session_get_id (self->session), NULL)
           : g_strdup (onair_vmix_session_get_id (self->session));
  directory = onair_health_store_dup_default_directory (host);
  if (self->store != NULL &&
      g_strcmp0 (onair_health_store_get_directory (self->store), directory) == 0)
    return;
  if (self->store != NULL)
    {
      onair_health_store_detach (self->store);
      g_clear_object (&self->store);
      onair_health_history_clear (history);
    }
  self->store = onair_health_store_new (history, directory,
                                        g_settings_get_uint (app->settings, "health-history-days"));
  onair_health_store_load_async (self->store, app->cancellable, history_loaded_cb, NULL);
}

/* The session's poller changes when it starts and stops; when it starts again, its host
 * may have become another machine. */
static void
wiring_follow_cb (OnairHealthWiring *self)
{
  OnairPoller *poller = onair_vmix_session_get_poller (self->session);

  if (poller == self->poller)
    return;
  if (poller != NULL)
    wiring_retarget (self);
  if (self->poller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->poller, self);
      lanes_connection_cb (self->poller, NULL, self);
    }
  g_set_object (&self->poller, poller);
  if (poller == NULL)
    return;
  g_signal_connect_object (poller, "state-received", G_CALLBACK (lanes_state_received_cb), self,
                           G_CONNECT_AFTER);
  g_signal_connect_object (poller, "notify::connection-state", G_CALLBACK (lanes_connection_cb),
                           self, 0);
}

static gboolean
is_alert_level (OnairHealthStatus status)
{
  return status == ONAIR_HEALTH_WARNING || status == ONAIR_HEALTH_CRITICAL;
}

static void
alert_cb (OnairHealthMonitor *monitor,
          OnairHealthStatus   status,
          OnairHealthStatus   previous,
          GPtrArray          *reasons,
          OnairHealthWiring  *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Connecting and disconnecting (unknown ⇄ healthy) is no alert. */
  if (!is_alert_level (status) && !is_alert_level (previous))
    return;
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      OnairHealthReason *reason = g_ptr_array_index (reasons, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, reason->message);
    }
  onair_health_history_add_alert (onair_health_monitor_get_history (monitor),
                                  onair_health_monitor_get_now_ms (monitor),
                                  onair_vmix_session_get_name (self->session), status, previous,
                                  text->len > 0 ? text->str : NULL);
}

static void
retention_changed_cb (OnairApplication *self)
{
  guint days = g_settings_get_uint (self->settings, "health-history-days");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->fleet)); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (self->fleet), i);
      OnairHealthWiring *wiring = g_object_get_data (G_OBJECT (session), "onair-health-wiring");

      if (wiring != NULL)
        onair_health_store_set_retention_days (wiring->store, days);
    }
}

static void
store_flushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  guint *waiting = user_data;

  onair_health_store_flush_finish (ONAIR_HEALTH_STORE (object), result, NULL);
  (*waiting)--;
  g_rc_box_release (waiting);
}

/* The last seconds of history reach the disk before Onair quits (written by workers; the
 * main loop only waits, as for the witness log). */
static void
flush_stores_cb (OnairApplication *self)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  /* Shared with the callbacks, which may come after the deadline. */
  guint *waiting = g_rc_box_new0 (guint);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->fleet)); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (self->fleet), i);
      OnairHealthWiring *wiring = g_object_get_data (G_OBJECT (session), "onair-health-wiring");

      if (wiring == NULL)
        continue;
      (*waiting)++;
      onair_health_store_flush_async (wiring->store, NULL, store_flushed_cb,
                                      g_rc_box_acquire (waiting));
    }
  while (*waiting > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_rc_box_release (waiting);
}

/* For every host not wired yet: its timeline lanes, its alerts, and its history on disk
 * (read back at once, asynchronously). */
static void
wire_health_history (OnairApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);

  if (g_object_get_data (G_OBJECT (self), "onair-health-history-wired") == NULL)
    {
      g_object_set_data (G_OBJECT (self), "onair-health-history-wired", GINT_TO_POINTER (1));
      g_signal_connect_object (self->settings, "changed::health-history-days",
                               G_CALLBACK (retention_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect (self, "shutdown", G_CALLBACK (flush_stores_cb), NULL);
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);
      OnairHealthMonitor *monitor = onair_vmix_session_get_health (session);
      OnairHealthWiring *wiring = g_object_get_data (G_OBJECT (session), "onair-health-wiring");

      if (wiring != NULL)
        continue;
      wiring = g_object_new (ONAIR_TYPE_HEALTH_WIRING, NULL);
      wiring->application = self;
      wiring->session = session;
      g_object_set_data_full (G_OBJECT (session), "onair-health-wiring", wiring, g_object_unref);
      g_signal_connect_object (session, "connection-changed", G_CALLBACK (wiring_follow_cb),
                               wiring, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (monitor, "status-changed", G_CALLBACK (alert_cb), wiring, 0);
      wiring_retarget (wiring);
      wiring_follow_cb (wiring);
    }
}
