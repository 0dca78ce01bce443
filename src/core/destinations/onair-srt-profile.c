/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

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
