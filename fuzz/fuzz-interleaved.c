/* fuzz-interleaved.c: the interleaved RLE and uncompressed bitmap decoders
 * (rdp-gio/session/rdp-interleaved.c) on arbitrary streams
 *
 * Input: byte 0 picks the colour depth (8, 15, 16, 24; bit 2 chooses the
 * uncompressed copy), bytes 1 and 2 the width and height (1–128 and 1–64),
 * the rest is the stream.
 *
 * Invariants:
 * - the decoders read only the stream (an exact-size heap copy) and write
 *   only the width × 4 bytes of each of the height rows of the destination
 *   (an exact-size heap buffer whose padding after each row is checked);
 * - they succeed without an error or fail with RDP_ERROR_INVALID_DATA and a
 *   non-empty message;
 * - on success every pixel is opaque (alpha 0xFF).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-interleaved-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define PAD 8

static guint32 palette[256];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  for (guint i = 0; i < 256; i++)
    palette[i] = 0xFF000000u | (i * 0x010101u);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint bpps[4] = { 8, 15, 16, 24 };
  guint bpp, width, height;
  gboolean uncompressed, ok;
  gsize stride, src_size;
  guint8 *src, *dst;
  GError *error = NULL;

  if (size < 3)
    return 0;
  bpp = bpps[data[0] & 3];
  uncompressed = (data[0] & 4) != 0;
  width = 1 + data[1] % 128;
  height = 1 + data[2] % 64;
  src_size = size - 3;
  src = g_memdup2 (data + 3, src_size);
  stride = (gsize) width * 4 + PAD;
  dst = g_malloc (stride * height - PAD);
  /* the last row has no padding: ASan guards it */
  fuzz_fill_guards (dst, stride, (gsize) width * 4, height - 1);

  if (uncompressed)
    ok = rdp_bitmap_copy_uncompressed (src, src_size, width, height, bpp, palette,
                                       dst, stride, &error);
  else
    ok = rdp_interleaved_decompress (src, src_size, width, height, bpp, palette,
                                     dst, stride, &error);
  fuzz_check_decode_result (ok, error);
  if (ok)
    for (guint y = 0; y < height; y++)
      for (guint x = 0; x < width; x++)
        FUZZ_CHECK (dst[y * stride + x * 4 + 3] == 0xFF, "pixel (%u, %u) not opaque", x, y);
  g_clear_error (&error);
  fuzz_check_guards (dst, stride, (gsize) width * 4, height - 1);

  g_free (src);
  g_free (dst);
  return 0;
}
