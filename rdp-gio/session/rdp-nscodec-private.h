/* rdp-nscodec-private.h: the NSCodec bitmap decoder ([MS-RDPNSC])
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Decodes the NSCODEC_BITMAP_STREAM @src of a @width x @height bitmap into
 * @dst: @height rows of @dst_stride bytes (each at least @width * 4), top
 * row first, pixels as guint32 0xAARRGGBB words in native byte order.
 *
 * @opaque: write alpha 0xFF whatever the alpha plane says; otherwise the
 * alpha plane (0xFF when the stream has none).
 *
 * Never reads past @src_size nor writes outside the @height rows of @width
 * pixels. Fails with RDP_ERROR_INVALID_DATA; @dst may then be partly
 * written. */
gboolean rdp_nscodec_decode (const guint8  *src,
                             gsize          src_size,
                             guint          width,
                             guint          height,
                             gboolean       opaque,
                             guint8        *dst,
                             gsize          dst_stride,
                             GError       **error);

G_END_DECLS
