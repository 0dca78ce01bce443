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
  char     *type;          /* "Output", "External2", "Fullscreen"… */
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
  double    left;
  double    right;
  guint     volume;
  gboolean  muted;
} OnairVmixMeter;

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
const OnairVmixMeter  *onair_vmix_state_get_master            (OnairVmixState *self);
guint                  onair_vmix_state_get_n_buses           (OnairVmixState *self);
const OnairVmixMeter  *onair_vmix_state_get_bus               (OnairVmixState *self,
                                                               guint           index);
guint                  onair_vmix_state_get_n_inputs          (OnairVmixState *self);
guint                  onair_vmix_state_get_active            (OnairVmixState *self);
guint                  onair_vmix_state_get_preview           (OnairVmixState *self);

G_END_DECLS
