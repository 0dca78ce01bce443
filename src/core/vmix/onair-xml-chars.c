/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-xml-chars-private.h"

/* Every poll parses vMix's whole state document, and most of it (the inputs) is only
 * counted. The scanner therefore runs over plain bytes with a table lookup per byte and
 * stops only where a byte needs a closer look: markup, references, line ends, control
 * characters and anything outside ASCII, which is checked as UTF-8 and as an XML Char. */

guint8 onair_xml_classes[256];

void
onair_xml_init_classes (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint c = 0; c < 256; c++)
    {
      guint8 bits = 0;

      if (g_ascii_isalpha (c) || c == '_' || c == ':')
        bits |= C_NAME_START | C_NAME;
      if (g_ascii_isdigit (c) || c == '-' || c == '.')
        bits |= C_NAME;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        bits |= C_SPACE;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7f)
        bits |= C_CHECK;
      if ((bits & C_CHECK) || c == '<' || c == '&' || c == ']' || c == '\r')
        bits |= C_TEXT_STOP;
      if ((bits & C_CHECK) || c == '<' || c == '&' || c == '"' || c == '\'' ||
          c == '\t' || c == '\n' || c == '\r')
        bits |= C_VALUE_STOP;
      onair_xml_classes[c] = bits;
    }

  g_once_init_leave (&initialized, 1);
}

/* One UTF-8 sequence at @p: its length, or 0 when it is not well-formed (overlong, cut,
 * beyond U+10FFFF). Surrogates decode and are refused by
 * onair_xml_is_char(). */
gsize
onair_xml_decode_utf8 (const guchar *p,
                       const guchar *end,
                       gunichar     *out)
{
  guchar c = p[0];
  gunichar value;
  gsize length;

  if (c < 0x80)
    {
      *out = c;
      return 1;
    }
  if (c < 0xc2)
    return 0;
  else if (c < 0xe0)
    length = 2, value = c & 0x1f;
  else if (c < 0xf0)
    length = 3, value = c & 0x0f;
  else if (c < 0xf5)
    length = 4, value = c & 0x07;
  else
    return 0;

  if ((gsize) (end - p) < length)
    return 0;
  for (gsize i = 1; i < length; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      value = (value << 6) | (p[i] & 0x3f);
    }
  if ((length == 3 && value < 0x800) || (length == 4 && (value < 0x10000 || value > 0x10ffff)))
    return 0;

  *out = value;
  return length;
}

gboolean
onair_xml_is_char (gunichar c)
{
  return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
         (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

gboolean
onair_xml_is_name_start (gunichar c)
{
  if (c < 0x80)
    return IS (c, C_NAME_START);
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) ||
         (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) ||
         (c >= 0x200c && c <= 0x200d) || (c >= 0x2070 && c <= 0x218f) ||
         (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) ||
         (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) ||
         (c >= 0x10000 && c <= 0xeffff);
}

gboolean
onair_xml_is_name_char (gunichar c)
{
  if (c < 0x80)
    return IS (c, C_NAME);
  return onair_xml_is_name_start (c) || c == 0xb7 || (c >= 0x300 && c <= 0x36f) ||
         (c >= 0x203f && c <= 0x2040);
}

/* A reference at @p (on the '&'): the character it stands for, as UTF-8 in @out, and the
 * position after its ';'; NULL with @reason when it is not one of the five predefined
 * entities or a character reference to an XML Char. */
const guchar *
onair_xml_read_reference (const guchar  *p,
                          const guchar  *end,
                          char           out[8],
                          gsize         *out_length,
                          const char   **reason)
{
  static const struct
  {
    const char *text;
    gsize       length;
    char        c;
  } entities[] = {
    { "lt;", 3, '<' }, { "gt;", 3, '>' }, { "amp;", 4, '&' }, { "apos;", 5, '\'' },
    { "quot;", 5, '"' },
  };

  p++;
  if (p < end && *p == '#')
    {
      gunichar value = 0;
      guint base = 10, digits = 0;

      p++;
      if (p < end && *p == 'x')
        base = 16, p++;
      for (; p < end && *p != ';'; p++, digits++)
        {
          int digit = base == 16 ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

          if (digit < 0 || value > 0x10ffff)
            break;
          value = value * base + (guint) digit;
        }
      if (p >= end || *p != ';' || digits == 0 || !onair_xml_is_char (value))
        {
          *reason = _("an invalid character reference");
          return NULL;
        }
      *out_length = (gsize) g_unichar_to_utf8 (value, out);
      return p + 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if ((gsize) (end - p) >= entities[i].length &&
        memcmp (p, entities[i].text, entities[i].length) == 0)
      {
        out[0] = entities[i].c;
        *out_length = 1;
        return p + entities[i].length;
      }

  *reason = _("a reference to an unknown entity");
  return NULL;
}

/* Attribute values */

/**
 * onair_xml_attribute_dup:
 *
 * Returns: (transfer full): the attribute's value with references replaced and white
 *   space normalised as XML defines for attribute values
 */
char *
onair_xml_attribute_dup (const OnairXmlAttribute *attribute)
{
  const guchar *p = (const guchar *) attribute->value;
  const guchar *end = p + attribute->value_length;
  GString *value;

  if (attribute->plain)
    return g_strndup (attribute->value, attribute->value_length);

  value = g_string_sized_new (attribute->value_length);
  while (p < end)
    {
      if (*p == '&')
        {
          char decoded[8];
          gsize length = 0;
          const char *reason = NULL;
          const guchar *next = onair_xml_read_reference (p, end, decoded, &length, &reason);

          /* The scanner has checked every reference. */
          g_assert (next != NULL);
          g_string_append_len (value, decoded, (gssize) length);
          p = next;
        }
      else if (*p == '\r' || *p == '\n' || *p == '\t')
        {
          g_string_append_c (value, ' ');
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
        }
      else
        g_string_append_c (value, (char) *p++);
    }
  return g_string_free (value, FALSE);
}
