/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "onair-graph-private.h"

/* The on-air timeline's lanes (one per stream, the recording, each SRT output: live, lost or
 * off over the span) and the alerts as markers on the time axis of every graph. Both come
 * from the history's events, prepared once per change like the buckets. */

void
onair_graph_lane_free (gpointer data)
{
  Lane *lane = data;

  g_free (lane->lane);
  g_free (lane->label);
  g_clear_pointer (&lane->segments, g_array_unref);
  g_free (lane);
}

void
onair_graph_marker_clear (gpointer data)
{
  g_clear_pointer (&((Marker *) data)->text, g_free);
}

static const char *
level_name (int level)
{
  switch (level)
    {
    case ONAIR_HEALTH_CRITICAL:
      return _("Critical");
    case ONAIR_HEALTH_WARNING:
      return _("Warning");
    case ONAIR_HEALTH_HEALTHY:
      return _("Healthy");
    default:
      return _("Unknown");
    }
}

void
onair_graph_prepare_lanes (OnairGraph *self)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      g_clear_pointer (&lane->segments, g_array_unref);
      lane->segments = onair_health_history_get_segments (self->history, lane->lane,
                                                          self->from_ms, self->to_ms,
                                                          self->now_ms);
    }

  g_array_set_size (self->markers, 0);
  for (guint i = onair_health_history_find_event (self->history, self->from_ms);
       i < onair_health_history_get_n_events (self->history);
       i++)
    {
      const OnairHealthEvent *event = onair_health_history_get_event (self->history, i);
      g_auto(GStrv) reasons = NULL;
      Marker marker;

      if (event->time_ms > self->to_ms)
        break;
      if (event->kind != ONAIR_HEALTH_EVENT_ALERT)
        continue;
      reasons = g_strsplit (event->text != NULL ? event->text : "", "\n", 2);
      marker.time_ms = event->time_ms;
      marker.level = event->state;
      marker.text = reasons[0] != NULL && *reasons[0] != '\0'
                      ? g_strdup_printf ("%s: %s", level_name (event->state), reasons[0])
                      : g_strdup (level_name (event->state));
      g_array_append_val (self->markers, marker);
    }
}

static void
lane_color (cairo_t              *cr,
            OnairHealthLaneState  state,
            const GdkRGBA        *fg)
{
  switch (state)
    {
    case ONAIR_HEALTH_LANE_LIVE:
      cairo_set_source_rgb (cr, 0.15, 0.64, 0.41);
      break;
    case ONAIR_HEALTH_LANE_LOST:
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      break;
    case ONAIR_HEALTH_LANE_OFF:
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.25);
      break;
    case ONAIR_HEALTH_LANE_UNKNOWN:
    default:
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.0);
      break;
    }
}

void
onair_graph_draw_lanes (OnairGraph    *self,
                        cairo_t       *cr,
                        PangoLayout   *layout,
                        double         left,
                        double         top,
                        double         width,
                        const GdkRGBA *fg)
{
  PangoFontDescription *small = pango_font_description_from_string ("Sans 8");

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);
      double y = top + 4 + i * LANE_PITCH;
      int w, h;

      /* The lane's name in the left margin, a faint track across the plot. */
      pango_layout_set_font_description (layout, NULL);
      pango_layout_set_text (layout, lane->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.8);
      cairo_move_to (cr, left - 8 - w, y + (LANE_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.05);
      cairo_rectangle (cr, left, y, width, LANE_HEIGHT);
      cairo_fill (cr);

      for (guint s = 0; lane->segments != NULL && s < lane->segments->len; s++)
        {
          OnairHealthSegment *segment = &g_array_index (lane->segments, OnairHealthSegment, s);
          double x1 = left + MAX (0, onair_graph_time_to_plot_x (self, segment->start_ms, width));
          double x2 = left + MIN (width, onair_graph_time_to_plot_x (self, segment->end_ms, width));

          if (segment->state == ONAIR_HEALTH_LANE_UNKNOWN || x2 < x1)
            continue;
          /* At least a pixel: a drop of a second is news on a 24 h timeline. */
          x2 = MAX (x2, x1 + 1);
          lane_color (cr, segment->state, fg);
          if (segment->state == ONAIR_HEALTH_LANE_OFF)
            cairo_rectangle (cr, x1, y + LANE_HEIGHT / 2.0 - 1.5, x2 - x1, 3);
          else
            cairo_rectangle (cr, x1, y, x2 - x1, LANE_HEIGHT);
          cairo_fill (cr);

          /* Where it fits, the destination (or the state) inside the bar. */
          if (segment->state == ONAIR_HEALTH_LANE_LIVE || segment->state == ONAIR_HEALTH_LANE_LOST)
            {
              const char *text = segment->detail;

              if (text == NULL)
                text = segment->state == ONAIR_HEALTH_LANE_LOST ? _("Lost") : NULL;
              if (text == NULL)
                continue;
              pango_layout_set_font_description (layout, small);
              pango_layout_set_text (layout, text, -1);
              pango_layout_get_pixel_size (layout, &w, &h);
              if (w + 8 <= x2 - x1)
                {
                  cairo_set_source_rgb (cr, 1, 1, 1);
                  cairo_move_to (cr, x1 + 4, y + (LANE_HEIGHT - h) / 2.0);
                  pango_cairo_show_layout (cr, layout);
                }
            }
        }
    }
  pango_layout_set_font_description (layout, NULL);
  pango_font_description_free (small);
}

static int
marker_rank (int level)
{
  return level == ONAIR_HEALTH_CRITICAL ? 2 : level == ONAIR_HEALTH_WARNING ? 1 : 0;
}

/* A faint line through the plot at each alert, and a triangle on the time axis, in the
 * alert's colour; where alerts crowd together the worst is drawn on top. */
void
onair_graph_draw_markers (OnairGraph *self,
                          cairo_t    *cr,
                          double      left,
                          double      top,
                          double      width,
                          double      height)
{
  static const double dash[] = { 3, 3 };

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (int rank = 0; rank <= 2; rank++)
    for (guint i = 0; i < self->markers->len; i++)
      {
        Marker *marker = &g_array_index (self->markers, Marker, i);
        double x = floor (left + onair_graph_time_to_plot_x (self, marker->time_ms, width)) + 0.5;

        if (marker_rank (marker->level) != rank || x < left || x > left + width)
          continue;
        onair_graph_set_level_color (cr, marker->level, 0.5);
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        cairo_move_to (cr, x, top);
        cairo_line_to (cr, x, top + height);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        onair_graph_set_level_color (cr, marker->level, 1.0);
        cairo_move_to (cr, x, top + height);
        cairo_line_to (cr, x - 4.5, top + height + 6);
        cairo_line_to (cr, x + 4.5, top + height + 6);
        cairo_close_path (cr);
        cairo_fill (cr);
      }
  cairo_restore (cr);
}

static const char *
state_name (const Lane           *lane,
            OnairHealthLaneState  state)
{
  gboolean stream = g_str_has_prefix (lane->lane, "stream-");
  gboolean recording = g_str_equal (lane->lane, "recording");

  switch (state)
    {
    case ONAIR_HEALTH_LANE_LIVE:
      return stream ? _("Live") : recording ? _("Recording") : _("On");
    case ONAIR_HEALTH_LANE_LOST:
      return stream ? _("Lost: vMix stopped it, Onair did not")
                    : _("Stopped outside Onair");
    case ONAIR_HEALTH_LANE_OFF:
      return _("Off");
    case ONAIR_HEALTH_LANE_UNKNOWN:
    default:
      return _("Not known: Onair was not running or vMix did not answer");
    }
}

static char *
format_instant (gint64 time_ms,
                gint64 reference_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_ms / 1000);
  g_autoptr(GDateTime) reference = g_date_time_new_from_unix_local (reference_ms / 1000);

  if (time == NULL || reference == NULL)
    return g_strdup ("");
  if (g_date_time_get_day_of_year (time) != g_date_time_get_day_of_year (reference) ||
      g_date_time_get_year (time) != g_date_time_get_year (reference))
    /* Translators: a time with its date, see g_date_time_format () */
    return g_date_time_format (time, _("%a %-d %b %H:%M:%S"));
  return g_date_time_format (time, "%H:%M:%S");
}

/**
 * onair_graph_dup_lane_readout:
 * @lane: the lane's index, from the top
 * @x: a widget x coordinate inside the plot
 *
 * Returns: (transfer full) (nullable): the segment under @x: "Stream 1 · Live", its start,
 *   end and duration, its destination
 */
char *
onair_graph_dup_lane_readout (OnairGraph *self,
                              guint       lane,
                              double      x)
{
  double plot_width = gtk_widget_get_width (GTK_WIDGET (self)) - MARGIN_LEFT - MARGIN_RIGHT;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *duration = NULL;
  GString *text;
  Lane *l;
  gint64 time_ms;

  g_return_val_if_fail (ONAIR_IS_GRAPH (self), NULL);

  if (lane >= self->lanes->len || plot_width < MIN_PLOT_WIDTH)
    return NULL;
  onair_graph_prepare (self, (int) plot_width, onair_graph_get_plot_height (self));
  if (x < MARGIN_LEFT || x >= MARGIN_LEFT + plot_width)
    return NULL;
  l = g_ptr_array_index (self->lanes, lane);
  time_ms = self->from_ms + (gint64) ((x - MARGIN_LEFT) / plot_width * (self->to_ms - self->from_ms));

  for (guint s = 0; l->segments != NULL && s < l->segments->len; s++)
    {
      OnairHealthSegment *segment = &g_array_index (l->segments, OnairHealthSegment, s);

      if (time_ms < segment->start_ms || time_ms > segment->end_ms)
        continue;
      text = g_string_new (NULL);
      /* Translators: a lane of the timeline and its state, e.g. "Stream 1 · Live" */
      g_string_append_printf (text, _("%s · %s"), l->label, state_name (l, segment->state));
      start = format_instant (segment->start_ms, segment->end_ms);
      end = segment->end_ms >= self->now_ms && s + 1 == l->segments->len
              ? g_strdup (_("now"))
              : format_instant (segment->end_ms, segment->start_ms);
      duration = onair_graph_format_duration (segment->end_ms - segment->start_ms);
      /* Translators: a segment of the timeline: start – end (duration) */
      g_string_append_printf (text, _("\n%s – %s (%s)"), start, end, duration);
      if (segment->detail != NULL)
        /* Translators: where a stream went */
        g_string_append_printf (text, _("\nDestination: %s"), segment->detail);
      return g_string_free (text, FALSE);
    }
  return NULL;
}
