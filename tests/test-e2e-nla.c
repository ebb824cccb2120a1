/* test-e2e-nla.c: Network Level Authentication against FreeRDP's shadow
 * server in nla mode (CredSSP v6, NTLM checked against a SAM file)
 *
 * One server per test, started by tests/e2e/start-shadow.sh with an account
 * whose password is not ASCII; the client part runs in a subprocess and
 * tries, against that one server:
 * - the right password with an empty domain, a WORKGROUP domain, and the
 *   domain written in the user name (WORKGROUP\user): each reaches the
 *   active stage with HYBRID selected and receives a graphics update;
 * - the same with the blocking rdp_client_connect();
 * - a wrong password: RDP_ERROR_AUTHENTICATION_FAILED within 5 s;
 * - NLA not allowed by the settings: RDP_ERROR_NLA_REQUIRED, never an
 *   authentication failure.
 * And a server in tls mode with only NLA allowed by the client gives a
 * clear negotiation error.
 *
 * gnome-remote-desktop 43 headless (tests/e2e/start-grd.sh) is the second
 * server: the right password reaches the active stage with HYBRID selected
 * (empty and WORKGROUP domain); a wrong password and a wrong user name, which
 * grd answers with a Deactivate All PDU instead of a TSRequest, give
 * RDP_ERROR_AUTHENTICATION_FAILED within 5 s.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-e2e.h"

#define CLIENT_TIMEOUT_S 120
#define UPDATE_TIMEOUT_S 5
#define WRONG_PASSWORD_BOUND_US (5 * G_USEC_PER_SEC)

#define NLA_USER "rdpuser"
/* UTF-8: "Pässwörd€ß1" — the NT hash is of its UTF-16LE form */
#define NLA_PASSWORD "P\xc3\xa4sswo\xcc\x88rd\xe2\x82\xac\xc3\x9f" "1"

#define client_message(...) \
  G_STMT_START { \
    g_autofree char *m_ = g_strdup_printf (__VA_ARGS__); \
    g_printerr ("# [client] %s\n", m_); \
  } G_STMT_END

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_clear_object (&wait->result);
  while (wait->result == NULL)
    g_main_loop_run (wait->loop);
  return wait->result;
}

static RdpSettings *
make_settings (const char          *user,
               const char          *domain,
               const char          *password,
               RdpSecurityProtocol  protocols)
{
  const char *cert_path = g_getenv ("RDP_E2E_CERT");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  RdpSettings *settings = rdp_settings_new ();

  g_assert_nonnull (cert_path);
  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (database, NULL);
  rdp_settings_set_certificate_verifier (settings, verifier);
  rdp_settings_set_username (settings, user);
  rdp_settings_set_domain (settings, domain);
  rdp_settings_set_password (settings, password);
  rdp_settings_set_security_protocols (settings, protocols);
  g_object_set (settings, "connect-timeout", 20, NULL);
  return settings;
}

static guint16
server_port (void)
{
  guint64 port = 0;

  g_assert_true (g_ascii_string_to_unsigned (g_getenv ("RDP_E2E_PORT"), 10, 1, 65535, &port, NULL));
  return (guint16) port;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Reads PDUs until a fast-path one (a graphics update) comes, within 5 s. */
static void
read_first_update (RdpFramed *framed,
                   Wait      *wait)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint timeout_id = g_timeout_add_seconds (UPDATE_TIMEOUT_S, cancel_cb, cancellable);

  for (;;)
    {
      g_autoptr(GBytes) pdu = NULL;
      g_autoptr(GError) error = NULL;
      RdpAction action;

      rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, cancellable, done_cb, wait);
      pdu = rdp_framed_read_pdu_finish (framed, wait_result (wait), &action, &error);
      g_assert_no_error (error);
      if (action == RDP_ACTION_FAST_PATH)
        {
          client_message ("first graphics update: %u bytes", (guint) g_bytes_get_size (pdu));
          break;
        }
    }
  g_source_remove (timeout_id);
}

/* Connects with @user / @domain / @password and expects the active stage
 * with @expected_protocol selected (@expected_error < 0), followed by a
 * graphics update when @wait_update, or that error; returns the
 * microseconds it took to connect or fail. */
static gint64
connect_full (const char          *what,
              const char          *user,
              const char          *domain,
              const char          *password,
              RdpSecurityProtocol  protocols,
              int                  expected_error,
              RdpSecurityProtocol  expected_protocol,
              gboolean             wait_update)
{
  g_autoptr(RdpSettings) settings = make_settings (user, domain, password, protocols);
  g_autoptr(RdpClient) client = rdp_client_new (settings);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start = g_get_monotonic_time (), elapsed;

  rdp_client_connect_async (client, "localhost", server_port (), NULL, done_cb, &wait);
  result = rdp_client_connect_finish (client, wait_result (&wait), &error);
  elapsed = g_get_monotonic_time () - start;
  if (expected_error < 0)
    {
      g_assert_no_error (error);
      g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, expected_protocol);
      client_message ("%s: active stage after %.0f ms", what, elapsed / 1000.0);
      if (wait_update)
        read_first_update (rdp_client_get_framed (client), &wait);
    }
  else
    {
      g_assert_null (result);
      g_assert_error (error, RDP_ERROR, expected_error);
      client_message ("%s: %s (after %.0f ms)", what, error->message, elapsed / 1000.0);
    }
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
  return elapsed;
}

/* connect_full() against the shadow server: HYBRID, then a graphics update */
static gint64
connect_async (const char          *what,
               const char          *user,
               const char          *domain,
               const char          *password,
               RdpSecurityProtocol  protocols,
               int                  expected_error)
{
  return connect_full (what, user, domain, password, protocols, expected_error,
                       RDP_SECURITY_PROTOCOL_HYBRID, TRUE);
}

static void
run_client_nla (void)
{
  const RdpSecurityProtocol nla = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
    RDP_SECURITY_PROTOCOL_HYBRID_EX;
  gint64 elapsed;

  connect_async ("empty domain", NLA_USER, NULL, NLA_PASSWORD, nla, -1);
  connect_async ("domain WORKGROUP", NLA_USER, "WORKGROUP", NLA_PASSWORD, nla, -1);
  connect_async ("WORKGROUP\\user", "WORKGROUP\\" NLA_USER, NULL, NLA_PASSWORD, nla, -1);
  connect_async ("NLA only", NLA_USER, NULL, NLA_PASSWORD, RDP_SECURITY_PROTOCOL_HYBRID, -1);

  /* the blocking form */
  {
    g_autoptr(RdpSettings) settings = make_settings (NLA_USER, NULL, NLA_PASSWORD, nla);
    g_autoptr(RdpClient) client = rdp_client_new (settings);
    g_autoptr(RdpConnectionResult) result = NULL;
    g_autoptr(GError) error = NULL;

    result = rdp_client_connect (client, "localhost", server_port (), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, RDP_SECURITY_PROTOCOL_HYBRID);
    client_message ("blocking: active stage");
  }

  /* wrong passwords: one that differs in the last character, the ASCII
   * look-alike of the right one, an empty one */
  elapsed = connect_async ("wrong password", NLA_USER, NULL, NLA_PASSWORD "x", nla,
                           RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpint (elapsed, <, WRONG_PASSWORD_BOUND_US);
  elapsed = connect_async ("ASCII look-alike", NLA_USER, NULL, "Passwoerd1", nla,
                           RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpint (elapsed, <, WRONG_PASSWORD_BOUND_US);
  elapsed = connect_async ("wrong user", "nobody", NULL, NLA_PASSWORD, nla,
                           RDP_ERROR_AUTHENTICATION_FAILED);
  g_assert_cmpint (elapsed, <, WRONG_PASSWORD_BOUND_US);

  /* the server requires NLA, the settings do not allow it */
  connect_async ("NLA not allowed", NLA_USER, NULL, NLA_PASSWORD, RDP_SECURITY_PROTOCOL_TLS,
                 RDP_ERROR_NLA_REQUIRED);
}

static void
test_shadow_nla (void)
{
  static const char * const args[] = { "auto", "nla", NLA_USER, NLA_PASSWORD };

  if (g_test_subprocess ())
    {
      run_client_nla ();
      return;
    }
  rdp_test_e2e_run_server ("shadow-nla", "start-shadow.sh", args, G_N_ELEMENTS (args),
                           CLIENT_TIMEOUT_S, NULL);
}

/* A server without NLA, a client that insists on it. */
static void
test_shadow_tls_nla_only (void)
{
  static const char * const args[] = { "auto", "tls" };

  if (g_test_subprocess ())
    {
      connect_async ("NLA only against a TLS server", NLA_USER, NULL, NLA_PASSWORD,
                     RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX,
                     RDP_ERROR_NEGOTIATION_FAILED);
      return;
    }
  rdp_test_e2e_run_server ("shadow-tls", "start-shadow.sh", args, G_N_ELEMENTS (args),
                           CLIENT_TIMEOUT_S, NULL);
}

/* ---- impacket's rdp_check as a second, independent client ---- */

/* A python3 with impacket's NTLM and the crypto modules tests/e2e/rdp-check.py
 * imports (python3-impacket), or NULL. The python3 first in PATH may be
 * another one than the system's, which has the Debian package. */
static char *
find_impacket_python (void)
{
  g_autofree char *in_path = g_find_program_in_path ("python3");
  const char *candidates[] = { in_path, "/usr/bin/python3" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      const char *argv[] = {
        candidates[i], "-c", "import impacket.ntlm, Cryptodome.Cipher.ARC4, cryptography.x509", NULL
      };

      if (candidates[i] == NULL || !g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
        continue;
      if (rdp_test_e2e_run_script (argv, 30, NULL, NULL) == 0)
        return g_strdup (candidates[i]);
    }
  return NULL;
}

/* rdp-check.py's verdict on @user / @password against the fixture's server
 * on localhost (its certificate trusted): "granted", "denied" or "error". */
static const char *
rdp_check_verdict (const char *user,
                   const char *password)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "e2e", "rdp-check.py", NULL);
  g_autofree char *port = g_strdup_printf ("%u", server_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = {
    g_getenv ("RDP_E2E_PYTHON"), script, "--cert", g_getenv ("RDP_E2E_CERT"),
    "localhost", port, user, password, NULL
  };
  const char *verdict;
  gint64 start = g_get_monotonic_time ();
  int status;

  g_assert_nonnull (argv[0]);
  status = rdp_test_e2e_run_script (argv, 30, &out, &err);
  if (out != NULL)
    g_strdelimit (g_strstrip (out), "\n", ' ');
  client_message ("rdp-check.py (%s): status %d after %.0f ms: %s%s", user, status,
                  (g_get_monotonic_time () - start) / 1000.0, out ? out : "",
                  err && *err ? err : "");
  g_assert_nonnull (out);
  verdict = strstr (out, "VERDICT=");
  g_assert_nonnull (verdict);
  verdict += strlen ("VERDICT=");
  if (g_str_has_prefix (verdict, "granted "))
    {
      g_assert_cmpint (status, ==, 0);
      return "granted";
    }
  if (g_str_has_prefix (verdict, "denied "))
    {
      g_assert_cmpint (status, ==, 1);
      return "denied";
    }
  g_assert_cmpint (status, ==, 2);
  return "error";
}

/* rdp-gio's verdict on @user / @password, in rdp-check.py's words:
 * "granted" (the active stage, with HYBRID), "denied"
 * (RDP_ERROR_AUTHENTICATION_FAILED) or "error" (anything else). */
static const char *
rdp_gio_verdict (const char *user,
                 const char *password)
{
  const RdpSecurityProtocol nla = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
    RDP_SECURITY_PROTOCOL_HYBRID_EX;
  g_autoptr(RdpSettings) settings = make_settings (user, NULL, password, nla);
  g_autoptr(RdpClient) client = rdp_client_new (settings);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start = g_get_monotonic_time ();
  const char *verdict;

  rdp_client_connect_async (client, "localhost", server_port (), NULL, done_cb, &wait);
  result = rdp_client_connect_finish (client, wait_result (&wait), &error);
  if (result != NULL)
    {
      g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, RDP_SECURITY_PROTOCOL_HYBRID);
      verdict = "granted";
    }
  else if (g_error_matches (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED))
    verdict = "denied";
  else
    verdict = "error";
  client_message ("rdp-gio (%s): %s after %.0f ms%s%s", user, verdict,
                  (g_get_monotonic_time () - start) / 1000.0,
                  error ? ": " : "", error ? error->message : "");
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);
  return verdict;
}

/* Both clients agree on @user / @password, and their verdict is @expected. */
static void
compare_verdicts (const char *user,
                  const char *password,
                  const char *expected)
{
  const char *ours = rdp_gio_verdict (user, password);
  const char *impacket = rdp_check_verdict (user, password);

  g_assert_cmpstr (ours, ==, impacket);
  g_assert_cmpstr (impacket, ==, expected);
}

/* impacket against the shadow server in nla mode, next to rdp-gio: the right
 * password, a wrong one, a wrong user name. */
static void
test_shadow_rdp_check (void)
{
  static const char * const args[] = { "auto", "nla", NLA_USER, NLA_PASSWORD };
  g_autofree char *python = NULL;

  if (g_test_subprocess ())
    {
      compare_verdicts (NLA_USER, NLA_PASSWORD, "granted");
      compare_verdicts (NLA_USER, NLA_PASSWORD "x", "denied");
      compare_verdicts ("nobody", NLA_PASSWORD, "denied");
      return;
    }
  python = find_impacket_python ();
  if (python == NULL)
    {
      g_test_skip ("no python3 with impacket (apt-get install python3-impacket)");
      return;
    }
  g_setenv ("RDP_E2E_PYTHON", python, TRUE);
  rdp_test_e2e_run_server ("shadow-nla", "start-shadow.sh", args, G_N_ELEMENTS (args),
                           CLIENT_TIMEOUT_S, NULL);
  g_unsetenv ("RDP_E2E_PYTHON");
}

/* gnome-remote-desktop 43 headless (tests/e2e/start-grd.sh): NLA only,
 * CredSSP v6 with NTLM through FreeRDP 2's winpr; graphics through RDPGFX
 * only, which rdp-gio does not speak yet, so the right password is only
 * taken to the active stage. With wrong credentials grd does not answer
 * the AUTHENTICATE with a TSRequest: it sends a Deactivate All PDU (a
 * TPKT) inside TLS and closes (xfreerdp 2 waits 9.4 s there for an
 * activation that never comes); rdp-gio must call that an authentication
 * failure, within 5 s. */
/* Waits (at most 5 s) until grd's log says that @n_sessions RDP sessions
 * stopped. grd 43 tears a session down on its main thread after the client
 * left; a connection that comes in meanwhile can be dropped in the middle of
 * its negotiation ("rdp_server_accept_nego() fail", the client sees the TLS
 * handshake or NLA cut off), a race in the server that any client connecting
 * back to back hits. The fixture runs grd with G_MESSAGES_DEBUG=all, which
 * logs "RDP session stopped". */
static void
wait_grd_sessions_stopped (guint n_sessions)
{
  const char *log = g_getenv ("RDP_E2E_LOG");
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (log);
  for (;;)
    {
      g_autofree char *contents = NULL;
      const char *p;
      guint n = 0;

      if (g_file_get_contents (log, &contents, NULL, NULL))
        for (p = contents; (p = strstr (p, "RDP session stopped")) != NULL; p++)
          n++;
      if (n >= n_sessions)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("grd logged %u stopped sessions, not %u, within 5 s", n, n_sessions);
      g_usleep (20 * 1000);
    }
}

static void
run_client_grd (void)
{
  const RdpSecurityProtocol nla = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
    RDP_SECURITY_PROTOCOL_HYBRID_EX;
  const char *user = g_getenv ("RDP_E2E_RDP_USER");
  const char *password = g_getenv ("RDP_E2E_RDP_PASSWORD");
  g_autofree char *wrong_password = NULL;
  g_autofree char *wrong_user = NULL;
  gint64 elapsed;

  g_assert_nonnull (user);
  g_assert_nonnull (password);
  wrong_password = g_strconcat (password, "x", NULL);
  wrong_user = g_strconcat ("not", user, NULL);
  client_message ("gnome-remote-desktop started in %s ms", g_getenv ("RDP_E2E_STARTUP_MS"));

  /* grd's FreeRDP 2 offers HYBRID only: it does not select HYBRID_EX even
   * when the client asks for it */
  connect_full ("grd: right password", user, NULL, password, nla, -1,
                RDP_SECURITY_PROTOCOL_HYBRID, FALSE);
  wait_grd_sessions_stopped (1);
  connect_full ("grd: right password, domain WORKGROUP", user, "WORKGROUP", password, nla, -1,
                RDP_SECURITY_PROTOCOL_HYBRID, FALSE);
  wait_grd_sessions_stopped (2);

  elapsed = connect_full ("grd: wrong password", user, NULL, wrong_password, nla,
                          RDP_ERROR_AUTHENTICATION_FAILED, 0, FALSE);
  g_assert_cmpint (elapsed, <, WRONG_PASSWORD_BOUND_US);
  wait_grd_sessions_stopped (3);
  elapsed = connect_full ("grd: wrong user", wrong_user, NULL, password, nla,
                          RDP_ERROR_AUTHENTICATION_FAILED, 0, FALSE);
  g_assert_cmpint (elapsed, <, WRONG_PASSWORD_BOUND_US);
  wait_grd_sessions_stopped (4);

  /* the failures left the server usable */
  connect_full ("grd: right password again", user, NULL, password, nla, -1,
                RDP_SECURITY_PROTOCOL_HYBRID, FALSE);
  wait_grd_sessions_stopped (5);

  /* impacket agrees (when the parent found it) */
  if (g_getenv ("RDP_E2E_PYTHON") != NULL)
    {
      g_assert_cmpstr (rdp_check_verdict (user, password), ==, "granted");
      wait_grd_sessions_stopped (6);
      g_assert_cmpstr (rdp_check_verdict (user, wrong_password), ==, "denied");
    }
  else
    client_message ("rdp-check.py skipped: no python3 with impacket");
}

static void
test_grd_nla (void)
{
  static const char * const args[] = { "auto", "rdpuser", "Grd-Passw0rd!" };
  g_autofree char *python = NULL;

  if (g_test_subprocess ())
    {
      run_client_grd ();
      return;
    }
  python = find_impacket_python ();
  if (python != NULL)
    g_setenv ("RDP_E2E_PYTHON", python, TRUE);
  rdp_test_e2e_run_server ("grd", "start-grd.sh", args, G_N_ELEMENTS (args),
                           CLIENT_TIMEOUT_S, NULL);
  g_unsetenv ("RDP_E2E_PYTHON");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/nla/shadow", test_shadow_nla);
  g_test_add_func ("/e2e/nla/shadow-tls-refuses-nla-only", test_shadow_tls_nla_only);
  g_test_add_func ("/e2e/nla/shadow-rdp-check", test_shadow_rdp_check);
  g_test_add_func ("/e2e/nla/grd", test_grd_nla);
  return g_test_run ();
}
