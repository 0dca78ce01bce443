/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vMix client: fetching the state and calling functions over HTTP and HTTPS, and every
 * way a request can fail — refused, timed out, redirected, bad answers. */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "client-fixture.h"

static char *
call (Fixture             *fixture,
      const char          *function,
      const char * const  *params,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onair_vmix_client_call_async (fixture->client, function, params, NULL, result_cb, &result);
  return onair_vmix_client_call_finish (fixture->client, wait_for (&result), error);
}

static void
test_fetch_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = fetch (fixture, &error);
  const OnairVmixMeter *master;

  g_assert_no_error (error);
  g_assert_cmpstr (onair_vmix_state_get_version (state), ==,
                   onair_emulator_get_version (fixture->emulator));
  g_assert_cmpuint (onair_vmix_state_get_stream_count (state), ==,
                    onair_emulator_get_stream_count (fixture->emulator));
  g_assert_false (onair_vmix_state_get_streaming (state));
  g_assert_true (onair_vmix_state_get_streams_reported (state));
  for (guint i = 0; i < onair_vmix_state_get_stream_count (state); i++)
    g_assert_cmpint (onair_vmix_state_get_stream_state (state, i), ==, ONAIR_VMIX_STREAM_OFF);
  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), >, 0);
  g_assert_true (onair_vmix_state_get_has_fade_to_black (state));
  g_assert_false (onair_vmix_state_get_fade_to_black (state));
  g_assert_cmpuint (onair_vmix_state_get_active (state), ==,
                    onair_emulator_get_active_input (fixture->emulator));
  g_assert_cmpuint (onair_vmix_state_get_preview (state), ==,
                    onair_emulator_get_preview_input (fixture->emulator));
  g_assert_cmpuint (onair_vmix_state_get_srt_output_count (state), ==,
                    onair_emulator_get_srt_output_count (fixture->emulator));

  /* Volumes as the decimals vMix writes, not 0. */
  master = onair_vmix_state_get_master (state);
  g_assert_nonnull (master);
  g_assert_cmpfloat (master->volume, ==, 100);
  g_assert_cmpfloat_with_epsilon (master->headphones_volume, 74.80521, 1e-9);
  g_assert_cmpuint (onair_vmix_state_get_n_buses (state), ==, 2);
  g_assert_cmpfloat_with_epsilon (onair_vmix_state_get_bus (state, 0)->volume, 59.96953, 1e-9);
  /* Bus B is pulled down: its meters come in E-notation and read as small numbers. */
  g_assert_cmpfloat (onair_vmix_state_get_bus (state, 1)->left, >, 0);
  g_assert_cmpfloat (onair_vmix_state_get_bus (state, 1)->left, <, 1e-4);
}

static void
test_start_stop_stream (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) before = NULL;
  g_autoptr(OnairVmixState) live = NULL;
  g_autoptr(OnairVmixState) after = NULL;
  g_autofree char *answer = NULL;
  const char *url[] = { "Value", "1,rtmp://live.example.net/app", NULL };
  /* Characters that must survive percent-encoding. */
  const char *key[] = { "Value", "1,live_1234&x=1 +%/é", NULL };
  const char *stream[] = { "Value", "1", NULL };

  g_free (call (fixture, "StreamingSetURL", url, &error));
  g_assert_no_error (error);
  g_free (call (fixture, "StreamingSetKey", key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (onair_emulator_get_stream_key (fixture->emulator, 1), ==, "live_1234&x=1 +%/é");
  g_assert_cmpstr (onair_emulator_get_stream_url (fixture->emulator, 1), ==,
                   "rtmp://live.example.net/app");

  answer = call (fixture, "StartStreaming", stream, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);

  live = fetch (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (onair_vmix_state_get_streaming (live));
  if (variant_reports_channels (GPOINTER_TO_INT (data)))
    {
      g_assert_true (onair_vmix_state_get_streams_reported (live));
      g_assert_false (onair_vmix_state_get_stream_live (live, 0));
      g_assert_true (onair_vmix_state_get_stream_live (live, 1));
      g_assert_cmpint (onair_vmix_state_get_stream_state (live, 2), ==, ONAIR_VMIX_STREAM_OFF);
    }
  else
    {
      /* vMix 21: streaming, but not which stream; never "all off". */
      g_assert_false (onair_vmix_state_get_streams_reported (live));
      for (guint i = 0; i < 3; i++)
        g_assert_cmpint (onair_vmix_state_get_stream_state (live, i), ==,
                         ONAIR_VMIX_STREAM_UNKNOWN);
    }

  g_free (call (fixture, "StopStreaming", stream, &error));
  g_assert_no_error (error);
  after = fetch (fixture, &error);
  g_assert_no_error (error);
  g_assert_false (onair_vmix_state_get_stream_live (after, 1));
  g_assert_cmpint (onair_vmix_state_get_stream_state (after, 1), ==, ONAIR_VMIX_STREAM_OFF);
  g_assert_false (onair_vmix_state_get_streaming (after));

  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StreamingSetKey"), ==, 1);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "StartStreaming"), ==, 1);
}

static void
test_unknown_function (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = call (fixture, "SetRecordingFilename", NULL, &error);

  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION);
  g_assert_null (answer);
  g_clear_error (&error);

  /* Not even sent: not a function name. */
  answer = call (fixture, "Start Streaming&Value=1", NULL, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION);
  g_assert_cmpuint (onair_emulator_count_calls (fixture->emulator, "Start Streaming"), ==, 0);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;
  guint port = onair_emulator_get_port (fixture->emulator);

  onair_emulator_stop (fixture->emulator);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION_REFUSED);
  g_assert_null (state);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* vMix comes back on the same port. */
  g_assert_true (onair_emulator_start (fixture->emulator, port, &error));
  g_assert_no_error (error);
  state = fetch (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  onair_emulator_set_credentials (fixture->emulator, "producer", "s3cret-pass");

  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_AUTH);
  g_assert_null (strstr (error->message, "s3cret-pass"));
  g_clear_error (&error);

  onair_vmix_client_set_credentials (fixture->client, "producer", "wrong");
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_AUTH);
  g_clear_error (&error);

  onair_vmix_client_set_credentials (fixture->client, "producer", "s3cret-pass");
  state = fetch (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  onair_vmix_client_set_timeout_ms (fixture->client, 200);
  onair_emulator_set_latency_ms (fixture->emulator, 600);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  onair_emulator_set_latency_ms (fixture->emulator, 50);
  state = fetch (fixture, &error);
  g_assert_no_error (error);
}

static void
test_http_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  onair_emulator_fail_next (fixture->emulator, 1);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_HTTP_STATUS);
  g_clear_error (&error);
  state = fetch (fixture, &error);
  g_assert_no_error (error);
}

static void
test_connection_closed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  onair_emulator_close_next (fixture->emulator, 3);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION);
  g_test_message ("%s", error->message);
}

static void
test_bad_documents (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  onair_emulator_set_malformed_xml (fixture->emulator, TRUE);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
  g_clear_error (&error);
  onair_emulator_set_malformed_xml (fixture->emulator, FALSE);

  onair_emulator_set_truncated_xml (fixture->emulator, TRUE);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
  g_clear_error (&error);
  onair_emulator_set_truncated_xml (fixture->emulator, FALSE);

  /* Rendering a large document takes a while in a sanitizer build. */
  onair_vmix_client_set_timeout_ms (fixture->client, 20000);
  onair_vmix_client_set_max_response_size (fixture->client, 256 * 1024);
  onair_emulator_set_oversized_xml (fixture->emulator, 1024 * 1024);
  state = fetch (fixture, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_TOO_LARGE);
  g_clear_error (&error);
  onair_emulator_set_oversized_xml (fixture->emulator, 0);

  state = fetch (fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
}

static void
test_redaction (void)
{
  const char *key[] = { "Value", "2,live_secret_key", NULL };
  const char *url[] = { "Value", "rtmp://user:pw@host/app?token=abc", NULL };
  const char *plain[] = { "Value", "1", "Input", "Cam 1", NULL };
  g_autofree char *a = onair_vmix_redact_query ("StreamingSetKey", key);
  g_autofree char *b = onair_vmix_redact_query ("StreamingSetURL", url);
  g_autofree char *c = onair_vmix_redact_query ("StartStreaming", plain);

  g_assert_cmpstr (a, ==, "Function=StreamingSetKey&Value=2,<redacted>");
  g_assert_cmpstr (b, ==, "Function=StreamingSetURL&Value=<redacted>");
  g_assert_cmpstr (c, ==, "Function=StartStreaming&Value=1&Input=Cam%201");
}

static void
test_invalid_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixClient) client = onair_vmix_client_new ("vmix/../x", 8088, FALSE, &error);

  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_INVALID_ADDRESS);
  g_assert_null (client);
  g_clear_error (&error);
  client = onair_vmix_client_new ("vmix.local", 0, FALSE, &error);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_INVALID_ADDRESS);
}

/* Redirects */

/* A web server in front of the address that sends every request on to @target (the same
 * path and query), or with no Location at all when @target is NULL. */
typedef struct
{
  const char *target;
  guint       status;
  guint       requests;
} Redirector;

static void
redirect_cb (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Redirector *redirector = user_data;
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (message));
  g_autofree char *location = NULL;

  redirector->requests++;
  if (redirector->target == NULL)
    {
      soup_server_message_set_status (message, redirector->status, NULL);
      return;
    }
  location = g_strconcat (redirector->target, path, raw_query ? "?" : "", raw_query, NULL);
  soup_server_message_set_redirect (message, redirector->status, location);
}

static guint
listen_locally (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint port;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/* vMix never redirects. A redirect to another host that serves a valid vMix document is
 * refused with an error naming both addresses, for the state and for functions, and the
 * other host is never asked. */
static void
test_redirect (void)
{
  Fixture fixture = { NULL, NULL };
  Redirector redirector = { NULL, SOUP_STATUS_FOUND, 0 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(OnairVmixClient) direct = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_address = NULL;
  g_autofree char *redirect_address = NULL;
  const char *stream[] = { "Value", "1", NULL };
  guint port;

  fixture.emulator = variant_emulator_new (VARIANT_VMIX28);
  g_assert_true (onair_emulator_start (fixture.emulator, 0, &error));
  g_assert_no_error (error);
  target_address = g_strdup_printf ("127.0.0.1:%u", onair_emulator_get_port (fixture.emulator));
  target = g_strdup_printf ("http://%s", target_address);
  redirector.target = target;

  soup_server_add_handler (server, NULL, redirect_cb, &redirector, NULL);
  port = listen_locally (server);
  redirect_address = g_strdup_printf ("127.0.0.1:%u", port);
  fixture.client = onair_vmix_client_new ("127.0.0.1", port, FALSE, &error);
  g_assert_no_error (error);
  onair_vmix_client_set_credentials (fixture.client, "producer", "redirect-pass-31");

  state = fetch (&fixture, &error);
  g_assert_null (state);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_REDIRECT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, redirect_address));
  g_assert_nonnull (strstr (error->message, target_address));
  g_assert_null (strstr (error->message, "redirect-pass-31"));
  g_clear_error (&error);

  answer = call (&fixture, "StartStreaming", stream, &error);
  g_assert_null (answer);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, target_address));
  g_clear_error (&error);

  g_assert_cmpuint (redirector.requests, ==, 2);
  g_assert_cmpuint (onair_emulator_get_request_count (fixture.emulator), ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (fixture.emulator, "StartStreaming"), ==, 0);

  /* A redirect without a target is refused as well. */
  redirector.target = NULL;
  redirector.status = SOUP_STATUS_TEMPORARY_REDIRECT;
  state = fetch (&fixture, &error);
  g_assert_null (state);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_REDIRECT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, redirect_address));
  g_clear_error (&error);

  /* The target is a working vMix: only the redirect made the difference. */
  direct = onair_vmix_client_new ("127.0.0.1", onair_emulator_get_port (fixture.emulator),
                                  FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture.client);
  fixture.client = g_steal_pointer (&direct);
  state = fetch (&fixture, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);

  soup_server_disconnect (server);
  fixture_tear_down (&fixture, NULL);
}

/* A self-signed certificate for 127.0.0.1, made for the test run: the TLS proxy in front of
 * vMix that a producer may put up, without a certificate authority this computer trusts. */
static GTlsCertificate *
make_self_signed_certificate (void)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  gnutls_datum_t crt_pem = { NULL, 0 }, key_pem = { NULL, 0 };
  const guint8 serial[] = { 0x01, 0x23, 0x45, 0x67 };
  const guint8 loopback[] = { 127, 0, 0, 1 };
  time_t now = time (NULL);
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 24 * 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  "127.0.0.1", strlen ("127.0.0.1")), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback,
                                                         sizeof loopback, GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                      GNUTLS_PKCS_PLAIN, &key_pem), ==, 0);

  pem = g_strdup_printf ("%.*s%.*s", (int) crt_pem.size, crt_pem.data,
                         (int) key_pem.size, key_pem.data);
  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);

  gnutls_free (crt_pem.data);
  gnutls_free (key_pem.data);
  gnutls_x509_crt_deinit (crt);
  gnutls_x509_privkey_deinit (key);
  return certificate;
}

static void
test_tls (void)
{
  Fixture fixture = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) untrusted = NULL;
  g_autoptr(OnairVmixState) state = NULL;
  g_autofree char *base = NULL;
  g_autofree char *answer = NULL;
  const char *stream[] = { "Value", "2", NULL };
  g_autoptr(GTlsCertificate) certificate = make_self_signed_certificate ();

  fixture_start (&fixture, VARIANT_VMIX28, certificate, 5000);
  base = onair_vmix_client_dup_base_uri (fixture.client);
  g_assert_true (g_str_has_prefix (base, "https://127.0.0.1:"));
  onair_emulator_set_credentials (fixture.emulator, "producer", "tls-pass-5150");
  onair_vmix_client_set_credentials (fixture.client, "producer", "tls-pass-5150");

  /* A certificate nobody vouches for is refused, with a message that says so, and no
   * request reaches vMix: the password never goes to an unverified server. */
  untrusted = fetch (&fixture, &error);
  g_assert_null (untrusted);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_CONNECTION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_null (strstr (error->message, "tls-pass-5150"));
  g_assert_cmpuint (onair_emulator_get_request_count (fixture.emulator), ==, 0);
  g_clear_error (&error);

  /* Trusted by choice (a proxy with a self-signed certificate): state, functions and Basic
   * auth work over TLS. */
  onair_vmix_client_set_tls_accept_any (fixture.client, TRUE);
  state = fetch (&fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onair_vmix_state_get_version (state), ==,
                   onair_emulator_get_version (fixture.emulator));
  answer = call (&fixture, "StartStreaming", stream, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_count_calls (fixture.emulator, "StartStreaming"), ==, 1);

  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  gconstpointer v28 = GINT_TO_POINTER (VARIANT_VMIX28);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/onair/client/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  for (guint v = 0; v < N_VARIANTS; v++)
    {
      g_autofree char *fetch_path = g_strdup_printf ("/onair/client/fetch-state/%s",
                                                     variants[v].name);
      g_autofree char *stream_path = g_strdup_printf ("/onair/client/start-stop-stream/%s",
                                                      variants[v].name);

      g_test_add (fetch_path, Fixture, GINT_TO_POINTER (v), fixture_set_up, test_fetch_state,
                  fixture_tear_down);
      g_test_add (stream_path, Fixture, GINT_TO_POINTER (v), fixture_set_up,
                  test_start_stop_stream, fixture_tear_down);
    }
  ADD ("unknown-function", v28, test_unknown_function);
  ADD ("connection-refused", v28, test_connection_refused);
  ADD ("auth", v28, test_auth);
  ADD ("timeout", v28, test_timeout);
  ADD ("http-error", v28, test_http_error);
  ADD ("connection-closed", v28, test_connection_closed);
  ADD ("bad-documents", v28, test_bad_documents);
  g_test_add_func ("/onair/client/redaction", test_redaction);
  g_test_add_func ("/onair/client/invalid-address", test_invalid_address);
  g_test_add_func ("/onair/client/tls", test_tls);
  g_test_add_func ("/onair/client/redirect", test_redirect);

#undef ADD
  return g_test_run ();
}
