/* test-interleaved.c: the interleaved RLE and uncompressed bitmap decoders
 * (session/rdp-interleaved.c) on hand-made streams whose pixels follow from
 * [MS-RDPBCGR] 2.2.9.1.1.3.1.2.4, on FreeRDP's own encoder test vectors,
 * and — when FreeRDP 2 is found — differentially against FreeRDP's decoder
 * on what its encoder makes of random and photographic images and on random
 * streams using every order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <string.h>

#include "rdp-error.h"
#include "rdp-interleaved-private.h"
#include "rdp-color-private.h"
#include "rdp-test-codec.h"

#ifdef RDP_TEST_HAVE_FREERDP
#include <freerdp/codec/bitmap.h>
#include <freerdp/codec/color.h>
#include <freerdp/codec/interleaved.h>
#endif

#define K 0xFF000000u /* opaque black */
#define W 0xFFFFFFFFu /* white */

static guint32 test_palette[256];

static void
init_palette (void)
{
  for (guint i = 0; i < 256; i++)
    test_palette[i] = rdp_color_from_rgb (i, 255 - i, (i * 7) & 0xFF);
}

/* Decodes @src and compares with @expected (top row first). */
static void
check_decode (const guint8  *src,
              gsize          size,
              guint          width,
              guint          height,
              guint          bpp,
              const guint32 *expected)
{
  gsize stride = width * 4 + 12;
  g_autofree guint8 *dst = g_malloc (stride * height);
  g_autofree guint8 *copy = g_memdup2 (src, size);
  GError *error = NULL;

  memset (dst, 0x5A, stride * height);
  g_assert_true (rdp_interleaved_decompress (copy, size, width, height, bpp, test_palette,
                                             dst, stride, &error));
  g_assert_no_error (error);
  for (guint y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (void *) (dst + y * stride);

      for (guint x = 0; x < width; x++)
        if (row[x] != expected[y * width + x])
          g_error ("pixel (%u, %u): 0x%08x, expected 0x%08x", x, y, row[x], expected[y * width + x]);
      /* the padding after each row is untouched */
      for (guint i = width * 4; i < stride; i++)
        g_assert_cmphex (dst[y * stride + i], ==, 0x5A);
    }
}

static void
check_invalid (const guint8 *src,
               gsize         size,
               guint         width,
               guint         height,
               guint         bpp)
{
  g_autofree guint8 *dst = g_malloc0 ((gsize) width * 4 * MAX (height, 1) + 4);
  g_autofree guint8 *copy = g_memdup2 (src, size);
  GError *error = NULL;

  g_assert_false (rdp_interleaved_decompress (copy, size, width, height, bpp, test_palette,
                                              dst, MAX (width, 1) * 4, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* 16 bpp, 4×2: a colour run fills the bottom row blue; a lite set-fg run
 * XORs red into two pixels of the top row (blue ^ red = magenta); black and
 * white orders finish it. */
static void
test_orders_16 (void)
{
  const guint8 stream[] = { 0x64, 0x1F, 0x00, 0xC2, 0x00, 0xF8, 0xFE, 0xFD };
  const guint32 expected[] = {
    0xFFFF00FF, 0xFFFF00FF, K, W,
    0xFF0000FF, 0xFF0000FF, 0xFF0000FF, 0xFF0000FF,
  };

  /* FreeRDP's widening: green (c << 2) + c / 8, clamped */
  g_assert_cmphex (rdp_color_rgb565 (13 << 5), ==, 0xFF003500);
  g_assert_cmphex (rdp_color_rgb565 (62 << 5), ==, 0xFF00FF00);
  g_assert_cmphex (rdp_color_rgb565 (0xFFFF), ==, 0xFFFFFFFF);
  g_assert_cmphex (rdp_color_rgb555 (0x7FFF), ==, 0xFFFFFFFF);
  g_assert_cmphex (rdp_color_rgb555 (6 << 5), ==, 0xFF003100);

  check_decode (stream, sizeof stream, 4, 2, 16, expected);
}

/* 8 bpp, 4×3: background runs in the first row are black (index 0), and
 * the second of two consecutive ones starts with a foreground pixel (white,
 * index 0xFF); the end of the first row forgets that rule; then a
 * background run copies the row before and a foreground run XORs it. */
static void
test_orders_8_background (void)
{
  const guint8 stream[] = { 0x02, 0x02, 0x04, 0x24 };
  const guint8 indices[] = { 0xFF, 0xFF, 0x00, 0xFF,  0, 0, 0xFF, 0,  0, 0, 0xFF, 0 };
  guint32 expected[12];

  for (guint i = 0; i < 12; i++)
    expected[i] = test_palette[indices[i]];
  check_decode (stream, sizeof stream, 4, 3, 8, expected);
}

/* 24 bpp, 8×2: special FGBG 1 (mask 0x03) in the first row with the default
 * white foreground; then a lite dithered run of 2 pairs and a regular FGBG
 * image with its length in the next byte (4 pixels, mask 0x05). */
static void
test_orders_24_fgbg (void)
{
  const guint8 stream[] = {
    0xF9,
    0xE2, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60,
    0x40, 0x03, 0x05,
  };
  const guint32 a = 0xFF302010, b = 0xFF605040;
  const guint32 expected[] = {
    a, b, a, b, W, K, W, K,
    W, W, K, K, K, K, K, K,
  };

  check_decode (stream, sizeof stream, 8, 2, 24, expected);
}

/* 15 bpp: MEGA_MEGA colour run; a regular colour image; channel widening. */
static void
test_orders_15_mega (void)
{
  const guint8 stream[] = {
    0xF3, 0x03, 0x00, 0x00, 0x7C,         /* 3 × red */
    0x83, 0x1F, 0x00, 0xE0, 0x03, 0x10, 0x42, /* blue, green, (16,16,16)→0x84 */
  };
  const guint32 expected[] = {
    0xFFFF0000, 0xFFFF0000, 0xFFFF0000, 0xFF0000FF, 0xFF00FF00, 0xFF848484,
  };

  check_decode (stream, sizeof stream, 6, 1, 15, expected);
}

/* An order that starts in the first row and runs into the second is a
 * first-row order all through: a foreground run writes the foreground
 * colour, not the XOR with the row before (which would give black). */
static void
test_first_row_straddle (void)
{
  const guint8 stream[] = { 0x24 };
  const guint32 expected[] = { W, W, W, W };

  check_decode (stream, sizeof stream, 2, 2, 16, expected);
}

/* MEGA_MEGA dithered run in the first row; MEGA_MEGA set-fg FGBG image in
 * the second (fg 0x8000: the top bit of red); a lite set-fg FGBG image with
 * its length in the header (1 byte of 8 pixels) flowing from the third row
 * into the fourth; a MEGA_MEGA background run of nothing. 16 bpp, 4×4. */
static void
test_orders_mega_fgbg (void)
{
  const guint8 stream[] = {
    0xF8, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, /* dithered: 1, 2, 1, 2 */
    0xF7, 0x04, 0x00, 0x00, 0x80, 0x09,       /* mask 0x09: pixels 0 and 3 */
    0xD1, 0x1F, 0x00, 0x0F,                   /* fg blue, mask 0x0F */
    0xF0, 0x00, 0x00,
  };
  /* the XOR is on the wire's values */
  const guint r1[4] = { 1 ^ 0x8000, 2, 1, 2 ^ 0x8000 };
  const guint rows[16] = {
    r1[0] ^ 0x1F, r1[1] ^ 0x1F, r1[2] ^ 0x1F, r1[3] ^ 0x1F, /* copies of the row before */
    r1[0] ^ 0x1F, r1[1] ^ 0x1F, r1[2] ^ 0x1F, r1[3] ^ 0x1F, /* XOR blue */
    r1[0], r1[1], r1[2], r1[3],
    1, 2, 1, 2,
  };
  guint32 expected[16];

  for (guint i = 0; i < 16; i++)
    expected[i] = rdp_color_rgb565 (rows[i]);
  check_decode (stream, sizeof stream, 4, 4, 16, expected);
}

/* A stream that stops early is accepted; the rest is opaque black. */
static void
test_short_stream (void)
{
  const guint8 stream[] = { 0xFD };
  const guint32 expected[] = { K, K, W, K };

  check_decode (stream, sizeof stream, 2, 2, 16, expected);
  check_decode (stream, 0, 2, 2, 16, (const guint32[]) { K, K, K, K });
  check_decode (stream, sizeof stream, 2, 2, 8,
                (const guint32[]) { K, K, test_palette[0xFF], K });
}

static void
test_invalid (void)
{
  /* unknown orders */
  check_invalid ((const guint8[]) { 0xA0 }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xF5 }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xFB }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xFF }, 1, 4, 4, 16);
  /* cut short: length byte, MEGA_MEGA length, colour, image, bitmask */
  check_invalid ((const guint8[]) { 0x60 }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xF3, 0x01 }, 2, 4, 4, 16);
  check_invalid ((const guint8[]) { 0x61, 0x00 }, 2, 4, 4, 16);
  check_invalid ((const guint8[]) { 0x82, 0x00, 0x00, 0x00 }, 4, 4, 4, 16);
  check_invalid ((const guint8[]) { 0x41 }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xE1, 0x00, 0x00, 0x00 }, 4, 4, 4, 24);
  /* past the end of the bitmap */
  check_invalid ((const guint8[]) { 0x11 }, 1, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xF9 }, 1, 2, 2, 16);
  check_invalid ((const guint8[]) { 0x10, 0xFD }, 2, 4, 4, 16);
  check_invalid ((const guint8[]) { 0xE9, 0x00, 0x00, 0x00, 0x00 }, 5, 4, 4, 16);
  /* a background run of 0 after one: no room for the foreground pixel */
  check_invalid ((const guint8[]) { 0x01, 0xF0, 0x00, 0x00 }, 4, 4, 4, 16);
  /* colour depth, size */
  check_invalid ((const guint8[]) { 0xFD }, 1, 4, 4, 32);
  check_invalid ((const guint8[]) { 0xFD }, 1, 0, 4, 16);
  check_invalid ((const guint8[]) { 0xFD }, 1, 4, 0, 16);
}

static gboolean
try_decode_64 (const guint8 *data,
               gsize         length,
               GError      **error)
{
  g_autofree guint8 *dst = g_malloc (64 * 64 * 4);

  return rdp_interleaved_decompress (data, length, 64, 64, 16, NULL, dst, 64 * 4, error);
}

static guint8 *
load_data (const char *name,
           gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "interleaved", name, NULL);
  GError *error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return (guint8 *) contents;
}

/* FreeRDP's encoder test vectors (libfreerdp/codec/test/interleaved:
 * encoder_test_01, a 64×64 image encoded at 15, 16 and 24 bpp, and what
 * FreeRDP decodes from it as BGRA32 — our pixel format on little-endian). */
static void
test_freerdp_vectors (void)
{
  const guint bpps[] = { 15, 16, 24 };

  for (guint i = 0; i < G_N_ELEMENTS (bpps); i++)
    {
      g_autofree char *enc_name = g_strdup_printf ("freerdp-enc-%u-encoder_test_01.bin", bpps[i]);
      g_autofree char *dec_name = g_strdup_printf ("freerdp-dec-enc-%u-encoder_test_01.bin", bpps[i]);
      gsize enc_size, dec_size;
      g_autofree guint8 *enc = load_data (enc_name, &enc_size);
      g_autofree guint8 *dec = load_data (dec_name, &dec_size);
      guint32 expected[64 * 64];

      g_assert_cmpuint (dec_size, ==, sizeof expected);
      /* (FreeRDP 3 gives alpha 0 from 24 bpp; ours is opaque) */
      for (guint p = 0; p < 64 * 64; p++)
        expected[p] = dec[4 * p] | (dec[4 * p + 1] << 8) | (dec[4 * p + 2] << 16) |
                      RDP_COLOR_OPAQUE;
      check_decode (enc, enc_size, 64, 64, bpps[i], expected);
      if (bpps[i] == 16)
        {
          /* the prefixes that end inside an order fail; the others give a
           * partly black bitmap; garbled copies never crash */
          rdp_test_check_garbled (enc, enc_size, try_decode_64, 200);
        }
    }
}

static void
test_uncompressed (void)
{
  /* 24 bpp, 1×2: rows of 3 bytes padded to 4, bottom first */
  const guint8 rgb24[] = { 0x10, 0x20, 0x30, 0x00, 0x40, 0x50, 0x60, 0x00 };
  /* 16 bpp, 3×1: 6 bytes padded to 8 */
  const guint8 rgb16[] = { 0x00, 0xF8, 0xE0, 0x07, 0x1F, 0x00, 0xAA, 0xBB };
  /* 8 bpp, 2×2 */
  const guint8 idx8[] = { 1, 2, 0, 0, 3, 4, 0, 0 };
  guint32 out[4];
  GError *error = NULL;

  g_assert_true (rdp_bitmap_copy_uncompressed (rgb24, sizeof rgb24, 1, 2, 24, NULL,
                                               (guint8 *) out, 4, &error));
  g_assert_no_error (error);
  g_assert_cmphex (out[0], ==, 0xFF605040);
  g_assert_cmphex (out[1], ==, 0xFF302010);

  g_assert_true (rdp_bitmap_copy_uncompressed (rgb16, sizeof rgb16, 3, 1, 16, NULL,
                                               (guint8 *) out, 12, &error));
  g_assert_cmphex (out[0], ==, 0xFFFF0000);
  g_assert_cmphex (out[1], ==, 0xFF00FF00);
  g_assert_cmphex (out[2], ==, 0xFF0000FF);

  g_assert_true (rdp_bitmap_copy_uncompressed (idx8, sizeof idx8, 2, 2, 8, test_palette,
                                               (guint8 *) out, 8, &error));
  g_assert_cmphex (out[0], ==, test_palette[3]);
  g_assert_cmphex (out[1], ==, test_palette[4]);
  g_assert_cmphex (out[2], ==, test_palette[1]);
  g_assert_cmphex (out[3], ==, test_palette[2]);

  /* too short: the padding of every row counts */
  g_assert_false (rdp_bitmap_copy_uncompressed (rgb24, sizeof rgb24 - 1, 1, 2, 24, NULL,
                                                (guint8 *) out, 4, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_bitmap_copy_uncompressed (rgb24, sizeof rgb24, 1, 2, 32, NULL,
                                                (guint8 *) out, 4, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* A real stream: the 64×64 tile at (640, 0) that FreeRDP's shadow server
 * (freerdp-shadow-cli 2.11, asked for 16 bpp) sent for a plasma image.
 * FreeRDP's encoder writes the colours of a bicolor run of even length in
 * the wrong order: row 42 of the tile was, in RGB565 from column 52 on,
 * 8bf0 8bf0 8bf1 8bd1 8bf1 8bd1 8bf1 8bd1 8bd1 93d1 on the server's screen
 * (libfreerdp2's interleaved_compress of it is byte for byte this stream),
 * and the four pixels from column 56 on arrive swapped; FreeRDP's decoder
 * gives the same pixels as ours. A client decodes what the stream says. */
static void
test_freerdp_shadow_tile (void)
{
  const guint16 row_42[] = { 0x8bf0, 0x8bf0, 0x8bf1, 0x8bd1,
                             0x8bd1, 0x8bf1, 0x8bd1, 0x8bf1,   /* swapped by the encoder */
                             0x8bd1, 0x93d1 };
  gsize size;
  g_autofree guint8 *stream = load_data ("freerdp-shadow-16-tile.bin", &size);
  g_autofree guint8 *dst = g_malloc (64 * 64 * 4);
  GError *error = NULL;

  g_assert_cmpuint (size, ==, 8195);
  g_assert_true (rdp_interleaved_decompress (stream, size, 64, 64, 16, NULL, dst, 64 * 4, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (row_42); i++)
    {
      guint32 pixel;

      memcpy (&pixel, dst + 42 * 64 * 4 + (52 + i) * 4, 4);
      g_assert_cmphex (pixel, ==, rdp_color_rgb565 (row_42[i]));
    }
}

#ifdef RDP_TEST_HAVE_FREERDP

/* ---- differential tests against FreeRDP 2 ---- */

static BITMAP_INTERLEAVED_CONTEXT *freerdp_decoder;

static gdiPalette *
freerdp_palette (void)
{
  static gdiPalette palette;

  /* our words are FreeRDP's ARGB32 colour values */
  palette.format = PIXEL_FORMAT_ARGB32;
  memcpy (palette.palette, test_palette, sizeof test_palette);
  return &palette;
}

/* Decodes @src with both decoders; both must agree on success, and on
 * success (when @compare_pixels) on every pixel. Returns the verdict. */
static gboolean
compare_decoders (const guint8 *src,
                  gsize         size,
                  guint         width,
                  guint         height,
                  guint         bpp,
                  gboolean      compare_pixels)
{
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *ours = g_malloc0 (stride * height);
  g_autofree guint8 *theirs = g_malloc0 (stride * height);
  g_autofree guint8 *copy = g_memdup2 (src, size ? size : 1);
  GError *error = NULL;
  gboolean ok_ours, ok_theirs;

  ok_ours = rdp_interleaved_decompress (copy, size, width, height, bpp, test_palette,
                                        ours, stride, &error);
  ok_theirs = interleaved_decompress (freerdp_decoder, copy, size, width, height, bpp, theirs,
                                      PIXEL_FORMAT_BGRA32, stride, 0, 0, width, height,
                                      freerdp_palette ());
  if (ok_ours != ok_theirs)
    g_error ("%u×%u at %u bpp, %" G_GSIZE_FORMAT " bytes: rdp-gio %s, FreeRDP %s (%s)",
             width, height, bpp, size, ok_ours ? "accepts" : "rejects",
             ok_theirs ? "accepts" : "rejects", error ? error->message : "");
  if (!ok_ours)
    rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  if (ok_ours && compare_pixels)
    for (guint y = 0; y < height; y++)
      for (guint x = 0; x < width; x++)
        {
          guint32 a, b;

          memcpy (&a, ours + y * stride + x * 4, 4);
          memcpy (&b, theirs + y * stride + x * 4, 4);
          if (a != b)
            g_error ("%u×%u at %u bpp: pixel (%u, %u) is 0x%08x, FreeRDP 0x%08x",
                     width, height, bpp, x, y, a, b);
        }
  return ok_ours;
}

/* The shadow server's tile (see test_freerdp_shadow_tile): FreeRDP's
 * decoder agrees with ours on every pixel. */
static void
test_freerdp_decoder_shadow_tile (void)
{
  gsize size;
  g_autofree guint8 *stream = load_data ("freerdp-shadow-16-tile.bin", &size);

  g_assert_true (compare_decoders (stream, size, 64, 64, 16, TRUE));
}

/* A photographic-looking image: smooth gradients and waves with a little
 * noise, as 32-bit 0xXXRRGGBB words. */
static guint32 *
make_image (guint    width,
            guint    height,
            gboolean photo,
            guint    seed)
{
  guint32 *img = g_new (guint32, (gsize) width * height);
  GRand *rand = g_rand_new_with_seed (seed);
  double fx = g_rand_double_range (rand, 0.01, 0.2), fy = g_rand_double_range (rand, 0.01, 0.2);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint32 v;

        if (photo)
          {
            double r = 128 + 100 * sin (x * fx + y * fy * 0.5) + g_rand_int_range (rand, -4, 5);
            double g = 128 + 90 * cos (y * fy - x * fx * 0.3) + g_rand_int_range (rand, -4, 5);
            double b = 128 + 80 * sin ((x + y) * (fx + fy) * 0.5) + g_rand_int_range (rand, -4, 5);

            v = ((guint32) CLAMP (r, 0, 255) << 16) | ((guint32) CLAMP (g, 0, 255) << 8) |
                (guint32) CLAMP (b, 0, 255);
          }
        else if (seed % 3 == 0)
          v = g_rand_int (rand); /* noise */
        else
          {
            /* desktop-like: flat areas, a few colours, some text-ish noise */
            static const guint32 colours[] = { 0xFFFFFF, 0x000000, 0x3366CC, 0xF0F0F0, 0xCC0000 };
            guint32 base = colours[((x / 13) + (y / 7) * 3) % G_N_ELEMENTS (colours)];

            v = g_rand_int_range (rand, 0, 10) == 0 ? colours[g_rand_int_range (rand, 0, 5)] : base;
          }
        img[(gsize) y * width + x] = v;
      }
  g_rand_free (rand);
  return img;
}

/* Encodes @img with FreeRDP's freerdp_bitmap_compress at @bpp (15, 16, 24);
 * returns the stream, *@lines: how many of the bottom rows it covers (the
 * encoder stops at 32 KiB of pixels). */
static guint8 *
freerdp_encode (const guint32 *img,
                guint          width,
                guint          height,
                guint          bpp,
                gsize         *size,
                guint         *lines)
{
  gsize npix = (gsize) width * height;
  g_autofree guint8 *in = g_malloc (npix * 4);
  wStream *s = Stream_New (NULL, npix * 4 + 4096);
  wStream *temp = Stream_New (NULL, npix * 4 + 4096);
  SSIZE_T sent;
  guint8 *out;

  for (gsize i = 0; i < npix; i++)
    {
      guint32 v = img[i];
      guint r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;

      if (bpp == 24)
        memcpy (in + 4 * i, &v, 4); /* read as a 32-bit word: B, G, R in its low bytes */
      else
        {
          guint16 p = bpp == 16 ? (guint16) (((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3))
                                : (guint16) (((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
          memcpy (in + 2 * i, &p, 2);
        }
    }
  sent = freerdp_bitmap_compress (in, width, height, s, bpp, (UINT32) (npix * 4), height - 1,
                                  temp, 0);
  g_assert_cmpint (sent, >, 0);
  *lines = (guint) sent;
  *size = Stream_GetPosition (s);
  out = g_memdup2 (Stream_Buffer (s), *size);
  Stream_Free (s, TRUE);
  Stream_Free (temp, TRUE);
  return out;
}

static void
test_freerdp_encoder (void)
{
  const guint sizes[][2] = {
    { 1, 1 }, { 2, 1 }, { 1, 5 }, { 3, 3 }, { 4, 4 }, { 5, 7 }, { 7, 2 }, { 13, 11 },
    { 31, 17 }, { 33, 9 }, { 63, 64 }, { 64, 64 }, { 65, 3 }, { 100, 50 }, { 150, 70 },
    { 257, 20 }, { 640, 8 },
  };
  const guint bpps[] = { 15, 16, 24 };
  guint cases = 0;

  for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
    for (guint bi = 0; bi < G_N_ELEMENTS (bpps); bi++)
      for (guint seed = 0; seed < 6; seed++)
        {
          guint w = sizes[si][0], h = sizes[si][1], lines;
          g_autofree guint32 *img = make_image (w, h, seed % 2 == 1, seed + si * 100);
          gsize size;
          g_autofree guint8 *stream = freerdp_encode (img, w, h, bpps[bi], &size, &lines);

          g_assert_true (compare_decoders (stream, size, w, lines, bpps[bi], TRUE));
          cases++;
        }
  g_test_message ("%u encoded images compared", cases);
}

/* ---- random valid streams using every order ---- */

typedef struct {
  GByteArray *out;
  GRand *rand;
  guint bpp;
} Gen;

static void
put_u8 (Gen *g, guint v)
{
  guint8 b = (guint8) v;

  g_byte_array_append (g->out, &b, 1);
}

static void
put_pixel (Gen *g)
{
  guint psize = g->bpp == 24 ? 3 : g->bpp == 8 ? 1 : 2;

  for (guint i = 0; i < psize; i++)
    put_u8 (g, g_rand_int_range (g->rand, 0, 256));
}

/* Writes a header for @n of a regular (code 0–4) / lite (0xC–0xE) order in
 * the form chosen at random among those that can hold @n, or a MEGA_MEGA
 * one (@mega). FGBG: @n pixels. Returns FALSE when no form fits. */
static gboolean
put_header (Gen *g, guint code, guint mega, guint n, gboolean fgbg)
{
  gboolean lite = code >= 0xC;
  guint inline_max = lite ? 15 : 31, bias = fgbg ? 1 : (lite ? 16 : 32);
  guint choice = g_rand_int_range (g->rand, 0, 3);

  if (choice == 0 && (fgbg ? (n % 8 == 0 && n / 8 >= 1 && n / 8 <= inline_max)
                           : (n >= 1 && n <= inline_max)))
    {
      put_u8 (g, (lite ? code << 4 : code << 5) | (fgbg ? n / 8 : n));
      return TRUE;
    }
  if (choice <= 1 && n >= bias && n - bias <= 255)
    {
      put_u8 (g, lite ? code << 4 : code << 5);
      put_u8 (g, n - bias);
      return TRUE;
    }
  put_u8 (g, mega);
  put_u8 (g, n & 0xFF);
  put_u8 (g, n >> 8);
  return TRUE;
}

/* A stream that fills @npix pixels exactly with random orders. */
static GByteArray *
random_stream (GRand *rand, guint bpp, gsize npix)
{
  Gen g = { g_byte_array_new (), rand, bpp };
  gsize left = npix;

  while (left > 0)
    {
      guint what = g_rand_int_range (rand, 0, 16);
      guint n = g_rand_int_range (rand, 1, (gint) MIN (left, 300) + 1);

      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          gsize big = g_rand_int_range (rand, 1, 2000); /* (MIN evaluates twice) */

          n = MIN (left, big);
        }
      switch (what)
        {
        case 0: case 1:
          /* background run; a second one in a row must leave room for the
           * foreground pixel, so n ≥ 1 always */
          put_header (&g, 0x0, 0xF0, n, FALSE);
          break;
        case 2:
          put_header (&g, 0x1, 0xF1, n, FALSE);
          break;
        case 3:
          put_header (&g, 0xC, 0xF6, n, FALSE);
          put_pixel (&g);
          break;
        case 4:
          n = MAX (n / 2, 1);
          if (2 * (gsize) n > left)
            continue;
          put_header (&g, 0xE, 0xF8, n, FALSE);
          put_pixel (&g);
          put_pixel (&g);
          n *= 2;
          break;
        case 5:
          put_header (&g, 0x3, 0xF3, n, FALSE);
          put_pixel (&g);
          break;
        case 6: case 7:
          put_header (&g, 0x4, 0xF4, n, FALSE);
          for (guint i = 0; i < n; i++)
            put_pixel (&g);
          break;
        case 8: case 9:
          put_header (&g, 0x2, 0xF2, n, TRUE);
          for (guint i = 0; i < (n + 7) / 8; i++)
            put_u8 (&g, g_rand_int_range (rand, 0, 256));
          break;
        case 10:
          put_header (&g, 0xD, 0xF7, n, TRUE);
          put_pixel (&g);
          for (guint i = 0; i < (n + 7) / 8; i++)
            put_u8 (&g, g_rand_int_range (rand, 0, 256));
          break;
        case 11: case 12:
          if (left < 8)
            continue;
          put_u8 (&g, what == 11 ? 0xF9 : 0xFA);
          n = 8;
          break;
        case 13:
          put_u8 (&g, 0xFD);
          n = 1;
          break;
        case 14:
          put_u8 (&g, 0xFE);
          n = 1;
          break;
        default:
          /* a MEGA_MEGA run of nothing */
          if (g_rand_boolean (rand))
            {
              put_u8 (&g, 0xF3);
              put_u8 (&g, 0);
              put_u8 (&g, 0);
              put_pixel (&g);
            }
          continue;
        }
      if (n > left)
        g_error ("generator: order %u of %u pixels, %" G_GSIZE_FORMAT " left", what, n, left);
      left -= n;
    }
  return g.out;
}

static void
test_random_streams (void)
{
  const guint bpps[] = { 8, 15, 16, 24 };
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint rounds = g_test_slow () ? 2000 : 300;

  for (guint round = 0; round < rounds; round++)
    {
      guint bpp = bpps[round % 4];
      guint w = g_rand_int_range (rand, 1, 90), h = g_rand_int_range (rand, 1, 40);
      g_autoptr (GByteArray) stream = NULL;

      if (round % 50 == 0)
        {
          w = g_rand_int_range (rand, 200, 700);
          h = g_rand_int_range (rand, 20, 60);
        }
      if (round % 7 == 0)
        h = 1;
      stream = random_stream (rand, bpp, (gsize) w * h);
      g_assert_true (compare_decoders (stream->data, stream->len, w, h, bpp, TRUE));

      /* the same verdict on prefixes (FreeRDP leaves the pixels a short
       * stream does not reach undefined: verdicts only) and on one garbled
       * copy, and pixels on the garbled copy when both accept */
      if (round % 10 == 0)
        for (guint cut = 0; cut < stream->len; cut += 1 + stream->len / 97)
          compare_decoders (stream->data, cut, w, h, bpp, FALSE);
      {
        g_autofree guint8 *garbled = g_memdup2 (stream->data, stream->len);

        rdp_test_garble (garbled, stream->len);
        compare_decoders (garbled, stream->len, w, h, bpp, FALSE);
      }
    }
  g_rand_free (rand);
}

static void
test_freerdp_uncompressed (void)
{
  const guint bpps[] = { 8, 15, 16, 24 };
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 200; round++)
    {
      guint bpp = bpps[round % 4], psize = (bpp + 7) / 8;
      guint w = g_rand_int_range (rand, 1, 130), h = g_rand_int_range (rand, 1, 40);
      gsize src_stride = ((gsize) w * psize + 3) & ~(gsize) 3, stride = (gsize) w * 4;
      gsize size = src_stride * h;
      g_autofree guint8 *src = g_malloc (size);
      g_autofree guint8 *ours = g_malloc (stride * h);
      g_autofree guint8 *theirs = g_malloc (stride * h);
      GError *error = NULL;
      UINT32 format = bpp == 8 ? PIXEL_FORMAT_RGB8 : bpp == 15 ? PIXEL_FORMAT_RGB15
                    : bpp == 16 ? PIXEL_FORMAT_RGB16 : PIXEL_FORMAT_BGR24;

      for (gsize i = 0; i < size; i++)
        src[i] = g_rand_int_range (rand, 0, 256);
      g_assert_true (rdp_bitmap_copy_uncompressed (src, size, w, h, bpp, test_palette,
                                                   ours, stride, &error));
      g_assert_no_error (error);
      g_assert_true (freerdp_image_copy (theirs, PIXEL_FORMAT_BGRA32, stride, 0, 0, w, h,
                                         src, format, src_stride, 0, 0, freerdp_palette (),
                                         FREERDP_FLIP_VERTICAL));
      if (memcmp (ours, theirs, stride * h) != 0)
        g_error ("uncompressed %u×%u at %u bpp differs from freerdp_image_copy", w, h, bpp);
    }
  g_rand_free (rand);
}

#endif /* RDP_TEST_HAVE_FREERDP */

int
main (int argc, char **argv)
{
  int status;

  /* FreeRDP logs every stream it rejects */
  g_setenv ("WLOG_LEVEL", "OFF", TRUE);
  g_test_init (&argc, &argv, NULL);
  init_palette ();

  g_test_add_func ("/interleaved/orders-16", test_orders_16);
  g_test_add_func ("/interleaved/orders-8-background", test_orders_8_background);
  g_test_add_func ("/interleaved/orders-24-fgbg", test_orders_24_fgbg);
  g_test_add_func ("/interleaved/orders-15-mega", test_orders_15_mega);
  g_test_add_func ("/interleaved/orders-mega-fgbg", test_orders_mega_fgbg);
  g_test_add_func ("/interleaved/first-row-straddle", test_first_row_straddle);
  g_test_add_func ("/interleaved/short-stream", test_short_stream);
  g_test_add_func ("/interleaved/invalid", test_invalid);
  g_test_add_func ("/interleaved/freerdp-vectors", test_freerdp_vectors);
  g_test_add_func ("/interleaved/freerdp-shadow-tile", test_freerdp_shadow_tile);
  g_test_add_func ("/interleaved/uncompressed", test_uncompressed);
#ifdef RDP_TEST_HAVE_FREERDP
  freerdp_decoder = bitmap_interleaved_context_new (FALSE);
  g_test_add_func ("/interleaved/freerdp/encoder", test_freerdp_encoder);
  g_test_add_func ("/interleaved/freerdp/random-streams", test_random_streams);
  g_test_add_func ("/interleaved/freerdp/shadow-tile", test_freerdp_decoder_shadow_tile);
  g_test_add_func ("/interleaved/freerdp/uncompressed", test_freerdp_uncompressed);
#endif

  status = g_test_run ();
#ifdef RDP_TEST_HAVE_FREERDP
  bitmap_interleaved_context_free (freerdp_decoder);
#endif
  return status;
}
