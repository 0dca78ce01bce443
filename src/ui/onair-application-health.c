/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-application-private.h"

/* Every host's health: notifications naming the host, thresholds from the settings, and
 * the ingest-stats sources of the destinations. */

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
        }
      g_hash_table_add (now, g_steal_pointer (&key));
    }
  g_hash_table_remove_all (announced->known);
  g_hash_table_foreach_steal (now, steal_into, announced->known);
}

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
