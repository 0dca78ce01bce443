/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/vmix/onair-vmix-error.h"
#include "core/vmix/onair-vmix-state.h"
#include "core/vmix/onair-vmix-state-json.h"

#include <json-glib/json-glib.h>

/* A vMix 28 document in the shape vmix-api.md documents, with a declaration and CRLF. */
static const char vmix28_document[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
  "<vmix>\r\n"
  "<version>28.0.0.39</version>\r\n"
  "<edition>4K</edition>\r\n"
  "<preset>C:\\Shows\\sunday.vmix</preset>\r\n"
  "<inputs>\r\n"
  "<input key=\"2b1f7a4e-6c63-4c41-9a0e-0f6b3e1c4d21\" number=\"1\" type=\"Capture\" "
  "title=\"Cam 1\" shortTitle=\"Cam 1\" state=\"Running\" position=\"0\" duration=\"0\" "
  "loop=\"False\" muted=\"False\" volume=\"100\" balance=\"0\" solo=\"False\" "
  "audiobusses=\"M\" meterF1=\"0.03\" meterF2=\"0.03\">Cam 1</input>\r\n"
  "<input key=\"5d7c3a10-1b2e-4f60-8a3d-9e8f7a6b5c4d\" number=\"2\" type=\"GT\" "
  "title=\"Lower third &amp; name\" shortTitle=\"LT\" state=\"Paused\" position=\"0\" "
  "duration=\"0\" loop=\"False\">Lower third"
  "<text index=\"0\" name=\"Headline.Text\">Übertragung</text>"
  "<image index=\"0\" name=\"Logo.Source\">C:\\logo.png</image></input>\r\n"
  "<input key=\"a1b2c3d4-0000-4000-8000-000000000003\" number=\"3\" type=\"Colour\" "
  "title=\"Black\" shortTitle=\"Black\" state=\"Paused\" position=\"0\" duration=\"0\" "
  "loop=\"False\">Black</input>\r\n"
  "</inputs>\r\n"
  "<overlays><overlay number=\"1\"/><overlay number=\"2\">2</overlay></overlays>\r\n"
  "<preview>2</preview>\r\n"
  "<active>1</active>\r\n"
  "<fadeToBlack>False</fadeToBlack>\r\n"
  "<transitions><transition number=\"1\" effect=\"Fade\" duration=\"500\"/></transitions>\r\n"
  "<recording duration=\"515\" filename1=\"D:\\Rec\\show.mp4\" "
  "filename2=\"D:\\Rec\\show-iso.mp4\">True</recording>\r\n"
  "<external>False</external>\r\n"
  "<streaming channel1=\"True\" channel2=\"False\" channel3=\"True\" channel4=\"False\" "
  "channel5=\"False\">True</streaming>\r\n"
  "<playList>False</playList>\r\n"
  "<multiCorder>True</multiCorder>\r\n"
  "<fullscreen>False</fullscreen>\r\n"
  "<mix number=\"2\"><preview>3</preview><active>3</active></mix>\r\n"
  "<audio>\r\n"
  "<master volume=\"100\" muted=\"False\" meterF1=\"0.12\" meterF2=\"0.11\" "
  "headphonesVolume=\"74\"/>\r\n"
  "<busA volume=\"80\" muted=\"True\" meterF1=\"0\" meterF2=\"0\" solo=\"False\" "
  "sendToMaster=\"False\"/>\r\n"
  "</audio>\r\n"
  "<dynamic><input1/><value1/></dynamic>\r\n"
  "<outputs>\r\n"
  "<output type=\"Output\" number=\"1\" source=\"Output\" ndi=\"False\" srt=\"True\"/>\r\n"
  "<output type=\"External2\" number=\"1\" source=\"Input\" inputNumber=\"3\" ndi=\"False\" "
  "srt=\"False\"/>\r\n"
  "</outputs>\r\n"
  "</vmix>\r\n";

static OnairVmixState *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return onair_vmix_state_new_from_bytes (bytes, error);
}

static void
test_full_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = parse (vmix28_document, &error);
  const char * const *files;
  const OnairVmixMeter *master;
  const OnairVmixMeter *bus;
  const OnairVmixOutput *output;

  g_assert_no_error (error);
  g_assert_nonnull (state);

  g_assert_cmpstr (onair_vmix_state_get_version (state), ==, "28.0.0.39");
  g_assert_cmpuint (onair_vmix_state_get_version_major (state), ==, 28);
  g_assert_cmpstr (onair_vmix_state_get_edition (state), ==, "4K");
  g_assert_cmpstr (onair_vmix_state_get_preset (state), ==, "C:\\Shows\\sunday.vmix");
  g_assert_cmpuint (onair_vmix_state_get_stream_count (state), ==, 5);
  g_assert_true (onair_vmix_state_get_streaming (state));
  g_assert_true (onair_vmix_state_get_stream_live (state, 0));
  g_assert_false (onair_vmix_state_get_stream_live (state, 1));
  g_assert_true (onair_vmix_state_get_stream_live (state, 2));
  g_assert_false (onair_vmix_state_get_stream_live (state, 4));
  g_assert_false (onair_vmix_state_get_stream_live (state, 7));

  g_assert_true (onair_vmix_state_get_recording (state));
  g_assert_cmpint (onair_vmix_state_get_recording_duration (state), ==, 515);
  files = onair_vmix_state_get_recording_files (state);
  g_assert_cmpuint (g_strv_length ((GStrv) files), ==, 2);
  g_assert_cmpstr (files[0], ==, "D:\\Rec\\show.mp4");
  g_assert_cmpstr (files[1], ==, "D:\\Rec\\show-iso.mp4");

  g_assert_false (onair_vmix_state_get_external (state));
  g_assert_true (onair_vmix_state_get_multicorder (state));
  g_assert_false (onair_vmix_state_get_fullscreen (state));

  /* Only top-level preview/active count; the extra mix's do not. */
  g_assert_cmpuint (onair_vmix_state_get_preview (state), ==, 2);
  g_assert_cmpuint (onair_vmix_state_get_active (state), ==, 1);
  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), ==, 3);

  master = onair_vmix_state_get_master (state);
  g_assert_nonnull (master);
  g_assert_cmpfloat_with_epsilon (master->left, 0.12, 1e-9);
  g_assert_cmpfloat_with_epsilon (master->right, 0.11, 1e-9);
  g_assert_cmpfloat (master->volume, ==, 100);
  g_assert_cmpfloat (master->headphones_volume, ==, 74);
  g_assert_false (master->muted);
  g_assert_cmpuint (onair_vmix_state_get_n_buses (state), ==, 1);
  bus = onair_vmix_state_get_bus (state, 0);
  g_assert_cmpstr (bus->name, ==, "busA");
  g_assert_true (bus->muted);
  g_assert_cmpfloat (bus->volume, ==, 80);

  g_assert_true (onair_vmix_state_get_has_outputs (state));
  g_assert_cmpuint (onair_vmix_state_get_n_outputs (state), ==, 2);
  output = onair_vmix_state_get_output (state, 0);
  g_assert_cmpstr (output->type, ==, "Output");
  g_assert_cmpuint (output->number, ==, 1);
  g_assert_true (output->srt);
  output = onair_vmix_state_get_output (state, 1);
  g_assert_cmpstr (output->type, ==, "External2");
  g_assert_false (output->srt);
  g_assert_cmpuint (onair_vmix_state_get_n_srt_outputs (state), ==, 1);
}

static void
test_missing_optional (void)
{
  g_autoptr(GError) error = NULL;
  /* vMix 26 without preset, audio, outputs; idle recording; only the live channel written. */
  g_autoptr(OnairVmixState) state = parse (
    "<vmix><version>26.0.0.45</version><edition>HD</edition>"
    "<inputs/><recording>False</recording>"
    "<streaming channel2=\"True\">True</streaming></vmix>", &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_cmpstr (onair_vmix_state_get_edition (state), ==, "HD");
  g_assert_null (onair_vmix_state_get_preset (state));
  g_assert_cmpuint (onair_vmix_state_get_stream_count (state), ==, 3);
  g_assert_false (onair_vmix_state_get_stream_live (state, 0));
  g_assert_true (onair_vmix_state_get_stream_live (state, 1));
  g_assert_false (onair_vmix_state_get_stream_live (state, 2));
  g_assert_false (onair_vmix_state_get_recording (state));
  g_assert_cmpint (onair_vmix_state_get_recording_duration (state), ==, -1);
  g_assert_cmpuint (g_strv_length ((GStrv) onair_vmix_state_get_recording_files (state)), ==, 0);
  g_assert_null (onair_vmix_state_get_master (state));
  g_assert_false (onair_vmix_state_get_has_outputs (state));
  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), ==, 0);
}

/* A <vmix> root without a version is not from vMix, however well-formed. */
static void
test_bare_root (void)
{
  const char *documents[] = {
    "<vmix/>",
    "<vmix></vmix>",
    "<vmix><edition>4K</edition><streaming>False</streaming></vmix>",
    "<vmix><version>  </version><edition>4K</edition></vmix>",
    "<vmix><inputs><input><version>28.0.0.39</version></input></inputs></vmix>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnairVmixState) state = parse (documents[i], &error);

      g_test_message ("%s", documents[i]);
      g_assert_null (state);
      g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "no vMix version"));
    }
}

static void
assert_html_page (const char *document,
                  const char *quoted_title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = parse (document, &error);

  g_test_message ("%s", document);
  g_assert_null (state);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "not from vMix's API but a web page"));
  g_assert_null (strstr (error->message, "document type declaration"));
  if (quoted_title != NULL)
    g_assert_nonnull (strstr (error->message, quoted_title));
  else
    g_assert_null (strstr (error->message, "“"));
}

/* A router's login page or a web server on the wrong port: said to be a web page, named by
 * its title, quoted short and clean. */
static void
test_html_page (void)
{
  g_autoptr(GString) long_title = g_string_new ("<html><head><title>");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = NULL;

  assert_html_page ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=utf-8>"
                    "<title>Router   Login &amp; Setup</title></head>"
                    "<body><form><input type=password name=pw></form></body></html>",
                    "“Router Login & Setup”");
  assert_html_page ("\xef\xbb\xbf \r\n<!-- generated -->\n<HTML>\n<HEAD><TITLE>\n  Welcome to "
                    "nginx!\n</TITLE></HEAD><BODY>&nbsp;</BODY></HTML>",
                    "“Welcome to nginx!”");
  assert_html_page ("<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">"
                    "<title lang=\"de\">Anmeldung &#x2013; FRITZ!Box</title>",
                    "“Anmeldung – FRITZ!Box”");
  /* Well-formed XHTML gets through the scanner, and is still a web page. */
  assert_html_page ("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                    "<head><title>It &lt;works&gt;</title></head><body/></html>",
                    "“It <works>”");
  assert_html_page ("<html><body>It works!</body></html>", NULL);
  assert_html_page ("<html><head><title>  \t </title></head></html>", NULL);
  /* Control and format characters are dropped, bytes that are not UTF-8 replaced. */
  assert_html_page ("<html><title>a\x01" "b\xff" "c&#x202E;d&#9;e</title></html>",
                    "“ab\xef\xbf\xbd" "cd e”");

  /* A long title is cut to its first words; a word is not cut unless it is most of it. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_title, "word%u ", i);
  g_string_append (long_title, "</title></head></html>");
  assert_html_page (long_title->str, "“word0 word1 word2 word3 word4 word5 word6 word7 word8 "
                                     "word9…”");
  g_string_assign (long_title, "<html><title>ab ");
  for (guint i = 0; i < 40; i++)
    g_string_append (long_title, "Ü12");
  g_string_append (long_title, "</title></html>");
  assert_html_page (long_title->str, "“ab Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12Ü12"
                                     "…”");

  /* Not a web page: a document type declaration of something else. */
  state = parse ("<!DOCTYPE vmix><vmix><version>28.0.0.39</version></vmix>", &error);
  g_assert_null (state);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "document type declaration"));
  g_clear_error (&error);
  state = parse ("<htmlish><version>28.0.0.39</version></htmlish>", &error);
  g_assert_null (state);
  g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
  g_assert_null (strstr (error->message, "web page"));
}

static void
test_malformed (void)
{
  const char *documents[] = {
    "<vmix><version>28.0.0.39</edition></vmix>",                  /* mismatched tags */
    "<vmix><version>28.0.0.39</version><inputs><input number=\"1\"", /* truncated */
    "<html><body>Not vMix</body></html>",                           /* another document */
    "vMix is starting…",                                            /* not XML at all */
    "",                                                             /* empty */
    "<vmix><streaming channel1=\"True\" channel1=\"False\">True</streaming></vmix>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnairVmixState) state = parse (documents[i], &error);

      g_test_message ("document %u", i);
      g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
      g_assert_null (state);
      g_assert_nonnull (error->message);
    }
}

static void
test_values_clamped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = parse (
    "<vmix><version>28.0.0.39</version><audio>"
    "<master volume=\"250\" muted=\"True\" meterF1=\"7\" meterF2=\"-1\"/></audio>"
    "<recording duration=\"oops\">True</recording></vmix>", &error);
  const OnairVmixMeter *master;

  g_assert_no_error (error);
  master = onair_vmix_state_get_master (state);
  g_assert_cmpfloat (master->left, ==, 1.0);
  g_assert_cmpfloat (master->right, ==, 0.0);
  g_assert_cmpfloat (master->volume, ==, 100);
  g_assert_true (master->muted);
  g_assert_true (onair_vmix_state_get_recording (state));
  g_assert_cmpint (onair_vmix_state_get_recording_duration (state), ==, 0);
}

static void
test_entities (void)
{
  g_autoptr(GError) error = NULL;
  /* Text split by entities and attributes with them come back decoded. */
  g_autoptr(OnairVmixState) state = parse (
    "<vmix><version>28.0.0.39</version><edition>4K &amp; &#x00DC;ber</edition>"
    "<recording duration=\"3\" filename1=\"D:\\Rec\\A &amp; B &quot;x&quot;.mp4\">True</recording>"
    "<inputs><input number=\"1\">A<b>nested</b></input><input number=\"2\"/></inputs></vmix>",
    &error);

  g_assert_no_error (error);
  g_assert_cmpstr (onair_vmix_state_get_edition (state), ==, "4K & Über");
  g_assert_cmpstr (onair_vmix_state_get_recording_files (state)[0], ==, "D:\\Rec\\A & B \"x\".mp4");
  g_assert_true (onair_vmix_state_get_recording (state));
  g_assert_cmpint (onair_vmix_state_get_recording_duration (state), ==, 3);
  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), ==, 2);
}

/* Real documents, vMix 20–27: idle is a bare <streaming>False</streaming>; live names only
 * the channels that are on. */
static void
test_streaming_real_forms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) idle = parse (
    "<vmix><version>27.0.0.49</version><streaming>False</streaming></vmix>", &error);
  g_autoptr(OnairVmixState) live = NULL;

  g_assert_no_error (error);
  g_assert_false (onair_vmix_state_get_streaming (idle));
  g_assert_true (onair_vmix_state_get_streams_reported (idle));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (onair_vmix_state_get_stream_state (idle, i), ==, ONAIR_VMIX_STREAM_OFF);

  live = parse ("<vmix><version>27.0.0.49</version>"
                "<streaming channel1=\"True\" channel3=\"True\">True</streaming></vmix>",
                &error);
  g_assert_no_error (error);
  g_assert_true (onair_vmix_state_get_streams_reported (live));
  g_assert_cmpint (onair_vmix_state_get_stream_state (live, 0), ==, ONAIR_VMIX_STREAM_ON);
  g_assert_cmpint (onair_vmix_state_get_stream_state (live, 1), ==, ONAIR_VMIX_STREAM_OFF);
  g_assert_cmpint (onair_vmix_state_get_stream_state (live, 2), ==, ONAIR_VMIX_STREAM_ON);
}

/* vMix 21 and older: <streaming>True</streaming> and no channel: on, but not which. */
static void
test_streaming_unreported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = parse (
    "<vmix><version>21.0.0.55</version><edition>HD</edition>"
    "<streaming>True</streaming></vmix>", &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_true (onair_vmix_state_get_streaming (state));
  g_assert_false (onair_vmix_state_get_streams_reported (state));
  g_assert_cmpuint (onair_vmix_state_get_stream_count (state), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (onair_vmix_state_get_stream_state (state, i), ==,
                       ONAIR_VMIX_STREAM_UNKNOWN);
      g_assert_false (onair_vmix_state_get_stream_live (state, i));
    }

  json = onair_vmix_state_to_json (state);
  g_assert_nonnull (strstr (json, "\"streaming\": true"));
  g_assert_nonnull (strstr (json, "\"streams_reported\": false"));
  g_assert_nonnull (strstr (json, "\"streams\": [\n    null,\n    null,\n    null\n  ]"));
  /* vMix 21 has no SRT outputs. */
  g_assert_cmpuint (onair_vmix_state_get_srt_output_count (state), ==, 0);
}

/* .NET floats: decimal volumes, meters in E-notation; NaN, Infinity and negatives never
 * pass. */
static void
test_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = parse (
    "<vmix><version>27.0.0.49</version><audio>"
    "<master volume=\"59.96953\" muted=\"False\" meterF1=\"1.229964E-05\" "
    "meterF2=\"NaN\" headphonesVolume=\"74.80521\"/>"
    "<busA volume=\"NaN\" muted=\"True\" meterF1=\"Infinity\" meterF2=\"-0.5\"/>"
    "<busB volume=\"-Infinity\" muted=\"False\" meterF1=\"-Infinity\" meterF2=\"2.5e-1\"/>"
    "</audio></vmix>", &error);
  const OnairVmixMeter *master;
  const OnairVmixMeter *bus;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *object;

  g_assert_no_error (error);
  master = onair_vmix_state_get_master (state);
  g_assert_cmpfloat_with_epsilon (master->volume, 59.96953, 1e-12);
  g_assert_cmpfloat_with_epsilon (master->headphones_volume, 74.80521, 1e-12);
  g_assert_cmpfloat_with_epsilon (master->left, 1.229964e-05, 1e-15);
  g_assert_cmpfloat (master->right, ==, 0);
  bus = onair_vmix_state_get_bus (state, 0);
  g_assert_cmpfloat (bus->volume, ==, -1);     /* not a number: not reported */
  g_assert_cmpfloat (bus->left, ==, 0);        /* refused */
  g_assert_cmpfloat (bus->right, ==, 0);       /* clamped */
  bus = onair_vmix_state_get_bus (state, 1);
  g_assert_cmpfloat (bus->volume, ==, -1);
  g_assert_cmpfloat (bus->left, ==, 0);
  g_assert_cmpfloat (bus->right, ==, 0.25);

  /* JSON: what vMix gave, no nan, no 17-digit noise, valid for any reader. */
  json = onair_vmix_state_to_json (state);
  g_assert_null (strstr (json, "nan"));
  g_assert_null (strstr (json, "inf"));
  g_assert_nonnull (strstr (json, "\"volume\": 59.96953,"));
  g_assert_nonnull (strstr (json, "\"headphones_volume\": 74.80521,"));
  g_assert_nonnull (strstr (json, "1.229964e-05"));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  object = json_object_get_object_member (root, "master");
  g_assert_cmpfloat (json_object_get_double_member (object, "volume"), ==, 59.96953);
  g_assert_false (json_object_get_boolean_member (object, "muted"));
  object = json_object_get_object_member (json_object_get_object_member (root, "buses"), "A");
  g_assert_true (json_object_get_null_member (object, "volume"));
  g_assert_true (json_object_get_boolean_member (object, "muted"));
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "buses"), "B"));
  g_assert_true (json_object_get_null_member (root, "fade_to_black"));
}

/* A number as the parser must read it whatever its spelling: as g_ascii_strtod() reads the
 * whole value around white space, finite, clamped; @missing otherwise. */
static double
reference_number (const char *text,
                  double      missing,
                  double      max)
{
  const char *start = text;
  char *end = NULL;
  double value;

  while (g_ascii_isspace (*start))
    start++;
  if (*start == '\0')
    return missing;
  value = g_ascii_strtod (start, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (value))
    return missing;
  return CLAMP (value, 0.0, max);
}

/* The parser reads the usual spellings of .NET floats itself, to the last bit as strtod()
 * does, and leaves the others to GLib: both kinds, and the border between them. */
static void
test_number_spellings (void)
{
  static const char * const spellings[] = {
    "0", "-0", "7", "100", "59.96953", "74.80521", "0.4747158", "4.022647E-06", "1.229964E-05",
    "2.5e-1", "+.5", ".5", "5.", "1.e1", "0.1", "0.3", "0.30000000000000004", "99.99999999999999",
    "0.123456789012345", "0.1234567890123456", "0.12345678901234567890", "123456789012345",
    "1234567890123456", "9007199254740993", "1e22", "1e23", "1E-22", "1E-23", "5E-324",
    "1e-400", "1e400", "00000000000000000000.5", "0.000000000000000000001", " 0.25 ",
    "\t59.96953\n", "0x10", "0x1p-2", "1e", "1e+", "1e-", "-", ".", "+", "", " ", "NaN",
    "nan", "Infinity", "-Infinity", "inf", "1,5", "1.5.", "1 5", "--1", "1e5x", "e5", "E",
    "99.9999999999999999999",
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autofree char *document = g_strdup_printf (
        "<vmix><version>28.0.0.39</version><audio><master volume=\"%s\" meterF1=\"%s\" "
        "meterF2=\"0.5\" headphonesVolume=\"%s\"/></audio></vmix>",
        spellings[i], spellings[i], spellings[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(OnairVmixState) state = parse (document, &error);
      const OnairVmixMeter *master;
      double volume = reference_number (spellings[i], -1.0, 100.0);
      double level = reference_number (spellings[i], 0.0, 1.0);

      g_test_message ("'%s': volume %.17g, level %.17g", spellings[i], volume, level);
      g_assert_no_error (error);
      master = onair_vmix_state_get_master (state);
      g_assert_true (memcmp (&master->volume, &volume, sizeof volume) == 0);
      g_assert_true (memcmp (&master->headphones_volume, &volume, sizeof volume) == 0);
      g_assert_true (memcmp (&master->left, &level, sizeof level) == 0);
      g_assert_cmpfloat (master->right, ==, 0.5);
    }
}

/* <outputs>: types without regard to case, unknown ones kept; no <outputs> from a vMix
 * with SRT: outputs 1–4, state unknown. */
static void
test_outputs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) listed = parse (
    "<vmix><version>29.0.0.10</version><outputs>"
    "<output type=\"output\" number=\"1\" source=\"Output\" ndi=\"False\" srt=\"True\" />"
    "<output type=\"OUTPUT\" number=\"2\" source=\"Output\" ndi=\"False\" srt=\"False\"/>"
    "<output type=\"mix\" number=\"2\" source=\"Output\" ndi=\"False\" srt=\"False\"/>"
    "<output type=\"omt\" number=\"1\" source=\"Output\" ndi=\"False\" srt=\"False\"/>"
    "</outputs></vmix>", &error);
  g_autoptr(OnairVmixState) unlisted = NULL;
  g_autoptr(OnairVmixState) old = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (onair_vmix_state_get_n_outputs (listed), ==, 4);
  g_assert_cmpstr (onair_vmix_state_get_output (listed, 2)->type, ==, "mix");
  g_assert_cmpstr (onair_vmix_state_get_output (listed, 3)->type, ==, "omt");
  g_assert_cmpuint (onair_vmix_state_get_srt_output_count (listed), ==, 2);
  g_assert_true (onair_vmix_state_find_output (listed, "Output", 1)->srt);
  g_assert_false (onair_vmix_state_find_output (listed, "Output", 2)->srt);
  g_assert_null (onair_vmix_state_find_output (listed, "Output", 3));
  g_assert_nonnull (onair_vmix_state_find_output (listed, "Mix", 2));
  json = onair_vmix_state_to_json (listed);
  g_assert_nonnull (strstr (json, "\"number\": 1,\n      \"srt\": true"));
  g_assert_nonnull (strstr (json, "\"number\": 2,\n      \"srt\": false"));
  g_clear_pointer (&json, g_free);

  unlisted = parse ("<vmix><version>26.0.0.45</version></vmix>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_vmix_state_get_srt_output_count (unlisted), ==, 4);
  g_assert_null (onair_vmix_state_find_output (unlisted, "Output", 1));
  json = onair_vmix_state_to_json (unlisted);
  g_assert_nonnull (strstr (json, "\"number\": 4,\n      \"srt\": null"));

  old = parse ("<vmix><version>23.0.0.31</version></vmix>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_vmix_state_get_srt_output_count (old), ==, 0);
}

/* Empty elements in every spelling real files use read the same. */
static void
test_empty_elements (void)
{
  const char *spellings[] = {
    "<vmix><version>27.0.0.49</version><preset/><overlays><overlay number=\"1\"/></overlays>"
    "<fadeToBlack>True</fadeToBlack><active>3</active><preview>4</preview>"
    "<dynamic><input1/><value1/></dynamic></vmix>",
    "<vmix><version>27.0.0.49</version><preset></preset>"
    "<overlays><overlay number=\"1\" /></overlays>"
    "<fadeToBlack>True</fadeToBlack><active>3</active><preview>4</preview>"
    "<dynamic><input1></input1><value1></value1></dynamic></vmix>",
    "<vmix>\r\n  <version>27.0.0.49</version>\r\n  <preset />\r\n"
    "  <overlays>\r\n    <overlay number=\"1\" ></overlay>\r\n  </overlays>\r\n"
    "  <fadeToBlack>True</fadeToBlack>\r\n  <active>3</active>\r\n  <preview>4</preview>\r\n"
    "  <dynamic>\r\n    <input1 />\r\n    <value1></value1>\r\n  </dynamic>\r\n</vmix>\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnairVmixState) state = parse (spellings[i], &error);

      g_test_message ("spelling %u", i);
      g_assert_no_error (error);
      g_assert_cmpstr (onair_vmix_state_get_version (state), ==, "27.0.0.49");
      g_assert_cmpstr (onair_vmix_state_get_preset (state), ==, "");
      g_assert_true (onair_vmix_state_get_has_fade_to_black (state));
      g_assert_true (onair_vmix_state_get_fade_to_black (state));
      g_assert_cmpuint (onair_vmix_state_get_active (state), ==, 3);
      g_assert_cmpuint (onair_vmix_state_get_preview (state), ==, 4);
    }
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_large_in_thread (void)
{
  g_autoptr(GString) text = g_string_new ("<vmix><version>28.0.0.39</version><inputs>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;

  /* About 400 KB: over the size parsed where it arrives, so that this one goes to a worker. */
  for (guint i = 1; i <= 4000; i++)
    g_string_append_printf (text,
                            "<input key=\"k%u\" number=\"%u\" type=\"GT\" title=\"T %u\">"
                            "T<text index=\"0\" name=\"a\">x</text></input>", i, i, i);
  g_string_append (text, "</inputs><streaming channel5=\"True\">True</streaming></vmix>");
  bytes = g_bytes_new (text->str, text->len);

  onair_vmix_state_new_from_bytes_async (bytes, NULL, parsed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  state = onair_vmix_state_new_from_bytes_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), ==, 4000);
  g_assert_true (onair_vmix_state_get_stream_live (state, 4));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/vmix-state/full-document", test_full_document);
  g_test_add_func ("/onair/vmix-state/missing-optional", test_missing_optional);
  g_test_add_func ("/onair/vmix-state/bare-root", test_bare_root);
  g_test_add_func ("/onair/vmix-state/html-page", test_html_page);
  g_test_add_func ("/onair/vmix-state/malformed", test_malformed);
  g_test_add_func ("/onair/vmix-state/values-clamped", test_values_clamped);
  g_test_add_func ("/onair/vmix-state/large-in-thread", test_large_in_thread);
  g_test_add_func ("/onair/vmix-state/entities", test_entities);
  g_test_add_func ("/onair/vmix-state/streaming-real-forms", test_streaming_real_forms);
  g_test_add_func ("/onair/vmix-state/streaming-unreported", test_streaming_unreported);
  g_test_add_func ("/onair/vmix-state/numbers", test_numbers);
  g_test_add_func ("/onair/vmix-state/number-spellings", test_number_spellings);
  g_test_add_func ("/onair/vmix-state/outputs", test_outputs);
  g_test_add_func ("/onair/vmix-state/empty-elements", test_empty_elements);

  return g_test_run ();
}
