/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-canonical-json.h"
#include "onair-witness-json-private.h"

/* What a parsed document holds (members, strings) and its canonical form, written straight
 * from the nodes onair-witness-json.c made. */

/* g_string_append_len() is not inlined in GLib 2.74; this is the hot path of verification. */
static inline void
append_fast (GString    *out,
             const char *data,
             gsize       length)
{
  if (G_LIKELY (out->len + length < out->allocated_len))
    {
      memcpy (out->str + out->len, data, length);
      out->len += length;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, data, length);
}

static inline const char *
member_key (OnairJsonScanner    *s,
            const OnairJsonNode *node)
{
  return (node->flags & ONAIR_JSON_FLAG_KEY_DECODED) ? s->keys->str + node->key_off
                                                     : s->data + node->key_off;
}

/**
 * onair_json_object_get:
 * @scanner: a scanner holding a parsed document
 * @object: an object node
 * @key: a member name (ASCII)
 *
 * Returns: the first member named @key, or %ONAIR_JSON_NONE
 */
guint32
onair_json_object_get (OnairJsonScanner *scanner,
                       guint32           object,
                       const char       *key)
{
  gsize key_len = strlen (key);

  if (!onair_json_is (scanner, object, ONAIR_JSON_OBJECT))
    return ONAIR_JSON_NONE;

  for (guint32 i = scanner->nodes[object].v.kids.first; i != ONAIR_JSON_NONE;
       i = scanner->nodes[i].next)
    {
      const OnairJsonNode *node = &scanner->nodes[i];

      if (node->key_len == key_len && memcmp (member_key (scanner, node), key, key_len) == 0)
        return i;
    }

  return ONAIR_JSON_NONE;
}

/**
 * onair_json_member_key:
 * @scanner: a scanner holding a parsed document
 * @node: a member of an object (a child node of it)
 * @length: (out): the name's length in bytes
 *
 * Returns: the member's decoded name, not NUL-terminated
 */
const char *
onair_json_member_key (OnairJsonScanner *scanner,
                       guint32           node,
                       gsize            *length)
{
  g_assert (node < scanner->n_nodes);

  *length = scanner->nodes[node].key_len;
  return member_key (scanner, &scanner->nodes[node]);
}

/**
 * onair_json_peek_string:
 * @scanner: a scanner holding a parsed document
 * @node: a string node
 * @scratch: where escaped contents are decoded (truncated first)
 * @length: (out): length in bytes
 *
 * Returns: the decoded string, pointing into the input or into @scratch; not NUL-terminated
 *   when it points into the input
 */
const char *
onair_json_peek_string (OnairJsonScanner *scanner,
                        guint32           node,
                        GString          *scratch,
                        gsize            *length)
{
  const OnairJsonNode *n;

  g_assert (onair_json_is (scanner, node, ONAIR_JSON_STRING));
  n = &scanner->nodes[node];

  if (!(n->flags & ONAIR_JSON_FLAG_ESCAPED))
    {
      *length = n->v.str.len;
      return scanner->data + n->v.str.off;
    }

  g_string_truncate (scratch, 0);
  onair_json_decode_string ((const guchar *) scanner->data + n->v.str.off, n->v.str.len,
                            scratch);
  *length = scratch->len;
  return scratch->str;
}

gboolean
onair_json_string_equal (OnairJsonScanner *scanner,
                         guint32           node,
                         const char       *str,
                         gsize             length)
{
  const char *value;
  gsize value_len;

  if (!onair_json_is (scanner, node, ONAIR_JSON_STRING))
    return FALSE;

  value = onair_json_peek_string (scanner, node, scanner->scratch, &value_len);
  return value_len == length && memcmp (value, str, length) == 0;
}

/**
 * onair_json_dup_string:
 *
 * Returns: (transfer full) (nullable): a copy of a string node, %NULL if @node is not a string
 */
char *
onair_json_dup_string (OnairJsonScanner *scanner,
                       guint32           node)
{
  const char *value;
  gsize len;

  if (!onair_json_is (scanner, node, ONAIR_JSON_STRING))
    return NULL;

  value = onair_json_peek_string (scanner, node, scanner->scratch, &len);
  return g_strndup (value, len);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  OnairJsonScanner *s = user_data;
  const OnairJsonNode *na = &s->nodes[*(const guint32 *) a];
  const OnairJsonNode *nb = &s->nodes[*(const guint32 *) b];
  int cmp = memcmp (member_key (s, na), member_key (s, nb), MIN (na->key_len, nb->key_len));

  if (cmp != 0)
    return cmp;
  return (na->key_len > nb->key_len) - (na->key_len < nb->key_len);
}

static void
write_string (OnairJsonScanner *s,
              const char       *raw,
              gsize             len,
              gboolean          escaped,
              GString          *out)
{
  if (!escaped)
    {
      /* Unescaped JSON string contents hold no quote, backslash or control character, so
       * they are already canonical. */
      g_string_append_c (out, '"');
      append_fast (out, raw, len);
      g_string_append_c (out, '"');
      return;
    }

  g_string_truncate (s->scratch, 0);
  onair_json_decode_string ((const guchar *) raw, len, s->scratch);
  onair_canonical_json_append_string (out, s->scratch->str, s->scratch->len);
}

static OnairJsonStatus
write_node (OnairJsonScanner *s,
            guint32           idx,
            const char       *skip_member,
            GString          *out)
{
  const OnairJsonNode *node = &s->nodes[idx];

  switch ((OnairJsonType) node->type)
    {
    case ONAIR_JSON_NULL:
      append_fast (out, "null", 4);
      return ONAIR_JSON_OK;

    case ONAIR_JSON_TRUE:
      append_fast (out, "true", 4);
      return ONAIR_JSON_OK;

    case ONAIR_JSON_FALSE:
      append_fast (out, "false", 5);
      return ONAIR_JSON_OK;

    case ONAIR_JSON_INT:
      onair_canonical_json_append_int (out, node->v.ival);
      return ONAIR_JSON_OK;

    case ONAIR_JSON_STRING:
      write_string (s, s->data + node->v.str.off, node->v.str.len,
                    (node->flags & ONAIR_JSON_FLAG_ESCAPED) != 0, out);
      return ONAIR_JSON_OK;

    case ONAIR_JSON_ARRAY:
      g_string_append_c (out, '[');
      for (guint32 i = node->v.kids.first; i != ONAIR_JSON_NONE; i = s->nodes[i].next)
        {
          OnairJsonStatus status;

          if (i != node->v.kids.first)
            g_string_append_c (out, ',');
          status = write_node (s, i, NULL, out);
          if (status != ONAIR_JSON_OK)
            return status;
        }
      g_string_append_c (out, ']');
      return ONAIR_JSON_OK;

    case ONAIR_JSON_OBJECT:
      {
        guint32 count = node->v.kids.count;
        guint base = s->sort_stack->len;
        gsize skip_len = skip_member != NULL ? strlen (skip_member) : 0;
        gboolean first = TRUE;
        guint32 *members;
        guint32 j = 0;

        g_array_set_size (s->sort_stack, base + count);
        members = &g_array_index (s->sort_stack, guint32, base);
        for (guint32 i = node->v.kids.first; i != ONAIR_JSON_NONE; i = s->nodes[i].next)
          members[j++] = i;

        if (count <= 12)
          {
            for (guint32 a = 1; a < count; a++)
              {
                guint32 m = members[a];
                guint32 b = a;

                while (b > 0 && compare_members (&members[b - 1], &m, s) > 0)
                  {
                    members[b] = members[b - 1];
                    b--;
                  }
                members[b] = m;
              }
          }
        else
          {
            g_qsort_with_data (members, count, sizeof (guint32), compare_members, s);
          }

        for (guint32 a = 1; a < count; a++)
          if (compare_members (&members[a - 1], &members[a], s) == 0)
            {
              g_array_set_size (s->sort_stack, base);
              return ONAIR_JSON_ERROR_DUPLICATE;
            }

        g_string_append_c (out, '{');
        for (guint32 a = 0; a < count; a++)
          {
            /* Writing children may grow sort_stack, so index it afresh. */
            guint32 m = g_array_index (s->sort_stack, guint32, base + a);
            const OnairJsonNode *member = &s->nodes[m];
            const char *key = member_key (s, member);
            OnairJsonStatus status;

            if (skip_member != NULL && member->key_len == skip_len &&
                memcmp (key, skip_member, skip_len) == 0)
              continue;

            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;

            if (member->flags & ONAIR_JSON_FLAG_KEY_DECODED)
              onair_canonical_json_append_string (out, key, member->key_len);
            else
              write_string (s, key, member->key_len, FALSE, out);
            g_string_append_c (out, ':');

            status = write_node (s, m, NULL, out);
            if (status != ONAIR_JSON_OK)
              {
                g_array_set_size (s->sort_stack, base);
                return status;
              }
          }
        g_string_append_c (out, '}');

        g_array_set_size (s->sort_stack, base);
        return ONAIR_JSON_OK;
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * onair_json_write_canonical:
 * @scanner: a scanner holding a parsed document
 * @node: the value to write
 * @skip_member: (nullable): a member of @node (an object) to leave out, e.g. "current_hash"
 * @out: where to append
 *
 * Returns: %ONAIR_JSON_OK, or %ONAIR_JSON_ERROR_DUPLICATE for an object with a repeated member
 *   (which has no single canonical form)
 */
OnairJsonStatus
onair_json_write_canonical (OnairJsonScanner *scanner,
                            guint32           node,
                            const char       *skip_member,
                            GString          *out)
{
  g_assert (node < scanner->n_nodes);

  return write_node (scanner, node, skip_member, out);
}

/**
 * onair_json_line_of_offset:
 *
 * Returns: the 1-based line number of byte @offset in @data
 */
gsize
onair_json_line_of_offset (const char *data,
                           gsize       offset)
{
  gsize line = 1;
  const char *p = data;
  const char *end = data + offset;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      line++;
      p++;
    }

  return line;
}
