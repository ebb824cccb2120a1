/* rdp-framebuffer.h: the remote desktop's pixels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib-object.h>

#include "rdp-version.h"

G_BEGIN_DECLS

#define RDP_TYPE_FRAMEBUFFER (rdp_framebuffer_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpFramebuffer, rdp_framebuffer, RDP, FRAMEBUFFER, GObject)

RDP_AVAILABLE_IN_ALL
guint         rdp_framebuffer_get_width  (RdpFramebuffer *self);
RDP_AVAILABLE_IN_ALL
guint         rdp_framebuffer_get_height (RdpFramebuffer *self);
RDP_AVAILABLE_IN_ALL
gsize         rdp_framebuffer_get_stride (RdpFramebuffer *self);
RDP_AVAILABLE_IN_ALL
const guint8 *rdp_framebuffer_get_data   (RdpFramebuffer *self);
RDP_AVAILABLE_IN_ALL
GBytes       *rdp_framebuffer_get_pixels (RdpFramebuffer *self);
RDP_AVAILABLE_IN_ALL
GBytes       *rdp_framebuffer_copy_area  (RdpFramebuffer *self,
                                          guint           x,
                                          guint           y,
                                          guint           width,
                                          guint           height);

G_END_DECLS
