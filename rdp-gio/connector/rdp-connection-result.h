/* rdp-connection-result.h: what the connection sequence settled
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib-object.h>

#include "rdp-version.h"
#include "rdp-enums.h"

G_BEGIN_DECLS

#define RDP_TYPE_CONNECTION_RESULT (rdp_connection_result_get_type ())

/**
 * RdpConnectionResult:
 *
 * What the connection sequence settled, as an [class@Connector] ends it:
 * the MCS channel ids, the share id, the security protocol in use, the
 * desktop size the server accepted and the server capabilities that matter
 * to whoever draws its updates.
 *
 * It is immutable and reference counted.
 */
typedef struct _RdpConnectionResult RdpConnectionResult;

RDP_AVAILABLE_IN_ALL
GType                rdp_connection_result_get_type               (void) G_GNUC_CONST;

RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_connection_result_ref                    (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
void                 rdp_connection_result_unref                  (RdpConnectionResult *self);

RDP_AVAILABLE_IN_ALL
RdpSecurityProtocol  rdp_connection_result_get_selected_protocol  (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint16              rdp_connection_result_get_io_channel_id      (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint16              rdp_connection_result_get_user_channel_id    (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint16              rdp_connection_result_get_message_channel_id (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
const char * const  *rdp_connection_result_get_static_channel_names (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint16              rdp_connection_result_get_static_channel_id  (RdpConnectionResult *self,
                                                                   const char          *name);
RDP_AVAILABLE_IN_ALL
guint32              rdp_connection_result_get_share_id           (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint                rdp_connection_result_get_desktop_width      (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint                rdp_connection_result_get_desktop_height     (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint                rdp_connection_result_get_color_depth        (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
gboolean             rdp_connection_result_get_desktop_resize     (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
gboolean             rdp_connection_result_get_fast_path_output   (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint32              rdp_connection_result_get_multifragment_max_size (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint                rdp_connection_result_get_pointer_cache_size (RdpConnectionResult *self);
RDP_AVAILABLE_IN_ALL
guint32              rdp_connection_result_get_surface_commands   (RdpConnectionResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpConnectionResult, rdp_connection_result_unref)

G_END_DECLS
