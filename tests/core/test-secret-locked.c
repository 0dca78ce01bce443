/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "core/show/onair-controller.h"
#include "core/destinations/onair-destination.h"
#include "core/destinations/onair-secret-store.h"
#include "emulator/onair-emulator.h"

/*
 * A locked keyring is not an empty one. Locking the session's keyring would disturb the
 * tests that run beside this one, so this program runs in a keyring of its own: it starts
 * itself again under dbus-run-session with a fresh gnome-keyring-daemon, locks that
 * keyring, and checks what Onair says. It is skipped where neither program exists.
 */

#define PRIVATE_ENV "ONAIR_TEST_PRIVATE_KEYRING"
#define TEST_KEY "live_locked_canary_5c1d9e"

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
lock_default_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  g_autolist(GDBusProxy) locked = NULL;
  GList objects = { 0 };

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects.data = collection;
  secret_service_lock_sync (service, &objects, NULL, (GList **) &locked, &error);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));
}

static void
store (OnairSecretStore *secrets,
       OnairDestination *destination)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_store_key_async (destination, secrets, TEST_KEY, NULL, result_cb, &result);
  g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
test_locked (void)
{
  g_autoptr(OnairSecretStore) secrets = onair_secret_store_new ();
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(OnairPoller) poller = NULL;
  g_autoptr(OnairController) controller = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 deadline;

  onair_destination_set_name (destination, "Own server");
  onair_destination_set_server_url (destination, "rtmp://ingest.example.net/live");
  store (secrets, destination);

  lock_default_keyring ();

  /* Looking the key up: "locked", with what to do, never "no key". */
  onair_destination_lookup_key_async (destination, secrets, NULL, result_cb, &result);
  key = onair_destination_lookup_key_finish (destination, wait_for (&result), &error);
  g_assert_null (key);
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_assert_nonnull (strstr (error->message, "Unlock"));
  g_assert_null (strstr (error->message, "no stream key"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Something that was never stored is still just missing. */
  onair_secret_store_lookup_async (secrets, ONAIR_SECRET_KIND_STREAM_KEY, "onair-never-stored",
                                   NULL, result_cb, &result);
  key = onair_secret_store_lookup_finish (secrets, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_clear_object (&result);

  /* Going live: refused with the keyring's reason; nothing sent, nothing in plain text. */
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (emulator), FALSE, &error);
  g_assert_no_error (error);
  poller = onair_poller_new (client);
  controller = onair_controller_new (poller, secrets);
  onair_poller_start (poller);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (onair_poller_get_connection_state (poller) != ONAIR_CONNECTION_CONNECTED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  onair_controller_start_stream_async (controller, 0, destination, NULL, result_cb, &result);
  g_assert_false (onair_controller_start_stream_finish (controller, wait_for (&result), &error));
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_LOCKED);
  g_assert_cmpuint (onair_emulator_count_calls (emulator, "StreamingSetKey"), ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (emulator, "StartStreaming"), ==, 0);
  g_assert_null (onair_emulator_get_stream_key (emulator, 0));
  g_assert_cmpint (onair_controller_get_channel_status (controller, 0), ==, ONAIR_CHANNEL_OFF);

  onair_poller_stop (poller);
  onair_emulator_stop (emulator);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Starts this program again in a D-Bus session with a keyring of its own. */
static int
run_in_private_keyring (char **argv)
{
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) command = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;
  int status = 0;

  if (dbus_run_session == NULL || daemon == NULL)
    {
      g_print ("1..0 # SKIP dbus-run-session or gnome-keyring-daemon is missing\n");
      return 0;
    }

  /* Keyring files and control socket of its own too: the session's keyring must neither
   * be opened (with another password) nor answer for this one. */
  g_strv_builder_add_many (builder, dbus_run_session, "--", "sh", "-c",
                           "export XDG_DATA_HOME=\"$ONAIR_TEST_KEYRING_DIR/data\" "
                           "XDG_RUNTIME_DIR=\"$ONAIR_TEST_KEYRING_DIR/runtime\" && "
                           "unset GNOME_KEYRING_CONTROL && "
                           "eval \"$(printf onair-locked | gnome-keyring-daemon --unlock "
                           "--components=secrets)\" && export GNOME_KEYRING_CONTROL && "
                           "exec \"$@\"", "sh", NULL);
  for (guint i = 0; argv[i] != NULL; i++)
    g_strv_builder_add (builder, argv[i]);
  command = g_strv_builder_end (builder);

  dir = g_dir_make_tmp ("onair-locked-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (dir, "data", NULL);
  runtime = g_build_filename (dir, "runtime", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("ONAIR_TEST_KEYRING_DIR", dir, TRUE);
  g_setenv (PRIVATE_ENV, "1", TRUE);
  /* No display: the keyring's unlock prompt cannot open and wait for a person. */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  if (!g_spawn_sync (NULL, command, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                     &status, &error))
    g_error ("Cannot start a private keyring session: %s", error->message);
  rm_rf (dir);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv (PRIVATE_ENV) == NULL)
    return run_in_private_keyring (argv);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/onair/secret-store/locked", test_locked);
  return g_test_run ();
}
