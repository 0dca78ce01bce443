/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <string.h>

/* Fault injection: the emulator's configurable misbehaviour (failed and closed requests,
 * broken documents, streams that drop, a stalled recording, silence) and the decisions of
 * which request or document it hits. The HTTP front applies latency and the fault a request
 * gets; the XML writer pads an oversized document. */

Fault
onair_emulator_next_fault (OnairEmulator *self,
                           const char    *function)
{
  if (function != NULL && self->fail_function_n > 0 &&
      g_strcmp0 (function, self->fail_function) == 0)
    {
      self->fail_function_n--;
      return FAULT_FAIL;
    }

  if (self->close_next > 0)
    {
      self->close_next--;
      return FAULT_CLOSE;
    }

  if (self->fail_next > 0)
    {
      self->fail_next--;
      return FAULT_FAIL;
    }

  if (self->fail_every > 0 && self->request_count % self->fail_every == 0)
    return FAULT_FAIL;

  return FAULT_NONE;
}

/* Breaks the rendered @document as the malformed and truncated faults ask. */
void
onair_emulator_damage_document (OnairEmulator *self,
                                GString       *document)
{
  if (self->malformed)
    {
      /* A mismatched end tag: <transitions> … </transition>. */
      const char *end = strstr (document->str, "</transitions>");

      if (end != NULL)
        g_string_erase (document, end - document->str + strlen ("</transition"), 1);
    }

  if (self->truncated)
    {
      const char *cut = g_utf8_find_prev_char (document->str, document->str + document->len / 2);

      g_string_truncate (document, cut != NULL ? (gsize) (cut - document->str) : 0);
    }
}

/* Public API */

void
onair_emulator_set_latency_ms (OnairEmulator *self,
                               guint          latency_ms)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->latency_ms = latency_ms;
}

void
onair_emulator_fail_next (OnairEmulator *self,
                          guint          n_requests)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->fail_next = n_requests;
}

/**
 * onair_emulator_fail_function:
 * @function: a function name, matched exactly
 * @n_calls: how many of its next calls fail
 *
 * The next @n_calls calls of @function get HTTP 500, whatever else is requested meanwhile
 * (polls are not counted, unlike onair_emulator_fail_next()).
 */
void
onair_emulator_fail_function (OnairEmulator *self,
                              const char    *function,
                              guint          n_calls)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (function != NULL);

  g_free (self->fail_function);
  self->fail_function = g_strdup (function);
  self->fail_function_n = n_calls;
}

void
onair_emulator_set_fail_every (OnairEmulator *self,
                               guint          every_n)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->fail_every = every_n;
}

void
onair_emulator_close_next (OnairEmulator *self,
                           guint          n_requests)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->close_next = n_requests;
}

void
onair_emulator_set_malformed_xml (OnairEmulator *self,
                                  gboolean       malformed)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->malformed = !!malformed;
}

void
onair_emulator_set_truncated_xml (OnairEmulator *self,
                                  gboolean       truncated)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->truncated = !!truncated;
}

void
onair_emulator_set_oversized_xml (OnairEmulator *self,
                                  gsize          extra_bytes)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->oversized = extra_bytes;
}

void
onair_emulator_drop_stream (OnairEmulator *self,
                            guint          stream)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (stream < self->profile->n_streams);

  self->streams[stream].live = FALSE;
  onair_emulator_notify_changes (self);
}

void
onair_emulator_set_drop_stream_after (OnairEmulator *self,
                                      guint          stream,
                                      guint          seconds)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (stream < self->profile->n_streams);

  self->streams[stream].drop_after_s = seconds;
  /* A stream already live may drop at once, or later by itself. */
  onair_emulator_notify_changes (self);
}

void
onair_emulator_set_recording_stalled (OnairEmulator *self,
                                      gboolean       stalled)
{
  gint64 now;

  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  stalled = !!stalled;
  if (stalled == self->recording_stalled)
    return;

  now = now_us (self);
  if (stalled)
    self->recording_accum_us += now - self->recording_segment_us;
  else
    self->recording_segment_us = now;

  self->recording_stalled = stalled;
}

void
onair_emulator_set_master_silent (OnairEmulator *self,
                                  gboolean       silent)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->master_silent = !!silent;
}
