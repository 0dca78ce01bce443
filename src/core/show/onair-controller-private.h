/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The controller's insides, shared by its files: the operation engine and the controller's
 * state (onair-controller.c), sending calls with one retry and errors in words
 * (onair-controller-calls.c), what vMix's state shows that Onair did not do, and what the
 * witness log says Onair did before a restart (onair-controller-observe.c), streams
 * (onair-controller-streams.c), SRT outputs, recording, markers and custom calls
 * (onair-controller-outputs.c). */

#include "onair-controller.h"
#include "core/health/onair-health-monitor.h"

G_BEGIN_DECLS

/* vMix outputs 1–4 can carry SRT (vMix 24+); vMix 28 reports them in <outputs>. */
#define MAX_MARKER_LENGTH   200

typedef enum
{
  OP_START_STREAM,
  OP_STOP_STREAM,
  OP_START_SRT,
  OP_STOP_SRT,
  OP_START_RECORDING,
  OP_STOP_RECORDING,
  OP_MARKER,
  OP_FUNCTION,
} OperationKind;

typedef struct
{
  OperationKind     kind;
  guint             index;          /* channel or output */
  const char       *event_type;
  JsonObject       *params;         /* redacted: what the witness may see */
  GDateTime        *requested;
  GPtrArray        *calls;          /* GStrv each: function, then name/value pairs */
  guint             next_call;
  char             *answer;
  gint64            duration;       /* recording duration vMix last reported */
  char             *destination_name;
  guint             timeout_id;
  guint             retry_id;
  gboolean          retried;        /* the current call was sent a second time */
  char             *failed_function;
  char             *failure_detail; /* vMix's or the connection's own words, for the witness */
  gboolean          confirmable;
  gboolean          reserved;       /* holds its channel's, output's or recording's busy flag */
} Operation;

typedef struct
{
  OnairChannelStatus  status;
  gint64              since_us;     /* wall clock, when the status began */
  char               *destination;
  gboolean            busy;
  gboolean            outside;      /* live, and Onair did not start it (as far as it knows) */
  gboolean            restore;      /* the witness log says Onair started it before a restart */
  char               *restore_destination;
  gint64              restore_since_us;
} Channel;

struct _OnairController
{
  GObject           parent_instance;

  OnairPoller      *poller;
  OnairSecretStore *secrets;
  gulong            state_handler;
  guint             confirm_timeout_ms;

  Channel           channels[ONAIR_VMIX_MAX_STREAMS];
  gboolean          was_live[ONAIR_VMIX_MAX_STREAMS];
  gboolean          have_previous;
  gboolean          srt_busy[16];
  gboolean          recording_busy;
  OnairRecordingStatus recording_status;
  gboolean          was_recording;
  gint64            recording_duration;     /* as vMix last reported it */
  gint64            recording_stopped_at_us;
  gint64            recording_stopped_duration;

  GPtrArray        *pending;        /* GTask*, waiting for a state to confirm them */
  OnairHealthMonitor *health;       /* weak: told what Onair asked for and what it saw */
};

Operation       *onair_controller_op_new        (OperationKind    kind,
                                                 guint            index,
                                                 const char      *event_type);
void             onair_controller_op_set_origin (Operation                  *op,
                                                 const OnairOperationOrigin *origin);
void             onair_controller_op_add_call   (Operation       *op,
                                                 const char      *function,
                                                 ...) G_GNUC_NULL_TERMINATED;
GTask           *onair_controller_op_task       (OnairController     *self,
                                                 Operation           *op,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data,
                                                 gpointer             source_tag);
void             onair_controller_set_channel   (OnairController    *self,
                                                 guint               channel,
                                                 OnairChannelStatus  status,
                                                 const char         *destination);
void             onair_controller_finish_op     (GTask          *task,
                                                 const GError   *error);
void             onair_controller_fail_op       (GTask          *task,
                                                 GQuark          domain,
                                                 gint            code,
                                                 const char     *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
const OnairVmixOutput *onair_controller_find_srt_output (OnairVmixState *state,
                                                         guint           output);
void             onair_controller_send_next_call (GTask *task);
void             onair_controller_wait_for_confirmation (GTask *task);
void             onair_controller_observe_state (OnairController *self,
                                                 OnairVmixState  *state);
void             onair_controller_set_recording_status (OnairController      *self,
                                                        OnairRecordingStatus  status);
void             onair_controller_emit_stream_lost (OnairController *self,
                                                    guint            channel,
                                                    const char      *destination);
void             onair_controller_emit_event    (OnairController *self,
                                                 const char      *event_type,
                                                 JsonObject      *params,
                                                 JsonObject      *result);
OnairVmixState  *onair_controller_check_connected (GTask *task);
gboolean         onair_controller_propagate_boolean (OnairController  *self,
                                                     GAsyncResult     *result,
                                                     gpointer          source_tag,
                                                     GError          **error);

G_END_DECLS
