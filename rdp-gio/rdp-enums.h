/* rdp-enums.h: public enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib.h>

#include "rdp-version.h"

G_BEGIN_DECLS

/**
 * RdpAction:
 * @RDP_ACTION_FAST_PATH: a fast-path PDU ([MS-RDPBCGR] 2.2.9.1.2 and 2.2.8.1.2)
 * @RDP_ACTION_X224: a slow-path PDU: a TPKT header followed by an X.224 TPDU
 *
 * The kind of a framed RDP PDU, as told by the two low bits of its first byte.
 *
 * The values are those bits, so `(RdpAction) (data[0] & 3)` of a PDU that
 * rdp-gio returned is its action.
 */
typedef enum {
  RDP_ACTION_FAST_PATH = 0,
  RDP_ACTION_X224 = 3,
} RdpAction;

/**
 * RdpPduHint:
 * @RDP_PDU_HINT_ANY: a TPKT/X.224 or a fast-path PDU, whichever comes
 * @RDP_PDU_HINT_X224: a TPKT/X.224 PDU only
 * @RDP_PDU_HINT_FAST_PATH: a fast-path PDU only
 * @RDP_PDU_HINT_CREDSSP: a DER-encoded CredSSP `TSRequest` (`30` and a DER
 *   length in any of its forms), at most %RDP_FRAMED_MAX_CREDSSP_SIZE bytes
 * @RDP_PDU_HINT_EARLY_USER_AUTH_RESULT: the 4-byte Early User Authorization
 *   Result PDU that a server sends after CredSSP with `HYBRID_EX`
 *
 * What rdp_framed_read_by_hint() expects next on the wire.
 *
 * A frame that is well formed but of another kind than the hint asks for is
 * never dropped: the read fails with %RDP_ERROR_UNEXPECTED_PDU and the frame
 * stays buffered, so the next read (for instance rdp_framed_read_pdu()) returns
 * it whole.
 */
typedef enum {
  RDP_PDU_HINT_ANY,
  RDP_PDU_HINT_X224,
  RDP_PDU_HINT_FAST_PATH,
  RDP_PDU_HINT_CREDSSP,
  RDP_PDU_HINT_EARLY_USER_AUTH_RESULT,
} RdpPduHint;

/**
 * RdpSecurityProtocol:
 * @RDP_SECURITY_PROTOCOL_NONE: no protocol
 * @RDP_SECURITY_PROTOCOL_STANDARD: standard RDP security (`PROTOCOL_RDP`);
 *   rdp-gio supports only its form without encryption
 * @RDP_SECURITY_PROTOCOL_TLS: TLS (`PROTOCOL_SSL`)
 * @RDP_SECURITY_PROTOCOL_HYBRID: TLS with CredSSP (NLA, `PROTOCOL_HYBRID`)
 * @RDP_SECURITY_PROTOCOL_HYBRID_EX: TLS with CredSSP and the Early User
 *   Authorization Result PDU (`PROTOCOL_HYBRID_EX`)
 *
 * The security protocols a client allows, or the one a server selected.
 *
 * These are flags of rdp-gio's own, not the bits of `requestedProtocols` on
 * the wire (where standard security is the absence of every bit).
 */
typedef enum /*< flags >*/ {
  RDP_SECURITY_PROTOCOL_NONE = 0,
  RDP_SECURITY_PROTOCOL_STANDARD = 1 << 0,
  RDP_SECURITY_PROTOCOL_TLS = 1 << 1,
  RDP_SECURITY_PROTOCOL_HYBRID = 1 << 2,
  RDP_SECURITY_PROTOCOL_HYBRID_EX = 1 << 3,
} RdpSecurityProtocol;

/**
 * RdpBitmapCodecs:
 * @RDP_BITMAP_CODECS_NONE: no codec: the server sends raw surface bits or
 *   bitmap updates
 * @RDP_BITMAP_CODECS_NSCODEC: NSCodec ([MS-RDPNSC]) in surface bits
 *
 * The codecs a client offers in its Bitmap Codecs capability set
 * ([MS-RDPBCGR] 2.2.7.2.10), on top of the compression of bitmap updates
 * (interleaved RLE, planar), which it always accepts.
 *
 * NSCodec can be lossy: Weston 10's RDP backend encodes it with FreeRDP's
 * defaults, colour loss level 3 and chroma subsampling, whatever the
 * client's NSCodec capability asks for. Offer no codec where every pixel
 * must be exact.
 */
typedef enum /*< flags >*/ {
  RDP_BITMAP_CODECS_NONE = 0,
  RDP_BITMAP_CODECS_NSCODEC = 1 << 0,
} RdpBitmapCodecs;

/**
 * RdpConnectorState:
 * @RDP_CONNECTOR_STATE_CONNECTION_REQUEST: about to send the X.224
 *   Connection Request
 * @RDP_CONNECTOR_STATE_CONNECTION_CONFIRM: waiting for the X.224 Connection
 *   Confirm
 * @RDP_CONNECTOR_STATE_SECURITY_UPGRADE: the TLS upgrade is due; see
 *   rdp_connector_mark_as_upgraded()
 * @RDP_CONNECTOR_STATE_CREDSSP: Network Level Authentication (CredSSP) is
 *   due; see rdp_connector_mark_credssp_done()
 * @RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE: about to send the MCS
 *   Connect-Initial (GCC client data)
 * @RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE: waiting for the MCS
 *   Connect-Response (GCC server data)
 * @RDP_CONNECTOR_STATE_ATTACH_USER: about to send Erect Domain and Attach
 *   User Request
 * @RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM: waiting for the Attach User
 *   Confirm
 * @RDP_CONNECTOR_STATE_CHANNEL_JOIN: about to send the next Channel Join
 *   Request
 * @RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM: waiting for a Channel Join
 *   Confirm
 * @RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE: about to send the Client
 *   Info PDU
 * @RDP_CONNECTOR_STATE_LICENSING: waiting for the licensing PDUs (and the
 *   connect-time auto-detect and multitransport PDUs that may come first)
 * @RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE: waiting for the Demand Active
 *   PDU
 * @RDP_CONNECTOR_STATE_FINALIZATION: waiting for the server's
 *   finalization PDUs (Synchronize, Control Cooperate and Granted Control,
 *   Font Map)
 * @RDP_CONNECTOR_STATE_CONNECTED: the connection sequence is over; see
 *   rdp_connector_get_result()
 * @RDP_CONNECTOR_STATE_FAILED: a step failed; the connector is of no more
 *   use
 *
 * The states of an [class@Connector], in the order it goes through them
 * ([MS-RDPBCGR] 1.3.1.1). States that the negotiated protocol does not need
 * (the TLS upgrade, CredSSP, the channel joins) are skipped.
 */
typedef enum {
  RDP_CONNECTOR_STATE_CONNECTION_REQUEST,
  RDP_CONNECTOR_STATE_CONNECTION_CONFIRM,
  RDP_CONNECTOR_STATE_SECURITY_UPGRADE,
  RDP_CONNECTOR_STATE_CREDSSP,
  RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE,
  RDP_CONNECTOR_STATE_BASIC_SETTINGS_RESPONSE,
  RDP_CONNECTOR_STATE_ATTACH_USER,
  RDP_CONNECTOR_STATE_ATTACH_USER_CONFIRM,
  RDP_CONNECTOR_STATE_CHANNEL_JOIN,
  RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM,
  RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE,
  RDP_CONNECTOR_STATE_LICENSING,
  RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE,
  RDP_CONNECTOR_STATE_FINALIZATION,
  RDP_CONNECTOR_STATE_CONNECTED,
  RDP_CONNECTOR_STATE_FAILED,
} RdpConnectorState;

/**
 * RdpClientStage:
 * @RDP_CLIENT_STAGE_CONNECTING: resolving the host name and opening the TCP
 *   connection
 * @RDP_CLIENT_STAGE_NEGOTIATING: the X.224 security negotiation
 * @RDP_CLIENT_STAGE_SECURITY_UPGRADE: the TLS handshake and the
 *   certificate check
 * @RDP_CLIENT_STAGE_AUTHENTICATING: Network Level Authentication (CredSSP)
 * @RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE: the MCS Connect-Initial and
 *   Connect-Response
 * @RDP_CLIENT_STAGE_CHANNEL_CONNECTION: Erect Domain, Attach User and the
 *   channel joins
 * @RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE: the Client Info PDU
 * @RDP_CLIENT_STAGE_LICENSING: licensing
 * @RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE: Demand Active and Confirm Active
 * @RDP_CLIENT_STAGE_FINALIZATION: the connection finalization
 * @RDP_CLIENT_STAGE_CONNECTED: the connection is ready
 *
 * The stages of rdp_client_connect_async() that [signal@Client::progress]
 * reports, in order.
 */
typedef enum {
  RDP_CLIENT_STAGE_CONNECTING,
  RDP_CLIENT_STAGE_NEGOTIATING,
  RDP_CLIENT_STAGE_SECURITY_UPGRADE,
  RDP_CLIENT_STAGE_AUTHENTICATING,
  RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE,
  RDP_CLIENT_STAGE_CHANNEL_CONNECTION,
  RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE,
  RDP_CLIENT_STAGE_LICENSING,
  RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE,
  RDP_CLIENT_STAGE_FINALIZATION,
  RDP_CLIENT_STAGE_CONNECTED,
} RdpClientStage;

/**
 * RdpNetworkProtocol:
 * @RDP_NETWORK_PROTOCOL_TCP: Kerberos over TCP (RFC 4120 7.2.2): a 4-byte
 *   length, then the message; the URL is `tcp://host[:port]` (port 88 by
 *   default)
 * @RDP_NETWORK_PROTOCOL_UDP: Kerberos over UDP (RFC 4120 7.2.1): one
 *   datagram each way; the URL is `udp://host[:port]` (port 88 by default)
 * @RDP_NETWORK_PROTOCOL_HTTP: a KDC proxy ([MS-KKDCP]) over plain HTTP
 * @RDP_NETWORK_PROTOCOL_HTTPS: a KDC proxy ([MS-KKDCP]) over HTTPS, for
 *   instance `https://gateway.example.com/KdcProxy`
 *
 * How an [iface@NetworkClient] carries an [struct@NetworkRequest] to a
 * Kerberos KDC.
 */
typedef enum {
  RDP_NETWORK_PROTOCOL_TCP,
  RDP_NETWORK_PROTOCOL_UDP,
  RDP_NETWORK_PROTOCOL_HTTP,
  RDP_NETWORK_PROTOCOL_HTTPS,
} RdpNetworkProtocol;

/**
 * RdpCertificateRequestReason:
 * @RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED: neither the certificate
 *   authorities nor the known hosts vouch for the certificate, and the known
 *   hosts pin none for the server: typically the first connection to a
 *   server with a self-signed certificate
 * @RDP_CERTIFICATE_REQUEST_REASON_CHANGED: the known hosts pin another
 *   certificate for the server: the server's certificate was renewed, or
 *   someone is in the middle; [property@CertificateRequest:known-fingerprint]
 *   is the pinned one
 *
 * Why an [class@CertificateRequest] asks about a certificate.
 */
typedef enum {
  RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED,
  RDP_CERTIFICATE_REQUEST_REASON_CHANGED,
} RdpCertificateRequestReason;

/**
 * RdpPointerButtons:
 * @RDP_POINTER_BUTTON_NONE: no button is down
 * @RDP_POINTER_BUTTON_LEFT: the left (primary) button
 * @RDP_POINTER_BUTTON_RIGHT: the right (secondary) button
 * @RDP_POINTER_BUTTON_MIDDLE: the middle button (the wheel pressed)
 * @RDP_POINTER_BUTTON_X1: the first extended button (usually "back")
 * @RDP_POINTER_BUTTON_X2: the second extended button (usually "forward")
 *
 * The mouse buttons that are down, for rdp_session_send_pointer(): the
 * session sends a press or a release for each one that changed since the
 * last call.
 */
typedef enum /*< flags >*/ {
  RDP_POINTER_BUTTON_NONE = 0,
  RDP_POINTER_BUTTON_LEFT = 1 << 0,
  RDP_POINTER_BUTTON_RIGHT = 1 << 1,
  RDP_POINTER_BUTTON_MIDDLE = 1 << 2,
  RDP_POINTER_BUTTON_X1 = 1 << 3,
  RDP_POINTER_BUTTON_X2 = 1 << 4,
} RdpPointerButtons;

/**
 * RdpLockKeys:
 * @RDP_LOCK_KEYS_NONE: no lock key is on
 * @RDP_LOCK_KEYS_SCROLL: Scroll Lock is on
 * @RDP_LOCK_KEYS_NUM: Num Lock is on
 * @RDP_LOCK_KEYS_CAPS: Caps Lock is on
 * @RDP_LOCK_KEYS_KANA: Kana Lock is on
 *
 * The toggle keys that are on, for rdp_session_send_lock_keys() (a
 * Synchronize input event).
 */
typedef enum /*< flags >*/ {
  RDP_LOCK_KEYS_NONE = 0,
  RDP_LOCK_KEYS_SCROLL = 1 << 0,
  RDP_LOCK_KEYS_NUM = 1 << 1,
  RDP_LOCK_KEYS_CAPS = 1 << 2,
  RDP_LOCK_KEYS_KANA = 1 << 3,
} RdpLockKeys;

RDP_AVAILABLE_IN_ALL
const char *rdp_client_stage_to_string      (RdpClientStage      stage);
RDP_AVAILABLE_IN_ALL
char       *rdp_security_protocol_to_string (RdpSecurityProtocol protocols);

G_END_DECLS
