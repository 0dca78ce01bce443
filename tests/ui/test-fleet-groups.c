/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-host-dialog.h"
#include "ui/onair-overview-page.h"
#include "ui/onair-window.h"

/* Stream groups and hosts on the Overview, as a producer uses them: a group that goes live
 * on only one of its two hosts, Stop Group, and a host edited in the Preferences. Each test
 * runs two vMix machines, Main (vMix 28) and Backup (vMix 26), set up as two hosts in the
 * settings, with a group "Main + Backup" streaming Stream 1 of each. */

static OnairApplication *app;

typedef struct
{
  OnairEmulator     *main_vmix;
  OnairEmulator     *backup_vmix;
  OnairWindow       *window;
  OnairOverviewPage *page;
  char              *main_destination;
  char              *backup_destination;
} Fixture;

#define GROUP_NAME "Main + Backup"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
add_destination (const char *name,
                 const char *url,
                 const char *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, name);
  onair_destination_set_server_url (destination, url);
  onair_destination_store_key_async (destination, onair_application_get_secrets (app), key, NULL,
                                     result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_destination_store_key_finish (destination, result, &error));
  g_assert_no_error (error);
  onair_destination_list_add (onair_application_get_destinations (app), destination);
  return g_strdup (onair_destination_get_id (destination));
}

typedef struct
{
  OnairOverviewPage *page;
  const char        *host_id;
  const char        *text;
} TileCheck;

static gboolean
host_state_starts_with (gpointer data)
{
  TileCheck *check = data;
  const char *state = onair_overview_page_get_host_state (check->page, check->host_id);

  return state != NULL && g_str_has_prefix (state, check->text);
}

static gboolean
tile_shows (gpointer data)
{
  TileCheck *check = data;
  GtkWidget *tile = onair_overview_page_get_host_tile (check->page, check->host_id);

  return tile != NULL && onair_test_ui_find_label (tile, check->text, FALSE) != NULL;
}

static void
wait_for_tile (Fixture    *fixture,
               const char *host_id,
               const char *text)
{
  TileCheck check = { fixture->page, host_id, text };

  g_assert_true (onair_test_ui_wait_until (tile_shows, &check, 20000));
}

static void
wait_for_host_state (Fixture    *fixture,
                     const char *host_id,
                     const char *text)
{
  TileCheck check = { fixture->page, host_id, text };

  g_assert_true (onair_test_ui_wait_until (host_state_starts_with, &check, 30000));
}

static gboolean
tile_lacks (gpointer data)
{
  TileCheck *check = data;
  GtkWidget *tile = onair_overview_page_get_host_tile (check->page, check->host_id);

  return tile != NULL && onair_test_ui_find_label (tile, check->text, FALSE) == NULL;
}

static void
wait_for_tile_to_lose (Fixture    *fixture,
                       const char *host_id,
                       const char *text)
{
  TileCheck check = { fixture->page, host_id, text };

  g_assert_true (onair_test_ui_wait_until (tile_lacks, &check, 20000));
}

static gboolean
first_stream_live (gpointer data)
{
  return onair_emulator_get_stream_live (data, 0);
}

static gboolean
first_stream_off (gpointer data)
{
  return !onair_emulator_get_stream_live (data, 0);
}

/* A visible window of @type; with @css_class, one that has it. */
static GtkWindow *
find_toplevel (GType       type,
               const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          (css_class == NULL || gtk_widget_has_css_class (GTK_WIDGET (toplevel), css_class)))
        return toplevel;
    }
  return NULL;
}

typedef struct
{
  GType       type;
  const char *css_class;
} DialogKind;

static gboolean
dialog_is_open (gpointer data)
{
  DialogKind *kind = data;
  GtkWindow *dialog = find_toplevel (kind->type, kind->css_class);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
dialog_is_closed (gpointer data)
{
  DialogKind *kind = data;

  return find_toplevel (kind->type, kind->css_class) == NULL;
}

static GtkWindow *
wait_for_dialog (GType       type,
                 const char *css_class)
{
  DialogKind kind = { type, css_class };

  g_assert_true (onair_test_ui_wait_until (dialog_is_open, &kind, 30000));
  return find_toplevel (type, css_class);
}

static void
wait_until_closed (GType       type,
                   const char *css_class)
{
  DialogKind kind = { type, css_class };

  g_assert_true (onair_test_ui_wait_until (dialog_is_closed, &kind, 10000));
}

static void
set_hosts (GSettings        *settings,
           OnairHostProfile *main_profile,
           OnairHostProfile *backup_profile)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (main_profile));
  g_variant_builder_add_value (&builder, onair_host_profile_to_variant (backup_profile));
  g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *test = data;
  GSettings *settings = onair_application_get_settings (app);
  g_autoptr(OnairHostProfile) main_profile = NULL;
  g_autoptr(OnairHostProfile) backup_profile = NULL;
  g_autoptr(OnairStreamGroup) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *main_key = NULL;
  g_autofree char *backup_key = NULL;
  GVariantBuilder builder;

  fixture->main_vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  fixture->backup_vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX26);
  g_assert_true (onair_emulator_start (fixture->main_vmix, 0, &error));
  g_assert_no_error (error);
  g_assert_true (onair_emulator_start (fixture->backup_vmix, 0, &error));
  g_assert_no_error (error);

  /* The hosts as a producer set them up; the application follows the settings. */
  main_profile = onair_host_profile_new ("main", "Main", ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                         onair_emulator_get_port (fixture->main_vmix), FALSE,
                                         NULL);
  backup_profile = onair_host_profile_new ("backup", "Backup", ONAIR_HOST_ROLE_BACKUP,
                                           "127.0.0.1",
                                           onair_emulator_get_port (fixture->backup_vmix), FALSE,
                                           NULL);
  set_hosts (settings, main_profile, backup_profile);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_fleet (app))),
                    ==, 2);

  /* YouTube's primary ingest from Main, its backup ingest from Backup; keys in the keyring. */
  main_key = g_strdup_printf ("group_%s_main_key", test);
  backup_key = g_strdup_printf ("group_%s_backup_key", test);
  fixture->main_destination = add_destination ("YouTube", "rtmp://a.rtmp.youtube.com/live2",
                                               main_key);
  fixture->backup_destination = add_destination ("YouTube Backup",
                                                 "rtmp://b.rtmp.youtube.com/live2?backup=1",
                                                 backup_key);
  group = onair_stream_group_new ("show", GROUP_NAME);
  onair_stream_group_add_member (group, "main", 0, fixture->main_destination);
  onair_stream_group_add_member (group, "backup", 0, fixture->backup_destination);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&builder, onair_stream_group_to_variant (group));
  g_settings_set_value (settings, "stream-groups", g_variant_builder_end (&builder));

  g_application_activate (G_APPLICATION (app));
  fixture->window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1240, 900);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             "overview"));
  fixture->page = ONAIR_OVERVIEW_PAGE (onair_window_get_page (fixture->window, "overview"));
  g_assert_nonnull (fixture->page);
  wait_for_host_state (fixture, "main", "Connected to vMix");
  wait_for_host_state (fixture, "backup", "Connected to vMix");
}

static void
delete_destination (const char *id)
{
  OnairDestinationList *list = onair_application_get_destinations (app);
  OnairDestination *destination = onair_destination_list_lookup (list, id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (destination);
  onair_destination_list_delete_async (list, destination, onair_application_get_secrets (app),
                                       NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_destination_list_delete_finish (list, result, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GSettings *settings = onair_application_get_settings (app);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  delete_destination (fixture->main_destination);
  delete_destination (fixture->backup_destination);
  g_settings_reset (settings, "stream-groups");
  g_settings_reset (settings, "hosts");
  onair_emulator_stop (fixture->main_vmix);
  onair_emulator_stop (fixture->backup_vmix);
  g_clear_object (&fixture->main_vmix);
  g_clear_object (&fixture->backup_vmix);
  g_free (fixture->main_destination);
  g_free (fixture->backup_destination);
}

static GtkWidget *
find_group_button (Fixture    *fixture,
                   const char *label)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                           GROUP_NAME);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = onair_test_ui_find_button (row, label);
  g_assert_nonnull (button);
  return button;
}

/* Backup is down when the group goes live: Main goes live, and the dialog says, member by
 * member, which one went live and which one did not. */
static void
test_partial_start (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *live = "✓ Main · Stream 1 → YouTube: live";
  const char *failed = "✗ Backup · Stream 1 → YouTube Backup: ";
  g_autofree char *png = NULL;
  const char *body;
  GtkWindow *dialog;

  onair_emulator_stop (fixture->backup_vmix);
  wait_for_host_state (fixture, "backup", "Connection lost");

  g_assert_true (gtk_widget_activate (find_group_button (fixture, "_Go Live")));
  dialog = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, "group-outcome");
  g_assert_nonnull (dialog);

  /* Main is live, confirmed from its own vMix; Backup is not, and the dialog says why. */
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 0));
  g_assert_false (onair_emulator_get_stream_live (fixture->backup_vmix, 0));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "“" GROUP_NAME "” Is Only Partly Live");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("Partial start: %s", body);
  g_assert_nonnull (strstr (body, live));
  g_assert_nonnull (strstr (body, failed));
  /* Why Backup failed, in words: more than the member's name. */
  g_assert_cmpuint (strlen (strstr (body, failed)), >, strlen (failed) + 8);
  /* Keys stay out of what the producer reads. */
  g_assert_null (strstr (body, "_key"));

  onair_test_ui_settle (600);
  png = onair_test_ui_save_png (GTK_WIDGET (dialog), "fleet-partial-start.png");

  /* Main's tile shows it live; the partial start was not undone behind the producer's back. */
  wait_for_tile (fixture, "main", "Live · YouTube");
  /* What the Close button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_close (dialog);
  wait_until_closed (ADW_TYPE_MESSAGE_DIALOG, "group-outcome");
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 0));
}

/* Stop Group, once confirmed, stops every member on its own host, and only the members. */
static void
test_stop_group (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *png = NULL;
  GtkWindow *confirm;

  /* Stream 3 of Main is live too, started from vMix itself: not a member. */
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StreamingSetURL",
                                               "Value=2,rtmp://127.0.0.1/other"));
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StreamingSetKey",
                                               "Value=2,other_key"));
  g_assert_true (onair_emulator_call_function (fixture->main_vmix, "StartStreaming", "Value=2"));

  g_assert_true (gtk_widget_activate (find_group_button (fixture, "_Go Live")));
  g_assert_true (onair_test_ui_wait_until (first_stream_live, fixture->main_vmix, 20000));
  g_assert_true (onair_test_ui_wait_until (first_stream_live, fixture->backup_vmix, 20000));
  wait_for_tile (fixture, "main", "Live · YouTube");
  wait_for_tile (fixture, "backup", "Live · YouTube Backup");
  onair_emulator_clear_calls (fixture->main_vmix);
  onair_emulator_clear_calls (fixture->backup_vmix);

  /* Stop asks first; keeping the streams stops nothing. */
  g_assert_true (gtk_widget_activate (find_group_button (fixture, "_Stop")));
  confirm = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  gtk_window_close (confirm);
  wait_until_closed (ADW_TYPE_MESSAGE_DIALOG, NULL);
  onair_test_ui_settle (800);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 0));
  g_assert_true (onair_emulator_get_stream_live (fixture->backup_vmix, 0));
  g_assert_cmpuint (onair_emulator_count_calls (fixture->main_vmix, "StopStreaming"), ==, 0);

  g_assert_true (gtk_widget_activate (find_group_button (fixture, "_Stop")));
  confirm = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "Stop “" GROUP_NAME "”?");
  onair_test_ui_settle (400);
  png = onair_test_ui_save_png (GTK_WIDGET (confirm), "fleet-stop-group-confirm.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "stop");
  gtk_window_close (confirm);

  /* Each host's own state says its member stopped; Main's Stream 3 still runs. */
  g_assert_true (onair_test_ui_wait_until (first_stream_off, fixture->main_vmix, 20000));
  g_assert_true (onair_test_ui_wait_until (first_stream_off, fixture->backup_vmix, 20000));
  g_assert_cmpuint (onair_emulator_count_calls (fixture->main_vmix, "StopStreaming"), ==, 1);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->backup_vmix, "StopStreaming"), ==, 1);
  g_assert_true (onair_emulator_get_stream_live (fixture->main_vmix, 2));
  wait_for_tile_to_lose (fixture, "main", "Live · YouTube");
  wait_for_tile_to_lose (fixture, "backup", "Live · YouTube");
  /* Every member stopped: a toast, not the member-by-member dialog. */
  onair_test_ui_settle (1000);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "group-outcome"));
}

/* Editing a host in the Preferences */

static void
set_row_text (GtkWindow  *dialog,
              GType       type,
              const char *title,
              const char *text)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (dialog), type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

typedef struct
{
  OnairFleet *fleet;
  guint       port;
} SessionPort;

static gboolean
backup_on_port (gpointer data)
{
  SessionPort *check = data;
  OnairVmixSession *session = onair_fleet_lookup (check->fleet, "backup");

  return session != NULL && onair_vmix_session_get_profile (session)->port == check->port &&
         onair_vmix_session_get_connection_state (session) == ONAIR_CONNECTION_CONNECTED;
}

static OnairHostProfile *
dup_saved_host (GSettings *settings,
                guint      index)
{
  g_autoptr(GVariant) hosts = g_settings_get_value (settings, "hosts");
  g_autoptr(GVariant) child = g_variant_get_child_value (hosts, index);
  g_autoptr(GError) error = NULL;
  OnairHostProfile *profile = onair_host_profile_new_from_variant (child, &error);

  g_assert_no_error (error);
  return profile;
}

static gboolean
backup_renamed (gpointer data)
{
  g_autoptr(OnairHostProfile) profile = dup_saved_host (data, 1);

  return g_str_equal (profile->name, "Standby");
}

/* Backup moves to another machine and is renamed: its session reconnects there, Main is not
 * touched, and the Overview names it anew. */
static void
test_edit_host (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairEmulator) standby_vmix = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX26);
  GSettings *settings = onair_application_get_settings (app);
  OnairFleet *fleet = onair_application_get_fleet (app);
  OnairVmixSession *main_session = onair_fleet_lookup (fleet, "main");
  OnairPoller *main_poller = onair_vmix_session_get_poller (main_session);
  g_autoptr(OnairHostProfile) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *address = NULL;
  g_autofree char *png = NULL;
  GtkWindow *preferences;
  GtkWindow *dialog;
  GtkWidget *row;
  GtkWidget *name_row;
  guint old_requests;
  SessionPort check;

  g_assert_true (onair_emulator_start (standby_vmix, 0, &error));
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", onair_emulator_get_port (standby_vmix));
  address = g_strdup_printf ("127.0.0.1:%s · ", port);
  g_assert_null (onair_overview_page_get_host_tile (fixture->page, "standby"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_dialog (ADW_TYPE_PREFERENCES_WINDOW, NULL);
  gtk_window_set_default_size (preferences, 640, 900);
  row = onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "Backup");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (row, "Edit")));
  dialog = wait_for_dialog (ONAIR_TYPE_HOST_DIALOG, NULL);

  /* The dialog opens on the host as saved. */
  name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  g_assert_nonnull (name_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Backup");
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Name", "Standby");
  set_row_text (dialog, ADW_TYPE_ENTRY_ROW, "_Port", port);
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save")));
  wait_until_closed (ONAIR_TYPE_HOST_DIALOG, NULL);

  /* Saved under the same id, after Main, with the new name and port. */
  g_assert_true (onair_test_ui_wait_until (backup_renamed, settings, 10000));
  saved = dup_saved_host (settings, 1);
  g_assert_cmpstr (saved->id, ==, "backup");
  g_assert_cmpuint (saved->port, ==, onair_emulator_get_port (standby_vmix));
  g_assert_cmpint (saved->role, ==, ONAIR_HOST_ROLE_BACKUP);
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW,
                                            "Standby"));
  gtk_window_destroy (preferences);

  /* The fleet's session was reconfigured: it polls the new machine, not the old one. */
  check = (SessionPort) { fleet, onair_emulator_get_port (standby_vmix) };
  g_assert_true (onair_test_ui_wait_until (backup_on_port, &check, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fleet)), ==, 2);
  g_assert_cmpstr (onair_vmix_session_get_name (onair_fleet_lookup (fleet, "backup")), ==,
                   "Standby");
  g_assert_cmpuint (onair_emulator_get_request_count (standby_vmix), >, 0);
  old_requests = onair_emulator_get_request_count (fixture->backup_vmix);
  onair_test_ui_settle (1500);
  g_assert_cmpuint (onair_emulator_get_request_count (fixture->backup_vmix), ==, old_requests);
  /* Main kept its session and its connection. */
  g_assert_true (onair_fleet_lookup (fleet, "main") == main_session);
  g_assert_true (onair_vmix_session_get_poller (main_session) == main_poller);

  /* The Overview shows the new name and address on the same tile. */
  wait_for_tile (fixture, "backup", "Standby");
  wait_for_tile (fixture, "backup", address);
  wait_for_host_state (fixture, "backup", "Connected to vMix");
  /* The old name is gone; "Backup vMix", its role, stays. */
  g_assert_null (onair_test_ui_find_label (onair_overview_page_get_host_tile (fixture->page,
                                                                              "backup"),
                                           "Backup", TRUE));
  wait_for_tile (fixture, "backup", "Backup vMix");
  onair_test_ui_settle (800);
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), "fleet-host-edited.png");

  onair_emulator_stop (standby_vmix);
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

  g_test_add ("/onair/ui/fleet-groups/partial-start", Fixture, "partial",
              fixture_set_up, test_partial_start, fixture_tear_down);
  g_test_add ("/onair/ui/fleet-groups/stop-group", Fixture, "stop",
              fixture_set_up, test_stop_group, fixture_tear_down);
  g_test_add ("/onair/ui/fleet-groups/edit-host", Fixture, "edit",
              fixture_set_up, test_edit_host, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
