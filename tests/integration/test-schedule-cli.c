/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/show/onair-schedule.h"

/* `onair-vmix schedule list [--json]`, the built binary, reading schedules saved in the
 * app's settings (the keyfile backend in a private config dir, as the app would write). */

static char *
run_cli (const char * const *args,
         int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("ONAIR_VMIX_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0
            : WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return g_steal_pointer (&out);
}

static void
save_schedules (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_schedule_free);
  OnairSchedule *night = onair_schedule_new ("night", "Night show");
  OnairSchedule *broken = onair_schedule_new ("broken", "No days");

  /* Once, on the day the clocks go forward in Berlin, at an hour that does not exist. */
  night->repeat = ONAIR_SCHEDULE_ONCE;
  night->year = 2030;
  night->month = 3;
  night->day = 31;
  night->hour = 2;
  night->minute = 30;
  night->duration_minutes = 90;
  night->lead_minutes = 10;
  onair_schedule_add_member (night, "main", 1, "yt-primary");
  g_ptr_array_add (schedules, night);
  broken->weekdays = 0;
  broken->recording_hosts = g_strsplit ("main", ",", -1);
  g_ptr_array_add (schedules, broken);
  onair_schedules_save (settings, schedules);
  g_settings_sync ();
}

static void
test_list_json (void)
{
  const char * const args[] = { "schedule", "list", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonArray *list;
  JsonObject *night, *run, *broken, *stream;
  int status;

  save_schedules ();
  out = run_cli (args, &status);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "schedules");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);

  night = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (night, "name"), ==, "Night show");
  g_assert_cmpstr (json_object_get_string_member (night, "repeat"), ==, "once");
  g_assert_cmpint (json_object_get_int_member (night, "lead_minutes"), ==, 10);
  stream = json_array_get_object_element (json_object_get_array_member (night, "streams"), 0);
  g_assert_cmpstr (json_object_get_string_member (stream, "host"), ==, "main");
  g_assert_cmpint (json_object_get_int_member (stream, "stream"), ==, 2);
  g_assert_true (json_object_get_null_member (night, "problem"));
  run = json_object_get_object_member (night, "next_run");
  g_assert_nonnull (run);
  g_assert_cmpstr (json_object_get_string_member (run, "start"), ==, "2030-03-31T03:00:00+02");
  g_assert_cmpstr (json_object_get_string_member (run, "preflight"), ==, "2030-03-31T01:50:00+01");
  g_assert_cmpstr (json_object_get_string_member (run, "end"), ==, "2030-03-31T04:30:00+02");
  g_assert_nonnull (json_object_get_string_member (run, "note"));

  broken = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (broken, "problem"), ==,
                   "Choose at least one day of the week.");
  g_assert_true (json_object_get_null_member (broken, "next_run"));
}

static void
test_list_text (void)
{
  const char * const args[] = { "schedule", "list", NULL };
  const char * const bad[] = { "schedule", "go", NULL };
  g_autofree char *out = NULL;
  g_autofree char *bad_out = NULL;
  int status;

  save_schedules ();
  out = run_cli (args, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Night show — On 2030-03-31 at 02:30 for 1 h 30 min"));
  g_assert_nonnull (strstr (out, "2030-03-31 03:00"));
  g_assert_nonnull (strstr (out, "the clocks go forward"));
  bad_out = run_cli (bad, &status);
  g_assert_cmpint (status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("onair-schedule-cli-XXXXXX", NULL);
  int status;

  /* The binary inherits these: the app's settings in a file of this test's own. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/onair/schedule-cli/list-json", test_list_json);
  g_test_add_func ("/onair/schedule-cli/list-text", test_list_text);
  status = g_test_run ();

  {
    g_autofree char *file = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
    g_autofree char *dir = g_path_get_dirname (file);
    g_autofree char *parent = g_path_get_dirname (dir);

    g_unlink (file);
    g_rmdir (dir);
    g_rmdir (parent);
    g_rmdir (config);
  }
  return status;
}
