/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-graph.h"
#include "onair-health-page.h"

G_BEGIN_DECLS

/* The Health page's insides, shared by its files: the page, its status and range
 * (onair-health-page.c), its timeline and graphs (onair-health-page-graphs.c), its alert
 * list (onair-health-page-alerts.c), and its exports (onair-health-page-export.c). */

typedef enum
{
  RANGE_LAST_5_MIN,
  RANGE_LAST_HOUR,
  RANGE_LAST_6_HOURS,
  RANGE_LAST_24_HOURS,
  RANGE_THIS_SHOW,
} Range;

struct _OnairHealthPage
{
  GtkBox              parent_instance;

  OnairApplication   *application;
  OnairHealthMonitor *monitor;
  OnairHealthHistory *history;
  OnairPoller        *poller;
  GCancellable       *cancellable;
  OnairGraph         *timeline;        /* borrowed from graphs_box */
  GPtrArray          *graphs;          /* OnairGraph*, the timeline first, borrowed */
  GHashTable         *ingest_graphs;   /* ingest id -> OnairGraph* */
  char              **lanes;           /* the timeline's lanes */
  Range               range;
  gint64              span_ms;         /* a custom span, when not one of the ranges' */
  gint64              end_ms;          /* fixed end (a test clock), 0 to follow the clock */
  gint64              zoom_from_ms;    /* zoomed in, when zoom_to_ms > zoom_from_ms */
  gint64              zoom_to_ms;
  gint64              view_from_ms;    /* the span shown */
  gint64              view_to_ms;
  gboolean            show_found;      /* "this show" found a show in the history */
  guint               refresh_id;
  guint               rebuild_id;
  guint               ingest_check_id;
  guint               alerts_first;    /* the events the alert list shows */
  guint               alerts_end;
  guint               alerts_n_events;

  GtkWidget          *status_box;
  GtkImage           *status_icon;
  GtkLabel           *status_title;
  GtkLabel           *reasons_label;
  GtkDropDown        *span_dropdown;
  GtkLabel           *range_label;
  GtkWidget          *zoom_out_button;
  GtkBox             *graphs_box;
  GtkListBox         *alerts_list;
};

/* onair-health-page.c */
void     onair_health_page_toast          (OnairHealthPage *self,
                                           const char      *text);
char    *onair_health_page_dup_host_title (OnairHealthPage *self);
char    *onair_health_page_format_span    (gint64           from_ms,
                                           gint64           to_ms);

/* onair-health-page-graphs.c */
void     onair_health_page_build_graphs         (OnairHealthPage *self);
void     onair_health_page_update_lanes         (OnairHealthPage *self);
void     onair_health_page_check_ingest_metrics (OnairHealthPage *self);

/* onair-health-page-alerts.c */
void     onair_health_page_update_alerts  (OnairHealthPage *self,
                                           gboolean         force);

/* onair-health-page-export.c */
void     onair_health_page_choose_export  (OnairHealthPage *self,
                                           const char      *kind);

G_END_DECLS
