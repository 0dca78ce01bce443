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
typedef gboolean (*OnairTestUiMatch) (GtkWidget     *widget,
                                      gconstpointer  data);

GtkWidget *onair_test_ui_find            (GtkWidget       *widget,
                                          OnairTestUiMatch match,
                                          gconstpointer    data);
GtkWidget *onair_test_ui_find_label      (GtkWidget  *widget,
                                          const char *text,
                                          gboolean    whole);
GtkWidget *onair_test_ui_find_descendant (GtkWidget  *widget,
                                          GType       type);
GtkWidget *onair_test_ui_find_row        (GtkWidget  *widget,
                                          GType       type,
                                          const char *title);
GtkWidget *onair_test_ui_find_button     (GtkWidget  *widget,
                                          const char *label_or_tooltip);

G_END_DECLS
