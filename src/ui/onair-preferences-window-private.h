/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The preferences window's insides, shared by its files: the window with the single host of
 * earlier versions, polling and health thresholds (onair-preferences-window.c), and the list
 * of vMix hosts (onair-preferences-window-hosts.c). */

#include "onair-preferences-window.h"

G_BEGIN_DECLS

struct _OnairPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  OnairApplication     *application;
  GSettings            *settings;
  GCancellable         *cancellable;     /* keyring calls and tests; cancelled when the window goes */
  GPtrArray            *profiles;        /* OnairHostProfile*: the hosts as the rows show them */
  GPtrArray            *host_rows;       /* GtkWidget*: the rows in hosts_group */
  GHashTable           *test_results;    /* host id → what its last connection test said */
  GHashTable           *testing;         /* host ids whose connection test runs */
  gboolean              clearing_host_only;

  AdwPreferencesGroup  *hosts_group;
  GtkWidget            *add_host_button;
  AdwPreferencesGroup  *vmix_group;
  AdwPreferencesGroup  *login_group;
  AdwEntryRow          *host_row;
  GtkSpinButton        *port_spin;
  GtkSwitch            *tls_switch;
  AdwEntryRow          *username_row;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *password_state_row;
  GtkButton            *remove_password_button;
  GtkSpinButton        *interval_spin;
};

void     onair_preferences_window_show_error       (OnairPreferencesWindow *self,
                                                    const GError           *error);
gboolean onair_preferences_window_is_demo          (OnairPreferencesWindow *self);
void     onair_preferences_window_update_host_rows (OnairPreferencesWindow *self);
void     onair_preferences_window_add_host_clicked_cb (OnairPreferencesWindow *self);
/* The Alerts page (onair-preferences-window-alerts.c) */
void     onair_preferences_window_add_alerts_page  (OnairPreferencesWindow *self);

G_END_DECLS
