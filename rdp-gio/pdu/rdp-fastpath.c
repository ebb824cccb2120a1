/* rdp-fastpath.c: sans-I/O codec of fast-path output PDUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-fastpath-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

gboolean
rdp_fastpath_iter_init (RdpFastpathIter *iter,
                        const guint8    *pdu,
                        gsize            length,
                        GError         **error)
{
  RdpPduReader reader;
  guint8 header, length1, length2 = 0;
  gsize pdu_length;

  rdp_pdu_reader_init (&reader, pdu, length);
  if (!rdp_pdu_reader_read_u8 (&reader, &header, error) ||
      !rdp_pdu_reader_read_u8 (&reader, &length1, error))
    return FALSE;
  if ((header & 0x3) != 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Not a fast-path PDU (action %u)"), header & 0x3u);
      return FALSE;
    }
  if ((header >> 6) & RDP_FASTPATH_OUTPUT_ENCRYPTED)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                           _("The server sent an encrypted fast-path update (Standard RDP Security), which is not supported"));
      return FALSE;
    }
  pdu_length = length1;
  if (length1 & 0x80)
    {
      if (!rdp_pdu_reader_read_u8 (&reader, &length2, error))
        return FALSE;
      pdu_length = ((gsize) (length1 & 0x7f) << 8) | length2;
    }
  if (pdu_length != length || pdu_length < reader.pos)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Fast-path PDU length %lu does not match its %lu bytes"),
                   (gulong) pdu_length, (gulong) length);
      return FALSE;
    }
  iter->reader = reader;
  return TRUE;
}

gboolean
rdp_fastpath_iter_next (RdpFastpathIter   *iter,
                        RdpFastpathUpdate *out,
                        GError           **error)
{
  RdpPduReader *r = &iter->reader;
  guint8 header, compression_flags = 0;
  guint16 size;

  if (rdp_pdu_reader_remaining (r) == 0)
    return FALSE;
  if (!rdp_pdu_reader_read_u8 (r, &header, error))
    return FALSE;
  if (((header >> 6) & 0x3) == RDP_FASTPATH_OUTPUT_COMPRESSION_USED &&
      !rdp_pdu_reader_read_u8 (r, &compression_flags, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u16le (r, &size, error) ||
      !rdp_pdu_reader_read_bytes (r, size, &out->data, error))
    {
      r->pos = r->len;     /* the iteration is over */
      return FALSE;
    }
  out->code = header & 0x0f;
  out->fragmentation = (header >> 4) & 0x3;
  out->compression_flags = compression_flags;
  out->compressed = (compression_flags & 0x20) != 0;   /* PACKET_COMPRESSED */
  out->size = size;
  return TRUE;
}

void
rdp_fastpath_write_update (GByteArray              *out,
                           RdpFastpathUpdateCode    code,
                           RdpFastpathFragmentation fragmentation,
                           const guint8            *data,
                           gsize                    size)
{
  guint8 header[3] = { (guint8) ((code & 0x0f) | ((fragmentation & 0x3) << 4)),
                       (guint8) (size & 0xff), (guint8) (size >> 8) };

  g_return_if_fail (size <= G_MAXUINT16);
  g_byte_array_append (out, header, sizeof header);
  if (size > 0)
    g_byte_array_append (out, data, size);
}

GBytes *
rdp_fastpath_encode_output (const guint8 *updates,
                            gsize         length)
{
  GByteArray *out = g_byte_array_new ();
  gsize total = length + 3;
  guint8 header[3] = { 0x00, (guint8) (0x80 | (total >> 8)), (guint8) (total & 0xff) };

  g_return_val_if_fail (total <= 0x7fff, NULL);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, updates, length);
  return g_byte_array_free_to_bytes (out);
}

const char *
rdp_fastpath_update_code_to_string (guint code)
{
  switch (code)
    {
    case RDP_FASTPATH_UPDATE_ORDERS: return "Orders";
    case RDP_FASTPATH_UPDATE_BITMAP: return "Bitmap";
    case RDP_FASTPATH_UPDATE_PALETTE: return "Palette";
    case RDP_FASTPATH_UPDATE_SYNCHRONIZE: return "Synchronize";
    case RDP_FASTPATH_UPDATE_SURFCMDS: return "Surface Commands";
    case RDP_FASTPATH_UPDATE_PTR_NULL: return "Pointer Hidden";
    case RDP_FASTPATH_UPDATE_PTR_DEFAULT: return "Pointer Default";
    case RDP_FASTPATH_UPDATE_PTR_POSITION: return "Pointer Position";
    case RDP_FASTPATH_UPDATE_COLOR: return "Color Pointer";
    case RDP_FASTPATH_UPDATE_CACHED: return "Cached Pointer";
    case RDP_FASTPATH_UPDATE_POINTER: return "New Pointer";
    case RDP_FASTPATH_UPDATE_LARGE_POINTER: return "Large Pointer";
    default: return "unknown";
    }
}
