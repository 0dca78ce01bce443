/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "onair-witness-chain-private.h"

/* The chain object (struct _OnairWitness in onair-witness-chain-private.h): its life, its list
 * model, its accessors. Opening is in onair-witness-open.c, appending in onair-witness-append.c,
 * verification and export in onair-witness-audit.c. */

enum {
  PROP_0,
  PROP_PATH,
  PROP_CHAIN_ID,
  PROP_READ_ONLY,
  PROP_HEAD_SEQ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnairWitness, onair_witness, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (onair-witness-error-quark, onair_witness_error)

/* Object */

static void
onair_witness_close_locked (OnairWitness *self)
{
  self->closed = TRUE;

  if (self->write_fd >= 0)
    {
      close (self->write_fd);
      self->write_fd = -1;
    }

  /* Closing the descriptor releases the flock(). The lock file stays: removing it would race
   * with another process that just opened it. */
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

static void
onair_witness_finalize (GObject *object)
{
  OnairWitness *self = (OnairWitness *) object;

  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, FALSE);

  g_mutex_lock (&self->append_mutex);
  g_mutex_lock (&self->mutex);
  onair_witness_close_locked (self);
  g_mutex_unlock (&self->mutex);
  g_mutex_unlock (&self->append_mutex);

  if (self->read_fd >= 0)
    close (self->read_fd);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->chain_id, g_free);
  g_clear_pointer (&self->genesis_hash, g_free);
  g_clear_pointer (&self->created, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->index, g_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_string_free (self->canon, TRUE);
  g_string_free (self->line, TRUE);
  onair_json_scanner_clear (&self->scanner);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->append_mutex);

  G_OBJECT_CLASS (onair_witness_parent_class)->finalize (object);
}

static void
onair_witness_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OnairWitness *self = ONAIR_WITNESS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_CHAIN_ID:
      g_value_set_string (value, self->chain_id);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    case PROP_HEAD_SEQ:
      {
        OnairWitnessAnchor head;

        g_value_set_int64 (value, onair_witness_get_head (self, &head) ? head.seq : -1);
        break;
      }

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_witness_class_init (OnairWitnessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_witness_finalize;
  object_class->get_property = onair_witness_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHAIN_ID] =
    g_param_spec_string ("chain-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * OnairWitness:head-seq:
   *
   * The seq of the last entry (-1 when unknown or empty). Notified in the opening thread after
   * each append, which is when the caller stores the new head (onair_witness_get_head()).
   */
  properties[PROP_HEAD_SEQ] =
    g_param_spec_int64 ("head-seq", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onair_witness_init (OnairWitness *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->append_mutex);
  self->read_fd = -1;
  self->lock_fd = -1;
  self->write_fd = -1;
  self->index = g_array_new (FALSE, FALSE, sizeof (OnairWitnessIndexEntry));
  self->items = g_ptr_array_new ();
  self->canon = g_string_new (NULL);
  self->line = g_string_new (NULL);
  self->head.seq = -1;
  self->latest_ms = G_MININT64;
  onair_json_scanner_init (&self->scanner);
}

/* GListModel */

static GType
onair_witness_get_item_type (GListModel *model)
{
  return ONAIR_TYPE_WITNESS_ENTRY;
}

static guint
onair_witness_get_n_items (GListModel *model)
{
  return ONAIR_WITNESS (model)->n_visible;
}

static gpointer
onair_witness_get_item (GListModel *model,
                        guint       position)
{
  OnairWitness *self = ONAIR_WITNESS (model);

  return onair_witness_get_entry (self, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onair_witness_get_item_type;
  iface->get_n_items = onair_witness_get_n_items;
  iface->get_item = onair_witness_get_item;
}

/* Publishes entries appended by any thread to the list model, in the owner thread. */
static gboolean
sync_items_cb (gpointer user_data)
{
  OnairWitness *self = user_data;
  guint n, old;

  g_atomic_int_set (&self->sync_pending, 0);

  g_mutex_lock (&self->mutex);
  n = self->index->len;
  g_mutex_unlock (&self->mutex);

  if (n <= self->n_visible)
    return G_SOURCE_REMOVE;

  old = self->n_visible;
  self->n_visible = n;
  g_ptr_array_set_size (self->items, n);
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAD_SEQ]);

  return G_SOURCE_REMOVE;
}

void
onair_witness_schedule_sync (OnairWitness *self)
{
  if (g_thread_self () == self->owner)
    {
      sync_items_cb (self);
      return;
    }

  if (g_atomic_int_compare_and_exchange (&self->sync_pending, 0, 1))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[onair] witness items");
      g_source_set_callback (source, sync_items_cb, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
    }
}

/**
 * onair_witness_get_entry:
 * @self: a chain
 * @position: line order, 0 for the first entry (equal to seq in a sound chain)
 *
 * The entry at @position, as the list model gives it. Call from the thread that opened the
 * chain.
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL past the end
 */
OnairWitnessEntry *
onair_witness_get_entry (OnairWitness *self,
                         guint         position)
{
  OnairWitnessIndexEntry index;
  OnairWitnessEntry *entry;

  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);

  if (position >= self->n_visible)
    return NULL;

  entry = g_ptr_array_index (self->items, position);
  if (entry != NULL)
    return g_object_ref (entry);

  g_mutex_lock (&self->mutex);
  index = g_array_index (self->index, OnairWitnessIndexEntry, position);
  g_mutex_unlock (&self->mutex);

  entry = onair_witness_entry_new (self, position, &index);
  g_ptr_array_index (self->items, position) = entry;

  return entry;
}

void
onair_witness_forget_entry (OnairWitness      *self,
                            guint              position,
                            OnairWitnessEntry *entry)
{
  if (position < self->items->len && g_ptr_array_index (self->items, position) == entry)
    g_ptr_array_index (self->items, position) = NULL;
}

/**
 * onair_witness_read_line:
 *
 * Returns: (transfer full): the line at @offset, read from the file
 */
char *
onair_witness_read_line (OnairWitness  *self,
                         guint64        offset,
                         guint32        length,
                         GError       **error)
{
  g_autofree char *buf = g_malloc (length + 1);
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (self->read_fd, buf + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : EIO;

          onair_witness_set_io_error (error, saved_errno, self->path, _("read"));
          return NULL;
        }
      done += n;
    }
  buf[length] = '\0';

  return g_steal_pointer (&buf);
}

/**
 * onair_witness_close:
 *
 * Releases the lock and stops appends, so another process may open the chain for writing
 * while this object still serves reads. Also done on finalize.
 */
void
onair_witness_close (OnairWitness *self)
{
  g_return_if_fail (ONAIR_IS_WITNESS (self));

  g_mutex_lock (&self->append_mutex);
  g_mutex_lock (&self->mutex);
  onair_witness_close_locked (self);
  g_mutex_unlock (&self->mutex);
  g_mutex_unlock (&self->append_mutex);
}

/* Accessors */

const char *
onair_witness_get_path (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);
  return self->path;
}

const char *
onair_witness_get_chain_id (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);
  return self->chain_id;
}

const char *
onair_witness_get_genesis_hash (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);
  return self->genesis_hash;
}

/**
 * onair_witness_get_created:
 *
 * Returns: (nullable): the header's creation timestamp
 */
const char *
onair_witness_get_created (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);
  return self->created;
}

/**
 * onair_witness_get_format_version:
 *
 * Returns: the chain's format version, 1 or 2 (new chains are 2; older ones keep 1)
 */
guint
onair_witness_get_format_version (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), 0);
  return self->format_version;
}

gboolean
onair_witness_is_read_only (OnairWitness *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), TRUE);
  return self->read_only;
}

/**
 * onair_witness_get_torn_bytes:
 *
 * Returns: the bytes after the last newline that were left alone (read-only opens only; a
 *   writable open repairs them)
 */
guint64
onair_witness_get_torn_bytes (OnairWitness *self)
{
  guint64 torn;

  g_return_val_if_fail (ONAIR_IS_WITNESS (self), 0);

  g_mutex_lock (&self->mutex);
  torn = self->torn_bytes;
  g_mutex_unlock (&self->mutex);

  return torn;
}

/**
 * onair_witness_get_head:
 * @self: a chain
 * @head: (out caller-allocates): seq and current_hash of the last entry
 *
 * The head to keep in the keyring and pass as expected_head on the next open. Thread-safe.
 *
 * Returns: %FALSE if the last line is not a readable entry (read-only opens of damaged chains)
 */
gboolean
onair_witness_get_head (OnairWitness       *self,
                        OnairWitnessAnchor *head)
{
  gboolean known;

  g_return_val_if_fail (ONAIR_IS_WITNESS (self), FALSE);
  g_return_val_if_fail (head != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  *head = self->head;
  known = self->head_known;
  g_mutex_unlock (&self->mutex);

  return known;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * onair_witness_list_event_types:
 *
 * Returns: (transfer container) (element-type utf8): the distinct event types in the chain,
 *   sorted, for a filter menu
 */
GPtrArray *
onair_witness_list_event_types (OnairWitness *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *types = g_ptr_array_new ();

  g_return_val_if_fail (ONAIR_IS_WITNESS (self), types);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->index->len; i++)
    {
      const char *type = g_array_index (self->index, OnairWitnessIndexEntry, i).event_type;

      if (type != NULL && g_hash_table_add (seen, (gpointer) type))
        g_ptr_array_add (types, (gpointer) type);
    }
  g_mutex_unlock (&self->mutex);

  g_ptr_array_sort (types, compare_strings);
  return types;
}
