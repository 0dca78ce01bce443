/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_PREFERENCES_WINDOW (onair_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (OnairPreferencesWindow, onair_preferences_window, ONAIR,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

OnairPreferencesWindow *onair_preferences_window_new (OnairApplication *application);

G_END_DECLS
