/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_DESTINATION_DIALOG (onair_destination_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OnairDestinationDialog, onair_destination_dialog, ONAIR,
                      DESTINATION_DIALOG, AdwWindow)

OnairDestinationDialog *onair_destination_dialog_new             (OnairApplication       *application,
                                                                  GtkWindow              *parent,
                                                                  OnairDestination       *destination);
OnairDestination       *onair_destination_dialog_get_destination (OnairDestinationDialog *self);

G_END_DECLS
