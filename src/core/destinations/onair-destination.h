/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-secret-store.h"
#include "onair-url.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_DESTINATION (onair_destination_get_type ())

G_DECLARE_FINAL_TYPE (OnairDestination, onair_destination, ONAIR, DESTINATION, GObject)

OnairDestination *onair_destination_new                  (const char        *preset_id);
OnairDestination *onair_destination_new_from_variant     (GVariant          *variant,
                                                          GError           **error);
GVariant         *onair_destination_to_variant           (OnairDestination  *self);

const char       *onair_destination_get_id               (OnairDestination  *self);
const char       *onair_destination_get_name             (OnairDestination  *self);
void              onair_destination_set_name             (OnairDestination  *self,
                                                          const char        *name);
const char       *onair_destination_get_preset_id        (OnairDestination  *self);
void              onair_destination_set_preset_id        (OnairDestination  *self,
                                                          const char        *preset_id);
const char       *onair_destination_get_server_url       (OnairDestination  *self);
void              onair_destination_set_server_url       (OnairDestination  *self,
                                                          const char        *server_url);
const char       *onair_destination_get_username         (OnairDestination  *self);
void              onair_destination_set_username         (OnairDestination  *self,
                                                          const char        *username);
const char       *onair_destination_get_ingest_stats_url (OnairDestination  *self);
void              onair_destination_set_ingest_stats_url (OnairDestination  *self,
                                                          const char        *ingest_stats_url);
const char       *onair_destination_get_key_id           (OnairDestination  *self);
const char       *onair_destination_get_key_fingerprint  (OnairDestination  *self);
gboolean          onair_destination_has_key              (OnairDestination  *self);

gboolean          onair_destination_validate             (OnairDestination  *self,
                                                          OnairUrlWarnings  *out_warnings,
                                                          GError           **error);

void              onair_destination_store_key_async      (OnairDestination     *self,
                                                          OnairSecretStore     *store,
                                                          const char           *key,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean          onair_destination_store_key_finish     (OnairDestination     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void              onair_destination_lookup_key_async     (OnairDestination     *self,
                                                          OnairSecretStore     *store,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
char             *onair_destination_lookup_key_finish    (OnairDestination     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void              onair_destination_clear_secrets_async  (OnairDestination     *self,
                                                          OnairSecretStore     *store,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean          onair_destination_clear_secrets_finish (OnairDestination     *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
