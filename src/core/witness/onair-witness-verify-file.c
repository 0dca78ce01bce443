/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "onair-witness-private.h"

/* Verifying files, chain or export, told apart by their content; and verification in a worker
 * thread for the _async functions, of files and of open chains (onair-witness-audit.c). The
 * engines are in onair-witness-verify.c. */

static gboolean
looks_like_export (const char *line,
                   gsize       length,
                   gboolean    whole)
{
  OnairJsonScanner scanner;
  gboolean is_export;
  guint version;
  gsize i = 0;

  /* A pretty-printed export opens with a line holding just "{". */
  while (i < length && g_ascii_isspace (line[i]))
    i++;
  if (i < length && line[i] == '{')
    {
      gsize j = i + 1;

      while (j < length && g_ascii_isspace (line[j]))
        j++;
      if (j == length)
        return TRUE;
    }

  /* A first line longer than any chain line, seen only in part: an export on one line (its
   * canonical form opens with chain_created or chain_id, then the events; other layouts name
   * the format early), or a damaged chain that verify_chain_fd() reports. */
  if (!whole)
    return i < length && line[i] == '{' &&
           (g_strstr_len (line, length, "\"" ONAIR_WITNESS_EXPORT_FORMAT_V2) != NULL ||
            g_strstr_len (line, length, "\"" ONAIR_WITNESS_EXPORT_FORMAT_V1) != NULL ||
            g_strstr_len (line, length, "\"events\"") != NULL);

  onair_json_scanner_init (&scanner);
  version = onair_json_scanner_parse (&scanner, line, length) == ONAIR_JSON_OK
            ? onair_witness_export_version (&scanner,
                                            onair_json_object_get (&scanner, 0, "format"))
            : 0;
  is_export = version != 0;
  onair_json_scanner_clear (&scanner);

  return is_export;
}

/* An OnairWitnessVerifyFunc: @target is the GFile. */
static OnairWitnessVerification *
verify_file (gpointer                   target,
             const OnairWitnessAnchor  *expected_head,
             OnairWitnessVerifyFlags    flags,
             OnairWitnessProgress      *progress,
             GCancellable              *cancellable,
             GError                   **error)
{
  g_autofree char *path = g_file_get_path (target);
  OnairWitnessVerification *v = NULL;
  OnairLineReader reader;
  const char *line;
  gsize length;
  guint64 offset;
  gboolean is_export;
  OnairLineResult r;
  int fd;

  if (path == NULL)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Only local files can be verified."));
      return NULL;
    }

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      onair_witness_set_io_error (error, errno, path, _("open"));
      return NULL;
    }

  onair_line_reader_init (&reader, fd, G_MAXUINT64);
  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  if (r == ONAIR_LINE_ERROR)
    {
      onair_line_reader_clear (&reader);
      close (fd);
      return NULL;
    }
  if (r == ONAIR_LINE_END)
    {
      /* No newline at all: a one-line export without a final newline, or a broken chain. */
      line = reader.buf;
      length = reader.end;
    }
  is_export = looks_like_export (line, length, r != ONAIR_LINE_TOO_LONG);
  onair_line_reader_clear (&reader);

  if (is_export)
    {
      /* Mapped rather than read: exports of big chains run to hundreds of megabytes. */
      g_autoptr(GMappedFile) mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL);

      if (mapped != NULL)
        v = onair_witness_verify_export_data (g_mapped_file_get_contents (mapped),
                                              g_mapped_file_get_length (mapped),
                                              progress, cancellable, error);
      else
        onair_witness_set_io_error (error, errno, path, _("read"));
    }
  else
    {
      v = onair_witness_verify_chain_fd (fd, G_MAXUINT64, flags, expected_head, progress,
                                         cancellable, error);
    }

  close (fd);
  return v;
}

/**
 * onair_witness_verify_file:
 * @file: a chain file or an export document
 * @expected_head: (nullable): for chains, report one that ends before this head as truncated
 *
 * Verifies a chain (from genesis) or an export (signature, and entries as a chain when
 * complete, one by one when filtered), of either version, telling them apart by content. A
 * chain with a torn tail is not valid (see onair_witness_verify_file_full()). Blocks.
 *
 * Returns: (transfer full): the result; %NULL with @error set only if the file cannot be read
 */
OnairWitnessVerification *
onair_witness_verify_file (GFile                     *file,
                           const OnairWitnessAnchor  *expected_head,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return verify_file (file, expected_head, ONAIR_WITNESS_VERIFY_NONE, NULL, cancellable, error);
}

/**
 * onair_witness_verify_file_full:
 * @file: a chain file or an export document
 * @expected_head: (nullable): for chains, report one that ends before this head as truncated
 * @flags: %ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL to verify a chain with a torn tail of at most
 *   %ONAIR_WITNESS_MAX_LINE bytes (still counted in torn_bytes) rather than report it
 *
 * onair_witness_verify_file() with flags.
 *
 * Returns: (transfer full): the result; %NULL with @error set only if the file cannot be read
 */
OnairWitnessVerification *
onair_witness_verify_file_full (GFile                     *file,
                                const OnairWitnessAnchor  *expected_head,
                                OnairWitnessVerifyFlags    flags,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return verify_file (file, expected_head, flags, NULL, cancellable, error);
}

/* Verification in a worker, for the _async functions */

typedef struct {
  OnairWitnessVerifyFunc   verify;
  GObject                 *target;
  OnairWitnessAnchor      *expected_head;
  OnairWitnessVerifyFlags  flags;
  OnairWitnessProgress    *progress;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_clear_object (&data->target);
  g_free (data->expected_head);
  onair_witness_progress_unref (data->progress);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  GError *error = NULL;
  OnairWitnessVerification *v;

  v = data->verify (data->target, data->expected_head, data->flags, data->progress,
                    cancellable, &error);
  if (v == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, v, (GDestroyNotify) onair_witness_verification_free);
}

/**
 * onair_witness_verify_in_thread:
 * @task: the task of an _async function, its source tag set
 * @verify: what verifies @target
 * @target: a chain or a file, kept until the verification is done
 * @progress: (nullable) (scope notified): called in the caller's main context
 *
 * Runs @verify in a worker thread; @task returns its OnairWitnessVerification, or its error.
 */
void
onair_witness_verify_in_thread (GTask                    *task,
                                OnairWitnessVerifyFunc    verify,
                                gpointer                  target,
                                const OnairWitnessAnchor *expected_head,
                                OnairWitnessVerifyFlags   flags,
                                OnairWitnessProgressFunc  progress,
                                gpointer                  progress_data,
                                GDestroyNotify            progress_destroy)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  VerifyData *data = g_new0 (VerifyData, 1);

  data->verify = verify;
  data->target = g_object_ref (target);
  data->expected_head = expected_head != NULL ? onair_witness_anchor_copy (expected_head) : NULL;
  data->flags = flags;
  data->progress = onair_witness_progress_new (progress, progress_data, progress_destroy, context);

  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * onair_witness_verify_file_async:
 * @progress: (nullable) (scope notified): called in the caller's main context
 *
 * onair_witness_verify_file() in a worker thread.
 */
void
onair_witness_verify_file_async (GFile                    *file,
                                 const OnairWitnessAnchor *expected_head,
                                 OnairWitnessProgressFunc  progress,
                                 gpointer                  progress_data,
                                 GDestroyNotify            progress_destroy,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_verify_file_async);
  onair_witness_verify_in_thread (task, verify_file, file, expected_head,
                                  ONAIR_WITNESS_VERIFY_NONE, progress, progress_data,
                                  progress_destroy);
}

/**
 * onair_witness_verify_file_finish:
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
OnairWitnessVerification *
onair_witness_verify_file_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
