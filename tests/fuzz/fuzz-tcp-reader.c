/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/vmix/onair-tcp-reader.h"

/* libFuzzer target: the TCP API's line reader on arbitrary bytes, as any host at vMix's
 * address may send them, fed once whole and once in pieces whose sizes the input's first
 * bytes choose. Besides the sanitizers' findings, a run fails when the two disagree (a
 * split must never change what is read), or when a message breaks the reader's contract:
 * a line valid UTF-8 without a line end in it; a payload only after an "XML <n>" line, and
 * exactly n bytes long. */

static GPtrArray *
read_all (const guint8 *data,
          gsize         size,
          const guint8 *cuts,
          gsize         n_cuts,
          gboolean     *ok)
{
  g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1 << 16);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  gsize offset = 0, i = 0;

  *ok = TRUE;
  while (offset < size && *ok)
    {
      gsize piece = n_cuts > 0 ? (gsize) cuts[i++ % n_cuts] % 17 + 1 : size;

      piece = MIN (piece, size - offset);
      *ok = onair_tcp_reader_feed (reader, data + offset, piece, NULL);
      offset += piece;
      for (OnairTcpMessage *message; (message = onair_tcp_reader_next (reader)) != NULL;)
        {
          g_assert_true (g_utf8_validate (message->line, -1, NULL));
          g_assert_null (strchr (message->line, '\n'));
          if (message->payload != NULL)
            {
              g_assert_true (g_str_has_prefix (message->line, "XML "));
              g_assert_cmpuint (g_bytes_get_size (message->payload), ==,
                                g_ascii_strtoull (message->line + 4, NULL, 10));
            }
          g_ptr_array_add (out, g_strdup_printf ("%s|%zu", message->line,
                                                 message->payload ? g_bytes_get_size (message->payload)
                                                                  : (gsize) -1));
          onair_tcp_message_free (message);
        }
    }
  return out;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  gsize n_cuts;
  gboolean whole_ok, pieces_ok;

  if (size < 1)
    return 0;
  n_cuts = MIN ((gsize) data[0] % 8 + 1, size - 1);
  whole = read_all (data + 1 + n_cuts, size - 1 - n_cuts, NULL, 0, &whole_ok);
  pieces = read_all (data + 1 + n_cuts, size - 1 - n_cuts, data + 1, n_cuts, &pieces_ok);

  /* Up to an error both read the same; without one, everything. */
  if (whole_ok && pieces_ok)
    {
      g_assert_cmpuint (whole->len, ==, pieces->len);
      for (guint i = 0; i < whole->len; i++)
        g_assert_cmpstr (g_ptr_array_index (whole, i), ==, g_ptr_array_index (pieces, i));
    }
  return 0;
}
