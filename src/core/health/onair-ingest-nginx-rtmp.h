/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-ingest-source.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_INGEST_NGINX_RTMP (onair_ingest_nginx_rtmp_get_type ())
G_DECLARE_FINAL_TYPE (OnairIngestNginxRtmp, onair_ingest_nginx_rtmp, ONAIR, INGEST_NGINX_RTMP,
                      OnairIngestSource)

OnairIngestNginxRtmp *onair_ingest_nginx_rtmp_new   (const char  *id,
                                                     const char  *stats_url);
GPtrArray            *onair_ingest_nginx_rtmp_parse (GBytes      *body,
                                                     GError     **error);

G_END_DECLS
