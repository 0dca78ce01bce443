/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-witness-private.h"

G_BEGIN_DECLS

/*
 * OnairWitness is one chain file: its header, an in-memory index of its lines (a few dozen bytes
 * each, so a million entries fit comfortably; the JSON is read from the file on demand), and, when
 * writable, the lock and the head it appends after.
 *
 * Threads: the index, head and file descriptors are guarded by `mutex`, so appends, verification
 * and export can run in workers. The GListModel side belongs to the thread that opened the chain:
 * appends made elsewhere reach it through an idle in that thread's main context.
 */

struct _OnairWitness
{
  GObject             parent_instance;

  char               *path;
  char               *chain_id;
  char               *genesis_hash;
  char               *created;
  guint               format_version;
  gboolean            read_only;
  GMainContext       *context;
  GThread            *owner;
  int                 read_fd;

  /* Held by an append from start to end, and by close: appends are serialized and the
   * file descriptor outlives every write. canon, line and scanner belong to it. */
  GMutex              append_mutex;
  GMutex              mutex;
  /* guarded by mutex; readers (the list model, verify, export) hold it only briefly, never
   * across a write or an fsync */
  int                 lock_fd;
  int                 write_fd;
  gboolean            closed;
  GArray             *index;       /* OnairWitnessIndexEntry */
  guint64             size;        /* bytes of complete lines */
  guint64             torn_bytes;
  OnairWitnessAnchor  head;
  gboolean            head_known;
  /* The latest time the chain holds (its created time, every event's timestamp and
   * witness_timestamp), in ms since the epoch: no entry Onair appends is witnessed before it. */
  gint64              latest_ms;
  GString            *canon;
  GString            *line;
  OnairJsonScanner    scanner;

  /* owner thread */
  guint               n_visible;
  GPtrArray          *items;       /* OnairWitnessEntry, weak: cleared by their finalize */
  int                 sync_pending;

  GThreadPool        *writer;      /* one thread, so async appends keep their order */
};

/* The list model learns of entries appended by any thread (onair-witness.c). */
void          onair_witness_schedule_sync     (OnairWitness        *self);

/* Writing entries (onair-witness-append.c) */
void          onair_witness_build_entry_line  (GString             *line,
                                               GString             *scratch,
                                               gint64               seq,
                                               const char          *event_canonical,
                                               gsize                event_length,
                                               const char          *previous_hash,
                                               const char          *witness_timestamp,
                                               char                *hash_out);
gboolean      onair_witness_append_internal   (OnairWitness        *self,
                                               JsonObject          *event,
                                               const char          *witness_timestamp,
                                               const char          *unless_after,
                                               OnairWitnessAnchor  *head,
                                               GError             **error);

/* Torn tails of a writable chain (onair-witness-repair.c) */
gboolean      onair_witness_repair_torn_tail  (OnairWitness        *self,
                                               GError             **error);

G_END_DECLS
