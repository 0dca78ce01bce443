/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onair-canonical-json.h"
#include "onair-witness-private.h"

/*
 * OnairWitness is one chain file: its header, an in-memory index of its lines (a few dozen bytes
 * each, so a million entries fit comfortably; the JSON is read from the file on demand), and, when
 * writable, the lock and the head it appends after.
 *
 * Threads: the index, head and file descriptors are guarded by `mutex`, so appends, verification
 * and export can run in workers. The GListModel side belongs to the thread that opened the chain:
 * appends made elsewhere reach it through an idle in that thread's main context.
 */

struct _OnairWitness
{
  GObject             parent_instance;

  char               *path;
  char               *chain_id;
  char               *genesis_hash;
  char               *created;
  guint               format_version;
  gboolean            read_only;
  GMainContext       *context;
  GThread            *owner;
  int                 read_fd;

  /* Held by an append from start to end, and by close: appends are serialized and the
   * file descriptor outlives every write. canon, line and scanner belong to it. */
  GMutex              append_mutex;
  GMutex              mutex;
  /* guarded by mutex; readers (the list model, verify, export) hold it only briefly, never
   * across a write or an fsync */
  int                 lock_fd;
  int                 write_fd;
  gboolean            closed;
  GArray             *index;       /* OnairWitnessIndexEntry */
  guint64             size;        /* bytes of complete lines */
  guint64             torn_bytes;
  OnairWitnessAnchor  head;
  gboolean            head_known;
  GString            *canon;
  GString            *line;
  OnairJsonScanner    scanner;

  /* owner thread */
  guint               n_visible;
  GPtrArray          *items;       /* OnairWitnessEntry, weak: cleared by their finalize */
  int                 sync_pending;

  GThreadPool        *writer;      /* one thread, so async appends keep their order */
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_CHAIN_ID,
  PROP_READ_ONLY,
  PROP_HEAD_SEQ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean split_writes_for_testing;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnairWitness, onair_witness, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (onair-witness-error-quark, onair_witness_error)

G_DEFINE_BOXED_TYPE (OnairWitnessAnchor, onair_witness_anchor,
                     onair_witness_anchor_copy, onair_witness_anchor_free)

/* Anchor */

/**
 * onair_witness_anchor_copy:
 *
 * Returns: (transfer full): a copy of @anchor
 */
OnairWitnessAnchor *
onair_witness_anchor_copy (const OnairWitnessAnchor *anchor)
{
  return g_memdup2 (anchor, sizeof *anchor);
}

void
onair_witness_anchor_free (OnairWitnessAnchor *anchor)
{
  g_free (anchor);
}

/**
 * onair_witness_anchor_to_string:
 *
 * Returns: (transfer full): "SEQ:HASH", the form to keep in the keyring
 */
char *
onair_witness_anchor_to_string (const OnairWitnessAnchor *anchor)
{
  g_return_val_if_fail (anchor != NULL, NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", anchor->seq, anchor->hash);
}

/**
 * onair_witness_anchor_parse:
 * @text: "SEQ:HASH" as written by onair_witness_anchor_to_string()
 * @anchor: (out caller-allocates): the anchor
 *
 * Returns: %TRUE if @text is an anchor
 */
gboolean
onair_witness_anchor_parse (const char         *text,
                            OnairWitnessAnchor *anchor)
{
  const char *colon;
  g_autofree char *number = NULL;
  gint64 seq;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (anchor != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon == NULL || !onair_witness_is_hash (colon + 1, strlen (colon + 1)))
    return FALSE;

  number = g_strndup (text, colon - text);
  if (!g_ascii_string_to_signed (number, 10, -1, G_MAXINT64, &seq, NULL))
    return FALSE;

  anchor->seq = seq;
  memcpy (anchor->hash, colon + 1, ONAIR_WITNESS_HASH_LENGTH + 1);
  return TRUE;
}

/* Hashing building blocks */

/* The hashed form of an entry: its members but current_hash, in canonical (sorted) order. */
static void
build_hashed_entry (GString    *out,
                    gint64      seq,
                    const char *event_canonical,
                    gsize       event_length,
                    const char *previous_hash,
                    const char *witness_timestamp)
{
  g_string_append_len (out, "{\"event\":", 9);
  g_string_append_len (out, event_canonical, event_length);
  g_string_append_len (out, ",\"previous_hash\":", 17);
  onair_canonical_json_append_string (out, previous_hash, strlen (previous_hash));
  g_string_append_len (out, ",\"seq\":", 7);
  onair_canonical_json_append_int (out, seq);
  g_string_append_len (out, ",\"witness_timestamp\":", 21);
  onair_canonical_json_append_string (out, witness_timestamp, strlen (witness_timestamp));
  g_string_append_c (out, '}');
}

/**
 * onair_witness_compute_entry_hash:
 * @seq: the entry's seq
 * @event: the event
 * @previous_hash: current_hash of the entry before (genesis_hash for seq 0)
 * @witness_timestamp: when the entry is written
 *
 * Returns: (transfer full) (nullable): the entry's current_hash, or %NULL if @event has no
 *   canonical form (a float, see onair_canonical_json_append())
 */
char *
onair_witness_compute_entry_hash (gint64       seq,
                                  JsonObject  *event,
                                  const char  *previous_hash,
                                  const char  *witness_timestamp,
                                  GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) canon = g_string_new (NULL);
  g_autoptr(GString) hashed = g_string_new (NULL);
  char hex[65];

  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (previous_hash != NULL, NULL);
  g_return_val_if_fail (witness_timestamp != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), event);
  if (!onair_canonical_json_append (canon, node, error))
    return NULL;

  build_hashed_entry (hashed, seq, canon->str, canon->len, previous_hash, witness_timestamp);
  onair_witness_sha256_hex (hashed->str, hashed->len, hex);

  return g_strdup (hex);
}

/* Builds the line written to disk (members in the format's order, event canonical) and its
 * current_hash. */
static void
build_entry_line (GString    *line,
                  GString    *scratch,
                  gint64      seq,
                  const char *event_canonical,
                  gsize       event_length,
                  const char *previous_hash,
                  const char *witness_timestamp,
                  char       *hash_out)
{
  g_string_truncate (scratch, 0);
  build_hashed_entry (scratch, seq, event_canonical, event_length, previous_hash,
                      witness_timestamp);
  onair_witness_sha256_hex (scratch->str, scratch->len, hash_out);

  g_string_truncate (line, 0);
  g_string_append_len (line, "{\"seq\":", 7);
  onair_canonical_json_append_int (line, seq);
  g_string_append_len (line, ",\"event\":", 9);
  g_string_append_len (line, event_canonical, event_length);
  g_string_append_len (line, ",\"previous_hash\":", 17);
  onair_canonical_json_append_string (line, previous_hash, strlen (previous_hash));
  g_string_append_len (line, ",\"witness_timestamp\":", 21);
  onair_canonical_json_append_string (line, witness_timestamp, strlen (witness_timestamp));
  g_string_append_len (line, ",\"current_hash\":\"", 17);
  g_string_append_len (line, hash_out, ONAIR_WITNESS_HASH_LENGTH);
  g_string_append_len (line, "\"}\n", 3);
}

/* Index */

static guint32
parse_hash_prefix (const char *hash)
{
  guint32 v = 0;

  for (guint i = 0; i < 8; i++)
    {
      char c = hash[i];

      v = (v << 4) | (guint32) (c <= '9' ? c - '0' : c - 'a' + 10);
    }

  return v;
}

static const char *
intern_len (const char *str,
            gsize       length)
{
  char buf[128];
  g_autofree char *copy = NULL;

  if (memchr (str, '\0', length) != NULL)
    return NULL;

  if (length < sizeof buf)
    {
      memcpy (buf, str, length);
      buf[length] = '\0';
      return g_intern_string (buf);
    }

  copy = g_strndup (str, length);
  return g_intern_string (copy);
}

/* Fills @entry from a line already parsed into @scanner (with status OK). */
void
onair_witness_index_parsed (OnairJsonScanner       *scanner,
              GString                *scratch,
              guint64                 offset,
              gsize                   length,
              OnairWitnessIndexEntry *entry)
{
  guint32 seq, event, type, timestamp, result, success, hash;
  const char *str;
  gsize len;

  memset (entry, 0, sizeof *entry);
  entry->offset = offset;
  entry->length = (guint32) MIN (length, G_MAXUINT32);
  entry->seq = -1;
  entry->timestamp_ms = G_MININT64;
  entry->result = ONAIR_WITNESS_RESULT_UNKNOWN;

  seq = onair_json_object_get (scanner, 0, "seq");
  if (!onair_json_is (scanner, seq, ONAIR_JSON_INT) || scanner->nodes[seq].v.ival < 0)
    return;

  entry->readable = TRUE;
  entry->seq = scanner->nodes[seq].v.ival;

  event = onair_json_object_get (scanner, 0, "event");
  type = onair_json_object_get (scanner, event, "event_type");
  if (onair_json_is (scanner, type, ONAIR_JSON_STRING))
    {
      str = onair_json_peek_string (scanner, type, scratch, &len);
      entry->event_type = intern_len (str, len);
    }

  timestamp = onair_json_object_get (scanner, event, "timestamp");
  if (!onair_json_is (scanner, timestamp, ONAIR_JSON_STRING))
    timestamp = onair_json_object_get (scanner, 0, "witness_timestamp");
  if (onair_json_is (scanner, timestamp, ONAIR_JSON_STRING))
    {
      gint64 ms;

      str = onair_json_peek_string (scanner, timestamp, scratch, &len);
      if (onair_witness_parse_timestamp_len (str, len, &ms))
        entry->timestamp_ms = ms;
    }

  result = onair_json_object_get (scanner, event, "result");
  success = onair_json_object_get (scanner, result, "success");
  if (onair_json_is (scanner, success, ONAIR_JSON_TRUE))
    entry->result = ONAIR_WITNESS_RESULT_SUCCESS;
  else if (onair_json_is (scanner, success, ONAIR_JSON_FALSE))
    entry->result = ONAIR_WITNESS_RESULT_FAILURE;

  hash = onair_json_object_get (scanner, 0, "current_hash");
  if (onair_json_is (scanner, hash, ONAIR_JSON_STRING))
    {
      str = onair_json_peek_string (scanner, hash, scratch, &len);
      if (onair_witness_is_hash (str, len))
        entry->hash_prefix = parse_hash_prefix (str);
    }
}

static void
index_unreadable (guint64                 offset,
                  gsize                   length,
                  OnairWitnessIndexEntry *entry)
{
  memset (entry, 0, sizeof *entry);
  entry->offset = offset;
  entry->length = (guint32) MIN (length, G_MAXUINT32);
  entry->seq = -1;
  entry->timestamp_ms = G_MININT64;
  entry->result = ONAIR_WITNESS_RESULT_UNKNOWN;
}

/**
 * onair_witness_index_line:
 *
 * Parses one chain line into its index entry; an unparseable line gives readable = FALSE.
 */
void
onair_witness_index_line (OnairJsonScanner       *scanner,
                          const char             *line,
                          gsize                   length,
                          guint64                 offset,
                          OnairWitnessIndexEntry *entry)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  if (onair_json_scanner_parse (scanner, line, length) != ONAIR_JSON_OK)
    index_unreadable (offset, length, entry);
  else
    onair_witness_index_parsed (scanner, scratch, offset, length, entry);
}

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

static void
schedule_sync (OnairWitness *self)
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

/* Opening */

static gboolean
acquire_lock (OnairWitness  *self,
              GError       **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autofree char *pid = NULL;
  int fd;

  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      onair_witness_set_io_error (error, errno, lock_path, _("create the lock file"));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      int saved_errno = errno;
      char buf[32] = { 0 };
      g_autofree char *display = g_filename_display_name (self->path);

      if (saved_errno != EWOULDBLOCK)
        {
          close (fd);
          onair_witness_set_io_error (error, saved_errno, lock_path, _("lock"));
          return FALSE;
        }

      if (pread (fd, buf, sizeof buf - 1, 0) > 0)
        g_strstrip (buf);
      close (fd);

      if (buf[0] != '\0')
        g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_LOCKED,
                     _("The witness log “%s” is in use by another Onair process (pid %s). "
                       "Close the other instance and try again."), display, buf);
      else
        g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_LOCKED,
                     _("The witness log “%s” is in use by another Onair process. "
                       "Close the other instance and try again."), display);
      return FALSE;
    }

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) == 0)
    {
      if (pwrite (fd, pid, strlen (pid), 0) < 0)
        g_debug ("Could not write the pid to %s: %s", lock_path, g_strerror (errno));
    }

  self->lock_fd = fd;
  return TRUE;
}

/* Writes a new chain, in the version Onair writes, to a temporary file and renames it into
 * place, so that a chain file always has its header. The caller holds the lock. */
static gboolean
create_chain_file (const char  *path,
                   const char  *chain_id,
                   const char  *created,
                   gboolean     with_chain_created,
                   GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".new-XXXXXX", NULL);
  g_autofree char *own_chain_id = NULL;
  g_autofree char *own_created = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char genesis[65];
  int fd;

  if (chain_id == NULL)
    chain_id = own_chain_id = g_uuid_string_random ();
  if (created == NULL)
    created = own_created = onair_witness_format_timestamp (NULL);

  onair_witness_header_write (text, chain_id, created, genesis);

  if (with_chain_created)
    {
      g_autoptr(JsonObject) result = onair_witness_result_new (TRUE);
      g_autoptr(JsonObject) event = NULL;
      g_autofree char *canon = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(GString) scratch = g_string_new (NULL);
      char hash[65];
      gsize canon_len;

      json_object_set_string_member (result, "chain_id", chain_id);
      event = onair_witness_event_new ("chain_created", NULL, NULL, g_steal_pointer (&result));
      canon = onair_canonical_json_object_to_string (event, &canon_len, error);
      if (canon == NULL)
        return FALSE;

      build_entry_line (line, scratch, 0, canon, canon_len, genesis, created, hash);
      g_string_append_len (text, line->str, line->len);
    }

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      onair_witness_set_io_error (error, errno, tmp_path, _("create"));
      return FALSE;
    }

  if (!onair_witness_write_all (fd, text->str, text->len, error) || fsync (fd) < 0)
    {
      if (error != NULL && *error == NULL)
        onair_witness_set_io_error (error, errno, tmp_path, _("write"));
      close (fd);
      g_unlink (tmp_path);
      return FALSE;
    }
  close (fd);

  if (g_rename (tmp_path, path) < 0)
    {
      onair_witness_set_io_error (error, errno, path, _("create"));
      g_unlink (tmp_path);
      return FALSE;
    }

  return onair_witness_fsync_dir (path, error);
}

static gboolean
not_a_chain (OnairWitness  *self,
             GError       **error)
{
  g_autofree char *display = g_filename_display_name (self->path);

  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
               _("“%s” is not an Onair witness log: its first line is not a "
                 "“" ONAIR_WITNESS_FORMAT_V2 "” or “" ONAIR_WITNESS_FORMAT_V1 "” header."),
               display);
  return FALSE;
}

static gboolean
load_index (OnairWitness  *self,
            GCancellable  *cancellable,
            GError       **error)
{
  OnairLineReader reader;
  g_autoptr(GString) scratch = g_string_new (NULL);
  OnairJsonScanner *scanner = &self->scanner;
  OnairWitnessHeader header = { 0 };
  g_autofree char *reason = NULL;
  const char *line;
  gsize length;
  guint64 offset;
  guint32 node;
  gint64 line_no = 1;
  OnairLineResult r;
  gboolean ok = FALSE;

  onair_line_reader_init (&reader, self->read_fd, G_MAXUINT64);

  /* Opening reads the header without verifying it (a damaged chain can still be viewed), but
   * it must be a header of a version Onair knows: appends follow the chain's own version. */
  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  if (r == ONAIR_LINE_ERROR)
    goto out;
  if (r == ONAIR_LINE_OK)
    onair_witness_header_read (scanner, line, length, &header, &reason);
  if (header.version == 0 || header.chain_id == NULL || header.genesis_hash == NULL)
    {
      onair_witness_header_clear (&header);
      not_a_chain (self, error);
      goto out;
    }

  self->format_version = header.version;
  self->chain_id = g_steal_pointer (&header.chain_id);
  self->genesis_hash = g_steal_pointer (&header.genesis_hash);
  self->created = g_steal_pointer (&header.created);
  onair_witness_header_clear (&header);

  self->head.seq = -1;
  g_strlcpy (self->head.hash, self->genesis_hash, sizeof self->head.hash);
  self->head_known = onair_witness_is_hash (self->genesis_hash, strlen (self->genesis_hash));

  while ((r = onair_line_reader_next (&reader, &line, &length, &offset, error)) == ONAIR_LINE_OK)
    {
      OnairWitnessIndexEntry entry;
      OnairJsonStatus status = onair_json_scanner_parse (scanner, line, length);

      line_no++;

      if (status == ONAIR_JSON_OK)
        onair_witness_index_parsed (scanner, scratch, offset, length, &entry);
      else
        index_unreadable (offset, length, &entry);

      g_array_append_val (self->index, entry);

      /* The head is the last line, and only if it is a readable entry. */
      self->head_known = FALSE;
      if (entry.readable &&
          onair_json_is (scanner, node = onair_json_object_get (scanner, 0, "current_hash"),
                         ONAIR_JSON_STRING))
        {
          const char *hash;
          gsize hash_len;

          hash = onair_json_peek_string (scanner, node, scratch, &hash_len);
          if (onair_witness_is_hash (hash, hash_len))
            {
              self->head.seq = entry.seq;
              memcpy (self->head.hash, hash, hash_len);
              self->head.hash[hash_len] = '\0';
              self->head_known = TRUE;
            }
        }

      if ((self->index->len & 0xfff) == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  if (r == ONAIR_LINE_ERROR)
    goto out;
  if (r == ONAIR_LINE_TOO_LONG)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      /* Also a tail too long to be a torn write. The rest is not read: it could be huge. */
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
                   _("Line %" G_GINT64_FORMAT " of the witness log “%s” is longer than %d bytes, "
                     "so it is not an entry: the file is damaged. Keep it for the auditor and "
                     "verify it."), line_no + 1, display, ONAIR_WITNESS_MAX_LINE);
      goto out;
    }

  self->size = reader.consumed;
  self->torn_bytes = onair_line_reader_tail_length (&reader);
  ok = TRUE;

out:
  onair_line_reader_clear (&reader);
  return ok;
}

static gboolean
check_anchor (OnairWitness              *self,
              const OnairWitnessAnchor  *expected,
              GError                   **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  const OnairWitnessIndexEntry *entry;
  g_autofree char *line = NULL;
  gint64 head_seq = self->head_known ? self->head.seq : -1;

  if (self->head_known && expected->seq == self->head.seq)
    {
      if (strcmp (expected->hash, self->head.hash) == 0)
        return TRUE;
      goto mismatch;
    }

  if (expected->seq > head_seq)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TRUNCATED,
                   _("The witness log “%s” ends at entry %" G_GINT64_FORMAT " but Onair had "
                     "written up to entry %" G_GINT64_FORMAT ": entries were cut off its end. "
                     "Keep the file for the auditor and verify it."),
                   display, head_seq, expected->seq);
      return FALSE;
    }

  if (expected->seq < 0)
    {
      if (strcmp (expected->hash, self->genesis_hash) == 0)
        return TRUE;
      goto mismatch;
    }

  /* The kept head is inside the chain: its entry must still carry the kept hash. */
  if ((guint64) expected->seq >= self->index->len)
    goto mismatch;
  entry = &g_array_index (self->index, OnairWitnessIndexEntry, expected->seq);
  if (entry->seq != expected->seq)
    goto mismatch;
  line = onair_witness_read_line (self, entry->offset, entry->length, error);
  if (line == NULL)
    return FALSE;
  if (onair_json_scanner_parse (&self->scanner, line, entry->length) == ONAIR_JSON_OK &&
      onair_json_string_equal (&self->scanner,
                               onair_json_object_get (&self->scanner, 0, "current_hash"),
                               expected->hash, strlen (expected->hash)))
    return TRUE;

mismatch:
  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
               _("The witness log “%s” does not contain the entry %" G_GINT64_FORMAT
                 " Onair last wrote: the file was replaced or rewritten. "
                 "Keep it for the auditor and verify it."),
               display, expected->seq);
  return FALSE;
}

static gboolean append_internal (OnairWitness        *self,
                                 JsonObject          *event,
                                 const char          *witness_timestamp,
                                 const char          *unless_after,
                                 OnairWitnessAnchor  *head,
                                 GError             **error);

/* Where the pieces recorded by the chain's chain_repaired events end in the .torn file. */
static gboolean
recorded_torn_end (OnairWitness  *self,
                   const char    *torn_name,
                   guint64       *end,
                   GError       **error)
{
  const char *repaired = g_intern_static_string ("chain_repaired");
  OnairJsonScanner *scanner = &self->scanner;

  *end = 0;
  for (guint i = 0; i < self->index->len; i++)
    {
      const OnairWitnessIndexEntry *entry = &g_array_index (self->index, OnairWitnessIndexEntry, i);
      g_autofree char *line = NULL;
      guint32 params, offset, bytes;

      if (entry->event_type != repaired)
        continue;

      line = onair_witness_read_line (self, entry->offset, entry->length, error);
      if (line == NULL)
        return FALSE;
      if (onair_json_scanner_parse (scanner, line, entry->length) != ONAIR_JSON_OK)
        continue;

      params = onair_json_object_get (scanner, onair_json_object_get (scanner, 0, "event"),
                                      "params");
      offset = onair_json_object_get (scanner, params, "torn_file_offset");
      bytes = onair_json_object_get (scanner, params, "torn_bytes");
      if (onair_json_string_equal (scanner, onair_json_object_get (scanner, params, "torn_file"),
                                   torn_name, strlen (torn_name)) &&
          onair_json_is (scanner, offset, ONAIR_JSON_INT) &&
          onair_json_is (scanner, bytes, ONAIR_JSON_INT) &&
          scanner->nodes[offset].v.ival >= 0 && scanner->nodes[bytes].v.ival >= 0)
        *end = MAX (*end, (guint64) (scanner->nodes[offset].v.ival + scanner->nodes[bytes].v.ival));
    }

  return TRUE;
}

/* Moves a torn tail to PATH.torn, cuts it from the chain and records it with a chain_repaired
 * event; also records bytes that an earlier repair moved there but died before recording. */
static gboolean
repair_torn_tail (OnairWitness  *self,
                  GError       **error)
{
  g_autofree char *torn_path = g_strconcat (self->path, ".torn", NULL);
  g_autofree char *torn_name = g_path_get_basename (torn_path);
  g_autofree char *tail = NULL;
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (OnairWitnessTornPiece));
  guint64 torn = self->torn_bytes;
  guint64 recorded_end;

  /* The line reader reports longer tails as damage: they are not torn writes. */
  g_assert (torn <= ONAIR_WITNESS_MAX_LINE);

  if (torn == 0 && !g_file_test (torn_path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (torn > 0)
    {
      tail = onair_witness_read_line (self, self->size, (guint32) torn, error);
      if (tail == NULL)
        return FALSE;
    }

  if (!recorded_torn_end (self, torn_name, &recorded_end, error) ||
      !onair_witness_torn_set_aside (torn_path, tail, torn, recorded_end, pieces, error))
    return FALSE;

  if (torn > 0)
    {
      /* Only once the bytes are safe elsewhere are they cut from the chain. */
      if (ftruncate (self->write_fd, (off_t) self->size) < 0 || fsync (self->write_fd) < 0)
        {
          onair_witness_set_io_error (error, errno, self->path, _("repair"));
          return FALSE;
        }
      self->torn_bytes = 0;

      g_info ("Moved a torn tail of %" G_GUINT64_FORMAT " bytes from %s to %s",
              torn, self->path, torn_path);
    }

  for (guint i = 0; i < pieces->len; i++)
    {
      const OnairWitnessTornPiece *piece = &g_array_index (pieces, OnairWitnessTornPiece, i);
      g_autoptr(JsonObject) event = onair_witness_torn_event_new (torn_name, piece);

      if (piece->late)
        g_info ("Recording %" G_GUINT64_FORMAT " bytes set aside in %s by an earlier repair "
                "that was not recorded", piece->length, torn_path);
      if (!append_internal (self, event, NULL, NULL, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static OnairWitness *
open_internal (const char                *path,
               const OnairWitnessAnchor  *expected_head,
               OnairWitnessOpenFlags      flags,
               const char                *chain_id,
               const char                *created,
               GMainContext              *context,
               GThread                   *owner,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(OnairWitness) self = g_object_new (ONAIR_TYPE_WITNESS, NULL);

  self->path = g_strdup (path);
  self->read_only = (flags & ONAIR_WITNESS_OPEN_READ_ONLY) != 0;
  self->context = context != NULL ? g_main_context_ref (context) : NULL;
  self->owner = owner;

  if (!self->read_only)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if ((flags & ONAIR_WITNESS_OPEN_CREATE) && !g_file_test (dir, G_FILE_TEST_IS_DIR) &&
          g_mkdir_with_parents (dir, 0700) < 0)
        {
          onair_witness_set_io_error (error, errno, dir, _("create the folder"));
          return NULL;
        }

      if (!acquire_lock (self, error))
        return NULL;
    }

  self->read_fd = open (path, O_RDONLY | O_CLOEXEC);
  if (self->read_fd < 0 && errno == ENOENT && (flags & ONAIR_WITNESS_OPEN_CREATE) &&
      !self->read_only)
    {
      if (!create_chain_file (path, chain_id, created, chain_id == NULL, error))
        return NULL;
      self->read_fd = open (path, O_RDONLY | O_CLOEXEC);
    }
  if (self->read_fd < 0)
    {
      onair_witness_set_io_error (error, errno, path, _("open"));
      return NULL;
    }

  if (!load_index (self, cancellable, error))
    return NULL;

  if (expected_head != NULL && !check_anchor (self, expected_head, error))
    return NULL;

  if (!self->read_only)
    {
      g_autofree char *display = g_filename_display_name (path);

      if (!self->head_known)
        {
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
                       _("The last entry of the witness log “%s” is damaged, so Onair will not "
                         "append to it. Verify the log to see where it is broken."), display);
          return NULL;
        }

      self->write_fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
      if (self->write_fd < 0)
        {
          onair_witness_set_io_error (error, errno, path, _("open"));
          return NULL;
        }
      if (fchmod (self->write_fd, 0600) < 0)
        g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));

      if (!repair_torn_tail (self, error))
        return NULL;
    }

  self->n_visible = self->index->len;
  g_ptr_array_set_size (self->items, self->n_visible);

  return g_steal_pointer (&self);
}

/**
 * onair_witness_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/onair/witness/chain.jsonl`
 */
char *
onair_witness_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "onair", "witness", "chain.jsonl", NULL);
}

/**
 * onair_witness_open:
 * @path: the chain file
 * @expected_head: (nullable): the head kept from the last session; the open fails with
 *   %ONAIR_WITNESS_ERROR_TRUNCATED if the chain ends before it, %ONAIR_WITNESS_ERROR_BROKEN if
 *   its entry has another hash
 * @flags: whether to create, or open read-only
 *
 * Opens a chain of either version, blocking. Writable: takes the lock
 * (%ONAIR_WITNESS_ERROR_LOCKED if another process has it), creates the chain (version 2, with a
 * `chain_created` entry) when asked, moves a torn tail to PATH.torn and appends a
 * `chain_repaired` event, and records bytes found in PATH.torn that no `chain_repaired` event
 * records (a repair interrupted by a crash). A chain keeps its version: a version 1 chain is
 * appended to as version 1, its header untouched. Read-only: none of that; a torn tail is left
 * alone (see onair_witness_get_torn_bytes()). A line longer than %ONAIR_WITNESS_MAX_LINE
 * (a longer tail included) fails with %ONAIR_WITNESS_ERROR_BROKEN. Opening does not verify
 * hashes: see onair_witness_verify_async().
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
OnairWitness *
onair_witness_open (const char                *path,
                    const OnairWitnessAnchor  *expected_head,
                    OnairWitnessOpenFlags      flags,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_internal (path, expected_head, flags, NULL, NULL, context, g_thread_self (),
                        cancellable, error);
}

typedef struct {
  char                  *path;
  OnairWitnessAnchor    *expected_head;
  OnairWitnessOpenFlags  flags;
  GThread               *owner;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->expected_head);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  OnairWitness *self;

  self = open_internal (data->path, data->expected_head, data->flags, NULL, NULL,
                        g_task_get_context (task), data->owner, cancellable, &error);
  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * onair_witness_open_async:
 *
 * Opens a chain in a worker thread; see onair_witness_open(). The chain's list model and
 * notifications belong to the calling thread.
 */
void
onair_witness_open_async (const char               *path,
                          const OnairWitnessAnchor *expected_head,
                          OnairWitnessOpenFlags     flags,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->expected_head = expected_head != NULL ? onair_witness_anchor_copy (expected_head) : NULL;
  data->flags = flags;
  data->owner = g_thread_self ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * onair_witness_open_finish:
 *
 * Returns: (transfer full): the chain, or %NULL with @error set
 */
OnairWitness *
onair_witness_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onair_witness_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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

/* Appending */

/* Appends @event, unless @unless_after is the type of the chain's last entry. */
static gboolean
append_internal (OnairWitness        *self,
                 JsonObject          *event,
                 const char          *witness_timestamp,
                 const char          *unless_after,
                 OnairWitnessAnchor  *head,
                 GError             **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), event);
  g_autofree char *own_timestamp = NULL;
  g_autoptr(GString) scratch = NULL;
  OnairWitnessIndexEntry entry;
  const char *type = json_object_get_string_member_with_default (event, "event_type", NULL);
  OnairWitnessAnchor previous;
  OnairJsonStatus status;
  guint64 size;
  char hash[65];
  gint64 seq;
  int fd;
  gboolean ok = FALSE;

  if (type == NULL || *type == '\0')
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("A witness event needs an event_type."));
      return FALSE;
    }

  g_mutex_lock (&self->append_mutex);

  g_mutex_lock (&self->mutex);
  if (self->read_only)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_READ_ONLY,
                   _("The witness log was opened read-only."));
      goto out;
    }
  if (self->closed || self->write_fd < 0)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("The witness log was closed."));
      goto out;
    }
  g_assert (self->head_known);
  if (unless_after != NULL && self->index->len > 0 &&
      g_array_index (self->index, OnairWitnessIndexEntry, self->index->len - 1).event_type ==
      g_intern_string (unless_after))
    {
      if (head != NULL)
        *head = self->head;
      g_mutex_unlock (&self->mutex);
      g_mutex_unlock (&self->append_mutex);
      return TRUE;
    }
  /* Only appends change these, and this one holds append_mutex. */
  previous = self->head;
  size = self->size;
  fd = self->write_fd;
  g_mutex_unlock (&self->mutex);

  g_string_truncate (self->canon, 0);
  if (!onair_canonical_json_append (self->canon, node, error))
    goto out;

  if (witness_timestamp == NULL)
    witness_timestamp = own_timestamp = onair_witness_format_timestamp (NULL);

  seq = previous.seq + 1;
  scratch = g_string_new (NULL);
  build_entry_line (self->line, scratch, seq, self->canon->str, self->canon->len,
                    previous.hash, witness_timestamp, hash);

  /* Nothing is written that a verifier would not read back as an entry. */
  if (self->line->len - 1 > ONAIR_WITNESS_MAX_LINE)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TOO_LARGE,
                   _("The witness event “%s” is too large to record: its entry would be "
                     "%" G_GSIZE_FORMAT " bytes long, and a line of the witness log holds at most "
                     "%d."), type, self->line->len - 1, ONAIR_WITNESS_MAX_LINE);
      goto out;
    }
  status = onair_json_scanner_parse (&self->scanner, self->line->str, self->line->len - 1);
  if (status == ONAIR_JSON_ERROR_DEPTH)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("The witness event “%s” is nested too deep to record: its entry would be "
                     "nested deeper than %u levels."), type, self->scanner.max_depth);
      goto out;
    }
  if (status != ONAIR_JSON_OK)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("The witness event “%s” cannot be written as a witness entry."), type);
      goto out;
    }

  /* Written and synced without the readers' mutex: the list model keeps answering. */
  if (split_writes_for_testing)
    {
      /* Widens the window in which a crash leaves half a line, for the crash test. */
      gsize half = self->line->len / 2;

      ok = onair_witness_write_all (fd, self->line->str, half, error);
      g_usleep (2000);
      ok = ok && onair_witness_write_all (fd, self->line->str + half,
                                          self->line->len - half, error);
    }
  else
    {
      ok = onair_witness_write_all (fd, self->line->str, self->line->len, error);
    }

  if (ok && fsync (fd) < 0)
    {
      onair_witness_set_io_error (error, errno, self->path, _("write"));
      ok = FALSE;
    }

  if (!ok)
    {
      /* Leave no partial line behind for the next append to follow. */
      if (ftruncate (fd, (off_t) size) < 0)
        g_warning ("Could not undo a failed append to %s: %s", self->path, g_strerror (errno));
      goto out;
    }

  /* Parsed above, from the line just written. */
  onair_witness_index_parsed (&self->scanner, scratch, size, self->line->len - 1, &entry);

  /* Published only once durable: a reader never sees an entry that could be lost. */
  g_mutex_lock (&self->mutex);
  g_array_append_val (self->index, entry);
  self->size = size + self->line->len;
  self->head.seq = seq;
  memcpy (self->head.hash, hash, sizeof hash);
  if (head != NULL)
    *head = self->head;
  g_mutex_unlock (&self->mutex);

out:
  g_mutex_unlock (&self->append_mutex);

  if (ok)
    schedule_sync (self);

  return ok;
}

/**
 * onair_witness_append:
 * @self: a writable chain
 * @event: the event, see onair_witness_event_new()
 * @head: (out caller-allocates) (optional): the new head
 *
 * Appends @event and waits until it is on disk (fsync). Blocks for the duration of an fsync,
 * so prefer onair_witness_append_async() in the UI thread.
 *
 * Returns: %TRUE once the entry is durable
 */
gboolean
onair_witness_append (OnairWitness        *self,
                      JsonObject          *event,
                      OnairWitnessAnchor  *head,
                      GError             **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return append_internal (self, event, NULL, NULL, head, error);
}

static void
append_worker (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;
  OnairWitness *self = g_task_get_source_object (task);
  JsonObject *event = g_task_get_task_data (task);
  g_autofree OnairWitnessAnchor *head = g_new0 (OnairWitnessAnchor, 1);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (append_internal (self, event, NULL, NULL, head, &error))
    g_task_return_pointer (task, g_steal_pointer (&head), g_free);
  else
    g_task_return_error (task, error);
}

/**
 * onair_witness_append_async:
 * @self: a writable chain
 * @event: the event, see onair_witness_event_new()
 *
 * Appends @event in a worker; appends complete in the order they were requested. The callback
 * runs once the entry is durable.
 */
void
onair_witness_append_async (OnairWitness        *self,
                            JsonObject          *event,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ONAIR_IS_WITNESS (self));
  g_return_if_fail (event != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_append_async);
  g_task_set_task_data (task, json_object_ref (event), (GDestroyNotify) json_object_unref);

  if (self->writer == NULL)
    self->writer = g_thread_pool_new (append_worker, NULL, 1, FALSE, NULL);
  g_thread_pool_push (self->writer, task, NULL);
}

/**
 * onair_witness_append_finish:
 * @head: (out caller-allocates) (optional): the new head
 *
 * Returns: %TRUE once the entry is durable
 */
gboolean
onair_witness_append_finish (OnairWitness        *self,
                             GAsyncResult        *result,
                             OnairWitnessAnchor  *head,
                             GError             **error)
{
  g_autofree OnairWitnessAnchor *new_head = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  new_head = g_task_propagate_pointer (G_TASK (result), error);
  if (new_head == NULL)
    return FALSE;

  if (head != NULL)
    *head = *new_head;
  return TRUE;
}

/* Verification */

static void
snapshot (OnairWitness *self,
          guint64      *size,
          guint64      *torn_bytes,
          gboolean     *can_record)
{
  g_mutex_lock (&self->mutex);
  *size = self->size;
  *torn_bytes = self->torn_bytes;
  *can_record = !self->read_only && !self->closed;
  g_mutex_unlock (&self->mutex);
}

/* Records a chain_verified event with the real result (writable chains only), unless the last
 * entry already records one: nothing but that record came since, so it is the same head. */
static void
record_verification (OnairWitness                   *self,
                     const OnairWitnessVerification *v)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;

  if (v->valid)
    result = onair_witness_result_new (TRUE);
  else
    {
      result = onair_witness_result_new_failure ("broken", v->reason);
      json_object_set_int_member (result, "broken_at", v->broken_at);
    }
  json_object_set_int_member (result, "total_events", (gint64) v->total_events);
  if (v->last_hash != NULL)
    json_object_set_string_member (result, "last_hash", v->last_hash);

  event = onair_witness_event_new ("chain_verified", NULL, NULL, g_steal_pointer (&result));
  if (!append_internal (self, event, NULL, "chain_verified", NULL, &error))
    g_warning ("Could not record the verification: %s", error->message);
}

static OnairWitnessVerification *
verify_internal (OnairWitness              *self,
                 const OnairWitnessAnchor  *expected_head,
                 OnairWitnessVerifyFlags    flags,
                 OnairWitnessProgress      *progress,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  OnairWitnessVerification *v;
  guint64 size, torn_bytes;
  gboolean can_record;

  snapshot (self, &size, &torn_bytes, &can_record);

  /* A torn tail is still there only in read-only opens; it is verified as any other. */
  v = onair_witness_verify_chain_fd (self->read_fd, size + torn_bytes, flags, expected_head,
                                     progress, cancellable, error);
  if (v != NULL && can_record && (flags & ONAIR_WITNESS_VERIFY_RECORD))
    record_verification (self, v);

  return v;
}

/**
 * onair_witness_verify:
 * @self: a chain
 * @expected_head: (nullable): report %ONAIR_WITNESS_FAULT_TRUNCATED if the chain ends before it
 * @flags: %ONAIR_WITNESS_VERIFY_RECORD when a person asked for the verification
 *
 * Verifies the chain as it is now, blocking; see onair_witness_verify_async().
 *
 * Returns: (transfer full): the result, or %NULL with @error set when the file cannot be read
 */
OnairWitnessVerification *
onair_witness_verify (OnairWitness              *self,
                      const OnairWitnessAnchor  *expected_head,
                      OnairWitnessVerifyFlags    flags,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), NULL);

  return verify_internal (self, expected_head, flags, NULL, cancellable, error);
}

typedef struct {
  OnairWitnessAnchor   *expected_head;
  OnairWitnessVerifyFlags flags;
  OnairWitnessProgress *progress;
  GFile                *destination;
  OnairWitnessFilter   *filter;
  GBytes               *signing_key;
  guint64               n_events;
} OperationData;

static void
operation_data_free (OperationData *data)
{
  g_free (data->expected_head);
  onair_witness_progress_unref (data->progress);
  g_clear_object (&data->destination);
  g_clear_pointer (&data->filter, onair_witness_filter_free);
  g_clear_pointer (&data->signing_key, g_bytes_unref);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OperationData *data = task_data;
  GError *error = NULL;
  OnairWitnessVerification *v;

  v = verify_internal (source_object, data->expected_head, data->flags, data->progress,
                       cancellable, &error);
  if (v == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, v, (GDestroyNotify) onair_witness_verification_free);
}

/**
 * onair_witness_verify_async:
 * @self: a chain
 * @expected_head: (nullable): report a truncated chain if it ends before this head
 * @flags: %ONAIR_WITNESS_VERIFY_RECORD when a person asked for the verification (the viewer's
 *   Verify button), %ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL to leave out a torn tail (read-only
 *   opens; writable ones have set it aside)
 * @progress: (nullable) (scope notified): called in the caller's main context
 * @progress_data: data for @progress
 * @progress_destroy: (nullable): frees @progress_data once no more calls will come
 *
 * Verifies the chain in a worker thread, as it was when called (later appends are not
 * included). With %ONAIR_WITNESS_VERIFY_RECORD, on a writable chain, the result is recorded as
 * a `chain_verified` event, unless the chain's last entry is one already (the same head,
 * verified again).
 */
void
onair_witness_verify_async (OnairWitness             *self,
                            const OnairWitnessAnchor *expected_head,
                            OnairWitnessVerifyFlags   flags,
                            OnairWitnessProgressFunc  progress,
                            gpointer                  progress_data,
                            GDestroyNotify            progress_destroy,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  OperationData *data;

  g_return_if_fail (ONAIR_IS_WITNESS (self));

  data = g_new0 (OperationData, 1);
  data->expected_head = expected_head != NULL ? onair_witness_anchor_copy (expected_head) : NULL;
  data->flags = flags;
  data->progress = onair_witness_progress_new (progress, progress_data, progress_destroy, context);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_verify_async);
  g_task_set_task_data (task, data, (GDestroyNotify) operation_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * onair_witness_verify_finish:
 *
 * Returns: (transfer full): the result; %NULL with @error set only if the chain could not be
 *   read (an invalid chain is a result with valid = %FALSE)
 */
OnairWitnessVerification *
onair_witness_verify_finish (OnairWitness  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Export */

static gboolean
export_internal (OnairWitness              *self,
                 GFile                     *destination,
                 const OnairWitnessFilter  *filter,
                 GBytes                    *signing_key,
                 OnairWitnessProgress      *progress,
                 guint64                   *n_events,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  g_autofree char *public_key = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OnairWitnessVerification) check = onair_witness_verification_new ();
  guint64 size, torn_bytes, count = 0;
  gboolean can_record, ok;

  /* A torn tail (read-only opens) is not part of the chain, so not of its export. */
  snapshot (self, &size, &torn_bytes, &can_record);

  ok = onair_witness_write_export (self->read_fd, size, filter, signing_key, destination,
                                   progress, &count, &public_key, check, cancellable,
                                   &local_error);

  /* A person asked for the export, and it verified the whole chain: that is recorded. */
  if (can_record && ok)
    record_verification (self, check);

  if (can_record)
    {
      g_autoptr(JsonObject) params = json_object_new ();
      g_autoptr(JsonObject) result = NULL;
      g_autoptr(JsonObject) event = NULL;
      g_autoptr(GError) record_error = NULL;
      g_autofree char *name = g_file_get_basename (destination);
      gboolean complete = filter == NULL || onair_witness_filter_is_empty (filter);

      json_object_set_string_member (params, "file", name);
      json_object_set_boolean_member (params, "complete", complete);
      if (filter != NULL && filter->event_type != NULL)
        json_object_set_string_member (params, "event_type", filter->event_type);

      if (ok)
        {
          g_autofree char *fingerprint = onair_witness_public_key_fingerprint (public_key);

          result = onair_witness_result_new (TRUE);
          json_object_set_int_member (result, "total_events", (gint64) count);
          json_object_set_boolean_member (result, "chain_valid", check->valid);
          json_object_set_string_member (result, "public_key", public_key);
          json_object_set_string_member (result, "public_key_fingerprint", fingerprint);
        }
      else
        {
          result = onair_witness_result_new_from_error (local_error);
        }

      event = onair_witness_event_new ("export_created", NULL, g_steal_pointer (&params),
                                       g_steal_pointer (&result));
      if (!append_internal (self, event, NULL, NULL, NULL, &record_error))
        g_warning ("Could not record the export: %s", record_error->message);
    }

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (n_events != NULL)
    *n_events = count;
  return TRUE;
}

/**
 * onair_witness_export:
 * @self: a chain
 * @destination: the export file, replaced atomically
 * @filter: (nullable): %NULL or an empty filter for a complete export
 * @signing_key: an Ed25519 private key, PKCS#8 PEM or DER, see
 *   onair_witness_generate_signing_key()
 * @n_events: (out) (optional): the number of entries exported
 *
 * Writes the signed export document of witness-format.md, blocking; see
 * onair_witness_export_async().
 *
 * Returns: %TRUE when @destination is complete on disk
 */
gboolean
onair_witness_export (OnairWitness              *self,
                      GFile                     *destination,
                      const OnairWitnessFilter  *filter,
                      GBytes                    *signing_key,
                      guint64                   *n_events,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (destination), FALSE);
  g_return_val_if_fail (signing_key != NULL, FALSE);

  return export_internal (self, destination, filter, signing_key, NULL, n_events, cancellable,
                          error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OperationData *data = task_data;
  GError *error = NULL;

  if (export_internal (source_object, data->destination, data->filter, data->signing_key,
                       data->progress, &data->n_events, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * onair_witness_export_async:
 * @self: a chain
 * @destination: the export file, replaced atomically (temporary file + rename)
 * @filter: (nullable): %NULL or an empty filter for a complete export
 * @signing_key: an Ed25519 private key, PKCS#8 PEM or DER
 * @progress: (nullable) (scope notified): called in the caller's main context
 *
 * Exports the chain as it was when called, in a worker thread, in the chain's version. A chain
 * that does not verify is still exported, with `chain_valid: false`; a line that is not JSON
 * makes the export fail. On a writable chain the verification the export made is recorded as a
 * `chain_verified` event (unless the last entry is one already) and the export (or its failure)
 * as an `export_created` event.
 */
void
onair_witness_export_async (OnairWitness             *self,
                            GFile                    *destination,
                            const OnairWitnessFilter *filter,
                            GBytes                   *signing_key,
                            OnairWitnessProgressFunc  progress,
                            gpointer                  progress_data,
                            GDestroyNotify            progress_destroy,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  OperationData *data;

  g_return_if_fail (ONAIR_IS_WITNESS (self));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (signing_key != NULL);

  data = g_new0 (OperationData, 1);
  data->destination = g_object_ref (destination);
  data->filter = filter != NULL ? onair_witness_filter_copy (filter) : NULL;
  data->signing_key = g_bytes_ref (signing_key);
  data->progress = onair_witness_progress_new (progress, progress_data, progress_destroy, context);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) operation_data_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * onair_witness_export_finish:
 * @n_events: (out) (optional): the number of entries exported
 *
 * Returns: %TRUE when the export file is complete on disk
 */
gboolean
onair_witness_export_finish (OnairWitness  *self,
                             GAsyncResult  *result,
                             guint64       *n_events,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (n_events != NULL)
    *n_events = ((OperationData *) g_task_get_task_data (G_TASK (result)))->n_events;
  return TRUE;
}

/* For tests */

/**
 * onair_witness_create_with_id:
 *
 * Creates a chain with a given id and creation time and no chain_created entry, so that a
 * known chain (the test vectors) can be rebuilt. Fails if @path exists.
 */
OnairWitness *
onair_witness_create_with_id (const char  *path,
                              const char  *chain_id,
                              const char  *created,
                              GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO, "%s exists", path);
      return NULL;
    }

  return open_internal (path, NULL, ONAIR_WITNESS_OPEN_CREATE, chain_id, created, context,
                        g_thread_self (), NULL, error);
}

/**
 * onair_witness_append_at:
 *
 * Appends with a given witness_timestamp, to rebuild known chains in tests.
 */
gboolean
onair_witness_append_at (OnairWitness        *self,
                         JsonObject          *event,
                         const char          *witness_timestamp,
                         OnairWitnessAnchor  *head,
                         GError             **error)
{
  return append_internal (self, event, witness_timestamp, NULL, head, error);
}

void
onair_witness_set_split_writes_for_testing (gboolean split)
{
  split_writes_for_testing = split;
}
