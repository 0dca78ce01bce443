/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ONAIR_DESTINATION_ERROR (onair_destination_error_quark ())

/**
 * OnairDestinationError:
 * @ONAIR_DESTINATION_ERROR_INVALID_URL: the text is not a URL
 * @ONAIR_DESTINATION_ERROR_SCHEME: the URL's scheme is not allowed here
 * @ONAIR_DESTINATION_ERROR_NO_HOST: the URL names no server
 * @ONAIR_DESTINATION_ERROR_PORT: the port is outside 1–65535
 * @ONAIR_DESTINATION_ERROR_USER_INFO: the URL carries a user name or password
 * @ONAIR_DESTINATION_ERROR_MISSING_NAME: the destination has no name
 * @ONAIR_DESTINATION_ERROR_INVALID_DATA: stored destination data cannot be read
 * @ONAIR_DESTINATION_ERROR_INVALID_PRESET: preset data cannot be read
 * @ONAIR_DESTINATION_ERROR_KEY_IN_URL: the server URL carries what looks like a stream key
 *
 * Errors about destinations, their URLs and the platform presets.
 * Messages are translated and say what to do; they never contain a key.
 */
typedef enum
{
  ONAIR_DESTINATION_ERROR_INVALID_URL,
  ONAIR_DESTINATION_ERROR_SCHEME,
  ONAIR_DESTINATION_ERROR_NO_HOST,
  ONAIR_DESTINATION_ERROR_PORT,
  ONAIR_DESTINATION_ERROR_USER_INFO,
  ONAIR_DESTINATION_ERROR_MISSING_NAME,
  ONAIR_DESTINATION_ERROR_INVALID_DATA,
  ONAIR_DESTINATION_ERROR_INVALID_PRESET,
  ONAIR_DESTINATION_ERROR_KEY_IN_URL,
} OnairDestinationError;

GQuark onair_destination_error_quark (void);

/**
 * OnairUrlKind:
 * @ONAIR_URL_KIND_RTMP: an RTMP destination: `rtmp://` or `rtmps://`
 * @ONAIR_URL_KIND_SRT: an SRT profile address: `srt://`
 * @ONAIR_URL_KIND_INGEST_STATS: an ingest-stats page: `http://` or `https://`
 *
 * What a URL is for, which decides the schemes it may use.
 */
typedef enum
{
  ONAIR_URL_KIND_RTMP,
  ONAIR_URL_KIND_SRT,
  ONAIR_URL_KIND_INGEST_STATS,
} OnairUrlKind;

/**
 * OnairUrlWarnings:
 * @ONAIR_URL_WARNING_NONE: nothing to say
 * @ONAIR_URL_WARNING_KEY_IN_URL: the URL seems to contain a stream key or
 *   passphrase (a random-looking last path segment, or a secret query
 *   parameter); keys belong in the key field, which goes to the keyring
 *
 * Things worth telling the producer about a URL that is nevertheless valid.
 */
typedef enum /*< flags >*/
{
  ONAIR_URL_WARNING_NONE       = 0,
  ONAIR_URL_WARNING_KEY_IN_URL = 1 << 0,
} OnairUrlWarnings;

gboolean    onair_url_validate             (const char        *url,
                                            OnairUrlKind       kind,
                                            OnairUrlWarnings  *out_warnings,
                                            GError           **error);
const char *onair_url_warnings_to_string   (OnairUrlWarnings   warnings);
gboolean    onair_url_segment_looks_like_key (const char      *segment);

G_END_DECLS
