/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Written by build-aux/preset-strings.py from data/presets.json; do not edit. The names
 * of the presets and their servers, for xgettext: onair-presets.c translates them when it
 * loads the presets, and test-presets checks that this list and the file agree. */
#pragma once

#include <glib/gi18n-lib.h>

static const char * const onair_preset_strings[] = {
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("Twitch"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Automatic (nearest ingest)"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Global (legacy address)"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Europe: Frankfurt, Germany"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Europe: Stockholm, Sweden"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("US East: Miami, FL"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("South America: São Paulo, Brazil"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Asia: Mumbai, India"),
  /* TRANSLATORS: an ingest server of Twitch */
  N_("Asia: Hyderabad, India"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("YouTube (RTMP)"),
  /* TRANSLATORS: an ingest server of YouTube (RTMP) */
  N_("Primary"),
  /* TRANSLATORS: an ingest server of YouTube (RTMP) */
  N_("Backup"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("YouTube (RTMPS)"),
  /* TRANSLATORS: an ingest server of YouTube (RTMPS) */
  N_("Primary"),
  /* TRANSLATORS: an ingest server of YouTube (RTMPS) */
  N_("Backup"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("Facebook Live (RTMPS)"),
  /* TRANSLATORS: an ingest server of Facebook Live (RTMPS) */
  N_("Default"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("Kick"),
  /* TRANSLATORS: an ingest server of Kick */
  N_("Default"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("Restream"),
  /* TRANSLATORS: an ingest server of Restream */
  N_("Automatic (nearest ingest)"),
  /* TRANSLATORS: a streaming platform, as Onair lists its presets */
  N_("Custom RTMP"),
};
