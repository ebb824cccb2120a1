/* test-license.c: the licensing codec (rdp-gio/pdu/rdp-license.c) and the
 * auto-detect / multitransport codec (rdp-gio/pdu/rdp-autodetect.c) against
 * the vectors of tests/vectors, spec layouts, and truncated and garbled
 * input
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-autodetect-private.h"
#include "rdp-license-private.h"
#include "rdp-license-client-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

static GBytes *
hex (const char *text)
{
  GError *error = NULL;
  GBytes *bytes = rdp_test_parse_hex (text, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
assert_gbytes_hex (GBytes     *got,
                   const char *expected_hex)
{
  g_autoptr(GBytes) expected = hex (expected_hex);

  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* Decodes a licensing message of any type this codec knows, and re-encodes
 * what a client sends. */
static gboolean
try_message (const guint8 *data,
             gsize         length,
             GError      **error)
{
  RdpLicensePreamble preamble;
  RdpPduReader body;

  if (!rdp_license_read_preamble (data, length, &preamble, &body, error))
    return FALSE;
  switch (preamble.msg_type)
    {
    case RDP_LICENSE_ERROR_ALERT:
      {
        g_auto(RdpLicenseErrorMessage) m = { 0 };
        return rdp_license_decode_error_message (data, length, &m, error);
      }
    case RDP_LICENSE_REQUEST:
      {
        g_auto(RdpLicenseRequest) r = { 0 };
        g_auto(RdpLicenseRsaKey) key = { 0 };
        GError *key_error = NULL;

        if (!rdp_license_decode_request (data, length, &r, error))
          return FALSE;
        /* A certificate that does not parse is not a bad License Request. */
        if (!rdp_license_certificate_get_rsa_key (g_bytes_get_data (r.server_certificate, NULL),
                                                  g_bytes_get_size (r.server_certificate),
                                                  &key, &key_error))
          {
            rdp_test_assert_invalid_data (key_error);
            g_clear_error (&key_error);
          }
        return TRUE;
      }
    case RDP_LICENSE_PLATFORM_CHALLENGE:
      {
        g_auto(RdpLicensePlatformChallenge) c = { 0 };
        return rdp_license_decode_platform_challenge (data, length, &c, error);
      }
    case RDP_LICENSE_NEW_LICENSE:
    case RDP_LICENSE_UPGRADE_LICENSE:
      {
        g_auto(RdpLicenseNewLicense) l = { 0 };
        return rdp_license_decode_new_license (data, length, &l, error);
      }
    case RDP_LICENSE_NEW_LICENSE_REQUEST:
      {
        g_auto(RdpLicenseNewLicenseRequest) r = { 0 };
        g_autoptr(GBytes) again = NULL;

        if (!rdp_license_decode_new_license_request (data, length, &r, error))
          return FALSE;
        again = rdp_license_encode_new_license_request (&r, error);
        g_assert_nonnull (again);
        g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), data, length);
        return TRUE;
      }
    case RDP_LICENSE_PLATFORM_CHALLENGE_RESPONSE:
      {
        g_auto(RdpLicensePlatformChallengeResponse) r = { 0 };
        g_autoptr(GBytes) again = NULL;

        if (!rdp_license_decode_platform_challenge_response (data, length, &r, error))
          return FALSE;
        again = rdp_license_encode_platform_challenge_response (&r, error);
        g_assert_nonnull (again);
        g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), data, length);
        return TRUE;
      }
    default:
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, "unknown licensing message 0x%02x",
                   (guint) preamble.msg_type);
      return FALSE;
    }
}

/* A whole licensing PDU (TPKT … security header, licensing message). */
static gboolean
try_license_pdu (const guint8 *data,
                 gsize         length,
                 GError      **error)
{
  RdpSecurityPdu sec_pdu;

  if (!rdp_security_pdu_decode (data, length, &sec_pdu, error))
                                return FALSE;
  if (!(sec_pdu.header.flags & RDP_SEC_LICENSE_PKT))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA, "not a licensing PDU");
      return FALSE;
    }
  return try_message (sec_pdu.body, sec_pdu.body_length, error);
}

/* Security header + licensing message. */
static gboolean
try_sec_message (const guint8 *data,
                 gsize         length,
                 GError      **error)
{
  RdpSecurityPdu sec_pdu;

  if (!rdp_security_pdu_decode_user_data (data, length, &sec_pdu, error))
                                          return FALSE;
  return try_message (sec_pdu.body, sec_pdu.body_length, error);
}

static gboolean
try_certificate (const guint8 *data,
                 gsize         length,
                 GError      **error)
{
  g_auto(RdpLicenseRsaKey) key = { 0 };

  return rdp_license_certificate_get_rsa_key (data, length, &key, error);
}

static gboolean
try_autodetect_request (const guint8 *data,
                        gsize         length,
                        GError      **error)
{
  RdpAutodetectRequest request;
  g_autoptr(GBytes) again = NULL;

  if (!rdp_autodetect_decode_request (data, length, &request, error))
    return FALSE;
  again = rdp_autodetect_encode_request (&request, error);
  g_assert_nonnull (again);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), data, length);
  return TRUE;
}

static gboolean
try_autodetect_response (const guint8 *data,
                         gsize         length,
                         GError      **error)
{
  RdpAutodetectResponse response;
  g_autoptr(GBytes) again = NULL;

  if (!rdp_autodetect_decode_response (data, length, &response, error))
    return FALSE;
  again = rdp_autodetect_encode_response (&response, error);
  g_assert_nonnull (again);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), data, length);
  return TRUE;
}

static gboolean
try_multitransport_request (const guint8 *data,
                            gsize         length,
                            GError      **error)
{
  RdpMultitransportRequest request;
  g_autoptr(GBytes) again = NULL;

  if (!rdp_multitransport_decode_request (data, length, &request, error))
    return FALSE;
  again = rdp_multitransport_encode_request (&request);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), data, length);
  return TRUE;
}

static gboolean
try_multitransport_response (const guint8 *data,
                             gsize         length,
                             GError      **error)
{
  guint32 id, hr;

  return rdp_multitransport_decode_response (data, length, &id, &hr, error);
}

/* Every proper prefix of a licensing message, with wMsgSize set to the
 * prefix's length, so that the decoders' own length checks are what catch
 * it. */
static void
check_resized_prefixes (const guint8 *data,
                        gsize         length)
{
  gsize n;

  for (n = 4; n < length; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);
      GError *error = NULL;

      copy[2] = n & 0xff;
      copy[3] = n >> 8;
      if (try_message (copy, n, &error))
        g_error ("a resized prefix of %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes decoded", n, length);
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }
}

static void
check_bad_input (const guint8 *data,
                 gsize         length,
                 RdpTestTryFunc       try_func)
{
  GError *error = NULL;

  g_assert_true (try_func (data, length, &error));
  g_assert_no_error (error);
  rdp_test_check_prefixes (data, length, try_func);
  rdp_test_check_garbled (data, length, try_func, g_test_thorough () ? 20000 : 1000);
}

/* A licensing message: what check_bad_input() does, and resized prefixes. */
static void
check_bad_message (const guint8 *data,
                   gsize         length)
{
  check_bad_input (data, length, try_message);
  check_resized_prefixes (data, length);
}

/* A vector: a whole PDU (try_license_pdu), security header + message
 * (try_sec_message) or a bare message (try_message); the message in it is
 * checked on its own too. */
static void
check_bad_vector (const char *name,
                  RdpTestTryFunc     try_func)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (name);
  const guint8 *data = g_bytes_get_data (vector, NULL);
  gsize length = g_bytes_get_size (vector);
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  check_bad_input (data, length, try_func);
  if (try_func == try_license_pdu)
    g_assert_true (rdp_security_pdu_decode (data, length, &sec_pdu, &error));
  else if (try_func == try_sec_message)
    g_assert_true (rdp_security_pdu_decode_user_data (data, length, &sec_pdu, &error));
  else
    {
      sec_pdu.body = data;
      sec_pdu.body_length = length;
    }
  g_assert_no_error (error);
  check_bad_message (sec_pdu.body, sec_pdu.body_length);
}

/* ---- security PDUs ---- */

/* flagsHi means something only under SEC_FLAGSHI_VALID ([MS-RDPBCGR]
 * 2.2.8.1.1.2.1): the decoder keeps what is on the wire, the value to act
 * on is 0 without the flag. */
static void
test_security_pdu_flags_hi (void)
{
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GBytes) attach = hex ("03 00 00 08 02 f0 80 28"); /* Attach User Request */
  static const guint8 body[] = { 0xff, 0x03, 0x04, 0x00 };
  g_autofree guint8 *big = g_malloc0 (70000);
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  valid = rdp_security_pdu_encode (1004, 1003, RDP_SEC_LICENSE_PKT | RDP_SEC_FLAGSHI_VALID, 0x1234,
                                   body, sizeof body, &error);
  g_assert_no_error (error);
  assert_gbytes_hex (valid, "03 00 00 16 02 f0 80 64 00 03 03 eb 70 08 80 80 34 12 ff 03 04 00");
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (valid, NULL), g_bytes_get_size (valid),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmphex (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT | RDP_SEC_FLAGSHI_VALID);
  g_assert_cmphex (sec_pdu.header.flags_hi, ==, 0x1234);
  g_assert_cmphex (rdp_security_header_flags_hi (&sec_pdu.header), ==, 0x1234);
  g_assert_cmpmem (sec_pdu.body, sec_pdu.body_length, body, sizeof body);

  garbage = rdp_security_pdu_encode (1004, 1003, RDP_SEC_LICENSE_PKT, 0x1234, body, sizeof body, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (garbage, NULL), g_bytes_get_size (garbage),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmphex (sec_pdu.header.flags_hi, ==, 0x1234);
  g_assert_cmphex (rdp_security_header_flags_hi (&sec_pdu.header), ==, 0);

  /* no room for the header; not a Send Data PDU; a body too long */
  g_assert_false (rdp_security_pdu_decode_user_data (body, 3, &sec_pdu, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_false (rdp_security_pdu_decode (g_bytes_get_data (attach, NULL), g_bytes_get_size (attach),
                                           &sec_pdu, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_assert_null (rdp_security_pdu_encode (1004, 1003, RDP_SEC_LICENSE_PKT, 0, big, 70000, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- License Error Message ---- */

static void
assert_valid_client (const guint8 *data,
                     gsize         length,
                     guint16       msg_size)
{
  g_auto(RdpLicenseErrorMessage) m = { 0 };
  GError *error = NULL;

  g_assert_true (rdp_license_decode_error_message (data, length, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m.preamble.msg_type, ==, RDP_LICENSE_ERROR_ALERT);
  g_assert_cmpuint (m.preamble.flags, ==, 0x03);
  g_assert_cmpuint (m.preamble.msg_size, ==, msg_size);
  g_assert_cmpuint (m.error_code, ==, RDP_LICENSE_STATUS_VALID_CLIENT);
  g_assert_cmpuint (m.state_transition, ==, RDP_LICENSE_ST_NO_TRANSITION);
  g_assert_cmpuint (m.error_info_type, ==, RDP_LICENSE_BB_ERROR_BLOB);
  g_assert_cmpuint (g_bytes_get_size (m.error_info), ==, 0);
  g_assert_true (rdp_license_error_message_is_valid_client (&m));
}

static void
test_error_valid_client_tls (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s07_license_error_valid_client_unencrypted");
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sec_pdu.mcs_type, ==, RDP_MCS_SEND_DATA_INDICATION);
  g_assert_cmpuint (sec_pdu.initiator, ==, 1002);
  g_assert_cmpuint (sec_pdu.channel_id, ==, 1003);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT);
  g_assert_cmpuint (sec_pdu.header.flags_hi, ==, 0);
  g_assert_cmpuint (sec_pdu.body_length, ==, 16);
  assert_valid_client (sec_pdu.body, sec_pdu.body_length, 16);
  check_bad_vector ("w2008tls_server_s07_license_error_valid_client_unencrypted", try_license_pdu);
}

static void
test_error_valid_client_spec (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.11_server_license_error_valid_client_decrypted");

  assert_valid_client (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector), 16);
  check_bad_vector ("bcgr_4.1.11_server_license_error_valid_client_decrypted", try_message);
}

/* IronRDP's wMsgSize counts the security header: 20, accepted too. */
static void
test_error_valid_client_ironrdp (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("ironrdp_sharedata_server_license");
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  g_assert_true (rdp_security_pdu_decode_user_data (g_bytes_get_data (vector, NULL),
                                                    g_bytes_get_size (vector), &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT);
  assert_valid_client (sec_pdu.body, sec_pdu.body_length, 20);
  check_bad_vector ("ironrdp_sharedata_server_license", try_sec_message);
}

static void
test_error_message_bad (void)
{
  const char * const bad[] = {
    "ff 01 10 00 07 00 00 00 02 00 00 00 04 00 00 00",        /* version 1 */
    "ff 03 11 00 07 00 00 00 02 00 00 00 04 00 00 00",        /* wMsgSize 17 */
    "ff 03 0c 00 07 00 00 00 02 00 00 00 04 00 00 00",        /* wMsgSize 12 */
    "ff 03 11 00 07 00 00 00 02 00 00 00 04 00 00 00 00",     /* trailing byte */
    "ff 03 10 00 07 00 00 00 02 00 00 00 04 00 01 00",        /* blob longer than the message */
    "01 03 10 00 07 00 00 00 02 00 00 00 04 00 00 00",        /* not an error alert */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = hex (bad[i]);
      g_auto(RdpLicenseErrorMessage) m = { 0 };
      GError *error = NULL;

      g_test_message ("bad error message %" G_GSIZE_FORMAT, i);
      g_assert_false (rdp_license_decode_error_message (g_bytes_get_data (bytes, NULL),
                                                        g_bytes_get_size (bytes), &m, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
      g_assert_null (m.error_info);
    }
  /* Another error: not a valid client. */
  {
    g_autoptr(GBytes) bytes = hex ("ff 03 14 00 02 00 00 00 01 00 00 00 04 00 04 00 de ad be ef");
    g_auto(RdpLicenseErrorMessage) m = { 0 };
    GError *error = NULL;

    g_assert_true (rdp_license_decode_error_message (g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes), &m, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (m.error_code, ==, RDP_LICENSE_ERR_NO_LICENSE);
    g_assert_cmpuint (m.state_transition, ==, RDP_LICENSE_ST_TOTAL_ABORT);
    g_assert_cmpuint (g_bytes_get_size (m.error_info), ==, 4);
    g_assert_false (rdp_license_error_message_is_valid_client (&m));
  }
}

/* ---- Server License Request ---- */

static void
test_license_request (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s05_license_request");
  const guint8 *data = g_bytes_get_data (vector, NULL);
  RdpSecurityPdu sec_pdu;
  g_auto(RdpLicenseRequest) request = { 0 };
  g_auto(RdpLicenseRsaKey) key = { 0 };
  g_autoptr(GBytes) random = hex ("a4 4b 52 ea 69 81 00 98 74 43 14 f4 f0 8e 90 cb"
                                  "f8 d3 bb 1d 59 c2 74 45 84 60 56 88 25 b8 b2 cf");
  GError *error = NULL;

  g_assert_cmpuint (g_bytes_get_size (vector), ==, 4968);
  /* The PER userData length in its two-byte form: 0x9359 → 4953. */
  g_assert_cmpuint (data[13], ==, 0x93);
  g_assert_cmpuint (data[14], ==, 0x59);
  g_assert_true (rdp_security_pdu_decode (data, g_bytes_get_size (vector), &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sec_pdu.mcs_type, ==, RDP_MCS_SEND_DATA_INDICATION);
  g_assert_cmpuint (sec_pdu.initiator, ==, 1002);
  g_assert_cmpuint (sec_pdu.channel_id, ==, 1003);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT);
  g_assert_cmpuint (sec_pdu.header.flags_hi, !=, 0); /* garbage, ignored: */
  g_assert_cmpuint (rdp_security_header_flags_hi (&sec_pdu.header), ==, 0);
  g_assert_cmpuint (sec_pdu.body_length, ==, 4949);

  g_assert_true (rdp_license_decode_request (sec_pdu.body, sec_pdu.body_length, &request, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request.preamble.msg_type, ==, RDP_LICENSE_REQUEST);
  g_assert_cmpuint (request.preamble.flags, ==, 0x03);
  g_assert_cmpuint (request.preamble.msg_size, ==, 4949);
  g_assert_cmpmem (request.server_random, sizeof request.server_random,
                   g_bytes_get_data (random, NULL), g_bytes_get_size (random));
  g_assert_cmpuint (request.product_version, ==, 0x00060000);
  g_assert_cmpstr (request.company_name, ==, "Microsoft Corporation");
  g_assert_cmpstr (request.product_id, ==, "A02");
  assert_gbytes_hex (request.key_exchange_list, "01 00 00 00");
  g_assert_true (rdp_license_request_offers_rsa (&request));
  g_assert_cmpuint (g_bytes_get_size (request.server_certificate), ==, 4815);
  g_assert_cmpuint (request.scopes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (request.scopes, 0), ==, "microsoft.com");

  /* The chain holds 4 certificates; the last one, the license server's,
   * names its key algorithm shaWithRSAEncryption (1.3.14.3.2.15). */
  g_assert_true (rdp_license_certificate_get_rsa_key (g_bytes_get_data (request.server_certificate, NULL),
                                                      g_bytes_get_size (request.server_certificate),
                                                      &key, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (key.exponent, ==, 0x10001);
  assert_gbytes_hex (key.modulus,
                     "ba ac 19 b2 42 e4 ea 6e dd 53 d9 54 29 68 22 c3 db f1 3c 52 3a df 2b 5c 05 69 b6 ca fa 68 2d 61"
                     "7e 90 40 13 d2 a4 26 f8 f6 dd 14 7a 4e 2d c1 1c 11 a1 cf 02 dc a2 81 82 f6 a2 95 d6 82 94 5f e9");

  check_bad_vector ("w2008tls_server_s05_license_request", try_license_pdu);
  /* Padding (8 + 4 × NumCertBlobs = 24 bytes) ends the chain; a decoder
   * accepts any, so only the bytes up to the last certificate's end must
   * fail when cut. */
  check_bad_input (g_bytes_get_data (request.server_certificate, NULL),
                   g_bytes_get_size (request.server_certificate) - 24, try_certificate);
}

/* The proprietary certificate of [MS-RDPBCGR] 4.1.4 (in SC_SEC). */
static void
test_proprietary_certificate (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp");
  const guint8 *data = g_bytes_get_data (vector, NULL);
  gsize length = g_bytes_get_size (vector), at;
  const guint8 *cert = NULL, *le;
  g_auto(RdpLicenseRsaKey) key = { 0 };
  guint8 be[64];
  GError *error = NULL;
  gsize i;

  for (at = 16; at + 4 <= length; at++)
    if (memcmp (data + at, "RSA1", 4) == 0)
      {
        cert = data + at - 16;
        break;
      }
  g_assert_nonnull (cert);
  g_assert_true (cert + 184 == data + length); /* serverCertLen 184, last in the PDU */
  g_assert_true (rdp_license_certificate_get_rsa_key (cert, 184, &key, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (key.exponent, ==, 0x10001);
  /* keylen 72: a 64-byte little-endian modulus and 8 zero bytes */
  le = cert + 16 + 20;
  for (i = 0; i < 64; i++)
    be[i] = le[63 - i];
  g_assert_cmpmem (g_bytes_get_data (key.modulus, NULL), g_bytes_get_size (key.modulus), be, 64);
  check_bad_input (cert, 184, try_certificate);
}

/* ---- Platform Challenge ---- */

static void
test_platform_challenge (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s06_license_platform_challenge");
  RdpSecurityPdu sec_pdu;
  g_auto(RdpLicensePlatformChallenge) challenge = { 0 };
  g_autoptr(GBytes) mac = hex ("6a fb 60 57 70 4d 3e c1 73 ab b3 2d 37 de 44 ea");
  GError *error = NULL;

  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT);
  g_assert_true (rdp_license_decode_platform_challenge (sec_pdu.body, sec_pdu.body_length,
                                                        &challenge, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (challenge.preamble.msg_type, ==, RDP_LICENSE_PLATFORM_CHALLENGE);
  g_assert_cmpuint (challenge.preamble.flags, ==, 0x03);
  g_assert_cmpuint (challenge.preamble.msg_size, ==, 38);
  g_assert_cmpuint (challenge.connect_flags, ==, 0x98b3c63f);
  g_assert_cmpuint (challenge.challenge_blob_type, ==, 0x4c9c); /* garbage, ignored */
  assert_gbytes_hex (challenge.encrypted_challenge, "4c dc eb f0 6b cd bb 66 14 36");
  g_assert_cmpmem (challenge.mac, sizeof challenge.mac, g_bytes_get_data (mac, NULL), 16);
  check_bad_vector ("w2008tls_server_s06_license_platform_challenge", try_license_pdu);
}

/* ---- Client New License Request ---- */

static void
test_new_license_request (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("mstsc_tls_client_c11_license_new_license_request");
  RdpSecurityPdu sec_pdu;
  g_auto(RdpLicenseNewLicenseRequest) request = { 0 };
  g_auto(RdpLicenseNewLicenseRequest) built = { 0 };
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GBytes) random = hex ("ec 06 bd b8 04 66 ec 11 30 f7 b7 37 2a e4 d5 6b"
                                  "66 53 0b 20 ab 11 5b d4 f3 42 ee 36 3e 24 ae 11");
  GError *error = NULL;

  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sec_pdu.mcs_type, ==, RDP_MCS_SEND_DATA_REQUEST);
  g_assert_cmpuint (sec_pdu.initiator, ==, 1001);
  g_assert_cmpuint (sec_pdu.channel_id, ==, 1003);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_LICENSE_PKT);
  g_assert_cmpuint (sec_pdu.header.flags_hi, ==, 0xdd22); /* garbage */
  g_assert_cmpuint (rdp_security_header_flags_hi (&sec_pdu.header), ==, 0);
  g_assert_cmpuint (sec_pdu.body_length, ==, 145);
  g_assert_cmpuint (sec_pdu.body[0], ==, RDP_LICENSE_NEW_LICENSE_REQUEST);
  g_assert_cmpuint (sec_pdu.body[1], ==, 0x83);

  g_assert_true (rdp_license_decode_new_license_request (sec_pdu.body, sec_pdu.body_length,
                                                         &request, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request.flags, ==, RDP_LICENSE_PREAMBLE_VERSION_3_0 | RDP_LICENSE_EXTENDED_ERROR_MSG_SUPPORTED);
  g_assert_cmpuint (request.key_exchange_alg, ==, RDP_LICENSE_KEY_EXCHANGE_ALG_RSA);
  g_assert_cmpuint (request.platform_id, ==, 0x08010000);
  g_assert_cmpmem (request.client_random, 32, g_bytes_get_data (random, NULL), 32);
  g_assert_cmpuint (request.premaster_blob_type, ==, RDP_LICENSE_BB_ANY_BLOB); /* mstsc: not BB_RANDOM_BLOB */
  /* a 512-bit RSA block and 8 zero bytes */
  g_assert_cmpuint (g_bytes_get_size (request.encrypted_premaster_secret), ==, 72);
  g_assert_cmpstr (request.user_name, ==, "Redemption");
  g_assert_cmpstr (request.machine_name, ==, "CLT02");

  /* The same fields, built by hand, encode to the same bytes. */
  built.flags = 0x83;
  built.key_exchange_alg = RDP_LICENSE_KEY_EXCHANGE_ALG_RSA;
  built.platform_id = 0x08010000;
  memcpy (built.client_random, g_bytes_get_data (random, NULL), 32);
  built.premaster_blob_type = RDP_LICENSE_BB_ANY_BLOB;
  built.encrypted_premaster_secret = g_bytes_ref (request.encrypted_premaster_secret);
  built.user_name = g_strdup ("Redemption");
  built.machine_name = g_strdup ("CLT02");
  message = rdp_license_encode_new_license_request (&built, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                   sec_pdu.body, sec_pdu.body_length);
  pdu = rdp_security_pdu_encode (1001, 1003, RDP_SEC_LICENSE_PKT, 0xdd22,
                                 g_bytes_get_data (message, NULL), g_bytes_get_size (message), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                   g_bytes_get_data (vector, NULL), g_bytes_get_size (vector));

  check_bad_vector ("mstsc_tls_client_c11_license_new_license_request", try_license_pdu);
}

static void
test_new_license_request_bad (void)
{
  g_auto(RdpLicenseNewLicenseRequest) request = { 0 };
  GError *error = NULL;

  /* no names */
  g_assert_null (rdp_license_encode_new_license_request (&request, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  /* a premaster secret too long for a blob */
  request.user_name = g_strdup ("u");
  request.machine_name = g_strdup ("m");
  request.encrypted_premaster_secret = g_bytes_new_take (g_malloc0 (70000), 70000);
  g_assert_null (rdp_license_encode_new_license_request (&request, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

/* ---- Platform Challenge Response, New License (spec layouts) ---- */

static void
test_platform_challenge_response (void)
{
  g_auto(RdpLicensePlatformChallengeResponse) response = { 0 };
  g_auto(RdpLicensePlatformChallengeResponse) decoded = { 0 };
  g_autoptr(GBytes) message = NULL;
  GError *error = NULL;
  guint i;

  response.flags = 0x83;
  response.encrypted_response = hex ("01 02 03 04 05 06 07 08 09 0a");
  response.encrypted_hwid = hex ("a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af b0 b1 b2 b3");
  for (i = 0; i < 16; i++)
    response.mac[i] = 0xf0 + i;
  message = rdp_license_encode_platform_challenge_response (&response, &error);
  g_assert_no_error (error);
  /* [MS-RDPELE] 2.2.2.5: preamble, BB_ENCRYPTED_DATA_BLOB ×2, MACData */
  assert_gbytes_hex (message,
                     "15 83 3a 00"
                     "09 00 0a 00 01 02 03 04 05 06 07 08 09 0a"
                     "09 00 14 00 a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af b0 b1 b2 b3"
                     "f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff");
  g_assert_true (rdp_license_decode_platform_challenge_response (g_bytes_get_data (message, NULL),
                                                                 g_bytes_get_size (message),
                                                                 &decoded, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (decoded.encrypted_response, response.encrypted_response));
  g_assert_true (g_bytes_equal (decoded.encrypted_hwid, response.encrypted_hwid));
  g_assert_cmpmem (decoded.mac, 16, response.mac, 16);
  check_bad_message (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
}

static void
test_new_license (void)
{
  const char *upgrade = "04 03 1e 00 09 00 06 00 11 22 33 44 55 66"
                        "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f";
  g_autoptr(GBytes) bytes = hex (upgrade);
  g_autoptr(GBytes) new_license = hex ("03 03 1e 00 09 00 06 00 11 22 33 44 55 66"
                                       "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
  g_autoptr(GBytes) wrong_blob = hex ("03 03 1e 00 02 00 06 00 11 22 33 44 55 66"
                                      "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
  g_auto(RdpLicenseNewLicense) license = { 0 };
  GError *error = NULL;

  g_assert_true (rdp_license_decode_new_license (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                 &license, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (license.preamble.msg_type, ==, RDP_LICENSE_UPGRADE_LICENSE);
  assert_gbytes_hex (license.encrypted_license_info, "11 22 33 44 55 66");
  g_assert_cmpuint (license.mac[15], ==, 0x0f);
  rdp_license_new_license_clear (&license);
  g_assert_true (rdp_license_decode_new_license (g_bytes_get_data (new_license, NULL),
                                                 g_bytes_get_size (new_license), &license, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (license.preamble.msg_type, ==, RDP_LICENSE_NEW_LICENSE);
  rdp_license_new_license_clear (&license);
  g_assert_false (rdp_license_decode_new_license (g_bytes_get_data (wrong_blob, NULL),
                                                  g_bytes_get_size (wrong_blob), &license, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  check_bad_message (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ---- licensing cryptography: known answers ([MS-RDPELE] 5.1) ----
 *
 * Every expected value below comes from outside this library:
 *
 * - IronRDP's test vectors (Devolutions/IronRDP,
 *   crates/ironrdp-pdu/src/rdp/server_license/client_new_license_request/tests.rs:
 *   CLIENT_RANDOM_BUFFER, SERVER_RANDOM_BUFFER, PREMASTER_SECRET_BUFFER,
 *   MASTER_SECRET_BUFFER, SESSION_KEY_BLOB, LICENSE_KEY_BUFFER; and
 *   client_platform_challenge_response/test.rs: the encrypted challenge,
 *   its MAC, mac_salt_key and license_key);
 * - the recorded Windows Server 2008 exchange (tests/vectors/w2008tls_*):
 *   its client (redemption) sends rdesktop's "null client keys", a zero
 *   client random and a zero premaster secret, so the keys follow from the
 *   server random of S5 alone, and the MAC of S6 was computed by Windows;
 * - RFC 6229, section 2 (RC4, 128-bit key 0x0102…10, offsets 0 and 16).
 *
 * All of them were also recomputed with this independent script (Python 3,
 * hashlib and a textbook RC4), which reproduces every value here:
 *
 *   import hashlib, struct
 *   md5 = lambda *p: hashlib.md5(b''.join(p)).digest()
 *   sha1 = lambda *p: hashlib.sha1(b''.join(p)).digest()
 *   def salted(s, i, r1, r2): return md5(s, sha1(i, s, r1, r2))
 *   def keys(cr, sr, pm):
 *       ms = b''.join(salted(pm, i, cr, sr) for i in (b'A', b'BB', b'CCC'))
 *       blob = b''.join(salted(ms, i, sr, cr) for i in (b'A', b'BB', b'CCC'))
 *       return ms, blob, blob[:16], md5(blob[16:32], cr, sr)
 *   def rc4(k, d):
 *       S = list(range(256)); j = 0
 *       for i in range(256):
 *           j = (j + S[i] + k[i % len(k)]) & 255; S[i], S[j] = S[j], S[i]
 *       i = j = 0; o = bytearray()
 *       for c in d:
 *           i = (i + 1) & 255; j = (j + S[i]) & 255; S[i], S[j] = S[j], S[i]
 *           o.append(c ^ S[(S[i] + S[j]) & 255])
 *       return bytes(o)
 *   def mac(salt, d):
 *       return md5(salt, b'\x5c' * 48,
 *                  sha1(salt, b'\x36' * 40, struct.pack('<I', len(d)), d))
 */

static void
set_bytes (guint8     *out,
           gsize       length,
           const char *hex_text)
{
  g_autoptr(GBytes) bytes = hex (hex_text);

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, length);
  memcpy (out, g_bytes_get_data (bytes, NULL), length);
}

static void
assert_mem_hex (const guint8 *got,
                gsize         length,
                const char   *expected_hex)
{
  g_autoptr(GBytes) expected = hex (expected_hex);

  g_assert_cmpmem (got, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* Derives the keys step by step and checks each against @master_secret,
 * @session_key_blob (both may be NULL), @mac_salt_key, @encryption_key. */
static void
check_keys (RdpLicenseSession *session,
            const char        *master_secret,
            const char        *session_key_blob,
            const char        *mac_salt_key,
            const char        *encryption_key)
{
  guint8 ms[48], blob[48];

  rdp_license_master_secret (session->premaster_secret, session->client_random,
                             session->server_random, ms);
  if (master_secret != NULL)
    assert_mem_hex (ms, sizeof ms, master_secret);
  rdp_license_session_key_blob (ms, session->client_random, session->server_random, blob);
  if (session_key_blob != NULL)
    assert_mem_hex (blob, sizeof blob, session_key_blob);
  rdp_license_session_derive_keys (session);
  g_assert_true (session->has_keys);
  g_assert_cmpmem (session->mac_salt_key, 16, blob, 16);
  assert_mem_hex (session->mac_salt_key, 16, mac_salt_key);
  assert_mem_hex (session->encryption_key, 16, encryption_key);
}

/* IronRDP's randoms, premaster secret and derived keys. */
static void
test_crypto_keys_ironrdp (void)
{
  RdpLicenseSession session = { 0 };

  set_bytes (session.client_random, 32,
             "4b 5b 7b 43 63 8a 08 fe d1 7a ba f5 91 85 77 fe 39 36 f6 d7 78 ec 6a cc 89 4a 90 41 2c ac 5a 49");
  set_bytes (session.server_random, 32,
             "5c 81 f0 11 eb cf d1 0e b4 1f b3 ba 93 a2 d7 39 09 aa 99 e9 10 d4 d7 95 dd ad 91 69 05 26 6b 6a");
  set_bytes (session.premaster_secret, 48,
             "14 28 da fb b9 ea 38 ab 5e a2 f9 04 f7 89 9c 98 3d 50 45 77 bf 17 81 1c"
             "37 87 c2 48 13 e8 c9 20 4d df f3 27 bd b6 98 7e 64 da fe 1d 31 2f 62 ca");
  check_keys (&session,
              "fe dc 51 9a db 3a c9 61 04 07 24 94 5d 0c 43 a7 70 e3 f3 00 50 d7 a8 72"
              "3e ab 7e 1b e4 64 e5 c5 74 ae ed 10 72 96 2a 4c 65 09 4f 60 12 a9 12 a1",
              "f7 03 75 b9 5f da d0 be b4 2a f5 c1 3d 98 85 7a d6 c5 39 4c e3 cb 76 61"
              "aa 4a b6 15 7e 89 21 3d df 5b 25 32 ee 05 06 0d 5b aa 63 14 af a5 46 0f",
              "f7 03 75 b9 5f da d0 be b4 2a f5 c1 3d 98 85 7a",
              "fa 44 e8 78 d8 2b 3f 1d 4d 00 a0 a6 55 ce 8a b7");
  rdp_license_session_clear (&session);
  g_assert_false (session.has_keys);
}

/* The session of the recorded Windows 2008 exchange (null client keys and
 * the server random of S5). */
static void
w2008_session (RdpLicenseSession *session)
{
  memset (session, 0, sizeof *session);
  set_bytes (session->server_random, 32,
             "a4 4b 52 ea 69 81 00 98 74 43 14 f4 f0 8e 90 cb f8 d3 bb 1d 59 c2 74 45 84 60 56 88 25 b8 b2 cf");
}

/* The body of the recorded Server Platform Challenge (S6). */
static GBytes *
w2008_challenge_message (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("w2008tls_server_s06_license_platform_challenge");
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  return g_bytes_new (sec_pdu.body, sec_pdu.body_length);
}

/* Windows' own MAC over its own challenge: derivation, RC4 and MAC all
 * agree with Windows, or this fails. */
static void
test_crypto_keys_w2008 (void)
{
  RdpLicenseSession session;
  g_autoptr(GBytes) message = w2008_challenge_message ();
  g_auto(RdpLicensePlatformChallenge) challenge = { 0 };
  g_autoptr(GBytes) plain = NULL;
  guint8 mac[16];
  GError *error = NULL;

  w2008_session (&session);
  check_keys (&session,
              "f3 26 11 b4 04 55 66 66 01 f6 6c 21 e1 c2 57 0c 56 12 74 e5 01 59 00 c9"
              "a0 27 5f 99 f5 80 e1 91 d1 2f 54 90 5d 65 25 70 87 60 b3 a2 54 c8 00 39",
              "61 fa 96 77 a8 06 ab 84 3f c6 b3 98 9c 4c eb e7 fc ee d3 f7 74 b9 1f 5e"
              "43 47 a2 8a f8 16 9e cd ec 45 e1 42 38 e6 d9 fc 87 d7 cc 6a 98 36 e0 0f",
              "61 fa 96 77 a8 06 ab 84 3f c6 b3 98 9c 4c eb e7",
              "4c 87 11 86 0b 72 51 2d f5 a9 6e 52 da 27 5d 80");

  g_assert_true (rdp_license_decode_platform_challenge (g_bytes_get_data (message, NULL),
                                                        g_bytes_get_size (message), &challenge, &error));
  g_assert_no_error (error);
  plain = rdp_license_session_rc4 (&session, g_bytes_get_data (challenge.encrypted_challenge, NULL),
                                   g_bytes_get_size (challenge.encrypted_challenge));
  /* "TEST" in UTF-16LE with its NUL */
  assert_gbytes_hex (plain, "54 00 45 00 53 00 54 00 00 00");
  rdp_license_session_mac (&session, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), mac);
  g_assert_cmpmem (mac, sizeof mac, challenge.mac, sizeof challenge.mac);
  assert_mem_hex (mac, sizeof mac, "6a fb 60 57 70 4d 3e c1 73 ab b3 2d 37 de 44 ea");
  g_assert_true (rdp_license_session_check_mac (&session, g_bytes_get_data (plain, NULL),
                                                g_bytes_get_size (plain), challenge.mac));
  rdp_license_session_clear (&session);
}

/* RFC 6229: RC4 under the 128-bit key 0x0102…10 turns zeros into its key
 * stream; the same call turns the key stream back into zeros. */
static void
test_crypto_rc4_rfc6229 (void)
{
  RdpLicenseSession session = { 0 };
  static const guint8 zeros[32] = { 0 };
  const char *stream = "9a c7 cc 9a 60 9d 1e f7 b2 93 28 99 cd e4 1b 97"  /* offset 0 */
                       "52 48 c4 95 90 14 12 6a 6e 8a 84 f1 1d 1a 9e 1c"; /* offset 16 */
  g_autoptr(GBytes) encrypted = NULL;
  g_autoptr(GBytes) decrypted = NULL;
  g_autoptr(GBytes) known = hex (stream);

  set_bytes (session.encryption_key, 16, "01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10");
  session.has_keys = TRUE;
  encrypted = rdp_license_session_rc4 (&session, zeros, sizeof zeros);
  assert_gbytes_hex (encrypted, stream);
  decrypted = rdp_license_session_rc4 (&session, g_bytes_get_data (known, NULL), g_bytes_get_size (known));
  g_assert_cmpmem (g_bytes_get_data (decrypted, NULL), g_bytes_get_size (decrypted), zeros, sizeof zeros);
  rdp_license_session_clear (&session);
}

/* A Platform Challenge message around @encrypted_challenge and @mac. */
static GBytes *
make_challenge (const char *encrypted_challenge,
                const char *mac)
{
  g_autoptr(GBytes) data = hex (encrypted_challenge);
  g_autoptr(GBytes) mac_bytes = hex (mac);
  GByteArray *out = g_byte_array_new ();
  gsize size = 4 + 4 + 4 + g_bytes_get_size (data) + 16;

  rdp_pdu_write_u8 (out, RDP_LICENSE_PLATFORM_CHALLENGE);
  rdp_pdu_write_u8 (out, RDP_LICENSE_PREAMBLE_VERSION_3_0);
  rdp_pdu_write_u16le (out, size);
  rdp_pdu_write_u32le (out, 0);
  rdp_pdu_write_u16le (out, RDP_LICENSE_BB_ENCRYPTED_DATA_BLOB);
  rdp_pdu_write_u16le (out, g_bytes_get_size (data));
  rdp_pdu_write_bytes (out, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  rdp_pdu_write_bytes (out, g_bytes_get_data (mac_bytes, NULL), 16);
  return g_byte_array_free_to_bytes (out);
}

static void
assert_mac_refused (RdpLicenseSession *session,
                    GBytes            *message)
{
  GError *error = NULL;

  g_assert_null (rdp_license_client_answer_challenge (session, g_bytes_get_data (message, NULL),
                                                      g_bytes_get_size (message), &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The server's licensing MAC does not match");
  g_clear_error (&error);
}

/* IronRDP's Platform Challenge: its MAC checks out and the challenge is
 * answered; a changed MAC or a changed challenge is refused. */
static void
test_crypto_challenge_mac_ironrdp (void)
{
  RdpLicenseSession session = { 0 };
  g_autoptr(GBytes) good = make_challenge ("26 38 88 77 cb e8 bf ce 2c 51",
                                           "51 4a 27 2c 74 18 ec 88 95 dd ac 10 3e 3f 0a 72");
  g_autoptr(GBytes) bad_mac = make_challenge ("26 38 88 77 cb e8 bf ce 2c 51",
                                              "51 4a 27 2c 74 18 ec 88 95 dd ac 10 3e 3f 0a 73");
  g_autoptr(GBytes) bad_data = make_challenge ("26 38 88 77 cb e8 bf ce 2c 50",
                                               "51 4a 27 2c 74 18 ec 88 95 dd ac 10 3e 3f 0a 72");
  g_autoptr(GBytes) response = NULL;
  g_auto(RdpLicensePlatformChallengeResponse) decoded = { 0 };
  g_autoptr(GBytes) plain = NULL;
  GError *error = NULL;

  set_bytes (session.mac_salt_key, 16, "01 5b 9e 5f 06 97 71 58 c3 b8 8b 8c 6e 77 21 37");
  set_bytes (session.encryption_key, 16, "e1 78 e4 a0 2a c5 ca b8 a2 d1 53 b8 07 23 f3 d2");
  session.has_keys = TRUE;

  response = rdp_license_client_answer_challenge (&session, g_bytes_get_data (good, NULL),
                                                  g_bytes_get_size (good), &error);
  g_assert_no_error (error);
  g_assert_true (rdp_license_decode_platform_challenge_response (g_bytes_get_data (response, NULL),
                                                                 g_bytes_get_size (response),
                                                                 &decoded, &error));
  g_assert_no_error (error);
  /* version 0x0100, OTHER_PLATFORM_CHALLENGE_TYPE, LICENSE_DETAIL_DETAIL,
   * the 10 bytes of the challenge, decrypted */
  plain = rdp_license_session_rc4 (&session, g_bytes_get_data (decoded.encrypted_response, NULL),
                                   g_bytes_get_size (decoded.encrypted_response));
  assert_gbytes_hex (plain, "00 01 00 ff 03 00 0a 00 54 00 45 00 53 00 54 00 00 00");

  assert_mac_refused (&session, bad_mac);
  assert_mac_refused (&session, bad_data);
  rdp_license_session_clear (&session);
}

/* The client's answer to the recorded challenge, byte for byte (the
 * script above, with the layout of [MS-RDPELE] 2.2.2.5: response data
 * 00 01 00 ff 03 00 0a 00 + challenge, HWID 00 00 01 04 + 16 zeros, the
 * MAC over both), and the recorded challenge with one bit changed. */
static void
test_crypto_challenge_response_w2008 (void)
{
  RdpLicenseSession session;
  g_autoptr(GBytes) message = w2008_challenge_message ();
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GBytes) corrupted = NULL;
  g_auto(RdpLicensePlatformChallengeResponse) decoded = { 0 };
  guint8 *bytes;
  gsize length;
  GError *error = NULL;

  w2008_session (&session);
  rdp_license_session_derive_keys (&session);
  response = rdp_license_client_answer_challenge (&session, g_bytes_get_data (message, NULL),
                                                  g_bytes_get_size (message), &error);
  g_assert_no_error (error);
  g_assert_true (rdp_license_decode_platform_challenge_response (g_bytes_get_data (response, NULL),
                                                                 g_bytes_get_size (response),
                                                                 &decoded, &error));
  g_assert_no_error (error);
  assert_gbytes_hex (decoded.encrypted_response, "18 dd ae 0f 3b cd e5 66 40 36 cd 3a 47 ca 6e 9f d9 6d");
  assert_gbytes_hex (decoded.encrypted_hwid, "18 dc af f4 38 cd ef 66 14 36 88 3a 14 ca 3a 9f d9 6d 1e 0c");
  assert_mem_hex (decoded.mac, 16, "29 f3 ab 3e e7 05 08 e3 5d 4f 7a ec 59 a8 b4 d9");

  /* one bit of the MAC, then one bit of the encrypted challenge */
  bytes = g_bytes_unref_to_data (g_bytes_ref (message), &length);
  bytes[length - 1] ^= 0x01;
  corrupted = g_bytes_new_take (bytes, length);
  assert_mac_refused (&session, corrupted);
  g_clear_pointer (&corrupted, g_bytes_unref);
  bytes = g_bytes_unref_to_data (g_bytes_ref (message), &length);
  bytes[12] ^= 0x80;
  corrupted = g_bytes_new_take (bytes, length);
  assert_mac_refused (&session, corrupted);
  rdp_license_session_clear (&session);
}

/* ---- auto-detect ---- */

typedef struct {
  const char *hex;
  RdpAutodetectRequestKind kind;
  guint16 sequence_number;
  guint16 request_type;
  gsize payload_length;
  guint32 base_rtt, bandwidth, average_rtt;
} RequestCase;

static void
test_autodetect_requests (void)
{
  /* [MS-RDPBCGR] 2.2.14.1.1 to 2.2.14.1.5 */
  static const RequestCase cases[] = {
    { "06 00 01 00 01 10", RDP_AUTODETECT_RTT_MEASURE, 1, 0x1001, 0, 0, 0, 0 },
    { "06 00 02 00 01 00", RDP_AUTODETECT_RTT_MEASURE, 2, 0x0001, 0, 0, 0, 0 },
    { "06 00 03 00 14 10", RDP_AUTODETECT_BANDWIDTH_START, 3, 0x1014, 0, 0, 0, 0 },
    { "06 00 03 00 14 01", RDP_AUTODETECT_BANDWIDTH_START, 3, 0x0114, 0, 0, 0, 0 },
    { "08 00 04 00 02 00 04 00 aa bb cc dd", RDP_AUTODETECT_BANDWIDTH_PAYLOAD, 4, 0x0002, 4, 0, 0, 0 },
    { "08 00 05 00 2b 00 03 00 01 02 03", RDP_AUTODETECT_BANDWIDTH_STOP, 5, 0x002b, 3, 0, 0, 0 },
    { "08 00 05 00 2b 00 00 00", RDP_AUTODETECT_BANDWIDTH_STOP, 5, 0x002b, 0, 0, 0, 0 },
    { "06 00 06 00 29 04", RDP_AUTODETECT_BANDWIDTH_STOP, 6, 0x0429, 0, 0, 0, 0 },
    { "0e 00 07 00 40 08 0a 00 00 00 14 00 00 00", RDP_AUTODETECT_NETWORK_CHARACTERISTICS, 7, 0x0840, 0, 10, 0, 20 },
    { "0e 00 08 00 80 08 00 10 00 00 15 00 00 00", RDP_AUTODETECT_NETWORK_CHARACTERISTICS, 8, 0x0880, 0, 0, 4096, 21 },
    { "12 00 09 00 c0 08 0b 00 00 00 00 20 00 00 16 00 00 00", RDP_AUTODETECT_NETWORK_CHARACTERISTICS, 9, 0x08c0, 0, 11, 8192, 22 },
  };
  static const char * const bad[] = {
    "06 01 01 00 01 10",              /* a response type id */
    "08 00 01 00 01 10 00 00",        /* headerLength 8 for an RTT request */
    "06 00 01 00 01 10 00",           /* trailing byte */
    "06 00 01 00 77 77",              /* unknown requestType */
    "08 00 04 00 02 00 05 00 aa bb cc dd", /* payload shorter than payloadLength */
    "06 00 05 00 2b 00",              /* connect-time stop without payloadLength */
    "0e 00 07 00 c0 08 0a 00 00 00 14 00 00 00", /* 0x08C0 needs 0x12 */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = hex (cases[i].hex);
      g_autoptr(GBytes) again = NULL;
      RdpAutodetectRequest request;
      GError *error = NULL;

      g_test_message ("request %s", cases[i].hex);
      g_assert_true (rdp_autodetect_decode_request (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                    &request, &error));
      g_assert_no_error (error);
      g_assert_cmpint (request.kind, ==, cases[i].kind);
      g_assert_cmpuint (request.sequence_number, ==, cases[i].sequence_number);
      g_assert_cmpuint (request.request_type, ==, cases[i].request_type);
      g_assert_cmpuint (request.payload_length, ==, cases[i].payload_length);
      g_assert_cmpuint (request.base_rtt, ==, cases[i].base_rtt);
      g_assert_cmpuint (request.bandwidth, ==, cases[i].bandwidth);
      g_assert_cmpuint (request.average_rtt, ==, cases[i].average_rtt);
      again = rdp_autodetect_encode_request (&request, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (again, bytes));
      check_bad_input (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), try_autodetect_request);
    }
  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = hex (bad[i]);
      RdpAutodetectRequest request;
      GError *error = NULL;

      g_test_message ("bad request %s", bad[i]);
      g_assert_false (rdp_autodetect_decode_request (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                     &request, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }
}

static void
test_autodetect_responses (void)
{
  RdpAutodetectResponse rtt = { .sequence_number = 1, .response_type = RDP_AUTODETECT_RTT_RESPONSE };
  RdpAutodetectResponse bw = { .sequence_number = 5, .response_type = RDP_AUTODETECT_BW_RESULTS_CONNECT_TIME,
                               .time_delta = 0x1234, .byte_count = 0x00abcdef };
  RdpAutodetectResponse bad = { .sequence_number = 5, .response_type = 0x7777 };
  RdpAutodetectResponse decoded;
  g_autoptr(GBytes) rtt_bytes = NULL;
  g_autoptr(GBytes) bw_bytes = NULL;
  g_autoptr(GBytes) pdu = NULL;
  RdpSecurityPdu sec_pdu;
  GError *error = NULL;

  /* [MS-RDPBCGR] 2.2.14.2.1 RTT Measure Response */
  rtt_bytes = rdp_autodetect_encode_response (&rtt, &error);
  g_assert_no_error (error);
  assert_gbytes_hex (rtt_bytes, "06 01 01 00 00 00");
  /* 2.2.14.2.2 Bandwidth Measure Results */
  bw_bytes = rdp_autodetect_encode_response (&bw, &error);
  g_assert_no_error (error);
  assert_gbytes_hex (bw_bytes, "0e 01 05 00 03 00 34 12 00 00 ef cd ab 00");
  g_assert_true (rdp_autodetect_decode_response (g_bytes_get_data (bw_bytes, NULL), g_bytes_get_size (bw_bytes),
                                                 &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (decoded.sequence_number, ==, 5);
  g_assert_cmpuint (decoded.response_type, ==, 3);
  g_assert_cmpuint (decoded.time_delta, ==, 0x1234);
  g_assert_cmpuint (decoded.byte_count, ==, 0x00abcdef);
  g_assert_null (rdp_autodetect_encode_response (&bad, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  check_bad_input (g_bytes_get_data (rtt_bytes, NULL), g_bytes_get_size (rtt_bytes), try_autodetect_response);
  check_bad_input (g_bytes_get_data (bw_bytes, NULL), g_bytes_get_size (bw_bytes), try_autodetect_response);

  /* On the message channel (say 1008), after SEC_AUTODETECT_RSP. */
  pdu = rdp_security_pdu_encode (1007, 1008, RDP_SEC_AUTODETECT_RSP, 0,
                                 g_bytes_get_data (rtt_bytes, NULL), g_bytes_get_size (rtt_bytes), &error);
  g_assert_no_error (error);
  assert_gbytes_hex (pdu, "03 00 00 18 02 f0 80 64 00 06 03 f0 70 0a 00 20 00 00 06 01 01 00 00 00");
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sec_pdu.channel_id, ==, 1008);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_AUTODETECT_RSP);
  g_assert_cmpmem (sec_pdu.body, sec_pdu.body_length,
                   g_bytes_get_data (rtt_bytes, NULL), g_bytes_get_size (rtt_bytes));
}

/* ---- multitransport ---- */

static void
test_multitransport (void)
{
  /* [MS-RDPBCGR] 2.2.15.1: requestId, requestedProtocol, reserved,
   * securityCookie */
  g_autoptr(GBytes) bytes = hex ("78 56 34 12 01 00 00 00"
                                 "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GBytes) pdu = NULL;
  RdpMultitransportRequest request;
  RdpSecurityPdu sec_pdu;
  guint32 id, hr;
  GError *error = NULL;

  g_assert_true (rdp_multitransport_decode_request (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                    &request, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request.request_id, ==, 0x12345678);
  g_assert_cmpuint (request.requested_protocol, ==, RDP_TRANSPORTTYPE_UDPFECR);
  g_assert_cmpuint (request.security_cookie[15], ==, 0xff);
  check_bad_input (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), try_multitransport_request);

  /* 2.2.15.2: the decline */
  response = rdp_multitransport_encode_response (request.request_id, RDP_MULTITRANSPORT_E_ABORT);
  assert_gbytes_hex (response, "78 56 34 12 04 40 00 80");
  g_assert_true (rdp_multitransport_decode_response (g_bytes_get_data (response, NULL),
                                                     g_bytes_get_size (response), &id, &hr, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (id, ==, 0x12345678);
  g_assert_cmphex (hr, ==, 0x80004004);
  check_bad_input (g_bytes_get_data (response, NULL), g_bytes_get_size (response), try_multitransport_response);

  pdu = rdp_security_pdu_encode (1007, 1008, RDP_SEC_TRANSPORT_RSP, 0,
                                 g_bytes_get_data (response, NULL), g_bytes_get_size (response), &error);
  g_assert_no_error (error);
  g_assert_true (rdp_security_pdu_decode (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu),
                                          &sec_pdu, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sec_pdu.header.flags, ==, RDP_SEC_TRANSPORT_RSP);
  g_assert_cmpuint (sec_pdu.body_length, ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/security-pdu/flags-hi", test_security_pdu_flags_hi);
  g_test_add_func ("/license/error/valid-client-tls", test_error_valid_client_tls);
  g_test_add_func ("/license/error/valid-client-spec", test_error_valid_client_spec);
  g_test_add_func ("/license/error/valid-client-ironrdp", test_error_valid_client_ironrdp);
  g_test_add_func ("/license/error/bad", test_error_message_bad);
  g_test_add_func ("/license/request/w2008", test_license_request);
  g_test_add_func ("/license/certificate/proprietary", test_proprietary_certificate);
  g_test_add_func ("/license/platform-challenge/w2008", test_platform_challenge);
  g_test_add_func ("/license/new-license-request/mstsc", test_new_license_request);
  g_test_add_func ("/license/new-license-request/bad", test_new_license_request_bad);
  g_test_add_func ("/license/platform-challenge-response/layout", test_platform_challenge_response);
  g_test_add_func ("/license/new-license/layout", test_new_license);
  g_test_add_func ("/license/crypto/keys-ironrdp", test_crypto_keys_ironrdp);
  g_test_add_func ("/license/crypto/keys-w2008", test_crypto_keys_w2008);
  g_test_add_func ("/license/crypto/rc4-rfc6229", test_crypto_rc4_rfc6229);
  g_test_add_func ("/license/crypto/challenge-mac-ironrdp", test_crypto_challenge_mac_ironrdp);
  g_test_add_func ("/license/crypto/challenge-response-w2008", test_crypto_challenge_response_w2008);
  g_test_add_func ("/autodetect/requests", test_autodetect_requests);
  g_test_add_func ("/autodetect/responses", test_autodetect_responses);
  g_test_add_func ("/multitransport/request-decline", test_multitransport);

  return g_test_run ();
}
