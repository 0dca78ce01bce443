/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-canonical-json.h"
#include "onair-witness.h"

/*
 * The canonical form of witness-format.md: RFC 8785 restricted to integers, which is also what
 * Python writes with json.dumps (v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).
 */

#define MAX_DEPTH ONAIR_WITNESS_MAX_DEPTH

static const char hex_digits[] = "0123456789abcdef";

/**
 * onair_canonical_json_append_string:
 * @out: where to append
 * @str: UTF-8 text, which may contain NUL bytes
 * @length: length of @str in bytes
 *
 * Appends @str as a canonical JSON string literal, quotes included. @str must be valid UTF-8.
 */
void
onair_canonical_json_append_string (GString    *out,
                                    const char *str,
                                    gsize       length)
{
  const guchar *p = (const guchar *) str;
  const guchar *end = p + length;
  const guchar *run = p;

  g_string_append_c (out, '"');

  for (; p < end; p++)
    {
      guchar c = *p;
      char esc[6];
      gsize esc_len = 2;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;

      esc[0] = '\\';
      switch (c)
        {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
          esc[1] = 'u';
          esc[2] = '0';
          esc[3] = '0';
          esc[4] = hex_digits[c >> 4];
          esc[5] = hex_digits[c & 0xf];
          esc_len = 6;
          break;
        }
      g_string_append_len (out, esc, esc_len);
    }

  if (p > run)
    g_string_append_len (out, (const char *) run, p - run);

  g_string_append_c (out, '"');
}

/**
 * onair_canonical_json_append_int:
 * @out: where to append
 * @value: an integer
 *
 * Appends @value in decimal, without sign for positive values or leading zeros.
 */
void
onair_canonical_json_append_int (GString *out,
                                 gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
append_node (GString   *out,
             JsonNode  *node,
             guint      depth,
             GError   **error)
{
  /* Counted as the verifier counts: containers only, the outermost being level 1. */
  if (depth >= MAX_DEPTH &&
      (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_OBJECT (node)))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                   _("The JSON value is nested deeper than %u levels."), MAX_DEPTH);
      return FALSE;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append_len (out, "null", 4);
      return TRUE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_node (out, json_array_get_element (array, i), depth + 1, error))
              return FALSE;
          }
        g_string_append_c (out, ']');
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GPtrArray) keys = g_ptr_array_new ();
        JsonObjectIter iter;
        const char *key;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &key, NULL))
          {
            if (!g_utf8_validate (key, -1, NULL))
              {
                g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                             _("A JSON member name is not valid UTF-8."));
                return FALSE;
              }
            g_ptr_array_add (keys, (gpointer) key);
          }

        /* Byte order of UTF-8 is code point order, which is what sort_keys does. */
        g_ptr_array_sort (keys, compare_keys);

        g_string_append_c (out, '{');
        for (guint i = 0; i < keys->len; i++)
          {
            const char *name = g_ptr_array_index (keys, i);

            if (i > 0)
              g_string_append_c (out, ',');
            onair_canonical_json_append_string (out, name, strlen (name));
            g_string_append_c (out, ':');
            if (!append_node (out, json_object_get_member (object, name), depth + 1, error))
              return FALSE;
          }
        g_string_append_c (out, '}');
        return TRUE;
      }

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          if (json_node_get_boolean (node))
            g_string_append_len (out, "true", 4);
          else
            g_string_append_len (out, "false", 5);
          return TRUE;

        case G_TYPE_INT64:
          {
            gint64 v = json_node_get_int (node);

            if (v > ONAIR_CANONICAL_JSON_MAX_INTEGER || v < -ONAIR_CANONICAL_JSON_MAX_INTEGER)
              {
                g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_RANGE,
                             _("The integer %" G_GINT64_FORMAT " is outside ±2^53; "
                               "write large quantities as strings."), v);
                return FALSE;
              }
            onair_canonical_json_append_int (out, v);
            return TRUE;
          }

        case G_TYPE_DOUBLE:
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_FLOAT,
                       _("The number %g is not an integer; canonical JSON allows integers only, "
                         "so write fractional quantities as strings."),
                       json_node_get_double (node));
          return FALSE;

        case G_TYPE_STRING:
          {
            const char *str = json_node_get_string (node);
            gsize len;

            if (str == NULL)
              str = "";
            len = strlen (str);
            if (!g_utf8_validate_len (str, len, NULL))
              {
                g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                             _("A JSON string is not valid UTF-8."));
                return FALSE;
              }
            onair_canonical_json_append_string (out, str, len);
            return TRUE;
          }

        default:
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                       _("A JSON value of type %s has no canonical form."),
                       g_type_name (json_node_get_value_type (node)));
          return FALSE;
        }
    }

  g_assert_not_reached ();
}

/**
 * onair_canonical_json_append:
 * @out: where to append
 * @node: a JSON value
 *
 * Appends the canonical form of @node to @out (witness-format.md, "Canonical JSON"). On error
 * @out holds a partial result.
 *
 * Returns: %FALSE with %ONAIR_WITNESS_ERROR_FLOAT for a non-integer number anywhere in @node,
 *   %ONAIR_WITNESS_ERROR_RANGE for an integer beyond ±2^53, %ONAIR_WITNESS_ERROR_PARSE for
 *   invalid UTF-8
 */
gboolean
onair_canonical_json_append (GString   *out,
                             JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return append_node (out, node, 0, error);
}

/**
 * onair_canonical_json_to_string:
 * @node: a JSON value
 * @length: (out) (optional): length of the result
 *
 * Returns: (transfer full) (nullable): the canonical form of @node, or %NULL with @error set
 *   as for onair_canonical_json_append()
 */
char *
onair_canonical_json_to_string (JsonNode  *node,
                                gsize     *length,
                                GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  if (!onair_canonical_json_append (out, node, error))
    return NULL;

  if (length != NULL)
    *length = out->len;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * onair_canonical_json_object_to_string:
 * @object: a JSON object
 * @length: (out) (optional): length of the result
 *
 * Like onair_canonical_json_to_string() for an object.
 *
 * Returns: (transfer full) (nullable): the canonical form of @object
 */
char *
onair_canonical_json_object_to_string (JsonObject  *object,
                                       gsize       *length,
                                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), object);

  return onair_canonical_json_to_string (node, length, error);
}
