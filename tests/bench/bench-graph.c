/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "bench-util.h"
#include "ui/onair-graph.h"

/* Graph frame: the health graph with 6 series of 24 h at 1 Hz (518 400 samples), rendered
 * offscreen: the widget's snapshot (for the reduced graph, the reduction of every series to
 * one bucket per pixel column, redone each frame as if samples had just arrived) and the
 * rendering of the resulting node to a texture by the window's renderer (Cairo, so that the
 * figure does not depend on the machine's GL stack). The reference is the same widget drawing
 * every sample (onair_graph_set_draw_every_point). Figures are medians of the main thread's
 * CPU time per frame (both stages run there), so that other work on a shared machine does not
 * count. Needs a display (Xvfb will do). */

#define N_SERIES 6
#define WIDTH    960
#define HEIGHT   240

static const char * const metrics[N_SERIES] = {
  "rtt_ms", "poll_failure_rate", "master_dbfs_left", "master_dbfs_right",
  "ingest_main_bitrate_kbps", "ingest_main_fps",
};

static double seconds = 2.0;
static guint show_hours = 24;
static guint n_series = N_SERIES;

static const GOptionEntry entries[] = {
  { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Time budget of each mode", "S" },
  { "hours", 0, 0, G_OPTION_ARG_INT, &show_hours, "History length (default 24)", "H" },
  { "series", 0, 0, G_OPTION_ARG_INT, &n_series, "Series in the graph (default 6)", "N" },
  { NULL }
};

typedef struct
{
  double snapshot_ns;
  double render_ns;
  double frame_ns;
  guint  frames;
} Frames;

static void
fill_history (OnairHealthHistory *history,
              gint64              end_ms)
{
  guint n = show_hours * 3600;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  for (guint m = 0; m < N_SERIES; m++)
    {
      double value = 50;

      for (guint i = 0; i < n; i++)
        {
          /* A random walk with spikes, so that min/max buckets have something to keep. */
          value += g_rand_double_range (rand, -1, 1);
          value = CLAMP (value, 0, 100);
          onair_health_history_append (history, metrics[m], end_ms - (gint64) (n - 1 - i) * 1000,
                                       g_rand_int_range (rand, 0, 500) == 0 ? value * 1.8 : value);
        }
    }
}

static Frames
time_frames (GtkWidget *graph,
             gboolean   every_point,
             gboolean   new_samples)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (graph));
  int width = gtk_widget_get_width (graph);
  int height = gtk_widget_get_height (graph);
  g_autoptr(GArray) snapshots = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  Frames frames;
  gint64 end;

  onair_graph_set_draw_every_point (ONAIR_GRAPH (graph), every_point);
  end = bench_now_ns () + (gint64) (seconds * 1e9);
  for (guint i = 0; totals->len < 5 || (bench_now_ns () < end && totals->len < 2000); i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      gint64 t0, t1, t2;
      double a, b, c;

      /* Samples arrive every second: such a frame reduces anew. */
      if (new_samples)
        onair_graph_samples_changed (ONAIR_GRAPH (graph));
      t0 = bench_thread_cpu_ns ();
      GTK_WIDGET_GET_CLASS (graph)->snapshot (graph, snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      t1 = bench_thread_cpu_ns ();
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      t2 = bench_thread_cpu_ns ();
      if (i < 2)
        continue;  /* warm-up: fonts, glyph caches */
      a = (double) (t1 - t0);
      b = (double) (t2 - t1);
      c = (double) (t2 - t0);
      g_array_append_val (snapshots, a);
      g_array_append_val (renders, b);
      g_array_append_val (totals, c);
    }
  frames.frames = totals->len;
  frames.snapshot_ns = bench_median ((double *) (void *) snapshots->data, snapshots->len);
  frames.render_ns = bench_median ((double *) (void *) renders->data, renders->len);
  frames.frame_ns = bench_median ((double *) (void *) totals->data, totals->len);
  return frames;
}

static gboolean
is_ready (GtkWidget *graph)
{
  return gtk_widget_get_mapped (graph) && gtk_widget_get_width (graph) > 100;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- graph frame benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairHealthHistory) history = NULL;
  GtkWidget *window, *graph;
  gint64 end_ms = (ONAIR_EMULATOR_TEST_EPOCH + 24 * 3600) * 1000;
  gint64 deadline;
  Frames reduced, steady, every;
  guint before;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench graph-frame: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();
  show_hours = MAX (show_hours, 1);
  n_series = MIN (n_series, N_SERIES);

  history = onair_health_history_new (MAX (ONAIR_HEALTH_HISTORY_DEFAULT_CAPACITY,
                                           show_hours * 3600));
  fill_history (history, end_ms);
  graph = onair_graph_new (history, "Show");
  for (guint m = 0; m < n_series; m++)
    {
      GdkRGBA color = { 0.2 + 0.1 * m, 0.4, 0.9 - 0.1 * m, 1 };

      onair_graph_add_series (ONAIR_GRAPH (graph), metrics[m], metrics[m], "", &color);
    }
  onair_graph_set_span_ms (ONAIR_GRAPH (graph), 0);
  onair_graph_set_end_ms (ONAIR_GRAPH (graph), end_ms);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), graph);
  gtk_window_present (GTK_WINDOW (window));
  deadline = bench_now_ns () + 10 * G_GINT64_CONSTANT (1000000000);
  while (!is_ready (graph) && bench_now_ns () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!is_ready (graph))
    {
      g_printerr ("bench graph-frame: the window was never shown\n");
      return 1;
    }

  before = onair_graph_get_n_reductions (ONAIR_GRAPH (graph));
  reduced = time_frames (graph, FALSE, TRUE);
  if (onair_graph_get_n_reductions (ONAIR_GRAPH (graph)) - before < reduced.frames * n_series)
    g_printerr ("note: the graph reduced less often than once per frame and series\n");
  steady = time_frames (graph, FALSE, FALSE);
  every = time_frames (graph, TRUE, TRUE);

  g_print ("bench graph-frame: %ux%d, %u series x %uh at 1Hz; reduced %.2fms/frame "
           "(snapshot %.2fms incl. reduction, cairo render %.2fms; without new samples snapshot "
           "%.2fms); every point %.1fms/frame (snapshot %.1fms, render %.1fms) ratio=%.1f\n",
           gtk_widget_get_width (graph), gtk_widget_get_height (graph), n_series, show_hours,
           reduced.frame_ns / 1e6, reduced.snapshot_ns / 1e6, reduced.render_ns / 1e6,
           steady.snapshot_ns / 1e6,
           every.frame_ns / 1e6, every.snapshot_ns / 1e6, every.render_ns / 1e6,
           every.frame_ns / reduced.frame_ns);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
