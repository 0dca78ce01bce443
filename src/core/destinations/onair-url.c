/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onair-url.h"

G_DEFINE_QUARK (onair-destination-error-quark, onair_destination_error)

/* Query parameters that carry a secret when someone pastes a full URL from a platform or
 * an SRT caller string; they must go to the keyring, not to GSettings. */
static const char * const secret_query_names[] = {
  "key", "streamkey", "stream_key", "passphrase", "password", "pass", "pwd", "secret", "token",
};

static gboolean
scheme_allowed (const char   *scheme,
                OnairUrlKind  kind)
{
  switch (kind)
    {
    case ONAIR_URL_KIND_RTMP:
      return g_str_equal (scheme, "rtmp") || g_str_equal (scheme, "rtmps");
    case ONAIR_URL_KIND_SRT:
      return g_str_equal (scheme, "srt");
    case ONAIR_URL_KIND_INGEST_STATS:
      return g_str_equal (scheme, "http") || g_str_equal (scheme, "https");
    default:
      g_assert_not_reached ();
    }
}

static void
set_scheme_error (OnairUrlKind   kind,
                  GError       **error)
{
  switch (kind)
    {
    case ONAIR_URL_KIND_RTMP:
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_SCHEME,
                           _("The server URL must start with rtmp:// or rtmps://."));
      break;
    case ONAIR_URL_KIND_SRT:
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_SCHEME,
                           _("The SRT address must start with srt://."));
      break;
    case ONAIR_URL_KIND_INGEST_STATS:
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_SCHEME,
                           _("The ingest statistics address must start with http:// or https://."));
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
has_prefix_and_length (const char *segment,
                       const char *prefix,
                       gsize       min_length)
{
  return g_str_has_prefix (segment, prefix) && strlen (segment) >= min_length;
}

/* YouTube's keys: groups of four letters or digits joined by dashes (xxxx-xxxx-xxxx-xxxx-xxxx). */
static gboolean
looks_like_dashed_groups (const char *segment)
{
  g_auto(GStrv) groups = g_strsplit (segment, "-", -1);
  guint n_groups = g_strv_length (groups);

  if (n_groups < 4)
    return FALSE;

  for (guint i = 0; i < n_groups; i++)
    {
      if (strlen (groups[i]) != 4)
        return FALSE;
      for (const char *p = groups[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p))
          return FALSE;
    }

  return TRUE;
}

/**
 * onair_url_segment_looks_like_key:
 * @segment: one path segment, as it appears in the URL
 *
 * Guesses whether @segment is a stream key rather than an application name such as
 * `app`, `live2` or `rtmp`: the shapes of the platforms' keys (Twitch `live_…`, Kick `sk_…`,
 * Restream `re_…`, Facebook `FB-…`, YouTube's dashed groups) or a long random-looking token
 * that mixes letters and digits.
 *
 * Returns: %TRUE when @segment looks like a key
 */
gboolean
onair_url_segment_looks_like_key (const char *segment)
{
  gsize length;
  guint letters = 0;
  guint digits = 0;
  guint transitions = 0;
  int previous_class = 0;

  g_return_val_if_fail (segment != NULL, FALSE);

  length = strlen (segment);
  if (length < 12)
    return FALSE;

  for (const char *p = segment; *p != '\0'; p++)
    {
      int char_class;

      if (g_ascii_isalpha (*p))
        {
          letters++;
          char_class = 1;
        }
      else if (g_ascii_isdigit (*p))
        {
          digits++;
          char_class = 2;
        }
      else if (*p == '-' || *p == '_' || *p == '.')
        {
          continue;
        }
      else
        {
          /* Keys are plain tokens; anything else is a name someone typed. */
          return FALSE;
        }

      if (previous_class != 0 && char_class != previous_class)
        transitions++;
      previous_class = char_class;
    }

  if (has_prefix_and_length (segment, "live_", 20) ||
      has_prefix_and_length (segment, "sk_", 20) ||
      has_prefix_and_length (segment, "re_", 16) ||
      has_prefix_and_length (segment, "FB-", 16))
    return TRUE;

  if (looks_like_dashed_groups (segment))
    return TRUE;

  /* Letters and digits interleaved is what random tokens look like; names put a number
   * at the end at most (show2024, live2). */
  if (length >= 16 && letters >= 4 && digits >= 2 && transitions >= 3)
    return TRUE;

  if (length >= 32 && letters > 0 && digits > 0)
    return TRUE;

  return FALSE;
}

static gboolean
path_ends_with_key (const char *path)
{
  g_auto(GStrv) segments = NULL;
  guint n_segments;

  if (path == NULL || *path == '\0')
    return FALSE;

  segments = g_strsplit (path, "/", -1);
  n_segments = g_strv_length (segments);

  /* A trailing slash (Facebook's …/rtmp/) leaves an empty last segment. */
  for (guint i = n_segments; i > 0; i--)
    {
      if (*segments[i - 1] != '\0')
        return onair_url_segment_looks_like_key (segments[i - 1]);
    }

  return FALSE;
}

static gboolean
query_has_secret (const char *query)
{
  g_auto(GStrv) params = NULL;

  if (query == NULL || *query == '\0')
    return FALSE;

  params = g_strsplit (query, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      const char *equals = strchr (params[i], '=');
      g_autofree char *name = NULL;

      if (equals == NULL || equals[1] == '\0')
        continue;

      name = g_ascii_strdown (params[i], equals - params[i]);
      for (guint j = 0; j < G_N_ELEMENTS (secret_query_names); j++)
        {
          if (g_str_equal (name, secret_query_names[j]))
            return TRUE;
        }
    }

  return FALSE;
}

static void
set_error_from_uri_error (const GError  *uri_error,
                          GError       **error)
{
  if (g_error_matches (uri_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT))
    g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_PORT,
                         _("The port in the URL must be a number from 1 to 65535."));
  else if (g_error_matches (uri_error, G_URI_ERROR, G_URI_ERROR_BAD_HOST))
    g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_NO_HOST,
                         _("The server name in the URL is not valid: check it for typing "
                           "mistakes."));
  else if (g_error_matches (uri_error, G_URI_ERROR, G_URI_ERROR_BAD_USER) ||
           g_error_matches (uri_error, G_URI_ERROR, G_URI_ERROR_BAD_PASSWORD) ||
           g_error_matches (uri_error, G_URI_ERROR, G_URI_ERROR_BAD_AUTH_PARAMS))
    g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_USER_INFO,
                         _("Remove the user name and password from the URL and enter them "
                           "in their own fields."));
  else
    g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_URL,
                         _("The URL is not valid: check it for typing mistakes, or copy it "
                           "again from the platform."));
}

/**
 * onair_url_validate:
 * @url: the URL as the producer entered it
 * @kind: what the URL is for
 * @out_warnings: (out) (optional): things worth saying about a valid URL
 * @error: return location for an %ONAIR_DESTINATION_ERROR
 *
 * Checks a destination's URL: a scheme allowed for @kind, a server name, a port from
 * 1 to 65535 when one is given, and no user name or password inside the URL. A URL that
 * passes may still carry warnings, e.g. %ONAIR_URL_WARNING_KEY_IN_URL when the last path
 * segment looks like a stream key; the caller decides whether to insist.
 *
 * Error messages never quote the URL, which may contain a key.
 *
 * Returns: %TRUE when @url is valid for @kind
 */
gboolean
onair_url_validate (const char        *url,
                    OnairUrlKind       kind,
                    OnairUrlWarnings  *out_warnings,
                    GError           **error)
{
  g_autoptr(GError) uri_error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *scheme_lower = NULL;
  OnairUrlWarnings warnings = ONAIR_URL_WARNING_NONE;
  const char *host;
  int port;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_warnings != NULL)
    *out_warnings = ONAIR_URL_WARNING_NONE;

  if (*url == '\0')
    {
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_URL,
                           _("Enter the server URL, for example rtmp://live.example.com/app."));
      return FALSE;
    }

  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_URL,
                               _("The URL contains spaces or invisible characters: remove them."));
          return FALSE;
        }
    }

  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL)
    {
      set_scheme_error (kind, error);
      return FALSE;
    }

  scheme_lower = g_ascii_strdown (scheme, -1);
  if (!scheme_allowed (scheme_lower, kind))
    {
      set_scheme_error (kind, error);
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &uri_error);
  if (uri == NULL)
    {
      set_error_from_uri_error (uri_error, error);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_NO_HOST,
                           _("The URL names no server: write it as scheme://server/path."));
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_USER_INFO,
                           _("Remove the user name and password from the URL and enter them "
                             "in their own fields."));
      return FALSE;
    }

  port = g_uri_get_port (uri);
  if (port == 0 || port > 65535)
    {
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_PORT,
                           _("The port in the URL must be a number from 1 to 65535."));
      return FALSE;
    }

  if (path_ends_with_key (g_uri_get_path (uri)) || query_has_secret (g_uri_get_query (uri)))
    warnings |= ONAIR_URL_WARNING_KEY_IN_URL;

  if (out_warnings != NULL)
    *out_warnings = warnings;

  return TRUE;
}

/**
 * onair_url_warnings_to_string:
 * @warnings: warnings from onair_url_validate()
 *
 * Returns: (nullable): a translated sentence for the most important warning in @warnings,
 *   or %NULL when there is none
 */
const char *
onair_url_warnings_to_string (OnairUrlWarnings warnings)
{
  if (warnings & ONAIR_URL_WARNING_KEY_IN_URL)
    return _("The URL seems to contain a stream key. Remove it and enter the key in the key field: "
             "keys are kept in the keyring, URLs in plain settings.");

  return NULL;
}
