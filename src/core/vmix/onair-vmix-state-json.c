/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "onair-vmix-state-json.h"

/* The state as `onair-vmix status --json` prints it, for scripts (README, "Command-line
 * tools"). Written by hand rather than with JsonGenerator: numbers are written in their
 * shortest form that reads back the same (vMix's "59.96953", not json-glib's
 * "59.969529999999999"), and a number that is not finite is written as null, never as
 * something no JSON reader accepts. */

typedef struct
{
  GString  *out;
  guint     depth;
  gboolean  first;   /* no member or element yet in the innermost container */
} Writer;

static void
newline (Writer *w)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

/* Starts a member of an object (@name) or an element of an array (@name NULL). */
static void
next (Writer     *w,
      const char *name)
{
  if (!w->first)
    g_string_append_c (w->out, ',');
  w->first = FALSE;
  newline (w);
  if (name != NULL)
    {
      g_string_append_printf (w->out, "\"%s\": ", name);
    }
}

static void
open_container (Writer     *w,
                const char *name,
                char        bracket)
{
  next (w, name);
  g_string_append_c (w->out, bracket);
  w->depth++;
  w->first = TRUE;
}

static void
close_container (Writer *w,
                 char    bracket)
{
  gboolean empty = w->first;

  w->depth--;
  if (!empty)
    newline (w);
  g_string_append_c (w->out, bracket);
  w->first = FALSE;
}

static void
add_string (Writer     *w,
            const char *name,
            const char *value)
{
  next (w, name);
  if (value == NULL)
    {
      g_string_append (w->out, "null");
      return;
    }
  g_string_append_c (w->out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (w->out, "\\%c", c);
      else if (c == '\n')
        g_string_append (w->out, "\\n");
      else if (c == '\r')
        g_string_append (w->out, "\\r");
      else if (c == '\t')
        g_string_append (w->out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (w->out, "\\u%04x", c);
      else
        g_string_append_c (w->out, (char) c);
    }
  g_string_append_c (w->out, '"');
}

static void
add_bool (Writer     *w,
          const char *name,
          gboolean    value)
{
  next (w, name);
  g_string_append (w->out, value ? "true" : "false");
}

static void
add_null (Writer     *w,
          const char *name)
{
  next (w, name);
  g_string_append (w->out, "null");
}

static void
add_int (Writer     *w,
         const char *name,
         gint64      value)
{
  next (w, name);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

/* The shortest decimal that reads back as @value. */
static void
add_number (Writer     *w,
            const char *name,
            double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      add_null (w, name);
      return;
    }
  next (w, name);
  if (value == 0)
    value = 0; /* no "-0" */
  /* Enough digits for the integer part, so that 100 is not written 1e+02. */
  for (int digits = fabs (value) >= 1 ? MIN ((int) floor (log10 (fabs (value))) + 1, 17) : 1;
       digits <= 17;
       digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (w->out, buffer);
}

/* A volume: null when vMix did not send one (the parser keeps -1 then). */
static void
add_volume (Writer     *w,
            const char *name,
            double      volume)
{
  if (volume >= 0)
    add_number (w, name, volume);
  else
    add_null (w, name);
}

static void
add_meter (Writer               *w,
           const char           *name,
           const OnairVmixMeter *meter,
           gboolean              master)
{
  open_container (w, name, '{');
  add_volume (w, "volume", meter->volume);
  add_bool (w, "muted", meter->muted);
  if (master)
    add_volume (w, "headphones_volume", meter->headphones_volume);
  open_container (w, "meters", '[');
  add_number (w, NULL, meter->left);
  add_number (w, NULL, meter->right);
  close_container (w, ']');
  close_container (w, '}');
}

static void
add_input_number (Writer     *w,
                  const char *name,
                  guint       number)
{
  if (number > 0)
    add_int (w, name, number);
  else
    add_null (w, name);
}

/**
 * onair_vmix_state_to_json:
 *
 * Returns: (transfer full): the state as a JSON object, pretty-printed, ending in a newline
 */
char *
onair_vmix_state_to_json (OnairVmixState *state)
{
  Writer w = { g_string_new (NULL), 0, TRUE };
  const char * const *files = onair_vmix_state_get_recording_files (state);
  const OnairVmixMeter *master = onair_vmix_state_get_master (state);
  gint64 duration = onair_vmix_state_get_recording_duration (state);
  guint stream_count = MIN (onair_vmix_state_get_stream_count (state), ONAIR_VMIX_MAX_STREAMS);
  guint srt_count = onair_vmix_state_get_srt_output_count (state);

  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (state), NULL);

  g_string_append_c (w.out, '{');
  w.depth = 1;

  add_string (&w, "version", onair_vmix_state_get_version (state));
  add_string (&w, "edition", onair_vmix_state_get_edition (state));

  add_bool (&w, "streaming", onair_vmix_state_get_streaming (state));
  add_bool (&w, "streams_reported", onair_vmix_state_get_streams_reported (state));
  add_int (&w, "stream_count", stream_count);
  open_container (&w, "streams", '[');
  for (guint i = 0; i < stream_count; i++)
    switch (onair_vmix_state_get_stream_state (state, i))
      {
      case ONAIR_VMIX_STREAM_ON:
        add_bool (&w, NULL, TRUE);
        break;
      case ONAIR_VMIX_STREAM_OFF:
        add_bool (&w, NULL, FALSE);
        break;
      case ONAIR_VMIX_STREAM_UNKNOWN:
      default:
        add_null (&w, NULL);
        break;
      }
  close_container (&w, ']');

  add_bool (&w, "recording", onair_vmix_state_get_recording (state));
  if (duration >= 0)
    add_int (&w, "recording_duration_s", duration);
  else
    add_null (&w, "recording_duration_s");
  open_container (&w, "recording_files", '[');
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    add_string (&w, NULL, files[i]);
  close_container (&w, ']');

  add_bool (&w, "external", onair_vmix_state_get_external (state));
  add_bool (&w, "multicorder", onair_vmix_state_get_multicorder (state));
  if (onair_vmix_state_get_has_fade_to_black (state))
    add_bool (&w, "fade_to_black", onair_vmix_state_get_fade_to_black (state));
  else
    add_null (&w, "fade_to_black");
  add_input_number (&w, "active", onair_vmix_state_get_active (state));
  add_input_number (&w, "preview", onair_vmix_state_get_preview (state));
  add_int (&w, "input_count", onair_vmix_state_get_n_inputs (state));

  /* Outputs 1–4 when vMix lists none: their SRT state is then unknown (null). */
  open_container (&w, "srt_outputs", '[');
  for (guint i = 0; i < onair_vmix_state_get_n_outputs (state); i++)
    {
      const OnairVmixOutput *output = onair_vmix_state_get_output (state, i);

      if (!onair_vmix_output_is_type (output, "Output"))
        continue;
      open_container (&w, NULL, '{');
      add_int (&w, "number", output->number);
      add_bool (&w, "srt", output->srt);
      close_container (&w, '}');
      srt_count = 0;
    }
  for (guint i = 0; i < srt_count; i++)
    {
      open_container (&w, NULL, '{');
      add_int (&w, "number", i + 1);
      add_null (&w, "srt");
      close_container (&w, '}');
    }
  close_container (&w, ']');

  if (master != NULL)
    {
      open_container (&w, "master_meters", '[');
      add_number (&w, NULL, master->left);
      add_number (&w, NULL, master->right);
      close_container (&w, ']');
      add_meter (&w, "master", master, TRUE);
    }
  else
    {
      add_null (&w, "master_meters");
      add_null (&w, "master");
    }

  open_container (&w, "buses", '{');
  for (guint i = 0; i < onair_vmix_state_get_n_buses (state); i++)
    {
      const OnairVmixMeter *bus = onair_vmix_state_get_bus (state, i);

      /* "busA" is reported as "A". */
      if (g_str_has_prefix (bus->name, "bus") && bus->name[3] != '\0' &&
          strchr (bus->name, '"') == NULL && strchr (bus->name, '\\') == NULL)
        add_meter (&w, bus->name + 3, bus, FALSE);
    }
  close_container (&w, '}');

  close_container (&w, '}');
  g_string_append_c (w.out, '\n');
  return g_string_free (w.out, FALSE);
}
