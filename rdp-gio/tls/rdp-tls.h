/* rdp-tls.h: the TLS security upgrade
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-framed.h"
#include "rdp-certificate-verifier.h"

G_BEGIN_DECLS

RDP_AVAILABLE_IN_ALL
void            rdp_tls_upgrade_async               (GIOStream               *stream,
                                                     GSocketConnectable      *server_identity,
                                                     RdpCertificateVerifier  *verifier,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
RDP_AVAILABLE_IN_ALL
GTlsConnection *rdp_tls_upgrade_finish              (GAsyncResult            *result,
                                                     GBytes                 **out_server_public_key,
                                                     GError                 **error);
RDP_AVAILABLE_IN_ALL
GTlsConnection *rdp_tls_upgrade                     (GIOStream               *stream,
                                                     GSocketConnectable      *server_identity,
                                                     RdpCertificateVerifier  *verifier,
                                                     GBytes                 **out_server_public_key,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);

RDP_AVAILABLE_IN_ALL
void            rdp_tls_upgrade_framed_async        (RdpFramed               *framed,
                                                     GSocketConnectable      *server_identity,
                                                     RdpCertificateVerifier  *verifier,
                                                     GCancellable            *cancellable,
                                                     GAsyncReadyCallback      callback,
                                                     gpointer                 user_data);
RDP_AVAILABLE_IN_ALL
RdpFramed      *rdp_tls_upgrade_framed_finish       (GAsyncResult            *result,
                                                     GBytes                 **out_server_public_key,
                                                     GError                 **error);
RDP_AVAILABLE_IN_ALL
RdpFramed      *rdp_tls_upgrade_framed              (RdpFramed               *framed,
                                                     GSocketConnectable      *server_identity,
                                                     RdpCertificateVerifier  *verifier,
                                                     GBytes                 **out_server_public_key,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);

RDP_AVAILABLE_IN_ALL
GBytes         *rdp_tls_get_server_public_key       (GTlsCertificate         *certificate,
                                                     GError                 **error);
RDP_AVAILABLE_IN_ALL
char           *rdp_tls_get_certificate_fingerprint (GTlsCertificate         *certificate);
RDP_AVAILABLE_IN_ALL
gboolean        rdp_tls_error_get_certificate_change (const GError       *error,
                                                      char              **out_known_fingerprint,
                                                      char              **out_presented_fingerprint,
                                                      GTlsCertificate   **out_certificate);
RDP_AVAILABLE_IN_ALL
gboolean        rdp_tls_error_get_certificate       (const GError            *error,
                                                     GTlsCertificate        **out_certificate,
                                                     char                   **out_fingerprint);
RDP_AVAILABLE_IN_ALL
GBytes         *rdp_tls_get_channel_binding         (GTlsConnection          *connection,
                                                     GError                 **error);

G_END_DECLS
