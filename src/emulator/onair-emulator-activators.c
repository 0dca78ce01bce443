/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <string.h>

/* What the TCP API tells subscribers: vMix's activators (program and preview, recording,
 * streaming, the outputs, fade to black, the master audio) and the tally. The values are
 * kept as last told; after anything that may change them, the new values are compared with
 * those and every difference becomes a line, so that a change is pushed whatever made it
 * (HTTP or TCP functions, a direct call, a fault, the test clock) and nothing is pushed when
 * nothing changed. */

static void
take_activators (OnairEmulator *self,
                 Activators    *activators)
{
  GString *tally = g_string_sized_new (self->inputs->len);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* A stream whose time has come drops now, not at the next document. */
  onair_emulator_refresh_streams (self);

  activators->valid = TRUE;
  activators->active = self->active;
  activators->preview = self->preview;
  activators->recording = self->recording;
  activators->streaming = onair_emulator_any_stream_live (self);
  activators->external = self->external;
  activators->multicorder = self->multicorder;
  activators->fullscreen = self->fullscreen;
  activators->fade_to_black = self->fade_to_black;
  activators->master_audio = !self->master_muted;
  /* 0-1, in the 7 significant digits of the single-precision fader vMix keeps. */
  g_ascii_formatd (buf, sizeof buf, "%.7G", (float) (self->master_volume / 100.0));
  g_strlcpy (activators->master_volume, buf, sizeof activators->master_volume);

  for (guint i = 1; i <= self->inputs->len; i++)
    g_string_append_c (tally, i == self->active ? '1' : i == self->preview ? '2' : '0');
  activators->tally = g_string_free (tally, FALSE);
}

static void
append_flag (GString    *lines,
             const char *name,
             gboolean    was,
             gboolean    is)
{
  if (was != is)
    g_string_append_printf (lines, "ACTS OK %s %d\r\n", name, is ? 1 : 0);
}

/* "Input 3 1" for the input that is now there, "Input 1 0" for the one that left. */
static void
append_input (GString    *lines,
              const char *name,
              guint       was,
              guint       is)
{
  if (was == is)
    return;

  if (is != 0)
    g_string_append_printf (lines, "ACTS OK %s %u 1\r\n", name, is);
  if (was != 0)
    g_string_append_printf (lines, "ACTS OK %s %u 0\r\n", name, was);
}

/* A stream set to drop by itself on the real clock drops whether or not anyone asks; wake
 * up then, so that subscribers hear of it when it happens. */
static gboolean
drop_timeout_cb (gpointer data)
{
  OnairEmulator *self = data;

  g_clear_pointer (&self->drop_source, g_source_unref);
  onair_emulator_notify_changes (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_drop (OnairEmulator *self)
{
  gint64 first = G_MAXINT64;
  gint64 delay_ms;

  if (self->drop_source != NULL)
    {
      g_source_destroy (self->drop_source);
      g_clear_pointer (&self->drop_source, g_source_unref);
    }

  if (self->test_clock || self->tcp_service == NULL)
    return;

  for (guint i = 0; i < self->profile->n_streams; i++)
    {
      Stream *stream = &self->streams[i];

      if (stream->live && stream->drop_after_s > 0)
        first = MIN (first, stream->live_since_us + (gint64) stream->drop_after_s * G_USEC_PER_SEC);
    }
  if (first == G_MAXINT64)
    return;

  /* Rounded up: woken a little early, the stream would not have dropped yet. */
  delay_ms = MAX (0, first - now_us (self) + 999) / 1000;
  self->drop_source = g_timeout_source_new ((guint) MIN (delay_ms, G_MAXUINT));
  g_source_set_callback (self->drop_source, drop_timeout_cb, self, NULL);
  g_source_attach (self->drop_source, self->tcp_context);
}

void
onair_emulator_clear_activators (OnairEmulator *self)
{
  if (self->drop_source != NULL)
    {
      g_source_destroy (self->drop_source);
      g_clear_pointer (&self->drop_source, g_source_unref);
    }
  g_clear_pointer (&self->activators.tally, g_free);
  self->activators.valid = FALSE;
}

void
onair_emulator_reset_activators (OnairEmulator *self)
{
  onair_emulator_clear_activators (self);
  take_activators (self, &self->activators);
  schedule_drop (self);
}

void
onair_emulator_notify_changes (OnairEmulator *self)
{
  Activators now = { 0 };
  Activators *was = &self->activators;
  g_autoptr(GString) lines = NULL;

  /* Without the TCP front nobody listens; its start takes the values afresh. */
  if (self->tcp_service == NULL)
    return;
  if (!was->valid)
    {
      onair_emulator_reset_activators (self);
      return;
    }

  take_activators (self, &now);

  lines = g_string_new (NULL);
  append_input (lines, "Input", was->active, now.active);
  append_input (lines, "InputPreview", was->preview, now.preview);
  append_flag (lines, "Recording", was->recording, now.recording);
  append_flag (lines, "Streaming", was->streaming, now.streaming);
  append_flag (lines, "External", was->external, now.external);
  append_flag (lines, "MultiCorder", was->multicorder, now.multicorder);
  append_flag (lines, "Fullscreen", was->fullscreen, now.fullscreen);
  append_flag (lines, "FadeToBlack", was->fade_to_black, now.fade_to_black);
  append_flag (lines, "MasterAudio", was->master_audio, now.master_audio);
  if (!g_str_equal (was->master_volume, now.master_volume))
    g_string_append_printf (lines, "ACTS OK MasterVolume %s\r\n", now.master_volume);
  if (lines->len > 0)
    onair_emulator_tcp_broadcast (self, SUBSCRIBED_ACTS, lines->str);

  if (!g_str_equal (was->tally, now.tally))
    {
      g_autofree char *tally = g_strconcat ("TALLY OK ", now.tally, "\r\n", NULL);

      onair_emulator_tcp_broadcast (self, SUBSCRIBED_TALLY, tally);
    }

  g_free (was->tally);
  *was = now;

  schedule_drop (self);
}

char *
onair_emulator_tally_line (OnairEmulator *self)
{
  Activators now = { 0 };
  char *line;

  take_activators (self, &now);
  line = g_strconcat ("TALLY OK ", now.tally, NULL);
  g_free (now.tally);

  return line;
}

/* "Input" and "InputPreview" answer with the input that is there; followed by an input
 * number, with whether that input is there. */
static char *
input_line (const char *name,
            guint       current,
            const char *number,
            guint       n_inputs)
{
  guint asked;

  if (number == NULL)
    return current != 0 ? g_strdup_printf ("ACTS OK %s %u 1", name, current)
                        : g_strdup_printf ("ACTS ER %s has no input", name);

  if (!parse_uint (number, n_inputs + 1, &asked) || asked == 0)
    return g_strdup_printf ("ACTS ER No input %s", number);

  return g_strdup_printf ("ACTS OK %s %u %d", name, asked, asked == current ? 1 : 0);
}

char *
onair_emulator_activator_line (OnairEmulator *self,
                               const char    *args)
{
  g_auto(GStrv) words = g_strsplit (args != NULL ? args : "", " ", 3);
  const char *name = words[0];
  const char *number = name != NULL ? words[1] : NULL;
  Activators now = { 0 };
  char *line = NULL;

  if (is_blank (name))
    return g_strdup ("ACTS ER Missing activator name");

  take_activators (self, &now);

  if (g_str_equal (name, "Input"))
    line = input_line (name, now.active, number, self->inputs->len);
  else if (g_str_equal (name, "InputPreview"))
    line = input_line (name, now.preview, number, self->inputs->len);
  else if (g_str_equal (name, "MasterVolume"))
    line = g_strdup_printf ("ACTS OK MasterVolume %s", now.master_volume);
  else
    {
      const struct
      {
        const char *name;
        gboolean    value;
      } flags[] = {
        { "Recording", now.recording },
        { "Streaming", now.streaming },
        { "External", now.external },
        { "MultiCorder", now.multicorder },
        { "Fullscreen", now.fullscreen },
        { "FadeToBlack", now.fade_to_black },
        { "MasterAudio", now.master_audio },
      };

      for (guint i = 0; line == NULL && i < G_N_ELEMENTS (flags); i++)
        if (g_str_equal (name, flags[i].name))
          line = g_strdup_printf ("ACTS OK %s %d", name, flags[i].value ? 1 : 0);
    }

  if (line == NULL)
    line = g_strdup_printf ("ACTS ER Unknown activator %s", name);

  g_free (now.tally);

  return line;
}
