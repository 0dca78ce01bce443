/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/destinations/onair-secret-store.h"
#include "core/health/onair-health-monitor.h"

G_BEGIN_DECLS

/**
 * OnairAlert:
 * @status: %ONAIR_HEALTH_WARNING or %ONAIR_HEALTH_CRITICAL (or %ONAIR_HEALTH_HEALTHY for
 *   "back to healthy")
 * @code: stable: a health reason's code, or "preflight-failed", "schedule-start-failed"…
 * @title: for people, translated: "Show health on Main: critical"
 * @message: for people: the reason, with what to fix
 * @host_id: (nullable): the host it is about
 * @host_name: (nullable): the host's name
 * @time: when
 * @reasons: (nullable) (element-type OnairHealthReason): why, one reason each; %NULL for an
 *   alert that is not about health reasons (each line of @message is then a reason)
 *
 * One alert. Borrowed fields: the sinks copy what they keep.
 */
typedef struct
{
  OnairHealthStatus  status;
  const char        *code;
  const char        *title;
  const char        *message;
  const char        *host_id;
  const char        *host_name;
  GDateTime         *time;
  GPtrArray         *reasons;
} OnairAlert;

/**
 * OnairAlertShape:
 * @ONAIR_ALERT_SHAPE_JSON: Onair's own JSON (status, code, title, message, reasons, host, time)
 * @ONAIR_ALERT_SHAPE_SLACK: a Slack incoming webhook (`{"text": …}`)
 * @ONAIR_ALERT_SHAPE_MATTERMOST: a Mattermost incoming webhook (`{"text": …}`)
 * @ONAIR_ALERT_SHAPE_DISCORD: a Discord webhook (`{"content": …}`)
 * @ONAIR_ALERT_SHAPE_MATRIX: a Matrix hook bridge (`{"text": …, "format": "plain"}`)
 * @ONAIR_ALERT_SHAPE_NTFY: an ntfy topic (plain text, Title/Priority/Tags headers)
 *
 * The body a sink expects. Stored in settings by its string ("json", "slack"…).
 */
typedef enum
{
  ONAIR_ALERT_SHAPE_JSON,
  ONAIR_ALERT_SHAPE_SLACK,
  ONAIR_ALERT_SHAPE_MATTERMOST,
  ONAIR_ALERT_SHAPE_DISCORD,
  ONAIR_ALERT_SHAPE_MATRIX,
  ONAIR_ALERT_SHAPE_NTFY,
} OnairAlertShape;

#define ONAIR_ALERT_N_SHAPES (ONAIR_ALERT_SHAPE_NTFY + 1)

const char *onair_alert_shape_to_string   (OnairAlertShape  shape);
gboolean    onair_alert_shape_from_string (const char      *string,
                                           OnairAlertShape *shape);
/* Translated, for a dropdown: "Slack", "ntfy", "JSON (any service)"… */
const char *onair_alert_shape_get_label   (OnairAlertShape  shape);

#define ONAIR_ALERT_SINKS_ERROR (onair_alert_sinks_error_quark ())

/**
 * OnairAlertSinksError:
 * @ONAIR_ALERT_SINKS_ERROR_INVALID_URL: the address is not a web address
 * @ONAIR_ALERT_SINKS_ERROR_INSECURE_URL: plain HTTP to a host that is not on this
 *   machine or a local relay
 * @ONAIR_ALERT_SINKS_ERROR_NO_URL: the sink's address is not in the keyring
 * @ONAIR_ALERT_SINKS_ERROR_REFUSED: the service answered with an error status
 * @ONAIR_ALERT_SINKS_ERROR_TIMEOUT: the service did not answer in time
 * @ONAIR_ALERT_SINKS_ERROR_UNREACHABLE: the service could not be reached
 * @ONAIR_ALERT_SINKS_ERROR_NOT_FOUND: no sink with that id
 *
 * Messages are translated and never contain the sink's address.
 */
typedef enum
{
  ONAIR_ALERT_SINKS_ERROR_INVALID_URL,
  ONAIR_ALERT_SINKS_ERROR_INSECURE_URL,
  ONAIR_ALERT_SINKS_ERROR_NO_URL,
  ONAIR_ALERT_SINKS_ERROR_REFUSED,
  ONAIR_ALERT_SINKS_ERROR_TIMEOUT,
  ONAIR_ALERT_SINKS_ERROR_UNREACHABLE,
  ONAIR_ALERT_SINKS_ERROR_NOT_FOUND,
} OnairAlertSinksError;

GQuark   onair_alert_sinks_error_quark (void);

/* Whether @url may carry alerts: https://, or http:// to this machine or a local relay
 * (loopback, private or link-local address, a ".local" or dot-less host name). */
gboolean onair_alert_sink_check_url    (const char  *url,
                                        GError     **error);

/**
 * OnairAlertSinkInfo:
 * @id: stable id (also the keyring id of its address)
 * @name: the producer's name for it
 * @shape: the body it expects
 * @enabled: whether alerts go to it
 * @fingerprint: (nullable): fingerprint of its address, the only way it is shown
 * @failure: (nullable): why the last alert could not be delivered, in words; %NULL once
 *   one (or a test alert) is delivered again; kept in the settings across restarts
 */
typedef struct
{
  const char      *id;
  const char      *name;
  OnairAlertShape  shape;
  gboolean         enabled;
  const char      *fingerprint;
  const char      *failure;
} OnairAlertSinkInfo;

#define ONAIR_TYPE_ALERT_SINKS (onair_alert_sinks_get_type ())
G_DECLARE_FINAL_TYPE (OnairAlertSinks, onair_alert_sinks, ONAIR, ALERT_SINKS, GObject)

OnairAlertSinks *onair_alert_sinks_new  (OnairSecretStore *secrets);
/* Reads the configured sinks (GSettings key "alert-sinks", aa{sv}: id, name, shape, enabled,
 * fingerprint, failure (the last delivery failure in words, "" once delivered); the URL is in the keyring under kind ONAIR_SECRET_KIND_WEBHOOK_URL and the
 * sink's id). May be called again (e.g. on changed::alert-sinks); emits ::changed. */
void             onair_alert_sinks_load (OnairAlertSinks  *self,
                                         GSettings        *settings);
/* Queues @alert for every enabled sink; returns at once (never blocks), retries with backoff for
 * up to 5 min, then reports the failure through ::delivery-failed (sink id, sink name, message). */
void             onair_alert_sinks_send (OnairAlertSinks  *self,
                                         const OnairAlert *alert);

/* The sinks as loaded, in settings order; valid until the next ::changed. */
guint                     onair_alert_sinks_get_n_sinks (OnairAlertSinks *self);
const OnairAlertSinkInfo *onair_alert_sinks_get_sink    (OnairAlertSinks *self,
                                                         guint            index);
const OnairAlertSinkInfo *onair_alert_sinks_find_sink   (OnairAlertSinks *self,
                                                         const char      *id);

/* Adds a sink: checks @url, stores it in the keyring, then appends the sink to @settings.
 * Finish returns the new id. */
void      onair_alert_sinks_add_async       (OnairAlertSinks     *self,
                                             GSettings           *settings,
                                             const char          *name,
                                             OnairAlertShape      shape,
                                             const char          *url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char     *onair_alert_sinks_add_finish      (OnairAlertSinks     *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Removes the sink from @settings and its address from the keyring. */
void      onair_alert_sinks_remove_async    (OnairAlertSinks     *self,
                                             GSettings           *settings,
                                             const char          *id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  onair_alert_sinks_remove_finish   (OnairAlertSinks     *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void      onair_alert_sinks_set_enabled     (OnairAlertSinks     *self,
                                             GSettings           *settings,
                                             const char          *id,
                                             gboolean             enabled);
/* Sends a test alert to one sink, once, without retries (for "Send Test Alert"). The error
 * says in words what went wrong. */
void      onair_alert_sinks_test_async      (OnairAlertSinks     *self,
                                             const char          *id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  onair_alert_sinks_test_finish     (OnairAlertSinks     *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Tuning, for tests: how long failed deliveries are retried (default 5 min), how long one
 * attempt may take (default 10 s), the first backoff and its cap (default 2 s, 60 s). */
void      onair_alert_sinks_set_retry_window_ms (OnairAlertSinks *self,
                                                 guint            window_ms);
void      onair_alert_sinks_set_timeout_ms      (OnairAlertSinks *self,
                                                 guint            timeout_ms);
void      onair_alert_sinks_set_backoff_ms      (OnairAlertSinks *self,
                                                 guint            first_ms,
                                                 guint            cap_ms);
/* Number of deliveries queued or being retried. */
guint     onair_alert_sinks_get_n_pending       (OnairAlertSinks *self);

G_END_DECLS
