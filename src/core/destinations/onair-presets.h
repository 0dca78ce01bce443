/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ONAIR_PRESET_CUSTOM_ID "custom"

#define ONAIR_TYPE_PRESET (onair_preset_get_type ())

G_DECLARE_FINAL_TYPE (OnairPreset, onair_preset, ONAIR, PRESET, GObject)

const char *onair_preset_get_id              (OnairPreset *self);
const char *onair_preset_get_name            (OnairPreset *self);
const char *onair_preset_get_protocol        (OnairPreset *self);
gboolean    onair_preset_is_custom           (OnairPreset *self);
guint       onair_preset_get_n_servers       (OnairPreset *self);
const char *onair_preset_get_server_name     (OnairPreset *self,
                                              guint        index);
const char *onair_preset_get_server_url      (OnairPreset *self,
                                              guint        index);
const char *onair_preset_get_url_placeholder (OnairPreset *self);
const char *onair_preset_get_key_help_url    (OnairPreset *self);
gboolean    onair_preset_get_uses_username   (OnairPreset *self);
gboolean    onair_preset_get_uses_password   (OnairPreset *self);

GListModel  *onair_presets_get_default       (void);
OnairPreset *onair_presets_lookup            (const char  *id);
GListModel  *onair_presets_load_from_bytes   (GBytes      *json,
                                              GError     **error);

G_END_DECLS
