/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-secret-store.h"
#include "core/show/onair-host-profile.h"

G_BEGIN_DECLS

OnairHostProfile *onair_host_connection_parse_profile   (const char             *id,
                                                         const char             *name,
                                                         OnairHostRole           role,
                                                         const char             *host,
                                                         const char             *port_text,
                                                         gboolean                use_tls,
                                                         const char             *username,
                                                         const char             *password,
                                                         char                  **problem);

void              onair_host_connection_test_async      (OnairSecretStore       *secrets,
                                                         const OnairHostProfile *profile,
                                                         const char             *password,
                                                         const OnairHostProfile *stored,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
char             *onair_host_connection_test_finish     (GAsyncResult           *result,
                                                         GError                **error);

void              onair_host_connection_store_password_async  (OnairSecretStore       *secrets,
                                                               const OnairHostProfile *profile,
                                                               const char             *password,
                                                               const OnairHostProfile *previous,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean          onair_host_connection_store_password_finish (GAsyncResult           *result,
                                                               GError                **error);

G_END_DECLS
