/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_WINDOW (onair_window_get_type ())
G_DECLARE_FINAL_TYPE (OnairWindow, onair_window, ONAIR, WINDOW, AdwApplicationWindow)

OnairWindow *onair_window_new                (OnairApplication *application);
const char  *onair_window_get_visible_page   (OnairWindow      *self);
const char  *onair_window_get_status_title       (OnairWindow *self);
const char  *onair_window_get_status_description (OnairWindow *self);
GtkWidget   *onair_window_get_stream_card        (OnairWindow *self,
                                                  guint        channel);
guint        onair_window_get_n_stream_cards     (OnairWindow *self);
void         onair_window_add_page               (OnairWindow *self,
                                                  GtkWidget   *page,
                                                  const char  *name,
                                                  const char  *title,
                                                  const char  *icon_name);
const char  *onair_window_get_shown_page         (OnairWindow *self);
GtkWidget   *onair_window_get_page               (OnairWindow *self,
                                                  const char  *name);
void         onair_window_show_page              (OnairWindow *self,
                                                  const char  *name);
void         onair_window_add_toast          (OnairWindow      *self,
                                              const char       *text);
void         onair_window_request_quit       (OnairWindow      *self);

G_END_DECLS
