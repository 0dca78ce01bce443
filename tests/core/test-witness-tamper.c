/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: verification finds every kind of tampering; version 1 chains still verify. */
#include "config.h"

#include "witness-util.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/witness/chain/append-v1", test_append_v1);
  g_test_add_func ("/onair/witness/header/v1", test_header_v1);

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
  return g_test_run ();
}
