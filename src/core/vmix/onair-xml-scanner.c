/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-xml-chars-private.h"

/* The scanner proper: the XML 1.0 grammar, over the byte classes of onair-xml-chars.c. */

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

/* A non-ASCII or control character at @p, checked: the position after it, or NULL. */
static const guchar *
check_char (Scanner      *self,
            const guchar *p)
{
  gunichar c;
  gsize length = onair_xml_decode_utf8 (p, self->end, &c);

  if (length == 0)
    return fail (self, p, _("bytes that are not UTF-8"));
  if (!onair_xml_is_char (c))
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
  const guchar *next = onair_xml_read_reference (p, self->end, decoded, length, &reason);

  return next != NULL ? next : fail (self, p, reason);
}

/* A name at @p (@at_start) or its rest from a character outside ASCII: the position after
 * it, or NULL. */
static const guchar *
scan_name_beyond_ascii (Scanner      *self,
                        const guchar *p,
                        gboolean      at_start)
{
  const guchar *end = self->end;
  gunichar c;
  gsize length;

  if (at_start)
    {
      if (p >= end)
        return fail_end (self);
      length = onair_xml_decode_utf8 (p, end, &c);
      if (length == 0 || c < 0x80 || !onair_xml_is_name_start (c))
        return fail (self, p, _("a character that cannot start a name"));
      p += length;
    }
  for (;;)
    {
      p = skip_name_chars (p, end);
      if (p >= end || *p < 0x80)
        return p;
      length = onair_xml_decode_utf8 (p, end, &c);
      if (length == 0 || !onair_xml_is_name_char (c))
        return p;
      p += length;
    }
}

/* A name at @p: the position after it, or NULL. */
static inline const guchar *
scan_name (Scanner      *self,
           const guchar *p)
{
  const guchar *end = self->end;

  if (p >= end || !IS (*p, C_NAME_START))
    return scan_name_beyond_ascii (self, p, TRUE);
  p = skip_name_chars (p + 1, end);
  if (p < end && *p >= 0x80)
    return scan_name_beyond_ascii (self, p, FALSE);
  return p;
}

/* For the Unique Att Spec table: every byte of a name counts, eight at a time. */
static inline guint
hash_name (const guchar *name,
           gsize         length,
           const guchar *end)
{
  guint64 h = length;
  guint64 word;

  for (; length >= 8; name += 8, length -= 8)
    {
      memcpy (&word, name, 8);
      h = (h ^ word) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
    }
  if (length > 0)
    {
      /* An attribute name is followed by its value: eight bytes can be read, and those after
       * the name masked off. */
      if (end - name >= 8)
        {
          memcpy (&word, name, 8);
          word = GUINT64_FROM_LE (word) & (G_MAXUINT64 >> (64 - 8 * length));
        }
      else
        {
          word = 0;
          for (gsize i = 0; i < length; i++)
            word |= (guint64) name[i] << (8 * i);
        }
      h = (h ^ word) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
    }
  return (guint) (h >> 32);
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
      p = skip_text_chars (p, end);
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

  p = scan_name (self, p);
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
      p = skip_value_chars (p, end);
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

  p = scan_name (self, p);
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
      p = scan_name (self, p);
      if (p == NULL)
        return NULL;
      attribute->name_length = (gsize) (p - (const guchar *) attribute->name);

      /* Mostly name="value", without the spaces XML allows around the '='. */
      if (p + 1 < end && p[0] == '=' && (p[1] == '"' || p[1] == '\''))
        p++;
      else
        {
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
        }
      p = scan_value (self, p + 1, attribute);
      if (p == NULL)
        return NULL;

      /* Unique Att Spec: an open-addressed table, cleared by moving to a new generation. */
      slot = hash_name ((const guchar *) attribute->name, attribute->name_length, end) % N_SLOTS;
      for (; self->slots[slot].generation == self->generation;
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

/* Whether the @length bytes at @a and at @b, both in the document, are the same. Names are
 * short: eight bytes at a time beat a call to memcmp(). */
static inline gboolean
same_bytes (const guchar *a,
            const guchar *b,
            gsize         length,
            const guchar *end)
{
  guint64 x, y, z, w;

  if (length >= 8 && length <= 16)
    {
      memcpy (&x, a, 8);
      memcpy (&y, b, 8);
      memcpy (&z, a + length - 8, 8);
      memcpy (&w, b + length - 8, 8);
      return ((x ^ y) | (z ^ w)) == 0;
    }
  if (length > 0 && length < 8 && end - a >= 8 && end - b >= 8)
    {
      memcpy (&x, a, 8);
      memcpy (&y, b, 8);
      return GUINT64_FROM_LE (x ^ y) << (64 - 8 * length) == 0;
    }
  return memcmp (a, b, length) == 0;
}

/* After "</". */
static const guchar *
scan_end_tag (Scanner      *self,
              const guchar *p)
{
  const guchar *end = self->end;
  const OpenElement *open = &self->open[self->depth - 1];

  if ((gsize) (end - p) < open->length || !same_bytes (p, open->name, open->length, end))
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

  onair_xml_init_classes ();

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
