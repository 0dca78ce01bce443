/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "core/destinations/onair-destination.h"
#include "core/destinations/onair-destination-list.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-secret-store.h"

/*
 * Runs against the real Secret Service of the session: `build-aux/dev test` starts an
 * unlocked gnome-keyring-daemon in a private dbus-run-session. Items are filed under
 * ids unique to this run and removed again. Without a session bus the keyring tests skip;
 * the missing-keyring tests run in subprocesses with a bus of their own making.
 */

static gboolean have_session_bus;

static char *
unique_id (const char *what)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("onair-test-%s-%s", what, uuid);
}

static char *
unique_secret (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("canary-%s", uuid);
}

static void
result_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  g_assert_null (*out_result);
  *out_result = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static gboolean
store_secret (OnairSecretStore  *store,
              OnairSecretKind    kind,
              const char        *id,
              const char        *secret,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_secret_store_store_async (store, kind, id, NULL, secret, cancellable, result_cb, &result);
  return onair_secret_store_store_finish (store, wait_for (&result), error);
}

static char *
lookup_secret (OnairSecretStore  *store,
               OnairSecretKind    kind,
               const char        *id,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_secret_store_lookup_async (store, kind, id, NULL, result_cb, &result);
  return onair_secret_store_lookup_finish (store, wait_for (&result), error);
}

static gboolean
clear_secret (OnairSecretStore  *store,
              OnairSecretKind    kind,
              const char        *id,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_secret_store_clear_async (store, kind, id, NULL, result_cb, &result);
  return onair_secret_store_clear_finish (store, wait_for (&result), error);
}

/* Shows the keyring's error, which says what is wrong, before failing on the result. */
#define assert_ok(call) G_STMT_START {                        \
    gboolean ok_ = (call);                                    \
    g_assert_no_error (error);                                \
    g_assert_true (ok_);                                      \
  } G_STMT_END

static gboolean
skip_without_keyring (void)
{
  if (!have_session_bus)
    {
      g_test_skip ("No D-Bus session: run the tests with build-aux/dev test");
      return TRUE;
    }

  return FALSE;
}

static void
test_kind_strings (void)
{
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_STREAM_KEY), ==, "stream-key");
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_STREAM_PASSWORD), ==,
                   "stream-password");
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_SRT_PASSPHRASE), ==,
                   "srt-passphrase");
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_VMIX_PASSWORD), ==,
                   "vmix-password");
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY), ==,
                   "witness-signing-key");
  g_assert_cmpstr (onair_secret_kind_to_string (ONAIR_SECRET_KIND_WITNESS_HEAD), ==,
                   "witness-head");

  onair_secret_free (NULL);
  onair_secret_free (g_strdup ("wiped"));
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = unique_id ("key");
  g_autofree char *secret = unique_secret ();
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();

  assert_ok (store_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, secret, NULL, &error));

  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);
  g_clear_pointer (&found, onair_secret_free);

  assert_ok (clear_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error));

  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_replace (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = unique_id ("replace");
  g_autofree char *first = unique_secret ();
  g_autofree char *second = unique_secret ();
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();

  assert_ok (store_secret (store, ONAIR_SECRET_KIND_SRT_PASSPHRASE, id, first, NULL, &error));
  assert_ok (store_secret (store, ONAIR_SECRET_KIND_SRT_PASSPHRASE, id, second, NULL, &error));

  found = lookup_secret (store, ONAIR_SECRET_KIND_SRT_PASSPHRASE, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, second);
  g_clear_pointer (&found, onair_secret_free);

  /* One clear removes it: storing twice replaced the item instead of adding a second. */
  assert_ok (clear_secret (store, ONAIR_SECRET_KIND_SRT_PASSPHRASE, id, &error));
  found = lookup_secret (store, ONAIR_SECRET_KIND_SRT_PASSPHRASE, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_kinds_are_separate (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = unique_id ("kinds");
  g_autofree char *key = unique_secret ();
  g_autofree char *password = unique_secret ();
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();

  assert_ok (store_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, key, NULL, &error));
  assert_ok (store_secret (store, ONAIR_SECRET_KIND_VMIX_PASSWORD, id, password, NULL, &error));

  found = lookup_secret (store, ONAIR_SECRET_KIND_VMIX_PASSWORD, id, &error);
  g_assert_cmpstr (found, ==, password);
  g_clear_pointer (&found, onair_secret_free);

  assert_ok (clear_secret (store, ONAIR_SECRET_KIND_VMIX_PASSWORD, id, &error));
  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);
  g_clear_pointer (&found, onair_secret_free);

  assert_ok (clear_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error));
}

static void
test_missing_items (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = unique_id ("missing");
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();

  found = lookup_secret (store, ONAIR_SECRET_KIND_WITNESS_HEAD, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  assert_ok (clear_secret (store, ONAIR_SECRET_KIND_WITNESS_HEAD, id, &error));
}

static void
test_cancelled (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = unique_id ("cancelled");
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();
  g_cancellable_cancel (cancellable);

  g_assert_false (store_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, "never-stored",
                                cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_destination_key (void)
{
  g_autoptr(OnairSecretStore) store = NULL;
  g_autoptr(OnairDestinationList) list = NULL;
  g_autoptr(OnairDestination) destination = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canary = unique_secret ();
  g_autofree char *replacement = unique_secret ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *id = NULL;
  char *found;

  if (skip_without_keyring ())
    return;

  store = onair_secret_store_new ();
  list = onair_destination_list_new ();
  destination = onair_destination_new ("twitch");
  id = g_strdup (onair_destination_get_id (destination));
  onair_destination_set_name (destination, "Canary channel");
  onair_destination_set_server_url (destination, "rtmp://live.twitch.tv/app");
  onair_destination_list_add (list, destination);

  onair_destination_store_key_async (destination, store, canary, NULL, result_cb, &result);
  assert_ok (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  g_clear_object (&result);

  fingerprint = onair_key_fingerprint (canary);
  g_assert_true (onair_destination_has_key (destination));
  g_assert_cmpstr (onair_destination_get_key_id (destination), ==, id);
  g_assert_cmpstr (onair_destination_get_key_fingerprint (destination), ==, fingerprint);

  /* What goes to GSettings names the key only by reference and fingerprint. */
  saved = g_variant_ref_sink (onair_destination_list_to_variant (list));
  printed = g_variant_print (saved, TRUE);
  g_assert_null (strstr (printed, canary));
  g_assert_nonnull (strstr (printed, fingerprint));

  onair_destination_lookup_key_async (destination, store, NULL, result_cb, &result);
  found = onair_destination_lookup_key_finish (destination, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, canary);
  g_clear_pointer (&found, onair_secret_free);
  g_clear_object (&result);

  /* Replace key: same item, new fingerprint. */
  onair_destination_store_key_async (destination, store, replacement, NULL, result_cb, &result);
  assert_ok (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  g_clear_object (&result);
  g_clear_pointer (&fingerprint, g_free);
  fingerprint = onair_key_fingerprint (replacement);
  g_assert_cmpstr (onair_destination_get_key_fingerprint (destination), ==, fingerprint);
  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_cmpstr (found, ==, replacement);
  g_clear_pointer (&found, onair_secret_free);

  /* Deleting the destination deletes its secrets. */
  assert_ok (store_secret (store, ONAIR_SECRET_KIND_STREAM_PASSWORD, id, canary, NULL, &error));
  onair_destination_list_delete_async (list, destination, store, NULL, result_cb, &result);
  assert_ok (onair_destination_list_delete_finish (list, wait_for (&result), &error));
  g_clear_object (&result);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (onair_destination_has_key (destination));
  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_PASSWORD, id, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* A destination without a key does not ask the keyring. */
  onair_destination_lookup_key_async (destination, store, NULL, result_cb, &result);
  found = onair_destination_lookup_key_finish (destination, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static gboolean
directory_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* In a subprocess: every operation fails with the "no keyring" error, whose message says
 * how to fix it and never quotes the secret, and nothing is written to a file instead. */
static void
assert_store_without_keyring (OnairSecretStore *store,
                              const char       *secret)
{
  g_autoptr(GError) error = NULL;
  char *found;

  g_assert_false (store_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, "no-keyring", secret,
                                NULL, &error));
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_assert_null (strstr (error->message, secret));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  found = lookup_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, "no-keyring", &error);
  g_assert_null (found);
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING);
  g_clear_error (&error);

  g_assert_false (clear_secret (store, ONAIR_SECRET_KIND_STREAM_KEY, "no-keyring", &error));
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING);
}

/* A destination keeps no key reference it could not store, and is not deleted while its
 * secrets cannot be. */
static void
assert_destination_without_keyring (OnairSecretStore *store,
                                    const char       *secret)
{
  g_autoptr(OnairDestinationList) list = onair_destination_list_new ();
  g_autoptr(OnairDestination) destination = onair_destination_new ("twitch");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_list_add (list, destination);

  onair_destination_store_key_async (destination, store, secret, NULL, result_cb, &result);
  g_assert_false (onair_destination_store_key_finish (destination, wait_for (&result), &error));
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING);
  g_assert_false (onair_destination_has_key (destination));
  g_clear_error (&error);
  g_clear_object (&result);

  onair_destination_list_delete_async (list, destination, store, NULL, result_cb, &result);
  g_assert_false (onair_destination_list_delete_finish (list, wait_for (&result), &error));
  g_assert_error (error, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

static void
assert_no_keyring (gboolean with_destination)
{
  g_autoptr(OnairSecretStore) store = onair_secret_store_new ();
  g_autofree char *secret = unique_secret ();
  g_autofree char *home = g_dir_make_tmp ("onair-test-home-XXXXXX", NULL);

  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);

  assert_store_without_keyring (store, secret);
  if (with_destination)
    assert_destination_without_keyring (store, secret);

  g_assert_true (directory_is_empty (home));
  g_rmdir (home);
}

static void
test_no_keyring_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("onair-test-bus-XXXXXX", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-such-bus", dir);

      /* Before the first libsecret call, which connects to the session bus once. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_no_keyring (TRUE);
      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_no_keyring_no_service (void)
{
  if (g_test_subprocess ())
    {
      /* A session bus that knows no Secret Service and cannot activate one. */
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      /* One request of each kind: libsecret 0.20 keeps an extra reference to the
       * connection after a second failed clear, which g_test_dbus_down() would wait
       * for in vain. The destination paths are covered on the bus-less test. */
      assert_no_keyring (FALSE);
      /* libsecret keeps its proxy, and so the connection, until told to let go;
       * g_test_dbus_down() waits for the connection to be finalised. */
      secret_service_disconnect ();
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  have_session_bus = g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;

  g_test_add_func ("/onair/secret-store/kind-strings", test_kind_strings);
  g_test_add_func ("/onair/secret-store/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/onair/secret-store/replace", test_replace);
  g_test_add_func ("/onair/secret-store/kinds-are-separate", test_kinds_are_separate);
  g_test_add_func ("/onair/secret-store/missing-items", test_missing_items);
  g_test_add_func ("/onair/secret-store/cancelled", test_cancelled);
  g_test_add_func ("/onair/secret-store/destination-key", test_destination_key);
  g_test_add_func ("/onair/secret-store/no-keyring/no-bus", test_no_keyring_no_bus);
  g_test_add_func ("/onair/secret-store/no-keyring/no-service", test_no_keyring_no_service);

  return g_test_run ();
}
