/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A raw-socket client of the emulator's TCP API, for its tests: it reads bytes as they
 * come and splits lines itself, so a test sees exactly what was sent and in how many
 * pieces. The emulator runs in the same thread: while waiting, the client iterates the
 * thread-default main context, for at most a few seconds. */

typedef struct
{
  GSocketConnection *connection;
  GSocket           *socket;
  GByteArray        *in;     /* received, not read yet */
  GByteArray        *all;    /* everything received */
  GArray            *ends;   /* gsize: the offset in @all where each receive ended */
  gboolean           eof;
  GError            *error;
} TcpClient;

GSocketConnection *tcp_client_try_connect   (guint       port,
                                             GError    **error);
TcpClient         *tcp_client_connect       (guint       port);
void               tcp_client_free          (TcpClient  *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcpClient, tcp_client_free)

void               tcp_client_send          (TcpClient  *client,
                                             const char *text);
/* One receive's worth of bytes, or the end of the connection (eof or error). */
void               tcp_client_receive       (TcpClient  *client);
/* The next line, which must end in CRLF, without it. */
char              *tcp_client_read_line     (TcpClient  *client);
GBytes            *tcp_client_read_bytes    (TcpClient  *client,
                                             gsize       length);
void               tcp_client_expect        (TcpClient  *client,
                                             const char *expected);
/* Sends @line with CRLF and expects @expected as the next line. */
void               tcp_client_request       (TcpClient  *client,
                                             const char *line,
                                             const char *expected);
/* Nothing was pushed: the next line is the answer to a PING sent now. */
void               tcp_client_expect_nothing_pushed (TcpClient *client);

G_END_DECLS
