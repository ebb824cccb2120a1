/* rdp-test-images.h: synthetic test images for the codec tests and
 * bench/decode (header only)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <math.h>

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RDP_TEST_IMAGE_RANDOM,  /* every byte random */
  RDP_TEST_IMAGE_PHOTO,   /* smooth gradients and blobs with a little noise */
  RDP_TEST_IMAGE_DESKTOP, /* flat areas, window frames, text-like strokes */
} RdpTestImageKind;

static inline const char *
rdp_test_image_kind_name (RdpTestImageKind kind)
{
  switch (kind)
    {
    case RDP_TEST_IMAGE_RANDOM: return "random";
    case RDP_TEST_IMAGE_PHOTO: return "photo";
    case RDP_TEST_IMAGE_DESKTOP: return "desktop";
    }
  return "?";
}

static inline guint8
rdp_test_image_clamp (double v)
{
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Fills @pixels (@height rows of @stride bytes) with 0xAARRGGBB words:
 * @alpha FALSE gives alpha 0xFF everywhere; TRUE a smooth alpha with some
 * fully transparent and fully opaque areas. The same @seed gives the same
 * image. */
static inline void
rdp_test_image_fill (guint32          *pixels,
                     gsize             stride,
                     guint             width,
                     guint             height,
                     RdpTestImageKind  kind,
                     gboolean          alpha,
                     guint32           seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  double phase[12];
  guint x, y, i;

  for (i = 0; i < G_N_ELEMENTS (phase); i++)
    phase[i] = g_rand_double_range (rand, 0, 2 * G_PI);

  for (y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (gpointer) ((guint8 *) pixels + y * stride);

      for (x = 0; x < width; x++)
        {
          guint8 r, g, b, a = 0xff;

          if (kind == RDP_TEST_IMAGE_RANDOM)
            {
              guint32 v = g_rand_int (rand);

              r = v >> 16;
              g = v >> 8;
              b = v;
              if (alpha)
                a = v >> 24;
            }
          else if (kind == RDP_TEST_IMAGE_PHOTO)
            {
              /* a plasma: sums of slow sines, a sky-like gradient, noise */
              double fx = x / 37.0, fy = y / 29.0;
              double n = g_rand_double_range (rand, -3, 3);

              r = rdp_test_image_clamp (128 + 60 * sin (fx + phase[0]) + 50 * sin (fy * 1.3 + phase[1]) +
                                        20 * sin ((fx + fy) * 2.1 + phase[2]) + n);
              g = rdp_test_image_clamp (120 + 70 * sin (fx * 0.7 + phase[3]) * cos (fy * 0.9 + phase[4]) +
                                        30 * sin (fy * 2.5 + phase[5]) + y * 0.05 + n);
              b = rdp_test_image_clamp (140 + 80 * cos (fy * 0.5 + phase[6]) - 40 * sin (fx * 1.7 + phase[7]) +
                                        15 * sin ((fx - fy) * 3.3 + phase[8]) + n);
              if (alpha)
                a = rdp_test_image_clamp (128 + 200 * sin (fx * 0.4 + phase[9]) * sin (fy * 0.6 + phase[10]));
            }
          else
            {
              /* a desktop: a background, windows with title bars, "text" */
              guint wx = (x + (guint) (phase[0] * 40)) % 300, wy = (y + (guint) (phase[1] * 40)) % 220;

              if (wx < 8 || wy < 8)
                r = 0x20, g = 0x50, b = 0x90;               /* background */
              else if (wy < 30)
                r = 0x30, g = 0x30, b = 0x38;               /* title bar */
              else if (wx < 10 || wx > 290 || wy > 210)
                r = 0x80, g = 0x80, b = 0x80;               /* frame */
              else if ((wy / 14) % 2 == 1 && ((wx * 7 + wy * 3 + (wx / 6) * 11) % 5 < 2) && wx % 90 < 70)
                r = 0x10, g = 0x10, b = 0x10;               /* glyph strokes */
              else
                r = 0xf6, g = 0xf5, b = 0xf4;               /* window body */
              if (alpha)
                a = wx < 8 || wy < 8 ? 0x00 : wy < 30 ? 0xc0 : 0xff;
            }
          row[x] = ((guint32) a << 24) | ((guint32) r << 16) | ((guint32) g << 8) | b;
        }
    }
  g_rand_free (rand);
}

G_END_DECLS
