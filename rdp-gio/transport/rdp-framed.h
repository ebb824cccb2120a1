/* rdp-framed.h: framed RDP PDU I/O on a GIOStream
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
#include "rdp-framed-reader.h"
#include "rdp-framed-writer.h"

G_BEGIN_DECLS

#define RDP_TYPE_FRAMED (rdp_framed_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpFramed, rdp_framed, RDP, FRAMED, GObject)

/**
 * RdpFramedClass:
 * @parent_class: the parent class
 *
 * The class of [class@Framed]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
RdpFramed *rdp_framed_new               (GIOStream *stream);
RDP_AVAILABLE_IN_ALL
RdpFramed *rdp_framed_new_with_leftover (GIOStream *stream,
                                         GBytes    *leftover);

RDP_AVAILABLE_IN_ALL
GIOStream *rdp_framed_get_stream        (RdpFramed *self);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_pdu          (RdpFramed            *self,
                                         RdpAction            *out_action,
                                         GCancellable         *cancellable,
                                         GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_read_pdu_async    (RdpFramed            *self,
                                         int                   io_priority,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_pdu_finish   (RdpFramed            *self,
                                         GAsyncResult         *result,
                                         RdpAction            *out_action,
                                         GError              **error);

RDP_AVAILABLE_IN_ALL
GPtrArray *rdp_framed_read_pdus         (RdpFramed            *self,
                                         guint                 max_pdus,
                                         GCancellable         *cancellable,
                                         GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_read_pdus_async   (RdpFramed            *self,
                                         guint                 max_pdus,
                                         int                   io_priority,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GPtrArray *rdp_framed_read_pdus_finish  (RdpFramed            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

RDP_AVAILABLE_IN_ALL
guint      rdp_framed_read_each_pdu     (RdpFramed            *self,
                                         RdpPduFunc            func,
                                         gpointer              user_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_by_hint      (RdpFramed            *self,
                                         RdpPduHint            hint,
                                         GCancellable         *cancellable,
                                         GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_read_by_hint_async (RdpFramed           *self,
                                          RdpPduHint           hint,
                                          int                  io_priority,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_by_hint_finish (RdpFramed          *self,
                                           GAsyncResult       *result,
                                           GError            **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_with_size_func (RdpFramed          *self,
                                           RdpPduSizeFunc      size_func,
                                           gpointer            user_data,
                                           GCancellable       *cancellable,
                                           GError            **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_read_with_size_func_async (RdpFramed           *self,
                                                 RdpPduSizeFunc       size_func,
                                                 gpointer             size_func_data,
                                                 GDestroyNotify       size_func_data_free,
                                                 int                  io_priority,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_with_size_func_finish (RdpFramed     *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_exact        (RdpFramed            *self,
                                         gsize                 count,
                                         GCancellable         *cancellable,
                                         GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_read_exact_async  (RdpFramed            *self,
                                         gsize                 count,
                                         int                   io_priority,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_read_exact_finish (RdpFramed            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

RDP_AVAILABLE_IN_ALL
GBytes    *rdp_framed_peek              (RdpFramed            *self);
RDP_AVAILABLE_IN_ALL
gint64     rdp_framed_get_last_read_time (RdpFramed           *self);

RDP_AVAILABLE_IN_ALL
gboolean   rdp_framed_write_all         (RdpFramed            *self,
                                         GBytes               *pdu,
                                         GCancellable         *cancellable,
                                         GError              **error);
RDP_AVAILABLE_IN_ALL
void       rdp_framed_write_all_async   (RdpFramed            *self,
                                         GBytes               *pdu,
                                         int                   io_priority,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
RDP_AVAILABLE_IN_ALL
gboolean   rdp_framed_write_all_finish  (RdpFramed            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

RDP_AVAILABLE_IN_ALL
GIOStream *rdp_framed_steal_stream      (RdpFramed            *self,
                                         GBytes              **out_leftover);

RDP_AVAILABLE_IN_ALL
void       rdp_framed_split             (RdpFramed            *self,
                                         RdpFramedReader     **out_reader,
                                         RdpFramedWriter     **out_writer);
RDP_AVAILABLE_IN_ALL
RdpFramed *rdp_framed_unsplit           (RdpFramedReader      *reader,
                                         RdpFramedWriter      *writer);

G_END_DECLS
