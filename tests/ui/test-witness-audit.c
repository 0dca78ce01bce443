/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/witness/onair-witness-private.h"
#include "core/witness/onair-witness-report.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-window.h"
#include "ui/onair-witness-page.h"

/*
 * The witness viewer as an auditor reads it, on a chain of two vMix hosts made before the
 * application starts: newest first (and the choice kept), events in words with the raw values
 * in the detail pane, the banner following entries as they arrive, the signing key shown in
 * the export dialog and the log's About popover, and the PDF audit report, rendered.
 */

#define N_FILLER 120

static OnairApplication *app;
static char *data_home;
static char *chain_path;

typedef struct
{
  OnairEmulator    *emulator;
  OnairWindow      *window;
  OnairWitnessPage *page;
  char             *tmp_dir;
} Fixture;

/* The chain */

static JsonObject *
host_params (const char *host)
{
  JsonObject *params = json_object_new ();
  JsonObject *object = json_object_new ();
  g_autofree char *id = g_ascii_strdown (host, -1);

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "name", host);
  json_object_set_object_member (params, "host", object);
  return params;
}

static void
append (OnairWitness *witness,
        const char   *type,
        gint64        unix_s,
        JsonObject   *params,
        JsonObject   *result)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_s);
  g_autoptr(JsonObject) event = onair_witness_event_new (type, when, params, result);
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_witness_append (witness, event, NULL, &error));
  g_assert_no_error (error);
}

/* A show on two hosts, an hour ago: many cuts, then what the auditor looks for. */
static void
make_chain (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_autofree char *chain_id = g_uuid_string_random ();
  g_autofree char *created = onair_witness_format_timestamp_ms ((t - 1) * 1000);
  JsonObject *params, *result, *reason;
  JsonArray *reasons;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  witness = onair_witness_create_with_id (path, chain_id, created, &error);
  g_assert_no_error (error);
  append (witness, "chain_created", t - 1, NULL, NULL);

  for (guint i = 0; i < N_FILLER; i++)
    {
      params = host_params (i % 2 ? "Backup" : "Main");
      json_object_set_string_member (params, "function", "Cut");
      append (witness, "vmix_function", t++, params, NULL);
    }

  params = host_params ("Main");
  json_object_set_int_member (params, "channel", 0);
  json_object_set_string_member (params, "destination_name", "YouTube primary");
  json_object_set_string_member (params, "key_fingerprint", "9f86d081");
  append (witness, "stream_started", t++, params, NULL);

  params = host_params ("Main");
  json_object_set_int_member (params, "output", 0);
  append (witness, "srt_output_started", t++, params, NULL);

  params = host_params ("Backup");
  json_object_set_string_member (params, "status", "critical");
  reasons = json_array_new ();
  reason = json_object_new ();
  json_object_set_string_member (reason, "message", "Stream 1 dropped");
  json_array_add_object_element (reasons, reason);
  json_object_set_array_member (params, "reasons", reasons);
  append (witness, "health_alert", t++, params, NULL);

  params = host_params ("Main");
  json_object_set_int_member (params, "channel", 1);
  result = onair_witness_result_new_failure ("vmix", "vMix did not accept the stream address "
                                             "for Stream 2");
  append (witness, "stream_started", t++, params, result);

  params = host_params ("Main");
  json_object_set_string_member (params, "by", "outside");
  result = onair_witness_result_new (TRUE);
  json_object_set_string_member (result, "duration", "00:42:10");
  append (witness, "recording_stopped", t++, params, result);

  params = host_params ("Main");
  json_object_set_string_member (params, "note", "a type this version does not know");
  append (witness, "custom_marker", t++, params, NULL);

  onair_witness_close (witness);
}

/* Helpers */

static gboolean
verified (gpointer data)
{
  OnairWitnessPage *page = data;

  return onair_witness_page_get_witness (page) != NULL &&
         !onair_witness_page_is_verifying (page) &&
         onair_witness_page_get_verification (page) != NULL;
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gpointer
template_child (Fixture    *fixture,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                  ONAIR_TYPE_WITNESS_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static guint
n_entries (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (onair_witness_page_get_witness (fixture->page)));
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (onair_witness_page_get_model (fixture->page));
}

static gboolean
shows_every_entry (gpointer data)
{
  Fixture *fixture = data;

  return !onair_witness_page_is_filtering (fixture->page) && n_rows (fixture) == n_entries (fixture);
}

static gint64
seq_of_row (Fixture *fixture,
            guint    position)
{
  g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (
    onair_witness_page_get_model (fixture->page), position);

  return onair_witness_entry_get_seq (entry);
}

/* The row of the newest entry of @type. */
static guint
find_row (Fixture    *fixture,
          const char *type)
{
  GListModel *rows = onair_witness_page_get_model (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (rows, i);

      if (g_strcmp0 (onair_witness_entry_get_event_type (entry), type) == 0)
        return i;
    }
  g_assert_not_reached ();
}

typedef struct {
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return onair_test_ui_find_label (wait->widget, wait->text, TRUE) != NULL;
}

static gboolean
banner_has (gpointer data)
{
  LabelWait *wait = data;

  return strstr (onair_witness_page_get_banner_text (ONAIR_WITNESS_PAGE (wait->widget)),
                 wait->text) != NULL;
}

static gboolean
banner_caught_up (gpointer data)
{
  OnairWitnessPage *page = data;

  return strstr (onair_witness_page_get_banner_text (page), "not yet verified") == NULL &&
         g_str_has_prefix (onair_witness_page_get_banner_text (page), "Valid · Verified ");
}

static gboolean
window_drawn (gpointer data)
{
  GtkWidget *window = data;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    gtk_widget_queue_draw (window);
  return node != NULL;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autofree char *png = NULL;

  onair_test_ui_settle (300);
  g_assert_true (onair_test_ui_wait_until (window_drawn, widget, 10000));
  png = onair_test_ui_save_png (widget, name);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* The fingerprint of the key the recorder signs exports with, read as an auditor would. */
static char *
dup_recorder_fingerprint (char **public_key_out)
{
  OnairWitnessRecorder *recorder = onair_application_get_recorder (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *public_key = NULL;
  char *fingerprint;

  onair_witness_recorder_load_signing_key_async (recorder, NULL, result_cb, &result);
  g_assert_true (onair_test_ui_wait_until (have_result, &result, 20000));
  key = onair_witness_recorder_load_signing_key_finish (recorder, result, &error);
  g_assert_no_error (error);
  public_key = onair_witness_signing_key_dup_public_key (key, &error);
  g_assert_no_error (error);
  fingerprint = onair_witness_public_key_fingerprint (public_key);
  if (public_key_out != NULL)
    *public_key_out = g_steal_pointer (&public_key);
  return fingerprint;
}

static AdwMessageDialog *
find_message_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (fixture->window))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

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

/* @text with every run of white space one space: takes @text. */
static char *
squeeze (char *text)
{
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
  char *squeezed = g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);

  g_free (text);
  return squeezed;
}

static gboolean
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ignored = NULL;
  int status = 0;

  /* Captured either way: the tools' output is not TAP. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out != NULL ? out : &ignored, NULL, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("onair-witness-audit-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);

  onair_application_set_emulator (app, fixture->emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  fixture->window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 860);
  onair_window_show_page (fixture->window, "witness");
  fixture->page = ONAIR_WITNESS_PAGE (onair_test_ui_find_descendant (GTK_WIDGET (fixture->window),
                                                                     ONAIR_TYPE_WITNESS_PAGE));
  g_assert_nonnull (fixture->page);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  g_assert_true (onair_test_ui_wait_until (window_mapped, fixture->window, 10000));
  g_assert_true (onair_test_ui_wait_until (verified, fixture->page, 60000));
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
}

static gboolean
page_finalized (gpointer data)
{
  return ((Fixture *) data)->page == NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  g_assert_true (onair_test_ui_wait_until (page_finalized, fixture, 10000));
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  remove_tree (fixture->tmp_dir);
  g_free (fixture->tmp_dir);
}

/* Tests */

static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  GtkColumnView *column_view = template_child (fixture, "column_view");
  GtkToggleButton *sort_button = template_child (fixture, "sort_button");
  GtkColumnViewColumn *host_column = template_child (fixture, "host_column");
  GSettings *settings = onair_application_get_settings (app);
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *count = NULL;
  LabelWait wait;
  guint n;

  /* Newest first, without anyone asking: the first row is the last entry. */
  g_assert_true (g_settings_get_boolean (settings, "witness-newest-first"));
  g_assert_true (gtk_toggle_button_get_active (sort_button));
  g_assert_cmpint (seq_of_row (fixture, 0), ==, n_entries (fixture) - 1);
  g_assert_cmpint (seq_of_row (fixture, n_rows (fixture) - 1), ==, 0);

  /* Events in words, "outside Onair" said, an unknown type as it is, streams and outputs
   * counted from 1, and the host of each, two hosts being in the log. */
  onair_test_ui_settle (300);
  wait.widget = GTK_WIDGET (column_view);
  wait.text = "Recording stopped outside Onair";
  g_assert_true (onair_test_ui_wait_until (label_shown, &wait, 10000));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "Stream started", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "Health alert", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "custom_marker", TRUE));
  g_assert_null (onair_test_ui_find_label (GTK_WIDGET (column_view), "stream_started", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view),
                                              "Stream 1 · YouTube primary", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "Output 1", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view),
                                              "Critical · Stream 1 dropped", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view),
                                              "✗ vMix did not accept the stream address for "
                                              "Stream 2", TRUE));
  g_assert_true (gtk_column_view_column_get_visible (host_column));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "Backup", TRUE));

  /* The detail pane keeps the raw type and numbers beside the words. */
  {
    guint row = find_row (fixture, "srt_output_started");
    GtkLabel *summary = template_child (fixture, "detail_summary");

    gtk_selection_model_select_item (GTK_SELECTION_MODEL (onair_witness_page_get_model (
                                       fixture->page)), row, TRUE);
    {
      g_autofree char *line = g_strdelimit (g_strdup (gtk_label_get_text (summary)), "\n", '|');

      g_test_message ("details: %s", line);
    }
    g_assert_nonnull (strstr (gtk_label_get_text (summary), "SRT output started"));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), "Event type: srt_output_started"));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), "Output 1 (output: 0)"));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), "vMix host: Main"));
  }
  {
    guint row = find_row (fixture, "recording_stopped");
    GtkLabel *summary = template_child (fixture, "detail_summary");

    gtk_selection_model_select_item (GTK_SELECTION_MODEL (onair_witness_page_get_model (
                                       fixture->page)), row, TRUE);
    g_assert_nonnull (strstr (gtk_label_get_text (summary), "(by: outside)"));
  }
  save_png (GTK_WIDGET (fixture->window), "witness-viewer-newest-first.png");

  /* The banner counts the chain as shown: an entry arriving is counted at once, and
   * verified a moment later. */
  g_assert_true (onair_test_ui_wait_until (banner_caught_up, fixture->page, 20000));
  n = n_entries (fixture);
  params = json_object_new ();
  json_object_set_int_member (params, "channel", 2);
  onair_application_record_event (app, "stream_stopped", params, NULL);
  count = g_strdup_printf ("%'u entries", n + 1);
  wait.widget = GTK_WIDGET (fixture->page);
  wait.text = count;
  g_assert_true (onair_test_ui_wait_until (banner_has, &wait, 20000));
  g_test_message ("banner: %s", onair_witness_page_get_banner_text (fixture->page));
  g_assert_true (onair_test_ui_wait_until (banner_caught_up, fixture->page, 20000));
  g_test_message ("banner: %s", onair_witness_page_get_banner_text (fixture->page));
  g_assert_cmpuint (onair_witness_page_get_verification (fixture->page)->total_events, >=, n + 1);
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  g_assert_cmpint (seq_of_row (fixture, 0), ==, n_entries (fixture) - 1);

  /* Oldest first at a click, kept in the settings; and back. */
  gtk_toggle_button_set_active (sort_button, FALSE);
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  g_assert_false (g_settings_get_boolean (settings, "witness-newest-first"));
  g_assert_cmpint (seq_of_row (fixture, 0), ==, 0);
  gtk_toggle_button_set_active (sort_button, TRUE);
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  g_assert_true (g_settings_get_boolean (settings, "witness-newest-first"));
  g_assert_cmpint (seq_of_row (fixture, 0), ==, n_entries (fixture) - 1);
}

static void
test_signing_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *public_key = NULL;
  g_autofree char *fingerprint = dup_recorder_fingerprint (&public_key);
  GtkMenuButton *about = template_child (fixture, "about_button");
  AdwMessageDialog *dialog;
  GtkPopover *popover;
  LabelWait wait;

  g_test_message ("recorder's key: %s (%s)", fingerprint, public_key);

  /* The export dialog shows the key an auditor pins, its fingerprint as the tool prints it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "witness.export", NULL));
  dialog = find_message_dialog (fixture);
  g_assert_nonnull (dialog);
  wait.widget = GTK_WIDGET (dialog);
  wait.text = fingerprint;
  g_assert_true (onair_test_ui_wait_until (label_shown, &wait, 20000));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (dialog), public_key, TRUE));
  g_assert_cmpstr (onair_witness_page_get_key_fingerprint (fixture->page), ==, fingerprint);
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (dialog), "Copy the fingerprint"));
  g_assert_nonnull (onair_test_ui_find_button (GTK_WIDGET (dialog), "Copy the public key"));
  g_assert_nonnull (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                            "PDF Audit Report"));
  save_png (GTK_WIDGET (dialog), "witness-export-dialog.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* So does the log's About popover, with the chain it is about. */
  gtk_menu_button_popup (about);
  popover = gtk_menu_button_get_popover (about);
  g_assert_true (onair_test_ui_wait_until (window_mapped, popover, 10000));
  wait.widget = GTK_WIDGET (popover);
  g_assert_true (onair_test_ui_wait_until (label_shown, &wait, 20000));
  g_assert_nonnull (onair_test_ui_find_label (
    GTK_WIDGET (popover), onair_witness_get_chain_id (onair_witness_page_get_witness (fixture->page)),
    TRUE));
  save_png (GTK_WIDGET (popover), "witness-about-log.png");
  gtk_popover_popdown (popover);
}

static gboolean
tool_found (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_report (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *fingerprint = dup_recorder_fingerprint (NULL);
  g_autofree char *pdf = g_build_filename (fixture->tmp_dir, "report.pdf", NULL);
  g_autofree char *stopped = g_build_filename (fixture->tmp_dir, "stopped.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GFile) stopped_file = g_file_new_for_path (stopped);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *page_png = NULL;
  const char *dir = g_getenv ("ONAIR_TEST_LOG_DIR");
  const char *witness_bin = g_getenv ("ONAIR_WITNESS_BIN");
  const char *chain_id = onair_witness_get_chain_id (onair_witness_page_get_witness (fixture->page));
  guint64 n_events = 0;
  guint n = n_entries (fixture);

  if (!tool_found ("pdftoppm") || !tool_found ("pdftotext"))
    {
      g_test_skip ("pdftoppm and pdftotext (poppler-utils) are needed to read the report");
      return;
    }

  /* Stopped at once, a report leaves no file. */
  onair_witness_page_export_report_async (fixture->page, stopped_file, FALSE, result_cb, &result);
  onair_witness_page_cancel_export (fixture->page);
  g_assert_true (onair_test_ui_wait_until (have_result, &result, 20000));
  g_assert_false (onair_witness_page_export_report_finish (fixture->page, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (stopped, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&result);

  onair_witness_page_export_report_async (fixture->page, file, FALSE, result_cb, &result);
  g_assert_true (onair_test_ui_wait_until (have_result, &result, 60000));
  g_assert_true (onair_witness_page_export_report_finish (fixture->page, result, &n_events,
                                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, >=, n);
  g_assert_cmpuint (n_events, >=, N_FILLER + 6);

  /* Its first page, as it prints. */
  if (dir == NULL)
    dir = g_getenv ("G_TEST_BUILDDIR");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  page_png = g_build_filename (dir, "audit-report-page1", NULL);
  g_assert_true (run ((const char * const[]) { "pdftoppm", "-png", "-r", "110", "-f", "1",
                                               "-l", "1", "-singlefile", pdf, page_png, NULL },
                      NULL));
  g_test_message ("rendered: %s.png", page_png);

  /* What an auditor reads in it: the chain, the key to pin, the events in words (a table
   * cell's lines read as one). */
  g_assert_true (run ((const char * const[]) { "pdftotext", pdf, "-", NULL }, &text));
  text = squeeze (text);
  g_test_message ("report text: %.1500s", text);
  g_assert_nonnull (strstr (text, "Witness Log Audit Report"));
  g_assert_nonnull (strstr (text, chain_id));
  g_assert_nonnull (strstr (text, fingerprint));
  g_assert_nonnull (strstr (text, "onair-witness verify --public-key"));
  g_assert_nonnull (strstr (text, "Valid: every hash"));
  g_assert_nonnull (strstr (text, "Recording stopped outside Onair"));
  g_assert_nonnull (strstr (text, "Stream 1 · YouTube primary"));
  g_assert_nonnull (strstr (text, "Page 1 of "));
  g_assert_null (strstr (text, "Page 1 of 1 "));

  /* The report is recorded in the log, as an export is. */
  {
    GListModel *entries = G_LIST_MODEL (onair_witness_page_get_witness (fixture->page));
    g_autoptr(OnairWitnessEntry) last = NULL;
    g_autoptr(JsonObject) event = NULL;

    while (g_list_model_get_n_items (entries) <= n)
      g_main_context_iteration (NULL, TRUE);
    last = g_list_model_get_item (entries, g_list_model_get_n_items (entries) - 1);
    event = onair_witness_entry_dup_event (last, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (event, "event_type"), ==, "export_created");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event,
                                                                                   "params"),
                                                    "format"), ==, "pdf");
  }

  /* The command-line tool writes the same report from the chain file. */
  if (witness_bin != NULL)
    {
      g_autofree char *tool_pdf = g_build_filename (fixture->tmp_dir, "tool.pdf", NULL);
      g_autofree char *tool_text = NULL;

      g_assert_true (run ((const char * const[]) { witness_bin, "export", "--paper", "letter",
                                                   "--pdf", tool_pdf, chain_path, NULL }, NULL));
      g_assert_true (run ((const char * const[]) { "pdftotext", tool_pdf, "-", NULL },
                          &tool_text));
      tool_text = squeeze (tool_text);
      g_assert_nonnull (strstr (tool_text, chain_id));
      g_assert_nonnull (strstr (tool_text, "Recording stopped outside Onair"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* A data folder of this process's own, with its chain, before GLib caches the path. */
  data_home = g_dir_make_tmp ("onair-witness-audit-data-XXXXXX", &error);
  if (data_home == NULL)
    g_error ("Cannot make a data folder: %s", error->message);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  onair_test_ui_init (&argc, &argv);

  chain_path = onair_witness_dup_default_path ();
  g_assert_true (g_str_has_prefix (chain_path, data_home));
  make_chain (chain_path);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add ("/onair/ui/witness-audit/viewer", Fixture, NULL,
              fixture_set_up, test_viewer, fixture_tear_down);
  g_test_add ("/onair/ui/witness-audit/signing-key", Fixture, NULL,
              fixture_set_up, test_signing_key, fixture_tear_down);
  g_test_add ("/onair/ui/witness-audit/report", Fixture, NULL,
              fixture_set_up, test_report, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  remove_tree (data_home);
  g_free (chain_path);
  g_free (data_home);
  return status;
}
