/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "onair-controller.h"
#include "core/vmix/onair-poller.h"
#include "core/destinations/onair-secret-store.h"
#include "core/witness/onair-witness.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_WITNESS_RECORDER (onair_witness_recorder_get_type ())
G_DECLARE_FINAL_TYPE (OnairWitnessRecorder, onair_witness_recorder, ONAIR, WITNESS_RECORDER, GObject)

OnairWitnessRecorder *onair_witness_recorder_new              (OnairSecretStore     *secrets,
                                                               const char           *path);
void                  onair_witness_recorder_open_async       (OnairWitnessRecorder *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean              onair_witness_recorder_open_finish      (OnairWitnessRecorder *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
OnairWitness         *onair_witness_recorder_get_witness      (OnairWitnessRecorder *self);
const GError         *onair_witness_recorder_get_error        (OnairWitnessRecorder *self);
const char           *onair_witness_recorder_get_path         (OnairWitnessRecorder *self);
void                  onair_witness_recorder_record           (OnairWitnessRecorder *self,
                                                               const char           *event_type,
                                                               GDateTime            *requested,
                                                               JsonObject           *params,
                                                               JsonObject           *result);
void                  onair_witness_recorder_watch_controller (OnairWitnessRecorder *self,
                                                               OnairController      *controller);
/* Defined in onair-witness-recorder-fleet.c. */
typedef struct _OnairFleet OnairFleet;
void                  onair_witness_recorder_watch_fleet (OnairWitnessRecorder *self,
                                                          OnairFleet           *fleet);
guint                 onair_witness_recorder_get_n_pending    (OnairWitnessRecorder *self);
void                  onair_witness_recorder_load_signing_key_async  (OnairWitnessRecorder *self,
                                                                      GCancellable         *cancellable,
                                                                      GAsyncReadyCallback   callback,
                                                                      gpointer              user_data);
GBytes               *onair_witness_recorder_load_signing_key_finish (OnairWitnessRecorder *self,
                                                                      GAsyncResult         *result,
                                                                      GError              **error);

G_END_DECLS
