/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "core/vmix/onair-vmix-state.h"
#include "emulator/onair-emulator.h"

/* XML state parse: the emulator's documents with 10, 200 and 1000 inputs, parsed by Onair's
 * parser and by the two peers a user would otherwise reach for (vmix-js-utils under node,
 * Python's ElementTree), on the same bytes, extracting the same fields: version, edition,
 * the streaming channels, recording, the number of inputs and the master meters. Each side
 * times one parse plus extraction per sample, after a warm-up; figures are medians of CPU
 * time (the parsing thread's for Onair and Python, the node process's for vmix-js-utils), so
 * that other work on the machine does not count against whichever parser it hits. */

static const guint sizes[] = { 10, 200, 1000 };

static char *work_dir;
static char *peers_dir;
static char *node_prefix;
static double seconds = 1.5;
static gboolean keep;
static guint rounds = 3;

static const GOptionEntry entries[] = {
  { "work", 0, 0, G_OPTION_ARG_FILENAME, &work_dir, "Folder for the documents", "DIR" },
  { "peers", 0, 0, G_OPTION_ARG_FILENAME, &peers_dir, "Folder of the peer scripts", "DIR" },
  { "node-prefix", 0, 0, G_OPTION_ARG_FILENAME, &node_prefix,
    "npm --prefix folder holding vmix-js-utils", "DIR" },
  { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds,
    "Time budget per size and parser, over all rounds", "S" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of every parser in turn (default 3)", "N" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the documents", NULL },
  { NULL }
};

/* What every parser extracts; the checksum keeps the compiler from dropping the work. */
typedef struct
{
  guint  inputs;
  guint  streams_live;
  guint  stream_count;
  guint  implied_streams;  /* the channels a vMix of this version has, given or not */
  double master_left;
} Fields;

static volatile double sink;

static gboolean
parse_once (GBytes  *bytes,
            Fields  *fields,
            GError **error)
{
  g_autoptr(OnairVmixState) state = onair_vmix_state_new_from_bytes (bytes, error);
  const OnairVmixMeter *master;

  if (state == NULL)
    return FALSE;
  fields->stream_count = onair_vmix_state_get_stream_count (state);
  fields->implied_streams = atoi (onair_vmix_state_get_version (state)) >= 28 ? 5 : 3;
  fields->streams_live = 0;
  for (guint i = 0; i < fields->stream_count; i++)
    fields->streams_live += onair_vmix_state_get_stream_live (state, i);
  fields->inputs = onair_vmix_state_get_n_inputs (state);
  master = onair_vmix_state_get_master (state);
  fields->master_left = master ? master->left : NAN;
  sink += strlen (onair_vmix_state_get_version (state)) +
          strlen (onair_vmix_state_get_edition (state)) +
          onair_vmix_state_get_recording (state) +
          onair_vmix_state_get_recording_duration (state) +
          (master ? master->right : 0);
  return TRUE;
}

static double
time_onair (GBytes *bytes,
            Fields *fields)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 budget_end;

  for (guint i = 0; i < 20; i++)
    if (!parse_once (bytes, fields, &error))
      g_error ("Onair could not parse the document: %s", error->message);

  budget_end = bench_now_ns () + (gint64) (seconds / rounds * 1e9);
  while ((samples->len < 50 || bench_now_ns () < budget_end) && samples->len < 200000)
    {
      gint64 t0 = bench_thread_cpu_ns ();
      double ns;

      parse_once (bytes, fields, NULL);
      ns = (double) (bench_thread_cpu_ns () - t0);
      g_array_append_val (samples, ns);
    }
  return bench_median ((double *) (void *) samples->data, samples->len);
}

static char *
format_us (double ns)
{
  if (!isfinite (ns))
    return g_strdup ("n/a");
  if (ns < 10e3)
    return g_strdup_printf ("%.2fus", ns / 1e3);
  return g_strdup_printf ("%.0fus", ns / 1e3);
}

/* Runs one peer on every document; NULL when it could not run. */
static char *
run_peer (const char       *interpreter,
          const char       *script_name,
          const char       *prefix,
          const char       *seconds_text,
          GPtrArray        *paths)
{
  g_autofree char *script = g_build_filename (peers_dir, script_name, NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) interpreter);
  g_ptr_array_add (args, script);
  if (prefix != NULL)
    {
      g_ptr_array_add (args, (char *) "--prefix");
      g_ptr_array_add (args, (char *) prefix);
    }
  g_ptr_array_add (args, (char *) "--seconds");
  g_ptr_array_add (args, (char *) seconds_text);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (args, paths->pdata[i]);
  g_ptr_array_add (args, NULL);
  return bench_run_peer ((const char * const *) args->pdata);
}

/* The peers must have read the same document the same way. They count the channels the
 * document gives; vMix leaves them out while nothing streams (a bare
 * <streaming>False</streaming>), and Onair then knows them from the version: five from vMix
 * 28, three before. */
static gboolean
same_fields (const char   *out,
             const char   *prefix,
             const Fields *fields)
{
  double given = bench_peer_value (out, prefix, "streams");

  return bench_peer_value (out, prefix, "inputs") == fields->inputs &&
         MAX (given, fields->implied_streams) == fields->stream_count &&
         bench_peer_value (out, prefix, "live") == fields->streams_live &&
         fabs (bench_peer_value (out, prefix, "master_left") - fields->master_left) <= 1e-9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- XML state parse benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GString) line = g_string_new ("bench xml-parse:");
  g_autofree char *seconds_text = NULL;
  double onair_ns[G_N_ELEMENTS (sizes)];
  double js_ns[G_N_ELEMENTS (sizes)];
  double et_ns[G_N_ELEMENTS (sizes)];
  Fields fields[G_N_ELEMENTS (sizes)];
  double worst = INFINITY;
  gboolean mismatch = FALSE;
  gboolean any_peer = FALSE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (work_dir == NULL)
    work_dir = g_dir_make_tmp ("onair-bench-parse-XXXXXX", NULL);
  if (work_dir == NULL || g_mkdir_with_parents (work_dir, 0700) < 0)
    {
      g_printerr ("bench xml-parse: cannot create a work folder\n");
      return 1;
    }
  if (peers_dir == NULL)
    peers_dir = g_strdup (".");
  rounds = MAX (rounds, 1);

  /* The documents, as the emulator serves them (test clock: the same bytes every run). */
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(OnairEmulator) emulator = onair_emulator_new (ONAIR_EMULATOR_PROFILE_VMIX28);
      g_autofree char *xml = NULL;
      g_autofree char *name = g_strdup_printf ("vmix-%u.xml", sizes[s]);
      g_autofree char *path = g_build_filename (work_dir, name, NULL);
      gsize length;

      onair_emulator_use_test_clock (emulator);
      onair_emulator_set_input_count (emulator, sizes[s]);
      xml = onair_emulator_render_xml (emulator);
      if (!g_file_set_contents (path, xml, -1, &error))
        {
          g_printerr ("bench xml-parse: %s\n", error->message);
          return 1;
        }
      /* The same bytes as the peers read from the file. */
      length = strlen (xml);
      g_ptr_array_add (documents, g_bytes_new_take (g_steal_pointer (&xml), length));
      g_ptr_array_add (paths, g_steal_pointer (&path));
      onair_ns[s] = js_ns[s] = et_ns[s] = INFINITY;
    }

  /* Rounds of every parser in turn; each figure is the best of its per-round medians, the
   * round least disturbed by whatever else the machine was doing. */
  seconds_text = g_strdup_printf ("%g", seconds / rounds);
  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *js_out = NULL;
      g_autofree char *et_out = NULL;

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          onair_ns[s] = fmin (onair_ns[s], time_onair (documents->pdata[s], &fields[s]));
          if (fields[s].inputs != sizes[s])
            {
              g_printerr ("bench xml-parse: Onair counted %u inputs in vmix-%u.xml\n",
                          fields[s].inputs, sizes[s]);
              return 1;
            }
        }
      if (node_prefix != NULL)
        js_out = run_peer ("node", "peer-vmix-js-utils.mjs", node_prefix, seconds_text, paths);
      et_out = run_peer ("python3", "peer-elementtree.py", NULL, seconds_text, paths);
      any_peer = any_peer || js_out != NULL || et_out != NULL;

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autofree char *prefix = g_strdup_printf ("file=vmix-%u.xml ", sizes[s]);

          if (js_out != NULL && !same_fields (js_out, prefix, &fields[s]))
            {
              g_printerr ("bench xml-parse: vmix-js-utils read vmix-%u.xml otherwise\n", sizes[s]);
              mismatch = TRUE;
            }
          if (et_out != NULL && !same_fields (et_out, prefix, &fields[s]))
            {
              g_printerr ("bench xml-parse: ElementTree read vmix-%u.xml otherwise\n", sizes[s]);
              mismatch = TRUE;
            }
          if (js_out != NULL)
            js_ns[s] = fmin (js_ns[s], bench_peer_value (js_out, prefix, "median_ns"));
          if (et_out != NULL)
            et_ns[s] = fmin (et_ns[s], bench_peer_value (et_out, prefix, "median_ns"));
        }
    }
  if (!any_peer)
    {
      g_printerr ("bench xml-parse: no peer could run\n");
      return 1;
    }

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      double fastest = fmin (js_ns[s], et_ns[s]);
      g_autofree char *a = format_us (onair_ns[s]);
      g_autofree char *b = format_us (js_ns[s]);
      g_autofree char *c = format_us (et_ns[s]);

      g_string_append_printf (line, "%s %u inputs onair=%s vmix-js-utils=%s elementtree=%s x%.1f",
                              s == 0 ? "" : ";", sizes[s], a, b, c, fastest / onair_ns[s]);
      worst = fmin (worst, fastest / onair_ns[s]);
    }
  g_string_append_printf (line, " ratio=%.1f", worst);
  g_print ("%s\n", line->str);

  if (!keep)
    {
      for (guint i = 0; i < paths->len; i++)
        g_remove (paths->pdata[i]);
      g_rmdir (work_dir);
    }
  return mismatch ? 1 : 0;
}
