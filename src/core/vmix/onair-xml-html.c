/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-xml-chars-private.h"

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
               (next = (const char *) onair_xml_read_reference ((const guchar *) q,
                                                                (const guchar *) raw_end,
                                                                decoded, &length,
                                                                &reason)) != NULL)
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

  onair_xml_init_classes ();
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
