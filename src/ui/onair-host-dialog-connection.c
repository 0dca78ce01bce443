/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/vmix/onair-vmix-client.h"
#include "onair-host-dialog-connection.h"

/*
 * What the host dialog, the welcome page and Preferences share about one vMix host: the
 * address typed checked before anything is saved, the connection test (one state request),
 * and the Web Controller password filed in the keyring under "host:port", where
 * OnairVmixSession looks for it.
 */

/* 0 when the text is not a port. */
static guint
parse_port (const char *text)
{
  guint64 port;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return 0;
  return (guint) port;
}

/**
 * onair_host_connection_parse_profile:
 * @id: the host's id
 * @name: its name, already checked by the caller
 * @host: the host name or address typed, stripped
 * @port_text: the port typed
 * @username: (nullable): the Web Controller user typed, stripped; empty for none
 * @password: (nullable): the password typed, or empty
 * @problem: (out): why the input is not a host, in words, when %NULL is returned
 *
 * Only builds an address: nothing goes over the network.
 *
 * Returns: (transfer full) (nullable): the profile typed
 */
OnairHostProfile *
onair_host_connection_parse_profile (const char     *id,
                                     const char     *name,
                                     OnairHostRole   role,
                                     const char     *host,
                                     const char     *port_text,
                                     gboolean        use_tls,
                                     const char     *username,
                                     const char     *password,
                                     char          **problem)
{
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GError) error = NULL;
  guint port = parse_port (port_text);

  g_return_val_if_fail (problem != NULL, NULL);

  *problem = NULL;
  if (*host == '\0')
    {
      *problem = g_strdup (_("Enter the host name or IP address of the vMix machine."));
      return NULL;
    }
  if (port == 0)
    {
      *problem = g_strdup (_("The port is a number from 1 to 65535; vMix’s Web Controller "
                             "uses 8088 unless it was changed."));
      return NULL;
    }
  /* vMix asks for both or neither: a password alone would never be sent. */
  if (password != NULL && *password != '\0' && (username == NULL || *username == '\0'))
    {
      *problem = g_strdup (_("Enter the user name that goes with the password, as set in "
                             "vMix under Settings → Web Controller."));
      return NULL;
    }
  client = onair_vmix_client_new (host, port, use_tls, &error);
  if (client == NULL)
    {
      *problem = g_strdup (error->message);
      return NULL;
    }
  return onair_host_profile_new (id, name, role, host, port, use_tls,
                                 username != NULL && *username != '\0' ? username : NULL);
}

/* The connection test */

typedef struct
{
  OnairSecretStore *secrets;
  OnairHostProfile *profile;
  OnairHostProfile *stored;
  gboolean          tried_host_only;
} TestData;

static void
test_data_free (TestData *data)
{
  g_clear_object (&data->secrets);
  g_clear_pointer (&data->profile, onair_host_profile_free);
  g_clear_pointer (&data->stored, onair_host_profile_free);
  g_free (data);
}

static void
state_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(OnairVmixState) state = NULL;
  GError *error = NULL;

  state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result, NULL,
                                                &error);
  if (state == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Translators: "Connected to vMix 28.0.0.39 (4K)" */
  g_task_return_pointer (task,
                         g_strdup_printf (_("Connected to vMix %s (%s)"),
                                          onair_vmix_state_get_version (state)
                                            ? onair_vmix_state_get_version (state)
                                            : _("unknown version"),
                                          onair_vmix_state_get_edition (state)
                                            ? onair_vmix_state_get_edition (state)
                                            : _("unknown edition")),
                         g_free);
}

static void
fetch_state (GTask      *task,
             const char *password)
{
  TestData *data = g_task_get_task_data (task);
  g_autoptr(OnairVmixClient) client = NULL;
  GError *error = NULL;

  client = onair_vmix_client_new (data->profile->host, data->profile->port,
                                  data->profile->use_tls, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  onair_vmix_client_set_credentials (client, data->profile->username,
                                     password != NULL && *password != '\0' ? password : NULL);
  onair_vmix_client_fetch_state_async (client, g_task_get_cancellable (task), state_fetched_cb,
                                       task);
}

static void
stored_password_looked_up_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GTask *task = user_data;
  TestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (g_task_return_error_if_cancelled (task))
    {
      onair_secret_free (password);
      g_object_unref (task);
      return;
    }
  /* Filed under "host:port"; earlier versions filed it under the host alone. */
  if (password == NULL && error == NULL && !data->tried_host_only)
    {
      data->tried_host_only = TRUE;
      onair_secret_store_lookup_async (data->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                       data->stored->host, g_task_get_cancellable (task),
                                       stored_password_looked_up_cb, task);
      return;
    }
  /* Without the keyring the test still runs: vMix says whether it wants a password. */
  fetch_state (task, password);
  onair_secret_free (password);
}

/**
 * onair_host_connection_test_async:
 * @secrets: (nullable): the keyring, for the stored password
 * @profile: the host to ask
 * @password: (nullable): the password typed; empty or %NULL for the one stored for @stored
 * @stored: (nullable): the host as saved, whose password the keyring holds
 *
 * Asks @profile for its state once, with its user name and the password typed (or stored).
 */
void
onair_host_connection_test_async (OnairSecretStore       *secrets,
                                  const OnairHostProfile *profile,
                                  const char             *password,
                                  const OnairHostProfile *stored,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  GTask *task;
  TestData *data;

  g_return_if_fail (profile != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_host_connection_test_async);
  data = g_new0 (TestData, 1);
  data->secrets = secrets != NULL ? g_object_ref (secrets) : NULL;
  data->profile = onair_host_profile_copy (profile);
  data->stored = stored != NULL ? onair_host_profile_copy (stored) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);

  if ((password == NULL || *password == '\0') && secrets != NULL && stored != NULL &&
      stored->username != NULL && profile->username != NULL)
    {
      g_autofree char *secret_id = onair_host_profile_dup_secret_id (stored);

      onair_secret_store_lookup_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, secret_id,
                                       cancellable, stored_password_looked_up_cb, task);
      return;
    }
  fetch_state (task, password);
}

/**
 * onair_host_connection_test_finish:
 *
 * Returns: (transfer full) (nullable): how it went, e.g. "Connected to vMix 28.0.0.39 (4K)";
 *   %NULL with an error that says in words why vMix did not answer
 */
char *
onair_host_connection_test_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The password */

typedef struct
{
  OnairSecretStore *secrets;
  OnairHostProfile *profile;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_clear_object (&data->secrets);
  g_clear_pointer (&data->profile, onair_host_profile_free);
  g_free (data);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store (GTask      *task,
       const char *password)
{
  StoreData *data = g_task_get_task_data (task);
  g_autofree char *secret_id = onair_host_profile_dup_secret_id (data->profile);

  onair_secret_store_store_async (data->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, secret_id,
                                  NULL, password, g_task_get_cancellable (task),
                                  password_stored_cb, task);
}

/* The host moved (another address or port): its password is filed under the new one too. */
static void
old_password_looked_up_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (password == NULL)
    g_task_return_boolean (task, TRUE);
  else
    {
      store (task, password);
      onair_secret_free (password);
      return;
    }
  g_object_unref (task);
}

/**
 * onair_host_connection_store_password_async:
 * @profile: the host as it will be saved
 * @password: (nullable): the password typed; empty or %NULL keeps the stored one
 * @previous: (nullable): the host as it was saved before, when editing
 *
 * Files the password typed in the keyring under @profile's host and port. With none typed,
 * a host that moved keeps its password: it is filed under the new address too.
 */
void
onair_host_connection_store_password_async (OnairSecretStore       *secrets,
                                            const OnairHostProfile *profile,
                                            const char             *password,
                                            const OnairHostProfile *previous,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  GTask *task;
  StoreData *data;

  g_return_if_fail (ONAIR_IS_SECRET_STORE (secrets));
  g_return_if_fail (profile != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_host_connection_store_password_async);
  data = g_new0 (StoreData, 1);
  data->secrets = g_object_ref (secrets);
  data->profile = onair_host_profile_copy (profile);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  if (password != NULL && *password != '\0')
    {
      store (task, password);
      return;
    }
  if (previous != NULL)
    {
      g_autofree char *old_id = onair_host_profile_dup_secret_id (previous);
      g_autofree char *new_id = onair_host_profile_dup_secret_id (profile);

      if (!g_str_equal (old_id, new_id))
        {
          onair_secret_store_lookup_async (secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, old_id,
                                           cancellable, old_password_looked_up_cb, task);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

gboolean
onair_host_connection_store_password_finish (GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
