/* rdp-ber.c: the BER subset of T.125
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-ber-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

gboolean
rdp_ber_read_length (RdpPduReader *reader,
                     gsize        *out_length,
                     GError      **error)
{
  guint8 first, byte;
  gsize length = 0;
  guint i, count;

  if (!rdp_pdu_reader_read_u8 (reader, &first, error))
    return FALSE;
  if (first < 0x80)
    {
      *out_length = first;
      return TRUE;
    }
  count = first & 0x7f;
  if (count == 0 || count > 4)
    {
      rdp_pdu_set_invalid (error, _("unsupported BER length form 0x%02x"), (guint) first);
      return FALSE;
    }
  for (i = 0; i < count; i++)
    {
      if (!rdp_pdu_reader_read_u8 (reader, &byte, error))
        return FALSE;
      length = (length << 8) | byte;
    }
  *out_length = length;
  return TRUE;
}

void
rdp_ber_write_length (GByteArray *out,
                      gsize       length)
{
  guint8 bytes[5];
  guint count = 0;
  gsize rest;

  if (length < 0x80)
    {
      rdp_pdu_write_u8 (out, (guint8) length);
      return;
    }
  for (rest = length; rest > 0; rest >>= 8)
    count++;
  g_assert (count <= 4);
  bytes[0] = 0x80 | count;
  for (rest = 0; rest < count; rest++)
    bytes[1 + rest] = (length >> (8 * (count - 1 - rest))) & 0xff;
  rdp_pdu_write_bytes (out, bytes, 1 + count);
}

gboolean
rdp_ber_read_tlv (RdpPduReader *reader,
                  guint8        tag,
                  const char   *what,
                  RdpPduReader *out_contents,
                  GError      **error)
{
  gsize start = reader->pos;
  gsize length;
  guint8 got;

  if (!rdp_pdu_reader_read_u8 (reader, &got, error))
    goto fail;
  if (got != tag)
    {
      rdp_pdu_set_invalid (error, _("expected the BER tag 0x%02x of the %s but got 0x%02x"),
                           (guint) tag, what, (guint) got);
      goto fail;
    }
  if (!rdp_ber_read_length (reader, &length, error))
    goto fail;
  if (length > rdp_pdu_reader_remaining (reader))
    {
      rdp_pdu_set_invalid (error, _("the BER length %lu of the %s is longer than the %lu bytes that remain"),
                           (gulong) length, what, (gulong) rdp_pdu_reader_remaining (reader));
      goto fail;
    }
  return rdp_pdu_reader_sub (reader, length, out_contents, error);

fail:
  reader->pos = start;
  return FALSE;
}

void
rdp_ber_write_tlv (GByteArray   *out,
                   guint8        tag,
                   const guint8 *contents,
                   gsize         length)
{
  rdp_pdu_write_u8 (out, tag);
  rdp_ber_write_length (out, length);
  rdp_pdu_write_bytes (out, contents, length);
}

gboolean
rdp_ber_read_application_tag (RdpPduReader *reader,
                              guint         number,
                              const char   *what,
                              RdpPduReader *out_contents,
                              GError      **error)
{
  gsize start = reader->pos;
  gsize length;
  guint8 got;

  g_return_val_if_fail (number < 128, FALSE);

  if (!rdp_pdu_reader_read_u8 (reader, &got, error))
    goto fail;
  if (number > 30)
    {
      guint8 second = 0;

      if (got != 0x7f || !rdp_pdu_reader_read_u8 (reader, &second, error) || second != number)
        {
          if (error == NULL || *error == NULL)
            rdp_pdu_set_invalid (error, _("expected the BER tag [APPLICATION %u] of the %s"),
                                 number, what);
          goto fail;
        }
    }
  else if (got != (0x60 | number))
    {
      rdp_pdu_set_invalid (error, _("expected the BER tag [APPLICATION %u] of the %s"),
                           number, what);
      goto fail;
    }
  if (!rdp_ber_read_length (reader, &length, error))
    goto fail;
  if (length > rdp_pdu_reader_remaining (reader))
    {
      rdp_pdu_set_invalid (error, _("the BER length %lu of the %s is longer than the %lu bytes that remain"),
                           (gulong) length, what, (gulong) rdp_pdu_reader_remaining (reader));
      goto fail;
    }
  return rdp_pdu_reader_sub (reader, length, out_contents, error);

fail:
  reader->pos = start;
  return FALSE;
}

void
rdp_ber_write_application_tag (GByteArray *out,
                               guint       number,
                               gsize       length)
{
  g_return_if_fail (number < 128);

  if (number > 30)
    {
      rdp_pdu_write_u8 (out, 0x7f);
      rdp_pdu_write_u8 (out, (guint8) number);
    }
  else
    rdp_pdu_write_u8 (out, 0x60 | number);
  rdp_ber_write_length (out, length);
}

gboolean
rdp_ber_read_integer (RdpPduReader *reader,
                      guint32      *out_value,
                      gboolean     *out_unsigned_form,
                      GError      **error)
{
  RdpPduReader contents;
  guint32 value = 0;
  gsize start = reader->pos;

  if (!rdp_ber_read_tlv (reader, RDP_BER_TAG_INTEGER, "INTEGER", &contents, error))
    return FALSE;
  if (contents.len == 0)
    {
      rdp_pdu_set_invalid (error, _("invalid BER INTEGER: no content bytes"));
      reader->pos = start;
      return FALSE;
    }
  if (out_unsigned_form && (contents.data[0] & 0x80))
    *out_unsigned_form = TRUE;
  /* Leading zero bytes carry no value. */
  while (contents.len - contents.pos > 1 && contents.data[contents.pos] == 0)
    contents.pos++;
  if (contents.len - contents.pos > 4)
    {
      rdp_pdu_set_invalid (error, _("invalid BER INTEGER: %lu bytes are too many for a 32-bit value"),
                           (gulong) (contents.len - contents.pos));
      reader->pos = start;
      return FALSE;
    }
  for (; contents.pos < contents.len; contents.pos++)
    value = (value << 8) | contents.data[contents.pos];
  *out_value = value;
  return TRUE;
}

void
rdp_ber_write_integer (GByteArray       *out,
                       guint32           value,
                       RdpBerIntegerForm form)
{
  guint8 bytes[5];
  guint count = 0, i;
  guint32 rest;

  for (rest = value; rest > 0; rest >>= 8)
    count++;
  if (count == 0)
    count = 1;
  for (i = 0; i < count; i++)
    bytes[1 + i] = (value >> (8 * (count - 1 - i))) & 0xff;
  if (form == RDP_BER_INTEGER_DER && (bytes[1] & 0x80))
    {
      bytes[0] = 0;
      rdp_ber_write_tlv (out, RDP_BER_TAG_INTEGER, bytes, count + 1);
    }
  else
    rdp_ber_write_tlv (out, RDP_BER_TAG_INTEGER, bytes + 1, count);
}

gboolean
rdp_ber_read_enumerated (RdpPduReader *reader,
                         guint         count,
                         guint8       *out_value,
                         GError      **error)
{
  RdpPduReader contents;
  gsize start = reader->pos;

  if (!rdp_ber_read_tlv (reader, RDP_BER_TAG_ENUMERATED, "ENUMERATED", &contents, error))
    return FALSE;
  if (contents.len != 1 || contents.data[0] >= count)
    {
      rdp_pdu_set_invalid (error, _("invalid BER ENUMERATED: not one byte below %u"), count);
      reader->pos = start;
      return FALSE;
    }
  *out_value = contents.data[0];
  return TRUE;
}

void
rdp_ber_write_enumerated (GByteArray *out,
                          guint8      value)
{
  rdp_ber_write_tlv (out, RDP_BER_TAG_ENUMERATED, &value, 1);
}

gboolean
rdp_ber_read_boolean (RdpPduReader *reader,
                      gboolean     *out_value,
                      GError      **error)
{
  RdpPduReader contents;
  gsize start = reader->pos;

  if (!rdp_ber_read_tlv (reader, RDP_BER_TAG_BOOLEAN, "BOOLEAN", &contents, error))
    return FALSE;
  if (contents.len != 1)
    {
      rdp_pdu_set_invalid (error, _("invalid BER BOOLEAN: %lu content bytes instead of 1"),
                           (gulong) contents.len);
      reader->pos = start;
      return FALSE;
    }
  *out_value = contents.data[0] != 0;
  return TRUE;
}

void
rdp_ber_write_boolean (GByteArray *out,
                       gboolean    value)
{
  guint8 byte = value ? 0xff : 0x00;

  rdp_ber_write_tlv (out, RDP_BER_TAG_BOOLEAN, &byte, 1);
}

gboolean
rdp_ber_read_octet_string (RdpPduReader  *reader,
                           const guint8 **out_data,
                           gsize         *out_length,
                           GError       **error)
{
  RdpPduReader contents;

  if (!rdp_ber_read_tlv (reader, RDP_BER_TAG_OCTET_STRING, "OCTET STRING", &contents, error))
    return FALSE;
  *out_data = contents.data;
  *out_length = contents.len;
  return TRUE;
}

void
rdp_ber_write_octet_string (GByteArray   *out,
                            const guint8 *data,
                            gsize         length)
{
  rdp_ber_write_tlv (out, RDP_BER_TAG_OCTET_STRING, data, length);
}
