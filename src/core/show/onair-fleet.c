/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-fleet.h"

/*
 * The vMix hosts of a show, as a GListModel of sessions: their profiles saved in the
 * settings, their health seen together (the worst status, every reason with its host's
 * name), and stream groups: streams on several hosts that start and stop together, each
 * confirmed from its own host's state and reported member by member.
 */

struct _OnairFleet
{
  GObject           parent_instance;

  OnairSecretStore *secrets;
  GPtrArray        *sessions;   /* OnairVmixSession* */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnairFleet, onair_fleet, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return ONAIR_TYPE_VMIX_SESSION;
}

static guint
get_n_items (GListModel *model)
{
  return ONAIR_FLEET (model)->sessions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  OnairFleet *self = ONAIR_FLEET (model);

  if (position >= self->sessions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->sessions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
session_status_changed_cb (OnairFleet *self)
{
  g_signal_emit (self, signals[STATUS_CHANGED], 0);
}

/**
 * onair_fleet_add:
 * @profile: a host whose id is not in the fleet yet
 *
 * Returns: (transfer none) (nullable): the new, stopped session; %NULL when the id is taken
 */
OnairVmixSession *
onair_fleet_add (OnairFleet             *self,
                 const OnairHostProfile *profile)
{
  OnairVmixSession *session;

  g_return_val_if_fail (ONAIR_IS_FLEET (self), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  if (onair_fleet_lookup (self, profile->id) != NULL)
    return NULL;
  {
    /* Each host keeps its own health history, for its graphs. */
    g_autoptr(OnairHealthHistory) history =
      onair_health_history_new (ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY);

    session = onair_vmix_session_new (profile, self->secrets, history);
  }
  g_signal_connect_object (onair_vmix_session_get_health (session), "status-changed",
                           G_CALLBACK (session_status_changed_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->sessions, session);
  g_list_model_items_changed (G_LIST_MODEL (self), self->sessions->len - 1, 0, 1);
  return session;
}

/**
 * onair_fleet_remove:
 *
 * Stops and removes a host; the others are not touched.
 *
 * Returns: whether a host had @id
 */
gboolean
onair_fleet_remove (OnairFleet *self,
                    const char *id)
{
  g_return_val_if_fail (ONAIR_IS_FLEET (self), FALSE);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      OnairVmixSession *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (onair_vmix_session_get_id (session), id) == 0)
        {
          onair_vmix_session_stop (session);
          g_signal_handlers_disconnect_by_data (onair_vmix_session_get_health (session), self);
          g_ptr_array_remove_index (self->sessions, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          session_status_changed_cb (self);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * onair_fleet_lookup:
 *
 * Returns: (transfer none) (nullable): the session of the host @id
 */
OnairVmixSession *
onair_fleet_lookup (OnairFleet *self,
                    const char *id)
{
  g_return_val_if_fail (ONAIR_IS_FLEET (self), NULL);

  for (guint i = 0; id != NULL && i < self->sessions->len; i++)
    if (g_str_equal (onair_vmix_session_get_id (g_ptr_array_index (self->sessions, i)), id))
      return g_ptr_array_index (self->sessions, i);
  return NULL;
}

/**
 * onair_fleet_lookup_by_name:
 *
 * Returns: (transfer none) (nullable): the host named @name, ignoring case
 */
OnairVmixSession *
onair_fleet_lookup_by_name (OnairFleet *self,
                            const char *name)
{
  g_autofree char *wanted = name != NULL ? g_utf8_casefold (name, -1) : NULL;

  g_return_val_if_fail (ONAIR_IS_FLEET (self), NULL);

  for (guint i = 0; wanted != NULL && i < self->sessions->len; i++)
    {
      OnairVmixSession *session = g_ptr_array_index (self->sessions, i);
      g_autofree char *folded = g_utf8_casefold (onair_vmix_session_get_name (session), -1);

      if (g_str_equal (folded, wanted))
        return session;
    }
  return NULL;
}

void
onair_fleet_start_all (OnairFleet *self)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  for (guint i = 0; i < self->sessions->len; i++)
    onair_vmix_session_start (g_ptr_array_index (self->sessions, i));
}

void
onair_fleet_stop_all (OnairFleet *self)
{
  g_return_if_fail (ONAIR_IS_FLEET (self));
  for (guint i = 0; i < self->sessions->len; i++)
    onair_vmix_session_stop (g_ptr_array_index (self->sessions, i));
}

/**
 * onair_fleet_load:
 *
 * Reads the hosts from the settings' `hosts`. Without any, the single host of earlier
 * versions (`host`, `port`, `use-tls`, `username`) becomes "Main". Hosts already in the
 * fleet are reconfigured, new ones added, missing ones removed.
 */
void
onair_fleet_load (OnairFleet *self,
                  GSettings  *settings)
{
  g_autoptr(GVariant) hosts = NULL;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_host_profile_free);
  GVariantIter iter;
  GVariant *child;

  g_return_if_fail (ONAIR_IS_FLEET (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  hosts = g_settings_get_value (settings, "hosts");
  g_variant_iter_init (&iter, hosts);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      OnairHostProfile *profile = onair_host_profile_new_from_variant (child, &error);

      g_variant_unref (child);
      if (profile == NULL)
        g_warning ("%s", error->message);
      else
        g_ptr_array_add (profiles, profile);
    }
  if (profiles->len == 0)
    {
      g_autofree char *host = g_settings_get_string (settings, "host");
      g_autofree char *username = g_settings_get_string (settings, "username");

      g_ptr_array_add (profiles,
                       onair_host_profile_new ("main", _("Main"), ONAIR_HOST_ROLE_MAIN, host,
                                               g_settings_get_uint (settings, "port"),
                                               g_settings_get_boolean (settings, "use-tls"),
                                               username));
    }

  for (guint i = self->sessions->len; i > 0; i--)
    {
      const char *id = onair_vmix_session_get_id (g_ptr_array_index (self->sessions, i - 1));
      gboolean kept = FALSE;

      for (guint j = 0; j < profiles->len && !kept; j++)
        kept = g_str_equal (((OnairHostProfile *) g_ptr_array_index (profiles, j))->id, id);
      if (!kept)
        onair_fleet_remove (self, id);
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      OnairHostProfile *profile = g_ptr_array_index (profiles, i);
      OnairVmixSession *session = onair_fleet_lookup (self, profile->id);

      if (session != NULL)
        onair_vmix_session_reconfigure (session, profile);
      else
        onair_fleet_add (self, profile);
    }
}

gboolean
onair_fleet_save (OnairFleet *self,
                  GSettings  *settings)
{
  GVariantBuilder builder;

  g_return_val_if_fail (ONAIR_IS_FLEET (self), FALSE);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->sessions->len; i++)
    g_variant_builder_add_value (&builder, onair_host_profile_to_variant (
      onair_vmix_session_get_profile (g_ptr_array_index (self->sessions, i))));
  return g_settings_set_value (settings, "hosts", g_variant_builder_end (&builder));
}

/**
 * onair_fleet_get_status:
 *
 * Returns: the worst status of the hosts' health; unknown for an empty fleet
 */
OnairHealthStatus
onair_fleet_get_status (OnairFleet *self)
{
  OnairHealthStatus worst = ONAIR_HEALTH_UNKNOWN;

  g_return_val_if_fail (ONAIR_IS_FLEET (self), ONAIR_HEALTH_UNKNOWN);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      OnairVmixSession *session = g_ptr_array_index (self->sessions, i);

      worst = MAX (worst, onair_health_monitor_get_status (onair_vmix_session_get_health (session)));
    }
  return worst;
}

/**
 * onair_fleet_dup_reasons:
 *
 * Returns: (transfer full) (element-type OnairHealthReason): every host's reasons, worst
 *   first, each message starting with its host's name ("Backup: Stream 2 dropped…") and
 *   its subject with the host's id ("backup/stream-2")
 */
GPtrArray *
onair_fleet_dup_reasons (OnairFleet *self)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_health_reason_free);

  g_return_val_if_fail (ONAIR_IS_FLEET (self), all);

  for (OnairHealthStatus severity = ONAIR_HEALTH_CRITICAL; severity > ONAIR_HEALTH_HEALTHY;
       severity--)
    for (guint i = 0; i < self->sessions->len; i++)
      {
        OnairVmixSession *session = g_ptr_array_index (self->sessions, i);
        GPtrArray *reasons = onair_health_monitor_get_reasons (onair_vmix_session_get_health (session));

        for (guint j = 0; reasons != NULL && j < reasons->len; j++)
          {
            const OnairHealthReason *reason = g_ptr_array_index (reasons, j);
            OnairHealthReason *tagged;

            if (reason->severity != severity)
              continue;
            tagged = onair_health_reason_copy (reason);
            g_free (tagged->message);
            g_free (tagged->message_untranslated);
            g_free (tagged->subject);
            /* Translators: a health reason on one vMix host, e.g. "Backup: Stream 2 dropped" */
            tagged->message = g_strdup_printf (_("%s: %s"), onair_vmix_session_get_name (session),
                                               reason->message);
            tagged->message_untranslated = g_strdup_printf ("%s: %s",
                                                            onair_vmix_session_get_name (session),
                                                            reason->message_untranslated);
            tagged->subject = g_strdup_printf ("%s/%s", onair_vmix_session_get_id (session),
                                               reason->subject);
            g_ptr_array_add (all, tagged);
          }
      }
  return all;
}

static void
onair_fleet_dispose (GObject *object)
{
  OnairFleet *self = ONAIR_FLEET (object);

  if (self->sessions != NULL)
    {
      onair_fleet_stop_all (self);
      g_ptr_array_set_size (self->sessions, 0);
    }
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (onair_fleet_parent_class)->dispose (object);
}

static void
onair_fleet_finalize (GObject *object)
{
  OnairFleet *self = ONAIR_FLEET (object);

  g_ptr_array_unref (self->sessions);

  G_OBJECT_CLASS (onair_fleet_parent_class)->finalize (object);
}

static void
onair_fleet_class_init (OnairFleetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_fleet_dispose;
  object_class->finalize = onair_fleet_finalize;

  /**
   * OnairFleet::status-changed:
   *
   * A host's health changed: read onair_fleet_get_status() and onair_fleet_dup_reasons().
   */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
onair_fleet_init (OnairFleet *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * onair_fleet_new:
 * @secrets: (nullable): the keyring, shared by the sessions
 *
 * Returns: (transfer full): an empty fleet
 */
OnairFleet *
onair_fleet_new (OnairSecretStore *secrets)
{
  OnairFleet *self = g_object_new (ONAIR_TYPE_FLEET, NULL);

  self->secrets = secrets != NULL ? g_object_ref (secrets) : NULL;
  return self;
}
