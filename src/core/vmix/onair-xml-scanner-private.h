/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* A strict, non-validating XML 1.0 scanner for the documents vMix sends: UTF-8, no document
 * type declaration, no namespaces processing. It checks well-formedness as the XML 1.0
 * specification (fifth edition) defines it and reports elements, attributes and text
 * through callbacks, without building anything and without an allocation per element.
 *
 * What it does not accept, on purpose: a document type declaration (and so no entity but the
 * five predefined ones: no entity expansion, no external fetch), an encoding other than
 * UTF-8, more than %ONAIR_XML_MAX_ATTRIBUTES attributes on one element and nesting deeper
 * than %ONAIR_XML_MAX_DEPTH. */

#define ONAIR_XML_MAX_ATTRIBUTES 256
#define ONAIR_XML_MAX_DEPTH      256

/* The most characters of an HTML page's title that onair_xml_sniff_html() keeps. */
#define ONAIR_XML_HTML_TITLE_MAX_CHARS 60

typedef struct
{
  const char *name;
  gsize       name_length;
  const char *value;          /* as written between the quotes */
  gsize       value_length;
  gboolean    plain;          /* the value needs no decoding: no reference, tab or line end */
} OnairXmlAttribute;

typedef struct
{
  /* @depth is 0 for the root element. */
  void (*start_element) (gpointer                 user_data,
                         guint                    depth,
                         const char              *name,
                         gsize                    name_length,
                         const OnairXmlAttribute *attributes,
                         guint                    n_attributes);
  void (*end_element)   (gpointer                 user_data,
                         guint                    depth);
  /* Character data of the element at @depth, already decoded (references replaced, line
   * ends normalised); one run of text may come in several pieces. */
  void (*text)          (gpointer                 user_data,
                         guint                    depth,
                         const char              *text,
                         gsize                    length);
} OnairXmlHandler;

gboolean  onair_xml_scan            (const char              *data,
                                     gsize                    size,
                                     const OnairXmlHandler   *handler,
                                     gpointer                 user_data,
                                     GError                 **error);

gboolean  onair_xml_sniff_html      (const char              *data,
                                     gsize                    size,
                                     char                   **title);

char     *onair_xml_attribute_dup   (const OnairXmlAttribute *attribute);

/* The attribute called @name, of @length bytes, or NULL. Inline, so that for a name known
 * where it is called (ONAIR_XML_FIND_ATTRIBUTE) the comparisons are a few instructions. */
static inline const OnairXmlAttribute *
onair_xml_find_attribute_len (const OnairXmlAttribute *attributes,
                              guint                    n_attributes,
                              const char              *name,
                              gsize                    length)
{
  for (guint i = 0; i < n_attributes; i++)
    if (attributes[i].name_length == length && memcmp (attributes[i].name, name, length) == 0)
      return &attributes[i];
  return NULL;
}

#define ONAIR_XML_FIND_ATTRIBUTE(attributes, n_attributes, literal) \
  onair_xml_find_attribute_len ((attributes), (n_attributes), "" literal "", sizeof (literal) - 1)

G_END_DECLS
