/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "onair-fingerprint.h"

/**
 * onair_key_fingerprint_data:
 * @data: (array length=length): the secret's bytes
 * @length: length of @data
 *
 * Returns the first %ONAIR_KEY_FINGERPRINT_LENGTH lowercase hex digits of the SHA-256 of
 * @data: enough to tell keys apart in a log, useless to stream with.
 *
 * Returns: (transfer full): the fingerprint
 */
char *
onair_key_fingerprint_data (const guint8 *data,
                            gsize         length)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[32];
  char *out;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, length, digest) < 0)
    g_error ("SHA-256 is not available");

  out = g_malloc (ONAIR_KEY_FINGERPRINT_LENGTH + 1);
  for (guint i = 0; i < ONAIR_KEY_FINGERPRINT_LENGTH / 2; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0xf];
    }
  out[ONAIR_KEY_FINGERPRINT_LENGTH] = '\0';

  return out;
}

/**
 * onair_key_fingerprint:
 * @key: a secret such as a stream key, as UTF-8
 *
 * Fingerprint of a stream key, as recorded in witness events (`key_fingerprint`).
 *
 * Returns: (transfer full): the first 8 hex digits of SHA-256 of @key
 */
char *
onair_key_fingerprint (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return onair_key_fingerprint_data ((const guint8 *) key, strlen (key));
}
