/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/witness/onair-canonical-json.h"
#include "core/witness/onair-witness.h"
#include "core/witness/onair-witness-report.h"

/*
 * onair-witness: the witness log for auditors, without GTK and without the keyring.
 *
 *   verify CHAIN-OR-EXPORT   exit 0 valid, 1 invalid, 2 usage or I/O error
 *   show CHAIN               list entries, optionally filtered, as text or JSON Lines
 *   export CHAIN -o FILE     write a signed export document, and/or --pdf FILE an audit report
 */

enum {
  EXIT_VALID = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

static int
fail_usage (GOptionContext *context,
            const char     *message)
{
  g_autofree char *help = NULL;

  if (message != NULL)
    g_printerr ("onair-witness: %s\n", message);
  if (context != NULL)
    {
      help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }
  return EXIT_USAGE;
}

static int
fail_error (const GError *error)
{
  g_printerr ("onair-witness: %s\n", error->message);
  return EXIT_USAGE;
}

/* Accepts RFC 3339 (2025-11-12T10:30:00Z) or a day (2025-11-12: its start for --from, its
 * end for --to), in UTC. */
static GDateTime *
parse_time_option (const char *text,
                   gboolean    end_of_day)
{
  gint64 ms;
  int y, m, d;
  char trailing;

  if (text == NULL)
    return NULL;

  if (onair_witness_parse_timestamp (text, &ms))
    {
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (ms / 1000);

      return seconds != NULL ? g_date_time_add (seconds, (ms % 1000) * 1000) : NULL;
    }

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &trailing) == 3 && strlen (text) == 10)
    {
      if (end_of_day)
        return g_date_time_new_utc (y, m, d, 23, 59, 59.999);
      return g_date_time_new_utc (y, m, d, 0, 0, 0);
    }

  return NULL;
}

static gboolean
build_filter (const char          *type,
              const char          *from,
              const char          *to,
              const char          *search,
              OnairWitnessFilter **filter,
              GError             **error)
{
  g_autoptr(GDateTime) from_dt = parse_time_option (from, FALSE);
  g_autoptr(GDateTime) to_dt = parse_time_option (to, TRUE);

  if ((from != NULL && from_dt == NULL) || (to != NULL && to_dt == NULL))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_INVALID,
                   _("Times are written 2025-11-12T10:30:00Z or 2025-11-12 (UTC)."));
      return FALSE;
    }

  *filter = onair_witness_filter_new (type, from_dt, to_dt, search);
  return TRUE;
}

/* verify */

static const char *
format_name (const OnairWitnessVerification *v)
{
  static const char * const names[2][3] = {
    { NULL, "onair-witness/1", "onair-witness/2" },
    { NULL, "onair-witness-export/1", "onair-witness-export/2" },
  };

  return v->format_version < 3 ? names[v->is_export ? 1 : 0][v->format_version] : NULL;
}

static void
print_verification (const char                     *path,
                    const OnairWitnessVerification *v)
{
  const char *kind = v->is_export ? (v->complete ? _("complete export") : _("filtered export"))
                                  : _("chain");

  if (v->valid)
    g_print (_("VALID: %s “%s”\n"), kind, path);
  else
    g_print (_("INVALID: %s “%s”\n"), kind, path);

  if (!v->valid)
    {
      g_print ("  broken_at:    %" G_GINT64_FORMAT "\n", v->broken_at);
      if (v->broken_line >= 0)
        g_print ("  line:         %" G_GINT64_FORMAT "\n", v->broken_line);
      g_print ("  reason:       %s\n", v->reason);
    }
  if (format_name (v) != NULL)
    g_print ("  format:       %s\n", format_name (v));
  if (v->chain_id != NULL)
    g_print ("  chain_id:     %s\n", v->chain_id);
  g_print ("  total_events: %" G_GUINT64_FORMAT "\n", v->total_events);
  if (v->first_hash != NULL)
    g_print ("  first_hash:   %s\n", v->first_hash);
  if (v->last_hash != NULL)
    g_print ("  last_hash:    %s\n", v->last_hash);

  if (v->is_export)
    {
      g_autofree char *fingerprint = v->public_key != NULL
                                     ? onair_witness_public_key_fingerprint (v->public_key) : NULL;

      g_print ("  signature:    %s\n", v->signature_valid ? _("valid") : _("INVALID"));
      if (v->public_key != NULL)
        {
          g_print ("  public_key:   %s\n", v->public_key);
          g_print ("  fingerprint:  %s\n", fingerprint);
        }
    }

  if (v->torn_bytes > 0)
    g_print (ngettext ("  torn_tail:    %" G_GUINT64_FORMAT " byte after the last newline, not "
                       "part of the chain\n",
                       "  torn_tail:    %" G_GUINT64_FORMAT " bytes after the last newline, not "
                       "part of the chain\n", v->torn_bytes),
             v->torn_bytes);
}

static int
command_verify (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *public_key = NULL;
  gboolean json = FALSE;
  gboolean allow_torn_tail = FALSE;
  OnairWitnessAnchor anchor;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "allow-torn-tail", 0, 0, G_OPTION_ARG_NONE, &allow_torn_tail,
      N_("Verify a chain that ends with a torn tail, leaving the tail out"), NULL },
    { "head", 0, 0, G_OPTION_ARG_STRING, &head,
      N_("Report the chain as truncated if it ends before this head"), N_("SEQ:HASH") },
    { "public-key", 0, 0, G_OPTION_ARG_STRING, &public_key,
      N_("Require exports to be signed by this key (base64, as in the export)"), N_("KEY") },
    { NULL }
  };

  context = g_option_context_new (_("CHAIN-OR-EXPORT — verify a witness log or an export"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("A chain (format onair-witness/2 or /1) verifies when its header's genesis_hash is "
      "right and every entry's seq, previous_hash and current_hash are right. Bytes after its "
      "last newline (a torn tail) are covered by no hash, so a chain with one is not valid "
      "unless --allow-torn-tail is given; the tail's length is reported either way. An export "
      "also needs a valid Ed25519 signature; a complete export verifies as a chain from "
      "genesis, a filtered one entry by entry. --public-key applies to exports only.\n\n"
      "Exit status: 0 valid, 1 invalid (broken_at and the reason are printed), 2 usage or I/O "
      "error."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (context, error->message);
  if (argc != 2)
    return fail_usage (context, _("Give one file to verify."));
  if (head != NULL && !onair_witness_anchor_parse (head, &anchor))
    return fail_usage (context, _("--head takes SEQ:HASH, e.g. 41:3f2a…"));

  file = g_file_new_for_commandline_arg (argv[1]);
  v = onair_witness_verify_file_full (file, head != NULL ? &anchor : NULL,
                                      allow_torn_tail ? ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL
                                                      : ONAIR_WITNESS_VERIFY_NONE,
                                      NULL, &error);
  if (v == NULL)
    return fail_error (error);

  /* A chain has no signature: a key given for one would be silently ignored. */
  if (public_key != NULL && !v->is_export)
    {
      g_autofree char *message = g_strdup_printf (_("--public-key applies to exports only, and "
                                                    "“%s” is a chain."), argv[1]);

      return fail_usage (context, message);
    }

  if (public_key != NULL && v->is_export && g_strcmp0 (public_key, v->public_key) != 0 && v->valid)
    {
      v->valid = FALSE;
      v->fault = ONAIR_WITNESS_FAULT_SIGNATURE;
      v->broken_at = 0;
      v->reason = g_strdup (_("The export is signed by another key than the one given."));
    }

  if (json)
    {
      g_autoptr(JsonObject) object = onair_witness_verification_to_json (v);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    {
      print_verification (argv[1], v);
    }

  return v->valid ? EXIT_VALID : EXIT_INVALID;
}

/* show */

static int
command_show (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  guint n;
  const GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_("Only events of this type"), N_("TYPE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only events at or after this time"),
      N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only events at or before this time"), N_("TIME") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only entries containing this text"),
      N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print entries as JSON Lines, as in the chain"),
      NULL },
    { NULL }
  };

  context = g_option_context_new (_("CHAIN — list the entries of a witness log"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Columns: seq, event time (UTC), event type, result, hash prefix, parameters. Times are "
      "written 2025-11-12T10:30:00Z or 2025-11-12. Showing does not verify: use "
      "“onair-witness verify”."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (context, error->message);
  if (argc != 2)
    return fail_usage (context, _("Give one chain file."));
  if (!build_filter (type, from, to, search, &filter, &error))
    return fail_usage (context, error->message);

  witness = onair_witness_open (argv[1], NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  if (witness == NULL)
    return fail_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (witness));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnairWitnessEntry) entry = onair_witness_get_entry (witness, i);
      g_autoptr(JsonObject) event = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;
      g_autofree char *when = NULL;
      g_autofree char *params = NULL;
      OnairWitnessResult result;
      JsonNode *params_node;

      if (!onair_witness_filter_match (filter, entry))
        continue;

      if (json)
        {
          line = onair_witness_entry_dup_line (entry, &local_error);
          if (line == NULL)
            return fail_error (local_error);
          g_print ("%s\n", line);
          continue;
        }

      if (!onair_witness_entry_is_readable (entry))
        {
          g_print (_("%6s  (line %u is not a readable entry)\n"), "?", i + 2);
          continue;
        }

      event = onair_witness_entry_dup_event (entry, NULL);
      params_node = event != NULL ? json_object_get_member (event, "params") : NULL;
      if (params_node != NULL)
        params = json_to_string (params_node, FALSE);

      when = onair_witness_entry_get_timestamp (entry) != G_MININT64
             ? onair_witness_format_timestamp_ms (onair_witness_entry_get_timestamp (entry))
             : g_strdup ("-");
      result = onair_witness_entry_get_result (entry);

      g_print ("%6" G_GINT64_FORMAT "  %s  %-24s %-7s %s  %s\n",
               onair_witness_entry_get_seq (entry), when,
               onair_witness_entry_get_event_type (entry) ?: "?",
               result == ONAIR_WITNESS_RESULT_SUCCESS ? "ok"
               : result == ONAIR_WITNESS_RESULT_FAILURE ? "FAILED" : "-",
               onair_witness_entry_get_hash_prefix (entry) ?: "--------",
               params != NULL ? params : "");
    }

  if (onair_witness_get_torn_bytes (witness) > 0)
    g_printerr (_("onair-witness: warning: %" G_GUINT64_FORMAT " bytes of an unfinished last "
                  "line were not shown.\n"), onair_witness_get_torn_bytes (witness));

  return EXIT_VALID;
}

/* export */

static GBytes *
load_or_create_key (const char  *path,
                    gboolean    *created,
                    GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  gsize length;
  struct stat st;
  int fd;

  *created = FALSE;

  if (g_stat (path, &st) == 0)
    {
      if ((st.st_mode & 077) != 0)
        {
          g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_KEY,
                       _("The key file “%s” can be read by other users. Restrict it with "
                         "“chmod 600 %s” and try again."), display, path);
          return NULL;
        }
      if (!g_file_get_contents (path, &data, &length, error))
        return NULL;
      return g_bytes_new_take (g_steal_pointer (&data), length);
    }

  if (errno != ENOENT)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Could not read the key file “%s”: %s"), display, g_strerror (errno));
      return NULL;
    }

  key = onair_witness_generate_signing_key (error);
  if (key == NULL)
    return NULL;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Could not create the key file “%s”: %s"), display, g_strerror (errno));
      return NULL;
    }
  {
    gsize size;
    const char *bytes = g_bytes_get_data (key, &size);
    gboolean ok = write (fd, bytes, size) == (gssize) size && fsync (fd) == 0;

    close (fd);
    if (!ok)
      {
        g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                     _("Could not write the key file “%s”."), display);
        g_unlink (path);
        return NULL;
      }
  }

  *created = TRUE;
  return g_steal_pointer (&key);
}

static int
command_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OnairWitness) witness = NULL;
  g_autoptr(OnairWitnessFilter) filter = NULL;
  g_autoptr(OnairWitnessVerification) check = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *type = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *search = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *paper_name = NULL;
  OnairWitnessPaper paper = onair_witness_paper_from_locale ();
  guint64 n_events = 0;
  gboolean created = FALSE;
  int status = EXIT_VALID;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the export to FILE"),
      N_("FILE") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_("Only events of this type"), N_("TYPE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only events at or after this time"),
      N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only events at or before this time"), N_("TIME") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only entries containing this text"),
      N_("TEXT") },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("Sign with the Ed25519 key in FILE (created if missing)"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
      N_("Write an audit report (PDF) of the same entries to FILE"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_name,
      N_("Paper of the report: a4 or letter (default: from the locale)"), N_("PAPER") },
    { NULL }
  };

  context = g_option_context_new (_("CHAIN -o FILE | --pdf FILE — write a signed export or an "
                                    "audit report of a witness log"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Without a filter the export is complete and verifies as a chain from genesis; with "
      "--type, --from, --to or --search it is filtered and each entry verifies on its own.\n\n"
      "Signing key: --key FILE names an unencrypted PKCS#8 Ed25519 private key (PEM or DER, "
      "as made by “openssl genpkey -algorithm ed25519”), which must not be readable by other "
      "users (mode 0600). If FILE does not exist, a new key is created there with mode 0600 "
      "and kept for later exports. Without --key, the export is signed with a new one-time "
      "key that is not kept, and its public key and fingerprint are printed on standard error "
      "so the recipient can check them. (This tool does not read the keyring where Onair keeps "
      "its own key.)\n\n"
      "Audit report: --pdf FILE writes a PDF to read, print and file: the chain, time range, "
      "filter, the result of verifying the whole chain, the signing key's fingerprint and "
      "public key (with --key or -o) and how to verify the JSON export, then the entries as a "
      "table. The JSON export stays the verifiable record.\n\n"
      "Exit status: 0 exported, 1 exported but the chain does not verify (chain_valid is "
      "false), 2 usage or I/O error."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (context, error->message);
  if (argc != 2)
    return fail_usage (context, _("Give one chain file."));
  if (output == NULL && pdf == NULL)
    return fail_usage (context, _("Say where to write the export with -o FILE, or the audit "
                                  "report with --pdf FILE."));
  if (!build_filter (type, from, to, search, &filter, &error))
    return fail_usage (context, error->message);
  if (paper_name != NULL && g_ascii_strcasecmp (paper_name, "a4") == 0)
    paper = ONAIR_WITNESS_PAPER_A4;
  else if (paper_name != NULL && g_ascii_strcasecmp (paper_name, "letter") == 0)
    paper = ONAIR_WITNESS_PAPER_LETTER;
  else if (paper_name != NULL)
    return fail_usage (context, _("--paper takes a4 or letter."));

  /* A report alone names a key only when given one: a one-time key would sign nothing. */
  if (output != NULL || key_path != NULL)
    {
      if (key_path != NULL)
        key = load_or_create_key (key_path, &created, &error);
      else
        key = onair_witness_generate_signing_key (&error);
      if (key == NULL)
        return fail_error (error);

      public_key = onair_witness_signing_key_dup_public_key (key, &error);
      if (public_key == NULL)
        return fail_error (error);
      fingerprint = onair_witness_public_key_fingerprint (public_key);

      if (key_path == NULL)
        g_printerr (_("Signed with a one-time key (not kept; use --key FILE to keep one).\n"
                      "  public key:  %s\n  fingerprint: %s\n"), public_key, fingerprint);
      else if (created)
        g_printerr (_("Created a new signing key in “%s”.\n  public key:  %s\n  fingerprint: %s\n"),
                    key_path, public_key, fingerprint);
    }

  witness = onair_witness_open (argv[1], NULL, ONAIR_WITNESS_OPEN_READ_ONLY, NULL, &error);
  if (witness == NULL)
    return fail_error (error);

  if (pdf != NULL)
    {
      g_autoptr(GFile) report = g_file_new_for_commandline_arg (pdf);
      g_autoptr(OnairWitnessVerification) v = NULL;

      if (!onair_witness_write_report (witness, report, filter, public_key, paper, &n_events,
                                       NULL, &error))
        return fail_error (error);
      g_print (ngettext ("Wrote the audit report of %" G_GUINT64_FORMAT " entry to “%s” (%s).\n",
                         "Wrote the audit report of %" G_GUINT64_FORMAT " entries to “%s” (%s).\n",
                         n_events),
               n_events, pdf, paper == ONAIR_WITNESS_PAPER_LETTER ? "Letter" : "A4");
      if (output == NULL)
        {
          v = onair_witness_verify (witness, NULL, ONAIR_WITNESS_VERIFY_NONE, NULL, &error);
          if (v == NULL)
            return fail_error (error);
          if (!v->valid)
            {
              g_printerr (_("onair-witness: warning: the chain does not verify: %s\n"),
                          v->reason);
              return EXIT_INVALID;
            }
          return EXIT_VALID;
        }
    }

  destination = g_file_new_for_commandline_arg (output);
  if (!onair_witness_export (witness, destination, filter, key, &n_events, NULL, &error))
    return fail_error (error);

  g_print (ngettext ("Exported %" G_GUINT64_FORMAT " event to “%s” (%s).\n",
                     "Exported %" G_GUINT64_FORMAT " events to “%s” (%s).\n", n_events),
           n_events, output,
           onair_witness_filter_is_empty (filter) ? _("complete") : _("filtered"));

  check = onair_witness_verify_file (destination, NULL, NULL, &error);
  if (check == NULL)
    return fail_error (error);
  if (!check->valid)
    {
      g_printerr (_("onair-witness: warning: the chain does not verify: %s\n"), check->reason);
      status = EXIT_INVALID;
    }

  return status;
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage:\n"
             "  onair-witness verify [--json] [--head SEQ:HASH] [--allow-torn-tail] CHAIN\n"
             "  onair-witness verify [--json] [--public-key KEY] EXPORT\n"
             "  onair-witness show [--type TYPE] [--from TIME] [--to TIME] [--search TEXT] "
             "[--json] CHAIN\n"
             "  onair-witness export [--type TYPE] [--from TIME] [--to TIME] [--search TEXT] "
             "[--key FILE] [-o FILE] [--pdf FILE [--paper a4|letter]] CHAIN\n"
             "\n"
             "Verify, list and export Onair's witness log, the hash chain of every operation.\n"
             "“onair-witness COMMAND --help” explains each command.\n"
             "\n"
             "Exit status of verify: 0 valid, 1 invalid, 2 usage or I/O error.\n"));
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  command = argv[1];
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      print_usage (stdout);
      return EXIT_VALID;
    }

  if (strcmp (command, "verify") == 0 || strcmp (command, "show") == 0 ||
      strcmp (command, "export") == 0)
    {
      /* Each command parses its own options, and its --help says "onair-witness COMMAND". */
      g_autofree char *name = g_strdup_printf ("onair-witness %s", command);

      g_set_prgname (name);
      if (strcmp (command, "verify") == 0)
        return command_verify (argc - 1, argv + 1);
      if (strcmp (command, "show") == 0)
        return command_show (argc - 1, argv + 1);
      return command_export (argc - 1, argv + 1);
    }

  g_printerr (_("onair-witness: unknown command “%s”\n\n"), command);
  print_usage (stderr);
  return EXIT_USAGE;
}
