/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The vMix client's tests share this: an emulator (HTTPS when given a certificate) and a
 * client for it, and waiting for an asynchronous result. */

#include "async-result.h"

#include <libsoup/soup.h>
#include <string.h>
#include <time.h>

#include "core/vmix/onair-poller.h"
#include "core/vmix/onair-vmix-client.h"
#include "emulator/onair-emulator.h"
#include "../emulator-variants.h"

typedef struct
{
  OnairEmulator   *emulator;
  OnairVmixClient *client;
} Fixture;

/* An emulator, serving HTTPS when given a certificate, and a client for it. */
static inline void
fixture_start (Fixture              *fixture,
               Variant               variant,
               GTlsCertificate      *certificate,
               guint                 timeout_ms)
{
  g_autoptr(GError) error = NULL;

  fixture->emulator = variant_emulator_new (variant);
  onair_emulator_use_test_clock (fixture->emulator);
  onair_emulator_set_tls_certificate (fixture->emulator, certificate);
  g_assert_true (onair_emulator_start (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  fixture->client = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture->emulator),
                                           certificate != NULL, &error);
  g_assert_no_error (error);
  onair_vmix_client_set_timeout_ms (fixture->client, timeout_ms);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_start (fixture, GPOINTER_TO_INT (data), NULL, 1000);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  onair_emulator_stop (fixture->emulator);
  g_assert_finalize_object (fixture->emulator);
}

static inline GAsyncResult *
wait_for (GAsyncResult **result)
{
  return await_result (result, 0);
}

static inline OnairVmixState *
fetch (Fixture  *fixture,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_vmix_client_fetch_state_async (fixture->client, NULL, result_cb, &result);
  return onair_vmix_client_fetch_state_finish (fixture->client, wait_for (&result), NULL, error);
}
