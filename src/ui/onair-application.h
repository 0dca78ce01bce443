/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/show/onair-controller.h"
#include "core/show/onair-fleet.h"
#include "core/destinations/onair-destination-list.h"
#include "core/vmix/onair-poller.h"
#include "core/health/onair-health-monitor.h"
#include "core/destinations/onair-secret-store.h"
#include "core/show/onair-witness-recorder.h"
#include "core/show/onair-alert-sinks.h"
#include "core/show/onair-scheduler.h"
#include "emulator/onair-emulator.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_APPLICATION (onair_application_get_type ())
G_DECLARE_FINAL_TYPE (OnairApplication, onair_application, ONAIR, APPLICATION, AdwApplication)

OnairApplication *onair_application_new          (const char        *application_id,
                                                  GApplicationFlags  flags);
GSettings        *onair_application_get_settings (OnairApplication  *self);
OnairPoller      *onair_application_get_poller   (OnairApplication  *self);
OnairController  *onair_application_get_controller (OnairApplication *self);
OnairSecretStore *onair_application_get_secrets  (OnairApplication  *self);
OnairDestinationList *onair_application_get_destinations (OnairApplication *self);
OnairEmulator    *onair_application_get_emulator (OnairApplication  *self);
void              onair_application_set_emulator (OnairApplication  *self,
                                                  OnairEmulator     *emulator);
void              onair_application_reconnect    (OnairApplication  *self);
OnairWitnessRecorder *onair_application_get_recorder (OnairApplication *self);
OnairHealthMonitor *onair_application_get_health (OnairApplication *self);
OnairAlertSinks  *onair_application_get_alert_sinks (OnairApplication *self);
OnairFleet       *onair_application_get_fleet    (OnairApplication  *self);
OnairScheduler   *onair_application_get_scheduler (OnairApplication *self);
const char       *onair_application_get_chosen_host_id (OnairApplication *self);
void              onair_application_set_chosen_host_id (OnairApplication *self,
                                                        const char       *id);
GPtrArray        *onair_application_get_emulators (OnairApplication *self);
gboolean          onair_application_needs_first_run (OnairApplication *self);
void              onair_application_use_builtin_emulators (OnairApplication *self);
void              onair_application_add_host     (OnairApplication       *self,
                                                  const OnairHostProfile *profile);
void              onair_application_record_event (OnairApplication  *self,
                                                  const char        *event_type,
                                                  JsonObject        *params,
                                                  JsonObject        *result);

G_END_DECLS
