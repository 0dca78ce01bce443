/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "onair-graph-private.h"

/* Where the axes' labels go: clock times at round steps in local time, with the date where
 * it changes; values at round steps (1, 2, 5 × 10ⁿ, or round durations for seconds), the
 * scale widened to them. */

#define SECOND_MS G_GINT64_CONSTANT (1000)
#define MINUTE_MS (60 * SECOND_MS)
#define HOUR_MS   (60 * MINUTE_MS)
/* Room for a label "21:04:05" and some air. */
#define TIME_LABEL_SPACING 96

void
onair_graph_time_tick_clear (gpointer data)
{
  TimeTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
  g_clear_pointer (&tick->date, g_free);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/**
 * onair_graph_compute_time_ticks:
 * @ticks: (element-type TimeTick): filled
 * @width: the plot's width in pixels
 *
 * Ticks at the roundest step that leaves room for each label, aligned in local time
 * ("21:00", "21:15"); the first tick and the first of each new day carry the date.
 */
void
onair_graph_compute_time_ticks (GArray *ticks,
                                gint64  from_ms,
                                gint64  to_ms,
                                double  width)
{
  static const gint64 steps[] = {
    SECOND_MS, 2 * SECOND_MS, 5 * SECOND_MS, 10 * SECOND_MS, 15 * SECOND_MS, 30 * SECOND_MS,
    MINUTE_MS, 2 * MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS,
    HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, 24 * HOUR_MS,
  };
  gint64 span = to_ms - from_ms;
  gint64 step = steps[G_N_ELEMENTS (steps) - 1];
  double max_ticks = MAX (2, width / TIME_LABEL_SPACING);
  g_autoptr(GDateTime) start = NULL;
  gint64 offset_ms;
  int last_year = 0, last_day = 0;

  g_array_set_size (ticks, 0);
  if (span <= 0 || width <= 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((double) span / steps[i] <= max_ticks)
      {
        step = steps[i];
        break;
      }
  /* Weeks and more: whole days. */
  if ((double) span / step > max_ticks)
    step = (gint64) ceil ((double) span / max_ticks / step) * step;

  /* Round in local time: 21:00 is round where the clock says so. */
  start = g_date_time_new_from_unix_local (floor_div (from_ms, SECOND_MS));
  offset_ms = start != NULL ? g_date_time_get_utc_offset (start) / 1000 : 0;
  for (gint64 t = (floor_div (from_ms + offset_ms - 1, step) + 1) * step - offset_ms;
       t <= to_ms;
       t += step)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (floor_div (t, SECOND_MS));
      TimeTick tick = { t, NULL, NULL };

      if (time == NULL)
        continue;
      tick.label = g_date_time_format (time, step < MINUTE_MS ? "%H:%M:%S" : "%H:%M");
      if (ticks->len == 0 || g_date_time_get_year (time) != last_year ||
          g_date_time_get_day_of_year (time) != last_day)
        /* Translators: a date under the time axis, see g_date_time_format () */
        tick.date = g_date_time_format (time, _("%a %-d %b"));
      last_year = g_date_time_get_year (time);
      last_day = g_date_time_get_day_of_year (time);
      g_array_append_val (ticks, tick);
    }
}

static double
nice_step (double raw)
{
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

/* Steps of a duration in seconds: round seconds, minutes and hours. */
static double
duration_step (double raw)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
                                  7200, 10800, 21600, 43200 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (raw <= steps[i])
      return steps[i];
  return 86400;
}

static gboolean
is_duration (Series *series)
{
  return g_strcmp0 (series->unit, "s") == 0;
}

/**
 * onair_graph_compute_value_ticks:
 * @lo: the lowest value to show
 * @hi: the highest
 * @height: the plot's height, for how many labels fit
 * @widen: whether the scale may widen to round ticks (not for a fixed range)
 *
 * Sets the series' scale and its ticks: a label every 30 pixels or so, at least three.
 */
void
onair_graph_compute_value_ticks (Series   *series,
                                 double    lo,
                                 double    hi,
                                 double    height,
                                 gboolean  widen)
{
  guint intervals = (guint) CLAMP (height / 30, 2, MAX_VALUE_TICKS - 1);
  double raw = (hi - lo) / intervals;
  double step;

  if (!(raw > 0) || !isfinite (raw))
    raw = 1;
  step = is_duration (series) ? duration_step (raw) : nice_step (raw);
  if (widen)
    {
      lo = floor (lo / step + 1e-9) * step;
      hi = ceil (hi / step - 1e-9) * step;
      if (hi <= lo)
        hi = lo + step;
    }
  series->view_min = lo;
  series->view_max = hi;
  series->ticks.step = step;
  series->ticks.first = ceil (lo / step - 1e-9) * step;
  series->ticks.count = (guint) MIN (floor ((hi - series->ticks.first) / step + 1e-9) + 1,
                                     MAX_VALUE_TICKS);
  series->ticks.decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
}

static char *
format_duration_tick (double seconds)
{
  gint64 s = (gint64) llround (seconds);

  if (s == 0)
    return g_strdup ("0");
  if (s % 3600 == 0)
    /* Translators: a value on a duration axis, in hours */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " h"), s / 3600);
  if (s >= 3600)
    /* Translators: a value on a duration axis, hours and minutes */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT), s / 3600,
                            (s % 3600) / 60);
  if (s % 60 == 0)
    /* Translators: a value on a duration axis, in minutes */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " min"), s / 60);
  /* Translators: a value on a duration axis, in seconds */
  return g_strdup_printf (_("%" G_GINT64_FORMAT " s"), s);
}

/**
 * onair_graph_format_tick:
 *
 * Returns: (transfer full): a value axis label: "250 ms", "-40 dBFS", "0.05", "30 min"
 */
char *
onair_graph_format_tick (Series *series,
                         double  value)
{
  if (fabs (value) < series->ticks.step * 1e-6)
    value = 0;   /* no "-0" */
  if (is_duration (series))
    return format_duration_tick (value);
  if (series->unit == NULL || *series->unit == '\0')
    return g_strdup_printf ("%.*f", series->ticks.decimals, value);
  return g_strdup_printf ("%.*f %s", series->ticks.decimals, value, series->unit);
}

/**
 * onair_graph_format_duration:
 *
 * Returns: (transfer full): "1 h 02 min", "25 min 47 s", "12 s"
 */
char *
onair_graph_format_duration (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    /* Translators: a duration, hours and minutes */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " h %02" G_GINT64_FORMAT " min"), s / 3600,
                            (s % 3600) / 60);
  if (s >= 60)
    /* Translators: a duration, minutes and seconds */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " min %02" G_GINT64_FORMAT " s"), s / 60,
                            s % 60);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%" G_GINT64_FORMAT " s"), s);
}
