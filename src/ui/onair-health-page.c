/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-graph.h"
#include "onair-health-page.h"
#include "onair-window.h"

struct _OnairHealthPage
{
  GtkBox              parent_instance;

  OnairApplication   *application;
  OnairHealthMonitor *monitor;
  OnairHealthHistory *history;
  OnairPoller        *poller;
  GCancellable       *cancellable;
  GPtrArray          *graphs;          /* OnairGraph*, borrowed from graphs_box */
  GHashTable         *ingest_graphs;   /* ingest id -> OnairGraph* */
  gint64              span_ms;
  gint64              end_ms;
  guint               ingest_check_id;

  GtkWidget          *status_box;
  GtkImage           *status_icon;
  GtkLabel           *status_title;
  GtkLabel           *reasons_label;
  GtkDropDown        *span_dropdown;
  GtkBox             *graphs_box;
};

G_DEFINE_FINAL_TYPE (OnairHealthPage, onair_health_page, GTK_TYPE_BOX)

static const gint64 spans_ms[] = { 60 * 1000, 10 * 60 * 1000, 60 * 60 * 1000, 0 };

static void
set_color (GdkRGBA    *color,
           const char *spec)
{
  gdk_rgba_parse (color, spec);
}

static GtkWidget *
add_graph (OnairHealthPage *self,
           const char      *title)
{
  GtkWidget *graph = onair_graph_new (self->history, title);

  gtk_widget_set_size_request (graph, -1, 170);
  gtk_widget_add_css_class (graph, "card");
  onair_graph_set_span_ms (ONAIR_GRAPH (graph), self->span_ms);
  onair_graph_set_end_ms (ONAIR_GRAPH (graph), self->end_ms);
  gtk_box_append (self->graphs_box, graph);
  g_ptr_array_add (self->graphs, graph);
  return graph;
}

static void
build_graphs (OnairHealthPage *self)
{
  OnairHealthThresholds thresholds;
  GtkWidget *graph;
  GdkRGBA color;
  guint series;

  onair_health_monitor_get_thresholds (self->monitor, &thresholds);

  graph = add_graph (self, _("API round trip"));
  set_color (&color, "#3584e4");
  series = onair_graph_add_series (ONAIR_GRAPH (graph), ONAIR_HEALTH_METRIC_RTT_MS,
                                   _("Round trip"), _("ms"), &color);
  onair_graph_add_band (ONAIR_GRAPH (graph), series, thresholds.rtt_warning_ms,
                        thresholds.rtt_critical_ms, ONAIR_GRAPH_BAND_WARNING);
  onair_graph_add_band (ONAIR_GRAPH (graph), series, thresholds.rtt_critical_ms, 1e9,
                        ONAIR_GRAPH_BAND_CRITICAL);

  graph = add_graph (self, _("Master audio level"));
  set_color (&color, "#2ec27e");
  series = onair_graph_add_series (ONAIR_GRAPH (graph), ONAIR_HEALTH_METRIC_MASTER_DBFS_LEFT,
                                   _("Left"), _("dBFS"), &color);
  onair_graph_set_series_range (ONAIR_GRAPH (graph), series, -60, 0);
  onair_graph_add_band (ONAIR_GRAPH (graph), series, -100, thresholds.silence_dbfs,
                        ONAIR_GRAPH_BAND_WARNING);
  set_color (&color, "#26a269");
  series = onair_graph_add_series (ONAIR_GRAPH (graph), ONAIR_HEALTH_METRIC_MASTER_DBFS_RIGHT,
                                   _("Right"), _("dBFS"), &color);
  onair_graph_set_series_range (ONAIR_GRAPH (graph), series, -60, 0);

  graph = add_graph (self, _("Recording duration"));
  set_color (&color, "#e01b24");
  onair_graph_add_series (ONAIR_GRAPH (graph), ONAIR_HEALTH_METRIC_RECORDING_DURATION_S,
                          _("Duration"), _("s"), &color);
}

/* Ingest statistics appear when a destination's server reports them. */
static void
check_ingest_metrics (OnairHealthPage *self)
{
  g_auto(GStrv) metrics = onair_health_history_list_metrics (self->history);
  g_autofree char *suffix = g_strconcat ("_", ONAIR_HEALTH_INGEST_BITRATE_KBPS, NULL);

  for (guint i = 0; metrics != NULL && metrics[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      g_autofree char *fps_metric = NULL;
      g_autofree char *title = NULL;
      GtkWidget *graph;
      GdkRGBA color;
      gsize prefix_len = strlen ("ingest_");

      if (!g_str_has_prefix (metrics[i], "ingest_") || !g_str_has_suffix (metrics[i], suffix))
        continue;
      id = g_strndup (metrics[i] + prefix_len, strlen (metrics[i]) - prefix_len - strlen (suffix));
      if (g_hash_table_contains (self->ingest_graphs, id))
        continue;

      /* Translators: the graph of one ingest server's statistics */
      title = g_strdup_printf (_("Ingest %s"), id);
      graph = add_graph (self, title);
      set_color (&color, "#9141ac");
      onair_graph_add_series (ONAIR_GRAPH (graph), metrics[i], _("Bitrate"), _("kb/s"), &color);
      fps_metric = onair_health_metric_ingest (id, ONAIR_HEALTH_INGEST_FPS);
      set_color (&color, "#e66100");
      onair_graph_add_series (ONAIR_GRAPH (graph), fps_metric, _("Frame rate"), _("fps"), &color);
      g_hash_table_insert (self->ingest_graphs, g_steal_pointer (&id), graph);
    }
}

static void
samples_changed (OnairHealthPage *self)
{
  check_ingest_metrics (self);
  for (guint i = 0; i < self->graphs->len; i++)
    onair_graph_samples_changed (g_ptr_array_index (self->graphs, i));
}

static gboolean
ingest_check_cb (gpointer user_data)
{
  OnairHealthPage *self = user_data;

  /* Ingest sources poll on their own: pick up what they added. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    samples_changed (self);
  return G_SOURCE_CONTINUE;
}

static void
update_status (OnairHealthPage *self)
{
  OnairHealthStatus status = onair_health_monitor_get_status (self->monitor);
  GPtrArray *reasons = onair_health_monitor_get_reasons (self->monitor);
  g_autoptr(GString) text = g_string_new (NULL);
  static const char * const classes[] = { "unknown", "healthy", "warning", "critical" };
  const char *title, *icon;

  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      title = _("Healthy");
      icon = "emblem-ok-symbolic";
      break;
    case ONAIR_HEALTH_WARNING:
      title = _("Warning");
      icon = "dialog-warning-symbolic";
      break;
    case ONAIR_HEALTH_CRITICAL:
      title = _("Critical");
      icon = "dialog-error-symbolic";
      break;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      title = _("Unknown");
      icon = "dialog-question-symbolic";
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->status_box, classes[i]);
  gtk_widget_add_css_class (self->status_box, classes[status]);
  gtk_label_set_label (self->status_title, title);
  gtk_image_set_from_icon_name (self->status_icon, icon);

  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      OnairHealthReason *reason = g_ptr_array_index (reasons, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", reason->message);
    }
  if (text->len == 0)
    g_string_append (text, status == ONAIR_HEALTH_UNKNOWN
                             ? _("Not enough measurements yet.")
                             : _("Everything Onair measures is within its thresholds."));
  gtk_label_set_label (self->reasons_label, text->str);
}

static void
state_received_cb (OnairHealthPage *self)
{
  samples_changed (self);
  update_status (self);
}

static void
poller_changed_cb (OnairHealthPage *self)
{
  OnairPoller *poller = onair_application_get_poller (self->application);

  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_set_object (&self->poller, poller);
  /* After the monitor's own handler: the samples are in the history by then. */
  if (poller != NULL)
    g_signal_connect_object (poller, "state-received", G_CALLBACK (state_received_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

/* The page shows the chosen host's health: another host, other graphs. */
static void
health_changed_cb (OnairHealthPage *self)
{
  OnairHealthMonitor *monitor = onair_application_get_health (self->application);

  if (monitor == NULL || monitor == self->monitor)
    return;

  g_signal_handlers_disconnect_by_func (self->monitor, update_status, self);
  for (guint i = 0; i < self->graphs->len; i++)
    gtk_box_remove (self->graphs_box, g_ptr_array_index (self->graphs, i));
  g_ptr_array_set_size (self->graphs, 0);
  g_hash_table_remove_all (self->ingest_graphs);
  g_set_object (&self->monitor, monitor);
  g_set_object (&self->history, onair_health_monitor_get_history (monitor));
  build_graphs (self);
  samples_changed (self);
  update_status (self);
  g_signal_connect_object (self->monitor, "status-changed", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
}

static void
span_changed_cb (OnairHealthPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->span_dropdown);

  if (selected < G_N_ELEMENTS (spans_ms))
    onair_health_page_set_span_ms (self, spans_ms[selected]);
}

static void
toast (OnairHealthPage *self,
       const char      *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ONAIR_TYPE_WINDOW);

  if (window != NULL)
    onair_window_add_toast (ONAIR_WINDOW (window), text);
  else
    g_message ("%s", text);
}

static void
png_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OnairHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Graphs saved as %s"), name);
  toast (self, text);
}

static GBytes *
render_png (OnairHealthPage  *self,
            GError          **error)
{
  GtkWidget *widget = GTK_WIDGET (self->graphs_box);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);

  if (width <= 0 || height <= 0 || native == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The graphs are not on screen, so there is nothing to save."));
      return NULL;
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The graphs have not been drawn yet."));
      return NULL;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png_bytes (texture);
}

/**
 * onair_health_page_export_png:
 * @file: where to save
 *
 * Renders the graphs as they are shown and writes the PNG asynchronously.
 *
 * Returns: whether the graphs could be rendered; the write reports with a toast
 */
gboolean
onair_health_page_export_png (OnairHealthPage  *self,
                              GFile            *file,
                              GError          **error)
{
  g_autoptr(GBytes) png = NULL;

  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);

  png = render_png (self, error);
  if (png == NULL)
    return FALSE;
  g_file_replace_contents_bytes_async (file, png, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, png_written_cb, g_object_ref (self));
  return TRUE;
}

static void
csv_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!onair_health_history_write_csv_finish (ONAIR_HEALTH_HISTORY (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
csv_opened_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairHealthPage *self = g_task_get_source_object (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;
  gint64 from_ms = 0, to_ms = G_MAXINT64;

  stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->span_ms > 0)
    {
      to_ms = self->end_ms > 0 ? self->end_ms : g_get_real_time () / 1000;
      from_ms = to_ms - self->span_ms;
    }
  onair_health_history_write_csv_async (self->history, G_OUTPUT_STREAM (stream), NULL,
                                        from_ms, to_ms, g_task_get_cancellable (task),
                                        csv_written_cb, g_object_ref (task));
}

/**
 * onair_health_page_export_csv_async:
 * @file: where to write
 *
 * Writes every metric of the span shown as CSV.
 */
void
onair_health_page_export_csv_async (OnairHealthPage     *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_health_page_export_csv_async);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, cancellable, csv_opened_cb, task);
}

gboolean
onair_health_page_export_csv_finish (OnairHealthPage  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
csv_exported_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (!onair_health_page_export_csv_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Health history saved as %s"), name);
  toast (self, text);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     OnairHealthPage *self)
{
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "png"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  if (png)
    {
      if (!onair_health_page_export_png (self, file, &error))
        toast (self, error->message);
    }
  else
    onair_health_page_export_csv_async (self, file, self->cancellable, csv_exported_cb,
                                        g_object_ref (file));
}

static void
choose_file (OnairHealthPage *self,
             gboolean         png)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("onair-health-%s.%s", stamp, png ? "png" : "csv");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (png ? _("Export Graphs") : _("Export Health History"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "png", GINT_TO_POINTER (png));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_png_clicked_cb (OnairHealthPage *self)
{
  choose_file (self, TRUE);
}

static void
export_csv_clicked_cb (OnairHealthPage *self)
{
  choose_file (self, FALSE);
}

static void
onair_health_page_dispose (GObject *object)
{
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->ingest_check_id, g_source_remove);
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->poller);
  g_clear_object (&self->monitor);
  g_clear_object (&self->history);
  g_clear_object (&self->application);
  g_clear_pointer (&self->ingest_graphs, g_hash_table_unref);
  g_clear_pointer (&self->graphs, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_HEALTH_PAGE);

  G_OBJECT_CLASS (onair_health_page_parent_class)->dispose (object);
}

static void
onair_health_page_finalize (GObject *object)
{
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onair_health_page_parent_class)->finalize (object);
}

static void
onair_health_page_class_init (OnairHealthPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_health_page_dispose;
  object_class->finalize = onair_health_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-health-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, status_title);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, span_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, graphs_box);
  gtk_widget_class_bind_template_callback (widget_class, export_png_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_csv_clicked_cb);
}

static void
onair_health_page_init (OnairHealthPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->graphs = g_ptr_array_new ();
  self->ingest_graphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->span_ms = spans_ms[1];
}

/**
 * onair_health_page_new:
 *
 * Returns: (transfer floating): the Health page: status with reasons, graphs, exports
 */
OnairHealthPage *
onair_health_page_new (OnairApplication *application)
{
  OnairHealthPage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_HEALTH_PAGE, NULL);
  self->application = g_object_ref (application);
  self->monitor = g_object_ref (onair_application_get_health (application));
  self->history = g_object_ref (onair_health_monitor_get_history (self->monitor));

  build_graphs (self);
  update_status (self);
  g_signal_connect_object (self->monitor, "status-changed", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::poller", G_CALLBACK (poller_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::health", G_CALLBACK (health_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->span_dropdown, "notify::selected",
                           G_CALLBACK (span_changed_cb), self, G_CONNECT_SWAPPED);
  poller_changed_cb (self);
  self->ingest_check_id = g_timeout_add_seconds (2, ingest_check_cb, self);
  return self;
}

const char *
onair_health_page_get_status_title (OnairHealthPage *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), NULL);
  return gtk_label_get_label (self->status_title);
}

guint
onair_health_page_get_n_graphs (OnairHealthPage *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), 0);
  return self->graphs->len;
}

/**
 * onair_health_page_set_span_ms:
 * @span_ms: how much of the show the graphs show; 0 for all of it
 */
void
onair_health_page_set_span_ms (OnairHealthPage *self,
                               gint64           span_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  self->span_ms = span_ms;
  for (guint i = 0; i < self->graphs->len; i++)
    onair_graph_set_span_ms (g_ptr_array_index (self->graphs, i), span_ms);
  for (guint i = 0; i < G_N_ELEMENTS (spans_ms); i++)
    if (spans_ms[i] == span_ms && gtk_drop_down_get_selected (self->span_dropdown) != i)
      gtk_drop_down_set_selected (self->span_dropdown, i);
}

/**
 * onair_health_page_set_end_ms:
 * @end_ms: the instant at the graphs' right edge, 0 to follow the clock
 *
 * For shows driven by a test clock.
 */
void
onair_health_page_set_end_ms (OnairHealthPage *self,
                              gint64           end_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  self->end_ms = end_ms;
  for (guint i = 0; i < self->graphs->len; i++)
    onair_graph_set_end_ms (g_ptr_array_index (self->graphs, i), end_ms);
}

/**
 * onair_health_page_refresh:
 *
 * Picks up new samples and the current status now.
 */
void
onair_health_page_refresh (OnairHealthPage *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  samples_changed (self);
  update_status (self);
}
