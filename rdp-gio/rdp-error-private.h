/* rdp-error-private.h: details carried by RDP_ERROR errors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Registers the RDP_ERROR domain as an extended error domain (see
 * g_error_domain_register_static()); rdp_error_quark() calls it once. */
GQuark  rdp_error_register_domain           (void);

/* A new RDP_ERROR_CERTIFICATE_CHANGED error with a translated message that
 * names both fingerprints, carrying them and @certificate (a GTlsCertificate: this module
 * is part of the sans-I/O library, which has no GIO). */
GError *rdp_error_new_certificate_changed   (const char       *server,
                                             const char       *known_fingerprint,
                                             const char       *presented_fingerprint,
                                             GObject          *certificate);

/* The details of an RDP_ERROR_CERTIFICATE_CHANGED error, or FALSE if
 * @error is not one or carries none. */
gboolean rdp_error_get_certificate_change   (const GError     *error,
                                             const char      **out_known_fingerprint,
                                             const char      **out_presented_fingerprint,
                                             GObject         **out_certificate);

/* A new RDP_ERROR_CERTIFICATE_REJECTED error (the application refused
 * @certificate), carrying @certificate and its fingerprint. */
GError *rdp_error_new_certificate_rejected  (const char       *server,
                                             const char       *presented_fingerprint,
                                             GObject          *certificate);

/* The presented certificate and its fingerprint that an
 * RDP_ERROR_CERTIFICATE_CHANGED or _REJECTED error carries, or FALSE. */
gboolean rdp_error_get_certificate          (const GError     *error,
                                             const char      **out_presented_fingerprint,
                                             GObject         **out_certificate);

G_END_DECLS
