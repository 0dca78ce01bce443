/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/destinations/onair-destination.h"
#include "core/destinations/onair-destination-list.h"
#include "core/destinations/onair-url.h"
#include "core/destinations/onair-url-key.h"

#define TWITCH_LIKE_KEY "live_123456789_AbCdEfGhIjKlMnOpQrStUvWxYz0123"
#define CANARY_KEY "canary-NOT-IN-SETTINGS-7f3a9c"

static void
assert_url_error (const char   *url,
                  OnairUrlKind  kind,
                  int           code)
{
  g_autoptr(GError) error = NULL;
  OnairUrlWarnings warnings = ONAIR_URL_WARNING_KEY_IN_URL;

  g_test_message ("invalid: %s", url);
  g_assert_false (onair_url_validate (url, kind, &warnings, &error));
  g_assert_error (error, ONAIR_DESTINATION_ERROR, code);
  g_assert_cmpint (warnings, ==, ONAIR_URL_WARNING_NONE);
  /* The message must not quote the URL, which may carry a key. */
  if (*url != '\0')
    g_assert_null (strstr (error->message, url));
}

static void
assert_url_valid (const char       *url,
                  OnairUrlKind      kind,
                  OnairUrlWarnings  expected_warnings)
{
  g_autoptr(GError) error = NULL;
  OnairUrlWarnings warnings = ONAIR_URL_WARNING_NONE;

  g_test_message ("valid: %s", url);
  g_assert_true (onair_url_validate (url, kind, &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warnings, ==, expected_warnings);
}

static void
test_url_valid (void)
{
  assert_url_valid ("rtmp://live.twitch.tv/app", ONAIR_URL_KIND_RTMP, ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmps://a.rtmps.youtube.com:443/live2", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("RTMP://Ingest.Example.com:1935/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://192.168.1.20/live", ONAIR_URL_KIND_RTMP, ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://[2001:db8::1]:1935/live", ONAIR_URL_KIND_RTMP, ONAIR_URL_WARNING_NONE);
  assert_url_valid ("srt://203.0.113.5:9000?latency=200", ONAIR_URL_KIND_SRT,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("http://ingest.example.com:8080/stat", ONAIR_URL_KIND_INGEST_STATS,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://ingest.example.com:65535/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
}

static void
test_url_empty (void)
{
  assert_url_error ("", ONAIR_URL_KIND_RTMP, ONAIR_DESTINATION_ERROR_INVALID_URL);
}

static void
test_url_whitespace (void)
{
  assert_url_error ("rtmp://live.twitch.tv/app ", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_INVALID_URL);
  assert_url_error ("rtmp://live.twitch.tv/a\tpp", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_INVALID_URL);
}

static void
test_url_malformed (void)
{
  assert_url_error ("rtmp://ingest.example.com/a%zz", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_INVALID_URL);
}

static void
test_url_scheme (void)
{
  assert_url_error ("live.twitch.tv/app", ONAIR_URL_KIND_RTMP, ONAIR_DESTINATION_ERROR_SCHEME);
  assert_url_error ("https://live.twitch.tv/app", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_SCHEME);
  assert_url_error ("srt://203.0.113.5:9000", ONAIR_URL_KIND_RTMP, ONAIR_DESTINATION_ERROR_SCHEME);
  assert_url_error ("rtmp://203.0.113.5:9000", ONAIR_URL_KIND_SRT, ONAIR_DESTINATION_ERROR_SCHEME);
  assert_url_error ("rtmp://ingest.example.com/stat", ONAIR_URL_KIND_INGEST_STATS,
                    ONAIR_DESTINATION_ERROR_SCHEME);
}

static void
test_url_no_host (void)
{
  assert_url_error ("rtmp:///app", ONAIR_URL_KIND_RTMP, ONAIR_DESTINATION_ERROR_NO_HOST);
  assert_url_error ("rtmp:/live.twitch.tv/app", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_NO_HOST);
  assert_url_error ("rtmp://:1935/app", ONAIR_URL_KIND_RTMP, ONAIR_DESTINATION_ERROR_NO_HOST);
}

static void
test_url_port (void)
{
  assert_url_error ("rtmp://ingest.example.com:0/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_PORT);
  assert_url_error ("rtmp://ingest.example.com:65536/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_PORT);
  assert_url_error ("rtmp://ingest.example.com:http/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_PORT);
}

static void
test_url_user_info (void)
{
  assert_url_error ("rtmp://producer:hunter2secret@ingest.example.com/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_USER_INFO);
  assert_url_error ("rtmp://producer@ingest.example.com/live", ONAIR_URL_KIND_RTMP,
                    ONAIR_DESTINATION_ERROR_USER_INFO);
  assert_url_error ("http://admin:pw@ingest.example.com/stat", ONAIR_URL_KIND_INGEST_STATS,
                    ONAIR_DESTINATION_ERROR_USER_INFO);
}

static void
test_url_key_warning (void)
{
  /* Keys pasted after the application name: valid, but warned about. */
  assert_url_valid ("rtmp://live.twitch.tv/app/" TWITCH_LIKE_KEY, ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_KEY_IN_URL);
  assert_url_valid ("rtmp://a.rtmp.youtube.com/live2/x7k2-9fq3-m1zp-4hdw-8tvc", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_KEY_IN_URL);
  assert_url_valid ("rtmps://fa723fc1b171.global-contribute.live-video.net/app/"
                    "sk_us-west-2_AbCdEf123456GhIjKl", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_KEY_IN_URL);
  assert_url_valid ("rtmp://ingest.example.com/live/a8Fk2L9qZ3xW7mN4/", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_KEY_IN_URL);
  assert_url_valid ("srt://203.0.113.5:9000?passphrase=correcthorsebattery", ONAIR_URL_KIND_SRT,
                    ONAIR_URL_WARNING_KEY_IN_URL);

  /* Ordinary application names and paths are not keys. */
  assert_url_valid ("rtmps://live-api-s.facebook.com:443/rtmp/", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://ingest.example.com/sundayservice2024", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://ingest.example.com/live/my-church-channel", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);
  assert_url_valid ("rtmp://b.rtmp.youtube.com/live2?backup=1", ONAIR_URL_KIND_RTMP,
                    ONAIR_URL_WARNING_NONE);

  g_assert_null (onair_url_warnings_to_string (ONAIR_URL_WARNING_NONE));
  g_assert_nonnull (onair_url_warnings_to_string (ONAIR_URL_WARNING_KEY_IN_URL));
}

static void
assert_key_found (const char *url,
                  const char *server,
                  const char *key)
{
  g_autofree char *out_server = NULL;
  g_autofree char *out_key = NULL;

  g_test_message ("URL %s", url);
  if (server == NULL)
    {
      g_assert_false (onair_url_find_key (url, &out_server, &out_key));
      g_assert_null (out_server);
      g_assert_null (out_key);
      return;
    }
  g_assert_true (onair_url_find_key (url, &out_server, &out_key));
  g_assert_cmpstr (out_server, ==, server);
  g_assert_cmpstr (out_key, ==, key);
}

/* What a key pasted into a URL looks like, and the URL without it. */
static void
test_url_find_key (void)
{
  /* After a known platform's server address, whatever the key looks like. */
  assert_key_found ("rtmp://live.twitch.tv/app/live_1234_abcd", "rtmp://live.twitch.tv/app",
                    "live_1234_abcd");
  assert_key_found ("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop",
                    "rtmp://a.rtmp.youtube.com/live2", "abcd-efgh-ijkl-mnop");
  assert_key_found ("rtmps://live-api-s.facebook.com:443/rtmp/FB-1234?s_bl=1&a=Ab",
                    "rtmps://live-api-s.facebook.com:443/rtmp/", "FB-1234?s_bl=1&a=Ab");
  /* User info: the password, else the name. */
  assert_key_found ("rtmp://me:hunter2secret@ingest.example.com/live",
                    "rtmp://ingest.example.com/live", "hunter2secret");
  assert_key_found ("rtmp://live_8a7d6c5b4e@ingest.example.com/live",
                    "rtmp://ingest.example.com/live", "live_8a7d6c5b4e");
  /* A query string. */
  assert_key_found ("rtmp://ingest.example.com/live/show?token=t0k3n",
                    "rtmp://ingest.example.com/live", "show?token=t0k3n");
  assert_key_found ("rtmp://ingest.example.com/live?key=abc123", "rtmp://ingest.example.com/live",
                    "key=abc123");
  /* A random-looking segment after the application name. */
  assert_key_found ("rtmp://ingest.example.com/live/live_8a7d6c5b4e3f2a1b0c9d8e7f/",
                    "rtmp://ingest.example.com/live", "live_8a7d6c5b4e3f2a1b0c9d8e7f");

  /* Platforms' own addresses, their query strings included, and plain paths: no key. */
  assert_key_found ("rtmp://live.twitch.tv/app", NULL, NULL);
  assert_key_found ("rtmp://live.twitch.tv/app/", NULL, NULL);
  assert_key_found ("rtmp://b.rtmp.youtube.com/live2?backup=1", NULL, NULL);
  assert_key_found ("rtmps://live-api-s.facebook.com:443/rtmp/", NULL, NULL);
  assert_key_found ("rtmp://ingest.example.com/live", NULL, NULL);
  assert_key_found ("rtmp://ingest.example.com/live/my-church-channel", NULL, NULL);
  assert_key_found ("not a url", NULL, NULL);
}

static void
test_url_segment_heuristic (void)
{
  g_assert_true (onair_url_segment_looks_like_key (TWITCH_LIKE_KEY));
  g_assert_true (onair_url_segment_looks_like_key ("FB-1234567890123456-0-AbCdEfGhIjKl"));
  g_assert_true (onair_url_segment_looks_like_key ("re_1234567_0a1b2c3d4e5f"));
  g_assert_true (onair_url_segment_looks_like_key ("abcd-efgh-ijkl-mnop"));
  g_assert_false (onair_url_segment_looks_like_key ("app"));
  g_assert_false (onair_url_segment_looks_like_key ("live2"));
  g_assert_false (onair_url_segment_looks_like_key ("MySundayShow2024"));
  g_assert_false (onair_url_segment_looks_like_key ("a-very-long-application-name"));
  g_assert_false (onair_url_segment_looks_like_key ("_definst_"));
}

static OnairDestination *
make_full_destination (void)
{
  OnairDestination *destination = onair_destination_new ("twitch");

  onair_destination_set_name (destination, "Twitch main");
  onair_destination_set_server_url (destination, "rtmp://fra05.contribute.live-video.net/app");
  onair_destination_set_username (destination, "producer");
  onair_destination_set_ingest_stats_url (destination, "http://ingest.example.com:8080/stat");

  return destination;
}

static void
test_destination_new (void)
{
  g_autoptr(OnairDestination) a = onair_destination_new ("twitch");
  g_autoptr(OnairDestination) b = onair_destination_new (NULL);

  g_assert_true (g_uuid_string_is_valid (onair_destination_get_id (a)));
  g_assert_cmpstr (onair_destination_get_id (a), !=, onair_destination_get_id (b));
  g_assert_cmpstr (onair_destination_get_preset_id (a), ==, "twitch");
  g_assert_cmpstr (onair_destination_get_preset_id (b), ==, "");
  g_assert_cmpstr (onair_destination_get_name (a), ==, "");
  g_assert_null (onair_destination_get_username (a));
  g_assert_null (onair_destination_get_key_id (a));
  g_assert_null (onair_destination_get_key_fingerprint (a));
  g_assert_false (onair_destination_has_key (a));

  onair_destination_set_username (a, "");
  g_assert_null (onair_destination_get_username (a));

  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_destination_notify (void)
{
  g_autoptr(OnairDestination) destination = onair_destination_new ("kick");
  guint notified = 0;

  g_signal_connect (destination, "notify::name", G_CALLBACK (count_notify_cb), &notified);
  onair_destination_set_name (destination, "Kick");
  onair_destination_set_name (destination, "Kick");
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (destination, "name", "Kick backup", NULL);
  g_assert_cmpuint (notified, ==, 2);
}

static void
assert_same_destination (OnairDestination *a,
                         OnairDestination *b)
{
  g_assert_cmpstr (onair_destination_get_id (a), ==, onair_destination_get_id (b));
  g_assert_cmpstr (onair_destination_get_name (a), ==, onair_destination_get_name (b));
  g_assert_cmpstr (onair_destination_get_preset_id (a), ==, onair_destination_get_preset_id (b));
  g_assert_cmpstr (onair_destination_get_server_url (a), ==, onair_destination_get_server_url (b));
  g_assert_cmpstr (onair_destination_get_username (a), ==, onair_destination_get_username (b));
  g_assert_cmpstr (onair_destination_get_ingest_stats_url (a), ==,
                   onair_destination_get_ingest_stats_url (b));
  g_assert_cmpstr (onair_destination_get_key_id (a), ==, onair_destination_get_key_id (b));
  g_assert_cmpstr (onair_destination_get_key_fingerprint (a), ==,
                   onair_destination_get_key_fingerprint (b));
}

static void
test_destination_variant_round_trip (void)
{
  g_autoptr(OnairDestination) destination = make_full_destination ();
  g_autoptr(OnairDestination) restored = NULL;
  g_autoptr(OnairDestination) minimal = onair_destination_new ("custom");
  g_autoptr(OnairDestination) minimal_restored = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) minimal_variant = NULL;
  g_autoptr(GError) error = NULL;

  variant = g_variant_ref_sink (onair_destination_to_variant (destination));
  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{sv}")));

  restored = onair_destination_new_from_variant (variant, &error);
  g_assert_no_error (error);
  assert_same_destination (destination, restored);

  /* Optional fields stay absent rather than becoming empty strings. */
  minimal_variant = g_variant_ref_sink (onair_destination_to_variant (minimal));
  g_assert_false (g_variant_lookup (minimal_variant, "username", "&s", NULL));
  g_assert_false (g_variant_lookup (minimal_variant, "key-id", "&s", NULL));
  minimal_restored = onair_destination_new_from_variant (minimal_variant, &error);
  g_assert_no_error (error);
  assert_same_destination (minimal, minimal_restored);
}

static void
test_destination_variant_key_reference (void)
{
  g_autoptr(OnairDestination) destination = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *id = g_uuid_string_random ();
  GVariantDict dict;

  /* A key reference, and a key someone wrote into the settings by hand. */
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "id", "s", id);
  g_variant_dict_insert (&dict, "name", "s", "Hand-edited");
  g_variant_dict_insert (&dict, "preset", "s", "custom");
  g_variant_dict_insert (&dict, "server-url", "s", "rtmp://ingest.example.com/live");
  g_variant_dict_insert (&dict, "key-id", "s", id);
  g_variant_dict_insert (&dict, "key-fingerprint", "s", "0a1b2c3d");
  g_variant_dict_insert (&dict, "key", "s", CANARY_KEY);
  g_variant_dict_insert (&dict, "stream-key", "s", CANARY_KEY);
  saved = g_variant_ref_sink (g_variant_dict_end (&dict));

  destination = onair_destination_new_from_variant (saved, &error);
  g_assert_no_error (error);
  g_assert_true (onair_destination_has_key (destination));
  g_assert_cmpstr (onair_destination_get_key_id (destination), ==, id);
  g_assert_cmpstr (onair_destination_get_key_fingerprint (destination), ==, "0a1b2c3d");

  variant = g_variant_ref_sink (onair_destination_to_variant (destination));
  printed = g_variant_print (variant, TRUE);
  g_assert_null (strstr (printed, CANARY_KEY));
  g_assert_nonnull (strstr (printed, "0a1b2c3d"));
}

static void
assert_variant_rejected (GVariant *variant)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (variant);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairDestination) destination = NULL;

  destination = onair_destination_new_from_variant (owned, &error);
  g_assert_null (destination);
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_DATA);
}

static void
test_destination_variant_invalid (void)
{
  g_autofree char *id = g_uuid_string_random ();

  assert_variant_rejected (g_variant_new_string ("not a dictionary"));
  assert_variant_rejected (g_variant_new_parsed ("@a{sv} {'name': <'No id'>}"));
  assert_variant_rejected (g_variant_new_parsed ("@a{sv} {'id': <'not-a-uuid'>}"));
  assert_variant_rejected (g_variant_new_parsed ("@a{sv} {'id': <%s>, 'name': <42>}", id));
}

static void
test_destination_validate (void)
{
  g_autoptr(OnairDestination) destination = make_full_destination ();
  g_autoptr(GError) error = NULL;
  OnairUrlWarnings warnings = ONAIR_URL_WARNING_KEY_IN_URL;

  g_assert_true (onair_destination_validate (destination, &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warnings, ==, ONAIR_URL_WARNING_NONE);

  /* A key in the URL cannot be saved. */
  onair_destination_set_server_url (destination, "rtmp://live.twitch.tv/app/" TWITCH_LIKE_KEY);
  g_assert_false (onair_destination_validate (destination, &warnings, &error));
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_KEY_IN_URL);
  g_assert_null (strstr (error->message, TWITCH_LIKE_KEY));
  g_clear_error (&error);

  onair_destination_set_server_url (destination, "https://twitch.tv");
  g_assert_false (onair_destination_validate (destination, NULL, &error));
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_SCHEME);
  g_clear_error (&error);

  onair_destination_set_server_url (destination, "rtmp://live.twitch.tv/app");
  onair_destination_set_ingest_stats_url (destination, "ftp://ingest.example.com/stat");
  g_assert_false (onair_destination_validate (destination, NULL, &error));
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_SCHEME);
  g_clear_error (&error);

  onair_destination_set_ingest_stats_url (destination, NULL);
  onair_destination_set_name (destination, "   ");
  g_assert_false (onair_destination_validate (destination, NULL, &error));
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_MISSING_NAME);
}

/* GSettings from a schema compiled for the test, on the memory backend: nothing touches
 * the user's settings and the test does not depend on the app's schema file. */
typedef struct
{
  char *schema_dir;
  GSettingsSchemaSource *source;
  GSettings *settings;
} SettingsFixture;

static const char test_schema[] =
  "<schemalist>\n"
  "  <schema id='io.github.onair_app.Onair.Test' path='/io/github/onair_app/Onair/Test/'>\n"
  "    <key name='destinations' type='aa{sv}'><default>[]</default></key>\n"
  "  </schema>\n"
  "</schemalist>\n";

static void
settings_fixture_set_up (SettingsFixture *fixture,
                         gconstpointer    user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *schema_path = NULL;
  const char *argv[] = { "glib-compile-schemas", "--strict", NULL, NULL };
  int status = -1;

  fixture->schema_dir = g_dir_make_tmp ("onair-test-schema-XXXXXX", &error);
  g_assert_no_error (error);

  schema_path = g_build_filename (fixture->schema_dir,
                                  "io.github.onair_app.Onair.Test.gschema.xml", NULL);
  g_file_set_contents (schema_path, test_schema, -1, &error);
  g_assert_no_error (error);

  argv[2] = fixture->schema_dir;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  fixture->source = g_settings_schema_source_new_from_directory (fixture->schema_dir, NULL, TRUE,
                                                                 &error);
  g_assert_no_error (error);

  schema = g_settings_schema_source_lookup (fixture->source, "io.github.onair_app.Onair.Test",
                                            FALSE);
  g_assert_nonnull (schema);

  backend = g_memory_settings_backend_new ();
  fixture->settings = g_settings_new_full (schema, backend, NULL);
}

static void
settings_fixture_tear_down (SettingsFixture *fixture,
                            gconstpointer    user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->source, g_settings_schema_source_unref);

  dir = g_dir_open (fixture->schema_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->schema_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->schema_dir);
  g_clear_pointer (&fixture->schema_dir, g_free);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_list_settings_round_trip (SettingsFixture *fixture,
                               gconstpointer    user_data)
{
  g_autoptr(OnairDestinationList) list = onair_destination_list_new ();
  g_autoptr(OnairDestinationList) reloaded = onair_destination_list_new ();
  g_autoptr(OnairDestination) twitch = make_full_destination ();
  g_autoptr(OnairDestination) custom = onair_destination_new ("custom");
  g_autoptr(OnairDestination) item = NULL;
  g_autoptr(GVariant) stored = NULL;
  guint changes = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ONAIR_TYPE_DESTINATION);

  onair_destination_list_load (list, fixture->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  onair_destination_set_name (custom, "Own server");
  onair_destination_set_server_url (custom, "rtmps://ingest.example.com:4443/live");
  onair_destination_list_add (list, twitch);
  onair_destination_list_add (list, custom);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (onair_destination_list_lookup (list, onair_destination_get_id (custom)) == custom);
  g_assert_null (onair_destination_list_lookup (list, "00000000-0000-4000-8000-000000000000"));

  g_assert_true (onair_destination_list_save (list, fixture->settings));
  stored = g_settings_get_value (fixture->settings, "destinations");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 2);

  changes = 0;
  g_signal_connect (reloaded, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  onair_destination_list_load (reloaded, fixture->settings);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);

  item = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
  assert_same_destination (twitch, item);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (reloaded), 1);
  assert_same_destination (custom, item);
  g_clear_object (&item);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (reloaded), 2));

  g_assert_true (onair_destination_list_remove (list, twitch));
  g_assert_false (onair_destination_list_remove (list, twitch));
  g_assert_true (onair_destination_list_save (list, fixture->settings));
  onair_destination_list_load (reloaded, fixture->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&reloaded));
  g_assert_finalize_object (g_steal_pointer (&twitch));
  g_assert_finalize_object (g_steal_pointer (&custom));
}

static void
test_list_skips_damaged_entries (SettingsFixture *fixture,
                                 gconstpointer    user_data)
{
  g_autoptr(OnairDestinationList) list = NULL;
  g_autofree char *id = NULL;
  GVariant *saved;

  /* The warnings are structured log messages, which g_test_expect_message() cannot see:
   * load in a subprocess where warnings are not fatal, and read its stderr. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*Skipping saved destination 1:*Skipping saved destination 2:*");
      return;
    }

  g_log_set_always_fatal (G_LOG_FATAL_MASK);

  list = onair_destination_list_new ();
  id = g_uuid_string_random ();
  saved = g_variant_new_parsed ("[{'id': <%s>, 'name': <'Good'>},"
                                " {'id': <'garbage'>},"
                                " {'id': <%s>, 'name': <'Twin'>}]", id, id);
  g_settings_set_value (fixture->settings, "destinations", saved);

  onair_destination_list_load (list, fixture->settings);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (onair_destination_get_name (onair_destination_list_lookup (list, id)), ==,
                   "Good");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/url/valid", test_url_valid);
  g_test_add_func ("/onair/url/empty", test_url_empty);
  g_test_add_func ("/onair/url/whitespace", test_url_whitespace);
  g_test_add_func ("/onair/url/malformed", test_url_malformed);
  g_test_add_func ("/onair/url/scheme", test_url_scheme);
  g_test_add_func ("/onair/url/no-host", test_url_no_host);
  g_test_add_func ("/onair/url/port", test_url_port);
  g_test_add_func ("/onair/url/user-info", test_url_user_info);
  g_test_add_func ("/onair/url/key-warning", test_url_key_warning);
  g_test_add_func ("/onair/url/find-key", test_url_find_key);
  g_test_add_func ("/onair/url/segment-heuristic", test_url_segment_heuristic);
  g_test_add_func ("/onair/destination/new", test_destination_new);
  g_test_add_func ("/onair/destination/notify", test_destination_notify);
  g_test_add_func ("/onair/destination/variant-round-trip", test_destination_variant_round_trip);
  g_test_add_func ("/onair/destination/variant-key-reference",
                   test_destination_variant_key_reference);
  g_test_add_func ("/onair/destination/variant-invalid", test_destination_variant_invalid);
  g_test_add_func ("/onair/destination/validate", test_destination_validate);
  g_test_add ("/onair/destination-list/settings-round-trip", SettingsFixture, NULL,
              settings_fixture_set_up, test_list_settings_round_trip, settings_fixture_tear_down);
  g_test_add ("/onair/destination-list/skips-damaged-entries", SettingsFixture, NULL,
              settings_fixture_set_up, test_list_skips_damaged_entries, settings_fixture_tear_down);

  return g_test_run ();
}
