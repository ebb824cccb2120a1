/* rdp-autodetect-private.h: sans-I/O codec of the connect-time auto-detect
 * PDUs ([MS-RDPBCGR] 2.2.14) and of the Initiate Multitransport Request and
 * Response ([MS-RDPBCGR] 2.2.15), as carried on the MCS message channel
 * after a basic security header (SEC_AUTODETECT_REQ / SEC_AUTODETECT_RSP,
 * SEC_TRANSPORT_REQ / SEC_TRANSPORT_RSP; see RdpSecurityPdu)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-license-private.h"

G_BEGIN_DECLS

#define RDP_AUTODETECT_TYPE_ID_REQUEST 0x00
#define RDP_AUTODETECT_TYPE_ID_RESPONSE 0x01

/* requestType values ([MS-RDPBCGR] 2.2.14.1.x) */
#define RDP_AUTODETECT_RTT_REQUEST_CONTINUOUS 0x0001
#define RDP_AUTODETECT_RTT_REQUEST_CONNECT_TIME 0x1001
#define RDP_AUTODETECT_BW_START_CONTINUOUS 0x0014
#define RDP_AUTODETECT_BW_START_UDP 0x0114
#define RDP_AUTODETECT_BW_START_CONNECT_TIME 0x1014
#define RDP_AUTODETECT_BW_PAYLOAD 0x0002
#define RDP_AUTODETECT_BW_STOP_CONNECT_TIME 0x002b
#define RDP_AUTODETECT_BW_STOP_CONTINUOUS 0x0429
#define RDP_AUTODETECT_BW_STOP_UDP 0x0629
#define RDP_AUTODETECT_NETCHAR_RESULT_RTT 0x0840       /* baseRTT, averageRTT */
#define RDP_AUTODETECT_NETCHAR_RESULT_BW 0x0880        /* bandwidth, averageRTT */
#define RDP_AUTODETECT_NETCHAR_RESULT_ALL 0x08c0       /* baseRTT, bandwidth, averageRTT */

/* responseType values ([MS-RDPBCGR] 2.2.14.2.x) */
#define RDP_AUTODETECT_RTT_RESPONSE 0x0000
#define RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME 0x0003
#define RDP_AUTODETECT_BW_RESULTS_CONTINUOUS 0x000b

typedef enum {
  RDP_AUTODETECT_RTT_MEASURE,
  RDP_AUTODETECT_BANDWIDTH_START,
  RDP_AUTODETECT_BANDWIDTH_PAYLOAD,
  RDP_AUTODETECT_BANDWIDTH_STOP,
  RDP_AUTODETECT_NETWORK_CHARACTERISTICS,
} RdpAutodetectRequestKind;

/* An Auto-Detect Request (the body after the security header). payload
 * points into the decoder's input (BANDWIDTH_PAYLOAD, and BANDWIDTH_STOP
 * with requestType 0x002B). Which of base_rtt, bandwidth and average_rtt a
 * NETWORK_CHARACTERISTICS result holds depends on request_type. */
typedef struct {
  RdpAutodetectRequestKind kind;
  guint16 sequence_number;
  guint16 request_type;
  const guint8 *payload;
  gsize payload_length;
  guint32 base_rtt;
  guint32 bandwidth;
  guint32 average_rtt;
} RdpAutodetectRequest;

gboolean rdp_autodetect_decode_request (const guint8          *data,
                                        gsize                  length,
                                        RdpAutodetectRequest  *out_request,
                                        GError               **error);
/* The server side, for tests: the body of a request. */
GBytes  *rdp_autodetect_encode_request (const RdpAutodetectRequest  *request,
                                        GError                     **error);

/* An Auto-Detect Response: RTT Measure Response (response_type 0x0000) or
 * Bandwidth Measure Results (0x0003 or 0x000B, with time_delta in ms and
 * byte_count). */
typedef struct {
  guint16 sequence_number;
  guint16 response_type;
  guint32 time_delta;
  guint32 byte_count;
} RdpAutodetectResponse;

GBytes  *rdp_autodetect_encode_response (const RdpAutodetectResponse  *response,
                                         GError                      **error);
gboolean rdp_autodetect_decode_response (const guint8           *data,
                                         gsize                   length,
                                         RdpAutodetectResponse  *out_response,
                                         GError                **error);

/* Initiate Multitransport Request ([MS-RDPBCGR] 2.2.15.1), the body after a
 * security header with SEC_TRANSPORT_REQ. */
#define RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE 16
#define RDP_TRANSPORTTYPE_UDPFECR 0x01
#define RDP_TRANSPORTTYPE_UDPFECL 0x04
#define RDP_TRANSPORTTYPE_UDP_PREFERRED 0x100
#define RDP_MULTITRANSPORT_S_OK 0x00000000
#define RDP_MULTITRANSPORT_E_ABORT 0x80004004

typedef struct {
  guint32 request_id;
  guint16 requested_protocol;
  guint16 reserved;
  guint8 security_cookie[RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE];
} RdpMultitransportRequest;

gboolean rdp_multitransport_decode_request  (const guint8              *data,
                                             gsize                      length,
                                             RdpMultitransportRequest  *out_request,
                                             GError                   **error);
GBytes  *rdp_multitransport_encode_request  (const RdpMultitransportRequest *request);
/* Initiate Multitransport Response ([MS-RDPBCGR] 2.2.15.2): requestId and
 * hrResponse; a client that declines sends RDP_MULTITRANSPORT_E_ABORT. */
GBytes  *rdp_multitransport_encode_response (guint32 request_id,
                                             guint32 hr_response);
gboolean rdp_multitransport_decode_response (const guint8  *data,
                                             gsize          length,
                                             guint32       *out_request_id,
                                             guint32       *out_hr_response,
                                             GError       **error);

G_END_DECLS
