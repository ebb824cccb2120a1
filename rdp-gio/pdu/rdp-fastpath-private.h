/* rdp-fastpath-private.h: sans-I/O codec of fast-path output PDUs
 * ([MS-RDPBCGR] 2.2.9.1.2): the header and the updates it carries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* fpOutputHeader flags (its top two bits) */
#define RDP_FASTPATH_OUTPUT_SECURE_CHECKSUM 0x1
#define RDP_FASTPATH_OUTPUT_ENCRYPTED       0x2

/* TS_FP_UPDATE updateCode */
typedef enum {
  RDP_FASTPATH_UPDATE_ORDERS = 0x0,
  RDP_FASTPATH_UPDATE_BITMAP = 0x1,
  RDP_FASTPATH_UPDATE_PALETTE = 0x2,
  RDP_FASTPATH_UPDATE_SYNCHRONIZE = 0x3,
  RDP_FASTPATH_UPDATE_SURFCMDS = 0x4,
  RDP_FASTPATH_UPDATE_PTR_NULL = 0x5,
  RDP_FASTPATH_UPDATE_PTR_DEFAULT = 0x6,
  RDP_FASTPATH_UPDATE_PTR_POSITION = 0x8,
  RDP_FASTPATH_UPDATE_COLOR = 0x9,
  RDP_FASTPATH_UPDATE_CACHED = 0xa,
  RDP_FASTPATH_UPDATE_POINTER = 0xb,
  RDP_FASTPATH_UPDATE_LARGE_POINTER = 0xc,
} RdpFastpathUpdateCode;

/* TS_FP_UPDATE fragmentation */
typedef enum {
  RDP_FASTPATH_FRAGMENT_SINGLE = 0x0,
  RDP_FASTPATH_FRAGMENT_LAST = 0x1,
  RDP_FASTPATH_FRAGMENT_FIRST = 0x2,
  RDP_FASTPATH_FRAGMENT_NEXT = 0x3,
} RdpFastpathFragmentation;

#define RDP_FASTPATH_OUTPUT_COMPRESSION_USED 0x2

/* One update of a fast-path output PDU; data points into the PDU. */
typedef struct {
  RdpFastpathUpdateCode code;
  RdpFastpathFragmentation fragmentation;
  gboolean compressed;          /* compressionFlags present and PACKET_COMPRESSED */
  guint8 compression_flags;
  const guint8 *data;
  gsize size;
} RdpFastpathUpdate;

/* Walks the updates of one whole fast-path output PDU (as RdpFramed gives
 * it: header, length, updates). Encrypted PDUs (Standard RDP Security)
 * fail with RDP_ERROR_NOT_SUPPORTED. */
typedef struct {
  RdpPduReader reader;
} RdpFastpathIter;

gboolean rdp_fastpath_iter_init (RdpFastpathIter *iter,
                                 const guint8    *pdu,
                                 gsize            length,
                                 GError         **error);
/* TRUE with the next update; FALSE at the end (error unset) or on
 * malformed data (error set). */
gboolean rdp_fastpath_iter_next (RdpFastpathIter   *iter,
                                 RdpFastpathUpdate *out_update,
                                 GError           **error);

/* Appends one update (header, size, data) as a server would send it, and
 * wraps updates in a PDU: for tests and fuzz seeds. */
void     rdp_fastpath_write_update (GByteArray              *out,
                                    RdpFastpathUpdateCode    code,
                                    RdpFastpathFragmentation fragmentation,
                                    const guint8            *data,
                                    gsize                    size);
GBytes  *rdp_fastpath_encode_output (const guint8 *updates,
                                     gsize         length);

const char *rdp_fastpath_update_code_to_string (guint code);

G_END_DECLS
