/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-test-ui.h"
#include "ui/onair-application.h"
#include "ui/onair-stream-card.h"
#include "ui/onair-window.h"

G_BEGIN_DECLS

/* A Control Room on its own emulator (vMix 28), for the tests of the show's critical
 * moments (test-critical, test-critical-controls). */
typedef struct
{
  OnairEmulator *emulator;
  OnairWindow   *window;   /* weak: some tests close it */
} OnairTestRoom;

OnairApplication *onair_test_room_init               (int               *argc,
                                                      char            ***argv);
void              onair_test_room_set_up             (OnairTestRoom     *fixture,
                                                      gconstpointer      data);
void              onair_test_room_tear_down          (OnairTestRoom     *fixture,
                                                      gconstpointer      data);
void              onair_test_room_reopen_window      (OnairTestRoom     *fixture);
OnairDestination *onair_test_room_add_destination    (const char        *name,
                                                      const char        *url,
                                                      const char        *key);
gboolean          onair_test_room_remove_destination (OnairDestination  *destination);
OnairStreamCard  *onair_test_room_get_card           (OnairWindow       *window,
                                                      guint              channel);
GtkDropDown      *onair_test_room_card_dropdown      (OnairStreamCard   *card);
void              onair_test_room_choose_destination (OnairStreamCard   *card,
                                                      OnairDestination  *destination);
GtkWidget        *onair_test_room_action_button      (OnairStreamCard   *card);
void              onair_test_room_go_live            (OnairStreamCard   *card,
                                                      OnairDestination  *destination);
gboolean          onair_test_room_card_is_live       (gpointer           card);
gboolean          onair_test_room_card_is_lost       (gpointer           card);
gboolean          onair_test_room_emulator_recording (gpointer           emulator);
GtkWindow        *onair_test_room_find_dialog        (void);
AdwMessageDialog *onair_test_room_wait_for_dialog    (void);
void              onair_test_room_respond            (AdwMessageDialog  *dialog,
                                                      const char        *response);
gboolean          onair_test_room_wait_for_text      (GtkWidget         *widget,
                                                      const char        *text);
void              onair_test_room_call_outside       (OnairEmulator     *emulator,
                                                      const char        *function,
                                                      const char        *value);

G_END_DECLS
