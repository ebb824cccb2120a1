/* rdp-framed-writer.h: the writing half of a split RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"

G_BEGIN_DECLS

#define RDP_TYPE_FRAMED_WRITER (rdp_framed_writer_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpFramedWriter, rdp_framed_writer, RDP, FRAMED_WRITER, GObject)

/**
 * RdpFramedWriterClass:
 * @parent_class: the parent class
 *
 * The class of [class@FramedWriter]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
gboolean rdp_framed_writer_write_all        (RdpFramedWriter      *self,
                                             GBytes               *pdu,
                                             GCancellable         *cancellable,
                                             GError              **error);
RDP_AVAILABLE_IN_ALL
void     rdp_framed_writer_write_all_async  (RdpFramedWriter      *self,
                                             GBytes               *pdu,
                                             int                   io_priority,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
RDP_AVAILABLE_IN_ALL
gboolean rdp_framed_writer_write_all_finish (RdpFramedWriter      *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
