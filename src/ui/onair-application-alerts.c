/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-application-private.h"
#include "onair-window.h"

/* Alerts beyond the desktop: the alert sinks (webhooks) configured in the settings get what
 * the desktop notifications say; a sink that stays unreachable is said in the window. */

static void
alert_sinks_changed_cb (OnairApplication *self)
{
  onair_alert_sinks_load (self->alert_sinks, self->settings);
}

static void
delivery_failed_cb (OnairApplication *self,
                    const char       *sink_id,
                    const char       *sink_name,
                    const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (sink_name, -1);
  g_autofree char *text = NULL;

  /* Translators: %s is the name of an alert sink, e.g. "Crew chat" */
  text = g_strdup_printf (_("An alert could not be sent to “%s”: see Preferences"), escaped);
  /* The main window, also while the Preferences are in front of it. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (ONAIR_IS_WINDOW (l->data))
      {
        onair_window_add_toast (ONAIR_WINDOW (l->data), text);
        return;
      }
}

/* Called at startup: the sinks, as configured, following the settings. */
void
onair_application_start_alerts (OnairApplication *self)
{
  g_return_if_fail (self->alert_sinks == NULL);

  self->alert_sinks = onair_alert_sinks_new (self->secrets);
  g_signal_connect_object (self->alert_sinks, "delivery-failed", G_CALLBACK (delivery_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::alert-sinks",
                           G_CALLBACK (alert_sinks_changed_cb), self, G_CONNECT_SWAPPED);
  onair_alert_sinks_load (self->alert_sinks, self->settings);
}

/**
 * onair_application_get_alert_sinks:
 *
 * Returns: (transfer none): where alerts go besides the desktop; never %NULL once the
 *   application started up
 */
OnairAlertSinks *
onair_application_get_alert_sinks (OnairApplication *self)
{
  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), NULL);

  return self->alert_sinks;
}

/* A health notification (a host's status change, or a new problem) goes to the sinks too,
 * with its reasons (element-type OnairHealthReason). */
void
onair_application_send_alert (OnairApplication  *self,
                              OnairVmixSession  *session,
                              OnairHealthStatus  status,
                              const char        *code,
                              const char        *title,
                              const char        *message,
                              GPtrArray         *reasons)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  OnairAlert alert = {
    .status = status,
    .code = code,
    .title = title,
    .message = message,
    .host_id = session != NULL ? onair_vmix_session_get_id (session) : NULL,
    .host_name = session != NULL ? onair_vmix_session_get_name (session) : NULL,
    .time = now,
    .reasons = reasons,
  };

  if (self->alert_sinks != NULL)
    onair_alert_sinks_send (self->alert_sinks, &alert);
}
