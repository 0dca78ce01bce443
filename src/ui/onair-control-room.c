/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-control-room-private.h"

/*
 * The Control Room: the chosen vMix host's streams, recording and SRT outputs, and its
 * connection. This file holds the widget, the connection to the chosen host and what it
 * shows of it; the cards, the recording and the outputs have files of their own.
 */

G_DEFINE_FINAL_TYPE (OnairControlRoom, onair_control_room, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_page (OnairControlRoom *self,
           const char       *name)
{
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (name, "connecting"));
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
set_subtitle (OnairControlRoom *self,
              const char       *subtitle)
{
  if (g_strcmp0 (subtitle, self->subtitle) == 0)
    return;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

gboolean
onair_control_room_is_connected (OnairControlRoom *self)
{
  OnairConnectionState state;

  if (self->poller == NULL || onair_poller_get_state (self->poller) == NULL)
    return FALSE;
  state = onair_poller_get_connection_state (self->poller);
  return state == ONAIR_CONNECTION_CONNECTED || state == ONAIR_CONNECTION_DEGRADED;
}

void
onair_control_room_toast (OnairControlRoom *self,
                          const char       *text)
{
  g_autoptr(AdwToast) toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  g_signal_emit (self, signals[TOAST], 0, toast);
}

void
onair_control_room_toast_error (OnairControlRoom *self,
                                const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  onair_control_room_toast (self, error->message);
}

static void
clear_retry (OnairControlRoom *self)
{
  if (self->retry_destroy != NULL && self->retry_data != NULL)
    self->retry_destroy (self->retry_data);
  self->retry_func = NULL;
  self->retry_data = NULL;
  self->retry_destroy = NULL;
}

/* A failed operation's toast says what failed, in words, with a Retry button (the window's
 * "win.retry-operation"), which does the same operation again. Only the last failure can
 * be retried. */
void
onair_control_room_toast_retry (OnairControlRoom          *self,
                                const GError              *error,
                                OnairControlRoomRetryFunc  func,
                                gpointer                   data,
                                GDestroyNotify             destroy)
{
  g_autoptr(AdwToast) toast = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (destroy != NULL && data != NULL)
        destroy (data);
      return;
    }
  clear_retry (self);
  self->retry_func = func;
  self->retry_data = data;
  self->retry_destroy = destroy;
  toast = adw_toast_new (error->message);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "win.retry-operation");
  g_signal_emit (self, signals[TOAST], 0, toast);
}

/**
 * onair_control_room_retry:
 *
 * Does the last failed operation again (the Retry button of its toast).
 *
 * Returns: whether there was one to retry
 */
gboolean
onair_control_room_retry (OnairControlRoom *self)
{
  OnairControlRoomRetryFunc func = self->retry_func;
  gpointer data = self->retry_data;
  GDestroyNotify destroy = self->retry_destroy;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), FALSE);

  if (func == NULL)
    return FALSE;
  self->retry_func = NULL;
  self->retry_data = NULL;
  self->retry_destroy = NULL;
  func (self, data);
  if (destroy != NULL && data != NULL)
    destroy (data);
  return TRUE;
}

char *
onair_control_room_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* Connection */

/* "12 s", "3 min 5 s", "2 h 10 min" */
static char *
format_elapsed (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) (seconds / 60 % 60));
}

/* "No answer from vMix since 21:04:13 (12 s) — retrying in 2 s" */
static char *
dup_no_answer_title (OnairControlRoom *self)
{
  gint64 now = g_get_real_time ();
  gint64 last_us = onair_poller_get_last_success_us (self->poller);
  gint64 next_us = onair_poller_get_next_attempt_us (self->poller);
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (last_us / G_USEC_PER_SEC);
  g_autofree char *since = last ? g_date_time_format (last, "%H:%M:%S")
                                : g_strdup ("––:––:––");
  g_autofree char *elapsed = format_elapsed ((now - last_us) / G_USEC_PER_SEC);
  g_autofree char *retry = NULL;

  if (next_us <= 0)
    retry = g_strdup (_("retrying"));
  else if (next_us <= now)
    retry = g_strdup (_("retrying now"));
  else
    /* Translators: the end of "No answer from vMix since 21:04:13 (12 s) — retrying in 2 s" */
    retry = g_strdup_printf (_("retrying in %d s"),
                             (int) ((next_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  /* Translators: "No answer from vMix since 21:04:13 (12 s) — retrying in 2 s" */
  return g_strdup_printf (_("No answer from vMix since %s (%s) — %s"), since, elapsed, retry);
}

/* "3 · Camera 2", or the number alone when vMix gives no title. */
static char *
dup_input_text (OnairVmixState *state,
                guint           number)
{
  const char *title = number > 0 ? onair_vmix_state_get_input_title (state, number) : NULL;

  if (number == 0)
    return g_strdup (_("None"));
  if (title == NULL || *title == '\0')
    /* Translators: an input without a title, e.g. "Input 3" */
    return g_strdup_printf (_("Input %u"), number);
  /* Translators: an input's number and title, e.g. "3 · Camera 2" */
  return g_strdup_printf (_("%u · %s"), number, title);
}

/* Program and preview, by title: with vMix's activators they change as vMix cuts. */
static void
update_tally (OnairControlRoom *self,
              OnairVmixState   *state)
{
  g_autofree char *program = dup_input_text (state, onair_vmix_state_get_active (state));
  g_autofree char *preview = dup_input_text (state, onair_vmix_state_get_preview (state));

  gtk_label_set_label (self->program_label, program);
  gtk_label_set_label (self->preview_label, preview);
}

/* How changes reach Onair: pushed over vMix's TCP API, or only by polling (and why). */
static char *
dup_updates_text (OnairControlRoom *self)
{
  OnairVmixActivators *activators = onair_poller_get_activators (self->poller);

  if (onair_poller_get_activators_connected (self->poller))
    return g_strdup (_("changes pushed by vMix as they happen"));
  if (activators != NULL)
    /* Translators: "polling every 250 ms: vMix's TCP API (port 8099) does not answer" */
    return g_strdup_printf (_("polling every %u ms: vMix's TCP API (port %u) does not answer"),
                            onair_poller_get_interval_ms (self->poller),
                            onair_vmix_activators_get_port (activators));
  return g_strdup_printf (_("polling every %u ms"), onair_poller_get_interval_ms (self->poller));
}

static void
update_connection_bar (OnairControlRoom *self,
                       OnairVmixState   *vmix)
{
  OnairConnectionState state = onair_poller_get_connection_state (self->poller);
  const GError *error = onair_poller_get_last_error (self->poller);
  OnairVmixClient *client = onair_poller_get_client (self->poller);
  g_autofree char *address = onair_vmix_client_dup_base_uri (client);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  double round_trip_ms = onair_poller_get_round_trip_us (self->poller) / 1000.0;
  gboolean lost = state == ONAIR_CONNECTION_LOST;
  const char *icon = "network-wired-symbolic";

  /* "Connected" is never said while the last poll failed: what is shown is the last known. */
  if (error != NULL)
    {
      title = dup_no_answer_title (self);
      detail = g_strdup_printf (_("%s · %s"), address, error->message);
      icon = lost ? "network-offline-symbolic" : "dialog-warning-symbolic";
      set_subtitle (self, _("No answer from vMix"));
    }
  else
    {
      /* Translators: "Connected to vMix 28.0.0.39 (4K)" */
      title = g_strdup_printf (_("Connected to vMix %s (%s)"),
                               onair_vmix_state_get_version (vmix)
                                 ? onair_vmix_state_get_version (vmix) : _("unknown version"),
                               onair_vmix_state_get_edition (vmix)
                                 ? onair_vmix_state_get_edition (vmix) : _("unknown edition"));
      g_autofree char *updates = dup_updates_text (self);

      if (state == ONAIR_CONNECTION_DEGRADED)
        {
          detail = g_strdup_printf (_("%s · slow: %.0f ms round trip · %s"), address,
                                    round_trip_ms, updates);
          icon = "dialog-warning-symbolic";
        }
      else
        detail = g_strdup_printf (_("%s · %.0f ms round trip · %s"), address, round_trip_ms,
                                  updates);
      set_subtitle (self, title);
    }

  gtk_label_set_label (self->connection_title, title);
  gtk_label_set_label (self->connection_detail, detail);
  gtk_image_set_from_icon_name (self->connection_icon, icon);
  if (!lost && (error != NULL || state == ONAIR_CONNECTION_DEGRADED))
    gtk_widget_add_css_class (self->connection_bar, "degraded");
  else
    gtk_widget_remove_css_class (self->connection_bar, "degraded");
  if (lost)
    gtk_widget_add_css_class (self->connection_bar, "lost");
  else
    gtk_widget_remove_css_class (self->connection_bar, "lost");
}

static void
update_connection (OnairControlRoom *self)
{
  OnairConnectionState state;
  OnairVmixState *vmix;
  const GError *error;

  if (self->poller == NULL)
    {
      set_subtitle (self, NULL);
      show_page (self, "connecting");
      return;
    }

  state = onair_poller_get_connection_state (self->poller);
  vmix = onair_poller_get_state (self->poller);
  error = onair_poller_get_last_error (self->poller);

  /* Once vMix has answered in this run, the Control Room stays, with what was last known:
   * greyed while vMix does not answer. */
  if (vmix != NULL && (state == ONAIR_CONNECTION_CONNECTED ||
                       state == ONAIR_CONNECTION_DEGRADED ||
                       onair_poller_has_connected (self->poller)))
    {
      guint n_cards = onair_controller_get_stream_count (self->controller);

      update_connection_bar (self, vmix);
      update_tally (self, vmix);
      if (n_cards != self->n_cards)
        onair_control_room_rebuild_cards (self, n_cards);
      for (guint i = 0; i < self->n_cards; i++)
        onair_control_room_update_card (self, i);
      onair_control_room_update_recording (self, vmix);
      onair_control_room_update_srt (self, vmix);
      gtk_widget_set_sensitive (self->operations_box, error == NULL);
      show_page (self, "connected");
    }
  else if (state == ONAIR_CONNECTION_LOST && error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      set_subtitle (self, _("Not connected"));
      show_page (self, "error");
    }
  else
    {
      set_subtitle (self, NULL);
      show_page (self, "connecting");
    }
}

static void
channel_changed_cb (OnairControlRoom *self,
                    guint             channel,
                    OnairController  *controller)
{
  onair_control_room_update_card (self, channel);
}

static void
stream_lost_cb (OnairControlRoom *self,
                guint             channel,
                const char       *destination,
                OnairController  *controller)
{
  g_autofree char *text = NULL;

  if (destination != NULL)
    text = g_strdup_printf (_("Stream %u to “%s” stopped on its own"), channel + 1,
                            destination);
  else
    text = g_strdup_printf (_("Stream %u stopped on its own"), channel + 1);
  onair_control_room_toast (self, text);
}

static void
recording_changed_cb (OnairControlRoom *self)
{
  if (self->poller != NULL && onair_poller_get_state (self->poller) != NULL)
    onair_control_room_update_recording (self, onair_poller_get_state (self->poller));
}

static gboolean
tick_cb (gpointer user_data)
{
  OnairControlRoom *self = user_data;

  for (guint i = 0; i < self->n_cards; i++)
    onair_control_room_update_card (self, i);
  /* The time since vMix last answered, and the countdown to the next try. */
  if (self->poller != NULL && onair_poller_get_last_error (self->poller) != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "connected") == 0)
    update_connection_bar (self, onair_poller_get_state (self->poller));
  return G_SOURCE_CONTINUE;
}

static void
disconnect_connection (OnairControlRoom *self)
{
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->poller);
  g_clear_object (&self->controller);
}

/* The application announced another poller and controller: another host was chosen, or
 * the chosen one reconnected. */
static void
application_connection_cb (OnairControlRoom *self)
{
  OnairPoller *poller = onair_application_get_poller (self->application);
  OnairController *controller = onair_application_get_controller (self->application);

  if (poller == self->poller && controller == self->controller)
    return;

  disconnect_connection (self);
  if (poller != NULL && controller != NULL)
    {
      self->poller = g_object_ref (poller);
      self->controller = g_object_ref (controller);
      g_signal_connect_swapped (poller, "state-received", G_CALLBACK (update_connection), self);
      g_signal_connect_swapped (poller, "poll-failed", G_CALLBACK (update_connection), self);
      g_signal_connect_swapped (poller, "notify::connection-state",
                                G_CALLBACK (update_connection), self);
      g_signal_connect_swapped (poller, "notify::activators-connected",
                                G_CALLBACK (update_connection), self);
      g_signal_connect_swapped (controller, "channel-changed",
                                G_CALLBACK (channel_changed_cb), self);
      g_signal_connect_swapped (controller, "stream-lost", G_CALLBACK (stream_lost_cb), self);
      g_signal_connect_swapped (controller, "recording-changed",
                                G_CALLBACK (recording_changed_cb), self);
      g_signal_connect_swapped (controller, "recording-stopped-outside",
                                G_CALLBACK (onair_control_room_recording_stopped_outside_cb),
                                self);
    }
  onair_control_room_rebuild_cards (self, 0);
  update_connection (self);
}

static void
onair_control_room_dispose (GObject *object)
{
  OnairControlRoom *self = ONAIR_CONTROL_ROOM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  clear_retry (self);
  disconnect_connection (self);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (self->application, self);
  g_clear_object (&self->application);
  g_clear_pointer (&self->srt_rows, g_ptr_array_unref);

  /* The bin's child first: gtk_widget_dispose_template() would unparent it behind AdwBin's
   * back, and AdwBin's dispose would then unparent it again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_CONTROL_ROOM);

  G_OBJECT_CLASS (onair_control_room_parent_class)->dispose (object);
}

static void
onair_control_room_finalize (GObject *object)
{
  OnairControlRoom *self = ONAIR_CONTROL_ROOM (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (onair_control_room_parent_class)->finalize (object);
}

static void
onair_control_room_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnairControlRoom *self = ONAIR_CONTROL_ROOM (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_control_room_class_init (OnairControlRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_control_room_dispose;
  object_class->finalize = onair_control_room_finalize;
  object_class->get_property = onair_control_room_get_property;

  /**
   * OnairControlRoom:subtitle:
   *
   * (nullable): the connection in a few words, for the window's title, e.g.
   * "Connected to vMix 28.0.0.39 (4K)"
   */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnairControlRoom::toast:
   * @toast: what to tell the producer
   *
   * The result of an operation, or something vMix did on its own; the window shows it.
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (ONAIR_TYPE_STREAM_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-control-room.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, stack);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, error_page);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connection_bar);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connection_title);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, program_label);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, preview_label);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, connection_detail);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, operations_box);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, streams_box);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, recording_row);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, recording_dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, recording_button);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, files_row);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, marker_row);
  gtk_widget_class_bind_template_child (widget_class, OnairControlRoom, srt_group);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "recording_clicked_cb", G_CALLBACK (onair_control_room_recording_clicked_cb));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "recording_dismiss_cb", G_CALLBACK (onair_control_room_recording_dismiss_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "marker_apply_cb",
                                                G_CALLBACK (onair_control_room_marker_apply_cb));

  gtk_widget_class_set_css_name (widget_class, "controlroom");
}

static void
onair_control_room_init (OnairControlRoom *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->srt_rows = g_ptr_array_new ();
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/**
 * onair_control_room_new:
 *
 * Returns: (transfer floating): the Control Room, following the application's chosen host
 */
OnairControlRoom *
onair_control_room_new (OnairApplication *application)
{
  OnairControlRoom *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_CONTROL_ROOM, NULL);
  onair_control_room_set_application (self, application);
  return self;
}

/**
 * onair_control_room_set_application:
 *
 * Follows @application's chosen host from now on; once only, for a Control Room built
 * from a template.
 */
void
onair_control_room_set_application (OnairControlRoom *self,
                                    OnairApplication *application)
{
  g_return_if_fail (ONAIR_IS_CONTROL_ROOM (self));
  g_return_if_fail (ONAIR_IS_APPLICATION (application));
  g_return_if_fail (self->application == NULL);

  self->application = g_object_ref (application);
  g_signal_connect_object (application, "notify::controller",
                           G_CALLBACK (application_connection_cb), self, G_CONNECT_SWAPPED);
  application_connection_cb (self);
}

/**
 * onair_control_room_get_visible_page:
 *
 * Returns: "connecting", "error" or "connected"
 */
const char *
onair_control_room_get_visible_page (OnairControlRoom *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * onair_control_room_get_status_title:
 *
 * Returns: the title of the connection status shown, e.g. "Connected to vMix 28.0.0.39 (4K)"
 */
const char *
onair_control_room_get_status_title (OnairControlRoom *self)
{
  const char *page;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), NULL);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "connected") == 0)
    return gtk_label_get_label (self->connection_title);
  if (g_strcmp0 (page, "error") == 0)
    return adw_status_page_get_title (self->error_page);
  return adw_status_page_get_title (self->connecting_page);
}

/**
 * onair_control_room_get_status_description:
 *
 * Returns: (nullable): the text under the status title, e.g. the error
 */
const char *
onair_control_room_get_status_description (OnairControlRoom *self)
{
  const char *page;

  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), NULL);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "connected") == 0)
    return gtk_label_get_label (self->connection_detail);
  if (g_strcmp0 (page, "error") == 0)
    return adw_status_page_get_description (self->error_page);
  return adw_status_page_get_description (self->connecting_page);
}

/**
 * onair_control_room_get_subtitle:
 *
 * Returns: (nullable): see OnairControlRoom:subtitle
 */
const char *
onair_control_room_get_subtitle (OnairControlRoom *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), NULL);
  return self->subtitle;
}

/**
 * onair_control_room_get_stream_card:
 * @channel: 0-based
 *
 * Returns: (transfer none) (nullable): the card of a stream channel
 */
OnairStreamCard *
onair_control_room_get_stream_card (OnairControlRoom *self,
                                    guint             channel)
{
  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), NULL);
  return onair_control_room_get_card (self, channel);
}

guint
onair_control_room_get_n_stream_cards (OnairControlRoom *self)
{
  g_return_val_if_fail (ONAIR_IS_CONTROL_ROOM (self), 0);
  return self->n_cards;
}

/**
 * onair_control_room_reconnect:
 *
 * Polls the chosen host at once, without waiting for the backoff.
 */
void
onair_control_room_reconnect (OnairControlRoom *self)
{
  g_return_if_fail (ONAIR_IS_CONTROL_ROOM (self));

  if (self->poller == NULL)
    return;
  if (!onair_control_room_is_connected (self))
    show_page (self, "connecting");
  onair_poller_reconnect_now (self->poller);
}
