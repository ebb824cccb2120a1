/* rdp-certificate-utils-private.h: fingerprints and public keys of
 * certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The leaf of the TLS layer: the TLS upgrade and the known hosts both use
 * these, and they use neither. */

/* The SHA-256 fingerprint of a DER certificate, as 32 colon-separated pairs
 * of upper-case hex digits. */
char   *rdp_certificate_fingerprint_for_der   (const guint8     *der,
                                               gsize             length);
/* @fingerprint in the form above, or NULL if it is not a SHA-256
 * fingerprint in hex (either case, colons optional). */
char   *rdp_certificate_normalize_fingerprint (const char       *fingerprint);
/* The fingerprint of @certificate's DER encoding, in the form above. */
char   *rdp_certificate_get_fingerprint       (GTlsCertificate  *certificate);
/* The contents of @certificate's subjectPublicKey BIT STRING without its
 * unused-bits octet, or NULL with RDP_ERROR_INVALID_DATA. */
GBytes *rdp_certificate_get_public_key        (GTlsCertificate  *certificate,
                                               GError          **error);

G_END_DECLS
