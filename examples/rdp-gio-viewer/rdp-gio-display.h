/* rdp-gio-display.h: a GTK 4 widget that shows an RdpSession and drives it
 *
 * Copy it into an application (it uses only rdp-gio's and GTK's public
 * API).
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

/* The set-1 scancode (0xE0nn for extended keys) of a Linux evdev key code,
 * or 0 when there is none. */
guint       rdp_gio_evdev_to_scancode   (guint evdev);

G_END_DECLS
