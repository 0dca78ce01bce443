/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_HOST_DIALOG (onair_host_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OnairHostDialog, onair_host_dialog, ONAIR, HOST_DIALOG, AdwWindow)

OnairHostDialog *onair_host_dialog_new             (OnairApplication       *application,
                                                    GtkWindow              *parent,
                                                    GPtrArray              *profiles,
                                                    const OnairHostProfile *profile);
void             onair_host_dialog_save            (OnairHostDialog        *self);
void             onair_host_dialog_test_connection (OnairHostDialog        *self);

G_END_DECLS
