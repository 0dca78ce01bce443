/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Alert sinks: delivery. Each alert is posted once to each enabled sink, asynchronously,
 * each attempt bounded by a timeout; failed attempts are retried with a doubling backoff
 * until the retry window closes, then the sink is marked failed and ::delivery-failed is
 * emitted. Nothing here waits: the main loop (the UI, the poller) keeps running. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "onair-alert-sinks-private.h"

struct _OnairAlertDelivery
{
  OnairAlertSinks   *self;          /* NULL once the sinks are disposed of */
  char              *sink_id;
  OnairAlertPayload *payload;
  gint64             deadline_us;   /* monotonic */
  guint              backoff_ms;
  guint              attempts;
  guint              retry_source;
  guint              timeout_source;
  GCancellable      *attempt;       /* of the request in flight */
  SoupMessage       *message;
  gboolean           in_flight;
  gboolean           timed_out;
  gboolean           waiting_url;
  GTask             *task;          /* a test: one attempt, the result here */
  gulong             task_cancel_id;
};

static void delivery_attempt (OnairAlertDelivery *d);

static OnairAlertDelivery *
delivery_new (OnairAlertSinks   *self,
              const char        *sink_id,
              OnairAlertPayload *payload)
{
  OnairAlertDelivery *d = g_new0 (OnairAlertDelivery, 1);

  d->self = self;
  d->sink_id = g_strdup (sink_id);
  d->payload = payload;
  d->deadline_us = g_get_monotonic_time () + (gint64) self->retry_window_ms * 1000;
  d->backoff_ms = self->backoff_first_ms;
  self->deliveries = g_list_prepend (self->deliveries, d);
  return d;
}

static void
delivery_free (OnairAlertDelivery *d)
{
  g_clear_handle_id (&d->retry_source, g_source_remove);
  g_clear_handle_id (&d->timeout_source, g_source_remove);
  if (d->task != NULL && d->task_cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (d->task), d->task_cancel_id);
  g_clear_object (&d->task);
  g_clear_object (&d->attempt);
  g_clear_object (&d->message);
  onair_alert_payload_free (d->payload);
  g_free (d->sink_id);
  g_free (d);
}

/* Done with @d, one way or another. */
static void
delivery_finish (OnairAlertDelivery *d)
{
  if (d->self != NULL)
    d->self->deliveries = g_list_remove (d->self->deliveries, d);
  delivery_free (d);
}

static void
give_up (OnairAlertDelivery *d,
         const char         *reason)
{
  OnairAlertSinks *self = d->self;
  OnairAlertSink *sink = onair_alert_sinks_lookup_sink (self, d->sink_id);
  g_autofree char *name = g_strdup (sink != NULL ? sink->info.name : d->sink_id);
  g_autofree char *id = g_strdup (d->sink_id);

  g_debug ("Alert to sink %s given up after %u attempts: %s", id, d->attempts, reason);
  delivery_finish (d);
  onair_alert_sinks_set_failure (self, id, reason);
  g_signal_emit (self, onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_DELIVERY_FAILED], 0,
                 id, name, reason);
}

static gboolean
retry_cb (gpointer user_data)
{
  OnairAlertDelivery *d = user_data;

  d->retry_source = 0;
  delivery_attempt (d);
  return G_SOURCE_REMOVE;
}

static void
attempt_failed (OnairAlertDelivery *d,
                int                 code,
                const char         *reason)
{
  if (d->task != NULL)
    {
      GTask *task = g_steal_pointer (&d->task);

      if (d->task_cancel_id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (task), d->task_cancel_id);
      d->task_cancel_id = 0;
      delivery_finish (d);
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_new_error (task, ONAIR_ALERT_SINKS_ERROR, code, "%s", reason);
      g_object_unref (task);
      return;
    }

  g_debug ("Alert to sink %s: attempt %u failed: %s", d->sink_id, d->attempts, reason);
  if (code == ONAIR_ALERT_SINKS_ERROR_INVALID_URL || code == ONAIR_ALERT_SINKS_ERROR_INSECURE_URL
      || g_get_monotonic_time () + (gint64) d->backoff_ms * 1000 > d->deadline_us)
    {
      give_up (d, reason);
      return;
    }
  d->retry_source = g_timeout_add (d->backoff_ms, retry_cb, d);
  g_source_set_name_by_id (d->retry_source, "[onair] alert retry");
  d->backoff_ms = MIN (d->backoff_ms * 2, d->self->backoff_cap_ms);
}

static void
delivered (OnairAlertDelivery *d)
{
  OnairAlertSinks *self = d->self;
  g_autofree char *id = g_strdup (d->sink_id);
  GTask *task = g_steal_pointer (&d->task);

  g_debug ("Alert to sink %s delivered (attempt %u)", id, d->attempts);
  if (task != NULL && d->task_cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), d->task_cancel_id);
  d->task_cancel_id = 0;
  delivery_finish (d);
  onair_alert_sinks_set_failure (self, id, NULL);
  g_signal_emit (self, onair_alert_sinks_signals[ONAIR_ALERT_SINKS_SIGNAL_DELIVERED], 0, id);
  if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static char *
describe_failure (OnairAlertDelivery *d,
                  const GError       *error,
                  guint               status,
                  int                *code)
{
  if (d->timed_out)
    {
      *code = ONAIR_ALERT_SINKS_ERROR_TIMEOUT;
      return g_strdup_printf (_("The alert service did not answer within %u s."),
                              (d->self->timeout_ms + 999) / 1000);
    }
  if (error != NULL)
    {
      *code = ONAIR_ALERT_SINKS_ERROR_UNREACHABLE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        return g_strdup (_("Nothing answered at the alert service’s address (connection "
                           "refused)."));
      if (error->domain == G_RESOLVER_ERROR
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
        return g_strdup (_("The alert service’s host name could not be found: check the "
                           "address and the network."));
      if (error->domain == G_TLS_ERROR)
        return g_strdup (_("The secure connection to the alert service failed: its "
                           "certificate was not accepted."));
      return g_strdup (_("The alert service could not be reached: check the network."));
    }
  *code = ONAIR_ALERT_SINKS_ERROR_REFUSED;
  if (status >= 400 && status < 500)
    return g_strdup_printf (_("The alert service refused the alert (HTTP %u): check the "
                              "address and the kind of service."), status);
  return g_strdup_printf (_("The alert service had an error (HTTP %u)."), status);
}

static void
post_cb (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  OnairAlertDelivery *d = user_data;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  guint status;
  int code;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (source_object), result, &error);
  d->in_flight = FALSE;
  g_clear_handle_id (&d->timeout_source, g_source_remove);
  if (d->self == NULL)
    {
      delivery_free (d);
      return;
    }

  status = soup_message_get_status (d->message);
  if (reply != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      delivered (d);
      return;
    }
  reason = describe_failure (d, reply != NULL ? NULL : error, status, &code);
  attempt_failed (d, code, reason);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  OnairAlertDelivery *d = user_data;

  d->timeout_source = 0;
  d->timed_out = TRUE;
  g_cancellable_cancel (d->attempt);
  return G_SOURCE_REMOVE;
}

static void
post (OnairAlertDelivery *d,
      const char         *url)
{
  OnairAlertSinks *self = d->self;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  if (!onair_alert_sink_check_url (url, &error))
    {
      attempt_failed (d, error->code, error->message);
      return;
    }
  g_clear_object (&d->message);
  d->message = soup_message_new (SOUP_METHOD_POST, url);
  if (d->message == NULL)
    {
      attempt_failed (d, ONAIR_ALERT_SINKS_ERROR_INVALID_URL,
                      _("The alert service’s address is not valid."));
      return;
    }
  soup_message_set_request_body_from_bytes (d->message, d->payload->content_type,
                                            d->payload->body);
  headers = soup_message_get_request_headers (d->message);
  if (d->payload->title != NULL)
    soup_message_headers_replace (headers, "Title", d->payload->title);
  if (d->payload->priority != NULL)
    soup_message_headers_replace (headers, "Priority", d->payload->priority);
  if (d->payload->tags != NULL)
    soup_message_headers_replace (headers, "Tags", d->payload->tags);

  /* A test's one attempt keeps the cancellable its caller's is chained to. */
  if (d->task == NULL || d->attempt == NULL)
    {
      g_clear_object (&d->attempt);
      d->attempt = g_cancellable_new ();
    }
  d->timed_out = FALSE;
  d->in_flight = TRUE;
  d->attempts++;
  d->timeout_source = g_timeout_add (self->timeout_ms, attempt_timeout_cb, d);
  g_source_set_name_by_id (d->timeout_source, "[onair] alert timeout");
  soup_session_send_and_read_async (self->session, d->message, G_PRIORITY_DEFAULT, d->attempt,
                                    post_cb, d);
}

static void
delivery_attempt (OnairAlertDelivery *d)
{
  OnairAlertSinks *self = d->self;
  const char *url;
  OnairAlertSink *sink = onair_alert_sinks_lookup_sink (self, d->sink_id);

  if (sink == NULL || (!sink->info.enabled && d->task == NULL))
    {
      /* Removed or turned off meanwhile: nothing more to do for it. */
      if (d->task != NULL)
        attempt_failed (d, ONAIR_ALERT_SINKS_ERROR_NOT_FOUND,
                        _("This alert sink was removed."));
      else
        delivery_finish (d);
      return;
    }

  url = g_hash_table_lookup (self->urls, d->sink_id);
  if (url != NULL)
    {
      post (d, url);
      return;
    }
  d->waiting_url = TRUE;
  onair_alert_sinks_fetch_url (self, d->sink_id);
}

/* The keyring answered for sink @id: the deliveries waiting for its address go on. */
void
onair_alert_sinks_url_known (OnairAlertSinks *self,
                             const char      *id)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  const char *url = g_hash_table_lookup (self->urls, id);

  for (GList *l = self->deliveries; l != NULL; l = l->next)
    {
      OnairAlertDelivery *d = l->data;

      if (d->waiting_url && g_str_equal (d->sink_id, id))
        g_ptr_array_add (waiting, d);
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      OnairAlertDelivery *d = g_ptr_array_index (waiting, i);

      d->waiting_url = FALSE;
      if (url != NULL)
        post (d, url);
      else
        attempt_failed (d, ONAIR_ALERT_SINKS_ERROR_NO_URL,
                        _("The alert sink’s address is not in the keyring: unlock the "
                          "keyring, or remove the sink and add it again."));
    }
}

/* The sinks are going: nothing more is sent, requests in flight are cancelled. */
void
onair_alert_sinks_drop_deliveries (OnairAlertSinks *self)
{
  GList *deliveries = g_steal_pointer (&self->deliveries);

  for (GList *l = deliveries; l != NULL; l = l->next)
    {
      OnairAlertDelivery *d = l->data;

      d->self = NULL;
      if (d->in_flight)
        g_cancellable_cancel (d->attempt);
      else
        delivery_free (d);
    }
  g_list_free (deliveries);
}

/**
 * onair_alert_sinks_send:
 * @self: the sinks
 * @alert: the alert
 *
 * Queues @alert for every enabled sink and returns at once. Each sink gets it once;
 * failed attempts are retried with a doubling backoff (2 s, 4 s, 8 s…) for up to 5 min,
 * then ::delivery-failed is emitted.
 */
void
onair_alert_sinks_send (OnairAlertSinks  *self,
                        const OnairAlert *alert)
{
  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (alert != NULL);

  for (guint i = 0; i < self->sinks->len; i++)
    {
      OnairAlertSink *sink = g_ptr_array_index (self->sinks, i);

      if (sink->info.enabled)
        delivery_attempt (delivery_new (self, sink->info.id,
                                        onair_alert_payload_new (sink->info.shape, alert)));
    }
}

guint
onair_alert_sinks_get_n_pending (OnairAlertSinks *self)
{
  g_return_val_if_fail (ONAIR_IS_ALERT_SINKS (self), 0);

  return g_list_length (self->deliveries);
}

static void
test_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GCancellable *attempt = user_data;

  g_cancellable_cancel (attempt);
}

/**
 * onair_alert_sinks_test_async:
 * @self: the sinks
 * @id: a sink's id (enabled or not)
 *
 * Sends a test alert to one sink, once, without retries.
 */
void
onair_alert_sinks_test_async (OnairAlertSinks     *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  OnairAlertSink *sink;
  OnairAlertDelivery *d;
  OnairAlert alert = {
    .status = ONAIR_HEALTH_WARNING,
    .code = "test",
    .title = _("Test alert from Onair"),
    .message = _("If you can read this, Onair’s alerts reach this place."),
    .time = now,
  };

  g_return_if_fail (ONAIR_IS_ALERT_SINKS (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_alert_sinks_test_async);
  sink = onair_alert_sinks_lookup_sink (self, id);
  if (sink == NULL)
    {
      g_task_return_new_error (task, ONAIR_ALERT_SINKS_ERROR, ONAIR_ALERT_SINKS_ERROR_NOT_FOUND,
                               _("This alert sink was removed."));
      return;
    }

  d = delivery_new (self, id, onair_alert_payload_new (sink->info.shape, &alert));
  d->task = g_steal_pointer (&task);
  d->attempt = g_cancellable_new ();
  if (cancellable != NULL)
    d->task_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (test_cancelled_cb),
                                               g_object_ref (d->attempt), g_object_unref);
  delivery_attempt (d);
}

gboolean
onair_alert_sinks_test_finish (OnairAlertSinks  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
