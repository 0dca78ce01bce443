/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-witness-private.h"

/* Members that name a secret: dropped from events, whatever their value. */
static const char * const secret_members[] = {
  "password", "passphrase", "secret", "token", "access_token", "api_key", "apikey",
  "authorization", "auth", "credentials", "private_key", "signing_key",
};

/**
 * onair_witness_format_timestamp:
 * @datetime: (nullable): a time, or %NULL for now
 *
 * Returns: (transfer full): @datetime as RFC 3339 UTC with milliseconds,
 *   e.g. `2025-11-12T10:30:00.000Z`
 */
char *
onair_witness_format_timestamp (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;

  if (datetime == NULL)
    return onair_witness_format_timestamp_ms (g_get_real_time () / 1000);

  utc = g_date_time_to_utc (datetime);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

/**
 * onair_witness_format_timestamp_ms:
 * @unix_ms: milliseconds since the Unix epoch
 *
 * Returns: (transfer full): the timestamp as in onair_witness_format_timestamp()
 */
char *
onair_witness_format_timestamp_ms (gint64 unix_ms)
{
  gint64 seconds = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) with_ms = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  with_ms = g_date_time_add (dt, (unix_ms - seconds * 1000) * 1000);
  return onair_witness_format_timestamp (with_ms);
}

/**
 * onair_witness_parse_timestamp:
 * @text: an RFC 3339 timestamp with a zone, e.g. `2025-11-12T10:30:00.000Z`
 * @unix_ms: (out): milliseconds since the Unix epoch
 *
 * Returns: %TRUE if @text is a timestamp
 */
gboolean
onair_witness_parse_timestamp (const char *text,
                               gint64     *unix_ms)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (unix_ms != NULL, FALSE);

  return onair_witness_parse_timestamp_len (text, strlen (text), unix_ms);
}

/**
 * onair_witness_redact_url:
 * @url: a URL as configured, e.g. `rtmp://user:pw@host/app?key=x`
 *
 * Removes the user info, query and fragment of @url, where credentials and keys hide, keeping
 * scheme, host, port and path. The path is kept as written: a stream key appended to a path
 * cannot be recognized, so callers pass the server URL without the key.
 *
 * Returns: (transfer full): the redacted URL, or "[redacted]" if @url cannot be parsed
 */
char *
onair_witness_redact_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    return g_strdup ("[redacted]");

  clean = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);

  return g_uri_to_string (clean);
}

static gboolean
is_secret_member (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_members); i++)
    if (g_ascii_strcasecmp (name, secret_members[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
looks_like_url (const char *str)
{
  const char *sep = strstr (str, "://");

  if (sep == NULL || sep == str)
    return FALSE;

  for (const char *p = str; p < sep; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;

  return TRUE;
}

static void redact_node (JsonNode *node);

static void
redact_object (JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);

      gboolean is_stream_key = g_ascii_strcasecmp (name, "stream_key") == 0 ||
                               g_ascii_strcasecmp (name, "streamkey") == 0 ||
                               (g_ascii_strcasecmp (name, "key") == 0 &&
                                json_object_has_member (object, "destination"));

      if (is_stream_key)
        {
          /* A stream key becomes its fingerprint. */
          if (JSON_NODE_HOLDS_VALUE (member) &&
              json_node_get_value_type (member) == G_TYPE_STRING &&
              !json_object_has_member (object, "key_fingerprint"))
            {
              g_autofree char *fingerprint = onair_key_fingerprint (json_node_get_string (member));

              json_object_set_string_member (object, "key_fingerprint", fingerprint);
            }
          json_object_remove_member (object, name);
        }
      else if (is_secret_member (name))
        {
          json_object_remove_member (object, name);
        }
      else
        {
          redact_node (member);
        }
    }
}

static void
redact_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      redact_object (json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          redact_node (json_array_get_element (array, i));
        break;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          looks_like_url (json_node_get_string (node)))
        {
          g_autofree char *redacted = onair_witness_redact_url (json_node_get_string (node));

          json_node_set_string (node, redacted);
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * onair_witness_redact_object:
 * @object: event params or result
 *
 * The safety net that keeps secrets out of the chain, applied by onair_witness_event_new():
 * members named like a secret (password, passphrase, token, …) are removed; a `stream_key`
 * (or a `key` beside a `destination`) is replaced by its `key_fingerprint`; every string that is
 * a URL loses its user info, query and fragment. Recurses into nested objects and arrays.
 */
void
onair_witness_redact_object (JsonObject *object)
{
  g_return_if_fail (object != NULL);

  redact_object (object);
}

/**
 * onair_witness_event_new:
 * @event_type: e.g. "stream_started"
 * @timestamp: (nullable): when the operation was requested, %NULL for now
 * @params: (transfer full) (nullable): what was asked
 * @result: (transfer full) (nullable): what happened, see onair_witness_result_new()
 *
 * Builds an event for onair_witness_append(). @params and @result are redacted with
 * onair_witness_redact_object() first; an absent @result means success.
 *
 * Returns: (transfer full): the event object
 */
JsonObject *
onair_witness_event_new (const char *event_type,
                         GDateTime  *timestamp,
                         JsonObject *params,
                         JsonObject *result)
{
  JsonObject *event;
  g_autofree char *ts = NULL;
  g_autoptr(JsonObject) owned_params = params;
  g_autoptr(JsonObject) owned_result = result;

  g_return_val_if_fail (event_type != NULL && *event_type != '\0', NULL);

  if (owned_params == NULL)
    owned_params = json_object_new ();
  if (owned_result == NULL)
    owned_result = onair_witness_result_new (TRUE);

  onair_witness_redact_object (owned_params);
  onair_witness_redact_object (owned_result);
  ts = onair_witness_format_timestamp (timestamp);

  event = json_object_new ();
  json_object_set_string_member (event, "event_type", event_type);
  json_object_set_string_member (event, "timestamp", ts);
  json_object_set_object_member (event, "params", g_steal_pointer (&owned_params));
  json_object_set_object_member (event, "result", g_steal_pointer (&owned_result));

  return event;
}

/**
 * onair_witness_result_new:
 * @success: whether the operation succeeded
 *
 * Returns: (transfer full): `{"success": success}`, to which callers add details
 */
JsonObject *
onair_witness_result_new (gboolean success)
{
  JsonObject *result = json_object_new ();

  json_object_set_boolean_member (result, "success", success);
  return result;
}

/**
 * onair_witness_result_new_failure:
 * @error_code: a stable machine-readable code, e.g. "vmix-timeout"
 * @message: (nullable): a human-readable explanation
 *
 * Returns: (transfer full): `{"success": false, "error_code": …, "message": …}`
 */
JsonObject *
onair_witness_result_new_failure (const char *error_code,
                                  const char *message)
{
  JsonObject *result = onair_witness_result_new (FALSE);

  g_return_val_if_fail (error_code != NULL, result);

  json_object_set_string_member (result, "error_code", error_code);
  if (message != NULL)
    json_object_set_string_member (result, "message", message);
  return result;
}

/**
 * onair_witness_result_new_from_error:
 * @error: what went wrong
 *
 * Returns: (transfer full): a failure result whose error_code is "<domain>:<code>"
 */
JsonObject *
onair_witness_result_new_from_error (const GError *error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  code = g_strdup_printf ("%s:%d", g_quark_to_string (error->domain), error->code);
  return onair_witness_result_new_failure (code, error->message);
}

/* Parameters of events */

/**
 * onair_srt_profile_to_witness:
 *
 * Returns: (transfer full): the profile as witness parameters: no passphrase, only
 *   whether one is set; the address without user info or query
 */
JsonObject *
onair_srt_profile_to_witness (const OnairSrtProfile *profile)
{
  JsonObject *object = json_object_new ();
  g_autofree char *address = onair_witness_redact_url (profile->address);

  json_object_set_string_member (object, "mode", onair_srt_mode_to_string (profile->mode));
  json_object_set_string_member (object, "address", address);
  json_object_set_int_member (object, "latency_ms", profile->latency_ms);
  /* Stream ids often carry access tokens (e.g. "#!::r=live,s=<token>"): only a fingerprint. */
  if (profile->stream_id != NULL && *profile->stream_id != '\0')
    {
      g_autofree char *fingerprint = onair_key_fingerprint (profile->stream_id);

      json_object_set_string_member (object, "stream_id_fingerprint", fingerprint);
    }
  json_object_set_boolean_member (object, "passphrase_set", profile->has_passphrase);
  return object;
}
