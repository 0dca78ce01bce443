/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-vmix-session.h"

/*
 * One vMix host and everything Onair knows and does about it: its client and poller, its
 * controller, its health monitor. A session is built from a host profile and started,
 * stopped or reconfigured without touching any other. While it runs it forwards its
 * controller's "operation-finished" and its poller's connection changes as its own
 * signals, so that watchers (the witness recorder, the fleet) connect once, whatever
 * reconfiguring replaced underneath.
 */

struct _OnairVmixSession
{
  GObject               parent_instance;

  OnairHostProfile     *profile;
  OnairSecretStore     *secrets;
  OnairHealthMonitor   *health;
  guint                 interval_ms;
  guint                 confirm_timeout_ms;

  OnairPoller          *poller;       /* NULL while stopped */
  OnairController      *controller;
  GCancellable         *cancellable;  /* the password lookup of the current start */
  gboolean              tried_host_only;
};

G_DEFINE_FINAL_TYPE (OnairVmixSession, onair_vmix_session, G_TYPE_OBJECT)

enum {
  OPERATION_FINISHED,
  CONNECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
operation_finished_cb (OnairVmixSession *self,
                       const char       *event_type,
                       JsonObject       *params,
                       JsonObject       *result,
                       GDateTime        *requested)
{
  g_signal_emit (self, signals[OPERATION_FINISHED], 0, event_type, params, result, requested);
}

static void
connection_changed_cb (OnairVmixSession *self)
{
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0,
                 onair_poller_get_connection_state (self->poller));
}

static void
password_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairVmixSession) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  /* Cancelled: stopped or reconfigured meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->poller == NULL)
    return;
  /* Filed under "host:port"; earlier versions filed it under the host alone. */
  if (password == NULL && error == NULL && !self->tried_host_only)
    {
      OnairVmixSession *session = self;

      /* The reference goes to the next lookup; the arguments are read from @session, since
       * the order in which C evaluates them is not fixed. */
      session->tried_host_only = TRUE;
      onair_secret_store_lookup_async (session->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD,
                                       session->profile->host, session->cancellable,
                                       password_lookup_cb, g_steal_pointer (&self));
      return;
    }
  if (error != NULL)
    g_warning ("%s: the vMix password could not be read from the keyring: %s",
               self->profile->name, error->message);
  onair_vmix_client_set_credentials (onair_poller_get_client (self->poller),
                                     self->profile->username, password);
  onair_secret_free (password);
  onair_poller_start (self->poller);
}

/**
 * onair_vmix_session_start:
 *
 * Connects to the host and polls it; with a user name, the Web Controller's password is
 * read from the keyring first (filed under "host:port").
 */
void
onair_vmix_session_start (OnairVmixSession *self)
{
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ONAIR_IS_VMIX_SESSION (self));

  if (self->poller != NULL)
    return;

  client = onair_vmix_client_new (self->profile->host, self->profile->port,
                                  self->profile->use_tls, &error);
  if (client == NULL)
    {
      /* An unusable address: poll a client that can only fail, so that the session shows
       * the error like any other connection problem. */
      g_warning ("%s: %s", self->profile->name, error->message);
      client = onair_vmix_client_new ("127.0.0.1", 1, FALSE, NULL);
    }

  self->poller = onair_poller_new (client);
  /* vMix's TCP API beside the HTTP polls: changes arrive as they happen (and without it,
   * polling goes on as set). */
  if (self->profile->tcp_port > 0 && *self->profile->host != '\0')
    {
      g_autoptr(OnairVmixActivators) activators =
        onair_vmix_activators_new (self->profile->host, self->profile->tcp_port);

      onair_poller_set_activators (self->poller, activators);
    }
  if (self->interval_ms > 0)
    onair_poller_set_interval_ms (self->poller, self->interval_ms);
  self->controller = onair_controller_new (self->poller, self->secrets);
  if (self->confirm_timeout_ms > 0)
    onair_controller_set_confirm_timeout_ms (self->controller, self->confirm_timeout_ms);
  g_signal_connect_object (self->controller, "operation-finished",
                           G_CALLBACK (operation_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "notify::connection-state",
                           G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
  onair_health_monitor_attach_poller (self->health, self->poller);
  onair_controller_set_health (self->controller, self->health);

  if (self->profile->username != NULL && self->secrets != NULL)
    {
      g_autofree char *id = onair_host_profile_dup_secret_id (self->profile);

      self->cancellable = g_cancellable_new ();
      self->tried_host_only = FALSE;
      onair_secret_store_lookup_async (self->secrets, ONAIR_SECRET_KIND_VMIX_PASSWORD, id,
                                       self->cancellable, password_lookup_cb,
                                       g_object_ref (self));
    }
  else
    onair_poller_start (self->poller);
}

/**
 * onair_vmix_session_stop:
 *
 * Stops polling; operations in flight fail as not connected. The health monitor keeps
 * what it learnt.
 */
void
onair_vmix_session_stop (OnairVmixSession *self)
{
  g_return_if_fail (ONAIR_IS_VMIX_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->poller == NULL)
    return;

  onair_poller_stop (self->poller);
  onair_controller_set_health (self->controller, NULL);
  onair_health_monitor_attach_poller (self->health, NULL);
  g_signal_handlers_disconnect_by_data (self->controller, self);
  g_signal_handlers_disconnect_by_data (self->poller, self);
  g_clear_object (&self->controller);
  g_clear_object (&self->poller);
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0, ONAIR_CONNECTION_DISCONNECTED);
}

gboolean
onair_vmix_session_is_running (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), FALSE);
  return self->poller != NULL;
}

/**
 * onair_vmix_session_reconfigure:
 * @profile: the host's new profile (same id)
 *
 * Takes the new profile; a running session reconnects when how to reach the host changed,
 * and only then.
 */
void
onair_vmix_session_reconfigure (OnairVmixSession       *self,
                                const OnairHostProfile *profile)
{
  gboolean running;
  gboolean reconnect;

  g_return_if_fail (ONAIR_IS_VMIX_SESSION (self));
  g_return_if_fail (profile != NULL && g_strcmp0 (profile->id, self->profile->id) == 0);

  reconnect = g_strcmp0 (profile->host, self->profile->host) != 0 ||
              profile->port != self->profile->port ||
              profile->use_tls != self->profile->use_tls ||
              g_strcmp0 (profile->username, self->profile->username) != 0;
  running = self->poller != NULL;
  if (running && reconnect)
    onair_vmix_session_stop (self);
  onair_host_profile_free (self->profile);
  self->profile = onair_host_profile_copy (profile);
  if (running && reconnect)
    onair_vmix_session_start (self);
}

void
onair_vmix_session_set_poll_interval_ms (OnairVmixSession *self,
                                         guint             interval_ms)
{
  g_return_if_fail (ONAIR_IS_VMIX_SESSION (self));
  self->interval_ms = interval_ms;
  if (self->poller != NULL && interval_ms > 0)
    onair_poller_set_interval_ms (self->poller, interval_ms);
}

void
onair_vmix_session_set_confirm_timeout_ms (OnairVmixSession *self,
                                           guint             timeout_ms)
{
  g_return_if_fail (ONAIR_IS_VMIX_SESSION (self));
  self->confirm_timeout_ms = timeout_ms;
  if (self->controller != NULL && timeout_ms > 0)
    onair_controller_set_confirm_timeout_ms (self->controller, timeout_ms);
}

const OnairHostProfile *
onair_vmix_session_get_profile (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->profile;
}

const char *
onair_vmix_session_get_id (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->profile->id;
}

const char *
onair_vmix_session_get_name (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->profile->name;
}

OnairHostRole
onair_vmix_session_get_role (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), ONAIR_HOST_ROLE_OTHER);
  return self->profile->role;
}

/**
 * onair_vmix_session_get_poller:
 *
 * Returns: (transfer none) (nullable): the poller, %NULL while stopped
 */
OnairPoller *
onair_vmix_session_get_poller (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->poller;
}

/**
 * onair_vmix_session_get_controller:
 *
 * Returns: (transfer none) (nullable): the controller, %NULL while stopped
 */
OnairController *
onair_vmix_session_get_controller (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->controller;
}

OnairHealthMonitor *
onair_vmix_session_get_health (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), NULL);
  return self->health;
}

OnairConnectionState
onair_vmix_session_get_connection_state (OnairVmixSession *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), ONAIR_CONNECTION_DISCONNECTED);
  return self->poller != NULL ? onair_poller_get_connection_state (self->poller)
                              : ONAIR_CONNECTION_DISCONNECTED;
}

/**
 * onair_vmix_session_dup_host_json:
 *
 * Returns: (transfer full): `{"id": …, "name": …}`: how witness events name the host
 */
JsonObject *
onair_vmix_session_dup_host_json (OnairVmixSession *self)
{
  JsonObject *host = json_object_new ();

  g_return_val_if_fail (ONAIR_IS_VMIX_SESSION (self), host);
  json_object_set_string_member (host, "id", self->profile->id);
  json_object_set_string_member (host, "name", self->profile->name);
  return host;
}

static void
onair_vmix_session_dispose (GObject *object)
{
  OnairVmixSession *self = ONAIR_VMIX_SESSION (object);

  onair_vmix_session_stop (self);
  g_clear_object (&self->health);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (onair_vmix_session_parent_class)->dispose (object);
}

static void
onair_vmix_session_finalize (GObject *object)
{
  OnairVmixSession *self = ONAIR_VMIX_SESSION (object);

  onair_host_profile_free (self->profile);

  G_OBJECT_CLASS (onair_vmix_session_parent_class)->finalize (object);
}

static void
onair_vmix_session_class_init (OnairVmixSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onair_vmix_session_dispose;
  object_class->finalize = onair_vmix_session_finalize;

  /**
   * OnairVmixSession::operation-finished:
   *
   * The current controller's #OnairController::operation-finished, whatever controller
   * reconfiguring put in place.
   */
  signals[OPERATION_FINISHED] =
    g_signal_new ("operation-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, JSON_TYPE_OBJECT, JSON_TYPE_OBJECT, G_TYPE_DATE_TIME);
  /**
   * OnairVmixSession::connection-changed:
   * @state: an #OnairConnectionState
   */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
onair_vmix_session_init (OnairVmixSession *self)
{
}

/**
 * onair_vmix_session_new:
 * @profile: how to reach the host
 * @secrets: (nullable): the keyring, for stream keys and the Web Controller's password
 * @history: (nullable): where the health monitor keeps its samples
 *
 * Returns: (transfer full): a stopped session
 */
OnairVmixSession *
onair_vmix_session_new (const OnairHostProfile *profile,
                        OnairSecretStore       *secrets,
                        OnairHealthHistory     *history)
{
  OnairVmixSession *self;

  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (ONAIR_TYPE_VMIX_SESSION, NULL);
  self->profile = onair_host_profile_copy (profile);
  self->secrets = secrets != NULL ? g_object_ref (secrets) : NULL;
  self->health = onair_health_monitor_new (history);
  return self;
}
