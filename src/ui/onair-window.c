/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-destinations-page.h"
#include "onair-health-page.h"
#include "onair-overview-page.h"
#include "onair-window-private.h"
#include "onair-witness-page.h"
#include "onair-schedule-page.h"

/*
 * The main window: the header with the host switcher and the pages' switcher, the show's
 * health under it on every page, the pages (the Control Room first) and toasts. Its actions
 * and quitting are in onair-window-actions.c.
 */

G_DEFINE_FINAL_TYPE (OnairWindow, onair_window, ADW_TYPE_APPLICATION_WINDOW)

static void
control_room_toast_cb (OnairWindow *self,
                       AdwToast    *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

/* The show's health, on every page: the chosen host's, or with several hosts the worst of
 * them, with its first reason. */

static GPtrArray *
dup_health_reasons (OnairWindow       *self,
                    OnairHealthStatus *status)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  GPtrArray *reasons;
  g_autoptr(OnairVmixSession) session = NULL;
  OnairHealthMonitor *monitor;
  GPtrArray *own;

  if (g_list_model_get_n_items (fleet) != 1)
    {
      *status = onair_fleet_get_status (ONAIR_FLEET (fleet));
      return onair_fleet_dup_reasons (ONAIR_FLEET (fleet));
    }

  /* One host: its reasons need no host name. */
  session = g_list_model_get_item (fleet, 0);
  monitor = onair_vmix_session_get_health (session);
  *status = onair_health_monitor_get_status (monitor);
  reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_health_reason_free);
  own = onair_health_monitor_get_reasons (monitor);
  for (guint i = 0; own != NULL && i < own->len; i++)
    {
      const OnairHealthReason *reason = g_ptr_array_index (own, i);

      if (reason->severity >= ONAIR_HEALTH_WARNING)
        g_ptr_array_add (reasons, onair_health_reason_copy (reason));
    }
  return reasons;
}

static void
update_health_banner (OnairWindow *self)
{
  OnairHealthStatus status = ONAIR_HEALTH_UNKNOWN;
  g_autoptr(GPtrArray) reasons = dup_health_reasons (self, &status);
  gboolean critical = status == ONAIR_HEALTH_CRITICAL;
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->health_revealer, status >= ONAIR_HEALTH_WARNING);
  if (status < ONAIR_HEALTH_WARNING)
    return;

  if (reasons->len == 0)
    text = g_strdup (critical ? _("The show is in trouble") : _("Something needs a look"));
  else if (reasons->len == 1)
    text = g_strdup (((OnairHealthReason *) g_ptr_array_index (reasons, 0))->message);
  else
    /* Translators: the first health reason, and how many more there are:
     * "Stream 2 dropped: vMix reports it off · +2 more" */
    text = g_strdup_printf (ngettext ("%s · +%u more", "%s · +%u more", reasons->len - 1),
                            ((OnairHealthReason *) g_ptr_array_index (reasons, 0))->message,
                            reasons->len - 1);

  gtk_label_set_label (self->health_banner_status, critical ? _("Critical") : _("Warning"));
  gtk_label_set_label (self->health_banner_label, text);
  gtk_image_set_from_icon_name (self->health_banner_icon,
                                critical ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (self->health_banner, critical ? "warning" : "critical");
  gtk_widget_add_css_class (self->health_banner, critical ? "critical" : "warning");
}

static void
health_page_shown_cb (OnairWindow *self)
{
  gtk_widget_set_visible (self->health_banner_button,
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                     "health") != 0);
}

static void
unwatch_monitors (OnairWindow *self)
{
  for (guint i = 0; i < self->watched_monitors->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched_monitors, i), self);
  g_ptr_array_set_size (self->watched_monitors, 0);
}

static void
watch_monitors (OnairWindow *self)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));

  unwatch_monitors (self);
  for (guint i = 0; i < g_list_model_get_n_items (fleet); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, i);
      OnairHealthMonitor *monitor = onair_vmix_session_get_health (session);

      g_signal_connect_swapped (monitor, "notify::status", G_CALLBACK (update_health_banner),
                                self);
      g_signal_connect_swapped (monitor, "notify::reasons", G_CALLBACK (update_health_banner),
                                self);
      g_ptr_array_add (self->watched_monitors, g_object_ref (monitor));
    }
  update_health_banner (self);
}

/* The title carries "● LIVE" while anything is on air, for the task switcher; the header
 * says whether Onair runs against the emulator. */
static void
update_title (OnairWindow *self)
{
  g_autofree char *on_air = onair_window_dup_on_air (self);
  /* Translators: the window's title while a stream or the recording is on air */
  const char *title = on_air ? _("● LIVE — Onair") : _("Onair");

  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), title) != 0)
    gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->emulator_badge,
                          onair_application_get_emulator (self->application) != NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_title (user_data);
  return G_SOURCE_CONTINUE;
}

/* The host switcher: the Control Room and the Health page show the chosen host. */

static void
sync_host_selection (OnairWindow *self)
{
  OnairFleet *fleet = onair_application_get_fleet (self->application);
  const char *chosen = onair_application_get_chosen_host_id (self->application);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fleet));

  self->syncing_hosts = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      if (g_strcmp0 (onair_vmix_session_get_id (session), chosen) == 0)
        gtk_drop_down_set_selected (self->host_dropdown, i);
    }
  self->syncing_hosts = FALSE;
}

static void
rebuild_host_switcher (OnairWindow *self)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  guint n = g_list_model_get_n_items (fleet);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, i);

      g_ptr_array_add (names, g_strdup (onair_vmix_session_get_name (session)));
    }
  g_ptr_array_add (names, NULL);
  self->syncing_hosts = TRUE;
  gtk_string_list_splice (self->host_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->host_names)),
                          (const char * const *) names->pdata);
  self->syncing_hosts = FALSE;
  /* One host needs no switcher. */
  gtk_widget_set_visible (GTK_WIDGET (self->host_dropdown), n > 1);
  sync_host_selection (self);
}

static void
host_selected_cb (OnairWindow *self)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  guint selected = gtk_drop_down_get_selected (self->host_dropdown);
  g_autoptr(OnairVmixSession) session = NULL;

  if (self->syncing_hosts || selected >= g_list_model_get_n_items (fleet))
    return;
  session = g_list_model_get_item (fleet, selected);
  onair_application_set_chosen_host_id (self->application, onair_vmix_session_get_id (session));
}

static void
onair_window_dispose (GObject *object)
{
  OnairWindow *self = ONAIR_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->watched_monitors != NULL)
    unwatch_monitors (self);
  g_clear_pointer (&self->watched_monitors, g_ptr_array_unref);
  g_clear_weak_pointer (&self->quit_dialog);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  g_clear_object (&self->application);

  /* No gtk_widget_dispose_template() here: with libadwaita 1.2 it disposes the view stack's
   * pages before the stack, which then unparents a finalized child. The window's own dispose
   * releases the template's widgets. */
  G_OBJECT_CLASS (onair_window_parent_class)->dispose (object);
}

static void
onair_window_class_init (OnairWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_window_dispose;

  g_type_ensure (ONAIR_TYPE_CONTROL_ROOM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, host_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, host_names);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, control_room);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, emulator_badge);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_banner);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_banner_icon);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_banner_status);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_banner_label);
  gtk_widget_class_bind_template_child (widget_class, OnairWindow, health_banner_button);
  gtk_widget_class_bind_template_callback (widget_class, host_selected_cb);

  onair_window_class_add_actions (widget_class);
}

static void
onair_window_init (OnairWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->watched_monitors = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (health_page_shown_cb), self);
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

  onair_window_set_accels (self);
  g_signal_connect_object (onair_application_get_fleet (application), "items-changed",
                           G_CALLBACK (rebuild_host_switcher), self, G_CONNECT_SWAPPED);
  /* A host renamed in Preferences stays the same item of the fleet. */
  g_signal_connect_object (settings, "changed::hosts", G_CALLBACK (rebuild_host_switcher), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (onair_application_get_fleet (application), "items-changed",
                           G_CALLBACK (watch_monitors), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::controller", G_CALLBACK (update_title), self,
                           G_CONNECT_SWAPPED);
  watch_monitors (self);
  g_signal_connect_object (application, "notify::chosen-host-id",
                           G_CALLBACK (sync_host_selection), self, G_CONNECT_SWAPPED);
  rebuild_host_switcher (self);

  onair_control_room_set_application (self->control_room, application);
  g_signal_connect_object (self->control_room, "toast", G_CALLBACK (control_room_toast_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self->control_room, "subtitle", self->switcher_title, "subtitle",
                          G_BINDING_SYNC_CREATE);
  onair_window_add_page (self, GTK_WIDGET (onair_overview_page_new (application)), "overview",
                         _("Overview"), "view-grid-symbolic");
  onair_window_add_page (self, GTK_WIDGET (onair_health_page_new (application)), "health",
                         _("Health"), "onair-health-symbolic");
  onair_window_add_page (self, GTK_WIDGET (onair_destinations_page_new (application)),
                         "destinations", _("Destinations"), "network-server-symbolic");
  onair_window_add_page (self, GTK_WIDGET (onair_witness_page_new (application)), "witness",
                         _("Witness Log"), "document-properties-symbolic");
  onair_window_add_page (self, GTK_WIDGET (onair_schedule_page_new (application)), "schedule",
                         _("Schedule"), "alarm-symbolic");
  update_title (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  return self;
}

/**
 * onair_window_get_visible_page:
 *
 * Returns: the Control Room's status: "connecting", "error" or "connected"
 */
const char *
onair_window_get_visible_page (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return onair_control_room_get_visible_page (self->control_room);
}

void
onair_window_add_toast (OnairWindow *self,
                        const char  *text)
{
  AdwToast *toast;

  g_return_if_fail (ONAIR_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * onair_window_get_status_title:
 *
 * Returns: the title of the connection status shown, e.g. "Connected to vMix 28.0.0.39 (4K)"
 */
const char *
onair_window_get_status_title (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return onair_control_room_get_status_title (self->control_room);
}

/**
 * onair_window_get_status_description:
 *
 * Returns: (nullable): the text under the status title, e.g. the error
 */
const char *
onair_window_get_status_description (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return onair_control_room_get_status_description (self->control_room);
}

/**
 * onair_window_get_stream_card:
 * @channel: 0-based
 *
 * Returns: (transfer none) (nullable): the card of a stream channel
 */
GtkWidget *
onair_window_get_stream_card (OnairWindow *self,
                              guint        channel)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return GTK_WIDGET (onair_control_room_get_stream_card (self->control_room, channel));
}

guint
onair_window_get_n_stream_cards (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), 0);
  return onair_control_room_get_n_stream_cards (self->control_room);
}

/**
 * onair_window_add_page:
 * @page: the page's widget
 * @name: its id, e.g. "destinations"
 * @title: its translated title
 * @icon_name: its symbolic icon
 *
 * Adds a page beside the control room in the header's view switcher.
 */
void
onair_window_add_page (OnairWindow *self,
                       GtkWidget   *page,
                       const char  *name,
                       const char  *title,
                       const char  *icon_name)
{
  g_return_if_fail (ONAIR_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  adw_view_stack_add_titled (self->view_stack, page, name, title);
  adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->view_stack, page), icon_name);
}

/**
 * onair_window_show_page:
 * @name: a page id: "control", or one given to onair_window_add_page()
 */
void
onair_window_show_page (OnairWindow *self,
                        const char  *name)
{
  g_return_if_fail (ONAIR_IS_WINDOW (self));
  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * onair_window_get_page:
 * @name: a page id given to onair_window_add_page()
 *
 * Returns: (transfer none) (nullable): the page's widget
 */
GtkWidget *
onair_window_get_page (OnairWindow *self,
                       const char  *name)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

/**
 * onair_window_get_shown_page:
 *
 * Returns: (nullable): the page of the view switcher shown, e.g. "control" or "overview"
 */
const char *
onair_window_get_shown_page (OnairWindow *self)
{
  g_return_val_if_fail (ONAIR_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}
