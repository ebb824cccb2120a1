/* rdp-pointer-shape.h: the remote pointer's image
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

#define RDP_TYPE_POINTER_SHAPE (rdp_pointer_shape_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpPointerShape, rdp_pointer_shape, RDP, POINTER_SHAPE, GObject)

RDP_AVAILABLE_IN_ALL
guint   rdp_pointer_shape_get_width     (RdpPointerShape *self);
RDP_AVAILABLE_IN_ALL
guint   rdp_pointer_shape_get_height    (RdpPointerShape *self);
RDP_AVAILABLE_IN_ALL
guint   rdp_pointer_shape_get_hotspot_x (RdpPointerShape *self);
RDP_AVAILABLE_IN_ALL
guint   rdp_pointer_shape_get_hotspot_y (RdpPointerShape *self);
RDP_AVAILABLE_IN_ALL
GBytes *rdp_pointer_shape_get_pixels    (RdpPointerShape *self);

G_END_DECLS
