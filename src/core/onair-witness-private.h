/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "onair-witness.h"
#include "onair-witness-json-private.h"

G_BEGIN_DECLS

#define ONAIR_WITNESS_FORMAT         "onair-witness/1"
#define ONAIR_WITNESS_EXPORT_FORMAT  "onair-witness-export/1"
#define ONAIR_WITNESS_GENESIS_PREFIX "onair-witness-genesis:"
#define ONAIR_WITNESS_HASH_LENGTH    64

/* What the chain keeps in memory per entry: enough for a list view, sorting and filtering
 * without reading the file; the rest is read on demand. */
typedef struct {
  guint64     offset;        /* of the line in the file */
  const char *event_type;    /* interned, NULL when unreadable */
  gint64      seq;           /* -1 when unreadable */
  gint64      timestamp_ms;  /* event timestamp (else witness_timestamp), G_MININT64 unknown */
  guint32     length;        /* of the line, without its newline */
  guint32     hash_prefix;   /* first 8 hex digits of current_hash */
  guint8      result;        /* OnairWitnessResult */
  guint8      readable;      /* the line is a JSON object with a seq */
} OnairWitnessIndexEntry;

void     onair_witness_index_parsed         (OnairJsonScanner       *scanner,
                                             GString                *scratch,
                                             guint64                 offset,
                                             gsize                   length,
                                             OnairWitnessIndexEntry *entry);
void     onair_witness_index_line           (OnairJsonScanner       *scanner,
                                             const char             *line,
                                             gsize                   length,
                                             guint64                 offset,
                                             OnairWitnessIndexEntry *entry);

/* Buffered reading of a file by lines, with a limit so that a snapshot of a growing file can be
 * read while it is appended to. */
typedef struct {
  int      fd;
  char    *buf;
  gsize    alloc;
  gsize    start;       /* first unconsumed byte in buf */
  gsize    end;         /* bytes valid in buf */
  guint64  buf_offset;  /* file offset of buf[0] */
  guint64  limit;       /* never read past this file offset */
  guint64  consumed;    /* file offset after the last line returned */
  gboolean eof;
} OnairLineReader;

void     onair_line_reader_init             (OnairLineReader        *reader,
                                             int                     fd,
                                             guint64                 limit);
void     onair_line_reader_clear            (OnairLineReader        *reader);
int      onair_line_reader_next             (OnairLineReader        *reader,
                                             const char            **line,
                                             gsize                  *length,
                                             guint64                *offset,
                                             GError                **error);
guint64  onair_line_reader_tail_length      (OnairLineReader        *reader);

/* Hashing */
void     onair_witness_hex                  (const guint8           *digest,
                                             char                   *out);
void     onair_witness_genesis_hash_hex     (const char             *chain_id,
                                             gsize                   length,
                                             char                   *out);
gboolean onair_witness_is_hash              (const char             *str,
                                             gsize                   length);

/* Timestamps */
gboolean onair_witness_parse_timestamp_len  (const char             *text,
                                             gsize                   length,
                                             gint64                 *unix_ms);

/* Files */
gboolean onair_witness_write_all            (int                     fd,
                                             const char             *data,
                                             gsize                   length,
                                             GError                **error);
gboolean onair_witness_fsync_dir            (const char             *path,
                                             GError                **error);
void     onair_witness_set_io_error         (GError                **error,
                                             int                     saved_errno,
                                             const char             *path,
                                             const char             *what);

/* Progress marshalled to the caller's main context */
typedef struct _OnairWitnessProgress OnairWitnessProgress;

OnairWitnessProgress *onair_witness_progress_new    (OnairWitnessProgressFunc  func,
                                                     gpointer                  data,
                                                     GDestroyNotify            destroy,
                                                     GMainContext             *context);
void                  onair_witness_progress_report (OnairWitnessProgress     *progress,
                                                     guint64                   done,
                                                     guint64                   total);
void                  onair_witness_progress_unref  (OnairWitnessProgress     *progress);

/* Checks entries one after the other, as a chain (links) or one by one (filtered export). */
typedef struct {
  GString          *canon;
  GString          *scratch;
  gnutls_hash_hd_t  hash;
  gboolean          links;
  gint64            expected_seq;     /* links: the seq the next entry must have */
  char              expected_prev[65];
  gboolean          have_last;
  gint64            last_seq;
  char              last_hash[65];    /* current_hash of the last entry that passed */
} OnairWitnessChecker;

void              onair_witness_checker_init  (OnairWitnessChecker *checker,
                                               gboolean             links,
                                               const char          *genesis_hash);
void              onair_witness_checker_clear (OnairWitnessChecker *checker);
OnairWitnessFault onair_witness_checker_check (OnairWitnessChecker *checker,
                                               OnairJsonScanner    *scanner,
                                               guint32              entry,
                                               OnairJsonStatus      parse_status,
                                               gint64              *broken_at,
                                               char               **reason);

/* Verification engine */
OnairWitnessVerification *onair_witness_verification_new   (void);
OnairWitnessVerification *onair_witness_verify_chain_fd    (int                        fd,
                                                            guint64                    limit,
                                                            const OnairWitnessAnchor  *expected,
                                                            OnairWitnessProgress      *progress,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
OnairWitnessVerification *onair_witness_verify_export_data (const char                *data,
                                                            gsize                      length,
                                                            OnairWitnessProgress      *progress,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);

/* Export engine: reads the chain file up to @limit, writes @destination atomically. */
gboolean  onair_witness_write_export        (int                       chain_fd,
                                             guint64                   limit,
                                             const OnairWitnessFilter *filter,
                                             GBytes                   *signing_key,
                                             GFile                    *destination,
                                             OnairWitnessProgress     *progress,
                                             guint64                  *n_events,
                                             char                    **public_key,
                                             gboolean                 *chain_valid,
                                             GCancellable             *cancellable,
                                             GError                  **error);

/* Signatures */
gboolean  onair_witness_sign                (GBytes                  *signing_key,
                                             const char              *message,
                                             gsize                    length,
                                             char                   **public_key,
                                             char                   **signature,
                                             GError                 **error);
gboolean  onair_witness_check_signature     (const char              *public_key,
                                             gsize                    public_key_length,
                                             const char              *signature,
                                             gsize                    signature_length,
                                             const char              *message,
                                             gsize                    length,
                                             GError                 **error);

/* Entries */
OnairWitnessEntry *onair_witness_entry_new   (OnairWitness                 *witness,
                                              guint                         position,
                                              const OnairWitnessIndexEntry *index);
char              *onair_witness_read_line   (OnairWitness                 *self,
                                              guint64                       offset,
                                              guint32                       length,
                                              GError                      **error);
void               onair_witness_forget_entry (OnairWitness                *self,
                                               guint                        position,
                                               OnairWitnessEntry           *entry);

/* Filters */
gboolean  onair_witness_filter_match_index  (const OnairWitnessFilter     *filter,
                                             const OnairWitnessIndexEntry *index,
                                             const char                   *line,
                                             gsize                         length);

/* For tests */
OnairWitness *onair_witness_create_with_id  (const char              *path,
                                             const char              *chain_id,
                                             const char              *created,
                                             GError                 **error);
gboolean      onair_witness_append_at       (OnairWitness            *self,
                                             JsonObject              *event,
                                             const char              *witness_timestamp,
                                             OnairWitnessAnchor      *head,
                                             GError                 **error);
void          onair_witness_set_split_writes_for_testing (gboolean split);

G_END_DECLS
