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

static RdpChunk *
chunk_ref (RdpChunk *chunk)
{
  g_atomic_int_inc (&chunk->ref_count);
  return chunk;
}

static void
chunk_unref (gpointer data)
{
  RdpChunk *chunk = data;

  if (g_atomic_int_dec_and_test (&chunk->ref_count))
    g_free (chunk);
}

/* Only the buffer creates references, so once it holds the last one nobody
 * can take a new one behind its back. */
static gboolean
chunk_is_unique (RdpChunk *chunk)
{
  return g_atomic_int_get (&chunk->ref_count) == 1;
}

void
rdp_frame_buffer_init (RdpFrameBuffer *buffer)
{
  buffer->chunk = NULL;
  buffer->start = buffer->end = 0;
}

void
rdp_frame_buffer_clear (RdpFrameBuffer *buffer)
{
  g_clear_pointer (&buffer->chunk, chunk_unref);
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
                                     chunk_unref, chunk_ref (buffer->chunk));
}

GBytes *
rdp_frame_buffer_take (RdpFrameBuffer *buffer,
                       gsize           length)
{
  GBytes *bytes = rdp_frame_buffer_view (buffer, length);

  buffer->start += length;
  if (buffer->start == buffer->end && buffer->chunk && chunk_is_unique (buffer->chunk))
    {
      /* Nothing unread and nobody else holds the chunk: start over at its
       * beginning, and give back a chunk that grew for one large frame. */
      if (buffer->chunk->size > RDP_FRAME_BUFFER_CHUNK_SIZE)
        rdp_frame_buffer_clear (buffer);
      buffer->start = buffer->end = 0;
    }
  return bytes;
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
  else if (chunk_is_unique (buffer->chunk) && frame_size <= buffer->chunk->size &&
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
      chunk_unref (buffer->chunk);
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
