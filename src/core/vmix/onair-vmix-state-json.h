/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-vmix-state.h"

G_BEGIN_DECLS

char *onair_vmix_state_to_json (OnairVmixState *state);

G_END_DECLS
