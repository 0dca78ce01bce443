/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-canonical-json.h"
#include "onair-witness-json-private.h"

/* Parsing one JSON document into the flat node array of OnairJsonScanner; reading the nodes
 * and writing them as canonical JSON is onair-witness-json-nodes.c. */

/* Bytes that end a run of plain string contents: quote, backslash and control characters. */
static const guint8 string_stop[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, /* " */
  [0x5c] = 1, /* \ */
};

typedef struct {
  OnairJsonScanner *s;
  const guchar     *base;
  const guchar     *p;
  const guchar     *end;
  OnairJsonStatus   pending; /* FLOAT/RANGE seen; reported only if the whole input is JSON */
  gboolean          failed;
  OnairJsonStatus   failure;
} Parser;

void
onair_json_scanner_init (OnairJsonScanner *scanner)
{
  memset (scanner, 0, sizeof *scanner);
  scanner->keys = g_string_new (NULL);
  scanner->scratch = g_string_new (NULL);
  scanner->sort_stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  scanner->max_depth = ONAIR_JSON_MAX_DEPTH;
}

void
onair_json_scanner_clear (OnairJsonScanner *scanner)
{
  g_clear_pointer (&scanner->nodes, g_free);
  if (scanner->keys != NULL)
    g_string_free (g_steal_pointer (&scanner->keys), TRUE);
  if (scanner->scratch != NULL)
    g_string_free (g_steal_pointer (&scanner->scratch), TRUE);
  g_clear_pointer (&scanner->sort_stack, g_array_unref);
  scanner->n_nodes = scanner->n_alloc = 0;
}

gboolean
onair_json_utf8_valid (const char *data,
                       gsize       len)
{
  const guchar *p = (const guchar *) data;
  gsize i = 0;

  /* Chains are mostly ASCII: eight bytes at a time, and GLib asked only about each run of
   * bytes beyond ASCII. A run always holds whole characters in valid UTF-8 (no ASCII byte is
   * part of another character), so checking the runs checks the whole. */
  for (;;)
    {
      gsize run;

      for (; i + 8 <= len; i += 8)
        {
          guint64 w;

          memcpy (&w, p + i, 8);
          if (w & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
        }
      for (; i < len; i++)
        if (p[i] & 0x80)
          break;
      if (i == len)
        return TRUE;

      for (run = i + 1; run < len && (p[run] & 0x80); run++)
        ;
      if (!g_utf8_validate_len (data + i, run - i, NULL))
        return FALSE;
      i = run;
    }
}

static inline void
fail (Parser          *ps,
      OnairJsonStatus  status)
{
  if (!ps->failed)
    {
      ps->failed = TRUE;
      ps->failure = status;
      ps->s->error_offset = ps->p - ps->base;
    }
}

static inline void
skip_ws (Parser *ps)
{
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static guint32
alloc_node (Parser *ps,
            guint8  type)
{
  OnairJsonScanner *s = ps->s;
  OnairJsonNode *node;

  if (s->n_nodes == s->n_alloc)
    {
      s->n_alloc = MAX (64, s->n_alloc * 2);
      s->nodes = g_renew (OnairJsonNode, s->nodes, s->n_alloc);
    }

  node = &s->nodes[s->n_nodes];
  node->next = ONAIR_JSON_NONE;
  node->key_off = 0;
  node->key_len = 0;
  node->type = type;
  node->flags = 0;
  node->v.ival = 0;

  return s->n_nodes++;
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const guchar *p,
           const guchar *end,
           gunichar     *out)
{
  gunichar v = 0;

  if (end - p < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return FALSE;
      v = (v << 4) | (gunichar) h;
    }

  *out = v;
  return TRUE;
}

/* ps->p on the opening quote. Leaves it after the closing quote. */
static gboolean
parse_string (Parser   *ps,
              guint32  *off,
              guint32  *len,
              gboolean *escaped)
{
  const guchar *p = ps->p + 1;
  const guchar *end = ps->end;
  const guchar *start = p;

  *escaped = FALSE;

  for (;;)
    {
      /* Eight bytes at a time until one may be a quote, a backslash or a control character
       * (bytes >= 0x80 are UTF-8, already validated, and never stop the run). */
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
        goto syntax;

      if (*p == '"')
        break;

      if (*p != '\\')
        goto syntax; /* raw control character */

      *escaped = TRUE;
      p++;
      if (p >= end)
        goto syntax;

      switch (*p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p++;
          break;

        case 'u':
          {
            gunichar cp, lo;

            if (!read_hex4 (p + 1, end, &cp))
              goto syntax;
            p += 5;

            if (cp >= 0xdc00 && cp <= 0xdfff)
              goto syntax; /* lone low surrogate */

            if (cp >= 0xd800 && cp <= 0xdbff)
              {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !read_hex4 (p + 2, end, &lo) ||
                    lo < 0xdc00 || lo > 0xdfff)
                  goto syntax; /* unpaired high surrogate */
                p += 6;
              }
            break;
          }

        default:
          goto syntax;
        }
    }

  *off = (guint32) (start - ps->base);
  *len = (guint32) (p - start);
  ps->p = p + 1;
  return TRUE;

syntax:
  ps->p = p;
  fail (ps, ONAIR_JSON_ERROR_SYNTAX);
  return FALSE;
}

/* Decodes validated string contents into @out (appending). */
void
onair_json_decode_string (const guchar *p,
                          gsize         len,
                          GString      *out)
{
  const guchar *end = p + len;
  const guchar *run = p;

  while (p < end)
    {
      gunichar cp;
      char utf8[6];

      if (*p != '\\')
        {
          p++;
          continue;
        }

      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);

      switch (p[1])
        {
        case 'b': g_string_append_c (out, '\b'); p += 2; break;
        case 'f': g_string_append_c (out, '\f'); p += 2; break;
        case 'n': g_string_append_c (out, '\n'); p += 2; break;
        case 'r': g_string_append_c (out, '\r'); p += 2; break;
        case 't': g_string_append_c (out, '\t'); p += 2; break;
        case 'u':
          read_hex4 (p + 2, end, &cp);
          p += 6;
          if (cp >= 0xd800 && cp <= 0xdbff)
            {
              gunichar lo;

              read_hex4 (p + 2, end, &lo);
              p += 6;
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
          g_string_append_len (out, utf8, g_unichar_to_utf8 (cp, utf8));
          break;
        default: /* " \ / */
          g_string_append_c (out, (char) p[1]);
          p += 2;
          break;
        }
      run = p;
    }

  if (p > run)
    g_string_append_len (out, (const char *) run, p - run);
}

static void
parse_number (Parser        *ps,
              OnairJsonNode *node)
{
  const guchar *p = ps->p;
  const guchar *end = ps->end;
  const guchar *digits;
  gboolean negative = FALSE;
  gboolean fractional = FALSE;
  gsize n_digits;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p >= end || !g_ascii_isdigit (*p))
    goto syntax;

  digits = p;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  n_digits = p - digits;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        goto syntax;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      fractional = TRUE;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        goto syntax;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      fractional = TRUE;
    }

  if (fractional)
    {
      if (ps->pending == ONAIR_JSON_OK)
        {
          ps->pending = ONAIR_JSON_ERROR_FLOAT;
          ps->s->error_offset = ps->p - ps->base;
        }
    }
  else if (n_digits > 16)
    {
      if (ps->pending == ONAIR_JSON_OK)
        {
          ps->pending = ONAIR_JSON_ERROR_RANGE;
          ps->s->error_offset = ps->p - ps->base;
        }
    }
  else
    {
      guint64 v = 0;

      for (const guchar *d = digits; d < digits + n_digits; d++)
        v = v * 10 + (guint64) (*d - '0');

      if (v > (guint64) ONAIR_CANONICAL_JSON_MAX_INTEGER)
        {
          if (ps->pending == ONAIR_JSON_OK)
            {
              ps->pending = ONAIR_JSON_ERROR_RANGE;
              ps->s->error_offset = ps->p - ps->base;
            }
        }
      else
        node->v.ival = negative ? -(gint64) v : (gint64) v;
    }

  ps->p = p;
  return;

syntax:
  ps->p = p;
  fail (ps, ONAIR_JSON_ERROR_SYNTAX);
}

static gboolean
parse_literal (Parser     *ps,
               const char *word,
               gsize       len)
{
  if ((gsize) (ps->end - ps->p) < len || memcmp (ps->p, word, len) != 0)
    {
      fail (ps, ONAIR_JSON_ERROR_SYNTAX);
      return FALSE;
    }
  ps->p += len;
  return TRUE;
}

static guint32 parse_value (Parser *ps,
                            guint   depth);

static guint32
parse_container (Parser  *ps,
                 gboolean is_object,
                 guint    depth)
{
  guint32 self = alloc_node (ps, is_object ? ONAIR_JSON_OBJECT : ONAIR_JSON_ARRAY);
  guint32 first = ONAIR_JSON_NONE;
  guint32 prev = ONAIR_JSON_NONE;
  guint32 count = 0;
  guchar close = is_object ? '}' : ']';

  if (depth >= ps->s->max_depth)
    {
      fail (ps, ONAIR_JSON_ERROR_DEPTH);
      return ONAIR_JSON_NONE;
    }

  ps->p++;
  skip_ws (ps);

  if (ps->p < ps->end && *ps->p == close)
    {
      ps->p++;
      goto done;
    }

  for (;;)
    {
      guint32 key_off = 0, key_len = 0;
      gboolean key_escaped = FALSE;
      guint32 child;

      if (is_object)
        {
          skip_ws (ps);
          if (ps->p >= ps->end || *ps->p != '"')
            {
              fail (ps, ONAIR_JSON_ERROR_SYNTAX);
              return ONAIR_JSON_NONE;
            }
          if (!parse_string (ps, &key_off, &key_len, &key_escaped))
            return ONAIR_JSON_NONE;
          skip_ws (ps);
          if (ps->p >= ps->end || *ps->p != ':')
            {
              fail (ps, ONAIR_JSON_ERROR_SYNTAX);
              return ONAIR_JSON_NONE;
            }
          ps->p++;
        }

      child = parse_value (ps, depth + 1);
      if (child == ONAIR_JSON_NONE)
        return ONAIR_JSON_NONE;

      if (is_object)
        {
          OnairJsonNode *node = &ps->s->nodes[child];

          if (key_escaped)
            {
              GString *keys = ps->s->keys;
              gsize start = keys->len;

              onair_json_decode_string (ps->base + key_off, key_len, keys);
              node->flags |= ONAIR_JSON_FLAG_KEY_DECODED;
              node->key_off = (guint32) start;
              node->key_len = (guint32) (keys->len - start);
            }
          else
            {
              node->key_off = key_off;
              node->key_len = key_len;
            }
        }

      if (prev == ONAIR_JSON_NONE)
        first = child;
      else
        ps->s->nodes[prev].next = child;
      prev = child;
      count++;

      skip_ws (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == close)
        {
          ps->p++;
          break;
        }
      fail (ps, ONAIR_JSON_ERROR_SYNTAX);
      return ONAIR_JSON_NONE;
    }

done:
  ps->s->nodes[self].v.kids.first = first;
  ps->s->nodes[self].v.kids.count = count;
  return self;
}

static guint32
parse_value (Parser *ps,
             guint   depth)
{
  guint32 idx;

  skip_ws (ps);
  if (ps->p >= ps->end)
    {
      fail (ps, ONAIR_JSON_ERROR_SYNTAX);
      return ONAIR_JSON_NONE;
    }

  switch (*ps->p)
    {
    case '{':
      return parse_container (ps, TRUE, depth);

    case '[':
      return parse_container (ps, FALSE, depth);

    case '"':
      {
        guint32 off, len;
        gboolean escaped;

        if (!parse_string (ps, &off, &len, &escaped))
          return ONAIR_JSON_NONE;
        idx = alloc_node (ps, ONAIR_JSON_STRING);
        ps->s->nodes[idx].v.str.off = off;
        ps->s->nodes[idx].v.str.len = len;
        if (escaped)
          ps->s->nodes[idx].flags |= ONAIR_JSON_FLAG_ESCAPED;
        return idx;
      }

    case 't':
      if (!parse_literal (ps, "true", 4))
        return ONAIR_JSON_NONE;
      return alloc_node (ps, ONAIR_JSON_TRUE);

    case 'f':
      if (!parse_literal (ps, "false", 5))
        return ONAIR_JSON_NONE;
      return alloc_node (ps, ONAIR_JSON_FALSE);

    case 'n':
      if (!parse_literal (ps, "null", 4))
        return ONAIR_JSON_NONE;
      return alloc_node (ps, ONAIR_JSON_NULL);

    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        {
          idx = alloc_node (ps, ONAIR_JSON_INT);
          parse_number (ps, &ps->s->nodes[idx]);
          return ps->failed ? ONAIR_JSON_NONE : idx;
        }
      fail (ps, ONAIR_JSON_ERROR_SYNTAX);
      return ONAIR_JSON_NONE;
    }
}

/**
 * onair_json_scanner_parse:
 * @scanner: a scanner
 * @data: (array length=length): one JSON document
 * @length: its length
 *
 * Parses @data, which must stay alive while the nodes are used. A syntax error wins over a
 * float or range error, so that "not JSON" is told apart from "JSON that has no canonical form".
 *
 * Returns: %ONAIR_JSON_OK, or what is wrong (error_offset says where)
 */
OnairJsonStatus
onair_json_scanner_parse (OnairJsonScanner *scanner,
                          const char       *data,
                          gsize             length)
{
  Parser ps = { scanner, (const guchar *) data, (const guchar *) data,
                (const guchar *) data + length, ONAIR_JSON_OK, FALSE, ONAIR_JSON_OK };

  scanner->data = data;
  scanner->len = length;
  scanner->n_nodes = 0;
  scanner->error_offset = 0;
  g_string_truncate (scanner->keys, 0);

  if (length >= G_MAXUINT32)
    return ONAIR_JSON_ERROR_SIZE;

  if (!onair_json_utf8_valid (data, length))
    return ONAIR_JSON_ERROR_SYNTAX;

  parse_value (&ps, 0);
  if (!ps.failed)
    {
      skip_ws (&ps);
      if (ps.p != ps.end)
        fail (&ps, ONAIR_JSON_ERROR_SYNTAX);
    }

  if (ps.failed)
    {
      scanner->n_nodes = 0;
      return ps.failure;
    }

  return ps.pending;
}
