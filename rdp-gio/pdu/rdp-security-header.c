/* rdp-security-header.c: the basic security header
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-security-header-private.h"

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
