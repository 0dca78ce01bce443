/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The window's insides, shared by its files: the window, its header and health banner
 * (onair-window.c) and its actions, shortcuts and quitting (onair-window-actions.c). */

#include "onair-control-room.h"
#include "onair-window.h"

G_BEGIN_DECLS

struct _OnairWindow
{
  AdwApplicationWindow  parent_instance;

  OnairApplication     *application;
  GPtrArray            *watched_monitors; /* OnairHealthMonitor*, one per host */
  guint                 tick_id;
  gboolean              close_confirmed;
  GtkWidget            *quit_dialog;      /* weak */

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkDropDown          *host_dropdown;
  GtkStringList        *host_names;
  gboolean              syncing_hosts;
  GtkWidget            *emulator_badge;
  GtkRevealer          *health_revealer;
  GtkWidget            *health_banner;
  GtkImage             *health_banner_icon;
  GtkLabel             *health_banner_status;
  GtkLabel             *health_banner_label;
  GtkWidget            *health_banner_button;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  OnairControlRoom     *control_room;
};

void onair_window_class_add_actions (GtkWidgetClass *widget_class);
void onair_window_set_accels        (OnairWindow    *self);
char *onair_window_dup_on_air       (OnairWindow    *self);

G_END_DECLS
