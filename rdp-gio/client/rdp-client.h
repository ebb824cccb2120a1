/* rdp-client.h: connecting to an RDP server
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
#include "rdp-settings.h"
#include "rdp-session.h"
#include "rdp-network-client.h"
#include "rdp-framed.h"
#include "rdp-connection-result.h"

G_BEGIN_DECLS

#define RDP_TYPE_CLIENT (rdp_client_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpClient, rdp_client, RDP, CLIENT, GObject)

/**
 * RdpClientClass:
 * @parent_class: the parent class
 *
 * The class of [class@Client]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
RdpClient           *rdp_client_new            (RdpSettings          *settings);
RDP_AVAILABLE_IN_ALL
RdpSettings         *rdp_client_get_settings   (RdpClient            *self);

RDP_AVAILABLE_IN_ALL
void                 rdp_client_connect_async  (RdpClient            *self,
                                                const char           *host,
                                                guint16               port,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_client_connect_finish (RdpClient            *self,
                                                GAsyncResult         *result,
                                                GError              **error);
RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_client_connect        (RdpClient            *self,
                                                const char           *host,
                                                guint16               port,
                                                GCancellable         *cancellable,
                                                GError              **error);

RDP_AVAILABLE_IN_ALL
RdpFramed           *rdp_client_get_framed     (RdpClient            *self);

RDP_AVAILABLE_IN_ALL
RdpSession          *rdp_client_get_session    (RdpClient            *self);
RDP_AVAILABLE_IN_ALL
RdpNetworkClient    *rdp_client_get_network_client (RdpClient        *self);
RDP_AVAILABLE_IN_ALL
void                 rdp_client_set_network_client (RdpClient        *self,
                                                    RdpNetworkClient *network_client);

G_END_DECLS
