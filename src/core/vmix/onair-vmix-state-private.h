/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-vmix-state.h"

G_BEGIN_DECLS

/* Between the state object (onair-vmix-state.c) and its parser (onair-vmix-state-parser.c). */

/* The most recording files vMix names (filename1 to filename9). */
#define ONAIR_VMIX_MAX_RECORDING_FILES 9

/* An input as the state keeps it: its number attribute (0 when missing) and where its title
 * starts in input_titles. */
typedef struct
{
  guint number;
  guint title;
} OnairVmixInput;

struct _OnairVmixState
{
  GObject         parent_instance;

  /* Every string the state holds but the input titles: version, edition, preset, meter
   * names, output types and sources, recording files. One chunk, freed at once, so that a
   * poll does not allocate per field. */
  GStringChunk   *strings;

  const char     *version;
  guint           version_major;
  const char     *edition;
  const char     *preset;

  guint           stream_count;
  gboolean        streaming;
  gboolean        streams_reported;  /* some channelN attribute was sent */
  gboolean        streams[ONAIR_VMIX_MAX_STREAMS];

  gboolean        recording;
  gint64          recording_duration;
  const char     *recording_files[ONAIR_VMIX_MAX_RECORDING_FILES + 1];  /* NULL-ended */

  gboolean        external;
  gboolean        multicorder;
  gboolean        fullscreen;

  gboolean        has_outputs;
  GArray         *outputs;           /* OnairVmixOutput */

  gboolean        has_master;
  OnairVmixMeter  master;
  GArray         *buses;             /* OnairVmixMeter */

  guint           n_inputs;
  GString        *input_titles;      /* each input's title, NUL-ended, one after the other */
  GArray         *inputs;            /* OnairVmixInput, in document order */
  guint           active;
  guint           preview;
  gboolean        has_fade_to_black;
  gboolean        fade_to_black;
};

gboolean onair_vmix_state_parse (OnairVmixState  *self,
                                 GBytes          *bytes,
                                 GError         **error);

G_END_DECLS
