/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "onair-witness.h"
#include "onair-witness-json-private.h"

G_BEGIN_DECLS

#define ONAIR_WITNESS_FORMAT_V1        "onair-witness/1"
#define ONAIR_WITNESS_FORMAT_V2        "onair-witness/2"
#define ONAIR_WITNESS_EXPORT_FORMAT_V1 "onair-witness-export/1"
#define ONAIR_WITNESS_EXPORT_FORMAT_V2 "onair-witness-export/2"
#define ONAIR_WITNESS_GENESIS_PREFIX   "onair-witness-genesis:"
#define ONAIR_WITNESS_HASH_LENGTH      64

/* The header (witness-format.md, "The chain file"), as far as it could be read. */
typedef struct {
  guint  version;       /* 1 or 2, 0 when the format is not a witness chain's */
  char  *chain_id;      /* NULL when missing or not a string */
  char  *created;       /* NULL when missing or not a string */
  char  *genesis_hash;  /* as written, NULL when missing or not a string */
  char   computed[65];  /* the genesis hash the header should have ("" if it has none) */
} OnairWitnessHeader;

OnairWitnessFault onair_witness_header_read    (OnairJsonScanner   *scanner,
                                                const char         *line,
                                                gsize               length,
                                                OnairWitnessHeader *header,
                                                char              **reason);
void              onair_witness_header_clear   (OnairWitnessHeader *header);
void              onair_witness_header_write   (GString            *out,
                                                const char         *chain_id,
                                                const char         *created,
                                                char               *genesis_out);
guint             onair_witness_export_version (OnairJsonScanner   *scanner,
                                                guint32             format);
gboolean          onair_witness_export_genesis (OnairJsonScanner   *scanner,
                                                guint               version,
                                                guint32             chain_id,
                                                guint32             chain_created,
                                                char               *out);

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

void     onair_witness_index_unreadable     (guint64                 offset,
                                             gsize                   length,
                                             OnairWitnessIndexEntry *entry);
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

/* Buffered reading of a file by lines, in bounded memory, with a limit so that a snapshot of a
 * growing file can be read while it is appended to. */
typedef enum {
  ONAIR_LINE_ERROR    = -1,  /* an I/O error */
  ONAIR_LINE_END      = 0,   /* no more complete lines (see onair_line_reader_tail_length()) */
  ONAIR_LINE_OK       = 1,   /* a line */
  ONAIR_LINE_TOO_LONG = 2,   /* a line (or tail) beyond ONAIR_WITNESS_MAX_LINE; reading stops */
} OnairLineResult;

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
  gboolean too_long;
} OnairLineReader;

void     onair_line_reader_init             (OnairLineReader        *reader,
                                             int                     fd,
                                             guint64                 limit);
void     onair_line_reader_init_at          (OnairLineReader        *reader,
                                             int                     fd,
                                             guint64                 start,
                                             guint64                 limit);
void     onair_line_reader_clear            (OnairLineReader        *reader);
OnairLineResult onair_line_reader_next      (OnairLineReader        *reader,
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
void     onair_witness_sha256_hex           (const char             *data,
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

/* An entry line as Onair writes it, read without a parse tree (onair-witness-canonical-line.c) */
typedef struct {
  gint64      seq;
  const char *previous_hash;  /* 64 bytes in the line, lowercase hex digits only if they */
  const char *current_hash;   /* equal a hash or onair_witness_is_hash() says so */
} OnairWitnessLineEntry;

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
  gboolean          adopt;            /* links: take the next entry's seq and previous_hash */
  gboolean          adopted;          /* ... and these are what it had */
  gint64            first_seq;
  char              first_prev[65];
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
gboolean          onair_witness_checker_check_line (OnairWitnessChecker *checker,
                                                    const char          *line,
                                                    gsize                length,
                                                    OnairWitnessFault   *fault,
                                                    gint64              *broken_at,
                                                    char               **reason,
                                                    OnairWitnessLineEntry *entry);
void              onair_witness_checker_set_fast_path_for_testing (gboolean enabled);

gboolean          onair_witness_line_entry_read    (const char            *line,
                                                    gsize                  length,
                                                    OnairWitnessLineEntry *entry,
                                                    GString               *hashed);

/* Verification engine */
OnairWitnessVerification *onair_witness_verification_new   (void);
OnairWitnessVerification *onair_witness_verify_chain_fd    (int                        fd,
                                                            guint64                    limit,
                                                            OnairWitnessVerifyFlags    flags,
                                                            const OnairWitnessAnchor  *expected,
                                                            OnairWitnessProgress      *progress,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
OnairWitnessVerification *onair_witness_verify_export_data (const char                *data,
                                                            gsize                      length,
                                                            OnairWitnessProgress      *progress,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);

/* Verification on every core (onair-witness-verify-parallel.c): what each chunk of entries
 * holds, checked on its own. */
typedef struct {
  guint64  start;           /* offset of its first line */
  guint64  end;             /* the next chunk's start (the last chunk reads to the limit) */
  gboolean last;
  gboolean ok;              /* every line an entry that verified, linked to the one before */
  gint64   n_lines;         /* read, up to the first that was not ok */
  gint64   first_seq;       /* -1 without entries */
  gint64   last_seq;        /* -1 without entries or when not ok */
  char     first_prev[65];  /* previous_hash of its first entry */
  char     first_hash[65];  /* current_hash of its first entry */
  char     last_hash[65];
  char     anchor_hash[65]; /* of the entry with the anchor's seq, "" when not in the chunk */
  guint64  tail;            /* the last chunk: bytes after its last newline */
} OnairWitnessChunk;

GArray   *onair_witness_verify_chunks       (int                       fd,
                                             guint64                   start,
                                             guint64                   end,
                                             guint64                   limit,
                                             gint64                    anchor_seq,
                                             OnairWitnessProgress     *progress,
                                             GCancellable             *cancellable,
                                             GError                  **error);

/* What verifies a chain (@target an OnairWitness) or a file (a GFile) in a worker. */
typedef OnairWitnessVerification *(*OnairWitnessVerifyFunc) (gpointer                   target,
                                                            const OnairWitnessAnchor  *expected_head,
                                                            OnairWitnessVerifyFlags    flags,
                                                            OnairWitnessProgress      *progress,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);

void      onair_witness_verify_in_thread    (GTask                    *task,
                                             OnairWitnessVerifyFunc    verify,
                                             gpointer                  target,
                                             const OnairWitnessAnchor *expected_head,
                                             OnairWitnessVerifyFlags   flags,
                                             OnairWitnessProgressFunc  progress,
                                             gpointer                  progress_data,
                                             GDestroyNotify            progress_destroy);

/* Export engine: reads the chain file up to @limit, writes @destination atomically. */
gboolean  onair_witness_write_export        (int                       chain_fd,
                                             guint64                   limit,
                                             const OnairWitnessFilter *filter,
                                             GBytes                   *signing_key,
                                             GFile                    *destination,
                                             OnairWitnessProgress     *progress,
                                             guint64                  *n_events,
                                             char                    **public_key,
                                             OnairWitnessVerification *chain_check,
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

/* Torn tails set aside in PATH.torn (witness-format.md, "Verification") */
typedef struct {
  guint64  offset;      /* of the bytes in the .torn file */
  guint64  length;
  char     sha256[65];
  gboolean late;        /* set aside by an earlier repair that died before recording it */
} OnairWitnessTornPiece;

gboolean    onair_witness_torn_set_aside (const char                  *torn_path,
                                          const char                  *tail,
                                          gsize                        length,
                                          guint64                      recorded_end,
                                          GArray                      *pieces,
                                          GError                     **error);
JsonObject *onair_witness_torn_event_new (const char                  *torn_name,
                                          const OnairWitnessTornPiece *piece);

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
void          onair_witness_verify_set_chunking_for_testing (gsize    chunk_bytes,
                                                             gboolean sequential);

G_END_DECLS
