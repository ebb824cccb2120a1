/* test-e2e-kdc.c: RdpSoupNetworkClient against a real MIT KDC and a real
 * KDC proxy (python3-kdcproxy), started by tests/e2e/start-kdc.sh.
 *
 * The Kerberos messages are real: MIT krb5's sans-I/O API
 * (krb5_init_creds_step, krb5_tkt_creds_step) makes them and reads the
 * replies, and every message goes through the network client, async, on
 * the test's main loop: a TGT and a TERMSRV/localhost ticket through each
 * path (KDC proxy over HTTPS, TCP, UDP); a wrong password; timeouts against
 * a stopped proxy and a stopped KDC (SIGSTOP: a listener that never
 * answers); cancellation on each path.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <krb5.h>

#include <rdp-gio.h>

#include "rdp-test-e2e.h"

/* ---- the fixture: one KDC and proxy for the whole program ---- */

static GHashTable *fixture_vars;  /* KEY=VALUE of start-kdc.sh */
static char *fixture_dir;
static char *skip_reason;
static char *stop_argv[4];

static const char *
var (const char *key)
{
  const char *value = g_hash_table_lookup (fixture_vars, key);

  g_assert_nonnull (value);
  return value;
}

static void
stop_from_signal (int sig)
{
  pid_t pid;

  if (stop_argv[0] != NULL)
    {
      pid = fork ();
      if (pid == 0)
        {
          setsid ();
          execv (stop_argv[0], stop_argv);
          _exit (127);
        }
      if (pid > 0)
        while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
          ;
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
start_fixture (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "e2e", "start-kdc.sh", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[4];
  int status;

  fixture_vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture_dir = g_dir_make_tmp ("rdp-e2e-kdc-XXXXXX", &error);
  g_assert_no_error (error);
  argv[0] = "/bin/bash";
  argv[1] = script;
  argv[2] = fixture_dir;
  argv[3] = NULL;

  stop_argv[0] = g_strdup ("/bin/bash");
  stop_argv[1] = g_test_build_filename (G_TEST_DIST, "e2e", "stop.sh", NULL);
  stop_argv[2] = g_strdup (fixture_dir);
  signal (SIGTERM, stop_from_signal);
  signal (SIGINT, stop_from_signal);
  signal (SIGHUP, stop_from_signal);
  signal (SIGABRT, stop_from_signal);

  status = rdp_test_e2e_run_script (argv, 40, &out, &err);
  if (status == 77)
    {
      skip_reason = g_strdup_printf ("no KDC: %s", err ? g_strstrip (err) : "");
      return;
    }
  if (status != 0)
    g_error ("start-kdc.sh failed (status %d): %s", status, err ? err : "");
  lines = g_strsplit (out, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (fixture_vars, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  g_setenv ("KRB5_CONFIG", var ("KRB5_CONFIG"), TRUE);
}

static void
stop_fixture (void)
{
  g_autofree char *out = NULL;

  signal (SIGTERM, SIG_DFL);
  signal (SIGINT, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  signal (SIGABRT, SIG_DFL);
  rdp_test_e2e_run_script ((const char * const *) stop_argv, 20, &out, NULL);
  if (fixture_dir != NULL && g_getenv ("RDP_E2E_KEEP") == NULL)
    {
      const char *argv[] = { "rm", "-rf", "--", fixture_dir, NULL };

      rdp_test_e2e_run_script (argv, 20, NULL, NULL);
    }
  for (int i = 0; i < 3; i++)
    g_clear_pointer (&stop_argv[i], g_free);
}

static gboolean
need_fixture (void)
{
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return FALSE;
    }
  return TRUE;
}

/* ---- paths ---- */

typedef enum {
  PATH_HTTPS,
  PATH_TCP,
  PATH_UDP,
} Path;

static const char * const path_names[] = { "https", "tcp", "udp" };

static RdpNetworkClient *
new_client (guint timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = NULL;
  RdpNetworkClient *client;

  /* the proxy's self-signed certificate is the one trusted CA */
  database = g_tls_file_database_new (var ("CERT"), &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("tls-database", database, NULL);
  client = rdp_soup_network_client_new (session);
  g_assert_true (rdp_soup_network_client_get_session (RDP_SOUP_NETWORK_CLIENT (client)) == session);
  g_assert_cmpuint (rdp_soup_network_client_get_timeout (RDP_SOUP_NETWORK_CLIENT (client)), ==, 5);
  if (timeout != 0)
    g_object_set (client, "timeout", timeout, NULL);
  return client;
}

static RdpNetworkRequest *
new_request (Path    path,
             GBytes *message)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) url = NULL;
  RdpNetworkProtocol protocol;

  switch (path)
    {
    case PATH_HTTPS:
      text = g_strdup (var ("PROXY_URL"));
      protocol = RDP_NETWORK_PROTOCOL_HTTPS;
      break;
    case PATH_TCP:
      text = g_strdup_printf ("tcp://127.0.0.1:%s", var ("KDC_PORT"));
      protocol = RDP_NETWORK_PROTOCOL_TCP;
      break;
    case PATH_UDP:
    default:
      text = g_strdup_printf ("udp://127.0.0.1:%s", var ("KDC_PORT"));
      protocol = RDP_NETWORK_PROTOCOL_UDP;
      break;
    }
  url = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (url);
  return rdp_network_request_new (protocol, url, var ("REALM"), message);
}

typedef struct {
  GMainLoop *loop;
  GBytes *reply;
  GError *error;
  gboolean done;
} SendResult;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendResult *r = user_data;

  r->reply = rdp_network_client_send_finish (RDP_NETWORK_CLIENT (source), result, &r->error);
  r->done = TRUE;
  g_main_loop_quit (r->loop);
}

/* Sends @message over @path on the test's main loop; the reply, or NULL
 * with @error set. *out_seconds: how long it took. */
static GBytes *
send_message (RdpNetworkClient  *client,
              Path               path,
              GBytes            *message,
              GCancellable      *cancellable,
              double            *out_seconds,
              GError           **error)
{
  g_autoptr(RdpNetworkRequest) request = new_request (path, message);
  SendResult r = { 0 };
  gint64 start = g_get_monotonic_time ();

  r.loop = g_main_loop_new (NULL, FALSE);
  rdp_network_client_send_async (client, request, cancellable, send_cb, &r);
  while (!r.done)
    g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);
  if (out_seconds != NULL)
    *out_seconds = (g_get_monotonic_time () - start) / 1e6;
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.reply;
}

/* ---- Kerberos with MIT krb5's sans-I/O steps ---- */

static void
check_krb5 (krb5_context    context,
            krb5_error_code ret,
            const char     *what)
{
  if (ret != 0)
    {
      const char *message = krb5_get_error_message (context, ret);

      g_error ("%s: %s (%d)", what, message, ret);
    }
}

/* A TGT for rdpuser with @password into @ccache, every AS exchange going
 * through @client over @path. Returns krb5's result; *out_round_trips. */
static krb5_error_code
get_tgt (krb5_context      context,
         RdpNetworkClient *client,
         Path              path,
         const char       *password,
         krb5_ccache       ccache,
         guint            *out_round_trips)
{
  krb5_principal principal = NULL;
  krb5_get_init_creds_opt *options = NULL;
  krb5_init_creds_context creds = NULL;
  g_autoptr(GBytes) reply = NULL;
  krb5_error_code ret;
  guint round_trips = 0;
  g_autofree char *name = g_strdup_printf ("%s@%s", var ("RDP_USER"), var ("REALM"));

  check_krb5 (context, krb5_parse_name (context, name, &principal), "krb5_parse_name");
  check_krb5 (context, krb5_get_init_creds_opt_alloc (context, &options), "opt_alloc");
  check_krb5 (context, krb5_init_creds_init (context, principal, NULL, NULL, 0, options, &creds),
              "krb5_init_creds_init");
  check_krb5 (context, krb5_init_creds_set_password (context, creds, password), "set_password");

  for (;;)
    {
      krb5_data in = { 0 }, out = { 0 }, realm = { 0 };
      unsigned int flags = 0;
      g_autoptr(GBytes) message = NULL;
      g_autoptr(GError) error = NULL;

      if (reply != NULL)
        {
          in.data = (char *) g_bytes_get_data (reply, NULL);
          in.length = g_bytes_get_size (reply);
        }
      ret = krb5_init_creds_step (context, creds, &in, &out, &realm, &flags);
      if (ret != 0 || !(flags & KRB5_INIT_CREDS_STEP_FLAG_CONTINUE))
        {
          krb5_free_data_contents (context, &out);
          krb5_free_data_contents (context, &realm);
          break;
        }
      g_assert_cmpmem (realm.data, realm.length, var ("REALM"), strlen (var ("REALM")));
      message = g_bytes_new (out.data, out.length);
      krb5_free_data_contents (context, &out);
      krb5_free_data_contents (context, &realm);
      g_clear_pointer (&reply, g_bytes_unref);
      reply = send_message (client, path, message, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (reply);
      round_trips++;
      g_assert_cmpuint (round_trips, <=, 5);
    }

  if (ret == 0)
    {
      krb5_creds tgt = { 0 };

      check_krb5 (context, krb5_init_creds_get_creds (context, creds, &tgt), "init_creds_get_creds");
      check_krb5 (context, krb5_cc_initialize (context, ccache, principal), "krb5_cc_initialize");
      check_krb5 (context, krb5_cc_store_cred (context, ccache, &tgt), "krb5_cc_store_cred");
      krb5_free_cred_contents (context, &tgt);
    }
  krb5_init_creds_free (context, creds);
  krb5_get_init_creds_opt_free (context, options);
  krb5_free_principal (context, principal);
  *out_round_trips = round_trips;
  return ret;
}

/* A TERMSRV/localhost ticket with the TGT in @ccache, every TGS exchange
 * going through @client over @path. */
static void
get_service_ticket (krb5_context      context,
                    RdpNetworkClient *client,
                    Path              path,
                    krb5_ccache       ccache)
{
  krb5_creds in_creds = { 0 }, out_creds = { 0 };
  krb5_tkt_creds_context tkt = NULL;
  g_autoptr(GBytes) reply = NULL;
  krb5_error_code ret;
  guint round_trips = 0;
  char *name = NULL;

  check_krb5 (context, krb5_cc_get_principal (context, ccache, &in_creds.client), "get_principal");
  check_krb5 (context, krb5_parse_name (context, var ("TERMSRV"), &in_creds.server), "parse_name");
  check_krb5 (context, krb5_tkt_creds_init (context, ccache, &in_creds, 0, &tkt), "tkt_creds_init");

  for (;;)
    {
      krb5_data in = { 0 }, out = { 0 }, realm = { 0 };
      unsigned int flags = 0;
      g_autoptr(GBytes) message = NULL;
      g_autoptr(GError) error = NULL;

      if (reply != NULL)
        {
          in.data = (char *) g_bytes_get_data (reply, NULL);
          in.length = g_bytes_get_size (reply);
        }
      ret = krb5_tkt_creds_step (context, tkt, &in, &out, &realm, &flags);
      check_krb5 (context, ret, "krb5_tkt_creds_step");
      if (!(flags & KRB5_TKT_CREDS_STEP_FLAG_CONTINUE))
        {
          krb5_free_data_contents (context, &out);
          krb5_free_data_contents (context, &realm);
          break;
        }
      message = g_bytes_new (out.data, out.length);
      krb5_free_data_contents (context, &out);
      krb5_free_data_contents (context, &realm);
      g_clear_pointer (&reply, g_bytes_unref);
      reply = send_message (client, path, message, NULL, NULL, &error);
      g_assert_no_error (error);
      round_trips++;
      g_assert_cmpuint (round_trips, <=, 5);
    }
  g_assert_cmpuint (round_trips, >=, 1);

  check_krb5 (context, krb5_tkt_creds_get_creds (context, tkt, &out_creds), "tkt_creds_get_creds");
  check_krb5 (context, krb5_unparse_name (context, out_creds.server, &name), "unparse_name");
  g_assert_cmpstr (name, ==, var ("TERMSRV"));
  g_assert_cmpuint (out_creds.ticket.length, >, 0);
  krb5_free_unparsed_name (context, name);
  krb5_free_cred_contents (context, &out_creds);
  krb5_free_cred_contents (context, &in_creds);
  krb5_tkt_creds_free (context, tkt);
}

static void
test_tickets (gconstpointer user_data)
{
  Path path = GPOINTER_TO_INT (user_data);
  g_autoptr(RdpNetworkClient) client = NULL;
  krb5_context context = NULL;
  krb5_ccache ccache = NULL;
  krb5_principal principal = NULL;
  char *name = NULL;
  guint round_trips = 0;

  if (!need_fixture ())
    return;
  client = new_client (0);
  check_krb5 (context, krb5_init_context (&context), "krb5_init_context");
  check_krb5 (context, krb5_cc_new_unique (context, "MEMORY", NULL, &ccache), "cc_new_unique");

  check_krb5 (context, get_tgt (context, client, path, var ("RDP_PASSWORD"), ccache, &round_trips),
              "the TGT");
  /* the first AS-REQ has no preauthentication: the KDC asks for it */
  g_assert_cmpuint (round_trips, ==, 2);
  check_krb5 (context, krb5_cc_get_principal (context, ccache, &principal), "get_principal");
  check_krb5 (context, krb5_unparse_name (context, principal, &name), "unparse_name");
  g_assert_cmpstr (name, ==, "rdpuser@TEST.LOCAL");

  get_service_ticket (context, client, path, ccache);

  krb5_free_unparsed_name (context, name);
  krb5_free_principal (context, principal);
  krb5_cc_destroy (context, ccache);
  krb5_free_context (context);
}

static void
test_wrong_password (gconstpointer user_data)
{
  Path path = GPOINTER_TO_INT (user_data);
  g_autoptr(RdpNetworkClient) client = NULL;
  krb5_context context = NULL;
  krb5_ccache ccache = NULL;
  krb5_error_code ret;
  guint round_trips = 0;

  if (!need_fixture ())
    return;
  client = new_client (0);
  check_krb5 (context, krb5_init_context (&context), "krb5_init_context");
  check_krb5 (context, krb5_cc_new_unique (context, "MEMORY", NULL, &ccache), "cc_new_unique");
  /* every reply arrives (get_tgt asserts no network error): the KRB-ERROR
   * is krb5's business */
  ret = get_tgt (context, client, path, "wrong password", ccache, &round_trips);
  {
    const char *message = krb5_get_error_message (context, ret);

    g_test_message ("%s: %s", path_names[path], message);
    krb5_free_error_message (context, message);
  }
  g_assert_true (ret == KRB5KDC_ERR_PREAUTH_FAILED || ret == KRB5KRB_AP_ERR_BAD_INTEGRITY);
  g_assert_cmpuint (round_trips, >=, 2);
  krb5_cc_destroy (context, ccache);
  krb5_free_context (context);
}

/* ---- timeouts and cancellation against a stopped server ---- */

/* Stops the server of @path (SIGSTOP: its sockets still take connections
 * and datagrams, nothing answers) */
static pid_t
stop_server (Path path)
{
  pid_t pid = atoi (var (path == PATH_HTTPS ? "PROXY_PID" : "KDC_PID"));

  g_assert_cmpint (pid, >, 1);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  return pid;
}

/* The first AS-REQ for rdpuser (without preauthentication), as MIT krb5
 * makes it. */
static GBytes *
first_as_req (void)
{
  krb5_context context = NULL;
  krb5_principal principal = NULL;
  krb5_init_creds_context creds = NULL;
  krb5_data in = { 0 }, out = { 0 }, realm = { 0 };
  unsigned int flags = 0;
  g_autofree char *name = g_strdup_printf ("%s@%s", var ("RDP_USER"), var ("REALM"));
  GBytes *message;

  check_krb5 (context, krb5_init_context (&context), "krb5_init_context");
  check_krb5 (context, krb5_parse_name (context, name, &principal), "krb5_parse_name");
  check_krb5 (context, krb5_init_creds_init (context, principal, NULL, NULL, 0, NULL, &creds),
              "krb5_init_creds_init");
  check_krb5 (context, krb5_init_creds_step (context, creds, &in, &out, &realm, &flags),
              "krb5_init_creds_step");
  g_assert_true (flags & KRB5_INIT_CREDS_STEP_FLAG_CONTINUE);
  message = g_bytes_new (out.data, out.length);
  g_assert_cmphex (((guint8 *) out.data)[0], ==, 0x6a);    /* [APPLICATION 10] AS-REQ */
  krb5_free_data_contents (context, &out);
  krb5_free_data_contents (context, &realm);
  krb5_init_creds_free (context, creds);
  krb5_free_principal (context, principal);
  krb5_free_context (context);
  return message;
}

static void
test_timeout (gconstpointer user_data)
{
  Path path = GPOINTER_TO_INT (user_data);
  g_autoptr(RdpNetworkClient) client = NULL;
  g_autoptr(GBytes) message = first_as_req ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;
  pid_t pid;

  if (!need_fixture ())
    return;
  client = new_client (1);
  pid = stop_server (path);
  reply = send_message (client, path, message, NULL, &seconds, &error);
  kill (pid, SIGCONT);
  g_test_message ("%s: %s after %.3f s", path_names[path], error ? error->message : "(reply)", seconds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (reply);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_cmpfloat (seconds, >=, 0.9);
  g_assert_cmpfloat (seconds, <, 2.5);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (gconstpointer user_data)
{
  Path path = GPOINTER_TO_INT (user_data);
  g_autoptr(RdpNetworkClient) client = NULL;
  g_autoptr(GBytes) message = first_as_req ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double seconds = 0;
  pid_t pid;

  if (!need_fixture ())
    return;
  client = new_client (5);
  pid = stop_server (path);
  g_timeout_add (300, cancel_cb, cancellable);
  reply = send_message (client, path, message, cancellable, &seconds, &error);
  kill (pid, SIGCONT);
  g_test_message ("%s: cancelled after %.3f s", path_names[path], seconds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reply);
  /* cancelled after 0.3 s: done well before the 5 s timeout (the bound
   * leaves room for a sanitizer build on a loaded machine) */
  g_assert_cmpfloat (seconds, <, 1.5);

  /* already cancelled: completes at once too */
  g_clear_error (&error);
  reply = send_message (client, path, message, cancellable, &seconds, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (reply);
  g_assert_cmpfloat (seconds, <, 0.5);
}

/* The sync form, from the test's thread, on a private context. */
static void
test_sync_tcp (void)
{
  g_autoptr(RdpNetworkClient) client = NULL;
  g_autoptr(RdpNetworkRequest) request = NULL;
  g_autoptr(GBytes) message = first_as_req ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;

  if (!need_fixture ())
    return;
  client = new_client (0);
  request = new_request (PATH_TCP, message);
  reply = rdp_network_client_send (client, request, NULL, &error);
  g_assert_no_error (error);
  /* a KRB-ERROR ([APPLICATION 30]): preauthentication required */
  data = g_bytes_get_data (reply, &size);
  g_assert_cmpuint (size, >, 2);
  g_assert_cmphex (data[0], ==, 0x7e);
}

/* ---- UDP against a socket of the test: the retry, foreign replies ---- */

typedef struct {
  GSocket *kdc;
  GSocket *other;
  guint datagrams;
  gboolean answer;              /* answer the second datagram */
  GBytes *first;
} FakeKdc;

static GSocket *
udp_socket (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

static guint16
socket_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static gboolean
fake_kdc_readable (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  FakeKdc *fake = user_data;
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[2048];
  gssize n;

  n = g_socket_receive_from (socket, &from, buffer, sizeof buffer, NULL, &error);
  if (n < 0)
    return G_SOURCE_CONTINUE;
  fake->datagrams++;
  if (fake->first == NULL)
    fake->first = g_bytes_new (buffer, n);
  else
    /* the retry is the same datagram */
    g_assert_cmpmem (buffer, n, g_bytes_get_data (fake->first, NULL), g_bytes_get_size (fake->first));
  if (fake->datagrams == 2 && fake->answer)
    {
      /* a datagram from another port first: the client must ignore it */
      g_socket_send_to (fake->other, from, "FOREIGN", 7, NULL, &error);
      g_assert_no_error (error);
      g_socket_send_to (fake->kdc, from, "\x7e\x01\x00", 3, NULL, &error);
      g_assert_no_error (error);
    }
  return G_SOURCE_CONTINUE;
}

static void
run_fake_udp (gboolean answer)
{
  g_autoptr(RdpNetworkClient) client = rdp_soup_network_client_new (NULL);
  g_autoptr(GBytes) message = g_bytes_new_static ("\x6a\x01\x00", 3);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpNetworkRequest) request = NULL;
  g_autoptr(GUri) url = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSource) source = NULL;
  FakeKdc fake = { 0 };
  SendResult r = { 0 };
  gint64 start;
  double seconds;

  fake.kdc = udp_socket ();
  fake.other = udp_socket ();
  fake.answer = answer;
  source = g_socket_create_source (fake.kdc, G_IO_IN, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (fake_kdc_readable), &fake, NULL);
  g_source_attach (source, NULL);

  /* answered: 2 s, so that the retry comes after 1 s; unanswered: 1 s */
  rdp_soup_network_client_set_timeout (RDP_SOUP_NETWORK_CLIENT (client), answer ? 2 : 1);
  text = g_strdup_printf ("udp://127.0.0.1:%u", socket_port (fake.kdc));
  url = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  request = rdp_network_request_new (RDP_NETWORK_PROTOCOL_UDP, url, "TEST.LOCAL", message);
  r.loop = g_main_loop_new (NULL, FALSE);
  start = g_get_monotonic_time ();
  rdp_network_client_send_async (client, request, NULL, send_cb, &r);
  while (!r.done)
    g_main_loop_run (r.loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_main_loop_unref (r.loop);
  g_source_destroy (source);

  g_assert_cmpuint (fake.datagrams, ==, 2);
  g_assert_cmpmem (g_bytes_get_data (fake.first, NULL), g_bytes_get_size (fake.first), "\x6a\x01\x00", 3);
  if (answer)
    {
      g_assert_no_error (r.error);
      g_assert_cmpmem (g_bytes_get_data (r.reply, NULL), g_bytes_get_size (r.reply), "\x7e\x01\x00", 3);
      g_assert_cmpfloat (seconds, >=, 0.9);
      g_assert_cmpfloat (seconds, <, 1.9);
      g_bytes_unref (r.reply);
    }
  else
    {
      g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_assert_null (r.reply);
      g_assert_cmpfloat (seconds, <, 2.5);
      g_error_free (r.error);
    }
  g_bytes_unref (fake.first);
  g_object_unref (fake.kdc);
  g_object_unref (fake.other);
}

/* One datagram, one retry after half the timeout; a datagram from another
 * address does not count as the reply. */
static void
test_udp_retry_and_foreign_reply (void)
{
  run_fake_udp (TRUE);
}

/* Nobody answers: exactly two datagrams, then the timeout. */
static void
test_udp_nobody_answers (void)
{
  run_fake_udp (FALSE);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  for (Path path = PATH_HTTPS; path <= PATH_UDP; path++)
    {
      g_autofree char *tickets = g_strdup_printf ("/e2e-kdc/%s/tickets", path_names[path]);
      g_autofree char *wrong = g_strdup_printf ("/e2e-kdc/%s/wrong-password", path_names[path]);
      g_autofree char *timeout = g_strdup_printf ("/e2e-kdc/%s/timeout", path_names[path]);
      g_autofree char *cancel = g_strdup_printf ("/e2e-kdc/%s/cancel", path_names[path]);

      g_test_add_data_func (tickets, GINT_TO_POINTER (path), test_tickets);
      g_test_add_data_func (wrong, GINT_TO_POINTER (path), test_wrong_password);
      g_test_add_data_func (timeout, GINT_TO_POINTER (path), test_timeout);
      g_test_add_data_func (cancel, GINT_TO_POINTER (path), test_cancel);
    }
  g_test_add_func ("/e2e-kdc/tcp/sync", test_sync_tcp);
  g_test_add_func ("/e2e-kdc/udp/retry-and-foreign-reply", test_udp_retry_and_foreign_reply);
  g_test_add_func ("/e2e-kdc/udp/nobody-answers", test_udp_nobody_answers);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    skip_reason = g_strdup ("GIO has no TLS backend (glib-networking)");
  else
    start_fixture ();
  ret = g_test_run ();
  if (skip_reason == NULL)
    stop_fixture ();
  return ret;
}
