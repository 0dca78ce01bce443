/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/witness/onair-witness.h"

/* The onair-witness binary under test, from ONAIR_WITNESS_BIN (set by meson). */
static const char *witness_bin;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_tool (Run        *run,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) witness_bin);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("%s … → %d\n%s%s", first, run->status, run->out, run->err);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("onair-witness-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static char *
vectors_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "witness-vectors.jsonl", NULL);
}

static char *
vectors_v2_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "witness-vectors-v2.jsonl", NULL);
}

static JsonObject *
parse_result (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Copies the vectors to DIR/chain.jsonl, replacing @old by @replacement when given. */
static char *
copy_vectors (const char *dir,
              const char *old,
              const char *replacement)
{
  g_autofree char *vectors = vectors_path ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (vectors, &text, NULL, &error);
  g_assert_no_error (error);

  if (old != NULL)
    {
      char *at = strstr (text, old);
      g_autofree char *edited = NULL;

      g_assert_nonnull (at);
      edited = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replacement,
                                at + strlen (old));
      g_free (text);
      text = g_steal_pointer (&edited);
    }

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
flip_byte_after (const char *path,
                 const char *marker,
                 gsize       skip)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  char *at;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  at = strstr (text, marker);
  g_assert_nonnull (at);
  at += strlen (marker) + skip;
  *at = *at == 'A' ? 'B' : 'A';
  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
}

static void
test_cli_usage (void)
{
  g_auto(Run) none = { 0 }, help = { 0 }, unknown = { 0 }, bad_option = { 0 }, two = { 0 };
  g_auto(Run) export_help = { 0 }, missing = { 0 };

  run_tool (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);

  run_tool (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "verify"));

  run_tool (&unknown, "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);

  run_tool (&bad_option, "verify", "--no-such-option", "x", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);

  run_tool (&two, "verify", NULL);
  g_assert_cmpint (two.status, ==, 2);

  run_tool (&export_help, "export", "--help", NULL);
  g_assert_cmpint (export_help.status, ==, 0);
  g_assert_nonnull (strstr (export_help.out, "--key"));
  g_assert_nonnull (strstr (export_help.out, "0600"));

  run_tool (&missing, "verify", "/nonexistent/chain.jsonl", NULL);
  g_assert_cmpint (missing.status, ==, 2);
}

static void
test_cli_verify (void)
{
  g_autofree char *vectors = vectors_path ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *tampered = NULL;
  g_auto(Run) valid = { 0 }, json = { 0 }, broken = { 0 }, truncated = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  run_tool (&valid, "verify", vectors, NULL);
  g_assert_cmpint (valid.status, ==, 0);
  g_assert_nonnull (strstr (valid.out, "VALID"));
  g_assert_nonnull (strstr (valid.out,
                            "f5b66dcbe4e08f09b4045bef36efa5f75f07ea65ff4af39c9a16743288078277"));

  run_tool (&json, "verify", "--json", vectors, NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (result, "valid"));
  g_assert_cmpint (json_object_get_int_member (result, "total_events"), ==, 3);

  tampered = copy_vectors (dir, "\"quality\": \"high\"", "\"quality\": \"low\"");
  run_tool (&broken, "verify", tampered, NULL);
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_nonnull (strstr (broken.out, "INVALID"));
  g_assert_nonnull (strstr (broken.out, "broken_at:    1"));

  /* A head kept elsewhere reveals entries cut off the end. */
  run_tool (&truncated, "verify", "--head",
            "5:f5b66dcbe4e08f09b4045bef36efa5f75f07ea65ff4af39c9a16743288078277", vectors, NULL);
  g_assert_cmpint (truncated.status, ==, 1);
  g_assert_nonnull (strstr (truncated.out, "broken_at:    3"));

  remove_tree (dir);
}

static void
test_cli_show (void)
{
  g_autofree char *vectors = vectors_path ();
  g_auto(Run) all = { 0 }, typed = { 0 }, json = { 0 }, search = { 0 }, bad_time = { 0 };
  g_auto(GStrv) lines = NULL;

  run_tool (&all, "show", vectors, NULL);
  g_assert_cmpint (all.status, ==, 0);
  lines = g_strsplit (all.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (all.out, "recording_started"));
  g_assert_nonnull (strstr (all.out, "Übertragung"));

  run_tool (&typed, "show", "--type", "recording_stopped", vectors, NULL);
  g_assert_cmpint (typed.status, ==, 0);
  g_assert_nonnull (strstr (typed.out, "recording_stopped"));
  g_assert_null (strstr (typed.out, "stream_started"));

  run_tool (&json, "show", "--json", "--from", "2025-11-12T10:31:00Z", vectors, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (json.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
    }

  run_tool (&search, "show", "--search", "TWITCH", vectors, NULL);
  g_assert_cmpint (search.status, ==, 0);
  g_assert_nonnull (strstr (search.out, "stream_started"));
  g_assert_null (strstr (search.out, "recording"));

  run_tool (&bad_time, "show", "--from", "last tuesday", vectors, NULL);
  g_assert_cmpint (bad_time.status, ==, 2);
}

static void
test_cli_export (void)
{
  g_autofree char *vectors = vectors_path ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *complete = g_build_filename (dir, "complete.json", NULL);
  g_autofree char *filtered = g_build_filename (dir, "filtered.json", NULL);
  g_autofree char *key = g_build_filename (dir, "auditor.pem", NULL);
  g_auto(Run) exported = { 0 }, verified = { 0 }, no_output = { 0 };
  g_auto(Run) by_type = { 0 }, by_type_verified = { 0 };
  g_auto(Run) keyed = { 0 }, keyed_again = { 0 }, open_key = { 0 };
  g_auto(Run) tampered_event = { 0 }, tampered_sig = { 0 }, wrong_key = { 0 };
  struct stat st;

  run_tool (&no_output, "export", vectors, NULL);
  g_assert_cmpint (no_output.status, ==, 2);

  /* No key: a one-time key whose public key and fingerprint go to stderr. */
  run_tool (&exported, "export", vectors, "-o", complete, NULL);
  g_assert_cmpint (exported.status, ==, 0);
  g_assert_nonnull (strstr (exported.err, "fingerprint"));
  g_assert_nonnull (strstr (exported.out, "3"));

  run_tool (&verified, "verify", complete, NULL);
  g_assert_cmpint (verified.status, ==, 0);
  g_assert_nonnull (strstr (verified.out, "complete export"));
  g_assert_nonnull (strstr (verified.out, "signature:    valid"));

  run_tool (&by_type, "export", vectors, "--type", "recording_started", "-o", filtered, NULL);
  g_assert_cmpint (by_type.status, ==, 0);
  run_tool (&by_type_verified, "verify", "--json", filtered, NULL);
  g_assert_cmpint (by_type_verified.status, ==, 0);
  g_assert_nonnull (strstr (by_type_verified.out, "\"complete\" : false"));
  g_assert_nonnull (strstr (by_type_verified.out, "\"total_events\" : 1"));

  /* --key FILE: created with mode 0600 when missing, then reused. */
  run_tool (&keyed, "export", vectors, "--key", key, "-o", complete, NULL);
  g_assert_cmpint (keyed.status, ==, 0);
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  run_tool (&keyed_again, "export", vectors, "--key", key, "-o", filtered, "--type",
            "stream_started", NULL);
  g_assert_cmpint (keyed_again.status, ==, 0);
  {
    g_autoptr(GFile) a = g_file_new_for_path (complete);
    g_autoptr(GFile) b = g_file_new_for_path (filtered);
    g_autoptr(OnairWitnessVerification) va = onair_witness_verify_file (a, NULL, NULL, NULL);
    g_autoptr(OnairWitnessVerification) vb = onair_witness_verify_file (b, NULL, NULL, NULL);
    g_auto(Run) pinned = { 0 };

    g_assert_true (va->valid && vb->valid);
    g_assert_cmpstr (va->public_key, ==, vb->public_key);

    run_tool (&pinned, "verify", "--public-key", va->public_key, filtered, NULL);
    g_assert_cmpint (pinned.status, ==, 0);

    run_tool (&wrong_key, "verify", "--public-key",
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", filtered, NULL);
    g_assert_cmpint (wrong_key.status, ==, 1);
  }

  g_chmod (key, 0644);
  run_tool (&open_key, "export", vectors, "--key", key, "-o", complete, NULL);
  g_assert_cmpint (open_key.status, ==, 2);
  g_assert_nonnull (strstr (open_key.err, "chmod 600"));

  /* Tampering with an exported event or with the signature is caught. */
  flip_byte_after (complete, "\"quality\":\"", 0);
  run_tool (&tampered_event, "verify", complete, NULL);
  g_assert_cmpint (tampered_event.status, ==, 1);

  flip_byte_after (filtered, "\"value\": \"", 3);
  run_tool (&tampered_sig, "verify", filtered, NULL);
  g_assert_cmpint (tampered_sig.status, ==, 1);
  g_assert_nonnull (strstr (tampered_sig.out, "signature:    INVALID"));

  remove_tree (dir);
}

static void
test_cli_export_broken (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *chain = copy_vectors (dir, "\"duration_seconds\": 2732",
                                         "\"duration_seconds\": 2733");
  g_autofree char *output = g_build_filename (dir, "export.json", NULL);
  g_auto(Run) exported = { 0 }, verified = { 0 };

  /* Exported as it is (chain_valid false), with exit status 1. */
  run_tool (&exported, "export", chain, "-o", output, NULL);
  g_assert_cmpint (exported.status, ==, 1);
  g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));

  run_tool (&verified, "verify", output, NULL);
  g_assert_cmpint (verified.status, ==, 1);
  g_assert_nonnull (strstr (verified.out, "broken_at:    2"));

  remove_tree (dir);
}

/* Both versions verify, and the result names which. */
static void
test_cli_versions (void)
{
  g_autofree char *v1 = vectors_path ();
  g_autofree char *v2 = vectors_v2_path ();
  g_auto(Run) text_v1 = { 0 }, text_v2 = { 0 }, json_v1 = { 0 }, json_v2 = { 0 };
  g_autoptr(JsonObject) result_v1 = NULL;
  g_autoptr(JsonObject) result_v2 = NULL;

  run_tool (&text_v2, "verify", v2, NULL);
  g_assert_cmpint (text_v2.status, ==, 0);
  g_assert_nonnull (strstr (text_v2.out, "format:       onair-witness/2"));
  g_assert_nonnull (strstr (text_v2.out,
                            "adacad43a94e82759c046f706430eba62e041f0b120728e2377a1831be966f88"));

  run_tool (&text_v1, "verify", v1, NULL);
  g_assert_cmpint (text_v1.status, ==, 0);
  g_assert_nonnull (strstr (text_v1.out, "format:       onair-witness/1"));

  run_tool (&json_v2, "verify", "--json", v2, NULL);
  g_assert_cmpint (json_v2.status, ==, 0);
  result_v2 = parse_result (json_v2.out);
  g_assert_true (json_object_get_boolean_member (result_v2, "valid"));
  g_assert_cmpint (json_object_get_int_member (result_v2, "format_version"), ==, 2);

  run_tool (&json_v1, "verify", "--json", v1, NULL);
  g_assert_cmpint (json_v1.status, ==, 0);
  result_v1 = parse_result (json_v1.out);
  g_assert_true (json_object_get_boolean_member (result_v1, "valid"));
  g_assert_cmpint (json_object_get_int_member (result_v1, "format_version"), ==, 1);
}

/* The last entry rewritten and its newline dropped: a torn tail, which no hash covers. */
static void
test_cli_torn_tail (gconstpointer data)
{
  g_autofree char *vectors = GPOINTER_TO_UINT (data) == 2 ? vectors_v2_path () : vectors_path ();
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chain.jsonl", NULL);
  g_autofree char *text = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_auto(Run) strict = { 0 }, allowed = { 0 }, json = { 0 };
  const char *last;
  char *at;

  g_file_get_contents (vectors, &text, NULL, &error);
  g_assert_no_error (error);
  at = strstr (text, "\"duration_seconds\": 2732");
  g_assert_nonnull (at);
  at[strlen ("\"duration_seconds\": 273")] = '3';
  g_assert_true (g_str_has_suffix (text, "\n"));
  text[strlen (text) - 1] = '\0';
  last = strrchr (text, '\n') + 1;
  bytes = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", strlen (last));
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  run_tool (&strict, "verify", path, NULL);
  g_assert_cmpint (strict.status, ==, 1);
  g_assert_nonnull (strstr (strict.out, "INVALID"));
  g_assert_nonnull (strstr (strict.out, "torn tail"));
  g_assert_nonnull (strstr (strict.out, bytes));

  run_tool (&json, "verify", "--json", path, NULL);
  g_assert_cmpint (json.status, ==, 1);
  result = parse_result (json.out);
  g_assert_cmpstr (json_object_get_string_member (result, "fault"), ==, "torn-tail");
  g_assert_cmpint (json_object_get_int_member (result, "torn_bytes"), ==, strlen (last));

  run_tool (&allowed, "verify", "--allow-torn-tail", path, NULL);
  g_assert_cmpint (allowed.status, ==, 0);
  g_assert_nonnull (strstr (allowed.out, "VALID"));
  g_assert_nonnull (strstr (allowed.out, "total_events: 2"));
  g_assert_nonnull (strstr (allowed.out, "torn_tail:"));
  g_assert_nonnull (strstr (allowed.out, bytes));

  remove_tree (dir);
}

/* A chain has no signature: --public-key for one is a mistake, not a check that passed. */
static void
test_cli_public_key_chain (void)
{
  g_autofree char *v1 = vectors_path ();
  g_autofree char *v2 = vectors_v2_path ();
  const char *chains[] = { v1, v2 };

  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    {
      g_auto(Run) run = { 0 };

      run_tool (&run, "verify", "--public-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                chains[i], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "--public-key"));
      g_assert_null (strstr (run.out, "VALID"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  witness_bin = g_getenv ("ONAIR_WITNESS_BIN");

  if (witness_bin == NULL)
    {
      g_test_message ("ONAIR_WITNESS_BIN must be set");
      return 77;
    }

  g_test_add_func ("/onair/witness/cli/usage", test_cli_usage);
  g_test_add_func ("/onair/witness/cli/verify", test_cli_verify);
  g_test_add_func ("/onair/witness/cli/show", test_cli_show);
  g_test_add_func ("/onair/witness/cli/export", test_cli_export);
  g_test_add_func ("/onair/witness/cli/export-broken", test_cli_export_broken);
  g_test_add_func ("/onair/witness/cli/versions", test_cli_versions);
  g_test_add_data_func ("/onair/witness/cli/torn-tail-v1", GUINT_TO_POINTER (1),
                        test_cli_torn_tail);
  g_test_add_data_func ("/onair/witness/cli/torn-tail-v2", GUINT_TO_POINTER (2),
                        test_cli_torn_tail);
  g_test_add_func ("/onair/witness/cli/public-key-chain", test_cli_public_key_chain);

  return g_test_run ();
}
