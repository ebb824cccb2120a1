/* rdp-per-private.h: the pieces of ALIGNED PER ([X691]) that T.125 domain
 * PDUs and the T.124 GCC Conference Create Request/Response use in RDP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* The largest length rdp_per_write_length() writes. */
#define RDP_PER_MAX_LENGTH 0x7fff

/* Length determinant: 0xxxxxxx, or 1xxxxxxx xxxxxxxx. X.691 makes 11xxxxxx a
 * fragmented length, which RDP never sends; like FreeRDP and IronRDP this
 * reads the two-byte form as 15 bits, so a peer that writes 0x8000 | length
 * for lengths of 16384 and more is understood. *out_long_form (optional) is
 * set to whether the two-byte form was used (mstsc writes it even for short
 * lengths, see [MS-RDPBCGR] 4.1.9). */
gboolean rdp_per_read_length  (RdpPduReader *reader,
                               gsize        *out_length,
                               gboolean     *out_long_form,
                               GError      **error);
/* The one-byte form below 0x80 unless @long_form, else the two-byte form;
 * @length must not be above RDP_PER_MAX_LENGTH. */
void     rdp_per_write_length (GByteArray *out,
                               gsize       length,
                               gboolean    long_form);

/* A CHOICE index, a SEQUENCE preamble ("selection") or a number of SET OF
 * elements as RDP writes them: one byte. */
gboolean rdp_per_read_u8      (RdpPduReader *reader,
                               guint8       *out_value,
                               GError      **error);
gboolean rdp_per_expect_u8    (RdpPduReader *reader,
                               guint8        expected,
                               const char   *what,
                               GError      **error);

/* ENUMERATED as RDP writes it: one byte, below @count. */
gboolean rdp_per_read_enumerated (RdpPduReader *reader,
                                  guint         count,
                                  guint8       *out_value,
                                  GError      **error);

/* Semi-constrained INTEGER (0..MAX): a length byte, then 1 to 4 bytes,
 * big-endian. Written with the fewest bytes. */
gboolean rdp_per_read_integer  (RdpPduReader *reader,
                                guint32      *out_value,
                                GError      **error);
void     rdp_per_write_integer (GByteArray *out,
                                guint32     value);

/* INTEGER (@min..65535): two bytes holding value - @min. */
gboolean rdp_per_read_integer16  (RdpPduReader *reader,
                                  guint16       min,
                                  guint16      *out_value,
                                  GError      **error);
void     rdp_per_write_integer16 (GByteArray *out,
                                  guint16     value,
                                  guint16     min);

/* OBJECT IDENTIFIER: a length byte, then the X.690 contents (first byte
 * 40 * arc0 + arc1, then base-128 arcs). Reads at most @max_arcs arcs. */
gboolean rdp_per_read_object_identifier   (RdpPduReader *reader,
                                           guint32      *out_arcs,
                                           gsize         max_arcs,
                                           gsize        *out_n_arcs,
                                           GError      **error);
gboolean rdp_per_expect_object_identifier (RdpPduReader  *reader,
                                           const guint32 *arcs,
                                           gsize          n_arcs,
                                           const char    *what,
                                           GError       **error);
void     rdp_per_write_object_identifier  (GByteArray    *out,
                                           const guint32 *arcs,
                                           gsize          n_arcs);

/* OCTET STRING (SIZE (@min..MAX)): a length determinant of length - @min,
 * then the bytes. *out_data points into the reader. */
gboolean rdp_per_read_octet_string   (RdpPduReader  *reader,
                                      gsize          min,
                                      const guint8 **out_data,
                                      gsize         *out_length,
                                      GError       **error);
gboolean rdp_per_expect_octet_string (RdpPduReader *reader,
                                      gsize         min,
                                      const guint8 *expected,
                                      gsize         length,
                                      const char   *what,
                                      GError      **error);
void     rdp_per_write_octet_string  (GByteArray   *out,
                                      const guint8 *data,
                                      gsize         length,
                                      gsize         min);

/* NumericString (FROM ("0123456789")) (SIZE (@min..MAX)): a length
 * determinant of count - @min, then one digit per nibble, high nibble
 * first, the last low nibble 0 when the count is odd. Returns a new
 * NUL-terminated string of the digits. */
gboolean rdp_per_read_numeric_string  (RdpPduReader *reader,
                                       gsize         min,
                                       char        **out_digits,
                                       GError      **error);
void     rdp_per_write_numeric_string (GByteArray *out,
                                       const char *digits,
                                       gsize       min);

G_END_DECLS
