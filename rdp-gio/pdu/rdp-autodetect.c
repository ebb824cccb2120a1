/* rdp-autodetect.c: sans-I/O codec of the auto-detect PDUs ([MS-RDPBCGR]
 * 2.2.14) and of the Initiate Multitransport Request/Response (2.2.15)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-autodetect-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* Every auto-detect PDU starts with headerLength (u8), headerTypeId (u8),
 * sequenceNumber (u16), requestType/responseType (u16): headerLength counts
 * these 6 bytes and the fixed fields that follow, not a payload. */
#define HEADER_SIZE 6
#define MULTITRANSPORT_REQUEST_SIZE (8 + RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE)
#define MULTITRANSPORT_RESPONSE_SIZE 8

/* The kind of a request type, and the headerLength it must have. */
static gboolean
classify_request (guint16                   type,
                  RdpAutodetectRequestKind *out_kind,
                  guint8                   *out_header_length)
{
  switch (type)
    {
    case RDP_AUTODETECT_RTT_REQUEST_CONTINUOUS:
    case RDP_AUTODETECT_RTT_REQUEST_CONNECT_TIME:
      *out_kind = RDP_AUTODETECT_RTT_MEASURE;
      *out_header_length = HEADER_SIZE;
      return TRUE;
    case RDP_AUTODETECT_BW_START_CONTINUOUS:
    case RDP_AUTODETECT_BW_START_UDP:
    case RDP_AUTODETECT_BW_START_CONNECT_TIME:
      *out_kind = RDP_AUTODETECT_BANDWIDTH_START;
      *out_header_length = HEADER_SIZE;
      return TRUE;
    case RDP_AUTODETECT_BW_PAYLOAD:
      *out_kind = RDP_AUTODETECT_BANDWIDTH_PAYLOAD;
      *out_header_length = HEADER_SIZE + 2;
      return TRUE;
    case RDP_AUTODETECT_BW_STOP_CONNECT_TIME:
      *out_kind = RDP_AUTODETECT_BANDWIDTH_STOP;
      *out_header_length = HEADER_SIZE + 2;
      return TRUE;
    case RDP_AUTODETECT_BW_STOP_CONTINUOUS:
    case RDP_AUTODETECT_BW_STOP_UDP:
      *out_kind = RDP_AUTODETECT_BANDWIDTH_STOP;
      *out_header_length = HEADER_SIZE;
      return TRUE;
    case RDP_AUTODETECT_NETCHAR_RESULT_RTT:
    case RDP_AUTODETECT_NETCHAR_RESULT_BW:
      *out_kind = RDP_AUTODETECT_NETWORK_CHARACTERISTICS;
      *out_header_length = HEADER_SIZE + 8;
      return TRUE;
    case RDP_AUTODETECT_NETCHAR_RESULT_ALL:
      *out_kind = RDP_AUTODETECT_NETWORK_CHARACTERISTICS;
      *out_header_length = HEADER_SIZE + 12;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_payload (guint16 type)
{
  return type == RDP_AUTODETECT_BW_PAYLOAD || type == RDP_AUTODETECT_BW_STOP_CONNECT_TIME;
}

gboolean
rdp_autodetect_decode_request (const guint8          *data,
                               gsize                  length,
                               RdpAutodetectRequest  *out_request,
                               GError               **error)
{
  RdpPduReader reader;
  guint8 header_length, type_id, expected_length;
  guint16 payload_length;

  memset (out_request, 0, sizeof *out_request);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u8 (&reader, &header_length, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &type_id, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_request->sequence_number, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_request->request_type, error))
    goto fail;
  if (type_id != RDP_AUTODETECT_TYPE_ID_REQUEST)
    {
      rdp_pdu_set_invalid (error, _("headerTypeId 0x%02x is not a request"), (guint) type_id);
      goto fail;
    }
  if (!classify_request (out_request->request_type, &out_request->kind, &expected_length))
    {
      rdp_pdu_set_invalid (error, _("unknown requestType 0x%04x"), (guint) out_request->request_type);
      goto fail;
    }
  if (header_length != expected_length)
    {
      rdp_pdu_set_invalid (error, _("headerLength %u instead of %u for requestType 0x%04x"),
                           (guint) header_length, (guint) expected_length,
                           (guint) out_request->request_type);
      goto fail;
    }
  if (has_payload (out_request->request_type))
    {
      if (!rdp_pdu_reader_read_u16le (&reader, &payload_length, error) ||
          !rdp_pdu_reader_read_bytes (&reader, payload_length, &out_request->payload, error))
        goto fail;
      out_request->payload_length = payload_length;
    }
  else if (out_request->kind == RDP_AUTODETECT_NETWORK_CHARACTERISTICS)
    {
      if (out_request->request_type != RDP_AUTODETECT_NETCHAR_RESULT_BW &&
          !rdp_pdu_reader_read_u32le (&reader, &out_request->base_rtt, error))
        goto fail;
      if (out_request->request_type != RDP_AUTODETECT_NETCHAR_RESULT_RTT &&
          !rdp_pdu_reader_read_u32le (&reader, &out_request->bandwidth, error))
        goto fail;
      if (!rdp_pdu_reader_read_u32le (&reader, &out_request->average_rtt, error))
        goto fail;
    }
  if (!rdp_pdu_reader_expect_end (&reader, "Auto-Detect Request", error))
    goto fail;
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid Auto-Detect Request: "));
  memset (out_request, 0, sizeof *out_request);
  return FALSE;
}

GBytes *
rdp_autodetect_encode_request (const RdpAutodetectRequest  *request,
                               GError                     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  RdpAutodetectRequestKind kind;
  guint8 header_length;

  if (!classify_request (request->request_type, &kind, &header_length))
    {
      rdp_pdu_set_invalid (error, _("Cannot encode Auto-Detect requestType 0x%04x"),
                           (guint) request->request_type);
      return NULL;
    }
  if (has_payload (request->request_type) && request->payload_length > G_MAXUINT16)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode an Auto-Detect payload of %lu bytes"),
                           (gulong) request->payload_length);
      return NULL;
    }
  rdp_pdu_write_u8 (out, header_length);
  rdp_pdu_write_u8 (out, RDP_AUTODETECT_TYPE_ID_REQUEST);
  rdp_pdu_write_u16le (out, request->sequence_number);
  rdp_pdu_write_u16le (out, request->request_type);
  if (has_payload (request->request_type))
    {
      rdp_pdu_write_u16le (out, (guint16) request->payload_length);
      if (request->payload_length > 0)
        rdp_pdu_write_bytes (out, request->payload, request->payload_length);
    }
  else if (kind == RDP_AUTODETECT_NETWORK_CHARACTERISTICS)
    {
      if (request->request_type != RDP_AUTODETECT_NETCHAR_RESULT_BW)
        rdp_pdu_write_u32le (out, request->base_rtt);
      if (request->request_type != RDP_AUTODETECT_NETCHAR_RESULT_RTT)
        rdp_pdu_write_u32le (out, request->bandwidth);
      rdp_pdu_write_u32le (out, request->average_rtt);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
response_header_length (guint16  type,
                        guint8  *out_length)
{
  switch (type)
    {
    case RDP_AUTODETECT_RTT_RESPONSE:
      *out_length = HEADER_SIZE;
      return TRUE;
    case RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME:
    case RDP_AUTODETECT_BW_RESULTS_CONTINUOUS:
      *out_length = HEADER_SIZE + 8;
      return TRUE;
    default:
      return FALSE;
    }
}

GBytes *
rdp_autodetect_encode_response (const RdpAutodetectResponse  *response,
                                GError                      **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 header_length;

  if (!response_header_length (response->response_type, &header_length))
    {
      rdp_pdu_set_invalid (error, _("Cannot encode Auto-Detect responseType 0x%04x"),
                           (guint) response->response_type);
      return NULL;
    }
  rdp_pdu_write_u8 (out, header_length);
  rdp_pdu_write_u8 (out, RDP_AUTODETECT_TYPE_ID_RESPONSE);
  rdp_pdu_write_u16le (out, response->sequence_number);
  rdp_pdu_write_u16le (out, response->response_type);
  if (header_length > HEADER_SIZE)
    {
      rdp_pdu_write_u32le (out, response->time_delta);
      rdp_pdu_write_u32le (out, response->byte_count);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
rdp_autodetect_decode_response (const guint8           *data,
                                gsize                   length,
                                RdpAutodetectResponse  *out_response,
                                GError                **error)
{
  RdpPduReader reader;
  guint8 header_length, type_id, expected_length;

  memset (out_response, 0, sizeof *out_response);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u8 (&reader, &header_length, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &type_id, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_response->sequence_number, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_response->response_type, error))
    goto fail;
  if (type_id != RDP_AUTODETECT_TYPE_ID_RESPONSE)
    {
      rdp_pdu_set_invalid (error, _("headerTypeId 0x%02x is not a response"), (guint) type_id);
      goto fail;
    }
  if (!response_header_length (out_response->response_type, &expected_length))
    {
      rdp_pdu_set_invalid (error, _("unknown responseType 0x%04x"), (guint) out_response->response_type);
      goto fail;
    }
  if (header_length != expected_length)
    {
      rdp_pdu_set_invalid (error, _("headerLength %u instead of %u"),
                           (guint) header_length, (guint) expected_length);
      goto fail;
    }
  if (expected_length > HEADER_SIZE &&
      (!rdp_pdu_reader_read_u32le (&reader, &out_response->time_delta, error) ||
       !rdp_pdu_reader_read_u32le (&reader, &out_response->byte_count, error)))
    goto fail;
  if (!rdp_pdu_reader_expect_end (&reader, "Auto-Detect Response", error))
    goto fail;
  return TRUE;

fail:
  g_prefix_error (error, _("Invalid Auto-Detect Response: "));
  memset (out_response, 0, sizeof *out_response);
  return FALSE;
}

/* ---- multitransport ---- */

gboolean
rdp_multitransport_decode_request (const guint8              *data,
                                   gsize                      length,
                                   RdpMultitransportRequest  *out_request,
                                   GError                   **error)
{
  RdpPduReader reader;
  const guint8 *cookie;

  memset (out_request, 0, sizeof *out_request);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u32le (&reader, &out_request->request_id, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_request->requested_protocol, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &out_request->reserved, error) ||
      !rdp_pdu_reader_read_bytes (&reader, RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE, &cookie, error) ||
      !rdp_pdu_reader_expect_end (&reader, "Initiate Multitransport Request", error))
    {
      g_prefix_error (error, _("Invalid Initiate Multitransport Request: "));
      memset (out_request, 0, sizeof *out_request);
      return FALSE;
    }
  memcpy (out_request->security_cookie, cookie, RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE);
  return TRUE;
}

GBytes *
rdp_multitransport_encode_request (const RdpMultitransportRequest *request)
{
  GByteArray *out = g_byte_array_sized_new (MULTITRANSPORT_REQUEST_SIZE);

  rdp_pdu_write_u32le (out, request->request_id);
  rdp_pdu_write_u16le (out, request->requested_protocol);
  rdp_pdu_write_u16le (out, request->reserved);
  rdp_pdu_write_bytes (out, request->security_cookie, RDP_MULTITRANSPORT_SECURITY_COOKIE_SIZE);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
rdp_multitransport_encode_response (guint32 request_id,
                                    guint32 hr_response)
{
  GByteArray *out = g_byte_array_sized_new (MULTITRANSPORT_RESPONSE_SIZE);

  rdp_pdu_write_u32le (out, request_id);
  rdp_pdu_write_u32le (out, hr_response);
  return g_byte_array_free_to_bytes (out);
}

gboolean
rdp_multitransport_decode_response (const guint8  *data,
                                    gsize          length,
                                    guint32       *out_request_id,
                                    guint32       *out_hr_response,
                                    GError       **error)
{
  RdpPduReader reader;
  guint32 id = 0, hr = 0;

  *out_request_id = 0;
  *out_hr_response = 0;
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_u32le (&reader, &id, error) ||
      !rdp_pdu_reader_read_u32le (&reader, &hr, error) ||
      !rdp_pdu_reader_expect_end (&reader, "Initiate Multitransport Response", error))
    {
      g_prefix_error (error, _("Invalid Initiate Multitransport Response: "));
      return FALSE;
    }
  *out_request_id = id;
  *out_hr_response = hr;
  return TRUE;
}
