/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/health/onair-health-history.h"

G_BEGIN_DECLS

typedef enum
{
  ONAIR_GRAPH_BAND_WARNING,
  ONAIR_GRAPH_BAND_CRITICAL,
} OnairGraphBand;

#define ONAIR_TYPE_GRAPH (onair_graph_get_type ())
G_DECLARE_FINAL_TYPE (OnairGraph, onair_graph, ONAIR, GRAPH, GtkWidget)

GtkWidget *onair_graph_new                  (OnairHealthHistory *history,
                                             const char         *title);
guint      onair_graph_add_series           (OnairGraph         *self,
                                             const char         *metric,
                                             const char         *label,
                                             const char         *unit,
                                             const GdkRGBA      *color);
void       onair_graph_set_series_range     (OnairGraph         *self,
                                             guint               series,
                                             double              min,
                                             double              max);
void       onair_graph_add_band             (OnairGraph         *self,
                                             guint               series,
                                             double              from,
                                             double              to,
                                             OnairGraphBand      kind);
void       onair_graph_set_span_ms          (OnairGraph         *self,
                                             gint64              span_ms);
gint64     onair_graph_get_span_ms          (OnairGraph         *self);
void       onair_graph_set_end_ms           (OnairGraph         *self,
                                             gint64              end_ms);
void       onair_graph_samples_changed      (OnairGraph         *self);
void       onair_graph_set_draw_every_point (OnairGraph         *self,
                                             gboolean            every_point);
guint      onair_graph_get_n_reductions     (OnairGraph         *self);
char      *onair_graph_dup_readout          (OnairGraph         *self,
                                             double              x);

void       onair_graph_add_threshold        (OnairGraph         *self,
                                             guint               series,
                                             double              value,
                                             OnairGraphBand      kind,
                                             const char         *label);
void       onair_graph_add_lane             (OnairGraph         *self,
                                             const char         *lane,
                                             const char         *label);
void       onair_graph_clear_lanes          (OnairGraph         *self);
guint      onair_graph_get_n_lanes          (OnairGraph         *self);
char      *onair_graph_dup_lane_readout     (OnairGraph         *self,
                                             guint               lane,
                                             double              x);
double     onair_graph_get_lane_y           (OnairGraph         *self,
                                             guint               lane);
void       onair_graph_hover_at             (OnairGraph         *self,
                                             double              x,
                                             double              y);

void       onair_graph_set_view_ms          (OnairGraph         *self,
                                             gint64              from_ms,
                                             gint64              to_ms);
void       onair_graph_get_range_ms         (OnairGraph         *self,
                                             gint64             *from_ms,
                                             gint64             *to_ms);
double     onair_graph_time_to_x            (OnairGraph         *self,
                                             gint64              time_ms);
void       onair_graph_select               (OnairGraph         *self,
                                             double              x1,
                                             double              x2);
char     **onair_graph_dup_time_labels      (OnairGraph         *self);
char     **onair_graph_dup_value_labels     (OnairGraph         *self,
                                             guint               series);

G_END_DECLS
