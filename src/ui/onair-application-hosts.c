/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-application-private.h"

/* The hosts: the fleet kept as the settings (or the built-in emulators) say, and the chosen
 * host whose poller, controller and health the rest of the UI follows. */

/* Emulated hosts: --emulator's two, or the one a test set. They are never saved. */
GPtrArray *
onair_application_dup_emulator_profiles (OnairApplication *self)
{
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_host_profile_free);

  if (self->emulator != NULL)
    {
      OnairHostProfile *profile =
        onair_host_profile_new ("main", _("Main"), ONAIR_HOST_ROLE_MAIN, "127.0.0.1",
                                onair_emulator_get_port (self->emulator), FALSE, NULL);

      /* Its TCP API if it was started, else HTTP polls only. */
      profile->tcp_port = onair_emulator_get_tcp_port (self->emulator);
      g_ptr_array_add (profiles, profile);
    }
  else
    for (guint i = 0; i < self->builtin_emulators->len; i++)
      {
        OnairEmulator *emulator = g_ptr_array_index (self->builtin_emulators, i);
        gboolean main = i == 0;

        OnairHostProfile *profile =
          onair_host_profile_new (main ? "main" : "backup", main ? _("Main") : _("Backup"),
                                  main ? ONAIR_HOST_ROLE_MAIN : ONAIR_HOST_ROLE_BACKUP,
                                  "127.0.0.1", onair_emulator_get_port (emulator), FALSE, NULL);

        profile->tcp_port = onair_emulator_get_tcp_port (emulator);
        g_ptr_array_add (profiles, profile);
      }
  return profiles;
}

gboolean
onair_application_is_emulated (OnairApplication *self)
{
  return self->emulator != NULL || self->builtin_emulators->len > 0;
}

/* --emulator's fleet of two, Main and Backup, so that the demo shows what a fleet is. */
void
onair_application_start_builtin_emulators (OnairApplication *self)
{
  OnairEmulatorProfile profiles[2] = { ONAIR_EMULATOR_PROFILE_VMIX28,
                                       ONAIR_EMULATOR_PROFILE_VMIX26 };

  if (self->emulator != NULL || self->builtin_emulators->len > 0)
    return;
  if (self->emulator_profile != NULL)
    onair_emulator_profile_from_name (self->emulator_profile, &profiles[1]);
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(OnairEmulator) emulator = onair_emulator_new (profiles[i]);
      g_autoptr(GError) error = NULL;

      if (!onair_emulator_start (emulator, 0, &error))
        {
          g_warning ("The built-in vMix emulator could not start: %s", error->message);
          continue;
        }
      /* vMix's TCP API too, so that changes are pushed as with a real vMix. */
      if (!onair_emulator_start_tcp (emulator, 0, &error))
        g_warning ("The built-in vMix emulator's TCP API could not start: %s", error->message);
      g_ptr_array_add (self->builtin_emulators, g_steal_pointer (&emulator));
    }
}

/**
 * onair_application_use_builtin_emulators:
 *
 * What --emulator does, from a running application (the welcome page's "Try with the
 * built-in emulator"): starts the two emulated vMix machines, Main and Backup, on free
 * loopback ports and connects to them instead of the settings' hosts. Nothing is saved.
 */
void
onair_application_use_builtin_emulators (OnairApplication *self)
{
  g_return_if_fail (ONAIR_IS_APPLICATION (self));

  onair_application_start_builtin_emulators (self);
  onair_application_reconnect (self);
}

/**
 * onair_application_needs_first_run:
 *
 * Returns: whether no vMix is configured yet: no saved host, none of the single-host keys of
 *   earlier versions ever set, and no emulator; the welcome page asks for one then
 */
gboolean
onair_application_needs_first_run (OnairApplication *self)
{
  static const char * const legacy_keys[] = { "host", "port", "use-tls", "username" };
  g_autoptr(GVariant) hosts = NULL;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (self), FALSE);

  if (onair_application_is_emulated (self))
    return FALSE;
  hosts = g_settings_get_value (self->settings, "hosts");
  if (g_variant_n_children (hosts) > 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (legacy_keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_user_value (self->settings, legacy_keys[i]);

      if (value != NULL)
        return FALSE;
    }
  return TRUE;
}

/* Every host starts polling, except before any is configured: the single-host keys' default
 * address is no vMix anybody set up, and polling it would only report a failure. */
void
onair_application_start_hosts (OnairApplication *self)
{
  if (!onair_application_needs_first_run (self))
    onair_fleet_start_all (self->fleet);
}

/**
 * onair_application_add_host:
 * @profile: a vMix host; its password, if any, already in the keyring
 *
 * Saves @profile in the settings' hosts (replacing the host with its id, else after the
 * others); the fleet follows the settings and connects to it.
 */
void
onair_application_add_host (OnairApplication       *self,
                            const OnairHostProfile *profile)
{
  g_autoptr(GVariant) hosts = NULL;
  GVariantBuilder builder;
  gboolean replaced = FALSE;
  GVariantIter iter;
  GVariant *child;

  g_return_if_fail (ONAIR_IS_APPLICATION (self));
  g_return_if_fail (profile != NULL);

  hosts = g_settings_get_value (self->settings, "hosts");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, hosts);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariantDict) dict = g_variant_dict_new (child);
      const char *id = NULL;

      if (g_variant_dict_lookup (dict, "id", "&s", &id) && g_strcmp0 (id, profile->id) == 0)
        {
          g_variant_builder_add_value (&builder, onair_host_profile_to_variant (profile));
          replaced = TRUE;
        }
      else
        g_variant_builder_add_value (&builder, child);
      g_variant_unref (child);
    }
  if (!replaced)
    g_variant_builder_add_value (&builder, onair_host_profile_to_variant (profile));
  g_settings_set_value (self->settings, "hosts", g_variant_builder_end (&builder));
}

/* Like onair_fleet_load(), from profiles that are not in the settings. */
void
onair_application_sync_fleet_to_profiles (OnairApplication *self,
                        GPtrArray        *profiles)
{
  GListModel *model = G_LIST_MODEL (self->fleet);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i - 1);
      const char *id = onair_vmix_session_get_id (session);
      gboolean kept = FALSE;

      for (guint j = 0; j < profiles->len && !kept; j++)
        kept = g_str_equal (((OnairHostProfile *) g_ptr_array_index (profiles, j))->id, id);
      if (!kept)
        onair_fleet_remove (self->fleet, id);
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      OnairHostProfile *profile = g_ptr_array_index (profiles, i);
      OnairVmixSession *session = onair_fleet_lookup (self->fleet, profile->id);

      if (session != NULL)
        onair_vmix_session_reconfigure (session, profile);
      else
        onair_fleet_add (self->fleet, profile);
    }
}

/* The host the Control Room shows when none was chosen: the Main one, else the first. */
OnairVmixSession *
onair_application_default_session (OnairApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);
  OnairVmixSession *first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);

      if (onair_vmix_session_get_role (session) == ONAIR_HOST_ROLE_MAIN)
        return session;
      if (first == NULL)
        first = session;
    }
  return first;
}

OnairVmixSession *
onair_application_main_role_session (OnairApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);

      if (onair_vmix_session_get_role (session) == ONAIR_HOST_ROLE_MAIN)
        return session;
    }
  return NULL;
}


/* The chosen host's poller and controller are the application's: announce them whenever
 * its session starts, stops or the choice changes. */
void
onair_application_sync_chosen (OnairApplication *self)
{
  OnairVmixSession *session = onair_fleet_lookup (self->fleet, self->chosen_id);
  OnairPoller *poller;
  OnairController *controller;
  OnairHealthMonitor *monitor;

  g_object_freeze_notify (G_OBJECT (self));

  if (session == NULL)
    {
      session = onair_application_default_session (self);
      if (session != NULL || self->chosen_id != NULL)
        {
          g_free (self->chosen_id);
          self->chosen_id = session ? g_strdup (onair_vmix_session_get_id (session)) : NULL;
          g_object_notify (G_OBJECT (self), "chosen-host-id");
        }
    }
  if (session != self->chosen)
    {
      if (self->chosen != NULL)
        g_signal_handlers_disconnect_by_func (self->chosen, onair_application_sync_chosen, self);
      g_set_object (&self->chosen, session);
      if (session != NULL)
        g_signal_connect_object (session, "connection-changed", G_CALLBACK (onair_application_sync_chosen), self,
                                 G_CONNECT_SWAPPED);
    }

  poller = session ? onair_vmix_session_get_poller (session) : NULL;
  controller = session ? onair_vmix_session_get_controller (session) : NULL;
  monitor = session ? onair_vmix_session_get_health (session) : NULL;
  /* Both are set before either is announced: listeners read them together. */
  if (poller != self->poller)
    {
      g_set_object (&self->poller, poller);
      g_object_notify (G_OBJECT (self), "poller");
    }
  if (controller != self->controller)
    {
      g_set_object (&self->controller, controller);
      g_object_notify (G_OBJECT (self), "controller");
    }
  if (monitor != self->monitor)
    {
      g_set_object (&self->monitor, monitor);
      g_object_notify (G_OBJECT (self), "health");
    }

  if (onair_application_ingest_target (self) != self->ingest_monitor)
    onair_application_update_ingest_sources (self);

  g_object_thaw_notify (G_OBJECT (self));
}

void
onair_application_configure_sessions (OnairApplication *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);
  guint interval_ms = g_settings_get_uint (self->settings, "poll-interval-ms");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);

      onair_vmix_session_set_poll_interval_ms (session, interval_ms);
    }
  onair_application_load_thresholds (self);
}
