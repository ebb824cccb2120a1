/* rdp-pdu-size-private.h: frame sizing for the read hints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-enums.h"
#include "rdp-pdu-size.h"

G_BEGIN_DECLS

gssize rdp_find_credssp_size (const guint8 *data,
                              gsize         length,
                              GError      **error);

const char *rdp_action_describe (RdpAction action);

G_END_DECLS
