/* test-mcs-gcc.c: the MCS (T.125 BER/PER) and GCC (T.124) codecs against
 * the vectors of tests/vectors, and against truncated and garbled input
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-ber-private.h"
#include "rdp-gcc-private.h"
#include "rdp-mcs-private.h"
#include "rdp-per-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

/* ---- helpers ---- */

static void
assert_bytes_equal (GBytes       *got,
                    const guint8 *expected,
                    gsize         expected_length)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (got, &length);

  g_assert_cmpmem (data, length, expected, expected_length);
}

static void
assert_gbytes_equal (GBytes *got,
                     GBytes *expected)
{
  assert_bytes_equal (got, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static gboolean
contains (const guint8 *haystack,
          gsize         length,
          const void   *needle,
          gsize         needle_length)
{
  gsize i;

  for (i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
try_client_blocks (const guint8 *data,
                   gsize         length,
                   GError      **error)
{
  g_auto(RdpGccClientData) client = { 0 };
  g_autoptr(GBytes) again = NULL;
  g_auto(RdpGccClientData) client2 = { 0 };
  gsize again_length;
  const guint8 *again_data;

  if (!rdp_gcc_decode_conference_create_request (data, length, &client, error))
    return FALSE;
  /* A decoded request re-encodes unless a string filled its field. */
  again = rdp_gcc_encode_conference_create_request (&client, error);
  if (again == NULL)
    return FALSE;
  again_data = g_bytes_get_data (again, &again_length);
  g_assert_true (rdp_gcc_decode_conference_create_request (again_data, again_length, &client2, NULL));
  g_assert_cmpuint (client2.has_core, ==, client.has_core);
  g_assert_cmpuint (client2.core.last_field, ==, client.core.last_field);
  g_assert_cmpstr (client2.core.client_name, ==, client.core.client_name);
  return TRUE;
}

static gboolean
try_server_blocks (const guint8 *data,
                   gsize         length,
                   GError      **error)
{
  g_auto(RdpGccServerData) server = { 0 };
  g_auto(RdpGccServerData) server2 = { 0 };
  g_autoptr(GBytes) again = NULL;

  if (!rdp_gcc_decode_conference_create_response (data, length, &server, error))
    return FALSE;
  again = rdp_gcc_encode_conference_create_response (&server, error);
  if (again == NULL)
    return FALSE;
  g_assert_true (rdp_gcc_decode_conference_create_response (g_bytes_get_data (again, NULL),
                                                            g_bytes_get_size (again),
                                                            &server2, NULL));
  g_assert_cmpuint (server2.io_channel_id, ==, server.io_channel_id);
  g_assert_cmpuint (server2.encryption_method, ==, server.encryption_method);
  return TRUE;
}

static gboolean
try_connect_initial (const guint8 *data,
                     gsize         length,
                     GError      **error)
{
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_autoptr(GBytes) again = NULL;

  if (!rdp_mcs_decode_connect_initial (data, length, &initial, error))
    return FALSE;
  again = rdp_mcs_encode_connect_initial (&initial, NULL);
  g_assert_nonnull (again);
  return try_client_blocks (g_bytes_get_data (initial.user_data, NULL),
                            g_bytes_get_size (initial.user_data), error);
}

static gboolean
try_connect_response (const guint8 *data,
                      gsize         length,
                      GError      **error)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_autoptr(GBytes) again = NULL;

  if (!rdp_mcs_decode_connect_response (data, length, &response, error))
    return FALSE;
  again = rdp_mcs_encode_connect_response (&response, NULL);
  g_assert_nonnull (again);
  return try_server_blocks (g_bytes_get_data (response.user_data, NULL),
                            g_bytes_get_size (response.user_data), error);
}

static gboolean
try_domain_pdu (const guint8 *data,
                gsize         length,
                GError      **error)
{
  RdpMcsDomainPdu pdu, pdu2;
  g_autoptr(GBytes) again = NULL;

  if (!rdp_mcs_decode_domain_pdu (data, length, &pdu, error))
    return FALSE;
  again = rdp_mcs_encode_domain_pdu (&pdu, NULL);
  g_assert_nonnull (again);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (again, NULL), g_bytes_get_size (again),
                                            &pdu2, NULL));
  g_assert_cmpint (pdu2.type, ==, pdu.type);
  g_assert_cmpuint (pdu2.initiator, ==, pdu.initiator);
  return TRUE;
}

static gboolean
try_domain_pdu_body (const guint8 *data,
                     gsize         length,
                     GError      **error)
{
  RdpMcsDomainPdu pdu, pdu2;
  g_autoptr(GByteArray) again = g_byte_array_new ();

  if (!rdp_mcs_decode_domain_pdu_body (data, length, &pdu, error))
    return FALSE;
  g_assert_true (rdp_mcs_write_domain_pdu_body (again, &pdu, NULL));
  g_assert_true (rdp_mcs_decode_domain_pdu_body (again->data, again->len, &pdu2, NULL));
  g_assert_cmpint (pdu2.type, ==, pdu.type);
  return TRUE;
}

/* Every proper prefix of the payload of a TPKT PDU, in a TPKT whose length is
 * right, so that the decoder's own length checks are what catches it. */
static void
check_reframed_prefixes (const guint8 *data,
                         gsize         length,
                         RdpTestTryFunc       try_func)
{
  gsize n;

  g_assert_cmpuint (length, >=, RDP_DATA_TPDU_HEADER_SIZE);
  for (n = RDP_DATA_TPDU_HEADER_SIZE; n < length; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);
      GError *error = NULL;

      copy[2] = n >> 8;
      copy[3] = n & 0xff;
      if (try_func (copy, n, &error))
        g_error ("a reframed prefix of %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes decoded", n, length);
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }
}

static void
check_bad_input (GBytes  *vector,
                 RdpTestTryFunc  try_func,
                 gboolean tpkt)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);
  GError *error = NULL;

  g_assert_true (try_func (data, length, &error));
  g_assert_no_error (error);
  rdp_test_check_prefixes (data, length, try_func);
  if (tpkt)
    check_reframed_prefixes (data, length, try_func);
  rdp_test_check_garbled (data, length, try_func, g_test_thorough () ? 20000 : 2000);
}

/* ---- Connect-Initial ---- */

static void
assert_params (const RdpMcsDomainParameters *params,
               guint32 max_channel_ids, guint32 max_user_ids, guint32 max_token_ids,
               guint32 num_priorities, guint32 min_throughput, guint32 max_height,
               guint32 max_mcs_pdu_size, guint32 protocol_version)
{
  g_assert_cmpuint (params->max_channel_ids, ==, max_channel_ids);
  g_assert_cmpuint (params->max_user_ids, ==, max_user_ids);
  g_assert_cmpuint (params->max_token_ids, ==, max_token_ids);
  g_assert_cmpuint (params->num_priorities, ==, num_priorities);
  g_assert_cmpuint (params->min_throughput, ==, min_throughput);
  g_assert_cmpuint (params->max_height, ==, max_height);
  g_assert_cmpuint (params->max_mcs_pdu_size, ==, max_mcs_pdu_size);
  g_assert_cmpuint (params->protocol_version, ==, protocol_version);
}

static void
assert_channel (const RdpGccClientData *client,
                guint                   index,
                const char             *name,
                guint32                 options)
{
  const RdpGccChannelDef *def;

  g_assert_cmpuint (index, <, client->channels->len);
  def = &g_array_index (client->channels, RdpGccChannelDef, index);
  g_assert_cmpstr (def->name, ==, name);
  g_assert_cmphex (def->options, ==, options);
}

/* Decodes a Connect-Initial vector, checks what both share (mstsc's domain
 * parameters in the non-minimal form), re-encodes the GCC and MCS layers
 * byte for byte and returns the client data. */
static void
decode_connect_initial (const char       *name,
                        RdpGccClientData *out_client)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (name);
  g_autoptr(GBytes) gcc = NULL;
  g_autoptr(GBytes) again = NULL;
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_autoptr(GError) error = NULL;
  static const guint8 one[] = { 0x01 };

  g_assert_true (rdp_mcs_decode_connect_initial (g_bytes_get_data (vector, NULL),
                                                 g_bytes_get_size (vector), &initial, &error));
  g_assert_no_error (error);
  assert_bytes_equal (initial.calling_domain_selector, one, 1);
  assert_bytes_equal (initial.called_domain_selector, one, 1);
  g_assert_true (initial.upward_flag);
  assert_params (&initial.target_parameters, 34, 2, 0, 1, 0, 1, 65535, 2);
  assert_params (&initial.minimum_parameters, 1, 1, 1, 1, 0, 1, 1056, 2);
  assert_params (&initial.maximum_parameters, 65535, 64535, 65535, 1, 0, 1, 65535, 2);
  g_assert_cmpint (initial.integer_form, ==, RDP_BER_INTEGER_UNSIGNED);

  g_assert_true (rdp_gcc_decode_conference_create_request (g_bytes_get_data (initial.user_data, NULL),
                                                           g_bytes_get_size (initial.user_data),
                                                           out_client, &error));
  g_assert_no_error (error);

  gcc = rdp_gcc_encode_conference_create_request (out_client, &error);
  g_assert_no_error (error);
  assert_gbytes_equal (gcc, initial.user_data);

  again = rdp_mcs_encode_connect_initial (&initial, &error);
  g_assert_no_error (error);
  assert_gbytes_equal (again, vector);
}

static void
test_connect_initial_spec (void)
{
  g_auto(RdpGccClientData) client = { 0 };
  const RdpGccClientCore *core = &client.core;
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.3_client_mcs_connect_initial_gcc_ccr");
  gsize length;
  const guint8 *data = g_bytes_get_data (vector, &length);

  /* The bytes the INDEX names. */
  g_assert_cmpuint (length, ==, 416);
  g_assert_cmpmem (data + 7, 5, "\x7f\x65\x82\x01\x94", 5);

  decode_connect_initial ("bcgr_4.1.3_client_mcs_connect_initial_gcc_ccr", &client);

  g_assert_true (client.has_core);
  g_assert_cmphex (core->version, ==, RDP_GCC_VERSION_RDP_5);
  g_assert_cmpuint (core->desktop_width, ==, 1280);
  g_assert_cmpuint (core->desktop_height, ==, 1024);
  g_assert_cmphex (core->color_depth, ==, RDP_GCC_COLOR_8BPP);
  g_assert_cmphex (core->sas_sequence, ==, RDP_GCC_SAS_DEL);
  g_assert_cmphex (core->keyboard_layout, ==, 0x409);
  g_assert_cmpuint (core->client_build, ==, 3790);
  g_assert_cmpstr (core->client_name, ==, "ELTONS-DEV2");
  g_assert_cmpuint (core->keyboard_type, ==, 4);
  g_assert_cmpuint (core->keyboard_subtype, ==, 0);
  g_assert_cmpuint (core->keyboard_function_keys, ==, 12);
  g_assert_cmpstr (core->ime_file_name, ==, "");
  g_assert_cmpint (core->last_field, ==, RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL);
  g_assert_cmphex (core->post_beta2_color_depth, ==, RDP_GCC_COLOR_8BPP);
  g_assert_cmpuint (core->client_product_id, ==, 1);
  g_assert_cmpuint (core->serial_number, ==, 0);
  g_assert_cmpuint (core->high_color_depth, ==, 24);
  g_assert_cmpuint (core->supported_color_depths, ==, 7);
  g_assert_cmphex (core->early_capability_flags, ==, RDP_GCC_RNS_UD_CS_SUPPORT_ERRINFO_PDU);
  g_assert_cmpstr (core->client_dig_product_id, ==, "69712-783-0357974-42714");
  g_assert_cmpuint (core->connection_type, ==, 0);
  g_assert_cmpuint (core->server_selected_protocol, ==, 0);

  g_assert_true (client.has_cluster);
  g_assert_cmphex (client.cluster_flags, ==, 0x0d);
  g_assert_cmpuint (client.redirected_session_id, ==, 0);
  g_assert_true (client.has_security);
  g_assert_cmphex (client.encryption_methods, ==, 0x1b);
  g_assert_cmphex (client.ext_encryption_methods, ==, 0);
  g_assert_true (client.has_network);
  g_assert_cmpuint (client.channels->len, ==, 3);
  assert_channel (&client, 0, "rdpdr", 0x80800000);
  assert_channel (&client, 1, "cliprdr", 0xc0a00000);
  assert_channel (&client, 2, "rdpsnd", 0xc0000000);
  g_assert_false (client.has_message_channel);
  g_assert_false (client.has_multitransport);
  g_assert_null (client.other_blocks);
}

static void
test_connect_initial_mstsc (void)
{
  g_auto(RdpGccClientData) client = { 0 };
  const RdpGccClientCore *core = &client.core;

  decode_connect_initial ("mstsc_tls_client_c01_mcs_connect_initial_gcc", &client);

  g_assert_cmphex (core->version, ==, 0x0008000c);
  g_assert_cmpuint (core->desktop_width, ==, 1440);
  g_assert_cmpuint (core->desktop_height, ==, 900);
  g_assert_cmphex (core->keyboard_layout, ==, 0x40c);
  g_assert_cmpuint (core->client_build, ==, 18362);
  g_assert_cmpstr (core->client_name, ==, "CLT02");
  g_assert_cmpint (core->last_field, ==, RDP_GCC_CORE_DEVICE_SCALE_FACTOR);
  g_assert_cmpuint (core->high_color_depth, ==, 24);
  g_assert_cmphex (core->supported_color_depths, ==, 0x0f);
  g_assert_cmphex (core->early_capability_flags, ==, 0x07af);
  g_assert_cmpstr (core->client_dig_product_id, ==, "356a7788-8637-41cd-997d-475d81a");
  g_assert_cmpuint (core->connection_type, ==, 7);
  g_assert_cmphex (core->server_selected_protocol, ==, 1);
  g_assert_cmpuint (core->desktop_physical_width, ==, 0);
  g_assert_cmpuint (core->device_scale_factor, ==, 0);

  g_assert_true (client.has_cluster);
  g_assert_cmphex (client.cluster_flags, ==, 0x15);
  g_assert_cmphex (client.encryption_methods, ==, 0x1b);
  g_assert_cmpuint (client.channels->len, ==, 4);
  assert_channel (&client, 0, "rdpdr", 0x80800000);
  assert_channel (&client, 1, "rdpsnd", 0xc0000000);
  assert_channel (&client, 2, "cliprdr", 0xc0a00000);
  assert_channel (&client, 3, "drdynvc", 0xc0800000);
  g_assert_true (client.has_message_channel);
  g_assert_cmphex (client.message_channel_flags, ==, 0);
  g_assert_true (client.has_multitransport);
  g_assert_cmphex (client.multitransport_flags, ==, 0x305);
  g_assert_null (client.other_blocks);
}

/* A Connect-Initial built from scratch, as a client would, survives the round
 * trip, in both INTEGER forms. */
static void
test_connect_initial_build (void)
{
  g_auto(RdpGccClientData) client = { 0 };
  g_auto(RdpGccClientData) client2 = { 0 };
  g_auto(RdpMcsConnectInitial) initial = { 0 };
  g_auto(RdpMcsConnectInitial) initial2 = { 0 };
  g_autoptr(GBytes) gcc = NULL;
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GError) error = NULL;
  RdpBerIntegerForm form;
  static const guint8 ffff_der[] = { 0x02, 0x03, 0x00, 0xff, 0xff };
  static const guint8 ffff_unsigned[] = { 0x02, 0x02, 0xff, 0xff };

  client.has_core = TRUE;
  client.core.version = RDP_GCC_VERSION_RDP_10;
  client.core.desktop_width = 1920;
  client.core.desktop_height = 1080;
  client.core.client_name = g_strdup ("gnome-äöü");
  client.core.last_field = RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL;
  client.core.early_capability_flags = RDP_GCC_RNS_UD_CS_VALID_CONNECTION_TYPE;
  client.core.server_selected_protocol = 3;
  client.has_security = TRUE;
  g_assert_true (rdp_gcc_client_data_add_channel (&client, "cliprdr", 0xc0a00000, &error));
  g_assert_true (rdp_gcc_client_data_add_channel (&client, "drdynvc", 0xc0800000, &error));
  g_assert_no_error (error);

  gcc = rdp_gcc_encode_conference_create_request (&client, &error);
  g_assert_no_error (error);

  for (form = RDP_BER_INTEGER_DER; form <= RDP_BER_INTEGER_UNSIGNED; form++)
    {
      gsize length;
      const guint8 *data;

      rdp_mcs_connect_initial_clear (&initial);
      rdp_mcs_connect_initial_init (&initial, gcc);
      initial.integer_form = form;
      g_clear_pointer (&pdu, g_bytes_unref);
      pdu = rdp_mcs_encode_connect_initial (&initial, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (pdu, &length);
      g_assert_true (contains (data, length, form == RDP_BER_INTEGER_DER ? ffff_der : ffff_unsigned,
                                form == RDP_BER_INTEGER_DER ? sizeof ffff_der : sizeof ffff_unsigned));

      rdp_mcs_connect_initial_clear (&initial2);
      g_assert_true (rdp_mcs_decode_connect_initial (data, length, &initial2, &error));
      g_assert_no_error (error);
      g_assert_cmpint (initial2.integer_form, ==, form);
      assert_params (&initial2.maximum_parameters, 65535, 64535, 65535, 1, 0, 1, 65535, 2);
      assert_gbytes_equal (initial2.user_data, gcc);
    }

  g_assert_true (rdp_gcc_decode_conference_create_request (g_bytes_get_data (gcc, NULL),
                                                           g_bytes_get_size (gcc), &client2, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (client2.core.client_name, ==, "gnome-äöü");
  g_assert_cmpuint (client2.core.desktop_width, ==, 1920);
  g_assert_cmpint (client2.core.last_field, ==, RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL);
  g_assert_cmpuint (client2.core.server_selected_protocol, ==, 3);
  g_assert_cmpstr (client2.core.client_dig_product_id, ==, "");
  g_assert_cmpuint (client2.channels->len, ==, 2);
  assert_channel (&client2, 1, "drdynvc", 0xc0800000);
  g_assert_false (client2.has_cluster);
}

static void
test_client_data_errors (void)
{
  g_auto(RdpGccClientData) client = { 0 };
  GError *error = NULL;
  GBytes *gcc;

  g_assert_false (rdp_gcc_client_data_add_channel (&client, "", 0, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_gcc_client_data_add_channel (&client, "toolongname", 0, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_gcc_client_data_add_channel (&client, "a b", 0, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_null (client.channels);

  client.has_core = TRUE;
  client.core.client_name = g_strdup ("0123456789abcdef");     /* 16 > 15 */
  gcc = rdp_gcc_encode_conference_create_request (&client, &error);
  g_assert_null (gcc);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  g_free (client.core.client_name);
  client.core.client_name = g_strdup ("0123456789abcde");
  gcc = rdp_gcc_encode_conference_create_request (&client, &error);
  g_assert_no_error (error);
  g_bytes_unref (gcc);
}

/* Blocks of unknown types are skipped and kept; a known block twice, a block
 * shorter than its header or longer than what remains are refused. */
static void
test_client_data_blocks (void)
{
  static const guint8 unknown_and_security[] = {
    0x05, 0xc0, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04,      /* CS_MONITOR, kept */
    0x02, 0xc0, 0x0c, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x99, 0x99, 0x04, 0x00,                              /* empty unknown */
  };
  static const guint8 twice[] = {
    0x02, 0xc0, 0x0c, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x02, 0xc0, 0x0c, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  static const guint8 short_header[] = { 0x02, 0xc0, 0x03, 0x00 };
  static const guint8 too_long[] = { 0x02, 0xc0, 0x0d, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 core_too_short[] = { 0x01, 0xc0, 0x08, 0x00, 0x04, 0x00, 0x08, 0x00 };
  static const guint8 net_overflow[] = { 0x03, 0xc0, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff };
  g_auto(RdpGccClientData) client = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GError *error = NULL;
  const guint8 *bad[] = { twice, short_header, too_long, core_too_short, net_overflow };
  const gsize bad_sizes[] = { sizeof twice, sizeof short_header, sizeof too_long,
                              sizeof core_too_short, sizeof net_overflow };
  gsize i;

  g_assert_true (rdp_gcc_decode_client_data (unknown_and_security, sizeof unknown_and_security,
                                             &client, &error));
  g_assert_no_error (error);
  g_assert_true (client.has_security);
  g_assert_cmphex (client.encryption_methods, ==, 3);
  g_assert_false (client.has_core);
  g_assert_cmpuint (client.other_blocks->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (client.other_blocks->pdata[0]), ==, 8);
  g_assert_cmpuint (g_bytes_get_size (client.other_blocks->pdata[1]), ==, 4);

  /* Known blocks first, then the kept ones. */
  g_assert_true (rdp_gcc_write_client_data (out, &client, &error));
  g_assert_cmpuint (out->len, ==, sizeof unknown_and_security);
  g_assert_cmpmem (out->data, 12, unknown_and_security + 8, 12);
  g_assert_cmpmem (out->data + 12, 8, unknown_and_security, 8);
  g_assert_cmpmem (out->data + 20, 4, unknown_and_security + 20, 4);

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(RdpGccClientData) c = { 0 };

      g_assert_false (rdp_gcc_decode_client_data (bad[i], bad_sizes[i], &c, &error));
      rdp_test_assert_invalid_data (error);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
}

/* ---- Connect-Response ---- */

static void
decode_connect_response (const char            *name,
                         RdpMcsConnectResponse *out_response,
                         RdpGccServerData      *out_server)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (name);
  g_autoptr(GBytes) gcc = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rdp_mcs_decode_connect_response (g_bytes_get_data (vector, NULL),
                                                  g_bytes_get_size (vector), out_response, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out_response->result, ==, RDP_MCS_RESULT_SUCCESSFUL);
  g_assert_cmpuint (out_response->called_connect_id, ==, 0);
  assert_params (&out_response->domain_parameters, 34, 3, 0, 1, 0, 1, 65528, 2);

  g_assert_true (rdp_gcc_decode_conference_create_response (g_bytes_get_data (out_response->user_data, NULL),
                                                            g_bytes_get_size (out_response->user_data),
                                                            out_server, &error));
  g_assert_no_error (error);
  g_assert_cmphex (out_server->node_id, ==, 0x760a + 1001);
  g_assert_cmpuint (out_server->tag, ==, 1);
  g_assert_cmpuint (out_server->result, ==, 0);

  /* Byte for byte, the bogus connectPDU length 0x2a included. */
  gcc = rdp_gcc_encode_conference_create_response (out_server, &error);
  g_assert_no_error (error);
  assert_gbytes_equal (gcc, out_response->user_data);
  again = rdp_mcs_encode_connect_response (out_response, &error);
  g_assert_no_error (error);
  assert_gbytes_equal (again, vector);
}

static void
test_connect_response_spec (void)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_auto(RdpGccServerData) server = { 0 };
  gsize length;
  const guint8 *cert;

  decode_connect_response ("bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp", &response, &server);
  g_assert_cmpuint (g_bytes_get_size (response.user_data), ==, 287);

  g_assert_true (server.has_core);
  g_assert_cmphex (server.version, ==, RDP_GCC_VERSION_RDP_5);
  g_assert_true (server.has_client_requested_protocols);
  g_assert_cmphex (server.client_requested_protocols, ==, 0);
  g_assert_false (server.has_early_capability_flags);

  g_assert_true (server.has_network);
  g_assert_cmpuint (server.io_channel_id, ==, 1003);
  g_assert_cmpuint (server.channel_ids->len, ==, 3);
  g_assert_cmpuint (g_array_index (server.channel_ids, guint16, 0), ==, 1004);
  g_assert_cmpuint (g_array_index (server.channel_ids, guint16, 1), ==, 1005);
  g_assert_cmpuint (g_array_index (server.channel_ids, guint16, 2), ==, 1006);

  g_assert_true (server.has_security);
  g_assert_cmpuint (server.encryption_method, ==, RDP_GCC_ENCRYPTION_METHOD_128BIT);
  g_assert_cmpuint (server.encryption_level, ==, RDP_GCC_ENCRYPTION_LEVEL_CLIENT_COMPATIBLE);
  g_assert_cmpuint (g_bytes_get_size (server.server_random), ==, 32);
  cert = g_bytes_get_data (server.server_certificate, &length);
  g_assert_cmpuint (length, ==, 184);
  /* The proprietary certificate: dwVersion 1, then "RSA1", keylen 72, bitlen
   * 512, public exponent 0x10001. */
  g_assert_cmphex (cert[0] | (cert[1] << 8) | (cert[2] << 16) | ((guint32) cert[3] << 24), ==, 1);
  g_assert_true (contains (cert, length, "RSA1\x48\x00\x00\x00\x00\x02\x00\x00\x3f\x00\x00\x00\x01\x00\x01\x00", 20));
  g_assert_false (server.has_message_channel);
  g_assert_null (server.other_blocks);
}

static void
test_connect_response_w2008 (void)
{
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_auto(RdpGccServerData) server = { 0 };

  decode_connect_response ("w2008tls_server_s01_mcs_connect_response_no_rdp_security", &response, &server);
  g_assert_cmphex (server.version, ==, RDP_GCC_VERSION_RDP_5);
  g_assert_cmphex (server.client_requested_protocols, ==, 1);
  g_assert_cmpuint (server.io_channel_id, ==, 1003);
  g_assert_cmpuint (server.channel_ids->len, ==, 0);
  g_assert_true (server.has_security);
  g_assert_cmpuint (server.encryption_method, ==, 0);
  g_assert_cmpuint (server.encryption_level, ==, 0);
  g_assert_null (server.server_random);
  g_assert_null (server.server_certificate);
}

/* The decoder does not look at the connectPDU length. */
static void
test_connect_response_any_connect_pdu_length (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s01_mcs_connect_response_no_rdp_security");
  g_auto(RdpMcsConnectResponse) response = { 0 };
  g_autofree guint8 *copy = NULL;
  gsize length, gcc_offset;
  guint value;

  g_assert_true (rdp_mcs_decode_connect_response (g_bytes_get_data (vector, NULL),
                                                  g_bytes_get_size (vector), &response, NULL));
  length = g_bytes_get_size (response.user_data);
  copy = g_memdup2 (g_bytes_get_data (response.user_data, NULL), length);
  gcc_offset = 7;               /* 00 05 00 14 7c 00 01 */
  g_assert_cmphex (copy[gcc_offset], ==, 0x2a);
  for (value = 0; value < 0x80; value += 7)
    {
      g_auto(RdpGccServerData) server = { 0 };

      copy[gcc_offset] = value;
      g_assert_true (rdp_gcc_decode_conference_create_response (copy, length, &server, NULL));
      g_assert_cmpuint (server.io_channel_id, ==, 1003);
    }
}

static void
test_connect_response_build (void)
{
  g_auto(RdpGccServerData) server = { 0 };
  g_auto(RdpGccServerData) server2 = { 0 };
  RdpMcsConnectResponse response = { 0 };
  g_auto(RdpMcsConnectResponse) response2 = { 0 };
  g_autoptr(GBytes) gcc = NULL;
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GError) error = NULL;
  guint16 ids[] = { 1004, 1005 };

  server.node_id = RDP_GCC_DEFAULT_NODE_ID;
  server.tag = RDP_GCC_DEFAULT_TAG;
  server.has_core = TRUE;
  server.version = RDP_GCC_VERSION_RDP_10;
  server.has_client_requested_protocols = TRUE;
  server.client_requested_protocols = 3;
  server.has_early_capability_flags = TRUE;
  server.early_capability_flags = RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED;
  server.has_network = TRUE;
  server.io_channel_id = 1003;
  server.channel_ids = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_array_append_vals (server.channel_ids, ids, G_N_ELEMENTS (ids));
  server.has_security = TRUE;
  server.has_message_channel = TRUE;
  server.message_channel_id = 1006;
  server.has_multitransport = TRUE;
  server.multitransport_flags = 0x101;

  gcc = rdp_gcc_encode_conference_create_response (&server, &error);
  g_assert_no_error (error);
  response.domain_parameters.max_mcs_pdu_size = 65528;
  response.user_data = gcc;
  pdu = rdp_mcs_encode_connect_response (&response, &error);
  g_assert_no_error (error);

  g_assert_true (rdp_mcs_decode_connect_response (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                                  &response2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response2.domain_parameters.max_mcs_pdu_size, ==, 65528);
  g_assert_true (rdp_gcc_decode_conference_create_response (g_bytes_get_data (response2.user_data, NULL),
                                                            g_bytes_get_size (response2.user_data),
                                                            &server2, &error));
  g_assert_no_error (error);
  g_assert_cmphex (server2.early_capability_flags, ==, RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED);
  g_assert_cmpuint (server2.channel_ids->len, ==, 2);
  g_assert_cmpuint (g_array_index (server2.channel_ids, guint16, 1), ==, 1005);
  g_assert_cmpuint (server2.message_channel_id, ==, 1006);
  g_assert_cmphex (server2.multitransport_flags, ==, 0x101);
  g_assert_null (server2.server_random);

  server.node_id = 1000;
  g_clear_pointer (&gcc, g_bytes_unref);
  gcc = rdp_gcc_encode_conference_create_response (&server, &error);
  g_assert_null (gcc);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* ---- domain PDUs ---- */

typedef struct {
  const char *name;
  gboolean wire;                /* a whole TPKT; else the PER body */
  RdpMcsDomainPduType type;
  guint value;                  /* reason, or result */
  guint16 initiator;
  guint16 requested_channel_id;
  guint16 channel_id;
} DomainCase;

static const DomainCase domain_cases[] = {
  { "bcgr_4.1.5_client_mcs_erect_domain_request", TRUE, RDP_MCS_ERECT_DOMAIN_REQUEST },
  { "bcgr_4.1.6_client_mcs_attach_user_request", TRUE, RDP_MCS_ATTACH_USER_REQUEST },
  { "bcgr_4.1.7_server_mcs_attach_user_confirm", TRUE, RDP_MCS_ATTACH_USER_CONFIRM, 0, 1007 },
  { "bcgr_4.1.8.1.1_client_channel_join_request_1007_user", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1007 },
  { "bcgr_4.1.8.1.2_server_channel_join_confirm_1007_user", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1007, 1007 },
  { "bcgr_4.1.8.2.1_client_channel_join_request_1003_io", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1003 },
  { "bcgr_4.1.8.2.2_server_channel_join_confirm_1003_io", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1003, 1003 },
  { "bcgr_4.1.8.3.1_client_channel_join_request_1004_rdpdr", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1004 },
  { "bcgr_4.1.8.3.2_server_channel_join_confirm_1004_rdpdr", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1004, 1004 },
  { "bcgr_4.1.8.4.1_client_channel_join_request_1005_cliprdr", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1005 },
  { "bcgr_4.1.8.4.2_server_channel_join_confirm_1005_cliprdr", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1005, 1005 },
  { "bcgr_4.1.8.5.1_client_channel_join_request_1006_rdpsnd", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1006 },
  { "bcgr_4.1.8.5.2_server_channel_join_confirm_1006_rdpsnd", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1006, 1006 },
  { "bcgr_4.2.3_mcs_disconnect_provider_ultimatum", TRUE, RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM, RDP_MCS_REASON_USER_REQUESTED },
  { "w2008tls_server_s02_mcs_attach_user_confirm_1004", TRUE, RDP_MCS_ATTACH_USER_CONFIRM, 0, 1004 },
  { "w2008tls_server_s03_mcs_channel_join_confirm_1004", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1004, 1004, 1004 },
  { "w2008tls_server_s04_mcs_channel_join_confirm_1003", TRUE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1004, 1003, 1003 },
  { "mstsc_tls_client_c02_mcs_erect_domain_request", TRUE, RDP_MCS_ERECT_DOMAIN_REQUEST },
  { "mstsc_tls_client_c03_mcs_attach_user_request", TRUE, RDP_MCS_ATTACH_USER_REQUEST },
  { "mstsc_tls_client_c04_mcs_channel_join_request_1001_user", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1001, 0, 1001 },
  { "mstsc_tls_client_c05_mcs_channel_join_request_1003_io", TRUE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1001, 0, 1003 },
  { "ironrdp_mcs_domain_pdu_erect_domain", FALSE, RDP_MCS_ERECT_DOMAIN_REQUEST },
  { "ironrdp_mcs_domain_pdu_attach_user_request", FALSE, RDP_MCS_ATTACH_USER_REQUEST },
  { "ironrdp_mcs_domain_pdu_attach_user_confirm", FALSE, RDP_MCS_ATTACH_USER_CONFIRM, 0, 1007 },
  { "ironrdp_mcs_domain_pdu_channel_join_request", FALSE, RDP_MCS_CHANNEL_JOIN_REQUEST, 0, 1007, 0, 1007 },
  { "ironrdp_mcs_domain_pdu_channel_join_confirm", FALSE, RDP_MCS_CHANNEL_JOIN_CONFIRM, 0, 1007, 1007, 1007 },
  { "ironrdp_mcs_domain_pdu_disconnect_provider_ultimatum", FALSE, RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM, RDP_MCS_REASON_USER_REQUESTED },
};

static void
test_domain_vectors (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (domain_cases); i++)
    {
      const DomainCase *c = &domain_cases[i];
      g_autoptr(GBytes) vector = rdp_test_load_vector (c->name);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GError) error = NULL;
      RdpMcsDomainPdu pdu;
      gsize length;
      const guint8 *data = g_bytes_get_data (vector, &length);

      g_test_message ("%s", c->name);
      if (c->wire)
        g_assert_true (rdp_mcs_decode_domain_pdu (data, length, &pdu, &error));
      else
        g_assert_true (rdp_mcs_decode_domain_pdu_body (data, length, &pdu, &error));
      g_assert_no_error (error);

      g_assert_cmpint (pdu.type, ==, c->type);
      switch (c->type)
        {
        case RDP_MCS_ERECT_DOMAIN_REQUEST:
          g_assert_cmpuint (pdu.sub_height, ==, 0);
          g_assert_cmpuint (pdu.sub_interval, ==, 0);
          break;
        case RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM:
          g_assert_cmpint (pdu.reason, ==, c->value);
          break;
        case RDP_MCS_ATTACH_USER_CONFIRM:
          g_assert_cmpint (pdu.result, ==, c->value);
          g_assert_true (pdu.has_initiator);
          g_assert_cmpuint (pdu.initiator, ==, c->initiator);
          break;
        case RDP_MCS_CHANNEL_JOIN_REQUEST:
          g_assert_cmpuint (pdu.initiator, ==, c->initiator);
          g_assert_cmpuint (pdu.channel_id, ==, c->channel_id);
          break;
        case RDP_MCS_CHANNEL_JOIN_CONFIRM:
          g_assert_cmpint (pdu.result, ==, c->value);
          g_assert_cmpuint (pdu.initiator, ==, c->initiator);
          g_assert_cmpuint (pdu.requested_channel_id, ==, c->requested_channel_id);
          g_assert_true (pdu.has_channel_id);
          g_assert_cmpuint (pdu.channel_id, ==, c->channel_id);
          break;
        default:
          break;
        }

      if (c->wire)
        again = rdp_mcs_encode_domain_pdu (&pdu, &error);
      else
        {
          GByteArray *out = g_byte_array_new ();

          g_assert_true (rdp_mcs_write_domain_pdu_body (out, &pdu, &error));
          again = g_byte_array_free_to_bytes (out);
        }
      g_assert_no_error (error);
      assert_gbytes_equal (again, vector);

      check_bad_input (vector, c->wire ? try_domain_pdu : try_domain_pdu_body, c->wire);
    }
}

static void
test_domain_shorthands (void)
{
  g_autoptr(GBytes) erect = rdp_mcs_encode_erect_domain_request (NULL);
  g_autoptr(GBytes) attach = rdp_mcs_encode_attach_user_request (NULL);
  g_autoptr(GBytes) join = rdp_mcs_encode_channel_join_request (1007, 1003, NULL);
  g_autoptr(GBytes) erect_vector = rdp_test_load_vector ("bcgr_4.1.5_client_mcs_erect_domain_request");
  g_autoptr(GBytes) attach_vector = rdp_test_load_vector ("bcgr_4.1.6_client_mcs_attach_user_request");
  g_autoptr(GBytes) join_vector = rdp_test_load_vector ("bcgr_4.1.8.2.1_client_channel_join_request_1003_io");
  GError *error = NULL;

  assert_gbytes_equal (erect, erect_vector);
  assert_gbytes_equal (attach, attach_vector);
  assert_gbytes_equal (join, join_vector);

  g_assert_null (rdp_mcs_encode_channel_join_request (1000, 1003, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* Results other than success, both ways they are written; every reason. */
static void
test_domain_results (void)
{
  guint result, reason;

  for (result = 0; result < RDP_MCS_RESULT_COUNT; result++)
    {
      RdpMcsDomainPdu pdu = {
        .type = RDP_MCS_CHANNEL_JOIN_CONFIRM,
        .result = result,
        .initiator = 1004,
        .requested_channel_id = 1005,
      }, back;
      g_autoptr(GByteArray) out = g_byte_array_new ();
      guint8 freerdp_form[] = { 0x3c, (guint8) result, 0x00, 0x03, 0x03, 0xed };

      g_assert_true (rdp_mcs_write_domain_pdu_body (out, &pdu, NULL));
      g_assert_cmpuint (out->len, ==, 6);
      g_assert_true (rdp_mcs_decode_domain_pdu_body (out->data, out->len, &back, NULL));
      g_assert_cmpint (back.result, ==, result);
      g_assert_false (back.has_channel_id);
      g_assert_cmpuint (back.requested_channel_id, ==, 1005);

      /* FreeRDP and IronRDP write the result as the whole byte. */
      g_assert_true (rdp_mcs_decode_domain_pdu_body (freerdp_form, sizeof freerdp_form, &back, NULL));
      g_assert_cmpint (back.result, ==, result);
    }

  for (reason = 0; reason < 8; reason++)
    {
      guint8 body[] = { 0x20 | (reason >> 1), (guint8) ((reason & 1) << 7) };
      RdpMcsDomainPdu pdu;
      GError *error = NULL;

      if (reason < RDP_MCS_REASON_COUNT)
        {
          g_assert_true (rdp_mcs_decode_domain_pdu_body (body, sizeof body, &pdu, &error));
          g_assert_cmpint (pdu.reason, ==, reason);
          g_assert_cmpstr (rdp_mcs_reason_to_string (pdu.reason), !=, "unknown");
        }
      else
        {
          g_assert_false (rdp_mcs_decode_domain_pdu_body (body, sizeof body, &pdu, &error));
          rdp_test_assert_invalid_data (error);
          g_clear_error (&error);
        }
    }
}

static void
test_domain_invalid (void)
{
  static const struct {
    const char *what;
    guint8 body[8];
    gsize length;
  } cases[] = {
    { "unsupported type (plumbDomainIndication)", { 0x00, 0x01, 0x00 }, 3 },
    { "unsupported type (detachUserRequest)", { 0x30, 0x00 }, 2 },
    { "trailing byte", { 0x28, 0x00 }, 2 },
    { "erect domain integer of 0 bytes", { 0x04, 0x00, 0x01, 0x00 }, 4 },
    { "erect domain integer of 5 bytes", { 0x04, 0x05, 0, 0, 0, 0, 0, 0x01 }, 8 },
    { "bad result byte", { 0x2e, 0x1f, 0x00, 0x06 }, 4 },
    { "user id above 65535", { 0x38, 0xff, 0xff, 0x03, 0xeb }, 5 },
    { "send data length too long", { 0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x02, 0x00 }, 8 },
    { "send data length too short", { 0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x00, 0x00 }, 8 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RdpMcsDomainPdu pdu;
      GError *error = NULL;

      g_test_message ("%s", cases[i].what);
      g_assert_false (rdp_mcs_decode_domain_pdu_body (cases[i].body, cases[i].length, &pdu, &error));
      rdp_test_assert_invalid_data (error);
      g_test_message ("  %s", error->message);
      g_clear_error (&error);
    }
}

/* ---- Send Data ---- */

static gboolean
is_send_data_vector (const char *name)
{
  static const char * const connection[] = {
    "bcgr_4.1.1_", "bcgr_4.1.2_", "bcgr_4.1.3_", "bcgr_4.1.4_", "bcgr_4.1.5_", "bcgr_4.1.6_",
    "bcgr_4.1.7_", "bcgr_4.1.8", "bcgr_4.2.3_", "w2008tls_server_s00_", "w2008tls_server_s01_",
    "w2008tls_server_s02_", "w2008tls_server_s03_", "w2008tls_server_s04_",
    "mstsc_tls_client_c00_", "mstsc_tls_client_c01_", "mstsc_tls_client_c02_",
    "mstsc_tls_client_c03_", "mstsc_tls_client_c04_", "mstsc_tls_client_c05_",
  };
  gsize i;

  if (strstr (name, "_decrypted") != NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (connection); i++)
    if (g_str_has_prefix (name, connection[i]))
      return FALSE;
  return TRUE;
}

/* Every slow-path PDU among the vectors after the connection phase is a Send
 * Data Request (client) or Indication (server) whose userData is the rest. */
static void
test_send_data_vectors (void)
{
  const char * const prefixes[] = { "bcgr_", "w2008tls_", "mstsc_" };
  guint count = 0;
  gsize p, i;

  for (p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      g_autoptr(GPtrArray) names = rdp_test_list_vectors (prefixes[p]);

      for (i = 0; i < names->len; i++)
        {
          const char *name = names->pdata[i];
          g_autoptr(GBytes) vector = NULL;
          g_autoptr(GBytes) again = NULL;
          g_autoptr(GError) error = NULL;
          RdpMcsDomainPdu pdu;
          gsize length;
          const guint8 *data;
          gboolean client;

          if (!is_send_data_vector (name))
            continue;
          vector = rdp_test_load_vector (name);
          data = g_bytes_get_data (vector, &length);
          if (length < 4 || data[0] != 0x03)
            continue;           /* fast-path */

          g_test_message ("%s", name);
          g_assert_true (rdp_mcs_decode_domain_pdu (data, length, &pdu, &error));
          g_assert_no_error (error);
          client = strstr (name, "_server_") == NULL;
          g_assert_cmpint (pdu.type, ==, client ? RDP_MCS_SEND_DATA_REQUEST : RDP_MCS_SEND_DATA_INDICATION);
          g_assert_cmpint (pdu.priority, ==, RDP_MCS_PRIORITY_HIGH);
          g_assert_cmpuint (pdu.segmentation, ==, RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END);
          g_assert_true (pdu.user_data == data + length - pdu.user_data_length);
          g_assert_cmpuint (pdu.channel_id, ==, RDP_MCS_GLOBAL_CHANNEL_ID);
          if (client)
            g_assert_cmpuint (pdu.initiator, ==, g_str_has_prefix (name, "bcgr_") ? 1007 : 1001);
          else
            g_assert_cmpuint (pdu.initiator, ==, 1002);

          again = rdp_mcs_encode_domain_pdu (&pdu, &error);
          g_assert_no_error (error);
          assert_gbytes_equal (again, vector);
          count++;
        }
    }
  g_assert_cmpuint (count, >=, 32);
}

static void
test_send_data_forms (void)
{
  struct {
    const char *name;
    gsize user_data_length;
    gboolean long_length;
  } cases[] = {
    { "bcgr_4.1.9_client_security_exchange", 0x50, FALSE },
    { "w2008tls_server_s07_license_error_valid_client_unencrypted", 0x14, FALSE },
    { "mstsc_tls_client_c10_client_info_sec_info_pkt", 0x13a, FALSE },
    { "w2008tls_server_s05_license_request", 0x1359, FALSE },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (cases[i].name);
      RdpMcsDomainPdu pdu;

      g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                                &pdu, NULL));
      g_assert_cmpuint (pdu.user_data_length, ==, cases[i].user_data_length);
      g_assert_cmpint (pdu.long_length, ==, cases[i].long_length);
    }
}

static void
test_send_data_build (void)
{
  static const guint8 payload[] = { 1, 2, 3 };
  static const guint8 expected[] = {
    0x03, 0x00, 0x00, 0x11, 0x02, 0xf0, 0x80, 0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x03, 1, 2, 3,
  };
  g_autoptr(GBytes) pdu = NULL;
  g_autofree guint8 *big = g_malloc0 (RDP_MCS_MAX_SEND_DATA_SIZE + 1);
  GError *error = NULL;
  RdpMcsDomainPdu back;

  pdu = rdp_mcs_encode_send_data_request (1007, 1003, payload, sizeof payload, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdu), ==, 17);
  g_assert_cmpmem (g_bytes_get_data (pdu, NULL), 17, expected, 17);
  g_clear_pointer (&pdu, g_bytes_unref);

  /* The largest, and one more. */
  pdu = rdp_mcs_encode_send_data_request (1007, 1003, big, RDP_MCS_MAX_SEND_DATA_SIZE, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_mcs_decode_domain_pdu (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                            &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.user_data_length, ==, RDP_MCS_MAX_SEND_DATA_SIZE);
  g_assert_null (rdp_mcs_encode_send_data_request (1007, 1003, big, RDP_MCS_MAX_SEND_DATA_SIZE + 1,
                                                   &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- BER and PER pieces ---- */

static void
test_ber_integers (void)
{
  static const struct {
    guint8 bytes[8];
    gsize length;
    guint32 value;
    gboolean unsigned_form;
  } good[] = {
    { { 0x02, 0x01, 0x00 }, 3, 0, FALSE },
    { { 0x02, 0x01, 0x22 }, 3, 34, FALSE },
    { { 0x02, 0x02, 0xff, 0xff }, 4, 65535, TRUE },
    { { 0x02, 0x03, 0x00, 0xff, 0xff }, 5, 65535, FALSE },
    { { 0x02, 0x03, 0x00, 0xff, 0xf8 }, 5, 65528, FALSE },
    { { 0x02, 0x02, 0xfc, 0x17 }, 4, 64535, TRUE },
    { { 0x02, 0x04, 0xff, 0xff, 0xff, 0xff }, 6, G_MAXUINT32, TRUE },
    { { 0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff }, 7, G_MAXUINT32, FALSE },
    { { 0x02, 0x81, 0x01, 0x05 }, 4, 5, FALSE },     /* long-form length */
  };
  static const struct {
    guint8 bytes[8];
    gsize length;
  } bad[] = {
    { { 0x02, 0x00 }, 2 },
    { { 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00 }, 7 },
    { { 0x02, 0x80, 0x01, 0x00, 0x00 }, 5 },       /* indefinite */
    { { 0x02, 0x85, 0, 0, 0, 0, 1, 5 }, 8 },
    { { 0x02, 0x84, 0xff, 0xff, 0xff, 0xff, 0 }, 7 },
    { { 0x04, 0x01, 0x01 }, 3 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      RdpPduReader reader;
      guint32 value = 0;
      gboolean unsigned_form = FALSE;
      g_autoptr(GByteArray) out = g_byte_array_new ();

      rdp_pdu_reader_init (&reader, good[i].bytes, good[i].length);
      g_assert_true (rdp_ber_read_integer (&reader, &value, &unsigned_form, NULL));
      g_assert_cmpuint (value, ==, good[i].value);
      g_assert_cmpint (unsigned_form, ==, good[i].unsigned_form);
      g_assert_cmpuint (rdp_pdu_reader_remaining (&reader), ==, 0);

      if (good[i].bytes[1] < 0x80 && (good[i].length < 4 || good[i].bytes[2] != 0 ||
                                      (good[i].bytes[3] & 0x80)))
        {
          rdp_ber_write_integer (out, value, unsigned_form ? RDP_BER_INTEGER_UNSIGNED : RDP_BER_INTEGER_DER);
          g_assert_cmpmem (out->data, out->len, good[i].bytes, good[i].length);
        }
    }
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      RdpPduReader reader;
      guint32 value;
      GError *error = NULL;

      rdp_pdu_reader_init (&reader, bad[i].bytes, bad[i].length);
      g_assert_false (rdp_ber_read_integer (&reader, &value, NULL, &error));
      rdp_test_assert_invalid_data (error);
      g_assert_cmpuint (reader.pos, ==, 0);
      g_clear_error (&error);
    }
}

static void
test_ber_lengths (void)
{
  static const gsize lengths[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100, 0x194, 0xffff, 0x10000 };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();
      RdpPduReader reader;
      gsize back;

      rdp_ber_write_length (out, lengths[i]);
      g_assert_cmpuint (out->len, ==, lengths[i] < 0x80 ? 1 : lengths[i] <= 0xff ? 2 : lengths[i] <= 0xffff ? 3 : 4);
      rdp_pdu_reader_init (&reader, out->data, out->len);
      g_assert_true (rdp_ber_read_length (&reader, &back, NULL));
      g_assert_cmpuint (back, ==, lengths[i]);
    }
}

static void
test_per_pieces (void)
{
  static const guint32 oid[] = { 0, 0, 20, 124, 0, 1 };
  static const guint32 big_oid[] = { 2, 999, 1, 128, 16384 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  RdpPduReader reader;
  g_autofree char *digits = NULL;
  g_autofree char *digits2 = NULL;
  guint32 arcs[8];
  gsize n, length;
  gboolean long_form;
  guint16 value16;
  GError *error = NULL;
  static const guint8 bad_digit[] = { 0x00, 0xa0 };
  static const guint8 open_arc[] = { 0x02, 0x00, 0x81 };

  rdp_per_write_object_identifier (out, oid, G_N_ELEMENTS (oid));
  g_assert_cmpmem (out->data, out->len, "\x05\x00\x14\x7c\x00\x01", 6);
  g_byte_array_set_size (out, 0);
  rdp_per_write_object_identifier (out, big_oid, G_N_ELEMENTS (big_oid));
  rdp_pdu_reader_init (&reader, out->data, out->len);
  g_assert_true (rdp_per_read_object_identifier (&reader, arcs, G_N_ELEMENTS (arcs), &n, NULL));
  g_assert_cmpmem (arcs, n * sizeof *arcs, big_oid, sizeof big_oid);
  rdp_pdu_reader_init (&reader, open_arc, sizeof open_arc);
  g_assert_false (rdp_per_read_object_identifier (&reader, arcs, G_N_ELEMENTS (arcs), &n, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  g_byte_array_set_size (out, 0);
  rdp_per_write_numeric_string (out, "1", 1);
  g_assert_cmpmem (out->data, out->len, "\x00\x10", 2);
  g_byte_array_set_size (out, 0);
  rdp_per_write_numeric_string (out, "20240", 1);
  rdp_pdu_reader_init (&reader, out->data, out->len);
  g_assert_true (rdp_per_read_numeric_string (&reader, 1, &digits, NULL));
  g_assert_cmpstr (digits, ==, "20240");
  rdp_pdu_reader_init (&reader, bad_digit, sizeof bad_digit);
  g_assert_false (rdp_per_read_numeric_string (&reader, 1, &digits2, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  g_byte_array_set_size (out, 0);
  rdp_per_write_length (out, 0x7f, FALSE);
  rdp_per_write_length (out, 0x80, FALSE);
  rdp_per_write_length (out, 0x50, TRUE);
  rdp_per_write_length (out, RDP_PER_MAX_LENGTH, FALSE);
  g_assert_cmpmem (out->data, out->len, "\x7f\x80\x80\x80\x50\xff\xff", 7);
  rdp_pdu_reader_init (&reader, out->data, out->len);
  g_assert_true (rdp_per_read_length (&reader, &length, &long_form, NULL));
  g_assert_true (length == 0x7f && !long_form);
  g_assert_true (rdp_per_read_length (&reader, &length, &long_form, NULL));
  g_assert_true (length == 0x80 && long_form);
  g_assert_true (rdp_per_read_length (&reader, &length, &long_form, NULL));
  g_assert_true (length == 0x50 && long_form);
  g_assert_true (rdp_per_read_length (&reader, &length, &long_form, NULL));
  g_assert_cmpuint (length, ==, RDP_PER_MAX_LENGTH);
  g_assert_false (rdp_per_read_length (&reader, &length, &long_form, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);

  g_byte_array_set_size (out, 0);
  rdp_per_write_integer16 (out, 1007, 1001);
  g_assert_cmpmem (out->data, out->len, "\x00\x06", 2);
  g_byte_array_set_size (out, 0);
  rdp_pdu_write_u16be (out, 0xffff);
  rdp_pdu_reader_init (&reader, out->data, out->len);
  g_assert_false (rdp_per_read_integer16 (&reader, 1001, &value16, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_cmpuint (reader.pos, ==, 0);
}

/* ---- truncated and garbled input ---- */

static void
test_bad_connect_initial (void)
{
  const char * const names[] = {
    "bcgr_4.1.3_client_mcs_connect_initial_gcc_ccr",
    "mstsc_tls_client_c01_mcs_connect_initial_gcc",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (names[i]);
      g_auto(RdpMcsConnectInitial) initial = { 0 };

      check_bad_input (vector, try_connect_initial, TRUE);
      g_assert_true (rdp_mcs_decode_connect_initial (g_bytes_get_data (vector, NULL),
                                                     g_bytes_get_size (vector), &initial, NULL));
      check_bad_input (initial.user_data, try_client_blocks, FALSE);
    }
}

static void
test_bad_connect_response (void)
{
  const char * const names[] = {
    "bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp",
    "w2008tls_server_s01_mcs_connect_response_no_rdp_security",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (names[i]);
      g_auto(RdpMcsConnectResponse) response = { 0 };

      check_bad_input (vector, try_connect_response, TRUE);
      g_assert_true (rdp_mcs_decode_connect_response (g_bytes_get_data (vector, NULL),
                                                      g_bytes_get_size (vector), &response, NULL));
      check_bad_input (response.user_data, try_server_blocks, FALSE);
    }
}

/* The decoders reject each other's PDUs. */
static void
test_wrong_decoder (void)
{
  g_autoptr(GBytes) initial = rdp_test_load_vector ("bcgr_4.1.3_client_mcs_connect_initial_gcc_ccr");
  g_autoptr(GBytes) response = rdp_test_load_vector ("bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp");
  g_autoptr(GBytes) domain = rdp_test_load_vector ("bcgr_4.1.7_server_mcs_attach_user_confirm");
  g_autoptr(GBytes) cr = rdp_test_load_vector ("bcgr_4.1.1_client_x224_connection_request");
  GBytes *all[] = { initial, response, domain, cr };
  RdpTestTryFunc funcs[] = { try_connect_initial, try_connect_response, try_domain_pdu };
  gsize i, j;

  for (i = 0; i < G_N_ELEMENTS (all); i++)
    for (j = 0; j < G_N_ELEMENTS (funcs); j++)
      {
        GError *error = NULL;

        if (i == j)
          continue;
        g_assert_false (funcs[j] (g_bytes_get_data (all[i], NULL), g_bytes_get_size (all[i]), &error));
        rdp_test_assert_invalid_data (error);
        g_clear_error (&error);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mcs/connect-initial/spec-4.1.3", test_connect_initial_spec);
  g_test_add_func ("/mcs/connect-initial/mstsc", test_connect_initial_mstsc);
  g_test_add_func ("/mcs/connect-initial/build", test_connect_initial_build);
  g_test_add_func ("/mcs/connect-initial/bad-input", test_bad_connect_initial);
  g_test_add_func ("/mcs/connect-response/spec-4.1.4", test_connect_response_spec);
  g_test_add_func ("/mcs/connect-response/w2008", test_connect_response_w2008);
  g_test_add_func ("/mcs/connect-response/any-connect-pdu-length", test_connect_response_any_connect_pdu_length);
  g_test_add_func ("/mcs/connect-response/build", test_connect_response_build);
  g_test_add_func ("/mcs/connect-response/bad-input", test_bad_connect_response);
  g_test_add_func ("/mcs/domain/vectors", test_domain_vectors);
  g_test_add_func ("/mcs/domain/shorthands", test_domain_shorthands);
  g_test_add_func ("/mcs/domain/results-and-reasons", test_domain_results);
  g_test_add_func ("/mcs/domain/invalid", test_domain_invalid);
  g_test_add_func ("/mcs/send-data/vectors", test_send_data_vectors);
  g_test_add_func ("/mcs/send-data/length-forms", test_send_data_forms);
  g_test_add_func ("/mcs/send-data/build", test_send_data_build);
  g_test_add_func ("/mcs/wrong-decoder", test_wrong_decoder);
  g_test_add_func ("/gcc/client-data/errors", test_client_data_errors);
  g_test_add_func ("/gcc/client-data/blocks", test_client_data_blocks);
  g_test_add_func ("/ber/integers", test_ber_integers);
  g_test_add_func ("/ber/lengths", test_ber_lengths);
  g_test_add_func ("/per/pieces", test_per_pieces);

  return g_test_run ();
}
