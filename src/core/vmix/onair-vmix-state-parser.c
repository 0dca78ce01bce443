/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-vmix-error.h"
#include "onair-vmix-state-private.h"
#include "onair-xml-scanner-private.h"

/* Reading a vMix state document into an OnairVmixState. */

static gboolean
parse_bool (const char *text)
{
  return text != NULL && g_ascii_strcasecmp (g_strstrip ((char *) text), "True") == 0;
}

static guint
parse_uint (const char *text)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return 0;
  return (guint) value;
}

/* A number as .NET writes a float: "100", "59.96953", "1.229964E-05", and also "NaN",
 * "Infinity" or "-Infinity" (which strtod reads as such). Returns FALSE for anything that
 * is not a whole, finite number. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;
  double number;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  number = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == NULL || *end != '\0' || !isfinite (number))
    return FALSE;
  *value = number;
  return TRUE;
}

/* A meter: 0–1; what is not a finite number (NaN, Infinity) reads 0, the rest is clamped. */
static double
parse_level (const char *text)
{
  double value;

  if (!parse_number (text, &value))
    return 0.0;
  return CLAMP (value, 0.0, 1.0);
}

/* A volume: 0–100, clamped; -1 when missing or not a finite number. */
static double
parse_volume (const char *text)
{
  double value;

  if (!parse_number (text, &value))
    return -1.0;
  return CLAMP (value, 0.0, 100.0);
}

/* The parser reads the document with Onair's XML scanner (onair-xml-scanner.c): no tree,
 * no node per element and no copy of an attribute Onair does not keep, so the hundreds of
 * attributes of a large show's inputs cost a scan, not an allocation each. */

typedef enum
{
  FIELD_NONE,
  FIELD_VERSION,
  FIELD_EDITION,
  FIELD_PRESET,
  FIELD_PREVIEW,
  FIELD_ACTIVE,
  FIELD_RECORDING,
  FIELD_STREAMING,
  FIELD_EXTERNAL,
  FIELD_MULTICORDER,
  FIELD_FULLSCREEN,
  FIELD_FADE_TO_BLACK,
} Field;

typedef enum
{
  SECTION_OTHER,
  SECTION_INPUTS,
  SECTION_AUDIO,
  SECTION_OUTPUTS,
} Section;

typedef struct
{
  OnairVmixState *self;
  gboolean        wrong_root;
  Section         section;     /* the depth-1 element we are in */
  Field           field;       /* the depth-1 element whose text we collect */
  GString        *text;
} Parser;

static gboolean
name_is (const char *name,
         gsize       length,
         const char *expected)
{
  return strlen (expected) == length && memcmp (name, expected, length) == 0;
}

static char *
dup_attribute (const OnairXmlAttribute *attributes,
               guint                    n_attributes,
               const char              *name)
{
  const OnairXmlAttribute *attribute = onair_xml_find_attribute (attributes, n_attributes, name);

  return attribute != NULL ? onair_xml_attribute_dup (attribute) : NULL;
}

/* A short attribute (a number, a boolean) copied into @buffer: no allocation per attribute
 * in the parse of every poll. Longer values are cut, which numbers and booleans never are. */
static const char *
get_attribute (const OnairXmlAttribute *attributes,
               guint                    n_attributes,
               const char              *name,
               char                    *buffer,
               gsize                    size)
{
  const OnairXmlAttribute *attribute = onair_xml_find_attribute (attributes, n_attributes, name);

  if (attribute == NULL)
    return NULL;
  if (attribute->plain)
    {
      gsize length = MIN (attribute->value_length, size - 1);

      memcpy (buffer, attribute->value, length);
      buffer[length] = '\0';
    }
  else
    {
      g_autofree char *value = onair_xml_attribute_dup (attribute);

      g_strlcpy (buffer, value, size);
    }
  return buffer;
}

static const char * const channel_attributes[ONAIR_VMIX_MAX_STREAMS] = {
  "channel1", "channel2", "channel3", "channel4", "channel5",
};

static const char * const filename_attributes[] = {
  "filename1", "filename2", "filename3", "filename4", "filename5",
  "filename6", "filename7", "filename8", "filename9",
};

static void
read_meter (OnairVmixMeter          *meter,
            const char              *name,
            gsize                    name_length,
            const OnairXmlAttribute *attributes,
            guint                    n_attributes)
{
  char b1[32], b2[32], b3[32], b4[32], b5[32];
  const char *f1 = get_attribute (attributes, n_attributes, "meterF1", b1, sizeof b1);
  const char *f2 = get_attribute (attributes, n_attributes, "meterF2", b2, sizeof b2);
  const char *volume = get_attribute (attributes, n_attributes, "volume", b3, sizeof b3);
  const char *muted = get_attribute (attributes, n_attributes, "muted", b4, sizeof b4);
  const char *headphones = get_attribute (attributes, n_attributes, "headphonesVolume", b5,
                                          sizeof b5);

  meter->name = g_strndup (name, name_length);
  meter->left = parse_level (f1);
  meter->right = parse_level (f2);
  meter->volume = parse_volume (volume);
  meter->muted = parse_bool (muted);
  meter->headphones_volume = parse_volume (headphones);
}

static void
read_recording (OnairVmixState          *self,
                const OnairXmlAttribute *attributes,
                guint                    n_attributes)
{
  char buffer[32];
  const char *duration = get_attribute (attributes, n_attributes, "duration", buffer,
                                        sizeof buffer);
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (filename_attributes); i++)
    {
      g_autofree char *file = dup_attribute (attributes, n_attributes, filename_attributes[i]);

      if (file != NULL && *file != '\0')
        g_strv_builder_add (files, file);
    }
  g_strfreev (self->recording_files);
  self->recording_files = g_strv_builder_end (files);
  self->recording_duration = duration != NULL ? (gint64) parse_uint (duration) : -1;
}

static void
read_streaming (OnairVmixState          *self,
                const OnairXmlAttribute *attributes,
                guint                    n_attributes)
{
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    {
      char buffer[32];
      const char *value = get_attribute (attributes, n_attributes, channel_attributes[i],
                                         buffer, sizeof buffer);

      /* A missing channelN means off; its presence also proves the channel exists. */
      self->streams[i] = parse_bool (value);
      if (value != NULL)
        self->streams_reported = TRUE;
      if (value != NULL && i + 1 > self->stream_count)
        self->stream_count = i + 1;
    }
}

static void
read_output (OnairVmixState          *self,
             const OnairXmlAttribute *attributes,
             guint                    n_attributes)
{
  OnairVmixOutput output = { 0 };
  char b1[32], b2[32], b3[32];
  const char *number = get_attribute (attributes, n_attributes, "number", b1, sizeof b1);
  const char *srt = get_attribute (attributes, n_attributes, "srt", b2, sizeof b2);
  const char *ndi = get_attribute (attributes, n_attributes, "ndi", b3, sizeof b3);

  output.type = dup_attribute (attributes, n_attributes, "type");
  output.source = dup_attribute (attributes, n_attributes, "source");
  output.number = parse_uint (number);
  output.srt = parse_bool (srt);
  output.ndi = parse_bool (ndi);
  /* Types are kept as sent, known or not ("mix", "omt" from vMix 29); vMix's help does not
   * say how they are capitalised, so they are compared without regard to case. */
  if (output.type == NULL)
    output.type = g_strdup ("Output");
  g_array_append_val (self->outputs, output);
}

/* An input's number and title, into one buffer for all titles: no allocation per input. */
static void
read_input (OnairVmixState          *self,
            const OnairXmlAttribute *attributes,
            guint                    n_attributes)
{
  const OnairXmlAttribute *title = onair_xml_find_attribute (attributes, n_attributes, "title");
  char buffer[32];
  const char *number = get_attribute (attributes, n_attributes, "number", buffer, sizeof buffer);
  guint offset = self->input_titles->len;
  guint value = parse_uint (number);

  if (title != NULL && title->plain)
    g_string_append_len (self->input_titles, title->value, title->value_length);
  else if (title != NULL)
    {
      g_autofree char *decoded = onair_xml_attribute_dup (title);

      g_string_append (self->input_titles, decoded);
    }
  g_string_append_c (self->input_titles, '\0');
  g_array_append_val (self->title_offsets, offset);
  g_array_append_val (self->input_numbers, value);
}

static const struct
{
  const char *name;
  Field       field;
} text_fields[] = {
  { "version", FIELD_VERSION },
  { "edition", FIELD_EDITION },
  { "preset", FIELD_PRESET },
  { "preview", FIELD_PREVIEW },
  { "active", FIELD_ACTIVE },
  { "recording", FIELD_RECORDING },
  { "streaming", FIELD_STREAMING },
  { "external", FIELD_EXTERNAL },
  { "multiCorder", FIELD_MULTICORDER },
  { "fullscreen", FIELD_FULLSCREEN },
  { "fadeToBlack", FIELD_FADE_TO_BLACK },
};

static void
start_element_cb (gpointer                 user_data,
                  guint                    depth,
                  const char              *name,
                  gsize                    name_length,
                  const OnairXmlAttribute *attributes,
                  guint                    n_attributes)
{
  Parser *parser = user_data;
  OnairVmixState *self = parser->self;

  if (depth == 0)
    {
      parser->wrong_root = !name_is (name, name_length, "vmix");
      return;
    }

  if (depth == 1)
    {
      parser->section = SECTION_OTHER;
      parser->field = FIELD_NONE;
      g_string_truncate (parser->text, 0);

      if (name_is (name, name_length, "inputs"))
        parser->section = SECTION_INPUTS;
      else if (name_is (name, name_length, "audio"))
        parser->section = SECTION_AUDIO;
      else if (name_is (name, name_length, "outputs"))
        {
          parser->section = SECTION_OUTPUTS;
          self->has_outputs = TRUE;
        }
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
            if (name_is (name, name_length, text_fields[i].name))
              {
                parser->field = text_fields[i].field;
                break;
              }
          if (parser->field == FIELD_RECORDING)
            read_recording (self, attributes, n_attributes);
          else if (parser->field == FIELD_STREAMING)
            read_streaming (self, attributes, n_attributes);
        }
      return;
    }

  if (depth != 2)
    return;

  switch (parser->section)
    {
    case SECTION_INPUTS:
      /* Its number and title (program and preview are shown by title); lists and overlays
       * inside an input are not Onair's business. */
      if (name_is (name, name_length, "input"))
        {
          self->n_inputs++;
          read_input (self, attributes, n_attributes);
        }
      break;
    case SECTION_AUDIO:
      if (name_is (name, name_length, "master"))
        {
          onair_vmix_meter_clear (&self->master);
          read_meter (&self->master, name, name_length, attributes, n_attributes);
          self->has_master = TRUE;
        }
      else if (name_length > 3 && memcmp (name, "bus", 3) == 0)
        {
          OnairVmixMeter meter = { 0 };

          read_meter (&meter, name, name_length, attributes, n_attributes);
          g_array_append_val (self->buses, meter);
        }
      break;
    case SECTION_OUTPUTS:
      if (name_is (name, name_length, "output"))
        read_output (self, attributes, n_attributes);
      break;
    case SECTION_OTHER:
    default:
      break;
    }
}

static void
text_cb (gpointer    user_data,
         guint       depth,
         const char *text,
         gsize       length)
{
  Parser *parser = user_data;

  /* Only the text directly inside the depth-1 element being collected. */
  if (depth == 1 && parser->field != FIELD_NONE)
    g_string_append_len (parser->text, text, (gssize) length);
}

static void
end_element_cb (gpointer user_data,
                guint    depth)
{
  Parser *parser = user_data;
  OnairVmixState *self = parser->self;
  char *text;

  if (depth != 1 || parser->field == FIELD_NONE)
    return;

  text = g_strstrip (parser->text->str);
  switch (parser->field)
    {
    case FIELD_VERSION:
      g_free (self->version);
      self->version = g_strdup (text);
      self->version_major = (guint) g_ascii_strtoull (self->version, NULL, 10);
      break;
    case FIELD_EDITION:
      g_free (self->edition);
      self->edition = g_strdup (text);
      break;
    case FIELD_PRESET:
      g_free (self->preset);
      self->preset = g_strdup (text);
      break;
    case FIELD_PREVIEW:
      self->preview = parse_uint (text);
      break;
    case FIELD_ACTIVE:
      self->active = parse_uint (text);
      break;
    case FIELD_RECORDING:
      self->recording = parse_bool (text);
      break;
    case FIELD_STREAMING:
      self->streaming = parse_bool (text);
      break;
    case FIELD_EXTERNAL:
      self->external = parse_bool (text);
      break;
    case FIELD_MULTICORDER:
      self->multicorder = parse_bool (text);
      break;
    case FIELD_FULLSCREEN:
      self->fullscreen = parse_bool (text);
      break;
    case FIELD_FADE_TO_BLACK:
      self->has_fade_to_black = TRUE;
      self->fade_to_black = parse_bool (text);
      break;
    case FIELD_NONE:
    default:
      break;
    }
  parser->field = FIELD_NONE;
  g_string_truncate (parser->text, 0);
}

/* A web page where vMix's API should answer: a router's login page, a web server on the
 * wrong port. Says so, with the page's title for the producer to recognise it. */
static gboolean
set_html_error (const char  *data,
                gsize        size,
                GError     **error)
{
  g_autofree char *title = NULL;

  if (!onair_xml_sniff_html (data, size, &title))
    return FALSE;
  if (title != NULL)
    /* TRANSLATORS: %s is the title of the web page that answered, such as "Router Login". */
    g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                 _("The answer is not from vMix's API but a web page, “%s”. Something other "
                   "than vMix answers at this address: check the address and port."),
                 title);
  else
    g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                 _("The answer is not from vMix's API but a web page. Something other than "
                   "vMix answers at this address: check the address and port."));
  return TRUE;
}

/**
 * onair_vmix_state_parse:
 *
 * Fills @self, new, from a state document.
 *
 * Returns: %FALSE with @error set (%ONAIR_VMIX_ERROR_PARSE) when it is not vMix's
 */
gboolean
onair_vmix_state_parse (OnairVmixState  *self,
                        GBytes          *bytes,
                        GError         **error)
{
  static const OnairXmlHandler handler = {
    .start_element = start_element_cb,
    .end_element = end_element_cb,
    .text = text_cb,
  };
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  Parser parser = { self, FALSE, SECTION_OTHER, FIELD_NONE, text };

  if (size == 0)
    {
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                   _("vMix sent an empty state document."));
      return FALSE;
    }

  if (!onair_xml_scan (data, size, &handler, &parser, &local_error))
    {
      if (set_html_error (data, size, error))
        return FALSE;
      /* TRANSLATORS: %s says what is wrong where, such as "an attribute given twice at
       * line 3, column 12". */
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                   _("The answer from vMix is not an XML document: %s."), local_error->message);
      return FALSE;
    }
  if (parser.wrong_root)
    {
      if (set_html_error (data, size, error))
        return FALSE;
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                   _("The answer from vMix is not a vMix state document."));
      return FALSE;
    }
  /* Every vMix state document starts with its version; a <vmix> root without one is some
   * other program's idea of vMix. */
  if (self->version == NULL || *self->version == '\0')
    {
      g_set_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE,
                   _("The answer looks like vMix's but gives no vMix version, so it is not a "
                     "vMix state document. Check that the address and port are those of vMix's "
                     "Web Controller."));
      return FALSE;
    }

  /* The number of streams follows the version: vMix 28 has five, older versions three. */
  if (self->version_major >= 28)
    self->stream_count = MAX (self->stream_count, 5);
  else
    self->stream_count = MAX (self->stream_count, 3);

  if (self->recording_files == NULL)
    self->recording_files = g_new0 (char *, 1);

  return TRUE;
}
