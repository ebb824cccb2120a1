/* rdp-connection-result.c: what the connection sequence settled
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connection-result-private.h"

G_DEFINE_BOXED_TYPE (RdpConnectionResult, rdp_connection_result,
                     rdp_connection_result_ref, rdp_connection_result_unref)

static void
result_clear (RdpConnectionResult *self)
{
  g_strfreev (self->static_channel_names);
  g_free (self->static_channel_ids);
}

RdpConnectionResult *
rdp_connection_result_new (void)
{
  RdpConnectionResult *self = g_atomic_rc_box_new0 (RdpConnectionResult);

  self->static_channel_names = g_new0 (char *, 1);
  return self;
}

/**
 * rdp_connection_result_ref:
 * @self: a result
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
RdpConnectionResult *
rdp_connection_result_ref (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

/**
 * rdp_connection_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference, freeing the result with the last one.
 */
void
rdp_connection_result_unref (RdpConnectionResult *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) result_clear);
}

/**
 * rdp_connection_result_get_selected_protocol:
 * @self: a result
 *
 * Gets the security protocol the server selected: exactly one of
 * %RDP_SECURITY_PROTOCOL_STANDARD, %RDP_SECURITY_PROTOCOL_TLS,
 * %RDP_SECURITY_PROTOCOL_HYBRID and %RDP_SECURITY_PROTOCOL_HYBRID_EX.
 *
 * Returns: the protocol in use
 */
RdpSecurityProtocol
rdp_connection_result_get_selected_protocol (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, RDP_SECURITY_PROTOCOL_NONE);
  return self->selected_protocol;
}

/**
 * rdp_connection_result_get_io_channel_id:
 * @self: a result
 *
 * Gets the MCS id of the I/O (global) channel, on which the slow-path
 * Share Data PDUs travel (1003 with every known server).
 *
 * Returns: the channel id
 */
guint16
rdp_connection_result_get_io_channel_id (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->io_channel_id;
}

/**
 * rdp_connection_result_get_user_channel_id:
 * @self: a result
 *
 * Gets the MCS user id the server gave the client (the initiator of every
 * Send Data Request it sends).
 *
 * Returns: the user channel id
 */
guint16
rdp_connection_result_get_user_channel_id (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->user_channel_id;
}

/**
 * rdp_connection_result_get_message_channel_id:
 * @self: a result
 *
 * Gets the MCS id of the message channel (auto-detect and multitransport
 * PDUs), or 0 when the server opened none.
 *
 * Returns: the channel id, or 0
 */
guint16
rdp_connection_result_get_message_channel_id (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->message_channel_id;
}

/**
 * rdp_connection_result_get_static_channel_names:
 * @self: a result
 *
 * Gets the names of the static virtual channels the server opened, in the
 * order of [property@Settings:static-channels].
 *
 * Returns: (transfer none) (array zero-terminated=1): the channel names
 */
const char * const *
rdp_connection_result_get_static_channel_names (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->static_channel_names;
}

/**
 * rdp_connection_result_get_static_channel_id:
 * @self: a result
 * @name: a static virtual channel name, such as `"cliprdr"`
 *
 * Gets the MCS id of a static virtual channel.
 *
 * Returns: the channel id, or 0 when the server did not open the channel
 */
guint16
rdp_connection_result_get_static_channel_id (RdpConnectionResult *self,
                                             const char          *name)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  for (guint i = 0; self->static_channel_names[i]; i++)
    if (g_ascii_strcasecmp (self->static_channel_names[i], name) == 0)
      return self->static_channel_ids[i];
  return 0;
}

/**
 * rdp_connection_result_get_share_id:
 * @self: a result
 *
 * Gets the share id of the Demand Active PDU, which every Share Data PDU
 * of the session carries.
 *
 * Returns: the share id
 */
guint32
rdp_connection_result_get_share_id (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->share_id;
}

/**
 * rdp_connection_result_get_desktop_width:
 * @self: a result
 *
 * Gets the width of the desktop, in pixels, as the server's Bitmap
 * capability set gave it (which may differ from what the client asked for).
 *
 * Returns: the desktop width
 */
guint
rdp_connection_result_get_desktop_width (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->desktop_width;
}

/**
 * rdp_connection_result_get_desktop_height:
 * @self: a result
 *
 * Gets the height of the desktop, in pixels, as the server's Bitmap
 * capability set gave it.
 *
 * Returns: the desktop height
 */
guint
rdp_connection_result_get_desktop_height (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->desktop_height;
}

/**
 * rdp_connection_result_get_color_depth:
 * @self: a result
 *
 * Gets the colour depth of the session in bits per pixel (the server's
 * preferredBitsPerPixel: 8, 15, 16, 24 or 32).
 *
 * Returns: the colour depth
 */
guint
rdp_connection_result_get_color_depth (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->color_depth;
}

/**
 * rdp_connection_result_get_desktop_resize:
 * @self: a result
 *
 * Gets whether the server may resize the desktop during the session
 * (desktopResizeFlag of its Bitmap capability set).
 *
 * Returns: %TRUE when the server supports desktop resizing
 */
gboolean
rdp_connection_result_get_desktop_resize (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->desktop_resize;
}

/**
 * rdp_connection_result_get_fast_path_output:
 * @self: a result
 *
 * Gets whether the server sends its updates as fast-path PDUs
 * (FASTPATH_OUTPUT_SUPPORTED in its General capability set).
 *
 * Returns: %TRUE when fast-path output is in use
 */
gboolean
rdp_connection_result_get_fast_path_output (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fast_path_output;
}

/**
 * rdp_connection_result_get_multifragment_max_size:
 * @self: a result
 *
 * Gets the largest reassembled fast-path update the server will send
 * (its Multifragment Update capability set), or 0 when it sent none.
 *
 * Returns: the size in bytes, or 0
 */
guint32
rdp_connection_result_get_multifragment_max_size (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->multifragment_max_size;
}

/**
 * rdp_connection_result_get_pointer_cache_size:
 * @self: a result
 *
 * Gets the size of the pointer cache the server's Pointer capability set
 * announced, or 0 when it sent none.
 *
 * Returns: the number of cache entries
 */
guint
rdp_connection_result_get_pointer_cache_size (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pointer_cache_size;
}

/**
 * rdp_connection_result_get_surface_commands:
 * @self: a result
 *
 * Gets the cmdFlags of the server's Surface Commands capability set
 * (SURFCMDS_SET_SURFACE_BITS 0x02, SURFCMDS_FRAME_MARKER 0x10,
 * SURFCMDS_STREAM_SURFACE_BITS 0x40), or 0 when it sent none.
 *
 * Returns: the surface command flags
 */
guint32
rdp_connection_result_get_surface_commands (RdpConnectionResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->surface_commands;
}
