/* rdp-certificate-verifier-private.h: message helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "host:port", or "[host]:port" for an IPv6 address. */
char *rdp_certificate_verifier_format_server   (const char           *host,
                                                guint16               port);
/* A translated, human-readable list of what @errors says is wrong. */
char *rdp_certificate_verifier_describe_errors (GTlsCertificateFlags  errors);

G_END_DECLS
