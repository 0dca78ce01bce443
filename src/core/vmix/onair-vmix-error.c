/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-vmix-error.h"

G_DEFINE_QUARK (onair-vmix-error-quark, onair_vmix_error)
