/* rdp-connector-autodetect.c: the message channel: connect-time auto-detection
 * and multitransport requests ([MS-RDPBCGR] 2.2.14, 2.2.15)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-state-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-license-private.h"
#include "rdp-security-header-private.h"
#include "rdp-autodetect-private.h"

static GBytes *
message_channel_pdu (RdpConnector  *self,
                          guint16        sec_flags,
                          GBytes        *body,
                          GError       **error)
{
  if (body == NULL)
    return NULL;
  return rdp_security_pdu_encode (self->user_channel_id, self->message_channel_id, sec_flags, 0,
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body), error);
}

/* A PDU on the message channel: connect-time auto-detection is answered
 * ([MS-RDPBCGR] 1.3.1.1, 2.2.14), multitransport is declined (2.2.15.2,
 * E_ABORT); anything else is ignored. The bandwidth measure is timed with
 * the monotonic clock between Start and Stop. */
gboolean
rdp_connector_receive_message_channel (RdpConnector           *self,
                                       const RdpMcsDomainPdu  *pdu,
                                       GBytes                **out_output,
                                       GError                **error)
{
  RdpSecurityPdu envelope;
  g_autoptr(GBytes) body = NULL;

  if (!rdp_security_pdu_decode_user_data (pdu->user_data, pdu->user_data_length, &envelope, error))
    return FALSE;

  if (envelope.header.flags & RDP_SEC_AUTODETECT_REQ)
    {
      RdpAutodetectRequest request;
      RdpAutodetectResponse response = { 0 };

      if (!rdp_autodetect_decode_request (envelope.body, envelope.body_length, &request, error))
        return FALSE;
      response.sequence_number = request.sequence_number;
      switch (request.kind)
        {
        case RDP_AUTODETECT_RTT_MEASURE:
          response.response_type = RDP_AUTODETECT_RTT_RESPONSE;
          break;
        case RDP_AUTODETECT_BANDWIDTH_START:
          self->bandwidth_start = self->clock (self->clock_data);
          self->bandwidth_bytes = 0;
          return TRUE;
        case RDP_AUTODETECT_BANDWIDTH_PAYLOAD:
          self->bandwidth_bytes += request.payload_length;
          return TRUE;
        case RDP_AUTODETECT_BANDWIDTH_STOP:
          self->bandwidth_bytes += request.payload_length;
          response.response_type = request.request_type == RDP_AUTODETECT_BW_STOP_CONNECT_TIME ?
                                   RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME :
                                   RDP_AUTODETECT_BW_RESULTS_CONTINUOUS;
          response.time_delta = self->bandwidth_start != 0 ?
                                (guint32) ((self->clock (self->clock_data) - self->bandwidth_start) / 1000) : 0;
          response.byte_count = self->bandwidth_bytes;
          break;
        case RDP_AUTODETECT_NETWORK_CHARACTERISTICS:
        default:
          g_debug ("connector: network characteristics: base RTT %u ms, bandwidth %u kbit/s, RTT %u ms",
                   request.base_rtt, request.bandwidth, request.average_rtt);
          return TRUE;
        }
      body = rdp_autodetect_encode_response (&response, error);
      *out_output = message_channel_pdu (self, RDP_SEC_AUTODETECT_RSP, body, error);
      return *out_output != NULL;
    }

  if (envelope.header.flags & RDP_SEC_TRANSPORT_REQ)
    {
      RdpMultitransportRequest request;

      if (!rdp_multitransport_decode_request (envelope.body, envelope.body_length, &request, error))
        return FALSE;
      g_debug ("connector: declining multitransport request %u", request.request_id);
      body = rdp_multitransport_encode_response (request.request_id, RDP_MULTITRANSPORT_E_ABORT);
      *out_output = message_channel_pdu (self, RDP_SEC_TRANSPORT_RSP, body, error);
      return *out_output != NULL;
    }

  g_debug ("connector: ignoring a message channel PDU with security flags 0x%04x", envelope.header.flags);
  return TRUE;
}
