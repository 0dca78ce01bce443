/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * For what is set again at every poll. GTK 4.8 restyles a widget whose CSS class is taken
 * away and given back (and lays the window out again), and asks the X server where the pointer
 * is whenever a tooltip is set, changed or not: a round trip per call. These change nothing
 * when nothing changes.
 */

static inline void
onair_widget_set_css_class (GtkWidget  *widget,
                            const char *name,
                            gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static inline void
onair_widget_set_tooltip_text (GtkWidget  *widget,
                               const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

G_END_DECLS
