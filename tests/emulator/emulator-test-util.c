/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "emulator-test-util.h"

#include <string.h>

void
test_reply_free (TestReply *reply)
{
  g_clear_object (&reply->msg);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  TestReply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

TestReply *
test_http_get (SoupSession      *session,
               const char       *uri,
               const char       *authorization,
               SoupMessageFlags  flags)
{
  TestReply *reply = g_new0 (TestReply, 1);

  reply->msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_assert_nonnull (reply->msg);
  soup_message_set_flags (reply->msg, flags);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (reply->msg),
                                  "Authorization", authorization);

  soup_session_send_and_read_async (session, reply->msg, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, reply);
  while (!reply->done)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (reply->msg);

  return reply;
}

char *
test_reply_text (TestReply *reply)
{
  gsize length;
  const char *data;

  g_assert_nonnull (reply->body);
  data = g_bytes_get_data (reply->body, &length);

  return g_strndup (data, length);
}

xmlDoc *
test_parse (const char *data,
            gsize       length)
{
  return xmlReadMemory (data, length, "state.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

xmlNode *
test_child (xmlNode    *parent,
            const char *name)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
      return node;

  return NULL;
}

guint
test_count_children (xmlNode    *parent,
                     const char *name)
{
  guint count = 0;

  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
      count++;

  return count;
}

char *
test_prop (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);

  return copy;
}

char *
test_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup ((const char *) value);

  xmlFree (value);

  return copy;
}

void
test_assert_bool_prop (xmlNode    *node,
                       const char *name)
{
  g_autofree char *value = test_prop (node, name);

  g_assert_nonnull (value);
  if (!g_str_equal (value, "True") && !g_str_equal (value, "False"))
    g_error ("<%s %s=\"%s\">: not True/False", node->name, name, value);
}

double
test_meter_prop (xmlNode    *node,
                 const char *name)
{
  g_autofree char *value = test_prop (node, name);
  char *end = NULL;
  double meter;

  g_assert_nonnull (value);
  meter = g_ascii_strtod (value, &end);
  g_assert_true (end != value && *end == '\0');
  g_assert_cmpfloat (meter, >=, 0.0);
  g_assert_cmpfloat (meter, <=, 1.0);

  return meter;
}
