/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* vMix has at most five stream channels (vMix 28); older versions three. */
#define ONAIR_VMIX_MAX_STREAMS 5

/**
 * OnairVmixOutput:
 * One entry of vMix 28's `<outputs>` element.
 */
typedef struct
{
  char     *type;          /* "Output", "External2", "Fullscreen", "mix", "omt"… as sent:
                            * compare with onair_vmix_output_is_type () */
  guint     number;        /* as vMix reports it, from 1 */
  char     *source;        /* "Output", "Input", "Preview"… */
  gboolean  srt;
  gboolean  ndi;
} OnairVmixOutput;

/**
 * OnairVmixMeter:
 * A level meter: linear peak amplitude 0–1 per channel, as vMix reports it.
 */
typedef struct
{
  char     *name;          /* "master", "busA"… */
  double    left;          /* 0–1; a value vMix sent as NaN reads 0 */
  double    right;
  double    volume;        /* 0–100 as vMix sends it (a decimal: 59.96953), -1 when not sent */
  gboolean  muted;
  double    headphones_volume; /* master only: 0–100, -1 when not sent */
} OnairVmixMeter;

/**
 * OnairVmixStreamState:
 * @ONAIR_VMIX_STREAM_OFF: vMix reports the stream off
 * @ONAIR_VMIX_STREAM_ON: vMix reports the stream on (live or still connecting)
 * @ONAIR_VMIX_STREAM_UNKNOWN: vMix reports that something streams but not which stream
 *   (`<streaming>True</streaming>` without `channelN` attributes, vMix 21 and older)
 */
typedef enum
{
  ONAIR_VMIX_STREAM_OFF,
  ONAIR_VMIX_STREAM_ON,
  ONAIR_VMIX_STREAM_UNKNOWN,
} OnairVmixStreamState;

/* SRT outputs 1–4 exist from vMix 24; vMix 28 may list them in <outputs>. */
#define ONAIR_VMIX_SRT_OUTPUTS 4

gboolean               onair_vmix_output_is_type              (const OnairVmixOutput *output,
                                                               const char            *type);

#define ONAIR_TYPE_VMIX_STATE (onair_vmix_state_get_type ())
G_DECLARE_FINAL_TYPE (OnairVmixState, onair_vmix_state, ONAIR, VMIX_STATE, GObject)

OnairVmixState        *onair_vmix_state_new_from_bytes        (GBytes              *bytes,
                                                               GError             **error);
void                   onair_vmix_state_new_from_bytes_async  (GBytes              *bytes,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
OnairVmixState        *onair_vmix_state_new_from_bytes_finish (GAsyncResult        *result,
                                                               GError             **error);

const char            *onair_vmix_state_get_version           (OnairVmixState *self);
guint                  onair_vmix_state_get_version_major     (OnairVmixState *self);
const char            *onair_vmix_state_get_edition           (OnairVmixState *self);
const char            *onair_vmix_state_get_preset            (OnairVmixState *self);
guint                  onair_vmix_state_get_stream_count      (OnairVmixState *self);
gboolean               onair_vmix_state_get_streaming         (OnairVmixState *self);
gboolean               onair_vmix_state_get_stream_live       (OnairVmixState *self,
                                                               guint           stream);
OnairVmixStreamState   onair_vmix_state_get_stream_state      (OnairVmixState *self,
                                                               guint           stream);
gboolean               onair_vmix_state_get_streams_reported  (OnairVmixState *self);
gboolean               onair_vmix_state_get_recording         (OnairVmixState *self);
gint64                 onair_vmix_state_get_recording_duration (OnairVmixState *self);
const char * const    *onair_vmix_state_get_recording_files   (OnairVmixState *self);
gboolean               onair_vmix_state_get_external          (OnairVmixState *self);
gboolean               onair_vmix_state_get_multicorder       (OnairVmixState *self);
gboolean               onair_vmix_state_get_fullscreen        (OnairVmixState *self);
gboolean               onair_vmix_state_get_has_outputs       (OnairVmixState *self);
guint                  onair_vmix_state_get_n_outputs         (OnairVmixState *self);
const OnairVmixOutput *onair_vmix_state_get_output            (OnairVmixState *self,
                                                               guint           index);
guint                  onair_vmix_state_get_n_srt_outputs     (OnairVmixState *self);
guint                  onair_vmix_state_get_srt_output_count  (OnairVmixState *self);
const OnairVmixOutput *onair_vmix_state_find_output           (OnairVmixState *self,
                                                               const char     *type,
                                                               guint           number);
const OnairVmixMeter  *onair_vmix_state_get_master            (OnairVmixState *self);
guint                  onair_vmix_state_get_n_buses           (OnairVmixState *self);
const OnairVmixMeter  *onair_vmix_state_get_bus               (OnairVmixState *self,
                                                               guint           index);
guint                  onair_vmix_state_get_n_inputs          (OnairVmixState *self);
const char            *onair_vmix_state_get_input_title       (OnairVmixState *self,
                                                                guint           number);
guint                  onair_vmix_state_get_active            (OnairVmixState *self);
guint                  onair_vmix_state_get_preview           (OnairVmixState *self);
gboolean               onair_vmix_state_get_has_fade_to_black (OnairVmixState *self);
gboolean               onair_vmix_state_get_fade_to_black     (OnairVmixState *self);

G_END_DECLS
