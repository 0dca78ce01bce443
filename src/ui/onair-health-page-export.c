/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-health-page-private.h"

/* The Health page's exports, of the range shown: the timeline and graphs as PNG under a
 * header naming the host, the range with its dates and the time zone; the history as CSV;
 * the alert list as CSV. Files are written asynchronously, the CSVs in a worker. */

static void
png_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OnairHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        onair_health_page_toast (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Graphs saved as %s"), name);
  onair_health_page_toast (self, text);
}

#define MARGIN 16

/* "Main (192.168.1.20:8088)", the range with its dates, the time zone: what a PNG needs to
 * be read a week later. */
static char *
dup_header_markup (OnairHealthPage *self)
{
  g_autofree char *host = onair_health_page_dup_host_title (self);
  g_autofree char *span = onair_health_page_format_span (self->view_from_ms, self->view_to_ms);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (self->view_from_ms / 1000);
  g_autofree char *offset = start ? g_date_time_format (start, "%:z") : g_strdup ("");
  const char *zone = start ? g_date_time_get_timezone_abbreviation (start) : "";
  g_autofree char *title = NULL;
  g_autofree char *zone_line = NULL;

  /* Translators: the title of an exported PNG of the health graphs, %s is the host */
  title = g_strdup_printf (_("Show health of %s"), host);
  /* Translators: the time zone of an exported PNG: its name and offset from UTC */
  zone_line = g_strdup_printf (_("Times in %s (UTC%s)"), zone, offset);
  return g_markup_printf_escaped ("<b><big>%s</big></b>\n%s · %s", title, span, zone_line);
}

/**
 * onair_health_page_render_png:
 *
 * Renders the timeline and the graphs as shown, under a header with the host, the range
 * with its dates and the time zone.
 *
 * Returns: (transfer full): the PNG, or %NULL when the page is not on screen
 */
GBytes *
onair_health_page_render_png (OnairHealthPage  *self,
                              GError          **error)
{
  GtkWidget *widget = GTK_WIDGET (self->graphs_box);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *markup = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA background = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
  GdkRGBA foreground;
  int header_width, header_height;

  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), NULL);

  if (width <= 0 || height <= 0 || native == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The graphs are not on screen, so there is nothing to save."));
      return NULL;
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &foreground);
  markup = dup_header_markup (self);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &header_width, &header_height);
  header_height += 24;

  /* A margin all around, as on the page. */
  gtk_snapshot_append_color (snapshot, &background,
                             &GRAPHENE_RECT_INIT (0, 0, width + 2 * MARGIN, header_height + height + MARGIN));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, 12));
  gtk_snapshot_append_layout (snapshot, layout, &foreground);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, header_height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The graphs have not been drawn yet."));
      return NULL;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width + 2 * MARGIN,
                                                              header_height + height + MARGIN));
  return gdk_texture_save_to_png_bytes (texture);
}

/**
 * onair_health_page_export_png:
 * @file: where to save
 *
 * Renders the graphs as they are shown (onair_health_page_render_png()) and writes the PNG
 * asynchronously.
 *
 * Returns: whether the graphs could be rendered; the write reports with a toast
 */
gboolean
onair_health_page_export_png (OnairHealthPage  *self,
                              GFile            *file,
                              GError          **error)
{
  g_autoptr(GBytes) png = NULL;

  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);

  png = onair_health_page_render_png (self, error);
  if (png == NULL)
    return FALSE;
  g_file_replace_contents_bytes_async (file, png, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, png_written_cb, g_object_ref (self));
  return TRUE;
}

static void
csv_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (task) == onair_health_page_export_alerts_async)
    ok = onair_health_history_write_alerts_csv_finish (ONAIR_HEALTH_HISTORY (object), result,
                                                       &error);
  else
    ok = onair_health_history_write_csv_finish (ONAIR_HEALTH_HISTORY (object), result, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
csv_opened_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairHealthPage *self = g_task_get_source_object (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_get_source_tag (task) == onair_health_page_export_alerts_async)
    onair_health_history_write_alerts_csv_async (self->history, G_OUTPUT_STREAM (stream),
                                                 self->view_from_ms, self->view_to_ms,
                                                 g_task_get_cancellable (task), csv_written_cb,
                                                 g_object_ref (task));
  else
    onair_health_history_write_csv_async (self->history, G_OUTPUT_STREAM (stream), NULL,
                                          self->view_from_ms, self->view_to_ms,
                                          g_task_get_cancellable (task), csv_written_cb,
                                          g_object_ref (task));
}

static void
export_csv (OnairHealthPage     *self,
            GFile               *file,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, cancellable, csv_opened_cb, task);
}

/**
 * onair_health_page_export_csv_async:
 * @file: where to write
 *
 * Writes every metric of the range shown as CSV (onair_health_history_write_csv()).
 */
void
onair_health_page_export_csv_async (OnairHealthPage     *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));
  export_csv (self, file, onair_health_page_export_csv_async, cancellable, callback, user_data);
}

gboolean
onair_health_page_export_csv_finish (OnairHealthPage  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * onair_health_page_export_alerts_async:
 * @file: where to write
 *
 * Writes the alerts of the range shown as CSV (onair_health_history_write_alerts_csv_async()).
 */
void
onair_health_page_export_alerts_async (OnairHealthPage     *self,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));
  export_csv (self, file, onair_health_page_export_alerts_async, cancellable, callback, user_data);
}

gboolean
onair_health_page_export_alerts_finish (OnairHealthPage  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
csv_exported_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        onair_health_page_toast (self, error->message);
      return;
    }
  if (g_task_get_source_tag (G_TASK (result)) == onair_health_page_export_alerts_async)
    text = g_strdup_printf (_("Alerts saved as %s"), name);
  else
    text = g_strdup_printf (_("Health history saved as %s"), name);
  onair_health_page_toast (self, text);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     OnairHealthPage *self)
{
  const char *kind = g_object_get_data (G_OBJECT (chooser), "kind");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    {
      g_object_unref (chooser);
      return;
    }

  if (g_str_equal (kind, "png"))
    {
      if (!onair_health_page_export_png (self, file, &error))
        onair_health_page_toast (self, error->message);
    }
  else if (g_str_equal (kind, "alerts"))
    onair_health_page_export_alerts_async (self, file, self->cancellable, csv_exported_cb,
                                           g_object_ref (file));
  else
    onair_health_page_export_csv_async (self, file, self->cancellable, csv_exported_cb,
                                        g_object_ref (file));
  g_object_unref (chooser);
}

/**
 * onair_health_page_choose_export:
 * @kind: "png", "csv" or "alerts"
 *
 * Asks where to save, then exports the range shown.
 */
void
onair_health_page_choose_export (OnairHealthPage *self,
                                 const char      *kind)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;
  const char *title;
  GtkFileChooserNative *chooser;

  if (g_str_equal (kind, "png"))
    {
      title = _("Export Graphs");
      name = g_strdup_printf ("onair-health-%s.png", stamp);
    }
  else if (g_str_equal (kind, "alerts"))
    {
      title = _("Export Alerts");
      name = g_strdup_printf ("onair-alerts-%s.csv", stamp);
    }
  else
    {
      title = _("Export Health History");
      name = g_strdup_printf ("onair-health-%s.csv", stamp);
    }

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "kind", g_strdup (kind), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
