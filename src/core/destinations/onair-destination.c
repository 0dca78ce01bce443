/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-destination-private.h"
#include "onair-fingerprint.h"
#include "onair-url-key.h"

/* The destination as GSettings keeps it (struct in onair-destination-private.h); its secrets
 * in the keyring are onair-destination-secrets.c. */

G_DEFINE_FINAL_TYPE (OnairDestination, onair_destination, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PRESET_ID,
  PROP_SERVER_URL,
  PROP_USERNAME,
  PROP_INGEST_STATS_URL,
  PROP_KEY_ID,
  PROP_KEY_FINGERPRINT,
  PROP_HAS_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onair_destination_finalize (GObject *object)
{
  OnairDestination *self = (OnairDestination *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->preset_id, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->ingest_stats_url, g_free);
  g_clear_pointer (&self->key_id, g_free);
  g_clear_pointer (&self->key_fingerprint, g_free);

  G_OBJECT_CLASS (onair_destination_parent_class)->finalize (object);
}

static void
onair_destination_constructed (GObject *object)
{
  OnairDestination *self = (OnairDestination *) object;

  G_OBJECT_CLASS (onair_destination_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
}

static void
onair_destination_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OnairDestination *self = ONAIR_DESTINATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PRESET_ID:
      g_value_set_string (value, self->preset_id);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_INGEST_STATS_URL:
      g_value_set_string (value, self->ingest_stats_url);
      break;
    case PROP_KEY_ID:
      g_value_set_string (value, self->key_id);
      break;
    case PROP_KEY_FINGERPRINT:
      g_value_set_string (value, self->key_fingerprint);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, onair_destination_has_key (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_destination_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OnairDestination *self = ONAIR_DESTINATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      {
        const char *id = g_value_get_string (value);

        g_return_if_fail (id == NULL || g_uuid_string_is_valid (id));
        self->id = g_strdup (id);
      }
      break;
    case PROP_NAME:
      onair_destination_set_name (self, g_value_get_string (value));
      break;
    case PROP_PRESET_ID:
      onair_destination_set_preset_id (self, g_value_get_string (value));
      break;
    case PROP_SERVER_URL:
      onair_destination_set_server_url (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      onair_destination_set_username (self, g_value_get_string (value));
      break;
    case PROP_INGEST_STATS_URL:
      onair_destination_set_ingest_stats_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_destination_class_init (OnairDestinationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onair_destination_finalize;
  object_class->constructed = onair_destination_constructed;
  object_class->get_property = onair_destination_get_property;
  object_class->set_property = onair_destination_set_property;

  /**
   * OnairDestination:id:
   *
   * A UUID, fixed at creation; the keyring files the destination's secrets under it.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_PRESET_ID] = g_param_spec_string ("preset-id", NULL, NULL, "", rw);
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, "", rw);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_INGEST_STATS_URL] =
    g_param_spec_string ("ingest-stats-url", NULL, NULL, NULL, rw);

  /**
   * OnairDestination:key-id:
   *
   * The `id` attribute of the destination's stream key in the keyring, or %NULL
   * when no key has been stored.
   */
  properties[PROP_KEY_ID] = g_param_spec_string ("key-id", NULL, NULL, NULL, ro);

  /**
   * OnairDestination:key-fingerprint:
   *
   * onair_key_fingerprint() of the stored key: the only way a key is named in logs,
   * witness events and the UI.
   */
  properties[PROP_KEY_FINGERPRINT] = g_param_spec_string ("key-fingerprint", NULL, NULL, NULL, ro);
  properties[PROP_HAS_KEY] = g_param_spec_boolean ("has-key", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onair_destination_init (OnairDestination *self)
{
  self->name = g_strdup ("");
  self->preset_id = g_strdup ("");
  self->server_url = g_strdup ("");
}

/**
 * onair_destination_new:
 * @preset_id: (nullable): the platform preset, e.g. `twitch`
 *
 * Creates a destination with a new random id and no key.
 *
 * Returns: (transfer full): a new destination
 */
OnairDestination *
onair_destination_new (const char *preset_id)
{
  return g_object_new (ONAIR_TYPE_DESTINATION,
                       "preset-id", preset_id,
                       NULL);
}

static void
set_invalid_data_error (GError     **error,
                        const char  *field)
{
  g_set_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_DATA,
               _("A saved destination cannot be read (field “%s”): edit or delete it."), field);
}

/* Looks up an optional string; a value of another type is an error, not an absence. */
static gboolean
lookup_string (GVariant    *dict,
               const char  *key,
               char       **out_value,
               GError     **error)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, NULL);

  *out_value = NULL;

  if (value == NULL)
    return TRUE;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      set_invalid_data_error (error, key);
      return FALSE;
    }

  *out_value = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gchar *
nonempty_or_null (char *value)
{
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

/**
 * onair_destination_new_from_variant:
 * @variant: an `a{sv}` from onair_destination_to_variant()
 * @error: return location for an %ONAIR_DESTINATION_ERROR_INVALID_DATA
 *
 * Restores a destination saved in GSettings. Unknown entries are ignored, so that
 * settings written by a newer Onair still load.
 *
 * Returns: (transfer full) (nullable): the destination, or %NULL with @error set
 */
OnairDestination *
onair_destination_new_from_variant (GVariant  *variant,
                                    GError   **error)
{
  g_autoptr(OnairDestination) self = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *preset_id = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *ingest_stats_url = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *key_fingerprint = NULL;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    {
      set_invalid_data_error (error, "a{sv}");
      return NULL;
    }

  if (!lookup_string (variant, "id", &id, error) ||
      !lookup_string (variant, "name", &name, error) ||
      !lookup_string (variant, "preset", &preset_id, error) ||
      !lookup_string (variant, "server-url", &server_url, error) ||
      !lookup_string (variant, "username", &username, error) ||
      !lookup_string (variant, "ingest-stats-url", &ingest_stats_url, error) ||
      !lookup_string (variant, "key-id", &key_id, error) ||
      !lookup_string (variant, "key-fingerprint", &key_fingerprint, error))
    return NULL;

  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      set_invalid_data_error (error, "id");
      return NULL;
    }

  self = g_object_new (ONAIR_TYPE_DESTINATION,
                       "id", id,
                       "name", name,
                       "preset-id", preset_id,
                       "server-url", server_url,
                       "username", username,
                       "ingest-stats-url", ingest_stats_url,
                       NULL);

  self->key_id = nonempty_or_null (g_steal_pointer (&key_id));
  if (self->key_id != NULL)
    self->key_fingerprint = nonempty_or_null (g_steal_pointer (&key_fingerprint));
  /* Its key is one Onair holds: redacted wherever it turns up, before it is ever read. */
  if (self->key_fingerprint != NULL)
    onair_held_secrets_add_fingerprint (self->key_fingerprint);

  return g_steal_pointer (&self);
}

/**
 * onair_destination_to_variant:
 * @self: a destination
 *
 * Serialises @self for GSettings as an `a{sv}` with the entries `id`, `name`, `preset`,
 * `server-url` and, when set, `username`, `ingest-stats-url`, `key-id` and
 * `key-fingerprint`. The key itself is never part of it.
 *
 * Returns: (transfer floating): the destination as `a{sv}`
 */
GVariant *
onair_destination_to_variant (OnairDestination *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);

  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (self->id));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (self->name));
  g_variant_builder_add (&builder, "{sv}", "preset", g_variant_new_string (self->preset_id));
  g_variant_builder_add (&builder, "{sv}", "server-url", g_variant_new_string (self->server_url));

  if (self->username != NULL)
    g_variant_builder_add (&builder, "{sv}", "username", g_variant_new_string (self->username));
  if (self->ingest_stats_url != NULL)
    g_variant_builder_add (&builder, "{sv}", "ingest-stats-url",
                           g_variant_new_string (self->ingest_stats_url));
  if (self->key_id != NULL)
    g_variant_builder_add (&builder, "{sv}", "key-id", g_variant_new_string (self->key_id));
  if (self->key_fingerprint != NULL)
    g_variant_builder_add (&builder, "{sv}", "key-fingerprint",
                           g_variant_new_string (self->key_fingerprint));

  return g_variant_builder_end (&builder);
}

/**
 * onair_destination_get_id:
 * @self: a destination
 *
 * Returns: the destination's UUID
 */
const char *
onair_destination_get_id (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->id;
}

/**
 * onair_destination_get_name:
 * @self: a destination
 *
 * Returns: the name the producer gave the destination, possibly empty
 */
const char *
onair_destination_get_name (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->name;
}

/* Sets the string @field, and notifies @prop_id when it changed. */
static void
set_string (OnairDestination *self,
            char            **field,
            const char       *value,
            guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* An optional string: empty means none. */
static const char *
empty_to_null (const char *value)
{
  return value != NULL && *value == '\0' ? NULL : value;
}

/**
 * onair_destination_set_name:
 * @self: a destination
 * @name: (nullable): a name such as "Twitch main"
 */
void
onair_destination_set_name (OnairDestination *self,
                            const char       *name)
{
  g_return_if_fail (ONAIR_IS_DESTINATION (self));

  set_string (self, &self->name, name != NULL ? name : "", PROP_NAME);
}

/**
 * onair_destination_get_preset_id:
 * @self: a destination
 *
 * Returns: the id of its platform preset (see onair_presets_lookup()), possibly empty
 */
const char *
onair_destination_get_preset_id (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->preset_id;
}

/**
 * onair_destination_set_preset_id:
 * @self: a destination
 * @preset_id: (nullable): a preset id
 */
void
onair_destination_set_preset_id (OnairDestination *self,
                                 const char       *preset_id)
{
  g_return_if_fail (ONAIR_IS_DESTINATION (self));

  set_string (self, &self->preset_id, preset_id != NULL ? preset_id : "", PROP_PRESET_ID);
}

/**
 * onair_destination_get_server_url:
 * @self: a destination
 *
 * Returns: the RTMP(S) server URL vMix sends the stream to, possibly empty
 */
const char *
onair_destination_get_server_url (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->server_url;
}

/**
 * onair_destination_set_server_url:
 * @self: a destination
 * @server_url: (nullable): a server URL; check it with onair_url_validate() first
 */
void
onair_destination_set_server_url (OnairDestination *self,
                                  const char       *server_url)
{
  g_return_if_fail (ONAIR_IS_DESTINATION (self));

  set_string (self, &self->server_url, server_url != NULL ? server_url : "",
              PROP_SERVER_URL);
}

/**
 * onair_destination_get_username:
 * @self: a destination
 *
 * Returns: (nullable): the user name for servers that need one
 */
const char *
onair_destination_get_username (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->username;
}

/**
 * onair_destination_set_username:
 * @self: a destination
 * @username: (nullable): a user name; empty means none
 */
void
onair_destination_set_username (OnairDestination *self,
                                const char       *username)
{
  g_return_if_fail (ONAIR_IS_DESTINATION (self));

  set_string (self, &self->username, empty_to_null (username), PROP_USERNAME);
}

/**
 * onair_destination_get_ingest_stats_url:
 * @self: a destination
 *
 * Returns: (nullable): the statistics page of the producer's own ingest server
 */
const char *
onair_destination_get_ingest_stats_url (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->ingest_stats_url;
}

/**
 * onair_destination_set_ingest_stats_url:
 * @self: a destination
 * @ingest_stats_url: (nullable): an http(s) URL; empty means none
 */
void
onair_destination_set_ingest_stats_url (OnairDestination *self,
                                        const char       *ingest_stats_url)
{
  g_return_if_fail (ONAIR_IS_DESTINATION (self));

  set_string (self, &self->ingest_stats_url, empty_to_null (ingest_stats_url),
              PROP_INGEST_STATS_URL);
}

/**
 * onair_destination_get_key_id:
 * @self: a destination
 *
 * Returns: (nullable): the keyring `id` its stream key is filed under, or %NULL
 *   when no key was stored
 */
const char *
onair_destination_get_key_id (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->key_id;
}

/**
 * onair_destination_get_key_fingerprint:
 * @self: a destination
 *
 * Returns: (nullable): the stored key's fingerprint (onair_key_fingerprint()), or %NULL
 */
const char *
onair_destination_get_key_fingerprint (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), NULL);
  return self->key_fingerprint;
}

/**
 * onair_destination_has_key:
 * @self: a destination
 *
 * Returns: whether a stream key was stored for @self
 */
gboolean
onair_destination_has_key (OnairDestination *self)
{
  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), FALSE);
  return self->key_id != NULL;
}

/* Records the keyring item that holds @self's stream key, or that it has none. */
void
onair_destination_set_key_reference (OnairDestination *self,
                                     const char       *key_id,
                                     const char       *key_fingerprint)
{
  gboolean had_key = self->key_id != NULL;

  g_object_freeze_notify (G_OBJECT (self));

  set_string (self, &self->key_id, key_id, PROP_KEY_ID);
  set_string (self, &self->key_fingerprint, key_fingerprint, PROP_KEY_FINGERPRINT);
  if (key_fingerprint != NULL)
    onair_held_secrets_add_fingerprint (key_fingerprint);
  if (had_key != (self->key_id != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * onair_destination_validate:
 * @self: a destination
 * @out_warnings: (out) (optional): warnings about its URLs
 * @error: return location for an %ONAIR_DESTINATION_ERROR
 *
 * Checks what the producer entered before saving: a name, a valid RTMP(S) server URL
 * and, when set, a valid ingest-stats URL.
 *
 * Returns: %TRUE when @self can be saved
 */
gboolean
onair_destination_validate (OnairDestination  *self,
                            OnairUrlWarnings  *out_warnings,
                            GError           **error)
{
  OnairUrlWarnings server_warnings = ONAIR_URL_WARNING_NONE;
  OnairUrlWarnings stats_warnings = ONAIR_URL_WARNING_NONE;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ONAIR_IS_DESTINATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_warnings != NULL)
    *out_warnings = ONAIR_URL_WARNING_NONE;

  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_MISSING_NAME,
                           _("Give the destination a name, for example the channel it "
                             "streams to."));
      return FALSE;
    }

  if (!onair_url_validate (self->server_url, ONAIR_URL_KIND_RTMP, &server_warnings, error))
    return FALSE;

  /* A key in the URL would be kept in plain settings and recorded for good. */
  {
    g_autofree char *server = NULL;
    g_autofree char *key = NULL;

    if (onair_url_find_key (self->server_url, &server, &key))
      {
        g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_KEY_IN_URL,
                             _("The server URL seems to contain a stream key. Move it to the "
                               "key field, which keeps it in the keyring, then save."));
        return FALSE;
      }
  }

  if (self->ingest_stats_url != NULL &&
      !onair_url_validate (self->ingest_stats_url, ONAIR_URL_KIND_INGEST_STATS,
                           &stats_warnings, error))
    return FALSE;

  if (out_warnings != NULL)
    *out_warnings = server_warnings | stats_warnings;

  return TRUE;
}

