/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "onair-emulator-private.h"

#include <libxml/xmlwriter.h>
#include <string.h>

/* The state document, GET /api's answer, written the way real vMix writes it: its
 * elements and attributes in vMix's order and spellings, .NET's numbers, and the forms
 * different vMix versions use. */

#define PRESET_PATH "C:\\Shows\\Sunday Service.vmix"

static const char *
bool_str (gboolean value)
{
  return value ? "True" : "False";
}

static void
write_element (xmlTextWriterPtr  writer,
               const char       *name,
               const char       *text)
{
  xmlTextWriterWriteElement (writer, BAD_CAST name, BAD_CAST text);
}

/* An attribute as vMix writes it: UTF-8 as is. libxml2 would write every non-ASCII
 * character as a character reference (title="Music &#x2013; Intro.mp3") in a document that
 * does not declare its encoding, which hides from a client that bytes and characters differ;
 * this escapes what libxml2 escapes in attributes, and nothing else. */
static void
write_attr (xmlTextWriterPtr  writer,
            const char       *name,
            const char       *value)
{
  g_autoptr(GString) escaped = g_string_sized_new (strlen (value) + 16);

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (escaped, "&amp;"); break;
        case '<': g_string_append (escaped, "&lt;"); break;
        case '>': g_string_append (escaped, "&gt;"); break;
        case '"': g_string_append (escaped, "&quot;"); break;
        case '\n': g_string_append (escaped, "&#10;"); break;
        case '\r': g_string_append (escaped, "&#13;"); break;
        case '\t': g_string_append (escaped, "&#9;"); break;
        default: g_string_append_c (escaped, *p); break;
        }
    }

  xmlTextWriterStartAttribute (writer, BAD_CAST name);
  xmlTextWriterWriteRaw (writer, BAD_CAST escaped->str);
  xmlTextWriterEndAttribute (writer);
}

static void
write_attr_uint (xmlTextWriterPtr writer,
                 const char      *name,
                 guint            value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", value);
  write_attr (writer, name, buf);
}

/* A number as vMix writes a float (.NET's ToString: 7 significant digits, exponent form
 * below 1E-04): "100", "59.96953", "1.229964E-05"; locale-independent. */
static void
write_attr_float (xmlTextWriterPtr writer,
                  const char      *name,
                  double           value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  write_attr (writer, name, g_ascii_formatd (buf, sizeof buf, "%.7G", (float) value));
}

static void
write_input (OnairEmulator    *self,
             xmlTextWriterPtr  writer,
             Input            *input,
             guint             number)
{
  xmlTextWriterStartElement (writer, BAD_CAST "input");
  write_attr (writer, "key", input->key);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "type", input->type);
  write_attr (writer, "title", input->title);
  write_attr (writer, "shortTitle", input->title);
  write_attr (writer, "state", input->state);
  write_attr_uint (writer, "position", 0);
  write_attr_uint (writer, "duration", input->duration_ms);
  write_attr (writer, "loop", bool_str (input->loop));
  if (input->has_audio)
    {
      write_attr (writer, "muted", bool_str (input->muted));
      write_attr_float (writer, "volume", input->volume);
      write_attr_uint (writer, "balance", 0);
      write_attr (writer, "solo", bool_str (input->solo));
      if (self->profile->major >= 27)
        write_attr (writer, "soloPFL", "False");
      write_attr (writer, "audiobusses", input->audiobusses);
      write_attr_float (writer, "meterF1", onair_emulator_input_meter (self, input, 0));
      write_attr_float (writer, "meterF2", onair_emulator_input_meter (self, input, 1));
      if (self->profile->major >= 25)
        write_attr (writer, "gainDb", "0");
    }
  xmlTextWriterWriteString (writer, BAD_CAST input->title);
  for (guint i = 0; i < G_N_ELEMENTS (input->texts); i++)
    {
      if (input->text_names[i] == NULL)
        continue;
      xmlTextWriterStartElement (writer, BAD_CAST "text");
      write_attr_uint (writer, "index", i);
      write_attr (writer, "name", input->text_names[i]);
      xmlTextWriterWriteString (writer, BAD_CAST input->texts[i]);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);
}

static void
write_padding_input (xmlTextWriterPtr writer,
                     guint            number)
{
  g_autofree char *key = g_strdup_printf ("%08x-0000-4000-8000-%012x", number, number);

  xmlTextWriterStartElement (writer, BAD_CAST "input");
  write_attr (writer, "key", key);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "type", "Blank");
  write_attr (writer, "title", "Blank");
  write_attr (writer, "shortTitle", "Blank");
  write_attr (writer, "state", "Paused");
  write_attr_uint (writer, "position", 0);
  write_attr_uint (writer, "duration", 0);
  write_attr (writer, "loop", "False");
  xmlTextWriterWriteString (writer, BAD_CAST "Blank");
  xmlTextWriterEndElement (writer);
}

static void
write_bus (OnairEmulator    *self,
           xmlTextWriterPtr  writer,
           guint             bus)
{
  char name[] = "busA";

  name[3] = 'A' + bus;
  xmlTextWriterStartElement (writer, BAD_CAST name);
  write_attr_float (writer, "volume", self->buses[bus].volume);
  write_attr (writer, "muted", bool_str (self->buses[bus].muted));
  write_attr_float (writer, "meterF1", onair_emulator_bus_meter (self, bus, 0));
  write_attr_float (writer, "meterF2", onair_emulator_bus_meter (self, bus, 1));
  write_attr (writer, "solo", "False");
  write_attr (writer, "sendToMaster", "False");
  xmlTextWriterEndElement (writer);
}

static void
write_output (xmlTextWriterPtr  writer,
              const char       *type,
              guint             number,
              guint             input,
              gboolean          srt)
{
  xmlTextWriterStartElement (writer, BAD_CAST "output");
  write_attr (writer, "type", type);
  write_attr_uint (writer, "number", number);
  write_attr (writer, "source", input != 0 ? "Input" : "Output");
  if (input != 0)
    write_attr_uint (writer, "inputNumber", input);
  write_attr (writer, "ndi", "False");
  write_attr (writer, "srt", bool_str (srt));
  xmlTextWriterEndElement (writer);
}

static GString *
render_document (OnairEmulator *self)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr writer;
  char text[32];
  GString *document;

  /* Large documents (many inputs, the oversized fault) would otherwise grow the buffer by
   * exact reallocations: quadratic. */
  xmlBufferSetAllocationScheme (buffer, XML_BUFFER_ALLOC_DOUBLEIT);
  writer = xmlNewTextWriterMemory (buffer, 0);

  onair_emulator_refresh_streams (self);

  if (self->xml_declaration)
    xmlTextWriterStartDocument (writer, NULL, "UTF-8", NULL);

  xmlTextWriterStartElement (writer, BAD_CAST "vmix");
  write_element (writer, "version", self->profile->version);
  write_element (writer, "edition", self->profile->edition);
  write_element (writer, "preset", PRESET_PATH);

  xmlTextWriterStartElement (writer, BAD_CAST "inputs");
  for (guint i = 0; i < self->inputs->len; i++)
    write_input (self, writer, g_ptr_array_index (self->inputs, i), i + 1);
  if (self->oversized > 0)
    {
      gsize start;

      xmlTextWriterFlush (writer);
      start = xmlBufferLength (buffer);
      for (guint n = self->inputs->len + 1;
           (gsize) xmlBufferLength (buffer) - start < self->oversized;
           n++)
        {
          write_padding_input (writer, n);
          xmlTextWriterFlush (writer);
        }
    }
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "overlays");
  for (guint i = 0; i < N_OVERLAYS; i++)
    {
      /* An empty overlay as real files write it, with a space before "/>". */
      if (self->overlays[i] == 0)
        {
          xmlTextWriterWriteFormatRaw (writer, "<overlay number=\"%u\" />", i + 1);
          continue;
        }
      xmlTextWriterStartElement (writer, BAD_CAST "overlay");
      write_attr_uint (writer, "number", i + 1);
      xmlTextWriterWriteFormatString (writer, "%u", self->overlays[i]);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  g_snprintf (text, sizeof text, "%u", self->preview);
  write_element (writer, "preview", text);
  g_snprintf (text, sizeof text, "%u", self->active);
  write_element (writer, "active", text);
  write_element (writer, "fadeToBlack", bool_str (self->fade_to_black));

  xmlTextWriterStartElement (writer, BAD_CAST "transitions");
  for (guint i = 0; i < N_TRANSITIONS; i++)
    {
      xmlTextWriterStartElement (writer, BAD_CAST "transition");
      write_attr_uint (writer, "number", i + 1);
      write_attr (writer, "effect", self->transitions[i].effect);
      write_attr_uint (writer, "duration", self->transitions[i].duration_ms);
      xmlTextWriterEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "recording");
  if (self->recording)
    {
      gint64 duration_s = onair_emulator_recording_duration_us (self) / G_USEC_PER_SEC;

      xmlTextWriterWriteFormatAttribute (writer, BAD_CAST "duration", "%" G_GINT64_FORMAT,
                                         duration_s);
      write_attr (writer, "filename1", self->recording_filename);
    }
  xmlTextWriterWriteString (writer, BAD_CAST bool_str (self->recording));
  xmlTextWriterEndElement (writer);

  write_element (writer, "external", bool_str (self->external));

  /* Real vMix: idle, a bare <streaming>False</streaming>; live, only the channels that are
   * on; vMix 21 and older, no channel at all. The documented form with every channel is an
   * option. */
  xmlTextWriterStartElement (writer, BAD_CAST "streaming");
  for (guint i = 0; self->profile->channels && i < self->profile->n_streams; i++)
    {
      if (!self->streams[i].live && !self->all_channel_attributes)
        continue;
      g_snprintf (text, sizeof text, "channel%u", i + 1);
      write_attr (writer, text, bool_str (self->streams[i].live));
    }
  xmlTextWriterWriteString (writer, BAD_CAST bool_str (onair_emulator_any_stream_live (self)));
  xmlTextWriterEndElement (writer);

  write_element (writer, "playList", bool_str (self->playlist));
  write_element (writer, "multiCorder", bool_str (self->multicorder));
  write_element (writer, "fullscreen", bool_str (self->fullscreen));

  xmlTextWriterStartElement (writer, BAD_CAST "audio");
  xmlTextWriterStartElement (writer, BAD_CAST "master");
  write_attr_float (writer, "volume", self->master_volume);
  write_attr (writer, "muted", bool_str (self->master_muted));
  write_attr_float (writer, "meterF1", onair_emulator_master_meter (self, 0));
  write_attr_float (writer, "meterF2", onair_emulator_master_meter (self, 1));
  write_attr_float (writer, "headphonesVolume", self->headphones_volume);
  xmlTextWriterEndElement (writer);
  for (guint i = 0; i < N_BUSES; i++)
    write_bus (self, writer, i);
  xmlTextWriterEndElement (writer);

  xmlTextWriterStartElement (writer, BAD_CAST "dynamic");
  for (guint i = 0; i < N_DYNAMIC; i++)
    {
      g_snprintf (text, sizeof text, "input%u", i + 1);
      xmlTextWriterStartElement (writer, BAD_CAST text);
      if (self->dynamic_inputs[i] != NULL)
        xmlTextWriterWriteString (writer, BAD_CAST self->dynamic_inputs[i]);
      /* Empty, as real files write it: <input1></input1>. */
      xmlTextWriterFullEndElement (writer);
    }
  for (guint i = 0; i < N_DYNAMIC; i++)
    {
      g_snprintf (text, sizeof text, "value%u", i + 1);
      xmlTextWriterStartElement (writer, BAD_CAST text);
      if (self->dynamic_values[i] != NULL)
        xmlTextWriterWriteString (writer, BAD_CAST self->dynamic_values[i]);
      xmlTextWriterFullEndElement (writer);
    }
  xmlTextWriterEndElement (writer);

  if (self->profile->has_outputs)
    {
      xmlTextWriterStartElement (writer, BAD_CAST "outputs");
      for (guint i = 0; i < N_SRT_OUTPUTS; i++)
        write_output (writer, "Output", i + 1, 0, self->srt[i]);
      write_output (writer, "External2", 1, MIN (3, self->inputs->len), FALSE);
      write_output (writer, "Fullscreen", 1, 0, FALSE);
      write_output (writer, "Fullscreen", 2, 0, FALSE);
      xmlTextWriterEndElement (writer);
    }

  xmlTextWriterEndElement (writer);
  if (self->xml_declaration)
    xmlTextWriterEndDocument (writer);
  xmlTextWriterFlush (writer);
  xmlFreeTextWriter (writer);

  document = g_string_new_len ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);

  return document;
}

/* The document as served, faults included. */
char *
onair_emulator_render (OnairEmulator *self,
                       gsize         *length)
{
  GString *document = render_document (self);

  onair_emulator_damage_document (self, document);

  if (length != NULL)
    *length = document->len;

  return g_string_free (document, FALSE);
}

/* Public API */

void
onair_emulator_set_xml_declaration (OnairEmulator *self,
                                    gboolean       declaration)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  self->xml_declaration = declaration;
}

void
onair_emulator_set_all_channel_attributes (OnairEmulator *self,
                                           gboolean       all)
{
  g_return_if_fail (ONAIR_IS_EMULATOR (self));
  self->all_channel_attributes = all;
}

/**
 * onair_emulator_render_xml:
 * @self: an #OnairEmulator
 *
 * Renders the state document the way the next GET /api would serve it, faults
 * (malformed, truncated, oversized) included.
 *
 * Returns: (transfer full): the document
 */
char *
onair_emulator_render_xml (OnairEmulator *self)
{
  g_return_val_if_fail (ONAIR_IS_EMULATOR (self), NULL);

  return onair_emulator_render (self, NULL);
}
