/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules about what the audience gets while on air: Fade To Black, a muted master, a
 * recording stopped outside Onair, and changes Onair asked for that are not instability. */
#include "config.h"

#include "health-show.h"

/* Fade To Black while a stream or the recording is on is a warning; off air it is nothing. */
static void
test_fade_to_black (Fixture       *fixture,
                    gconstpointer  data)
{
  const OnairHealthReason *r;

  fixture->show.fade_to_black = TRUE;
  poll_for (fixture, 3);
  g_assert_null (reason (fixture, "fade-to-black"));
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);

  fixture->show.live[2] = TRUE;
  poll_for (fixture, 1);
  r = reason (fixture, "fade-to-black");
  g_assert_nonnull (r);
  g_assert_cmpint (r->severity, ==, ONAIR_HEALTH_WARNING);
  g_assert_cmpstr (r->message_untranslated, ==, "Fade To Black is on while on air");
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_WARNING);

  /* The recording alone is on air too. */
  fixture->show.live[2] = FALSE;
  fixture->show.recording = TRUE;
  poll_for (fixture, 1);
  g_assert_nonnull (reason (fixture, "fade-to-black"));

  /* Off again: gone once the better status held (hysteresis). */
  fixture->show.fade_to_black = FALSE;
  poll_for (fixture, 15);
  g_assert_null (reason (fixture, "fade-to-black"));
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_HEALTHY);
}

/* Master muted while live is critical. */
static void
test_master_muted (Fixture       *fixture,
                   gconstpointer  data)
{
  const OnairHealthReason *r;

  fixture->show.muted = TRUE;
  poll_for (fixture, 2);
  g_assert_null (reason (fixture, "master-muted"));

  fixture->show.live[0] = TRUE;
  poll_for (fixture, 1);
  r = reason (fixture, "master-muted");
  g_assert_nonnull (r);
  g_assert_cmpint (r->severity, ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (r->subject, ==, "master");
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);

  fixture->show.muted = FALSE;
  poll_for (fixture, 15);
  g_assert_null (reason (fixture, "master-muted"));
}

/* Reported by the controller: critical until acknowledged or recording again. */
static void
test_recording_stopped_outside (Fixture       *fixture,
                                gconstpointer  data)
{
  const OnairHealthReason *r;

  poll_for (fixture, 2);
  onair_health_monitor_report_recording_stopped (fixture->monitor, TRUE);
  r = reason (fixture, "recording-stopped-outside");
  g_assert_nonnull (r);
  g_assert_cmpint (r->severity, ==, ONAIR_HEALTH_CRITICAL);
  g_assert_cmpstr (r->message_untranslated, ==, "Recording stopped outside Onair");
  g_assert_cmpint (status (fixture), ==, ONAIR_HEALTH_CRITICAL);
  poll_for (fixture, 30);
  g_assert_nonnull (reason (fixture, "recording-stopped-outside"));

  onair_health_monitor_report_recording_stopped (fixture->monitor, FALSE);
  poll_for (fixture, 15);
  g_assert_null (reason (fixture, "recording-stopped-outside"));
}

/* Go Live and Stop four times in five minutes is a producer at work, not an unstable stream;
 * the same changes unasked are. */
static void
test_flapping_counts_unasked_changes (Fixture       *fixture,
                                      gconstpointer  data)
{
  poll_for (fixture, 5);
  for (guint i = 0; i < 6; i++)
    {
      onair_health_monitor_expect_stream_change (fixture->monitor, 1);
      poll_for (fixture, 2);
      fixture->show.live[1] = !fixture->show.live[1];
      poll_for (fixture, 20);
    }
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 1), ==, 0);
  g_assert_null (reason (fixture, "stream-flapping"));

  /* An expectation covers one change only. */
  onair_health_monitor_expect_stream_change (fixture->monitor, 1);
  for (guint i = 0; i < 5; i++)
    {
      fixture->show.live[1] = !fixture->show.live[1];
      poll_for (fixture, 20);
    }
  g_assert_cmpuint (onair_health_monitor_get_stream_toggles (fixture->monitor, 1), ==, 4);
  g_assert_nonnull (reason (fixture, "stream-flapping"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/onair/health-monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fade-to-black", test_fade_to_black);
  ADD ("master-muted", test_master_muted);
  ADD ("recording-stopped-outside", test_recording_stopped_outside);
  ADD ("flapping-counts-unasked-changes", test_flapping_counts_unasked_changes);

#undef ADD

  return g_test_run ();
}
