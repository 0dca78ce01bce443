/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-vmix-error.h"
#include "onair-vmix-state.h"

G_BEGIN_DECLS

/* Default bounds; both can be changed per client. */
#define ONAIR_VMIX_CLIENT_DEFAULT_TIMEOUT_MS   5000
#define ONAIR_VMIX_CLIENT_DEFAULT_MAX_RESPONSE (8 * 1024 * 1024)

#define ONAIR_TYPE_VMIX_CLIENT (onair_vmix_client_get_type ())
G_DECLARE_FINAL_TYPE (OnairVmixClient, onair_vmix_client, ONAIR, VMIX_CLIENT, GObject)

OnairVmixClient *onair_vmix_client_new                  (const char           *host,
                                                         guint                 port,
                                                         gboolean              use_tls,
                                                         GError              **error);
char            *onair_vmix_client_dup_base_uri         (OnairVmixClient      *self);
void             onair_vmix_client_set_credentials      (OnairVmixClient      *self,
                                                         const char           *user,
                                                         const char           *password);
void             onair_vmix_client_set_timeout_ms       (OnairVmixClient      *self,
                                                         guint                 timeout_ms);
guint            onair_vmix_client_get_timeout_ms       (OnairVmixClient      *self);
void             onair_vmix_client_set_max_response_size (OnairVmixClient     *self,
                                                         gsize                 max_bytes);
void             onair_vmix_client_set_tls_accept_any   (OnairVmixClient      *self,
                                                         gboolean              accept_any);

void             onair_vmix_client_call_async           (OnairVmixClient      *self,
                                                         const char           *function,
                                                         const char * const   *params,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
char            *onair_vmix_client_call_finish          (OnairVmixClient      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void             onair_vmix_client_fetch_state_async    (OnairVmixClient      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
OnairVmixState  *onair_vmix_client_fetch_state_finish   (OnairVmixClient      *self,
                                                         GAsyncResult         *result,
                                                         gint64               *round_trip_us,
                                                         GError              **error);

gboolean         onair_vmix_function_name_is_valid      (const char           *function);
char            *onair_vmix_redact_query                (const char           *function,
                                                         const char * const   *params);

G_END_DECLS
