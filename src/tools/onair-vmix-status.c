/* SPDX-License-Identifier: GPL-3.0-or-later */

/* onair-vmix: vMix's state as `status` prints it, for one host or a saved document, and
 * `fleet status`: every saved host asked at once, printed in the fleet's order. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "core/show/onair-fleet.h"
#include "core/vmix/onair-vmix-state-json.h"
#include "onair-vmix-private.h"

/* JSON is UTF-8 whatever the locale: write it as is, not through g_print's conversion. */
static void
write_utf8 (const char *text)
{
  fwrite (text, 1, strlen (text), stdout);
}

static const char *
on_off (gboolean on)
{
  /* Translators: the state of a stream, output or recording. */
  return on ? _("on") : _("off");
}

static char *
dup_version_line (OnairVmixState *state)
{
  const char *version = onair_vmix_state_get_version (state);
  const char *edition = onair_vmix_state_get_edition (state);

  return g_strdup_printf (_("vMix %s, %s edition"),
                          version ? version : _("(unknown version)"),
                          edition ? edition : _("unknown"));
}

static char *
dup_streams_line (OnairVmixState *state)
{
  g_autoptr(GString) list = g_string_new (NULL);

  if (!onair_vmix_state_get_streams_reported (state))
    return g_strdup (_("Streams: streaming — channel not reported by this vMix"));

  for (guint i = 0; i < onair_vmix_state_get_stream_count (state); i++)
    {
      gboolean live = onair_vmix_state_get_stream_live (state, i);

      if (list->len > 0)
        g_string_append (list, ", ");
      /* Translators: one stream in the list of streams, e.g. "2 live" or "3 off". */
      g_string_append_printf (list, _("%u %s"), i + 1, live ? _("live") : _("off"));
    }
  return g_strdup_printf (_("Streams: %s"), list->str);
}

static char *
dup_recording_line (OnairVmixState *state)
{
  gint64 duration = onair_vmix_state_get_recording_duration (state);

  if (onair_vmix_state_get_recording (state) && duration >= 0)
    {
      g_autofree char *text = cli_format_duration (duration);

      return g_strdup_printf (_("Recording: on for %s"), text);
    }
  return g_strdup_printf (_("Recording: %s"), on_off (onair_vmix_state_get_recording (state)));
}

static void
print_state_text (OnairVmixState *state)
{
  const char * const *files = onair_vmix_state_get_recording_files (state);
  const OnairVmixMeter *master = onair_vmix_state_get_master (state);
  g_autofree char *version = dup_version_line (state);
  g_autofree char *streams = dup_streams_line (state);
  g_autofree char *recording = dup_recording_line (state);
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean any_srt = FALSE;

  g_print ("%s\n%s\n%s\n", version, streams, recording);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_print (_("Recording file: %s\n"), files[i]);

  g_print (_("External output: %s\n"), on_off (onair_vmix_state_get_external (state)));
  g_print (_("MultiCorder: %s\n"), on_off (onair_vmix_state_get_multicorder (state)));

  for (guint i = 0; i < onair_vmix_state_get_n_outputs (state); i++)
    {
      const OnairVmixOutput *output = onair_vmix_state_get_output (state, i);

      if (!onair_vmix_output_is_type (output, "Output"))
        continue;
      if (line->len > 0)
        g_string_append (line, ", ");
      /* Translators: one output in the list of SRT outputs, e.g. "1 on". */
      g_string_append_printf (line, _("%u %s"), output->number, on_off (output->srt));
      any_srt = TRUE;
    }
  if (any_srt)
    g_print (_("SRT outputs: %s\n"), line->str);
  else if (onair_vmix_state_get_srt_output_count (state) > 0)
    g_print (_("SRT outputs: 1–%u, state not reported by this vMix\n"),
             onair_vmix_state_get_srt_output_count (state));
  else
    g_print (_("SRT outputs: none on this vMix version\n"));

  if (master != NULL)
    g_print (_("Master meters: left %.2f, right %.2f\n"), master->left, master->right);
  else
    g_print (_("Master meters: not reported by this vMix\n"));
}

static void
print_state (Cli            *self,
             OnairVmixState *state)
{
  if (self->json)
    {
      g_autofree char *text = onair_vmix_state_to_json (state);

      write_utf8 (text);
    }
  else
    print_state_text (state);
}

int
cli_status_from_file (Cli *self)
{
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  if (!g_file_get_contents (self->file, &contents, &length, &error))
    {
      g_printerr ("onair-vmix: %s\n", error->message);
      return EXIT_FAILED;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  state = onair_vmix_state_new_from_bytes (bytes, &error);
  if (state == NULL)
    {
      g_printerr ("onair-vmix: %s: %s\n", self->file, error->message);
      return EXIT_FAILED;
    }
  print_state (self, state);
  return EXIT_OK;
}

static void
fetch_state_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cli *self = user_data;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;

  state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result, NULL, &error);
  if (state == NULL)
    {
      cli_finish (self, EXIT_NO_CONNECTION, error->message);
      return;
    }
  print_state (self, state);
  cli_finish (self, EXIT_OK, NULL);
}

/* `status`: one fetch of vMix's state, once connected. */
void
cli_fetch_status (Cli *self)
{
  onair_vmix_client_fetch_state_async (self->client, NULL, fetch_state_cb, self);
}

/* ---- Fleet status ------------------------------------------------------------------------ */

typedef struct _FleetStatus FleetStatus;

typedef struct
{
  FleetStatus      *fleet;
  OnairHostProfile *profile;
  OnairVmixClient  *client;
  OnairVmixState   *state;    /* once it answered */
  GError           *error;    /* once it failed */
} HostStatus;

struct _FleetStatus
{
  OnairSecretStore *secrets;
  GPtrArray        *hosts;    /* HostStatus*, in the fleet's order */
  guint             pending;
  GMainLoop        *loop;
};

static void
host_status_free (HostStatus *host)
{
  onair_host_profile_free (host->profile);
  g_clear_object (&host->client);
  g_clear_object (&host->state);
  g_clear_error (&host->error);
  g_free (host);
}

static void
host_status_done (HostStatus *host)
{
  g_assert (host->fleet->pending > 0);
  if (--host->fleet->pending == 0)
    g_main_loop_quit (host->fleet->loop);
}

static void
host_fetch_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostStatus *host = user_data;

  host->state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result, NULL,
                                                      &host->error);
  host_status_done (host);
}

static void
host_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HostStatus *host = user_data;
  char *password;

  password = cli_lookup_password_finish (ONAIR_SECRET_STORE (object), result, &host->error);
  if (host->error != NULL)
    {
      host_status_done (host);
      return;
    }
  onair_vmix_client_set_credentials (host->client, host->profile->username, password);
  onair_secret_free (password);
  onair_vmix_client_fetch_state_async (host->client, NULL, host_fetch_cb, host);
}

/* Asks @host for its state, once, with the client's usual timeout. */
static void
host_status_start (HostStatus *host)
{
  host->client = onair_vmix_client_new (host->profile->host, host->profile->port,
                                        host->profile->use_tls, &host->error);
  if (host->client == NULL)
    {
      host_status_done (host);
      return;
    }
  if (host->profile->username != NULL)
    {
      if (host->fleet->secrets == NULL)
        host->fleet->secrets = onair_secret_store_new ();
      cli_lookup_password_async (host->fleet->secrets, host->profile, NULL, host_password_cb,
                                 host);
      return;
    }
  onair_vmix_client_fetch_state_async (host->client, NULL, host_fetch_cb, host);
}

static char *
dup_address (const OnairHostProfile *profile)
{
  /* An IPv6 address is written in brackets, as in a URL. */
  if (strchr (profile->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", profile->host, profile->port);
  return g_strdup_printf ("%s:%u", profile->host, profile->port);
}

static const char *
role_label (OnairHostRole role)
{
  switch (role)
    {
    case ONAIR_HOST_ROLE_MAIN:
      return C_("vMix host role", "main");
    case ONAIR_HOST_ROLE_BACKUP:
      return C_("vMix host role", "backup");
    case ONAIR_HOST_ROLE_OTHER:
    default:
      return C_("vMix host role", "other");
    }
}

static void
print_fleet_text (FleetStatus *fleet)
{
  for (guint i = 0; i < fleet->hosts->len; i++)
    {
      HostStatus *host = g_ptr_array_index (fleet->hosts, i);
      g_autofree char *address = dup_address (host->profile);

      /* Translators: a vMix host's heading in "fleet status": its name, role and address,
       * e.g. "Backup (backup, 192.168.1.21:8088)". */
      g_print (_("%s (%s, %s)\n"), host->profile->name, role_label (host->profile->role),
               address);
      if (host->state != NULL)
        {
          g_autofree char *version = dup_version_line (host->state);
          g_autofree char *streams = dup_streams_line (host->state);
          g_autofree char *recording = dup_recording_line (host->state);

          g_print ("  %s\n  %s\n  %s\n", version, streams, recording);
        }
      else
        {
          g_autofree char *message = g_strdelimit (g_strdup (host->error->message), "\r\n", ' ');

          g_print (_("  Not reachable: %s\n"), message);
        }
    }
}

static char *
json_quote (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

/* Written by hand around the text `status --json` prints, so that each host's state is
 * byte for byte that object (its numbers as vMix gives them), only indented. */
static void
print_fleet_json (FleetStatus *fleet)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"hosts\": [");

  for (guint i = 0; i < fleet->hosts->len; i++)
    {
      HostStatus *host = g_ptr_array_index (fleet->hosts, i);
      g_autofree char *address = dup_address (host->profile);
      g_autofree char *id = json_quote (host->profile->id);
      g_autofree char *name = json_quote (host->profile->name);
      g_autofree char *role = json_quote (onair_host_role_to_string (host->profile->role));
      g_autofree char *address_json = json_quote (address);

      g_string_append_printf (out, "%s\n    {\n", i > 0 ? "," : "");
      g_string_append_printf (out, "      \"id\": %s,\n      \"name\": %s,\n", id, name);
      g_string_append_printf (out, "      \"role\": %s,\n      \"address\": %s,\n", role,
                              address_json);
      g_string_append_printf (out, "      \"reachable\": %s,\n",
                              host->state != NULL ? "true" : "false");
      if (host->state != NULL)
        {
          g_autofree char *state = onair_vmix_state_to_json (host->state);
          g_auto(GStrv) lines = g_strsplit (g_strchomp (state), "\n", -1);
          g_autofree char *indented = g_strjoinv ("\n      ", lines);

          g_string_append_printf (out, "      \"error\": null,\n      \"state\": %s\n",
                                  indented);
        }
      else
        {
          g_autofree char *error = json_quote (host->error->message);

          g_string_append_printf (out, "      \"error\": %s,\n      \"state\": null\n", error);
        }
      g_string_append (out, "    }");
    }
  g_string_append (out, fleet->hosts->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
  write_utf8 (out->str);
}

/* `fleet status`: every saved host asked for its state at once; a host that does not
 * answer is a row with its error. Exit status 3 only when none answers. */
int
cli_fleet_status (Cli *self)
{
  g_autoptr(OnairFleet) fleet = NULL;
  FleetStatus status = { 0 };
  guint n_hosts;
  guint n_reachable = 0;

  if (self->settings == NULL)
    self->settings = cli_open_settings ();
  if (self->settings == NULL)
    {
      g_printerr ("onair-vmix: %s\n", _("Onair's settings are not installed, so there are no "
                                        "saved vMix hosts. Save them in the Onair app."));
      return EXIT_USAGE;
    }

  fleet = onair_fleet_new (NULL);
  onair_fleet_load (fleet, self->settings);
  n_hosts = g_list_model_get_n_items (G_LIST_MODEL (fleet));
  status.hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_status_free);
  status.loop = g_main_loop_new (NULL, FALSE);
  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (G_LIST_MODEL (fleet), i);
      HostStatus *host = g_new0 (HostStatus, 1);

      host->fleet = &status;
      host->profile = onair_host_profile_copy (onair_vmix_session_get_profile (session));
      g_ptr_array_add (status.hosts, host);
    }

  /* All at once: the slowest host, not the sum of them, is what a run costs. */
  status.pending = status.hosts->len;
  for (guint i = 0; i < status.hosts->len; i++)
    host_status_start (g_ptr_array_index (status.hosts, i));
  if (status.pending > 0)
    g_main_loop_run (status.loop);

  if (self->json)
    print_fleet_json (&status);
  else
    print_fleet_text (&status);
  for (guint i = 0; i < status.hosts->len; i++)
    if (((HostStatus *) g_ptr_array_index (status.hosts, i))->state != NULL)
      n_reachable++;

  g_ptr_array_unref (status.hosts);
  g_main_loop_unref (status.loop);
  g_clear_object (&status.secrets);

  if (n_reachable == 0)
    {
      g_printerr ("onair-vmix: %s\n", _("None of the saved vMix hosts answered."));
      return EXIT_NO_CONNECTION;
    }
  return EXIT_OK;
}
