/* rdp-pointer-shape-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-pointer-shape.h"

G_BEGIN_DECLS

/* Takes @pixels: width × height premultiplied ARGB32 words, top row first. */
RdpPointerShape *rdp_pointer_shape_new (guint   width,
                                        guint   height,
                                        guint   hotspot_x,
                                        guint   hotspot_y,
                                        GBytes *pixels);

G_END_DECLS
