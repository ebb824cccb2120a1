/* rdp-client-info.c: the Client Info PDU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-client-info-private.h"
#include "rdp-mcs-private.h"
#include "rdp-security-header-private.h"
#include "rdp-i18n-private.h"
#include "rdp-secret-private.h"

#define TIME_ZONE_NAME_SIZE 64
#define TIME_ZONE_SIZE 172

void
rdp_client_info_init (RdpClientInfo *info,
                      const char    *domain,
                      const char    *user_name,
                      const char    *password,
                      const char    *client_address)
{
  memset (info, 0, sizeof *info);
  info->flags = RDP_INFO_MOUSE | RDP_INFO_MOUSE_HAS_WHEEL | RDP_INFO_UNICODE |
    RDP_INFO_DISABLECTRLALTDEL | RDP_INFO_LOGONNOTIFY | RDP_INFO_LOGONERRORS |
    RDP_INFO_ENABLEWINDOWSKEY | RDP_INFO_MAXIMIZESHELL;
  if (password != NULL && password[0] != '\0')
    info->flags |= RDP_INFO_AUTOLOGON;
  info->domain = g_strdup (domain ? domain : "");
  info->user_name = g_strdup (user_name ? user_name : "");
  info->password = g_strdup (password ? password : "");
  info->alternate_shell = g_strdup ("");
  info->working_dir = g_strdup ("");
  info->extended = RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT;
  info->client_address_family = (client_address && strchr (client_address, ':'))
    ? RDP_CLIENT_AF_INET6 : RDP_CLIENT_AF_INET;
  info->client_address = g_strdup (client_address ? client_address : "");
  info->client_dir = g_strdup ("rdp-gio");
  info->time_zone.standard_name = g_strdup ("UTC");
  info->time_zone.daylight_name = g_strdup ("UTC");
  info->performance_flags = RDP_PERF_DISABLE_FULLWINDOWDRAG | RDP_PERF_DISABLE_MENUANIMATIONS |
    RDP_PERF_ENABLE_FONT_SMOOTHING;
}

void
rdp_client_info_clear (RdpClientInfo *info)
{
  g_clear_pointer (&info->domain, g_free);
  g_clear_pointer (&info->user_name, g_free);
  rdp_secret_free_string (g_steal_pointer (&info->password));
  g_clear_pointer (&info->alternate_shell, g_free);
  g_clear_pointer (&info->working_dir, g_free);
  g_clear_pointer (&info->client_address, g_free);
  g_clear_pointer (&info->client_dir, g_free);
  g_clear_pointer (&info->time_zone.standard_name, g_free);
  g_clear_pointer (&info->time_zone.daylight_name, g_free);
  g_clear_pointer (&info->auto_reconnect_cookie, g_bytes_unref);
  g_clear_pointer (&info->extra, g_bytes_unref);
}

/* ---- strings ---- */

/* UTF-16LE units of @string (NULL: empty); wiped and freed by the caller. */
static gunichar2 *
to_utf16 (const char *string,
          glong      *out_count,
          const char *what,
          GError    **error)
{
  gunichar2 *units = g_utf8_to_utf16 (string ? string : "", -1, NULL, out_count, NULL);

  if (units == NULL)
    rdp_pdu_set_invalid (error, _("Cannot encode the %s: it is not valid UTF-8"), what);
  return units;
}

static void
write_units (GByteArray      *out,
             const gunichar2 *units,
             glong            count)
{
  glong i;

  for (i = 0; i < count; i++)
    rdp_pdu_write_u16le (out, units[i]);
}

/* Converts @count bytes of UTF-16LE, stopping at the first NUL. */
static gboolean
from_utf16 (const guint8 *bytes,
            gsize         size,
            const char   *what,
            char        **out_string,
            GError      **error)
{
  g_autofree gunichar2 *units = g_new (gunichar2, size / 2 + 1);
  gsize n, count = size / 2;
  char *string;

  for (n = 0; n < count; n++)
    {
      units[n] = (gunichar2) (bytes[2 * n] | (bytes[2 * n + 1] << 8));
      if (units[n] == 0)
        break;
    }
  string = g_utf16_to_utf8 (units, (glong) n, NULL, NULL, NULL);
  rdp_secret_wipe (units, (size / 2 + 1) * sizeof (gunichar2));
  if (string == NULL)
    {
      rdp_pdu_set_invalid (error, _("the %s is not valid UTF-16"), what);
      return FALSE;
    }
  *out_string = string;
  return TRUE;
}

static gboolean read_utf16 (RdpPduReader *reader, gsize size, const char *what,
                            char **out_string, GError **error);

/* Reads @size bytes of UTF-16LE that must hold a NUL unit (when @size is
 * not 0). */
static gboolean
read_terminated_utf16 (RdpPduReader *reader,
                       gsize         size,
                       const char   *what,
                       char        **out_string,
                       GError      **error)
{
  const guint8 *bytes = rdp_pdu_reader_peek_ptr (reader);
  gsize i;

  if (size % 2 == 0 && size > 0 && rdp_pdu_reader_remaining (reader) >= size)
    {
      for (i = 0; i < size; i += 2)
        if (bytes[i] == 0 && bytes[i + 1] == 0)
          break;
      if (i == size)
        {
          rdp_pdu_set_invalid (error, _("the %s is not NUL-terminated"), what);
          return FALSE;
        }
    }
  return read_utf16 (reader, size, what, out_string, error);
}

/* Reads @size bytes of UTF-16LE. */
static gboolean
read_utf16 (RdpPduReader *reader,
            gsize         size,
            const char   *what,
            char        **out_string,
            GError      **error)
{
  const guint8 *bytes;

  if (size % 2 != 0)
    {
      rdp_pdu_set_invalid (error, _("the %s has an odd length of %lu bytes"), what, (gulong) size);
      return FALSE;
    }
  if (!rdp_pdu_reader_read_bytes (reader, size, &bytes, error))
    return FALSE;
  return from_utf16 (bytes, size, what, out_string, error);
}

/* ---- time zone ---- */

static gboolean
write_time_zone_name (GByteArray *out,
                      const char *name,
                      const char *what,
                      GError    **error)
{
  g_autofree gunichar2 *units = NULL;
  glong count;

  units = to_utf16 (name, &count, what, error);
  if (units == NULL)
    return FALSE;
  /* NUL-terminated unless it fills the field. */
  if (count > TIME_ZONE_NAME_SIZE / 2)
    {
      rdp_pdu_set_invalid (error, _("Cannot encode the %s: it has %ld UTF-16 units, more than %lu"),
                           what, count, (gulong) (TIME_ZONE_NAME_SIZE / 2));
      return FALSE;
    }
  write_units (out, units, count);
  rdp_pdu_write_zeros (out, TIME_ZONE_NAME_SIZE - 2 * count);
  return TRUE;
}

static gboolean
write_time_zone (GByteArray            *out,
                 const RdpTimeZoneInfo *tz,
                 GError               **error)
{
  rdp_pdu_write_u32le (out, (guint32) tz->bias);
  if (!write_time_zone_name (out, tz->standard_name, "standard time zone name", error))
    return FALSE;
  rdp_pdu_write_bytes (out, tz->standard_date, sizeof tz->standard_date);
  rdp_pdu_write_u32le (out, (guint32) tz->standard_bias);
  if (!write_time_zone_name (out, tz->daylight_name, "daylight time zone name", error))
    return FALSE;
  rdp_pdu_write_bytes (out, tz->daylight_date, sizeof tz->daylight_date);
  rdp_pdu_write_u32le (out, (guint32) tz->daylight_bias);
  return TRUE;
}

static gboolean
read_time_zone (RdpPduReader    *reader,
                RdpTimeZoneInfo *tz,
                GError         **error)
{
  const guint8 *date;
  guint32 value;

  if (!rdp_pdu_reader_need (reader, TIME_ZONE_SIZE, error))
    return FALSE;
  if (!rdp_pdu_reader_read_u32le (reader, &value, error))
    return FALSE;
  tz->bias = (gint32) value;
  if (!read_utf16 (reader, TIME_ZONE_NAME_SIZE, "standard time zone name", &tz->standard_name, error) ||
      !rdp_pdu_reader_read_bytes (reader, sizeof tz->standard_date, &date, error))
    return FALSE;
  memcpy (tz->standard_date, date, sizeof tz->standard_date);
  if (!rdp_pdu_reader_read_u32le (reader, &value, error))
    return FALSE;
  tz->standard_bias = (gint32) value;
  if (!read_utf16 (reader, TIME_ZONE_NAME_SIZE, "daylight time zone name", &tz->daylight_name, error) ||
      !rdp_pdu_reader_read_bytes (reader, sizeof tz->daylight_date, &date, error))
    return FALSE;
  memcpy (tz->daylight_date, date, sizeof tz->daylight_date);
  if (!rdp_pdu_reader_read_u32le (reader, &value, error))
    return FALSE;
  tz->daylight_bias = (gint32) value;
  return TRUE;
}

/* ---- TS_INFO_PACKET ---- */

typedef struct {
  gunichar2 *units;
  glong count;
} Utf16;

gboolean
rdp_client_info_write (GByteArray          *out,
                       const RdpClientInfo *info,
                       GError             **error)
{
  const char *strings[5] = { info->domain, info->user_name, info->password,
                             info->alternate_shell, info->working_dir };
  static const char * const names[5] = { "domain", "user name", "password",
                                         "alternate shell", "working directory" };
  Utf16 utf16[5] = { { 0 } };
  gboolean ok = FALSE;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      utf16[i].units = to_utf16 (strings[i], &utf16[i].count, names[i], error);
      if (utf16[i].units == NULL)
        goto out;
      if (utf16[i].count * 2 > RDP_CLIENT_INFO_MAX_FIELD_SIZE)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode the %s: it is longer than %u bytes"),
                               names[i], (guint) RDP_CLIENT_INFO_MAX_FIELD_SIZE);
          goto out;
        }
    }

  rdp_pdu_write_u32le (out, info->code_page);
  rdp_pdu_write_u32le (out, info->flags | RDP_INFO_UNICODE);
  /* cbDomain … cbWorkingDir: bytes without the terminator. */
  for (i = 0; i < G_N_ELEMENTS (utf16); i++)
    rdp_pdu_write_u16le (out, (guint16) (utf16[i].count * 2));
  for (i = 0; i < G_N_ELEMENTS (utf16); i++)
    {
      write_units (out, utf16[i].units, utf16[i].count);
      rdp_pdu_write_u16le (out, 0);
    }

  if (info->extended >= RDP_CLIENT_INFO_EXTENDED_DIR)
    {
      g_autofree gunichar2 *address = NULL, *dir = NULL;
      glong address_count, dir_count;

      address = to_utf16 (info->client_address, &address_count, "client address", error);
      if (address == NULL)
        goto out;
      dir = to_utf16 (info->client_dir, &dir_count, "client directory", error);
      if (dir == NULL)
        goto out;
      /* cbClientAddress and cbClientDir count the terminator. */
      if ((address_count + 1) * 2 > RDP_CLIENT_INFO_MAX_ADDRESS_SIZE ||
          (dir_count + 1) * 2 > RDP_CLIENT_INFO_MAX_FIELD_SIZE)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode the client address or directory: too long"));
          goto out;
        }
      rdp_pdu_write_u16le (out, info->client_address_family);
      rdp_pdu_write_u16le (out, (guint16) ((address_count + 1) * 2));
      write_units (out, address, address_count);
      rdp_pdu_write_u16le (out, 0);
      rdp_pdu_write_u16le (out, (guint16) ((dir_count + 1) * 2));
      write_units (out, dir, dir_count);
      rdp_pdu_write_u16le (out, 0);
    }
  if (info->extended >= RDP_CLIENT_INFO_EXTENDED_TIME_ZONE &&
      !write_time_zone (out, &info->time_zone, error))
    goto out;
  if (info->extended >= RDP_CLIENT_INFO_EXTENDED_SESSION_ID)
    rdp_pdu_write_u32le (out, info->client_session_id);
  if (info->extended >= RDP_CLIENT_INFO_EXTENDED_PERFORMANCE)
    rdp_pdu_write_u32le (out, info->performance_flags);
  if (info->extended >= RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT)
    {
      gsize cookie_length = info->auto_reconnect_cookie ? g_bytes_get_size (info->auto_reconnect_cookie) : 0;

      if (cookie_length > 128)
        {
          rdp_pdu_set_invalid (error, _("Cannot encode an auto-reconnect cookie of %lu bytes"),
                               (gulong) cookie_length);
          goto out;
        }
      rdp_pdu_write_u16le (out, (guint16) cookie_length);
      if (cookie_length > 0)
        rdp_pdu_write_bytes (out, g_bytes_get_data (info->auto_reconnect_cookie, NULL), cookie_length);
      if (info->extra != NULL)
        {
          if (g_bytes_get_size (info->extra) > 1024)
            {
              rdp_pdu_set_invalid (error, _("Cannot encode %lu bytes of extra client info"),
                                   (gulong) g_bytes_get_size (info->extra));
              goto out;
            }
          rdp_pdu_write_bytes (out, g_bytes_get_data (info->extra, NULL), g_bytes_get_size (info->extra));
        }
    }
  ok = TRUE;

out:
  for (i = 0; i < G_N_ELEMENTS (utf16); i++)
    if (utf16[i].units != NULL)
      {
        rdp_secret_wipe (utf16[i].units, utf16[i].count * sizeof (gunichar2));
        g_free (utf16[i].units);
      }
  return ok;
}

static gboolean
read_info_packet (RdpPduReader   *reader,
                  RdpClientInfo  *info,
                  GError        **error)
{
  static const char * const names[5] = { "domain", "user name", "password",
                                         "alternate shell", "working directory" };
  char **strings[5] = { &info->domain, &info->user_name, &info->password,
                        &info->alternate_shell, &info->working_dir };
  guint16 sizes[5], size;
  guint i;

  if (!rdp_pdu_reader_read_u32le (reader, &info->code_page, error) ||
      !rdp_pdu_reader_read_u32le (reader, &info->flags, error))
    return FALSE;
  if (!(info->flags & RDP_INFO_UNICODE))
    {
      rdp_pdu_set_invalid (error, _("the client info packet is not in Unicode"));
      return FALSE;
    }
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (!rdp_pdu_reader_read_u16le (reader, &sizes[i], error))
      return FALSE;
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      if (sizes[i] > RDP_CLIENT_INFO_MAX_FIELD_SIZE)
        {
          rdp_pdu_set_invalid (error, _("the client info %s is %u bytes long, more than %u"),
                               names[i], (guint) sizes[i], (guint) RDP_CLIENT_INFO_MAX_FIELD_SIZE);
          return FALSE;
        }
      /* The terminator follows the cb bytes. */
      if (!read_terminated_utf16 (reader, sizes[i] + 2u, names[i], strings[i], error))
        return FALSE;
    }

  info->extended = RDP_CLIENT_INFO_EXTENDED_NONE;
  if (rdp_pdu_reader_remaining (reader) == 0)
    return TRUE;

  if (!rdp_pdu_reader_read_u16le (reader, &info->client_address_family, error) ||
      !rdp_pdu_reader_read_u16le (reader, &size, error))
    return FALSE;
  if (size > RDP_CLIENT_INFO_MAX_ADDRESS_SIZE)
    {
      rdp_pdu_set_invalid (error, _("the client address is %u bytes long, more than %u"),
                           (guint) size, (guint) RDP_CLIENT_INFO_MAX_ADDRESS_SIZE);
      return FALSE;
    }
  if (!read_terminated_utf16 (reader, size, "client address", &info->client_address, error) ||
      !rdp_pdu_reader_read_u16le (reader, &size, error))
    return FALSE;
  if (size > RDP_CLIENT_INFO_MAX_FIELD_SIZE)
    {
      rdp_pdu_set_invalid (error, _("the client directory is %u bytes long, more than %u"),
                           (guint) size, (guint) RDP_CLIENT_INFO_MAX_FIELD_SIZE);
      return FALSE;
    }
  if (!read_terminated_utf16 (reader, size, "client directory", &info->client_dir, error))
    return FALSE;
  info->extended = RDP_CLIENT_INFO_EXTENDED_DIR;

  if (rdp_pdu_reader_remaining (reader) == 0)
    return TRUE;
  if (!read_time_zone (reader, &info->time_zone, error))
    return FALSE;
  info->extended = RDP_CLIENT_INFO_EXTENDED_TIME_ZONE;

  if (rdp_pdu_reader_remaining (reader) == 0)
    return TRUE;
  if (!rdp_pdu_reader_read_u32le (reader, &info->client_session_id, error))
    return FALSE;
  info->extended = RDP_CLIENT_INFO_EXTENDED_SESSION_ID;

  if (rdp_pdu_reader_remaining (reader) == 0)
    return TRUE;
  if (!rdp_pdu_reader_read_u32le (reader, &info->performance_flags, error))
    return FALSE;
  info->extended = RDP_CLIENT_INFO_EXTENDED_PERFORMANCE;

  if (rdp_pdu_reader_remaining (reader) == 0)
    return TRUE;
  if (!rdp_pdu_reader_read_u16le (reader, &size, error))
    return FALSE;
  if (size > 128)
    {
      rdp_pdu_set_invalid (error, _("the auto-reconnect cookie is %u bytes long, more than 128"),
                           (guint) size);
      return FALSE;
    }
  if (size > 0)
    {
      const guint8 *cookie;

      if (!rdp_pdu_reader_read_bytes (reader, size, &cookie, error))
        return FALSE;
      info->auto_reconnect_cookie = g_bytes_new (cookie, size);
    }
  info->extended = RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT;
  if (rdp_pdu_reader_remaining (reader) > 1024)
    {
      rdp_pdu_set_invalid (error, _("%lu unexpected bytes after the end of the %s"),
                           (gulong) rdp_pdu_reader_remaining (reader), "client info packet");
      return FALSE;
    }
  if (rdp_pdu_reader_remaining (reader) > 0)
    {
      info->extra = g_bytes_new (rdp_pdu_reader_peek_ptr (reader), rdp_pdu_reader_remaining (reader));
      reader->pos = reader->len;
    }
  return TRUE;
}

gboolean
rdp_client_info_decode (const guint8   *data,
                        gsize           length,
                        RdpClientInfo  *out_info,
                        GError        **error)
{
  RdpClientInfo info = { 0 };
  RdpPduReader reader;

  rdp_pdu_reader_init (&reader, data, length);
  if (!read_info_packet (&reader, &info, error))
    {
      rdp_client_info_clear (&info);
      return FALSE;
    }
  *out_info = info;
  return TRUE;
}

GBytes *
rdp_client_info_encode_pdu (guint16              initiator,
                            guint16              channel_id,
                            const RdpClientInfo *info,
                            GError             **error)
{
  /* Larger than the largest packet the encoder writes (the limits add up to
   * under 5 KiB), so that no reallocation leaves a copy of the password
   * behind in freed memory. */
  GByteArray *payload = rdp_secret_byte_array_new (6144);
  GByteArray *out;
  RdpSecurityHeader header = { RDP_SEC_INFO_PKT, 0 };
  RdpMcsDomainPdu pdu = { 0 };
  guint used;

  rdp_security_header_write (payload, &header);
  if (!rdp_client_info_write (payload, info, error))
    {
      rdp_secret_byte_array_free (payload);
      return NULL;
    }

  pdu.type = RDP_MCS_SEND_DATA_REQUEST;
  pdu.initiator = initiator;
  pdu.channel_id = channel_id;
  pdu.priority = RDP_MCS_PRIORITY_HIGH;
  pdu.segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END;
  pdu.user_data = payload->data;
  pdu.user_data_length = payload->len;

  /* Room for all of it up front, so that no reallocation leaves a copy of
   * the password behind in freed memory. */
  out = rdp_data_tpdu_begin ();
  used = out->len;
  g_byte_array_set_size (out, used + payload->len + 64);
  g_byte_array_set_size (out, used);
  if (!rdp_mcs_write_domain_pdu_body (out, &pdu, error))
    {
      rdp_secret_byte_array_free (payload);
      rdp_secret_byte_array_free (out);
      return NULL;
    }
  rdp_secret_byte_array_free (payload);
  /* The encoder limits every field: the PDU is far below 65535 bytes. */
  return rdp_data_tpdu_finish_secret (out, error);
}

gboolean
rdp_client_info_decode_pdu (const guint8   *data,
                            gsize           length,
                            guint16        *out_initiator,
                            guint16        *out_channel_id,
                            RdpClientInfo  *out_info,
                            GError        **error)
{
  RdpMcsDomainPdu pdu;
  RdpSecurityHeader header;
  RdpPduReader reader;

  if (!rdp_mcs_decode_domain_pdu (data, length, &pdu, error))
    return FALSE;
  if (pdu.type != RDP_MCS_SEND_DATA_REQUEST)
    {
      rdp_pdu_set_invalid (error, _("expected an MCS Send Data Request"));
      return FALSE;
    }
  rdp_pdu_reader_init (&reader, pdu.user_data, pdu.user_data_length);
  if (!rdp_security_header_read (&reader, &header, error))
    return FALSE;
  if (!(header.flags & RDP_SEC_INFO_PKT) || (header.flags & RDP_SEC_ENCRYPT))
    {
      rdp_pdu_set_invalid (error, _("security header flags 0x%04x are not those of an unencrypted Client Info PDU"),
                           (guint) header.flags);
      return FALSE;
    }
  if (!rdp_client_info_decode (rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader),
                               out_info, error))
    return FALSE;
  if (out_initiator)
    *out_initiator = pdu.initiator;
  if (out_channel_id)
    *out_channel_id = pdu.channel_id;
  return TRUE;
}
