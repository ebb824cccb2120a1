/* test-tsrequest.c: the CredSSP DER codec (rdp-gio/auth/rdp-tsrequest.c)
 * against the cssp_* vectors (decode, then re-encode to the same bytes),
 * truncated and garbled DER, and the NTSTATUS messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

#define assert_bytes_equal(got, expected) \
  g_assert_cmpmem (g_bytes_get_data ((got), NULL), g_bytes_get_size (got), \
                   g_bytes_get_data ((expected), NULL), g_bytes_get_size (expected))

static void
assert_vector (GBytes     *got,
               const char *name)
{
  g_autoptr(GBytes) expected = rdp_test_load_vector (name);

  g_assert_nonnull (got);
  assert_bytes_equal (got, expected);
}

static gboolean
try_ts_request (const guint8 *data,
                gsize         length,
                GError      **error)
{
  g_auto(RdpTsRequest) request = { 0 };
  g_autoptr(GBytes) encoded = NULL;

  if (!rdp_ts_request_decode (data, length, &request, error))
    {
      g_assert_null (request.nego_token);
      g_assert_null (request.pub_key_auth);
      return FALSE;
    }
  encoded = rdp_ts_request_encode (&request, NULL);
  g_assert_nonnull (encoded);
  return TRUE;
}

static const char *ts_request_vectors[] = {
  "cssp_rdps2rdp_tsrequest_v6_ntlm_negotiate_minimal",
  "cssp_sspirs_ntlm_1_phase_ts_request",
  "cssp_sspirs_ntlm_2_phase_ts_request",
  "cssp_sspirs_ntlm_3_phase_ts_request",
  "cssp_sspirs_ntlm_4_phase_ts_request",
  "cssp_sspirs_ntlm_5_phase_ts_request",
  "cssp_sspirs_ntlm_without_client_nonce",
  "cssp_sspirs_ntlm_with_error_code_ts_request",
  "cssp_redemption_tsrequest_v3_negotiate",
  "cssp_redemption_tsrequest_v3_challenge",
  "cssp_redemption_tsrequest_v3_authenticate_with_pubkeyauth",
  "cssp_redemption_tsrequest_v3_server_pubkeyauth",
  "cssp_redemption_tsrequest_v3_authinfo",
};

static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ts_request_vectors); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (ts_request_vectors[i]);
      g_auto(RdpTsRequest) request = { 0 };
      g_autoptr(GBytes) encoded = NULL;
      GError *error = NULL;

      g_test_message ("%s", ts_request_vectors[i]);
      g_assert_true (rdp_ts_request_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                            &request, &error));
      g_assert_no_error (error);
      encoded = rdp_ts_request_encode (&request, &error);
      g_assert_no_error (error);
      assert_bytes_equal (encoded, vector);
    }
}

static void
test_fields (void)
{
  GError *error = NULL;

  {
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_sspirs_ntlm_1_phase_ts_request");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    g_assert_cmpuint (r.version, ==, 6);
    assert_vector (r.nego_token, "cssp_sspirs_ntlm_1_phase_nego_token");
    assert_vector (r.client_nonce, "cssp_sspirs_ntlm_client_nonce");
    g_assert_null (r.pub_key_auth);
    g_assert_null (r.auth_info);
    g_assert_false (r.has_error_code);
  }
  {
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_sspirs_ntlm_3_phase_ts_request");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    assert_vector (r.nego_token, "cssp_sspirs_ntlm_3_phase_nego_token");
    assert_vector (r.pub_key_auth, "cssp_sspirs_ntlm_3_phase_pub_key_auth");
    assert_vector (r.client_nonce, "cssp_sspirs_ntlm_client_nonce");
  }
  {
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_sspirs_ntlm_5_phase_ts_request");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    assert_vector (r.auth_info, "cssp_sspirs_ntlm_5_phase_auth_info");
    g_assert_null (r.nego_token);
  }
  {
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_sspirs_ntlm_without_client_nonce");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    g_assert_null (r.client_nonce);
    g_assert_nonnull (r.nego_token);
  }
  {
    /* errorCode is a DER-negative 4-byte INTEGER: c0 07 00 ea */
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_sspirs_ntlm_with_error_code_ts_request");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    g_assert_true (r.has_error_code);
    g_assert_cmphex (r.error_code, ==, 0xc00700ea);
    assert_vector (r.pub_key_auth, "cssp_sspirs_ntlm_with_error_code_pub_key_auth");
    assert_vector (r.client_nonce, "cssp_sspirs_ntlm_with_error_code_client_nonce");
  }
  {
    g_autoptr(GBytes) v = rdp_test_load_vector ("cssp_redemption_tsrequest_v3_authenticate_with_pubkeyauth");
    g_auto(RdpTsRequest) r = { 0 };

    g_assert_true (rdp_ts_request_decode (g_bytes_get_data (v, NULL), g_bytes_get_size (v), &r, &error));
    g_assert_cmpuint (r.version, ==, 3);
    g_assert_cmpuint (g_bytes_get_size (r.pub_key_auth), ==, 286);
    g_assert_null (r.client_nonce);
  }
  g_assert_no_error (error);
}

/* Encodes what a client sends: small and large error codes, a version, all
 * the optional fields absent. */
static void
test_encode (void)
{
  RdpTsRequest r = { .version = 6, .has_error_code = TRUE, .error_code = 0xc000006d };
  g_autoptr(GBytes) encoded = NULL;
  g_auto(RdpTsRequest) back = { 0 };
  GError *error = NULL;
  static const guint8 expected[] = { 0x30, 0x0d, 0xa0, 0x03, 0x02, 0x01, 0x06,
                                     0xa4, 0x06, 0x02, 0x04, 0xc0, 0x00, 0x00, 0x6d };

  encoded = rdp_ts_request_encode (&r, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded), expected, sizeof expected);
  g_assert_true (rdp_ts_request_decode (expected, sizeof expected, &back, &error));
  g_assert_cmphex (back.error_code, ==, 0xc000006d);

  /* a positive errorCode whose top bit is set needs a leading zero */
  {
    static const guint8 five[] = { 0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x02,
                                   0xa4, 0x07, 0x02, 0x05, 0x00, 0xc0, 0x00, 0x00, 0x6d };
    g_auto(RdpTsRequest) b = { 0 };

    g_assert_true (rdp_ts_request_decode (five, sizeof five, &b, &error));
    g_assert_cmphex (b.error_code, ==, 0xc000006d);
    g_assert_cmpuint (b.version, ==, 2);
  }
}

static void
test_hostile (void)
{
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ts_request_vectors); i++)
    {
      g_autoptr(GBytes) vector = rdp_test_load_vector (ts_request_vectors[i]);
      gsize length = g_bytes_get_size (vector);
      g_autofree guint8 *longer = g_malloc (length + 1);

      rdp_test_check_prefixes (g_bytes_get_data (vector, NULL), length, try_ts_request);
      rdp_test_check_garbled (g_bytes_get_data (vector, NULL), length, try_ts_request, 500);
      /* trailing bytes after the TSRequest */
      memcpy (longer, g_bytes_get_data (vector, NULL), length);
      longer[length] = 0;
      g_assert_false (try_ts_request (longer, length + 1, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }

  /* version 1, version 0, a negative version, no version, an errorCode of
   * five bytes, the wrong outer tag */
  {
    static const guint8 v1[] = { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x01 };
    static const guint8 neg[] = { 0x30, 0x05, 0xa0, 0x03, 0x02, 0x01, 0xff };
    static const guint8 none[] = { 0x30, 0x00 };
    static const guint8 big[] = { 0x30, 0x0e, 0xa0, 0x03, 0x02, 0x01, 0x06,
                                  0xa4, 0x07, 0x02, 0x05, 0x01, 0xc0, 0x00, 0x00, 0x6d };
    static const guint8 tag[] = { 0x31, 0x05, 0xa0, 0x03, 0x02, 0x01, 0x06 };
    const guint8 *bad[] = { v1, neg, none, big, tag };
    gsize sizes[] = { sizeof v1, sizeof neg, sizeof none, sizeof big, sizeof tag };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (try_ts_request (bad[i], sizes[i], &error));
        rdp_test_assert_invalid_data (error);
        g_clear_error (&error);
      }
  }
}

static GBytes *
utf16 (const char *text)
{
  g_autoptr(GBytes) utf8 = NULL;

  if (text == NULL)
    return NULL;
  utf8 = rdp_secret_new_from_string (text);
  return rdp_secret_to_utf16le (utf8, NULL);
}

static void
check_credentials (const char *vector_name,
                   const char *domain,
                   const char *user,
                   const char *password)
{
  g_autoptr(GBytes) vector = rdp_test_load_vector (vector_name);
  g_autoptr(GBytes) d = NULL, u = NULL, p = NULL, inner = NULL, encoded = NULL;
  g_autoptr(GBytes) ed = utf16 (domain), eu = utf16 (user), ep = utf16 (password);
  guint32 type = 0;
  GError *error = NULL;

  g_assert_true (rdp_ts_credentials_decode (g_bytes_get_data (vector, NULL), g_bytes_get_size (vector),
                                            &type, &inner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (type, ==, RDP_TS_CREDENTIALS_PASSWORD);
  g_assert_true (rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                               &d, &u, &p, &error));
  g_assert_no_error (error);
  if (domain != NULL)
    {
      assert_bytes_equal (d, ed);
      assert_bytes_equal (u, eu);
      assert_bytes_equal (p, ep);
    }
  /* and back, from the decoded strings */
  encoded = rdp_ts_credentials_encode_password (d, u, p, &error);
  g_assert_no_error (error);
  assert_bytes_equal (encoded, vector);
}

static gboolean
try_credentials (const guint8 *data,
                 gsize         length,
                 GError      **error)
{
  g_autoptr(GBytes) inner = NULL, d = NULL, u = NULL, p = NULL;
  GError *inner_error = NULL;
  guint32 type;

  if (!rdp_ts_credentials_decode (data, length, &type, &inner, error))
    return FALSE;
  /* the inner TSPasswordCreds decodes or fails with its own error */
  if (type == RDP_TS_CREDENTIALS_PASSWORD &&
      !rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                     &d, &u, &p, &inner_error))
    {
      rdp_test_assert_invalid_data (inner_error);
      g_clear_error (&inner_error);
    }
  return TRUE;
}

static void
test_credentials (void)
{
  g_autoptr(GBytes) smart_card = rdp_test_load_vector ("cssp_spec_4_tscredentials_smartcard_example");
  g_autoptr(GBytes) inner = NULL;
  guint32 type = 0;
  GError *error = NULL;
  const char *vectors[] = {
    "cssp_sspirs_ts_credentials_one_symbol_username_and_password",
    "cssp_sspirs_ts_credentials_strong_username_and_password",
    "cssp_sspirs_ts_credentials_simple_with_username_and_domain_and_password",
    "cssp_sspirs_ts_credentials_with_restricted_admin_mode_required",
  };

  check_credentials (vectors[0], "", "a", "1");
  check_credentials (vectors[1], NULL, NULL, NULL);
  check_credentials (vectors[2], "Domain", "Username", "Password");
  check_credentials (vectors[3], "", "", "");

  g_assert_true (rdp_ts_credentials_decode (g_bytes_get_data (smart_card, NULL), g_bytes_get_size (smart_card),
                                            &type, &inner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (type, ==, RDP_TS_CREDENTIALS_SMART_CARD);
  g_assert_cmpuint (g_bytes_get_size (inner), ==, 0x102);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (inner, NULL))[0], ==, 0x30);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GBytes) v = rdp_test_load_vector (vectors[i]);

      rdp_test_check_prefixes (g_bytes_get_data (v, NULL), g_bytes_get_size (v), try_credentials);
      rdp_test_check_garbled (g_bytes_get_data (v, NULL), g_bytes_get_size (v), try_credentials, 500);
    }
}

static void
test_ntstatus (void)
{
  struct {
    guint32 status;
    const char *name;
    const char *words;
  } cases[] = {
    { 0xc000006d, "STATUS_LOGON_FAILURE", "password is incorrect" },
    { 0xc0000234, "STATUS_ACCOUNT_LOCKED_OUT", "locked out" },
    { 0xc0000071, "STATUS_PASSWORD_EXPIRED", "password has expired" },
    { 0xc0000072, "STATUS_ACCOUNT_DISABLED", "disabled" },
    { 0xc0000224, "STATUS_PASSWORD_MUST_CHANGE", "must be changed" },
    { 0xc0000193, "STATUS_ACCOUNT_EXPIRED", "account has expired" },
    { 0xc000006e, "STATUS_ACCOUNT_RESTRICTION", "restriction" },
    { 0xc000015b, "STATUS_LOGON_TYPE_NOT_GRANTED", "log on remotely" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = rdp_ntstatus_to_error (cases[i].status);

      g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
      g_assert_cmpstr (rdp_ntstatus_get_name (cases[i].status), ==, cases[i].name);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
  {
    g_autoptr(GError) error = rdp_ntstatus_to_error (0xc00700ea);

    g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
    g_assert_nonnull (strstr (error->message, "0xc00700ea"));
    g_assert_null (rdp_ntstatus_get_name (0xc00700ea));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tsrequest/round-trip", test_round_trip);
  g_test_add_func ("/tsrequest/fields", test_fields);
  g_test_add_func ("/tsrequest/encode", test_encode);
  g_test_add_func ("/tsrequest/hostile", test_hostile);
  g_test_add_func ("/tsrequest/credentials", test_credentials);
  g_test_add_func ("/tsrequest/ntstatus", test_ntstatus);

  return g_test_run ();
}
