/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "core/destinations/onair-fingerprint.h"
#include "core/health/onair-ingest-nginx-rtmp.h"

/* As nginx 1.22 with libnginx-mod-rtmp 1.2.2 (Debian 12) serves it, CRLF and all. */
static const char current_document[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\r\n"
  "<rtmp>\r\n"
  "<nginx_version>1.22.1</nginx_version>\r\n"
  "<nginx_rtmp_version>1.1.4</nginx_rtmp_version>\r\n"
  "<built>Feb 13 2023 11:56:56</built>\r\n"
  "<pid>17349</pid>\r\n"
  "<uptime>13</uptime>\r\n"
  "<naccepted>1</naccepted>\r\n"
  "<bw_in>761704</bw_in>\r\n"
  "<bytes_in>1049135</bytes_in>\r\n"
  "<bw_out>320</bw_out>\r\n"
  "<bytes_out>409</bytes_out>\r\n"
  "<server>\r\n"
  "<application>\r\n"
  "<name>live</name>\r\n"
  "<live>\r\n"
  "<stream>\r\n"
  "<name>test</name>\r\n"
  "<time>11732</time><bw_in>759768</bw_in>\r\n"
  "<bytes_in>1046512</bytes_in>\r\n"
  "<bw_out>0</bw_out>\r\n"
  "<bytes_out>0</bytes_out>\r\n"
  "<bw_audio>0</bw_audio>\r\n"
  "<bw_video>759768</bw_video>\r\n"
  "<client><id>1</id><address>127.0.0.1</address><time>11908</time><flashver>FMLE/3.0 "
  "(compatible; Lavf59.27</flashver><dropped>0</dropped><avsync>-9840</avsync>"
  "<timestamp>9840</timestamp><publishing/><active/></client>\r\n"
  "<meta><video><width>640</width><height>360</height><frame_rate>25</frame_rate>"
  "<codec>H264</codec><profile>High</profile><compat>0</compat><level>3.0</level></video>"
  "<audio></audio></meta>\r\n"
  "<nclients>1</nclients>\r\n"
  "<publishing/>\r\n"
  "<active/>\r\n"
  "</stream>\r\n"
  "<stream>\r\n"
  "<name>waiting</name>\r\n"
  "<time>500</time><bw_in>0</bw_in>\r\n"
  "<bytes_in>0</bytes_in>\r\n"
  "<nclients>1</nclients>\r\n"
  "</stream>\r\n"
  "<nclients>2</nclients>\r\n"
  "</live>\r\n"
  "</application>\r\n"
  "<application>\r\n"
  "<name>backup</name>\r\n"
  "<live>\r\n"
  "<stream>\r\n"
  "<name>k3y-2</name>\r\n"
  "<time>90000</time><bw_in>2500000</bw_in>\r\n"
  "<bytes_in>28125000</bytes_in>\r\n"
  "<nframes>2697</nframes>\r\n"
  "<meta><video><width>1920</width><height>1080</height><frame_rate>29.970000</frame_rate>"
  "<codec>H264</codec></video><audio><codec>AAC</codec></audio></meta>\r\n"
  "<nclients>1</nclients>\r\n"
  "<publishing/>\r\n"
  "<active/>\r\n"
  "</stream>\r\n"
  "<nclients>1</nclients>\r\n"
  "</live>\r\n"
  "</application>\r\n"
  "</server>\r\n"
  "</rtmp>\r\n";

/* Module versions before 1.1.5: flat metadata. */
static const char old_document[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
  "<rtmp><version>1.6.0</version><server><application><name>app</name><live>"
  "<stream><name>cam</name><time>1000</time><bw_in>800000</bw_in><bytes_in>100000</bytes_in>"
  "<meta><width>1280</width><height>720</height><framerate>50</framerate>"
  "<video>H264</video><audio>AAC</audio></meta><nclients>1</nclients><publishing/><active/>"
  "</stream></live></application></server></rtmp>\n";

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

  return onair_ingest_nginx_rtmp_parse (bytes, error);
}

static void
test_current (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = parse (current_document, &error);
  const OnairIngestStream *stream;

  g_assert_no_error (error);
  g_assert_nonnull (streams);
  g_assert_cmpuint (streams->len, ==, 3);

  stream = g_ptr_array_index (streams, 0);
  g_assert_cmpstr (stream->application, ==, "live");
  g_assert_cmpstr (stream->name, ==, "test");
  g_assert_true (stream->publishing);
  g_assert_cmpint (stream->time_ms, ==, 11732);
  g_assert_cmpint (stream->bytes_in, ==, 1046512);
  g_assert_cmpfloat (stream->bw_in_kbps, ==, 759.768);
  g_assert_cmpfloat (stream->meta_fps, ==, 25);
  g_assert_cmpuint (stream->width, ==, 640);
  g_assert_cmpuint (stream->height, ==, 360);
  g_assert_cmpstr (stream->video_codec, ==, "H264");
  g_assert_cmpint (stream->frames, ==, -1);
  g_assert_cmpint (stream->frames_dropped, ==, -1);
  /* Rates are measured over time by the source, not parsed. */
  g_assert_true (isnan (stream->bitrate_kbps));
  g_assert_true (isnan (stream->fps));

  stream = g_ptr_array_index (streams, 1);
  g_assert_cmpstr (stream->name, ==, "waiting");
  g_assert_false (stream->publishing);
  g_assert_true (isnan (stream->meta_fps));
  g_assert_null (stream->video_codec);

  stream = g_ptr_array_index (streams, 2);
  g_assert_cmpstr (stream->application, ==, "backup");
  g_assert_cmpint (stream->frames, ==, 2697);
  g_assert_cmpfloat (stream->meta_fps, ==, 29.97);
  g_assert_cmpuint (stream->width, ==, 1920);
}

static void
test_old (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = parse (old_document, &error);
  const OnairIngestStream *stream;

  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 1);
  stream = g_ptr_array_index (streams, 0);
  g_assert_cmpstr (stream->application, ==, "app");
  g_assert_cmpuint (stream->width, ==, 1280);
  g_assert_cmpuint (stream->height, ==, 720);
  g_assert_cmpfloat (stream->meta_fps, ==, 50);
  g_assert_cmpstr (stream->video_codec, ==, "H264");
  g_assert_cmpfloat (stream->bw_in_kbps, ==, 800);
}

static void
test_empty_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams =
    parse ("<rtmp><server><application><name>live</name><live><nclients>0</nclients>"
           "</live></application></server></rtmp>", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 0);
}

static void
test_invalid (void)
{
  static const char *documents[] = {
    "",
    "not xml at all",
    "<html><body>404 Not Found</body></html>",
    "<rtmp><server>",
    "<?xml version=\"1.0\"?><!DOCTYPE rtmp [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><other>&x;</other>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) streams = parse (documents[i], &error);

      g_assert_null (streams);
      g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_PARSE);
    }
}

static void
test_source (void)
{
  g_autoptr(OnairIngestNginxRtmp) nginx = onair_ingest_nginx_rtmp_new ("dest-1",
                                                                        "http://user:pw@127.0.0.1:8080/stat?x=1");
  OnairIngestSource *source = ONAIR_INGEST_SOURCE (nginx);

  g_assert_cmpstr (onair_ingest_source_get_id (source), ==, "dest-1");
  /* Shown and logged without the credentials or the query. */
  g_assert_cmpstr (onair_ingest_source_get_url (source), ==, "http://127.0.0.1:8080/stat");
  g_assert_cmpuint (onair_ingest_source_get_interval_ms (source), ==, 1000);
  onair_ingest_source_set_interval_ms (source, 10);
  g_assert_cmpuint (onair_ingest_source_get_interval_ms (source), ==, 250);
  g_assert_false (onair_ingest_source_is_running (source));
  g_assert_null (onair_ingest_source_get_stream (source));
}

static void
test_destination (void)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("custom");
  g_autoptr(OnairIngestSource) source = NULL;
  g_autoptr(GError) error = NULL;

  onair_destination_set_name (destination, "Own server");
  onair_destination_set_server_url (destination, "rtmp://ingest.example.org/live");
  source = onair_ingest_source_new_for_destination (destination, &error);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_INVALID_URL);
  g_assert_null (source);
  g_clear_error (&error);

  onair_destination_set_ingest_stats_url (destination, "ftp://ingest.example.org/stat");
  source = onair_ingest_source_new_for_destination (destination, &error);
  g_assert_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_INVALID_URL);
  g_clear_error (&error);

  onair_destination_set_ingest_stats_url (destination, "http://ingest.example.org:8080/stat");
  source = onair_ingest_source_new_for_destination (destination, &error);
  g_assert_no_error (error);
  g_assert_true (ONAIR_IS_INGEST_NGINX_RTMP (source));
  g_assert_cmpstr (onair_ingest_source_get_id (source), ==,
                   onair_destination_get_id (destination));

  /* It follows the publishing stream of the destination's application. */
  {
    g_autoptr(GPtrArray) streams = parse (current_document, &error);
    g_autofree char *fingerprint = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (onair_ingest_source_find_stream (source, streams)->name, ==, "test");
    onair_ingest_source_set_stream_match (source, "backup", NULL, NULL);
    g_assert_cmpstr (onair_ingest_source_find_stream (source, streams)->name, ==, "k3y-2");
    onair_ingest_source_set_stream_match (source, "live", "waiting", NULL);
    g_assert_null (onair_ingest_source_find_stream (source, streams));

    /* Matched by the key's fingerprint: Onair never needs the key itself. */
    fingerprint = onair_key_fingerprint ("k3y-2");
    onair_ingest_source_set_stream_match (source, NULL, NULL, fingerprint);
    g_assert_cmpstr (onair_ingest_source_find_stream (source, streams)->application, ==, "backup");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/ingest-nginx-rtmp/current", test_current);
  g_test_add_func ("/onair/ingest-nginx-rtmp/old", test_old);
  g_test_add_func ("/onair/ingest-nginx-rtmp/empty-server", test_empty_server);
  g_test_add_func ("/onair/ingest-nginx-rtmp/invalid", test_invalid);
  g_test_add_func ("/onair/ingest-nginx-rtmp/source", test_source);
  g_test_add_func ("/onair/ingest-nginx-rtmp/destination", test_destination);

  return g_test_run ();
}
