/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A strict, allocation-free (after warm-up) JSON reader for the verification hot path. It parses
 * one document into a flat array of nodes that point into the input, and writes canonical JSON
 * straight from them. json-glib builds a GObject-ish tree per line, which costs ~7 µs per entry;
 * this costs a fraction of the SHA-256 of the same bytes.
 *
 * The input must outlive the nodes. Node 0 is the root.
 */

#define ONAIR_JSON_NONE G_MAXUINT32

/* Levels of nesting a document may have by default: a witness line, the entry object included
 * (witness-format.md, "The chain file"). */
#define ONAIR_JSON_MAX_DEPTH 128

typedef enum {
  ONAIR_JSON_NULL,
  ONAIR_JSON_FALSE,
  ONAIR_JSON_TRUE,
  ONAIR_JSON_INT,
  ONAIR_JSON_STRING,
  ONAIR_JSON_ARRAY,
  ONAIR_JSON_OBJECT,
} OnairJsonType;

typedef enum {
  ONAIR_JSON_OK,
  ONAIR_JSON_ERROR_SYNTAX,     /* not JSON (includes invalid UTF-8, raw control characters) */
  ONAIR_JSON_ERROR_FLOAT,      /* a number with a fraction or exponent */
  ONAIR_JSON_ERROR_RANGE,      /* an integer beyond ±2^53 */
  ONAIR_JSON_ERROR_DUPLICATE,  /* an object with the same member twice */
  ONAIR_JSON_ERROR_DEPTH,      /* nested too deep */
  ONAIR_JSON_ERROR_SIZE,       /* document larger than 4 GiB */
} OnairJsonStatus;

/* OnairJsonNode.flags */
enum {
  ONAIR_JSON_FLAG_ESCAPED     = 1 << 0,  /* string contents contain backslash escapes */
  ONAIR_JSON_FLAG_KEY_DECODED = 1 << 1,  /* member name lives in scanner->keys */
};

typedef struct {
  guint32 next;       /* next sibling, or ONAIR_JSON_NONE */
  guint32 key_off;    /* member name: offset into the input, or into keys when KEY_DECODED */
  guint32 key_len;
  guint8  type;       /* OnairJsonType */
  guint8  flags;
  union {
    struct { guint32 off, len; } str;      /* raw contents between the quotes */
    struct { guint32 first, count; } kids;
    gint64 ival;
  } v;
} OnairJsonNode;

typedef struct {
  const char    *data;
  gsize          len;
  OnairJsonNode *nodes;
  guint32        n_nodes;
  guint32        n_alloc;
  GString       *keys;       /* decoded member names that had escapes */
  GString       *scratch;    /* decoded strings while writing */
  GArray        *sort_stack; /* guint32 member indices while writing objects */
  gsize          error_offset;
  guint          max_depth;  /* levels of nesting allowed, ONAIR_JSON_MAX_DEPTH unless changed */
} OnairJsonScanner;

void             onair_json_scanner_init     (OnairJsonScanner *scanner);
void             onair_json_scanner_clear    (OnairJsonScanner *scanner);
OnairJsonStatus  onair_json_scanner_parse    (OnairJsonScanner *scanner,
                                              const char       *data,
                                              gsize             length);
guint32          onair_json_object_get       (OnairJsonScanner *scanner,
                                              guint32           object,
                                              const char       *key);
const char      *onair_json_member_key       (OnairJsonScanner *scanner,
                                              guint32           node,
                                              gsize            *length);
const char      *onair_json_peek_string      (OnairJsonScanner *scanner,
                                              guint32           node,
                                              GString          *scratch,
                                              gsize            *length);
gboolean         onair_json_string_equal     (OnairJsonScanner *scanner,
                                              guint32           node,
                                              const char       *str,
                                              gsize             length);
char            *onair_json_dup_string       (OnairJsonScanner *scanner,
                                              guint32           node);
OnairJsonStatus  onair_json_write_canonical  (OnairJsonScanner *scanner,
                                              guint32           node,
                                              const char       *skip_member,
                                              GString          *out);
gsize            onair_json_line_of_offset   (const char       *data,
                                              gsize             offset);

gboolean         onair_json_utf8_valid       (const char       *data,
                                              gsize             length);

/* Between the parser and the readers of its nodes */
void             onair_json_decode_string    (const guchar     *p,
                                              gsize             len,
                                              GString          *out);

static inline OnairJsonType
onair_json_type (OnairJsonScanner *scanner,
                 guint32           node)
{
  return node == ONAIR_JSON_NONE ? ONAIR_JSON_NULL : (OnairJsonType) scanner->nodes[node].type;
}

static inline gboolean
onair_json_is (OnairJsonScanner *scanner,
               guint32           node,
               OnairJsonType     type)
{
  return node != ONAIR_JSON_NONE && scanner->nodes[node].type == type;
}

G_END_DECLS
