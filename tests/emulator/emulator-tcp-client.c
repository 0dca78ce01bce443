/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "emulator-tcp-client.h"

#include <string.h>

#define WAIT_S 5

void
tcp_client_free (TcpClient *client)
{
  g_clear_object (&client->connection);
  g_byte_array_unref (client->in);
  g_byte_array_unref (client->all);
  g_array_unref (client->ends);
  g_clear_error (&client->error);
  g_free (client);
}

GSocketConnection *
tcp_client_try_connect (guint    port,
                        GError **error)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();

  /* The kernel completes the handshake: the emulator accepts once the loop runs. */
  return g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, error);
}

TcpClient *
tcp_client_connect (guint port)
{
  TcpClient *client = g_new0 (TcpClient, 1);
  g_autoptr(GError) error = NULL;

  client->connection = tcp_client_try_connect (port, &error);
  g_assert_no_error (error);
  client->socket = g_socket_connection_get_socket (client->connection);
  g_socket_set_blocking (client->socket, FALSE);
  client->in = g_byte_array_new ();
  client->all = g_byte_array_new ();
  client->ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  return client;
}

void
tcp_client_send (TcpClient  *client,
                 const char *text)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      data)
{
  return flag_cb (data);
}

/* Waits for the next bytes, running the emulator meanwhile. */
void
tcp_client_receive (TcpClient *client)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  g_assert_false (client->eof);
  g_assert_no_error (client->error);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSource) readable = NULL;
      g_autoptr(GSource) timeout = NULL;
      gboolean ready = FALSE;
      gboolean timed_out = FALSE;
      guint8 buffer[65536];
      gssize received;

      received = g_socket_receive (client->socket, (char *) buffer, sizeof buffer, NULL, &error);
      if (received > 0)
        {
          gsize end;

          g_byte_array_append (client->in, buffer, received);
          g_byte_array_append (client->all, buffer, received);
          end = client->all->len;
          g_array_append_val (client->ends, end);
          return;
        }
      if (received == 0)
        {
          client->eof = TRUE;
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          client->error = g_steal_pointer (&error);
          return;
        }

      if (g_get_monotonic_time () > deadline)
        g_error ("Nothing from the emulator within %d s", WAIT_S);

      readable = g_socket_create_source (client->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (readable, G_SOURCE_FUNC (readable_cb), &ready, NULL);
      g_source_attach (readable, NULL);
      timeout = g_timeout_source_new_seconds (WAIT_S);
      g_source_set_callback (timeout, flag_cb, &timed_out, NULL);
      g_source_attach (timeout, NULL);
      while (!ready && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_source_destroy (readable);
      g_source_destroy (timeout);
    }
}

char *
tcp_client_read_line (TcpClient *client)
{
  for (;;)
    {
      guint8 *lf = client->in->len > 0 ? memchr (client->in->data, '\n', client->in->len)
                                        : NULL;

      if (lf != NULL)
        {
          gsize length = lf - client->in->data;
          char *line;

          g_assert_cmpuint (length, >, 0);
          g_assert_cmpint (client->in->data[length - 1], ==, '\r');
          line = g_strndup ((const char *) client->in->data, length - 1);
          g_byte_array_remove_range (client->in, 0, length + 1);
          return line;
        }

      tcp_client_receive (client);
      if (client->eof || client->error != NULL)
        g_error ("Connection ended before a whole line (%u bytes waiting)", client->in->len);
    }
}

GBytes *
tcp_client_read_bytes (TcpClient *client,
                       gsize      length)
{
  GBytes *bytes;

  while (client->in->len < length)
    {
      tcp_client_receive (client);
      if (client->eof || client->error != NULL)
        g_error ("Connection ended %" G_GSIZE_FORMAT " bytes short",
                 length - client->in->len);
    }

  bytes = g_bytes_new (client->in->data, length);
  g_byte_array_remove_range (client->in, 0, length);

  return bytes;
}

void
tcp_client_expect (TcpClient  *client,
                   const char *expected)
{
  g_autofree char *line = tcp_client_read_line (client);

  g_assert_cmpstr (line, ==, expected);
}

void
tcp_client_request (TcpClient  *client,
                    const char *line,
                    const char *expected)
{
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);

  tcp_client_send (client, text);
  tcp_client_expect (client, expected);
}

void
tcp_client_expect_nothing_pushed (TcpClient *client)
{
  tcp_client_request (client, "PING", "PING OK PONG");
  g_assert_cmpuint (client->in->len, ==, 0);
}

