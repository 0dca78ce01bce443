/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "onair-witness-private.h"

/*
 * Verification of chains and exports (witness-format.md, "Verification"). This is the hot path
 * of an audit: each line is read in bounded memory, parsed by OnairJsonScanner (no json-glib
 * tree) and checked by OnairWitnessChecker (onair-witness-checker.c). Files, told apart by
 * their content, and workers are onair-witness-verify-file.c.
 */

#define CHECK_EVERY 4096

static void
set_fault (OnairWitnessVerification *v,
           OnairWitnessFault         fault,
           gint64                    broken_at,
           gint64                    broken_line,
           char                     *reason)
{
  if (!v->valid)
    {
      g_free (reason);
      return;
    }

  v->valid = FALSE;
  v->fault = fault;
  v->broken_at = broken_at;
  v->broken_line = broken_line;
  v->reason = reason;
}

/* Chains */

static gboolean
check_header (OnairJsonScanner          *scanner,
              const char                *line,
              gsize                      length,
              OnairWitnessVerification  *v,
              char                      *genesis_out)
{
  OnairWitnessHeader header;
  OnairWitnessFault fault;
  char *reason = NULL;

  fault = onair_witness_header_read (scanner, line, length, &header, &reason);
  v->format_version = header.version;
  v->chain_id = g_steal_pointer (&header.chain_id);
  memcpy (genesis_out, header.computed, sizeof header.computed);
  onair_witness_header_clear (&header);

  if (fault != ONAIR_WITNESS_FAULT_NONE)
    {
      set_fault (v, fault, fault == ONAIR_WITNESS_FAULT_NOT_JSON ? 1 : 0, 1, reason);
      return FALSE;
    }

  return TRUE;
}

static void
check_anchor (OnairWitnessVerification *v,
              const OnairWitnessAnchor *expected,
              gint64                    last_seq,
              const char               *genesis,
              const char               *hash_at_anchor)
{
  if (!v->valid)
    return;

  if (expected->seq > last_seq)
    {
      set_fault (v, ONAIR_WITNESS_FAULT_TRUNCATED, last_seq + 1, -1,
                 g_strdup_printf (_("The chain ends at entry %" G_GINT64_FORMAT " but entry "
                                    "%" G_GINT64_FORMAT " was written: entries were cut off "
                                    "its end."), last_seq, expected->seq));
      return;
    }

  if (g_strcmp0 (expected->seq < 0 ? genesis : hash_at_anchor, expected->hash) != 0)
    set_fault (v, ONAIR_WITNESS_FAULT_ANCHOR, MAX (expected->seq, 0), -1,
               g_strdup_printf (_("Entry %" G_GINT64_FORMAT " does not have the hash it had "
                                  "when it was written: the chain was rewritten."),
                                expected->seq));
}

static char *
line_too_long_reason (gint64 line_no)
{
  return g_strdup_printf (_("Line %" G_GINT64_FORMAT " is longer than %d bytes, the most a line "
                            "of a witness log may have, so it is not an entry."),
                          line_no, ONAIR_WITNESS_MAX_LINE);
}

static char *
too_deep_reason (gint64 line_no,
                 guint  max_depth)
{
  return g_strdup_printf (_("Line %" G_GINT64_FORMAT " is nested deeper than %u levels, the "
                            "most a line of a witness log may have."), line_no, max_depth);
}

/* Bytes after the last newline are covered by no hash: a rewritten last entry without its
 * newline would pass for a torn write. They are a fault unless the caller accepts them. */
static void
check_torn_tail (OnairWitnessVerification *v,
                 OnairWitnessVerifyFlags   flags,
                 gint64                    next_seq,
                 gint64                    line_no)
{
  if (v->torn_bytes == 0 || (flags & ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL))
    return;

  set_fault (v, ONAIR_WITNESS_FAULT_TORN_TAIL, next_seq, line_no,
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The file ends with a torn tail of %" G_GUINT64_FORMAT
                                           " byte after its last newline. No hash covers it: it "
                                           "may be a write cut short by a crash, or a last entry "
                                           "rewritten without its newline.",
                                           "The file ends with a torn tail of %" G_GUINT64_FORMAT
                                           " bytes after its last newline. No hash covers them: "
                                           "they may be a write cut short by a crash, or a last "
                                           "entry rewritten without its newline.",
                                           v->torn_bytes),
                              v->torn_bytes));
}

/* A chain's verification in progress: what the sequential reader and the merge of parallel
 * chunks share. */
typedef struct {
  OnairWitnessVerification  *v;
  OnairWitnessVerifyFlags    flags;
  const OnairWitnessAnchor  *expected_head;
  OnairWitnessProgress      *progress;
  GCancellable              *cancellable;
  OnairJsonScanner           scanner;
  OnairWitnessChecker        checker;
  gint64                     line_no;
  gboolean                   checking;
  guint64                    total;
  char                       hash_at_anchor[65];
} ChainRun;

static void
entry_passed (ChainRun *run)
{
  gint64 seq = run->checker.last_seq;

  if (seq == 0)
    run->v->first_hash = g_strdup (run->checker.last_hash);
  if (run->expected_head != NULL && seq == run->expected_head->seq)
    memcpy (run->hash_at_anchor, run->checker.last_hash, sizeof run->hash_at_anchor);
}

static void
check_entry (ChainRun   *run,
             const char *line,
             gsize       length)
{
  OnairWitnessVerification *v = run->v;
  OnairJsonStatus status;
  OnairWitnessFault fault;
  gint64 broken_at;
  char *reason = NULL;

  if (!onair_witness_checker_check_line (&run->checker, line, length, &fault, &broken_at,
                                         &reason, NULL))
    {
      status = onair_json_scanner_parse (&run->scanner, line, length);
      if (status == ONAIR_JSON_ERROR_DEPTH)
        {
          set_fault (v, ONAIR_WITNESS_FAULT_MALFORMED, run->checker.expected_seq, run->line_no,
                     too_deep_reason (run->line_no, run->scanner.max_depth));
          run->checking = FALSE;
          return;
        }
      if (status == ONAIR_JSON_ERROR_SYNTAX || status == ONAIR_JSON_ERROR_SIZE)
        {
          set_fault (v, ONAIR_WITNESS_FAULT_NOT_JSON, run->line_no, run->line_no,
                     g_strdup_printf (_("Line %" G_GINT64_FORMAT " is not JSON."), run->line_no));
          run->checking = FALSE;
          return;
        }
      fault = onair_witness_checker_check (&run->checker, &run->scanner, 0, status, &broken_at,
                                           &reason);
    }

  if (fault != ONAIR_WITNESS_FAULT_NONE)
    {
      set_fault (v, fault, broken_at, run->line_no, reason);
      run->checking = FALSE;
      return;
    }

  entry_passed (run);
}

/* Reads entries one after the other up to the end. Returns %FALSE on I/O errors and
 * cancellation. */
static gboolean
read_entries (ChainRun         *run,
              OnairLineReader  *reader,
              GError          **error)
{
  OnairWitnessVerification *v = run->v;
  OnairLineResult r;
  const char *line;
  gsize length;
  guint64 offset;

  while ((r = onair_line_reader_next (reader, &line, &length, &offset, error)) != ONAIR_LINE_END)
    {
      if (r == ONAIR_LINE_ERROR)
        return FALSE;

      run->line_no++;

      /* The rest of the file is not read: its lines cannot be told apart in bounded memory. */
      if (r == ONAIR_LINE_TOO_LONG)
        {
          set_fault (v, ONAIR_WITNESS_FAULT_LINE_TOO_LONG, run->line_no, run->line_no,
                     line_too_long_reason (run->line_no));
          return TRUE;
        }

      v->total_events++;

      if ((v->total_events % CHECK_EVERY) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;
          onair_witness_progress_report (run->progress, reader->consumed, run->total);
        }

      if (run->checking)
        check_entry (run, line, length);
    }

  v->torn_bytes = onair_line_reader_tail_length (reader);
  check_torn_tail (v, run->flags, run->checker.expected_seq, run->line_no + 1);
  return TRUE;
}

/* Links the chunks checked on every core in order, as far as they are valid and linked.
 * Returns the offset from which the sequential reader must go on, or G_MAXUINT64 if the
 * chunks took the verification to the end. */
static guint64
merge_chunks (ChainRun *run,
              GArray   *chunks)
{
  OnairWitnessChecker *checker = &run->checker;

  for (guint i = 0; i < chunks->len; i++)
    {
      const OnairWitnessChunk *chunk = &g_array_index (chunks, OnairWitnessChunk, i);

      if (!chunk->ok ||
          (chunk->last_seq >= 0 &&
           (chunk->first_seq != checker->expected_seq ||
            memcmp (chunk->first_prev, checker->expected_prev, 64) != 0)))
        return chunk->start;

      if (chunk->last_seq >= 0)
        {
          if (chunk->first_seq == 0)
            run->v->first_hash = g_strdup (chunk->first_hash);
          if (chunk->anchor_hash[0] != '\0')
            memcpy (run->hash_at_anchor, chunk->anchor_hash, sizeof run->hash_at_anchor);
          memcpy (checker->expected_prev, chunk->last_hash, sizeof checker->expected_prev);
          memcpy (checker->last_hash, chunk->last_hash, sizeof checker->last_hash);
          checker->expected_seq = chunk->last_seq + 1;
          checker->last_seq = chunk->last_seq;
          checker->have_last = TRUE;
        }
      run->line_no += chunk->n_lines;
      run->v->total_events += chunk->n_lines;

      if (chunk->last)
        {
          run->v->torn_bytes = chunk->tail;
          check_torn_tail (run->v, run->flags, checker->expected_seq, run->line_no + 1);
        }
    }

  return G_MAXUINT64;
}

/**
 * onair_witness_verify_chain_fd:
 * @fd: the chain file, read with pread()
 * @limit: bytes to read (G_MAXUINT64 for all)
 * @flags: %ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL to leave out a torn tail rather than fail
 *
 * Verifies on every core where the chain is large enough (onair-witness-verify-parallel.c),
 * with the same results as one after the other.
 *
 * Returns: (transfer full): the result, or %NULL on I/O errors and cancellation
 */
OnairWitnessVerification *
onair_witness_verify_chain_fd (int                        fd,
                               guint64                    limit,
                               OnairWitnessVerifyFlags    flags,
                               const OnairWitnessAnchor  *expected_head,
                               OnairWitnessProgress      *progress,
                               GCancellable              *cancellable,
                               GError                   **error)
{
  g_autoptr(OnairWitnessVerification) v = onair_witness_verification_new ();
  g_autoptr(GArray) chunks = NULL;
  ChainRun run = { 0, };
  OnairLineReader reader;
  const char *line;
  gsize length;
  guint64 offset, resume = 0;
  char genesis[65] = "";
  struct stat st;
  gboolean read_on = TRUE;
  OnairLineResult r;

  run.v = v;
  run.flags = flags;
  run.expected_head = expected_head;
  run.progress = progress;
  run.cancellable = cancellable;
  run.line_no = 1;
  run.checking = TRUE;
  run.total = limit;
  if (fstat (fd, &st) == 0 && (guint64) st.st_size < run.total)
    run.total = st.st_size;

  onair_json_scanner_init (&run.scanner);
  onair_line_reader_init (&reader, fd, limit);
  onair_witness_checker_init (&run.checker, TRUE, NULL);

  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  if (r == ONAIR_LINE_ERROR)
    goto failed;
  if (r == ONAIR_LINE_TOO_LONG)
    {
      set_fault (v, ONAIR_WITNESS_FAULT_LINE_TOO_LONG, 1, 1, line_too_long_reason (1));
      run.checking = FALSE;
      read_on = FALSE;
    }
  else if (r == ONAIR_LINE_END)
    {
      set_fault (v, ONAIR_WITNESS_FAULT_HEADER, 0, 1,
                 g_strdup (_("The file is empty or has no complete first line.")));
      run.checking = FALSE;
      read_on = FALSE;
    }
  else if (!check_header (&run.scanner, line, length, v, genesis))
    run.checking = FALSE;
  else
    memcpy (run.checker.expected_prev, genesis, sizeof genesis);

  if (read_on && run.checking)
    {
      GError *chunk_error = NULL;

      chunks = onair_witness_verify_chunks (fd, reader.consumed, run.total, limit,
                                            expected_head != NULL ? expected_head->seq : -1,
                                            progress, cancellable, &chunk_error);
      if (chunk_error != NULL)
        {
          g_propagate_error (error, chunk_error);
          goto failed;
        }
      if (chunks != NULL)
        {
          resume = merge_chunks (&run, chunks);
          if (resume == G_MAXUINT64)
            read_on = FALSE;
          else
            {
              onair_line_reader_clear (&reader);
              onair_line_reader_init_at (&reader, fd, resume, limit);
            }
        }
    }

  if (read_on && !read_entries (&run, &reader, error))
    goto failed;

  if (run.checker.have_last)
    v->last_hash = g_strdup (run.checker.last_hash);

  if (expected_head != NULL)
    check_anchor (v, expected_head, run.checker.have_last ? run.checker.last_seq : -1, genesis,
                  run.hash_at_anchor);

  onair_witness_progress_report (progress, run.total, run.total);

  onair_witness_checker_clear (&run.checker);
  onair_line_reader_clear (&reader);
  onair_json_scanner_clear (&run.scanner);
  return g_steal_pointer (&v);

failed:
  onair_witness_checker_clear (&run.checker);
  onair_line_reader_clear (&reader);
  onair_json_scanner_clear (&run.scanner);
  return NULL;
}

/* Exports */

static char *
missing_member (const char *name)
{
  return g_strdup_printf (_("The export has no valid “%s”."), name);
}

/**
 * onair_witness_verify_export_data:
 *
 * Verifies an export document: its format and fields, its entries (as a chain from genesis
 * when complete, each on its own when filtered), and its signature.
 *
 * Returns: (transfer full): the result, or %NULL on cancellation
 */
OnairWitnessVerification *
onair_witness_verify_export_data (const char            *data,
                                  gsize                  length,
                                  OnairWitnessProgress  *progress,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autoptr(OnairWitnessVerification) v = onair_witness_verification_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) message = NULL;
  OnairJsonScanner scanner;
  OnairWitnessChecker checker;
  OnairJsonStatus status;
  guint32 events, signature, complete, total, chain_valid, genesis, chain_id, filter_type;
  guint32 first_hash, last_hash, algorithm, public_key, value, chain_created;
  g_autofree char *filter_event_type = NULL;
  char computed_genesis[65] = "";
  guint64 n_events = 0, index = 0;
  gboolean checking = TRUE;
  const char *str;
  gsize len;

  v->is_export = TRUE;
  onair_json_scanner_init (&scanner);
  /* Entries sit two levels down (the document, its events array) and may have every level a
   * chain line may have. */
  scanner.max_depth = ONAIR_JSON_MAX_DEPTH + 2;
  onair_witness_checker_init (&checker, TRUE, NULL);

  status = onair_json_scanner_parse (&scanner, data, length);
  if (status == ONAIR_JSON_ERROR_DEPTH)
    {
      gint64 line = (gint64) onair_json_line_of_offset (data, MIN (scanner.error_offset, length));

      set_fault (v, ONAIR_WITNESS_FAULT_MALFORMED, 0, line,
                 g_strdup_printf (_("The export is nested deeper than %u levels (line "
                                    "%" G_GINT64_FORMAT "): an entry in it has more levels than "
                                    "a line of a witness log may have."),
                                  scanner.max_depth, line));
      goto done;
    }
  if (status == ONAIR_JSON_ERROR_SYNTAX || status == ONAIR_JSON_ERROR_SIZE)
    {
      gint64 line = (gint64) onair_json_line_of_offset (data, MIN (scanner.error_offset, length));

      set_fault (v, ONAIR_WITNESS_FAULT_NOT_JSON, line, line,
                 g_strdup_printf (_("The export is not JSON (line %" G_GINT64_FORMAT ")."), line));
      goto done;
    }
  if (status != ONAIR_JSON_OK)
    {
      set_fault (v, ONAIR_WITNESS_FAULT_MALFORMED, 0, -1,
                 g_strdup (status == ONAIR_JSON_ERROR_FLOAT
                           ? _("The export contains a number that is not an integer.")
                           : _("The export contains an integer beyond ±2^53.")));
      goto done;
    }

  v->format_version = onair_witness_export_version (&scanner,
                                                     onair_json_object_get (&scanner, 0, "format"));
  if (v->format_version == 0)
    {
      set_fault (v, ONAIR_WITNESS_FAULT_HEADER, 0, -1,
                 g_strdup (_("The document is not an “" ONAIR_WITNESS_EXPORT_FORMAT_V2 "” or "
                             "“" ONAIR_WITNESS_EXPORT_FORMAT_V1 "”.")));
      goto done;
    }

  chain_id = onair_json_object_get (&scanner, 0, "chain_id");
  chain_created = onair_json_object_get (&scanner, 0, "chain_created");
  genesis = onair_json_object_get (&scanner, 0, "genesis_hash");
  complete = onair_json_object_get (&scanner, 0, "complete");
  events = onair_json_object_get (&scanner, 0, "events");
  total = onair_json_object_get (&scanner, 0, "total_events");
  chain_valid = onair_json_object_get (&scanner, 0, "chain_valid");
  first_hash = onair_json_object_get (&scanner, 0, "first_hash");
  last_hash = onair_json_object_get (&scanner, 0, "last_hash");
  signature = onair_json_object_get (&scanner, 0, "signature");

  {
    const struct { guint32 node; const char *name; gboolean ok; } fields[] = {
      { chain_id, "chain_id", onair_json_is (&scanner, chain_id, ONAIR_JSON_STRING) },
      { chain_created, "chain_created",
        v->format_version == 1 || onair_json_is (&scanner, chain_created, ONAIR_JSON_STRING) },
      { genesis, "genesis_hash", onair_json_is (&scanner, genesis, ONAIR_JSON_STRING) },
      { complete, "complete", onair_json_is (&scanner, complete, ONAIR_JSON_TRUE) ||
                              onair_json_is (&scanner, complete, ONAIR_JSON_FALSE) },
      { events, "events", onair_json_is (&scanner, events, ONAIR_JSON_ARRAY) },
      { total, "total_events", onair_json_is (&scanner, total, ONAIR_JSON_INT) },
      { chain_valid, "chain_valid", onair_json_is (&scanner, chain_valid, ONAIR_JSON_TRUE) ||
                                    onair_json_is (&scanner, chain_valid, ONAIR_JSON_FALSE) },
      { signature, "signature", onair_json_is (&scanner, signature, ONAIR_JSON_OBJECT) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      if (!fields[i].ok)
        {
          set_fault (v, ONAIR_WITNESS_FAULT_EXPORT, 0, -1, missing_member (fields[i].name));
          goto done;
        }
  }

  v->chain_id = onair_json_dup_string (&scanner, chain_id);
  v->complete = onair_json_is (&scanner, complete, ONAIR_JSON_TRUE);
  filter_type = onair_json_object_get (&scanner, onair_json_object_get (&scanner, 0, "filter"),
                                       "event_type");
  filter_event_type = onair_json_dup_string (&scanner, filter_type);

  /* Entries */
  str = onair_json_peek_string (&scanner, genesis, scratch, &len);
  onair_witness_export_genesis (&scanner, v->format_version, chain_id, chain_created,
                                computed_genesis);
  if (v->complete && (len != 64 || memcmp (str, computed_genesis, 64) != 0))
    {
      set_fault (v, ONAIR_WITNESS_FAULT_GENESIS, 0, -1,
                 g_strdup (v->format_version == 1
                           ? _("The export’s genesis_hash does not match its chain_id.")
                           : _("The export’s genesis_hash does not match its chain_id and "
                               "chain_created.")));
      checking = FALSE;
    }

  onair_witness_checker_clear (&checker);
  onair_witness_checker_init (&checker, v->complete, computed_genesis);

  n_events = scanner.nodes[events].v.kids.count;
  for (guint32 e = scanner.nodes[events].v.kids.first; e != ONAIR_JSON_NONE;
       e = scanner.nodes[e].next, index++)
    {
      OnairWitnessFault fault;
      gint64 broken_at;
      char *reason = NULL;

      if ((index % CHECK_EVERY) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto failed;
          onair_witness_progress_report (progress, index, n_events);
        }

      if (!checking)
        break;

      if (!onair_json_is (&scanner, e, ONAIR_JSON_OBJECT))
        {
          set_fault (v, ONAIR_WITNESS_FAULT_MALFORMED, checker.links ? checker.expected_seq : -1,
                     -1, g_strdup_printf (_("Event %" G_GUINT64_FORMAT " of the export is not "
                                            "an object."), index));
          break;
        }

      fault = onair_witness_checker_check (&checker, &scanner, e, ONAIR_JSON_OK, &broken_at,
                                           &reason);
      if (fault != ONAIR_WITNESS_FAULT_NONE)
        {
          set_fault (v, fault, broken_at, -1, reason);
          break;
        }

      if (filter_event_type != NULL)
        {
          guint32 type = onair_json_object_get (&scanner,
                                                onair_json_object_get (&scanner, e, "event"),
                                                "event_type");

          if (!onair_json_string_equal (&scanner, type, filter_event_type,
                                        strlen (filter_event_type)))
            {
              set_fault (v, ONAIR_WITNESS_FAULT_EXPORT, checker.last_seq, -1,
                         g_strdup_printf (_("Entry %" G_GINT64_FORMAT " does not match the "
                                            "export’s filter."), checker.last_seq));
              break;
            }
        }

      if (index == 0)
        v->first_hash = g_strdup (checker.last_hash);
    }

  v->total_events = n_events;
  if (checker.have_last)
    v->last_hash = g_strdup (checker.last_hash);

  /* Summary fields */
  if (v->valid)
    {
      g_autofree char *first = onair_json_dup_string (&scanner, first_hash);
      g_autofree char *last = onair_json_dup_string (&scanner, last_hash);
      gboolean hashes_ok = n_events == 0
                           ? first == NULL && last == NULL
                           : g_strcmp0 (first, v->first_hash) == 0 &&
                             g_strcmp0 (last, v->last_hash) == 0;

      if (scanner.nodes[total].v.ival < 0 || (guint64) scanner.nodes[total].v.ival != n_events)
        set_fault (v, ONAIR_WITNESS_FAULT_EXPORT, 0, -1,
                   g_strdup_printf (_("The export says it holds %" G_GINT64_FORMAT " events but "
                                      "holds %" G_GUINT64_FORMAT "."),
                                    scanner.nodes[total].v.ival, n_events));
      else if (!hashes_ok)
        set_fault (v, ONAIR_WITNESS_FAULT_EXPORT, 0, -1,
                   g_strdup (_("The export’s first_hash or last_hash does not match its "
                               "events.")));
      else if (!onair_json_is (&scanner, chain_valid, ONAIR_JSON_TRUE))
        set_fault (v, ONAIR_WITNESS_FAULT_EXPORT, 0, -1,
                   g_strdup (_("The chain did not verify when it was exported "
                               "(chain_valid is false).")));
    }

  /* Signature: over the canonical document without its signature member. */
  algorithm = onair_json_object_get (&scanner, signature, "algorithm");
  public_key = onair_json_object_get (&scanner, signature, "public_key");
  value = onair_json_object_get (&scanner, signature, "value");
  if (!onair_json_string_equal (&scanner, algorithm, "ed25519", 7) ||
      !onair_json_is (&scanner, public_key, ONAIR_JSON_STRING) ||
      !onair_json_is (&scanner, value, ONAIR_JSON_STRING))
    {
      set_fault (v, ONAIR_WITNESS_FAULT_SIGNATURE, 0, -1,
                 g_strdup (_("The export has no Ed25519 signature.")));
    }
  else
    {
      g_autoptr(GError) sig_error = NULL;
      g_autofree char *sig = onair_json_dup_string (&scanner, value);

      v->public_key = onair_json_dup_string (&scanner, public_key);
      message = g_string_sized_new (length);
      if (onair_json_write_canonical (&scanner, 0, "signature", message) != ONAIR_JSON_OK)
        {
          set_fault (v, ONAIR_WITNESS_FAULT_MALFORMED, 0, -1,
                     g_strdup (_("The export has a member twice in one object, so it has no "
                                 "canonical form.")));
        }
      else if (onair_witness_check_signature (v->public_key, strlen (v->public_key),
                                              sig, strlen (sig), message->str, message->len,
                                              &sig_error))
        {
          v->signature_valid = TRUE;
        }
      else
        {
          set_fault (v, ONAIR_WITNESS_FAULT_SIGNATURE, 0, -1, g_strdup (sig_error->message));
        }
    }

done:
  onair_witness_progress_report (progress, 1, 1);
  onair_witness_checker_clear (&checker);
  onair_json_scanner_clear (&scanner);
  return g_steal_pointer (&v);

failed:
  onair_witness_checker_clear (&checker);
  onair_json_scanner_clear (&scanner);
  return NULL;
}
