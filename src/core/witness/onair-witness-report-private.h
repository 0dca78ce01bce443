/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-witness-private.h"
#include "onair-witness-report.h"

G_BEGIN_DECLS

/* What the audit report shows, gathered from the chain (onair-witness-report.c) and drawn as
 * a PDF (onair-witness-report-pdf.c). */

typedef struct {
  gint64    seq;      /* -1 for a line that is not an entry */
  gint64    time_ms;  /* the event's time, G_MININT64 unknown */
  char     *host;     /* NULL without one */
  char     *event;    /* in words */
  char     *target;   /* stream, output, destination…, or NULL */
  char     *result;   /* in words */
  gboolean  failed;
} OnairWitnessReportRow;

typedef struct {
  char                     *chain_id;
  char                     *created;         /* the header's, as written */
  guint                     format_version;
  guint64                   total_entries;   /* in the chain */
  OnairWitnessVerification *verification;    /* NULL when the chain could not be read */
  char                     *verify_error;    /* why, then */
  gint64                    verified_ms;
  char                     *filter;          /* the filter in words, NULL for none */
  GArray                   *rows;            /* OnairWitnessReportRow, in chain order */
  gint64                    first_ms;        /* earliest and latest event time of the rows */
  gint64                    last_ms;
  gboolean                  any_host;
  char                     *public_key;      /* base64, NULL when no key signs an export */
  char                     *fingerprint;
  OnairWitnessPaper         paper;
} OnairWitnessReport;

gboolean onair_witness_report_write_pdf (const OnairWitnessReport  *report,
                                         int                        fd,
                                         OnairWitnessProgress      *progress,
                                         GCancellable              *cancellable,
                                         GError                   **error);
char    *onair_witness_report_format_time (gint64                    unix_ms,
                                           gboolean                  with_zone);

G_END_DECLS
