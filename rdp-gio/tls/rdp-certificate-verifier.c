/* rdp-certificate-verifier.c: the application's say on server certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-certificate-verifier.h"
#include "rdp-certificate-verifier-private.h"
#include "rdp-certificate-request-private.h"
#include "rdp-certificate-utils-private.h"
#include "rdp-error.h"
#include "rdp-error-private.h"
#include "rdp-i18n-private.h"

/**
 * RdpCertificateVerifier:
 *
 * Decides whether the TLS upgrade ([func@tls_upgrade_async]) trusts the
 * server's certificate.
 *
 * The upgrade accepts a certificate that validates against the verifier's
 * [property@CertificateVerifier:database] for the server identity, or whose
 * fingerprint the verifier's [property@CertificateVerifier:known-hosts]
 * pins for the server. It fails with %RDP_ERROR_CERTIFICATE_CHANGED if the
 * known hosts pin another certificate. In every other case it asks the
 * verifier's [vfunc@CertificateVerifier.verify_async], and the connection
 * waits, sending nothing, until the answer comes.
 *
 * The base class emits [signal@CertificateVerifier::certificate-request]
 * with an [class@CertificateRequest] that the application answers, now or
 * later, with [method@CertificateRequest.accept] or
 * [method@CertificateRequest.reject] — the way of [class@Gio.MountOperation],
 * which works from every language binding, GJS included. If no handler
 * takes the request, it refuses the certificate with
 * %G_TLS_ERROR_BAD_CERTIFICATE, so an instance made with
 * [ctor@CertificateVerifier.new] and no handler trusts only its database
 * and its known hosts. The base class also asks about a certificate that
 * the known hosts pin another certificate for (refusing it with
 * %RDP_ERROR_CERTIFICATE_CHANGED).
 *
 * ```python
 * verifier = RdpGio.CertificateVerifier.new(None, RdpGio.KnownHosts.new(None))
 *
 * def on_request(verifier, request):
 *     # show a dialog; answer when the user clicks
 *     ask_user_later(request.props.host, request.props.fingerprint,
 *                    lambda ok: request.accept(True) if ok else request.reject())
 *     return True
 *
 * verifier.connect("certificate-request", on_request)
 * ```
 *
 * C and Vala applications may instead subclass it and override
 * `verify_async` and `verify_finish`, in the way of
 * [class@Gio.TlsInteraction]: `verify_async` may show a dialog and complete
 * its task when the user answers, from the same main context. Such a
 * subclass must complete the task whatever happens: rdp-gio cannot tell a
 * verifier that is still deciding from one that will never answer (a
 * Python `do_verify_async` that raised, say), and only cancelling the
 * connection ends the wait. Subclasses do not emit the signal and are not
 * asked about changed certificates.
 *
 * See the [TLS page](tls.html) for the whole trust model.
 */

typedef struct {
  GTlsDatabase *database;
  RdpKnownHosts *known_hosts;
} RdpCertificateVerifierPrivate;

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_KNOWN_HOSTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CERTIFICATE_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE (RdpCertificateVerifier, rdp_certificate_verifier, G_TYPE_OBJECT)

static void     rdp_certificate_verifier_real_verify_async  (RdpCertificateVerifier  *self,
                                                             const char              *host,
                                                             guint16                  port,
                                                             GTlsCertificate         *certificate,
                                                             GTlsCertificateFlags     errors,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
static gboolean rdp_certificate_verifier_real_verify_finish (RdpCertificateVerifier  *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);

static void
rdp_certificate_verifier_init (RdpCertificateVerifier *self)
{
}

static void
rdp_certificate_verifier_dispose (GObject *object)
{
  RdpCertificateVerifier *self = RDP_CERTIFICATE_VERIFIER (object);
  RdpCertificateVerifierPrivate *priv = rdp_certificate_verifier_get_instance_private (self);

  g_clear_object (&priv->database);
  g_clear_object (&priv->known_hosts);

  G_OBJECT_CLASS (rdp_certificate_verifier_parent_class)->dispose (object);
}

static void
rdp_certificate_verifier_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RdpCertificateVerifier *self = RDP_CERTIFICATE_VERIFIER (object);
  RdpCertificateVerifierPrivate *priv = rdp_certificate_verifier_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, priv->database);
      break;
    case PROP_KNOWN_HOSTS:
      g_value_set_object (value, priv->known_hosts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_certificate_verifier_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RdpCertificateVerifier *self = RDP_CERTIFICATE_VERIFIER (object);
  RdpCertificateVerifierPrivate *priv = rdp_certificate_verifier_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_set_object (&priv->database, g_value_get_object (value));
      break;
    case PROP_KNOWN_HOSTS:
      g_set_object (&priv->known_hosts, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Asks through RdpCertificateVerifier::certificate-request. Nobody takes
 * the request: the certificate is refused as before the signal existed,
 * with G_TLS_ERROR_BAD_CERTIFICATE (or RDP_ERROR_CERTIFICATE_CHANGED). */
static void
ask (RdpCertificateVerifier *self,
     const char             *host,
     guint16                 port,
     GTlsCertificate        *certificate,
     GTlsCertificateFlags    errors,
     const char             *known_fingerprint,
     GCancellable           *cancellable,
     GAsyncReadyCallback     callback,
     gpointer                user_data)
{
  RdpCertificateVerifierPrivate *priv = rdp_certificate_verifier_get_instance_private (self);
  g_autoptr(RdpCertificateRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  gboolean handled = FALSE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_certificate_verifier_real_verify_async);

  request = rdp_certificate_request_new (task, host, port, certificate, errors,
                                         known_fingerprint, priv->known_hosts);
  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_REQUEST], 0, request, &handled);
  if (!handled)
    {
      g_autoptr(GTask) unanswered = rdp_certificate_request_steal_task (request);
      g_autofree char *server = NULL;

      /* a handler that answered and returned FALSE all the same: its
       * answer stands */
      if (unanswered == NULL)
        return;
      server = rdp_certificate_verifier_format_server (host, port);
      if (known_fingerprint != NULL)
        {
          g_autofree char *presented = rdp_certificate_get_fingerprint (certificate);

          g_task_return_error (unanswered,
                               rdp_error_new_certificate_changed (server, known_fingerprint, presented,
                                                                  G_OBJECT (certificate)));
        }
      else
        g_task_return_error (unanswered, rdp_tls_error_new_untrusted (server, certificate, errors));
    }
}

static void
rdp_certificate_verifier_real_verify_async (RdpCertificateVerifier *self,
                                            const char             *host,
                                            guint16                 port,
                                            GTlsCertificate        *certificate,
                                            GTlsCertificateFlags    errors,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  ask (self, host, port, certificate, errors, NULL, cancellable, callback, user_data);
}

gboolean
rdp_certificate_verifier_asks_on_change (RdpCertificateVerifier *self)
{
  RdpCertificateVerifierClass *klass = RDP_CERTIFICATE_VERIFIER_GET_CLASS (self);

  return klass->verify_async == rdp_certificate_verifier_real_verify_async &&
         klass->verify_finish == rdp_certificate_verifier_real_verify_finish;
}

void
rdp_certificate_verifier_ask_changed_async (RdpCertificateVerifier *self,
                                            const char             *host,
                                            guint16                 port,
                                            GTlsCertificate        *certificate,
                                            GTlsCertificateFlags    errors,
                                            const char             *known_fingerprint,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_assert (rdp_certificate_verifier_asks_on_change (self));
  g_assert (known_fingerprint != NULL);

  ask (self, host, port, certificate, errors, known_fingerprint, cancellable, callback, user_data);
}

static gboolean
rdp_certificate_verifier_real_verify_finish (RdpCertificateVerifier  *self,
                                             GAsyncResult            *result,
                                             GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rdp_certificate_verifier_class_init (RdpCertificateVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdp_certificate_verifier_dispose;
  object_class->get_property = rdp_certificate_verifier_get_property;
  object_class->set_property = rdp_certificate_verifier_set_property;

  /* a subclass may fail with RDP_ERROR: register the extended domain */
  (void) rdp_error_quark ();

  klass->verify_async = rdp_certificate_verifier_real_verify_async;
  klass->verify_finish = rdp_certificate_verifier_real_verify_finish;

  /**
   * RdpCertificateVerifier:database:
   *
   * The certificate authorities to validate server certificates against, or
   * %NULL for the TLS backend's default database (the system's trusted
   * certificate authorities).
   */
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateVerifier:known-hosts:
   *
   * The pinned certificates to accept and to detect changed certificates
   * with, or %NULL for none.
   */
  properties[PROP_KNOWN_HOSTS] =
    g_param_spec_object ("known-hosts", NULL, NULL,
                         RDP_TYPE_KNOWN_HOSTS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdpCertificateVerifier::certificate-request:
   * @self: the verifier
   * @request: the question: the server, its certificate, what is wrong
   *   with it
   *
   * Emitted by the default [vfunc@CertificateVerifier.verify_async], on
   * the main context of the connection, when neither the
   * [property@CertificateVerifier:database] nor the
   * [property@CertificateVerifier:known-hosts] vouch for the server's
   * certificate, and also when the known hosts pin another certificate for
   * the server (with the [property@CertificateRequest:reason]
   * %RDP_CERTIFICATE_REQUEST_REASON_CHANGED).
   *
   * A handler that takes the question on returns %TRUE and answers @request
   * with [method@CertificateRequest.accept] or
   * [method@CertificateRequest.reject], then or later (keep a reference to
   * it meanwhile: a request dropped unanswered rejects). If no handler
   * returns %TRUE, the certificate is refused as without the signal: with
   * %G_TLS_ERROR_BAD_CERTIFICATE (%RDP_ERROR_CERTIFICATE_CHANGED for a
   * changed one).
   *
   * Subclasses that override [vfunc@CertificateVerifier.verify_async] do
   * not emit it, and are not asked about changed certificates.
   *
   * Returns: %TRUE if the handler will answer @request
   */
  signals[SIGNAL_CERTIFICATE_REQUEST] =
    g_signal_new ("certificate-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, RDP_TYPE_CERTIFICATE_REQUEST);
}

/**
 * rdp_certificate_verifier_new:
 * @database: (nullable): the certificate authorities to trust, or %NULL for
 *   the system's
 * @known_hosts: (nullable): the pinned certificates to trust, or %NULL for
 *   none
 *
 * Creates a verifier that trusts the certificates that validate against
 * @database and those that @known_hosts pins, and refuses all others. To
 * ask the user about the others, subclass #RdpCertificateVerifier instead
 * and set the [property@CertificateVerifier:database] and
 * [property@CertificateVerifier:known-hosts] properties at construction.
 *
 * Returns: (transfer full): a new #RdpCertificateVerifier
 */
RdpCertificateVerifier *
rdp_certificate_verifier_new (GTlsDatabase  *database,
                              RdpKnownHosts *known_hosts)
{
  g_return_val_if_fail (database == NULL || G_IS_TLS_DATABASE (database), NULL);
  g_return_val_if_fail (known_hosts == NULL || RDP_IS_KNOWN_HOSTS (known_hosts), NULL);

  return g_object_new (RDP_TYPE_CERTIFICATE_VERIFIER,
                       "database", database,
                       "known-hosts", known_hosts,
                       NULL);
}

/**
 * rdp_certificate_verifier_get_database:
 * @self: a #RdpCertificateVerifier
 *
 * Gets the [property@CertificateVerifier:database] of @self.
 *
 * Returns: (transfer none) (nullable): the database, or %NULL for the
 *   system's
 */
GTlsDatabase *
rdp_certificate_verifier_get_database (RdpCertificateVerifier *self)
{
  RdpCertificateVerifierPrivate *priv;

  g_return_val_if_fail (RDP_IS_CERTIFICATE_VERIFIER (self), NULL);

  priv = rdp_certificate_verifier_get_instance_private (self);
  return priv->database;
}

/**
 * rdp_certificate_verifier_get_known_hosts:
 * @self: a #RdpCertificateVerifier
 *
 * Gets the [property@CertificateVerifier:known-hosts] of @self.
 *
 * Returns: (transfer none) (nullable): the known hosts, or %NULL
 */
RdpKnownHosts *
rdp_certificate_verifier_get_known_hosts (RdpCertificateVerifier *self)
{
  RdpCertificateVerifierPrivate *priv;

  g_return_val_if_fail (RDP_IS_CERTIFICATE_VERIFIER (self), NULL);

  priv = rdp_certificate_verifier_get_instance_private (self);
  return priv->known_hosts;
}

/**
 * rdp_certificate_verifier_verify_async:
 * @self: a #RdpCertificateVerifier
 * @host: the server's host name or address, as in the server identity
 * @port: the server's port
 * @certificate: the certificate the server presented
 * @errors: what is wrong with @certificate: the flags of
 *   [method@Gio.TlsConnection.get_peer_certificate_errors], never 0
 * @cancellable: (nullable): a #GCancellable; if it is cancelled the
 *   connection is being abandoned and a dialog should go away
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Asks @self whether to trust @certificate for @host and @port, which
 * neither the database nor the known hosts vouch for. The TLS upgrade calls
 * this; applications override the virtual method.
 *
 * The answer may take as long as it needs: @callback must be invoked in the
 * thread-default main context of the caller, as with #GTask.
 */
void
rdp_certificate_verifier_verify_async (RdpCertificateVerifier *self,
                                       const char             *host,
                                       guint16                 port,
                                       GTlsCertificate        *certificate,
                                       GTlsCertificateFlags    errors,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  g_return_if_fail (RDP_IS_CERTIFICATE_VERIFIER (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  RDP_CERTIFICATE_VERIFIER_GET_CLASS (self)->verify_async (self, host, port, certificate, errors,
                                                           cancellable, callback, user_data);
}

/**
 * rdp_certificate_verifier_verify_finish:
 * @self: a #RdpCertificateVerifier
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@CertificateVerifier.verify_async].
 *
 * Returns: %TRUE if the certificate is to be trusted; %FALSE if not,
 *   usually with @error set to say why (the TLS upgrade fails with
 *   %RDP_ERROR_CERTIFICATE_REJECTED when it is not)
 */
gboolean
rdp_certificate_verifier_verify_finish (RdpCertificateVerifier  *self,
                                        GAsyncResult            *result,
                                        GError                 **error)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_VERIFIER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return RDP_CERTIFICATE_VERIFIER_GET_CLASS (self)->verify_finish (self, result, error);
}

char *
rdp_certificate_verifier_format_server (const char *host,
                                        guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

char *
rdp_certificate_verifier_describe_errors (GTlsCertificateFlags errors)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char *text;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is not signed by a trusted certificate authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it was issued for another server") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses an insecure algorithm") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be validated") },
  };
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (errors & reasons[i].flag)
      {
        if (s->len > 0)
          g_string_append (s, "; ");
        g_string_append (s, _(reasons[i].text));
      }
  if (s->len == 0)
    g_string_append (s, _("it could not be validated"));
  return g_string_free (s, FALSE);
}
