/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator.h"

#include <libsoup/soup.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

/* What the emulator answers is what docs/vmix-api.md documents, nothing more, in the
 * spellings real vMix documents use. */

#define N_OVERLAYS     8
#define N_TRANSITIONS  4
#define N_SRT_OUTPUTS  4
#define N_DYNAMIC      4
#define MAX_STREAMS    5
#define N_BUSES        2
#define DEFAULT_INPUTS 6

#define RECORDING_FOLDER "C:\\Users\\vMix\\Documents\\vMix\\"
#define PRESET_PATH      "C:\\Shows\\Sunday Service.vmix"

typedef struct
{
  const char *version;
  guint       major;
  const char *edition;
  guint       n_streams;
  gboolean    has_outputs;     /* <outputs> exists from vMix 28 */
  gboolean    channels;        /* <streaming> names the channels that are on (vMix 22+) */
} Profile;

static const Profile profiles[] = {
  [ONAIR_EMULATOR_PROFILE_VMIX28] = { "28.0.0.39", 28, "4K", 5, TRUE, TRUE },
  [ONAIR_EMULATOR_PROFILE_VMIX26] = { "26.0.0.45", 26, "HD", 3, FALSE, TRUE },
  [ONAIR_EMULATOR_PROFILE_VMIX21] = { "21.0.0.55", 21, "HD", 3, FALSE, FALSE },
};

typedef enum
{
  FIELD_URL,
  FIELD_KEY,
  FIELD_USERNAME,
  FIELD_PASSWORD,
  N_FIELDS
} StreamField;

typedef struct
{
  char     *fields[N_FIELDS];
  gboolean  live;
  gint64    live_since_us;
  guint     drop_after_s;
} Stream;

typedef struct
{
  char       *key;
  const char *type;
  char       *title;
  const char *state;        /* "Running" or "Paused" */
  guint       duration_ms;
  gboolean    loop;
  gboolean    has_audio;
  gboolean    muted;
  gboolean    solo;
  double      volume;       /* as vMix writes it: 0–100, a .NET float */
  const char *audiobusses;
  const char *text_names[2]; /* GT titles only */
  char       *texts[2];
  double      phase;
} Input;

typedef struct
{
  char  *effect;
  guint  duration_ms;
} Transition;

typedef struct
{
  double   volume;
  gboolean muted;
} Bus;

typedef enum
{
  FAULT_NONE,
  FAULT_FAIL,
  FAULT_CLOSE,
} Fault;

typedef struct _PendingReply PendingReply;

struct _OnairEmulator
{
  GObject        parent_instance;

  const Profile *profile;
  SoupServer    *server;
  GMainContext  *context; /* where the server runs, for delayed answers too */
  guint          port;
  char          *user;
  char          *password;
  GTlsCertificate *tls_certificate;   /* serve HTTPS, as vMix behind a TLS proxy */

  GPtrArray     *inputs;
  guint          preview;
  guint          active;
  guint          overlays[N_OVERLAYS];
  Transition     transitions[N_TRANSITIONS];
  gboolean       fade_to_black;
  Stream         streams[MAX_STREAMS];
  gboolean       srt[N_SRT_OUTPUTS];
  gboolean       external;
  gboolean       multicorder;
  gboolean       playlist;
  gboolean       fullscreen;
  char          *dynamic_inputs[N_DYNAMIC];
  char          *dynamic_values[N_DYNAMIC];

  gboolean       recording;
  gint64         recording_start_us;
  gint64         recording_segment_us;
  gint64         recording_accum_us;
  gboolean       recording_stalled;
  char          *recording_filename;
  GPtrArray     *recording_log;

  double         master_volume;
  gboolean       master_muted;
  double         headphones_volume;
  Bus            buses[N_BUSES];

  GPtrArray     *calls;
  guint          request_count;

  gboolean       test_clock;
  gint64         test_now_us;

  guint          latency_ms;
  guint          fail_next;
  guint          fail_every;
  guint          close_next;
  gboolean       malformed;
  gboolean       truncated;
  gsize          oversized;
  gboolean       master_silent;
  gboolean       xml_declaration;
  gboolean       all_channel_attributes;
  GList         *pending;
};

struct _PendingReply
{
  OnairEmulator     *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  Fault              fault;
  GSource           *source;
  gulong             disconnected_id;
};

G_DEFINE_FINAL_TYPE (OnairEmulator, onair_emulator, G_TYPE_OBJECT)

static const char *
bool_str (gboolean value)
{
  return value ? "True" : "False";
}

static gint64
now_us (OnairEmulator *self)
{
  return self->test_clock ? self->test_now_us : g_get_real_time ();
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
parse_uint (const char *s,
            guint       max_exclusive,
            guint      *out)
{
  guint64 value;

  if (is_blank (s) || !g_ascii_string_to_unsigned (s, 10, 0, max_exclusive - 1, &value, NULL))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

/* Inputs */

static void
input_free (gpointer data)
{
  Input *input = data;

  g_free (input->key);
  g_free (input->title);
  g_free (input->texts[0]);
  g_free (input->texts[1]);
  g_free (input);
}

static Input *
input_new (guint number)
{
  Input *input = g_new0 (Input, 1);
  guint kind = (number - 1) % 6;

  /* Stable keys so that tests and repeated runs see the same GUIDs. */
  input->key = g_strdup_printf ("%08x-7c1e-4d2a-9b3f-%012x",
                                0x5e1d0000u + number, 0xa11ce000u + number);
  input->state = "Paused";
  input->volume = 100;
  input->audiobusses = "M";
  input->phase = number * 1.37;

  switch (kind)
    {
    case 0:
    case 1:
      input->type = "Capture";
      input->title = g_strdup_printf ("Cam %u", number <= 2 ? number : number - number / 6 * 4);
      input->state = "Running";
      input->has_audio = TRUE;
      input->audiobusses = kind == 0 ? "M,A" : "M,B";
      break;

    case 2:
      input->type = "Video";
      input->title = number == 3 ? g_strdup ("Opener.mp4")
                                 : g_strdup_printf ("Clip %u.mp4", number);
      input->duration_ms = 95040;
      input->has_audio = TRUE;
      break;

    case 3:
      input->type = "GT";
      input->title = number == 4 ? g_strdup ("Lower Third.gtzip")
                                 : g_strdup_printf ("Lower Third %u.gtzip", number);
      input->text_names[0] = "Headline.Text";
      input->text_names[1] = "Description.Text";
      input->texts[0] = g_strdup ("News & Weather");
      input->texts[1] = g_strdup ("Live from <Studio 2>");
      break;

    case 4:
      input->type = "Colour";
      input->title = number == 5 ? g_strdup ("Black") : g_strdup_printf ("Colour %u", number);
      input->state = "Running";
      break;

    default:
      input->type = "AudioFile";
      /* Non-ASCII on purpose: byte and character counts differ. */
      input->title = number == 6 ? g_strdup ("Music \xe2\x80\x93 Intro.mp3")
                                 : g_strdup_printf ("Music %u.mp3", number);
      input->duration_ms = 184320;
      input->has_audio = TRUE;
      input->audiobusses = "M,A";
      break;
    }

  return input;
}

static Input *
get_input (OnairEmulator *self,
           guint          number)
{
  if (number == 0 || number > self->inputs->len)
    return NULL;

  return g_ptr_array_index (self->inputs, number - 1);
}

/* Input: number from 1, title, short title or key; 0 = preview, -1 = active. */
static guint
resolve_input (OnairEmulator *self,
               const char    *spec)
{
  guint number;

  if (is_blank (spec))
    return 0;

  if (g_str_equal (spec, "0"))
    return self->preview;
  if (g_str_equal (spec, "-1"))
    return self->active;
  if (parse_uint (spec, self->inputs->len + 1, &number))
    return number;

  for (guint i = 0; i < self->inputs->len; i++)
    {
      Input *input = g_ptr_array_index (self->inputs, i);

      if (g_ascii_strcasecmp (spec, input->key) == 0 || g_str_equal (spec, input->title))
        return i + 1;
    }

  return 0;
}

/* Meters: linear peak amplitudes 0-1, moving with the emulator's clock. */

static double
wave (double t,
      double phase)
{
  double v = 0.34 + 0.17 * sin (t * 2.3 + phase) + 0.08 * sin (t * 7.1 + phase * 1.7);

  return CLAMP (v, 0.0, 1.0);
}

static double
fader_gain (double volume)
{
  /* vMix's faders are amplitude = (volume / 100)^4. */
  return pow (volume / 100.0, 4);
}

static double
input_meter (OnairEmulator *self,
             Input         *input,
             guint          channel)
{
  double t = now_us (self) / (double) G_USEC_PER_SEC;

  if (!input->has_audio || input->muted || !g_str_equal (input->state, "Running"))
    return 0.0;

  return wave (t, input->phase + channel * 0.9) * fader_gain (input->volume);
}

static double
mix_meter (OnairEmulator *self,
           char           bus,
           guint          channel)
{
  double peak = 0.0;

  for (guint i = 0; i < self->inputs->len; i++)
    {
      Input *input = g_ptr_array_index (self->inputs, i);

      if (strchr (input->audiobusses, bus) != NULL)
        peak = MAX (peak, input_meter (self, input, channel));
    }

  return peak;
}

static double
master_meter (OnairEmulator *self,
              guint          channel)
{
  if (self->master_silent || self->master_muted)
    return 0.0;

  return mix_meter (self, 'M', channel) * fader_gain (self->master_volume);
}

static double
bus_meter (OnairEmulator *self,
           guint          bus,
           guint          channel)
{
  if (self->buses[bus].muted)
    return 0.0;

  return mix_meter (self, 'A' + bus, channel) * fader_gain (self->buses[bus].volume);
}

/* Time-based state */

static gint64
recording_duration_us (OnairEmulator *self)
{
  gint64 duration;

  if (!self->recording)
    return 0;

  duration = self->recording_accum_us;
  if (!self->recording_stalled)
    duration += now_us (self) - self->recording_segment_us;

  return MAX (duration, 0);
}

static void
refresh_streams (OnairEmulator *self)
{
  gint64 now = now_us (self);

  for (guint i = 0; i < self->profile->n_streams; i++)
    {
      Stream *stream = &self->streams[i];

      if (stream->live && stream->drop_after_s > 0 &&
          now - stream->live_since_us >= (gint64) stream->drop_after_s * G_USEC_PER_SEC)
        {
          g_debug ("Stream %u dropped after %u s", i, stream->drop_after_s);
          stream->live = FALSE;
        }
    }
}

static gboolean
any_stream_live (OnairEmulator *self)
{
  for (guint i = 0; i < self->profile->n_streams; i++)
    if (self->streams[i].live)
      return TRUE;

  return FALSE;
}

/* Functions */

typedef void (*FunctionFunc) (OnairEmulator *self,
                              GHashTable    *params,
                              int            arg);

typedef struct
{
  const char   *name;
  FunctionFunc  func; /* NULL: a real vMix function the emulator acknowledges and ignores */
  int           arg;
} Function;

static const char *
lookup_param (GHashTable *params,
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
  const char *value = lookup_param (params, "Value");
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
  const char *value = lookup_param (params, "Value");
  guint index;

  refresh_streams (self);

  if (is_blank (value))
    {
      gboolean start = action == ACTION_START ||
                       (action == ACTION_TOGGLE && !any_stream_live (self));

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
  const char *value = lookup_param (params, "Value");
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
  const char *tag = lookup_param (params, "Value");
  gint64 seconds;

  if (!self->recording)
    return;

  seconds = recording_duration_us (self) / G_USEC_PER_SEC;
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
  const char *mix = lookup_param (params, "Mix");

  return is_blank (mix) || g_str_equal (mix, "0");
}

static void
fn_transition (OnairEmulator *self,
               GHashTable    *params,
               int            arg)
{
  const char *spec = lookup_param (params, "Input");
  guint previous = self->active;

  if (!is_main_mix (params))
    return;

  if (!is_blank (spec))
    {
      guint number = resolve_input (self, spec);

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
  guint number = resolve_input (self, lookup_param (params, "Input"));

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
  const char *spec = lookup_param (params, "Input");
  guint number = is_blank (spec) ? self->preview : resolve_input (self, spec);

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
  return get_input (self, resolve_input (self, lookup_param (params, "Input")));
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

  if (!parse_uint (lookup_param (params, "Value"), 101, &value))
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
  const char *value = lookup_param (params, "Value");
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
  const char *value = lookup_param (params, "Value");
  const char *name = lookup_param (params, "SelectedName");
  const char *index_str = lookup_param (params, "SelectedIndex");
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
  const char *value = lookup_param (params, "Value");

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

  if (parse_uint (lookup_param (params, "Value"), 10000, &duration))
    self->transitions[index].duration_ms = duration;
}

static void
fn_set_dynamic_input (OnairEmulator *self,
                      GHashTable    *params,
                      int            index)
{
  const char *value = lookup_param (params, "Value");

  g_free (self->dynamic_inputs[index]);
  self->dynamic_inputs[index] = g_strdup (value);
}

static void
fn_set_dynamic_value (OnairEmulator *self,
                      GHashTable    *params,
                      int            index)
{
  const char *value = lookup_param (params, "Value");

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

void
onair_emulator_call_free (OnairEmulatorCall *call)
{
  if (call == NULL)
    return;

  g_free (call->function);
  g_clear_pointer (&call->params, g_hash_table_unref);
  g_free (call);
}

static void
record_call (OnairEmulator *self,
             const char    *function,
             GHashTable    *query,
             guint          status)
{
  OnairEmulatorCall *call = g_new0 (OnairEmulatorCall, 1);

  call->function = g_strdup (function);
  call->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  call->time_s = now_us (self) / G_USEC_PER_SEC;
  call->status = status;

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strcasecmp (key, "Function") != 0)
          g_hash_table_insert (call->params, g_strdup (key), g_strdup (value));
    }

  g_ptr_array_add (self->calls, call);
}

/* XML */

static void
write_element (xmlTextWriterPtr  writer,
               const char       *name,
               const char       *text)
{
  xmlTextWriterWriteElement (writer, BAD_CAST name, BAD_CAST text);
}

static void
write_attr (xmlTextWriterPtr  writer,
            const char       *name,
            const char       *value)
{
  xmlTextWriterWriteAttribute (writer, BAD_CAST name, BAD_CAST value);
}

static void
write_attr_uint (xmlTextWriterPtr writer,
                 const char      *name,
                 guint            value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", value);
  write_attr (writer, name, buf);
}

/* A number as vMix writes a float (.NET's ToString: 7 significant digits, exponent form
 * below 1E-04): "100", "59.96953", "1.229964E-05"; locale-independent. */
static void
write_attr_float (xmlTextWriterPtr writer,
                  const char      *name,
                  double           value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  write_attr (writer, name, g_ascii_formatd (buf, sizeof buf, "%.7G", (float) value));
}

static void
write_input (OnairEmulator    *self,
             xmlTextWriterPtr  writer,
             Input            *input,
             guint             number)
{
  xmlTextWriterStartElement (writer, BAD_CAST "input");
  write_attr (writer, "key", input->key);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "type", input->type);
  write_attr (writer, "title", input->title);
  write_attr (writer, "shortTitle", input->title);
  write_attr (writer, "state", input->state);
  write_attr_uint (writer, "position", 0);
  write_attr_uint (writer, "duration", input->duration_ms);
  write_attr (writer, "loop", bool_str (input->loop));
  if (input->has_audio)
    {
      write_attr (writer, "muted", bool_str (input->muted));
      write_attr_float (writer, "volume", input->volume);
      write_attr_uint (writer, "balance", 0);
      write_attr (writer, "solo", bool_str (input->solo));
      if (self->profile->major >= 27)
        write_attr (writer, "soloPFL", "False");
      write_attr (writer, "audiobusses", input->audiobusses);
      write_attr_float (writer, "meterF1", input_meter (self, input, 0));
      write_attr_float (writer, "meterF2", input_meter (self, input, 1));
      if (self->profile->major >= 25)
        write_attr (writer, "gainDb", "0");
    }
  xmlTextWriterWriteString (writer, BAD_CAST input->title);
  for (guint i = 0; i < G_N_ELEMENTS (input->texts); i++)
    {
      if (input->text_names[i] == NULL)
        continue;
      xmlTextWriterStartElement (writer, BAD_CAST "text");
      write_attr_uint (writer, "index", i);
      write_attr (writer, "name", input->text_names[i]);
      xmlTextWriterWriteString (writer, BAD_CAST input->texts[i]);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
}

static void
write_padding_input (xmlTextWriterPtr writer,
                     guint            number)
{
  g_autofree char *key = g_strdup_printf ("%08x-0000-4000-8000-%012x", number, number);

  xmlTextWriterStartElement (writer, BAD_CAST "input");
  write_attr (writer, "key", key);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "type", "Blank");
  write_attr (writer, "title", "Blank");
  write_attr (writer, "shortTitle", "Blank");
  write_attr (writer, "state", "Paused");
  write_attr_uint (writer, "position", 0);
  write_attr_uint (writer, "duration", 0);
  write_attr (writer, "loop", "False");
  xmlTextWriterWriteString (writer, BAD_CAST "Blank");
  xmlTextWriterEndElement (writer);
}

static void
write_bus (OnairEmulator    *self,
           xmlTextWriterPtr  writer,
           guint             bus)
{
  char name[] = "busA";

  name[3] = 'A' + bus;
  xmlTextWriterStartElement (writer, BAD_CAST name);
  write_attr_float (writer, "volume", self->buses[bus].volume);
  write_attr (writer, "muted", bool_str (self->buses[bus].muted));
  write_attr_float (writer, "meterF1", bus_meter (self, bus, 0));
  write_attr_float (writer, "meterF2", bus_meter (self, bus, 1));
  write_attr (writer, "solo", "False");
  write_attr (writer, "sendToMaster", "False");
  xmlTextWriterEndElement (writer);
}

static void
write_output (xmlTextWriterPtr  writer,
              const char       *type,
              guint             number,
              guint             input,
              gboolean          srt)
{
  xmlTextWriterStartElement (writer, BAD_CAST "output");
  write_attr (writer, "type", type);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "source", input != 0 ? "Input" : "Output");
  if (input != 0)
    write_attr_uint (writer, "inputNumber", input);
  write_attr (writer, "ndi", "False");
  write_attr (writer, "srt", bool_str (srt));
  xmlTextWriterEndElement (writer);
}

static GString *
render_document (OnairEmulator *self)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer;
  char text[32];
  GString *document;

  /* Large documents (many inputs, the oversized fault) would otherwise grow the buffer by
   * exact reallocations: quadratic. */
  xmlBufferSetAllocationScheme (buffer, XML_BUFFER_ALLOC_DOUBLEIT);
  writer = xmlNewTextWriterMemory (buffer, 0);

  refresh_streams (self);

  if (self->xml_declaration)
    xmlTextWriterStartDocument (writer, NULL, "UTF-8", NULL);

  xmlTextWriterStartElement (writer, BAD_CAST "vmix");
  write_element (writer, "version", self->profile->version);
  write_element (writer, "edition", self->profile->edition);
  write_element (writer, "preset", PRESET_PATH);

  xmlTextWriterStartElement (writer, BAD_CAST "inputs");
  for (guint i = 0; i < self->inputs->len; i++)
    write_input (self, writer, g_ptr_array_index (self->inputs, i), i + 1);
  if (self->oversized > 0)
    {
      gsize start;

      xmlTextWriterFlush (writer);
      start = xmlBufferLength (buffer);
      for (guint n = self->inputs->len + 1;
           (gsize) xmlBufferLength (buffer) - start < self->oversized;
           n++)
        {
          write_padding_input (writer, n);
          xmlTextWriterFlush (writer);
        }
    }
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "overlays");
  for (guint i = 0; i < N_OVERLAYS; i++)
    {
      /* An empty overlay as real files write it, with a space before "/>". */
      if (self->overlays[i] == 0)
        {
          xmlTextWriterWriteFormatRaw (writer, "<overlay number=\"%u\" />", i + 1);
          continue;
        }
      xmlTextWriterStartElement (writer, BAD_CAST "overlay");
      write_attr_uint (writer, "number", i + 1);
      xmlTextWriterWriteFormatString (writer, "%u", self->overlays[i]);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  g_snprintf (text, sizeof text, "%u", self->preview);
  write_element (writer, "preview", text);
  g_snprintf (text, sizeof text, "%u", self->active);
  write_element (writer, "active", text);
  write_element (writer, "fadeToBlack", bool_str (self->fade_to_black));

  xmlTextWriterStartElement (writer, BAD_CAST "transitions");
  for (guint i = 0; i < N_TRANSITIONS; i++)
    {
      xmlTextWriterStartElement (writer, BAD_CAST "transition");
      write_attr_uint (writer, "number", i + 1);
      write_attr (writer, "effect", self->transitions[i].effect);
      write_attr_uint (writer, "duration", self->transitions[i].duration_ms);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "recording");
  if (self->recording)
    {
      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "duration", "%" G_GINT64_FORMAT,
                                         recording_duration_us (self) / G_USEC_PER_SEC);
      write_attr (writer, "filename1", self->recording_filename);
    }
  xmlTextWriterWriteString (writer, BAD_CAST bool_str (self->recording));
  xmlTextWriterEndElement (writer);

  write_element (writer, "external", bool_str (self->external));

  /* Real vMix: idle, a bare <streaming>False</streaming>; live, only the channels that are
   * on; vMix 21 and older, no channel at all. The documented form with every channel is an
   * option. */
  xmlTextWriterStartElement (writer, BAD_CAST "streaming");
  for (guint i = 0; self->profile->channels && i < self->profile->n_streams; i++)
    {
      if (!self->streams[i].live && !self->all_channel_attributes)
        continue;
      g_snprintf (text, sizeof text, "channel%u", i + 1);
      write_attr (writer, text, bool_str (self->streams[i].live));
    }
  xmlTextWriterWriteString (writer, BAD_CAST bool_str (any_stream_live (self)));
  xmlTextWriterEndElement (writer);

  write_element (writer, "playList", bool_str (self->playlist));
  write_element (writer, "multiCorder", bool_str (self->multicorder));
  write_element (writer, "fullscreen", bool_str (self->fullscreen));

  xmlTextWriterStartElement (writer, BAD_CAST "audio");
  xmlTextWriterStartElement (writer, BAD_CAST "master");
  write_attr_float (writer, "volume", self->master_volume);
  write_attr (writer, "muted", bool_str (self->master_muted));
  write_attr_float (writer, "meterF1", master_meter (self, 0));
  write_attr_float (writer, "meterF2", master_meter (self, 1));
  write_attr_float (writer, "headphonesVolume", self->headphones_volume);
  xmlTextWriterEndElement (writer);
  for (guint i = 0; i < N_BUSES; i++)
    write_bus (self, writer, i);
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "dynamic");
  for (guint i = 0; i < N_DYNAMIC; i++)
    {
      g_snprintf (text, sizeof text, "input%u", i + 1);
      xmlTextWriterStartElement (writer, BAD_CAST text);
      if (self->dynamic_inputs[i] != NULL)
        xmlTextWriterWriteString (writer, BAD_CAST self->dynamic_inputs[i]);
      /* Empty, as real files write it: <input1></input1>. */
      xmlTextWriterFullEndElement (writer);
    }
  for (guint i = 0; i < N_DYNAMIC; i++)
    {
      g_snprintf (text, sizeof text, "value%u", i + 1);
      xmlTextWriterStartElement (writer, BAD_CAST text);
      if (self->dynamic_values[i] != NULL)
        xmlTextWriterWriteString (writer, BAD_CAST self->dynamic_values[i]);
      xmlTextWriterFullEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  if (self->profile->has_outputs)
    {
      xmlTextWriterStartElement (writer, BAD_CAST "outputs");
      for (guint i = 0; i < N_SRT_OUTPUTS; i++)
        write_output (writer, "Output", i + 1, 0, self->srt[i]);
      write_output (writer, "External2", 1, MIN (3, self->inputs->len), FALSE);
      write_output (writer, "Fullscreen", 1, 0, FALSE);
      write_output (writer, "Fullscreen", 2, 0, FALSE);
      xmlTextWriterEndElement (writer);
    }

  xmlTextWriterEndElement (writer);
  if (self->xml_declaration)
    xmlTextWriterEndDocument (writer);
  xmlTextWriterFlush (writer);
  xmlFreeTextWriter (writer);

  document = g_string_new_len ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);

  return document;
}

static char *
render (OnairEmulator *self,
        gsize         *length)
{
  GString *document = render_document (self);

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

  if (length != NULL)
    *length = document->len;

  return g_string_free (document, FALSE);
}

/* HTTP */

static gboolean
is_api_path (const char *path)
{
  return g_ascii_strcasecmp (path, "/api") == 0 || g_ascii_strcasecmp (path, "/api/") == 0;
}

static void
set_text_response (SoupServerMessage *msg,
                   guint              status,
                   const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
answer (OnairEmulator     *self,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        Fault              fault)
{
  const char *method = soup_server_message_get_method (msg);
  const char *name = lookup_param (query, "Function");
  const Function *function;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD && method != SOUP_METHOD_POST)
    {
      set_text_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed.");
      return;
    }

  if (!is_api_path (path))
    {
      set_text_response (msg, SOUP_STATUS_NOT_FOUND, "Not found.");
      return;
    }

  if (fault == FAULT_FAIL)
    {
      set_text_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal server error.");
      if (name != NULL)
        record_call (self, name, query, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  if (name == NULL)
    {
      gsize length;
      char *xml = render (self, &length);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_TAKE, xml, length);
      return;
    }

  function = find_function (name);
  /* SRT outputs came with vMix 24: older versions do not know their functions. */
  if (function != NULL && function->func == fn_srt && self->profile->major < 24)
    function = NULL;
  if (function == NULL)
    {
      g_debug ("Unknown function \"%s\"", name);
      set_text_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Function not found.");
      record_call (self, name, query, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      return;
    }

  /* The issue asks for an error on a bad Value; vmix-api.md (which wins) says vMix
   * acknowledges a known function with 200 whatever its parameters and simply does
   * nothing with a value it cannot use. The handlers below leave the state unchanged
   * then, and the call is recorded either way. */
  if (function->func != NULL)
    function->func (self, query, function->arg);

  set_text_response (msg, SOUP_STATUS_OK, "Function completed successfully.");
  record_call (self, name, query, SOUP_STATUS_OK);
}

static void
close_connection (OnairEmulator     *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(SoupServerMessage) ref = g_object_ref (msg);
  g_autoptr(GIOStream) stream = NULL;
  const char *name = lookup_param (query, "Function");

  if (name != NULL)
    record_call (self, name, query, 0);

  /* Stealing hands the socket to us; closing it resets the client's request
   * without any status line. */
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
pending_reply_free (PendingReply *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_clear_pointer (&pending->source, g_source_unref);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending->path);
  g_free (pending);
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         PendingReply      *pending)
{
  OnairEmulator *self = pending->self;

  self->pending = g_list_remove (self->pending, pending);
  pending_reply_free (pending);
}

static gboolean
pending_reply_cb (gpointer data)
{
  PendingReply *pending = data;
  OnairEmulator *self = pending->self;

  g_clear_pointer (&pending->source, g_source_unref);
  self->pending = g_list_remove (self->pending, pending);
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);

  if (pending->fault == FAULT_CLOSE)
    {
      close_connection (self, pending->msg, pending->query);
    }
  else
    {
      answer (self, pending->msg, pending->path, pending->query, pending->fault);
      soup_server_message_unpause (pending->msg);
    }

  pending_reply_free (pending);

  return G_SOURCE_REMOVE;
}

static Fault
next_fault (OnairEmulator *self)
{
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

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  OnairEmulator *self = user_data;
  PendingReply *pending;
  Fault fault;

  self->request_count++;
  fault = next_fault (self);

  if (self->latency_ms == 0 && fault != FAULT_CLOSE)
    {
      answer (self, msg, path, query, fault);
      return;
    }

  /* Answer later from the main loop, without blocking it; a connection is also closed
   * from there, once libsoup is done with the request it is dispatching. */
  pending = g_new0 (PendingReply, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query != NULL ? g_hash_table_ref (query) : NULL;
  pending->fault = fault;
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected_cb), pending);
  pending->source = g_timeout_source_new (self->latency_ms);
  g_source_set_callback (pending->source, pending_reply_cb, pending, NULL);
  g_source_attach (pending->source, self->context);
  self->pending = g_list_prepend (self->pending, pending);

  soup_server_message_pause (msg);
}

static gboolean
auth_filter_cb (SoupAuthDomain    *domain,
                SoupServerMessage *msg,
                gpointer           user_data)
{
  OnairEmulator *self = user_data;

  return self->user != NULL || self->password != NULL;
}

static gboolean
basic_auth_cb (SoupAuthDomain    *domain,
               SoupServerMessage *msg,
               const char        *username,
               const char        *password,
               gpointer           user_data)
{
  OnairEmulator *self = user_data;

  if (self->user != NULL && g_strcmp0 (username, self->user) != 0)
    return FALSE;

  return g_strcmp0 (password != NULL ? password : "",
                    self->password != NULL ? self->password : "") == 0;
}

/* libsoup writes the token form realm=vMix; vMix's controllers expect the quoted form
 * (both are valid HTTP). A rejected request still ends in request-read, before it is answered. */
static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"vMix\"");
}

/* GObject */

static void
clear_pending (OnairEmulator *self)
{
  g_list_free_full (g_steal_pointer (&self->pending), (GDestroyNotify) pending_reply_free);
}

static void
onair_emulator_dispose (GObject *object)
{
  OnairEmulator *self = ONAIR_EMULATOR (object);

  onair_emulator_stop (self);

  G_OBJECT_CLASS (onair_emulator_parent_class)->dispose (object);
}

static void
onair_emulator_finalize (GObject *object)
{
  OnairEmulator *self = ONAIR_EMULATOR (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->tls_certificate);
  g_free (self->user);
  g_free (self->password);
  g_ptr_array_unref (self->inputs);
  for (guint i = 0; i < N_TRANSITIONS; i++)
    g_free (self->transitions[i].effect);
  for (guint i = 0; i < MAX_STREAMS; i++)
    for (guint f = 0; f < N_FIELDS; f++)
      g_free (self->streams[i].fields[f]);
  for (guint i = 0; i < N_DYNAMIC; i++)
    {
      g_free (self->dynamic_inputs[i]);
      g_free (self->dynamic_values[i]);
    }
  g_free (self->recording_filename);
  g_ptr_array_unref (self->recording_log);
  g_ptr_array_unref (self->calls);

  G_OBJECT_CLASS (onair_emulator_parent_class)->finalize (object);
}

static void
onair_emulator_class_init (OnairEmulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_emulator_dispose;
  object_class->finalize = onair_emulator_finalize;
}

static void
onair_emulator_init (OnairEmulator *self)
{
  static const char *effects[N_TRANSITIONS] = { "Fade", "Merge", "Wipe", "CubeZoom" };

  self->profile = &profiles[ONAIR_EMULATOR_PROFILE_VMIX28];
  self->inputs = g_ptr_array_new_with_free_func (input_free);
  self->recording_log = g_ptr_array_new_with_free_func (g_free);
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_emulator_call_free);
  /* Decimal volumes, as in real documents. */
  self->master_volume = 100;
  self->headphones_volume = 74.80521;
  self->buses[0].volume = 59.96953;
  self->buses[1].volume = 5.623413; /* pulled down: its meters read 3E-06 and so on */
  for (guint i = 0; i < N_TRANSITIONS; i++)
    {
      self->transitions[i].effect = g_strdup (effects[i]);
      self->transitions[i].duration_ms = i == 0 ? 500 : 1000;
    }

  onair_emulator_set_input_count (self, DEFAULT_INPUTS);
}

/* Public API */

/**
 * onair_emulator_new:
 * @profile: the vMix version to behave like
 *
 * Creates an emulator with the default show (6 inputs, Cam 1 on air, Cam 2 in preview).
 * It serves nothing until onair_emulator_start().
 *
 * Returns: (transfer full): a new #OnairEmulator
 */
OnairEmulator *
onair_emulator_new (OnairEmulatorProfile profile)
{
  OnairEmulator *self;

  g_return_val_if_fail (profile < G_N_ELEMENTS (profiles), NULL);

  self = g_object_new (ONAIR_TYPE_EMULATOR, NULL);
  self->profile = &profiles[profile];

  return self;
}

/**
 * onair_emulator_start:
 * @self: an #OnairEmulator
 * @port: the port to listen on 127.0.0.1, or 0 for a free one
 * @error: return location for a #GError
 *
 * Starts serving the HTTP API from the thread-default main context, which the caller
 * must keep iterating (no synchronous HTTP to the emulator from the same thread).
 * Stopping and starting again on the same port works, which is how a test makes vMix
 * refuse connections for a while.
 *
 * Returns: %TRUE when listening
 */
gboolean
onair_emulator_start (OnairEmulator *self,
                      guint          port,
                      GError       **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SoupAuthDomain) domain = NULL;
  GSList *uris;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  server = soup_server_new ("tls-certificate", self->tls_certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, self, NULL);

  domain = soup_auth_domain_basic_new ("realm", "vMix", NULL);
  soup_auth_domain_add_path (domain, "/");
  soup_auth_domain_set_filter (domain, auth_filter_cb, self, NULL);
  soup_auth_domain_basic_set_auth_callback (domain, basic_auth_cb, self, NULL);
  soup_server_add_auth_domain (server, domain);
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), NULL);

  /* Loopback only: the emulator is never reachable from the network. */
  if (!soup_server_listen_local (server, port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY |
                                 (self->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                 error))
    return FALSE;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->server = g_steal_pointer (&server);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_debug ("Listening on 127.0.0.1:%u", self->port);

  return TRUE;
}

/**
 * onair_emulator_stop:
 * @self: an #OnairEmulator
 *
 * Closes the listening socket and every open connection; unanswered requests are
 * dropped. Connections are refused until the next onair_emulator_start().
 */
void
onair_emulator_stop (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  clear_pending (self);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

guint
onair_emulator_get_port (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->port;
}

char *
onair_emulator_dup_base_uri (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return g_strdup_printf ("%s://127.0.0.1:%u/", self->tls_certificate ? "https" : "http",
                          self->port);
}

/**
 * onair_emulator_set_tls_certificate:
 * @self: an #OnairEmulator
 * @certificate: (nullable): a certificate with its private key, or %NULL for plain HTTP
 *
 * Serves HTTPS with @certificate from the next onair_emulator_start(), the way vMix is
 * reached through a TLS proxy (vMix's own Web Controller speaks plain HTTP).
 */
void
onair_emulator_set_tls_certificate (OnairEmulator   *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->tls_certificate, certificate);
}

/**
 * onair_emulator_set_input_count:
 * @self: an #OnairEmulator
 * @n_inputs: how many inputs the show has
 *
 * Grows or shrinks the list of inputs; the first ones keep their state. Large
 * counts make the large documents real shows produce.
 */
void
onair_emulator_set_input_count (OnairEmulator *self,
                                guint          n_inputs)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  if (n_inputs < self->inputs->len)
    g_ptr_array_set_size (self->inputs, n_inputs);
  while (self->inputs->len < n_inputs)
    g_ptr_array_add (self->inputs, input_new (self->inputs->len + 1));

  if (self->active == 0 || self->active > n_inputs)
    self->active = MIN (1, n_inputs);
  if (self->preview == 0 || self->preview > n_inputs)
    self->preview = MIN (2, n_inputs);
  for (guint i = 0; i < N_OVERLAYS; i++)
    if (self->overlays[i] > n_inputs)
      self->overlays[i] = 0;
}

void
onair_emulator_set_credentials (OnairEmulator *self,
                                const char    *user,
                                const char    *password)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  g_free (self->user);
  self->user = is_blank (user) ? NULL : g_strdup (user);
  g_free (self->password);
  self->password = is_blank (password) ? NULL : g_strdup (password);
}

gboolean
onair_emulator_profile_from_name (const char           *name,
                                  OnairEmulatorProfile *profile)
{
  static const char * const names[] = {
    [ONAIR_EMULATOR_PROFILE_VMIX28] = "vmix28",
    [ONAIR_EMULATOR_PROFILE_VMIX26] = "vmix26",
    [ONAIR_EMULATOR_PROFILE_VMIX21] = "vmix21",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == ONAIR_EMULATOR_N_PROFILES);
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *profile = i;
        return TRUE;
      }
  return FALSE;
}

void
onair_emulator_set_xml_declaration (OnairEmulator *self,
                                    gboolean       declaration)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  self->xml_declaration = declaration;
}

void
onair_emulator_set_all_channel_attributes (OnairEmulator *self,
                                           gboolean       all)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  self->all_channel_attributes = all;
}

guint
onair_emulator_get_stream_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->profile->n_streams;
}

guint
onair_emulator_get_srt_output_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->profile->major >= 24 ? N_SRT_OUTPUTS : 0;
}

const char *
onair_emulator_get_version (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return self->profile->version;
}

const char *
onair_emulator_get_edition (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return self->profile->edition;
}

gboolean
onair_emulator_get_stream_live (OnairEmulator *self,
                                guint          stream)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (stream < self->profile->n_streams, FALSE);

  refresh_streams (self);

  return self->streams[stream].live;
}

static const char *
get_stream_field (OnairEmulator *self,
                  guint          stream,
                  StreamField    field)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);
  g_return_val_if_fail (stream < self->profile->n_streams, NULL);

  return self->streams[stream].fields[field];
}

const char *
onair_emulator_get_stream_url (OnairEmulator *self,
                               guint          stream)
{
  return get_stream_field (self, stream, FIELD_URL);
}

const char *
onair_emulator_get_stream_key (OnairEmulator *self,
                               guint          stream)
{
  return get_stream_field (self, stream, FIELD_KEY);
}

const char *
onair_emulator_get_stream_username (OnairEmulator *self,
                                    guint          stream)
{
  return get_stream_field (self, stream, FIELD_USERNAME);
}

const char *
onair_emulator_get_stream_password (OnairEmulator *self,
                                    guint          stream)
{
  return get_stream_field (self, stream, FIELD_PASSWORD);
}

gboolean
onair_emulator_get_recording (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);

  return self->recording;
}

gint64
onair_emulator_get_recording_duration (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return recording_duration_us (self) / G_USEC_PER_SEC;
}

gboolean
onair_emulator_get_srt_output (OnairEmulator *self,
                               guint          output)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (output < N_SRT_OUTPUTS, FALSE);

  return self->srt[output];
}

gboolean
onair_emulator_get_external (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);

  return self->external;
}

gboolean
onair_emulator_get_multicorder (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);

  return self->multicorder;
}

guint
onair_emulator_get_preview_input (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->preview;
}

guint
onair_emulator_get_active_input (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->active;
}

GPtrArray *
onair_emulator_get_recording_log (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return self->recording_log;
}

GPtrArray *
onair_emulator_get_calls (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return self->calls;
}

guint
onair_emulator_count_calls (OnairEmulator *self,
                            const char    *function)
{
  guint count = 0;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);
  g_return_val_if_fail (function != NULL, 0);

  for (guint i = 0; i < self->calls->len; i++)
    {
      OnairEmulatorCall *call = g_ptr_array_index (self->calls, i);

      if (g_str_equal (call->function, function))
        count++;
    }

  return count;
}

void
onair_emulator_clear_calls (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  g_ptr_array_set_size (self->calls, 0);
}

guint
onair_emulator_get_request_count (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return self->request_count;
}

/**
 * onair_emulator_render_xml:
 * @self: an #OnairEmulator
 *
 * Renders the state document the way the next GET /api would serve it, faults
 * (malformed, truncated, oversized) included.
 *
 * Returns: (transfer full): the document
 */
char *
onair_emulator_render_xml (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return render (self, NULL);
}

void
onair_emulator_use_test_clock (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->test_clock = TRUE;
  self->test_now_us = ONAIR_EMULATOR_TEST_EPOCH * G_USEC_PER_SEC;
}

void
onair_emulator_advance (OnairEmulator *self,
                        guint          seconds)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (self->test_clock);

  self->test_now_us += (gint64) seconds * G_USEC_PER_SEC;
}

gint64
onair_emulator_get_time (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return now_us (self) / G_USEC_PER_SEC;
}

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
}

void
onair_emulator_set_drop_stream_after (OnairEmulator *self,
                                      guint          stream,
                                      guint          seconds)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (stream < self->profile->n_streams);

  self->streams[stream].drop_after_s = seconds;
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
