/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "bench-util.h"
#include "core/witness/onair-canonical-json.h"
#include "core/witness/onair-witness.h"

/* Witness verify: chains of 10 k and 1 M entries, made with the core's hashing building
 * blocks, verified by Onair (onair_witness_verify_file, on every core), by a straightforward
 * Python verifier of the same format (peer-verify.py), and hashed whole by sha256sum (GNU
 * coreutils, portable SHA-256) and by `openssl dgst -sha256` (the CPU's SHA instructions where
 * it has them), the floors of any verifier. Onair and the two hashers are timed by the wall
 * clock, in turns, from the page cache; Onair's CPU time over all its threads is printed
 * beside it. Figures are medians. */

#define CHAIN_ID "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"
/* 1 M entries take ~0.5 GB; below this much free space the large chain is scaled down. */
#define NEEDED_FREE (G_GUINT64_CONSTANT (3) << 30)

static char *work_dir;
static char *peers_dir;
static char *sizes_text;
static gboolean keep;

static const GOptionEntry entries[] = {
  { "work", 0, 0, G_OPTION_ARG_FILENAME, &work_dir, "Folder for the chains", "DIR" },
  { "peers", 0, 0, G_OPTION_ARG_FILENAME, &peers_dir, "Folder of the peer scripts", "DIR" },
  { "entries", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
    "Chain lengths, comma-separated (default 10000,1000000)", "N,N" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the chains in the work folder", NULL },
  { NULL }
};

static JsonObject *
make_event (guint64 i,
            gint64  unix_ms)
{
  JsonObject *event = json_object_new ();
  JsonObject *params = json_object_new ();
  JsonObject *result = json_object_new ();
  g_autofree char *timestamp = onair_witness_format_timestamp_ms (unix_ms);

  /* A show's mix of events, a few with non-ASCII text and escapes. */
  switch (i % 5)
    {
    case 0:
      json_object_set_string_member (event, "event_type", "stream_started");
      json_object_set_string_member (params, "protocol", "RTMP");
      json_object_set_string_member (params, "destination", "rtmp://live.twitch.tv/app/");
      json_object_set_int_member (params, "channel", (gint64) (i % 5));
      json_object_set_string_member (params, "preset", "twitch");
      json_object_set_string_member (params, "key_fingerprint", "9f86d081");
      break;
    case 1:
      json_object_set_string_member (event, "event_type", "recording_started");
      json_object_set_string_member (params, "filename",
                                     "Show – Übertragung \"live\"\t01.mp4");
      json_object_set_string_member (params, "format", "MP4");
      break;
    case 2:
      json_object_set_string_member (event, "event_type", "health_alert");
      json_object_set_string_member (params, "status", "warning");
      json_object_set_string_member (params, "previous", "healthy");
      json_object_set_string_member (params, "reason", "Master silent for 6 s");
      json_object_set_string_member (params, "code", "silence");
      break;
    case 3:
      json_object_set_string_member (event, "event_type", "vmix_function");
      json_object_set_string_member (params, "function", "SetText");
      json_object_set_string_member (params, "query", "Input=3&SelectedName=Title.Text");
      json_object_set_int_member (params, "http_status", 200);
      break;
    default:
      json_object_set_string_member (event, "event_type", "recording_stopped");
      json_object_set_string_member (result, "duration", "00:45:32");
      json_object_set_int_member (result, "duration_seconds", (gint64) (i % 100000));
      break;
    }
  json_object_set_boolean_member (result, "success", TRUE);
  json_object_set_string_member (event, "timestamp", timestamp);
  json_object_set_object_member (event, "params", params);
  json_object_set_object_member (event, "result", result);
  return event;
}

static gboolean
flush_text (int       fd,
            GString  *text,
            GError  **error)
{
  gsize done = 0;

  while (done < text->len)
    {
      gssize n = write (fd, text->str + done, text->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "write: %s",
                       g_strerror (errno));
          return FALSE;
        }
      done += (gsize) n;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

/* Writes a valid chain of @n entries: the header, then canonical entry lines whose hashes
 * come from onair_witness_compute_entry_hash(). */
static gboolean
write_chain (const char  *path,
             guint64      n,
             GError     **error)
{
  g_autoptr(GString) text = g_string_sized_new (8 << 20);
  g_autofree char *genesis = onair_witness_compute_genesis_hash (CHAIN_ID);
  g_autofree char *previous = g_strdup (genesis);
  gint64 unix_ms = ONAIR_EMULATOR_TEST_EPOCH * 1000;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  g_string_append_printf (text, "{\"format\":\"onair-witness/1\",\"chain_id\":\"%s\","
                                "\"created\":\"2025-11-12T10:29:59.000Z\","
                                "\"genesis_hash\":\"%s\"}\n", CHAIN_ID, genesis);

  for (guint64 i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) event = make_event (i, unix_ms);
      g_autofree char *witnessed = onair_witness_format_timestamp_ms (unix_ms + 123);
      g_autofree char *canon = onair_canonical_json_object_to_string (event, NULL, error);
      g_autofree char *hash = NULL;

      if (canon == NULL)
        break;
      hash = onair_witness_compute_entry_hash ((gint64) i, event, previous, witnessed, error);
      if (hash == NULL)
        break;
      g_string_append_printf (text, "{\"seq\":%" G_GUINT64_FORMAT ",\"event\":%s,"
                                    "\"previous_hash\":\"%s\",\"witness_timestamp\":\"%s\","
                                    "\"current_hash\":\"%s\"}\n",
                              i, canon, previous, witnessed, hash);
      g_free (previous);
      previous = g_steal_pointer (&hash);
      unix_ms += 1000;
      if (text->len > (4 << 20) && !flush_text (fd, text, error))
        break;
    }
  if ((error == NULL || *error == NULL) && flush_text (fd, text, error))
    {
      close (fd);
      return TRUE;
    }
  close (fd);
  return FALSE;
}

/* Wall time: the verifier uses every core, and an auditor waits for the wall clock. Its CPU
 * time, all threads, is kept beside it. */
static double
verify_onair (const char *path,
              guint64     n,
              double     *cpu_ns)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cpu0 = bench_cpu_ns ();
  gint64 t0 = bench_now_ns ();

  v = onair_witness_verify_file (file, NULL, NULL, &error);
  t0 = bench_now_ns () - t0;
  *cpu_ns = (double) (bench_cpu_ns () - cpu0);
  if (v == NULL || !v->valid || v->total_events != n)
    g_error ("Onair did not verify the generated chain: %s",
             error ? error->message : v->reason ? v->reason : "wrong count");
  return (double) t0;
}

/* The whole process, start-up included (about a millisecond), by the wall clock. */
static double
hash_with (const char *program,
           const char *path)
{
  const char *sha256sum_argv[] = { "sha256sum", path, NULL };
  const char *openssl_argv[] = { "openssl", "dgst", "-sha256", path, NULL };
  gint64 t0 = bench_now_ns ();
  g_autofree char *out = bench_run_peer (g_str_equal (program, "sha256sum") ? sha256sum_argv
                                                                            : openssl_argv);

  return out != NULL ? (double) (bench_now_ns () - t0) : NAN;
}

/* Onair, sha256sum and openssl in turn, so that all meet the machine in the same state. */
static void
time_onair_and_hashers (const char *path,
                        guint64     n,
                        guint       runs,
                        double     *onair_ns,
                        double     *onair_cpu_ns,
                        double     *sha_ns,
                        double     *openssl_ns)
{
  g_autofree double *onair = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);
  g_autofree double *sha = g_new (double, runs);
  g_autofree double *ossl = g_new (double, runs);

  for (guint r = 0; r < runs; r++)
    {
      onair[r] = verify_onair (path, n, &cpu[r]);
      sha[r] = hash_with ("sha256sum", path);
      ossl[r] = hash_with ("openssl", path);
    }
  *onair_ns = bench_median (onair, runs);
  *onair_cpu_ns = bench_median (cpu, runs);
  *sha_ns = bench_median (sha, runs);
  *openssl_ns = bench_median (ossl, runs);
}

/* Whether the CPU has SHA instructions (CPUID leaf 7, EBX bit 29), which GnuTLS uses. */
static const char *
cpu_sha_text (void)
{
#if defined(__x86_64__) || defined(__i386__)
  unsigned int a, b, c, d;

  if (__get_cpuid_count (7, 0, &a, &b, &c, &d))
    return (b & (1u << 29)) ? "sha-ni" : "no-sha-ni";
#endif
  return "sha-unknown";
}

static char *
format_size (guint64 n)
{
  if (n >= 1000000 && n % 1000000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "M", n / 1000000);
  if (n >= 1000 && n % 1000 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "k", n / 1000);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static char *
format_ms (double ns)
{
  if (isnan (ns))
    return g_strdup ("n/a");
  if (ns < 100e6)
    return g_strdup_printf ("%.1fms", ns / 1e6);
  return g_strdup_printf ("%.0fms", ns / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- witness verification benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new ("bench witness-verify:");
  g_autoptr(GString) raw_line = g_string_new ("bench witness-verify-raw:");
  g_autoptr(GString) hw_line = g_string_new ("bench witness-verify-hw:");
  g_auto(GStrv) size_texts = NULL;
  g_autofree char *script = NULL;
  double python_ratio = INFINITY, raw_ratio = 0, hw_ratio = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (work_dir == NULL)
    work_dir = g_dir_make_tmp ("onair-bench-witness-XXXXXX", NULL);
  if (work_dir == NULL || g_mkdir_with_parents (work_dir, 0700) < 0)
    {
      g_printerr ("bench witness-verify: cannot create a work folder\n");
      return 1;
    }
  script = g_build_filename (peers_dir ? peers_dir : ".", "peer-verify.py", NULL);
  size_texts = g_strsplit (sizes_text ? sizes_text : "10000,1000000", ",", -1);

  for (guint s = 0; size_texts[s] != NULL; s++)
    {
      guint64 n = g_ascii_strtoull (size_texts[s], NULL, 10);
      g_autofree char *path = NULL;
      g_autofree char *n_text = NULL;
      g_autofree char *runs_text = NULL;
      g_autofree char *python_out = NULL;
      g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
      guint64 free_bytes = bench_free_disk_bytes (work_dir);
      GStatBuf st;
      guint runs;
      double onair_ns, onair_cpu_ns, python_ns, sha_ns, openssl_ns;

      if (n == 0)
        continue;
      if (n > 100000 && free_bytes < NEEDED_FREE)
        {
          guint64 scaled = MAX (10000, n * (free_bytes / 4) / NEEDED_FREE / 10000 * 10000);

          g_printerr ("note: only %" G_GUINT64_FORMAT " MB free in %s; %" G_GUINT64_FORMAT
                      " entries instead of %" G_GUINT64_FORMAT "\n",
                      free_bytes >> 20, work_dir, scaled, n);
          n = scaled;
        }
      n_text = format_size (n);
      path = g_strdup_printf ("%s/chain-%s.jsonl", work_dir, n_text);
      if (!write_chain (path, n, &error))
        {
          g_printerr ("bench witness-verify: %s\n", error->message);
          g_remove (path);
          return 1;
        }
      g_stat (path, &st);
      runs = n <= 100000 ? 11 : 5;
      runs_text = g_strdup_printf ("%u", runs);

      /* Page cache first, so that every verifier reads from memory. */
      hash_with ("sha256sum", path);
      time_onair_and_hashers (path, n, runs, &onair_ns, &onair_cpu_ns, &sha_ns, &openssl_ns);
      {
        const char *python_argv[] = { "python3", script, "--runs", runs_text, path, NULL };

        python_out = bench_run_peer (python_argv);
      }
      python_ns = bench_peer_value (python_out, "chain=", "median_ns");
      if (python_out != NULL && bench_peer_value (python_out, "chain=", "entries") != (double) n)
        {
          g_printerr ("bench witness-verify: the Python verifier did not accept the chain\n%s",
                      python_out);
          python_ns = NAN;
        }
      if (!keep)
        g_remove (path);

      /* The ratios of the worst size stand for the benchmark. */
      python_ratio = fmin (python_ratio, python_ns / onair_ns);
      raw_ratio = fmax (raw_ratio, onair_ns / sha_ns);
      hw_ratio = fmax (hw_ratio, onair_ns / openssl_ns);
      a = format_ms (onair_ns);
      b = format_ms (python_ns);
      c = format_ms (sha_ns);
      d = format_ms (openssl_ns);
      e = format_ms (onair_cpu_ns);
      g_string_append_printf (line, "%s %s entries (%.0f MB) onair=%s python=%s x%.1f",
                              s == 0 ? "" : ";", n_text, st.st_size / 1e6, a, b,
                              python_ns / onair_ns);
      g_string_append_printf (raw_line, "%s %s entries onair=%s (%.0f MB/s) sha256sum=%s "
                                        "(%.0f MB/s) x%.2f",
                              s == 0 ? "" : ";", n_text, a, st.st_size / (onair_ns / 1e3), c,
                              st.st_size / (sha_ns / 1e3), onair_ns / sha_ns);
      g_string_append_printf (hw_line, "%s %s entries onair=%s (cpu %s on %u cores) "
                                       "openssl-dgst=%s (%.0f MB/s) x%.2f",
                              s == 0 ? "" : ";", n_text, a, e, g_get_num_processors (), d,
                              st.st_size / (openssl_ns / 1e3), onair_ns / openssl_ns);
    }
  if (!keep)
    g_rmdir (work_dir);

  if (!isfinite (python_ratio))
    python_ratio = NAN;  /* the Python verifier could not run */
  if (raw_ratio == 0)
    raw_ratio = NAN;     /* nor sha256sum */
  if (hw_ratio == 0)
    hw_ratio = NAN;      /* nor openssl */
  g_print ("%s ratio=%.1f\n", line->str, python_ratio);
  g_print ("%s ratio=%.2f\n", raw_line->str, raw_ratio);
  g_print ("%s; %s ratio=%.2f\n", hw_line->str, cpu_sha_text (), hw_ratio);
  return isnan (python_ratio) && isnan (raw_ratio) && isnan (hw_ratio) ? 1 : 0;
}
