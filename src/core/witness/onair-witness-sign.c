/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include <string.h>

#include "core/destinations/onair-fingerprint.h"
#include "onair-witness-private.h"

/*
 * Export signatures: Ed25519 (PureEdDSA) over the canonical document without its signature.
 * Keys travel as unencrypted PKCS#8, PEM or DER: what `openssl genpkey -algorithm ed25519`
 * writes and what the keyring stores. Public keys and signatures appear in exports as base64
 * of their raw 32 and 64 bytes.
 */

#define PUBLIC_KEY_SIZE 32
#define SIGNATURE_SIZE  64

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_privkey_t, gnutls_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)

/* Key material that is wiped before its memory is freed. */
typedef struct {
  gsize  size;
  guint8 data[];
} SecretBlock;

static void
secret_block_free (gpointer data)
{
  SecretBlock *block = data;

  gnutls_memset (block->data, 0, block->size);
  g_free (block);
}

static gboolean
key_error (GError     **error,
           int          code,
           const char  *what)
{
  /* Translators: %s is a reason from GnuTLS */
  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
               _("The signing key is unusable (%s): %s"), what, gnutls_strerror (code));
  return FALSE;
}

static gboolean
import_private_key (GBytes            *signing_key,
                    gnutls_privkey_t  *out,
                    GError           **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  gnutls_datum_t datum;
  gsize size;
  gnutls_x509_crt_fmt_t format;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (signing_key, &size);
  datum.size = (unsigned int) size;
  format = size >= 10 && memcmp (datum.data, "-----BEGIN", 10) == 0 ? GNUTLS_X509_FMT_PEM
                                                                    : GNUTLS_X509_FMT_DER;

  if ((ret = gnutls_privkey_init (&key)) < 0)
    return key_error (error, ret, "init");

  if ((ret = gnutls_privkey_import_x509_raw (key, &datum, format, NULL, 0)) < 0)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                   _("The signing key could not be read: %s. It must be an unencrypted "
                     "PKCS#8 Ed25519 key (openssl genpkey -algorithm ed25519)."),
                   gnutls_strerror (ret));
      return FALSE;
    }

  if (gnutls_privkey_get_pk_algorithm (key, NULL) != GNUTLS_PK_EDDSA_ED25519)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                   _("The signing key is not an Ed25519 key."));
      return FALSE;
    }

  *out = g_steal_pointer (&key);
  return TRUE;
}

static char *
public_key_base64 (gnutls_privkey_t   key,
                   GError           **error)
{
  g_auto(gnutls_pubkey_t) pub = NULL;
  gnutls_ecc_curve_t curve;
  gnutls_datum_t x = { NULL, 0 };
  char *b64;
  int ret;

  if ((ret = gnutls_pubkey_init (&pub)) < 0 ||
      (ret = gnutls_pubkey_import_privkey (pub, key, 0, 0)) < 0 ||
      (ret = gnutls_pubkey_export_ecc_raw2 (pub, &curve, &x, NULL, 0)) < 0)
    {
      key_error (error, ret, "public key");
      return NULL;
    }

  if (curve != GNUTLS_ECC_CURVE_ED25519 || x.size != PUBLIC_KEY_SIZE)
    {
      gnutls_free (x.data);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                   _("The signing key is not an Ed25519 key."));
      return NULL;
    }

  b64 = g_base64_encode (x.data, x.size);
  gnutls_free (x.data);
  return b64;
}

/**
 * onair_witness_generate_signing_key:
 *
 * Creates a new Ed25519 signing key for exports, to be kept in the keyring.
 *
 * Returns: (transfer full): the private key as unencrypted PKCS#8 PEM (text), wiped from memory
 *   when freed
 */
GBytes *
onair_witness_generate_signing_key (GError **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  g_auto(gnutls_x509_privkey_t) x509 = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  SecretBlock *block;
  int ret;

  if ((ret = gnutls_privkey_init (&key)) < 0 ||
      (ret = gnutls_privkey_generate2 (key, GNUTLS_PK_EDDSA_ED25519,
                                       GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_ED25519), 0,
                                       NULL, 0)) < 0 ||
      (ret = gnutls_privkey_export_x509 (key, &x509)) < 0 ||
      (ret = gnutls_x509_privkey_export2_pkcs8 (x509, GNUTLS_X509_FMT_PEM, NULL,
                                                GNUTLS_PKCS_PLAIN, &pem)) < 0)
    {
      key_error (error, ret, "generate");
      return NULL;
    }

  block = g_malloc (sizeof *block + pem.size);
  block->size = pem.size;
  memcpy (block->data, pem.data, pem.size);
  gnutls_memset (pem.data, 0, pem.size);
  gnutls_free (pem.data);

  return g_bytes_new_with_free_func (block->data, block->size, secret_block_free, block);
}

/**
 * onair_witness_signing_key_dup_public_key:
 * @signing_key: an Ed25519 private key, PKCS#8 PEM or DER
 *
 * Returns: (transfer full) (nullable): base64 of the raw 32-byte public key, as in exports
 */
char *
onair_witness_signing_key_dup_public_key (GBytes  *signing_key,
                                          GError **error)
{
  g_auto(gnutls_privkey_t) key = NULL;

  g_return_val_if_fail (signing_key != NULL, NULL);

  if (!import_private_key (signing_key, &key, error))
    return NULL;

  return public_key_base64 (key, error);
}

/* Decodes base64 that must be exactly the canonical encoding of @size bytes. */
static guint8 *
decode_base64_exact (const char *text,
                     gsize       length,
                     gsize       size)
{
  g_autofree char *copy = NULL;
  g_autofree char *again = NULL;
  g_autofree guint8 *data = NULL;
  gsize out_len;

  if (length != 4 * ((size + 2) / 3))
    return NULL;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' && text[i] != '=')
      return NULL;

  copy = g_strndup (text, length);
  data = g_base64_decode (copy, &out_len);
  if (out_len != size)
    return NULL;

  again = g_base64_encode (data, out_len);
  if (strcmp (again, copy) != 0)
    return NULL;

  return g_steal_pointer (&data);
}

/**
 * onair_witness_public_key_fingerprint:
 * @public_key: base64 of a raw Ed25519 public key
 *
 * A short form to compare keys by eye: the first 32 hex digits of the SHA-256 of the raw key,
 * in groups of four. (8 digits, as for stream keys, would let a forger grind a look-alike key.)
 *
 * Returns: (transfer full): the fingerprint, or "invalid" for something that is not a key
 */
char *
onair_witness_public_key_fingerprint (const char *public_key)
{
  g_autofree guint8 *raw = NULL;
  GString *out;
  guint8 digest[32];
  char hex[65];

  g_return_val_if_fail (public_key != NULL, NULL);

  raw = decode_base64_exact (public_key, strlen (public_key), PUBLIC_KEY_SIZE);
  if (raw == NULL)
    return g_strdup ("invalid");

  gnutls_hash_fast (GNUTLS_DIG_SHA256, raw, PUBLIC_KEY_SIZE, digest);
  onair_witness_hex (digest, hex);

  out = g_string_new (NULL);
  for (guint i = 0; i < 32; i += 4)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, hex + i, 4);
    }

  return g_string_free (out, FALSE);
}

gboolean
onair_witness_sign (GBytes      *signing_key,
                    const char  *message,
                    gsize        length,
                    char       **public_key,
                    char       **signature,
                    GError     **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  gnutls_datum_t data = { (unsigned char *) message, (unsigned int) length };
  gnutls_datum_t sig = { NULL, 0 };
  g_autofree char *pub = NULL;
  int ret;

  if (length > G_MAXUINT)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("The export is too large to sign."));
      return FALSE;
    }

  if (!import_private_key (signing_key, &key, error))
    return FALSE;

  pub = public_key_base64 (key, error);
  if (pub == NULL)
    return FALSE;

  if ((ret = gnutls_privkey_sign_data2 (key, GNUTLS_SIGN_EDDSA_ED25519, 0, &data, &sig)) < 0)
    return key_error (error, ret, "sign");

  if (sig.size != SIGNATURE_SIZE)
    {
      gnutls_free (sig.data);
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   "Unexpected Ed25519 signature size %u", sig.size);
      return FALSE;
    }

  *signature = g_base64_encode (sig.data, sig.size);
  *public_key = g_steal_pointer (&pub);
  gnutls_free (sig.data);

  return TRUE;
}

gboolean
onair_witness_check_signature (const char  *public_key,
                               gsize        public_key_length,
                               const char  *signature,
                               gsize        signature_length,
                               const char  *message,
                               gsize        length,
                               GError     **error)
{
  g_autofree guint8 *raw_key = NULL;
  g_autofree guint8 *raw_sig = NULL;
  g_auto(gnutls_pubkey_t) pub = NULL;
  gnutls_datum_t x, sig, data;
  int ret;

  raw_key = decode_base64_exact (public_key, public_key_length, PUBLIC_KEY_SIZE);
  if (raw_key == NULL)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   _("The public key is not base64 of 32 bytes."));
      return FALSE;
    }

  raw_sig = decode_base64_exact (signature, signature_length, SIGNATURE_SIZE);
  if (raw_sig == NULL)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   _("The signature is not base64 of 64 bytes."));
      return FALSE;
    }

  if (length > G_MAXUINT)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   _("The export is too large to check."));
      return FALSE;
    }

  x.data = raw_key;
  x.size = PUBLIC_KEY_SIZE;
  sig.data = raw_sig;
  sig.size = SIGNATURE_SIZE;
  data.data = (unsigned char *) message;
  data.size = (unsigned int) length;

  if ((ret = gnutls_pubkey_init (&pub)) < 0 ||
      (ret = gnutls_pubkey_import_ecc_raw (pub, GNUTLS_ECC_CURVE_ED25519, &x, NULL)) < 0)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   _("The public key is not an Ed25519 key: %s"), gnutls_strerror (ret));
      return FALSE;
    }

  if (gnutls_pubkey_verify_data2 (pub, GNUTLS_SIGN_EDDSA_ED25519, 0, &data, &sig) < 0)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_SIGNATURE,
                   _("The signature does not match the document: it was changed after "
                     "signing, or signed with another key."));
      return FALSE;
    }

  return TRUE;
}
