/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-health-store.h"

G_BEGIN_DECLS

/* The store's insides: the object, its batching and its threads (onair-health-store.c), the
 * records' format (onair-health-store-format.c), the writing of a run's files
 * (onair-health-store-writer.c), and the folder: names, retention, reading back
 * (onair-health-store-file.c). */

#define ONAIR_HEALTH_FILE_MAGIC       "ONAIRHS\001"
#define ONAIR_HEALTH_FILE_MAGIC_LEN   8
#define ONAIR_HEALTH_FILE_SUFFIX      ".ohs"
#define ONAIR_HEALTH_FRAME_HEADER_LEN 8
#define ONAIR_HEALTH_MAX_FRAME_LEN    (64u * 1024 * 1024)
#define ONAIR_HEALTH_DAY_MS           G_GINT64_CONSTANT (86400000)

typedef struct
{
  const char *metric;    /* interned */
  gint64      time_ms;
  double      value;
} PendingSample;

/* What arrived since the last write, in arrival order. */
typedef struct
{
  GArray *samples;   /* PendingSample */
  GArray *events;    /* OnairHealthEvent */
  GArray *order;     /* guint8: 0 a sample, 1 an event, so that both keep their order */
} Batch;

Batch   *onair_health_batch_new      (void);
void     onair_health_batch_free     (Batch *batch);
gboolean onair_health_batch_is_empty (const Batch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, onair_health_batch_free)

guint32  onair_health_crc32          (const guint8 *data,
                                      gsize         length);

/* What a file's records are encoded against: its dictionary of metrics, each metric's
 * previous value, the previous record's time. */
typedef struct
{
  GHashTable *index;       /* interned metric id → index + 1 */
  GArray     *previous;    /* { known, value }, by index */
  gint64      last_time_ms;
} HealthEncoder;

void     onair_health_encoder_init   (HealthEncoder          *encoder);
void     onair_health_encoder_reset  (HealthEncoder          *encoder);
void     onair_health_encoder_clear  (HealthEncoder          *encoder);
void     onair_health_encoder_sample (HealthEncoder          *encoder,
                                      GByteArray             *out,
                                      const PendingSample    *sample);
void     onair_health_encoder_event  (HealthEncoder          *encoder,
                                      GByteArray             *out,
                                      const OnairHealthEvent *event);

/* Reading records back into a history. */
typedef struct
{
  OnairHealthHistory *history;
  gint64              oldest_ms;    /* what is older is left out */
  GPtrArray          *names;        /* char*, by index */
  GArray             *previous;     /* double, by index */
  gint64              last_time_ms;
  gint64              max_time_ms;  /* the run's last record */
} HealthDecoder;

void     onair_health_decoder_init    (HealthDecoder      *decoder,
                                       OnairHealthHistory *history,
                                       gint64              oldest_ms);
void     onair_health_decoder_reset   (HealthDecoder      *decoder);
void     onair_health_decoder_clear   (HealthDecoder      *decoder);
gboolean onair_health_decoder_payload (HealthDecoder      *decoder,
                                       const guint8       *data,
                                       gsize               length);

/* One run's files: used by one worker at a time (the store's tickets keep batches in
 * order). */
typedef struct _HealthWriter HealthWriter;

HealthWriter       *onair_health_writer_new          (const char        *directory,
                                                      const char        *run_id,
                                                      guint              retention_days);
HealthWriter       *onair_health_writer_ref          (HealthWriter      *writer);
void                onair_health_writer_unref        (HealthWriter      *writer);
void                onair_health_writer_set_retention_days (HealthWriter *writer,
                                                      guint              days);
guint64             onair_health_writer_issue_ticket (HealthWriter      *writer);
gboolean            onair_health_writer_write        (HealthWriter      *writer,
                                                      guint64            ticket,
                                                      const Batch       *batch,
                                                      GError           **error);
guint64             onair_health_writer_get_bytes_written (HealthWriter *writer);

char               *onair_health_store_new_run_id    (void);
void                onair_health_store_prune         (const char        *directory,
                                                      guint              retention_days,
                                                      gint64             now_ms,
                                                      const char        *keep_run_id);
OnairHealthHistory *onair_health_store_read          (const char        *directory,
                                                      const char        *skip_run_id,
                                                      guint              capacity,
                                                      gint64             oldest_ms,
                                                      GCancellable      *cancellable,
                                                      GError           **error);

G_END_DECLS
