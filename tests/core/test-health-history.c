/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "core/health/onair-health-history.h"

typedef struct
{
  gint64 time_ms;
  double value;
} Sample;

/* The reference: every sample appended, in order; the ring keeps the last `capacity`. */
typedef struct
{
  GArray *samples;
  guint   capacity;
} Reference;

static void
reference_bucket (const Reference   *ref,
                  gint64             start_ms,
                  gint64             end_ms,
                  gboolean           include_end,
                  OnairHealthBucket *out)
{
  guint first = ref->samples->len > ref->capacity ? ref->samples->len - ref->capacity : 0;

  memset (out, 0, sizeof *out);
  out->min = out->max = out->last = NAN;
  out->start_ms = start_ms;
  out->end_ms = end_ms;
  for (guint i = first; i < ref->samples->len; i++)
    {
      const Sample *s = &g_array_index (ref->samples, Sample, i);

      if (s->time_ms < start_ms || s->time_ms > end_ms || (s->time_ms == end_ms && !include_end))
        continue;
      out->n_samples++;
      if (isnan (s->value))
        continue;
      if (out->count == 0 || s->value < out->min)
        out->min = s->value;
      if (out->count == 0 || s->value > out->max)
        out->max = s->value;
      out->count++;
      out->last = s->value;
      out->last_ms = s->time_ms;
    }
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
check_reduction (OnairHealthHistory *history,
                 const char         *metric,
                 const Reference    *ref,
                 gint64              from_ms,
                 gint64              to_ms,
                 guint               n_buckets)
{
  g_autofree OnairHealthBucket *buckets = g_new (OnairHealthBucket, n_buckets);

  onair_health_history_reduce (history, metric, from_ms, to_ms, n_buckets, buckets);
  for (guint i = 0; i < n_buckets; i++)
    {
      OnairHealthBucket expected;
      gint64 start = from_ms + (to_ms - from_ms) * (gint64) i / n_buckets;
      gint64 end = from_ms + (to_ms - from_ms) * (gint64) (i + 1) / n_buckets;

      reference_bucket (ref, start, end, i + 1 == n_buckets, &expected);
      g_assert_cmpint (buckets[i].start_ms, ==, expected.start_ms);
      g_assert_cmpint (buckets[i].end_ms, ==, expected.end_ms);
      g_assert_cmpuint (buckets[i].n_samples, ==, expected.n_samples);
      g_assert_cmpuint (buckets[i].count, ==, expected.count);
      assert_same_double (buckets[i].min, expected.min);
      assert_same_double (buckets[i].max, expected.max);
      assert_same_double (buckets[i].last, expected.last);
      g_assert_cmpint (buckets[i].last_ms, ==, expected.last_ms);
    }
}

static void
append_both (OnairHealthHistory *history,
             Reference          *ref,
             const char         *metric,
             gint64              time_ms,
             double              value)
{
  Sample sample = { time_ms, value };

  onair_health_history_append (history, metric, time_ms, value);
  g_array_append_val (ref->samples, sample);
}

static void
test_wrap_around (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (10);
  gint64 first = 0;
  gint64 last = 0;
  double value = 0;

  for (guint i = 0; i < 25; i++)
    onair_health_history_append (history, "m", 1000 * i, i);

  g_assert_cmpuint (onair_health_history_get_capacity (history), ==, 10);
  g_assert_cmpuint (onair_health_history_get_n_samples (history, "m"), ==, 10);
  g_assert_true (onair_health_history_get_time_range (history, "m", &first, &last));
  g_assert_cmpint (first, ==, 15000);
  g_assert_cmpint (last, ==, 24000);
  for (guint i = 0; i < 10; i++)
    {
      gint64 t = 0;

      g_assert_true (onair_health_history_get_sample (history, "m", i, &t, &value));
      g_assert_cmpint (t, ==, 1000 * (15 + i));
      g_assert_cmpfloat (value, ==, 15 + i);
    }
  g_assert_false (onair_health_history_get_sample (history, "m", 10, NULL, NULL));
  g_assert_true (onair_health_history_get_last (history, "m", &last, &value));
  g_assert_cmpint (last, ==, 24000);
  g_assert_cmpfloat (value, ==, 24);

  /* A clock stepping back holds at the last time. */
  onair_health_history_append (history, "m", 5000, 99);
  g_assert_true (onair_health_history_get_last (history, "m", &last, &value));
  g_assert_cmpint (last, ==, 24000);
  g_assert_cmpfloat (value, ==, 99);

  g_assert_false (onair_health_history_get_last (history, "other", NULL, NULL));
  g_assert_cmpuint (onair_health_history_get_n_samples (history, "other"), ==, 0);
}

static void
test_reduce_simple (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  OnairHealthBucket buckets[4];

  g_assert_cmpuint (onair_health_history_get_capacity (history), ==, 86400);

  /* 0..39 s, value = second, with a gap at 10–19 s. */
  for (guint i = 0; i < 40; i++)
    onair_health_history_append (history, "m", 1000 * i, i >= 10 && i < 20 ? NAN : i);

  g_assert_true (onair_health_history_reduce (history, "m", 0, 40000, 4, buckets));
  g_assert_cmpint (buckets[0].start_ms, ==, 0);
  g_assert_cmpint (buckets[0].end_ms, ==, 10000);
  g_assert_cmpfloat (buckets[0].min, ==, 0);
  g_assert_cmpfloat (buckets[0].max, ==, 9);
  g_assert_cmpfloat (buckets[0].last, ==, 9);
  g_assert_cmpint (buckets[0].last_ms, ==, 9000);
  g_assert_cmpuint (buckets[0].count, ==, 10);
  /* The gap: samples, no known value. */
  g_assert_cmpuint (buckets[1].n_samples, ==, 10);
  g_assert_cmpuint (buckets[1].count, ==, 0);
  g_assert_true (isnan (buckets[1].min));
  g_assert_true (isnan (buckets[1].last));
  g_assert_cmpfloat (buckets[3].min, ==, 30);
  g_assert_cmpfloat (buckets[3].max, ==, 39);

  /* Past the data: no samples at all. */
  g_assert_true (onair_health_history_reduce (history, "m", 100000, 200000, 4, buckets));
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (buckets[i].n_samples, ==, 0);

  /* An unknown metric gives empty buckets. */
  g_assert_false (onair_health_history_reduce (history, "nope", 0, 40000, 4, buckets));
  g_assert_cmpuint (buckets[0].n_samples, ==, 0);
  g_assert_true (isnan (buckets[0].max));

  /* The whole range of time, without overflow. */
  g_assert_true (onair_health_history_reduce (history, "m", G_MININT64, G_MAXINT64, 4, buckets));
  g_assert_cmpuint (buckets[0].n_samples + buckets[1].n_samples + buckets[2].n_samples +
                    buckets[3].n_samples, ==, 40);
  g_assert_cmpint (buckets[3].end_ms, ==, G_MAXINT64);
}

static void
test_reduce_random (void)
{
  static const guint capacities[] = { 1, 2, 7, 8, 9, 16, 37, 100, 257, 1000, 4099 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      guint capacity = capacities[c];
      g_autoptr(OnairHealthHistory) history = onair_health_history_new (capacity);
      Reference ref = { g_array_new (FALSE, FALSE, sizeof (Sample)), capacity };
      guint total = g_rand_int_range (rand, 1, 3 * capacity + 50);
      gint64 t = g_rand_int_range (rand, -100000, 100000);
      guint nan_run = 0;

      for (guint i = 0; i < total; i++)
        {
          double value;

          /* Irregular steps, repeated times, gaps and long runs of gaps. */
          t += g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 1, 3000);
          if (nan_run == 0 && g_rand_int_range (rand, 0, 200) == 0)
            nan_run = g_rand_int_range (rand, 1, 3 * capacity + 2);
          if (nan_run > 0)
            {
              value = NAN;
              nan_run--;
            }
          else if (g_rand_int_range (rand, 0, 10) == 0)
            value = NAN;
          else
            value = g_rand_double_range (rand, -1000, 1000);
          append_both (history, &ref, "m", t, value);

          /* Query at random moments, not only at the end. */
          if (g_rand_int_range (rand, 0, MAX (total / 8, 1)) == 0)
            {
              const Sample *oldest = &g_array_index (ref.samples, Sample,
                                                     ref.samples->len > capacity
                                                       ? ref.samples->len - capacity : 0);
              gint64 span = MAX (t - oldest->time_ms, 1);
              gint64 from = oldest->time_ms + g_rand_int_range (rand, -(gint) MIN (span, 100000), (gint) MIN (span, 1000000));
              gint64 to = from + g_rand_int_range (rand, 0, (gint) MIN (span * 2, 2000000) + 1);

              check_reduction (history, "m", &ref, from, to, g_rand_int_range (rand, 1, 300));
            }
        }

      /* Whole ring, at several widths, including more buckets than samples. */
      {
        gint64 first = 0;
        gint64 last = 0;

        g_assert_true (onair_health_history_get_time_range (history, "m", &first, &last));
        check_reduction (history, "m", &ref, first, last, 1);
        check_reduction (history, "m", &ref, first, last, 7);
        check_reduction (history, "m", &ref, first, last, 640);
        check_reduction (history, "m", &ref, first - 5000, last + 5000, 333);
        check_reduction (history, "m", &ref, last, last, 3);
      }
      g_array_unref (ref.samples);
    }
}

static void
test_reduce_day (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (0);
  g_autofree OnairHealthBucket *buckets = g_new (OnairHealthBucket, 1920);
  gint64 start = ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY;
  gint64 begin_us;
  gint64 elapsed_us;

  /* More than a day at 1 Hz: a ramp, so every bucket's min, max and last are known. */
  for (gint64 i = 0; i < 90000; i++)
    onair_health_history_append (history, "rtt_ms", 1000 * (start + i), i);

  g_assert_cmpuint (onair_health_history_get_n_samples (history, "rtt_ms"), ==, 86400);

  begin_us = g_get_monotonic_time ();
  for (guint round = 0; round < 100; round++)
    g_assert_true (onair_health_history_reduce (history, "rtt_ms", 1000 * (start + 3600),
                                                1000 * (start + 89999), 1920, buckets));
  elapsed_us = g_get_monotonic_time () - begin_us;
  g_test_message ("100 reductions of 86400 samples to 1920 buckets: %" G_GINT64_FORMAT " µs",
                  elapsed_us);

  for (guint i = 0; i < 1920; i++)
    {
      g_assert_cmpuint (buckets[i].count, ==, buckets[i].n_samples);
      g_assert_cmpfloat (buckets[i].min, ==, (double) (buckets[i].start_ms / 1000 - start + (buckets[i].start_ms % 1000 != 0)));
      g_assert_cmpfloat (buckets[i].max, ==, buckets[i].last);
    }
  g_assert_cmpfloat (buckets[0].min, ==, 3600);
  g_assert_cmpfloat (buckets[1919].last, ==, 89999);
}

static void
appended_cb (OnairHealthHistory *history,
             const char         *metric,
             gint64              timestamp_ms,
             double              value,
             guint              *count)
{
  g_assert_cmpstr (metric, ==, "rtt_ms");
  (*count)++;
}

static void
test_metrics (void)
{
  g_autoptr(OnairHealthHistory) history = onair_health_history_new (16);
  g_auto(GStrv) metrics = NULL;
  g_autofree char *live = onair_health_metric_stream_live (1);
  g_autofree char *ingest = onair_health_metric_ingest ("dest 1/ü", ONAIR_HEALTH_INGEST_FPS);
  guint count = 0;

  g_assert_cmpstr (live, ==, "stream_2_live");
  g_assert_cmpstr (ingest, ==, "ingest_dest_1____fps");

  g_signal_connect (history, "appended::rtt_ms", G_CALLBACK (appended_cb), &count);
  onair_health_history_append (history, "rtt_ms", 1, 1);
  onair_health_history_append (history, live, 1, 1);
  onair_health_history_append (history, "rtt_ms", 2, 2);
  g_assert_cmpuint (count, ==, 2);

  metrics = onair_health_history_list_metrics (history);
  g_assert_cmpuint (g_strv_length (metrics), ==, 2);
  g_assert_cmpstr (metrics[0], ==, "rtt_ms");
  g_assert_cmpstr (metrics[1], ==, "stream_2_live");
  g_assert_true (onair_health_history_has_metric (history, "rtt_ms"));

  onair_health_history_clear (history);
  g_assert_false (onair_health_history_has_metric (history, "rtt_ms"));
}

static void
test_format (void)
{
  /* Numbers as vMix writes them come back the same: the shortest exact form. */
  struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" },
    { -100, "-100" },
    { 1234.5, "1234.5" },
    { 59.96953, "59.96953" },
    { 3.968972E-06, "3.968972e-06" },
    { 100, "100" },
    { 1e-7, "1e-07" },
    { 1.0 / 3.0, "0.3333333333333333" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = onair_health_format_double (cases[i].value);

      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *dbfs = onair_health_format_decimals (-6.0205999132796242, 2);
    g_autofree char *whole = onair_health_format_decimals (-20.0001, 2);
    g_autofree char *zero = onair_health_format_decimals (-0.001, 2);
    g_autofree char *rtt = onair_health_format_decimals (12.345000000000001, 3);

    g_assert_cmpstr (dbfs, ==, "-6.02");
    g_assert_cmpstr (whole, ==, "-20");
    g_assert_cmpstr (zero, ==, "0");
    g_assert_cmpstr (rtt, ==, "12.345");
  }
  {
    g_autofree char *text = onair_health_format_double (NAN);
    g_autofree char *stamp = onair_health_format_timestamp_ms (1762943400123);
    g_autofree char *before = onair_health_format_timestamp_ms (-1);

    g_assert_cmpstr (text, ==, "");
    g_assert_cmpstr (stamp, ==, "2025-11-12T10:30:00.123Z");
    g_assert_cmpstr (before, ==, "1969-12-31T23:59:59.999Z");
  }
}

static char *
write_csv (OnairHealthHistory *history,
           const char * const *metrics,
           gint64              from_ms,
           gint64              to_ms)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (onair_health_history_write_csv (history, stream, metrics, from_ms, to_ms,
                                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static OnairHealthHistory *
csv_history (void)
{
  OnairHealthHistory *history = onair_health_history_new (100);
  gint64 t0 = 1762943400000;

  onair_health_history_append (history, "rtt_ms", t0, 12.5);
  onair_health_history_append (history, "master_dbfs_left", t0, -6.0205999132796242);
  onair_health_history_append (history, "rtt_ms", t0 + 1000, NAN);
  onair_health_history_append (history, "master_dbfs_left", t0 + 1000, -100);
  onair_health_history_append (history, "rtt_ms", t0 + 2500, 0.1);
  onair_health_history_append (history, "master_dbfs_left", t0 + 3000, -20);
  return history;
}

/* Local time (the tests run with TZ=Europe/Paris: +01:00 in November), names with units, a
 * dBFS level Onair derived to its stated precision rather than in 17 digits. */
static const char expected_csv[] =
  "time,rtt_ms (ms),master_dbfs_left (dBFS)\r\n"
  "2025-11-12T11:30:00.000+01:00,12.5,-6.02\r\n"
  "2025-11-12T11:30:01.000+01:00,,-100\r\n"
  "2025-11-12T11:30:02.500+01:00,0.1,\r\n"
  "2025-11-12T11:30:03.000+01:00,,-20\r\n";

static void
test_csv (void)
{
  g_autoptr(OnairHealthHistory) history = csv_history ();
  g_autofree char *all = write_csv (history, NULL, G_MININT64, G_MAXINT64);
  const char *only_rtt[] = { "rtt_ms", "absent", NULL };
  g_autofree char *some = write_csv (history, only_rtt, 1762943401000, 1762943402500);
  g_autoptr(OnairHealthHistory) empty = onair_health_history_new (4);
  g_autofree char *nothing = write_csv (empty, NULL, G_MININT64, G_MAXINT64);

  g_assert_cmpstr (all, ==, expected_csv);
  g_assert_cmpstr (some, ==,
                   "time,rtt_ms (ms),absent\r\n"
                   "2025-11-12T11:30:01.000+01:00,,\r\n"
                   "2025-11-12T11:30:02.500+01:00,0.1,\r\n");
  g_assert_cmpstr (nothing, ==, "time\r\n");
}

static void
test_csv_locale (void)
{
  static const char *locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8", "fr_FR.utf8",
                                   "nl_NL.UTF-8", "ru_RU.UTF-8" };
  g_autoptr(OnairHealthHistory) history = csv_history ();
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *chosen = NULL;
  g_autofree char *csv = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && chosen == NULL; i++)
    if (setlocale (LC_NUMERIC, locales[i]) != NULL)
      chosen = locales[i];
  if (chosen == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  g_test_message ("LC_NUMERIC=%s", chosen);
  csv = write_csv (history, NULL, G_MININT64, G_MAXINT64);
  setlocale (LC_NUMERIC, saved);
  g_assert_cmpstr (csv, ==, expected_csv);
}

static void
csv_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_csv_async (void)
{
  g_autoptr(OnairHealthHistory) history = csv_history ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  onair_health_history_write_csv_async (history, stream, NULL, G_MININT64, G_MAXINT64, NULL,
                                        csv_done_cb, &result);
  /* The samples were copied: later samples do not enter the export. */
  onair_health_history_append (history, "rtt_ms", 1762943409000, 1);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (onair_health_history_write_csv_finish (history, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpstr (text, ==, expected_csv);
}

static void
test_csv_error (void)
{
  g_autoptr(OnairHealthHistory) history = csv_history ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  g_assert_false (onair_health_history_write_csv (history, stream, NULL, G_MININT64,
                                                  G_MAXINT64, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  /* Times in files are local: one zone for the expected text, set before GLib reads it. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/health-history/wrap-around", test_wrap_around);
  g_test_add_func ("/onair/health-history/reduce-simple", test_reduce_simple);
  g_test_add_func ("/onair/health-history/reduce-random", test_reduce_random);
  g_test_add_func ("/onair/health-history/reduce-day", test_reduce_day);
  g_test_add_func ("/onair/health-history/metrics", test_metrics);
  g_test_add_func ("/onair/health-history/format", test_format);
  g_test_add_func ("/onair/health-history/csv", test_csv);
  g_test_add_func ("/onair/health-history/csv-locale", test_csv_locale);
  g_test_add_func ("/onair/health-history/csv-async", test_csv_async);
  g_test_add_func ("/onair/health-history/csv-error", test_csv_error);

  return g_test_run ();
}
