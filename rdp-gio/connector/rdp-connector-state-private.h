/* rdp-connector-state-private.h: the connector's state, shared by the
 * files that implement the steps of the connection sequence
 *
 * rdp-connector.c is the GObject, the public API and the step dispatch;
 * each step lives with its part of the sequence, as IronRDP splits
 * connection / channel_connection / license_exchange /
 * connection_activation:
 *
 * - rdp-connector-negotiation.c: X.224 Connection Request and Confirm;
 * - rdp-connector-channels.c: MCS Connect Initial/Response, Erect Domain,
 *   Attach User, channel joins;
 * - rdp-connector-licensing.c: Client Info and the licensing exchange;
 * - rdp-connector-autodetect.c: the message channel (auto-detection,
 *   multitransport);
 * - rdp-connector-activation.c: capabilities exchange, finalization,
 *   deactivation-reactivation;
 * - rdp-connector-capabilities.c: what the client advertises in its
 *   Confirm Active.
 *
 * Each rdp_connector_send_*() returns the bytes to send (and moves the
 * state on) or NULL with @error set; each rdp_connector_receive_*() takes
 * one PDU and returns FALSE with @error set when it fails. Every PDU the
 * connector sends is self-wiping (rdp_secret_concat() and friends): one of
 * them holds the password, and the connection sequence is not where a
 * wipe's cost matters.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-connector-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-license-client-private.h"
#include "rdp-mcs-private.h"
#include "rdp-capabilities-private.h"

G_BEGIN_DECLS

struct _RdpConnector {
  GObject parent_instance;

  RdpConnectorConfig *config;
  RdpClockFunc clock;
  gpointer clock_data;
  RdpRandomFunc random;
  gpointer random_data;
  char *client_address;
  char *server_name;                /* for CredSSP's TERMSRV/<name> */
  /* the realm's KDCs the driver found in DNS (SRV), as krb5.conf writes
   * them ("tcp/host:port"); NULL until rdp_connector_set_discovered_kdcs() */
  char **discovered_kdcs;
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

/* rdp-connector.c */
void     rdp_connector_set_state                    (RdpConnector       *self,
                                                     RdpConnectorState   state);

/* rdp-connector-negotiation.c */
GBytes  *rdp_connector_send_connection_request      (RdpConnector       *self,
                                                     GError            **error);
gboolean rdp_connector_receive_connection_confirm   (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GError            **error);

/* rdp-connector-channels.c */
GBytes  *rdp_connector_send_connect_initial         (RdpConnector       *self,
                                                     GError            **error);
gboolean rdp_connector_receive_connect_response     (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GError            **error);
GBytes  *rdp_connector_send_attach_user             (RdpConnector       *self,
                                                     GError            **error);
gboolean rdp_connector_receive_attach_user_confirm  (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GError            **error);
GBytes  *rdp_connector_send_channel_join            (RdpConnector       *self,
                                                     GError            **error);
gboolean rdp_connector_receive_channel_join_confirm (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GError            **error);
/* Decodes a domain PDU; a Disconnect Provider Ultimatum fails with
 * RDP_ERROR_DISCONNECTED. */
gboolean rdp_connector_decode_domain_pdu            (GBytes             *input,
                                                     RdpMcsDomainPdu    *out_pdu,
                                                     GError            **error);
/* The user data of a Send Data Indication (a DPUM fails the step). */
gboolean rdp_connector_receive_send_data            (GBytes             *input,
                                                     RdpMcsDomainPdu    *out_pdu,
                                                     GError            **error);

/* rdp-connector-licensing.c */
GBytes  *rdp_connector_send_client_info             (RdpConnector       *self,
                                                     GError            **error);
gboolean rdp_connector_receive_licensing            (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GBytes            **out_output,
                                                     GError            **error);

/* rdp-connector-autodetect.c */
gboolean rdp_connector_receive_message_channel      (RdpConnector           *self,
                                                     const RdpMcsDomainPdu  *pdu,
                                                     GBytes                **out_output,
                                                     GError                **error);

/* rdp-connector-activation.c */
gboolean rdp_connector_receive_share_pdus           (RdpConnector       *self,
                                                     GBytes             *input,
                                                     GBytes            **out_output,
                                                     GError            **error);
/* The active stage's Deactivate All: TRUE (and back to the capabilities
 * exchange, with a new result) when @pdu holds one; FALSE with @error
 * unset when it does not. */
gboolean rdp_connector_receive_deactivate_all       (RdpConnector       *self,
                                                     GBytes             *pdu,
                                                     GError            **error);

/* rdp-connector-capabilities.c */
/* Sets up the client's Confirm Active answering @demand: the capability
 * sets the client advertises, with the desktop size and depth of @result
 * (what the server settled on). */
void     rdp_connector_init_confirm_active          (RdpConnector              *self,
                                                     const RdpActivePdu        *demand,
                                                     const RdpConnectionResult *result,
                                                     RdpActivePdu              *out_confirm);

G_END_DECLS
