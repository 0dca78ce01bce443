/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-health-monitor-private.h"

/* The monitor: its status, which a better one replaces only after it held (hysteresis), its
 * clock and tick, its thresholds. The rules are in onair-health-rules.c, its inputs in
 * onair-health-monitor-inputs.c. */

#define DEFAULT_TICK_INTERVAL_MS 1000

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

static void
set_reasons (OnairHealthMonitor *self,
             GPtrArray          *reasons)
{
  if (onair_health_reasons_equal (self->reasons, reasons))
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
  g_autoptr(GPtrArray) reasons = onair_health_reasons_new ();
  OnairHealthStatus raw = ONAIR_HEALTH_UNKNOWN;
  gboolean have_data;
  gint64 now_ms;

  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  now_ms = onair_health_monitor_get_now_ms (self);
  have_data = onair_health_monitor_apply_rules (self, now_ms, reasons);

  if (reasons->len == 0)
    raw = have_data ? ONAIR_HEALTH_HEALTHY : ONAIR_HEALTH_UNKNOWN;
  else
    {
      raw = ONAIR_HEALTH_HEALTHY;
      for (guint i = 0; i < reasons->len; i++)
        {
          const OnairHealthReason *reason = g_ptr_array_index (reasons, i);

          if (onair_health_status_rank (reason->severity) > onair_health_status_rank (raw))
            raw = reason->severity;
        }
    }

  if (raw == self->status)
    {
      self->better_since_ms = -1;
      set_reasons (self, reasons);
    }
  else if (onair_health_status_rank (raw) > onair_health_status_rank (self->status) || !onair_health_status_is_alert (self->status))
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
          g_autoptr(GPtrArray) held = onair_health_reasons_new ();

          /* Current reasons first, then the alert's own that no longer hold. */
          for (guint i = 0; i < reasons->len; i++)
            g_ptr_array_add (held, onair_health_reason_copy (g_ptr_array_index (reasons, i)));
          for (guint i = 0; i < self->reasons->len; i++)
            {
              const OnairHealthReason *old = g_ptr_array_index (self->reasons, i);
              gboolean present = FALSE;

              for (guint j = 0; j < reasons->len && !present; j++)
                present = onair_health_reason_same_rule (old, g_ptr_array_index (reasons, j));
              if (!present && onair_health_status_is_alert (old->severity))
                g_ptr_array_add (held, onair_health_reason_copy (old));
            }
          set_reasons (self, held);
        }
    }
}

/* Object */

static gboolean
tick_cb (gpointer user_data)
{
  onair_health_monitor_evaluate (user_data);
  return G_SOURCE_CONTINUE;
}

static void
start_tick (OnairHealthMonitor *self)
{
  self->tick_id = g_timeout_add (self->tick_interval_ms, tick_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_id),
                            "[onair] health tick");
}

static void
onair_health_monitor_dispose (GObject *object)
{
  OnairHealthMonitor *self = ONAIR_HEALTH_MONITOR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  onair_health_monitor_attach_poller (self, NULL);
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
  self->reasons = onair_health_reasons_new ();
  self->better_since_ms = -1;
  self->silent_since_ms = -1;
  self->rtt = g_array_new (FALSE, FALSE, sizeof (TimedValue));
  self->polls = g_array_new (FALSE, FALSE, sizeof (TimedValue));
  self->ingests = g_ptr_array_new_with_free_func (onair_health_ingest_free);
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    self->channels[i].toggles = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tick_interval_ms = DEFAULT_TICK_INTERVAL_MS;
  start_tick (self);
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
  start_tick (self);
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
  onair_health_prune_times (c->toggles, onair_health_monitor_get_now_ms (self) -
                                        (gint64) self->thresholds.flap_window_s * 1000);
  return c->toggles->len;
}
