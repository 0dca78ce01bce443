/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-witness-private.h"

/*
 * One line of a chain as a list item. It holds only what the chain indexed (seq, type, time,
 * result, hash prefix), so a list of 100 000 rows costs no JSON parsing until a row's details
 * are asked for.
 */

struct _OnairWitnessEntry
{
  GObject                 parent_instance;

  OnairWitness           *witness;
  guint                   position;
  OnairWitnessIndexEntry  index;
  char                    hash_prefix[9];
};

enum {
  PROP_0,
  PROP_POSITION,
  PROP_SEQ,
  PROP_EVENT_TYPE,
  PROP_TIMESTAMP,
  PROP_RESULT,
  PROP_HASH_PREFIX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OnairWitnessEntry, onair_witness_entry, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnairWitnessResult, onair_witness_result,
                    G_DEFINE_ENUM_VALUE (ONAIR_WITNESS_RESULT_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (ONAIR_WITNESS_RESULT_SUCCESS, "success"),
                    G_DEFINE_ENUM_VALUE (ONAIR_WITNESS_RESULT_FAILURE, "failure"))

static void
onair_witness_entry_finalize (GObject *object)
{
  OnairWitnessEntry *self = (OnairWitnessEntry *) object;

  onair_witness_forget_entry (self->witness, self->position, self);
  g_clear_object (&self->witness);

  G_OBJECT_CLASS (onair_witness_entry_parent_class)->finalize (object);
}

static void
onair_witness_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnairWitnessEntry *self = ONAIR_WITNESS_ENTRY (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_SEQ:
      g_value_set_int64 (value, self->index.seq);
      break;

    case PROP_EVENT_TYPE:
      g_value_set_static_string (value, self->index.event_type);
      break;

    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->index.timestamp_ms);
      break;

    case PROP_RESULT:
      g_value_set_enum (value, self->index.result);
      break;

    case PROP_HASH_PREFIX:
      g_value_set_string (value, onair_witness_entry_get_hash_prefix (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_witness_entry_class_init (OnairWitnessEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_witness_entry_finalize;
  object_class->get_property = onair_witness_entry_get_property;

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_TYPE] =
    g_param_spec_string ("event-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * OnairWitnessEntry:timestamp:
   *
   * The event's timestamp (its witness_timestamp if it has none) in milliseconds since the
   * Unix epoch, %G_MININT64 when unknown. An integer, so that sorting is cheap.
   */
  properties[PROP_TIMESTAMP] =
    g_param_spec_int64 ("timestamp", NULL, NULL, G_MININT64, G_MAXINT64, G_MININT64,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] =
    g_param_spec_enum ("result", NULL, NULL, ONAIR_TYPE_WITNESS_RESULT,
                       ONAIR_WITNESS_RESULT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HASH_PREFIX] =
    g_param_spec_string ("hash-prefix", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onair_witness_entry_init (OnairWitnessEntry *self)
{
}

OnairWitnessEntry *
onair_witness_entry_new (OnairWitness                 *witness,
                         guint                         position,
                         const OnairWitnessIndexEntry *index)
{
  OnairWitnessEntry *self = g_object_new (ONAIR_TYPE_WITNESS_ENTRY, NULL);

  self->witness = g_object_ref (witness);
  self->position = position;
  self->index = *index;
  if (index->readable)
    g_snprintf (self->hash_prefix, sizeof self->hash_prefix, "%08x", index->hash_prefix);

  return self;
}

/**
 * onair_witness_entry_get_position:
 *
 * Returns: the line order in the chain, 0 for the first entry
 */
guint
onair_witness_entry_get_position (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), 0);
  return self->position;
}

/**
 * onair_witness_entry_get_seq:
 *
 * Returns: the entry's seq, or -1 if the line is not a readable entry
 */
gint64
onair_witness_entry_get_seq (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), -1);
  return self->index.seq;
}

/**
 * onair_witness_entry_get_event_type:
 *
 * Returns: (nullable): the interned event type
 */
const char *
onair_witness_entry_get_event_type (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), NULL);
  return self->index.event_type;
}

/**
 * onair_witness_entry_get_timestamp:
 *
 * Returns: see #OnairWitnessEntry:timestamp
 */
gint64
onair_witness_entry_get_timestamp (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), G_MININT64);
  return self->index.timestamp_ms;
}

/**
 * onair_witness_entry_dup_timestamp:
 *
 * Returns: (transfer full) (nullable): the timestamp in UTC, or %NULL when unknown
 */
GDateTime *
onair_witness_entry_dup_timestamp (OnairWitnessEntry *self)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 ms;

  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), NULL);

  ms = self->index.timestamp_ms;
  if (ms == G_MININT64)
    return NULL;

  seconds = g_date_time_new_from_unix_utc (ms / 1000 - (ms % 1000 < 0));
  if (seconds == NULL)
    return NULL;
  return g_date_time_add (seconds, (((ms % 1000) + 1000) % 1000) * 1000);
}

OnairWitnessResult
onair_witness_entry_get_result (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), ONAIR_WITNESS_RESULT_UNKNOWN);
  return self->index.result;
}

/**
 * onair_witness_entry_get_hash_prefix:
 *
 * Returns: (nullable): the first 8 hex digits of current_hash
 */
const char *
onair_witness_entry_get_hash_prefix (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), NULL);
  return self->hash_prefix[0] != '\0' ? self->hash_prefix : NULL;
}

/**
 * onair_witness_entry_is_readable:
 *
 * Returns: %FALSE if the line is not JSON or has no seq (a damaged chain)
 */
gboolean
onair_witness_entry_is_readable (OnairWitnessEntry *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), FALSE);
  return self->index.readable;
}

/**
 * onair_witness_entry_dup_line:
 *
 * Reads the entry's line from the chain file.
 *
 * Returns: (transfer full) (nullable): the line as on disk, without its newline
 */
char *
onair_witness_entry_dup_line (OnairWitnessEntry  *self,
                              GError            **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), NULL);

  return onair_witness_read_line (self->witness, self->index.offset, self->index.length, error);
}

/**
 * onair_witness_entry_dup_object:
 *
 * Reads and parses the whole entry (seq, event, hashes, witness_timestamp), e.g. for a detail
 * pane.
 *
 * Returns: (transfer full) (nullable): the entry
 */
JsonObject *
onair_witness_entry_dup_object (OnairWitnessEntry  *self,
                                GError            **error)
{
  g_autofree char *line = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (ONAIR_IS_WITNESS_ENTRY (self), NULL);

  line = onair_witness_entry_dup_line (self, error);
  if (line == NULL)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, line, self->index.length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                   _("Line %u of the witness log is not a JSON object."), self->position + 2);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * onair_witness_entry_dup_event:
 *
 * Returns: (transfer full) (nullable): the entry's event (event_type, timestamp, params, result)
 */
JsonObject *
onair_witness_entry_dup_event (OnairWitnessEntry  *self,
                               GError            **error)
{
  g_autoptr(JsonObject) object = onair_witness_entry_dup_object (self, error);
  JsonNode *event;

  if (object == NULL)
    return NULL;

  event = json_object_get_member (object, "event");
  if (event == NULL || !JSON_NODE_HOLDS_OBJECT (event))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                   _("Entry %u of the witness log has no event."), self->position);
      return NULL;
    }

  return json_object_ref (json_node_get_object (event));
}
