/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-destination-list.h"

/*
 * The producer's destinations as a GListModel for the UI, loaded from and saved to one
 * GSettings key. Load and save take the GSettings so that tests can pass settings made
 * from their own schema and memory backend.
 */

struct _OnairDestinationList
{
  GObject parent_instance;

  GPtrArray *items;
};

static void onair_destination_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnairDestinationList, onair_destination_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      onair_destination_list_model_init))

static GType
onair_destination_list_get_item_type (GListModel *model)
{
  return ONAIR_TYPE_DESTINATION;
}

static guint
onair_destination_list_get_n_items (GListModel *model)
{
  OnairDestinationList *self = ONAIR_DESTINATION_LIST (model);

  return self->items->len;
}

static gpointer
onair_destination_list_get_item (GListModel *model,
                                 guint       position)
{
  OnairDestinationList *self = ONAIR_DESTINATION_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
onair_destination_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = onair_destination_list_get_item_type;
  iface->get_n_items = onair_destination_list_get_n_items;
  iface->get_item = onair_destination_list_get_item;
}

static void
onair_destination_list_finalize (GObject *object)
{
  OnairDestinationList *self = (OnairDestinationList *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_destination_list_parent_class)->finalize (object);
}

static void
onair_destination_list_class_init (OnairDestinationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_destination_list_finalize;
}

static void
onair_destination_list_init (OnairDestinationList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * onair_destination_list_new:
 *
 * Returns: (transfer full): an empty list; fill it with onair_destination_list_load()
 */
OnairDestinationList *
onair_destination_list_new (void)
{
  return g_object_new (ONAIR_TYPE_DESTINATION_LIST, NULL);
}

/**
 * onair_destination_list_lookup:
 * @self: a destination list
 * @id: a destination id
 *
 * Returns: (transfer none) (nullable): the destination with @id, or %NULL
 */
OnairDestination *
onair_destination_list_lookup (OnairDestinationList *self,
                               const char           *id)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      OnairDestination *destination = g_ptr_array_index (self->items, i);

      if (g_str_equal (onair_destination_get_id (destination), id))
        return destination;
    }

  return NULL;
}

/**
 * onair_destination_list_load:
 * @self: a destination list
 * @settings: settings whose schema has the `destinations` key (`aa{sv}`)
 *
 * Replaces the contents of @self with the destinations saved in @settings. An entry
 * that cannot be read is skipped with a warning, so one damaged entry does not hide
 * the others.
 */
void
onair_destination_list_load (OnairDestinationList *self,
                             GSettings            *settings)
{
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GVariantIter iter;
  GVariant *child;
  guint old_length;
  guint index = 0;

  g_return_if_fail (ONAIR_IS_DESTINATION_LIST (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  saved = g_settings_get_value (settings, ONAIR_DESTINATION_LIST_SETTINGS_KEY);
  items = g_ptr_array_new_with_free_func (g_object_unref);

  g_variant_iter_init (&iter, saved);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) entry = child;
      g_autoptr(OnairDestination) destination = NULL;
      g_autoptr(GError) error = NULL;
      gboolean duplicate = FALSE;

      destination = onair_destination_new_from_variant (entry, &error);
      if (destination == NULL)
        {
          g_warning ("Skipping saved destination %u: %s", index, error->message);
          index++;
          continue;
        }

      for (guint i = 0; i < items->len && !duplicate; i++)
        duplicate = g_str_equal (onair_destination_get_id (g_ptr_array_index (items, i)),
                                 onair_destination_get_id (destination));
      if (duplicate)
        {
          g_warning ("Skipping saved destination %u: its id is used twice", index);
          index++;
          continue;
        }

      g_ptr_array_add (items, g_steal_pointer (&destination));
      index++;
    }

  old_length = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);

  if (old_length > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_length, self->items->len);
}

/**
 * onair_destination_list_to_variant:
 * @self: a destination list
 *
 * Returns: (transfer floating): the destinations as `aa{sv}`, without keys
 */
GVariant *
onair_destination_list_to_variant (OnairDestinationList *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));

  g_return_val_if_fail (ONAIR_IS_DESTINATION_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    g_variant_builder_add_value (&builder,
                                 onair_destination_to_variant (g_ptr_array_index (self->items, i)));

  return g_variant_builder_end (&builder);
}

/**
 * onair_destination_list_save:
 * @self: a destination list
 * @settings: settings whose schema has the `destinations` key (`aa{sv}`)
 *
 * Writes the destinations to @settings. Keys are not part of them.
 *
 * Returns: %TRUE when the key was writable
 */
gboolean
onair_destination_list_save (OnairDestinationList *self,
                             GSettings            *settings)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION_LIST (self), FALSE);
  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  return g_settings_set_value (settings, ONAIR_DESTINATION_LIST_SETTINGS_KEY,
                               onair_destination_list_to_variant (self));
}

/**
 * onair_destination_list_add:
 * @self: a destination list
 * @destination: a destination whose id is not in @self yet
 *
 * Appends @destination. Save the list afterwards.
 */
void
onair_destination_list_add (OnairDestinationList *self,
                            OnairDestination     *destination)
{
  g_return_if_fail (ONAIR_IS_DESTINATION_LIST (self));
  g_return_if_fail (ONAIR_IS_DESTINATION (destination));
  g_return_if_fail (onair_destination_list_lookup (self,
                                                   onair_destination_get_id (destination)) == NULL);

  g_ptr_array_add (self->items, g_object_ref (destination));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

/**
 * onair_destination_list_remove:
 * @self: a destination list
 * @destination: a destination
 *
 * Removes @destination from the list only; its secrets stay in the keyring. To delete
 * a destination for good use onair_destination_list_delete_async().
 *
 * Returns: %TRUE when @destination was in @self
 */
gboolean
onair_destination_list_remove (OnairDestinationList *self,
                               OnairDestination     *destination)
{
  guint position;

  g_return_val_if_fail (ONAIR_IS_DESTINATION_LIST (self), FALSE);
  g_return_val_if_fail (ONAIR_IS_DESTINATION (destination), FALSE);

  if (!g_ptr_array_find (self->items, destination, &position))
    return FALSE;

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}

static void
clear_secrets_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairDestination *destination = ONAIR_DESTINATION (source_object);
  g_autoptr(GError) error = NULL;

  if (!onair_destination_clear_secrets_finish (destination, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  onair_destination_list_remove (g_task_get_source_object (task), destination);
  g_task_return_boolean (task, TRUE);
}

/**
 * onair_destination_list_delete_async:
 * @self: a destination list
 * @destination: a destination in @self
 * @store: the secret store
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes @destination: first its stream key and password from the keyring, then the
 * destination from the list. When the keyring fails, the destination stays, so that
 * no orphan key is left behind. Save the list afterwards.
 */
void
onair_destination_list_delete_async (OnairDestinationList *self,
                                     OnairDestination     *destination,
                                     OnairSecretStore     *store,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONAIR_IS_DESTINATION_LIST (self));
  g_return_if_fail (ONAIR_IS_DESTINATION (destination));
  g_return_if_fail (ONAIR_IS_SECRET_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_destination_list_delete_async);

  onair_destination_clear_secrets_async (destination, store, cancellable,
                                         clear_secrets_cb, g_steal_pointer (&task));
}

/**
 * onair_destination_list_delete_finish:
 * @self: a destination list
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR
 *
 * Returns: %TRUE when the destination and its secrets are gone
 */
gboolean
onair_destination_list_delete_finish (OnairDestinationList  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
