/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <math.h>
#include <string.h>

/* The state model: the show (inputs, overlays, transitions), its outputs (streams,
 * recording, SRT), the audio mix and its meters, and the emulator's clock, with the
 * getters a test reads them with. The functions that change this state are in
 * onair-emulator-functions.c. What the emulator answers is what docs/vmix-api.md
 * documents, nothing more, in the spellings real vMix documents use. */

#define DEFAULT_INPUTS 6

static const Profile profiles[] = {
  [ONAIR_EMULATOR_PROFILE_VMIX28] = { "28.0.0.39", 28, "4K", 5, TRUE, TRUE },
  [ONAIR_EMULATOR_PROFILE_VMIX26] = { "26.0.0.45", 26, "HD", 3, FALSE, TRUE },
  [ONAIR_EMULATOR_PROFILE_VMIX21] = { "21.0.0.55", 21, "HD", 3, FALSE, FALSE },
};

G_DEFINE_FINAL_TYPE (OnairEmulator, onair_emulator, G_TYPE_OBJECT)

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

Input *
onair_emulator_nth_input (OnairEmulator *self,
                          guint          number)
{
  if (number == 0 || number > self->inputs->len)
    return NULL;

  return g_ptr_array_index (self->inputs, number - 1);
}

/* Input: number from 1, title, short title or key; 0 = preview, -1 = active. */
guint
onair_emulator_resolve_input (OnairEmulator *self,
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

double
onair_emulator_input_meter (OnairEmulator *self,
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
        peak = MAX (peak, onair_emulator_input_meter (self, input, channel));
    }

  return peak;
}

double
onair_emulator_master_meter (OnairEmulator *self,
                             guint          channel)
{
  if (self->master_silent || self->master_muted)
    return 0.0;

  return mix_meter (self, 'M', channel) * fader_gain (self->master_volume);
}

double
onair_emulator_bus_meter (OnairEmulator *self,
                          guint          bus,
                          guint          channel)
{
  if (self->buses[bus].muted)
    return 0.0;

  return mix_meter (self, 'A' + bus, channel) * fader_gain (self->buses[bus].volume);
}

/* Time-based state */

gint64
onair_emulator_recording_duration_us (OnairEmulator *self)
{
  gint64 duration;

  if (!self->recording)
    return 0;

  duration = self->recording_accum_us;
  if (!self->recording_stalled)
    duration += now_us (self) - self->recording_segment_us;

  return MAX (duration, 0);
}

void
onair_emulator_refresh_streams (OnairEmulator *self)
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

gboolean
onair_emulator_any_stream_live (OnairEmulator *self)
{
  for (guint i = 0; i < self->profile->n_streams; i++)
    if (self->streams[i].live)
      return TRUE;

  return FALSE;
}

/* GObject */

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
  g_clear_pointer (&self->tcp_context, g_main_context_unref);
  g_clear_object (&self->tls_certificate);
  g_free (self->user);
  g_free (self->password);
  g_free (self->fail_function);
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

  onair_emulator_notify_changes (self);
}

/**
 * onair_emulator_set_input_title:
 * @self: an #OnairEmulator
 * @number: the input, from 1
 * @title: its new title (and short title), UTF-8
 *
 * Renames an input, e.g. to a title whose UTF-8 bytes outnumber its characters.
 */
void
onair_emulator_set_input_title (OnairEmulator *self,
                                guint          number,
                                const char    *title)
{
  Input *input;

  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (title != NULL && g_utf8_validate (title, -1, NULL));

  input = onair_emulator_nth_input (self, number);
  g_return_if_fail (input != NULL);

  g_free (input->title);
  input->title = g_strdup (title);
}

/**
 * onair_emulator_call_function:
 * @name: a vMix function name, e.g. "StopRecording"
 * @query: (nullable): its other parameters as in a URL query, e.g. "Value=1" or
 *   "Input=2&Value=50"
 *
 * Runs a function as if another controller or vMix's own buttons had done it: the state
 * changes as with an HTTP call, but the call is not in onair_emulator_get_calls(), which
 * records what reached the HTTP and TCP fronts. Subscribers of the TCP API hear of
 * what it changed.
 *
 * Returns: %FALSE for a function this vMix does not know
 */
gboolean
onair_emulator_call_function (OnairEmulator *self,
                              const char    *name,
                              const char    *query)
{
  g_autoptr(GHashTable) params = NULL;

  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  params = g_uri_parse_params (query != NULL ? query : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    params = g_hash_table_new (g_str_hash, g_str_equal);
  if (!onair_emulator_run_function (self, name, params))
    return FALSE;

  onair_emulator_notify_changes (self);
  return TRUE;
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

  onair_emulator_refresh_streams (self);

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

  return onair_emulator_recording_duration_us (self) / G_USEC_PER_SEC;
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

void
onair_emulator_use_test_clock (OnairEmulator *self)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));

  self->test_clock = TRUE;
  self->test_now_us = ONAIR_EMULATOR_TEST_EPOCH * G_USEC_PER_SEC;
  onair_emulator_notify_changes (self);
}

void
onair_emulator_advance (OnairEmulator *self,
                        guint          seconds)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  g_return_if_fail (self->test_clock);

  self->test_now_us += (gint64) seconds * G_USEC_PER_SEC;
  /* Streams whose time came drop now, and subscribers hear of it. */
  onair_emulator_notify_changes (self);
}

gint64
onair_emulator_get_time (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), 0);

  return now_us (self) / G_USEC_PER_SEC;
}
