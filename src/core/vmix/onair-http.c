/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-http-private.h"

#define READ_CHUNK (64 * 1024)

G_DEFINE_QUARK (onair-http-error-quark, onair_http_error)

/* The body buffer of a session's last answer, kept for its next one: a poll every 250 ms
 * of a document of a few hundred kilobytes would otherwise allocate and free that much
 * each time, and glibc hands such blocks back to the kernel and asks for them again (page
 * faults, and other cores interrupted to flush their TLBs), which costs more than reading
 * and parsing the document. Shared by the session and the answers still in use, which may
 * be freed in a worker thread (large documents are parsed there). */
typedef struct
{
  GMutex      lock;
  GByteArray *spare;
} BodyPool;

typedef struct
{
  BodyPool   *pool;
  GByteArray *body;
} PooledBody;

static void
body_pool_clear (BodyPool *pool)
{
  g_mutex_clear (&pool->lock);
  g_clear_pointer (&pool->spare, g_byte_array_unref);
}

static void
body_pool_release (BodyPool *pool)
{
  g_atomic_rc_box_release_full (pool, (GDestroyNotify) body_pool_clear);
}

static BodyPool *
body_pool_for_session (SoupSession *session)
{
  BodyPool *pool = g_object_get_data (G_OBJECT (session), "onair-http-body-pool");

  if (pool == NULL)
    {
      pool = g_atomic_rc_box_new0 (BodyPool);
      g_mutex_init (&pool->lock);
      g_object_set_data_full (G_OBJECT (session), "onair-http-body-pool", pool,
                              (GDestroyNotify) body_pool_release);
    }
  return g_atomic_rc_box_acquire (pool);
}

static GByteArray *
body_pool_take (BodyPool *pool,
                gsize     size)
{
  GByteArray *body;

  g_mutex_lock (&pool->lock);
  body = g_steal_pointer (&pool->spare);
  g_mutex_unlock (&pool->lock);
  if (body == NULL)
    return g_byte_array_sized_new ((guint) size);
  g_byte_array_set_size (body, 0);
  return body;
}

static void
pooled_body_free (PooledBody *pooled)
{
  g_mutex_lock (&pooled->pool->lock);
  if (pooled->pool->spare == NULL)
    pooled->pool->spare = g_steal_pointer (&pooled->body);
  g_mutex_unlock (&pooled->pool->lock);
  g_clear_pointer (&pooled->body, g_byte_array_unref);
  body_pool_release (pooled->pool);
  g_free (pooled);
}

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  BodyPool     *pool;
  GByteArray   *body;
  GCancellable *request_cancellable;   /* cancelled by the caller or by the deadline */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      timed_out;
  gint64        started_us;
  gint64        round_trip_us;
  gsize         max_size;
  guint         timeout_ms;
} Request;

static void
request_free (Request *request)
{
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->request_cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->pool, body_pool_release);
  g_free (request);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->request_cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/* The messages of this file's errors are never shown: callers replace them with their
 * own, translated ones. */
static void
return_transport_error (GTask  *task,
                        GError *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The deadline fails the request by cancelling it; report that as a timeout. */
  if (request->timed_out)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                             "No answer within %.1f seconds", request->timeout_ms / 1000.0);
  else
    g_task_return_error (task, g_steal_pointer (&owned));
}

static void
body_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  PooledBody *pooled;
  GBytes *bytes;

  request->round_trip_us = g_get_monotonic_time () - request->started_us;
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_clear_pointer (&request->deadline, g_source_unref);
    }

  /* At the end of the body, closing waits for nothing: it hands the connection back for
   * the next request at once, where an asynchronous close would take another turn of the
   * main loop (and an unclosed stream is closed the same way when it is freed). */
  g_input_stream_close (request->stream, NULL, NULL);

  pooled = g_new0 (PooledBody, 1);
  pooled->pool = g_atomic_rc_box_acquire (request->pool);
  pooled->body = g_steal_pointer (&request->body);
  bytes = g_bytes_new_with_free_func (pooled->body->data, pooled->body->len,
                                      (GDestroyNotify) pooled_body_free, pooled);
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Makes room for READ_CHUNK more bytes at the end of the body: the next read goes straight
 * into it, with no buffer per chunk. */
static guint8 *
body_free_space (Request *request)
{
  guint used = request->body->len;

  g_byte_array_set_size (request->body, used + READ_CHUNK);
  request->body->len = used;
  return request->body->data + used;
}

/* Counts @n_read more bytes of the body: FALSE, with the task returned, past the cap. */
static gboolean
body_grew (GTask *task,
           gsize  n_read)
{
  Request *request = g_task_get_task_data (task);

  /* Stop at the cap rather than hold an answer of any size in memory. */
  if (request->body->len + n_read > request->max_size)
    {
      g_cancellable_cancel (request->request_cancellable);
      g_task_return_new_error (task, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_TOO_LARGE,
                               "The answer is larger than %" G_GSIZE_FORMAT " bytes",
                               request->max_size);
      return FALSE;
    }
  request->body->len += (guint) n_read;
  return TRUE;
}

static void read_async (GTask *task);

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data);

/* Reads what the connection has of the body without waiting, then waits once for more:
 * a body that has arrived whole costs no turn of the main loop, where an asynchronous read
 * per chunk would cost one each, end of the body included. */
static void
read_available (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (request->stream);

  for (;;)
    {
      GError *error = NULL;
      gssize n_read;

      n_read = g_pollable_input_stream_read_nonblocking (pollable, body_free_space (request),
                                                         READ_CHUNK,
                                                         request->request_cancellable,
                                                         &error);
      if (n_read < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          GSource *source = g_pollable_input_stream_create_source (pollable,
                                                                   request->request_cancellable);

          g_error_free (error);
          g_source_set_callback (source, G_SOURCE_FUNC (readable_cb), g_object_ref (task),
                                 g_object_unref);
          g_source_set_static_name (source, "[onair] http body");
          g_source_attach (source, g_task_get_context (task));
          g_source_unref (source);
          return;
        }
      if (n_read < 0)
        {
          return_transport_error (task, error);
          return;
        }
      if (n_read == 0)
        {
          body_complete (task);
          return;
        }
      if (!body_grew (task, (gsize) n_read))
        return;
    }
}

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  read_available (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

/* For a body stream that cannot be polled: one asynchronous read per chunk. */
static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    return_transport_error (task, error);
  else if (n_read == 0)
    body_complete (task);
  else if (body_grew (task, (gsize) n_read))
    read_async (task);
}

static void
read_async (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_async (request->stream, body_free_space (request), READ_CHUNK,
                             G_PRIORITY_DEFAULT, request->request_cancellable, read_cb,
                             g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  status = soup_message_get_status (request->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_STATUS,
                               "HTTP status %u (%s)", status, soup_status_get_phrase (status));
      return;
    }

  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (request->message));
  if (length > 0 && (guint64) length > request->max_size)
    {
      g_task_return_new_error (task, ONAIR_HTTP_ERROR, ONAIR_HTTP_ERROR_ANNOUNCED_TOO_LARGE,
                               "The answer announces %" G_GOFFSET_FORMAT " bytes, more than "
                               "%" G_GSIZE_FORMAT,
                               length, request->max_size);
      return;
    }

  request->body = body_pool_take (request->pool, length > 0 ? (gsize) length : READ_CHUNK);
  if (G_IS_POLLABLE_INPUT_STREAM (request->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (request->stream)))
    read_available (task);
  else
    read_async (task);
}

/**
 * onair_http_get_async:
 * @session: the session to send on
 * @uri: what to get, without user info
 * @authorization: (nullable): an Authorization header value; never logged
 * @flags: #ONAIR_HTTP_FLAGS_ACCEPT_ANY_CERTIFICATE to trust any TLS certificate
 * @timeout_ms: the deadline for the whole answer, body included
 * @max_size: the largest body accepted; reading stops as soon as it is passed
 * @loggable: @uri as it may be logged: secrets already redacted
 * @cancellable: (nullable): cancels the request
 *
 * GETs @uri and reads its body into memory, bounded by @timeout_ms and @max_size. Redirects
 * are not followed: a 3xx answer is an %ONAIR_HTTP_ERROR_STATUS error.
 */
void
onair_http_get_async (SoupSession          *session,
                      GUri                 *uri,
                      const char           *authorization,
                      OnairHttpFlags        flags,
                      guint                 timeout_ms,
                      gsize                 max_size,
                      const char           *loggable,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (loggable != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_http_get_async);

  request = g_new0 (Request, 1);
  request->pool = body_pool_for_session (session);
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  /* Neither vMix nor an ingest server's statistics page redirects: following one would take
   * another host's answer for the one asked. The caller sees the 3xx status instead. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  request->max_size = max_size;
  request->timeout_ms = timeout_ms;
  request->request_cancellable = g_cancellable_new ();
  request->started_us = g_get_monotonic_time ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (request->request_cancellable),
                                                       g_object_unref);
    }

  request->deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_set_static_name (request->deadline, "[onair] http request deadline");
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                  "Authorization", authorization);
  if (flags & ONAIR_HTTP_FLAGS_ACCEPT_ANY_CERTIFICATE)
    g_signal_connect (request->message, "accept-certificate",
                      G_CALLBACK (accept_certificate_cb), NULL);

  /* Formatted only when debug messages are shown: this runs at every poll. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    g_debug ("GET %s", loggable);

  soup_session_send_async (session, request->message, G_PRIORITY_DEFAULT,
                           request->request_cancellable, send_cb, g_steal_pointer (&task));
}

/**
 * onair_http_get_finish:
 * @message: (out) (optional) (transfer full): the message, for its URI, status and
 *   response headers; set on errors too
 * @round_trip_us: (out) (optional): time from sending to the last byte of the body, 0 on
 *   error
 * @error: %G_IO_ERROR_CANCELLED when @cancellable was cancelled, %G_IO_ERROR_TIMED_OUT
 *   when the deadline passed, an #OnairHttpError, or the transport's error
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
onair_http_get_finish (GAsyncResult  *result,
                       SoupMessage  **message,
                       gint64        *round_trip_us,
                       GError       **error)
{
  Request *request;
  GBytes *body;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, onair_http_get_async), NULL);

  request = g_task_get_task_data (G_TASK (result));
  body = g_task_propagate_pointer (G_TASK (result), error);
  if (message != NULL)
    *message = g_object_ref (request->message);
  if (round_trip_us != NULL)
    *round_trip_us = body != NULL ? request->round_trip_us : 0;
  return body;
}
