/* test-tls.c: the TLS upgrade against a local GTlsServerConnection, each
 * trust path, and the server public key
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <rdp-gio.h>

#include "rdp-test-utils.h"

/* ------------------------------------------------------------------------ */
/* Test certificates (tests/certs, made by make-certs.sh) */

static char *
cert_path (const char *name,
           const char *suffix)
{
  g_autofree char *file = g_strconcat (name, suffix, NULL);

  return g_test_build_filename (G_TEST_DIST, "certs", file, NULL);
}

static GTlsCertificate *
load_certificate (const char *name,
                  gboolean    with_key)
{
  g_autofree char *pem = cert_path (name, ".pem");
  g_autofree char *key = cert_path (name, "-key.pem");
  g_autoptr(GError) error = NULL;
  GTlsCertificate *cert;

  if (with_key)
    cert = g_tls_certificate_new_from_files (pem, key, &error);
  else
    cert = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  return cert;
}

static char *
load_text (const char *name,
           const char *suffix)
{
  g_autofree char *path = cert_path (name, suffix);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

static GBytes *
load_hex (const char *name)
{
  g_autofree char *text = load_text (name, ".pubkey.hex");
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = rdp_test_parse_hex (text, &error);
  g_assert_no_error (error);
  return bytes;
}

static GTlsDatabase *
ca_database (void)
{
  g_autofree char *path = cert_path ("ca", ".pem");
  g_autoptr(GError) error = NULL;
  GTlsDatabase *db;

  db = g_tls_file_database_new (path, &error);
  g_assert_no_error (error);
  return db;
}

static RdpKnownHosts *
temp_known_hosts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rdp-gio-test-XXXXXX", NULL);
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "known_hosts", NULL);
  return rdp_known_hosts_new (path);
}

static void
remove_known_hosts (RdpKnownHosts *known_hosts)
{
  const char *path = rdp_known_hosts_get_path (known_hosts);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_remove (lock);
  g_rmdir (dir);
}

static void
iterate_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------------ */
/* A verifier that answers later */

#define TEST_TYPE_VERIFIER (test_verifier_get_type ())
G_DECLARE_FINAL_TYPE (TestVerifier, test_verifier, TEST, VERIFIER, RdpCertificateVerifier)

struct _TestVerifier {
  RdpCertificateVerifier parent_instance;

  /* how to answer */
  guint delay_ms;               /* G_MAXUINT: only when cancelled */
  gboolean accept;
  GError *refusal;              /* returned when not accepting, if set */
  GCancellable *cancel_on_call; /* cancelled a little after the call */

  /* what it was asked */
  guint calls;
  char *host;
  guint16 port;
  GTlsCertificate *certificate;
  GTlsCertificateFlags errors;
  GCancellable *cancellable;    /* the one it was given */
  gint64 called_at;             /* monotonic */
  gboolean answered;
};

G_DEFINE_FINAL_TYPE (TestVerifier, test_verifier, RDP_TYPE_CERTIFICATE_VERIFIER)

static void
test_verifier_init (TestVerifier *self)
{
}

static void
test_verifier_finalize (GObject *object)
{
  TestVerifier *self = TEST_VERIFIER (object);

  g_free (self->host);
  g_clear_object (&self->certificate);
  g_clear_error (&self->refusal);
  g_clear_object (&self->cancel_on_call);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (test_verifier_parent_class)->finalize (object);
}

static void
answer (GTask *task)
{
  TestVerifier *self = g_task_get_source_object (task);

  self->answered = TRUE;
  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->accept)
    g_task_return_boolean (task, TRUE);
  else if (self->refusal != NULL)
    g_task_return_error (task, g_error_copy (self->refusal));
  else
    g_task_return_boolean (task, FALSE);
}

static gboolean
answer_timeout_cb (gpointer user_data)
{
  answer (user_data);
  return G_SOURCE_REMOVE;
}

static void
answer_on_cancel_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, answer_timeout_cb, g_object_ref (user_data), g_object_unref);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_verifier_verify_async (RdpCertificateVerifier *verifier,
                            const char             *host,
                            guint16                 port,
                            GTlsCertificate        *certificate,
                            GTlsCertificateFlags    errors,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  TestVerifier *self = TEST_VERIFIER (verifier);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  g_free (self->host);
  self->host = g_strdup (host);
  self->port = port;
  g_set_object (&self->certificate, certificate);
  self->errors = errors;
  g_set_object (&self->cancellable, cancellable);
  self->called_at = g_get_monotonic_time ();

  if (self->delay_ms == G_MAXUINT)
    {
      g_assert_nonnull (cancellable);
      g_cancellable_connect (cancellable, G_CALLBACK (answer_on_cancel_cb),
                             g_object_ref (task), g_object_unref);
    }
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, answer_timeout_cb,
                        g_object_ref (task), g_object_unref);
  if (self->cancel_on_call != NULL)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 50, cancel_cb,
                        g_object_ref (self->cancel_on_call), g_object_unref);
  g_object_unref (task);
}

static gboolean
test_verifier_verify_finish (RdpCertificateVerifier  *verifier,
                             GAsyncResult            *result,
                             GError                 **error)
{
  g_assert_true (g_task_is_valid (result, verifier));
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_verifier_class_init (TestVerifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_verifier_finalize;
  RDP_CERTIFICATE_VERIFIER_CLASS (klass)->verify_async = test_verifier_verify_async;
  RDP_CERTIFICATE_VERIFIER_CLASS (klass)->verify_finish = test_verifier_verify_finish;
}

static TestVerifier *
test_verifier_new (GTlsDatabase  *database,
                   RdpKnownHosts *known_hosts,
                   guint          delay_ms,
                   gboolean       accept)
{
  TestVerifier *self = g_object_new (TEST_TYPE_VERIFIER,
                                     "database", database,
                                     "known-hosts", known_hosts,
                                     NULL);

  self->delay_ms = delay_ms;
  self->accept = accept;
  return self;
}

/* ------------------------------------------------------------------------ */
/* A server and a client over a socket pair, on the same main context */

typedef struct {
  GIOStream *client;            /* the plain client end */
  GIOStream *server;            /* the plain server end */
  GTlsConnection *server_tls;
  gboolean server_done;
  GError *server_error;

  gboolean client_done;
  GTlsConnection *client_tls;
  RdpFramed *client_framed;
  GBytes *public_key;
  GError *client_error;
  gboolean answered_before_done;
  TestVerifier *verifier;       /* to check it answered before completion */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  rdp_test_socket_pair (&f->client, &f->server);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server_tls != NULL)
    iterate_until (&f->server_done);
  g_clear_object (&f->server_tls);
  g_clear_error (&f->server_error);
  g_clear_object (&f->client_tls);
  g_clear_object (&f->client_framed);
  g_clear_pointer (&f->public_key, g_bytes_unref);
  g_clear_error (&f->client_error);
  g_clear_object (&f->verifier);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

static void
server_handshake_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fixture *f = user_data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &f->server_error);
  f->server_done = TRUE;
}

static void
server_start (Fixture    *f,
              const char *cert_name)
{
  g_autoptr(GTlsCertificate) cert = load_certificate (cert_name, TRUE);
  g_autoptr(GError) error = NULL;

  f->server_tls = G_TLS_CONNECTION (g_tls_server_connection_new (f->server, cert, &error));
  g_assert_no_error (error);
  g_tls_connection_handshake_async (f->server_tls, G_PRIORITY_DEFAULT, NULL,
                                    server_handshake_cb, f);
}

static void
upgrade_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (source);
  g_assert_false (f->client_done);
  f->client_tls = rdp_tls_upgrade_finish (result, &f->public_key, &f->client_error);
  g_assert_true ((f->client_tls == NULL) == (f->client_error != NULL));
  g_assert_true ((f->client_tls == NULL) == (f->public_key == NULL));
  if (f->verifier != NULL)
    f->answered_before_done = f->verifier->answered;
  f->client_done = TRUE;
}

static GSocketConnectable *
localhost (void)
{
  return g_network_address_new ("localhost", 3389);
}

/* Runs the server with @cert_name and the upgrade with @verifier until the
 * upgrade is done. */
static void
run_upgrade (Fixture                *f,
             const char             *cert_name,
             RdpCertificateVerifier *verifier,
             GCancellable           *cancellable)
{
  g_autoptr(GSocketConnectable) identity = localhost ();

  if (cert_name != NULL)
    server_start (f, cert_name);
  rdp_tls_upgrade_async (f->client, identity, verifier, cancellable, upgrade_cb, f);
  iterate_until (&f->client_done);
}

static void
assert_public_key (GBytes     *key,
                   const char *cert_name)
{
  g_autoptr(GBytes) expected = load_hex (cert_name);

  g_assert_nonnull (key);
  g_assert_cmpmem (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* The connection works after the upgrade: the client's bytes reach the
 * server through TLS. */
static void
assert_connection_works (Fixture *f)
{
  static const char message[] = "\x03\x00\x00\x08ping";
  g_autoptr(GError) error = NULL;
  char buffer[sizeof message - 1];
  gsize n = 0;

  iterate_until (&f->server_done);
  g_assert_no_error (f->server_error);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (f->client_tls)),
                             message, sizeof message - 1, &n, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (f->server_tls)),
                           buffer, sizeof buffer, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, message, sizeof message - 1);
}

/* ------------------------------------------------------------------------ */
/* Trust paths */

static void
test_validated (Fixture       *f,
                gconstpointer  data)
{
  const char *cert_name = data;
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(GTlsCertificate) expected = load_certificate (cert_name, FALSE);

  f->verifier = test_verifier_new (db, NULL, 0, FALSE);
  run_upgrade (f, cert_name, RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);

  g_assert_no_error (f->client_error);
  g_assert_true (G_IS_TLS_CLIENT_CONNECTION (f->client_tls));
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  g_assert_cmpuint (g_tls_connection_get_peer_certificate_errors (f->client_tls), ==, 0);
  g_assert_true (g_tls_certificate_is_same (g_tls_connection_get_peer_certificate (f->client_tls),
                                            expected));
  assert_public_key (f->public_key, cert_name);
  assert_connection_works (f);
}

/* A pin and a certificate authority: the authority wins, the pin is not
 * consulted. */
static void
test_validated_beats_stale_pin (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autofree char *other = load_text ("self-signed-2", ".sha256");
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;

  rdp_known_hosts_add_fingerprint (kh, "localhost", 3389, other, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (db, kh);
  run_upgrade (f, "server-rsa", verifier, NULL);
  g_assert_no_error (f->client_error);
  remove_known_hosts (kh);
}

static void
test_no_verifier (Fixture       *f,
                  gconstpointer  data)
{
  const char *cert_name = data;

  run_upgrade (f, cert_name, NULL, NULL);
  g_assert_error (f->client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (f->client_error->message, "localhost:3389"));
  g_assert_null (f->client_tls);
  /* the stream under the failed connection was closed */
  g_assert_true (g_io_stream_is_closed (f->client));
}

/* The base class (no override) trusts its database and known hosts only. */
static void
test_base_verifier_refuses (Fixture       *f,
                            gconstpointer  data)
{
  const char *cert_name = data;
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (db, NULL);

  g_assert_true (rdp_certificate_verifier_get_database (verifier) == db);
  g_assert_null (rdp_certificate_verifier_get_known_hosts (verifier));
  run_upgrade (f, cert_name, verifier, NULL);
  g_assert_error (f->client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_pinned (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(GTlsCertificate) cert = load_certificate ("self-signed", FALSE);
  g_autoptr(GError) error = NULL;

  rdp_known_hosts_add (kh, "localhost", 3389, cert, &error);
  g_assert_no_error (error);

  f->verifier = test_verifier_new (NULL, kh, 0, FALSE);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  assert_public_key (f->public_key, "self-signed");
  assert_connection_works (f);
  remove_known_hosts (kh);
}

/* A pin for another port does not count. */
static void
test_pinned_other_port (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(GTlsCertificate) cert = load_certificate ("self-signed", FALSE);
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;

  rdp_known_hosts_add (kh, "localhost", 3390, cert, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (NULL, kh);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_error (f->client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  remove_known_hosts (kh);
}

static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autofree char *known = load_text ("self-signed-2", ".sha256");
  g_autofree char *presented = load_text ("self-signed", ".sha256");
  g_autoptr(GError) error = NULL;

  rdp_known_hosts_add_fingerprint (kh, "localhost", 3389, known, &error);
  g_assert_no_error (error);

  /* Even a verifier that would accept anything is not asked. */
  f->verifier = test_verifier_new (NULL, kh, 0, TRUE);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED);
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  g_assert_nonnull (strstr (f->client_error->message, known));
  g_assert_nonnull (strstr (f->client_error->message, presented));
  g_assert_nonnull (strstr (f->client_error->message, "localhost:3389"));
  g_assert_true (g_io_stream_is_closed (f->client));

  /* The details, also in a copy of the error */
  {
    g_autoptr(GTlsCertificate) expected = load_certificate ("self-signed", FALSE);
    g_autoptr(GError) copy = g_error_copy (f->client_error);
    const GError *errors[] = { f->client_error, copy };
    gsize i;

    for (i = 0; i < G_N_ELEMENTS (errors); i++)
      {
        g_autofree char *got_known = NULL;
        g_autofree char *got_presented = NULL;
        g_autoptr(GTlsCertificate) got_cert = NULL;

        g_assert_true (rdp_tls_error_get_certificate_change (errors[i], &got_known,
                                                             &got_presented, &got_cert));
        g_assert_cmpstr (got_known, ==, known);
        g_assert_cmpstr (got_presented, ==, presented);
        g_assert_true (g_tls_certificate_is_same (got_cert, expected));
      }
    g_assert_true (rdp_tls_error_get_certificate_change (copy, NULL, NULL, NULL));
  }

  /* The user accepts the change: pin the new certificate, and the next
   * connection goes through. */
  {
    g_autoptr(GTlsCertificate) presented_cert = NULL;

    g_assert_true (rdp_tls_error_get_certificate_change (f->client_error, NULL, NULL,
                                                         &presented_cert));
    rdp_known_hosts_add (kh, "localhost", 3389, presented_cert, &error);
    g_assert_no_error (error);
  }
  fixture_teardown (f, NULL);
  memset (f, 0, sizeof *f);
  fixture_setup (f, NULL);
  f->verifier = test_verifier_new (NULL, kh, 0, FALSE);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  remove_known_hosts (kh);
}

/* A damaged line (a NUL byte) before the pin does not hide it: the server
 * whose certificate changed still fails, and the verifier is not asked. */
static void
test_changed_after_nul (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autofree char *known = load_text ("self-signed-2", ".sha256");
  g_autoptr(GString) contents = g_string_new ("other.example 3389 ");
  g_autoptr(GError) error = NULL;

  g_string_append (contents, known);
  g_string_append_len (contents, "\nbroken\0line\n", 13);
  g_string_append_printf (contents, "localhost 3389 %s\n", known);
  g_file_set_contents (rdp_known_hosts_get_path (kh), contents->str, (gssize) contents->len,
                       &error);
  g_assert_no_error (error);

  f->verifier = test_verifier_new (NULL, kh, 0, TRUE);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED);
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  g_assert_nonnull (strstr (f->client_error->message, known));
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (kh), ==, 1);
  remove_known_hosts (kh);
}

/* Unblocks a reader stuck opening the FIFO (what the lookup did before it
 * refused FIFOs), so that the test fails instead of hanging. */
typedef struct {
  const char *path;
  gint done;            /* atomic */
} FifoWatchdog;

static gpointer
fifo_watchdog_thread (gpointer data)
{
  FifoWatchdog *w = data;
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&w->done))
    {
      if (g_get_monotonic_time () >= deadline)
        {
          /* succeeds only while a reader has it open */
          int fd = open (w->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

          if (fd >= 0)
            close (fd);
        }
      g_usleep (10 * 1000);
    }
  return NULL;
}

typedef struct {
  Fixture *f;
  GMainLoop *loop;
  gboolean timed_out;
  gint64 last_tick;
  gint64 max_gap;       /* the longest the main loop did not run */
} FifoRun;

static void
fifo_upgrade_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FifoRun *run = user_data;

  upgrade_cb (source, result, run->f);
  g_main_loop_quit (run->loop);
}

static gboolean
fifo_tick_cb (gpointer user_data)
{
  FifoRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  run->max_gap = MAX (run->max_gap, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
fifo_timeout_cb (gpointer user_data)
{
  FifoRun *run = user_data;

  run->timed_out = TRUE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

/* A FIFO in the place of known_hosts (nobody writes to it): the upgrade fails
 * with a clear error, and the main loop never stops running meanwhile (a
 * ticker measures the longest time it did not run; the lookup of old
 * blocked it until the watchdog, 3 s). */
static void
test_known_hosts_fifo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(GSocketConnectable) identity = localhost ();
  FifoWatchdog watchdog = { rdp_known_hosts_get_path (kh), 0 };
  FifoRun run = { f, g_main_loop_new (NULL, FALSE), FALSE, 0, 0 };
  GThread *thread;
  guint timeout_id, tick_id;

  g_assert_cmpint (mkfifo (rdp_known_hosts_get_path (kh), 0600), ==, 0);
  thread = g_thread_new ("fifo-watchdog", fifo_watchdog_thread, &watchdog);

  f->verifier = test_verifier_new (NULL, kh, 0, TRUE);
  server_start (f, "self-signed");
  /* A main loop that is not blocked ends this within 10 s, whatever the
   * upgrade does. */
  timeout_id = g_timeout_add (10 * 1000, fifo_timeout_cb, &run);
  run.last_tick = g_get_monotonic_time ();
  tick_id = g_timeout_add (10, fifo_tick_cb, &run);
  rdp_tls_upgrade_async (f->client, identity, RDP_CERTIFICATE_VERIFIER (f->verifier), NULL,
                         fifo_upgrade_cb, &run);
  g_main_loop_run (run.loop);

  g_atomic_int_set (&watchdog.done, 1);
  g_thread_join (thread);
  fifo_tick_cb (&run);
  g_source_remove (tick_id);
  if (!run.timed_out)
    g_source_remove (timeout_id);

  g_test_message ("the main loop stood still for %" G_GINT64_FORMAT " ms at most",
                  run.max_gap / 1000);
  g_assert_false (run.timed_out);
  g_assert_true (f->client_done);
  g_assert_cmpint (run.max_gap, <, 2 * G_USEC_PER_SEC);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (f->client_error->message, rdp_known_hosts_get_path (kh)));
  g_assert_cmpuint (f->verifier->calls, ==, 0);
  g_assert_null (f->client_tls);
  g_assert_true (g_io_stream_is_closed (f->client));

  g_main_loop_unref (run.loop);
  remove_known_hosts (kh);
}

/* Other errors carry no certificate change. */
static void
test_no_change_details (void)
{
  g_autoptr(GError) plain = g_error_new_literal (RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "x");
  g_autofree char *known = NULL;

  g_assert_false (rdp_tls_error_get_certificate_change (plain, &known, NULL, NULL));
  g_assert_false (rdp_tls_error_get_certificate_change (other, &known, NULL, NULL));
  g_assert_null (known);
}

static void
test_verifier_accepts_later (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GTlsCertificate) expected = load_certificate ("self-signed", FALSE);
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GTlsDatabase) db = ca_database ();
  gint64 start;

  f->verifier = test_verifier_new (db, NULL, 200, TRUE);
  server_start (f, "self-signed");
  start = g_get_monotonic_time ();
  rdp_tls_upgrade_async (f->client, identity, RDP_CERTIFICATE_VERIFIER (f->verifier), NULL,
                         upgrade_cb, f);

  /* The handshake is over long before the answer; nothing completes and
   * the server sees nothing but the handshake. */
  iterate_until (&f->server_done);
  g_assert_no_error (f->server_error);
  g_assert_false (f->client_done);

  iterate_until (&f->client_done);
  g_assert_no_error (f->client_error);
  g_assert_true (f->answered_before_done);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);

  g_assert_cmpuint (f->verifier->calls, ==, 1);
  g_assert_cmpstr (f->verifier->host, ==, "localhost");
  g_assert_cmpuint (f->verifier->port, ==, 3389);
  g_assert_true (g_tls_certificate_is_same (f->verifier->certificate, expected));
  g_assert_true (f->verifier->errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  assert_public_key (f->public_key, "self-signed");
  assert_connection_works (f);
}

static void
test_verifier_wrong_host (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GTlsDatabase) db = ca_database ();

  f->verifier = test_verifier_new (db, NULL, 10, TRUE);
  run_upgrade (f, "wrong-host", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpuint (f->verifier->calls, ==, 1);
  g_assert_cmpuint (f->verifier->errors, ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
}

static void
test_verifier_expired (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GTlsDatabase) db = ca_database ();

  f->verifier = test_verifier_new (db, NULL, 10, FALSE);
  run_upgrade (f, "expired", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED);
  g_assert_cmpuint (f->verifier->calls, ==, 1);
  g_assert_true (f->verifier->errors & G_TLS_CERTIFICATE_EXPIRED);
}

static void
test_verifier_refuses (Fixture       *f,
                       gconstpointer  data)
{
  f->verifier = test_verifier_new (NULL, NULL, 50, FALSE);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED);
  g_assert_nonnull (strstr (f->client_error->message, "localhost:3389"));
  g_assert_true (f->answered_before_done);
  g_assert_null (f->client_tls);
  g_assert_true (g_io_stream_is_closed (f->client));
}

static void
test_verifier_refuses_with_error (Fixture       *f,
                                  gconstpointer  data)
{
  f->verifier = test_verifier_new (NULL, NULL, 10, FALSE);
  f->verifier->refusal = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no");
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), NULL);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (f->client_error->message, ==, "no");
}

/* ------------------------------------------------------------------------ */
/* Cancellation */

/* The server never answers the ClientHello. */
static void
test_cancel_handshake (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, cancel_cb, g_object_ref (cancellable), g_object_unref);
  run_upgrade (f, NULL, NULL, cancellable);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->client_tls);
}

/* The user never answers the dialog. */
static void
test_cancel_verifier (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  f->verifier = test_verifier_new (NULL, NULL, G_MAXUINT, TRUE);
  f->verifier->cancel_on_call = g_object_ref (cancellable);
  run_upgrade (f, "self-signed", RDP_CERTIFICATE_VERIFIER (f->verifier), cancellable);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->verifier->calls, ==, 1);
  g_assert_null (f->client_tls);
}

/* The user takes a second to answer and the application ignores the
 * cancellable: cancelling still completes the upgrade at once, the
 * verifier's cancellable is cancelled (for the dialog to go away), and the
 * late answer is ignored (upgrade_cb asserts a single completion). */
static void
test_cancel_verifier_ignores_it (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSocketConnectable) identity = localhost ();
  gint64 elapsed;

  f->verifier = test_verifier_new (NULL, NULL, 1000, TRUE);
  f->verifier->cancel_on_call = g_object_ref (cancellable);
  server_start (f, "self-signed");
  rdp_tls_upgrade_async (f->client, identity, RDP_CERTIFICATE_VERIFIER (f->verifier), cancellable,
                         upgrade_cb, f);
  iterate_until (&f->client_done);
  /* since the question (the cancellation comes 50 ms into it) */
  elapsed = g_get_monotonic_time () - f->verifier->called_at;

  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->client_tls);
  g_assert_cmpuint (f->verifier->calls, ==, 1);
  g_assert_false (f->answered_before_done);
  g_assert_true (f->verifier->cancellable == cancellable);
  g_assert_true (g_cancellable_is_cancelled (f->verifier->cancellable));
  g_test_message ("completed %" G_GINT64_FORMAT " ms into the question", elapsed / 1000);
  g_assert_cmpint (elapsed, <, 500 * 1000);

  /* the answer comes a second later and changes nothing */
  iterate_until (&f->verifier->answered);
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (f->client_tls);
}

/* ------------------------------------------------------------------------ */
/* The RdpFramed form */

static void
framed_upgrade_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fixture *f = user_data;

  f->client_framed = rdp_tls_upgrade_framed_finish (result, &f->public_key, &f->client_error);
  f->client_done = TRUE;
}

static void
test_framed_leftover (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) early = g_bytes_new_static ("\x16\x03\x01", 3);
  g_autoptr(RdpFramed) framed = rdp_framed_new_with_leftover (f->client, early);
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GBytes) still = NULL;

  rdp_tls_upgrade_framed_async (framed, identity, NULL, NULL, framed_upgrade_cb, f);
  iterate_until (&f->client_done);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (f->client_error->message, "3"));
  g_assert_null (f->client_framed);
  g_assert_null (f->public_key);

  /* Nothing was sent and the framed transport is as it was. */
  g_assert_false (g_io_stream_is_closed (f->client));
  still = rdp_framed_peek (framed);
  g_assert_true (g_bytes_equal (still, early));
  g_assert_true (rdp_framed_get_stream (framed) == f->client);
}

static void
test_framed_leftover_sync (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) early = g_bytes_new_static ("x", 1);
  g_autoptr(RdpFramed) framed = rdp_framed_new_with_leftover (f->client, early);
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(RdpFramed) upgraded = NULL;
  g_autoptr(GError) error = NULL;

  upgraded = rdp_tls_upgrade_framed (framed, identity, NULL, NULL, NULL, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_null (upgraded);
}

static void
server_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;
  gsize n = 0;

  g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &f->server_error);
  g_assert_cmpuint (n, ==, 8);
  f->server_done = TRUE;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  rdp_framed_write_all_finish (RDP_FRAMED (source), result, &f->client_error);
  f->client_done = TRUE;
}

static void
test_framed (Fixture       *f,
             gconstpointer  data)
{
  static const guint8 pdu[] = { 0x03, 0x00, 0x00, 0x08, 'p', 'i', 'n', 'g' };
  static guint8 received[8];
  g_autoptr(RdpFramed) framed = rdp_framed_new (f->client);
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (db, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdu, sizeof pdu);
  GIOStream *stream;

  server_start (f, "server-ec");
  rdp_tls_upgrade_framed_async (framed, identity, verifier, NULL, framed_upgrade_cb, f);
  iterate_until (&f->client_done);
  g_assert_no_error (f->client_error);
  g_assert_nonnull (f->client_framed);
  assert_public_key (f->public_key, "server-ec");
  stream = rdp_framed_get_stream (f->client_framed);
  g_assert_true (G_IS_TLS_CLIENT_CONNECTION (stream));
  iterate_until (&f->server_done);
  g_assert_no_error (f->server_error);

  /* A PDU through the new transport arrives decrypted. */
  f->client_done = f->server_done = FALSE;
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (f->server_tls)),
                                 received, sizeof received, G_PRIORITY_DEFAULT, NULL,
                                 server_read_cb, f);
  rdp_framed_write_all_async (f->client_framed, bytes, G_PRIORITY_DEFAULT, NULL, write_cb, f);
  iterate_until (&f->client_done);
  iterate_until (&f->server_done);
  g_assert_no_error (f->client_error);
  g_assert_no_error (f->server_error);
  g_assert_cmpmem (received, sizeof received, pdu, sizeof pdu);
}

/* ------------------------------------------------------------------------ */
/* The synchronous form, with the server in a thread of its own */

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GTlsCertificate) cert = load_certificate ("server-rsa", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) tls = NULL;

  g_main_context_push_thread_default (context);
  tls = g_tls_server_connection_new (f->server, cert, &error);
  g_assert_no_error (error);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &f->server_error);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (db, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GTlsConnection) tls = NULL;
  GThread *thread;

  thread = g_thread_new ("server", server_thread, f);
  tls = rdp_tls_upgrade (f->client, identity, verifier, &key, NULL, &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_no_error (f->server_error);
  g_assert_nonnull (tls);
  assert_public_key (key, "server-rsa");
}

static void
test_sync_untrusted (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsConnection) tls = NULL;
  GThread *thread;

  thread = g_thread_new ("server", server_thread, f);
  tls = rdp_tls_upgrade (f->client, identity, NULL, NULL, NULL, &error);
  g_thread_join (thread);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (tls);
}

/* ------------------------------------------------------------------------ */
/* What the connection offers the auth layers */

static void
test_channel_binding (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (db, NULL);
  g_autoptr(GTlsCertificate) cert = load_certificate ("server-rsa", FALSE);
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GBytes) binding = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GChecksum *checksum;

  run_upgrade (f, "server-rsa", verifier, NULL);
  g_assert_no_error (f->client_error);

  /* tls-server-end-point: the certificate's hash with its signature's hash
   * algorithm, SHA-256 here */
  binding = rdp_tls_get_channel_binding (f->client_tls, &error);
  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_checksum_free (checksum);
  g_assert_cmpmem (g_bytes_get_data (binding, NULL), g_bytes_get_size (binding),
                   digest, digest_len);
}

/* Session resumption stays off: the TLS connection does not sit on a
 * GSocketConnection, whose remote address the backend's session cache is
 * keyed on. */
static void
test_no_session_cache (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GTlsDatabase) db = ca_database ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (db, NULL);
  g_autoptr(GIOStream) base = NULL;

  run_upgrade (f, "server-rsa", verifier, NULL);
  g_assert_no_error (f->client_error);
  g_object_get (f->client_tls, "base-io-stream", &base, NULL);
  g_assert_false (G_IS_SOCKET_CONNECTION (base));
  g_assert_true (g_io_stream_get_input_stream (base) == g_io_stream_get_input_stream (f->client));

  /* Closing the TLS connection closes the stream under it. */
  g_io_stream_close (G_IO_STREAM (f->client_tls), NULL, NULL);
  g_assert_true (g_io_stream_is_closed (f->client));
}

/* ------------------------------------------------------------------------ */
/* Public key and fingerprint, against what openssl reports */

static void
test_public_key (gconstpointer data)
{
  const char *cert_name = data;
  g_autoptr(GTlsCertificate) cert = load_certificate (cert_name, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected_fingerprint = load_text (cert_name, ".sha256");

  key = rdp_tls_get_server_public_key (cert, &error);
  g_assert_no_error (error);
  assert_public_key (key, cert_name);

  if (g_str_has_prefix (cert_name, "server-ec"))
    {
      g_assert_cmpuint (g_bytes_get_size (key), ==, 65);
      g_assert_cmpuint (((const guint8 *) g_bytes_get_data (key, NULL))[0], ==, 0x04);
    }
  else
    {
      static const guint8 rsa2048_start[] = { 0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00 };

      g_assert_cmpuint (g_bytes_get_size (key), ==, 270);
      g_assert_cmpmem (g_bytes_get_data (key, NULL), sizeof rsa2048_start,
                       rsa2048_start, sizeof rsa2048_start);
    }

  fingerprint = rdp_tls_get_certificate_fingerprint (cert);
  g_assert_cmpstr (fingerprint, ==, expected_fingerprint);
}

/* ------------------------------------------------------------------------ */
/* Translated messages */

static char *
untrusted_message (void)
{
  Fixture f = { 0 };
  char *message;

  fixture_setup (&f, NULL);
  run_upgrade (&f, "self-signed", NULL, NULL);
  g_assert_error (f.client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  message = g_strdup (f.client_error->message);
  fixture_teardown (&f, NULL);
  return message;
}

static char *
leftover_message (void)
{
  g_autoptr(GIOStream) a = NULL;
  g_autoptr(GIOStream) b = NULL;
  g_autoptr(GBytes) early = g_bytes_new_static ("xyz", 3);
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GSocketConnectable) identity = localhost ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpFramed) upgraded = NULL;

  rdp_test_socket_pair (&a, &b);
  framed = rdp_framed_new_with_leftover (a, early);
  upgraded = rdp_tls_upgrade_framed (framed, identity, NULL, NULL, NULL, &error);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  return g_strdup (error->message);
}

static const char * const translated_msgids[] = {
  "The certificate of %s is not trusted: %s (SHA-256 fingerprint %s)",
  "it is not signed by a trusted certificate authority",
  "Refusing the TLS upgrade: %u unprotected bytes arrived before the handshake",
};

static guint32
mo_word (const guint8 *data,
         gsize         length,
         gsize         offset,
         gboolean      swap)
{
  guint32 word;

  g_assert_cmpuint (offset + 4, <=, length);
  memcpy (&word, data + offset, 4);
  return swap ? GUINT32_SWAP_LE_BE (word) : word;
}

/* Whether the compiled catalogue at @mo translates @msgid: msgfmt leaves
 * untranslated and fuzzy messages out. (The GNU .mo format: a magic word,
 * the revision, the number of strings, and the offsets of the tables of
 * original and translated strings, each entry a length and an offset.) */
static gboolean
catalogue_translates (const char *mo,
                      const char *msgid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 *data;
  gsize length = 0;
  guint32 n, originals, translations, i;
  gboolean swap;

  g_file_get_contents (mo, &contents, &length, &error);
  g_assert_no_error (error);
  data = (const guint8 *) contents;
  swap = mo_word (data, length, 0, FALSE) != 0x950412de;
  g_assert_cmphex (mo_word (data, length, 0, swap), ==, 0x950412de);
  n = mo_word (data, length, 8, swap);
  originals = mo_word (data, length, 12, swap);
  translations = mo_word (data, length, 16, swap);

  for (i = 0; i < n; i++)
    {
      guint32 len = mo_word (data, length, originals + 8 * i, swap);
      guint32 offset = mo_word (data, length, originals + 8 * i + 4, swap);

      g_assert_cmpuint ((gsize) offset + len, <=, length);
      if (len == strlen (msgid) && memcmp (data + offset, msgid, len) == 0)
        return mo_word (data, length, translations + 8 * i, swap) > 0;
    }
  return FALSE;
}

static void
test_translation (void)
{
  g_autofree char *mo = g_build_filename (RDP_GIO_TEST_PO_DIR, "de", "LC_MESSAGES",
                                          "rdp-gio-1.mo", NULL);
  gsize i;

  /* Whether there is anything to test is decided here, in the parent: a
   * skip in the subprocess would be a failure of the trap. */
  if (!g_test_subprocess ())
    {
      if (!g_file_test (mo, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("no German catalogue built");
          return;
        }
      for (i = 0; i < G_N_ELEMENTS (translated_msgids); i++)
        if (!catalogue_translates (mo, translated_msgids[i]))
          {
            g_autofree char *why = g_strdup_printf ("the German catalogue does not translate "
                                                    "“%s” yet", translated_msgids[i]);

            g_test_skip (why);
            return;
          }

      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  {
    g_autofree char *english = untrusted_message ();
    g_autofree char *english_leftover = leftover_message ();
    g_autofree char *german = NULL;
    g_autofree char *german_leftover = NULL;

    g_autofree char *fingerprint = load_text ("self-signed", ".sha256");
    g_autofree char *expected = g_strdup_printf ("The certificate of localhost:3389 is not trusted: "
                                                 "it is not signed by a trusted certificate authority "
                                                 "(SHA-256 fingerprint %s)", fingerprint);

    g_assert_cmpstr (english, ==, expected);
    g_assert_cmpstr (english_leftover, ==, "Refusing the TLS upgrade: 3 unprotected bytes "
                     "arrived before the handshake");

    g_setenv ("LANGUAGE", "de", TRUE);
    g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
    g_assert_nonnull (bindtextdomain ("rdp-gio-1", RDP_GIO_TEST_PO_DIR));

    german = untrusted_message ();
    german_leftover = leftover_message ();
    g_test_message ("de: %s | %s", german, german_leftover);
    g_assert_true (g_utf8_validate (german, -1, NULL));
    g_assert_cmpstr (german, !=, english);
    g_assert_nonnull (strstr (german, "localhost:3389"));
    g_assert_nonnull (strstr (german, fingerprint));
    g_assert_cmpstr (german_leftover, !=, english_leftover);
    g_assert_nonnull (strstr (german_leftover, "3"));
  }
}

/* ------------------------------------------------------------------------ */
/* RdpCertificateVerifier::certificate-request, answered as a dialog would */

typedef enum {
  ANSWER_ACCEPT,
  ANSWER_ACCEPT_REMEMBER,
  ANSWER_REJECT,
  ANSWER_NEVER,                 /* keeps the request, never answers */
  ANSWER_DROP,                  /* takes it on, keeps no reference */
  ANSWER_DECLINE,               /* the handler returns FALSE */
} Answer;

typedef struct {
  Answer answer;
  guint delay_ms;
  guint requests;
  RdpCertificateRequest *request;
  gboolean cancelled_signal;
  gboolean finished_notified;
  gboolean answered;
} Prompt;

static gboolean
prompt_answer_cb (gpointer user_data)
{
  Prompt *p = user_data;

  g_assert_false (rdp_certificate_request_is_finished (p->request));
  if (p->answer == ANSWER_REJECT)
    rdp_certificate_request_reject (p->request);
  else
    rdp_certificate_request_accept (p->request, p->answer == ANSWER_ACCEPT_REMEMBER);
  g_assert_true (rdp_certificate_request_is_finished (p->request));
  g_assert_true (p->finished_notified);
  p->answered = TRUE;
  return G_SOURCE_REMOVE;
}

static void
prompt_cancelled_cb (RdpCertificateRequest *request,
                     gpointer               user_data)
{
  Prompt *p = user_data;

  g_assert_true (rdp_certificate_request_is_finished (request));
  g_assert_true (rdp_certificate_request_is_cancelled (request));
  p->cancelled_signal = TRUE;
}

static void
prompt_finished_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  Prompt *p = user_data;

  p->finished_notified = TRUE;
}

static gboolean
prompt_request_cb (RdpCertificateVerifier *verifier,
                   RdpCertificateRequest  *request,
                   gpointer                user_data)
{
  Prompt *p = user_data;

  p->requests++;
  if (p->answer == ANSWER_DECLINE)
    return FALSE;
  if (p->answer == ANSWER_DROP)
    return TRUE;
  g_clear_object (&p->request);
  p->request = g_object_ref (request);
  p->finished_notified = FALSE;
  p->answered = FALSE;
  g_signal_connect (request, "cancelled", G_CALLBACK (prompt_cancelled_cb), p);
  g_signal_connect (request, "notify::finished", G_CALLBACK (prompt_finished_cb), p);
  if (p->answer != ANSWER_NEVER)
    g_timeout_add (p->delay_ms, prompt_answer_cb, p);
  return TRUE;
}

static void
prompt_clear (Prompt *p)
{
  g_clear_object (&p->request);
}

static void
assert_request (RdpCertificateRequest       *request,
                RdpCertificateRequestReason  reason,
                const char                  *known)
{
  g_autoptr(GTlsCertificate) expected = load_certificate ("self-signed", FALSE);
  g_autofree char *fingerprint = load_text ("self-signed", ".sha256");
  g_autofree char *description = rdp_certificate_request_describe_errors (request);
  g_autofree char *host = NULL;
  guint port = 0;

  g_assert_cmpstr (rdp_certificate_request_get_host (request), ==, "localhost");
  g_assert_cmpuint (rdp_certificate_request_get_port (request), ==, 3389);
  g_assert_true (g_tls_certificate_is_same (rdp_certificate_request_get_certificate (request),
                                            expected));
  g_assert_cmpstr (rdp_certificate_request_get_fingerprint (request), ==, fingerprint);
  g_assert_true (rdp_certificate_request_get_errors (request) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_cmpint (rdp_certificate_request_get_reason (request), ==, reason);
  g_assert_cmpstr (rdp_certificate_request_get_known_fingerprint (request), ==, known);
  g_assert_nonnull (strstr (description, "not signed by a trusted certificate authority"));
  /* the same through the properties (what bindings see) */
  g_object_get (request, "host", &host, "port", &port, NULL);
  g_assert_cmpstr (host, ==, "localhost");
  g_assert_cmpuint (port, ==, 3389);
}

/* The user accepts after 200 ms and asks to remember: the connection goes
 * through, the certificate is pinned, and the next connection asks nobody. */
static void
test_request_accept_remember (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, kh);
  g_autofree char *fingerprint = load_text ("self-signed", ".sha256");
  g_autofree char *pinned = NULL;
  g_autoptr(GError) error = NULL;
  Prompt p = { ANSWER_ACCEPT_REMEMBER, 200 };
  gint64 started;

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  started = g_get_monotonic_time ();
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 200 * 1000);
  g_assert_cmpuint (p.requests, ==, 1);
  g_assert_true (p.answered);
  assert_request (p.request, RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED, NULL);
  assert_public_key (f->public_key, "self-signed");
  assert_connection_works (f);

  pinned = rdp_known_hosts_lookup (kh, "localhost", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pinned, ==, fingerprint);

  /* a late second answer changes nothing */
  rdp_certificate_request_reject (p.request);
  g_assert_false (rdp_certificate_request_is_cancelled (p.request));

  fixture_teardown (f, NULL);
  memset (f, 0, sizeof *f);
  fixture_setup (f, NULL);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpuint (p.requests, ==, 1);

  prompt_clear (&p);
  remove_known_hosts (kh);
}

/* Accepting without remembering pins nothing. */
static void
test_request_accept_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, kh);
  g_autofree char *pinned = NULL;
  g_autoptr(GError) error = NULL;
  Prompt p = { ANSWER_ACCEPT, 50 };

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_no_error (f->client_error);
  pinned = rdp_known_hosts_lookup (kh, "localhost", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (pinned);
  prompt_clear (&p);
  remove_known_hosts (kh);
}

static void
assert_error_certificate (const GError *error)
{
  g_autoptr(GTlsCertificate) expected = load_certificate ("self-signed", FALSE);
  g_autofree char *fingerprint = load_text ("self-signed", ".sha256");
  g_autoptr(GError) copy = g_error_copy (error);
  const GError *errors[] = { error, copy };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;
      g_autofree char *got = NULL;

      g_assert_true (rdp_tls_error_get_certificate (errors[i], &certificate, &got));
      g_assert_cmpstr (got, ==, fingerprint);
      g_assert_nonnull (certificate);
      g_assert_true (g_tls_certificate_is_same (certificate, expected));
    }
  g_assert_true (rdp_tls_error_get_certificate (copy, NULL, NULL));
}

/* The user rejects after 200 ms. */
static void
test_request_reject (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, NULL);
  Prompt p = { ANSWER_REJECT, 200 };

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED);
  g_assert_true (p.answered);
  g_assert_false (p.cancelled_signal);
  g_assert_true (g_io_stream_is_closed (f->client));
  assert_error_certificate (f->client_error);
  g_assert_cmpstr (rdp_error_get_summary (f->client_error), ==,
                   "The server's certificate was rejected");
  prompt_clear (&p);
}

/* Nobody takes the request: refused as before the signal existed, and the
 * error names the certificate, also in a copy and in an error that only
 * has its message (as one that went through a binding). */
static void
test_request_unhandled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, NULL);
  g_autofree char *fingerprint = load_text ("self-signed", ".sha256");
  Prompt p = { ANSWER_DECLINE, 0 };

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_error (f->client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (p.requests, ==, 1);
  g_assert_nonnull (strstr (f->client_error->message, fingerprint));
  assert_error_certificate (f->client_error);
  {
    g_autoptr(GError) rebuilt = g_error_new_literal (f->client_error->domain, f->client_error->code,
                                                     f->client_error->message);
    g_autofree char *got = NULL;

    g_assert_true (rdp_tls_error_get_certificate (rebuilt, NULL, &got));
    g_assert_cmpstr (got, ==, fingerprint);
  }
  g_assert_cmpstr (rdp_error_get_summary (f->client_error), ==,
                   "The server's certificate is not trusted");
}

/* No verifier at all: the same error, the same details. */
static void
test_request_no_verifier_details (Fixture       *f,
                                  gconstpointer  data)
{
  run_upgrade (f, "self-signed", NULL, NULL);
  g_assert_error (f->client_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  assert_error_certificate (f->client_error);
}

static void
test_request_no_details (void)
{
  g_autoptr(GError) plain = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "x");
  g_autoptr(GError) rejected = g_error_new_literal (RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                                                 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  g_autoptr(GError) too_long = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                                    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                                                    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00");
  g_autofree char *fingerprint = NULL;

  g_assert_false (rdp_tls_error_get_certificate (plain, NULL, &fingerprint));
  g_assert_false (rdp_tls_error_get_certificate (rejected, NULL, &fingerprint));
  g_assert_false (rdp_tls_error_get_certificate (other, NULL, &fingerprint));
  g_assert_false (rdp_tls_error_get_certificate (too_long, NULL, &fingerprint));
  g_assert_null (fingerprint);
}

/* The user never answers and the connection is cancelled: the request is
 * cancelled (the dialog goes away), the upgrade completes at once, and an
 * answer afterwards has no effect. */
/* A certificate-request handler that leaves the question to the next one
 * and cancels @user_data (a GCancellable) 200 ms later. */
static gboolean
cancel_later_cb (RdpCertificateVerifier *verifier,
                 RdpCertificateRequest  *request,
                 gpointer                user_data)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, 200, cancel_cb, g_object_ref (user_data), g_object_unref);
  return FALSE;
}

static void
test_request_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, kh);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pinned = NULL;
  g_autoptr(GError) error = NULL;
  Prompt p = { ANSWER_NEVER, 0 };

  /* the connection is cancelled 200 ms after the question is asked (not
   * after the start: the handshake takes longer under a sanitizer) */
  g_signal_connect (verifier, "certificate-request", G_CALLBACK (cancel_later_cb), cancellable);
  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  run_upgrade (f, "self-signed", verifier, cancellable);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.requests, ==, 1);
  for (int i = 0; i < 10 && !p.cancelled_signal; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (p.cancelled_signal);
  g_assert_true (rdp_certificate_request_is_finished (p.request));
  g_assert_true (rdp_certificate_request_get_cancellable (p.request) == cancellable);

  /* too late */
  rdp_certificate_request_accept (p.request, TRUE);
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  pinned = rdp_known_hosts_lookup (kh, "localhost", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (pinned);
  g_assert_error (f->client_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  prompt_clear (&p);
  remove_known_hosts (kh);
}

/* A handler that takes the request on and forgets it: a refusal, not a
 * connection that waits forever. */
static void
test_request_dropped (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, NULL);
  Prompt p = { ANSWER_DROP, 0 };

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED);
  g_assert_cmpuint (p.requests, ==, 1);
}

/* The pinned certificate changed: the request says so, and accepting with
 * remember replaces the pin. */
static void
test_request_changed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RdpKnownHosts) kh = temp_known_hosts ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, kh);
  g_autofree char *known = load_text ("self-signed-2", ".sha256");
  g_autofree char *presented = load_text ("self-signed", ".sha256");
  g_autofree char *pinned = NULL;
  g_autoptr(GError) error = NULL;
  Prompt p = { ANSWER_REJECT, 100 };

  rdp_known_hosts_add_fingerprint (kh, "localhost", 3389, known, &error);
  g_assert_no_error (error);
  g_signal_connect (verifier, "certificate-request", G_CALLBACK (prompt_request_cb), &p);

  /* rejected: the changed-certificate error, with its details */
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_error (f->client_error, RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED);
  assert_request (p.request, RDP_CERTIFICATE_REQUEST_REASON_CHANGED, known);
  g_assert_true (rdp_tls_error_get_certificate_change (f->client_error, NULL, NULL, NULL));
  assert_error_certificate (f->client_error);

  /* accepted and remembered: the new pin */
  fixture_teardown (f, NULL);
  memset (f, 0, sizeof *f);
  fixture_setup (f, NULL);
  p.answer = ANSWER_ACCEPT_REMEMBER;
  run_upgrade (f, "self-signed", verifier, NULL);
  g_assert_no_error (f->client_error);
  g_assert_cmpuint (p.requests, ==, 2);
  pinned = rdp_known_hosts_lookup (kh, "localhost", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pinned, ==, presented);
  prompt_clear (&p);
  remove_known_hosts (kh);
}

/* ------------------------------------------------------------------------ */
/* Words for a user interface */

static void
test_strings (void)
{
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");
  g_autoptr(GError) auth = g_error_new_literal (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x");
  char *s;
  int i;

  g_assert_cmpstr (rdp_client_stage_to_string (RDP_CLIENT_STAGE_AUTHENTICATING), ==, "Authenticating");
  g_assert_cmpstr (rdp_client_stage_to_string (RDP_CLIENT_STAGE_CONNECTED), ==, "Connected");
  for (i = RDP_CLIENT_STAGE_CONNECTING; i <= RDP_CLIENT_STAGE_CONNECTED; i++)
    {
      g_assert_nonnull (rdp_client_stage_to_string (i));
      g_assert_cmpstr (rdp_client_stage_to_string (i), !=, "Unknown stage");
    }
  g_assert_cmpstr (rdp_client_stage_to_string (99), ==, "Unknown stage");

  s = rdp_security_protocol_to_string (RDP_SECURITY_PROTOCOL_TLS);
  g_assert_cmpstr (s, ==, "TLS");
  g_free (s);
  s = rdp_security_protocol_to_string (RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID);
  g_assert_cmpstr (s, ==, "TLS, Network Level Authentication (CredSSP)");
  g_free (s);
  s = rdp_security_protocol_to_string (RDP_SECURITY_PROTOCOL_NONE);
  g_assert_cmpstr (s, ==, "None");
  g_free (s);

  g_assert_cmpstr (rdp_error_get_summary (timed_out), ==, "The connection timed out");
  g_assert_cmpstr (rdp_error_get_summary (auth), ==, "Authentication failed");
  g_assert_cmpstr (rdp_error_get_summary (other), ==, "The connection failed");
}

static void
test_strings_translated (void)
{
  if (!g_test_subprocess ())
    {
      g_autofree char *mo = g_build_filename (RDP_GIO_TEST_PO_DIR, "de", "LC_MESSAGES",
                                              "rdp-gio-1.mo", NULL);

      if (!g_file_test (mo, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("no German catalogue built");
          return;
        }
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  /* the library binds its domain on its first message: after that, to the
   * catalogue of this build */
  g_assert_cmpstr (rdp_client_stage_to_string (RDP_CLIENT_STAGE_CONNECTED), ==, "Connected");
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_assert_nonnull (bindtextdomain ("rdp-gio-1", RDP_GIO_TEST_PO_DIR));
  g_assert_cmpstr (rdp_client_stage_to_string (RDP_CLIENT_STAGE_CONNECTED), ==, "Verbunden");
  {
    g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "x");

    g_assert_cmpstr (rdp_error_get_summary (timed_out), ==, "Zeitüberschreitung der Verbindung");
  }
}

int
main (int argc, char **argv)
{
  static const char * const key_certs[] = { "server-rsa", "server-ec", "self-signed", "expired", "wrong-host" };
  g_autoptr(GError) error = NULL;
  gsize i;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (install glib-networking)");
      return g_test_run ();
    }

  for (i = 0; i < G_N_ELEMENTS (key_certs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tls/public-key/%s", key_certs[i]);

      g_test_add_data_func (path, key_certs[i], test_public_key);
    }

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/tls/trust/validated/rsa", test_validated, "server-rsa");
  ADD ("/tls/trust/validated/ec", test_validated, "server-ec");
  ADD ("/tls/trust/validated/stale-pin", test_validated_beats_stale_pin, NULL);
  ADD ("/tls/trust/no-verifier/self-signed", test_no_verifier, "self-signed");
  ADD ("/tls/trust/no-verifier/unknown-ca", test_no_verifier, "server-rsa");
  ADD ("/tls/trust/base-verifier/expired", test_base_verifier_refuses, "expired");
  ADD ("/tls/trust/base-verifier/wrong-host", test_base_verifier_refuses, "wrong-host");
  ADD ("/tls/trust/base-verifier/self-signed", test_base_verifier_refuses, "self-signed");
  ADD ("/tls/trust/pinned", test_pinned, NULL);
  ADD ("/tls/trust/pinned-other-port", test_pinned_other_port, NULL);
  ADD ("/tls/trust/changed", test_changed, NULL);
  ADD ("/tls/trust/changed-after-nul", test_changed_after_nul, NULL);
  ADD ("/tls/trust/known-hosts-fifo", test_known_hosts_fifo, NULL);
  g_test_add_func ("/tls/trust/changed-details-absent", test_no_change_details);
  ADD ("/tls/trust/verifier/accepts-later", test_verifier_accepts_later, NULL);
  ADD ("/tls/trust/verifier/wrong-host", test_verifier_wrong_host, NULL);
  ADD ("/tls/trust/verifier/expired", test_verifier_expired, NULL);
  ADD ("/tls/trust/verifier/refuses", test_verifier_refuses, NULL);
  ADD ("/tls/trust/verifier/refuses-with-error", test_verifier_refuses_with_error, NULL);
  ADD ("/tls/cancel/handshake", test_cancel_handshake, NULL);
  ADD ("/tls/cancel/verifier", test_cancel_verifier, NULL);
  ADD ("/tls/cancel/verifier-ignores-it", test_cancel_verifier_ignores_it, NULL);
  ADD ("/tls/framed/leftover", test_framed_leftover, NULL);
  ADD ("/tls/framed/leftover-sync", test_framed_leftover_sync, NULL);
  ADD ("/tls/framed/upgrade", test_framed, NULL);
  ADD ("/tls/sync/validated", test_sync, NULL);
  ADD ("/tls/sync/untrusted", test_sync_untrusted, NULL);
  ADD ("/tls/channel-binding", test_channel_binding, NULL);
  ADD ("/tls/no-session-cache", test_no_session_cache, NULL);

  ADD ("/tls/request/accept-remember", test_request_accept_remember, NULL);
  ADD ("/tls/request/accept-once", test_request_accept_once, NULL);
  ADD ("/tls/request/reject", test_request_reject, NULL);
  ADD ("/tls/request/unhandled", test_request_unhandled, NULL);
  ADD ("/tls/request/no-verifier-details", test_request_no_verifier_details, NULL);
  ADD ("/tls/request/cancelled", test_request_cancelled, NULL);
  ADD ("/tls/request/dropped", test_request_dropped, NULL);
  ADD ("/tls/request/changed", test_request_changed, NULL);

#undef ADD

  g_test_add_func ("/tls/request/no-details", test_request_no_details);
  g_test_add_func ("/tls/translation", test_translation);
  g_test_add_func ("/strings/english", test_strings);
  g_test_add_func ("/strings/translated", test_strings_translated);

  return g_test_run ();
}
