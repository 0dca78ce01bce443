/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_WITNESS_PAGE (onair_witness_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairWitnessPage, onair_witness_page, ONAIR, WITNESS_PAGE, GtkWidget)

OnairWitnessPage   *onair_witness_page_new                   (OnairApplication     *application);
OnairWitness       *onair_witness_page_get_witness           (OnairWitnessPage     *self);
GListModel         *onair_witness_page_get_model             (OnairWitnessPage     *self);
gboolean            onair_witness_page_is_filtering          (OnairWitnessPage     *self);
OnairWitnessFilter *onair_witness_page_dup_filter            (OnairWitnessPage     *self);
void                onair_witness_page_verify                (OnairWitnessPage     *self);
gboolean            onair_witness_page_is_verifying          (OnairWitnessPage     *self);
const char         *onair_witness_page_get_banner_text       (OnairWitnessPage     *self);
const OnairWitnessVerification *
                    onair_witness_page_get_verification      (OnairWitnessPage     *self);
void                onair_witness_page_export_to_file_async  (OnairWitnessPage     *self,
                                                              GFile                *file,
                                                              gboolean              filtered,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            onair_witness_page_export_to_file_finish (OnairWitnessPage     *self,
                                                              GAsyncResult         *result,
                                                              guint64              *n_events,
                                                              GError              **error);
void                onair_witness_page_export_report_async   (OnairWitnessPage     *self,
                                                              GFile                *file,
                                                              gboolean              filtered,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            onair_witness_page_export_report_finish  (OnairWitnessPage     *self,
                                                              GAsyncResult         *result,
                                                              guint64              *n_events,
                                                              GError              **error);
void                onair_witness_page_cancel_export         (OnairWitnessPage     *self);
const char         *onair_witness_page_get_public_key        (OnairWitnessPage     *self);
const char         *onair_witness_page_get_key_fingerprint   (OnairWitnessPage     *self);

G_END_DECLS
