/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-alert-sinks.h"

G_BEGIN_DECLS

/* What goes over the wire for one alert to one shape of sink. */
typedef struct
{
  GBytes *body;
  char   *content_type;
  /* ntfy only: the headers, NULL otherwise */
  char   *title;        /* RFC 2047-encoded when it is not plain ASCII */
  char   *priority;
  char   *tags;
} OnairAlertPayload;

OnairAlertPayload *onair_alert_payload_new  (OnairAlertShape    shape,
                                             const OnairAlert  *alert);
void               onair_alert_payload_free (OnairAlertPayload *payload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairAlertPayload, onair_alert_payload_free)

/* One configured sink. info's strings are owned. */
typedef struct
{
  OnairAlertSinkInfo info;
} OnairAlertSink;

typedef struct _OnairAlertDelivery OnairAlertDelivery;

struct _OnairAlertSinks
{
  GObject            parent_instance;

  OnairSecretStore  *secrets;
  GSettings         *settings;        /* as last loaded: where a failure is kept */
  GCancellable      *cancellable;
  gpointer           session;         /* SoupSession */
  GPtrArray         *sinks;           /* OnairAlertSink */
  GHashTable        *urls;            /* sink id -> its address, from the keyring */
  GHashTable        *lookups;         /* sink ids being looked up in the keyring */
  GList             *deliveries;      /* OnairAlertDelivery */

  guint              retry_window_ms;
  guint              timeout_ms;
  guint              backoff_first_ms;
  guint              backoff_cap_ms;
};

enum
{
  ONAIR_ALERT_SINKS_SIGNAL_CHANGED,
  ONAIR_ALERT_SINKS_SIGNAL_DELIVERED,
  ONAIR_ALERT_SINKS_SIGNAL_DELIVERY_FAILED,
  ONAIR_ALERT_SINKS_N_SIGNALS
};

extern guint onair_alert_sinks_signals[ONAIR_ALERT_SINKS_N_SIGNALS];

OnairAlertSink *onair_alert_sinks_lookup_sink        (OnairAlertSinks *self,
                                                      const char      *id);
void            onair_alert_sinks_set_failure        (OnairAlertSinks *self,
                                                      const char      *id,
                                                      const char      *failure);
void            onair_alert_sinks_fetch_url          (OnairAlertSinks *self,
                                                      const char      *id);
/* Delivery: onair-alert-sinks-delivery.c */
void            onair_alert_sinks_url_known          (OnairAlertSinks *self,
                                                      const char      *id);
void            onair_alert_sinks_drop_deliveries    (OnairAlertSinks *self);

G_END_DECLS
