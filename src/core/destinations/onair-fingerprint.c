/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

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

/* Held secrets: fingerprints, never the secrets, shared by the whole process (the keyring
 * answers on worker threads' behalf in the main context, the logs are written anywhere). */

/* Shorter values are not taken for secrets: a fingerprint match of "1" would be chance. */
#define MIN_SECRET_LENGTH 6

static GMutex held_lock;
static GHashTable *held;   /* fingerprint -> itself */

void
onair_held_secrets_add_fingerprint (const char *fingerprint)
{
  g_return_if_fail (fingerprint != NULL);

  if (strlen (fingerprint) != ONAIR_KEY_FINGERPRINT_LENGTH)
    return;
  g_mutex_lock (&held_lock);
  if (held == NULL)
    held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (held, g_ascii_strdown (fingerprint, -1));
  g_mutex_unlock (&held_lock);
}

/**
 * onair_held_secrets_add:
 * @secret: a stream key or password Onair stored or read from the keyring
 *
 * Remembers @secret's fingerprint (not @secret) so that onair_held_secrets_match() knows
 * it wherever it turns up.
 */
void
onair_held_secrets_add (const char *secret)
{
  g_autofree char *fingerprint = NULL;

  g_return_if_fail (secret != NULL);

  if (strlen (secret) < MIN_SECRET_LENGTH)
    return;
  fingerprint = onair_key_fingerprint (secret);
  onair_held_secrets_add_fingerprint (fingerprint);
}

static gboolean
matches_length (const char *value,
                gsize       length)
{
  g_autofree char *fingerprint = NULL;

  if (length < MIN_SECRET_LENGTH)
    return FALSE;
  fingerprint = onair_key_fingerprint_data ((const guint8 *) value, length);
  return g_hash_table_contains (held, fingerprint);
}

/**
 * onair_held_secrets_match:
 * @value: a value about to be logged or recorded, such as a function call's parameter
 *
 * Whether @value is, or carries, a secret Onair holds: the whole value, the part after a
 * stream index ("0,KEY"), or any part between the separators a URL or a list uses
 * (`/ , ; & = ? :` and spaces).
 *
 * Returns: %TRUE when @value must be redacted
 */
gboolean
onair_held_secrets_match (const char *value)
{
  static const char separators[] = "/,;&=?: \t";
  gboolean found = FALSE;

  if (value == NULL)
    return FALSE;

  g_mutex_lock (&held_lock);
  if (held != NULL && g_hash_table_size (held) > 0)
    {
      const char *start = value;

      found = matches_length (value, strlen (value));
      while (!found && *start != '\0')
        {
          gsize length = strcspn (start, separators);

          found = matches_length (start, length);
          start += length;
          if (*start != '\0')
            start++;
        }
    }
  g_mutex_unlock (&held_lock);
  return found;
}

/* For tests: forget every held secret. */
void
onair_held_secrets_clear (void)
{
  g_mutex_lock (&held_lock);
  g_clear_pointer (&held, g_hash_table_unref);
  g_mutex_unlock (&held_lock);
}
