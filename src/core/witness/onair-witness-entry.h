/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  ONAIR_WITNESS_RESULT_UNKNOWN,  /* no readable result.success */
  ONAIR_WITNESS_RESULT_SUCCESS,
  ONAIR_WITNESS_RESULT_FAILURE,
} OnairWitnessResult;

#define ONAIR_TYPE_WITNESS_RESULT (onair_witness_result_get_type ())

GType onair_witness_result_get_type (void) G_GNUC_CONST;

#define ONAIR_TYPE_WITNESS_ENTRY (onair_witness_entry_get_type ())

G_DECLARE_FINAL_TYPE (OnairWitnessEntry, onair_witness_entry, ONAIR, WITNESS_ENTRY, GObject)

guint               onair_witness_entry_get_position     (OnairWitnessEntry  *self);
gint64              onair_witness_entry_get_seq          (OnairWitnessEntry  *self);
const char         *onair_witness_entry_get_event_type   (OnairWitnessEntry  *self);
gint64              onair_witness_entry_get_timestamp    (OnairWitnessEntry  *self);
GDateTime          *onair_witness_entry_dup_timestamp    (OnairWitnessEntry  *self);
OnairWitnessResult  onair_witness_entry_get_result       (OnairWitnessEntry  *self);
const char         *onair_witness_entry_get_hash_prefix  (OnairWitnessEntry  *self);
gboolean            onair_witness_entry_is_readable      (OnairWitnessEntry  *self);
char               *onair_witness_entry_dup_line         (OnairWitnessEntry  *self,
                                                          GError            **error);
JsonObject         *onair_witness_entry_dup_object       (OnairWitnessEntry  *self,
                                                          GError            **error);
JsonObject         *onair_witness_entry_dup_event        (OnairWitnessEntry  *self,
                                                          GError            **error);

G_END_DECLS
