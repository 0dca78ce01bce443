/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/witness/onair-canonical-json.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-window.h"
#include "ui/onair-witness-page.h"

/*
 * The witness log viewer on a chain of 10 000 entries made before the application starts:
 * verification in the banner (while the main loop keeps turning), rows, filters, search,
 * sorting, live updates, signed exports, and a chain edited behind Onair's back.
 */

#define N_ENTRIES    10000
#define TAMPERED_SEQ 5000
#define START_MS     G_GINT64_CONSTANT (1762941600000)  /* 2025-11-12T10:00:00Z */

/* One application per process, as in real life; each test gets a new window. */
static OnairApplication *app;
static char *data_home;
static guint n_stream_started;
static guint n_twitch;

typedef struct
{
  OnairEmulator    *emulator;
  OnairWindow      *window;
  OnairWitnessPage *page;
  char             *tmp_dir;
  guint             n_before;
} Fixture;

/* The chain, written as a crash-free Onair would have written it */

static JsonObject *
make_event (gint64 seq,
            gint64 unix_ms)
{
  g_autoptr(GDateTime) timestamp = g_date_time_new_from_unix_utc (unix_ms / 1000);
  JsonObject *params = json_object_new ();
  JsonObject *result = NULL;
  const char *type;

  if (seq == 0)
    {
      type = "chain_created";
      json_object_set_string_member (params, "version", PACKAGE_VERSION);
    }
  else
    switch (seq % 5)
      {
      case 0:
        type = "stream_started";
        json_object_set_string_member (params, "protocol", "RTMP");
        json_object_set_int_member (params, "channel", seq % 3);
        json_object_set_string_member (params, "destination_name",
                                       seq % 10 == 0 ? "Twitch — main channel" : "YouTube backup");
        json_object_set_string_member (params, "key_fingerprint", "9f86d081");
        n_stream_started++;
        if (seq % 10 == 0)
          n_twitch++;
        break;

      case 1:
        type = "stream_stopped";
        json_object_set_int_member (params, "channel", seq % 3);
        break;

      case 2:
        type = "health_alert";
        json_object_set_string_member (params, "status", "degraded");
        json_object_set_string_member (params, "previous_status", "healthy");
        result = onair_witness_result_new_failure ("degraded", "Dropped frames above 5 %");
        break;

      case 3:
        type = "vmix_function";
        json_object_set_string_member (params, "function", "Cut");
        json_object_set_int_member (params, "input", seq % 7 + 1);
        break;

      default:
        type = "srt_output_started";
        json_object_set_int_member (params, "output", seq % 2);
        break;
      }

  return onair_witness_event_new (type, timestamp, params, result);
}

static void
make_chain (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *chain_id = g_uuid_string_random ();
  g_autofree char *genesis = onair_witness_compute_genesis_hash (chain_id);
  g_autofree char *created = onair_witness_format_timestamp_ms (START_MS - 1000);
  g_autofree char *previous = g_strdup (genesis);
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  json_object_set_string_member (header, "format", "onair-witness/1");
  json_object_set_string_member (header, "chain_id", chain_id);
  json_object_set_string_member (header, "created", created);
  json_object_set_string_member (header, "genesis_hash", genesis);
  line = onair_canonical_json_object_to_string (header, NULL, &error);
  g_assert_no_error (error);
  g_string_append_printf (out, "%s\n", line);

  for (gint64 seq = 0; seq < N_ENTRIES; seq++)
    {
      gint64 unix_ms = START_MS + seq * 1000;
      g_autoptr(JsonObject) event = make_event (seq, unix_ms);
      g_autoptr(JsonObject) entry = json_object_new ();
      g_autofree char *written = onair_witness_format_timestamp_ms (unix_ms + 120);
      g_autofree char *hash = NULL;
      g_autofree char *text = NULL;

      hash = onair_witness_compute_entry_hash (seq, event, previous, written, &error);
      g_assert_no_error (error);
      json_object_set_int_member (entry, "seq", seq);
      json_object_set_object_member (entry, "event", json_object_ref (event));
      json_object_set_string_member (entry, "previous_hash", previous);
      json_object_set_string_member (entry, "witness_timestamp", written);
      json_object_set_string_member (entry, "current_hash", hash);
      text = onair_canonical_json_object_to_string (entry, NULL, &error);
      g_assert_no_error (error);
      g_string_append_printf (out, "%s\n", text);
      g_free (previous);
      previous = g_steal_pointer (&hash);
    }

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents_full (path, out->str, out->len,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
}

/* Helpers */

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
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

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static gboolean
verified (gpointer data)
{
  OnairWitnessPage *page = data;

  return onair_witness_page_get_witness (page) != NULL &&
         !onair_witness_page_is_verifying (page) &&
         onair_witness_page_get_verification (page) != NULL;
}

static gboolean
not_verifying (gpointer data)
{
  return !onair_witness_page_is_verifying (data);
}

static gboolean
filtered (gpointer data)
{
  return !onair_witness_page_is_filtering (data);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (onair_witness_page_get_model (fixture->page));
}

static guint
n_entries (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (onair_witness_page_get_witness (fixture->page)));
}

static gboolean
shows_every_entry (gpointer data)
{
  Fixture *fixture = data;

  return !onair_witness_page_is_filtering (fixture->page) &&
         n_rows (fixture) == n_entries (fixture);
}

static gboolean
appended (gpointer data)
{
  Fixture *fixture = data;

  return n_entries (fixture) > fixture->n_before && shows_every_entry (fixture);
}

typedef struct {
  OnairWitnessPage *page;
  const char       *text;
} SearchWait;

static gboolean
search_applied (gpointer data)
{
  SearchWait *wait = data;
  g_autoptr(OnairWitnessFilter) filter = onair_witness_page_dup_filter (wait->page);
  const char *text = filter ? filter->text : NULL;

  return g_strcmp0 (text, wait->text) == 0 && !onair_witness_page_is_filtering (wait->page);
}

static void
search (Fixture    *fixture,
        const char *text)
{
  SearchWait wait = { fixture->page, text };

  gtk_editable_set_text (template_child (fixture, "search_entry"), text ? text : "");
  g_assert_true (onair_test_ui_wait_until (search_applied, &wait, 20000));
}

static void
select_event_type (Fixture    *fixture,
                   const char *type)
{
  GtkDropDown *dropdown = template_child (fixture, "type_dropdown");
  GListModel *types = gtk_drop_down_get_model (dropdown);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 1; type != NULL && i < g_list_model_get_n_items (types); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (types), i), type) == 0)
      position = i;
  if (type != NULL)
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (dropdown, type != NULL ? position : 0);
  g_assert_true (onair_test_ui_wait_until (filtered, fixture->page, 20000));
}

static gboolean
dropdown_has_type (Fixture    *fixture,
                   const char *type)
{
  GListModel *types = gtk_drop_down_get_model (template_child (fixture, "type_dropdown"));

  for (guint i = 1; i < g_list_model_get_n_items (types); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (types), i), type) == 0)
      return TRUE;
  return FALSE;
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

static guint64
export (Fixture    *fixture,
        GFile      *file,
        gboolean    filter)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_events = 0;

  onair_witness_page_export_to_file_async (fixture->page, file, filter, result_cb, &result);
  g_assert_true (onair_test_ui_wait_until (have_result, &result, 60000));
  g_assert_true (onair_witness_page_export_to_file_finish (fixture->page, result, &n_events,
                                                           &error));
  g_assert_no_error (error);
  return n_events;
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

/* Whether the window has a current drawing. Xvfb's pointer rests over the list and can raise a
 * cell's tooltip, which leaves the window without one until it draws again. */
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
save_png (Fixture    *fixture,
          const char *name)
{
  g_autofree char *png = NULL;

  onair_test_ui_settle (300);
  g_assert_true (onair_test_ui_wait_until (window_drawn, fixture->window, 10000));
  png = onair_test_ui_save_png (GTK_WIDGET (fixture->window), name);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static gboolean
tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* The chain_verified entries in the chain; @adjacent says whether two follow each other. */
static guint
count_verified (Fixture  *fixture,
                gboolean *adjacent)
{
  GListModel *entries = G_LIST_MODEL (onair_witness_page_get_witness (fixture->page));
  gboolean previous = FALSE;
  guint n = 0;

  *adjacent = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (entries, i);
      gboolean verified_entry = g_strcmp0 (onair_witness_entry_get_event_type (entry),
                                           "chain_verified") == 0;

      if (verified_entry && previous)
        *adjacent = TRUE;
      n += verified_entry;
      previous = verified_entry;
    }

  return n;
}

/* Clicks "Verify Again" and counts the turns of the main loop (a 2 ms timeout firing) until
 * the result is in. The click only starts the verification: it runs in a worker. */
static guint
verify_again (Fixture *fixture)
{
  GtkWidget *button = template_child (fixture, "verify_button");
  guint ticks = 0;
  gint64 started = g_get_monotonic_time ();
  guint id;

  g_assert_true (gtk_widget_get_sensitive (button));
  id = g_timeout_add (2, tick_cb, &ticks);
  /* "clicked" as a click emits it (gtk_widget_activate() would wait for the button's
   * pressed animation first). */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (onair_witness_page_is_verifying (fixture->page));
  g_assert_true (onair_test_ui_wait_until (not_verifying, fixture->page, 60000));
  g_source_remove (id);
  g_test_message ("verified in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - started);
  g_assert_nonnull (onair_witness_page_get_verification (fixture->page));
  return ticks;
}

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("onair-witness-export-XXXXXX", &error);
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
  fixture->page = ONAIR_WITNESS_PAGE (find_widget_of_type (GTK_WIDGET (fixture->window),
                                                           ONAIR_TYPE_WITNESS_PAGE));
  g_assert_nonnull (fixture->page);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  g_assert_true (onair_test_ui_wait_until (window_mapped, fixture->window, 10000));

  /* Opening indexes the chain; then the page verifies it once by itself, for the banner. */
  g_assert_true (onair_test_ui_wait_until (verified, fixture->page, 60000));
}

static gboolean
page_finalized (gpointer data)
{
  return ((Fixture *) data)->page == NULL;
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

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  /* Nothing the page started keeps it alive once its window is gone. */
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
  const OnairWitnessVerification *v = onair_witness_page_get_verification (fixture->page);
  GtkColumnView *column_view = template_child (fixture, "column_view");
  GtkTextView *detail_view = template_child (fixture, "detail_view");
  GListModel *rows = onair_witness_page_get_model (fixture->page);
  g_autoptr(GFile) filtered_file = NULL;
  g_autoptr(GFile) complete_file = NULL;
  g_autoptr(OnairWitnessVerification) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *count = NULL;
  g_autofree char *detail = NULL;
  AdwMessageDialog *dialog;
  GtkTextIter start, end;
  guint64 n_events;
  guint ticks, n;
  gboolean adjacent;

  /* The page verified the chain by itself, and nobody asked: nothing was recorded. */
  g_assert_cmpuint (count_verified (fixture, &adjacent), ==, 0);

  /* The banner: valid, with every entry of the chain as shown counted. */
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, >=, N_ENTRIES);
  count = format_count (n_entries (fixture));
  g_test_message ("banner: %s", onair_witness_page_get_banner_text (fixture->page));
  g_assert_true (g_str_has_prefix (onair_witness_page_get_banner_text (fixture->page), "Valid · "));
  g_assert_nonnull (strstr (onair_witness_page_get_banner_text (fixture->page), count));
  g_assert_nonnull (strstr (onair_witness_page_get_banner_text (fixture->page), "last hash"));

  /* Verifying 10 000 entries happens in a worker: the main loop keeps turning meanwhile.
   * One verification takes a few frames' time only, so count over three. */
  ticks = 0;
  for (guint i = 0; i < 3; i++)
    ticks += verify_again (fixture);
  g_test_message ("main loop turns while verifying: %u", ticks);
  g_assert_cmpuint (ticks, >=, 3);
  v = onair_witness_page_get_verification (fixture->page);
  g_assert_true (v->valid);
  g_assert_cmpuint (v->total_events, >=, N_ENTRIES + 1);

  /* The Verify button is a person asking: recorded, but not again for the same head. */
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  g_assert_cmpuint (count_verified (fixture, &adjacent), >=, 1);
  g_assert_false (adjacent);

  /* Every entry is a row, and the rows on screen are drawn. */
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  g_assert_cmpuint (n_rows (fixture), >=, N_ENTRIES);
  onair_test_ui_settle (300);
  /* Newest first, events in words (Onair's own start may be below the rows on screen when
   * the app wrote connection events since). */
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view), "Stream started", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view),
                                              "Stream 1 · YouTube backup", TRUE));
  g_assert_nonnull (onair_test_ui_find_label (GTK_WIDGET (column_view),
                                              "✗ Dropped frames above 5 %", TRUE));

  /* Newest first, by the Seq column's sorter. */
  gtk_column_view_sort_by_column (column_view, template_child (fixture, "seq_column"),
                                  GTK_SORT_DESCENDING);
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));
  {
    g_autoptr(OnairWitnessEntry) first = g_list_model_get_item (rows, 0);
    g_autoptr(OnairWitnessEntry) last = g_list_model_get_item (rows, n_rows (fixture) - 1);

    g_assert_cmpint (onair_witness_entry_get_seq (first), ==, n_entries (fixture) - 1);
    g_assert_cmpint (onair_witness_entry_get_seq (last), ==, 0);
  }

  save_png (fixture, "witness-viewer.png");

  /* The detail pane shows the selected entry's whole JSON. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), 8, TRUE);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (detail_view), &start, &end);
  detail = gtk_text_iter_get_text (&start, &end);
  g_assert_nonnull (strstr (detail, "\"current_hash\""));
  g_assert_nonnull (strstr (detail, "\"previous_hash\""));
  g_assert_nonnull (strstr (detail, "\"event_type\""));
  {
    g_autofree char *seq = g_strdup_printf ("\"seq\" : %u", n_entries (fixture) - 1 - 8);

    g_assert_nonnull (strstr (detail, seq));
  }
  save_png (fixture, "witness-viewer-detail.png");
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (rows));

  /* The type menu narrows the rows to one event type… */
  select_event_type (fixture, "stream_started");
  g_assert_cmpuint (n_rows (fixture), ==, n_stream_started);

  /* …the search narrows them further, ignoring case… */
  search (fixture, "twitch");
  g_assert_cmpuint (n_rows (fixture), ==, n_twitch);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(OnairWitnessEntry) entry = g_list_model_get_item (rows, i);

      g_assert_cmpstr (onair_witness_entry_get_event_type (entry), ==, "stream_started");
    }
  save_png (fixture, "witness-viewer-filtered.png");

  /* …and "Current filter" exports exactly those, signed, as a filtered export. */
  filtered_file = g_file_new_build_filename (fixture->tmp_dir, "filtered.json", NULL);
  n_events = export (fixture, filtered_file, TRUE);
  g_assert_cmpuint (n_events, ==, n_twitch);
  check = onair_witness_verify_file (filtered_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (check->valid);
  g_assert_true (check->is_export);
  g_assert_false (check->complete);
  g_assert_true (check->signature_valid);
  g_assert_cmpuint (check->total_events, ==, n_twitch);
  g_clear_pointer (&check, onair_witness_verification_free);

  /* A search that finds nothing says so. */
  search (fixture, "no-such-entry-anywhere");
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (fixture, "list_stack")), ==,
                   "empty");
  search (fixture, "twitch");
  g_assert_cmpuint (n_rows (fixture), ==, n_twitch);

  /* Export… asks what to export; "Current filter" only when there is one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "witness.export", NULL));
  dialog = find_message_dialog (fixture);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "filtered"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "complete"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Back to every type: the search alone still finds the same entries. */
  select_event_type (fixture, NULL);
  g_assert_cmpuint (n_rows (fixture), ==, n_twitch);
  search (fixture, NULL);
  g_assert_true (onair_test_ui_wait_until (shows_every_entry, fixture, 20000));

  /* The list follows the recorder as it appends, type menu included. */
  fixture->n_before = n = n_entries (fixture);
  params = json_object_new ();
  json_object_set_string_member (params, "function", "Fade");
  onair_application_record_event (app, "viewer_test_marker", params, NULL);
  g_assert_true (onair_test_ui_wait_until (appended, fixture, 20000));
  g_assert_cmpuint (n_entries (fixture), ==, n + 1);
  g_assert_true (dropdown_has_type (fixture, "viewer_test_marker"));
  {
    g_autoptr(OnairWitnessEntry) newest = g_list_model_get_item (rows, 0);

    g_assert_cmpint (onair_witness_entry_get_seq (newest), ==, n);
    g_assert_cmpstr (onair_witness_entry_get_event_type (newest), ==, "viewer_test_marker");
  }

  /* A complete export verifies from genesis. */
  complete_file = g_file_new_build_filename (fixture->tmp_dir, "complete.json", NULL);
  n_events = export (fixture, complete_file, FALSE);
  g_assert_cmpuint (n_events, >=, N_ENTRIES + 1);
  check = onair_witness_verify_file (complete_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (check->valid);
  g_assert_true (check->complete);
  g_assert_true (check->signature_valid);
  g_assert_cmpuint (check->total_events, ==, n_events);
}

/* The offset of the first hex digit of an entry's current_hash in the chain file. */
static gsize
find_hash (const char *path,
           gint64      seq,
           char       *digit)
{
  g_autofree char *contents = NULL;
  g_autofree char *needle = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT ",", seq);
  g_autoptr(GError) error = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  line = strstr (contents, needle);
  g_assert_nonnull (line);
  while (line > contents && line[-1] != '\n')
    line--;
  /* Canonical lines start with their current_hash (members sorted by key). */
  g_assert_true (g_str_has_prefix (line, "{\"current_hash\":\""));
  line += strlen ("{\"current_hash\":\"");
  *digit = *line;
  return line - contents;
}

/* In place, as an editor saving over the file would not: Onair keeps reading the file it
 * opened, and this is the change it must notice. */
static void
write_byte (const char *path,
            gsize       offset,
            char        byte)
{
  int fd = open (path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, &byte, 1, offset), ==, 1);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_tampered (Fixture       *fixture,
               gconstpointer  data)
{
  const char *path = onair_witness_get_path (onair_witness_page_get_witness (fixture->page));
  g_autofree char *expected = g_strdup_printf ("Broken at entry %d: ", TAMPERED_SEQ);
  const OnairWitnessVerification *v;
  char saved;
  gsize offset;

  g_assert_true (onair_witness_page_get_verification (fixture->page)->valid);

  /* Someone edits a hash in the middle of the chain while Onair runs. */
  offset = find_hash (path, TAMPERED_SEQ, &saved);
  write_byte (path, offset, saved == '0' ? '1' : '0');
  verify_again (fixture);
  v = onair_witness_page_get_verification (fixture->page);
  g_assert_false (v->valid);
  g_assert_cmpint (v->broken_at, ==, TAMPERED_SEQ);
  g_test_message ("banner: %s", onair_witness_page_get_banner_text (fixture->page));
  g_assert_true (g_str_has_prefix (onair_witness_page_get_banner_text (fixture->page), expected));

  save_png (fixture, "witness-viewer-broken.png");

  /* Put back, the chain verifies again. */
  write_byte (path, offset, saved);
  verify_again (fixture);
  g_assert_true (onair_witness_page_get_verification (fixture->page)->valid);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chain = NULL;
  int status;

  /* A data folder of this process's own: other UI tests of the run leave a chain at the
   * default path, with its head kept in the keyring. Set before GLib caches it. */
  data_home = g_dir_make_tmp ("onair-witness-viewer-XXXXXX", &error);
  if (data_home == NULL)
    g_error ("Cannot make a data folder: %s", error->message);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  onair_test_ui_init (&argc, &argv);

  /* The chain exists before Onair starts, as after months of use. */
  chain = onair_witness_dup_default_path ();
  g_assert_true (g_str_has_prefix (chain, data_home));
  make_chain (chain);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add ("/onair/ui/witness-viewer/viewer", Fixture, NULL,
              fixture_set_up, test_viewer, fixture_tear_down);
  g_test_add ("/onair/ui/witness-viewer/tampered", Fixture, NULL,
              fixture_set_up, test_tampered, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  remove_tree (data_home);
  g_free (data_home);
  return status;
}
