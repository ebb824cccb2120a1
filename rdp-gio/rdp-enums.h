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

G_END_DECLS
