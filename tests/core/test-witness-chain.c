/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: creating, appending to, opening, filtering and locking a chain. */
#include "config.h"

#include "witness-util.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/witness/chain/create-modes", test_create_modes);
  g_test_add_func ("/onair/witness/chain/append-model", test_append_and_model);
  g_test_add_func ("/onair/witness/chain/append-rejects", test_append_rejects);
  g_test_add_func ("/onair/witness/chain/append-async-order", test_append_async_order);
  g_test_add_func ("/onair/witness/chain/open-verify-async", test_open_and_verify_async);
  g_test_add_func ("/onair/witness/chain/filter", test_filter);
  g_test_add_func ("/onair/witness/chain/lock", test_lock);
  g_test_add_func ("/onair/witness/chain/verified-once", test_verified_once);
  return g_test_run ();
}
