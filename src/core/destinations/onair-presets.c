/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "onair-core-resources.h"
#include "onair-presets.h"
#include "onair-url.h"

#define PRESETS_RESOURCE "/io/github/onair_app/Onair/core/presets.json"

typedef struct
{
  char *name;
  char *url;
} OnairPresetServer;

struct _OnairPreset
{
  GObject parent_instance;

  char *id;
  char *name;
  char *protocol;
  char *key_help_url;
  char *url_placeholder;
  GPtrArray *servers;
  guint custom : 1;
  guint uses_username : 1;
  guint uses_password : 1;
};

G_DEFINE_FINAL_TYPE (OnairPreset, onair_preset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PROTOCOL,
  PROP_CUSTOM,
  PROP_KEY_HELP_URL,
  PROP_URL_PLACEHOLDER,
  PROP_USES_USERNAME,
  PROP_USES_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onair_preset_server_free (OnairPresetServer *server)
{
  g_free (server->name);
  g_free (server->url);
  g_free (server);
}

static void
onair_preset_finalize (GObject *object)
{
  OnairPreset *self = (OnairPreset *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->protocol, g_free);
  g_clear_pointer (&self->key_help_url, g_free);
  g_clear_pointer (&self->url_placeholder, g_free);
  g_clear_pointer (&self->servers, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_preset_parent_class)->finalize (object);
}

static void
onair_preset_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OnairPreset *self = ONAIR_PRESET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;
    case PROP_CUSTOM:
      g_value_set_boolean (value, self->custom);
      break;
    case PROP_KEY_HELP_URL:
      g_value_set_string (value, self->key_help_url);
      break;
    case PROP_URL_PLACEHOLDER:
      g_value_set_string (value, self->url_placeholder);
      break;
    case PROP_USES_USERNAME:
      g_value_set_boolean (value, self->uses_username);
      break;
    case PROP_USES_PASSWORD:
      g_value_set_boolean (value, self->uses_password);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onair_preset_class_init (OnairPresetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onair_preset_finalize;
  object_class->get_property = onair_preset_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PROTOCOL] = g_param_spec_string ("protocol", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOM] = g_param_spec_boolean ("custom", NULL, NULL, FALSE, flags);
  properties[PROP_KEY_HELP_URL] = g_param_spec_string ("key-help-url", NULL, NULL, NULL, flags);
  properties[PROP_URL_PLACEHOLDER] =
    g_param_spec_string ("url-placeholder", NULL, NULL, NULL, flags);
  properties[PROP_USES_USERNAME] = g_param_spec_boolean ("uses-username", NULL, NULL, FALSE, flags);
  properties[PROP_USES_PASSWORD] = g_param_spec_boolean ("uses-password", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onair_preset_init (OnairPreset *self)
{
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_preset_server_free);
}

/**
 * onair_preset_get_id:
 * @self: a preset
 *
 * Returns: the preset's stable id, e.g. `twitch`; destinations store it
 */
const char *
onair_preset_get_id (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  return self->id;
}

/**
 * onair_preset_get_name:
 * @self: a preset
 *
 * Returns: the platform's name, translated where it is not a brand
 */
const char *
onair_preset_get_name (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  return self->name;
}

/**
 * onair_preset_get_protocol:
 * @self: a preset
 *
 * Returns: `rtmp` or `rtmps`, the protocol of the preset's servers
 */
const char *
onair_preset_get_protocol (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  return self->protocol;
}

/**
 * onair_preset_is_custom:
 * @self: a preset
 *
 * Returns: %TRUE for the custom preset, whose server URL the producer types
 */
gboolean
onair_preset_is_custom (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), FALSE);
  return self->custom;
}

/**
 * onair_preset_get_n_servers:
 * @self: a preset
 *
 * Returns: how many ingest servers the preset offers; 0 for the custom preset
 */
guint
onair_preset_get_n_servers (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), 0);
  return self->servers->len;
}

/**
 * onair_preset_get_server_name:
 * @self: a preset
 * @index: a server, below onair_preset_get_n_servers()
 *
 * Returns: the server's name for a chooser, e.g. "Europe: Frankfurt, Germany"
 */
const char *
onair_preset_get_server_name (OnairPreset *self,
                              guint        index)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);

  return ((OnairPresetServer *) g_ptr_array_index (self->servers, index))->name;
}

/**
 * onair_preset_get_server_url:
 * @self: a preset
 * @index: a server, below onair_preset_get_n_servers()
 *
 * Returns: the server's ingest URL, without any key
 */
const char *
onair_preset_get_server_url (OnairPreset *self,
                             guint        index)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);

  return ((OnairPresetServer *) g_ptr_array_index (self->servers, index))->url;
}

/**
 * onair_preset_get_url_placeholder:
 * @self: a preset
 *
 * Returns: (nullable): an example URL to show in an empty URL field (custom preset)
 */
const char *
onair_preset_get_url_placeholder (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  return self->url_placeholder;
}

/**
 * onair_preset_get_key_help_url:
 * @self: a preset
 *
 * Returns: (nullable): the page where the platform shows the stream key
 */
const char *
onair_preset_get_key_help_url (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), NULL);
  return self->key_help_url;
}

/**
 * onair_preset_get_uses_username:
 * @self: a preset
 *
 * Returns: whether the platform's servers take a user name
 */
gboolean
onair_preset_get_uses_username (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), FALSE);
  return self->uses_username;
}

/**
 * onair_preset_get_uses_password:
 * @self: a preset
 *
 * Returns: whether the platform's servers take a password (kept in the keyring)
 */
gboolean
onair_preset_get_uses_password (OnairPreset *self)
{
  g_return_val_if_fail (ONAIR_IS_PRESET (self), FALSE);
  return self->uses_password;
}

static void
set_invalid_preset_error (GError     **error,
                          const char  *preset_id,
                          const char  *what)
{
  g_set_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_PRESET,
               _("The platform presets are damaged (preset “%s”: %s). Reinstall Onair."),
               preset_id != NULL ? preset_id : "?", what);
}

/* json-glib's typed getters warn on a member of the wrong type; presets are data, so a
 * wrong type must be an error instead. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   const char **out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out_value = json_node_get_string (node);
  return !required || (*out_value != NULL && **out_value != '\0');
}

static gboolean
get_boolean_member (JsonObject *object,
                    const char *member,
                    gboolean   *out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
parse_servers (OnairPreset  *preset,
               JsonNode     *servers_node,
               GError      **error)
{
  JsonArray *servers;

  if (servers_node == NULL || JSON_NODE_HOLDS_NULL (servers_node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (servers_node))
    {
      set_invalid_preset_error (error, preset->id, "servers");
      return FALSE;
    }

  servers = json_node_get_array (servers_node);
  for (guint i = 0; i < json_array_get_length (servers); i++)
    {
      JsonNode *node = json_array_get_element (servers, i);
      g_autoptr(GError) url_error = NULL;
      OnairPresetServer *server;
      JsonObject *object;
      const char *name;
      const char *url;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_invalid_preset_error (error, preset->id, "servers");
          return FALSE;
        }

      object = json_node_get_object (node);
      if (!get_string_member (object, "name", TRUE, &name) ||
          !get_string_member (object, "url", TRUE, &url))
        {
          set_invalid_preset_error (error, preset->id, "servers");
          return FALSE;
        }

      if (!onair_url_validate (url, ONAIR_URL_KIND_RTMP, NULL, &url_error))
        {
          set_invalid_preset_error (error, preset->id, url_error->message);
          return FALSE;
        }

      server = g_new0 (OnairPresetServer, 1);
      server->name = g_strdup (g_dgettext (GETTEXT_PACKAGE, name));
      server->url = g_strdup (url);
      g_ptr_array_add (preset->servers, server);
    }

  return TRUE;
}

static OnairPreset *
parse_preset (JsonNode  *node,
              GError   **error)
{
  g_autoptr(OnairPreset) preset = NULL;
  JsonObject *object;
  const char *id;
  const char *name;
  const char *protocol;
  const char *key_help_url;
  const char *url_placeholder;
  gboolean custom;
  gboolean uses_username;
  gboolean uses_password;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid_preset_error (error, NULL, "not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  if (!get_string_member (object, "id", TRUE, &id))
    {
      set_invalid_preset_error (error, NULL, "id");
      return NULL;
    }

  if (!get_string_member (object, "name", TRUE, &name) ||
      !get_string_member (object, "protocol", TRUE, &protocol) ||
      !get_string_member (object, "key_help_url", FALSE, &key_help_url) ||
      !get_string_member (object, "url_placeholder", FALSE, &url_placeholder) ||
      !get_boolean_member (object, "custom", &custom) ||
      !get_boolean_member (object, "uses_username", &uses_username) ||
      !get_boolean_member (object, "uses_password", &uses_password))
    {
      set_invalid_preset_error (error, id, "fields");
      return NULL;
    }

  if (!g_str_equal (protocol, "rtmp") && !g_str_equal (protocol, "rtmps"))
    {
      set_invalid_preset_error (error, id, "protocol");
      return NULL;
    }

  preset = g_object_new (ONAIR_TYPE_PRESET, NULL);
  preset->id = g_strdup (id);
  preset->name = g_strdup (g_dgettext (GETTEXT_PACKAGE, name));
  preset->protocol = g_strdup (protocol);
  preset->key_help_url = g_strdup (key_help_url);
  preset->url_placeholder = g_strdup (url_placeholder);
  preset->custom = !!custom;
  preset->uses_username = !!uses_username;
  preset->uses_password = !!uses_password;

  if (!parse_servers (preset, json_object_get_member (object, "servers"), error))
    return NULL;

  if (!preset->custom && preset->servers->len == 0)
    {
      set_invalid_preset_error (error, id, "no server");
      return NULL;
    }

  return g_steal_pointer (&preset);
}

/**
 * onair_presets_load_from_bytes:
 * @json: a presets document, as `data/presets.json`
 * @error: return location for an %ONAIR_DESTINATION_ERROR_INVALID_PRESET
 *
 * Parses platform presets. Every preset needs an id, a name, a protocol (`rtmp` or
 * `rtmps`) and, unless it is the custom one, at least one server whose URL passes
 * onair_url_validate().
 *
 * Returns: (transfer full): a list of #OnairPreset
 */
GListModel *
onair_presets_load_from_bytes (GBytes  *json,
                               GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = g_list_store_new (ONAIR_TYPE_PRESET);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) parse_error = NULL;
  gconstpointer data;
  gsize size;
  JsonNode *root;
  JsonNode *presets_node;
  JsonArray *presets;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An empty GBytes has no data pointer, which json-glib refuses. */
  data = g_bytes_get_data (json, &size);
  if (data == NULL)
    data = "";

  if (!json_parser_load_from_data (parser, data, size, &parse_error))
    {
      set_invalid_preset_error (error, NULL, parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_invalid_preset_error (error, NULL, "not an object");
      return NULL;
    }

  presets_node = json_object_get_member (json_node_get_object (root), "presets");
  if (presets_node == NULL || !JSON_NODE_HOLDS_ARRAY (presets_node))
    {
      set_invalid_preset_error (error, NULL, "presets");
      return NULL;
    }

  presets = json_node_get_array (presets_node);
  for (guint i = 0; i < json_array_get_length (presets); i++)
    {
      g_autoptr(OnairPreset) preset = parse_preset (json_array_get_element (presets, i), error);

      if (preset == NULL)
        return NULL;

      if (!g_hash_table_add (seen, preset->id))
        {
          set_invalid_preset_error (error, preset->id, "duplicate id");
          return NULL;
        }

      g_list_store_append (store, preset);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static gpointer
load_default_presets (gpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *presets;

  onair_core_register_resource ();

  bytes = g_resources_lookup_data (PRESETS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Cannot read the built-in presets: %s", error->message);
      return g_list_store_new (ONAIR_TYPE_PRESET);
    }

  presets = onair_presets_load_from_bytes (bytes, &error);
  if (presets == NULL)
    {
      g_critical ("%s", error->message);
      return g_list_store_new (ONAIR_TYPE_PRESET);
    }

  return presets;
}

/**
 * onair_presets_get_default:
 *
 * The platform presets Onair ships, loaded once from its resources.
 *
 * Returns: (transfer none): a list of #OnairPreset, in display order
 */
GListModel *
onair_presets_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_default_presets, NULL);

  return once.retval;
}

/**
 * onair_presets_lookup:
 * @id: a preset id, e.g. from onair_destination_get_preset_id()
 *
 * Returns: (transfer none) (nullable): the built-in preset with @id, or %NULL
 */
OnairPreset *
onair_presets_lookup (const char *id)
{
  GListModel *presets;

  g_return_val_if_fail (id != NULL, NULL);

  presets = onair_presets_get_default ();
  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);

      if (g_str_equal (preset->id, id))
        return preset;
    }

  return NULL;
}
