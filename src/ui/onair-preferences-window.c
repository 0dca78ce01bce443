/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-preferences-window.h"

struct _OnairPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *host_row;
  GtkSpinButton        *port_spin;
  GtkSwitch            *tls_switch;
  GtkSpinButton        *interval_spin;
};

G_DEFINE_FINAL_TYPE (OnairPreferencesWindow, onair_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
onair_preferences_window_dispose (GObject *object)
{
  OnairPreferencesWindow *self = ONAIR_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (onair_preferences_window_parent_class)->dispose (object);
}

static void
onair_preferences_window_class_init (OnairPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, tls_switch);
  gtk_widget_class_bind_template_child (widget_class, OnairPreferencesWindow, interval_spin);
}

static void
onair_preferences_window_init (OnairPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_preferences_window_new:
 * @settings: Onair's settings, bound straight to the rows
 *
 * Returns: (transfer full): the preferences window
 */
OnairPreferencesWindow *
onair_preferences_window_new (GSettings *settings)
{
  OnairPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ONAIR_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  /* The host applies with the row's apply button, so a half-typed name never connects. */
  g_settings_bind (settings, "host", self->host_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "use-tls", self->tls_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "poll-interval-ms", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}
