/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main window: its pages when vMix answers, answers badly or not at all, and the
 * preferences bound to the settings. */
#include "config.h"

#include "window-fixture.h"

static void
test_connected (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *png = NULL;
  g_autofree char *expected = g_strdup_printf ("Connected to vMix %s (4K)",
                                               onair_emulator_get_version (fixture->emulator));

  g_assert_true (wait_for_page (fixture->window, "connected"));
  g_assert_cmpstr (onair_window_get_status_title (fixture->window), ==, expected);

  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-connected.png");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* Every page is a key press away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "health"));
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           onair_window_get_page (fixture->window, "health"),
                                           10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "control"));
}

/* vMix does not answer from the start: the window says so, with a Retry button. Once it
 * answered, losing it keeps the Control Room (test-critical's vmix-lost). */
static void
test_error_and_retry (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  OnairWindow *window;
  guint port;

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);
  port = onair_emulator_get_port (emulator);
  onair_emulator_stop (emulator);

  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (wait_for_page (window, "error"));
  g_assert_cmpstr (onair_window_get_status_title (window), ==, "Cannot Reach vMix");
  g_assert_nonnull (strstr (onair_window_get_status_description (window), "Nothing answers"));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "window-error.png");

  /* It comes back; Retry reconnects without waiting for the backoff. */
  g_assert_true (onair_emulator_start (emulator, port, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  g_assert_true (wait_for_page (window, "connected"));

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

static gboolean
window_shows (gpointer data)
{
  gpointer *pair = data;

  return onair_test_ui_find_label (pair[0], pair[1], FALSE) != NULL;
}

static gboolean
window_hides (gpointer data)
{
  return !window_shows (data);
}

static void
test_bad_document (Fixture       *fixture,
                   gconstpointer  data)
{
  gpointer pair[2] = { fixture->window, (gpointer) "not an XML document" };
  g_autofree char *png = NULL;

  g_assert_true (wait_for_page (fixture->window, "connected"));

  /* vMix sends half a state document: the window says what is wrong with it, and where. */
  onair_emulator_set_truncated_xml (fixture->emulator, TRUE);
  g_assert_true (onair_test_ui_wait_until (window_shows, pair, 20000));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (fixture->window),
                                              "ends too early at line", FALSE));
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "window-bad-document.png");

  /* Whole documents again: the message goes. */
  onair_emulator_set_truncated_xml (fixture->emulator, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reconnect", NULL));
  g_assert_true (onair_test_ui_wait_until (window_hides, pair, 20000));
  g_assert_true (wait_for_page (fixture->window, "connected"));
}

static gboolean
is_spin_with_value (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget) &&
         gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)) == *(const double *) data;
}

static void
test_preferences_bound (Fixture       *fixture,
                        gconstpointer  data)
{
  GSettings *settings = onair_application_get_settings (fixture->app);
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = wait_for_dialog (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (fixture->window));

  /* The settings and the rows are one: changing one shows in the other. */
  g_settings_set_uint (settings, "port", 8099);
  g_assert_nonnull (onair_test_ui_find (GTK_WIDGET (preferences), is_spin_with_value,
                                       &(double) { 8099 }));

  /* Health thresholds are preferences too, and reach the monitor at once. */
  g_settings_set_uint (settings, "health-rtt-warning-ms", 333);
  g_assert_nonnull (onair_test_ui_find (GTK_WIDGET (preferences), is_spin_with_value,
                                       &(double) { 333 }));
  {
    OnairHealthThresholds thresholds;

    onair_health_monitor_get_thresholds (onair_application_get_health (fixture->app), &thresholds);
    g_assert_cmpuint (thresholds.rtt_warning_ms, ==, 333);
  }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "health");
  onair_test_ui_settle (300);
  {
    g_autofree char *png = onair_test_ui_save_png (GTK_WIDGET (preferences),
                                                   "preferences-health.png");
  }
  g_settings_reset (settings, "health-rtt-warning-ms");
  g_assert_true (onair_test_ui_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped,
                                           preferences, 10000));
  onair_test_ui_settle (500);
  {
    g_autofree char *png = onair_test_ui_save_png (GTK_WIDGET (preferences),
                                                   "preferences.png");
  }
  gtk_window_destroy (preferences);
}

int
main (int   argc,
      char *argv[])
{
  ui_app_init (&argc, &argv);

  g_test_add ("/onair/ui/window/connected", Fixture, NULL,
              fixture_set_up, test_connected, fixture_tear_down);
  g_test_add ("/onair/ui/window/bad-document", Fixture, NULL,
              fixture_set_up, test_bad_document, fixture_tear_down);
  g_test_add_func ("/onair/ui/window/error-and-retry", test_error_and_retry);
  g_test_add ("/onair/ui/window/preferences", Fixture, NULL,
              fixture_set_up, test_preferences_bound, fixture_tear_down);

  return ui_app_run ();
}
