/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-ingest-stream-private.h"

/* A stream as an ingest server reports it, and the rates measured from its counters over
 * successive fetches. */

/* One reading of a stream's counters. */
typedef struct
{
  gint64 time_ms;
  gint64 bytes;
  gint64 frames;
} Observation;

G_DEFINE_BOXED_TYPE (OnairIngestStream, onair_ingest_stream,
                     onair_ingest_stream_copy, onair_ingest_stream_free)

/**
 * onair_ingest_stream_new:
 *
 * Returns: (transfer full): a stream with every field "not reported"
 */
OnairIngestStream *
onair_ingest_stream_new (void)
{
  OnairIngestStream *stream = g_new0 (OnairIngestStream, 1);

  stream->time_ms = -1;
  stream->bytes_in = -1;
  stream->bw_in_kbps = NAN;
  stream->meta_fps = NAN;
  stream->frames = -1;
  stream->frames_dropped = -1;
  stream->bitrate_kbps = NAN;
  stream->fps = NAN;
  return stream;
}

OnairIngestStream *
onair_ingest_stream_copy (const OnairIngestStream *stream)
{
  OnairIngestStream *copy;

  g_return_val_if_fail (stream != NULL, NULL);

  copy = g_memdup2 (stream, sizeof *stream);
  copy->application = g_strdup (stream->application);
  copy->name = g_strdup (stream->name);
  copy->key_fingerprint = g_strdup (stream->key_fingerprint);
  copy->video_codec = g_strdup (stream->video_codec);
  return copy;
}

void
onair_ingest_stream_free (OnairIngestStream *stream)
{
  if (stream == NULL)
    return;
  g_free (stream->application);
  g_free (stream->name);
  g_free (stream->key_fingerprint);
  g_free (stream->video_codec);
  g_free (stream);
}

/* Rates */

static char *
stream_key (const OnairIngestStream *stream)
{
  return g_strdup_printf ("%s\n%s", stream->application ? stream->application : "",
                          stream->name ? stream->name : "");
}

/**
 * onair_ingest_observations_new:
 *
 * Returns: (transfer full): what onair_ingest_streams_measure_rates() remembers between
 *   fetches: "application\nname" → GArray of observations
 */
GHashTable *
onair_ingest_observations_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

/* Measures the bitrate and frame rate of @streams from the counters' change over the rate
 * window, against the @observations of earlier fetches. The server's own stream clock is
 * used when it reports one, so that our polling jitter does not enter the rate. */
void
onair_ingest_streams_measure_rates (GHashTable *observations,
                                    GPtrArray  *streams,
                                    gint64      local_ms,
                                    guint       rate_window_ms)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < streams->len; i++)
    {
      OnairIngestStream *stream = g_ptr_array_index (streams, i);
      g_autofree char *key = stream_key (stream);
      GArray *history = g_hash_table_lookup (observations, key);
      Observation now = {
        .time_ms = stream->time_ms >= 0 ? stream->time_ms : local_ms,
        .bytes = stream->bytes_in,
        .frames = stream->frames,
      };

      if (stream->name != NULL && stream->key_fingerprint == NULL)
        stream->key_fingerprint = onair_key_fingerprint (stream->name);

      if (history == NULL)
        {
          history = g_array_new (FALSE, FALSE, sizeof (Observation));
          g_hash_table_insert (observations, g_strdup (key), history);
        }
      g_hash_table_add (seen, g_steal_pointer (&key));

      if (history->len > 0)
        {
          Observation *last = &g_array_index (history, Observation, history->len - 1);

          /* A counter or clock going back is a new stream under the same name. */
          if (now.time_ms < last->time_ms || now.bytes < last->bytes ||
              now.frames < last->frames)
            g_array_set_size (history, 0);
          else if (now.time_ms == last->time_ms)
            g_array_set_size (history, history->len - 1);
        }
      g_array_append_val (history, now);

      /* Keep one observation at or before the window's start, so the span is the window. */
      while (history->len > 2 &&
             g_array_index (history, Observation, 1).time_ms <= now.time_ms - (gint64) rate_window_ms)
        g_array_remove_index (history, 0);

      if (history->len >= 2)
        {
          Observation *first = &g_array_index (history, Observation, 0);
          gint64 span_ms = now.time_ms - first->time_ms;

          if (span_ms > 0 && now.bytes >= 0 && first->bytes >= 0)
            stream->bitrate_kbps = (double) (now.bytes - first->bytes) * 8.0 / (double) span_ms;
          if (span_ms > 0 && now.frames >= 0 && first->frames >= 0)
            stream->fps = (double) (now.frames - first->frames) * 1000.0 / (double) span_ms;
        }
    }

  /* Forget streams that ended. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, observations);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (seen, key))
        g_hash_table_iter_remove (&iter);
  }
}
