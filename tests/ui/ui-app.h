/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* UI tests of one application per process, as in real life, share this: starting and
 * ending it, and finding the dialogs it opens. */

#include "onair-test-ui.h"
#include "ui/onair-application.h"

/* The application of this test program; each test opens its own window. */
static OnairApplication *app;

/* Initializes the tests and registers the application. */
static inline void
ui_app_init (int    *argc,
             char ***argv)
{
  g_autoptr(GError) error = NULL;

  onair_test_ui_init (argc, argv);

  app = onair_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);
}

/* Runs the tests, then lets the application go; returns what g_test_run() does. */
static inline int
ui_app_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  return status;
}

/* Returns: (transfer none) (nullable): the first visible toplevel of @type */
static inline GtkWindow *
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

static inline gboolean
dialog_is_open (gpointer data)
{
  GtkWindow *dialog = find_toplevel (GPOINTER_TO_SIZE (data));

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static inline GtkWindow *
wait_for_dialog (GType type)
{
  g_assert_true (onair_test_ui_wait_until (dialog_is_open, GSIZE_TO_POINTER (type), 10000));
  return find_toplevel (type);
}

static inline void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
