/* rdp-connector-private.h: the connector's inputs besides PDUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-connector.h"
#include "rdp-connector-config-private.h"
#include "rdp-credssp-private.h"

G_BEGIN_DECLS

/* The monotonic clock in microseconds (g_get_monotonic_time() by
 * default). */
typedef gint64   (*RdpClockFunc)  (gpointer  user_data);

/* Fills @buffer with @size random bytes fit for keys; FALSE if it cannot
 * (GnuTLS's key generator by default). */
typedef gboolean (*RdpRandomFunc) (guint8   *buffer,
                                   gsize     size,
                                   gpointer  user_data);

/* A connector at the start of the sequence, with a copy of @config. */
RdpConnector *rdp_connector_new_with_config (const RdpConnectorConfig *config);

/* Time and randomness are inputs, so that every state can be reproduced
 * in a test. NULL restores the default. */
void          rdp_connector_set_clock       (RdpConnector  *self,
                                             RdpClockFunc   clock,
                                             gpointer       user_data);
void          rdp_connector_set_random      (RdpConnector  *self,
                                             RdpRandomFunc  random,
                                             gpointer       user_data);

/* The user name and domain NLA sends (DOMAIN\\user split when the domain
 * setting is empty); free both. */
void          rdp_connector_get_credentials (RdpConnector  *self,
                                             char         **out_user,
                                             char         **out_domain);

/* A CredSSP client with the connector's credentials and server name, for
 * the CredSSP point (rdp_connector_should_perform_credssp()); the driver
 * runs it and then calls rdp_connector_mark_credssp_done(). */
RdpCredssp   *rdp_connector_new_credssp     (RdpConnector  *self,
                                             GBytes        *server_public_key,
                                             GError       **error);

/* The KDC proxy URL of the settings ([MS-KKDCP]), or NULL. */
const char   *rdp_connector_get_kdc_proxy_url (RdpConnector *self);

/* KDC discovery through DNS, which the driver does (the connector does no
 * I/O): when NLA would use Kerberos if DNS named a KDC for the realm (no
 * KDC proxy URL, no KDC in the krb5 configuration), the realm to look up
 * (_kerberos._tcp.REALM, _kerberos._udp.REALM), else NULL; the driver then
 * gives what it found, best first, as krb5.conf entries ("tcp/host:port",
 * "udp/host:port"; none: NTLM) before rdp_connector_new_credssp(). */
char         *rdp_connector_get_kdc_discovery_realm (RdpConnector *self);
void          rdp_connector_set_discovered_kdcs     (RdpConnector       *self,
                                                     const char * const *kdcs);
const char * const *rdp_connector_get_discovered_kdcs (RdpConnector *self);

G_END_DECLS
