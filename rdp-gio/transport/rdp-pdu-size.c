/* rdp-pdu-size.c: finding where an RDP PDU ends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-pdu-size-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* TPKT ([T123] 8): 03 00 LL LL, LL big-endian and counting the header. The
 * shortest TPKT that carries an X.224 TPDU is the header plus a 3-byte Data
 * TPDU header (02 f0 80). */
#define TPKT_HEADER_SIZE 4
#define TPKT_MIN_SIZE 7

/**
 * rdp_find_pdu_size:
 * @data: (array length=length) (nullable): the first bytes of a PDU
 * @length: how many bytes @data holds
 * @out_action: (out) (optional): where to store the PDU's kind when its size
 *   is known
 * @error: return location for a #GError
 *
 * Finds the length of the RDP PDU that starts at @data, from as few of its
 * bytes as tell it: four for a TPKT header, two or three for a fast-path
 * header. It looks at nothing else and never reads past @length.
 *
 * The kind of the PDU is the two low bits of its first byte: 3 is a TPKT
 * (whose version must be 3 and whose length must be at least 7), 0 is
 * fast-path (a one-byte length, or fifteen bits over two bytes when the high
 * bit of the first is set, the long form being valid for small values too).
 * The fast-path encryption flags are not looked at. 1 and 2 are not RDP.
 *
 * Returns: the whole PDU's length, header included, when it is known; 0 when
 *   more bytes are needed; -1 with @error set to %RDP_ERROR_INVALID_DATA when
 *   the bytes cannot start an RDP PDU
 */
gssize
rdp_find_pdu_size (const guint8 *data,
                   gsize         length,
                   RdpAction    *out_action,
                   GError      **error)
{
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (length == 0)
    return 0;

  switch (data[0] & 0x03)
    {
    case RDP_ACTION_X224:
      if (data[0] != 0x03)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Invalid TPKT header: version %u instead of 3"),
                       (guint) data[0]);
          return -1;
        }
      if (length < TPKT_HEADER_SIZE)
        return 0;
      size = ((gsize) data[2] << 8) | data[3];
      if (size < TPKT_MIN_SIZE)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                       _("Invalid TPKT header: length %u is less than the minimum of %u bytes"),
                       (guint) size, (guint) TPKT_MIN_SIZE);
          return -1;
        }
      if (out_action)
        *out_action = RDP_ACTION_X224;
      return size;

    case RDP_ACTION_FAST_PATH:
      if (length < 2)
        return 0;
      if (data[1] & 0x80)
        {
          if (length < 3)
            return 0;
          size = ((gsize) (data[1] & 0x7f) << 8) | data[2];
          if (size < 3)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("Invalid fast-path header: length %u is less than its %u-byte header"),
                           (guint) size, 3u);
              return -1;
            }
        }
      else
        {
          size = data[1];
          if (size < 2)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                           _("Invalid fast-path header: length %u is less than its %u-byte header"),
                           (guint) size, 2u);
              return -1;
            }
        }
      if (out_action)
        *out_action = RDP_ACTION_FAST_PATH;
      return size;

    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid PDU header: first byte 0x%02x is neither TPKT nor fast-path"),
                   (guint) data[0]);
      return -1;
    }
}

/* A DER SEQUENCE: 30, then a length in short form (< 0x80) or long form
 * (0x81..0x84 and that many big-endian bytes). Non-minimal long forms are
 * accepted, as BER peers send them; the indefinite form (0x80) is not DER. */
gssize
rdp_find_credssp_size (const guint8 *data,
                       gsize         length,
                       GError      **error)
{
  gsize header, content, i;
  guint n;

  if (length == 0)
    return 0;

  if (data[0] != 0x30)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid CredSSP message: first byte 0x%02x is not a DER SEQUENCE"),
                   (guint) data[0]);
      return -1;
    }
  if (length < 2)
    return 0;

  if (data[1] < 0x80)
    return 2 + data[1];

  n = data[1] & 0x7f;
  if (n == 0 || n > 4)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Invalid CredSSP message: unsupported DER length form 0x%02x"),
                   (guint) data[1]);
      return -1;
    }
  header = 2 + n;
  if (length < header)
    return 0;

  content = 0;
  for (i = 0; i < n; i++)
    content = (content << 8) | data[2 + i];

  if (content > RDP_FRAMED_MAX_CREDSSP_SIZE - header)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("CredSSP message of %lu bytes is larger than the maximum of %u bytes"),
                   (gulong) (content + header), (guint) RDP_FRAMED_MAX_CREDSSP_SIZE);
      return -1;
    }

  return header + content;
}

const char *
rdp_action_describe (RdpAction action)
{
  return action == RDP_ACTION_X224 ? _("an X.224 PDU") : _("a fast-path PDU");
}
