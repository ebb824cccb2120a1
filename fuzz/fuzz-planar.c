/* fuzz-planar.c: the RDP 6.0 planar decoder (rdp-gio/session/rdp-planar.c)
 * on arbitrary bytes
 *
 * The first three input bytes pick the bitmap: width 1 + byte 0 % 96,
 * height 1 + byte 1 % 96, byte 2 bit 0 bottom-up, bit 1 opaque; the rest is
 * the RDP6_BITMAP_STREAM.
 *
 * Invariants:
 * - the decoder never reads past the stream (a heap copy of exactly its
 *   length) nor writes outside the width * 4 bytes of each row (the
 *   destination has guard bytes after each row and the rows are checked);
 * - it either succeeds without an error or fails with RDP_ERROR_INVALID_DATA
 *   and a message;
 * - bottom-up and opaque change the pixels, never whether the stream decodes;
 *   bottom-up gives the same rows in the other order, opaque the same pixels
 *   with alpha 0xFF.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-planar-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define GUARD 16

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static gboolean
decode (const guint8 *src,
        gsize         size,
        guint         width,
        guint         height,
        gboolean      bottom_up,
        gboolean      opaque,
        guint8       *dst)
{
  gsize stride = (gsize) width * 4 + GUARD;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  memset (dst, FUZZ_GUARD_BYTE, stride * height);
  ok = rdp_planar_decompress (src, size, width, height, bottom_up, opaque, dst, stride, &error);
  fuzz_check_decode_result (ok, error);
  fuzz_check_guards (dst, stride, (gsize) width * 4, height);
  return ok;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint width, height;
  gboolean bottom_up, opaque, ok, ok_flipped, ok_opaque;
  g_autofree guint8 *copy = NULL, *a = NULL, *b = NULL, *c = NULL;
  gsize stride, len;

  if (size < 3)
    return 0;
  width = 1 + data[0] % 96;
  height = 1 + data[1] % 96;
  bottom_up = (data[2] & 1) != 0;
  opaque = (data[2] & 2) != 0;
  len = size - 3;
  copy = len ? g_memdup2 (data + 3, len) : NULL;
  stride = (gsize) width * 4 + GUARD;
  a = g_malloc (stride * height);
  b = g_malloc (stride * height);
  c = g_malloc (stride * height);

  ok = decode (copy, len, width, height, bottom_up, opaque, a);
  ok_flipped = decode (copy, len, width, height, !bottom_up, opaque, b);
  ok_opaque = decode (copy, len, width, height, bottom_up, TRUE, c);
  FUZZ_CHECK (ok == ok_flipped && ok == ok_opaque, "validity depends on the flags");
  if (!ok)
    return 0;
  for (guint y = 0; y < height; y++)
    {
      FUZZ_CHECK (memcmp (a + y * stride, b + (height - 1 - y) * stride, (gsize) width * 4) == 0,
                  "row %u is not the flipped row", y);
      for (guint x = 0; x < width; x++)
        {
          guint32 p, q;

          memcpy (&p, a + y * stride + 4 * x, 4);
          memcpy (&q, c + y * stride + 4 * x, 4);
          FUZZ_CHECK ((p | 0xff000000u) == q, "opaque pixel (%u, %u) %08x of %08x", x, y, q, p);
          FUZZ_CHECK (!opaque || (p >> 24) == 0xff, "alpha of an opaque pixel");
        }
    }
  return 0;
}
