/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-application-private.h"

/*
 * Scheduled shows in the application: the scheduler watches the fleet with the app's
 * destinations, witness recorder and alert sinks, and follows the schedules in settings.
 * Its alerts are desktop notifications too (the scheduler sends them to the sinks). While
 * a schedule is armed the application holds itself and asks the Background portal to let
 * it run without a window; no portal (tests, a bare session) is fine.
 */

static void
alert_cb (OnairScheduler   *scheduler,
          const char       *code,
          const char       *title,
          const char       *message,
          OnairApplication *self)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  g_autofree char *id = g_strdup_printf ("schedule-%s", code);

  g_notification_set_body (notification, message);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  if (self->have_notifications || self->have_portal)
    g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
background_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The Background portal did not answer: %s", error->message);
}

/* Asks the desktop to let Onair run in the background; the answer changes nothing here:
 * the application holds itself either way. */
static void
request_background (OnairApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  GVariantBuilder options;

  if (bus == NULL)
    return;
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Onair starts and stops scheduled shows.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, self->cancellable,
                          background_cb, NULL);
}

static void
armed_cb (OnairApplication *self)
{
  gboolean armed = onair_scheduler_get_armed (self->scheduler);

  if (armed == self->schedule_hold)
    return;
  self->schedule_hold = armed;
  if (armed)
    {
      g_application_hold (G_APPLICATION (self));
      request_background (self);
    }
  else
    g_application_release (G_APPLICATION (self));
}

/**
 * onair_application_start_schedules:
 *
 * Creates the scheduler, once the fleet, destinations, recorder and sinks exist.
 */
void
onair_application_start_schedules (OnairApplication *self)
{
  g_return_if_fail (self->scheduler == NULL);

  self->scheduler = onair_scheduler_new (self->fleet, self->destinations);
  onair_scheduler_set_recorder (self->scheduler, self->recorder);
  onair_scheduler_set_alert_sinks (self->scheduler, self->alert_sinks);
  onair_scheduler_set_settings (self->scheduler, self->settings);
  g_signal_connect_object (self->scheduler, "alert", G_CALLBACK (alert_cb), self, 0);
  g_signal_connect_object (self->scheduler, "notify::armed", G_CALLBACK (armed_cb), self,
                           G_CONNECT_SWAPPED);
  onair_scheduler_start_timer (self->scheduler);
}

void
onair_application_stop_schedules (OnairApplication *self)
{
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  if (self->schedule_hold)
    g_application_release (G_APPLICATION (self));
  self->schedule_hold = FALSE;
  g_clear_object (&self->scheduler);
}

/**
 * onair_application_get_scheduler:
 *
 * Returns: (transfer none) (nullable): the scheduled shows, after startup
 */
OnairScheduler *
onair_application_get_scheduler (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);
  return self->scheduler;
}
