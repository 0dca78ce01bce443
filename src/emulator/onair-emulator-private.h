/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "onair-emulator.h"

G_BEGIN_DECLS

/* The emulator's internals, shared by the files it is made of:
 *
 *   onair-emulator.c            the state model: the show, its outputs, audio and clock
 *   onair-emulator-functions.c  the functions of the API and the handlers that change state
 *   onair-emulator-xml.c        the state document, as vMix writes it
 *   onair-emulator-http.c       the HTTP front: server, authentication, answers, call log
 *   onair-emulator-faults.c     fault injection: what goes wrong, and when
 *   onair-emulator-tcp.c        the TCP front: listener, connections, requests and replies
 *   onair-emulator-activators.c what the TCP API pushes: activator and tally changes
 */

#define N_OVERLAYS     8
#define N_TRANSITIONS  4
#define N_SRT_OUTPUTS  4
#define N_DYNAMIC      4
#define MAX_STREAMS    5
#define N_BUSES        2

typedef struct
{
  const char *version;
  guint       major;
  const char *edition;
  guint       n_streams;
  gboolean    has_outputs;     /* <outputs> exists from vMix 28 */
  gboolean    channels;        /* <streaming> names the channels that are on (vMix 22+) */
} Profile;

typedef enum
{
  FIELD_URL,
  FIELD_KEY,
  FIELD_USERNAME,
  FIELD_PASSWORD,
  N_FIELDS
} StreamField;

typedef struct
{
  char     *fields[N_FIELDS];
  gboolean  live;
  gint64    live_since_us;
  guint     drop_after_s;
} Stream;

typedef struct
{
  char       *key;
  const char *type;
  char       *title;
  const char *state;        /* "Running" or "Paused" */
  guint       duration_ms;
  gboolean    loop;
  gboolean    has_audio;
  gboolean    muted;
  gboolean    solo;
  double      volume;       /* as vMix writes it: 0–100, a .NET float */
  const char *audiobusses;
  const char *text_names[2]; /* GT titles only */
  char       *texts[2];
  double      phase;
} Input;

typedef struct
{
  char  *effect;
  guint  duration_ms;
} Transition;

typedef struct
{
  double   volume;
  gboolean muted;
} Bus;

/* The values vMix's activators and tally report, as last told to subscribers. */
typedef struct
{
  gboolean valid;
  guint    active;
  guint    preview;
  gboolean recording;
  gboolean streaming;      /* any stream: the activator does not say which */
  gboolean external;
  gboolean multicorder;
  gboolean fullscreen;
  gboolean fade_to_black;
  gboolean master_audio;   /* TRUE when not muted */
  char     master_volume[G_ASCII_DTOSTR_BUF_SIZE]; /* 0-1, as written */
  char    *tally;
} Activators;

/* What a TCP connection subscribed to. */
typedef enum
{
  SUBSCRIBED_TALLY = 1 << 0,
  SUBSCRIBED_ACTS  = 1 << 1,
} Subscription;

typedef enum
{
  FAULT_NONE,
  FAULT_FAIL,
  FAULT_CLOSE,
} Fault;

struct _OnairEmulator
{
  GObject        parent_instance;

  /* The state model (onair-emulator.c, changed by onair-emulator-functions.c) */
  const Profile *profile;
  GPtrArray     *inputs;
  guint          preview;
  guint          active;
  guint          overlays[N_OVERLAYS];
  Transition     transitions[N_TRANSITIONS];
  gboolean       fade_to_black;
  Stream         streams[MAX_STREAMS];
  gboolean       srt[N_SRT_OUTPUTS];
  gboolean       external;
  gboolean       multicorder;
  gboolean       playlist;
  gboolean       fullscreen;
  char          *dynamic_inputs[N_DYNAMIC];
  char          *dynamic_values[N_DYNAMIC];

  gboolean       recording;
  gint64         recording_start_us;
  gint64         recording_segment_us;
  gint64         recording_accum_us;
  gboolean       recording_stalled;
  char          *recording_filename;
  GPtrArray     *recording_log;

  double         master_volume;
  gboolean       master_muted;
  double         headphones_volume;
  Bus            buses[N_BUSES];

  gboolean       test_clock;
  gint64         test_now_us;

  /* The document's form (onair-emulator-xml.c) */
  gboolean       xml_declaration;
  gboolean       all_channel_attributes;

  /* The HTTP front (onair-emulator-http.c) */
  SoupServer    *server;
  GMainContext  *context; /* where the server runs, for delayed answers too */
  guint          port;
  char          *user;
  char          *password;
  GTlsCertificate *tls_certificate;   /* serve HTTPS, as vMix behind a TLS proxy */
  GPtrArray     *calls;
  guint          request_count;
  GList         *pending; /* answers waiting for their latency or fault */

  /* Faults (onair-emulator-faults.c) */
  guint          latency_ms;
  guint          fail_next;
  char          *fail_function;   /* the next fail_function_n calls of it get HTTP 500 */
  guint          fail_function_n;
  guint          fail_every;
  guint          close_next;
  gboolean       malformed;
  gboolean       truncated;
  gsize          oversized;
  gboolean       master_silent;

  /* The TCP front (onair-emulator-tcp.c) and its faults */
  GSocketService *tcp_service;
  GMainContext  *tcp_context;
  guint          tcp_port;
  GList         *tcp_clients;
  guint          tcp_request_count;
  gboolean       tcp_split;
  guint32        tcp_split_state;
  guint          tcp_reset_next;

  /* Activators (onair-emulator-activators.c) */
  Activators     activators;
  GSource       *drop_source;  /* wakes up when a stream drops by itself (real clock) */
};

/* Small helpers every part uses. */

static inline gint64
now_us (OnairEmulator *self)
{
  return self->test_clock ? self->test_now_us : g_get_real_time ();
}

static inline gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static inline gboolean
parse_uint (const char *s,
            guint       max_exclusive,
            guint      *out)
{
  guint64 value;

  if (is_blank (s) || !g_ascii_string_to_unsigned (s, 10, 0, max_exclusive - 1, &value, NULL))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

/* onair-emulator.c */
/* Input @number from 1; %NULL when there is no such input. */
Input      *onair_emulator_nth_input             (OnairEmulator *self,
                                                  guint          number);
/* An Input parameter: number from 1, title, short title or key; "0" is the preview and
 * "-1" the active input. 0 when it names none. */
guint       onair_emulator_resolve_input         (OnairEmulator *self,
                                                  const char    *spec);
/* Meters: linear peak amplitudes 0-1, moving with the emulator's clock. */
double      onair_emulator_input_meter           (OnairEmulator *self,
                                                  Input         *input,
                                                  guint          channel);
double      onair_emulator_master_meter          (OnairEmulator *self,
                                                  guint          channel);
double      onair_emulator_bus_meter             (OnairEmulator *self,
                                                  guint          bus,
                                                  guint          channel);
gint64      onair_emulator_recording_duration_us (OnairEmulator *self);
/* Takes the streams that drop by themselves off once their time has come. */
void        onair_emulator_refresh_streams       (OnairEmulator *self);
gboolean    onair_emulator_any_stream_live       (OnairEmulator *self);

/* onair-emulator-functions.c */
/* A query parameter, its name matched without regard to case as vMix does. */
const char *onair_emulator_lookup_param          (GHashTable    *params,
                                                  const char    *name);
gboolean    onair_emulator_run_function          (OnairEmulator *self,
                                                  const char    *name,
                                                  GHashTable    *params);

/* onair-emulator-http.c */
/* Adds a call to the log; @status is the HTTP status answered (200 or 500 for the TCP API's
 * OK or ER), 0 when the connection was closed instead. */
void        onair_emulator_record_call           (OnairEmulator *self,
                                                  const char    *function,
                                                  GHashTable    *params,
                                                  guint          status);

/* onair-emulator-xml.c */
char       *onair_emulator_render                (OnairEmulator *self,
                                                  gsize         *length);

/* onair-emulator-faults.c */
/* The fault the request being received gets; counts it against fail_next and close_next. */
Fault       onair_emulator_next_fault            (OnairEmulator *self,
                                                  const char    *function);
void        onair_emulator_damage_document       (OnairEmulator *self,
                                                  GString       *document);

/* onair-emulator-activators.c */
/* Tells TCP subscribers what changed since the last call: ACTS lines and the tally. Called
 * after anything that may change an activator (a function, a fault, the test clock); says
 * nothing when nothing changed. */
void        onair_emulator_notify_changes        (OnairEmulator *self);
/* Takes the values subscribers will be told changes of from now on. */
void        onair_emulator_reset_activators      (OnairEmulator *self);
void        onair_emulator_clear_activators      (OnairEmulator *self);
/* "TALLY OK 1200…" without its line end. */
char       *onair_emulator_tally_line            (OnairEmulator *self);
/* The reply to "ACTS <args>" without its line end: "ACTS OK Recording 1", or "ACTS ER …". */
char       *onair_emulator_activator_line        (OnairEmulator *self,
                                                  const char    *args);

/* onair-emulator-tcp.c */
/* Queues @text (whole CRLF-ended lines) on every connection subscribed to @subscription. */
void        onair_emulator_tcp_broadcast         (OnairEmulator *self,
                                                  Subscription   subscription,
                                                  const char    *text);

G_END_DECLS
