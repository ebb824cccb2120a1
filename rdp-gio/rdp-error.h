/* rdp-error.h: the RDP_ERROR domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib.h>

#include "rdp-version.h"

G_BEGIN_DECLS

/**
 * RDP_ERROR:
 *
 * The error domain of rdp-gio. Errors of the domains `G_IO_ERROR` and
 * `G_TLS_ERROR` are passed through unchanged.
 */
#define RDP_ERROR (rdp_error_quark ())

/**
 * RdpError:
 * @RDP_ERROR_FAILED: a failure that no other code describes
 * @RDP_ERROR_INVALID_DATA: the peer sent bytes that are not a well-formed
 *   PDU: a bad header, a length out of range, or a frame larger than allowed
 * @RDP_ERROR_UNEXPECTED_PDU: a well-formed PDU arrived that is not of the
 *   kind the read asked for; it stays buffered for the next read
 * @RDP_ERROR_CERTIFICATE_CHANGED: the server presented a certificate other
 *   than the one pinned for it in the [class@KnownHosts] store; the message
 *   names both SHA-256 fingerprints, and
 *   [func@tls_error_get_certificate_change] gets them and the certificate
 * @RDP_ERROR_CERTIFICATE_REJECTED: the application's
 *   [class@CertificateVerifier] refused the server certificate
 * @RDP_ERROR_NEGOTIATION_FAILED: the server refused the security protocols
 *   the client offered (an `RDP_NEG_FAILURE`, or a reply that selects a
 *   protocol the client did not offer); the message names the reason
 * @RDP_ERROR_NLA_REQUIRED: the server requires Network Level Authentication
 *   (CredSSP), which the settings do not allow
 * @RDP_ERROR_NOT_SUPPORTED: the server asked for something that rdp-gio
 *   does not implement (for instance Standard RDP Security with RC4
 *   encryption); the message names it
 * @RDP_ERROR_DISCONNECTED: the server ended the connection during the
 *   connection sequence (an MCS Disconnect Provider Ultimatum, or a Set
 *   Error Info PDU naming the reason)
 * @RDP_ERROR_AUTHENTICATION_FAILED: Network Level Authentication failed:
 *   the server refused the credentials (a wrong password, a locked,
 *   disabled or expired account, a password that must be changed, …); the
 *   message names the reason when the server gave one.
 * @RDP_ERROR_SERVER_KEY_MISMATCH: during Network Level Authentication the
 *   server could not prove that it holds the private key of the certificate
 *   it presented: a possible man-in-the-middle. No credentials were sent.
 *
 * Error codes of the %RDP_ERROR domain.
 */
typedef enum {
  RDP_ERROR_FAILED,
  RDP_ERROR_INVALID_DATA,
  RDP_ERROR_UNEXPECTED_PDU,
  RDP_ERROR_CERTIFICATE_CHANGED,
  RDP_ERROR_CERTIFICATE_REJECTED,
  RDP_ERROR_NEGOTIATION_FAILED,
  RDP_ERROR_NLA_REQUIRED,
  RDP_ERROR_NOT_SUPPORTED,
  RDP_ERROR_DISCONNECTED,
  RDP_ERROR_AUTHENTICATION_FAILED,
  RDP_ERROR_SERVER_KEY_MISMATCH,
} RdpError;

RDP_AVAILABLE_IN_ALL
GQuark      rdp_error_quark       (void);

RDP_AVAILABLE_IN_ALL
const char *rdp_error_get_summary (const GError *error);

G_END_DECLS
