/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-witness.h"

G_BEGIN_DECLS

/* The audit report: the witness log as a PDF to read, print and file. The signed JSON export
 * stays the verifiable record; the report says how to verify it. */

typedef enum {
  ONAIR_WITNESS_PAPER_A4,
  ONAIR_WITNESS_PAPER_LETTER,
} OnairWitnessPaper;

OnairWitnessPaper onair_witness_paper_from_locale  (void);
void              onair_witness_paper_get_size     (OnairWitnessPaper          paper,
                                                    double                    *width_pt,
                                                    double                    *height_pt);

gboolean onair_witness_write_report        (OnairWitness              *self,
                                            GFile                     *destination,
                                            const OnairWitnessFilter  *filter,
                                            const char                *public_key,
                                            OnairWitnessPaper          paper,
                                            guint64                   *n_events,
                                            GCancellable              *cancellable,
                                            GError                   **error);
void     onair_witness_write_report_async  (OnairWitness              *self,
                                            GFile                     *destination,
                                            const OnairWitnessFilter  *filter,
                                            const char                *public_key,
                                            OnairWitnessPaper          paper,
                                            OnairWitnessProgressFunc   progress,
                                            gpointer                   progress_data,
                                            GDestroyNotify             progress_destroy,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
gboolean onair_witness_write_report_finish (OnairWitness              *self,
                                            GAsyncResult              *result,
                                            guint64                   *n_events,
                                            GError                   **error);

G_END_DECLS
