/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-destination-list.h"
#include "core/show/onair-controller.h"
#include "core/show/onair-host-profile.h"

G_BEGIN_DECLS

/* What the files of onair-vmix share: the run's state, connecting to vMix
 * (onair-vmix-connect.c), printing vMix's state (onair-vmix-status.c), the operations
 * (onair-vmix-operations.c) and watching changes (onair-vmix-watch.c). The command line
 * itself is onair-vmix.c. */

/* The exit status scripts can rely on. */
enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,     /* vMix said no, or the operation failed or was refused */
  EXIT_USAGE = 2,
  EXIT_NO_CONNECTION = 3,
};

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT 8088
#define MAX_TIMEOUT_S 3600

typedef struct _Cli Cli;
typedef void (*CliOperation) (Cli *self);

struct _Cli
{
  GMainLoop        *loop;
  int               exit_code;
  gboolean          done;

  /* Options. */
  char             *host;
  int               port;         /* -1 when not given */
  char             *host_profile;
  int               timeout_s;
  gboolean          json;
  char             *file;
  char             *destination_name;

  GSettings        *settings;
  OnairSecretStore *secrets;
  OnairHostProfile *target;       /* the host to talk to, once the options are resolved */
  OnairVmixClient  *client;
  OnairPoller      *poller;
  OnairController  *controller;
  OnairDestination *destination;

  gulong            state_handler;
  gulong            failed_handler;
  guint             timeout_id;

  /* What to do once connected; NULL for status, which asks once. */
  CliOperation      operation;
  gboolean          start;
  guint             channel;      /* 0-based */
  char             *function;
  GPtrArray        *params;       /* name, value, …, NULL */

  /* watch */
  int               tcp_port;     /* -1: the host's (8099); 0: HTTP polls only */
  int               watch_count;  /* stop after so many changes; 0 never */
  guint             watch_changes;
  gboolean          watch_pushed;
  gpointer          watch_snapshot;
};

/* onair-vmix-connect.c */
void              cli_clear                  (Cli                    *self);
void              cli_finish                 (Cli                    *self,
                                              int                     exit_code,
                                              const char             *message);
int               cli_run                    (Cli                    *self);
GSettings        *cli_open_settings          (void);
OnairHostProfile *cli_find_host_profile      (GSettings              *settings,
                                              const char             *name,
                                              GError                **error);
void              cli_lookup_password_async  (OnairSecretStore       *secrets,
                                              const OnairHostProfile *profile,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
char             *cli_lookup_password_finish (OnairSecretStore       *secrets,
                                              GAsyncResult           *result,
                                              GError                **error);
int               cli_operation_exit_code    (const GError           *error);
char             *cli_format_duration        (gint64                  seconds);

/* onair-vmix-status.c */
int               cli_status_from_file       (Cli                    *self);
void              cli_fetch_status           (Cli                    *self);
int               cli_fleet_status           (Cli                    *self);

/* onair-vmix-operations.c */
OnairDestination *cli_find_destination       (Cli                    *self,
                                              GError                **error);
void              cli_stream_operation       (Cli                    *self);
void              cli_record_operation       (Cli                    *self);
void              cli_call_operation         (Cli                    *self);

/* onair-vmix-watch.c */
void              cli_watch_operation        (Cli                    *self);

/* onair-vmix-schedule.c */
int               cli_schedule               (Cli                    *self,
                                              int                     argc,
                                              char                  **argv);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

G_END_DECLS
