/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "core/show/onair-schedule.h"
#include "onair-vmix-private.h"

/*
 * `onair-vmix schedule list [--json]`: the schedules saved in the Onair app and their next
 * runs, in this computer's time zone. Nothing is asked of vMix.
 */

static char *
format_local (GTimeZone *tz,
              gint64     us,
              gboolean   iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return iso ? g_date_time_format_iso8601 (local) : g_date_time_format (local, "%a %Y-%m-%d %H:%M");
}

static JsonNode *
schedule_to_json (const OnairSchedule    *schedule,
                  const OnairScheduleRun *run,
                  gboolean                has_run,
                  const GError           *problem,
                  GTimeZone              *tz)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *when = onair_schedule_describe_when (schedule);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, schedule->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, schedule->name);
  json_builder_set_member_name (builder, "when");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "repeat");
  json_builder_add_string_value (builder, schedule->repeat == ONAIR_SCHEDULE_ONCE ? "once" : "weekly");
  json_builder_set_member_name (builder, "lead_minutes");
  json_builder_add_int_value (builder, schedule->lead_minutes);
  json_builder_set_member_name (builder, "group");
  if (schedule->group_id != NULL)
    json_builder_add_string_value (builder, schedule->group_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "streams");
  json_builder_begin_array (builder);
  for (guint i = 0; i < schedule->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (schedule->members, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, member->host_id);
      json_builder_set_member_name (builder, "stream");
      json_builder_add_int_value (builder, member->channel + 1);
      json_builder_set_member_name (builder, "destination");
      json_builder_add_string_value (builder, member->destination_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "recording");
  json_builder_begin_array (builder);
  for (guint i = 0; schedule->recording_hosts && schedule->recording_hosts[i]; i++)
    json_builder_add_string_value (builder, schedule->recording_hosts[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "problem");
  if (problem != NULL)
    json_builder_add_string_value (builder, problem->message);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "next_run");
  if (has_run)
    {
      g_autofree char *preflight = format_local (tz, run->preflight_us, TRUE);
      g_autofree char *start = format_local (tz, run->start_us, TRUE);
      g_autofree char *end = format_local (tz, run->end_us, TRUE);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preflight");
      json_builder_add_string_value (builder, preflight);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, end);
      json_builder_set_member_name (builder, "note");
      if (run->note != NULL)
        json_builder_add_string_value (builder, run->note);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
schedule_list (Cli *self)
{
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(JsonArray) array = json_array_new ();
  gint64 now = g_get_real_time ();

  if (self->settings == NULL)
    self->settings = cli_open_settings ();
  if (self->settings == NULL)
    {
      g_printerr ("onair-vmix: %s\n", _("Onair's settings are not installed, so there are no "
                                        "saved schedules. Add them in the Onair app."));
      return EXIT_USAGE;
    }

  schedules = onair_schedules_load (self->settings);
  if (schedules->len == 0 && !self->json)
    g_print ("%s\n", _("No scheduled shows."));
  for (guint i = 0; i < schedules->len; i++)
    {
      const OnairSchedule *schedule = g_ptr_array_index (schedules, i);
      OnairScheduleRun run = { 0 };
      g_autoptr(GError) problem = NULL;
      gboolean has_run;

      onair_schedule_validate (schedule, &problem);
      has_run = onair_schedule_next_run (schedule, tz, now, &run);
      if (self->json)
        json_array_add_element (array, schedule_to_json (schedule, &run, has_run, problem, tz));
      else
        {
          g_autofree char *when = onair_schedule_describe_when (schedule);

          g_print ("%s — %s\n", schedule->name, when);
          if (problem != NULL)
            g_print ("  %s\n", problem->message);
          else if (has_run)
            {
              g_autofree char *start = format_local (tz, run.start_us, FALSE);
              g_autofree char *preflight = format_local (tz, run.preflight_us, FALSE);

              /* Translators: "Next run: Mon 2026-12-07 19:00 (pre-flight Mon 2026-12-07 18:45)" */
              g_print ("  %s\n", _("Next run:"));
              g_print ("    %s (%s %s)\n", start, _("pre-flight"), preflight);
              if (run.note != NULL)
                g_print ("    %s\n", run.note);
            }
          else
            g_print ("  %s\n", _("No run to come."));
        }
      onair_schedule_run_clear (&run);
    }

  if (self->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *text = NULL;

      json_object_set_array_member (object, "schedules", g_steal_pointer (&array));
      json_node_set_object (root, object);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  return EXIT_OK;
}

/**
 * cli_schedule:
 *
 * `schedule list [--json]`.
 */
int
cli_schedule (Cli   *self,
              int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &self->json, N_("Print the schedules as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *subcommand = argc > 1 ? argv[1] : NULL;
  int n = argc - 1;
  char **args = argv + 1;

  if (g_strcmp0 (subcommand, "list") != 0)
    {
      if (g_strcmp0 (subcommand, "--help") == 0 || g_strcmp0 (subcommand, "-h") == 0)
        {
          g_print ("%s\n  %s\n\n%s\n", _("Usage:"), _("onair-vmix schedule list [--json]"),
                   _("Prints the shows scheduled in the Onair app and their next runs, in this "
                     "computer's time zone."));
          return EXIT_OK;
        }
      g_printerr ("onair-vmix schedule: %s\n", _("schedule wants a command: “schedule list”."));
      return EXIT_USAGE;
    }

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Prints the shows scheduled in the Onair app and "
                                           "their next runs, in this computer's time zone."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  args[0] = (char *) "onair-vmix schedule list";
  if (!g_option_context_parse (context, &n, &args, &error))
    {
      g_printerr ("onair-vmix schedule list: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (n > 1)
    {
      g_printerr ("onair-vmix schedule list: %s\n", _("schedule list takes no arguments."));
      return EXIT_USAGE;
    }
  return schedule_list (self);
}
