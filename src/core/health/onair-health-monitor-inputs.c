/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "onair-health-monitor-private.h"

/* What the monitor is fed: states and failed polls, lost streams, ingest statistics, either
 * directly (tests script them) or by the poller, controller and ingest sources it follows. */

/* Stops following *@object_ptr (a poller, controller or ingest source): disconnects the
 * @n_handlers handlers the monitor has on it and drops it. */
static void
unfollow (gpointer  object_ptr,
          gulong   *handlers,
          guint     n_handlers)
{
  GObject **object = object_ptr;

  if (*object == NULL)
    return;
  for (guint i = 0; i < n_handlers; i++)
    g_clear_signal_handler (&handlers[i], *object);
  g_clear_object (object);
}

/* Ingests */

void
onair_health_ingest_free (gpointer data)
{
  Ingest *ingest = data;

  unfollow (&ingest->source, ingest->source_handlers, G_N_ELEMENTS (ingest->source_handlers));
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

/* Inputs */

static void
append_metric (OnairHealthMonitor *self,
               const char         *metric,
               gint64              now_ms,
               double              value)
{
  onair_health_history_append (self->history, metric, now_ms, value);
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
  if (!onair_health_monitor_vmix_connected (self))
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
  if (self->poller == NULL && !onair_health_monitor_vmix_connected (self))
    {
      self->connection = ONAIR_CONNECTION_CONNECTED;
      append_metric (self, ONAIR_HEALTH_METRIC_CONNECTION_STATE, now_ms, self->connection);
    }
  self->have_state = TRUE;
  self->last_state_ms = now_ms;

  onair_health_push_timed (self->rtt, now_ms, round_trip_us / 1000.0);
  onair_health_push_timed (self->polls, now_ms, 0);
  append_metric (self, ONAIR_HEALTH_METRIC_RTT_MS, now_ms, round_trip_us / 1000.0);
  append_metric (self, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE, now_ms,
                 onair_health_monitor_poll_failure_rate (self, now_ms));

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
          /* Only changes Onair did not ask for make a stream unstable. */
          if (now_ms <= channel->expect_until_ms)
            channel->expect_until_ms = 0;
          else
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

  /* SRT outputs, when vMix lists them (vMix 28's <outputs>): on or off, for the timeline. */
  for (guint n = 0; onair_vmix_state_get_has_outputs (state) && n < ONAIR_VMIX_SRT_OUTPUTS; n++)
    {
      const OnairVmixOutput *output = onair_vmix_state_find_output (state, "Output", n + 1);
      g_autofree char *metric = onair_health_metric_srt_output (n);

      if (output != NULL)
        append_metric (self, metric, now_ms, output->srt ? 1 : 0);
    }

  self->fade_to_black = onair_vmix_state_get_fade_to_black (state);
  master = onair_vmix_state_get_master (state);
  self->master_muted = master != NULL && master->muted;
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
  onair_health_push_timed (self->polls, now_ms, 1);
  append_metric (self, ONAIR_HEALTH_METRIC_RTT_MS, now_ms, NAN);
  append_metric (self, ONAIR_HEALTH_METRIC_POLL_FAILURE_RATE, now_ms,
                 onair_health_monitor_poll_failure_rate (self, now_ms));
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
 * onair_health_monitor_expect_stream_change:
 * @channel: 0-based
 *
 * Onair asked vMix to start or stop the channel: its next change (within a minute) is not
 * counted as the stream being unstable.
 */
void
onair_health_monitor_expect_stream_change (OnairHealthMonitor *self,
                                           guint               channel)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  self->channels[channel].expect_until_ms = onair_health_monitor_get_now_ms (self) + 60 * 1000;
}

/**
 * onair_health_monitor_report_recording_stopped:
 * @stopped: %TRUE when vMix reports the recording off and Onair did not stop it, %FALSE
 *   once the producer acknowledged it or a recording started again
 *
 * A recording stopped outside Onair is critical until then.
 */
void
onair_health_monitor_report_recording_stopped (OnairHealthMonitor *self,
                                               gboolean            stopped)
{
  g_return_if_fail (ONAIR_IS_HEALTH_MONITOR (self));

  stopped = !!stopped;
  if (self->recording_stopped_outside == stopped)
    return;
  self->recording_stopped_outside = stopped;
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
        onair_health_push_timed (ingest->fps, now_ms, stream->fps);
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

  unfollow (&self->poller, self->poller_handlers, G_N_ELEMENTS (self->poller_handlers));
  if (poller == NULL)
    return;

  self->poller = g_object_ref (poller);
  self->poller_handlers[0] = g_signal_connect (poller, "state-received",
                                               G_CALLBACK (state_received_cb), self);
  self->poller_handlers[1] = g_signal_connect (poller, "poll-failed",
                                               G_CALLBACK (poll_failed_cb), self);
  self->poller_handlers[2] = g_signal_connect (poller, "notify::connection-state",
                                               G_CALLBACK (connection_state_cb), self);
  onair_health_monitor_set_connection_state (self, onair_poller_get_connection_state (poller));
  onair_health_monitor_evaluate (self);
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
  unfollow (&ingest->source, ingest->source_handlers, G_N_ELEMENTS (ingest->source_handlers));
  ingest->source = g_object_ref (source);
  ingest->source_handlers[0] = g_signal_connect (source, "updated",
                                                 G_CALLBACK (ingest_updated_cb), ingest);
  ingest->source_handlers[1] = g_signal_connect (source, "failed",
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

