/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/destinations/onair-destination.h"
#include "core/health/onair-health-monitor.h"
#include "core/vmix/onair-poller.h"
#include "core/destinations/onair-secret-store.h"
#include "core/destinations/onair-srt-profile.h"

G_BEGIN_DECLS

#define ONAIR_CONTROLLER_ERROR (onair_controller_error_quark ())

/**
 * OnairControllerError:
 *
 * Why an operation was refused before anything was sent, or failed to be confirmed.
 * Errors from vMix itself come in the %ONAIR_VMIX_ERROR domain, from the keyring in
 * %ONAIR_SECRET_ERROR.
 */
typedef enum
{
  ONAIR_CONTROLLER_ERROR_NOT_CONNECTED,
  ONAIR_CONTROLLER_ERROR_INVALID_CHANNEL,
  ONAIR_CONTROLLER_ERROR_INVALID_URL,
  ONAIR_CONTROLLER_ERROR_MISSING_KEY,
  ONAIR_CONTROLLER_ERROR_ALREADY_LIVE,
  ONAIR_CONTROLLER_ERROR_NOT_LIVE,
  ONAIR_CONTROLLER_ERROR_BUSY,
  ONAIR_CONTROLLER_ERROR_INVALID_OUTPUT,
  ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
  ONAIR_CONTROLLER_ERROR_ALREADY_RECORDING,
  ONAIR_CONTROLLER_ERROR_NOT_RECORDING,
  ONAIR_CONTROLLER_ERROR_INVALID_MARKER,
  ONAIR_CONTROLLER_ERROR_INVALID_FUNCTION,
  ONAIR_CONTROLLER_ERROR_NOT_CONFIRMED,
} OnairControllerError;

GQuark onair_controller_error_quark (void);

typedef enum
{
  ONAIR_CHANNEL_OFF,
  ONAIR_CHANNEL_STARTING,
  ONAIR_CHANNEL_LIVE,
  ONAIR_CHANNEL_STOPPING,
  ONAIR_CHANNEL_LOST,
  ONAIR_CHANNEL_UNREPORTED, /* vMix streams but does not say which stream (vMix 21 and older) */
} OnairChannelStatus;

const char *onair_channel_status_to_string (OnairChannelStatus status);

typedef enum
{
  ONAIR_RECORDING_OFF,
  ONAIR_RECORDING_STARTING,
  ONAIR_RECORDING_ON,
  ONAIR_RECORDING_STOPPING,
  ONAIR_RECORDING_STOPPED_OUTSIDE, /* vMix stopped it, and Onair did not ask: until acknowledged */
} OnairRecordingStatus;

/**
 * OnairOperationOrigin:
 * @by: who asked, as the witness log says it: "schedule"; %NULL for the producer's own click
 * @schedule: (nullable): with "schedule", the schedule's name
 *
 * Who started an operation when it was not the producer: the controller writes it into the
 * operation's #OnairController::operation-finished parameters (`by`, `schedule`), so the
 * witness log says it. Borrowed: copied when the operation starts.
 */
typedef struct
{
  const char *by;
  const char *schedule;
} OnairOperationOrigin;

/* How long an operation waits for vMix's state to confirm it. */
#define ONAIR_CONTROLLER_DEFAULT_CONFIRM_TIMEOUT_MS 15000

#define ONAIR_TYPE_CONTROLLER (onair_controller_get_type ())
G_DECLARE_FINAL_TYPE (OnairController, onair_controller, ONAIR, CONTROLLER, GObject)

OnairController    *onair_controller_new                      (OnairPoller       *poller,
                                                               OnairSecretStore  *secrets);
OnairPoller        *onair_controller_get_poller               (OnairController   *self);
void                onair_controller_set_health               (OnairController   *self,
                                                               OnairHealthMonitor *health);
void                onair_controller_set_confirm_timeout_ms   (OnairController   *self,
                                                               guint              timeout_ms);
guint               onair_controller_get_stream_count         (OnairController   *self);
OnairChannelStatus  onair_controller_get_channel_status       (OnairController   *self,
                                                               guint              channel);
gint64              onair_controller_get_channel_since        (OnairController   *self,
                                                               guint              channel);
const char         *onair_controller_get_channel_destination  (OnairController   *self,
                                                               guint              channel);
gboolean            onair_controller_get_channel_started_outside (OnairController *self,
                                                                  guint            channel);
void                onair_controller_restore_channel          (OnairController   *self,
                                                               guint              channel,
                                                               const char        *destination_name,
                                                               gint64             since_us);
OnairRecordingStatus onair_controller_get_recording_status    (OnairController   *self);
gboolean            onair_controller_get_recording_stopped_outside (OnairController *self,
                                                                    gint64          *at_us,
                                                                    gint64          *duration_s);
void                onair_controller_acknowledge_recording_stopped (OnairController *self);
void                onair_controller_acknowledge_lost         (OnairController   *self,
                                                               guint              channel);

void                onair_controller_start_stream_async       (OnairController     *self,
                                                               guint                channel,
                                                               OnairDestination    *destination,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            onair_controller_start_stream_finish      (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_start_stream_full_async  (OnairController            *self,
                                                               guint                       channel,
                                                               OnairDestination           *destination,
                                                               const OnairOperationOrigin *origin,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
void                onair_controller_stop_stream_async        (OnairController     *self,
                                                               guint                channel,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
void                onair_controller_stop_stream_full_async   (OnairController            *self,
                                                               guint                       channel,
                                                               const OnairOperationOrigin *origin,
                                                               GCancellable               *cancellable,
                                                               GAsyncReadyCallback         callback,
                                                               gpointer                    user_data);
gboolean            onair_controller_stop_stream_finish       (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_start_srt_output_async   (OnairController       *self,
                                                               guint                  output,
                                                               const OnairSrtProfile *profile,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
gboolean            onair_controller_start_srt_output_finish  (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_stop_srt_output_async    (OnairController     *self,
                                                               guint                output,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            onair_controller_stop_srt_output_finish   (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_start_recording_async    (OnairController     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
void                onair_controller_start_recording_full_async (OnairController            *self,
                                                                 const OnairOperationOrigin *origin,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
gboolean            onair_controller_start_recording_finish   (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_stop_recording_async     (OnairController     *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
void                onair_controller_stop_recording_full_async (OnairController            *self,
                                                                const OnairOperationOrigin *origin,
                                                                GCancellable               *cancellable,
                                                                GAsyncReadyCallback         callback,
                                                                gpointer                    user_data);
gint64              onair_controller_stop_recording_finish    (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_write_marker_async       (OnairController     *self,
                                                               const char          *tag,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            onair_controller_write_marker_finish      (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                onair_controller_call_function_async      (OnairController     *self,
                                                               const char          *function,
                                                               const char * const  *params,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
char               *onair_controller_call_function_finish     (OnairController     *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* onair-srt-profile-check.c */
gboolean         onair_srt_profile_validate    (const OnairSrtProfile *profile,
                                                const char            *passphrase,
                                                GError               **error);

G_END_DECLS
