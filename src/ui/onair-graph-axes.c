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

static void
draw_legend_item (cairo_t       *cr,
                  PangoLayout   *layout,
                  double        *x,
                  const char    *label,
                  const GdkRGBA *color,
                  gboolean       thin,
                  const GdkRGBA *fg)
{
  int w, h;

  pango_layout_set_text (layout, label, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  *x -= w;
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.8);
  cairo_move_to (cr, *x, 4);
  pango_cairo_show_layout (cr, layout);
  *x -= 14;
  gdk_cairo_set_source_rgba (cr, color);
  if (thin)
    cairo_rectangle (cr, *x, 4 + h / 2.0 - 1.5, 10, 3);
  else
    cairo_rectangle (cr, *x, 4 + h / 2.0 - 4, 10, 8);
  cairo_fill (cr);
  *x -= 12;
}

static void
draw_title_and_legend (OnairGraph    *self,
                       cairo_t       *cr,
                       PangoLayout   *layout,
                       double         left,
                       double         plot_width,
                       const GdkRGBA *fg)
{
  PangoFontDescription *font = pango_font_description_from_string ("Bold");
  double x = left + plot_width;

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
  pango_layout_set_font_description (layout, font);
  draw_text (cr, layout, self->title ? self->title : "", left, 2, 0);
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (font);

  if (self->lanes->len > 0)
    {
      GdkRGBA off = { fg->red, fg->green, fg->blue, 0.25 };
      GdkRGBA lost = { 0.88, 0.11, 0.14, 1 };
      GdkRGBA live = { 0.15, 0.64, 0.41, 1 };

      draw_legend_item (cr, layout, &x, _("Off"), &off, TRUE, fg);
      draw_legend_item (cr, layout, &x, _("Lost"), &lost, FALSE, fg);
      draw_legend_item (cr, layout, &x, _("Live"), &live, FALSE, fg);
      return;
    }
  for (guint i = self->series->len; i > 0; i--)
    {
      Series *series = g_ptr_array_index (self->series, i - 1);

      draw_legend_item (cr, layout, &x, series->label, &series->color, FALSE, fg);
    }
}

static void
set_band_color (cairo_t        *cr,
                OnairGraphBand  kind,
                gboolean        dark,
                double          alpha)
{
  if (kind == ONAIR_GRAPH_BAND_CRITICAL)
    cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, alpha);
  else
    cairo_set_source_rgba (cr, dark ? 0.96 : 0.80, dark ? 0.76 : 0.52, 0.04, alpha);
}

/* Threshold lines where they are on the scale, labelled at the right; those off the scale
 * named at the top (or bottom) right with an arrow towards them. */
static void
draw_thresholds (OnairGraph  *self,
                 cairo_t     *cr,
                 PangoLayout *layout,
                 double       left,
                 double       top,
                 double       width,
                 double       height,
                 gboolean     dark)
{
  static const double dash[] = { 6, 4 };
  PangoFontDescription *small = pango_font_description_from_string ("Sans 8");
  double above_y = top + 2;
  double below_y = top + height - 2;

  pango_layout_set_font_description (layout, small);
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      Threshold *threshold = &g_array_index (self->thresholds, Threshold, i);
      Series *series;
      g_autofree char *text = NULL;
      int w, h;

      if (threshold->series >= self->series->len)
        continue;
      series = g_ptr_array_index (self->series, threshold->series);
      if (threshold->value > series->view_max)
        {
          text = g_strdup_printf ("▲ %s", threshold->label ? threshold->label : "");
          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_size (layout, &w, &h);
          set_band_color (cr, threshold->kind, dark, 1.0);
          cairo_move_to (cr, left + width - w - 4, above_y);
          pango_cairo_show_layout (cr, layout);
          above_y += h;
          continue;
        }
      if (threshold->value < series->view_min)
        {
          text = g_strdup_printf ("▼ %s", threshold->label ? threshold->label : "");
          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_size (layout, &w, &h);
          set_band_color (cr, threshold->kind, dark, 1.0);
          cairo_move_to (cr, left + width - w - 4, below_y - h);
          pango_cairo_show_layout (cr, layout);
          below_y -= h;
          continue;
        }
      {
        double y = floor (onair_graph_value_to_y (series, threshold->value, top, height)) + 0.5;

        set_band_color (cr, threshold->kind, dark, 0.9);
        cairo_save (cr);
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        cairo_set_line_width (cr, 1);
        cairo_move_to (cr, left, y);
        cairo_line_to (cr, left + width, y);
        cairo_stroke (cr);
        cairo_restore (cr);
        if (threshold->label != NULL)
          {
            pango_layout_set_text (layout, threshold->label, -1);
            pango_layout_get_pixel_size (layout, &w, &h);
            cairo_move_to (cr, left + width - w - 4, y - h - 1 < top ? y + 2 : y - h - 1);
            pango_cairo_show_layout (cr, layout);
          }
      }
    }
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (small);
}

/* The first series' scale on the left; a second one's on the right when it differs. */
static void
draw_value_axes (OnairGraph    *self,
                 cairo_t       *cr,
                 PangoLayout   *layout,
                 double         left,
                 double         top,
                 double         width,
                 double         height,
                 const GdkRGBA *fg)
{
  Series *first = self->series->len > 0 ? g_ptr_array_index (self->series, 0) : NULL;

  for (guint i = 0; i < MIN (self->series->len, 2); i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (i == 1 && g_strcmp0 (series->unit, first->unit) == 0 &&
          series->view_min == first->view_min && series->view_max == first->view_max)
        break;
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
      for (guint t = 0; t < series->ticks.count; t++)
        {
          double value = series->ticks.first + t * series->ticks.step;
          double y = onair_graph_value_to_y (series, value, top, height);
          g_autofree char *label = onair_graph_format_tick (series, value);
          int w, h;

          pango_layout_set_text (layout, label, -1);
          pango_layout_get_pixel_size (layout, &w, &h);
          if (i == 0)
            cairo_move_to (cr, left - 6 - w, y - h / 2.0);
          else
            cairo_move_to (cr, left + width + 6, y - h / 2.0);
          pango_cairo_show_layout (cr, layout);
        }
    }

  /* The grid, at the first series' ticks. */
  if (first != NULL)
    {
      cairo_set_line_width (cr, 1.0);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.12);
      for (guint t = 0; t < first->ticks.count; t++)
        {
          double y = floor (onair_graph_value_to_y (first, first->ticks.first + t * first->ticks.step,
                                                    top, height)) + 0.5;

          cairo_move_to (cr, left, y);
          cairo_line_to (cr, left + width, y);
        }
      cairo_stroke (cr);
    }
}

/* Clock times under the plot, and the date where it changes. */
static void
draw_time_axis (OnairGraph    *self,
                cairo_t       *cr,
                PangoLayout   *layout,
                double         left,
                double         top,
                double         width,
                double         height,
                const GdkRGBA *fg)
{
  int widget_width = gtk_widget_get_width (GTK_WIDGET (self));
  PangoFontDescription *small = pango_font_description_from_string ("Sans 8");

  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.3);
  cairo_move_to (cr, left, floor (top + height) + 0.5);
  cairo_line_to (cr, left + width, floor (top + height) + 0.5);
  cairo_stroke (cr);

  for (guint i = 0; i < self->time_ticks->len; i++)
    {
      TimeTick *tick = &g_array_index (self->time_ticks, TimeTick, i);
      double x = floor (left + onair_graph_time_to_plot_x (self, tick->time_ms, width)) + 0.5;
      int w, h;

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.3);
      cairo_move_to (cr, x, top + height);
      cairo_line_to (cr, x, top + height + 4);
      cairo_stroke (cr);

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.7);
      pango_layout_set_text (layout, tick->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, CLAMP (x - w / 2.0, 2, widget_width - w - 2), top + height + 6);
      pango_cairo_show_layout (cr, layout);
      if (tick->date != NULL)
        {
          int dw, dh;

          pango_layout_set_font_description (layout, small);
          pango_layout_set_text (layout, tick->date, -1);
          pango_layout_get_pixel_size (layout, &dw, &dh);
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.55);
          cairo_move_to (cr, CLAMP (x - dw / 2.0, 2, widget_width - dw - 2), top + height + 6 + h);
          pango_cairo_show_layout (cr, layout);
          pango_layout_set_font_description (layout, NULL);
        }
    }
  pango_font_description_free (small);
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

  onair_graph_prepare (self, (int) plot_width, (int) plot_height);
  get_foreground (self, &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);

  if (self->lanes->len > 0)
    onair_graph_draw_lanes (self, cr, layout, left, top, plot_width, &fg);
  else
    {
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
          set_band_color (cr, band->kind, dark, dark ? 0.22 : 0.12);
          cairo_rectangle (cr, left, y1, plot_width, y2 - y1);
          cairo_fill (cr);
        }
      draw_value_axes (self, cr, layout, left, top, plot_width, plot_height, &fg);
    }

  draw_title_and_legend (self, cr, layout, left, plot_width, &fg);

  /* Series: every sample when asked to (only to measure what the reduction saves). */
  if (self->every_point)
    onair_graph_draw_every_point (self, cr, left, top, plot_width, plot_height);

  draw_time_axis (self, cr, layout, left, top, plot_width, plot_height, &fg);

  if (!self->every_point && self->series->len > 0)
    {
      onair_graph_update_plot (self, (int) plot_width, (int) plot_height);
      cairo_set_source_surface (cr, self->plot, left, top);
      cairo_paint (cr);
    }
  if (self->lanes->len == 0)
    draw_thresholds (self, cr, layout, left, top, plot_width, plot_height, dark);
  onair_graph_draw_markers (self, cr, left, top, plot_width, plot_height);
  onair_graph_draw_selection (self, cr, top, plot_height);
  cairo_destroy (cr);

  /* Hover readout, over the series. */
  onair_graph_draw_hover (self, snapshot, layout, &fg, dark);
}
