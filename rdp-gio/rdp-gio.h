/* rdp-gio.h: the one header applications include
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define RDP_GIO_INSIDE

#include <gio/gio.h>

#include "rdp-version.h"
#include "rdp-enums.h"
#include "rdp-enum-types.h"
#include "rdp-error.h"
#include "rdp-pdu-size.h"
#include "rdp-framed.h"
#include "rdp-framed-reader.h"
#include "rdp-framed-writer.h"
#include "rdp-known-hosts.h"
#include "rdp-certificate-request.h"
#include "rdp-certificate-verifier.h"
#include "rdp-tls.h"
#include "rdp-settings.h"
#include "rdp-connection-result.h"
#include "rdp-framebuffer.h"
#include "rdp-pointer-shape.h"
#include "rdp-connector.h"
#include "rdp-connect.h"
#include "rdp-session.h"
#include "rdp-client.h"
#include "rdp-network-request.h"
#include "rdp-network-client.h"
#if RDP_HAS_SOUP_NETWORK_CLIENT
#include "rdp-soup-network-client.h"
#endif

#undef RDP_GIO_INSIDE
