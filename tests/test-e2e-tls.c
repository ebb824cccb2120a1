/* test-e2e-tls.c: the X.224 negotiation and the TLS upgrade against real RDP
 * servers on 127.0.0.1 (xrdp, Weston's RDP backend, FreeRDP's shadow
 * server), started and stopped by the scripts in tests/e2e/
 *
 * For each server the test (the parent process):
 *   1. runs tests/e2e/start-SERVER.sh in a fresh private directory, bounded
 *      in time; exit status 77 (a package is missing) skips the test;
 *   2. runs the client part in a g_test_trap_subprocess() child, bounded in
 *      time, so that a failed assertion cannot leave the server running;
 *   3. always runs tests/e2e/stop.sh, which kills only the process groups
 *      the start script recorded (also from a SIGTERM/SIGINT handler, for
 *      when meson's timeout kills the test).
 *
 * The client part connects with GSocketClient, sends an X.224 Connection
 * Request (cookie, RDP_NEG_REQ requesting PROTOCOL_SSL) through RdpFramed,
 * reads the Connection Confirm with RDP_PDU_HINT_X224, checks that the server
 * selected PROTOCOL_SSL, steals the stream back (nothing may be read ahead)
 * and does the TLS handshake, trusting exactly the certificate the fixture
 * made for this run:
 *   - with a plain GTlsClientConnection (proves the fixture);
 *   - with rdp_tls_upgrade() and an RdpCertificateVerifier over a
 *     GTlsFileDatabase of that certificate, checking that the server public
 *     key it returns is the one in the certificate file (as extracted by
 *     openssl and a DER walk here); and that the same upgrade with a
 *     verifier over the system trust store (which does not know the
 *     certificate) fails.
 * Then it does it all again with the asynchronous API on a main context of
 * its own, ending with rdp_tls_upgrade_framed_async(). In between, a request
 * for HYBRID alone (none of these servers does NLA in these modes) must get
 * a well-formed RDP_NEG_FAILURE or a response that does not select HYBRID.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-e2e.h"

#include "rdp-x224-private.h"

#define CLIENT_TIMEOUT_S 40  /* the whole client part, in the child */
#define IO_TIMEOUT_S 10      /* each socket operation */

typedef struct {
  const char *name;
  const char *script;
  const char *args[3];
} Server;

static const Server servers[] = {
  { "xrdp-tls", "start-xrdp.sh", { "auto", "tls", NULL } },
  { "xrdp-negotiate", "start-xrdp.sh", { "auto", "negotiate", NULL } },
  { "weston", "start-weston.sh", { "auto", NULL } },
  { "shadow-tls", "start-shadow.sh", { "auto", "tls", NULL } },
};

/* ---- the expected server public key, independently of rdp-gio ---- */

/* Reads a DER tag and length at *p (definite lengths, up to 4 length bytes);
 * returns the content's start and length. */
static gboolean
der_next (const guint8 **p,
          const guint8  *end,
          guint8        *out_tag,
          const guint8 **out_content,
          gsize         *out_length)
{
  const guint8 *q = *p;
  gsize length = 0;

  if (end - q < 2)
    return FALSE;
  *out_tag = *q++;
  if (*q < 0x80)
    length = *q++;
  else
    {
      guint n = *q++ & 0x7f, i;

      if (n == 0 || n > 4 || (gsize) (end - q) < n)
        return FALSE;
      for (i = 0; i < n; i++)
        length = (length << 8) | *q++;
    }
  if ((gsize) (end - q) < length)
    return FALSE;
  *out_content = q;
  *out_length = length;
  *p = q + length;
  return TRUE;
}

/* The subjectPublicKey (the BIT STRING's bytes after its unused-bits byte)
 * of the certificate in @cert_path: `openssl x509 -pubkey` gives the
 * SubjectPublicKeyInfo, a SEQUENCE of the algorithm and that BIT STRING. */
static GBytes *
expected_public_key (const char *cert_path)
{
  const char *argv[] = { "openssl", "x509", "-in", cert_path, "-noout", "-pubkey", NULL };
  g_autofree char *pem = NULL;
  g_autofree char *b64 = NULL;
  g_autofree guint8 *der = NULL;
  const char *begin, *end;
  const guint8 *p, *der_end, *spki, *alg, *bits;
  gsize der_length, spki_length, alg_length, bits_length;
  guint8 tag;

  g_assert_cmpint (rdp_test_e2e_run_script (argv, 20, &pem, NULL), ==, 0);
  begin = strstr (pem, "-----BEGIN PUBLIC KEY-----");
  end = strstr (pem, "-----END PUBLIC KEY-----");
  g_assert_nonnull (begin);
  g_assert_nonnull (end);
  begin += strlen ("-----BEGIN PUBLIC KEY-----");
  b64 = g_strndup (begin, end - begin);
  der = g_base64_decode (b64, &der_length);

  p = der;
  der_end = der + der_length;
  g_assert_true (der_next (&p, der_end, &tag, &spki, &spki_length));
  g_assert_cmphex (tag, ==, 0x30);
  g_assert_true (p == der_end);
  p = spki;
  g_assert_true (der_next (&p, spki + spki_length, &tag, &alg, &alg_length));
  g_assert_cmphex (tag, ==, 0x30);
  g_assert_true (der_next (&p, spki + spki_length, &tag, &bits, &bits_length));
  g_assert_cmphex (tag, ==, 0x03);
  g_assert_cmpuint (bits_length, >, 1);
  g_assert_cmphex (bits[0], ==, 0x00); /* no unused bits */
  /* an RSA key: RSAPublicKey ::= SEQUENCE { modulus, publicExponent } */
  g_assert_cmphex (bits[1], ==, 0x30);
  return g_bytes_new (bits + 1, bits_length - 1);
}

/* ---- the client part (in the child process) ---- */

/* The child's stdout is captured by g_test_trap_subprocess(); its stderr is
 * inherited, so its diagnostics go there. */
#define client_message(...) \
  G_STMT_START { \
    g_autofree char *m_ = g_strdup_printf (__VA_ARGS__); \
    g_printerr ("# [client] %s\n", m_); \
  } G_STMT_END

/* Connects, sends a Connection Request asking for @requested and returns the
 * decoded Connection Confirm and the stream (stolen back from RdpFramed, with
 * nothing read ahead). */
static GIOStream *
negotiate (const char               *host,
           guint16                   port,
           guint32                   requested,
           RdpX224ConnectionConfirm *out_confirm)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) cc = NULL;
  g_autoptr(GBytes) leftover = NULL;
  g_autoptr(GError) error = NULL;
  RdpX224ConnectionRequest request = {
    .cookie = (char *) "rdpgio",
    .has_negotiation_request = TRUE,
    .requested_protocols = requested,
  };
  GIOStream *stream;

  g_socket_client_set_timeout (client, IO_TIMEOUT_S);
  connection = g_socket_client_connect_to_host (client, host, port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), IO_TIMEOUT_S);

  framed = rdp_framed_new (G_IO_STREAM (connection));
  cr = rdp_x224_encode_connection_request (&request, &error);
  g_assert_no_error (error);
  g_assert_true (rdp_framed_write_all (framed, cr, NULL, &error));
  g_assert_no_error (error);

  cc = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_X224, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cc);
  g_assert_true (rdp_x224_decode_connection_confirm (g_bytes_get_data (cc, NULL), g_bytes_get_size (cc),
                                                     out_confirm, &error));
  g_assert_no_error (error);
  client_message ("requested 0x%08x: %u-byte Connection Confirm, %s, flags 0x%02x, "
                  "selectedProtocol 0x%08x, failureCode %u, srcRef 0x%04x",
                  requested, (guint) g_bytes_get_size (cc),
                  out_confirm->result == RDP_X224_NEGOTIATION_RESPONSE ? "RDP_NEG_RSP" :
                  out_confirm->result == RDP_X224_NEGOTIATION_FAILURE ? "RDP_NEG_FAILURE" : "no negotiation data",
                  out_confirm->flags, out_confirm->selected_protocol, out_confirm->failure_code,
                  out_confirm->src_ref);

  stream = rdp_framed_steal_stream (framed, &leftover);
  g_assert_true (stream == G_IO_STREAM (connection));
  /* nothing may follow a confirm the client goes on from (TLS comes
   * next); after a failure xrdp may already have sent its Disconnect
   * Request, in the same read when the client is slow (a sanitizer) */
  if (out_confirm->result != RDP_X224_NEGOTIATION_FAILURE)
    g_assert_true (leftover == NULL || g_bytes_get_size (leftover) == 0);
  else if (leftover != NULL && g_bytes_get_size (leftover) > 0)
    client_message ("after the failure: %u more bytes", (guint) g_bytes_get_size (leftover));
  return stream;
}

static GIOStream *
negotiate_ssl (const char *host,
               guint16     port)
{
  RdpX224ConnectionConfirm confirm;
  GIOStream *stream = negotiate (host, port, RDP_X224_PROTOCOL_SSL, &confirm);

  g_assert_cmpint (confirm.result, ==, RDP_X224_NEGOTIATION_RESPONSE);
  g_assert_cmphex (confirm.selected_protocol, ==, RDP_X224_PROTOCOL_SSL);
  return stream;
}

/* None of these servers (in these modes) does NLA: asking for HYBRID alone
 * must get a well-formed refusal, never HYBRID. */
static void
client_hybrid_only (guint16 port)
{
  RdpX224ConnectionConfirm confirm;
  g_autoptr(GIOStream) stream = negotiate ("127.0.0.1", port, RDP_X224_PROTOCOL_HYBRID, &confirm);

  if (confirm.result == RDP_X224_NEGOTIATION_FAILURE)
    client_message ("HYBRID refused: %s", rdp_x224_describe_failure_code (confirm.failure_code));
  else
    g_assert_cmphex (confirm.selected_protocol, !=, RDP_X224_PROTOCOL_HYBRID);
  g_io_stream_close (stream, NULL, NULL);
}

static void
close_quietly (GIOStream *stream)
{
  g_io_stream_close (stream, NULL, NULL);
}

/* A plain GIO handshake that trusts only the run's certificate. */
static void
client_plain_gio (const char      *cert_path,
                  guint16          port,
                  GTlsCertificate *expected_cert)
{
  g_autoptr(GIOStream) stream = negotiate_ssl ("127.0.0.1", port);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GTlsCertificate) peer = NULL;
  g_autofree char *ciphersuite = NULL;
  g_autoptr(GError) error = NULL;

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (stream, identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_assert_true (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error));
  g_assert_no_error (error);

  g_object_get (tls, "peer-certificate", &peer, NULL);
  g_assert_nonnull (peer);
  g_assert_true (g_tls_certificate_is_same (peer, expected_cert));
  ciphersuite = g_tls_connection_get_ciphersuite_name (G_TLS_CONNECTION (tls));
  client_message ("plain GIO: %s, %s",
                  g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls)) == G_TLS_PROTOCOL_VERSION_TLS_1_3
                    ? "TLS 1.3" : "TLS < 1.3",
                  ciphersuite);
  close_quietly (tls);
}

static void
client_rdp_tls_upgrade (const char      *cert_path,
                        guint16          port,
                        GTlsCertificate *expected_cert)
{
  g_autoptr(GIOStream) stream = negotiate_ssl ("127.0.0.1", port);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GTlsConnection) tls = NULL;
  g_autoptr(GTlsCertificate) peer = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GBytes) from_certificate = NULL;
  g_autoptr(GBytes) expected = expected_public_key (cert_path);
  g_autoptr(GError) error = NULL;

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (database, NULL);
  tls = rdp_tls_upgrade (stream, identity, verifier, &public_key, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tls);
  g_assert_nonnull (public_key);

  g_assert_cmpmem (g_bytes_get_data (public_key, NULL), g_bytes_get_size (public_key),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  peer = g_tls_connection_get_peer_certificate (tls);
  g_assert_nonnull (peer);
  g_object_ref (peer);
  g_assert_true (g_tls_certificate_is_same (peer, expected_cert));
  from_certificate = rdp_tls_get_server_public_key (peer, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (from_certificate, expected));
  client_message ("rdp_tls_upgrade: server public key of %u bytes matches the certificate file",
                  (guint) g_bytes_get_size (public_key));
  close_quietly (G_IO_STREAM (tls));
}

/* A verifier over the system's trust store (which has no reason to trust a
 * certificate made a second ago) and no known hosts must refuse the server:
 * secure by default. */
static void
client_rdp_tls_upgrade_untrusted (guint16 port)
{
  g_autoptr(GIOStream) stream = negotiate_ssl ("127.0.0.1", port);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GTlsConnection) tls = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (database);
  verifier = rdp_certificate_verifier_new (database, NULL);
  tls = rdp_tls_upgrade (stream, identity, verifier, &public_key, NULL, &error);
  g_assert_null (tls);
  g_assert_null (public_key);
  g_assert_nonnull (error);
  client_message ("untrusted certificate refused: %s (%s %d)", error->message,
                  g_quark_to_string (error->domain), error->code);
}

/* The same steps with the asynchronous API, on the thread-default main
 * context, the way a GTK application drives them: connect, write the CR,
 * read the CC by hint, rdp_tls_upgrade_framed_async(), then an RdpFramed on
 * the TLS connection. */
typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} AsyncWait;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
async_wait (AsyncWait *wait)
{
  g_clear_object (&wait->result);
  g_main_loop_run (wait->loop);
  return wait->result;
}

static void
client_async (const char *cert_path,
              guint16     port)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(RdpFramed) tls_framed = NULL;
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) cc = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GBytes) expected = expected_public_key (cert_path);
  g_autoptr(GError) error = NULL;
  RdpX224ConnectionRequest request = {
    .cookie = (char *) "rdpgio",
    .has_negotiation_request = TRUE,
    .requested_protocols = RDP_X224_PROTOCOL_SSL,
  };
  RdpX224ConnectionConfirm confirm;
  AsyncWait wait = { 0 };
  GIOStream *tls_stream;

  g_main_context_push_thread_default (context);
  wait.loop = g_main_loop_new (context, FALSE);

  g_socket_client_set_timeout (client, IO_TIMEOUT_S);
  g_socket_client_connect_to_host_async (client, "127.0.0.1", port, NULL, async_done_cb, &wait);
  connection = g_socket_client_connect_to_host_finish (client, async_wait (&wait), &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), IO_TIMEOUT_S);

  framed = rdp_framed_new (G_IO_STREAM (connection));
  cr = rdp_x224_encode_connection_request (&request, &error);
  g_assert_no_error (error);
  rdp_framed_write_all_async (framed, cr, G_PRIORITY_DEFAULT, NULL, async_done_cb, &wait);
  g_assert_true (rdp_framed_write_all_finish (framed, async_wait (&wait), &error));
  g_assert_no_error (error);

  rdp_framed_read_by_hint_async (framed, RDP_PDU_HINT_X224, G_PRIORITY_DEFAULT, NULL, async_done_cb, &wait);
  cc = rdp_framed_read_by_hint_finish (framed, async_wait (&wait), &error);
  g_assert_no_error (error);
  g_assert_true (rdp_x224_decode_connection_confirm (g_bytes_get_data (cc, NULL), g_bytes_get_size (cc),
                                                     &confirm, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confirm.result, ==, RDP_X224_NEGOTIATION_RESPONSE);
  g_assert_cmphex (confirm.selected_protocol, ==, RDP_X224_PROTOCOL_SSL);

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (database, NULL);
  rdp_tls_upgrade_framed_async (framed, identity, verifier, NULL, async_done_cb, &wait);
  tls_framed = rdp_tls_upgrade_framed_finish (async_wait (&wait), &public_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tls_framed);
  g_assert_true (g_bytes_equal (public_key, expected));

  tls_stream = rdp_framed_get_stream (tls_framed);
  g_assert_true (G_IS_TLS_CONNECTION (tls_stream));
  client_message ("async: rdp_tls_upgrade_framed_async gave a framed TLS connection, public key matches");

  g_io_stream_close (tls_stream, NULL, NULL);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
  g_main_context_pop_thread_default (context);
}

static void
run_client (void)
{
  const char *cert_path = g_getenv ("RDP_E2E_CERT");
  const char *port_text = g_getenv ("RDP_E2E_PORT");
  g_autoptr(GTlsCertificate) expected_cert = NULL;
  g_autoptr(GError) error = NULL;
  guint64 port;

  g_assert_nonnull (cert_path);
  g_assert_nonnull (port_text);
  g_assert_true (g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, &error));
  expected_cert = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);

  client_plain_gio (cert_path, port, expected_cert);
  client_hybrid_only (port);
  client_rdp_tls_upgrade (cert_path, port, expected_cert);
  client_rdp_tls_upgrade_untrusted (port);
  client_async (cert_path, port);
}

/* ---- the test (in the parent) ---- */

static void
test_server (gconstpointer data)
{
  const Server *server = data;

  if (g_test_subprocess ())
    {
      run_client ();
      return;
    }

  rdp_test_e2e_run_server (server->name, server->script, server->args, G_N_ELEMENTS (server->args),
                           CLIENT_TIMEOUT_S, NULL);
}

int
main (int argc, char *argv[])
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/e2e/tls/%s", servers[i].name);

      g_test_add_data_func (path, &servers[i], test_server);
    }
  return g_test_run ();
}
