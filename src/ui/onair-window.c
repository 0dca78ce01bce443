/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-window.h"

struct _OnairWindow
{
  AdwApplicationWindow  parent_instance;

  OnairApplication     *application;
  OnairPoller          *poller;
  gulong                poller_state_handler;
  gulong                poller_failed_handler;
  gulong                poller_connection_handler;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *error_page;
  AdwStatusPage        *connected_page;
};

G_DEFINE_FINAL_TYPE (OnairWindow, onair_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_page (OnairWindow *self,
           const char  *name)
{
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (name, "connecting"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

static char *
describe_address (OnairWindow *self)
{
  OnairVmixClient *client = onair_poller_get_client (self->poller);
  g_autofree char *uri = onair_vmix_client_dup_base_uri (client);

  return g_strdup (uri);
}

static void
update_connection (OnairWindow *self)
{
  OnairConnectionState state;
  OnairVmixState *vmix;
  const GError *error;

  if (self->poller == NULL)
    {
      show_page (self, "connecting");
      return;
    }

  state = onair_poller_get_connection_state (self->poller);
  vmix = onair_poller_get_state (self->poller);
  error = onair_poller_get_last_error (self->poller);

  if ((state == ONAIR_CONNECTION_CONNECTED || state == ONAIR_CONNECTION_DEGRADED) && vmix != NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;
      g_autofree char *address = describe_address (self);
      double round_trip_ms = onair_poller_get_round_trip_us (self->poller) / 1000.0;

      /* Translators: "Connected to vMix 28.0.0.39 (4K)" */
      title = g_strdup_printf (_("Connected to vMix %s (%s)"),
                               onair_vmix_state_get_version (vmix)
                                 ? onair_vmix_state_get_version (vmix) : _("unknown version"),
                               onair_vmix_state_get_edition (vmix)
                                 ? onair_vmix_state_get_edition (vmix) : _("unknown edition"));
      if (state == ONAIR_CONNECTION_DEGRADED && error != NULL)
        description = g_strdup_printf (_("%s · last poll failed: %s"), address, error->message);
      else
        description = g_strdup_printf (_("%s · %u stream channels · %.0f ms round trip"),
                                       address, onair_vmix_state_get_stream_count (vmix),
                                       round_trip_ms);
      adw_status_page_set_title (self->connected_page, title);
      adw_status_page_set_description (self->connected_page, description);
      adw_window_title_set_subtitle (self->window_title, title);
      show_page (self, "connected");
    }
  else if (state == ONAIR_CONNECTION_LOST && error != NULL)
    {
      g_autofree char *address = describe_address (self);

      adw_status_page_set_description (self->error_page, error->message);
      adw_window_title_set_subtitle (self->window_title, _("Not connected"));
      show_page (self, "error");
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      show_page (self, "connecting");
    }
}

static void
poller_changed_cb (OnairWindow *self)
{
  update_connection (self);
}

static void
disconnect_poller (OnairWindow *self)
{
  if (self->poller == NULL)
    return;
  g_clear_signal_handler (&self->poller_state_handler, self->poller);
  g_clear_signal_handler (&self->poller_failed_handler, self->poller);
  g_clear_signal_handler (&self->poller_connection_handler, self->poller);
  g_clear_object (&self->poller);
}

static void
application_poller_cb (OnairWindow *self)
{
  OnairPoller *poller = onair_application_get_poller (self->application);

  disconnect_poller (self);
  if (poller != NULL)
    {
      self->poller = g_object_ref (poller);
      self->poller_state_handler =
        g_signal_connect_swapped (poller, "state-received", G_CALLBACK (poller_changed_cb), self);
      self->poller_failed_handler =
        g_signal_connect_swapped (poller, "poll-failed", G_CALLBACK (poller_changed_cb), self);
      self->poller_connection_handler =
        g_signal_connect_swapped (poller, "notify::connection-state",
                                  G_CALLBACK (poller_changed_cb), self);
    }
  update_connection (self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OnairWindow *self = ONAIR_WINDOW (widget);

  if (self->poller != NULL)
    {
      show_page (self, "connecting");
      onair_poller_reconnect_now (self->poller);
    }
}

static void
onair_window_dispose (GObject *object)
{
  OnairWindow *self = ONAIR_WINDOW (object);

  disconnect_poller (self);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  g_clear_object (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_WINDOW);

  G_OBJECT_CLASS (onair_window_parent_class)->dispose (object);
}

static void
onair_window_class_init (OnairWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, connected_page);

  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reconnect", NULL);
}

static void
onair_window_init (OnairWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_window_new:
 *
 * Returns: (transfer full): the main window, following the application's connection
 */
OnairWindow *
onair_window_new (OnairApplication *application)
{
  OnairWindow *self;
  GSettings *settings;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);

  settings = onair_application_get_settings (application);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (application, "notify::poller",
                           G_CALLBACK (application_poller_cb), self, G_CONNECT_SWAPPED);
  application_poller_cb (self);

  return self;
}

/**
 * onair_window_get_visible_page:
 *
 * Returns: "connecting", "error" or "connected"
 */
const char *
onair_window_get_visible_page (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
onair_window_add_toast (OnairWindow *self,
                        const char  *text)
{
  g_return_if_fail (ONAIR_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/**
 * onair_window_get_status_title:
 *
 * Returns: the title of the connection status shown, e.g. "Connected to vMix 28.0.0.39 (4K)"
 */
const char *
onair_window_get_status_title (OnairWindow *self)
{
  const char *page;

  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "connected") == 0)
    return adw_status_page_get_title (self->connected_page);
  if (g_strcmp0 (page, "error") == 0)
    return adw_status_page_get_title (self->error_page);
  return adw_status_page_get_title (self->connecting_page);
}

/**
 * onair_window_get_status_description:
 *
 * Returns: (nullable): the description under the status title, e.g. the error
 */
const char *
onair_window_get_status_description (OnairWindow *self)
{
  const char *page;

  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "connected") == 0)
    return adw_status_page_get_description (self->connected_page);
  if (g_strcmp0 (page, "error") == 0)
    return adw_status_page_get_description (self->error_page);
  return adw_status_page_get_description (self->connecting_page);
}
