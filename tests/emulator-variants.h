/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The forms of vMix's state document a test runs against: every emulator profile in the
 * form real vMix writes, and vMix 28 in the documented form (an <?xml?> declaration and
 * every channelN attribute). A parser that only reads one spelling fails on another. */

#include "emulator/onair-emulator.h"

typedef enum
{
  VARIANT_VMIX28,
  VARIANT_VMIX28_DOCUMENTED,
  VARIANT_VMIX26,
  VARIANT_VMIX21,
  N_VARIANTS
} Variant;

static const struct
{
  const char           *name;
  OnairEmulatorProfile  profile;
  gboolean              documented;
} variants[N_VARIANTS] = {
  [VARIANT_VMIX28] = { "vmix28", ONAIR_EMULATOR_PROFILE_VMIX28, FALSE },
  [VARIANT_VMIX28_DOCUMENTED] = { "vmix28-documented", ONAIR_EMULATOR_PROFILE_VMIX28, TRUE },
  [VARIANT_VMIX26] = { "vmix26", ONAIR_EMULATOR_PROFILE_VMIX26, FALSE },
  [VARIANT_VMIX21] = { "vmix21", ONAIR_EMULATOR_PROFILE_VMIX21, FALSE },
};

static inline OnairEmulator *
variant_emulator_new (Variant variant)
{
  OnairEmulator *emulator = onair_emulator_new (variants[variant].profile);

  onair_emulator_set_xml_declaration (emulator, variants[variant].documented);
  onair_emulator_set_all_channel_attributes (emulator, variants[variant].documented);
  return emulator;
}

/* Whether the variant's vMix says which stream is on (vMix 21 does not). */
static inline gboolean
variant_reports_channels (Variant variant)
{
  return variants[variant].profile != ONAIR_EMULATOR_PROFILE_VMIX21;
}
