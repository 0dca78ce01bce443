/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The graph's insides, shared by its files: the widget, its series and the reduction of their
 * samples to one bucket per pixel column (onair-graph.c), the frame with its axes, grid,
 * legend, bands and thresholds (onair-graph-axes.c), the ticks of its time and value axes
 * (onair-graph-ticks.c), the series drawn into pixels (onair-graph-series.c), the lanes of
 * the on-air timeline and the alert markers (onair-graph-lanes.c), the hover readout
 * (onair-graph-hover.c), and zooming by dragging (onair-graph-zoom.c).
 *
 * Every graph of a page has the same margins, so that one instant has the same x in the
 * timeline and in each graph under it. */

#include <pango/pangocairo.h>

#include "core/health/onair-health-monitor.h"
#include "onair-graph.h"

G_BEGIN_DECLS

#define MARGIN_LEFT    84
#define MARGIN_RIGHT   64
#define MARGIN_TOP     26
#define MARGIN_BOTTOM  36   /* the time, and under it the date where it changes */
#define MIN_PLOT_WIDTH 16
#define LANE_PITCH     22
#define LANE_HEIGHT    16
#define MAX_VALUE_TICKS 8

typedef struct
{
  guint   count;      /* ticks */
  double  first;
  double  step;
  int     decimals;
} ValueTicks;

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
  ValueTicks ticks;
} Series;

typedef struct
{
  guint          series;
  double         from;
  double         to;
  OnairGraphBand kind;
} Band;

typedef struct
{
  guint          series;
  double         value;
  OnairGraphBand kind;
  char          *label;
} Threshold;

typedef struct
{
  char   *lane;
  char   *label;
  GArray *segments;   /* OnairHealthSegment of the span drawn */
} Lane;

typedef struct
{
  gint64  time_ms;
  int     level;      /* OnairHealthStatus */
  char   *text;       /* "Critical: Stream 1 dropped" */
} Marker;

typedef struct
{
  gint64  time_ms;
  char   *label;      /* "21:04" */
  char   *date;       /* (nullable) "Wed 12 Nov", where the date changes */
} TimeTick;


struct _OnairGraph
{
  GtkWidget           parent_instance;

  OnairHealthHistory *history;
  char               *title;
  GPtrArray          *series;      /* Series* */
  GArray             *bands;       /* Band */
  GArray             *thresholds;  /* Threshold */
  GPtrArray          *lanes;       /* Lane* */
  gint64              span_ms;     /* 0: the whole show */
  gint64              fixed_end_ms;
  gint64              view_from_ms; /* a fixed view when view_to_ms > view_from_ms */
  gint64              view_to_ms;
  gboolean            every_point;

  /* What the buckets, segments, markers and ticks were prepared for. */
  gboolean            dirty;
  int                 cached_width;
  int                 cached_height;
  gint64              from_ms;
  gint64              to_ms;
  gint64              now_ms;
  guint               n_reductions;
  GArray             *markers;     /* Marker */
  GArray             *time_ticks;  /* TimeTick */

  double              hover_x;     /* widget coordinates, < 0 when not hovering */
  double              hover_y;
  guint               tick_id;

  gboolean            selecting;   /* dragging to zoom */
  double              select_from_x;
  double              select_to_x;

  /* The series, drawn into pixels once per reduction and reused by every frame after. */
  cairo_surface_t    *plot;
  gboolean            plot_dirty;
  guint32            *columns;     /* the plot's pixels column by column, while drawing */
  gsize               n_columns_pixels;
};

/* Inline: the series' drawing calls it for every pixel column. */
static inline double
onair_graph_value_to_y (Series *series,
                        double  value,
                        double  top,
                        double  height)
{
  double t = (value - series->view_min) / (series->view_max - series->view_min);

  return top + height - CLAMP (t, 0.0, 1.0) * height;
}

/* onair-graph.c */
void    onair_graph_prepare              (OnairGraph    *self,
                                          int            plot_width,
                                          int            plot_height);
char   *onair_graph_format_value         (Series        *series,
                                          double         value);
int     onair_graph_get_plot_height      (OnairGraph    *self);
double  onair_graph_time_to_plot_x       (OnairGraph    *self,
                                          gint64         time_ms,
                                          double         plot_width);
void    onair_graph_set_level_color      (cairo_t       *cr,
                                          int            level,
                                          double         alpha);

/* onair-graph-ticks.c */
void    onair_graph_compute_time_ticks   (GArray        *ticks,
                                          gint64         from_ms,
                                          gint64         to_ms,
                                          double         width);
void    onair_graph_time_tick_clear      (gpointer       data);
void    onair_graph_compute_value_ticks  (Series        *series,
                                          double         lo,
                                          double         hi,
                                          double         height,
                                          gboolean       widen);
char   *onair_graph_format_tick          (Series        *series,
                                          double         value);
char   *onair_graph_format_duration      (gint64         ms);

/* onair-graph-axes.c */
void    onair_graph_snapshot             (GtkWidget     *widget,
                                          GtkSnapshot   *snapshot);

/* onair-graph-series.c */
void    onair_graph_draw_every_point     (OnairGraph    *self,
                                          cairo_t       *cr,
                                          double         left,
                                          double         top,
                                          double         width,
                                          double         height);
void    onair_graph_update_plot          (OnairGraph    *self,
                                          int            width,
                                          int            height);

/* onair-graph-lanes.c */
void    onair_graph_prepare_lanes        (OnairGraph    *self);
void    onair_graph_draw_lanes           (OnairGraph    *self,
                                          cairo_t       *cr,
                                          PangoLayout   *layout,
                                          double         left,
                                          double         top,
                                          double         width,
                                          const GdkRGBA *fg);
void    onair_graph_draw_markers         (OnairGraph    *self,
                                          cairo_t       *cr,
                                          double         left,
                                          double         top,
                                          double         width,
                                          double         height);
void    onair_graph_lane_free            (gpointer       data);
void    onair_graph_marker_clear         (gpointer       data);

/* onair-graph-zoom.c */
void    onair_graph_zoom_init            (OnairGraph    *self);
void    onair_graph_draw_selection       (OnairGraph    *self,
                                          cairo_t       *cr,
                                          double         top,
                                          double         height);
void    onair_graph_emit_zoom            (OnairGraph    *self,
                                          gint64         from_ms,
                                          gint64         to_ms);

/* onair-graph-hover.c */
void    onair_graph_hover_init           (OnairGraph    *self);
void    onair_graph_draw_hover           (OnairGraph    *self,
                                          GtkSnapshot   *snapshot,
                                          PangoLayout   *layout,
                                          const GdkRGBA *fg,
                                          gboolean       dark);

G_END_DECLS
