/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONAIR_SRT_MIN_LATENCY_MS      20
#define ONAIR_SRT_MAX_LATENCY_MS    8000
#define ONAIR_SRT_MIN_PASSPHRASE      10
#define ONAIR_SRT_MAX_PASSPHRASE      79
#define ONAIR_SRT_MAX_STREAM_ID      512

typedef enum
{
  ONAIR_SRT_MODE_CALLER,
  ONAIR_SRT_MODE_LISTENER,
  ONAIR_SRT_MODE_RENDEZVOUS,
} OnairSrtMode;

/**
 * OnairSrtProfile:
 * @output: the 0-based vMix output the profile belongs to
 * @mode: caller, listener or rendezvous
 * @address: `srt://host:port`
 * @latency_ms: 20–8000
 * @stream_id: (nullable): the SRT stream id
 * @has_passphrase: whether a passphrase is kept in the keyring for this profile
 *
 * What the producer configured for an SRT output in vMix's own settings. vMix applies
 * these from its settings window (no API sets them); Onair keeps them as the record of
 * what was configured. The passphrase itself lives only in the keyring.
 */
typedef struct
{
  guint         output;
  OnairSrtMode  mode;
  char         *address;
  guint         latency_ms;
  char         *stream_id;
  gboolean      has_passphrase;
} OnairSrtProfile;

GType            onair_srt_profile_get_type    (void) G_GNUC_CONST;
#define ONAIR_TYPE_SRT_PROFILE (onair_srt_profile_get_type ())

OnairSrtProfile *onair_srt_profile_new         (OnairSrtMode           mode,
                                                const char            *address,
                                                guint                  latency_ms,
                                                const char            *stream_id);
OnairSrtProfile *onair_srt_profile_copy        (const OnairSrtProfile *profile);
void             onair_srt_profile_free        (OnairSrtProfile       *profile);
const char      *onair_srt_mode_to_string      (OnairSrtMode           mode);
gboolean         onair_srt_mode_from_string    (const char            *text,
                                                OnairSrtMode          *mode);
GVariant        *onair_srt_profile_to_variant  (const OnairSrtProfile *profile);
OnairSrtProfile *onair_srt_profile_new_from_variant (GVariant         *variant);
GPtrArray       *onair_srt_profiles_load       (GSettings             *settings);
void             onair_srt_profiles_save       (GSettings             *settings,
                                                GPtrArray             *profiles);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairSrtProfile, onair_srt_profile_free)

G_END_DECLS
