/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Number of hex digits in a key fingerprint. */
#define ONAIR_KEY_FINGERPRINT_LENGTH 8

char *onair_key_fingerprint      (const char   *key);
char *onair_key_fingerprint_data (const guint8 *data,
                                  gsize         length);

/* The secrets Onair holds, known by their fingerprints only: a value that matches one is
 * redacted wherever it would be logged or recorded, whatever carries it. */
void     onair_held_secrets_add_fingerprint (const char *fingerprint);
void     onair_held_secrets_add             (const char *secret);
gboolean onair_held_secrets_match           (const char *value);
void     onair_held_secrets_clear           (void);

G_END_DECLS
