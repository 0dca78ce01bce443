/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-window.h"

/* The Alerts page of the Preferences as a producer uses it, against a real HTTP receiver on
 * 127.0.0.1: a Slack sink added (its address to the keyring, shown by fingerprint only),
 * Send Test Alert answered in words (delivered, and refused by a dead relay), an insecure
 * address refused, then a health alert from the emulator reaching the sink while the dead
 * relay's failure shows in its row and in the window, a sink turned off and one removed; a
 * failure an earlier Onair left in the settings shown until Send Test Alert gets through. */

#define TOKEN "T0CANARY/B0CANARY/xoxbWebhookToken0123456789"

static OnairApplication *app;

typedef struct
{
  char   *path;
  GBytes *body;
} Request;

static GPtrArray *requests;   /* Request* */

static void
request_free (Request *request)
{
  g_free (request->path);
  g_bytes_unref (request->body);
  g_free (request);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Request *request = g_new0 (Request, 1);

  request->path = g_strdup (path);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (requests, request);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static const char *
text_of (const Request *request,
         JsonParser    *parser)
{
  gsize length;
  const char *data = g_bytes_get_data (request->body, &length);

  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_get_string_member_with_default (
    json_node_get_object (json_parser_get_root (parser)), "text", NULL);
}

static gboolean
received_containing (gpointer needle)
{
  for (guint i = 0; i < requests->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *text = text_of (g_ptr_array_index (requests, i), parser);

      if (text != NULL && strstr (text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
preferences_open (gpointer data)
{
  GtkWindow *window = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
  const char *text;   /* in the subtitle; NULL: the row exists */
} RowCheck;

static GtkWidget *
sink_row (GtkWidget  *root,
          const char *title)
{
  return onair_test_ui_find_row (root, ADW_TYPE_ACTION_ROW, title);
}

static gboolean
row_says (gpointer data)
{
  RowCheck *check = data;
  GtkWidget *row = sink_row (check->root, check->title);

  if (row == NULL)
    return FALSE;
  return check->text == NULL ||
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), check->text) != NULL;
}

static gboolean
window_shows (gpointer data)
{
  RowCheck *check = data;

  return onair_test_ui_find_label (check->root, check->text, FALSE) != NULL;
}

static gboolean
row_gone (gpointer data)
{
  RowCheck *check = data;

  return sink_row (check->root, check->title) == NULL;
}

static void
wait_for_row (GtkWidget  *root,
              const char *title,
              const char *text)
{
  RowCheck check = { root, title, text };

  if (!onair_test_ui_wait_until (row_says, &check, 15000))
    {
      GtkWidget *row = sink_row (root, title);

      g_error ("Row “%s” does not say “%s”: %s", title, text,
               row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : "(no row)");
    }
}

static void
add_sink (GtkWidget       *preferences,
          const char      *name,
          OnairAlertShape  shape,
          const char      *url)
{
  GtkWidget *name_row = onair_test_ui_find_row (preferences, ADW_TYPE_ENTRY_ROW, "_Name");
  GtkWidget *shape_row = onair_test_ui_find_row (preferences, ADW_TYPE_COMBO_ROW, "_Service");
  GtkWidget *url_row = onair_test_ui_find_row (preferences, ADW_TYPE_PASSWORD_ENTRY_ROW,
                                               "Webhook _Address");
  GtkWidget *add = onair_test_ui_find_button (preferences, "_Add Alert Sink");

  g_assert_nonnull (name_row);
  g_assert_nonnull (shape_row);
  g_assert_nonnull (url_row);
  g_assert_nonnull (add);
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (shape_row), shape);
  gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  g_signal_emit_by_name (add, "clicked");
}

static void
click_in_row (GtkWidget  *preferences,
              const char *title,
              const char *button)
{
  GtkWidget *row = sink_row (preferences, title);
  GtkWidget *found;

  g_assert_nonnull (row);
  found = onair_test_ui_find_button (row, button);
  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
}

static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_EDITABLE (widget) && !ADW_IS_PASSWORD_ENTRY_ROW (widget)
           && !GTK_IS_PASSWORD_ENTRY (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  return text != NULL && strstr (text, data) != NULL;
}

static gboolean
sinks_count_is (gpointer data)
{
  return onair_alert_sinks_get_n_sinks (onair_application_get_alert_sinks (app)) ==
         GPOINTER_TO_UINT (data);
}

static void
result_cb (GObject      *object,
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
connected (gpointer poller)
{
  return onair_poller_get_connection_state (poller) == ONAIR_CONNECTION_CONNECTED;
}

static void
test_alerts_page (void)
{
  g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupServer) dead = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dead_url = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *png = NULL;
  g_autofree char *settings_text = NULL;
  g_autoptr(GVariant) settings_value = NULL;
  GSettings *settings = onair_application_get_settings (app);
  OnairAlertSinks *sinks = onair_application_get_alert_sinks (app);
  GtkWidget *preferences;
  GtkWidget *window;
  guint port, dead_port;
  GSList *uris;

  g_assert_nonnull (sinks);
  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* A relay that is gone: its port free again. */
  g_assert_true (soup_server_listen_local (dead, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (dead);
  dead_port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  soup_server_disconnect (dead);
  url = g_strdup_printf ("http://127.0.0.1:%u/services/%s", port, TOKEN);
  dead_url = g_strdup_printf ("http://127.0.0.1:%u/hook", dead_port);
  fingerprint = onair_key_fingerprint (url);

  g_assert_true (onair_emulator_start (emulator, 0, &error));
  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (ONAIR_IS_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (onair_test_ui_wait_until (preferences_open, NULL, 10000));
  preferences = GTK_WIDGET (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
  gtk_window_set_default_size (GTK_WINDOW (preferences), 760, 900);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "alerts");
  g_assert_nonnull (onair_test_ui_find_row (preferences, ADW_TYPE_ACTION_ROW,
                                            "No alert sinks yet"));

  /* A Slack webhook: kept in the keyring, shown by fingerprint. */
  add_sink (preferences, "Crew chat", ONAIR_ALERT_SHAPE_SLACK, url);
  wait_for_row (preferences, "Crew chat", fingerprint);
  wait_for_row (preferences, "Crew chat", "Slack");
  g_assert_null (onair_test_ui_find_row (preferences, ADW_TYPE_ACTION_ROW, "No alert sinks yet"));
  settings_value = g_settings_get_value (settings, "alert-sinks");
  settings_text = g_variant_print (settings_value, FALSE);
  g_assert_null (strstr (settings_text, "127.0.0.1"));
  g_assert_null (strstr (settings_text, "xoxb"));

  /* Send Test Alert: delivered, said in words. */
  click_in_row (preferences, "Crew chat", "Send _Test Alert");
  wait_for_row (preferences, "Crew chat", "Test alert delivered.");
  g_assert_true (received_containing ("Test alert from Onair"));

  /* An address over plain HTTP to the internet is refused before anything is stored. */
  add_sink (preferences, "Outside", ONAIR_ALERT_SHAPE_JSON, "http://hooks.example.com/" TOKEN);
  onair_test_ui_settle (300);
  g_assert_cmpuint (onair_alert_sinks_get_n_sinks (sinks), ==, 1);
  g_assert_nonnull (onair_test_ui_find_label (preferences, "Plain HTTP would send the webhook",
                                              FALSE));

  /* A relay that is gone: the test says so in words. */
  add_sink (preferences, "Old relay", ONAIR_ALERT_SHAPE_JSON, dead_url);
  wait_for_row (preferences, "Old relay", "JSON");
  g_assert_null (onair_test_ui_find_label (preferences, "Plain HTTP would send the webhook", FALSE));
  click_in_row (preferences, "Old relay", "Send _Test Alert");
  wait_for_row (preferences, "Old relay", "Test alert not delivered: Nothing answered");

  /* A health alert from vMix reaches the chat; the relay's failure shows in its row and in
   * the window once the retry window closes (shortened here). */
  onair_alert_sinks_set_retry_window_ms (sinks, 1200);
  onair_alert_sinks_set_backoff_ms (sinks, 200, 400);
  onair_poller_set_interval_ms (onair_application_get_poller (app), 250);
  g_assert_true (onair_test_ui_wait_until (connected, onair_application_get_poller (app), 20000));
  /* The master muted while recording is critical. */
  {
    OnairController *controller = onair_application_get_controller (app);
    g_autoptr(GAsyncResult) result = NULL;

    onair_controller_start_recording_async (controller, NULL, result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (onair_controller_start_recording_finish (controller, result, &error));
  }
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOff", NULL));
  g_assert_true (onair_test_ui_wait_until (has_reason, "master-muted", 10000));
  g_assert_true (onair_test_ui_wait_until (received_containing, "Show health on", 10000));
  g_assert_true (received_containing ("Main"));
  /* A new problem while already critical is an alert of its own, as on the desktop. */
  g_assert_true (onair_emulator_call_function (emulator, "StopRecording", NULL));
  g_assert_true (onair_test_ui_wait_until (has_reason, "recording-stopped-outside", 10000));
  g_assert_true (onair_test_ui_wait_until (received_containing, "New critical problem on", 10000));
  wait_for_row (preferences, "Old relay", "Last alert not delivered: Nothing answered");
  {
    RowCheck toast = { window, NULL, "An alert could not be sent to “Old relay”" };

    g_assert_true (onair_test_ui_wait_until (window_shows, &toast, 10000));
  }

  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (preferences, "alert-sinks.png");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  /* Nowhere on screen is the address or its token. */
  g_assert_null (onair_test_ui_find (preferences, shows_text, "xoxb"));
  {
    /* (The vMix host's address is on the Connection page: only the sinks' are secret.) */
    g_autofree char *sink_address = g_strdup_printf ("127.0.0.1:%u", port);
    g_autofree char *dead_address = g_strdup_printf ("127.0.0.1:%u", dead_port);

    g_assert_null (onair_test_ui_find (preferences, shows_text, sink_address));
    g_assert_null (onair_test_ui_find (preferences, shows_text, dead_address));
  }

  /* Off: no alerts, said in the row and kept in the settings. */
  {
    RowCheck check = { preferences, "Old relay", NULL };
    GtkWidget *toggle = onair_test_ui_find_descendant (sink_row (preferences, "Old relay"),
                                                       GTK_TYPE_SWITCH);

    g_assert_true (row_says (&check));
    gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
    wait_for_row (preferences, "Old relay", "Off: no alerts are sent here");
    g_assert_false (onair_alert_sinks_get_sink (sinks, 1)->enabled);

    /* Removed: its row goes, and so does its address from the keyring. */
    click_in_row (preferences, "Old relay", "Remove");
    g_assert_true (onair_test_ui_wait_until (row_gone, &check, 10000));
    g_assert_true (onair_test_ui_wait_until (sinks_count_is, GUINT_TO_POINTER (1), 10000));
    click_in_row (preferences, "Crew chat", "Remove");
    g_assert_true (onair_test_ui_wait_until (sinks_count_is, GUINT_TO_POINTER (0), 10000));
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  onair_controller_acknowledge_recording_stopped (onair_application_get_controller (app));
  g_assert_true (onair_emulator_call_function (emulator, "MasterAudioOn", NULL));
  onair_test_ui_settle (100);
  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
  soup_server_disconnect (server);
  g_clear_pointer (&requests, g_ptr_array_unref);
}

static gboolean
row_does_not_say (gpointer data)
{
  return !row_says (data);
}

/* The settings as an earlier Onair left them: the sink's last alert was not delivered. */
static void
leave_failure (GSettings  *settings,
               const char *id,
               const char *failure)
{
  g_autoptr(GVariant) list = g_settings_get_value (settings, "alert-sinks");
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (list, i);
      g_autoptr(GVariantDict) dict = g_variant_dict_new (entry);
      const char *entry_id = NULL;

      if (g_variant_dict_lookup (dict, "id", "&s", &entry_id) && g_strcmp0 (entry_id, id) == 0)
        g_variant_dict_insert (dict, "failure", "s", failure);
      g_variant_builder_add_value (&builder, g_variant_dict_end (dict));
    }
  g_settings_set_value (settings, "alert-sinks", g_variant_builder_end (&builder));
}

static char *
saved_failure (GSettings *settings)
{
  g_autoptr(GVariant) list = g_settings_get_value (settings, "alert-sinks");
  g_autoptr(GVariant) entry = g_variant_get_child_value (list, 0);
  const char *failure = "";

  g_variant_lookup (entry, "failure", "&s", &failure);
  return g_strdup (failure);
}

static void
test_failure_kept (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *saved = NULL;
  GSettings *settings = onair_application_get_settings (app);
  OnairAlertSinks *sinks = onair_application_get_alert_sinks (app);
  RowCheck failed = { NULL, "Stage relay", "Last alert not delivered: The alert service had an "
                                           "error (HTTP 500)." };
  GtkWidget *preferences;
  GSList *uris;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%u/stage/%s", g_uri_get_port (uris->data), TOKEN);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  onair_alert_sinks_add_async (sinks, settings, "Stage relay", ONAIR_ALERT_SHAPE_JSON, url, NULL,
                               result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = onair_alert_sinks_add_finish (sinks, result, &error);
  g_assert_no_error (error);
  leave_failure (settings, id, "The alert service had an error (HTTP 500).");

  g_application_activate (G_APPLICATION (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (onair_test_ui_wait_until (preferences_open, NULL, 10000));
  preferences = GTK_WIDGET (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "alerts");
  failed.root = preferences;
  wait_for_row (preferences, failed.title, failed.text);

  /* Send Test Alert gets through: the failure is gone, from the row and the settings. */
  click_in_row (preferences, "Stage relay", "Send _Test Alert");
  g_assert_true (onair_test_ui_wait_until (row_does_not_say, &failed, 15000));
  g_assert_cmpuint (requests->len, ==, 1);
  saved = saved_failure (settings);
  g_assert_cmpstr (saved, ==, "");

  click_in_row (preferences, "Stage relay", "Remove");
  g_assert_true (onair_test_ui_wait_until (sinks_count_is, GUINT_TO_POINTER (0), 10000));
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  onair_test_ui_settle (50);
  soup_server_disconnect (server);
  g_clear_pointer (&requests, g_ptr_array_unref);
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

  g_test_add_func ("/onair/ui/alert-sinks/preferences", test_alerts_page);
  g_test_add_func ("/onair/ui/alert-sinks/failure-kept", test_failure_kept);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
