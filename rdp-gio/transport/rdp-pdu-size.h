/* rdp-pdu-size.h: finding where an RDP PDU ends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(RDP_GIO_INSIDE) && !defined(RDP_GIO_COMPILATION)
#error "Only <rdp-gio.h> can be included directly."
#endif

#include <glib.h>

#include "rdp-version.h"
#include "rdp-enums.h"

G_BEGIN_DECLS

/**
 * RDP_FRAMED_MAX_CREDSSP_SIZE:
 *
 * The largest CredSSP `TSRequest`, in bytes, that %RDP_PDU_HINT_CREDSSP
 * accepts. A larger length is refused with %RDP_ERROR_INVALID_DATA before
 * anything is allocated for it.
 */
#define RDP_FRAMED_MAX_CREDSSP_SIZE (256 * 1024)

/**
 * RDP_FRAMED_MAX_FRAME_SIZE:
 *
 * The largest frame, in bytes, that a caller-supplied #RdpPduSizeFunc or
 * rdp_framed_read_exact() may ask for. Larger requests fail with
 * %RDP_ERROR_INVALID_DATA.
 */
#define RDP_FRAMED_MAX_FRAME_SIZE (16 * 1024 * 1024)

/**
 * RdpPduSizeFunc:
 * @data: (array length=length): the bytes buffered so far, starting at the
 *   first byte of the next frame
 * @length: the number of bytes in @data, at least 1
 * @user_data: the data passed along with the function
 * @error: return location for a #GError
 *
 * Tells how long the frame at the start of @data is.
 *
 * It must not keep @data, and it must return the same answer for the same
 * bytes: rdp-gio may call it again after more bytes arrived.
 *
 * Returns: the whole frame's length in bytes (header included) when it is
 *   known, 0 when more bytes are needed to know it, or -1 with @error set when
 *   the bytes cannot start a frame
 */
typedef gssize (*RdpPduSizeFunc) (const guint8 *data,
                                  gsize         length,
                                  gpointer      user_data,
                                  GError      **error);

/**
 * RdpPduFunc:
 * @data: (array length=length): one whole PDU, header included; valid only
 *   until the function returns
 * @length: the PDU's length
 * @action: whether it is an X.224 or a fast-path PDU
 * @user_data: the data passed along with the function
 *
 * Handles one PDU that rdp_framed_read_each_pdu() found in its buffer.
 *
 * Returns: %TRUE to go on to the next buffered PDU, %FALSE to stop after
 *   this one
 */
typedef gboolean (*RdpPduFunc) (const guint8 *data,
                                gsize         length,
                                RdpAction     action,
                                gpointer      user_data);

RDP_AVAILABLE_IN_ALL
gssize rdp_find_pdu_size (const guint8 *data,
                          gsize         length,
                          RdpAction    *out_action,
                          GError      **error);

G_END_DECLS
