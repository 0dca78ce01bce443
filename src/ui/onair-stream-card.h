/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/show/onair-controller.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_STREAM_CARD (onair_stream_card_get_type ())
G_DECLARE_FINAL_TYPE (OnairStreamCard, onair_stream_card, ONAIR, STREAM_CARD, GtkBox)

OnairStreamCard  *onair_stream_card_new                      (guint               channel);
guint             onair_stream_card_get_channel              (OnairStreamCard    *self);
void              onair_stream_card_set_destinations         (OnairStreamCard    *self,
                                                              GListModel         *destinations);
OnairDestination *onair_stream_card_get_selected_destination (OnairStreamCard    *self);
const char       *onair_stream_card_get_chosen_destination_id (OnairStreamCard   *self);
void              onair_stream_card_choose_destination       (OnairStreamCard    *self,
                                                              const char         *id);
gboolean          onair_stream_card_activate_action_button   (OnairStreamCard    *self);
void              onair_stream_card_update                   (OnairStreamCard    *self,
                                                              OnairChannelStatus  status,
                                                              gint64              since_us,
                                                              const char         *destination,
                                                              gboolean            started_outside,
                                                              gboolean            connected);
OnairChannelStatus onair_stream_card_get_status              (OnairStreamCard    *self);

G_END_DECLS
