/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-witness-private.h"

/* The in-memory index of a chain's lines (OnairWitnessIndexEntry): what a list view, sorting
 * and filtering need without reading the file again. */

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

/* Fills @entry for a line that is not an entry: where it is, nothing of what it says. */
void
onair_witness_index_unreadable (guint64                 offset,
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

  onair_witness_index_unreadable (offset, length, entry);

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
    onair_witness_index_unreadable (offset, length, entry);
  else
    onair_witness_index_parsed (scanner, scratch, offset, length, entry);
}
