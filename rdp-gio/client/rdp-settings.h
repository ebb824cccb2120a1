/* rdp-settings.h: what a client asks of an RDP connection
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
#include "rdp-certificate-verifier.h"

G_BEGIN_DECLS

/**
 * RDP_SETTINGS_MAX_CLIENT_NAME:
 *
 * The longest client name, in characters, that [property@Settings:client-name]
 * accepts (the protocol has room for 15 and a terminator).
 */
#define RDP_SETTINGS_MAX_CLIENT_NAME 15

#define RDP_TYPE_SETTINGS (rdp_settings_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpSettings, rdp_settings, RDP, SETTINGS, GObject)

/**
 * RdpSettingsClass:
 * @parent_class: the parent class
 *
 * The class of [class@Settings]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
RdpSettings *rdp_settings_new      (void);
RDP_AVAILABLE_IN_ALL
gboolean     rdp_settings_validate (RdpSettings  *self,
                                    GError      **error);

RDP_AVAILABLE_IN_ALL
const char  *rdp_settings_get_username (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_username (RdpSettings *self,
                                        const char  *username);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_password (RdpSettings *self,
                                        const char  *password);
RDP_AVAILABLE_IN_ALL
const char  *rdp_settings_get_domain   (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_domain   (RdpSettings *self,
                                        const char  *domain);

RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_desktop_width (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_desktop_width (RdpSettings *self,
                                        guint        width);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_desktop_height (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_desktop_height (RdpSettings *self,
                                        guint        height);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_color_depth (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_color_depth (RdpSettings *self,
                                        guint        depth);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_keyboard_layout (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_keyboard_layout (RdpSettings *self,
                                        guint        layout);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_keyboard_type (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_keyboard_type (RdpSettings *self,
                                        guint        type);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_keyboard_subtype (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_keyboard_subtype (RdpSettings *self,
                                        guint        subtype);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_keyboard_function_keys (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_keyboard_function_keys (RdpSettings *self,
                                        guint        count);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_client_build (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_client_build (RdpSettings *self,
                                        guint        build);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_performance_flags (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_performance_flags (RdpSettings *self,
                                        guint        flags);
RDP_AVAILABLE_IN_ALL
guint        rdp_settings_get_connect_timeout (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_connect_timeout (RdpSettings *self,
                                        guint        seconds);
RDP_AVAILABLE_IN_ALL
const char  *rdp_settings_get_client_name   (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_client_name   (RdpSettings *self,
                                             const char  *name);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_desktop_size  (RdpSettings *self,
                                             guint        width,
                                             guint        height);
RDP_AVAILABLE_IN_ALL
const char * const *rdp_settings_get_static_channels (RdpSettings        *self);
RDP_AVAILABLE_IN_ALL
void                rdp_settings_set_static_channels (RdpSettings        *self,
                                                      const char * const *channels);

RDP_AVAILABLE_IN_ALL
const char  *rdp_settings_get_kdc_proxy_url (RdpSettings *self);
RDP_AVAILABLE_IN_ALL
void         rdp_settings_set_kdc_proxy_url (RdpSettings *self,
                                             const char  *url);

RDP_AVAILABLE_IN_ALL
RdpSecurityProtocol rdp_settings_get_security_protocols (RdpSettings         *self);
RDP_AVAILABLE_IN_ALL
void                rdp_settings_set_security_protocols (RdpSettings         *self,
                                                         RdpSecurityProtocol  protocols);

RDP_AVAILABLE_IN_ALL
RdpBitmapCodecs rdp_settings_get_bitmap_codecs (RdpSettings     *self);
RDP_AVAILABLE_IN_ALL
void            rdp_settings_set_bitmap_codecs (RdpSettings     *self,
                                                RdpBitmapCodecs  codecs);

RDP_AVAILABLE_IN_ALL
RdpCertificateVerifier *rdp_settings_get_certificate_verifier (RdpSettings            *self);
RDP_AVAILABLE_IN_ALL
void                    rdp_settings_set_certificate_verifier (RdpSettings            *self,
                                                               RdpCertificateVerifier *verifier);

G_END_DECLS
