/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-witness-chain-private.h"

/* What an auditor asks of an open chain, in worker threads: verification and export. On a
 * writable chain both are recorded in it (chain_verified, export_created). The engines are
 * onair-witness-verify.c and onair-witness-export.c. */

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
  if (!onair_witness_append_internal (self, event, NULL, "chain_verified", NULL, &error))
    g_warning ("Could not record the verification: %s", error->message);
}

/* An OnairWitnessVerifyFunc: @target is the chain. */
static OnairWitnessVerification *
verify_internal (gpointer                   target,
                 const OnairWitnessAnchor  *expected_head,
                 OnairWitnessVerifyFlags    flags,
                 OnairWitnessProgress      *progress,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  OnairWitness *self = target;
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

  g_return_if_fail (ONAIR_IS_WITNESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_verify_async);
  onair_witness_verify_in_thread (task, verify_internal, self, expected_head, flags,
                                  progress, progress_data, progress_destroy);
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

typedef struct {
  GFile                *destination;
  OnairWitnessFilter   *filter;
  GBytes               *signing_key;
  OnairWitnessProgress *progress;
  guint64               n_events;
} ExportData;

static void
export_data_free (ExportData *data)
{
  onair_witness_progress_unref (data->progress);
  g_clear_object (&data->destination);
  g_clear_pointer (&data->filter, onair_witness_filter_free);
  g_clear_pointer (&data->signing_key, g_bytes_unref);
  g_free (data);
}

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
      if (!onair_witness_append_internal (self, event, NULL, NULL, NULL, &record_error))
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
  ExportData *data = task_data;
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
  ExportData *data;

  g_return_if_fail (ONAIR_IS_WITNESS (self));
  g_return_if_fail (G_IS_FILE (destination));
  g_return_if_fail (signing_key != NULL);

  data = g_new0 (ExportData, 1);
  data->destination = g_object_ref (destination);
  data->filter = filter != NULL ? onair_witness_filter_copy (filter) : NULL;
  data->signing_key = g_bytes_ref (signing_key);
  data->progress = onair_witness_progress_new (progress, progress_data, progress_destroy, context);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
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
    *n_events = ((ExportData *) g_task_get_task_data (G_TASK (result)))->n_events;
  return TRUE;
}
