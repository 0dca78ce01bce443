/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Alert sinks: the shapes of their bodies, and which addresses may carry alerts. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-alert-sinks-private.h"

G_DEFINE_QUARK (onair-alert-sinks-error-quark, onair_alert_sinks_error)

static const char *const shape_names[ONAIR_ALERT_N_SHAPES] = {
  [ONAIR_ALERT_SHAPE_JSON] = "json",
  [ONAIR_ALERT_SHAPE_SLACK] = "slack",
  [ONAIR_ALERT_SHAPE_MATTERMOST] = "mattermost",
  [ONAIR_ALERT_SHAPE_DISCORD] = "discord",
  [ONAIR_ALERT_SHAPE_MATRIX] = "matrix",
  [ONAIR_ALERT_SHAPE_NTFY] = "ntfy",
};

const char *
onair_alert_shape_to_string (OnairAlertShape shape)
{
  g_return_val_if_fail ((guint) shape < ONAIR_ALERT_N_SHAPES, NULL);

  return shape_names[shape];
}

gboolean
onair_alert_shape_from_string (const char      *string,
                               OnairAlertShape *shape)
{
  for (guint i = 0; string != NULL && i < ONAIR_ALERT_N_SHAPES; i++)
    if (g_strcmp0 (string, shape_names[i]) == 0)
      {
        *shape = i;
        return TRUE;
      }
  return FALSE;
}

const char *
onair_alert_shape_get_label (OnairAlertShape shape)
{
  switch (shape)
    {
    case ONAIR_ALERT_SHAPE_JSON:
      return _("JSON (any web service)");
    case ONAIR_ALERT_SHAPE_SLACK:
      return _("Slack");
    case ONAIR_ALERT_SHAPE_MATTERMOST:
      return _("Mattermost");
    case ONAIR_ALERT_SHAPE_DISCORD:
      return _("Discord");
    case ONAIR_ALERT_SHAPE_MATRIX:
      return _("Matrix (hook bridge)");
    case ONAIR_ALERT_SHAPE_NTFY:
      return _("ntfy");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A host that plain HTTP may reach: this machine, or a relay on the local network. */
static gboolean
host_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_autofree char *lower = g_ascii_strdown (host, -1);

  if (address != NULL)
    return g_inet_address_get_is_loopback (address)
           || g_inet_address_get_is_site_local (address)
           || g_inet_address_get_is_link_local (address);

  return g_str_equal (lower, "localhost")
         || g_str_has_suffix (lower, ".localhost")
         || g_str_has_suffix (lower, ".local")
         || g_str_has_suffix (lower, ".home.arpa")
         || strchr (lower, '.') == NULL;
}

/**
 * onair_alert_sink_check_url:
 * @url: an alert sink's address
 * @error: where to say why not
 *
 * Whether @url may carry alerts: `https://`, or `http://` only to this machine or a relay
 * on the local network, since the address itself carries the sink's token. The error never
 * repeats @url.
 *
 * Returns: %TRUE when @url may be used
 */
gboolean
onair_alert_sink_check_url (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;
  const char *host;

  if (url != NULL)
    {
      trimmed = g_strstrip (g_strdup (url));
      uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
    }
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (scheme == NULL || host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error_literal (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INVALID_URL,
                           _("This is not a web address: paste the whole webhook address, "
                             "starting with https://."));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_local (host))
    {
      g_set_error_literal (error, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_INSECURE_URL,
                           _("Plain HTTP would send the webhook’s token unencrypted over the "
                             "internet: use its https:// address (http:// is only for a relay "
                             "on this computer or the local network)."));
      return FALSE;
    }

  return TRUE;
}

/* Whether @word, or @word without the punctuation around it ("(KEY)", "“KEY”."), is or
 * carries a secret Onair holds. */
static gboolean
word_is_secret (const char *word)
{
  static const char *const quotes[] = { "“", "”", "‘", "’", "«", "»" };
  g_autofree char *trimmed = NULL;
  gsize start = 0, end = strlen (word);
  gboolean again = TRUE;

  if (onair_held_secrets_match (word))
    return TRUE;
  while (again && start < end)
    {
      again = FALSE;
      if (strchr ("()[]{}<>\"'.,;:!?", word[start]) != NULL)
        start++, again = TRUE;
      else if (strchr ("()[]{}<>\"'.,;:!?", word[end - 1]) != NULL)
        end--, again = TRUE;
      for (guint i = 0; !again && i < G_N_ELEMENTS (quotes); i++)
        {
          gsize n = strlen (quotes[i]);

          if (end - start >= n && strncmp (word + start, quotes[i], n) == 0)
            start += n, again = TRUE;
          else if (end - start >= n && strncmp (word + end - n, quotes[i], n) == 0)
            end -= n, again = TRUE;
        }
    }
  trimmed = g_strndup (word + start, end - start);
  return onair_held_secrets_match (trimmed);
}

/* Every word of @text that is or carries a secret Onair holds becomes "[redacted]": a message
 * about a stream must never take its key outside. */
static char *
scrub (const char *text)
{
  g_auto(GStrv) words = NULL;
  gboolean found = FALSE;
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  words = g_strsplit_set (text, " \n\t", -1);
  for (guint i = 0; words[i] != NULL && !found; i++)
    found = word_is_secret (words[i]);
  if (!found)
    return g_strdup (text);

  /* Keep the separators as they were, replace the words that carry a secret. */
  out = g_string_new (NULL);
  p = text;
  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize length = strlen (words[i]);

      g_string_append (out, word_is_secret (words[i]) ? "[redacted]" : words[i]);
      p += length;
      if (*p != '\0')
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *title;
  char *message;
  char *host_id;
  char *host_name;
  char *time;          /* ISO 8601 */
  char *time_short;    /* for people, local: "18:02:05" */
} Scrubbed;

static void
scrubbed_clear (Scrubbed *s)
{
  g_free (s->title);
  g_free (s->message);
  g_free (s->host_id);
  g_free (s->host_name);
  g_free (s->time);
  g_free (s->time_short);
}

static void
scrubbed_init (Scrubbed         *s,
               const OnairAlert *alert)
{
  g_autoptr(GDateTime) now = NULL;
  GDateTime *time = alert->time;

  if (time == NULL)
    time = now = g_date_time_new_now_utc ();
  s->title = scrub (alert->title != NULL ? alert->title : "");
  s->message = scrub (alert->message != NULL ? alert->message : "");
  s->host_id = scrub (alert->host_id);
  s->host_name = scrub (alert->host_name);
  s->time = g_date_time_format_iso8601 (time);
  {
    /* For people: the time of this computer's clock, as on its desktop. */
    g_autoptr(GDateTime) local = g_date_time_to_local (time);

    s->time_short = g_date_time_format (local, "%H:%M:%S");
  }
}

static const char *
status_emoji (OnairHealthStatus status)
{
  switch (status)
    {
    case ONAIR_HEALTH_CRITICAL:
      return "🔴";
    case ONAIR_HEALTH_WARNING:
      return "🟠";
    case ONAIR_HEALTH_HEALTHY:
      return "🟢";
    case ONAIR_HEALTH_UNKNOWN:
    default:
      return "⚪";
    }
}

/* A short text: the title in bold (@bold: the markdown for it, or "" for plain text), the
 * message, then where and when. */
static char *
short_text (const OnairAlert *alert,
            const Scrubbed   *s,
            const char       *bold)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s%s%s", status_emoji (alert->status), bold, s->title, bold);
  if (*s->message != '\0')
    g_string_append_printf (text, "\n%s", s->message);
  g_string_append_c (text, '\n');
  if (s->host_name != NULL || s->host_id != NULL)
    /* Translators: the last line of a chat alert: the vMix host's name, then the time */
    g_string_append_printf (text, _("%s · %s"),
                            s->host_name != NULL ? s->host_name : s->host_id, s->time_short);
  else
    g_string_append (text, s->time_short);
  return g_string_free (text, FALSE);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static GBytes *
json_text_body (const char *member,
                const char *text,
                gboolean    plain_format)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
  if (plain_format)
    {
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "plain");
    }
  json_builder_end_object (builder);
  return json_body (builder);
}

static void
add_reason (JsonBuilder       *builder,
            const char        *code,
            OnairHealthStatus  severity,
            const char        *subject,
            const char        *message)
{
  g_autofree char *scrubbed = scrub (message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code != NULL ? code : "");
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, onair_health_status_to_string (severity));
  if (subject != NULL)
    {
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, subject);
    }
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, scrubbed != NULL ? scrubbed : "");
  json_builder_end_object (builder);
}

/* The health reasons when the alert has them; else each line of the message is one (a
 * pre-flight's problems, each with what to fix). "Back to healthy" has none. */
static void
add_reasons (JsonBuilder      *builder,
             const OnairAlert *alert)
{
  json_builder_begin_array (builder);
  if (alert->reasons != NULL)
    {
      for (guint i = 0; i < alert->reasons->len; i++)
        {
          const OnairHealthReason *reason = g_ptr_array_index (alert->reasons, i);

          add_reason (builder, reason->code, reason->severity, reason->subject, reason->message);
        }
    }
  else if (alert->message != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (alert->message, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          add_reason (builder, alert->code, alert->status, NULL, lines[i]);
    }
  json_builder_end_array (builder);
}

static GBytes *
generic_body (const OnairAlert *alert,
              const Scrubbed   *s)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, onair_health_status_to_string (alert->status));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, alert->code != NULL ? alert->code : "");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, s->title);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, s->message);
  json_builder_set_member_name (builder, "reasons");
  add_reasons (builder, alert);
  json_builder_set_member_name (builder, "host");
  if (s->host_id != NULL || s->host_name != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, s->host_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, s->host_name);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, s->time);
  json_builder_end_object (builder);
  return json_body (builder);
}

/* An HTTP header value: as is when it is printable ASCII, else RFC 2047 ("=?UTF-8?B?…?="),
 * which ntfy decodes. */
static char *
header_value (const char *text)
{
  g_autofree char *base64 = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      {
        base64 = g_base64_encode ((const guchar *) text, strlen (text));
        return g_strdup_printf ("=?UTF-8?B?%s?=", base64);
      }
  return g_strdup (text);
}

/**
 * onair_alert_payload_new:
 * @shape: the sink's shape
 * @alert: the alert
 *
 * The body (and for ntfy the headers) of @alert for a sink of @shape. Any word that is or
 * carries a secret Onair holds is replaced by "[redacted]".
 *
 * Returns: (transfer full): the payload
 */
OnairAlertPayload *
onair_alert_payload_new (OnairAlertShape   shape,
                         const OnairAlert *alert)
{
  OnairAlertPayload *payload = g_new0 (OnairAlertPayload, 1);
  g_autofree char *text = NULL;
  Scrubbed s = { 0 };

  scrubbed_init (&s, alert);
  payload->content_type = g_strdup ("application/json");
  switch (shape)
    {
    case ONAIR_ALERT_SHAPE_SLACK:
      text = short_text (alert, &s, "*");
      payload->body = json_text_body ("text", text, FALSE);
      break;
    case ONAIR_ALERT_SHAPE_MATTERMOST:
    case ONAIR_ALERT_SHAPE_DISCORD:
      text = short_text (alert, &s, "**");
      payload->body = json_text_body (shape == ONAIR_ALERT_SHAPE_DISCORD ? "content" : "text",
                                      text, FALSE);
      break;
    case ONAIR_ALERT_SHAPE_MATRIX:
      text = short_text (alert, &s, "");
      payload->body = json_text_body ("text", text, TRUE);
      break;
    case ONAIR_ALERT_SHAPE_NTFY:
      {
        GString *body = g_string_new (s.message);

        if (s.host_name != NULL || s.host_id != NULL)
          g_string_append_printf (body, "\n%s", s.host_name != NULL ? s.host_name : s.host_id);
        payload->body = g_string_free_to_bytes (body);
        g_free (payload->content_type);
        payload->content_type = g_strdup ("text/plain; charset=utf-8");
        payload->title = header_value (s.title);
        payload->priority = g_strdup (alert->status == ONAIR_HEALTH_CRITICAL ? "urgent"
                                      : alert->status == ONAIR_HEALTH_WARNING ? "high"
                                      : "default");
        payload->tags = g_strdup (alert->status == ONAIR_HEALTH_CRITICAL ? "rotating_light,onair"
                                  : alert->status == ONAIR_HEALTH_WARNING ? "warning,onair"
                                  : "white_check_mark,onair");
      }
      break;
    case ONAIR_ALERT_SHAPE_JSON:
    default:
      payload->body = generic_body (alert, &s);
      break;
    }
  scrubbed_clear (&s);
  return payload;
}

void
onair_alert_payload_free (OnairAlertPayload *payload)
{
  if (payload == NULL)
    return;
  g_bytes_unref (payload->body);
  g_free (payload->content_type);
  g_free (payload->title);
  g_free (payload->priority);
  g_free (payload->tags);
  g_free (payload);
}
