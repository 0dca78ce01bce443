/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "core/vmix/onair-xml-scanner-private.h"
#include "emulator/onair-emulator.h"

/* The scanner against libxml2 as the reference: documents that must pass and fail, then
 * thousands of mutations of real vMix documents on which the two must agree, on whether the
 * document is well-formed and on what it contains. */

/* What a document contains, in one canonical text: elements, their attributes sorted by
 * name, and the character data between markup (comments, processing instructions and
 * namespace declarations left out, as libxml2's tree does not hold them as content). */
typedef struct
{
  GString *out;
  GString *text;
} Canon;

static void
canon_flush (Canon *canon)
{
  if (canon->text->len == 0)
    return;
  g_string_append_printf (canon->out, "T%s\n", canon->text->str);
  g_string_truncate (canon->text, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
canon_element (Canon      *canon,
               const char *name,
               GPtrArray  *attributes)
{
  canon_flush (canon);
  g_string_append_printf (canon->out, "S%s\n", name);
  g_ptr_array_sort (attributes, compare_strings);
  for (guint i = 0; i < attributes->len; i++)
    g_string_append_printf (canon->out, "A%s\n", (char *) attributes->pdata[i]);
}

static void
canon_end (Canon *canon)
{
  canon_flush (canon);
  g_string_append (canon->out, "E\n");
}

static void
scanner_start (gpointer                 user_data,
               guint                    depth,
               const char              *name,
               gsize                    name_length,
               const OnairXmlAttribute *attributes,
               guint                    n_attributes)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *element = g_strndup (name, name_length);

  for (guint i = 0; i < n_attributes; i++)
    {
      g_autofree char *value = onair_xml_attribute_dup (&attributes[i]);

      /* Namespace declarations are not attributes in libxml2's tree, and the scanner does
       * not process namespaces: both sides leave them out. */
      if (attributes[i].name_length >= 5 && memcmp (attributes[i].name, "xmlns", 5) == 0)
        continue;

      g_ptr_array_add (list, g_strdup_printf ("%.*s=%s", (int) attributes[i].name_length,
                                              attributes[i].name, value));
    }
  canon_element (user_data, element, list);
}

static void
scanner_end (gpointer user_data,
             guint    depth)
{
  canon_end (user_data);
}

static void
scanner_text (gpointer    user_data,
              guint       depth,
              const char *text,
              gsize       length)
{
  Canon *canon = user_data;

  g_string_append_len (canon->text, text, (gssize) length);
}

static const OnairXmlHandler canon_handler = {
  scanner_start, scanner_end, scanner_text,
};

static gboolean
scan_canonical (const char  *data,
                gsize        size,
                char       **canonical,
                GError     **error)
{
  Canon canon = { g_string_new (NULL), g_string_new (NULL) };
  /* An exact copy without a terminating NUL, so that a sanitizer sees any read past it. */
  g_autofree char *exact = g_memdup2 (data, size);
  gboolean ok = onair_xml_scan (exact, size, &canon_handler, &canon, error);

  g_string_free (canon.text, TRUE);
  *canonical = g_string_free (canon.out, !ok);
  return ok;
}

static char *
qualified_name (const xmlChar *name,
                xmlNsPtr       ns)
{
  if (ns != NULL && ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", ns->prefix, name);
  return g_strdup ((const char *) name);
}

static void
libxml_walk (Canon      *canon,
             xmlNodePtr  node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        g_string_append (canon->text, (const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE)
        {
          g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *name = qualified_name (node->name, node->ns);

          for (xmlAttrPtr attribute = node->properties; attribute != NULL;
               attribute = attribute->next)
            {
              xmlChar *value = xmlNodeGetContent ((xmlNodePtr) attribute);
              g_autofree char *attribute_name = qualified_name (attribute->name, attribute->ns);

              if (g_str_has_prefix (attribute_name, "xmlns"))
                {
                  xmlFree (value);
                  continue;
                }
              g_ptr_array_add (list, g_strdup_printf ("%s=%s", attribute_name,
                                                      value ? (char *) value : ""));
              xmlFree (value);
            }
          canon_element (canon, name, list);
          libxml_walk (canon, node->children);
          canon_end (canon);
        }
    }
}

/* libxml2's verdict on the document, and what it read when well-formed. */
static gboolean
libxml_canonical (const char  *data,
                  gsize        size,
                  char       **canonical)
{
  xmlDocPtr document = xmlReadMemory (data, (int) size, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING | XML_PARSE_NOENT);
  Canon canon = { g_string_new (NULL), g_string_new (NULL) };

  if (document != NULL)
    libxml_walk (&canon, xmlDocGetRootElement (document));
  g_string_free (canon.text, TRUE);
  *canonical = g_string_free (canon.out, document == NULL);
  if (document != NULL)
    xmlFreeDoc (document);
  return document != NULL;
}

static void
assert_accepted (const char *document,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  g_test_message ("accepted? %s", document);
  g_assert_true (scan_canonical (document, strlen (document), &ours, &error));
  g_assert_no_error (error);
  g_assert_true (libxml_canonical (document, strlen (document), &theirs));
  g_assert_cmpstr (ours, ==, theirs);
  if (expected != NULL)
    g_assert_cmpstr (ours, ==, expected);
}

static void
test_well_formed (void)
{
  assert_accepted ("<vmix/>", "Svmix\nE\n");
  assert_accepted ("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<vmix>\r\n</vmix>\r\n",
                   "Svmix\nT\n\nE\n");
  assert_accepted ("<?xml version='1.0' encoding='utf-8' standalone='yes' ?><a/>", "Sa\nE\n");
  assert_accepted ("<?xml version=\"1.0\"?><!-- a - comment --><?pi data?><a/><!--x--> ",
                   "Sa\nE\n");
  assert_accepted ("<a b='1' c = \"x&amp;y\" d=\"&lt;&#x41;&#66;&quot;&apos;\">t</a>",
                   "Sa\nAb=1\nAc=x&y\nAd=<AB\"'\nTt\nE\n");
  /* Tabs and line ends in attribute values are spaces, character references are not. */
  assert_accepted ("<a b=\"1\t2\r\n3\n4\r5&#10;6\"/>", "Sa\nAb=1 2 3 4 5\n6\nE\n");
  assert_accepted ("<a>x<![CDATA[<&>]]]]>y\r\nz\rw&gt;</a>", "Sa\nTx<&>]]y\nz\nw>\nE\n");
  assert_accepted ("<Über ñ=\"é\">日本</Über>", "SÜber\nAñ=é\nT日本\nE\n");
  assert_accepted ("<a><b/><c></c><d>1</d></a>", NULL);
  assert_accepted ("<a>]] > -- </a>", "Sa\nT]] > -- \nE\n");
  assert_accepted ("<a x:y=\"1\" xmlns:x=\"urn:x\"/>", NULL);
  assert_accepted ("<a>&#x10FFFF;&#xE000;</a>", NULL);
}

static void
test_malformed (void)
{
  const char *documents[] = {
    "",
    "   ",
    "text",
    "<a>",
    "<a></b>",
    "<a></a >x",
    "<a/><b/>",
    "<a b=1/>",
    "<a b=\"1\"c=\"2\"/>",
    "<a b=\"1\" b=\"2\"/>",
    "<a b=\"<\"/>",
    "<a b=\"&\"/>",
    "<a b/>",
    "<a>&foo;</a>",
    "<a>&#0;</a>",
    "<a>&#xD800;</a>",
    "<a>&#xFFFE;</a>",
    "<a>&#;</a>",
    "<a>&#x;</a>",
    "<a>&#12a;</a>",
    "<a>&amp</a>",
    "<a>]]></a>",
    "<a>\x01</a>",
    "<a>\xff</a>",
    "<a>\xc3</a>",
    "<a>\xc0\x80</a>",
    "<a>\xed\xa0\x80</a>",
    "<a>\xef\xbf\xbe</a>",
    "<a><!-- a -- b --></a>",
    "<a><!-- a ---></a>",
    "<a><![CDATA[ x ]]</a>",
    "<a><?xml version=\"1.0\"?></a>",
    " <?xml version=\"1.0\"?><a/>",
    "<?xml version=\"2.0\"?><a/>",
    "<?xml encoding=\"UTF-8\"?><a/>",
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
    "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
    "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
    "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
    "<1a/>",
    "<a\xff/>",
    "<a><b></a></b>",
    "<a><!DOCTYPE a></a>",
    "<a/>x",
    "</a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;

      g_test_message ("malformed? %u: %s", i, documents[i]);
      g_assert_false (scan_canonical (documents[i], strlen (documents[i]), &ours, &error));
      g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
      /* An empty document has no position to name. */
      if (documents[i][0] != '\0')
        g_assert_true (strstr (error->message, "line ") != NULL);
      /* libxml2 reads a document type declaration, which Onair refuses on purpose. */
      if (strstr (documents[i], "<!DOCTYPE a [") == NULL &&
          strstr (documents[i], "ISO-8859-1") == NULL)
        g_assert_false (libxml_canonical (documents[i], strlen (documents[i]), &theirs));
    }
}

/* No document at all, as an empty GBytes holds it (NULL and 0): an error that says so,
 * without offsetting the NULL pointer (undefined behaviour, reported by UBSan). */
static void
test_empty (void)
{
  const OnairXmlHandler no_callbacks = { NULL, NULL, NULL };
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  gsize size = 1;
  const char *data = g_bytes_get_data (empty, &size);

  g_assert_null (data);
  g_assert_cmpuint (size, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (onair_xml_scan (i == 0 ? data : "", 0, &no_callbacks, NULL, &error));
      g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_cmpstr (error->message, ==, "the document is empty");
    }
}

static void
test_error_position (void)
{
  g_autoptr(GError) error = NULL;
  const char *document = "<vmix>\n  <input a=\"1\" a=\"2\"/>\n</vmix>";

  const OnairXmlHandler no_callbacks = { NULL, NULL, NULL };

  g_assert_false (onair_xml_scan (document, strlen (document), &no_callbacks, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "line 2, column 16") != NULL);
}

/* Runs of plain bytes of every length, ending in each byte that ends a run, in attribute
 * values and in text: where the scanner reads sixteen bytes at a time, each length meets
 * each of its ends, and the end of the document too. */
static void
test_runs (void)
{
  static const char * const stops[] = {
    "", "&amp;", "&#x41;", "<", ">", "\"", "'", "]]>", "]", "\t", "\n", "\r", "\r\n", "\x01",
    "\x7f", "\xc3\xa9", "\xff", "\xe2\x80\x93", "&", "=",
  };
  guint accepted = 0;

  for (guint length = 0; length <= 40; length++)
    for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
      for (guint where = 0; where < 4; where++)
        {
          g_autofree char *run = g_strnfill (length, 'v');
          g_autofree char *document = NULL;
          g_autofree char *ours = NULL;
          g_autofree char *theirs = NULL;
          gboolean ours_ok, theirs_ok;

          switch (where)
            {
            case 0:
              document = g_strdup_printf ("<a b=\"%s%sw\"/>", run, stops[i]);
              break;
            case 1:
              document = g_strdup_printf ("<a b='%s%s'/>", run, stops[i]);
              break;
            case 2:
              document = g_strdup_printf ("<a>%s%sw</a>", run, stops[i]);
              break;
            default:
              /* Cut short inside the run: the scanner must not read past the end. */
              document = g_strdup_printf ("<a b=\"%s%s", run, stops[i]);
              break;
            }
          ours_ok = scan_canonical (document, strlen (document), &ours, NULL);
          theirs_ok = libxml_canonical (document, strlen (document), &theirs);
          if (ours_ok != theirs_ok)
            {
              g_autofree char *escaped = g_strescape (document, NULL);

              g_test_message ("%s: Onair %s it", escaped, ours_ok ? "accepts" : "refuses");
            }
          g_assert_cmpint (ours_ok, ==, theirs_ok);
          g_assert_cmpstr (ours, ==, theirs);
          accepted += ours_ok;
        }
  g_assert_cmpuint (accepted, >, 0);
}

/* Attribute names of every length, given twice or differing in one byte anywhere. */
static void
test_attribute_names (void)
{
  for (guint length = 1; length <= 40; length++)
    for (guint differ = 0; differ <= length; differ++)
      {
        g_autofree char *name = g_strnfill (length, 'n');
        g_autofree char *other = g_strnfill (length, 'n');
        g_autofree char *document = NULL;
        g_autofree char *ours = NULL;
        g_autoptr(GError) error = NULL;

        /* differ == length: the same name twice. */
        if (differ < length)
          other[differ] = 'm';
        document = g_strdup_printf ("<a %s=\"1\" x=\"2\" %s=\"\"/>", name, other);
        g_assert_cmpint (scan_canonical (document, strlen (document), &ours, &error), ==,
                         differ < length);
        if (differ == length)
          g_assert_nonnull (strstr (error->message, "an attribute given twice"));
      }
}

/* Byte strings a mutation inserts: the pieces of markup whose rules are easy to get wrong. */
static const char * const snippets[] = {
  "<", ">", "&", ";", "\"", "'", "/", "=", "!", "?", "-", "]", " ", "\r", "\n", "\t", "#",
  "x", ":", "a", "1", "\xc3\xa9", "\xc3", "\xff", "\xef\xbb\xbf", "\xed\xa0\x80",
  "\xef\xbf\xbf", "\x01", "\x7f", "<!--", "-->", "--", "<![CDATA[", "]]>", "]]", "&amp;",
  "&lt;", "&#x41;", "&#65;", "&#0;", "&#x110000;", "&foo;", "<?pi x?>", "<?xml?>",
  "<!DOCTYPE x>", "</", "/>", "<b>", "</b>", "<b/>", " a=\"1\"", " a='&amp;'", " xmlns:p=\"u\"",
  "p:", "<?xml version=\"1.0\"?>", "encoding=\"UTF-8\"", "\r\n",
};

static char *
mutate (GRand       *rand,
        const char  *data,
        gsize        size,
        gsize       *out_size)
{
  GString *text = g_string_new_len (data, (gssize) size);
  guint n = (guint) g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      gsize at = text->len > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) text->len) : 0;
      gsize span = (gsize) g_rand_int_range (rand, 1, 16);

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* delete a byte */
          if (text->len > 0)
            g_string_erase (text, (gssize) at, 1);
          break;
        case 1: /* delete a span */
          g_string_erase (text, (gssize) at, (gssize) MIN (span, text->len - at));
          break;
        case 2: /* replace a byte */
          if (text->len > 0)
            text->str[at] = snippets[g_rand_int_range (rand, 0, 29)][0];
          break;
        case 3: /* duplicate a span */
          {
            g_autofree char *copy = g_strndup (text->str + at, MIN (span, text->len - at));

            g_string_insert (text, (gssize) g_rand_int_range (rand, 0, (gint32) text->len + 1),
                             copy);
          }
          break;
        default: /* insert a snippet */
          g_string_insert (text, (gssize) at,
                           snippets[g_rand_int_range (rand, 0, G_N_ELEMENTS (snippets))]);
          break;
        }
    }

  *out_size = text->len;
  return g_string_free (text, FALSE);
}

/* Features libxml2 reads and Onair refuses on purpose: a document type declaration and a
 * declared encoding other than UTF-8. */
static gboolean
uses_refused_feature (const char *data,
                      gsize       size)
{
  g_autofree char *text = g_strndup (data, size);
  g_autofree char *value = NULL;
  const char *encoding, *end;

  if (strstr (text, "<!DOCTYPE") != NULL)
    return TRUE;
  encoding = strstr (text, "encoding=");
  end = strstr (text, "?>");
  if (encoding == NULL || end == NULL || encoding > end)
    return FALSE;
  encoding += strlen ("encoding=") + 1;
  value = g_strndup (encoding, strcspn (encoding, "\"'"));
  return g_ascii_strcasecmp (value, "UTF-8") != 0 && g_ascii_strcasecmp (value, "UTF8") != 0;
}

static GPtrArray *
seed_documents (void)
{
  GPtrArray *seeds = g_ptr_array_new_with_free_func (g_free);
  const OnairEmulatorProfile profiles[] = {
    ONAIR_EMULATOR_PROFILE_VMIX28, ONAIR_EMULATOR_PROFILE_VMIX26,
  };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(OnairEmulator) emulator = onair_emulator_new (profiles[i]);

      onair_emulator_use_test_clock (emulator);
      onair_emulator_set_input_count (emulator, 3 + i);
      g_ptr_array_add (seeds, onair_emulator_render_xml (emulator));
    }
  g_ptr_array_add (seeds, g_strdup (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- c --><vmix a='x&amp;y' b=\"&#x41;\">"
    "<version>28</version><?pi d?><t><![CDATA[<x>]]>&lt;é</t><e/>\r\n</vmix><!-- end -->"));
  g_ptr_array_add (seeds, g_strdup (
    "\xef\xbb\xbf<r xmlns:p=\"urn:p\" p:q=\"1\t2\"><Über ñ=\"é\r\n\">日本&#x10FFFF;</Über>"
    "<p:s xml:lang=\"de\"/>\n</r>"));
  return seeds;
}

static void
test_agrees_with_libxml2 (void)
{
  g_autoptr(GPtrArray) seeds = seed_documents ();
  const char *seed_text = g_getenv ("ONAIR_XML_FUZZ_SEED");
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : 20261125;
  const char *rounds_text = g_getenv ("ONAIR_XML_FUZZ_ROUNDS");
  guint rounds = rounds_text != NULL ? (guint) g_ascii_strtoull (rounds_text, NULL, 10) : 20000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint accepted = 0, rejected = 0, refused = 0;

  g_test_message ("seed %u, %u mutations", seed, rounds);
  for (guint i = 0; i < seeds->len; i++)
    {
      const char *document = seeds->pdata[i];
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;

      g_assert_true (scan_canonical (document, strlen (document), &ours, NULL));
      g_assert_true (libxml_canonical (document, strlen (document), &theirs));
      g_assert_cmpstr (ours, ==, theirs);
    }

  for (guint round = 0; round < rounds; round++)
    {
      const char *seed_document = seeds->pdata[g_rand_int_range (rand, 0, (gint32) seeds->len)];
      gsize size = 0;
      g_autofree char *document = mutate (rand, seed_document, strlen (seed_document), &size);
      g_autoptr(GError) error = NULL;
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      gboolean ours_ok = scan_canonical (document, size, &ours, &error);
      gboolean theirs_ok = libxml_canonical (document, size, &theirs);

      if (ours_ok != theirs_ok && !(theirs_ok && uses_refused_feature (document, size)))
        {
          g_autofree char *escaped = g_strescape (document, NULL);

          g_test_message ("round %u: Onair %s, libxml2 %s: %s (%s)", round,
                          ours_ok ? "accepts" : "refuses", theirs_ok ? "accepts" : "refuses",
                          escaped, error ? error->message : "");
          g_assert_cmpint (ours_ok, ==, theirs_ok);
        }
      if (ours_ok)
        {
          g_assert_cmpstr (ours, ==, theirs);
          accepted++;
        }
      else if (theirs_ok)
        refused++;
      else
        rejected++;
    }
  g_test_message ("%u well-formed, %u malformed, %u refused on purpose", accepted, rejected,
                  refused);
  /* The mutations reach both sides of the line. */
  g_assert_cmpuint (accepted, >, rounds / 20);
  g_assert_cmpuint (rejected, >, rounds / 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmlInitParser ();

  g_test_add_func ("/onair/xml-scanner/well-formed", test_well_formed);
  g_test_add_func ("/onair/xml-scanner/malformed", test_malformed);
  g_test_add_func ("/onair/xml-scanner/empty", test_empty);
  g_test_add_func ("/onair/xml-scanner/error-position", test_error_position);
  g_test_add_func ("/onair/xml-scanner/runs", test_runs);
  g_test_add_func ("/onair/xml-scanner/attribute-names", test_attribute_names);
  g_test_add_func ("/onair/xml-scanner/agrees-with-libxml2", test_agrees_with_libxml2);

  return g_test_run ();
}
