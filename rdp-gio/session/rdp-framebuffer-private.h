/* rdp-framebuffer-private.h: what the active stage does to a framebuffer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-framebuffer.h"

G_BEGIN_DECLS

/* The largest desktop a server may ask for ([MS-RDPBCGR] 2.2.1.3.2 allows
 * 32766 x 32766; a framebuffer of that size would be 4 GiB, so the limit
 * is what a monitor wall needs and no more): 16384 x 16384 (1 GiB). */
#define RDP_FRAMEBUFFER_MAX_SIDE 16384

typedef struct {
  guint x, y, width, height;
} RdpRect;

/* A black framebuffer, with no damage; NULL (RDP_ERROR_INVALID_DATA) for a zero or
 * too-large size. */
RdpFramebuffer *rdp_framebuffer_new          (guint            width,
                                              guint            height,
                                              GError         **error);
/* Resizes to a black framebuffer (the whole of it damaged). */
gboolean        rdp_framebuffer_resize       (RdpFramebuffer  *self,
                                              guint            width,
                                              guint            height,
                                              GError         **error);
guint8         *rdp_framebuffer_get_data_mut (RdpFramebuffer  *self);
/* Clips @rect to the framebuffer; FALSE when nothing of it is inside. */
gboolean        rdp_framebuffer_clip         (RdpFramebuffer  *self,
                                              RdpRect         *rect);
/* Adds @rect (clipped) to the damage: the bounding box of what changed
 * since the last rdp_framebuffer_take_damage(). */
void            rdp_framebuffer_add_damage   (RdpFramebuffer  *self,
                                              const RdpRect   *rect);
/* Takes the damage; FALSE when there is none. */
gboolean        rdp_framebuffer_take_damage  (RdpFramebuffer  *self,
                                              RdpRect         *out_rect);
/* Copies @width x @height pixels (0xAARRGGBB words, @src_stride bytes from
 * one row to the next: negative for a bottom-up image, @src then pointing
 * at its last row) to (@x, @y), clipped, and damages them (the decoders
 * give alpha 0xFF: the desktop is opaque). */
void            rdp_framebuffer_blit         (RdpFramebuffer  *self,
                                              guint            x,
                                              guint            y,
                                              const guint8    *src,
                                              gssize           src_stride,
                                              guint            width,
                                              guint            height);

G_END_DECLS
