/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Number of hex digits in a key fingerprint. */
#define ONAIR_KEY_FINGERPRINT_LENGTH 8

char *onair_key_fingerprint      (const char   *key);
char *onair_key_fingerprint_data (const guint8 *data,
                                  gsize         length);

G_END_DECLS
