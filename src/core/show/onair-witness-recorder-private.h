/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-witness-recorder.h"

G_BEGIN_DECLS

void onair_witness_recorder_record_connection (OnairWitnessRecorder *self,
                                               OnairPoller          *poller,
                                               OnairConnectionState  state,
                                               OnairConnectionState  previous,
                                               const char           *host_id,
                                               const char           *host_name);

/* onair-witness-recorder-restore.c */
typedef struct
{
  char   *host_id;
  guint   channel;
  char   *destination_name;
  gint64  since_us;          /* when the start was witnessed, g_get_real_time() µs; 0 unknown */
} OnairWitnessLiveStream;

void       onair_witness_live_stream_free                   (OnairWitnessLiveStream *stream);
void       onair_witness_live_streams_note                  (GPtrArray             *live,
                                                            const char            *event_type,
                                                            JsonObject            *params,
                                                            JsonObject            *result);
void       onair_witness_recorder_find_live_streams_async  (OnairWitnessRecorder  *self,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GPtrArray *onair_witness_recorder_find_live_streams_finish (OnairWitnessRecorder  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
