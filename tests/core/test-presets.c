/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/destinations/onair-preset-strings.h"
#include "core/destinations/onair-presets.h"
#include "core/destinations/onair-url.h"

static const char * const expected_ids[] = {
  "twitch", "youtube-rtmp", "youtube-rtmps", "facebook-rtmps", "kick", "restream", "custom",
};

static void
test_presets_default_has_platforms (void)
{
  GListModel *presets = onair_presets_get_default ();

  g_assert_nonnull (presets);
  g_assert_cmpuint (g_list_model_get_n_items (presets), ==, G_N_ELEMENTS (expected_ids));
  g_assert_true (g_list_model_get_item_type (presets) == ONAIR_TYPE_PRESET);

  for (guint i = 0; i < G_N_ELEMENTS (expected_ids); i++)
    {
      OnairPreset *preset = onair_presets_lookup (expected_ids[i]);

      g_assert_nonnull (preset);
      g_assert_cmpstr (onair_preset_get_id (preset), ==, expected_ids[i]);
      g_assert_cmpstr (onair_preset_get_name (preset), !=, "");
    }

  g_assert_null (onair_presets_lookup ("myspace"));
  g_assert_true (onair_presets_get_default () == presets);
}

static void
test_presets_servers_are_valid (void)
{
  GListModel *presets = onair_presets_get_default ();

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);
      const char *protocol = onair_preset_get_protocol (preset);
      g_autofree char *prefix = g_strconcat (protocol, "://", NULL);

      g_test_message ("preset %s", onair_preset_get_id (preset));
      g_assert_true (g_str_equal (protocol, "rtmp") || g_str_equal (protocol, "rtmps"));

      if (onair_preset_is_custom (preset))
        continue;

      g_assert_cmpuint (onair_preset_get_n_servers (preset), >=, 1);
      for (guint j = 0; j < onair_preset_get_n_servers (preset); j++)
        {
          const char *url = onair_preset_get_server_url (preset, j);
          OnairUrlWarnings warnings = ONAIR_URL_WARNING_KEY_IN_URL;
          g_autoptr(GError) error = NULL;

          g_test_message ("  %s", url);
          g_assert_cmpstr (onair_preset_get_server_name (preset, j), !=, "");
          g_assert_true (onair_url_validate (url, ONAIR_URL_KIND_RTMP, &warnings, &error));
          g_assert_no_error (error);
          g_assert_cmpint (warnings, ==, ONAIR_URL_WARNING_NONE);
          g_assert_true (g_str_has_prefix (url, prefix));
        }

      g_assert_true (g_str_has_prefix (onair_preset_get_key_help_url (preset), "https://"));
      g_assert_true (onair_url_validate (onair_preset_get_key_help_url (preset),
                                         ONAIR_URL_KIND_INGEST_STATS, NULL, NULL));
    }
}

static void
test_presets_twitch_has_regional_ingests (void)
{
  OnairPreset *twitch = onair_presets_lookup ("twitch");
  gboolean has_legacy = FALSE;

  g_assert_cmpuint (onair_preset_get_n_servers (twitch), >, 2);
  for (guint i = 0; i < onair_preset_get_n_servers (twitch); i++)
    has_legacy |= g_str_equal (onair_preset_get_server_url (twitch, i),
                               "rtmp://live.twitch.tv/app");
  g_assert_true (has_legacy);

  g_assert_false (onair_preset_get_uses_username (twitch));
  g_assert_false (onair_preset_get_uses_password (twitch));
}

static void
test_presets_rtmps_presets (void)
{
  g_assert_cmpstr (onair_preset_get_server_url (onair_presets_lookup ("youtube-rtmps"), 0), ==,
                   "rtmps://a.rtmps.youtube.com:443/live2");
  g_assert_cmpstr (onair_preset_get_server_url (onair_presets_lookup ("youtube-rtmp"), 0), ==,
                   "rtmp://a.rtmp.youtube.com/live2");
  g_assert_cmpstr (onair_preset_get_server_url (onair_presets_lookup ("facebook-rtmps"), 0), ==,
                   "rtmps://live-api-s.facebook.com:443/rtmp/");
  g_assert_cmpstr (onair_preset_get_protocol (onair_presets_lookup ("kick")), ==, "rtmps");
}

static void
test_presets_custom (void)
{
  OnairPreset *custom = onair_presets_lookup (ONAIR_PRESET_CUSTOM_ID);
  const char *placeholder;
  g_autofree char *name = NULL;

  g_assert_nonnull (custom);
  g_assert_true (onair_preset_is_custom (custom));
  g_assert_cmpuint (onair_preset_get_n_servers (custom), ==, 0);
  g_assert_true (onair_preset_get_uses_username (custom));
  g_assert_true (onair_preset_get_uses_password (custom));

  placeholder = onair_preset_get_url_placeholder (custom);
  g_assert_nonnull (placeholder);
  g_assert_true (onair_url_validate (placeholder, ONAIR_URL_KIND_RTMP, NULL, NULL));

  g_object_get (custom, "name", &name, NULL);
  g_assert_cmpstr (name, ==, onair_preset_get_name (custom));
}

static void
assert_load_fails (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) presets = NULL;

  presets = onair_presets_load_from_bytes (bytes, &error);
  g_assert_null (presets);
  g_assert_error (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_PRESET);
  g_test_message ("%s", error->message);
}

static void
test_presets_invalid_documents (void)
{
  assert_load_fails ("");
  assert_load_fails ("{");
  assert_load_fails ("[]");
  assert_load_fails ("{\"presets\": {}}");
  assert_load_fails ("{\"presets\": [42]}");
  assert_load_fails ("{\"presets\": [{\"name\": \"No id\", \"protocol\": \"rtmp\","
                     " \"custom\": true}]}");
  assert_load_fails ("{\"presets\": [{\"id\": 7, \"name\": \"x\", \"protocol\": \"rtmp\"}]}");
  assert_load_fails ("{\"presets\": [{\"id\": \"a\", \"name\": \"A\", \"protocol\": \"http\","
                     " \"custom\": true}]}");
  assert_load_fails ("{\"presets\": [{\"id\": \"a\", \"name\": \"A\", \"protocol\": \"rtmp\","
                     " \"servers\": []}]}");
  assert_load_fails ("{\"presets\": [{\"id\": \"a\", \"name\": \"A\", \"protocol\": \"rtmp\","
                     " \"servers\": [{\"name\": \"S\", \"url\": \"http://example.com/app\"}]}]}");
  assert_load_fails ("{\"presets\": [{\"id\": \"a\", \"name\": \"A\", \"protocol\": \"rtmp\","
                     " \"uses_username\": \"yes\", \"custom\": true}]}");
  assert_load_fails ("{\"presets\": [{\"id\": \"a\", \"name\": \"A\", \"protocol\": \"rtmp\","
                     " \"custom\": true},"
                     " {\"id\": \"a\", \"name\": \"B\", \"protocol\": \"rtmp\","
                     " \"custom\": true}]}");
}

static void
test_presets_minimal_document (void)
{
  const char *json =
    "{\"presets\": [{\"id\": \"own\", \"name\": \"Own server\", \"protocol\": \"rtmps\","
    " \"servers\": [{\"name\": \"Main\", \"url\": \"rtmps://ingest.example.com:4443/live\"}]}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) presets = NULL;
  g_autoptr(OnairPreset) preset = NULL;

  presets = onair_presets_load_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (presets), ==, 1);

  preset = g_list_model_get_item (presets, 0);
  g_assert_cmpstr (onair_preset_get_id (preset), ==, "own");
  g_assert_false (onair_preset_is_custom (preset));
  g_assert_null (onair_preset_get_key_help_url (preset));
  g_assert_null (onair_preset_get_url_placeholder (preset));
  g_assert_false (onair_preset_get_uses_username (preset));
  g_assert_cmpstr (onair_preset_get_server_url (preset, 0), ==,
                   "rtmps://ingest.example.com:4443/live");

  g_clear_object (&presets);
  g_assert_finalize_object (g_steal_pointer (&preset));
}

static void
assert_marked_for_translation (GHashTable *marked,
                               const char *name)
{
  g_test_message ("  “%s”", name);
  g_assert_true (g_hash_table_contains (marked, name));
}

/* presets.json's names reach translators through onair-preset-strings.h: every name is
 * there, and nothing else is. */
static void
test_presets_names_translatable (void)
{
  GListModel *presets = onair_presets_get_default ();
  g_autoptr(GHashTable) marked = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_names = 0;

  for (guint i = 0; i < G_N_ELEMENTS (onair_preset_strings); i++)
    g_hash_table_add (marked, (gpointer) onair_preset_strings[i]);

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(OnairPreset) preset = g_list_model_get_item (presets, i);

      assert_marked_for_translation (marked, onair_preset_get_name (preset));
      n_names++;
      for (guint j = 0; j < onair_preset_get_n_servers (preset); j++)
        {
          assert_marked_for_translation (marked, onair_preset_get_server_name (preset, j));
          n_names++;
        }
    }
  g_assert_cmpuint (n_names, ==, G_N_ELEMENTS (onair_preset_strings));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/presets/default-has-platforms", test_presets_default_has_platforms);
  g_test_add_func ("/onair/presets/servers-are-valid", test_presets_servers_are_valid);
  g_test_add_func ("/onair/presets/twitch-has-regional-ingests",
                   test_presets_twitch_has_regional_ingests);
  g_test_add_func ("/onair/presets/rtmps-presets", test_presets_rtmps_presets);
  g_test_add_func ("/onair/presets/custom", test_presets_custom);
  g_test_add_func ("/onair/presets/invalid-documents", test_presets_invalid_documents);
  g_test_add_func ("/onair/presets/minimal-document", test_presets_minimal_document);
  g_test_add_func ("/onair/presets/names-translatable", test_presets_names_translatable);

  return g_test_run ();
}
