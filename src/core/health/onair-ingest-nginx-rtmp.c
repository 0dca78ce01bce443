/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-ingest-nginx-rtmp.h"

/*
 * nginx-rtmp-module's statistics page (`rtmp_stat all;`):
 *
 *   <rtmp> … <server> <application> <name>live</name>
 *     <live> <stream> <name>…</name> <time>ms</time> <bw_in>bit/s</bw_in>
 *       <bytes_in>…</bytes_in> <bw_video>…</bw_video> <client>…</client>
 *       <meta> <video> <width/> <height/> <frame_rate/> <codec/> … </video> <audio/> </meta>
 *       <nclients>…</nclients> <publishing/> <active/> </stream> … </live>
 *
 * Module versions before 1.1.5 put the metadata flat: <meta><width/><height/><framerate/>
 * <video>codec</video></meta>. bw_in is averaged by the module over several seconds; Onair
 * measures its own bitrate from bytes_in. Some builds add a frame counter <nframes> to the
 * stream: when it is there, Onair measures the frame rate from it.
 */

struct _OnairIngestNginxRtmp
{
  OnairIngestSource parent_instance;
};

G_DEFINE_FINAL_TYPE (OnairIngestNginxRtmp, onair_ingest_nginx_rtmp, ONAIR_TYPE_INGEST_SOURCE)

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_strcmp0 ((const char *) node->name, name) == 0;
}

static xmlNode *
child_element (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *node = parent ? parent->children : NULL; node != NULL; node = node->next)
    if (is_element (node, name))
      return node;
  return NULL;
}

static char *
element_text (xmlNode *node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;
  content = xmlNodeGetContent (node);
  text = g_strstrip (g_strdup ((const char *) content));
  xmlFree (content);
  return text;
}

static gint64
child_integer (xmlNode    *parent,
               const char *name)
{
  g_autofree char *text = element_text (child_element (parent, name));
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

static double
child_double (xmlNode    *parent,
              const char *name)
{
  g_autofree char *text = element_text (child_element (parent, name));
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return NAN;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value))
    return NAN;
  return value;
}

static void
parse_meta (OnairIngestStream *stream,
            xmlNode           *meta)
{
  xmlNode *video = child_element (meta, "video");
  xmlNode *holder = meta;
  gint64 width;
  gint64 height;
  double fps;

  if (video != NULL && child_element (video, "width") != NULL)
    {
      /* 1.1.5 and later */
      holder = video;
      fps = child_double (video, "frame_rate");
      stream->video_codec = element_text (child_element (video, "codec"));
    }
  else
    {
      fps = child_double (meta, "framerate");
      stream->video_codec = element_text (video);
    }

  width = child_integer (holder, "width");
  height = child_integer (holder, "height");
  stream->width = width > 0 && width <= G_MAXUINT ? (guint) width : 0;
  stream->height = height > 0 && height <= G_MAXUINT ? (guint) height : 0;
  /* The module writes 0 when the encoder declared no frame rate. */
  stream->meta_fps = fps > 0 ? fps : NAN;
  if (stream->video_codec != NULL && *stream->video_codec == '\0')
    g_clear_pointer (&stream->video_codec, g_free);
  if (stream->frames < 0)
    stream->frames = child_integer (holder, "nframes");
}

static OnairIngestStream *
parse_stream (xmlNode    *node,
              const char *application)
{
  OnairIngestStream *stream = onair_ingest_stream_new ();
  double bw_in = child_double (node, "bw_in");
  xmlNode *meta = child_element (node, "meta");

  stream->application = g_strdup (application);
  stream->name = element_text (child_element (node, "name"));
  if (stream->name != NULL)
    stream->key_fingerprint = onair_key_fingerprint (stream->name);
  stream->publishing = child_element (node, "publishing") != NULL;
  stream->time_ms = child_integer (node, "time");
  stream->bytes_in = child_integer (node, "bytes_in");
  stream->bw_in_kbps = isnan (bw_in) ? NAN : bw_in / 1000.0;
  stream->frames = child_integer (node, "nframes");
  if (meta != NULL)
    parse_meta (stream, meta);
  return stream;
}

/**
 * onair_ingest_nginx_rtmp_parse:
 * @body: an `rtmp_stat` document
 *
 * Returns: (transfer full) (element-type OnairIngestStream): the live streams of every
 *   application, with the raw fields only; %NULL with an %ONAIR_INGEST_ERROR_PARSE error
 *   when @body is not nginx-rtmp statistics
 */
GPtrArray *
onair_ingest_nginx_rtmp_parse (GBytes  *body,
                               GError **error)
{
  g_autoptr(GPtrArray) streams = NULL;
  xmlDoc *doc;
  xmlNode *root;
  gsize size;
  const char *data;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &size);
  if (data == NULL || size == 0 || size > G_MAXINT)
    {
      g_set_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_PARSE,
                   _("The ingest server sent an empty statistics page."));
      return NULL;
    }

  doc = xmlReadMemory (data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       XML_PARSE_NOBLANKS);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !is_element (root, "rtmp"))
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error (error, ONAIR_INGEST_ERROR, ONAIR_INGEST_ERROR_PARSE,
                   _("The ingest statistics are not nginx-rtmp’s statistics XML. Point the "
                     "address at a location with “rtmp_stat all;”."));
      return NULL;
    }

  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_ingest_stream_free);
  for (xmlNode *server = root->children; server != NULL; server = server->next)
    {
      if (!is_element (server, "server"))
        continue;
      for (xmlNode *app = server->children; app != NULL; app = app->next)
        {
          g_autofree char *application = NULL;
          xmlNode *live;

          if (!is_element (app, "application"))
            continue;
          application = element_text (child_element (app, "name"));
          live = child_element (app, "live");
          for (xmlNode *node = live ? live->children : NULL; node != NULL; node = node->next)
            if (is_element (node, "stream"))
              g_ptr_array_add (streams, parse_stream (node, application));
        }
    }

  xmlFreeDoc (doc);
  return g_steal_pointer (&streams);
}

static GPtrArray *
onair_ingest_nginx_rtmp_parse_vfunc (OnairIngestSource  *source,
                                     GBytes             *body,
                                     GError            **error)
{
  return onair_ingest_nginx_rtmp_parse (body, error);
}

static void
onair_ingest_nginx_rtmp_class_init (OnairIngestNginxRtmpClass *klass)
{
  OnairIngestSourceClass *source_class = ONAIR_INGEST_SOURCE_CLASS (klass);

  source_class->parse = onair_ingest_nginx_rtmp_parse_vfunc;
}

static void
onair_ingest_nginx_rtmp_init (OnairIngestNginxRtmp *self)
{
}

/**
 * onair_ingest_nginx_rtmp_new:
 * @id: the ingest's id, usually its destination's id
 * @stats_url: the http(s) address of a location with `rtmp_stat all;`; it may carry a user
 *   name and password for HTTP Basic authentication
 *
 * Returns: (transfer full): a stopped source
 */
OnairIngestNginxRtmp *
onair_ingest_nginx_rtmp_new (const char *id,
                             const char *stats_url)
{
  return g_object_new (ONAIR_TYPE_INGEST_NGINX_RTMP, "id", id, "url", stats_url, NULL);
}
