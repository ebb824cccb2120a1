/* rdp-write-half-private.h: the writing side of a framed transport
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes one whole PDU at a time and flushes it. Asynchronous writes issued
 * while one is in flight wait in a queue and go out in call order. */
typedef struct {
  GOutputStream *output;
  GQueue waiting;       /* of GTask, oldest first */
  GTask *in_flight;
  gboolean broken;      /* a PDU went out in part: framing is lost */
  gboolean closed;
} RdpWriteHalf;

void     rdp_write_half_init       (RdpWriteHalf  *half,
                                    GOutputStream *output);
void     rdp_write_half_clear      (RdpWriteHalf  *half);
gboolean rdp_write_half_is_busy    (RdpWriteHalf  *half);

gboolean rdp_write_half_write      (RdpWriteHalf  *half,
                                    GBytes        *pdu,
                                    GCancellable  *cancellable,
                                    GError       **error);
/* @error, when set, is reported through the task without writing; it is
 * consumed. */
void     rdp_write_half_write_async (RdpWriteHalf        *half,
                                     gpointer             source_object,
                                     gpointer             source_tag,
                                     GError              *error,
                                     GBytes              *pdu,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean rdp_write_half_write_finish (GAsyncResult  *result,
                                      GError       **error);

G_END_DECLS
