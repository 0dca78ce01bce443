/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/health/onair-health-monitor.h"

/* The history's events: the on-air timeline's lanes and segments, "this show", the alerts,
 * and how both appear in the CSV exports (states as words, alerts with their host). */

#define T0 G_GINT64_CONSTANT (1762943400000)   /* 2025-11-12T10:30:00Z, 11:30 in Paris */
#define S  G_GINT64_CONSTANT (1000)
#define MINUTE (60 * S)
#define HOUR (60 * MINUTE)

static void
test_lanes (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  g_auto(GStrv) lanes = NULL;
  const char *detail = NULL;
  guint added = 0;

  g_signal_connect_swapped (history, "event-added", G_CALLBACK (g_atomic_int_inc), &added);

  g_assert_true (onair_health_history_set_lane (history, "stream-2", T0, ONAIR_HEALTH_LANE_OFF, NULL));
  /* The same state again, at each poll, adds nothing. */
  g_assert_false (onair_health_history_set_lane (history, "stream-2", T0 + S, ONAIR_HEALTH_LANE_OFF, NULL));
  g_assert_true (onair_health_history_set_lane (history, "stream-2", T0 + 2 * S,
                                                ONAIR_HEALTH_LANE_LIVE, "YouTube"));
  /* Another destination is another segment. */
  g_assert_true (onair_health_history_set_lane (history, "stream-2", T0 + 3 * S,
                                                ONAIR_HEALTH_LANE_LIVE, "Twitch"));
  g_assert_true (onair_health_history_set_lane (history, "recording", T0, ONAIR_HEALTH_LANE_LIVE, NULL));
  g_assert_true (onair_health_history_set_lane (history, "srt-1", T0, ONAIR_HEALTH_LANE_OFF, NULL));
  g_assert_true (onair_health_history_set_lane (history, "stream-10", T0, ONAIR_HEALTH_LANE_OFF, NULL));
  g_assert_cmpuint (added, ==, 6);
  g_assert_cmpuint (onair_health_history_get_n_events (history), ==, 6);

  g_assert_cmpint (onair_health_history_get_lane_state (history, "stream-2", &detail), ==,
                   ONAIR_HEALTH_LANE_LIVE);
  g_assert_cmpstr (detail, ==, "Twitch");
  g_assert_cmpint (onair_health_history_get_lane_state (history, "stream-3", NULL), ==,
                   ONAIR_HEALTH_LANE_UNKNOWN);

  /* Streams by number, then the recording, then SRT outputs. */
  lanes = onair_health_history_list_lanes (history);
  g_assert_cmpuint (g_strv_length (lanes), ==, 4);
  g_assert_cmpstr (lanes[0], ==, "stream-2");
  g_assert_cmpstr (lanes[1], ==, "stream-10");
  g_assert_cmpstr (lanes[2], ==, "recording");
  g_assert_cmpstr (lanes[3], ==, "srt-1");

  onair_health_history_clear (history);
  g_assert_cmpuint (onair_health_history_get_n_events (history), ==, 0);
  g_assert_cmpint (onair_health_history_get_lane_state (history, "stream-2", NULL), ==,
                   ONAIR_HEALTH_LANE_UNKNOWN);
}

static void
test_segments (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) some = NULL;
  g_autoptr(GArray) none = NULL;
  const OnairHealthSegment *segment;

  onair_health_history_set_lane (history, "stream-1", T0, ONAIR_HEALTH_LANE_OFF, NULL);
  onair_health_history_set_lane (history, "stream-1", T0 + 10 * S, ONAIR_HEALTH_LANE_LIVE, "YouTube");
  onair_health_history_set_lane (history, "recording", T0 + 15 * S, ONAIR_HEALTH_LANE_LIVE, NULL);
  onair_health_history_set_lane (history, "stream-1", T0 + 70 * S, ONAIR_HEALTH_LANE_LOST, "YouTube");
  onair_health_history_set_lane (history, "stream-1", T0 + 100 * S, ONAIR_HEALTH_LANE_OFF, NULL);

  all = onair_health_history_get_segments (history, "stream-1", T0, T0 + 200 * S, T0 + 200 * S);
  g_assert_cmpuint (all->len, ==, 4);
  segment = &g_array_index (all, OnairHealthSegment, 1);
  g_assert_cmpint (segment->state, ==, ONAIR_HEALTH_LANE_LIVE);
  g_assert_cmpint (segment->start_ms, ==, T0 + 10 * S);
  g_assert_cmpint (segment->end_ms, ==, T0 + 70 * S);
  g_assert_cmpstr (segment->detail, ==, "YouTube");
  segment = &g_array_index (all, OnairHealthSegment, 2);
  g_assert_cmpint (segment->state, ==, ONAIR_HEALTH_LANE_LOST);
  g_assert_cmpint (segment->end_ms, ==, T0 + 100 * S);
  /* The present state lasts until now. */
  segment = &g_array_index (all, OnairHealthSegment, 3);
  g_assert_cmpint (segment->state, ==, ONAIR_HEALTH_LANE_OFF);
  g_assert_cmpint (segment->end_ms, ==, T0 + 200 * S);

  /* A span inside the live segment: that segment, with its true start and end. */
  some = onair_health_history_get_segments (history, "stream-1", T0 + 20 * S, T0 + 30 * S,
                                            T0 + 200 * S);
  g_assert_cmpuint (some->len, ==, 1);
  g_assert_cmpint (g_array_index (some, OnairHealthSegment, 0).start_ms, ==, T0 + 10 * S);
  g_assert_cmpint (g_array_index (some, OnairHealthSegment, 0).end_ms, ==, T0 + 70 * S);

  none = onair_health_history_get_segments (history, "srt-4", T0, T0 + HOUR, T0 + HOUR);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_show_range (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  gint64 from = 0, to = 0;
  /* The day before, in Paris: a show that ended. */
  gint64 yesterday = T0 - 24 * HOUR;

  g_assert_false (onair_health_history_get_show_range (history, T0, &from, &to));

  onair_health_history_set_lane (history, "stream-1", yesterday, ONAIR_HEALTH_LANE_LIVE, "YouTube");
  onair_health_history_set_lane (history, "stream-1", yesterday + HOUR, ONAIR_HEALTH_LANE_OFF, NULL);
  /* An SRT output is not the show. */
  onair_health_history_set_lane (history, "srt-1", T0 - 2 * HOUR, ONAIR_HEALTH_LANE_LIVE, NULL);

  /* The next morning: yesterday's show, from its start to its end. */
  g_assert_true (onair_health_history_get_show_range (history, T0, &from, &to));
  g_assert_cmpint (from, ==, yesterday);
  g_assert_cmpint (to, ==, yesterday + HOUR);

  /* Today: the recording at 11:30, a stream at 12:00 still live: from 11:30 to now. */
  onair_health_history_set_lane (history, "recording", T0, ONAIR_HEALTH_LANE_LIVE, NULL);
  onair_health_history_set_lane (history, "stream-2", T0 + 30 * MINUTE, ONAIR_HEALTH_LANE_LIVE, "Twitch");
  g_assert_true (onair_health_history_get_show_range (history, T0 + HOUR, &from, &to));
  g_assert_cmpint (from, ==, T0);
  g_assert_cmpint (to, ==, T0 + HOUR);

  /* A lost stream is still the show's business. */
  onair_health_history_set_lane (history, "recording", T0 + HOUR, ONAIR_HEALTH_LANE_OFF, NULL);
  onair_health_history_set_lane (history, "stream-2", T0 + HOUR, ONAIR_HEALTH_LANE_LOST, "Twitch");
  g_assert_true (onair_health_history_get_show_range (history, T0 + 2 * HOUR, &from, &to));
  g_assert_cmpint (to, ==, T0 + 2 * HOUR);
}

static void
test_show_across_midnight (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  g_autoptr(GDateTime) evening = g_date_time_new_local (2025, 11, 12, 23, 30, 0);
  gint64 start = g_date_time_to_unix (evening) * 1000;
  gint64 from = 0, to = 0;

  /* The recording from 23:30, a stream started after midnight: the show began at 23:30. */
  onair_health_history_set_lane (history, "recording", start, ONAIR_HEALTH_LANE_LIVE, NULL);
  onair_health_history_set_lane (history, "stream-1", start + HOUR, ONAIR_HEALTH_LANE_LIVE, "YouTube");
  g_assert_true (onair_health_history_get_show_range (history, start + 2 * HOUR, &from, &to));
  g_assert_cmpint (from, ==, start);
  g_assert_cmpint (to, ==, start + 2 * HOUR);
}

static void
test_alerts (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  const OnairHealthEvent *event;

  onair_health_history_add_alert (history, T0, "Main", ONAIR_HEALTH_CRITICAL, ONAIR_HEALTH_HEALTHY,
                                  "Stream 1 dropped\nMaster silent for 16 s");
  /* An event never goes back in time. */
  onair_health_history_add_alert (history, T0 - S, "Main", ONAIR_HEALTH_HEALTHY,
                                  ONAIR_HEALTH_CRITICAL, NULL);
  g_assert_cmpuint (onair_health_history_get_n_events (history), ==, 2);
  event = onair_health_history_get_event (history, 1);
  g_assert_cmpint (event->kind, ==, ONAIR_HEALTH_EVENT_ALERT);
  g_assert_cmpint (event->time_ms, ==, T0);
  g_assert_cmpstr (event->subject, ==, "Main");
  g_assert_cmpint (event->state, ==, ONAIR_HEALTH_HEALTHY);
  g_assert_cmpint (event->previous, ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpuint (onair_health_history_find_event (history, T0), ==, 0);
  g_assert_cmpuint (onair_health_history_find_event (history, T0 + 1), ==, 2);

  /* The oldest events go first once there are too many. */
  for (guint i = 0; i < 25000; i++)
    onair_health_history_add_alert (history, T0 + i, "Main", ONAIR_HEALTH_WARNING,
                                    ONAIR_HEALTH_HEALTHY, "RTT");
  g_assert_cmpuint (onair_health_history_get_n_events (history), <=, 20000);
  g_assert_cmpint (onair_health_history_get_event (history, 0)->time_ms, >, T0);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
finish_stream (GOutputStream *stream)
{
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* A stream live then lost then off, the recording, an SRT output, the connection: states as
 * words in the CSV, "lost" where the timeline says so. */
static void
test_csv_states (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *metrics[] = { "connection_state", "stream_1_live", "recording", "srt_2_on",
                            "recording_duration_s", "poll_failure_rate", NULL };
  g_autofree char *text = NULL;

  for (guint i = 0; i < 4; i++)
    {
      gint64 t = T0 + i * S;

      onair_health_history_append (history, "connection_state", t, ONAIR_CONNECTION_CONNECTED);
      onair_health_history_append (history, "stream_1_live", t, i == 1 ? 1 : i == 3 ? NAN : 0);
      onair_health_history_append (history, "recording", t, i < 2 ? 1 : 0);
      onair_health_history_append (history, "srt_2_on", t, i == 0);
      onair_health_history_append (history, "recording_duration_s", t, i < 2 ? 3600 + i : NAN);
      onair_health_history_append (history, "poll_failure_rate", t, 1.0 / 60);
      if (i == 1)
        onair_health_history_set_lane (history, "stream-1", t, ONAIR_HEALTH_LANE_LIVE, "YouTube");
      if (i == 2)
        {
          onair_health_history_set_lane (history, "stream-1", t, ONAIR_HEALTH_LANE_LOST, "YouTube");
          onair_health_history_set_lane (history, "recording", t, ONAIR_HEALTH_LANE_OFF, NULL);
        }
    }
  g_assert_true (onair_health_history_write_csv (history, stream, metrics, G_MININT64, G_MAXINT64,
                                                 NULL, &error));
  g_assert_no_error (error);
  text = finish_stream (stream);
  g_assert_cmpstr (text, ==,
                   "time,connection_state (state),stream_1_live (state),recording (state),"
                   "srt_2_on (state),recording_duration_s (s),poll_failure_rate (ratio)\r\n"
                   "2025-11-12T11:30:00.000+01:00,connected,off,on,on,3600,0.0167\r\n"
                   "2025-11-12T11:30:01.000+01:00,connected,live,on,off,3601,0.0167\r\n"
                   "2025-11-12T11:30:02.000+01:00,connected,lost,off,off,,0.0167\r\n"
                   "2025-11-12T11:30:03.000+01:00,connected,unknown,off,off,,0.0167\r\n");
}

static void
test_alerts_csv (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (100);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  onair_health_history_add_alert (history, T0 - HOUR, "Main", ONAIR_HEALTH_WARNING,
                                  ONAIR_HEALTH_HEALTHY, "Too early");
  onair_health_history_set_lane (history, "stream-1", T0, ONAIR_HEALTH_LANE_LIVE, NULL);
  onair_health_history_add_alert (history, T0 + 1500, "Backup, \"B\"", ONAIR_HEALTH_CRITICAL,
                                  ONAIR_HEALTH_HEALTHY, "Stream 1 dropped\nMaster silent for 16 s");
  onair_health_history_add_alert (history, T0 + 20 * S, "Main", ONAIR_HEALTH_HEALTHY,
                                  ONAIR_HEALTH_CRITICAL, NULL);

  onair_health_history_write_alerts_csv_async (history, stream, T0, T0 + HOUR, NULL, result_cb,
                                               &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_health_history_write_alerts_csv_finish (history, result, &error));
  g_assert_no_error (error);
  text = finish_stream (stream);
  g_assert_cmpstr (text, ==,
                   "time,level,previous_level,host,reasons\r\n"
                   "2025-11-12T11:30:01.500+01:00,critical,healthy,\"Backup, \"\"B\"\"\","
                   "Stream 1 dropped; Master silent for 16 s\r\n"
                   "2025-11-12T11:30:20.000+01:00,healthy,critical,Main,\r\n");
}

static void
test_merge (void)
{
  g_autoptr(OnairHealthHistory) live = onair_health_history_new (5);
  g_autoptr(OnairHealthHistory) older = onair_health_history_new (5);
  guint loaded = 0;
  gint64 t;
  double v;

  for (guint i = 0; i < 4; i++)
    onair_health_history_append (older, "rtt_ms", T0 + i * S, i);
  onair_health_history_append (older, "master_dbfs_left", T0, -20);
  onair_health_history_append (older, "poll_failure_rate", T0, 0.5);
  onair_health_history_append (older, "poll_failure_rate", T0 + S, 0.25);
  onair_health_history_append (live, "poll_failure_rate", T0 + 5 * S, 0);
  onair_health_history_set_lane (older, "stream-1", T0, ONAIR_HEALTH_LANE_LIVE, "YouTube");
  onair_health_history_set_lane (older, "stream-1", T0 + 3 * S, ONAIR_HEALTH_LANE_UNKNOWN, NULL);
  /* This run started at T0 + 2 s: what the older run has from then on is left out. */
  onair_health_history_append (live, "rtt_ms", T0 + 2 * S, 20);
  onair_health_history_append (live, "rtt_ms", T0 + 5 * S, 50);
  onair_health_history_set_lane (live, "stream-1", T0 + 5 * S, ONAIR_HEALTH_LANE_OFF, NULL);

  g_signal_connect_swapped (live, "loaded", G_CALLBACK (g_atomic_int_inc), &loaded);
  onair_health_history_merge_older (live, older);
  g_assert_cmpuint (loaded, ==, 1);

  g_assert_cmpuint (onair_health_history_get_n_samples (live, "rtt_ms"), ==, 4);
  g_assert_true (onair_health_history_get_sample (live, "rtt_ms", 0, &t, &v));
  g_assert_cmpint (t, ==, T0);
  g_assert_true (onair_health_history_get_sample (live, "rtt_ms", 1, &t, &v));
  g_assert_cmpfloat (v, ==, 1);
  g_assert_true (onair_health_history_get_sample (live, "rtt_ms", 2, &t, &v));
  g_assert_cmpint (t, ==, T0 + 2 * S);
  g_assert_cmpfloat (v, ==, 20);
  g_assert_true (onair_health_history_has_metric (live, "master_dbfs_left"));
  /* All older than this run's: the older ring, then this run's sample. */
  g_assert_cmpuint (onair_health_history_get_n_samples (live, "poll_failure_rate"), ==, 3);
  g_assert_true (onair_health_history_get_sample (live, "poll_failure_rate", 1, &t, &v));
  g_assert_cmpfloat (v, ==, 0.25);
  g_assert_true (onair_health_history_get_sample (live, "poll_failure_rate", 2, &t, &v));
  g_assert_cmpint (t, ==, T0 + 5 * S);

  g_assert_cmpuint (onair_health_history_get_n_events (live), ==, 3);
  g_assert_cmpint (onair_health_history_get_lane_state (live, "stream-1", NULL), ==,
                   ONAIR_HEALTH_LANE_OFF);
  /* Appending goes on after the merge. */
  onair_health_history_append (live, "rtt_ms", T0 + 6 * S, 60);
  g_assert_true (onair_health_history_get_last (live, "rtt_ms", &t, &v));
  g_assert_cmpfloat (v, ==, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/health-history/events/lanes", test_lanes);
  g_test_add_func ("/onair/health-history/events/segments", test_segments);
  g_test_add_func ("/onair/health-history/events/show-range", test_show_range);
  g_test_add_func ("/onair/health-history/events/show-across-midnight", test_show_across_midnight);
  g_test_add_func ("/onair/health-history/events/alerts", test_alerts);
  g_test_add_func ("/onair/health-history/events/csv-states", test_csv_states);
  g_test_add_func ("/onair/health-history/events/alerts-csv", test_alerts_csv);
  g_test_add_func ("/onair/health-history/events/merge", test_merge);

  return g_test_run ();
}
