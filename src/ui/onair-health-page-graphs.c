/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-health-page-private.h"

/* The Health page's timeline and graphs: a lane per stream, the recording and each SRT
 * output as the history has them; round trip, master audio and recording duration with the
 * monitor's thresholds drawn and labelled; a graph per ingest server that reports
 * statistics. */

static void
set_color (GdkRGBA    *color,
           const char *spec)
{
  gdk_rgba_parse (color, spec);
}

static OnairGraph *
add_graph (OnairHealthPage *self,
           const char      *title)
{
  GtkWidget *graph = onair_graph_new (self->history, title);

  gtk_widget_add_css_class (graph, "card");
  onair_graph_set_end_ms (ONAIR_GRAPH (graph), self->end_ms);
  onair_graph_set_view_ms (ONAIR_GRAPH (graph), self->view_from_ms, self->view_to_ms);
  g_signal_connect_object (graph, "zoom-requested", G_CALLBACK (onair_health_page_zoom), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->graphs_box, graph);
  g_ptr_array_add (self->graphs, graph);
  return ONAIR_GRAPH (graph);
}

static char *
lane_label (const char *lane)
{
  if (g_str_has_prefix (lane, "stream-"))
    /* Translators: a lane of the on-air timeline, %s is the stream's number */
    return g_strdup_printf (_("Stream %s"), lane + strlen ("stream-"));
  if (g_str_equal (lane, "recording"))
    return g_strdup (_("Recording"));
  if (g_str_has_prefix (lane, "srt-"))
    /* Translators: a lane of the on-air timeline, %s is the output's number */
    return g_strdup_printf (_("SRT %s"), lane + strlen ("srt-"));
  return g_strdup (lane);
}

/* A lane per stream, the recording and each SRT output, as they appear in the history. */
void
onair_health_page_update_lanes (OnairHealthPage *self)
{
  g_auto(GStrv) lanes = onair_health_history_list_lanes (self->history);

  if (self->lanes != NULL && g_strv_equal ((const char * const *) lanes,
                                           (const char * const *) self->lanes))
    return;
  onair_graph_clear_lanes (self->timeline);
  for (guint i = 0; lanes[i] != NULL; i++)
    {
      g_autofree char *label = lane_label (lanes[i]);

      onair_graph_add_lane (self->timeline, lanes[i], label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), lanes[0] != NULL);
  g_strfreev (self->lanes);
  self->lanes = g_steal_pointer (&lanes);
}

void
onair_health_page_build_graphs (OnairHealthPage *self)
{
  OnairHealthThresholds thresholds;
  OnairGraph *graph;
  g_autofree char *warning = NULL;
  g_autofree char *critical = NULL;
  g_autofree char *silence = NULL;
  GdkRGBA color;
  guint series;

  onair_health_monitor_get_thresholds (self->monitor, &thresholds);

  self->timeline = add_graph (self, _("On air"));
  g_clear_pointer (&self->lanes, g_strfreev);
  onair_health_page_update_lanes (self);

  graph = add_graph (self, _("API round trip"));
  gtk_widget_set_size_request (GTK_WIDGET (graph), -1, 190);
  set_color (&color, "#3584e4");
  series = onair_graph_add_series (graph, ONAIR_HEALTH_METRIC_RTT_MS, _("Round trip"), _("ms"),
                                   &color);
  onair_graph_add_band (graph, series, thresholds.rtt_warning_ms, thresholds.rtt_critical_ms,
                        ONAIR_GRAPH_BAND_WARNING);
  onair_graph_add_band (graph, series, thresholds.rtt_critical_ms, 1e9, ONAIR_GRAPH_BAND_CRITICAL);
  /* Translators: a threshold line on the round-trip graph */
  warning = g_strdup_printf (_("Warning %u ms"), thresholds.rtt_warning_ms);
  /* Translators: a threshold line on the round-trip graph */
  critical = g_strdup_printf (_("Critical %u ms"), thresholds.rtt_critical_ms);
  onair_graph_add_threshold (graph, series, thresholds.rtt_warning_ms, ONAIR_GRAPH_BAND_WARNING,
                             warning);
  onair_graph_add_threshold (graph, series, thresholds.rtt_critical_ms, ONAIR_GRAPH_BAND_CRITICAL,
                             critical);

  graph = add_graph (self, _("Master audio level"));
  gtk_widget_set_size_request (GTK_WIDGET (graph), -1, 190);
  set_color (&color, "#2ec27e");
  series = onair_graph_add_series (graph, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT, _("Left"),
                                   _("dBFS"), &color);
  onair_graph_set_series_range (graph, series, -60, 0);
  onair_graph_add_band (graph, series, -100, thresholds.silence_dbfs, ONAIR_GRAPH_BAND_WARNING);
  /* Translators: a threshold line on the audio graph, %g is a level in dBFS */
  silence = g_strdup_printf (_("Silence below %g dBFS"), thresholds.silence_dbfs);
  onair_graph_add_threshold (graph, series, thresholds.silence_dbfs, ONAIR_GRAPH_BAND_WARNING,
                             silence);
  set_color (&color, "#26a269");
  series = onair_graph_add_series (graph, ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT, _("Right"),
                                   _("dBFS"), &color);
  onair_graph_set_series_range (graph, series, -60, 0);

  graph = add_graph (self, _("Recording duration"));
  gtk_widget_set_size_request (GTK_WIDGET (graph), -1, 170);
  set_color (&color, "#e01b24");
  onair_graph_add_series (graph, ONAIR_HEALTH_METRIC_RECORDING_DURATION_S, _("Duration"), "s",
                          &color);
}

/* Ingest statistics appear when a destination's server reports them. */
void
onair_health_page_check_ingest_metrics (OnairHealthPage *self)
{
  g_auto(GStrv) metrics = onair_health_history_list_metrics (self->history);
  g_autofree char *suffix = g_strconcat ("_", ONAIR_HEALTH_INGEST_BITRATE_KBPS, NULL);

  for (guint i = 0; metrics != NULL && metrics[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *fps_metric = NULL;
      g_autofree char *title = NULL;
      OnairGraph *graph;
      GdkRGBA color;
      gsize prefix_len = strlen ("ingest_");

      if (!g_str_has_prefix (metrics[i], "ingest_") || !g_str_has_suffix (metrics[i], suffix))
        continue;
      id = g_strndup (metrics[i] + prefix_len, strlen (metrics[i]) - prefix_len - strlen (suffix));
      if (g_hash_table_contains (self->ingest_graphs, id))
        continue;

      /* Translators: the graph of one ingest server's statistics */
      title = g_strdup_printf (_("Ingest %s"), id);
      graph = add_graph (self, title);
      gtk_widget_set_size_request (GTK_WIDGET (graph), -1, 190);
      set_color (&color, "#9141ac");
      onair_graph_add_series (graph, metrics[i], _("Bitrate"), _("kb/s"), &color);
      fps_metric = onair_health_metric_ingest (id, ONAIR_HEALTH_INGEST_FPS);
      set_color (&color, "#e66100");
      onair_graph_add_series (graph, fps_metric, _("Frame rate"), _("fps"), &color);
      g_hash_table_insert (self->ingest_graphs, g_steal_pointer (&id), graph);
    }
}

