/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Control Room's insides, shared by its files: the widget, its connection and status
 * (onair-control-room.c), the stream cards (onair-control-room-streams.c), the recording
 * (onair-control-room-recording.c) and the SRT outputs (onair-control-room-outputs.c). */

#include "onair-control-room.h"

G_BEGIN_DECLS

typedef void (*OnairControlRoomRetryFunc) (OnairControlRoom *self,
                                           gpointer          data);

struct _OnairControlRoom
{
  AdwBin                parent_instance;

  OnairApplication     *application;
  OnairPoller          *poller;          /* the chosen host's, while it runs */
  OnairController      *controller;
  GCancellable         *cancellable;     /* every operation the Control Room started */
  guint                 tick_id;
  guint                 n_cards;
  GPtrArray            *srt_rows;        /* AdwActionRow*, one per output */
  char                 *subtitle;

  GtkStack             *stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *error_page;
  GtkWidget            *connection_bar;
  GtkImage             *connection_icon;
  GtkLabel             *connection_title;
  GtkLabel             *connection_detail;
  GtkWidget            *operations_box;  /* greyed while vMix does not answer */
  GtkLabel             *program_label;
  GtkLabel             *preview_label;
  GtkFlowBox           *streams_box;
  AdwActionRow         *recording_row;
  GtkButton            *recording_dismiss_button;
  GtkButton            *recording_button;
  AdwActionRow         *files_row;
  AdwEntryRow          *marker_row;
  AdwPreferencesGroup  *srt_group;

  /* What the Retry button of the last failure's toast does again. */
  OnairControlRoomRetryFunc retry_func;
  gpointer              retry_data;
  GDestroyNotify        retry_destroy;
};

gboolean onair_control_room_is_connected     (OnairControlRoom *self);
void     onair_control_room_toast            (OnairControlRoom *self,
                                              const char       *text);
void     onair_control_room_toast_error      (OnairControlRoom *self,
                                              const GError     *error);
void     onair_control_room_toast_retry      (OnairControlRoom          *self,
                                              const GError              *error,
                                              OnairControlRoomRetryFunc  func,
                                              gpointer                   data,
                                              GDestroyNotify             destroy);
char    *onair_control_room_format_duration  (gint64            seconds);

/* Stream cards */
OnairStreamCard *onair_control_room_get_card (OnairControlRoom *self,
                                              guint             channel);
void     onair_control_room_update_card      (OnairControlRoom *self,
                                              guint             channel);
void     onair_control_room_rebuild_cards    (OnairControlRoom *self,
                                              guint             n_cards);

/* Recording */
void     onair_control_room_update_recording (OnairControlRoom *self,
                                              OnairVmixState   *state);
void     onair_control_room_recording_clicked_cb (OnairControlRoom *self);
void     onair_control_room_recording_dismiss_cb (OnairControlRoom *self);
void     onair_control_room_recording_stopped_outside_cb (OnairControlRoom *self,
                                                          gint64            duration_s,
                                                          OnairController  *controller);
void     onair_control_room_marker_apply_cb  (OnairControlRoom *self);

/* SRT outputs */
void     onair_control_room_update_srt       (OnairControlRoom *self,
                                              OnairVmixState   *state);

G_END_DECLS
