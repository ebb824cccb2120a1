/* rdp-client.c: connecting to an RDP server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-client.h"

#include <string.h>

#include <gio/gnetworking.h>

#include "rdp-connect.h"
#include "rdp-connector.h"
#include "rdp-enum-types.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-settings-private.h"
#include "rdp-sync-private.h"
#include "rdp-connector-private.h"
#include "rdp-session-private.h"
#include "rdp-tls-private.h"

/**
 * RdpClient:
 *
 * Connects to an RDP server: opens the TCP connection, runs an
 * [class@Connector] over it with rdp_connect_begin_async(), upgrades it to
 * TLS with the settings' [property@Settings:certificate-verifier] and
 * finishes the connection sequence with rdp_connect_finalize_async().
 * Afterwards rdp_client_get_framed() gives the framed connection, at the
 * start of the active stage.
 *
 * The whole connection is bounded by [property@Settings:connect-timeout]
 * (it then fails with %G_IO_ERROR_TIMED_OUT, naming the stage that was
 * waiting), except for the time the certificate verifier takes to decide,
 * and can be cancelled at any stage, at once (%G_IO_ERROR_CANCELLED). [signal@Client::progress] reports each
 * stage as it starts.
 *
 * The TCP connection goes through the default proxy resolver (as
 * #GSocketClient does) and has TCP keepalive on and Nagle's algorithm off
 * (`TCP_NODELAY`: every write is one whole, flushed PDU, and the sequence
 * often writes two PDUs in a row, which Nagle would hold back until the
 * server's delayed ACK).
 */

struct _RdpClient {
  GObject parent_instance;

  RdpSettings *settings;
  RdpNetworkClient *network_client;
  RdpFramed *framed;
  RdpConnector *connector;          /* for the session's reactivations */
  RdpConnectionResult *result;
  RdpSession *session;
  gboolean connecting;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_NETWORK_CLIENT,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdpClient, rdp_client, G_TYPE_OBJECT)

/* Forgets the last connection; its session stops reading (without a
 * closed signal: nobody is there to hear it). */
static void
clear_connection (RdpClient *self)
{
  if (self->session != NULL)
    g_object_run_dispose (G_OBJECT (self->session));
  g_clear_object (&self->session);
  g_clear_object (&self->framed);
  g_clear_object (&self->connector);
  g_clear_pointer (&self->result, rdp_connection_result_unref);
}

static void
rdp_client_dispose (GObject *object)
{
  RdpClient *self = RDP_CLIENT (object);

  clear_connection (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->network_client);

  G_OBJECT_CLASS (rdp_client_parent_class)->dispose (object);
}

static void
rdp_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdpClient *self = RDP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_NETWORK_CLIENT:
      g_value_set_object (value, self->network_client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdpClient *self = RDP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case PROP_NETWORK_CLIENT:
      rdp_client_set_network_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_client_constructed (GObject *object)
{
  RdpClient *self = RDP_CLIENT (object);

  G_OBJECT_CLASS (rdp_client_parent_class)->constructed (object);
  if (self->settings == NULL)
    self->settings = rdp_settings_new ();
}

static void
rdp_client_class_init (RdpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdp_client_dispose;
  object_class->get_property = rdp_client_get_property;
  object_class->set_property = rdp_client_set_property;
  object_class->constructed = rdp_client_constructed;

  /**
   * RdpClient:settings:
   *
   * The settings of the connections this client makes. Each connection
   * takes a snapshot of them when it starts.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, RDP_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpClient:network-client:
   *
   * What sends Kerberos's requests to the KDC (or the KDC proxy of
   * [property@Settings:kdc-proxy-url]) when Network Level Authentication
   * uses Kerberos, or %NULL for an [class@SoupNetworkClient] made when
   * needed. Set one to reuse an application's `SoupSession` (its proxy
   * settings and TLS database) or to send the requests another way.
   * Default: %NULL.
   */
  properties[PROP_NETWORK_CLIENT] =
    g_param_spec_object ("network-client", NULL, NULL, RDP_TYPE_NETWORK_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdpClient::progress:
   * @self: the client
   * @stage: the stage that starts
   *
   * Emitted, on the thread-default main context of the
   * rdp_client_connect_async() call, as each stage of the connection
   * starts; stages that the negotiated protocol skips are not reported.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RDP_TYPE_CLIENT_STAGE);
}

static void
rdp_client_init (RdpClient *self)
{
}

/**
 * rdp_client_new:
 * @settings: the settings of the connections
 *
 * Makes a client.
 *
 * Returns: (transfer full): a new client
 */
RdpClient *
rdp_client_new (RdpSettings *settings)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (settings), NULL);

  return g_object_new (RDP_TYPE_CLIENT, "settings", settings, NULL);
}

/**
 * rdp_client_get_network_client:
 * @self: a client
 *
 * Gets [property@Client:network-client].
 *
 * Returns: (transfer none) (nullable): the network client
 */
RdpNetworkClient *
rdp_client_get_network_client (RdpClient *self)
{
  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);
  return self->network_client;
}

/**
 * rdp_client_set_network_client:
 * @self: a client
 * @network_client: (nullable): the network client, or %NULL for a default
 *   one
 *
 * Sets [property@Client:network-client]; connections that start later use
 * it.
 */
void
rdp_client_set_network_client (RdpClient        *self,
                               RdpNetworkClient *network_client)
{
  g_return_if_fail (RDP_IS_CLIENT (self));
  g_return_if_fail (network_client == NULL || RDP_IS_NETWORK_CLIENT (network_client));

  if (g_set_object (&self->network_client, network_client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_CLIENT]);
}

/**
 * rdp_client_get_settings:
 * @self: a client
 *
 * Gets the settings of the client.
 *
 * Returns: (transfer none): the settings
 */
RdpSettings *
rdp_client_get_settings (RdpClient *self)
{
  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);
  return self->settings;
}

/**
 * rdp_client_get_framed:
 * @self: a client
 *
 * Gets the framed connection to the server once a connection succeeded,
 * for the active stage: it is upgraded to TLS (when the server selected
 * it), and the next PDU to read from it is the server's first update.
 *
 * Returns: (transfer none) (nullable): the framed connection, or %NULL
 *   when no connection succeeded
 */
RdpFramed *
rdp_client_get_framed (RdpClient *self)
{
  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);
  return self->framed;
}

/**
 * rdp_client_get_session:
 * @self: a client
 *
 * Gets the session of the connection: the remote desktop, its pointer and
 * the input to it. The first call, after the connection succeeded,
 * creates the session and starts it reading on the caller's thread-default
 * [struct@GLib.MainContext]; later calls return the same session. From then
 * on the session owns the framed connection: an application that reads
 * [method@Client.get_framed] itself never calls this.
 *
 * Returns: (transfer none) (nullable): the session, or %NULL when no
 *   connection succeeded (or its desktop cannot be made: a server that
 *   asks for more than 16384 pixels a side)
 */
RdpSession *
rdp_client_get_session (RdpClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);

  if (self->session != NULL || self->framed == NULL || self->connecting)
    return self->session;
  self->session = rdp_session_new (self->framed, self->connector, self->result, &error);
  if (self->session == NULL)
    g_warning ("The session could not start: %s", error->message);
  return self->session;
}

static RdpClientStage
stage_of_state (RdpConnectorState state)
{
  switch (state)
    {
    case RDP_CONNECTOR_STATE_CONNECTION_REQUEST:
    case RDP_CONNECTOR_STATE_CONNECTION_CONFIRM:
      return RDP_CLIENT_STAGE_NEGOTIATING;
    case RDP_CONNECTOR_STATE_SECURITY_UPGRADE:
      return RDP_CLIENT_STAGE_SECURITY_UPGRADE;
    case RDP_CONNECTOR_STATE_CREDSSP:
      return RDP_CLIENT_STAGE_AUTHENTICATING;
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE:
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE:
      return RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE;
    case RDP_CONNECTOR_STATE_ATTACH_USER:
    case RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM:
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN:
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM:
      return RDP_CLIENT_STAGE_CHANNEL_CONNECTION;
    case RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE:
      return RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE;
    case RDP_CONNECTOR_STATE_LICENSING:
      return RDP_CLIENT_STAGE_LICENSING;
    case RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE:
      return RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE;
    case RDP_CONNECTOR_STATE_FINALIZATION:
      return RDP_CLIENT_STAGE_FINALIZATION;
    case RDP_CONNECTOR_STATE_CONNECTED:
    case RDP_CONNECTOR_STATE_FAILED:
    default:
      /* CONNECTED is reported when the client is done */
      return RDP_CLIENT_STAGE_CONNECTING;
    }
}

/* ---- the connection ---- */

/* The blocking rdp_client_connect() is this asynchronous connection run on
 * a main context of its own: both share every step, the timeout and the
 * cancellation. */

typedef struct {
  char *host;
  guint16 port;
  RdpSettingsData *settings;
  GMainContext *context;            /* the caller's thread-default */
  GCancellable *cancellable;        /* ours: the user's, the timeout */
  GCancellable *user_cancellable;
  gulong user_cancel_id;
  /* the connect timeout: it runs while the network is waited for, and is
   * suspended while the application's certificate verifier decides */
  GSource *timeout;
  gint64 deadline;                  /* monotonic, while it runs */
  gint64 remaining;                 /* while it is suspended */
  gboolean suspended;
  gboolean timed_out;
  GSocketConnectable *identity;
  RdpConnector *connector;
  gulong state_id;
  RdpFramed *framed;
  GBytes *server_public_key;
  gboolean has_stage;
  RdpClientStage stage;
} ConnectOp;

static void
timer_stop (ConnectOp *op)
{
  if (op->timeout == NULL)
    return;
  g_source_destroy (op->timeout);
  g_clear_pointer (&op->timeout, g_source_unref);
}

static void
connect_op_free (ConnectOp *op)
{
  if (op->user_cancel_id != 0)
    g_cancellable_disconnect (op->user_cancellable, op->user_cancel_id);
  timer_stop (op);
  if (op->state_id != 0)
    g_signal_handler_disconnect (op->connector, op->state_id);
  g_clear_object (&op->connector);
  g_clear_object (&op->framed);
  g_clear_object (&op->identity);
  g_clear_pointer (&op->server_public_key, g_bytes_unref);
  g_clear_object (&op->user_cancellable);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->settings, rdp_settings_data_free);
  g_clear_pointer (&op->context, g_main_context_unref);
  g_free (op->host);
  g_free (op);
}

static gboolean
timeout_cb (gpointer user_data)
{
  ConnectOp *op = user_data;

  op->timed_out = TRUE;
  g_clear_pointer (&op->timeout, g_source_unref);
  g_cancellable_cancel (op->cancellable);
  return G_SOURCE_REMOVE;
}

/* Runs the timeout for @remaining µs more. */
static void
timer_start (ConnectOp *op,
             gint64     remaining)
{
  remaining = MAX (remaining, 0);
  op->deadline = g_get_monotonic_time () + remaining;
  op->timeout = g_timeout_source_new ((guint) MIN ((remaining + 999) / 1000, G_MAXUINT));
  g_source_set_callback (op->timeout, timeout_cb, op, NULL);
  g_source_attach (op->timeout, op->context);
}

/* The TLS upgrade waits for the application's certificate verifier (a
 * person, perhaps): the timeout stops, and goes on with the time that was
 * left once the answer came. */
static void
verifying_cb (gboolean waiting,
              gpointer user_data)
{
  ConnectOp *op = user_data;

  if (waiting && op->timeout != NULL)
    {
      op->remaining = op->deadline - g_get_monotonic_time ();
      op->suspended = TRUE;
      timer_stop (op);
    }
  else if (!waiting && op->suspended)
    {
      op->suspended = FALSE;
      timer_start (op, op->remaining);
    }
}

static void
emit_stage (RdpClient      *self,
            ConnectOp      *op,
            RdpClientStage  stage)
{
  if (op->has_stage && stage <= op->stage)
    return;
  op->has_stage = TRUE;
  op->stage = stage;
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, stage);
}

static void
connector_state_cb (RdpConnector *connector,
                    GParamSpec   *pspec,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RdpConnectorState state = rdp_connector_get_state (connector);

  if (state == RDP_CONNECTOR_STATE_CONNECTED || state == RDP_CONNECTOR_STATE_FAILED)
    return;
  emit_stage (g_task_get_source_object (task), g_task_get_task_data (task), stage_of_state (state));
}

/* The time-out error, naming the stage that was waiting. */
static GError *
timed_out_error (ConnectOp *op)
{
  static const char * const messages[] = {
    [RDP_CLIENT_STAGE_CONNECTING] =
      N_("Connecting to %s timed out after %u seconds while waiting for the TCP connection"),
    [RDP_CLIENT_STAGE_NEGOTIATING] =
      N_("Connecting to %s timed out after %u seconds while waiting for the security negotiation"),
    [RDP_CLIENT_STAGE_SECURITY_UPGRADE] =
      N_("Connecting to %s timed out after %u seconds while waiting for the TLS handshake"),
    [RDP_CLIENT_STAGE_AUTHENTICATING] =
      N_("Connecting to %s timed out after %u seconds while waiting for the authentication"),
    [RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE] =
      N_("Connecting to %s timed out after %u seconds while waiting for the basic settings exchange"),
    [RDP_CLIENT_STAGE_CHANNEL_CONNECTION] =
      N_("Connecting to %s timed out after %u seconds while waiting for the channel connection"),
    [RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE] =
      N_("Connecting to %s timed out after %u seconds while waiting for the secure settings exchange"),
    [RDP_CLIENT_STAGE_LICENSING] =
      N_("Connecting to %s timed out after %u seconds while waiting for the licensing exchange"),
    [RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE] =
      N_("Connecting to %s timed out after %u seconds while waiting for the capabilities exchange"),
    [RDP_CLIENT_STAGE_FINALIZATION] =
      N_("Connecting to %s timed out after %u seconds while waiting for the connection finalization"),
  };
  g_autofree char *server = NULL;
  const char *message = NULL;

  if ((gsize) op->stage < G_N_ELEMENTS (messages))
    message = messages[op->stage];
  if (message == NULL)
    message = N_("Connecting to %s timed out after %u seconds");
  if (strchr (op->host, ':') != NULL)
    server = g_strdup_printf ("[%s]:%u", op->host, op->port);
  else
    server = g_strdup_printf ("%s:%u", op->host, op->port);
  return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _(message),
                      server, op->settings->connect_timeout);
}

/* Returns @error (taking it) as the task's error, turning a cancellation
 * that the timeout caused into a time-out. Takes @task. */
static void
connect_return_error (GTask  *task,
                      GError *error)
{
  RdpClient *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);

  if (op->timed_out && !g_cancellable_is_cancelled (op->user_cancellable) &&
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
    {
      g_clear_error (&error);
      error = timed_out_error (op);
    }
  else if (g_cancellable_is_cancelled (op->user_cancellable) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
    }
  timer_stop (op);
  self->connecting = FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
finalize_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  RdpClient *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);
  RdpConnectionResult *connection;
  GError *error = NULL;

  connection = rdp_connect_finalize_finish (result, &error);
  if (connection == NULL)
    {
      connect_return_error (task, error);
      return;
    }
  timer_stop (op);
  g_set_object (&self->framed, op->framed);
  g_set_object (&self->connector, op->connector);
  self->result = rdp_connection_result_ref (connection);
  self->connecting = FALSE;
  emit_stage (self, op, RDP_CLIENT_STAGE_CONNECTED);
  g_task_return_pointer (task, connection, (GDestroyNotify) rdp_connection_result_unref);
  g_object_unref (task);
}

static void
finalize_start (GTask *task)
{
  ConnectOp *op = g_task_get_task_data (task);

  rdp_connect_finalize_full_async (op->framed, op->connector, op->server_public_key,
                                   rdp_client_get_network_client (g_task_get_source_object (task)),
                                   op->cancellable, finalize_cb, task);
}

static void
upgrade_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ConnectOp *op = g_task_get_task_data (task);
  RdpFramed *framed;
  GError *error = NULL;

  framed = rdp_tls_upgrade_framed_finish (result, &op->server_public_key, &error);
  if (framed == NULL)
    {
      connect_return_error (task, error);
      return;
    }
  g_set_object (&op->framed, framed);
  g_object_unref (framed);
  rdp_connector_mark_as_upgraded (op->connector);
  finalize_start (task);
}

static void
begin_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  ConnectOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!rdp_connect_begin_finish (result, &error))
    {
      connect_return_error (task, error);
      return;
    }
  if (rdp_connector_should_upgrade_security (op->connector))
    rdp_tls_upgrade_framed_full_async (op->framed, op->identity, op->settings->certificate_verifier,
                                       verifying_cb, op, op->cancellable, upgrade_cb, task);
  else
    finalize_start (task);
}

/* Keepalive, and no Nagle: RdpFramed writes each PDU whole and flushes it,
 * and the connection sequence sends PDUs back to back (Erect Domain then
 * Attach User, for one), which Nagle would delay until the server's delayed
 * ACK, about 40 ms each time on Linux. No I/O timeout of the socket: the
 * connection's own timeout bounds the whole sequence, and is suspended
 * while the certificate verifier decides. */
static void
configure_socket (GSocket *socket)
{
  g_socket_set_keepalive (socket, TRUE);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_set_timeout (socket, 0);
}

static void
socket_connect_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  RdpClient *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      connect_return_error (task, error);
      return;
    }
  if (G_IS_TCP_CONNECTION (connection))
    configure_socket (g_socket_connection_get_socket (connection));

  op->connector = rdp_connector_new_with_config (op->settings->connector);
  rdp_connector_set_server_name (op->connector, op->host);
  local = g_socket_connection_get_local_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (local))
    {
      g_autofree char *address =
        g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));

      rdp_connector_set_client_address (op->connector, address);
    }
  op->state_id = g_signal_connect (op->connector, "notify::state", G_CALLBACK (connector_state_cb), task);
  op->framed = rdp_framed_new (G_IO_STREAM (connection));

  emit_stage (self, op, RDP_CLIENT_STAGE_NEGOTIATING);
  rdp_connect_begin_async (op->framed, op->connector, op->cancellable, begin_cb, task);
}

static void
user_cancelled_cb (GCancellable *user_cancellable,
                   gpointer      user_data)
{
  /* may run in another thread: cancelling is thread-safe */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static GSocketClient *
make_socket_client (guint timeout_s)
{
  GSocketClient *client = g_socket_client_new ();

  g_socket_client_set_enable_proxy (client, TRUE);
  g_socket_client_set_proxy_resolver (client, NULL); /* the default one */
  g_socket_client_set_timeout (client, timeout_s);
  return client;
}

/**
 * rdp_client_connect_async:
 * @self: a client
 * @host: the server's host name or IP address
 * @port: the server's TCP port (3389 usually)
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the connection is made or failed
 * @user_data: data for @callback
 *
 * Connects to an RDP server and runs the whole connection sequence, up to
 * the active stage. One connection at a time: a client that is connecting
 * cannot start another connection.
 *
 * The errors: those of #GSocketClient and of the TLS upgrade
 * (%G_TLS_ERROR, %RDP_ERROR_CERTIFICATE_REJECTED,
 * %RDP_ERROR_CERTIFICATE_CHANGED), those of the connector (see
 * rdp_connector_step()), %G_IO_ERROR_CONNECTION_CLOSED when the server
 * closes the connection, %G_IO_ERROR_TIMED_OUT when
 * [property@Settings:connect-timeout] passes (its message names the stage
 * that was waiting) and %G_IO_ERROR_CANCELLED.
 *
 * The timeout is suspended while the settings'
 * [property@Settings:certificate-verifier] decides about the server's
 * certificate: a person reading a certificate dialog is not a slow network.
 * Cancelling @cancellable completes the connection at once with
 * %G_IO_ERROR_CANCELLED, whatever the verifier does; the verifier's own
 * #GCancellable is cancelled then, so that it can close its dialog, and its
 * answer is ignored.
 */
void
rdp_client_connect_async (RdpClient           *self,
                          const char          *host,
                          guint16              port,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GSocketClient) client = NULL;
  GError *error = NULL;
  ConnectOp *op;
  GTask *task;

  g_return_if_fail (RDP_IS_CLIENT (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->connecting);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, rdp_client_connect_async);
  op = g_new0 (ConnectOp, 1);
  op->host = g_strdup (host);
  op->port = port;
  op->settings = rdp_settings_snapshot (self->settings);
  op->context = g_main_context_ref_thread_default ();
  op->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, op, (GDestroyNotify) connect_op_free);
  self->connecting = TRUE;
  clear_connection (self);

  if (!rdp_settings_validate (self->settings, &error))
    {
      connect_return_error (task, error);
      return;
    }
  if (cancellable != NULL)
    {
      op->user_cancellable = g_object_ref (cancellable);
      op->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                  g_object_ref (op->cancellable), g_object_unref);
    }
  if (op->settings->connect_timeout > 0)
    timer_start (op, (gint64) op->settings->connect_timeout * G_USEC_PER_SEC);

  op->identity = g_network_address_new (host, port);
  client = make_socket_client (op->settings->connect_timeout);
  emit_stage (self, op, RDP_CLIENT_STAGE_CONNECTING);
  g_socket_client_connect_async (client, op->identity, op->cancellable, socket_connect_cb, task);
}

/**
 * rdp_client_connect_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes rdp_client_connect_async().
 *
 * Returns: (transfer full): what the connection sequence settled, or %NULL
 *   on error
 */
RdpConnectionResult *
rdp_client_connect_finish (RdpClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_client_connect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the blocking connection ---- */

/**
 * rdp_client_connect:
 * @self: a client
 * @host: the server's host name or IP address
 * @port: the server's TCP port
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of rdp_client_connect_async(), for programs that
 * connect in a thread of their own. It runs the very same connection on a
 * main context private to the call, which only it iterates: nothing of the
 * caller's main contexts runs meanwhile. So
 * [property@Settings:connect-timeout] bounds the whole connection, however
 * slowly the server sends, and is suspended while the certificate verifier
 * decides, as with the asynchronous form; [signal@Client::progress] is
 * emitted in the calling thread; and the verifier's
 * [vfunc@CertificateVerifier.verify_async] is called in the private main
 * context, so a verifier that needs the application's main loop (a dialog)
 * must be used with the asynchronous form.
 *
 * Returns: (transfer full): what the connection sequence settled, or %NULL
 *   on error
 */
RdpConnectionResult *
rdp_client_connect (RdpClient     *self,
                    const char    *host,
                    guint16        port,
                    GCancellable  *cancellable,
                    GError       **error)
{
  RdpConnectionResult *result;
  RdpSync sync;

  g_return_val_if_fail (RDP_IS_CLIENT (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (!self->connecting, NULL);

  /* on a private context (rdp-sync-private.h) */
  rdp_sync_begin (&sync);
  rdp_client_connect_async (self, host, port, cancellable, rdp_sync_cb, &sync);
  result = rdp_client_connect_finish (self, rdp_sync_wait (&sync), error);
  rdp_sync_end (&sync);
  return result;
}
