/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ONAIR_EMULATOR_PROFILE_VMIX28, /* vMix 28, 4K edition: 5 streams, <outputs> with SRT */
  ONAIR_EMULATOR_PROFILE_VMIX26, /* vMix 26, HD edition: 3 streams, no <outputs> */
  ONAIR_EMULATOR_PROFILE_VMIX21, /* vMix 21, HD edition: 3 streams, <streaming>True</streaming>
                                  * without channel attributes while any stream is live */
  ONAIR_EMULATOR_N_PROFILES
} OnairEmulatorProfile;

/* The test clock starts at 2025-11-12T10:30:00Z (Unix time). */
#define ONAIR_EMULATOR_TEST_EPOCH G_GINT64_CONSTANT (1762943400)

/* One function call the emulator received, in arrival order. */
typedef struct
{
  char       *function;   /* as sent, e.g. "StartStreaming" */
  GHashTable *params;     /* char* -> char*, every query parameter except Function */
  gint64      time_s;     /* emulator clock: Unix time in seconds (see onair_emulator_get_time) */
  guint       status;     /* HTTP status answered; 0 when the connection was closed instead */
} OnairEmulatorCall;

void           onair_emulator_call_free          (OnairEmulatorCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairEmulatorCall, onair_emulator_call_free)

#define ONAIR_TYPE_EMULATOR (onair_emulator_get_type ())
G_DECLARE_FINAL_TYPE (OnairEmulator, onair_emulator, ONAIR, EMULATOR, GObject)

OnairEmulator *onair_emulator_new                (OnairEmulatorProfile profile);
/* "vmix28", "vmix26" or "vmix21"; FALSE for another name. */
gboolean       onair_emulator_profile_from_name  (const char           *name,
                                                  OnairEmulatorProfile *profile);
gboolean       onair_emulator_start              (OnairEmulator *self,
                                                  guint          port,
                                                  GError       **error);
void           onair_emulator_stop               (OnairEmulator *self);
/* The port bound by the last successful start (kept after stop, so a test can restart on it). */
guint          onair_emulator_get_port           (OnairEmulator *self);
/* vMix's TCP API (port 8099 on a real vMix) on 127.0.0.1, beside HTTP: "VERSION OK" on
 * connect; FUNCTION, XML, TALLY, SUBSCRIBE/UNSUBSCRIBE TALLY|ACTS, ACTS, PING, QUIT; and
 * the pushes of what changed, whatever changed it. No password, as in vMix. Stopped by
 * onair_emulator_stop() too; onair_emulator_start() does not restart it. */
gboolean       onair_emulator_start_tcp          (OnairEmulator *self,
                                                  guint          port,
                                                  GError       **error);
/* Closes the TCP port and its connections while HTTP goes on. */
void           onair_emulator_stop_tcp           (OnairEmulator *self);
/* The port bound by the last successful start_tcp (kept after stop). */
guint          onair_emulator_get_tcp_port       (OnairEmulator *self);
/* TCP connections open now. */
guint          onair_emulator_get_tcp_connection_count (OnairEmulator *self);
/* Every TCP request received (not counted in get_request_count). */
guint          onair_emulator_get_tcp_request_count (OnairEmulator *self);
/* "http://127.0.0.1:<port>/" ("https" with a certificate); the API is at "<base>api". */
char          *onair_emulator_dup_base_uri       (OnairEmulator *self);
void           onair_emulator_set_tls_certificate (OnairEmulator   *self,
                                                   GTlsCertificate *certificate);

/* Configuration (before or after start). */
void           onair_emulator_set_input_count    (OnairEmulator *self,
                                                  guint          n_inputs);
/* Basic auth (realm "vMix") is required while either is non-empty; a NULL or empty
 * user accepts any user name with the right password. */
void           onair_emulator_set_credentials    (OnairEmulator *self,
                                                  const char    *user,
                                                  const char    *password);
/* The document's form: real vMix writes no <?xml?> declaration (a few builds do), and
 * names only the stream channels that are on; the documented form names all of them. */
void           onair_emulator_set_xml_declaration (OnairEmulator *self,
                                                   gboolean       declaration);
void           onair_emulator_set_all_channel_attributes (OnairEmulator *self,
                                                          gboolean       all);
/* Renames input @number (from 1); e.g. a non-ASCII title for byte counts. */
void           onair_emulator_set_input_title    (OnairEmulator *self,
                                                  guint          number,
                                                  const char    *title);
guint          onair_emulator_get_stream_count   (OnairEmulator *self);
/* Output 1-4; SRT functions address them 0-based. */
guint          onair_emulator_get_srt_output_count (OnairEmulator *self);
const char    *onair_emulator_get_version        (OnairEmulator *self);
const char    *onair_emulator_get_edition        (OnairEmulator *self);

/* State, as a test sees it. Stream indexes are 0-based like vMix's Value. */
gboolean       onair_emulator_get_stream_live    (OnairEmulator *self,
                                                  guint          stream);
const char    *onair_emulator_get_stream_url     (OnairEmulator *self,
                                                  guint          stream);
const char    *onair_emulator_get_stream_key     (OnairEmulator *self,
                                                  guint          stream);
const char    *onair_emulator_get_stream_username (OnairEmulator *self,
                                                   guint          stream);
const char    *onair_emulator_get_stream_password (OnairEmulator *self,
                                                   guint          stream);
gboolean       onair_emulator_get_recording      (OnairEmulator *self);
/* Whole seconds, like the duration attribute of <recording>. */
gint64         onair_emulator_get_recording_duration (OnairEmulator *self);
gboolean       onair_emulator_get_srt_output     (OnairEmulator *self,
                                                  guint          output);
gboolean       onair_emulator_get_external       (OnairEmulator *self);
gboolean       onair_emulator_get_multicorder    (OnairEmulator *self);
/* Input numbers from 1; 0 when there is none. */
guint          onair_emulator_get_preview_input  (OnairEmulator *self);
guint          onair_emulator_get_active_input   (OnairEmulator *self);
/* The lines WriteDurationToRecordingLog wrote while recording, "<duration> <tag>" each
 * (duration in whole seconds; just "<duration>" without a tag). (transfer none): char*,
 * owned by the emulator. */
GPtrArray     *onair_emulator_get_recording_log  (OnairEmulator *self);
/* Every function call received, oldest first, including those answered by a fault; TCP
 * FUNCTION requests too, with status 200 for "FUNCTION OK", 500 for "FUNCTION ER".
 * (transfer none): OnairEmulatorCall*, owned by the emulator; valid until clear_calls
 * or the emulator's finalization. */
GPtrArray     *onair_emulator_get_calls          (OnairEmulator *self);
guint          onair_emulator_count_calls        (OnairEmulator *self,
                                                  const char    *function);
/* A function run from outside HTTP: vMix's own buttons, another controller. */
gboolean       onair_emulator_call_function      (OnairEmulator *self,
                                                  const char    *name,
                                                  const char    *query);
void           onair_emulator_clear_calls        (OnairEmulator *self);
/* Every HTTP request that got past authentication, state and functions alike. */
guint          onair_emulator_get_request_count  (OnairEmulator *self);
/* The state document as served right now. */
char          *onair_emulator_render_xml         (OnairEmulator *self);

/* Test clock: when set (before anything time-based starts), time stands at
 * ONAIR_EMULATOR_TEST_EPOCH and only moves with advance(). */
void           onair_emulator_use_test_clock     (OnairEmulator *self);
void           onair_emulator_advance            (OnairEmulator *self,
                                                  guint          seconds);
/* The emulator's clock, Unix time in seconds. */
gint64         onair_emulator_get_time           (OnairEmulator *self);

/* Fault injection. A request that closes its connection is not executed; one answered
 * 500 by fail_next/fail_every is not executed either. A closed keep-alive connection makes
 * libsoup resend an idempotent request once on a new connection. */
void           onair_emulator_set_latency_ms     (OnairEmulator *self,
                                                  guint          latency_ms);
void           onair_emulator_fail_next          (OnairEmulator *self,
                                                  guint          n_requests);
void           onair_emulator_fail_function      (OnairEmulator *self,
                                                  const char    *function,
                                                  guint          n_calls);
void           onair_emulator_set_fail_every     (OnairEmulator *self,
                                                  guint          every_n);
void           onair_emulator_close_next         (OnairEmulator *self,
                                                  guint          n_requests);
void           onair_emulator_set_malformed_xml  (OnairEmulator *self,
                                                  gboolean       malformed);
void           onair_emulator_set_truncated_xml  (OnairEmulator *self,
                                                  gboolean       truncated);
/* Pads the document with extra Blank inputs until it grew by at least extra_bytes. */
void           onair_emulator_set_oversized_xml  (OnairEmulator *self,
                                                  gsize          extra_bytes);
void           onair_emulator_drop_stream        (OnairEmulator *self,
                                                  guint          stream);
/* The stream goes off by itself this many seconds (emulator clock) after each time it goes
 * live; 0 turns it off. */
void           onair_emulator_set_drop_stream_after (OnairEmulator *self,
                                                     guint          stream,
                                                     guint          seconds);
void           onair_emulator_set_recording_stalled (OnairEmulator *self,
                                                     gboolean       stalled);
void           onair_emulator_set_master_silent  (OnairEmulator *self,
                                                  gboolean       silent);
/* TCP faults: everything sent in pieces of 1-7 bytes cut anywhere, each on its own after a
 * short pause; the next TCP request (on any connection) resets its connection instead of
 * being executed and answered. onair_emulator_stop_tcp() closes the port. */
void           onair_emulator_set_tcp_split      (OnairEmulator *self,
                                                  gboolean       split);
void           onair_emulator_tcp_reset_next     (OnairEmulator *self);

G_END_DECLS
