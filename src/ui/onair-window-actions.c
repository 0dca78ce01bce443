/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-window-private.h"

/*
 * The window's actions and their shortcuts (listed in gtk/help-overlay.ui), and quitting:
 * closing the window or quitting Onair while anything is on air asks first, since vMix
 * goes on without Onair.
 */

static const struct
{
  const char *action;
  const char *accels[2];
} shortcuts[] = {
  { "win.go-live", { "<Control>Return", NULL } },
  { "win.stop-stream", { "<Control><Shift>Return", NULL } },
  { "win.toggle-recording", { "<Control><Shift>r", NULL } },
  { "win.add-marker", { "<Control>m", NULL } },
  { "win.search", { "<Control>f", NULL } },
};

/* Streams and recordings on air on any host, as far as Onair knows: %NULL when none, else
 * e.g. "2 streams and the recording are on air." */
char *
onair_window_dup_on_air (OnairWindow *self)
{
  GListModel *fleet = G_LIST_MODEL (onair_application_get_fleet (self->application));
  guint n_streams = 0;
  guint n_recordings = 0;

  for (guint h = 0; h < g_list_model_get_n_items (fleet); h++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (fleet, h);
      OnairController *controller = onair_vmix_session_get_controller (session);
      OnairPoller *poller = onair_vmix_session_get_poller (session);
      OnairVmixState *state = poller ? onair_poller_get_state (poller) : NULL;

      for (guint i = 0; controller != NULL && i < onair_controller_get_stream_count (controller);
           i++)
        {
          OnairChannelStatus status = onair_controller_get_channel_status (controller, i);

          if (status == ONAIR_CHANNEL_LIVE || status == ONAIR_CHANNEL_STOPPING ||
              status == ONAIR_CHANNEL_UNREPORTED)
            n_streams++;
        }
      if (state != NULL && onair_vmix_state_get_recording (state))
        n_recordings++;
    }

  if (n_streams > 0 && n_recordings > 0)
    return g_strdup_printf (ngettext ("%u stream and the recording are on air.",
                                      "%u streams and the recording are on air.", n_streams),
                            n_streams);
  if (n_streams > 0)
    return g_strdup_printf (ngettext ("%u stream is on air.", "%u streams are on air.",
                                      n_streams), n_streams);
  if (n_recordings > 0)
    return g_strdup (_("The recording is on."));
  return NULL;
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  OnairWindow      *self)
{
  g_clear_weak_pointer (&self->quit_dialog);
  if (g_strcmp0 (response, "quit") != 0)
    return;
  /* Let go of the window before it goes: a dialog still referenced (its own response
   * emission holds it) would otherwise keep a pointer to a finalized window. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (g_object_get_data (G_OBJECT (dialog), "quit-application") != NULL)
    g_application_quit (G_APPLICATION (self->application));
  else
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* Asks before Onair leaves while something is on air; %FALSE when nothing is. */
static gboolean
ask_before_leaving (OnairWindow *self,
                    gboolean     quit_application)
{
  g_autofree char *on_air = onair_window_dup_on_air (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (on_air == NULL)
    return FALSE;
  if (self->quit_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->quit_dialog));
      return TRUE;
    }

  /* Translators: "2 streams are on air. vMix keeps streaming and recording after Onair quits…" */
  body = g_strdup_printf (_("%s vMix keeps streaming and recording after Onair quits: stop "
                            "them first if the show is over."), on_air);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   quit_application ? _("Quit Onair While on Air?")
                                                    : _("Close Onair While on Air?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Onair Open"),
                                    "quit", quit_application ? _("_Quit") : _("_Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (quit_application)
    g_object_set_data (G_OBJECT (dialog), "quit-application", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  g_set_weak_pointer (&self->quit_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
onair_window_close_request (GtkWindow *window)
{
  OnairWindow *self = ONAIR_WINDOW (window);
  GtkWindowClass *parent_class = g_type_class_peek_parent (G_OBJECT_GET_CLASS (self));

  if (!self->close_confirmed && ask_before_leaving (self, FALSE))
    return TRUE;
  return parent_class->close_request (window);
}

/**
 * onair_window_request_quit:
 *
 * Quits Onair, once the producer confirmed it when anything is on air.
 */
void
onair_window_request_quit (OnairWindow *self)
{
  g_return_if_fail (ONAIR_IS_WINDOW (self));

  if (!ask_before_leaving (self, TRUE))
    g_application_quit (G_APPLICATION (self->application));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  onair_control_room_reconnect (ONAIR_WINDOW (widget)->control_room);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  onair_window_show_page (ONAIR_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
go_live_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OnairWindow *self = ONAIR_WINDOW (widget);

  if (!onair_control_room_go_live_focused (self->control_room))
    onair_window_add_toast (self, _("Go Live works on the stream card that has the focus, "
                                    "once a destination is chosen"));
}

static void
stop_stream_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OnairWindow *self = ONAIR_WINDOW (widget);

  if (!onair_control_room_stop_focused (self->control_room))
    onair_window_add_toast (self, _("Stop works on the live stream card that has the focus"));
}

static void
toggle_recording_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  onair_control_room_toggle_recording (ONAIR_WINDOW (widget)->control_room);
}

static void
add_marker_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  onair_control_room_add_marker (ONAIR_WINDOW (widget)->control_room);
}

/* The Retry button of a failed operation's toast. */
static void
retry_operation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  onair_control_room_retry (ONAIR_WINDOW (widget)->control_room);
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_SEARCH_ENTRY (child) ? child : find_search_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Search: the Witness Log's search, the only page that has one. */
static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnairWindow *self = ONAIR_WINDOW (widget);
  GtkWidget *page = onair_window_get_page (self, "witness");
  GtkWidget *entry = page ? find_search_entry (page) : NULL;

  onair_window_show_page (self, "witness");
  if (entry != NULL)
    gtk_widget_grab_focus (entry);
}

void
onair_window_class_add_actions (GtkWidgetClass *widget_class)
{
  GTK_WINDOW_CLASS (widget_class)->close_request = onair_window_close_request;

  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reconnect", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "control");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "overview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "health");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "destinations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK,
                                       "win.show-page", "s", "witness");

  /* Accelerators for these come from the application (onair_window_set_accels()), so that
   * the shortcuts window shows them. */
  gtk_widget_class_install_action (widget_class, "win.go-live", NULL, go_live_action);
  gtk_widget_class_install_action (widget_class, "win.stop-stream", NULL, stop_stream_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-recording", NULL,
                                   toggle_recording_action);
  gtk_widget_class_install_action (widget_class, "win.add-marker", NULL, add_marker_action);
  gtk_widget_class_install_action (widget_class, "win.retry-operation", NULL,
                                   retry_operation_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

void
onair_window_set_accels (OnairWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self->application),
                                           shortcuts[i].action, shortcuts[i].accels);
}
