/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_DESTINATIONS_PAGE (onair_destinations_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairDestinationsPage, onair_destinations_page, ONAIR,
                      DESTINATIONS_PAGE, GtkWidget)

OnairDestinationsPage *onair_destinations_page_new (OnairApplication *application);

G_END_DECLS
