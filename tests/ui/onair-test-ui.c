/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include <string.h>

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
 * onair_test_ui_find:
 * @match: tells whether a widget is the one
 *
 * Returns: (transfer none) (nullable): the first widget below @widget, depth first, that
 *   @match accepts
 */
GtkWidget *
onair_test_ui_find (GtkWidget       *widget,
                    OnairTestUiMatch match,
                    gconstpointer    data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = onair_test_ui_find (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data);
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
  return onair_test_ui_find (widget, is_of_type, &type);
}

typedef struct
{
  GType       type;
  const char *text;
  gboolean    whole;
} Wanted;

static gboolean
is_row (GtkWidget     *widget,
        gconstpointer  data)
{
  const Wanted *wanted = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type) && ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    wanted->text) == 0;
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
  Wanted wanted = { type, title, TRUE };

  return onair_test_ui_find (widget, is_row, &wanted);
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0 ||
          g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0);
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
  return onair_test_ui_find (widget, is_button, label_or_tooltip);
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  const Wanted *wanted = data;
  const char *text;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  text = gtk_label_get_text (GTK_LABEL (widget));
  return wanted->whole ? g_str_equal (text, wanted->text) : strstr (text, wanted->text) != NULL;
}

/**
 * onair_test_ui_find_label:
 * @text: the text shown
 * @whole: %TRUE for a label showing just @text, %FALSE for one whose text contains it
 *
 * Returns: (transfer none) (nullable): the first such label below @widget that is on screen
 */
GtkWidget *
onair_test_ui_find_label (GtkWidget  *widget,
                          const char *text,
                          gboolean    whole)
{
  Wanted wanted = { G_TYPE_INVALID, text, whole };

  return onair_test_ui_find (widget, is_label, &wanted);
}
