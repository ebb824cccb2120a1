/* rdp-connection-result-private.h: how the connector fills in a result
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-connection-result.h"

G_BEGIN_DECLS

struct _RdpConnectionResult {
  RdpSecurityProtocol selected_protocol;
  guint16 io_channel_id;
  guint16 user_channel_id;
  guint16 message_channel_id;
  char **static_channel_names;      /* NULL-terminated, never NULL */
  guint16 *static_channel_ids;      /* same length */
  guint32 share_id;
  guint desktop_width;
  guint desktop_height;
  guint color_depth;
  gboolean desktop_resize;
  gboolean fast_path_output;
  guint32 multifragment_max_size;
  guint pointer_cache_size;
  guint32 surface_commands;
  /* what the active stage needs besides */
  guint16 input_flags;              /* the server's Input set (0: none) */
  gboolean suppress_output;         /* General set: suppressOutputSupport */
  gboolean frame_acknowledge;       /* the server sent a Frame Acknowledge set */
  guint large_pointer_flags;
};

/* A zeroed result (with an empty channel list), reference count 1. */
RdpConnectionResult *rdp_connection_result_new (void);

G_END_DECLS
