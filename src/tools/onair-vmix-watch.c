/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>

#include "onair-vmix-private.h"

/*
 * `onair-vmix watch`: a line for every change vMix's state shows — a stream, the recording,
 * the external output, Fade To Black, the master's mute, program and preview — as soon as
 * Onair sees it. With vMix's TCP API (port 8099 unless --tcp-port says otherwise) a change
 * arrives as it happens and the document is fetched once a second otherwise; without it,
 * the document is polled every 250 ms, and the first line says which of the two it is.
 */

typedef struct
{
  gboolean streams[ONAIR_VMIX_MAX_STREAMS];
  guint    n_streams;
  gboolean recording;
  gboolean external;
  gboolean fade_to_black;
  gboolean muted;
  guint    program;
  guint    preview;
} Snapshot;

static void
take_snapshot (OnairVmixState *state,
               Snapshot       *snapshot)
{
  const OnairVmixMeter *master = onair_vmix_state_get_master (state);

  snapshot->n_streams = MIN (onair_vmix_state_get_stream_count (state), ONAIR_VMIX_MAX_STREAMS);
  for (guint i = 0; i < snapshot->n_streams; i++)
    snapshot->streams[i] = onair_vmix_state_get_stream_state (state, i) == ONAIR_VMIX_STREAM_ON;
  snapshot->recording = onair_vmix_state_get_recording (state);
  snapshot->external = onair_vmix_state_get_external (state);
  snapshot->fade_to_black = onair_vmix_state_get_fade_to_black (state);
  snapshot->muted = master != NULL && master->muted;
  snapshot->program = onair_vmix_state_get_active (state);
  snapshot->preview = onair_vmix_state_get_preview (state);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%H:%M:%S.%f");
}

/* One change: "21:04:13.123456 stream 2 live", or as JSON. */
static void
print_change (Cli        *self,
              const char *what,
              const char *value,
              gint64      number)
{
  g_autofree char *time = now_text ();

  if (self->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "change");
      json_builder_add_string_value (builder, what);
      json_builder_set_member_name (builder, "value");
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_int_value (builder, number);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (value != NULL)
    g_print ("%s %s %s\n", time, what, value);
  else
    g_print ("%s %s %" G_GINT64_FORMAT "\n", time, what, number);
}

static void
compare (Cli            *self,
         const Snapshot *old,
         const Snapshot *new)
{
  guint changes = 0;

  for (guint i = 0; i < new->n_streams; i++)
    if (old->streams[i] != new->streams[i])
      {
        g_autofree char *what = g_strdup_printf ("stream-%u", i + 1);

        print_change (self, what, new->streams[i] ? "live" : "off", 0);
        changes++;
      }
  if (old->recording != new->recording)
    print_change (self, "recording", new->recording ? "on" : "off", 0), changes++;
  if (old->external != new->external)
    print_change (self, "external", new->external ? "on" : "off", 0), changes++;
  if (old->fade_to_black != new->fade_to_black)
    print_change (self, "fade-to-black", new->fade_to_black ? "on" : "off", 0), changes++;
  if (old->muted != new->muted)
    print_change (self, "master", new->muted ? "muted" : "on", 0), changes++;
  if (old->program != new->program)
    print_change (self, "program", NULL, new->program), changes++;
  if (old->preview != new->preview)
    print_change (self, "preview", NULL, new->preview), changes++;

  self->watch_changes += changes;
  if (self->watch_count > 0 && self->watch_changes >= (guint) self->watch_count)
    cli_finish (self, EXIT_OK, NULL);
}

static void
state_cb (Cli            *self,
          OnairVmixState *state,
          gint64          round_trip_us,
          OnairPoller    *poller)
{
  Snapshot snapshot = { 0 };

  take_snapshot (state, &snapshot);
  compare (self, self->watch_snapshot, &snapshot);
  *(Snapshot *) self->watch_snapshot = snapshot;
}

static void
activators_cb (Cli         *self,
               GParamSpec  *pspec,
               OnairPoller *poller)
{
  gboolean pushed = onair_poller_get_activators_connected (poller);

  /* Said once each time it changes; not when the run ends. */
  if (self->done || pushed == self->watch_pushed)
    return;
  self->watch_pushed = pushed;
  if (pushed)
    print_change (self, "updates", "pushed", 0);
  else
    print_change (self, "updates", "polling", 0);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  cli_finish (user_data, EXIT_OK, NULL);
  return G_SOURCE_REMOVE;
}

/* Once connected: the first state is the starting point, every later one is compared. */
void
cli_watch_operation (Cli *self)
{
  OnairVmixState *state = onair_poller_get_state (self->poller);
  guint tcp_port = self->tcp_port >= 0 ? (guint) self->tcp_port : self->target->tcp_port;

  self->watch_snapshot = g_new0 (Snapshot, 1);
  take_snapshot (state, self->watch_snapshot);

  if (tcp_port != 0)
    {
      g_autoptr(OnairVmixActivators) activators =
        onair_vmix_activators_new (self->target->host, tcp_port);

      onair_poller_set_activators (self->poller, activators);
      g_signal_connect_swapped (self->poller, "notify::activators-connected",
                                G_CALLBACK (activators_cb), self);
    }
  print_change (self, "updates", "polling", 0);
  g_signal_connect_swapped (self->poller, "state-received", G_CALLBACK (state_cb), self);
  g_unix_signal_add (SIGINT, interrupted_cb, self);
  g_unix_signal_add (SIGTERM, interrupted_cb, self);
}
