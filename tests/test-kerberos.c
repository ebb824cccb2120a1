/* test-kerberos.c: Kerberos under CredSSP (rdp-gio/auth/rdp-kerberos.c)
 * against a real MIT KDC (tests/e2e/start-kdc-krb.sh) and a real GSSAPI
 * acceptor with the TERMSRV/localhost keytab.
 *
 * The mechanism is sans-I/O: this test is its driver, sending each KDC
 * request over TCP with the 4-byte length framing (synchronously). The krb5
 * configuration the client process sees (KRB5_CONFIG) names an unreachable
 * KDC and no DNS, and krb5's trace (KRB5_TRACE) is checked for any request
 * that libkrb5/GSSAPI would have sent on its own: hidden network I/O fails.
 *
 * Each test runs in a child process (g_test_trap_subprocess) with a fresh
 * KDC, which the parent always stops.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include <gio/gio.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <rdp-gio.h>

#include "rdp-kerberos-private.h"
#include "rdp-credssp-private.h"
#include "rdp-tsrequest-private.h"
#include "rdp-secret-private.h"
#include "rdp-test-e2e.h"

#define CLIENT_TIMEOUT_S 60

static gss_OID_desc spnego_oid = { 6, (void *) "\x2b\x06\x01\x05\x05\x02" };

/* ---- the child's environment ---- */

static const char *
fixture (const char *key)
{
  g_autofree char *name = g_strconcat ("RDP_E2E_", key, NULL);
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return value;
}

static char *trace_path;

/* Before any krb5 context exists: the unreachable-KDC configuration, the
 * keytab for the acceptor, no default credential cache of the user's, and
 * krb5's trace into a file. */
static void
child_setup (void)
{
  trace_path = g_build_filename (fixture ("DIR"), "krb5-trace.log", NULL);
  g_setenv ("KRB5_CONFIG", fixture ("KRB5_CONFIG_NOKDC"), TRUE);
  g_setenv ("KRB5_KTNAME", fixture ("KEYTAB"), TRUE);
  g_setenv ("KRB5CCNAME", "MEMORY:rdp-gio-test-no-default-cache", TRUE);
  g_setenv ("KRB5_TRACE", trace_path, TRUE);
  g_unsetenv ("KRB5_CLIENT_KTNAME");
}

/* Nothing in the process talked to a KDC by itself (k5_sendto traces every
 * attempt). */
static void
assert_no_hidden_kdc_traffic (void)
{
  g_autofree char *trace = NULL;

  g_assert_true (g_file_get_contents (trace_path, &trace, NULL, NULL));
  g_assert_nonnull (strstr (trace, "TERMSRV/localhost@TEST.LOCAL"));
  g_assert_null (strstr (trace, "Sending request"));
  g_assert_null (strstr (trace, "Initiating TCP connection"));
  g_assert_null (strstr (trace, "Sending initial UDP request"));
  g_assert_null (strstr (trace, "Resolving hostname"));
}

/* ---- the driver: one KDC request over TCP ---- */

static GBytes *
send_to_kdc_tcp (GBytes *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  guint8 header[4];
  gsize size = g_bytes_get_size (request), length;
  guint8 *reply;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) atoi (fixture ("PORT")), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  header[0] = size >> 24;
  header[1] = size >> 16;
  header[2] = size >> 8;
  header[3] = size;
  g_output_stream_write_all (out, header, 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, g_bytes_get_data (request, NULL), size, NULL, NULL, &error);
  g_assert_no_error (error);

  g_input_stream_read_all (in, header, 4, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 4);
  size = ((gsize) header[0] << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
  g_assert_cmpuint (size, >, 0);
  g_assert_cmpuint (size, <, 1 << 20);
  reply = g_malloc (size);
  g_input_stream_read_all (in, reply, size, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, size);
  return g_bytes_new_take (reply, size);
}

/* Runs the KDC exchanges of @krb to the end; the number of round trips, or
 * 0 with @error set when the mechanism failed. */
static guint
run_kdc_exchange (RdpKerberos  *krb,
                  GError      **error)
{
  guint rounds = 0;

  for (;;)
    {
      g_autoptr(GBytes) request = NULL, again = NULL, reply = NULL;
      g_autofree char *realm = NULL, *realm2 = NULL;
      gboolean tcp_only = TRUE;

      request = rdp_kerberos_next_kdc_request (krb, &realm, &tcp_only);
      if (request == NULL)
        {
          g_assert_null (realm);
          return rounds;
        }
      g_assert_false (rdp_kerberos_has_tickets (krb));
      g_assert_cmpstr (realm, ==, "TEST.LOCAL");
      g_assert_false (tcp_only);
      g_assert_cmpuint (g_bytes_get_size (request), >, 0);
      /* the same request until its reply comes */
      again = rdp_kerberos_next_kdc_request (krb, &realm2, NULL);
      g_assert_true (g_bytes_equal (request, again));
      g_assert_cmpstr (realm2, ==, realm);

      reply = send_to_kdc_tcp (request);
      rounds++;
      g_assert_cmpuint (rounds, <, 10);
      if (!rdp_kerberos_kdc_reply (krb, reply, error))
        {
          g_assert_null (rdp_kerberos_next_kdc_request (krb, NULL, NULL));
          return 0;
        }
    }
}

static RdpKerberos *
new_client (const char *password)
{
  g_autoptr(GBytes) secret = rdp_secret_new_from_string (password);
  g_autoptr(GError) error = NULL;
  RdpKerberos *krb = rdp_kerberos_new (fixture ("RDP_USER"), NULL, secret, "localhost", &error);

  g_assert_no_error (error);
  g_assert_nonnull (krb);
  g_assert_cmpstr (rdp_kerberos_get_realm (krb), ==, "TEST.LOCAL");
  g_assert_cmpstr (rdp_kerberos_get_service_principal (krb), ==, "TERMSRV/localhost@TEST.LOCAL");
  return krb;
}

/* ---- a GSSAPI acceptor with the TERMSRV/localhost keytab ---- */

typedef struct {
  gss_cred_id_t cred;
  gss_ctx_id_t context;
  gboolean complete;
  char *client_name;
  OM_uint32 flags;
} Acceptor;

static void
acceptor_init (Acceptor *acceptor)
{
  gss_key_value_element_desc element = { "keytab", fixture ("KEYTAB") };
  gss_key_value_set_desc store = { 1, &element };
  gss_OID_set_desc mechs = { 1, &spnego_oid };
  OM_uint32 major, minor;

  memset (acceptor, 0, sizeof *acceptor);
  major = gss_acquire_cred_from (&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_ACCEPT,
                                 &store, &acceptor->cred, NULL, NULL);
  g_assert_cmphex (major, ==, GSS_S_COMPLETE);
}

static void
acceptor_clear (Acceptor *acceptor)
{
  OM_uint32 minor;

  if (acceptor->context != GSS_C_NO_CONTEXT)
    gss_delete_sec_context (&minor, &acceptor->context, GSS_C_NO_BUFFER);
  if (acceptor->cred != GSS_C_NO_CREDENTIAL)
    gss_release_cred (&minor, &acceptor->cred);
  g_free (acceptor->client_name);
}

static GBytes *
acceptor_step (Acceptor *acceptor,
               GBytes   *token)
{
  gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER, name_buffer;
  gss_name_t source = GSS_C_NO_NAME;
  OM_uint32 major, minor;
  GBytes *result;
  gsize size;

  in.value = (void *) g_bytes_get_data (token, &size);
  in.length = size;
  major = gss_accept_sec_context (&minor, &acceptor->context, acceptor->cred, &in,
                                  GSS_C_NO_CHANNEL_BINDINGS, &source, NULL, &out,
                                  &acceptor->flags, NULL, NULL);
  if (GSS_ERROR (major))
    g_error ("gss_accept_sec_context: major 0x%x minor %u", major, minor);
  acceptor->complete = major == GSS_S_COMPLETE;
  if (acceptor->complete)
    {
      g_assert_cmphex (gss_display_name (&minor, source, &name_buffer, NULL), ==, GSS_S_COMPLETE);
      acceptor->client_name = g_strndup (name_buffer.value, name_buffer.length);
      gss_release_buffer (&minor, &name_buffer);
    }
  if (source != GSS_C_NO_NAME)
    gss_release_name (&minor, &source);
  result = g_bytes_new (out.value, out.length);
  gss_release_buffer (&minor, &out);
  return result;
}

static GBytes *
acceptor_wrap (Acceptor *acceptor,
               GBytes   *plain)
{
  gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
  OM_uint32 major, minor;
  int conf = 0;
  gsize size;
  GBytes *result;

  in.value = (void *) g_bytes_get_data (plain, &size);
  in.length = size;
  major = gss_wrap (&minor, acceptor->context, 1, GSS_C_QOP_DEFAULT, &in, &conf, &out);
  g_assert_cmphex (major, ==, GSS_S_COMPLETE);
  g_assert_true (conf);
  result = g_bytes_new (out.value, out.length);
  gss_release_buffer (&minor, &out);
  return result;
}

/* NULL when the message fails the check */
static GBytes *
acceptor_unwrap (Acceptor *acceptor,
                 GBytes   *message)
{
  gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
  OM_uint32 major, minor;
  int conf = 0;
  gsize size;
  GBytes *result;

  in.value = (void *) g_bytes_get_data (message, &size);
  in.length = size;
  major = gss_unwrap (&minor, acceptor->context, &in, &out, &conf, NULL);
  if (major != GSS_S_COMPLETE)
    return NULL;
  g_assert_true (conf);   /* sealed, not just signed */
  result = rdp_secret_new (out.value, out.length);
  rdp_secret_wipe (out.value, out.length);
  gss_release_buffer (&minor, &out);
  return result;
}

/* ---- the tests ---- */

static void
assert_kdc_issued_service_ticket (void)
{
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (fixture ("LOG"), &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "AS_REQ"));
  g_assert_nonnull (strstr (log, "TGS_REQ"));
  g_assert_nonnull (strstr (log, "rdpuser@TEST.LOCAL for TERMSRV/localhost@TEST.LOCAL"));
}

/* TGT and TERMSRV/localhost ticket through the sans-I/O steps over TCP;
 * the first token is accepted by a real acceptor, mutual authentication
 * completes, and sealing works both ways. */
static void
test_tickets_and_context (void)
{
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token1 = NULL, reply1 = NULL, token2 = NULL, plain = NULL;
  g_autoptr(GBytes) sealed = NULL, opened = NULL, from_server = NULL, opened2 = NULL;
  g_autoptr(GBytes) tampered = NULL;
  static const char client_text[] = "client-to-server: the binding hash";
  static const char server_text[] = "server-to-client: the other one";
  RdpAuthMechanism *mechanism;
  Acceptor acceptor;
  guint rounds;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client (fixture ("RDP_PASSWORD"));
  mechanism = rdp_kerberos_get_mechanism (krb);
  g_assert_true (rdp_kerberos_from_mechanism (mechanism) == krb);
  g_assert_cmpstr (mechanism->klass->name, ==, "Kerberos");

  /* no token before the tickets: the mechanism never asks a KDC itself */
  {
    g_autoptr(RdpKerberos) early = new_client (fixture ("RDP_PASSWORD"));
    g_autoptr(GBytes) none = rdp_auth_mechanism_step (rdp_kerberos_get_mechanism (early), NULL, &error);

    g_assert_null (none);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
    g_clear_error (&error);
  }

  /* AS (with the pre-authentication round) and TGS */
  rounds = run_kdc_exchange (krb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds, >=, 2);
  g_test_message ("%u KDC round trips", rounds);
  g_assert_true (rdp_kerberos_has_tickets (krb));
  assert_kdc_issued_service_ticket ();

  /* the configured KDC entries, for a driver (the test's unreachable one) */
  {
    g_auto(GStrv) kdcs = rdp_kerberos_get_kdcs (krb, NULL);
    g_auto(GStrv) none = rdp_kerberos_get_kdcs (krb, "OTHER.REALM");

    g_assert_cmpuint (g_strv_length (kdcs), ==, 1);
    g_assert_cmpstr (kdcs[0], ==, "127.0.0.1:1");
    g_assert_cmpuint (g_strv_length (none), ==, 0);
  }

  /* NegTokenInit with the AP-REQ → accepted by the real acceptor */
  token1 = rdp_auth_mechanism_step (mechanism, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (token1), >, 100);
  g_assert_cmphex (((const guint8 *) g_bytes_get_data (token1, NULL))[0], ==, 0x60); /* [APPLICATION 0] */
  g_assert_false (rdp_auth_mechanism_is_complete (mechanism));
  acceptor_init (&acceptor);
  reply1 = acceptor_step (&acceptor, token1);
  g_assert_true (acceptor.complete);
  g_assert_cmpstr (acceptor.client_name, ==, "rdpuser@TEST.LOCAL");
  g_assert_true (acceptor.flags & GSS_C_MUTUAL_FLAG);
  g_assert_true (acceptor.flags & GSS_C_CONF_FLAG);
  g_assert_false (acceptor.flags & GSS_C_DELEG_FLAG);
  g_assert_cmpuint (g_bytes_get_size (reply1), >, 0);   /* the AP-REP */

  /* the AP-REP: mutual authentication completes */
  token2 = rdp_auth_mechanism_step (mechanism, reply1, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_auth_mechanism_is_complete (mechanism));

  /* sealing, both ways */
  plain = g_bytes_new_static (client_text, sizeof client_text);
  sealed = rdp_auth_mechanism_wrap (mechanism, plain, &error);
  g_assert_no_error (error);
  g_assert_null (memmem (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                         client_text, 10));
  opened = acceptor_unwrap (&acceptor, sealed);
  g_assert_nonnull (opened);
  g_assert_true (g_bytes_equal (opened, plain));

  {
    g_autoptr(GBytes) server_plain = g_bytes_new_static (server_text, sizeof server_text);

    from_server = acceptor_wrap (&acceptor, server_plain);
    opened2 = rdp_auth_mechanism_unwrap (mechanism, from_server, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (opened2, server_plain));
  }

  /* a flipped bit fails the check */
  {
    g_autoptr(GBytes) server_plain = g_bytes_new_static (server_text, sizeof server_text);
    g_autoptr(GBytes) good = acceptor_wrap (&acceptor, server_plain);
    gsize size = g_bytes_get_size (good);
    guint8 *copy = g_memdup2 (g_bytes_get_data (good, NULL), size);
    g_autoptr(GBytes) result = NULL;

    copy[size - 20] ^= 0x01;
    tampered = g_bytes_new_take (copy, size);
    result = rdp_auth_mechanism_unwrap (mechanism, tampered, &error);
    g_assert_null (result);
    g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }

  acceptor_clear (&acceptor);
  assert_no_hidden_kdc_traffic ();
}

/* [MS-CSSP] 3.1.5: SHA-256 (magic with its NUL ‖ nonce ‖ public key) */
static GBytes *
binding_hash (const char *magic,
              GBytes     *nonce,
              GBytes     *public_key)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = sizeof digest;

  g_checksum_update (checksum, (const guint8 *) magic, strlen (magic) + 1);
  g_checksum_update (checksum, g_bytes_get_data (nonce, NULL), g_bytes_get_size (nonce));
  g_checksum_update (checksum, g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key));
  g_checksum_get_digest (checksum, digest, &size);
  return g_bytes_new (digest, sizeof digest);
}

static GBytes *
utf16 (const char *text)
{
  g_autoptr(GBytes) utf8 = rdp_secret_new_from_string (text);
  GBytes *result = rdp_secret_to_utf16le (utf8, NULL);

  g_assert_nonnull (result);
  return result;
}

static GBytes *
encode_request (RdpTsRequest *request)
{
  g_autoptr(GError) error = NULL;
  GBytes *out;

  request->version = 6;
  out = rdp_ts_request_encode (request, &error);
  g_assert_no_error (error);
  return out;
}

static void
decode_request (GBytes       *message,
                RdpTsRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  g_assert_true (rdp_ts_request_decode (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                        request, &error));
  g_assert_no_error (error);
}

/* The whole CredSSP exchange: RdpCredssp over the Kerberos mechanism
 * against a CredSSP server made here of GSSAPI and the TSRequest codec. */
static void
test_credssp (void)
{
  /* some RSAPublicKey-like bytes: only the hash over them matters */
  static const guint8 key_bytes[] = { 0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3, 0x5a,
                                      0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x02, 0x03, 0x01, 0x00, 0x01 };
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(RdpCredssp) credssp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = g_bytes_new_static (key_bytes, sizeof key_bytes);
  g_autoptr(GBytes) password = NULL;
  g_autoptr(GBytes) msg1 = NULL, msg2 = NULL, msg3 = NULL, answer1 = NULL, answer2 = NULL;
  g_autoptr(GBytes) server_token = NULL, client_hash = NULL, expected = NULL, server_hash = NULL;
  g_autoptr(GBytes) server_pub_key_auth = NULL, credentials = NULL, inner = NULL;
  g_autoptr(GBytes) domain = NULL, user = NULL, received_password = NULL;
  g_autoptr(GBytes) want_domain = NULL, want_user = NULL, want_password = NULL;
  g_auto(RdpTsRequest) request1 = { 0 };
  g_auto(RdpTsRequest) request2 = { 0 };
  g_auto(RdpTsRequest) request3 = { 0 };
  RdpTsRequest reply = { 0 };
  Acceptor acceptor;
  guint32 cred_type = 0;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client (fixture ("RDP_PASSWORD"));
  g_assert_cmpuint (run_kdc_exchange (krb, &error), >=, 2);
  g_assert_no_error (error);

  password = rdp_secret_new_from_string (fixture ("RDP_PASSWORD"));
  {
    RdpKerberos *borrowed = krb;

    /* the CredSSP object owns the mechanism from now on */
    credssp = rdp_credssp_new (rdp_kerberos_get_mechanism (g_steal_pointer (&krb)), "TEST.LOCAL", "rdpuser",
                               password, public_key);
    g_assert_true (rdp_kerberos_from_mechanism (rdp_credssp_get_mechanism (credssp)) == borrowed);
  }
  acceptor_init (&acceptor);

  /* 1. C→S { negoTokens: NegTokenInit (AP-REQ) } */
  msg1 = rdp_credssp_step (credssp, NULL, &error);
  g_assert_no_error (error);
  decode_request (msg1, &request1);
  g_assert_nonnull (request1.nego_token);
  g_assert_null (request1.pub_key_auth);
  g_assert_null (request1.auth_info);
  server_token = acceptor_step (&acceptor, request1.nego_token);
  g_assert_true (acceptor.complete);
  g_assert_cmpstr (acceptor.client_name, ==, "rdpuser@TEST.LOCAL");
  reply.nego_token = server_token;
  answer1 = encode_request (&reply);
  memset (&reply, 0, sizeof reply);

  /* 2. C→S { pubKeyAuth, clientNonce } once the AP-REP is checked */
  msg2 = rdp_credssp_step (credssp, answer1, &error);
  g_assert_no_error (error);
  g_assert_false (rdp_credssp_is_done (credssp));
  decode_request (msg2, &request2);
  g_assert_null (request2.nego_token);
  g_assert_nonnull (request2.pub_key_auth);
  g_assert_nonnull (request2.client_nonce);
  g_assert_cmpuint (g_bytes_get_size (request2.client_nonce), ==, 32);
  client_hash = acceptor_unwrap (&acceptor, request2.pub_key_auth);
  g_assert_nonnull (client_hash);
  expected = binding_hash ("CredSSP Client-To-Server Binding Hash", request2.client_nonce, public_key);
  g_assert_true (g_bytes_equal (client_hash, expected));
  server_hash = binding_hash ("CredSSP Server-To-Client Binding Hash", request2.client_nonce, public_key);
  server_pub_key_auth = acceptor_wrap (&acceptor, server_hash);
  reply.pub_key_auth = server_pub_key_auth;
  answer2 = encode_request (&reply);

  /* 3. C→S { authInfo: sealed TSCredentials } */
  msg3 = rdp_credssp_step (credssp, answer2, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_credssp_is_done (credssp));
  decode_request (msg3, &request3);
  g_assert_nonnull (request3.auth_info);
  credentials = acceptor_unwrap (&acceptor, request3.auth_info);
  g_assert_nonnull (credentials);
  g_assert_true (rdp_ts_credentials_decode (g_bytes_get_data (credentials, NULL), g_bytes_get_size (credentials),
                                            &cred_type, &inner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cred_type, ==, RDP_TS_CREDENTIALS_PASSWORD);
  g_assert_true (rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                               &domain, &user, &received_password, &error));
  g_assert_no_error (error);
  want_domain = utf16 ("TEST.LOCAL");
  want_user = utf16 ("rdpuser");
  want_password = utf16 (fixture ("RDP_PASSWORD"));
  g_assert_true (g_bytes_equal (domain, want_domain));
  g_assert_true (g_bytes_equal (user, want_user));
  g_assert_true (g_bytes_equal (received_password, want_password));

  acceptor_clear (&acceptor);
  assert_no_hidden_kdc_traffic ();
}

/* A server that cannot unseal (it does not hold the service key: another
 * context's pubKeyAuth) is a key mismatch, and no credentials are sent. */
static void
test_credssp_wrong_server (void)
{
  static const guint8 key_bytes[] = { 0x30, 0x0d, 0x02, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x01, 0x03 };
  g_autoptr(RdpKerberos) krb = NULL, other = NULL;
  g_autoptr(RdpCredssp) credssp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = g_bytes_new_static (key_bytes, sizeof key_bytes);
  g_autoptr(GBytes) password = NULL, msg1 = NULL, msg2 = NULL, msg3 = NULL, answer1 = NULL, answer2 = NULL;
  g_autoptr(GBytes) server_token = NULL, other_token = NULL, other_reply = NULL, other_token2 = NULL;
  g_autoptr(GBytes) client_hash = NULL, forged = NULL;
  g_auto(RdpTsRequest) request1 = { 0 };
  g_auto(RdpTsRequest) request2 = { 0 };
  RdpTsRequest reply = { 0 };
  Acceptor acceptor, other_acceptor;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client (fixture ("RDP_PASSWORD"));
  g_assert_cmpuint (run_kdc_exchange (krb, &error), >=, 2);
  g_assert_no_error (error);
  /* a second, unrelated context: its seal is not the one the client
   * shares with the server */
  other = new_client (fixture ("RDP_PASSWORD"));
  g_assert_cmpuint (run_kdc_exchange (other, &error), >=, 2);
  g_assert_no_error (error);
  acceptor_init (&other_acceptor);
  other_token = rdp_auth_mechanism_step (rdp_kerberos_get_mechanism (other), NULL, &error);
  g_assert_no_error (error);
  other_reply = acceptor_step (&other_acceptor, other_token);
  other_token2 = rdp_auth_mechanism_step (rdp_kerberos_get_mechanism (other), other_reply, &error);
  g_assert_no_error (error);

  password = rdp_secret_new_from_string (fixture ("RDP_PASSWORD"));
  credssp = rdp_credssp_new (rdp_kerberos_get_mechanism (g_steal_pointer (&krb)), "TEST.LOCAL", "rdpuser",
                             password, public_key);
  acceptor_init (&acceptor);
  msg1 = rdp_credssp_step (credssp, NULL, &error);
  g_assert_no_error (error);
  decode_request (msg1, &request1);
  server_token = acceptor_step (&acceptor, request1.nego_token);
  reply.nego_token = server_token;
  answer1 = encode_request (&reply);
  memset (&reply, 0, sizeof reply);
  msg2 = rdp_credssp_step (credssp, answer1, &error);
  g_assert_no_error (error);
  decode_request (msg2, &request2);
  client_hash = acceptor_unwrap (&acceptor, request2.pub_key_auth);
  g_assert_nonnull (client_hash);
  /* the right hash, sealed in the wrong context */
  {
    g_autoptr(GBytes) hash = binding_hash ("CredSSP Server-To-Client Binding Hash", request2.client_nonce, public_key);

    forged = acceptor_wrap (&other_acceptor, hash);
  }
  reply.pub_key_auth = forged;
  answer2 = encode_request (&reply);
  msg3 = rdp_credssp_step (credssp, answer2, &error);
  g_assert_null (msg3);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_SERVER_KEY_MISMATCH);
  g_assert_false (rdp_credssp_is_done (credssp));

  acceptor_clear (&acceptor);
  acceptor_clear (&other_acceptor);
}

static void
test_wrong_password (void)
{
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client ("not the password");
  g_assert_cmpuint (run_kdc_exchange (krb, &error), ==, 0);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "KDC_ERR_PREAUTH_FAILED") != NULL ||
                 strstr (error->message, "KRB_AP_ERR_BAD_INTEGRITY") != NULL);
  g_assert_nonnull (strstr (error->message, "rdpuser@TEST.LOCAL"));
  g_clear_error (&error);
  g_assert_false (rdp_kerberos_has_tickets (krb));

  /* everything after fails */
  token = rdp_auth_mechanism_step (rdp_kerberos_get_mechanism (krb), NULL, &error);
  g_assert_null (token);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("x", 1);

    g_assert_false (rdp_kerberos_kdc_reply (krb, junk, &error));
    g_assert_error (error, RDP_ERROR, RDP_ERROR_FAILED);
  }
}

/* An unknown user: RDP_ERROR_AUTHENTICATION_FAILED naming it. */
static void
test_unknown_user (void)
{
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  secret = rdp_secret_new_from_string ("whatever");
  krb = rdp_kerberos_new ("nosuchuser", "TEST.LOCAL", secret, "localhost", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run_kdc_exchange (krb, &error), ==, 0);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_nonnull (strstr (error->message, "KDC_ERR_C_PRINCIPAL_UNKNOWN"));
}

/* A UPN goes as an enterprise name; the KDC canonicalizes it. */
static void
test_upn (void)
{
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;
  guint rounds;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  secret = rdp_secret_new_from_string (fixture ("RDP_PASSWORD"));
  krb = rdp_kerberos_new (fixture ("RDP_UPN"), "TEST.LOCAL", secret, "localhost", &error);
  g_assert_no_error (error);
  rounds = run_kdc_exchange (krb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds, >=, 2);
  g_assert_true (rdp_kerberos_has_tickets (krb));
  token = rdp_auth_mechanism_step (rdp_kerberos_get_mechanism (krb), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (token), >, 100);
}

/* A KDC reply that is no Kerberos message. */
/* The server's SPNEGO answer picks NTLM (a NegTokenResp with NTLM's OID
 * as supportedMech and an NTLM CHALLENGE): the client offered only
 * Kerberos, so it stops with RDP_ERROR_NOT_SUPPORTED naming NTLM, not an
 * obscure GSSAPI failure. */
static void
test_spnego_selects_ntlm (void)
{
  static const guint8 resp[] = {
    0xa1, 0x25, 0x30, 0x23,
    0xa0, 0x03, 0x0a, 0x01, 0x01,                          /* accept-incomplete */
    0xa1, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01,  /* 1.3.6.1.4.1.311.2.2.10 */
    0x82, 0x37, 0x02, 0x02, 0x0a,
    0xa2, 0x0e, 0x04, 0x0c, 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0x00, 0x02, 0x00, 0x00, 0x00,
  };
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL, answer = g_bytes_new_static (resp, sizeof resp), next = NULL;
  RdpAuthMechanism *mechanism;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client (fixture ("RDP_PASSWORD"));
  g_assert_cmpuint (run_kdc_exchange (krb, &error), >=, 2);
  g_assert_no_error (error);
  mechanism = rdp_kerberos_get_mechanism (krb);
  token = rdp_auth_mechanism_step (mechanism, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  next = rdp_auth_mechanism_step (mechanism, answer, &error);
  g_assert_null (next);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "NTLM"));
  g_assert_false (rdp_auth_mechanism_is_complete (mechanism));
}

static void
test_garbage_reply (void)
{
  g_autoptr(RdpKerberos) krb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x05", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) secret = NULL;

  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  child_setup ();

  krb = new_client (fixture ("RDP_PASSWORD"));
  g_assert_false (rdp_kerberos_kdc_reply (krb, junk, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == RDP_ERROR);
  g_test_message ("%s", error->message);
  g_assert_null (rdp_kerberos_next_kdc_request (krb, NULL, NULL));
  g_clear_error (&error);

  g_clear_pointer (&krb, rdp_kerberos_free);
  secret = rdp_secret_new_from_string ("x");
  krb = rdp_kerberos_new ("rdpuser", "TEST.LOCAL", secret, "localhost", &error);
  g_assert_no_error (error);
  g_assert_false (rdp_kerberos_kdc_reply (krb, empty, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

#if RDP_HAS_SOUP_NETWORK_CLIENT
/* ---- the drivers: Kerberos through a KDC proxy, end to end ---- */

/* A CredSSP server on the other end of a socket pair, in a thread of its
 * own (the client side needs none): it answers the X.224 Connection
 * Request selecting HYBRID, accepts the CredSSP exchange with GSSAPI and
 * the TERMSRV/localhost keytab, checks the binding hash and the
 * credentials, and closes. */
typedef struct {
  GIOStream *stream;
  GBytes *public_key;
  char *password;
  gboolean refuse;              /* the KDC refuses: nothing to accept */
  gboolean credentials_ok;      /* what the server saw */
  char *client_name;
} KrbServer;

static gpointer
krb_server_thread (gpointer user_data)
{
  KrbServer *server = user_data;
  g_autoptr(RdpFramed) framed = rdp_framed_new (server->stream);
  g_autoptr(GBytes) request = NULL, confirm = NULL, msg = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 hybrid_confirm[] = { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x00, 0x00,
                                           0x00, 0x02, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00 };
  g_auto(RdpTsRequest) request1 = { 0 };
  g_auto(RdpTsRequest) request2 = { 0 };
  g_auto(RdpTsRequest) request3 = { 0 };
  RdpTsRequest reply = { 0 };
  g_autoptr(GBytes) token = NULL, answer = NULL, client_hash = NULL, expected = NULL;
  g_autoptr(GBytes) server_hash = NULL, wrapped = NULL, credentials = NULL, inner = NULL;
  g_autoptr(GBytes) domain = NULL, user = NULL, password = NULL, want = NULL;
  guint32 cred_type = 0;
  Acceptor acceptor;

  request = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  confirm = g_bytes_new_static (hybrid_confirm, sizeof hybrid_confirm);
  g_assert_true (rdp_framed_write_all (framed, confirm, NULL, &error));

  /* NegTokenInit with the AP-REQ: none if the KDC refused the client */
  msg = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
  if (server->refuse)
    {
      g_assert_null (msg);
      g_io_stream_close (server->stream, NULL, NULL);
      return NULL;
    }
  g_assert_no_error (error);
  acceptor_init (&acceptor);
  decode_request (msg, &request1);
  token = acceptor_step (&acceptor, request1.nego_token);
  g_assert_true (acceptor.complete);
  server->client_name = g_strdup (acceptor.client_name);
  reply.nego_token = token;
  answer = encode_request (&reply);
  g_assert_true (rdp_framed_write_all (framed, answer, NULL, &error));
  g_clear_pointer (&answer, g_bytes_unref);
  g_clear_pointer (&msg, g_bytes_unref);

  /* pubKeyAuth: the client's binding hash, answered with the server's */
  msg = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
  g_assert_no_error (error);
  decode_request (msg, &request2);
  client_hash = acceptor_unwrap (&acceptor, request2.pub_key_auth);
  expected = binding_hash ("CredSSP Client-To-Server Binding Hash", request2.client_nonce, server->public_key);
  g_assert_true (g_bytes_equal (client_hash, expected));
  server_hash = binding_hash ("CredSSP Server-To-Client Binding Hash", request2.client_nonce, server->public_key);
  wrapped = acceptor_wrap (&acceptor, server_hash);
  memset (&reply, 0, sizeof reply);
  reply.pub_key_auth = wrapped;
  answer = encode_request (&reply);
  g_assert_true (rdp_framed_write_all (framed, answer, NULL, &error));
  g_clear_pointer (&msg, g_bytes_unref);

  /* authInfo: the credentials */
  msg = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
  g_assert_no_error (error);
  decode_request (msg, &request3);
  credentials = acceptor_unwrap (&acceptor, request3.auth_info);
  g_assert_true (rdp_ts_credentials_decode (g_bytes_get_data (credentials, NULL), g_bytes_get_size (credentials),
                                            &cred_type, &inner, &error));
  g_assert_true (rdp_ts_password_creds_decode (g_bytes_get_data (inner, NULL), g_bytes_get_size (inner),
                                               &domain, &user, &password, &error));
  want = utf16 (server->password);
  server->credentials_ok = g_bytes_equal (password, want);
  acceptor_clear (&acceptor);

  /* the client goes on with the MCS Connect Initial; this server takes it
   * and ends */
  g_clear_pointer (&msg, g_bytes_unref);
  msg = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (server->stream, NULL, NULL);
  return NULL;
}

/* A network client whose KDC never answers: each request completes only
 * when it is cancelled. */
#define TEST_TYPE_SILENT_CLIENT (test_silent_client_get_type ())
G_DECLARE_FINAL_TYPE (TestSilentClient, test_silent_client, TEST, SILENT_CLIENT, GObject)

struct _TestSilentClient {
  GObject parent_instance;
  guint requests;
};

static void test_silent_client_iface_init (RdpNetworkClientInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSilentClient, test_silent_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RDP_TYPE_NETWORK_CLIENT, test_silent_client_iface_init))

static void
test_silent_client_init (TestSilentClient *self)
{
}

static void
test_silent_client_class_init (TestSilentClientClass *klass)
{
}

static void
silent_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;

  g_task_return_error_if_cancelled (task);
}

static void
silent_send_async (RdpNetworkClient    *client,
                   RdpNetworkRequest   *request,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_assert_nonnull (cancellable);
  TEST_SILENT_CLIENT (client)->requests++;
  /* the task (and its reference) lives until the cancellation */
  g_cancellable_connect (cancellable, G_CALLBACK (silent_cancelled_cb), task, g_object_unref);
}

static GBytes *
silent_send_finish (RdpNetworkClient  *client,
                    GAsyncResult      *result,
                    GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_silent_client_iface_init (RdpNetworkClientInterface *iface)
{
  iface->send_async = silent_send_async;
  iface->send_finish = silent_send_finish;
}

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} KrbWait;

static void
krb_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  KrbWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
krb_wait (KrbWait *wait)
{
  g_clear_object (&wait->result);
  while (wait->result == NULL)
    g_main_loop_run (wait->loop);
  return wait->result;
}

/* The settings' KDC proxy URL makes NLA use Kerberos; rdp_connect_finalize
 * sends every KDC request through the network client (here libsoup,
 * trusting the proxy's certificate), on this thread's main context, then
 * runs CredSSP with the tickets. The krb5 configuration names an
 * unreachable KDC: only the proxy can have answered. */
typedef enum {
  DRIVE_RIGHT_PASSWORD,
  DRIVE_WRONG_PASSWORD,
  DRIVE_CANCEL_IN_KDC,     /* the KDC is silent; the connection is cancelled */
} DriveCase;

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_driver_kdc_proxy (const char *password,
                      DriveCase   drive_case)
{
  gboolean wrong = drive_case != DRIVE_RIGHT_PASSWORD;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const guint8 key_bytes[] = { 0x30, 0x0d, 0x02, 0x06, 0x00, 0xc1, 0x02, 0x03, 0x04, 0x05,
                                      0x02, 0x03, 0x01, 0x00, 0x01 };
  g_autofree char *conf = g_build_filename (fixture ("DIR"), "krb5-driver.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("[libdefaults]\n default_realm = TEST.LOCAL\n"
                                                " dns_lookup_kdc = false\n dns_lookup_realm = false\n"
                                                "[realms]\n TEST.LOCAL = {\n  kdc = 127.0.0.1:1\n }\n");
  g_autoptr(GBytes) public_key = g_bytes_new_static (key_bytes, sizeof key_bytes);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(RdpNetworkClient) network = NULL;
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpConnector) connector = NULL;
  g_autoptr(GSocketConnection) client_connection = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  KrbWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  KrbServer server = { 0 };
  GSocket *sockets[2];
  int fds[2];
  gint64 start;

  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  g_setenv ("KRB5_CONFIG", conf, TRUE);
  g_setenv ("KRB5_KTNAME", fixture ("KEYTAB"), TRUE);
  g_setenv ("KRB5CCNAME", "MEMORY:rdp-gio-test-no-default-cache", TRUE);

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      sockets[i] = g_socket_new_from_fd (fds[i], &error);
      g_assert_no_error (error);
    }
  server.stream = G_IO_STREAM (g_socket_connection_factory_create_connection (sockets[1]));
  server.public_key = public_key;
  server.password = (char *) password;
  server.refuse = wrong;
  thread = g_thread_new ("credssp-server", krb_server_thread, &server);

  database = g_tls_file_database_new (fixture ("CERT"), &error);
  g_assert_no_error (error);
  session = rdp_soup_network_client_create_session ();
  soup_session_set_tls_database (session, database);
  if (drive_case == DRIVE_CANCEL_IN_KDC)
    network = g_object_new (TEST_TYPE_SILENT_CLIENT, NULL);
  else
    network = rdp_soup_network_client_new (session);

  rdp_settings_set_username (settings, "rdpuser");
  rdp_settings_set_domain (settings, "TEST.LOCAL");
  rdp_settings_set_password (settings, password);
  rdp_settings_set_kdc_proxy_url (settings, fixture ("PROXY_URL"));
  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_HYBRID);
  connector = rdp_connector_new (settings);
  rdp_connector_set_server_name (connector, "localhost");
  client_connection = g_socket_connection_factory_create_connection (sockets[0]);
  framed = rdp_framed_new (G_IO_STREAM (client_connection));

  rdp_connect_begin_async (framed, connector, NULL, krb_done_cb, &wait);
  g_assert_true (rdp_connect_begin_finish (krb_wait (&wait), &error));
  g_assert_no_error (error);
  g_assert_true (rdp_connector_should_upgrade_security (connector));
  rdp_connector_mark_as_upgraded (connector);   /* a socket pair: no TLS here */

  start = g_get_monotonic_time ();
  if (drive_case == DRIVE_CANCEL_IN_KDC)
    g_timeout_add (200, cancel_cb, cancellable);
  rdp_connect_finalize_full_async (framed, connector, public_key, network, cancellable, krb_done_cb, &wait);
  result = rdp_connect_finalize_finish (krb_wait (&wait), &error);
  g_assert_null (result);
  if (drive_case == DRIVE_CANCEL_IN_KDC)
    {
      /* completed at once when cancelled, in the middle of the AS exchange */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (TEST_SILENT_CLIENT (network)->requests, ==, 1);
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    }
  else if (wrong)
    {
      g_assert_error (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
      g_assert_true (strstr (error->message, "PREAUTH") != NULL || strstr (error->message, "preauth") != NULL ||
                     strstr (error->message, "INTEGRITY") != NULL);
    }
  else
    {
      /* CredSSP completed: the connector went on to the basic settings
       * exchange, where this server closed the connection */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
      g_assert_nonnull (strstr (error->message, "basic"));
    }
  g_printerr ("# [client] Kerberos through the KDC proxy: %s (%.0f ms)\n", error->message,
              (g_get_monotonic_time () - start) / 1000.0);
  g_io_stream_close (G_IO_STREAM (client_connection), NULL, NULL);
  g_thread_join (g_steal_pointer (&thread));
  if (!wrong)
    {
      g_assert_true (server.credentials_ok);
      g_assert_cmpstr (server.client_name, ==, "rdpuser@TEST.LOCAL");
    }
  g_free (server.client_name);
  g_object_unref (server.stream);
  g_object_unref (sockets[0]);
  g_object_unref (sockets[1]);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
}

static void
test_driver_kdc_proxy (void)
{
  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc-proxy", "start-kdc.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  run_driver_kdc_proxy (fixture ("RDP_PASSWORD"), DRIVE_RIGHT_PASSWORD);
  run_driver_kdc_proxy ("not the password", DRIVE_WRONG_PASSWORD);
  run_driver_kdc_proxy (fixture ("RDP_PASSWORD"), DRIVE_CANCEL_IN_KDC);
}
/* ---- KDC discovery through DNS SRV ---- */

/* A resolver set as GIO's default: it answers the SRV lookup of
 * _kerberos._tcp.<srv_realm> (or _udp, per srv_protocol) with
 * kdc.srv.test:<port>, resolves kdc.srv.test to 127.0.0.1, and knows no
 * other name; with silent set, a service lookup answers only when it is
 * cancelled. Every service name asked for is recorded. */
#define TEST_TYPE_SRV_RESOLVER (test_srv_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestSrvResolver, test_srv_resolver, TEST, SRV_RESOLVER, GResolver)

struct _TestSrvResolver {
  GResolver parent_instance;
  char *srv_realm;          /* NULL: no SRV record at all */
  const char *srv_protocol; /* "tcp" or "udp" */
  guint16 port;
  gboolean silent;
  GPtrArray *services;      /* rrnames asked for */
  guint names;              /* kdc.srv.test lookups */
};

G_DEFINE_FINAL_TYPE (TestSrvResolver, test_srv_resolver, G_TYPE_RESOLVER)

static void
test_srv_resolver_init (TestSrvResolver *self)
{
  self->services = g_ptr_array_new_with_free_func (g_free);
  self->srv_protocol = "tcp";
}

static void
test_srv_resolver_finalize (GObject *object)
{
  TestSrvResolver *self = TEST_SRV_RESOLVER (object);

  g_free (self->srv_realm);
  g_ptr_array_unref (self->services);
  G_OBJECT_CLASS (test_srv_resolver_parent_class)->finalize (object);
}

static GList *
srv_resolver_names (GResolver                 *resolver,
                    const char                *hostname,
                    GResolverNameLookupFlags   flags,
                    GError                   **error)
{
  TestSrvResolver *self = TEST_SRV_RESOLVER (resolver);

  if (g_ascii_strcasecmp (hostname, "kdc.srv.test") == 0 && (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) == 0)
    {
      self->names++;
      return g_list_append (NULL, g_inet_address_new_from_string ("127.0.0.1"));
    }
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no address for %s", hostname);
  return NULL;
}

static GList *
srv_resolver_services (TestSrvResolver  *self,
                       const char       *rrname,
                       GError          **error)
{
  g_autofree char *want = NULL;

  g_ptr_array_add (self->services, g_strdup (rrname));
  if (self->srv_realm != NULL)
    want = g_strdup_printf ("_kerberos._%s.%s", self->srv_protocol, self->srv_realm);
  if (want != NULL && g_ascii_strcasecmp (rrname, want) == 0)
    /* a worse one first: the resolver's order (priority 0 wins) */
    return g_srv_target_list_sort (g_list_append (g_list_append (NULL, g_srv_target_new ("nowhere.srv.test", 1, 5, 0)),
                                                  g_srv_target_new ("kdc.srv.test", self->port, 0, 0)));
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no SRV record %s", rrname);
  return NULL;
}

static GList *
srv_resolver_lookup_by_name (GResolver     *resolver,
                             const char    *hostname,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return srv_resolver_names (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, error);
}

static GList *
srv_resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                        const char                *hostname,
                                        GResolverNameLookupFlags   flags,
                                        GCancellable              *cancellable,
                                        GError                   **error)
{
  return srv_resolver_names (resolver, hostname, flags, error);
}

static void
srv_resolver_lookup_by_name_with_flags_async (GResolver                 *resolver,
                                              const char                *hostname,
                                              GResolverNameLookupFlags   flags,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = srv_resolver_names (resolver, hostname, flags, &error);

  if (addresses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
srv_resolver_lookup_by_name_async (GResolver           *resolver,
                                   const char          *hostname,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  srv_resolver_lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                cancellable, callback, user_data);
}

static GList *
srv_resolver_list_finish (GResolver     *resolver,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
srv_resolver_lookup_service (GResolver     *resolver,
                             const char    *rrname,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return srv_resolver_services (TEST_SRV_RESOLVER (resolver), rrname, error);
}

static void
srv_resolver_cancelled_cb (GCancellable *cancellable,
                           gpointer      user_data)
{
  g_task_return_error_if_cancelled (user_data);
}

static void
srv_resolver_lookup_service_async (GResolver           *resolver,
                                   const char          *rrname,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  TestSrvResolver *self = TEST_SRV_RESOLVER (resolver);
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *targets;

  if (self->silent)
    {
      g_assert_nonnull (cancellable);
      g_ptr_array_add (self->services, g_strdup (rrname));
      g_cancellable_connect (cancellable, G_CALLBACK (srv_resolver_cancelled_cb), task, g_object_unref);
      return;
    }
  targets = srv_resolver_services (self, rrname, &error);
  if (targets == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, targets, (GDestroyNotify) g_resolver_free_targets);
  g_object_unref (task);
}

static void
test_srv_resolver_class_init (TestSrvResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_srv_resolver_finalize;
  resolver_class->lookup_by_name = srv_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = srv_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = srv_resolver_list_finish;
  resolver_class->lookup_by_name_with_flags = srv_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = srv_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = srv_resolver_list_finish;
  resolver_class->lookup_service = srv_resolver_lookup_service;
  resolver_class->lookup_service_async = srv_resolver_lookup_service_async;
  resolver_class->lookup_service_finish = srv_resolver_list_finish;
}

/* A server that takes the X.224 request, confirms HYBRID, reads the first
 * TSRequest and records which mechanism its token belongs to. */
typedef struct {
  GIOStream *stream;
  gboolean ntlm;                /* an NTLM NEGOTIATE_MESSAGE came */
  gboolean spnego;              /* a SPNEGO NegTokenInit came */
} MechServer;

static gpointer
mech_server_thread (gpointer user_data)
{
  MechServer *server = user_data;
  g_autoptr(RdpFramed) framed = rdp_framed_new (server->stream);
  g_autoptr(GBytes) request = NULL, confirm = NULL, msg = NULL;
  g_autoptr(GError) error = NULL;
  static const guint8 hybrid_confirm[] = { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x00, 0x00,
                                           0x00, 0x02, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00 };
  g_auto(RdpTsRequest) request1 = { 0 };
  const guint8 *token;
  gsize size;

  request = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  confirm = g_bytes_new_static (hybrid_confirm, sizeof hybrid_confirm);
  g_assert_true (rdp_framed_write_all (framed, confirm, NULL, &error));
  msg = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
  if (msg != NULL)
    {
      decode_request (msg, &request1);
      token = g_bytes_get_data (request1.nego_token, &size);
      server->ntlm = size >= 8 && memcmp (token, "NTLMSSP\0", 8) == 0;
      server->spnego = size > 0 && token[0] == 0x60;   /* [APPLICATION 0] InitialContextToken */
    }
  g_io_stream_close (server->stream, NULL, NULL);
  return NULL;
}

typedef enum {
  SRV_KERBEROS,        /* _kerberos._tcp.TEST.LOCAL names the test KDC */
  SRV_KERBEROS_UDP,    /* only _kerberos._udp.TEST.LOCAL does */
  SRV_NONE,            /* no record for the realm: NTLM (blocking driver) */
  SRV_CANCEL,          /* DNS does not answer; the connection is cancelled */
} SrvCase;

/* rdp_connect_finalize with neither a KDC proxy URL nor a KDC of the realm
 * in the krb5 configuration: the driver asks DNS (the default GResolver,
 * here the test's) and uses the KDC it names, or NTLM without one. */
static void
run_driver_srv (SrvCase srv_case)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const guint8 key_bytes[] = { 0x30, 0x0d, 0x02, 0x06, 0x00, 0xc1, 0x02, 0x03, 0x04, 0x05,
                                      0x02, 0x03, 0x01, 0x00, 0x01 };
  g_autofree char *conf = g_build_filename (fixture ("DIR"), "krb5-srv.conf", NULL);
  static const char conf_text[] = "[libdefaults]\n default_realm = OTHER.REALM\n"
                                  " dns_lookup_kdc = false\n dns_lookup_realm = false\n"
                                  "[realms]\n OTHER.REALM = {\n  kdc = 127.0.0.1:1\n }\n";
  const char *realm = srv_case == SRV_NONE ? "NOSRV.TEST" : "TEST.LOCAL";
  g_autoptr(GBytes) public_key = g_bytes_new_static (key_bytes, sizeof key_bytes);
  g_autoptr(TestSrvResolver) resolver = g_object_new (TEST_TYPE_SRV_RESOLVER, NULL);
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpConnector) connector = NULL;
  g_autoptr(GSocketConnection) client_connection = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  KrbWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  KrbServer server = { 0 };
  MechServer mech = { 0 };
  GSocket *sockets[2];
  int fds[2];
  gint64 start;

  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  g_setenv ("KRB5_CONFIG", conf, TRUE);
  g_setenv ("KRB5_KTNAME", fixture ("KEYTAB"), TRUE);
  g_setenv ("KRB5CCNAME", "MEMORY:rdp-gio-test-no-default-cache", TRUE);

  resolver->srv_realm = g_strdup ("TEST.LOCAL");
  resolver->srv_protocol = srv_case == SRV_KERBEROS_UDP ? "udp" : "tcp";
  resolver->port = (guint16) atoi (fixture ("PORT"));
  resolver->silent = srv_case == SRV_CANCEL;
  g_resolver_set_default (G_RESOLVER (resolver));

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      sockets[i] = g_socket_new_from_fd (fds[i], &error);
      g_assert_no_error (error);
    }
  if (srv_case == SRV_KERBEROS || srv_case == SRV_KERBEROS_UDP)
    {
      server.stream = G_IO_STREAM (g_socket_connection_factory_create_connection (sockets[1]));
      server.public_key = public_key;
      server.password = (char *) fixture ("RDP_PASSWORD");
      thread = g_thread_new ("credssp-server", krb_server_thread, &server);
    }
  else
    {
      mech.stream = G_IO_STREAM (g_socket_connection_factory_create_connection (sockets[1]));
      thread = g_thread_new ("mech-server", mech_server_thread, &mech);
    }

  rdp_settings_set_username (settings, "rdpuser");
  rdp_settings_set_domain (settings, realm);
  rdp_settings_set_password (settings, fixture ("RDP_PASSWORD"));
  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_HYBRID);
  connector = rdp_connector_new (settings);
  rdp_connector_set_server_name (connector, "localhost");
  client_connection = g_socket_connection_factory_create_connection (sockets[0]);
  framed = rdp_framed_new (G_IO_STREAM (client_connection));

  rdp_connect_begin_async (framed, connector, NULL, krb_done_cb, &wait);
  g_assert_true (rdp_connect_begin_finish (krb_wait (&wait), &error));
  g_assert_no_error (error);
  rdp_connector_mark_as_upgraded (connector);   /* a socket pair: no TLS here */

  start = g_get_monotonic_time ();
  if (srv_case == SRV_NONE)
    {
      /* the blocking driver (the resolver's blocking lookup) */
      result = rdp_connect_finalize_full (framed, connector, public_key, NULL, NULL, &error);
    }
  else
    {
      if (srv_case == SRV_CANCEL)
        g_timeout_add (200, cancel_cb, cancellable);
      rdp_connect_finalize_full_async (framed, connector, public_key, NULL, cancellable, krb_done_cb, &wait);
      result = rdp_connect_finalize_finish (krb_wait (&wait), &error);
    }
  g_assert_null (result);
  g_printerr ("# [client] SRV case %d: %s (%.0f ms)\n", srv_case, error->message,
              (g_get_monotonic_time () - start) / 1000.0);
  g_io_stream_close (G_IO_STREAM (client_connection), NULL, NULL);
  g_thread_join (g_steal_pointer (&thread));

  switch (srv_case)
    {
    case SRV_KERBEROS:
    case SRV_KERBEROS_UDP:
      /* CredSSP with Kerberos completed, tickets from the KDC that DNS named */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
      g_assert_true (server.credentials_ok);
      g_assert_cmpstr (server.client_name, ==, "rdpuser@TEST.LOCAL");
      g_assert_cmpuint (resolver->names, >, 0);
      g_assert_cmpstr (g_ptr_array_index (resolver->services, 0), ==, "_kerberos._tcp.TEST.LOCAL");
      if (srv_case == SRV_KERBEROS_UDP)
        {
          g_assert_cmpuint (resolver->services->len, ==, 2);
          g_assert_cmpstr (g_ptr_array_index (resolver->services, 1), ==, "_kerberos._udp.TEST.LOCAL");
        }
      else
        g_assert_cmpuint (resolver->services->len, ==, 1);
      break;
    case SRV_NONE:
      /* both services asked for, none there: NTLM, as without Kerberos */
      g_assert_nonnull (error);
      g_assert_cmpuint (resolver->services->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (resolver->services, 0), ==, "_kerberos._tcp.NOSRV.TEST");
      g_assert_cmpstr (g_ptr_array_index (resolver->services, 1), ==, "_kerberos._udp.NOSRV.TEST");
      g_assert_true (mech.ntlm);
      g_assert_false (mech.spnego);
      g_assert_cmpuint (resolver->names, ==, 0);
      break;
    case SRV_CANCEL:
      /* completed at once when cancelled, in the middle of the lookup;
       * no token was sent */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
      g_assert_cmpuint (resolver->services->len, ==, 1);
      g_assert_false (mech.ntlm);
      g_assert_false (mech.spnego);
      break;
    default:
      g_assert_not_reached ();
    }
  g_resolver_set_default (previous);
  g_free (server.client_name);
  g_clear_object (&server.stream);
  g_clear_object (&mech.stream);
  g_object_unref (sockets[0]);
  g_object_unref (sockets[1]);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
}

static void
test_driver_srv (void)
{
  if (!g_test_subprocess ())
    {
      rdp_test_e2e_run_server ("kdc", "start-kdc-krb.sh", NULL, 0, CLIENT_TIMEOUT_S, NULL);
      return;
    }
  run_driver_srv (SRV_KERBEROS);
  run_driver_srv (SRV_KERBEROS_UDP);
  run_driver_srv (SRV_NONE);
  run_driver_srv (SRV_CANCEL);
}
#endif

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kerberos/tickets-and-context", test_tickets_and_context);
  g_test_add_func ("/kerberos/credssp", test_credssp);
  g_test_add_func ("/kerberos/credssp-wrong-server", test_credssp_wrong_server);
  g_test_add_func ("/kerberos/wrong-password", test_wrong_password);
  g_test_add_func ("/kerberos/unknown-user", test_unknown_user);
  g_test_add_func ("/kerberos/upn", test_upn);
  g_test_add_func ("/kerberos/garbage-reply", test_garbage_reply);
  g_test_add_func ("/kerberos/spnego-selects-ntlm", test_spnego_selects_ntlm);
#if RDP_HAS_SOUP_NETWORK_CLIENT
  g_test_add_func ("/kerberos/driver-kdc-proxy", test_driver_kdc_proxy);
  g_test_add_func ("/kerberos/driver-srv", test_driver_srv);
#endif
  return g_test_run ();
}
