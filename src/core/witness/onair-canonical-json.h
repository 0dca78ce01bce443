/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Largest magnitude an integer may have in canonical JSON (2^53). */
#define ONAIR_CANONICAL_JSON_MAX_INTEGER (G_GINT64_CONSTANT (9007199254740992))

gboolean  onair_canonical_json_append        (GString     *out,
                                              JsonNode    *node,
                                              GError     **error);
char     *onair_canonical_json_to_string     (JsonNode    *node,
                                              gsize       *length,
                                              GError     **error);
char     *onair_canonical_json_object_to_string (JsonObject *object,
                                                 gsize      *length,
                                                 GError    **error);
void      onair_canonical_json_append_string (GString     *out,
                                              const char  *str,
                                              gsize        length);
void      onair_canonical_json_append_int    (GString     *out,
                                              gint64       value);

G_END_DECLS
