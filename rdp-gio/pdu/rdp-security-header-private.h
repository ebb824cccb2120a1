/* rdp-security-header-private.h: sans-I/O codec of the basic security header
 * (TS_SECURITY_HEADER, [MS-RDPBCGR] 2.2.8.1.1.2.1) that starts the Client
 * Info PDU, the licensing PDUs and the message channel PDUs (auto-detect,
 * multitransport) when Enhanced RDP Security (TLS, NLA) is in use, and of
 * the MCS Send Data PDU that carries such a header and its body
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"
#include "rdp-mcs-private.h"

G_BEGIN_DECLS

/* flags ([MS-RDPBCGR] 2.2.8.1.1.2.1) */
#define RDP_SEC_EXCHANGE_PKT        0x0001
#define RDP_SEC_TRANSPORT_REQ       0x0002
#define RDP_SEC_TRANSPORT_RSP       0x0004
#define RDP_SEC_ENCRYPT             0x0008
#define RDP_SEC_RESET_SEQNO         0x0010
#define RDP_SEC_IGNORE_SEQNO        0x0020
#define RDP_SEC_INFO_PKT            0x0040
#define RDP_SEC_LICENSE_PKT         0x0080
#define RDP_SEC_LICENSE_ENCRYPT_CS  0x0200
#define RDP_SEC_LICENSE_ENCRYPT_SC  0x0200
#define RDP_SEC_REDIRECTION_PKT     0x0400
#define RDP_SEC_SECURE_CHECKSUM     0x0800
#define RDP_SEC_AUTODETECT_REQ      0x1000
#define RDP_SEC_AUTODETECT_RSP      0x2000
#define RDP_SEC_HEARTBEAT           0x4000
#define RDP_SEC_FLAGSHI_VALID       0x8000

#define RDP_SECURITY_HEADER_SIZE 4

/* flags_hi is what the peer wrote; it means something only when flags has
 * RDP_SEC_FLAGSHI_VALID (real peers leave garbage there otherwise: spec
 * 4.1.11, 4.1.18, mstsc). rdp_security_header_flags_hi() gives the value to
 * act on: flags_hi, or 0 when it is not valid. */
typedef struct {
  guint16 flags;
  guint16 flags_hi;
} RdpSecurityHeader;

gboolean rdp_security_header_read  (RdpPduReader      *reader,
                                    RdpSecurityHeader *out_header,
                                    GError           **error);
void     rdp_security_header_write (GByteArray              *out,
                                    const RdpSecurityHeader *header);

static inline guint16
rdp_security_header_flags_hi (const RdpSecurityHeader *header)
{
  return (header->flags & RDP_SEC_FLAGSHI_VALID) ? header->flags_hi : 0;
}

/* ---- a security PDU: TPKT + X.224 + MCS Send Data + basic security
 * header + body ---- */

/* A decoded Send Data Request/Indication whose user data starts with a
 * basic security header. header is as on the wire: act on
 * rdp_security_header_flags_hi (&pdu.header), never on header.flags_hi.
 * body points into the decoder's input. A body under RDP_SEC_ENCRYPT
 * (Standard RDP Security, [MS-RDPBCGR] 4.1.11) is handed out as it is:
 * this codec decrypts nothing, so callers over TLS/NLA refuse it. */
typedef struct {
  RdpMcsDomainPduType mcs_type;
  guint16 initiator;
  guint16 channel_id;
  RdpSecurityHeader header;
  const guint8 *body;
  gsize body_length;
} RdpSecurityPdu;

/* Decodes a whole PDU (03 00 LL LL 02 f0 80 SDrq|SDin …); fails unless the
 * user data holds at least the 4-byte basic security header. */
gboolean rdp_security_pdu_decode           (const guint8    *data,
                                            gsize            length,
                                            RdpSecurityPdu  *out_pdu,
                                            GError         **error);
/* The same on user data that starts with the security header (mcs_type,
 * initiator and channel_id are left 0). */
gboolean rdp_security_pdu_decode_user_data (const guint8    *data,
                                            gsize            length,
                                            RdpSecurityPdu  *out_pdu,
                                            GError         **error);
/* A Send Data Request (initiator → channel_id) carrying the security
 * header (flags, flags_hi) and @body. flags_hi is written as given: pass 0
 * unless flags has RDP_SEC_FLAGSHI_VALID (peers may leave garbage there,
 * [MS-RDPBCGR] 2.2.8.1.1.2.1; a test re-encodes mstsc's). */
GBytes  *rdp_security_pdu_encode           (guint16        initiator,
                                            guint16        channel_id,
                                            guint16        flags,
                                            guint16        flags_hi,
                                            const guint8  *body,
                                            gsize          body_length,
                                            GError       **error);

G_END_DECLS
