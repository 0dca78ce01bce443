/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-xml-scanner-private.h"

/* Every poll parses vMix's whole state document, and most of it (the inputs) is only
 * counted. The scanner therefore runs over plain bytes with a table lookup per byte and
 * stops only where a byte needs a closer look: markup, references, line ends, control
 * characters and anything outside ASCII, which is checked as UTF-8 and as an XML Char. */

enum
{
  C_NAME_START = 1 << 0,   /* ASCII NameStartChar */
  C_NAME       = 1 << 1,   /* ASCII NameChar */
  C_SPACE      = 1 << 2,   /* S */
  C_CHECK      = 1 << 3,   /* not plain: control characters and non-ASCII bytes */
  C_TEXT_STOP  = 1 << 4,   /* ends a plain run of character data */
  C_VALUE_STOP = 1 << 5,   /* ends a plain run of an attribute value */
};

static guint8 classes[256];

static void
init_classes (void)
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
      classes[c] = bits;
    }

  g_once_init_leave (&initialized, 1);
}

#define IS(c, bits) ((classes[(guchar) (c)] & (bits)) != 0)

/* One UTF-8 sequence at @p: its length, or 0 when it is not well-formed (overlong, cut,
 * beyond U+10FFFF). Surrogates decode and are refused by is_char(). */
static gsize
decode_utf8 (const guchar *p,
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

static gboolean
is_char (gunichar c)
{
  return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
         (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

static gboolean
is_name_start (gunichar c)
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

static gboolean
is_name_char (gunichar c)
{
  if (c < 0x80)
    return IS (c, C_NAME);
  return is_name_start (c) || c == 0xb7 || (c >= 0x300 && c <= 0x36f) ||
         (c >= 0x203f && c <= 0x2040);
}

/* A reference at @p (on the '&'): the character it stands for, as UTF-8 in @out, and the
 * position after its ';'; NULL with @reason when it is not one of the five predefined
 * entities or a character reference to an XML Char. */
static const guchar *
read_reference (const guchar  *p,
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
      if (p >= end || *p != ';' || digits == 0 || !is_char (value))
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

typedef struct
{
  const guchar *name;
  gsize         length;
} OpenElement;

typedef struct
{
  guint32 generation;
  guint32 index;
} Slot;

#define N_SLOTS (2 * ONAIR_XML_MAX_ATTRIBUTES)

typedef struct
{
  const guchar          *start;
  const guchar          *end;
  const OnairXmlHandler *handler;
  gpointer               user_data;

  const guchar          *error_at;
  const char            *reason;

  guint                  depth;
  OpenElement            open[ONAIR_XML_MAX_DEPTH];

  guint32                generation;   /* of the element whose attributes fill slots */
  Slot                   slots[N_SLOTS];
  OnairXmlAttribute      attributes[ONAIR_XML_MAX_ATTRIBUTES];
} Scanner;

static const guchar *
fail (Scanner      *self,
      const guchar *at,
      const char   *reason)
{
  self->error_at = at;
  self->reason = reason;
  return NULL;
}

static const guchar *
fail_end (Scanner *self)
{
  return fail (self, self->end, _("the document ends too early"));
}

static const guchar *
skip_space (const guchar *p,
            const guchar *end)
{
  while (p < end && IS (*p, C_SPACE))
    p++;
  return p;
}

static gboolean
looking_at (const guchar *p,
            const guchar *end,
            const char   *text)
{
  gsize length = strlen (text);

  return (gsize) (end - p) >= length && memcmp (p, text, length) == 0;
}

/* A non-ASCII or control character at @p, checked: the position after it, or NULL. */
static const guchar *
check_char (Scanner      *self,
            const guchar *p)
{
  gunichar c;
  gsize length = decode_utf8 (p, self->end, &c);

  if (length == 0)
    return fail (self, p, _("bytes that are not UTF-8"));
  if (!is_char (c))
    return fail (self, p, _("a character XML does not allow"));
  return p + length;
}

/* A reference at @p, checked: the position after it, or NULL. */
static const guchar *
scan_reference (Scanner      *self,
                const guchar *p,
                char          decoded[8],
                gsize        *length)
{
  const char *reason = NULL;
  const guchar *next = read_reference (p, self->end, decoded, length, &reason);

  return next != NULL ? next : fail (self, p, reason);
}

static const guchar *
scan_name (Scanner      *self,
           const guchar *p,
           guint        *hash)
{
  const guchar *end = self->end;
  guint h;
  gunichar c;
  gsize length;

  if (p >= end)
    return fail_end (self);
  if (IS (*p, C_NAME_START))
    h = *p++;
  else
    {
      length = decode_utf8 (p, end, &c);
      if (length == 0 || c < 0x80 || !is_name_start (c))
        return fail (self, p, _("a character that cannot start a name"));
      h = c;
      p += length;
    }

  for (;;)
    {
      while (p < end && IS (*p, C_NAME))
        h = h * 31 + *p++;
      if (p >= end || *p < 0x80)
        break;
      length = decode_utf8 (p, end, &c);
      if (length == 0 || !is_name_char (c))
        break;
      h = h * 31 + c;
      p += length;
    }

  *hash = h;
  return p;
}

/* Character data up to the next '<', handed to the text callback already decoded. */
static const guchar *
scan_text (Scanner      *self,
           const guchar *p)
{
  const guchar *end = self->end;
  const guchar *run = p;
  guint depth = self->depth - 1;
  void (*text) (gpointer, guint, const char *, gsize) = self->handler->text;

#define FLUSH(upto) G_STMT_START { \
    if (text != NULL && (upto) > run) \
      text (self->user_data, depth, (const char *) run, (gsize) ((upto) - run)); \
  } G_STMT_END

  for (;;)
    {
      while (p < end && !IS (*p, C_TEXT_STOP))
        p++;
      if (p >= end || *p == '<')
        {
          FLUSH (p);
          return p;
        }

      switch (*p)
        {
        case '&':
          {
            char decoded[8];
            gsize length = 0;
            const guchar *next = scan_reference (self, p, decoded, &length);

            if (next == NULL)
              return NULL;
            FLUSH (p);
            if (text != NULL)
              text (self->user_data, depth, decoded, length);
            p = run = next;
          }
          break;
        case ']':
          if (looking_at (p, end, "]]>"))
            return fail (self, p, _("“]]>” in text"));
          p++;
          break;
        case '\r':
          /* A CR LF or a lone CR is one line feed. */
          FLUSH (p);
          if (text != NULL)
            text (self->user_data, depth, "\n", 1);
          p++;
          if (p < end && *p == '\n')
            p++;
          run = p;
          break;
        default:
          p = check_char (self, p);
          if (p == NULL)
            return NULL;
          break;
        }
    }
#undef FLUSH
}

/* Checks the characters up to @terminator (comments, processing instructions, CDATA
 * sections): the position of the terminator, or NULL. */
static const guchar *
scan_until (Scanner      *self,
            const guchar *p,
            const char   *terminator)
{
  const guchar *end = self->end;
  guchar first = (guchar) terminator[0];

  for (;;)
    {
      while (p < end && *p != first && !IS (*p, C_CHECK))
        p++;
      if (p >= end)
        return fail_end (self);
      if (*p == first)
        {
          if (looking_at (p, end, terminator))
            return p;
          p++;
        }
      else
        {
          p = check_char (self, p);
          if (p == NULL)
            return NULL;
        }
    }
}

/* After "<!--". */
static const guchar *
scan_comment (Scanner      *self,
              const guchar *p)
{
  p = scan_until (self, p, "--");
  if (p == NULL)
    return NULL;
  if (p + 2 >= self->end)
    return fail_end (self);
  if (p[2] != '>')
    return fail (self, p, _("“--” inside a comment"));
  return p + 3;
}

/* After "<?". */
static const guchar *
scan_processing_instruction (Scanner      *self,
                             const guchar *p)
{
  const guchar *target = p;
  guint hash;

  p = scan_name (self, p, &hash);
  if (p == NULL)
    return NULL;
  if (p - target == 3 && g_ascii_strncasecmp ((const char *) target, "xml", 3) == 0)
    return fail (self, target, _("an XML declaration that is not at the start"));
  if (looking_at (p, self->end, "?>"))
    return p + 2;
  if (p >= self->end)
    return fail_end (self);
  if (!IS (*p, C_SPACE))
    return fail (self, p, _("an unexpected character"));
  p = scan_until (self, p, "?>");
  return p != NULL ? p + 2 : NULL;
}

/* After "<![CDATA[": the section's characters go to the text callback as they are, with
 * line ends normalised. */
static const guchar *
scan_cdata (Scanner      *self,
            const guchar *p)
{
  const guchar *close = scan_until (self, p, "]]>");
  void (*text) (gpointer, guint, const char *, gsize) = self->handler->text;
  guint depth = self->depth - 1;

  if (close == NULL)
    return NULL;
  while (text != NULL && p < close)
    {
      const guchar *cr = memchr (p, '\r', (gsize) (close - p));
      const guchar *upto = cr != NULL ? cr : close;

      if (upto > p)
        text (self->user_data, depth, (const char *) p, (gsize) (upto - p));
      if (cr == NULL)
        break;
      text (self->user_data, depth, "\n", 1);
      p = cr + 1;
      if (p < close && *p == '\n')
        p++;
    }
  return close + 3;
}

/* An attribute value after its opening quote: the position after the closing quote. */
static const guchar *
scan_value (Scanner           *self,
            const guchar      *p,
            OnairXmlAttribute *attribute)
{
  const guchar *end = self->end;
  guchar quote = p[-1];
  gboolean plain = TRUE;

  attribute->value = (const char *) p;
  for (;;)
    {
      while (p < end && !IS (*p, C_VALUE_STOP))
        p++;
      if (p >= end)
        return fail_end (self);

      if (*p == quote)
        break;
      switch (*p)
        {
        case '"':
        case '\'':
          p++;
          break;
        case '<':
          return fail (self, p, _("“<” in an attribute value"));
        case '&':
          {
            char decoded[8];
            gsize length = 0;

            p = scan_reference (self, p, decoded, &length);
            if (p == NULL)
              return NULL;
            plain = FALSE;
          }
          break;
        case '\t':
        case '\n':
        case '\r':
          p++;
          plain = FALSE;
          break;
        default:
          p = check_char (self, p);
          if (p == NULL)
            return NULL;
          break;
        }
    }

  attribute->value_length = (gsize) (p - (const guchar *) attribute->value);
  attribute->plain = plain;
  return p + 1;
}

/* After "<": the tag up to and including its ">" or "/>". */
static const guchar *
scan_start_tag (Scanner      *self,
                const guchar *p)
{
  const guchar *end = self->end;
  const guchar *name = p;
  gsize name_length;
  guint n_attributes = 0;
  gboolean empty;
  guint hash;

  p = scan_name (self, p, &hash);
  if (p == NULL)
    return NULL;
  name_length = (gsize) (p - name);

  if (++self->generation == 0)
    {
      memset (self->slots, 0, sizeof self->slots);
      self->generation = 1;
    }

  for (;;)
    {
      const guchar *space = p;
      OnairXmlAttribute *attribute;
      guint slot;

      p = skip_space (p, end);
      if (p >= end)
        return fail_end (self);
      if (*p == '>')
        {
          empty = FALSE;
          p++;
          break;
        }
      if (*p == '/')
        {
          if (p + 1 >= end)
            return fail_end (self);
          if (p[1] != '>')
            return fail (self, p, _("an unexpected character"));
          empty = TRUE;
          p += 2;
          break;
        }
      if (p == space)
        return fail (self, p, _("an unexpected character"));
      if (n_attributes == ONAIR_XML_MAX_ATTRIBUTES)
        return fail (self, p, _("too many attributes on one element"));

      attribute = &self->attributes[n_attributes];
      attribute->name = (const char *) p;
      p = scan_name (self, p, &hash);
      if (p == NULL)
        return NULL;
      attribute->name_length = (gsize) (p - (const guchar *) attribute->name);

      p = skip_space (p, end);
      if (p >= end)
        return fail_end (self);
      if (*p != '=')
        return fail (self, p, _("an attribute without a value"));
      p = skip_space (p + 1, end);
      if (p >= end)
        return fail_end (self);
      if (*p != '"' && *p != '\'')
        return fail (self, p, _("an attribute value without quotes"));
      p = scan_value (self, p + 1, attribute);
      if (p == NULL)
        return NULL;

      /* Unique Att Spec: an open-addressed table, cleared by moving to a new generation. */
      for (slot = hash % N_SLOTS; self->slots[slot].generation == self->generation;
           slot = (slot + 1) % N_SLOTS)
        {
          const OnairXmlAttribute *other = &self->attributes[self->slots[slot].index];

          if (other->name_length == attribute->name_length &&
              memcmp (other->name, attribute->name, attribute->name_length) == 0)
            return fail (self, (const guchar *) attribute->name,
                         _("an attribute given twice"));
        }
      self->slots[slot].generation = self->generation;
      self->slots[slot].index = n_attributes;
      n_attributes++;
    }

  if (!empty && self->depth == ONAIR_XML_MAX_DEPTH)
    return fail (self, name, _("elements nested too deeply"));
  if (self->handler->start_element != NULL)
    self->handler->start_element (self->user_data, self->depth, (const char *) name,
                                  name_length, self->attributes, n_attributes);
  if (empty)
    {
      if (self->handler->end_element != NULL)
        self->handler->end_element (self->user_data, self->depth);
      return p;
    }

  self->open[self->depth].name = name;
  self->open[self->depth].length = name_length;
  self->depth++;
  return p;
}

/* After "</". */
static const guchar *
scan_end_tag (Scanner      *self,
              const guchar *p)
{
  const guchar *end = self->end;
  const OpenElement *open = &self->open[self->depth - 1];

  if ((gsize) (end - p) < open->length || memcmp (p, open->name, open->length) != 0)
    return fail (self, p, _("an end tag that does not match its start tag"));
  p = skip_space (p + open->length, end);
  if (p >= end)
    return fail_end (self);
  if (*p != '>')
    return fail (self, p, _("an end tag that does not match its start tag"));

  self->depth--;
  if (self->handler->end_element != NULL)
    self->handler->end_element (self->user_data, self->depth);
  return p + 1;
}

/* Everything inside the root element. */
static const guchar *
scan_content (Scanner      *self,
              const guchar *p)
{
  const guchar *end = self->end;

  while (self->depth > 0)
    {
      if (p >= end)
        return fail_end (self);
      if (*p != '<')
        p = scan_text (self, p);
      else if (p + 1 >= end)
        return fail_end (self);
      else if (p[1] == '/')
        p = scan_end_tag (self, p + 2);
      else if (p[1] == '?')
        p = scan_processing_instruction (self, p + 2);
      else if (looking_at (p, end, "<!--"))
        p = scan_comment (self, p + 4);
      else if (looking_at (p, end, "<![CDATA["))
        p = scan_cdata (self, p + 9);
      else if (p[1] == '!')
        return fail (self, p, _("markup XML does not allow here"));
      else
        p = scan_start_tag (self, p + 1);

      if (p == NULL)
        return NULL;
    }
  return p;
}

/* Comments, processing instructions and white space before and after the root element. */
static const guchar *
scan_misc (Scanner      *self,
           const guchar *p)
{
  const guchar *end = self->end;

  for (;;)
    {
      p = skip_space (p, end);
      if (looking_at (p, end, "<!--"))
        p = scan_comment (self, p + 4);
      else if (looking_at (p, end, "<!DOCTYPE"))
        return fail (self, p, _("a document type declaration, which Onair does not accept"));
      else if (looking_at (p, end, "<?"))
        p = scan_processing_instruction (self, p + 2);
      else
        return p;
      if (p == NULL)
        return NULL;
    }
}

/* After "<?xml": version, then optionally encoding (UTF-8 only) and standalone. */
static const guchar *
scan_declaration (Scanner      *self,
                  const guchar *p)
{
  static const char * const names[] = { "version", "encoding", "standalone" };
  const guchar *end = self->end;
  guint next = 0;

  for (;;)
    {
      const guchar *space = p, *name, *value;
      gsize name_length, value_length;
      guint which;
      guchar quote;

      p = skip_space (p, end);
      if (looking_at (p, end, "?>") && next > 0)
        return p + 2;
      if (p >= end)
        return fail_end (self);
      if (p == space)
        return fail (self, p, _("a malformed XML declaration"));

      name = p;
      while (p < end && g_ascii_isalpha (*p))
        p++;
      name_length = (gsize) (p - name);
      for (which = next; which < G_N_ELEMENTS (names); which++)
        if (strlen (names[which]) == name_length &&
            memcmp (name, names[which], name_length) == 0)
          break;
      /* version comes first and is required; encoding and standalone follow in order. */
      if (which == G_N_ELEMENTS (names) || (next == 0 && which != 0))
        return fail (self, name, _("a malformed XML declaration"));
      next = which + 1;

      p = skip_space (p, end);
      if (p >= end || *p != '=')
        return fail (self, p, _("a malformed XML declaration"));
      p = skip_space (p + 1, end);
      if (p >= end || (*p != '"' && *p != '\''))
        return fail (self, p, _("a malformed XML declaration"));
      quote = *p++;
      value = p;
      while (p < end && *p != quote && *p != '<' && !IS (*p, C_CHECK))
        p++;
      if (p >= end)
        return fail_end (self);
      if (*p != quote)
        return fail (self, p, _("a malformed XML declaration"));
      value_length = (gsize) (p - value);
      p++;

      if (which == 0)
        {
          /* The specification wants a digit after "1."; libxml2 does not, nor do we. */
          gboolean ok = value_length >= 2 && memcmp (value, "1.", 2) == 0;

          for (gsize i = 2; ok && i < value_length; i++)
            ok = g_ascii_isdigit (value[i]);
          if (!ok)
            return fail (self, value, _("an XML version other than 1.x"));
        }
      else if (which == 1)
        {
          if (!(value_length == 5 && g_ascii_strncasecmp ((const char *) value, "UTF-8", 5) == 0) &&
              !(value_length == 4 && g_ascii_strncasecmp ((const char *) value, "UTF8", 4) == 0))
            return fail (self, value, _("an encoding other than UTF-8"));
        }
      else if (!(value_length == 3 && memcmp (value, "yes", 3) == 0) &&
               !(value_length == 2 && memcmp (value, "no", 2) == 0))
        return fail (self, value, _("a malformed XML declaration"));
    }
}

static const guchar *
scan_document (Scanner *self)
{
  const guchar *p = self->start;
  const guchar *end = self->end;

  if (looking_at (p, end, "\xef\xbb\xbf"))
    p += 3;
  if (looking_at (p, end, "<?xml") && (p + 5 >= end || IS (p[5], C_SPACE)))
    {
      p = scan_declaration (self, p + 5);
      if (p == NULL)
        return NULL;
    }

  p = scan_misc (self, p);
  if (p == NULL)
    return NULL;
  if (p >= end)
    return fail (self, p, _("no root element"));
  if (*p != '<' || p + 1 >= end || p[1] == '/' || p[1] == '!')
    return fail (self, p, _("text where the root element should start"));

  p = scan_start_tag (self, p + 1);
  if (p == NULL)
    return NULL;
  p = scan_content (self, p);
  if (p == NULL)
    return NULL;

  p = scan_misc (self, p);
  if (p == NULL)
    return NULL;
  if (p != end)
    return fail (self, p, _("content after the root element"));
  return p;
}

/**
 * onair_xml_scan:
 * @data: (nullable): the document, UTF-8; %NULL when @size is 0, as an empty #GBytes holds it
 * @size: its length in bytes
 * @handler: the callbacks; any of them may be %NULL
 * @user_data: for the callbacks
 * @error: return location for a %G_MARKUP_ERROR_PARSE error that says what is wrong where
 *
 * Checks that @data is a well-formed XML document and reports its elements, attributes and
 * character data. The callbacks may have run for the part before an error.
 *
 * Returns: %TRUE if the document is well-formed
 */
gboolean
onair_xml_scan (const char             *data,
                gsize                   size,
                const OnairXmlHandler  *handler,
                gpointer                user_data,
                GError                **error)
{
  Scanner *self;
  gboolean ok;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);

  /* Before any pointer arithmetic: @data may be NULL here, and NULL + 0 is undefined. */
  if (size == 0)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                           _("the document is empty"));
      return FALSE;
    }

  init_classes ();

  self = g_new (Scanner, 1);
  self->start = (const guchar *) data;
  self->end = self->start + size;
  self->handler = handler;
  self->user_data = user_data;
  self->error_at = NULL;
  self->reason = NULL;
  self->depth = 0;
  self->generation = 0;
  memset (self->slots, 0, sizeof self->slots);

  ok = scan_document (self) != NULL;
  if (!ok)
    {
      guint line = 1, column = 1;

      for (const guchar *p = self->start; p < self->error_at; p++)
        {
          if (*p == '\n')
            line++, column = 1;
          else if ((*p & 0xc0) != 0x80)
            column++;
        }
      /* TRANSLATORS: the first %s says what is wrong, such as "an attribute given twice". */
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                   _("%s at line %u, column %u"), self->reason, line, column);
    }

  g_free (self);
  return ok;
}

/* HTML pages: a router's login page or another web server answering at vMix's address. */

/* The head of a page is near its start; the title is short. Neither search runs far. */
#define HTML_SNIFF_LIMIT     (64 * 1024)
#define HTML_TITLE_MAX_BYTES 1024

/* Whether @p starts with @lower (lower case), ASCII case ignored. */
static gboolean
looking_at_any_case (const guchar *p,
                     const guchar *end,
                     const char   *lower)
{
  gsize length = strlen (lower);

  if ((gsize) (end - p) < length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (g_ascii_tolower (p[i]) != lower[i])
      return FALSE;
  return TRUE;
}

static const guchar *
find_any_case (const guchar *p,
               const guchar *end,
               const char   *lower)
{
  for (; p < end; p++)
    if (looking_at_any_case (p, end, lower))
      return p;
  return NULL;
}

/* Whether a tag or declaration name ends at @p, so that "<html" is not "<htmlx". */
static gboolean
name_ends (const guchar *p,
           const guchar *end)
{
  return p >= end || IS (*p, C_SPACE) || *p == '>' || *p == '/';
}

static const guchar *
skip_html_prolog (const guchar *p,
                  const guchar *end)
{
  if (looking_at (p, end, "\xef\xbb\xbf"))
    p += 3;
  for (;;)
    {
      const guchar *close;

      p = skip_space (p, end);
      if (looking_at (p, end, "<!--"))
        {
          close = find_any_case (p + 4, end, "-->");
          p = close != NULL ? close + 3 : end;
        }
      else if (looking_at (p, end, "<?"))
        {
          close = find_any_case (p + 2, end, "?>");
          p = close != NULL ? close + 2 : end;
        }
      else
        return p;
    }
}

/* The text of the first <title> element, made fit to quote in a message: valid UTF-8,
 * references decoded, white space collapsed, no control or format characters, at most
 * @max_chars characters. NULL when there is no title or it is blank. */
static char *
dup_html_title (const guchar *p,
                const guchar *end,
                guint         max_chars)
{
  g_autofree char *raw = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  const guchar *open = p, *close;
  const char *q, *raw_end;
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  for (;;)
    {
      open = find_any_case (open, end, "<title");
      if (open == NULL)
        return NULL;
      open += strlen ("<title");
      if (name_ends (open, end))
        break;
    }
  open = memchr (open, '>', (gsize) (end - open));
  if (open == NULL)
    return NULL;
  open++;
  close = find_any_case (open, end, "</title");
  if (close == NULL)
    close = end;
  if (close - open > HTML_TITLE_MAX_BYTES)
    close = open + HTML_TITLE_MAX_BYTES;

  raw = g_utf8_make_valid ((const char *) open, close - open);
  raw_end = raw + strlen (raw);
  for (q = raw; q < raw_end;)
    {
      char decoded[8];
      gsize length = 0;
      const char *reason = NULL;
      const char *next = NULL;
      gunichar c;

      if (*q == '&' && strncmp (q, "&nbsp;", 6) == 0)
        c = ' ', next = q + 6;
      else if (*q == '&' &&
               (next = (const char *) read_reference ((const guchar *) q, (const guchar *) raw_end,
                                                      decoded, &length, &reason)) != NULL)
        c = g_utf8_get_char (decoded);
      else
        c = g_utf8_get_char (q), next = g_utf8_next_char (q);
      q = next;

      if (g_unichar_isspace (c))
        {
          pending_space = title->len > 0;
          continue;
        }
      if (!g_unichar_isprint (c))
        continue;
      if (n_chars + (pending_space ? 2 : 1) > max_chars)
        {
          /* Cut in the middle of a word: back to the end of the one before, unless that
           * throws most of the title away. */
          const char *space = strrchr (title->str, ' ');

          if (!pending_space && space != NULL &&
              (guint) g_utf8_strlen (title->str, space - title->str) >= max_chars / 2)
            g_string_truncate (title, (gsize) (space - title->str));
          g_string_append (title, "…");
          break;
        }
      if (pending_space)
        {
          g_string_append_c (title, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (title, c);
      n_chars++;
    }

  return title->len > 0 ? g_string_free (g_steal_pointer (&title), FALSE) : NULL;
}

/**
 * onair_xml_sniff_html:
 * @data: (nullable): an answer that the scanner refused or that has an unexpected root
 * @size: its length in bytes
 * @title: (out) (optional) (nullable) (transfer full): the page's title, fit to quote in
 *   a message (see %ONAIR_XML_HTML_TITLE_MAX_CHARS); %NULL when it has none
 *
 * Tells an HTML page from XML: a document type declaration for HTML or an <html> root
 * element (any case), after a byte order mark, white space, comments and processing
 * instructions.
 *
 * Returns: whether @data is an HTML page
 */
gboolean
onair_xml_sniff_html (const char  *data,
                      gsize        size,
                      char       **title)
{
  const guchar *start = (const guchar *) data;
  const guchar *end, *p;
  gboolean html = FALSE;

  if (title != NULL)
    *title = NULL;
  if (data == NULL || size == 0)
    return FALSE;

  init_classes ();
  end = start + MIN (size, HTML_SNIFF_LIMIT);
  p = skip_html_prolog (start, end);

  if (looking_at_any_case (p, end, "<!doctype"))
    {
      p = skip_space (p + strlen ("<!doctype"), end);
      html = looking_at_any_case (p, end, "html") && name_ends (p + strlen ("html"), end);
    }
  else if (looking_at_any_case (p, end, "<html"))
    html = name_ends (p + strlen ("<html"), end);

  if (html && title != NULL)
    *title = dup_html_title (p, end, ONAIR_XML_HTML_TITLE_MAX_CHARS);
  return html;
}

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
          const guchar *next = read_reference (p, end, decoded, &length, &reason);

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

/**
 * onair_xml_find_attribute:
 *
 * Returns: (nullable): the attribute called @name
 */
const OnairXmlAttribute *
onair_xml_find_attribute (const OnairXmlAttribute *attributes,
                          guint                    n_attributes,
                          const char              *name)
{
  gsize length = strlen (name);

  for (guint i = 0; i < n_attributes; i++)
    if (attributes[i].name_length == length && memcmp (attributes[i].name, name, length) == 0)
      return &attributes[i];
  return NULL;
}
