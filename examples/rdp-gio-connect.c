/* rdp-gio-connect: connect to an RDP server and upgrade to TLS
 *
 *   rdp-gio-connect [--ca FILE] [--trust-fingerprint SHA256] HOST[:PORT]
 *
 * Connects with GSocketClient, negotiates TLS with an X.224 Connection
 * Request, upgrades with rdp_tls_upgrade_framed_async() and prints each stage
 * with its elapsed time, the certificate's SHA-256 fingerprint and the size of
 * the server public key. Everything runs on the main loop.
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

/* --- The connection --------------------------------------------------------- */

/* X.224 Connection Request with RDP_NEG_REQ asking for PROTOCOL_SSL
 * ([MS-RDPBCGR] 2.2.1.1): TPKT, CR TPDU, type 1, flags 0, length 8, 1. */
static const guint8 connection_request[] = {
  0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
};

typedef struct {
  GMainLoop *loop;
  GSocketConnectable *address;
  RdpCertificateVerifier *verifier;
  RdpFramed *framed;
  gint64 start;
  int status;
} App;

static void
stage (App        *app,
       const char *what)
{
  g_print ("%6.1f ms  %s\n", (g_get_monotonic_time () - app->start) / 1000.0, what);
}

static void
fail (App          *app,
      const GError *error)
{
  g_printerr ("rdp-gio-connect: %s\n", error->message);
  app->status = EXIT_FAILURE;
  g_main_loop_quit (app->loop);
}

static void
upgraded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(RdpFramed) tls_framed = NULL;
  g_autofree char *fingerprint = NULL;
  GTlsConnection *tls;

  tls_framed = rdp_tls_upgrade_framed_finish (result, &public_key, &error);
  if (tls_framed == NULL)
    {
      fail (app, error);
      return;
    }
  tls = G_TLS_CONNECTION (rdp_framed_get_stream (tls_framed));
  fingerprint = rdp_tls_get_certificate_fingerprint (g_tls_connection_get_peer_certificate (tls));
  stage (app, "TLS established");
  g_print ("certificate SHA-256 %s\nserver public key: %" G_GSIZE_FORMAT " bytes\n",
           fingerprint, g_bytes_get_size (public_key));
  g_main_loop_quit (app->loop);
}

static void
confirm_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdu = NULL;
  const guint8 *data;
  gsize size;

  pdu = rdp_framed_read_by_hint_finish (app->framed, result, &error);
  if (pdu == NULL)
    {
      fail (app, error);
      return;
    }
  stage (app, "X.224 Connection Confirm");

  /* TPKT(4) + CC TPDU(7) + RDP_NEG_RSP/FAILURE(8). */
  data = g_bytes_get_data (pdu, &size);
  if (size < 19 || data[5] != 0xd0)
    {
      g_printerr ("rdp-gio-connect: the server did not confirm the connection\n");
      app->status = EXIT_FAILURE;
      g_main_loop_quit (app->loop);
      return;
    }
  if (data[11] != 0x02 || data[15] != 0x01)
    {
      g_printerr ("rdp-gio-connect: the server refused TLS (negotiation type %u, code %u)\n",
                  data[11], data[15]);
      app->status = EXIT_FAILURE;
      g_main_loop_quit (app->loop);
      return;
    }

  rdp_tls_upgrade_framed_async (app->framed, app->address, app->verifier, NULL, upgraded_cb, app);
}

static void
request_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!rdp_framed_write_all_finish (app->framed, result, &error))
    {
      fail (app, error);
      return;
    }
  rdp_framed_read_by_hint_async (app->framed, RDP_PDU_HINT_X224, G_PRIORITY_DEFAULT, NULL,
                                 confirm_cb, app);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GBytes) request = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      fail (app, error);
      return;
    }
  stage (app, "TCP connected");

  app->framed = rdp_framed_new (G_IO_STREAM (connection));
  request = g_bytes_new_static (connection_request, sizeof connection_request);
  rdp_framed_write_all_async (app->framed, request, G_PRIORITY_DEFAULT, NULL,
                              request_written_cb, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ca_file = NULL;
  g_autofree char *trust_fingerprint = NULL;
  GOptionEntry entries[] = {
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the CAs (or self-signed certificate) in FILE", "FILE" },
    { "trust-fingerprint", 0, 0, G_OPTION_ARG_STRING, &trust_fingerprint,
      "Trust the certificate with this SHA-256 fingerprint", "SHA256" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketClient) client = NULL;
  App app = { 0 };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("HOST[:PORT] — connect to an RDP server and upgrade to TLS");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return EXIT_FAILURE;
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

  app.address = g_network_address_parse (argv[1], 3389, &error);
  if (app.address == NULL)
    {
      g_printerr ("rdp-gio-connect: %s\n", error->message);
      return EXIT_FAILURE;
    }
  app.verifier = g_object_new (EXAMPLE_TYPE_VERIFIER, "database", database, NULL);
  if (trust_fingerprint != NULL)
    EXAMPLE_VERIFIER (app.verifier)->trusted_fingerprint = normalize_fingerprint (trust_fingerprint);
  app.loop = g_main_loop_new (NULL, FALSE);
  app.status = EXIT_SUCCESS;
  app.start = g_get_monotonic_time ();

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 10);
  g_socket_client_connect_async (client, app.address, NULL, connected_cb, &app);
  g_main_loop_run (app.loop);

  g_clear_object (&app.framed);
  g_object_unref (app.verifier);
  g_object_unref (app.address);
  g_main_loop_unref (app.loop);
  return app.status;
}
