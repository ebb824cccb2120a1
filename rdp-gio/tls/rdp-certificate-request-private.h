/* rdp-certificate-request-private.h: how the verifier asks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-certificate-request.h"
#include "rdp-known-hosts.h"

G_BEGIN_DECLS

/* A question about @certificate; @task (a boolean task, whose cancellable
 * and main context the request follows) is completed by the answer:
 * TRUE to accept (after pinning the certificate in @known_hosts if asked
 * to), FALSE to reject, G_IO_ERROR_CANCELLED when its cancellable is
 * cancelled first. A request dropped unanswered rejects. */
RdpCertificateRequest *rdp_certificate_request_new        (GTask                 *task,
                                                           const char            *host,
                                                           guint16                port,
                                                           GTlsCertificate       *certificate,
                                                           GTlsCertificateFlags   errors,
                                                           const char            *known_fingerprint,
                                                           RdpKnownHosts         *known_hosts);
/* Takes the task back from a request nobody answered (it is finished
 * then, without "cancelled"), or NULL if it was answered already. */
GTask                 *rdp_certificate_request_steal_task (RdpCertificateRequest *self);

G_END_DECLS
