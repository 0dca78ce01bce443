/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest line vMix's TCP API sends that Onair accepts (TALLY has a digit per input). */
#define ONAIR_TCP_READER_MAX_LINE 65536

typedef struct _OnairTcpReader OnairTcpReader;

/**
 * OnairTcpMessage:
 * @line: the reply or push line without its line end, e.g. "ACTS OK Input 3 1"
 * @payload: (nullable): for "XML <n>", the n bytes that followed, as sent
 */
typedef struct
{
  char   *line;
  GBytes *payload;
} OnairTcpMessage;

void             onair_tcp_message_free  (OnairTcpMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairTcpMessage, onair_tcp_message_free)

OnairTcpReader  *onair_tcp_reader_new    (gsize            max_payload);
void             onair_tcp_reader_free   (OnairTcpReader  *reader);
gboolean         onair_tcp_reader_feed   (OnairTcpReader  *reader,
                                          const guint8    *data,
                                          gsize            length,
                                          GError         **error);
OnairTcpMessage *onair_tcp_reader_next   (OnairTcpReader  *reader);
void             onair_tcp_reader_reset  (OnairTcpReader  *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairTcpReader, onair_tcp_reader_free)

G_END_DECLS
