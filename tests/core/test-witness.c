/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/witness/onair-canonical-json.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/witness/onair-witness.h"
#include "core/witness/onair-witness-private.h"

#define CRASH_CHILD_ENV "ONAIR_WITNESS_TEST_CRASH_CHILD"

static char *self_path;

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("onair-witness-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  /* CONSISTENT: with NONE, GLib 2.74 rewrites in place without truncating. */
  g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static GPtrArray *
read_lines (const char *path)
{
  g_autofree char *text = read_text (path);
  g_auto(GStrv) parts = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (parts);

  /* A well-formed chain ends with a newline, leaving an empty last part. */
  g_assert_cmpstr (parts[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    g_ptr_array_add (lines, g_strdup (parts[i]));

  return lines;
}

static void
write_lines (const char *path,
             GPtrArray  *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  write_text (path, text->str, text->len);
}

static void
replace_line (GPtrArray  *lines,
              guint       index,
              const char *text)
{
  g_free (g_ptr_array_index (lines, index));
  g_ptr_array_index (lines, index) = g_strdup (text);
}

/* Replaces the first @old in line @index with @replacement. */
static void
edit_line (GPtrArray  *lines,
           guint       index,
           const char *old,
           const char *replacement)
{
  const char *line = g_ptr_array_index (lines, index);
  const char *at = strstr (line, old);
  g_autofree char *edited = NULL;

  g_assert_nonnull (at);
  edited = g_strdup_printf ("%.*s%s%s", (int) (at - line), line, replacement, at + strlen (old));
  replace_line (lines, index, edited);
}

static OnairWitnessVerification *
verify_path_full (const char               *path,
                  const OnairWitnessAnchor *anchor,
                  OnairWitnessVerifyFlags   flags)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OnairWitnessVerification *v;

  v = onair_witness_verify_file_full (file, anchor, flags, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  if (!v->valid)
    g_test_message ("%s: broken_at %" G_GINT64_FORMAT ": %s", path, v->broken_at, v->reason);

  return v;
}

static OnairWitnessVerification *
verify_path (const char               *path,
             const OnairWitnessAnchor *anchor)
{
  return verify_path_full (path, anchor, ONAIR_WITNESS_VERIFY_NONE);
}

static char *
sha256_of (const char *data,
           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static const char * const event_types[] = {
  "stream_started", "stream_stopped", "recording_started", "health_alert",
};

static JsonObject *
make_event (guint i)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 11, 12, 10, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_minutes (base, i);
  JsonObject *result;

  json_object_set_int_member (params, "channel", i);
  json_object_set_string_member (params, "destination", "rtmp://live.example.com/app/");
  json_object_set_string_member (params, "note", i % 2 ? "Übertragung \"live\"" : "plain");

  if (i % 5 == 4)
    result = onair_witness_result_new_failure ("vmix-timeout", "vMix did not answer");
  else
    result = onair_witness_result_new (TRUE);

  return onair_witness_event_new (event_types[i % G_N_ELEMENTS (event_types)], when,
                                  g_steal_pointer (&params), result);
}

/* A chain of chain_created + @n events at PATH = DIR/chain.jsonl; returns the head. */
static char *
make_chain (const char         *dir,
            guint               n,
            OnairWitnessAnchor *head)
{
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(JsonObject) event = make_event (i);

      onair_witness_append (witness, event, head, &error);
      g_assert_no_error (error);
    }

  if (head != NULL)
    g_assert_true (onair_witness_get_head (witness, head));

  return g_steal_pointer (&path);
}

/* A chain of @n events written directly, without an fsync per entry, for size tests. */
static char *
write_big_chain (const char         *dir,
                 guint               n,
                 OnairWitnessAnchor *head)
{
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autofree char *chain_id = g_uuid_string_random ();
  g_autofree char *previous = onair_witness_compute_genesis_hash (chain_id);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *witness_timestamp = "2025-11-12T12:00:00.000Z";

  g_string_append_printf (text, "{\"format\":\"onair-witness/1\",\"chain_id\":\"%s\","
                          "\"created\":\"%s\",\"genesis_hash\":\"%s\"}\n",
                          chain_id, witness_timestamp, previous);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) event = make_event (i + 1);
      g_autoptr(JsonObject) entry = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = NULL;
      g_autofree char *line = NULL;

      hash = onair_witness_compute_entry_hash (i, event, previous, witness_timestamp, &error);
      g_assert_no_error (error);

      json_object_set_int_member (entry, "seq", i);
      json_object_set_object_member (entry, "event", json_object_ref (event));
      json_object_set_string_member (entry, "previous_hash", previous);
      json_object_set_string_member (entry, "witness_timestamp", witness_timestamp);
      json_object_set_string_member (entry, "current_hash", hash);
      node = json_node_init_object (json_node_alloc (), entry);
      line = json_to_string (node, FALSE);
      g_string_append (text, line);
      g_string_append_c (text, '\n');

      g_free (previous);
      previous = g_steal_pointer (&hash);
    }

  write_text (path, text->str, text->len);
  head->seq = n - 1;
  g_strlcpy (head->hash, previous, sizeof head->hash);

  return g_steal_pointer (&path);
}

/* Workers drop their task (and its reference) just after returning the result, so the last
 * reference of an object used asynchronously may go a moment after the callback. */
static void
assert_finalized_eventually (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);

  for (guint i = 0; weak != NULL && i < 5000; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (weak != NULL)
        g_usleep (1000);
    }

  g_assert_null (weak);
}

static GBytes *
new_key (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *key = onair_witness_generate_signing_key (&error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* Vectors: a version 1 and a version 2 chain of the same three events. */

static char *
vectors_path (guint version)
{
  return g_test_build_filename (G_TEST_DIST, "data",
                                version == 2 ? "witness-vectors-v2.jsonl" : "witness-vectors.jsonl",
                                NULL);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_vectors_verify (gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autofree char *path = vectors_path (version);
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) last = NULL;

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_false (v->is_export);
  g_assert_cmpuint (v->format_version, ==, version);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_NONE);
  g_assert_cmpint (v->broken_at, ==, -1);
  g_assert_cmpuint (v->total_events, ==, 3);
  g_assert_cmpstr (v->chain_id, ==, "3f2b8c1e-6d4a-4e7b-9a0c-5b1d2e3f4a5b");

  lines = read_lines (path);
  first = parse_object (g_ptr_array_index (lines, 1));
  last = parse_object (g_ptr_array_index (lines, lines->len - 1));
  g_assert_cmpstr (v->first_hash, ==, json_object_get_string_member (first, "current_hash"));
  g_assert_cmpstr (v->last_hash, ==, json_object_get_string_member (last, "current_hash"));
  g_assert_cmpstr (v->first_hash, ==,
                   version == 2
                   ? "8174263d9beb3ebcbdc1dfaeb00f35435626f1f891f2449daccfb7ecda0e900d"
                   : "12f8d7376c56b62915dbe9ef5213301435948e43c721c968acc678db90c61145");
}

static void
test_vectors_rebuild (gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autofree char *path = vectors_path (version);
  g_autofree char *dir = NULL;
  g_autofree char *rebuilt_path = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GPtrArray) rebuilt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *genesis = NULL;
  g_autofree char *previous = NULL;
  const char *chain_id, *created;

  lines = read_lines (path);
  header = parse_object (g_ptr_array_index (lines, 0));
  chain_id = json_object_get_string_member (header, "chain_id");
  created = json_object_get_string_member (header, "created");
  if (version == 2)
    genesis = onair_witness_compute_genesis_hash_v2 (chain_id, created);
  else
    genesis = onair_witness_compute_genesis_hash (chain_id);
  g_assert_cmpstr (genesis, ==, json_object_get_string_member (header, "genesis_hash"));

  /* Pure hashing: every current_hash from its event, seq, previous hash and timestamp. */
  previous = g_strdup (json_object_get_string_member (header, "genesis_hash"));
  for (guint i = 1; i < lines->len; i++)
    {
      g_autoptr(JsonObject) entry = parse_object (g_ptr_array_index (lines, i));
      g_autofree char *hash = NULL;

      hash = onair_witness_compute_entry_hash (json_object_get_int_member (entry, "seq"),
                                               json_object_get_object_member (entry, "event"),
                                               previous,
                                               json_object_get_string_member (entry,
                                                                              "witness_timestamp"),
                                               &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hash, ==, json_object_get_string_member (entry, "current_hash"));
      g_assert_cmpstr (json_object_get_string_member (entry, "previous_hash"), ==, previous);
      g_free (previous);
      previous = g_strdup (json_object_get_string_member (entry, "current_hash"));
    }

  /* Onair writes version 2 only: rebuilt through the chain itself, with the same id, creation
   * time and witness timestamps, it is the version 2 chain. */
  if (version != 2)
    return;

  dir = make_tmp_dir ();
  rebuilt_path = g_build_filename (dir, "rebuilt.jsonl", NULL);
  witness = onair_witness_create_with_id (rebuilt_path, chain_id, created, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onair_witness_get_genesis_hash (witness), ==, genesis);

  for (guint i = 1; i < lines->len; i++)
    {
      g_autoptr(JsonObject) entry = parse_object (g_ptr_array_index (lines, i));
      OnairWitnessAnchor head;

      onair_witness_append_at (witness, json_object_get_object_member (entry, "event"),
                               json_object_get_string_member (entry, "witness_timestamp"),
                               &head, &error);
      g_assert_no_error (error);
      g_assert_cmpint (head.seq, ==, json_object_get_int_member (entry, "seq"));
      g_assert_cmpstr (head.hash, ==, json_object_get_string_member (entry, "current_hash"));
    }
  g_clear_object (&witness);

  rebuilt = read_lines (rebuilt_path);
  g_assert_cmpuint (rebuilt->len, ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(JsonObject) a = parse_object (g_ptr_array_index (lines, i));
      g_autoptr(JsonObject) b = parse_object (g_ptr_array_index (rebuilt, i));
      g_autofree char *ca = onair_canonical_json_object_to_string (a, NULL, NULL);
      g_autofree char *cb = onair_canonical_json_object_to_string (b, NULL, NULL);

      g_assert_cmpstr (ca, ==, cb);
    }

  v = verify_path (rebuilt_path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 2);
  g_assert_cmpuint (v->total_events, ==, 3);

  remove_tree (dir);
}

/* Canonical JSON: json-glib trees and the verification scanner must agree byte for byte. */

static char *
canonical_glib (const char  *json,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  return onair_canonical_json_to_string (json_parser_get_root (parser), NULL, error);
}

static char *
canonical_scanner (const char      *json,
                   OnairJsonStatus *status)
{
  OnairJsonScanner scanner;
  g_autoptr(GString) out = g_string_new (NULL);

  onair_json_scanner_init (&scanner);
  *status = onair_json_scanner_parse (&scanner, json, strlen (json));
  if (*status == ONAIR_JSON_OK)
    *status = onair_json_write_canonical (&scanner, 0, NULL, out);
  onair_json_scanner_clear (&scanner);

  return *status == ONAIR_JSON_OK ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
assert_canonical (const char *json,
                  const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = canonical_glib (json, &error);
  g_autofree char *b = NULL;
  OnairJsonStatus status;

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, expected);

  b = canonical_scanner (json, &status);
  g_assert_cmpint (status, ==, ONAIR_JSON_OK);
  g_assert_cmpstr (b, ==, expected);
}

static void
assert_scanner_status (const char      *json,
                       OnairJsonStatus  expected)
{
  g_autofree char *out = NULL;
  OnairJsonStatus status;

  out = canonical_scanner (json, &status);
  if (status != expected)
    g_test_message ("%s gave %d", json, status);
  g_assert_cmpint (status, ==, expected);
}

static void
test_canonical_escaping (void)
{
  /* Short escapes, quote and backslash; "/" is not escaped even when the input does. */
  assert_canonical ("\"\\b\\f\\n\\r\\t\\/\\\"\\\\\"", "\"\\b\\f\\n\\r\\t/\\\"\\\\\"");
  /* Other control characters as \u00XX with lowercase hex; DEL is not a control here. */
  assert_canonical ("\"a\\u0001b\\u001Fc\\u001fd\\u007f\"", "\"a\\u0001b\\u001fc\\u001fd\x7f\"");
  assert_canonical ("\"\\u000b\\u007e\"", "\"\\u000b~\"");
}

static void
test_canonical_escaping_scanner_only (void)
{
  g_autofree char *out = NULL;
  OnairJsonStatus status;

  /* json-glib cannot hold NUL in strings; the scanner keeps and re-escapes it. */
  out = canonical_scanner ("\"a\\u0000b\"", &status);
  g_assert_cmpint (status, ==, ONAIR_JSON_OK);
  g_assert_cmpstr (out, ==, "\"a\\u0000b\"");

  /* Raw control characters inside strings are not JSON. */
  assert_scanner_status ("\"tab\there\"", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("\"line\nbreak\"", ONAIR_JSON_ERROR_SYNTAX);
}

static void
test_canonical_non_ascii (void)
{
  assert_canonical ("\"Show – Übertragung 日本 😀\"", "\"Show – Übertragung 日本 😀\"");
  /* \u escapes (surrogate pairs included) come out as raw UTF-8. */
  assert_canonical ("\"\\u00dc\\u00E9\\u2013\\ud83d\\ude00\"", "\"Üé–😀\"");
  assert_canonical ("{\"clé\":\"valeur\"}", "{\"clé\":\"valeur\"}");

  /* Lone surrogates and invalid UTF-8 are not JSON text. */
  assert_scanner_status ("\"\\ud83d\"", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("\"\\ude00\"", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("\"\xc3\x28\"", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("\"\xed\xa0\x80\"", ONAIR_JSON_ERROR_SYNTAX);
}

static void
test_canonical_sorting (void)
{
  assert_canonical ("{\"b\": 1, \"a\": 2, \"A\": 3, \"aa\": 4, \"é\": 5, \"_\": 6, \"\": 7}",
                    "{\"\":7,\"A\":3,\"_\":6,\"a\":2,\"aa\":4,\"b\":1,\"é\":5}");
  /* Keys compare by their decoded value. */
  assert_canonical ("{\"\\u0062\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}");
  /* Many members take the non-insertion sort path. */
  assert_canonical ("{\"p\":0,\"o\":0,\"n\":0,\"m\":0,\"l\":0,\"k\":0,\"j\":0,\"i\":0,\"h\":0,"
                    "\"g\":0,\"f\":0,\"e\":0,\"d\":0,\"c\":0,\"b\":0,\"a\":0}",
                    "{\"a\":0,\"b\":0,\"c\":0,\"d\":0,\"e\":0,\"f\":0,\"g\":0,\"h\":0,\"i\":0,"
                    "\"j\":0,\"k\":0,\"l\":0,\"m\":0,\"n\":0,\"o\":0,\"p\":0}");
  /* A member given twice has no single canonical form. */
  assert_scanner_status ("{\"a\":1,\"a\":2}", ONAIR_JSON_ERROR_DUPLICATE);
  assert_scanner_status ("{\"x\":{\"a\":1,\"b\":2,\"a\":3}}", ONAIR_JSON_ERROR_DUPLICATE);
}

static void
test_canonical_nested (void)
{
  assert_canonical ("  { \"z\" : [ 1 , { \"y\" : null , \"x\" : [ ] } , true , false ] ,\n"
                    "\t\"a\" : { \"c\" : { \"e\" : \"f\" , \"d\" : { } } , \"b\" : -7 } }\r\n",
                    "{\"a\":{\"b\":-7,\"c\":{\"d\":{},\"e\":\"f\"}},"
                    "\"z\":[1,{\"x\":[],\"y\":null},true,false]}");
  assert_canonical ("[]", "[]");
  assert_canonical ("[[[[[\"deep\"]]]]]", "[[[[[\"deep\"]]]]]");
  assert_canonical ("null", "null");
}

static void
assert_glib_error (const char *json,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = canonical_glib (json, &error);

  g_assert_null (out);
  g_assert_error (error, ONAIR_WITNESS_ERROR, code);
}

static void
test_canonical_floats (void)
{
  const char *floats[] = {
    "1.5", "1.0", "-0.0", "1e3", "1E+3", "2.5e-1",
    "{\"fps\": 29.97}",
    "{\"a\": [1, 2, {\"b\": {\"c\": [0.1]}}]}",
    "[{\"ok\": 1}, {\"nested\": {\"deeper\": 3.0}}]",
  };
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) inner = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (floats); i++)
    {
      assert_glib_error (floats[i], ONAIR_WITNESS_ERROR_FLOAT);
      assert_scanner_status (floats[i], ONAIR_JSON_ERROR_FLOAT);
    }

  /* Built in code rather than parsed. */
  json_object_set_double_member (inner, "bitrate", 6000.0);
  json_object_set_object_member (object, "params", json_object_ref (inner));
  out = onair_canonical_json_object_to_string (object, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_FLOAT);

  /* Fractions as strings are fine. */
  assert_canonical ("{\"fps\": \"29.97\"}", "{\"fps\":\"29.97\"}");

  /* Malformed numbers are not JSON at all (not a float error). */
  assert_scanner_status ("01", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("1.", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status (".5", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("+1", ONAIR_JSON_ERROR_SYNTAX);
  assert_scanner_status ("1e", ONAIR_JSON_ERROR_SYNTAX);
  /* A float in a document that is not JSON anyway reports "not JSON". */
  assert_scanner_status ("[1.5,]", ONAIR_JSON_ERROR_SYNTAX);
}

static void
test_canonical_integers (void)
{
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  assert_canonical ("0", "0");
  assert_canonical ("-0", "0");
  assert_canonical ("-1", "-1");
  assert_canonical ("2732", "2732");
  assert_canonical ("9007199254740992", "9007199254740992");
  assert_canonical ("-9007199254740992", "-9007199254740992");

  assert_scanner_status ("9007199254740993", ONAIR_JSON_ERROR_RANGE);
  assert_scanner_status ("-9007199254740993", ONAIR_JSON_ERROR_RANGE);
  assert_scanner_status ("[12345678901234567890]", ONAIR_JSON_ERROR_RANGE);
  assert_glib_error ("9007199254740993", ONAIR_WITNESS_ERROR_RANGE);

  json_node_init_int (node, G_MAXINT64);
  out = onair_canonical_json_to_string (node, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_RANGE);
}

static void
test_canonical_not_json (void)
{
  const char *bad[] = {
    "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{\"a\" 1}", "tru", "nul", "True",
    "\"unterminated", "{\"a\":1} x", "\"\\x\"", "\"\\u12\"", "[1 2]", "NaN", "Infinity",
  };
  g_autofree char *deep = g_strnfill (200, '[');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_scanner_status (bad[i], ONAIR_JSON_ERROR_SYNTAX);

  assert_scanner_status (deep, ONAIR_JSON_ERROR_DEPTH);
}

/* Fingerprints, redaction, events, timestamps */

static void
test_fingerprint (void)
{
  g_autofree char *fp = onair_key_fingerprint ("test");
  g_autofree char *fp2 = onair_key_fingerprint ("live_123456789_abcdefghijklmnop");

  g_assert_cmpstr (fp, ==, "9f86d081");
  g_assert_cmpuint (strlen (fp2), ==, ONAIR_KEY_FINGERPRINT_LENGTH);
  g_assert_cmpstr (fp2, !=, fp);
}

static void
test_redact_url (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "rtmp://user:secret@live.example.com:1935/app/?key=abc#frag",
      "rtmp://live.example.com:1935/app/" },
    { "srt://203.0.113.5:9000?streamid=#!::r=live&passphrase=hunter22", "srt://203.0.113.5:9000" },
    { "rtmps://live-api-s.facebook.com:443/rtmp/", "rtmps://live-api-s.facebook.com:443/rtmp/" },
    { "https://token@stats.example.com/stat?x=1", "https://stats.example.com/stat" },
    { "not a url at all", "[redacted]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = onair_witness_redact_url (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_event_redaction (void)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) nested = json_object_new ();
  g_autoptr(JsonArray) urls = json_array_new ();
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2025, 11, 12, 10, 30, 0.25);
  g_autofree char *canon = NULL;
  JsonObject *p;

  json_object_set_string_member (params, "stream_key", "test");
  json_object_set_string_member (params, "password", "hunter2");
  json_object_set_string_member (params, "destination", "rtmp://u:p@live.example.com/app/?k=v");
  json_object_set_string_member (nested, "token", "t0ken");
  json_object_set_string_member (nested, "passphrase", "srt-secret");
  json_object_set_string_member (nested, "url", "https://a:b@c.example/d?e=f");
  json_object_set_object_member (params, "srt", g_steal_pointer (&nested));
  json_array_add_string_element (urls, "srt://h:1?passphrase=x");
  json_object_set_array_member (params, "outputs", g_steal_pointer (&urls));
  json_object_set_int_member (params, "channel", 0);

  event = onair_witness_event_new ("stream_started", when, g_steal_pointer (&params), NULL);
  g_assert_cmpstr (json_object_get_string_member (event, "event_type"), ==, "stream_started");
  g_assert_cmpstr (json_object_get_string_member (event, "timestamp"), ==,
                   "2025-11-12T10:30:00.250Z");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (event, "result"),
                                                 "success"));

  p = json_object_get_object_member (event, "params");
  g_assert_false (json_object_has_member (p, "stream_key"));
  g_assert_false (json_object_has_member (p, "password"));
  g_assert_cmpstr (json_object_get_string_member (p, "key_fingerprint"), ==, "9f86d081");
  g_assert_cmpstr (json_object_get_string_member (p, "destination"), ==,
                   "rtmp://live.example.com/app/");

  canon = onair_canonical_json_object_to_string (event, NULL, NULL);
  g_test_message ("%s", canon);
  g_assert_null (strstr (canon, "hunter"));
  g_assert_null (strstr (canon, "t0ken"));
  g_assert_null (strstr (canon, "srt-secret"));
  g_assert_null (strstr (canon, "passphrase"));
  g_assert_null (strstr (canon, "a:b@"));
  g_assert_null (strstr (canon, "e=f"));
  g_assert_null (strstr (canon, "\"test\""));
}

static void
test_results (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "slow");
  g_autoptr(JsonObject) failure = onair_witness_result_new_from_error (error);
  g_autoptr(JsonObject) failure2 = onair_witness_result_new_failure ("bad-input", NULL);

  g_assert_false (json_object_get_boolean_member (failure, "success"));
  g_assert_cmpstr (json_object_get_string_member (failure, "message"), ==, "slow");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (failure, "error_code"),
                                   "g-io-error-quark:"));
  g_assert_cmpstr (json_object_get_string_member (failure2, "error_code"), ==, "bad-input");
  g_assert_false (json_object_has_member (failure2, "message"));
}

static void
test_timestamps (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2025, 11, 12, 10, 30, 0.123);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2025, 11, 12, 11, 30, 0);
  g_autofree char *a = onair_witness_format_timestamp (dt);
  g_autofree char *b = onair_witness_format_timestamp (local);
  g_autofree char *c = onair_witness_format_timestamp_ms (1762943400123);
  g_autofree char *now = onair_witness_format_timestamp (NULL);
  gint64 ms;

  g_assert_cmpstr (a, ==, "2025-11-12T10:30:00.123Z");
  g_assert_cmpstr (b, ==, "2025-11-12T10:30:00.000Z");
  g_assert_cmpstr (c, ==, "2025-11-12T10:30:00.123Z");
  g_assert_cmpuint (strlen (now), ==, 24);

  g_assert_true (onair_witness_parse_timestamp ("2025-11-12T10:30:00.123Z", &ms));
  g_assert_cmpint (ms, ==, 1762943400123);
  g_assert_true (onair_witness_parse_timestamp ("2025-11-12T11:30:00+01:00", &ms));
  g_assert_cmpint (ms, ==, 1762943400000);
  g_assert_true (onair_witness_parse_timestamp ("1969-12-31T23:59:59.999Z", &ms));
  g_assert_cmpint (ms, ==, -1);
  g_assert_false (onair_witness_parse_timestamp ("2025-02-30T10:30:00.000Z", &ms));
  g_assert_false (onair_witness_parse_timestamp ("yesterday", &ms));
}

static void
test_anchor_string (void)
{
  OnairWitnessAnchor anchor = { 41, "" }, parsed;
  g_autofree char *text = NULL;

  memset (anchor.hash, 'a', 64);
  anchor.hash[64] = '\0';
  text = onair_witness_anchor_to_string (&anchor);
  g_assert_true (g_str_has_prefix (text, "41:aaaa"));
  g_assert_true (onair_witness_anchor_parse (text, &parsed));
  g_assert_cmpint (parsed.seq, ==, 41);
  g_assert_cmpstr (parsed.hash, ==, anchor.hash);

  g_assert_false (onair_witness_anchor_parse ("41", &parsed));
  g_assert_false (onair_witness_anchor_parse ("x:aaaa", &parsed));
  g_assert_false (onair_witness_anchor_parse ("41:ABCD", &parsed));
}

/* The chain: creation, appends, list model */

static void
test_create_modes (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *sub = g_build_filename (dir, "onair", "witness", NULL);
  g_autofree char *path = g_build_filename (sub, "chain.jsonl", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessEntry) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autofree char *genesis = NULL;
  OnairWitnessAnchor head;
  struct stat st;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO);
  g_assert_null (witness);
  g_clear_error (&error);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (lock, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  lines = read_lines (path);
  g_assert_cmpuint (lines->len, ==, 2);
  header = parse_object (g_ptr_array_index (lines, 0));
  g_assert_cmpstr (json_object_get_string_member (header, "format"), ==, "onair-witness/2");
  g_assert_cmpuint (json_object_get_size (header), ==, 4);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (header, "chain_id")));
  genesis = onair_witness_compute_genesis_hash_v2 (json_object_get_string_member (header,
                                                                                  "chain_id"),
                                                   json_object_get_string_member (header,
                                                                                  "created"));
  g_assert_cmpstr (json_object_get_string_member (header, "genesis_hash"), ==, genesis);
  g_assert_cmpuint (onair_witness_get_format_version (witness), ==, 2);
  g_assert_cmpstr (onair_witness_get_chain_id (witness), ==,
                   json_object_get_string_member (header, "chain_id"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 1);
  first = onair_witness_get_entry (witness, 0);
  g_assert_cmpstr (onair_witness_entry_get_event_type (first), ==, "chain_created");
  g_assert_cmpint (onair_witness_entry_get_seq (first), ==, 0);
  g_assert_true (onair_witness_get_head (witness, &head));
  g_assert_cmpint (head.seq, ==, 0);

  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&witness));
  remove_tree (dir);
}

static void
test_append_and_model (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = NULL;
  OnairWitnessAnchor head, head2;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= 10; i++)
    {
      g_autoptr(JsonObject) event = make_event (i);

      g_assert_true (onair_witness_append (witness, event, &head, &error));
      g_assert_no_error (error);
      g_assert_cmpint (head.seq, ==, i);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 11);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (witness)) == ONAIR_TYPE_WITNESS_ENTRY);
  g_assert_true (onair_witness_get_head (witness, &head2));
  g_assert_cmpint (head2.seq, ==, 10);
  g_assert_cmpstr (head2.hash, ==, head.hash);

  for (guint i = 1; i <= 10; i++)
    {
      g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (G_LIST_MODEL (witness), i);
      g_autoptr(OnairWitnessEntry) again = g_list_model_get_item (G_LIST_MODEL (witness), i);
      g_autoptr(JsonObject) event = NULL;
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *event_type = NULL;
      gint64 seq;

      g_assert_true (entry == again);
      g_assert_true (onair_witness_entry_is_readable (entry));
      g_object_get (entry, "seq", &seq, "event-type", &event_type, NULL);
      g_assert_cmpint (seq, ==, i);
      g_assert_cmpstr (event_type, ==, event_types[i % G_N_ELEMENTS (event_types)]);
      g_assert_cmpint (onair_witness_entry_get_position (entry), ==, i);
      g_assert_cmpint (onair_witness_entry_get_result (entry), ==,
                       i % 5 == 4 ? ONAIR_WITNESS_RESULT_FAILURE : ONAIR_WITNESS_RESULT_SUCCESS);
      g_assert_cmpuint (strlen (onair_witness_entry_get_hash_prefix (entry)), ==, 8);

      when = onair_witness_entry_dup_timestamp (entry);
      g_assert_cmpint (g_date_time_get_minute (when), ==, i);
      g_assert_cmpint (g_date_time_get_hour (when), ==, 10);

      event = onair_witness_entry_dup_event (entry, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "params"),
                                                   "channel"), ==, i);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (witness), 11));

  types = onair_witness_list_event_types (witness);
  g_assert_cmpuint (types->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (types, 0), ==, "chain_created");

  {
    g_autoptr(OnairWitnessEntry) last = onair_witness_get_entry (witness, 10);
    g_autofree char *line = onair_witness_entry_dup_line (last, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (line, head.hash));
  }

  g_assert_finalize_object (g_steal_pointer (&witness));
  remove_tree (dir);
}

static void
test_append_rejects (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitness) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) floaty = NULL;
  g_autoptr(JsonObject) untyped = json_object_new ();
  g_autoptr(JsonObject) ok = make_event (1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  before = read_text (path);

  json_object_set_double_member (params, "fps", 29.97);
  floaty = onair_witness_event_new ("settings_changed", NULL, g_steal_pointer (&params), NULL);
  g_assert_false (onair_witness_append (witness, floaty, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_FLOAT);
  g_clear_error (&error);

  g_assert_false (onair_witness_append (witness, untyped, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID);
  g_clear_error (&error);

  after = read_text (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 1);

  reader = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onair_witness_is_read_only (reader));
  g_assert_false (onair_witness_append (reader, ok, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_READ_ONLY);
  g_clear_error (&error);

  onair_witness_close (witness);
  g_assert_false (onair_witness_append (witness, ok, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO);

  g_clear_object (&witness);
  g_clear_object (&reader);
  remove_tree (dir);
}

typedef struct {
  GMainLoop *loop;
  guint      pending;
  guint      items_added;
  gint64     last_seq;
  gboolean   in_order;
  guint      progress_calls;
  double     last_fraction;
  gboolean   monotonic;
  gboolean   progress_freed;
  OnairWitnessVerification *verification;
  OnairWitness *witness;
  GError    *error;
} AsyncState;

static void
append_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  OnairWitnessAnchor head;

  g_assert_true (onair_witness_append_finish (ONAIR_WITNESS (object), result, &head, &error));
  g_assert_no_error (error);
  if (head.seq != state->last_seq + 1)
    state->in_order = FALSE;
  state->last_seq = head.seq;

  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  AsyncState *state)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
  state->items_added += added;
}

static void
test_append_async_order (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  AsyncState state = { 0 };

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (witness, "items-changed", G_CALLBACK (items_changed_cb), &state);

  state.loop = g_main_loop_new (NULL, FALSE);
  state.in_order = TRUE;
  state.last_seq = 0;
  for (guint i = 1; i <= 50; i++)
    {
      g_autoptr(JsonObject) event = make_event (i);

      state.pending++;
      onair_witness_append_async (witness, event, NULL, append_done_cb, &state);
    }
  g_main_loop_run (state.loop);

  g_assert_true (state.in_order);
  g_assert_cmpint (state.last_seq, ==, 50);
  g_assert_cmpuint (state.items_added, ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 51);

  /* Entries are in the order the appends were asked for. */
  for (guint i = 1; i <= 50; i++)
    {
      g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);
      g_autoptr(JsonObject) event = onair_witness_entry_dup_event (entry, &error);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "params"),
                                                   "channel"), ==, i);
    }

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, ==, 51);

  g_signal_handlers_disconnect_by_data (witness, &state);
  g_main_loop_unref (state.loop);
  assert_finalized_eventually (g_steal_pointer (&witness));
  remove_tree (dir);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;

  state->witness = onair_witness_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_false (state->progress_freed);
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (fraction < state->last_fraction)
    state->monotonic = FALSE;
  state->last_fraction = fraction;
  state->progress_calls++;
}

static void
progress_free_cb (gpointer user_data)
{
  AsyncState *state = user_data;

  state->progress_freed = TRUE;
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->verification = onair_witness_verify_finish (ONAIR_WITNESS (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_open_and_verify_async (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairWitnessEntry) last = NULL;
  OnairWitnessAnchor head;
  AsyncState state = { 0 };
  guint n = 20000;

  path = write_big_chain (dir, n, &head);

  state.loop = g_main_loop_new (NULL, FALSE);
  onair_witness_open_async (path, &head, ONAIR_WITNESS_OPEN_NONE, NULL, open_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.witness);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (state.witness)), ==, n);

  state.monotonic = TRUE;
  onair_witness_verify_async (state.witness, &head, ONAIR_WITNESS_VERIFY_RECORD, progress_cb,
                              &state, progress_free_cb, NULL, verify_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.verification);
  g_assert_true (state.verification->valid);
  g_assert_cmpuint (state.verification->total_events, ==, n);
  g_assert_cmpstr (state.verification->last_hash, ==, head.hash);
  g_assert_true (state.monotonic);
  g_assert_cmpuint (state.progress_calls, >=, 1);
  g_test_message ("%u progress reports, last %.2f", state.progress_calls, state.last_fraction);

  /* A writable chain records a verification asked for; the model sees it once the loop runs.
   * The chain is a version 1 chain: appended to as such, its header untouched. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (state.witness)), ==, n + 1);
  last = onair_witness_get_entry (state.witness, n);
  g_assert_cmpstr (onair_witness_entry_get_event_type (last), ==, "chain_verified");
  g_assert_cmpint (onair_witness_entry_get_result (last), ==, ONAIR_WITNESS_RESULT_SUCCESS);
  g_assert_cmpuint (onair_witness_get_format_version (state.witness), ==, 1);
  {
    g_autoptr(OnairWitnessVerification) v = verify_path (path, NULL);

    g_assert_true (v->valid);
    g_assert_cmpuint (v->format_version, ==, 1);
    g_assert_cmpuint (v->total_events, ==, n + 1);
  }

  g_clear_object (&last);
  g_clear_pointer (&state.verification, onair_witness_verification_free);
  assert_finalized_eventually (g_steal_pointer (&state.witness));
  g_assert_true (state.progress_freed);
  g_main_loop_unref (state.loop);
  remove_tree (dir);
}

static void
test_filter (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 20, NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2025, 11, 12, 10, 5, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2025, 11, 12, 10, 9, 59);
  struct { OnairWitnessFilter *filter; guint expected; } cases[] = {
    { onair_witness_filter_new (NULL, NULL, NULL, NULL), 21 },
    { onair_witness_filter_new ("", NULL, NULL, ""), 21 },
    { onair_witness_filter_new ("stream_started", NULL, NULL, NULL), 5 },
    { onair_witness_filter_new (NULL, from, to, NULL), 5 },
    { onair_witness_filter_new ("health_alert", from, to, NULL), 1 },
    { onair_witness_filter_new (NULL, NULL, NULL, "übertragung"), 10 },
    { onair_witness_filter_new (NULL, NULL, NULL, "VMIX-TIMEOUT"), 4 },
    { onair_witness_filter_new ("no_such_type", NULL, NULL, NULL), 0 },
  };

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (onair_witness_filter_is_empty (cases[0].filter));
  g_assert_true (onair_witness_filter_is_empty (cases[1].filter));
  g_assert_false (onair_witness_filter_is_empty (cases[2].filter));

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(OnairWitnessFilter) copy = onair_witness_filter_copy (cases[c].filter);
      guint matched = 0;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (witness)); i++)
        {
          g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);

          if (onair_witness_filter_match (copy, entry))
            matched++;
        }
      g_test_message ("filter %u: %u", c, matched);
      g_assert_cmpuint (matched, ==, cases[c].expected);
      onair_witness_filter_free (cases[c].filter);
    }

  g_clear_object (&witness);
  remove_tree (dir);
}

/* Tampering: every kind is found, at the right place */

typedef struct {
  char               *dir;
  char               *path;
  GPtrArray          *lines;
  OnairWitnessAnchor  head;
} Tamper;

static void
tamper_setup (Tamper        *t,
              gconstpointer  data)
{
  t->dir = make_tmp_dir ();
  t->path = make_chain (t->dir, 5, &t->head);  /* seq 0..5, lines 2..7 */
  t->lines = read_lines (t->path);
  g_assert_cmpuint (t->lines->len, ==, 7);
}

static void
tamper_teardown (Tamper        *t,
                 gconstpointer  data)
{
  g_ptr_array_unref (t->lines);
  remove_tree (t->dir);
  g_free (t->path);
  g_free (t->dir);
}

static void
assert_broken (Tamper            *t,
               OnairWitnessFault  fault,
               gint64             broken_at)
{
  g_autoptr(OnairWitnessVerification) v = NULL;

  write_lines (t->path, t->lines);
  v = verify_path (t->path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, fault);
  g_assert_cmpint (v->broken_at, ==, broken_at);
  g_assert_nonnull (v->reason);
}

#define LINE_OF_SEQ(seq) ((seq) + 1)

static void
test_tamper_event (Tamper *t, gconstpointer data)
{
  edit_line (t->lines, LINE_OF_SEQ (3), "\"channel\":3", "\"channel\":4");
  assert_broken (t, ONAIR_WITNESS_FAULT_CURRENT_HASH, 3);
}

static void
test_tamper_timestamp (Tamper *t, gconstpointer data)
{
  edit_line (t->lines, LINE_OF_SEQ (2), "10:02:00.000Z", "10:02:01.000Z");
  assert_broken (t, ONAIR_WITNESS_FAULT_CURRENT_HASH, 2);
}

static void
test_tamper_witness_timestamp (Tamper *t, gconstpointer data)
{
  g_autoptr(JsonObject) entry = parse_object (g_ptr_array_index (t->lines, LINE_OF_SEQ (4)));
  const char *wts = json_object_get_string_member (entry, "witness_timestamp");
  g_autofree char *edited = g_strdup (wts);

  edited[0] = edited[0] == '1' ? '2' : '1';
  edit_line (t->lines, LINE_OF_SEQ (4), wts, edited);
  assert_broken (t, ONAIR_WITNESS_FAULT_CURRENT_HASH, 4);
}

static void
test_tamper_hash (Tamper *t, gconstpointer data)
{
  g_autoptr(JsonObject) entry = parse_object (g_ptr_array_index (t->lines, LINE_OF_SEQ (2)));
  const char *hash = json_object_get_string_member (entry, "current_hash");
  g_autofree char *edited = g_strdup (hash);

  edited[10] = edited[10] == '0' ? '1' : '0';
  edit_line (t->lines, LINE_OF_SEQ (2), hash, edited);
  assert_broken (t, ONAIR_WITNESS_FAULT_CURRENT_HASH, 2);
}

static void
test_tamper_rehashed (Tamper *t, gconstpointer data)
{
  /* A forger edits entry 2 and recomputes its hash: entry 3 no longer links to it. */
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  JsonObject *params;

  entry = parse_object (g_ptr_array_index (t->lines, LINE_OF_SEQ (2)));
  params = json_object_get_object_member (json_object_get_object_member (entry, "event"), "params");
  json_object_set_int_member (params, "channel", 99);
  hash = onair_witness_compute_entry_hash (2, json_object_get_object_member (entry, "event"),
                                           json_object_get_string_member (entry, "previous_hash"),
                                           json_object_get_string_member (entry,
                                                                          "witness_timestamp"),
                                           &error);
  g_assert_no_error (error);
  json_object_set_string_member (entry, "current_hash", hash);
  node = json_node_init_object (json_node_alloc (), entry);
  text = json_to_string (node, FALSE);
  replace_line (t->lines, LINE_OF_SEQ (2), text);

  assert_broken (t, ONAIR_WITNESS_FAULT_PREVIOUS_HASH, 3);
}

static void
test_tamper_reorder (Tamper *t, gconstpointer data)
{
  char *tmp = g_ptr_array_index (t->lines, LINE_OF_SEQ (2));

  g_ptr_array_index (t->lines, LINE_OF_SEQ (2)) = g_ptr_array_index (t->lines, LINE_OF_SEQ (3));
  g_ptr_array_index (t->lines, LINE_OF_SEQ (3)) = tmp;
  assert_broken (t, ONAIR_WITNESS_FAULT_SEQ, 2);
}

static void
test_tamper_delete_middle (Tamper *t, gconstpointer data)
{
  g_autoptr(OnairWitnessVerification) v = NULL;

  g_ptr_array_remove_index (t->lines, LINE_OF_SEQ (2));
  assert_broken (t, ONAIR_WITNESS_FAULT_SEQ, 2);

  v = verify_path (t->path, NULL);
  g_assert_nonnull (strstr (v->reason, "3"));
  g_assert_cmpint (v->broken_line, ==, 4);
}

static void
test_tamper_seq_gap (Tamper *t, gconstpointer data)
{
  edit_line (t->lines, LINE_OF_SEQ (3), "{\"seq\":3,", "{\"seq\":4,");
  assert_broken (t, ONAIR_WITNESS_FAULT_SEQ, 3);
}

static void
test_tamper_genesis (Tamper *t, gconstpointer data)
{
  g_autoptr(JsonObject) header = parse_object (g_ptr_array_index (t->lines, 0));
  const char *genesis = json_object_get_string_member (header, "genesis_hash");
  g_autofree char *edited = g_strdup (genesis);

  edited[0] = edited[0] == 'a' ? 'b' : 'a';
  edit_line (t->lines, 0, genesis, edited);
  assert_broken (t, ONAIR_WITNESS_FAULT_GENESIS, 0);
}

static void
test_tamper_chain_id (Tamper *t, gconstpointer data)
{
  g_autoptr(JsonObject) header = parse_object (g_ptr_array_index (t->lines, 0));

  edit_line (t->lines, 0, json_object_get_string_member (header, "chain_id"),
             "00000000-0000-4000-8000-000000000000");
  assert_broken (t, ONAIR_WITNESS_FAULT_GENESIS, 0);
}

static void
test_tamper_header (Tamper *t, gconstpointer data)
{
  /* Claiming version 1, whose genesis hash is computed otherwise. */
  edit_line (t->lines, 0, "onair-witness/2", "onair-witness/1");
  assert_broken (t, ONAIR_WITNESS_FAULT_GENESIS, 0);

  edit_line (t->lines, 0, "onair-witness/1", "onair-witness/3");
  assert_broken (t, ONAIR_WITNESS_FAULT_HEADER, 0);

  replace_line (t->lines, 0, "# not a header");
  assert_broken (t, ONAIR_WITNESS_FAULT_NOT_JSON, 1);
}

static void
test_tamper_not_json (Tamper *t, gconstpointer data)
{
  replace_line (t->lines, LINE_OF_SEQ (2), "{\"seq\":2, this is not json");
  assert_broken (t, ONAIR_WITNESS_FAULT_NOT_JSON, 4);  /* line number */

  replace_line (t->lines, LINE_OF_SEQ (2), "");
  assert_broken (t, ONAIR_WITNESS_FAULT_NOT_JSON, 4);
}

static void
test_tamper_float (Tamper *t, gconstpointer data)
{
  edit_line (t->lines, LINE_OF_SEQ (3), "\"channel\":3", "\"channel\":3.5");
  assert_broken (t, ONAIR_WITNESS_FAULT_MALFORMED, 3);
}

static void
test_tamper_truncated (Tamper *t, gconstpointer data)
{
  g_autoptr(OnairWitnessVerification) plain = NULL;
  g_autoptr(OnairWitnessVerification) anchored = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (t->lines, t->lines->len - 2);
  write_lines (t->path, t->lines);

  /* Cut from the end, the chain still verifies on its own… */
  plain = verify_path (t->path, NULL);
  g_assert_true (plain->valid);
  g_assert_cmpuint (plain->total_events, ==, 4);

  /* …but not against the head kept elsewhere. */
  anchored = verify_path (t->path, &t->head);
  g_assert_false (anchored->valid);
  g_assert_cmpint (anchored->fault, ==, ONAIR_WITNESS_FAULT_TRUNCATED);
  g_assert_cmpint (anchored->broken_at, ==, 4);

  witness = onair_witness_open (t->path, &t->head, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TRUNCATED);
  g_assert_null (witness);
  g_test_message ("%s", error->message);
}

static void
test_tamper_replaced (Tamper *t, gconstpointer data)
{
  /* A different chain of the same length at the same place: the kept head's hash is gone. */
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lock = g_strconcat (t->path, ".lock", NULL);
  OnairWitnessAnchor other;
  g_autofree char *other_path = NULL;

  g_unlink (t->path);
  other_path = make_chain (t->dir, 5, &other);
  g_assert_cmpstr (other_path, ==, t->path);
  g_assert_cmpint (other.seq, ==, t->head.seq);

  v = verify_path (t->path, &t->head);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_ANCHOR);

  witness = onair_witness_open (t->path, &t->head, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN);
  g_clear_error (&error);

  /* An older head still inside the chain is fine. */
  t->head.seq = other.seq;
  memcpy (t->head.hash, other.hash, sizeof other.hash);
  witness = onair_witness_open (t->path, &t->head, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
test_open_damaged (Tamper *t, gconstpointer data)
{
  g_autoptr(OnairWitness) writer = NULL;
  g_autoptr(OnairWitness) reader = NULL;
  g_autoptr(GError) error = NULL;
  OnairWitnessAnchor head;

  /* A damaged last line: the viewer can still read it, Onair will not append to it. */
  replace_line (t->lines, t->lines->len - 1, "{\"garbage\"");
  write_lines (t->path, t->lines);

  writer = onair_witness_open (t->path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN);
  g_clear_error (&error);

  reader = onair_witness_open (t->path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 6);
  g_assert_false (onair_witness_get_head (reader, &head));
  {
    g_autoptr(OnairWitnessEntry) bad = onair_witness_get_entry (reader, 5);

    g_assert_false (onair_witness_entry_is_readable (bad));
    g_assert_cmpint (onair_witness_entry_get_seq (bad), ==, -1);
    g_assert_null (onair_witness_entry_get_event_type (bad));
  }

  /* Something that is not a chain at all. */
  write_text (t->path, "hello\n", -1);
  g_clear_object (&reader);
  reader = onair_witness_open (t->path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE);
}

/* Torn tails */

static void
test_torn_tail (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 3, NULL);
  g_autofree char *torn_path = g_strconcat (path, ".torn", NULL);
  g_autofree char *clean = read_text (path);
  g_autofree char *torn = NULL;
  g_autoptr(GString) damaged = g_string_new (clean);
  g_autoptr(OnairWitness) reader = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(OnairWitnessEntry) repaired = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *half = "{\"seq\":4,\"event\":{\"event_type\":\"stream_st";
  JsonObject *params;
  struct stat st;

  /* A crash in the middle of a write. */
  g_string_append (damaged, half);
  write_text (path, damaged->str, damaged->len);

  /* Verifying as is: no hash covers the tail, so the chain is not valid… */
  v = verify_path (path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_TORN_TAIL);
  g_assert_cmpint (v->broken_at, ==, 4);
  g_assert_cmpuint (v->torn_bytes, ==, strlen (half));
  g_clear_pointer (&v, onair_witness_verification_free);

  /* …unless a torn tail is accepted: then the complete lines verify, the tail apart. */
  v = verify_path_full (path, NULL, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, ==, 4);
  g_assert_cmpuint (v->torn_bytes, ==, strlen (half));
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Read-only opens leave it alone. */
  reader = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_witness_get_torn_bytes (reader), ==, strlen (half));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reader)), ==, 4);
  g_assert_false (g_file_test (torn_path, G_FILE_TEST_EXISTS));
  g_clear_object (&reader);

  /* A writable open moves it aside and says so in the chain. */
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_witness_get_torn_bytes (witness), ==, 0);

  torn = read_text (torn_path);
  g_assert_cmpstr (torn, ==, half);
  g_assert_cmpint (g_stat (torn_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 5);
  repaired = onair_witness_get_entry (witness, 4);
  g_assert_cmpstr (onair_witness_entry_get_event_type (repaired), ==, "chain_repaired");
  event = onair_witness_entry_dup_event (repaired, &error);
  g_assert_no_error (error);
  params = json_object_get_object_member (event, "params");
  g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (half));
  g_assert_cmpstr (json_object_get_string_member (params, "torn_file"), ==, "chain.jsonl.torn");
  g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, 0);
  {
    g_autofree char *sha = sha256_of (half, strlen (half));

    g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha);
    g_assert_false (json_object_has_member (params, "recorded_late"));
  }
  g_clear_object (&repaired);
  g_clear_pointer (&event, json_object_unref);
  g_clear_object (&witness);

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, ==, 5);
  g_assert_cmpuint (v->torn_bytes, ==, 0);
  g_clear_pointer (&v, onair_witness_verification_free);

  /* A complete line that lost only its newline was never acknowledged either. That line is
   * the chain_repaired event above: once it is set aside, no event in the chain records the
   * first piece of the .torn file any more, so that piece is recorded again, as late. */
  {
    g_autofree char *text = read_text (path);
    g_autoptr(GPtrArray) lines = read_lines (path);
    const char *last = g_ptr_array_index (lines, lines->len - 1);
    g_autofree char *sha_half = sha256_of (half, strlen (half));
    g_autofree char *sha_last = sha256_of (last, strlen (last));

    text[strlen (text) - 1] = '\0';
    write_text (path, text, -1);

    witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 6);

    repaired = onair_witness_get_entry (witness, 4);
    event = onair_witness_entry_dup_event (repaired, &error);
    params = json_object_get_object_member (event, "params");
    g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (half));
    g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha_half);
    g_assert_true (json_object_get_boolean_member (params, "recorded_late"));
    g_clear_object (&repaired);
    g_clear_pointer (&event, json_object_unref);

    repaired = onair_witness_get_entry (witness, 5);
    event = onair_witness_entry_dup_event (repaired, &error);
    params = json_object_get_object_member (event, "params");
    g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (last));
    g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, strlen (half));
    g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha_last);
    g_clear_object (&repaired);
    g_clear_object (&witness);
  }

  v = verify_path (path, NULL);
  g_assert_true (v->valid);

  remove_tree (dir);
}

/* Version 2 headers: every byte covered, nothing else allowed. Version 1 keeps its rules. */

static char *
copy_vectors_v1 (const char *dir)
{
  g_autofree char *vectors = vectors_path (1);
  g_autofree char *text = read_text (vectors);
  char *path = g_build_filename (dir, "chain.jsonl", NULL);

  write_text (path, text, -1);
  return path;
}

static void
test_header_v2 (Tamper *t, gconstpointer data)
{
  g_autoptr(JsonObject) header = parse_object (g_ptr_array_index (t->lines, 0));
  const char *created = json_object_get_string_member (header, "created");
  g_autofree char *earlier = g_strdup (created);
  g_autofree char *original = g_strdup (g_ptr_array_index (t->lines, 0));
  g_autoptr(OnairWitnessVerification) v = NULL;

  g_assert_cmpstr (json_object_get_string_member (header, "format"), ==, "onair-witness/2");

  /* The creation time is covered by the genesis hash. */
  earlier[3] = earlier[3] == '0' ? '1' : '0';
  edit_line (t->lines, 0, created, earlier);
  assert_broken (t, ONAIR_WITNESS_FAULT_GENESIS, 0);

  /* A member beside the four is covered by no hash, so it is not allowed. */
  replace_line (t->lines, 0, original);
  edit_line (t->lines, 0, "\"chain_id\"", "\"operator\":\"someone\",\"chain_id\"");
  assert_broken (t, ONAIR_WITNESS_FAULT_HEADER, 0);
  v = verify_path (t->path, NULL);
  g_assert_nonnull (strstr (v->reason, "operator"));
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Nor is a member twice. */
  replace_line (t->lines, 0, original);
  edit_line (t->lines, 0, "\"chain_id\"", "\"format\":\"onair-witness/2\",\"chain_id\"");
  assert_broken (t, ONAIR_WITNESS_FAULT_HEADER, 0);

  replace_line (t->lines, 0, original);
  write_lines (t->path, t->lines);
  v = verify_path (t->path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 2);
}

static void
test_header_v1 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = copy_vectors_v1 (dir);
  g_autoptr(GPtrArray) lines = read_lines (path);
  g_autoptr(OnairWitnessVerification) v = NULL;

  /* Version 1 covers only the chain_id: created and other members may change unnoticed. */
  edit_line (lines, 0, "10:29:59.000Z", "09:00:00.000Z");
  edit_line (lines, 0, "\"chain_id\"", "\"note\": \"x\", \"chain_id\"");
  write_lines (path, lines);
  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 1);
  g_clear_pointer (&v, onair_witness_verification_free);

  edit_line (lines, 0, "3f2b8c1e", "3f2b8c1f");
  write_lines (path, lines);
  v = verify_path (path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_GENESIS);

  remove_tree (dir);
}

/* An existing version 1 chain is appended to as version 1: its header is never rewritten. */
static void
test_append_v1 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = copy_vectors_v1 (dir);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(GPtrArray) before = read_lines (path);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(JsonObject) event = make_event (1);
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  OnairWitnessAnchor head;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_witness_get_format_version (witness), ==, 1);
  g_assert_true (onair_witness_append (witness, event, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpint (head.seq, ==, 3);

  after = read_lines (path);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, g_ptr_array_index (before, 0));

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 1);
  g_assert_cmpuint (v->total_events, ==, 4);
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Its exports are version 1 too: a version 2 export would rebuild another genesis hash. */
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_no_error (error);
  text = read_text (export_path);
  doc = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (doc, "format"), ==, "onair-witness-export/1");
  g_assert_false (json_object_has_member (doc, "chain_created"));
  v = verify_path (export_path, NULL);
  g_assert_true (v->valid);
  g_assert_true (v->complete);
  g_assert_cmpuint (v->format_version, ==, 1);

  g_clear_object (&witness);
  remove_tree (dir);
}

/* A version 2 export names the header's created, from which its genesis hash is rebuilt. */
static void
test_export_v2 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 3, NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *genesis = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *created = NULL;
  char *at;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_no_error (error);

  text = read_text (export_path);
  doc = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (doc, "format"), ==, "onair-witness-export/2");
  g_assert_cmpstr (json_object_get_string_member (doc, "chain_created"), ==,
                   onair_witness_get_created (witness));
  genesis = onair_witness_compute_genesis_hash_v2 (json_object_get_string_member (doc, "chain_id"),
                                                   json_object_get_string_member (doc,
                                                                                  "chain_created"));
  g_assert_cmpstr (json_object_get_string_member (doc, "genesis_hash"), ==, genesis);

  v = verify_path (export_path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 2);
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Without chain_created a version 2 export is incomplete. */
  created = g_strdup_printf ("\"chain_created\": \"%s\",\n", onair_witness_get_created (witness));
  edited = g_strdup (text);
  at = strstr (edited, created);
  g_assert_nonnull (at);
  memmove (at, at + strlen (created), strlen (at + strlen (created)) + 1);
  write_text (export_path, edited, -1);
  v = verify_path (export_path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_EXPORT);
  g_assert_nonnull (strstr (v->reason, "chain_created"));

  g_clear_object (&witness);
  remove_tree (dir);
}

/* Torn tails: bytes after the last newline are covered by no hash. */

static void
test_torn_tail_rewritten (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 3, NULL);
  g_autoptr(GPtrArray) lines = read_lines (path);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autofree char *count = NULL;
  const char *last;

  /* Someone rewrites the last entry and leaves out its newline. */
  edit_line (lines, lines->len - 1, "\"channel\":3", "\"channel\":9");
  for (guint i = 0; i + 1 < lines->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lines, i));
  last = g_ptr_array_index (lines, lines->len - 1);
  g_string_append (text, last);
  write_text (path, text->str, text->len);
  count = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", strlen (last));

  v = verify_path (path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_TORN_TAIL);
  g_assert_cmpint (v->broken_at, ==, 3);
  g_assert_cmpint (v->broken_line, ==, 5);
  g_assert_cmpuint (v->torn_bytes, ==, strlen (last));
  g_assert_nonnull (strstr (v->reason, "torn tail"));
  g_assert_nonnull (strstr (v->reason, count));
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Accepted on request, still counted. */
  v = verify_path_full (path, NULL, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, ==, 3);
  g_assert_cmpuint (v->torn_bytes, ==, strlen (last));

  remove_tree (dir);
}

/* Lines: at most ONAIR_WITNESS_MAX_LINE bytes, in writing and in reading. */

static JsonObject *
make_padded_event (gsize padding)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2025, 11, 12, 10, 0, 0);
  g_autofree char *pad = g_strnfill (padding, 'p');
  JsonObject *params = json_object_new ();

  json_object_set_string_member (params, "pad", pad);
  return onair_witness_event_new ("vmix_function", when, params, NULL);
}

static gsize
last_line_length (const char *path)
{
  g_autoptr(GPtrArray) lines = read_lines (path);

  return strlen (g_ptr_array_index (lines, lines->len - 1));
}

static void
test_line_limit (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 0, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(JsonObject) small = make_padded_event (1);
  g_autoptr(JsonObject) exact = NULL;
  g_autoptr(JsonObject) over = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  gsize fixed;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Entries 1 and 2 differ only in their padding (one digit of seq each, same timestamps'
   * lengths), so the padding that makes a line of exactly the limit is known. */
  g_assert_true (onair_witness_append (witness, small, NULL, &error));
  fixed = last_line_length (path) - 1;
  exact = make_padded_event (ONAIR_WITNESS_MAX_LINE - fixed);
  over = make_padded_event (ONAIR_WITNESS_MAX_LINE - fixed + 1);

  g_assert_true (onair_witness_append (witness, exact, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last_line_length (path), ==, ONAIR_WITNESS_MAX_LINE);

  /* One byte more is refused, and nothing is written. */
  before = read_text (path);
  g_assert_false (onair_witness_append (witness, over, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "65537"));
  g_clear_error (&error);
  after = read_text (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 3);
  g_clear_object (&witness);

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, ==, 3);
  g_clear_pointer (&v, onair_witness_verification_free);

  /* A line one byte over, in the middle of the chain: reported by its line number, with or
   * without a torn tail accepted, and not opened. */
  lines = read_lines (path);
  edit_line (lines, 3, "\"pad\":\"p", "\"pad\":\"pp");
  g_ptr_array_add (lines, g_strdup (g_ptr_array_index (lines, 2)));
  write_lines (path, lines);
  for (guint allow = 0; allow < 2; allow++)
    {
      v = verify_path_full (path, NULL, allow ? ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL
                                              : ONAIR_WITNESS_VERIFY_NONE);
      g_assert_false (v->valid);
      g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_LINE_TOO_LONG);
      g_assert_cmpint (v->broken_at, ==, 4);
      g_assert_cmpint (v->broken_line, ==, 4);
      g_assert_nonnull (strstr (v->reason, "65536"));
      g_clear_pointer (&v, onair_witness_verification_free);
    }
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN);
  g_assert_null (witness);
  g_clear_error (&error);

  remove_tree (dir);
}

/* Only a tail of at most ONAIR_WITNESS_MAX_LINE bytes can be a torn write. */
static void
test_torn_tail_limit (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 2, NULL);
  g_autofree char *torn_path = g_strconcat (path, ".torn", NULL);
  g_autofree char *clean = read_text (path);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *torn = NULL;
  gsize torn_length;

  /* The limit itself: a torn write, set aside on open. */
  g_string_append (text, clean);
  g_string_append_len (text, "{\"seq\":3,", 9);
  while (text->len < strlen (clean) + ONAIR_WITNESS_MAX_LINE)
    g_string_append_c (text, 'x');
  write_text (path, text->str, text->len);

  v = verify_path (path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_TORN_TAIL);
  g_clear_pointer (&v, onair_witness_verification_free);
  v = verify_path_full (path, NULL, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->torn_bytes, ==, ONAIR_WITNESS_MAX_LINE);
  g_clear_pointer (&v, onair_witness_verification_free);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (torn_path, &torn, &torn_length, NULL));
  g_assert_cmpuint (torn_length, ==, ONAIR_WITNESS_MAX_LINE);
  g_clear_object (&witness);
  g_unlink (torn_path);

  /* One byte more is damage: not valid even when torn tails are accepted, and not repaired. */
  g_string_assign (text, clean);
  while (text->len < strlen (clean) + ONAIR_WITNESS_MAX_LINE + 1)
    g_string_append_c (text, 'x');
  write_text (path, text->str, text->len);

  v = verify_path_full (path, NULL, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_LINE_TOO_LONG);
  g_assert_cmpint (v->broken_at, ==, 5);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN);
  g_assert_false (g_file_test (torn_path, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

static glong
max_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* A huge file without a newline is rejected after a bounded read, never held in memory. Run
 * in a child process of its own, so that its peak memory is this test's alone. */
static void
test_line_memory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  guint64 size = G_GUINT64_CONSTANT (256) << 20;
  glong rss_before;
  gint64 started;
  int fd;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = make_tmp_dir ();
  path = make_chain (dir, 1, NULL);

  /* 256 MiB after the last newline, sparse: no disk space, and no newline anywhere. */
  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  close (fd);

  rss_before = max_rss_kib ();
  started = g_get_monotonic_time ();
  v = verify_path_full (path, NULL, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_LINE_TOO_LONG);
  g_assert_cmpint (v->broken_at, ==, 4);
  g_assert_cmpuint (v->total_events, ==, 2);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN);

  g_test_message ("rejected in %" G_GINT64_FORMAT " µs, peak memory %ld → %ld KiB",
                  g_get_monotonic_time () - started, rss_before, max_rss_kib ());
  g_assert_cmpint (max_rss_kib () - rss_before, <, 32 * 1024);

  remove_tree (dir);
}

/* Nesting: what is written is what a verifier reads back, and a line too deep says so. */

static JsonObject *
make_nested_event (guint levels)
{
  JsonNode *node = json_node_init_int (json_node_alloc (), 1);
  JsonObject *params = json_object_new ();

  for (guint i = 0; i < levels; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, node);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  json_object_set_member (params, "deep", node);

  return onair_witness_event_new ("vmix_function", NULL, params, NULL);
}

static void
test_line_depth (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 1, NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  /* The entry, its event and the params hold the arrays: 3 + 125 levels, then 3 + 126. */
  g_autoptr(JsonObject) deepest = make_nested_event (ONAIR_WITNESS_MAX_DEPTH - 3);
  g_autoptr(JsonObject) too_deep = make_nested_event (ONAIR_WITNESS_MAX_DEPTH - 2);
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *line = NULL;
  g_autofree char *limit = NULL;
  OnairWitnessAnchor head;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onair_witness_append (witness, deepest, &head, &error));
  g_assert_no_error (error);

  before = read_text (path);
  g_assert_false (onair_witness_append (witness, too_deep, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  after = read_text (path);
  g_assert_cmpstr (before, ==, after);
  g_clear_object (&witness);

  v = verify_path (path, NULL);
  g_assert_true (v->valid);
  g_clear_pointer (&v, onair_witness_verification_free);

  /* Written by another hand, with right hashes: JSON, but deeper than the format allows. */
  hash = onair_witness_compute_entry_hash (head.seq + 1, too_deep, head.hash,
                                           "2025-11-12T12:00:00.000Z", &error);
  g_assert_no_error (error);
  json_object_set_int_member (entry, "seq", head.seq + 1);
  json_object_set_object_member (entry, "event", json_object_ref (too_deep));
  json_object_set_string_member (entry, "previous_hash", head.hash);
  json_object_set_string_member (entry, "witness_timestamp", "2025-11-12T12:00:00.000Z");
  json_object_set_string_member (entry, "current_hash", hash);
  node = json_node_init_object (json_node_alloc (), entry);
  line = json_to_string (node, FALSE);
  {
    g_autofree char *text = g_strconcat (before, line, "\n", NULL);

    write_text (path, text, -1);
  }

  v = verify_path (path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_MALFORMED);
  g_assert_cmpint (v->broken_at, ==, head.seq + 1);
  g_assert_cmpint (v->broken_line, ==, 5);
  limit = g_strdup_printf ("nested deeper than %d levels", ONAIR_WITNESS_MAX_DEPTH);
  g_assert_nonnull (strstr (v->reason, limit));
  g_assert_null (strstr (v->reason, "not JSON"));

  remove_tree (dir);
}

/* Repairs that a crash interrupted are recorded on the next open, once. */

static guint
count_events (OnairWitness *witness,
              const char   *event_type)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (witness)); i++)
    {
      g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);

      if (g_strcmp0 (onair_witness_entry_get_event_type (entry), event_type) == 0)
        n++;
    }

  return n;
}

static JsonObject *
dup_last_params (OnairWitness *witness)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (witness));
  g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, n - 1);
  g_autoptr(JsonObject) event = onair_witness_entry_dup_event (entry, NULL);

  g_assert_nonnull (event);
  return json_object_ref (json_object_get_object_member (event, "params"));
}

static void
test_torn_unrecorded (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 2, NULL);
  g_autofree char *torn_path = g_strconcat (path, ".torn", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *sha_more = NULL;
  g_autofree char *torn = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GError) error = NULL;
  const char *lost = "{\"seq\":3,\"event\":{\"event_type\":\"stream_st";
  const char *more = "{\"seq\":7,\"ev";
  guint n;

  /* A repair moved a torn tail and cut it from the chain, then Onair died. */
  write_text (torn_path, lost, -1);
  sha = sha256_of (lost, strlen (lost));

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (witness));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (count_events (witness, "chain_repaired"), ==, 1);
  params = dup_last_params (witness);
  g_assert_cmpstr (json_object_get_string_member (params, "torn_file"), ==, "chain.jsonl.torn");
  g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (lost));
  g_assert_true (json_object_get_boolean_member (params, "recorded_late"));
  g_clear_pointer (&params, json_object_unref);
  g_clear_object (&witness);

  /* Once recorded, never again. */
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, n);
  g_assert_cmpuint (count_events (witness, "chain_repaired"), ==, 1);
  g_clear_object (&witness);

  /* The .torn file untouched: only what follows the recorded pieces is recorded. */
  torn = g_strconcat (lost, more, NULL);
  write_text (torn_path, torn, -1);
  sha_more = sha256_of (more, strlen (more));
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (witness, "chain_repaired"), ==, 2);
  params = dup_last_params (witness);
  g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, strlen (lost));
  g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (more));
  g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha_more);
  g_clear_object (&witness);

  v = verify_path (path, NULL);
  g_assert_true (v->valid);

  remove_tree (dir);
}

static void
test_torn_set_aside_twice (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 2, NULL);
  g_autofree char *torn_path = g_strconcat (path, ".torn", NULL);
  g_autofree char *clean = read_text (path);
  g_autofree char *damaged = NULL;
  g_autofree char *torn = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GError) error = NULL;
  const char *tail = "{\"seq\":3,\"event\":{\"event_";

  /* A repair set the tail aside, then Onair died before cutting it from the chain. */
  damaged = g_strconcat (clean, tail, NULL);
  write_text (path, damaged, -1);
  write_text (torn_path, tail, -1);
  sha = sha256_of (tail, strlen (tail));

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (witness, "chain_repaired"), ==, 1);
  params = dup_last_params (witness);
  g_assert_cmpint (json_object_get_int_member (params, "torn_file_offset"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (params, "torn_bytes"), ==, strlen (tail));
  g_assert_cmpstr (json_object_get_string_member (params, "torn_sha256"), ==, sha);
  g_clear_object (&witness);

  /* Set aside once, not twice. */
  torn = read_text (torn_path);
  g_assert_cmpstr (torn, ==, tail);

  remove_tree (dir);
}

static void
verify_valid (OnairWitness            *witness,
              OnairWitnessVerifyFlags  flags)
{
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GError) error = NULL;

  v = onair_witness_verify (witness, NULL, flags, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (v->valid);
}

/* chain_verified: only when asked, and never twice in a row for the same head. */
static void
test_verified_once (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 3, NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessEntry) last = NULL;
  g_autoptr(JsonObject) event = make_event (9);
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  guint n;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (witness));


  /* Not asked for: not recorded, however often. */
  verify_valid (witness, ONAIR_WITNESS_VERIFY_NONE);
  verify_valid (witness, ONAIR_WITNESS_VERIFY_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, n);

  /* Asked for: recorded once for this head. */
  verify_valid (witness, ONAIR_WITNESS_VERIFY_RECORD);
  verify_valid (witness, ONAIR_WITNESS_VERIFY_RECORD);
  verify_valid (witness, ONAIR_WITNESS_VERIFY_RECORD);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, n + 1);
  last = onair_witness_get_entry (witness, n);
  g_assert_cmpstr (onair_witness_entry_get_event_type (last), ==, "chain_verified");
  g_clear_object (&last);

  /* A new head: recorded again. */
  g_assert_true (onair_witness_append (witness, event, NULL, &error));
  verify_valid (witness, ONAIR_WITNESS_VERIFY_RECORD);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, n + 3);
  g_assert_cmpuint (count_events (witness, "chain_verified"), ==, 2);

  /* An export verifies: recorded unless just recorded for the same head. */
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_cmpuint (count_events (witness, "chain_verified"), ==, 2);
  g_assert_cmpuint (count_events (witness, "export_created"), ==, 1);
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_cmpuint (count_events (witness, "chain_verified"), ==, 3);
  g_assert_cmpuint (count_events (witness, "export_created"), ==, 2);
  n = g_list_model_get_n_items (G_LIST_MODEL (witness));
  last = onair_witness_get_entry (witness, n - 2);
  g_assert_cmpstr (onair_witness_entry_get_event_type (last), ==, "chain_verified");
  g_assert_cmpint (onair_witness_entry_get_result (last), ==, ONAIR_WITNESS_RESULT_SUCCESS);

  g_clear_object (&last);
  g_clear_object (&witness);
  remove_tree (dir);
}

/* One writer */

static void
test_lock (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 1, NULL);
  g_autoptr(OnairWitness) first = NULL;
  g_autoptr(OnairWitness) second = NULL;
  g_autoptr(OnairWitness) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

  first = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);

  second = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_LOCKED);
  g_assert_null (second);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, pid));
  g_clear_error (&error);

  /* Readers are never locked out. */
  reader = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);

  /* Closing releases the lock even while the object lives on. */
  onair_witness_close (first);
  second = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&second);

  g_clear_object (&first);
  remove_tree (dir);
}

/* Exports */

static void
test_signing_keys (void)
{
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GBytes) other = new_key ();
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a key", 9);
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *pub_der = NULL;
  g_autofree char *pub_other = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *pem = NULL;
  g_auto(GStrv) pem_lines = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree guchar *raw = NULL;
  gsize raw_len;

  pem = g_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN PRIVATE KEY-----"));

  pub = onair_witness_signing_key_dup_public_key (key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (pub), ==, 44);
  pub_other = onair_witness_signing_key_dup_public_key (other, &error);
  g_assert_cmpstr (pub, !=, pub_other);

  /* The same key as DER. */
  pem_lines = g_strsplit (pem, "\n", -1);
  for (guint i = 0; pem_lines[i] != NULL; i++)
    if (pem_lines[i][0] != '-' && pem_lines[i][0] != '\0')
      g_string_append (body, pem_lines[i]);
  raw = g_base64_decode (body->str, &raw_len);
  der = g_bytes_new (raw, raw_len);
  pub_der = onair_witness_signing_key_dup_public_key (der, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pub_der, ==, pub);

  fingerprint = onair_witness_public_key_fingerprint (pub);
  g_assert_cmpuint (strlen (fingerprint), ==, 39);

  g_assert_null (onair_witness_signing_key_dup_public_key (junk, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY);
}

static OnairWitnessVerification *
verify_text (const char *dir,
             const char *text,
             gsize       length)
{
  g_autofree char *path = g_build_filename (dir, "tampered.json", NULL);

  write_text (path, text, length);
  return verify_path (path, NULL);
}

static void
test_export_complete (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 12, NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pub = NULL;
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(OnairWitnessVerification) chain = NULL;
  g_autoptr(OnairWitnessEntry) recorded = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  guint checked = 0;
  gsize length;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  chain = onair_witness_verify (witness, NULL, ONAIR_WITNESS_VERIFY_RECORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (chain->valid);

  g_assert_true (onair_witness_export (witness, export_file, NULL, key, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 14);  /* chain_created, 12 events, chain_verified */

  v = verify_path (export_path, NULL);
  g_assert_true (v->valid);
  g_assert_true (v->is_export);
  g_assert_true (v->complete);
  g_assert_true (v->signature_valid);
  g_assert_cmpuint (v->total_events, ==, 14);
  pub = onair_witness_signing_key_dup_public_key (key, NULL);
  g_assert_cmpstr (v->public_key, ==, pub);

  /* The export itself is recorded in the chain, after the exported entries; its verification
   * is not, as the chain_verified just before it is of the same head. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), ==, 15);
  recorded = onair_witness_get_entry (witness, 14);
  g_assert_cmpstr (onair_witness_entry_get_event_type (recorded), ==, "export_created");

  g_file_get_contents (export_path, &text, &length, &error);
  g_assert_no_error (error);
  doc = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (doc, "format"), ==, "onair-witness-export/2");
  g_assert_cmpstr (json_object_get_string_member (doc, "chain_created"), ==,
                   onair_witness_get_created (witness));
  g_assert_cmpuint (v->format_version, ==, 2);
  g_assert_true (json_object_get_boolean_member (doc, "chain_valid"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (doc, "filter"),
                                              "event_type"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "events")), ==, 14);

  /* Every byte that is not layout matters: change any and the export fails. */
  for (gsize i = 0; i < length; i++)
    {
      g_autoptr(OnairWitnessVerification) tampered = NULL;
      g_autofree char *copy = NULL;

      if (g_ascii_isspace (text[i]) || i % 7 != 0)
        continue;

      copy = g_memdup2 (text, length);
      copy[i] = copy[i] == 'x' ? 'y' : 'x';
      tampered = verify_text (dir, copy, length);
      if (tampered->valid)
        g_test_message ("byte %" G_GSIZE_FORMAT " (%c) changed undetected", i, text[i]);
      g_assert_false (tampered->valid);
      checked++;
    }
  g_test_message ("%u single-byte changes detected", checked);

  g_clear_object (&recorded);
  g_assert_finalize_object (g_steal_pointer (&witness));
  remove_tree (dir);
}

static char *
replace_first (const char *text,
               const char *old,
               const char *replacement)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replacement, at + strlen (old));
}

static void
test_export_tampered (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 6, NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) doc = NULL;
  const char *value;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_no_error (error);
  text = read_text (export_path);
  doc = parse_object (text);

  /* A changed event: its hash and the signature both fail; the entry is named. */
  {
    g_autofree char *edited = replace_first (text, "\"channel\":3", "\"channel\":7");
    g_autoptr(OnairWitnessVerification) v = verify_text (dir, edited, strlen (edited));

    g_assert_false (v->valid);
    g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_CURRENT_HASH);
    g_assert_cmpint (v->broken_at, ==, 3);
    g_assert_false (v->signature_valid);
  }

  /* A changed signature. */
  {
    g_autofree char *sig = NULL;
    g_autofree char *edited = NULL;
    g_autoptr(OnairWitnessVerification) v = NULL;

    value = json_object_get_string_member (json_object_get_object_member (doc, "signature"),
                                           "value");
    sig = g_strdup (value);
    sig[5] = sig[5] == 'A' ? 'B' : 'A';
    edited = replace_first (text, value, sig);
    v = verify_text (dir, edited, strlen (edited));
    g_assert_false (v->valid);
    g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_SIGNATURE);
  }

  /* Dropping an entry: the chain from genesis breaks. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    g_autoptr(GString) edited = g_string_new (NULL);
    g_autoptr(OnairWitnessVerification) v = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "{\"current_hash\"") == NULL || strstr (lines[i], "\"seq\":2,") == NULL)
        g_string_append_printf (edited, "%s%s", lines[i], lines[i + 1] != NULL ? "\n" : "");
    v = verify_text (dir, edited->str, edited->len);
    g_assert_false (v->valid);
    g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_SEQ);
    g_assert_cmpint (v->broken_at, ==, 2);
  }

  /* Whitespace is layout, not content. */
  {
    g_autofree char *edited = replace_first (text, "\"complete\": ", "\"complete\":\t\t");
    g_autoptr(OnairWitnessVerification) v = verify_text (dir, edited, strlen (edited));

    g_assert_true (v->valid);
  }

  g_clear_object (&witness);
  remove_tree (dir);
}

static void
test_export_filtered (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 20, NULL);
  g_autofree char *export_path = g_build_filename (dir, "filtered.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessFilter) filter = NULL;
  g_autoptr(OnairWitnessFilter) by_time = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2025, 11, 12, 10, 3, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2025, 11, 12, 10, 6, 0);
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) doc = NULL;
  guint64 n = 0;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);

  filter = onair_witness_filter_new ("stream_started", NULL, NULL, NULL);
  g_assert_true (onair_witness_export (witness, export_file, filter, key, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);

  {
    g_autoptr(OnairWitnessVerification) v = verify_path (export_path, NULL);

    g_assert_true (v->valid);
    g_assert_false (v->complete);
    g_assert_true (v->signature_valid);
    g_assert_cmpuint (v->total_events, ==, 5);
  }

  text = read_text (export_path);
  doc = parse_object (text);
  g_assert_false (json_object_get_boolean_member (doc, "complete"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "filter"),
                                                  "event_type"), ==, "stream_started");

  /* Filtered exports verify entry by entry: a changed entry is still found. */
  {
    g_autofree char *edited = replace_first (text, "\"channel\":4", "\"channel\":5");
    g_autoptr(OnairWitnessVerification) v = verify_text (dir, edited, strlen (edited));

    g_assert_false (v->valid);
    g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_CURRENT_HASH);
    g_assert_cmpint (v->broken_at, ==, 4);
  }

  /* A time window: consecutive entries, which must also link. */
  by_time = onair_witness_filter_new (NULL, from, to, NULL);
  g_assert_true (onair_witness_export (witness, export_file, by_time, key, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  {
    g_autoptr(OnairWitnessVerification) v = verify_path (export_path, NULL);

    g_assert_true (v->valid);
    g_assert_false (v->complete);
  }

  /* Nothing matches: still a valid, signed, empty export. */
  {
    g_autoptr(OnairWitnessFilter) none = onair_witness_filter_new ("nothing", NULL, NULL, NULL);
    g_autoptr(OnairWitnessVerification) v = NULL;

    g_assert_true (onair_witness_export (witness, export_file, none, key, &n, NULL, &error));
    g_assert_cmpuint (n, ==, 0);
    v = verify_path (export_path, NULL);
    g_assert_true (v->valid);
    g_assert_cmpuint (v->total_events, ==, 0);
  }

  g_clear_object (&witness);
  remove_tree (dir);
}

static void
test_export_broken_chain (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 4, NULL);
  g_autofree char *export_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(GPtrArray) lines = read_lines (path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GBytes) key = new_key ();
  g_autoptr(GBytes) junk = g_bytes_new_static ("junk", 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) doc = NULL;

  edit_line (lines, LINE_OF_SEQ (2), "\"channel\":2", "\"channel\":9");
  write_lines (path, lines);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);

  /* A bad key fails before anything is written. */
  g_assert_false (onair_witness_export (witness, export_file, NULL, junk, NULL, NULL, &error));
  g_assert_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY);
  g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A broken chain is exported as it is, and says so. */
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_no_error (error);
  text = read_text (export_path);
  doc = parse_object (text);
  g_assert_false (json_object_get_boolean_member (doc, "chain_valid"));

  v = verify_path (export_path, NULL);
  g_assert_false (v->valid);
  g_assert_cmpint (v->broken_at, ==, 2);
  g_assert_true (v->signature_valid);

  g_clear_object (&witness);
  remove_tree (dir);
}

/* Crashes: a child appends in a loop and is killed at random moments. */

static int
crash_child (const char *path)
{
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  onair_witness_set_split_writes_for_testing (TRUE);

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  if (witness == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 3;
    }

  for (guint i = 0;; i++)
    {
      g_autoptr(JsonObject) params = json_object_new ();
      g_autoptr(JsonObject) event = NULL;
      OnairWitnessAnchor head;
      char ack[32];
      int len;

      json_object_set_int_member (params, "n", i);
      json_object_set_string_member (params, "padding", "0123456789abcdefghijklmnopqrstuvwxyz");
      event = onair_witness_event_new ("vmix_function", NULL, g_steal_pointer (&params), NULL);
      if (!onair_witness_append (witness, event, &head, &error))
        {
          g_printerr ("child: %s\n", error->message);
          return 4;
        }

      /* Acknowledged only once durable. */
      len = g_snprintf (ack, sizeof ack, "%" G_GINT64_FORMAT "\n", head.seq);
      if (write (STDOUT_FILENO, ack, len) != len)
        return 5;
    }
}

static void
test_crash (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  guint repairs = 0;
  gint64 max_acked = -1;

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) acks = NULL;
      g_autoptr(OnairWitness) witness = NULL;
      g_autoptr(OnairWitnessVerification) v = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      guint before;
      OnairWitnessAnchor head;

      g_subprocess_launcher_setenv (launcher, CRASH_CHILD_ENV, path, TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
      g_assert_no_error (error);
      acks = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* Wait for the first acknowledged append, then kill at a random moment. */
      line = g_data_input_stream_read_line (acks, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      max_acked = MAX (max_acked, g_ascii_strtoll (line, NULL, 10));
      g_usleep (g_random_int_range (0, 15000));
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (g_subprocess_get_if_exited (child));

      for (;;)
        {
          g_free (line);
          line = g_data_input_stream_read_line (acks, NULL, NULL, &error);
          g_assert_no_error (error);
          if (line == NULL)
            break;
          max_acked = MAX (max_acked, g_ascii_strtoll (line, NULL, 10));
        }

      /* Opening repairs; the chain verifies; nothing acknowledged is missing. */
      {
        g_autoptr(OnairWitness) reader = onair_witness_open (path, NULL,
                                                              ONAIR_WITNESS_OPEN_READ_ONLY,
                                                              NULL, &error);
        g_assert_no_error (error);
        before = g_list_model_get_n_items (G_LIST_MODEL (reader));
        if (onair_witness_get_torn_bytes (reader) > 0)
          repairs++;
      }

      witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (onair_witness_get_head (witness, &head));
      g_assert_cmpint (head.seq, >=, max_acked);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (witness)), >=, before);

      v = onair_witness_verify (witness, NULL, ONAIR_WITNESS_VERIFY_NONE, NULL, &error);
      g_assert_no_error (error);
      if (!v->valid)
        g_test_message ("round %u: %s", round, v->reason);
      g_assert_true (v->valid);
      g_assert_cmpuint (v->torn_bytes, ==, 0);
    }

  g_test_message ("50 crashes, %u torn tails repaired, last acknowledged seq %" G_GINT64_FORMAT,
                  repairs, max_acked);
  g_assert_cmpuint (repairs, >, 0);

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  const char *crash_path = g_getenv (CRASH_CHILD_ENV);

  if (crash_path != NULL)
    return crash_child (crash_path);

  self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/onair/witness/vectors/verify-v1", GUINT_TO_POINTER (1),
                        test_vectors_verify);
  g_test_add_data_func ("/onair/witness/vectors/verify-v2", GUINT_TO_POINTER (2),
                        test_vectors_verify);
  g_test_add_data_func ("/onair/witness/vectors/rebuild-v1", GUINT_TO_POINTER (1),
                        test_vectors_rebuild);
  g_test_add_data_func ("/onair/witness/vectors/rebuild-v2", GUINT_TO_POINTER (2),
                        test_vectors_rebuild);

  g_test_add_func ("/onair/witness/canonical/escaping", test_canonical_escaping);
  g_test_add_func ("/onair/witness/canonical/escaping-nul", test_canonical_escaping_scanner_only);
  g_test_add_func ("/onair/witness/canonical/non-ascii", test_canonical_non_ascii);
  g_test_add_func ("/onair/witness/canonical/sorting", test_canonical_sorting);
  g_test_add_func ("/onair/witness/canonical/nested", test_canonical_nested);
  g_test_add_func ("/onair/witness/canonical/floats", test_canonical_floats);
  g_test_add_func ("/onair/witness/canonical/integers", test_canonical_integers);
  g_test_add_func ("/onair/witness/canonical/not-json", test_canonical_not_json);

  g_test_add_func ("/onair/witness/event/fingerprint", test_fingerprint);
  g_test_add_func ("/onair/witness/event/redact-url", test_redact_url);
  g_test_add_func ("/onair/witness/event/redaction", test_event_redaction);
  g_test_add_func ("/onair/witness/event/results", test_results);
  g_test_add_func ("/onair/witness/event/timestamps", test_timestamps);
  g_test_add_func ("/onair/witness/anchor/string", test_anchor_string);

  g_test_add_func ("/onair/witness/chain/create-modes", test_create_modes);
  g_test_add_func ("/onair/witness/chain/append-model", test_append_and_model);
  g_test_add_func ("/onair/witness/chain/append-rejects", test_append_rejects);
  g_test_add_func ("/onair/witness/chain/append-async-order", test_append_async_order);
  g_test_add_func ("/onair/witness/chain/open-verify-async", test_open_and_verify_async);
  g_test_add_func ("/onair/witness/chain/filter", test_filter);
  g_test_add_func ("/onair/witness/chain/lock", test_lock);
  g_test_add_func ("/onair/witness/chain/torn-tail", test_torn_tail);
  g_test_add_func ("/onair/witness/chain/torn-tail-rewritten", test_torn_tail_rewritten);
  g_test_add_func ("/onair/witness/chain/torn-tail-limit", test_torn_tail_limit);
  g_test_add_func ("/onair/witness/chain/torn-unrecorded", test_torn_unrecorded);
  g_test_add_func ("/onair/witness/chain/torn-set-aside-twice", test_torn_set_aside_twice);
  g_test_add_func ("/onair/witness/chain/verified-once", test_verified_once);
  g_test_add_func ("/onair/witness/chain/append-v1", test_append_v1);
  g_test_add_func ("/onair/witness/header/v1", test_header_v1);
  g_test_add_func ("/onair/witness/lines/limit", test_line_limit);
  g_test_add_func ("/onair/witness/lines/bounded-memory", test_line_memory);
  g_test_add_func ("/onair/witness/lines/depth", test_line_depth);
  g_test_add_func ("/onair/witness/chain/crash", test_crash);

#define ADD_TAMPER(name, func) \
  g_test_add ("/onair/witness/tamper/" name, Tamper, NULL, tamper_setup, func, tamper_teardown)
  ADD_TAMPER ("event", test_tamper_event);
  ADD_TAMPER ("timestamp", test_tamper_timestamp);
  ADD_TAMPER ("witness-timestamp", test_tamper_witness_timestamp);
  ADD_TAMPER ("hash", test_tamper_hash);
  ADD_TAMPER ("rehashed", test_tamper_rehashed);
  ADD_TAMPER ("reorder", test_tamper_reorder);
  ADD_TAMPER ("delete-middle", test_tamper_delete_middle);
  ADD_TAMPER ("seq-gap", test_tamper_seq_gap);
  ADD_TAMPER ("genesis", test_tamper_genesis);
  ADD_TAMPER ("chain-id", test_tamper_chain_id);
  ADD_TAMPER ("header", test_tamper_header);
  ADD_TAMPER ("not-json", test_tamper_not_json);
  ADD_TAMPER ("float", test_tamper_float);
  ADD_TAMPER ("truncated", test_tamper_truncated);
  ADD_TAMPER ("replaced", test_tamper_replaced);
  ADD_TAMPER ("open-damaged", test_open_damaged);
  ADD_TAMPER ("header-v2", test_header_v2);
#undef ADD_TAMPER

  g_test_add_func ("/onair/witness/export/keys", test_signing_keys);
  g_test_add_func ("/onair/witness/export/complete", test_export_complete);
  g_test_add_func ("/onair/witness/export/tampered", test_export_tampered);
  g_test_add_func ("/onair/witness/export/filtered", test_export_filtered);
  g_test_add_func ("/onair/witness/export/broken-chain", test_export_broken_chain);
  g_test_add_func ("/onair/witness/export/v2", test_export_v2);

  return g_test_run ();
}
