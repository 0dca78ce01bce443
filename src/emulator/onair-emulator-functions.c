/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <math.h>
#include <string.h>

/* The functions of vMix's API the emulator knows, by their real names (vMix's Shortcut
 * Function Reference), and the handlers that change the state model for them. */

#define RECORDING_FOLDER "C:\\Users\\vMix\\Documents\\vMix\\"

typedef void (*FunctionFunc) (OnairEmulator *self,
                              GHashTable    *params,
                              int            arg);

typedef struct
{
  const char   *name;
  FunctionFunc  func; /* NULL: a real vMix function the emulator acknowledges and ignores */
  int           arg;
} Function;

const char *
onair_emulator_lookup_param (GHashTable *params,
                             const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (params == NULL)
    return NULL;

  /* vMix reads query parameter names without regard to case; function names it does not. */
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return value;

  return NULL;
}

/* "N,<text>": N is the 0-based stream; a value without a valid "N," prefix is for stream 0.
 * A URL like "rtmp://..." has no digits-and-comma prefix and stays whole. */
static guint
split_stream_value (OnairEmulator  *self,
                    const char     *value,
                    const char    **text)
{
  const char *comma = strchr (value, ',');
  g_autofree char *prefix = NULL;
  guint index;

  *text = value;
  if (comma == NULL || comma == value)
    return 0;

  prefix = g_strndup (value, comma - value);
  for (const char *p = prefix; *p; p++)
    if (!g_ascii_isdigit (*p))
      return 0;

  if (!parse_uint (prefix, self->profile->n_streams, &index))
    return 0;

  *text = comma + 1;
  return index;
}

static void
fn_streaming_set (OnairEmulator *self,
                  GHashTable    *params,
                  int            field)
{
  const char *value = onair_emulator_lookup_param (params, "Value");
  const char *text;
  guint index;

  if (value == NULL)
    return;

  index = split_stream_value (self, value, &text);
  g_free (self->streams[index].fields[field]);
  self->streams[index].fields[field] = g_strdup (text);
}

static void
start_stream (OnairEmulator *self,
              guint          index)
{
  Stream *stream = &self->streams[index];

  if (stream->live)
    return;

  /* vMix refuses to start a stream without a destination. */
  if (is_blank (stream->fields[FIELD_URL]) || is_blank (stream->fields[FIELD_KEY]))
    {
      g_debug ("Stream %u has no URL or key; it stays off", index);
      return;
    }

  stream->live = TRUE;
  stream->live_since_us = now_us (self);
}

typedef enum
{
  ACTION_START,
  ACTION_STOP,
  ACTION_TOGGLE,
} Action;

static void
fn_streaming (OnairEmulator *self,
              GHashTable    *params,
              int            action)
{
  const char *value = onair_emulator_lookup_param (params, "Value");
  guint index;

  onair_emulator_refresh_streams (self);

  if (is_blank (value))
    {
      gboolean start = action == ACTION_START ||
                       (action == ACTION_TOGGLE && !onair_emulator_any_stream_live (self));

      for (guint i = 0; i < self->profile->n_streams; i++)
        {
          if (start)
            start_stream (self, i);
          else
            self->streams[i].live = FALSE;
        }
      return;
    }

  if (!parse_uint (value, self->profile->n_streams, &index))
    return;

  if (action == ACTION_START || (action == ACTION_TOGGLE && !self->streams[index].live))
    start_stream (self, index);
  else
    self->streams[index].live = FALSE;
}

static void
fn_srt (OnairEmulator *self,
        GHashTable    *params,
        int            action)
{
  const char *value = onair_emulator_lookup_param (params, "Value");
  guint index = 0;

  if (!is_blank (value) && !parse_uint (value, N_SRT_OUTPUTS, &index))
    return;

  if (action == ACTION_TOGGLE)
    self->srt[index] = !self->srt[index];
  else
    self->srt[index] = action == ACTION_START;
}

static void
fn_recording (OnairEmulator *self,
              GHashTable    *params,
              int            action)
{
  gboolean start = action == ACTION_START || (action == ACTION_TOGGLE && !self->recording);

  if (start == self->recording)
    return;

  self->recording = start;
  if (start)
    {
      gint64 now = now_us (self);
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *stamp = NULL;

      self->recording_start_us = now;
      self->recording_segment_us = now;
      self->recording_accum_us = 0;

      /* The test clock is UTC so that file names do not depend on the machine's zone. */
      if (self->test_clock)
        dt = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
      else
        dt = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
      stamp = g_date_time_format (dt, "%Y-%m-%d %H-%M-%S");

      g_free (self->recording_filename);
      self->recording_filename = g_strconcat (RECORDING_FOLDER "capture - ", stamp, ".mp4", NULL);
    }
}

static void
fn_write_recording_log (OnairEmulator *self,
                        GHashTable    *params,
                        int            arg)
{
  const char *tag = onair_emulator_lookup_param (params, "Value");
  gint64 seconds;

  if (!self->recording)
    return;

  seconds = onair_emulator_recording_duration_us (self) / G_USEC_PER_SEC;
  if (is_blank (tag))
    g_ptr_array_add (self->recording_log, g_strdup_printf ("%" G_GINT64_FORMAT, seconds));
  else
    g_ptr_array_add (self->recording_log,
                     g_strdup_printf ("%" G_GINT64_FORMAT " %s", seconds, tag));
}

static void
set_flag (gboolean *flag,
          int       action)
{
  if (action == ACTION_TOGGLE)
    *flag = !*flag;
  else
    *flag = action == ACTION_START;
}

static void
fn_external (OnairEmulator *self,
             GHashTable    *params,
             int            action)
{
  set_flag (&self->external, action);
}

static void
fn_multicorder (OnairEmulator *self,
                GHashTable    *params,
                int            action)
{
  set_flag (&self->multicorder, action);
}

static void
fn_playlist (OnairEmulator *self,
             GHashTable    *params,
             int            action)
{
  set_flag (&self->playlist, action);
}

static void
fn_fullscreen (OnairEmulator *self,
               GHashTable    *params,
               int            action)
{
  set_flag (&self->fullscreen, action);
}

static void
fn_fade_to_black (OnairEmulator *self,
                  GHashTable    *params,
                  int            arg)
{
  self->fade_to_black = !self->fade_to_black;
}

/* Only the main mix (Mix=0 or none) is emulated: a call for another mix is acknowledged
 * and ignored. */
static gboolean
is_main_mix (GHashTable *params)
{
  const char *mix = onair_emulator_lookup_param (params, "Mix");

  return is_blank (mix) || g_str_equal (mix, "0");
}

static void
fn_transition (OnairEmulator *self,
               GHashTable    *params,
               int            arg)
{
  const char *spec = onair_emulator_lookup_param (params, "Input");
  guint previous = self->active;

  if (!is_main_mix (params))
    return;

  if (!is_blank (spec))
    {
      guint number = onair_emulator_resolve_input (self, spec);

      if (number != 0)
        self->active = number;
      return;
    }

  self->active = self->preview;
  self->preview = previous;
}

typedef enum
{
  SET_PREVIEW,
  SET_ACTIVE,
} InputTarget;

static void
fn_select_input (OnairEmulator *self,
                 GHashTable    *params,
                 int            target)
{
  const char *spec = onair_emulator_lookup_param (params, "Input");
  guint number = onair_emulator_resolve_input (self, spec);

  if (number == 0 || !is_main_mix (params))
    return;

  if (target == SET_PREVIEW)
    self->preview = number;
  else
    self->active = number;
}

typedef enum
{
  OVERLAY_TOGGLE,
  OVERLAY_IN,
  OVERLAY_OUT,
  OVERLAY_ALL_OFF,
} OverlayOp;

static void
fn_overlay (OnairEmulator *self,
            GHashTable    *params,
            int            packed)
{
  guint index = packed / 16;
  OverlayOp op = packed % 16;
  const char *spec = onair_emulator_lookup_param (params, "Input");
  guint number = is_blank (spec) ? self->preview : onair_emulator_resolve_input (self, spec);

  switch (op)
    {
    case OVERLAY_ALL_OFF:
      memset (self->overlays, 0, sizeof self->overlays);
      break;

    case OVERLAY_OUT:
      self->overlays[index] = 0;
      break;

    case OVERLAY_IN:
      if (number != 0)
        self->overlays[index] = number;
      break;

    case OVERLAY_TOGGLE:
    default:
      if (self->overlays[index] != 0 && (is_blank (spec) || self->overlays[index] == number))
        self->overlays[index] = 0;
      else if (number != 0)
        self->overlays[index] = number;
      break;
    }
}

#define OVERLAY(n, op) (((n) - 1) * 16 + (op))

static Input *
param_input (OnairEmulator *self,
             GHashTable    *params)
{
  const char *spec = onair_emulator_lookup_param (params, "Input");

  return onair_emulator_nth_input (self, onair_emulator_resolve_input (self, spec));
}

static void
fn_input_audio (OnairEmulator *self,
                GHashTable    *params,
                int            action)
{
  Input *input = param_input (self, params);
  gboolean on;

  if (input == NULL || !input->has_audio)
    return;

  on = !input->muted;
  set_flag (&on, action);
  input->muted = !on;
}

static void
fn_input_solo (OnairEmulator *self,
               GHashTable    *params,
               int            action)
{
  Input *input = param_input (self, params);

  if (input != NULL && input->has_audio)
    set_flag (&input->solo, action);
}

/* vMix keeps a fader as a single-precision amplitude, (volume / 100)^4, and writes it back
 * as a volume in the precision of a .NET float. */
static gboolean
parse_volume (GHashTable *params,
              double     *volume)
{
  guint value;
  float amplitude;

  if (!parse_uint (onair_emulator_lookup_param (params, "Value"), 101, &value))
    return FALSE;
  amplitude = powf (value / 100.0f, 4.0f);
  *volume = 100.0f * powf (amplitude, 0.25f);
  return TRUE;
}

static void
fn_set_volume (OnairEmulator *self,
               GHashTable    *params,
               int            arg)
{
  Input *input = param_input (self, params);
  double volume;

  if (input != NULL && input->has_audio && parse_volume (params, &volume))
    input->volume = volume;
}

typedef enum
{
  MASTER_VOLUME,
  HEADPHONES_VOLUME,
  BUS_A_VOLUME,
  BUS_B_VOLUME,
} VolumeTarget;

static void
fn_set_mix_volume (OnairEmulator *self,
                   GHashTable    *params,
                   int            target)
{
  double volume;

  if (!parse_volume (params, &volume))
    return;

  switch (target)
    {
    case MASTER_VOLUME:
      self->master_volume = volume;
      break;
    case HEADPHONES_VOLUME:
      self->headphones_volume = volume;
      break;
    default:
      self->buses[target - BUS_A_VOLUME].volume = volume;
      break;
    }
}

static void
fn_master_audio (OnairEmulator *self,
                 GHashTable    *params,
                 int            action)
{
  gboolean on = !self->master_muted;

  set_flag (&on, action);
  self->master_muted = !on;
}

static void
fn_bus_audio (OnairEmulator *self,
              GHashTable    *params,
              int            action)
{
  const char *value = onair_emulator_lookup_param (params, "Value");
  gboolean on;
  Bus *bus;

  if (value == NULL || strlen (value) != 1 || value[0] < 'A' || value[0] >= 'A' + N_BUSES)
    return;

  bus = &self->buses[value[0] - 'A'];
  on = !bus->muted;
  set_flag (&on, action);
  bus->muted = !on;
}

typedef enum
{
  PLAY,
  PAUSE,
  PLAY_PAUSE,
  RESTART,
} PlaybackOp;

static void
fn_playback (OnairEmulator *self,
             GHashTable    *params,
             int            op)
{
  Input *input = param_input (self, params);

  if (input == NULL || input->duration_ms == 0)
    return;

  switch (op)
    {
    case PLAY:
      input->state = "Running";
      break;
    case PAUSE:
      input->state = "Paused";
      break;
    case PLAY_PAUSE:
      input->state = g_str_equal (input->state, "Running") ? "Paused" : "Running";
      break;
    default:
      break;
    }
}

static void
fn_loop (OnairEmulator *self,
         GHashTable    *params,
         int            action)
{
  Input *input = param_input (self, params);

  if (input != NULL && input->duration_ms != 0)
    set_flag (&input->loop, action);
}

static void
fn_set_text (OnairEmulator *self,
             GHashTable    *params,
             int            arg)
{
  Input *input = param_input (self, params);
  const char *value = onair_emulator_lookup_param (params, "Value");
  const char *name = onair_emulator_lookup_param (params, "SelectedName");
  const char *index_str = onair_emulator_lookup_param (params, "SelectedIndex");
  guint index = 0;

  if (input == NULL || input->text_names[0] == NULL || value == NULL)
    return;

  if (!is_blank (name))
    {
      for (index = 0; index < G_N_ELEMENTS (input->texts); index++)
        if (g_str_equal (name, input->text_names[index]))
          break;
      if (index == G_N_ELEMENTS (input->texts))
        return;
    }
  else if (!is_blank (index_str) && !parse_uint (index_str, G_N_ELEMENTS (input->texts), &index))
    {
      return;
    }

  g_free (input->texts[index]);
  input->texts[index] = g_strdup (value);
}

static void
fn_set_transition_effect (OnairEmulator *self,
                          GHashTable    *params,
                          int            index)
{
  const char *value = onair_emulator_lookup_param (params, "Value");

  if (is_blank (value))
    return;

  g_free (self->transitions[index].effect);
  self->transitions[index].effect = g_strdup (value);
}

static void
fn_set_transition_duration (OnairEmulator *self,
                            GHashTable    *params,
                            int            index)
{
  guint duration;

  if (parse_uint (onair_emulator_lookup_param (params, "Value"), 10000, &duration))
    self->transitions[index].duration_ms = duration;
}

static void
fn_set_dynamic_input (OnairEmulator *self,
                      GHashTable    *params,
                      int            index)
{
  const char *value = onair_emulator_lookup_param (params, "Value");

  g_free (self->dynamic_inputs[index]);
  self->dynamic_inputs[index] = g_strdup (value);
}

static void
fn_set_dynamic_value (OnairEmulator *self,
                      GHashTable    *params,
                      int            index)
{
  const char *value = onair_emulator_lookup_param (params, "Value");

  g_free (self->dynamic_values[index]);
  self->dynamic_values[index] = g_strdup (value);
}

/* Real vMix shortcut function names (vMix's Shortcut Function Reference), case-sensitive. */
static const Function functions[] = {
  { "StreamingSetURL", fn_streaming_set, FIELD_URL },
  { "StreamingSetKey", fn_streaming_set, FIELD_KEY },
  { "StreamingSetUsername", fn_streaming_set, FIELD_USERNAME },
  { "StreamingSetPassword", fn_streaming_set, FIELD_PASSWORD },
  { "StartStreaming", fn_streaming, ACTION_START },
  { "StopStreaming", fn_streaming, ACTION_STOP },
  { "StartStopStreaming", fn_streaming, ACTION_TOGGLE },
  { "StartSRTOutput", fn_srt, ACTION_START },
  { "StopSRTOutput", fn_srt, ACTION_STOP },
  { "StartStopSRTOutput", fn_srt, ACTION_TOGGLE },
  { "StartRecording", fn_recording, ACTION_START },
  { "StopRecording", fn_recording, ACTION_STOP },
  { "StartStopRecording", fn_recording, ACTION_TOGGLE },
  { "WriteDurationToRecordingLog", fn_write_recording_log, 0 },
  { "StartExternal", fn_external, ACTION_START },
  { "StopExternal", fn_external, ACTION_STOP },
  { "StartStopExternal", fn_external, ACTION_TOGGLE },
  { "StartMultiCorder", fn_multicorder, ACTION_START },
  { "StopMultiCorder", fn_multicorder, ACTION_STOP },
  { "StartStopMultiCorder", fn_multicorder, ACTION_TOGGLE },
  { "StartPlayList", fn_playlist, ACTION_START },
  { "StopPlayList", fn_playlist, ACTION_STOP },
  { "FullscreenOn", fn_fullscreen, ACTION_START },
  { "FullscreenOff", fn_fullscreen, ACTION_STOP },
  { "Fullscreen", fn_fullscreen, ACTION_TOGGLE },
  { "FadeToBlack", fn_fade_to_black, 0 },

  { "PreviewInput", fn_select_input, SET_PREVIEW },
  { "ActiveInput", fn_select_input, SET_ACTIVE },
  { "CutDirect", fn_select_input, SET_ACTIVE },
  { "QuickPlay", fn_select_input, SET_ACTIVE },
  { "Cut", fn_transition, 0 },
  { "Fade", fn_transition, 0 },
  { "Zoom", fn_transition, 0 },
  { "Wipe", fn_transition, 0 },
  { "Slide", fn_transition, 0 },
  { "Fly", fn_transition, 0 },
  { "CrossZoom", fn_transition, 0 },
  { "FlyRotate", fn_transition, 0 },
  { "Cube", fn_transition, 0 },
  { "CubeZoom", fn_transition, 0 },
  { "VerticalWipe", fn_transition, 0 },
  { "VerticalSlide", fn_transition, 0 },
  { "Merge", fn_transition, 0 },
  { "WipeReverse", fn_transition, 0 },
  { "SlideReverse", fn_transition, 0 },
  { "VerticalWipeReverse", fn_transition, 0 },
  { "VerticalSlideReverse", fn_transition, 0 },
  { "BarnDoor", fn_transition, 0 },
  { "RollerDoor", fn_transition, 0 },
  { "Transition1", fn_transition, 0 },
  { "Transition2", fn_transition, 0 },
  { "Transition3", fn_transition, 0 },
  { "Transition4", fn_transition, 0 },
  { "Stinger1", fn_transition, 0 },
  { "Stinger2", fn_transition, 0 },
  { "SetTransitionEffect1", fn_set_transition_effect, 0 },
  { "SetTransitionEffect2", fn_set_transition_effect, 1 },
  { "SetTransitionEffect3", fn_set_transition_effect, 2 },
  { "SetTransitionEffect4", fn_set_transition_effect, 3 },
  { "SetTransitionDuration1", fn_set_transition_duration, 0 },
  { "SetTransitionDuration2", fn_set_transition_duration, 1 },
  { "SetTransitionDuration3", fn_set_transition_duration, 2 },
  { "SetTransitionDuration4", fn_set_transition_duration, 3 },

  { "OverlayInput1", fn_overlay, OVERLAY (1, OVERLAY_TOGGLE) },
  { "OverlayInput2", fn_overlay, OVERLAY (2, OVERLAY_TOGGLE) },
  { "OverlayInput3", fn_overlay, OVERLAY (3, OVERLAY_TOGGLE) },
  { "OverlayInput4", fn_overlay, OVERLAY (4, OVERLAY_TOGGLE) },
  { "OverlayInput1In", fn_overlay, OVERLAY (1, OVERLAY_IN) },
  { "OverlayInput2In", fn_overlay, OVERLAY (2, OVERLAY_IN) },
  { "OverlayInput3In", fn_overlay, OVERLAY (3, OVERLAY_IN) },
  { "OverlayInput4In", fn_overlay, OVERLAY (4, OVERLAY_IN) },
  { "OverlayInput1Out", fn_overlay, OVERLAY (1, OVERLAY_OUT) },
  { "OverlayInput2Out", fn_overlay, OVERLAY (2, OVERLAY_OUT) },
  { "OverlayInput3Out", fn_overlay, OVERLAY (3, OVERLAY_OUT) },
  { "OverlayInput4Out", fn_overlay, OVERLAY (4, OVERLAY_OUT) },
  { "OverlayInput1Off", fn_overlay, OVERLAY (1, OVERLAY_OUT) },
  { "OverlayInput2Off", fn_overlay, OVERLAY (2, OVERLAY_OUT) },
  { "OverlayInput3Off", fn_overlay, OVERLAY (3, OVERLAY_OUT) },
  { "OverlayInput4Off", fn_overlay, OVERLAY (4, OVERLAY_OUT) },
  { "OverlayInputAllOff", fn_overlay, OVERLAY (1, OVERLAY_ALL_OFF) },
  { "PreviewOverlayInput1", NULL, 0 },
  { "PreviewOverlayInput2", NULL, 0 },
  { "PreviewOverlayInput3", NULL, 0 },
  { "PreviewOverlayInput4", NULL, 0 },

  { "Audio", fn_input_audio, ACTION_TOGGLE },
  { "AudioOn", fn_input_audio, ACTION_START },
  { "AudioOff", fn_input_audio, ACTION_STOP },
  { "Solo", fn_input_solo, ACTION_TOGGLE },
  { "SoloOn", fn_input_solo, ACTION_START },
  { "SoloOff", fn_input_solo, ACTION_STOP },
  { "SetVolume", fn_set_volume, 0 },
  { "SetMasterVolume", fn_set_mix_volume, MASTER_VOLUME },
  { "SetHeadphonesVolume", fn_set_mix_volume, HEADPHONES_VOLUME },
  { "SetBusAVolume", fn_set_mix_volume, BUS_A_VOLUME },
  { "SetBusBVolume", fn_set_mix_volume, BUS_B_VOLUME },
  { "MasterAudio", fn_master_audio, ACTION_TOGGLE },
  { "MasterAudioOn", fn_master_audio, ACTION_START },
  { "MasterAudioOff", fn_master_audio, ACTION_STOP },
  { "BusXAudio", fn_bus_audio, ACTION_TOGGLE },
  { "BusXAudioOn", fn_bus_audio, ACTION_START },
  { "BusXAudioOff", fn_bus_audio, ACTION_STOP },

  { "Play", fn_playback, PLAY },
  { "Pause", fn_playback, PAUSE },
  { "PlayPause", fn_playback, PLAY_PAUSE },
  { "Restart", fn_playback, RESTART },
  { "Loop", fn_loop, ACTION_TOGGLE },
  { "LoopOn", fn_loop, ACTION_START },
  { "LoopOff", fn_loop, ACTION_STOP },
  { "SetText", fn_set_text, 0 },
  { "SetDynamicInput1", fn_set_dynamic_input, 0 },
  { "SetDynamicInput2", fn_set_dynamic_input, 1 },
  { "SetDynamicInput3", fn_set_dynamic_input, 2 },
  { "SetDynamicInput4", fn_set_dynamic_input, 3 },
  { "SetDynamicValue1", fn_set_dynamic_value, 0 },
  { "SetDynamicValue2", fn_set_dynamic_value, 1 },
  { "SetDynamicValue3", fn_set_dynamic_value, 2 },
  { "SetDynamicValue4", fn_set_dynamic_value, 3 },

  /* Acknowledged, nothing to show in the state document. */
  { "Snapshot", NULL, 0 },
  { "SnapshotInput", NULL, 0 },
  { "SetOutput2", NULL, 0 },
  { "SetOutput3", NULL, 0 },
  { "SetOutput4", NULL, 0 },
  { "SetOutputExternal2", NULL, 0 },
  { "SetOutputFullscreen", NULL, 0 },
  { "SetOutputFullscreen2", NULL, 0 },
  { "NextPlayListEntry", NULL, 0 },
  { "PreviousPlayListEntry", NULL, 0 },
  { "SelectPlayList", NULL, 0 },
  { "ScriptStart", NULL, 0 },
  { "ScriptStop", NULL, 0 },
  { "ScriptStopAll", NULL, 0 },
};

static const Function *
find_function (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (functions[i].name, name))
      return &functions[i];

  return NULL;
}

/* Runs the function @name with @params on the state.
 *
 * Returns: %FALSE when the emulated vMix does not know the function */
gboolean
onair_emulator_run_function (OnairEmulator *self,
                             const char    *name,
                             GHashTable    *params)
{
  const Function *function = find_function (name);

  /* SRT outputs came with vMix 24: older versions do not know their functions. */
  if (function == NULL || (function->func == fn_srt && self->profile->major < 24))
    return FALSE;

  /* The issue asks for an error on a bad Value; vmix-api.md (which wins) says vMix
   * acknowledges a known function with 200 whatever its parameters and simply does
   * nothing with a value it cannot use. The handlers leave the state unchanged then. */
  if (function->func != NULL)
    function->func (self, params, function->arg);

  return TRUE;
}
