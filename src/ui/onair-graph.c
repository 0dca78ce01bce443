/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "onair-graph.h"

/* A time-series chart of health history. It draws from min/max buckets, one per pixel
 * column, prepared once per change of samples, span or size: a frame costs O(width), not
 * O(samples). */

#define MARGIN_LEFT    64
#define MARGIN_RIGHT   64
#define MARGIN_TOP     26
#define MARGIN_BOTTOM  20
#define MIN_PLOT_WIDTH 16

typedef struct
{
  char    *metric;
  char    *label;
  char    *unit;
  GdkRGBA  color;
  gboolean fixed_range;
  double   min;
  double   max;
  GArray  *buckets;    /* OnairHealthBucket, one per plot column */
  double   view_min;   /* the scale used for the last frame */
  double   view_max;
} Series;

typedef struct
{
  guint          series;
  double         from;
  double         to;
  OnairGraphBand kind;
} Band;

struct _OnairGraph
{
  GtkWidget           parent_instance;

  OnairHealthHistory *history;
  char               *title;
  GPtrArray          *series;      /* Series* */
  GArray             *bands;       /* Band */
  gint64              span_ms;     /* 0: the whole show */
  gint64              fixed_end_ms;
  gboolean            every_point;

  /* What the buckets were reduced for. */
  gboolean            dirty;
  int                 cached_width;
  gint64              from_ms;
  gint64              to_ms;
  guint               n_reductions;

  double              hover_x;     /* widget coordinates, < 0 when not hovering */
  guint               tick_id;

  /* The series, drawn into pixels once per reduction and reused by every frame after. */
  cairo_surface_t    *plot;
  gboolean            plot_dirty;
  guint32            *columns;     /* the plot's pixels column by column, while drawing */
  gsize               n_columns_pixels;
};

G_DEFINE_FINAL_TYPE (OnairGraph, onair_graph, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->metric);
  g_free (series->label);
  g_free (series->unit);
  g_array_unref (series->buckets);
  g_free (series);
}

static gint64
now_ms (OnairGraph *self)
{
  return self->fixed_end_ms > 0 ? self->fixed_end_ms : g_get_real_time () / 1000;
}

static void
compute_range (OnairGraph *self,
               gint64     *from_ms,
               gint64     *to_ms)
{
  gint64 end = now_ms (self);
  gint64 first = end;

  if (self->span_ms > 0)
    {
      *from_ms = end - self->span_ms;
      *to_ms = end;
      return;
    }

  /* The whole show: from the first sample of any series. */
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      gint64 series_first, series_last;

      if (onair_health_history_get_time_range (self->history, series->metric,
                                               &series_first, &series_last))
        first = MIN (first, series_first);
    }
  *from_ms = first < end ? first : end - 60 * 1000;
  *to_ms = end;
}

/* Reduces every series to one bucket per plot column, when something changed. */
static void
prepare (OnairGraph *self,
         int         plot_width)
{
  gint64 from_ms, to_ms;

  compute_range (self, &from_ms, &to_ms);
  if (!self->dirty && plot_width == self->cached_width &&
      from_ms == self->from_ms && to_ms == self->to_ms)
    return;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      g_array_set_size (series->buckets, plot_width);
      if (!onair_health_history_reduce (self->history, series->metric, from_ms, to_ms,
                                        plot_width, (OnairHealthBucket *) series->buckets->data))
        g_array_set_size (series->buckets, 0);
      self->n_reductions++;

      if (series->fixed_range)
        {
          series->view_min = series->min;
          series->view_max = series->max;
        }
      else
        {
          double lo = INFINITY, hi = -INFINITY;

          for (guint b = 0; b < series->buckets->len; b++)
            {
              OnairHealthBucket *bucket = &g_array_index (series->buckets, OnairHealthBucket, b);

              if (bucket->count == 0)
                continue;
              lo = MIN (lo, bucket->min);
              hi = MAX (hi, bucket->max);
            }
          if (!isfinite (lo) || !isfinite (hi))
            lo = 0, hi = 1;
          if (hi - lo < 1e-9)
            hi = lo + 1;
          /* Start at zero for positive quantities, with a little air on top. */
          series->view_min = lo >= 0 ? 0 : lo - (hi - lo) * 0.1;
          series->view_max = hi + (hi - lo) * 0.1;
        }
    }

  self->dirty = FALSE;
  self->plot_dirty = TRUE;
  self->cached_width = plot_width;
  self->from_ms = from_ms;
  self->to_ms = to_ms;
}

static double
value_to_y (Series *series,
            double  value,
            double  top,
            double  height)
{
  double t = (value - series->view_min) / (series->view_max - series->view_min);

  return top + height - CLAMP (t, 0.0, 1.0) * height;
}

static void
get_foreground (OnairGraph *self,
                GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, color);
}

static char *
format_value (Series *series,
              double  value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 100 || value == floor (value))
    return g_strdup_printf ("%.0f %s", value, series->unit ? series->unit : "");
  return g_strdup_printf ("%.1f %s", value, series->unit ? series->unit : "");
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
        cairo_line_to (cr, x, value_to_y (series, value, top, height));
      else
        cairo_move_to (cr, x, value_to_y (series, value, top, height));
      drawing = TRUE;
    }
  cairo_stroke (cr);
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

/* Pixel rows of a value: value_to_y() rounded, for y >= 0 (no call to round()). */
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

  for (guint b = 0; b < series->buckets->len; b++)
    {
      OnairHealthBucket *bucket = &g_array_index (series->buckets, OnairHealthBucket, b);
      int y1, y2;

      if (bucket->count == 0)
        continue;
      y1 = pixel_row (value_to_y (series, bucket->max, 0, height));
      y2 = pixel_row (value_to_y (series, bucket->min, 0, height));
      if (y2 > y1)
        canvas_fill_column (canvas, b, y1, y2, &series->color, 0.35);
    }

  for (guint b = 0; b < series->buckets->len; b++)
    {
      OnairHealthBucket *bucket = &g_array_index (series->buckets, OnairHealthBucket, b);
      int y, from, to;

      if (bucket->count == 0)
        {
          previous = G_MININT;
          continue;
        }
      y = pixel_row (value_to_y (series, bucket->last, 0, height));
      from = previous == G_MININT ? y : MIN (previous, y);
      to = previous == G_MININT ? y : MAX (previous, y);
      /* Two pixels thick, like a line of width 2. */
      canvas_fill_column (canvas, b, from - 1, to + 1, &series->color, 1.0);
      previous = y;
    }
}

static void
update_plot (OnairGraph *self,
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

static void
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

  prepare (self, (int) plot_width);
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
      y1 = value_to_y (series, band->to, top, plot_height);
      y2 = value_to_y (series, band->from, top, plot_height);
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
    {
      cairo_save (cr);
      cairo_rectangle (cr, left, top - 1, plot_width, plot_height + 2);
      cairo_clip (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      for (guint i = 0; i < self->series->len; i++)
        {
          Series *series = g_ptr_array_index (self->series, i);

          gdk_cairo_set_source_rgba (cr, &series->color);
          cairo_set_line_width (cr, 1.5);
          draw_series_every_point (self, cr, series, left, top, plot_width, plot_height);
        }
      cairo_restore (cr);
    }

  /* Scales: the first series on the left, the second on the right. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
  for (guint i = 0; i < MIN (self->series->len, 2); i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      g_autofree char *hi = format_value (series, series->view_max);
      g_autofree char *lo = format_value (series, series->view_min);

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
      update_plot (self, (int) plot_width, (int) plot_height);
      cairo_set_source_surface (cr, self->plot, left, top);
      cairo_paint (cr);
    }
  cairo_destroy (cr);

  /* Hover readout, over the series. */
  if (self->hover_x >= left && self->hover_x < left + plot_width)
    {
      g_autofree char *readout = onair_graph_dup_readout (self, self->hover_x);

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_move_to (cr, floor (self->hover_x) + 0.5, top);
      cairo_line_to (cr, floor (self->hover_x) + 0.5, top + plot_height);
      cairo_stroke (cr);
      if (readout != NULL)
        {
          int w, h;
          double x;

          pango_layout_set_text (layout, readout, -1);
          pango_layout_get_pixel_size (layout, &w, &h);
          x = CLAMP (self->hover_x + 8, left, left + plot_width - w - 8);
          cairo_set_source_rgba (cr, dark ? 0.2 : 1, dark ? 0.2 : 1, dark ? 0.2 : 1, 0.92);
          cairo_rectangle (cr, x - 4, top + 4, w + 8, h + 4);
          cairo_fill (cr);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.95);
          cairo_move_to (cr, x, top + 6);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_destroy (cr);
    }
}

/**
 * onair_graph_dup_readout:
 * @x: a widget x coordinate inside the plot
 *
 * Returns: (transfer full) (nullable): "12:03:04 · RTT 23 ms · …", the values of the pixel
 *   column under @x
 */
char *
onair_graph_dup_readout (OnairGraph *self,
                         double      x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double plot_width = width - MARGIN_LEFT - MARGIN_RIGHT;
  g_autoptr(GString) text = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *clock = NULL;
  guint column;

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), NULL);

  if (plot_width < MIN_PLOT_WIDTH)
    return NULL;
  prepare (self, (int) plot_width);
  if (x < MARGIN_LEFT || x >= MARGIN_LEFT + plot_width)
    return NULL;
  column = (guint) (x - MARGIN_LEFT);

  time = g_date_time_new_from_unix_local (
    (self->from_ms + (gint64) ((self->to_ms - self->from_ms) * (column + 0.5) / plot_width)) / 1000);
  clock = g_date_time_format (time, "%H:%M:%S");
  text = g_string_new (clock);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      OnairHealthBucket *bucket;
      g_autofree char *value = NULL;

      if (column >= series->buckets->len)
        continue;
      bucket = &g_array_index (series->buckets, OnairHealthBucket, column);
      value = format_value (series, bucket->count > 0 ? bucket->last : NAN);
      g_string_append_printf (text, " · %s %s", series->label, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OnairGraph               *self)
{
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          OnairGraph               *self)
{
  self->hover_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (gpointer user_data)
{
  OnairGraph *self = user_data;

  /* The time axis moves even when no sample arrives (a frozen vMix is news too). */
  if (self->fixed_end_ms == 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

static void
onair_graph_map (GtkWidget *widget)
{
  OnairGraph *self = ONAIR_GRAPH (widget);

  GTK_WIDGET_CLASS (onair_graph_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
onair_graph_unmap (GtkWidget *widget)
{
  OnairGraph *self = ONAIR_GRAPH (widget);

  /* Hidden graphs cost nothing. */
  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (onair_graph_parent_class)->unmap (widget);
}

static void
onair_graph_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MARGIN_LEFT + MARGIN_RIGHT + 120;
      *natural = 600;
    }
  else
    {
      *minimum = MARGIN_TOP + MARGIN_BOTTOM + 60;
      *natural = 160;
    }
}

static void
onair_graph_dispose (GObject *object)
{
  OnairGraph *self = ONAIR_GRAPH (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->history);
  g_clear_pointer (&self->plot, cairo_surface_destroy);
  g_clear_pointer (&self->columns, g_free);
  self->n_columns_pixels = 0;

  G_OBJECT_CLASS (onair_graph_parent_class)->dispose (object);
}

static void
onair_graph_finalize (GObject *object)
{
  OnairGraph *self = ONAIR_GRAPH (object);

  g_ptr_array_unref (self->series);
  g_array_unref (self->bands);
  g_free (self->title);

  G_OBJECT_CLASS (onair_graph_parent_class)->finalize (object);
}

static void
onair_graph_class_init (OnairGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_graph_dispose;
  object_class->finalize = onair_graph_finalize;
  widget_class->snapshot = onair_graph_snapshot;
  widget_class->measure = onair_graph_measure;
  widget_class->map = onair_graph_map;
  widget_class->unmap = onair_graph_unmap;

  gtk_widget_class_set_css_name (widget_class, "graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
onair_graph_init (OnairGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  self->span_ms = 10 * 60 * 1000;
  self->hover_x = -1;
  self->dirty = TRUE;

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/**
 * onair_graph_new:
 * @history: where the samples are
 * @title: the graph's translated title
 *
 * Returns: (transfer floating): a graph showing the last 10 minutes
 */
GtkWidget *
onair_graph_new (OnairHealthHistory *history,
                 const char         *title)
{
  OnairGraph *self;

  g_return_val_if_fail (ONAIR_IS_HEALTH_HISTORY (history), NULL);

  self = g_object_new (ONAIR_TYPE_GRAPH, NULL);
  self->history = g_object_ref (history);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return GTK_WIDGET (self);
}

/**
 * onair_graph_add_series:
 * @metric: a health history metric id
 * @label: its translated name in the legend
 * @unit: (nullable): its unit, e.g. "ms"
 *
 * Returns: the series' index, for bands and ranges
 */
guint
onair_graph_add_series (OnairGraph    *self,
                        const char    *metric,
                        const char    *label,
                        const char    *unit,
                        const GdkRGBA *color)
{
  Series *series;

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);

  series = g_new0 (Series, 1);
  series->metric = g_strdup (metric);
  series->label = g_strdup (label);
  series->unit = g_strdup (unit);
  series->color = *color;
  series->buckets = g_array_new (FALSE, TRUE, sizeof (OnairHealthBucket));
  g_ptr_array_add (self->series, series);
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return self->series->len - 1;
}

/**
 * onair_graph_set_series_range:
 *
 * Fixes the scale of a series (otherwise it follows the data shown).
 */
void
onair_graph_set_series_range (OnairGraph *self,
                              guint       series,
                              double      min,
                              double      max)
{
  Series *s;

  g_return_if_fail (ONAIR_IS_GRAPH (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (max > min);

  s = g_ptr_array_index (self->series, series);
  s->fixed_range = TRUE;
  s->min = min;
  s->max = max;
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_add_band:
 *
 * Shades the values between @from and @to of a series in warning or critical colours.
 */
void
onair_graph_add_band (OnairGraph     *self,
                      guint           series,
                      double          from,
                      double          to,
                      OnairGraphBand  kind)
{
  Band band = { series, MIN (from, to), MAX (from, to), kind };

  g_return_if_fail (ONAIR_IS_GRAPH (self));

  g_array_append_val (self->bands, band);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_set_span_ms:
 * @span_ms: how much time the graph shows, up to now; 0 for the whole show
 */
void
onair_graph_set_span_ms (OnairGraph *self,
                         gint64      span_ms)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  if (self->span_ms == span_ms)
    return;
  self->span_ms = MAX (span_ms, 0);
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
onair_graph_get_span_ms (OnairGraph *self)
{
  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);
  return self->span_ms;
}

/**
 * onair_graph_set_end_ms:
 * @end_ms: the instant at the right edge (Unix ms), or 0 to follow the clock
 *
 * For a show driven by a test clock, and for rendering a fixed period.
 */
void
onair_graph_set_end_ms (OnairGraph *self,
                        gint64      end_ms)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  self->fixed_end_ms = end_ms;
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_samples_changed:
 *
 * Tells the graph that samples arrived: the next frame reduces them again.
 */
void
onair_graph_samples_changed (OnairGraph *self)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_set_draw_every_point:
 *
 * Draws every sample instead of the reduced buckets: only for measuring what the
 * reduction saves.
 */
void
onair_graph_set_draw_every_point (OnairGraph *self,
                                  gboolean    every_point)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  self->every_point = !!every_point;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_get_n_reductions:
 *
 * Returns: how many series reductions the graph has made, to check it reduces only
 *   when something changed
 */
guint
onair_graph_get_n_reductions (OnairGraph *self)
{
  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);
  return self->n_reductions;
}
