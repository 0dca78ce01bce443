/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-controller-private.h"

/*
 * What vMix's state shows that Onair did not do: streams started or dropped, the recording
 * started or stopped, in vMix itself or by another controller. Each is recorded in the
 * witness log with `"by": "outside"` (a stream vMix reports off while Onair had it live is
 * `stream_lost`, as before). And what the witness log says Onair did before a restart: a
 * stream Onair started then and never stopped is Onair's, with its destination and its
 * on-air time, not "started outside Onair".
 */

static char *
format_duration (gint64 seconds)
{
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* The first state after a restart hint, or a hint that came after the first state. */
static gboolean
apply_restore (OnairController *self,
               guint            ch)
{
  Channel *c = &self->channels[ch];

  if (!c->restore)
    return FALSE;
  c->restore = FALSE;
  if (c->status != ONAIR_CHANNEL_LIVE || !c->outside)
    return FALSE;
  c->outside = FALSE;
  g_free (c->destination);
  c->destination = g_steal_pointer (&c->restore_destination);
  if (c->restore_since_us > 0)
    c->since_us = c->restore_since_us;
  onair_controller_set_channel (self, ch, ONAIR_CHANNEL_LIVE, NULL);
  return TRUE;
}

static void
observe_streams (OnairController *self,
                 OnairVmixState  *state)
{
  guint count = onair_vmix_state_get_stream_count (state);

  for (guint ch = 0; ch < MIN (count, ONAIR_VMIX_MAX_STREAMS); ch++)
    {
      OnairVmixStreamState stream_state = onair_vmix_state_get_stream_state (state, ch);
      gboolean live = stream_state == ONAIR_VMIX_STREAM_ON;
      Channel *c = &self->channels[ch];

      /* vMix streams without saying which stream: a stream Onair knows live stays live
       * (and lost when vMix later says all streams are off), the others are unreported. */
      if (stream_state == ONAIR_VMIX_STREAM_UNKNOWN)
        {
          if (!c->busy && c->status == ONAIR_CHANNEL_OFF)
            onair_controller_set_channel (self, ch, ONAIR_CHANNEL_UNREPORTED, NULL);
          self->was_live[ch] = c->status == ONAIR_CHANNEL_LIVE;
          continue;
        }

      if (!c->busy)
        {
          if (!live && c->status == ONAIR_CHANNEL_UNREPORTED)
            onair_controller_set_channel (self, ch, ONAIR_CHANNEL_OFF, NULL);
          else if (live && c->status != ONAIR_CHANNEL_LIVE)
            {
              gboolean seen_start = self->have_previous && !self->was_live[ch];
              /* A lost stream back by itself (vMix reconnecting) is still the one Onair
               * started; anything else live now was started elsewhere. */
              gboolean back = c->status == ONAIR_CHANNEL_LOST;

              if (!back)
                g_clear_pointer (&c->destination, g_free);
              onair_controller_set_channel (self, ch, ONAIR_CHANNEL_LIVE, NULL);
              c->outside = !back;
              if (!apply_restore (self, ch) && seen_start)
                {
                  g_autoptr(JsonObject) params = json_object_new ();
                  g_autoptr(JsonObject) result = json_object_new ();

                  json_object_set_int_member (params, "channel", ch);
                  if (c->destination != NULL)
                    json_object_set_string_member (params, "destination_name", c->destination);
                  json_object_set_string_member (params, "by", "outside");
                  json_object_set_boolean_member (result, "success", TRUE);
                  json_object_set_string_member (result, "message",
                                                 "vMix reports the stream live; Onair did not start it");
                  onair_controller_emit_event (self, "stream_started", params, result);
                }
            }
          else if (!live && c->status == ONAIR_CHANNEL_LIVE && self->have_previous &&
                   self->was_live[ch])
            {
              g_autoptr(JsonObject) params = json_object_new ();
              g_autoptr(JsonObject) result = json_object_new ();
              g_autofree char *destination = g_strdup (c->destination);

              onair_controller_set_channel (self, ch, ONAIR_CHANNEL_LOST, NULL);
              json_object_set_int_member (params, "channel", ch);
              if (destination != NULL)
                json_object_set_string_member (params, "destination_name", destination);
              json_object_set_string_member (params, "by", "outside");
              json_object_set_boolean_member (result, "success", FALSE);
              json_object_set_string_member (result, "message",
                                             "vMix reports the stream off; Onair did not stop it");
              onair_controller_emit_stream_lost (self, ch, destination);
              onair_controller_emit_event (self, "stream_lost", params, result);
            }
        }
      /* Hints are for the first state after them: a stream not live then is not Onair's. */
      if (c->restore && c->status != ONAIR_CHANNEL_LIVE)
        {
          c->restore = FALSE;
          g_clear_pointer (&c->restore_destination, g_free);
        }
      self->was_live[ch] = live;
    }
}

static void
observe_recording (OnairController *self,
                   OnairVmixState  *state)
{
  gboolean recording = onair_vmix_state_get_recording (state);
  gboolean seen = self->have_previous;

  if (recording)
    self->recording_duration = onair_vmix_state_get_recording_duration (state);

  if (!self->recording_busy)
    {
      if (recording && self->recording_status != ONAIR_RECORDING_ON)
        {
          onair_controller_set_recording_status (self, ONAIR_RECORDING_ON);
          if (seen && !self->was_recording)
            {
              g_autoptr(JsonObject) params = json_object_new ();
              g_autoptr(JsonObject) result = json_object_new ();

              json_object_set_string_member (params, "by", "outside");
              json_object_set_boolean_member (result, "success", TRUE);
              json_object_set_string_member (result, "message",
                                             "vMix reports the recording on; Onair did not start it");
              onair_controller_emit_event (self, "recording_started", params, result);
            }
        }
      else if (!recording && self->recording_status == ONAIR_RECORDING_ON)
        {
          if (seen && self->was_recording)
            {
              g_autoptr(JsonObject) params = json_object_new ();
              g_autoptr(JsonObject) result = json_object_new ();
              g_autofree char *text = format_duration (self->recording_duration);

              self->recording_stopped_at_us = g_get_real_time ();
              self->recording_stopped_duration = self->recording_duration;
              json_object_set_string_member (params, "by", "outside");
              json_object_set_boolean_member (result, "success", TRUE);
              json_object_set_int_member (result, "duration_seconds", self->recording_duration);
              json_object_set_string_member (result, "duration", text);
              json_object_set_string_member (result, "message",
                                             "vMix reports the recording off; Onair did not stop it");
              onair_controller_set_recording_status (self, ONAIR_RECORDING_STOPPED_OUTSIDE);
              onair_controller_emit_event (self, "recording_stopped", params, result);
            }
          else
            onair_controller_set_recording_status (self, ONAIR_RECORDING_OFF);
        }
    }
  self->was_recording = recording;
}

void
onair_controller_observe_state (OnairController *self,
                                OnairVmixState  *state)
{
  observe_streams (self, state);
  observe_recording (self, state);
  self->have_previous = TRUE;
}

/**
 * onair_controller_get_channel_started_outside:
 * @channel: 0-based
 *
 * Returns: whether the channel is live and Onair did not start it, neither in this run
 *   nor (as far as the witness log says, see onair_controller_restore_channel()) before
 */
gboolean
onair_controller_get_channel_started_outside (OnairController *self,
                                              guint            channel)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), FALSE);
  g_return_val_if_fail (channel < ONAIR_VMIX_MAX_STREAMS, FALSE);

  return self->channels[channel].status == ONAIR_CHANNEL_LIVE && self->channels[channel].outside;
}

/**
 * onair_controller_restore_channel:
 * @channel: 0-based
 * @destination_name: (nullable): the destination Onair started it with
 * @since_us: when vMix confirmed it live, g_get_real_time() microseconds
 *
 * What the witness log says about the run before this one: Onair started the channel and
 * did not see it stop. If vMix reports the channel live at the first state after this
 * (or now, when a state came already and Onair has not started it since), it is Onair's:
 * its destination and on-air time are restored, and it is not "started outside".
 */
void
onair_controller_restore_channel (OnairController *self,
                                  guint            channel,
                                  const char      *destination_name,
                                  gint64           since_us)
{
  Channel *c;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  g_return_if_fail (channel < ONAIR_VMIX_MAX_STREAMS);

  c = &self->channels[channel];
  c->restore = TRUE;
  g_free (c->restore_destination);
  c->restore_destination = g_strdup (destination_name);
  c->restore_since_us = since_us;
  if (self->have_previous)
    {
      apply_restore (self, channel);
      c->restore = FALSE;
      g_clear_pointer (&c->restore_destination, g_free);
    }
}

OnairRecordingStatus
onair_controller_get_recording_status (OnairController *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), ONAIR_RECORDING_OFF);
  return self->recording_status;
}

/**
 * onair_controller_get_recording_stopped_outside:
 * @at_us: (out) (optional): when Onair saw it stop, g_get_real_time() microseconds
 * @duration_s: (out) (optional): how long it had recorded, as vMix last reported it
 *
 * Returns: whether the recording was stopped outside Onair and the producer has not
 *   acknowledged it (nor started a recording since)
 */
gboolean
onair_controller_get_recording_stopped_outside (OnairController *self,
                                                gint64          *at_us,
                                                gint64          *duration_s)
{
  g_return_val_if_fail (ONAIR_IS_CONTROLLER (self), FALSE);

  if (self->recording_status != ONAIR_RECORDING_STOPPED_OUTSIDE)
    return FALSE;
  if (at_us != NULL)
    *at_us = self->recording_stopped_at_us;
  if (duration_s != NULL)
    *duration_s = self->recording_stopped_duration;
  return TRUE;
}

/**
 * onair_controller_acknowledge_recording_stopped:
 *
 * The producer saw that the recording was stopped outside Onair: it reads off again.
 */
void
onair_controller_acknowledge_recording_stopped (OnairController *self)
{
  g_return_if_fail (ONAIR_IS_CONTROLLER (self));

  if (self->recording_status == ONAIR_RECORDING_STOPPED_OUTSIDE)
    onair_controller_set_recording_status (self, ONAIR_RECORDING_OFF);
}
