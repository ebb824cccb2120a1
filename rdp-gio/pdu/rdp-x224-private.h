/* rdp-x224-private.h: sans-I/O codec of the X.224 Connection Request and
 * Connection Confirm ([MS-RDPBCGR] 2.2.1.1 and 2.2.1.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every function here works on whole PDUs held in memory, TPKT header
 * included (as RdpFramed hands them out with RDP_PDU_HINT_X224); none does
 * I/O. Decoders check every length against the bytes they were given and fail
 * with RDP_ERROR_INVALID_DATA; they never read past the end of the input. */

/* requestedProtocols / selectedProtocol ([MS-RDPBCGR] 2.2.1.1.1) */
#define RDP_X224_PROTOCOL_RDP       0x00000000u
#define RDP_X224_PROTOCOL_SSL       0x00000001u
#define RDP_X224_PROTOCOL_HYBRID    0x00000002u
#define RDP_X224_PROTOCOL_RDSTLS    0x00000004u
#define RDP_X224_PROTOCOL_HYBRID_EX 0x00000008u
#define RDP_X224_PROTOCOL_RDSAAD    0x00000010u

/* RDP_NEG_REQ flags */
#define RDP_X224_RESTRICTED_ADMIN_MODE_REQUIRED           0x01
#define RDP_X224_REDIRECTED_AUTHENTICATION_MODE_REQUIRED  0x02
#define RDP_X224_CORRELATION_INFO_PRESENT                 0x08

/* RDP_NEG_RSP flags */
#define RDP_X224_EXTENDED_CLIENT_DATA_SUPPORTED              0x01
#define RDP_X224_DYNVC_GFX_PROTOCOL_SUPPORTED                0x02
#define RDP_X224_NEGRSP_FLAG_RESERVED                        0x04
#define RDP_X224_RESTRICTED_ADMIN_MODE_SUPPORTED             0x08
#define RDP_X224_REDIRECTED_AUTHENTICATION_MODE_SUPPORTED    0x10

/* RDP_NEG_FAILURE failureCode ([MS-RDPBCGR] 2.2.1.2.2) */
#define RDP_X224_SSL_REQUIRED_BY_SERVER                0x00000001u
#define RDP_X224_SSL_NOT_ALLOWED_BY_SERVER             0x00000002u
#define RDP_X224_SSL_CERT_NOT_ON_SERVER                0x00000003u
#define RDP_X224_INCONSISTENT_FLAGS                    0x00000004u
#define RDP_X224_HYBRID_REQUIRED_BY_SERVER             0x00000005u
#define RDP_X224_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER 0x00000006u

#define RDP_X224_CORRELATION_ID_SIZE 16

/* The largest CR or CC: the length indicator is one byte and 255 is reserved,
 * so a TPDU header is at most 1 + 254 bytes, after a 4-byte TPKT header. */
#define RDP_X224_MAX_CONNECTION_PDU_SIZE (4 + 1 + 254)

/* The Client X.224 Connection Request PDU.
 *
 * cookie: the IDENTIFIER of `Cookie: mstshash=IDENTIFIER\r\n` (usually the
 *   user name; mstsc truncates it to 9 characters, this codec does not), or
 *   NULL for none.
 * routing_token: a load-balancing routing token (`Cookie: msts=…`), without
 *   its CR LF, or NULL. At most one of cookie and routing_token is set.
 * has_negotiation_request: whether an RDP_NEG_REQ follows. When it is FALSE,
 *   negotiation_flags and requested_protocols are 0 (a pre-RDP 5.2 client).
 * negotiation_flags: RDP_NEG_REQ flags. CORRELATION_INFO_PRESENT is set by
 *   the encoder when has_correlation_info is, and must not be set otherwise.
 * requested_protocols: RDP_X224_PROTOCOL_* bits.
 * has_correlation_info / correlation_id: an RDP_NEG_CORRELATION_INFO.
 *
 * Strings in a decoded request belong to the struct; free them with
 * rdp_x224_connection_request_clear(). The encoder only reads the struct. */
typedef struct {
  char *cookie;
  char *routing_token;
  gboolean has_negotiation_request;
  guint8 negotiation_flags;
  guint32 requested_protocols;
  gboolean has_correlation_info;
  guint8 correlation_id[RDP_X224_CORRELATION_ID_SIZE];
} RdpX224ConnectionRequest;

typedef enum {
  /* A CC without negotiation data: the server speaks Standard RDP Security
   * only (an RDP 5.0/5.1 server, or one answering a request without an
   * RDP_NEG_REQ). */
  RDP_X224_NEGOTIATION_NONE,
  /* RDP_NEG_RSP: flags and selected_protocol are set. */
  RDP_X224_NEGOTIATION_RESPONSE,
  /* RDP_NEG_FAILURE: failure_code is set. */
  RDP_X224_NEGOTIATION_FAILURE,
} RdpX224NegotiationResult;

/* The Server X.224 Connection Confirm PDU. src_ref is what the server put in
 * SRC-REF (Windows: 0x1234, others 0); it carries no meaning in RDP. */
typedef struct {
  RdpX224NegotiationResult result;
  guint16 src_ref;
  guint8 flags;
  guint32 selected_protocol;
  guint32 failure_code;
} RdpX224ConnectionConfirm;

void    rdp_x224_connection_request_clear  (RdpX224ConnectionRequest       *request);

GBytes *rdp_x224_encode_connection_request (const RdpX224ConnectionRequest *request,
                                            GError                        **error);
gboolean rdp_x224_decode_connection_request (const guint8                  *data,
                                             gsize                          length,
                                             RdpX224ConnectionRequest      *out_request,
                                             GError                       **error);

GBytes *rdp_x224_encode_connection_confirm (const RdpX224ConnectionConfirm *confirm,
                                            GError                        **error);
gboolean rdp_x224_decode_connection_confirm (const guint8                  *data,
                                             gsize                          length,
                                             RdpX224ConnectionConfirm      *out_confirm,
                                             GError                       **error);

/* A translated, human-readable reason for an RDP_NEG_FAILURE failureCode. */
const char *rdp_x224_describe_failure_code (guint32 failure_code);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpX224ConnectionRequest, rdp_x224_connection_request_clear)

G_END_DECLS
