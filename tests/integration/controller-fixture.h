/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The controller's tests share this: a controller with its client, poller and keyring
 * against a real emulator, and the witness events it records. */

#include "async-result.h"

#include <string.h>

#include "core/show/onair-controller.h"
#include "core/destinations/onair-fingerprint.h"
#include "emulator/onair-emulator.h"
#include "../emulator-variants.h"

/* Runs against the real emulator over HTTP and the real keyring that build-aux/dev test
 * starts (gnome-keyring-daemon in a private D-Bus session). */

#define TEST_KEY "live_canary_7f3a9c1e5b"

typedef struct
{
  OnairEmulator    *emulator;
  OnairVmixClient  *client;
  OnairPoller      *poller;
  OnairSecretStore *secrets;
  OnairController  *controller;
  GPtrArray        *events;      /* JsonObject*: {event_type, params, result} */
  guint             lost;
} Fixture;

static inline GAsyncResult *
wait_for (GAsyncResult **result)
{
  return await_result (result, 30);
}

static inline void
operation_finished_cb (OnairController *controller,
                       const char      *event_type,
                       JsonObject      *params,
                       JsonObject      *result,
                       GDateTime       *requested,
                       Fixture         *fixture)
{
  JsonObject *event = json_object_new ();

  g_assert_nonnull (requested);
  json_object_set_string_member (event, "event_type", event_type);
  json_object_set_object_member (event, "params", json_object_ref (params));
  json_object_set_object_member (event, "result", json_object_ref (result));
  g_ptr_array_add (fixture->events, event);
}

static inline void
stream_lost_cb (OnairController *controller,
                guint            channel,
                const char      *destination,
                Fixture         *fixture)
{
  fixture->lost++;
}

static inline void
wait_connected (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (onair_poller_get_connection_state (fixture->poller) != ONAIR_CONNECTION_CONNECTED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = variant_emulator_new (GPOINTER_TO_INT (data));
  onair_emulator_use_test_clock (fixture->emulator);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  fixture->client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                           FALSE, &error);
  g_assert_no_error (error);
  fixture->poller = onair_poller_new (fixture->client);
  onair_poller_set_interval_ms (fixture->poller, 250);
  fixture->secrets = onair_secret_store_new ();
  fixture->controller = onair_controller_new (fixture->poller, fixture->secrets);
  onair_controller_set_confirm_timeout_ms (fixture->controller, 5000);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_signal_connect (fixture->controller, "operation-finished",
                    G_CALLBACK (operation_finished_cb), fixture);
  g_signal_connect (fixture->controller, "stream-lost", G_CALLBACK (stream_lost_cb), fixture);
  onair_poller_start (fixture->poller);
  wait_connected (fixture);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onair_poller_stop (fixture->poller);
  g_assert_finalize_object (fixture->controller);
  g_assert_finalize_object (fixture->poller);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->secrets);
  onair_emulator_stop (fixture->emulator);
  g_clear_object (&fixture->emulator);
  g_ptr_array_unref (fixture->events);
}

static inline OnairDestination *
make_destination (Fixture    *fixture,
                  const char *url,
                  const char *key)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, "Own server");
  onair_destination_set_server_url (destination, url);
  if (key != NULL)
    {
      onair_destination_store_key_async (destination, fixture->secrets, key, NULL,
                                         result_cb, &result);
      g_assert_true (onair_destination_store_key_finish (destination, wait_for (&result), &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&destination);
}

static inline gboolean
start_stream (Fixture           *fixture,
              guint              channel,
              OnairDestination  *destination,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_controller_start_stream_async (fixture->controller, channel, destination, NULL,
                                       result_cb, &result);
  return onair_controller_start_stream_finish (fixture->controller, wait_for (&result), error);
}

static inline gboolean
stop_stream (Fixture  *fixture,
             guint     channel,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_controller_stop_stream_async (fixture->controller, channel, NULL, result_cb, &result);
  return onair_controller_stop_stream_finish (fixture->controller, wait_for (&result), error);
}

static inline JsonObject *
last_event (Fixture *fixture)
{
  g_assert_cmpuint (fixture->events->len, >, 0);
  return g_ptr_array_index (fixture->events, fixture->events->len - 1);
}

static inline void
assert_last_event (Fixture    *fixture,
                   const char *event_type,
                   gboolean    success)
{
  JsonObject *event = last_event (fixture);
  JsonObject *result = json_object_get_object_member (event, "result");

  g_assert_cmpstr (json_object_get_string_member (event, "event_type"), ==, event_type);
  g_assert_cmpint (json_object_get_boolean_member (result, "success"), ==, success);
  if (!success)
    g_assert_nonnull (json_object_get_string_member (result, "message"));
}

static inline void
assert_nothing_sent (Fixture *fixture)
{
  g_assert_cmpuint (onair_emulator_get_calls (fixture->emulator)->len, ==, 0);
}
