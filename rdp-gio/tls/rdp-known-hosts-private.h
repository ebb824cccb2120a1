/* rdp-known-hosts-private.h: the lookup of the TLS upgrade
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-known-hosts.h"

G_BEGIN_DECLS

/* rdp_known_hosts_lookup() without blocking the caller's main context. */
void  rdp_known_hosts_lookup_async  (RdpKnownHosts        *self,
                                     const char           *host,
                                     guint16               port,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char *rdp_known_hosts_lookup_finish (RdpKnownHosts        *self,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
