/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/destinations/onair-url.h"
#include "onair-host-profile.h"
#include "core/vmix/onair-vmix-activators.h"

G_DEFINE_BOXED_TYPE (OnairHostProfile, onair_host_profile, onair_host_profile_copy,
                     onair_host_profile_free)

static const char * const role_names[] = {
  [ONAIR_HOST_ROLE_MAIN] = "main",
  [ONAIR_HOST_ROLE_BACKUP] = "backup",
  [ONAIR_HOST_ROLE_OTHER] = "other",
};

const char *
onair_host_role_to_string (OnairHostRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), "other");
  return role_names[role];
}

gboolean
onair_host_role_from_string (const char    *text,
                             OnairHostRole *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

OnairHostProfile *
onair_host_profile_new (const char    *id,
                        const char    *name,
                        OnairHostRole  role,
                        const char    *host,
                        guint          port,
                        gboolean       use_tls,
                        const char    *username)
{
  OnairHostProfile *profile = g_new0 (OnairHostProfile, 1);

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  profile->id = g_strdup (id);
  profile->name = g_strdup (name != NULL && *name != '\0' ? name : id);
  profile->role = role;
  profile->host = g_strdup (host != NULL ? host : "");
  profile->port = port;
  profile->use_tls = use_tls;
  profile->username = username != NULL && *username != '\0' ? g_strdup (username) : NULL;
  profile->tcp_port = ONAIR_VMIX_TCP_PORT;
  return profile;
}

OnairHostProfile *
onair_host_profile_copy (const OnairHostProfile *profile)
{
  OnairHostProfile *copy;

  g_return_val_if_fail (profile != NULL, NULL);
  copy = onair_host_profile_new (profile->id, profile->name, profile->role, profile->host,
                                 profile->port, profile->use_tls, profile->username);
  copy->tcp_port = profile->tcp_port;
  return copy;
}

void
onair_host_profile_free (OnairHostProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->id);
  g_free (profile->name);
  g_free (profile->host);
  g_free (profile->username);
  g_free (profile);
}

gboolean
onair_host_profile_equal (const OnairHostProfile *a,
                          const OnairHostProfile *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         a->role == b->role && g_strcmp0 (a->host, b->host) == 0 && a->port == b->port &&
         a->use_tls == b->use_tls && g_strcmp0 (a->username, b->username) == 0 &&
         a->tcp_port == b->tcp_port;
}

/**
 * onair_host_profile_dup_secret_id:
 *
 * Returns: (transfer full): what the Web Controller's password is filed under in the
 *   keyring: "host:port"
 */
char *
onair_host_profile_dup_secret_id (const OnairHostProfile *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);
  return g_strdup_printf ("%s:%u", profile->host, profile->port);
}

GVariant *
onair_host_profile_to_variant (const OnairHostProfile *profile)
{
  GVariantBuilder builder;

  g_return_val_if_fail (profile != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (profile->id));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (profile->name));
  g_variant_builder_add (&builder, "{sv}", "role",
                         g_variant_new_string (onair_host_role_to_string (profile->role)));
  g_variant_builder_add (&builder, "{sv}", "host", g_variant_new_string (profile->host));
  g_variant_builder_add (&builder, "{sv}", "port", g_variant_new_uint32 (profile->port));
  g_variant_builder_add (&builder, "{sv}", "use-tls", g_variant_new_boolean (profile->use_tls));
  g_variant_builder_add (&builder, "{sv}", "tcp-port", g_variant_new_uint32 (profile->tcp_port));
  if (profile->username != NULL)
    g_variant_builder_add (&builder, "{sv}", "username", g_variant_new_string (profile->username));
  return g_variant_builder_end (&builder);
}

/**
 * onair_host_profile_new_from_variant:
 * @variant: an `a{sv}` as onair_host_profile_to_variant() writes it
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with an
 *   %ONAIR_DESTINATION_ERROR_INVALID_DATA error
 */
OnairHostProfile *
onair_host_profile_new_from_variant (GVariant  *variant,
                                     GError   **error)
{
  g_autoptr(GVariantDict) dict = NULL;
  const char *id = NULL, *name = NULL, *role_text = NULL, *host = NULL, *username = NULL;
  guint32 port = 0, tcp_port = ONAIR_VMIX_TCP_PORT;
  gboolean use_tls = FALSE;
  OnairHostProfile *profile;
  OnairHostRole role = ONAIR_HOST_ROLE_OTHER;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    goto invalid;
  dict = g_variant_dict_new (variant);
  if (!g_variant_dict_lookup (dict, "id", "&s", &id) || *id == '\0' ||
      !g_variant_dict_lookup (dict, "host", "&s", &host) ||
      !g_variant_dict_lookup (dict, "port", "u", &port) || port == 0 || port > 65535)
    goto invalid;
  g_variant_dict_lookup (dict, "name", "&s", &name);
  g_variant_dict_lookup (dict, "use-tls", "b", &use_tls);
  g_variant_dict_lookup (dict, "username", "&s", &username);
  if (g_variant_dict_lookup (dict, "role", "&s", &role_text) &&
      !onair_host_role_from_string (role_text, &role))
    role = ONAIR_HOST_ROLE_OTHER;

  /* Saved before the TCP API was used: vMix's fixed port. */
  if (g_variant_dict_lookup (dict, "tcp-port", "u", &tcp_port) && tcp_port > 65535)
    goto invalid;
  profile = onair_host_profile_new (id, name, role, host, port, use_tls, username);
  profile->tcp_port = tcp_port;
  return profile;

invalid:
  g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_DATA,
                       _("A saved vMix host cannot be read: it needs an id, a host and a port "
                         "from 1 to 65535."));
  return NULL;
}
