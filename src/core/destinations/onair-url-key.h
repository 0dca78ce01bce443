/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean onair_url_find_key (const char  *url,
                             char       **out_server,
                             char       **out_key);

G_END_DECLS
