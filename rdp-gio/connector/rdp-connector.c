/* rdp-connector.c: the client connection sequence as a sans-I/O state
 * machine ([MS-RDPBCGR] 1.3.1.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "rdp-connector-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-enum-types.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-secret-private.h"

#include "rdp-x224-private.h"
#include "rdp-mcs-private.h"
#include "rdp-gcc-private.h"
#include "rdp-pdu-cursor-private.h"
#include "rdp-security-header-private.h"
#include "rdp-client-info-private.h"
#include "rdp-license-private.h"
#include "rdp-share-private.h"
#include "rdp-capabilities-private.h"
#include "rdp-license-client-private.h"
#include "rdp-autodetect-private.h"

/**
 * RdpConnector:
 *
 * The client side of the RDP connection sequence ([MS-RDPBCGR] 1.3.1.1) as
 * a state machine that does no I/O: it is given the bytes of one PDU at a
 * time and gives back the bytes to send and what kind of PDU to read next.
 * It never touches a stream, a socket or a main loop, so that every state
 * can be driven from recorded PDUs; rdp_connect_begin_async() and
 * rdp_connect_finalize_async() drive it over an [class@Framed], and
 * [class@Client] does the whole connection.
 *
 * The loop that drives it:
 *
 * - while the connector wants input (rdp_connector_wants_input()), read one
 *   PDU with the hint of rdp_connector_get_pdu_hint() and pass it to
 *   rdp_connector_step(); otherwise call rdp_connector_step() with no
 *   input;
 * - write whatever rdp_connector_step() returns;
 * - when rdp_connector_should_upgrade_security() becomes %TRUE, do the TLS
 *   upgrade of the stream and call rdp_connector_mark_as_upgraded();
 * - when rdp_connector_should_perform_credssp() becomes %TRUE, do CredSSP
 *   (which rdp-gio does not implement yet) and call
 *   rdp_connector_mark_credssp_done();
 * - stop at %RDP_CONNECTOR_STATE_CONNECTED and take
 *   rdp_connector_get_result().
 *
 * What it supports: TLS, and Standard RDP Security in its form without
 * encryption (a server that insists on RC4 fails the connection with
 * %RDP_ERROR_NOT_SUPPORTED); the licensing exchange, whether the server
 * ends it at once with STATUS_VALID_CLIENT or runs the License Request and
 * Platform Challenge (issued licenses are not kept); connect-time
 * auto-detection on the message channel (when the server supports extended
 * client data), answered; multitransport requests, declined; Deactivate
 * All during the finalization (the capabilities exchange starts over) and
 * in the active stage (rdp_connector_handle_deactivate_all()).
 * When the server selects Network Level Authentication the connector stops
 * at the CredSSP point: rdp-gio does not implement CredSSP yet.
 *
 * The bandwidth auto-detection is the one place where the connector reads
 * a clock (the monotonic one, between Bandwidth Measure Start and Stop).
 */

struct _RdpConnector {
  GObject parent_instance;

  RdpConnectorConfig *config;
  RdpClockFunc clock;
  gpointer clock_data;
  RdpRandomFunc random;
  gpointer random_data;
  char *client_address;
  RdpConnectorState state;

  guint32 requested_protocols;      /* wire bits */
  guint32 selected_wire;
  RdpSecurityProtocol selected;
  gboolean extended_client_data;
  gboolean skip_channel_join;

  guint16 io_channel_id;
  guint16 user_channel_id;
  guint16 message_channel_id;       /* 0: none */
  gint64 bandwidth_start;           /* monotonic µs of Bandwidth Measure Start */
  guint32 bandwidth_bytes;
  GArray *channel_ids;              /* guint16, of the static channels */
  GArray *join_queue;               /* guint16, channels left to join */
  guint16 pending_join;

  guint32 share_id;
  guint16 server_channel_id;        /* pduSource of the Demand Active */
  gboolean got_synchronize;
  gboolean got_cooperate;
  gboolean got_granted_control;

  RdpLicenseSession license;

  RdpConnectionResult *result;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdpConnector, rdp_connector, G_TYPE_OBJECT)

static gint64   default_clock  (gpointer user_data);
static gboolean default_random (guint8 *buffer, gsize size, gpointer user_data);

static void
rdp_connector_finalize (GObject *object)
{
  RdpConnector *self = RDP_CONNECTOR (object);

  g_clear_pointer (&self->config, rdp_connector_config_free);
  rdp_license_session_clear (&self->license);
  g_free (self->client_address);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->join_queue, g_array_unref);
  g_clear_pointer (&self->result, rdp_connection_result_unref);

  G_OBJECT_CLASS (rdp_connector_parent_class)->finalize (object);
}

static void
rdp_connector_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RdpConnector *self = RDP_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_connector_class_init (RdpConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdp_connector_finalize;
  object_class->get_property = rdp_connector_get_property;

  /**
   * RdpConnector:state:
   *
   * Where the connector is in the connection sequence. It changes only in
   * rdp_connector_step(), rdp_connector_mark_as_upgraded() and
   * rdp_connector_mark_credssp_done(), and is notified each time.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RDP_TYPE_CONNECTOR_STATE, RDP_CONNECTOR_STATE_CONNECTION_REQUEST,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rdp_connector_init (RdpConnector *self)
{
  self->state = RDP_CONNECTOR_STATE_CONNECTION_REQUEST;
  self->channel_ids = g_array_new (FALSE, TRUE, sizeof (guint16));
  self->join_queue = g_array_new (FALSE, TRUE, sizeof (guint16));
  self->result = rdp_connection_result_new ();
  rdp_connector_set_clock (self, NULL, NULL);
  rdp_connector_set_random (self, NULL, NULL);
}

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static gboolean
default_random (guint8   *buffer,
                gsize     size,
                gpointer  user_data)
{
  return gnutls_rnd (GNUTLS_RND_KEY, buffer, size) == 0;
}

/* rdp_connector_new() is with RdpSettings (client/rdp-settings.c): the
 * settings are a GIO-level object, this file is sans-I/O. */
RdpConnector *
rdp_connector_new_with_config (const RdpConnectorConfig *config)
{
  RdpConnector *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (RDP_TYPE_CONNECTOR, NULL);
  self->config = rdp_connector_config_copy (config);
  return self;
}

void
rdp_connector_set_clock (RdpConnector *self,
                         RdpClockFunc  clock,
                         gpointer      user_data)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = clock != NULL ? user_data : NULL;
}

void
rdp_connector_set_random (RdpConnector  *self,
                          RdpRandomFunc  random,
                          gpointer       user_data)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));

  self->random = random != NULL ? random : default_random;
  self->random_data = random != NULL ? user_data : NULL;
  self->license.random = self->random;
  self->license.random_data = self->random_data;
}

/**
 * rdp_connector_set_client_address:
 * @self: a connector
 * @address: (nullable): the client's IP address as text, or %NULL
 *
 * Sets the address that the Client Info PDU reports as the client's (the
 * local address of the TCP connection). [class@Client] sets it; without it
 * the PDU carries an empty address.
 */
void
rdp_connector_set_client_address (RdpConnector *self,
                                  const char   *address)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));

  g_free (self->client_address);
  self->client_address = g_strdup (address);
}

static void
set_state (RdpConnector      *self,
           RdpConnectorState  state)
{
  if (self->state == state)
    return;
  g_debug ("connector: state %d -> %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * rdp_connector_get_state:
 * @self: a connector
 *
 * Gets where the connector is in the connection sequence.
 *
 * Returns: the state
 */
RdpConnectorState
rdp_connector_get_state (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), RDP_CONNECTOR_STATE_FAILED);
  return self->state;
}

/**
 * rdp_connector_wants_input:
 * @self: a connector
 *
 * Gets whether the next rdp_connector_step() needs a PDU from the server.
 *
 * Returns: %TRUE when the next step needs a PDU, %FALSE when it is to be
 *   called without input (or when the connector is at a point where it is
 *   not to be stepped at all: the security upgrade, CredSSP, the end)
 */
gboolean
rdp_connector_wants_input (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), FALSE);

  switch (self->state)
    {
    case RDP_CONNECTOR_STATE_CONNECTION_CONFIRM:
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE:
    case RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM:
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM:
    case RDP_CONNECTOR_STATE_LICENSING:
    case RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE:
    case RDP_CONNECTOR_STATE_FINALIZATION:
      return TRUE;
    case RDP_CONNECTOR_STATE_CONNECTION_REQUEST:
    case RDP_CONNECTOR_STATE_SECURITY_UPGRADE:
    case RDP_CONNECTOR_STATE_CREDSSP:
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE:
    case RDP_CONNECTOR_STATE_ATTACH_USER:
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN:
    case RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE:
    case RDP_CONNECTOR_STATE_CONNECTED:
    case RDP_CONNECTOR_STATE_FAILED:
    default:
      return FALSE;
    }
}

/**
 * rdp_connector_get_pdu_hint:
 * @self: a connector
 *
 * Gets the kind of PDU the next step expects, for
 * rdp_framed_read_by_hint(). Every PDU of the connection sequence is a
 * slow-path (TPKT/X.224) one.
 *
 * Returns: the hint for the next read
 */
RdpPduHint
rdp_connector_get_pdu_hint (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), RDP_PDU_HINT_X224);
  return RDP_PDU_HINT_X224;
}

/**
 * rdp_connector_should_upgrade_security:
 * @self: a connector
 *
 * Gets whether the security upgrade is due: the server selected TLS (or
 * CredSSP, which runs over TLS) and the stream must now be upgraded, for
 * instance with rdp_tls_upgrade_framed_async(), before
 * rdp_connector_mark_as_upgraded() lets the connector go on. With Standard
 * RDP Security there is no upgrade and this never becomes %TRUE.
 *
 * Returns: %TRUE at the security upgrade point
 */
gboolean
rdp_connector_should_upgrade_security (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), FALSE);
  return self->state == RDP_CONNECTOR_STATE_SECURITY_UPGRADE;
}

/**
 * rdp_connector_mark_as_upgraded:
 * @self: a connector at the security upgrade point
 *
 * Tells the connector that the stream is now a TLS one. It goes on to
 * CredSSP when the server selected `HYBRID` or `HYBRID_EX`, to the basic
 * settings exchange otherwise.
 */
void
rdp_connector_mark_as_upgraded (RdpConnector *self)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));
  g_return_if_fail (self->state == RDP_CONNECTOR_STATE_SECURITY_UPGRADE);

  if (self->selected == RDP_SECURITY_PROTOCOL_HYBRID ||
      self->selected == RDP_SECURITY_PROTOCOL_HYBRID_EX)
    set_state (self, RDP_CONNECTOR_STATE_CREDSSP);
  else
    set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
}

/**
 * rdp_connector_should_perform_credssp:
 * @self: a connector
 *
 * Gets whether Network Level Authentication (CredSSP) is due.
 *
 * Returns: %TRUE at the CredSSP point
 */
gboolean
rdp_connector_should_perform_credssp (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), FALSE);
  return self->state == RDP_CONNECTOR_STATE_CREDSSP;
}

/**
 * rdp_connector_mark_credssp_done:
 * @self: a connector at the CredSSP point
 *
 * Tells the connector that CredSSP succeeded; it goes on to the basic
 * settings exchange.
 */
void
rdp_connector_mark_credssp_done (RdpConnector *self)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));
  g_return_if_fail (self->state == RDP_CONNECTOR_STATE_CREDSSP);

  set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
}

/**
 * rdp_connector_get_selected_protocol:
 * @self: a connector
 *
 * Gets the security protocol the server selected, once the Connection
 * Confirm has been processed.
 *
 * Returns: one protocol, or %RDP_SECURITY_PROTOCOL_NONE before the
 *   negotiation is over
 */
RdpSecurityProtocol
rdp_connector_get_selected_protocol (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), RDP_SECURITY_PROTOCOL_NONE);
  return self->selected;
}

/**
 * rdp_connector_get_result:
 * @self: a connector
 *
 * Gets what the connection sequence settled, once the connector is
 * %RDP_CONNECTOR_STATE_CONNECTED.
 *
 * Returns: (transfer none) (nullable): the result, or %NULL before the end
 */
RdpConnectionResult *
rdp_connector_get_result (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);

  if (self->state != RDP_CONNECTOR_STATE_CONNECTED)
    return NULL;
  return self->result;
}

/* ---- the steps ---- */

static guint32
protocols_to_wire (RdpSecurityProtocol protocols)
{
  guint32 wire = 0;

  if (protocols & RDP_SECURITY_PROTOCOL_TLS)
    wire |= RDP_X224_PROTOCOL_SSL;
  if (protocols & RDP_SECURITY_PROTOCOL_HYBRID)
    wire |= RDP_X224_PROTOCOL_HYBRID;
  if (protocols & RDP_SECURITY_PROTOCOL_HYBRID_EX)
    wire |= RDP_X224_PROTOCOL_HYBRID_EX;
  return wire;
}

static GBytes *
send_connection_request (RdpConnector  *self,
                         GError       **error)
{
  g_autofree char *cookie = NULL;
  RdpX224ConnectionRequest request = { 0 };
  GBytes *bytes;

  if (self->config->username != NULL && self->config->username[0] != '\0')
    {
      GString *ascii = g_string_new (NULL);

      /* mstsc sends at most 9 characters of the user name; keep what can go
       * in an ANSI cookie */
      for (const char *p = self->config->username; *p && ascii->len < 9; p++)
        if (g_ascii_isgraph (*p))
          g_string_append_c (ascii, *p);
      cookie = g_string_free (ascii, ascii->len == 0);
    }

  self->requested_protocols = protocols_to_wire (self->config->security_protocols);
  request.cookie = cookie;
  request.has_negotiation_request = TRUE;
  request.requested_protocols = self->requested_protocols;

  bytes = rdp_x224_encode_connection_request (&request, error);
  if (bytes != NULL)
    set_state (self, RDP_CONNECTOR_STATE_CONNECTION_CONFIRM);
  return bytes;
}

static gboolean
receive_connection_confirm (RdpConnector  *self,
                            GBytes        *input,
                            GError       **error)
{
  RdpX224ConnectionConfirm confirm;
  RdpSecurityProtocol allowed = self->config->security_protocols;
  gsize length;
  const guint8 *data = g_bytes_get_data (input, &length);

  if (!rdp_x224_decode_connection_confirm (data, length, &confirm, error))
    return FALSE;

  switch (confirm.result)
    {
    case RDP_X224_NEGOTIATION_FAILURE:
      if ((confirm.failure_code == RDP_X224_HYBRID_REQUIRED_BY_SERVER ||
           confirm.failure_code == RDP_X224_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER) &&
          !(allowed & (RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX)))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED,
                       _("The server requires Network Level Authentication (NLA), "
                         "which the connection settings do not allow"));
          return FALSE;
        }
      g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                   _("The server refused the security negotiation: %s (failure code %u)"),
                   rdp_x224_describe_failure_code (confirm.failure_code),
                   (guint) confirm.failure_code);
      return FALSE;

    case RDP_X224_NEGOTIATION_NONE:
      /* an old server: Standard RDP Security only */
      if (!(allowed & RDP_SECURITY_PROTOCOL_STANDARD))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server supports only Standard RDP Security, which the "
                         "connection settings do not allow"));
          return FALSE;
        }
      self->selected_wire = RDP_X224_PROTOCOL_RDP;
      self->selected = RDP_SECURITY_PROTOCOL_STANDARD;
      break;

    case RDP_X224_NEGOTIATION_RESPONSE:
    default:
      self->extended_client_data = (confirm.flags & RDP_X224_EXTENDED_CLIENT_DATA_SUPPORTED) != 0;
      self->selected_wire = confirm.selected_protocol;
      switch (confirm.selected_protocol)
        {
        case RDP_X224_PROTOCOL_RDP:
          self->selected = RDP_SECURITY_PROTOCOL_STANDARD;
          break;
        case RDP_X224_PROTOCOL_SSL:
          self->selected = RDP_SECURITY_PROTOCOL_TLS;
          break;
        case RDP_X224_PROTOCOL_HYBRID:
          self->selected = RDP_SECURITY_PROTOCOL_HYBRID;
          break;
        case RDP_X224_PROTOCOL_HYBRID_EX:
          self->selected = RDP_SECURITY_PROTOCOL_HYBRID_EX;
          break;
        default:
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server selected the security protocol 0x%08x, which the "
                         "client did not offer"),
                       (guint) confirm.selected_protocol);
          return FALSE;
        }
      if (!(allowed & self->selected))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED,
                       _("The server selected the security protocol 0x%08x, which the "
                         "client did not offer"),
                       (guint) confirm.selected_protocol);
          self->selected = RDP_SECURITY_PROTOCOL_NONE;
          return FALSE;
        }
      break;
    }

  self->result->selected_protocol = self->selected;
  if (self->selected == RDP_SECURITY_PROTOCOL_STANDARD)
    set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
  else
    set_state (self, RDP_CONNECTOR_STATE_SECURITY_UPGRADE);
  return TRUE;
}

static GBytes *
send_connect_initial (RdpConnector  *self,
                      GError       **error)
{
  g_auto(RdpGccClientData) data = { 0 };
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_autoptr(GBytes) user_data = NULL;
  RdpConnectorConfig *s = self->config;
  RdpGccClientCore *core = &data.core;
  guint16 early = RDP_GCC_RNS_UD_CS_SUPPORT_ERRINFO_PDU |
                  RDP_GCC_RNS_UD_CS_VALID_CONNECTION_TYPE |
                  RDP_GCC_RNS_UD_CS_STRONG_ASYMMETRIC_KEYS |
                  RDP_GCC_RNS_UD_CS_SUPPORT_SKIP_CHANNELJOIN;
  guint16 high_color = 24;
  GBytes *bytes;

  switch (s->color_depth)
    {
    case 15: high_color = 15; break;
    case 16: high_color = 16; break;
    case 24: high_color = 24; break;
    case 32:
    default:
      high_color = 24;
      early |= RDP_GCC_RNS_UD_CS_WANT_32BPP_SESSION;
      break;
    }

  data.has_core = TRUE;
  core->version = RDP_GCC_VERSION_RDP_5;
  core->desktop_width = s->desktop_width;
  core->desktop_height = s->desktop_height;
  core->color_depth = RDP_GCC_COLOR_8BPP;
  core->sas_sequence = RDP_GCC_SAS_DEL;
  core->keyboard_layout = s->keyboard_layout;
  core->client_build = s->client_build;
  core->client_name = s->client_name;
  core->keyboard_type = s->keyboard_type;
  core->keyboard_subtype = s->keyboard_subtype;
  core->keyboard_function_keys = s->keyboard_function_keys;
  core->ime_file_name = NULL;
  core->last_field = RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL;
  core->post_beta2_color_depth = RDP_GCC_COLOR_8BPP;
  core->client_product_id = 1;
  core->serial_number = 0;
  core->high_color_depth = high_color;
  /* RNS_UD_24BPP_SUPPORT | 16BPP | 15BPP | 32BPP */
  core->supported_color_depths = 0x000f;
  core->early_capability_flags = early;
  core->client_dig_product_id = NULL;
  core->connection_type = 6; /* CONNECTION_TYPE_LAN */
  core->server_selected_protocol = self->selected_wire;

  /* no redirection support; redirection version 4 */
  data.has_cluster = TRUE;
  data.cluster_flags = 3u << RDP_GCC_REDIRECTION_VERSION_SHIFT;

  /* With extended client data, a message channel: connect-time
   * auto-detection is answered there (and multitransport declined, should a
   * server offer it unasked). */
  if (self->extended_client_data)
    {
      data.has_message_channel = TRUE;
      data.message_channel_flags = 0;
      core->early_capability_flags |= RDP_GCC_RNS_UD_CS_SUPPORT_NETCHAR_AUTODETECT;
    }

  /* Standard RDP Security only without encryption; nothing with TLS */
  data.has_security = TRUE;
  data.encryption_methods = RDP_GCC_ENCRYPTION_METHOD_NONE;

  if (s->static_channels != NULL)
    for (char **c = s->static_channels; *c; c++)
      if (!rdp_gcc_client_data_add_channel (&data, *c, RDP_GCC_CHANNEL_OPTION_INITIALIZED, error))
        {
          /* the strings belong to the settings */
          core->client_name = NULL;
          return NULL;
        }

  user_data = rdp_gcc_encode_conference_create_request (&data, error);
  /* the strings belong to the settings */
  core->client_name = NULL;
  if (user_data == NULL)
    return NULL;

  rdp_mcs_connect_initial_init (&initial, user_data);
  bytes = rdp_mcs_encode_connect_initial (&initial, error);
  if (bytes != NULL)
    set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE);
  return bytes;
}

static gboolean
receive_connect_response (RdpConnector  *self,
                          GBytes        *input,
                          GError       **error)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_auto(RdpGccServerData) data = { 0 };
  RdpConnectorConfig *s = self->config;
  guint n_channels = s->static_channels ? g_strv_length (s->static_channels) : 0;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (input, &length);
  GPtrArray *names;

  if (!rdp_mcs_decode_connect_response (bytes, length, &response, error))
    return FALSE;
  if (response.result != RDP_MCS_RESULT_SUCCESSFUL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the MCS connection: %s"),
                   rdp_mcs_result_to_string (response.result));
      return FALSE;
    }
  if (response.user_data == NULL ||
      !rdp_gcc_decode_conference_create_response (g_bytes_get_data (response.user_data, NULL),
                                                  g_bytes_get_size (response.user_data),
                                                  &data, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                     _("The MCS Connect-Response carries no GCC data"));
      return FALSE;
    }
  if (data.result != 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the GCC conference (result %u)"), data.result);
      return FALSE;
    }

  if (data.has_security &&
      (data.encryption_method != RDP_GCC_ENCRYPTION_METHOD_NONE ||
       data.encryption_level != RDP_GCC_ENCRYPTION_LEVEL_NONE))
    {
      if (self->selected == RDP_SECURITY_PROTOCOL_STANDARD)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                       _("The server requires Standard RDP Security with RC4 encryption "
                         "(encryption method 0x%08x, level %u), which is not supported; "
                         "allow TLS on the server"),
                       (guint) data.encryption_method, (guint) data.encryption_level);
          return FALSE;
        }
      g_debug ("connector: encryption method 0x%x level %u over enhanced security, ignored",
               data.encryption_method, data.encryption_level);
    }

  self->io_channel_id = data.has_network ? data.io_channel_id : RDP_MCS_GLOBAL_CHANNEL_ID;
  self->skip_channel_join = data.has_early_capability_flags &&
                            (data.early_capability_flags & RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED);

  g_array_set_size (self->channel_ids, 0);
  names = g_ptr_array_new ();
  for (guint i = 0; i < n_channels; i++)
    {
      guint16 id;

      if (data.channel_ids == NULL || i >= data.channel_ids->len)
        break;
      id = g_array_index (data.channel_ids, guint16, i);
      if (id == 0)
        continue; /* the server did not open this one */
      g_array_append_val (self->channel_ids, id);
      g_ptr_array_add (names, g_strdup (s->static_channels[i]));
    }
  g_ptr_array_add (names, NULL);

  g_strfreev (self->result->static_channel_names);
  g_free (self->result->static_channel_ids);
  self->result->static_channel_names = (char **) g_ptr_array_free (names, FALSE);
  self->result->static_channel_ids = g_memdup2 (self->channel_ids->data,
                                                MAX (1, self->channel_ids->len) * sizeof (guint16));
  self->result->io_channel_id = self->io_channel_id;
  self->message_channel_id = data.has_message_channel ? data.message_channel_id : 0;
  self->result->message_channel_id = self->message_channel_id;

  set_state (self, RDP_CONNECTOR_STATE_ATTACH_USER);
  return TRUE;
}

/* Every PDU the connector sends is self-wiping (rdp-secret): one of them
 * holds the password, and the connection sequence is not where a wipe's cost
 * matters. */
#define concat_bytes rdp_secret_concat

static GBytes *
send_attach_user (RdpConnector  *self,
                  GError       **error)
{
  g_autoptr(GBytes) erect = rdp_mcs_encode_erect_domain_request (error);
  g_autoptr(GBytes) attach = NULL;

  if (erect == NULL)
    return NULL;
  attach = rdp_mcs_encode_attach_user_request (error);
  if (attach == NULL)
    return NULL;
  set_state (self, RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM);
  return concat_bytes (erect, attach, NULL);
}

/* Decodes a domain PDU; a Disconnect Provider Ultimatum fails with
 * RDP_ERROR_DISCONNECTED. */
static gboolean
decode_domain_pdu (GBytes           *input,
                   RdpMcsDomainPdu  *out_pdu,
                   GError          **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (input, &length);

  if (!rdp_mcs_decode_domain_pdu (data, length, out_pdu, error))
    return FALSE;
  if (out_pdu->type == RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED,
                   _("The server ended the connection (MCS Disconnect Provider Ultimatum: %s)"),
                   rdp_mcs_reason_to_string (out_pdu->reason));
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_domain_pdu (const RdpMcsDomainPdu  *pdu,
                   RdpMcsDomainPduType     type,
                   const char             *what,
                   GError                **error)
{
  if (pdu->type == type)
    return TRUE;
  g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
               _("Expected an MCS %s, got MCS PDU type %u"), what, (guint) pdu->type);
  return FALSE;
}

static void
queue_channel_joins (RdpConnector *self)
{
  g_array_set_size (self->join_queue, 0);
  g_array_append_val (self->join_queue, self->user_channel_id);
  g_array_append_val (self->join_queue, self->io_channel_id);
  if (self->message_channel_id != 0)
    g_array_append_val (self->join_queue, self->message_channel_id);
  for (guint i = 0; i < self->channel_ids->len; i++)
    g_array_append_val (self->join_queue, g_array_index (self->channel_ids, guint16, i));
}

static gboolean
receive_attach_user_confirm (RdpConnector  *self,
                             GBytes        *input,
                             GError       **error)
{
  RdpMcsDomainPdu pdu;

  if (!decode_domain_pdu (input, &pdu, error) ||
      !expect_domain_pdu (&pdu, RDP_MCS_ATTACH_USER_CONFIRM, "Attach User Confirm", error))
    return FALSE;
  if (pdu.result != RDP_MCS_RESULT_SUCCESSFUL || !pdu.has_initiator)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused the MCS Attach User Request: %s"),
                   rdp_mcs_result_to_string (pdu.result));
      return FALSE;
    }
  self->user_channel_id = pdu.initiator;
  self->result->user_channel_id = pdu.initiator;

  if (self->skip_channel_join)
    {
      g_debug ("connector: the server skips the channel joins");
      set_state (self, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
    }
  else
    {
      queue_channel_joins (self);
      set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
    }
  return TRUE;
}

static GBytes *
send_channel_join (RdpConnector  *self,
                   GError       **error)
{
  GBytes *bytes;
  guint16 channel = g_array_index (self->join_queue, guint16, 0);

  bytes = rdp_mcs_encode_channel_join_request (self->user_channel_id, channel, error);
  if (bytes == NULL)
    return NULL;
  g_array_remove_index (self->join_queue, 0);
  self->pending_join = channel;
  set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM);
  return bytes;
}

static gboolean
receive_channel_join_confirm (RdpConnector  *self,
                              GBytes        *input,
                              GError       **error)
{
  RdpMcsDomainPdu pdu;

  if (!decode_domain_pdu (input, &pdu, error) ||
      !expect_domain_pdu (&pdu, RDP_MCS_CHANNEL_JOIN_CONFIRM, "Channel Join Confirm", error))
    return FALSE;
  if (pdu.requested_channel_id != self->pending_join)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("The server confirmed joining channel %u, but the client asked to join %u"),
                   pdu.requested_channel_id, self->pending_join);
      return FALSE;
    }
  if (pdu.result != RDP_MCS_RESULT_SUCCESSFUL ||
      (pdu.has_channel_id && pdu.channel_id != self->pending_join))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The server refused to join channel %u: %s"),
                   self->pending_join, rdp_mcs_result_to_string (pdu.result));
      return FALSE;
    }

  if (self->join_queue->len > 0)
    set_state (self, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
  else
    set_state (self, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
  return TRUE;
}

static GBytes *
send_client_info (RdpConnector  *self,
                  GError       **error)
{
  g_auto(RdpClientInfo) info = { 0 };
  RdpConnectorConfig *s = self->config;
  GBytes *bytes;

  gsize password_size;
  const char *password_data = g_bytes_get_data (s->password, &password_size);
  char *password = g_strndup (password_data, password_size);

  rdp_client_info_init (&info, s->domain, s->username, password, self->client_address);
  rdp_secret_free_string (password);
  info.performance_flags = s->performance_flags;
  bytes = rdp_client_info_encode_pdu (self->user_channel_id, self->io_channel_id, &info, error);
  if (bytes != NULL)
    set_state (self, RDP_CONNECTOR_STATE_LICENSING);
  return bytes;
}

/* The user data of a Send Data Indication (a DPUM fails the step). */
static gboolean
receive_send_data (GBytes           *input,
                   RdpMcsDomainPdu  *out_pdu,
                   GError          **error)
{
  if (!decode_domain_pdu (input, out_pdu, error))
    return FALSE;
  return expect_domain_pdu (out_pdu, RDP_MCS_SEND_DATA_INDICATION, "Send Data Indication", error);
}

static GBytes *
license_envelope (RdpConnector  *self,
                  GBytes        *message,
                  GError       **error)
{
  if (message == NULL)
    return NULL;
  return rdp_security_pdu_encode (self->user_channel_id, self->io_channel_id,
                                  RDP_SEC_LICENSE_PKT, 0,
                                  g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                  error);
}

static GBytes *
message_channel_envelope (RdpConnector  *self,
                          guint16        sec_flags,
                          GBytes        *body,
                          GError       **error)
{
  if (body == NULL)
    return NULL;
  return rdp_security_pdu_encode (self->user_channel_id, self->message_channel_id, sec_flags, 0,
                                  g_bytes_get_data (body, NULL), g_bytes_get_size (body), error);
}

/* A PDU on the message channel: connect-time auto-detection is answered
 * ([MS-RDPBCGR] 1.3.1.1, 2.2.14), multitransport is declined (2.2.15.2,
 * E_ABORT); anything else is ignored. The bandwidth measure is timed with
 * the monotonic clock between Start and Stop. */
static gboolean
receive_message_channel (RdpConnector           *self,
                         const RdpMcsDomainPdu  *pdu,
                         GBytes                **out_output,
                         GError                **error)
{
  RdpSecurityPdu envelope;
  g_autoptr(GBytes) body = NULL;

  if (!rdp_security_pdu_decode_user_data (pdu->user_data, pdu->user_data_length, &envelope, error))
    return FALSE;

  if (envelope.header.flags & RDP_SEC_AUTODETECT_REQ)
    {
      RdpAutodetectRequest request;
      RdpAutodetectResponse response = { 0 };

      if (!rdp_autodetect_decode_request (envelope.body, envelope.body_length, &request, error))
        return FALSE;
      response.sequence_number = request.sequence_number;
      switch (request.kind)
        {
        case RDP_AUTODETECT_RTT_MEASURE:
          response.response_type = RDP_AUTODETECT_RTT_RESPONSE;
          break;
        case RDP_AUTODETECT_BANDWIDTH_START:
          self->bandwidth_start = self->clock (self->clock_data);
          self->bandwidth_bytes = 0;
          return TRUE;
        case RDP_AUTODETECT_BANDWIDTH_PAYLOAD:
          self->bandwidth_bytes += request.payload_length;
          return TRUE;
        case RDP_AUTODETECT_BANDWIDTH_STOP:
          self->bandwidth_bytes += request.payload_length;
          response.response_type = request.request_type == RDP_AUTODETECT_BW_STOP_CONNECT_TIME ?
                                   RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME :
                                   RDP_AUTODETECT_BW_RESULTS_CONTINUOUS;
          response.time_delta = self->bandwidth_start != 0 ?
                                (guint32) ((self->clock (self->clock_data) - self->bandwidth_start) / 1000) : 0;
          response.byte_count = self->bandwidth_bytes;
          break;
        case RDP_AUTODETECT_NETWORK_CHARACTERISTICS:
        default:
          g_debug ("connector: network characteristics: base RTT %u ms, bandwidth %u kbit/s, RTT %u ms",
                   request.base_rtt, request.bandwidth, request.average_rtt);
          return TRUE;
        }
      body = rdp_autodetect_encode_response (&response, error);
      *out_output = message_channel_envelope (self, RDP_SEC_AUTODETECT_RSP, body, error);
      return *out_output != NULL;
    }

  if (envelope.header.flags & RDP_SEC_TRANSPORT_REQ)
    {
      RdpMultitransportRequest request;

      if (!rdp_multitransport_decode_request (envelope.body, envelope.body_length, &request, error))
        return FALSE;
      g_debug ("connector: declining multitransport request %u", request.request_id);
      body = rdp_multitransport_encode_response (request.request_id, RDP_MULTITRANSPORT_E_ABORT);
      *out_output = message_channel_envelope (self, RDP_SEC_TRANSPORT_RSP, body, error);
      return *out_output != NULL;
    }

  g_debug ("connector: ignoring a message channel PDU with security flags 0x%04x", envelope.header.flags);
  return TRUE;
}

/* Licensing ([MS-RDPELE] 1.3.3): STATUS_VALID_CLIENT at once (the usual
 * case over TLS), or License Request → New License Request, Platform
 * Challenge → Response, then New License or STATUS_VALID_CLIENT. Issued
 * licenses are not kept. */
static gboolean
receive_licensing (RdpConnector  *self,
                   GBytes        *input,
                   GBytes       **out_output,
                   GError       **error)
{
  RdpMcsDomainPdu pdu;
  RdpSecurityPdu envelope;
  RdpLicensePreamble preamble;
  RdpPduReader body;
  g_auto(RdpLicenseErrorMessage) message = { 0 };
  g_auto(RdpLicenseNewLicense) license = { 0 };
  g_autoptr(GBytes) answer = NULL;

  if (!receive_send_data (input, &pdu, error))
    return FALSE;
  if (self->message_channel_id != 0 && pdu.channel_id == self->message_channel_id)
    return receive_message_channel (self, &pdu, out_output, error);
  if (!rdp_security_pdu_decode_user_data (pdu.user_data, pdu.user_data_length, &envelope, error))
    return FALSE;
  if (!(envelope.header.flags & RDP_SEC_LICENSE_PKT))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("Expected a licensing PDU, got a PDU with security flags 0x%04x"),
                   envelope.header.flags);
      return FALSE;
    }
  if (!rdp_license_read_preamble (envelope.body, envelope.body_length, &preamble, &body, error))
    return FALSE;

  switch (preamble.msg_type)
    {
    case RDP_LICENSE_ERROR_ALERT:
      if (!rdp_license_decode_error_message (envelope.body, envelope.body_length, &message, error))
        return FALSE;
      if (!rdp_license_error_message_is_valid_client (&message))
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                       _("Licensing failed: the server sent error code 0x%08x (state transition %u)"),
                       (guint) message.error_code, (guint) message.state_transition);
          return FALSE;
        }
      rdp_license_session_clear (&self->license);
      set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
      return TRUE;

    case RDP_LICENSE_REQUEST:
      answer = rdp_license_client_answer_request (&self->license, envelope.body, envelope.body_length,
                                                  self->config->username, self->config->client_name,
                                                  error);
      *out_output = license_envelope (self, answer, error);
      return *out_output != NULL;

    case RDP_LICENSE_PLATFORM_CHALLENGE:
      answer = rdp_license_client_answer_challenge (&self->license, envelope.body, envelope.body_length, error);
      *out_output = license_envelope (self, answer, error);
      return *out_output != NULL;

    case RDP_LICENSE_NEW_LICENSE:
    case RDP_LICENSE_UPGRADE_LICENSE:
      if (!rdp_license_decode_new_license (envelope.body, envelope.body_length, &license, error))
        return FALSE;
      g_debug ("connector: the server issued a license (%u bytes), not kept",
               (guint) g_bytes_get_size (license.encrypted_license_info));
      rdp_license_session_clear (&self->license);
      set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
      return TRUE;

    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                   _("Unexpected licensing message type 0x%02x"), preamble.msg_type);
      return FALSE;
    }
}

/* Set Error Info with a code other than 0 means the server is about to
 * disconnect and tells why. */
static gboolean
check_set_error_info (RdpPduReader  *payload,
                      GError       **error)
{
  guint32 info;

  if (!rdp_share_read_set_error_info (payload, &info, error))
    return FALSE;
  if (info == 0)
    return TRUE;
  g_set_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED,
               _("The server is ending the connection (error info 0x%08x)"), (guint) info);
  return FALSE;
}

static GBytes *
send_data_request (RdpConnector  *self,
                   GBytes        *share_pdu,
                   GError       **error)
{
  return rdp_mcs_encode_send_data_request (self->user_channel_id, self->io_channel_id,
                                           g_bytes_get_data (share_pdu, NULL),
                                           g_bytes_get_size (share_pdu), error);
}

static GBytes *
finalization_pdus (RdpConnector  *self,
                   GError       **error)
{
  g_autoptr(GBytes) sync = rdp_share_encode_client_synchronize (self->user_channel_id, self->share_id,
                                                                self->server_channel_id);
  g_autoptr(GBytes) cooperate = rdp_share_encode_client_control (self->user_channel_id, self->share_id,
                                                                 RDP_SHARE_CTRLACTION_COOPERATE);
  g_autoptr(GBytes) request = rdp_share_encode_client_control (self->user_channel_id, self->share_id,
                                                               RDP_SHARE_CTRLACTION_REQUEST_CONTROL);
  g_autoptr(GBytes) fonts = rdp_share_encode_client_font_list (self->user_channel_id, self->share_id);
  g_autoptr(GBytes) sync_pdu = NULL;
  g_autoptr(GBytes) cooperate_pdu = NULL;
  g_autoptr(GBytes) request_pdu = NULL;
  g_autoptr(GBytes) fonts_pdu = NULL;

  if ((sync_pdu = send_data_request (self, sync, error)) == NULL ||
      (cooperate_pdu = send_data_request (self, cooperate, error)) == NULL ||
      (request_pdu = send_data_request (self, request, error)) == NULL ||
      (fonts_pdu = send_data_request (self, fonts, error)) == NULL)
    return NULL;
  return concat_bytes (sync_pdu, cooperate_pdu, request_pdu, fonts_pdu, NULL);
}

static GBytes *
receive_demand_active (RdpConnector              *self,
                       const RdpShareControlPdu  *share,
                       GError                   **error)
{
  g_auto(RdpActivePdu) demand = { 0 };
  g_auto(RdpActivePdu) confirm = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GByteArray) confirm_bytes = g_byte_array_new ();
  g_autoptr(GBytes) confirm_share = NULL;
  g_autoptr(GBytes) confirm_pdu = NULL;
  g_autoptr(GBytes) finalization = NULL;
  RdpConnectorConfig *s = self->config;
  RdpClientCapsConfig config = { 0 };
  RdpConnectionResult *result = self->result;

  if (!rdp_active_pdu_decode (share, &demand, error) ||
      !rdp_server_capabilities_parse (&demand, &caps, error))
    return NULL;

  self->share_id = demand.share_id;
  self->server_channel_id = demand.source;

  result->share_id = demand.share_id;
  result->desktop_width = caps.has_bitmap ? caps.desktop_width : s->desktop_width;
  result->desktop_height = caps.has_bitmap ? caps.desktop_height : s->desktop_height;
  result->color_depth = caps.has_bitmap && caps.preferred_bits_per_pixel ?
                        caps.preferred_bits_per_pixel : s->color_depth;
  result->desktop_resize = caps.has_bitmap && caps.desktop_resize;
  result->fast_path_output = caps.has_general && (caps.extra_flags & RDP_FASTPATH_OUTPUT_SUPPORTED);
  result->multifragment_max_size = caps.has_multifragment_update ? caps.max_request_size : 0;
  result->pointer_cache_size = caps.has_pointer ? caps.pointer_cache_size : 0;
  result->surface_commands = caps.has_surface_commands ? caps.surface_command_flags : 0;

  /* answer with the size and depth the server settled on */
  config.desktop_width = result->desktop_width;
  config.desktop_height = result->desktop_height;
  config.color_depth = result->color_depth;
  config.desktop_resize = TRUE;
  config.keyboard_layout = s->keyboard_layout;
  config.keyboard_type = s->keyboard_type;
  config.keyboard_subtype = s->keyboard_subtype;
  config.keyboard_function_keys = s->keyboard_function_keys;
  config.max_request_size = 0;
  rdp_active_pdu_init_confirm (&confirm, demand.share_id, self->user_channel_id,
                               demand.source, &config);
  if (!rdp_active_pdu_write (confirm_bytes, &confirm, error))
    return NULL;
  confirm_share = g_byte_array_free_to_bytes (g_steal_pointer (&confirm_bytes));

  if ((confirm_pdu = send_data_request (self, confirm_share, error)) == NULL ||
      (finalization = finalization_pdus (self, error)) == NULL)
    return NULL;

  self->got_synchronize = self->got_cooperate = self->got_granted_control = FALSE;
  set_state (self, RDP_CONNECTOR_STATE_FINALIZATION);
  return concat_bytes (confirm_pdu, finalization, NULL);
}

/* Capabilities exchange and finalization: walks the Share Control PDUs of
 * one Send Data Indication; *out_output gets what to send. */
static gboolean
receive_share_pdus (RdpConnector  *self,
                    GBytes        *input,
                    GBytes       **out_output,
                    GError       **error)
{
  RdpMcsDomainPdu pdu;
  RdpShareIter iter;
  RdpShareControlPdu share;
  GError *local_error = NULL;

  if (!receive_send_data (input, &pdu, error))
    return FALSE;
  if (self->message_channel_id != 0 && pdu.channel_id == self->message_channel_id)
    return receive_message_channel (self, &pdu, out_output, error);
  if (pdu.channel_id != self->io_channel_id)
    {
      g_debug ("connector: ignoring a PDU on channel %u", pdu.channel_id);
      return TRUE;
    }

  rdp_share_iter_init (&iter, pdu.user_data, pdu.user_data_length);
  while (rdp_share_iter_next (&iter, &share, &local_error))
    {
      RdpShareDataHeader header;
      RdpPduReader payload;

      switch (share.type)
        {
        case RDP_SHARE_PDU_DEMAND_ACTIVE:
          if (self->state != RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
                           _("The server sent a Demand Active PDU during the connection finalization"));
              return FALSE;
            }
          *out_output = receive_demand_active (self, &share, error);
          if (*out_output == NULL)
            return FALSE;
          /* whatever follows in the same PDU is finalization */
          break;

        case RDP_SHARE_PDU_DEACTIVATE_ALL:
          /* before a Demand Active: skipped; during the finalization: a
           * deactivation-reactivation sequence starts over */
          g_debug ("connector: Deactivate All");
          if (self->state == RDP_CONNECTOR_STATE_FINALIZATION)
            set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
          break;

        case RDP_SHARE_PDU_DATA:
          if (!rdp_share_data_read (&share, &header, &payload, error))
            return FALSE;
          if (header.compressed_type & RDP_SHARE_PACKET_COMPRESSED)
            {
              g_debug ("connector: ignoring a compressed Share Data PDU");
              break;
            }
          if (header.pdu_type2 == RDP_SHARE_DATA_SET_ERROR_INFO)
            {
              if (!check_set_error_info (&payload, error))
                return FALSE;
              break;
            }
          if (self->state != RDP_CONNECTOR_STATE_FINALIZATION)
            {
              g_debug ("connector: ignoring a %s PDU before the Demand Active",
                       rdp_share_data_type_to_string (header.pdu_type2));
              break;
            }
          switch (header.pdu_type2)
            {
            case RDP_SHARE_DATA_SYNCHRONIZE:
              {
                RdpShareSynchronize sync;

                if (!rdp_share_read_synchronize (&payload, &sync, error))
                  return FALSE;
                self->got_synchronize = TRUE;
              }
              break;
            case RDP_SHARE_DATA_CONTROL:
              {
                RdpShareControl control;

                if (!rdp_share_read_control (&payload, &control, error))
                  return FALSE;
                if (control.action == RDP_SHARE_CTRLACTION_COOPERATE)
                  self->got_cooperate = TRUE;
                else if (control.action == RDP_SHARE_CTRLACTION_GRANTED_CONTROL)
                  self->got_granted_control = TRUE;
              }
              break;
            case RDP_SHARE_DATA_FONT_MAP:
              {
                RdpShareFontList map;

                if (!rdp_share_read_font_list (&payload, &map, error))
                  return FALSE;
                if (!self->got_synchronize || !self->got_cooperate || !self->got_granted_control)
                  g_debug ("connector: Font Map before Synchronize/Cooperate/Granted Control");
                set_state (self, RDP_CONNECTOR_STATE_CONNECTED);
              }
              break;
            default:
              g_debug ("connector: ignoring a %s PDU during the finalization",
                       rdp_share_data_type_to_string (header.pdu_type2));
              break;
            }
          break;

        case RDP_SHARE_PDU_SERVER_REDIRECT:
          g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                       _("The server redirected the client to another server, which is not supported"));
          return FALSE;

        case RDP_SHARE_PDU_CONFIRM_ACTIVE:
        case RDP_SHARE_PDU_FLOW:
        default:
          g_debug ("connector: ignoring a Share Control PDU of type %u", share.type);
          break;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void fail_state_error (RdpConnector *self, GError **error);

/* A new result for a reactivation: the one handed out stays as it was. */
static void
renew_result (RdpConnector *self)
{
  RdpConnectionResult *old = self->result;
  RdpConnectionResult *result = rdp_connection_result_new ();
  guint n = g_strv_length (old->static_channel_names);

  result->selected_protocol = old->selected_protocol;
  result->io_channel_id = old->io_channel_id;
  result->user_channel_id = old->user_channel_id;
  result->message_channel_id = old->message_channel_id;
  g_strfreev (result->static_channel_names);
  result->static_channel_names = g_strdupv (old->static_channel_names);
  result->static_channel_ids = g_memdup2 (old->static_channel_ids, MAX (1, n) * sizeof (guint16));
  self->result = result;
  rdp_connection_result_unref (old);
}

/**
 * rdp_connector_handle_deactivate_all:
 * @self: a connector that is %RDP_CONNECTOR_STATE_CONNECTED
 * @pdu: a whole slow-path PDU that the active stage read
 * @error: return location for a #GError
 *
 * Surfaces a Deactivate All PDU of the active stage: the server starts a
 * deactivation-reactivation sequence ([MS-RDPBCGR] 1.3.1.3), for instance
 * after a desktop resize. When @pdu (a Send Data Indication on the I/O
 * channel) holds one, the connector goes back to
 * %RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE and rdp_connect_finalize_async()
 * runs the capabilities exchange and the finalization again, ending with a
 * new [struct@ConnectionResult] (the previous one does not change).
 *
 * Returns: %TRUE when @pdu was a Deactivate All, %FALSE when it was not
 *   (nothing changes) or on error (a malformed PDU, or a Disconnect
 *   Provider Ultimatum: %RDP_ERROR_DISCONNECTED)
 */
gboolean
rdp_connector_handle_deactivate_all (RdpConnector  *self,
                                     GBytes        *pdu,
                                     GError       **error)
{
  RdpMcsDomainPdu mcs;
  RdpShareIter iter;
  RdpShareControlPdu share;
  GError *local_error = NULL;

  g_return_val_if_fail (RDP_IS_CONNECTOR (self), FALSE);
  g_return_val_if_fail (pdu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != RDP_CONNECTOR_STATE_CONNECTED)
    {
      fail_state_error (self, error);
      return FALSE;
    }
  if (!decode_domain_pdu (pdu, &mcs, error))
    return FALSE;
  if (mcs.type != RDP_MCS_SEND_DATA_INDICATION || mcs.channel_id != self->io_channel_id)
    return FALSE;

  rdp_share_iter_init (&iter, mcs.user_data, mcs.user_data_length);
  while (rdp_share_iter_next (&iter, &share, &local_error))
    if (share.type == RDP_SHARE_PDU_DEACTIVATE_ALL)
      {
        g_debug ("connector: Deactivate All in the active stage");
        renew_result (self);
        set_state (self, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
        return TRUE;
      }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return FALSE;
}

static void
fail_state_error (RdpConnector  *self,
                  GError       **error)
{
  g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
               _("The connector cannot be stepped in its state (%d)"), self->state);
}

/**
 * rdp_connector_step:
 * @self: a connector
 * @input: (nullable): the bytes of one whole PDU from the server, when
 *   rdp_connector_wants_input() says so; %NULL otherwise
 * @error: return location for a #GError
 *
 * Makes one step of the connection sequence: processes @input (if the
 * state wants one) and produces what is to be sent next.
 *
 * The errors are those of the %RDP_ERROR domain: %RDP_ERROR_INVALID_DATA
 * for a malformed PDU, %RDP_ERROR_UNEXPECTED_PDU for one that has no place
 * here, %RDP_ERROR_NEGOTIATION_FAILED and %RDP_ERROR_NLA_REQUIRED when the
 * security negotiation fails, %RDP_ERROR_NOT_SUPPORTED when the server
 * wants something rdp-gio does not do, %RDP_ERROR_DISCONNECTED when the
 * server ends the connection. After an error the connector is
 * %RDP_CONNECTOR_STATE_FAILED.
 *
 * Returns: (transfer full) (nullable): the bytes to send (one or more
 *   whole PDUs), or %NULL when there is nothing to send or on error (with
 *   @error set)
 */
GBytes *
rdp_connector_step (RdpConnector  *self,
                    GBytes        *input,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *output = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (rdp_connector_wants_input (self) && input == NULL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The connector needs a PDU from the server for this step"));
      return NULL;
    }
  if (!rdp_connector_wants_input (self) && input != NULL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("The connector takes no PDU in this step"));
      return NULL;
    }

  switch (self->state)
    {
    case RDP_CONNECTOR_STATE_CONNECTION_REQUEST:
      output = send_connection_request (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_CONNECTION_CONFIRM:
      ok = receive_connection_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE:
      output = send_connect_initial (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE:
      ok = receive_connect_response (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_ATTACH_USER:
      output = send_attach_user (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM:
      ok = receive_attach_user_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN:
      output = send_channel_join (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM:
      ok = receive_channel_join_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE:
      output = send_client_info (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_LICENSING:
      ok = receive_licensing (self, input, &output, &local_error);
      break;
    case RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE:
    case RDP_CONNECTOR_STATE_FINALIZATION:
      ok = receive_share_pdus (self, input, &output, &local_error);
      break;
    case RDP_CONNECTOR_STATE_SECURITY_UPGRADE:
    case RDP_CONNECTOR_STATE_CREDSSP:
    case RDP_CONNECTOR_STATE_CONNECTED:
    case RDP_CONNECTOR_STATE_FAILED:
    default:
      fail_state_error (self, error);
      return NULL;
    }

  if (!ok)
    {
      g_clear_pointer (&output, g_bytes_unref);
      set_state (self, RDP_CONNECTOR_STATE_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return output;
}
