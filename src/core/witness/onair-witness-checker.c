/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-witness-private.h"

/*
 * The entry rules of witness-format.md ("The chain file"), checked one entry after the other:
 * as a chain (seq from 0, each previous_hash the current_hash before it) or one by one (a
 * filtered export). Used by chain and export verification and by the export writer. Each
 * entry is written canonical into one reused buffer and hashed with one reused SHA-256 context.
 */

void
onair_witness_checker_init (OnairWitnessChecker *checker,
                            gboolean             links,
                            const char          *genesis_hash)
{
  memset (checker, 0, sizeof *checker);
  checker->canon = g_string_sized_new (4096);
  checker->scratch = g_string_new (NULL);
  checker->links = links;
  if (genesis_hash != NULL)
    g_strlcpy (checker->expected_prev, genesis_hash, sizeof checker->expected_prev);

  if (gnutls_hash_init (&checker->hash, GNUTLS_DIG_SHA256) < 0)
    g_error ("SHA-256 is not available");
}

void
onair_witness_checker_clear (OnairWitnessChecker *checker)
{
  if (checker->hash != NULL)
    gnutls_hash_deinit (checker->hash, NULL);
  checker->hash = NULL;
  if (checker->canon != NULL)
    g_string_free (g_steal_pointer (&checker->canon), TRUE);
  if (checker->scratch != NULL)
    g_string_free (g_steal_pointer (&checker->scratch), TRUE);
}

static gboolean
member_is_hash (OnairWitnessChecker *checker,
                OnairJsonScanner    *scanner,
                guint32              node,
                const char         **hash)
{
  gsize len;

  if (!onair_json_is (scanner, node, ONAIR_JSON_STRING))
    return FALSE;

  *hash = onair_json_peek_string (scanner, node, checker->scratch, &len);
  return onair_witness_is_hash (*hash, len);
}

static char *
seq_reason (OnairWitnessChecker *checker,
            gint64               seq)
{
  return g_strdup_printf (_("Expected entry %" G_GINT64_FORMAT " here but found seq "
                            "%" G_GINT64_FORMAT ": entries were removed, inserted or "
                            "reordered."), checker->expected_seq, seq);
}

static char *
previous_hash_reason (gint64 seq)
{
  return g_strdup_printf (_("Entry %" G_GINT64_FORMAT " does not link to the entry "
                            "before it (its previous_hash differs): an entry before it "
                            "was removed or changed."), seq);
}

static char *
current_hash_reason (gint64 seq)
{
  return g_strdup_printf (_("Entry %" G_GINT64_FORMAT " was changed after it was "
                            "written: its contents do not match its current_hash."), seq);
}

/* The first entry a checker with adopt set sees: its seq and previous_hash are taken as they
 * are (a chunk of a chain checked on its own, see onair-witness-verify-parallel.c). */
static void
adopt (OnairWitnessChecker *checker,
       gint64               seq,
       const char          *previous_hash)
{
  checker->adopt = FALSE;
  checker->adopted = TRUE;
  checker->first_seq = seq;
  memcpy (checker->first_prev, previous_hash, 64);
  checker->first_prev[64] = '\0';
}

static void
move_past (OnairWitnessChecker *checker,
           gint64               seq,
           const char          *computed)
{
  memcpy (checker->expected_prev, computed, 65);
  memcpy (checker->last_hash, computed, 65);
  checker->expected_seq = seq + 1;
  checker->last_seq = seq;
  checker->have_last = TRUE;
}

/**
 * onair_witness_checker_check:
 * @entry: the entry's node in @scanner (ignored unless @parse_status is OK, FLOAT or RANGE)
 * @parse_status: how parsing the entry went
 * @broken_at: (out): the seq to report on a fault
 * @reason: (out): a translated reason on a fault
 *
 * Returns: %ONAIR_WITNESS_FAULT_NONE if the entry verifies (and the checker moves past it)
 */
OnairWitnessFault
onair_witness_checker_check (OnairWitnessChecker  *checker,
                             OnairJsonScanner     *scanner,
                             guint32               entry,
                             OnairJsonStatus       parse_status,
                             gint64               *broken_at,
                             char                **reason)
{
  const char *members[] = { "event", "previous_hash", "witness_timestamp", "current_hash" };
  guint32 seq_node, prev_node, hash_node;
  const char *prev, *stored;
  guint8 digest[32];
  char computed[65];
  char stored_copy[65];
  char adopted_prev[64];
  gint64 seq;

  if (checker->links)
    *broken_at = checker->expected_seq;
  else
    *broken_at = checker->have_last ? checker->last_seq + 1 : 0;

  if (parse_status == ONAIR_JSON_ERROR_FLOAT)
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " contains a number that is not an "
                                   "integer, which canonical JSON does not allow."), *broken_at);
      return ONAIR_WITNESS_FAULT_MALFORMED;
    }
  if (parse_status == ONAIR_JSON_ERROR_RANGE)
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " contains an integer beyond "
                                   "±2^53."), *broken_at);
      return ONAIR_WITNESS_FAULT_MALFORMED;
    }
  g_assert (parse_status == ONAIR_JSON_OK);

  seq_node = onair_json_object_get (scanner, entry, "seq");
  if (!onair_json_is (scanner, seq_node, ONAIR_JSON_INT) || scanner->nodes[seq_node].v.ival < 0)
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " is not an object with a "
                                   "non-negative integer “seq”."), *broken_at);
      return ONAIR_WITNESS_FAULT_MALFORMED;
    }
  seq = scanner->nodes[seq_node].v.ival;
  if (!checker->links)
    *broken_at = seq;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      guint32 node = onair_json_object_get (scanner, entry, members[i]);
      OnairJsonType want = i == 0 ? ONAIR_JSON_OBJECT : ONAIR_JSON_STRING;

      if (!onair_json_is (scanner, node, want))
        {
          *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " has no “%s” of the right "
                                       "type."), *broken_at, members[i]);
          return ONAIR_WITNESS_FAULT_MALFORMED;
        }
    }

  prev_node = onair_json_object_get (scanner, entry, "previous_hash");
  hash_node = onair_json_object_get (scanner, entry, "current_hash");

  if (checker->links && !checker->adopt && seq != checker->expected_seq)
    {
      *reason = seq_reason (checker, seq);
      return ONAIR_WITNESS_FAULT_SEQ;
    }

  if (!checker->links && checker->have_last && seq <= checker->last_seq)
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " comes after entry "
                                   "%" G_GINT64_FORMAT ": the entries are out of order."),
                                 seq, checker->last_seq);
      return ONAIR_WITNESS_FAULT_SEQ;
    }

  if (!member_is_hash (checker, scanner, prev_node, &prev) ||
      ((checker->links ? !checker->adopt : checker->have_last && seq == checker->last_seq + 1) &&
       memcmp (prev, checker->links ? checker->expected_prev : checker->last_hash, 64) != 0))
    {
      *reason = previous_hash_reason (seq);
      return ONAIR_WITNESS_FAULT_PREVIOUS_HASH;
    }
  if (checker->adopt)
    memcpy (adopted_prev, prev, 64);

  if (!member_is_hash (checker, scanner, hash_node, &stored))
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " has no valid current_hash."), seq);
      return ONAIR_WITNESS_FAULT_CURRENT_HASH;
    }
  memcpy (stored_copy, stored, sizeof stored_copy - 1);
  stored_copy[64] = '\0';

  g_string_truncate (checker->canon, 0);
  if (onair_json_write_canonical (scanner, entry, "current_hash", checker->canon) != ONAIR_JSON_OK)
    {
      *reason = g_strdup_printf (_("Entry %" G_GINT64_FORMAT " has a member twice in one "
                                   "object, so it has no canonical form."), seq);
      return ONAIR_WITNESS_FAULT_MALFORMED;
    }

  gnutls_hash (checker->hash, checker->canon->str, checker->canon->len);
  gnutls_hash_output (checker->hash, digest);
  onair_witness_hex (digest, computed);

  if (memcmp (computed, stored_copy, 64) != 0)
    {
      *reason = current_hash_reason (seq);
      return ONAIR_WITNESS_FAULT_CURRENT_HASH;
    }

  if (checker->adopt)
    adopt (checker, seq, adopted_prev);
  move_past (checker, seq, computed);

  return ONAIR_WITNESS_FAULT_NONE;
}

static gboolean fast_path_off_for_testing;

/* Tests verify with and without the fast path and compare. */
void
onair_witness_checker_set_fast_path_for_testing (gboolean enabled)
{
  fast_path_off_for_testing = !enabled;
}

/**
 * onair_witness_checker_check_line:
 * @line: a line of a chain file, without its newline
 * @fault: (out): %ONAIR_WITNESS_FAULT_NONE if the entry verifies (and the checker moves past it)
 * @broken_at: (out): the seq to report on a fault
 * @reason: (out): a translated reason on a fault
 * @entry: (out) (optional): the line's seq and hashes, when %TRUE is returned (both hashes
 *   are hashes then)
 *
 * The fast path for a line as Onair writes it (onair_witness_line_entry_read()), with the
 * faults and words of onair_witness_checker_check(). Chains only (links).
 *
 * Returns: %FALSE if the line is not in Onair's canonical layout, and the general path must
 *   parse it (nothing is changed then)
 */
gboolean
onair_witness_checker_check_line (OnairWitnessChecker  *checker,
                                  const char           *line,
                                  gsize                 length,
                                  OnairWitnessFault    *fault,
                                  gint64               *broken_at,
                                  char                **reason,
                                  OnairWitnessLineEntry *entry_out)
{
  OnairWitnessLineEntry entry;
  guint8 digest[32];
  char computed[65];

  g_assert (checker->links);

  if (G_UNLIKELY (fast_path_off_for_testing) ||
      !onair_witness_line_entry_read (line, length, &entry, checker->canon))
    return FALSE;

  /* The hashes in the line are compared with hashes first: equal, they are hashes too. Only on
   * a fault, or for a previous_hash taken as it is, is it worth checking their digits; if they
   * are not hashes, the line may not be what it seems, and the general path says what it is. */
  *broken_at = checker->expected_seq;
  *fault = ONAIR_WITNESS_FAULT_NONE;

  if (checker->adopt)
    {
      if (!onair_witness_is_hash (entry.previous_hash, ONAIR_WITNESS_HASH_LENGTH))
        return FALSE;
    }
  else if (entry.seq != checker->expected_seq ||
           memcmp (entry.previous_hash, checker->expected_prev, 64) != 0)
    {
      if (!onair_witness_is_hash (entry.previous_hash, ONAIR_WITNESS_HASH_LENGTH) ||
          !onair_witness_is_hash (entry.current_hash, ONAIR_WITNESS_HASH_LENGTH))
        return FALSE;
      if (entry_out != NULL)
        *entry_out = entry;
      if (entry.seq != checker->expected_seq)
        {
          *reason = seq_reason (checker, entry.seq);
          *fault = ONAIR_WITNESS_FAULT_SEQ;
        }
      else
        {
          *reason = previous_hash_reason (entry.seq);
          *fault = ONAIR_WITNESS_FAULT_PREVIOUS_HASH;
        }
      return TRUE;
    }

  gnutls_hash (checker->hash, checker->canon->str, checker->canon->len);
  gnutls_hash_output (checker->hash, digest);
  onair_witness_hex (digest, computed);

  if (memcmp (computed, entry.current_hash, 64) != 0 &&
      !onair_witness_is_hash (entry.current_hash, ONAIR_WITNESS_HASH_LENGTH))
    return FALSE;
  if (entry_out != NULL)
    *entry_out = entry;

  if (memcmp (computed, entry.current_hash, 64) != 0)
    {
      *reason = current_hash_reason (entry.seq);
      *fault = ONAIR_WITNESS_FAULT_CURRENT_HASH;
      return TRUE;
    }

  if (checker->adopt)
    adopt (checker, entry.seq, entry.previous_hash);
  move_past (checker, entry.seq, computed);

  return TRUE;
}
