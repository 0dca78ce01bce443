/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "onair-graph-private.h"

/* The graph's hover readout: a line under the pointer and the values of its pixel column,
 * or on the timeline the segment under the pointer; an alert next to the pointer is named
 * too. */

/* The alert markers within a few pixels of @column, one line each. */
static void
append_alerts (OnairGraph *self,
               GString    *text,
               guint       column,
               double      plot_width)
{
  for (guint i = 0; i < self->markers->len; i++)
    {
      Marker *marker = &g_array_index (self->markers, Marker, i);
      double x = onair_graph_time_to_plot_x (self, marker->time_ms, plot_width);
      g_autoptr(GDateTime) time = NULL;
      g_autofree char *clock = NULL;

      if (fabs (x - column) > 4)
        continue;
      time = g_date_time_new_from_unix_local (marker->time_ms / 1000);
      clock = g_date_time_format (time, "%H:%M:%S");
      /* Translators: an alert on the time axis: its time and what it said */
      g_string_append_printf (text, _("\nAlert at %s · %s"), clock, marker->text);
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
  onair_graph_prepare (self, (int) plot_width, onair_graph_get_plot_height (self));
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
  append_alerts (self, text, column, plot_width);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The readout under the pointer: the lane's segment on the timeline, the column's values
 * on a graph. */
static char *
dup_hover_text (OnairGraph *self,
                double      plot_width)
{
  if (self->lanes->len > 0)
    {
      double lane = floor ((self->hover_y - MARGIN_TOP - 4) / LANE_PITCH);
      g_autoptr(GString) text = NULL;
      char *segment;

      if (lane < 0 || lane >= self->lanes->len)
        return NULL;
      segment = onair_graph_dup_lane_readout (self, (guint) lane, self->hover_x);
      if (segment == NULL)
        return NULL;
      text = g_string_new (segment);
      g_free (segment);
      append_alerts (self, text, (guint) (self->hover_x - MARGIN_LEFT), plot_width);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return onair_graph_dup_readout (self, self->hover_x);
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

  if (self->hover_x < left || self->hover_x >= left + plot_width || self->selecting)
    return;

  readout = dup_hover_text (self, plot_width);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
  cairo_move_to (cr, floor (self->hover_x) + 0.5, top);
  cairo_line_to (cr, floor (self->hover_x) + 0.5, top + plot_height);
  cairo_stroke (cr);
  if (readout != NULL)
    {
      int w, h;
      double x, y;

      pango_layout_set_text (layout, readout, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      x = CLAMP (self->hover_x + 8, 4, width - w - 8);
      if (x + w + 4 > width - 4)
        x = MAX (4, self->hover_x - w - 12);
      /* Over the lane hovered, or at the top of a graph. */
      y = self->lanes->len > 0 ? CLAMP (self->hover_y + 12, 2, height - h - 6) : top + 4;
      cairo_set_source_rgba (cr, dark ? 0.2 : 1, dark ? 0.2 : 1, dark ? 0.2 : 1, 0.94);
      cairo_rectangle (cr, x - 4, y, w + 8, h + 4);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.2);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.95);
      cairo_move_to (cr, x, y + 2);
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
  self->hover_y = y;
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

/**
 * onair_graph_hover_at:
 * @x: a widget x, or < 0 for no pointer
 * @y: a widget y
 *
 * Shows the readout as with the pointer at (@x, @y), for screenshots.
 */
void
onair_graph_hover_at (OnairGraph *self,
                      double      x,
                      double      y)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_get_lane_y:
 * @lane: the lane's index, from the top
 *
 * Returns: the widget y of the middle of the lane
 */
double
onair_graph_get_lane_y (OnairGraph *self,
                        guint       lane)
{
  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);
  return MARGIN_TOP + 4 + lane * LANE_PITCH + LANE_HEIGHT / 2.0;
}
