/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "onair-health-monitor-private.h"

/* Statuses and the reasons for them, as the monitor reports them and as the witness chain
 * records them (onair_health_alert_params_new()). */

GType
onair_health_status_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ONAIR_HEALTH_UNKNOWN, "ONAIR_HEALTH_UNKNOWN", "unknown" },
        { ONAIR_HEALTH_HEALTHY, "ONAIR_HEALTH_HEALTHY", "healthy" },
        { ONAIR_HEALTH_WARNING, "ONAIR_HEALTH_WARNING", "warning" },
        { ONAIR_HEALTH_CRITICAL, "ONAIR_HEALTH_CRITICAL", "critical" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static ("OnairHealthStatus", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/**
 * onair_health_status_to_string:
 *
 * Returns: "unknown", "healthy", "warning" or "critical", not translated
 */
const char *
onair_health_status_to_string (OnairHealthStatus status)
{
  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      return "healthy";
    case ONAIR_HEALTH_WARNING:
      return "warning";
    case ONAIR_HEALTH_CRITICAL:
      return "critical";
    case ONAIR_HEALTH_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Healthy < unknown < warning < critical: an unknown part makes a healthy whole unknown. */
int
onair_health_status_rank (OnairHealthStatus status)
{
  switch (status)
    {
    case ONAIR_HEALTH_HEALTHY:
      return 0;
    case ONAIR_HEALTH_WARNING:
      return 2;
    case ONAIR_HEALTH_CRITICAL:
      return 3;
    case ONAIR_HEALTH_UNKNOWN:
    default:
      return 1;
    }
}

gboolean
onair_health_status_is_alert (OnairHealthStatus status)
{
  return status == ONAIR_HEALTH_WARNING || status == ONAIR_HEALTH_CRITICAL;
}

G_DEFINE_BOXED_TYPE (OnairHealthReason, onair_health_reason,
                     onair_health_reason_copy, onair_health_reason_free)

OnairHealthReason *
onair_health_reason_copy (const OnairHealthReason *reason)
{
  OnairHealthReason *copy;

  g_return_val_if_fail (reason != NULL, NULL);

  copy = g_new0 (OnairHealthReason, 1);
  copy->severity = reason->severity;
  copy->code = g_strdup (reason->code);
  copy->subject = g_strdup (reason->subject);
  copy->message = g_strdup (reason->message);
  copy->message_untranslated = g_strdup (reason->message_untranslated);
  return copy;
}

void
onair_health_reason_free (OnairHealthReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->code);
  g_free (reason->subject);
  g_free (reason->message);
  g_free (reason->message_untranslated);
  g_free (reason);
}

gboolean
onair_health_reason_same_rule (const OnairHealthReason *a,
                               const OnairHealthReason *b)
{
  return g_strcmp0 (a->code, b->code) == 0 && g_strcmp0 (a->subject, b->subject) == 0;
}

gboolean
onair_health_reasons_equal (GPtrArray *a,
                            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const OnairHealthReason *ra = g_ptr_array_index (a, i);
      const OnairHealthReason *rb = g_ptr_array_index (b, i);

      if (ra->severity != rb->severity || !onair_health_reason_same_rule (ra, rb) ||
          g_strcmp0 (ra->message, rb->message) != 0)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
onair_health_reasons_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) onair_health_reason_free);
}

void
onair_health_reasons_take (GPtrArray         *reasons,
                           OnairHealthStatus  severity,
                           const char        *code,
                           const char        *subject,
                           char              *message,
                           char              *message_untranslated)
{
  OnairHealthReason *reason = g_new0 (OnairHealthReason, 1);

  reason->severity = severity;
  reason->code = g_strdup (code);
  reason->subject = g_strdup (subject);
  reason->message = message;
  reason->message_untranslated = message_untranslated;
  g_ptr_array_add (reasons, reason);
}

/* @format is the untranslated message (marked with N_()); it is formatted once as is,
 * for the witness chain, and once translated, for people. */
void
onair_health_reasons_add (GPtrArray         *reasons,
                          OnairHealthStatus  severity,
                          const char        *code,
                          const char        *subject,
                          const char        *format,
                          ...)
{
  va_list args;
  va_list args_copy;
  char *message;
  char *untranslated;

  va_start (args, format);
  va_copy (args_copy, args);
  message = g_strdup_vprintf (_(format), args);
  untranslated = g_strdup_vprintf (format, args_copy);
  va_end (args_copy);
  va_end (args);

  onair_health_reasons_take (reasons, severity, code, subject, message, untranslated);
}

/**
 * onair_health_alert_params_new:
 * @status: the new status
 * @previous: the status before
 * @reasons: (element-type OnairHealthReason): as #OnairHealthMonitor::status-changed gives
 *
 * The `params` of a `health_alert` witness event:
 * `{"status", "previous_status", "reasons": [{"code", "severity", "subject", "message"}]}`,
 * messages in English whatever the locale.
 *
 * Returns: (transfer full): the params
 */
JsonObject *
onair_health_alert_params_new (OnairHealthStatus  status,
                               OnairHealthStatus  previous,
                               GPtrArray         *reasons)
{
  JsonObject *params = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_string_member (params, "status", onair_health_status_to_string (status));
  json_object_set_string_member (params, "previous_status",
                                 onair_health_status_to_string (previous));
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      const OnairHealthReason *reason = g_ptr_array_index (reasons, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "code", reason->code);
      json_object_set_string_member (item, "severity",
                                     onair_health_status_to_string (reason->severity));
      json_object_set_string_member (item, "subject", reason->subject);
      json_object_set_string_member (item, "message", reason->message_untranslated);
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (params, "reasons", array);
  return params;
}
