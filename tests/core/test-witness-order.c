/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "core/show/onair-witness-recorder.h"
#include "core/witness/onair-witness.h"
#include "core/witness/onair-witness-private.h"

/*
 * The times of a chain are in order: no event's timestamp is later than the witness_timestamp
 * of its own entry or of any entry after it, and witness_timestamps never decrease; an event
 * recorded while the chain opens is not older than the chain_created entry written before it.
 * Whatever the clock did meanwhile, and from one session to the next.
 */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("onair-witness-order-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "chain.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
parse_ms (const char *text)
{
  gint64 ms = 0;

  g_assert_nonnull (text);
  g_assert_true (onair_witness_parse_timestamp (text, &ms));
  return ms;
}

typedef struct {
  char   *type;
  gint64  timestamp_ms;
  gint64  witness_ms;
} Times;

static void
times_clear (Times *times)
{
  g_free (times->type);
}

/* Every entry's times, from the file as written. */
static GArray *
read_times (const char *path)
{
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  GArray *times = g_array_new (FALSE, TRUE, sizeof (Times));
  guint n;

  g_array_set_clear_func (times, (GDestroyNotify) times_clear);
  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (witness));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);
      g_autoptr(JsonObject) object = onair_witness_entry_dup_object (entry, &error);
      JsonObject *event;
      Times t = { 0 };

      g_assert_no_error (error);
      event = json_object_get_object_member (object, "event");
      t.type = g_strdup (json_object_get_string_member (event, "event_type"));
      t.timestamp_ms = parse_ms (json_object_get_string_member_with_default (event, "timestamp",
                                                                            NULL));
      t.witness_ms = parse_ms (json_object_get_string_member (object, "witness_timestamp"));
      g_test_message ("seq %u %-24s timestamp %" G_GINT64_FORMAT "  witness %" G_GINT64_FORMAT,
                      i, t.type, t.timestamp_ms, t.witness_ms);
      g_array_append_val (times, t);
    }
  return times;
}

/* The rule of witness-format.md, "Entries", for the entries from @from on: no time the chain
 * holds before an entry (timestamps and witness_timestamps alike) is later than its
 * witness_timestamp, nor its own timestamp. */
static void
assert_in_order (GArray *times,
                 guint   from)
{
  gint64 latest = G_MININT64;

  for (guint j = 0; j < times->len; j++)
    {
      Times *t = &g_array_index (times, Times, j);

      latest = MAX (latest, t->timestamp_ms);
      if (j >= from)
        g_assert_cmpint (latest, <=, t->witness_ms);
      latest = MAX (latest, t->witness_ms);
    }
}

static JsonObject *
event_at (const char *type,
          gint64      unix_ms)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autoptr(GDateTime) when = g_date_time_add (seconds, (unix_ms % 1000) * 1000);

  return onair_witness_event_new (type, when, NULL, NULL);
}

/* Appends @event, taking it. */
static void
append (OnairWitness *witness,
        JsonObject   *event)
{
  g_autoptr(JsonObject) owned = event;
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_witness_append (witness, event, NULL, &error));
  g_assert_no_error (error);
}

/* A request stamped ahead of the clock that writes it (the clock went back in between, or
 * the requester's ran ahead): its entry is not witnessed before it was requested, and the
 * entries after it are not witnessed earlier either. */
static void
test_event_ahead_of_clock (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_ms = g_get_real_time () / 1000;

  witness = onair_witness_open (fixture->path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  append (witness, event_at ("stream_started", now_ms + 3000));
  append (witness, event_at ("stream_stopped", now_ms));
  onair_witness_close (witness);

  times = read_times (fixture->path);
  g_assert_cmpuint (times->len, ==, 3);
  g_assert_cmpstr (g_array_index (times, Times, 1).type, ==, "stream_started");
  g_assert_cmpint (g_array_index (times, Times, 1).timestamp_ms, ==, now_ms + 3000);
  assert_in_order (times, 0);
}

/* The last session's clock ran ahead of this one's: the chain remembers its latest time
 * across a restart, and new entries are not witnessed before it. */
static void
test_clock_behind_last_session (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitness) reopened = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ahead = NULL;
  g_autofree char *written = NULL;
  gint64 now_ms = g_get_real_time () / 1000;

  witness = onair_witness_open (fixture->path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  ahead = event_at ("recording_started", now_ms + 5000);
  written = onair_witness_format_timestamp_ms (now_ms + 5100);
  g_assert_true (onair_witness_append_at (witness, ahead, written, NULL, &error));
  g_assert_no_error (error);
  onair_witness_close (witness);
  g_clear_object (&witness);

  reopened = onair_witness_open (fixture->path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  append (reopened, event_at ("recording_stopped", now_ms));
  onair_witness_close (reopened);

  times = read_times (fixture->path);
  g_assert_cmpuint (times->len, ==, 3);
  g_assert_cmpint (g_array_index (times, Times, 2).witness_ms, >=, now_ms + 5100);
  assert_in_order (times, 0);
}

/* An event without a timestamp happens as it is written: it gets its witness_timestamp. */
static void
test_event_without_timestamp (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) event = onair_witness_event_new ("connection_lost", NULL, NULL, NULL);

  json_object_remove_member (event, "timestamp");
  witness = onair_witness_open (fixture->path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  append (witness, json_object_ref (event));
  onair_witness_close (witness);

  /* The caller's object is left as it was. */
  g_assert_false (json_object_has_member (event, "timestamp"));

  times = read_times (fixture->path);
  g_assert_cmpuint (times->len, ==, 2);
  g_assert_cmpint (g_array_index (times, Times, 1).timestamp_ms, ==,
                   g_array_index (times, Times, 1).witness_ms);
  assert_in_order (times, 0);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_witness_recorder_open_finish (ONAIR_WITNESS_RECORDER (object), result,
                                                     &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Onair records app_started before its chain is open; a new chain is created with its
 * chain_created entry, and app_started follows it: not older than it (the seq 1 at
 * 01:11:52 after seq 0 at 01:11:53). */
static void
test_recorded_while_opening (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OnairWitnessRecorder) recorder = onair_witness_recorder_new (NULL, fixture->path);
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GArray) times = NULL;
  gboolean opened = FALSE;

  json_object_set_string_member (params, "version", PACKAGE_VERSION);
  onair_witness_recorder_record (recorder, "app_started", NULL, params, NULL);
  /* The keyring takes a while to answer, the disk to create the chain. */
  g_usleep (30 * 1000);
  onair_witness_recorder_open_async (recorder, NULL, opened_cb, &opened);
  while (!opened || onair_witness_recorder_get_n_pending (recorder) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&recorder);

  times = read_times (fixture->path);
  g_assert_cmpuint (times->len, ==, 2);
  g_assert_cmpstr (g_array_index (times, Times, 0).type, ==, "chain_created");
  g_assert_cmpstr (g_array_index (times, Times, 1).type, ==, "app_started");
  g_assert_cmpint (g_array_index (times, Times, 1).timestamp_ms, >=,
                   g_array_index (times, Times, 0).witness_ms);
  assert_in_order (times, 0);
}

/* A chain written before this rule (the test vectors: seq 1 requested after it was written)
 * still verifies, and what Onair appends to it keeps the rule from there on. */
static void
test_vectors_unchanged (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *vectors = g_test_build_filename (G_TEST_DIST, "data",
                                                    "witness-vectors-v2.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (vectors);
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  v = onair_witness_verify_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->format_version, ==, 2);

  g_assert_true (g_file_get_contents (vectors, &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (fixture->path, contents, length,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  witness = onair_witness_open (fixture->path, NULL, ONAIR_WITNESS_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  append (witness, event_at ("stream_stopped", G_GINT64_CONSTANT (1762944992000)));
  onair_witness_close (witness);

  times = read_times (fixture->path);
  g_assert_cmpuint (times->len, ==, 4);
  /* The vectors' own times stay as written; the new entry follows all of them. */
  g_assert_cmpint (g_array_index (times, Times, 1).timestamp_ms, >,
                   g_array_index (times, Times, 1).witness_ms);
  assert_in_order (times, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onair/witness/order/event-ahead-of-clock", Fixture, NULL,
              fixture_set_up, test_event_ahead_of_clock, fixture_tear_down);
  g_test_add ("/onair/witness/order/clock-behind-last-session", Fixture, NULL,
              fixture_set_up, test_clock_behind_last_session, fixture_tear_down);
  g_test_add ("/onair/witness/order/event-without-timestamp", Fixture, NULL,
              fixture_set_up, test_event_without_timestamp, fixture_tear_down);
  g_test_add ("/onair/witness/order/recorded-while-opening", Fixture, NULL,
              fixture_set_up, test_recorded_while_opening, fixture_tear_down);
  g_test_add ("/onair/witness/order/vectors-unchanged", Fixture, NULL,
              fixture_set_up, test_vectors_unchanged, fixture_tear_down);

  return g_test_run ();
}
