/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "onair-graph-private.h"

/* The graph's frame: threshold bands, grid, title and legend, the value scales and the time
 * axis, around the plot of the series and under the hover readout. */

static void
get_foreground (OnairGraph *self,
                GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, color);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)
{
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_offset (gint64 offset_ms)
{
  gint64 seconds = offset_ms / 1000;

  if (seconds == 0)
    return g_strdup (_("now"));
  if (seconds < 120)
    return g_strdup_printf (_("−%" G_GINT64_FORMAT " s"), seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf (_("−%" G_GINT64_FORMAT " min"), seconds / 60);
  return g_strdup_printf (_("−%" G_GINT64_FORMAT " h"), seconds / 3600);
}

void
onair_graph_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  OnairGraph *self = ONAIR_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double left = MARGIN_LEFT, top = MARGIN_TOP;
  double plot_width = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_height = height - MARGIN_TOP - MARGIN_BOTTOM;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA fg;
  cairo_t *cr;

  if (plot_width < MIN_PLOT_WIDTH || plot_height < 8 || self->history == NULL)
    return;

  onair_graph_prepare (self, (int) plot_width);
  get_foreground (self, &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);

  /* Threshold bands, in the scale of their series. */
  for (guint i = 0; i < self->bands->len; i++)
    {
      Band *band = &g_array_index (self->bands, Band, i);
      Series *series;
      double y1, y2;

      if (band->series >= self->series->len)
        continue;
      series = g_ptr_array_index (self->series, band->series);
      y1 = onair_graph_value_to_y (series, band->to, top, plot_height);
      y2 = onair_graph_value_to_y (series, band->from, top, plot_height);
      if (band->kind == ONAIR_GRAPH_BAND_CRITICAL)
        cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, dark ? 0.22 : 0.12);
      else
        cairo_set_source_rgba (cr, 0.90, 0.65, 0.04, dark ? 0.22 : 0.14);
      cairo_rectangle (cr, left, y1, plot_width, y2 - y1);
      cairo_fill (cr);
    }

  /* Grid and frame. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  for (guint i = 0; i <= 4; i++)
    {
      double y = floor (top + plot_height * i / 4) + 0.5;

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + plot_width, y);
    }
  cairo_stroke (cr);

  /* Title and legend. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
  {
    PangoFontDescription *font = pango_font_description_from_string ("Bold");

    pango_layout_set_font_description (layout, font);
    draw_text (cr, layout, self->title ? self->title : "", left, 2, 0);
    pango_layout_set_font_description (layout, NULL);
    pango_font_description_free (font);
  }
  {
    double x = left + plot_width;

    for (guint i = self->series->len; i > 0; i--)
      {
        Series *series = g_ptr_array_index (self->series, i - 1);
        int w, h;

        pango_layout_set_text (layout, series->label, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        x -= w;
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
        cairo_move_to (cr, x, 4);
        pango_cairo_show_layout (cr, layout);
        x -= 14;
        gdk_cairo_set_source_rgba (cr, &series->color);
        cairo_rectangle (cr, x, 4 + h / 2.0 - 4, 10, 8);
        cairo_fill (cr);
        x -= 12;
      }
  }

  /* Series: every sample when asked to (only to measure what the reduction saves). */
  if (self->every_point)
    onair_graph_draw_every_point (self, cr, left, top, plot_width, plot_height);

  /* Scales: the first series on the left, the second on the right. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
  for (guint i = 0; i < MIN (self->series->len, 2); i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      g_autofree char *hi = onair_graph_format_value (series, series->view_max);
      g_autofree char *lo = onair_graph_format_value (series, series->view_min);

      if (i == 0)
        {
          draw_text (cr, layout, hi, left - 4, top - 6, 1.0);
          draw_text (cr, layout, lo, left - 4, top + plot_height - 14, 1.0);
        }
      else
        {
          draw_text (cr, layout, hi, left + plot_width + 4, top - 6, 0.0);
          draw_text (cr, layout, lo, left + plot_width + 4, top + plot_height - 14, 0.0);
        }
    }

  /* Time axis. */
  for (guint i = 0; i <= 2; i++)
    {
      g_autofree char *label = NULL;
      double x = left + plot_width * i / 2;

      if (self->span_ms > 0)
        label = format_offset ((self->to_ms - self->from_ms) * (2 - i) / 2);
      else
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (
            (self->from_ms + (self->to_ms - self->from_ms) * i / 2) / 1000);

          label = g_date_time_format (time, "%H:%M");
        }
      draw_text (cr, layout, label, x, top + plot_height + 3, i / 2.0);
    }

  if (!self->every_point)
    {
      onair_graph_update_plot (self, (int) plot_width, (int) plot_height);
      cairo_set_source_surface (cr, self->plot, left, top);
      cairo_paint (cr);
    }
  cairo_destroy (cr);

  /* Hover readout, over the series. */
  onair_graph_draw_hover (self, snapshot, layout, &fg, dark);
}
