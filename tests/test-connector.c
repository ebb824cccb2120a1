/* test-connector.c: RdpConnector driven through whole recorded connection
 * sequences without any socket, and the drivers (rdp_connect_begin/
 * finalize, async and blocking) over in-memory streams
 *
 * The server side is the recorded replies of a real Windows Server 2008
 * over TLS (tests/vectors/w2008tls_server_*) and the [MS-RDPBCGR] 4.1
 * annotated sequence (bcgr_*); what the connector sends is checked against
 * the spec's and IronRDP's vectors where they are comparable, and decoded
 * and checked field by field otherwise.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-utils.h"
#include "rdp-connection-result-private.h"
#include "rdp-connector-private.h"
#include "rdp-x224-private.h"
#include "rdp-mcs-private.h"
#include "rdp-gcc-private.h"
#include "rdp-client-info-private.h"
#include "rdp-share-private.h"
#include "rdp-capabilities-private.h"
#include "rdp-license-private.h"
#include "rdp-security-header-private.h"
#include "rdp-license-client-private.h"
#include "rdp-autodetect-private.h"

static RdpSettings *
make_settings (const char          *username,
               RdpSecurityProtocol  protocols)
{
  RdpSettings *settings = rdp_settings_new ();

  rdp_settings_set_username (settings, username);
  rdp_settings_set_password (settings, "secret");
  rdp_settings_set_security_protocols (settings, protocols);
  return settings;
}

static void
assert_bytes_equal (GBytes *actual,
                    GBytes *expected)
{
  gsize actual_length, expected_length;
  const guint8 *a = g_bytes_get_data (actual, &actual_length);
  const guint8 *e = g_bytes_get_data (expected, &expected_length);

  g_assert_cmpmem (a, actual_length, e, expected_length);
}

/* The randoms of the client that recorded the Windows 2008 exchange
 * (redemption, with rdesktop's "null client keys"): a zero client random
 * and premaster secret. The server's MAC on its Platform Challenge (S6)
 * checks out only with them. */
static gboolean
null_random (guint8   *buffer,
             gsize     size,
             gpointer  user_data)
{
  memset (buffer, 0, size);
  return TRUE;
}

static GBytes *
step_ok (RdpConnector *connector,
         GBytes       *input)
{
  g_autoptr(GError) error = NULL;
  GBytes *output;

  g_assert_cmpint (rdp_connector_wants_input (connector), ==, input != NULL);
  if (input != NULL)
    g_assert_cmpint (rdp_connector_get_pdu_hint (connector), ==, RDP_PDU_HINT_X224);
  output = rdp_connector_step (connector, input, &error);
  g_assert_no_error (error);
  return output;
}

static void
feed_vector (RdpConnector *connector,
             const char   *name)
{
  g_autoptr(GBytes) input = rdp_test_load_vector (name);
  g_autoptr(GBytes) output = step_ok (connector, input);

  g_assert_null (output);
}

/* Splits concatenated TPKT PDUs. */
static GPtrArray *
split_pdus (GBytes *bytes)
{
  GPtrArray *pdus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize length, offset = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  while (offset < length)
    {
      gsize pdu_length;

      g_assert_cmpuint (length - offset, >=, 4);
      g_assert_cmphex (data[offset], ==, 3);
      pdu_length = (data[offset + 2] << 8) | data[offset + 3];
      g_assert_cmpuint (pdu_length, >=, 4);
      g_assert_cmpuint (pdu_length, <=, length - offset);
      g_ptr_array_add (pdus, g_bytes_new_from_bytes (bytes, offset, pdu_length));
      offset += pdu_length;
    }
  return pdus;
}

/* Decodes a Send Data Request and checks where it goes; returns its share
 * control PDU. */
static void
decode_send_data_request (GBytes             *pdu,
                          guint16             initiator,
                          guint16             channel_id,
                          RdpShareControlPdu *out_share)
{
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu mcs;

  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                            &mcs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mcs.type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (mcs.initiator, ==, initiator);
  g_assert_cmpuint (mcs.channel_id, ==, channel_id);
  if (out_share)
    {
      g_assert_true (rdp_share_control_decode (mcs.user_data, mcs.user_data_length, out_share, &error));
      g_assert_no_error (error);
    }
}

static void
check_share_data (GBytes           *pdu,
                  guint16           user_id,
                  guint32           share_id,
                  RdpShareDataType  type,
                  RdpPduReader     *out_payload)
{
  g_autoptr(GError) error = NULL;
  RdpShareControlPdu share;
  RdpShareDataHeader header;

  decode_send_data_request (pdu, user_id, 1003, &share);
  g_assert_cmpint (share.type, ==, RDP_SHARE_PDU_DATA);
  g_assert_cmpuint (share.source, ==, user_id);
  g_assert_true (rdp_share_data_read (&share, &header, out_payload, &error));
  g_assert_no_error (error);
  g_assert_cmphex (header.share_id, ==, share_id);
  g_assert_cmpuint (header.pdu_type2, ==, type);
}

/* The Windows Server 2008 sequence over TLS up to the licensing, as far
 * as it is common to every test below. */
static RdpConnector *
run_w2008_to_licensing_with_codecs (GPtrArray       **out_sent,
                                    RdpBitmapCodecs   codecs)
{
  g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
  RdpConnector *connector;
  GPtrArray *sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) initial = NULL;
  g_autoptr(GBytes) attach = NULL;
  g_autoptr(GBytes) join_user = NULL;
  g_autoptr(GBytes) join_io = NULL;
  g_autoptr(GBytes) info = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) erect_vector = NULL;
  g_autoptr(GBytes) attach_vector = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpX224ConnectionRequest) request = { 0 };
  g_auto(RdpMcsConnectInitial) mcs_initial = { 0 };
  g_auto(RdpGccClientData) gcc = { 0 };
  g_auto(RdpClientInfo) client_info = { 0 };
  RdpMcsDomainPdu join;
  guint16 initiator, channel;

  g_object_set (settings, "desktop-width", 1280, "desktop-height", 800, "client-name", "TESTHOST", NULL);
  rdp_settings_set_bitmap_codecs (settings, codecs);
  connector = rdp_connector_new (settings);
  rdp_connector_set_random (connector, null_random, NULL);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTION_REQUEST);
  g_assert_null (rdp_connector_get_result (connector));

  /* X.224 Connection Request: cookie from the user name, PROTOCOL_SSL */
  cr = step_ok (connector, NULL);
  g_assert_nonnull (cr);
  g_assert_true (rdp_x224_decode_connection_request (g_bytes_get_data (cr, NULL), g_bytes_get_size (cr),
                                                     &request, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (request.cookie, ==, "User");
  g_assert_true (request.has_negotiation_request);
  g_assert_cmphex (request.requested_protocols, ==, RDP_X224_PROTOCOL_SSL);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTION_CONFIRM);
  g_ptr_array_add (sent, g_bytes_ref (cr));

  /* the Connection Confirm selects SSL: the TLS point */
  feed_vector (connector, "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_SECURITY_UPGRADE);
  g_assert_true (rdp_connector_should_upgrade_security (connector));
  g_assert_false (rdp_connector_wants_input (connector));
  g_assert_cmpint (rdp_connector_get_selected_protocol (connector), ==, RDP_SECURITY_PROTOCOL_TLS);
  g_assert_null (rdp_connector_step (connector, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
  g_clear_error (&error);
  rdp_connector_mark_as_upgraded (connector);
  g_assert_false (rdp_connector_should_perform_credssp (connector));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);

  /* MCS Connect-Initial */
  initial = step_ok (connector, NULL);
  g_assert_true (rdp_mcs_decode_connect_initial (g_bytes_get_data (initial, NULL), g_bytes_get_size (initial),
                                                 &mcs_initial, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mcs_initial.target_parameters.max_channel_ids, ==, 34);
  g_assert_true (rdp_gcc_decode_conference_create_request (g_bytes_get_data (mcs_initial.user_data, NULL),
                                                           g_bytes_get_size (mcs_initial.user_data),
                                                           &gcc, &error));
  g_assert_no_error (error);
  g_assert_true (gcc.has_core);
  g_assert_cmpuint (gcc.core.desktop_width, ==, 1280);
  g_assert_cmpuint (gcc.core.desktop_height, ==, 800);
  g_assert_cmpstr (gcc.core.client_name, ==, "TESTHOST");
  g_assert_cmphex (gcc.core.keyboard_layout, ==, 0x409);
  g_assert_cmphex (gcc.core.server_selected_protocol, ==, RDP_X224_PROTOCOL_SSL);
  g_assert_cmphex (gcc.core.early_capability_flags & RDP_GCC_RNS_UD_CS_SUPPORT_SKIP_CHANNELJOIN, !=, 0);
  g_assert_cmphex (gcc.core.early_capability_flags & RDP_GCC_RNS_UD_CS_WANT_32BPP_SESSION, !=, 0);
  g_assert_cmphex (gcc.core.early_capability_flags & RDP_GCC_RNS_UD_CS_SUPPORT_ERRINFO_PDU, !=, 0);
  g_assert_true (gcc.has_security);
  g_assert_cmphex (gcc.encryption_methods, ==, 0);
  g_assert_true (gcc.has_cluster);
  g_assert_false (gcc.has_network);  /* no static channels */
  /* the server supports extended client data: a message channel, for
   * connect-time auto-detection; no multitransport */
  g_assert_true (gcc.has_message_channel);
  g_assert_cmphex (gcc.core.early_capability_flags & RDP_GCC_RNS_UD_CS_SUPPORT_NETCHAR_AUTODETECT, !=, 0);
  g_assert_false (gcc.has_multitransport);
  g_ptr_array_add (sent, g_bytes_ref (initial));

  feed_vector (connector, "w2008tls_server_s01_mcs_connect_response_no_rdp_security");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_ATTACH_USER);

  /* Erect Domain + Attach User Request: byte for byte the spec's */
  attach = step_ok (connector, NULL);
  erect_vector = rdp_test_load_vector ("bcgr_4.1.5_client_mcs_erect_domain_request");
  attach_vector = rdp_test_load_vector ("bcgr_4.1.6_client_mcs_attach_user_request");
  expected = rdp_test_concat (erect_vector, attach_vector, NULL);
  assert_bytes_equal (attach, expected);
  g_ptr_array_add (sent, g_bytes_ref (attach));

  /* user 1004; join the user channel, then the I/O channel */
  feed_vector (connector, "w2008tls_server_s02_mcs_attach_user_confirm_1004");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
  join_user = step_ok (connector, NULL);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (join_user, NULL), g_bytes_get_size (join_user),
                                            &join, &error));
  g_assert_no_error (error);
  g_assert_cmpint (join.type, ==, RDP_MCS_CHANNEL_JOIN_REQUEST);
  g_assert_cmpuint (join.initiator, ==, 1004);
  g_assert_cmpuint (join.channel_id, ==, 1004);
  g_ptr_array_add (sent, g_bytes_ref (join_user));
  feed_vector (connector, "w2008tls_server_s03_mcs_channel_join_confirm_1004");

  join_io = step_ok (connector, NULL);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (join_io, NULL), g_bytes_get_size (join_io),
                                            &join, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (join.initiator, ==, 1004);
  g_assert_cmpuint (join.channel_id, ==, 1003);
  g_ptr_array_add (sent, g_bytes_ref (join_io));
  feed_vector (connector, "w2008tls_server_s04_mcs_channel_join_confirm_1003");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);

  /* Client Info */
  info = step_ok (connector, NULL);
  g_assert_true (rdp_client_info_decode_pdu (g_bytes_get_data (info, NULL), g_bytes_get_size (info),
                                             &initiator, &channel, &client_info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (initiator, ==, 1004);
  g_assert_cmpuint (channel, ==, 1003);
  g_assert_cmpstr (client_info.user_name, ==, "User");
  g_assert_cmpstr (client_info.password, ==, "secret");
  g_assert_cmphex (client_info.flags & RDP_INFO_UNICODE, !=, 0);
  g_ptr_array_add (sent, g_bytes_ref (info));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_LICENSING);

  if (out_sent)
    *out_sent = sent;
  else
    g_ptr_array_unref (sent);
  return connector;
}

static RdpConnector *
run_w2008_to_licensing (GPtrArray **out_sent)
{
  return run_w2008_to_licensing_with_codecs (out_sent, RDP_BITMAP_CODECS_NSCODEC);
}

/* The server's replies after the licensing (test_w2008_sequence goes
 * straight to STATUS_VALID_CLIENT; test_w2008_licensing and the driver
 * tests run the recorded License Request and Platform Challenge too). */
static const char * const w2008_after_licensing[] = {
  "w2008tls_server_s08_demand_active",
  "w2008tls_server_s09_synchronize",
  "w2008tls_server_s10_control_cooperate",
  "w2008tls_server_s11_control_granted_control",
  "w2008tls_server_s12_font_map",
};

/* What the client advertises (connector/rdp-connector-capabilities.c):
 * every set, in order, with the length [MS-RDPBCGR] 2.2.7 gives it, and
 * the values that matter. Without @nscodec (RdpSettings:bitmap-codecs
 * NONE) there is no Bitmap Codecs set at all. */
static void
check_client_capabilities (const RdpActivePdu *confirm,
                           guint16             width,
                           guint16             height,
                           guint16             bpp,
                           gboolean            nscodec)
{
  static const guint16 types[] = {
    RDP_CAPSET_GENERAL, RDP_CAPSET_BITMAP, RDP_CAPSET_ORDER, RDP_CAPSET_BITMAPCACHE,
    RDP_CAPSET_POINTER, RDP_CAPSET_INPUT, RDP_CAPSET_BRUSH, RDP_CAPSET_GLYPHCACHE,
    RDP_CAPSET_OFFSCREENCACHE, RDP_CAPSET_VIRTUALCHANNEL, RDP_CAPSET_SOUND,
    RDP_CAPSET_MULTIFRAGMENTUPDATE, RDP_CAPSET_LARGE_POINTER, RDP_CAPSET_SURFACE_COMMANDS,
    RDP_CAPSET_BITMAP_CODECS, RDP_CAPSET_FRAME_ACKNOWLEDGE,
  };
  static const guint16 lengths[] = { 24, 28, 88, 40, 10, 88, 8, 52, 12, 12, 8, 8, 6, 12, 27, 8 };
  /* one codec: CODEC_GUID_NSCODEC ([MS-RDPNSC] 2.2.1) as id 1, with its
   * TS_NSCODEC_CAPABILITYSET (dynamic fidelity, subsampling, loss 3) */
  static const guint8 codecs[] = {
    1, 0xb9, 0x1b, 0x8d, 0xca, 0x0f, 0x00, 0x4f, 0x15, 0x58, 0x9f, 0xae, 0x2d, 0x1a, 0x87, 0xe2,
    0xd6, 1, 3, 0, 1, 1, 3,
  };
  const RdpCapabilitySet *set;
  g_auto(RdpServerCapabilities) caps = { 0 };
  g_autoptr(GError) error = NULL;
  const RdpCapabilitySet *input;
  const guint8 *d;

  g_assert_cmpmem (g_bytes_get_data (confirm->source_descriptor, NULL),
                   g_bytes_get_size (confirm->source_descriptor), "RDPGIO", 7);
  g_assert_cmpuint (confirm->caps->len, ==, G_N_ELEMENTS (types) - (nscodec ? 0 : 1));
  for (guint i = 0, n = 0; i < G_N_ELEMENTS (types); i++)
    {
      const RdpCapabilitySet *set;

      if (!nscodec && types[i] == RDP_CAPSET_BITMAP_CODECS)
        continue;
      set = &g_array_index (confirm->caps, RdpCapabilitySet, n++);
      g_assert_cmpuint (set->type, ==, types[i]);
      g_assert_cmpuint (g_bytes_get_size (set->data) + 4, ==, lengths[i]);
    }
  g_assert_true (rdp_server_capabilities_parse (confirm, &caps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (caps.os_major_type, ==, 4);
  g_assert_cmphex (caps.extra_flags, ==, RDP_FASTPATH_OUTPUT_SUPPORTED | RDP_NO_BITMAP_COMPRESSION_HDR |
                   RDP_LONG_CREDENTIALS_SUPPORTED | RDP_AUTORECONNECT_SUPPORTED);
  g_assert_cmpuint (caps.desktop_width, ==, width);
  g_assert_cmpuint (caps.desktop_height, ==, height);
  g_assert_cmpuint (caps.preferred_bits_per_pixel, ==, bpp);
  g_assert_true (caps.desktop_resize);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpuint (caps.order_support[i], ==, 0);
  g_assert_true (caps.color_pointer);
  g_assert_cmpuint (caps.color_pointer_cache_size, ==, 25);
  g_assert_cmpuint (caps.pointer_cache_size, ==, 25);
  g_assert_cmphex (caps.input_flags, ==, RDP_INPUT_FLAG_SCANCODES | RDP_INPUT_FLAG_MOUSEX |
                   RDP_INPUT_FLAG_FASTPATH_INPUT | RDP_INPUT_FLAG_UNICODE |
                   RDP_INPUT_FLAG_FASTPATH_INPUT2 | RDP_INPUT_FLAG_MOUSE_HWHEEL);
  g_assert_cmpuint (caps.vc_flags, ==, 0);
  g_assert_cmpuint (caps.vc_chunk_size, ==, 1600);
  g_assert_cmpuint (caps.max_request_size, ==, 8 * 1024 * 1024);
  g_assert_cmphex (caps.large_pointer_flags, ==, RDP_LARGE_POINTER_FLAG_96x96);
  g_assert_cmphex (caps.surface_command_flags, ==, RDP_SURFCMDS_SET_SURFACE_BITS |
                   RDP_SURFCMDS_FRAME_MARKER | RDP_SURFCMDS_STREAM_SURFACE_BITS);
  g_assert_cmphex (caps.drawing_flags, ==, 0x08);             /* DRAW_ALLOW_SKIP_ALPHA */
  set = rdp_active_pdu_find (confirm, RDP_CAPSET_BITMAP_CODECS);
  if (nscodec)
    g_assert_cmpmem (g_bytes_get_data (set->data, NULL), g_bytes_get_size (set->data), codecs, sizeof codecs);
  else
    g_assert_null (set);
  g_assert_true (caps.has_frame_acknowledge);
  g_assert_cmpuint (caps.max_unacknowledged_frames, ==, 2);
  /* the keyboard of the settings (the defaults: US, IBM enhanced, 12 keys) */
  input = rdp_active_pdu_find (confirm, RDP_CAPSET_INPUT);
  d = g_bytes_get_data (input->data, NULL);
  g_assert_cmphex (d[4] | d[5] << 8 | d[6] << 16 | (guint32) d[7] << 24, ==, 0x409);
  g_assert_cmpuint (d[8], ==, 4);
  g_assert_cmpuint (d[16], ==, 12);
}

/* RdpSettings:bitmap-codecs NONE: the Confirm Active has no Bitmap Codecs
 * set (Weston then sends raw surface bits: exact pixels), and every other
 * set as always. */
static void
test_w2008_no_bitmap_codecs (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing_with_codecs (NULL, RDP_BITMAP_CODECS_NONE);
  g_autoptr(GBytes) demand = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GPtrArray) pdus = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpActivePdu) confirm = { 0 };
  RdpShareControlPdu share;

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  output = step_ok (connector, demand);
  g_assert_nonnull (output);
  pdus = split_pdus (output);
  decode_send_data_request (pdus->pdata[0], 1004, 1003, &share);
  g_assert_cmpint (share.type, ==, RDP_SHARE_PDU_CONFIRM_ACTIVE);
  g_assert_true (rdp_active_pdu_decode (&share, &confirm, &error));
  g_assert_no_error (error);
  check_client_capabilities (&confirm, 1024, 768, 16, FALSE);
}

static void
test_w2008_sequence (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) demand = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GPtrArray) pdus = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpActivePdu) confirm = { 0 };
  RdpShareControlPdu share;
  RdpPduReader payload;
  RdpShareSynchronize sync;
  RdpShareControl control;
  RdpShareFontList fonts;
  RdpConnectionResult *result;

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);

  /* Demand Active → Confirm Active and the four finalization PDUs */
  output = step_ok (connector, demand);
  g_assert_nonnull (output);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FINALIZATION);
  pdus = split_pdus (output);
  g_assert_cmpuint (pdus->len, ==, 5);

  decode_send_data_request (pdus->pdata[0], 1004, 1003, &share);
  g_assert_cmpint (share.type, ==, RDP_SHARE_PDU_CONFIRM_ACTIVE);
  g_assert_cmpuint (share.source, ==, 1004);
  g_assert_true (rdp_active_pdu_decode (&share, &confirm, &error));
  g_assert_no_error (error);
  g_assert_cmphex (confirm.share_id, ==, 0x000103ea);
  g_assert_cmpuint (confirm.originator_id, ==, 1002);
  /* the desktop and depth the server settled on, not the 1280x800 asked */
  check_client_capabilities (&confirm, 1024, 768, 16, TRUE);

  check_share_data (pdus->pdata[1], 1004, 0x000103ea, RDP_SHARE_DATA_SYNCHRONIZE, &payload);
  g_assert_true (rdp_share_read_synchronize (&payload, &sync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync.message_type, ==, RDP_SHARE_SYNCMSGTYPE_SYNC);
  g_assert_cmpuint (sync.target_user, ==, 1002);

  check_share_data (pdus->pdata[2], 1004, 0x000103ea, RDP_SHARE_DATA_CONTROL, &payload);
  g_assert_true (rdp_share_read_control (&payload, &control, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (control.action, ==, RDP_SHARE_CTRLACTION_COOPERATE);

  check_share_data (pdus->pdata[3], 1004, 0x000103ea, RDP_SHARE_DATA_CONTROL, &payload);
  g_assert_true (rdp_share_read_control (&payload, &control, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (control.action, ==, RDP_SHARE_CTRLACTION_REQUEST_CONTROL);

  check_share_data (pdus->pdata[4], 1004, 0x000103ea, RDP_SHARE_DATA_FONT_LIST, &payload);
  g_assert_true (rdp_share_read_font_list (&payload, &fonts, &error));
  g_assert_no_error (error);
  g_assert_cmphex (fonts.flags, ==, RDP_SHARE_FONTLIST_FIRST | RDP_SHARE_FONTLIST_LAST);

  /* the server's Synchronize, Cooperate, Granted Control, Font Map */
  for (guint i = 1; i < G_N_ELEMENTS (w2008_after_licensing); i++)
    {
      g_assert_null (rdp_connector_get_result (connector));
      feed_vector (connector, w2008_after_licensing[i]);
    }
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
  g_assert_false (rdp_connector_wants_input (connector));

  result = rdp_connector_get_result (connector);
  g_assert_nonnull (result);
  g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, RDP_SECURITY_PROTOCOL_TLS);
  g_assert_cmpuint (rdp_connection_result_get_io_channel_id (result), ==, 1003);
  g_assert_cmpuint (rdp_connection_result_get_user_channel_id (result), ==, 1004);
  g_assert_cmpuint (rdp_connection_result_get_message_channel_id (result), ==, 0);
  g_assert_cmphex (rdp_connection_result_get_share_id (result), ==, 0x000103ea);
  g_assert_cmpuint (g_strv_length ((char **) rdp_connection_result_get_static_channel_names (result)), ==, 0);
  g_test_message ("Windows 2008 desktop %ux%u, %u bpp, fast-path %d, multifragment %u, surface commands 0x%x",
                  rdp_connection_result_get_desktop_width (result),
                  rdp_connection_result_get_desktop_height (result),
                  rdp_connection_result_get_color_depth (result),
                  rdp_connection_result_get_fast_path_output (result),
                  rdp_connection_result_get_multifragment_max_size (result),
                  rdp_connection_result_get_surface_commands (result));
  g_assert_cmpuint (rdp_connection_result_get_desktop_width (result), ==, 1024);
  g_assert_cmpuint (rdp_connection_result_get_desktop_height (result), ==, 768);
  g_assert_true (rdp_connection_result_get_fast_path_output (result));

  /* a connected connector takes no more steps */
  g_assert_null (rdp_connector_step (connector, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
}

/* The full licensing exchange as the recorded server ran it: License
 * Request → New License Request, Platform Challenge → Response, then
 * STATUS_VALID_CLIENT. */
static void
test_w2008_licensing (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) request = rdp_test_load_vector ("w2008tls_server_s05_license_request");
  g_autoptr(GBytes) challenge = rdp_test_load_vector ("w2008tls_server_s06_license_platform_challenge");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RdpLicenseNewLicenseRequest) new_request = { 0 };
  g_auto(RdpLicensePlatformChallengeResponse) challenge_response = { 0 };
  g_auto(RdpLicensePlatformChallenge) decoded_challenge = { 0 };
  RdpSecurityPdu envelope;
  RdpSecurityPdu server_envelope;
  guint8 zero[32] = { 0 };

  answer = step_ok (connector, request);
  g_assert_nonnull (answer);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_LICENSING);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                          &envelope, &error));
  g_assert_no_error (error);
  g_assert_cmpint (envelope.mcs_type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (envelope.initiator, ==, 1004);
  g_assert_cmpuint (envelope.channel_id, ==, 1003);
  g_assert_cmphex (envelope.header.flags, ==, RDP_SEC_LICENSE_PKT);
  g_assert_true (rdp_license_decode_new_license_request (envelope.body, envelope.body_length, &new_request, &error));
  g_assert_no_error (error);
  g_assert_cmphex (new_request.key_exchange_alg, ==, RDP_LICENSE_KEY_EXCHANGE_ALG_RSA);
  g_assert_cmpmem (new_request.client_random, sizeof zero, zero, sizeof zero); /* null_random */
  /* as long as the server's modulus, and 8 bytes of padding */
  g_test_message ("encrypted premaster secret: %u bytes",
                  (guint) g_bytes_get_size (new_request.encrypted_premaster_secret));
  g_assert_cmpuint (g_bytes_get_size (new_request.encrypted_premaster_secret) % 8, ==, 0);
  g_assert_cmpuint (g_bytes_get_size (new_request.encrypted_premaster_secret), >=, 64 + 8);
  g_assert_cmpstr (new_request.user_name, ==, "User");

  response = step_ok (connector, challenge);
  g_assert_nonnull (response);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (response, NULL), g_bytes_get_size (response),
                                          &envelope, &error));
  g_assert_no_error (error);
  g_assert_true (rdp_license_decode_platform_challenge_response (envelope.body, envelope.body_length,
                                                                 &challenge_response, &error));
  g_assert_no_error (error);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (challenge, NULL), g_bytes_get_size (challenge),
                                          &server_envelope, &error));
  g_assert_true (rdp_license_decode_platform_challenge (server_envelope.body, server_envelope.body_length,
                                                        &decoded_challenge, &error));
  g_assert_no_error (error);
  /* PLATFORM_CHALLENGE_RESPONSE_DATA: 8 bytes of header and the challenge */
  g_assert_cmpuint (g_bytes_get_size (challenge_response.encrypted_response), ==,
                    8 + g_bytes_get_size (decoded_challenge.encrypted_challenge));
  g_assert_cmpuint (g_bytes_get_size (challenge_response.encrypted_hwid), ==, 20);
  /* the answer computed from outside (tests/test-license.c,
   * /license/crypto/challenge-response-w2008) */
  g_assert_cmpuint (challenge_response.mac[0], ==, 0x29);
  g_assert_cmpuint (challenge_response.mac[15], ==, 0xd9);

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
}

/* With keys of its own (the default random source), the client cannot
 * verify the recorded server's MAC: the Platform Challenge is refused,
 * as from a server that does not hold the keys. */
static void
test_w2008_licensing_mac_mismatch (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) request = rdp_test_load_vector ("w2008tls_server_s05_license_request");
  g_autoptr(GBytes) challenge = rdp_test_load_vector ("w2008tls_server_s06_license_platform_challenge");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  rdp_connector_set_random (connector, NULL, NULL);
  answer = step_ok (connector, request);
  g_assert_nonnull (answer);
  g_assert_null (rdp_connector_step (connector, challenge, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The server's licensing MAC does not match");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FAILED);
}

/* Raw RSA as licensing does it, with a textbook key: 65^17 mod 3233 = 2790,
 * little-endian and 8 bytes of zeros. */
static void
test_license_rsa (void)
{
  static const guint8 modulus[] = { 0x0c, 0xa1 };
  static const guint8 data[] = { 65 };
  static const guint8 expected[] = { 0xe6, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) c = rdp_license_rsa_encrypt (data, sizeof data, modulus, sizeof modulus, 17, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (c, NULL), g_bytes_get_size (c), expected, sizeof expected);
}

/* RC4 with the licensing key is its own inverse, and the MAC is MD5/SHA-1
 * of the spec's construction (checked against an independent computation
 * with GChecksum). */
static void
test_license_keys (void)
{
  RdpLicenseSession session = { 0 };
  static const guint8 text[] = "platform challenge";
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;
  guint8 mac[16], expected_mac[16], sha1[20], pad[48], length_le[4] = { sizeof text, 0, 0, 0 };
  gsize digest_length;
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA1);
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

  for (guint i = 0; i < 32; i++)
    {
      session.client_random[i] = i;
      session.server_random[i] = 0x80 + i;
    }
  for (guint i = 0; i < 48; i++)
    session.premaster_secret[i] = 0x40 + i;
  rdp_license_session_derive_keys (&session);
  g_assert_true (session.has_keys);

  once = rdp_license_session_rc4 (&session, text, sizeof text);
  g_assert_true (memcmp (g_bytes_get_data (once, NULL), text, sizeof text) != 0);
  twice = rdp_license_session_rc4 (&session, g_bytes_get_data (once, NULL), g_bytes_get_size (once));
  g_assert_cmpmem (g_bytes_get_data (twice, NULL), g_bytes_get_size (twice), text, sizeof text);

  rdp_license_session_mac (&session, text, sizeof text, mac);
  memset (pad, 0x36, 40);
  g_checksum_update (sha, session.mac_salt_key, 16);
  g_checksum_update (sha, pad, 40);
  g_checksum_update (sha, length_le, 4);
  g_checksum_update (sha, text, sizeof text);
  digest_length = sizeof sha1;
  g_checksum_get_digest (sha, sha1, &digest_length);
  memset (pad, 0x5c, 48);
  g_checksum_update (md5, session.mac_salt_key, 16);
  g_checksum_update (md5, pad, 48);
  g_checksum_update (md5, sha1, 20);
  digest_length = sizeof expected_mac;
  g_checksum_get_digest (md5, expected_mac, &digest_length);
  g_assert_cmpmem (mac, 16, expected_mac, 16);
  rdp_license_session_clear (&session);
  g_assert_false (session.has_keys);
}

/* What the connector sends is exactly IronRDP's Connection Request for
 * user "User" asking for SSL | HYBRID. */
static void
test_connection_request_vector (void)
{
  g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GBytes) cr = step_ok (connector, NULL);
  g_autoptr(GBytes) expected = rdp_test_load_vector ("ironrdp_x224_nego_connection_request_ssl_security_with_cookie");

  assert_bytes_equal (cr, expected);
}

static void
test_no_cookie (void)
{
  g_autoptr(RdpSettings) settings = make_settings (NULL, RDP_SECURITY_PROTOCOL_STANDARD);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GBytes) cr = step_ok (connector, NULL);
  g_autoptr(GBytes) expected =
    rdp_test_load_vector ("ironrdp_x224_nego_connection_request_rdp_security_without_cookie");

  assert_bytes_equal (cr, expected);
}

/* Feeds one Connection Confirm to a fresh connector. */
static RdpConnector *
negotiate (RdpSecurityProtocol   protocols,
           GBytes               *confirm,
           GError              **error)
{
  g_autoptr(RdpSettings) settings = make_settings ("User", protocols);
  RdpConnector *connector = rdp_connector_new (settings);
  g_autoptr(GBytes) cr = step_ok (connector, NULL);
  g_autoptr(GBytes) output = rdp_connector_step (connector, confirm, error);

  g_assert_null (output);
  return connector;
}

static GBytes *
make_failure (guint32 code)
{
  RdpX224ConnectionConfirm confirm = {
    .result = RDP_X224_NEGOTIATION_FAILURE,
    .failure_code = code,
  };
  g_autoptr(GError) error = NULL;
  GBytes *bytes = rdp_x224_encode_connection_confirm (&confirm, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_negotiation_failures (void)
{
  g_autoptr(GBytes) user_auth = rdp_test_load_vector ("ironrdp_x224_nego_confirm_failure");
  g_autoptr(GBytes) hybrid_required = make_failure (RDP_X224_HYBRID_REQUIRED_BY_SERVER);
  g_autoptr(GBytes) ssl_required = make_failure (RDP_X224_SSL_REQUIRED_BY_SERVER);
  g_autoptr(GBytes) selects_hybrid = rdp_test_load_vector ("ironrdp_x224_nego_confirm_response");
  g_autoptr(GBytes) selects_rdp = rdp_test_load_vector ("bcgr_4.1.2_server_x224_connection_confirm");
  g_autoptr(GError) error = NULL;
  RdpConnector *connector;

  /* the server wants NLA, the settings do not allow it */
  connector = negotiate (RDP_SECURITY_PROTOCOL_TLS, user_auth, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FAILED);
  g_clear_error (&error);
  g_object_unref (connector);

  connector = negotiate (RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_STANDARD, hybrid_required, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED);
  g_clear_error (&error);
  g_object_unref (connector);

  /* a refusal the client cannot do anything about: named in the message */
  connector = negotiate (RDP_SECURITY_PROTOCOL_STANDARD, ssl_required, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED);
  g_assert_nonnull (strstr (error->message, rdp_x224_describe_failure_code (RDP_X224_SSL_REQUIRED_BY_SERVER)));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_object_unref (connector);

  /* NLA allowed, yet refused with "NLA required": not NLA_REQUIRED */
  connector = negotiate (RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID, user_auth, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED);
  g_clear_error (&error);
  g_object_unref (connector);

  /* a selected protocol that was not offered */
  connector = negotiate (RDP_SECURITY_PROTOCOL_TLS, selects_hybrid, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED);
  g_clear_error (&error);
  g_object_unref (connector);

  connector = negotiate (RDP_SECURITY_PROTOCOL_TLS, selects_rdp, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED);
  g_clear_error (&error);
  g_object_unref (connector);

  /* garbage */
  {
    g_autoptr(GBytes) junk = rdp_test_load_vector ("bcgr_4.1.5_client_mcs_erect_domain_request");

    connector = negotiate (RDP_SECURITY_PROTOCOL_TLS, junk, &error);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_object_unref (connector);
  }
}

/* Defect 7: a man in the middle answers with a legacy Connection Confirm
 * (no negotiation response: Standard RDP Security, the password in clear).
 * The default settings do not allow it, so the connection fails there,
 * before any Client Info PDU exists; allowing STANDARD explicitly is the
 * only way on. */
static void
test_legacy_confirm_refused_by_default (void)
{
  /* TPKT, X.224 Connection Confirm without a variable part */
  static const guint8 legacy_cc[] = { 0x03, 0x00, 0x00, 0x0b, 0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00 };
  g_autoptr(GBytes) confirm = g_bytes_new_static (legacy_cc, sizeof legacy_cc);
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpConnector) connector = NULL;
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rdp_settings_get_security_protocols (settings) & RDP_SECURITY_PROTOCOL_STANDARD);
  rdp_settings_set_username (settings, "User");
  rdp_settings_set_password (settings, "secret");
  connector = rdp_connector_new (settings);
  cr = step_ok (connector, NULL);
  output = rdp_connector_step (connector, confirm, &error);
  g_assert_null (output);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NEGOTIATION_FAILED);
  g_test_message ("%s", error->message);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FAILED);
  g_clear_error (&error);
  g_clear_object (&connector);

  /* only an explicit STANDARD goes on, without TLS */
  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_STANDARD);
  connector = rdp_connector_new (settings);
  g_clear_pointer (&cr, g_bytes_unref);
  cr = step_ok (connector, NULL);
  output = rdp_connector_step (connector, confirm, &error);
  g_assert_no_error (error);
  g_assert_false (rdp_connector_should_upgrade_security (connector));
  g_assert_cmpint (rdp_connector_get_selected_protocol (connector), ==, RDP_SECURITY_PROTOCOL_STANDARD);
}

/* HYBRID selected: the TLS point, then the CredSSP point. */
static void
test_credssp_point (void)
{
  g_autoptr(GBytes) selects_hybrid = rdp_test_load_vector ("ironrdp_x224_nego_confirm_response");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpConnector) connector =
    negotiate (RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID, selects_hybrid, &error);

  g_assert_no_error (error);
  g_assert_true (rdp_connector_should_upgrade_security (connector));
  g_assert_cmpint (rdp_connector_get_selected_protocol (connector), ==, RDP_SECURITY_PROTOCOL_HYBRID);
  rdp_connector_mark_as_upgraded (connector);
  g_assert_true (rdp_connector_should_perform_credssp (connector));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CREDSSP);
  g_assert_false (rdp_connector_wants_input (connector));
  rdp_connector_mark_credssp_done (connector);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
}

/* Standard RDP Security (the spec's sequence): no TLS point; the spec's
 * server insists on 128-bit RC4, which is refused by name. */
static void
test_standard_security_rc4 (void)
{
  g_autoptr(GBytes) selects_rdp = rdp_test_load_vector ("bcgr_4.1.2_server_x224_connection_confirm");
  g_autoptr(GBytes) response = rdp_test_load_vector ("bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp");
  g_autoptr(GBytes) initial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpConnector) connector =
    negotiate (RDP_SECURITY_PROTOCOL_STANDARD | RDP_SECURITY_PROTOCOL_TLS, selects_rdp, &error);

  g_assert_no_error (error);
  g_assert_false (rdp_connector_should_upgrade_security (connector));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_BASIC_SETTINGS_EXCHANGE);
  g_assert_cmpint (rdp_connector_get_selected_protocol (connector), ==, RDP_SECURITY_PROTOCOL_STANDARD);
  initial = step_ok (connector, NULL);
  g_assert_nonnull (initial);
  g_assert_null (rdp_connector_step (connector, response, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "RC4"));
  g_test_message ("%s", error->message);
}

/* A Connect-Response with the spec's static channels 1004..1006, no RDP
 * security, and optionally SKIP_CHANNELJOIN. */
static GBytes *
make_connect_response_full (gboolean skip_channel_join,
                            guint16  message_channel_id)
{
  g_auto(RdpGccServerData) data = { 0 };
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  guint16 ids[] = { 1004, 1005, 1006 };
  GBytes *bytes;

  data.node_id = RDP_GCC_DEFAULT_NODE_ID;
  data.tag = RDP_GCC_DEFAULT_TAG;
  data.has_core = TRUE;
  data.version = RDP_GCC_VERSION_RDP_5;
  data.has_client_requested_protocols = TRUE;
  data.client_requested_protocols = RDP_X224_PROTOCOL_SSL;
  data.has_early_capability_flags = TRUE;
  data.early_capability_flags = skip_channel_join ? RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED : 0;
  data.has_security = TRUE;
  data.has_network = TRUE;
  data.io_channel_id = 1003;
  data.channel_ids = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_array_append_vals (data.channel_ids, ids, G_N_ELEMENTS (ids));
  data.has_message_channel = message_channel_id != 0;
  data.message_channel_id = message_channel_id;

  response.result = RDP_MCS_RESULT_SUCCESSFUL;
  response.domain_parameters.max_channel_ids = 34;
  response.domain_parameters.max_user_ids = 3;
  response.domain_parameters.num_priorities = 1;
  response.domain_parameters.max_height = 1;
  response.domain_parameters.max_mcs_pdu_size = 65528;
  response.domain_parameters.protocol_version = 2;
  response.user_data = rdp_gcc_encode_conference_create_response (&data, &error);
  g_assert_no_error (error);
  bytes = rdp_mcs_encode_connect_response (&response, &error);
  g_assert_no_error (error);
  return bytes;
}

static RdpConnector *
run_to_attach_user_full (gboolean skip_channel_join,
                         guint16  message_channel_id)
{
  g_autoptr(RdpSettings) settings = make_settings ("eltons", RDP_SECURITY_PROTOCOL_TLS);
  const char *channels[] = { "rdpdr", "cliprdr", "rdpsnd", NULL };
  g_autoptr(GBytes) response = make_connect_response_full (skip_channel_join, message_channel_id);
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) initial = NULL;
  g_autoptr(GBytes) attach = NULL;
  g_autoptr(GBytes) out = NULL;
  g_auto(RdpMcsConnectInitial) mcs_initial = { 0 };
  g_auto(RdpGccClientData) gcc = { 0 };
  g_autoptr(GError) error = NULL;
  RdpConnector *connector;

  g_object_set (settings, "static-channels", channels, NULL);
  connector = rdp_connector_new (settings);
  cr = step_ok (connector, NULL);
  feed_vector (connector, "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl");
  rdp_connector_mark_as_upgraded (connector);
  initial = step_ok (connector, NULL);

  /* CS_NET lists the channels in order */
  g_assert_true (rdp_mcs_decode_connect_initial (g_bytes_get_data (initial, NULL), g_bytes_get_size (initial),
                                                 &mcs_initial, &error));
  g_assert_true (rdp_gcc_decode_conference_create_request (g_bytes_get_data (mcs_initial.user_data, NULL),
                                                           g_bytes_get_size (mcs_initial.user_data),
                                                           &gcc, &error));
  g_assert_no_error (error);
  g_assert_true (gcc.has_network);
  g_assert_cmpuint (gcc.channels->len, ==, 3);
  g_assert_cmpstr (g_array_index (gcc.channels, RdpGccChannelDef, 0).name, ==, "rdpdr");
  g_assert_cmpstr (g_array_index (gcc.channels, RdpGccChannelDef, 2).name, ==, "rdpsnd");

  out = step_ok (connector, response);
  g_assert_null (out);
  attach = step_ok (connector, NULL);
  feed_vector (connector, "bcgr_4.1.7_server_mcs_attach_user_confirm");
  return connector;
}

static RdpConnector *
run_to_attach_user (gboolean skip_channel_join)
{
  return run_to_attach_user_full (skip_channel_join, 0);
}

/* The joins, one at a time, byte for byte the spec's (user 1007, I/O
 * 1003, then the static channels). */
static void
test_channel_joins (void)
{
  g_autoptr(RdpConnector) connector = run_to_attach_user (FALSE);
  static const char * const joins[][2] = {
    { "bcgr_4.1.8.1.1_client_channel_join_request_1007_user", "bcgr_4.1.8.1.2_server_channel_join_confirm_1007_user" },
    { "bcgr_4.1.8.2.1_client_channel_join_request_1003_io", "bcgr_4.1.8.2.2_server_channel_join_confirm_1003_io" },
    { "bcgr_4.1.8.3.1_client_channel_join_request_1004_rdpdr", "bcgr_4.1.8.3.2_server_channel_join_confirm_1004_rdpdr" },
    { "bcgr_4.1.8.4.1_client_channel_join_request_1005_cliprdr", "bcgr_4.1.8.4.2_server_channel_join_confirm_1005_cliprdr" },
    { "bcgr_4.1.8.5.1_client_channel_join_request_1006_rdpsnd", "bcgr_4.1.8.5.2_server_channel_join_confirm_1006_rdpsnd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    {
      g_autoptr(GBytes) request = NULL;
      g_autoptr(GBytes) expected = rdp_test_load_vector (joins[i][0]);

      g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CHANNEL_JOIN);
      request = step_ok (connector, NULL);
      assert_bytes_equal (request, expected);
      g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CHANNEL_JOIN_CONFIRM);
      feed_vector (connector, joins[i][1]);
    }
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
}

static void
test_channel_join_mismatch (void)
{
  g_autoptr(RdpConnector) connector = run_to_attach_user (FALSE);
  g_autoptr(GBytes) request = step_ok (connector, NULL);
  g_autoptr(GBytes) wrong = rdp_test_load_vector ("bcgr_4.1.8.2.2_server_channel_join_confirm_1003_io");
  g_autoptr(GError) error = NULL;

  g_assert_null (rdp_connector_step (connector, wrong, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU);
}

static void
test_skip_channel_join (void)
{
  g_autoptr(RdpConnector) connector = run_to_attach_user (TRUE);

  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_SECURE_SETTINGS_EXCHANGE);
}

/* A Send Data Indication on @channel_id: security header @sec_flags and
 * @body. */
static GBytes *
make_secured_indication (guint16  channel_id,
                         guint16  sec_flags,
                         GBytes  *body)
{
  g_autoptr(GByteArray) user_data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  RdpSecurityHeader header = { sec_flags, 0 };
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_SEND_DATA_INDICATION,
    .initiator = 1002,
    .channel_id = channel_id,
    .priority = RDP_MCS_PRIORITY_HIGH,
    .segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END,
  };
  GBytes *bytes;

  rdp_security_header_write (user_data, &header);
  g_byte_array_append (user_data, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  pdu.user_data = user_data->data;
  pdu.user_data_length = user_data->len;
  bytes = rdp_mcs_encode_domain_pdu (&pdu, &error);
  g_assert_no_error (error);
  return bytes;
}

/* Sends an auto-detect request on the message channel (1008); returns the
 * decoded response, or FALSE when the connector answered nothing. */
static gboolean
autodetect (RdpConnector          *connector,
            RdpAutodetectRequest  *request,
            RdpAutodetectResponse *out_response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = rdp_autodetect_encode_request (request, &error);
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  RdpSecurityPdu envelope;

  g_assert_no_error (error);
  input = make_secured_indication (1008, RDP_SEC_AUTODETECT_REQ, body);
  output = step_ok (connector, input);
  if (output == NULL)
    return FALSE;
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (output, NULL), g_bytes_get_size (output),
                                          &envelope, &error));
  g_assert_no_error (error);
  g_assert_cmpint (envelope.mcs_type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (envelope.initiator, ==, 1007);
  g_assert_cmpuint (envelope.channel_id, ==, 1008);
  g_assert_cmphex (envelope.header.flags, ==, RDP_SEC_AUTODETECT_RSP);
  g_assert_true (rdp_autodetect_decode_response (envelope.body, envelope.body_length, out_response, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* Connect-time auto-detection on the message channel is answered, a
 * multitransport request declined, during the licensing. */
static void
test_message_channel (void)
{
  g_autoptr(RdpConnector) connector = run_to_attach_user_full (TRUE, 1008);
  g_autoptr(GBytes) info = NULL;
  g_autoptr(GBytes) transport_body = NULL;
  g_autoptr(GBytes) transport = NULL;
  g_autoptr(GBytes) declined = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 payload[150] = { 0 };
  RdpAutodetectRequest request = { 0 };
  RdpAutodetectResponse response;
  RdpMultitransportRequest multitransport = { .request_id = 7, .requested_protocol = RDP_TRANSPORTTYPE_UDPFECR };
  RdpSecurityPdu envelope;
  guint32 request_id, hr;

  info = step_ok (connector, NULL);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_LICENSING);

  request.kind = RDP_AUTODETECT_RTT_MEASURE;
  request.sequence_number = 1;
  request.request_type = RDP_AUTODETECT_RTT_REQUEST_CONNECT_TIME;
  g_assert_true (autodetect (connector, &request, &response));
  g_assert_cmpuint (response.sequence_number, ==, 1);
  g_assert_cmphex (response.response_type, ==, RDP_AUTODETECT_RTT_RESPONSE);

  request.kind = RDP_AUTODETECT_BANDWIDTH_START;
  request.sequence_number = 2;
  request.request_type = RDP_AUTODETECT_BW_START_CONNECT_TIME;
  g_assert_false (autodetect (connector, &request, &response));
  request.kind = RDP_AUTODETECT_BANDWIDTH_PAYLOAD;
  request.sequence_number = 3;
  request.request_type = RDP_AUTODETECT_BW_PAYLOAD;
  request.payload = payload;
  request.payload_length = 100;
  g_assert_false (autodetect (connector, &request, &response));
  request.kind = RDP_AUTODETECT_BANDWIDTH_STOP;
  request.sequence_number = 4;
  request.request_type = RDP_AUTODETECT_BW_STOP_CONNECT_TIME;
  request.payload_length = 50;
  g_assert_true (autodetect (connector, &request, &response));
  g_assert_cmpuint (response.sequence_number, ==, 4);
  g_assert_cmphex (response.response_type, ==, RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME);
  g_assert_cmpuint (response.byte_count, ==, 150);

  request = (RdpAutodetectRequest) { 0 };
  request.kind = RDP_AUTODETECT_NETWORK_CHARACTERISTICS;
  request.sequence_number = 5;
  request.request_type = RDP_AUTODETECT_NETCHAR_RESULT_ALL;
  request.base_rtt = 1;
  request.bandwidth = 10000;
  request.average_rtt = 2;
  g_assert_false (autodetect (connector, &request, &response));

  transport_body = rdp_multitransport_encode_request (&multitransport);
  transport = make_secured_indication (1008, RDP_SEC_TRANSPORT_REQ, transport_body);
  declined = step_ok (connector, transport);
  g_assert_nonnull (declined);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (declined, NULL), g_bytes_get_size (declined),
                                          &envelope, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (envelope.channel_id, ==, 1008);
  g_assert_cmphex (envelope.header.flags, ==, RDP_SEC_TRANSPORT_RSP);
  g_assert_true (rdp_multitransport_decode_response (envelope.body, envelope.body_length, &request_id, &hr, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request_id, ==, 7);
  g_assert_cmphex (hr, ==, RDP_MULTITRANSPORT_E_ABORT);

  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_LICENSING);
  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
}

/* A Disconnect Provider Ultimatum where a reply was expected. */
static void
test_disconnect_provider_ultimatum (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) dpum = rdp_test_load_vector ("bcgr_4.2.3_mcs_disconnect_provider_ultimatum");
  g_autoptr(GError) error = NULL;

  g_assert_null (rdp_connector_step (connector, dpum, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_test_message ("%s", error->message);
}

/* A Send Data Indication from the server channel carrying @share_pdu. */
static GBytes *
make_indication (GBytes *share_pdu)
{
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_SEND_DATA_INDICATION,
    .initiator = 1002,
    .channel_id = 1003,
    .priority = RDP_MCS_PRIORITY_HIGH,
    .segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END,
    .user_data = g_bytes_get_data (share_pdu, NULL),
    .user_data_length = g_bytes_get_size (share_pdu),
  };
  GBytes *bytes = rdp_mcs_encode_domain_pdu (&pdu, &error);

  g_assert_no_error (error);
  return bytes;
}

static GBytes *
make_set_error_info (guint32 info)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  RdpShareDataHeader header;

  rdp_pdu_write_u32le (payload, info);
  rdp_share_data_header_init (&header, 0x000103ea, RDP_SHARE_STREAM_LOW, RDP_SHARE_DATA_SET_ERROR_INFO,
                              payload->len);
  rdp_share_data_write (out, 1002, &header, payload->data, payload->len);
  return g_byte_array_free_to_bytes (out);
}

/* Deactivate All and Set Error Info (0) before the Demand Active are
 * skipped; a Set Error Info with a reason ends the connection. */
static void
test_before_demand_active (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GByteArray) deactivate = g_byte_array_new ();
  g_autoptr(GBytes) deactivate_share = NULL;
  g_autoptr(GBytes) deactivate_pdu = NULL;
  g_autoptr(GBytes) no_error = make_set_error_info (0);
  g_autoptr(GBytes) no_error_pdu = make_indication (no_error);
  g_autoptr(GBytes) some_error = make_set_error_info (0x0000000b);
  g_autoptr(GBytes) some_error_pdu = make_indication (some_error);
  g_autoptr(GError) error = NULL;
  RdpShareDeactivateAll all = { .share_id = 0x000103ea };

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  rdp_share_write_deactivate_all (deactivate, 1002, &all);
  deactivate_share = g_byte_array_free_to_bytes (g_steal_pointer (&deactivate));
  deactivate_pdu = make_indication (deactivate_share);

  g_assert_null (step_ok (connector, deactivate_pdu));
  g_assert_null (step_ok (connector, no_error_pdu));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
  g_assert_null (rdp_connector_step (connector, some_error_pdu, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "0x0000000b"));
  /* in words, as the active stage says it (ERRINFO_RPC_INITIATED_DISCONNECT_BYUSER) */
  g_assert_nonnull (strstr (error->message, "disconnected the session on the server"));
}

/* Deactivate All during the finalization: back to waiting for a Demand
 * Active (deactivation-reactivation), which is answered again. */
static void
test_reactivation (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) demand = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GByteArray) deactivate = g_byte_array_new ();
  g_autoptr(GBytes) deactivate_share = NULL;
  g_autoptr(GBytes) deactivate_pdu = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  RdpShareDeactivateAll all = { .share_id = 0x000103ea };

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  first = step_ok (connector, demand);
  rdp_share_write_deactivate_all (deactivate, 1002, &all);
  deactivate_share = g_byte_array_free_to_bytes (g_steal_pointer (&deactivate));
  deactivate_pdu = make_indication (deactivate_share);
  g_assert_null (step_ok (connector, deactivate_pdu));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
  second = step_ok (connector, demand);
  assert_bytes_equal (second, first);
  for (guint i = 1; i < G_N_ELEMENTS (w2008_after_licensing); i++)
    feed_vector (connector, w2008_after_licensing[i]);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
}

/* The Share Control PDU of the recorded Demand Active, with @share_id. */
static void
append_demand_active (GByteArray *out,
                      guint32     share_id)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu mcs;
  guint offset = out->len;

  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                            &mcs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mcs.user_data_length, >, 10);
  g_byte_array_append (out, mcs.user_data, mcs.user_data_length);
  /* totalLength, pduType, pduSource, shareId */
  out->data[offset + 6] = share_id & 0xff;
  out->data[offset + 7] = (share_id >> 8) & 0xff;
  out->data[offset + 8] = (share_id >> 16) & 0xff;
  out->data[offset + 9] = share_id >> 24;
}

/* One Send Data Indication with @n_pairs Deactivate All + Demand Active
 * pairs (share ids 0x00020001, 0x00020002, ...), then a Deactivate All if
 * @trailing_deactivate. */
static GBytes *
make_reactivations (guint    n_pairs,
                    gboolean trailing_deactivate)
{
  g_autoptr(GByteArray) shares = g_byte_array_new ();
  g_autoptr(GBytes) user_data = NULL;

  for (guint i = 1; i <= n_pairs; i++)
    {
      RdpShareDeactivateAll all = { .share_id = 0x00020000 + i - 1 };

      rdp_share_write_deactivate_all (shares, 1002, &all);
      append_demand_active (shares, 0x00020000 + i);
    }
  if (trailing_deactivate)
    {
      RdpShareDeactivateAll all = { .share_id = 0x00020000 + n_pairs };

      rdp_share_write_deactivate_all (shares, 1002, &all);
    }
  user_data = g_byte_array_free_to_bytes (g_steal_pointer (&shares));
  return make_indication (user_data);
}

/* Checks that @output is one Confirm Active and the four finalization PDUs,
 * all for @share_id. */
static void
assert_one_confirm_active (GBytes  *output,
                           guint32  share_id)
{
  g_autoptr(GPtrArray) pdus = split_pdus (output);
  static const RdpShareDataType finalization[] = {
    RDP_SHARE_DATA_SYNCHRONIZE, RDP_SHARE_DATA_CONTROL, RDP_SHARE_DATA_CONTROL,
    RDP_SHARE_DATA_FONT_LIST,
  };
  RdpShareControlPdu share;
  g_auto(RdpActivePdu) confirm = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (pdus->len, ==, 1 + G_N_ELEMENTS (finalization));
  decode_send_data_request (pdus->pdata[0], 1004, 1003, &share);
  g_assert_cmpint (share.type, ==, RDP_SHARE_PDU_CONFIRM_ACTIVE);
  g_assert_true (rdp_active_pdu_decode (&share, &confirm, &error));
  g_assert_no_error (error);
  g_assert_cmphex (confirm.share_id, ==, share_id);
  for (guint i = 0; i < G_N_ELEMENTS (finalization); i++)
    {
      RdpPduReader payload;

      check_share_data (pdus->pdata[1 + i], 1004, share_id, finalization[i], &payload);
    }
}

/* Issue 7, defect 1: Deactivate All + Demand Active pairs in one PDU. Each
 * Demand Active used to build an answer that overwrote (and leaked) the
 * one before; now the answer is that to the last Demand Active, none when
 * a Deactivate All follows it, and too many pairs fail the step. */
static void
test_reactivations_in_one_pdu (void)
{
  g_autoptr(RdpConnector) connector = NULL;
  g_autoptr(GBytes) pairs = make_reactivations (4, FALSE);
  g_autoptr(GBytes) deactivated = make_reactivations (2, TRUE);
  g_autoptr(GBytes) flood = make_reactivations (64, FALSE);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) demand = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (flood), >, 64 * 426);

  /* four pairs: one answer, to the last */
  connector = run_w2008_to_licensing (NULL);
  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  output = step_ok (connector, pairs);
  g_assert_nonnull (output);
  assert_one_confirm_active (output, 0x00020004);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FINALIZATION);
  g_clear_pointer (&output, g_bytes_unref);
  g_clear_object (&connector);

  /* the same during the finalization: the share is replaced */
  connector = run_w2008_to_licensing (NULL);
  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_bytes_unref (step_ok (connector, demand));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FINALIZATION);
  output = step_ok (connector, pairs);
  assert_one_confirm_active (output, 0x00020004);
  g_clear_pointer (&output, g_bytes_unref);
  for (guint i = 1; i < G_N_ELEMENTS (w2008_after_licensing); i++)
    feed_vector (connector, w2008_after_licensing[i]);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
  g_clear_object (&connector);

  /* a Deactivate All after the last Demand Active: nothing to answer */
  connector = run_w2008_to_licensing (NULL);
  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_assert_null (step_ok (connector, deactivated));
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
  output = step_ok (connector, demand);
  g_assert_nonnull (output);
  g_clear_pointer (&output, g_bytes_unref);
  g_clear_object (&connector);

  /* a flood of pairs fails the step */
  connector = run_w2008_to_licensing (NULL);
  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  g_assert_null (rdp_connector_step (connector, flood, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FAILED);
}

/* A Deactivate All in the active stage is surfaced: the sequence goes back
 * to the capabilities exchange and ends with a new result; other PDUs are
 * left alone. */
static void
test_active_deactivate_all (void)
{
  g_autoptr(RdpConnector) connector = run_w2008_to_licensing (NULL);
  g_autoptr(GBytes) demand = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) update = rdp_test_load_vector ("w2008tls_server_s13_sdi_with_4_concatenated_share_data_pdus");
  g_autoptr(GByteArray) deactivate = g_byte_array_new ();
  g_autoptr(GBytes) deactivate_share = NULL;
  g_autoptr(GBytes) deactivate_pdu = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(RdpConnectionResult) before = NULL;
  g_autoptr(GError) error = NULL;
  RdpShareDeactivateAll all = { .share_id = 0x000103ea };

  feed_vector (connector, "w2008tls_server_s07_license_error_valid_client_unencrypted");
  first = step_ok (connector, demand);
  for (guint i = 1; i < G_N_ELEMENTS (w2008_after_licensing); i++)
    feed_vector (connector, w2008_after_licensing[i]);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
  before = rdp_connection_result_ref (rdp_connector_get_result (connector));

  /* an ordinary update PDU: not handled */
  g_assert_false (rdp_connector_handle_deactivate_all (connector, update, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);

  rdp_share_write_deactivate_all (deactivate, 1002, &all);
  deactivate_share = g_byte_array_free_to_bytes (g_steal_pointer (&deactivate));
  deactivate_pdu = make_indication (deactivate_share);
  g_assert_true (rdp_connector_handle_deactivate_all (connector, deactivate_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CAPABILITIES_EXCHANGE);
  g_assert_null (rdp_connector_get_result (connector));

  second = step_ok (connector, demand);
  assert_bytes_equal (second, first);
  for (guint i = 1; i < G_N_ELEMENTS (w2008_after_licensing); i++)
    feed_vector (connector, w2008_after_licensing[i]);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
  g_assert_true (rdp_connector_get_result (connector) != before);
  g_assert_cmphex (rdp_connection_result_get_share_id (rdp_connector_get_result (connector)), ==, 0x000103ea);
  g_assert_cmpuint (rdp_connection_result_get_user_channel_id (rdp_connector_get_result (connector)), ==, 1004);
  g_assert_cmpuint (rdp_connection_result_get_user_channel_id (before), ==, 1004);
}

static void
test_misuse (void)
{
  g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GBytes) junk = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;

  /* input where none is wanted */
  g_assert_null (rdp_connector_step (connector, junk, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTION_REQUEST);
  g_bytes_unref (step_ok (connector, NULL));
  /* none where one is wanted */
  g_assert_null (rdp_connector_step (connector, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
}

/* ---- the drivers, over in-memory streams ---- */

/* The server's side of the recorded sequence as one byte stream. */
static GBytes *
w2008_server_stream (guint n_pdus)
{
  static const char * const names[] = {
    "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl",
    "w2008tls_server_s01_mcs_connect_response_no_rdp_security",
    "w2008tls_server_s02_mcs_attach_user_confirm_1004",
    "w2008tls_server_s03_mcs_channel_join_confirm_1004",
    "w2008tls_server_s04_mcs_channel_join_confirm_1003",
    "w2008tls_server_s05_license_request",
    "w2008tls_server_s06_license_platform_challenge",
    "w2008tls_server_s07_license_error_valid_client_unencrypted",
    "w2008tls_server_s08_demand_active",
    "w2008tls_server_s09_synchronize",
    "w2008tls_server_s10_control_cooperate",
    "w2008tls_server_s11_control_granted_control",
    "w2008tls_server_s12_font_map",
    /* the first update after the finalization, as a real server sends it */
    "redemption_fastpath_update_1byte_len_sync_bitmap_sync_ptrdefault",
  };
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < MIN (n_pdus, G_N_ELEMENTS (names)); i++)
    {
      g_autoptr(GBytes) pdu = rdp_test_load_vector (names[i]);

      g_byte_array_append (out, g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu));
    }
  return g_byte_array_free_to_bytes (out);
}

/* The licensing PDUs carry random numbers: two runs write the same PDUs
 * in the same sizes, not the same bytes. */
static void
assert_same_pdus (GBytes *a,
                  GBytes *b)
{
  g_autoptr(GPtrArray) pdus_a = split_pdus (a);
  g_autoptr(GPtrArray) pdus_b = split_pdus (b);

  g_assert_cmpuint (pdus_a->len, ==, pdus_b->len);
  for (guint i = 0; i < pdus_a->len; i++)
    g_assert_cmpuint (g_bytes_get_size (pdus_a->pdata[i]), ==, g_bytes_get_size (pdus_b->pdata[i]));
}

static GBytes *
written_bytes (GIOStream *stream)
{
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));

  return g_bytes_new (g_memory_output_stream_get_data (out), g_memory_output_stream_get_data_size (out));
}

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} AsyncWait;

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_result (AsyncWait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

/* Runs begin, the (pretend) upgrade and finalize over a stream of the
 * server's bytes in chunks of @chunk; returns the result or the error and
 * what the client wrote. */
static RdpConnectionResult *
drive_async (GBytes        *server_bytes,
             gsize          chunk,
             RdpTestEnd     end,
             GCancellable  *cancellable,
             GBytes       **out_written,
             GError       **error)
{
  g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (server_bytes, chunk, 0, end);
  g_autoptr(GIOStream) stream = rdp_test_io_stream_new (input);
  g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
  AsyncWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  RdpConnectionResult *result = NULL;

  rdp_connector_set_random (connector, null_random, NULL); /* the recorded keys */
  rdp_connect_begin_async (framed, connector, cancellable, async_done, &wait);
  if (rdp_connect_begin_finish (wait_result (&wait), error))
    {
      g_clear_object (&wait.result);
      g_assert_true (rdp_connector_should_upgrade_security (connector));
      rdp_connector_mark_as_upgraded (connector);
      rdp_connect_finalize_async (framed, connector, NULL, cancellable, async_done, &wait);
      result = rdp_connect_finalize_finish (wait_result (&wait), error);
    }
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);

  if (result != NULL)
    {
      /* the first update is left for the active stage */
      g_autoptr(GBytes) update = NULL;
      RdpAction action;

      update = rdp_framed_read_pdu (framed, &action, NULL, NULL);
      g_assert_nonnull (update);
      g_assert_cmpint (action, ==, RDP_ACTION_FAST_PATH);
    }
  if (out_written)
    *out_written = written_bytes (stream);
  return result;
}

static void
test_driver_async (void)
{
  g_autoptr(GBytes) server = w2008_server_stream (G_MAXUINT);
  gsize chunks[] = { 0, 1, 7, 100 };
  g_autoptr(GBytes) first_written = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) written = NULL;
      g_autoptr(RdpConnectionResult) result =
        drive_async (server, chunks[i], RDP_TEST_END_EOF, NULL, &written, &error);

      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmphex (rdp_connection_result_get_share_id (result), ==, 0x000103ea);
      g_assert_cmpuint (rdp_connection_result_get_user_channel_id (result), ==, 1004);
      if (first_written == NULL)
        first_written = g_bytes_ref (written);
      else
        assert_same_pdus (written, first_written);
    }
}

static void
test_driver_sync (void)
{
  g_autoptr(GBytes) server = w2008_server_stream (G_MAXUINT);
  g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (server, 5, 0, RDP_TEST_END_EOF);
  g_autoptr(GIOStream) stream = rdp_test_io_stream_new (input);
  g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) async_written = NULL;
  g_autoptr(RdpConnectionResult) async_result = NULL;
  g_autoptr(GError) error = NULL;

  rdp_connector_set_random (connector, null_random, NULL); /* the recorded keys */
  g_assert_true (rdp_connect_begin (framed, connector, NULL, &error));
  g_assert_no_error (error);
  /* finalize before the upgrade is marked: refused */
  g_assert_null (rdp_connect_finalize (framed, connector, NULL, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
  g_clear_error (&error);
  rdp_connector_mark_as_upgraded (connector);
  result = rdp_connect_finalize (framed, connector, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rdp_connection_result_get_io_channel_id (result), ==, 1003);

  written = written_bytes (stream);
  async_result = drive_async (server, 0, RDP_TEST_END_EOF, NULL, &async_written, &error);
  g_assert_no_error (error);
  assert_same_pdus (written, async_written);
}

/* The user name and domain that NLA and the Client Info PDU send. */
static void
test_credentials_split (void)
{
  static const struct {
    const char *username, *domain, *user, *expected_domain;
  } cases[] = {
    { "alice", NULL, "alice", "" },
    { "alice", "WORKGROUP", "alice", "WORKGROUP" },
    { "EXAMPLE\\alice", NULL, "alice", "EXAMPLE" },
    { "EXAMPLE\\alice", "", "alice", "EXAMPLE" },
    /* the domain setting wins; the name is left as written */
    { "EXAMPLE\\alice", "OTHER", "EXAMPLE\\alice", "OTHER" },
    /* a UPN goes as it is, with no domain ([MS-NLMP] 3.1.5.1.2) */
    { "alice@example.com", NULL, "alice@example.com", "" },
    { NULL, NULL, "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdpSettings) settings = make_settings (cases[i].username, RDP_SECURITY_PROTOCOL_HYBRID);
      g_autoptr(RdpConnector) connector = NULL;
      g_autofree char *user = NULL, *domain = NULL;

      rdp_settings_set_domain (settings, cases[i].domain);
      connector = rdp_connector_new (settings);
      rdp_connector_get_credentials (connector, &user, &domain);
      g_assert_cmpstr (user, ==, cases[i].user);
      g_assert_cmpstr (domain, ==, cases[i].expected_domain);
    }
}

/* HYBRID selected: begin stops at the TLS point; finalize runs CredSSP,
 * which needs the server's public key (RDP_ERROR_FAILED without one) and
 * sends its NEGOTIATE first; a server that then closes the connection,
 * before the client proved anything, gives RDP_ERROR_DISCONNECTED. */
static void
test_driver_credssp (void)
{
  static const guint8 key[] = { 0x30, 0x0d, 0x02, 0x06, 0x00, 0xc1, 0x02, 0x03, 0x04, 0x05,
                                0x02, 0x03, 0x01, 0x00, 0x01 };
  g_autoptr(GBytes) public_key = g_bytes_new_static (key, sizeof key);

  for (guint with_key = 0; with_key < 2; with_key++)
    {
      g_autoptr(GBytes) server = rdp_test_load_vector ("ironrdp_x224_nego_confirm_response");
      g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID);
      g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
      g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (server, 0, 0, RDP_TEST_END_EOF);
      g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
      g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
      g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
      AsyncWait wait = { g_main_loop_new (NULL, FALSE), NULL };
      g_autoptr(RdpConnectionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gsize sent;
      const guint8 *data;

      rdp_connect_begin_async (framed, connector, NULL, async_done, &wait);
      g_assert_true (rdp_connect_begin_finish (wait_result (&wait), &error));
      g_assert_no_error (error);
      g_clear_object (&wait.result);
      g_assert_true (rdp_connector_should_upgrade_security (connector));
      rdp_connector_mark_as_upgraded (connector);
      g_assert_true (rdp_connector_should_perform_credssp (connector));
      sent = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));

      rdp_connect_finalize_async (framed, connector, with_key ? public_key : NULL, NULL, async_done, &wait);
      result = rdp_connect_finalize_finish (wait_result (&wait), &error);
      g_assert_null (result);
      data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output));
      if (!with_key)
        {
          g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
          g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)), ==, sent);
        }
      else
        {
          /* the TSRequest with the NTLM NEGOTIATE went out, then EOF */
          g_assert_error (error, RDP_ERROR, RDP_ERROR_DISCONNECTED);
          g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)), >, sent + 40);
          g_assert_cmpuint (data[sent], ==, 0x30);
          {
            gsize total = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));
            gboolean found = FALSE;

            for (gsize i = sent; i + 8 <= total && !found; i++)
              found = memcmp (data + i, "NTLMSSP", 8) == 0;
            g_assert_true (found);
          }
        }
      g_test_message ("%s: %s", with_key ? "with a key" : "without a key", error->message);
      g_clear_object (&wait.result);
      g_main_loop_unref (wait.loop);
    }
}

/* The server closes the connection after each of its PDUs in turn: a
 * clear error every time, never a hang or a crash. */
static void
test_driver_server_closes (void)
{
  for (guint n = 0; n <= 12; n++)
    {
      g_autoptr(GBytes) server = w2008_server_stream (n);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdpConnectionResult) result =
        drive_async (server, 0, RDP_TEST_END_EOF, NULL, NULL, &error);

      g_assert_null (result);
      g_assert_nonnull (error);
      g_test_message ("server closes after %u PDUs: %s", n, error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    }
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A server that goes quiet half way: cancellation ends it. */
static void
test_driver_cancel (void)
{
  for (guint n = 0; n <= 8; n += 4)
    {
      g_autoptr(GBytes) server = w2008_server_stream (n);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(RdpConnectionResult) result = NULL;

      g_timeout_add (50, cancel_cb, cancellable);
      result = drive_async (server, 0, RDP_TEST_END_HANG, cancellable, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

/* Runs both begin drivers (async, then blocking) with @connector over a
 * stream of @server_bytes; returns what each said and how much the client
 * wrote. */
static void
begin_both (RdpConnector  *connector,
            GBytes        *server_bytes,
            GError       **async_error,
            GError       **sync_error,
            gsize         *out_written)
{
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (server_bytes, 0, 0, RDP_TEST_END_EOF);
  g_autoptr(GIOStream) stream = rdp_test_io_stream_new (input);
  g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
  g_autoptr(GBytes) written = NULL;
  AsyncWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  rdp_connect_begin_async (framed, connector, NULL, async_done, &wait);
  ok = rdp_connect_begin_finish (wait_result (&wait), async_error);
  g_assert_true (ok == (async_error == NULL || *async_error == NULL));
  ok = rdp_connect_begin (framed, connector, NULL, sync_error);
  g_assert_true (ok == (sync_error == NULL || *sync_error == NULL));
  written = written_bytes (stream);
  *out_written = g_bytes_get_size (written);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
}

/* Defect 4: begin asks the connector what is due. A connector that failed
 * (here: the server answered with a negotiation failure), or whose
 * sequence is over, is not "past the negotiation": both drivers fail with
 * RDP_ERROR_FAILED and write nothing, where they used to report success. */
static void
test_driver_begin_asks_connector (void)
{
  g_autoptr(GBytes) nla_failure = rdp_test_load_vector ("ironrdp_x224_nego_confirm_failure");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sync_error = NULL;
  gsize written = 0;

  /* through the driver: the failure, then the failed connector again */
  {
    g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
    g_autoptr(RdpConnector) connector = rdp_connector_new (settings);

    begin_both (connector, nla_failure, &error, &sync_error, &written);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED);
    g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_FAILED);
    g_assert_error (sync_error, RDP_ERROR, RDP_ERROR_FAILED);
    g_test_message ("begin on a failed connector: %s", sync_error->message);
    g_clear_error (&error);
    g_clear_error (&sync_error);

    begin_both (connector, empty, &error, &sync_error, &written);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
    g_assert_error (sync_error, RDP_ERROR, RDP_ERROR_FAILED);
    g_assert_cmpuint (written, ==, 0);
    g_clear_error (&error);
    g_clear_error (&sync_error);
  }

  /* a connector whose sequence is over */
  {
    g_autoptr(GBytes) server = w2008_server_stream (13);
    g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
    g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
    g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (server, 0, 0, RDP_TEST_END_EOF);
    g_autoptr(GIOStream) stream = rdp_test_io_stream_new (input);
    g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
    g_autoptr(RdpConnectionResult) result = NULL;

    rdp_connector_set_random (connector, null_random, NULL); /* the recorded keys */
    g_assert_true (rdp_connect_begin (framed, connector, NULL, &error));
    g_assert_no_error (error);
    rdp_connector_mark_as_upgraded (connector);
    result = rdp_connect_finalize (framed, connector, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);

    begin_both (connector, empty, &error, &sync_error, &written);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
    g_assert_error (sync_error, RDP_ERROR, RDP_ERROR_FAILED);
    g_assert_cmpuint (written, ==, 0);
    g_clear_error (&error);
    g_clear_error (&sync_error);

    /* finalize again on a finished connector: the same result, no I/O */
    g_clear_pointer (&result, rdp_connection_result_unref);
    result = rdp_connect_finalize (framed, connector, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (result);
  }

  /* finalize before the negotiation: refused, nothing written */
  {
    g_autoptr(RdpSettings) settings = make_settings ("User", RDP_SECURITY_PROTOCOL_TLS);
    g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
    g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (empty, 0, 0, RDP_TEST_END_EOF);
    g_autoptr(GIOStream) stream = rdp_test_io_stream_new (input);
    g_autoptr(RdpFramed) framed = rdp_framed_new (stream);
    g_autoptr(GBytes) out = NULL;

    g_assert_null (rdp_connect_finalize (framed, connector, NULL, NULL, &error));
    g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
    out = written_bytes (stream);
    g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
    g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTION_REQUEST);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connector/w2008/sequence", test_w2008_sequence);
  g_test_add_func ("/connector/w2008/no-bitmap-codecs", test_w2008_no_bitmap_codecs);
  g_test_add_func ("/connector/w2008/licensing", test_w2008_licensing);
  g_test_add_func ("/connector/w2008/licensing-mac-mismatch", test_w2008_licensing_mac_mismatch);
  g_test_add_func ("/connector/license/rsa", test_license_rsa);
  g_test_add_func ("/connector/license/keys", test_license_keys);
  g_test_add_func ("/connector/connection-request/vector", test_connection_request_vector);
  g_test_add_func ("/connector/connection-request/no-cookie", test_no_cookie);
  g_test_add_func ("/connector/negotiation/failures", test_negotiation_failures);
  g_test_add_func ("/connector/negotiation/credssp-point", test_credssp_point);
  g_test_add_func ("/connector/negotiation/legacy-confirm-refused-by-default", test_legacy_confirm_refused_by_default);
  g_test_add_func ("/connector/standard-security/rc4", test_standard_security_rc4);
  g_test_add_func ("/connector/channels/joins", test_channel_joins);
  g_test_add_func ("/connector/channels/join-mismatch", test_channel_join_mismatch);
  g_test_add_func ("/connector/channels/skip", test_skip_channel_join);
  g_test_add_func ("/connector/message-channel", test_message_channel);
  g_test_add_func ("/connector/disconnect-provider-ultimatum", test_disconnect_provider_ultimatum);
  g_test_add_func ("/connector/before-demand-active", test_before_demand_active);
  g_test_add_func ("/connector/reactivation", test_reactivation);
  g_test_add_func ("/connector/reactivations-in-one-pdu", test_reactivations_in_one_pdu);
  g_test_add_func ("/connector/misuse", test_misuse);
  g_test_add_func ("/connector/active-deactivate-all", test_active_deactivate_all);
  g_test_add_func ("/connect/async", test_driver_async);
  g_test_add_func ("/connect/sync", test_driver_sync);
  g_test_add_func ("/connect/server-closes", test_driver_server_closes);
  g_test_add_func ("/connect/cancel", test_driver_cancel);
  g_test_add_func ("/connect/credssp", test_driver_credssp);
  g_test_add_func ("/connector/credentials-split", test_credentials_split);
  g_test_add_func ("/connect/begin-asks-connector", test_driver_begin_asks_connector);

  return g_test_run ();
}
