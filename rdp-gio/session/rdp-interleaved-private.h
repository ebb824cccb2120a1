/* rdp-interleaved-private.h: the bitmap decoders of TS_BITMAP_DATA below
 * 32 bpp: interleaved RLE ([MS-RDPBCGR] 2.2.9.1.1.3.1.2.4) and uncompressed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Decodes the RLE_BITMAP_STREAM @src (without the TS_CD_HEADER, which the
 * caller skips) of a @width × @height bitmap of @bpp (8, 15, 16 or 24) bits
 * per pixel into @dst: @height rows of @dst_stride bytes (each at least
 * @width * 4), row 0 the top of the image (the stream is bottom-up), pixels
 * 0xFFRRGGBB in native byte order (see rdp-color-private.h). @palette: the
 * 256 framebuffer pixels of the current palette, used at 8 bpp only.
 *
 * Fails with RDP_ERROR_INVALID_DATA on an unknown order, an order cut short
 * by the end of @src, an order that runs past the end of the bitmap, an
 * unsupported @bpp or an empty size; @dst is then partly written.
 *
 * A stream that ends before it has filled the bitmap is accepted, as
 * FreeRDP accepts it (the spec has no rule for it): the pixels it did not
 * reach are opaque black. */
gboolean rdp_interleaved_decompress (const guint8   *src,
                                     gsize           src_size,
                                     guint           width,
                                     guint           height,
                                     guint           bpp,
                                     const guint32  *palette,
                                     guint8         *dst,
                                     gsize           dst_stride,
                                     GError        **error);

/* Copies an uncompressed bitmap of @bpp (8, 15, 16 or 24): bottom-up rows of
 * @width pixels, each padded to a multiple of 4 bytes; @src_size must cover
 * all @height padded rows (more is ignored). Same @dst and @palette as
 * above. */
gboolean rdp_bitmap_copy_uncompressed (const guint8   *src,
                                       gsize           src_size,
                                       guint           width,
                                       guint           height,
                                       guint           bpp,
                                       const guint32  *palette,
                                       guint8         *dst,
                                       gsize           dst_stride,
                                       GError        **error);

G_END_DECLS
