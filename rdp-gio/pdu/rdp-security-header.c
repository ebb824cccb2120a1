/* rdp-security-header.c: the basic security header, and the Send Data
 * PDUs that carry one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-security-header-private.h"
#include "rdp-i18n-private.h"

gboolean
rdp_security_header_read (RdpPduReader      *reader,
                          RdpSecurityHeader *out_header,
                          GError           **error)
{
  RdpPduReader copy = *reader;
  RdpSecurityHeader header;

  if (!rdp_pdu_reader_read_u16le (&copy, &header.flags, error) ||
      !rdp_pdu_reader_read_u16le (&copy, &header.flags_hi, error))
    return FALSE;
  *reader = copy;
  *out_header = header;
  return TRUE;
}

void
rdp_security_header_write (GByteArray              *out,
                           const RdpSecurityHeader *header)
{
  rdp_pdu_write_u16le (out, header->flags);
  rdp_pdu_write_u16le (out, header->flags_hi);
}

gboolean
rdp_security_pdu_decode_user_data (const guint8    *data,
                                   gsize            length,
                                   RdpSecurityPdu  *out_pdu,
                                   GError         **error)
{
  RdpPduReader reader;

  memset (out_pdu, 0, sizeof *out_pdu);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_security_header_read (&reader, &out_pdu->header, error))
    {
      g_prefix_error (error, _("Invalid security header: "));
      return FALSE;
    }
  out_pdu->body = rdp_pdu_reader_peek_ptr (&reader);
  out_pdu->body_length = rdp_pdu_reader_remaining (&reader);
  return TRUE;
}

gboolean
rdp_security_pdu_decode (const guint8    *data,
                         gsize            length,
                         RdpSecurityPdu  *out_pdu,
                         GError         **error)
{
  RdpMcsDomainPdu pdu;

  memset (out_pdu, 0, sizeof *out_pdu);
  if (!rdp_mcs_decode_domain_pdu (data, length, &pdu, error))
    return FALSE;
  if (pdu.type != RDP_MCS_SEND_DATA_REQUEST && pdu.type != RDP_MCS_SEND_DATA_INDICATION)
    {
      rdp_pdu_set_invalid (error, _("Expected an MCS Send Data PDU, got MCS PDU type %u"),
                           (guint) pdu.type);
      return FALSE;
    }
  if (!rdp_security_pdu_decode_user_data (pdu.user_data, pdu.user_data_length, out_pdu, error))
    return FALSE;
  out_pdu->mcs_type = pdu.type;
  out_pdu->initiator = pdu.initiator;
  out_pdu->channel_id = pdu.channel_id;
  return TRUE;
}

GBytes *
rdp_security_pdu_encode (guint16        initiator,
                         guint16        channel_id,
                         guint16        flags,
                         guint16        flags_hi,
                         const guint8  *body,
                         gsize          body_length,
                         GError       **error)
{
  const RdpSecurityHeader header = { flags, flags_hi };
  g_autoptr(GByteArray) user_data = NULL;

  if (body_length > RDP_MCS_MAX_SEND_DATA_SIZE - RDP_SECURITY_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode a PDU of %lu bytes: it is too long"),
                           (gulong) body_length);
      return NULL;
    }
  user_data = g_byte_array_sized_new (RDP_SECURITY_HEADER_SIZE + body_length);
  rdp_security_header_write (user_data, &header);
  rdp_pdu_write_bytes (user_data, body, body_length);
  return rdp_mcs_encode_send_data_request (initiator, channel_id, user_data->data,
                                           user_data->len, error);
}
