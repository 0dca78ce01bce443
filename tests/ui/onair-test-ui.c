/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "onair-test-ui.h"

/**
 * onair_test_ui_init:
 *
 * g_test_init for UI tests: settings in memory so runs never share state, and the Cairo
 * renderer so screenshots do not depend on the GL stack of the machine.
 */
void
onair_test_ui_init (int    *argc,
                    char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (argc, argv, NULL);
}

static gboolean
timed_out_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * onair_test_ui_wait_until:
 *
 * Runs the main loop until @predicate holds or @timeout_ms pass.
 *
 * Returns: whether @predicate held
 */
gboolean
onair_test_ui_wait_until (gboolean (*predicate) (gpointer data),
                          gpointer   data,
                          guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return predicate (data);
}

/**
 * onair_test_ui_settle:
 *
 * Lets animations and pending redraws finish.
 */
void
onair_test_ui_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * onair_test_ui_save_png:
 * @widget: a mapped widget, usually a window
 * @name: file name without directory
 *
 * Renders @widget with its window's renderer and saves it as PNG in the test log
 * directory (ONAIR_TEST_LOG_DIR, else the build directory).
 *
 * Returns: (transfer full): the file's path
 */
char *
onair_test_ui_save_png (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  const char *dir = g_getenv ("ONAIR_TEST_LOG_DIR");
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  char *path;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget that has not been drawn since its last change gives no node yet. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snap = gtk_snapshot_new ();

      if (attempt > 0)
        onair_test_ui_settle (100);
      gdk_paintable_snapshot (paintable, snap, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snap));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir == NULL)
    dir = g_getenv ("G_TEST_BUILDDIR");
  if (dir == NULL)
    dir = ".";
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/**
 * onair_test_ui_find_descendant:
 *
 * Returns: (transfer none) (nullable): the first widget of @type below @widget, depth first
 */
GtkWidget *
onair_test_ui_find_descendant (GtkWidget *widget,
                               GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = onair_test_ui_find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * onair_test_ui_find_row:
 * @type: a row type, e.g. ADW_TYPE_ENTRY_ROW
 * @title: the row's title as set, mnemonic underscore included
 *
 * Returns: (transfer none) (nullable): the first preferences row of @type titled @title
 */
GtkWidget *
onair_test_ui_find_row (GtkWidget  *widget,
                        GType       type,
                        const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = onair_test_ui_find_row (child, type, title)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * onair_test_ui_find_button:
 * @label_or_tooltip: the button's label (with its mnemonic underscore) or tooltip
 *
 * Returns: (transfer none) (nullable): the first such button below @widget
 */
GtkWidget *
onair_test_ui_find_button (GtkWidget  *widget,
                           const char *label_or_tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label_or_tooltip) == 0 ||
           g_strcmp0 (gtk_widget_get_tooltip_text (child), label_or_tooltip) == 0))
        return child;
      if ((found = onair_test_ui_find_button (child, label_or_tooltip)) != NULL)
        return found;
    }
  return NULL;
}
