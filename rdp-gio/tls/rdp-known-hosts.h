/* rdp-known-hosts.h: pinned server certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"

G_BEGIN_DECLS

#define RDP_TYPE_KNOWN_HOSTS (rdp_known_hosts_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpKnownHosts, rdp_known_hosts, RDP, KNOWN_HOSTS, GObject)

/**
 * RdpKnownHostsClass:
 * @parent_class: the parent class
 *
 * The class of [class@KnownHosts]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
RdpKnownHosts *rdp_known_hosts_new                 (const char       *path);

RDP_AVAILABLE_IN_ALL
const char    *rdp_known_hosts_get_path            (RdpKnownHosts    *self);

RDP_AVAILABLE_IN_ALL
char          *rdp_known_hosts_lookup              (RdpKnownHosts    *self,
                                                    const char       *host,
                                                    guint16           port,
                                                    GError          **error);
RDP_AVAILABLE_IN_ALL
gboolean       rdp_known_hosts_add                 (RdpKnownHosts    *self,
                                                    const char       *host,
                                                    guint16           port,
                                                    GTlsCertificate  *certificate,
                                                    GError          **error);
RDP_AVAILABLE_IN_ALL
gboolean       rdp_known_hosts_add_fingerprint     (RdpKnownHosts    *self,
                                                    const char       *host,
                                                    guint16           port,
                                                    const char       *fingerprint,
                                                    GError          **error);
RDP_AVAILABLE_IN_ALL
gboolean       rdp_known_hosts_remove              (RdpKnownHosts    *self,
                                                    const char       *host,
                                                    guint16           port,
                                                    GError          **error);
RDP_AVAILABLE_IN_ALL
guint          rdp_known_hosts_get_n_skipped_lines (RdpKnownHosts    *self);

G_END_DECLS
