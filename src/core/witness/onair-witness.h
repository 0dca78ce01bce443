/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "onair-witness-entry.h"
#include "onair-witness-event.h"

G_BEGIN_DECLS

/* Limits of the format (witness-format.md, "The chain file") */

#define ONAIR_WITNESS_MAX_LINE  65536  /* bytes in a line, not counting its newline */
#define ONAIR_WITNESS_MAX_DEPTH 128    /* levels of nesting in a line, its entry object included */

/* The version Onair writes: chains "onair-witness/2", exports "onair-witness-export/2". */
#define ONAIR_WITNESS_FORMAT_VERSION 2

/* Errors */

#define ONAIR_WITNESS_ERROR (onair_witness_error_quark ())

typedef enum {
  ONAIR_WITNESS_ERROR_IO,         /* a file could not be read or written */
  ONAIR_WITNESS_ERROR_LOCKED,     /* another process has the chain open for writing */
  ONAIR_WITNESS_ERROR_PARSE,      /* not JSON, or not a witness chain or export */
  ONAIR_WITNESS_ERROR_FLOAT,      /* a non-integer number; canonical JSON has integers only */
  ONAIR_WITNESS_ERROR_RANGE,      /* an integer beyond ±2^53 */
  ONAIR_WITNESS_ERROR_BROKEN,     /* the chain does not verify, or its head is unreadable */
  ONAIR_WITNESS_ERROR_TRUNCATED,  /* the chain ends before the head the caller kept */
  ONAIR_WITNESS_ERROR_TORN,       /* a torn tail could not be set aside */
  ONAIR_WITNESS_ERROR_READ_ONLY,  /* the chain was opened read-only */
  ONAIR_WITNESS_ERROR_INVALID,    /* an event without event_type, a bad filter, … */
  ONAIR_WITNESS_ERROR_KEY,        /* the signing key is unusable */
  ONAIR_WITNESS_ERROR_SIGNATURE,  /* a signature is missing or does not verify */
  ONAIR_WITNESS_ERROR_TOO_LARGE,  /* an event whose entry would exceed ONAIR_WITNESS_MAX_LINE */
} OnairWitnessError;

GQuark onair_witness_error_quark (void);

/* Head anchor: what the caller keeps (in the keyring) to detect a chain cut short. */

typedef struct {
  gint64 seq;       /* seq of the last entry, -1 for a chain without entries */
  char   hash[65];  /* its current_hash (genesis_hash when seq is -1), lowercase hex */
} OnairWitnessAnchor;

#define ONAIR_TYPE_WITNESS_ANCHOR (onair_witness_anchor_get_type ())

GType               onair_witness_anchor_get_type  (void) G_GNUC_CONST;
OnairWitnessAnchor *onair_witness_anchor_copy      (const OnairWitnessAnchor *anchor);
void                onair_witness_anchor_free      (OnairWitnessAnchor       *anchor);
char               *onair_witness_anchor_to_string (const OnairWitnessAnchor *anchor);
gboolean            onair_witness_anchor_parse     (const char               *text,
                                                    OnairWitnessAnchor       *anchor);

/* Filter for iteration, the viewer and exports. */

typedef struct {
  char      *event_type;  /* exact event_type, or NULL for any */
  GDateTime *from;        /* inclusive bound on the event timestamp, or NULL */
  GDateTime *to;          /* inclusive bound on the event timestamp, or NULL */
  char      *text;        /* case-insensitive substring of the entry's JSON line, or NULL */
} OnairWitnessFilter;

#define ONAIR_TYPE_WITNESS_FILTER (onair_witness_filter_get_type ())

GType               onair_witness_filter_get_type (void) G_GNUC_CONST;
OnairWitnessFilter *onair_witness_filter_new      (const char               *event_type,
                                                   GDateTime                *from,
                                                   GDateTime                *to,
                                                   const char               *text);
OnairWitnessFilter *onair_witness_filter_copy     (const OnairWitnessFilter *filter);
void                onair_witness_filter_free     (OnairWitnessFilter       *filter);
gboolean            onair_witness_filter_is_empty (const OnairWitnessFilter *filter);
gboolean            onair_witness_filter_match    (const OnairWitnessFilter *filter,
                                                   OnairWitnessEntry        *entry);

/* Verification result */

typedef enum {
  ONAIR_WITNESS_FAULT_NONE,
  ONAIR_WITNESS_FAULT_NOT_JSON,       /* broken_at is the line number */
  ONAIR_WITNESS_FAULT_HEADER,         /* missing or wrong header/format; broken_at 0 */
  ONAIR_WITNESS_FAULT_GENESIS,        /* genesis_hash does not match chain_id; broken_at 0 */
  ONAIR_WITNESS_FAULT_MALFORMED,      /* JSON, but no well-formed entry (a float…) */
  ONAIR_WITNESS_FAULT_SEQ,            /* seq is not the next number */
  ONAIR_WITNESS_FAULT_PREVIOUS_HASH,  /* previous_hash is not the current_hash before it */
  ONAIR_WITNESS_FAULT_CURRENT_HASH,   /* current_hash does not match the entry's contents */
  ONAIR_WITNESS_FAULT_TRUNCATED,      /* ends before the expected head; broken_at = first missing */
  ONAIR_WITNESS_FAULT_ANCHOR,         /* the entry at the expected head's seq has another hash */
  ONAIR_WITNESS_FAULT_EXPORT,         /* export summary fields are wrong */
  ONAIR_WITNESS_FAULT_SIGNATURE,      /* export signature missing or wrong */
  ONAIR_WITNESS_FAULT_TORN_TAIL,      /* bytes after the last newline; broken_at = next seq */
  ONAIR_WITNESS_FAULT_LINE_TOO_LONG,  /* a line beyond ONAIR_WITNESS_MAX_LINE; broken_at = line */
} OnairWitnessFault;

typedef struct {
  gboolean          valid;
  guint             format_version;  /* 1 or 2 (the header's or export's format), 0 unknown */
  OnairWitnessFault fault;
  char             *reason;        /* translated explanation, NULL when valid */
  gint64            broken_at;     /* first bad seq (line for NOT_JSON), or -1 */
  gint64            broken_line;   /* 1-based line of the fault in the file, or -1 */
  guint64           total_events;  /* entries in the chain or export */
  char             *chain_id;
  char             *first_hash;    /* current_hash of the first entry, or NULL */
  char             *last_hash;     /* current_hash of the last entry that verified, or NULL */
  guint64           torn_bytes;    /* chains: bytes after the last newline, not part of the chain;
                                    * a fault unless ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL */
  gboolean          is_export;
  gboolean          complete;      /* exports: complete (TRUE) or filtered */
  gboolean          signature_valid;
  char             *public_key;    /* exports: base64 raw Ed25519 public key, or NULL */
} OnairWitnessVerification;

#define ONAIR_TYPE_WITNESS_VERIFICATION (onair_witness_verification_get_type ())

GType                     onair_witness_verification_get_type (void) G_GNUC_CONST;
OnairWitnessVerification *onair_witness_verification_copy     (const OnairWitnessVerification *self);
void                      onair_witness_verification_free     (OnairWitnessVerification       *self);
JsonObject               *onair_witness_verification_to_json  (const OnairWitnessVerification *self);

/* Progress of long operations, called in the main context of the caller of the _async
 * function, at most every 50 ms, with 0.0 ≤ fraction ≤ 1.0. */
typedef void (*OnairWitnessProgressFunc) (double   fraction,
                                          gpointer user_data);

typedef enum {
  ONAIR_WITNESS_VERIFY_NONE            = 0,
  ONAIR_WITNESS_VERIFY_RECORD          = 1 << 0,  /* a person asked: record chain_verified */
  ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL = 1 << 1,  /* leave out a torn tail (≤ 64 KiB) */
} OnairWitnessVerifyFlags;

/* Stateless verification of a chain file or an export document (detected by content). */

OnairWitnessVerification *onair_witness_verify_file        (GFile                     *file,
                                                            const OnairWitnessAnchor  *expected_head,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
OnairWitnessVerification *onair_witness_verify_file_full   (GFile                     *file,
                                                            const OnairWitnessAnchor  *expected_head,
                                                            OnairWitnessVerifyFlags    flags,
                                                            GCancellable              *cancellable,
                                                            GError                   **error);
void                      onair_witness_verify_file_async  (GFile                     *file,
                                                            const OnairWitnessAnchor  *expected_head,
                                                            OnairWitnessProgressFunc   progress,
                                                            gpointer                   progress_data,
                                                            GDestroyNotify             progress_destroy,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
OnairWitnessVerification *onair_witness_verify_file_finish (GAsyncResult              *result,
                                                            GError                   **error);

/* Hashing building blocks (witness-format.md), for tools and tests. */

char *onair_witness_compute_genesis_hash    (const char  *chain_id);
char *onair_witness_compute_genesis_hash_v2 (const char  *chain_id,
                                             const char  *created);
char *onair_witness_compute_entry_hash      (gint64       seq,
                                             JsonObject  *event,
                                             const char  *previous_hash,
                                             const char  *witness_timestamp,
                                             GError     **error);

/* Signing keys: PKCS#8 (PEM or DER), unencrypted, Ed25519. */

GBytes *onair_witness_generate_signing_key       (GError     **error);
char   *onair_witness_signing_key_dup_public_key (GBytes      *signing_key,
                                                  GError     **error);
char   *onair_witness_public_key_fingerprint     (const char  *public_key);

/* The chain */

typedef enum {
  ONAIR_WITNESS_OPEN_NONE      = 0,
  ONAIR_WITNESS_OPEN_CREATE    = 1 << 0,  /* create it (and its 0700 folder) if missing */
  ONAIR_WITNESS_OPEN_READ_ONLY = 1 << 1,  /* no lock, no repair, no appends */
} OnairWitnessOpenFlags;

#define ONAIR_TYPE_WITNESS (onair_witness_get_type ())

G_DECLARE_FINAL_TYPE (OnairWitness, onair_witness, ONAIR, WITNESS, GObject)

char *onair_witness_dup_default_path (void);

OnairWitness *onair_witness_open        (const char                *path,
                                         const OnairWitnessAnchor  *expected_head,
                                         OnairWitnessOpenFlags      flags,
                                         GCancellable              *cancellable,
                                         GError                   **error);
void          onair_witness_open_async  (const char                *path,
                                         const OnairWitnessAnchor  *expected_head,
                                         OnairWitnessOpenFlags      flags,
                                         GCancellable              *cancellable,
                                         GAsyncReadyCallback        callback,
                                         gpointer                   user_data);
OnairWitness *onair_witness_open_finish (GAsyncResult              *result,
                                         GError                   **error);
void          onair_witness_close       (OnairWitness              *self);

const char        *onair_witness_get_path           (OnairWitness       *self);
const char        *onair_witness_get_chain_id       (OnairWitness       *self);
const char        *onair_witness_get_genesis_hash   (OnairWitness       *self);
const char        *onair_witness_get_created        (OnairWitness       *self);
guint              onair_witness_get_format_version (OnairWitness       *self);
gboolean           onair_witness_is_read_only       (OnairWitness       *self);
guint64            onair_witness_get_torn_bytes     (OnairWitness       *self);
gboolean           onair_witness_get_head           (OnairWitness       *self,
                                                     OnairWitnessAnchor *head);
OnairWitnessEntry *onair_witness_get_entry          (OnairWitness       *self,
                                                     guint               position);
GPtrArray         *onair_witness_list_event_types   (OnairWitness       *self);

gboolean onair_witness_append        (OnairWitness         *self,
                                      JsonObject           *event,
                                      OnairWitnessAnchor   *head,
                                      GError              **error);
void     onair_witness_append_async  (OnairWitness         *self,
                                      JsonObject           *event,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean onair_witness_append_finish (OnairWitness         *self,
                                      GAsyncResult         *result,
                                      OnairWitnessAnchor   *head,
                                      GError              **error);

OnairWitnessVerification *onair_witness_verify        (OnairWitness              *self,
                                                       const OnairWitnessAnchor  *expected_head,
                                                       OnairWitnessVerifyFlags    flags,
                                                       GCancellable              *cancellable,
                                                       GError                   **error);
void                      onair_witness_verify_async  (OnairWitness              *self,
                                                       const OnairWitnessAnchor  *expected_head,
                                                       OnairWitnessVerifyFlags    flags,
                                                       OnairWitnessProgressFunc   progress,
                                                       gpointer                   progress_data,
                                                       GDestroyNotify             progress_destroy,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
OnairWitnessVerification *onair_witness_verify_finish (OnairWitness              *self,
                                                       GAsyncResult              *result,
                                                       GError                   **error);

gboolean onair_witness_export        (OnairWitness              *self,
                                      GFile                     *destination,
                                      const OnairWitnessFilter  *filter,
                                      GBytes                    *signing_key,
                                      guint64                   *n_events,
                                      GCancellable              *cancellable,
                                      GError                   **error);
void     onair_witness_export_async  (OnairWitness              *self,
                                      GFile                     *destination,
                                      const OnairWitnessFilter  *filter,
                                      GBytes                    *signing_key,
                                      OnairWitnessProgressFunc   progress,
                                      gpointer                   progress_data,
                                      GDestroyNotify             progress_destroy,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data);
gboolean onair_witness_export_finish (OnairWitness              *self,
                                      GAsyncResult              *result,
                                      guint64                   *n_events,
                                      GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairWitnessAnchor, onair_witness_anchor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairWitnessFilter, onair_witness_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairWitnessVerification, onair_witness_verification_free)

G_END_DECLS
