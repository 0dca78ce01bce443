/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The destination dialog's insides, shared by its files: the form and the stored key
 * (onair-destination-dialog.c), validation as the producer types
 * (onair-destination-dialog-validation.c), and saving key, password and list in order
 * (onair-destination-dialog-save.c). */

#include "core/destinations/onair-presets.h"
#include "onair-destination-dialog.h"

G_BEGIN_DECLS

struct _OnairDestinationDialog
{
  AdwWindow            parent_instance;

  OnairApplication    *application;
  OnairDestination    *destination;      /* the one edited; NULL when adding */
  OnairDestination    *candidate;        /* what Save writes: the new one, or a copy */
  GCancellable        *cancellable;      /* every keyring call of the dialog */
  GtkStringList       *server_names;
  GPtrArray           *server_urls;      /* char*, parallel to server_names */
  char                *old_fingerprint;
  gboolean             name_is_default;
  gboolean             updating_name;
  gboolean             saving;
  gboolean             key_stored;
  gboolean             key_revealed;
  gboolean             key_touched;       /* typed in, or Save tried: an empty key is an error */

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  AdwPreferencesPage  *form_page;
  AdwComboRow         *preset_row;
  AdwComboRow         *server_row;
  AdwEntryRow         *url_row;
  GtkLabel            *url_message;
  AdwEntryRow         *name_row;
  GtkLabel            *name_message;
  GtkLinkButton       *key_help_button;
  AdwPasswordEntryRow *key_row;
  GtkButton           *move_key_button;
  GtkLabel            *key_message;
  AdwActionRow        *stored_key_row;
  GtkButton           *reveal_button;
  AdwPreferencesGroup *login_group;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow         *stats_row;
  GtkLabel            *stats_message;
};

OnairPreset *onair_destination_dialog_get_preset       (OnairDestinationDialog *self);
char        *onair_destination_dialog_dup_text         (gpointer                editable);
char        *onair_destination_dialog_dup_server_url   (OnairDestinationDialog *self);
void         onair_destination_dialog_show_error       (OnairDestinationDialog *self,
                                                        const GError           *error);
gboolean     onair_destination_dialog_update_state     (OnairDestinationDialog *self);
void         onair_destination_dialog_move_key_clicked_cb (OnairDestinationDialog *self);
void         onair_destination_dialog_save_clicked_cb  (OnairDestinationDialog *self);
void         onair_destination_dialog_set_saving       (OnairDestinationDialog *self,
                                                        gboolean                saving);

G_END_DECLS
