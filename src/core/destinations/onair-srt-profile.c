/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

/* Only for the error domain: onair_srt_profile_validate() reports
 * ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE, which its callers match. */
#include "core/show/onair-controller.h"
#include "onair-srt-profile.h"
#include "onair-url.h"

G_DEFINE_BOXED_TYPE (OnairSrtProfile, onair_srt_profile,
                     onair_srt_profile_copy, onair_srt_profile_free)

static const char * const mode_names[] = { "caller", "listener", "rendezvous" };

const char *
onair_srt_mode_to_string (OnairSrtMode mode)
{
  g_return_val_if_fail (mode <= ONAIR_SRT_MODE_RENDEZVOUS, NULL);
  return mode_names[mode];
}

gboolean
onair_srt_mode_from_string (const char   *text,
                            OnairSrtMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (text, mode_names[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * onair_srt_profile_new:
 *
 * Returns: (transfer full): a profile; check it with onair_srt_profile_validate()
 */
OnairSrtProfile *
onair_srt_profile_new (OnairSrtMode  mode,
                       const char   *address,
                       guint         latency_ms,
                       const char   *stream_id)
{
  OnairSrtProfile *profile = g_new0 (OnairSrtProfile, 1);

  profile->mode = mode;
  profile->address = g_strdup (address);
  profile->latency_ms = latency_ms;
  profile->stream_id = g_strdup (stream_id);
  return profile;
}

OnairSrtProfile *
onair_srt_profile_copy (const OnairSrtProfile *profile)
{
  OnairSrtProfile *copy;

  g_return_val_if_fail (profile != NULL, NULL);
  copy = onair_srt_profile_new (profile->mode, profile->address, profile->latency_ms,
                                profile->stream_id);
  copy->has_passphrase = profile->has_passphrase;
  copy->output = profile->output;
  return copy;
}

void
onair_srt_profile_free (OnairSrtProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->address);
  g_free (profile->stream_id);
  g_free (profile);
}

/**
 * onair_srt_profile_validate:
 * @passphrase: (nullable): the passphrase being set, or %NULL when none
 * @error: an %ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE error saying what is wrong
 *
 * Checks the mode, the `srt://host:port` address, the latency (20–8000 ms), the stream
 * id, and the passphrase length (10–79 characters, as SRT requires) when one is set.
 */
gboolean
onair_srt_profile_validate (const OnairSrtProfile  *profile,
                            const char             *passphrase,
                            GError                **error)
{
  g_autoptr(GError) url_error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);

  if (profile->mode > ONAIR_SRT_MODE_RENDEZVOUS)
    {
      g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                   _("The SRT mode must be caller, listener or rendezvous."));
      return FALSE;
    }
  if (profile->address == NULL || *profile->address == '\0' ||
      !onair_url_validate (profile->address, ONAIR_URL_KIND_SRT, NULL, &url_error))
    {
      g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                   _("The SRT address must look like srt://host:port. %s"),
                   url_error ? url_error->message : "");
      return FALSE;
    }
  uri = g_uri_parse (profile->address, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_port (uri) <= 0)
    {
      g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                   _("The SRT address needs a port, as in srt://host:9000."));
      return FALSE;
    }
  if (profile->latency_ms < ONAIR_SRT_MIN_LATENCY_MS || profile->latency_ms > ONAIR_SRT_MAX_LATENCY_MS)
    {
      g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                   _("The SRT latency must be between %u and %u ms."),
                   ONAIR_SRT_MIN_LATENCY_MS, ONAIR_SRT_MAX_LATENCY_MS);
      return FALSE;
    }
  if (profile->stream_id != NULL &&
      (g_utf8_strlen (profile->stream_id, -1) > ONAIR_SRT_MAX_STREAM_ID ||
       !g_utf8_validate (profile->stream_id, -1, NULL)))
    {
      g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                   _("The SRT stream id must be at most %u characters."),
                   ONAIR_SRT_MAX_STREAM_ID);
      return FALSE;
    }
  if (passphrase != NULL && *passphrase != '\0')
    {
      glong length = g_utf8_strlen (passphrase, -1);

      if (length < ONAIR_SRT_MIN_PASSPHRASE || length > ONAIR_SRT_MAX_PASSPHRASE)
        {
          g_set_error (error, ONAIR_CONTROLLER_ERROR, ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE,
                       _("An SRT passphrase must be %u to %u characters long."),
                       ONAIR_SRT_MIN_PASSPHRASE, ONAIR_SRT_MAX_PASSPHRASE);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * onair_srt_profile_to_variant:
 *
 * Returns: (transfer floating): the profile as an `a{sv}` for GSettings, without any
 *   passphrase
 */
GVariant *
onair_srt_profile_to_variant (const OnairSrtProfile *profile)
{
  GVariantBuilder builder;

  g_return_val_if_fail (profile != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "output", g_variant_new_uint32 (profile->output));
  g_variant_builder_add (&builder, "{sv}", "mode",
                         g_variant_new_string (onair_srt_mode_to_string (profile->mode)));
  g_variant_builder_add (&builder, "{sv}", "address",
                         g_variant_new_string (profile->address ? profile->address : ""));
  g_variant_builder_add (&builder, "{sv}", "latency-ms", g_variant_new_uint32 (profile->latency_ms));
  if (profile->stream_id != NULL)
    g_variant_builder_add (&builder, "{sv}", "stream-id", g_variant_new_string (profile->stream_id));
  g_variant_builder_add (&builder, "{sv}", "has-passphrase",
                         g_variant_new_boolean (profile->has_passphrase));
  return g_variant_builder_end (&builder);
}

/**
 * onair_srt_profile_new_from_variant:
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL when @variant is unusable
 */
OnairSrtProfile *
onair_srt_profile_new_from_variant (GVariant *variant)
{
  g_autoptr(OnairSrtProfile) profile = NULL;
  const char *mode = NULL;
  const char *address = NULL;
  const char *stream_id = NULL;
  guint32 output = 0;
  guint32 latency = 120;
  OnairSrtMode parsed;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT) ||
      !g_variant_lookup (variant, "output", "u", &output) ||
      !g_variant_lookup (variant, "mode", "&s", &mode) ||
      !onair_srt_mode_from_string (mode, &parsed) ||
      !g_variant_lookup (variant, "address", "&s", &address))
    return NULL;
  g_variant_lookup (variant, "latency-ms", "u", &latency);
  g_variant_lookup (variant, "stream-id", "&s", &stream_id);

  profile = onair_srt_profile_new (parsed, address, latency, stream_id);
  profile->output = output;
  g_variant_lookup (variant, "has-passphrase", "b", &profile->has_passphrase);
  return g_steal_pointer (&profile);
}

/**
 * onair_srt_profiles_load:
 * @settings: Onair's settings
 *
 * Returns: (transfer full) (element-type OnairSrtProfile): the recorded profiles; entries
 *   that cannot be read are skipped
 */
GPtrArray *
onair_srt_profiles_load (GSettings *settings)
{
  g_autoptr(GVariant) list = g_settings_get_value (settings, "srt-profiles");
  GPtrArray *profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_srt_profile_free);
  GVariantIter iter;
  GVariant *child;

  g_variant_iter_init (&iter, list);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      OnairSrtProfile *profile = onair_srt_profile_new_from_variant (child);

      if (profile != NULL)
        g_ptr_array_add (profiles, profile);
      else
        g_warning ("Skipping an unreadable SRT profile in the settings");
      g_variant_unref (child);
    }
  return profiles;
}

void
onair_srt_profiles_save (GSettings *settings,
                         GPtrArray *profiles)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < profiles->len; i++)
    g_variant_builder_add_value (&builder, onair_srt_profile_to_variant (profiles->pdata[i]));
  g_settings_set_value (settings, "srt-profiles", g_variant_builder_end (&builder));
}
