/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Witness events in words, for the viewer, the audit report and the command-line tool. */

const char *onair_witness_event_type_name     (const char *event_type);
char       *onair_witness_describe_event      (JsonObject *event);
char       *onair_witness_describe_target     (JsonObject *event);
const char *onair_witness_event_get_host_name (JsonObject *event);
gboolean    onair_witness_event_is_outside    (JsonObject *event);
char       *onair_witness_describe_failure    (JsonObject *event);
char       *onair_witness_describe_numbers    (JsonObject *event);

G_END_DECLS
