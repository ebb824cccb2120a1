/* fuzz-nscodec.c: the NSCodec decoder (rdp-gio/session/rdp-nscodec.c) on
 * arbitrary bytes
 *
 * The first two input bytes pick the bitmap: width 1 + byte 0 % 80, height
 * 1 + byte 1 % 80; the rest is the NSCODEC_BITMAP_STREAM.
 *
 * Invariants:
 * - the decoder never reads past the stream (a heap copy of exactly its
 *   length) nor writes outside the width * 4 bytes of each row (guard bytes
 *   after each row are checked);
 * - it either succeeds without an error or fails with RDP_ERROR_INVALID_DATA
 *   and a message;
 * - opaque changes the alpha of the pixels only, never whether the stream
 *   decodes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-nscodec-private.h"
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
        gboolean      opaque,
        guint8       *dst)
{
  gsize stride = (gsize) width * 4 + GUARD;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  memset (dst, FUZZ_GUARD_BYTE, stride * height);
  ok = rdp_nscodec_decode (src, size, width, height, opaque, dst, stride, &error);
  fuzz_check_decode_result (ok, error);
  fuzz_check_guards (dst, stride, (gsize) width * 4, height);
  return ok;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint width, height;
  gboolean ok, ok_opaque;
  g_autofree guint8 *copy = NULL, *a = NULL, *c = NULL;
  gsize stride, len;

  if (size < 2)
    return 0;
  width = 1 + data[0] % 80;
  height = 1 + data[1] % 80;
  len = size - 2;
  copy = len ? g_memdup2 (data + 2, len) : NULL;
  stride = (gsize) width * 4 + GUARD;
  a = g_malloc (stride * height);
  c = g_malloc (stride * height);

  ok = decode (copy, len, width, height, FALSE, a);
  ok_opaque = decode (copy, len, width, height, TRUE, c);
  FUZZ_CHECK (ok == ok_opaque, "validity depends on opaque");
  if (!ok)
    return 0;
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint32 p, q;

        memcpy (&p, a + y * stride + 4 * x, 4);
        memcpy (&q, c + y * stride + 4 * x, 4);
        FUZZ_CHECK ((p | 0xff000000u) == q, "opaque pixel (%u, %u) %08x of %08x", x, y, q, p);
      }
  return 0;
}
