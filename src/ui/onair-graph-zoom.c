/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-graph-private.h"

/* Zooming by dragging over the plot: the span dragged over is shaded while dragging and
 * asked for on release (#OnairGraph::zoom-requested); the page zooms every graph to it. */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               OnairGraph     *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (x < MARGIN_LEFT || x > width - MARGIN_RIGHT)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->selecting = TRUE;
  self->select_from_x = x;
  self->select_to_x = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                OnairGraph     *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (!self->selecting)
    return;
  self->select_to_x = CLAMP (self->select_from_x + offset_x, MARGIN_LEFT, width - MARGIN_RIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             OnairGraph     *self)
{
  double from = self->select_from_x;
  double to = self->select_to_x;

  if (!self->selecting)
    return;
  self->selecting = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* A click is not a drag. */
  if (ABS (to - from) >= 6)
    onair_graph_select (self, from, to);
}

void
onair_graph_draw_selection (OnairGraph *self,
                            cairo_t    *cr,
                            double      top,
                            double      height)
{
  double x1 = MIN (self->select_from_x, self->select_to_x);
  double x2 = MAX (self->select_from_x, self->select_to_x);

  if (!self->selecting || x2 - x1 < 1)
    return;
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.22);
  cairo_rectangle (cr, x1, top, x2 - x1, height);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x1 + 0.5, top);
  cairo_line_to (cr, x1 + 0.5, top + height);
  cairo_move_to (cr, x2 - 0.5, top);
  cairo_line_to (cr, x2 - 0.5, top + height);
  cairo_stroke (cr);
}

void
onair_graph_zoom_init (OnairGraph *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
}
