/* bench/decode-interleaved.c: the interleaved rows of bench/decode.
 *
 * A 1920×1080 frame in 64×64 tiles (the tiles servers send), of desktop-like
 * content (flat areas, a few colours, text-like specks) or photographic
 * content (smooth gradients with a little noise), each tile compressed by
 * FreeRDP's encoder (freerdp_bitmap_compress, 15/16/24 bpp; it has no 8 bpp)
 * and decoded into one frame by rdp-gio and by FreeRDP's
 * interleaved_decompress to BGRA32 (the same pixel format).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <string.h>

#include <freerdp/codec/bitmap.h>
#include <freerdp/codec/color.h>
#include <freerdp/codec/interleaved.h>

#include "decode.h"
#include "rdp-interleaved-private.h"

#define FRAME_W 1920
#define FRAME_H 1080
#define TILE 64

typedef struct {
  guint x, y, w, h;
  guint8 *data;
  gsize size;
} Tile;

typedef struct {
  guint bpp;
  GArray *tiles; /* Tile */
  guint8 *frame;
  BITMAP_INTERLEAVED_CONTEXT *freerdp;
} Frame;

static guint32
pixel_at (guint x, guint y, gboolean photo, GRand *rand)
{
  if (photo)
    {
      double r = 128 + 100 * sin (x * 0.013 + y * 0.007) + g_rand_int_range (rand, -3, 4);
      double g = 128 + 90 * cos (y * 0.011 - x * 0.004) + g_rand_int_range (rand, -3, 4);
      double b = 128 + 80 * sin ((x + y) * 0.009) + g_rand_int_range (rand, -3, 4);

      return ((guint32) CLAMP (r, 0, 255) << 16) | ((guint32) CLAMP (g, 0, 255) << 8) |
             (guint32) CLAMP (b, 0, 255);
    }
  else
    {
      static const guint32 colours[] = { 0xFFFFFF, 0xF0F0F0, 0x3366CC, 0x202020, 0xDDDDDD };
      guint32 base = colours[((x / 200) + (y / 150) * 2) % G_N_ELEMENTS (colours)];

      /* text-like: short dark specks on some lines */
      if ((y % 18) < 11 && ((x * 7 + y * 3) % 23) < 4 && g_rand_int_range (rand, 0, 3) == 0)
        return 0x101010;
      return base;
    }
}

static void
encode_tile (Frame *frame, const guint32 *img, guint x0, guint y0, guint w, guint h)
{
  g_autofree guint8 *in = g_malloc ((gsize) w * h * 4);
  wStream *s = Stream_New (NULL, (gsize) w * h * 4 + 1024);
  wStream *temp = Stream_New (NULL, (gsize) w * h * 4 + 1024);
  Tile tile = { x0, y0, w, h, NULL, 0 };

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint32 v = img[(gsize) (y0 + y) * FRAME_W + x0 + x];
        guint r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
        gsize i = (gsize) y * w + x;

        if (frame->bpp == 24)
          memcpy (in + 4 * i, &v, 4);
        else
          {
            guint16 p = frame->bpp == 16
              ? (guint16) (((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3))
              : (guint16) (((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
            memcpy (in + 2 * i, &p, 2);
          }
      }
  if (freerdp_bitmap_compress (in, w, h, s, frame->bpp, w * h * 4, h - 1, temp, 0) != (SSIZE_T) h)
    g_error ("FreeRDP could not encode a %u×%u tile", w, h);
  tile.size = Stream_GetPosition (s);
  tile.data = g_memdup2 (Stream_Buffer (s), tile.size);
  g_array_append_val (frame->tiles, tile);
  Stream_Free (s, TRUE);
  Stream_Free (temp, TRUE);
}

static void
decode_rdp (gpointer data)
{
  Frame *frame = data;

  for (guint i = 0; i < frame->tiles->len; i++)
    {
      Tile *t = &g_array_index (frame->tiles, Tile, i);

      if (!rdp_interleaved_decompress (t->data, t->size, t->w, t->h, frame->bpp, NULL,
                                       frame->frame + ((gsize) t->y * FRAME_W + t->x) * 4,
                                       FRAME_W * 4, NULL))
        g_error ("rdp-gio failed on a tile");
    }
}

static void
decode_freerdp (gpointer data)
{
  Frame *frame = data;

  for (guint i = 0; i < frame->tiles->len; i++)
    {
      Tile *t = &g_array_index (frame->tiles, Tile, i);

      if (!interleaved_decompress (frame->freerdp, t->data, t->size, t->w, t->h, frame->bpp,
                                   frame->frame, PIXEL_FORMAT_BGRA32, FRAME_W * 4, t->x, t->y,
                                   t->w, t->h, NULL))
        g_error ("FreeRDP failed on a tile");
    }
}

static void
bench_one (GArray *rows, gboolean quick, guint bpp, gboolean photo)
{
  g_autofree guint32 *img = g_new (guint32, (gsize) FRAME_W * FRAME_H);
  g_autofree guint8 *ours = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  Frame frame = { bpp, g_array_new (FALSE, FALSE, sizeof (Tile)), NULL, NULL };
  guint runs = quick ? 3 : 30;
  gsize frame_size = (gsize) FRAME_W * FRAME_H * 4;
  BenchRow row = { NULL, photo ? "photo" : "desktop", 0, 0, 0 };
  static const char *names[] = { "interleaved 15 bpp", "interleaved 16 bpp", "interleaved 24 bpp" };

  for (guint y = 0; y < FRAME_H; y++)
    for (guint x = 0; x < FRAME_W; x++)
      img[(gsize) y * FRAME_W + x] = pixel_at (x, y, photo, rand);
  for (guint y = 0; y < FRAME_H; y += TILE)
    for (guint x = 0; x < FRAME_W; x += TILE)
      encode_tile (&frame, img, x, y, MIN (TILE, FRAME_W - x), MIN (TILE, FRAME_H - y));

  frame.frame = g_malloc0 (frame_size);
  frame.freerdp = bitmap_interleaved_context_new (FALSE);

  /* the same pixels first */
  decode_rdp (&frame);
  ours = g_memdup2 (frame.frame, frame_size);
  decode_freerdp (&frame);
  if (memcmp (ours, frame.frame, frame_size) != 0)
    g_error ("%u bpp: rdp-gio and FreeRDP decode different frames", bpp);

  row.codec = names[bpp == 15 ? 0 : bpp == 16 ? 1 : 2];
  row.megapixels = FRAME_W * FRAME_H / 1e6;
  row.rdp_seconds = bench_best_of (runs, decode_rdp, &frame);
  row.freerdp_seconds = bench_best_of (runs, decode_freerdp, &frame);
  g_array_append_val (rows, row);

  for (guint i = 0; i < frame.tiles->len; i++)
    g_free (g_array_index (frame.tiles, Tile, i).data);
  g_array_free (frame.tiles, TRUE);
  g_free (frame.frame);
  bitmap_interleaved_context_free (frame.freerdp);
  g_rand_free (rand);
}

void
bench_interleaved (GArray *rows, gboolean quick)
{
  const guint bpps[] = { 15, 16, 24 };

  for (guint i = 0; i < G_N_ELEMENTS (bpps); i++)
    {
      bench_one (rows, quick, bpps[i], FALSE);
      bench_one (rows, quick, bpps[i], TRUE);
    }
}
