/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The witness tests share these: temporary chains, line editing, verification shortcuts and
 * the events they append. */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/witness/onair-canonical-json.h"
#include "core/destinations/onair-fingerprint.h"
#include "core/witness/onair-witness.h"
#include "core/witness/onair-witness-private.h"

static inline char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("onair-witness-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static inline char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static inline void
write_text (const char *path,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  /* CONSISTENT: with NONE, GLib 2.74 rewrites in place without truncating. */
  g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static inline GPtrArray *
read_lines (const char *path)
{
  g_autofree char *text = read_text (path);
  g_auto(GStrv) parts = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (parts);

  /* A well-formed chain ends with a newline, leaving an empty last part. */
  g_assert_cmpstr (parts[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    g_ptr_array_add (lines, g_strdup (parts[i]));

  return lines;
}

static inline void
write_lines (const char *path,
             GPtrArray  *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  write_text (path, text->str, text->len);
}

static inline void
replace_line (GPtrArray  *lines,
              guint       index,
              const char *text)
{
  g_free (g_ptr_array_index (lines, index));
  g_ptr_array_index (lines, index) = g_strdup (text);
}

/* Replaces the first @old in line @index with @replacement. */
static inline void
edit_line (GPtrArray  *lines,
           guint       index,
           const char *old,
           const char *replacement)
{
  const char *line = g_ptr_array_index (lines, index);
  const char *at = strstr (line, old);
  g_autofree char *edited = NULL;

  g_assert_nonnull (at);
  edited = g_strdup_printf ("%.*s%s%s", (int) (at - line), line, replacement, at + strlen (old));
  replace_line (lines, index, edited);
}

static inline void
assert_same_verification (const OnairWitnessVerification *a,
                          const OnairWitnessVerification *b)
{
  g_assert_cmpint (a->valid, ==, b->valid);
  g_assert_cmpuint (a->format_version, ==, b->format_version);
  g_assert_cmpint (a->fault, ==, b->fault);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpint (a->broken_at, ==, b->broken_at);
  g_assert_cmpint (a->broken_line, ==, b->broken_line);
  g_assert_cmpuint (a->total_events, ==, b->total_events);
  g_assert_cmpstr (a->chain_id, ==, b->chain_id);
  g_assert_cmpstr (a->first_hash, ==, b->first_hash);
  g_assert_cmpstr (a->last_hash, ==, b->last_hash);
  g_assert_cmpuint (a->torn_bytes, ==, b->torn_bytes);
}

static inline OnairWitnessVerification *
verify_path_chunked (const char               *path,
                     const OnairWitnessAnchor *anchor,
                     OnairWitnessVerifyFlags   flags,
                     gsize                     chunk_bytes,
                     gboolean                  sequential)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OnairWitnessVerification *v;

  onair_witness_verify_set_chunking_for_testing (chunk_bytes, sequential);
  v = onair_witness_verify_file_full (file, anchor, flags, NULL, &error);
  onair_witness_verify_set_chunking_for_testing (0, FALSE);
  g_assert_no_error (error);
  g_assert_nonnull (v);

  return v;
}

/* Every verification in the witness tests is done four times: one entry after the other,
 * once more without the fast path for lines as Onair writes them, and on every core with
 * chunks of one line and of a few lines; all must agree in every field. */
static inline OnairWitnessVerification *
verify_path_full (const char               *path,
                  const OnairWitnessAnchor *anchor,
                  OnairWitnessVerifyFlags   flags)
{
  static const gsize chunk_sizes[] = { 1, 700 };
  OnairWitnessVerification *v;

  v = verify_path_chunked (path, anchor, flags, 0, TRUE);
  {
    g_autoptr(OnairWitnessVerification) general = NULL;

    onair_witness_checker_set_fast_path_for_testing (FALSE);
    general = verify_path_chunked (path, anchor, flags, 0, TRUE);
    onair_witness_checker_set_fast_path_for_testing (TRUE);
    assert_same_verification (v, general);
  }
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(OnairWitnessVerification) parallel =
        verify_path_chunked (path, anchor, flags, chunk_sizes[i], FALSE);

      assert_same_verification (v, parallel);
    }
  if (!v->valid)
    g_test_message ("%s: broken_at %" G_GINT64_FORMAT ": %s", path, v->broken_at, v->reason);

  return v;
}

static inline OnairWitnessVerification *
verify_path (const char               *path,
             const OnairWitnessAnchor *anchor)
{
  return verify_path_full (path, anchor, ONAIR_WITNESS_VERIFY_NONE);
}

static const char * const event_types[] = {
  "stream_started", "stream_stopped", "recording_started", "health_alert",
};

static inline JsonObject *
make_event (guint i)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 11, 12, 10, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_minutes (base, i);
  JsonObject *result;

  json_object_set_int_member (params, "channel", i);
  json_object_set_string_member (params, "destination", "rtmp://live.example.com/app/");
  json_object_set_string_member (params, "note", i % 2 ? "Übertragung \"live\"" : "plain");

  if (i % 5 == 4)
    result = onair_witness_result_new_failure ("vmix-timeout", "vMix did not answer");
  else
    result = onair_witness_result_new (TRUE);

  return onair_witness_event_new (event_types[i % G_N_ELEMENTS (event_types)], when,
                                  g_steal_pointer (&params), result);
}

/* A chain of chain_created + @n events at PATH = DIR/chain.jsonl; returns the head. */
static inline char *
make_chain (const char         *dir,
            guint               n,
            OnairWitnessAnchor *head)
{
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  witness = onair_witness_open (path, NULL, ONAIR_WITNESS_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(JsonObject) event = make_event (i);

      onair_witness_append (witness, event, head, &error);
      g_assert_no_error (error);
    }

  if (head != NULL)
    g_assert_true (onair_witness_get_head (witness, head));

  return g_steal_pointer (&path);
}

static inline GBytes *
new_key (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *key = onair_witness_generate_signing_key (&error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* Vectors: a version 1 and a version 2 chain of the same three events. */

static inline char *
vectors_path (guint version)
{
  return g_test_build_filename (G_TEST_DIST, "data",
                                version == 2 ? "witness-vectors-v2.jsonl" : "witness-vectors.jsonl",
                                NULL);
}

static inline JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define LINE_OF_SEQ(seq) ((seq) + 1)

/* Repairs that a crash interrupted are recorded on the next open, once. */

static inline guint
count_events (OnairWitness *witness,
              const char   *event_type)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (witness)); i++)
    {
      g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);

      if (g_strcmp0 (onair_witness_entry_get_event_type (entry), event_type) == 0)
        n++;
    }

  return n;
}
