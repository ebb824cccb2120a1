/* TEMPORARY: replaced by the real header when the codec lands */
#pragma once
#include <glib.h>
gboolean rdp_planar_decompress (const guint8 *src, gsize src_size, guint width, guint height, gboolean bottom_up, gboolean opaque, guint8 *dst, gsize dst_stride, GError **error);
