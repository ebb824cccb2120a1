/* rdp-interleaved.c: interleaved RLE ([MS-RDPBCGR] 2.2.9.1.1.3.1.2.4) and
 * uncompressed bitmaps below 32 bpp, decoded into framebuffer pixels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-interleaved-private.h"
#include "rdp-color-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/* The stream is a sequence of compression orders. An order header byte
 * holds a code and, in the regular (3-bit code, 5-bit length) and lite
 * (4-bit code, 4-bit length) forms, a run length; a length of 0 there means
 * that the next byte holds it (plus 32 for regular runs, plus 16 for lite
 * runs, plus 1 for FGBG images, whose inline length counts bytes of 8
 * pixels). MEGA_MEGA orders (0xF0–0xF8) carry a 16-bit little-endian
 * length in the two bytes after the header; the special orders (0xF9,
 * 0xFA, 0xFD, 0xFE) none.
 *
 * The pixels come in scan-line order, bottom row first, runs flowing from
 * one row into the next. Several orders refer to the pixel one row back in
 * the stream ("above" in the spec's bottom-up bitmap; below on screen):
 * a background run copies it, a foreground run XORs it with the foreground
 * colour. In the first row there is no such pixel and it counts as black;
 * whether an order is in the first row is decided once, where it begins
 * (so an order that starts in the first row and flows into the second is
 * decoded as a first-row order all through, as in the spec's pseudo-code
 * and FreeRDP). Two background runs in a row mean that there was a
 * foreground pixel between them: the second one starts with it — except
 * across the end of the first row, which forgets the rule.
 *
 * Decoding works on framebuffer pixels directly at 15 and 24 bpp: the
 * conversion copies bits, so XOR on converted pixels is XOR on the wire's
 * (rdp-color-private.h); the foreground colour is kept with alpha 0 so that
 * XORing it into an opaque pixel leaves that opaque. At 8 bpp the XOR is on
 * palette indices, and at 16 bpp the widening of green adds rather than
 * copies bits: there the rows are decoded into a ring of two rows of wire
 * values, each converted (looked up in the palette) when finished. */

#define REGULAR_BG_RUN           0x00
#define REGULAR_FG_RUN           0x01
#define REGULAR_FGBG_IMAGE       0x02
#define REGULAR_COLOR_RUN        0x03
#define REGULAR_COLOR_IMAGE      0x04
#define LITE_SET_FG_FG_RUN       0x0C
#define LITE_SET_FG_FGBG_IMAGE   0x0D
#define LITE_DITHERED_RUN        0x0E
#define MEGA_MEGA_BG_RUN         0xF0
#define MEGA_MEGA_FG_RUN         0xF1
#define MEGA_MEGA_FGBG_IMAGE     0xF2
#define MEGA_MEGA_COLOR_RUN      0xF3
#define MEGA_MEGA_COLOR_IMAGE    0xF4
#define MEGA_MEGA_SET_FG_RUN     0xF6
#define MEGA_MEGA_SET_FGBG_IMAGE 0xF7
#define MEGA_MEGA_DITHERED_RUN   0xF8
#define SPECIAL_FGBG_1           0xF9
#define SPECIAL_FGBG_2           0xFA
#define SPECIAL_WHITE            0xFD
#define SPECIAL_BLACK            0xFE

#define MASK_SPECIAL_FGBG_1 0x03
#define MASK_SPECIAL_FGBG_2 0x05

/* What an order does, whatever its form. */
typedef enum {
  KIND_BG_RUN,
  KIND_FG_RUN,
  KIND_SET_FG_FG_RUN,
  KIND_FGBG_IMAGE,
  KIND_SET_FG_FGBG_IMAGE,
  KIND_COLOR_RUN,
  KIND_COLOR_IMAGE,
  KIND_DITHERED_RUN,
  KIND_SPECIAL_FGBG_1,
  KIND_SPECIAL_FGBG_2,
  KIND_WHITE,
  KIND_BLACK,
  KIND_INVALID,
} OrderKind;

typedef enum {
  ERR_NONE,
  ERR_TRUNCATED,
  ERR_OVERRUN,
  ERR_UNKNOWN,
} DecodeError;

static inline guint32
read_pixel (const guint8 *p,
            guint         bpp)
{
  switch (bpp)
    {
    case 8:
      return p[0];
    case 15:
      return rdp_color_rgb555_rgb (p[0] | (p[1] << 8));
    case 16:
      return p[0] | (p[1] << 8);
    default:
      return rdp_color_bgr24_rgb (p);
    }
}

static inline void
fill (guint32 *out,
      guint    count,
      guint32  value)
{
  for (guint i = 0; i < count; i++)
    out[i] = value;
}

static inline void
xor_row (guint32       *restrict out,
         const guint32 *restrict above,
         guint                   count,
         guint32                 value)
{
  for (guint i = 0; i < count; i++)
    out[i] = above[i] ^ value;
}

/* A row of the ring (8 or 16 bpp wire values) into framebuffer pixels. */
static inline void
convert_row (const guint32 *values,
             guint          count,
             guint          bpp,
             const guint32 *palette,
             guint32       *out)
{
  if (bpp == 8)
    for (guint i = 0; i < count; i++)
      out[i] = palette[values[i] & 0xFF];
  else
    for (guint i = 0; i < count; i++)
      out[i] = rdp_color_rgb565 (values[i]);
}

/* The decoder, specialised per @bpp (a constant where it is inlined).
 * Returns the error kind; *@error_at: the offset of the failing order. */
static G_ALWAYS_INLINE inline DecodeError
decode (const guint8   *src,
        gsize           src_size,
        guint           width,
        guint           height,
        const guint     bpp,
        const guint32  *palette,
        guint8         *dst,
        gsize           dst_stride,
        guint32        *ring,
        gsize          *error_at)
{
  const guint psize = bpp == 24 ? 3 : bpp == 8 ? 1 : 2;
  const gboolean ring_rows = bpp == 8 || bpp == 16;
  const guint32 opaque = ring_rows ? 0 : RDP_COLOR_OPAQUE;
  const guint32 white = bpp == 8 ? 0xFF : bpp == 16 ? 0xFFFF : 0xFFFFFFFFu;
  const guint32 black = opaque;
  const guint8 *s = src, *end = src + src_size, *order = src;
  guint32 fg = white & ~opaque; /* alpha 0 */
  gsize left = (gsize) width * height;
  guint row = 0, x = 0;
  guint32 *line, *prev;
  gboolean first = TRUE, insert = FALSE;

#define ROW_POINTER(r) \
  (ring_rows ? ring + ((r) & 1) * (gsize) width \
            : (guint32 *) (void *) (dst + (gsize) (height - 1 - (r)) * dst_stride))

  /* Called when x reaches width. */
#define NEXT_ROW() \
  G_STMT_START { \
    if (ring_rows) \
      convert_row (line, width, bpp, palette, \
                   (guint32 *) (void *) (dst + (gsize) (height - 1 - row) * dst_stride)); \
    row++; \
    prev = line; \
    if (row < height) \
      line = ROW_POINTER (row); \
    x = 0; \
  } G_STMT_END

  /* Runs BODY over the pieces of the next n pixels that lie in one row:
   * out (k pixels) and above (the row before). */
#define SEGMENTS(n, BODY) \
  G_STMT_START { \
    guint n_ = (n); \
    while (n_ > 0) \
      { \
        guint k = MIN (n_, width - x); \
        guint32 *out = line + x; \
        const guint32 *above = prev + x; \
        BODY \
        (void) above; \
        x += k; \
        n_ -= k; \
        if (x == width) \
          NEXT_ROW (); \
      } \
  } G_STMT_END

  line = ROW_POINTER (0);
  prev = line;

  while (s < end)
    {
      guint8 hdr = *s;
      OrderKind kind;
      gsize n;

      order = s;
      if (first && row > 0)
        {
          first = FALSE;
          insert = FALSE;
        }

      /* The code and the run length. */
      if ((hdr & 0xC0) != 0xC0)
        {
          static const OrderKind regular[8] = {
            KIND_BG_RUN, KIND_FG_RUN, KIND_FGBG_IMAGE, KIND_COLOR_RUN, KIND_COLOR_IMAGE,
            KIND_INVALID, KIND_INVALID, KIND_INVALID,
          };

          kind = regular[hdr >> 5];
          if (kind == KIND_INVALID)
            goto unknown;
          n = hdr & 0x1F;
          s++;
          if (n == 0)
            {
              if (s >= end)
                goto truncated;
              n = *s++ + (kind == KIND_FGBG_IMAGE ? 1 : 32);
            }
          else if (kind == KIND_FGBG_IMAGE)
            n *= 8;
        }
      else if ((hdr & 0xF0) != 0xF0)
        {
          static const OrderKind lite[3] = {
            KIND_SET_FG_FG_RUN, KIND_SET_FG_FGBG_IMAGE, KIND_DITHERED_RUN,
          };

          if ((hdr >> 4) > 0xE)
            goto unknown;
          kind = lite[(hdr >> 4) - 0xC];
          n = hdr & 0x0F;
          s++;
          if (n == 0)
            {
              if (s >= end)
                goto truncated;
              n = *s++ + (kind == KIND_SET_FG_FGBG_IMAGE ? 1 : 16);
            }
          else if (kind == KIND_SET_FG_FGBG_IMAGE)
            n *= 8;
        }
      else
        {
          static const OrderKind mega[16] = {
            KIND_BG_RUN, KIND_FG_RUN, KIND_FGBG_IMAGE, KIND_COLOR_RUN,
            KIND_COLOR_IMAGE, KIND_INVALID, KIND_SET_FG_FG_RUN, KIND_SET_FG_FGBG_IMAGE,
            KIND_DITHERED_RUN, KIND_SPECIAL_FGBG_1, KIND_SPECIAL_FGBG_2, KIND_INVALID,
            KIND_INVALID, KIND_WHITE, KIND_BLACK, KIND_INVALID,
          };

          kind = mega[hdr & 0x0F];
          if (kind == KIND_INVALID)
            goto unknown;
          if (hdr <= MEGA_MEGA_DITHERED_RUN)
            {
              if (end - s < 3)
                goto truncated;
              n = s[1] | (s[2] << 8);
              s += 3;
            }
          else
            {
              n = kind == KIND_WHITE || kind == KIND_BLACK ? 1 : 8;
              s++;
            }
        }

      if (kind == KIND_BG_RUN)
        {
          if (insert)
            {
              /* A foreground pixel between two background runs. */
              if (n == 0 || n > left)
                goto overrun;
              line[x] = first ? (fg | opaque) : (prev[x] ^ fg);
              if (++x == width)
                NEXT_ROW ();
              n--;
              left--;
            }
          if (n > left)
            goto overrun;
          left -= n;
          if (first)
            SEGMENTS (n, { fill (out, k, black); });
          else
            SEGMENTS (n, { memcpy (out, above, k * sizeof (guint32)); });
          insert = TRUE;
          continue;
        }
      insert = FALSE;

      switch (kind)
        {
        case KIND_SET_FG_FG_RUN:
          if ((gsize) (end - s) < psize)
            goto truncated;
          fg = read_pixel (s, bpp);
          s += psize;
          G_GNUC_FALLTHROUGH;
        case KIND_FG_RUN:
          if (n > left)
            goto overrun;
          left -= n;
          if (first)
            SEGMENTS (n, { fill (out, k, fg | opaque); });
          else
            SEGMENTS (n, { xor_row (out, above, k, fg); });
          break;

        case KIND_DITHERED_RUN:
          {
            guint32 a, b;
            guint phase = 0;

            if ((gsize) (end - s) < 2 * psize)
              goto truncated;
            a = read_pixel (s, bpp) | opaque;
            b = read_pixel (s + psize, bpp) | opaque;
            s += 2 * psize;
            n *= 2;
            if (n > left)
              goto overrun;
            left -= n;
            SEGMENTS (n, {
              for (guint i = 0; i < k; i++)
                out[i] = ((phase + i) & 1) ? b : a;
              phase += k;
            });
          }
          break;

        case KIND_COLOR_RUN:
          {
            guint32 c;

            if ((gsize) (end - s) < psize)
              goto truncated;
            c = read_pixel (s, bpp) | opaque;
            s += psize;
            if (n > left)
              goto overrun;
            left -= n;
            SEGMENTS (n, { fill (out, k, c); });
          }
          break;

        case KIND_COLOR_IMAGE:
          if ((gsize) (end - s) < n * psize)
            goto truncated;
          if (n > left)
            goto overrun;
          left -= n;
          SEGMENTS (n, {
            for (guint i = 0; i < k; i++)
              out[i] = read_pixel (s + i * psize, bpp) | opaque;
            s += (gsize) k * psize;
          });
          break;

        case KIND_SET_FG_FGBG_IMAGE:
        case KIND_FGBG_IMAGE:
        case KIND_SPECIAL_FGBG_1:
        case KIND_SPECIAL_FGBG_2:
          {
            static const guint8 special[2] = { MASK_SPECIAL_FGBG_1, MASK_SPECIAL_FGBG_2 };
            const guint8 *bits;
            guint j = 0;

            if (kind == KIND_SET_FG_FGBG_IMAGE)
              {
                if ((gsize) (end - s) < psize)
                  goto truncated;
                fg = read_pixel (s, bpp);
                s += psize;
              }
            if (kind == KIND_SPECIAL_FGBG_1 || kind == KIND_SPECIAL_FGBG_2)
              bits = &special[kind - KIND_SPECIAL_FGBG_1];
            else
              {
                gsize bytes = (n + 7) / 8;

                if ((gsize) (end - s) < bytes)
                  goto truncated;
                bits = s;
                s += bytes;
              }
            if (n > left)
              goto overrun;
            left -= n;
            if (first)
              {
                const guint32 on = fg | opaque;

                SEGMENTS (n, {
                  for (guint i = 0; i < k; i++, j++)
                    out[i] = (bits[j >> 3] >> (j & 7)) & 1 ? on : black;
                });
              }
            else
              SEGMENTS (n, {
                for (guint i = 0; i < k; i++, j++)
                  out[i] = above[i] ^ (fg & -(guint32) ((bits[j >> 3] >> (j & 7)) & 1));
              });
          }
          break;

        case KIND_WHITE:
        case KIND_BLACK:
          if (left == 0)
            goto overrun;
          left--;
          line[x] = kind == KIND_WHITE ? white : black;
          if (++x == width)
            NEXT_ROW ();
          break;

        case KIND_BG_RUN:
        case KIND_INVALID:
        default:
          g_assert_not_reached ();
        }
    }

  /* A stream that stops early: what it did not reach is black. */
  if (left > 0)
    {
      if (ring_rows)
        {
          guint32 *out = (guint32 *) (void *) (dst + (gsize) (height - 1 - row) * dst_stride);

          convert_row (line, x, bpp, palette, out);
          fill (out + x, width - x, RDP_COLOR_OPAQUE);
        }
      else
        fill (line + x, width - x, RDP_COLOR_OPAQUE);
      for (row++; row < height; row++)
        fill ((guint32 *) (void *) (dst + (gsize) (height - 1 - row) * dst_stride),
              width, RDP_COLOR_OPAQUE);
    }
  return ERR_NONE;

#undef SEGMENTS
#undef NEXT_ROW
#undef ROW_POINTER

truncated:
  *error_at = order - src;
  return ERR_TRUNCATED;
overrun:
  *error_at = order - src;
  return ERR_OVERRUN;
unknown:
  *error_at = order - src;
  return ERR_UNKNOWN;
}

static gboolean
check_size (guint    width,
            guint    height,
            guint    bpp,
            GError **error)
{
  if (bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("unsupported bitmap colour depth: %u bits per pixel"), bpp);
      return FALSE;
    }
  if (width == 0 || height == 0)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("empty bitmap: %u×%u pixels"), width, height);
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_interleaved_decompress (const guint8   *src,
                            gsize           src_size,
                            guint           width,
                            guint           height,
                            guint           bpp,
                            const guint32  *palette,
                            guint8         *dst,
                            gsize           dst_stride,
                            GError        **error)
{
  guint32 ring_stack[2 * 256];
  g_autofree guint32 *ring_heap = NULL;
  guint32 *ring = NULL;
  gsize error_at = 0;
  DecodeError status;

  g_return_val_if_fail (src != NULL || src_size == 0, FALSE);
  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (bpp != 8 || palette != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, bpp, error))
    return FALSE;
  g_return_val_if_fail (dst_stride >= (gsize) width * 4, FALSE);
  if (src == NULL)
    src = (const guint8 *) ""; /* (NULL + 0 is undefined) */

  if (bpp == 8 || bpp == 16)
    {
      if (width <= 256)
        ring = ring_stack;
      else
        ring = ring_heap = g_new (guint32, 2 * (gsize) width);
    }
  switch (bpp)
    {
    case 8:
      status = decode (src, src_size, width, height, 8, palette, dst, dst_stride, ring, &error_at);
      break;
    case 15:
      status = decode (src, src_size, width, height, 15, NULL, dst, dst_stride, NULL, &error_at);
      break;
    case 16:
      status = decode (src, src_size, width, height, 16, NULL, dst, dst_stride, ring, &error_at);
      break;
    default:
      status = decode (src, src_size, width, height, 24, NULL, dst, dst_stride, NULL, &error_at);
      break;
    }

  switch (status)
    {
    case ERR_NONE:
      return TRUE;
    case ERR_TRUNCATED:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("interleaved RLE bitmap: the order 0x%02x at offset %lu is cut short"),
                   src[error_at], (gulong) error_at);
      break;
    case ERR_OVERRUN:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("interleaved RLE bitmap: the order 0x%02x at offset %lu runs past the end of the %u×%u bitmap"),
                   src[error_at], (gulong) error_at, width, height);
      break;
    case ERR_UNKNOWN:
    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("interleaved RLE bitmap: unknown order 0x%02x at offset %lu"),
                   src[error_at], (gulong) error_at);
      break;
    }
  return FALSE;
}

gboolean
rdp_bitmap_copy_uncompressed (const guint8   *src,
                              gsize           src_size,
                              guint           width,
                              guint           height,
                              guint           bpp,
                              const guint32  *palette,
                              guint8         *dst,
                              gsize           dst_stride,
                              GError        **error)
{
  gsize psize, src_stride;

  g_return_val_if_fail (src != NULL || src_size == 0, FALSE);
  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (bpp != 8 || palette != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, bpp, error))
    return FALSE;
  g_return_val_if_fail (dst_stride >= (gsize) width * 4, FALSE);

  psize = (bpp + 7) / 8;
  src_stride = ((gsize) width * psize + 3) & ~(gsize) 3;
  if (src_size / src_stride < height)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("uncompressed bitmap: %lu bytes for %u×%u pixels at %u bits per pixel, %lu needed"),
                   (gulong) src_size, width, height, bpp, (gulong) (src_stride * height));
      return FALSE;
    }

  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = src + (gsize) (height - 1 - y) * src_stride;
      guint32 *out = (guint32 *) (void *) (dst + (gsize) y * dst_stride);

      switch (bpp)
        {
        case 8:
          for (guint i = 0; i < width; i++)
            out[i] = palette[in[i]];
          break;
        case 15:
          for (guint i = 0; i < width; i++)
            out[i] = rdp_color_rgb555 (in[2 * i] | (in[2 * i + 1] << 8));
          break;
        case 16:
          for (guint i = 0; i < width; i++)
            out[i] = rdp_color_rgb565 (in[2 * i] | (in[2 * i + 1] << 8));
          break;
        default:
          for (guint i = 0; i < width; i++)
            out[i] = rdp_color_bgr24 (in + 3 * (gsize) i);
          break;
        }
    }
  return TRUE;
}
