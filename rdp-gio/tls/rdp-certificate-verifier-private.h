/* rdp-certificate-verifier-private.h: message helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rdp-certificate-verifier.h"

G_BEGIN_DECLS

/* "host:port", or "[host]:port" for an IPv6 address. */
char *rdp_certificate_verifier_format_server   (const char           *host,
                                                guint16               port);
/* A translated, human-readable list of what @errors says is wrong. */
char *rdp_certificate_verifier_describe_errors (GTlsCertificateFlags  errors);

/* A new G_TLS_ERROR_BAD_CERTIFICATE error for @certificate, whose message
 * names its fingerprint, so that rdp_tls_error_get_certificate() finds
 * them again (see rdp-tls.c). */
GError *rdp_tls_error_new_untrusted (const char           *server,
                                     GTlsCertificate      *certificate,
                                     GTlsCertificateFlags  errors);

/* Whether @self asks about changed certificates too: it has the default
 * verify_async (RdpCertificateVerifier::certificate-request). */
gboolean rdp_certificate_verifier_asks_on_change    (RdpCertificateVerifier *self);
/* Asks about a changed certificate, as verify_async does about an untrusted
 * one; finish with rdp_certificate_verifier_verify_finish(). Only if
 * rdp_certificate_verifier_asks_on_change(). */
void     rdp_certificate_verifier_ask_changed_async (RdpCertificateVerifier *self,
                                                     const char             *host,
                                                     guint16                 port,
                                                     GTlsCertificate        *certificate,
                                                     GTlsCertificateFlags    errors,
                                                     const char             *known_fingerprint,
                                                     GCancellable           *cancellable,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);

G_END_DECLS
