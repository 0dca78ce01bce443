/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"
#include "onair-stream-card.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_CONTROL_ROOM (onair_control_room_get_type ())
G_DECLARE_FINAL_TYPE (OnairControlRoom, onair_control_room, ONAIR, CONTROL_ROOM, AdwBin)

OnairControlRoom *onair_control_room_new                    (OnairApplication *application);
void              onair_control_room_set_application        (OnairControlRoom *self,
                                                             OnairApplication *application);
const char       *onair_control_room_get_visible_page       (OnairControlRoom *self);
const char       *onair_control_room_get_status_title       (OnairControlRoom *self);
const char       *onair_control_room_get_status_description (OnairControlRoom *self);
const char       *onair_control_room_get_subtitle           (OnairControlRoom *self);
OnairStreamCard  *onair_control_room_get_stream_card        (OnairControlRoom *self,
                                                             guint             channel);
guint             onair_control_room_get_n_stream_cards     (OnairControlRoom *self);
void              onair_control_room_reconnect              (OnairControlRoom *self);
gboolean          onair_control_room_go_live_focused        (OnairControlRoom *self);
gboolean          onair_control_room_stop_focused           (OnairControlRoom *self);
gboolean          onair_control_room_toggle_recording       (OnairControlRoom *self);
gboolean          onair_control_room_add_marker             (OnairControlRoom *self);
gboolean          onair_control_room_retry                  (OnairControlRoom *self);

G_END_DECLS
