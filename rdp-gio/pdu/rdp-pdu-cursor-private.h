/* rdp-pdu-cursor-private.h: bounds-checked byte readers and GByteArray
 * writers shared by the sans-I/O codecs, and the TPKT + X.224 Data TPDU
 * envelope of every slow-path PDU after the connection request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RdpPduReader: a cursor over bytes that the caller owns. Every read checks
 * the bytes that remain first and fails with RDP_ERROR_INVALID_DATA (and
 * leaves the cursor where it was) instead of reading past @len. */
typedef struct {
  const guint8 *data;
  gsize len;
  gsize pos;
} RdpPduReader;

static inline void
rdp_pdu_reader_init (RdpPduReader *reader,
                     const guint8 *data,
                     gsize         len)
{
  reader->data = data;
  reader->len = len;
  reader->pos = 0;
}

static inline gsize
rdp_pdu_reader_remaining (const RdpPduReader *reader)
{
  return reader->len - reader->pos;
}

static inline const guint8 *
rdp_pdu_reader_peek_ptr (const RdpPduReader *reader)
{
  return reader->data + reader->pos;
}

gboolean rdp_pdu_reader_need       (const RdpPduReader *reader,
                                    gsize               count,
                                    GError            **error);
gboolean rdp_pdu_reader_peek_u8    (const RdpPduReader *reader,
                                    guint8             *out_value,
                                    GError            **error);
gboolean rdp_pdu_reader_read_u8    (RdpPduReader *reader,
                                    guint8       *out_value,
                                    GError      **error);
gboolean rdp_pdu_reader_read_u16be (RdpPduReader *reader,
                                    guint16      *out_value,
                                    GError      **error);
gboolean rdp_pdu_reader_read_u16le (RdpPduReader *reader,
                                    guint16      *out_value,
                                    GError      **error);
gboolean rdp_pdu_reader_read_u32be (RdpPduReader *reader,
                                    guint32      *out_value,
                                    GError      **error);
gboolean rdp_pdu_reader_read_u32le (RdpPduReader *reader,
                                    guint32      *out_value,
                                    GError      **error);
/* Points *out_data at the next @count bytes (inside the reader's buffer). */
gboolean rdp_pdu_reader_read_bytes (RdpPduReader  *reader,
                                    gsize          count,
                                    const guint8 **out_data,
                                    GError       **error);
gboolean rdp_pdu_reader_skip       (RdpPduReader *reader,
                                    gsize         count,
                                    GError      **error);
/* Makes *out_sub a reader over the next @count bytes and skips them. */
gboolean rdp_pdu_reader_sub        (RdpPduReader *reader,
                                    gsize         count,
                                    RdpPduReader *out_sub,
                                    GError      **error);
/* Fails when bytes remain; @what names the structure in the message. */
gboolean rdp_pdu_reader_expect_end (const RdpPduReader *reader,
                                    const char         *what,
                                    GError            **error);

/* Writers append to a GByteArray; they cannot fail. */
void rdp_pdu_write_u8    (GByteArray *out,
                          guint8      value);
void rdp_pdu_write_u16be (GByteArray *out,
                          guint16     value);
void rdp_pdu_write_u16le (GByteArray *out,
                          guint16     value);
void rdp_pdu_write_u32be (GByteArray *out,
                          guint32     value);
void rdp_pdu_write_u32le (GByteArray *out,
                          guint32     value);
void rdp_pdu_write_bytes (GByteArray   *out,
                          const guint8 *data,
                          gsize         count);
void rdp_pdu_write_zeros (GByteArray *out,
                          gsize       count);

/* Sets an RDP_ERROR_INVALID_DATA error. */
void rdp_pdu_set_invalid (GError    **error,
                          const char *format,
                          ...) G_GNUC_PRINTF (2, 3);

/* TPKT ([T123] 8) + X.224 Data TPDU ([X224] 13.7, class 0):
 *   03 00 LL LL   02 f0 80   payload
 * LL is the big-endian length of the whole PDU (at most 65535). */
#define RDP_TPKT_HEADER_SIZE 4
#define RDP_X224_DATA_HEADER_SIZE 3
#define RDP_DATA_TPDU_HEADER_SIZE (RDP_TPKT_HEADER_SIZE + RDP_X224_DATA_HEADER_SIZE)
#define RDP_TPKT_MAX_SIZE 65535

/* Starts a PDU: a new array holding the 7-byte header with a zero length. */
GByteArray *rdp_data_tpdu_begin  (void);
/* Fills in the TPKT length and frees @out into bytes; fails (freeing @out)
 * with RDP_ERROR_INVALID_DATA when the PDU is longer than 65535 bytes. */
GBytes     *rdp_data_tpdu_finish (GByteArray *out,
                                  GError    **error);
/* Checks the TPKT header (version 3, length = @len) and the Data TPDU header
 * (LI 2, code 0xf0, EOT set) of a whole PDU and points @out_payload at what
 * follows them. */
/* As rdp_data_tpdu_finish(), for a PDU that holds a secret: the GBytes
 * wipes itself (rdp-secret), and so does @out on failure. */
GBytes     *rdp_data_tpdu_finish_secret (GByteArray *out,
                                         GError    **error);
gboolean    rdp_data_tpdu_read   (const guint8  *data,
                                  gsize          len,
                                  RdpPduReader  *out_payload,
                                  GError       **error);

G_END_DECLS
