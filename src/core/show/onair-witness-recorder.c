/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-witness-recorder.h"
#include "onair-witness-recorder-private.h"

/* Appends events to the witness chain in the order they happen, keeps the chain's head in the
 * keyring so a chain cut short is noticed at the next start, and turns the controller's and
 * the connection's events into witness events. Events that arrive before the chain is open
 * wait in memory. */

struct _OnairWitnessRecorder
{
  GObject               parent_instance;

  OnairSecretStore     *secrets;
  char                 *path;
  OnairWitness         *witness;
  GError               *error;
  GCancellable         *cancellable;

  GQueue                queue;          /* JsonObject*, events not yet appended */
  gboolean              appending;
  gboolean              head_dirty;
  gboolean              storing_head;
  OnairWitnessAnchor    head;

  OnairController      *controller;
  OnairPoller          *poller;
  OnairConnectionState  connection;
};

G_DEFINE_FINAL_TYPE (OnairWitnessRecorder, onair_witness_recorder, G_TYPE_OBJECT)

enum {
  APPENDED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JsonNode *copy_node (JsonNode *node);

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, copy_node (member));
  return copy;
}

/* A deep copy: redaction changes the event in place, never the caller's objects. */
static JsonNode *
copy_node (JsonNode *node)
{
  /* json_node_init_object () and _array () take references of their own. */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) copy = copy_object (json_node_get_object (node));

      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, copy_node (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  return json_node_copy (node);
}

static void store_head (OnairWitnessRecorder *self);
static void append_next (OnairWitnessRecorder *self);

static void
head_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OnairWitnessRecorder) self = user_data;
  g_autoptr(GError) error = NULL;

  self->storing_head = FALSE;
  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The witness chain's head could not be kept in the keyring: %s",
                   error->message);
      return;
    }
  if (self->head_dirty)
    store_head (self);
}

static void
store_head (OnairWitnessRecorder *self)
{
  g_autofree char *text = NULL;

  if (self->storing_head)
    {
      self->head_dirty = TRUE;
      return;
    }
  self->head_dirty = FALSE;
  self->storing_head = TRUE;
  text = onair_witness_anchor_to_string (&self->head);
  onair_secret_store_store_async (self->secrets, ONAIR_SECRET_KIND_WITNESS_HEAD, self->path,
                                  _("Onair witness chain head"), text, self->cancellable,
                                  head_stored_cb, g_object_ref (self));
}

static void
appended_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnairWitnessRecorder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) event = NULL;

  self->appending = FALSE;
  if (!onair_witness_append_finish (ONAIR_WITNESS (object), result, &self->head, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The event stays first in the queue: nothing is dropped silently. */
      g_warning ("A witness event could not be written: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_signal_emit (self, signals[FAILED], 0, error);

      /* Except an event the chain can never hold (larger or deeper than a line may be): kept,
       * it would stop every event after it. It is given up, loudly, as said above. */
      if (g_error_matches (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TOO_LARGE) ||
          g_error_matches (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID))
        {
          g_autoptr(JsonObject) refused = g_queue_pop_head (&self->queue);

          append_next (self);
        }
      return;
    }

  event = g_queue_pop_head (&self->queue);
  g_signal_emit (self, signals[APPENDED], 0, json_object_get_string_member (event, "event_type"));
  append_next (self);
}

static void
append_next (OnairWitnessRecorder *self)
{
  JsonObject *event;

  if (self->appending || self->witness == NULL || g_queue_is_empty (&self->queue))
    return;
  event = g_queue_peek_head (&self->queue);
  self->appending = TRUE;
  onair_witness_append_async (self->witness, event, self->cancellable, appended_cb,
                              g_object_ref (self));
}

static void
onair_witness_recorder_dispose (GObject *object)
{
  OnairWitnessRecorder *self = ONAIR_WITNESS_RECORDER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  if (self->witness != NULL)
    onair_witness_close (self->witness);
  g_clear_object (&self->witness);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (onair_witness_recorder_parent_class)->dispose (object);
}

static void
onair_witness_recorder_finalize (GObject *object)
{
  OnairWitnessRecorder *self = ONAIR_WITNESS_RECORDER (object);

  g_queue_clear_full (&self->queue, (GDestroyNotify) json_object_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (onair_witness_recorder_parent_class)->finalize (object);
}

static void
onair_witness_recorder_class_init (OnairWitnessRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_witness_recorder_dispose;
  object_class->finalize = onair_witness_recorder_finalize;

  /**
   * OnairWitnessRecorder::appended:
   * @event_type: the event written (fsync'ed) to the chain
   */
  signals[APPENDED] =
    g_signal_new ("appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OnairWitnessRecorder::failed:
   * @error: why the chain could not be opened or written
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
onair_witness_recorder_init (OnairWitnessRecorder *self)
{
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
  self->head.seq = -1;
}

/**
 * onair_witness_recorder_new:
 * @secrets: (nullable): the keyring, for the chain's head and the signing key
 * @path: (nullable): the chain file, %NULL for the default under $XDG_DATA_HOME
 *
 * Returns: (transfer full): a recorder; events recorded before it is open are kept
 */
OnairWitnessRecorder *
onair_witness_recorder_new (OnairSecretStore *secrets,
                            const char       *path)
{
  OnairWitnessRecorder *self = g_object_new (ONAIR_TYPE_WITNESS_RECORDER, NULL);

  self->secrets = secrets ? g_object_ref (secrets) : NULL;
  self->path = path ? g_strdup (path) : onair_witness_dup_default_path ();
  return self;
}

/* Every new head reaches the keyring, whoever appended: the recorder, or the chain itself
 * (chain_verified, export_created). */
static void
head_changed_cb (OnairWitnessRecorder *self)
{
  if (!onair_witness_get_head (self->witness, &self->head))
    return;
  if (self->secrets != NULL)
    store_head (self);
}

static void
witness_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairWitnessRecorder *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->witness = onair_witness_open_finish (result, &error);
  if (self->witness == NULL)
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_signal_emit (self, signals[FAILED], 0, error);
      g_task_return_error (task, error);
      return;
    }
  onair_witness_get_head (self->witness, &self->head);
  g_signal_connect_object (self->witness, "notify::head-seq", G_CALLBACK (head_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->secrets != NULL)
    store_head (self);
  append_next (self);
  g_task_return_boolean (task, TRUE);
}

static void
head_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairWitnessRecorder *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  OnairWitnessAnchor anchor;
  gboolean have_anchor = FALSE;
  char *text;

  text = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    g_warning ("The witness chain's head could not be read from the keyring, so a chain cut "
               "short cannot be noticed: %s", error->message);
  if (text != NULL)
    have_anchor = onair_witness_anchor_parse (text, &anchor);
  onair_secret_free (text);

  onair_witness_open_async (self->path, have_anchor ? &anchor : NULL, ONAIR_WITNESS_OPEN_CREATE,
                            g_task_get_cancellable (task), witness_opened_cb,
                            g_object_ref (task));
}

/**
 * onair_witness_recorder_open_async:
 *
 * Reads the head kept in the keyring, opens (or creates) the chain and checks it is not
 * shorter than that head, then appends the events waiting.
 */
void
onair_witness_recorder_open_async (OnairWitnessRecorder *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_recorder_open_async);

  if (self->secrets != NULL)
    onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_WITNESS_HEAD, self->path,
                                     cancellable, head_lookup_cb, g_steal_pointer (&task));
  else
    onair_witness_open_async (self->path, NULL, ONAIR_WITNESS_OPEN_CREATE, cancellable,
                              witness_opened_cb, g_steal_pointer (&task));
}

gboolean
onair_witness_recorder_open_finish (OnairWitnessRecorder  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * onair_witness_recorder_get_witness:
 *
 * Returns: (transfer none) (nullable): the open chain
 */
OnairWitness *
onair_witness_recorder_get_witness (OnairWitnessRecorder *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), NULL);
  return self->witness;
}

/**
 * onair_witness_recorder_get_error:
 *
 * Returns: (transfer none) (nullable): why the chain could not be opened or written
 */
const GError *
onair_witness_recorder_get_error (OnairWitnessRecorder *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), NULL);
  return self->error;
}

const char *
onair_witness_recorder_get_path (OnairWitnessRecorder *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), NULL);
  return self->path;
}

/**
 * onair_witness_recorder_get_n_pending:
 *
 * Returns: events recorded but not yet written to the chain
 */
guint
onair_witness_recorder_get_n_pending (OnairWitnessRecorder *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), 0);
  return g_queue_get_length (&self->queue);
}

/**
 * onair_witness_recorder_record:
 * @event_type: e.g. "stream_started"
 * @requested: (nullable): when the operation was asked for, %NULL for an event that happens as
 *   it is recorded: its timestamp is then the time it is written to the chain
 * @params: what was asked (copied, then redacted)
 * @result: (nullable): what happened, %NULL for success
 *
 * Queues one event; events are appended in the order they are recorded.
 */
void
onair_witness_recorder_record (OnairWitnessRecorder *self,
                               const char           *event_type,
                               GDateTime            *requested,
                               JsonObject           *params,
                               JsonObject           *result)
{
  JsonObject *event;

  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));
  g_return_if_fail (event_type != NULL);

  event = onair_witness_event_new (event_type, requested,
                                   params ? copy_object (params) : NULL,
                                   result ? copy_object (result) : NULL);
  /* Something that happens as it is recorded gets its time as it is appended: an event
   * queued while the chain opens (app_started) would otherwise be older than chain_created
   * written before it. The chain then keeps every time in order (onair_witness_append()). */
  if (requested == NULL)
    json_object_remove_member (event, "timestamp");
  g_queue_push_tail (&self->queue, event);
  append_next (self);
}

static void
operation_finished_cb (OnairWitnessRecorder *self,
                       const char           *event_type,
                       JsonObject           *params,
                       JsonObject           *result,
                       GDateTime            *requested,
                       OnairController      *controller)
{
  onair_witness_recorder_record (self, event_type, requested, params, result);
}

/*
 * onair_witness_recorder_record_connection:
 * @poller: the host's poller
 * @state: its new connection state
 * @previous: the state before
 * @host_id: (nullable): the host's id, added with @host_name as the event's `params.host`
 * @host_name: (nullable): the host's name
 *
 * Records a connection established or lost; other changes record nothing.
 */
void
onair_witness_recorder_record_connection (OnairWitnessRecorder *self,
                                          OnairPoller          *poller,
                                          OnairConnectionState  state,
                                          OnairConnectionState  previous,
                                          const char           *host_id,
                                          const char           *host_name)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *address = onair_vmix_client_dup_base_uri (onair_poller_get_client (poller));
  OnairVmixState *vmix = onair_poller_get_state (poller);

  json_object_set_string_member (params, "vmix", address);
  if (host_id != NULL)
    {
      JsonObject *host = json_object_new ();

      json_object_set_string_member (host, "id", host_id);
      json_object_set_string_member (host, "name", host_name ? host_name : host_id);
      json_object_set_object_member (params, "host", host);
    }

  if (state == ONAIR_CONNECTION_CONNECTED &&
      (previous == ONAIR_CONNECTION_CONNECTING || previous == ONAIR_CONNECTION_LOST ||
       previous == ONAIR_CONNECTION_DISCONNECTED))
    {
      if (vmix != NULL && onair_vmix_state_get_version (vmix) != NULL)
        json_object_set_string_member (params, "version", onair_vmix_state_get_version (vmix));
      if (vmix != NULL && onair_vmix_state_get_edition (vmix) != NULL)
        json_object_set_string_member (params, "edition", onair_vmix_state_get_edition (vmix));
      onair_witness_recorder_record (self, "connection_established", NULL, params, NULL);
    }
  else if (state == ONAIR_CONNECTION_LOST && previous != ONAIR_CONNECTION_LOST)
    {
      const GError *error = onair_poller_get_last_error (poller);
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_boolean_member (result, "success", FALSE);
      if (error != NULL)
        json_object_set_string_member (result, "message", error->message);
      onair_witness_recorder_record (self, "connection_lost", NULL, params, result);
    }
}

static void
connection_changed_cb (OnairWitnessRecorder *self,
                       GParamSpec           *pspec,
                       OnairPoller          *poller)
{
  OnairConnectionState previous = self->connection;

  self->connection = onair_poller_get_connection_state (poller);
  onair_witness_recorder_record_connection (self, poller, self->connection, previous, NULL,
                                            NULL);
}

/**
 * onair_witness_recorder_watch_controller:
 * @controller: (nullable): the controller of the current connection
 *
 * Records every operation the controller finishes (failures included), streams vMix
 * dropped, and the connection being established and lost. Replaces the previous one.
 */
void
onair_witness_recorder_watch_controller (OnairWitnessRecorder *self,
                                         OnairController      *controller)
{
  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  self->connection = ONAIR_CONNECTION_DISCONNECTED;

  if (controller == NULL)
    return;
  self->controller = g_object_ref (controller);
  self->poller = g_object_ref (onair_controller_get_poller (controller));
  self->connection = onair_poller_get_connection_state (self->poller);
  g_signal_connect_swapped (controller, "operation-finished",
                            G_CALLBACK (operation_finished_cb), self);
  g_signal_connect_swapped (self->poller, "notify::connection-state",
                            G_CALLBACK (connection_changed_cb), self);
}

static void
signing_key_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_bytes_ref (g_task_get_task_data (task)),
                           (GDestroyNotify) g_bytes_unref);
}

static void
signing_key_lookup_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairWitnessRecorder *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GBytes) key = NULL;
  char *pem;

  pem = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (pem != NULL)
    {
      key = g_bytes_new (pem, strlen (pem));
      onair_secret_free (pem);
      g_task_return_pointer (task, g_steal_pointer (&key), (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* First export: make the key and keep it in the keyring before using it. */
  key = onair_witness_generate_signing_key (&error);
  if (key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));

    g_task_set_task_data (task, g_bytes_ref (key), (GDestroyNotify) g_bytes_unref);
    onair_secret_store_store_async (self->secrets, ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY, "default",
                                    _("Onair witness export signing key"), text,
                                    g_task_get_cancellable (task), signing_key_stored_cb,
                                    g_object_ref (task));
    memset (text, 0, strlen (text));
  }
}

/**
 * onair_witness_recorder_load_signing_key_async:
 *
 * Reads the Ed25519 key that signs exports from the keyring, creating and storing it on
 * first use.
 */
void
onair_witness_recorder_load_signing_key_async (OnairWitnessRecorder *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONAIR_IS_WITNESS_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_recorder_load_signing_key_async);
  if (self->secrets == NULL)
    {
      g_task_return_new_error (task, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                               _("Exports are signed with a key kept in the keyring, and no "
                                 "keyring is available."));
      return;
    }
  onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY, "default",
                                   cancellable, signing_key_lookup_cb, g_steal_pointer (&task));
}

/**
 * onair_witness_recorder_load_signing_key_finish:
 *
 * Returns: (transfer full): the signing key (PKCS#8 PEM), or %NULL with @error set
 */
GBytes *
onair_witness_recorder_load_signing_key_finish (OnairWitnessRecorder  *self,
                                                GAsyncResult          *result,
                                                GError               **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_RECORDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
