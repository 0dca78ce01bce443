/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define ONAIR_HTTP_ERROR (onair_http_error_quark ())

/**
 * OnairHttpError:
 * @ONAIR_HTTP_ERROR_STATUS: the server answered with a status other than 2xx, a redirection
 *   (3xx, never followed) included; the status and headers are on the message
 * @ONAIR_HTTP_ERROR_ANNOUNCED_TOO_LARGE: the Content-Length is over the size cap; nothing
 *   was read
 * @ONAIR_HTTP_ERROR_TOO_LARGE: the body grew past the size cap; reading stopped there
 *
 * Internal: each caller maps these to its own error domain and message.
 */
typedef enum
{
  ONAIR_HTTP_ERROR_STATUS,
  ONAIR_HTTP_ERROR_ANNOUNCED_TOO_LARGE,
  ONAIR_HTTP_ERROR_TOO_LARGE,
} OnairHttpError;

typedef enum
{
  ONAIR_HTTP_FLAGS_NONE                   = 0,
  ONAIR_HTTP_FLAGS_ACCEPT_ANY_CERTIFICATE = 1 << 0,
} OnairHttpFlags;

GQuark  onair_http_error_quark (void);

void    onair_http_get_async   (SoupSession          *session,
                                GUri                 *uri,
                                const char           *authorization,
                                OnairHttpFlags        flags,
                                guint                 timeout_ms,
                                gsize                 max_size,
                                const char           *loggable,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
GBytes *onair_http_get_finish  (GAsyncResult         *result,
                                SoupMessage         **message,
                                gint64               *round_trip_us,
                                GError              **error);

G_END_DECLS
