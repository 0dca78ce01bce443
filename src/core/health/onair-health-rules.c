/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "onair-health-monitor-private.h"

/*
 * Rules (codes as in OnairHealthReason.code), all relative and windowed:
 *
 *   vmix-disconnected, vmix-connecting, vmix-no-answer   unknown: nothing to judge
 *   vmix-lost          critical: vMix stopped answering after it had answered
 *   rtt                the slowest 10 % of round trips in the window (never one poll alone)
 *   poll-failures      share of failed polls in the window
 *   stream-lost        critical: vMix reports off a channel Onair did not stop
 *   stream-flapping    warning: a channel changed more than N times in the flap window
 *   recording-stalled  critical: recording, duration unchanged for N s
 *   recording-stopped-outside  critical: vMix stopped the recording, Onair did not ask
 *   fade-to-black      warning: Fade To Black on while a stream or the recording is on
 *   master-muted       critical: master audio muted while a stream or the recording is on
 *   master-silent      master meters below the silence level for N s
 *   ingest-unavailable warning: the ingest statistics cannot be read
 *   ingest-stale       an expected ingest stream without new bytes for N s
 *   ingest-fps         measured frame rate against the nominal (declared) one
 *   ingest-dropped     frames the server counted as lost, share of the window's frames
 *
 * Only numbers that were measured enter a rule: vMix reports no encoder statistics, so
 * frame rate and dropped frames come only from an ingest server that counts them.
 */

/* Bound on the windowed queues whatever the clock does. */
#define MAX_WINDOW_ENTRIES       8192

/* Thresholds */

/**
 * onair_health_thresholds_init:
 *
 * Fills @thresholds with the defaults of DESIGN.md: a 60 s window; RTT 250 / 1000 ms;
 * 10 % / 50 % failed polls; flapping above 3 changes in 5 min; recording stalled after 5 s;
 * silence below −50 dBFS for 5 / 15 s; frame rate below 95 % / 80 % of nominal; dropped
 * frames above 1 % / 5 %; ingest without data for 5 / 10 s; 10 s before a better status.
 */
void
onair_health_thresholds_init (OnairHealthThresholds *thresholds)
{
  g_return_if_fail (thresholds != NULL);

  *thresholds = (OnairHealthThresholds) {
    .window_s = 60,
    .rtt_warning_ms = 250,
    .rtt_critical_ms = 1000,
    .poll_failure_warning = 0.10,
    .poll_failure_critical = 0.50,
    .flap_max_toggles = 3,
    .flap_window_s = 300,
    .recording_stall_s = 5,
    .silence_dbfs = -50.0,
    .silence_warning_s = 5,
    .silence_critical_s = 15,
    .fps_warning_ratio = 0.95,
    .fps_critical_ratio = 0.80,
    .dropped_warning_ratio = 0.01,
    .dropped_critical_ratio = 0.05,
    .ingest_stale_warning_s = 5,
    .ingest_stale_critical_s = 10,
    .recovery_hold_s = 10,
  };
}

/**
 * onair_health_peak_to_dbfs:
 * @peak: linear peak amplitude, 0–1 (vMix's meterF1/meterF2)
 *
 * Returns: 20·log10(@peak), no lower than %ONAIR_HEALTH_DBFS_FLOOR
 */
double
onair_health_peak_to_dbfs (double peak)
{
  double dbfs;

  if (isnan (peak) || peak <= 0.0)
    return ONAIR_HEALTH_DBFS_FLOOR;
  dbfs = 20.0 * log10 (peak);
  return MAX (dbfs, ONAIR_HEALTH_DBFS_FLOOR);
}

/* Windows */

/* Drops the first @drop entries of @array, and more if it still holds more than
 * MAX_WINDOW_ENTRIES. */
static void
drop_oldest (GArray *array,
             guint   drop)
{
  if (array->len - drop > MAX_WINDOW_ENTRIES)
    drop = array->len - MAX_WINDOW_ENTRIES;
  if (drop > 0)
    g_array_remove_range (array, 0, drop);
}

/* Drops the TimedValues older than @oldest_ms. */
void
onair_health_prune_timed (GArray *array,
                          gint64  oldest_ms)
{
  guint drop = 0;

  while (drop < array->len && g_array_index (array, TimedValue, drop).time_ms < oldest_ms)
    drop++;
  drop_oldest (array, drop);
}

static void
prune_frames (GArray *array,
              gint64  oldest_ms)
{
  guint drop = 0;

  /* Keep the last count at or before the window's start: it is the baseline. */
  while (drop + 1 < array->len && g_array_index (array, FrameCount, drop + 1).time_ms <= oldest_ms)
    drop++;
  drop_oldest (array, drop);
}

/* Drops the times (gint64) before @oldest_ms. */
void
onair_health_prune_times (GArray *array,
                          gint64  oldest_ms)
{
  guint drop = 0;

  while (drop < array->len && g_array_index (array, gint64, drop) < oldest_ms)
    drop++;
  drop_oldest (array, drop);
}

void
onair_health_push_timed (GArray *array,
                         gint64  time_ms,
                         double  value)
{
  TimedValue entry = { time_ms, value };

  g_array_append_val (array, entry);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static gint64
window_start (OnairHealthMonitor *self,
              gint64              now_ms)
{
  return now_ms - (gint64) self->thresholds.window_s * 1000;
}

/* The share of failed polls in the window (pruned to it), NaN without polls. */
double
onair_health_monitor_poll_failure_rate (OnairHealthMonitor *self,
                                        gint64              now_ms)
{
  double failed = 0;

  onair_health_prune_timed (self->polls, window_start (self, now_ms));
  if (self->polls->len == 0)
    return NAN;
  for (guint i = 0; i < self->polls->len; i++)
    failed += g_array_index (self->polls, TimedValue, i).value;
  return failed / self->polls->len;
}

/* Rules */

/* How bad @value is against its two limits, the critical one first: beyond a limit (or at it,
 * with @at_limit) is critical or a warning, within both healthy. */
static OnairHealthStatus
severity_of (double   value,
             double   warning,
             double   critical,
             gboolean at_limit)
{
  if (value > critical || (at_limit && value == critical))
    return ONAIR_HEALTH_CRITICAL;
  if (value > warning || (at_limit && value == warning))
    return ONAIR_HEALTH_WARNING;
  return ONAIR_HEALTH_HEALTHY;
}

gboolean
onair_health_monitor_vmix_connected (OnairHealthMonitor *self)
{
  return self->connection == ONAIR_CONNECTION_CONNECTED ||
         self->connection == ONAIR_CONNECTION_DEGRADED;
}

static void
evaluate_connection (OnairHealthMonitor *self,
                     gint64              now_ms,
                     GPtrArray          *reasons)
{
  const OnairHealthThresholds *t = &self->thresholds;
  OnairHealthStatus severity;
  double share;

  switch (self->connection)
    {
    case ONAIR_CONNECTION_DISCONNECTED:
      onair_health_reasons_add (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-disconnected", "vmix",
                                N_("Not connected to vMix"));
      return;
    case ONAIR_CONNECTION_CONNECTING:
      onair_health_reasons_add (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-connecting", "vmix",
                                N_("Connecting to vMix…"));
      return;
    case ONAIR_CONNECTION_LOST:
      if (self->have_state)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_CRITICAL, "vmix-lost", "vmix",
                                  N_("No answer from vMix for %u s"),
                                  (guint) (MAX (now_ms - self->last_state_ms, 0) / 1000));
      else
        onair_health_reasons_add (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-no-answer", "vmix",
                                  N_("vMix does not answer"));
      return;
    case ONAIR_CONNECTION_CONNECTED:
    case ONAIR_CONNECTION_DEGRADED:
    default:
      break;
    }

  /* Round trip: the slowest 10 % of the window's polls, but never the single slowest,
   * so one hiccup does not raise an alert and a sustained slowdown does within seconds. */
  onair_health_prune_timed (self->rtt, window_start (self, now_ms));
  if (self->rtt->len >= 3)
    {
      g_autofree double *sorted = g_new (double, self->rtt->len);
      guint n = self->rtt->len;
      guint rank;
      double value;

      for (guint i = 0; i < n; i++)
        sorted[i] = g_array_index (self->rtt, TimedValue, i).value;
      qsort (sorted, n, sizeof (double), compare_doubles);
      rank = MIN ((guint) ceil (0.9 * n), n - 1);
      value = sorted[rank - 1];

      severity = severity_of (value, t->rtt_warning_ms, t->rtt_critical_ms, FALSE);
      if (severity != ONAIR_HEALTH_HEALTHY)
        onair_health_reasons_add (reasons, severity, "rtt", "vmix",
                                  N_("API round trip %u ms"), (guint) lround (value));
    }

  share = onair_health_monitor_poll_failure_rate (self, now_ms);
  if (self->polls->len >= 3)
    {
      severity = severity_of (share, t->poll_failure_warning, t->poll_failure_critical, FALSE);
      if (severity != ONAIR_HEALTH_HEALTHY)
        onair_health_reasons_add (reasons, severity, "poll-failures", "vmix",
                                  N_("%u %% of vMix polls failed in the last %u s"),
                                  (guint) lround (share * 100), t->window_s);
    }
}

/* A stream or the recording is on: what the audience or the file gets now matters. */
static gboolean
on_air (OnairHealthMonitor *self)
{
  if (self->recording)
    return TRUE;
  for (guint ch = 0; ch < self->stream_count; ch++)
    if (self->channels[ch].live)
      return TRUE;
  return FALSE;
}

static void
evaluate_state (OnairHealthMonitor *self,
                gint64              now_ms,
                GPtrArray          *reasons)
{
  const OnairHealthThresholds *t = &self->thresholds;

  for (guint ch = 0; ch < self->stream_count; ch++)
    {
      Channel *channel = &self->channels[ch];
      g_autofree char *subject = g_strdup_printf ("stream-%u", ch + 1);

      if (channel->lost)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_CRITICAL, "stream-lost", subject,
                                  N_("Stream %u dropped: vMix reports it off"), ch + 1);

      onair_health_prune_times (channel->toggles, now_ms - (gint64) t->flap_window_s * 1000);
      if (channel->toggles->len > t->flap_max_toggles)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_WARNING, "stream-flapping", subject,
                                  N_("Stream %u is unstable: %u changes in %u min"),
                                  ch + 1, channel->toggles->len, MAX (t->flap_window_s / 60, 1));
    }

  if (self->recording_stopped_outside)
    onair_health_reasons_add (reasons, ONAIR_HEALTH_CRITICAL, "recording-stopped-outside",
                              "recording", N_("Recording stopped outside Onair"));

  if (!onair_health_monitor_vmix_connected (self))
    return;

  if (self->have_state && on_air (self))
    {
      if (self->fade_to_black)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_WARNING, "fade-to-black", "output",
                                  N_("Fade To Black is on while on air"));
      if (self->master_muted)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_CRITICAL, "master-muted", "master",
                                  N_("Master audio is muted while on air"));
    }

  if (self->recording)
    {
      gint64 unchanged_ms = self->last_state_ms - self->duration_changed_ms;

      if (unchanged_ms >= (gint64) t->recording_stall_s * 1000)
        onair_health_reasons_add (reasons, ONAIR_HEALTH_CRITICAL, "recording-stalled", "recording",
                                  N_("Recording stalled for %u s"), (guint) (unchanged_ms / 1000));
    }

  if (self->have_master && self->silent_since_ms >= 0)
    {
      gint64 silent_ms = self->last_state_ms - self->silent_since_ms;
      OnairHealthStatus severity = severity_of (silent_ms, (gint64) t->silence_warning_s * 1000,
                                                (gint64) t->silence_critical_s * 1000, TRUE);

      if (severity != ONAIR_HEALTH_HEALTHY)
        onair_health_reasons_add (reasons, severity, "master-silent", "master",
                                  N_("Master silent for %u s"), (guint) (silent_ms / 1000));
    }
}

static char *
format_decimal (double value,
                int    digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", digits);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static void
evaluate_ingest (OnairHealthMonitor *self,
                 Ingest             *ingest,
                 gint64              now_ms,
                 GPtrArray          *reasons)
{
  const OnairHealthThresholds *t = &self->thresholds;
  g_autofree char *subject = g_strdup_printf ("ingest:%s", ingest->id);
  g_autofree char *label = NULL;
  g_autofree char *label_untranslated = NULL;
  gboolean expected;
  OnairHealthStatus severity;
  gint64 start = window_start (self, now_ms);
  gint64 stale_ms;

  if (ingest->channel >= 0)
    {
      guint ch = (guint) ingest->channel;

      expected = self->have_state && onair_health_monitor_vmix_connected (self) &&
                 ch < self->stream_count && self->channels[ch].live;
      label = g_strdup_printf (_("Stream %u"), ch + 1);
      label_untranslated = g_strdup_printf ("Stream %u", ch + 1);
    }
  else
    {
      expected = ingest->armed;
      label = g_strdup (ingest->label);
      label_untranslated = g_strdup (ingest->label);
    }

  if (expected && !ingest->expected)
    ingest->expected_since_ms = now_ms;
  ingest->expected = expected;
  if (!expected)
    return;

  if (ingest->failing)
    {
      onair_health_reasons_take (reasons, ONAIR_HEALTH_WARNING, "ingest-unavailable", subject,
                                 g_strdup_printf (_("%s: ingest statistics unavailable"),
                                                  label),
                                 g_strdup_printf ("%s: ingest statistics unavailable",
                                                  label_untranslated));
      return;
    }

  stale_ms = now_ms - MAX (ingest->expected_since_ms, ingest->last_data_ms);
  severity = severity_of (stale_ms, (gint64) t->ingest_stale_warning_s * 1000,
                          (gint64) t->ingest_stale_critical_s * 1000, TRUE);
  if (severity != ONAIR_HEALTH_HEALTHY)
    {
      onair_health_reasons_take (reasons, severity, "ingest-stale", subject,
                                 g_strdup_printf (_("%s: no data from ingest for %u s"),
                                                  label, (guint) (stale_ms / 1000)),
                                 g_strdup_printf ("%s: no data from ingest for %u s",
                                                  label_untranslated, (guint) (stale_ms / 1000)));
      return;
    }

  /* Frame rate, measured from frame counters, against the nominal or declared rate. */
  onair_health_prune_timed (ingest->fps, start);
  {
    double nominal = !isnan (ingest->nominal_fps) ? ingest->nominal_fps : ingest->meta_fps;

    if (ingest->fps->len >= 2 && !isnan (nominal) && nominal > 0)
      {
        double sum = 0;
        double mean;
        double ratio;

        for (guint i = 0; i < ingest->fps->len; i++)
          sum += g_array_index (ingest->fps, TimedValue, i).value;
        mean = sum / ingest->fps->len;
        ratio = mean / nominal;
        if (ratio < t->fps_warning_ratio)
          {
            g_autofree char *measured = format_decimal (mean, 1);
            g_autofree char *expected_text = format_decimal (nominal, 2);

            severity = ratio < t->fps_critical_ratio ? ONAIR_HEALTH_CRITICAL
                                                     : ONAIR_HEALTH_WARNING;
            onair_health_reasons_take (reasons, severity, "ingest-fps", subject,
                                       g_strdup_printf (_("%s: %s fps, expected %s fps"),
                                                        label, measured, expected_text),
                                       g_strdup_printf ("%s: %s fps, expected %s fps",
                                                        label_untranslated, measured,
                                                        expected_text));
          }
      }
  }

  /* Dropped frames, when the server counts them. */
  prune_frames (ingest->frames, start);
  if (ingest->frames->len >= 2)
    {
      const FrameCount *first = &g_array_index (ingest->frames, FrameCount, 0);
      const FrameCount *last = &g_array_index (ingest->frames, FrameCount,
                                               ingest->frames->len - 1);
      gint64 frames = last->frames - first->frames;
      gint64 dropped = last->dropped - first->dropped;

      if (frames >= 0 && dropped > 0)
        {
          double share = (double) dropped / (double) (frames + dropped);

          if (share > t->dropped_warning_ratio)
            {
              g_autofree char *percent = format_decimal (share * 100, 1);

              severity = share > t->dropped_critical_ratio ? ONAIR_HEALTH_CRITICAL
                                                           : ONAIR_HEALTH_WARNING;
              onair_health_reasons_take (reasons, severity, "ingest-dropped", subject,
                                         g_strdup_printf (_("%s: %s %% of frames dropped in the "
                                                            "last %u s"),
                                                          label, percent, t->window_s),
                                         g_strdup_printf ("%s: %s %% of frames dropped in the "
                                                          "last %u s",
                                                          label_untranslated, percent,
                                                          t->window_s));
            }
        }
    }
}


/**
 * onair_health_monitor_apply_rules:
 * @reasons: where the reasons go, in rule order
 *
 * Applies every rule at @now_ms.
 *
 * Returns: whether anything was measured to judge (a vMix state or ingest statistics)
 */
gboolean
onair_health_monitor_apply_rules (OnairHealthMonitor *self,
                                  gint64              now_ms,
                                  GPtrArray          *reasons)
{
  gboolean have_data = FALSE;

  if (self->vmix_in_use)
    {
      evaluate_connection (self, now_ms, reasons);
      if (self->have_state)
        evaluate_state (self, now_ms, reasons);
      have_data = self->have_state && onair_health_monitor_vmix_connected (self);
    }
  for (guint i = 0; i < self->ingests->len; i++)
    {
      Ingest *ingest = g_ptr_array_index (self->ingests, i);

      evaluate_ingest (self, ingest, now_ms, reasons);
      have_data |= ingest->have_stats && !ingest->failing;
    }

  return have_data;
}
