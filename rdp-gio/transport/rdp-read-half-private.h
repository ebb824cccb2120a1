/* rdp-read-half-private.h: the reading side of a framed transport
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rdp-enums.h"
#include "rdp-pdu-size.h"
#include "rdp-frame-buffer-private.h"

G_BEGIN_DECLS

/* What ends the next frame: a hint, a caller's size function, or a count. */
typedef enum {
  RDP_FRAME_MATCH_HINT,
  RDP_FRAME_MATCH_FUNC,
  RDP_FRAME_MATCH_EXACT,
} RdpFrameMatchKind;

typedef struct {
  RdpFrameMatchKind kind;
  RdpPduHint hint;
  RdpPduSizeFunc func;
  gpointer user_data;
  GDestroyNotify user_data_free;
  gsize exact;
} RdpFrameMatcher;

#define RDP_FRAME_MATCHER_HINT(h) ((RdpFrameMatcher) { .kind = RDP_FRAME_MATCH_HINT, .hint = (h) })

/* Used by one thread at a time; the framed object, or the reader half of a
 * split, owns it. */
typedef struct {
  GInputStream *input;
  RdpFrameBuffer buffer;
  gint64 last_read_time;
  gboolean pending;
  gboolean closed;
} RdpReadHalf;

void     rdp_read_half_init        (RdpReadHalf  *half,
                                    GInputStream *input);
void     rdp_read_half_clear       (RdpReadHalf  *half);
GBytes  *rdp_read_half_steal       (RdpReadHalf  *half);
GBytes  *rdp_read_half_peek        (RdpReadHalf  *half);

GBytes  *rdp_read_half_read        (RdpReadHalf           *half,
                                    const RdpFrameMatcher *matcher,
                                    RdpAction             *out_action,
                                    GCancellable          *cancellable,
                                    GError               **error);
/* @error, when set, is reported through the task without reading (the
 * caller found the half unusable); it is consumed. */
void     rdp_read_half_read_async  (RdpReadHalf           *half,
                                    gpointer               source_object,
                                    gpointer               source_tag,
                                    GError                *error,
                                    const RdpFrameMatcher *matcher,
                                    int                    io_priority,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
GBytes  *rdp_read_half_read_finish (GAsyncResult          *result,
                                    RdpAction             *out_action,
                                    GError               **error);

guint      rdp_read_half_read_each        (RdpReadHalf   *half,
                                           RdpPduFunc     func,
                                           gpointer       user_data,
                                           GCancellable  *cancellable,
                                           GError       **error);

GPtrArray *rdp_read_half_read_many        (RdpReadHalf   *half,
                                           guint          max_pdus,
                                           GCancellable  *cancellable,
                                           GError       **error);
void       rdp_read_half_read_many_async  (RdpReadHalf         *half,
                                           gpointer             source_object,
                                           gpointer             source_tag,
                                           GError              *error,
                                           guint                max_pdus,
                                           int                  io_priority,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *rdp_read_half_read_many_finish (GAsyncResult  *result,
                                           GError       **error);

G_END_DECLS
