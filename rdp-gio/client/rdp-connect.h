/* rdp-connect.h: drivers that run an RdpConnector over an RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-framed.h"
#include "rdp-connector.h"
#include "rdp-connection-result.h"
#include "rdp-network-client.h"

G_BEGIN_DECLS

RDP_AVAILABLE_IN_ALL
void                 rdp_connect_begin_async     (RdpFramed            *framed,
                                                  RdpConnector         *connector,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
RDP_AVAILABLE_IN_ALL
gboolean             rdp_connect_begin_finish    (GAsyncResult         *result,
                                                  GError              **error);

RDP_AVAILABLE_IN_ALL
void                 rdp_connect_finalize_async  (RdpFramed            *framed,
                                                  RdpConnector         *connector,
                                                  GBytes               *server_public_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_connect_finalize_finish (GAsyncResult         *result,
                                                  GError              **error);
RDP_AVAILABLE_IN_ALL
void                 rdp_connect_finalize_full_async (RdpFramed            *framed,
                                                      RdpConnector         *connector,
                                                      GBytes               *server_public_key,
                                                      RdpNetworkClient     *network_client,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);

RDP_AVAILABLE_IN_ALL
gboolean             rdp_connect_begin           (RdpFramed            *framed,
                                                  RdpConnector         *connector,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_connect_finalize        (RdpFramed            *framed,
                                                  RdpConnector         *connector,
                                                  GBytes               *server_public_key,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_connect_finalize_full   (RdpFramed            *framed,
                                                  RdpConnector         *connector,
                                                  GBytes               *server_public_key,
                                                  RdpNetworkClient     *network_client,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
