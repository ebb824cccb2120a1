/* rdp-per.c: the ALIGNED PER subset of T.124 and T.125 that RDP uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-per-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

gboolean
rdp_per_read_length (RdpPduReader *reader,
                     gsize        *out_length,
                     gboolean     *out_long_form,
                     GError      **error)
{
  guint8 first, second;

  if (!rdp_pdu_reader_read_u8 (reader, &first, error))
    return FALSE;
  if (first & 0x80)
    {
      if (!rdp_pdu_reader_read_u8 (reader, &second, error))
        {
          reader->pos--;
          return FALSE;
        }
      *out_length = ((gsize) (first & 0x7f) << 8) | second;
      if (out_long_form)
        *out_long_form = TRUE;
    }
  else
    {
      *out_length = first;
      if (out_long_form)
        *out_long_form = FALSE;
    }
  return TRUE;
}

void
rdp_per_write_length (GByteArray *out,
                      gsize       length,
                      gboolean    long_form)
{
  g_return_if_fail (length <= RDP_PER_MAX_LENGTH);

  if (length < 0x80 && !long_form)
    rdp_pdu_write_u8 (out, (guint8) length);
  else
    rdp_pdu_write_u16be (out, (guint16) (0x8000 | length));
}

gboolean
rdp_per_read_u8 (RdpPduReader *reader,
                 guint8       *out_value,
                 GError      **error)
{
  return rdp_pdu_reader_read_u8 (reader, out_value, error);
}

gboolean
rdp_per_expect_u8 (RdpPduReader *reader,
                   guint8        expected,
                   const char   *what,
                   GError      **error)
{
  guint8 value;

  if (!rdp_pdu_reader_read_u8 (reader, &value, error))
    return FALSE;
  if (value != expected)
    {
      rdp_pdu_set_invalid (error, _("expected 0x%02x for the %s but got 0x%02x"),
                           (guint) expected, what, (guint) value);
      reader->pos--;
      return FALSE;
    }
  return TRUE;
}

gboolean
rdp_per_read_enumerated (RdpPduReader *reader,
                         guint         count,
                         guint8       *out_value,
                         GError      **error)
{
  guint8 value;

  if (!rdp_pdu_reader_read_u8 (reader, &value, error))
    return FALSE;
  if (value >= count)
    {
      rdp_pdu_set_invalid (error, _("invalid PER ENUMERATED value %u (at most %u)"),
                           (guint) value, count - 1);
      reader->pos--;
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

gboolean
rdp_per_read_integer (RdpPduReader *reader,
                      guint32      *out_value,
                      GError      **error)
{
  gsize start = reader->pos;
  guint8 length, byte;
  guint32 value = 0;
  guint i;

  if (!rdp_pdu_reader_read_u8 (reader, &length, error))
    return FALSE;
  if (length == 0 || length > 4)
    {
      rdp_pdu_set_invalid (error, _("invalid PER INTEGER length %u"), (guint) length);
      reader->pos = start;
      return FALSE;
    }
  for (i = 0; i < length; i++)
    {
      if (!rdp_pdu_reader_read_u8 (reader, &byte, error))
        {
          reader->pos = start;
          return FALSE;
        }
      value = (value << 8) | byte;
    }
  *out_value = value;
  return TRUE;
}

void
rdp_per_write_integer (GByteArray *out,
                       guint32     value)
{
  if (value <= 0xff)
    {
      rdp_pdu_write_u8 (out, 1);
      rdp_pdu_write_u8 (out, (guint8) value);
    }
  else if (value <= 0xffff)
    {
      rdp_pdu_write_u8 (out, 2);
      rdp_pdu_write_u16be (out, (guint16) value);
    }
  else if (value <= 0xffffff)
    {
      rdp_pdu_write_u8 (out, 3);
      rdp_pdu_write_u8 (out, (guint8) (value >> 16));
      rdp_pdu_write_u16be (out, (guint16) (value & 0xffff));
    }
  else
    {
      rdp_pdu_write_u8 (out, 4);
      rdp_pdu_write_u32be (out, value);
    }
}

gboolean
rdp_per_read_integer16 (RdpPduReader *reader,
                        guint16       min,
                        guint16      *out_value,
                        GError      **error)
{
  guint16 value;

  if (!rdp_pdu_reader_read_u16be (reader, &value, error))
    return FALSE;
  if ((guint32) value + min > G_MAXUINT16)
    {
      rdp_pdu_set_invalid (error, _("invalid PER INTEGER (%u..65535): %u is out of range"),
                           (guint) min, (guint) value + min);
      reader->pos -= 2;
      return FALSE;
    }
  *out_value = value + min;
  return TRUE;
}

void
rdp_per_write_integer16 (GByteArray *out,
                         guint16     value,
                         guint16     min)
{
  g_return_if_fail (value >= min);

  rdp_pdu_write_u16be (out, value - min);
}

gboolean
rdp_per_read_object_identifier (RdpPduReader *reader,
                                guint32      *out_arcs,
                                gsize         max_arcs,
                                gsize        *out_n_arcs,
                                GError      **error)
{
  gsize start = reader->pos;
  const guint8 *contents;
  guint8 length;
  gsize n = 0, i;
  guint32 arc = 0;
  guint arc_bytes = 0;

  g_return_val_if_fail (max_arcs >= 2, FALSE);

  if (!rdp_pdu_reader_read_u8 (reader, &length, error) ||
      !rdp_pdu_reader_read_bytes (reader, length, &contents, error))
    goto fail;
  if (length == 0)
    goto invalid;

  for (i = 0; i < length; i++)
    {
      if (arc_bytes == 0 && contents[i] == 0x80)
        goto invalid;           /* a non-minimal arc */
      if (++arc_bytes > 4 || (arc_bytes == 4 && arc > (G_MAXUINT32 >> 7)))
        goto invalid;
      arc = (arc << 7) | (contents[i] & 0x7f);
      if (contents[i] & 0x80)
        continue;
      if (n == 0)
        {
          guint32 first = arc < 80 ? arc / 40 : 2;

          out_arcs[n++] = first;
          out_arcs[n++] = arc - 40 * first;
        }
      else
        {
          if (n >= max_arcs)
            goto invalid;
          out_arcs[n++] = arc;
        }
      arc = 0;
      arc_bytes = 0;
    }
  if (arc_bytes != 0)
    goto invalid;
  *out_n_arcs = n;
  return TRUE;

invalid:
  rdp_pdu_set_invalid (error, _("invalid PER OBJECT IDENTIFIER"));
fail:
  reader->pos = start;
  return FALSE;
}

gboolean
rdp_per_expect_object_identifier (RdpPduReader  *reader,
                                  const guint32 *arcs,
                                  gsize          n_arcs,
                                  const char    *what,
                                  GError       **error)
{
  guint32 got[16];
  gsize n_got, start = reader->pos;

  if (!rdp_per_read_object_identifier (reader, got, G_N_ELEMENTS (got), &n_got, error))
    return FALSE;
  if (n_got != n_arcs || memcmp (got, arcs, n_arcs * sizeof *arcs) != 0)
    {
      rdp_pdu_set_invalid (error, _("unexpected OBJECT IDENTIFIER for the %s"), what);
      reader->pos = start;
      return FALSE;
    }
  return TRUE;
}

static void
write_base128 (GByteArray *out,
               guint32     arc)
{
  guint8 bytes[5];
  int n = 0, i;

  do
    {
      bytes[n++] = arc & 0x7f;
      arc >>= 7;
    }
  while (arc > 0);
  for (i = n - 1; i >= 0; i--)
    rdp_pdu_write_u8 (out, bytes[i] | (i > 0 ? 0x80 : 0));
}

void
rdp_per_write_object_identifier (GByteArray    *out,
                                 const guint32 *arcs,
                                 gsize          n_arcs)
{
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  gsize i;

  g_return_if_fail (n_arcs >= 2);

  write_base128 (contents, arcs[0] * 40 + arcs[1]);
  for (i = 2; i < n_arcs; i++)
    write_base128 (contents, arcs[i]);
  g_return_if_fail (contents->len <= 0xff);
  rdp_pdu_write_u8 (out, (guint8) contents->len);
  rdp_pdu_write_bytes (out, contents->data, contents->len);
}

gboolean
rdp_per_read_octet_string (RdpPduReader  *reader,
                           gsize          min,
                           const guint8 **out_data,
                           gsize         *out_length,
                           GError       **error)
{
  gsize start = reader->pos;
  gsize length;

  if (!rdp_per_read_length (reader, &length, NULL, error))
    return FALSE;
  length += min;
  if (!rdp_pdu_reader_read_bytes (reader, length, out_data, error))
    {
      reader->pos = start;
      return FALSE;
    }
  *out_length = length;
  return TRUE;
}

gboolean
rdp_per_expect_octet_string (RdpPduReader *reader,
                             gsize         min,
                             const guint8 *expected,
                             gsize         length,
                             const char   *what,
                             GError      **error)
{
  gsize start = reader->pos;
  const guint8 *data;
  gsize got;

  if (!rdp_per_read_octet_string (reader, min, &data, &got, error))
    return FALSE;
  if (got != length || memcmp (data, expected, length) != 0)
    {
      rdp_pdu_set_invalid (error, _("unexpected value of the %s"), what);
      reader->pos = start;
      return FALSE;
    }
  return TRUE;
}

void
rdp_per_write_octet_string (GByteArray   *out,
                            const guint8 *data,
                            gsize         length,
                            gsize         min)
{
  g_return_if_fail (length >= min);

  rdp_per_write_length (out, length - min, FALSE);
  rdp_pdu_write_bytes (out, data, length);
}

gboolean
rdp_per_read_numeric_string (RdpPduReader *reader,
                             gsize         min,
                             char        **out_digits,
                             GError      **error)
{
  gsize start = reader->pos;
  const guint8 *packed;
  gsize count, i;
  char *digits;

  if (!rdp_per_read_length (reader, &count, NULL, error))
    return FALSE;
  count += min;
  if (!rdp_pdu_reader_read_bytes (reader, (count + 1) / 2, &packed, error))
    {
      reader->pos = start;
      return FALSE;
    }
  digits = g_malloc (count + 1);
  for (i = 0; i < count; i++)
    {
      guint nibble = (i % 2 == 0) ? packed[i / 2] >> 4 : packed[i / 2] & 0x0f;

      if (nibble > 9)
        {
          rdp_pdu_set_invalid (error, _("invalid PER NumericString: nibble 0x%x is not a digit"),
                               nibble);
          g_free (digits);
          reader->pos = start;
          return FALSE;
        }
      digits[i] = (char) ('0' + nibble);
    }
  digits[count] = '\0';
  *out_digits = digits;
  return TRUE;
}

void
rdp_per_write_numeric_string (GByteArray *out,
                              const char *digits,
                              gsize       min)
{
  gsize count = strlen (digits), i;

  g_return_if_fail (count >= min);

  rdp_per_write_length (out, count - min, FALSE);
  for (i = 0; i < count; i += 2)
    {
      guint8 high = (guint8) ((digits[i] - '0') % 10);
      guint8 low = i + 1 < count ? (guint8) ((digits[i + 1] - '0') % 10) : 0;

      rdp_pdu_write_u8 (out, (guint8) ((high << 4) | low));
    }
}
