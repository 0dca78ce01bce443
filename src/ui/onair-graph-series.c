/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "onair-graph-private.h"

/* The graph's series: drawn into a pixel buffer from their buckets, once per reduction, or
 * every sample as a cairo path when asked to (only to measure what the reduction saves). */

static void
draw_series_every_point (OnairGraph *self,
                         cairo_t    *cr,
                         Series     *series,
                         double      left,
                         double      top,
                         double      width,
                         double      height)
{
  guint n = onair_health_history_get_n_samples (self->history, series->metric);
  gboolean drawing = FALSE;
  double span = MAX (1, self->to_ms - self->from_ms);

  for (guint i = 0; i < n; i++)
    {
      gint64 ts;
      double value, x;

      if (!onair_health_history_get_sample (self->history, series->metric, i, &ts, &value) ||
          ts < self->from_ms || ts > self->to_ms || !isfinite (value))
        {
          drawing = FALSE;
          continue;
        }
      x = left + (ts - self->from_ms) / span * width;
      if (drawing)
        cairo_line_to (cr, x, onair_graph_value_to_y (series, value, top, height));
      else
        cairo_move_to (cr, x, onair_graph_value_to_y (series, value, top, height));
      drawing = TRUE;
    }
  cairo_stroke (cr);
}

void
onair_graph_draw_every_point (OnairGraph *self,
                              cairo_t    *cr,
                              double      left,
                              double      top,
                              double      width,
                              double      height)
{
  cairo_save (cr);
  cairo_rectangle (cr, left, top - 1, width, height + 2);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      gdk_cairo_set_source_rgba (cr, &series->color);
      cairo_set_line_width (cr, 1.5);
      draw_series_every_point (self, cr, series, left, top, width, height);
    }
  cairo_restore (cr);
}

/* Columns are pixels: the spread of each column is a one-pixel-wide run from its minimum to
 * its maximum, and the line through the latest values is the vertical run each column adds.
 * They are written straight into a buffer, once per reduction, and the texture made of it
 * serves every frame until the next one: a frame with six full-width series costs a
 * reduction and a copy, not a rasterisation. The buffer holds the plot column by column, so
 * that a run is contiguous memory rather than one row apart per pixel; one transposing copy
 * turns it into the image. */
typedef struct
{
  guint32 *columns;  /* pixel (x, y) at columns[x * height + y]; CAIRO_FORMAT_ARGB32 values:
                      * premultiplied, native-endian */
  int      width;
  int      height;
  int      scale;
} Canvas;

static void
canvas_fill_column (Canvas        *canvas,
                    int            column,
                    int            y1,
                    int            y2,
                    const GdkRGBA *color,
                    double         alpha)
{
  guint32 a = (guint32) CLAMP (alpha * color->alpha * 255.0 + 0.5, 0, 255);
  guint32 source = a << 24 |
                   (guint32) (color->red * a + 0.5) << 16 |
                   (guint32) (color->green * a + 0.5) << 8 |
                   (guint32) (color->blue * a + 0.5);
  guint32 keep = 255 - a;
  int x1 = column * canvas->scale;
  int x2 = MIN (x1 + canvas->scale, canvas->width);

  y1 = CLAMP (y1 * canvas->scale, 0, canvas->height);
  y2 = CLAMP (y2 * canvas->scale, 0, canvas->height);
  for (int x = x1; x < x2; x++)
    {
      guint32 *p = canvas->columns + (gsize) x * canvas->height + y1;

      for (int y = y1; y < y2; y++, p++)
        {
          guint32 d = *p;

          /* Porter-Duff "over" on premultiplied values; opaque colours simply replace. */
          if (keep == 0 || d == 0)
            *p = source;
          else
            {
              /* Two channels at a time: (v * keep + 128) * 257 >> 16 ≈ v * keep / 255. */
              guint32 rb = (d & 0x00ff00ff) * keep + 0x00800080;
              guint32 ag = ((d >> 8) & 0x00ff00ff) * keep + 0x00800080;

              rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
              ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
              *p = source + (rb | ag);
            }
        }
    }
}

/* Copies the columns into the image, in tiles that stay in the cache on both sides. */
static void
canvas_copy_to_image (const Canvas *canvas,
                      guint8       *pixels,
                      int           stride)
{
  enum { TILE = 16 };

  for (int y0 = 0; y0 < canvas->height; y0 += TILE)
    for (int x0 = 0; x0 < canvas->width; x0 += TILE)
      {
        int y_end = MIN (y0 + TILE, canvas->height);
        int x_end = MIN (x0 + TILE, canvas->width);

        for (int x = x0; x < x_end; x++)
          {
            const guint32 *from = canvas->columns + (gsize) x * canvas->height + y0;

            for (int y = y0; y < y_end; y++)
              ((guint32 *) (gpointer) (pixels + (gsize) y * stride))[x] = *from++;
          }
      }
}

/* Polls further apart than this are not joined by a line: nothing was measured between. */
#define MAX_JOIN_MS 5000

/* Pixel rows of a value: onair_graph_value_to_y() rounded, for y >= 0 (no call to round()). */
static inline int
pixel_row (double y)
{
  return (int) (y + 0.5);
}

static void
draw_series_buckets (Canvas *canvas,
                     Series *series,
                     double  height)
{
  int previous = G_MININT;
  guint previous_column = 0;
  gint64 previous_ms = 0;

  for (guint b = 0; b < series->buckets->len; b++)
    {
      OnairHealthBucket *bucket = &g_array_index (series->buckets, OnairHealthBucket, b);
      int y1, y2;

      if (bucket->count == 0)
        continue;
      y1 = pixel_row (onair_graph_value_to_y (series, bucket->max, 0, height));
      y2 = pixel_row (onair_graph_value_to_y (series, bucket->min, 0, height));
      if (y2 > y1)
        canvas_fill_column (canvas, b, y1, y2, &series->color, 0.35);
    }

  for (guint b = 0; b < series->buckets->len; b++)
    {
      OnairHealthBucket *bucket = &g_array_index (series->buckets, OnairHealthBucket, b);
      int y, from, to;

      if (bucket->count == 0)
        {
          /* A gap (the value was unknown) breaks the line; a column without a sample,
           * zoomed in between two polls, does not. */
          if (bucket->n_samples > 0)
            previous = G_MININT;
          continue;
        }
      y = pixel_row (onair_graph_value_to_y (series, bucket->last, 0, height));
      if (previous != G_MININT && b > previous_column + 1)
        {
          if (bucket->start_ms - previous_ms <= MAX_JOIN_MS)
            {
              /* Straight across the columns between the two polls. */
              for (guint c = previous_column + 1; c < b; c++)
                {
                  int yc = previous + (int) ((double) (y - previous) * (c - previous_column) /
                                             (b - previous_column));

                  canvas_fill_column (canvas, c, MIN (previous, yc) - 1, MAX (previous, yc) + 1,
                                      &series->color, 1.0);
                }
              previous = previous + (int) ((double) (y - previous) * (b - 1 - previous_column) /
                                           (b - previous_column));
            }
          else
            previous = G_MININT;   /* Nothing measured for a while: no line across. */
        }
      from = previous == G_MININT ? y : MIN (previous, y);
      to = previous == G_MININT ? y : MAX (previous, y);
      /* Two pixels thick, like a line of width 2. */
      canvas_fill_column (canvas, b, from - 1, to + 1, &series->color, 1.0);
      previous = y;
      previous_column = b;
      previous_ms = bucket->last_ms;
    }
}

void
onair_graph_update_plot (OnairGraph *self,
                         int         width,
                         int         height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  Canvas canvas = { NULL, width * scale, height * scale, scale };
  gsize n_pixels = (gsize) canvas.width * (gsize) canvas.height;

  if (!self->plot_dirty && self->plot != NULL &&
      cairo_image_surface_get_width (self->plot) == canvas.width &&
      cairo_image_surface_get_height (self->plot) == canvas.height)
    return;

  if (self->plot == NULL ||
      cairo_image_surface_get_width (self->plot) != canvas.width ||
      cairo_image_surface_get_height (self->plot) != canvas.height)
    {
      g_clear_pointer (&self->plot, cairo_surface_destroy);
      self->plot = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, canvas.width, canvas.height);
      cairo_surface_set_device_scale (self->plot, scale, scale);
    }

  if (self->n_columns_pixels != n_pixels)
    {
      g_free (self->columns);
      self->columns = g_new (guint32, n_pixels);
      self->n_columns_pixels = n_pixels;
    }
  canvas.columns = self->columns;
  memset (canvas.columns, 0, n_pixels * sizeof (guint32));
  for (guint i = 0; i < self->series->len; i++)
    draw_series_buckets (&canvas, g_ptr_array_index (self->series, i), height);

  cairo_surface_flush (self->plot);
  canvas_copy_to_image (&canvas, cairo_image_surface_get_data (self->plot),
                        cairo_image_surface_get_stride (self->plot));
  cairo_surface_mark_dirty (self->plot);
  self->plot_dirty = FALSE;
}
