/* rdp-network-request.h: one Kerberos message for a KDC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-enums.h"

G_BEGIN_DECLS

#define RDP_TYPE_NETWORK_REQUEST (rdp_network_request_get_type ())

typedef struct _RdpNetworkRequest RdpNetworkRequest;

RDP_AVAILABLE_IN_ALL
GType               rdp_network_request_get_type             (void) G_GNUC_CONST;

RDP_AVAILABLE_IN_ALL
RdpNetworkRequest  *rdp_network_request_new                  (RdpNetworkProtocol  protocol,
                                                              GUri               *url,
                                                              const char         *realm,
                                                              GBytes             *kerberos_message);
RDP_AVAILABLE_IN_ALL
RdpNetworkRequest  *rdp_network_request_ref                  (RdpNetworkRequest  *self);
RDP_AVAILABLE_IN_ALL
void                rdp_network_request_unref                (RdpNetworkRequest  *self);

RDP_AVAILABLE_IN_ALL
RdpNetworkProtocol  rdp_network_request_get_protocol         (RdpNetworkRequest  *self);
RDP_AVAILABLE_IN_ALL
GUri               *rdp_network_request_get_url              (RdpNetworkRequest  *self);
RDP_AVAILABLE_IN_ALL
const char         *rdp_network_request_get_realm            (RdpNetworkRequest  *self);
RDP_AVAILABLE_IN_ALL
GBytes             *rdp_network_request_get_kerberos_message (RdpNetworkRequest  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpNetworkRequest, rdp_network_request_unref)

G_END_DECLS
