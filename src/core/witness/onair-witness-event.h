/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "core/destinations/onair-srt-profile.h"

G_BEGIN_DECLS

JsonObject *onair_witness_event_new              (const char    *event_type,
                                                  GDateTime     *timestamp,
                                                  JsonObject    *params,
                                                  JsonObject    *result);
JsonObject *onair_witness_result_new             (gboolean       success);
JsonObject *onair_witness_result_new_failure     (const char    *error_code,
                                                  const char    *message);
JsonObject *onair_witness_result_new_from_error  (const GError  *error);

char       *onair_witness_redact_url             (const char    *url);
void        onair_witness_redact_object          (JsonObject    *object);

/* Parameters of events */
JsonObject *onair_srt_profile_to_witness         (const OnairSrtProfile *profile);

char       *onair_witness_format_timestamp       (GDateTime     *datetime);
char       *onair_witness_format_timestamp_ms    (gint64         unix_ms);
gboolean    onair_witness_parse_timestamp        (const char    *text,
                                                  gint64        *unix_ms);

G_END_DECLS
