/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/health/onair-health-store.h"
#include "health-show.h"

/* The health history on disk: what one run appends, the next reads back (samples bit for
 * bit, the timeline, the alerts); a torn last record after a crash is ignored; old days go;
 * and what an hour of show costs on disk. */

#define S G_GINT64_CONSTANT (1000)

static char *
make_directory (void)
{
  g_autoptr(GError) error = NULL;
  char *directory = g_dir_make_tmp ("onair-health-store-XXXXXX", &error);

  g_assert_no_error (error);
  return directory;
}

static void
remove_directory (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      g_unlink (path);
    }
  g_rmdir (directory);
}

static GPtrArray *
list_files (const char *directory)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (directory, name, NULL));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
flush (OnairHealthStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_health_store_flush_async (store, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_health_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
}

/* A new run: a new history and store on @directory, earlier runs read back. */
static OnairHealthHistory *
reload (const char *directory,
        guint       days)
{
  OnairHealthHistory *history = onair_health_history_new (0);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, directory, days);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (onair_health_store_get_loaded (store));
  onair_health_store_load_async (store, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_health_store_load_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_true (onair_health_store_get_loaded (store));
  return history;
}

static gint64
now_ms (void)
{
  /* Whole seconds, as polls are; the store keeps whatever they are. */
  return g_get_real_time () / 1000000 * 1000;
}

/* Values of every kind the encoder has: integers, small steps, decimals as vMix writes
 * them, doubles, NaN, repeats, negatives. */
static double
value_at (guint i)
{
  static const double values[] = { 0, 1, 1, 3600, 3601, 12.345, -47.958123456789, NAN, NAN,
                                   59.96953, 3.968972E-06, -100, 1e300, 0.1, 2.5, -0.25 };

  return values[i % G_N_ELEMENTS (values)];
}

static void
assert_same_value (double a,
                   double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_true (memcmp (&a, &b, sizeof a) == 0);
}

static void
test_append_reload (void)
{
  g_autofree char *directory = make_directory ();
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, directory, 7);
  g_autoptr(OnairHealthHistory) again = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gint64 t0 = now_ms () - 600 * S;
  const OnairHealthEvent *alert = NULL;
  const char *detail = NULL;

  g_assert_true (onair_health_store_find (history) == store);
  for (guint i = 0; i < 300; i++)
    {
      onair_health_history_append (history, "rtt_ms", t0 + i * S, value_at (i));
      onair_health_history_append (history, "stream_1_live", t0 + i * S, i >= 10 && i < 200);
      if (i == 10)
        onair_health_history_set_lane (history, "stream-1", t0 + i * S, ONAIR_HEALTH_LANE_LIVE,
                                       "YouTube — Main «show»");
      if (i == 200)
        {
          onair_health_history_set_lane (history, "stream-1", t0 + i * S, ONAIR_HEALTH_LANE_LOST,
                                         "YouTube — Main «show»");
          onair_health_history_add_alert (history, t0 + i * S, "Main", ONAIR_HEALTH_CRITICAL,
                                          ONAIR_HEALTH_HEALTHY, "Stream 1 dropped");
        }
      /* Written in batches, as the timer would. */
      if (i % 50 == 49)
        flush (store);
    }
  flush (store);
  files = list_files (directory);
  g_assert_cmpuint (files->len, >=, 1);
  g_assert_cmpuint (onair_health_store_get_bytes_written (store), >, 0);

  again = reload (directory, 7);
  g_assert_cmpuint (onair_health_history_get_n_samples (again, "rtt_ms"), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      gint64 t;
      double v;

      g_assert_true (onair_health_history_get_sample (again, "rtt_ms", i, &t, &v));
      g_assert_cmpint (t, ==, t0 + i * S);
      assert_same_value (v, value_at (i));
    }

  /* The timeline: live, lost, then unknown from the end of that run on. */
  segments = onair_health_history_get_segments (again, "stream-1", t0, t0 + 3600 * S,
                                                t0 + 3600 * S);
  g_assert_cmpuint (segments->len, ==, 3);
  g_assert_cmpint (g_array_index (segments, OnairHealthSegment, 0).state, ==, ONAIR_HEALTH_LANE_LIVE);
  g_assert_cmpstr (g_array_index (segments, OnairHealthSegment, 0).detail, ==, "YouTube — Main «show»");
  g_assert_cmpint (g_array_index (segments, OnairHealthSegment, 0).end_ms, ==, t0 + 200 * S);
  g_assert_cmpint (g_array_index (segments, OnairHealthSegment, 1).state, ==, ONAIR_HEALTH_LANE_LOST);
  g_assert_cmpint (g_array_index (segments, OnairHealthSegment, 1).end_ms, ==, t0 + 299 * S);
  g_assert_cmpint (g_array_index (segments, OnairHealthSegment, 2).state, ==, ONAIR_HEALTH_LANE_UNKNOWN);
  g_assert_cmpint (onair_health_history_get_lane_state (again, "stream-1", &detail), ==,
                   ONAIR_HEALTH_LANE_UNKNOWN);

  for (guint i = 0; i < onair_health_history_get_n_events (again) && alert == NULL; i++)
    if (onair_health_history_get_event (again, i)->kind == ONAIR_HEALTH_EVENT_ALERT)
      alert = onair_health_history_get_event (again, i);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->time_ms, ==, t0 + 200 * S);
  g_assert_cmpstr (alert->subject, ==, "Main");
  g_assert_cmpint (alert->state, ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (alert->text, ==, "Stream 1 dropped");

  g_clear_object (&store);
  remove_directory (directory);
}

/* Onair crashed in the middle of a write: the last frame is torn. The records before it
 * read back, the torn one is ignored, and so is garbage after it. */
static void
test_torn_record (void)
{
  g_autofree char *directory = make_directory ();
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, directory, 7);
  g_autoptr(OnairHealthHistory) again = NULL;
  g_autoptr(OnairHealthHistory) garbage = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *contents = NULL;
  gint64 t0 = now_ms () - 600 * S;
  gsize length = 0;
  guint64 first_frame;
  const char *path;

  for (guint i = 0; i < 10; i++)
    onair_health_history_append (history, "rtt_ms", t0 + i * S, 10 + i);
  flush (store);
  first_frame = onair_health_store_get_bytes_written (store);
  for (guint i = 10; i < 20; i++)
    onair_health_history_append (history, "rtt_ms", t0 + i * S, 10 + i);
  flush (store);
  g_clear_object (&store);

  files = list_files (directory);
  g_assert_cmpuint (files->len, ==, 1);
  path = g_ptr_array_index (files, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, first_frame + 4);
  /* The second frame cut in its middle. */
  g_assert_true (g_file_set_contents (path, contents, length - 4, NULL));

  again = reload (directory, 7);
  g_assert_cmpuint (onair_health_history_get_n_samples (again, "rtt_ms"), ==, 10);

  /* A whole frame's length but damaged bytes: its checksum fails. */
  contents[length - 2] ^= 0x55;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  garbage = reload (directory, 7);
  g_assert_cmpuint (onair_health_history_get_n_samples (garbage, "rtt_ms"), ==, 10);

  remove_directory (directory);
}

static void
copy_as (const char *from,
         const char *directory,
         const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (directory, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static char *
day_name (gint64 days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Days older than the retention are deleted at the next load, and not read. */
static void
test_retention (void)
{
  g_autofree char *directory = make_directory ();
  g_autofree char *source = make_directory ();
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, source, 7);
  g_autoptr(OnairHealthHistory) again = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *old_day = day_name (30);
  g_autofree char *recent_day = day_name (2);
  g_autofree char *old_name = NULL;
  g_autofree char *recent_name = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *recent_path = NULL;
  gint64 t0 = now_ms () - 600 * S;

  for (guint i = 0; i < 5; i++)
    onair_health_history_append (history, "rtt_ms", t0 + i * S, i);
  flush (store);
  g_clear_object (&store);
  files = list_files (source);
  g_assert_cmpuint (files->len, ==, 1);

  /* The same run's file as an old day's (of another run) and a recent day's. */
  old_name = g_strdup_printf ("%s_20000101T000000Z-00000001_1.ohs", old_day);
  recent_name = g_strdup_printf ("%s_20000101T000000Z-00000002_1.ohs", recent_day);
  copy_as (g_ptr_array_index (files, 0), directory, old_name);
  copy_as (g_ptr_array_index (files, 0), directory, recent_name);
  old_path = g_build_filename (directory, old_name, NULL);
  recent_path = g_build_filename (directory, recent_name, NULL);

  again = reload (directory, 7);
  g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (onair_health_history_get_n_samples (again, "rtt_ms"), ==, 5);

  /* Down to one day: the recent file goes too. */
  g_clear_object (&again);
  again = reload (directory, 1);
  g_assert_false (g_file_test (recent_path, G_FILE_TEST_EXISTS));
  left = list_files (directory);
  g_assert_cmpuint (left->len, ==, 0);

  remove_directory (directory);
  remove_directory (source);
}

/* A batch across midnight UTC is split into two days' files; both read back. */
static void
test_day_files (void)
{
  g_autofree char *directory = make_directory ();
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, directory, 7);
  g_autoptr(OnairHealthHistory) again = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gint64 midnight = now_ms () / (86400 * S) * (86400 * S);

  for (gint64 i = -5; i < 5; i++)
    onair_health_history_append (history, "rtt_ms", midnight + i * S, (double) i);
  flush (store);
  files = list_files (directory);
  g_assert_cmpuint (files->len, ==, 2);
  again = reload (directory, 7);
  g_assert_cmpuint (onair_health_history_get_n_samples (again, "rtt_ms"), ==, 10);

  g_clear_object (&store);
  remove_directory (directory);
}

/* What an hour of show costs on disk: the monitor fed a real state document every second
 * (two streams live, the recording on, master meters moving as vMix reports them), as
 * `onair` records it. README's "Health" paragraph quotes the figure. */
static void
test_disk_cost (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *directory = make_directory ();
  OnairHealthHistory *history = onair_health_monitor_get_history (fixture->monitor);
  g_autoptr(OnairHealthStore) store = onair_health_store_new (history, directory, 7);
  g_auto(GStrv) metrics = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  guint64 bytes;

  fixture->show.now_ms = now_ms () - 3600 * S;
  fixture->show.live[0] = TRUE;
  fixture->show.live[1] = TRUE;
  fixture->show.recording = TRUE;
  for (guint second = 0; second < 3600; second++)
    {
      char meter[16];

      /* vMix writes meters with 7 significant digits. */
      g_snprintf (meter, sizeof meter, "%.7g", g_rand_double_range (rand, 0.05, 0.9));
      fixture->show.meter = g_ascii_strtod (meter, NULL);
      fixture->show.rtt_us = g_rand_int_range (rand, 800, 3000);
      if (second % 5 == 4)
        flush (store);
      poll_for (fixture, 1);
    }
  flush (store);
  bytes = onair_health_store_get_bytes_written (store);
  metrics = onair_health_history_list_metrics (history);
  g_test_message ("disk cost: %" G_GUINT64_FORMAT " bytes for an hour at 1 Hz with %u metrics "
                  "(%.1f bytes a sample)", bytes, g_strv_length (metrics),
                  (double) bytes / (3600.0 * g_strv_length (metrics)));
  /* Compact: far below a JSON object a sample (~60 bytes each). */
  g_assert_cmpuint (bytes, <, 3600 * g_strv_length (metrics) * 8);
  g_assert_cmpuint (bytes, >, 3600 * 10);

  g_rand_free (rand);
  g_clear_object (&store);
  remove_directory (directory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/health-history/store/append-reload", test_append_reload);
  g_test_add_func ("/onair/health-history/store/torn-record", test_torn_record);
  g_test_add_func ("/onair/health-history/store/retention", test_retention);
  g_test_add_func ("/onair/health-history/store/day-files", test_day_files);
  g_test_add ("/onair/health-history/store/disk-cost", Fixture, NULL, fixture_set_up,
              test_disk_cost, fixture_tear_down);

  return g_test_run ();
}
