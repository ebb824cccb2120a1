/* rdp-gio-display.h: a GTK 4 widget that shows and drives an RdpSession
 *
 * Part of the rdp-gio-viewer example; copy it into your application (see
 * the comment at the top of rdp-gio-display.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <rdp-gio.h>

G_BEGIN_DECLS

#define RDP_GIO_TYPE_DISPLAY (rdp_gio_display_get_type ())
G_DECLARE_FINAL_TYPE (RdpGioDisplay, rdp_gio_display, RDP_GIO, DISPLAY, GtkWidget)

GtkWidget  *rdp_gio_display_new         (void);
void        rdp_gio_display_set_session (RdpGioDisplay *self,
                                         RdpSession    *session);
RdpSession *rdp_gio_display_get_session (RdpGioDisplay *self);

/* The set-1 scancode (extended keys as 0xE0nn, Pause as 0xE11D) of a Linux
 * evdev key code, or 0 if there is none. */
guint       rdp_gio_evdev_to_scancode   (guint          evdev_code);

G_END_DECLS
