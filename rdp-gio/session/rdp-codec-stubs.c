/* TEMPORARY (removed when the codecs land): weak stand-ins for the bitmap
 * decoders being written in parallel, so that the tree links. */
#include <glib.h>
#include "rdp-error.h"
#include "rdp-planar-private.h"
#include "rdp-nscodec-private.h"

#define STUB { g_set_error_literal (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED, "codec not built yet"); return FALSE; }
__attribute__((weak)) gboolean rdp_planar_decompress (const guint8 *src, gsize src_size, guint width, guint height, gboolean bottom_up, gboolean opaque, guint8 *dst, gsize dst_stride, GError **error) STUB
__attribute__((weak)) gboolean rdp_nscodec_decode (const guint8 *src, gsize src_size, guint width, guint height, gboolean opaque, guint8 *dst, gsize dst_stride, GError **error) STUB
