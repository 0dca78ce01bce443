/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "onair-witness-private.h"

/*
 * The fast path of verification: an entry line exactly as Onair writes it,
 *
 *   {"seq":N,"event":E,"previous_hash":"P","witness_timestamp":"T","current_hash":"C"}
 *
 * with E canonical, is checked in one pass over its bytes and its hashed form is put together
 * from pieces of the line: {"event":E,"previous_hash":"P","seq":N,"witness_timestamp":"T"}.
 * No parse tree, no decoding, no sorting.
 *
 * It accepts a line only when the general path (OnairJsonScanner, then
 * onair_json_write_canonical()) would produce exactly these bytes and find the same members;
 * anything it is unsure of (another member order, whitespace, an escape that is not minimal, a
 * key with an escape, deep nesting, a number it would have to normalise) makes it answer
 * "not mine", and the general path decides, with its own faults and words. It never reports a
 * fault itself.
 */

/* Far below ONAIR_JSON_MAX_DEPTH, so that the general path's depth fault is never skipped. */
#define MAX_DEPTH 32

/* Bytes that end a run of plain string contents: the quote, the backslash, controls. */
static const guint8 string_stop[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
  [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1,
  [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
  [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1,
  ['"'] = 1, ['\\'] = 1,
};

static inline gboolean
is_lower_hex (guchar c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* @p just after the opening quote. Returns the byte after the closing quote, or %NULL unless
 * the contents are written as canonical JSON writes them. UTF-8 is checked for the whole line
 * beforehand. */
static const guchar *
canonical_string (const guchar *p,
                  const guchar *end,
                  gboolean     *escaped)
{
  for (;;)
    {
#ifdef __SSE2__
      /* Sixteen bytes at a time where the CPU can: quotes, backslashes and controls (bytes
       * that do not change when 0x1f is taken away, saturating). */
      {
        const __m128i quote = _mm_set1_epi8 ('"');
        const __m128i backslash = _mm_set1_epi8 ('\\');
        const __m128i last_control = _mm_set1_epi8 (0x1f);
        const __m128i zero = _mm_setzero_si128 ();

        while (end - p >= 16)
          {
            __m128i w = _mm_loadu_si128 ((const __m128i *) p);
            __m128i stops = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (w, quote),
                                                        _mm_cmpeq_epi8 (w, backslash)),
                                          _mm_cmpeq_epi8 (_mm_subs_epu8 (w, last_control), zero));
            int mask = _mm_movemask_epi8 (stops);

            if (mask != 0)
              {
                p += __builtin_ctz ((unsigned) mask);
                break;
              }
            p += 16;
          }
      }
#endif
      while (end - p >= 8)
        {
          guint64 w, quote, backslash, control;

          memcpy (&w, p, 8);
          quote = w ^ G_GUINT64_CONSTANT (0x2222222222222222);
          backslash = w ^ G_GUINT64_CONSTANT (0x5c5c5c5c5c5c5c5c);
          quote = (quote - G_GUINT64_CONSTANT (0x0101010101010101)) & ~quote;
          backslash = (backslash - G_GUINT64_CONSTANT (0x0101010101010101)) & ~backslash;
          control = (w - G_GUINT64_CONSTANT (0x2020202020202020)) & ~w;
          if ((quote | backslash | control) & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          p += 8;
        }
      while (p < end && !string_stop[*p])
        p++;

      if (p >= end)
        return NULL;
      if (*p == '"')
        return p + 1;
      if (*p != '\\' || end - p < 2)
        return NULL;

      *escaped = TRUE;
      switch (p[1])
        {
        case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
          p += 2;
          break;

        case 'u':
          {
            guint c;

            /* Only controls without a short form are written as \u00xx, in lowercase. */
            if (end - p < 6 || p[2] != '0' || p[3] != '0' || (p[4] != '0' && p[4] != '1') ||
                !is_lower_hex (p[5]))
              return NULL;
            c = (guint) (p[4] - '0') * 16 + (guint) (p[5] <= '9' ? p[5] - '0' : p[5] - 'a' + 10);
            if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
              return NULL;
            p += 6;
            break;
          }

        default:
          return NULL;
        }
    }
}

/* An integer as canonical JSON writes it, far inside ±2^53. */
static const guchar *
canonical_integer (const guchar *p,
                   const guchar *end)
{
  const guchar *digits;
  gboolean negative = FALSE;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  if (p >= end || *p < '0' || *p > '9')
    return NULL;
  if (*p == '0')
    {
      /* "-0" is written "0". */
      if (negative)
        return NULL;
      p++;
    }
  else
    {
      while (p < end && *p >= '0' && *p <= '9')
        p++;
    }
  if (p - digits > 15)
    return NULL;
  if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
    return NULL;

  return p;
}

static const guchar *canonical_value (const guchar *p,
                                      const guchar *end,
                                      guint         depth);

/* @p on "{". Members in strictly increasing byte order of their keys, keys without escapes. */
static const guchar *
canonical_object (const guchar *p,
                  const guchar *end,
                  guint         depth)
{
  const guchar *last_key = NULL;
  gsize last_len = 0;

  p++;
  if (p < end && *p == '}')
    return p + 1;

  for (;;)
    {
      const guchar *key, *key_end;
      gboolean escaped = FALSE;
      gsize len;
      int cmp;

      if (p >= end || *p != '"')
        return NULL;
      key = p + 1;
      key_end = canonical_string (key, end, &escaped);
      if (key_end == NULL || escaped)
        return NULL;
      len = key_end - 1 - key;
      if (last_key != NULL)
        {
          cmp = memcmp (last_key, key, MIN (last_len, len));
          if (cmp > 0 || (cmp == 0 && last_len >= len))
            return NULL;
        }
      last_key = key;
      last_len = len;

      p = key_end;
      if (p >= end || *p != ':')
        return NULL;
      p = canonical_value (p + 1, end, depth);
      if (p == NULL || p >= end)
        return NULL;
      if (*p == '}')
        return p + 1;
      if (*p != ',')
        return NULL;
      p++;
    }
}

static const guchar *
canonical_array (const guchar *p,
                 const guchar *end,
                 guint         depth)
{
  p++;
  if (p < end && *p == ']')
    return p + 1;

  for (;;)
    {
      p = canonical_value (p, end, depth);
      if (p == NULL || p >= end)
        return NULL;
      if (*p == ']')
        return p + 1;
      if (*p != ',')
        return NULL;
      p++;
    }
}

static const guchar *
canonical_value (const guchar *p,
                 const guchar *end,
                 guint         depth)
{
  gboolean escaped = FALSE;

  if (p >= end)
    return NULL;

  switch (*p)
    {
    case '"':
      return canonical_string (p + 1, end, &escaped);
    case '{':
      return depth < MAX_DEPTH ? canonical_object (p, end, depth + 1) : NULL;
    case '[':
      return depth < MAX_DEPTH ? canonical_array (p, end, depth + 1) : NULL;
    case 't':
      return end - p >= 4 && memcmp (p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
      return end - p >= 5 && memcmp (p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
      return end - p >= 4 && memcmp (p, "null", 4) == 0 ? p + 4 : NULL;
    default:
      return canonical_integer (p, end);
    }
}

static inline const guchar *
expect (const guchar *p,
        const guchar *end,
        const char   *literal,
        gsize         length)
{
  return p != NULL && (gsize) (end - p) >= length && memcmp (p, literal, length) == 0
         ? p + length : NULL;
}

/* A quoted string of 64 bytes, @p on the quote. Whether they are a hash (lowercase hex digits)
 * is for the caller to find out (see OnairWitnessLineEntry): comparing with a hash that is
 * known to be one is quicker than checking each digit. */
static inline const guchar *
quoted_hash (const guchar  *p,
             const guchar  *end,
             const char   **hash)
{
  if (p == NULL || end - p < ONAIR_WITNESS_HASH_LENGTH + 2 || *p != '"' ||
      p[ONAIR_WITNESS_HASH_LENGTH + 1] != '"')
    return NULL;

  *hash = (const char *) p + 1;
  return p + ONAIR_WITNESS_HASH_LENGTH + 2;
}

/**
 * onair_witness_line_entry_read:
 * @line: one line of a chain file, without its newline
 * @hashed: (out caller-allocates): set to the canonical entry without its current_hash
 *
 * Returns: %TRUE if @line is an entry as Onair writes it, canonical throughout, with @entry
 *   and @hashed filled in; %FALSE if the general path must read it (nothing is said about
 *   whether it is valid)
 */
gboolean
onair_witness_line_entry_read (const char            *line,
                               gsize                  length,
                               OnairWitnessLineEntry *entry,
                               GString               *hashed)
{
  const guchar *start = (const guchar *) line;
  const guchar *end = start + length;
  const guchar *p, *seq_start, *seq_end, *event_start, *prev_end, *stamp_start, *stamp_end;
  gboolean escaped = FALSE;
  guint64 seq = 0;

  p = expect (start, end, "{\"seq\":", 7);
  seq_start = p;
  if (p == NULL || p >= end || *p == '-' || (seq_end = canonical_integer (p, end)) == NULL)
    return FALSE;
  for (const guchar *d = seq_start; d < seq_end; d++)
    seq = seq * 10 + (guint64) (*d - '0');

  p = expect (seq_end, end, ",\"event\":", 9);
  if (p == NULL || p >= end || *p != '{')
    return FALSE;
  event_start = p - 8;  /* "event": */
  p = canonical_object (p, end, 2);

  p = expect (p, end, ",\"previous_hash\":", 17);
  p = quoted_hash (p, end, &entry->previous_hash);
  prev_end = p;

  stamp_start = p;  /* ,"witness_timestamp":"…" */
  p = expect (p, end, ",\"witness_timestamp\":\"", 22);
  if (p == NULL || (stamp_end = canonical_string (p, end, &escaped)) == NULL)
    return FALSE;

  p = expect (stamp_end, end, ",\"current_hash\":", 16);
  p = quoted_hash (p, end, &entry->current_hash);
  if (p == NULL || end - p != 1 || *p != '}')
    return FALSE;

  /* Text outside strings is ASCII here, so this is the scanner's UTF-8 verdict on the strings. */
  if (!onair_json_utf8_valid (line, length))
    return FALSE;

  entry->seq = (gint64) seq;

  g_string_truncate (hashed, 0);
  g_string_append_c (hashed, '{');
  g_string_append_len (hashed, (const char *) event_start, prev_end - event_start);
  g_string_append_len (hashed, ",\"seq\":", 7);
  g_string_append_len (hashed, (const char *) seq_start, seq_end - seq_start);
  g_string_append_len (hashed, (const char *) stamp_start, stamp_end - stamp_start);
  g_string_append_c (hashed, '}');

  return TRUE;
}
