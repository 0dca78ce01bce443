/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "core/health/onair-health-monitor.h"
#include "core/health/onair-ingest-nginx-rtmp.h"

/* The ingest source against a scripted statistics page on 127.0.0.1: rates measured from the
 * counters, HTTP failures, the timeout, the size cap, credentials, polling. */

typedef struct
{
  SoupServer        *server;
  char              *base;        /* "http://127.0.0.1:<port>" */
  GPtrArray         *documents;   /* char*, served in turn; the last one repeats */
  guint              served;
  guint              status;
  gboolean           hang;
  SoupServerMessage *hung;
  char              *authorization;
} Fixture;

static char *
stat_document (gint64   time_ms,
               gint64   bytes_in,
               gint64   frames,
               gboolean present)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\r\n<rtmp>\r\n"
                               "<server>\r\n<application>\r\n<name>live</name>\r\n<live>\r\n");

  if (present)
    {
      g_string_append_printf (xml, "<stream>\r\n<name>test</name>\r\n<time>%" G_GINT64_FORMAT
                              "</time><bw_in>0</bw_in>\r\n<bytes_in>%" G_GINT64_FORMAT
                              "</bytes_in>\r\n", time_ms, bytes_in);
      if (frames >= 0)
        g_string_append_printf (xml, "<nframes>%" G_GINT64_FORMAT "</nframes>\r\n", frames);
      g_string_append (xml, "<meta><video><width>640</width><height>360</height>"
                            "<frame_rate>25</frame_rate><codec>H264</codec></video>"
                            "<audio></audio></meta>\r\n<nclients>1</nclients>\r\n"
                            "<publishing/>\r\n<active/>\r\n</stream>\r\n");
    }
  g_string_append (xml, "<nclients>1</nclients>\r\n</live>\r\n</application>\r\n</server>\r\n"
                        "</rtmp>\r\n");
  return g_string_free (xml, FALSE);
}

static void
stat_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *document;

  g_free (fixture->authorization);
  fixture->authorization = g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "Authorization"));

  if (fixture->hang)
    {
      g_clear_object (&fixture->hung);
      fixture->hung = g_object_ref (message);
      soup_server_message_pause (message);
      return;
    }
  if (fixture->status != SOUP_STATUS_OK)
    {
      soup_server_message_set_status (message, fixture->status, NULL);
      return;
    }

  g_assert_cmpuint (fixture->documents->len, >, 0);
  document = g_ptr_array_index (fixture->documents, MIN (fixture->served,
                                                         fixture->documents->len - 1));
  fixture->served++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_COPY,
                                    document, strlen (document));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->documents = g_ptr_array_new_with_free_func (g_free);
  fixture->status = SOUP_STATUS_OK;
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/stat", stat_cb, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->hung != NULL)
    {
      soup_server_message_set_status (fixture->hung, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (fixture->hung);
      g_clear_object (&fixture->hung);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->documents);
  g_free (fixture->base);
  g_free (fixture->authorization);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
fetch (OnairIngestSource  *source,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  onair_ingest_source_fetch_async (source, NULL, result_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return onair_ingest_source_fetch_finish (source, result, error);
}

static OnairIngestSource *
make_source (Fixture    *fixture,
             const char *userinfo)
{
  g_autofree char *url = NULL;

  if (userinfo != NULL)
    url = g_strdup_printf ("http://%s@%s/stat", userinfo, fixture->base + strlen ("http://"));
  else
    url = g_strdup_printf ("%s/stat", fixture->base);
  return ONAIR_INGEST_SOURCE (onair_ingest_nginx_rtmp_new ("dest-1", url));
}

static void
test_rates (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, NULL);
  const OnairIngestStream *stream;

  /* 100 000 bytes and 25 frames per second of the server's stream clock. */
  for (gint64 s = 1; s <= 8; s++)
    g_ptr_array_add (fixture->documents, stat_document (1000 * s, 100000 * s, 25 * s, TRUE));
  /* Then the stream restarts under the same name. */
  g_ptr_array_add (fixture->documents, stat_document (400, 5000, 10, TRUE));
  g_ptr_array_add (fixture->documents, stat_document (400, 5000, 10, FALSE));

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) streams = fetch (source, &error);

      g_assert_no_error (error);
      stream = onair_ingest_source_find_stream (source, streams);
      if (i == 9)
        {
          g_assert_null (stream);
          break;
        }
      g_assert_nonnull (stream);
      g_assert_cmpstr (stream->name, ==, "test");
      g_assert_cmpfloat (stream->meta_fps, ==, 25);
      if (i == 0 || i == 8)
        {
          g_assert_true (isnan (stream->bitrate_kbps));
          g_assert_true (isnan (stream->fps));
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (stream->bitrate_kbps, 800, 1e-9);
          g_assert_cmpfloat_with_epsilon (stream->fps, 25, 1e-9);
        }
    }
  g_assert_null (fixture->authorization);
}

static void
test_credentials (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, "stats:s%3Acret");
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "stats:s:cret", 12);

  g_ptr_array_add (fixture->documents, stat_document (1000, 1000, -1, TRUE));
  streams = fetch (source, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("Basic %s", encoded);
  g_assert_cmpstr (fixture->authorization, ==, expected);
  g_assert_null (strstr (onair_ingest_source_get_url (source), "cret"));
}

static void
test_http_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, NULL);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;

  fixture->status = SOUP_STATUS_NOT_FOUND;
  streams = fetch (source, &error);
  g_assert_null (streams);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_HTTP_STATUS);
  g_test_message ("%s", error->message);
}

static void
test_not_stats (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, NULL);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (fixture->documents, g_strdup ("<html><body>Welcome to nginx!</body></html>"));
  streams = fetch (source, &error);
  g_assert_null (streams);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_PARSE);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, NULL);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  GString *big = g_string_new ("<rtmp>");

  while (big->len < 64 * 1024)
    g_string_append (big, "<server></server>");
  g_string_append (big, "</rtmp>");
  g_ptr_array_add (fixture->documents, g_string_free (big, FALSE));

  onair_ingest_source_set_max_size (source, 16 * 1024);
  streams = fetch (source, &error);
  g_assert_null (streams);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_TOO_LARGE);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = make_source (fixture, NULL);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  fixture->hang = TRUE;
  onair_ingest_source_set_timeout_ms (source, 300);
  streams = fetch (source, &error);
  g_assert_null (streams);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnairIngestSource) source = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/stat", fixture->base);

  soup_server_disconnect (fixture->server);
  source = ONAIR_INGEST_SOURCE (onair_ingest_nginx_rtmp_new ("dest-1", url));
  streams = fetch (source, &error);
  g_assert_null (streams);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_CONNECTION);
}

static void
updated_cb (OnairIngestSource       *source,
            const OnairIngestStream *stream,
            guint                   *count)
{
  (*count)++;
}

static void
failed_cb (OnairIngestSource *source,
           const GError      *error,
           guint             *count)
{
  (*count)++;
}

static gint64
monotonic_ms_cb (gpointer user_data)
{
  return g_get_monotonic_time () / 1000;
}

static void
test_polling_and_monitor (Fixture       *fixture,
                          gconstpointer  data)
{
  OnairIngestSource *source = make_source (fixture, NULL);
  OnairHealthMonitor *monitor = onair_health_monitor_new (NULL);
  OnairHealthThresholds thresholds;
  guint updates = 0;
  guint failures = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (gint64 s = 1; s <= 5; s++)
    g_ptr_array_add (fixture->documents, stat_document (1000 * s, 100000 * s, -1, TRUE));
  g_ptr_array_add (fixture->documents, stat_document (0, 0, -1, FALSE));

  onair_health_monitor_set_clock (monitor, monotonic_ms_cb, NULL, NULL);
  onair_health_thresholds_init (&thresholds);
  thresholds.ingest_stale_warning_s = 1;
  thresholds.ingest_stale_critical_s = 2;
  onair_health_monitor_set_thresholds (monitor, &thresholds);
  onair_health_monitor_attach_ingest_source (monitor, source, "Own server", -1);

  g_signal_connect (source, "updated", G_CALLBACK (updated_cb), &updates);
  g_signal_connect (source, "failed", G_CALLBACK (failed_cb), &failures);
  onair_ingest_source_set_interval_ms (source, 250);
  onair_ingest_source_start (source);
  g_assert_true (onair_ingest_source_is_running (source));

  while (onair_health_monitor_get_status (monitor) != ONAIR_HEALTH_CRITICAL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (updates, >=, 6);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_true (onair_health_monitor_has_reason (monitor, "ingest-stale", "ingest:dest-1"));

  onair_ingest_source_stop (source);
  updates = 0;
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (updates, ==, 0);

  g_assert_finalize_object (monitor);
  g_assert_finalize_object (source);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/onair/ingest-source/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rates", test_rates);
  ADD ("credentials", test_credentials);
  ADD ("http-error", test_http_error);
  ADD ("not-stats", test_not_stats);
  ADD ("too-large", test_too_large);
  ADD ("timeout", test_timeout);
  ADD ("unreachable", test_unreachable);
  ADD ("polling-and-monitor", test_polling_and_monitor);

#undef ADD

  return g_test_run ();
}
