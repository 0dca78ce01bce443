/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Emulator: the shape of the XML state of each vMix version, checked against
 * docs/vmix-api.md. */
#include "config.h"

#include "emulator-fixture.h"

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
  ADD ("/onair/emulator/xml/escaping", v28, test_escaping);
  ADD ("/onair/emulator/xml/input-count", v28, test_input_count);
  ADD ("/onair/emulator/xml/render-matches-served", v28, test_render_matches_served);
  ADD ("/onair/emulator/xml/locale-independent", v28, test_locale_independent);
  return g_test_run ();
}
