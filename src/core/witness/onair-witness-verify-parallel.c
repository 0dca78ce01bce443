/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "onair-witness-private.h"

/*
 * Verification of a chain on every core. Entries hash independently; only the previous_hash
 * links and the seq numbers are sequential. The entries after the header are cut into chunks
 * at line boundaries; each chunk is checked on its own by whichever thread takes it: every
 * line an entry whose contents match its current_hash, each linked to the one before it in
 * the chunk, the first taken as it is. What a chunk's ends hold is kept (seq and hashes), and
 * onair_witness_verify_chain_fd() links the chunks in order. A chunk that is not wholly valid
 * is not judged here at all: from its start the sequential verifier reads on, so that faults,
 * their words and broken_at are the sequential verifier's own, whatever the cores did; the
 * chunks after it are left unchecked, as that reading covers them.
 */

/* Below this much, the threads cost more than they save. */
#define PARALLEL_MIN_BYTES (512 * 1024)
#define MIN_CHUNK_BYTES    (256 * 1024)
#define CHUNKS_PER_THREAD  4
#define MAX_THREADS        16
#define CHECK_EVERY        1024

static gsize chunk_bytes_for_testing;      /* 0: chosen from the size */
static gboolean sequential_for_testing;

/**
 * onair_witness_verify_set_chunking_for_testing:
 * @chunk_bytes: chunks of about this many bytes for any file with entries, or 0 for the
 *   sizes chosen in normal use
 * @sequential: never verify in parallel
 */
void
onair_witness_verify_set_chunking_for_testing (gsize    chunk_bytes,
                                               gboolean sequential)
{
  chunk_bytes_for_testing = chunk_bytes;
  sequential_for_testing = sequential;
}

typedef struct {
  int                    fd;
  guint64                limit;       /* of the whole verification, for the last chunk */
  gint64                 anchor_seq;  /* -1 for none */
  GArray                *chunks;
  int                    next;        /* atomic: the next chunk to take */
  int                    first_bad;   /* atomic: the first chunk found not valid so far */
  int                    stop;        /* atomic: cancelled or failed */
  gsize                  done_bytes;  /* atomic */
  guint64                total;
  GCancellable          *cancellable;
  OnairWitnessProgress  *progress;
  GMutex                 lock;
  GError                *error;
} Job;

static void
job_fail (Job    *job,
          GError *error)
{
  g_mutex_lock (&job->lock);
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&job->lock);
  g_atomic_int_set (&job->stop, 1);
}

/* A chunk found not valid: the sequential verifier reads on from it, so the chunks after it
 * need not be checked here. */
static void
note_bad (Job *job,
          int  index)
{
  int bad = g_atomic_int_get (&job->first_bad);

  while (index < bad && !g_atomic_int_compare_and_exchange (&job->first_bad, bad, index))
    bad = g_atomic_int_get (&job->first_bad);
}

static gboolean
chunk_wanted (Job *job,
              int  index)
{
  return !g_atomic_int_get (&job->stop) && index <= g_atomic_int_get (&job->first_bad);
}

static void
check_chunk (Job               *job,
             int                index,
             gboolean           reports,
             OnairJsonScanner  *scanner,
             OnairWitnessChecker *checker)
{
  OnairWitnessChunk *chunk = &g_array_index (job->chunks, OnairWitnessChunk, index);
  OnairLineReader reader;
  guint64 counted = chunk->start;
  GError *error = NULL;

  onair_line_reader_init_at (&reader, job->fd, chunk->start, chunk->last ? job->limit
                                                                         : chunk->end);
  checker->adopt = TRUE;
  checker->adopted = FALSE;
  checker->have_last = FALSE;
  chunk->ok = TRUE;
  chunk->last_seq = -1;

  for (;;)
    {
      OnairWitnessFault fault = ONAIR_WITNESS_FAULT_NONE;
      OnairLineResult r;
      const char *line;
      gsize length;
      guint64 offset;
      gint64 broken_at;
      char *reason = NULL;

      r = onair_line_reader_next (&reader, &line, &length, &offset, &error);
      if (r == ONAIR_LINE_ERROR)
        {
          job_fail (job, error);
          chunk->ok = FALSE;
          break;
        }
      if (r == ONAIR_LINE_END)
        {
          chunk->tail = onair_line_reader_tail_length (&reader);
          break;
        }
      if (r == ONAIR_LINE_TOO_LONG)
        {
          chunk->ok = FALSE;
          note_bad (job, index);
          break;
        }

      chunk->n_lines++;
      if ((chunk->n_lines % CHECK_EVERY) == 0)
        {
          gsize done = (gsize) g_atomic_pointer_add (&job->done_bytes,
                                                     (gssize) (reader.consumed - counted)) +
                       (gsize) (reader.consumed - counted);

          counted = reader.consumed;
          if (!chunk_wanted (job, index))
            {
              chunk->ok = FALSE;
              break;
            }
          if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
            {
              job_fail (job, error);
              chunk->ok = FALSE;
              break;
            }
          if (reports)
            onair_witness_progress_report (job->progress, done, job->total);
        }

      if (!onair_witness_checker_check_line (checker, line, length, &fault, &broken_at,
                                             &reason, NULL))
        {
          OnairJsonStatus status = onair_json_scanner_parse (scanner, line, length);

          if (status == ONAIR_JSON_OK || status == ONAIR_JSON_ERROR_FLOAT ||
              status == ONAIR_JSON_ERROR_RANGE)
            fault = onair_witness_checker_check (checker, scanner, 0, status, &broken_at,
                                                 &reason);
          else
            fault = ONAIR_WITNESS_FAULT_NOT_JSON;
        }
      g_free (reason);
      if (fault != ONAIR_WITNESS_FAULT_NONE)
        {
          chunk->ok = FALSE;
          note_bad (job, index);
          break;
        }

      if (checker->last_seq == checker->first_seq)
        {
          memcpy (chunk->first_hash, checker->last_hash, sizeof chunk->first_hash);
          memcpy (chunk->first_prev, checker->first_prev, sizeof chunk->first_prev);
          chunk->first_seq = checker->first_seq;
        }
      if (checker->last_seq == job->anchor_seq)
        memcpy (chunk->anchor_hash, checker->last_hash, sizeof chunk->anchor_hash);
    }

  if (chunk->ok && checker->have_last)
    {
      chunk->last_seq = checker->last_seq;
      memcpy (chunk->last_hash, checker->last_hash, sizeof chunk->last_hash);
    }
  g_atomic_pointer_add (&job->done_bytes, (gssize) (reader.consumed - counted));
  onair_line_reader_clear (&reader);
}

/* What every thread runs, the calling one included (the one that reports progress): chunks
 * until none are left, or none before the first that was not valid. */
static void
take_chunks (Job      *job,
             gboolean  reports)
{
  OnairJsonScanner scanner;
  OnairWitnessChecker checker;
  int i;

  onair_json_scanner_init (&scanner);
  onair_witness_checker_init (&checker, TRUE, NULL);

  while ((i = g_atomic_int_add (&job->next, 1)) < (int) job->chunks->len && chunk_wanted (job, i))
    {
      check_chunk (job, i, reports, &scanner, &checker);
      if (reports)
        onair_witness_progress_report (job->progress,
                                       (gsize) g_atomic_pointer_get (&job->done_bytes),
                                       job->total);
    }

  onair_witness_checker_clear (&checker);
  onair_json_scanner_clear (&scanner);
}

static gpointer
run_chunks (gpointer data)
{
  take_chunks (data, FALSE);
  return NULL;
}

/* The first byte after the first newline at or after @from, or 0 if there is none within a
 * line's length. */
static guint64
line_start_after (int     fd,
                  guint64 from)
{
  char buf[4096];
  guint64 at = from;

  while (at - from <= ONAIR_WITNESS_MAX_LINE)
    {
      gssize n;
      char *nl;

      do
        n = pread (fd, buf, sizeof buf, (off_t) at);
      while (n < 0 && errno == EINTR);
      if (n <= 0)
        return 0;

      nl = memchr (buf, '\n', n);
      if (nl != NULL)
        return at + (nl - buf) + 1;
      at += n;
    }

  return 0;
}

static GArray *
plan_chunks (int      fd,
             guint64  start,
             guint64  end)
{
  GArray *chunks = g_array_new (FALSE, TRUE, sizeof (OnairWitnessChunk));
  guint threads = MIN (g_get_num_processors (), MAX_THREADS);
  guint64 span = end - start;
  guint64 size = chunk_bytes_for_testing != 0
                 ? chunk_bytes_for_testing
                 : MAX (MIN_CHUNK_BYTES, span / (threads * CHUNKS_PER_THREAD));
  guint64 at = start;

  while (at < end)
    {
      OnairWitnessChunk chunk = { 0, };
      guint64 next = at + size < end ? line_start_after (fd, at + size - 1) : 0;

      chunk.start = at;
      chunk.first_seq = -1;
      chunk.last_seq = -1;
      if (next <= at || next >= end)
        {
          chunk.end = end;
          chunk.last = TRUE;
          g_array_append_val (chunks, chunk);
          break;
        }
      chunk.end = next;
      g_array_append_val (chunks, chunk);
      at = next;
    }

  return chunks;
}

/**
 * onair_witness_verify_chunks:
 * @fd: the chain file
 * @start: the offset of the first entry (after the header's newline)
 * @end: the file's size when verification began (or the limit, if smaller)
 * @limit: what the last chunk reads up to (G_MAXUINT64 for the end of the file)
 * @anchor_seq: the seq whose hash to keep, or -1
 *
 * Returns: (transfer full) (element-type OnairWitnessChunk) (nullable): the chunks in file
 *   order, or %NULL if verification is better done in sequence here (a small file, one core),
 *   or on cancellation and I/O errors (@error set)
 */
GArray *
onair_witness_verify_chunks (int                    fd,
                             guint64                start,
                             guint64                end,
                             guint64                limit,
                             gint64                 anchor_seq,
                             OnairWitnessProgress  *progress,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Job job = { 0, };
  guint n_threads;

  if (sequential_for_testing || end <= start ||
      (chunk_bytes_for_testing == 0 &&
       (g_get_num_processors () < 2 || end - start < PARALLEL_MIN_BYTES)))
    return NULL;

  job.fd = fd;
  job.limit = limit;
  job.anchor_seq = anchor_seq;
  job.chunks = plan_chunks (fd, start, end);
  job.first_bad = G_MAXINT;
  job.total = end;
  job.done_bytes = start;
  job.cancellable = cancellable;
  job.progress = progress;
  g_mutex_init (&job.lock);

  n_threads = MIN (MIN (g_get_num_processors (), MAX_THREADS), job.chunks->len);
  for (guint t = 1; t < n_threads; t++)
    {
      GThread *thread = g_thread_try_new ("onair-verify", run_chunks, &job, NULL);

      if (thread == NULL)
        break;
      g_ptr_array_add (threads, thread);
    }

  take_chunks (&job, TRUE);

  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  g_mutex_clear (&job.lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      g_array_unref (job.chunks);
      return NULL;
    }

  return job.chunks;
}
