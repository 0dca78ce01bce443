/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_SCHEDULE_DIALOG (onair_schedule_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OnairScheduleDialog, onair_schedule_dialog, ONAIR, SCHEDULE_DIALOG, AdwWindow)

OnairScheduleDialog *onair_schedule_dialog_new       (OnairApplication    *application,
                                                      const OnairSchedule *schedule);
gboolean             onair_schedule_dialog_save      (OnairScheduleDialog *self);
const char          *onair_schedule_dialog_get_error (OnairScheduleDialog *self);

G_END_DECLS
