/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "onair-destination.h"
#include "onair-secret-store.h"

G_BEGIN_DECLS

/* The GSettings key (type aa{sv}) that holds the destinations, without their keys. */
#define ONAIR_DESTINATION_LIST_SETTINGS_KEY "destinations"

#define ONAIR_TYPE_DESTINATION_LIST (onair_destination_list_get_type ())

G_DECLARE_FINAL_TYPE (OnairDestinationList, onair_destination_list,
                      ONAIR, DESTINATION_LIST, GObject)

OnairDestinationList *onair_destination_list_new           (void);
void                  onair_destination_list_load          (OnairDestinationList  *self,
                                                            GSettings             *settings);
gboolean              onair_destination_list_save          (OnairDestinationList  *self,
                                                            GSettings             *settings);
GVariant             *onair_destination_list_to_variant    (OnairDestinationList  *self);
void                  onair_destination_list_add           (OnairDestinationList  *self,
                                                            OnairDestination      *destination);
gboolean              onair_destination_list_remove        (OnairDestinationList  *self,
                                                            OnairDestination      *destination);
OnairDestination     *onair_destination_list_lookup        (OnairDestinationList  *self,
                                                            const char            *id);
void                  onair_destination_list_delete_async  (OnairDestinationList  *self,
                                                            OnairDestination      *destination,
                                                            OnairSecretStore      *store,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              onair_destination_list_delete_finish (OnairDestinationList  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
