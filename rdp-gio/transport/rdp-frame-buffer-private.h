/* rdp-frame-buffer-private.h: the read buffer that frames are views of
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The unread bytes live in one reference-counted chunk. A frame handed out is
 * a GBytes view of the chunk that holds a reference on it, so frames are not
 * copied. Bytes already handed out are never moved or overwritten: the buffer
 * compacts or grows its chunk in place only while nobody else holds it, and
 * otherwise moves the (partial) unread bytes to a fresh chunk. */

#define RDP_FRAME_BUFFER_CHUNK_SIZE (64 * 1024)
#define RDP_FRAME_BUFFER_MIN_FILL (4 * 1024)

typedef struct _RdpChunk RdpChunk;

/* @spare_refs: references on @chunk that the buffer took ahead, in one
 * atomic operation, and hands to the next frames without one each; they are
 * given back when the buffer lets go of the chunk. */
typedef struct {
  RdpChunk *chunk;
  gsize start;
  gsize end;
  guint spare_refs;
} RdpFrameBuffer;

void          rdp_frame_buffer_init       (RdpFrameBuffer *buffer);
void          rdp_frame_buffer_clear      (RdpFrameBuffer *buffer);
gsize         rdp_frame_buffer_get_length (const RdpFrameBuffer *buffer);
const guint8 *rdp_frame_buffer_get_data   (const RdpFrameBuffer *buffer);
GBytes       *rdp_frame_buffer_view       (RdpFrameBuffer *buffer,
                                           gsize           length);
GBytes       *rdp_frame_buffer_take       (RdpFrameBuffer *buffer,
                                           gsize           length);
void          rdp_frame_buffer_skip       (RdpFrameBuffer *buffer,
                                           gsize           length);
GBytes       *rdp_frame_buffer_steal_all  (RdpFrameBuffer *buffer);
void          rdp_frame_buffer_append     (RdpFrameBuffer *buffer,
                                           const guint8   *data,
                                           gsize           length);
guint8       *rdp_frame_buffer_prepare    (RdpFrameBuffer *buffer,
                                           gsize           frame_size,
                                           gsize          *out_space);
void          rdp_frame_buffer_commit     (RdpFrameBuffer *buffer,
                                           gsize           length);
gsize         rdp_frame_buffer_get_capacity (const RdpFrameBuffer *buffer);

G_END_DECLS
