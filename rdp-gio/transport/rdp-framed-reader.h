/* rdp-framed-reader.h: the reading half of a split RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-enums.h"
#include "rdp-pdu-size.h"

G_BEGIN_DECLS

#define RDP_TYPE_FRAMED_READER (rdp_framed_reader_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpFramedReader, rdp_framed_reader, RDP, FRAMED_READER, GObject)

/**
 * RdpFramedReaderClass:
 * @parent_class: the parent class
 *
 * The class of [class@FramedReader]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_reader_read_pdu         (RdpFramedReader      *self,
                                               RdpAction            *out_action,
                                               GCancellable         *cancellable,
                                               GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_reader_read_pdu_async   (RdpFramedReader      *self,
                                               int                   io_priority,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_reader_read_pdu_finish  (RdpFramedReader      *self,
                                               GAsyncResult         *result,
                                               RdpAction            *out_action,
                                               GError              **error);

RDP_AVAILABLE_IN_ALL
GPtrArray *rdp_framed_reader_read_pdus        (RdpFramedReader      *self,
                                               guint                 max_pdus,
                                               GCancellable         *cancellable,
                                               GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_reader_read_pdus_async  (RdpFramedReader      *self,
                                               guint                 max_pdus,
                                               int                   io_priority,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GPtrArray *rdp_framed_reader_read_pdus_finish (RdpFramedReader      *self,
                                               GAsyncResult         *result,
                                               GError              **error);

RDP_AVAILABLE_IN_ALL
guint      rdp_framed_reader_read_each_pdu    (RdpFramedReader      *self,
                                               RdpPduFunc            func,
                                               gpointer              user_data,
                                               GCancellable         *cancellable,
                                               GError              **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_reader_read_by_hint     (RdpFramedReader      *self,
                                               RdpPduHint            hint,
                                               GCancellable         *cancellable,
                                               GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_reader_read_by_hint_async (RdpFramedReader     *self,
                                                 RdpPduHint           hint,
                                                 int                  io_priority,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_reader_read_by_hint_finish (RdpFramedReader   *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_reader_peek             (RdpFramedReader      *self);
RDP_AVAILABLE_IN_ALL
gint64     rdp_framed_reader_get_last_read_time (RdpFramedReader    *self);

G_END_DECLS
