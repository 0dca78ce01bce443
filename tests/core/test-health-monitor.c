/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/health/onair-health-monitor.h"

#include "health-show.h"

static void
test_unknown_then_healthy (Fixture       *fixture,
                           gconstpointer  data)
{
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_UNKNOWN);
  onair_health_monitor_evaluate (fixture->monitor);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  poll (fixture, 1000);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_assert_cmpint (last_change (fixture)->previous, ==, ONAIR_HEALTH_UNKNOWN);
  g_assert_cmpuint (onair_health_monitor_get_reasons (fixture->monitor)->len, ==, 0);

  poll_for (fixture, 30);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_assert_cmpstr (onair_health_status_to_string (ONAIR_HEALTH_CRITICAL), ==, "critical");
}

static void
test_history_samples (Fixture       *fixture,
                      gconstpointer  data)
{
  OnairHealthHistory *history = onair_health_monitor_get_history (fixture->monitor);
  double value = 0;

  fixture->show.live[1] = TRUE;
  fixture->show.meter = 0.5;
  fixture->show.rtt_us = 12500;
  poll (fixture, 1000);

  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_RTT_MS, NULL, &value));
  g_assert_cmpfloat (value, ==, 12.5);
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT,
                                                NULL, &value));
  g_assert_cmpfloat_with_epsilon (value, -6.0206, 0.0001);
  g_assert_true (onair_health_history_get_last (history, "stream_2_live", NULL, &value));
  g_assert_cmpfloat (value, ==, 1);
  g_assert_true (onair_health_history_get_last (history, "stream_1_live", NULL, &value));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_true (onair_health_history_get_last (history, "stream_5_live", NULL, &value));
  g_assert_true (onair_health_history_get_last (history,
                                                ONAIR_HEALTH_METRIC_RECORDING_DURATION_S,
                                                NULL, &value));
  g_assert_true (isnan (value));
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE,
                                                NULL, &value));
  g_assert_cmpfloat (value, ==, 0);

  fixture->show.meter = 0;
  fixture->show.recording = TRUE;
  fixture->show.duration = 42;
  poll (fixture, 1000);
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT,
                                                NULL, &value));
  g_assert_cmpfloat (value, ==, ONAIR_HEALTH_DBFS_FLOOR);
  g_assert_true (onair_health_history_get_last (history,
                                                ONAIR_HEALTH_METRIC_RECORDING_DURATION_S,
                                                NULL, &value));
  g_assert_cmpfloat (value, ==, 42);

  /* A vMix that reports no meters: a gap, not an invented level. */
  fixture->show.have_master = FALSE;
  poll (fixture, 1000);
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT,
                                                NULL, &value));
  g_assert_true (isnan (value));

  onair_health_monitor_add_poll_failure (fixture->monitor, NULL);
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_RTT_MS, NULL, &value));
  g_assert_true (isnan (value));
  g_assert_true (onair_health_history_get_last (history, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE,
                                                NULL, &value));
  g_assert_cmpfloat (value, ==, 0.25);

  g_assert_cmpfloat (onair_health_peak_to_dbfs (1.0), ==, 0);
  g_assert_cmpfloat (onair_health_peak_to_dbfs (1e-9), ==, -100);
  g_assert_cmpfloat (onair_health_peak_to_dbfs (-1), ==, -100);
  g_assert_cmpfloat_with_epsilon (onair_health_peak_to_dbfs (0.1), -20, 1e-9);
}

static void
test_rtt (Fixture       *fixture,
          gconstpointer  data)
{
  const OnairHealthReason *r;

  poll_for (fixture, 61);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* One slow poll is a hiccup, not an alert. */
  fixture->show.rtt_us = 3000000;
  poll_for (fixture, 1);
  fixture->show.rtt_us = 20000;
  poll_for (fixture, 1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  poll_for (fixture, 61);

  /* Sustained slowness: a warning within a few seconds. */
  fixture->show.rtt_us = 400000;
  poll_for (fixture, 3);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  poll_for (fixture, 5);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  r = reason (fixture, "rtt");
  g_assert_nonnull (r);
  g_assert_cmpint (r->severity, ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (r->message_untranslated, ==, "API round trip 400 ms");
  g_assert_cmpstr (r->subject, ==, "vmix");

  fixture->show.rtt_us = 1200000;
  poll_for (fixture, 10);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (reason (fixture, "rtt")->message_untranslated, ==, "API round trip 1200 ms");
  g_assert_cmpint (last_change (fixture)->previous, ==, ONAIR_HEALTH_WARNING);

  /* Back to fast: healthy once the window forgot the slow polls and the hold passed. */
  fixture->show.rtt_us = 20000;
  poll_for (fixture, 50);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  poll_for (fixture, 30);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  g_assert_null (reason (fixture, "rtt"));
}

static void
test_thresholds (Fixture       *fixture,
                 gconstpointer  data)
{
  OnairHealthThresholds thresholds;

  onair_health_monitor_get_thresholds (fixture->monitor, &thresholds);
  g_assert_cmpuint (thresholds.window_s, ==, 60);
  g_assert_cmpuint (thresholds.rtt_warning_ms, ==, 250);
  g_assert_cmpuint (thresholds.rtt_critical_ms, ==, 1000);
  g_assert_cmpfloat (thresholds.silence_dbfs, ==, -50);
  g_assert_cmpuint (thresholds.silence_warning_s, ==, 5);
  g_assert_cmpuint (thresholds.silence_critical_s, ==, 15);
  g_assert_cmpfloat (thresholds.fps_warning_ratio, ==, 0.95);
  g_assert_cmpfloat (thresholds.fps_critical_ratio, ==, 0.80);
  g_assert_cmpfloat (thresholds.dropped_warning_ratio, ==, 0.01);
  g_assert_cmpfloat (thresholds.dropped_critical_ratio, ==, 0.05);
  g_assert_cmpuint (thresholds.recording_stall_s, ==, 5);
  g_assert_cmpuint (thresholds.flap_max_toggles, ==, 3);
  g_assert_cmpuint (thresholds.flap_window_s, ==, 300);

  fixture->show.rtt_us = 150000;
  poll_for (fixture, 5);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  thresholds.rtt_warning_ms = 100;
  onair_health_monitor_set_thresholds (fixture->monitor, &thresholds);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
}

static void
test_recording_stall (Fixture       *fixture,
                      gconstpointer  data)
{
  const OnairHealthReason *r;
  gint64 stalled_at;

  fixture->show.recording = TRUE;
  poll_for (fixture, 20);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* vMix keeps answering, the duration stops: it last advanced at the previous poll. */
  stalled_at = fixture->show.now_ms - 1000;
  for (guint i = 0; i < 4; i++)
    poll (fixture, 1000);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  poll (fixture, 1000);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpint (last_change (fixture)->at_ms - stalled_at, ==, 5000);
  r = reason (fixture, "recording-stalled");
  g_assert_nonnull (r);
  g_assert_cmpint (r->severity, ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (r->subject, ==, "recording");
  g_assert_cmpstr (r->message_untranslated, ==, "Recording stalled for 5 s");
  g_assert_cmpstr (last_change (fixture)->first_code, ==, "recording-stalled");

  /* It advances again: the status stays critical for the hold, the reason listed. */
  poll_for (fixture, 9);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_nonnull (reason (fixture, "recording-stalled"));
  poll_for (fixture, 2);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  g_assert_cmpuint (fixture->changes->len, ==, 3);

  /* Stopping the recording is not a stall. */
  fixture->show.recording = FALSE;
  poll_for (fixture, 30);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_hysteresis (Fixture       *fixture,
                 gconstpointer  data)
{
  poll_for (fixture, 5);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* A stream lost and back every few seconds: critical at once, then it stays critical
   * instead of flapping with it. */
  for (guint round = 0; round < 5; round++)
    {
      onair_health_monitor_report_stream_lost (fixture->monitor, 0);
      g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
      poll_for (fixture, 2);
      fixture->show.live[0] = TRUE;
      poll_for (fixture, 4);
      fixture->show.live[0] = FALSE;
      g_assert_cmpint (status (fixture), !=, ONAIR_HEALTH_HEALTHY);
    }
  g_assert_cmpint (g_array_index (fixture->changes, Change, 1).status, ==, ONAIR_HEALTH_CRITICAL);

  /* Quiet again: better once the changes left the flap window and the hold passed. */
  poll_for (fixture, 320);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  for (guint i = 1; i + 1 < fixture->changes->len; i++)
    g_assert_cmpint (g_array_index (fixture->changes, Change, i).status, !=,
                     ONAIR_HEALTH_HEALTHY);
  /* unknown → healthy → critical → (warning while it flapped) → healthy */
  g_assert_cmpuint (fixture->changes->len, <=, 4);
}

static void
test_silence (Fixture       *fixture,
              gconstpointer  data)
{
  const OnairHealthReason *r;

  poll_for (fixture, 10);
  fixture->show.meter = 0.002;   /* −54 dBFS */
  poll_for (fixture, 5);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  poll_for (fixture, 1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  r = reason (fixture, "master-silent");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->message_untranslated, ==, "Master silent for 5 s");
  g_assert_cmpstr (r->subject, ==, "master");

  poll_for (fixture, 10);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (reason (fixture, "master-silent")->message_untranslated, ==,
                   "Master silent for 15 s");
  poll_for (fixture, 1);
  g_assert_cmpstr (reason (fixture, "master-silent")->message_untranslated, ==,
                   "Master silent for 16 s");
  g_assert_cmpuint (fixture->changes->len, ==, 3);

  /* Sound again. */
  fixture->show.meter = 0.3;
  poll_for (fixture, 12);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* Without meters there is no silence rule. */
  fixture->show.have_master = FALSE;
  poll_for (fixture, 60);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_flapping (Fixture       *fixture,
               gconstpointer  data)
{
  const OnairHealthReason *r;

  poll_for (fixture, 5);
  for (guint i = 0; i < 3; i++)
    {
      fixture->show.live[1] = !fixture->show.live[1];
      poll_for (fixture, 30);
    }
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 1), ==, 3);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  fixture->show.live[1] = !fixture->show.live[1];
  poll_for (fixture, 1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  r = reason (fixture, "stream-flapping");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->subject, ==, "stream-2");
  g_assert_cmpstr (r->message_untranslated, ==, "Stream 2 is unstable: 4 changes in 5 min");
  g_assert_false (onair_health_monitor_get_stream_live (fixture->monitor, 1));
  g_assert_cmpint (onair_health_monitor_get_stream_since_ms (fixture->monitor, 1), ==,
                   fixture->show.now_ms - 1000);
  g_assert_cmpuint (onair_health_monitor_get_stream_count (fixture->monitor), ==, 5);

  /* Five quiet minutes later the changes left the window. */
  poll_for (fixture, 300);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

/* A vMix that streams without saying which stream: nothing is taken for off, nothing
 * counts as a change, and the graph has a gap rather than a drop. */
static void
test_unreported_streams (Fixture       *fixture,
                         gconstpointer  data)
{
  fixture->show.live[1] = TRUE;
  poll_for (fixture, 5);
  fixture->show.unreported = TRUE;
  poll_for (fixture, 60);
  g_assert_true (onair_health_monitor_get_stream_live (fixture->monitor, 1));
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 1), ==, 0);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  g_assert_null (reason (fixture, "stream-flapping"));

  fixture->show.unreported = FALSE;
  poll_for (fixture, 5);
  g_assert_true (onair_health_monitor_get_stream_live (fixture->monitor, 1));
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 1), ==, 0);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_stream_lost (Fixture       *fixture,
                  gconstpointer  data)
{
  const OnairHealthReason *r;

  fixture->show.live[1] = TRUE;
  poll_for (fixture, 5);
  fixture->show.live[1] = FALSE;
  poll_for (fixture, 1);
  onair_health_monitor_report_stream_lost (fixture->monitor, 1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  r = reason (fixture, "stream-lost");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->subject, ==, "stream-2");
  g_assert_cmpstr (r->message_untranslated, ==, "Stream 2 dropped: vMix reports it off");

  /* It stays critical while the channel is off. */
  poll_for (fixture, 120);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);

  onair_health_monitor_clear_stream_lost (fixture->monitor, 1);
  poll_for (fixture, 11);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

static void
test_poll_failures (Fixture       *fixture,
                    gconstpointer  data)
{
  const OnairHealthReason *r;

  poll_for (fixture, 9);
  onair_health_monitor_add_poll_failure (fixture->monitor, NULL);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
  fixture->show.now_ms += 1000;
  onair_health_monitor_add_poll_failure (fixture->monitor, NULL);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  r = reason (fixture, "poll-failures");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->message_untranslated, ==, "18 % of vMix polls failed in the last 60 s");

  for (guint i = 0; i < 10; i++)
    {
      fixture->show.now_ms += 1000;
      onair_health_monitor_add_poll_failure (fixture->monitor, NULL);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
}

static void
test_connection (Fixture       *fixture,
                 gconstpointer  data)
{
  const OnairHealthReason *r;

  onair_health_monitor_set_connection_state (fixture->monitor, ONAIR_CONNECTION_CONNECTING);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_UNKNOWN);
  g_assert_nonnull (reason (fixture, "vmix-connecting"));
  onair_health_monitor_set_connection_state (fixture->monitor, ONAIR_CONNECTION_LOST);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_UNKNOWN);
  g_assert_nonnull (reason (fixture, "vmix-no-answer"));

  poll_for (fixture, 10);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  fixture->show.now_ms += 6000;
  onair_health_monitor_set_connection_state (fixture->monitor, ONAIR_CONNECTION_LOST);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  r = reason (fixture, "vmix-lost");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->message_untranslated, ==, "No answer from vMix for 7 s");

  /* The producer disconnects: unknown once the alert's hold passed. */
  onair_health_monitor_set_connection_state (fixture->monitor, ONAIR_CONNECTION_DISCONNECTED);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  fixture->show.now_ms += 10000;
  onair_health_monitor_evaluate (fixture->monitor);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_UNKNOWN);
  g_assert_nonnull (reason (fixture, "vmix-disconnected"));
}

static OnairIngestStream *
make_ingest (gint64 bytes,
             double fps,
             double meta_fps)
{
  OnairIngestStream *stream = onair_ingest_stream_new ();

  stream->application = g_strdup ("live");
  stream->name = g_strdup ("secret-key");
  stream->publishing = TRUE;
  stream->bytes_in = bytes;
  stream->bitrate_kbps = 800;
  stream->fps = fps;
  stream->meta_fps = meta_fps;
  return stream;
}

static void
ingest_poll (Fixture                 *fixture,
             const char              *id,
             const OnairIngestStream *stream)
{
  onair_health_monitor_add_ingest_stats (fixture->monitor, id, stream);
}

static void
test_ingest_channel (Fixture       *fixture,
                     gconstpointer  data)
{
  const OnairHealthReason *r;
  gint64 bytes = 0;

  onair_health_monitor_watch_ingest (fixture->monitor, "dest-a", "Own server", 1);
  poll_for (fixture, 5);

  /* The channel is off: no data is expected. */
  for (guint i = 0; i < 30; i++)
    {
      ingest_poll (fixture, "dest-a", NULL);
      poll_for (fixture, 1);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* Live, data flowing. */
  fixture->show.live[1] = TRUE;
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 100000, NAN, 25);

      ingest_poll (fixture, "dest-a", stream);
      poll_for (fixture, 1);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* The stream vanishes from the ingest while vMix says live. */
  for (guint i = 0; i < 5; i++)
    {
      ingest_poll (fixture, "dest-a", NULL);
      poll_for (fixture, 1);
    }
  ingest_poll (fixture, "dest-a", NULL);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  for (guint i = 0; i < 3; i++)
    {
      poll_for (fixture, 1);
      ingest_poll (fixture, "dest-a", NULL);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  poll_for (fixture, 1);
  ingest_poll (fixture, "dest-a", NULL);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  r = reason (fixture, "ingest-stale");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->subject, ==, "ingest:dest-a");
  g_assert_cmpstr (r->message_untranslated, ==, "Stream 2: no data from ingest for 10 s");

  /* Statistics unreadable: a warning, not a guess. */
  onair_health_monitor_add_ingest_failure (fixture->monitor, "dest-a", NULL);
  g_assert_nonnull (reason (fixture, "ingest-unavailable"));
  poll_for (fixture, 11);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (reason (fixture, "ingest-unavailable")->message_untranslated, ==,
                   "Stream 2: ingest statistics unavailable");

  /* The producer stops the channel: nothing expected any more. */
  fixture->show.live[1] = FALSE;
  poll_for (fixture, 11);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  onair_health_monitor_unwatch_ingest (fixture->monitor, "dest-a");
  ingest_poll (fixture, "dest-a", NULL);
}

static void
test_ingest_without_channel (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OnairIngestStream) stream = make_ingest (1000, NAN, NAN);
  OnairHealthHistory *history = onair_health_monitor_get_history (fixture->monitor);
  g_autofree char *bitrate = onair_health_metric_ingest ("dest-b", ONAIR_HEALTH_INGEST_BITRATE_KBPS);
  double value = 0;

  /* An ingest alone, no vMix: unknown until it reports, then judged by itself. */
  onair_health_monitor_watch_ingest (fixture->monitor, "dest-b", "Own server", -1);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_UNKNOWN);
  ingest_poll (fixture, "dest-b", NULL);
  fixture->show.now_ms += 60000;
  ingest_poll (fixture, "dest-b", NULL);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  ingest_poll (fixture, "dest-b", stream);
  g_assert_true (onair_health_history_get_last (history, bitrate, NULL, &value));
  g_assert_cmpfloat (value, ==, 800);
  for (guint i = 0; i < 10; i++)
    {
      fixture->show.now_ms += 1000;
      ingest_poll (fixture, "dest-b", NULL);
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (reason (fixture, "ingest-stale")->message_untranslated, ==,
                   "Own server: no data from ingest for 10 s");
  g_assert_true (onair_health_history_get_last (history, bitrate, NULL, &value));
  g_assert_cmpfloat (value, ==, 0);
}

static void
test_ingest_fps_and_drops (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 bytes = 0;
  gint64 frames = 0;
  gint64 dropped = 0;
  const OnairHealthReason *r;

  onair_health_monitor_watch_ingest (fixture->monitor, "dest-c", "Own server", -1);

  /* 24 fps of a declared 25: 96 %, fine. */
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, 24, 25);

      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* 23 fps over the window: 92 %, a warning once the mean falls under 95 %. */
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, 23, 25);

      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  r = reason (fixture, "ingest-fps");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->message_untranslated, ==, "Own server: 23.0 fps, expected 25.00 fps");

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, 19, 25);

      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);

  /* A nominal rate set by the producer wins over the declared one. */
  onair_health_monitor_set_ingest_nominal_fps (fixture->monitor, "dest-c", 20);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, 19, 25);

      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  /* Dropped frames, when the server counts them: 2 % then 6 %. */
  for (guint i = 0; i < 61; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, NAN, NAN);

      stream->frames = frames += 98;
      stream->frames_dropped = dropped += 2;
      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (reason (fixture, "ingest-dropped")->message_untranslated, ==,
                   "Own server: 2.0 % of frames dropped in the last 60 s");
  for (guint i = 0; i < 61; i++)
    {
      g_autoptr(OnairIngestStream) stream = make_ingest (bytes += 1000, NAN, NAN);

      stream->frames = frames += 94;
      stream->frames_dropped = dropped += 6;
      ingest_poll (fixture, "dest-c", stream);
      fixture->show.now_ms += 1000;
    }
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
}

static void
test_alert_params (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  fixture->show.recording = TRUE;
  poll_for (fixture, 3);
  for (guint i = 0; i < 5; i++)
    poll (fixture, 1000);
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);

  params = onair_health_alert_params_new (last_change (fixture)->status,
                                          last_change (fixture)->previous,
                                          onair_health_monitor_get_reasons (fixture->monitor));
  json_node_set_object (node, params);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"status\":\"critical\",\"previous_status\":\"healthy\",\"reasons\":"
                   "[{\"code\":\"recording-stalled\",\"severity\":\"critical\","
                   "\"subject\":\"recording\",\"message\":\"Recording stalled for 5 s\"}]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/onair/health-monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("unknown-then-healthy", test_unknown_then_healthy);
  ADD ("history-samples", test_history_samples);
  ADD ("rtt", test_rtt);
  ADD ("thresholds", test_thresholds);
  ADD ("recording-stall", test_recording_stall);
  ADD ("hysteresis", test_hysteresis);
  ADD ("silence", test_silence);
  ADD ("flapping", test_flapping);
  ADD ("stream-lost", test_stream_lost);
  ADD ("unreported-streams", test_unreported_streams);
  ADD ("poll-failures", test_poll_failures);
  ADD ("connection", test_connection);
  ADD ("ingest-channel", test_ingest_channel);
  ADD ("ingest-without-channel", test_ingest_without_channel);
  ADD ("ingest-fps-and-drops", test_ingest_fps_and_drops);
  ADD ("alert-params", test_alert_params);

#undef ADD

  return g_test_run ();
}
