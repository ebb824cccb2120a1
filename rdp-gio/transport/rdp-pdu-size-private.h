/* rdp-pdu-size-private.h: frame sizing for the read hints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-enums.h"
#include "rdp-pdu-size.h"

G_BEGIN_DECLS

gssize rdp_find_credssp_size (const guint8 *data,
                              gsize         length,
                              GError      **error);

const char *rdp_action_describe (RdpAction action);

/* The read hot path's rdp_find_pdu_size(): the size of the PDU at @data when
 * its header is complete and valid by the same rules, otherwise 0, and then
 * rdp_find_pdu_size() tells whether more bytes are needed or what is wrong. */
static inline gsize
rdp_pdu_size_fast (const guint8 *data,
                   gsize         length,
                   RdpAction    *out_action)
{
  gsize size;

  if (length < 2)
    return 0;
  if (data[0] == 0x03)
    {
      if (length < 4)
        return 0;
      size = ((gsize) data[2] << 8) | data[3];
      if (size < 7)
        return 0;
      *out_action = RDP_ACTION_X224;
      return size;
    }
  if ((data[0] & 0x03) != RDP_ACTION_FAST_PATH)
    return 0;
  if (data[1] & 0x80)
    {
      if (length < 3)
        return 0;
      size = ((gsize) (data[1] & 0x7f) << 8) | data[2];
      if (size < 3)
        return 0;
    }
  else
    {
      size = data[1];
      if (size < 2)
        return 0;
    }
  *out_action = RDP_ACTION_FAST_PATH;
  return size;
}

G_END_DECLS
