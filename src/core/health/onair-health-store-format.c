/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "onair-health-history-private.h"
#include "onair-health-store-private.h"

/*
 * The health history's record format on disk, delta-encoded against the file's state (the
 * previous record's time, each metric's previous value):
 *   0x01 define   varint length, the metric's id; it gets the next index
 *   0x1T sample   T = 8 when a time follows | value kind; varint metric index;
 *                 [zigzag varint ms since the previous record]; the value:
 *                 0 same as before, 1 NaN, 2 zigzag integer, 3 zigzag integer difference,
 *                 4 zigzag mantissa and a byte of decimals (m / 10^k, exact), 5 8-byte double
 *   0x20 event    zigzag ms since the previous record, varint kind, zigzag state, zigzag
 *                 previous, subject and text (varint length + 1, 0 for none, then bytes)
 * At 1 Hz a sample costs 2–4 bytes when it is an integer, a decimal or unchanged, 11 bytes
 * for a double such as a dBFS level. Files and frames are onair-health-store-writer.c's and
 * onair-health-store-file.c's.
 */

#define MAX_EXACT_INT    9007199254740992.0   /* 2^53 */

enum {
  RECORD_DEFINE = 0x01,
  RECORD_SAMPLE = 0x10,
  RECORD_EVENT  = 0x20,
};

#define SAMPLE_HAS_TIME 0x08

enum {
  VALUE_SAME,
  VALUE_NAN,
  VALUE_INT,
  VALUE_DELTA,
  VALUE_DECIMAL,
  VALUE_DOUBLE,
};

static const double powers_of_ten[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

/* CRC-32 (IEEE 802.3, reflected), as zlib computes it. */
guint32
onair_health_crc32 (const guint8 *data,
                    gsize         length)
{
  static guint32 table[256];
  static gsize table_ready = 0;
  guint32 crc = 0xffffffffu;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

/* Varints */

static void
put_varint (GByteArray *out,
            guint64     value)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      bytes[n] = value & 0x7f;
      value >>= 7;
      if (value != 0)
        bytes[n] |= 0x80;
      n++;
    }
  while (value != 0);
  g_byte_array_append (out, bytes, n);
}

static void
put_zigzag (GByteArray *out,
            gint64      value)
{
  put_varint (out, ((guint64) value << 1) ^ (guint64) (value >> 63));
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  put_varint (out, text != NULL ? length + 1 : 0);
  if (length > 0)
    g_byte_array_append (out, (const guint8 *) text, length);
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
} Cursor;

static gboolean
get_varint (Cursor  *c,
            guint64 *value)
{
  guint64 result = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (c->p >= c->end)
        return FALSE;
      byte = *c->p++;
      result |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
get_zigzag (Cursor *c,
            gint64 *value)
{
  guint64 raw;

  if (!get_varint (c, &raw))
    return FALSE;
  *value = (gint64) (raw >> 1) ^ -(gint64) (raw & 1);
  return TRUE;
}

static gboolean
get_string (Cursor  *c,
            char   **text)
{
  guint64 length;

  if (!get_varint (c, &length))
    return FALSE;
  if (length == 0)
    {
      *text = NULL;
      return TRUE;
    }
  length--;
  if (length > (guint64) (c->end - c->p))
    return FALSE;
  *text = g_strndup ((const char *) c->p, length);
  c->p += length;
  return TRUE;
}

/* Batches */

Batch *
onair_health_batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->samples = g_array_new (FALSE, FALSE, sizeof (PendingSample));
  batch->events = g_array_new (FALSE, TRUE, sizeof (OnairHealthEvent));
  g_array_set_clear_func (batch->events, onair_health_event_clear);
  batch->order = g_array_new (FALSE, FALSE, sizeof (guint8));
  return batch;
}

void
onair_health_batch_free (Batch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->samples);
  g_array_unref (batch->events);
  g_array_unref (batch->order);
  g_free (batch);
}

gboolean
onair_health_batch_is_empty (const Batch *batch)
{
  return batch->order->len == 0;
}

/* Encoder */

/* The state a file's records are encoded against. */
typedef struct
{
  gboolean known;
  double   value;
} Previous;

void
onair_health_encoder_init (HealthEncoder *encoder)
{
  encoder->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  encoder->previous = g_array_new (FALSE, TRUE, sizeof (Previous));
  encoder->last_time_ms = 0;
}

/* A new file: a fresh dictionary and fresh deltas. */
void
onair_health_encoder_reset (HealthEncoder *encoder)
{
  g_hash_table_remove_all (encoder->index);
  g_array_set_size (encoder->previous, 0);
  encoder->last_time_ms = 0;
}

void
onair_health_encoder_clear (HealthEncoder *encoder)
{
  g_clear_pointer (&encoder->index, g_hash_table_unref);
  g_clear_pointer (&encoder->previous, g_array_unref);
}

static guint
metric_index (HealthEncoder *encoder,
              GByteArray    *out,
              const char   *metric)
{
  gpointer found = g_hash_table_lookup (encoder->index, metric);
  guint index;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  index = encoder->previous->len;
  g_array_set_size (encoder->previous, index + 1);
  g_hash_table_insert (encoder->index, (gpointer) metric, GUINT_TO_POINTER (index + 1));
  g_byte_array_append (out, (const guint8 []) { RECORD_DEFINE }, 1);
  put_varint (out, strlen (metric));
  g_byte_array_append (out, (const guint8 *) metric, strlen (metric));
  return index;
}

static gboolean
is_exact_integer (double value)
{
  return isfinite (value) && value == floor (value) && fabs (value) < MAX_EXACT_INT &&
         !(value == 0 && signbit (value));
}

void
onair_health_encoder_sample (HealthEncoder       *encoder,
                             GByteArray          *out,
                             const PendingSample *sample)
{
  guint index = metric_index (encoder, out, sample->metric);
  Previous *previous = &g_array_index (encoder->previous, Previous, index);
  double value = sample->value;
  gboolean has_time = sample->time_ms != encoder->last_time_ms;
  guint8 payload[16];
  GByteArray *value_bytes = g_byte_array_sized_new (12);
  guint8 kind = VALUE_DOUBLE;

  if (isnan (value))
    kind = previous->known && isnan (previous->value) ? VALUE_SAME : VALUE_NAN;
  else if (previous->known && memcmp (&value, &previous->value, sizeof value) == 0)
    kind = VALUE_SAME;
  else if (is_exact_integer (value))
    {
      gint64 integer = (gint64) value;

      if (previous->known && is_exact_integer (previous->value) &&
          ABS (integer - (gint64) previous->value) < ABS (integer))
        {
          kind = VALUE_DELTA;
          put_zigzag (value_bytes, integer - (gint64) previous->value);
        }
      else
        {
          kind = VALUE_INT;
          put_zigzag (value_bytes, integer);
        }
    }
  else if (isfinite (value) && fabs (value) < 1e12 && value != 0)
    {
      for (guint k = 1; k < G_N_ELEMENTS (powers_of_ten); k++)
        {
          double mantissa = nearbyint (value * powers_of_ten[k]);

          if (fabs (mantissa) < MAX_EXACT_INT && mantissa / powers_of_ten[k] == value)
            {
              kind = VALUE_DECIMAL;
              put_zigzag (value_bytes, (gint64) mantissa);
              g_byte_array_append (value_bytes, (const guint8 []) { (guint8) k }, 1);
              break;
            }
        }
    }
  if (kind == VALUE_DOUBLE)
    {
      guint64 bits;

      memcpy (&bits, &value, sizeof bits);
      for (int i = 0; i < 8; i++)
        payload[i] = (bits >> (8 * i)) & 0xff;
      g_byte_array_append (value_bytes, payload, 8);
    }

  payload[0] = RECORD_SAMPLE | (has_time ? SAMPLE_HAS_TIME : 0) | kind;
  g_byte_array_append (out, payload, 1);
  put_varint (out, index);
  if (has_time)
    put_zigzag (out, sample->time_ms - encoder->last_time_ms);
  g_byte_array_append (out, value_bytes->data, value_bytes->len);
  g_byte_array_unref (value_bytes);

  encoder->last_time_ms = sample->time_ms;
  previous->known = TRUE;
  previous->value = value;
}

void
onair_health_encoder_event (HealthEncoder          *encoder,
                            GByteArray             *out,
                            const OnairHealthEvent *event)
{
  g_byte_array_append (out, (const guint8 []) { RECORD_EVENT }, 1);
  put_zigzag (out, event->time_ms - encoder->last_time_ms);
  put_varint (out, event->kind);
  put_zigzag (out, event->state);
  put_zigzag (out, event->previous);
  put_string (out, event->subject);
  put_string (out, event->text);
  encoder->last_time_ms = event->time_ms;
}

/* Decoder */

void
onair_health_decoder_init (HealthDecoder      *decoder,
                           OnairHealthHistory *history,
                           gint64              oldest_ms)
{
  decoder->history = history;
  decoder->oldest_ms = oldest_ms;
  decoder->names = g_ptr_array_new_with_free_func (g_free);
  decoder->previous = g_array_new (FALSE, TRUE, sizeof (double));
  decoder->last_time_ms = 0;
  decoder->max_time_ms = G_MININT64;
}

/* A new file: its own dictionary and deltas. */
void
onair_health_decoder_reset (HealthDecoder *decoder)
{
  g_ptr_array_set_size (decoder->names, 0);
  g_array_set_size (decoder->previous, 0);
  decoder->last_time_ms = 0;
}

void
onair_health_decoder_clear (HealthDecoder *decoder)
{
  g_clear_pointer (&decoder->names, g_ptr_array_unref);
  g_clear_pointer (&decoder->previous, g_array_unref);
}

static gboolean
read_sample (HealthDecoder *decoder,
             Cursor        *c,
             guint8         tag)
{
  guint64 index;
  gint64 delta = 0;
  gint64 integer;
  double value = NAN;
  guint8 kind = tag & 0x07;

  if (!get_varint (c, &index) || index >= decoder->names->len)
    return FALSE;
  if ((tag & SAMPLE_HAS_TIME) && !get_zigzag (c, &delta))
    return FALSE;
  decoder->last_time_ms += delta;
  switch (kind)
    {
    case VALUE_SAME:
      value = g_array_index (decoder->previous, double, index);
      break;
    case VALUE_NAN:
      value = NAN;
      break;
    case VALUE_INT:
      if (!get_zigzag (c, &integer))
        return FALSE;
      value = (double) integer;
      break;
    case VALUE_DELTA:
      if (!get_zigzag (c, &integer))
        return FALSE;
      value = (double) ((gint64) g_array_index (decoder->previous, double, index) + integer);
      break;
    case VALUE_DECIMAL:
      if (!get_zigzag (c, &integer) || c->p >= c->end || *c->p == 0 ||
          *c->p >= G_N_ELEMENTS (powers_of_ten))
        return FALSE;
      value = (double) integer / powers_of_ten[*c->p++];
      break;
    case VALUE_DOUBLE:
      {
        guint64 bits = 0;

        if (c->end - c->p < 8)
          return FALSE;
        for (int i = 0; i < 8; i++)
          bits |= (guint64) c->p[i] << (8 * i);
        c->p += 8;
        memcpy (&value, &bits, sizeof value);
      }
      break;
    default:
      return FALSE;
    }
  g_array_index (decoder->previous, double, index) = value;
  decoder->max_time_ms = MAX (decoder->max_time_ms, decoder->last_time_ms);
  if (decoder->last_time_ms >= decoder->oldest_ms)
    onair_health_history_append (decoder->history, g_ptr_array_index (decoder->names, index),
                                 decoder->last_time_ms, value);
  return TRUE;
}

static gboolean
read_event (HealthDecoder *decoder,
            Cursor        *c)
{
  OnairHealthEvent event = { 0, };
  gint64 delta, state, previous;
  guint64 kind;
  gboolean ok;

  if (!get_zigzag (c, &delta) || !get_varint (c, &kind) || !get_zigzag (c, &state) ||
      !get_zigzag (c, &previous) || kind > ONAIR_HEALTH_EVENT_ALERT)
    return FALSE;
  ok = get_string (c, &event.subject) && get_string (c, &event.text) && event.subject != NULL;
  if (ok)
    {
      decoder->last_time_ms += delta;
      decoder->max_time_ms = MAX (decoder->max_time_ms, decoder->last_time_ms);
      event.kind = (OnairHealthEventKind) kind;
      event.time_ms = decoder->last_time_ms;
      event.state = (int) state;
      event.previous = (int) previous;
      if (event.time_ms >= decoder->oldest_ms)
        onair_health_history_add_event (decoder->history, &event);
    }
  g_free (event.subject);
  g_free (event.text);
  return ok;
}

static gboolean
metric_name_is_valid (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * onair_health_decoder_payload:
 *
 * Decodes one frame's payload into the decoder's history.
 *
 * Returns: %FALSE when the payload is damaged (what came before it was read)
 */
gboolean
onair_health_decoder_payload (HealthDecoder *decoder,
                              const guint8  *data,
                              gsize          length)
{
  Cursor c = { data, data + length };

  while (c.p < c.end)
    {
      guint8 tag = *c.p++;

      if (tag == RECORD_DEFINE)
        {
          guint64 name_length;
          char *name;

          if (!get_varint (&c, &name_length) || name_length > (guint64) (c.end - c.p))
            return FALSE;
          name = g_strndup ((const char *) c.p, name_length);
          c.p += name_length;
          if (!metric_name_is_valid (name))
            {
              g_free (name);
              return FALSE;
            }
          g_ptr_array_add (decoder->names, name);
          g_array_set_size (decoder->previous, decoder->names->len);
          g_array_index (decoder->previous, double, decoder->names->len - 1) = NAN;
        }
      else if ((tag & 0xf0) == RECORD_SAMPLE)
        {
          if (!read_sample (decoder, &c, tag))
            return FALSE;
        }
      else if (tag == RECORD_EVENT)
        {
          if (!read_event (decoder, &c))
            return FALSE;
        }
      else
        return FALSE;
    }
  return TRUE;
}

