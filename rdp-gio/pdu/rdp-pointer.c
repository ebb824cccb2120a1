/* rdp-pointer.c: the server's pointer updates, slow-path and fast-path
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-pointer-private.h"
#include "rdp-pdu-cursor-private.h"
#include "rdp-i18n-private.h"

gsize
rdp_pointer_xor_stride (guint xor_bpp,
                        guint width)
{
  gsize bytes = ((gsize) xor_bpp * width + 7) / 8;

  return bytes + (bytes & 1);
}

gsize
rdp_pointer_and_stride (guint width)
{
  return rdp_pointer_xor_stride (1, width);
}

static gboolean
valid_xor_bpp (guint xor_bpp)
{
  switch (xor_bpp)
    {
    case 1: case 4: case 8: case 16: case 24: case 32:
      return TRUE;
    default:
      return FALSE;
    }
}

/* TS_COLORPOINTERATTRIBUTE (2.2.9.1.1.4.4) or, for LARGE, what follows
 * xorBpp in TS_LARGEPOINTERATTRIBUTE (2.2.9.1.1.4.6): the two differ in the
 * width of the mask lengths, the size limit and the optional pad byte at
 * the end (colour attributes only). Reads to the end of @reader. */
static gboolean
read_color_attribute (RdpPduReader         *reader,
                      RdpPointerUpdateKind  kind,
                      guint                 xor_bpp,
                      RdpPointerUpdate     *out,
                      GError              **error)
{
  gboolean large = kind == RDP_POINTER_UPDATE_LARGE;
  guint max = large ? RDP_POINTER_LARGE_MAX_SIZE : RDP_POINTER_MAX_SIZE;
  guint16 cache_index, hotspot_x, hotspot_y, width, height;
  guint32 and_length, xor_length;
  gsize xor_expected, and_expected;
  const guint8 *xor_mask, *and_mask;

  if (!valid_xor_bpp (xor_bpp))
    {
      rdp_pdu_set_invalid (error, _("invalid pointer color depth of %u bits per pixel"), xor_bpp);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_u16le (reader, &cache_index, error) ||
      !rdp_pdu_reader_read_u16le (reader, &hotspot_x, error) ||
      !rdp_pdu_reader_read_u16le (reader, &hotspot_y, error) ||
      !rdp_pdu_reader_read_u16le (reader, &width, error) ||
      !rdp_pdu_reader_read_u16le (reader, &height, error))
    return FALSE;
  if (large)
    {
      if (!rdp_pdu_reader_read_u32le (reader, &and_length, error) ||
          !rdp_pdu_reader_read_u32le (reader, &xor_length, error))
        return FALSE;
    }
  else
    {
      guint16 and16, xor16;

      if (!rdp_pdu_reader_read_u16le (reader, &and16, error) ||
          !rdp_pdu_reader_read_u16le (reader, &xor16, error))
        return FALSE;
      and_length = and16;
      xor_length = xor16;
    }
  if (width > max || height > max)
    {
      rdp_pdu_set_invalid (error, _("a pointer of %u × %u pixels is larger than the maximum of %u × %u"),
                           (guint) width, (guint) height, max, max);
      return FALSE;
    }
  xor_expected = rdp_pointer_xor_stride (xor_bpp, width) * height;
  and_expected = rdp_pointer_and_stride (width) * height;
  if (xor_length != xor_expected)
    {
      rdp_pdu_set_invalid (error, _("the XOR mask of a %u × %u pointer at %u bits per pixel has %lu bytes instead of %lu"),
                           (guint) width, (guint) height, xor_bpp, (gulong) xor_length, (gulong) xor_expected);
      return FALSE;
    }
  /* An empty AND mask is accepted (every AND bit is 0), as FreeRDP does. */
  if (and_length != and_expected && and_length != 0)
    {
      rdp_pdu_set_invalid (error, _("the AND mask of a %u × %u pointer has %lu bytes instead of %lu"),
                           (guint) width, (guint) height, (gulong) and_length, (gulong) and_expected);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_bytes (reader, xor_length, &xor_mask, error) ||
      !rdp_pdu_reader_read_bytes (reader, and_length, &and_mask, error))
    return FALSE;
  /* TS_COLORPOINTERATTRIBUTE ends in an optional pad byte. */
  if (!large && rdp_pdu_reader_remaining (reader) == 1)
    reader->pos++;
  if (!rdp_pdu_reader_expect_end (reader, "Pointer Update", error))
    return FALSE;

  memset (out, 0, sizeof *out);
  out->kind = kind;
  out->cache_index = cache_index;
  out->xor_bpp = xor_bpp;
  /* xrdp and others send hotspots outside the pointer; FreeRDP moves them
   * to 0 and so does this codec, so that what it gives can always be shown. */
  out->hotspot_x = hotspot_x < width ? hotspot_x : 0;
  out->hotspot_y = hotspot_y < height ? hotspot_y : 0;
  out->width = width;
  out->height = height;
  out->xor_mask = xor_length ? xor_mask : NULL;
  out->xor_size = xor_length;
  out->and_mask = and_length ? and_mask : NULL;
  out->and_size = and_length;
  return TRUE;
}

/* TS_POINTERATTRIBUTE (2.2.9.1.1.4.5) and TS_LARGEPOINTERATTRIBUTE: xorBpp,
 * then the colour attribute. */
static gboolean
read_new_pointer (RdpPduReader         *reader,
                  RdpPointerUpdateKind  kind,
                  RdpPointerUpdate     *out,
                  GError              **error)
{
  guint16 xor_bpp;

  if (!rdp_pdu_reader_read_u16le (reader, &xor_bpp, error))
    return FALSE;
  return read_color_attribute (reader, kind, xor_bpp, out, error);
}

static gboolean
read_position (RdpPduReader      *reader,
               RdpPointerUpdate  *out,
               GError           **error)
{
  guint16 x, y;

  if (!rdp_pdu_reader_read_u16le (reader, &x, error) ||
      !rdp_pdu_reader_read_u16le (reader, &y, error) ||
      !rdp_pdu_reader_expect_end (reader, "Pointer Position Update", error))
    return FALSE;
  memset (out, 0, sizeof *out);
  out->kind = RDP_POINTER_UPDATE_POSITION;
  out->x = x;
  out->y = y;
  return TRUE;
}

static gboolean
read_cached (RdpPduReader      *reader,
             RdpPointerUpdate  *out,
             GError           **error)
{
  guint16 cache_index;

  if (!rdp_pdu_reader_read_u16le (reader, &cache_index, error) ||
      !rdp_pdu_reader_expect_end (reader, "Cached Pointer Update", error))
    return FALSE;
  memset (out, 0, sizeof *out);
  out->kind = RDP_POINTER_UPDATE_CACHED;
  out->cache_index = cache_index;
  return TRUE;
}

static void
set_system (RdpPointerUpdate     *out,
            RdpPointerUpdateKind  kind)
{
  memset (out, 0, sizeof *out);
  out->kind = kind;
}

gboolean
rdp_pointer_update_parse_slow_path (const guint8      *data,
                                    gsize              size,
                                    RdpPointerUpdate  *out,
                                    GError           **error)
{
  RdpPduReader reader;
  guint16 message_type, pad;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  rdp_pdu_reader_init (&reader, data, size);
  if (!rdp_pdu_reader_read_u16le (&reader, &message_type, error) ||
      !rdp_pdu_reader_read_u16le (&reader, &pad, error))
    return FALSE;

  switch (message_type)
    {
    case RDP_POINTER_MSGTYPE_SYSTEM:
      {
        guint32 type;

        if (!rdp_pdu_reader_read_u32le (&reader, &type, error) ||
            !rdp_pdu_reader_expect_end (&reader, "System Pointer Update", error))
          return FALSE;
        if (type == RDP_POINTER_SYSPTR_NULL)
          set_system (out, RDP_POINTER_UPDATE_SYSTEM_HIDDEN);
        else if (type == RDP_POINTER_SYSPTR_DEFAULT)
          set_system (out, RDP_POINTER_UPDATE_SYSTEM_DEFAULT);
        else
          {
            rdp_pdu_set_invalid (error, _("unknown system pointer type 0x%08x"), (guint) type);
            return FALSE;
          }
        return TRUE;
      }
    case RDP_POINTER_MSGTYPE_POSITION:
      return read_position (&reader, out, error);
    case RDP_POINTER_MSGTYPE_COLOR:
      return read_color_attribute (&reader, RDP_POINTER_UPDATE_COLOR, 24, out, error);
    case RDP_POINTER_MSGTYPE_CACHED:
      return read_cached (&reader, out, error);
    case RDP_POINTER_MSGTYPE_POINTER:
      return read_new_pointer (&reader, RDP_POINTER_UPDATE_NEW, out, error);
    case RDP_POINTER_MSGTYPE_LARGE:
      return read_new_pointer (&reader, RDP_POINTER_UPDATE_LARGE, out, error);
    default:
      rdp_pdu_set_invalid (error, _("unknown pointer update message type %u"), (guint) message_type);
      return FALSE;
    }
}

gboolean
rdp_pointer_update_parse_fast_path (guint              update_code,
                                    const guint8      *data,
                                    gsize              size,
                                    RdpPointerUpdate  *out,
                                    GError           **error)
{
  RdpPduReader reader;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  rdp_pdu_reader_init (&reader, data, size);
  switch (update_code)
    {
    case RDP_FASTPATH_UPDATETYPE_PTR_NULL:
    case RDP_FASTPATH_UPDATETYPE_PTR_DEFAULT:
      if (!rdp_pdu_reader_expect_end (&reader, "System Pointer Update", error))
        return FALSE;
      set_system (out, update_code == RDP_FASTPATH_UPDATETYPE_PTR_NULL ?
                  RDP_POINTER_UPDATE_SYSTEM_HIDDEN : RDP_POINTER_UPDATE_SYSTEM_DEFAULT);
      return TRUE;
    case RDP_FASTPATH_UPDATETYPE_PTR_POSITION:
      return read_position (&reader, out, error);
    case RDP_FASTPATH_UPDATETYPE_COLOR:
      return read_color_attribute (&reader, RDP_POINTER_UPDATE_COLOR, 24, out, error);
    case RDP_FASTPATH_UPDATETYPE_CACHED:
      return read_cached (&reader, out, error);
    case RDP_FASTPATH_UPDATETYPE_POINTER:
      return read_new_pointer (&reader, RDP_POINTER_UPDATE_NEW, out, error);
    case RDP_FASTPATH_UPDATETYPE_LARGE_POINTER:
      return read_new_pointer (&reader, RDP_POINTER_UPDATE_LARGE, out, error);
    default:
      rdp_pdu_set_invalid (error, _("fast-path update code %u is not a pointer update"), update_code);
      return FALSE;
    }
}
