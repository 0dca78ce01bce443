/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-controller-private.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/destinations/onair-url.h"
#include "core/witness/onair-witness-event.h"

/* Streams: start with a destination (URL and key from the keyring), stop, confirmed from
 * vMix's state. */

static gboolean
check_channel (GTask          *task,
               OnairVmixState *state,
               guint           channel)
{
  OnairController *self = g_task_get_source_object (task);
  guint count = onair_vmix_state_get_stream_count (state);

  if (channel >= count || channel >= ONAIR_VMIX_MAX_STREAMS)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_CHANNEL,
                                _("This vMix has %u stream channels; there is no stream %u."),
                                count, channel + 1);
      return FALSE;
    }
  if (self->channels[channel].busy)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_BUSY,
                                _("Stream %u is already starting or stopping."), channel + 1);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GTask            *task;
  OnairDestination *destination;
  char             *key;
} KeyLookup;


/* A start needs the stream off, and a vMix that says which streams are on: one that
 * streams without saying which (vMix 21 and older) could not confirm this start. */
static gboolean
check_not_live (GTask          *task,
                OnairVmixState *state,
                guint           channel)
{
  switch (onair_vmix_state_get_stream_state (state, channel))
    {
    case ONAIR_VMIX_STREAM_ON:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE,
                                _("Stream %u is already live. Stop it before starting it with another "
                                "destination."), channel + 1);
      return FALSE;
    case ONAIR_VMIX_STREAM_UNKNOWN:
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_ALREADY_LIVE,
                                _("vMix is already streaming and this version does not report which "
                                "stream, so Onair could not confirm that stream %u started. Stop "
                                "streaming in vMix first."), channel + 1);
      return FALSE;
    case ONAIR_VMIX_STREAM_OFF:
    default:
      return TRUE;
    }
}

static void
send_start_stream (GTask            *task,
                   OnairDestination *destination,
                   const char       *key,
                   const char       *password)
{
  OnairController *self = g_task_get_source_object (task);
  Operation *op = g_task_get_task_data (task);
  OnairVmixState *state;
  g_autofree char *index = g_strdup_printf ("%u", op->index);
  g_autofree char *url_value = NULL;
  g_autofree char *key_value = NULL;
  g_autofree char *fingerprint = NULL;
  const char *username = onair_destination_get_username (destination);

  if (key == NULL || *key == '\0')
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_MISSING_KEY,
                                _("The destination “%s” has no stream key. Add the key in Destinations."),
                                onair_destination_get_name (destination));
      return;
    }
  /* The state may have changed while the keyring answered; the channel is still ours. */
  if ((state = onair_controller_check_connected (task)) == NULL)
    return;
  if (!check_not_live (task, state, op->index))
    return;

  fingerprint = onair_key_fingerprint (key);
  json_object_set_string_member (op->params, "key_fingerprint", fingerprint);

  url_value = g_strdup_printf ("%u,%s", op->index, onair_destination_get_server_url (destination));
  key_value = g_strdup_printf ("%u,%s", op->index, key);
  onair_controller_op_add_call (op, "StreamingSetURL", "Value", url_value, NULL);
  onair_controller_op_add_call (op, "StreamingSetKey", "Value", key_value, NULL);
  if (username != NULL && *username != '\0')
    {
      g_autofree char *user_value = g_strdup_printf ("%u,%s", op->index, username);
      g_autofree char *password_value = g_strdup_printf ("%u,%s", op->index,
                                                         password ? password : "");

      onair_controller_op_add_call (op, "StreamingSetUsername", "Value", user_value, NULL);
      onair_controller_op_add_call (op, "StreamingSetPassword", "Value", password_value, NULL);
      memset (password_value, 0, strlen (password_value));
    }
  onair_controller_op_add_call (op, "StartStreaming", "Value", index, NULL);
  memset (key_value, 0, strlen (key_value));

  onair_controller_set_channel (self, op->index, ONAIR_CHANNEL_STARTING, op->destination_name);
  onair_controller_send_next_call (task);
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  g_autoptr(OnairDestination) destination = lookup->destination;
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (error != NULL)
    onair_controller_finish_op (task, error);
  else
    send_start_stream (task, destination, lookup->key, password);
  onair_secret_free (password);
  onair_secret_free (lookup->key);
  g_free (lookup);
}

static void
key_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  OnairController *self = g_task_get_source_object (lookup->task);
  g_autoptr(GError) error = NULL;

  lookup->key = onair_destination_lookup_key_finish (ONAIR_DESTINATION (object), result, &error);
  if (error != NULL)
    {
      onair_controller_finish_op (lookup->task, error);
    }
  else if (onair_destination_get_username (lookup->destination) != NULL &&
           *onair_destination_get_username (lookup->destination) != '\0')
    {
      onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_STREAM_PASSWORD,
                                       onair_destination_get_id (lookup->destination),
                                       g_task_get_cancellable (lookup->task),
                                       password_lookup_cb, lookup);
      return;
    }
  else
    {
      send_start_stream (lookup->task, lookup->destination, lookup->key, NULL);
    }
  g_object_unref (lookup->task);
  g_object_unref (lookup->destination);
  onair_secret_free (lookup->key);
  g_free (lookup);
}

/**
 * onair_controller_start_stream_async:
 * @channel: 0-based stream index (0 is vMix's stream 1)
 * @destination: where to stream; its key is read from the keyring
 *
 * Validates the channel (within the stream count the connected vMix reports, not live,
 * not busy), the destination URL (`rtmp://` or `rtmps://` with a host) and the key; then
 * sends `StreamingSetURL`, `StreamingSetKey` (and user name and password when the
 * destination has them) with the `N,` prefix and `StartStreaming` `Value=N`. Completes
 * when a poll shows the channel on, or fails after the confirmation timeout.
 */
void
onair_controller_start_stream_async (OnairController     *self,
                                     guint                channel,
                                     OnairDestination    *destination,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  onair_controller_start_stream_full_async (self, channel, destination, NULL, cancellable,
                                            callback, user_data);
}

/**
 * onair_controller_start_stream_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule)
 *
 * As onair_controller_start_stream_async(), with @origin in the witness event; finish
 * with onair_controller_start_stream_finish().
 */
void
onair_controller_start_stream_full_async (OnairController            *self,
                                          guint                       channel,
                                          OnairDestination           *destination,
                                          const OnairOperationOrigin *origin,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) url_error = NULL;
  g_autofree char *redacted = NULL;
  OnairVmixState *state;
  Operation *op;
  KeyLookup *lookup;
  const char *url;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));
  g_return_if_fail (ONAIR_IS_DESTINATION (destination));

  op = onair_controller_op_new (OP_START_STREAM, channel, "stream_started");
  op->confirmable = TRUE;
  op->destination_name = g_strdup (onair_destination_get_name (destination));
  url = onair_destination_get_server_url (destination);
  redacted = onair_witness_redact_url (url ? url : "");
  json_object_set_string_member (op->params, "protocol", "RTMP");
  json_object_set_int_member (op->params, "channel", channel);
  json_object_set_string_member (op->params, "destination", redacted ? redacted : "");
  if (op->destination_name != NULL)
    json_object_set_string_member (op->params, "destination_name", op->destination_name);
  if (onair_destination_get_preset_id (destination) != NULL)
    json_object_set_string_member (op->params, "preset",
                                   onair_destination_get_preset_id (destination));
  onair_controller_op_set_origin (op, origin);
  task = onair_controller_op_task (self, op, cancellable, callback, user_data,
                                   onair_controller_start_stream_async);

  if (url == NULL || *url == '\0' ||
      !onair_url_validate (url, ONAIR_URL_KIND_RTMP, NULL, &url_error))
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_URL,
                                _("The destination “%s” has no usable server URL: %s"),
                                op->destination_name ? op->destination_name : "",
                                url_error ? url_error->message : _("the URL is empty."));
      return;
    }
  if ((state = onair_controller_check_connected (task)) == NULL)
    return;
  if (!check_channel (task, state, channel))
    return;
  if (!check_not_live (task, state, channel))
    return;
  if (!onair_destination_has_key (destination) || self->secrets == NULL)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_MISSING_KEY,
                                _("The destination “%s” has no stream key. Add the key in Destinations."),
                                op->destination_name ? op->destination_name : "");
      return;
    }

  /* Reserve the channel while the keyring answers. */
  self->channels[channel].busy = TRUE;
  op->reserved = TRUE;
  lookup = g_new0 (KeyLookup, 1);
  lookup->task = g_steal_pointer (&task);
  lookup->destination = g_object_ref (destination);
  onair_destination_lookup_key_async (destination, self->secrets, cancellable,
                                      key_lookup_cb, lookup);
}


gboolean
onair_controller_start_stream_finish (OnairController  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return onair_controller_propagate_boolean (self, result, onair_controller_start_stream_async, error);
}

/**
 * onair_controller_stop_stream_async:
 * @channel: 0-based stream index
 *
 * Sends `StopStreaming` `Value=N` and completes when a poll shows the channel off.
 */
void
onair_controller_stop_stream_async (OnairController     *self,
                                    guint                channel,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  onair_controller_stop_stream_full_async (self, channel, NULL, cancellable, callback, user_data);
}

/**
 * onair_controller_stop_stream_full_async:
 * @origin: (nullable): who asked, when not the producer (a schedule)
 *
 * As onair_controller_stop_stream_async(), with @origin in the witness event; finish with
 * onair_controller_stop_stream_finish().
 */
void
onair_controller_stop_stream_full_async (OnairController            *self,
                                         guint                       channel,
                                         const OnairOperationOrigin *origin,
                                         GCancellable               *cancellable,
                                         GAsyncReadyCallback         callback,
                                         gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *index = g_strdup_printf ("%u", channel);
  OnairVmixState *state;
  Operation *op;

  g_return_if_fail (ONAIR_IS_CONTROLLER (self));

  op = onair_controller_op_new (OP_STOP_STREAM, channel, "stream_stopped");
  op->confirmable = TRUE;
  json_object_set_int_member (op->params, "channel", channel);
  onair_controller_op_set_origin (op, origin);
  task = onair_controller_op_task (self, op, cancellable, callback, user_data,
                                   onair_controller_stop_stream_async);

  if ((state = onair_controller_check_connected (task)) == NULL || !check_channel (task, state, channel))
    return;
  if (onair_vmix_state_get_stream_state (state, channel) == ONAIR_VMIX_STREAM_OFF)
    {
      onair_controller_fail_op (task, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_NOT_LIVE,
                                _("Stream %u is not live."), channel + 1);
      return;
    }
  if (self->channels[channel].destination != NULL)
    json_object_set_string_member (op->params, "destination_name",
                                   self->channels[channel].destination);

  onair_controller_op_add_call (op, "StopStreaming", "Value", index, NULL);
  self->channels[channel].busy = TRUE;
  op->reserved = TRUE;
  onair_controller_set_channel (self, channel, ONAIR_CHANNEL_STOPPING, NULL);
  onair_controller_send_next_call (task);
}

gboolean
onair_controller_stop_stream_finish (OnairController  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return onair_controller_propagate_boolean (self, result, onair_controller_stop_stream_async, error);
}
