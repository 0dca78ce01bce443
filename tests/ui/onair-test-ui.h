/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void      onair_test_ui_init           (int         *argc,
                                        char      ***argv);
gboolean  onair_test_ui_wait_until     (gboolean   (*predicate) (gpointer data),
                                        gpointer     data,
                                        guint        timeout_ms);
void      onair_test_ui_settle         (guint        ms);
char     *onair_test_ui_save_png       (GtkWidget   *widget,
                                        const char  *name);

G_END_DECLS
