/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "onair-application.h"

G_BEGIN_DECLS

#define ONAIR_TYPE_SRT_PROFILE_DIALOG (onair_srt_profile_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OnairSrtProfileDialog, onair_srt_profile_dialog, ONAIR, SRT_PROFILE_DIALOG,
                      AdwWindow)

OnairSrtProfileDialog *onair_srt_profile_dialog_new  (OnairApplication      *application,
                                                      GtkWindow             *parent,
                                                      guint                  output);
void                   onair_srt_profile_dialog_save (OnairSrtProfileDialog *self);

G_END_DECLS
