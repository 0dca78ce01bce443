/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "onair-graph-private.h"

/* The graph's hover readout: a line under the pointer and the values of its pixel column. */

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
  onair_graph_prepare (self, (int) plot_width);
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
      value = onair_graph_format_value (series, bucket->count > 0 ? bucket->last : NAN);
      g_string_append_printf (text, " · %s %s", series->label, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
onair_graph_draw_hover (OnairGraph    *self,
                        GtkSnapshot   *snapshot,
                        PangoLayout   *layout,
                        const GdkRGBA *fg,
                        gboolean       dark)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double left = MARGIN_LEFT, top = MARGIN_TOP;
  double plot_width = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_height = height - MARGIN_TOP - MARGIN_BOTTOM;
  g_autofree char *readout = NULL;
  cairo_t *cr;

  if (self->hover_x < left || self->hover_x >= left + plot_width)
    return;

  readout = onair_graph_dup_readout (self, self->hover_x);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
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
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.95);
      cairo_move_to (cr, x, top + 6);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_destroy (cr);
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

void
onair_graph_hover_init (OnairGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_x = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}
