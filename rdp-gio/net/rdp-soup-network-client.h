/* rdp-soup-network-client.h: rdp-gio's network client: a KDC proxy over
 * libsoup, a KDC over TCP and UDP with GIO
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rdp-version.h"
#include "rdp-network-client.h"

G_BEGIN_DECLS

#define RDP_TYPE_SOUP_NETWORK_CLIENT (rdp_soup_network_client_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpSoupNetworkClient, rdp_soup_network_client, RDP, SOUP_NETWORK_CLIENT, GObject)

RDP_AVAILABLE_IN_ALL
RdpNetworkClient *rdp_soup_network_client_new         (SoupSession           *session);
RDP_AVAILABLE_IN_ALL
SoupSession      *rdp_soup_network_client_create_session (void);

RDP_AVAILABLE_IN_ALL
SoupSession      *rdp_soup_network_client_get_session (RdpSoupNetworkClient  *self);
RDP_AVAILABLE_IN_ALL
guint             rdp_soup_network_client_get_timeout (RdpSoupNetworkClient  *self);
RDP_AVAILABLE_IN_ALL
void              rdp_soup_network_client_set_timeout (RdpSoupNetworkClient  *self,
                                                       guint                  timeout);

G_END_DECLS
