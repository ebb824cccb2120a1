/* rdp-pointer-private.h: sans-I/O codec of the server's pointer updates,
 * slow-path (TS_POINTER_PDU, [MS-RDPBCGR] 2.2.9.1.1.4) and fast-path (the
 * pointer update codes of 2.2.9.1.2.1.5 to 2.2.9.1.2.1.11)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TS_POINTER_PDU messageType */
#define RDP_POINTER_MSGTYPE_SYSTEM   0x0001
#define RDP_POINTER_MSGTYPE_POSITION 0x0003
#define RDP_POINTER_MSGTYPE_COLOR    0x0006
#define RDP_POINTER_MSGTYPE_CACHED   0x0007
#define RDP_POINTER_MSGTYPE_POINTER  0x0008
#define RDP_POINTER_MSGTYPE_LARGE    0x0009

/* TS_SYSTEMPOINTERATTRIBUTE systemPointerType */
#define RDP_POINTER_SYSPTR_NULL    0x00000000
#define RDP_POINTER_SYSPTR_DEFAULT 0x00007f00

/* Fast-path updateCode values of the pointer updates (TS_FP_UPDATE). */
#define RDP_FASTPATH_UPDATETYPE_PTR_NULL      0x5
#define RDP_FASTPATH_UPDATETYPE_PTR_DEFAULT   0x6
#define RDP_FASTPATH_UPDATETYPE_PTR_POSITION  0x8
#define RDP_FASTPATH_UPDATETYPE_COLOR         0x9
#define RDP_FASTPATH_UPDATETYPE_CACHED        0xa
#define RDP_FASTPATH_UPDATETYPE_POINTER       0xb
#define RDP_FASTPATH_UPDATETYPE_LARGE_POINTER 0xc

/* Size limits: TS_COLORPOINTERATTRIBUTE width and height are at most 96
 * (32 when the client did not set LARGE_POINTER_FLAG in the Large Pointer
 * Capability Set: the caller checks that, the codec only the hard limit),
 * TS_LARGEPOINTERATTRIBUTE's at most 384. */
#define RDP_POINTER_MAX_SIZE       96
#define RDP_POINTER_LARGE_MAX_SIZE 384

typedef enum {
  RDP_POINTER_UPDATE_SYSTEM_HIDDEN,   /* SYSPTR_NULL, FASTPATH PTR_NULL */
  RDP_POINTER_UPDATE_SYSTEM_DEFAULT,  /* SYSPTR_DEFAULT, FASTPATH PTR_DEFAULT */
  RDP_POINTER_UPDATE_POSITION,        /* x, y */
  RDP_POINTER_UPDATE_COLOR,           /* a 24 bpp pointer to show and cache at cache_index */
  RDP_POINTER_UPDATE_NEW,             /* a pointer of xor_bpp, shown and cached */
  RDP_POINTER_UPDATE_LARGE,           /* likewise, up to 384 x 384 */
  RDP_POINTER_UPDATE_CACHED,          /* show the pointer cached at cache_index */
} RdpPointerUpdateKind;

/* One pointer update. Which fields are set depends on kind: x and y for
 * POSITION; cache_index for COLOR, NEW, LARGE and CACHED; the rest for
 * COLOR, NEW and LARGE (xor_bpp is 24 for COLOR).
 *
 * The masks point into the parsed data; their sizes are checked against
 * width, height and xor_bpp: every scanline padded to 2 bytes, height
 * scanlines, so xor_size is rdp_pointer_xor_stride() * height and and_size
 * rdp_pointer_and_stride() * height, or 0 when the server sent no AND mask
 * (as FreeRDP, every AND bit is then 0). The hotspot is inside the pointer:
 * a hotspot outside it is moved to 0 (as FreeRDP does; servers send that).
 * A 0 x 0 pointer (both masks empty) is valid: it shows nothing. */
typedef struct {
  RdpPointerUpdateKind kind;
  guint16 x, y;
  guint16 cache_index;
  guint xor_bpp;          /* 1, 4, 8, 16, 24 or 32 */
  guint16 hotspot_x, hotspot_y;
  guint16 width, height;
  const guint8 *xor_mask;
  gsize xor_size;
  const guint8 *and_mask;
  gsize and_size;
} RdpPointerUpdate;

/* Bytes per scanline of the masks (padded to 2 bytes). */
gsize    rdp_pointer_xor_stride (guint xor_bpp,
                                 guint width);
gsize    rdp_pointer_and_stride (guint width);

/* A whole TS_POINTER_PDU (the payload of a Share Data PDU of type
 * RDP_SHARE_DATA_POINTER): messageType, pad2Octets, the body. Fails with
 * RDP_ERROR_INVALID_DATA on an unknown messageType or system pointer type,
 * a bad size or length, or bytes after the body (except the optional pad
 * byte of a colour pointer). */
gboolean rdp_pointer_update_parse_slow_path (const guint8      *data,
                                             gsize              size,
                                             RdpPointerUpdate  *out,
                                             GError           **error);
/* The body of a fast-path pointer update (updateData, size bytes) of the
 * given updateCode (RDP_FASTPATH_UPDATETYPE_PTR_NULL ... _LARGE_POINTER). */
gboolean rdp_pointer_update_parse_fast_path (guint              update_code,
                                             const guint8      *data,
                                             gsize              size,
                                             RdpPointerUpdate  *out,
                                             GError           **error);

G_END_DECLS
