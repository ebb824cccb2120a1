/* rdp-session.h: the active stage of a connection, driven on a main context
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
#include "rdp-framebuffer.h"
#include "rdp-pointer-shape.h"

G_BEGIN_DECLS

#define RDP_TYPE_SESSION (rdp_session_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpSession, rdp_session, RDP, SESSION, GObject)

RDP_AVAILABLE_IN_ALL
RdpFramebuffer  *rdp_session_get_framebuffer      (RdpSession        *self);
RDP_AVAILABLE_IN_ALL
RdpPointerShape *rdp_session_get_pointer_shape    (RdpSession        *self);
RDP_AVAILABLE_IN_ALL
gboolean         rdp_session_get_pointer_visible  (RdpSession        *self);
RDP_AVAILABLE_IN_ALL
gboolean         rdp_session_is_closed            (RdpSession        *self);

RDP_AVAILABLE_IN_ALL
void             rdp_session_send_pointer         (RdpSession        *self,
                                                   guint              x,
                                                   guint              y,
                                                   RdpPointerButtons  buttons);
RDP_AVAILABLE_IN_ALL
void             rdp_session_send_wheel           (RdpSession        *self,
                                                   gint               delta,
                                                   gboolean           horizontal);
RDP_AVAILABLE_IN_ALL
void             rdp_session_send_scancode        (RdpSession        *self,
                                                   guint              scancode,
                                                   gboolean           pressed);
RDP_AVAILABLE_IN_ALL
void             rdp_session_send_unicode         (RdpSession        *self,
                                                   gunichar           character,
                                                   gboolean           pressed);
RDP_AVAILABLE_IN_ALL
void             rdp_session_send_lock_keys       (RdpSession        *self,
                                                   RdpLockKeys        keys);
RDP_AVAILABLE_IN_ALL
void             rdp_session_refresh              (RdpSession        *self,
                                                   guint              x,
                                                   guint              y,
                                                   guint              width,
                                                   guint              height);
RDP_AVAILABLE_IN_ALL
void             rdp_session_set_output_suppressed (RdpSession       *self,
                                                    gboolean          suppressed);

RDP_AVAILABLE_IN_ALL
void             rdp_session_disconnect_async     (RdpSession          *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
RDP_AVAILABLE_IN_ALL
gboolean         rdp_session_disconnect_finish    (RdpSession          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
