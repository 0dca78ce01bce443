/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TCP API's line reader: replies split anywhere, several in one read, documents counted
 * in UTF-8 bytes. */
#include "config.h"

#include <string.h>

#include "core/vmix/onair-tcp-reader.h"
#include "core/vmix/onair-vmix-error.h"

/* A document with a title in Japanese and an "é": more bytes than characters. */
#define DOCUMENT "<vmix><inputs><input title=\"Caméra 東京\">x</input></inputs></vmix>\r\n"

static char *
stream_text (void)
{
  return g_strdup_printf ("VERSION OK 28.0.0.39\r\n"
                          "SUBSCRIBE OK ACTS\r\n"
                          "ACTS OK Input 3 1\n"
                          "XML %zu\r\n%s"
                          "ACTS OK Streaming 1\r\n"
                          "XML ER not now\r\n"
                          "PING OK PONG\r\n",
                          strlen (DOCUMENT), DOCUMENT);
}

static void
check_messages (OnairTcpReader *reader)
{
  const char *lines[] = { "VERSION OK 28.0.0.39", "SUBSCRIBE OK ACTS", "ACTS OK Input 3 1",
                          "XML", "ACTS OK Streaming 1", "XML ER not now", "PING OK PONG" };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(OnairTcpMessage) message = onair_tcp_reader_next (reader);

      g_assert_nonnull (message);
      if (g_str_equal (lines[i], "XML"))
        {
          gsize size;
          const char *data;

          g_assert_true (g_str_has_prefix (message->line, "XML "));
          g_assert_nonnull (message->payload);
          data = g_bytes_get_data (message->payload, &size);
          g_assert_cmpmem (data, size, DOCUMENT, strlen (DOCUMENT));
          g_assert_cmpuint (size, >, (gsize) g_utf8_strlen (DOCUMENT, -1));
        }
      else
        {
          g_assert_cmpstr (message->line, ==, lines[i]);
          g_assert_null (message->payload);
        }
    }
  g_assert_null (onair_tcp_reader_next (reader));
}

/* All at once, then split at every byte boundary, then byte by byte. */
static void
test_split_anywhere (void)
{
  g_autofree char *text = stream_text ();
  gsize length = strlen (text);

  {
    g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1 << 20);

    g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) text, length, NULL));
    check_messages (reader);
  }
  for (gsize cut = 1; cut < length; cut++)
    {
      g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1 << 20);

      g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) text, cut, NULL));
      g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) text + cut, length - cut, NULL));
      check_messages (reader);
    }
  {
    g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1 << 20);

    for (gsize i = 0; i < length; i++)
      g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) text + i, 1, NULL));
    check_messages (reader);
  }
}

/* A message is only handed out once whole; the rest waits. */
static void
test_incomplete (void)
{
  g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1 << 20);
  const char *partial = "XML 10\r\n12345";
  g_autoptr(OnairTcpMessage) message = NULL;

  g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) partial, strlen (partial), NULL));
  g_assert_null (onair_tcp_reader_next (reader));
  g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) "678\r\nACTS", 9, NULL));
  message = onair_tcp_reader_next (reader);
  g_assert_nonnull (message);
  g_assert_cmpmem (g_bytes_get_data (message->payload, NULL), 10, "12345678\r\n", 10);
  g_assert_null (onair_tcp_reader_next (reader));

  /* Reset: a new connection starts clean. */
  onair_tcp_reader_reset (reader);
  g_assert_true (onair_tcp_reader_feed (reader, (const guint8 *) " OK Input 1 1\r\n", 15, NULL));
  g_clear_pointer (&message, onair_tcp_message_free);
  message = onair_tcp_reader_next (reader);
  g_assert_cmpstr (message->line, ==, " OK Input 1 1");
}

/* What cannot be vMix: a line without end beyond the limit, a document beyond the
 * reader's limit. */
static void
test_limits (void)
{
  g_autoptr(OnairTcpReader) reader = onair_tcp_reader_new (1000);
  g_autoptr(OnairTcpReader) lines = onair_tcp_reader_new (1000);
  g_autofree char *long_line = g_strnfill (ONAIR_TCP_READER_MAX_LINE + 1, 'a');
  g_autoptr(GError) error = NULL;

  g_assert_false (onair_tcp_reader_feed (reader, (const guint8 *) "XML 1001\r\n", 10, &error));
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (onair_tcp_reader_feed (lines, (const guint8 *) long_line, strlen (long_line),
                                         &error));
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/tcp-reader/split-anywhere", test_split_anywhere);
  g_test_add_func ("/onair/tcp-reader/incomplete", test_incomplete);
  g_test_add_func ("/onair/tcp-reader/limits", test_limits);

  return g_test_run ();
}
