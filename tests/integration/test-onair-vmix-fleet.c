/* SPDX-License-Identifier: GPL-3.0-or-later */
/* onair-vmix across several vMix machines: fleet status and saved host profiles. */
#include "config.h"

#include "onair-vmix-run.h"

/* ---- Saved hosts ------------------------------------------------------------------------- */

/* Two vMix hosts saved in the app's settings, "Main" (vMix 28, five streams) and "Backup"
 * (vMix 26, three streams), each a real emulator over HTTP. The "hosts" key is shared with
 * the other tests: teardown puts back what it held. */
typedef struct
{
  OnairEmulator *main;
  OnairEmulator *backup;
  char          *main_address;
  char          *backup_address;
  GVariant      *saved_hosts;
} FleetFixture;

#define BACKUP_ID "backup-1"

static OnairEmulator *
start_emulator (OnairEmulatorProfile profile)
{
  g_autoptr(GError) error = NULL;
  OnairEmulator *emulator = onair_emulator_new (profile);

  onair_emulator_use_test_clock (emulator);
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  return emulator;
}

/* Saves Main and Backup as the app does; Backup with @backup_username, if any. */
static void
save_hosts (FleetFixture *fixture,
            const char   *backup_username)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OnairHostProfile) main_host = NULL;
  g_autoptr(OnairHostProfile) backup_host = NULL;
  GVariantBuilder builder;

  main_host = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                      onair_emulator_get_port (fixture->main), FALSE, NULL);
  backup_host = onair_host_profile_new (BACKUP_ID, "Backup", ONAIR_HOST_ROLE_BACKUP,
                                        "127.0.0.1", onair_emulator_get_port (fixture->backup),
                                        FALSE, backup_username);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (main_host));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (backup_host));
  g_assert_true (g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder)));
  /* The keyfile backend writes asynchronously; the binary must see the file. */
  g_settings_sync ();
}

static void
fleet_fixture_set_up (FleetFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->main = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX28);
  fixture->backup = start_emulator (ONAIR_EMULATOR_PROFILE_VMIX26);
  fixture->main_address = g_strdup_printf ("127.0.0.1:%u",
                                           onair_emulator_get_port (fixture->main));
  fixture->backup_address = g_strdup_printf ("127.0.0.1:%u",
                                             onair_emulator_get_port (fixture->backup));
  fixture->saved_hosts = g_settings_get_value (settings, "hosts");
  save_hosts (fixture, NULL);
}

static void
fleet_fixture_tear_down (FleetFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_value (settings, "hosts", fixture->saved_hosts);
  g_settings_sync ();
  g_clear_pointer (&fixture->saved_hosts, g_variant_unref);
  onair_emulator_stop (fixture->main);
  onair_emulator_stop (fixture->backup);
  g_assert_finalize_object (fixture->main);
  g_assert_finalize_object (fixture->backup);
  g_free (fixture->main_address);
  g_free (fixture->backup_address);
}

/* One row of `fleet status --json`: exactly its members, the host as saved. */
static JsonObject *
assert_fleet_host (JsonArray  *hosts,
                   guint       index,
                   const char *id,
                   const char *name,
                   const char *role,
                   const char *address,
                   gboolean    reachable)
{
  static const char * const names[] = {
    "id", "name", "role", "address", "reachable", "error", "state",
  };
  JsonObject *host = json_array_get_object_element (hosts, index);

  g_assert_nonnull (host);
  g_assert_cmpuint (json_object_get_size (host), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (json_object_has_member (host, names[i]));
  g_assert_cmpstr (json_object_get_string_member (host, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (host, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (host, "role"), ==, role);
  g_assert_cmpstr (json_object_get_string_member (host, "address"), ==, address);
  assert_member_type (host, "reachable", G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (host, "reachable"), ==, reachable);
  if (reachable)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (member (host, "error")));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (member (host, "state")));
    }
  else
    {
      assert_member_type (host, "error", G_TYPE_STRING);
      g_assert_cmpstr (json_object_get_string_member (host, "error"), !=, "");
      g_assert_true (JSON_NODE_HOLDS_NULL (member (host, "state")));
    }
  return host;
}

static JsonArray *
fleet_hosts (JsonObject *fleet)
{
  g_assert_cmpuint (json_object_get_size (fleet), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (fleet, "hosts")));
  return json_object_get_array_member (fleet, "hosts");
}

/* Each host's state is the object `status --json` prints for it, in the fleet's order. */
static void
test_fleet_status_json (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) single = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autoptr(JsonObject) single_status = NULL;
  g_autoptr(JsonNode) single_node = NULL;
  g_autofree char *backup_port = g_strdup_printf ("%u",
                                                  onair_emulator_get_port (fixture->backup));
  JsonArray *hosts;
  JsonObject *host;
  JsonObject *state;
  JsonArray *streams;

  /* Backup's stream 2 live, Main all off: the states cannot be mistaken for each other. */
  call_emulator (fixture->backup, "StreamingSetURL", "1,rtmp://backup.example.net/live");
  call_emulator (fixture->backup, "StreamingSetKey", "1,backup-key");
  call_emulator (fixture->backup, "StartStreaming", "1");

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);

  host = assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  state = json_object_get_object_member (host, "state");
  assert_status_members (state, fixture->main);
  g_assert_cmpint (json_object_get_int_member (state, "stream_count"), ==, 5);
  g_assert_false (json_object_get_boolean_member (state, "streaming"));

  host = assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address,
                            TRUE);
  state = json_object_get_object_member (host, "state");
  assert_status_members (state, fixture->backup);
  g_assert_cmpint (json_object_get_int_member (state, "stream_count"), ==, 3);
  streams = json_object_get_array_member (state, "streams");
  g_assert_false (json_array_get_boolean_element (streams, 0));
  g_assert_true (json_array_get_boolean_element (streams, 1));

  /* Byte for byte what `status --json` prints, only indented (the test clock holds the
   * meters still). */
  single = run_cli ("status", "--host", "127.0.0.1", "--port", backup_port, "--json", NULL);
  g_assert_cmpint (single->status, ==, EXIT_OK);
  single_status = parse_object (single->out);
  single_node = json_node_init_object (json_node_alloc (), single_status);
  g_assert_true (json_node_equal (member (host, "state"), single_node));
  /* One fetch each. */
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 1);
}

static void
test_fleet_status_text (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autofree char *main_heading = g_strdup_printf ("Main (main, %s)\n", fixture->main_address);
  g_autofree char *backup_heading = g_strdup_printf ("Backup (backup, %s)\n",
                                                     fixture->backup_address);
  const char *main_at;
  const char *backup_at;

  call_emulator (fixture->main, "StartRecording", NULL);
  onair_emulator_advance (fixture->main, 65);

  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  main_at = strstr (run->out, main_heading);
  backup_at = strstr (run->out, backup_heading);
  g_assert_true (main_at == run->out);
  g_assert_nonnull (backup_at);
  g_assert_nonnull (strstr (main_at, "  Streams: 1 off, 2 off, 3 off, 4 off, 5 off\n"
                                     "  Recording: on for 0:01:05\n"));
  g_assert_nonnull (strstr (backup_at, "  Streams: 1 off, 2 off, 3 off\n"
                                       "  Recording: off\n"));
  g_assert_null (strstr (run->out, "Not reachable"));
}

/* A host that does not answer is a row with its error; the others are printed as usual. */
static void
test_fleet_status_one_down (FleetFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autofree char *backup_heading = g_strdup_printf ("Backup (backup, %s)\n  Not reachable: ",
                                                     fixture->backup_address);
  JsonArray *hosts;
  JsonObject *host;

  onair_emulator_stop (fixture->backup);

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  host = assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  assert_status_members (json_object_get_object_member (host, "state"), fixture->main);
  host = assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address,
                            FALSE);
  /* The error says where it tried. */
  g_assert_nonnull (strstr (json_object_get_string_member (host, "error"),
                            fixture->backup_address));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "  Streams: 1 off, 2 off, 3 off, 4 off, 5 off\n"));
  g_assert_nonnull (strstr (run->out, backup_heading));
}

/* The hosts are asked at the same time: a run takes the slowest host's time, not the sum. */
static void
test_fleet_status_concurrent (FleetFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  gint64 started;
  double elapsed_s;

  onair_emulator_set_latency_ms (fixture->main, 1500);
  onair_emulator_set_latency_ms (fixture->backup, 1500);
  started = g_get_monotonic_time ();
  run = run_cli ("fleet", "status", NULL);
  elapsed_s = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("fleet status took %.2f s", elapsed_s);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "Not reachable"));
  g_assert_cmpfloat (elapsed_s, >=, 1.5);
  g_assert_cmpfloat (elapsed_s, <, 2.8);
}

/* Only when no host answers is it a failure: exit 3, the rows still printed. */
static void
test_fleet_status_all_down (FleetFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  JsonArray *hosts;

  onair_emulator_stop (fixture->main);
  onair_emulator_stop (fixture->backup);

  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_NO_CONNECTION);
  g_assert_true (g_str_has_prefix (run->err, "onair-vmix: "));
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, FALSE);
  assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address, FALSE);

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", NULL);
  g_assert_cmpint (run->status, ==, EXIT_NO_CONNECTION);
  g_assert_true (g_str_has_prefix (run->err, "onair-vmix: "));
  g_assert_nonnull (strstr (run->out, "Main (main, "));
  g_assert_nonnull (strstr (run->out, "Backup (backup, "));
}

/* --host-profile picks a saved host by its name, whatever the case, or by its id; every
 * command that talks to vMix takes it. */
static void
test_host_profile (FleetFixture  *fixture,
                   gconstpointer  data)
{
  static const char * const spellings[] = { "Backup", "bAcKuP", BACKUP_ID };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(CliRun) run = run_cli ("status", "--host-profile", spellings[i], "--json", NULL);
      g_autoptr(JsonObject) status = NULL;

      g_assert_cmpint (run->status, ==, EXIT_OK);
      g_assert_cmpstr (run->err, ==, "");
      status = parse_object (run->out);
      assert_status_members (status, fixture->backup);
      g_assert_cmpint (json_object_get_int_member (status, "stream_count"), ==, 3);
    }
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 0);

  {
    g_autoptr(CliRun) run = run_cli ("call", "Fade", "--host-profile", "Backup", NULL);

    g_assert_cmpint (run->status, ==, EXIT_OK);
    g_assert_cmpuint (onair_emulator_count_calls (fixture->backup, "Fade"), ==, 1);
    g_assert_cmpuint (onair_emulator_count_calls (fixture->main, "Fade"), ==, 0);
  }
  {
    g_autoptr(CliRun) run = run_cli ("record", "start", "--host-profile", "main", NULL);

    g_assert_cmpint (run->status, ==, EXIT_OK);
    g_assert_true (onair_emulator_get_recording (fixture->main));
    g_assert_false (onair_emulator_get_recording (fixture->backup));
  }
}

/* The Web Controller password of a saved host is filed under "host:port", as the app's
 * session reads it. */
static void
test_host_profile_auth (FleetFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  JsonArray *hosts;

  onair_emulator_set_credentials (fixture->backup, "producer", "backup-pw-5e1f");
  save_hosts (fixture, "producer");
  onair_secret_store_store_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                  fixture->backup_address, NULL, "backup-pw-5e1f", NULL,
                                  result_cb, &stored);
  g_assert_true (onair_secret_store_store_finish (secrets, wait_for (&stored), &error));
  g_assert_no_error (error);

  run = run_cli ("status", "--host-profile", "Backup", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "backup-pw-5e1f"));
  g_assert_null (strstr (run->err, "backup-pw-5e1f"));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("fleet", "status", "--json", NULL);
  g_assert_cmpint (run->status, ==, EXIT_OK);
  g_assert_null (strstr (run->out, "backup-pw-5e1f"));
  fleet = parse_object (run->out);
  hosts = fleet_hosts (fleet);
  assert_fleet_host (hosts, 0, "main", "Main", "main", fixture->main_address, TRUE);
  assert_fleet_host (hosts, 1, BACKUP_ID, "Backup", "backup", fixture->backup_address, TRUE);

  /* The keyring is shared with the other tests. */
  onair_secret_store_clear_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                  fixture->backup_address, NULL, result_cb, &cleared);
  g_assert_true (onair_secret_store_clear_finish (secrets, wait_for (&cleared), &error));
  g_assert_no_error (error);
}

static void
test_host_profile_unknown (FleetFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  run = run_cli ("status", "--host-profile", "Nowhere", NULL);
  assert_failed (run, EXIT_USAGE);
  g_assert_nonnull (strstr (run->err, "Nowhere"));
  /* It lists the saved hosts (quoted as the locale can: “Main” or "Main"). */
  g_assert_nonnull (strstr (run->err, "Main"));
  g_assert_nonnull (strstr (run->err, "Backup"));

  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("stream", "stop", "1", "--host-profile", "Nowhere", NULL);
  assert_failed (run, EXIT_USAGE);

  /* Either a saved host or an address, not both. */
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("status", "--host-profile", "Main", "--host", "127.0.0.1", NULL);
  assert_failed (run, EXIT_USAGE);
  g_clear_pointer (&run, cli_run_free);
  run = run_cli ("call", "Fade", "--host-profile", "Main", "--port", "8088", NULL);
  assert_failed (run, EXIT_USAGE);

  g_assert_cmpuint (onair_emulator_get_request_count (fixture->main), ==, 0);
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->backup), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/onair-vmix/fleet/status-json", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_json, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-text", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_text, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-one-down", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_one_down, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-concurrent", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_concurrent, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/fleet/status-all-down", FleetFixture, NULL,
              fleet_fixture_set_up, test_fleet_status_all_down, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/status", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/auth", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile_auth, fleet_fixture_tear_down);
  g_test_add ("/onair/onair-vmix/host-profile/unknown", FleetFixture, NULL,
              fleet_fixture_set_up, test_host_profile_unknown, fleet_fixture_tear_down);
  return g_test_run ();
}
