/* rdp-connector.h: the client connection sequence as a sans-I/O state
 * machine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib-object.h>

#include "rdp-version.h"
#include "rdp-enums.h"
#include "rdp-connection-result.h"

G_BEGIN_DECLS

/* RdpSettings is declared with the settings (a GIO-level type); the
 * connector only needs its name here, so that this header builds in the
 * sans-I/O library. */
typedef struct _RdpSettings RdpSettings;

#define RDP_TYPE_CONNECTOR (rdp_connector_get_type ())

RDP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (RdpConnector, rdp_connector, RDP, CONNECTOR, GObject)

/**
 * RdpConnectorClass:
 * @parent_class: the parent class
 *
 * The class of [class@Connector]. The type is final: it cannot be subclassed,
 * and its class has no virtual functions.
 */

RDP_AVAILABLE_IN_ALL
RdpConnector        *rdp_connector_new                     (RdpSettings  *settings);
RDP_AVAILABLE_IN_ALL
void                 rdp_connector_set_client_address      (RdpConnector *self,
                                                            const char   *address);

RDP_AVAILABLE_IN_ALL
void                 rdp_connector_set_server_name         (RdpConnector *self,
                                                            const char   *name);

RDP_AVAILABLE_IN_ALL
RdpConnectorState    rdp_connector_get_state               (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
gboolean             rdp_connector_wants_input             (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
RdpPduHint           rdp_connector_get_pdu_hint            (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
GBytes              *rdp_connector_step                    (RdpConnector  *self,
                                                            GBytes        *input,
                                                            GError       **error);

RDP_AVAILABLE_IN_ALL
gboolean             rdp_connector_should_upgrade_security (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
void                 rdp_connector_mark_as_upgraded        (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
gboolean             rdp_connector_should_perform_credssp  (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
void                 rdp_connector_mark_credssp_done       (RdpConnector *self);

RDP_AVAILABLE_IN_ALL
gboolean             rdp_connector_handle_deactivate_all   (RdpConnector  *self,
                                                            GBytes        *pdu,
                                                            GError       **error);

RDP_AVAILABLE_IN_ALL
RdpSecurityProtocol  rdp_connector_get_selected_protocol   (RdpConnector *self);
RDP_AVAILABLE_IN_ALL
RdpConnectionResult *rdp_connector_get_result              (RdpConnector *self);

G_END_DECLS
