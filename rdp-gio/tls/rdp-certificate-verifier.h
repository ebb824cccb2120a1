/* rdp-certificate-verifier.h: the application's say on server certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-known-hosts.h"
#include "rdp-certificate-request.h"

G_BEGIN_DECLS

#define RDP_TYPE_CERTIFICATE_VERIFIER (rdp_certificate_verifier_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (RdpCertificateVerifier, rdp_certificate_verifier, RDP, CERTIFICATE_VERIFIER, GObject)

/**
 * RdpCertificateVerifierClass:
 * @parent_class: the parent class
 * @verify_async: starts deciding whether to trust a certificate that neither
 *   the database nor the known hosts vouch for, for example by asking the user
 * @verify_finish: finishes @verify_async: %TRUE to accept the certificate,
 *   %FALSE (optionally with an error that says why) to refuse it
 *
 * The class of [class@CertificateVerifier]. Applications override
 * @verify_async and @verify_finish together.
 */
struct _RdpCertificateVerifierClass
{
  GObjectClass parent_class;

  void     (* verify_async)  (RdpCertificateVerifier  *self,
                              const char              *host,
                              guint16                  port,
                              GTlsCertificate         *certificate,
                              GTlsCertificateFlags     errors,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data);
  gboolean (* verify_finish) (RdpCertificateVerifier  *self,
                              GAsyncResult            *result,
                              GError                 **error);

  /*< private >*/
  gpointer padding[8];
};

RDP_AVAILABLE_IN_ALL
RdpCertificateVerifier *rdp_certificate_verifier_new             (GTlsDatabase            *database,
                                                                  RdpKnownHosts           *known_hosts);
RDP_AVAILABLE_IN_ALL
GTlsDatabase           *rdp_certificate_verifier_get_database    (RdpCertificateVerifier  *self);
RDP_AVAILABLE_IN_ALL
RdpKnownHosts          *rdp_certificate_verifier_get_known_hosts (RdpCertificateVerifier  *self);

RDP_AVAILABLE_IN_ALL
void                    rdp_certificate_verifier_verify_async    (RdpCertificateVerifier  *self,
                                                                  const char              *host,
                                                                  guint16                  port,
                                                                  GTlsCertificate         *certificate,
                                                                  GTlsCertificateFlags     errors,
                                                                  GCancellable            *cancellable,
                                                                  GAsyncReadyCallback      callback,
                                                                  gpointer                 user_data);
RDP_AVAILABLE_IN_ALL
gboolean                rdp_certificate_verifier_verify_finish   (RdpCertificateVerifier  *self,
                                                                  GAsyncResult            *result,
                                                                  GError                 **error);

G_END_DECLS
