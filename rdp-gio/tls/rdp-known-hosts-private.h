/* rdp-known-hosts-private.h: fingerprints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SHA-256 fingerprint of a DER certificate, as 32 colon-separated pairs
 * of upper-case hex digits. */
char *rdp_known_hosts_fingerprint_for_der    (const guint8 *der,
                                              gsize         length);
/* @fingerprint in the form above, or NULL if it is not a SHA-256
 * fingerprint in hex (either case, colons optional). */
char *rdp_known_hosts_normalize_fingerprint  (const char   *fingerprint);

G_END_DECLS
