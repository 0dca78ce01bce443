/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* vMix's TCP API listens on this port, fixed in vMix. */
#define ONAIR_VMIX_TCP_PORT                8099
/* A keep-alive every 3 s; no answer to anything for 10 s is a dead connection. */
#define ONAIR_VMIX_ACTIVATORS_PING_MS      3000
#define ONAIR_VMIX_ACTIVATORS_DEAD_MS     10000
#define ONAIR_VMIX_ACTIVATORS_MAX_BACKOFF_MS 30000

#define ONAIR_TYPE_VMIX_ACTIVATORS (onair_vmix_activators_get_type ())
G_DECLARE_FINAL_TYPE (OnairVmixActivators, onair_vmix_activators, ONAIR, VMIX_ACTIVATORS, GObject)

OnairVmixActivators *onair_vmix_activators_new            (const char          *host,
                                                           guint                port);
void                 onair_vmix_activators_start          (OnairVmixActivators *self);
void                 onair_vmix_activators_stop           (OnairVmixActivators *self);
gboolean             onair_vmix_activators_get_connected  (OnairVmixActivators *self);
const char          *onair_vmix_activators_get_host       (OnairVmixActivators *self);
guint                onair_vmix_activators_get_port       (OnairVmixActivators *self);
const char          *onair_vmix_activators_get_version    (OnairVmixActivators *self);
const GError        *onair_vmix_activators_get_last_error (OnairVmixActivators *self);
guint                onair_vmix_activators_get_reconnects (OnairVmixActivators *self);
void                 onair_vmix_activators_set_timing     (OnairVmixActivators *self,
                                                           guint                ping_ms,
                                                           guint                dead_ms,
                                                           guint                first_retry_ms);

G_END_DECLS
