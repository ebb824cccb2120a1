/* bench/decode-planar.c: the planar rows of bench/decode.
 *
 * A 1920 x 1080 frame cut into 64 x 64 tiles (as servers send bitmap
 * updates), each tile compressed once by FreeRDP's planar encoder, then
 * the whole frame decoded into one framebuffer by rdp-gio and by FreeRDP
 * from the same bytes (bottom-up, opaque: a desktop update).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include <freerdp/codec/planar.h>

#include "decode.h"
#include "rdp-planar-private.h"
#include "rdp-test-images.h"

#define FRAME_WIDTH 1920
#define FRAME_HEIGHT 1080
#define TILE 64

typedef struct {
  guint x, y, width, height;
  BYTE *data;
  UINT32 size;
} Tile;

typedef struct {
  GArray *tiles;                 /* Tile */
  guint32 *framebuffer;
  BITMAP_PLANAR_CONTEXT *freerdp;
  guint frames;
  double pixels;                 /* per frame */
} Frame;

static void
frame_encode (Frame            *frame,
              RdpTestImageKind  kind,
              DWORD             flags)
{
  g_autofree guint32 *image = g_new (guint32, FRAME_WIDTH * FRAME_HEIGHT);
  BITMAP_PLANAR_CONTEXT *encoder = freerdp_bitmap_planar_context_new (flags, TILE, TILE);

  rdp_test_image_fill (image, FRAME_WIDTH * 4, FRAME_WIDTH, FRAME_HEIGHT, kind, FALSE, 42);
  frame->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  frame->framebuffer = g_new0 (guint32, FRAME_WIDTH * FRAME_HEIGHT);
  frame->freerdp = freerdp_bitmap_planar_context_new (0, TILE, TILE);
  frame->pixels = 0;

  for (guint y = 0; y < FRAME_HEIGHT; y += TILE)
    for (guint x = 0; x < FRAME_WIDTH; x += TILE)
      {
        Tile t = { x, y, MIN (TILE, FRAME_WIDTH - x), MIN (TILE, FRAME_HEIGHT - y), NULL, 0 };

        t.data = freerdp_bitmap_compress_planar (encoder, (const BYTE *) (image + y * FRAME_WIDTH + x),
                                                 PIXEL_FORMAT_BGRA32, t.width, t.height,
                                                 FRAME_WIDTH * 4, NULL, &t.size);
        if (t.data == NULL || t.size == 0)
          {
            /* FreeRDP 2's RLE encoder gives up on incompressible tiles */
            free (t.data);
            continue;
          }
        g_array_append_val (frame->tiles, t);
        frame->pixels += (double) t.width * t.height;
      }
  freerdp_bitmap_planar_context_free (encoder);
}

static void
frame_free (Frame *frame)
{
  for (guint i = 0; i < frame->tiles->len; i++)
    free (g_array_index (frame->tiles, Tile, i).data);
  g_array_unref (frame->tiles);
  g_free (frame->framebuffer);
  freerdp_bitmap_planar_context_free (frame->freerdp);
}

static void
decode_rdp (gpointer data)
{
  Frame *frame = data;

  for (guint n = 0; n < frame->frames; n++)
    for (guint i = 0; i < frame->tiles->len; i++)
      {
        Tile *t = &g_array_index (frame->tiles, Tile, i);
        guint8 *dst = (guint8 *) (frame->framebuffer + t->y * FRAME_WIDTH + t->x);

        if (!rdp_planar_decompress (t->data, t->size, t->width, t->height, TRUE, TRUE,
                                    dst, FRAME_WIDTH * 4, NULL))
          g_error ("rdp-gio failed to decode a tile");
      }
}

static void
decode_freerdp (gpointer data)
{
  Frame *frame = data;

  for (guint n = 0; n < frame->frames; n++)
    for (guint i = 0; i < frame->tiles->len; i++)
      {
        Tile *t = &g_array_index (frame->tiles, Tile, i);

        if (!planar_decompress (frame->freerdp, t->data, t->size, t->width, t->height,
                                (BYTE *) frame->framebuffer, PIXEL_FORMAT_BGRX32, FRAME_WIDTH * 4,
                                t->x, t->y, t->width, t->height, TRUE))
          g_error ("FreeRDP failed to decode a tile");
      }
}

void
bench_planar (GArray *rows, gboolean quick)
{
  static const struct {
    const char *codec;
    DWORD flags;
  } codecs[] = {
    { "planar RLE", PLANAR_FORMAT_HEADER_RLE | PLANAR_FORMAT_HEADER_NA },
    { "planar raw", PLANAR_FORMAT_HEADER_NA },
  };
  static const RdpTestImageKind kinds[] = { RDP_TEST_IMAGE_DESKTOP, RDP_TEST_IMAGE_PHOTO };
  guint runs = quick ? 2 : 15;

  for (guint c = 0; c < G_N_ELEMENTS (codecs); c++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        Frame frame = { 0, };
        BenchRow row = { 0, };

        frame_encode (&frame, kinds[k], codecs[c].flags);
        frame.frames = quick ? 1 : 10;
        if (g_getenv ("BENCH_VERBOSE"))
          g_printerr ("%s %s: %u tiles, %.0f pixels a frame\n", codecs[c].codec,
                      rdp_test_image_kind_name (kinds[k]), frame.tiles->len, frame.pixels);
        /* warm up both, then measure */
        decode_rdp (&frame);
        decode_freerdp (&frame);
        row.codec = codecs[c].codec;
        row.content = rdp_test_image_kind_name (kinds[k]);
        row.megapixels = frame.pixels * frame.frames / 1e6;
        row.rdp_seconds = bench_best_of (runs, decode_rdp, &frame);
        row.freerdp_seconds = bench_best_of (runs, decode_freerdp, &frame);
        g_array_append_val (rows, row);
        frame_free (&frame);
      }
}
