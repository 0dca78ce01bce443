/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_OVERVIEW_PAGE (onair_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (OnairOverviewPage, onair_overview_page, ONAIR, OVERVIEW_PAGE, GtkWidget)

OnairOverviewPage *onair_overview_page_new            (OnairApplication  *application);
GtkWidget         *onair_overview_page_get_host_tile  (OnairOverviewPage *self,
                                                       const char        *id);
const char        *onair_overview_page_get_host_state (OnairOverviewPage *self,
                                                       const char        *id);

G_END_DECLS
