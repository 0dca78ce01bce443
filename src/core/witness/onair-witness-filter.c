/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-witness-private.h"

G_DEFINE_BOXED_TYPE (OnairWitnessFilter, onair_witness_filter,
                     onair_witness_filter_copy, onair_witness_filter_free)

/**
 * onair_witness_filter_new:
 * @event_type: (nullable): only this event type
 * @from: (nullable): only events at or after this time
 * @to: (nullable): only events at or before this time
 * @text: (nullable): only entries whose JSON contains this, ignoring case
 *
 * Returns: (transfer full): a filter; all %NULL (or empty strings) means everything
 */
OnairWitnessFilter *
onair_witness_filter_new (const char *event_type,
                          GDateTime  *from,
                          GDateTime  *to,
                          const char *text)
{
  OnairWitnessFilter *filter = g_new0 (OnairWitnessFilter, 1);

  filter->event_type = event_type != NULL && *event_type != '\0' ? g_strdup (event_type) : NULL;
  filter->from = from != NULL ? g_date_time_ref (from) : NULL;
  filter->to = to != NULL ? g_date_time_ref (to) : NULL;
  filter->text = text != NULL && *text != '\0' ? g_strdup (text) : NULL;

  return filter;
}

OnairWitnessFilter *
onair_witness_filter_copy (const OnairWitnessFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);

  return onair_witness_filter_new (filter->event_type, filter->from, filter->to, filter->text);
}

void
onair_witness_filter_free (OnairWitnessFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->event_type);
  g_clear_pointer (&filter->from, g_date_time_unref);
  g_clear_pointer (&filter->to, g_date_time_unref);
  g_free (filter->text);
  g_free (filter);
}

/**
 * onair_witness_filter_is_empty:
 *
 * Returns: %TRUE if the filter lets everything through (a complete export)
 */
gboolean
onair_witness_filter_is_empty (const OnairWitnessFilter *filter)
{
  return filter == NULL ||
         ((filter->event_type == NULL || *filter->event_type == '\0') && filter->from == NULL &&
          filter->to == NULL && (filter->text == NULL || *filter->text == '\0'));
}

static gint64
to_unix_ms (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static gboolean
match_fields (const OnairWitnessFilter     *filter,
              const OnairWitnessIndexEntry *index)
{
  if (filter->event_type != NULL && *filter->event_type != '\0' &&
      g_strcmp0 (filter->event_type, index->event_type) != 0)
    return FALSE;

  if (filter->from != NULL &&
      (index->timestamp_ms == G_MININT64 || index->timestamp_ms < to_unix_ms (filter->from)))
    return FALSE;

  if (filter->to != NULL &&
      (index->timestamp_ms == G_MININT64 || index->timestamp_ms > to_unix_ms (filter->to)))
    return FALSE;

  return TRUE;
}

static gboolean
is_ascii (const char *str)
{
  for (; *str != '\0'; str++)
    if ((guchar) *str >= 0x80)
      return FALSE;
  return TRUE;
}

/* Searching with the viewer's search entry runs over every entry: ASCII needles, the usual
 * case, skip the UTF-8 case folding and its allocations. */
static gboolean
match_ascii (const char *needle,
             const char *line,
             gsize       length)
{
  gsize n = strlen (needle);

  if (n == 0)
    return TRUE;

  for (gsize i = 0; i + n <= length; i++)
    {
      gsize j = 0;

      while (j < n && g_ascii_tolower (line[i + j]) == g_ascii_tolower (needle[j]))
        j++;
      if (j == n)
        return TRUE;
    }

  return FALSE;
}

static gboolean
match_text (const char *text,
            const char *line,
            gsize       length)
{
  g_autofree char *needle = NULL;
  g_autofree char *haystack = NULL;

  if (is_ascii (text))
    return match_ascii (text, line, length);

  needle = g_utf8_casefold (text, -1);

  if (!g_utf8_validate_len (line, length, NULL))
    return FALSE;

  haystack = g_utf8_casefold (line, length);
  return strstr (haystack, needle) != NULL;
}

gboolean
onair_witness_filter_match_index (const OnairWitnessFilter     *filter,
                                  const OnairWitnessIndexEntry *index,
                                  const char                   *line,
                                  gsize                         length)
{
  if (filter == NULL)
    return TRUE;

  if (!match_fields (filter, index))
    return FALSE;

  if (filter->text != NULL && *filter->text != '\0')
    return match_text (filter->text, line, length);

  return TRUE;
}

/**
 * onair_witness_filter_match:
 * @filter: (nullable): a filter
 * @entry: an entry
 *
 * For a GtkCustomFilter. Type and time come from the index; text search reads the entry's line
 * from the file.
 *
 * Returns: %TRUE if @entry passes @filter
 */
gboolean
onair_witness_filter_match (const OnairWitnessFilter *filter,
                            OnairWitnessEntry        *entry)
{
  OnairWitnessIndexEntry index = { 0 };
  g_autofree char *line = NULL;

  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (entry), FALSE);

  if (filter == NULL)
    return TRUE;

  index.event_type = onair_witness_entry_get_event_type (entry);
  index.timestamp_ms = onair_witness_entry_get_timestamp (entry);
  if (!match_fields (filter, &index))
    return FALSE;

  if (filter->text == NULL || *filter->text == '\0')
    return TRUE;

  line = onair_witness_entry_dup_line (entry, NULL);
  return line != NULL && match_text (filter->text, line, strlen (line));
}
