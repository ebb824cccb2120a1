/* rdp-connector.c: the client connection sequence as a sans-I/O state
 * machine ([MS-RDPBCGR] 1.3.1.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "rdp-connector-state-private.h"
#ifdef RDP_GIO_HAVE_KERBEROS
#include "rdp-kerberos-private.h"
#endif
#include "rdp-enum-types.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

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
 *   (rdp_connect_finalize_async() does it) and call
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

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdpConnector, rdp_connector, G_TYPE_OBJECT)

static gint64   default_clock  (gpointer user_data);
static void     fail_state_error (RdpConnector *self, GError **error);
static gboolean default_random (guint8 *buffer, gsize size, gpointer user_data);

static void
rdp_connector_finalize (GObject *object)
{
  RdpConnector *self = RDP_CONNECTOR (object);

  g_clear_pointer (&self->config, rdp_connector_config_free);
  rdp_license_session_clear (&self->license);
  g_free (self->client_address);
  g_free (self->server_name);
  g_strfreev (self->discovered_kdcs);
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

/**
 * rdp_connector_set_server_name:
 * @self: a connector
 * @name: (nullable): the server's host name, or %NULL
 *
 * Sets the name of the server as the client addressed it (a DNS name or an
 * address, without the port). Network Level Authentication names the
 * service it authenticates to as `TERMSRV/<name>`. [class@Client] sets it
 * to the host it connects to; without it the connector uses "localhost".
 */
void
rdp_connector_set_server_name (RdpConnector *self,
                               const char   *name)
{
  g_return_if_fail (RDP_IS_CONNECTOR (self));

  g_free (self->server_name);
  self->server_name = g_strdup (name);
}

/* The user name and domain that authentication uses: the domain setting
 * when it is set, else a domain written in the user name as DOMAIN\user;
 * a user@domain name (a UPN) goes as it is with no domain, as [MS-NLMP]
 * has it. */
void
rdp_connector_get_credentials (RdpConnector  *self,
                               char         **out_user,
                               char         **out_domain)
{
  const char *user = self->config->username ? self->config->username : "";
  const char *domain = self->config->domain ? self->config->domain : "";
  const char *backslash = strchr (user, '\\');

  if (backslash != NULL && domain[0] == '\0')
    {
      *out_domain = g_strndup (user, backslash - user);
      *out_user = g_strdup (backslash + 1);
      return;
    }
  *out_user = g_strdup (user);
  *out_domain = g_strdup (domain);
}

#ifdef RDP_GIO_HAVE_KERBEROS
typedef enum {
  KERBEROS_CHOICE_NTLM,       /* no realm, or no KDC known for it */
  KERBEROS_CHOICE_PROXY,      /* the settings' KDC proxy URL */
  KERBEROS_CHOICE_CONFIG,     /* KDCs of the realm in the krb5 configuration */
  KERBEROS_CHOICE_DNS,        /* KDCs of the realm found in DNS (SRV) */
  KERBEROS_CHOICE_ASK_DNS,    /* none of these yet: the driver asks DNS first */
} KerberosChoice;

/* The one place where NLA picks Kerberos or NTLM (doc/kerberos.md, "When
 * Kerberos is used"): a KDC proxy URL in the settings; else the realm's
 * KDCs in the krb5 configuration; else the realm's KDCs in DNS SRV records
 * (_kerberos._tcp.REALM, then _kerberos._udp.REALM), which the driver looks
 * up and hands over with rdp_connector_set_discovered_kdcs(); else NTLM.
 * The realm (*@out_realm, upper case) is the domain, else a UPN's suffix;
 * krb5's default realm only with a KDC proxy URL (NULL realm then) —
 * without one, an empty domain means NTLM, because the default realm of a
 * stock krb5.conf (Debian's names ATHENA.MIT.EDU) says nothing about the
 * server. */
static KerberosChoice
kerberos_choice (RdpConnector  *self,
                 const char    *user,
                 const char    *domain,
                 char         **out_realm)
{
  g_auto(GStrv) kdcs = NULL;
  g_autofree char *realm = NULL;
  const char *at = strchr (user, '@');

  *out_realm = NULL;
  if (user[0] == '\0')
    return KERBEROS_CHOICE_NTLM;
  if (domain[0] != '\0')
    realm = g_ascii_strup (domain, -1);
  else if (at != NULL && at[1] != '\0')
    realm = g_ascii_strup (at + 1, -1);
  if (rdp_connector_get_kdc_proxy_url (self) != NULL)
    {
      *out_realm = g_steal_pointer (&realm);
      return KERBEROS_CHOICE_PROXY;
    }
  if (realm == NULL)
    return KERBEROS_CHOICE_NTLM;
  kdcs = rdp_kerberos_get_config_kdcs (realm);
  *out_realm = g_steal_pointer (&realm);
  if (kdcs != NULL && kdcs[0] != NULL)
    return KERBEROS_CHOICE_CONFIG;
  if (self->discovered_kdcs == NULL)
    return KERBEROS_CHOICE_ASK_DNS;
  if (self->discovered_kdcs[0] != NULL)
    return KERBEROS_CHOICE_DNS;
  return KERBEROS_CHOICE_NTLM;
}

/* Kerberos when kerberos_choice() picks it; NULL: NTLM. */
static RdpKerberos *
new_kerberos (RdpConnector *self,
              const char   *user,
              const char   *domain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *realm = NULL;
  RdpKerberos *kerberos;
  KerberosChoice choice = kerberos_choice (self, user, domain, &realm);

  switch (choice)
    {
    case KERBEROS_CHOICE_NTLM:
    case KERBEROS_CHOICE_ASK_DNS:
      g_debug ("connector: no KDC known for %s: NTLM", realm != NULL ? realm : "(no realm)");
      return NULL;
    case KERBEROS_CHOICE_PROXY:
    case KERBEROS_CHOICE_CONFIG:
    case KERBEROS_CHOICE_DNS:
    default:
      break;
    }
  kerberos = rdp_kerberos_new (user, realm, self->config->password,
                               self->server_name ? self->server_name : "localhost", &error);
  if (kerberos == NULL)
    {
      g_debug ("connector: no Kerberos (%s): NTLM", error->message);
      return NULL;
    }
  g_debug ("connector: Kerberos for %s, KDC from %s", rdp_kerberos_get_realm (kerberos),
           choice == KERBEROS_CHOICE_PROXY ? "the KDC proxy URL" :
           choice == KERBEROS_CHOICE_CONFIG ? "the krb5 configuration" : "DNS");
  return kerberos;
}
#endif

/* The realm whose KDCs the driver must look up in DNS (SRV) before NLA
 * starts, or NULL when nothing is to be looked up: Kerberos is not built,
 * NLA is not due, a KDC proxy URL or the krb5 configuration names the KDC,
 * there is no realm, or the lookup was done
 * (rdp_connector_set_discovered_kdcs()). Free with g_free(). */
char *
rdp_connector_get_kdc_discovery_realm (RdpConnector *self)
{
#ifdef RDP_GIO_HAVE_KERBEROS
  g_autofree char *user = NULL, *domain = NULL;
  g_autofree char *realm = NULL;

  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);

  if (!rdp_connector_should_perform_credssp (self))
    return NULL;
  rdp_connector_get_credentials (self, &user, &domain);
  if (kerberos_choice (self, user, domain, &realm) == KERBEROS_CHOICE_ASK_DNS)
    return g_steal_pointer (&realm);
#endif
  return NULL;
}

/* What DNS said about the KDCs of the realm of
 * rdp_connector_get_kdc_discovery_realm(): entries in the krb5.conf form
 * ("tcp/host:port", "udp/host:port"), best first; an empty list (or NULL)
 * when there are none: then NLA uses NTLM. */
void
rdp_connector_set_discovered_kdcs (RdpConnector       *self,
                                   const char * const *kdcs)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (RDP_IS_CONNECTOR (self));

  g_strfreev (self->discovered_kdcs);
  self->discovered_kdcs = g_strdupv ((char **) (kdcs != NULL ? kdcs : none));
}

/* The KDCs of rdp_connector_set_discovered_kdcs(), or NULL. */
const char * const *
rdp_connector_get_discovered_kdcs (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);

  return (const char * const *) self->discovered_kdcs;
}

/* The KDC proxy URL of the settings, or NULL. */
const char *
rdp_connector_get_kdc_proxy_url (RdpConnector *self)
{
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);

  if (self->config->kdc_proxy_url == NULL || self->config->kdc_proxy_url[0] == '\0')
    return NULL;
  return self->config->kdc_proxy_url;
}

RdpCredssp *
rdp_connector_new_credssp (RdpConnector  *self,
                           GBytes        *server_public_key,
                           GError       **error)
{
  g_autofree char *user = NULL, *domain = NULL;

  g_return_val_if_fail (RDP_IS_CONNECTOR (self), NULL);

  if (!rdp_connector_should_perform_credssp (self))
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("Network Level Authentication is not due"));
      return NULL;
    }
  if (server_public_key == NULL || g_bytes_get_size (server_public_key) == 0)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("Network Level Authentication needs the public key of the "
                             "server's TLS certificate"));
      return NULL;
    }
  rdp_connector_get_credentials (self, &user, &domain);
#ifdef RDP_GIO_HAVE_KERBEROS
  {
    RdpKerberos *kerberos = new_kerberos (self, user, domain);

    if (kerberos != NULL)
      return rdp_credssp_new (rdp_kerberos_get_mechanism (kerberos), domain, user,
                              self->config->password, server_public_key);
  }
#endif
  return rdp_credssp_new_ntlm (domain, user, self->config->password, self->config->client_name,
                               self->server_name ? self->server_name : "localhost",
                               server_public_key);
}

void
rdp_connector_set_state (RdpConnector      *self,
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
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_CREDSSP);
  else
    rdp_connector_set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
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

  rdp_connector_set_state (self, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
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
  g_return_val_if_fail (RDP_IS_CONNECTOR (self), FALSE);
  g_return_val_if_fail (pdu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != RDP_CONNECTOR_STATE_CONNECTED)
    {
      fail_state_error (self, error);
      return FALSE;
    }
  return rdp_connector_receive_deactivate_all (self, pdu, error);
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
      output = rdp_connector_send_connection_request (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_CONNECTION_CONFIRM:
      ok = rdp_connector_receive_connection_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE:
      output = rdp_connector_send_connect_initial (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE:
      ok = rdp_connector_receive_connect_response (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_ATTACH_USER:
      output = rdp_connector_send_attach_user (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM:
      ok = rdp_connector_receive_attach_user_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN:
      output = rdp_connector_send_channel_join (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM:
      ok = rdp_connector_receive_channel_join_confirm (self, input, &local_error);
      break;
    case RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE:
      output = rdp_connector_send_client_info (self, &local_error);
      ok = output != NULL;
      break;
    case RDP_CONNECTOR_STATE_LICENSING:
      ok = rdp_connector_receive_licensing (self, input, &output, &local_error);
      break;
    case RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE:
    case RDP_CONNECTOR_STATE_FINALIZATION:
      ok = rdp_connector_receive_share_pdus (self, input, &output, &local_error);
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
      rdp_connector_set_state (self, RDP_CONNECTOR_STATE_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return output;
}

