/* rdp-enums.h: public enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib.h>

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

G_END_DECLS
