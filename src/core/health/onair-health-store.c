/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-health-history-private.h"
#include "onair-health-store-private.h"

/* The health history kept on disk, so that the show survives a restart: every sample and
 * event the history receives is queued and appended to this run's file every few seconds
 * by a worker thread (onair-health-store-file.c says how), and the files of earlier runs,
 * back to the retention's days, are read in a worker and merged into the history at
 * startup. The main thread only copies a sample into a queue. */

#define DAY_MS G_GINT64_CONSTANT (86400000)

struct _OnairHealthStore
{
  GObject             parent_instance;

  OnairHealthHistory *history;
  char               *directory;
  char               *run_id;
  guint               retention_days;
  guint               flush_interval_ms;
  HealthWriter       *writer;
  Batch              *pending;
  guint               flush_id;
  GCancellable       *load_cancellable;
  gboolean            loaded;
  gboolean            warned;
};

G_DEFINE_FINAL_TYPE (OnairHealthStore, onair_health_store, G_TYPE_OBJECT)

static GQuark
store_of_history_quark (void)
{
  return g_quark_from_static_string ("onair-health-store");
}

typedef struct
{
  HealthWriter *writer;
  Batch        *batch;
  guint64       ticket;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  onair_health_writer_unref (job->writer);
  onair_health_batch_free (job->batch);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  GError *error = NULL;

  if (onair_health_writer_write (job->writer, job->ticket, job->batch, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Hands what is pending to a worker; batches reach the disk in the order taken. */
static void
start_write (OnairHealthStore    *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WriteJob *job = g_new0 (WriteJob, 1);

  g_task_set_source_tag (task, onair_health_store_flush_async);
  job->writer = onair_health_writer_ref (self->writer);
  job->batch = g_steal_pointer (&self->pending);
  job->ticket = onair_health_writer_issue_ticket (self->writer);
  self->pending = onair_health_batch_new ();
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_thread);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OnairHealthStore *self = ONAIR_HEALTH_STORE (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && !self->warned)
    {
      /* Once: a full disk would say it every few seconds. The show goes on in memory. */
      g_warning ("%s", error->message);
      self->warned = TRUE;
    }
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  OnairHealthStore *self = user_data;

  self->flush_id = 0;
  if (!onair_health_batch_is_empty (self->pending))
    start_write (self, NULL, written_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (OnairHealthStore *self)
{
  if (self->flush_id != 0)
    return;
  self->flush_id = g_timeout_add (self->flush_interval_ms, flush_timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_id),
                            "[onair] health store flush");
}

static void
appended_cb (OnairHealthHistory *history,
             const char         *metric,
             gint64              timestamp_ms,
             double              value,
             OnairHealthStore   *self)
{
  PendingSample sample = { g_intern_string (metric), timestamp_ms, value };
  guint8 kind = 0;

  g_array_append_val (self->pending->samples, sample);
  g_array_append_val (self->pending->order, kind);
  schedule_flush (self);
}

static void
event_added_cb (OnairHealthHistory     *history,
                const OnairHealthEvent *event,
                OnairHealthStore       *self)
{
  OnairHealthEvent copy;
  guint8 kind = 1;

  onair_health_event_copy_into (&copy, event);
  g_array_append_val (self->pending->events, copy);
  g_array_append_val (self->pending->order, kind);
  schedule_flush (self);
}

/**
 * onair_health_store_detach:
 *
 * Stops keeping the history: what is pending is still written (by a worker), a load in
 * progress merges nothing, and nothing the history receives from now on is written.
 */
void
onair_health_store_detach (OnairHealthStore *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_STORE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->history != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->history, self);
      if (g_object_get_qdata (G_OBJECT (self->history), store_of_history_quark ()) == self)
        g_object_set_qdata (G_OBJECT (self->history), store_of_history_quark (), NULL);
    }
  /* The last samples still go to disk, in a worker that keeps what it needs. */
  if (!onair_health_batch_is_empty (self->pending))
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
      WriteJob *job = g_new0 (WriteJob, 1);

      job->writer = onair_health_writer_ref (self->writer);
      job->batch = g_steal_pointer (&self->pending);
      job->ticket = onair_health_writer_issue_ticket (self->writer);
      self->pending = onair_health_batch_new ();
      g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
      g_task_run_in_thread (task, write_thread);
    }
  g_clear_object (&self->history);
}

static void
onair_health_store_dispose (GObject *object)
{
  onair_health_store_detach (ONAIR_HEALTH_STORE (object));

  G_OBJECT_CLASS (onair_health_store_parent_class)->dispose (object);
}

static void
onair_health_store_finalize (GObject *object)
{
  OnairHealthStore *self = ONAIR_HEALTH_STORE (object);

  g_clear_pointer (&self->pending, onair_health_batch_free);
  g_clear_pointer (&self->writer, onair_health_writer_unref);
  g_clear_object (&self->load_cancellable);
  g_free (self->directory);
  g_free (self->run_id);

  G_OBJECT_CLASS (onair_health_store_parent_class)->finalize (object);
}

static void
onair_health_store_class_init (OnairHealthStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_health_store_dispose;
  object_class->finalize = onair_health_store_finalize;
}

static void
onair_health_store_init (OnairHealthStore *self)
{
  self->flush_interval_ms = ONAIR_HEALTH_STORE_FLUSH_INTERVAL_MS;
  self->retention_days = ONAIR_HEALTH_STORE_DEFAULT_DAYS;
  self->pending = onair_health_batch_new ();
  self->load_cancellable = g_cancellable_new ();
}

/**
 * onair_health_store_new:
 * @history: the history to keep; from now on, everything it receives is written
 * @directory: the host's folder, e.g. from onair_health_store_dup_default_directory()
 * @retention_days: days of history kept on disk (at least 1)
 *
 * Files are written only once something arrives; earlier runs are read with
 * onair_health_store_load_async().
 *
 * Returns: (transfer full): the store
 */
OnairHealthStore *
onair_health_store_new (OnairHealthHistory *history,
                        const char         *directory,
                        guint               retention_days)
{
  OnairHealthStore *self;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (history), NULL);
  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (ONAIR_TYPE_HEALTH_STORE, NULL);
  self->history = g_object_ref (history);
  self->directory = g_strdup (directory);
  self->retention_days = MAX (retention_days, 1);
  self->run_id = onair_health_store_new_run_id ();
  self->writer = onair_health_writer_new (directory, self->run_id, self->retention_days);
  g_signal_connect (history, "appended", G_CALLBACK (appended_cb), self);
  g_signal_connect (history, "event-added", G_CALLBACK (event_added_cb), self);
  g_object_set_qdata (G_OBJECT (history), store_of_history_quark (), self);
  return self;
}

/**
 * onair_health_store_dup_default_directory:
 * @host_id: the host's id; characters a folder name should not hold become '_'
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/onair/health/<host-id>`
 */
char *
onair_health_store_dup_default_directory (const char *host_id)
{
  g_autofree char *name = g_strdup (host_id != NULL && *host_id != '\0' ? host_id : "default");

  for (char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '_';
  return g_build_filename (g_get_user_data_dir (), "onair", "health", name, NULL);
}

/**
 * onair_health_store_find:
 *
 * Returns: (transfer none) (nullable): the store keeping @history on disk
 */
OnairHealthStore *
onair_health_store_find (OnairHealthHistory *history)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (history), NULL);
  return g_object_get_qdata (G_OBJECT (history), store_of_history_quark ());
}

OnairHealthHistory *
onair_health_store_get_history (OnairHealthStore *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_STORE (self), NULL);
  return self->history;
}

const char *
onair_health_store_get_directory (OnairHealthStore *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_STORE (self), NULL);
  return self->directory;
}

/**
 * onair_health_store_set_retention_days:
 *
 * Files of older days are deleted when the next day's file starts, and at the next load.
 */
void
onair_health_store_set_retention_days (OnairHealthStore *self,
                                       guint             days)
{
  g_return_if_fail (ONAIR_IS_HEALTH_STORE (self));

  self->retention_days = MAX (days, 1);
  onair_health_writer_set_retention_days (self->writer, self->retention_days);
}

guint
onair_health_store_get_retention_days (OnairHealthStore *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_STORE (self), 0);
  return self->retention_days;
}

/**
 * onair_health_store_set_flush_interval_ms:
 * @interval_ms: how long samples wait in memory before a write (from the next one)
 */
void
onair_health_store_set_flush_interval_ms (OnairHealthStore *self,
                                          guint             interval_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_STORE (self));
  self->flush_interval_ms = MAX (interval_ms, 1);
}

/**
 * onair_health_store_get_bytes_written:
 *
 * Returns: the bytes this run appended to disk so far
 */
guint64
onair_health_store_get_bytes_written (OnairHealthStore *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_STORE (self), 0);
  return onair_health_writer_get_bytes_written (self->writer);
}

/**
 * onair_health_store_get_loaded:
 *
 * Returns: whether the earlier runs were read back and merged
 */
gboolean
onair_health_store_get_loaded (OnairHealthStore *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_STORE (self), FALSE);
  return self->loaded;
}

/**
 * onair_health_store_flush_async:
 *
 * Writes what is pending now; completes once it and everything taken before is on disk.
 */
void
onair_health_store_flush_async (OnairHealthStore    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_HEALTH_STORE (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  start_write (self, cancellable, callback, user_data);
}

gboolean
onair_health_store_flush_finish (OnairHealthStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char   *directory;
  char   *run_id;
  guint   retention_days;
  guint   capacity;
  gint64  now_ms;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->directory);
  g_free (job->run_id);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  OnairHealthHistory *older;
  GError *error = NULL;

  onair_health_store_prune (job->directory, job->retention_days, job->now_ms, job->run_id);
  older = onair_health_store_read (job->directory, job->run_id, job->capacity,
                                   job->now_ms - (gint64) job->retention_days * DAY_MS,
                                   cancellable, &error);
  if (older == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, older, g_object_unref);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OnairHealthStore *self = ONAIR_HEALTH_STORE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(OnairHealthHistory) older = NULL;
  GError *error = NULL;

  older = g_task_propagate_pointer (G_TASK (result), &error);
  if (older == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->history == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The history is no longer kept");
      return;
    }
  /* The main thread joins them: the history is not shared with workers. */
  onair_health_history_merge_older (self->history, older);
  self->loaded = TRUE;
  g_task_return_boolean (task, TRUE);
}

/**
 * onair_health_store_load_async:
 *
 * Deletes files older than the retention, reads the earlier runs' files in a worker, and
 * merges them into the history (onair_health_history_merge_older()). A run that ended
 * while something was on air (a crash, vMix going on) ends its lanes as unknown at its
 * last record.
 */
void
onair_health_store_load_async (OnairHealthStore    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) read = NULL;
  LoadJob *job;

  g_return_if_fail (ONAIR_IS_HEALTH_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_health_store_load_async);
  if (self->history == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The history is no longer kept");
      g_object_unref (task);
      return;
    }
  read = g_task_new (self, self->load_cancellable, read_cb, task);
  job = g_new0 (LoadJob, 1);
  job->directory = g_strdup (self->directory);
  job->run_id = g_strdup (self->run_id);
  job->retention_days = self->retention_days;
  job->capacity = onair_health_history_get_capacity (self->history);
  job->now_ms = g_get_real_time () / 1000;
  g_task_set_task_data (read, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (read, load_thread);
}

gboolean
onair_health_store_load_finish (OnairHealthStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
