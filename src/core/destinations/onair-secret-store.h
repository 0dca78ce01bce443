/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ONAIR_SECRET_ERROR (onair_secret_error_quark ())

/**
 * OnairSecretError:
 * @ONAIR_SECRET_ERROR_NO_KEYRING: no Secret Service (keyring) answers on the session bus
 * @ONAIR_SECRET_ERROR_LOCKED: the keyring is locked, has no default collection, or
 *   unlocking it was refused
 * @ONAIR_SECRET_ERROR_FAILED: the keyring answered but refused the request
 *
 * Errors from the keyring. Messages are translated, say what to do, and never contain
 * a secret. A cancelled operation reports %G_IO_ERROR_CANCELLED instead.
 */
typedef enum
{
  ONAIR_SECRET_ERROR_NO_KEYRING,
  ONAIR_SECRET_ERROR_LOCKED,
  ONAIR_SECRET_ERROR_FAILED,
} OnairSecretError;

GQuark onair_secret_error_quark (void);

/**
 * OnairSecretKind:
 * @ONAIR_SECRET_KIND_STREAM_KEY: a destination's stream key (id: the destination's id)
 * @ONAIR_SECRET_KIND_STREAM_PASSWORD: a destination's server password, for servers that
 *   need a user name and password (id: the destination's id)
 * @ONAIR_SECRET_KIND_SRT_PASSPHRASE: an SRT profile's passphrase (id: the profile's id)
 * @ONAIR_SECRET_KIND_VMIX_PASSWORD: the vMix Web Controller password (id: the host)
 * @ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY: the witness chain's signing key
 * @ONAIR_SECRET_KIND_WITNESS_HEAD: the witness chain's last known head
 * @ONAIR_SECRET_KIND_WEBHOOK_URL: an alert sink's address, which carries its token
 *   (id: the sink's id)
 *
 * What a secret is; stored as the `kind` attribute of the keyring item.
 */
typedef enum
{
  ONAIR_SECRET_KIND_STREAM_KEY,
  ONAIR_SECRET_KIND_STREAM_PASSWORD,
  ONAIR_SECRET_KIND_SRT_PASSPHRASE,
  ONAIR_SECRET_KIND_VMIX_PASSWORD,
  ONAIR_SECRET_KIND_WITNESS_SIGNING_KEY,
  ONAIR_SECRET_KIND_WITNESS_HEAD,
  ONAIR_SECRET_KIND_WEBHOOK_URL,
} OnairSecretKind;

const char *onair_secret_kind_to_string (OnairSecretKind kind);

void        onair_secret_free           (char            *secret);

#define ONAIR_TYPE_SECRET_STORE (onair_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (OnairSecretStore, onair_secret_store, ONAIR, SECRET_STORE, GObject)

OnairSecretStore *onair_secret_store_new            (void);

void              onair_secret_store_store_async    (OnairSecretStore     *self,
                                                     OnairSecretKind       kind,
                                                     const char           *id,
                                                     const char           *label,
                                                     const char           *secret,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          onair_secret_store_store_finish   (OnairSecretStore     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void              onair_secret_store_lookup_async   (OnairSecretStore     *self,
                                                     OnairSecretKind       kind,
                                                     const char           *id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char             *onair_secret_store_lookup_finish  (OnairSecretStore     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void              onair_secret_store_clear_async    (OnairSecretStore     *self,
                                                     OnairSecretKind       kind,
                                                     const char           *id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          onair_secret_store_clear_finish   (OnairSecretStore     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
