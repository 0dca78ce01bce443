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

/* The Health page after an hour of show on the emulator's test clock: every second of the
 * hour is a real poll over HTTP, so the graphs show what the monitor really measured. */

static OnairApplication *app;

/* A desktop notification server on the test's private session bus, to see what Onair
 * notifies. */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

static GPtrArray *notified;   /* char*: "summary\nbody" of each Notify */

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notified, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "onair", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
name_acquired (gpointer data)
{
  return *(gboolean *) data;
}

static void
acquired_cb (GDBusConnection *connection,
             const char      *name,
             gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL };
  static gboolean acquired = FALSE;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  notified = g_ptr_array_new_with_free_func (g_free);
  if (bus == NULL)
    return;
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                acquired_cb, NULL, &acquired, NULL);
  g_assert_true (onair_test_ui_wait_until (name_acquired, &acquired, 10000));
}

static gint64
emulator_clock_ms (gpointer user_data)
{
  return onair_emulator_get_time (user_data) * 1000;
}

static gboolean
connected (gpointer data)
{
  return onair_poller_get_connection_state (data) == ONAIR_CONNECTION_CONNECTED;
}

static void
state_received_cb (OnairPoller *poller,
                   gpointer     state,
                   gint64       round_trip_us,
                   guint       *n_states)
{
  (*n_states)++;
}

/* One emulated second: the clock moves, then one poll. */
static void
poll_one_second (OnairEmulator *emulator,
                 OnairPoller   *poller,
                 guint         *n_states)
{
  guint before = *n_states;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  onair_emulator_advance (emulator, 1);
  onair_poller_poll_now (poller);
  while (*n_states == before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
csv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_reason (gpointer code)
{
  return onair_health_monitor_has_reason (onair_application_get_health (app), code, NULL);
}

static gboolean
notified_with (gpointer text)
{
  for (guint i = 0; i < notified->len; i++)
    if (strstr (g_ptr_array_index (notified, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Already critical (master muted while recording), the recording is stopped in vMix: a
 * new problem, so a new notification, although the status stays critical. */
static void
test_new_reason_notifies (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnairHealthMonitor *monitor;
  OnairPoller *poller;
  guint before;

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  poller = onair_application_get_poller (app);
  onair_poller_set_interval_ms (poller, 250);
  g_assert_true (onair_test_ui_wait_until (connected, poller, 20000));
  monitor = onair_application_get_health (app);

  onair_controller_start_recording_async (onair_application_get_controller (app), NULL, csv_cb,
                                          &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_controller_start_recording_finish (onair_application_get_controller (app),
                                                          result, &error));
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOff", NULL));
  g_assert_true (onair_test_ui_wait_until (has_reason, "master-muted", 10000));
  g_assert_cmpint (onair_health_monitor_get_status (monitor), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_true (onair_test_ui_wait_until (notified_with, "muted", 5000));
  before = notified->len;

  g_assert_true (onair_emulator_call_function (emulator, "StopRecording", NULL));
  g_assert_true (onair_test_ui_wait_until (has_reason, "recording-stopped-outside", 10000));
  g_assert_cmpint (onair_health_monitor_get_status (monitor), ==, ONAIR_HEALTH_CRITICAL);
  g_assert_true (onair_test_ui_wait_until (notified_with, "Recording stopped outside Onair", 5000));
  g_assert_cmpuint (notified->len, ==, before + 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notified, before), "New critical problem"));

  onair_controller_acknowledge_recording_stopped (onair_application_get_controller (app));
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOn", NULL));
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

static void
flush_store (OnairHealthStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_health_store_flush_async (store, NULL, csv_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_health_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
test_simulated_hour (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) csv = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *png = NULL;
  OnairHealthMonitor *monitor;
  OnairWindow *window;
  OnairPoller *poller;
  OnairHealthPage *page;
  OnairHealthStore *store;
  guint64 bytes_before;
  guint n_states = 0;
  gulong handler;
  guint lines = 0;

  onair_emulator_use_test_clock (emulator);
  onair_emulator_set_input_count (emulator, 12);
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);

  monitor = onair_application_get_health (app);
  onair_health_monitor_set_clock (monitor, emulator_clock_ms, g_object_ref (emulator),
                                  g_object_unref);
  /* Samples taken on the real clock before (the app polled its default vMix at startup)
   * would sit in the future of the emulated show. */
  onair_health_history_clear (onair_health_monitor_get_history (monitor));
  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1240, 1100);
  poller = onair_application_get_poller (app);
  /* The test drives the polls; the regular ones would only add noise. */
  onair_poller_set_interval_ms (poller, 10000);
  g_assert_true (onair_test_ui_wait_until (connected, poller, 20000));


  onair_controller_start_recording_async (onair_application_get_controller (app), NULL, csv_cb,
                                          &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_controller_start_recording_finish (onair_application_get_controller (app),
                                                          result, &error));
  g_clear_object (&result);

  handler = g_signal_connect (poller, "state-received", G_CALLBACK (state_received_cb), &n_states);
  store = onair_health_store_find (onair_health_monitor_get_history (monitor));
  g_assert_nonnull (store);
  flush_store (store);
  bytes_before = onair_health_store_get_bytes_written (store);

  /* An hour of show: recording from the start, a silent stretch at minute 30, the
   * recording stalling for a while at minute 45, and silence again at the end. */
  for (guint second = 0; second < 3600; second++)
    {
      if (second == 1800)
        onair_emulator_set_master_silent (emulator, TRUE);
      if (second == 1830)
        onair_emulator_set_master_silent (emulator, FALSE);
      if (second == 2700)
        onair_emulator_set_recording_stalled (emulator, TRUE);
      if (second == 2760)
        onair_emulator_set_recording_stalled (emulator, FALSE);
      if (second == 3570)
        onair_emulator_set_master_silent (emulator, TRUE);
      poll_one_second (emulator, poller, &n_states);
    }
  g_signal_handler_disconnect (poller, handler);

  /* What the hour cost on disk, as the application records it (vMix 28: five streams, four
   * SRT outputs, the recording, master meters, round trips). README's "Health" quotes it. */
  flush_store (store);
  {
    g_auto(GStrv) metrics = onair_health_history_list_metrics (onair_health_monitor_get_history (monitor));
    guint64 bytes = onair_health_store_get_bytes_written (store) - bytes_before;

    g_test_message ("disk cost: %" G_GUINT64_FORMAT " bytes for an hour at 1 Hz with %u metrics",
                    bytes, g_strv_length (metrics));
    g_assert_cmpuint (bytes, >, 3600 * g_strv_length (metrics));
    g_assert_cmpuint (bytes, <, 400 * 1024);
  }

  g_assert_cmpuint (n_states, ==, 3600);
  g_assert_cmpuint (onair_health_history_get_n_samples (onair_health_monitor_get_history (monitor),
                                                        ONAIR_HEALTH_METRIC_RTT_MS), >=, 3600);
  /* 30 s of silence at the end: past the 15 s critical threshold. */
  g_assert_cmpint (onair_health_monitor_get_status (monitor), ==, ONAIR_HEALTH_CRITICAL);

  /* Each status change was a desktop notification; the last one says why. */
  onair_test_ui_settle (300);
  g_assert_cmpuint (notified->len, >=, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (notified, notified->len - 1), "critical"));
  g_assert_nonnull (strstr (g_ptr_array_index (notified, notified->len - 1), "ilent"));

  onair_window_show_page (window, "health");
  page = ONAIR_HEALTH_PAGE (onair_window_get_page (window, "health"));
  g_assert_nonnull (page);
  onair_health_page_set_end_ms (page, onair_emulator_get_time (emulator) * 1000);
  onair_health_page_set_span_ms (page, 60 * 60 * 1000);
  onair_health_page_refresh (page);
  g_assert_cmpstr (onair_health_page_get_status_title (page), ==, "Critical");
  g_assert_cmpuint (onair_health_page_get_n_graphs (page), >=, 3);
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           page, 10000));
  onair_test_ui_settle (800);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "health-page.png");

  /* The history as CSV: a header and a row per sample. */
  csv_path = g_build_filename (g_get_tmp_dir (), "onair-test-health.csv", NULL);
  csv = g_file_new_for_path (csv_path);
  onair_health_page_export_csv_async (page, csv, NULL, csv_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_health_page_export_csv_finish (page, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, &error));
  for (const char *p = contents; *p; p++)
    lines += *p == '\n';
  g_assert_cmpuint (lines, >, 3600);
  /* Names with units, ISO 8601 times with the offset, states as words. */
  g_assert_true (g_str_has_prefix (contents, "time,"));
  g_assert_nonnull (strstr (contents, ONAIR_HEALTH_METRIC_RTT_MS " (ms)"));
  g_assert_nonnull (strstr (contents, "recording (state)"));
  g_assert_nonnull (strstr (contents, ",on,"));
  g_assert_true (g_regex_match_simple ("\r\n2025-11-1[23]T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d,",
                                       contents, 0, 0));
  g_unlink (csv_path);

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

static void
test_graph_reduces_once (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (86400);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *graph = onair_graph_new (history, "RTT");
  GdkRGBA color = { 0.2, 0.5, 0.9, 1 };
  gint64 end = 1762943400000;
  guint reductions;
  g_autofree char *readout = NULL;
  g_autofree char *png = NULL;
  g_auto(GStrv) time_labels = NULL;
  g_auto(GStrv) value_labels = NULL;

  for (guint i = 0; i < 86400; i++)
    onair_health_history_append (history, ONAIR_HEALTH_METRIC_RTT_MS, end - (86400 - i) * 1000,
                                 20 + (i % 600) / 10.0);
  onair_graph_add_series (ONAIR_GRAPH (graph), ONAIR_HEALTH_METRIC_RTT_MS, "Round trip", "ms",
                          &color);
  onair_graph_add_band (ONAIR_GRAPH (graph), 0, 60, 80, ONAIR_GRAPH_BAND_WARNING);
  onair_graph_set_end_ms (ONAIR_GRAPH (graph), end);
  onair_graph_set_span_ms (ONAIR_GRAPH (graph), 0);
  gtk_window_set_child (GTK_WINDOW (window), graph);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 200);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           graph, 10000));
  onair_test_ui_settle (300);

  /* Frames without new samples or a new view reuse the buckets. */
  reductions = onair_graph_get_n_reductions (ONAIR_GRAPH (graph));
  g_assert_cmpuint (reductions, >, 0);
  gtk_widget_queue_draw (graph);
  onair_test_ui_settle (100);
  g_assert_cmpuint (onair_graph_get_n_reductions (ONAIR_GRAPH (graph)), ==, reductions);
  onair_graph_samples_changed (ONAIR_GRAPH (graph));
  onair_test_ui_settle (100);
  g_assert_cmpuint (onair_graph_get_n_reductions (ONAIR_GRAPH (graph)), ==, reductions + 1);

  /* A day across midnight: clock times, the date where it changes; round values. */
  time_labels = onair_graph_dup_time_labels (ONAIR_GRAPH (graph));
  g_assert_cmpuint (g_strv_length (time_labels), >=, 3);
  g_assert_true (g_strv_contains ((const char * const *) time_labels, "Wed 12 Nov 00:00"));
  g_assert_true (g_regex_match_simple ("^Tue 11 Nov \\d\\d:00$", time_labels[0], 0, 0));
  value_labels = onair_graph_dup_value_labels (ONAIR_GRAPH (graph), 0);
  g_assert_cmpuint (g_strv_length (value_labels), >=, 3);
  g_assert_cmpstr (value_labels[0], ==, "0 ms");

  readout = onair_graph_dup_readout (ONAIR_GRAPH (graph), 300);
  g_assert_nonnull (readout);
  g_assert_nonnull (strstr (readout, "Round trip"));
  g_assert_nonnull (strstr (readout, "ms"));
  png = onair_test_ui_save_png (window, "graph-24h.png");
  gtk_window_destroy (GTK_WINDOW (window));
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
  g_autofree char *data_home = NULL;
  int status;

  /* A data folder of this process's own: the history on disk of other UI tests' runs is
   * not this show's. Set before GLib caches it. */
  data_home = g_dir_make_tmp ("onair-health-XXXXXX", &error);
  if (data_home == NULL)
    g_error ("Cannot make a data folder: %s", error->message);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* Clock times on the axes as the expectations say them. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_TIME", "C", TRUE);

  onair_test_ui_init (&argc, &argv);

  start_notification_server ();
  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/onair/ui/health/graph-reduces-once", test_graph_reduces_once);
  g_test_add_func ("/onair/ui/health/new-reason-notifies", test_new_reason_notifies);
  g_test_add_func ("/onair/ui/health/simulated-hour", test_simulated_hour);

  status = g_test_run ();
  g_clear_object (&app);
  g_clear_pointer (&notified, g_ptr_array_unref);
  remove_tree (data_home);
  return status;
}
