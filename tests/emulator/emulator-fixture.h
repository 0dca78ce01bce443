/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The emulator's HTTP tests share this: an emulator on the test clock with a session to
 * talk to it, and calls to its API over real HTTP on 127.0.0.1. */

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/onair-emulator.h"
#include "emulator-test-util.h"

/* Every test talks to the emulator over real HTTP on 127.0.0.1 and checks the answers
 * against docs/vmix-api.md. */

typedef struct
{
  OnairEmulator *emulator;
  SoupSession   *session;
} Fixture;

G_GNUC_UNUSED static const char *vmix28_children[] = {
  "version", "edition", "preset", "inputs", "overlays", "preview", "active", "fadeToBlack",
  "transitions", "recording", "external", "streaming", "playList", "multiCorder",
  "fullscreen", "audio", "dynamic", "outputs", NULL
};

static inline void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->emulator = onair_emulator_new (GPOINTER_TO_INT (data));
  onair_emulator_use_test_clock (fx->emulator);
  g_assert_true (onair_emulator_start (fx->emulator, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_get_port (fx->emulator), >, 0);
  fx->session = soup_session_new ();
}

static inline void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->session);
  onair_emulator_stop (fx->emulator);
  g_assert_finalize_object (fx->emulator);
}

static inline TestReply *
get_path (Fixture    *fx,
          const char *path)
{
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, path[0] == '/' ? path + 1 : path, NULL);

  return test_http_get (fx->session, uri, NULL, SOUP_MESSAGE_NEW_CONNECTION);
}

/* Sends /api/?Function=NAME&key=value… (NULL-terminated pairs). */
static inline TestReply *
call_valist (Fixture    *fx,
             const char *function,
             va_list     args)
{
  g_autoptr(GString) path = g_string_new ("/api/?Function=");
  const char *key;

  g_string_append_uri_escaped (path, function, NULL, FALSE);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_string_append_printf (path, "&%s=", key);
      g_string_append_uri_escaped (path, value, NULL, FALSE);
    }

  return get_path (fx, path->str);
}

G_GNUC_NULL_TERMINATED static inline TestReply *
call (Fixture    *fx,
      const char *function,
      ...)
{
  TestReply *reply;
  va_list args;

  va_start (args, function);
  reply = call_valist (fx, function, args);
  va_end (args);

  return reply;
}

G_GNUC_NULL_TERMINATED static inline void
call_ok (Fixture    *fx,
         const char *function,
         ...)
{
  g_autoptr(TestReply) reply = NULL;
  va_list args;

  va_start (args, function);
  reply = call_valist (fx, function, args);
  va_end (args);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
}

static inline xmlDoc *
fetch_state (Fixture *fx)
{
  g_autoptr(TestReply) reply = get_path (fx, "/api");
  gsize length;
  const char *data;
  xmlDoc *doc;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  data = g_bytes_get_data (reply->body, &length);
  doc = test_parse (data, length);
  g_assert_nonnull (doc);

  return doc;
}

static inline void
assert_children_order (xmlNode     *root,
                       const char **expected)
{
  guint i = 0;

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_assert_nonnull (expected[i]);
      g_assert_cmpstr ((const char *) node->name, ==, expected[i]);
      i++;
    }
  g_assert_null (expected[i]);
}

static inline void
assert_uint_prop (xmlNode    *node,
                  const char *name)
{
  g_autofree char *value = test_prop (node, name);

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, NULL, NULL));
}

/* A volume as vMix writes it: a .NET float from 0 to 100 ("100", "59.96953"). */
static inline double
assert_volume_prop (xmlNode    *node,
                    const char *name)
{
  g_autofree char *value = test_prop (node, name);
  char *end = NULL;
  double volume;

  g_assert_nonnull (value);
  volume = g_ascii_strtod (value, &end);
  g_assert_true (end != value && *end == '\0');
  g_assert_cmpfloat (volume, >=, 0.0);
  g_assert_cmpfloat (volume, <=, 100.0);
  return volume;
}

static inline void
check_inputs (xmlNode *inputs,
              guint    expected)
{
  guint number = 0;

  g_assert_cmpuint (test_count_children (inputs, "input"), ==, expected);
  for (xmlNode *input = inputs->children; input != NULL; input = input->next)
    {
      g_autofree char *key = test_prop (input, "key");
      g_autofree char *num = test_prop (input, "number");
      g_autofree char *type = test_prop (input, "type");
      g_autofree char *title = test_prop (input, "title");
      g_autofree char *short_title = test_prop (input, "shortTitle");
      g_autofree char *state = test_prop (input, "state");
      g_autofree char *muted = test_prop (input, "muted");
      g_autofree char *expected_number = g_strdup_printf ("%u", ++number);
      g_autofree char *text = NULL;

      g_assert_cmpstr ((const char *) input->name, ==, "input");
      g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                           "[0-9a-f]{4}-[0-9a-f]{12}$", key, 0, 0));
      g_assert_cmpstr (num, ==, expected_number);
      g_assert_true (g_strv_contains ((const char *[]) { "Capture", "Video", "GT", "Colour",
                                                         "AudioFile", "Blank", NULL }, type));
      g_assert_nonnull (title);
      g_assert_cmpstr (short_title, ==, title);
      g_assert_true (g_str_equal (state, "Running") || g_str_equal (state, "Paused"));
      assert_uint_prop (input, "position");
      assert_uint_prop (input, "duration");
      test_assert_bool_prop (input, "loop");

      /* The element's own text starts with the title; titles carry <text> children. */
      text = test_text (input);
      g_assert_true (g_str_has_prefix (text, title));
      if (g_str_equal (type, "GT"))
        {
          xmlNode *field = test_child (input, "text");
          g_autofree char *name = NULL;

          g_assert_nonnull (field);
          name = test_prop (field, "name");
          g_assert_nonnull (name);
          assert_uint_prop (field, "index");
        }

      if (muted != NULL)
        {
          g_autofree char *volume = test_prop (input, "volume");
          g_autofree char *busses = test_prop (input, "audiobusses");

          test_assert_bool_prop (input, "muted");
          test_assert_bool_prop (input, "solo");
          assert_volume_prop (input, "volume");
          assert_uint_prop (input, "balance");
          g_assert_true (g_str_has_prefix (busses, "M"));
          test_meter_prop (input, "meterF1");
          test_meter_prop (input, "meterF2");
        }
      else
        {
          g_assert_true (g_str_equal (type, "GT") || g_str_equal (type, "Colour") ||
                         g_str_equal (type, "Blank"));
        }
    }
}

/* Real vMix names only the channels that are on, in order, as "True"; the documented form
 * (@all) names every channel. */
static inline void
check_streaming (xmlNode  *streaming,
                 guint     n_streams,
                 gboolean  all)
{
  guint n_attrs = 0;
  guint last = 0;

  for (xmlAttr *attr = streaming->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      g_autofree char *value = test_prop (streaming, name);
      guint channel;

      g_assert_true (g_str_has_prefix (name, "channel"));
      channel = atoi (name + strlen ("channel"));
      g_assert_cmpuint (channel, >, last);
      g_assert_cmpuint (channel, <=, n_streams);
      last = channel;
      n_attrs++;
      if (all)
        test_assert_bool_prop (streaming, name);
      else
        g_assert_cmpstr (value, ==, "True");
    }
  if (all)
    g_assert_cmpuint (n_attrs, ==, n_streams);
}

static inline void
assert_channels (Fixture    *fx,
                 const char *expected)
{
  g_autoptr(xmlDoc) doc = fetch_state (fx);
  xmlNode *streaming = test_child (xmlDocGetRootElement (doc), "streaming");
  g_autofree char *text = test_text (streaming);
  gboolean any = FALSE;

  check_streaming (streaming, strlen (expected), FALSE);
  for (guint i = 0; expected[i]; i++)
    {
      g_autofree char *name = g_strdup_printf ("channel%u", i + 1);
      g_autofree char *value = test_prop (streaming, name);

      /* Only the channels that are on are named. */
      g_assert_cmpstr (value, ==, expected[i] == '1' ? "True" : NULL);
      g_assert_cmpint (onair_emulator_get_stream_live (fx->emulator, i), ==, expected[i] == '1');
      any |= expected[i] == '1';
    }
  g_assert_cmpstr (text, ==, any ? "True" : "False");
}

static inline void
set_destination (Fixture *fx,
                 guint    stream)
{
  g_autofree char *url = g_strdup_printf ("%u,rtmp://live.example/app%u", stream, stream);
  g_autofree char *key = g_strdup_printf ("%u,key-%u", stream, stream);

  call_ok (fx, "StreamingSetURL", "Value", url, NULL);
  call_ok (fx, "StreamingSetKey", "Value", key, NULL);
}

static inline void
assert_recording (Fixture    *fx,
                  const char *duration,
                  const char *filename)
{
  g_autoptr(xmlDoc) doc = fetch_state (fx);
  xmlNode *node = test_child (xmlDocGetRootElement (doc), "recording");
  g_autofree char *text = test_text (node);
  g_autofree char *d = test_prop (node, "duration");
  g_autofree char *f = test_prop (node, "filename1");

  if (duration == NULL)
    {
      g_assert_cmpstr (text, ==, "False");
      g_assert_null (node->properties);
      return;
    }

  g_assert_cmpstr (text, ==, "True");
  g_assert_cmpstr (d, ==, duration);
  g_assert_cmpstr (f, ==, filename);
}

#define ADD(path, profile, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (profile), fixture_setup, func, fixture_teardown)
