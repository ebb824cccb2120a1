/* rdp-planar.c: the RDP 6.0 planar bitmap decoder ([MS-RDPEGDI] 2.2.2.5.1
 * and 3.1.9)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-planar-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* The stream ([MS-RDPEGDI] 2.2.2.5.1):
 *
 *   FormatHeader   bits 0-2 CLL (0: ARGB, 1-7: AYCoCg with that color loss
 *                  level), bit 3 CS (chroma subsampling, needs CLL > 0),
 *                  bit 4 RLE, bit 5 NA (no alpha plane), bits 6-7 reserved
 *   [AlphaPlane]   absent with NA
 *   LumaOrRedPlane
 *   OrangeChromaOrGreenPlane   ceil(w/2) x ceil(h/2) with CS
 *   GreenChromaOrBluePlane     ceil(w/2) x ceil(h/2) with CS
 *   [Pad]          one byte, only without RLE
 *
 * An RLE plane ([MS-RDPEGDI] 3.1.9.2) is a series of segments per scan line,
 * each a control byte (low nibble nRunLength, high nibble cRawBytes; a run
 * length of 1 or 2 means a run of 16 or 32 plus cRawBytes and no raw bytes)
 * and its raw bytes; a segment never crosses a scan line. The first line
 * holds absolute values, the others deltas from the line before, each
 * encoded as 2d (d >= 0) or -2d - 1 (d < 0), 8-bit wrapping. A run repeats
 * the line's last raw value, 0 before any.
 *
 * Planes are decoded into byte planes in stream order, then combined into
 * pixels (with the vertical flip of bottom-up bitmaps) in one pass. */

#define FORMAT_CLL_MASK 0x07
#define FORMAT_CS       0x08
#define FORMAT_RLE      0x10
#define FORMAT_NA       0x20

/* Planes sit in a buffer on the stack up to this size (4 planes of 64 x 64,
 * the tiles servers send), on the heap above. */
#define STACK_PLANES_SIZE (4 * 64 * 64)

/* The longest span one control byte decodes: a run of 32 + 15. */
#define MAX_SEGMENT_PIXELS 47

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, message);
  return FALSE;
}

/* An encoded delta byte to the 8-bit value added to the pixel above. */
static inline guint8
decode_delta (guint8 v)
{
  return (guint8) ((v >> 1) ^ (guint8) -(v & 1));
}

/* Decodes one RLE plane of @width x @height from @src (at most @src_size
 * bytes) into @out (@width * @height bytes, rows in stream order), or only
 * walks it when @out is NULL. Returns the bytes it used, or 0 on error. */
static gsize
decode_rle_plane (const guint8 *src,
                  gsize         src_size,
                  guint         width,
                  guint         height,
                  guint8       *out,
                  GError      **error)
{
  const guint8 *p = src, *end = src + src_size;
  guint y;

  for (y = 0; y < height; y++)
    {
      guint8 *row = out ? out + (gsize) y * width : NULL;
      const guint8 *above = (row && y > 0) ? row - width : NULL;
      guint8 last = 0;
      guint x = 0;

      while (x < width)
        {
          guint control, run, raw, i;

          if (p == end)
            {
              invalid (error, _("An RDP 6.0 planar bitmap ends in the middle of an RLE plane"));
              return 0;
            }
          control = *p++;
          run = control & 0x0f;
          raw = control >> 4;
          if (run == 1 || run == 2)
            {
              run = 16 * run + raw;
              raw = 0;
            }
          else if (control == 0)
            {
              invalid (error, _("An RDP 6.0 planar bitmap has an empty RLE segment"));
              return 0;
            }
          if (raw + run > width - x)
            {
              invalid (error, _("An RLE segment of an RDP 6.0 planar bitmap runs past the end of its scan line"));
              return 0;
            }
          if ((gsize) (end - p) < raw)
            {
              invalid (error, _("An RDP 6.0 planar bitmap ends in the middle of an RLE plane"));
              return 0;
            }

          if (row == NULL)
            ;
          else if (above == NULL)
            {
              guint8 *o = row + x;

              for (i = 0; i < raw; i++)
                o[i] = p[i];
              if (raw > 0)
                last = p[raw - 1];
              o += raw;
              for (i = 0; i < run; i++)
                o[i] = last;
            }
          else
            {
              guint8 *o = row + x;
              const guint8 *a = above + x;

              for (i = 0; i < raw; i++)
                o[i] = (guint8) (a[i] + decode_delta (p[i]));
              if (raw > 0)
                last = decode_delta (p[raw - 1]);
              o += raw;
              a += raw;
              if (last == 0)
                memcpy (o, a, run);
              else
                for (i = 0; i < run; i++)
                  o[i] = (guint8) (a[i] + last);
            }
          p += raw;
          x += raw + run;
        }
    }
  return (gsize) (p - src);
}

static inline guint8
clamp_byte (gint v)
{
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

static inline guint32 *
dst_row (guint8  *dst,
         gsize    dst_stride,
         guint    height,
         gboolean bottom_up,
         guint    stream_row)
{
  guint y = bottom_up ? height - 1 - stream_row : stream_row;

  return (guint32 *) (gpointer) (dst + (gsize) y * dst_stride);
}

/* ARGB planes to pixels; @a is NULL for opaque pixels. */
static void
combine_argb (const guint8 *a,
              const guint8 *r,
              const guint8 *g,
              const guint8 *b,
              guint         width,
              guint         height,
              gboolean      bottom_up,
              guint8       *dst,
              gsize         dst_stride)
{
  guint y, x;

  for (y = 0; y < height; y++)
    {
      guint32 *out = dst_row (dst, dst_stride, height, bottom_up, y);
      gsize o = (gsize) y * width;
      const guint8 *ry = r + o, *gy = g + o, *by = b + o;

      if (a != NULL)
        {
          const guint8 *ay = a + o;

          for (x = 0; x < width; x++)
            out[x] = ((guint32) ay[x] << 24) | ((guint32) ry[x] << 16) |
                     ((guint32) gy[x] << 8) | by[x];
        }
      else
        {
          for (x = 0; x < width; x++)
            out[x] = 0xff000000u | ((guint32) ry[x] << 16) | ((guint32) gy[x] << 8) | by[x];
        }
    }
}

/* AYCoCg planes to pixels ([MS-RDPEGDI] 3.1.9.1.2 - 3.1.9.1.4): the chroma
 * values are shifted back by the color loss level (one less, which halves
 * them as the inverse transform wants) and read as 8-bit two's complement;
 * red and blue are swapped after the inverse transform, as 3.1.9.1.1 says
 * clients MUST do. @co and @cg have @chroma_width columns and are indexed
 * by half the row and column when @subsampled. */
static void
combine_aycocg (const guint8 *a,
                const guint8 *luma,
                const guint8 *co,
                const guint8 *cg,
                guint         cll,
                gboolean      subsampled,
                guint         chroma_width,
                guint         width,
                guint         height,
                gboolean      bottom_up,
                guint8       *dst,
                gsize         dst_stride)
{
  guint shift = cll - 1, y, x;

  for (y = 0; y < height; y++)
    {
      guint32 *out = dst_row (dst, dst_stride, height, bottom_up, y);
      const guint8 *ly = luma + (gsize) y * width;
      const guint8 *ay = a ? a + (gsize) y * width : NULL;
      const guint8 *coy = co + (gsize) (subsampled ? y / 2 : y) * chroma_width;
      const guint8 *cgy = cg + (gsize) (subsampled ? y / 2 : y) * chroma_width;

      for (x = 0; x < width; x++)
        {
          guint cx = subsampled ? x / 2 : x;
          gint Y = ly[x];
          gint Co = (gint8) (guint8) (coy[cx] << shift);
          gint Cg = (gint8) (guint8) (cgy[cx] << shift);
          gint t = Y - Cg;
          guint32 A = ay ? ay[x] : 0xff;

          out[x] = (A << 24) | ((guint32) clamp_byte (t - Co) << 16) |
                   ((guint32) clamp_byte (Y + Cg) << 8) | clamp_byte (t + Co);
        }
    }
}

gboolean
rdp_planar_decompress (const guint8  *src,
                       gsize          src_size,
                       guint          width,
                       guint          height,
                       gboolean       bottom_up,
                       gboolean       opaque,
                       guint8        *dst,
                       gsize          dst_stride,
                       GError       **error)
{
  guint8 stack_planes[STACK_PLANES_SIZE];
  g_autofree guint8 *heap_planes = NULL;
  const guint8 *planes[4] = { NULL, }; /* alpha, luma/red, co/green, cg/blue */
  guint plane_width[4], plane_height[4];
  gsize plane_size[4], offset = 1;
  guint8 header;
  guint cll, first, i;
  gboolean cs, rle, has_alpha, want_alpha;

  g_return_val_if_fail (src != NULL || src_size == 0, FALSE);
  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (dst_stride / 4 >= width, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width == 0 || height == 0 || width > G_MAXUINT16 || height > G_MAXUINT16)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("An RDP 6.0 planar bitmap of %u x %u pixels is not possible"), width, height);
      return FALSE;
    }
  if (src_size < 1)
    return invalid (error, _("An RDP 6.0 planar bitmap is empty"));

  header = src[0];
  cll = header & FORMAT_CLL_MASK;
  cs = (header & FORMAT_CS) != 0;
  rle = (header & FORMAT_RLE) != 0;
  has_alpha = (header & FORMAT_NA) == 0;
  want_alpha = has_alpha && !opaque;
  if (cs && cll == 0)
    return invalid (error, _("An RDP 6.0 planar bitmap uses chroma subsampling without the YCoCg color space"));

  /* the chroma planes (2 and 3) are ceil(w/2) x ceil(h/2) with CS */
  for (i = 0; i < 4; i++)
    {
      gboolean sub = cs && i >= 2;

      plane_width[i] = sub ? (width + 1) / 2 : width;
      plane_height[i] = sub ? (height + 1) / 2 : height;
      plane_size[i] = (gsize) plane_width[i] * plane_height[i];
    }
  first = has_alpha ? 0 : 1;

  if (!rle)
    {
      gsize needed = 0;

      for (i = first; i < 4; i++)
        needed += plane_size[i];
      if (src_size - offset < needed)
        return invalid (error, _("An RDP 6.0 planar bitmap is shorter than its raw planes"));
      for (i = first; i < 4; i++)
        {
          planes[i] = src + offset;
          offset += plane_size[i];
        }
      /* what follows (the optional Pad byte) is ignored */
    }
  else
    {
      gsize total = 0, min_input = 0;
      guint8 *buffer;

      /* Every line of every plane takes at least one control byte per 47
       * pixels: refuse a stream that cannot hold them before allocating. */
      for (i = first; i < 4; i++)
        min_input += (gsize) plane_height[i] *
                     ((plane_width[i] + MAX_SEGMENT_PIXELS - 1) / MAX_SEGMENT_PIXELS);
      if (src_size - offset < min_input)
        return invalid (error, _("An RDP 6.0 planar bitmap ends in the middle of an RLE plane"));

      for (i = want_alpha ? 0 : 1; i < 4; i++)
        total += plane_size[i];
      if (total <= sizeof stack_planes)
        buffer = stack_planes;
      else
        buffer = heap_planes = g_malloc (total);

      for (i = first; i < 4; i++)
        {
          guint8 *out = NULL;
          gsize used;

          if (i > 0 || want_alpha)
            {
              out = buffer;
              buffer += plane_size[i];
            }
          used = decode_rle_plane (src + offset, src_size - offset,
                                   plane_width[i], plane_height[i], out, error);
          if (used == 0)
            return FALSE;
          planes[i] = out;
          offset += used;
        }
      /* bytes after the last plane are ignored, as FreeRDP does */
    }

  if (cll == 0)
    combine_argb (want_alpha ? planes[0] : NULL, planes[1], planes[2], planes[3],
                  width, height, bottom_up, dst, dst_stride);
  else
    combine_aycocg (want_alpha ? planes[0] : NULL, planes[1], planes[2], planes[3],
                    cll, cs, plane_width[2], width, height, bottom_up, dst, dst_stride);
  return TRUE;
}
