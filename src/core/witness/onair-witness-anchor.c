/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-witness-private.h"

/* The head a caller keeps (in the keyring) to tell, on the next open, a chain cut short. */

G_DEFINE_BOXED_TYPE (OnairWitnessAnchor, onair_witness_anchor,
                     onair_witness_anchor_copy, onair_witness_anchor_free)

/**
 * onair_witness_anchor_copy:
 *
 * Returns: (transfer full): a copy of @anchor
 */
OnairWitnessAnchor *
onair_witness_anchor_copy (const OnairWitnessAnchor *anchor)
{
  return g_memdup2 (anchor, sizeof *anchor);
}

void
onair_witness_anchor_free (OnairWitnessAnchor *anchor)
{
  g_free (anchor);
}

/**
 * onair_witness_anchor_to_string:
 *
 * Returns: (transfer full): "SEQ:HASH", the form to keep in the keyring
 */
char *
onair_witness_anchor_to_string (const OnairWitnessAnchor *anchor)
{
  g_return_val_if_fail (anchor != NULL, NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", anchor->seq, anchor->hash);
}

/**
 * onair_witness_anchor_parse:
 * @text: "SEQ:HASH" as written by onair_witness_anchor_to_string()
 * @anchor: (out caller-allocates): the anchor
 *
 * Returns: %TRUE if @text is an anchor
 */
gboolean
onair_witness_anchor_parse (const char         *text,
                            OnairWitnessAnchor *anchor)
{
  const char *colon;
  g_autofree char *number = NULL;
  gint64 seq;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (anchor != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon == NULL || !onair_witness_is_hash (colon + 1, strlen (colon + 1)))
    return FALSE;

  number = g_strndup (text, colon - text);
  if (!g_ascii_string_to_signed (number, 10, -1, G_MAXINT64, &seq, NULL))
    return FALSE;

  anchor->seq = seq;
  memcpy (anchor->hash, colon + 1, ONAIR_WITNESS_HASH_LENGTH + 1);
  return TRUE;
}
