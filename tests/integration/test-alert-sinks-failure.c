/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/show/onair-alert-sinks.h"

/* A sink's "delivery failed" outlives a restart: it is kept in the settings beside the
 * sink (in words, never the address, which stays in the keyring) and read back by a fresh
 * instance, until a later alert or Send Test Alert reaches the sink. Against a real HTTP
 * server on 127.0.0.1 that refuses with 500 until told otherwise. */

#define TOKEN "T0kenInTheAddress5e2b7c9d"

typedef struct
{
  SoupServer       *server;
  guint             port;
  gboolean          refusing;
  guint             received;   /* alerts answered 200 */
  GSettings        *settings;
  OnairSecretStore *secrets;
  OnairAlertSinks  *sinks;
  char             *id;
  char             *failure;    /* from ::delivery-failed */
} Fixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;

  if (fixture->refusing)
    soup_server_message_set_status (msg, 500, NULL);
  else
    {
      fixture->received++;
      soup_server_message_set_status (msg, 200, NULL);
    }
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
settings_changed_cb (GSettings       *settings,
                     const char      *key,
                     OnairAlertSinks *sinks)
{
  onair_alert_sinks_load (sinks, settings);
}

static void
failed_cb (OnairAlertSinks *sinks,
           const char      *id,
           const char      *name,
           const char      *message,
           Fixture         *fixture)
{
  g_free (fixture->failure);
  fixture->failure = g_strdup (message);
}

static OnairAlertSinks *
new_sinks (Fixture *fixture)
{
  OnairAlertSinks *sinks = onair_alert_sinks_new (fixture->secrets);

  onair_alert_sinks_set_retry_window_ms (sinks, 800);
  onair_alert_sinks_set_backoff_ms (sinks, 100, 200);
  g_signal_connect (sinks, "delivery-failed", G_CALLBACK (failed_cb), fixture);
  /* As the application does: the sinks follow the settings. */
  g_signal_connect (fixture->settings, "changed::alert-sinks", G_CALLBACK (settings_changed_cb),
                    sinks);
  onair_alert_sinks_load (sinks, fixture->settings);
  return sinks;
}

static void
drop_sinks (Fixture          *fixture,
            OnairAlertSinks **sinks)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_signal_handlers_disconnect_by_data (fixture->settings, *sinks);
  /* A keyring lookup of the address started by a load holds the sinks until it answers. */
  while (G_OBJECT (*sinks)->ref_count > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_finalize_object (g_steal_pointer (sinks));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->settings = g_settings_new_with_backend (APP_ID, backend);
  fixture->secrets = onair_secret_store_new ();
  fixture->sinks = new_sinks (fixture);
  url = g_strdup_printf ("http://127.0.0.1:%u/hook/%s", fixture->port, TOKEN);
  onair_alert_sinks_add_async (fixture->sinks, fixture->settings, "Crew chat",
                               ONAIR_ALERT_SHAPE_JSON, url, NULL, result_cb, &result);
  wait_for_result (&result);
  fixture->id = onair_alert_sinks_add_finish (fixture->sinks, result, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_secret_store_clear_async (fixture->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL, fixture->id,
                                  NULL, result_cb, &result);
  wait_for_result (&result);
  onair_secret_store_clear_finish (fixture->secrets, result, NULL);
  drop_sinks (fixture, &fixture->sinks);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->settings);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->id);
  g_free (fixture->failure);
}

static void
send_alert (OnairAlertSinks *sinks)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  OnairAlert alert = {
    .status = ONAIR_HEALTH_CRITICAL,
    .code = "master-silent",
    .title = "Show health on Main: critical",
    .message = "Master silent for 16 s",
    .host_id = "main",
    .host_name = "Main",
    .time = now,
  };

  onair_alert_sinks_send (sinks, &alert);
}

/* Sends an alert to a refusing sink and waits until it is given up. */
static void
fail_delivery (Fixture         *fixture,
               OnairAlertSinks *sinks)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_clear_pointer (&fixture->failure, g_free);
  fixture->refusing = TRUE;
  send_alert (sinks);
  while (fixture->failure == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  fixture->refusing = FALSE;
}

/* The failure as the settings keep it, or NULL when the sink has none. */
static char *
saved_failure (Fixture *fixture)
{
  g_autoptr(GVariant) list = g_settings_get_value (fixture->settings, "alert-sinks");
  g_autofree char *printed = g_variant_print (list, FALSE);
  const char *failure = NULL;

  /* Never the address, nor the token it carries. */
  g_assert_null (strstr (printed, "127.0.0.1"));
  g_assert_null (strstr (printed, TOKEN));
  g_assert_cmpuint (g_variant_n_children (list), ==, 1);
  {
    g_autoptr(GVariant) entry = g_variant_get_child_value (list, 0);

    if (!g_variant_lookup (entry, "failure", "&s", &failure) || *failure == '\0')
      return NULL;
    return g_strdup (failure);
  }
}

static gboolean
has_failure (OnairAlertSinks *sinks,
             const char      *id)
{
  const OnairAlertSinkInfo *info = onair_alert_sinks_find_sink (sinks, id);

  g_assert_nonnull (info);
  return info->failure != NULL;
}

/* Failed, restarted: still failed; Send Test Alert reaching the sink clears it, also in the
 * settings, so that the next start shows none. */
static void
test_survives_restart (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnairAlertSinks) restarted = NULL;
  g_autoptr(OnairAlertSinks) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  g_assert_null (saved_failure (fixture));
  fail_delivery (fixture, fixture->sinks);
  g_test_message ("failure: %s", fixture->failure);
  g_assert_nonnull (strstr (fixture->failure, "HTTP 500"));
  saved = saved_failure (fixture);
  g_assert_cmpstr (saved, ==, fixture->failure);

  /* A restart: a new instance on the same settings. */
  drop_sinks (fixture, &fixture->sinks);
  restarted = new_sinks (fixture);
  g_assert_cmpstr (onair_alert_sinks_find_sink (restarted, fixture->id)->failure, ==,
                   fixture->failure);

  /* Send Test Alert reaches it: the failure is gone, here and in the settings. */
  onair_alert_sinks_test_async (restarted, fixture->id, NULL, result_cb, &result);
  wait_for_result (&result);
  g_assert_true (onair_alert_sinks_test_finish (restarted, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->received, ==, 1);
  g_assert_false (has_failure (restarted, fixture->id));
  g_assert_null (saved_failure (fixture));

  g_clear_object (&result);    /* the task holds its source */
  drop_sinks (fixture, &restarted);
  again = new_sinks (fixture);
  g_assert_false (has_failure (again, fixture->id));
  fixture->sinks = g_steal_pointer (&again);
}

/* A later alert that gets through clears the failure too; one that fails again keeps it. */
static void
test_cleared_by_delivery (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnairAlertSinks) restarted = NULL;
  g_autofree char *saved = NULL;
  gint64 deadline;

  fail_delivery (fixture, fixture->sinks);
  drop_sinks (fixture, &fixture->sinks);
  restarted = new_sinks (fixture);
  g_assert_true (has_failure (restarted, fixture->id));

  send_alert (restarted);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fixture->received == 0 || has_failure (restarted, fixture->id))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_null (saved_failure (fixture));

  fail_delivery (fixture, restarted);
  g_assert_true (has_failure (restarted, fixture->id));
  saved = saved_failure (fixture);
  g_assert_nonnull (saved);
  fixture->sinks = g_steal_pointer (&restarted);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/onair/alert-sinks/failure/survives-restart", Fixture, NULL, fixture_set_up,
              test_survives_restart, fixture_tear_down);
  g_test_add ("/onair/alert-sinks/failure/cleared-by-delivery", Fixture, NULL, fixture_set_up,
              test_cleared_by_delivery, fixture_tear_down);
  return g_test_run ();
}
