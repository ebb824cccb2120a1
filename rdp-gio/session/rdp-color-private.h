/* rdp-color-private.h: the wire's pixel formats below 32 bpp, converted to
 * the framebuffer's pixel: a guint32 0xAARRGGBB in native byte order
 * (cairo ARGB32; B, G, R, A in memory on little-endian machines)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RDP_COLOR_OPAQUE 0xFF000000u

/* The 5- and 6-bit channels are widened as FreeRDP's SplitColor does, so
 * that both decoders agree pixel for pixel: 5 bits (c << 3) + c / 4, which
 * repeats the top bits below (0 → 0x00, 31 → 0xFF); 6 bits (c << 2) + c / 8,
 * clamped to 0xFF (so 62 and 63 both give 0xFF).
 *
 * The 5-bit widening copies each bit, so it commutes with XOR:
 * rdp_color_rgb555_rgb (a ^ b) == rdp_color_rgb555_rgb (a) ^
 * rdp_color_rgb555_rgb (b), and likewise at 24 bpp; the interleaved decoder
 * relies on it. The 6-bit one does not (it adds). The _rgb functions give
 * the colour with alpha 0; the others opaque. */

static inline guint32
rdp_color_rgb565_rgb (guint c)
{
  guint32 r = (c >> 11) & 0x1F, g = (c >> 5) & 0x3F, b = c & 0x1F;
  guint32 g8 = MIN ((g << 2) + (g >> 3), 0xFF);

  return ((r << 3 | r >> 2) << 16) | (g8 << 8) | (b << 3 | b >> 2);
}

/* RGB555: bit 15 is ignored. */
static inline guint32
rdp_color_rgb555_rgb (guint c)
{
  guint32 r = (c >> 10) & 0x1F, g = (c >> 5) & 0x1F, b = c & 0x1F;

  return ((r << 3 | r >> 2) << 16) | ((g << 3 | g >> 2) << 8) | (b << 3 | b >> 2);
}

/* 24 bpp on the wire: B, G, R. */
static inline guint32
rdp_color_bgr24_rgb (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
}

static inline guint32
rdp_color_rgb565 (guint c)
{
  return RDP_COLOR_OPAQUE | rdp_color_rgb565_rgb (c);
}

static inline guint32
rdp_color_rgb555 (guint c)
{
  return RDP_COLOR_OPAQUE | rdp_color_rgb555_rgb (c);
}

static inline guint32
rdp_color_bgr24 (const guint8 *p)
{
  return RDP_COLOR_OPAQUE | rdp_color_bgr24_rgb (p);
}

/* 8 bpp: an index into a palette of 256 framebuffer pixels (the Palette
 * Update's colours, each made with rdp_color_from_rgb). */
static inline guint32
rdp_color_from_rgb (guint8 red,
                    guint8 green,
                    guint8 blue)
{
  return RDP_COLOR_OPAQUE | ((guint32) red << 16) | ((guint32) green << 8) | blue;
}

G_END_DECLS
