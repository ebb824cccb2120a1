/* rdp-ber-private.h: the Basic Encoding Rules that T.125 MCS uses for its
 * Connect-Initial and Connect-Response PDUs ([T125] 11, [X690] 8)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* Universal tags (primitive, except SEQUENCE) */
#define RDP_BER_TAG_BOOLEAN      0x01
#define RDP_BER_TAG_INTEGER      0x02
#define RDP_BER_TAG_OCTET_STRING 0x04
#define RDP_BER_TAG_ENUMERATED   0x0a
#define RDP_BER_TAG_SEQUENCE     0x30

/* How rdp_ber_write_integer() writes a value. All INTEGERs of T.125 are
 * (0..MAX), so a decoder reads every encoding as unsigned and accepts both.
 *
 * RDP_BER_INTEGER_DER: the two's complement form of X.690, with a leading
 *   00 when the high bit of the first byte would be set: 65535 is 02 03 00 ff
 *   ff (IronRDP, FreeRDP, redemption; what servers send).
 * RDP_BER_INTEGER_UNSIGNED: the fewest bytes that hold the unsigned value,
 *   without the sign byte: 65535 is 02 02 ff ff (mstsc and the examples of
 *   [MS-RDPBCGR] 4.1.3; Windows accepts both). */
typedef enum {
  RDP_BER_INTEGER_DER,
  RDP_BER_INTEGER_UNSIGNED,
} RdpBerIntegerForm;

/* Lengths: the short form (< 0x80) and the long forms 0x81..0x84, minimal or
 * not. The indefinite form (0x80) is refused. The length is not checked
 * against the bytes that remain; rdp_ber_read_tlv() does that. */
gboolean rdp_ber_read_length  (RdpPduReader *reader,
                               gsize        *out_length,
                               GError      **error);
/* Minimal: short form below 0x80, else 0x81 or 0x82 (or more) bytes. */
void     rdp_ber_write_length (GByteArray *out,
                               gsize       length);

/* Reads a tag byte equal to @tag and a length that fits in what remains, and
 * makes *out_contents a reader over the contents (which are skipped). */
gboolean rdp_ber_read_tlv     (RdpPduReader *reader,
                               guint8        tag,
                               const char   *what,
                               RdpPduReader *out_contents,
                               GError      **error);
void     rdp_ber_write_tlv    (GByteArray   *out,
                               guint8        tag,
                               const guint8 *contents,
                               gsize         length);

/* [APPLICATION n] constructed: 0x60 | n for n <= 30, else 0x7f n (n < 128;
 * the T.125 Connect PDUs are 101 to 104). */
gboolean rdp_ber_read_application_tag  (RdpPduReader *reader,
                                        guint         number,
                                        const char   *what,
                                        RdpPduReader *out_contents,
                                        GError      **error);
void     rdp_ber_write_application_tag (GByteArray *out,
                                        guint       number,
                                        gsize       length);

/* INTEGER (0..4294967295): 1 or more content bytes, read as unsigned (leading
 * zero bytes allowed). *out_unsigned_form (optional) is set to TRUE when the
 * first content byte has its high bit set, i.e. the value was written in the
 * RDP_BER_INTEGER_UNSIGNED form, and left alone otherwise. */
gboolean rdp_ber_read_integer  (RdpPduReader *reader,
                                guint32      *out_value,
                                gboolean     *out_unsigned_form,
                                GError      **error);
void     rdp_ber_write_integer (GByteArray       *out,
                                guint32           value,
                                RdpBerIntegerForm form);

/* ENUMERATED with values 0..@count-1, one content byte. */
gboolean rdp_ber_read_enumerated  (RdpPduReader *reader,
                                   guint         count,
                                   guint8       *out_value,
                                   GError      **error);
void     rdp_ber_write_enumerated (GByteArray *out,
                                   guint8      value);

/* BOOLEAN: one content byte, 0 is FALSE and anything else TRUE (BER);
 * written as 0x00 or 0xff. */
gboolean rdp_ber_read_boolean  (RdpPduReader *reader,
                                gboolean     *out_value,
                                GError      **error);
void     rdp_ber_write_boolean (GByteArray *out,
                                gboolean    value);

/* OCTET STRING (primitive only): *out_data points into the reader. */
gboolean rdp_ber_read_octet_string  (RdpPduReader  *reader,
                                     const guint8 **out_data,
                                     gsize         *out_length,
                                     GError       **error);
void     rdp_ber_write_octet_string (GByteArray   *out,
                                     const guint8 *data,
                                     gsize         length);

G_END_DECLS
