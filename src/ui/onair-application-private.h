/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The application's insides, shared by its files: the application itself
 * (onair-application.c), its hosts and the chosen one (onair-application-hosts.c), and the
 * hosts' health: notifications, thresholds, ingest sources (onair-application-health.c). */

#include "core/health/onair-health-monitor.h"
#include "core/health/onair-ingest-source.h"
#include "core/show/onair-witness-recorder.h"
#include "core/show/onair-vmix-session.h"
#include "onair-application.h"

G_BEGIN_DECLS

struct _OnairApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  OnairSecretStore *secrets;
  OnairDestinationList *destinations;
  OnairFleet     *fleet;
  char           *chosen_id;
  OnairVmixSession *chosen;          /* the chosen host's session */
  OnairPoller    *poller;            /* its poller and controller, as last announced */
  OnairController *controller;
  OnairHealthMonitor *monitor;       /* its health */
  OnairHealthMonitor *ingest_monitor; /* where the ingest sources are attached */
  GPtrArray      *watched_monitors;  /* OnairHealthMonitor*, one per host, for notifications */
  OnairWitnessRecorder *recorder;
  GPtrArray      *ingest_sources;   /* OnairIngestSource*, one per destination with stats */
  guint           notifications_watch;
  guint           portal_watch;
  gboolean        have_notifications;
  gboolean        have_portal;
  GCancellable   *cancellable;
  OnairEmulator  *emulator;          /* one emulator, set by tests */
  GPtrArray      *builtin_emulators; /* OnairEmulator*: --emulator's Main and Backup */
  gboolean        want_emulator;
  char           *emulator_profile;
  OnairAlertSinks *alert_sinks;      /* alerts beyond the desktop (onair-application-alerts.c) */
  OnairScheduler *scheduler;         /* scheduled shows (onair-application-schedules.c) */
  gboolean        schedule_hold;     /* held while a schedule is armed */
};

GPtrArray *onair_application_dup_emulator_profiles (OnairApplication *self);
gboolean onair_application_is_emulated (OnairApplication *self);
void onair_application_start_builtin_emulators (OnairApplication *self);
void onair_application_start_hosts (OnairApplication *self);
void onair_application_sync_fleet_to_profiles (OnairApplication *self, GPtrArray *profiles);
OnairVmixSession *onair_application_default_session (OnairApplication *self);
OnairVmixSession *onair_application_main_role_session (OnairApplication *self);
void onair_application_sync_chosen (OnairApplication *self);
void onair_application_configure_sessions (OnairApplication *self);
void onair_application_health_changed_cb (OnairHealthMonitor *monitor, OnairHealthStatus status, OnairHealthStatus previous, GPtrArray *reasons, OnairApplication *self);
void onair_application_watch_monitors (OnairApplication *self);
void onair_application_fleet_changed_cb (OnairApplication *self);
void onair_application_notifications_appeared_cb (GDBusConnection *connection, const char *name, const char *owner, gpointer user_data);
void onair_application_notifications_vanished_cb (GDBusConnection *connection, const char *name, gpointer user_data);
void onair_application_load_thresholds (OnairApplication *self);
OnairHealthMonitor *onair_application_ingest_target (OnairApplication *self);
void onair_application_update_ingest_sources (OnairApplication *self);
void onair_application_start_alerts (OnairApplication *self);
void onair_application_send_alert (OnairApplication *self, OnairVmixSession *session, OnairHealthStatus status, const char *code, const char *title, const char *message, GPtrArray *reasons);
void onair_application_start_schedules (OnairApplication *self);
void onair_application_stop_schedules (OnairApplication *self);

G_END_DECLS
