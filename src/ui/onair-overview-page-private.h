/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Overview's insides, shared by its files: the page itself (onair-overview-page.c), one
 * tile per host (onair-overview-page-hosts.c), and the stream groups with their Go Live and
 * Stop actions and the member-by-member outcome (onair-overview-page-groups.c). */

#include "onair-overview-page.h"

G_BEGIN_DECLS

typedef struct
{
  OnairVmixSession *session;
  GtkWidget        *child;        /* the GtkFlowBoxChild */
  GtkLabel         *name_label;
  GtkLabel         *role_label;
  GtkWidget        *chosen_label;
  GtkImage         *state_icon;
  GtkLabel         *state_label;
  GtkLabel         *state_detail;
  GtkGrid          *streams_grid;
  GPtrArray        *stream_labels; /* GtkLabel*, one per stream */
  GtkLabel         *recording_label;
  GtkLabel         *health_label;
} HostTile;

struct _OnairOverviewPage
{
  GtkWidget             parent_instance;

  OnairApplication     *application;
  OnairFleet           *fleet;
  GCancellable         *cancellable;   /* group starts and stops */
  GPtrArray            *tiles;         /* HostTile* */
  GPtrArray            *groups;        /* OnairStreamGroup* */
  GPtrArray            *group_rows;    /* AdwActionRow* */
  guint                 tick_id;

  GtkFlowBox           *hosts_box;
  AdwPreferencesGroup  *groups_group;
  GtkWidget            *no_groups_row;
};

/* onair-overview-page-hosts.c */
void onair_overview_page_hosts_class_init (GtkWidgetClass    *widget_class);
void onair_overview_page_host_tile_free   (HostTile          *tile);
void onair_overview_page_rebuild_tiles    (OnairOverviewPage *self);
void onair_overview_page_refresh_tiles    (OnairOverviewPage *self);
void onair_overview_page_update_chosen    (OnairOverviewPage *self);

/* onair-overview-page-groups.c */
void onair_overview_page_rebuild_groups   (OnairOverviewPage *self);

G_END_DECLS
