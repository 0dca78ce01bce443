/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/health/onair-health-store.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-graph.h"
#include "ui/onair-health-page.h"
#include "ui/onair-window.h"

/* The Health page's record of the show, on the real clock against the emulator over HTTP: a
 * stream's lane live with its destination, then lost when vMix drops it; the alert it
 * raised; the exports; and, after Onair restarts on the same data folder (a new process),
 * the same show read back from disk. */

#define DESTINATION "YouTube Main"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
connected (gpointer data)
{
  return onair_poller_get_connection_state (data) == ONAIR_CONNECTION_CONNECTED;
}

typedef struct
{
  OnairHealthHistory   *history;
  const char           *lane;
  OnairHealthLaneState  state;
} LaneWait;

static gboolean
lane_is (gpointer data)
{
  LaneWait *wait = data;

  return onair_health_history_get_lane_state (wait->history, wait->lane, NULL) == wait->state;
}

static OnairApplication *
start_app (OnairEmulator *emulator)
{
  g_autoptr(GError) error = NULL;
  OnairApplication *app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  onair_poller_set_interval_ms (onair_application_get_poller (app), 250);
  g_assert_true (onair_test_ui_wait_until (connected, onair_application_get_poller (app), 20000));
  return app;
}

static OnairHealthPage *
show_health_page (OnairApplication *app)
{
  OnairWindow *window;
  OnairHealthPage *page;

  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1240, 1100);
  onair_window_show_page (window, "health");
  page = ONAIR_HEALTH_PAGE (onair_window_get_page (window, "health"));
  g_assert_nonnull (page);
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           page, 10000));
  return page;
}

/* Live on stream 1 to a destination Onair knows, for a few seconds, then vMix drops it. */
static void
go_live_then_drop (OnairApplication *app,
                   OnairEmulator    *emulator)
{
  OnairHealthHistory *history = onair_health_monitor_get_history (onair_application_get_health (app));
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LaneWait live = { history, "stream-1", ONAIR_HEALTH_LANE_LIVE };
  LaneWait lost = { history, "stream-1", ONAIR_HEALTH_LANE_LOST };
  const char *detail = NULL;

  onair_destination_set_name (destination, DESTINATION);
  onair_destination_set_server_url (destination, "rtmp://127.0.0.1/live2");
  onair_destination_store_key_async (destination, onair_application_get_secrets (app),
                                     "abcd-efgh-ijkl-mnop", NULL, result_cb, &result);
  g_assert_true (onair_destination_store_key_finish (destination, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  onair_controller_start_stream_async (onair_application_get_controller (app), 0, destination,
                                       NULL, result_cb, &result);
  g_assert_true (onair_controller_start_stream_finish (onair_application_get_controller (app),
                                                       wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (onair_test_ui_wait_until (lane_is, &live, 10000));
  onair_health_history_get_lane_state (history, "stream-1", &detail);
  g_assert_cmpstr (detail, ==, DESTINATION);

  onair_test_ui_settle (4000);
  onair_emulator_drop_stream (emulator, 0);
  g_assert_true (onair_test_ui_wait_until (lane_is, &lost, 10000));
  onair_test_ui_settle (2500);
}

static const OnairHealthSegment *
find_segment (GArray               *segments,
              OnairHealthLaneState  state)
{
  for (guint i = 0; i < segments->len; i++)
    if (g_array_index (segments, OnairHealthSegment, i).state == state)
      return &g_array_index (segments, OnairHealthSegment, i);
  return NULL;
}

static char *
read_export (OnairHealthPage *page,
             gboolean         alerts)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), alerts ? "onair-test-alerts.csv"
                                                                      : "onair-test-history.csv",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (alerts)
    {
      onair_health_page_export_alerts_async (page, file, NULL, result_cb, &result);
      g_assert_true (onair_health_page_export_alerts_finish (page, wait_result (&result), &error));
    }
  else
    {
      onair_health_page_export_csv_async (page, file, NULL, result_cb, &result);
      g_assert_true (onair_health_page_export_csv_finish (page, wait_result (&result), &error));
    }
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_unlink (path);
  return contents;
}

static void
test_timeline (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairApplication) app = start_app (emulator);
  OnairHealthHistory *history = onair_health_monitor_get_history (onair_application_get_health (app));
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *live_readout = NULL;
  g_autofree char *lost_readout = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *alerts = NULL;
  g_autofree char *shot = NULL;
  g_auto(GStrv) time_labels = NULL;
  g_auto(GStrv) value_labels = NULL;
  const OnairHealthSegment *live, *lost;
  OnairHealthPage *page;
  OnairGraph *timeline;
  gint64 now, from, to;

  go_live_then_drop (app, emulator);
  page = show_health_page (app);
  onair_health_page_set_span_ms (page, 5 * 60 * 1000);
  onair_test_ui_settle (500);
  timeline = onair_health_page_get_timeline (page);

  /* Five streams, the recording, four SRT outputs (vMix 28 lists them); stream 1 first. */
  g_assert_cmpuint (onair_graph_get_n_lanes (timeline), ==, 10);
  now = g_get_real_time () / 1000;
  segments = onair_health_history_get_segments (history, "stream-1", now - 5 * 60 * 1000, now, now);
  live = find_segment (segments, ONAIR_HEALTH_LANE_LIVE);
  lost = find_segment (segments, ONAIR_HEALTH_LANE_LOST);
  g_assert_nonnull (live);
  g_assert_nonnull (lost);
  g_assert_cmpint (lost->start_ms, ==, live->end_ms);
  g_assert_cmpint (live->end_ms - live->start_ms, >=, 3000);

  /* Hovering the lane: the segment's state, times, duration and destination. */
  live_readout = onair_graph_dup_lane_readout (
    timeline, 0, onair_graph_time_to_x (timeline, (live->start_ms + live->end_ms) / 2));
  g_test_message ("live: %s", live_readout);
  g_assert_nonnull (live_readout);
  g_assert_nonnull (strstr (live_readout, "Stream 1 · Live"));
  g_assert_nonnull (strstr (live_readout, "Destination: " DESTINATION));
  g_assert_nonnull (strstr (live_readout, " s)"));
  lost_readout = onair_graph_dup_lane_readout (
    timeline, 0, onair_graph_time_to_x (timeline, lost->start_ms + 1000));
  g_test_message ("lost: %s", lost_readout);
  g_assert_nonnull (strstr (lost_readout, "Lost"));
  g_assert_nonnull (strstr (lost_readout, "now"));

  /* Clock times on the axis (more than two), values with more than two labels. */
  time_labels = onair_graph_dup_time_labels (timeline);
  g_assert_cmpuint (g_strv_length (time_labels), >=, 3);
  g_assert_true (g_regex_match_simple ("^\\w+ \\d+ \\w+ \\d\\d:\\d\\d$", time_labels[0], 0, 0));
  g_assert_true (g_regex_match_simple ("^\\d\\d:\\d\\d$", time_labels[1], 0, 0));
  value_labels = onair_graph_dup_value_labels (onair_health_page_get_graph (page, 0), 0);
  g_assert_cmpuint (g_strv_length (value_labels), >=, 3);
  g_assert_nonnull (strstr (value_labels[1], "ms"));

  /* The stream lost is an alert, listed and marked. */
  g_assert_cmpuint (onair_health_page_get_n_alerts_shown (page), >=, 1);

  /* Dragging over the timeline zooms every view onto the show. */
  onair_graph_select (timeline, onair_graph_time_to_x (timeline, live->start_ms - 10000),
                      onair_graph_time_to_x (timeline, now));
  g_assert_true (onair_health_page_get_view_ms (page, &from, &to));
  g_assert_cmpint (ABS (from - (live->start_ms - 10000)), <, 2000);
  g_assert_cmpint (ABS (to - now), <, 2000);
  onair_graph_get_range_ms (onair_health_page_get_graph (page, 1), &from, &to);
  g_assert_cmpint (ABS (from - (live->start_ms - 10000)), <, 2000);

  onair_graph_hover_at (timeline, onair_graph_time_to_x (timeline, (live->start_ms + live->end_ms) / 2),
                        onair_graph_get_lane_y (timeline, 0));
  onair_test_ui_settle (500);
  shot = onair_test_ui_save_png (gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_WINDOW),
                                 "health-timeline.png");
  onair_graph_hover_at (timeline, -1, -1);

  /* The alert list, under the graphs. */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (
      onair_test_ui_find_descendant (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
    g_autofree char *alerts_shot = NULL;

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    onair_test_ui_settle (300);
    alerts_shot = onair_test_ui_save_png (gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_WINDOW),
                                          "health-alerts.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* The CSV of the zoomed span: names with units, ISO 8601 times with the offset, the
   * stream's state as words. */
  csv = read_export (page, FALSE);
  g_assert_true (g_str_has_prefix (csv, "time,"));
  g_assert_nonnull (strstr (csv, "rtt_ms (ms)"));
  g_assert_nonnull (strstr (csv, "master_dbfs_left (dBFS)"));
  g_assert_nonnull (strstr (csv, "stream_1_live (state)"));
  g_assert_nonnull (strstr (csv, ",live,"));
  g_assert_nonnull (strstr (csv, ",lost,"));
  g_assert_true (g_regex_match_simple ("\\r\\n\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
                                       "[+-]\\d\\d:\\d\\d,", csv, 0, 0));
  /* No 17-digit floats. */
  g_assert_false (g_regex_match_simple ("\\d\\.\\d{12,}", csv, 0, 0));

  alerts = read_export (page, TRUE);
  g_test_message ("alerts:\n%s", alerts);
  g_assert_true (g_str_has_prefix (alerts, "time,level,previous_level,host,reasons\r\n"));
  g_assert_nonnull (strstr (alerts, ",critical,"));
  g_assert_nonnull (strstr (alerts, ",Main,"));

  /* The PNG carries a header (host, range with dates, time zone) above the graphs. */
  png = onair_health_page_render_png (page, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_height (texture), >, 60 + gtk_widget_get_height (
                     gtk_widget_get_parent (GTK_WIDGET (timeline))));
  {
    const char *dir = g_getenv ("ONAIR_TEST_LOG_DIR");
    g_autofree char *path = g_build_filename (dir ? dir : ".", "health-export.png", NULL);

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                        NULL));
    g_test_message ("screenshot: %s", path);
  }

  onair_health_page_zoom_out (page);
  g_assert_false (onair_health_page_get_view_ms (page, NULL, NULL));

  onair_controller_acknowledge_lost (onair_application_get_controller (app), 0);
  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

/* The first run: a show, written to disk, then Onair is gone (the process ends). */
static void
first_run (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairApplication) app = start_app (emulator);
  OnairHealthHistory *history = onair_health_monitor_get_history (onair_application_get_health (app));
  OnairHealthStore *store = onair_health_store_find (history);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *samples = NULL;

  g_assert_nonnull (store);
  go_live_then_drop (app, emulator);
  onair_health_store_flush_async (store, NULL, result_cb, &result);
  g_assert_true (onair_health_store_flush_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_health_store_get_bytes_written (store), >, 0);
  samples = g_strdup_printf ("%u", onair_health_history_get_n_samples (history, "rtt_ms"));
  g_assert_true (g_file_set_contents (g_getenv ("ONAIR_TEST_FIRST_RUN"), samples, -1, NULL));
}

static gboolean
store_loaded (gpointer data)
{
  return onair_health_store_get_loaded (data);
}

/* The next run: the same data folder, a vMix with nothing on air. The Health page shows
 * the first run's show. */
static void
second_run (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairApplication) app = start_app (emulator);
  OnairHealthHistory *history = onair_health_monitor_get_history (onair_application_get_health (app));
  g_autoptr(GArray) segments = NULL;
  g_autofree char *first_samples = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *shot = NULL;
  const OnairHealthSegment *live;
  OnairHealthPage *page;
  OnairGraph *timeline;
  gint64 from, to;

  g_assert_true (onair_test_ui_wait_until (store_loaded, onair_health_store_find (history), 10000));
  g_assert_true (g_file_get_contents (g_getenv ("ONAIR_TEST_FIRST_RUN"), &first_samples, NULL, NULL));
  /* The first run's samples are there, before this run's. */
  g_assert_cmpuint (onair_health_history_get_n_samples (history, "rtt_ms"), >,
                    g_ascii_strtoull (first_samples, NULL, 10));

  segments = onair_health_history_get_segments (history, "stream-1", 0, G_MAXINT64 / 2,
                                                g_get_real_time () / 1000);
  live = find_segment (segments, ONAIR_HEALTH_LANE_LIVE);
  g_assert_nonnull (live);
  g_assert_cmpstr (live->detail, ==, DESTINATION);
  g_assert_nonnull (find_segment (segments, ONAIR_HEALTH_LANE_LOST));
  /* Onair did not see while it was not running. */
  g_assert_nonnull (find_segment (segments, ONAIR_HEALTH_LANE_UNKNOWN));

  /* "This show" (the page's default range) is the first run's show. */
  page = show_health_page (app);
  onair_test_ui_settle (500);
  g_assert_false (onair_health_page_get_view_ms (page, &from, &to));
  g_assert_cmpint (from, <, live->start_ms);
  g_assert_cmpint (to, >, live->end_ms);
  g_assert_cmpuint (onair_health_page_get_n_alerts_shown (page), >=, 1);

  timeline = onair_health_page_get_timeline (page);
  readout = onair_graph_dup_lane_readout (
    timeline, 0, onair_graph_time_to_x (timeline, (live->start_ms + live->end_ms) / 2));
  g_test_message ("after restart: %s", readout);
  g_assert_nonnull (strstr (readout, "Destination: " DESTINATION));

  onair_graph_hover_at (timeline, onair_graph_time_to_x (timeline, (live->start_ms + live->end_ms) / 2),
                        onair_graph_get_lane_y (timeline, 0));
  onair_test_ui_settle (500);
  shot = onair_test_ui_save_png (gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_WINDOW),
                                 "health-after-restart.png");

  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

/* Each run is a process of its own, on the same data folder, as when Onair is quit (or
 * crashes) and opened again. */
static void
test_restart (void)
{
  const char *phase = g_getenv ("ONAIR_TEST_RUN");

  if (g_test_subprocess ())
    {
      if (g_strcmp0 (phase, "first") == 0)
        first_run ();
      else
        second_run ();
      return;
    }

  g_setenv ("ONAIR_TEST_RUN", "first", TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_setenv ("ONAIR_TEST_RUN", "second", TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* The next test's show is its own. */
  {
    g_autofree char *directory = onair_health_store_dup_default_directory ("emulator-main");
    g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (directory, name, NULL);

        g_unlink (path);
      }
  }
}

/* The test's data folder goes when it is done. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *data_home = g_getenv ("ONAIR_TEST_DATA_HOME");
  g_autofree char *made = NULL;
  g_autofree char *first_run_file = NULL;
  int status;

  /* A data folder of the test's own, shared with its subprocesses (the runs). Set before
   * GLib caches it. */
  if (data_home == NULL)
    {
      made = g_dir_make_tmp ("onair-health-history-XXXXXX", &error);
      if (made == NULL)
        g_error ("Cannot make a data folder: %s", error->message);
      data_home = made;
      g_setenv ("ONAIR_TEST_DATA_HOME", made, TRUE);
      first_run_file = g_build_filename (made, "first-run-samples", NULL);
      g_setenv ("ONAIR_TEST_FIRST_RUN", first_run_file, TRUE);
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  onair_test_ui_init (&argc, &argv);

  /* The restart first: the timeline test's show would be "this show" otherwise. */
  g_test_add_func ("/onair/ui/health-history/restart", test_restart);
  g_test_add_func ("/onair/ui/health-history/timeline", test_timeline);

  status = g_test_run ();
  /* The runs (subprocesses) share the folder: the test that made it removes it. */
  if (made != NULL)
    remove_tree (made);
  return status;
}
