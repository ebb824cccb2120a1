/* rdp-nscodec.c: the NSCodec bitmap decoder ([MS-RDPNSC] 2.2.2 and 3.1.8)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-nscodec-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* The stream ([MS-RDPNSC] 2.2.2), little-endian:
 *
 *   LumaPlaneByteCount, OrangeChromaPlaneByteCount,
 *   GreenChromaPlaneByteCount, AlphaPlaneByteCount   4 bytes each
 *   ColorLossLevel          1 byte, 1 to 7
 *   ChromaSubsamplingLevel  1 byte, nonzero: subsampled chroma
 *   Reserved                2 bytes
 *   the four planes in that order
 *
 * Plane sizes: without subsampling all are w x h; with it the luma plane is
 * round8(w) x h and the chroma planes round8(w)/2 x round2(h)/2 (padded,
 * [MS-RDPNSC] 3.1.8.2). A plane whose byte count is its size is raw, one with
 * fewer bytes is RLE ([MS-RDPNSC] 3.1.8.1), an alpha plane of 0 bytes means
 * opaque. An RLE plane is a series of literals (one byte) and runs (the value
 * twice, then a count - 2 below 0xFF, or 0xFF and the 32-bit count), then the
 * plane's last 4 bytes raw.
 *
 * The AYCoCg to RGB transform is [MS-RDPEGDI] 3.1.9.1.2 with the chroma
 * shifted back by the color loss level ([MS-RDPEGDI] 3.1.9.1.4), without the
 * red/blue swap of planar bitmaps. */

#define HEADER_SIZE 20
#define STACK_PLANES_SIZE (4 * 64 * 64)

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, message);
  return FALSE;
}

static inline guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

/* Decodes the RLE plane @src (@src_size bytes) into @out (@out_size bytes). */
static gboolean
decode_rle_plane (const guint8 *src,
                  gsize         src_size,
                  guint8       *out,
                  gsize         out_size,
                  GError      **error)
{
  const guint8 *p = src, *end = src + src_size;
  gsize left = out_size;

  if (out_size < 4)
    return invalid (error, _("An NSCodec plane too small for run-length encoding is encoded"));

  while (left > 4)
    {
      guint8 value;
      gsize run;

      if (p == end)
        goto truncated;
      value = *p++;
      /* with one byte before the final four, it can only be a literal */
      if (left == 5 || p == end || *p != value)
        {
          *out++ = value;
          left--;
          continue;
        }
      p++;
      if (p == end)
        goto truncated;
      if (*p < 0xff)
        run = (gsize) *p++ + 2;
      else
        {
          if (end - p < 5)
            goto truncated;
          run = get_le32 (p + 1);
          p += 5;
        }
      if (run > left - 4)
        return invalid (error, _("A run of an NSCodec plane runs past the end of the plane"));
      memset (out, value, run);
      out += run;
      left -= run;
    }
  if (end - p < 4)
    goto truncated;
  memcpy (out, p, 4);
  return TRUE;

truncated:
  return invalid (error, _("An NSCodec bitmap ends in the middle of a run-length encoded plane"));
}

static inline guint8
clamp_byte (gint v)
{
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

gboolean
rdp_nscodec_decode (const guint8  *src,
                    gsize          src_size,
                    guint          width,
                    guint          height,
                    gboolean       opaque,
                    guint8        *dst,
                    gsize          dst_stride,
                    GError       **error)
{
  guint8 stack_planes[STACK_PLANES_SIZE];
  g_autofree guint8 *heap_planes = NULL;
  const guint8 *planes[4] = { NULL, }; /* luma, co, cg, alpha */
  guint32 counts[4];
  gsize sizes[4], rle_total = 0, offset = HEADER_SIZE;
  guint64 total = 0;
  guint cll, shift, luma_width, chroma_width, y, x, i;
  gboolean subsampled, want_alpha;
  guint8 *buffer;

  g_return_val_if_fail (src != NULL || src_size == 0, FALSE);
  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (dst_stride / 4 >= width, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width == 0 || height == 0 || width > G_MAXUINT16 || height > G_MAXUINT16)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("An NSCodec bitmap of %u x %u pixels is not possible"), width, height);
      return FALSE;
    }
  if (src_size < HEADER_SIZE)
    return invalid (error, _("An NSCodec bitmap is shorter than its header"));

  for (i = 0; i < 4; i++)
    {
      counts[i] = get_le32 (src + 4 * i);
      total += counts[i];
    }
  cll = src[16];
  subsampled = src[17] != 0;
  if (cll < 1 || cll > 7)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("An NSCodec bitmap has the color loss level %u instead of 1 to 7"), cll);
      return FALSE;
    }
  if (total > src_size - HEADER_SIZE)
    return invalid (error, _("An NSCodec bitmap is shorter than its planes"));

  if (subsampled)
    {
      luma_width = (width + 7) & ~7u;
      chroma_width = luma_width / 2;
      sizes[0] = (gsize) luma_width * height;
      sizes[1] = sizes[2] = (gsize) chroma_width * ((height + 1) / 2);
    }
  else
    {
      luma_width = chroma_width = width;
      sizes[0] = sizes[1] = sizes[2] = (gsize) width * height;
    }
  sizes[3] = (gsize) width * height;
  want_alpha = !opaque && counts[3] != 0;

  for (i = 0; i < 4; i++)
    {
      if (counts[i] > sizes[i])
        return invalid (error, _("An NSCodec plane is longer than its raw size"));
      if (counts[i] == 0 && i < 3)
        return invalid (error, _("An NSCodec bitmap has an empty color plane"));
      if (counts[i] > 0 && counts[i] < sizes[i])
        rle_total += sizes[i];
    }

  if (rle_total <= sizeof stack_planes)
    buffer = stack_planes;
  else
    buffer = heap_planes = g_malloc (rle_total);

  for (i = 0; i < 4; i++)
    {
      /* an alpha plane is decoded even for opaque pixels: the same bytes
       * are valid or not whatever the caller wants */
      if (counts[i] == 0)
        ;
      else if (counts[i] == sizes[i])
        planes[i] = src + offset;
      else
        {
          if (!decode_rle_plane (src + offset, counts[i], buffer, sizes[i], error))
            return FALSE;
          planes[i] = buffer;
          buffer += sizes[i];
        }
      offset += counts[i];
    }

  shift = cll - 1;
  for (y = 0; y < height; y++)
    {
      guint32 *out = (guint32 *) (gpointer) (dst + (gsize) y * dst_stride);
      const guint8 *ly = planes[0] + (gsize) y * luma_width;
      const guint8 *coy = planes[1] + (gsize) (subsampled ? y / 2 : y) * chroma_width;
      const guint8 *cgy = planes[2] + (gsize) (subsampled ? y / 2 : y) * chroma_width;
      const guint8 *ay = want_alpha ? planes[3] + (gsize) y * width : NULL;

      for (x = 0; x < width; x++)
        {
          guint cx = subsampled ? x / 2 : x;
          gint Y = ly[x];
          gint Co = (gint8) (guint8) (coy[cx] << shift);
          gint Cg = (gint8) (guint8) (cgy[cx] << shift);
          guint32 A = ay ? ay[x] : 0xff;

          out[x] = (A << 24) | ((guint32) clamp_byte (Y + Co - Cg) << 16) |
                   ((guint32) clamp_byte (Y + Cg) << 8) | clamp_byte (Y - Co - Cg);
        }
    }
  return TRUE;
}
