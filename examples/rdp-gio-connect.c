/* rdp-gio-connect: connect to an RDP server with RdpClient
 *
 *   rdp-gio-connect [--user USER] [--domain DOMAIN] [--password-file FILE]
 *                   [--kdc-proxy URL]
 *                   [--ca FILE] [--trust-fingerprint SHA256]
 *                   [--security tls|nla|any|rdp] [--seconds N] HOST[:PORT]
 *
 * Runs the whole connection sequence with rdp_client_connect_async(), prints
 * each stage that RdpClient::progress reports with its elapsed time, the
 * certificate's SHA-256 fingerprint (when TLS is in use), the selected
 * security protocol and the desktop size, then counts the fast-path updates
 * and X.224 PDUs the server sends for N seconds (default 3). Everything runs
 * on the main loop, without threads.
 *
 * The password is read from --password-file, or asked on the terminal
 * without echo when --user is given; never from the command line. The
 * buffers that held it are wiped once RdpSettings has its copy.
 *
 * Standard RDP Security sends the password in clear (rdp-gio supports it
 * only without encryption), and allowing it lets a man in the middle
 * downgrade any connection to it: it is never part of the default or of
 * --security any, only of an explicit --security rdp, which prints a
 * warning.
 *
 * The server certificate is trusted when it validates against --ca (or the
 * system's CAs), when its fingerprint is the one given with
 * --trust-fingerprint, or when the user says so at the prompt: the question
 * is asked asynchronously, from a RdpCertificateVerifier subclass, while the
 * main loop keeps running.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <rdp-gio.h>

/* --- A verifier that asks on the terminal ---------------------------------- */

#define EXAMPLE_TYPE_VERIFIER (example_verifier_get_type ())
G_DECLARE_FINAL_TYPE (ExampleVerifier, example_verifier, EXAMPLE, VERIFIER, RdpCertificateVerifier)

struct _ExampleVerifier {
  RdpCertificateVerifier parent_instance;
  char *trusted_fingerprint;
};

G_DEFINE_FINAL_TYPE (ExampleVerifier, example_verifier, RDP_TYPE_CERTIFICATE_VERIFIER)

static char *
normalize_fingerprint (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static void
answer_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, line != NULL && (line[0] == 'y' || line[0] == 'Y'));
}

static void
example_verifier_verify_async (RdpCertificateVerifier *verifier,
                               const char             *host,
                               guint16                 port,
                               GTlsCertificate        *certificate,
                               GTlsCertificateFlags    errors,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  ExampleVerifier *self = EXAMPLE_VERIFIER (verifier);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *fingerprint = rdp_tls_get_certificate_fingerprint (certificate);
  g_autofree char *plain = normalize_fingerprint (fingerprint);
  static GDataInputStream *terminal;

  if (self->trusted_fingerprint != NULL)
    {
      /* Only the fingerprint the user gave decides, no prompt. */
      g_task_return_boolean (task, g_str_equal (plain, self->trusted_fingerprint));
      return;
    }
  if (!isatty (STDIN_FILENO))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_print ("The certificate of %s:%u is not trusted (flags 0x%x).\n"
           "SHA-256 fingerprint: %s\nTrust it for this connection? [y/N] ",
           host, port, (guint) errors, fingerprint);
  if (terminal == NULL)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      terminal = g_data_input_stream_new (in);
    }
  g_data_input_stream_read_line_async (terminal, G_PRIORITY_DEFAULT, cancellable,
                                       answer_read_cb, g_steal_pointer (&task));
}

static gboolean
example_verifier_verify_finish (RdpCertificateVerifier  *verifier,
                                GAsyncResult            *result,
                                GError                 **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
example_verifier_finalize (GObject *object)
{
  g_free (EXAMPLE_VERIFIER (object)->trusted_fingerprint);
  G_OBJECT_CLASS (example_verifier_parent_class)->finalize (object);
}

static void
example_verifier_class_init (ExampleVerifierClass *klass)
{
  RdpCertificateVerifierClass *verifier_class = RDP_CERTIFICATE_VERIFIER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = example_verifier_finalize;
  verifier_class->verify_async = example_verifier_verify_async;
  verifier_class->verify_finish = example_verifier_verify_finish;
}

static void
example_verifier_init (ExampleVerifier *self)
{
}

/* --- The password ------------------------------------------------------------ */

/* Reads one line from @fd into @buf (at most @size - 1 bytes), without the
 * newline; with read() rather than stdio so that nothing stays buffered
 * for the terminal stream of the verifier. */
static gboolean
read_line_fd (int    fd,
              char  *buf,
              gsize  size)
{
  gsize len = 0;
  char c;
  ssize_t r;

  while ((r = read (fd, &c, 1)) == 1 && c != '\n')
    if (len + 1 < size)
      buf[len++] = c;
  buf[len] = '\0';
  return r == 1 || len > 0;
}

/* Asks for the password on the terminal without echo. */
static char *
ask_password (const char *user)
{
  struct termios old, quiet;
  char buf[512];
  gboolean echo_off;
  char *password = NULL;

  g_print ("Password for %s: ", user);
  echo_off = tcgetattr (STDIN_FILENO, &old) == 0;
  if (echo_off)
    {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (read_line_fd (STDIN_FILENO, buf, sizeof buf))
    password = g_strdup (buf);
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSANOW, &old);
  explicit_bzero (buf, sizeof buf);
  return password;
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

/* --- The connection --------------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  RdpClient *client;
  GCancellable *reading;
  gboolean have_user;
  gint64 start;
  guint seconds;
  guint fast_path;
  guint x224;
  int status;
} App;

static void
say (App        *app,
     const char *what)
{
  g_print ("%8.1f ms  %s\n", (g_get_monotonic_time () - app->start) / 1000.0, what);
}

static void
fail (App          *app,
      const GError *error)
{
  g_printerr ("rdp-gio-connect: %s\n", error->message);
  /* The two errors a user can act on get a hint: the message itself is
   * translated, these lines are not, so a script can look for them. */
  if (g_error_matches (error, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED))
    g_printerr ("rdp-gio-connect: authentication failed: %s\n",
                app->have_user ? "check --user, --domain and the password"
                               : "the server requires a login: give --user (and --password-file)");
  else if (g_error_matches (error, RDP_ERROR, RDP_ERROR_NLA_REQUIRED))
    g_printerr ("rdp-gio-connect: the server requires Network Level Authentication: "
                "allow it with --security nla or any, and give --user\n");
  app->status = EXIT_FAILURE;
  g_main_loop_quit (app->loop);
}

static const char *
stage_name (RdpClientStage stage)
{
  switch (stage)
    {
    case RDP_CLIENT_STAGE_CONNECTING: return "connecting (TCP)";
    case RDP_CLIENT_STAGE_NEGOTIATING: return "negotiating (X.224)";
    case RDP_CLIENT_STAGE_SECURITY_UPGRADE: return "security upgrade (TLS)";
    case RDP_CLIENT_STAGE_AUTHENTICATING: return "authenticating (CredSSP)";
    case RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE: return "basic settings exchange (MCS)";
    case RDP_CLIENT_STAGE_CHANNEL_CONNECTION: return "channel connection";
    case RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE: return "secure settings exchange (Client Info)";
    case RDP_CLIENT_STAGE_LICENSING: return "licensing";
    case RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE: return "capabilities exchange";
    case RDP_CLIENT_STAGE_FINALIZATION: return "finalization";
    case RDP_CLIENT_STAGE_CONNECTED: return "connected: active stage";
    default: return "unknown stage";
    }
}

static const char *
protocol_name (RdpSecurityProtocol protocol)
{
  if (protocol & RDP_SECURITY_PROTOCOL_HYBRID_EX)
    return "nla (HYBRID_EX)";
  if (protocol & RDP_SECURITY_PROTOCOL_HYBRID)
    return "nla (HYBRID)";
  if (protocol & RDP_SECURITY_PROTOCOL_TLS)
    return "tls";
  return "rdp (standard security)";
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             gpointer        user_data)
{
  say (user_data, stage_name (stage));
}

static void
print_counts (App *app)
{
  g_print ("in %u s: %u fast-path updates, %u X.224 PDUs\n",
           app->seconds, app->fast_path, app->x224);
}

static void
pdus_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  App *app = user_data;
  RdpFramed *framed = RDP_FRAMED (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdus = NULL;

  pdus = rdp_framed_read_pdus_finish (framed, result, &error);
  if (pdus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The --seconds timer ran out. */
          print_counts (app);
          g_main_loop_quit (app->loop);
          return;
        }
      print_counts (app);
      fail (app, error);
      return;
    }
  for (guint i = 0; i < pdus->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (pdus->pdata[i], &size);

      if (size > 0 && (RdpAction) (data[0] & 3) == RDP_ACTION_X224)
        app->x224++;
      else
        app->fast_path++;
    }
  rdp_framed_read_pdus_async (framed, 0, G_PRIORITY_DEFAULT, app->reading, pdus_read_cb, app);
}

static gboolean
time_up_cb (gpointer user_data)
{
  App *app = user_data;

  g_cancellable_cancel (app->reading);
  return G_SOURCE_REMOVE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpConnectionResult) connection = NULL;
  RdpSecurityProtocol protocol;
  RdpFramed *framed;
  GIOStream *stream;

  connection = rdp_client_connect_finish (app->client, result, &error);
  if (connection == NULL)
    {
      fail (app, error);
      return;
    }

  framed = rdp_client_get_framed (app->client);
  stream = rdp_framed_get_stream (framed);
  protocol = rdp_connection_result_get_selected_protocol (connection);
  if (G_IS_TLS_CONNECTION (stream))
    {
      GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (stream));
      g_autofree char *fingerprint = rdp_tls_get_certificate_fingerprint (certificate);
      g_autoptr(GBytes) key = rdp_tls_get_server_public_key (certificate, NULL);

      g_print ("certificate SHA-256 %s\n", fingerprint);
      if (key != NULL)
        g_print ("server public key: %" G_GSIZE_FORMAT " bytes\n", g_bytes_get_size (key));
    }
  g_print ("selected protocol: %s\n", protocol_name (protocol));
  g_print ("desktop size: %ux%u\n",
           rdp_connection_result_get_desktop_width (connection),
           rdp_connection_result_get_desktop_height (connection));
  g_print ("counting updates for %u s…\n", app->seconds);

  app->reading = g_cancellable_new ();
  g_timeout_add_seconds (app->seconds, time_up_cb, app);
  rdp_framed_read_pdus_async (framed, 0, G_PRIORITY_DEFAULT, app->reading, pdus_read_cb, app);
}

static gboolean
parse_security (const char           *text,
                RdpSecurityProtocol  *out)
{
  if (g_str_equal (text, "tls"))
    *out = RDP_SECURITY_PROTOCOL_TLS;
  else if (g_str_equal (text, "rdp"))
    *out = RDP_SECURITY_PROTOCOL_STANDARD;
  else if (g_str_equal (text, "nla"))
    *out = RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  else if (g_str_equal (text, "any"))
    /* never Standard RDP Security: it must be asked for by name */
    *out = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  else
    return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *user = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *kdc_proxy = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *trust_fingerprint = NULL;
  g_autofree char *security = NULL;
  int seconds = 3;
  GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "Log on as USER", "USER" },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain, "The user's domain", "DOMAIN" },
    { "kdc-proxy", 0, 0, G_OPTION_ARG_STRING, &kdc_proxy,
      "Authenticate with Kerberos through this KDC proxy (MS-KKDCP)", "URL" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the password from the first line of FILE (otherwise it is asked on the terminal)", "FILE" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the CAs (or self-signed certificate) in FILE", "FILE" },
    { "trust-fingerprint", 0, 0, G_OPTION_ARG_STRING, &trust_fingerprint,
      "Trust the certificate with this SHA-256 fingerprint", "SHA256" },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security,
      "The security protocols to allow: tls, nla, any (tls and nla, the default) or rdp "
      "(Standard RDP Security alone: INSECURE, the password is sent in clear)", "PROTO" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Count updates for N seconds (default 3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(RdpSettings) settings = NULL;
  g_autofree char *host = NULL;
  guint16 port = 3389;
  App app = { 0 };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("HOST[:PORT] — connect to an RDP server and count its updates");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return EXIT_FAILURE;
    }
  if (seconds < 1)
    {
      g_printerr ("rdp-gio-connect: --seconds must be at least 1\n");
      return EXIT_FAILURE;
    }

  settings = rdp_settings_new ();
  if (security != NULL)
    {
      RdpSecurityProtocol protocols;

      if (!parse_security (security, &protocols))
        {
          g_printerr ("rdp-gio-connect: --security must be tls, rdp, nla or any\n");
          return EXIT_FAILURE;
        }
      rdp_settings_set_security_protocols (settings, protocols);
      if (protocols & RDP_SECURITY_PROTOCOL_STANDARD)
        g_printerr ("rdp-gio-connect: WARNING: --security rdp: Standard RDP Security sends the "
                    "password in clear and does not authenticate the server; anyone on the way "
                    "can read it. Use it only on a network you control.\n");
    }

  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, &error);
      if (database == NULL)
        {
          g_printerr ("rdp-gio-connect: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  {
    g_autoptr(GSocketConnectable) address = g_network_address_parse (argv[1], 3389, &error);

    if (address == NULL)
      {
        g_printerr ("rdp-gio-connect: %s\n", error->message);
        return EXIT_FAILURE;
      }
    host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (address)));
    port = g_network_address_get_port (G_NETWORK_ADDRESS (address));
  }

  if (user != NULL)
    rdp_settings_set_username (settings, user);
  if (domain != NULL)
    rdp_settings_set_domain (settings, domain);
  if (kdc_proxy != NULL)
    rdp_settings_set_kdc_proxy_url (settings, kdc_proxy);
  if (password_file != NULL || user != NULL)
    {
      char *password = NULL;

      if (password_file != NULL)
        {
          gsize length;

          if (!g_file_get_contents (password_file, &password, &length, &error))
            {
              g_printerr ("rdp-gio-connect: %s\n", error->message);
              return EXIT_FAILURE;
            }
          /* The first line only. */
          password[strcspn (password, "\r\n")] = '\0';
          if (length > 0)
            explicit_bzero (password + strlen (password), length - strlen (password));
        }
      else if (isatty (STDIN_FILENO))
        password = ask_password (user);

      if (password == NULL)
        g_printerr ("rdp-gio-connect: no password (no --password-file, and %s): "
                    "logging on with an empty one\n",
                    isatty (STDIN_FILENO) ? "none was typed" : "standard input is not a terminal");

      if (password != NULL)
        {
          rdp_settings_set_password (settings, password);
          wipe_string (password);
          g_free (password);
        }
    }

  verifier = g_object_new (EXAMPLE_TYPE_VERIFIER, "database", database, NULL);
  if (trust_fingerprint != NULL)
    EXAMPLE_VERIFIER (verifier)->trusted_fingerprint = normalize_fingerprint (trust_fingerprint);
  rdp_settings_set_certificate_verifier (settings, verifier);

  app.loop = g_main_loop_new (NULL, FALSE);
  app.status = EXIT_SUCCESS;
  app.seconds = (guint) seconds;
  app.have_user = user != NULL;
  app.client = rdp_client_new (settings);
  g_signal_connect (app.client, "progress", G_CALLBACK (progress_cb), &app);

  app.start = g_get_monotonic_time ();
  rdp_client_connect_async (app.client, host, port, NULL, connected_cb, &app);
  g_main_loop_run (app.loop);

  g_clear_object (&app.reading);
  g_object_unref (app.client);
  g_main_loop_unref (app.loop);
  return app.status;
}
