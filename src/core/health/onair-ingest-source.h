/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-destination.h"

G_BEGIN_DECLS

#define ONAIR_INGEST_ERROR (onair_ingest_error_quark ())

/**
 * OnairIngestError:
 * @ONAIR_INGEST_ERROR_INVALID_URL: the statistics address is not an http(s) URL
 * @ONAIR_INGEST_ERROR_CONNECTION: the server could not be reached
 * @ONAIR_INGEST_ERROR_TIMEOUT: the server did not answer in time
 * @ONAIR_INGEST_ERROR_HTTP_STATUS: the server answered with an HTTP error
 * @ONAIR_INGEST_ERROR_TOO_LARGE: the statistics page is larger than Onair accepts
 * @ONAIR_INGEST_ERROR_PARSE: the page is not the statistics format expected
 *
 * Errors reading an ingest server's statistics. Messages are translated.
 */
typedef enum
{
  ONAIR_INGEST_ERROR_INVALID_URL,
  ONAIR_INGEST_ERROR_CONNECTION,
  ONAIR_INGEST_ERROR_TIMEOUT,
  ONAIR_INGEST_ERROR_HTTP_STATUS,
  ONAIR_INGEST_ERROR_TOO_LARGE,
  ONAIR_INGEST_ERROR_PARSE,
} OnairIngestError;

GQuark onair_ingest_error_quark (void);

#define ONAIR_INGEST_SOURCE_DEFAULT_INTERVAL_MS    1000
#define ONAIR_INGEST_SOURCE_MIN_INTERVAL_MS         250
#define ONAIR_INGEST_SOURCE_DEFAULT_TIMEOUT_MS     5000
#define ONAIR_INGEST_SOURCE_DEFAULT_MAX_SIZE       (2 * 1024 * 1024)
#define ONAIR_INGEST_SOURCE_DEFAULT_RATE_WINDOW_MS 5000

/**
 * OnairIngestStream:
 * @application: the server's application (nginx-rtmp) or path prefix, may be %NULL
 * @name: the stream's name. With most servers this **is the stream key**: never show it,
 *   log it or put it in an event; use @key_fingerprint instead
 * @key_fingerprint: onair_key_fingerprint() of @name, to match a destination's key
 * @publishing: whether an encoder is publishing to it
 * @time_ms: how long the stream has existed per the server, -1 when not reported
 * @bytes_in: bytes received so far, -1 when not reported
 * @bw_in_kbps: the incoming bandwidth the server reports (kbit/s), NaN when not reported
 * @meta_fps: the frame rate the encoder declared in its metadata, NaN when not reported
 * @width: video width from the metadata, 0 when not reported
 * @height: video height from the metadata, 0 when not reported
 * @video_codec: e.g. "H264", %NULL when not reported
 * @frames: video frames received so far, -1 when not reported
 * @frames_dropped: frames the server counted as lost, -1 when not reported
 * @bitrate_kbps: measured by Onair: bytes received over the rate window (kbit/s), NaN until
 *   two observations
 * @fps: measured by Onair: frames received over the rate window, NaN when frames are not
 *   reported
 *
 * One stream as an ingest server reports it. The raw fields are the server's; the measured
 * ones come from two or more observations of its counters.
 */
typedef struct
{
  char     *application;
  char     *name;
  char     *key_fingerprint;
  gboolean  publishing;
  gint64    time_ms;
  gint64    bytes_in;
  double    bw_in_kbps;
  double    meta_fps;
  guint     width;
  guint     height;
  char     *video_codec;
  gint64    frames;
  gint64    frames_dropped;
  double    bitrate_kbps;
  double    fps;
} OnairIngestStream;

#define ONAIR_TYPE_INGEST_STREAM (onair_ingest_stream_get_type ())
GType              onair_ingest_stream_get_type (void) G_GNUC_CONST;
OnairIngestStream *onair_ingest_stream_new      (void);
OnairIngestStream *onair_ingest_stream_copy     (const OnairIngestStream *stream);
void               onair_ingest_stream_free     (OnairIngestStream       *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairIngestStream, onair_ingest_stream_free)

#define ONAIR_TYPE_INGEST_SOURCE (onair_ingest_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (OnairIngestSource, onair_ingest_source, ONAIR, INGEST_SOURCE, GObject)

/**
 * OnairIngestSourceClass:
 * @parse: turns one statistics document into #OnairIngestStream<!-- -->s with the raw
 *   fields filled; the base class fetches the document and measures the rates. Runs in
 *   the main context; documents are capped in size.
 *
 * One ingest-server kind (nginx-rtmp, MediaMTX, SRS…) per subclass, each in its own file.
 */
struct _OnairIngestSourceClass
{
  GObjectClass parent_class;

  GPtrArray *(*parse) (OnairIngestSource  *self,
                       GBytes             *body,
                       GError            **error);

  /*< private >*/
  gpointer padding[8];
};

OnairIngestSource       *onair_ingest_source_new_for_destination (OnairDestination     *destination,
                                                                  GError              **error);

const char              *onair_ingest_source_get_id              (OnairIngestSource    *self);
const char              *onair_ingest_source_get_url             (OnairIngestSource    *self);
void                     onair_ingest_source_set_stream_match    (OnairIngestSource    *self,
                                                                  const char           *application,
                                                                  const char           *name,
                                                                  const char           *key_fingerprint);
guint                    onair_ingest_source_get_interval_ms     (OnairIngestSource    *self);
void                     onair_ingest_source_set_interval_ms     (OnairIngestSource    *self,
                                                                  guint                 interval_ms);
void                     onair_ingest_source_set_timeout_ms      (OnairIngestSource    *self,
                                                                  guint                 timeout_ms);
void                     onair_ingest_source_set_max_size        (OnairIngestSource    *self,
                                                                  gsize                 max_bytes);
void                     onair_ingest_source_set_rate_window_ms  (OnairIngestSource    *self,
                                                                  guint                 window_ms);

void                     onair_ingest_source_start               (OnairIngestSource    *self);
void                     onair_ingest_source_stop                (OnairIngestSource    *self);
gboolean                 onair_ingest_source_is_running          (OnairIngestSource    *self);

void                     onair_ingest_source_fetch_async         (OnairIngestSource    *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray               *onair_ingest_source_fetch_finish        (OnairIngestSource    *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

GPtrArray               *onair_ingest_source_get_streams         (OnairIngestSource    *self);
const OnairIngestStream *onair_ingest_source_get_stream          (OnairIngestSource    *self);
const OnairIngestStream *onair_ingest_source_find_stream         (OnairIngestSource    *self,
                                                                  GPtrArray            *streams);

G_END_DECLS
