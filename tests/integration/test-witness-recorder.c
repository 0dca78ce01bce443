/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/show/onair-witness-recorder.h"
#include "emulator/onair-emulator.h"

/* The controller's operations end up in a real chain file, in order, verifiable, without
 * secrets; the head kept in the real keyring catches a chain cut short. */

#define KEY "live_witness_canary_5d1c"

typedef struct
{
  char                 *dir;
  char                 *path;
  OnairEmulator        *emulator;
  OnairPoller          *poller;
  OnairSecretStore     *secrets;
  OnairController      *controller;
  OnairWitnessRecorder *recorder;
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
wait_flushed (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (onair_witness_recorder_get_n_pending (fixture->recorder) > 0)
    {
      g_assert_null (onair_witness_recorder_get_error (fixture->recorder));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Waits until the keyring holds the chain's current head. */
static void
wait_head_kept (Fixture *fixture)
{
  OnairWitnessAnchor head;
  g_autofree char *expected = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (onair_witness_get_head (onair_witness_recorder_get_witness (fixture->recorder),
                                         &head));
  expected = onair_witness_anchor_to_string (&head);
  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      char *kept;
      gboolean same;

      onair_secret_store_lookup_async (fixture->secrets, ONAIR_SECRET_KIND_WITNESS_HEAD,
                                       fixture->path, NULL, result_cb, &result);
      kept = onair_secret_store_lookup_finish (fixture->secrets, wait_for (&result), &error);
      g_assert_no_error (error);
      same = g_strcmp0 (kept, expected) == 0;
      onair_secret_free (kept);
      if (same)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  fixture->dir = g_dir_make_tmp ("onair-recorder-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "witness", "chain.jsonl", NULL);

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator), FALSE,
                                  &error);
  fixture->poller = onair_poller_new (client);
  onair_poller_set_interval_ms (fixture->poller, 250);
  fixture->secrets = onair_secret_store_new ();
  fixture->controller = onair_controller_new (fixture->poller, fixture->secrets);

  fixture->recorder = onair_witness_recorder_new (fixture->secrets, fixture->path);
  onair_witness_recorder_watch_controller (fixture->recorder, fixture->controller);
  onair_witness_recorder_open_async (fixture->recorder, NULL, result_cb, &result);
  g_assert_true (onair_witness_recorder_open_finish (fixture->recorder, wait_for (&result), &error));
  g_assert_no_error (error);

  onair_poller_start (fixture->poller);
  while (onair_poller_get_connection_state (fixture->poller) != ONAIR_CONNECTION_CONNECTED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_poller_stop (fixture->poller);
  g_clear_object (&fixture->recorder);
  g_clear_object (&fixture->controller);
  g_clear_object (&fixture->poller);
  g_clear_object (&fixture->secrets);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_unlink (fixture->path);
  {
    g_autofree char *lock = g_strconcat (fixture->path, ".lock", NULL);
    g_autofree char *witness_dir = g_path_get_dirname (fixture->path);

    g_unlink (lock);
    g_rmdir (witness_dir);
  }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
read_chain (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_operations_recorded (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("twitch");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(OnairWitnessVerification) verification = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *fingerprint = onair_key_fingerprint (KEY);
  const char *order[] = { "chain_created", "connection_established", "stream_started",
                          "stream_started", "recording_started", "stream_stopped", "vmix_function" };
  const char *cursor;

  onair_destination_set_name (destination, "Twitch");
  onair_destination_set_server_url (destination, "rtmp://user:pw@live.twitch.tv/app?token=abc");
  onair_destination_store_key_async (destination, fixture->secrets, KEY, NULL, result_cb, &result);
  g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  g_clear_object (&result);

  /* Refused (user info in the URL), and recorded without the user info or the query. */
  onair_controller_start_stream_async (fixture->controller, 0, destination, NULL, result_cb, &result);
  g_assert_false (onair_controller_start_stream_finish (fixture->controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_clear_object (&result);

  onair_destination_set_server_url (destination, "rtmp://live.twitch.tv/app");
  onair_controller_start_stream_async (fixture->controller, 0, destination, NULL, result_cb, &result);
  g_assert_true (onair_controller_start_stream_finish (fixture->controller, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  onair_controller_start_recording_async (fixture->controller, NULL, result_cb, &result);
  g_assert_true (onair_controller_start_recording_finish (fixture->controller, wait_for (&result), &error));
  g_clear_object (&result);
  onair_controller_stop_stream_async (fixture->controller, 0, NULL, result_cb, &result);
  g_assert_true (onair_controller_stop_stream_finish (fixture->controller, wait_for (&result), &error));
  g_clear_object (&result);
  /* A failure is recorded too. */
  onair_controller_call_function_async (fixture->controller, "SetOutput", NULL, NULL, result_cb, &result);
  g_assert_null (onair_controller_call_function_finish (fixture->controller, wait_for (&result), &error));
  g_clear_error (&error);
  wait_flushed (fixture);

  chain = read_chain (fixture);
  cursor = chain;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *needle = g_strdup_printf ("\"event_type\":\"%s\"", order[i]);
      const char *found = strstr (cursor, needle);

      g_test_message ("looking for %s", order[i]);
      g_assert_nonnull (found);
      cursor = found;
    }
  /* No secret: neither the key nor the URL's user info or query; the fingerprint is there. */
  g_assert_null (strstr (chain, KEY));
  g_assert_null (strstr (chain, "user:pw"));
  g_assert_null (strstr (chain, "token=abc"));
  g_assert_nonnull (strstr (chain, fingerprint));
  g_assert_nonnull (strstr (chain, "\"success\":false"));

  verification = onair_witness_verify_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (verification->valid);
  g_assert_cmpuint (verification->total_events, >=, G_N_ELEMENTS (order));
}

static void
test_truncation_detected (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairWitnessRecorder) reopened = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *chain = NULL;
  char *last_line;

  for (guint i = 0; i < 3; i++)
    {
      json_object_set_int_member (params, "n", i);
      onair_witness_recorder_record (fixture->recorder, "settings_changed", NULL, params, NULL);
    }
  wait_flushed (fixture);
  wait_head_kept (fixture);
  g_clear_object (&fixture->recorder);

  /* Someone cuts the last entry off the file: still a valid chain, but behind the head. */
  chain = read_chain (fixture);
  g_assert_true (g_str_has_suffix (chain, "\n"));
  chain[strlen (chain) - 1] = '\0';
  last_line = strrchr (chain, '\n');
  g_assert_nonnull (last_line);
  last_line[1] = '\0';
  g_assert_true (g_file_set_contents (fixture->path, chain, -1, &error));

  reopened = onair_witness_recorder_new (fixture->secrets, fixture->path);
  onair_witness_recorder_open_async (reopened, NULL, result_cb, &result);
  g_assert_false (onair_witness_recorder_open_finish (reopened, wait_for (&result), &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TRUNCATED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (onair_witness_recorder_get_error (reopened));
  fixture->recorder = g_steal_pointer (&reopened);
}

/* An event too large for a line is refused, and does not stop the events after it. */
static void
test_too_large_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) huge = json_object_new ();
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(OnairWitnessVerification) verification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pad = g_strnfill (ONAIR_WITNESS_MAX_LINE, 'p');
  g_autofree char *chain = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  const GError *failure;

  /* The refusal is a structured warning, which g_test_expect_message() cannot see: run in a
   * subprocess where warnings are not fatal, and read its stderr. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*vmix_function*too large to record*");
      return;
    }
  g_log_set_always_fatal (G_LOG_FATAL_MASK);

  json_object_set_string_member (huge, "function", pad);
  onair_witness_recorder_record (fixture->recorder, "vmix_function", NULL, huge, NULL);
  json_object_set_string_member (params, "after", "the refused one");
  onair_witness_recorder_record (fixture->recorder, "settings_changed", NULL, params, NULL);

  while (onair_witness_recorder_get_n_pending (fixture->recorder) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  failure = onair_witness_recorder_get_error (fixture->recorder);
  g_assert_nonnull (failure);
  g_assert_true (g_error_matches (failure, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TOO_LARGE));

  chain = read_chain (fixture);
  g_assert_true (g_str_has_prefix (chain, "{\"format\":\"onair-witness/2\""));
  g_assert_nonnull (strstr (chain, "the refused one"));
  g_assert_null (strstr (chain, "pppppppp"));

  verification = onair_witness_verify_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (verification->valid);
  g_assert_cmpuint (verification->format_version, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/witness-recorder/operations-recorded", Fixture, NULL,
              fixture_set_up, test_operations_recorded, fixture_tear_down);
  g_test_add ("/onair/witness-recorder/truncation-detected", Fixture, NULL,
              fixture_set_up, test_truncation_detected, fixture_tear_down);
  g_test_add ("/onair/witness-recorder/too-large-refused", Fixture, NULL,
              fixture_set_up, test_too_large_refused, fixture_tear_down);

  return g_test_run ();
}
