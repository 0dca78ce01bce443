/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"
#include "onair-graph.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_HEALTH_PAGE (onair_health_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairHealthPage, onair_health_page, ONAIR, HEALTH_PAGE, GtkBox)

OnairHealthPage *onair_health_page_new              (OnairApplication *application);
const char      *onair_health_page_get_status_title (OnairHealthPage  *self);
guint            onair_health_page_get_n_graphs     (OnairHealthPage  *self);
void             onair_health_page_set_span_ms      (OnairHealthPage  *self,
                                                     gint64            span_ms);
void             onair_health_page_set_end_ms       (OnairHealthPage  *self,
                                                     gint64            end_ms);
void             onair_health_page_refresh          (OnairHealthPage  *self);
void             onair_health_page_export_csv_async (OnairHealthPage     *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         onair_health_page_export_csv_finish (OnairHealthPage  *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
gboolean         onair_health_page_export_png       (OnairHealthPage  *self,
                                                     GFile            *file,
                                                     GError          **error);
GBytes          *onair_health_page_render_png       (OnairHealthPage  *self,
                                                     GError          **error);
void             onair_health_page_export_alerts_async  (OnairHealthPage     *self,
                                                         GFile               *file,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean         onair_health_page_export_alerts_finish (OnairHealthPage  *self,
                                                         GAsyncResult     *result,
                                                         GError          **error);

OnairGraph      *onair_health_page_get_timeline     (OnairHealthPage  *self);
OnairGraph      *onair_health_page_get_graph        (OnairHealthPage  *self,
                                                     guint             index);
void             onair_health_page_zoom             (OnairHealthPage  *self,
                                                     gint64            from_ms,
                                                     gint64            to_ms);
void             onair_health_page_zoom_out         (OnairHealthPage  *self);
gboolean         onair_health_page_get_view_ms      (OnairHealthPage  *self,
                                                     gint64           *from_ms,
                                                     gint64           *to_ms);
guint            onair_health_page_get_n_alerts_shown (OnairHealthPage *self);

G_END_DECLS
