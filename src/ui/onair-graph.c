/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "onair-graph-private.h"

/* A time-series chart of health history. It draws from min/max buckets, one per pixel
 * column, prepared once per change of samples, span or size: a frame costs O(width), not
 * O(samples). A graph with lanes is the on-air timeline: each lane's segments (live, lost,
 * off) over the same time axis. */

G_DEFINE_FINAL_TYPE (OnairGraph, onair_graph, GTK_TYPE_WIDGET)

enum {
  ZOOM_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
threshold_clear (gpointer data)
{
  g_free (((Threshold *) data)->label);
}

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

  if (self->view_to_ms > self->view_from_ms)
    {
      *from_ms = self->view_from_ms;
      *to_ms = self->view_to_ms;
      return;
    }
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

/* Reduces every series to one bucket per plot column, and prepares the ticks, the lanes'
 * segments and the alert markers, when something changed. */
void
onair_graph_prepare (OnairGraph *self,
                     int         plot_width,
                     int         plot_height)
{
  gint64 from_ms, to_ms;

  compute_range (self, &from_ms, &to_ms);
  if (!self->dirty && plot_width == self->cached_width && plot_height == self->cached_height &&
      from_ms == self->from_ms && to_ms == self->to_ms)
    return;
  self->from_ms = from_ms;
  self->to_ms = to_ms;
  self->now_ms = now_ms (self);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      g_array_set_size (series->buckets, plot_width);
      if (!onair_health_history_reduce (self->history, series->metric, from_ms, to_ms,
                                        plot_width, (OnairHealthBucket *) series->buckets->data))
        g_array_set_size (series->buckets, 0);
      self->n_reductions++;

      if (series->fixed_range)
        onair_graph_compute_value_ticks (series, series->min, series->max, plot_height, FALSE);
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
          /* Start at zero for positive quantities, with a little air on top; the scale
           * then widens to round ticks. */
          onair_graph_compute_value_ticks (series, lo >= 0 ? 0 : lo - (hi - lo) * 0.1,
                                           hi + (hi - lo) * 0.1, plot_height, TRUE);
        }
    }

  onair_graph_compute_time_ticks (self->time_ticks, from_ms, to_ms, plot_width);
  onair_graph_prepare_lanes (self);

  self->dirty = FALSE;
  self->plot_dirty = TRUE;
  self->cached_width = plot_width;
  self->cached_height = plot_height;
}

/* The plot's x of @time_ms, from the plot's left edge. */
double
onair_graph_time_to_plot_x (OnairGraph *self,
                            gint64      time_ms,
                            double      plot_width)
{
  double span = MAX (1, self->to_ms - self->from_ms);

  return (time_ms - self->from_ms) / span * plot_width;
}

/* Warning amber, critical red, healthy green, unknown grey: as the status bar. */
void
onair_graph_set_level_color (cairo_t *cr,
                             int      level,
                             double   alpha)
{
  switch (level)
    {
    case ONAIR_HEALTH_CRITICAL:
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, alpha);
      break;
    case ONAIR_HEALTH_WARNING:
      cairo_set_source_rgba (cr, 0.90, 0.58, 0.04, alpha);
      break;
    case ONAIR_HEALTH_HEALTHY:
      cairo_set_source_rgba (cr, 0.18, 0.65, 0.40, alpha);
      break;
    default:
      cairo_set_source_rgba (cr, 0.55, 0.55, 0.55, alpha);
      break;
    }
}

int
onair_graph_get_plot_height (OnairGraph *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self)) - MARGIN_TOP - MARGIN_BOTTOM;
}

char *
onair_graph_format_value (Series *series,
                          double  value)
{
  const char *unit = series->unit != NULL ? series->unit : "";

  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 100 || value == floor (value))
    return g_strdup_printf ("%.0f %s", value, unit);
  if (fabs (value) >= 1)
    return g_strdup_printf ("%.1f %s", value, unit);
  return g_strdup_printf ("%.2f %s", value, unit);
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
  else if (ONAIR_GRAPH (widget)->lanes->len > 0)
    {
      /* The timeline: as tall as its lanes. */
      *minimum = *natural = MARGIN_TOP + MARGIN_BOTTOM + 4 +
                            (int) ONAIR_GRAPH (widget)->lanes->len * LANE_PITCH;
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
  g_array_unref (self->thresholds);
  g_ptr_array_unref (self->lanes);
  g_array_unref (self->markers);
  g_array_unref (self->time_ticks);
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

  /**
   * OnairGraph::zoom-requested:
   * @from_ms: start of the span chosen (Unix ms)
   * @to_ms: its end
   *
   * The producer dragged over the graph to look closer at that span.
   */
  signals[ZOOM_REQUESTED] =
    g_signal_new ("zoom-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

void
onair_graph_emit_zoom (OnairGraph *self,
                       gint64      from_ms,
                       gint64      to_ms)
{
  g_signal_emit (self, signals[ZOOM_REQUESTED], 0, from_ms, to_ms);
}

static void
onair_graph_init (OnairGraph *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  self->thresholds = g_array_new (FALSE, TRUE, sizeof (Threshold));
  g_array_set_clear_func (self->thresholds, threshold_clear);
  self->lanes = g_ptr_array_new_with_free_func (onair_graph_lane_free);
  self->markers = g_array_new (FALSE, TRUE, sizeof (Marker));
  g_array_set_clear_func (self->markers, onair_graph_marker_clear);
  self->time_ticks = g_array_new (FALSE, TRUE, sizeof (TimeTick));
  g_array_set_clear_func (self->time_ticks, onair_graph_time_tick_clear);
  self->span_ms = 10 * 60 * 1000;
  self->dirty = TRUE;
  onair_graph_hover_init (self);
  onair_graph_zoom_init (self);
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

/**
 * onair_graph_add_threshold:
 * @series: the series whose scale @value is in
 * @value: where the threshold is
 * @label: (nullable): translated, e.g. "Warning 250 ms"
 *
 * Draws a labelled line at @value; a threshold off the scale shown is named at the plot's
 * edge, with an arrow towards it.
 */
void
onair_graph_add_threshold (OnairGraph     *self,
                           guint           series,
                           double          value,
                           OnairGraphBand  kind,
                           const char     *label)
{
  Threshold threshold = { series, value, kind, g_strdup (label) };

  g_return_if_fail (ONAIR_IS_GRAPH (self));

  g_array_append_val (self->thresholds, threshold);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_add_lane:
 * @lane: a lane of the history's timeline, e.g. "stream-1"
 * @label: its translated name, e.g. "Stream 1"
 *
 * A graph with lanes draws the lanes' segments (live, lost, off) instead of series.
 */
void
onair_graph_add_lane (OnairGraph *self,
                      const char *lane,
                      const char *label)
{
  Lane *l;

  g_return_if_fail (ONAIR_IS_GRAPH (self));
  g_return_if_fail (lane != NULL);

  l = g_new0 (Lane, 1);
  l->lane = g_strdup (lane);
  l->label = g_strdup (label != NULL ? label : lane);
  g_ptr_array_add (self->lanes, l);
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
onair_graph_clear_lanes (OnairGraph *self)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  g_ptr_array_set_size (self->lanes, 0);
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
onair_graph_get_n_lanes (OnairGraph *self)
{
  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);
  return self->lanes->len;
}

/**
 * onair_graph_set_view_ms:
 * @from_ms: start of the span shown (Unix ms)
 * @to_ms: its end; not after @from_ms to go back to the span (onair_graph_set_span_ms())
 *
 * Shows a fixed span: a zoom, or "this show".
 */
void
onair_graph_set_view_ms (OnairGraph *self,
                         gint64      from_ms,
                         gint64      to_ms)
{
  g_return_if_fail (ONAIR_IS_GRAPH (self));

  if (self->view_from_ms == from_ms && self->view_to_ms == to_ms)
    return;
  self->view_from_ms = from_ms;
  self->view_to_ms = to_ms;
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * onair_graph_get_range_ms:
 * @from_ms: (out) (optional): start of the span shown now
 * @to_ms: (out) (optional): its end
 */
void
onair_graph_get_range_ms (OnairGraph *self,
                          gint64     *from_ms,
                          gint64     *to_ms)
{
  gint64 from, to;

  g_return_if_fail (ONAIR_IS_GRAPH (self));

  compute_range (self, &from, &to);
  if (from_ms != NULL)
    *from_ms = from;
  if (to_ms != NULL)
    *to_ms = to;
}

static double
plot_width_of (OnairGraph *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) - MARGIN_LEFT - MARGIN_RIGHT;
}

/**
 * onair_graph_time_to_x:
 *
 * Returns: the widget x of @time_ms in the span shown
 */
double
onair_graph_time_to_x (OnairGraph *self,
                       gint64      time_ms)
{
  gint64 from, to;

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), 0);

  compute_range (self, &from, &to);
  return MARGIN_LEFT + (double) (time_ms - from) / MAX (1, to - from) * plot_width_of (self);
}

/**
 * onair_graph_select:
 * @x1: a widget x
 * @x2: another
 *
 * What dragging over the plot does: asks to zoom on the span between @x1 and @x2
 * (#OnairGraph::zoom-requested).
 */
void
onair_graph_select (OnairGraph *self,
                    double      x1,
                    double      x2)
{
  double width = plot_width_of (self);
  gint64 from, to;
  double a, b;

  g_return_if_fail (ONAIR_IS_GRAPH (self));

  if (width < MIN_PLOT_WIDTH)
    return;
  compute_range (self, &from, &to);
  a = CLAMP ((MIN (x1, x2) - MARGIN_LEFT) / width, 0, 1);
  b = CLAMP ((MAX (x1, x2) - MARGIN_LEFT) / width, 0, 1);
  /* Not closer than ten seconds: one poll a second. */
  if ((b - a) * (to - from) < 10 * 1000)
    return;
  onair_graph_emit_zoom (self, from + (gint64) (a * (to - from)), from + (gint64) (b * (to - from)));
}

/**
 * onair_graph_dup_time_labels:
 *
 * Returns: (transfer full): the time axis' labels of the last frame, "21:04", with the date
 *   before the time where it is shown ("Wed 12 Nov 00:00")
 */
char **
onair_graph_dup_time_labels (OnairGraph *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), NULL);

  for (guint i = 0; i < self->time_ticks->len; i++)
    {
      TimeTick *tick = &g_array_index (self->time_ticks, TimeTick, i);
      g_autofree char *text = tick->date != NULL ? g_strdup_printf ("%s %s", tick->date, tick->label)
                                                 : g_strdup (tick->label);

      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/**
 * onair_graph_dup_value_labels:
 *
 * Returns: (transfer full): the value axis' labels of @series in the last frame, bottom up
 */
char **
onair_graph_dup_value_labels (OnairGraph *self,
                              guint       series)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Series *s;

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  s = g_ptr_array_index (self->series, series);
  for (guint i = 0; i < s->ticks.count; i++)
    {
      g_autofree char *label = onair_graph_format_tick (s, s->ticks.first + i * s->ticks.step);

      g_strv_builder_add (builder, label);
    }
  return g_strv_builder_end (builder);
}
