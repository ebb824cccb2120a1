/* rdp-pdu-cursor.c: bounds-checked byte readers and GByteArray writers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <string.h>

#include "rdp-pdu-cursor-private.h"
#include "rdp-error.h"
#include "rdp-secret-private.h"
#include "rdp-i18n-private.h"

void
rdp_pdu_set_invalid (GError    **error,
                     const char *format,
                     ...)
{
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RDP_ERROR, RDP_ERROR_INVALID_DATA, format, args));
  va_end (args);
}

gboolean
rdp_pdu_reader_need (const RdpPduReader *reader,
                     gsize               count,
                     GError            **error)
{
  if (count > rdp_pdu_reader_remaining (reader))
    {
      rdp_pdu_set_invalid (error,
                           _("truncated data: %lu bytes needed at offset %lu but only %lu remain"),
                           (gulong) count, (gulong) reader->pos,
                           (gulong) rdp_pdu_reader_remaining (reader));
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_pdu_reader_peek_u8 (const RdpPduReader *reader,
                        guint8             *out_value,
                        GError            **error)
{
  if (!rdp_pdu_reader_need (reader, 1, error))
    return FALSE;
  *out_value = reader->data[reader->pos];
  return TRUE;
}

gboolean
rdp_pdu_reader_read_u8 (RdpPduReader *reader,
                        guint8       *out_value,
                        GError      **error)
{
  if (!rdp_pdu_reader_need (reader, 1, error))
    return FALSE;
  *out_value = reader->data[reader->pos++];
  return TRUE;
}

gboolean
rdp_pdu_reader_read_u16be (RdpPduReader *reader,
                           guint16      *out_value,
                           GError      **error)
{
  const guint8 *p;

  if (!rdp_pdu_reader_need (reader, 2, error))
    return FALSE;
  p = reader->data + reader->pos;
  *out_value = (guint16) ((p[0] << 8) | p[1]);
  reader->pos += 2;
  return TRUE;
}

gboolean
rdp_pdu_reader_read_u16le (RdpPduReader *reader,
                           guint16      *out_value,
                           GError      **error)
{
  const guint8 *p;

  if (!rdp_pdu_reader_need (reader, 2, error))
    return FALSE;
  p = reader->data + reader->pos;
  *out_value = (guint16) (p[0] | (p[1] << 8));
  reader->pos += 2;
  return TRUE;
}

gboolean
rdp_pdu_reader_read_u32be (RdpPduReader *reader,
                           guint32      *out_value,
                           GError      **error)
{
  const guint8 *p;

  if (!rdp_pdu_reader_need (reader, 4, error))
    return FALSE;
  p = reader->data + reader->pos;
  *out_value = ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  reader->pos += 4;
  return TRUE;
}

gboolean
rdp_pdu_reader_read_u32le (RdpPduReader *reader,
                           guint32      *out_value,
                           GError      **error)
{
  const guint8 *p;

  if (!rdp_pdu_reader_need (reader, 4, error))
    return FALSE;
  p = reader->data + reader->pos;
  *out_value = (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
  reader->pos += 4;
  return TRUE;
}

gboolean
rdp_pdu_reader_read_bytes (RdpPduReader  *reader,
                           gsize          count,
                           const guint8 **out_data,
                           GError       **error)
{
  if (!rdp_pdu_reader_need (reader, count, error))
    return FALSE;
  *out_data = reader->data + reader->pos;
  reader->pos += count;
  return TRUE;
}

gboolean
rdp_pdu_reader_skip (RdpPduReader *reader,
                     gsize         count,
                     GError      **error)
{
  if (!rdp_pdu_reader_need (reader, count, error))
    return FALSE;
  reader->pos += count;
  return TRUE;
}

gboolean
rdp_pdu_reader_sub (RdpPduReader *reader,
                    gsize         count,
                    RdpPduReader *out_sub,
                    GError      **error)
{
  if (!rdp_pdu_reader_need (reader, count, error))
    return FALSE;
  rdp_pdu_reader_init (out_sub, reader->data + reader->pos, count);
  reader->pos += count;
  return TRUE;
}

gboolean
rdp_pdu_reader_expect_end (const RdpPduReader *reader,
                           const char         *what,
                           GError            **error)
{
  if (rdp_pdu_reader_remaining (reader) != 0)
    {
      rdp_pdu_set_invalid (error, _("%lu unexpected bytes after the end of the %s"),
                           (gulong) rdp_pdu_reader_remaining (reader), what);
      return FALSE;
    }
  return TRUE;
}

void
rdp_pdu_write_u8 (GByteArray *out,
                  guint8      value)
{
  g_byte_array_append (out, &value, 1);
}

void
rdp_pdu_write_u16be (GByteArray *out,
                     guint16     value)
{
  guint8 b[2] = { value >> 8, value & 0xff };

  g_byte_array_append (out, b, sizeof b);
}

void
rdp_pdu_write_u16le (GByteArray *out,
                     guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, sizeof b);
}

void
rdp_pdu_write_u32be (GByteArray *out,
                     guint32     value)
{
  guint8 b[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, b, sizeof b);
}

void
rdp_pdu_write_u32le (GByteArray *out,
                     guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, sizeof b);
}

void
rdp_pdu_write_bytes (GByteArray   *out,
                     const guint8 *data,
                     gsize         count)
{
  if (count > 0)
    g_byte_array_append (out, data, count);
}

void
rdp_pdu_write_zeros (GByteArray *out,
                     gsize       count)
{
  guint old = out->len;

  g_byte_array_set_size (out, old + count);
  memset (out->data + old, 0, count);
}

GByteArray *
rdp_data_tpdu_begin (void)
{
  static const guint8 header[RDP_DATA_TPDU_HEADER_SIZE] = { 0x03, 0x00, 0x00, 0x00, 0x02, 0xf0, 0x80 };
  GByteArray *out = g_byte_array_sized_new (64);

  g_byte_array_append (out, header, sizeof header);
  return out;
}

GBytes *
rdp_data_tpdu_finish (GByteArray *out,
                      GError    **error)
{
  if (out->len > RDP_TPKT_MAX_SIZE)
    {
      rdp_pdu_set_invalid (error, _("A PDU of %lu bytes is longer than the TPKT maximum of %u bytes"),
                           (gulong) out->len, (guint) RDP_TPKT_MAX_SIZE);
      g_byte_array_unref (out);
      return NULL;
    }
  out->data[2] = out->len >> 8;
  out->data[3] = out->len & 0xff;
  return g_byte_array_free_to_bytes (out);
}

GBytes *
rdp_data_tpdu_finish_secret (GByteArray *out,
                             GError    **error)
{
  if (out->len > RDP_TPKT_MAX_SIZE)
    {
      rdp_pdu_set_invalid (error, _("A PDU of %lu bytes is longer than the TPKT maximum of %u bytes"),
                           (gulong) out->len, (guint) RDP_TPKT_MAX_SIZE);
      rdp_secret_byte_array_free (out);
      return NULL;
    }
  out->data[2] = out->len >> 8;
  out->data[3] = out->len & 0xff;
  return rdp_secret_byte_array_free_to_bytes (out);
}

gboolean
rdp_data_tpdu_read (const guint8  *data,
                    gsize          len,
                    RdpPduReader  *out_payload,
                    GError       **error)
{
  gsize tpkt_length;

  if (len < RDP_DATA_TPDU_HEADER_SIZE)
    {
      rdp_pdu_set_invalid (error, _("%lu bytes are too few for a TPKT and X.224 Data header"),
                           (gulong) len);
      return FALSE;
    }
  if (data[0] != 0x03)
    {
      rdp_pdu_set_invalid (error, _("invalid TPKT header: version %u instead of 3"),
                           (guint) data[0]);
      return FALSE;
    }
  tpkt_length = ((gsize) data[2] << 8) | data[3];
  if (tpkt_length != len)
    {
      rdp_pdu_set_invalid (error, _("invalid TPKT header: the length is %lu bytes but the PDU has %lu"),
                           (gulong) tpkt_length, (gulong) len);
      return FALSE;
    }
  if (data[4] != 0x02 || data[5] != 0xf0 || data[6] != 0x80)
    {
      rdp_pdu_set_invalid (error, _("invalid X.224 Data TPDU header %02x %02x %02x (expected 02 f0 80)"),
                           (guint) data[4], (guint) data[5], (guint) data[6]);
      return FALSE;
    }
  rdp_pdu_reader_init (out_payload, data + RDP_DATA_TPDU_HEADER_SIZE,
                       len - RDP_DATA_TPDU_HEADER_SIZE);
  return TRUE;
}
