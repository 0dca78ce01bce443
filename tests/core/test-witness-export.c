/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: signing keys and signed exports. */
#include "config.h"

#include "witness-util.h"

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

/* Exports the chain at @path, complete, read only; returns the document. */
static JsonObject *
export_read_only (const char *dir,
                  const char *path,
                  GBytes     *key,
                  const char *name)
{
  g_autofree char *export_path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (onair_witness_export (witness, export_file, NULL, key, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Whatever the chain, the export is signed over what it holds. */
  v = verify_path (export_path, NULL);
  g_assert_true (v->signature_valid);

  text = read_text (export_path);
  return parse_object (text);
}

/* Lines as Onair writes them are exported from their pieces, others from a parse: the same
 * events, hashes and verdict either way, whether the chain is valid or broken. */
static void
test_export_fast_path (void)
{
  const char *members[] = { "events", "first_hash", "last_hash", "chain_valid",
                            "total_events" };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = make_chain (dir, 30, NULL);
  g_autoptr(GPtrArray) lines = read_lines (path);
  g_autoptr(GBytes) key = new_key ();

  /* Some lines in other spellings of the same values. */
  edit_line (lines, LINE_OF_SEQ (3), "{\"seq\":", "{ \"seq\" :");
  edit_line (lines, LINE_OF_SEQ (8), "\"note\":\"plain\"", "\"note\":\"pl\\u0061in\"");
  edit_line (lines, LINE_OF_SEQ (9), "\"channel\":", "\"channel\" : ");

  for (guint broken = 0; broken < 2; broken++)
    {
      g_autoptr(JsonObject) fast = NULL;
      g_autoptr(JsonObject) general = NULL;

      if (broken)
        edit_line (lines, LINE_OF_SEQ (20), "\"channel\":20", "\"channel\":21");
      write_lines (path, lines);

      fast = export_read_only (dir, path, key, "fast.json");
      onair_witness_checker_set_fast_path_for_testing (FALSE);
      general = export_read_only (dir, path, key, "general.json");
      onair_witness_checker_set_fast_path_for_testing (TRUE);

      g_assert_cmpint (json_object_get_boolean_member (fast, "chain_valid"), ==, !broken);
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        g_assert_true (json_node_equal (json_object_get_member (fast, members[i]),
                                        json_object_get_member (general, members[i])));
    }

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/witness/export/keys", test_signing_keys);
  g_test_add_func ("/onair/witness/export/complete", test_export_complete);
  g_test_add_func ("/onair/witness/export/tampered", test_export_tampered);
  g_test_add_func ("/onair/witness/export/filtered", test_export_filtered);
  g_test_add_func ("/onair/witness/export/broken-chain", test_export_broken_chain);
  g_test_add_func ("/onair/witness/export/v2", test_export_v2);
  g_test_add_func ("/onair/witness/export/fast-path", test_export_fast_path);
  return g_test_run ();
}
