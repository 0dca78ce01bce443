/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The main window's tests share this: a window of the one application against an
 * emulator, and finding the dialogs it opens. */

#include <string.h>

#include "ui-app.h"
#include "ui/onair-host-dialog.h"
#include "ui/onair-srt-profile-dialog.h"
#include "ui/onair-stream-card.h"
#include "ui/onair-window.h"

typedef struct
{
  OnairEmulator    *emulator;
  OnairApplication *app;
  OnairWindow      *window;
} Fixture;

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* NULL: vMix 28. */
  fixture->emulator = onair_emulator_new (GPOINTER_TO_INT (data));
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);

  fixture->app = g_object_ref (app);
  /* Each test chooses its streams' destinations anew. */
  g_settings_reset (onair_application_get_settings (app), "stream-destinations");
  onair_application_set_emulator (fixture->app, fixture->emulator);
  onair_application_reconnect (fixture->app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = ONAIR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  onair_test_ui_settle (50);
  onair_application_set_emulator (fixture->app, NULL);
  g_clear_object (&fixture->app);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
}

static inline gboolean
page_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (onair_window_get_visible_page (pair[0]), pair[1]) == 0 &&
         gtk_widget_get_mapped (pair[0]);
}

static inline gboolean
wait_for_page (OnairWindow *window,
               const char  *page)
{
  gpointer pair[2] = { window, (gpointer) page };

  return onair_test_ui_wait_until (page_is, pair, 20000);
}
