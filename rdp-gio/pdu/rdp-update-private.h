/* rdp-update-private.h: sans-I/O codec of the graphics updates of the
 * active stage: bitmap updates ([MS-RDPBCGR] 2.2.9.1.1.3.1.2), palette
 * updates (2.2.9.1.1.3.1.1) and surface commands (2.2.9.2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* TS_UPDATE_* updateType (slow-path, and the first field of fast-path
 * bitmap and palette updates) */
typedef enum {
  RDP_UPDATE_TYPE_ORDERS = 0,
  RDP_UPDATE_TYPE_BITMAP = 1,
  RDP_UPDATE_TYPE_PALETTE = 2,
  RDP_UPDATE_TYPE_SYNCHRONIZE = 3,
} RdpUpdateType;

/* TS_BITMAP_DATA flags */
#define RDP_BITMAP_COMPRESSION         0x0001
#define RDP_NO_BITMAP_COMPRESSION_HDR  0x0400

/* One rectangle of a bitmap update. dest_right and dest_bottom are
 * inclusive. data points into the input, past the compression header
 * (TS_CD_HEADER) when there is one. */
typedef struct {
  guint16 dest_left, dest_top, dest_right, dest_bottom;
  guint16 width, height;
  guint16 bpp;
  guint16 flags;
  gboolean compressed;
  const guint8 *data;
  gsize size;
} RdpBitmapData;

/* Walks TS_UPDATE_BITMAP_DATA: @payload starts at updateType. */
typedef struct {
  RdpPduReader reader;
  guint remaining;
} RdpBitmapIter;

gboolean rdp_bitmap_iter_init (RdpBitmapIter *iter,
                               const guint8  *payload,
                               gsize          length,
                               GError       **error);
gboolean rdp_bitmap_iter_next (RdpBitmapIter *iter,
                               RdpBitmapData *out,
                               GError       **error);

/* TS_UPDATE_PALETTE_DATA (from updateType on): at most 256 colours, as
 * 0xFFRRGGBB words; colours not given stay black. */
gboolean rdp_palette_update_parse (const guint8 *payload,
                                   gsize         length,
                                   guint32       out_palette[256],
                                   GError      **error);

/* Surface commands */
typedef enum {
  RDP_SURFCMD_SET_SURFACE_BITS = 0x0001,
  RDP_SURFCMD_FRAME_MARKER = 0x0004,
  RDP_SURFCMD_STREAM_SURFACE_BITS = 0x0006,
} RdpSurfaceCommandType;

#define RDP_SURFCMD_FRAMEACTION_BEGIN 0x0000
#define RDP_SURFCMD_FRAMEACTION_END   0x0001

/* Codec ids of TS_BITMAP_DATA_EX: 0 is raw pixels; the others are what
 * the client assigned in its Bitmap Codecs capability set. */
#define RDP_CODEC_ID_NONE     0
#define RDP_CODEC_ID_NSCODEC  1

typedef struct {
  RdpSurfaceCommandType type;
  /* frame marker */
  guint16 frame_action;
  guint32 frame_id;
  /* set/stream surface bits (destRight/destBottom exclusive) */
  guint16 dest_left, dest_top, dest_right, dest_bottom;
  guint8 bpp;
  guint8 codec_id;
  guint16 width, height;
  const guint8 *data;
  gsize size;
} RdpSurfaceCommand;

typedef struct {
  RdpPduReader reader;
} RdpSurfaceCommandIter;

void     rdp_surface_command_iter_init (RdpSurfaceCommandIter *iter,
                                        const guint8          *data,
                                        gsize                  length);
/* Unknown command types fail (their length cannot be known). */
gboolean rdp_surface_command_iter_next (RdpSurfaceCommandIter *iter,
                                        RdpSurfaceCommand     *out,
                                        GError               **error);

G_END_DECLS
