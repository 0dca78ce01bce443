/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "onair-health-page-private.h"
#include "onair-widget-util.h"
#include "onair-window.h"

/* The Health page: the chosen host's status with its reasons, the on-air timeline (a lane
 * per stream, the recording, each SRT output), the graphs, and the alert list, all over one
 * range: the last minutes or hours, or "this show"; dragging over a graph zooms every one of
 * them. The timeline and graphs are built in onair-health-page-graphs.c, the alert list in
 * onair-health-page-alerts.c, the exports in onair-health-page-export.c. */

G_DEFINE_FINAL_TYPE (OnairHealthPage, onair_health_page, GTK_TYPE_BOX)

#define MINUTE_MS G_GINT64_CONSTANT (60000)
#define HOUR_MS   (60 * MINUTE_MS)
#define MIN_SHOW_MS (20 * 1000)

/* The ranges of the drop-down, in its order; 0 is "this show". */
static const gint64 ranges_ms[] = { 5 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS, 0 };

static gint64
now_ms (OnairHealthPage *self)
{
  return self->end_ms > 0 ? self->end_ms : g_get_real_time () / 1000;
}

static gboolean
is_zoomed (OnairHealthPage *self)
{
  return self->zoom_to_ms > self->zoom_from_ms;
}

void
onair_health_page_toast (OnairHealthPage *self,
                         const char      *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ONAIR_TYPE_WINDOW);

  if (window != NULL)
    onair_window_add_toast (ONAIR_WINDOW (window), text);
  else
    g_message ("%s", text);
}

/**
 * onair_health_page_format_span:
 *
 * Returns: (transfer full): "Wed 12 Nov 21:04 – 23:10", with both dates when they differ
 */
char *
onair_health_page_format_span (gint64 from_ms,
                               gint64 to_ms)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (from_ms / 1000);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (to_ms / 1000);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  gboolean same_day;

  if (from == NULL || to == NULL)
    return g_strdup ("");
  same_day = g_date_time_get_year (from) == g_date_time_get_year (to) &&
             g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (to);
  /* Translators: the start of a time range with its date, see g_date_time_format () */
  start = g_date_time_format (from, _("%a %-d %b %Y %H:%M:%S"));
  end = g_date_time_format (to, same_day ? "%H:%M:%S" : _("%a %-d %b %Y %H:%M:%S"));
  /* Translators: a time range, "start – end" */
  return g_strdup_printf (_("%s – %s"), start, end);
}

/**
 * onair_health_page_dup_host_title:
 *
 * Returns: (transfer full): the chosen host's name and address, "Main (192.168.1.20:8088)"
 */
char *
onair_health_page_dup_host_title (OnairHealthPage *self)
{
  OnairFleet *fleet = onair_application_get_fleet (self->application);
  const char *id = onair_application_get_chosen_host_id (self->application);
  OnairVmixSession *session = fleet != NULL && id != NULL ? onair_fleet_lookup (fleet, id) : NULL;
  const OnairHostProfile *profile;

  if (session == NULL)
    return g_strdup (_("vMix"));
  profile = onair_vmix_session_get_profile (session);
  return g_strdup_printf ("%s (%s:%u)", profile->name, profile->host, profile->port);
}

static void
samples_changed (OnairHealthPage *self)
{
  onair_health_page_check_ingest_metrics (self);
  for (guint i = 0; i < self->graphs->len; i++)
    onair_graph_samples_changed (g_ptr_array_index (self->graphs, i));
}

/* Every view shows the same span: the zoom, "this show", or the last minutes or hours. */
static void
apply_range (OnairHealthPage *self)
{
  gint64 now = now_ms (self);
  gint64 from, to;
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;

  self->show_found = FALSE;
  if (is_zoomed (self))
    {
      from = self->zoom_from_ms;
      to = self->zoom_to_ms;
    }
  else if (self->range == RANGE_THIS_SHOW && self->span_ms == 0 &&
           onair_health_history_get_show_range (self->history, now, &from, &to))
    {
      /* A little air on both sides; none after now. */
      gint64 pad = MAX (2 * 1000, (to - from) / 40);

      self->show_found = TRUE;
      from -= pad;
      to = to >= now ? now : MIN (to + pad, now);
      /* Twenty seconds at least, around the show and not past now. */
      if (to - from < MIN_SHOW_MS)
        {
          gint64 missing = MIN_SHOW_MS - (to - from);

          from -= missing / 2;
          to = MIN (to + missing - missing / 2, now);
          from = MIN (from, to - MIN_SHOW_MS);
        }
    }
  else
    {
      gint64 span_ms = self->span_ms > 0 ? self->span_ms : ranges_ms[self->range];

      to = now;
      from = now - (span_ms > 0 ? span_ms : HOUR_MS);
    }

  self->view_from_ms = from;
  self->view_to_ms = to;
  for (guint i = 0; i < self->graphs->len; i++)
    onair_graph_set_view_ms (g_ptr_array_index (self->graphs, i), from, to);

  span = onair_health_page_format_span (from, to);
  if (is_zoomed (self))
    /* Translators: the range shown after zooming in, %s is "start – end" */
    text = g_strdup_printf (_("Zoomed in: %s"), span);
  else if (self->range == RANGE_THIS_SHOW && self->span_ms == 0 && !self->show_found)
    /* Translators: %s is "start – end" */
    text = g_strdup_printf (_("Nothing went on air yet: the last hour, %s"), span);
  else
    text = g_steal_pointer (&span);
  gtk_label_set_label (self->range_label, text);
  gtk_widget_set_visible (self->zoom_out_button, is_zoomed (self));
  onair_health_page_update_alerts (self, FALSE);
}

static gboolean
refresh_cb (gpointer user_data)
{
  OnairHealthPage *self = user_data;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  /* Ingest sources poll on their own: pick up what they added. */
  onair_health_page_check_ingest_metrics (self);
  /* The range follows the clock (a frozen vMix is news too); a zoom stays put. */
  if (!is_zoomed (self) && self->end_ms == 0)
    apply_range (self);
  return G_SOURCE_CONTINUE;
}

static void
zoom_out_clicked_cb (OnairHealthPage *self)
{
  onair_health_page_zoom_out (self);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (widget);

  if (!is_zoomed (self))
    return FALSE;
  onair_health_page_zoom_out (self);
  return TRUE;
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
    onair_widget_set_css_class (self->status_box, classes[i], i == (guint) status);
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
event_added_cb (OnairHealthPage *self)
{
  onair_health_page_update_lanes (self);
  onair_graph_samples_changed (self->timeline);
  /* "This show" may have just begun. */
  if (self->range == RANGE_THIS_SHOW && !is_zoomed (self))
    apply_range (self);
  else
    onair_health_page_update_alerts (self, FALSE);
}

/* An earlier run's history arrived (or the history was cleared): everything anew. */
static void
history_loaded_cb (OnairHealthPage *self)
{
  onair_health_page_update_lanes (self);
  samples_changed (self);
  apply_range (self);
  onair_health_page_update_alerts (self, TRUE);
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

static void
follow_monitor (OnairHealthPage    *self,
                OnairHealthMonitor *monitor)
{
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->monitor, monitor);
  g_set_object (&self->history, onair_health_monitor_get_history (monitor));
  g_signal_connect_object (self->monitor, "status-changed", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "event-added", G_CALLBACK (event_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "loaded", G_CALLBACK (history_loaded_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rebuild_graphs (OnairHealthPage *self)
{
  for (guint i = 0; i < self->graphs->len; i++)
    gtk_box_remove (self->graphs_box, g_ptr_array_index (self->graphs, i));
  g_ptr_array_set_size (self->graphs, 0);
  g_hash_table_remove_all (self->ingest_graphs);
  onair_health_page_build_graphs (self);
  samples_changed (self);
  update_status (self);
  apply_range (self);
  onair_health_page_update_alerts (self, TRUE);
}

/* The page shows the chosen host's health: another host, other graphs. */
static void
health_changed_cb (OnairHealthPage *self)
{
  OnairHealthMonitor *monitor = onair_application_get_health (self->application);

  if (monitor == NULL || monitor == self->monitor)
    return;
  follow_monitor (self, monitor);
  rebuild_graphs (self);
}

static gboolean
thresholds_changed_idle_cb (gpointer user_data)
{
  OnairHealthPage *self = user_data;

  self->rebuild_id = 0;
  rebuild_graphs (self);
  return G_SOURCE_REMOVE;
}

/* The thresholds drawn are the preferences': once the monitors took new ones, the graphs
 * are drawn with them. */
static void
settings_changed_cb (OnairHealthPage *self,
                     const char      *key)
{
  if (!g_str_has_prefix (key, "health-rtt-") && !g_str_equal (key, "health-silence-dbfs"))
    return;
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (thresholds_changed_idle_cb, self);
}

static void
span_changed_cb (OnairHealthPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->span_dropdown);

  if (selected < G_N_ELEMENTS (ranges_ms) &&
      (selected != self->range || self->span_ms != 0 || is_zoomed (self)))
    onair_health_page_set_span_ms (self, ranges_ms[selected]);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  onair_health_page_choose_export (ONAIR_HEALTH_PAGE (widget),
                                   action_name + strlen ("health.export-"));
}

static void
onair_health_page_dispose (GObject *object)
{
  OnairHealthPage *self = ONAIR_HEALTH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->poller);
  g_clear_object (&self->monitor);
  g_clear_object (&self->history);
  g_clear_object (&self->application);
  g_clear_pointer (&self->ingest_graphs, g_hash_table_unref);
  g_clear_pointer (&self->graphs, g_ptr_array_unref);
  g_clear_pointer (&self->lanes, g_strfreev);
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
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, graphs_box);
  gtk_widget_class_bind_template_child (widget_class, OnairHealthPage, alerts_list);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_clicked_cb);

  gtk_widget_class_install_action (widget_class, "health.export-png", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "health.export-csv", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "health.export-alerts", NULL, export_action_cb);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
onair_health_page_init (OnairHealthPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->graphs = g_ptr_array_new ();
  self->ingest_graphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->range = RANGE_THIS_SHOW;
}

/**
 * onair_health_page_new:
 *
 * Returns: (transfer floating): the Health page: status with reasons, the on-air timeline,
 *   graphs, alerts, exports
 */
OnairHealthPage *
onair_health_page_new (OnairApplication *application)
{
  OnairHealthPage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_HEALTH_PAGE, NULL);
  self->application = g_object_ref (application);
  follow_monitor (self, onair_application_get_health (application));

  onair_health_page_build_graphs (self);
  update_status (self);
  apply_range (self);
  g_signal_connect_object (application, "notify::poller", G_CALLBACK (poller_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::health", G_CALLBACK (health_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->span_dropdown, "notify::selected",
                           G_CALLBACK (span_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (onair_application_get_settings (application), "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  poller_changed_cb (self);
  self->refresh_id = g_timeout_add_seconds (1, refresh_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->refresh_id),
                            "[onair] health page refresh");
  return self;
}

const char *
onair_health_page_get_status_title (OnairHealthPage *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), NULL);
  return gtk_label_get_label (self->status_title);
}

/**
 * onair_health_page_get_n_graphs:
 *
 * Returns: the graphs shown, the timeline not counted
 */
guint
onair_health_page_get_n_graphs (OnairHealthPage *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), 0);
  return self->graphs->len - 1;
}

/**
 * onair_health_page_get_timeline:
 *
 * Returns: (transfer none): the on-air timeline
 */
OnairGraph *
onair_health_page_get_timeline (OnairHealthPage *self)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), NULL);
  return self->timeline;
}

/**
 * onair_health_page_get_graph:
 * @index: 0 for the first graph under the timeline
 *
 * Returns: (transfer none) (nullable): the graph
 */
OnairGraph *
onair_health_page_get_graph (OnairHealthPage *self,
                             guint            index)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), NULL);
  return index + 1 < self->graphs->len ? g_ptr_array_index (self->graphs, index + 1) : NULL;
}

/**
 * onair_health_page_set_span_ms:
 * @span_ms: how much of the show the graphs show up to now; 0 for "this show"
 *
 * Also leaves a zoom.
 */
void
onair_health_page_set_span_ms (OnairHealthPage *self,
                               gint64           span_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  self->zoom_from_ms = self->zoom_to_ms = 0;
  self->range = RANGE_LAST_HOUR;
  self->span_ms = span_ms;
  for (guint i = 0; i < G_N_ELEMENTS (ranges_ms); i++)
    if (ranges_ms[i] == span_ms)
      {
        self->range = i;
        self->span_ms = 0;
      }
  if (gtk_drop_down_get_selected (self->span_dropdown) != self->range)
    gtk_drop_down_set_selected (self->span_dropdown, self->range);
  apply_range (self);
}

/**
 * onair_health_page_set_end_ms:
 * @end_ms: the instant taken as now, 0 to follow the clock
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
  apply_range (self);
}

/**
 * onair_health_page_zoom:
 * @from_ms: start of the span (Unix ms)
 * @to_ms: its end
 *
 * Shows only that span in the timeline, every graph and the alert list, as dragging over a
 * graph does, until onair_health_page_zoom_out().
 */
void
onair_health_page_zoom (OnairHealthPage *self,
                        gint64           from_ms,
                        gint64           to_ms)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));
  g_return_if_fail (to_ms > from_ms);

  self->zoom_from_ms = from_ms;
  self->zoom_to_ms = to_ms;
  apply_range (self);
}

void
onair_health_page_zoom_out (OnairHealthPage *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  self->zoom_from_ms = self->zoom_to_ms = 0;
  apply_range (self);
}

/**
 * onair_health_page_get_view_ms:
 * @from_ms: (out) (optional): start of the span shown
 * @to_ms: (out) (optional): its end
 *
 * Returns: whether the page is zoomed in
 */
gboolean
onair_health_page_get_view_ms (OnairHealthPage *self,
                               gint64          *from_ms,
                               gint64          *to_ms)
{
  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), FALSE);

  if (from_ms != NULL)
    *from_ms = self->view_from_ms;
  if (to_ms != NULL)
    *to_ms = self->view_to_ms;
  return is_zoomed (self);
}

/**
 * onair_health_page_refresh:
 *
 * Picks up new samples, events and the current status now.
 */
void
onair_health_page_refresh (OnairHealthPage *self)
{
  g_return_if_fail (ONAIR_IS_HEALTH_PAGE (self));

  onair_health_page_update_lanes (self);
  samples_changed (self);
  update_status (self);
  apply_range (self);
}
