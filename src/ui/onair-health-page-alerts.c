/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-health-page-private.h"

/* The Health page's alert list: each change of health status in the range shown, newest
 * first, with its time, level, reasons and host (the same alerts as the markers on the
 * graphs' time axes). Rebuilt only when the alerts in range change. */

#define MAX_ROWS 200

static GtkWidget *
make_label (const char *text,
            float       xalign,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
format_time (gint64 time_ms,
             gint64 reference_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_ms / 1000);
  g_autoptr(GDateTime) reference = g_date_time_new_from_unix_local (reference_ms / 1000);

  if (time == NULL || reference == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (time) == g_date_time_get_year (reference) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (reference))
    return g_date_time_format (time, "%H:%M:%S");
  /* Translators: an alert's time with its date, see g_date_time_format () */
  return g_date_time_format (time, _("%a %-d %b %H:%M:%S"));
}

static GtkWidget *
make_row (const OnairHealthEvent *alert,
          gint64                  reference_ms)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *level_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *time = format_time (alert->time_ms, reference_ms);
  const char *level, *icon, *css, *reasons;
  GtkWidget *label;

  switch (alert->state)
    {
    case ONAIR_HEALTH_CRITICAL:
      level = _("Critical");
      icon = "dialog-error-symbolic";
      css = "error";
      reasons = alert->text;
      break;
    case ONAIR_HEALTH_WARNING:
      level = _("Warning");
      icon = "dialog-warning-symbolic";
      css = "warning";
      reasons = alert->text;
      break;
    case ONAIR_HEALTH_HEALTHY:
      level = _("Healthy");
      icon = "emblem-ok-symbolic";
      css = "success";
      reasons = alert->text ? alert->text : _("Everything Onair measures is within its thresholds again.");
      break;
    default:
      level = _("Unknown");
      icon = "dialog-question-symbolic";
      css = "dim-label";
      reasons = alert->text ? alert->text : _("Nothing to judge: vMix does not answer.");
      break;
    }

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = make_label (time, 0, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (label), 17);
  gtk_box_append (GTK_BOX (box), label);

  gtk_widget_set_size_request (level_box, 92, -1);
  gtk_widget_set_valign (level_box, GTK_ALIGN_START);
  gtk_widget_add_css_class (level_box, css);
  gtk_box_append (GTK_BOX (level_box), gtk_image_new_from_icon_name (icon));
  gtk_box_append (GTK_BOX (level_box), make_label (level, 0, NULL));
  gtk_box_append (GTK_BOX (box), level_box);

  label = make_label (reasons, 0, NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  label = make_label (alert->subject, 1, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

void
onair_health_page_update_alerts (OnairHealthPage *self,
                                 gboolean         force)
{
  guint first = onair_health_history_find_event (self->history, self->view_from_ms);
  guint end = onair_health_history_find_event (self->history, self->view_to_ms + 1);
  guint n_events = onair_health_history_get_n_events (self->history);
  GtkListBoxRow *row;
  guint rows = 0;

  if (!force && first == self->alerts_first && end == self->alerts_end &&
      n_events == self->alerts_n_events)
    return;
  self->alerts_first = first;
  self->alerts_end = end;
  self->alerts_n_events = n_events;

  while ((row = gtk_list_box_get_row_at_index (self->alerts_list, 0)) != NULL)
    gtk_list_box_remove (self->alerts_list, GTK_WIDGET (row));
  for (guint i = end; i > first && rows < MAX_ROWS; i--)
    {
      const OnairHealthEvent *event = onair_health_history_get_event (self->history, i - 1);

      if (event->kind != ONAIR_HEALTH_EVENT_ALERT)
        continue;
      gtk_list_box_append (self->alerts_list, make_row (event, self->view_to_ms));
      rows++;
    }
}

/**
 * onair_health_page_get_n_alerts_shown:
 *
 * Returns: the alerts the list shows for the range
 */
guint
onair_health_page_get_n_alerts_shown (OnairHealthPage *self)
{
  guint n = 0;

  g_return_val_if_fail (ONAIR_IS_HEALTH_PAGE (self), 0);

  while (gtk_list_box_get_row_at_index (self->alerts_list, n) != NULL)
    n++;
  return n;
}
