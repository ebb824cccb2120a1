/* test-planar.c: the RDP 6.0 planar decoder against the examples of
 * [MS-RDPEGDI] 3.1.9, FreeRDP's test bitmaps, malformed input and (when
 * FreeRDP 2 is there) FreeRDP's own encoder and decoder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-planar-private.h"

#include "rdp-test-codec.h"
#include "rdp-test-images.h"

#ifdef RDP_TEST_HAVE_FREERDP
#include <freerdp/codec/planar.h>
#endif

#define CLL(n) (n)
#define CS  0x08
#define RLE 0x10
#define NA  0x20

/* Decodes and checks that it worked; returns the pixels (stride width * 4). */
static guint32 *
decode_ok (const guint8 *src,
           gsize         size,
           guint         width,
           guint         height,
           gboolean      bottom_up,
           gboolean      opaque)
{
  guint32 *pixels = g_new0 (guint32, (gsize) width * height);
  GError *error = NULL;

  if (!rdp_planar_decompress (src, size, width, height, bottom_up, opaque,
                              (guint8 *) pixels, (gsize) width * 4, &error))
    g_error ("decoding %ux%u failed: %s", width, height, error->message);
  return pixels;
}

static void
assert_pixels (const guint32 *actual,
               const guint32 *expected,
               guint          width,
               guint          height,
               const char    *what)
{
  for (guint i = 0; i < width * height; i++)
    if (actual[i] != expected[i])
      g_error ("%s: pixel (%u, %u) of %ux%u is %08x instead of %08x", what,
               i % width, i / width, width, height, actual[i], expected[i]);
}

/* ---- [MS-RDPEGDI] 3.1.9.2.3: the 6 x 3 RLE plane ---- */

static const guint8 spec_plane[] = {
  0x13, 0xFF, 0x20, 0xFE, 0xFD, 0x60, 0x01, 0x7D,
  0xF5, 0xC2, 0x9A, 0x38, 0x60, 0x01, 0x67, 0x8B,
  0xA3, 0x78, 0xAF,
};
static const guint8 spec_plane_decoded[3][6] = {
  { 255, 255, 255, 255, 254, 253 },
  { 254, 192, 132, 96, 75, 25 },
  { 253, 140, 62, 14, 135, 193 },
};

static GByteArray *
three_planes (guint8        header,
              const guint8 *r,
              gsize         r_len,
              const guint8 *g,
              gsize         g_len,
              const guint8 *b,
              gsize         b_len)
{
  GByteArray *s = g_byte_array_new ();

  g_byte_array_append (s, &header, 1);
  g_byte_array_append (s, r, r_len);
  g_byte_array_append (s, g, g_len);
  g_byte_array_append (s, b, b_len);
  return s;
}

static void
test_spec_rle_plane (void)
{
  /* the plane as red, green and blue: a grey image */
  g_autoptr(GByteArray) s = three_planes (RLE | NA, spec_plane, sizeof spec_plane,
                                          spec_plane, sizeof spec_plane, spec_plane, sizeof spec_plane);
  guint32 expected[18];

  for (guint bottom_up = 0; bottom_up < 2; bottom_up++)
    {
      g_autofree guint32 *pixels = decode_ok (s->data, s->len, 6, 3, bottom_up, FALSE);

      for (guint y = 0; y < 3; y++)
        for (guint x = 0; x < 6; x++)
          expected[(bottom_up ? 2 - y : y) * 6 + x] = 0xff000000u | spec_plane_decoded[y][x] * 0x010101u;
      assert_pixels (pixels, expected, 6, 3, "spec plane");
    }
}

/* [MS-RDPEGDI] 3.1.9.2.2: 'A' 100 times is 1F 41 F2 52 */
static void
test_spec_long_run (void)
{
  static const guint8 red[] = { 0x1F, 0x41, 0xF2, 0x52 };
  static const guint8 green[] = { 0xF2, 0xF2, 0x06 };  /* runs of 47, 47, 6 zeros */
  static const guint8 zeros[] = { 0xF2, 0xF2, 0x72 };  /* 47 + 47 + 39: too long */
  g_autoptr(GByteArray) s = three_planes (RLE | NA, red, sizeof red, green, sizeof green, green, sizeof green);
  g_autoptr(GByteArray) bad = three_planes (RLE | NA, red, sizeof red, zeros, sizeof zeros, green, sizeof green);
  g_autofree guint32 *pixels = decode_ok (s->data, s->len, 100, 1, FALSE, FALSE);
  guint32 out[100];
  GError *error = NULL;

  for (guint x = 0; x < 100; x++)
    g_assert_cmphex (pixels[x], ==, 0xff410000u);

  g_assert_false (rdp_planar_decompress (bad->data, bad->len, 100, 1, FALSE, FALSE,
                                         (guint8 *) out, sizeof out, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- FreeRDP's test bitmaps (libfreerdp/codec/test/planar) ---- */

static GBytes *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "planar", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("%s", error->message);
  return g_bytes_new_take (data, len);
}

/* planar-bmp-*.bin: 64 x 64 pixels as R, G, B, X bytes, top row first */
static void
expected_from_rgbx (GBytes  *bmp,
                    guint32 *expected)
{
  const guint8 *p = g_bytes_get_data (bmp, NULL);

  g_assert_cmpuint (g_bytes_get_size (bmp), ==, 64 * 64 * 4);
  for (guint i = 0; i < 64 * 64; i++)
    expected[i] = 0xff000000u | ((guint32) p[4 * i] << 16) | ((guint32) p[4 * i + 1] << 8) | p[4 * i + 2];
}

static void
test_freerdp_encoded (gconstpointer data)
{
  const char *name = data;
  g_autofree char *enc_name = g_strdup_printf ("planar-enc-%s.bin", name);
  g_autofree char *bmp_name = g_strdup_printf ("planar-bmp-%s.bin", name);
  g_autoptr(GBytes) enc = load (enc_name);
  g_autoptr(GBytes) bmp = load (bmp_name);
  guint32 expected[64 * 64];
  gsize len;
  const guint8 *src = g_bytes_get_data (enc, &len);
  g_autofree guint32 *pixels = NULL;

  /* FreeRDP's encoder writes the rows bottom-up, as in a bitmap update */
  g_assert_cmphex (src[0], ==, RLE | NA);
  expected_from_rgbx (bmp, expected);
  pixels = decode_ok (src, len, 64, 64, TRUE, FALSE);
  assert_pixels (pixels, expected, 64, 64, name);
}

/* planar-bmp-TEST_RLE_BITMAP_EXPERIMENTAL_03_RLE.bin: the RLE red, green and
 * blue planes (planar-bmp-TEST_64X64_*_PLANE.bin) behind a header */
static void
test_freerdp_planes (void)
{
  g_autoptr(GBytes) stream = load ("planar-bmp-TEST_RLE_BITMAP_EXPERIMENTAL_03_RLE.bin");
  g_autoptr(GBytes) r = load ("planar-bmp-TEST_64X64_RED_PLANE.bin");
  g_autoptr(GBytes) g = load ("planar-bmp-TEST_64X64_GREEN_PLANE.bin");
  g_autoptr(GBytes) b = load ("planar-bmp-TEST_64X64_BLUE_PLANE.bin");
  g_autoptr(GBytes) bmp = load ("planar-bmp-TEST_RLE_BITMAP_EXPERIMENTAL_03.bin");
  const guint8 *rp = g_bytes_get_data (r, NULL), *gp = g_bytes_get_data (g, NULL), *bp = g_bytes_get_data (b, NULL);
  guint32 expected[64 * 64];
  gsize len;
  const guint8 *src = g_bytes_get_data (stream, &len);
  g_autofree guint32 *top_down = decode_ok (src, len, 64, 64, FALSE, FALSE);
  g_autofree guint32 *bottom_up = decode_ok (src, len, 64, 64, TRUE, FALSE);

  for (guint i = 0; i < 64 * 64; i++)
    expected[i] = 0xff000000u | ((guint32) rp[i] << 16) | ((guint32) gp[i] << 8) | bp[i];
  assert_pixels (top_down, expected, 64, 64, "planes");

  /* they are the picture of planar-bmp-TEST_RLE_BITMAP_EXPERIMENTAL_03.bin
   * read as B, G, R, X bytes; bottom-up, the rows come the other way */
  {
    const guint8 *p = g_bytes_get_data (bmp, NULL);

    for (guint i = 0; i < 64 * 64; i++)
      g_assert_cmphex (top_down[i], ==, 0xff000000u | ((guint32) p[4 * i + 2] << 16) |
                                        ((guint32) p[4 * i + 1] << 8) | p[4 * i]);
  }
  for (guint y = 0; y < 64; y++)
    g_assert_cmpmem (bottom_up + y * 64, 64 * 4, top_down + (63 - y) * 64, 64 * 4);
}

/* ---- hand-made streams: raw planes, alpha, pad, YCoCg ---- */

static void
test_raw_alpha (void)
{
  /* 3 x 2, raw, with alpha and the pad byte */
  static const guint8 s[] = {
    0x00,
    0x00, 0x40, 0x80, 0xC0, 0xFF, 0x01,   /* A */
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15,   /* R */
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25,   /* G */
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35,   /* B */
    0x00,                                 /* Pad */
  };
  static const guint32 with_alpha[] = {
    0x00102030, 0x40112131, 0x80122232,
    0xC0132333, 0xFF142434, 0x01152535,
  };
  guint32 expected[6];

  for (guint bottom_up = 0; bottom_up < 2; bottom_up++)
    for (guint opaque = 0; opaque < 2; opaque++)
      for (gsize len = sizeof s - 1; len <= sizeof s; len++)
        {
          g_autofree guint32 *pixels = decode_ok (s, len, 3, 2, bottom_up, opaque);

          for (guint i = 0; i < 6; i++)
            {
              guint src_row = bottom_up ? 1 - i / 3 : i / 3;

              expected[i] = with_alpha[src_row * 3 + i % 3] | (opaque ? 0xff000000u : 0);
            }
          assert_pixels (pixels, expected, 3, 2, "raw alpha");
        }
}

/* The inverse transform of [MS-RDPEGDI] 3.1.9.1.2 with the chroma shifted
 * back by CLL and red and blue swapped (3.1.9.1.1), computed from the
 * spec's matrix rather than the decoder's shortcut. */
static guint32
ycocg_pixel (guint8 a,
             guint8 y,
             guint8 co_wire,
             guint8 cg_wire,
             guint  cll)
{
  gint co, cg;
  double r, g, b;

  /* the wire value is the 9-bit chroma shifted right by cll: back to 9
   * bits (the low 8 of the value shifted by cll - 1, sign-extended, twice) */
  co = 2 * (gint8) (guint8) (co_wire << (cll - 1));
  cg = 2 * (gint8) (guint8) (cg_wire << (cll - 1));
  r = y + co / 2.0 - cg / 2.0;
  g = y + cg / 2.0;
  b = y - co / 2.0 - cg / 2.0;
  return ((guint32) a << 24) | ((guint32) rdp_test_image_clamp (b) << 16) |
         ((guint32) rdp_test_image_clamp (g) << 8) | rdp_test_image_clamp (r);
}

static void
test_ycocg (void)
{
  /* 3 x 3 with chroma subsampling (2 x 2 chroma planes), raw, alpha */
  static const guint8 A[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const guint8 Y[9] = { 0, 50, 100, 128, 150, 200, 250, 255, 77 };
  static const guint8 Co[4] = { 0x10, 0xF0, 0x7F, 0x80 };
  static const guint8 Cg[4] = { 0xF8, 0x08, 0x81, 0x3C };

  for (guint cll = 1; cll <= 7; cll++)
    for (guint cs = 0; cs < 2; cs++)
      {
        g_autoptr(GByteArray) s = g_byte_array_new ();
        guint8 header = CLL (cll) | (cs ? CS : 0);
        guint8 co9[9], cg9[9];
        guint32 expected[9];

        for (guint i = 0; i < 9; i++)
          {
            guint ci = (i / 3 / 2) * 2 + (i % 3) / 2;

            co9[i] = Co[cs ? ci : i % 4];
            cg9[i] = Cg[cs ? ci : (i + 1) % 4];
          }
        g_byte_array_append (s, &header, 1);
        g_byte_array_append (s, A, 9);
        g_byte_array_append (s, Y, 9);
        if (cs)
          {
            g_byte_array_append (s, Co, 4);
            g_byte_array_append (s, Cg, 4);
          }
        else
          {
            g_byte_array_append (s, co9, 9);
            g_byte_array_append (s, cg9, 9);
          }
        for (guint i = 0; i < 9; i++)
          expected[i] = ycocg_pixel (A[i], Y[i], co9[i], cg9[i], cll);

        {
          g_autofree guint32 *pixels = decode_ok (s->data, s->len, 3, 3, FALSE, FALSE);
          assert_pixels (pixels, expected, 3, 3, "ycocg");
        }
      }

  /* a hand-computed pixel: Y 100, Co 16, Cg -8 at CLL 1: t = 108,
   * R = t - Co = 92, G = Y + Cg = 92, B = t + Co = 124 */
  {
    static const guint8 one[] = { CLL (1) | NA, 100, 0x10, 0xF8 };
    g_autofree guint32 *pixels = decode_ok (one, sizeof one, 1, 1, FALSE, FALSE);

    g_assert_cmphex (pixels[0], ==, 0xff5c5c7c);
  }
}

/* ---- an RLE encoder of random valid segments (tests only) ---- */

static void
put_segments (GByteArray   *out,
              const guint8 *values, /* the bytes as they go on the wire */
              guint         width,
              GRand        *rand)
{
  guint x = 0;

  while (x < width)
    {
      guint left = width - x, raw, run;
      guint8 control;

      raw = g_rand_int_range (rand, 0, MIN (left, 15) + 1);
      left -= raw;
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          run = 0;
          break;
        case 1:
          run = left >= 3 ? g_rand_int_range (rand, 3, MIN (left, 15) + 1) : 0;
          break;
        default:
          run = 0;
          if (raw == 0 && left >= 16)
            run = g_rand_int_range (rand, 16, MIN (left, 47) + 1);
          break;
        }
      if (raw == 0 && run == 0)
        raw = 1;
      if (run >= 16)
        control = (guint8) (((run & 15) << 4) | (run >= 32 ? 2 : 1));
      else
        control = (guint8) ((raw << 4) | run);
      g_byte_array_append (out, &control, 1);
      g_byte_array_append (out, values + x, raw);
      x += raw + run;
    }
}

/* A random RLE plane: random wire bytes, random segmentation. */
static void
put_random_rle_plane (GByteArray *out,
                      guint       width,
                      guint       height,
                      GRand      *rand)
{
  g_autofree guint8 *values = g_malloc (width);

  for (guint y = 0; y < height; y++)
    {
      for (guint x = 0; x < width; x++)
        values[x] = g_rand_int_range (rand, 0, 8) == 0 ? 0 : (guint8) g_rand_int (rand);
      put_segments (out, values, width, rand);
    }
}

/* A random stream with @header: raw planes of random bytes or random RLE. */
static GByteArray *
random_stream (guint8  header,
               guint   width,
               guint   height,
               GRand  *rand)
{
  GByteArray *s = g_byte_array_new ();
  gboolean cs = (header & CS) != 0;

  g_byte_array_append (s, &header, 1);
  for (guint i = (header & NA) ? 1 : 0; i < 4; i++)
    {
      guint w = cs && i >= 2 ? (width + 1) / 2 : width;
      guint h = cs && i >= 2 ? (height + 1) / 2 : height;

      if (header & RLE)
        put_random_rle_plane (s, w, h, rand);
      else
        for (guint n = 0; n < w * h; n++)
          {
            guint8 v = (guint8) g_rand_int (rand);
            g_byte_array_append (s, &v, 1);
          }
    }
  return s;
}

/* ---- malformed input ---- */

static guint try_width, try_height;

static gboolean
try_decode (const guint8 *data,
            gsize         length,
            GError      **error)
{
  g_autofree guint32 *pixels = g_new (guint32, (gsize) try_width * try_height);

  return rdp_planar_decompress (data, length, try_width, try_height, TRUE, FALSE,
                                (guint8 *) pixels, (gsize) try_width * 4, error);
}

static void
expect_invalid (const guint8 *data,
                gsize         length,
                guint         width,
                guint         height)
{
  g_autofree guint32 *pixels = g_new (guint32, (gsize) MAX (width, 1) * MAX (height, 1));
  GError *error = NULL;

  g_assert_false (rdp_planar_decompress (data, length, width, height, FALSE, FALSE,
                                         (guint8 *) pixels, (gsize) width * 4, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

static void
test_malformed (void)
{
  static const guint8 cs_without_cll[] = { CS | NA, 1, 2, 3 };
  static const guint8 zero_control[] = { RLE | NA, 0x00, 0x10, 1, 0x10, 1, 0x10, 1 };
  static const guint8 past_line[] = { RLE | NA, 0x20, 1, 2, 0x10, 1, 0x10, 1 };
  static const guint8 run_past_line[] = { RLE | NA, 0x03, 0x10, 1, 0x10, 1 };
  static const guint8 ok[] = { RLE | NA, 0x10, 1, 0x10, 2, 0x10, 3 };
  GRand *rand = g_rand_new_with_seed (11);

  expect_invalid (cs_without_cll, sizeof cs_without_cll, 1, 1);
  expect_invalid (zero_control, sizeof zero_control, 1, 1);
  expect_invalid (past_line, sizeof past_line, 1, 1);
  expect_invalid (run_past_line, sizeof run_past_line, 1, 1);
  expect_invalid (ok, sizeof ok, 0, 1);
  expect_invalid (ok, sizeof ok, 1, 0);
  expect_invalid (ok, 0, 1, 1);
  {
    g_autofree guint32 *pixels = decode_ok (ok, sizeof ok, 1, 1, FALSE, FALSE);
    g_assert_cmphex (pixels[0], ==, 0xff010203);
  }

  /* every prefix of an RLE stream fails, garbled ones fail cleanly */
  for (guint round = 0; round < 20; round++)
    {
      static const guint8 headers[] = { RLE, RLE | NA, RLE | CLL (3) | CS, RLE | CLL (1) | NA, RLE | CLL (5) | CS | NA };
      guint8 header = headers[round % G_N_ELEMENTS (headers)];
      g_autoptr(GByteArray) s = NULL;

      try_width = g_rand_int_range (rand, 1, 40);
      try_height = g_rand_int_range (rand, 1, 12);
      s = random_stream (header, try_width, try_height, rand);
      g_assert_true (try_decode (s->data, s->len, NULL));
      rdp_test_check_prefixes (s->data, s->len, try_decode);
      rdp_test_check_garbled (s->data, s->len, try_decode, 200);
    }
  /* raw streams without their pad byte */
  for (guint round = 0; round < 8; round++)
    {
      static const guint8 headers[] = { 0, NA, CLL (2) | CS, CLL (7) | CS | NA };
      g_autoptr(GByteArray) s = NULL;

      try_width = g_rand_int_range (rand, 1, 20);
      try_height = g_rand_int_range (rand, 1, 9);
      s = random_stream (headers[round % G_N_ELEMENTS (headers)], try_width, try_height, rand);
      rdp_test_check_prefixes (s->data, s->len, try_decode);
    }
  g_rand_free (rand);
}

/* The decoder never writes outside the width * 4 bytes of each of the
 * height rows: check the gaps of a wider stride. */
static void
test_stride (void)
{
  GRand *rand = g_rand_new_with_seed (5);
  guint width = 13, height = 7;
  gsize stride = width * 4 + 12;
  g_autoptr(GByteArray) s = random_stream (RLE | CLL (2) | CS, width, height, rand);
  g_autofree guint8 *buffer = g_malloc (stride * height);
  g_autofree guint32 *packed = decode_ok (s->data, s->len, width, height, TRUE, FALSE);

  memset (buffer, 0xA5, stride * height);
  g_assert_true (rdp_planar_decompress (s->data, s->len, width, height, TRUE, FALSE, buffer, stride, NULL));
  for (guint y = 0; y < height; y++)
    {
      g_assert_cmpmem (buffer + y * stride, width * 4, packed + y * width, width * 4);
      for (gsize i = width * 4; i < stride; i++)
        g_assert_cmphex (buffer[y * stride + i], ==, 0xA5);
    }
  g_rand_free (rand);
}

#ifdef RDP_TEST_HAVE_FREERDP
/* ---- differential: FreeRDP's encoder, both decoders ---- */

/* FreeRDP's planar_decompress() into @pixels, or FALSE. */
static gboolean
freerdp_decode (const guint8 *src,
                gsize         len,
                guint         width,
                guint         height,
                gboolean      vflip,
                guint32      *pixels)
{
  BITMAP_PLANAR_CONTEXT *ctx = freerdp_bitmap_planar_context_new (0, width, height);
  gboolean ok;

  g_assert_nonnull (ctx);
  ok = planar_decompress (ctx, src, len, width, height, (BYTE *) pixels, PIXEL_FORMAT_BGRA32,
                          width * 4, 0, 0, width, height, vflip);
  freerdp_bitmap_planar_context_free (ctx);
  return ok;
}

/* Both decoders, both directions, opaque or not, on the same bytes: the
 * same pixels, or both refuse them. Returns whether they decoded. */
static gboolean
compare_with_freerdp (const guint8 *src,
                      gsize         len,
                      guint         width,
                      guint         height,
                      const char   *what)
{
  for (guint bottom_up = 0; bottom_up < 2; bottom_up++)
    {
      g_autofree guint32 *theirs = g_new0 (guint32, (gsize) width * height);
      g_autofree guint32 *ours = NULL, *ours_opaque = NULL;

      if (!freerdp_decode (src, len, width, height, bottom_up, theirs))
        {
          GError *error = NULL;

          if (rdp_planar_decompress (src, len, width, height, bottom_up, FALSE,
                                     (guint8 *) theirs, (gsize) width * 4, &error))
            g_error ("%s: FreeRDP refuses what rdp-gio decodes", what);
          rdp_test_assert_invalid_data (error);
          g_clear_error (&error);
          return FALSE;
        }
      ours = decode_ok (src, len, width, height, bottom_up, FALSE);
      ours_opaque = decode_ok (src, len, width, height, bottom_up, TRUE);
      assert_pixels (ours, theirs, width, height, what);
      for (guint i = 0; i < width * height; i++)
        theirs[i] |= 0xff000000u;
      assert_pixels (ours_opaque, theirs, width, height, what);
    }
  return TRUE;
}

static const guint sizes[][2] = {
  { 1, 1 }, { 2, 1 }, { 1, 2 }, { 3, 3 }, { 7, 5 }, { 15, 16 }, { 16, 16 }, { 17, 3 },
  { 31, 33 }, { 47, 2 }, { 48, 9 }, { 63, 64 }, { 64, 64 }, { 65, 17 }, { 100, 37 },
  { 255, 4 }, { 320, 240 }, { 1024, 64 },
};

static void
test_freerdp_encoder (void)
{
  static const DWORD flags[] = { 0, PLANAR_FORMAT_HEADER_RLE, PLANAR_FORMAT_HEADER_NA,
                                 PLANAR_FORMAT_HEADER_RLE | PLANAR_FORMAT_HEADER_NA };
  guint cases = 0, encoder_failed = 0, invalid_output = 0;

  for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
    for (guint kind = RDP_TEST_IMAGE_RANDOM; kind <= RDP_TEST_IMAGE_DESKTOP; kind++)
      for (guint alpha = 0; alpha < 2; alpha++)
        for (guint fi = 0; fi < G_N_ELEMENTS (flags); fi++)
          {
            guint width = sizes[si][0], height = sizes[si][1];
            g_autofree guint32 *image = g_new (guint32, (gsize) width * height);
            BITMAP_PLANAR_CONTEXT *ctx = freerdp_bitmap_planar_context_new (flags[fi], width, height);
            UINT32 size = 0;
            BYTE *enc;
            g_autofree char *what = g_strdup_printf ("%ux%u %s%s flags %lx", width, height,
                                                     rdp_test_image_kind_name (kind),
                                                     alpha ? " alpha" : "", (unsigned long) flags[fi]);

            rdp_test_image_fill (image, width * 4, width, height, kind, alpha, si * 100 + kind);
            enc = freerdp_bitmap_compress_planar (ctx, (const BYTE *) image, PIXEL_FORMAT_BGRA32,
                                                  width, height, width * 4, NULL, &size);
            if (enc == NULL || size == 0)
              {
                /* FreeRDP 2's RLE encoder gives up on some tiny bitmaps */
                g_assert_true (flags[fi] & PLANAR_FORMAT_HEADER_RLE);
                encoder_failed++;
                free (enc);
                freerdp_bitmap_planar_context_free (ctx);
                continue;
              }
            if (!compare_with_freerdp (enc, size, width, height, what))
              {
                g_assert_true (flags[fi] & PLANAR_FORMAT_HEADER_RLE);
                invalid_output++;
              }
            else
            /* lossless: the image again (bottom-up, as the encoder wrote it) */
            {
              g_autofree guint32 *ours = decode_ok (enc, size, width, height, TRUE, FALSE);

              if ((enc[0] & NA) != 0)
                for (guint i = 0; i < width * height; i++)
                  image[i] |= 0xff000000u;
              assert_pixels (ours, image, width, height, what);
            }
            free (enc);
            freerdp_bitmap_planar_context_free (ctx);
            cases++;
          }
  g_test_message ("%u encoded bitmaps compared with FreeRDP; its encoder failed on %u more "
                  "and made %u invalid streams (both decoders refused them)",
                  cases, encoder_failed, invalid_output);
  /* FreeRDP 2's RLE encoder fails on incompressible planes and writes
   * truncated streams for bitmaps of one or two pixels (its own decoder
   * refuses them as rdp-gio does); everything else was compared */
  g_assert_cmpuint (cases, >=, 390);
}

/* Streams FreeRDP's encoder never makes (YCoCg, subsampling, every segment
 * form, random bytes): both decoders must agree on them too. */
static void
test_freerdp_random_streams (void)
{
  GRand *rand = g_rand_new_with_seed (20240601);
  guint cases = 0;

  for (guint round = 0; round < 400; round++)
    {
      guint width = g_rand_int_range (rand, 1, round < 300 ? 70 : 300);
      guint height = g_rand_int_range (rand, 1, round < 300 ? 70 : 100);
      guint8 header = (guint8) ((g_rand_boolean (rand) ? RLE : 0) | (g_rand_boolean (rand) ? NA : 0));
      g_autoptr(GByteArray) s = NULL;
      g_autofree char *what = NULL;

      if (g_rand_int_range (rand, 0, 3) > 0)
        {
          header |= g_rand_int_range (rand, 1, 8);
          if (g_rand_boolean (rand))
            header |= CS;
        }
      s = random_stream (header, width, height, rand);
      what = g_strdup_printf ("random %ux%u header %02x", width, height, header);
      g_assert_true (compare_with_freerdp (s->data, s->len, width, height, what));
      cases++;
    }
  g_test_message ("%u random streams compared with FreeRDP", cases);
  g_rand_free (rand);
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/planar/spec/rle-plane", test_spec_rle_plane);
  g_test_add_func ("/planar/spec/long-run", test_spec_long_run);
  g_test_add_data_func ("/planar/freerdp-data/experimental-01", "TEST_RLE_BITMAP_EXPERIMENTAL_01",
                        test_freerdp_encoded);
  g_test_add_data_func ("/planar/freerdp-data/experimental-03", "TEST_RLE_BITMAP_EXPERIMENTAL_03",
                        test_freerdp_encoded);
  g_test_add_func ("/planar/freerdp-data/planes", test_freerdp_planes);
  g_test_add_func ("/planar/raw-alpha", test_raw_alpha);
  g_test_add_func ("/planar/ycocg", test_ycocg);
  g_test_add_func ("/planar/malformed", test_malformed);
  g_test_add_func ("/planar/stride", test_stride);
#ifdef RDP_TEST_HAVE_FREERDP
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      g_test_add_func ("/planar/freerdp/encoder", test_freerdp_encoder);
      g_test_add_func ("/planar/freerdp/random-streams", test_freerdp_random_streams);
    }
#endif

  return g_test_run ();
}
