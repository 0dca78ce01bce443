/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Alert sinks: where alerts go besides the desktop. This file: the sinks as configured
 * (settings, and their addresses in the keyring); delivery is in -delivery.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-alert-sinks-private.h"

#define SETTINGS_KEY "alert-sinks"

G_DEFINE_FINAL_TYPE (OnairAlertSinks, onair_alert_sinks, G_TYPE_OBJECT)

guint onair_alert_sinks_signals[ONAIR_ALERT_SINKS_N_SIGNALS];

static void
sink_free (OnairAlertSink *sink)
{
  g_free ((char *) sink->info.id);
  g_free ((char *) sink->info.name);
  g_free ((char *) sink->info.fingerprint);
  g_free ((char *) sink->info.failure);
  g_free (sink);
}

static void
onair_alert_sinks_dispose (GObject *object)
{
  OnairAlertSinks *self = ONAIR_ALERT_SINKS (object);

  g_cancellable_cancel (self->cancellable);
  onair_alert_sinks_drop_deliveries (self);
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (onair_alert_sinks_parent_class)->dispose (object);
}

static void
onair_alert_sinks_finalize (GObject *object)
{
  OnairAlertSinks *self = ONAIR_ALERT_SINKS (object);

  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->sinks, g_ptr_array_unref);
  g_clear_pointer (&self->urls, g_hash_table_unref);
  g_clear_pointer (&self->lookups, g_hash_table_unref);

  G_OBJECT_CLASS (onair_alert_sinks_parent_class)->finalize (object);
}

static void
onair_alert_sinks_class_init (OnairAlertSinksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_alert_sinks_dispose;
  object_class->finalize = onair_alert_sinks_finalize;

  /**
   * OnairAlertSinks::changed:
   *
   * The list of sinks, or one's state (fingerprint, failure), changed.
   */
  onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * OnairAlertSinks::delivered:
   * @sink_id: the sink's id
   *
   * An alert reached the sink (it answered 2xx).
   */
  onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_DELIVERED] =
    g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OnairAlertSinks::delivery-failed:
   * @sink_id: the sink's id
   * @sink_name: the sink's name
   * @message: why, in words (never the address)
   *
   * An alert could not be delivered within the retry window (or never can: the address is
   * refused); it is dropped.
   */
  onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_DELIVERY_FAILED] =
    g_signal_new ("delivery-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
onair_alert_sinks_init (OnairAlertSinks *self)
{
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("user-agent", "Onair ", NULL);
  self->sinks = g_ptr_array_new_with_free_func ((GDestroyNotify) sink_free);
  self->urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) onair_secret_free);
  self->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retry_window_ms = 5 * 60 * 1000;
  self->timeout_ms = 10 * 1000;
  self->backoff_first_ms = 2000;
  self->backoff_cap_ms = 60 * 1000;
}

/**
 * onair_alert_sinks_new:
 * @secrets: the keyring, where the sinks' addresses are
 *
 * Returns: (transfer full): no sinks yet; see onair_alert_sinks_load()
 */
OnairAlertSinks *
onair_alert_sinks_new (OnairSecretStore *secrets)
{
  OnairAlertSinks *self;

  g_return_val_if_fail (ONAIR_IS_SECRET_STORE (secrets), NULL);

  self = g_object_new (ONAIR_TYPE_ALERT_SINKS, NULL);
  self->secrets = g_object_ref (secrets);
  return self;
}

OnairAlertSink *
onair_alert_sinks_lookup_sink (OnairAlertSinks *self,
                               const char      *id)
{
  for (guint i = 0; id != NULL && i < self->sinks->len; i++)
    {
      OnairAlertSink *sink = g_ptr_array_index (self->sinks, i);

      if (g_str_equal (sink->info.id, id))
        return sink;
    }
  return NULL;
}

/* The address is known: the fingerprint is shown from it. */
static void
remember_url (OnairAlertSinks *self,
              const char      *id,
              const char      *url)
{
  OnairAlertSink *sink;

  g_hash_table_replace (self->urls, g_strdup (id), g_strdup (url));
  sink = onair_alert_sinks_lookup_sink (self, id);
  if (sink != NULL && sink->info.fingerprint == NULL)
    {
      sink->info.fingerprint = onair_key_fingerprint (url);
      g_signal_emit (self, onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_CHANGED], 0);
    }
}

typedef struct
{
  OnairAlertSinks *self;
  char            *id;
} Lookup;

static void
lookup_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(OnairAlertSinks) self = lookup->self;
  g_autofree char *id = lookup->id;
  g_autoptr(GError) error = NULL;
  char *url;

  g_free (lookup);
  url = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->lookups, id);
  if (url != NULL)
    remember_url (self, id, url);
  else
    g_debug ("Alert sink %s: no address in the keyring: %s", id,
             error != NULL ? error->message : "none stored");
  onair_secret_free (url);
  onair_alert_sinks_url_known (self, id);
}

/* Looks the sink's address up in the keyring, unless it is known or being looked up. */
void
onair_alert_sinks_fetch_url (OnairAlertSinks *self,
                             const char      *id)
{
  Lookup *lookup;

  if (g_hash_table_contains (self->urls, id) || g_hash_table_contains (self->lookups, id))
    return;
  g_hash_table_add (self->lookups, g_strdup (id));
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->id = g_strdup (id);
  onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL, id,
                                   self->cancellable, lookup_cb, lookup);
}

/**
 * onair_alert_sinks_load:
 * @self: the sinks
 * @settings: Onair's settings
 *
 * Reads the sinks from @settings' "alert-sinks" and looks their addresses up in the
 * keyring. May be called again whenever the key changes; a sink keeps its state (address,
 * last failure) across loads. A delivery failure is written back to @settings (in words,
 * never the address) and read from there after a restart.
 */
void
onair_alert_sinks_load (OnairAlertSinks *self,
                        GSettings       *settings)
{
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GPtrArray) sinks = NULL;
  GVariantIter iter;
  GVariant *dict;

  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  sinks = g_ptr_array_new_with_free_func ((GDestroyNotify) sink_free);
  list = g_settings_get_value (settings, SETTINGS_KEY);
  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = dict;
      g_autoptr(GVariantDict) entry = g_variant_dict_new (dict);
      const char *id = NULL, *name = NULL, *shape = NULL, *fingerprint = NULL, *failure = NULL;
      OnairAlertSink *sink, *old;
      gboolean enabled = TRUE;

      if (!g_variant_dict_lookup (entry, "id", "&s", &id) || *id == '\0')
        continue;
      g_variant_dict_lookup (entry, "name", "&s", &name);
      g_variant_dict_lookup (entry, "shape", "&s", &shape);
      g_variant_dict_lookup (entry, "enabled", "b", &enabled);
      g_variant_dict_lookup (entry, "fingerprint", "&s", &fingerprint);
      g_variant_dict_lookup (entry, "failure", "&s", &failure);

      sink = g_new0 (OnairAlertSink, 1);
      sink->info.id = g_strdup (id);
      sink->info.name = g_strdup (name != NULL && *name != '\0' ? name : id);
      if (!onair_alert_shape_from_string (shape, &sink->info.shape))
        sink->info.shape = ONAIR_ALERT_SHAPE_JSON;
      sink->info.enabled = enabled;
      old = onair_alert_sinks_lookup_sink (self, id);
      if (failure != NULL)
        sink->info.failure = *failure != '\0' ? g_strdup (failure) : NULL;
      else if (old != NULL)
        sink->info.failure = g_strdup (old->info.failure);
      if (g_hash_table_contains (self->urls, id))
        sink->info.fingerprint = onair_key_fingerprint (g_hash_table_lookup (self->urls, id));
      else if (fingerprint != NULL && *fingerprint != '\0')
        sink->info.fingerprint = g_strdup (fingerprint);
      g_ptr_array_add (sinks, sink);
    }

  g_ptr_array_unref (self->sinks);
  self->sinks = g_steal_pointer (&sinks);
  for (guint i = 0; i < self->sinks->len; i++)
    {
      OnairAlertSink *sink = g_ptr_array_index (self->sinks, i);

      if (sink->info.enabled)
        onair_alert_sinks_fetch_url (self, sink->info.id);
    }
  g_signal_emit (self, onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_CHANGED], 0);
}

guint
onair_alert_sinks_get_n_sinks (OnairAlertSinks *self)
{
  g_return_val_if_fail (ONAIR_IS_ALERT_SINKS (self), 0);

  return self->sinks->len;
}

const OnairAlertSinkInfo *
onair_alert_sinks_get_sink (OnairAlertSinks *self,
                            guint            index)
{
  OnairAlertSink *sink;

  g_return_val_if_fail (ONAIR_IS_ALERT_SINKS (self), NULL);
  g_return_val_if_fail (index < self->sinks->len, NULL);

  sink = g_ptr_array_index (self->sinks, index);
  return &sink->info;
}

const OnairAlertSinkInfo *
onair_alert_sinks_find_sink (OnairAlertSinks *self,
                             const char      *id)
{
  OnairAlertSink *sink;

  g_return_val_if_fail (ONAIR_IS_ALERT_SINKS (self), NULL);

  sink = onair_alert_sinks_lookup_sink (self, id);
  return sink != NULL ? &sink->info : NULL;
}

/* Rewrites the settings list, @edit changing (or dropping, returning NULL) each entry. */
typedef GVariant *(*EditEntry) (GVariant   *entry,
                                const char *id,
                                gpointer    data);

static void
edit_settings (GSettings  *settings,
               const char *id,
               EditEntry   edit,
               gpointer    data,
               GVariant   *append)
{
  g_autoptr(GVariant) list = g_settings_get_value (settings, SETTINGS_KEY);
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, list);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = entry;
      const char *entry_id = NULL;
      GVariant *edited = entry;

      if (edit != NULL && g_variant_lookup (entry, "id", "&s", &entry_id)
          && g_strcmp0 (entry_id, id) == 0)
        edited = edit (entry, id, data);
      if (edited != NULL)
        g_variant_builder_add_value (&builder, edited);
    }
  if (append != NULL)
    g_variant_builder_add_value (&builder, append);
  g_settings_set_value (settings, SETTINGS_KEY, g_variant_builder_end (&builder));
}

static GVariant *
set_failure_entry (GVariant   *entry,
                   const char *id,
                   gpointer    data)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (entry);

  g_variant_dict_insert (dict, "failure", "s", data != NULL ? (const char *) data : "");
  return g_variant_dict_end (dict);
}

/* A failure in words (never the address) is kept in the settings beside the sink, so that
 * it is still shown after a restart, until an alert or a test reaches the sink again. */
void
onair_alert_sinks_set_failure (OnairAlertSinks *self,
                               const char      *id,
                               const char      *failure)
{
  OnairAlertSink *sink = onair_alert_sinks_lookup_sink (self, id);

  if (sink == NULL || g_strcmp0 (sink->info.failure, failure) == 0)
    return;
  g_free ((char *) sink->info.failure);
  sink->info.failure = g_strdup (failure);
  if (self->settings != NULL)
    edit_settings (self->settings, id, set_failure_entry, (gpointer) failure, NULL);
  g_signal_emit (self, onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_CHANGED], 0);
}

static GVariant *
drop_entry (GVariant   *entry,
            const char *id,
            gpointer    data)
{
  return NULL;
}

static GVariant *
set_enabled_entry (GVariant   *entry,
                   const char *id,
                   gpointer    data)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (entry);

  g_variant_dict_insert (dict, "enabled", "b", GPOINTER_TO_INT (data));
  return g_variant_dict_end (dict);
}

/**
 * onair_alert_sinks_set_enabled:
 *
 * Turns a sink on or off in @settings (the loaded list follows on the next load).
 */
void
onair_alert_sinks_set_enabled (OnairAlertSinks *self,
                               GSettings       *settings,
                               const char      *id,
                               gboolean         enabled)
{
  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (id != NULL);

  edit_settings (settings, id, set_enabled_entry, GINT_TO_POINTER (!!enabled), NULL);
}

typedef struct
{
  GSettings       *settings;
  char            *id;
  char            *name;
  char            *url;
  OnairAlertShape  shape;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->settings);
  g_free (data->id);
  g_free (data->name);
  onair_secret_free (data->url);
  g_free (data);
}

static void
add_store_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairAlertSinks *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  GVariantDict entry;

  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (source_object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  remember_url (self, data->id, data->url);
  fingerprint = onair_key_fingerprint (data->url);
  g_variant_dict_init (&entry, NULL);
  g_variant_dict_insert (&entry, "id", "s", data->id);
  g_variant_dict_insert (&entry, "name", "s", data->name);
  g_variant_dict_insert (&entry, "shape", "s", onair_alert_shape_to_string (data->shape));
  g_variant_dict_insert (&entry, "enabled", "b", TRUE);
  g_variant_dict_insert (&entry, "fingerprint", "s", fingerprint);
  edit_settings (data->settings, NULL, NULL, NULL, g_variant_dict_end (&entry));
  g_task_return_pointer (task, g_strdup (data->id), g_free);
}

/**
 * onair_alert_sinks_add_async:
 * @self: the sinks
 * @settings: Onair's settings, where the sink is appended
 * @name: the producer's name for it
 * @shape: the body it expects
 * @url: its address (a secret: it is only ever stored in the keyring)
 *
 * Checks @url (see onair_alert_sink_check_url()), stores it in the keyring, then appends
 * the sink, enabled, to @settings.
 */
void
onair_alert_sinks_add_async (OnairAlertSinks     *self,
                             GSettings           *settings,
                             const char          *name,
                             OnairAlertShape      shape,
                             const char          *url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;
  AddData *data;

  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (name != NULL);
  g_return_if_fail ((guint) shape < ONAIR_ALERT_N_SHAPES);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_alert_sinks_add_async);
  if (!onair_alert_sink_check_url (url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (AddData, 1);
  data->settings = g_object_ref (settings);
  data->id = g_uuid_string_random ();
  data->name = g_strstrip (g_strdup (name));
  data->url = g_strstrip (g_strdup (url));
  data->shape = shape;
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  /* Translators: the keyring item of an alert sink's address; %s is the sink's name */
  label = g_strdup_printf (_("Onair alert webhook address (%s)"), data->name);
  onair_secret_store_store_async (self->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL, data->id,
                                  label, data->url, cancellable, add_store_cb,
                                  g_steal_pointer (&task));
}

char *
onair_alert_sinks_add_finish (OnairAlertSinks  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_clear_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_secret_store_clear_finish (ONAIR_SECRET_STORE (source_object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * onair_alert_sinks_remove_async:
 *
 * Drops the sink from @settings at once (nothing more is sent to it), then its address
 * from the keyring, even when @cancellable is cancelled meanwhile.
 */
void
onair_alert_sinks_remove_async (OnairAlertSinks     *self,
                                GSettings           *settings,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_alert_sinks_remove_async);
  edit_settings (settings, id, drop_entry, NULL, NULL);
  g_hash_table_remove (self->urls, id);
  /* Not cancellable: an address must not stay in the keyring because a window closed. */
  onair_secret_store_clear_async (self->secrets, ONAIR_SECRET_KIND_WEBHOOK_URL, id,
                                  NULL, remove_clear_cb, g_steal_pointer (&task));
}

gboolean
onair_alert_sinks_remove_finish (OnairAlertSinks  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
onair_alert_sinks_set_retry_window_ms (OnairAlertSinks *self,
                                       guint            window_ms)
{
  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));

  self->retry_window_ms = window_ms;
}

void
onair_alert_sinks_set_timeout_ms (OnairAlertSinks *self,
                                  guint            timeout_ms)
{
  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

void
onair_alert_sinks_set_backoff_ms (OnairAlertSinks *self,
                                  guint            first_ms,
                                  guint            cap_ms)
{
  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (first_ms > 0 && cap_ms >= first_ms);

  self->backoff_first_ms = first_ms;
  self->backoff_cap_ms = cap_ms;
}
