/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-destination-private.h"
#include "onair-fingerprint.h"

/* A destination's secrets in the keyring: its stream key (stored, looked up, cleared) and
 * its server password (cleared with it). */

/* The task of an operation on @self's secrets in @store, for the _async function
 * @source_tag; %NULL, after a critical warning, when an argument is wrong. */
static GTask *
secrets_task_new (OnairDestination    *self,
                  OnairSecretStore    *store,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task;

  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  g_return_val_if_fail (ONAIR_IS_SECRET_STORE (store), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  return task;
}

typedef struct
{
  OnairSecretStore *store;
  char *fingerprint;
} KeyTaskData;

static void
key_task_data_free (KeyTaskData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->fingerprint, g_free);
  g_free (data);
}

static KeyTaskData *
key_task_data_new (OnairSecretStore *store)
{
  KeyTaskData *data = g_new0 (KeyTaskData, 1);

  data->store = g_object_ref (store);
  return data;
}

static void
store_key_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairDestination *self = g_task_get_source_object (task);
  KeyTaskData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (source_object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  onair_destination_set_key_reference (self, self->id, data->fingerprint);
  g_debug ("Stored the stream key of destination %s (fingerprint %s)", self->id, data->fingerprint);
  g_task_return_boolean (task, TRUE);
}

/**
 * onair_destination_store_key_async:
 * @self: a destination
 * @store: the secret store
 * @key: the stream key; it is handed to the keyring and not kept
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Stores (or replaces) @self's stream key in the keyring. On success :key-id and
 * :key-fingerprint change; save the destination list afterwards.
 */
void
onair_destination_store_key_async (OnairDestination    *self,
                                   OnairSecretStore    *store,
                                   const char          *key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  KeyTaskData *data;

  g_return_if_fail (key != NULL);

  task = secrets_task_new (self, store, onair_destination_store_key_async, cancellable,
                           callback, user_data);
  if (task == NULL)
    return;

  data = key_task_data_new (store);
  data->fingerprint = onair_key_fingerprint (key);
  g_task_set_task_data (task, data, (GDestroyNotify) key_task_data_free);

  if (*self->name != '\0')
    label = g_strdup_printf (_("Onair stream key for “%s”"), self->name);

  onair_secret_store_store_async (store, ONAIR_SECRET_KIND_STREAM_KEY, self->id, label, key,
                                  cancellable, store_key_cb, g_steal_pointer (&task));
}

/**
 * onair_destination_store_key_finish:
 * @self: a destination
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR
 *
 * Returns: %TRUE when the key is in the keyring
 */
gboolean
onair_destination_store_key_finish (OnairDestination  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_key_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (source_object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify) onair_secret_free);
}

/**
 * onair_destination_lookup_key_async:
 * @self: a destination
 * @store: the secret store
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Reads @self's stream key from the keyring, e.g. to send it to vMix.
 */
void
onair_destination_lookup_key_async (OnairDestination    *self,
                                    OnairSecretStore    *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = secrets_task_new (self, store, onair_destination_lookup_key_async,
                                            cancellable, callback, user_data);

  if (task == NULL)
    return;

  if (self->key_id == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  onair_secret_store_lookup_async (store, ONAIR_SECRET_KIND_STREAM_KEY, self->key_id,
                                   cancellable, lookup_key_cb, g_steal_pointer (&task));
}

/**
 * onair_destination_lookup_key_finish:
 * @self: a destination
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR
 *
 * Returns: (transfer full) (nullable): the key, to be freed with onair_secret_free(),
 *   or %NULL without an error when none is stored
 */
char *
onair_destination_lookup_key_finish (OnairDestination  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_password_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_secret_store_clear_finish (ONAIR_SECRET_STORE (source_object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_key_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairDestination *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!onair_secret_store_clear_finish (ONAIR_SECRET_STORE (source_object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  onair_destination_set_key_reference (self, NULL, NULL);

  cancellable = g_task_get_cancellable (task);
  onair_secret_store_clear_async (ONAIR_SECRET_STORE (source_object),
                                  ONAIR_SECRET_KIND_STREAM_PASSWORD, self->id,
                                  cancellable, clear_password_cb, g_steal_pointer (&task));
}

/**
 * onair_destination_clear_secrets_async:
 * @self: a destination
 * @store: the secret store
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Removes @self's stream key and server password from the keyring, e.g. before the
 * destination is deleted. On success @self has no key any more.
 */
void
onair_destination_clear_secrets_async (OnairDestination    *self,
                                       OnairSecretStore    *store,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = secrets_task_new (self, store, onair_destination_clear_secrets_async,
                                            cancellable, callback, user_data);

  if (task == NULL)
    return;

  onair_secret_store_clear_async (store, ONAIR_SECRET_KIND_STREAM_KEY,
                                  self->key_id != NULL ? self->key_id : self->id,
                                  cancellable, clear_key_cb, g_steal_pointer (&task));
}

/**
 * onair_destination_clear_secrets_finish:
 * @self: a destination
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR
 *
 * Returns: %TRUE when the keyring holds no secret of @self any more
 */
gboolean
onair_destination_clear_secrets_finish (OnairDestination  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
