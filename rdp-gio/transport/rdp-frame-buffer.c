/* rdp-frame-buffer.c: the read buffer that frames are views of
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-frame-buffer-private.h"

struct _RdpChunk {
  gint ref_count;
  gsize size;
  guint8 data[];
};

static RdpChunk *
chunk_new (gsize size)
{
  RdpChunk *chunk = g_malloc (sizeof (RdpChunk) + size);

  chunk->ref_count = 1;
  chunk->size = size;
  return chunk;
}

/* How many references the buffer takes ahead at a time; a frame then costs
 * one atomic operation (its release) instead of two. */
#define SPARE_REFS_BATCH 64

static void
chunk_unref (gpointer data)
{
  RdpChunk *chunk = data;

  if (g_atomic_int_dec_and_test (&chunk->ref_count))
    g_free (chunk);
}

/* A new reference for a frame, from the buffer's spare ones. */
static inline RdpChunk *
buffer_ref_chunk (RdpFrameBuffer *buffer)
{
  if (G_UNLIKELY (buffer->spare_refs == 0))
    {
      g_atomic_int_add (&buffer->chunk->ref_count, SPARE_REFS_BATCH);
      buffer->spare_refs = SPARE_REFS_BATCH;
    }
  buffer->spare_refs--;
  return buffer->chunk;
}

/* Drops the buffer's own reference and its spare ones. */
static void
buffer_release_chunk (RdpFrameBuffer *buffer)
{
  RdpChunk *chunk = buffer->chunk;
  gint held = 1 + (gint) buffer->spare_refs;

  buffer->chunk = NULL;
  buffer->spare_refs = 0;
  if (chunk != NULL && g_atomic_int_add (&chunk->ref_count, -held) == held)
    g_free (chunk);
}

/* Only the buffer creates references, so once it holds all of them (its own
 * and the spare ones) nobody can take a new one behind its back. */
static inline gboolean
buffer_chunk_is_unique (const RdpFrameBuffer *buffer)
{
  return g_atomic_int_get (&buffer->chunk->ref_count) == 1 + (gint) buffer->spare_refs;
}

void
rdp_frame_buffer_init (RdpFrameBuffer *buffer)
{
  buffer->chunk = NULL;
  buffer->start = buffer->end = 0;
  buffer->spare_refs = 0;
}

void
rdp_frame_buffer_clear (RdpFrameBuffer *buffer)
{
  buffer_release_chunk (buffer);
  buffer->start = buffer->end = 0;
}

gsize
rdp_frame_buffer_get_length (const RdpFrameBuffer *buffer)
{
  return buffer->end - buffer->start;
}

gsize
rdp_frame_buffer_get_capacity (const RdpFrameBuffer *buffer)
{
  return buffer->chunk ? buffer->chunk->size : 0;
}

const guint8 *
rdp_frame_buffer_get_data (const RdpFrameBuffer *buffer)
{
  return buffer->chunk ? buffer->chunk->data + buffer->start : NULL;
}

GBytes *
rdp_frame_buffer_view (RdpFrameBuffer *buffer,
                       gsize           length)
{
  g_assert (length <= rdp_frame_buffer_get_length (buffer));

  if (length == 0)
    return g_bytes_new (NULL, 0);

  return g_bytes_new_with_free_func (buffer->chunk->data + buffer->start, length,
                                     chunk_unref, buffer_ref_chunk (buffer));
}

GBytes *
rdp_frame_buffer_take (RdpFrameBuffer *buffer,
                       gsize           length)
{
  GBytes *bytes = rdp_frame_buffer_view (buffer, length);

  /* The frame holds the chunk now, so it cannot be reused here; prepare()
   * does that once the frames taken from it are gone. */
  buffer->start += length;
  return bytes;
}

/* Consumes bytes without handing them out. */
void
rdp_frame_buffer_skip (RdpFrameBuffer *buffer,
                       gsize           length)
{
  g_assert (length <= rdp_frame_buffer_get_length (buffer));
  buffer->start += length;
}

GBytes *
rdp_frame_buffer_steal_all (RdpFrameBuffer *buffer)
{
  GBytes *bytes = rdp_frame_buffer_view (buffer, rdp_frame_buffer_get_length (buffer));

  rdp_frame_buffer_clear (buffer);
  return bytes;
}

void
rdp_frame_buffer_append (RdpFrameBuffer *buffer,
                         const guint8   *data,
                         gsize           length)
{
  gsize space;
  guint8 *dest;

  if (length == 0)
    return;

  dest = rdp_frame_buffer_prepare (buffer, rdp_frame_buffer_get_length (buffer) + length, &space);
  g_assert (space >= length);
  memcpy (dest, data, length);
  rdp_frame_buffer_commit (buffer, length);
}

/* Makes room for the frame that starts at the first unread byte and is
 * @frame_size bytes long (when its size is not known yet, one more than what
 * is buffered), so that it ends up contiguous; returns where the next socket
 * read should go and how much it may read. The space is at least what the
 * frame still lacks, and at least RDP_FRAME_BUFFER_MIN_FILL bytes unless the
 * frame is nearly complete in a chunk that cannot move. */
guint8 *
rdp_frame_buffer_prepare (RdpFrameBuffer *buffer,
                          gsize           frame_size,
                          gsize          *out_space)
{
  gsize have = rdp_frame_buffer_get_length (buffer);
  gsize missing, wanted_space;

  g_assert (frame_size > have);
  missing = frame_size - have;
  wanted_space = MAX (missing, RDP_FRAME_BUFFER_MIN_FILL);

  if (buffer->chunk != NULL && buffer_chunk_is_unique (buffer))
    {
      /* Nobody else holds the chunk (every frame taken from it was
       * dropped). Give back one that grew for a large frame once the frame at
       * hand fits a normal one, and start over at the beginning when nothing
       * is unread. */
      if (buffer->chunk->size > RDP_FRAME_BUFFER_CHUNK_SIZE &&
          have + wanted_space <= RDP_FRAME_BUFFER_CHUNK_SIZE)
        {
          RdpChunk *fresh = chunk_new (RDP_FRAME_BUFFER_CHUNK_SIZE);

          if (have > 0)
            memcpy (fresh->data, buffer->chunk->data + buffer->start, have);
          buffer_release_chunk (buffer);
          buffer->chunk = fresh;
          buffer->start = 0;
          buffer->end = have;
        }
      else if (have == 0)
        buffer->start = buffer->end = 0;
      else if (have <= buffer->start && have <= RDP_FRAME_BUFFER_CHUNK_SIZE / 4)
        {
          /* A short partial frame behind frames that are gone: moving it to
           * the front costs less than the shorter socket reads that the room
           * left after it would allow. */
          memmove (buffer->chunk->data, buffer->chunk->data + buffer->start, have);
          buffer->start = 0;
          buffer->end = have;
        }
    }

  if (buffer->chunk == NULL)
    {
      buffer->chunk = chunk_new (MAX (frame_size, RDP_FRAME_BUFFER_CHUNK_SIZE));
      buffer->start = buffer->end = 0;
    }
  else if (buffer->chunk->size - buffer->end >= wanted_space)
    {
      /* Room enough after the unread bytes: read in place, even when frames
       * handed out earlier still point into the chunk; they lie before
       * @start and are never touched. */
    }
  else if (buffer_chunk_is_unique (buffer) && frame_size <= buffer->chunk->size &&
           buffer->chunk->size - have >= wanted_space)
    {
      memmove (buffer->chunk->data, buffer->chunk->data + buffer->start, have);
      buffer->start = 0;
      buffer->end = have;
    }
  else
    {
      gsize size = MAX (have + wanted_space, RDP_FRAME_BUFFER_CHUNK_SIZE);
      RdpChunk *fresh = chunk_new (size);

      if (have > 0)
        memcpy (fresh->data, buffer->chunk->data + buffer->start, have);
      buffer_release_chunk (buffer);
      buffer->chunk = fresh;
      buffer->start = 0;
      buffer->end = have;
    }

  *out_space = buffer->chunk->size - buffer->end;
  return buffer->chunk->data + buffer->end;
}

void
rdp_frame_buffer_commit (RdpFrameBuffer *buffer,
                         gsize           length)
{
  g_assert (buffer->chunk != NULL);
  g_assert (length <= buffer->chunk->size - buffer->end);
  buffer->end += length;
}
