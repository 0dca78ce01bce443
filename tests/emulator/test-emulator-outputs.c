/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Emulator: streams, SRT, recording, outputs, inputs and audio meters. */
#include "config.h"

#include "emulator-fixture.h"

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

int
main (int   argc,
      char *argv[])
{
  const int v28 = ONAIR_EMULATOR_PROFILE_VMIX28;
  const int v26 = ONAIR_EMULATOR_PROFILE_VMIX26;
  const int v21 = ONAIR_EMULATOR_PROFILE_VMIX21;

  g_test_init (&argc, &argv, NULL);

  ADD ("/onair/emulator/streams/vmix21", v21, test_streaming_vmix21);
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
  return g_test_run ();
}
