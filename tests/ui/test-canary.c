/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-presets.h"
#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-destination-dialog.h"
#include "ui/onair-destinations-page.h"
#include "ui/onair-stream-card.h"
#include "ui/onair-window.h"

/*
 * The canary: a full session with a unique stream key, debug logging on and the settings
 * really written to disk. Afterwards the key may be found in exactly one place outside
 * the keyring: the one StreamingSetKey call vMix (the emulator) received. Not in a file
 * under the test's home and XDG directories, the witness export, the log, stdout or
 * stderr.
 *
 * The session runs in a subprocess so that its stdout and stderr can be searched too.
 * Assertions never print the canary: a failure must not become the leak.
 *
 * An alert sink takes part too: its webhook address carries the canary as its token (so the
 * search covers the address as well), and an alert whose message carries the key is sent
 * to it: the receiver must get neither.
 */

#define CANARY_ENV "ONAIR_TEST_CANARY"

static GString *log_buffer;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_string_append (log_buffer, line);
  g_string_append_c (log_buffer, '\n');
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);
  const char *end = haystack + length;
  const char *p = haystack;

  /* Files may hold NUL bytes: no strstr. */
  while (n > 0 && (gsize) (end - p) >= n &&
         (p = memchr (p, needle[0], end - p - n + 1)) != NULL)
    {
      if (memcmp (p, needle, n) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

/* The session (in the subprocess) */

static gboolean
toplevel_is_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = GPOINTER_TO_SIZE (data);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (onair_test_ui_wait_until (toplevel_is_open, GSIZE_TO_POINTER (type), 10000));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }
  g_assert_not_reached ();
}

static gboolean
has_one_destination (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_destinations (data))) == 1;
}

static gboolean
has_cards (gpointer data)
{
  return onair_window_get_n_stream_cards (data) > 0 &&
         g_strcmp0 (onair_window_get_visible_page (data), "connected") == 0;
}

static gboolean
card_is_live (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_LIVE;
}

static gboolean
card_is_off (gpointer data)
{
  return onair_stream_card_get_status (data) == ONAIR_CHANNEL_OFF;
}

static gboolean
recorder_idle (gpointer data)
{
  OnairWitnessRecorder *recorder = data;

  return onair_witness_recorder_get_witness (recorder) != NULL &&
         onair_witness_recorder_get_n_pending (recorder) == 0;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint
preset_index (const char *id)
{
  GListModel *presets = onair_presets_get_default ();

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);

      if (g_str_equal (onair_preset_get_id (preset), id))
        return i;
    }
  g_assert_not_reached ();
}

static void
add_destination (OnairWindow *window,
                 const char  *canary)
{
  OnairApplication *app = ONAIR_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  GtkWidget *page = onair_test_ui_find_descendant (GTK_WIDGET (window), ONAIR_TYPE_DESTINATIONS_PAGE);
  GtkWindow *dialog;
  GtkWidget *save;

  onair_window_show_page (window, "destinations");
  g_assert_true (gtk_widget_activate (onair_test_ui_find_button (page, "_Add Destination")));
  dialog = wait_for_toplevel (ONAIR_TYPE_DESTINATION_DIALOG);
  adw_combo_row_set_selected (ADW_COMBO_ROW (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                       "_Platform")),
                              preset_index ("twitch"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                       "_Server")), 0);
  gtk_editable_set_text (GTK_EDITABLE (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name")),
                         "Canary channel");
  gtk_editable_set_text (GTK_EDITABLE (onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                 "Stream _Key")),
                         canary);
  save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_activate (save));
  g_assert_true (onair_test_ui_wait_until (has_one_destination, app, 10000));
}

static void
go_live_and_stop (OnairWindow   *window,
                  OnairEmulator *emulator,
                  const char    *canary)
{
  OnairStreamCard *card;
  GtkWidget *button;
  GtkWindow *confirm;

  onair_window_show_page (window, "control");
  g_assert_true (onair_test_ui_wait_until (has_cards, window, 20000));
  card = ONAIR_STREAM_CARD (onair_window_get_stream_card (window, 0));
  /* As a producer does: a card has no destination until one is chosen (after "None"). */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (onair_test_ui_find_descendant (GTK_WIDGET (card),
                                                                            GTK_TYPE_DROP_DOWN)),
                              1);
  g_assert_nonnull (onair_stream_card_get_selected_destination (card));

  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Go Live");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (onair_test_ui_wait_until (card_is_live, card, 20000));
  g_assert_true (onair_emulator_get_stream_live (emulator, 0));
  g_assert_true (g_strcmp0 (onair_emulator_get_stream_key (emulator, 0), canary) == 0);
  onair_test_ui_settle (1200);

  /* Stop, confirming like a producer. */
  button = onair_test_ui_find_button (GTK_WIDGET (card), "_Stop");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "stop");
  g_assert_true (onair_test_ui_wait_until (card_is_off, card, 20000));
  g_assert_false (onair_emulator_get_stream_live (emulator, 0));
}

static void
export_witness (OnairApplication *app,
                const char       *path,
                const char       *fingerprint)
{
  OnairWitnessRecorder *recorder = onair_application_get_recorder (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) signing_key = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint64 n_events = 0;

  g_assert_nonnull (recorder);
  g_assert_true (onair_test_ui_wait_until (recorder_idle, recorder, 20000));

  onair_witness_recorder_load_signing_key_async (recorder, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  signing_key = onair_witness_recorder_load_signing_key_finish (recorder, result, &error);
  g_assert_no_error (error);

  g_assert_true (onair_witness_export (onair_witness_recorder_get_witness (recorder), file, NULL,
                                       signing_key, &n_events, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("witness export: %" G_GUINT64_FORMAT " events in %s", n_events, path);

  /* The export is worth searching: it holds the session. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "destination_saved"));
  g_assert_nonnull (strstr (contents, "stream_started"));
  g_assert_nonnull (strstr (contents, "stream_stopped"));
  g_assert_nonnull (strstr (contents, "vmix_function"));
  g_assert_nonnull (strstr (contents, fingerprint));
}

/* Custom function calls carrying the key, as a producer might make them by mistake: from
 * the app's controller and from onair-vmix, with debug logging on. vMix receives what was
 * asked; the log, the witness and the exports must not. */
#define N_CUSTOM_CALLS 4

static void
custom_calls (OnairApplication *app,
              OnairEmulator    *emulator,
              const char       *canary)
{
  OnairController *controller = onair_application_get_controller (app);
  g_autofree char *indexed = g_strconcat ("0,", canary, NULL);
  g_autofree char *indexed_param = g_strconcat ("Value=0,", canary, NULL);
  g_autofree char *plain_param = g_strconcat ("Value=", canary, NULL);
  g_autofree char *port = g_strdup_printf ("%u", onair_emulator_get_port (emulator));
  const char *lower_case[] = { "Value", indexed, NULL };
  const char *plain[] = { "Value", canary, NULL };
  const char * const *params[] = { lower_case, plain };
  const char *functions[] = { "streamingSetKey", "SetText" };
  const char *binary = g_getenv ("ONAIR_VMIX_BIN");

  g_assert_nonnull (controller);
  /* onair-vmix reads the destinations, and so knows the key's fingerprint, from the
   * settings file. */
  g_settings_sync ();
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *answer = NULL;

      onair_controller_call_function_async (controller, functions[i], params[i], NULL,
                                            result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      answer = onair_controller_call_function_finish (controller, result, NULL);
    }

  /* onair-vmix writes to this process's stdout and stderr, which the parent searches. */
  g_assert_nonnull (binary);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GAsyncResult) waited = NULL;
      g_autoptr(GError) error = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, binary, "call", "--host",
                                  "127.0.0.1", "--port", port,
                                  i == 0 ? "STREAMINGSETKEY" : "SetText",
                                  i == 0 ? indexed_param : plain_param, NULL);
      g_assert_no_error (error);
      /* The emulator answers from this main loop: keep it running while waiting. */
      g_subprocess_wait_async (process, NULL, result_cb, &waited);
      while (waited == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (g_subprocess_wait_finish (process, waited, &error));
      g_clear_object (&waited);
    }
}

static void
check_emulator_calls (OnairEmulator *emulator,
                      const char    *canary)
{
  g_autofree char *expected = g_strconcat ("0,", canary, NULL);
  GPtrArray *calls = onair_emulator_get_calls (emulator);
  guint set_key_with_canary = 0;
  guint calls_with_canary = 0;

  g_assert_cmpuint (onair_emulator_count_calls (emulator, "StreamingSetKey"), ==, 1);
  for (guint i = 0; i < calls->len; i++)
    {
      OnairEmulatorCall *call = g_ptr_array_index (calls, i);
      GHashTableIter iter;
      gpointer name, value;
      gboolean has_canary = FALSE;

      g_hash_table_iter_init (&iter, call->params);
      while (g_hash_table_iter_next (&iter, &name, &value))
        if (strstr (name, canary) != NULL || strstr (value, canary) != NULL)
          has_canary = TRUE;
      if (strstr (call->function, canary) != NULL)
        has_canary = TRUE;

      calls_with_canary += has_canary;
      if (g_str_equal (call->function, "StreamingSetKey") &&
          g_strcmp0 (g_hash_table_lookup (call->params, "Value"), expected) == 0)
        set_key_with_canary++;
    }
  g_test_message ("emulator: %u calls, %u with the canary", calls->len, calls_with_canary);
  g_assert_cmpuint (set_key_with_canary, ==, 1);
  /* The Go Live key, and the custom calls that asked vMix for it. */
  g_assert_cmpuint (calls_with_canary, ==, 1 + N_CUSTOM_CALLS);
}

/* Alert sinks: the webhook address (whose token is the canary) goes to the keyring only;
 * an alert whose message carries the key, and a test alert, reach a receiver in this
 * process without the key or the token. */
static GPtrArray *webhook_bodies;   /* GBytes* */

static void
webhook_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  g_ptr_array_add (webhook_bodies,
                   soup_message_body_flatten (soup_server_message_get_request_body (msg)));
  soup_server_message_set_status (msg, 200, NULL);
}

static gboolean
webhook_received_two (gpointer data)
{
  return webhook_bodies->len >= 2;
}

static void
alert_sinks (OnairApplication *app,
             const char       *canary)
{
  OnairAlertSinks *sinks = onair_application_get_alert_sinks (app);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) tested = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  GSList *uris;
  OnairAlert alert = { ONAIR_HEALTH_CRITICAL, "stream-failed", "Show health on Main: critical",
                       NULL, "main", "Main", now };

  webhook_bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  soup_server_add_handler (server, NULL, webhook_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%u/hooks/%s", g_uri_get_port (uris->data), canary);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  onair_alert_sinks_add_async (sinks, onair_application_get_settings (app), "Crew chat",
                               ONAIR_ALERT_SHAPE_SLACK, url, NULL, result_cb, &added);
  while (added == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = onair_alert_sinks_add_finish (sinks, added, &error);
  g_assert_nonnull (id);

  message = g_strdup_printf ("vMix refused the stream key %s", canary);
  alert.message = message;
  onair_alert_sinks_send (sinks, &alert);
  onair_alert_sinks_test_async (sinks, id, NULL, result_cb, &tested);
  g_assert_true (onair_test_ui_wait_until (webhook_received_two, NULL, 10000));
  while (tested == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (onair_alert_sinks_test_finish (sinks, tested, NULL));
  for (guint i = 0; i < webhook_bodies->len; i++)
    {
      gsize length;
      const char *body = g_bytes_get_data (g_ptr_array_index (webhook_bodies, i), &length);

      g_assert_false (contains (body, length, canary));
    }
  g_test_message ("alert sinks: %u bodies received", webhook_bodies->len);
  soup_server_disconnect (server);
  g_clear_pointer (&webhook_bodies, g_ptr_array_unref);
}

static void
run_session (void)
{
  const char *canary = g_getenv (CANARY_ENV);
  g_autoptr(OnairApplication) app = NULL;
  g_autoptr(OnairEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *keyfile_path = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *fingerprint = NULL;
  OnairDestination *destination;
  OnairWindow *window;

  g_assert_nonnull (canary);
  g_assert_true (g_str_has_prefix (canary, "live_canary_"));

  emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (emulator, 0, &error));
  g_assert_no_error (error);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  onair_application_set_emulator (app, emulator);
  onair_application_reconnect (app);
  g_application_activate (G_APPLICATION (app));
  window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  add_destination (window, canary);
  destination = g_list_model_get_item (G_LIST_MODEL (onair_application_get_destinations (app)), 0);
  g_object_unref (destination); /* the list keeps it */
  go_live_and_stop (window, emulator, canary);
  custom_calls (app, emulator, canary);
  alert_sinks (app, canary);

  export_path = g_build_filename (g_get_user_data_dir (), "onair", "canary-export.json", NULL);
  fingerprint = onair_key_fingerprint (canary);
  export_witness (app, export_path, fingerprint);
  check_emulator_calls (emulator, canary);

  /* The settings are on disk, with the destination and without its key. */
  g_settings_sync ();
  keyfile_path = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile",
                                   NULL);
  g_assert_true (g_file_get_contents (keyfile_path, &keyfile, NULL, NULL));
  g_assert_nonnull (strstr (keyfile, onair_destination_get_id (destination)));

  /* The log was captured, debug messages included, and the key is not in it. */
  g_assert_nonnull (strstr (log_buffer->str, "StreamingSetKey"));
  g_assert_false (contains (log_buffer->str, log_buffer->len, canary));
  g_test_message ("log: %" G_GSIZE_FORMAT " bytes captured", log_buffer->len);

  gtk_window_destroy (GTK_WINDOW (window));
  onair_test_ui_settle (100);
  onair_application_set_emulator (app, NULL);
  onair_emulator_stop (emulator);
}

/* The search (in the parent) */

typedef struct
{
  const char *canary;
  guint       n_files;
  gsize       n_bytes;
  GPtrArray  *hits;
  GHashTable *seen;   /* real paths, so that nested XDG dirs are searched once */
} Search;

static void
search_directory (Search     *search,
                  const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          search_directory (search, child);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR) ||
          !g_hash_table_add (search->seen, g_strdup (child)))
        continue;
      if (!g_file_get_contents (child, &contents, &length, NULL))
        continue;

      g_test_message ("searched %s (%" G_GSIZE_FORMAT " bytes)", child, length);
      search->n_files++;
      search->n_bytes += length;
      if (contains (contents, length, search->canary))
        g_ptr_array_add (search->hits, g_strdup (child));
    }
}

static gboolean
was_searched (Search     *search,
              const char *path)
{
  return g_hash_table_contains (search->seen, path);
}

static void
test_canary (void)
{
  g_autofree char *canary = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *export_path = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *roots[] = {
    g_get_home_dir (), g_get_user_config_dir (), g_get_user_data_dir (), g_get_user_cache_dir (),
  };
  Search search = { NULL, 0, 0, hits, seen };

  if (g_test_subprocess ())
    {
      run_session ();
      return;
    }

  canary = g_strdup_printf ("live_canary_%08x%08x%08x%08x", g_random_int (), g_random_int (),
                            g_random_int (), g_random_int ());
  g_setenv (CANARY_ENV, canary, TRUE);
  g_test_trap_subprocess (NULL, 180 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv (CANARY_ENV);
  g_test_trap_assert_passed ();

  /* stdout and stderr: the session logged at debug level, and never the key. */
  pattern = g_strdup_printf ("*%s*", canary);
  g_test_trap_assert_stdout_unmatched (pattern);
  g_test_trap_assert_stderr_unmatched (pattern);
  g_test_trap_assert_stdout ("*GET /api/?Function=StreamingSetKey*");

  /* Every file the session could have written. */
  search.canary = canary;
  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    search_directory (&search, roots[i]);
  g_test_message ("searched %u files, %" G_GSIZE_FORMAT " bytes", search.n_files, search.n_bytes);
  for (guint i = 0; i < hits->len; i++)
    g_test_message ("the canary is in %s", (char *) g_ptr_array_index (hits, i));
  g_assert_cmpuint (hits->len, ==, 0);

  /* The search did cover what the session wrote. */
  keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  export_path = g_build_filename (g_get_user_data_dir (), "onair", "canary-export.json", NULL);
  g_assert_true (was_searched (&search, keyfile));
  g_assert_true (was_searched (&search, export_path));
}

/* The session gets a home and XDG dirs of its own, so that what other tests of the same run
 * left in the shared ones (settings, destinations, chains) neither changes the session nor
 * the search. The child process inherits them. */
static void
make_private_dirs (void)
{
  const char *home = g_getenv ("HOME");
  g_autofree char *root = NULL;
  const struct { const char *variable; const char *folder; } dirs[] = {
    { "HOME", "home" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" },
  };

  if (g_getenv ("ONAIR_CANARY_ROOT") != NULL)
    return;
  root = g_build_filename (home != NULL ? home : g_get_tmp_dir (), "canary-XXXXXX", NULL);
  if (g_mkdtemp (root) == NULL)
    g_error ("Cannot create the canary session's directory");
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[i].folder, NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i].variable, dir, TRUE);
    }
  g_setenv ("ONAIR_CANARY_ROOT", root, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  make_private_dirs ();

  /* Before anything logs: every message is captured, debug ones included. */
  log_buffer = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  /* Settings written to disk, unlike the other UI tests, so the search can find them. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/ui/canary", test_canary);

  return g_test_run ();
}
