/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-ingest-source.h"

G_BEGIN_DECLS

/* What OnairIngestSource measures from the streams of successive fetches
 * (onair-ingest-stream.c). */

GHashTable *onair_ingest_observations_new      (void);
void        onair_ingest_streams_measure_rates (GHashTable *observations,
                                                GPtrArray  *streams,
                                                gint64      local_ms,
                                                guint       rate_window_ms);

G_END_DECLS
