/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_WELCOME_PAGE (onair_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairWelcomePage, onair_welcome_page, ONAIR, WELCOME_PAGE, AdwBin)

OnairWelcomePage *onair_welcome_page_new             (OnairApplication *application);
void              onair_welcome_page_test_connection (OnairWelcomePage *self);
void              onair_welcome_page_save            (OnairWelcomePage *self);
void              onair_welcome_page_try_emulator    (OnairWelcomePage *self);

G_END_DECLS
