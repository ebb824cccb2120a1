/* rdp-network-client.h: sends Kerberos messages to a KDC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-network-request.h"

G_BEGIN_DECLS

#define RDP_TYPE_NETWORK_CLIENT (rdp_network_client_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (RdpNetworkClient, rdp_network_client, RDP, NETWORK_CLIENT, GObject)

/**
 * RdpNetworkClientInterface:
 * @g_iface: the parent interface
 * @send_async: starts sending a request and receiving the reply
 * @send_finish: finishes @send_async: the bare Kerberos reply
 *
 * The interface of [iface@NetworkClient]. Implementations provide
 * @send_async and @send_finish.
 */
struct _RdpNetworkClientInterface
{
  GTypeInterface g_iface;

  void     (* send_async)  (RdpNetworkClient     *self,
                            RdpNetworkRequest    *request,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  GBytes * (* send_finish) (RdpNetworkClient     *self,
                            GAsyncResult         *result,
                            GError              **error);
};

RDP_AVAILABLE_IN_ALL
void    rdp_network_client_send_async  (RdpNetworkClient     *self,
                                        RdpNetworkRequest    *request,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
RDP_AVAILABLE_IN_ALL
GBytes *rdp_network_client_send_finish (RdpNetworkClient     *self,
                                        GAsyncResult         *result,
                                        GError              **error);
RDP_AVAILABLE_IN_ALL
GBytes *rdp_network_client_send        (RdpNetworkClient     *self,
                                        RdpNetworkRequest    *request,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
