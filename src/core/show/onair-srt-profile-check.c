/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-controller.h"
#include "core/destinations/onair-url.h"

/* Checking an SRT profile before the controller sends it to vMix: here rather than beside
 * the profile, since its errors are the controller's (%ONAIR_CONTROLLER_ERROR_INVALID_SRT_PROFILE)
 * and destinations/ does not depend on show/. */

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
