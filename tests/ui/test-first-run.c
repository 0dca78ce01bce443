/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-welcome-page.h"
#include "ui/onair-window.h"

/* Onair's first start, with fresh settings: no vMix configured. One application per process,
 * as in real life; the emulator case comes last, since it cannot be left. */
static OnairApplication *app;

/* Onair's own keyring schema, read here with libsecret directly: what the keyring really
 * holds, not what Onair says it holds. */
static const SecretSchema keyring_schema = {
  "io.github.onair_app.Onair.Secret",
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static OnairWindow *
open_window (void)
{
  OnairWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  return window;
}

static void
close_window (OnairWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static OnairWelcomePage *
get_welcome_page (OnairWindow *window)
{
  GtkWidget *page = onair_window_get_page (window, "welcome");

  g_assert_nonnull (page);
  g_assert_true (ONAIR_IS_WELCOME_PAGE (page));
  g_assert_cmpstr (onair_window_get_shown_page (window), ==, "welcome");
  g_assert_true (onair_test_ui_wait_until (is_mapped, page, 10000));
  return ONAIR_WELCOME_PAGE (page);
}

static void
set_row_text (gpointer    parent,
              GType       type,
              const char *title,
              const char *text)
{
  GtkWidget *row = onair_test_ui_find_row (parent, type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
test_result (OnairWelcomePage *page)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Connection");

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

typedef struct
{
  OnairWelcomePage *page;
  const char       *text;
} ResultCheck;

static gboolean
test_result_has (gpointer data)
{
  ResultCheck *check = data;

  return strstr (test_result (check->page), check->text) != NULL;
}

static void
click (gpointer    parent,
       const char *label)
{
  GtkWidget *button = onair_test_ui_find_button (parent, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

/* A port nothing listens on: one an emulator had a moment ago. */
static guint
closed_port (void)
{
  g_autoptr(OnairEmulator) gone = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  guint port;

  g_assert_true (onair_emulator_start (gone, 0, &error));
  g_assert_no_error (error);
  port = onair_emulator_get_port (gone);
  onair_emulator_stop (gone);
  return port;
}

static void
assert_no_setting_has (const char *text)
{
  GSettings *settings = onair_application_get_settings (app);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, text));
    }
}

static void
test_welcome_shown (void)
{
  g_autofree char *png = NULL;
  OnairWindow *window;

  g_assert_true (onair_application_needs_first_run (app));
  window = open_window ();
  get_welcome_page (window);

  /* Nothing configured, nothing polled: the default address of the settings is no vMix
   * anybody set up. */
  {
    GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (app));

    for (guint i = 0; i < g_list_model_get_n_items (fleet); i++)
      {
        g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, i);

        g_assert_false (onair_vmix_session_is_running (session));
      }
    g_assert_null (onair_application_get_poller (app));
  }
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (window), "_Test Connection"));
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (window),
                                               "Try with the _Built-in Emulator"));
  /* Nothing typed yet: nothing to save. */
  g_assert_false (gtk_widget_get_sensitive (onair_test_ui_find_button (GTK_WIDGET (window),
                                                                      "_Save and Connect")));

  onair_test_ui_settle (500);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "first-run.png");
  close_window (window);
}

static void
test_connection (void)
{
  g_autoptr(OnairEmulator) vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *png = NULL;
  OnairWelcomePage *page;
  OnairWindow *window;
  ResultCheck check;

  g_assert_true (onair_emulator_start (vmix, 0, &error));
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", onair_emulator_get_port (vmix));
  closed = g_strdup_printf ("%u", closed_port ());

  window = open_window ();
  page = get_welcome_page (window);
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Host Name or IP Address", "127.0.0.1");
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Port", port);

  /* A vMix that runs: it answered, with its version; one request, nothing saved. */
  click (page, "_Test Connection");
  check = (ResultCheck) { page, "vMix answered" };
  g_assert_true (onair_test_ui_wait_until (test_result_has, &check, 10000));
  g_assert_nonnull (strstr (test_result (page), onair_emulator_get_version (vmix)));
  g_assert_cmpuint (onair_emulator_get_request_count (vmix), ==, 1);
  {
    g_autoptr(GVariant) hosts = g_settings_get_value (onair_application_get_settings (app),
                                                      "hosts");

    g_assert_cmpuint (g_variant_n_children (hosts), ==, 0);
  }
  onair_test_ui_settle (300);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "first-run-test-connection.png");

  /* A closed port: it could not, in words. */
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Port", closed);
  click (page, "_Test Connection");
  check = (ResultCheck) { page, "Nothing answers at" };
  g_assert_true (onair_test_ui_wait_until (test_result_has, &check, 10000));
  g_assert_null (strstr (test_result (page), "vMix answered"));

  /* A slow vMix: the test can be stopped, and says so; its late answer changes nothing. */
  onair_emulator_set_latency_ms (vmix, 1500);
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Port", port);
  click (page, "_Test Connection");
  check = (ResultCheck) { page, "Connecting" };
  g_assert_true (onair_test_ui_wait_until (test_result_has, &check, 1000));
  click (page, "_Stop Test");
  check = (ResultCheck) { page, "Test stopped" };
  g_assert_true (onair_test_ui_wait_until (test_result_has, &check, 1000));
  onair_test_ui_settle (2500);
  g_assert_cmpstr (test_result (page), ==, "Test stopped");
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (page), "_Test Connection"));

  close_window (window);
  onair_emulator_stop (vmix);
}

static gboolean
main_connected (gpointer data)
{
  OnairVmixSession *session = onair_fleet_lookup (onair_application_get_fleet (app), "main");

  return session != NULL &&
         onair_vmix_session_get_connection_state (session) == ONAIR_CONNECTION_CONNECTED;
}

static gboolean
page_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_save_host (void)
{
  g_autoptr(OnairEmulator) vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(OnairHostProfile) saved = NULL;
  g_autoptr(GVariant) hosts = NULL;
  g_autoptr(GVariant) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *host_only = NULL;
  GSettings *settings = onair_application_get_settings (app);
  OnairWelcomePage *page;
  OnairWindow *window;

  g_assert_true (onair_emulator_start (vmix, 0, &error));
  g_assert_no_error (error);
  /* Its Web Controller asks for a login: connecting proves the password was filed where
   * the session looks for it. */
  onair_emulator_set_credentials (vmix, "producer", "first-run-password-31");
  port = g_strdup_printf ("%u", onair_emulator_get_port (vmix));
  secret_id = g_strdup_printf ("127.0.0.1:%s", port);

  window = open_window ();
  page = get_welcome_page (window);
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Host Name or IP Address", "127.0.0.1");
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_Port", port);

  /* A password needs its user name. */
  set_row_text (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "Pass_word (optional)",
                "first-run-password-31");
  g_assert_false (gtk_widget_get_sensitive (onair_test_ui_find_button (GTK_WIDGET (page),
                                                                      "_Save and Connect")));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (page), "user name that goes with",
                                              FALSE));
  set_row_text (page, ADW_TYPE_ENTRY_ROW, "_User Name (only with a password)", "producer");
  click (page, "_Save and Connect");

  /* The Control Room takes over, on the host saved, connected with the password. */
  g_assert_true (onair_test_ui_wait_until (page_hidden, page, 10000));
  g_assert_cmpstr (onair_window_get_shown_page (window), ==, "control");
  g_assert_true (onair_test_ui_wait_until (main_connected, NULL, 20000));
  g_assert_false (onair_application_needs_first_run (app));

  hosts = g_settings_get_value (settings, "hosts");
  g_assert_cmpuint (g_variant_n_children (hosts), ==, 1);
  child = g_variant_get_child_value (hosts, 0);
  saved = onair_host_profile_new_from_variant (child, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->id, ==, "main");
  g_assert_cmpint (saved->role, ==, ONAIR_HOST_ROLE_MAIN);
  g_assert_cmpstr (saved->host, ==, "127.0.0.1");
  g_assert_cmpuint (saved->port, ==, onair_emulator_get_port (vmix));
  g_assert_cmpstr (saved->username, ==, "producer");

  /* The password: in the keyring under host:port (not the host alone), nowhere in the
   * settings. */
  stored = secret_password_lookup_sync (&keyring_schema, NULL, &error,
                                        "kind", "vmix-password", "id", secret_id, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "first-run-password-31");
  host_only = secret_password_lookup_sync (&keyring_schema, NULL, &error,
                                           "kind", "vmix-password", "id", "127.0.0.1", NULL);
  g_assert_no_error (error);
  /* (Other test programs share the session's keyring: only this password matters here.) */
  g_assert_cmpstr (host_only, !=, "first-run-password-31");
  assert_no_setting_has ("first-run-password-31");

  /* Leave things as they were found: no host, no password. */
  close_window (window);
  secret_password_clear_sync (&keyring_schema, NULL, &error,
                              "kind", "vmix-password", "id", secret_id, NULL);
  g_assert_no_error (error);
  g_settings_reset (settings, "hosts");
  onair_application_reconnect (app);
  onair_emulator_stop (vmix);
}

static gboolean
control_room_connected (gpointer data)
{
  OnairPoller *poller = onair_application_get_poller (app);

  return poller != NULL &&
         onair_poller_get_connection_state (poller) == ONAIR_CONNECTION_CONNECTED &&
         g_strcmp0 (onair_window_get_visible_page (data), "connected") == 0;
}

static GtkWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
preferences_open (gpointer data)
{
  return find_preferences () != NULL;
}

static gboolean
row_subtitle_has (gpointer data)
{
  gpointer *pair = data;

  return strstr (adw_action_row_get_subtitle (pair[0]), pair[1]) != NULL;
}

static gboolean
is_port_spin (GtkWidget     *widget,
              gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_SPIN_BUTTON (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Port") == 0;
}

static void
test_try_emulator (void)
{
  g_autofree char *png = NULL;
  g_autofree char *address = NULL;
  OnairWelcomePage *page;
  OnairWindow *window;
  GtkWindow *preferences;
  GPtrArray *emulators;
  GtkWidget *row;
  GtkWidget *port_spin;
  gpointer pair[2];

  g_assert_true (onair_application_needs_first_run (app));
  window = open_window ();
  page = get_welcome_page (window);

  /* One click: the emulators --emulator starts, Main and Backup, and the Control Room on
   * Main, connected. */
  click (page, "Try with the _Built-in Emulator");
  g_assert_true (onair_test_ui_wait_until (page_hidden, page, 10000));
  g_assert_cmpstr (onair_window_get_shown_page (window), ==, "control");
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (window), "Welcome", TRUE));
  emulators = onair_application_get_emulators (app);
  g_assert_cmpuint (emulators->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_fleet (app))),
                    ==, 2);
  g_assert_true (onair_test_ui_wait_until (control_room_connected, window, 20000));
  g_assert_cmpuint (onair_emulator_get_request_count (g_ptr_array_index (emulators, 0)), >, 0);
  /* Nothing saved: next time Onair asks again. */
  {
    g_autoptr(GVariant) hosts = g_settings_get_value (onair_application_get_settings (app),
                                                      "hosts");

    g_assert_cmpuint (g_variant_n_children (hosts), ==, 0);
  }
  onair_test_ui_settle (800);
  png = onair_test_ui_save_png (GTK_WIDGET (window), "first-run-emulator.png");
  g_clear_pointer (&png, g_free);

  /* Preferences show where the emulators really are, not the settings' address, and test
   * them. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (onair_test_ui_wait_until (preferences_open, NULL, 10000));
  preferences = find_preferences ();
  gtk_window_set_default_size (preferences, 720, 800);
  row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Main");
  g_assert_nonnull (row);
  address = g_strdup_printf ("127.0.0.1:%u · built-in emulator",
                             onair_emulator_get_port (g_ptr_array_index (emulators, 0)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), address));
  port_spin = onair_test_ui_find (GTK_WIDGET (preferences), is_port_spin, NULL);
  g_assert_nonnull (port_spin);
  g_assert_false (gtk_widget_is_visible (port_spin));

  click (row, "_Test Connection");
  pair[0] = row;
  pair[1] = (gpointer) "Connected to vMix";
  g_assert_true (onair_test_ui_wait_until (row_subtitle_has, pair, 10000));
  g_assert_null (onair_test_ui_find_button (row, "Edit"));
  onair_test_ui_settle (500);
  png = onair_test_ui_save_png (GTK_WIDGET (preferences), "preferences-emulator.png");

  gtk_window_destroy (preferences);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  onair_test_ui_init (&argc, &argv);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/onair/ui/first-run/welcome", test_welcome_shown);
  g_test_add_func ("/onair/ui/first-run/test-connection", test_connection);
  g_test_add_func ("/onair/ui/first-run/save-host", test_save_host);
  g_test_add_func ("/onair/ui/first-run/try-emulator", test_try_emulator);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
