/* rdp-update.c: sans-I/O codec of bitmap and palette updates and surface
 * commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-update-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

#define CD_HEADER_SIZE 8           /* TS_CD_HEADER */
#define EX_COMPRESSED_BITMAP_HEADER_PRESENT 0x01
#define EX_BITMAP_DATA_HEADER_SIZE 24

static gboolean
expect_update_type (RdpPduReader *reader,
                    RdpUpdateType type,
                    GError      **error)
{
  guint16 update_type;

  if (!rdp_pdu_reader_read_u16le (reader, &update_type, error))
    return FALSE;
  if (update_type != type)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Expected update type %u, got %u"), (guint) type, (guint) update_type);
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_bitmap_iter_init (RdpBitmapIter *iter,
                      const guint8  *payload,
                      gsize          length,
                      GError       **error)
{
  guint16 count;

  rdp_pdu_reader_init (&iter->reader, payload, length);
  if (!expect_update_type (&iter->reader, RDP_UPDATE_TYPE_BITMAP, error) ||
      !rdp_pdu_reader_read_u16le (&iter->reader, &count, error))
    return FALSE;
  iter->remaining = count;
  return TRUE;
}

gboolean
rdp_bitmap_iter_next (RdpBitmapIter *iter,
                      RdpBitmapData *out,
                      GError       **error)
{
  RdpPduReader *r = &iter->reader;
  guint16 length;

  if (iter->remaining == 0)
    {
      /* trailing bytes are padding in some servers' PDUs: ignored */
      return FALSE;
    }
  if (!rdp_pdu_reader_read_u16le (r, &out->dest_left, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->dest_top, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->dest_right, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->dest_bottom, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->width, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->height, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->bpp, error) ||
      !rdp_pdu_reader_read_u16le (r, &out->flags, error) ||
      !rdp_pdu_reader_read_u16le (r, &length, error) ||
      !rdp_pdu_reader_read_bytes (r, length, &out->data, error))
    goto fail;
  out->size = length;
  out->compressed = (out->flags & RDP_BITMAP_COMPRESSION) != 0;
  if (out->compressed && !(out->flags & RDP_NO_BITMAP_COMPRESSION_HDR))
    {
      if (out->size < CD_HEADER_SIZE)
        {
          g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                               _("A compressed bitmap is shorter than its compression header"));
          goto fail;
        }
      out->data += CD_HEADER_SIZE;
      out->size -= CD_HEADER_SIZE;
    }
  if (out->dest_right < out->dest_left || out->dest_bottom < out->dest_top ||
      out->width == 0 || out->height == 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("A bitmap update has an empty rectangle (%u,%u)-(%u,%u), %u × %u"),
                   out->dest_left, out->dest_top, out->dest_right, out->dest_bottom,
                   out->width, out->height);
      goto fail;
    }
  iter->remaining--;
  return TRUE;

fail:
  iter->remaining = 0;
  return FALSE;
}

gboolean
rdp_palette_update_parse (const guint8 *payload,
                          gsize         length,
                          guint32       out_palette[256],
                          GError      **error)
{
  RdpPduReader reader;
  guint32 count;
  const guint8 *entries;

  rdp_pdu_reader_init (&reader, payload, length);
  if (!expect_update_type (&reader, RDP_UPDATE_TYPE_PALETTE, error) ||
      !rdp_pdu_reader_skip (&reader, 2, error) ||
      !rdp_pdu_reader_read_u32le (&reader, &count, error))
    return FALSE;
  if (count > 256)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("A palette update has %u colours (at most 256)"), (guint) count);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_bytes (&reader, (gsize) count * 3, &entries, error))
    return FALSE;
  for (guint i = 0; i < 256; i++)
    out_palette[i] = i < count ?
      0xff000000u | ((guint32) entries[3 * i] << 16) | ((guint32) entries[3 * i + 1] << 8) | entries[3 * i + 2] :
      0xff000000u;
  return TRUE;
}

void
rdp_surface_command_iter_init (RdpSurfaceCommandIter *iter,
                               const guint8          *data,
                               gsize                  length)
{
  rdp_pdu_reader_init (&iter->reader, data, length);
}

gboolean
rdp_surface_command_iter_next (RdpSurfaceCommandIter *iter,
                               RdpSurfaceCommand     *out,
                               GError               **error)
{
  RdpPduReader *r = &iter->reader;
  guint16 type;
  guint8 flags, reserved;
  guint32 length;

  if (rdp_pdu_reader_remaining (r) == 0)
    return FALSE;
  if (!rdp_pdu_reader_read_u16le (r, &type, error))
    goto fail;
  out->type = type;
  switch (type)
    {
    case RDP_SURFCMD_FRAME_MARKER:
      if (!rdp_pdu_reader_read_u16le (r, &out->frame_action, error) ||
          !rdp_pdu_reader_read_u32le (r, &out->frame_id, error))
        goto fail;
      return TRUE;

    case RDP_SURFCMD_SET_SURFACE_BITS:
    case RDP_SURFCMD_STREAM_SURFACE_BITS:
      if (!rdp_pdu_reader_read_u16le (r, &out->dest_left, error) ||
          !rdp_pdu_reader_read_u16le (r, &out->dest_top, error) ||
          !rdp_pdu_reader_read_u16le (r, &out->dest_right, error) ||
          !rdp_pdu_reader_read_u16le (r, &out->dest_bottom, error) ||
          !rdp_pdu_reader_read_u8 (r, &out->bpp, error) ||
          !rdp_pdu_reader_read_u8 (r, &flags, error) ||
          !rdp_pdu_reader_read_u8 (r, &reserved, error) ||
          !rdp_pdu_reader_read_u8 (r, &out->codec_id, error) ||
          !rdp_pdu_reader_read_u16le (r, &out->width, error) ||
          !rdp_pdu_reader_read_u16le (r, &out->height, error) ||
          !rdp_pdu_reader_read_u32le (r, &length, error))
        goto fail;
      if ((flags & EX_COMPRESSED_BITMAP_HEADER_PRESENT) &&
          !rdp_pdu_reader_skip (r, EX_BITMAP_DATA_HEADER_SIZE, error))
        goto fail;
      if (!rdp_pdu_reader_read_bytes (r, length, &out->data, error))
        goto fail;
      out->size = length;
      return TRUE;

    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Unknown surface command type 0x%04x"), (guint) type);
      goto fail;
    }

fail:
  r->pos = r->len;
  return FALSE;
}
