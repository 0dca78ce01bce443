/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-vmix-activators.h"
#include "onair-vmix-client.h"

G_BEGIN_DECLS

#define ONAIR_POLLER_MIN_INTERVAL_MS      250
#define ONAIR_POLLER_MAX_INTERVAL_MS    10000
#define ONAIR_POLLER_DEFAULT_INTERVAL_MS 1000
#define ONAIR_POLLER_MAX_BACKOFF_MS     30000
/* Longest wait between retries while something was on air when vMix stopped answering. */
#define ONAIR_POLLER_ON_AIR_RETRY_MS     2000
/* The document's interval while vMix's activators push every change. */
#define ONAIR_POLLER_ACTIVATOR_INTERVAL_MS 1000
/* Consecutive failed polls after which the connection counts as lost. */
#define ONAIR_POLLER_LOST_AFTER             3

typedef enum
{
  ONAIR_CONNECTION_DISCONNECTED,
  ONAIR_CONNECTION_CONNECTING,
  ONAIR_CONNECTION_CONNECTED,
  ONAIR_CONNECTION_DEGRADED,
  ONAIR_CONNECTION_LOST,
} OnairConnectionState;

GType       onair_connection_state_get_type (void) G_GNUC_CONST;
#define ONAIR_TYPE_CONNECTION_STATE (onair_connection_state_get_type ())
const char *onair_connection_state_to_string (OnairConnectionState state);

#define ONAIR_TYPE_POLLER (onair_poller_get_type ())
G_DECLARE_FINAL_TYPE (OnairPoller, onair_poller, ONAIR, POLLER, GObject)

OnairPoller          *onair_poller_new                  (OnairVmixClient *client);
OnairVmixClient      *onair_poller_get_client           (OnairPoller     *self);
void                  onair_poller_start                (OnairPoller     *self);
void                  onair_poller_stop                 (OnairPoller     *self);
void                  onair_poller_poll_now             (OnairPoller     *self);
void                  onair_poller_reconnect_now        (OnairPoller     *self);
guint                 onair_poller_get_interval_ms      (OnairPoller     *self);
void                  onair_poller_set_interval_ms      (OnairPoller     *self,
                                                         guint            interval_ms);
OnairConnectionState  onair_poller_get_connection_state (OnairPoller     *self);
OnairVmixState       *onair_poller_get_state            (OnairPoller     *self);
const GError         *onair_poller_get_last_error       (OnairPoller     *self);
gint64                onair_poller_get_round_trip_us    (OnairPoller     *self);
guint                 onair_poller_get_consecutive_failures (OnairPoller *self);
guint                 onair_poller_get_next_delay_ms    (OnairPoller     *self);
gint64                onair_poller_get_last_success_us  (OnairPoller     *self);
gboolean              onair_poller_has_connected        (OnairPoller     *self);
gint64                onair_poller_get_next_attempt_us  (OnairPoller     *self);
gboolean              onair_poller_get_on_air           (OnairPoller     *self);
void                  onair_poller_set_activators       (OnairPoller         *self,
                                                         OnairVmixActivators *activators);
OnairVmixActivators  *onair_poller_get_activators       (OnairPoller     *self);
gboolean              onair_poller_get_activators_connected (OnairPoller *self);
void                  onair_poller_set_activator_interval_ms (OnairPoller *self,
                                                              guint        interval_ms);
guint                 onair_poller_get_activator_polls  (OnairPoller     *self);

G_END_DECLS
