/* test-share-caps.c: the security header, Client Info, Share Control/Data,
 * finalization and Demand/Confirm Active codecs against the vectors of
 * tests/vectors, and against truncated and garbled input
 *
 * Byte-exact re-encoding: every Share Control PDU vector (the decoders keep
 * pad1, uncompressedLength, pad2 and every capability set's bytes), the
 * TS_INFO_PACKET of spec 4.1.10, IronRDP and mstsc C10; the client-side
 * encoders against the vectors whose uncompressedLength follows mstsc's
 * rule (payload + 4): spec 4.1.14/4.1.15/4.1.16/4.2.1 and mstsc C13-C15
 * (whole wire PDUs). Font List is never byte-exact (the spec writes garbage,
 * mstsc 0, IronRDP the payload length).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-capabilities-private.h"
#include "rdp-client-info-private.h"
#include "rdp-mcs-private.h"
#include "rdp-security-header-private.h"
#include "rdp-share-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

/* The Share Control bytes of a vector: the MCS Send Data user data of a
 * wire PDU (TPKT), or the vector itself. */
static GBytes *
share_bytes (GBytes   *vector,
             guint16  *out_initiator,
             guint16  *out_channel)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);
  RdpMcsDomainPdu pdu;
  GError *error = NULL;

  if (length >= 4 && data[0] == 0x03 && data[1] == 0x00)
    {
      g_assert_true (rdp_mcs_decode_domain_pdu (data, length, &pdu, &error));
      g_assert_no_error (error);
      g_assert_true (pdu.type == RDP_MCS_SEND_DATA_REQUEST || pdu.type == RDP_MCS_SEND_DATA_INDICATION);
      if (out_initiator)
        *out_initiator = pdu.initiator;
      if (out_channel)
        *out_channel = pdu.channel_id;
      return g_bytes_new_from_bytes (vector, pdu.user_data - data, pdu.user_data_length);
    }
  return g_bytes_ref (vector);
}

/* Re-serializes a Share Data payload from what its decoder gave. */
static gboolean
decode_data_payload (const RdpShareDataHeader *header,
                     RdpPduReader             *payload,
                     GByteArray               *out,
                     GError                  **error)
{
  if (header->compressed_type & RDP_SHARE_PACKET_COMPRESSED)
    {
      rdp_pdu_write_bytes (out, rdp_pdu_reader_peek_ptr (payload), rdp_pdu_reader_remaining (payload));
      return TRUE;
    }
  switch (header->pdu_type2)
    {
    case RDP_SHARE_DATA_SYNCHRONIZE:
      {
        RdpShareSynchronize sync;

        if (!rdp_share_read_synchronize (payload, &sync, error))
          return FALSE;
        rdp_share_write_synchronize (out, &sync);
        return TRUE;
      }
    case RDP_SHARE_DATA_CONTROL:
      {
        RdpShareControl control;

        if (!rdp_share_read_control (payload, &control, error))
          return FALSE;
        rdp_share_write_control (out, &control);
        return TRUE;
      }
    case RDP_SHARE_DATA_FONT_LIST:
    case RDP_SHARE_DATA_FONT_MAP:
      {
        RdpShareFontList fonts;

        if (!rdp_share_read_font_list (payload, &fonts, error))
          return FALSE;
        rdp_share_write_font_list (out, &fonts);
        return TRUE;
      }
    case RDP_SHARE_DATA_SET_ERROR_INFO:
      {
        guint32 code;

        if (!rdp_share_read_set_error_info (payload, &code, error))
          return FALSE;
        rdp_pdu_write_u32le (out, code);
        return TRUE;
      }
    case RDP_SHARE_DATA_SAVE_SESSION_INFO:
      {
        RdpShareSaveSessionInfo info;

        if (!rdp_share_read_save_session_info (payload, &info, error))
          return FALSE;
        rdp_pdu_write_u32le (out, info.info_type);
        rdp_pdu_write_bytes (out, info.data, info.data_length);
        return TRUE;
      }
    case RDP_SHARE_DATA_SHUTDOWN_REQUEST:
    case RDP_SHARE_DATA_SHUTDOWN_DENIED:
      return rdp_share_read_empty (payload, error);
    default:
      rdp_pdu_write_bytes (out, rdp_pdu_reader_peek_ptr (payload), rdp_pdu_reader_remaining (payload));
      return TRUE;
    }
}

/* Decodes every Share Control PDU of @data and everything in it, appending
 * the re-encoding to @out. */
static gboolean
decode_share_all (const guint8 *data,
                  gsize         length,
                  GByteArray   *out,
                  GError      **error)
{
  RdpShareIter iter;
  RdpShareControlPdu pdu;
  guint count = 0;

  rdp_share_iter_init (&iter, data, length);
  while (rdp_share_iter_next (&iter, &pdu, error))
    {
      count++;
      switch ((int) pdu.type)
        {
        case RDP_SHARE_PDU_DEMAND_ACTIVE:
        case RDP_SHARE_PDU_CONFIRM_ACTIVE:
          {
            g_auto(RdpActivePdu) active = { 0 };
            g_auto(RdpServerCapabilities) caps = { 0 };

            if (!rdp_active_pdu_decode (&pdu, &active, error) ||
                !rdp_server_capabilities_parse (&active, &caps, error))
              return FALSE;
            g_assert_true (rdp_active_pdu_write (out, &active, NULL));
          }
          break;
        case RDP_SHARE_PDU_DEACTIVATE_ALL:
          {
            RdpShareDeactivateAll deactivate;

            if (!rdp_share_read_deactivate_all (&pdu, &deactivate, error))
              return FALSE;
            rdp_share_write_deactivate_all (out, pdu.source, &deactivate);
          }
          break;
        case RDP_SHARE_PDU_DATA:
          {
            g_autoptr(GByteArray) payload_out = g_byte_array_new ();
            RdpShareDataHeader header;
            RdpPduReader payload;

            if (!rdp_share_data_read (&pdu, &header, &payload, error) ||
                !decode_data_payload (&header, &payload, payload_out, error))
              return FALSE;
            rdp_share_data_write (out, pdu.source, &header, payload_out->data, payload_out->len);
          }
          break;
        case RDP_SHARE_PDU_FLOW:
          rdp_pdu_write_u16le (out, RDP_SHARE_FLOW_MARKER);
          rdp_pdu_write_u8 (out, 0);
          rdp_pdu_write_u8 (out, pdu.flow_type);
          rdp_pdu_write_u8 (out, pdu.flow_id);
          rdp_pdu_write_u8 (out, pdu.flow_number);
          rdp_pdu_write_u16le (out, pdu.source);
          break;
        default:
          rdp_share_control_write (out, pdu.type, pdu.source, pdu.body, pdu.body_length);
          break;
        }
    }
  if (error && *error)
    return FALSE;
  if (count == 0)
    {
      rdp_pdu_set_invalid (error, "no Share Control PDU");
      return FALSE;
    }
  return TRUE;
}

static gboolean
decode_client_info (const guint8 *data,
                    gsize         length,
                    GByteArray   *out,
                    GError      **error)
{
  g_auto(RdpClientInfo) info = { 0 };

  if (!rdp_client_info_decode (data, length, &info, error))
    return FALSE;
  g_assert_true (rdp_client_info_write (out, &info, NULL));
  return TRUE;
}

typedef gboolean (*TryFunc) (const guint8 *data,
                             gsize         length,
                             GByteArray   *out,
                             GError      **error);

/* Every proper prefix of @data, in an exact-size heap copy, fails with
 * RDP_ERROR_INVALID_DATA — or, where a shorter PDU is legal (optional
 * trailing fields, several PDUs back to back), decodes to exactly itself.
 * Random byte changes fail cleanly or decode. */
static void
check_bad_input (const guint8 *data,
                 gsize         length,
                 TryFunc       try_func,
                 gboolean      shorter_is_legal)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GError *error = NULL;
  guint round;
  gsize n;

  g_assert_true (try_func (data, length, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out->data, out->len, data, length);

  for (n = 0; n < length; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);

      g_byte_array_set_size (out, 0);
      if (try_func (copy, n, out, &error))
        {
          if (!shorter_is_legal)
            g_error ("a prefix of %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes decoded", n, length);
          g_assert_cmpmem (out->data, out->len, copy, n);
          continue;
        }
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }

  for (round = 0; round < (g_test_thorough () ? 20000u : 2000u); round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, length);

      rdp_test_garble (copy, length);
      g_byte_array_set_size (out, 0);
      if (!try_func (copy, length, out, &error))
        {
          rdp_test_assert_invalid_data (error);
          g_clear_error (&error);
        }
    }
}

/* The one Share Control PDU of @bytes. */
static void
decode_one (GBytes             *bytes,
            RdpShareControlPdu *out)
{
  GError *error = NULL;

  g_assert_true (rdp_share_control_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                           out, &error));
  g_assert_no_error (error);
}

/* ---- security header ---- */

static void
test_security_header (void)
{
  static const guint8 garbage[] = { 0x40, 0x00, 0xb9, 0x83 };
  static const guint8 valid[] = { 0x80, 0x80, 0x34, 0x12 };
  static const guint8 short_header[] = { 0x40, 0x00, 0xb9 };
  RdpSecurityHeader header;
  RdpPduReader reader;
  GError *error = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  rdp_pdu_reader_init (&reader, garbage, sizeof garbage);
  g_assert_true (rdp_security_header_read (&reader, &header, &error));
  g_assert_no_error (error);
  g_assert_cmphex (header.flags, ==, RDP_SEC_INFO_PKT);
  g_assert_cmphex (header.flags_hi, ==, 0x83b9);
  g_assert_cmphex (rdp_security_header_flags_hi (&header), ==, 0);
  rdp_security_header_write (out, &header);
  g_assert_cmpmem (out->data, out->len, garbage, sizeof garbage);

  rdp_pdu_reader_init (&reader, valid, sizeof valid);
  g_assert_true (rdp_security_header_read (&reader, &header, NULL));
  g_assert_cmphex (rdp_security_header_flags_hi (&header), ==, 0x1234);

  rdp_pdu_reader_init (&reader, short_header, sizeof short_header);
  g_assert_false (rdp_security_header_read (&reader, &header, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_cmpuint (reader.pos, ==, 0);
}

/* ---- Client Info ---- */

static void
assert_spec_client_info (const RdpClientInfo *info)
{
  g_assert_cmphex (info->code_page, ==, 0x04090409);
  g_assert_cmphex (info->flags, ==, 0x000043b3);
  g_assert_cmpstr (info->domain, ==, "NTDEV");
  g_assert_cmpstr (info->user_name, ==, "eltons");
  g_assert_cmpstr (info->password, ==, "");
  g_assert_cmpstr (info->alternate_shell, ==, "");
  g_assert_cmpstr (info->working_dir, ==, "");
  g_assert_cmpuint (info->client_address_family, ==, RDP_CLIENT_AF_INET);
  g_assert_cmpstr (info->client_address, ==, "157.59.242.156");
  g_assert_cmpstr (info->client_dir, ==, "C:\\depots\\w2k3_1\\termsrv\\newclient\\lib\\win32\\obj\\i386\\mstscax.dll");
  g_assert_cmpint (info->time_zone.bias, ==, 480);
  g_assert_cmpstr (info->time_zone.standard_name, ==, "Pacific Standard Time");
  g_assert_cmpstr (info->time_zone.daylight_name, ==, "Pacific Daylight Time");
  g_assert_cmpint (info->time_zone.daylight_bias, ==, -60);
  g_assert_cmpuint (info->client_session_id, ==, 0);
  g_assert_cmphex (info->performance_flags, ==, RDP_PERF_DISABLE_WALLPAPER);
  g_assert_null (info->auto_reconnect_cookie);
  g_assert_null (info->extra);
}

static void
assert_reencodes (const RdpClientInfo *info,
                  const guint8        *data,
                  gsize                length)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GError *error = NULL;

  g_assert_true (rdp_client_info_write (out, info, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out->data, out->len, data, length);
}

static void
test_client_info_spec (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.10_client_info_decrypted_ts_info_packet");
  g_auto(RdpClientInfo) info = { 0 };
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);
  GError *error = NULL;

  g_assert_true (rdp_client_info_decode (data, length, &info, &error));
  g_assert_no_error (error);
  assert_spec_client_info (&info);
  g_assert_cmpint (info.extended, ==, RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT);
  assert_reencodes (&info, data, length);
  check_bad_input (data, length, decode_client_info, TRUE);
}

static void
test_client_info_ironrdp (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("ironrdp_ts_info_packet_unicode");
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("ironrdp_client_info_pdu_sec_header_plus_ts_info_packet");
  g_auto(RdpClientInfo) info = { 0 };
  g_auto(RdpClientInfo) info2 = { 0 };
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);
  RdpSecurityHeader header;
  RdpPduReader reader;
  GError *error = NULL;

  g_assert_true (rdp_client_info_decode (data, length, &info, &error));
  g_assert_no_error (error);
  assert_spec_client_info (&info);
  /* IronRDP stops after performanceFlags. */
  g_assert_cmpint (info.extended, ==, RDP_CLIENT_INFO_EXTENDED_PERFORMANCE);
  assert_reencodes (&info, data, length);

  rdp_pdu_reader_init (&reader, g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu));
  g_assert_true (rdp_security_header_read (&reader, &header, &error));
  g_assert_cmphex (header.flags, ==, RDP_SEC_INFO_PKT);
  g_assert_cmphex (header.flags_hi, ==, 0);
  g_assert_true (rdp_client_info_decode (rdp_pdu_reader_peek_ptr (&reader),
                                         rdp_pdu_reader_remaining (&reader), &info2, &error));
  g_assert_no_error (error);
  assert_spec_client_info (&info2);
  assert_reencodes (&info2, rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader));
}

static void
test_client_info_mstsc (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("mstsc_tls_client_c10_client_info_sec_info_pkt");
  g_autoptr(GBytes) user_data = share_bytes (vector, NULL, NULL);
  g_auto(RdpClientInfo) info = { 0 };
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);
  const guint8 *payload = g_bytes_get_data (user_data, NULL);
  guint16 initiator = 0, channel = 0;
  RdpSecurityHeader header;
  RdpPduReader reader;
  GError *error = NULL;

  g_assert_true (rdp_client_info_decode_pdu (data, length, &initiator, &channel, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (initiator, ==, 1001);
  g_assert_cmpuint (channel, ==, RDP_MCS_GLOBAL_CHANNEL_ID);

  /* flagsHi 0x83b9 is garbage: SEC_FLAGSHI_VALID is not set. */
  rdp_pdu_reader_init (&reader, payload, g_bytes_get_size (user_data));
  g_assert_true (rdp_security_header_read (&reader, &header, NULL));
  g_assert_cmphex (header.flags, ==, RDP_SEC_INFO_PKT);
  g_assert_cmphex (header.flags_hi, ==, 0x83b9);
  g_assert_cmphex (rdp_security_header_flags_hi (&header), ==, 0);

  g_assert_cmphex (info.code_page, ==, 0x040c0409);
  g_assert_cmphex (info.flags, ==, 0x000147b3);
  g_assert_cmpstr (info.user_name, ==, "x");
  g_assert_cmpstr (info.domain, ==, "");
  g_assert_cmpstr (info.password, ==, "");
  g_assert_cmpstr (info.client_address, ==, "10.10.44.99");
  g_assert_cmpstr (info.client_dir, ==, "C:\\WINDOWS\\system32\\mstscax.dll");
  g_assert_cmpint (info.time_zone.bias, ==, -60);
  g_assert_cmpstr (info.time_zone.standard_name, ==, "Romance Standard Time");
  g_assert_cmpstr (info.time_zone.daylight_name, ==, "Romance Daylight Time");
  g_assert_cmpint (info.extended, ==, RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT);
  g_assert_null (info.auto_reconnect_cookie);
  /* reserved1 (0x0064), reserved2 */
  g_assert_nonnull (info.extra);
  g_assert_cmpuint (g_bytes_get_size (info.extra), ==, 4);
  assert_reencodes (&info, rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader));
  check_bad_input (rdp_pdu_reader_peek_ptr (&reader), rdp_pdu_reader_remaining (&reader),
                   decode_client_info, TRUE);
}

static void
test_client_info_build (void)
{
  g_auto(RdpClientInfo) info = { 0 };
  g_auto(RdpClientInfo) decoded = { 0 };
  g_autoptr(GBytes) pdu = NULL;
  guint16 initiator = 0, channel = 0;
  GError *error = NULL;
  char *long_name;

  rdp_client_info_init (&info, "DOMAIN", "üser", "pässwörd", "192.0.2.7");
  g_assert_true (info.flags & RDP_INFO_AUTOLOGON);
  pdu = rdp_client_info_encode_pdu (1004, RDP_MCS_GLOBAL_CHANNEL_ID, &info, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdu);
  g_assert_true (rdp_client_info_decode_pdu (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                             &initiator, &channel, &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (initiator, ==, 1004);
  g_assert_cmpuint (channel, ==, 1003);
  g_assert_cmphex (decoded.flags, ==, info.flags);
  g_assert_cmpstr (decoded.domain, ==, "DOMAIN");
  g_assert_cmpstr (decoded.user_name, ==, "üser");
  g_assert_cmpstr (decoded.password, ==, "pässwörd");
  g_assert_cmpstr (decoded.client_address, ==, "192.0.2.7");
  g_assert_cmpstr (decoded.client_dir, ==, "rdp-gio");
  g_assert_cmpstr (decoded.time_zone.standard_name, ==, "UTC");
  g_assert_cmpint (decoded.extended, ==, RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT);
  g_assert_null (decoded.auto_reconnect_cookie);
  g_assert_null (decoded.extra);
  g_assert_cmphex (decoded.performance_flags, ==, 0x86);
  g_bytes_unref (g_steal_pointer (&pdu));

  /* Over the limits: refused, not truncated. */
  long_name = g_strnfill (257, 'a');
  g_free (info.user_name);
  info.user_name = long_name;
  g_assert_null (rdp_client_info_encode_pdu (1004, 1003, &info, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_free (info.user_name);
  info.user_name = g_strdup ("\xff");
  g_assert_null (rdp_client_info_encode_pdu (1004, 1003, &info, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- Demand / Confirm Active ---- */

typedef struct {
  guint16 type;
  guint16 length;   /* lengthCapability, 0: not checked */
} CapExpect;

static void
assert_caps (const RdpActivePdu *pdu,
             const CapExpect    *expected,
             guint               count)
{
  guint i;

  g_assert_cmpuint (pdu->caps->len, ==, count);
  for (i = 0; i < count; i++)
    {
      const RdpCapabilitySet *set = &g_array_index (pdu->caps, RdpCapabilitySet, i);

      g_assert_cmpuint (set->type, ==, expected[i].type);
      if (expected[i].length)
        g_assert_cmpuint (g_bytes_get_size (set->data) + 4, ==, expected[i].length);
    }
}

static void
decode_active (const char   *name,
               RdpActivePdu *out,
               GBytes      **out_share)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (name);
  g_autoptr(GByteArray) again = g_byte_array_new ();
  RdpShareControlPdu control;
  GError *error = NULL;

  *out_share = share_bytes (vector, NULL, NULL);
  decode_one (*out_share, &control);
  g_assert_true (rdp_active_pdu_decode (&control, out, &error));
  g_assert_no_error (error);
  g_assert_true (rdp_active_pdu_write (again, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (again->data, again->len, g_bytes_get_data (*out_share, NULL),
                   g_bytes_get_size (*out_share));
  check_bad_input (g_bytes_get_data (*out_share, NULL), g_bytes_get_size (*out_share),
                   decode_share_all, FALSE);
}

static void
test_demand_active_spec (void)
{
  static const CapExpect expected[] = {
    { RDP_CAPSET_SHARE, 8 }, { RDP_CAPSET_GENERAL, 24 }, { RDP_CAPSET_VIRTUALCHANNEL, 8 },
    { RDP_CAPSET_DRAWGDIPLUS, 40 }, { RDP_CAPSET_FONT, 4 }, { RDP_CAPSET_BITMAP, 28 },
    { RDP_CAPSET_ORDER, 88 }, { RDP_CAPSET_COLORCACHE, 8 }, { RDP_CAPSET_BITMAPCACHE_HOSTSUPPORT, 8 },
    { RDP_CAPSET_POINTER, 10 }, { RDP_CAPSET_INPUT, 88 }, { RDP_CAPSET_RAIL, 8 },
    { RDP_CAPSET_WINDOW, 11 },
  };
  g_auto(RdpActivePdu) pdu = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GBytes) share = NULL;
  GError *error = NULL;

  decode_active ("bcgr_4.1.12_server_demand_active_decrypted", &pdu, &share);
  g_assert_cmpuint (g_bytes_get_size (share), ==, 359);
  g_assert_cmpint (pdu.pdu_type, ==, RDP_SHARE_PDU_DEMAND_ACTIVE);
  g_assert_cmpuint (pdu.source, ==, 1002);
  g_assert_cmphex (pdu.share_id, ==, 0x000103ea);
  g_assert_cmpmem (g_bytes_get_data (pdu.source_descriptor, NULL), g_bytes_get_size (pdu.source_descriptor),
                   "RDP", 4);
  assert_caps (&pdu, expected, G_N_ELEMENTS (expected));
  g_assert_true (pdu.has_session_id);
  g_assert_cmpuint (pdu.session_id, ==, 0);

  g_assert_true (rdp_server_capabilities_parse (&pdu, &caps, &error));
  g_assert_no_error (error);
  g_assert_true (caps.has_general && caps.has_bitmap && caps.has_order && caps.has_pointer &&
                 caps.has_input && caps.has_virtual_channel);
  g_assert_false (caps.has_multifragment_update || caps.has_large_pointer || caps.has_surface_commands);
  g_assert_null (caps.bitmap_codecs);
  g_assert_cmpuint (caps.vc_chunk_size, ==, 0);   /* 8-byte set: no VCChunkSize */
  g_assert_cmpuint (caps.desktop_width, ==, 1280);
  g_assert_cmpuint (caps.desktop_height, ==, 1024);
  g_assert_cmpuint (caps.preferred_bits_per_pixel, ==, 24);
}

static void
test_demand_active_w2008 (void)
{
  static const CapExpect expected[] = {
    { RDP_CAPSET_SHARE, 0 }, { RDP_CAPSET_GENERAL, 0 }, { RDP_CAPSET_VIRTUALCHANNEL, 12 },
    { RDP_CAPSET_DRAWGDIPLUS, 0 }, { RDP_CAPSET_FONT, 8 }, { RDP_CAPSET_BITMAP, 0 },
    { RDP_CAPSET_BITMAP_CODECS, 27 }, { RDP_CAPSET_ORDER, 0 }, { RDP_CAPSET_COLORCACHE, 0 },
    { RDP_CAPSET_BITMAPCACHE_HOSTSUPPORT, 0 }, { RDP_CAPSET_POINTER, 0 },
    { RDP_CAPSET_LARGE_POINTER, 0 }, { RDP_CAPSET_INPUT, 0 }, { RDP_CAPSET_RAIL, 0 },
    { RDP_CAPSET_WINDOW, 0 }, { RDP_CAPSET_COMPDESK, 0 }, { RDP_CAPSET_MULTIFRAGMENTUPDATE, 0 },
    { RDP_CAPSET_SURFACE_COMMANDS, 0 },
  };
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_auto(RdpActivePdu) pdu = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GBytes) share = NULL;
  g_autoptr(GBytes) again = NULL;
  guint16 initiator = 0, channel = 0;
  GError *error = NULL;

  g_clear_pointer (&share, g_bytes_unref);
  share = share_bytes (vector, &initiator, &channel);
  g_assert_cmpuint (initiator, ==, 1002);
  g_assert_cmpuint (channel, ==, 1003);
  g_clear_pointer (&share, g_bytes_unref);

  decode_active ("w2008tls_server_s08_demand_active", &pdu, &share);
  g_assert_cmpuint (g_bytes_get_size (share), ==, 426);
  g_assert_cmpuint (pdu.source, ==, 1002);
  g_assert_cmphex (pdu.share_id, ==, 0x000103ea);
  assert_caps (&pdu, expected, G_N_ELEMENTS (expected));
  g_assert_true (pdu.has_session_id);
  g_assert_cmpuint (pdu.session_id, ==, 0);

  g_assert_true (rdp_server_capabilities_parse (&pdu, &caps, &error));
  g_assert_no_error (error);
  g_assert_true (caps.has_multifragment_update && caps.has_large_pointer && caps.has_surface_commands);
  g_assert_nonnull (caps.bitmap_codecs);
  g_assert_cmpuint (g_bytes_get_size (caps.bitmap_codecs), ==, 23);
  g_test_message ("w2008 desktop %ux%u, %u bpp, extraFlags 0x%04x, input 0x%04x, max request %u",
                  caps.desktop_width, caps.desktop_height, caps.preferred_bits_per_pixel,
                  caps.extra_flags, caps.input_flags, caps.max_request_size);
  g_assert_cmpuint (caps.desktop_width, ==, 1024);
  g_assert_cmpuint (caps.desktop_height, ==, 768);
  g_assert_cmpuint (caps.preferred_bits_per_pixel, ==, 16);
  g_assert_true (caps.desktop_resize);
  g_assert_true (caps.extra_flags & RDP_FASTPATH_OUTPUT_SUPPORTED);
  g_assert_cmpuint (caps.max_request_size, ==, 0x94af);

  /* Wrapped back into the Send Data Indication it came in: the wire bytes. */
  {
    RdpMcsDomainPdu mcs;

    g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                              &mcs, NULL));
    again = rdp_mcs_encode_domain_pdu (&mcs, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (again, vector));
  }
}

static void
test_demand_active_ironrdp (void)
{
  g_auto(RdpActivePdu) pdu = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GBytes) share = NULL;
  const RdpCapabilitySet *set;

  decode_active ("ironrdp_server_demand_active_pdu_sharecontrol", &pdu, &share);
  g_assert_cmpuint (g_bytes_get_size (share), ==, 367);
  g_assert_cmpuint (pdu.caps->len, ==, 13);
  set = rdp_active_pdu_find (&pdu, RDP_CAPSET_VIRTUALCHANNEL);
  g_assert_nonnull (set);
  g_assert_cmpuint (g_bytes_get_size (set->data), ==, 8);
  set = rdp_active_pdu_find (&pdu, RDP_CAPSET_FONT);
  g_assert_nonnull (set);
  g_assert_cmpuint (g_bytes_get_size (set->data), ==, 4);
  g_assert_true (rdp_server_capabilities_parse (&pdu, &caps, NULL));
}

static void
test_confirm_active_vectors (void)
{
  static const CapExpect spec[] = {
    { RDP_CAPSET_GENERAL, 0 }, { RDP_CAPSET_BITMAP, 0 }, { RDP_CAPSET_ORDER, 0 },
    { RDP_CAPSET_BITMAPCACHE_REV2, 0 }, { RDP_CAPSET_COLORCACHE, 0 }, { RDP_CAPSET_ACTIVATION, 0 },
    { RDP_CAPSET_CONTROL, 0 }, { RDP_CAPSET_POINTER, 0 }, { RDP_CAPSET_SHARE, 0 },
    { RDP_CAPSET_INPUT, 0 }, { RDP_CAPSET_SOUND, 0 }, { RDP_CAPSET_FONT, 0 },
    { RDP_CAPSET_GLYPHCACHE, 0 }, { RDP_CAPSET_BRUSH, 0 }, { RDP_CAPSET_OFFSCREENCACHE, 0 },
    { RDP_CAPSET_VIRTUALCHANNEL, 8 }, { RDP_CAPSET_DRAWNINEGRIDCACHE, 0 }, { RDP_CAPSET_DRAWGDIPLUS, 0 },
  };
  static const CapExpect mstsc[] = {
    { RDP_CAPSET_GENERAL, 0 }, { RDP_CAPSET_BITMAP, 0 }, { RDP_CAPSET_ORDER, 0 },
    { RDP_CAPSET_BITMAPCACHE, 0 }, { RDP_CAPSET_COLORCACHE, 0 }, { RDP_CAPSET_ACTIVATION, 0 },
    { RDP_CAPSET_CONTROL, 0 }, { RDP_CAPSET_POINTER, 0 }, { RDP_CAPSET_SHARE, 0 },
    { RDP_CAPSET_INPUT, 0 }, { RDP_CAPSET_SOUND, 0 }, { RDP_CAPSET_FONT, 0 },
    { RDP_CAPSET_GLYPHCACHE, 0 }, { RDP_CAPSET_BRUSH, 0 }, { RDP_CAPSET_OFFSCREENCACHE, 0 },
    { RDP_CAPSET_VIRTUALCHANNEL, 12 }, { RDP_CAPSET_DRAWNINEGRIDCACHE, 0 },
    { RDP_CAPSET_MULTIFRAGMENTUPDATE, 0 },
  };
  g_autoptr(GBytes) share = NULL;

  {
    g_auto(RdpActivePdu) pdu = { 0 };

    decode_active ("bcgr_4.1.13_client_confirm_active_decrypted", &pdu, &share);
    g_assert_cmpuint (g_bytes_get_size (share), ==, 492);
    g_assert_cmpint (pdu.pdu_type, ==, RDP_SHARE_PDU_CONFIRM_ACTIVE);
    g_assert_cmpuint (pdu.source, ==, 1007);
    g_assert_cmphex (pdu.share_id, ==, 0x000103ea);
    g_assert_cmpuint (pdu.originator_id, ==, 1002);
    g_assert_cmpmem (g_bytes_get_data (pdu.source_descriptor, NULL),
                     g_bytes_get_size (pdu.source_descriptor), "MSTSC", 6);
    assert_caps (&pdu, spec, G_N_ELEMENTS (spec));
    g_assert_false (pdu.has_session_id);
    g_clear_pointer (&share, g_bytes_unref);
  }
  {
    g_auto(RdpActivePdu) pdu = { 0 };

    decode_active ("mstsc_tls_client_c12_confirm_active", &pdu, &share);
    g_assert_cmpuint (g_bytes_get_size (share), ==, 464);
    g_assert_cmpuint (pdu.source, ==, 1001);
    g_assert_cmphex (pdu.share_id, ==, 0x00010002);
    g_assert_cmpuint (pdu.originator_id, ==, 1001);
    assert_caps (&pdu, mstsc, G_N_ELEMENTS (mstsc));
    g_clear_pointer (&share, g_bytes_unref);
  }
  {
    g_auto(RdpActivePdu) pdu = { 0 };

    decode_active ("ironrdp_client_confirm_active_pdu_sharecontrol", &pdu, &share);
    g_assert_cmpuint (g_bytes_get_size (share), ==, 496);
    g_assert_cmpuint (pdu.originator_id, ==, 1002);
    g_assert_cmpuint (pdu.caps->len, ==, 18);
    g_clear_pointer (&share, g_bytes_unref);
  }
}

static void
test_confirm_active_build (void)
{
  static const guint16 types[] = {
    RDP_CAPSET_GENERAL, RDP_CAPSET_BITMAP, RDP_CAPSET_ORDER, RDP_CAPSET_BITMAPCACHE,
    RDP_CAPSET_POINTER, RDP_CAPSET_INPUT, RDP_CAPSET_BRUSH, RDP_CAPSET_GLYPHCACHE,
    RDP_CAPSET_OFFSCREENCACHE, RDP_CAPSET_VIRTUALCHANNEL, RDP_CAPSET_SOUND,
    RDP_CAPSET_MULTIFRAGMENTUPDATE, RDP_CAPSET_LARGE_POINTER, RDP_CAPSET_SURFACE_COMMANDS,
  };
  /* lengthCapability of each, as [MS-RDPBCGR] 2.2.7 gives them */
  static const guint16 lengths[] = { 24, 28, 88, 40, 10, 88, 8, 52, 12, 12, 8, 8, 6, 12 };
  static const char source[] = "RDPGIO";
  RdpGeneralCapset general = { .os_major_type = 4, .protocol_version = 0x0200,
                               .extra_flags = RDP_FASTPATH_OUTPUT_SUPPORTED | RDP_AUTORECONNECT_SUPPORTED,
                               .refresh_rect_support = 1 };
  RdpBitmapCapset bitmap = { .preferred_bits_per_pixel = 32, .desktop_width = 1920,
                             .desktop_height = 1080, .desktop_resize_flag = 1,
                             .bitmap_compression_flag = 1, .drawing_flags = 0x08 };
  RdpOrderCapset order = { .order_flags = 0x000a, .maximum_order_level = 1,
                           .order_support = { [0] = 1, [31] = 1 }, .order_support_ex_flags = 2 };
  RdpBitmapCacheCapset bitmap_cache = { { 200, 600, 1000 }, { 256, 1024, 4096 } };
  RdpPointerCapset pointer = { 1, 20, 21 };
  RdpInputCapset input = { RDP_INPUT_FLAG_SCANCODES | RDP_INPUT_FLAG_UNICODE, 0x407, 4, 0, 12 };
  RdpBrushCapset brush = { 1 };
  RdpGlyphCacheCapset glyph_cache = { .frag_cache = 0x01000100, .glyph_support_level = 3 };
  RdpOffscreenCacheCapset offscreen = { 1, 7680, 500 };
  RdpVirtualChannelCapset virtual_channel = { 1, 1600 };
  RdpSoundCapset sound = { 1 };
  g_auto(RdpActivePdu) pdu = { 0 };
  g_auto(RdpActivePdu) decoded = { 0 };
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  RdpShareControlPdu control;
  GError *error = NULL;
  guint i;

  pdu.pdu_type = RDP_SHARE_PDU_CONFIRM_ACTIVE;
  pdu.source = 1007;
  pdu.share_id = 0x000103ea;
  pdu.originator_id = 1002;
  pdu.source_descriptor = g_bytes_new_static (source, sizeof source);
  rdp_active_pdu_add_general (&pdu, &general);
  rdp_active_pdu_add_bitmap (&pdu, &bitmap);
  rdp_active_pdu_add_order (&pdu, &order);
  rdp_active_pdu_add_bitmap_cache (&pdu, &bitmap_cache);
  rdp_active_pdu_add_pointer (&pdu, &pointer);
  rdp_active_pdu_add_input (&pdu, &input);
  rdp_active_pdu_add_brush (&pdu, &brush);
  rdp_active_pdu_add_glyph_cache (&pdu, &glyph_cache);
  rdp_active_pdu_add_offscreen_cache (&pdu, &offscreen);
  rdp_active_pdu_add_virtual_channel (&pdu, &virtual_channel);
  rdp_active_pdu_add_sound (&pdu, &sound);
  rdp_active_pdu_add_multifragment (&pdu, 0x00123456);
  rdp_active_pdu_add_large_pointer (&pdu, RDP_LARGE_POINTER_FLAG_384x384);
  rdp_active_pdu_add_surface_commands (&pdu, RDP_SURFCMDS_FRAME_MARKER);
  g_assert_true (rdp_active_pdu_write (out, &pdu, &error));
  g_assert_no_error (error);
  g_assert_true (rdp_share_control_decode (out->data, out->len, &control, &error));
  g_assert_cmpint (control.type, ==, RDP_SHARE_PDU_CONFIRM_ACTIVE);
  g_assert_cmpuint (control.source, ==, 1007);
  g_assert_true (rdp_active_pdu_decode (&control, &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (decoded.originator_id, ==, 1002);
  g_assert_cmpmem (g_bytes_get_data (decoded.source_descriptor, NULL),
                   g_bytes_get_size (decoded.source_descriptor), "RDPGIO", 7);
  g_assert_cmpuint (decoded.caps->len, ==, G_N_ELEMENTS (types));
  for (i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const RdpCapabilitySet *set = &g_array_index (decoded.caps, RdpCapabilitySet, i);

      g_assert_cmpuint (set->type, ==, types[i]);
      g_assert_cmpuint (g_bytes_get_size (set->data) + 4, ==, lengths[i]);
    }
  /* The parser reads what the encoders wrote. */
  g_assert_true (rdp_server_capabilities_parse (&decoded, &caps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (caps.os_major_type, ==, 4);
  g_assert_cmphex (caps.extra_flags, ==, RDP_FASTPATH_OUTPUT_SUPPORTED | RDP_AUTORECONNECT_SUPPORTED);
  g_assert_true (caps.refresh_rect_support);
  g_assert_false (caps.suppress_output_support);
  g_assert_cmpuint (caps.desktop_width, ==, 1920);
  g_assert_cmpuint (caps.desktop_height, ==, 1080);
  g_assert_cmpuint (caps.preferred_bits_per_pixel, ==, 32);
  g_assert_true (caps.desktop_resize);
  g_assert_cmphex (caps.drawing_flags, ==, 0x08);
  g_assert_cmphex (caps.order_flags, ==, 0x000a);
  for (i = 0; i < 32; i++)
    g_assert_cmpuint (caps.order_support[i], ==, i == 0 || i == 31);
  g_assert_cmphex (caps.order_support_ex_flags, ==, 2);
  g_assert_true (caps.color_pointer);
  g_assert_cmpuint (caps.color_pointer_cache_size, ==, 20);
  g_assert_cmpuint (caps.pointer_cache_size, ==, 21);
  g_assert_cmphex (caps.input_flags, ==, RDP_INPUT_FLAG_SCANCODES | RDP_INPUT_FLAG_UNICODE);
  g_assert_cmphex (caps.vc_flags, ==, 1);
  g_assert_cmpuint (caps.vc_chunk_size, ==, 1600);
  g_assert_cmphex (caps.max_request_size, ==, 0x00123456);
  g_assert_cmphex (caps.large_pointer_flags, ==, RDP_LARGE_POINTER_FLAG_384x384);
  g_assert_cmphex (caps.surface_command_flags, ==, RDP_SURFCMDS_FRAME_MARKER);
  /* and the sets it does not parse, where the values go */
  {
    const RdpCapabilitySet *set = rdp_active_pdu_find (&decoded, RDP_CAPSET_BITMAPCACHE);
    const guint8 *d = g_bytes_get_data (set->data, NULL);

    g_assert_cmpuint (d[24] | d[25] << 8, ==, 200);
    g_assert_cmpuint (d[34] | d[35] << 8, ==, 4096);
    set = rdp_active_pdu_find (&decoded, RDP_CAPSET_INPUT);
    d = g_bytes_get_data (set->data, NULL);
    g_assert_cmphex (d[4] | d[5] << 8, ==, 0x407);
    g_assert_cmpuint (d[16], ==, 12);
    set = rdp_active_pdu_find (&decoded, RDP_CAPSET_OFFSCREENCACHE);
    d = g_bytes_get_data (set->data, NULL);
    g_assert_cmpuint (d[4] | d[5] << 8, ==, 7680);
    g_assert_cmpuint (d[6] | d[7] << 8, ==, 500);
  }
  check_bad_input (out->data, out->len, decode_share_all, FALSE);
}

/* ---- finalization PDUs ---- */

typedef struct {
  const char *name;
  guint16 source;
  guint32 share_id;
  guint8 stream_id;
  guint16 uncompressed_length;
  guint8 pdu_type2;
  /* Synchronize: a = messageType, b = targetUser; Control: a = action,
   * b = grantId, c = controlId; Font List/Map: a = number, b = total,
   * c = flags, d = entrySize. */
  guint32 a, b, c, d;
} DataCase;

static const DataCase data_cases[] = {
  { "bcgr_4.1.14_client_synchronize_decrypted", 1007, 0x103ea, 1, 8, 31, 1, 1002 },
  { "bcgr_4.1.15_client_control_cooperate_decrypted", 1007, 0x103ea, 1, 12, 20, 4, 0, 0 },
  { "bcgr_4.1.16_client_control_request_control_decrypted", 1007, 0x103ea, 1, 12, 20, 1, 0, 0 },
  { "bcgr_4.1.18_client_font_list_decrypted", 1007, 0x103ea, 1, 0xda3b, 39, 0, 0, 3, 0x32 },
  { "bcgr_4.1.19_server_synchronize_decrypted", 1002, 0x103ea, 0, 22, 31, 1, 0x4463 },
  { "bcgr_4.1.20_server_control_cooperate_decrypted", 1002, 0x103ea, 2, 26, 20, 4, 0, 0 },
  { "bcgr_4.1.21_server_control_granted_control_decrypted", 1002, 0x103ea, 2, 26, 20, 2, 1007, 1002 },
  { "bcgr_4.1.22_server_font_map_decrypted", 1002, 0x103ea, 2, 26, 40, 0, 0, 3, 4 },
  { "bcgr_4.2.1_client_shutdown_request_decrypted", 1007, 0x203ea, 1, 4, 36 },
  { "bcgr_4.2.2_server_shutdown_denied_decrypted", 1002, 0x203ea, 2, 18, 37 },
  { "w2008tls_server_s09_synchronize", 1002, 0x103ea, 2, 22, 31, 1, 0 },
  { "w2008tls_server_s10_control_cooperate", 1002, 0x103ea, 2, 26, 20, 4, 0, 0 },
  { "w2008tls_server_s11_control_granted_control", 1002, 0x103ea, 2, 26, 20, 2, 1004, 1002 },
  { "w2008tls_server_s12_font_map", 1002, 0x103ea, 2, 26, 40, 0, 0, 3, 4 },
  { "mstsc_tls_client_c13_synchronize", 1001, 0x10002, 1, 8, 31, 1, 0x3e9 },
  { "mstsc_tls_client_c14_control_cooperate", 1001, 0x10002, 1, 12, 20, 4, 0, 0 },
  { "mstsc_tls_client_c15_control_request_control", 1001, 0x10002, 1, 12, 20, 1, 0, 0 },
  { "mstsc_tls_client_c17_font_list", 1001, 0x10002, 1, 0, 39, 0, 0, 3, 0x32 },
  { "ironrdp_sharedata_client_synchronize", 1007, 0x103ea, 1, 4, 31, 1, 0x3ea },
  { "ironrdp_sharedata_control_cooperate", 1007, 0x103ea, 1, 8, 20, 4, 0, 0 },
  { "ironrdp_sharedata_control_request_control", 1007, 0x103ea, 1, 8, 20, 1, 0, 0 },
  { "ironrdp_sharedata_server_granted_control", 1002, 0x103ea, 2, 0, 20, 2, 1007, 1002 },
  { "ironrdp_sharedata_client_font_list", 1007, 0x103ea, 1, 0, 39, 0, 0, 3, 50 },
  { "ironrdp_sharedata_server_font_map", 1002, 0x103ea, 2, 0, 40, 0, 0, 3, 4 },
};

static void
test_finalization_vectors (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (data_cases); i++)
    {
      const DataCase *c = &data_cases[i];
      g_autoptr(GBytes) vector = rdp_test_load_vector (c->name);
      g_autoptr(GBytes) share = share_bytes (vector, NULL, NULL);
      RdpShareControlPdu pdu;
      RdpShareDataHeader header;
      RdpPduReader payload;
      GError *error = NULL;

      g_test_message ("%s", c->name);
      decode_one (share, &pdu);
      g_assert_cmpint (pdu.type, ==, RDP_SHARE_PDU_DATA);
      g_assert_cmphex (pdu.version, ==, RDP_SHARE_PROTOCOL_VERSION);
      g_assert_cmpuint (pdu.total_length, ==, g_bytes_get_size (share));
      g_assert_cmpuint (pdu.source, ==, c->source);
      g_assert_true (rdp_share_data_read (&pdu, &header, &payload, &error));
      g_assert_no_error (error);
      g_assert_cmphex (header.share_id, ==, c->share_id);
      g_assert_cmpuint (header.stream_id, ==, c->stream_id);
      if (c->uncompressed_length != 0 || !g_str_has_prefix (c->name, "ironrdp_"))
        g_assert_cmpuint (header.uncompressed_length, ==, c->uncompressed_length);
      g_assert_cmpuint (header.pdu_type2, ==, c->pdu_type2);
      g_assert_cmpuint (header.compressed_type, ==, 0);

      switch (c->pdu_type2)
        {
        case RDP_SHARE_DATA_SYNCHRONIZE:
          {
            RdpShareSynchronize sync;

            g_assert_true (rdp_share_read_synchronize (&payload, &sync, &error));
            g_assert_cmpuint (sync.message_type, ==, c->a);
            g_assert_cmpuint (sync.target_user, ==, c->b);
          }
          break;
        case RDP_SHARE_DATA_CONTROL:
          {
            RdpShareControl control;

            g_assert_true (rdp_share_read_control (&payload, &control, &error));
            g_assert_cmpuint (control.action, ==, c->a);
            g_assert_cmpuint (control.grant_id, ==, c->b);
            g_assert_cmpuint (control.control_id, ==, c->c);
          }
          break;
        case RDP_SHARE_DATA_FONT_LIST:
        case RDP_SHARE_DATA_FONT_MAP:
          {
            RdpShareFontList fonts;

            g_assert_true (rdp_share_read_font_list (&payload, &fonts, &error));
            g_assert_cmpuint (fonts.number, ==, c->a);
            g_assert_cmpuint (fonts.total_number, ==, c->b);
            g_assert_cmpuint (fonts.flags, ==, c->c);
            g_assert_cmpuint (fonts.entry_size, ==, c->d);
          }
          break;
        default:
          g_assert_true (rdp_share_read_empty (&payload, &error));
          break;
        }
      g_assert_no_error (error);
      check_bad_input (g_bytes_get_data (share, NULL), g_bytes_get_size (share), decode_share_all, FALSE);
    }
}

static void
test_uncompressed_length_ignored (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.14_client_synchronize_decrypted");
  gsize length;
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (vector, &length), g_bytes_get_size (vector));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint values[] = { 0, 1, 0xda3b, 0xffff }, i;

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    {
      GError *error = NULL;

      copy[12] = values[i] & 0xff;
      copy[13] = values[i] >> 8;
      g_byte_array_set_size (out, 0);
      g_assert_true (decode_share_all (copy, length, out, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (out->data, out->len, copy, length);
    }
}

static void
test_client_encoders (void)
{
  g_autoptr(GBytes) sync = rdp_share_encode_client_synchronize (1007, 0x103ea, 1002);
  g_autoptr(GBytes) cooperate = rdp_share_encode_client_control (1007, 0x103ea, RDP_SHARE_CTRLACTION_COOPERATE);
  g_autoptr(GBytes) request = rdp_share_encode_client_control (1007, 0x103ea,
                                                               RDP_SHARE_CTRLACTION_REQUEST_CONTROL);
  g_autoptr(GBytes) shutdown = rdp_share_encode_shutdown_request (1007, 0x203ea);
  g_autoptr(GBytes) fonts = rdp_share_encode_client_font_list (1007, 0x103ea);
  g_autoptr(GBytes) v_sync = rdp_test_load_vector ("bcgr_4.1.14_client_synchronize_decrypted");
  g_autoptr(GBytes) v_cooperate = rdp_test_load_vector ("bcgr_4.1.15_client_control_cooperate_decrypted");
  g_autoptr(GBytes) v_request = rdp_test_load_vector ("bcgr_4.1.16_client_control_request_control_decrypted");
  g_autoptr(GBytes) v_shutdown = rdp_test_load_vector ("bcgr_4.2.1_client_shutdown_request_decrypted");
  g_autoptr(GBytes) v_fonts = rdp_test_load_vector ("bcgr_4.1.18_client_font_list_decrypted");
  const char * const mstsc_names[] = {
    "mstsc_tls_client_c13_synchronize", "mstsc_tls_client_c14_control_cooperate",
    "mstsc_tls_client_c15_control_request_control",
  };
  RdpShareControlPdu pdu;
  RdpShareDataHeader header;
  RdpPduReader payload;
  RdpShareFontList list;
  guint i;

  g_assert_true (g_bytes_equal (sync, v_sync));
  g_assert_true (g_bytes_equal (cooperate, v_cooperate));
  g_assert_true (g_bytes_equal (request, v_request));
  g_assert_true (g_bytes_equal (shutdown, v_shutdown));
  /* Font List: equal but for uncompressedLength (garbage in the spec). */
  g_assert_cmpuint (g_bytes_get_size (fonts), ==, g_bytes_get_size (v_fonts));
  g_assert_cmpmem (g_bytes_get_data (fonts, NULL), 12, g_bytes_get_data (v_fonts, NULL), 12);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (fonts, NULL) + 14, 12,
                   (const guint8 *) g_bytes_get_data (v_fonts, NULL) + 14, 12);
  decode_one (fonts, &pdu);
  g_assert_true (rdp_share_data_read (&pdu, &header, &payload, NULL));
  g_assert_cmpuint (header.uncompressed_length, ==, 12);
  g_assert_true (rdp_share_read_font_list (&payload, &list, NULL));
  g_assert_cmpuint (list.flags, ==, 3);
  g_assert_cmpuint (list.entry_size, ==, 50);

  /* mstsc's whole wire PDUs, Send Data Request included. */
  for (i = 0; i < G_N_ELEMENTS (mstsc_names); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (mstsc_names[i]);
      g_autoptr(GBytes) share = NULL;
      g_autoptr(GBytes) wire = NULL;
      GError *error = NULL;

      share = i == 0 ? rdp_share_encode_client_synchronize (1001, 0x10002, 0x3e9)
        : rdp_share_encode_client_control (1001, 0x10002, i == 1 ? RDP_SHARE_CTRLACTION_COOPERATE
                                           : RDP_SHARE_CTRLACTION_REQUEST_CONTROL);
      wire = rdp_mcs_encode_send_data_request (1001, RDP_MCS_GLOBAL_CHANNEL_ID,
                                               g_bytes_get_data (share, NULL), g_bytes_get_size (share),
                                               &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (wire, vector));
    }
}

static void
test_four_in_one (void)
{
  static const guint8 types[] = { RDP_SHARE_DATA_UPDATE, RDP_SHARE_DATA_UPDATE, RDP_SHARE_DATA_UPDATE,
                                  RDP_SHARE_DATA_POINTER };
  static const guint16 lengths[] = { 22, 50, 22, 26 };
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s13_sdi_with_4_concatenated_share_data_pdus");
  guint16 initiator = 0, channel = 0;
  g_autoptr(GBytes) share = share_bytes (vector, &initiator, &channel);
  RdpShareIter iter;
  RdpShareControlPdu pdu;
  GError *error = NULL;
  guint count = 0;

  g_assert_cmpuint (g_bytes_get_size (share), ==, 120);
  g_assert_cmpuint (initiator, ==, 1002);
  g_assert_cmpuint (channel, ==, 1003);
  rdp_share_iter_init (&iter, g_bytes_get_data (share, NULL), g_bytes_get_size (share));
  while (rdp_share_iter_next (&iter, &pdu, &error))
    {
      RdpShareDataHeader header;
      RdpPduReader payload;

      g_assert_cmpuint (count, <, 4);
      g_assert_cmpint (pdu.type, ==, RDP_SHARE_PDU_DATA);
      g_assert_cmpuint (pdu.total_length, ==, lengths[count]);
      g_assert_cmpuint (pdu.source, ==, 1002);
      g_assert_true (rdp_share_data_read (&pdu, &header, &payload, NULL));
      g_assert_cmphex (header.share_id, ==, 0x103ea);
      g_assert_cmpuint (header.pdu_type2, ==, types[count]);
      g_assert_cmpuint (rdp_pdu_reader_remaining (&payload), ==, lengths[count] - 18u);
      count++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 4);
  check_bad_input (g_bytes_get_data (share, NULL), g_bytes_get_size (share), decode_share_all, TRUE);

  /* A totalLength that runs past the buffer ends the iteration with an error. */
  {
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (share, NULL), g_bytes_get_size (share));

    copy[22] = 0xff;   /* the second PDU's totalLength */
    rdp_share_iter_init (&iter, copy, g_bytes_get_size (share));
    g_assert_true (rdp_share_iter_next (&iter, &pdu, &error));
    g_assert_false (rdp_share_iter_next (&iter, &pdu, &error));
    rdp_test_assert_invalid_data (error);
    g_clear_error (&error);
    g_assert_false (rdp_share_iter_next (&iter, &pdu, &error));
    g_assert_no_error (error);
  }
}

static void
test_save_session_info (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s24_save_session_info");
  g_autoptr(GBytes) share = share_bytes (vector, NULL, NULL);
  RdpShareControlPdu pdu;
  RdpShareDataHeader header;
  RdpPduReader payload;
  RdpShareSaveSessionInfo info;
  GError *error = NULL;

  decode_one (share, &pdu);
  g_assert_cmpuint (pdu.total_length, ==, 610);
  g_assert_true (rdp_share_data_read (&pdu, &header, &payload, &error));
  g_assert_cmpuint (header.pdu_type2, ==, RDP_SHARE_DATA_SAVE_SESSION_INFO);
  g_assert_cmpuint (header.stream_id, ==, 1);
  g_assert_true (rdp_share_read_save_session_info (&payload, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.info_type, ==, RDP_SHARE_INFOTYPE_LOGON_EXTENDED_INF);
  g_assert_cmpuint (info.data_length, ==, 610 - 18 - 4);
  check_bad_input (g_bytes_get_data (share, NULL), g_bytes_get_size (share), decode_share_all, FALSE);
}

static void
test_error_info_deactivate_flow (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autoptr(GByteArray) again = g_byte_array_new ();
  static const guint8 flow[] = { 0x00, 0x80, 0x00, 0x42, 0x01, 0x02, 0xea, 0x03 };
  RdpShareDataHeader header;
  RdpShareDeactivateAll deactivate = { 0x103ea, TRUE, (const guint8 *) "RDP", 4 };
  RdpShareDeactivateAll decoded;
  RdpShareControlPdu pdu;
  RdpShareIter iter;
  RdpPduReader reader;
  guint32 code = 0;
  GError *error = NULL;
  static const guint8 share_id_only[] = { 0x0a, 0x00, 0x16, 0x00, 0xea, 0x03, 0xea, 0x03, 0x01, 0x00 };

  /* Set Error Info (ERRINFO_RPC_INITIATED_DISCONNECT) then Deactivate All
   * then a flow PDU, back to back. */
  rdp_pdu_write_u32le (payload, 0x00000001);
  rdp_share_data_header_init (&header, 0x103ea, RDP_SHARE_STREAM_LOW, RDP_SHARE_DATA_SET_ERROR_INFO,
                              payload->len);
  rdp_share_data_write (out, 1002, &header, payload->data, payload->len);
  rdp_share_write_deactivate_all (out, 1002, &deactivate);
  rdp_pdu_write_bytes (out, flow, sizeof flow);

  rdp_share_iter_init (&iter, out->data, out->len);
  g_assert_true (rdp_share_iter_next (&iter, &pdu, &error));
  g_assert_true (rdp_share_data_read (&pdu, &header, &reader, &error));
  g_assert_cmpuint (header.pdu_type2, ==, RDP_SHARE_DATA_SET_ERROR_INFO);
  g_assert_true (rdp_share_read_set_error_info (&reader, &code, &error));
  g_assert_cmphex (code, ==, 1);
  g_assert_true (rdp_share_iter_next (&iter, &pdu, &error));
  g_assert_cmpint (pdu.type, ==, RDP_SHARE_PDU_DEACTIVATE_ALL);
  g_assert_true (rdp_share_read_deactivate_all (&pdu, &decoded, &error));
  g_assert_cmphex (decoded.share_id, ==, 0x103ea);
  g_assert_true (decoded.has_source_descriptor);
  g_assert_cmpmem (decoded.source_descriptor, decoded.source_descriptor_length, "RDP", 4);
  g_assert_true (rdp_share_iter_next (&iter, &pdu, &error));
  g_assert_cmpint (pdu.type, ==, RDP_SHARE_PDU_FLOW);
  g_assert_cmpuint (pdu.flow_type, ==, 0x42);
  g_assert_cmpuint (pdu.flow_id, ==, 1);
  g_assert_cmpuint (pdu.flow_number, ==, 2);
  g_assert_cmpuint (pdu.source, ==, 1002);
  g_assert_false (rdp_share_iter_next (&iter, &pdu, &error));
  g_assert_no_error (error);

  g_assert_true (decode_share_all (out->data, out->len, again, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (again->data, again->len, out->data, out->len);
  check_bad_input (out->data, out->len, decode_share_all, TRUE);

  /* A Deactivate All with the share id only. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (share_id_only, sizeof share_id_only);

    decode_one (bytes, &pdu);
  }
  g_assert_true (rdp_share_read_deactivate_all (&pdu, &decoded, &error));
  g_assert_false (decoded.has_source_descriptor);

  /* A Share Data decoder refuses other PDUs, and a header shorter than 6. */
  g_assert_false (rdp_share_data_read (&pdu, &header, &reader, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  {
    static const guint8 tiny[] = { 0x04, 0x00, 0x17, 0x00 };

    g_assert_false (rdp_share_control_decode (tiny, sizeof tiny, &pdu, &error));
    rdp_test_assert_invalid_data (error);
    g_clear_error (&error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/security-header/flags-hi", test_security_header);
  g_test_add_func ("/client-info/spec-4.1.10", test_client_info_spec);
  g_test_add_func ("/client-info/ironrdp", test_client_info_ironrdp);
  g_test_add_func ("/client-info/mstsc-c10", test_client_info_mstsc);
  g_test_add_func ("/client-info/build", test_client_info_build);
  g_test_add_func ("/demand-active/spec-4.1.12", test_demand_active_spec);
  g_test_add_func ("/demand-active/w2008", test_demand_active_w2008);
  g_test_add_func ("/demand-active/ironrdp", test_demand_active_ironrdp);
  g_test_add_func ("/confirm-active/vectors", test_confirm_active_vectors);
  g_test_add_func ("/confirm-active/build", test_confirm_active_build);
  g_test_add_func ("/share/finalization-vectors", test_finalization_vectors);
  g_test_add_func ("/share/uncompressed-length-ignored", test_uncompressed_length_ignored);
  g_test_add_func ("/share/client-encoders", test_client_encoders);
  g_test_add_func ("/share/four-in-one-sdi", test_four_in_one);
  g_test_add_func ("/share/save-session-info", test_save_session_info);
  g_test_add_func ("/share/error-info-deactivate-flow", test_error_info_deactivate_flow);

  return g_test_run ();
}
