/* TEMPORARY: replaced by the real header when the codec lands */
#pragma once
#include <glib.h>
gboolean rdp_interleaved_decompress (const guint8 *src, gsize src_size, guint width, guint height, guint bpp, const guint32 *palette, guint8 *dst, gsize dst_stride, GError **error);
gboolean rdp_bitmap_copy_uncompressed (const guint8 *src, gsize src_size, guint width, guint height, guint bpp, const guint32 *palette, guint8 *dst, gsize dst_stride, GError **error);
