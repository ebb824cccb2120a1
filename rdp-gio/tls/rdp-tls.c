/* rdp-tls.c: the TLS security upgrade
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-tls.h"
#include "rdp-sync-private.h"
#include "rdp-tls-private.h"
#include "rdp-error.h"
#include "rdp-certificate-utils-private.h"
#include "rdp-certificate-verifier-private.h"
#include "rdp-error-private.h"
#include "rdp-known-hosts-private.h"
#include "rdp-tls-base-stream-private.h"
#include "rdp-i18n-private.h"

/* The port of a server identity that names none. */
#define RDP_DEFAULT_PORT 3389

typedef struct {
  GTlsConnection *tls;
  RdpCertificateVerifier *verifier;   /* nullable */
  char *host;
  guint16 port;
  gulong accept_id;
  GBytes *public_key;
  GError *error;                      /* the failure, while closing */

  /* the application's certificate verifier, while it decides */
  RdpTlsVerifyingFunc verifying;      /* nullable */
  gpointer verifying_data;
  gboolean waiting_for_verifier;
  char *known_fingerprint;            /* asking about a changed pin */
  GSource *verifier_cancel_source;    /* completes the upgrade on cancel */
} UpgradeData;

static void
upgrade_data_free (gpointer data)
{
  UpgradeData *d = data;

  if (d->accept_id != 0)
    g_signal_handler_disconnect (d->tls, d->accept_id);
  g_assert (d->verifier_cancel_source == NULL);
  g_clear_object (&d->tls);
  g_clear_object (&d->verifier);
  g_free (d->host);
  g_free (d->known_fingerprint);
  g_clear_pointer (&d->public_key, g_bytes_unref);
  g_clear_error (&d->error);
  g_free (d);
}

static void
identity_get_host_and_port (GSocketConnectable  *identity,
                            char               **out_host,
                            guint16             *out_port)
{
  char *host = NULL;
  guint16 port = 0;

  if (G_IS_NETWORK_ADDRESS (identity))
    {
      host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (identity)));
      port = g_network_address_get_port (G_NETWORK_ADDRESS (identity));
    }
  else if (G_IS_NETWORK_SERVICE (identity))
    host = g_strdup (g_network_service_get_domain (G_NETWORK_SERVICE (identity)));
  else if (G_IS_INET_SOCKET_ADDRESS (identity))
    {
      GInetSocketAddress *address = G_INET_SOCKET_ADDRESS (identity);

      host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
      port = g_inet_socket_address_get_port (address);
    }
  else
    host = g_socket_connectable_to_string (identity);

  if (host == NULL || host[0] == '\0')
    {
      g_free (host);
      host = g_strdup ("unknown");
    }
  *out_host = host;
  *out_port = port != 0 ? port : RDP_DEFAULT_PORT;
}

/* The handshake goes on whatever the certificate: nothing is sent over the
 * connection until the upgrade task completes, and it completes only after
 * the trust decision below. */
static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

static void
close_after_failure_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UpgradeData *d = g_task_get_task_data (task);

  /* The failure matters, not how the close went. */
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_task_return_error (task, g_steal_pointer (&d->error));
}

/* Fails the upgrade: closes the TLS connection (and so the stream under it)
 * first, so that nobody can use a connection whose certificate was not
 * trusted. Takes @task and @error. */
static void
upgrade_fail (GTask  *task,
              GError *error)
{
  UpgradeData *d = g_task_get_task_data (task);

  if (d->accept_id != 0)
    {
      g_signal_handler_disconnect (d->tls, d->accept_id);
      d->accept_id = 0;
    }
  d->error = error;
  g_io_stream_close_async (G_IO_STREAM (d->tls), g_task_get_priority (task), NULL,
                           close_after_failure_cb, task);
}

static void
upgrade_succeed (GTask *task)
{
  UpgradeData *d = g_task_get_task_data (task);

  if (d->accept_id != 0)
    {
      g_signal_handler_disconnect (d->tls, d->accept_id);
      d->accept_id = 0;
    }
  g_task_return_pointer (task, g_object_ref (d->tls), g_object_unref);
  g_object_unref (task);
}

/* The upgrade stops waiting for the verifier: the answer came, or the
 * upgrade was cancelled. */
static void
verify_wait_end (UpgradeData *d)
{
  d->waiting_for_verifier = FALSE;
  if (d->verifier_cancel_source != NULL)
    {
      g_source_destroy (d->verifier_cancel_source);
      g_clear_pointer (&d->verifier_cancel_source, g_source_unref);
    }
  if (d->verifying != NULL)
    d->verifying (FALSE, d->verifying_data);
}

/* Cancelling the upgrade completes it at once with G_IO_ERROR_CANCELLED,
 * whatever the verifier does: the verifier's cancellable (the upgrade's) is
 * cancelled too, so that the application can close its dialog, and its
 * answer, whenever it comes, finds the upgrade over and is dropped. */
static gboolean
verify_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = g_object_ref (user_data);
  UpgradeData *d = g_task_get_task_data (task);

  if (d->waiting_for_verifier)
    {
      verify_wait_end (d);
      g_io_stream_close_async (G_IO_STREAM (d->tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
    }
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  UpgradeData *d = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean accepted;

  accepted = rdp_certificate_verifier_verify_finish (RDP_CERTIFICATE_VERIFIER (source), result, &error);

  /* a late answer: the upgrade was cancelled and is over */
  if (!d->waiting_for_verifier)
    {
      g_clear_error (&error);
      g_object_unref (task);
      return;
    }
  verify_wait_end (d);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      g_io_stream_close_async (G_IO_STREAM (d->tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_object_unref (task);
      return;
    }

  if (accepted)
    {
      g_clear_error (&error);
      upgrade_succeed (task);
      return;
    }

  if (error == NULL)
    {
      GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (d->tls);
      g_autofree char *server = rdp_certificate_verifier_format_server (d->host, d->port);
      g_autofree char *presented = rdp_certificate_get_fingerprint (certificate);

      if (d->known_fingerprint != NULL)
        error = rdp_error_new_certificate_changed (server, d->known_fingerprint, presented,
                                                   G_OBJECT (certificate));
      else
        error = rdp_error_new_certificate_rejected (server, presented, G_OBJECT (certificate));
    }
  upgrade_fail (task, error);
}

/* Asks the application's verifier, which may take as long as a person
 * needs. Takes @task (the verifier's callback holds it). */
static void
verify_start (GTask                *task,
              GTlsCertificate      *certificate,
              GTlsCertificateFlags  errors)
{
  UpgradeData *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  d->waiting_for_verifier = TRUE;
  if (cancellable != NULL)
    {
      d->verifier_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (d->verifier_cancel_source, (GSourceFunc) (void (*) (void)) verify_cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_set_priority (d->verifier_cancel_source, g_task_get_priority (task));
      g_source_attach (d->verifier_cancel_source, g_task_get_context (task));
    }
  if (d->verifying != NULL)
    d->verifying (TRUE, d->verifying_data);
  if (d->known_fingerprint != NULL)
    rdp_certificate_verifier_ask_changed_async (d->verifier, d->host, d->port, certificate, errors,
                                                d->known_fingerprint, cancellable, verify_cb, task);
  else
    rdp_certificate_verifier_verify_async (d->verifier, d->host, d->port, certificate, errors,
                                           cancellable, verify_cb, task);
}

/* 3. The application decides. */
static void
ask_verifier (GTask *task)
{
  UpgradeData *d = g_task_get_task_data (task);
  GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (d->tls);
  GTlsCertificateFlags errors = g_tls_connection_get_peer_certificate_errors (d->tls);

  if (d->verifier == NULL)
    {
      g_autofree char *server = rdp_certificate_verifier_format_server (d->host, d->port);

      upgrade_fail (task, rdp_tls_error_new_untrusted (server, certificate, errors));
      return;
    }

  verify_start (task, certificate, errors);
}

/* 2. The known hosts pin it, or pin another one. The file is read off the
 * caller's main context: a slow disk, or a FIFO someone put in its place,
 * does not stall it. */
static void
known_hosts_lookup_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  UpgradeData *d = g_task_get_task_data (task);
  GTlsCertificate *certificate = g_tls_connection_get_peer_certificate (d->tls);
  g_autofree char *known = NULL;
  g_autofree char *presented = NULL;
  g_autofree char *server = NULL;
  GError *error = NULL;

  known = rdp_known_hosts_lookup_finish (RDP_KNOWN_HOSTS (source), result, &error);
  if (error != NULL)
    {
      upgrade_fail (task, error);
      return;
    }
  if (known == NULL)
    {
      ask_verifier (task);
      return;
    }

  presented = rdp_certificate_get_fingerprint (certificate);
  if (strcmp (known, presented) == 0)
    {
      upgrade_succeed (task);
      return;
    }
  /* the application's verifier may be asked about the change (through
   * RdpCertificateVerifier::certificate-request); a subclass of old is not */
  if (rdp_certificate_verifier_asks_on_change (d->verifier))
    {
      d->known_fingerprint = g_steal_pointer (&known);
      verify_start (task, certificate, g_tls_connection_get_peer_certificate_errors (d->tls));
      return;
    }
  server = rdp_certificate_verifier_format_server (d->host, d->port);
  upgrade_fail (task, rdp_error_new_certificate_changed (server, known, presented,
                                                         G_OBJECT (certificate)));
}

/* The trust decision, after the handshake and before anything is sent. */
static void
decide_trust (GTask *task)
{
  UpgradeData *d = g_task_get_task_data (task);
  GTlsCertificate *certificate;
  GTlsCertificateFlags errors;
  RdpKnownHosts *known_hosts;
  GError *error = NULL;

  certificate = g_tls_connection_get_peer_certificate (d->tls);
  errors = g_tls_connection_get_peer_certificate_errors (d->tls);

  if (certificate == NULL)
    {
      g_autofree char *server = rdp_certificate_verifier_format_server (d->host, d->port);

      upgrade_fail (task, g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                       _("The server %s sent no certificate"), server));
      return;
    }

  d->public_key = rdp_certificate_get_public_key (certificate, &error);
  if (d->public_key == NULL)
    {
      upgrade_fail (task, error);
      return;
    }

  /* 1. The database vouches for it, for this server identity. */
  if (errors == 0)
    {
      upgrade_succeed (task);
      return;
    }

  /* 2. The known hosts, see known_hosts_lookup_cb() */
  known_hosts = d->verifier != NULL ? rdp_certificate_verifier_get_known_hosts (d->verifier) : NULL;
  if (known_hosts != NULL)
    {
      rdp_known_hosts_lookup_async (known_hosts, d->host, d->port,
                                    g_task_get_cancellable (task),
                                    known_hosts_lookup_cb, task);
      return;
    }

  /* 3. */
  ask_verifier (task);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      upgrade_fail (task, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      upgrade_fail (task, error);
      return;
    }
  decide_trust (task);
}

/**
 * rdp_tls_upgrade_async:
 * @stream: the connection to the server, after the X.224 negotiation chose
 *   TLS or CredSSP; it must have no unread bytes buffered anywhere
 * @server_identity: the server as the application named it, for example
 *   from g_network_address_new(): it is sent as the TLS server name (SNI),
 *   the certificate must be valid for it, and its host and port key the
 *   known hosts (a port of 0 means 3389)
 * @verifier: (nullable): what decides about certificates that the system's
 *   certificate authorities do not vouch for, or %NULL to trust only the
 *   TLS backend's default database
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the upgrade is
 *   done
 * @user_data: data for @callback
 *
 * Makes a TLS handshake with the server over @stream, as a
 * [iface@Gio.TlsClientConnection] of the default TLS backend, and then
 * decides whether to trust the server's certificate; see the
 * [TLS page](tls.html). Session resumption is off: every upgrade makes a full
 * handshake, so the certificate and its public key are the server's own.
 *
 * The upgrade completes only after the trust decision, which may wait for
 * the user through @verifier's [vfunc@CertificateVerifier.verify_async];
 * until then nothing but the handshake is sent. Cancelling @cancellable
 * completes the upgrade at once with %G_IO_ERROR_CANCELLED, even while the
 * verifier decides: the verifier is given @cancellable, so that it can
 * close its dialog, and an answer it gives afterwards is ignored.
 *
 * If @stream is an [class@Framed]'s, take it with
 * [method@Framed.steal_stream] and make sure no bytes were left over, or
 * use [func@tls_upgrade_framed_async], which checks that for you.
 *
 * On failure the TLS connection is closed, and @stream with it.
 */
static void upgrade_start (GIOStream              *stream,
                           GSocketConnectable     *server_identity,
                           RdpCertificateVerifier *verifier,
                           RdpTlsVerifyingFunc     verifying,
                           gpointer                verifying_data,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data);

void
rdp_tls_upgrade_async (GIOStream              *stream,
                       GSocketConnectable     *server_identity,
                       RdpCertificateVerifier *verifier,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (server_identity));
  g_return_if_fail (verifier == NULL || RDP_IS_CERTIFICATE_VERIFIER (verifier));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  upgrade_start (stream, server_identity, verifier, NULL, NULL, cancellable, callback, user_data);
}

static void
upgrade_start (GIOStream              *stream,
               GSocketConnectable     *server_identity,
               RdpCertificateVerifier *verifier,
               RdpTlsVerifyingFunc     verifying,
               gpointer                verifying_data,
               GCancellable           *cancellable,
               GAsyncReadyCallback     callback,
               gpointer                user_data)
{
  g_autoptr(GIOStream) base = NULL;
  GIOStream *tls;
  GTlsDatabase *database = NULL;
  UpgradeData *d;
  GError *error = NULL;
  GTask *task;

  /* registers the extended error domain before any error is made */
  (void) rdp_error_quark ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_tls_upgrade_async);
  g_task_set_name (task, "rdp_tls_upgrade_async");

  if (verifier != NULL && rdp_certificate_verifier_get_database (verifier) != NULL)
    database = g_object_ref (rdp_certificate_verifier_get_database (verifier));
  else
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  /* The database is a construct property here: set after construction, the
   * backend would first load (and then throw away) its default CA bundle for
   * every connection, tens of milliseconds. */
  base = rdp_tls_base_stream_new (stream);
  tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                        cancellable, &error,
                        "base-io-stream", base,
                        "server-identity", server_identity,
                        "database", database,
                        NULL);
  g_clear_object (&database);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  d = g_new0 (UpgradeData, 1);
  d->tls = G_TLS_CONNECTION (tls);
  d->verifier = verifier != NULL ? g_object_ref (verifier) : NULL;
  d->verifying = verifying;
  d->verifying_data = verifying_data;
  identity_get_host_and_port (server_identity, &d->host, &d->port);
  g_task_set_task_data (task, d, upgrade_data_free);

  /* RDP frames its own data; servers often just drop the connection. */
  g_tls_connection_set_require_close_notify (d->tls, FALSE);

  d->accept_id = g_signal_connect (d->tls, "accept-certificate",
                                   G_CALLBACK (accept_certificate_cb), NULL);

  g_tls_connection_handshake_async (d->tls, G_PRIORITY_DEFAULT, cancellable, handshake_cb, task);
}

/**
 * rdp_tls_upgrade_finish:
 * @result: the #GAsyncResult passed to the callback
 * @out_server_public_key: (out) (optional) (transfer full): where to store the
 *   server's public key for CredSSP; see [func@tls_get_server_public_key]
 * @error: return location for a #GError
 *
 * Finishes [func@tls_upgrade_async].
 *
 * Errors of the %G_IO_ERROR and %G_TLS_ERROR domains come from the
 * connection and the TLS backend. An untrusted certificate fails with
 * %G_TLS_ERROR_BAD_CERTIFICATE when there is no verifier (or the verifier
 * does not override [vfunc@CertificateVerifier.verify_async]), with
 * %RDP_ERROR_CERTIFICATE_REJECTED (or the verifier's own error) when the
 * verifier refuses it, and with %RDP_ERROR_CERTIFICATE_CHANGED when the
 * known hosts pin another certificate for the server.
 *
 * Returns: (transfer full): the TLS connection, a
 *   [iface@Gio.TlsClientConnection], or %NULL on error
 */
GTlsConnection *
rdp_tls_upgrade_finish (GAsyncResult  *result,
                        GBytes       **out_server_public_key,
                        GError       **error)
{
  GTlsConnection *tls;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_tls_upgrade_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tls = g_task_propagate_pointer (G_TASK (result), error);
  if (tls != NULL && out_server_public_key != NULL)
    {
      UpgradeData *d = g_task_get_task_data (G_TASK (result));

      *out_server_public_key = g_bytes_ref (d->public_key);
    }
  return tls;
}

/**
 * rdp_tls_upgrade:
 * @stream: the connection to the server, as for [func@tls_upgrade_async]
 * @server_identity: the server as the application named it
 * @verifier: (nullable): what decides about untrusted certificates, or
 *   %NULL to trust only the TLS backend's default database
 * @out_server_public_key: (out) (optional) (transfer full): where to store the
 *   server's public key for CredSSP
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The synchronous form of [func@tls_upgrade_async], for threads and
 * scripts. It blocks the calling thread; @verifier's
 * [vfunc@CertificateVerifier.verify_async] is called in a main context
 * private to the call, so a verifier that needs the application's main loop
 * (a dialog) must be used with the asynchronous form.
 *
 * Returns: (transfer full): the TLS connection, or %NULL on error
 */
GTlsConnection *
rdp_tls_upgrade (GIOStream               *stream,
                 GSocketConnectable      *server_identity,
                 RdpCertificateVerifier  *verifier,
                 GBytes                 **out_server_public_key,
                 GCancellable            *cancellable,
                 GError                 **error)
{
  GTlsConnection *tls;
  RdpSync sync;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (G_IS_SOCKET_CONNECTABLE (server_identity), NULL);
  g_return_val_if_fail (verifier == NULL || RDP_IS_CERTIFICATE_VERIFIER (verifier), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* on a private context (rdp-sync-private.h) */
  rdp_sync_begin (&sync);
  rdp_tls_upgrade_async (stream, server_identity, verifier, cancellable, rdp_sync_cb, &sync);
  tls = rdp_tls_upgrade_finish (rdp_sync_wait (&sync), out_server_public_key, error);
  rdp_sync_end (&sync);
  return tls;
}

static void
framed_upgrade_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTlsConnection) tls = NULL;
  GBytes *public_key = NULL;
  GError *error = NULL;

  tls = rdp_tls_upgrade_finish (result, &public_key, &error);
  if (tls == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, public_key, (GDestroyNotify) g_bytes_unref);
  g_task_return_pointer (task, rdp_framed_new (G_IO_STREAM (tls)), g_object_unref);
}

static gboolean
check_no_leftover (RdpFramed  *framed,
                   GError    **error)
{
  g_autoptr(GBytes) leftover = rdp_framed_peek (framed);
  gsize size = g_bytes_get_size (leftover);

  if (size == 0)
    return TRUE;
  g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
               _("Refusing the TLS upgrade: %u unprotected bytes arrived before the handshake"),
               (guint) MIN (size, G_MAXUINT));
  return FALSE;
}

/**
 * rdp_tls_upgrade_framed_async:
 * @framed: the framed connection to the server, after the X.224
 *   negotiation; no read or write may be in progress and it must not be split
 * @server_identity: the server as the application named it, as for
 *   [func@tls_upgrade_async]
 * @verifier: (nullable): what decides about untrusted certificates, or
 *   %NULL to trust only the TLS backend's default database
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the upgrade is
 *   done
 * @user_data: data for @callback
 *
 * Upgrades the connection of @framed to TLS, as [func@tls_upgrade_async]
 * does, and frames the TLS connection.
 *
 * If @framed holds bytes it read from the server and did not return yet,
 * the upgrade fails with %RDP_ERROR_INVALID_DATA before anything is sent,
 * and @framed is left as it was: bytes that arrive before the handshake
 * were not protected by TLS and must never be mistaken for data that was.
 * Otherwise the stream is taken out of @framed (see
 * [method@Framed.steal_stream]), which cannot be used afterwards.
 */
void
rdp_tls_upgrade_framed_async (RdpFramed              *framed,
                              GSocketConnectable     *server_identity,
                              RdpCertificateVerifier *verifier,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  rdp_tls_upgrade_framed_full_async (framed, server_identity, verifier, NULL, NULL,
                                     cancellable, callback, user_data);
}

void
rdp_tls_upgrade_framed_full_async (RdpFramed              *framed,
                                   GSocketConnectable     *server_identity,
                                   RdpCertificateVerifier *verifier,
                                   RdpTlsVerifyingFunc     verifying,
                                   gpointer                verifying_data,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr(GBytes) leftover = NULL;
  GIOStream *stream;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (RDP_IS_FRAMED (framed));
  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (server_identity));
  g_return_if_fail (verifier == NULL || RDP_IS_CERTIFICATE_VERIFIER (verifier));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_tls_upgrade_framed_async);
  g_task_set_name (task, "rdp_tls_upgrade_framed_async");

  if (!check_no_leftover (framed, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  stream = rdp_framed_steal_stream (framed, &leftover);
  if (stream == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The connection is busy or has been taken over"));
      g_object_unref (task);
      return;
    }
  g_assert (g_bytes_get_size (leftover) == 0);

  upgrade_start (stream, server_identity, verifier, verifying, verifying_data,
                 cancellable, framed_upgrade_cb, task);
  g_object_unref (stream);
}

/**
 * rdp_tls_upgrade_framed_finish:
 * @result: the #GAsyncResult passed to the callback
 * @out_server_public_key: (out) (optional) (transfer full): where to store the
 *   server's public key for CredSSP
 * @error: return location for a #GError
 *
 * Finishes [func@tls_upgrade_framed_async]. The errors are those of
 * [func@tls_upgrade_finish], and %RDP_ERROR_INVALID_DATA for bytes that
 * arrived before the handshake.
 *
 * Returns: (transfer full): a new framed transport whose stream
 *   ([method@Framed.get_stream]) is the [iface@Gio.TlsClientConnection], or
 *   %NULL on error
 */
RdpFramed *
rdp_tls_upgrade_framed_finish (GAsyncResult  *result,
                               GBytes       **out_server_public_key,
                               GError       **error)
{
  RdpFramed *framed;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_tls_upgrade_framed_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  framed = g_task_propagate_pointer (G_TASK (result), error);
  if (framed != NULL && out_server_public_key != NULL)
    *out_server_public_key = g_bytes_ref (g_task_get_task_data (G_TASK (result)));
  return framed;
}

/**
 * rdp_tls_upgrade_framed:
 * @framed: the framed connection to the server
 * @server_identity: the server as the application named it
 * @verifier: (nullable): what decides about untrusted certificates, or
 *   %NULL to trust only the TLS backend's default database
 * @out_server_public_key: (out) (optional) (transfer full): where to store the
 *   server's public key for CredSSP
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The synchronous form of [func@tls_upgrade_framed_async]; see
 * [func@tls_upgrade] for how it waits.
 *
 * Returns: (transfer full): a new framed transport over the TLS connection,
 *   or %NULL on error
 */
RdpFramed *
rdp_tls_upgrade_framed (RdpFramed               *framed,
                        GSocketConnectable      *server_identity,
                        RdpCertificateVerifier  *verifier,
                        GBytes                 **out_server_public_key,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  RdpFramed *upgraded;
  RdpSync sync;

  g_return_val_if_fail (RDP_IS_FRAMED (framed), NULL);
  g_return_val_if_fail (G_IS_SOCKET_CONNECTABLE (server_identity), NULL);
  g_return_val_if_fail (verifier == NULL || RDP_IS_CERTIFICATE_VERIFIER (verifier), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rdp_sync_begin (&sync);
  rdp_tls_upgrade_framed_async (framed, server_identity, verifier, cancellable, rdp_sync_cb, &sync);
  upgraded = rdp_tls_upgrade_framed_finish (rdp_sync_wait (&sync), out_server_public_key, error);
  rdp_sync_end (&sync);
  return upgraded;
}

/**
 * rdp_tls_get_server_public_key:
 * @certificate: the server's certificate
 * @error: return location for a #GError
 *
 * Gets the public key of @certificate in the form CredSSP binds to: the
 * contents of the certificate's `subjectPublicKey` BIT STRING without its
 * leading unused-bits octet. For an RSA key that is the DER `RSAPublicKey`
 * (`30 82 01 0a …` for 2048 bits); for an elliptic-curve key, the encoded
 * point (`04 …`).
 *
 * Returns: (transfer full): the public key, or %NULL with @error set if
 *   @certificate could not be read
 */
GBytes *
rdp_tls_get_server_public_key (GTlsCertificate  *certificate,
                               GError          **error)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return rdp_certificate_get_public_key (certificate, error);
}

/**
 * rdp_tls_get_certificate_fingerprint:
 * @certificate: a certificate
 *
 * Gets the SHA-256 fingerprint of @certificate's DER encoding, the form
 * [class@KnownHosts] stores and that certificate dialogs show.
 *
 * Returns: (transfer full): 32 colon-separated pairs of upper-case hex
 *   digits, like `openssl x509 -fingerprint -sha256` prints
 */
char *
rdp_tls_get_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return rdp_certificate_get_fingerprint (certificate);
}

/**
 * rdp_tls_error_get_certificate_change:
 * @error: an error from [func@tls_upgrade_finish] or
 *   [func@tls_upgrade_framed_finish]
 * @out_known_fingerprint: (out) (optional) (transfer full): where to store
 *   the fingerprint the known hosts pin for the server
 * @out_presented_fingerprint: (out) (optional) (transfer full): where to
 *   store the fingerprint of the certificate the server presented
 * @out_certificate: (out) (optional) (transfer full): where to store the
 *   certificate the server presented, to show it to the user or to pin it
 *   with [method@KnownHosts.add] if the user accepts the change
 *
 * Gets the details of a %RDP_ERROR_CERTIFICATE_CHANGED error. The error
 * carries them as long as it is the #GError the upgrade returned or a copy
 * made with g_error_copy(); bindings that turn errors into exceptions and
 * back (Python) lose them, and must do with the message, which names both
 * fingerprints.
 *
 * Returns: %TRUE if @error is a %RDP_ERROR_CERTIFICATE_CHANGED error with its
 *   details, %FALSE otherwise (and the out arguments are left alone)
 */
gboolean
rdp_tls_error_get_certificate_change (const GError     *error,
                                      char            **out_known_fingerprint,
                                      char            **out_presented_fingerprint,
                                      GTlsCertificate **out_certificate)
{
  const char *known, *presented;
  GObject *certificate;

  g_return_val_if_fail (error != NULL, FALSE);

  if (!rdp_error_get_certificate_change (error, &known, &presented, &certificate))
    return FALSE;
  if (out_known_fingerprint != NULL)
    *out_known_fingerprint = g_strdup (known);
  if (out_presented_fingerprint != NULL)
    *out_presented_fingerprint = g_strdup (presented);
  if (out_certificate != NULL)
    *out_certificate = G_TLS_CERTIFICATE (g_object_ref (certificate));
  return TRUE;
}

/**
 * rdp_tls_get_channel_binding:
 * @connection: a TLS connection after its handshake, as returned by
 *   [func@tls_upgrade_finish]
 * @error: return location for a #GError
 *
 * Gets the `tls-server-end-point` channel binding data of @connection
 * (RFC 5929): the hash of the server's certificate, which NTLM and Kerberos
 * bind their authentication to.
 *
 * Returns: (transfer full): the channel binding data, or %NULL with @error
 *   set if the TLS backend cannot provide it
 */
GBytes *
rdp_tls_get_channel_binding (GTlsConnection  *connection,
                             GError         **error)
{
  GByteArray *data;

  g_return_val_if_fail (G_IS_TLS_CONNECTION (connection), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_byte_array_new ();
  if (!g_tls_connection_get_channel_binding_data (connection,
                                                  G_TLS_CHANNEL_BINDING_TLS_SERVER_END_POINT,
                                                  data, error))
    {
      g_byte_array_unref (data);
      return NULL;
    }
  return g_byte_array_free_to_bytes (data);
}

/* ---- the certificate of an untrusted-certificate error ---- */

/* G_TLS_ERROR is GIO's domain, not an extended one: its errors carry no
 * more than a message, and g_error_copy(), GTask and the bindings (a Python
 * GLib.Error turned back into a GError) keep exactly domain, code and
 * message. So the message names the certificate's fingerprint, and the
 * certificates that the upgrade refused are kept, the last few of them, by
 * fingerprint: rdp_tls_error_get_certificate() finds them again from any
 * copy of the error. */
#define UNTRUSTED_KEPT 16

G_LOCK_DEFINE_STATIC (untrusted);
static GQueue untrusted = G_QUEUE_INIT;    /* of GTlsCertificate, newest first */

static void
untrusted_keep (GTlsCertificate *certificate)
{
  G_LOCK (untrusted);
  g_queue_push_head (&untrusted, g_object_ref (certificate));
  while (g_queue_get_length (&untrusted) > UNTRUSTED_KEPT)
    g_object_unref (g_queue_pop_tail (&untrusted));
  G_UNLOCK (untrusted);
}

static GTlsCertificate *
untrusted_find (const char *fingerprint)
{
  GTlsCertificate *found = NULL;
  GList *l;

  G_LOCK (untrusted);
  for (l = untrusted.head; l != NULL && found == NULL; l = l->next)
    {
      g_autofree char *candidate = rdp_certificate_get_fingerprint (l->data);

      if (strcmp (candidate, fingerprint) == 0)
        found = g_object_ref (l->data);
    }
  G_UNLOCK (untrusted);
  return found;
}

GError *
rdp_tls_error_new_untrusted (const char           *server,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  errors)
{
  g_autofree char *reasons = rdp_certificate_verifier_describe_errors (errors);
  g_autofree char *fingerprint = rdp_certificate_get_fingerprint (certificate);

  untrusted_keep (certificate);
  return g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                      _("The certificate of %s is not trusted: %s (SHA-256 fingerprint %s)"),
                      server, reasons, fingerprint);
}

/* The last SHA-256 fingerprint (32 colon-separated pairs of upper-case hex
 * digits) in @message, or NULL. */
static char *
find_fingerprint (const char *message)
{
  const gsize length = 32 * 3 - 1;
  gsize n = strlen (message);
  gsize i;

  for (i = n >= length ? n - length + 1 : 0; i-- > 0;)
    {
      const char *p = message + i;
      gsize j;

      for (j = 0; j < length; j++)
        {
          if (j % 3 == 2 ? p[j] != ':' : !(g_ascii_isdigit (p[j]) || (p[j] >= 'A' && p[j] <= 'F')))
            break;
        }
      if (j < length)
        continue;
      /* a whole fingerprint, not the middle of a longer run */
      if ((i > 0 && (g_ascii_isxdigit (p[-1]) || p[-1] == ':')) ||
          g_ascii_isxdigit (p[length]) || p[length] == ':')
        continue;
      return g_strndup (p, length);
    }
  return NULL;
}

/**
 * rdp_tls_error_get_certificate:
 * @error: an error of a connection: from [func@tls_upgrade_finish],
 *   [func@tls_upgrade_framed_finish], [method@Client.connect_finish], …
 * @out_certificate: (out) (optional) (nullable) (transfer full): where to
 *   store the certificate the server presented, or %NULL if it is no longer
 *   known
 * @out_fingerprint: (out) (optional) (transfer full): where to store its
 *   SHA-256 fingerprint
 *
 * Gets the certificate that a connection did not trust, so that an
 * application that relies on [class@KnownHosts] alone can offer “trust and
 * retry”: show the fingerprint, pin it with [method@KnownHosts.add] or
 * [method@KnownHosts.add_fingerprint] and connect again.
 *
 * It knows the errors the TLS upgrade makes about a certificate:
 *
 * - %G_TLS_ERROR_BAD_CERTIFICATE (no verifier, or nobody answered
 *   [signal@CertificateVerifier::certificate-request]): its message names
 *   the fingerprint, so this works with any copy of the error, even one
 *   that went through a language binding and back. The certificate itself
 *   is kept for the last 16 such errors of the process;
 *   @out_certificate is %NULL for older ones (the fingerprint is enough to
 *   pin it).
 * - %RDP_ERROR_CERTIFICATE_REJECTED (made by rdp-gio, not a verifier's
 *   own error) and %RDP_ERROR_CERTIFICATE_CHANGED: they carry both, as long
 *   as the error is the #GError that was returned or a g_error_copy() of it
 *   (see [func@tls_error_get_certificate_change]).
 *
 * Returns: %TRUE if @error names a certificate (the out arguments are set),
 *   %FALSE otherwise (they are left alone)
 */
gboolean
rdp_tls_error_get_certificate (const GError     *error,
                               GTlsCertificate **out_certificate,
                               char            **out_fingerprint)
{
  const char *fingerprint;
  GObject *certificate;

  g_return_val_if_fail (error != NULL, FALSE);

  if (rdp_error_get_certificate (error, &fingerprint, &certificate))
    {
      if (out_certificate != NULL)
        *out_certificate = G_TLS_CERTIFICATE (g_object_ref (certificate));
      if (out_fingerprint != NULL)
        *out_fingerprint = g_strdup (fingerprint);
      return TRUE;
    }
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) && error->message != NULL)
    {
      g_autofree char *found = find_fingerprint (error->message);

      if (found == NULL)
        return FALSE;
      if (out_certificate != NULL)
        *out_certificate = untrusted_find (found);
      if (out_fingerprint != NULL)
        *out_fingerprint = g_steal_pointer (&found);
      return TRUE;
    }
  return FALSE;
}
