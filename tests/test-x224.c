/* test-x224.c: the X.224 Connection Request / Confirm codec against the
 * vectors of tests/vectors (see INDEX.md) and against malformed input
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-x224-private.h"

#include "rdp-test-utils.h"

static void
assert_bytes_equal (GBytes *actual,
                    GBytes *expected)
{
  gsize a_len, e_len;
  const guint8 *a = g_bytes_get_data (actual, &a_len);
  const guint8 *e = g_bytes_get_data (expected, &e_len);

  g_assert_cmpmem (a, a_len, e, e_len);
}

/* ---- Connection Request: encode byte-exact, decode to the same fields ---- */

typedef struct {
  const char *vector;
  const char *cookie;
  const char *routing_token;
  gboolean has_negotiation_request;
  guint8 flags;            /* as given to the encoder */
  guint8 decoded_flags;    /* as found on the wire */
  guint32 protocols;
  gboolean correlation;    /* correlation id 16 x 0x01 */
} CrCase;

static const CrCase cr_cases[] = {
  /* [MS-RDPBCGR] 4.1.1 */
  { "bcgr_4.1.1_client_x224_connection_request", "eltons", NULL, TRUE, 0, 0, RDP_X224_PROTOCOL_RDP, FALSE },
  /* real mstsc */
  { "mstsc_tls_client_c00_x224_cr_cookie_x_protocols_0b", "x", NULL, TRUE, 0, 0,
    RDP_X224_PROTOCOL_SSL | RDP_X224_PROTOCOL_HYBRID | RDP_X224_PROTOCOL_HYBRID_EX, FALSE },
  /* IronRDP's test suite */
  { "ironrdp_x224_nego_connection_request_rdp_security_without_cookie", NULL, NULL, TRUE, 0, 0, 0, FALSE },
  { "ironrdp_x224_nego_connection_request_rdp_security_with_cookie", "User", NULL, TRUE, 0, 0, 0, FALSE },
  { "ironrdp_x224_nego_connection_request_ssl_security_with_cookie", "User", NULL, TRUE, 0, 0,
    RDP_X224_PROTOCOL_SSL | RDP_X224_PROTOCOL_HYBRID, FALSE },
  { "ironrdp_x224_nego_connection_request_ssl_security_with_flags", "User", NULL, TRUE,
    RDP_X224_RESTRICTED_ADMIN_MODE_REQUIRED | RDP_X224_REDIRECTED_AUTHENTICATION_MODE_REQUIRED,
    RDP_X224_RESTRICTED_ADMIN_MODE_REQUIRED | RDP_X224_REDIRECTED_AUTHENTICATION_MODE_REQUIRED,
    RDP_X224_PROTOCOL_SSL | RDP_X224_PROTOCOL_HYBRID, FALSE },
  { "ironrdp_x224_nego_connection_request_with_correlation_info", NULL, NULL, TRUE,
    0, RDP_X224_CORRELATION_INFO_PRESENT, RDP_X224_PROTOCOL_SSL, TRUE },
  { "ironrdp_x224_nego_connection_request_with_cookie_and_correlation_info", "User", NULL, TRUE,
    0, RDP_X224_CORRELATION_INFO_PRESENT, RDP_X224_PROTOCOL_SSL, TRUE },
};

static void
fill_request (const CrCase             *c,
              RdpX224ConnectionRequest *request)
{
  memset (request, 0, sizeof *request);
  request->cookie = (char *) c->cookie;
  request->routing_token = (char *) c->routing_token;
  request->has_negotiation_request = c->has_negotiation_request;
  request->negotiation_flags = c->flags;
  request->requested_protocols = c->protocols;
  request->has_correlation_info = c->correlation;
  if (c->correlation)
    memset (request->correlation_id, 0x01, sizeof request->correlation_id);
}

static void
test_cr_encode (gconstpointer data)
{
  const CrCase *c = data;
  g_autoptr(GBytes) expected = rdp_test_load_vector (c->vector);
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  RdpX224ConnectionRequest request;

  fill_request (c, &request);
  encoded = rdp_x224_encode_connection_request (&request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (encoded);
  assert_bytes_equal (encoded, expected);
}

static void
test_cr_decode (gconstpointer data)
{
  const CrCase *c = data;
  g_autoptr(GBytes) vector = rdp_test_load_vector (c->vector);
  g_auto(RdpX224ConnectionRequest) request = { 0 };
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *bytes = g_bytes_get_data (vector, &length);
  guint8 ones[RDP_X224_CORRELATION_ID_SIZE];

  g_assert_true (rdp_x224_decode_connection_request (bytes, length, &request, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (request.cookie, ==, c->cookie);
  g_assert_cmpstr (request.routing_token, ==, c->routing_token);
  g_assert_cmpint (request.has_negotiation_request, ==, c->has_negotiation_request);
  g_assert_cmphex (request.negotiation_flags, ==, c->decoded_flags);
  g_assert_cmphex (request.requested_protocols, ==, c->protocols);
  g_assert_cmpint (request.has_correlation_info, ==, c->correlation);
  if (c->correlation)
    {
      memset (ones, 0x01, sizeof ones);
      g_assert_cmpmem (request.correlation_id, sizeof request.correlation_id, ones, sizeof ones);
    }

  /* and what was decoded encodes to the same bytes */
  {
    g_autoptr(GBytes) again = rdp_x224_encode_connection_request (&request, &error);

    g_assert_no_error (error);
    assert_bytes_equal (again, vector);
  }
}

static void
test_cr_bcgr_fields (void)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector ("bcgr_4.1.1_client_x224_connection_request");
  const guint8 *b;
  gsize length;

  /* INDEX.md: TPKT len=44; LI=0x27; code 0xE0; dst/src ref 0 */
  b = g_bytes_get_data (vector, &length);
  g_assert_cmpuint (length, ==, 44);
  g_assert_cmphex (b[4], ==, 0x27);
  g_assert_cmphex (b[5], ==, 0xe0);
}

static void
test_cr_routing_token (void)
{
  RdpX224ConnectionRequest request = {
    .routing_token = (char *) "Cookie: msts=3640205228.15629.0000",
    .has_negotiation_request = TRUE,
    .requested_protocols = RDP_X224_PROTOCOL_SSL,
  };
  g_auto(RdpX224ConnectionRequest) decoded = { 0 };
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *b;
  gsize length;

  encoded = rdp_x224_encode_connection_request (&request, &error);
  g_assert_no_error (error);
  b = g_bytes_get_data (encoded, &length);
  g_assert_cmpuint (length, ==, 11 + strlen (request.routing_token) + 2 + 8);
  g_assert_true (rdp_x224_decode_connection_request (b, length, &decoded, &error));
  g_assert_no_error (error);
  g_assert_null (decoded.cookie);
  g_assert_cmpstr (decoded.routing_token, ==, request.routing_token);
  g_assert_cmphex (decoded.requested_protocols, ==, RDP_X224_PROTOCOL_SSL);
}

static void
test_cr_no_negotiation (void)
{
  /* A pre-RDP 5.2 client: cookie only, no RDP_NEG_REQ. */
  RdpX224ConnectionRequest request = { .cookie = (char *) "a" };
  g_auto(RdpX224ConnectionRequest) decoded = { 0 };
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *b;
  gsize length;

  encoded = rdp_x224_encode_connection_request (&request, &error);
  g_assert_no_error (error);
  b = g_bytes_get_data (encoded, &length);
  g_assert_cmpuint (length, ==, 11 + 17 + 1 + 2);
  g_assert_true (rdp_x224_decode_connection_request (b, length, &decoded, &error));
  g_assert_cmpstr (decoded.cookie, ==, "a");
  g_assert_false (decoded.has_negotiation_request);
  g_assert_cmphex (decoded.requested_protocols, ==, 0);

  /* and with nothing at all */
  {
    static const guint8 bare[] = { 0x03, 0x00, 0x00, 0x0b, 0x06, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00 };
    g_auto(RdpX224ConnectionRequest) r = { 0 };

    g_assert_true (rdp_x224_decode_connection_request (bare, sizeof bare, &r, &error));
    g_assert_no_error (error);
    g_assert_null (r.cookie);
    g_assert_false (r.has_negotiation_request);
  }
}

static void
assert_encode_fails (const RdpX224ConnectionRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = rdp_x224_encode_connection_request (request, &error);

  g_assert_null (encoded);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_cr_encode_invalid (void)
{
  g_autofree char *long_cookie = g_strnfill (300, 'u');
  g_autofree char *max_cookie = NULL;
  RdpX224ConnectionRequest r;

  memset (&r, 0, sizeof r);
  r.has_negotiation_request = TRUE;
  r.cookie = (char *) "user\r\nX-Injected: 1";
  assert_encode_fails (&r);
  r.cookie = (char *) "user\n";
  assert_encode_fails (&r);

  r.cookie = (char *) "user";
  r.routing_token = (char *) "Cookie: msts=1.2.3";
  assert_encode_fails (&r);

  r.cookie = NULL;
  r.routing_token = (char *) "";
  assert_encode_fails (&r);
  r.routing_token = (char *) "Cookie: mstshash=user";
  assert_encode_fails (&r);
  r.routing_token = NULL;

  r.cookie = long_cookie;
  assert_encode_fails (&r);

  /* the longest cookie that fits: LI 254 = 6 + 17 + n + 2 + 8 */
  max_cookie = g_strnfill (254 - 6 - 17 - 2 - 8, 'm');
  r.cookie = max_cookie;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) encoded = rdp_x224_encode_connection_request (&r, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (encoded), ==, RDP_X224_MAX_CONNECTION_PDU_SIZE);
  }
  r.cookie = NULL;

  r.negotiation_flags = RDP_X224_CORRELATION_INFO_PRESENT;
  assert_encode_fails (&r);
  r.negotiation_flags = 0;

  r.has_negotiation_request = FALSE;
  r.requested_protocols = RDP_X224_PROTOCOL_SSL;
  assert_encode_fails (&r);
}

/* ---- Connection Confirm ---- */

typedef struct {
  const char *vector;
  RdpX224NegotiationResult result;
  guint16 src_ref;
  guint8 flags;
  guint32 selected_protocol;
  guint32 failure_code;
} CcCase;

static const CcCase cc_cases[] = {
  /* [MS-RDPBCGR] 4.1.2: srcRef 0x1234, RDP_NEG_RSP flags 0, PROTOCOL_RDP */
  { "bcgr_4.1.2_server_x224_connection_confirm", RDP_X224_NEGOTIATION_RESPONSE, 0x1234, 0x00, RDP_X224_PROTOCOL_RDP, 0 },
  /* real Windows Server 2008: flags 0x09, PROTOCOL_SSL */
  { "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl", RDP_X224_NEGOTIATION_RESPONSE, 0x1234,
    RDP_X224_EXTENDED_CLIENT_DATA_SUPPORTED | RDP_X224_RESTRICTED_ADMIN_MODE_SUPPORTED, RDP_X224_PROTOCOL_SSL, 0 },
  /* IronRDP: flags 0x1f, HYBRID, srcRef 0 */
  { "ironrdp_x224_nego_confirm_response", RDP_X224_NEGOTIATION_RESPONSE, 0x0000, 0x1f, RDP_X224_PROTOCOL_HYBRID, 0 },
  /* IronRDP: RDP_NEG_FAILURE code 6 */
  { "ironrdp_x224_nego_confirm_failure", RDP_X224_NEGOTIATION_FAILURE, 0x0000, 0x00, 0,
    RDP_X224_SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER },
};

static void
test_cc_decode (gconstpointer data)
{
  const CcCase *c = data;
  g_autoptr(GBytes) vector = rdp_test_load_vector (c->vector);
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(GError) error = NULL;
  RdpX224ConnectionConfirm confirm;
  const guint8 *b;
  gsize length;

  b = g_bytes_get_data (vector, &length);
  g_assert_cmpuint (length, ==, 19);
  g_assert_true (rdp_x224_decode_connection_confirm (b, length, &confirm, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confirm.result, ==, c->result);
  g_assert_cmphex (confirm.src_ref, ==, c->src_ref);
  g_assert_cmphex (confirm.flags, ==, c->flags);
  if (c->result == RDP_X224_NEGOTIATION_RESPONSE)
    g_assert_cmphex (confirm.selected_protocol, ==, c->selected_protocol);
  else
    g_assert_cmphex (confirm.failure_code, ==, c->failure_code);

  encoded = rdp_x224_encode_connection_confirm (&confirm, &error);
  g_assert_no_error (error);
  assert_bytes_equal (encoded, vector);
}

static void
test_cc_without_negotiation (void)
{
  /* An RDP 5.0 server: the CC has no variable part = Standard RDP Security. */
  static const guint8 cc[] = { 0x03, 0x00, 0x00, 0x0b, 0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00 };
  RdpX224ConnectionConfirm confirm = { .result = RDP_X224_NEGOTIATION_FAILURE, .selected_protocol = 7 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) encoded = NULL;

  g_assert_true (rdp_x224_decode_connection_confirm (cc, sizeof cc, &confirm, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confirm.result, ==, RDP_X224_NEGOTIATION_NONE);
  g_assert_cmphex (confirm.selected_protocol, ==, RDP_X224_PROTOCOL_RDP);
  g_assert_cmphex (confirm.src_ref, ==, 0x1234);

  encoded = rdp_x224_encode_connection_confirm (&confirm, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), cc, sizeof cc);
}

static void
test_failure_codes (void)
{
  guint32 code;

  for (code = 0; code <= 7; code++)
    {
      const char *text = rdp_x224_describe_failure_code (code);

      g_assert_nonnull (text);
      g_assert_cmpstr (text, !=, "");
    }
  g_assert_nonnull (strstr (rdp_x224_describe_failure_code (RDP_X224_HYBRID_REQUIRED_BY_SERVER), "Network Level"));
}

/* ---- malformed input ---- */

typedef enum { DECODE_CR, DECODE_CC } Decoder;

static gboolean
decode (Decoder       which,
        const guint8 *data,
        gsize         length,
        GError      **error)
{
  if (which == DECODE_CR)
    {
      g_auto(RdpX224ConnectionRequest) r = { 0 };
      gboolean ok = rdp_x224_decode_connection_request (data, length, &r, error);

      if (!ok)
        {
          g_assert_null (r.cookie);
          g_assert_null (r.routing_token);
        }
      return ok;
    }
  else
    {
      RdpX224ConnectionConfirm c;

      return rdp_x224_decode_connection_confirm (data, length, &c, error);
    }
}

static void
assert_decode_fails (Decoder       which,
                     const guint8 *data,
                     gsize         length)
{
  g_autoptr(GError) error = NULL;
  /* a heap copy of exactly @length bytes, so that ASan/valgrind catch a read
   * past the end */
  g_autofree guint8 *copy = g_memdup2 (data, length);

  g_assert_false (decode (which, length ? copy : NULL, length, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

/* Every prefix of a valid PDU fails: once as cut off (the TPKT length no
 * longer matches), once with the TPKT length patched to the cut, so that the
 * inner length checks are reached. */
static void
check_truncations (Decoder     which,
                   const char *vector_name)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (vector_name);
  gsize length, cut;
  const guint8 *b = g_bytes_get_data (vector, &length);

  for (cut = 0; cut < length; cut++)
    {
      g_autofree guint8 *patched = g_memdup2 (b, length);

      assert_decode_fails (which, b, cut);

      if (cut < 5)
        continue;
      patched[2] = cut >> 8;
      patched[3] = cut & 0xff;
      patched[4] = cut - 5; /* keep LI consistent too */
      {
        g_autoptr(GError) error = NULL;

        /* Cutting off exactly the negotiation part leaves a valid PDU. */
        if (decode (which, patched, cut, &error))
          {
            if (which == DECODE_CC)
              g_assert_cmpuint (cut, ==, 11);
            continue;
          }
        g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
      }
    }
}

static void
test_truncated (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cr_cases); i++)
    check_truncations (DECODE_CR, cr_cases[i].vector);
  for (i = 0; i < G_N_ELEMENTS (cc_cases); i++)
    check_truncations (DECODE_CC, cc_cases[i].vector);
}

static GBytes *
hex (const char *text)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = rdp_test_parse_hex (text, &error);

  g_assert_no_error (error);
  return bytes;
}

#define ASSERT_FAILS(which, text) \
  G_STMT_START { \
    g_autoptr(GBytes) b_ = hex (text); \
    assert_decode_fails (which, g_bytes_get_data (b_, NULL), g_bytes_get_size (b_)); \
  } G_STMT_END

static void
test_malformed_cc (void)
{
  /* TPKT version 2 */
  ASSERT_FAILS (DECODE_CC, "02 00 00 13 0e d0 00 00 12 34 00 02 09 08 00 01 00 00 00");
  /* TPKT length says 20, 19 bytes given */
  ASSERT_FAILS (DECODE_CC, "03 00 00 14 0e d0 00 00 12 34 00 02 09 08 00 01 00 00 00");
  /* LI says 15 */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0f d0 00 00 12 34 00 02 09 08 00 01 00 00 00");
  /* LI says 5 */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 05 d0 00 00 12 34 00 02 09 08 00 01 00 00 00");
  /* a Connection Request where a Confirm is expected */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 00 00 00 00");
  /* a Disconnect Request */
  ASSERT_FAILS (DECODE_CC, "03 00 00 0b 06 80 00 00 12 34 00");
  /* an X.224 Data TPDU */
  ASSERT_FAILS (DECODE_CC, "03 00 00 0c 02 f0 80 7f 66 0a 00 00");
  /* RDP_NEG_RSP length 9 */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0e d0 00 00 12 34 00 02 09 09 00 01 00 00 00");
  /* RDP_NEG_RSP length 0x0108 */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0e d0 00 00 12 34 00 02 09 08 01 01 00 00 00");
  /* unknown type 4 */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0e d0 00 00 12 34 00 04 09 08 00 01 00 00 00");
  /* an RDP_NEG_REQ in a confirm */
  ASSERT_FAILS (DECODE_CC, "03 00 00 13 0e d0 00 00 12 34 00 01 00 08 00 01 00 00 00");
  /* a trailing byte */
  ASSERT_FAILS (DECODE_CC, "03 00 00 14 0f d0 00 00 12 34 00 02 09 08 00 01 00 00 00 00");
  /* a partial negotiation structure */
  ASSERT_FAILS (DECODE_CC, "03 00 00 0e 09 d0 00 00 12 34 00 02 09 08");
  /* LI 255 (reserved) with a matching TPKT length */
  {
    guint8 big[260] = { 0x03, 0x00, 0x01, 0x04, 0xff, 0xd0 };

    assert_decode_fails (DECODE_CC, big, sizeof big);
  }
}

static void
test_malformed_cr (void)
{
  /* a cookie without CR LF */
  ASSERT_FAILS (DECODE_CR, "03 00 00 1a 15 e0 00 00 00 00 00 43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61 73");
  /* a cookie ended by LF only */
  ASSERT_FAILS (DECODE_CR, "03 00 00 0e 09 e0 00 00 00 00 00 41 42 0a");
  /* a cookie with a NUL byte */
  ASSERT_FAILS (DECODE_CR, "03 00 00 0f 0a e0 00 00 00 00 00 41 00 0d 0a");
  /* a Confirm where a Request is expected */
  ASSERT_FAILS (DECODE_CR, "03 00 00 13 0e d0 00 00 12 34 00 02 09 08 00 01 00 00 00");
  /* RDP_NEG_REQ length 7 */
  ASSERT_FAILS (DECODE_CR, "03 00 00 13 0e e0 00 00 00 00 00 01 00 07 00 00 00 00 00");
  /* cookie then an RDP_NEG_RSP */
  ASSERT_FAILS (DECODE_CR, "03 00 00 18 13 e0 00 00 00 00 00 41 0d 0a 02 00 08 00 00 00 00 00 ff");
  /* a trailing byte after RDP_NEG_REQ */
  ASSERT_FAILS (DECODE_CR, "03 00 00 14 0f e0 00 00 00 00 00 01 00 08 00 00 00 00 00 00");
  /* correlation flag without correlation info */
  ASSERT_FAILS (DECODE_CR, "03 00 00 13 0e e0 00 00 00 00 00 01 08 08 00 01 00 00 00");
  /* correlation info with the wrong type (7) */
  ASSERT_FAILS (DECODE_CR,
                "03 00 00 37 32 e0 00 00 00 00 00 01 08 08 00 01 00 00 00 07 00 24 00 01 01 01 01 01 01 01 01 01"
                " 01 01 01 01 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
  /* correlation info with length 0x23 */
  ASSERT_FAILS (DECODE_CR,
                "03 00 00 37 32 e0 00 00 00 00 00 01 08 08 00 01 00 00 00 06 00 23 00 01 01 01 01 01 01 01 01 01"
                " 01 01 01 01 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
  /* correlation info present but not announced */
  ASSERT_FAILS (DECODE_CR,
                "03 00 00 37 32 e0 00 00 00 00 00 01 00 08 00 01 00 00 00 06 00 24 00 01 01 01 01 01 01 01 01 01"
                " 01 01 01 01 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
}

/* Random corruption of every vector: the decoders either succeed or fail
 * with RDP_ERROR_INVALID_DATA, and what a decoder accepts encodes to a PDU of
 * the same length that decodes to the same fields. */
static void
test_mutations (void)
{
  guint round;
  GRand *rand = g_rand_new_with_seed (0x224);

  for (round = 0; round < 20000; round++)
    {
      gboolean cr = g_rand_boolean (rand);
      const char *name = cr ? cr_cases[g_rand_int_range (rand, 0, G_N_ELEMENTS (cr_cases))].vector
                            : cc_cases[g_rand_int_range (rand, 0, G_N_ELEMENTS (cc_cases))].vector;
      g_autoptr(GBytes) vector = rdp_test_load_vector (name);
      gsize length;
      g_autofree guint8 *b = g_bytes_unref_to_data (g_steal_pointer (&vector), &length);
      g_autoptr(GError) error = NULL;
      guint flips = g_rand_int_range (rand, 1, 4), i;

      for (i = 0; i < flips; i++)
        {
          gsize at = g_rand_int_range (rand, 0, length);

          b[at] = g_rand_boolean (rand) ? (guint8) g_rand_int (rand) : b[at] ^ (1u << g_rand_int_range (rand, 0, 8));
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        length = g_rand_int_range (rand, 0, length + 1);

      if (cr)
        {
          g_auto(RdpX224ConnectionRequest) r = { 0 };

          if (rdp_x224_decode_connection_request (b, length, &r, &error))
            {
              g_auto(RdpX224ConnectionRequest) r2 = { 0 };
              g_autoptr(GBytes) again = rdp_x224_encode_connection_request (&r, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (g_bytes_get_size (again), ==, length);
              g_assert_true (rdp_x224_decode_connection_request (g_bytes_get_data (again, NULL),
                                                                 g_bytes_get_size (again), &r2, &error));
              g_assert_cmpstr (r.cookie, ==, r2.cookie);
              g_assert_cmpstr (r.routing_token, ==, r2.routing_token);
              g_assert_cmpint (r.has_negotiation_request, ==, r2.has_negotiation_request);
              g_assert_cmphex (r.negotiation_flags, ==, r2.negotiation_flags);
              g_assert_cmphex (r.requested_protocols, ==, r2.requested_protocols);
              g_assert_cmpint (r.has_correlation_info, ==, r2.has_correlation_info);
              g_assert_cmpmem (r.correlation_id, sizeof r.correlation_id, r2.correlation_id, sizeof r2.correlation_id);
            }
          else
            g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
        }
      else
        {
          RdpX224ConnectionConfirm c, c2;

          if (rdp_x224_decode_connection_confirm (b, length, &c, &error))
            {
              g_autoptr(GBytes) again = rdp_x224_encode_connection_confirm (&c, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (g_bytes_get_size (again), ==, length);
              g_assert_true (rdp_x224_decode_connection_confirm (g_bytes_get_data (again, NULL),
                                                                 g_bytes_get_size (again), &c2, &error));
              g_assert_cmpint (c.result, ==, c2.result);
              g_assert_cmphex (c.src_ref, ==, c2.src_ref);
              g_assert_cmphex (c.selected_protocol, ==, c2.selected_protocol);
              g_assert_cmphex (c.failure_code, ==, c2.failure_code);
              if (c.result == RDP_X224_NEGOTIATION_RESPONSE)
                g_assert_cmphex (c.flags, ==, c2.flags);
            }
          else
            g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
        }
    }
  g_rand_free (rand);
}

int
main (int argc, char *argv[])
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (cr_cases); i++)
    {
      g_autofree char *enc = g_strdup_printf ("/x224/cr/encode/%s", cr_cases[i].vector);
      g_autofree char *dec = g_strdup_printf ("/x224/cr/decode/%s", cr_cases[i].vector);

      g_test_add_data_func (enc, &cr_cases[i], test_cr_encode);
      g_test_add_data_func (dec, &cr_cases[i], test_cr_decode);
    }
  g_test_add_func ("/x224/cr/bcgr-fields", test_cr_bcgr_fields);
  g_test_add_func ("/x224/cr/routing-token", test_cr_routing_token);
  g_test_add_func ("/x224/cr/no-negotiation", test_cr_no_negotiation);
  g_test_add_func ("/x224/cr/encode-invalid", test_cr_encode_invalid);
  for (i = 0; i < G_N_ELEMENTS (cc_cases); i++)
    {
      g_autofree char *dec = g_strdup_printf ("/x224/cc/decode/%s", cc_cases[i].vector);

      g_test_add_data_func (dec, &cc_cases[i], test_cc_decode);
    }
  g_test_add_func ("/x224/cc/without-negotiation", test_cc_without_negotiation);
  g_test_add_func ("/x224/cc/failure-codes", test_failure_codes);
  g_test_add_func ("/x224/malformed/truncated", test_truncated);
  g_test_add_func ("/x224/malformed/cc", test_malformed_cc);
  g_test_add_func ("/x224/malformed/cr", test_malformed_cr);
  g_test_add_func ("/x224/malformed/mutations", test_mutations);

  return g_test_run ();
}
