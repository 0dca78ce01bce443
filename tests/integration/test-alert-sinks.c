/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/show/onair-alert-sinks.h"

/* Alert sinks against a real HTTP server on 127.0.0.1 started by the test: the body of each
 * shape, retries after a 500, a sink that never answers (and the main loop running on time
 * meanwhile), giving up after the retry window, no secret in any payload or log line, Send
 * Test Alert, and removing a sink. The sinks' addresses go through the real keyring. */

#define CANARY_KEY "CANARY-STREAM-KEY-7f3e9a1c5b2d"
#define CANARY_PASSWORD "CANARY-PASSWORD-04d8e6f2a9"
#define CANARY_TOKEN "XoXbCanaryToken1234567890abcdef"

typedef struct
{
  char               *path;
  char               *content_type;
  char               *title;
  char               *priority;
  char               *tags;
  GBytes             *body;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->content_type);
  g_free (request->title);
  g_free (request->priority);
  g_free (request->tags);
  g_bytes_unref (request->body);
  g_free (request);
}

typedef struct
{
  SoupServer       *server;
  guint             port;
  GPtrArray        *requests;   /* Request* */
  GPtrArray        *hanging;    /* SoupServerMessage*, paused forever */
  GHashTable       *counts;     /* path → number of requests */
  GSettings        *settings;
  OnairSecretStore *secrets;
  OnairAlertSinks  *sinks;
  GPtrArray        *ids;        /* the sinks added, for the keyring clean-up */
  GPtrArray        *log;        /* every log line written */
} Fixture;

static Fixture *current;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; current != NULL && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_ptr_array_add (current->log, g_strdup (fields[i].value));
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  Request *request = g_new0 (Request, 1);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->counts, path)) + 1;

  request->path = g_strdup (path);
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->title = g_strdup (soup_message_headers_get_one (headers, "Title"));
  request->priority = g_strdup (soup_message_headers_get_one (headers, "Priority"));
  request->tags = g_strdup (soup_message_headers_get_one (headers, "Tags"));
  request->body = g_bytes_ref (bytes);
  g_ptr_array_add (fixture->requests, request);
  g_hash_table_replace (fixture->counts, g_strdup (path), GUINT_TO_POINTER (count));

  if (g_str_has_prefix (path, "/hang"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->hanging, g_object_ref (msg));
      return;
    }
  if (g_str_has_prefix (path, "/always-500") || (g_str_has_prefix (path, "/fail-once") && count == 1))
    soup_server_message_set_status (msg, 500, NULL);
  else
    soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

/* As the application does: the sinks follow the settings. */
static void
settings_changed_cb (GSettings       *settings,
                     const char      *key,
                     OnairAlertSinks *sinks)
{
  onair_alert_sinks_load (sinks, settings);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  fixture->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->ids = g_ptr_array_new_with_free_func (g_free);
  fixture->log = g_ptr_array_new_with_free_func (g_free);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->settings = g_settings_new_with_backend (APP_ID, backend);
  fixture->secrets = onair_secret_store_new ();
  fixture->sinks = onair_alert_sinks_new (fixture->secrets);
  g_signal_connect (fixture->settings, "changed::alert-sinks", G_CALLBACK (settings_changed_cb),
                    fixture->sinks);
  onair_alert_sinks_set_backoff_ms (fixture->sinks, 100, 400);
  current = fixture;
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
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  current = NULL;
  for (guint i = 0; i < fixture->hanging->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->hanging, i));
  g_signal_handlers_disconnect_by_data (fixture->settings, fixture->sinks);
  /* No address stays in the keyring after the test. */
  for (guint i = 0; i < fixture->ids->len; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      onair_secret_store_clear_async (fixture->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL,
                                      g_ptr_array_index (fixture->ids, i), NULL, result_cb,
                                      &result);
      wait_for_result (&result);
      onair_secret_store_clear_finish (fixture->secrets, result, NULL);
    }
  g_assert_finalize_object (fixture->sinks);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->settings);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
  g_clear_pointer (&fixture->hanging, g_ptr_array_unref);
  g_clear_pointer (&fixture->counts, g_hash_table_unref);
  g_clear_pointer (&fixture->ids, g_ptr_array_unref);
  g_clear_pointer (&fixture->log, g_ptr_array_unref);
}

static char *
add_sink (Fixture         *fixture,
          const char      *name,
          OnairAlertShape  shape,
          const char      *path)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *id;

  onair_alert_sinks_add_async (fixture->sinks, fixture->settings, name, shape, url, NULL,
                               result_cb, &result);
  wait_for_result (&result);
  id = onair_alert_sinks_add_finish (fixture->sinks, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_ptr_array_add (fixture->ids, g_strdup (id));
  /* The settings changed: the sinks follow them. */
  g_assert_nonnull (onair_alert_sinks_find_sink (fixture->sinks, id));
  return id;
}

static guint
count_of (Fixture    *fixture,
          const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->counts, path));
}

static const Request *
request_to (Fixture    *fixture,
            const char *path)
{
  for (guint i = 0; i < fixture->requests->len; i++)
    {
      const Request *request = g_ptr_array_index (fixture->requests, i);

      if (g_str_equal (request->path, path))
        return request;
    }
  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done (a counter reaching @target) or @timeout_ms. */
static void
run_until_count (Fixture    *fixture,
                 const char *path,
                 guint       target,
                 guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (count_of (fixture, path) < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  g_assert_cmpuint (count_of (fixture, path), >=, target);
}

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static OnairAlert *
sample_alert (OnairAlert *alert,
              GDateTime  *time)
{
  alert->status = ONAIR_HEALTH_CRITICAL;
  alert->code = "master-silent";
  alert->title = "Show health on Main: critical";
  alert->message = "Master silent for 16 s: check the audio mixer";
  alert->host_id = "main";
  alert->host_name = "Main";
  alert->time = time;
  alert->reasons = NULL;
  return alert;
}

static JsonObject *
parse_object (const Request *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (request->body, &length);

  g_assert_true (json_parser_load_from_data (parser, data, length, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_check_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_alert_sink_check_url ("https://hooks.slack.com/services/T0/B0/x", NULL));
  g_assert_true (onair_alert_sink_check_url ("http://127.0.0.1:8080/hook", NULL));
  g_assert_true (onair_alert_sink_check_url ("http://localhost/hook", NULL));
  g_assert_true (onair_alert_sink_check_url ("http://192.168.1.20/hook", NULL));
  g_assert_true (onair_alert_sink_check_url ("http://relay.local/hook", NULL));
  g_assert_true (onair_alert_sink_check_url ("http://[::1]:9000/hook", NULL));

  g_assert_false (onair_alert_sink_check_url ("http://hooks.slack.com/services/T0/B0/" CANARY_TOKEN,
                                              &error));
  g_assert_error (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INSECURE_URL);
  /* The error never repeats the address, which carries the token. */
  g_assert_null (strstr (error->message, CANARY_TOKEN));
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);
  g_assert_false (onair_alert_sink_check_url ("http://8.8.8.8/hook", &error));
  g_assert_error (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_false (onair_alert_sink_check_url ("ftp://example.com/hook", &error));
  g_assert_error (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (onair_alert_sink_check_url ("hooks.slack.com", &error));
  g_assert_error (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INVALID_URL);
}

/* Each shape gets its own body, once. */
static void
test_shapes (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *paths[ONAIR_ALERT_N_SHAPES] = {
    "/json", "/slack", "/mattermost", "/discord", "/matrix", "/ntfy",
  };
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 12, 6, 19, 2, 5);
  g_autoptr(JsonObject) json = NULL, slack = NULL, mattermost = NULL, discord = NULL, matrix = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  OnairHealthReason silent = { ONAIR_HEALTH_CRITICAL, "master-silent", "master",
                                "Master silent for 16 s: check the audio mixer", NULL };
  OnairHealthReason drops = { ONAIR_HEALTH_WARNING, "stream-drops", "stream-2",
                              "Stream 2 dropped 40 frames", NULL };
  g_autoptr(GPtrArray) reasons = g_ptr_array_new ();
  OnairAlert alert;
  const Request *ntfy;
  JsonObject *host, *reason;
  JsonArray *list;
  const char *text;

  g_ptr_array_add (reasons, &silent);
  g_ptr_array_add (reasons, &drops);
  for (guint i = 0; i < ONAIR_ALERT_N_SHAPES; i++)
    g_free (add_sink (fixture, onair_alert_shape_to_string (i), i, paths[i]));
  g_assert_cmpuint (onair_alert_sinks_get_n_sinks (fixture->sinks), ==, ONAIR_ALERT_N_SHAPES);

  sample_alert (&alert, time)->reasons = reasons;
  onair_alert_sinks_send (fixture->sinks, &alert);
  for (guint i = 0; i < ONAIR_ALERT_N_SHAPES; i++)
    run_until_count (fixture, paths[i], 1, 10000);
  settle (300);
  /* Once each. */
  g_assert_cmpuint (fixture->requests->len, ==, ONAIR_ALERT_N_SHAPES);
  g_assert_cmpuint (onair_alert_sinks_get_n_pending (fixture->sinks), ==, 0);

  json = parse_object (request_to (fixture, "/json"));
  g_assert_cmpstr (request_to (fixture, "/json")->content_type, ==, "application/json");
  g_assert_cmpstr (json_object_get_string_member (json, "status"), ==, "critical");
  g_assert_cmpstr (json_object_get_string_member (json, "code"), ==, "master-silent");
  g_assert_cmpstr (json_object_get_string_member (json, "title"), ==, alert.title);
  g_assert_cmpstr (json_object_get_string_member (json, "message"), ==, alert.message);
  /* Every reason on its own: status, reasons, host, time. */
  list = json_object_get_array_member (json, "reasons");
  g_assert_nonnull (list);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  reason = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (reason, "code"), ==, "stream-drops");
  g_assert_cmpstr (json_object_get_string_member (reason, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (reason, "subject"), ==, "stream-2");
  g_assert_cmpstr (json_object_get_string_member (reason, "message"), ==, drops.message);
  host = json_object_get_object_member (json, "host");
  g_assert_cmpstr (json_object_get_string_member (host, "id"), ==, "main");
  g_assert_cmpstr (json_object_get_string_member (host, "name"), ==, "Main");
  parsed = g_date_time_new_from_iso8601 (json_object_get_string_member (json, "time"), NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_compare (parsed, time), ==, 0);

  slack = parse_object (request_to (fixture, "/slack"));
  text = json_object_get_string_member (slack, "text");
  g_assert_nonnull (strstr (text, "*Show health on Main: critical*"));
  g_assert_nonnull (strstr (text, alert.message));
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (time);
    g_autofree char *clock = g_date_time_format (local, "Main · %H:%M:%S");

    g_assert_nonnull (strstr (text, clock));
  }
  g_assert_cmpuint (json_object_get_size (slack), ==, 1);

  mattermost = parse_object (request_to (fixture, "/mattermost"));
  text = json_object_get_string_member (mattermost, "text");
  g_assert_nonnull (strstr (text, "**Show health on Main: critical**"));
  g_assert_nonnull (strstr (text, alert.message));

  discord = parse_object (request_to (fixture, "/discord"));
  g_assert_false (json_object_has_member (discord, "text"));
  text = json_object_get_string_member (discord, "content");
  g_assert_nonnull (strstr (text, "**Show health on Main: critical**"));
  g_assert_nonnull (strstr (text, alert.message));

  matrix = parse_object (request_to (fixture, "/matrix"));
  g_assert_cmpstr (json_object_get_string_member (matrix, "format"), ==, "plain");
  text = json_object_get_string_member (matrix, "text");
  g_assert_nonnull (strstr (text, "Show health on Main: critical\n"));
  g_assert_null (strstr (text, "*"));

  ntfy = request_to (fixture, "/ntfy");
  g_assert_true (g_str_has_prefix (ntfy->content_type, "text/plain"));
  g_assert_cmpstr (ntfy->title, ==, alert.title);
  g_assert_cmpstr (ntfy->priority, ==, "urgent");
  g_assert_nonnull (strstr (ntfy->tags, "rotating_light"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (ntfy->body, NULL), alert.message));
}

/* ntfy's Title header carries a non-ASCII title RFC 2047-encoded; a warning is "high". */
static void
test_ntfy_encoded_title (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *id = add_sink (fixture, "Phones", ONAIR_ALERT_SHAPE_NTFY, "/ntfy");
  g_autofree char *expected = NULL;
  g_autofree char *base64 = NULL;
  OnairAlert alert = {
    .status = ONAIR_HEALTH_WARNING, .code = "preflight-failed",
    .title = "Pre-flight failed for “Evening show”", .message = "Backup is not reachable",
    .time = time,
  };

  onair_alert_sinks_send (fixture->sinks, &alert);
  run_until_count (fixture, "/ntfy", 1, 10000);
  base64 = g_base64_encode ((const guchar *) alert.title, strlen (alert.title));
  expected = g_strdup_printf ("=?UTF-8?B?%s?=", base64);
  g_assert_cmpstr (request_to (fixture, "/ntfy")->title, ==, expected);
  g_assert_cmpstr (request_to (fixture, "/ntfy")->priority, ==, "high");
}

static void
count_signal_cb (guint *count)
{
  (*count)++;
}

/* A 500, then a 200: retried after the backoff, delivered once. */
static void
test_retry_after_500 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *id = add_sink (fixture, "Crew chat", ONAIR_ALERT_SHAPE_SLACK, "/fail-once");
  guint delivered = 0, failed = 0;
  OnairAlert alert;

  g_signal_connect_swapped (fixture->sinks, "delivered", G_CALLBACK (count_signal_cb), &delivered);
  g_signal_connect_swapped (fixture->sinks, "delivery-failed", G_CALLBACK (count_signal_cb), &failed);
  onair_alert_sinks_send (fixture->sinks, sample_alert (&alert, time));
  run_until_count (fixture, "/fail-once", 2, 10000);
  settle (600);
  g_assert_cmpuint (count_of (fixture, "/fail-once"), ==, 2);
  g_assert_cmpuint (delivered, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_null (onair_alert_sinks_find_sink (fixture->sinks, id)->failure);
  g_assert_cmpuint (onair_alert_sinks_get_n_pending (fixture->sinks), ==, 0);
}

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last_us != 0)
    ticker->max_gap_us = MAX (ticker->max_gap_us, now - ticker->last_us);
  ticker->last_us = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

/* A sink that never answers: each attempt times out and is retried, and the main loop (the
 * UI, the poller) keeps its pace meanwhile. */
static void
test_never_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *id = add_sink (fixture, "Dead relay", ONAIR_ALERT_SHAPE_JSON, "/hang");
  Ticker ticker = { 0 };
  OnairAlert alert;
  gint64 before;
  guint tick_source;

  onair_alert_sinks_set_timeout_ms (fixture->sinks, 300);
  tick_source = g_timeout_add (50, tick_cb, &ticker);
  before = g_get_monotonic_time ();
  onair_alert_sinks_send (fixture->sinks, sample_alert (&alert, time));
  /* Queued, not sent: send returns at once. */
  g_assert_cmpint (g_get_monotonic_time () - before, <, 50 * 1000);
  run_until_count (fixture, "/hang", 3, 10000);
  g_source_remove (tick_source);

  g_test_message ("%u ticks of 50 ms, longest gap %" G_GINT64_FORMAT " ms", ticker.ticks,
                  ticker.max_gap_us / 1000);
  /* Three attempts: 300 ms timeouts, 100 ms and 200 ms backoffs, over about 1.1 s. */
  g_assert_cmpuint (ticker.ticks, >=, 10);
  g_assert_cmpint (ticker.max_gap_us, <, 250 * 1000);
  g_assert_cmpuint (onair_alert_sinks_get_n_pending (fixture->sinks), ==, 1);
}

typedef struct
{
  char *id;
  char *name;
  char *message;
  gint64 at_us;
} Failure;

static void
failed_cb (OnairAlertSinks *sinks,
           const char      *id,
           const char      *name,
           const char      *message,
           Failure         *failure)
{
  g_assert_null (failure->id);
  failure->id = g_strdup (id);
  failure->name = g_strdup (name);
  failure->message = g_strdup (message);
  failure->at_us = g_get_monotonic_time ();
}

/* A sink that keeps failing: retried until the window closes, then ::delivery-failed and
 * the sink says why. */
static void
test_delivery_failed (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *id = add_sink (fixture, "Broken bridge", ONAIR_ALERT_SHAPE_MATRIX,
                                  "/always-500");
  Failure failure = { 0 };
  OnairAlert alert;
  gint64 start;

  onair_alert_sinks_set_retry_window_ms (fixture->sinks, 1500);
  g_signal_connect (fixture->sinks, "delivery-failed", G_CALLBACK (failed_cb), &failure);
  start = g_get_monotonic_time ();
  onair_alert_sinks_send (fixture->sinks, sample_alert (&alert, time));
  while (failure.id == NULL && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (failure.id, ==, id);
  g_assert_cmpstr (failure.name, ==, "Broken bridge");
  g_assert_nonnull (strstr (failure.message, "HTTP 500"));
  g_test_message ("gave up after %u attempts in %" G_GINT64_FORMAT " ms",
                  count_of (fixture, "/always-500"), (failure.at_us - start) / 1000);
  /* 100, 200, 400, 400… ms apart within 1.5 s: several attempts, none after giving up. */
  g_assert_cmpuint (count_of (fixture, "/always-500"), >=, 4);
  g_assert_cmpint (failure.at_us - start, >=, 1000 * 1000);
  g_assert_cmpint (failure.at_us - start, <, 3000 * 1000);
  g_assert_cmpstr (onair_alert_sinks_find_sink (fixture->sinks, id)->failure, ==,
                   failure.message);
  g_assert_cmpuint (onair_alert_sinks_get_n_pending (fixture->sinks), ==, 0);
  {
    guint attempts = count_of (fixture, "/always-500");

    settle (600);
    g_assert_cmpuint (count_of (fixture, "/always-500"), ==, attempts);
  }
  g_free (failure.id);
  g_free (failure.name);
  g_free (failure.message);
}

static gboolean
contains (GBytes     *bytes,
          const char *needle)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return data != NULL && g_strstr_len (data, length, needle) != NULL;
}

/* No key, password or webhook token in any body, header or log line, whatever the alert's
 * message carries. */
static void
test_canary (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *path = g_strdup_printf ("/hook/%s", CANARY_TOKEN);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path);
  g_autofree char *message = NULL;
  g_autofree char *hang_id = NULL;
  OnairAlert alert;

  /* What the keyring hands out is held; the webhook address is held when stored. */
  onair_held_secrets_add (CANARY_KEY);
  onair_held_secrets_add (CANARY_PASSWORD);
  /* One token for all: each address is the token's, with the shape in its query. */
  for (guint i = 0; i < ONAIR_ALERT_N_SHAPES; i++)
    {
      g_autofree char *shape_path = g_strdup_printf ("%s?shape=%u", path, i);

      g_free (add_sink (fixture, onair_alert_shape_to_string (i), i, shape_path));
    }
  hang_id = add_sink (fixture, "Timeout", ONAIR_ALERT_SHAPE_JSON, "/hang");
  onair_alert_sinks_set_timeout_ms (fixture->sinks, 200);

  message = g_strdup_printf ("vMix refused stream key %s (password %s) for rtmp://a.example/live/%s, "
                             "and %s answered", CANARY_KEY, CANARY_PASSWORD, CANARY_KEY, url);
  sample_alert (&alert, time);
  alert.message = message;
  alert.title = "Stream 1 failed: " CANARY_KEY;
  onair_alert_sinks_send (fixture->sinks, &alert);
  run_until_count (fixture, path, ONAIR_ALERT_N_SHAPES, 10000);
  run_until_count (fixture, "/hang", 2, 10000);

  for (guint i = 0; i < fixture->requests->len; i++)
    {
      const Request *request = g_ptr_array_index (fixture->requests, i);
      const char *headers[] = { request->title, request->tags, request->priority };

      g_assert_false (contains (request->body, CANARY_KEY));
      g_assert_false (contains (request->body, CANARY_PASSWORD));
      g_assert_false (contains (request->body, CANARY_TOKEN));
      /* The rest of the message still says what happened. */
      g_assert_true (contains (request->body, "[redacted]")
                     || g_str_has_prefix (request->path, "/hang"));
      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        {
          g_autofree char *decoded = NULL;

          if (headers[h] == NULL)
            continue;
          g_assert_null (strstr (headers[h], CANARY_KEY));
          if (g_str_has_prefix (headers[h], "=?UTF-8?B?"))
            {
              gsize length;
              g_autofree char *inner = g_strndup (headers[h] + 10, strlen (headers[h]) - 12);

              decoded = (char *) g_base64_decode (inner, &length);
              g_assert_null (g_strstr_len (decoded, length, CANARY_KEY));
            }
        }
    }
  /* Nor in any line logged meanwhile, debug output included. */
  for (guint i = 0; i < fixture->log->len; i++)
    {
      const char *line = g_ptr_array_index (fixture->log, i);

      g_assert_null (strstr (line, CANARY_TOKEN));
      g_assert_null (strstr (line, CANARY_KEY));
    }
  g_assert_cmpuint (fixture->log->len, >, 0);
}

/* Send Test Alert: once, without retries, the answer in words; a disabled sink gets no
 * alerts but can be tested. */
static void
test_send_test (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *ok = add_sink (fixture, "Crew chat", ONAIR_ALERT_SHAPE_DISCORD, "/test-ok");
  g_autofree char *bad = add_sink (fixture, "Old bridge", ONAIR_ALERT_SHAPE_JSON, "/always-500");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result_bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  OnairAlert alert;

  onair_alert_sinks_test_async (fixture->sinks, ok, NULL, result_cb, &result);
  wait_for_result (&result);
  g_assert_true (onair_alert_sinks_test_finish (fixture->sinks, result, &error));
  g_assert_no_error (error);
  body = parse_object (request_to (fixture, "/test-ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "content"), "Test alert"));

  onair_alert_sinks_test_async (fixture->sinks, bad, NULL, result_cb, &result_bad);
  wait_for_result (&result_bad);
  g_assert_false (onair_alert_sinks_test_finish (fixture->sinks, result_bad, &error));
  g_assert_error (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  settle (400);
  g_assert_cmpuint (count_of (fixture, "/always-500"), ==, 1);

  /* Off: alerts skip it, a test still reaches it. */
  onair_alert_sinks_set_enabled (fixture->sinks, fixture->settings, ok, FALSE);
  g_assert_false (onair_alert_sinks_find_sink (fixture->sinks, ok)->enabled);
  onair_alert_sinks_set_enabled (fixture->sinks, fixture->settings, bad, FALSE);
  onair_alert_sinks_send (fixture->sinks, sample_alert (&alert, time));
  settle (400);
  g_assert_cmpuint (count_of (fixture, "/test-ok"), ==, 1);
  g_assert_cmpuint (onair_alert_sinks_get_n_pending (fixture->sinks), ==, 0);
}

/* Removing a sink drops it from the settings and its address from the keyring. */
static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = add_sink (fixture, "Crew chat", ONAIR_ALERT_SHAPE_SLACK, "/ok");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  const OnairAlertSinkInfo *info = onair_alert_sinks_find_sink (fixture->sinks, id);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/ok", fixture->port);
  g_autofree char *fingerprint = onair_key_fingerprint (url);

  /* Shown by its fingerprint; the settings hold no address. */
  g_assert_cmpstr (info->fingerprint, ==, fingerprint);
  list = g_settings_get_value (fixture->settings, "alert-sinks");
  {
    g_autofree char *printed = g_variant_print (list, FALSE);

    g_assert_null (strstr (printed, "127.0.0.1"));
    g_assert_nonnull (strstr (printed, fingerprint));
  }

  onair_alert_sinks_remove_async (fixture->sinks, fixture->settings, id, NULL, result_cb, &result);
  wait_for_result (&result);
  g_assert_true (onair_alert_sinks_remove_finish (fixture->sinks, result, &error));
  g_assert_no_error (error);
  g_assert_null (onair_alert_sinks_find_sink (fixture->sinks, id));
  g_assert_cmpuint (onair_alert_sinks_get_n_sinks (fixture->sinks), ==, 0);

  onair_secret_store_lookup_async (fixture->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL, id, NULL,
                                   result_cb, &lookup);
  wait_for_result (&lookup);
  stored = onair_secret_store_lookup_finish (fixture->secrets, lookup, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
}

/* A fresh instance finds the addresses in the keyring (as after a restart). */
static void
test_reload_from_keyring (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *id = add_sink (fixture, "Crew chat", ONAIR_ALERT_SHAPE_MATTERMOST, "/ok");
  g_autoptr(OnairAlertSinks) restarted = onair_alert_sinks_new (fixture->secrets);
  OnairAlert alert;

  onair_alert_sinks_load (restarted, fixture->settings);
  g_assert_cmpuint (onair_alert_sinks_get_n_sinks (restarted), ==, 1);
  onair_alert_sinks_send (restarted, sample_alert (&alert, time));
  run_until_count (fixture, "/ok", 1, 10000);
  g_assert_cmpuint (count_of (fixture, "/ok"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_add_func ("/onair/alert-sinks/check-url", test_check_url);
#define ADD(path, func) \
  g_test_add ("/onair/alert-sinks/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("shapes", test_shapes);
  ADD ("ntfy-encoded-title", test_ntfy_encoded_title);
  ADD ("retry-after-500", test_retry_after_500);
  ADD ("never-answers", test_never_answers);
  ADD ("delivery-failed", test_delivery_failed);
  ADD ("canary", test_canary);
  ADD ("send-test", test_send_test);
  ADD ("remove", test_remove);
  ADD ("reload-from-keyring", test_reload_from_keyring);
#undef ADD

  return g_test_run ();
}
