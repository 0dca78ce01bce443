/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-canonical-json.h"
#include "onair-witness-private.h"

/*
 * The chain's header and its genesis hash, in both versions of the format (witness-format.md,
 * "The chain file"). Version 1 hashes "onair-witness-genesis:" + chain_id, leaving `created`
 * uncovered; version 2 hashes the canonical header without its genesis_hash, so that no byte of
 * the header changes unnoticed, and allows no other member. Onair writes version 2 and reads
 * both.
 */

static const char * const v2_members[] = { "chain_id", "created", "format", "genesis_hash" };

static guint
version_of (OnairJsonScanner *scanner,
            guint32           format,
            const char       *v1,
            const char       *v2)
{
  if (onair_json_string_equal (scanner, format, v1, strlen (v1)))
    return 1;
  if (onair_json_string_equal (scanner, format, v2, strlen (v2)))
    return 2;
  return 0;
}

/* Version 2: SHA-256 of {"chain_id":…,"created":…,"format":"onair-witness/2"}, canonical,
 * from the string nodes as they were read (so that any string hashes exactly as written). */
static void
genesis_v2_from_nodes (OnairJsonScanner *scanner,
                       guint32           chain_id,
                       guint32           created,
                       char             *out)
{
  g_autoptr(GString) canon = g_string_new ("{\"chain_id\":");

  onair_json_write_canonical (scanner, chain_id, NULL, canon);
  g_string_append (canon, ",\"created\":");
  onair_json_write_canonical (scanner, created, NULL, canon);
  g_string_append (canon, ",\"format\":\"" ONAIR_WITNESS_FORMAT_V2 "\"}");

  onair_witness_sha256_hex (canon->str, canon->len, out);
}

static void
genesis_v2_from_strings (const char *chain_id,
                         const char *created,
                         char       *out)
{
  g_autoptr(GString) canon = g_string_new ("{\"chain_id\":");

  onair_canonical_json_append_string (canon, chain_id, strlen (chain_id));
  g_string_append (canon, ",\"created\":");
  onair_canonical_json_append_string (canon, created, strlen (created));
  g_string_append (canon, ",\"format\":\"" ONAIR_WITNESS_FORMAT_V2 "\"}");

  onair_witness_sha256_hex (canon->str, canon->len, out);
}

static void
genesis_v1_from_node (OnairJsonScanner *scanner,
                      guint32           chain_id,
                      char             *out)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  const char *str;
  gsize len;

  str = onair_json_peek_string (scanner, chain_id, scratch, &len);
  onair_witness_genesis_hash_hex (str, len, out);
}

/* Version 2 headers have exactly the four members; returns a reason when not. */
static char *
check_v2_members (OnairJsonScanner *scanner)
{
  guint32 n = scanner->nodes[0].v.kids.count;

  for (guint32 i = scanner->nodes[0].v.kids.first; i != ONAIR_JSON_NONE;
       i = scanner->nodes[i].next)
    {
      gsize len;
      const char *key = onair_json_member_key (scanner, i, &len);
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (v2_members); k++)
        known |= strlen (v2_members[k]) == len && memcmp (v2_members[k], key, len) == 0;

      if (!known)
        {
          g_autofree char *name = g_utf8_make_valid (key, len);

          return g_strdup_printf (_("The header has a member “%s”, which a version 2 header "
                                    "may not have: no hash would cover it."), name);
        }
    }

  if (n != G_N_ELEMENTS (v2_members))
    return g_strdup (_("The header has a member twice, so it has no canonical form."));

  return NULL;
}

/**
 * onair_witness_header_read:
 * @line: the chain's first line, without its newline
 * @header: (out caller-allocates): what could be read; clear with onair_witness_header_clear()
 * @reason: (out): a translated reason when the result is not NONE
 *
 * Parses and checks a header: NOT_JSON, HEADER (not a header of a known version, missing or
 * mistyped members, or a version 2 header with another member) or GENESIS (genesis_hash wrong
 * for the version). @header holds the version, chain_id and genesis_hash whenever the line is a
 * header of a known version, so that a chain can be opened even when it does not verify.
 *
 * Returns: %ONAIR_WITNESS_FAULT_NONE when the header verifies
 */
OnairWitnessFault
onair_witness_header_read (OnairJsonScanner   *scanner,
                           const char         *line,
                           gsize               length,
                           OnairWitnessHeader *header,
                           char              **reason)
{
  OnairJsonStatus status = onair_json_scanner_parse (scanner, line, length);
  guint32 chain_id = ONAIR_JSON_NONE, created = ONAIR_JSON_NONE, genesis = ONAIR_JSON_NONE;
  char *members_reason;

  memset (header, 0, sizeof *header);
  *reason = NULL;

  if (status == ONAIR_JSON_ERROR_DEPTH)
    {
      *reason = g_strdup_printf (_("Line 1 is nested deeper than %u levels, the most a line of "
                                   "a witness log may have."), scanner->max_depth);
      return ONAIR_WITNESS_FAULT_HEADER;
    }
  if (status == ONAIR_JSON_ERROR_SYNTAX || status == ONAIR_JSON_ERROR_SIZE)
    {
      *reason = g_strdup (_("Line 1 is not JSON."));
      return ONAIR_WITNESS_FAULT_NOT_JSON;
    }

  if (status == ONAIR_JSON_OK)
    {
      header->version = version_of (scanner, onair_json_object_get (scanner, 0, "format"),
                                    ONAIR_WITNESS_FORMAT_V1, ONAIR_WITNESS_FORMAT_V2);
      chain_id = onair_json_object_get (scanner, 0, "chain_id");
      created = onair_json_object_get (scanner, 0, "created");
      genesis = onair_json_object_get (scanner, 0, "genesis_hash");
      header->chain_id = onair_json_dup_string (scanner, chain_id);
      header->created = onair_json_dup_string (scanner, created);
      header->genesis_hash = onair_json_dup_string (scanner, genesis);
    }

  if (header->version == 0 || header->chain_id == NULL || header->genesis_hash == NULL)
    {
      *reason = g_strdup (_("The first line is not an “" ONAIR_WITNESS_FORMAT_V2 "” or "
                            "“" ONAIR_WITNESS_FORMAT_V1 "” header with chain_id and "
                            "genesis_hash."));
      return ONAIR_WITNESS_FAULT_HEADER;
    }

  if (header->version == 1)
    {
      genesis_v1_from_node (scanner, chain_id, header->computed);
    }
  else
    {
      if (header->created == NULL)
        {
          *reason = g_strdup (_("The version 2 header has no “created” timestamp."));
          return ONAIR_WITNESS_FAULT_HEADER;
        }
      members_reason = check_v2_members (scanner);
      if (members_reason != NULL)
        {
          *reason = members_reason;
          return ONAIR_WITNESS_FAULT_HEADER;
        }
      genesis_v2_from_nodes (scanner, chain_id, created, header->computed);
    }

  if (strcmp (header->genesis_hash, header->computed) != 0)
    {
      *reason = g_strdup (header->version == 1
                          ? _("The header’s genesis_hash does not match its chain_id: the "
                              "header was changed.")
                          : _("The header’s genesis_hash does not match the header: its "
                              "chain_id, created or format was changed."));
      return ONAIR_WITNESS_FAULT_GENESIS;
    }

  return ONAIR_WITNESS_FAULT_NONE;
}

void
onair_witness_header_clear (OnairWitnessHeader *header)
{
  g_clear_pointer (&header->chain_id, g_free);
  g_clear_pointer (&header->created, g_free);
  g_clear_pointer (&header->genesis_hash, g_free);
}

/**
 * onair_witness_header_write:
 * @out: where to append the header line, newline included
 * @genesis_out: (out caller-allocates): its genesis_hash, 65 bytes
 *
 * Appends a version 2 header, the version Onair writes.
 */
void
onair_witness_header_write (GString    *out,
                            const char *chain_id,
                            const char *created,
                            char       *genesis_out)
{
  genesis_v2_from_strings (chain_id, created, genesis_out);

  g_string_append (out, "{\"format\":\"" ONAIR_WITNESS_FORMAT_V2 "\",\"chain_id\":");
  onair_canonical_json_append_string (out, chain_id, strlen (chain_id));
  g_string_append (out, ",\"created\":");
  onair_canonical_json_append_string (out, created, strlen (created));
  g_string_append (out, ",\"genesis_hash\":\"");
  g_string_append (out, genesis_out);
  g_string_append (out, "\"}\n");
}

/**
 * onair_witness_export_version:
 * @format: the export document's "format" node
 *
 * Returns: 1 or 2, or 0 when @format is not an export format
 */
guint
onair_witness_export_version (OnairJsonScanner *scanner,
                              guint32           format)
{
  return version_of (scanner, format, ONAIR_WITNESS_EXPORT_FORMAT_V1,
                     ONAIR_WITNESS_EXPORT_FORMAT_V2);
}

/**
 * onair_witness_export_genesis:
 * @version: the export's version
 * @chain_id: the export's "chain_id" node
 * @chain_created: its "chain_created" node (version 2)
 * @out: (out caller-allocates): the genesis hash of the header the export came from
 *
 * Rebuilds the genesis hash a complete export must start from: from chain_id alone for
 * version 1, from the header {chain_id, created: chain_created, format: "onair-witness/2"}
 * for version 2.
 *
 * Returns: %FALSE if a member it needs is not a string
 */
gboolean
onair_witness_export_genesis (OnairJsonScanner *scanner,
                              guint             version,
                              guint32           chain_id,
                              guint32           chain_created,
                              char             *out)
{
  if (!onair_json_is (scanner, chain_id, ONAIR_JSON_STRING))
    return FALSE;

  if (version == 1)
    {
      genesis_v1_from_node (scanner, chain_id, out);
      return TRUE;
    }

  if (version != 2 || !onair_json_is (scanner, chain_created, ONAIR_JSON_STRING))
    return FALSE;

  genesis_v2_from_nodes (scanner, chain_id, chain_created, out);
  return TRUE;
}

/**
 * onair_witness_compute_genesis_hash:
 * @chain_id: a chain id
 *
 * The genesis hash of a version 1 chain.
 *
 * Returns: (transfer full): SHA-256 of "onair-witness-genesis:" + @chain_id, lowercase hex
 */
char *
onair_witness_compute_genesis_hash (const char *chain_id)
{
  char hex[65];

  g_return_val_if_fail (chain_id != NULL, NULL);

  onair_witness_genesis_hash_hex (chain_id, strlen (chain_id), hex);
  return g_strdup (hex);
}

/**
 * onair_witness_compute_genesis_hash_v2:
 * @chain_id: a chain id
 * @created: the header's creation timestamp
 *
 * The genesis hash of a version 2 chain, the version Onair writes.
 *
 * Returns: (transfer full): SHA-256 of the canonical header without its genesis_hash,
 *   `{"chain_id":…,"created":…,"format":"onair-witness/2"}`, lowercase hex
 */
char *
onair_witness_compute_genesis_hash_v2 (const char *chain_id,
                                       const char *created)
{
  char hex[65];

  g_return_val_if_fail (chain_id != NULL, NULL);
  g_return_val_if_fail (created != NULL, NULL);

  genesis_v2_from_strings (chain_id, created, hex);
  return g_strdup (hex);
}
