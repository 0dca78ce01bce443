/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-destination-list.h"
#include "onair-stream-group.h"
#include "onair-vmix-session.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_FLEET (onair_fleet_get_type ())
G_DECLARE_FINAL_TYPE (OnairFleet, onair_fleet, ONAIR, FLEET, GObject)

OnairFleet        *onair_fleet_new                 (OnairSecretStore       *secrets);
OnairVmixSession  *onair_fleet_add                 (OnairFleet             *self,
                                                    const OnairHostProfile *profile);
gboolean           onair_fleet_remove              (OnairFleet             *self,
                                                    const char             *id);
OnairVmixSession  *onair_fleet_lookup              (OnairFleet             *self,
                                                    const char             *id);
OnairVmixSession  *onair_fleet_lookup_by_name      (OnairFleet             *self,
                                                    const char             *name);
void               onair_fleet_start_all           (OnairFleet             *self);
void               onair_fleet_stop_all            (OnairFleet             *self);

void               onair_fleet_load                (OnairFleet             *self,
                                                    GSettings              *settings);
gboolean           onair_fleet_save                (OnairFleet             *self,
                                                    GSettings              *settings);

OnairHealthStatus  onair_fleet_get_status          (OnairFleet             *self);
GPtrArray         *onair_fleet_dup_reasons         (OnairFleet             *self);

void               onair_fleet_start_group_async   (OnairFleet             *self,
                                                    const OnairStreamGroup *group,
                                                    OnairDestinationList   *destinations,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
void               onair_fleet_stop_group_async    (OnairFleet             *self,
                                                    const OnairStreamGroup *group,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
void               onair_fleet_start_group_full_async (OnairFleet                 *self,
                                                       const OnairStreamGroup     *group,
                                                       OnairDestinationList       *destinations,
                                                       const OnairOperationOrigin *origin,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
void               onair_fleet_stop_group_full_async  (OnairFleet                 *self,
                                                       const OnairStreamGroup     *group,
                                                       const OnairOperationOrigin *origin,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
GPtrArray         *onair_fleet_group_finish        (OnairFleet             *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

G_END_DECLS
