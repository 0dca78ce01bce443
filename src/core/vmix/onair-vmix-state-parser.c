/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <float.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "onair-vmix-error.h"
#include "onair-vmix-state-private.h"
#include "onair-xml-scanner-private.h"

/* Reading a vMix state document into an OnairVmixState. Every poll parses a whole document,
 * so the values are read where they lie in it: the common spellings ("True", "2",
 * "0.4747158") without a copy, anything else the general way. */

/* White space as g_strstrip() trims it. */
static void
trim (const char **text,
      gsize       *length)
{
  const char *start = *text;
  const char *end = start + *length;

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  *text = start;
  *length = (gsize) (end - start);
}

/* "True" in any case, around white space. XML text holds no NUL, so a length is as good as
 * the end of a string. */
static gboolean
parse_bool (const char *text,
            gsize       length)
{
  if (text == NULL)
    return FALSE;
  trim (&text, &length);
  return length == 4 && g_ascii_strncasecmp (text, "True", 4) == 0;
}

/* A decimal as g_ascii_string_to_unsigned() reads it, 0 when it is not one. Up to nine
 * digits cannot overflow a guint and are read here; any other spelling is left to GLib. */
static guint
parse_uint (const char *text,
            gsize       length)
{
  g_autofree char *copy = NULL;
  guint64 value = 0;

  if (text == NULL)
    return 0;
  if (length > 0 && length <= 9)
    {
      guint digits = 0;

      for (gsize i = 0; i < length && g_ascii_isdigit (text[i]); i++, digits++)
        value = value * 10 + (guint) (text[i] - '0');
      if (digits == length)
        return (guint) value;
      value = 0;
    }
  copy = g_strndup (text, length);
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &value, NULL))
    return 0;
  return (guint) value;
}

/* The usual spelling of a .NET float, [-]digits[.digits][E[-]digits], read exactly as strtod()
 * reads it: up to 15 significant digits make an integer a double holds exactly, as it holds
 * the powers of ten up to 10^22, so that one multiplication or division rounds once and
 * correctly (Clinger's fast path). FALSE leaves the text to g_ascii_strtod(). */
static gboolean
parse_plain_number (const char *text,
                    gsize       length,
                    double     *value)
{
#if FLT_EVAL_METHOD == 0
  static const double powers_of_ten[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  const char *p = text;
  const char *end = text + length;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  guint digits = 0;
  int exponent = 0;
  double number;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  for (; p < end && g_ascii_isdigit (*p); p++, digits++)
    mantissa = mantissa * 10 + (guint) (*p - '0');
  if (p < end && *p == '.')
    for (p++; p < end && g_ascii_isdigit (*p); p++, digits++, exponent--)
      mantissa = mantissa * 10 + (guint) (*p - '0');
  if (digits == 0 || digits > 15)
    return FALSE;
  if (p < end && (*p == 'E' || *p == 'e'))
    {
      gboolean negative_exponent = FALSE;
      int written = 0;
      guint exponent_digits = 0;

      p++;
      if (p < end && (*p == '-' || *p == '+'))
        negative_exponent = *p++ == '-';
      for (; p < end && g_ascii_isdigit (*p) && exponent_digits < 3; p++, exponent_digits++)
        written = written * 10 + (*p - '0');
      if (exponent_digits == 0)
        return FALSE;
      exponent += negative_exponent ? -written : written;
    }
  if (p != end || exponent < -22 || exponent > 22)
    return FALSE;

  number = (double) mantissa;
  number = exponent < 0 ? number / powers_of_ten[-exponent] : number * powers_of_ten[exponent];
  *value = negative ? -number : number;
  return TRUE;
#else
  /* Where doubles are computed in more precision the division would round twice. */
  return FALSE;
#endif
}

/* A number as .NET writes a float: "100", "59.96953", "1.229964E-05", and also "NaN",
 * "Infinity" or "-Infinity" (which strtod reads as such). Returns FALSE for anything that
 * is not a whole, finite number. */
static gboolean
parse_number (const char *text,
              gsize       length,
              double     *value)
{
  g_autofree char *copy = NULL;
  const char *trimmed = text;
  gsize trimmed_length = length;
  char *end = NULL;
  double number;

  if (text == NULL)
    return FALSE;
  trim (&trimmed, &trimmed_length);
  if (parse_plain_number (trimmed, trimmed_length, value))
    return TRUE;
  if (trimmed_length == 0)
    return FALSE;
  copy = g_strndup (trimmed, trimmed_length);
  number = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (number))
    return FALSE;
  *value = number;
  return TRUE;
}

/* A meter: 0–1; what is not a finite number (NaN, Infinity) reads 0, the rest is clamped. */
static double
parse_level (const char *text,
             gsize       length)
{
  double value;

  if (!parse_number (text, length, &value))
    return 0.0;
  return CLAMP (value, 0.0, 1.0);
}

/* A volume: 0–100, clamped; -1 when missing or not a finite number. */
static double
parse_volume (const char *text,
              gsize       length)
{
  double value;

  if (!parse_number (text, length, &value))
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

#define NAME_IS(name, length, literal) \
  ((length) == sizeof (literal) - 1 && memcmp ((name), literal, sizeof (literal) - 1) == 0)

/* A short attribute (a number, a boolean) as text, where it lies in the document when it
 * needs no decoding, else decoded into @buffer. Longer values are cut to @size - 1 bytes,
 * which numbers and booleans never are. NULL when the attribute is missing. */
static const char *
short_value (const OnairXmlAttribute *attribute,
             char                    *buffer,
             gsize                    size,
             gsize                   *length)
{
  g_autofree char *value = NULL;

  if (attribute == NULL)
    {
      *length = 0;
      return NULL;
    }
  if (attribute->plain)
    {
      *length = MIN (attribute->value_length, size - 1);
      return attribute->value;
    }
  value = onair_xml_attribute_dup (attribute);
  *length = MIN (g_strlcpy (buffer, value, size), size - 1);
  return buffer;
}

#define SHORT_VALUE(attributes, n_attributes, literal, buffer, length) \
  short_value (ONAIR_XML_FIND_ATTRIBUTE ((attributes), (n_attributes), literal), \
               (buffer), sizeof (buffer), (length))

/* An attribute's whole value, decoded, in the state's strings; NULL when it is missing. */
static const char *
keep_value (OnairVmixState          *self,
            const OnairXmlAttribute *attribute)
{
  g_autofree char *value = NULL;

  if (attribute == NULL)
    return NULL;
  if (attribute->plain)
    return g_string_chunk_insert_len (self->strings, attribute->value,
                                      (gssize) attribute->value_length);
  value = onair_xml_attribute_dup (attribute);
  return g_string_chunk_insert (self->strings, value);
}

static const char * const channel_attributes[ONAIR_VMIX_MAX_STREAMS] = {
  "channel1", "channel2", "channel3", "channel4", "channel5",
};

static const char * const filename_attributes[ONAIR_VMIX_MAX_RECORDING_FILES] = {
  "filename1", "filename2", "filename3", "filename4", "filename5",
  "filename6", "filename7", "filename8", "filename9",
};

static void
read_meter (OnairVmixState          *self,
            OnairVmixMeter          *meter,
            const char              *name,
            gsize                    name_length,
            const OnairXmlAttribute *attributes,
            guint                    n_attributes)
{
  char b1[32], b2[32], b3[32], b4[32], b5[32];
  gsize l1, l2, l3, l4, l5;
  const char *f1 = SHORT_VALUE (attributes, n_attributes, "meterF1", b1, &l1);
  const char *f2 = SHORT_VALUE (attributes, n_attributes, "meterF2", b2, &l2);
  const char *volume = SHORT_VALUE (attributes, n_attributes, "volume", b3, &l3);
  const char *muted = SHORT_VALUE (attributes, n_attributes, "muted", b4, &l4);
  const char *headphones = SHORT_VALUE (attributes, n_attributes, "headphonesVolume", b5, &l5);

  meter->name = g_string_chunk_insert_len (self->strings, name, (gssize) name_length);
  meter->left = parse_level (f1, l1);
  meter->right = parse_level (f2, l2);
  meter->volume = parse_volume (volume, l3);
  meter->muted = parse_bool (muted, l4);
  meter->headphones_volume = parse_volume (headphones, l5);
}

static void
read_recording (OnairVmixState          *self,
                const OnairXmlAttribute *attributes,
                guint                    n_attributes)
{
  char buffer[32];
  gsize length;
  const char *duration = SHORT_VALUE (attributes, n_attributes, "duration", buffer, &length);
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (filename_attributes); i++)
    {
      const OnairXmlAttribute *file =
        onair_xml_find_attribute_len (attributes, n_attributes, filename_attributes[i],
                                      strlen ("filenameN"));

      if (file != NULL && file->value_length > 0)
        self->recording_files[n_files++] = keep_value (self, file);
    }
  memset (&self->recording_files[n_files], 0,
          sizeof self->recording_files - n_files * sizeof self->recording_files[0]);
  self->recording_duration = duration != NULL ? (gint64) parse_uint (duration, length) : -1;
}

static void
read_streaming (OnairVmixState          *self,
                const OnairXmlAttribute *attributes,
                guint                    n_attributes)
{
  for (guint i = 0; i < ONAIR_VMIX_MAX_STREAMS; i++)
    {
      char buffer[32];
      gsize length;
      const OnairXmlAttribute *channel =
        onair_xml_find_attribute_len (attributes, n_attributes, channel_attributes[i],
                                      strlen ("channelN"));
      const char *value = short_value (channel, buffer, sizeof buffer, &length);

      /* A missing channelN means off; its presence also proves the channel exists. */
      self->streams[i] = parse_bool (value, length);
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
  gsize l1, l2, l3;
  const char *number = SHORT_VALUE (attributes, n_attributes, "number", b1, &l1);
  const char *srt = SHORT_VALUE (attributes, n_attributes, "srt", b2, &l2);
  const char *ndi = SHORT_VALUE (attributes, n_attributes, "ndi", b3, &l3);

  output.type = (char *) keep_value (self, ONAIR_XML_FIND_ATTRIBUTE (attributes, n_attributes,
                                                                     "type"));
  output.source = (char *) keep_value (self, ONAIR_XML_FIND_ATTRIBUTE (attributes, n_attributes,
                                                                       "source"));
  output.number = parse_uint (number, l1);
  output.srt = parse_bool (srt, l2);
  output.ndi = parse_bool (ndi, l3);
  /* Types are kept as sent, known or not ("mix", "omt" from vMix 29); vMix's help does not
   * say how they are capitalised, so they are compared without regard to case. */
  if (output.type == NULL)
    output.type = (char *) "Output";
  g_array_append_val (self->outputs, output);
}

/* An input's number and title, into one buffer for all titles: no allocation per input. */
static void
read_input (OnairVmixState          *self,
            const OnairXmlAttribute *attributes,
            guint                    n_attributes)
{
  const OnairXmlAttribute *title = ONAIR_XML_FIND_ATTRIBUTE (attributes, n_attributes, "title");
  char buffer[32];
  gsize length;
  const char *number = SHORT_VALUE (attributes, n_attributes, "number", buffer, &length);
  OnairVmixInput input = { parse_uint (number, length), self->input_titles->len };

  if (title != NULL && title->plain)
    g_string_append_len (self->input_titles, title->value, (gssize) title->value_length);
  else if (title != NULL)
    {
      g_autofree char *decoded = onair_xml_attribute_dup (title);

      g_string_append (self->input_titles, decoded);
    }
  g_string_append_c (self->input_titles, '\0');
  g_array_append_val (self->inputs, input);
}

/* The elements under the root that Onair reads. */
static const struct
{
  const char *name;
  gsize       length;
  Section     section;
  Field       field;
} top_elements[] = {
#define TOP(name, section, field) { name, sizeof (name) - 1, section, field }
  TOP ("version", SECTION_OTHER, FIELD_VERSION),
  TOP ("edition", SECTION_OTHER, FIELD_EDITION),
  TOP ("preset", SECTION_OTHER, FIELD_PRESET),
  TOP ("inputs", SECTION_INPUTS, FIELD_NONE),
  TOP ("preview", SECTION_OTHER, FIELD_PREVIEW),
  TOP ("active", SECTION_OTHER, FIELD_ACTIVE),
  TOP ("fadeToBlack", SECTION_OTHER, FIELD_FADE_TO_BLACK),
  TOP ("recording", SECTION_OTHER, FIELD_RECORDING),
  TOP ("external", SECTION_OTHER, FIELD_EXTERNAL),
  TOP ("streaming", SECTION_OTHER, FIELD_STREAMING),
  TOP ("multiCorder", SECTION_OTHER, FIELD_MULTICORDER),
  TOP ("fullscreen", SECTION_OTHER, FIELD_FULLSCREEN),
  TOP ("audio", SECTION_AUDIO, FIELD_NONE),
  TOP ("outputs", SECTION_OUTPUTS, FIELD_NONE),
#undef TOP
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
      parser->wrong_root = !NAME_IS (name, name_length, "vmix");
      return;
    }

  if (depth == 1)
    {
      parser->section = SECTION_OTHER;
      parser->field = FIELD_NONE;
      g_string_truncate (parser->text, 0);

      for (guint i = 0; i < G_N_ELEMENTS (top_elements); i++)
        if (top_elements[i].length == name_length &&
            memcmp (top_elements[i].name, name, name_length) == 0)
          {
            parser->section = top_elements[i].section;
            parser->field = top_elements[i].field;
            break;
          }
      if (parser->section == SECTION_OUTPUTS)
        self->has_outputs = TRUE;
      else if (parser->field == FIELD_RECORDING)
        read_recording (self, attributes, n_attributes);
      else if (parser->field == FIELD_STREAMING)
        read_streaming (self, attributes, n_attributes);
      return;
    }

  if (depth != 2)
    return;

  switch (parser->section)
    {
    case SECTION_INPUTS:
      /* Its number and title (program and preview are shown by title); lists and overlays
       * inside an input are not Onair's business. */
      if (NAME_IS (name, name_length, "input"))
        {
          self->n_inputs++;
          read_input (self, attributes, n_attributes);
        }
      break;
    case SECTION_AUDIO:
      if (NAME_IS (name, name_length, "master"))
        {
          read_meter (self, &self->master, name, name_length, attributes, n_attributes);
          self->has_master = TRUE;
        }
      else if (name_length > 3 && memcmp (name, "bus", 3) == 0)
        {
          OnairVmixMeter meter = { 0 };

          read_meter (self, &meter, name, name_length, attributes, n_attributes);
          g_array_append_val (self->buses, meter);
        }
      break;
    case SECTION_OUTPUTS:
      if (NAME_IS (name, name_length, "output"))
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
  const char *text;
  gsize length;

  if (depth != 1 || parser->field == FIELD_NONE)
    return;

  text = parser->text->str;
  length = parser->text->len;
  trim (&text, &length);
  switch (parser->field)
    {
    case FIELD_VERSION:
      self->version = g_string_chunk_insert_len (self->strings, text, (gssize) length);
      self->version_major = (guint) g_ascii_strtoull (self->version, NULL, 10);
      break;
    case FIELD_EDITION:
      self->edition = g_string_chunk_insert_len (self->strings, text, (gssize) length);
      break;
    case FIELD_PRESET:
      self->preset = g_string_chunk_insert_len (self->strings, text, (gssize) length);
      break;
    case FIELD_PREVIEW:
      self->preview = parse_uint (text, length);
      break;
    case FIELD_ACTIVE:
      self->active = parse_uint (text, length);
      break;
    case FIELD_RECORDING:
      self->recording = parse_bool (text, length);
      break;
    case FIELD_STREAMING:
      self->streaming = parse_bool (text, length);
      break;
    case FIELD_EXTERNAL:
      self->external = parse_bool (text, length);
      break;
    case FIELD_MULTICORDER:
      self->multicorder = parse_bool (text, length);
      break;
    case FIELD_FULLSCREEN:
      self->fullscreen = parse_bool (text, length);
      break;
    case FIELD_FADE_TO_BLACK:
      self->has_fade_to_black = TRUE;
      self->fade_to_black = parse_bool (text, length);
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

  return TRUE;
}
