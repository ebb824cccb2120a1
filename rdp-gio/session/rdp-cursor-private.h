/* rdp-cursor-private.h: the image of a pointer update, from its XOR and AND
 * masks to ARGB32 pixels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pointer-private.h"

G_BEGIN_DECLS

/* Decodes the image of @pointer (a COLOR, NEW or LARGE update) into @argb:
 * width × height words 0xAARRGGBB in native byte order, premultiplied
 * alpha (cairo ARGB32, GDK B8G8R8A8_PREMULTIPLIED on little-endian), rows
 * top-down, no padding.
 *
 * The rules are FreeRDP 2's (freerdp_image_copy_from_pointer_data), so that
 * a pointer looks the same in both, pixel for pixel:
 * - the masks are bottom-up, except at 1 bpp, where both are top-down;
 * - 1 bpp: AND 0 XOR 0 black, AND 0 XOR 1 white, AND 1 XOR 0 transparent,
 *   AND 1 XOR 1 (inverted: the screen under it, which a client cannot do)
 *   a checkerboard of white (x + y even) and black (x + y odd);
 * - 4 and 8 bpp index @palette; 16 bpp is 5-5-5 (FreeRDP's reading, the
 *   top bit ignored); 24 bpp B, G, R bytes; 32 bpp B, G, R, A bytes, with
 *   the alpha kept (24 bpp and below are opaque);
 * - where the AND bit is 1, an opaque black XOR pixel is transparent, an
 *   opaque white one inverted (the checkerboard), any other colour shown;
 * - without an AND mask (and_size 0) every AND bit is 0.
 * 4 bpp is this codec's addition (FreeRDP 2 refuses it), by the same rules.
 *
 * @palette: for 4 and 8 bpp, 256 words 0xFFRRGGBB (the session's palette);
 * may be NULL for other depths. Fails with RDP_ERROR_INVALID_DATA when the
 * masks' sizes do not fit the pointer's or a 4/8 bpp pointer comes without
 * a palette. */
gboolean rdp_cursor_decode (const RdpPointerUpdate *pointer,
                            const guint32          *palette,
                            guint32                *argb,
                            GError                **error);

G_END_DECLS
