/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: the test vectors, canonical JSON and how events are encoded. */
#include "config.h"

#include "witness-util.h"

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

int
main (int    argc,
      char **argv)
{
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
  return g_test_run ();
}
