/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-witness-describe.h"

/*
 * Witness events in a producer's words: "Stream started outside Onair", "Stream 1 · YouTube
 * primary" for `channel: 0`, a failure's message. The chain keeps the raw values; these are
 * for people (the viewer, the audit report) and say nothing the event does not.
 */

typedef struct {
  const char *type;
  const char *name;
  const char *outside;  /* the name when params.by is "outside", or NULL */
} TypeName;

static const TypeName type_names[] = {
  { "chain_created", N_("Witness log created"), NULL },
  { "app_started", N_("Onair started"), NULL },
  { "connection_established", N_("Connected to vMix"), NULL },
  { "connection_lost", N_("Connection to vMix lost"), NULL },
  { "stream_started", N_("Stream started"), N_("Stream started outside Onair") },
  { "stream_stopped", N_("Stream stopped"), N_("Stream stopped outside Onair") },
  { "stream_lost", N_("Stream lost"), N_("Stream lost: not stopped by Onair") },
  { "srt_output_started", N_("SRT output started"), N_("SRT output started outside Onair") },
  { "srt_output_stopped", N_("SRT output stopped"), N_("SRT output stopped outside Onair") },
  { "recording_started", N_("Recording started"), N_("Recording started outside Onair") },
  { "recording_stopped", N_("Recording stopped"), N_("Recording stopped outside Onair") },
  { "destination_saved", N_("Destination saved"), NULL },
  { "destination_deleted", N_("Destination deleted"), NULL },
  { "stream_key_changed", N_("Stream key changed"), NULL },
  { "settings_changed", N_("Setting changed"), NULL },
  { "health_alert", N_("Health alert"), NULL },
  { "vmix_function", N_("vMix function called"), NULL },
  { "chain_verified", N_("Witness log verified"), NULL },
  { "chain_repaired", N_("Witness log repaired"), NULL },
  { "export_created", N_("Witness log exported"), NULL },
};

static const TypeName *
find_type (const char *event_type)
{
  if (event_type == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (type_names[i].type, event_type))
      return &type_names[i];
  return NULL;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  const char *value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

/**
 * onair_witness_event_type_name:
 * @event_type: an event type, e.g. "stream_started"
 *
 * Returns: (nullable): its name in words, translated ("Stream started"), or %NULL for a type
 *   this version does not know (show the type itself)
 */
const char *
onair_witness_event_type_name (const char *event_type)
{
  const TypeName *known = find_type (event_type);

  return known != NULL ? _(known->name) : NULL;
}

/**
 * onair_witness_event_is_outside:
 *
 * Returns: whether the event is one Onair saw rather than did (`params.by` is "outside")
 */
gboolean
onair_witness_event_is_outside (JsonObject *event)
{
  return g_strcmp0 (get_string_member (get_object_member (event, "params"), "by"),
                    "outside") == 0;
}

/**
 * onair_witness_describe_event:
 * @event: a witness event
 *
 * Returns: (transfer full): what happened in words, "outside Onair" included: "Stream started
 *   outside Onair"; an unknown type as it is
 */
char *
onair_witness_describe_event (JsonObject *event)
{
  const char *type = get_string_member (event, "event_type");
  const TypeName *known = find_type (type);

  if (type == NULL)
    return g_strdup (_("Unreadable event"));
  if (known == NULL)
    {
      if (onair_witness_event_is_outside (event))
        /* Translators: an event type this version does not know, seen outside Onair */
        return g_strdup_printf (_("%s (outside Onair)"), type);
      return g_strdup (type);
    }
  if (onair_witness_event_is_outside (event))
    {
      if (known->outside != NULL)
        return g_strdup (_(known->outside));
      return g_strdup_printf (_("%s (outside Onair)"), _(known->name));
    }
  return g_strdup (_(known->name));
}

/**
 * onair_witness_event_get_host_name:
 *
 * Returns: (nullable): the name of the vMix host the event is about (`params.host.name`)
 */
const char *
onair_witness_event_get_host_name (JsonObject *event)
{
  JsonObject *host = get_object_member (get_object_member (event, "params"), "host");
  const char *name = get_string_member (host, "name");

  return name != NULL ? name : get_string_member (host, "id");
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static const char *
health_status_name (const char *status)
{
  if (g_strcmp0 (status, "critical") == 0)
    return _("Critical");
  if (g_strcmp0 (status, "warning") == 0)
    return _("Warning");
  if (g_strcmp0 (status, "healthy") == 0)
    return _("Healthy");
  if (g_strcmp0 (status, "unknown") == 0)
    return _("Unknown");
  return status;
}

/* "Critical · The stream on Stream 2 dropped": the new status and its first reason. */
static void
describe_health (GString    *text,
                 JsonObject *params)
{
  JsonNode *node = json_object_get_member (params, "reasons");

  append_part (text, health_status_name (get_string_member (params, "status")));
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (node), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        append_part (text, get_string_member (json_node_get_object (first), "message"));
    }
}

/**
 * onair_witness_describe_target:
 * @event: a witness event
 *
 * Returns: (transfer full) (nullable): what the event was about, numbers counted as people
 *   count them: "Stream 1 · YouTube primary" for `channel: 0`, "Output 2" for `output: 1`,
 *   the status of a health alert, a setting's key, an export's file, a vMix function
 */
char *
onair_witness_describe_target (JsonObject *event)
{
  static const char * const names[] = {
    "destination_name", "name", "destination", "key", "file", "function", "vmix", NULL
  };
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *params = get_object_member (event, "params");
  gint64 number;

  if (params == NULL)
    return NULL;

  if (get_int_member (params, "channel", &number))
    {
      g_autofree char *channel = NULL;

      /* Translators: a vMix stream channel; the log counts from 0, producers from 1 */
      channel = g_strdup_printf (_("Stream %d"), (int) number + 1);
      append_part (text, channel);
    }
  if (get_int_member (params, "output", &number))
    {
      g_autofree char *output = NULL;

      /* Translators: a vMix output; the log counts from 0, producers from 1 */
      output = g_strdup_printf (_("Output %d"), (int) number + 1);
      append_part (text, output);
    }

  if (g_strcmp0 (get_string_member (event, "event_type"), "health_alert") == 0)
    describe_health (text, params);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = get_string_member (params, names[i]);

      if (value != NULL)
        {
          append_part (text, value);
          break;
        }
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/**
 * onair_witness_describe_failure:
 * @event: a witness event
 *
 * Returns: (transfer full) (nullable): the result's message (or error code) of a failed
 *   event, %NULL for an event that succeeded or says nothing
 */
char *
onair_witness_describe_failure (JsonObject *event)
{
  JsonObject *result = get_object_member (event, "result");
  JsonNode *success = result != NULL ? json_object_get_member (result, "success") : NULL;
  const char *message;

  if (success == NULL || json_node_get_value_type (success) != G_TYPE_BOOLEAN ||
      json_node_get_boolean (success))
    return NULL;
  message = get_string_member (result, "message");
  if (message == NULL)
    message = get_string_member (result, "error_code");
  return g_strdup (message);
}

/**
 * onair_witness_describe_numbers:
 * @event: a witness event
 *
 * Returns: (transfer full) (nullable): the numbers of onair_witness_describe_target() beside
 *   the raw values the log keeps, one a line: "Stream 1 (channel: 0)"
 */
char *
onair_witness_describe_numbers (JsonObject *event)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *params = get_object_member (event, "params");
  gint64 number;

  if (get_int_member (params, "channel", &number))
    /* Translators: "Stream 1 (channel: 0)": as counted by people, then as in the log */
    g_string_append_printf (text, _("Stream %d (channel: %d)"), (int) number + 1, (int) number);
  if (get_int_member (params, "output", &number))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: "Output 1 (output: 0)": as counted by people, then as in the log */
      g_string_append_printf (text, _("Output %d (output: %d)"), (int) number + 1, (int) number);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}
