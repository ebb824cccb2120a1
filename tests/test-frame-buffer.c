/* test-frame-buffer.c: the zero-copy read buffer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-frame-buffer-private.h"

/* Fills @length bytes of a pattern that depends on @seed. */
static void
fill_pattern (guint8 *data,
              gsize   length,
              guint   seed)
{
  gsize i;

  for (i = 0; i < length; i++)
    data[i] = (guint8) ((i * 31 + seed * 7 + (i >> 8)) & 0xff);
}

static GBytes *
pattern_bytes (gsize length,
               guint seed)
{
  guint8 *data = g_malloc (length);

  fill_pattern (data, length, seed);
  return g_bytes_new_take (data, length);
}

/* Reads @length bytes into @buffer as a socket read would: through
 * prepare/commit, in pieces of at most @piece. */
static void
feed (RdpFrameBuffer *buffer,
      const guint8   *data,
      gsize           length,
      gsize           frame_size,
      gsize           piece)
{
  while (length > 0)
    {
      gsize space, n;
      guint8 *dest;

      dest = rdp_frame_buffer_prepare (buffer, MAX (frame_size, rdp_frame_buffer_get_length (buffer) + 1),
                                       &space);
      g_assert_nonnull (dest);
      g_assert_cmpuint (space, >=, 1);
      n = MIN (MIN (space, length), piece);
      memcpy (dest, data, n);
      rdp_frame_buffer_commit (buffer, n);
      data += n;
      length -= n;
    }
}

static gboolean
pointer_inside (gconstpointer p,
                const guint8 *start,
                gsize         length)
{
  return (const guint8 *) p >= start && (const guint8 *) p < start + length;
}

static void
test_empty (void)
{
  RdpFrameBuffer buffer;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) none = NULL;

  rdp_frame_buffer_init (&buffer);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), ==, 0);
  g_assert_null (rdp_frame_buffer_get_data (&buffer));

  none = rdp_frame_buffer_view (&buffer, 0);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  all = rdp_frame_buffer_steal_all (&buffer);
  g_assert_cmpuint (g_bytes_get_size (all), ==, 0);

  rdp_frame_buffer_append (&buffer, (const guint8 *) "", 0);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
  rdp_frame_buffer_clear (&buffer);
}

/* A frame is a view of the chunk: its data pointer lies inside the chunk the
 * bytes were read into, at the offset they were read to. */
static void
test_view_no_copy (void)
{
  RdpFrameBuffer buffer;
  guint8 data[300];
  const guint8 *chunk_data;
  gsize space;
  guint8 *dest;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) peek = NULL;

  fill_pattern (data, sizeof data, 1);
  rdp_frame_buffer_init (&buffer);

  dest = rdp_frame_buffer_prepare (&buffer, 100, &space);
  g_assert_cmpuint (space, >=, RDP_FRAME_BUFFER_CHUNK_SIZE);
  memcpy (dest, data, sizeof data);
  rdp_frame_buffer_commit (&buffer, sizeof data);
  chunk_data = rdp_frame_buffer_get_data (&buffer);
  g_assert_true (chunk_data == dest);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, sizeof data);

  /* A view does not consume. */
  peek = rdp_frame_buffer_view (&buffer, 10);
  g_assert_true (g_bytes_get_data (peek, NULL) == (gconstpointer) dest);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, sizeof data);

  first = rdp_frame_buffer_take (&buffer, 100);
  second = rdp_frame_buffer_take (&buffer, 50);
  g_assert_true (g_bytes_get_data (first, NULL) == (gconstpointer) dest);
  g_assert_true (g_bytes_get_data (second, NULL) == (gconstpointer) (dest + 100));
  g_assert_true (pointer_inside (g_bytes_get_data (second, NULL), dest, space));
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 100, data, 100);
  g_assert_cmpmem (g_bytes_get_data (second, NULL), 50, data + 100, 50);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 150);
  g_assert_true (rdp_frame_buffer_get_data (&buffer) == dest + 150);

  rdp_frame_buffer_clear (&buffer);
  /* The frames hold the chunk: still readable after the buffer let go. */
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 100, data, 100);
  g_assert_cmpmem (g_bytes_get_data (second, NULL), 50, data + 100, 50);
}

/* Frames handed out stay intact while the buffer goes on reading, compacts,
 * moves to a fresh chunk, or is cleared. */
static void
test_frames_stay_intact (void)
{
  RdpFrameBuffer buffer;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GRand *rand = g_rand_new_with_seed (1234);
  guint i;

  rdp_frame_buffer_init (&buffer);
  for (i = 0; i < 400; i++)
    {
      gsize size = g_rand_int_range (rand, 1, 9000);
      gsize piece = g_rand_int_range (rand, 1, 20000);
      GBytes *pattern = pattern_bytes (size, i);
      GBytes *frame;

      feed (&buffer, g_bytes_get_data (pattern, NULL), size, size, piece);
      g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, size);
      frame = rdp_frame_buffer_take (&buffer, size);
      g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
      g_assert_true (g_bytes_equal (frame, pattern));

      /* Keep every third frame, drop the others at once. */
      if (i % 3 == 0)
        {
          g_ptr_array_add (frames, frame);
          g_ptr_array_add (expected, pattern);
        }
      else
        {
          g_bytes_unref (frame);
          g_bytes_unref (pattern);
        }
    }

  /* Frames taken while a partial frame is buffered after them. */
  for (i = 0; i < 50; i++)
    {
      GBytes *a = pattern_bytes (3000, 1000 + i);
      GBytes *b = pattern_bytes (5000, 2000 + i);
      g_autoptr(GBytes) both = NULL;
      GBytes *frame;

      both = g_bytes_new (NULL, 0);
      {
        GByteArray *arr = g_byte_array_new ();

        g_byte_array_append (arr, g_bytes_get_data (a, NULL), 3000);
        g_byte_array_append (arr, g_bytes_get_data (b, NULL), 5000);
        g_bytes_unref (both);
        both = g_byte_array_free_to_bytes (arr);
      }
      /* the whole of a and 1000 bytes of b */
      feed (&buffer, g_bytes_get_data (both, NULL), 4000, 3000, 4000);
      frame = rdp_frame_buffer_take (&buffer, 3000);
      g_assert_true (g_bytes_equal (frame, a));
      g_ptr_array_add (frames, frame);
      g_ptr_array_add (expected, a);
      /* the rest of b: the buffer may compact or move the 1000 bytes */
      feed (&buffer, (const guint8 *) g_bytes_get_data (both, NULL) + 4000, 4000, 5000, 4000);
      frame = rdp_frame_buffer_take (&buffer, 5000);
      g_assert_true (g_bytes_equal (frame, b));
      g_ptr_array_add (frames, frame);
      g_ptr_array_add (expected, b);
    }

  rdp_frame_buffer_clear (&buffer);
  g_assert_cmpuint (frames->len, ==, expected->len);
  for (i = 0; i < frames->len; i++)
    g_assert_true (g_bytes_equal (frames->pdata[i], expected->pdata[i]));
  g_rand_free (rand);
}

/* With nobody else holding the chunk, the buffer reads into the same chunk
 * again: from its start once all was taken, and after compacting a partial
 * frame to its start when the tail is short. */
static void
test_chunk_reuse (void)
{
  RdpFrameBuffer buffer;
  guint8 data[RDP_FRAME_BUFFER_CHUNK_SIZE];
  const guint8 *base;
  gsize space;
  guint8 *dest;

  fill_pattern (data, sizeof data, 3);
  rdp_frame_buffer_init (&buffer);

  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  base = dest;
  g_assert_cmpuint (space, ==, RDP_FRAME_BUFFER_CHUNK_SIZE);
  memcpy (dest, data, 1000);
  rdp_frame_buffer_commit (&buffer, 1000);

  /* Taken and dropped at once: the chunk is unique, so the buffer starts
   * over at its beginning. */
  g_bytes_unref (rdp_frame_buffer_take (&buffer, 1000));
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_true (dest == base);
  g_assert_cmpuint (space, ==, RDP_FRAME_BUFFER_CHUNK_SIZE);

  /* Fill nearly all of the chunk, leave a partial frame of 100 bytes at
   * its end, and ask for room: it is compacted to the start, in place. */
  memcpy (dest, data, RDP_FRAME_BUFFER_CHUNK_SIZE - 10);
  rdp_frame_buffer_commit (&buffer, RDP_FRAME_BUFFER_CHUNK_SIZE - 10);
  g_bytes_unref (rdp_frame_buffer_take (&buffer, RDP_FRAME_BUFFER_CHUNK_SIZE - 110));
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 100);
  dest = rdp_frame_buffer_prepare (&buffer, 500, &space);
  g_assert_true (rdp_frame_buffer_get_data (&buffer) == base);
  g_assert_true (dest == base + 100);
  g_assert_cmpuint (space, ==, RDP_FRAME_BUFFER_CHUNK_SIZE - 100);
  g_assert_cmpmem (rdp_frame_buffer_get_data (&buffer), 100,
                   data + RDP_FRAME_BUFFER_CHUNK_SIZE - 110, 100);

  rdp_frame_buffer_clear (&buffer);
}

/* While a frame handed out holds the chunk, the buffer never writes over it:
 * after a take it goes on after the frame, and when the chunk is full it
 * moves the partial frame to a fresh chunk. */
static void
test_chunk_shared (void)
{
  RdpFrameBuffer buffer;
  guint8 data[RDP_FRAME_BUFFER_CHUNK_SIZE];
  g_autoptr(GBytes) held = NULL;
  g_autoptr(GBytes) expected = NULL;
  const guint8 *base;
  gsize space;
  guint8 *dest;

  fill_pattern (data, sizeof data, 4);
  rdp_frame_buffer_init (&buffer);

  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  base = dest;
  memcpy (dest, data, 1000);
  rdp_frame_buffer_commit (&buffer, 1000);
  held = rdp_frame_buffer_take (&buffer, 1000);
  expected = g_bytes_new (data, 1000);

  /* The chunk is shared: no restart at its beginning. */
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_true (dest == base + 1000);
  g_assert_cmpuint (space, ==, RDP_FRAME_BUFFER_CHUNK_SIZE - 1000);
  memset (dest, 0xee, space);
  rdp_frame_buffer_commit (&buffer, space - 50);
  g_bytes_unref (rdp_frame_buffer_take (&buffer, space - 150));
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 100);

  /* Tail too short and the chunk shared: a fresh chunk. */
  dest = rdp_frame_buffer_prepare (&buffer, 1000, &space);
  g_assert_false (pointer_inside (dest, base, RDP_FRAME_BUFFER_CHUNK_SIZE));
  g_assert_false (pointer_inside (rdp_frame_buffer_get_data (&buffer), base, RDP_FRAME_BUFFER_CHUNK_SIZE));
  g_assert_cmpuint (space, >=, 900);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 100);
  g_assert_true (rdp_frame_buffer_get_data (&buffer)[0] == 0xee);
  g_assert_true (rdp_frame_buffer_get_data (&buffer)[99] == 0xee);

  g_assert_true (g_bytes_get_data (held, NULL) == (gconstpointer) base);
  g_assert_true (g_bytes_equal (held, expected));
  rdp_frame_buffer_clear (&buffer);
  g_assert_true (g_bytes_equal (held, expected));
}

/* A frame larger than a chunk gets a chunk big enough to hold it whole (so
 * it is still one view), and once it was taken and dropped the buffer gives
 * the big chunk back. */
static void
test_grow_and_shrink (void)
{
  const gsize big = 3 * RDP_FRAME_BUFFER_CHUNK_SIZE + 123;
  RdpFrameBuffer buffer;
  g_autoptr(GBytes) pattern = pattern_bytes (big + 64, 5);
  const guint8 *data = g_bytes_get_data (pattern, NULL);
  GBytes *frame;
  gsize space;

  rdp_frame_buffer_init (&buffer);

  /* First the header only, in a normal chunk. */
  feed (&buffer, data, 10, 11, 10);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), ==, RDP_FRAME_BUFFER_CHUNK_SIZE);

  /* Then the frame's size is known: the buffer grows to hold all of it. */
  rdp_frame_buffer_prepare (&buffer, big, &space);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), >=, big);
  g_assert_cmpuint (space, >=, big - 10);
  feed (&buffer, data + 10, big - 10 + 64, big, 7000);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, big + 64);

  frame = rdp_frame_buffer_take (&buffer, big);
  g_assert_cmpuint (g_bytes_get_size (frame), ==, big);
  g_assert_cmpmem (g_bytes_get_data (frame, NULL), big, data, big);
  g_assert_true (g_bytes_get_data (frame, NULL) == (gconstpointer) (rdp_frame_buffer_get_data (&buffer) - big));

  /* 64 bytes of the next frame are still there: the big chunk stays. */
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), >=, big);
  g_bytes_unref (rdp_frame_buffer_take (&buffer, 64));
  /* Empty now, but the frame still holds the chunk: it is kept too. */
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
  g_bytes_unref (frame);

  /* The next read needs no big chunk: it must not keep one. */
  rdp_frame_buffer_prepare (&buffer, 100, &space);
  feed (&buffer, data, 100, 100, 100);
  g_bytes_unref (rdp_frame_buffer_take (&buffer, 100));
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), <=, RDP_FRAME_BUFFER_CHUNK_SIZE);

  /* Once more, with the big frame dropped before the next small one
   * arrives: the buffer ends up with a normal chunk again, and the small
   * frame is correct. */
  feed (&buffer, data, big, big, big);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), >=, big);
  frame = rdp_frame_buffer_take (&buffer, big);
  g_assert_cmpmem (g_bytes_get_data (frame, NULL), big, data, big);
  g_bytes_unref (frame);
  feed (&buffer, data + 5, 200, 200, 200);
  frame = rdp_frame_buffer_take (&buffer, 200);
  g_assert_cmpmem (g_bytes_get_data (frame, NULL), 200, data + 5, 200);
  g_bytes_unref (frame);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), <=, RDP_FRAME_BUFFER_CHUNK_SIZE);
  rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), ==, RDP_FRAME_BUFFER_CHUNK_SIZE);

  rdp_frame_buffer_clear (&buffer);
}

static void
test_append (void)
{
  RdpFrameBuffer buffer;
  g_autoptr(GBytes) pattern = pattern_bytes (200000, 6);
  const guint8 *data = g_bytes_get_data (pattern, NULL);
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  gsize space;
  guint8 *dest;

  rdp_frame_buffer_init (&buffer);
  rdp_frame_buffer_append (&buffer, data, 10);
  rdp_frame_buffer_append (&buffer, data + 10, 20);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 30);
  g_assert_cmpmem (rdp_frame_buffer_get_data (&buffer), 30, data, 30);

  first = rdp_frame_buffer_take (&buffer, 15);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 15, data, 15);

  /* Appending more than a chunk after bytes that are held. */
  rdp_frame_buffer_append (&buffer, data + 30, 199970);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 200000 - 15);
  g_assert_cmpmem (rdp_frame_buffer_get_data (&buffer), 200000 - 15, data + 15, 200000 - 15);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 15, data, 15);

  /* A read after the appended bytes continues them. */
  dest = rdp_frame_buffer_prepare (&buffer, 200000 - 15 + 5, &space);
  memcpy (dest, "hello", 5);
  rdp_frame_buffer_commit (&buffer, 5);
  second = rdp_frame_buffer_take (&buffer, 200000 - 15);
  g_assert_cmpmem (g_bytes_get_data (second, NULL), 200000 - 15, data + 15, 200000 - 15);

  all = rdp_frame_buffer_steal_all (&buffer);
  g_assert_cmpmem (g_bytes_get_data (all, NULL), g_bytes_get_size (all), "hello", 5);
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);
  g_assert_cmpuint (rdp_frame_buffer_get_capacity (&buffer), ==, 0);
  /* The stolen bytes are a view too: intact after the buffer is reused. */
  rdp_frame_buffer_append (&buffer, data, 5000);
  g_assert_cmpmem (g_bytes_get_data (all, NULL), g_bytes_get_size (all), "hello", 5);
  rdp_frame_buffer_clear (&buffer);
}

/* prepare() promises room for what the frame still lacks, and at least the
 * minimum fill, so that small reads are not made one byte at a time. */
static void
test_prepare_space (void)
{
  RdpFrameBuffer buffer;
  g_autoptr(GBytes) held = NULL;
  GRand *rand = g_rand_new_with_seed (99);
  guint i;

  rdp_frame_buffer_init (&buffer);
  for (i = 0; i < 2000; i++)
    {
      gsize have = rdp_frame_buffer_get_length (&buffer);
      gsize frame = have + g_rand_int_range (rand, 1, 70000);
      gsize space, n;
      guint8 *dest;

      dest = rdp_frame_buffer_prepare (&buffer, frame, &space);
      g_assert_cmpuint (space, >=, frame - have);
      g_assert_true (dest == rdp_frame_buffer_get_data (&buffer) + have);
      n = g_rand_int_range (rand, 1, (gint32) MIN (space, 9000) + 1);
      memset (dest, (int) (i & 0xff), n);
      rdp_frame_buffer_commit (&buffer, n);
      if (g_rand_boolean (rand))
        {
          gsize take = g_rand_int_range (rand, 1, (gint32) rdp_frame_buffer_get_length (&buffer) + 1);

          g_clear_pointer (&held, g_bytes_unref);
          held = rdp_frame_buffer_take (&buffer, take);
        }
      if (rdp_frame_buffer_get_length (&buffer) > 200000)
        g_bytes_unref (rdp_frame_buffer_take (&buffer, rdp_frame_buffer_get_length (&buffer)));
    }
  g_rand_free (rand);
  rdp_frame_buffer_clear (&buffer);
}

/* Many frames out of one chunk at once (more than any batch of references
 * the buffer may take ahead): while any is held the chunk is not reused;
 * once all are dropped it is, and clearing the buffer frees it (the leak
 * checkers see that). */
static void
test_many_views (void)
{
  RdpFrameBuffer buffer;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint8 data[3000];
  const guint8 *base;
  gsize space;
  guint8 *dest;
  guint i;

  fill_pattern (data, sizeof data, 8);
  rdp_frame_buffer_init (&buffer);
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  base = dest;
  memcpy (dest, data, sizeof data);
  rdp_frame_buffer_commit (&buffer, sizeof data);

  for (i = 0; i < 300; i++)
    g_ptr_array_add (held, rdp_frame_buffer_take (&buffer, 10));
  g_assert_cmpuint (rdp_frame_buffer_get_length (&buffer), ==, 0);

  /* Drop all but one: the chunk is still shared. */
  g_ptr_array_remove_range (held, 1, held->len - 1);
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_true (dest == base + sizeof data);
  g_assert_cmpmem (g_bytes_get_data (held->pdata[0], NULL), 10, data, 10);

  /* Drop the last one: the buffer starts over at the chunk's start. */
  g_ptr_array_set_size (held, 0);
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_true (dest == base);

  /* Views that are peeks hold the chunk too. */
  memcpy (dest, data, 100);
  rdp_frame_buffer_commit (&buffer, 100);
  for (i = 0; i < 200; i++)
    g_ptr_array_add (held, rdp_frame_buffer_view (&buffer, 100));
  g_bytes_unref (rdp_frame_buffer_take (&buffer, 100));
  dest = rdp_frame_buffer_prepare (&buffer, 1, &space);
  g_assert_true (dest == base + 100);
  for (i = 0; i < held->len; i++)
    g_assert_cmpmem (g_bytes_get_data (held->pdata[i], NULL), 100, data, 100);

  rdp_frame_buffer_clear (&buffer);
  for (i = 0; i < held->len; i++)
    g_assert_cmpmem (g_bytes_get_data (held->pdata[i], NULL), 100, data, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame-buffer/empty", test_empty);
  g_test_add_func ("/frame-buffer/view-no-copy", test_view_no_copy);
  g_test_add_func ("/frame-buffer/frames-stay-intact", test_frames_stay_intact);
  g_test_add_func ("/frame-buffer/chunk-reuse", test_chunk_reuse);
  g_test_add_func ("/frame-buffer/chunk-shared", test_chunk_shared);
  g_test_add_func ("/frame-buffer/grow-and-shrink", test_grow_and_shrink);
  g_test_add_func ("/frame-buffer/append", test_append);
  g_test_add_func ("/frame-buffer/prepare-space", test_prepare_space);
  g_test_add_func ("/frame-buffer/many-views", test_many_views);

  return g_test_run ();
}
