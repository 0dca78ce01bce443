/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-secret-store.h"
#include "core/health/onair-health-monitor.h"
#include "core/vmix/onair-poller.h"
#include "onair-controller.h"
#include "onair-host-profile.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_VMIX_SESSION (onair_vmix_session_get_type ())
G_DECLARE_FINAL_TYPE (OnairVmixSession, onair_vmix_session, ONAIR, VMIX_SESSION, GObject)

OnairVmixSession       *onair_vmix_session_new             (const OnairHostProfile *profile,
                                                            OnairSecretStore       *secrets,
                                                            OnairHealthHistory     *history);
const OnairHostProfile *onair_vmix_session_get_profile     (OnairVmixSession       *self);
const char             *onair_vmix_session_get_id          (OnairVmixSession       *self);
const char             *onair_vmix_session_get_name        (OnairVmixSession       *self);
OnairHostRole           onair_vmix_session_get_role        (OnairVmixSession       *self);

void                    onair_vmix_session_start           (OnairVmixSession       *self);
void                    onair_vmix_session_stop            (OnairVmixSession       *self);
gboolean                onair_vmix_session_is_running      (OnairVmixSession       *self);
void                    onair_vmix_session_reconfigure     (OnairVmixSession       *self,
                                                            const OnairHostProfile *profile);
void                    onair_vmix_session_set_poll_interval_ms (OnairVmixSession  *self,
                                                                 guint              interval_ms);
void                    onair_vmix_session_set_confirm_timeout_ms (OnairVmixSession *self,
                                                                   guint             timeout_ms);

OnairPoller            *onair_vmix_session_get_poller      (OnairVmixSession       *self);
OnairController        *onair_vmix_session_get_controller  (OnairVmixSession       *self);
OnairHealthMonitor     *onair_vmix_session_get_health      (OnairVmixSession       *self);
OnairConnectionState    onair_vmix_session_get_connection_state (OnairVmixSession  *self);

JsonObject             *onair_vmix_session_dup_host_json   (OnairVmixSession       *self);

G_END_DECLS
