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
  /* NLA: the CredSSP point is reached after the TLS upgrade, and CredSSP
   * is not implemented yet */
  { "shadow-nla", "start-shadow.sh", { "auto", "nla", NULL },
    RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID, RDP_SECURITY_PROTOCOL_HYBRID, FALSE,
    RDP_ERROR_NOT_SUPPORTED },
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
  rdp_settings_set_username (settings, "rdpgio");
  rdp_settings_set_password (settings, "rdpgio");
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
  return g_test_run ();
}
