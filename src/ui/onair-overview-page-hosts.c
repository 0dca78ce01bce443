/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-overview-page-private.h"
#include "onair-widget-util.h"
#include "onair-window.h"

/*
 * The Overview's host tiles: one card per vMix host with its connection, each stream's state
 * and destination, the recording and the health with its first reason, refreshed with every
 * change the session reports and once a second. Activating a tile chooses the host for the
 * Control Room.
 */

void
onair_overview_page_host_tile_free (HostTile *tile)
{
  g_signal_handlers_disconnect_by_data (tile->session, tile);
  g_signal_handlers_disconnect_by_data (onair_vmix_session_get_health (tile->session), tile);
  g_clear_object (&tile->session);
  g_clear_pointer (&tile->stream_labels, g_ptr_array_unref);
  g_free (tile);
}

static char *
format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                          (int) (seconds / 60 % 60), (int) (seconds % 60));
}

static const char *
role_text (OnairHostRole role)
{
  switch (role)
    {
    case ONAIR_HOST_ROLE_MAIN:
      return _("Main vMix");
    case ONAIR_HOST_ROLE_BACKUP:
      return _("Backup vMix");
    case ONAIR_HOST_ROLE_OTHER:
    default:
      return _("Other vMix");
    }
}

static const char *
channel_text (OnairChannelStatus status)
{
  switch (status)
    {
    case ONAIR_CHANNEL_STARTING:
      return _("Starting…");
    case ONAIR_CHANNEL_LIVE:
      return _("Live");
    case ONAIR_CHANNEL_STOPPING:
      return _("Stopping…");
    case ONAIR_CHANNEL_LOST:
      return _("Stopped on its own");
    case ONAIR_CHANNEL_UNREPORTED:
      return _("Streaming (vMix does not say which stream)");
    case ONAIR_CHANNEL_OFF:
    default:
      return _("Off");
    }
}

static gboolean
session_is_connected (OnairVmixSession *session)
{
  OnairPoller *poller = onair_vmix_session_get_poller (session);
  OnairConnectionState state = onair_vmix_session_get_connection_state (session);

  return poller != NULL && onair_poller_get_state (poller) != NULL &&
         (state == ONAIR_CONNECTION_CONNECTED || state == ONAIR_CONNECTION_DEGRADED);
}

static void
update_connection (HostTile *tile)
{
  OnairVmixSession *session = tile->session;
  OnairPoller *poller = onair_vmix_session_get_poller (session);
  OnairConnectionState state = onair_vmix_session_get_connection_state (session);
  OnairVmixState *vmix = poller ? onair_poller_get_state (poller) : NULL;
  const GError *error = poller ? onair_poller_get_last_error (poller) : NULL;
  const OnairHostProfile *profile = onair_vmix_session_get_profile (session);
  g_autofree char *address = g_strdup_printf ("%s:%u", profile->host, profile->port);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *icon = "network-offline-symbolic";
  const char *css = "lost";

  if ((state == ONAIR_CONNECTION_CONNECTED || state == ONAIR_CONNECTION_DEGRADED) &&
      vmix != NULL)
    {
      const char *version = onair_vmix_state_get_version (vmix);

      /* Translators: "Connected to vMix 28.0.0.39" */
      title = g_strdup_printf (_("Connected to vMix %s"), version ? version : _("(unknown version)"));
      if (state == ONAIR_CONNECTION_DEGRADED)
        {
          detail = g_strdup_printf (_("%s · answering slowly or not every time"), address);
          icon = "dialog-warning-symbolic";
          css = "degraded";
        }
      else
        {
          detail = g_strdup_printf (_("%s · %.0f ms round trip"), address,
                                    onair_poller_get_round_trip_us (poller) / 1000.0);
          icon = "network-wired-symbolic";
          css = "connected";
        }
    }
  else if (state == ONAIR_CONNECTION_LOST)
    {
      title = g_strdup (_("Connection lost"));
      detail = error ? g_strdup_printf ("%s · %s", address, error->message) : g_strdup (address);
    }
  else if (!onair_vmix_session_is_running (session))
    {
      title = g_strdup (_("Not connected"));
      detail = g_strdup (address);
    }
  else
    {
      title = g_strdup (_("Connecting…"));
      detail = g_strdup (address);
      icon = "network-idle-symbolic";
      css = "connecting";
    }

  gtk_label_set_label (tile->state_label, title);
  gtk_label_set_label (tile->state_detail, detail);
  gtk_image_set_from_icon_name (tile->state_icon, icon);
  for (const char * const *c = (const char * const[]) { "connected", "degraded", "lost",
                                                        "connecting", NULL }; *c; c++)
    onair_widget_set_css_class (GTK_WIDGET (tile->state_icon), *c, g_str_equal (*c, css));
}

static void
update_streams (HostTile *tile)
{
  OnairController *controller = onair_vmix_session_get_controller (tile->session);
  guint n = controller ? onair_controller_get_stream_count (controller) : 0;
  gboolean connected = session_is_connected (tile->session);

  while (tile->stream_labels->len < n)
    {
      guint i = tile->stream_labels->len;
      g_autofree char *name = g_strdup_printf (_("Stream %u"), i + 1);
      GtkWidget *title = gtk_label_new (name);
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (value), 30);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_grid_attach (tile->streams_grid, title, 0, (int) i, 1, 1);
      gtk_grid_attach (tile->streams_grid, value, 1, (int) i, 1, 1);
      g_ptr_array_add (tile->stream_labels, value);
    }
  while (tile->stream_labels->len > n)
    {
      gtk_grid_remove_row (tile->streams_grid, (int) tile->stream_labels->len - 1);
      g_ptr_array_remove_index (tile->stream_labels, tile->stream_labels->len - 1);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkLabel *label = g_ptr_array_index (tile->stream_labels, i);
      OnairChannelStatus status = onair_controller_get_channel_status (controller, i);
      const char *destination = onair_controller_get_channel_destination (controller, i);
      g_autofree char *text = NULL;
      gboolean on_air = status == ONAIR_CHANNEL_LIVE || status == ONAIR_CHANNEL_UNREPORTED;

      if (destination != NULL && status != ONAIR_CHANNEL_OFF)
        /* Translators: a stream's state and where it goes: "Live · YouTube" */
        text = g_strdup_printf (_("%s · %s"), channel_text (status), destination);
      else
        text = g_strdup (channel_text (status));
      if (!connected)
        {
          /* Translators: a stream state seen before the connection was lost */
          g_autofree char *last = g_strdup_printf (_("%s (last known)"), text);

          g_free (text);
          text = g_steal_pointer (&last);
        }
      gtk_label_set_label (label, text);
      onair_widget_set_tooltip_text (GTK_WIDGET (label), text);
      onair_widget_set_css_class (GTK_WIDGET (label), "live", on_air && connected);
      onair_widget_set_css_class (GTK_WIDGET (label), "dim-label",
                                  !connected || status == ONAIR_CHANNEL_OFF);
    }
}

static void
update_recording (HostTile *tile)
{
  OnairPoller *poller = onair_vmix_session_get_poller (tile->session);
  OnairVmixState *vmix = poller ? onair_poller_get_state (poller) : NULL;

  if (vmix == NULL || !session_is_connected (tile->session))
    gtk_label_set_label (tile->recording_label, _("Unknown while not connected"));
  else if (onair_vmix_state_get_recording (vmix))
    {
      g_autofree char *duration = format_duration (onair_vmix_state_get_recording_duration (vmix));
      g_autofree char *text = g_strdup_printf (_("Recording · %s"), duration);

      gtk_label_set_label (tile->recording_label, text);
    }
  else
    gtk_label_set_label (tile->recording_label, _("Not recording"));
}

static void
update_health (HostTile *tile)
{
  OnairHealthMonitor *monitor = onair_vmix_session_get_health (tile->session);
  OnairHealthStatus status = onair_health_monitor_get_status (monitor);
  GPtrArray *reasons = onair_health_monitor_get_reasons (monitor);
  const OnairHealthReason *first = reasons && reasons->len > 0 ? g_ptr_array_index (reasons, 0)
                                                               : NULL;
  const char *word;
  g_autofree char *text = NULL;

  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      word = _("Healthy");
      break;
    case ONAIR_HEALTH_WARNING:
      word = _("Warning");
      break;
    case ONAIR_HEALTH_CRITICAL:
      word = _("Critical");
      break;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      word = _("Not known yet");
      break;
    }
  if (first != NULL && status != ONAIR_HEALTH_HEALTHY)
    /* Translators: a host's health and its first reason: "Warning: Stream 2 dropped frames" */
    text = g_strdup_printf (_("%s: %s"), word, first->message);
  else
    text = g_strdup (word);
  gtk_label_set_label (tile->health_label, text);
  onair_widget_set_tooltip_text (GTK_WIDGET (tile->health_label), text);
  onair_widget_set_css_class (GTK_WIDGET (tile->health_label), "warning", status == ONAIR_HEALTH_WARNING);
  onair_widget_set_css_class (GTK_WIDGET (tile->health_label), "error", status == ONAIR_HEALTH_CRITICAL);
}

/* A host edited in the Preferences keeps its session, under its new name and role. */
static void
update_identity (HostTile *tile)
{
  const char *name = onair_vmix_session_get_name (tile->session);
  const char *role = role_text (onair_vmix_session_get_role (tile->session));
  g_autofree char *accessible = NULL;

  if (g_strcmp0 (gtk_label_get_label (tile->role_label), role) != 0)
    gtk_label_set_label (tile->role_label, role);
  if (g_strcmp0 (gtk_label_get_label (tile->name_label), name) == 0)
    return;
  gtk_label_set_label (tile->name_label, name);
  accessible = g_strdup_printf (_("%s: show in the Control Room"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile->child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
update_tile (HostTile *tile)
{
  update_identity (tile);
  update_connection (tile);
  update_streams (tile);
  update_recording (tile);
  update_health (tile);
}

void
onair_overview_page_update_chosen (OnairOverviewPage *self)
{
  const char *chosen = onair_application_get_chosen_host_id (self->application);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      HostTile *tile = g_ptr_array_index (self->tiles, i);
      gboolean is_chosen = g_strcmp0 (onair_vmix_session_get_id (tile->session), chosen) == 0;

      gtk_widget_set_visible (tile->chosen_label, is_chosen);
      onair_widget_set_css_class (tile->child, "chosen", is_chosen);
    }
}

static GtkWidget *
add_fact_row (GtkGrid    *grid,
              int         row,
              const char *title,
              GtkLabel  **value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_yalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (value_label), 2);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 30);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
  *value = GTK_LABEL (value_label);
  return value_label;
}

static HostTile *
host_tile_new (OnairVmixSession *session)
{
  HostTile *tile = g_new0 (HostTile, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *role = gtk_label_new (NULL);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *facts = gtk_grid_new ();

  tile->session = g_object_ref (session);
  tile->stream_labels = g_ptr_array_new ();

  gtk_widget_add_css_class (box, "host-tile");
  gtk_widget_add_css_class (box, "card");

  tile->state_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("network-idle-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (tile->state_icon), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (tile->state_icon), 4);
  gtk_widget_add_css_class (GTK_WIDGET (tile->state_icon), "host-state");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (tile->state_icon));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "title-3");
  gtk_box_append (GTK_BOX (name_row), name);
  tile->name_label = GTK_LABEL (name);
  gtk_widget_add_css_class (role, "host-role");
  gtk_widget_set_valign (role, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (name_row), role);
  tile->role_label = GTK_LABEL (role);
  tile->chosen_label = gtk_label_new (_("In Control Room"));
  gtk_widget_add_css_class (tile->chosen_label, "host-chosen");
  gtk_widget_set_valign (tile->chosen_label, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (tile->chosen_label, GTK_ALIGN_END);
  gtk_widget_set_hexpand (tile->chosen_label, TRUE);
  gtk_box_append (GTK_BOX (name_row), tile->chosen_label);
  gtk_box_append (GTK_BOX (titles), name_row);

  tile->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (tile->state_label, 0);
  gtk_label_set_wrap (tile->state_label, TRUE);
  gtk_label_set_max_width_chars (tile->state_label, 30);
  gtk_widget_add_css_class (GTK_WIDGET (tile->state_label), "heading");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (tile->state_label));
  tile->state_detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (tile->state_detail, 0);
  gtk_label_set_wrap (tile->state_detail, TRUE);
  gtk_label_set_wrap_mode (tile->state_detail, PANGO_WRAP_WORD_CHAR);
  /* A long error wraps inside the tile instead of widening it to a row of its own. */
  gtk_label_set_max_width_chars (tile->state_detail, 36);
  gtk_widget_add_css_class (GTK_WIDGET (tile->state_detail), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (tile->state_detail), "caption");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (tile->state_detail));
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (header), titles);
  gtk_box_append (GTK_BOX (box), header);

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  tile->streams_grid = GTK_GRID (grid);
  gtk_box_append (GTK_BOX (box), grid);

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_grid_set_column_spacing (GTK_GRID (facts), 12);
  gtk_grid_set_row_spacing (GTK_GRID (facts), 4);
  add_fact_row (GTK_GRID (facts), 0, _("Recording"), &tile->recording_label);
  add_fact_row (GTK_GRID (facts), 1, _("Health"), &tile->health_label);
  gtk_box_append (GTK_BOX (box), facts);

  /* Both grids' first columns line up: the same width for "Stream 5" and "Recording". */
  {
    GtkSizeGroup *group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

    gtk_size_group_add_widget (group, gtk_grid_get_child_at (GTK_GRID (facts), 0, 0));
    gtk_size_group_add_widget (group, gtk_grid_get_child_at (GTK_GRID (facts), 0, 1));
    g_object_set_data_full (G_OBJECT (box), "size-group", group, g_object_unref);
  }

  tile->child = gtk_flow_box_child_new ();
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (tile->child), box);
  gtk_widget_set_tooltip_text (tile->child, _("Show in the Control Room"));
  g_object_set_data (G_OBJECT (tile->child), "onair-host-tile", tile);
  return tile;
}

static void
stream_labels_size_group (HostTile *tile)
{
  GtkWidget *box = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (tile->child));
  GtkSizeGroup *group = g_object_get_data (G_OBJECT (box), "size-group");

  for (guint i = 0; i < tile->stream_labels->len; i++)
    {
      GtkWidget *title = gtk_grid_get_child_at (tile->streams_grid, 0, (int) i);

      if (title != NULL && g_object_get_data (G_OBJECT (title), "sized") == NULL)
        {
          gtk_size_group_add_widget (group, title);
          g_object_set_data (G_OBJECT (title), "sized", GINT_TO_POINTER (1));
        }
    }
}

static void
refresh_tile (HostTile *tile)
{
  update_tile (tile);
  stream_labels_size_group (tile);
}

void
onair_overview_page_refresh_tiles (OnairOverviewPage *self)
{
  for (guint i = 0; i < self->tiles->len; i++)
    refresh_tile (g_ptr_array_index (self->tiles, i));
}

void
onair_overview_page_rebuild_tiles (OnairOverviewPage *self)
{
  GListModel *model = G_LIST_MODEL (self->fleet);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hosts_box))) != NULL)
    gtk_flow_box_remove (self->hosts_box, child);
  g_ptr_array_set_size (self->tiles, 0);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnairVmixSession) session = g_list_model_get_item (model, i);
      HostTile *tile = host_tile_new (session);

      g_signal_connect_swapped (session, "connection-changed", G_CALLBACK (refresh_tile), tile);
      g_signal_connect_swapped (onair_vmix_session_get_health (session), "status-changed",
                                G_CALLBACK (update_health), tile);
      gtk_flow_box_append (self->hosts_box, tile->child);
      g_ptr_array_add (self->tiles, tile);
      refresh_tile (tile);
    }
  onair_overview_page_update_chosen (self);
}

static void
host_activated_cb (OnairOverviewPage *self,
                   GtkFlowBoxChild   *child)
{
  HostTile *tile = g_object_get_data (G_OBJECT (child), "onair-host-tile");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (tile == NULL)
    return;
  onair_application_set_chosen_host_id (self->application,
                                        onair_vmix_session_get_id (tile->session));
  if (ONAIR_IS_WINDOW (root))
    onair_window_show_page (ONAIR_WINDOW (root), "control");
}

void
onair_overview_page_hosts_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, host_activated_cb);
}

/**
 * onair_overview_page_get_host_tile:
 * @id: a host's id
 *
 * Returns: (transfer none) (nullable): the tile of the host, for tests
 */
GtkWidget *
onair_overview_page_get_host_tile (OnairOverviewPage *self,
                                   const char        *id)
{
  g_return_val_if_fail (ONAIR_IS_OVERVIEW_PAGE (self), NULL);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      HostTile *tile = g_ptr_array_index (self->tiles, i);

      if (g_strcmp0 (onair_vmix_session_get_id (tile->session), id) == 0)
        return tile->child;
    }
  return NULL;
}

/**
 * onair_overview_page_get_host_state:
 * @id: a host's id
 *
 * Returns: (nullable): what the host's tile says of its connection, e.g. "Connection lost"
 */
const char *
onair_overview_page_get_host_state (OnairOverviewPage *self,
                                    const char        *id)
{
  g_return_val_if_fail (ONAIR_IS_OVERVIEW_PAGE (self), NULL);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      HostTile *tile = g_ptr_array_index (self->tiles, i);

      if (g_strcmp0 (onair_vmix_session_get_id (tile->session), id) == 0)
        return gtk_label_get_label (tile->state_label);
    }
  return NULL;
}
