/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/show/onair-fleet.h"
#include "core/show/onair-witness-recorder.h"
#include "emulator/onair-emulator.h"

/* Two vMix hosts, "Main" (vMix 28) and "Backup" (vMix 26), each a real emulator over HTTP,
 * in one fleet: a stream group confirmed from each host, a partial start reported member
 * by member, one host lost while the other goes on, witness events naming their host. */

#define MAIN_KEY   "live_fleet_main_3c9e1a7b5d"
#define BACKUP_KEY "live_fleet_backup_8f2d4b6a0e"

typedef struct
{
  OnairEmulator        *main_vmix;
  OnairEmulator        *backup_vmix;
  OnairSecretStore     *secrets;
  OnairFleet           *fleet;
  OnairDestinationList *destinations;
  OnairWitnessRecorder *recorder;
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

static void
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
}

static const char *
destination_id (Fixture *fixture,
                guint    position)
{
  g_autoptr(OnairDestination) destination =
    g_list_model_get_item (G_LIST_MODEL (fixture->destinations), position);

  return onair_destination_get_id (destination);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairHostProfile) main_profile = NULL;
  g_autoptr(OnairHostProfile) backup_profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->main_vmix = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX28);
  fixture->backup_vmix = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX26);
  fixture->secrets = onair_secret_store_new ();
  fixture->destinations = onair_destination_list_new ();
  add_destination (fixture, "YouTube primary", MAIN_KEY);
  add_destination (fixture, "YouTube backup", BACKUP_KEY);

  fixture->dir = g_dir_make_tmp ("onair-fleet-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->chain = g_build_filename (fixture->dir, "witness", "chain.jsonl", NULL);
  fixture->recorder = onair_witness_recorder_new (fixture->secrets, fixture->chain);
  onair_witness_recorder_open_async (fixture->recorder, NULL, result_cb, &result);
  g_assert_true (onair_witness_recorder_open_finish (fixture->recorder, wait_for (&result), &error));

  fixture->fleet = onair_fleet_new (fixture->secrets);
  onair_witness_recorder_watch_fleet (fixture->recorder, fixture->fleet);
  main_profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                         onair_emulator_get_port (fixture->main_vmix), FALSE,
                                         NULL);
  backup_profile = onair_host_profile_new ("backup", "Backup", ONAIR_HOST_ROLE_BACKUP,
                                           "127.0.0.1",
                                           onair_emulator_get_port (fixture->backup_vmix),
                                           FALSE, NULL);
  g_assert_nonnull (onair_fleet_add (fixture->fleet, main_profile));
  g_assert_nonnull (onair_fleet_add (fixture->fleet, backup_profile));
  g_assert_null (onair_fleet_add (fixture->fleet, main_profile));   /* ids are unique */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fixture->fleet), i);

      onair_vmix_session_set_poll_interval_ms (session, 250);
      onair_vmix_session_set_confirm_timeout_ms (session, 5000);
    }
  onair_fleet_start_all (fixture->fleet);
  wait_connection (onair_fleet_lookup (fixture->fleet, "main"), ONAIR_CONNECTION_CONNECTED);
  wait_connection (onair_fleet_lookup (fixture->fleet, "backup"), ONAIR_CONNECTION_CONNECTED);
}

static void wait_recorded (Fixture *fixture);

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_witness_recorder_watch_fleet (fixture->recorder, NULL);
  /* Every event written before the recorder goes. */
  wait_recorded (fixture);
  g_assert_finalize_object (fixture->fleet);
  /* An append still in flight holds the recorder: let it finish. */
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
}

static OnairStreamGroup *
make_group (Fixture *fixture)
{
  OnairStreamGroup *group = onair_stream_group_new ("youtube", "Main + Backup on YouTube");

  onair_stream_group_add_member (group, "main", 1, destination_id (fixture, 0));
  onair_stream_group_add_member (group, "backup", 1, destination_id (fixture, 1));
  return group;
}

static GPtrArray *
run_group (Fixture          *fixture,
           OnairStreamGroup *group,
           gboolean          start)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  if (start)
    onair_fleet_start_group_async (fixture->fleet, group, fixture->destinations, NULL, result_cb,
                                   &result);
  else
    onair_fleet_stop_group_async (fixture->fleet, group, NULL, result_cb, &result);
  outcomes = onair_fleet_group_finish (fixture->fleet, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcomes);
  g_assert_cmpuint (outcomes->len, ==, group->members->len);
  return outcomes;
}

/* Started by a schedule rather than a click: Onair's all the same. */
static GPtrArray *
start_group_by_schedule (Fixture          *fixture,
                         OnairStreamGroup *group)
{
  OnairOperationOrigin origin = { "schedule", "Daily show" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  onair_fleet_start_group_full_async (fixture->fleet, group, fixture->destinations, &origin,
                                      NULL, result_cb, &result);
  outcomes = onair_fleet_group_finish (fixture->fleet, wait_for (&result), &error);
  g_assert_no_error (error);
  return outcomes;
}

static const OnairStreamGroupOutcome *
outcome (GPtrArray *outcomes,
         guint      i)
{
  return g_ptr_array_index (outcomes, i);
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

/* One click: both hosts go live on their own destination, each confirmed from its own
 * state, and the witness names each host. */
static void
test_group (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OnairStreamGroup) group = make_group (fixture);
  g_autoptr(GPtrArray) started = NULL;
  g_autoptr(GPtrArray) stopped = NULL;
  g_autofree char *chain = NULL;
  OnairController *main_controller;
  OnairController *backup_controller;

  started = run_group (fixture, group, TRUE);
  for (guint i = 0; i < 2; i++)
    g_assert_no_error (outcome (started, i)->error);
  g_assert_cmpstr (outcome (started, 0)->host_name, ==, "Main");
  g_assert_cmpstr (outcome (started, 1)->host_name, ==, "Backup");
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_true (onair_emulator_get_stream_live (fixture->backup_vmix, 1));
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->main_vmix, 1), ==, MAIN_KEY);
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->backup_vmix, 1), ==, BACKUP_KEY);
  main_controller = onair_vmix_session_get_controller (onair_fleet_lookup (fixture->fleet, "main"));
  backup_controller = onair_vmix_session_get_controller (onair_fleet_lookup (fixture->fleet,
                                                                             "backup"));
  g_assert_cmpint (onair_controller_get_channel_status (main_controller, 1), ==, ONAIR_CHANNEL_LIVE);
  g_assert_cmpint (onair_controller_get_channel_status (backup_controller, 1), ==,
                   ONAIR_CHANNEL_LIVE);

  stopped = run_group (fixture, group, FALSE);
  for (guint i = 0; i < 2; i++)
    g_assert_no_error (outcome (stopped, i)->error);
  g_assert_false (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_false (onair_emulator_get_stream_live (fixture->backup_vmix, 1));

  /* Every event names its host; no key in the chain. */
  wait_recorded (fixture);
  g_assert_true (g_file_get_contents (fixture->chain, &chain, NULL, NULL));
  g_assert_nonnull (strstr (chain, "\"host\":{\"id\":\"main\",\"name\":\"Main\"}"));
  g_assert_nonnull (strstr (chain, "\"host\":{\"id\":\"backup\",\"name\":\"Backup\"}"));
  g_assert_nonnull (strstr (chain, "connection_established"));
  g_assert_null (strstr (chain, MAIN_KEY));
  g_assert_null (strstr (chain, BACKUP_KEY));
}

static gboolean
restored (OnairController *controller,
          guint            channel)
{
  return onair_controller_get_channel_status (controller, channel) == ONAIR_CHANNEL_LIVE &&
         !onair_controller_get_channel_started_outside (controller, channel) &&
         onair_controller_get_channel_destination (controller, channel) != NULL;
}

/* Onair restarts while both hosts stream (and Main has a stream started in vMix itself):
 * from the witness log, each stream Onair started (here by a schedule) is Onair's again,
 * with its destination and its on-air time; the one started in vMix stays "started
 * outside". */
static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OnairStreamGroup) group = make_group (fixture);
  g_autoptr(GPtrArray) started = start_group_by_schedule (fixture, group);
  OnairVmixSession *main_session = onair_fleet_lookup (fixture->fleet, "main");
  OnairVmixSession *backup_session = onair_fleet_lookup (fixture->fleet, "backup");
  OnairController *controller = onair_vmix_session_get_controller (main_session);
  gint64 main_since = onair_controller_get_channel_since (controller, 1);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_no_error (outcome (started, 0)->error);
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StreamingSetURL",
                                               "Value=3,rtmp://127.0.0.1/live"));
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StreamingSetKey",
                                               "Value=3,other"));
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StartStreaming", "Value=3"));
  while (!onair_controller_get_channel_started_outside (controller, 3))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  wait_recorded (fixture);

  /* Quit and start again: new watches, new sessions' controllers, the same log. */
  onair_witness_recorder_watch_fleet (fixture->recorder, NULL);
  onair_fleet_stop_all (fixture->fleet);
  onair_witness_recorder_watch_fleet (fixture->recorder, fixture->fleet);
  onair_fleet_start_all (fixture->fleet);
  g_assert_true (onair_vmix_session_get_controller (main_session) != controller ||
                 onair_vmix_session_get_controller (main_session) != NULL);
  while (!restored (onair_vmix_session_get_controller (main_session), 1) ||
         !restored (onair_vmix_session_get_controller (backup_session), 1))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline + 10 * G_USEC_PER_SEC);
      g_main_context_iteration (NULL, TRUE);
    }
  controller = onair_vmix_session_get_controller (main_session);
  g_assert_cmpstr (onair_controller_get_channel_destination (controller, 1), ==, "YouTube primary");
  g_assert_cmpstr (onair_controller_get_channel_destination (onair_vmix_session_get_controller (backup_session), 1),
                   ==, "YouTube backup");
  /* The on-air time is when the start was witnessed, a moment after vMix confirmed it. */
  g_assert_cmpint (ABS (onair_controller_get_channel_since (controller, 1) - main_since), <,
                   2 * G_USEC_PER_SEC);
  g_assert_true (onair_controller_get_channel_started_outside (controller, 3));
  g_assert_null (onair_controller_get_channel_destination (controller, 3));
  {
    g_autofree char *chain = NULL;

    g_assert_true (g_file_get_contents (fixture->chain, &chain, NULL, NULL));
    g_assert_nonnull (strstr (chain, "\"by\":\"schedule\""));
    g_assert_nonnull (strstr (chain, "\"schedule\":\"Daily show\""));
  }

  /* What this run did counts too: a stream started now, then a reconnect (new
   * controllers, the log not read again). */
  {
    g_autoptr(OnairStreamGroup) third = onair_stream_group_new ("third", "Main stream 3");
    g_autoptr(GPtrArray) outcomes = NULL;

    onair_stream_group_add_member (third, "main", 2, destination_id (fixture, 0));
    outcomes = run_group (fixture, third, TRUE);
    g_assert_no_error (outcome (outcomes, 0)->error);
  }
  main_since = onair_controller_get_channel_since (onair_vmix_session_get_controller (main_session), 2);
  wait_recorded (fixture);
  onair_fleet_stop_all (fixture->fleet);
  onair_fleet_start_all (fixture->fleet);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!restored (onair_vmix_session_get_controller (main_session), 2) ||
         !restored (onair_vmix_session_get_controller (main_session), 1))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (ABS (onair_controller_get_channel_since (onair_vmix_session_get_controller (main_session), 2) -
                        main_since), <, 2 * G_USEC_PER_SEC);
}

/* A password filed by an earlier Onair under the host alone: the session looks under
 * host:port, then under the host, and signs in. */
static void
test_password_under_host (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autoptr(OnairVmixSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_emulator_set_credentials (emulator, "admin", "legacy-secret");
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  onair_secret_store_store_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, "127.0.0.1",
                                  "vMix password", "legacy-secret", NULL, result_cb, &result);
  g_assert_true (onair_secret_store_store_finish (secrets, wait_for (&result), &error));
  g_assert_no_error (error);

  profile = onair_host_profile_new ("old", "Old", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                    onair_emulator_get_port (emulator), FALSE, "admin");
  session = onair_vmix_session_new (profile, secrets, NULL);
  onair_vmix_session_set_poll_interval_ms (session, 250);
  onair_vmix_session_start (session);
  wait_connection (session, ONAIR_CONNECTION_CONNECTED);
  onair_vmix_session_stop (session);
  onair_emulator_stop (emulator);

  /* The keyring is the test session's, shared with the other programs: leave it clean. */
  g_clear_object (&result);
  onair_secret_store_clear_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, "127.0.0.1", NULL,
                                  result_cb, &result);
  g_assert_true (onair_secret_store_clear_finish (secrets, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* The backup is gone: the group starts on the main host and says so for the backup; the
 * main host is untouched by the loss, and the fleet's health names the backup. */
static void
test_one_host_lost (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnairStreamGroup) group = make_group (fixture);
  g_autoptr(GPtrArray) started = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  OnairVmixSession *main_session = onair_fleet_lookup (fixture->fleet, "main");
  OnairVmixSession *backup_session = onair_fleet_lookup (fixture->fleet, "backup");
  gboolean named = FALSE;
  gint64 deadline;

  onair_emulator_stop (fixture->backup_vmix);
  wait_connection (backup_session, ONAIR_CONNECTION_LOST);
  g_assert_cmpint (onair_vmix_session_get_connection_state (main_session), ==,
                   ONAIR_CONNECTION_CONNECTED);

  started = run_group (fixture, group, TRUE);
  g_assert_no_error (outcome (started, 0)->error);
  g_assert_nonnull (outcome (started, 1)->error);
  g_assert_cmpstr (outcome (started, 1)->host_name, ==, "Backup");
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));
  g_assert_cmpint (onair_controller_get_channel_status (onair_vmix_session_get_controller (main_session),
                                                        1), ==, ONAIR_CHANNEL_LIVE);

  /* Health: the worst host counts, and its reasons carry its name. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (onair_fleet_get_status (fixture->fleet) < ONAIR_HEALTH_WARNING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  reasons = onair_fleet_dup_reasons (fixture->fleet);
  for (guint i = 0; i < reasons->len; i++)
    {
      const OnairHealthReason *reason = g_ptr_array_index (reasons, i);

      g_test_message ("reason: %s (%s)", reason->message_untranslated, reason->subject);
      named |= g_str_has_prefix (reason->message_untranslated, "Backup: ") &&
               g_str_has_prefix (reason->subject, "backup/");
      g_assert_false (g_str_has_prefix (reason->message_untranslated, "Main: "));
    }
  g_assert_true (named);

  /* Removing the lost host leaves the other running. */
  g_assert_true (onair_fleet_remove (fixture->fleet, "backup"));
  g_assert_null (onair_fleet_lookup (fixture->fleet, "backup"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->fleet)), ==, 1);
  g_assert_cmpint (onair_vmix_session_get_connection_state (main_session), ==,
                   ONAIR_CONNECTION_CONNECTED);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 1));
}

/* Host profiles in the settings; the single host of earlier versions becomes "Main". */
static void
test_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(OnairFleet) fleet = onair_fleet_new (NULL);
  g_autoptr(OnairFleet) reloaded = onair_fleet_new (NULL);
  g_autoptr(OnairHostProfile) backup = onair_host_profile_new ("backup", "Backup",
                                                               ONAIR_HOST_ROLE_BACKUP,
                                                               "vmix-b.local", 8089, TRUE,
                                                               "producer");
  const OnairHostProfile *profile;

  g_settings_set_string (settings, "host", "vmix-a.local");
  g_settings_set_uint (settings, "port", 8088);
  onair_fleet_load (fleet, settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fleet)), ==, 1);
  profile = onair_vmix_session_get_profile (onair_fleet_lookup (fleet, "main"));
  g_assert_cmpstr (profile->host, ==, "vmix-a.local");
  g_assert_cmpint (profile->role, ==, ONAIR_HOST_ROLE_MAIN);

  g_assert_nonnull (onair_fleet_add (fleet, backup));
  g_assert_true (onair_fleet_save (fleet, settings));
  onair_fleet_load (reloaded, settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_true (onair_host_profile_equal (
    onair_vmix_session_get_profile (onair_fleet_lookup (reloaded, "backup")), backup));
  g_assert_nonnull (onair_fleet_lookup_by_name (reloaded, "BACKUP"));

  /* A host removed from the settings goes; the others are reconfigured in place. */
  g_settings_set_value (settings, "hosts",
                        g_variant_new_parsed ("[{'id': <'backup'>, 'name': <'Spare'>, "
                                              "'host': <'vmix-b.local'>, 'port': <@u 8089>}]"));
  onair_fleet_load (reloaded, settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  g_assert_cmpstr (onair_vmix_session_get_name (onair_fleet_lookup (reloaded, "backup")), ==,
                   "Spare");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/fleet/group", Fixture, NULL, fixture_set_up, test_group, fixture_tear_down);
  g_test_add ("/onair/fleet/one-host-lost", Fixture, NULL, fixture_set_up, test_one_host_lost,
              fixture_tear_down);
  g_test_add ("/onair/fleet/restart", Fixture, NULL, fixture_set_up, test_restart,
              fixture_tear_down);
  g_test_add_func ("/onair/fleet/settings", test_settings);
  g_test_add_func ("/onair/fleet/password-under-host", test_password_under_host);

  return g_test_run ();
}
