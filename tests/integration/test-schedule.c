/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/show/onair-scheduler.h"
#include "emulator/onair-emulator.h"

/* A weekly schedule on a test clock against two real emulators over HTTP: the pre-flight,
 * the start confirmed from both hosts' state and the stop at the end, witnessed with
 * "by": "schedule"; a pre-flight with a host down alerts the desktop (the ::alert signal)
 * and a real local webhook receiver (the alert sinks). */

#define MAIN_KEY   "live_schedule_main_5b1d9e3f7a"
#define BACKUP_KEY "live_schedule_backup_2c8a6f0d4e"

typedef struct
{
  OnairEmulator        *main_vmix;
  OnairEmulator        *backup_vmix;
  OnairSecretStore     *secrets;
  OnairFleet           *fleet;
  OnairDestinationList *destinations;
  OnairWitnessRecorder *recorder;
  OnairScheduler       *scheduler;
  GSettings            *settings;
  OnairAlertSinks      *sinks;
  SoupServer           *server;
  GPtrArray            *bodies;     /* char*, what the webhook received */
  GPtrArray            *alerts;     /* char*, "code|title|message" */
  char                 *sink_id;
  char                 *primary_id;
  char                 *backup_id;
  GTimeZone            *tz;
  gint64                now;
  char                 *dir;
  char                 *chain;
} Fixture;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}

static void
wait_connection (OnairVmixSession     *session,
                 OnairConnectionState  state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (onair_vmix_session_get_connection_state (session) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static OnairEmulator *
start_emulator (OnairEmulatorProfile profile)
{
  g_autoptr(GError) error = NULL;
  OnairEmulator *emulator = onair_emulator_new (profile);

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  return emulator;
}

static char *
add_destination (Fixture    *fixture,
                 const char *name,
                 const char *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, name);
  onair_destination_set_server_url (destination, "rtmp://ingest.example.net/live");
  onair_destination_store_key_async (destination, fixture->secrets, key, NULL, result_cb, &result);
  g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  onair_destination_list_add (fixture->destinations, destination);
  return g_strdup (onair_destination_get_id (destination));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GBytes) bytes =
    soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_ptr_array_add (fixture->bodies, g_strndup (g_bytes_get_data (bytes, NULL),
                                               g_bytes_get_size (bytes)));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static void
alert_cb (OnairScheduler *scheduler,
          const char     *code,
          const char     *title,
          const char     *message,
          Fixture        *fixture)
{
  g_test_message ("alert %s: %s — %s", code, title, message);
  g_ptr_array_add (fixture->alerts, g_strdup_printf ("%s|%s|%s", code, title, message));
}

static gint64
test_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static gint64
local_us (Fixture *fixture,
          int      month,
          int      day,
          int      hour,
          int      minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (fixture->tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(OnairHostProfile) main_profile = NULL;
  g_autoptr(OnairHostProfile) backup_profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  guint port;

  fixture->tz = g_time_zone_new_identifier ("Europe/Berlin");
  fixture->bodies = g_ptr_array_new_with_free_func (g_free);
  fixture->alerts = g_ptr_array_new_with_free_func (g_free);
  fixture->main_vmix = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX28);
  fixture->backup_vmix = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX26);
  fixture->secrets = onair_secret_store_new ();
  fixture->destinations = onair_destination_list_new ();
  fixture->primary_id = add_destination (fixture, "YouTube primary", MAIN_KEY);
  fixture->backup_id = add_destination (fixture, "YouTube backup", BACKUP_KEY);

  fixture->dir = g_dir_make_tmp ("onair-schedule-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->chain = g_build_filename (fixture->dir, "witness", "chain.jsonl", NULL);
  fixture->recorder = onair_witness_recorder_new (fixture->secrets, fixture->chain);
  onair_witness_recorder_open_async (fixture->recorder, NULL, result_cb, &result);
  g_assert_true (onair_witness_recorder_open_finish (fixture->recorder, wait_for (&result), &error));
  g_clear_object (&result);

  fixture->fleet = onair_fleet_new (fixture->secrets);
  onair_witness_recorder_watch_fleet (fixture->recorder, fixture->fleet);
  main_profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                         onair_emulator_get_port (fixture->main_vmix), FALSE,
                                         NULL);
  backup_profile = onair_host_profile_new ("backup", "Backup", ONAIR_HOST_ROLE_BACKUP,
                                           "127.0.0.1",
                                           onair_emulator_get_port (fixture->backup_vmix),
                                           FALSE, NULL);
  onair_fleet_add (fixture->fleet, main_profile);
  onair_fleet_add (fixture->fleet, backup_profile);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fixture->fleet), i);

      onair_vmix_session_set_poll_interval_ms (session, 250);
      onair_vmix_session_set_confirm_timeout_ms (session, 5000);
    }
  onair_fleet_start_all (fixture->fleet);
  wait_connection (onair_fleet_lookup (fixture->fleet, "main"), ONAIR_CONNECTION_CONNECTED);
  wait_connection (onair_fleet_lookup (fixture->fleet, "backup"), ONAIR_CONNECTION_CONNECTED);

  /* A local webhook receiver, as the team's chat would be. */
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  uris = soup_server_get_uris (fixture->server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fixture->settings = g_settings_new_with_backend (APP_ID, backend);
  fixture->sinks = onair_alert_sinks_new (fixture->secrets);
  url = g_strdup_printf ("http://127.0.0.1:%u/hook", port);
  onair_alert_sinks_add_async (fixture->sinks, fixture->settings, "Team", ONAIR_ALERT_SHAPE_JSON,
                               url, NULL, result_cb, &result);
  fixture->sink_id = onair_alert_sinks_add_finish (fixture->sinks, wait_for (&result), &error);
  g_assert_no_error (error);
  onair_alert_sinks_load (fixture->sinks, fixture->settings);

  fixture->scheduler = onair_scheduler_new (fixture->fleet, fixture->destinations);
  onair_scheduler_set_clock (fixture->scheduler, test_clock, &fixture->now, NULL);
  onair_scheduler_set_time_zone (fixture->scheduler, fixture->tz);
  onair_scheduler_set_recorder (fixture->scheduler, fixture->recorder);
  onair_scheduler_set_alert_sinks (fixture->scheduler, fixture->sinks);
  g_signal_connect (fixture->scheduler, "alert", G_CALLBACK (alert_cb), fixture);
}

static void
wait_recorded (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (onair_witness_recorder_get_n_pending (fixture->recorder) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_finalize_object (fixture->scheduler);
  onair_secret_store_clear_async (fixture->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL,
                                  fixture->sink_id, NULL, result_cb, &result);
  onair_secret_store_clear_finish (fixture->secrets, wait_for (&result), NULL);
  g_clear_object (&fixture->sinks);
  g_clear_object (&fixture->settings);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  onair_witness_recorder_watch_fleet (fixture->recorder, NULL);
  wait_recorded (fixture);
  g_assert_finalize_object (fixture->fleet);
  {
    gpointer recorder = fixture->recorder;
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (recorder, &recorder);
    g_clear_object (&fixture->recorder);
    while (recorder != NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_clear_object (&fixture->destinations);
  g_clear_object (&fixture->secrets);
  onair_emulator_stop (fixture->main_vmix);
  onair_emulator_stop (fixture->backup_vmix);
  g_clear_object (&fixture->main_vmix);
  g_clear_object (&fixture->backup_vmix);
  g_unlink (fixture->chain);
  g_free (fixture->chain);
  g_free (fixture->dir);
  g_free (fixture->sink_id);
  g_free (fixture->primary_id);
  g_free (fixture->backup_id);
  g_ptr_array_unref (fixture->bodies);
  g_ptr_array_unref (fixture->alerts);
  g_time_zone_unref (fixture->tz);
}

/* Weekdays at 19:00 for an hour: both hosts' Stream 2 on YouTube, and Main's recording. */
static void
set_weekday_schedule (Fixture *fixture)
{
  g_autoptr(GPtrArray) schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);
  OnairSchedule *schedule = onair_schedule_new ("daily", "Daily show");

  schedule->weekdays = 0x3e;   /* Monday to Friday */
  schedule->hour = 19;
  schedule->duration_minutes = 60;
  onair_schedule_add_member (schedule, "main", 1, fixture->primary_id);
  onair_schedule_add_member (schedule, "backup", 1, fixture->backup_id);
  schedule->recording_hosts = g_strsplit ("main", ",", -1);
  g_ptr_array_add (schedules, schedule);
  onair_scheduler_set_schedules (fixture->scheduler, schedules);
}

static void
tick_until_idle (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  onair_scheduler_tick (fixture->scheduler);
  while (onair_scheduler_is_busy (fixture->scheduler))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  wait_recorded (fixture);
}

static guint
count_in (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Each operation in the log (streams, recordings): "by": "schedule" with the schedule's name,
 * or without "by" for a click; returns how many the schedule did. */
static guint
check_operations (const char *chain,
                  const char *schedule,
                  guint       channel_by_hand)
{
  g_auto(GStrv) lines = g_strsplit (chain, "\n", -1);
  guint by_schedule = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *event, *params;
      const char *type;

      if (lines[i][0] != '{' || !json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "event"))
        continue;
      event = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                             "event");
      type = json_object_get_string_member (event, "event_type");
      if (!g_str_has_prefix (type, "stream_") && !g_str_has_prefix (type, "recording_"))
        continue;
      params = json_object_get_object_member (event, "params");
      if (json_object_get_int_member_with_default (params, "channel", -1) == channel_by_hand)
        {
          g_assert_false (json_object_has_member (params, "by"));
          g_assert_false (json_object_has_member (params, "schedule"));
          continue;
        }
      g_assert_cmpstr (json_object_get_string_member_with_default (params, "by", NULL), ==,
                       "schedule");
      g_assert_cmpstr (json_object_get_string_member_with_default (params, "schedule", NULL), ==,
                       schedule);
      by_schedule++;
    }
  return by_schedule;
}

/* Onair started again at @now_us: a new scheduler (and recorder) on the same witness log
 * reads the past runs from it. */
static OnairScheduler *
restart_scheduler (Fixture *fixture,
                   gint64  *now_us)
{
  g_autoptr(OnairWitnessRecorder) recorder = onair_witness_recorder_new (fixture->secrets,
                                                                         fixture->chain);
  OnairScheduler *scheduler = onair_scheduler_new (fixture->fleet, fixture->destinations);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  onair_scheduler_set_clock (scheduler, test_clock, now_us, NULL);
  onair_scheduler_set_time_zone (scheduler, fixture->tz);
  onair_scheduler_set_recorder (scheduler, recorder);
  g_assert_false (onair_scheduler_get_history_loaded (scheduler));
  while (!onair_scheduler_get_history_loaded (scheduler))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return scheduler;
}

static const OnairScheduleResult *
history_at (OnairScheduler *scheduler,
            guint           i)
{
  return g_ptr_array_index (onair_scheduler_get_history (scheduler), i);
}

static void
stream_by_hand_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  onair_controller_start_stream_finish (ONAIR_CONTROLLER (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_weekly_run (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *chain = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  OnairScheduleResult *result;
  GPtrArray *history;

  /* Monday 7 December 2026, 18:00. */
  fixture->now = local_us (fixture, 12, 7, 18, 0);
  set_weekday_schedule (fixture);
  onair_scheduler_tick (fixture->scheduler);
  g_assert_true (onair_scheduler_get_armed (fixture->scheduler));
  upcoming = onair_scheduler_dup_upcoming (fixture->scheduler);
  g_assert_cmpuint (upcoming->len, ==, 1);
  g_assert_cmpint (((OnairScheduleRun *) g_ptr_array_index (upcoming, 0))->start_us, ==,
                   local_us (fixture, 12, 7, 19, 0));

  /* 18:45, the pre-flight: everything ready, no alert. */
  fixture->now = local_us (fixture, 12, 7, 18, 45);
  tick_until_idle (fixture);
  g_assert_cmpuint (fixture->alerts->len, ==, 0);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));

  /* 18:59:59: still nothing. */
  fixture->now = local_us (fixture, 12, 7, 19, 0) - G_USEC_PER_SEC;
  tick_until_idle (fixture);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));

  /* 19:00: both streams and the recording, confirmed from each host. */
  fixture->now = local_us (fixture, 12, 7, 19, 0);
  tick_until_idle (fixture);
  g_assert_cmpuint (fixture->alerts->len, ==, 0);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_true (onair_emulator_get_stream_live (fixture->backup_vmix, 1));
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->main_vmix, 1), ==, MAIN_KEY);
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->backup_vmix, 1), ==, BACKUP_KEY);
  g_assert_true (onair_emulator_get_recording (fixture->main_vmix));
  g_assert_false (onair_emulator_get_recording (fixture->backup_vmix));
  g_assert_cmpint (onair_controller_get_channel_status (
                     onair_vmix_session_get_controller (onair_fleet_lookup (fixture->fleet, "backup")), 1),
                   ==, ONAIR_CHANNEL_LIVE);

  /* 19:59: still on. The producer starts Stream 3 by hand meanwhile: not the schedule's,
   * and not stopped at its end. */
  {
    OnairController *controller =
      onair_vmix_session_get_controller (onair_fleet_lookup (fixture->fleet, "main"));
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    gboolean done = FALSE;

    onair_controller_start_stream_async (controller, 2,
                                         onair_destination_list_lookup (fixture->destinations,
                                                                        fixture->backup_id),
                                         NULL, stream_by_hand_cb, &done);
    while (!done)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  fixture->now = local_us (fixture, 12, 7, 19, 59);
  tick_until_idle (fixture);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));

  /* 20:00, the end: what the schedule started stops. */
  fixture->now = local_us (fixture, 12, 7, 20, 0);
  tick_until_idle (fixture);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->backup_vmix, 1));
  g_assert_false (onair_emulator_get_recording (fixture->main_vmix));
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 2));
  history = onair_scheduler_get_history (fixture->scheduler);
  g_assert_cmpuint (history->len, ==, 1);
  result = g_ptr_array_index (history, 0);
  g_assert_cmpstr (result->outcome, ==, "done");

  /* The next run is Tuesday's. */
  g_clear_pointer (&upcoming, g_ptr_array_unref);
  onair_scheduler_tick (fixture->scheduler);
  upcoming = onair_scheduler_dup_upcoming (fixture->scheduler);
  g_assert_cmpint (((OnairScheduleRun *) g_ptr_array_index (upcoming, 0))->start_us, ==,
                   local_us (fixture, 12, 8, 19, 0));

  /* Witnessed: each operation by the schedule, on its host, and the run's phases. */
  g_assert_true (g_file_get_contents (fixture->chain, &chain, NULL, NULL));
  g_test_message ("%s", chain);
  /* Two streams and a recording started, then stopped: six operations by the schedule; the
   * stream started by hand is the producer's. */
  g_assert_cmpuint (check_operations (chain, "Daily show", 2), ==, 6);
  g_assert_cmpuint (count_in (chain, "\"by\":\"schedule\""), ==, 6 + 3);
  g_assert_cmpuint (count_in (chain, "\"schedule\":\"Daily show\""), ==, 6 + 3);
  g_assert_nonnull (strstr (chain, "\"host\":{\"id\":\"backup\",\"name\":\"Backup\"}"));
  g_assert_cmpuint (count_in (chain, "\"schedule_run\""), ==, 3);   /* pre-flight, start, stop */
  g_assert_nonnull (strstr (chain, "\"phase\":\"start\""));
  g_assert_nonnull (strstr (chain, "\"phase\":\"stop\""));
  g_assert_null (strstr (chain, MAIN_KEY));
  g_assert_null (strstr (chain, BACKUP_KEY));
  /* Nothing went to the team. */
  g_assert_cmpuint (fixture->bodies->len, ==, 0);

  /* After a restart the run is still there, from the log, with its result; once. */
  {
    gint64 later = local_us (fixture, 12, 8, 9, 0);
    g_autoptr(OnairScheduler) restarted = restart_scheduler (fixture, &later);

    g_assert_cmpuint (onair_scheduler_get_history (restarted)->len, ==, 1);
    g_assert_cmpstr (history_at (restarted, 0)->outcome, ==, "done");
    g_assert_cmpstr (history_at (restarted, 0)->run.schedule_id, ==, "daily");
    g_assert_cmpstr (history_at (restarted, 0)->run.schedule_name, ==, "Daily show");
    g_assert_cmpint (history_at (restarted, 0)->run.start_us, ==, local_us (fixture, 12, 7, 19, 0));
    g_assert_cmpint (history_at (restarted, 0)->run.end_us, ==, local_us (fixture, 12, 7, 20, 0));
    g_assert_null (history_at (restarted, 0)->message);
  }
  /* This session's runs and the log's are merged: the same run once. */
  onair_scheduler_set_recorder (fixture->scheduler, fixture->recorder);
  while (!onair_scheduler_get_history_loaded (fixture->scheduler))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (onair_scheduler_get_history (fixture->scheduler)->len, ==, 1);
}

static gboolean
webhook_received (Fixture *fixture)
{
  return fixture->bodies->len > 0;
}

static void
test_preflight_fails (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *alert;

  fixture->now = local_us (fixture, 12, 7, 18, 0);
  set_weekday_schedule (fixture);
  onair_scheduler_tick (fixture->scheduler);

  /* Backup's vMix goes away before the pre-flight. */
  onair_emulator_stop (fixture->backup_vmix);
  wait_connection (onair_fleet_lookup (fixture->fleet, "backup"), ONAIR_CONNECTION_LOST);
  fixture->now = local_us (fixture, 12, 7, 18, 45);
  tick_until_idle (fixture);

  g_assert_cmpuint (fixture->alerts->len, ==, 1);
  alert = g_ptr_array_index (fixture->alerts, 0);
  g_assert_true (g_str_has_prefix (alert, "preflight-failed|"));
  g_assert_nonnull (strstr (alert, "Daily show"));
  g_assert_nonnull (strstr (alert, "Backup does not answer"));
  g_assert_null (strstr (alert, "Main does not answer"));

  /* The team's webhook got it too, without any key. */
  while (!webhook_received (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("webhook: %s", (char *) g_ptr_array_index (fixture->bodies, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->bodies, 0), "preflight-failed"));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->bodies, 0), "Backup does not answer"));
  g_assert_null (strstr (g_ptr_array_index (fixture->bodies, 0), MAIN_KEY));
  /* Each problem is a reason of its own in the generic JSON. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *reasons;
    JsonObject *reason;

    g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (fixture->bodies, 0), -1,
                                               NULL));
    reasons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "reasons");
    g_assert_cmpuint (json_array_get_length (reasons), ==, 1);
    reason = json_array_get_object_element (reasons, 0);
    g_assert_cmpstr (json_object_get_string_member (reason, "code"), ==, "preflight-failed");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (reason, "message"),
                                     "Backup does not answer"));
  }

  /* At 19:00 Main still starts; Backup's stream fails, is tried once more, and is alerted. */
  fixture->now = local_us (fixture, 12, 7, 19, 0);
  tick_until_idle (fixture);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_cmpuint (fixture->alerts->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->alerts, 1), "schedule-start-failed|"));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->alerts, 1), "once more"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->alerts, 2), "schedule-start-failed|"));

  /* The end stops what started. */
  fixture->now = local_us (fixture, 12, 7, 20, 0);
  tick_until_idle (fixture);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_false (onair_emulator_get_recording (fixture->main_vmix));
  g_assert_cmpstr (((OnairScheduleResult *) g_ptr_array_index (
                      onair_scheduler_get_history (fixture->scheduler), 0))->outcome, ==, "partial");

  /* After a restart: partly started, with what failed. */
  {
    gint64 later = local_us (fixture, 12, 8, 9, 0);
    g_autoptr(OnairScheduler) restarted = restart_scheduler (fixture, &later);

    g_assert_cmpuint (onair_scheduler_get_history (restarted)->len, ==, 1);
    g_assert_cmpstr (history_at (restarted, 0)->outcome, ==, "partial");
    g_test_message ("restored: %s", history_at (restarted, 0)->message);
    g_assert_nonnull (strstr (history_at (restarted, 0)->message, "Backup"));
  }
}

/* Onair quits during a show and starts after its end: the run says its streams were not
 * stopped by the schedule (they are still on: never cut without the schedule saying so). */
static void
test_quit_during_show (Fixture       *fixture,
                       gconstpointer  data)
{
  fixture->now = local_us (fixture, 12, 7, 18, 50);
  set_weekday_schedule (fixture);
  tick_until_idle (fixture);
  fixture->now = local_us (fixture, 12, 7, 19, 0);
  tick_until_idle (fixture);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));

  {
    gint64 later = local_us (fixture, 12, 7, 21, 0);
    g_autoptr(OnairScheduler) restarted = restart_scheduler (fixture, &later);

    g_assert_cmpuint (onair_scheduler_get_history (restarted)->len, ==, 1);
    g_assert_cmpstr (history_at (restarted, 0)->outcome, ==, "not-stopped");
    g_assert_nonnull (strstr (history_at (restarted, 0)->message, "not stopped"));
  }
  /* Still running in this session, it is not a past run here. */
  onair_scheduler_set_recorder (fixture->scheduler, fixture->recorder);
  while (!onair_scheduler_get_history_loaded (fixture->scheduler))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (onair_scheduler_get_history (fixture->scheduler)->len, ==, 0);
  fixture->now = local_us (fixture, 12, 7, 20, 0);
  tick_until_idle (fixture);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/onair/schedule/weekly-run", Fixture, NULL, fixture_set_up, test_weekly_run,
              fixture_tear_down);
  g_test_add ("/onair/schedule/preflight-fails", Fixture, NULL, fixture_set_up,
              test_preflight_fails, fixture_tear_down);
  g_test_add ("/onair/schedule/quit-during-show", Fixture, NULL, fixture_set_up,
              test_quit_during_show, fixture_tear_down);
  return g_test_run ();
}
