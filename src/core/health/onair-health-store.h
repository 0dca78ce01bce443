/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-health-history.h"

G_BEGIN_DECLS

/* How long samples wait in memory before they are appended to disk. */
#define ONAIR_HEALTH_STORE_FLUSH_INTERVAL_MS 5000
/* Days of history kept on disk unless the settings say otherwise. */
#define ONAIR_HEALTH_STORE_DEFAULT_DAYS      7

#define ONAIR_TYPE_HEALTH_STORE (onair_health_store_get_type ())
G_DECLARE_FINAL_TYPE (OnairHealthStore, onair_health_store, ONAIR, HEALTH_STORE, GObject)

OnairHealthStore   *onair_health_store_new                   (OnairHealthHistory  *history,
                                                              const char          *directory,
                                                              guint                retention_days);
char               *onair_health_store_dup_default_directory (const char          *host_id);
OnairHealthStore   *onair_health_store_find                  (OnairHealthHistory  *history);
OnairHealthHistory *onair_health_store_get_history           (OnairHealthStore    *self);
const char         *onair_health_store_get_directory         (OnairHealthStore    *self);
void                onair_health_store_set_retention_days    (OnairHealthStore    *self,
                                                              guint                days);
guint               onair_health_store_get_retention_days    (OnairHealthStore    *self);
void                onair_health_store_set_flush_interval_ms (OnairHealthStore    *self,
                                                              guint                interval_ms);
guint64             onair_health_store_get_bytes_written     (OnairHealthStore    *self);
gboolean            onair_health_store_get_loaded            (OnairHealthStore    *self);
void                onair_health_store_detach                (OnairHealthStore    *self);

void                onair_health_store_load_async            (OnairHealthStore    *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            onair_health_store_load_finish           (OnairHealthStore    *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                onair_health_store_flush_async           (OnairHealthStore    *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            onair_health_store_flush_finish          (OnairHealthStore    *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
