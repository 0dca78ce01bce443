/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-witness-private.h"

/* The result of a verification (OnairWitnessVerification), as the verifier, the viewer and
 * `onair-witness verify --json` report it. */

G_DEFINE_BOXED_TYPE (OnairWitnessVerification, onair_witness_verification,
                     onair_witness_verification_copy, onair_witness_verification_free)

OnairWitnessVerification *
onair_witness_verification_new (void)
{
  OnairWitnessVerification *v = g_new0 (OnairWitnessVerification, 1);

  v->valid = TRUE;
  v->broken_at = -1;
  v->broken_line = -1;
  return v;
}

OnairWitnessVerification *
onair_witness_verification_copy (const OnairWitnessVerification *verification)
{
  OnairWitnessVerification *copy;

  g_return_val_if_fail (verification != NULL, NULL);

  copy = g_memdup2 (verification, sizeof *verification);
  copy->reason = g_strdup (verification->reason);
  copy->chain_id = g_strdup (verification->chain_id);
  copy->first_hash = g_strdup (verification->first_hash);
  copy->last_hash = g_strdup (verification->last_hash);
  copy->public_key = g_strdup (verification->public_key);
  return copy;
}

void
onair_witness_verification_free (OnairWitnessVerification *verification)
{
  if (verification == NULL)
    return;

  g_free (verification->reason);
  g_free (verification->chain_id);
  g_free (verification->first_hash);
  g_free (verification->last_hash);
  g_free (verification->public_key);
  g_free (verification);
}

static const char *
fault_nick (OnairWitnessFault fault)
{
  static const char * const nicks[] = {
    "none", "not-json", "header", "genesis", "malformed", "seq", "previous-hash",
    "current-hash", "truncated", "anchor", "export", "signature", "torn-tail", "line-too-long",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (nicks) == ONAIR_WITNESS_FAULT_LINE_TOO_LONG + 1);

  return nicks[fault];
}

/**
 * onair_witness_verification_to_json:
 *
 * Returns: (transfer full): the result as JSON, as `onair-witness verify --json` prints it
 */
JsonObject *
onair_witness_verification_to_json (const OnairWitnessVerification *v)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (v != NULL, object);

  json_object_set_string_member (object, "kind", v->is_export ? "export" : "chain");
  json_object_set_int_member (object, "format_version", v->format_version);
  json_object_set_boolean_member (object, "valid", v->valid);
  json_object_set_int_member (object, "total_events", (gint64) v->total_events);
  json_object_set_string_member (object, "chain_id", v->chain_id);
  json_object_set_string_member (object, "first_hash", v->first_hash);
  json_object_set_string_member (object, "last_hash", v->last_hash);
  if (!v->valid)
    {
      json_object_set_string_member (object, "fault", fault_nick (v->fault));
      json_object_set_int_member (object, "broken_at", v->broken_at);
      if (v->broken_line >= 0)
        json_object_set_int_member (object, "broken_line", v->broken_line);
      json_object_set_string_member (object, "reason", v->reason);
    }
  if (v->is_export)
    {
      json_object_set_boolean_member (object, "complete", v->complete);
      json_object_set_boolean_member (object, "signature_valid", v->signature_valid);
      json_object_set_string_member (object, "public_key", v->public_key);
    }
  else
    {
      json_object_set_int_member (object, "torn_bytes", (gint64) v->torn_bytes);
    }

  return object;
}
