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

G_END_DECLS
