/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/show/onair-stream-group.h"
#include "onair-overview-page-private.h"

/*
 * The Overview: every vMix host of the show at a glance (its connection, streams,
 * recording and health) and the stream groups, which go live and stop on several hosts
 * from one click. Activating a host chooses it for the Control Room.
 */

G_DEFINE_FINAL_TYPE (OnairOverviewPage, onair_overview_page, GTK_TYPE_WIDGET)

static gboolean
tick_cb (gpointer user_data)
{
  onair_overview_page_refresh_tiles (user_data);
  return G_SOURCE_CONTINUE;
}

static void
onair_overview_page_dispose (GObject *object)
{
  OnairOverviewPage *self = ONAIR_OVERVIEW_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_signal_handlers_disconnect_by_data (onair_application_get_settings (self->application),
                                            self);
      g_signal_handlers_disconnect_by_data (onair_application_get_destinations (self->application),
                                            self);
    }
  if (self->fleet != NULL)
    g_signal_handlers_disconnect_by_data (self->fleet, self);
  g_clear_object (&self->fleet);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_OVERVIEW_PAGE);
  /* The scrolled window at the template's root is not a bound child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (onair_overview_page_parent_class)->dispose (object);
}

static void
onair_overview_page_finalize (GObject *object)
{
  OnairOverviewPage *self = ONAIR_OVERVIEW_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->group_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_overview_page_parent_class)->finalize (object);
}

static void
onair_overview_page_class_init (OnairOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_overview_page_dispose;
  object_class->finalize = onair_overview_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/onair_app/Onair/onair-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairOverviewPage, hosts_box);
  gtk_widget_class_bind_template_child (widget_class, OnairOverviewPage, groups_group);
  gtk_widget_class_bind_template_child (widget_class, OnairOverviewPage, no_groups_row);
  onair_overview_page_hosts_class_init (widget_class);
}

static void
onair_overview_page_init (OnairOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->tiles = g_ptr_array_new_with_free_func (
    (GDestroyNotify) onair_overview_page_host_tile_free);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_stream_group_free);
  self->group_rows = g_ptr_array_new ();
}

/**
 * onair_overview_page_new:
 *
 * Returns: (transfer floating): the Overview page: every host and the stream groups
 */
OnairOverviewPage *
onair_overview_page_new (OnairApplication *application)
{
  OnairOverviewPage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_OVERVIEW_PAGE, NULL);
  self->application = g_object_ref (application);
  self->fleet = g_object_ref (onair_application_get_fleet (application));

  g_signal_connect_object (self->fleet, "items-changed",
                           G_CALLBACK (onair_overview_page_rebuild_tiles), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::chosen-host-id",
                           G_CALLBACK (onair_overview_page_update_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (onair_application_get_settings (application), "changed::stream-groups",
                           G_CALLBACK (onair_overview_page_rebuild_groups), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (onair_application_get_destinations (application), "items-changed",
                           G_CALLBACK (onair_overview_page_rebuild_groups), self,
                           G_CONNECT_SWAPPED);
  /* Members are named after their hosts: a host added, removed or renamed renames them. The
   * application reloads the fleet first, connected to the settings before the page. */
  g_signal_connect_object (onair_application_get_settings (application), "changed::hosts",
                           G_CALLBACK (onair_overview_page_rebuild_groups), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fleet, "items-changed",
                           G_CALLBACK (onair_overview_page_rebuild_groups), self,
                           G_CONNECT_SWAPPED);
  onair_overview_page_rebuild_tiles (self);
  onair_overview_page_rebuild_groups (self);
  /* Streams and recordings move with every poll; a second is what a producer sees. */
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  return self;
}
