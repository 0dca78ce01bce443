/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The schedule dialog's insides, shared by its files: the dialog and its fields
 * (onair-schedule-dialog.c), the single streams it starts (onair-schedule-dialog-streams.c). */

#include "onair-schedule-dialog.h"

G_BEGIN_DECLS

struct _OnairScheduleDialog
{
  AdwWindow          parent_instance;

  OnairApplication  *application;
  OnairSchedule     *schedule;        /* what is edited: a copy, or a new one */
  GPtrArray         *group_ids;       /* char*, by position in group_row (0: none) */
  GPtrArray         *day_buttons;     /* GtkToggleButton*, Monday first */
  GPtrArray         *host_switches;   /* GtkSwitch*, with "host-id" data */
  GPtrArray         *stream_host_ids; /* char*, by position in stream_host_row */
  GPtrArray         *destination_ids; /* char*, by position in stream_destination_row */
  char              *error;
  gboolean           end_time_known;  /* the end time spins hold one to keep */

  AdwEntryRow       *name_row;
  GtkLabel          *error_label;
  AdwComboRow       *repeat_row;
  AdwActionRow      *days_row;
  GtkBox            *days_box;
  AdwEntryRow       *date_row;
  GtkSpinButton     *hour_spin;
  GtkSpinButton     *minute_spin;
  AdwComboRow       *end_row;
  AdwActionRow      *duration_row;
  GtkSpinButton     *duration_spin;
  AdwActionRow      *end_time_row;
  GtkSpinButton     *end_hour_spin;
  GtkSpinButton     *end_minute_spin;
  GtkSpinButton     *lead_spin;
  AdwPreferencesGroup *what_group;
  AdwComboRow       *group_row;
  GtkListBox        *streams_list;
  AdwComboRow       *stream_host_row;
  GtkSpinButton     *stream_channel_spin;
  AdwComboRow       *stream_destination_row;
};

void onair_schedule_dialog_show_error        (OnairScheduleDialog *self,
                                              const char          *message);

/* onair-schedule-dialog-streams.c */
void onair_schedule_dialog_class_init_streams (GtkWidgetClass      *widget_class);
void onair_schedule_dialog_fill_streams       (OnairScheduleDialog *self);

G_END_DECLS
