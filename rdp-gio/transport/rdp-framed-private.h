/* rdp-framed-private.h: what the split halves need of RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-framed.h"
#include "rdp-read-half-private.h"
#include "rdp-write-half-private.h"

G_BEGIN_DECLS

/* The halves of a split work on their RdpFramed's read and write state; each
 * remembers the split it came from, and stops working when that split is
 * undone. */
RdpReadHalf  *rdp_framed_get_split_read_half  (RdpFramed  *self,
                                               guint       split_serial,
                                               GError    **error);
RdpWriteHalf *rdp_framed_get_split_write_half (RdpFramed  *self,
                                               guint       split_serial,
                                               GError    **error);

RdpFramedReader *rdp_framed_reader_new          (RdpFramed       *framed,
                                                 guint            split_serial);
RdpFramed       *rdp_framed_reader_get_framed   (RdpFramedReader *self,
                                                 guint           *out_split_serial);
RdpFramedWriter *rdp_framed_writer_new          (RdpFramed       *framed,
                                                 guint            split_serial);
RdpFramed       *rdp_framed_writer_get_framed   (RdpFramedWriter *self,
                                                 guint           *out_split_serial);

G_END_DECLS
