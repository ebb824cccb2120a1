/* test-e2e-connect.c: RdpClient against real RDP servers on 127.0.0.1
 * (xrdp, Weston's RDP backend, FreeRDP's shadow server), started and
 * stopped by the scripts in tests/e2e/ exactly as test-e2e-tls.c does
 * (each client part runs in a g_test_trap_subprocess() child, bounded in
 * time, and the server is always stopped), and against local listeners
 * that misbehave (never answer, close at once).
 *
 * Against each server the client part:
 *   - connects with rdp_client_connect_async() as far as the active stage,
 *     trusting exactly the certificate the fixture made, checks the
 *     progress stages, the selected protocol and the desktop size, then
 *     reads from rdp_client_get_framed() until a fast-path update comes
 *     (within 5 s);
 *   - does the same with the blocking rdp_client_connect();
 *   - cancels a connection as each stage starts: G_IO_ERROR_CANCELLED.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-e2e.h"

#define CLIENT_TIMEOUT_S 90  /* the whole client part, in the child */
#define UPDATE_TIMEOUT_S 5   /* the first fast-path update */

/* A certificate verifier that answers after @delay_ms, like a person
 * reading a dialog, and ignores its cancellable (the worst case): the
 * answer comes from a timeout on the thread-default main context of the
 * call. */
#define TEST_TYPE_SLOW_VERIFIER (test_slow_verifier_get_type ())
G_DECLARE_FINAL_TYPE (TestSlowVerifier, test_slow_verifier, TEST, SLOW_VERIFIER, RdpCertificateVerifier)

struct _TestSlowVerifier {
  RdpCertificateVerifier parent_instance;

  guint delay_ms;
  guint calls;
  gint64 called_at;             /* monotonic */
  gboolean answered;
  GCancellable *cancellable;    /* the one it was given */
};

G_DEFINE_FINAL_TYPE (TestSlowVerifier, test_slow_verifier, RDP_TYPE_CERTIFICATE_VERIFIER)

static void
test_slow_verifier_init (TestSlowVerifier *self)
{
}

static void
test_slow_verifier_finalize (GObject *object)
{
  g_clear_object (&TEST_SLOW_VERIFIER (object)->cancellable);
  G_OBJECT_CLASS (test_slow_verifier_parent_class)->finalize (object);
}

static gboolean
slow_answer_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestSlowVerifier *self = g_task_get_source_object (task);

  self->answered = TRUE;
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
test_slow_verifier_verify_async (RdpCertificateVerifier *verifier,
                                 const char             *host,
                                 guint16                 port,
                                 GTlsCertificate        *certificate,
                                 GTlsCertificateFlags    errors,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  TestSlowVerifier *self = TEST_SLOW_VERIFIER (verifier);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSource) source = g_timeout_source_new (self->delay_ms);

  /* no return-on-cancel: this verifier ignores its cancellable */
  g_task_set_check_cancellable (task, FALSE);
  self->calls++;
  self->called_at = g_get_monotonic_time ();
  g_set_object (&self->cancellable, cancellable);
  g_source_set_callback (source, slow_answer_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static gboolean
test_slow_verifier_verify_finish (RdpCertificateVerifier  *verifier,
                                  GAsyncResult            *result,
                                  GError                 **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_slow_verifier_class_init (TestSlowVerifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_slow_verifier_finalize;
  RDP_CERTIFICATE_VERIFIER_CLASS (klass)->verify_async = test_slow_verifier_verify_async;
  RDP_CERTIFICATE_VERIFIER_CLASS (klass)->verify_finish = test_slow_verifier_verify_finish;
}

/* Its database is the tests' CA, which signed none of the servers'
 * certificates (so the verifier is asked), and which is quick to load,
 * unlike the system's CA bundle in a sanitizer build. */
static TestSlowVerifier *
test_slow_verifier_new (guint delay_ms)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "certs", "ca.pem", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  TestSlowVerifier *self;

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  self = g_object_new (TEST_TYPE_SLOW_VERIFIER, "database", database, NULL);

  self->delay_ms = delay_ms;
  return self;
}

typedef struct {
  const char *name;
  const char *script;
  const char *args[3];
  RdpSecurityProtocol protocols;
  RdpSecurityProtocol expected;
  /* what the server does with the requested desktop size */
  gboolean keeps_size;
  /* the RDP_ERROR the connection must fail with, or -1 */
  int expected_error;
} Server;

static const Server servers[] = {
  { "xrdp-tls", "start-xrdp.sh", { "auto", "tls", NULL },
    RDP_SECURITY_PROTOCOL_TLS, RDP_SECURITY_PROTOCOL_TLS, TRUE, -1 },
  { "xrdp-negotiate", "start-xrdp.sh", { "auto", "negotiate", NULL },
    RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_STANDARD, RDP_SECURITY_PROTOCOL_TLS, TRUE, -1 },
  /* Standard RDP Security with RC4 (xrdp's crypt_level): refused by name */
  { "xrdp-rdp", "start-xrdp.sh", { "auto", "rdp", NULL },
    RDP_SECURITY_PROTOCOL_STANDARD, RDP_SECURITY_PROTOCOL_STANDARD, TRUE, RDP_ERROR_NOT_SUPPORTED },
  /* a server that only does TLS, a client that only does Standard RDP
   * Security */
  { "xrdp-tls-refuses-standard", "start-xrdp.sh", { "auto", "tls", NULL },
    RDP_SECURITY_PROTOCOL_STANDARD, RDP_SECURITY_PROTOCOL_STANDARD, TRUE, RDP_ERROR_NEGOTIATION_FAILED },
  { "weston", "start-weston.sh", { "auto", NULL },
    RDP_SECURITY_PROTOCOL_TLS, RDP_SECURITY_PROTOCOL_TLS, FALSE, -1 },
  { "shadow-tls", "start-shadow.sh", { "auto", "tls", NULL },
    RDP_SECURITY_PROTOCOL_TLS, RDP_SECURITY_PROTOCOL_TLS, FALSE, -1 },
  { "shadow-rdp", "start-shadow.sh", { "auto", "rdp", NULL },
    RDP_SECURITY_PROTOCOL_STANDARD, RDP_SECURITY_PROTOCOL_STANDARD, FALSE, -1 },
  /* NLA: CredSSP with NTLM after the TLS upgrade, with the fixture's
   * account */
  { "shadow-nla", "start-shadow.sh", { "auto", "nla", NULL },
    RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID, RDP_SECURITY_PROTOCOL_HYBRID, FALSE,
    -1 },
  /* NLA required, the settings do not allow it */
  { "shadow-nla-refused", "start-shadow.sh", { "auto", "nla", NULL },
    RDP_SECURITY_PROTOCOL_TLS, RDP_SECURITY_PROTOCOL_TLS, FALSE, RDP_ERROR_NLA_REQUIRED },
};

/* ---- the client part (in the child process) ---- */

#define client_message(...) \
  G_STMT_START { \
    g_autofree char *m_ = g_strdup_printf (__VA_ARGS__); \
    g_printerr ("# [client] %s\n", m_); \
  } G_STMT_END

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
  GArray *stages;
  GCancellable *cancel_at_stage_cancellable;
  int cancel_at_stage;
} Run;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static GAsyncResult *
run_wait (Run *run)
{
  g_clear_object (&run->result);
  while (run->result == NULL)
    g_main_loop_run (run->loop);
  return run->result;
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             gpointer        user_data)
{
  Run *run = user_data;

  g_array_append_val (run->stages, stage);
  if (run->cancel_at_stage >= 0 && (int) stage == run->cancel_at_stage)
    g_cancellable_cancel (run->cancel_at_stage_cancellable);
}

static gboolean
rdp_array_has_stage (GArray         *stages,
                     RdpClientStage  stage)
{
  for (guint i = 0; i < stages->len; i++)
    if (g_array_index (stages, RdpClientStage, i) == stage)
      return TRUE;
  return FALSE;
}

static RdpSettings *
make_settings (const Server *server,
               const char   *cert_path)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  RdpSettings *settings = rdp_settings_new ();

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (database, NULL);
  rdp_settings_set_certificate_verifier (settings, verifier);
  /* the fixture's account where it has one (NLA), else any */
  rdp_settings_set_username (settings, g_getenv ("RDP_E2E_RDP_USER") ? g_getenv ("RDP_E2E_RDP_USER") : "rdpgio");
  rdp_settings_set_password (settings, g_getenv ("RDP_E2E_RDP_PASSWORD") ? g_getenv ("RDP_E2E_RDP_PASSWORD") : "rdpgio");
  rdp_settings_set_security_protocols (settings, server->protocols);
  g_object_set (settings, "desktop-width", 800, "desktop-height", 600, "connect-timeout", 20, NULL);
  return settings;
}

static gboolean
update_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Reads PDUs until a fast-path one (an update) comes, within 5 s. */
static void
read_first_update (RdpFramed *framed,
                   Run       *run)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint timeout_id = g_timeout_add_seconds (UPDATE_TIMEOUT_S, update_timeout_cb, cancellable);
  guint slow_path = 0;

  for (;;)
    {
      g_autoptr(GBytes) pdu = NULL;
      g_autoptr(GError) error = NULL;
      RdpAction action;

      rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, cancellable, async_done_cb, run);
      pdu = rdp_framed_read_pdu_finish (framed, run_wait (run), &action, &error);
      g_assert_no_error (error);
      if (action == RDP_ACTION_FAST_PATH)
        {
          client_message ("first fast-path update: %u bytes (after %u slow-path PDUs)",
                          (guint) g_bytes_get_size (pdu), slow_path);
          break;
        }
      slow_path++;
    }
  g_source_remove (timeout_id);
}

static void
check_result (const Server        *server,
              RdpConnectionResult *result)
{
  client_message ("%s: protocol %u, io %u, message %u, user %u, share 0x%08x, desktop %ux%u, %u bpp, fast-path %d",
                  server->name,
                  rdp_connection_result_get_selected_protocol (result),
                  rdp_connection_result_get_io_channel_id (result),
                  rdp_connection_result_get_message_channel_id (result),
                  rdp_connection_result_get_user_channel_id (result),
                  rdp_connection_result_get_share_id (result),
                  rdp_connection_result_get_desktop_width (result),
                  rdp_connection_result_get_desktop_height (result),
                  rdp_connection_result_get_color_depth (result),
                  rdp_connection_result_get_fast_path_output (result));
  g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, server->expected);
  g_assert_cmpuint (rdp_connection_result_get_io_channel_id (result), ==, 1003);
  g_assert_cmpuint (rdp_connection_result_get_user_channel_id (result), >, 1001);
  if (server->keeps_size)
    {
      g_assert_cmpuint (rdp_connection_result_get_desktop_width (result), ==, 800);
      g_assert_cmpuint (rdp_connection_result_get_desktop_height (result), ==, 600);
    }
  else
    {
      g_assert_cmpuint (rdp_connection_result_get_desktop_width (result), >=, 200);
      g_assert_cmpuint (rdp_connection_result_get_desktop_height (result), >=, 200);
    }
}

static void
client_connect_async (const Server *server,
                      const char   *cert_path,
                      guint16       port)
{
  g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
  g_autoptr(RdpClient) client = rdp_client_new (settings);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };
  RdpClientStage previous = 0;

  g_assert_null (rdp_client_get_framed (client));
  g_signal_connect (client, "progress", G_CALLBACK (progress_cb), &run);
  rdp_client_connect_async (client, "localhost", port, NULL, async_done_cb, &run);
  result = rdp_client_connect_finish (client, run_wait (&run), &error);
  g_assert_no_error (error);
  check_result (server, result);

  /* every stage once, in order, from CONNECTING to CONNECTED */
  g_assert_cmpuint (run.stages->len, >=, 8);
  g_assert_cmpint (g_array_index (run.stages, RdpClientStage, 0), ==, RDP_CLIENT_STAGE_CONNECTING);
  g_assert_cmpint (g_array_index (run.stages, RdpClientStage, run.stages->len - 1), ==, RDP_CLIENT_STAGE_CONNECTED);
  for (guint i = 0; i < run.stages->len; i++)
    {
      RdpClientStage stage = g_array_index (run.stages, RdpClientStage, i);

      g_assert_true (i == 0 || stage > previous);
      previous = stage;
    }
  g_assert_cmpint (rdp_array_has_stage (run.stages, RDP_CLIENT_STAGE_SECURITY_UPGRADE), ==,
                   server->expected != RDP_SECURITY_PROTOCOL_STANDARD);

  g_assert_nonnull (rdp_client_get_framed (client));
  read_first_update (rdp_client_get_framed (client), &run);

  g_clear_object (&run.result);
  g_array_unref (run.stages);
  g_main_loop_unref (run.loop);
}

static void
client_connect_sync (const Server *server,
                     const char   *cert_path,
                     guint16       port)
{
  g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
  g_autoptr(RdpClient) client = rdp_client_new (settings);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };

  g_signal_connect (client, "progress", G_CALLBACK (progress_cb), &run);
  result = rdp_client_connect (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  check_result (server, result);
  g_assert_cmpuint (run.stages->len, >=, 8);
  g_assert_cmpint (g_array_index (run.stages, RdpClientStage, 0), ==, RDP_CLIENT_STAGE_CONNECTING);
  g_assert_cmpint (g_array_index (run.stages, RdpClientStage, run.stages->len - 1), ==, RDP_CLIENT_STAGE_CONNECTED);
  read_first_update (rdp_client_get_framed (client), &run);

  g_clear_object (&run.result);
  g_array_unref (run.stages);
  g_main_loop_unref (run.loop);
}

/* ironrdp-tokio's "Complete Connection Example", step by step against the
 * drivers: connect, negotiate, take the stream and its leftover, upgrade,
 * mark as upgraded, finalize, read the active stage's PDUs. */
static void
client_connect_seed (const Server *server,
                     const char   *cert_path,
                     guint16       port)
{
  g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
  g_autoptr(RdpConnector) connector = rdp_connector_new (settings);
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GBytes) server_public_key = NULL;
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };

  /* let stream = TcpStream::connect(...); let mut framed = TokioFramed::new(stream); */
  g_socket_client_connect_to_host_async (socket_client, "localhost", port, NULL, async_done_cb, &run);
  tcp = g_socket_client_connect_to_host_finish (socket_client, run_wait (&run), &error);
  g_assert_no_error (error);
  framed = rdp_framed_new (G_IO_STREAM (tcp));

  /* let should_upgrade = connect_begin(&mut framed, &mut connector).await?; */
  rdp_connect_begin_async (framed, connector, NULL, async_done_cb, &run);
  g_assert_true (rdp_connect_begin_finish (run_wait (&run), &error));
  g_assert_no_error (error);

  if (rdp_connector_should_upgrade_security (connector))
    {
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
      g_autoptr(GBytes) leftover = rdp_framed_peek (framed);
      RdpFramed *upgraded;

      /* framed.into_inner(); upgrade(stream, host); new_with_leftover(): the
       * upgrade refuses read-ahead plaintext, and there is none here. */
      g_assert_cmpuint (g_bytes_get_size (leftover), ==, 0);
      rdp_tls_upgrade_framed_async (framed, identity, rdp_settings_get_certificate_verifier (settings),
                                    NULL, async_done_cb, &run);
      upgraded = rdp_tls_upgrade_framed_finish (run_wait (&run), &server_public_key, &error);
      g_assert_no_error (error);
      g_assert_nonnull (server_public_key);
      g_object_unref (framed);
      framed = upgraded;

      /* let upgraded = mark_as_upgraded(should_upgrade, &mut connector); */
      rdp_connector_mark_as_upgraded (connector);
    }
  else
    g_assert_cmpint (server->expected, ==, RDP_SECURITY_PROTOCOL_STANDARD);

  /* let result = connect_finalize(upgraded, connector, &mut framed, ...).await?; */
  rdp_connect_finalize_async (framed, connector, server_public_key, NULL, async_done_cb, &run);
  result = rdp_connect_finalize_finish (run_wait (&run), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rdp_connector_get_state (connector), ==, RDP_CONNECTOR_STATE_CONNECTED);
  check_result (server, result);

  /* loop { let (action, frame) = framed.read_pdu().await?; ... } */
  read_first_update (framed, &run);
  client_message ("%s: the seed's connection example reached the active stage", server->name);

  g_clear_object (&run.result);
  g_array_unref (run.stages);
  g_main_loop_unref (run.loop);
}

static void
client_connect_fails (const Server *server,
                      const char   *cert_path,
                      guint16       port)
{
  g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
  g_autoptr(RdpClient) client = rdp_client_new (settings);
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };

  rdp_client_connect_async (client, "localhost", port, NULL, async_done_cb, &run);
  result = rdp_client_connect_finish (client, run_wait (&run), &error);
  g_assert_null (result);
  g_assert_error (error, RDP_ERROR, server->expected_error);
  g_assert_null (rdp_client_get_framed (client));
  client_message ("%s: %s", server->name, error->message);

  g_clear_object (&run.result);
  g_array_unref (run.stages);
  g_main_loop_unref (run.loop);
}

/* Defect 6: the user takes 4 s to trust the certificate, the connect
 * timeout is 3 s: the timeout is suspended while the verifier decides, and
 * the connection succeeds (async and blocking). */
static void
client_connect_slow_verifier (const Server *server,
                              const char   *cert_path,
                              guint16       port)
{
  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
      g_autoptr(TestSlowVerifier) verifier = test_slow_verifier_new (4000);
      g_autoptr(RdpClient) client = NULL;
      g_autoptr(RdpConnectionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };
      gint64 start = g_get_monotonic_time ();

      /* no database of the fixture's certificate: the verifier is asked */
      rdp_settings_set_certificate_verifier (settings, RDP_CERTIFICATE_VERIFIER (verifier));
      g_object_set (settings, "connect-timeout", 3, NULL);
      client = rdp_client_new (settings);
      if (blocking)
        result = rdp_client_connect (client, "localhost", port, NULL, &error);
      else
        {
          rdp_client_connect_async (client, "localhost", port, NULL, async_done_cb, &run);
          result = rdp_client_connect_finish (client, run_wait (&run), &error);
        }
      g_assert_no_error (error);
      check_result (server, result);
      g_assert_cmpuint (verifier->calls, ==, 1);
      g_assert_true (verifier->answered);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * G_USEC_PER_SEC);
      client_message ("%s: connected after a 4 s certificate question with a 3 s timeout (%s)",
                      server->name, blocking ? "blocking" : "async");

      g_clear_object (&run.result);
      g_array_unref (run.stages);
      g_main_loop_unref (run.loop);
    }
}

/* Cancels as each stage starts. */
static void
client_cancel_each_stage (const Server *server,
                          const char   *cert_path,
                          guint16       port)
{
  for (int stage = RDP_CLIENT_STAGE_CONNECTING; stage < RDP_CLIENT_STAGE_CONNECTED; stage++)
    {
      g_autoptr(RdpSettings) settings = make_settings (server, cert_path);
      g_autoptr(RdpClient) client = rdp_client_new (settings);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(RdpConnectionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)),
                  cancellable, stage };

      g_signal_connect (client, "progress", G_CALLBACK (progress_cb), &run);
      rdp_client_connect_async (client, "localhost", port, cancellable, async_done_cb, &run);
      result = rdp_client_connect_finish (client, run_wait (&run), &error);
      if (rdp_array_has_stage (run.stages, stage))
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (result);
          g_assert_null (rdp_client_get_framed (client));
        }
      else
        {
          /* a stage this protocol skips */
          g_assert_no_error (error);
        }

      g_clear_object (&run.result);
      g_array_unref (run.stages);
      g_main_loop_unref (run.loop);
    }
  client_message ("cancelled at every stage");
}

static void
run_client (void)
{
  const char *cert_path = g_getenv ("RDP_E2E_CERT");
  const char *port_text = g_getenv ("RDP_E2E_PORT");
  const char *index_text = g_getenv ("RDP_E2E_SERVER");
  g_autoptr(GError) error = NULL;
  guint64 port, index;

  g_assert_nonnull (cert_path);
  g_assert_true (g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, &error));
  g_assert_true (g_ascii_string_to_unsigned (index_text, 10, 0, G_N_ELEMENTS (servers) - 1, &index, &error));

  if (servers[index].expected_error >= 0)
    {
      client_connect_fails (&servers[index], cert_path, port);
      return;
    }
  client_connect_async (&servers[index], cert_path, port);
  client_connect_sync (&servers[index], cert_path, port);
  client_connect_seed (&servers[index], cert_path, port);
  client_cancel_each_stage (&servers[index], cert_path, port);
  if (g_str_equal (servers[index].name, "xrdp-tls"))
    client_connect_slow_verifier (&servers[index], cert_path, port);
}

/* ---- the test (in the parent) ---- */

static void
test_server (gconstpointer data)
{
  const Server *server = data;
  g_autofree char *index = NULL;

  if (g_test_subprocess ())
    {
      run_client ();
      return;
    }

  index = g_strdup_printf ("%u", (guint) (server - servers));
  rdp_test_e2e_run_server (server->name, server->script, server->args, G_N_ELEMENTS (server->args),
                           CLIENT_TIMEOUT_S, index);
}

/* ---- misbehaving local listeners (no fixture) ---- */

static GSocketListener *
listen_local (guint16 *out_port)
{
  GSocketListener *listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
  g_assert_no_error (error);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return listener;
}

static RdpConnectionResult *
connect_local (guint16        port,
               guint          timeout_s,
               GCancellable  *cancellable,
               gint64        *out_elapsed_us,
               GError       **error)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpClient) client = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };
  RdpConnectionResult *result;
  gint64 start = g_get_monotonic_time ();

  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_TLS);
  g_object_set (settings, "connect-timeout", timeout_s, NULL);
  client = rdp_client_new (settings);
  rdp_client_connect_async (client, "127.0.0.1", port, cancellable, async_done_cb, &run);
  result = rdp_client_connect_finish (client, run_wait (&run), error);
  if (out_elapsed_us)
    *out_elapsed_us = g_get_monotonic_time () - start;
  g_clear_object (&run.result);
  g_array_unref (run.stages);
  g_main_loop_unref (run.loop);
  return result;
}

/* A listener that never answers (the kernel accepts, nobody reads). */
static void
test_connect_timeout (void)
{
  guint16 port;
  g_autoptr(GSocketListener) listener = listen_local (&port);
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  g_assert_null (connect_local (port, 1, NULL, &elapsed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_test_message ("%s (after %" G_GINT64_FORMAT " ms)", error->message, elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_silent (void)
{
  guint16 port;
  g_autoptr(GSocketListener) listener = listen_local (&port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  g_timeout_add (200, cancel_later_cb, cancellable);
  g_assert_null (connect_local (port, 30, cancellable, &elapsed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);

  /* already cancelled */
  g_clear_error (&error);
  g_assert_null (connect_local (port, 30, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A server that reads @n bytes and closes; replies with @reply first. */
typedef struct {
  gsize read_bytes;
  GBytes *reply;
} Closer;

static gboolean
closer_run_cb (GThreadedSocketService *service,
                    GSocketConnection  *connection,
                    GObject            *source,
                    gpointer            user_data)
{
  Closer *closer = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  guint8 buffer[4096];

  /* a blocking read on a local socket of what the client sends at once */
  if (closer->read_bytes > 0)
    g_input_stream_read (in, buffer, MIN (closer->read_bytes, sizeof buffer), NULL, NULL);
  if (closer->reply)
    g_output_stream_write_all (out, g_bytes_get_data (closer->reply, NULL),
                               g_bytes_get_size (closer->reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
check_closing_server (gsize   read_bytes,
                      GBytes *reply)
{
  /* threaded: its blocking reads must not hold up the client's main loop */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  Closer closer = { read_bytes, reply };
  guint16 port;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (service, "run", G_CALLBACK (closer_run_cb), &closer);
  g_socket_service_start (service);

  g_assert_null (connect_local (port, 10, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("server read %u bytes, replied %u and closed: %s",
                  (guint) read_bytes, reply ? (guint) g_bytes_get_size (reply) : 0, error->message);
  g_assert_true (error->domain == G_IO_ERROR || error->domain == G_TLS_ERROR || error->domain == RDP_ERROR);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* Closes before the Connection Confirm, and right after it (in the TLS
 * handshake); closing later is covered by test-connector's driver tests. */
static void
test_server_closes (void)
{
  static const guint8 cc_ssl[] = {
    0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
    0x02, 0x09, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
  };
  g_autoptr(GBytes) cc = g_bytes_new_static (cc_ssl, sizeof cc_ssl);

  check_closing_server (0, NULL);
  check_closing_server (4096, NULL);
  check_closing_server (4096, cc);
}

/* ---- the timeout and the certificate verifier (defect 6) ---- */

/* The X.224 Connection Confirm that selects TLS. */
static const guint8 cc_ssl[] = {
  0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00,
  0x02, 0x09, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
};

/* A server that selects TLS, makes the handshake with a self-signed
 * certificate (so the verifier is asked) and then reads and never answers. */
static void
tls_silent_serve (GSocketConnection *connection,
                  GObject           *data)
{
  GTlsCertificate *certificate = G_TLS_CERTIFICATE (data);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GIOStream) tls = NULL;
  guint8 buffer[4096];

  /* a bound for every blocking call of this thread */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  /* the Connection Request, written at once by the client */
  if (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) <= 0 ||
      !g_output_stream_write_all (out, cc_ssl, sizeof cc_ssl, NULL, NULL, NULL))
    return;
  tls = g_tls_server_connection_new (G_IO_STREAM (connection), certificate, NULL);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return;
  /* read what comes (the Connect-Initial) until the client goes */
  while (g_input_stream_read (g_io_stream_get_input_stream (tls), buffer, sizeof buffer, NULL, NULL) > 0)
    ;
}

/* A listener with threads of its own (the accepting one, and one per
 * connection), so that it serves while the test thread blocks in
 * rdp_client_connect(): a GSocketService accepts on the default main
 * context, which nobody iterates then. */
typedef void (*ServeFunc) (GSocketConnection *connection,
                           GObject           *data);

typedef struct {
  GSocketListener *listener;
  GCancellable *cancellable;
  ServeFunc serve;
  GObject *data;
  GThread *thread;
} LocalServer;

typedef struct {
  ServeFunc serve;
  GObject *data;
  GSocketConnection *connection;
} LocalConnection;

static gpointer
serve_thread (gpointer user_data)
{
  LocalConnection *c = user_data;

  c->serve (c->connection, c->data);
  g_io_stream_close (G_IO_STREAM (c->connection), NULL, NULL);
  g_object_unref (c->connection);
  g_clear_object (&c->data);
  g_free (c);
  return NULL;
}

static gpointer
accept_thread (gpointer user_data)
{
  LocalServer *server = user_data;

  for (;;)
    {
      GSocketConnection *connection = g_socket_listener_accept (server->listener, NULL,
                                                                server->cancellable, NULL);
      LocalConnection *c;

      if (connection == NULL)
        return NULL;
      c = g_new0 (LocalConnection, 1);
      c->serve = server->serve;
      c->data = server->data ? g_object_ref (server->data) : NULL;
      c->connection = connection;
      g_thread_unref (g_thread_new ("serve", serve_thread, c));
    }
}

static LocalServer *
local_server_start (ServeFunc  serve,
                    GObject   *data,
                    guint16   *out_port)
{
  LocalServer *server = g_new0 (LocalServer, 1);

  server->listener = listen_local (out_port);
  server->cancellable = g_cancellable_new ();
  server->serve = serve;
  server->data = data ? g_object_ref (data) : NULL;
  server->thread = g_thread_new ("accept", accept_thread, server);
  return server;
}

static void
local_server_stop (LocalServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_listener_close (server->listener);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_clear_object (&server->data);
  g_free (server);
}

static GTlsCertificate *
self_signed_certificate (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "certs", "self-signed.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "certs", "self-signed-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert, key, &error);

  g_assert_no_error (error);
  return certificate;
}

/* The verifier takes 4.5 s, the timeout is 4 s, the server is silent after
 * the handshake: the timeout stops while the verifier decides and fires
 * with the time that was left, in the basic settings exchange, which the
 * message names (async and blocking). It used to fire during the question.
 * (Generous times: a sanitizer build on a loaded machine may take seconds
 * for the handshake.) */
static void
test_timeout_suspended_while_verifying (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  LocalServer *server;
  guint16 port;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (install glib-networking)");
      return;
    }
  certificate = self_signed_certificate ();
  server = local_server_start (tls_silent_serve, G_OBJECT (certificate), &port);

  for (int blocking = 0; blocking < 2; blocking++)
    {
      g_autoptr(RdpSettings) settings = rdp_settings_new ();
      g_autoptr(TestSlowVerifier) verifier = test_slow_verifier_new (4500);
      g_autoptr(RdpClient) client = NULL;
      g_autoptr(RdpConnectionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      Run run = { g_main_loop_new (NULL, FALSE), NULL, g_array_new (FALSE, FALSE, sizeof (RdpClientStage)), NULL, -1 };
      gint64 start = g_get_monotonic_time (), elapsed, before_question;

      rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_TLS);
      rdp_settings_set_certificate_verifier (settings, RDP_CERTIFICATE_VERIFIER (verifier));
      g_object_set (settings, "connect-timeout", 4, NULL);
      client = rdp_client_new (settings);
      g_signal_connect (client, "progress", G_CALLBACK (progress_cb), &run);
      if (blocking)
        result = rdp_client_connect (client, "127.0.0.1", port, NULL, &error);
      else
        {
          rdp_client_connect_async (client, "127.0.0.1", port, NULL, async_done_cb, &run);
          result = rdp_client_connect_finish (client, run_wait (&run), &error);
        }
      elapsed = g_get_monotonic_time () - start;
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_test_message ("%s: %s (after %" G_GINT64_FORMAT " ms)", blocking ? "blocking" : "async",
                      error->message, elapsed / 1000);
      g_assert_cmpuint (verifier->calls, ==, 1);
      g_assert_true (verifier->answered);
      g_assert_true (rdp_array_has_stage (run.stages, RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE));
      g_assert_nonnull (strstr (error->message, "after 4 seconds"));
      g_assert_nonnull (strstr (error->message, "basic settings exchange"));
      /* 4 s of network time in all, the 4.5 s question not counted */
      before_question = verifier->called_at - start;
      g_assert_cmpint (elapsed, >=, 4500 * 1000 + 4 * G_USEC_PER_SEC - 100 * 1000);
      g_assert_cmpint (elapsed - 4500 * 1000 - before_question, <, 4 * G_USEC_PER_SEC + 700 * 1000);

      g_clear_object (&run.result);
      g_array_unref (run.stages);
      g_main_loop_unref (run.loop);
    }
  local_server_stop (server);
}

static void
cancel_during_question_cb (RdpClient      *client,
                           RdpClientStage  stage,
                           gpointer        user_data)
{
}

typedef struct {
  GMainLoop *loop;
  guint completions;
  GError *error;
  gint64 completed_at;
} CancelRun;

static void
cancel_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CancelRun *run = user_data;
  g_autoptr(RdpConnectionResult) connection = NULL;

  run->completions++;
  run->completed_at = g_get_monotonic_time ();
  connection = rdp_client_connect_finish (RDP_CLIENT (source), result, &run->error);
  g_assert_null (connection);
  g_main_loop_quit (run->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelled while the verifier (which ignores its cancellable) decides:
 * the connection completes at once with G_IO_ERROR_CANCELLED, the
 * verifier's cancellable is cancelled, and its late answer changes nothing
 * (no crash, no second completion). It used to wait for the answer. */
static void
test_cancel_while_verifying (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(TestSlowVerifier) verifier = test_slow_verifier_new (1500);
  g_autoptr(RdpClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelRun run = { g_main_loop_new (NULL, FALSE), 0, NULL, 0 };
  LocalServer *server;
  gint64 cancelled_at;
  guint16 port;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (install glib-networking)");
      return;
    }
  certificate = self_signed_certificate ();
  server = local_server_start (tls_silent_serve, G_OBJECT (certificate), &port);

  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_TLS);
  rdp_settings_set_certificate_verifier (settings, RDP_CERTIFICATE_VERIFIER (verifier));
  g_object_set (settings, "connect-timeout", 30, NULL);
  client = rdp_client_new (settings);
  g_signal_connect (client, "progress", G_CALLBACK (cancel_during_question_cb), NULL);
  rdp_client_connect_async (client, "127.0.0.1", port, cancellable, cancel_done_cb, &run);

  /* wait for the question, then cancel 200 ms into it */
  while (verifier->calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (200, quit_cb, run.loop);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (run.completions, ==, 0);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  while (run.completions == 0)
    g_main_loop_run (run.loop);

  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("completed %" G_GINT64_FORMAT " ms after the cancellation",
                  (run.completed_at - cancelled_at) / 1000);
  g_assert_cmpint (run.completed_at - cancelled_at, <, 500 * 1000);
  g_assert_false (verifier->answered);
  g_assert_nonnull (verifier->cancellable);
  g_assert_true (g_cancellable_is_cancelled (verifier->cancellable));
  g_assert_null (rdp_client_get_framed (client));

  /* the late answer */
  while (!verifier->answered)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (200, quit_cb, run.loop);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (run.completions, ==, 1);
  g_assert_null (rdp_client_get_framed (client));

  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  local_server_stop (server);
}

/* A server that sends a byte a second of a Connection Confirm that never
 * ends, for at most 12 s. */
static gint dribble_stop;

static void
dribble_serve (GSocketConnection *connection,
               GObject           *data)
{
  static const guint8 header[] = { 0x03, 0x00, 0xff, 0xff, 0x0e, 0xd0 };
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 5);
  for (guint i = 0; i < 12 && !g_atomic_int_get (&dribble_stop); i++)
    {
      guint8 byte = i < sizeof header ? header[i] : 0;

      if (g_output_stream_write (out, &byte, 1, NULL, NULL) != 1)
        break;
      g_usleep (G_USEC_PER_SEC);
    }
}

/* The blocking connection against a server that dribbles a byte a second:
 * the timeout bounds the whole connection, not each read. It used to hold
 * until the server stopped. */
static void
test_blocking_timeout_dribble (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpClient) client = NULL;
  g_autoptr(RdpConnectionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LocalServer *server;
  gint64 start, elapsed;
  guint16 port;

  g_atomic_int_set (&dribble_stop, 0);
  server = local_server_start (dribble_serve, NULL, &port);
  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_TLS);
  g_object_set (settings, "connect-timeout", 2, NULL);
  client = rdp_client_new (settings);

  start = g_get_monotonic_time ();
  result = rdp_client_connect (client, "127.0.0.1", port, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_atomic_int_set (&dribble_stop, 1);

  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_test_message ("%s (after %" G_GINT64_FORMAT " ms)", error->message, elapsed / 1000);
  g_assert_nonnull (strstr (error->message, "security negotiation"));
  g_assert_cmpint (elapsed, >=, 1900 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  local_server_stop (server);
}

int
main (int argc, char *argv[])
{
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/e2e/connect/%s", servers[i].name);

      g_test_add_data_func (path, &servers[i], test_server);
    }
  g_test_add_func ("/e2e/connect/local/timeout", test_connect_timeout);
  g_test_add_func ("/e2e/connect/local/cancel", test_cancel_silent);
  g_test_add_func ("/e2e/connect/local/server-closes", test_server_closes);
  g_test_add_func ("/e2e/connect/local/timeout-suspended-while-verifying", test_timeout_suspended_while_verifying);
  g_test_add_func ("/e2e/connect/local/cancel-while-verifying", test_cancel_while_verifying);
  g_test_add_func ("/e2e/connect/local/blocking-timeout-dribble", test_blocking_timeout_dribble);
  return g_test_run ();
}
