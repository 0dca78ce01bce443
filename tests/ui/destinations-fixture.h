/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Destinations page's tests share this: a window of the one application, its page,
 * the dialog that adds or edits a destination, and what was saved and recorded. */

#include <unistd.h>
#include <string.h>
#include <libsecret/secret.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-presets.h"
#include "ui-app.h"
#include "ui/onair-destination-dialog.h"
#include "ui/onair-destinations-page.h"
#include "ui/onair-window.h"

typedef struct
{
  OnairEmulator         *emulator;
  OnairApplication      *app;
  OnairWindow           *window;
  OnairDestinationsPage *page;
  GPtrArray             *events;   /* "event_type params-json" per record-event */
} Fixture;

static inline void
record_event_cb (OnairApplication *application,
                 const char       *event_type,
                 JsonObject       *params,
                 JsonObject       *result,
                 Fixture          *fixture)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), params);
  g_autofree char *json = json_to_string (node, FALSE);

  g_ptr_array_add (fixture->events, g_strdup_printf ("%s %s", event_type, json));
}

static inline gboolean
no_destination_dialog (gpointer data)
{
  return find_toplevel (ONAIR_TYPE_DESTINATION_DIALOG) == NULL;
}

static inline char *
lookup_secret (OnairSecretKind  kind,
               const char      *id)
{
  OnairSecretStore *secrets = onair_application_get_secrets (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  onair_secret_store_lookup_async (secrets, kind, id, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = onair_secret_store_lookup_finish (secrets, result, &error);
  g_assert_no_error (error);
  return secret;
}

static inline guint
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

static inline char *
new_key (void)
{
  return g_strdup_printf ("live_ui_%08x%08x%08x", g_random_int (), g_random_int (),
                          g_random_int ());
}

static inline guint
n_destinations (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (onair_application_get_destinations (app)));
}

static inline OnairDestination *
get_destination (guint position)
{
  g_autoptr(OnairDestination) destination =
    g_list_model_get_item (G_LIST_MODEL (onair_application_get_destinations (app)), position);

  return destination; /* the list keeps it alive */
}

static inline gboolean
has_n_destinations (gpointer data)
{
  return n_destinations () == GPOINTER_TO_UINT (data);
}

static inline char *
settings_text (void)
{
  g_autoptr(GVariant) value =
    g_settings_get_value (onair_application_get_settings (app), "destinations");

  return g_variant_print (value, FALSE);
}

static inline const char *
find_event (Fixture    *fixture,
            const char *event_type)
{
  g_autofree char *prefix = g_strconcat (event_type, " ", NULL);

  for (guint i = fixture->events->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (fixture->events, i - 1), prefix))
      return g_ptr_array_index (fixture->events, i - 1);
  return NULL;
}

static inline void
assert_no_event_has (Fixture    *fixture,
                     const char *secret)
{
  for (guint i = 0; i < fixture->events->len; i++)
    g_assert_null (strstr (g_ptr_array_index (fixture->events, i), secret));
}

static inline AdwActionRow *
find_destination_row (Fixture    *fixture,
                      const char *name)
{
  GtkWidget *row = onair_test_ui_find_row (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, name);

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);

  fixture->app = g_object_ref (app);
  onair_application_set_emulator (fixture->app, fixture->emulator);
  onair_application_reconnect (fixture->app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window =
    ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);

  fixture->page = ONAIR_DESTINATIONS_PAGE (onair_test_ui_find_descendant (GTK_WIDGET (fixture->window),
                                                            ONAIR_TYPE_DESTINATIONS_PAGE));
  g_assert_nonnull (fixture->page);
  onair_window_show_page (fixture->window, "destinations");

  fixture->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->app, "record-event", G_CALLBACK (record_event_cb), fixture);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  OnairDestinationList *list = onair_application_get_destinations (fixture->app);
  GtkWindow *dialog;

  g_signal_handlers_disconnect_by_data (fixture->app, fixture);
  while ((dialog = find_toplevel (ONAIR_TYPE_DESTINATION_DIALOG)) != NULL)
    gtk_window_destroy (dialog);

  /* Leave the keyring as it was found. */
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      onair_destination_list_delete_async (list, get_destination (0),
                                           onair_application_get_secrets (fixture->app),
                                           NULL, result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (onair_destination_list_delete_finish (list, result, &error));
      g_assert_no_error (error);
    }
  onair_destination_list_save (list, onair_application_get_settings (fixture->app));

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (fixture->app, NULL);
  g_clear_object (&fixture->app);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
}

static inline OnairDestinationDialog *
open_add_dialog (Fixture *fixture)
{
  GtkWidget *button = onair_test_ui_find_button (GTK_WIDGET (fixture->page), "_Add Destination");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  return ONAIR_DESTINATION_DIALOG (wait_for_dialog (ONAIR_TYPE_DESTINATION_DIALOG));
}

static inline void
click_save (OnairDestinationDialog *dialog)
{
  GtkWidget *save = onair_test_ui_find_button (GTK_WIDGET (dialog), "_Save");

  g_assert_nonnull (save);
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_activate (save));
}

/* Adds a destination the way a producer does: platform, server, name, key, Save. */
static inline OnairDestination *
add_through_dialog (Fixture    *fixture,
                    const char *preset_id,
                    guint       server,
                    const char *name,
                    const char *key,
                    const char *screenshot)
{
  guint before = n_destinations ();
  OnairDestinationDialog *dialog = open_add_dialog (fixture);
  GtkWidget *preset_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Platform");
  GtkWidget *server_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Server");
  GtkWidget *name_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "_Name");
  GtkWidget *key_row = onair_test_ui_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Stream _Key");

  g_assert_nonnull (preset_row);
  g_assert_nonnull (server_row);
  g_assert_nonnull (name_row);
  g_assert_nonnull (key_row);

  adw_combo_row_set_selected (ADW_COMBO_ROW (preset_row), preset_index (preset_id));
  adw_combo_row_set_selected (ADW_COMBO_ROW (server_row), server);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (key_row), key);

  if (screenshot != NULL)
    {
      g_autofree char *png = NULL;

      onair_test_ui_settle (400);
      png = onair_test_ui_save_png (GTK_WIDGET (dialog), screenshot);
    }

  click_save (dialog);
  g_assert_true (onair_test_ui_wait_until (has_n_destinations, GUINT_TO_POINTER (before + 1),
                                           10000));
  g_assert_true (onair_test_ui_wait_until (no_destination_dialog, NULL, 10000));
  return get_destination (before);
}
