/* rdp-session-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-session.h"
#include "rdp-framed.h"
#include "rdp-connector.h"
#include "rdp-connection-result.h"

G_BEGIN_DECLS

/* A session over a connection that @connector brought to the active stage
 * on @framed; it starts reading on the thread-default main context of the
 * caller. NULL with @error when the result's desktop cannot be made. */
RdpSession *rdp_session_new (RdpFramed           *framed,
                             RdpConnector        *connector,
                             RdpConnectionResult *result,
                             GError             **error);

G_END_DECLS
