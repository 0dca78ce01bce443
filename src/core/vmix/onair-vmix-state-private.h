/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-vmix-state.h"

G_BEGIN_DECLS

/* Between the state object (onair-vmix-state.c) and its parser (onair-vmix-state-parser.c). */

struct _OnairVmixState
{
  GObject    parent_instance;

  char      *version;
  guint      version_major;
  char      *edition;
  char      *preset;

  guint      stream_count;
  gboolean   streaming;
  gboolean   streams_reported;  /* some channelN attribute was sent */
  gboolean   streams[ONAIR_VMIX_MAX_STREAMS];

  gboolean   recording;
  gint64     recording_duration;
  GStrv      recording_files;

  gboolean   external;
  gboolean   multicorder;
  gboolean   fullscreen;

  gboolean   has_outputs;
  GArray    *outputs;          /* OnairVmixOutput */

  gboolean   has_master;
  OnairVmixMeter master;
  GArray    *buses;            /* OnairVmixMeter */

  guint      n_inputs;
  GString   *input_titles;     /* each input's title, NUL-ended, one after the other */
  GArray    *title_offsets;    /* guint per input, in document order: where its title starts */
  GArray    *input_numbers;    /* guint per input: its number attribute (0 when missing) */
  guint      active;
  guint      preview;
  gboolean   has_fade_to_black;
  gboolean   fade_to_black;
};

void     onair_vmix_meter_clear         (gpointer         data);
gboolean onair_vmix_state_parse         (OnairVmixState  *self,
                                         GBytes          *bytes,
                                         GError         **error);

G_END_DECLS
