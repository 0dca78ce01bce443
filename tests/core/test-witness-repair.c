/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: torn tails set aside and repaired, and appends killed at random moments. */
#include "config.h"

#include "witness-util.h"

#define CRASH_CHILD_ENV "ONAIR_WITNESS_TEST_CRASH_CHILD"

static char *self_path;

static char *
sha256_of (const char *data,
           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
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

  g_test_add_func ("/onair/witness/chain/torn-tail", test_torn_tail);
  g_test_add_func ("/onair/witness/chain/torn-tail-rewritten", test_torn_tail_rewritten);
  g_test_add_func ("/onair/witness/chain/torn-unrecorded", test_torn_unrecorded);
  g_test_add_func ("/onair/witness/chain/torn-set-aside-twice", test_torn_set_aside_twice);
  g_test_add_func ("/onair/witness/chain/crash", test_crash);
  return g_test_run ();
}
