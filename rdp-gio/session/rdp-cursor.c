/* rdp-cursor.c: the image of a pointer update
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-cursor-private.h"
#include "rdp-pdu-cursor-private.h"
#include "rdp-i18n-private.h"

#define OPAQUE_BLACK 0xff000000u
#define OPAQUE_WHITE 0xffffffffu

/* What FreeRDP draws for an inverted pixel: a checkerboard that shows on
 * any background. */
static inline guint32
inverted (guint x,
          guint y)
{
  return ((x + y) & 1) ? OPAQUE_BLACK : OPAQUE_WHITE;
}

/* c × a / 255, rounded to nearest (exact for every 8-bit c and a). */
static inline guint32
mul_div_255 (guint32 c,
             guint32 a)
{
  guint32 t = c * a + 128;

  return (t + (t >> 8)) >> 8;
}

static inline guint32
premultiply (guint32 pixel)
{
  guint32 a = pixel >> 24;

  if (a == 0xff)
    return pixel;
  if (a == 0)
    return 0;
  return (a << 24) | (mul_div_255 ((pixel >> 16) & 0xff, a) << 16) |
         (mul_div_255 ((pixel >> 8) & 0xff, a) << 8) | mul_div_255 (pixel & 0xff, a);
}

static inline guint8
expand5 (guint v)
{
  return (guint8) ((v << 3) | (v >> 2));
}

/* The XOR pixel at column @x of the scanline @row, as 0xAARRGGBB. */
static inline guint32
xor_pixel (const guint8  *row,
           guint          x,
           guint          bpp,
           const guint32 *palette)
{
  const guint8 *p;

  switch (bpp)
    {
    case 4:
      return palette[(x & 1) ? row[x / 2] & 0x0f : row[x / 2] >> 4] | OPAQUE_BLACK;
    case 8:
      return palette[row[x]] | OPAQUE_BLACK;
    case 16:
      {
        guint v = row[2 * x] | (row[2 * x + 1] << 8);

        return OPAQUE_BLACK | ((guint32) expand5 ((v >> 10) & 0x1f) << 16) |
               ((guint32) expand5 ((v >> 5) & 0x1f) << 8) | expand5 (v & 0x1f);
      }
    case 24:
      p = row + 3 * x;
      return OPAQUE_BLACK | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
    case 32:
      p = row + 4 * x;
      return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
    default:
      g_assert_not_reached ();
    }
}

gboolean
rdp_cursor_decode (const RdpPointerUpdate *pointer,
                   const guint32          *palette,
                   guint32                *argb,
                   GError                **error)
{
  guint width, height, bpp, x, y;
  gsize xor_stride, and_stride;
  gboolean has_and;

  g_return_val_if_fail (pointer != NULL, FALSE);
  g_return_val_if_fail (pointer->kind == RDP_POINTER_UPDATE_COLOR ||
                        pointer->kind == RDP_POINTER_UPDATE_NEW ||
                        pointer->kind == RDP_POINTER_UPDATE_LARGE, FALSE);
  g_return_val_if_fail (argb != NULL || pointer->width == 0 || pointer->height == 0, FALSE);

  width = pointer->width;
  height = pointer->height;
  bpp = pointer->xor_bpp;
  if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
    {
      rdp_pdu_set_invalid (error, _("invalid pointer color depth of %u bits per pixel"), bpp);
      return FALSE;
    }
  xor_stride = rdp_pointer_xor_stride (bpp, width);
  and_stride = rdp_pointer_and_stride (width);
  has_and = pointer->and_size != 0;
  if (pointer->xor_size != xor_stride * height || (pointer->xor_size && !pointer->xor_mask) ||
      (has_and && (pointer->and_size != and_stride * height || !pointer->and_mask)))
    {
      rdp_pdu_set_invalid (error, _("the masks of a %u × %u pointer at %u bits per pixel have %lu and %lu bytes instead of %lu and %lu"),
                           width, height, bpp, (gulong) pointer->xor_size, (gulong) pointer->and_size,
                           (gulong) (xor_stride * height), (gulong) (and_stride * height));
      return FALSE;
    }
  if ((bpp == 4 || bpp == 8) && palette == NULL)
    {
      rdp_pdu_set_invalid (error, _("a pointer at %u bits per pixel needs a palette, and the server sent none"),
                           bpp);
      return FALSE;
    }

  if (width == 0 || height == 0)
    return TRUE;   /* nothing to draw, and no masks */

  for (y = 0; y < height; y++)
    {
      /* FreeRDP reads 1 bpp masks top-down, every other depth bottom-up. */
      guint row = bpp == 1 ? y : height - 1 - y;
      const guint8 *xor_row = pointer->xor_mask + row * xor_stride;
      const guint8 *and_row = has_and ? pointer->and_mask + row * and_stride : NULL;
      guint32 *out = argb + (gsize) y * width;

      if (bpp == 1)
        {
          for (x = 0; x < width; x++)
            {
              guint8 bit = 0x80 >> (x & 7);
              gboolean xor_set = (xor_row[x / 8] & bit) != 0;
              gboolean and_set = and_row && (and_row[x / 8] & bit) != 0;

              if (!and_set)
                out[x] = xor_set ? OPAQUE_WHITE : OPAQUE_BLACK;
              else
                out[x] = xor_set ? inverted (x, y) : 0;
            }
          continue;
        }

      for (x = 0; x < width; x++)
        {
          guint32 pixel = xor_pixel (xor_row, x, bpp, palette);

          if (and_row && (and_row[x / 8] & (0x80 >> (x & 7))))
            {
              if (pixel == OPAQUE_BLACK)
                pixel = 0;
              else if (pixel == OPAQUE_WHITE)
                pixel = inverted (x, y);
            }
          out[x] = premultiply (pixel);
        }
    }
  return TRUE;
}
