/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

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

static const char *vmix28_children[] = {
  "version", "edition", "preset", "inputs", "overlays", "preview", "active", "fadeToBlack",
  "transitions", "recording", "external", "streaming", "playList", "multiCorder",
  "fullscreen", "audio", "dynamic", "outputs", NULL
};

static void
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

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->session);
  onair_emulator_stop (fx->emulator);
  g_assert_finalize_object (fx->emulator);
}

static TestReply *
get_path (Fixture    *fx,
          const char *path)
{
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, path[0] == '/' ? path + 1 : path, NULL);

  return test_http_get (fx->session, uri, NULL, SOUP_MESSAGE_NEW_CONNECTION);
}

/* Sends /api/?Function=NAME&key=value… (NULL-terminated pairs). */
static TestReply *
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

G_GNUC_NULL_TERMINATED static TestReply *
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

G_GNUC_NULL_TERMINATED static void
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

static OnairEmulatorCall *
first_call (Fixture *fx)
{
  GPtrArray *calls = onair_emulator_get_calls (fx->emulator);

  g_assert_cmpuint (calls->len, >, 0);

  return g_ptr_array_index (calls, 0);
}

static xmlDoc *
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

static char *
state_text (Fixture    *fx,
            const char *element)
{
  g_autoptr(xmlDoc) doc = fetch_state (fx);
  xmlNode *node = test_child (xmlDocGetRootElement (doc), element);

  g_assert_nonnull (node);

  return test_text (node);
}

static void
assert_state_text (Fixture    *fx,
                   const char *element,
                   const char *expected)
{
  g_autofree char *text = state_text (fx, element);

  g_assert_cmpstr (text, ==, expected);
}

static void
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

static void
assert_uint_prop (xmlNode    *node,
                  const char *name)
{
  g_autofree char *value = test_prop (node, name);

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, NULL, NULL));
}

/* A volume as vMix writes it: a .NET float from 0 to 100 ("100", "59.96953"). */
static double
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

static void
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

static void
check_audio_node (xmlNode    *audio,
                  const char *name,
                  gboolean    master)
{
  xmlNode *node = test_child (audio, name);

  g_assert_nonnull (node);
  assert_volume_prop (node, "volume");
  test_assert_bool_prop (node, "muted");
  test_meter_prop (node, "meterF1");
  test_meter_prop (node, "meterF2");
  if (master)
    {
      assert_volume_prop (node, "headphonesVolume");
    }
  else
    {
      test_assert_bool_prop (node, "solo");
      test_assert_bool_prop (node, "sendToMaster");
    }
}

/* Real vMix names only the channels that are on, in order, as "True"; the documented form
 * (@all) names every channel. */
static void
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

static void
check_bool_text (xmlNode    *root,
                 const char *element)
{
  g_autofree char *text = test_text (test_child (root, element));

  g_assert_true (g_str_equal (text, "True") || g_str_equal (text, "False"));
}

/* The parts both profiles share, element by element. */
static void
check_common_shape (xmlNode *root,
                    guint    n_inputs,
                    guint    n_streams)
{
  xmlNode *node;
  g_autofree char *text = NULL;

  check_inputs (test_child (root, "inputs"), n_inputs);

  node = test_child (root, "overlays");
  g_assert_cmpuint (test_count_children (node, "overlay"), ==, 8);
  {
    guint n = 0;

    for (xmlNode *overlay = node->children; overlay != NULL; overlay = overlay->next)
      {
        g_autofree char *number = test_prop (overlay, "number");

        g_assert_cmpint (atoi (number), ==, ++n);
      }
  }

  g_clear_pointer (&text, g_free);
  text = test_text (test_child (root, "preview"));
  g_assert_cmpstr (text, ==, n_inputs >= 2 ? "2" : n_inputs == 1 ? "1" : "0");
  g_clear_pointer (&text, g_free);
  text = test_text (test_child (root, "active"));
  g_assert_cmpstr (text, ==, n_inputs >= 1 ? "1" : "0");

  check_bool_text (root, "fadeToBlack");

  node = test_child (root, "transitions");
  g_assert_cmpuint (test_count_children (node, "transition"), ==, 4);
  for (xmlNode *transition = node->children; transition != NULL; transition = transition->next)
    {
      g_autofree char *effect = test_prop (transition, "effect");

      assert_uint_prop (transition, "number");
      assert_uint_prop (transition, "duration");
      g_assert_nonnull (effect);
    }

  /* Idle: a bare <recording>False</recording>. */
  node = test_child (root, "recording");
  g_assert_null (node->properties);
  g_clear_pointer (&text, g_free);
  text = test_text (node);
  g_assert_cmpstr (text, ==, "False");

  check_bool_text (root, "external");
  /* Idle: a bare <streaming>False</streaming>, as every real idle document. */
  node = test_child (root, "streaming");
  check_streaming (node, n_streams, FALSE);
  g_assert_null (node->properties);
  g_clear_pointer (&text, g_free);
  text = test_text (node);
  g_assert_cmpstr (text, ==, "False");
  check_bool_text (root, "playList");
  check_bool_text (root, "multiCorder");
  check_bool_text (root, "fullscreen");

  node = test_child (root, "audio");
  check_audio_node (node, "master", TRUE);
  check_audio_node (node, "busA", FALSE);
  check_audio_node (node, "busB", FALSE);

  node = test_child (root, "dynamic");
  g_assert_nonnull (test_child (node, "input1"));
  g_assert_nonnull (test_child (node, "value4"));
}

static void
test_shape_vmix28 (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(TestReply) reply = get_path (fx, "/api");
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *body = NULL;
  g_autofree char *version = NULL;
  g_autofree char *edition = NULL;
  g_autofree char *preset = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  xmlNode *root, *outputs;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  headers = soup_message_get_response_headers (reply->msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  g_assert_cmpstr (content_type, ==, "text/xml");
  body = test_reply_text (reply);
  /* Real documents: no declaration, empty elements in both spellings. */
  g_assert_true (g_str_has_prefix (body, "<vmix>"));
  g_assert_nonnull (strstr (body, "<overlay number=\"1\" />"));
  g_assert_nonnull (strstr (body, "<input1></input1>"));
  g_assert_nonnull (strstr (body, " gainDb=\"0\""));
  g_assert_nonnull (strstr (body, " soloPFL=\"False\""));
  g_assert_nonnull (strstr (body, " volume=\"59.96953\""));
  g_assert_nonnull (strstr (body, " headphonesVolume=\"74.80521\""));
  g_assert_true (g_regex_match_simple ("meterF1=\"[0-9]\\.[0-9]+E-[0-9]{2}\"", body, 0, 0));

  doc = test_parse (body, strlen (body));
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "vmix");
  assert_children_order (root, vmix28_children);

  version = test_text (test_child (root, "version"));
  g_assert_cmpstr (version, ==, "28.0.0.39");
  g_assert_cmpstr (version, ==, onair_emulator_get_version (fx->emulator));
  edition = test_text (test_child (root, "edition"));
  g_assert_cmpstr (edition, ==, "4K");
  preset = test_text (test_child (root, "preset"));
  g_assert_true (g_str_has_suffix (preset, ".vmix"));

  check_common_shape (root, 6, 5);
  g_assert_cmpuint (onair_emulator_get_stream_count (fx->emulator), ==, 5);

  outputs = test_child (root, "outputs");
  g_assert_cmpuint (test_count_children (outputs, "output"), >=, 5);
  for (xmlNode *output = outputs->children; output != NULL; output = output->next)
    {
      g_autofree char *type = test_prop (output, "type");
      g_autofree char *source = test_prop (output, "source");

      const char *types[] = { "Output", "External2", "Fullscreen", NULL };

      g_assert_true (g_strv_contains (types, type));
      g_assert_true (g_str_equal (source, "Output") || g_str_equal (source, "Input"));
      if (g_str_equal (source, "Input"))
        assert_uint_prop (output, "inputNumber");
      assert_uint_prop (output, "number");
      test_assert_bool_prop (output, "ndi");
      test_assert_bool_prop (output, "srt");
    }
}

static void
test_shape_vmix26 (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(TestReply) reply = get_path (fx, "/api/");
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *body = NULL;
  g_autofree char *version = NULL;
  g_autofree char *edition = NULL;
  xmlNode *root;

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  body = test_reply_text (reply);
  g_assert_true (g_str_has_prefix (body, "<vmix>"));

  doc = test_parse (body, strlen (body));
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);

  /* Same order, no <outputs> before vMix 28. */
  {
    g_autofree const char **expected = g_memdup2 (vmix28_children, sizeof vmix28_children);

    expected[G_N_ELEMENTS (vmix28_children) - 2] = NULL;
    assert_children_order (root, expected);
  }

  version = test_text (test_child (root, "version"));
  g_assert_true (g_str_has_prefix (version, "26.0.0."));
  edition = test_text (test_child (root, "edition"));
  g_assert_cmpstr (edition, ==, "HD");
  g_assert_cmpuint (onair_emulator_get_stream_count (fx->emulator), ==, 3);
  /* gainDb from vMix 25, soloPFL from 27. */
  g_assert_nonnull (strstr (body, " gainDb=\"0\""));
  g_assert_null (strstr (body, "soloPFL"));

  check_common_shape (root, 6, 3);
}

static void
test_shape_vmix21 (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *body = onair_emulator_render_xml (fx->emulator);
  g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autofree char *version = test_text (test_child (root, "version"));

  g_assert_true (g_str_has_prefix (version, "21."));
  g_assert_null (strstr (body, "gainDb"));
  g_assert_null (strstr (body, "<outputs"));
  g_assert_cmpuint (onair_emulator_get_stream_count (fx->emulator), ==, 3);
  g_assert_cmpuint (onair_emulator_get_srt_output_count (fx->emulator), ==, 0);
  check_common_shape (root, 6, 3);
}

/* The documented form, on request: a declaration and every channelN attribute. */
static void
test_documented_form (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *streaming;

  onair_emulator_set_xml_declaration (fx->emulator, TRUE);
  onair_emulator_set_all_channel_attributes (fx->emulator, TRUE);
  body = onair_emulator_render_xml (fx->emulator);
  g_assert_true (g_str_has_prefix (body, "<?xml"));
  doc = test_parse (body, strlen (body));
  streaming = test_child (xmlDocGetRootElement (doc), "streaming");
  check_streaming (streaming, 5, TRUE);
  g_assert_nonnull (strstr (body, "channel5=\"False\""));
}

static void
test_api_paths (Fixture       *fx,
                gconstpointer  data)
{
  const char *paths[] = { "/api", "/api/", "/API/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestReply) reply = get_path (fx, paths[i]);
      g_autofree char *body = test_reply_text (reply);
      g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

      g_test_message ("GET %s: %u", paths[i], reply->status);
      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
      g_assert_nonnull (doc);
    }

  {
    g_autoptr(TestReply) reply = get_path (fx, "/elsewhere");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_NOT_FOUND);
  }
}

static void
test_unknown_function (Fixture       *fx,
                       gconstpointer  data)
{
  const char *names[] = { "NoSuchFunction", "startstreaming", "SetOutput", "SetRecordingFilename" };
  GPtrArray *calls;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TestReply) reply = call (fx, names[i], "Value", "1", NULL);
      g_autofree char *body = test_reply_text (reply);

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
      g_assert_cmpstr (body, !=, "");
    }

  calls = onair_emulator_get_calls (fx->emulator);
  g_assert_cmpuint (calls->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < calls->len; i++)
    {
      OnairEmulatorCall *c = g_ptr_array_index (calls, i);

      g_assert_cmpstr (c->function, ==, names[i]);
      g_assert_cmpuint (c->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    }

  {
    g_autoptr(TestReply) reply = call (fx, "Cut", NULL);
    g_autofree char *body = test_reply_text (reply);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_cmpstr (body, !=, "");
  }
}

/* vmix-api.md: a known function with a value it cannot use answers 200 and does nothing. */
static void
test_unusable_value (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *before = onair_emulator_render_xml (fx->emulator);
  g_autofree char *after = NULL;

  call_ok (fx, "StreamingSetURL", "Value", "0,rtmp://a.example/live", NULL);
  call_ok (fx, "StreamingSetKey", "Value", "0,abc", NULL);
  g_free (before);
  before = onair_emulator_render_xml (fx->emulator);

  call_ok (fx, "StartStreaming", "Value", "first", NULL);
  call_ok (fx, "StartStreaming", "Value", "9", NULL);
  call_ok (fx, "StartSRTOutput", "Value", "12", NULL);
  call_ok (fx, "SetVolume", "Input", "1", "Value", "250", NULL);
  call_ok (fx, "PreviewInput", "Input", "99", NULL);
  call_ok (fx, "ActiveInput", "Input", "No Such Title", NULL);
  call_ok (fx, "SetMasterVolume", "Value", "loud", NULL);
  call_ok (fx, "WriteDurationToRecordingLog", "Value", "not recording", NULL);

  after = onair_emulator_render_xml (fx->emulator);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (onair_emulator_get_stream_live (fx->emulator, 0));
  g_assert_cmpuint (onair_emulator_get_recording_log (fx->emulator)->len, ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "StartStreaming"), ==, 2);
}

static void
test_stream_destinations (Fixture       *fx,
                          gconstpointer  data)
{
  OnairEmulator *emu = fx->emulator;

  call_ok (fx, "StreamingSetURL", "Value", "0,rtmp://a.example/live", NULL);
  call_ok (fx, "StreamingSetKey", "Value", "0,key-zero", NULL);
  call_ok (fx, "StreamingSetURL", "Value", "4,srt://b.example:9000?streamid=x,y", NULL);
  call_ok (fx, "StreamingSetKey", "Value", "4,key four & more", NULL);
  call_ok (fx, "StreamingSetUsername", "Value", "2,producer", NULL);
  call_ok (fx, "StreamingSetPassword", "Value", "2,s3cret,with,commas", NULL);

  g_assert_cmpstr (onair_emulator_get_stream_url (emu, 0), ==, "rtmp://a.example/live");
  g_assert_cmpstr (onair_emulator_get_stream_key (emu, 0), ==, "key-zero");
  g_assert_cmpstr (onair_emulator_get_stream_url (emu, 4), ==, "srt://b.example:9000?streamid=x,y");
  g_assert_cmpstr (onair_emulator_get_stream_key (emu, 4), ==, "key four & more");
  g_assert_cmpstr (onair_emulator_get_stream_username (emu, 2), ==, "producer");
  g_assert_cmpstr (onair_emulator_get_stream_password (emu, 2), ==, "s3cret,with,commas");
  g_assert_null (onair_emulator_get_stream_url (emu, 1));

  /* Without a valid "N," prefix the whole value is for the first stream. */
  call_ok (fx, "StreamingSetURL", "Value", "rtmp://c.example/app", NULL);
  g_assert_cmpstr (onair_emulator_get_stream_url (emu, 0), ==, "rtmp://c.example/app");
  call_ok (fx, "StreamingSetKey", "Value", "7,out-of-range", NULL);
  g_assert_cmpstr (onair_emulator_get_stream_key (emu, 0), ==, "7,out-of-range");
  call_ok (fx, "StreamingSetKey", "Value", "a1,not-an-index", NULL);
  g_assert_cmpstr (onair_emulator_get_stream_key (emu, 0), ==, "a1,not-an-index");
  g_assert_null (onair_emulator_get_stream_key (emu, 1));

  /* The destination is not part of vMix's state document. */
  {
    g_autofree char *xml = onair_emulator_render_xml (emu);

    g_assert_null (strstr (xml, "c.example"));
    g_assert_null (strstr (xml, "key-zero"));
  }
}

static void
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

static void
set_destination (Fixture *fx,
                 guint    stream)
{
  g_autofree char *url = g_strdup_printf ("%u,rtmp://live.example/app%u", stream, stream);
  g_autofree char *key = g_strdup_printf ("%u,key-%u", stream, stream);

  call_ok (fx, "StreamingSetURL", "Value", url, NULL);
  call_ok (fx, "StreamingSetKey", "Value", key, NULL);
}

static void
test_streaming (Fixture       *fx,
                gconstpointer  data)
{
  /* No destination: vMix refuses, the channel stays off. */
  call_ok (fx, "StartStreaming", "Value", "0", NULL);
  assert_channels (fx, "00000");

  /* A URL without a key is not enough either. */
  call_ok (fx, "StreamingSetURL", "Value", "0,rtmp://live.example/app", NULL);
  call_ok (fx, "StartStreaming", "Value", "0", NULL);
  assert_channels (fx, "00000");

  set_destination (fx, 0);
  set_destination (fx, 2);
  call_ok (fx, "StartStreaming", "Value", "2", NULL);
  assert_channels (fx, "00100");

  /* No value: every stream that can start. */
  call_ok (fx, "StartStreaming", NULL);
  assert_channels (fx, "10100");

  call_ok (fx, "StopStreaming", "Value", "0", NULL);
  assert_channels (fx, "00100");
  call_ok (fx, "StartStopStreaming", "Value", "0", NULL);
  assert_channels (fx, "10100");
  call_ok (fx, "StartStopStreaming", "Value", "2", NULL);
  assert_channels (fx, "10000");

  /* Toggling all: something is on, so everything goes off; then on again. */
  call_ok (fx, "StartStopStreaming", NULL);
  assert_channels (fx, "00000");
  call_ok (fx, "StartStopStreaming", NULL);
  assert_channels (fx, "10100");
  call_ok (fx, "StopStreaming", NULL);
  assert_channels (fx, "00000");

  set_destination (fx, 4);
  call_ok (fx, "StartStreaming", "Value", "4", NULL);
  assert_channels (fx, "00001");
}

static void
test_streaming_vmix26 (Fixture       *fx,
                       gconstpointer  data)
{
  set_destination (fx, 2);
  call_ok (fx, "StartStreaming", "Value", "2", NULL);
  assert_channels (fx, "001");

  /* Stream 3 does not exist before vMix 28: "3," is no index, the value goes to stream 0. */
  call_ok (fx, "StreamingSetURL", "Value", "3,rtmp://x.example/app", NULL);
  g_assert_cmpstr (onair_emulator_get_stream_url (fx->emulator, 0), ==, "3,rtmp://x.example/app");
  call_ok (fx, "StartStreaming", "Value", "3", NULL);
  assert_channels (fx, "001");
  call_ok (fx, "StopStreaming", NULL);
  assert_channels (fx, "000");
}

/* How many calls other than StreamingSetKey carried the secret in any parameter. */
static guint
count_leaks (OnairEmulator *emu,
             const char    *secret)
{
  GPtrArray *calls = onair_emulator_get_calls (emu);
  guint leaks = 0;

  for (guint i = 0; i < calls->len; i++)
    {
      OnairEmulatorCall *c = g_ptr_array_index (calls, i);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, c->params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (strstr (value, secret) != NULL && !g_str_equal (c->function, "StreamingSetKey"))
          {
            g_test_message ("%s leaked in %s %s", secret, c->function, (const char *) key);
            leaks++;
          }
    }

  return leaks;
}

static void
test_key_only_to_set_key (Fixture       *fx,
                          gconstpointer  data)
{
  set_destination (fx, 1);
  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  g_assert_cmpuint (onair_emulator_get_calls (fx->emulator)->len, ==, 3);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "StreamingSetKey"), ==, 1);
  g_assert_cmpuint (count_leaks (fx->emulator, "key-1"), ==, 0);

  /* The record does catch a key sent anywhere else. */
  call_ok (fx, "SetText", "Input", "4", "SelectedName", "Headline.Text", "Value", "key-1", NULL);
  g_assert_cmpuint (count_leaks (fx->emulator, "key-1"), ==, 1);
}

static void
assert_output_srt (Fixture    *fx,
                   const char *expected)
{
  g_autoptr(xmlDoc) doc = fetch_state (fx);
  xmlNode *outputs = test_child (xmlDocGetRootElement (doc), "outputs");
  guint i = 0;

  g_assert_nonnull (outputs);
  for (xmlNode *output = outputs->children; output != NULL; output = output->next)
    {
      g_autofree char *type = test_prop (output, "type");
      g_autofree char *srt = test_prop (output, "srt");

      if (!g_str_equal (type, "Output"))
        continue;
      g_assert_cmpstr (srt, ==, expected[i] == '1' ? "True" : "False");
      g_assert_cmpint (onair_emulator_get_srt_output (fx->emulator, i), ==, expected[i] == '1');
      i++;
    }
  g_assert_cmpuint (i, ==, strlen (expected));
}

static void
test_srt (Fixture       *fx,
          gconstpointer  data)
{
  g_assert_cmpuint (onair_emulator_get_srt_output_count (fx->emulator), ==, 4);

  /* Without a value: output 1 only. */
  call_ok (fx, "StartSRTOutput", NULL);
  assert_output_srt (fx, "1000");
  call_ok (fx, "StartSRTOutput", "Value", "2", NULL);
  assert_output_srt (fx, "1010");
  call_ok (fx, "StopSRTOutput", "Value", "0", NULL);
  assert_output_srt (fx, "0010");
  call_ok (fx, "StartStopSRTOutput", "Value", "3", NULL);
  assert_output_srt (fx, "0011");
  call_ok (fx, "StartStopSRTOutput", NULL);
  assert_output_srt (fx, "1011");
  call_ok (fx, "StartSRTOutput", "Value", "4", NULL);
  assert_output_srt (fx, "1011");
  call_ok (fx, "StopSRTOutput", NULL);
  assert_output_srt (fx, "0011");
}

/* vMix 21: <streaming>True</streaming> while live, and no channel is named; no SRT. */
static void
test_streaming_vmix21 (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *idle = NULL;
  g_autofree char *live = NULL;
  g_autoptr(TestReply) reply = NULL;

  idle = onair_emulator_render_xml (fx->emulator);
  g_assert_nonnull (strstr (idle, "<streaming>False</streaming>"));
  set_destination (fx, 1);
  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  g_assert_true (onair_emulator_get_stream_live (fx->emulator, 1));
  live = onair_emulator_render_xml (fx->emulator);
  g_assert_nonnull (strstr (live, "<streaming>True</streaming>"));

  reply = call (fx, "StartSRTOutput", "Value", "0", NULL);
  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
}

/* vMix lists MasterAudioOn and MasterAudioOff: other spellings are unknown functions. */
static void
test_function_names (Fixture       *fx,
                     gconstpointer  data)
{
  const char *unknown[] = { "MasterAudioON", "MasterAudioOFF", "startstreaming" };

  call_ok (fx, "MasterAudioOff", NULL);
  call_ok (fx, "MasterAudioOn", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(TestReply) reply = call (fx, unknown[i], NULL);

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    }
}

static void
test_srt_vmix26 (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *xml = NULL;

  call_ok (fx, "StartSRTOutput", "Value", "1", NULL);
  g_assert_true (onair_emulator_get_srt_output (fx->emulator, 1));
  g_assert_false (onair_emulator_get_srt_output (fx->emulator, 0));

  xml = onair_emulator_render_xml (fx->emulator);
  g_assert_null (strstr (xml, "<outputs"));
}

static void
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

static void
test_recording (Fixture       *fx,
                gconstpointer  data)
{
  OnairEmulator *emu = fx->emulator;
  const char *first = "C:\\Users\\vMix\\Documents\\vMix\\capture - 2025-11-12 10-30-00.mp4";
  const char *second = "C:\\Users\\vMix\\Documents\\vMix\\capture - 2025-11-12 11-31-35.mp4";

  assert_recording (fx, NULL, NULL);
  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (emu));
  assert_recording (fx, "0", first);

  onair_emulator_advance (emu, 65);
  assert_recording (fx, "65", first);
  g_assert_cmpint (onair_emulator_get_recording_duration (emu), ==, 65);

  /* Starting again changes nothing. */
  call_ok (fx, "StartRecording", NULL);
  assert_recording (fx, "65", first);

  call_ok (fx, "StopRecording", NULL);
  assert_recording (fx, NULL, NULL);
  g_assert_cmpint (onair_emulator_get_recording_duration (emu), ==, 0);

  onair_emulator_advance (emu, 3630);
  call_ok (fx, "StartStopRecording", NULL);
  assert_recording (fx, "0", second);
  onair_emulator_advance (emu, 7200);
  assert_recording (fx, "7200", second);
  call_ok (fx, "StartStopRecording", NULL);
  assert_recording (fx, NULL, NULL);
}

static void
test_recording_log (Fixture       *fx,
                    gconstpointer  data)
{
  GPtrArray *log = onair_emulator_get_recording_log (fx->emulator);

  call_ok (fx, "StartRecording", NULL);
  onair_emulator_advance (fx->emulator, 42);
  call_ok (fx, "WriteDurationToRecordingLog", "Value", "Sermon starts", NULL);
  onair_emulator_advance (fx->emulator, 18);
  call_ok (fx, "WriteDurationToRecordingLog", NULL);

  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, "42 Sermon starts");
  g_assert_cmpstr (g_ptr_array_index (log, 1), ==, "60");
}

static void
test_outputs_flags (Fixture       *fx,
                    gconstpointer  data)
{
  const struct { const char *function; const char *element; const char *expected; } steps[] = {
    { "StartExternal", "external", "True" },
    { "StopExternal", "external", "False" },
    { "StartStopExternal", "external", "True" },
    { "StartMultiCorder", "multiCorder", "True" },
    { "StartStopMultiCorder", "multiCorder", "False" },
    { "StartStopMultiCorder", "multiCorder", "True" },
    { "StopMultiCorder", "multiCorder", "False" },
    { "FullscreenOn", "fullscreen", "True" },
    { "Fullscreen", "fullscreen", "False" },
    { "StartPlayList", "playList", "True" },
    { "StopPlayList", "playList", "False" },
    { "FadeToBlack", "fadeToBlack", "True" },
    { "FadeToBlack", "fadeToBlack", "False" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      call_ok (fx, steps[i].function, NULL);
      assert_state_text (fx, steps[i].element, steps[i].expected);
    }

  call_ok (fx, "StartExternal", NULL);
  call_ok (fx, "StartMultiCorder", NULL);
  g_assert_true (onair_emulator_get_external (fx->emulator));
  g_assert_true (onair_emulator_get_multicorder (fx->emulator));

  /* Acknowledged, nothing to show. */
  call_ok (fx, "Snapshot", "Value", "C:\\Snapshots\\frame.png", NULL);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "Snapshot"), ==, 1);
}

static void
test_switching (Fixture       *fx,
                gconstpointer  data)
{
  OnairEmulator *emu = fx->emulator;
  g_autofree char *key3 = NULL;

  assert_state_text (fx, "preview", "2");
  assert_state_text (fx, "active", "1");

  call_ok (fx, "Cut", NULL);
  assert_state_text (fx, "preview", "1");
  assert_state_text (fx, "active", "2");

  call_ok (fx, "PreviewInput", "Input", "3", NULL);
  call_ok (fx, "Fade", "Duration", "500", NULL);
  assert_state_text (fx, "active", "3");
  assert_state_text (fx, "preview", "2");

  call_ok (fx, "ActiveInput", "Input", "Black", NULL);
  g_assert_cmpuint (onair_emulator_get_active_input (emu), ==, 5);

  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
    xmlNode *inputs = test_child (xmlDocGetRootElement (doc), "inputs");
    xmlNode *third = inputs->children->next->next;

    key3 = test_prop (third, "key");
  }
  call_ok (fx, "PreviewInput", "Input", key3, NULL);
  g_assert_cmpuint (onair_emulator_get_preview_input (emu), ==, 3);
  call_ok (fx, "CutDirect", "Input", "-1", NULL);
  g_assert_cmpuint (onair_emulator_get_active_input (emu), ==, 5);
  call_ok (fx, "QuickPlay", "Input", "0", NULL);
  g_assert_cmpuint (onair_emulator_get_active_input (emu), ==, 3);

  call_ok (fx, "OverlayInput1In", "Input", "4", NULL);
  call_ok (fx, "OverlayInput2", "Input", "Lower Third.gtzip", NULL);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
    xmlNode *overlays = test_child (xmlDocGetRootElement (doc), "overlays");
    xmlNode *first = overlays->children;
    g_autofree char *one = test_text (first);
    g_autofree char *two = test_text (first->next);
    g_autofree char *three = test_text (first->next->next);

    g_assert_cmpstr (one, ==, "4");
    g_assert_cmpstr (two, ==, "4");
    g_assert_cmpstr (three, ==, "");
  }
  call_ok (fx, "OverlayInput1Out", NULL);
  call_ok (fx, "OverlayInput2", "Input", "4", NULL);
  {
    g_autofree char *xml = onair_emulator_render_xml (emu);

    g_assert_nonnull (strstr (xml, "<overlays><overlay number=\"1\" /><overlay number=\"2\" />"));
  }

  call_ok (fx, "SetTransitionEffect2", "Value", "Zoom", NULL);
  call_ok (fx, "SetTransitionDuration2", "Value", "750", NULL);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
    xmlNode *transitions = test_child (xmlDocGetRootElement (doc), "transitions");
    g_autofree char *effect = test_prop (transitions->children->next, "effect");
    g_autofree char *duration = test_prop (transitions->children->next, "duration");

    g_assert_cmpstr (effect, ==, "Zoom");
    g_assert_cmpstr (duration, ==, "750");
  }
}

static void
test_escaping (Fixture       *fx,
               gconstpointer  data)
{
  const char *text = "Q&A <live> \"quoted\" – Ünïcode";
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *gt;
  g_autofree char *value = NULL;

  call_ok (fx, "SetText", "Input", "4", "SelectedIndex", "1", "Value", text, NULL);
  call_ok (fx, "SetDynamicValue1", "Value", "a<b&c", NULL);

  doc = fetch_state (fx);
  gt = test_child (xmlDocGetRootElement (doc), "inputs")->children->next->next->next;
  value = test_text (test_child (gt, "text")->next);
  g_assert_cmpstr (value, ==, text);

  g_clear_pointer (&value, g_free);
  value = test_text (test_child (test_child (xmlDocGetRootElement (doc), "dynamic"), "value1"));
  g_assert_cmpstr (value, ==, "a<b&c");
}

static void
test_input_count (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *small = onair_emulator_render_xml (fx->emulator);
  g_autofree char *large = NULL;

  onair_emulator_set_input_count (fx->emulator, 400);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);

    check_inputs (test_child (xmlDocGetRootElement (doc), "inputs"), 400);
  }
  large = onair_emulator_render_xml (fx->emulator);
  g_test_message ("6 inputs: %zu bytes, 400 inputs: %zu bytes", strlen (small), strlen (large));
  g_assert_cmpuint (strlen (large), >, 100000);

  onair_emulator_set_input_count (fx->emulator, 0);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);

    check_common_shape (xmlDocGetRootElement (doc), 0, 5);
  }
}

static void
read_meters (Fixture *fx,
             double   master[2],
             double   cam1[2])
{
  g_autoptr(xmlDoc) doc = fetch_state (fx);
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *node = test_child (test_child (root, "audio"), "master");
  xmlNode *input = test_child (test_child (root, "inputs"), "input");

  master[0] = test_meter_prop (node, "meterF1");
  master[1] = test_meter_prop (node, "meterF2");
  cam1[0] = test_meter_prop (input, "meterF1");
  cam1[1] = test_meter_prop (input, "meterF2");
}

static void
test_meters (Fixture       *fx,
             gconstpointer  data)
{
  double master[2], cam1[2], later[2], cam1_later[2];

  read_meters (fx, master, cam1);
  g_assert_cmpfloat (master[0], >, 0.0);
  g_assert_cmpfloat (cam1[0], >, 0.0);

  /* Frozen clock, frozen meters; they move when time does. */
  read_meters (fx, later, cam1_later);
  g_assert_cmpfloat (later[0], ==, master[0]);
  onair_emulator_advance (fx->emulator, 1);
  read_meters (fx, later, cam1_later);
  g_assert_cmpfloat (later[0], !=, master[0]);
  g_assert_cmpfloat (cam1_later[1], !=, cam1[1]);

  onair_emulator_set_master_silent (fx->emulator, TRUE);
  for (guint i = 0; i < 5; i++)
    {
      onair_emulator_advance (fx->emulator, 1);
      read_meters (fx, master, cam1);
      g_assert_cmpfloat (master[0], ==, 0.0);
      g_assert_cmpfloat (master[1], ==, 0.0);
      g_assert_cmpfloat (cam1[0], >, 0.0);
    }
  onair_emulator_set_master_silent (fx->emulator, FALSE);
  read_meters (fx, master, cam1);
  g_assert_cmpfloat (master[0], >, 0.0);

  call_ok (fx, "MasterAudioOff", NULL);
  read_meters (fx, master, cam1);
  g_assert_cmpfloat (master[0], ==, 0.0);
  call_ok (fx, "MasterAudioOn", NULL);

  call_ok (fx, "AudioOff", "Input", "1", NULL);
  read_meters (fx, master, cam1);
  g_assert_cmpfloat (cam1[0], ==, 0.0);
  g_assert_cmpfloat (cam1[1], ==, 0.0);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
    xmlNode *input = test_child (test_child (xmlDocGetRootElement (doc), "inputs"), "input");
    g_autofree char *muted = test_prop (input, "muted");

    g_assert_cmpstr (muted, ==, "True");
  }

  call_ok (fx, "SetVolume", "Input", "2", "Value", "0", NULL);
  read_meters (fx, master, cam1);
  g_assert_cmpfloat (master[0], ==, 0.0);
}

static void
test_clock (Fixture       *fx,
            gconstpointer  data)
{
  OnairEmulatorCall *c;

  g_assert_cmpint (onair_emulator_get_time (fx->emulator), ==, ONAIR_EMULATOR_TEST_EPOCH);
  call_ok (fx, "Cut", NULL);
  onair_emulator_advance (fx->emulator, 3600 * 5);
  g_assert_cmpint (onair_emulator_get_time (fx->emulator), ==, ONAIR_EMULATOR_TEST_EPOCH + 18000);
  call_ok (fx, "Cut", NULL);

  c = g_ptr_array_index (onair_emulator_get_calls (fx->emulator), 0);
  g_assert_cmpint (c->time_s, ==, ONAIR_EMULATOR_TEST_EPOCH);
  c = g_ptr_array_index (onair_emulator_get_calls (fx->emulator), 1);
  g_assert_cmpint (c->time_s, ==, ONAIR_EMULATOR_TEST_EPOCH + 18000);
}

static void
test_real_clock (void)
{
  g_autoptr(OnairEmulator) emu = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (ABS (onair_emulator_get_time (emu) - now), <=, 1);
}

static void
test_calls (Fixture       *fx,
            gconstpointer  data)
{
  GPtrArray *calls = onair_emulator_get_calls (fx->emulator);
  OnairEmulatorCall *c;

  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  call_ok (fx, "Fade", "Input", "Cam 2", "Duration", "1000", "Mix", "0", NULL);
  {
    g_autoptr(TestReply) reply = call (fx, "Bogus", "Value", "x", NULL);
  }
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
  }

  /* The state request is no call. */
  g_assert_cmpuint (calls->len, ==, 3);
  c = g_ptr_array_index (calls, 0);
  g_assert_cmpstr (c->function, ==, "StartStreaming");
  g_assert_cmpuint (g_hash_table_size (c->params), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Value"), ==, "1");
  g_assert_cmpuint (c->status, ==, 200);

  c = g_ptr_array_index (calls, 1);
  g_assert_cmpuint (g_hash_table_size (c->params), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Input"), ==, "Cam 2");
  g_assert_cmpstr (g_hash_table_lookup (c->params, "Duration"), ==, "1000");
  g_assert_null (g_hash_table_lookup (c->params, "Function"));

  c = g_ptr_array_index (calls, 2);
  g_assert_cmpuint (c->status, ==, 500);

  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "Fade"), ==, 1);
  g_assert_cmpuint (onair_emulator_get_request_count (fx->emulator), ==, 4);
  onair_emulator_clear_calls (fx->emulator);
  g_assert_cmpuint (onair_emulator_get_calls (fx->emulator)->len, ==, 0);
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "Fade"), ==, 0);
}

static TestReply *
get_with_auth (Fixture    *fx,
               const char *user,
               const char *password)
{
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api", NULL);
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *header = NULL;

  if (user != NULL)
    {
      pair = g_strconcat (user, ":", password, NULL);
      encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      header = g_strconcat ("Basic ", encoded, NULL);
    }

  return test_http_get (fx->session, uri, header, SOUP_MESSAGE_NEW_CONNECTION);
}

static void
test_auth (Fixture       *fx,
           gconstpointer  data)
{
  onair_emulator_set_credentials (fx->emulator, "admin", "s3cret");

  {
    g_autoptr(TestReply) reply = get_with_auth (fx, NULL, NULL);
    SoupMessageHeaders *headers = soup_message_get_response_headers (reply->msg);
    const char *challenge = soup_message_headers_get_one (headers, "WWW-Authenticate");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_cmpstr (challenge, ==, "Basic realm=\"vMix\"");
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "admin", "wrong");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "someone", "s3cret");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
  }
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "admin", "s3cret");
    g_autofree char *body = test_reply_text (reply);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_true (g_str_has_prefix (body, "<vmix>"));
  }

  /* Password only: any user name. */
  onair_emulator_set_credentials (fx->emulator, NULL, "s3cret");
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, "anyone", "s3cret");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  }

  onair_emulator_set_credentials (fx->emulator, NULL, NULL);
  {
    g_autoptr(TestReply) reply = get_with_auth (fx, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  }
}

static void
test_fault_latency (Fixture       *fx,
                    gconstpointer  data)
{
  gint64 start;

  onair_emulator_set_latency_ms (fx->emulator, 300);

  start = g_get_monotonic_time ();
  call_ok (fx, "StartRecording", NULL);
  g_test_message ("answered after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_true (onair_emulator_get_recording (fx->emulator));

  start = g_get_monotonic_time ();
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  onair_emulator_set_latency_ms (fx->emulator, 0);
  start = g_get_monotonic_time ();
  call_ok (fx, "StopRecording", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *) user_data = TRUE;
}

static void
test_fault_latency_cancelled (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api/?Function=StartRecording", NULL);
  gboolean done = FALSE;
  gint64 until;

  /* A client that gives up while the answer is delayed must not upset the emulator. */
  onair_emulator_set_latency_ms (fx->emulator, 300);
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  soup_session_send_and_read_async (fx->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    cancelled_cb, &done);
  while (onair_emulator_get_request_count (fx->emulator) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Past the latency. Like vMix, the emulator had the whole request and may still run
   * it; answering a client that left must not upset it. */
  until = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (onair_emulator_get_calls (fx->emulator)->len, <=, 1);

  call_ok (fx, "StopRecording", NULL);
  g_assert_false (onair_emulator_get_recording (fx->emulator));
  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TestReply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

/* vMix closing while an answer is still delayed: the client sees the connection go. */
static void
test_fault_stop_while_delayed (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(TestReply) reply = g_new0 (TestReply, 1);
  g_autofree char *base = onair_emulator_dup_base_uri (fx->emulator);
  g_autofree char *uri = g_strconcat (base, "api", NULL);
  guint port = onair_emulator_get_port (fx->emulator);
  g_autoptr(GError) error = NULL;

  onair_emulator_set_latency_ms (fx->emulator, 5000);
  reply->msg = soup_message_new (SOUP_METHOD_GET, uri);
  soup_session_send_and_read_async (fx->session, reply->msg, G_PRIORITY_DEFAULT, NULL,
                                    stopped_cb, reply);
  while (onair_emulator_get_request_count (fx->emulator) == 0)
    g_main_context_iteration (NULL, TRUE);

  onair_emulator_stop (fx->emulator);
  while (!reply->done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stopped: %s", reply->error ? reply->error->message : "no error");
  g_assert_nonnull (reply->error);

  onair_emulator_set_latency_ms (fx->emulator, 0);
  g_assert_true (onair_emulator_start (fx->emulator, port, &error));
  g_assert_no_error (error);
  call_ok (fx, "Cut", NULL);
}

static void
test_fault_fail_next (Fixture       *fx,
                      gconstpointer  data)
{
  onair_emulator_fail_next (fx->emulator, 2);

  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  }
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
  g_assert_cmpuint (onair_emulator_count_calls (fx->emulator, "StartRecording"), ==, 2);
  g_assert_cmpuint (first_call (fx)->status, ==, 500);
}

static void
test_fault_fail_every (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GString) pattern = g_string_new (NULL);

  onair_emulator_set_fail_every (fx->emulator, 3);
  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(TestReply) reply = get_path (fx, "/api");

      g_string_append_c (pattern, reply->status == 200 ? '.' : reply->status == 500 ? 'F' : '?');
    }
  g_assert_cmpstr (pattern->str, ==, "..F..F..F");

  onair_emulator_set_fail_every (fx->emulator, 0);
  call_ok (fx, "Cut", NULL);
}

static void
test_fault_close (Fixture       *fx,
                  gconstpointer  data)
{
  onair_emulator_close_next (fx->emulator, 1);
  {
    g_autoptr(TestReply) reply = call (fx, "StartRecording", NULL);

    g_test_message ("closed: %s", reply->error ? reply->error->message : "no error");
    g_assert_nonnull (reply->error);
    g_assert_null (reply->body);
    g_assert_false (onair_emulator_get_recording (fx->emulator));
  }
  g_assert_cmpuint (first_call (fx)->status, ==, 0);

  /* With latency too, and for the state document. */
  onair_emulator_set_latency_ms (fx->emulator, 50);
  onair_emulator_close_next (fx->emulator, 1);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_test_message ("closed: %s", reply->error ? reply->error->message : "no error");
    g_assert_nonnull (reply->error);
  }
  onair_emulator_set_latency_ms (fx->emulator, 0);

  call_ok (fx, "StartRecording", NULL);
  g_assert_true (onair_emulator_get_recording (fx->emulator));
}

static void
test_fault_refused (Fixture       *fx,
                    gconstpointer  data)
{
  guint port = onair_emulator_get_port (fx->emulator);
  g_autoptr(GError) error = NULL;

  call_ok (fx, "StartRecording", NULL);
  onair_emulator_stop (fx->emulator);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");

    g_assert_error (reply->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }

  g_assert_true (onair_emulator_start (fx->emulator, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onair_emulator_get_port (fx->emulator), ==, port);

  /* The show went on while vMix could not be reached. */
  call_ok (fx, "StopRecording", NULL);
  g_assert_false (onair_emulator_get_recording (fx->emulator));
}

static void
test_fault_malformed (Fixture       *fx,
                      gconstpointer  data)
{
  onair_emulator_set_malformed_xml (fx->emulator, TRUE);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_null (doc);
    g_assert_null (strstr (body, "</transitions>"));
    g_assert_nonnull (strstr (body, "</transition><recording"));
    g_assert_true (g_str_has_suffix (g_strchomp (body), "</vmix>"));
  }

  onair_emulator_set_malformed_xml (fx->emulator, FALSE);
  {
    g_autoptr(xmlDoc) doc = fetch_state (fx);
  }
}

static void
test_fault_truncated (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *whole = onair_emulator_render_xml (fx->emulator);

  onair_emulator_set_truncated_xml (fx->emulator, TRUE);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));

    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_null (doc);
    g_assert_cmpuint (strlen (body), <, strlen (whole));
    g_assert_cmpuint (strlen (body), >, strlen (whole) / 3);
    g_assert_true (g_str_has_prefix (whole, body));
    g_assert_true (g_utf8_validate (body, -1, NULL));
  }
}

static void
test_fault_oversized (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *normal = onair_emulator_render_xml (fx->emulator);

  onair_emulator_set_oversized_xml (fx->emulator, 600 * 1024);
  {
    g_autoptr(TestReply) reply = get_path (fx, "/api");
    g_autofree char *body = test_reply_text (reply);
    g_autoptr(xmlDoc) doc = test_parse (body, strlen (body));
    xmlNode *inputs;

    g_test_message ("oversized document: %zu bytes", strlen (body));
    g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
    g_assert_cmpuint (strlen (body), >=, strlen (normal) + 600 * 1024);
    g_assert_nonnull (doc);
    inputs = test_child (xmlDocGetRootElement (doc), "inputs");
    check_inputs (inputs, test_count_children (inputs, "input"));
    g_assert_cmpuint (test_count_children (inputs, "input"), >, 1000);
    assert_children_order (xmlDocGetRootElement (doc), vmix28_children);
  }
}

static void
test_fault_drop_stream (Fixture       *fx,
                        gconstpointer  data)
{
  set_destination (fx, 0);
  set_destination (fx, 1);
  call_ok (fx, "StartStreaming", NULL);
  assert_channels (fx, "11000");

  onair_emulator_drop_stream (fx->emulator, 1);
  assert_channels (fx, "10000");

  /* It can be started again. */
  call_ok (fx, "StartStreaming", "Value", "1", NULL);
  assert_channels (fx, "11000");
}

static void
test_fault_drop_after (Fixture       *fx,
                       gconstpointer  data)
{
  set_destination (fx, 0);
  set_destination (fx, 3);
  onair_emulator_set_drop_stream_after (fx->emulator, 3, 10);

  onair_emulator_advance (fx->emulator, 100);
  call_ok (fx, "StartStreaming", NULL);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 9);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 1);
  assert_channels (fx, "10000");

  /* Each time it goes live again. */
  call_ok (fx, "StartStreaming", "Value", "3", NULL);
  assert_channels (fx, "10010");
  onair_emulator_advance (fx->emulator, 10);
  assert_channels (fx, "10000");

  onair_emulator_set_drop_stream_after (fx->emulator, 3, 0);
  call_ok (fx, "StartStreaming", "Value", "3", NULL);
  onair_emulator_advance (fx->emulator, 3600);
  assert_channels (fx, "10010");
}

static void
test_fault_stall (Fixture       *fx,
                  gconstpointer  data)
{
  const char *file = "C:\\Users\\vMix\\Documents\\vMix\\capture - 2025-11-12 10-30-00.mp4";

  call_ok (fx, "StartRecording", NULL);
  onair_emulator_advance (fx->emulator, 30);
  assert_recording (fx, "30", file);

  onair_emulator_set_recording_stalled (fx->emulator, TRUE);
  onair_emulator_advance (fx->emulator, 45);
  assert_recording (fx, "30", file);
  onair_emulator_advance (fx->emulator, 45);
  assert_recording (fx, "30", file);

  onair_emulator_set_recording_stalled (fx->emulator, FALSE);
  onair_emulator_advance (fx->emulator, 5);
  assert_recording (fx, "35", file);
}

static void
test_render_matches_served (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *rendered = onair_emulator_render_xml (fx->emulator);
  g_autoptr(TestReply) reply = get_path (fx, "/api");
  g_autofree char *served = test_reply_text (reply);

  g_assert_cmpstr (served, ==, rendered);
}

static void
test_locale_independent (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *xml = NULL;
  const char *old = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup (old);

  /* A decimal comma locale must not leak into the meters. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL &&
      setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no decimal-comma locale installed");
      return;
    }

  xml = onair_emulator_render_xml (fx->emulator);
  setlocale (LC_NUMERIC, saved);
  g_assert_null (strstr (xml, "meterF1=\"0,"));
  g_assert_nonnull (strstr (xml, "meterF1=\"0."));
}

#define ADD(path, profile, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (profile), fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  const int v28 = ONAIR_EMULATOR_PROFILE_VMIX28;
  const int v26 = ONAIR_EMULATOR_PROFILE_VMIX26;
  const int v21 = ONAIR_EMULATOR_PROFILE_VMIX21;

  g_test_init (&argc, &argv, NULL);

  ADD ("/onair/emulator/xml/shape-vmix28", v28, test_shape_vmix28);
  ADD ("/onair/emulator/xml/shape-vmix26", v26, test_shape_vmix26);
  ADD ("/onair/emulator/xml/shape-vmix21", v21, test_shape_vmix21);
  ADD ("/onair/emulator/xml/documented-form", v28, test_documented_form);
  ADD ("/onair/emulator/streams/vmix21", v21, test_streaming_vmix21);
  ADD ("/onair/emulator/api/function-names", v28, test_function_names);
  ADD ("/onair/emulator/xml/escaping", v28, test_escaping);
  ADD ("/onair/emulator/xml/input-count", v28, test_input_count);
  ADD ("/onair/emulator/xml/render-matches-served", v28, test_render_matches_served);
  ADD ("/onair/emulator/xml/locale-independent", v28, test_locale_independent);
  ADD ("/onair/emulator/api/paths", v28, test_api_paths);
  ADD ("/onair/emulator/api/unknown-function", v28, test_unknown_function);
  ADD ("/onair/emulator/api/unusable-value", v28, test_unusable_value);
  ADD ("/onair/emulator/api/calls", v28, test_calls);
  ADD ("/onair/emulator/api/auth", v28, test_auth);
  ADD ("/onair/emulator/streams/destinations", v28, test_stream_destinations);
  ADD ("/onair/emulator/streams/start-stop", v28, test_streaming);
  ADD ("/onair/emulator/streams/vmix26", v26, test_streaming_vmix26);
  ADD ("/onair/emulator/streams/key-only-to-set-key", v28, test_key_only_to_set_key);
  ADD ("/onair/emulator/srt/vmix28", v28, test_srt);
  ADD ("/onair/emulator/srt/vmix26", v26, test_srt_vmix26);
  ADD ("/onair/emulator/recording/start-stop", v28, test_recording);
  ADD ("/onair/emulator/recording/log", v26, test_recording_log);
  ADD ("/onair/emulator/outputs/flags", v28, test_outputs_flags);
  ADD ("/onair/emulator/inputs/switching", v28, test_switching);
  ADD ("/onair/emulator/audio/meters", v28, test_meters);
  ADD ("/onair/emulator/clock/test", v28, test_clock);
  g_test_add_func ("/onair/emulator/clock/real", test_real_clock);
  ADD ("/onair/emulator/fault/latency", v28, test_fault_latency);
  ADD ("/onair/emulator/fault/latency-cancelled", v28, test_fault_latency_cancelled);
  ADD ("/onair/emulator/fault/stop-while-delayed", v28, test_fault_stop_while_delayed);
  ADD ("/onair/emulator/fault/fail-next", v28, test_fault_fail_next);
  ADD ("/onair/emulator/fault/fail-every", v28, test_fault_fail_every);
  ADD ("/onair/emulator/fault/close", v28, test_fault_close);
  ADD ("/onair/emulator/fault/refused", v26, test_fault_refused);
  ADD ("/onair/emulator/fault/malformed", v28, test_fault_malformed);
  ADD ("/onair/emulator/fault/truncated", v28, test_fault_truncated);
  ADD ("/onair/emulator/fault/oversized", v28, test_fault_oversized);
  ADD ("/onair/emulator/fault/drop-stream", v28, test_fault_drop_stream);
  ADD ("/onair/emulator/fault/drop-stream-after", v28, test_fault_drop_after);
  ADD ("/onair/emulator/fault/recording-stalled", v28, test_fault_stall);

  return g_test_run ();
}
