/* test-ntlm.c: the NTLMv2 client (rdp-gio/auth/rdp-ntlm.c) against the
 * [MS-NLMP] 4.2.4 values and FreeRDP's recorded exchange, byte for byte,
 * and against truncated, garbled and lying CHALLENGE messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-ntlm-private.h"
#include "rdp-secret-private.h"
#include "rdp-test-utils.h"
#include "rdp-test-codec.h"

#define assert_bytes_equal(got, expected) \
  g_assert_cmpmem (g_bytes_get_data ((got), NULL), g_bytes_get_size (got), \
                   g_bytes_get_data ((expected), NULL), g_bytes_get_size (expected))

static GBytes *
password (const char *text)
{
  return rdp_secret_new_from_string (text);
}

static void
assert_vector_mem (const char   *name,
                   const guint8 *data,
                   gsize         length)
{
  g_autoptr(GBytes) expected = rdp_test_load_vector (name);

  g_assert_cmpmem (data, length, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
copy_vector (const char *name,
             guint8     *out,
             gsize       length)
{
  g_autoptr(GBytes) bytes = rdp_test_load_vector (name);

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, length);
  memcpy (out, g_bytes_get_data (bytes, NULL), length);
}

static void
test_one_way_functions (void)
{
  g_autoptr(GBytes) pw = password ("Password");
  g_autoptr(GBytes) p4 = password ("P4ss123!");
  g_autoptr(GBytes) empty = password ("");
  guint8 out[16];
  GError *error = NULL;

  g_assert_true (rdp_ntlm_nt_hash (pw, out, &error));
  g_assert_no_error (error);
  assert_vector_mem ("nlmp_4.2.2.1.2_ntlmv1_ntowfv1_nt_hash", out, 16);
  g_assert_true (rdp_ntlm_ntowfv2 (pw, "User", "Domain", out, &error));
  assert_vector_mem ("nlmp_4.2.4.1.1_ntlmv2_ntowfv2", out, 16);

  g_assert_true (rdp_ntlm_nt_hash (p4, out, &error));
  assert_vector_mem ("freerdp_ntlm_nt_hash_P4ss123", out, 16);
  g_assert_true (rdp_ntlm_ntowfv2 (p4, "Username", "Domain", out, &error));
  assert_vector_mem ("freerdp_ntlm_ntowfv2_Username_Domain_P4ss123", out, 16);
  g_assert_true (rdp_ntlm_nt_hash (empty, out, &error));
  assert_vector_mem ("freerdp_ntlm_nt_hash_empty_password", out, 16);
  g_assert_true (rdp_ntlm_ntowfv2 (empty, "Username", "Domain", out, &error));
  assert_vector_mem ("freerdp_ntlm_ntowfv2_empty_password", out, 16);
  g_assert_no_error (error);
}

/* Reads a (Len, MaxLen, Offset) field of an AUTHENTICATE. */
static const guint8 *
field (GBytes *message,
       gsize   at,
       gsize  *out_length)
{
  const guint8 *d = g_bytes_get_data (message, NULL);
  gsize offset = d[at + 4] | (d[at + 5] << 8) | (d[at + 6] << 16) | ((gsize) d[at + 7] << 24);

  *out_length = d[at] | (d[at + 1] << 8);
  g_assert_cmpuint (offset + *out_length, <=, g_bytes_get_size (message));
  return d + offset;
}

static void
test_nlmp_4_2_4 (void)
{
  g_autoptr(GBytes) pw = password ("Password");
  g_autoptr(GBytes) challenge = rdp_test_load_vector ("nlmp_4.2.4.3_ntlmv2_challenge_message");
  g_autoptr(GBytes) expected = rdp_test_load_vector ("nlmp_4.2.4.3_ntlmv2_authenticate_message");
  g_autoptr(GBytes) negotiate = NULL, authenticate = NULL, session_key = NULL;
  g_autoptr(GBytes) plaintext = rdp_test_load_vector ("nlmp_4.2.4.4_ntlmv2_wrap_plaintext");
  g_autoptr(GBytes) sealed_expected = rdp_test_load_vector ("nlmp_4.2.4.4_ntlmv2_wrap_sealed_data");
  g_autoptr(GBytes) signature_expected = rdp_test_load_vector ("nlmp_4.2.4.4_ntlmv2_wrap_signature");
  g_autoptr(GBytes) wrapped = NULL;
  g_autoptr(RdpNtlm) ntlm = NULL;
  g_auto(RdpNtlmChallenge) decoded = { 0 };
  RdpNtlmConfig config = {
    .domain = "Domain", .user = "User", .password = pw, .workstation = "COMPUTER",
    .flags = 0xe2888235, .has_version = TRUE,
    .version = { 0x05, 0x01, 0x28, 0x0a, 0x00, 0x00, 0x00, 0x0f },
  };
  RdpNtlmInputs inputs = { .timestamp = 0 };
  const guint8 *nt, *lm, *key;
  gsize nt_len, lm_len, key_len;
  guint8 ntowfv2[16], base_key[16], seal_key[16], sign_key[16];
  GError *error = NULL;

  /* the CHALLENGE as the spec describes it */
  g_assert_true (rdp_ntlm_challenge_decode (g_bytes_get_data (challenge, NULL),
                                            g_bytes_get_size (challenge), &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmphex (decoded.flags, ==, 0xe28a8233);
  g_assert_cmpmem (decoded.server_challenge, 8, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
  g_assert_cmpmem (decoded.target_name, decoded.target_name_length, "S\0e\0r\0v\0e\0r\0", 12);
  g_assert_cmpuint (decoded.av_pairs->len, ==, 2);
  g_assert_cmpuint (g_array_index (decoded.av_pairs, RdpNtlmAvPair, 0).id, ==, RDP_NTLM_AV_NB_DOMAIN_NAME);
  g_assert_cmpuint (g_array_index (decoded.av_pairs, RdpNtlmAvPair, 1).id, ==, RDP_NTLM_AV_NB_COMPUTER_NAME);
  g_assert_false (decoded.has_timestamp);

  memset (inputs.client_challenge, 0xaa, 8);
  copy_vector ("nlmp_4.2.1_random_session_key", inputs.random_session_key, 16);
  ntlm = rdp_ntlm_new (&config);
  rdp_ntlm_set_inputs (ntlm, &inputs);
  negotiate = rdp_ntlm_negotiate (ntlm, &error);
  g_assert_no_error (error);
  authenticate = rdp_ntlm_authenticate (ntlm, g_bytes_get_data (challenge, NULL),
                                        g_bytes_get_size (challenge), &error);
  g_assert_no_error (error);
  g_assert_true (rdp_ntlm_is_complete (ntlm));

  /* the pieces, then the whole message */
  lm = field (authenticate, 12, &lm_len);
  assert_vector_mem ("nlmp_4.2.4.2.1_ntlmv2_lmv2_response", lm, lm_len);
  nt = field (authenticate, 20, &nt_len);
  assert_vector_mem ("nlmp_4.2.4_ntlmv2_nt_challenge_response_full", nt, nt_len);
  assert_vector_mem ("nlmp_4.2.4.2.2_ntlmv2_ntproofstr", nt, 16);
  assert_vector_mem ("nlmp_4.2.4.1.3_ntlmv2_temp_blob", nt + 16, nt_len - 16);
  key = field (authenticate, 52, &key_len);
  assert_vector_mem ("nlmp_4.2.4.2.3_ntlmv2_encrypted_random_session_key", key, key_len);
  assert_bytes_equal (authenticate, expected);
  g_assert_cmphex (rdp_ntlm_get_flags (ntlm), ==, 0xe2888235);

  /* SessionBaseKey = HMAC_MD5(NTOWFv2, NTProofStr) */
  g_assert_true (rdp_ntlm_ntowfv2 (pw, "User", "Domain", ntowfv2, NULL));
  rdp_ntlm_hmac_md5 (ntowfv2, 16, nt, 16, NULL, 0, base_key);
  assert_vector_mem ("nlmp_4.2.4.1.2_ntlmv2_session_base_key", base_key, 16);

  /* key exchange: the exported key is the random session key */
  session_key = rdp_ntlm_get_session_key (ntlm);
  assert_vector_mem ("nlmp_4.2.1_random_session_key", g_bytes_get_data (session_key, NULL), 16);
  rdp_ntlm_seal_key (g_bytes_get_data (session_key, NULL), 0xe2888235, TRUE, seal_key);
  assert_vector_mem ("nlmp_4.2.4.4_ntlmv2_client_sealing_key", seal_key, 16);
  rdp_ntlm_sign_key (g_bytes_get_data (session_key, NULL), TRUE, sign_key);
  assert_vector_mem ("nlmp_4.2.4.4_ntlmv2_client_signing_key", sign_key, 16);

  /* GSS_WrapEx of "Plaintext": signature ‖ sealed data */
  wrapped = rdp_ntlm_wrap (ntlm, g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (wrapped), ==, 16 + g_bytes_get_size (plaintext));
  g_assert_cmpmem (g_bytes_get_data (wrapped, NULL), 16,
                   g_bytes_get_data (signature_expected, NULL), g_bytes_get_size (signature_expected));
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (wrapped, NULL) + 16, g_bytes_get_size (wrapped) - 16,
                   g_bytes_get_data (sealed_expected, NULL), g_bytes_get_size (sealed_expected));

  /* a second CHALLENGE is refused */
  g_assert_null (rdp_ntlm_authenticate (ntlm, g_bytes_get_data (challenge, NULL),
                                        g_bytes_get_size (challenge), &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
}

/* The value of AV pair @id in an NTLMv2 response's AV list. */
static GBytes *
find_av (const guint8 *pairs,
         gsize         length,
         guint16       id)
{
  gsize pos = 0;

  while (pos + 4 <= length)
    {
      guint16 av_id = pairs[pos] | (pairs[pos + 1] << 8);
      guint16 av_len = pairs[pos + 2] | (pairs[pos + 3] << 8);

      if (av_id == id)
        return g_bytes_new (pairs + pos + 4, av_len);
      if (av_id == RDP_NTLM_AV_EOL)
        break;
      pos += 4 + av_len;
    }
  return NULL;
}

static void
test_freerdp_exchange (void)
{
  g_autoptr(GBytes) pw = password ("P4ss123!");
  g_autoptr(GBytes) negotiate_expected = rdp_test_load_vector ("freerdp_ntlm_negotiate_message");
  g_autoptr(GBytes) challenge = rdp_test_load_vector ("freerdp_ntlm_challenge_message");
  g_autoptr(GBytes) expected = rdp_test_load_vector ("freerdp_ntlm_authenticate_message_with_mic");
  g_autoptr(GBytes) single_host = NULL, negotiate = NULL, authenticate = NULL;
  g_autoptr(GBytes) session_key = NULL, zeroed = NULL;
  g_autoptr(RdpNtlm) ntlm = NULL;
  RdpNtlmInputs inputs = { 0 };
  const guint8 *nt;
  gsize nt_len;
  guint64 timestamp = 0;
  guint8 ts[8], mic[16], *copy;
  GHmac *hmac;
  gsize mic_len = 16;
  GError *error = NULL;

  /* MsvAvSingleHost carries a machine id of FreeRDP's: taken from the
   * recording, like the client's randoms */
  nt = field (expected, 20, &nt_len);
  single_host = find_av (nt + 44, nt_len - 44, RDP_NTLM_AV_SINGLE_HOST);
  g_assert_nonnull (single_host);

  {
    RdpNtlmConfig config = {
      .domain = "Domain", .user = "Username", .password = pw, .workstation = "NEWYEAR",
      .target_name = "HTTP/rw.local", .flags = 0xa2088207, .has_version = TRUE,
      .version = { 0x06, 0x03, 0x80, 0x25, 0x00, 0x00, 0x00, 0x0f },
      .single_host = single_host, .target_info_padding = 4,
    };

    ntlm = rdp_ntlm_new (&config);
  }
  copy_vector ("freerdp_ntlm_client_challenge", inputs.client_challenge, 8);
  copy_vector ("freerdp_ntlm_timestamp", ts, 8);
  for (int i = 7; i >= 0; i--)
    timestamp = (timestamp << 8) | ts[i];
  /* FreeRDP's client uses the server's MsvAvTimestamp: the input is
   * deliberately another time, to show that the server's wins */
  inputs.timestamp = timestamp + 1;
  rdp_ntlm_set_inputs (ntlm, &inputs);

  negotiate = rdp_ntlm_negotiate (ntlm, &error);
  g_assert_no_error (error);
  assert_bytes_equal (negotiate, negotiate_expected);
  authenticate = rdp_ntlm_authenticate (ntlm, g_bytes_get_data (challenge, NULL),
                                        g_bytes_get_size (challenge), &error);
  g_assert_no_error (error);
  assert_bytes_equal (authenticate, expected);
  g_assert_cmphex (rdp_ntlm_get_flags (ntlm), ==, 0xa2888205);

  /* the MIC at 0x48 is HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖
   * AUTHENTICATE with a zero MIC), and the exported key is the session
   * base key (no key exchange) */
  session_key = rdp_ntlm_get_session_key (ntlm);
  g_assert_cmpmem (g_bytes_get_data (session_key, NULL), 16,
                   "\x34\x00\x73\xad\x6a\x56\xb6\x44\xad\x9f\x69\x6e\x9e\xb6\xe4\xe2", 16);
  copy = g_memdup2 (g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  memset (copy + 0x48, 0, 16);
  hmac = g_hmac_new (G_CHECKSUM_MD5, g_bytes_get_data (session_key, NULL), 16);
  g_hmac_update (hmac, g_bytes_get_data (negotiate, NULL), g_bytes_get_size (negotiate));
  g_hmac_update (hmac, g_bytes_get_data (challenge, NULL), g_bytes_get_size (challenge));
  g_hmac_update (hmac, copy, g_bytes_get_size (expected));
  g_hmac_get_digest (hmac, mic, &mic_len);
  g_hmac_unref (hmac);
  g_free (copy);
  g_assert_cmpmem (mic, 16, (const guint8 *) g_bytes_get_data (authenticate, NULL) + 0x48, 16);
}

/* A client with a server-side sealing context: what one wraps, the other
 * unwraps; a flipped bit or a replay fails. */
static void
test_seal_round_trip (void)
{
  guint8 key[16];
  g_autoptr(RdpNtlmSealing) client = NULL, server = NULL;
  g_autoptr(GBytes) wrapped = NULL, plain = NULL, again = NULL;
  guint8 *tampered;
  GError *error = NULL;

  memset (key, 0x42, sizeof key);
  client = rdp_ntlm_sealing_new (key, 0xe2888235, TRUE);
  server = rdp_ntlm_sealing_new (key, 0xe2888235, FALSE);
  for (int i = 0; i < 3; i++)
    {
      g_clear_pointer (&wrapped, g_bytes_unref);
      g_clear_pointer (&plain, g_bytes_unref);
      wrapped = rdp_ntlm_sealing_wrap (client, (const guint8 *) "hello world", 11);
      plain = rdp_ntlm_sealing_unwrap (server, g_bytes_get_data (wrapped, NULL),
                                       g_bytes_get_size (wrapped), &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), "hello world", 11);
      g_clear_pointer (&wrapped, g_bytes_unref);
      g_clear_pointer (&plain, g_bytes_unref);
      wrapped = rdp_ntlm_sealing_wrap (server, (const guint8 *) "reply", 5);
      plain = rdp_ntlm_sealing_unwrap (client, g_bytes_get_data (wrapped, NULL),
                                       g_bytes_get_size (wrapped), &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), "reply", 5);
    }
  /* a tampered message */
  g_clear_pointer (&wrapped, g_bytes_unref);
  wrapped = rdp_ntlm_sealing_wrap (client, (const guint8 *) "hello world", 11);
  tampered = g_memdup2 (g_bytes_get_data (wrapped, NULL), g_bytes_get_size (wrapped));
  tampered[20] ^= 1;
  again = rdp_ntlm_sealing_unwrap (server, tampered, g_bytes_get_size (wrapped), &error);
  g_assert_null (again);
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
  g_free (tampered);
  /* too short for a signature */
  g_assert_null (rdp_ntlm_sealing_unwrap (server, (const guint8 *) "short", 5, &error));
  rdp_test_assert_invalid_data (error);
  g_clear_error (&error);
}

static gboolean
try_challenge (const guint8 *data,
               gsize         length,
               GError      **error)
{
  g_auto(RdpNtlmChallenge) challenge = { 0 };

  return rdp_ntlm_challenge_decode (data, length, &challenge, error);
}

static void
test_challenge_hostile (void)
{
  const char *names[] = {
    "nlmp_4.2.4.3_ntlmv2_challenge_message",
    "freerdp_ntlm_challenge_message",
    "cssp_sspirs_ntlm_2_phase_nego_token",
  };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(GBytes) challenge = rdp_test_load_vector (names[n]);
      gsize length = g_bytes_get_size (challenge);
      guint8 *copy = g_memdup2 (g_bytes_get_data (challenge, NULL), length);
      gsize ti_offset = copy[44] | (copy[45] << 8);
      GError *error = NULL;
      g_auto(RdpNtlmChallenge) decoded = { 0 };

      rdp_test_check_prefixes (copy, length, try_challenge);
      rdp_test_check_garbled (copy, length, try_challenge, 2000);

      /* the first AV pair claims more than the target information holds */
      copy[ti_offset + 2] = 0xff;
      copy[ti_offset + 3] = 0x7f;
      g_assert_false (rdp_ntlm_challenge_decode (copy, length, &decoded, &error));
      rdp_test_assert_invalid_data (error);
      g_assert_null (decoded.av_pairs);
      g_clear_error (&error);
      memcpy (copy, g_bytes_get_data (challenge, NULL), length);

      /* the TargetInfo field points past the end */
      copy[44] = (length - 2) & 0xff;
      copy[45] = (length - 2) >> 8;
      g_assert_false (rdp_ntlm_challenge_decode (copy, length, &decoded, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
      memcpy (copy, g_bytes_get_data (challenge, NULL), length);

      /* no MsvAvEOL: the list is cut just before it (the last 4 bytes of
       * these target infos) */
      copy[40] -= 4;
      g_assert_false (rdp_ntlm_challenge_decode (copy, length, &decoded, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
      memcpy (copy, g_bytes_get_data (challenge, NULL), length);

      /* not a CHALLENGE */
      copy[8] = 3;
      g_assert_false (rdp_ntlm_challenge_decode (copy, length, &decoded, &error));
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
      g_free (copy);
    }
}

/* A lying CHALLENGE makes the client fail with a clear error, not an
 * AUTHENTICATE. */
static void
test_client_rejects_bad_challenge (void)
{
  g_autoptr(GBytes) pw = password ("Password");
  g_autoptr(GBytes) challenge = rdp_test_load_vector ("nlmp_4.2.4.3_ntlmv2_challenge_message");
  g_autoptr(GBytes) negotiate = NULL;
  g_autoptr(RdpNtlm) ntlm = NULL;
  RdpNtlmConfig config = { .domain = "Domain", .user = "User", .password = pw };
  guint8 *copy = g_memdup2 (g_bytes_get_data (challenge, NULL), g_bytes_get_size (challenge));
  GError *error = NULL;

  ntlm = rdp_ntlm_new (&config);
  negotiate = rdp_ntlm_negotiate (ntlm, &error);
  g_assert_no_error (error);
  copy[0x44 + 2] = 0x40;       /* MsvAvNbDomainName: 64 bytes, 36 remain */
  g_assert_null (rdp_ntlm_authenticate (ntlm, copy, g_bytes_get_size (challenge), &error));
  rdp_test_assert_invalid_data (error);
  g_assert_nonnull (strstr (error->message, "AV pair"));
  g_clear_error (&error);
  g_assert_false (rdp_ntlm_is_complete (ntlm));
  g_assert_null (rdp_ntlm_wrap (ntlm, (const guint8 *) "x", 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_free (copy);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ntlm/one-way-functions", test_one_way_functions);
  g_test_add_func ("/ntlm/nlmp-4.2.4", test_nlmp_4_2_4);
  g_test_add_func ("/ntlm/freerdp-exchange-with-mic", test_freerdp_exchange);
  g_test_add_func ("/ntlm/seal-round-trip", test_seal_round_trip);
  g_test_add_func ("/ntlm/challenge-hostile", test_challenge_hostile);
  g_test_add_func ("/ntlm/client-rejects-bad-challenge", test_client_rejects_bad_challenge);

  return g_test_run ();
}
