/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/vmix/onair-poller.h"
#include "onair-health-history-private.h"

/* What each metric is, for files: its unit, how to write its values (a number as vMix or
 * the ingest server gave it, a number Onair derived to a stated precision, a state as a
 * word), and which lane of the timeline it belongs to. */

static gboolean
parse_numbered (const char *metric,
                const char *prefix,
                const char *suffix,
                guint      *number)
{
  gsize prefix_len = strlen (prefix);
  gsize suffix_len = strlen (suffix);
  gsize len = strlen (metric);
  char *end = NULL;

  if (len <= prefix_len + suffix_len || !g_str_has_prefix (metric, prefix) ||
      !g_str_has_suffix (metric, suffix))
    return FALSE;
  *number = (guint) g_ascii_strtoull (metric + prefix_len, &end, 10);
  return end == metric + len - suffix_len && *number > 0;
}

static void
set_info (OnairHealthMetricInfo *info,
          OnairHealthMetricKind  kind,
          const char            *unit,
          int                    decimals)
{
  info->kind = kind;
  info->unit = unit;
  info->decimals = decimals;
  info->lane = NULL;
}

/**
 * onair_health_metric_get_info:
 * @metric: a metric's id
 * @info: (out caller-allocates): what it is; @info->lane is an interned string
 *
 * Returns: whether Onair knows the metric (an unknown one is described as a number without
 *   unit, written as given)
 */
gboolean
onair_health_metric_get_info (const char            *metric,
                              OnairHealthMetricInfo *info)
{
  static const struct {
    const char            *suffix;
    const char            *unit;
    int                    decimals;
  } ingest[] = {
    { "_" ONAIR_HEALTH_INGEST_BITRATE_KBPS, "kb/s", 1 },
    { "_" ONAIR_HEALTH_INGEST_BW_IN_KBPS, "kb/s", -1 },
    { "_" ONAIR_HEALTH_INGEST_BYTES_IN, "bytes", -1 },
    { "_" ONAIR_HEALTH_INGEST_META_FPS, "fps", -1 },
    { "_" ONAIR_HEALTH_INGEST_FPS, "fps", 2 },
    { "_" ONAIR_HEALTH_INGEST_DROPPED_RATIO, "ratio", 4 },
  };
  guint number;

  g_return_val_if_fail (info != NULL, FALSE);

  set_info (info, ONAIR_HEALTH_METRIC_NUMBER, NULL, -1);
  if (metric == NULL)
    return FALSE;

  if (g_str_equal (metric, ONAIR_HEALTH_METRIC_CONNECTION_STATE))
    set_info (info, ONAIR_HEALTH_METRIC_STATE, NULL, -1);
  else if (g_str_equal (metric, ONAIR_HEALTH_METRIC_RTT_MS))
    set_info (info, ONAIR_HEALTH_METRIC_NUMBER, "ms", 3);   /* from µs */
  else if (g_str_equal (metric, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE))
    set_info (info, ONAIR_HEALTH_METRIC_NUMBER, "ratio", 4);
  else if (g_str_equal (metric, ONAIR_HEALTH_METRIC_RECORDING))
    {
      set_info (info, ONAIR_HEALTH_METRIC_STATE, NULL, -1);
      info->lane = "recording";
    }
  else if (g_str_equal (metric, ONAIR_HEALTH_METRIC_RECORDING_DURATION_S))
    set_info (info, ONAIR_HEALTH_METRIC_NUMBER, "s", -1);
  else if (g_str_equal (metric, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT) ||
           g_str_equal (metric, ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT))
    set_info (info, ONAIR_HEALTH_METRIC_NUMBER, "dBFS", 2);   /* from vMix's linear peak */
  else if (parse_numbered (metric, "stream_", "_live", &number))
    {
      g_autofree char *lane = g_strdup_printf ("stream-%u", number);

      set_info (info, ONAIR_HEALTH_METRIC_STATE, NULL, -1);
      info->lane = g_intern_string (lane);
    }
  else if (parse_numbered (metric, "srt_", "_on", &number))
    {
      g_autofree char *lane = g_strdup_printf ("srt-%u", number);

      set_info (info, ONAIR_HEALTH_METRIC_STATE, NULL, -1);
      info->lane = g_intern_string (lane);
    }
  else if (g_str_has_prefix (metric, "ingest_"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (ingest); i++)
        if (g_str_has_suffix (metric, ingest[i].suffix))
          {
            set_info (info, ONAIR_HEALTH_METRIC_NUMBER, ingest[i].unit, ingest[i].decimals);
            return TRUE;
          }
      return FALSE;
    }
  else
    return FALSE;
  return TRUE;
}

/**
 * onair_health_lane_state_to_string:
 *
 * Returns: "unknown", "off", "live" or "lost", not translated
 */
const char *
onair_health_lane_state_to_string (OnairHealthLaneState state)
{
  switch (state)
    {
    case ONAIR_HEALTH_LANE_OFF:
      return "off";
    case ONAIR_HEALTH_LANE_LIVE:
      return "live";
    case ONAIR_HEALTH_LANE_LOST:
      return "lost";
    case ONAIR_HEALTH_LANE_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * onair_health_metric_format_value:
 * @metric: the metric's id
 * @value: a sample's value, NaN when unknown
 * @lane_state: the state of the metric's lane at the sample's time, for a stream or the
 *   recording off because it was lost
 *
 * Returns: (transfer full): the value as a file holds it: a state as a word ("live", "off",
 *   "lost" for a stream; "on", "off", "lost" for the recording and SRT outputs; the
 *   connection's state), a number with '.' whatever the locale, as given or to its stated
 *   precision, "" for an unknown number
 */
char *
onair_health_metric_format_value (const char           *metric,
                                  double                value,
                                  OnairHealthLaneState  lane_state)
{
  OnairHealthMetricInfo info;

  onair_health_metric_get_info (metric, &info);
  if (info.kind == ONAIR_HEALTH_METRIC_NUMBER)
    return info.decimals >= 0 ? onair_health_format_decimals (value, info.decimals)
                              : onair_health_format_double (value);

  if (isnan (value))
    return g_strdup ("unknown");
  if (info.lane == NULL)
    {
      if (value >= 0 && value <= ONAIR_CONNECTION_LOST && value == floor (value))
        return g_strdup (onair_connection_state_to_string ((OnairConnectionState) value));
      return onair_health_format_double (value);
    }
  if (value != 0)
    return g_strdup (g_str_has_prefix (info.lane, "stream-") ? "live" : "on");
  return g_strdup (lane_state == ONAIR_HEALTH_LANE_LOST ? "lost" : "off");
}

/**
 * onair_health_format_double:
 *
 * Returns: (transfer full): the shortest text that reads back as @value (vMix's "59.96953"
 *   stays "59.96953"), with '.' as the decimal separator whatever the locale; "" for NaN
 */
char *
onair_health_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("");
  if (value == 0)
    return g_strdup ("0");   /* no "-0" */
  if (!isfinite (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  /* Whole numbers in full ("3600", not "3.6e+03"). */
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_ascii_formatd (buffer, sizeof buffer, "%.0f", value);
      return g_strdup (buffer);
    }
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

/**
 * onair_health_format_decimals:
 * @decimals: digits after the point, at most
 *
 * Returns: (transfer full): @value rounded to @decimals digits, without trailing zeros
 *   ("-47.96", "12.5", "3"), '.' whatever the locale; "" for NaN
 */
char *
onair_health_format_decimals (double value,
                              int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[8];
  char *end;

  if (isnan (value))
    return g_strdup ("");
  if (!isfinite (value) || fabs (value) >= 1e15)
    return onair_health_format_double (value);
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  if (strchr (buffer, '.') != NULL)
    {
      end = buffer + strlen (buffer);
      while (end > buffer && end[-1] == '0')
        *--end = '\0';
      if (end > buffer && end[-1] == '.')
        *--end = '\0';
    }
  if (g_str_equal (buffer, "-0"))
    return g_strdup ("0");
  return g_strdup (buffer);
}

/**
 * onair_health_format_local_timestamp_ms:
 * @unix_ms: Unix time in milliseconds
 *
 * Returns: (transfer full): ISO 8601 in local time with milliseconds and the offset from UTC,
 *   e.g. "2025-11-12T11:30:00.000+01:00"
 */
char *
onair_health_format_local_timestamp_ms (gint64 unix_ms)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *offset = NULL;
  gint64 whole = unix_ms / 1000;
  int millis = (int) (unix_ms % 1000);

  if (millis < 0)
    {
      millis += 1000;
      whole -= 1;
    }
  time = g_date_time_new_from_unix_local (whole);
  if (time == NULL)
    return g_strdup ("");
  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  offset = g_date_time_format (time, "%:z");
  return g_strdup_printf ("%s.%03d%s", seconds, millis, offset);
}
