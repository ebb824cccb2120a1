/* test-credssp.c: the sans-I/O CredSSP client (rdp-gio/auth/rdp-credssp.c)
 * against a small NTLM + CredSSP server written here with the same
 * primitives: it checks the AUTHENTICATE's NTProofStr and MIC from the
 * password it knows, derives the keys, checks the client's pubKeyAuth and
 * answers — or misbehaves on purpose.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <nettle/arcfour.h>
#include <rdp-gio.h>

#include "rdp-credssp-private.h"
#include "rdp-ntlm-private.h"
#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "rdp-test-utils.h"

#define PASSWORD "Passw0rd!"
#define USER "rdpuser"
#define DOMAIN "WORKGROUP"

static const guint8 server_challenge[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

typedef enum {
  SERVER_HONEST,
  SERVER_OTHER_KEY,          /* a man in the middle: proves another key */
  SERVER_TAMPERED,           /* flips a bit of its pubKeyAuth */
  SERVER_REPEATS_CHALLENGE,  /* answers the AUTHENTICATE with the CHALLENGE */
} ServerBehaviour;

typedef struct {
  guint32 version;
  const char *password;
  ServerBehaviour behaviour;
  GBytes *public_key;        /* its certificate's key */
  GBytes *negotiate;
  GBytes *challenge;
  guint32 peer_version;
  RdpNtlmSealing *sealing;
  GBytes *nonce;
  /* what it got */
  GBytes *domain, *user, *password_received;
} TestServer;

static void
test_server_clear (TestServer *server)
{
  g_clear_pointer (&server->negotiate, g_bytes_unref);
  g_clear_pointer (&server->challenge, g_bytes_unref);
  g_clear_pointer (&server->sealing, rdp_ntlm_sealing_free);
  g_clear_pointer (&server->nonce, g_bytes_unref);
  g_clear_pointer (&server->domain, g_bytes_unref);
  g_clear_pointer (&server->user, g_bytes_unref);
  g_clear_pointer (&server->password_received, g_bytes_unref);
  g_clear_pointer (&server->public_key, g_bytes_unref);
}

static GBytes *
ts_request (guint32  version,
            GBytes  *nego_token,
            GBytes  *pub_key_auth,
            gboolean has_error_code,
            guint32  error_code)
{
  RdpTsRequest request = {
    .version = version, .nego_token = nego_token, .pub_key_auth = pub_key_auth,
    .has_error_code = has_error_code, .error_code = error_code,
  };
  GError *error = NULL;
  GBytes *out = rdp_ts_request_encode (&request, &error);

  g_assert_no_error (error);
  return out;
}

static void
put_u16 (GByteArray *a,
         guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (a, b, 2);
}

static void
put_u32 (GByteArray *a,
         guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (a, b, 4);
}

static void
put_field (GByteArray *a,
           gsize       length,
           gsize       offset)
{
  put_u16 (a, length);
  put_u16 (a, length);
  put_u32 (a, offset);
}

static void
put_utf16_av (GByteArray *a,
              guint16     id,
              const char *text)
{
  put_u16 (a, id);
  put_u16 (a, strlen (text) * 2);
  for (const char *p = text; *p; p++)
    put_u16 (a, (guint8) *p);
}

/* A CHALLENGE_MESSAGE with NbDomainName, NbComputerName, a timestamp. */
static GBytes *
build_challenge (void)
{
  GByteArray *info = g_byte_array_new (), *m = g_byte_array_new ();
  guint8 ts[8] = { 0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01 };

  put_utf16_av (info, RDP_NTLM_AV_NB_DOMAIN_NAME, "SERVER");
  put_utf16_av (info, RDP_NTLM_AV_NB_COMPUTER_NAME, "SERVER");
  put_u16 (info, RDP_NTLM_AV_TIMESTAMP);
  put_u16 (info, 8);
  g_byte_array_append (info, ts, 8);
  put_u32 (info, 0);    /* EOL */

  g_byte_array_append (m, (const guint8 *) "NTLMSSP", 8);
  put_u32 (m, 2);
  put_field (m, 12, 56);                        /* TargetName "SERVER" */
  put_u32 (m, 0xe28a8235);
  g_byte_array_append (m, server_challenge, 8);
  put_u32 (m, 0);
  put_u32 (m, 0);
  put_field (m, info->len, 56 + 12);
  g_byte_array_append (m, (const guint8 *) "\x0a\x00\x63\x45\x00\x00\x00\x0f", 8);
  for (const char *p = "SERVER"; *p; p++)
    put_u16 (m, *p);
  g_byte_array_append (m, info->data, info->len);
  g_byte_array_unref (info);
  return g_byte_array_free_to_bytes (m);
}

static const guint8 *
auth_field (GBytes *message,
            gsize   at,
            gsize  *out_length)
{
  const guint8 *d = g_bytes_get_data (message, NULL);
  gsize offset = d[at + 4] | (d[at + 5] << 8) | (d[at + 6] << 16) | ((gsize) d[at + 7] << 24);

  *out_length = d[at] | (d[at + 1] << 8);
  g_assert_cmpuint (offset + *out_length, <=, g_bytes_get_size (message));
  return d + offset;
}

static char *
from_utf16 (const guint8 *data,
            gsize         length)
{
  return g_utf16_to_utf8 ((const gunichar2 *) data, length / 2, NULL, NULL, NULL);
}

static GBytes *
sha256_binding (const char *magic,
                GBytes     *nonce,
                GBytes     *key)
{
  GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = 32;

  g_checksum_update (c, (const guint8 *) magic, strlen (magic) + 1);
  g_checksum_update (c, g_bytes_get_data (nonce, NULL), g_bytes_get_size (nonce));
  g_checksum_update (c, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_checksum_get_digest (c, digest, &size);
  g_checksum_free (c);
  return g_bytes_new (digest, 32);
}

/* The server's answer to the client's message, or NULL when it closes the
 * connection. */
static GBytes *
server_answer (TestServer *server,
               GBytes     *message)
{
  g_auto(RdpTsRequest) request = { 0 };
  GError *error = NULL;

  g_assert_true (rdp_ts_request_decode (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                        &request, &error));
  g_assert_no_error (error);
  server->peer_version = MIN (request.version, server->version);

  if (server->negotiate == NULL)
    {
      /* NEGOTIATE → CHALLENGE */
      g_assert_nonnull (request.nego_token);
      g_assert_cmpmem (g_bytes_get_data (request.nego_token, NULL), 8, "NTLMSSP\0\1\0\0\0", 8);
      g_assert_null (request.auth_info);
      server->negotiate = g_bytes_ref (request.nego_token);
      server->challenge = build_challenge ();
      return ts_request (server->version, server->challenge, NULL, FALSE, 0);
    }

  if (server->sealing == NULL)
    {
      /* AUTHENTICATE + pubKeyAuth */
      GBytes *auth = request.nego_token;
      const guint8 *nt, *user16, *domain16, *key, *d;
      gsize nt_len, user_len, domain_len, key_len;
      g_autofree char *user = NULL, *domain = NULL;
      g_autoptr(GBytes) pw = rdp_secret_new_from_string (server->password);
      g_autoptr(GBytes) plain = NULL, expected = NULL, reply_plain = NULL, reply = NULL;
      guint8 ntowfv2[16], proof[16], base_key[16], exported[16], mic[16];
      guint32 flags;
      guint8 *zeroed;
      GHmac *hmac;
      gsize mic_len = 16;
      struct arcfour_ctx rc4;

      g_assert_nonnull (auth);
      g_assert_nonnull (request.pub_key_auth);
      g_assert_null (request.auth_info);
      d = g_bytes_get_data (auth, NULL);
      g_assert_cmpuint (d[8], ==, 3);
      flags = d[60] | (d[61] << 8) | (d[62] << 16) | ((guint32) d[63] << 24);
      nt = auth_field (auth, 20, &nt_len);
      domain16 = auth_field (auth, 28, &domain_len);
      user16 = auth_field (auth, 36, &user_len);
      key = auth_field (auth, 52, &key_len);
      user = from_utf16 (user16, user_len);
      domain = from_utf16 (domain16, domain_len);
      g_assert_true (rdp_ntlm_ntowfv2 (pw, user, domain, ntowfv2, NULL));
      rdp_ntlm_hmac_md5 (ntowfv2, 16, server_challenge, 8, nt + 16, nt_len - 16, proof);
      if (memcmp (proof, nt, 16) != 0)
        {
          /* a wrong password: versions 3, 4 and 6 say so, 2 and 5 close */
          if (server->peer_version >= 3 && server->peer_version != 5)
            return ts_request (server->version, NULL, NULL, TRUE, 0xc000006d);
          return NULL;
        }
      rdp_ntlm_hmac_md5 (ntowfv2, 16, proof, 16, NULL, 0, base_key);
      g_assert_true (flags & RDP_NTLM_NEGOTIATE_KEY_EXCH);
      g_assert_cmpuint (key_len, ==, 16);
      arcfour_set_key (&rc4, 16, base_key);
      arcfour_crypt (&rc4, 16, exported, key);

      /* the MIC covers the three messages */
      zeroed = g_memdup2 (d, g_bytes_get_size (auth));
      memset (zeroed + 72, 0, 16);
      hmac = g_hmac_new (G_CHECKSUM_MD5, exported, 16);
      g_hmac_update (hmac, g_bytes_get_data (server->negotiate, NULL), g_bytes_get_size (server->negotiate));
      g_hmac_update (hmac, g_bytes_get_data (server->challenge, NULL), g_bytes_get_size (server->challenge));
      g_hmac_update (hmac, zeroed, g_bytes_get_size (auth));
      g_hmac_get_digest (hmac, mic, &mic_len);
      g_hmac_unref (hmac);
      g_free (zeroed);
      g_assert_cmpmem (mic, 16, d + 72, 16);

      server->sealing = rdp_ntlm_sealing_new (exported, flags, FALSE);
      plain = rdp_ntlm_sealing_unwrap (server->sealing, g_bytes_get_data (request.pub_key_auth, NULL),
                                       g_bytes_get_size (request.pub_key_auth), &error);
      g_assert_no_error (error);
      if (server->peer_version >= 5)
        {
          g_assert_nonnull (request.client_nonce);
          g_assert_cmpuint (g_bytes_get_size (request.client_nonce), ==, 32);
          server->nonce = g_bytes_ref (request.client_nonce);
        }
      if (server->behaviour == SERVER_REPEATS_CHALLENGE)
        return ts_request (server->version, server->challenge, NULL, FALSE, 0);

      if (server->behaviour == SERVER_OTHER_KEY)
        {
          /* the man in the middle holds the key the client saw, the server
           * proves its own */
          g_clear_pointer (&server->public_key, g_bytes_unref);
          server->public_key = g_bytes_new_static ("\x30\x03\x02\x01\x07", 5);
        }
      else
        {
          /* the client's binding is to this server's key */
          expected = server->peer_version >= 5
                     ? sha256_binding ("CredSSP Client-To-Server Binding Hash", server->nonce, server->public_key)
                     : g_bytes_ref (server->public_key);
          g_assert_true (g_bytes_equal (plain, expected));
        }
      if (server->peer_version >= 5)
        reply_plain = sha256_binding ("CredSSP Server-To-Client Binding Hash", server->nonce, server->public_key);
      else
        {
          guint8 *k = g_memdup2 (g_bytes_get_data (server->public_key, NULL), g_bytes_get_size (server->public_key));

          k[0]++;
          reply_plain = g_bytes_new_take (k, g_bytes_get_size (server->public_key));
        }
      reply = rdp_ntlm_sealing_wrap (server->sealing, g_bytes_get_data (reply_plain, NULL),
                                     g_bytes_get_size (reply_plain));
      if (server->behaviour == SERVER_TAMPERED)
        {
          guint8 *t = g_memdup2 (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
          gsize size = g_bytes_get_size (reply);

          t[size - 1] ^= 0x01;
          g_bytes_unref (reply);
          reply = g_bytes_new_take (t, size);
        }
      rdp_secret_wipe (ntowfv2, 16);
      return ts_request (server->version, NULL, reply, FALSE, 0);
    }

  /* authInfo */
  {
    g_autoptr(GBytes) plain = NULL, inner = NULL;
    guint32 type;

    g_assert_nonnull (request.auth_info);
    g_assert_null (request.nego_token);
    plain = rdp_ntlm_sealing_unwrap (server->sealing, g_bytes_get_data (request.auth_info, NULL),
                                     g_bytes_get_size (request.auth_info), &error);
    g_assert_no_error (error);
    g_assert_true (rdp_ts_credentials_decode (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                              &type, &inner, &error));
    g_assert_cmpuint (type, ==, 1);
    g_assert_true (rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                                 &server->domain, &server->user, &server->password_received,
                                                 &error));
    g_assert_no_error (error);
    return NULL;
  }
}

static GBytes *
rsa_like_key (void)
{
  /* the shape of an RSAPublicKey; the server proves whatever bytes it is
   * given */
  guint8 key[270];

  key[0] = 0x30;
  key[1] = 0x82;
  key[2] = 0x01;
  key[3] = 0x0a;
  for (gsize i = 4; i < sizeof key; i++)
    key[i] = (guint8) (i * 7);
  return g_bytes_new (key, sizeof key);
}

static gboolean
fixed_random (guint8   *buffer,
              gsize     size,
              gpointer  user_data)
{
  memset (buffer, 0x11, size);
  return TRUE;
}

static RdpCredssp *
new_client (const char *password)
{
  g_autoptr(GBytes) pw = rdp_secret_new_from_string (password);
  g_autoptr(GBytes) key = rsa_like_key ();
  RdpCredssp *client = rdp_credssp_new_ntlm (DOMAIN, USER, pw, "CLIENT", "server.example", key);

  rdp_credssp_set_random (client, fixed_random, NULL);
  return client;
}

static void
assert_no_auth_info (GBytes *message)
{
  g_auto(RdpTsRequest) request = { 0 };

  g_assert_true (rdp_ts_request_decode (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                        &request, NULL));
  g_assert_null (request.auth_info);
}

static GBytes *
utf16 (const char *text)
{
  g_autoptr(GBytes) utf8 = rdp_secret_new_from_string (text);

  return rdp_secret_to_utf16le (utf8, NULL);
}

/* A whole exchange with an honest server of each version. */
static void
test_success (gconstpointer data)
{
  guint32 version = GPOINTER_TO_UINT (data);
  g_autoptr(RdpCredssp) client = new_client (PASSWORD);
  TestServer server = { .version = version, .password = PASSWORD, .public_key = rsa_like_key () };
  g_autoptr(GBytes) m1 = NULL, r1 = NULL, m2 = NULL, r2 = NULL, m3 = NULL, r3 = NULL;
  g_autoptr(GBytes) d = utf16 (DOMAIN), u = utf16 (USER), p = utf16 (PASSWORD);
  GError *error = NULL;

  rdp_credssp_set_hybrid_ex (client, TRUE);
  m1 = rdp_credssp_step (client, NULL, &error);
  g_assert_no_error (error);
  assert_no_auth_info (m1);
  r1 = server_answer (&server, m1);
  m2 = rdp_credssp_step (client, r1, &error);
  g_assert_no_error (error);
  assert_no_auth_info (m2);
  g_assert_cmpuint (rdp_credssp_get_peer_version (client), ==, MIN (version, 6));
  g_assert_false (rdp_credssp_is_done (client));
  g_assert_false (rdp_credssp_expects_early_user_auth_result (client));
  r2 = server_answer (&server, m2);
  g_assert_nonnull (r2);
  m3 = rdp_credssp_step (client, r2, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_credssp_is_done (client));
  g_assert_true (rdp_credssp_expects_early_user_auth_result (client));
  r3 = server_answer (&server, m3);
  g_assert_null (r3);
  g_assert_true (g_bytes_equal (server.domain, d));
  g_assert_true (g_bytes_equal (server.user, u));
  g_assert_true (g_bytes_equal (server.password_received, p));

  g_assert_true (rdp_credssp_check_early_user_auth_result ((const guint8 *) "\0\0\0\0", 4, &error));
  g_assert_no_error (error);

  /* and nothing more is accepted */
  g_assert_null (rdp_credssp_step (client, r2, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
  test_server_clear (&server);
}

/* Runs the exchange up to the client's answer to the server's reply to the
 * AUTHENTICATE; returns that answer (or NULL with @error). */
static GBytes *
run_to_pub_key (RdpCredssp  *client,
                TestServer  *server,
                GBytes     **out_server_reply,
                GError     **error)
{
  g_autoptr(GBytes) m1 = NULL, r1 = NULL, m2 = NULL;

  m1 = rdp_credssp_step (client, NULL, error);
  g_assert_nonnull (m1);
  r1 = server_answer (server, m1);
  m2 = rdp_credssp_step (client, r1, error);
  g_assert_nonnull (m2);
  *out_server_reply = server_answer (server, m2);
  if (*out_server_reply == NULL)
    return NULL;
  return rdp_credssp_step (client, *out_server_reply, error);
}

static void
test_wrong_password (void)
{
  for (guint32 version = 2; version <= 6; version++)
    {
      g_autoptr(RdpCredssp) client = new_client ("wrong password");
      TestServer server = { .version = version, .password = PASSWORD, .public_key = rsa_like_key () };
      g_autoptr(GBytes) reply = NULL, out = NULL;
      GError *error = NULL;

      out = run_to_pub_key (client, &server, &reply, &error);
      g_assert_null (out);
      if (reply != NULL)
        {
          g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
          g_assert_nonnull (strstr (error->message, "STATUS_LOGON_FAILURE"));
          g_assert_nonnull (strstr (error->message, "password"));
          g_clear_error (&error);
        }
      else
        {
          /* the server closed the connection */
          g_assert_no_error (error);
          error = rdp_credssp_closed_error (client);
          g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
          g_clear_error (&error);
        }
      g_assert_false (rdp_credssp_is_done (client));
      g_assert_null (server.password_received);
      test_server_clear (&server);
    }
}

/* A man in the middle, or a tampered pubKeyAuth: the client stops with
 * RDP_ERROR_SERVER_KEY_MISMATCH and sends nothing (so no authInfo). */
static void
test_server_key_mismatch (void)
{
  ServerBehaviour behaviours[] = { SERVER_OTHER_KEY, SERVER_TAMPERED };

  for (guint b = 0; b < G_N_ELEMENTS (behaviours); b++)
    for (guint32 version = 2; version <= 6; version++)
      {
        g_autoptr(RdpCredssp) client = new_client (PASSWORD);
        TestServer server = { .version = version, .password = PASSWORD, .public_key = rsa_like_key (),
                              .behaviour = behaviours[b] };
        g_autoptr(GBytes) reply = NULL, out = NULL;
        GError *error = NULL;

        out = run_to_pub_key (client, &server, &reply, &error);
        g_assert_null (out);
        g_assert_error (error, RDP_ERROR, RDP_ERROR_SERVER_KEY_MISMATCH);
        g_assert_nonnull (strstr (error->message, "man-in-the-middle"));
        g_clear_error (&error);
        g_assert_false (rdp_credssp_is_done (client));
        /* the machine is dead: nothing more comes out of it */
        g_assert_null (rdp_credssp_step (client, reply, &error));
        g_assert_nonnull (error);
        g_clear_error (&error);
        test_server_clear (&server);
      }
}

static void
test_repeated_challenge (void)
{
  g_autoptr(RdpCredssp) client = new_client (PASSWORD);
  TestServer server = { .version = 6, .password = PASSWORD, .public_key = rsa_like_key (),
                        .behaviour = SERVER_REPEATS_CHALLENGE };
  g_autoptr(GBytes) reply = NULL, out = NULL;
  GError *error = NULL;

  out = run_to_pub_key (client, &server, &reply, &error);
  g_assert_null (out);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "NTLM"));
  g_clear_error (&error);
  test_server_clear (&server);
}

/* The server answers the NEGOTIATE with an errorCode. */
static void
test_error_code (void)
{
  g_autoptr(RdpCredssp) client = new_client (PASSWORD);
  g_autoptr(GBytes) m1 = NULL, reply = ts_request (6, NULL, NULL, TRUE, 0xc0000234);
  GError *error = NULL;

  m1 = rdp_credssp_step (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (rdp_credssp_step (client, reply, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_nonnull (strstr (error->message, "locked out"));
  g_clear_error (&error);
  {
    g_autoptr(GError) closed = rdp_credssp_closed_error (client);
    g_autoptr(RdpCredssp) fresh = new_client (PASSWORD);
    g_autoptr(GError) early = rdp_credssp_closed_error (fresh);

    g_assert_error (early, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  }
}

/* Garbage, an answer without a token, a TSRequest version 1. */
static void
test_hostile_input (void)
{
  const char *inputs[] = {
    "00",
    "30 05 a0 03 02 01 06",               /* no negoTokens */
    "30 05 a0 03 02 01 01",               /* version 1 */
    "30 82 ff ff a0",                     /* a lying length */
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(RdpCredssp) client = new_client (PASSWORD);
      g_autoptr(GBytes) m1 = NULL, input = rdp_test_parse_hex (inputs[i], NULL);
      GError *error = NULL;

      m1 = rdp_credssp_step (client, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (rdp_credssp_step (client, input, &error));
      g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }

  /* a server that sends a CHALLENGE where a NEGOTIATE's answer is due and
   * then keeps negotiating is cut off after RDP_CREDSSP_MAX_ROUNDS: with
   * NTLM the second CHALLENGE already fails */
  {
    g_autoptr(RdpCredssp) client = new_client (PASSWORD);
    g_autoptr(GBytes) challenge = build_challenge ();
    g_autoptr(GBytes) reply = ts_request (6, challenge, NULL, FALSE, 0);
    g_autoptr(GBytes) m1 = NULL, m2 = NULL;
    GError *error = NULL;

    m1 = rdp_credssp_step (client, NULL, &error);
    m2 = rdp_credssp_step (client, reply, &error);
    g_assert_no_error (error);
    g_assert_null (rdp_credssp_step (client, reply, &error));
    g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }
}

static void
test_early_user_auth_result (void)
{
  GError *error = NULL;

  g_assert_true (rdp_credssp_check_early_user_auth_result ((const guint8 *) "\0\0\0\0", 4, &error));
  g_assert_false (rdp_credssp_check_early_user_auth_result ((const guint8 *) "\5\0\0\0", 4, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_nonnull (strstr (error->message, "denied"));
  g_clear_error (&error);
  g_assert_false (rdp_credssp_check_early_user_auth_result ((const guint8 *) "\0\0\0", 3, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (rdp_credssp_check_early_user_auth_result ((const guint8 *) "\0\0\0\0\0", 5, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint version = 2; version <= 7; version++)
    {
      g_autofree char *path = g_strdup_printf ("/credssp/success/server-v%u", version);

      g_test_add_data_func (path, GUINT_TO_POINTER (version), test_success);
    }
  g_test_add_func ("/credssp/wrong-password", test_wrong_password);
  g_test_add_func ("/credssp/server-key-mismatch", test_server_key_mismatch);
  g_test_add_func ("/credssp/repeated-challenge", test_repeated_challenge);
  g_test_add_func ("/credssp/error-code", test_error_code);
  g_test_add_func ("/credssp/hostile-input", test_hostile_input);
  g_test_add_func ("/credssp/early-user-auth-result", test_early_user_auth_result);

  return g_test_run ();
}
