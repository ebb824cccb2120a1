/* rdp-kkdcp-private.h: the Kerberos KDC proxy message ([MS-KKDCP] 2.2.2)
 * in DER, with libtasn1 (the module is rdp-kkdcp.asn). Sans-I/O: bytes in,
 * bytes out.
 *
 *   KDC-PROXY-MESSAGE ::= SEQUENCE {
 *     kerb-message    [0] OCTET STRING,      -- 4-byte big-endian length ‖ message
 *     target-domain   [1] KERB-REALM OPTIONAL,  -- GeneralString
 *     dclocator-hint  [2] INTEGER OPTIONAL }
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest KDC-PROXY-MESSAGE (and the largest Kerberos message in one)
 * rdp-gio accepts from a KDC proxy or a KDC. */
#define RDP_KKDCP_MAX_MESSAGE (64 * 1024)

/* A KDC-PROXY-MESSAGE as it is on the wire: @kerb_message keeps its 4-byte
 * length prefix (a kpasswd message has one more framing inside), so that a
 * decoded message encodes back to the same bytes. */
typedef struct {
  GBytes *kerb_message;         /* the whole OCTET STRING */
  char *target_domain;          /* NULL when absent */
  gboolean has_dclocator_hint;
  gint32 dclocator_hint;
} RdpKkdcpMessage;

/* The DER of @message. */
GBytes  *rdp_kkdcp_message_encode (const RdpKkdcpMessage  *message,
                                   GError                **error);
/* Decodes exactly @length bytes of DER; anything else (truncated, trailing
 * bytes, a wrong tag, more than RDP_KKDCP_MAX_MESSAGE bytes, a realm
 * with a NUL byte, a dclocator-hint beyond 32 bits) fails with RDP_ERROR_INVALID_DATA and leaves @out
 * cleared. */
gboolean rdp_kkdcp_message_decode (const guint8           *data,
                                   gsize                   length,
                                   RdpKkdcpMessage        *out,
                                   GError                **error);
void     rdp_kkdcp_message_clear  (RdpKkdcpMessage        *message);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpKkdcpMessage, rdp_kkdcp_message_clear)

/* The request a client POSTs: @kerberos_message (bare, no length prefix)
 * with its length prefix, for the realm @realm, no dclocator-hint. */
GBytes  *rdp_kkdcp_wrap_request   (GBytes                 *kerberos_message,
                                   const char             *realm,
                                   GError                **error);
/* The bare Kerberos message of a KDC proxy's reply: decodes the
 * KDC-PROXY-MESSAGE and checks and strips the length prefix (which must
 * count exactly the bytes after it). RDP_ERROR_INVALID_DATA otherwise. */
GBytes  *rdp_kkdcp_unwrap_reply   (const guint8           *data,
                                   gsize                   length,
                                   GError                **error);

/* The TCP framing of a Kerberos message (RFC 4120 7.2.2), which the
 * kerb-message also uses: a 4-byte big-endian length, then the message.
 * The result is self-wiping (the message may hold an authenticator). */
GBytes  *rdp_kerberos_frame       (GBytes                 *kerberos_message);

G_END_DECLS
