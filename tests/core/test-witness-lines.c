/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: limits on a line's length, memory and nesting depth. */
#include "config.h"

#include "witness-util.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/witness/chain/torn-tail-limit", test_torn_tail_limit);
  g_test_add_func ("/onair/witness/lines/limit", test_line_limit);
  g_test_add_func ("/onair/witness/lines/bounded-memory", test_line_memory);
  g_test_add_func ("/onair/witness/lines/depth", test_line_depth);
  return g_test_run ();
}
