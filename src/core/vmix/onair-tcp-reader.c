/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-tcp-reader.h"
#include "onair-vmix-error.h"

/*
 * Reading vMix's TCP API: lines ended by CRLF (a bare LF is accepted), except that a line
 * "XML <n>" is followed by n bytes — counted in UTF-8 bytes, not characters, the document's
 * line end included — that belong to it. The bytes arrive as TCP gives them: a reply may be
 * split anywhere (inside a line end, a UTF-8 character or the "XML <n>" header) and several
 * may come in one read. The reader keeps what is incomplete and hands out whole messages.
 * No I/O here: the activator connection feeds it, tests and the fuzzer too.
 */

struct _OnairTcpReader
{
  GByteArray *buffer;
  gsize       max_payload;
  gsize       payload_wanted;   /* bytes of an XML payload still to come */
  char       *payload_line;     /* the "XML <n>" line waiting for its payload */
  GQueue      messages;         /* OnairTcpMessage* */
};

void
onair_tcp_message_free (OnairTcpMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->line);
  g_clear_pointer (&message->payload, g_bytes_unref);
  g_free (message);
}

/**
 * onair_tcp_reader_new:
 * @max_payload: the largest XML document accepted, in bytes
 *
 * Returns: (transfer full): an empty reader
 */
OnairTcpReader *
onair_tcp_reader_new (gsize max_payload)
{
  OnairTcpReader *reader = g_new0 (OnairTcpReader, 1);

  reader->buffer = g_byte_array_new ();
  reader->max_payload = max_payload;
  g_queue_init (&reader->messages);
  return reader;
}

void
onair_tcp_reader_free (OnairTcpReader *reader)
{
  if (reader == NULL)
    return;
  g_byte_array_unref (reader->buffer);
  g_free (reader->payload_line);
  g_queue_clear_full (&reader->messages, (GDestroyNotify) onair_tcp_message_free);
  g_free (reader);
}

/**
 * onair_tcp_reader_reset:
 *
 * Forgets everything not handed out yet, e.g. for a new connection.
 */
void
onair_tcp_reader_reset (OnairTcpReader *reader)
{
  g_return_if_fail (reader != NULL);

  g_byte_array_set_size (reader->buffer, 0);
  g_clear_pointer (&reader->payload_line, g_free);
  reader->payload_wanted = 0;
  g_queue_clear_full (&reader->messages, (GDestroyNotify) onair_tcp_message_free);
}

/* "XML 1234" → 1234; anything else (a request echo, "XML ER …") is an ordinary line. */
static gboolean
parse_payload_header (const char *line,
                      guint64    *count)
{
  const char *digits;

  if (strncmp (line, "XML ", 4) != 0)
    return FALSE;
  digits = line + 4;
  if (*digits == '\0' || strlen (digits) > 12)
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  *count = g_ascii_strtoull (digits, NULL, 10);
  return TRUE;
}

static void
push (OnairTcpReader *reader,
      char           *line,
      GBytes         *payload)
{
  OnairTcpMessage *message = g_new0 (OnairTcpMessage, 1);

  message->line = line;
  message->payload = payload;
  g_queue_push_tail (&reader->messages, message);
}

/**
 * onair_tcp_reader_feed:
 * @data: (array length=length): bytes as read from the connection
 *
 * Takes the bytes and queues every message they complete.
 *
 * Returns: %FALSE when the bytes cannot be vMix's TCP API (a line longer than
 *   %ONAIR_TCP_READER_MAX_LINE, a document larger than the reader accepts); the reader is
 *   then of no further use until reset
 */
gboolean
onair_tcp_reader_feed (OnairTcpReader  *reader,
                       const guint8    *data,
                       gsize            length,
                       GError         **error)
{
  gsize start = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  g_byte_array_append (reader->buffer, data, length);

  while (start < reader->buffer->len)
    {
      const guint8 *rest = reader->buffer->data + start;
      gsize available = reader->buffer->len - start;
      const guint8 *end;
      gsize line_length;
      char *line;
      guint64 count;

      if (reader->payload_line != NULL)
        {
          if (available < reader->payload_wanted)
            break;
          push (reader, g_steal_pointer (&reader->payload_line),
                g_bytes_new (rest, reader->payload_wanted));
          start += reader->payload_wanted;
          reader->payload_wanted = 0;
          continue;
        }

      end = memchr (rest, '\n', available);
      if (end == NULL)
        {
          if (available > ONAIR_TCP_READER_MAX_LINE)
            {
              g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                           _("vMix's TCP API sent a line longer than %u bytes."),
                           ONAIR_TCP_READER_MAX_LINE);
              return FALSE;
            }
          break;
        }
      line_length = end - rest;
      start += line_length + 1;
      if (line_length > 0 && rest[line_length - 1] == '\r')
        line_length--;
      if (line_length > ONAIR_TCP_READER_MAX_LINE)
        {
          g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                       _("vMix's TCP API sent a line longer than %u bytes."),
                       ONAIR_TCP_READER_MAX_LINE);
          return FALSE;
        }
      line = g_utf8_make_valid ((const char *) rest, line_length);

      if (parse_payload_header (line, &count))
        {
          if (count > reader->max_payload)
            {
              g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TOO_LARGE,
                           _("vMix's TCP API announced a document of %" G_GUINT64_FORMAT
                             " bytes, more than Onair reads."), count);
              g_free (line);
              return FALSE;
            }
          reader->payload_line = line;
          reader->payload_wanted = count;
          continue;
        }
      push (reader, line, NULL);
    }

  g_byte_array_remove_range (reader->buffer, 0, start);
  return TRUE;
}

/**
 * onair_tcp_reader_next:
 *
 * Returns: (transfer full) (nullable): the oldest whole message, %NULL when none is
 *   complete yet
 */
OnairTcpMessage *
onair_tcp_reader_next (OnairTcpReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return g_queue_pop_head (&reader->messages);
}
