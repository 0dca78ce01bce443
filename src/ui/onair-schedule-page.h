/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_SCHEDULE_PAGE (onair_schedule_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairSchedulePage, onair_schedule_page, ONAIR, SCHEDULE_PAGE, GtkWidget)

OnairSchedulePage *onair_schedule_page_new               (OnairApplication  *application);
const char        *onair_schedule_page_get_countdown     (OnairSchedulePage *self);
const char        *onair_schedule_page_get_background    (OnairSchedulePage *self);
guint              onair_schedule_page_get_n_upcoming    (OnairSchedulePage *self);
guint              onair_schedule_page_get_n_past        (OnairSchedulePage *self);

G_END_DECLS
