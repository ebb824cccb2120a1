/* rdp-planar-private.h: the RDP 6.0 planar bitmap decoder ([MS-RDPEGDI]
 * 2.2.2.5.1 and 3.1.9)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Decodes the RDP6_BITMAP_STREAM @src of a @width x @height bitmap into @dst:
 * @height rows of @dst_stride bytes (each at least @width * 4), pixels as
 * guint32 0xAARRGGBB words in native byte order.
 *
 * @bottom_up: the planes hold the rows bottom-up (TS_BITMAP_DATA, the bitmap
 * updates); row 0 of @dst is the top either way.
 * @opaque: write alpha 0xFF whatever the alpha plane says; otherwise the
 * alpha plane (or 0xFF when the stream has none, NA).
 *
 * Handles raw and RLE planes, ARGB and AYCoCg (color loss level, chroma
 * subsampling). Never reads past @src_size nor writes outside the @height
 * rows of @width pixels. Fails with RDP_ERROR_INVALID_DATA; @dst may then be
 * partly written. */
gboolean rdp_planar_decompress (const guint8  *src,
                                gsize          src_size,
                                guint          width,
                                guint          height,
                                gboolean       bottom_up,
                                gboolean       opaque,
                                guint8        *dst,
                                gsize          dst_stride,
                                GError       **error);

G_END_DECLS
