/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "onair-fingerprint.h"
#include "onair-secret-store.h"

/*
 * Secrets live only in the Secret Service (GNOME Keyring, KWallet's Secret Service, or
 * libsecret's own portal backend inside Flatpak). When none answers we say so; there is
 * deliberately no fallback to a file of our own.
 */

struct _OnairSecretStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (OnairSecretStore, onair_secret_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (onair-secret-error-quark, onair_secret_error)

static const SecretSchema onair_secret_schema = {
  "io.github.onair_app.Onair.Secret",
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/**
 * onair_secret_kind_to_string:
 * @kind: a kind of secret
 *
 * Returns: the `kind` attribute stored with secrets of @kind, e.g. `stream-key`
 */
const char *
onair_secret_kind_to_string (OnairSecretKind kind)
{
  switch (kind)
    {
    case ONAIR_SECRET_KIND_STREAM_KEY:
      return "stream-key";
    case ONAIR_SECRET_KIND_STREAM_PASSWORD:
      return "stream-password";
    case ONAIR_SECRET_KIND_SRT_PASSPHRASE:
      return "srt-passphrase";
    case ONAIR_SECRET_KIND_VMIX_PASSWORD:
      return "vmix-password";
    case ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY:
      return "witness-signing-key";
    case ONAIR_SECRET_KIND_WITNESS_HEAD:
      return "witness-head";
    case ONAIR_SECRET_KIND_WEBHOOK_URL:
      return "webhook-url";
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
default_label (OnairSecretKind  kind,
               const char      *id)
{
  switch (kind)
    {
    case ONAIR_SECRET_KIND_STREAM_KEY:
      return g_strdup_printf (_("Onair stream key (%s)"), id);
    case ONAIR_SECRET_KIND_STREAM_PASSWORD:
      return g_strdup_printf (_("Onair streaming server password (%s)"), id);
    case ONAIR_SECRET_KIND_SRT_PASSPHRASE:
      return g_strdup_printf (_("Onair SRT passphrase (%s)"), id);
    case ONAIR_SECRET_KIND_VMIX_PASSWORD:
      return g_strdup_printf (_("Onair vMix password (%s)"), id);
    case ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY:
      return g_strdup_printf (_("Onair witness signing key (%s)"), id);
    case ONAIR_SECRET_KIND_WITNESS_HEAD:
      return g_strdup_printf (_("Onair witness chain head (%s)"), id);
    case ONAIR_SECRET_KIND_WEBHOOK_URL:
      return g_strdup_printf (_("Onair alert webhook address (%s)"), id);
    default:
      g_assert_not_reached ();
    }
}

/**
 * onair_secret_free:
 * @secret: (nullable): a secret returned by Onair
 *
 * Overwrites @secret with zeros and frees it. Use it for every secret
 * onair_secret_store_lookup_finish() returns.
 */
void
onair_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  /* volatile so that the compiler cannot drop the wipe as a dead store. */
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';

  g_free (secret);
}

static gboolean
error_means_no_keyring (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_BAD_ADDRESS:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  /* No session bus at all: the connection itself fails (bad socket path, no
   * DBUS_SESSION_BUS_ADDRESS and no autolaunch). Errors relayed from the service
   * arrive as G_DBUS_ERROR or G_IO_ERROR_DBUS_ERROR, which are not this. */
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_DBUS_ERROR && error->code != G_IO_ERROR_CANCELLED;

  return error->domain == G_SPAWN_ERROR || error->domain == G_SPAWN_EXIT_ERROR;
}

static gboolean
error_means_locked (const GError *error)
{
  /* gnome-keyring answers UnknownMethod for the default collection's path when there is
   * no default keyring yet and it cannot prompt to create one. */
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Turns libsecret's and GDBus's errors into one the producer can act on. The original
 * message never contains the secret; it goes to the debug log for bug reports. */
static GError *
translate_error (const GError *error,
                 GCancellable *cancellable)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cancellable))
    return g_error_copy (error);

  g_debug ("Secret Service request failed: %s (%s %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  if (error_means_no_keyring (error))
    return g_error_new_literal (ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_NO_KEYRING,
                                _("No keyring is available: start GNOME Keyring or another "
                                  "Secret Service, and unlock it."));

  if (error_means_locked (error))
    return g_error_new_literal (ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_LOCKED,
                                _("The keyring is locked or has no default keyring: unlock "
                                  "it, or create a default keyring in Passwords and Keys, "
                                  "and try again."));

  return g_error_new (ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_FAILED,
                      _("The keyring refused the request (%s). Check that it is unlocked "
                        "and try again."),
                      error->message);
}

static GHashTable *
build_attributes (OnairSecretKind  kind,
                  const char      *id)
{
  /* libsecret keeps the table until it answers: the values must outlive the caller's. */
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "kind",
                       g_strdup (onair_secret_kind_to_string (kind)));
  g_hash_table_insert (attributes, (gpointer) "id", g_strdup (id));

  return attributes;
}

/* The task of a request on the secret (@kind, @id) for the _async function @source_tag, and
 * in @attributes what the secret is filed under; %NULL, after a critical warning, when an
 * argument is wrong. */
static GTask *
request_new (OnairSecretStore     *self,
             OnairSecretKind       kind,
             const char           *id,
             gpointer              source_tag,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data,
             GHashTable          **attributes)
{
  GTask *task;

  g_return_val_if_fail (ONAIR_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  *attributes = build_attributes (kind, id);
  return task;
}

/* Whether @result is the result of a request @source_tag made on @self. */
static gboolean
request_is_valid (OnairSecretStore *self,
                  GAsyncResult     *result,
                  gpointer          source_tag)
{
  return g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == source_tag;
}

/* The _finish of a request @source_tag whose result is a boolean. */
static gboolean
request_finish (OnairSecretStore  *self,
                GAsyncResult      *result,
                gpointer           source_tag,
                GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (request_is_valid (self, result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * onair_secret_store_new:
 *
 * Returns: (transfer full): a store for Onair's secrets in the desktop keyring
 */
OnairSecretStore *
onair_secret_store_new (void)
{
  return g_object_new (ONAIR_TYPE_SECRET_STORE, NULL);
}

/* A webhook address carries its token in its path or query: the whole address, and every
 * long part of it (a token, not "services" or "hooks"), is held. */
static void
remember_held_url (const char *url)
{
  g_auto(GStrv) parts = g_strsplit_set (url, "/?&=#", -1);

  onair_held_secrets_add (url);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strlen (parts[i]) >= 16 && strchr (parts[i], '.') == NULL)
      onair_held_secrets_add (parts[i]);
}

/* Keys and passwords (not the witness's own items) become known by their fingerprints, so
 * that they are redacted wherever they turn up, a custom function call included. */
static void
remember_held (OnairSecretKind  kind,
               const char      *secret)
{
  switch (kind)
    {
    case ONAIR_SECRET_KIND_STREAM_KEY:
    case ONAIR_SECRET_KIND_STREAM_PASSWORD:
    case ONAIR_SECRET_KIND_SRT_PASSPHRASE:
    case ONAIR_SECRET_KIND_VMIX_PASSWORD:
      onair_held_secrets_add (secret);
      break;
    case ONAIR_SECRET_KIND_WEBHOOK_URL:
      remember_held_url (secret);
      break;
    case ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY:
    case ONAIR_SECRET_KIND_WITNESS_HEAD:
    default:
      break;
    }
}

static void
store_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
  else
    g_task_return_new_error (task, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_LOCKED,
                             _("The keyring did not store the secret: unlock it and try again."));
}

/**
 * onair_secret_store_store_async:
 * @self: a secret store
 * @kind: what the secret is
 * @id: which one of its kind, e.g. a destination's id
 * @label: (nullable): the name the keyring shows for the item, or %NULL for a default
 * @secret: the secret; it is copied into libsecret's secure memory and not kept
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Stores @secret in the default keyring under (@kind, @id), replacing any secret
 * stored there before.
 */
void
onair_secret_store_store_async (OnairSecretStore    *self,
                                OnairSecretKind      kind,
                                const char          *id,
                                const char          *label,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *fallback_label = NULL;

  g_return_if_fail (secret != NULL);

  task = request_new (self, kind, id, onair_secret_store_store_async, cancellable, callback,
                      user_data, &attributes);
  if (task == NULL)
    return;

  if (label == NULL)
    label = fallback_label = default_label (kind, id);
  remember_held (kind, secret);

  secret_password_storev (&onair_secret_schema, attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, store_cb, g_steal_pointer (&task));
}

/**
 * onair_secret_store_store_finish:
 * @self: a secret store
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when the keyring stored the secret
 */
gboolean
onair_secret_store_store_finish (OnairSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return request_finish (self, result, onair_secret_store_store_async, error);
}

typedef struct
{
  OnairSecretKind  kind;
  GHashTable      *attributes;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_hash_table_unref (lookup->attributes);
  g_free (lookup);
}

static void
locked_search_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);
  gboolean locked = FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    locked |= secret_item_get_locked (l->data);
  g_list_free_full (items, g_object_unref);

  if (error != NULL)
    g_debug ("Searching the keyring for a locked item failed: %s", error->message);

  if (locked)
    g_task_return_new_error (task, ONAIR_SECRET_ERROR, ONAIR_SECRET_ERROR_LOCKED,
                             _("The keyring that holds this secret is locked. Unlock it (in "
                               "Passwords and Keys, or by logging in again) and try again."));
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Lookup *lookup = g_task_get_task_data (task);
  char *secure_secret;

  secure_secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
      return;
    }

  /* Nothing unlocked answers: either nothing is stored, or it is in a locked keyring,
   * which is not "missing" and must not be reported as such. */
  if (secure_secret == NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      secret_service_search (NULL, &onair_secret_schema, lookup->attributes,
                             SECRET_SEARCH_ALL, cancellable, locked_search_cb,
                             g_steal_pointer (&task));
      return;
    }

  remember_held (lookup->kind, secure_secret);
  /* libsecret's copy lives in its secure pool, which g_free() must not see; hand out a
   * plain copy that onair_secret_free() wipes, and wipe the pooled one now. */
  g_task_return_pointer (task, g_strdup (secure_secret), (GDestroyNotify) onair_secret_free);
  secret_password_free (secure_secret);
}

/**
 * onair_secret_store_lookup_async:
 * @self: a secret store
 * @kind: what the secret is
 * @id: which one of its kind
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Looks up the secret stored under (@kind, @id).
 */
void
onair_secret_store_lookup_async (OnairSecretStore    *self,
                                 OnairSecretKind      kind,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  Lookup *lookup;

  task = request_new (self, kind, id, onair_secret_store_lookup_async, cancellable, callback,
                      user_data, &attributes);
  if (task == NULL)
    return;

  lookup = g_new0 (Lookup, 1);
  lookup->kind = kind;
  lookup->attributes = g_hash_table_ref (attributes);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  secret_password_lookupv (&onair_secret_schema, attributes, cancellable,
                           lookup_cb, g_steal_pointer (&task));
}

/**
 * onair_secret_store_lookup_finish:
 * @self: a secret store
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR or %G_IO_ERROR_CANCELLED
 *
 * A missing secret is not an error: it returns %NULL and leaves @error unset.
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with onair_secret_free()
 */
char *
onair_secret_store_lookup_finish (OnairSecretStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (request_is_valid (self, result, onair_secret_store_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, translate_error (error, g_task_get_cancellable (task)));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * onair_secret_store_clear_async:
 * @self: a secret store
 * @kind: what the secret is
 * @id: which one of its kind
 * @cancellable: (nullable): a cancellable
 * @callback: called when the keyring has answered
 * @user_data: data for @callback
 *
 * Removes the secret stored under (@kind, @id). Removing a secret that does not
 * exist succeeds.
 */
void
onair_secret_store_clear_async (OnairSecretStore    *self,
                                OnairSecretKind      kind,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  task = request_new (self, kind, id, onair_secret_store_clear_async, cancellable, callback,
                      user_data, &attributes);
  if (task == NULL)
    return;

  secret_password_clearv (&onair_secret_schema, attributes, cancellable,
                          clear_cb, g_steal_pointer (&task));
}

/**
 * onair_secret_store_clear_finish:
 * @self: a secret store
 * @result: the result given to the callback
 * @error: return location for an %ONAIR_SECRET_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE when no secret is stored under the kind and id any more
 */
gboolean
onair_secret_store_clear_finish (OnairSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return request_finish (self, result, onair_secret_store_clear_async, error);
}

static void
onair_secret_store_class_init (OnairSecretStoreClass *klass)
{
}

static void
onair_secret_store_init (OnairSecretStore *self)
{
}
