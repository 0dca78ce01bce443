/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * OnairHostRole:
 * @ONAIR_HOST_ROLE_MAIN: the vMix the show goes out from
 * @ONAIR_HOST_ROLE_BACKUP: its backup, usually streaming to the platforms' backup ingest
 * @ONAIR_HOST_ROLE_OTHER: anything else: a second show, a replay machine
 */
typedef enum
{
  ONAIR_HOST_ROLE_MAIN,
  ONAIR_HOST_ROLE_BACKUP,
  ONAIR_HOST_ROLE_OTHER,
} OnairHostRole;

const char *onair_host_role_to_string   (OnairHostRole  role);
gboolean    onair_host_role_from_string (const char    *text,
                                         OnairHostRole *role);

/**
 * OnairHostProfile:
 * @id: stable, unique among the hosts (witness events name it)
 * @name: what the producer calls it: "Main", "Backup"
 * @role: its part in the show
 * @host: host name or address of vMix's Web Controller
 * @port: its port
 * @use_tls: HTTPS, for a vMix behind a TLS proxy
 * @username: (nullable): the Web Controller's user; its password is in the keyring, filed
 *   under the host and port
 * @tcp_port: vMix's TCP API port for activators (8099, fixed in vMix; another for the
 *   built-in emulator), 0 to poll only
 *
 * How to reach one vMix. Saved in the settings; never holds a password.
 */
typedef struct
{
  char          *id;
  char          *name;
  OnairHostRole  role;
  char          *host;
  guint          port;
  gboolean       use_tls;
  char          *username;
  guint          tcp_port;
} OnairHostProfile;

#define ONAIR_TYPE_HOST_PROFILE (onair_host_profile_get_type ())

GType             onair_host_profile_get_type     (void) G_GNUC_CONST;
OnairHostProfile *onair_host_profile_new          (const char             *id,
                                                   const char             *name,
                                                   OnairHostRole           role,
                                                   const char             *host,
                                                   guint                   port,
                                                   gboolean                use_tls,
                                                   const char             *username);
OnairHostProfile *onair_host_profile_copy         (const OnairHostProfile *profile);
void              onair_host_profile_free         (OnairHostProfile       *profile);
gboolean          onair_host_profile_equal        (const OnairHostProfile *a,
                                                   const OnairHostProfile *b);
char             *onair_host_profile_dup_secret_id (const OnairHostProfile *profile);
GVariant         *onair_host_profile_to_variant   (const OnairHostProfile *profile);
OnairHostProfile *onair_host_profile_new_from_variant (GVariant           *variant,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairHostProfile, onair_host_profile_free)

G_END_DECLS
