/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#if defined (__SSE2__) && defined (__GNUC__)
#include <emmintrin.h>
#define ONAIR_XML_SSE2 1
#endif

#include "onair-xml-scanner-private.h"

G_BEGIN_DECLS

/* XML's characters, for the scanner (onair-xml-scanner.c), the HTML sniffer
 * (onair-xml-html.c) and attribute values (onair-xml-chars.c): a class per byte, so that plain
 * bytes cost one table lookup, and checks for what needs a closer look. Only those files
 * include this header, hence the short names of the classes and inline helpers. */

enum
{
  C_NAME_START = 1 << 0,   /* ASCII NameStartChar */
  C_NAME       = 1 << 1,   /* ASCII NameChar */
  C_SPACE      = 1 << 2,   /* S */
  C_CHECK      = 1 << 3,   /* not plain: control characters and non-ASCII bytes */
  C_TEXT_STOP  = 1 << 4,   /* ends a plain run of character data */
  C_VALUE_STOP = 1 << 5,   /* ends a plain run of an attribute value */
};

extern guint8 onair_xml_classes[256];

#define IS(c, bits) ((onair_xml_classes[(guchar) (c)] & (bits)) != 0)

void          onair_xml_init_classes   (void);
gsize         onair_xml_decode_utf8    (const guchar  *p,
                                        const guchar  *end,
                                        gunichar      *out);
gboolean      onair_xml_is_char        (gunichar       c);
gboolean      onair_xml_is_name_start  (gunichar       c);
gboolean      onair_xml_is_name_char   (gunichar       c);
const guchar *onair_xml_read_reference (const guchar  *p,
                                        const guchar  *end,
                                        char           out[8],
                                        gsize         *out_length,
                                        const char   **reason);

static inline const guchar *
skip_space (const guchar *p,
            const guchar *end)
{
  while (p < end && IS (*p, C_SPACE))
    p++;
  return p;
}

/* Runs of plain bytes in attribute values and text: with SSE2 (every x86-64), sixteen bytes
 * are classified at once and the run's end found without a branch per byte; the table
 * lookups do the rest, and all of it where SSE2 is missing. Names are left to the table:
 * they are short, and their class takes more to compute than it saves. */

#ifdef ONAIR_XML_SSE2
/* The bytes of @v in [@lo, @hi], as 0xff. */
static inline __m128i
bytes_in_range (__m128i v,
                guchar  lo,
                guchar  hi)
{
  __m128i shifted = _mm_sub_epi8 (v, _mm_set1_epi8 ((char) lo));

  return _mm_cmpeq_epi8 (_mm_min_epu8 (shifted, _mm_set1_epi8 ((char) (hi - lo))), shifted);
}

static inline __m128i
bytes_equal (__m128i v,
             char    c)
{
  return _mm_cmpeq_epi8 (v, _mm_set1_epi8 (c));
}

/* One bit per byte of the 16 at @p that ends a plain run of an attribute value
 * (C_VALUE_STOP): control characters, anything outside ASCII, quotes, '<' and '&'. */
static inline guint
value_stops (const guchar *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
  __m128i stop = _mm_xor_si128 (bytes_in_range (v, 0x20, 0x7e), _mm_set1_epi8 ((char) 0xff));

  stop = _mm_or_si128 (stop, bytes_equal (v, '"'));
  stop = _mm_or_si128 (stop, bytes_equal (v, '\''));
  stop = _mm_or_si128 (stop, bytes_equal (v, '<'));
  stop = _mm_or_si128 (stop, bytes_equal (v, '&'));
  return (guint) _mm_movemask_epi8 (stop);
}

/* One bit per byte of the 16 at @p that ends a plain run of character data (C_TEXT_STOP):
 * control characters but tab and line feed, anything outside ASCII, '<', '&' and ']'. */
static inline guint
text_stops (const guchar *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
  __m128i plain = _mm_or_si128 (bytes_in_range (v, 0x20, 0x7e),
                                _mm_or_si128 (bytes_equal (v, '\t'), bytes_equal (v, '\n')));
  __m128i stop = _mm_xor_si128 (plain, _mm_set1_epi8 ((char) 0xff));

  stop = _mm_or_si128 (stop, bytes_equal (v, '<'));
  stop = _mm_or_si128 (stop, bytes_equal (v, '&'));
  stop = _mm_or_si128 (stop, bytes_equal (v, ']'));
  return (guint) _mm_movemask_epi8 (stop);
}

#define SKIP_SIXTEENS(p, end, stops) G_STMT_START { \
    while ((end) - (p) >= 16) \
      { \
        guint mask_ = stops (p); \
        if (mask_ != 0) \
          return (p) + __builtin_ctz (mask_); \
        (p) += 16; \
      } \
  } G_STMT_END
#else
#define SKIP_SIXTEENS(p, end, stops) G_STMT_START { } G_STMT_END
#endif

/* The end of the run of ASCII NameChars at @p. */
static inline const guchar *
skip_name_chars (const guchar *p,
                 const guchar *end)
{
  while (p < end && IS (*p, C_NAME))
    p++;
  return p;
}

/* The end of the plain run of an attribute value at @p. */
static inline const guchar *
skip_value_chars (const guchar *p,
                  const guchar *end)
{
  SKIP_SIXTEENS (p, end, value_stops);
  while (p < end && !IS (*p, C_VALUE_STOP))
    p++;
  return p;
}

/* The end of the plain run of character data at @p. */
static inline const guchar *
skip_text_chars (const guchar *p,
                 const guchar *end)
{
  SKIP_SIXTEENS (p, end, text_stops);
  while (p < end && !IS (*p, C_TEXT_STOP))
    p++;
  return p;
}

static inline gboolean
looking_at (const guchar *p,
            const guchar *end,
            const char   *text)
{
  gsize length = strlen (text);

  return (gsize) (end - p) >= length && memcmp (p, text, length) == 0;
}

G_END_DECLS
