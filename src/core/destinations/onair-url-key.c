/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onair-presets.h"
#include "onair-url.h"
#include "onair-url-key.h"

/* A stream key pasted into a server URL ends up in plain settings, on screen and in the
 * witness log for good. This finds such a key, and what the URL is without it, so that the
 * destination dialog can refuse to save and offer to move the key to the keyring. */

/* @url without a trailing '/' (Facebook's …/rtmp/ and …/rtmp are the same server). */
static char *
trim_slash (const char *url)
{
  gsize length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    length--;
  return g_strndup (url, length);
}

/* Where the path starts: after "scheme://authority". */
static const char *
path_start (const char *url)
{
  const char *authority = strstr (url, "://");

  if (authority == NULL)
    return NULL;
  authority += 3;
  return authority + strcspn (authority, "/?#");
}

static gboolean
take (char       **out_server,
      char       **out_key,
      char        *server,
      const char  *key)
{
  g_autofree char *trimmed_key = trim_slash (key);

  if (*trimmed_key == '\0')
    {
      g_free (server);
      return FALSE;
    }
  *out_server = server;
  *out_key = g_steal_pointer (&trimmed_key);
  return TRUE;
}

typedef enum
{
  NOT_KNOWN,
  KNOWN_SERVER,   /* a platform's address as it is, its own query string included */
  KEY_AFTER,      /* a platform's address with something after it: the key */
} Known;

static Known
find_after_known_server (const char  *url,
                         char       **out_server,
                         char       **out_key)
{
  GListModel *presets = onair_presets_get_default ();
  g_autofree char *trimmed = trim_slash (url);

  /* Exact addresses first: YouTube's backup (…/live2?backup=1) is not its primary
   * address with a key after it. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
      {
        g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);

        for (guint j = 0; j < onair_preset_get_n_servers (preset); j++)
          {
            const char *server = onair_preset_get_server_url (preset, j);
            g_autofree char *base = trim_slash (server);
            gsize length = strlen (base);

            if (pass == 0 && g_ascii_strcasecmp (trimmed, base) == 0)
              return KNOWN_SERVER;
            if (pass == 1 && length > 0 && g_ascii_strncasecmp (url, base, length) == 0 &&
                (url[length] == '/' || url[length] == '?') &&
                take (out_server, out_key, g_strdup (server), url + length + 1))
              return KEY_AFTER;
          }
      }
  return NOT_KNOWN;
}

/**
 * onair_url_find_key:
 * @url: a server URL as the producer entered it
 * @out_server: (out) (transfer full): @url without the part that looks like a key
 * @out_key: (out) (transfer full): that part: the stream key as far as can be told
 *
 * Looks for a stream key inside a server URL: a user name or password (the password, or
 * the name when there is none, is taken), a path after a known platform server's address,
 * a query string, or a random-looking path segment after the application name.
 *
 * Returns: %TRUE when @url carries something that looks like a key
 */
gboolean
onair_url_find_key (const char  *url,
                    char       **out_server,
                    char       **out_key)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;
  const char *query;
  const char *last_slash;
  const char *end;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (out_server != NULL && out_key != NULL, FALSE);

  *out_server = NULL;
  *out_key = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || (path = path_start (url)) == NULL)
    return FALSE;

  /* rtmp://name:secret@host/app: the secret (or the name) goes, and so does the '@'. */
  if (g_uri_get_user (uri) != NULL)
    {
      const char *authority = strstr (url, "://") + 3;
      const char *at = memchr (authority, '@', path - authority);
      const char *password = g_uri_get_password (uri);
      g_autofree char *user = g_uri_unescape_string (g_uri_get_user (uri), NULL);
      g_autofree char *secret = password ? g_uri_unescape_string (password, NULL) : NULL;

      if (at == NULL)
        return FALSE;
      *out_server = g_strconcat (g_uri_get_scheme (uri), "://", at + 1, NULL);
      *out_key = g_strdup (secret != NULL && *secret != '\0' ? secret : user ? user : "");
      return TRUE;
    }

  switch (find_after_known_server (url, out_server, out_key))
    {
    case KNOWN_SERVER:
      return FALSE;
    case KEY_AFTER:
      return TRUE;
    case NOT_KNOWN:
    default:
      break;
    }

  /* The key is the last path segment with what follows it, when there is an application
   * name before it; else, of a query string, what follows the '?'. */
  query = strchr (path, '?');
  end = query != NULL ? query : path + strlen (path);
  while (end > path && end[-1] == '/')
    end--;
  last_slash = g_strrstr_len (path, end - path, "/");

  if (query != NULL && query[1] != '\0')
    {
      if (last_slash != NULL && last_slash > path)
        return take (out_server, out_key, g_strndup (url, last_slash - url), last_slash + 1);
      return take (out_server, out_key, g_strndup (url, query - url), query + 1);
    }

  if (last_slash != NULL && last_slash > path)
    {
      g_autofree char *segment = g_strndup (last_slash + 1, end - last_slash - 1);

      if (onair_url_segment_looks_like_key (segment))
        return take (out_server, out_key, g_strndup (url, last_slash - url), last_slash + 1);
    }
  return FALSE;
}
