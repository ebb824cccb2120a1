/* rdp-certificate-request.h: a question about a server certificate, for
 * the application to answer
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

G_BEGIN_DECLS

#define RDP_TYPE_CERTIFICATE_REQUEST (rdp_certificate_request_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpCertificateRequest, rdp_certificate_request, RDP, CERTIFICATE_REQUEST, GObject)

RDP_AVAILABLE_IN_ALL
const char                  *rdp_certificate_request_get_host              (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
guint16                      rdp_certificate_request_get_port              (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
GTlsCertificate             *rdp_certificate_request_get_certificate       (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
GTlsCertificateFlags         rdp_certificate_request_get_errors            (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
char                        *rdp_certificate_request_describe_errors       (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
const char                  *rdp_certificate_request_get_fingerprint       (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
RdpCertificateRequestReason  rdp_certificate_request_get_reason            (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
const char                  *rdp_certificate_request_get_known_fingerprint (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
GCancellable                *rdp_certificate_request_get_cancellable       (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
gboolean                     rdp_certificate_request_is_finished           (RdpCertificateRequest *self);
RDP_AVAILABLE_IN_ALL
gboolean                     rdp_certificate_request_is_cancelled          (RdpCertificateRequest *self);

RDP_AVAILABLE_IN_ALL
void                         rdp_certificate_request_accept                (RdpCertificateRequest *self,
                                                                            gboolean               remember);
RDP_AVAILABLE_IN_ALL
void                         rdp_certificate_request_reject                (RdpCertificateRequest *self);

G_END_DECLS
