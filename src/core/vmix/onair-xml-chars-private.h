/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

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

static inline gboolean
looking_at (const guchar *p,
            const guchar *end,
            const char   *text)
{
  gsize length = strlen (text);

  return (gsize) (end - p) >= length && memcmp (p, text, length) == 0;
}

G_END_DECLS
