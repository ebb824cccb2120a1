/* rdp-security-header-private.h: sans-I/O codec of the basic security header
 * (TS_SECURITY_HEADER, [MS-RDPBCGR] 2.2.8.1.1.2.1) that starts the Client
 * Info PDU and the licensing PDUs when Enhanced RDP Security (TLS, NLA) is
 * in use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"

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

G_END_DECLS
