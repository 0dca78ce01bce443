/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The graph's insides, shared by its files: the widget, its series and the reduction of their
 * samples to one bucket per pixel column (onair-graph.c), the frame with its axes, grid,
 * legend and bands (onair-graph-axes.c), the series drawn into pixels
 * (onair-graph-series.c), and the hover readout (onair-graph-hover.c). */

#include <pango/pangocairo.h>

#include "onair-graph.h"

G_BEGIN_DECLS

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
                                          int            plot_width);
char   *onair_graph_format_value         (Series        *series,
                                          double         value);

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

/* onair-graph-hover.c */
void    onair_graph_hover_init           (OnairGraph    *self);
void    onair_graph_draw_hover           (OnairGraph    *self,
                                          GtkSnapshot   *snapshot,
                                          PangoLayout   *layout,
                                          const GdkRGBA *fg,
                                          gboolean       dark);

G_END_DECLS
