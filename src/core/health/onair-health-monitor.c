/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-health-monitor.h"

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
 *   master-silent      master meters below the silence level for N s
 *   ingest-unavailable warning: the ingest statistics cannot be read
 *   ingest-stale       an expected ingest stream without new bytes for N s
 *   ingest-fps         measured frame rate against the nominal (declared) one
 *   ingest-dropped     frames the server counted as lost, share of the window's frames
 *
 * Only numbers that were measured enter a rule: vMix reports no encoder statistics, so
 * frame rate and dropped frames come only from an ingest server that counts them.
 */

#define DEFAULT_TICK_INTERVAL_MS 1000
/* Bound on the windowed queues whatever the clock does. */
#define MAX_WINDOW_ENTRIES       8192

typedef struct
{
  gint64 time_ms;
  double value;
} TimedValue;

typedef struct
{
  gint64 time_ms;
  gint64 frames;
  gint64 dropped;
} FrameCount;

typedef struct
{
  gboolean  known;
  gboolean  live;
  gint64    since_ms;
  GArray   *toggles;     /* gint64 times */
  gboolean  lost;
} Channel;

typedef struct
{
  OnairHealthMonitor *monitor;
  char               *id;
  char               *label;
  int                 channel;
  double              nominal_fps;
  OnairIngestSource  *source;
  gulong              updated_handler;
  gulong              failed_handler;
  gboolean            armed;          /* seen publishing, for ingests without a channel */
  gboolean            expected;
  gint64              expected_since_ms;
  gboolean            have_stats;
  gboolean            failing;
  gint64              last_data_ms;
  gint64              last_bytes;
  double              meta_fps;
  GArray             *fps;            /* TimedValue */
  GArray             *frames;         /* FrameCount */
} Ingest;

struct _OnairHealthMonitor
{
  GObject                parent_instance;

  OnairHealthHistory    *history;
  OnairHealthClockFunc   clock;
  gpointer               clock_data;
  GDestroyNotify         clock_destroy;
  OnairHealthThresholds  thresholds;
  guint                  tick_interval_ms;
  guint                  tick_id;

  OnairPoller           *poller;
  gulong                 state_handler;
  gulong                 failed_handler;
  gulong                 connection_handler;
  OnairController       *controller;
  gulong                 lost_handler;
  gulong                 channel_handler;

  gboolean               vmix_in_use;
  OnairConnectionState   connection;
  gboolean               have_state;
  gint64                 last_state_ms;
  GArray                *rtt;          /* TimedValue, ms, successful polls */
  GArray                *polls;        /* TimedValue, 1 failed, 0 succeeded */

  guint                  stream_count;
  Channel                channels[ONAIR_VMIX_MAX_STREAMS];

  gboolean               recording;
  gint64                 recording_duration;
  gint64                 duration_changed_ms;

  gboolean               have_master;
  gint64                 silent_since_ms;

  GPtrArray             *ingests;      /* Ingest* */

  OnairHealthStatus      status;
  GPtrArray             *reasons;      /* OnairHealthReason* */
  gint64                 better_since_ms;
};

G_DEFINE_FINAL_TYPE (OnairHealthMonitor, onair_health_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_REASONS,
  N_PROPS
};

enum {
  STATUS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Status and reasons */

GType
onair_health_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ONAIR_HEALTH_UNKNOWN, "ONAIR_HEALTH_UNKNOWN", "unknown" },
        { ONAIR_HEALTH_HEALTHY, "ONAIR_HEALTH_HEALTHY", "healthy" },
        { ONAIR_HEALTH_WARNING, "ONAIR_HEALTH_WARNING", "warning" },
        { ONAIR_HEALTH_CRITICAL, "ONAIR_HEALTH_CRITICAL", "critical" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static ("OnairHealthStatus", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/**
 * onair_health_status_to_string:
 *
 * Returns: "unknown", "healthy", "warning" or "critical", not translated
 */
const char *
onair_health_status_to_string (OnairHealthStatus status)
{
  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      return "healthy";
    case ONAIR_HEALTH_WARNING:
      return "warning";
    case ONAIR_HEALTH_CRITICAL:
      return "critical";
    case ONAIR_HEALTH_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Healthy < unknown < warning < critical: an unknown part makes a healthy whole unknown. */
static int
status_rank (OnairHealthStatus status)
{
  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      return 0;
    case ONAIR_HEALTH_WARNING:
      return 2;
    case ONAIR_HEALTH_CRITICAL:
      return 3;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      return 1;
    }
}

static gboolean
status_is_alert (OnairHealthStatus status)
{
  return status == ONAIR_HEALTH_WARNING || status == ONAIR_HEALTH_CRITICAL;
}

G_DEFINE_BOXED_TYPE (OnairHealthReason, onair_health_reason,
                     onair_health_reason_copy, onair_health_reason_free)

OnairHealthReason *
onair_health_reason_copy (const OnairHealthReason *reason)
{
  OnairHealthReason *copy;

  g_return_val_if_fail (reason != NULL, NULL);

  copy = g_new0 (OnairHealthReason, 1);
  copy->severity = reason->severity;
  copy->code = g_strdup (reason->code);
  copy->subject = g_strdup (reason->subject);
  copy->message = g_strdup (reason->message);
  copy->message_untranslated = g_strdup (reason->message_untranslated);
  return copy;
}

void
onair_health_reason_free (OnairHealthReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->code);
  g_free (reason->subject);
  g_free (reason->message);
  g_free (reason->message_untranslated);
  g_free (reason);
}

static gboolean
reason_same_rule (const OnairHealthReason *a,
                  const OnairHealthReason *b)
{
  return g_strcmp0 (a->code, b->code) == 0 && g_strcmp0 (a->subject, b->subject) == 0;
}

static gboolean
reasons_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const OnairHealthReason *ra = g_ptr_array_index (a, i);
      const OnairHealthReason *rb = g_ptr_array_index (b, i);

      if (ra->severity != rb->severity || !reason_same_rule (ra, rb) ||
          g_strcmp0 (ra->message, rb->message) != 0)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
reasons_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) onair_health_reason_free);
}

static void
take_reason (GPtrArray         *reasons,
             OnairHealthStatus  severity,
             const char        *code,
             const char        *subject,
             char              *message,
             char              *message_untranslated)
{
  OnairHealthReason *reason = g_new0 (OnairHealthReason, 1);

  reason->severity = severity;
  reason->code = g_strdup (code);
  reason->subject = g_strdup (subject);
  reason->message = message;
  reason->message_untranslated = message_untranslated;
  g_ptr_array_add (reasons, reason);
}

/* @format is the untranslated message (marked with N_()); it is formatted once as is,
 * for the witness chain, and once translated, for people. */
G_GNUC_PRINTF (5, 6)
static void
add_reason (GPtrArray         *reasons,
            OnairHealthStatus  severity,
            const char        *code,
            const char        *subject,
            const char        *format,
            ...)
{
  va_list args;
  va_list args_copy;
  char *message;
  char *untranslated;

  va_start (args, format);
  va_copy (args_copy, args);
  message = g_strdup_vprintf (_(format), args);
  untranslated = g_strdup_vprintf (format, args_copy);
  va_end (args_copy);
  va_end (args);

  take_reason (reasons, severity, code, subject, message, untranslated);
}

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

static void
prune_timed (GArray *array,
             gint64  oldest_ms)
{
  guint drop = 0;

  while (drop < array->len && g_array_index (array, TimedValue, drop).time_ms < oldest_ms)
    drop++;
  if (array->len - drop > MAX_WINDOW_ENTRIES)
    drop = array->len - MAX_WINDOW_ENTRIES;
  if (drop > 0)
    g_array_remove_range (array, 0, drop);
}

static void
prune_frames (GArray *array,
              gint64  oldest_ms)
{
  guint drop = 0;

  /* Keep the last count at or before the window's start: it is the baseline. */
  while (drop + 1 < array->len && g_array_index (array, FrameCount, drop + 1).time_ms <= oldest_ms)
    drop++;
  if (array->len - drop > MAX_WINDOW_ENTRIES)
    drop = array->len - MAX_WINDOW_ENTRIES;
  if (drop > 0)
    g_array_remove_range (array, 0, drop);
}

static void
prune_times (GArray *array,
             gint64  oldest_ms)
{
  guint drop = 0;

  while (drop < array->len && g_array_index (array, gint64, drop) < oldest_ms)
    drop++;
  if (array->len - drop > MAX_WINDOW_ENTRIES)
    drop = array->len - MAX_WINDOW_ENTRIES;
  if (drop > 0)
    g_array_remove_range (array, 0, drop);
}

static void
push_timed (GArray *array,
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

/* Ingests */

static void
ingest_free (gpointer data)
{
  Ingest *ingest = data;

  if (ingest->source != NULL)
    {
      g_clear_signal_handler (&ingest->updated_handler, ingest->source);
      g_clear_signal_handler (&ingest->failed_handler, ingest->source);
      g_clear_object (&ingest->source);
    }
  g_free (ingest->id);
  g_free (ingest->label);
  g_array_unref (ingest->fps);
  g_array_unref (ingest->frames);
  g_free (ingest);
}

static Ingest *
find_ingest (OnairHealthMonitor *self,
             const char         *ingest_id)
{
  for (guint i = 0; ingest_id != NULL && i < self->ingests->len; i++)
    {
      Ingest *ingest = g_ptr_array_index (self->ingests, i);

      if (g_str_equal (ingest->id, ingest_id))
        return ingest;
    }
  return NULL;
}

/* Evaluation */

static gboolean
vmix_connected (OnairHealthMonitor *self)
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
  gint64 start = window_start (self, now_ms);

  switch (self->connection)
    {
    case ONAIR_CONNECTION_DISCONNECTED:
      add_reason (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-disconnected", "vmix",
                  N_("Not connected to vMix"));
      return;
    case ONAIR_CONNECTION_CONNECTING:
      add_reason (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-connecting", "vmix",
                  N_("Connecting to vMix…"));
      return;
    case ONAIR_CONNECTION_LOST:
      if (self->have_state)
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "vmix-lost", "vmix",
                    N_("No answer from vMix for %u s"),
                    (guint) (MAX (now_ms - self->last_state_ms, 0) / 1000));
      else
        add_reason (reasons, ONAIR_HEALTH_UNKNOWN, "vmix-no-answer", "vmix",
                    N_("vMix does not answer"));
      return;
    case ONAIR_CONNECTION_CONNECTED:
    case ONAIR_CONNECTION_DEGRADED:
    default:
      break;
    }

  /* Round trip: the slowest 10 % of the window's polls, but never the single slowest,
   * so one hiccup does not raise an alert and a sustained slowdown does within seconds. */
  prune_timed (self->rtt, start);
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

      if (value > t->rtt_critical_ms)
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "rtt", "vmix",
                    N_("API round trip %u ms"), (guint) lround (value));
      else if (value > t->rtt_warning_ms)
        add_reason (reasons, ONAIR_HEALTH_WARNING, "rtt", "vmix",
                    N_("API round trip %u ms"), (guint) lround (value));
    }

  prune_timed (self->polls, start);
  if (self->polls->len >= 3)
    {
      double failed = 0;
      double share;

      for (guint i = 0; i < self->polls->len; i++)
        failed += g_array_index (self->polls, TimedValue, i).value;
      share = failed / self->polls->len;
      if (share > t->poll_failure_critical)
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "poll-failures", "vmix",
                    N_("%u %% of vMix polls failed in the last %u s"),
                    (guint) lround (share * 100), t->window_s);
      else if (share > t->poll_failure_warning)
        add_reason (reasons, ONAIR_HEALTH_WARNING, "poll-failures", "vmix",
                    N_("%u %% of vMix polls failed in the last %u s"),
                    (guint) lround (share * 100), t->window_s);
    }
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
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "stream-lost", subject,
                    N_("Stream %u dropped: vMix reports it off"), ch + 1);

      prune_times (channel->toggles, now_ms - (gint64) t->flap_window_s * 1000);
      if (channel->toggles->len > t->flap_max_toggles)
        add_reason (reasons, ONAIR_HEALTH_WARNING, "stream-flapping", subject,
                    N_("Stream %u is unstable: %u changes in %u min"),
                    ch + 1, channel->toggles->len, MAX (t->flap_window_s / 60, 1));
    }

  if (!vmix_connected (self))
    return;

  if (self->recording)
    {
      gint64 unchanged_ms = self->last_state_ms - self->duration_changed_ms;

      if (unchanged_ms >= (gint64) t->recording_stall_s * 1000)
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "recording-stalled", "recording",
                    N_("Recording stalled for %u s"), (guint) (unchanged_ms / 1000));
    }

  if (self->have_master && self->silent_since_ms >= 0)
    {
      gint64 silent_ms = self->last_state_ms - self->silent_since_ms;

      if (silent_ms >= (gint64) t->silence_critical_s * 1000)
        add_reason (reasons, ONAIR_HEALTH_CRITICAL, "master-silent", "master",
                    N_("Master silent for %u s"), (guint) (silent_ms / 1000));
      else if (silent_ms >= (gint64) t->silence_warning_s * 1000)
        add_reason (reasons, ONAIR_HEALTH_WARNING, "master-silent", "master",
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
  gint64 start = window_start (self, now_ms);
  gint64 stale_ms;

  if (ingest->channel >= 0)
    {
      guint ch = (guint) ingest->channel;

      expected = self->have_state && vmix_connected (self) && ch < self->stream_count &&
                 self->channels[ch].live;
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
      take_reason (reasons, ONAIR_HEALTH_WARNING, "ingest-unavailable", subject,
                   g_strdup_printf (_("%s: ingest statistics unavailable"), label),
                   g_strdup_printf ("%s: ingest statistics unavailable", label_untranslated));
      return;
    }

  stale_ms = now_ms - MAX (ingest->expected_since_ms, ingest->last_data_ms);
  if (stale_ms >= (gint64) t->ingest_stale_critical_s * 1000 ||
      stale_ms >= (gint64) t->ingest_stale_warning_s * 1000)
    {
      OnairHealthStatus severity = stale_ms >= (gint64) t->ingest_stale_critical_s * 1000
                                     ? ONAIR_HEALTH_CRITICAL : ONAIR_HEALTH_WARNING;

      take_reason (reasons, severity, "ingest-stale", subject,
                   g_strdup_printf (_("%s: no data from ingest for %u s"), label,
                                    (guint) (stale_ms / 1000)),
                   g_strdup_printf ("%s: no data from ingest for %u s", label_untranslated,
                                    (guint) (stale_ms / 1000)));
      return;
    }

  /* Frame rate, measured from frame counters, against the nominal or declared rate. */
  prune_timed (ingest->fps, start);
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

            take_reason (reasons,
                         ratio < t->fps_critical_ratio ? ONAIR_HEALTH_CRITICAL : ONAIR_HEALTH_WARNING,
                         "ingest-fps", subject,
                         g_strdup_printf (_("%s: %s fps, expected %s fps"),
                                          label, measured, expected_text),
                         g_strdup_printf ("%s: %s fps, expected %s fps",
                                          label_untranslated, measured, expected_text));
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

              take_reason (reasons,
                           share > t->dropped_critical_ratio ? ONAIR_HEALTH_CRITICAL
                                                             : ONAIR_HEALTH_WARNING,
                           "ingest-dropped", subject,
                           g_strdup_printf (_("%s: %s %% of frames dropped in the last %u s"),
                                            label, percent, t->window_s),
                           g_strdup_printf ("%s: %s %% of frames dropped in the last %u s",
                                            label_untranslated, percent, t->window_s));
            }
        }
    }
}

static void
set_reasons (OnairHealthMonitor *self,
             GPtrArray          *reasons)
{
  if (reasons_equal (self->reasons, reasons))
    return;
  g_ptr_array_unref (self->reasons);
  self->reasons = g_ptr_array_ref (reasons);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONS]);
}

static void
apply_status (OnairHealthMonitor *self,
              OnairHealthStatus   status,
              GPtrArray          *reasons)
{
  OnairHealthStatus previous = self->status;

  self->status = status;
  self->better_since_ms = -1;
  set_reasons (self, reasons);
  g_debug ("Health: %s → %s", onair_health_status_to_string (previous),
           onair_health_status_to_string (status));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_signal_emit (self, signals[STATUS_CHANGED], 0, status, previous, self->reasons);
}

/**
 * onair_health_monitor_evaluate:
 *
 * Applies every rule at the clock's time. Done after each input and on each tick; call
 * it after moving a test clock.
 *
 * A worse status applies at once; a better one than a warning or critical status only
 * after it held for the recovery time, so that a status does not flap. While a better
 * status waits, the reasons that raised the alert stay listed.
 */
void
onair_health_monitor_evaluate (OnairHealthMonitor *self)
{
  g_autoptr(GPtrArray) reasons = reasons_new ();
  OnairHealthStatus raw = ONAIR_HEALTH_UNKNOWN;
  gboolean have_data = FALSE;
  gint64 now_ms;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  now_ms = onair_health_monitor_get_now_ms (self);

  if (self->vmix_in_use)
    {
      evaluate_connection (self, now_ms, reasons);
      if (self->have_state)
        evaluate_state (self, now_ms, reasons);
      have_data = self->have_state && vmix_connected (self);
    }
  for (guint i = 0; i < self->ingests->len; i++)
    {
      Ingest *ingest = g_ptr_array_index (self->ingests, i);

      evaluate_ingest (self, ingest, now_ms, reasons);
      have_data |= ingest->have_stats && !ingest->failing;
    }

  if (reasons->len == 0)
    raw = have_data ? ONAIR_HEALTH_HEALTHY : ONAIR_HEALTH_UNKNOWN;
  else
    {
      raw = ONAIR_HEALTH_HEALTHY;
      for (guint i = 0; i < reasons->len; i++)
        {
          const OnairHealthReason *reason = g_ptr_array_index (reasons, i);

          if (status_rank (reason->severity) > status_rank (raw))
            raw = reason->severity;
        }
    }

  if (raw == self->status)
    {
      self->better_since_ms = -1;
      set_reasons (self, reasons);
    }
  else if (status_rank (raw) > status_rank (self->status) || !status_is_alert (self->status))
    {
      apply_status (self, raw, reasons);
    }
  else
    {
      if (self->better_since_ms < 0)
        self->better_since_ms = now_ms;
      if (now_ms - self->better_since_ms >= (gint64) self->thresholds.recovery_hold_s * 1000)
        {
          apply_status (self, raw, reasons);
        }
      else
        {
          g_autoptr(GPtrArray) held = reasons_new ();

          /* Current reasons first, then the alert's own that no longer hold. */
          for (guint i = 0; i < reasons->len; i++)
            g_ptr_array_add (held, onair_health_reason_copy (g_ptr_array_index (reasons, i)));
          for (guint i = 0; i < self->reasons->len; i++)
            {
              const OnairHealthReason *old = g_ptr_array_index (self->reasons, i);
              gboolean present = FALSE;

              for (guint j = 0; j < reasons->len && !present; j++)
                present = reason_same_rule (old, g_ptr_array_index (reasons, j));
              if (!present && status_is_alert (old->severity))
                g_ptr_array_add (held, onair_health_reason_copy (old));
            }
          set_reasons (self, held);
        }
    }
}

/* Inputs */

static void
append_metric (OnairHealthMonitor *self,
               const char         *metric,
               gint64              now_ms,
               double              value)
{
  onair_health_history_append (self->history, metric, now_ms, value);
}

static double
poll_failure_rate (OnairHealthMonitor *self,
                   gint64              now_ms)
{
  double failed = 0;

  prune_timed (self->polls, window_start (self, now_ms));
  if (self->polls->len == 0)
    return NAN;
  for (guint i = 0; i < self->polls->len; i++)
    failed += g_array_index (self->polls, TimedValue, i).value;
  return failed / self->polls->len;
}

/**
 * onair_health_monitor_set_connection_state:
 *
 * What the attached poller's #OnairPoller:connection-state says; without a poller, tests
 * set it. A state added with onair_health_monitor_add_state() counts as connected when no
 * poller is attached.
 */
void
onair_health_monitor_set_connection_state (OnairHealthMonitor   *self,
                                           OnairConnectionState  state)
{
  gint64 now_ms;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  self->vmix_in_use = TRUE;
  if (self->connection == state)
    return;
  self->connection = state;
  now_ms = onair_health_monitor_get_now_ms (self);
  append_metric (self, ONAIR_HEALTH_METRIC_CONNECTION_STATE, now_ms, state);
  if (!vmix_connected (self))
    {
      /* What happened while Onair could not see is unknown: silence and recording
       * progress start again from the next state, not from before the gap. */
      self->silent_since_ms = -1;
      self->recording = FALSE;
    }
  if (state == ONAIR_CONNECTION_DISCONNECTED)
    {
      /* A new connection starts a new picture. */
      g_array_set_size (self->rtt, 0);
      g_array_set_size (self->polls, 0);
    }
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_add_state:
 * @state: a state vMix reported
 * @round_trip_us: the poll's round trip
 *
 * Records one successful poll: round trip, channels, recording, master meters.
 */
void
onair_health_monitor_add_state (OnairHealthMonitor *self,
                                OnairVmixState     *state,
                                gint64              round_trip_us)
{
  const OnairVmixMeter *master;
  gint64 now_ms;
  guint count;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (ONAIR_IS_VMIX_STATE (state));

  now_ms = onair_health_monitor_get_now_ms (self);
  self->vmix_in_use = TRUE;
  if (self->poller == NULL && !vmix_connected (self))
    {
      self->connection = ONAIR_CONNECTION_CONNECTED;
      append_metric (self, ONAIR_HEALTH_METRIC_CONNECTION_STATE, now_ms, self->connection);
    }
  self->have_state = TRUE;
  self->last_state_ms = now_ms;

  push_timed (self->rtt, now_ms, round_trip_us / 1000.0);
  push_timed (self->polls, now_ms, 0);
  append_metric (self, ONAIR_HEALTH_METRIC_RTT_MS, now_ms, round_trip_us / 1000.0);
  append_metric (self, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE, now_ms,
                 poll_failure_rate (self, now_ms));

  count = MIN (onair_vmix_state_get_stream_count (state), ONAIR_VMIX_MAX_STREAMS);
  self->stream_count = count;
  for (guint ch = 0; ch < count; ch++)
    {
      Channel *channel = &self->channels[ch];
      OnairVmixStreamState stream_state = onair_vmix_state_get_stream_state (state, ch);
      gboolean live = stream_state == ONAIR_VMIX_STREAM_ON;
      g_autofree char *metric = onair_health_metric_stream_live (ch);

      /* vMix streams without saying which stream (vMix 21 and older): not "off". What was
       * known stays, the graph shows a gap, and nothing counts as a change. */
      if (stream_state == ONAIR_VMIX_STREAM_UNKNOWN)
        {
          append_metric (self, metric, now_ms, NAN);
          continue;
        }

      if (!channel->known)
        {
          channel->known = TRUE;
          channel->live = live;
          channel->since_ms = now_ms;
        }
      else if (channel->live != live)
        {
          channel->live = live;
          channel->since_ms = now_ms;
          g_array_append_val (channel->toggles, now_ms);
        }
      if (live)
        channel->lost = FALSE;
      append_metric (self, metric, now_ms, live ? 1 : 0);
    }

  if (onair_vmix_state_get_recording (state))
    {
      gint64 duration = onair_vmix_state_get_recording_duration (state);

      if (!self->recording || duration != self->recording_duration)
        self->duration_changed_ms = now_ms;
      self->recording = TRUE;
      self->recording_duration = duration;
      append_metric (self, ONAIR_HEALTH_METRIC_RECORDING, now_ms, 1);
      append_metric (self, ONAIR_HEALTH_METRIC_RECORDING_DURATION_S, now_ms, duration);
    }
  else
    {
      self->recording = FALSE;
      append_metric (self, ONAIR_HEALTH_METRIC_RECORDING, now_ms, 0);
      append_metric (self, ONAIR_HEALTH_METRIC_RECORDING_DURATION_S, now_ms, NAN);
    }

  master = onair_vmix_state_get_master (state);
  if (master != NULL)
    {
      double left = onair_health_peak_to_dbfs (master->left);
      double right = onair_health_peak_to_dbfs (master->right);

      self->have_master = TRUE;
      if (MAX (left, right) < self->thresholds.silence_dbfs)
        {
          if (self->silent_since_ms < 0)
            self->silent_since_ms = now_ms;
        }
      else
        self->silent_since_ms = -1;
      append_metric (self, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT, now_ms, left);
      append_metric (self, ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT, now_ms, right);
    }
  else
    {
      /* This vMix reports no meters: no silence rule, a gap in the graph. */
      self->have_master = FALSE;
      self->silent_since_ms = -1;
      append_metric (self, ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT, now_ms, NAN);
      append_metric (self, ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT, now_ms, NAN);
    }

  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_add_poll_failure:
 * @error: (nullable): why the poll failed
 *
 * Records one failed poll (a gap in the round-trip graph).
 */
void
onair_health_monitor_add_poll_failure (OnairHealthMonitor *self,
                                       const GError       *error)
{
  gint64 now_ms;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  now_ms = onair_health_monitor_get_now_ms (self);
  self->vmix_in_use = TRUE;
  push_timed (self->polls, now_ms, 1);
  append_metric (self, ONAIR_HEALTH_METRIC_RTT_MS, now_ms, NAN);
  append_metric (self, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE, now_ms,
                 poll_failure_rate (self, now_ms));
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_report_stream_lost:
 * @channel: 0-based
 *
 * vMix reports off a channel nobody stopped from Onair (#OnairController::stream-lost):
 * critical until vMix reports it live again or onair_health_monitor_clear_stream_lost().
 */
void
onair_health_monitor_report_stream_lost (OnairHealthMonitor *self,
                                         guint               channel)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  self->channels[channel].lost = TRUE;
  self->stream_count = MAX (self->stream_count, channel + 1);
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_clear_stream_lost:
 * @channel: 0-based
 *
 * The producer acknowledged or dealt with a lost stream.
 */
void
onair_health_monitor_clear_stream_lost (OnairHealthMonitor *self,
                                        guint               channel)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  if (!self->channels[channel].lost)
    return;
  self->channels[channel].lost = FALSE;
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_watch_ingest:
 * @ingest_id: the ingest's id, usually its destination's id
 * @label: how reasons name it when it has no channel, e.g. the destination's name
 * @channel: the 0-based vMix channel that streams to it, or -1 when unknown
 *
 * Declares an ingest to judge. With a channel, its stream is expected while vMix reports
 * that channel live; without one, from the moment it is first seen publishing.
 */
void
onair_health_monitor_watch_ingest (OnairHealthMonitor *self,
                                   const char         *ingest_id,
                                   const char         *label,
                                   int                 channel)
{
  Ingest *ingest;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (ingest_id != NULL);
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  ingest = find_ingest (self, ingest_id);
  if (ingest == NULL)
    {
      ingest = g_new0 (Ingest, 1);
      ingest->monitor = self;
      ingest->id = g_strdup (ingest_id);
      ingest->nominal_fps = NAN;
      ingest->meta_fps = NAN;
      ingest->last_data_ms = G_MININT64 / 2;
      ingest->last_bytes = -1;
      ingest->fps = g_array_new (FALSE, FALSE, sizeof (TimedValue));
      ingest->frames = g_array_new (FALSE, FALSE, sizeof (FrameCount));
      g_ptr_array_add (self->ingests, ingest);
    }
  g_free (ingest->label);
  ingest->label = g_strdup (label != NULL ? label : ingest_id);
  ingest->channel = channel < 0 ? -1 : channel;
  onair_health_monitor_evaluate (self);
}

void
onair_health_monitor_unwatch_ingest (OnairHealthMonitor *self,
                                     const char         *ingest_id)
{
  Ingest *ingest;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  ingest = find_ingest (self, ingest_id);
  if (ingest == NULL)
    return;
  g_ptr_array_remove (self->ingests, ingest);
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_set_ingest_nominal_fps:
 * @fps: the frame rate the encoder is set to, or NaN to use the one it declares
 */
void
onair_health_monitor_set_ingest_nominal_fps (OnairHealthMonitor *self,
                                             const char         *ingest_id,
                                             double              fps)
{
  Ingest *ingest;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  ingest = find_ingest (self, ingest_id);
  g_return_if_fail (ingest != NULL);
  ingest->nominal_fps = fps > 0 ? fps : NAN;
}

static void
append_ingest_metric (OnairHealthMonitor *self,
                      Ingest             *ingest,
                      const char         *suffix,
                      gint64              now_ms,
                      double              value)
{
  g_autofree char *metric = onair_health_metric_ingest (ingest->id, suffix);

  append_metric (self, metric, now_ms, value);
}

/**
 * onair_health_monitor_add_ingest_stats:
 * @ingest_id: a watched ingest
 * @stream: (nullable): the stream as the server reports it, %NULL when it does not (nothing
 *   publishes)
 *
 * Records one successful read of the ingest's statistics.
 */
void
onair_health_monitor_add_ingest_stats (OnairHealthMonitor      *self,
                                       const char              *ingest_id,
                                       const OnairIngestStream *stream)
{
  Ingest *ingest;
  gint64 now_ms;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  ingest = find_ingest (self, ingest_id);
  if (ingest == NULL)
    return;

  now_ms = onair_health_monitor_get_now_ms (self);
  ingest->have_stats = TRUE;
  ingest->failing = FALSE;

  if (stream != NULL && stream->publishing)
    {
      if (ingest->channel < 0)
        ingest->armed = TRUE;
      /* New bytes are data; a server that counts no bytes only tells that it is there. */
      if (stream->bytes_in < 0 || stream->bytes_in != ingest->last_bytes)
        ingest->last_data_ms = now_ms;
      ingest->last_bytes = stream->bytes_in;
      ingest->meta_fps = stream->meta_fps;
      if (!isnan (stream->fps))
        push_timed (ingest->fps, now_ms, stream->fps);
      if (stream->frames >= 0 && stream->frames_dropped >= 0)
        {
          FrameCount count = { now_ms, stream->frames, stream->frames_dropped };

          if (ingest->frames->len > 0 &&
              (g_array_index (ingest->frames, FrameCount, ingest->frames->len - 1).frames > count.frames ||
               g_array_index (ingest->frames, FrameCount, ingest->frames->len - 1).dropped > count.dropped))
            g_array_set_size (ingest->frames, 0);
          g_array_append_val (ingest->frames, count);
        }

      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_BITRATE_KBPS, now_ms,
                            stream->bitrate_kbps);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_BW_IN_KBPS, now_ms,
                            stream->bw_in_kbps);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_BYTES_IN, now_ms,
                            stream->bytes_in >= 0 ? (double) stream->bytes_in : NAN);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_FPS, now_ms, stream->fps);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_META_FPS, now_ms, stream->meta_fps);
      if (stream->frames >= 0 && stream->frames_dropped >= 0)
        {
          gint64 total = stream->frames + stream->frames_dropped;

          append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_DROPPED_RATIO, now_ms,
                                total > 0 ? (double) stream->frames_dropped / total : NAN);
        }
    }
  else
    {
      /* The server lists no such stream: nothing arrives. */
      ingest->last_bytes = -1;
      g_array_set_size (ingest->fps, 0);
      g_array_set_size (ingest->frames, 0);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_BITRATE_KBPS, now_ms, 0);
      append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_FPS, now_ms, NAN);
    }

  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_add_ingest_failure:
 * @ingest_id: a watched ingest
 * @error: (nullable): why the statistics could not be read
 */
void
onair_health_monitor_add_ingest_failure (OnairHealthMonitor *self,
                                         const char         *ingest_id,
                                         const GError       *error)
{
  Ingest *ingest;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  ingest = find_ingest (self, ingest_id);
  if (ingest == NULL)
    return;
  ingest->failing = TRUE;
  append_ingest_metric (self, ingest, ONAIR_HEALTH_INGEST_BITRATE_KBPS,
                        onair_health_monitor_get_now_ms (self), NAN);
  onair_health_monitor_evaluate (self);
}

/* Wiring */

static void
state_received_cb (OnairPoller        *poller,
                   OnairVmixState     *state,
                   gint64              round_trip_us,
                   OnairHealthMonitor *self)
{
  onair_health_monitor_add_state (self, state, round_trip_us);
}

static void
poll_failed_cb (OnairPoller        *poller,
                const GError       *error,
                OnairHealthMonitor *self)
{
  onair_health_monitor_add_poll_failure (self, error);
}

static void
connection_state_cb (OnairPoller        *poller,
                     GParamSpec         *pspec,
                     OnairHealthMonitor *self)
{
  onair_health_monitor_set_connection_state (self, onair_poller_get_connection_state (poller));
}

static void
stream_lost_cb (OnairController    *controller,
                guint               channel,
                const char         *destination,
                OnairHealthMonitor *self)
{
  if (channel < ONAIR_VMIX_MAX_STREAMS)
    onair_health_monitor_report_stream_lost (self, channel);
}

static void
channel_changed_cb (OnairController    *controller,
                    guint               channel,
                    OnairHealthMonitor *self)
{
  if (channel < ONAIR_VMIX_MAX_STREAMS &&
      onair_controller_get_channel_status (controller, channel) != ONAIR_CHANNEL_LOST)
    onair_health_monitor_clear_stream_lost (self, channel);
}

static void
ingest_updated_cb (OnairIngestSource       *source,
                   const OnairIngestStream *stream,
                   Ingest                  *ingest)
{
  onair_health_monitor_add_ingest_stats (ingest->monitor, ingest->id, stream);
}

static void
ingest_failed_cb (OnairIngestSource *source,
                  const GError      *error,
                  Ingest            *ingest)
{
  onair_health_monitor_add_ingest_failure (ingest->monitor, ingest->id, error);
}

/**
 * onair_health_monitor_attach_poller:
 * @poller: (nullable): the poller to follow, %NULL to detach
 */
void
onair_health_monitor_attach_poller (OnairHealthMonitor *self,
                                    OnairPoller        *poller)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (poller == NULL || ONAIR_IS_POLLER (poller));

  if (self->poller != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->poller);
      g_clear_signal_handler (&self->failed_handler, self->poller);
      g_clear_signal_handler (&self->connection_handler, self->poller);
      g_clear_object (&self->poller);
    }
  if (poller == NULL)
    return;

  self->poller = g_object_ref (poller);
  self->state_handler = g_signal_connect (poller, "state-received",
                                          G_CALLBACK (state_received_cb), self);
  self->failed_handler = g_signal_connect (poller, "poll-failed",
                                           G_CALLBACK (poll_failed_cb), self);
  self->connection_handler = g_signal_connect (poller, "notify::connection-state",
                                               G_CALLBACK (connection_state_cb), self);
  onair_health_monitor_set_connection_state (self, onair_poller_get_connection_state (poller));
  onair_health_monitor_evaluate (self);
}

/**
 * onair_health_monitor_attach_controller:
 * @controller: (nullable): the controller whose lost streams count, %NULL to detach
 */
void
onair_health_monitor_attach_controller (OnairHealthMonitor *self,
                                        OnairController    *controller)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (controller == NULL || ONAIR_IS_CONTROLLER (controller));

  if (self->controller != NULL)
    {
      g_clear_signal_handler (&self->lost_handler, self->controller);
      g_clear_signal_handler (&self->channel_handler, self->controller);
      g_clear_object (&self->controller);
    }
  if (controller == NULL)
    return;

  self->controller = g_object_ref (controller);
  self->lost_handler = g_signal_connect (controller, "stream-lost",
                                         G_CALLBACK (stream_lost_cb), self);
  self->channel_handler = g_signal_connect (controller, "channel-changed",
                                            G_CALLBACK (channel_changed_cb), self);
}

/**
 * onair_health_monitor_attach_ingest_source:
 * @source: a source; the monitor does not start or stop it
 * @label: how reasons name it when it has no channel
 * @channel: the 0-based vMix channel streaming to it, or -1
 *
 * Watches the ingest under the source's id and feeds it the source's reports.
 */
void
onair_health_monitor_attach_ingest_source (OnairHealthMonitor *self,
                                           OnairIngestSource  *source,
                                           const char         *label,
                                           int                 channel)
{
  Ingest *ingest;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (source));

  onair_health_monitor_watch_ingest (self, onair_ingest_source_get_id (source), label, channel);
  ingest = find_ingest (self, onair_ingest_source_get_id (source));
  if (ingest->source == source)
    return;
  if (ingest->source != NULL)
    {
      g_clear_signal_handler (&ingest->updated_handler, ingest->source);
      g_clear_signal_handler (&ingest->failed_handler, ingest->source);
      g_clear_object (&ingest->source);
    }
  ingest->source = g_object_ref (source);
  ingest->updated_handler = g_signal_connect (source, "updated",
                                              G_CALLBACK (ingest_updated_cb), ingest);
  ingest->failed_handler = g_signal_connect (source, "failed",
                                             G_CALLBACK (ingest_failed_cb), ingest);
}

void
onair_health_monitor_detach_ingest_source (OnairHealthMonitor *self,
                                           OnairIngestSource  *source)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (ONAIR_IS_INGEST_SOURCE (source));

  for (guint i = 0; i < self->ingests->len; i++)
    {
      Ingest *ingest = g_ptr_array_index (self->ingests, i);

      if (ingest->source == source)
        {
          g_ptr_array_remove_index (self->ingests, i);
          break;
        }
    }
  onair_health_monitor_evaluate (self);
}

/* Object */

static gboolean
tick_cb (gpointer user_data)
{
  onair_health_monitor_evaluate (user_data);
  return G_SOURCE_CONTINUE;
}

static void
onair_health_monitor_dispose (GObject *object)
{
  OnairHealthMonitor *self = ONAIR_HEALTH_MONITOR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  onair_health_monitor_attach_poller (self, NULL);
  onair_health_monitor_attach_controller (self, NULL);
  if (self->ingests != NULL)
    g_ptr_array_set_size (self->ingests, 0);
  if (self->clock_destroy != NULL)
    g_clear_pointer (&self->clock_data, self->clock_destroy);
  self->clock = NULL;
  g_clear_object (&self->history);

  G_OBJECT_CLASS (onair_health_monitor_parent_class)->dispose (object);
}

static void
onair_health_monitor_finalize (GObject *object)
{
  OnairHealthMonitor *self = ONAIR_HEALTH_MONITOR (object);

  g_clear_pointer (&self->ingests, g_ptr_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->rtt, g_array_unref);
  g_clear_pointer (&self->polls, g_array_unref);
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    g_clear_pointer (&self->channels[i].toggles, g_array_unref);

  G_OBJECT_CLASS (onair_health_monitor_parent_class)->finalize (object);
}

static void
onair_health_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnairHealthMonitor *self = ONAIR_HEALTH_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_REASONS:
      g_value_set_boxed (value, self->reasons);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_health_monitor_class_init (OnairHealthMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_health_monitor_dispose;
  object_class->finalize = onair_health_monitor_finalize;
  object_class->get_property = onair_health_monitor_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ONAIR_TYPE_HEALTH_STATUS, ONAIR_HEALTH_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* (element-type OnairHealthReason) */
  properties[PROP_REASONS] =
    g_param_spec_boxed ("reasons", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairHealthMonitor::status-changed:
   * @status: the new status
   * @previous: the status before
   * @reasons: (element-type OnairHealthReason): why, worst first in rule order
   *
   * Emitted once per change of status, after hysteresis. The application turns it into a
   * notification and a `health_alert` witness event (see onair_health_alert_params_new()).
   */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  ONAIR_TYPE_HEALTH_STATUS, ONAIR_TYPE_HEALTH_STATUS, G_TYPE_PTR_ARRAY);
}

static void
onair_health_monitor_init (OnairHealthMonitor *self)
{
  onair_health_thresholds_init (&self->thresholds);
  self->connection = ONAIR_CONNECTION_DISCONNECTED;
  self->status = ONAIR_HEALTH_UNKNOWN;
  self->reasons = reasons_new ();
  self->better_since_ms = -1;
  self->silent_since_ms = -1;
  self->rtt = g_array_new (FALSE, FALSE, sizeof (TimedValue));
  self->polls = g_array_new (FALSE, FALSE, sizeof (TimedValue));
  self->ingests = g_ptr_array_new_with_free_func (ingest_free);
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    self->channels[i].toggles = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tick_interval_ms = DEFAULT_TICK_INTERVAL_MS;
  self->tick_id = g_timeout_add (self->tick_interval_ms, tick_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_id),
                            "[onair] health tick");
}

/**
 * onair_health_monitor_new:
 * @history: (nullable): where to keep samples, %NULL for a new 24 h history
 *
 * Returns: (transfer full): a monitor with the default thresholds and the wall clock
 */
OnairHealthMonitor *
onair_health_monitor_new (OnairHealthHistory *history)
{
  OnairHealthMonitor *self;

  g_return_val_if_fail (history == NULL || ONAIR_IS_HEALTH_HISTORY (history), NULL);

  self = g_object_new (ONAIR_TYPE_HEALTH_MONITOR, NULL);
  self->history = history != NULL ? g_object_ref (history) : onair_health_history_new (0);
  return self;
}

/**
 * onair_health_monitor_get_history:
 *
 * Returns: (transfer none): the samples the monitor records
 */
OnairHealthHistory *
onair_health_monitor_get_history (OnairHealthMonitor *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), NULL);
  return self->history;
}

/**
 * onair_health_monitor_set_clock:
 * @func: (nullable): returns the time now in Unix ms; %NULL for the wall clock
 *
 * Every time the monitor records or judges comes from this clock, so tests can run a long
 * show in milliseconds.
 */
void
onair_health_monitor_set_clock (OnairHealthMonitor   *self,
                                OnairHealthClockFunc  func,
                                gpointer              user_data,
                                GDestroyNotify        destroy)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  if (self->clock_destroy != NULL)
    g_clear_pointer (&self->clock_data, self->clock_destroy);
  self->clock = func;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

gint64
onair_health_monitor_get_now_ms (OnairHealthMonitor *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), 0);

  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time () / 1000;
}

/**
 * onair_health_monitor_set_tick_interval_ms:
 * @interval_ms: how often time-based rules are re-judged without new input; 0 stops it
 */
void
onair_health_monitor_set_tick_interval_ms (OnairHealthMonitor *self,
                                           guint               interval_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_interval_ms = interval_ms;
  if (interval_ms == 0)
    return;
  self->tick_id = g_timeout_add (interval_ms, tick_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_id),
                            "[onair] health tick");
}

void
onair_health_monitor_get_thresholds (OnairHealthMonitor    *self,
                                     OnairHealthThresholds *thresholds)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (thresholds != NULL);

  *thresholds = self->thresholds;
}

/**
 * onair_health_monitor_set_thresholds:
 *
 * Replaces every threshold (start from onair_health_thresholds_init() or get_thresholds)
 * and judges again.
 */
void
onair_health_monitor_set_thresholds (OnairHealthMonitor          *self,
                                     const OnairHealthThresholds *thresholds)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (thresholds != NULL);

  self->thresholds = *thresholds;
  self->thresholds.window_s = MAX (self->thresholds.window_s, 1);
  self->thresholds.flap_window_s = MAX (self->thresholds.flap_window_s, 1);
  onair_health_monitor_evaluate (self);
}

OnairHealthStatus
onair_health_monitor_get_status (OnairHealthMonitor *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), ONAIR_HEALTH_UNKNOWN);
  return self->status;
}

/**
 * onair_health_monitor_get_reasons:
 *
 * Returns: (transfer none) (element-type OnairHealthReason): why the status is what it is
 */
GPtrArray *
onair_health_monitor_get_reasons (OnairHealthMonitor *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), NULL);
  return self->reasons;
}

/**
 * onair_health_monitor_has_reason:
 * @code: a rule's code
 * @subject: (nullable): its subject, %NULL for any
 */
gboolean
onair_health_monitor_has_reason (OnairHealthMonitor *self,
                                 const char         *code,
                                 const char         *subject)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), FALSE);

  for (guint i = 0; i < self->reasons->len; i++)
    {
      const OnairHealthReason *reason = g_ptr_array_index (self->reasons, i);

      if (g_strcmp0 (reason->code, code) == 0 &&
          (subject == NULL || g_strcmp0 (reason->subject, subject) == 0))
        return TRUE;
    }
  return FALSE;
}

guint
onair_health_monitor_get_stream_count (OnairHealthMonitor *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), 0);
  return self->stream_count;
}

gboolean
onair_health_monitor_get_stream_live (OnairHealthMonitor *self,
                                      guint               channel)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), FALSE);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, FALSE);
  return self->channels[channel].live;
}

/**
 * onair_health_monitor_get_stream_since_ms:
 *
 * Returns: when the channel entered its present state (monitor clock, Unix ms), 0 before
 *   any state
 */
gint64
onair_health_monitor_get_stream_since_ms (OnairHealthMonitor *self,
                                          guint               channel)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), 0);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, 0);
  return self->channels[channel].known ? self->channels[channel].since_ms : 0;
}

/**
 * onair_health_monitor_get_stream_toggles:
 *
 * Returns: how often the channel changed within the flap window
 */
guint
onair_health_monitor_get_stream_toggles (OnairHealthMonitor *self,
                                         guint               channel)
{
  Channel *c;

  g_return_val_if_fail (ONAIR_IS_HEALTH_MONITOR (self), 0);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, 0);

  c = &self->channels[channel];
  prune_times (c->toggles, onair_health_monitor_get_now_ms (self) -
                           (gint64) self->thresholds.flap_window_s * 1000);
  return c->toggles->len;
}

/**
 * onair_health_alert_params_new:
 * @status: the new status
 * @previous: the status before
 * @reasons: (element-type OnairHealthReason): as #OnairHealthMonitor::status-changed gives
 *
 * The `params` of a `health_alert` witness event:
 * `{"status", "previous_status", "reasons": [{"code", "severity", "subject", "message"}]}`,
 * messages in English whatever the locale.
 *
 * Returns: (transfer full): the params
 */
JsonObject *
onair_health_alert_params_new (OnairHealthStatus  status,
                               OnairHealthStatus  previous,
                               GPtrArray         *reasons)
{
  JsonObject *params = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_string_member (params, "status", onair_health_status_to_string (status));
  json_object_set_string_member (params, "previous_status",
                                 onair_health_status_to_string (previous));
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      const OnairHealthReason *reason = g_ptr_array_index (reasons, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "code", reason->code);
      json_object_set_string_member (item, "severity",
                                     onair_health_status_to_string (reason->severity));
      json_object_set_string_member (item, "subject", reason->subject);
      json_object_set_string_member (item, "message", reason->message_untranslated);
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (params, "reasons", array);
  return params;
}
