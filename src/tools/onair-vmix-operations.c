/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix: the operations, run through OnairController once connected, so that they
 * are validated and confirmed from vMix's state exactly as in the app: streams, recording
 * and shortcut functions. */

#include "config.h"

#include <glib/gi18n.h>

#include "onair-vmix-private.h"

/* ---- Streams ----------------------------------------------------------------------------- */

static void
start_stream_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_start_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Stream %u is live to “%s”.\n"), self->channel + 1,
           onair_destination_get_name (self->destination));
  cli_finish (self, EXIT_OK, NULL);
}

static gboolean
configured_stream_timeout_cb (gpointer user_data)
{
  Cli *self = user_data;
  g_autofree char *message = NULL;

  self->timeout_id = 0;
  g_clear_signal_handler (&self->state_handler, self->poller);
  message = g_strdup_printf (_("vMix accepted the command, but stream %u did not go live within "
                               "%d s. Check the stream's destination in vMix's Streaming "
                               "settings, or pass --destination."),
                             self->channel + 1, self->timeout_s);
  cli_finish (self, EXIT_FAILED, message);
  return G_SOURCE_REMOVE;
}

static void
configured_stream_state_cb (Cli            *self,
                            OnairVmixState *state,
                            gint64          round_trip_us,
                            OnairPoller    *poller)
{
  if (!onair_vmix_state_get_stream_live (state, self->channel))
    return;
  g_clear_signal_handler (&self->state_handler, self->poller);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_print (_("Stream %u is live.\n"), self->channel + 1);
  cli_finish (self, EXIT_OK, NULL);
}

static void
start_configured_stream_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_controller_call_function_finish (ONAIR_CONTROLLER (object), result, &error);
  if (answer == NULL)
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }

  /* Like the controller's own operations: done only when vMix's state shows it. */
  self->state_handler = g_signal_connect_swapped (self->poller, "state-received",
                                                  G_CALLBACK (configured_stream_state_cb),
                                                  self);
  self->timeout_id = g_timeout_add_seconds (self->timeout_s, configured_stream_timeout_cb, self);
  onair_poller_poll_now (self->poller);
}

/* Without --destination, the stream goes live to whatever vMix's Streaming settings hold. */
static void
start_configured_stream (Cli *self)
{
  OnairVmixState *state = onair_poller_get_state (self->poller);
  guint count = onair_controller_get_stream_count (self->controller);
  g_autofree char *value = g_strdup_printf ("%u", self->channel);
  const char *params[] = { "Value", value, NULL };
  g_autofree char *message = NULL;

  if (self->channel >= count)
    {
      message = g_strdup_printf (_("This vMix has %u stream channels; there is no stream %u."),
                                 count, self->channel + 1);
      cli_finish (self, EXIT_FAILED, message);
      return;
    }
  if (onair_vmix_state_get_stream_live (state, self->channel))
    {
      message = g_strdup_printf (_("Stream %u is already live."), self->channel + 1);
      cli_finish (self, EXIT_FAILED, message);
      return;
    }

  onair_controller_call_function_async (self->controller, "StartStreaming", params, NULL,
                                        start_configured_stream_cb, self);
}

static void
stop_stream_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_controller_stop_stream_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Stream %u is off.\n"), self->channel + 1);
  cli_finish (self, EXIT_OK, NULL);
}

void
cli_stream_operation (Cli *self)
{
  if (!self->start)
    onair_controller_stop_stream_async (self->controller, self->channel, NULL,
                                        stop_stream_cb, self);
  else if (self->destination != NULL)
    onair_controller_start_stream_async (self->controller, self->channel, self->destination,
                                         NULL, start_stream_cb, self);
  else
    start_configured_stream (self);
}

/* Finds a destination by its name: exactly, else ignoring case when that is unambiguous. */
OnairDestination *
cli_find_destination (Cli     *self,
                      GError **error)
{
  g_autoptr(OnairDestinationList) list = onair_destination_list_new ();
  g_autoptr(OnairDestination) exact = NULL;
  g_autoptr(OnairDestination) folded = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *wanted = g_utf8_casefold (self->destination_name, -1);
  guint n_exact = 0;
  guint n_folded = 0;
  guint n_items;

  if (self->settings == NULL)
    self->settings = cli_open_settings ();
  if (self->settings == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Onair's settings are not installed, so there are no destinations. "
                     "Set up destinations in the Onair app."));
      return NULL;
    }

  onair_destination_list_load (list, self->settings);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnairDestination) destination = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *name = onair_destination_get_name (destination);
      g_autofree char *name_folded = g_utf8_casefold (name, -1);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "“%s”", name);

      if (g_str_equal (name, self->destination_name))
        {
          n_exact++;
          g_set_object (&exact, destination);
        }
      else if (g_str_equal (name_folded, wanted))
        {
          n_folded++;
          g_set_object (&folded, destination);
        }
    }

  if (n_exact > 1 || (n_exact == 0 && n_folded > 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Several destinations are named “%s”. Rename them in the Onair app."),
                   self->destination_name);
      return NULL;
    }
  if (exact != NULL)
    return g_steal_pointer (&exact);
  if (folded != NULL)
    return g_steal_pointer (&folded);

  if (n_items == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no destination “%s”: no destinations are set up. Add them in "
                   "the Onair app."), self->destination_name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no destination “%s”. The destinations are: %s."),
                 self->destination_name, names->str);
  return NULL;
}

/* ---- Recording --------------------------------------------------------------------------- */

static void
start_recording_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  OnairVmixState *state;
  const char * const *files;

  if (!onair_controller_start_recording_finish (ONAIR_CONTROLLER (object), result, &error))
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }
  g_print (_("Recording started.\n"));
  state = onair_poller_get_state (self->poller);
  files = state ? onair_vmix_state_get_recording_files (state) : NULL;
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_print (_("Recording file: %s\n"), files[i]);
  cli_finish (self, EXIT_OK, NULL);
}

static void
stop_recording_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 duration;

  duration = onair_controller_stop_recording_finish (ONAIR_CONTROLLER (object), result, &error);
  if (error != NULL)
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }
  text = cli_format_duration (duration);
  g_print (_("Recording stopped after %s.\n"), text);
  cli_finish (self, EXIT_OK, NULL);
}

void
cli_record_operation (Cli *self)
{
  if (self->start)
    onair_controller_start_recording_async (self->controller, NULL, start_recording_cb, self);
  else
    onair_controller_stop_recording_async (self->controller, NULL, stop_recording_cb, self);
}

/* ---- Functions --------------------------------------------------------------------------- */

static void
call_function_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  answer = onair_controller_call_function_finish (ONAIR_CONTROLLER (object), result, &error);
  if (answer == NULL)
    {
      cli_finish (self, cli_operation_exit_code (error), error->message);
      return;
    }
  g_strstrip (answer);
  if (*answer != '\0')
    g_print ("%s\n", answer);
  cli_finish (self, EXIT_OK, NULL);
}

void
cli_call_operation (Cli *self)
{
  onair_controller_call_function_async (self->controller, self->function,
                                        (const char * const *) self->params->pdata, NULL,
                                        call_function_cb, self);
}
