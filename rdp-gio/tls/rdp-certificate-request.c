/* rdp-certificate-request.c: a question about a server certificate, for
 * the application to answer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-certificate-request.h"
#include "rdp-certificate-request-private.h"
#include "rdp-certificate-utils-private.h"
#include "rdp-certificate-verifier-private.h"
#include "rdp-enum-types.h"
#include "rdp-i18n-private.h"

/**
 * RdpCertificateRequest:
 *
 * A question about a server certificate that neither the certificate
 * authorities nor the known hosts vouch for: should the connection trust
 * it?
 *
 * [class@CertificateVerifier]'s default
 * [vfunc@CertificateVerifier.verify_async] emits
 * [signal@CertificateVerifier::certificate-request] with one. A handler that
 * returns %TRUE takes the question on: it shows the host, the
 * [property@CertificateRequest:fingerprint] and what is wrong
 * ([method@CertificateRequest.describe_errors]), and answers now or later —
 * from a dialog's response, say — with [method@CertificateRequest.accept]
 * or [method@CertificateRequest.reject], on the main context of the
 * connection. This is the pattern of [class@Gio.MountOperation]; it needs
 * no subclass and no asynchronous virtual method, so it works from every
 * language binding (GJS cannot implement
 * [vfunc@CertificateVerifier.verify_async]).
 *
 * The connection waits, sending nothing, and its connect timeout is
 * suspended while the question is open. Only the first answer counts: if
 * the connection is cancelled first (by the application, or because it was
 * given up), the request is finished and emits
 * [signal@CertificateRequest::cancelled] (close the dialog then), and an
 * answer that comes afterwards has no effect. A request that the
 * application drops without answering rejects the certificate.
 *
 * ```js
 * verifier.connect('certificate-request', (verifier, request) => {
 *     // a dialog, answered 200 ms later
 *     GLib.timeout_add(GLib.PRIORITY_DEFAULT, 200, () => {
 *         request.accept(true);   // and pin it in the known hosts
 *         return GLib.SOURCE_REMOVE;
 *     });
 *     return true;
 * });
 * ```
 */

struct _RdpCertificateRequest {
  GObject parent_instance;

  char *host;
  guint16 port;
  GTlsCertificate *certificate;
  GTlsCertificateFlags errors;
  char *fingerprint;
  char *known_fingerprint;          /* nullable */
  RdpCertificateRequestReason reason;
  RdpKnownHosts *known_hosts;       /* nullable */
  GCancellable *cancellable;        /* nullable */

  GTask *task;                      /* the verifier's, until answered */
  GSource *cancel_source;
  gboolean finished;
  gboolean cancelled;
};

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_CERTIFICATE,
  PROP_ERRORS,
  PROP_FINGERPRINT,
  PROP_REASON,
  PROP_KNOWN_FINGERPRINT,
  PROP_CANCELLABLE,
  PROP_FINISHED,
  N_PROPS
};

enum {
  SIGNAL_CANCELLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdpCertificateRequest, rdp_certificate_request, G_TYPE_OBJECT)

static void
rdp_certificate_request_init (RdpCertificateRequest *self)
{
}

static void
stop_cancel_source (RdpCertificateRequest *self)
{
  if (self->cancel_source == NULL)
    return;
  g_source_destroy (self->cancel_source);
  g_clear_pointer (&self->cancel_source, g_source_unref);
}

static void
rdp_certificate_request_dispose (GObject *object)
{
  RdpCertificateRequest *self = RDP_CERTIFICATE_REQUEST (object);

  stop_cancel_source (self);
  /* dropped unanswered: a refusal, so that the connection never waits for
   * an answer that cannot come */
  if (self->task != NULL)
    {
      GTask *task = g_steal_pointer (&self->task);

      self->finished = TRUE;
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
    }

  G_OBJECT_CLASS (rdp_certificate_request_parent_class)->dispose (object);
}

static void
rdp_certificate_request_finalize (GObject *object)
{
  RdpCertificateRequest *self = RDP_CERTIFICATE_REQUEST (object);

  g_free (self->host);
  g_clear_object (&self->certificate);
  g_free (self->fingerprint);
  g_free (self->known_fingerprint);
  g_clear_object (&self->known_hosts);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rdp_certificate_request_parent_class)->finalize (object);
}

static void
rdp_certificate_request_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RdpCertificateRequest *self = RDP_CERTIFICATE_REQUEST (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_ERRORS:
      g_value_set_flags (value, self->errors);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;
    case PROP_KNOWN_FINGERPRINT:
      g_value_set_string (value, self->known_fingerprint);
      break;
    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;
    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_certificate_request_class_init (RdpCertificateRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdp_certificate_request_dispose;
  object_class->finalize = rdp_certificate_request_finalize;
  object_class->get_property = rdp_certificate_request_get_property;

  /**
   * RdpCertificateRequest:host:
   *
   * The server's host name or address, as the application named it (the
   * server identity of the TLS upgrade).
   */
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:port:
   *
   * The server's port (3389 when the server identity names none).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:certificate:
   *
   * The certificate the server presented.
   */
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:errors:
   *
   * What is wrong with the certificate, as the TLS backend validated it
   * against the certificate authorities for the server identity; never 0.
   */
  properties[PROP_ERRORS] =
    g_param_spec_flags ("errors", NULL, NULL, G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:fingerprint:
   *
   * The SHA-256 fingerprint of the certificate, in the form of
   * [func@tls_get_certificate_fingerprint], to show to the user.
   */
  properties[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:reason:
   *
   * Whether the server is new to the known hosts
   * (%RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED) or they pin another
   * certificate for it (%RDP_CERTIFICATE_REQUEST_REASON_CHANGED).
   */
  properties[PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL, RDP_TYPE_CERTIFICATE_REQUEST_REASON,
                       RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:known-fingerprint:
   *
   * The fingerprint the known hosts pin for the server when the
   * [property@CertificateRequest:reason] is
   * %RDP_CERTIFICATE_REQUEST_REASON_CHANGED, else %NULL.
   */
  properties[PROP_KNOWN_FINGERPRINT] =
    g_param_spec_string ("known-fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:cancellable:
   *
   * The connection's #GCancellable, or %NULL: it is cancelled when the
   * connection is given up. [signal@CertificateRequest::cancelled] says the
   * same on the request's main context.
   */
  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL, G_TYPE_CANCELLABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpCertificateRequest:finished:
   *
   * Whether the request has its answer (or was cancelled, or refused because
   * nobody took it on); further answers have no effect.
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdpCertificateRequest::cancelled:
   * @self: the request
   *
   * Emitted, on the main context of the connection, when the connection
   * is cancelled (or times out) before the request was answered: the
   * request is finished and a dialog showing it should go away.
   */
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Marks the request answered; returns the task to complete. */
static GTask *
finish (RdpCertificateRequest *self,
        gboolean               cancelled)
{
  GTask *task = g_steal_pointer (&self->task);

  self->finished = TRUE;
  self->cancelled = cancelled;
  stop_cancel_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  return task;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  RdpCertificateRequest *self = g_object_ref (user_data);
  GTask *task;

  if (!self->finished)
    {
      task = finish (self, TRUE);
      g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      g_object_unref (task);
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

RdpCertificateRequest *
rdp_certificate_request_new (GTask                *task,
                             const char           *host,
                             guint16               port,
                             GTlsCertificate      *certificate,
                             GTlsCertificateFlags  errors,
                             const char           *known_fingerprint,
                             RdpKnownHosts        *known_hosts)
{
  RdpCertificateRequest *self = g_object_new (RDP_TYPE_CERTIFICATE_REQUEST, NULL);
  GCancellable *cancellable = g_task_get_cancellable (task);

  self->task = g_object_ref (task);
  self->host = g_strdup (host);
  self->port = port;
  self->certificate = g_object_ref (certificate);
  self->errors = errors;
  self->fingerprint = rdp_certificate_get_fingerprint (certificate);
  self->known_fingerprint = g_strdup (known_fingerprint);
  self->reason = known_fingerprint != NULL ? RDP_CERTIFICATE_REQUEST_REASON_CHANGED
                                           : RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED;
  self->known_hosts = known_hosts != NULL ? g_object_ref (known_hosts) : NULL;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (cancellable != NULL)
    {
      /* on the connection's main context, whichever thread cancels; the
       * source holds no reference: dispose destroys it */
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb,
                             self, NULL);
      g_source_set_priority (self->cancel_source, g_task_get_priority (task));
      g_source_attach (self->cancel_source, g_task_get_context (task));
    }
  return self;
}

GTask *
rdp_certificate_request_steal_task (RdpCertificateRequest *self)
{
  if (self->finished)
    return NULL;
  return finish (self, FALSE);
}

/**
 * rdp_certificate_request_get_host:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:host].
 *
 * Returns: the server's host name or address
 */
const char *
rdp_certificate_request_get_host (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return self->host;
}

/**
 * rdp_certificate_request_get_port:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:port].
 *
 * Returns: the server's port
 */
guint16
rdp_certificate_request_get_port (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), 0);
  return self->port;
}

/**
 * rdp_certificate_request_get_certificate:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:certificate].
 *
 * Returns: (transfer none): the certificate the server presented
 */
GTlsCertificate *
rdp_certificate_request_get_certificate (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return self->certificate;
}

/**
 * rdp_certificate_request_get_errors:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:errors].
 *
 * Returns: what is wrong with the certificate
 */
GTlsCertificateFlags
rdp_certificate_request_get_errors (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), 0);
  return self->errors;
}

/**
 * rdp_certificate_request_describe_errors:
 * @self: a #RdpCertificateRequest
 *
 * Says in words what [property@CertificateRequest:errors] says, for a
 * dialog: for instance “it is not signed by a trusted certificate
 * authority; it has expired”. Translated.
 *
 * Returns: (transfer full): the translated description
 */
char *
rdp_certificate_request_describe_errors (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return rdp_certificate_verifier_describe_errors (self->errors);
}

/**
 * rdp_certificate_request_get_fingerprint:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:fingerprint].
 *
 * Returns: the SHA-256 fingerprint of the certificate
 */
const char *
rdp_certificate_request_get_fingerprint (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return self->fingerprint;
}

/**
 * rdp_certificate_request_get_reason:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:reason].
 *
 * Returns: whether the server is new or its pinned certificate changed
 */
RdpCertificateRequestReason
rdp_certificate_request_get_reason (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), RDP_CERTIFICATE_REQUEST_REASON_UNTRUSTED);
  return self->reason;
}

/**
 * rdp_certificate_request_get_known_fingerprint:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:known-fingerprint].
 *
 * Returns: (nullable): the pinned fingerprint of a changed certificate, or
 *   %NULL
 */
const char *
rdp_certificate_request_get_known_fingerprint (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return self->known_fingerprint;
}

/**
 * rdp_certificate_request_get_cancellable:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:cancellable].
 *
 * Returns: (transfer none) (nullable): the connection's cancellable
 */
GCancellable *
rdp_certificate_request_get_cancellable (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), NULL);
  return self->cancellable;
}

/**
 * rdp_certificate_request_is_finished:
 * @self: a #RdpCertificateRequest
 *
 * Gets the [property@CertificateRequest:finished] property.
 *
 * Returns: %TRUE if an answer can no longer change anything
 */
gboolean
rdp_certificate_request_is_finished (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), TRUE);
  return self->finished;
}

/**
 * rdp_certificate_request_is_cancelled:
 * @self: a #RdpCertificateRequest
 *
 * Whether the connection was cancelled before the request was answered
 * (see [signal@CertificateRequest::cancelled]).
 *
 * Returns: %TRUE if the request was cancelled
 */
gboolean
rdp_certificate_request_is_cancelled (RdpCertificateRequest *self)
{
  g_return_val_if_fail (RDP_IS_CERTIFICATE_REQUEST (self), FALSE);
  return self->cancelled;
}

static void
pin_thread (GTask        *pin,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RdpCertificateRequest *self = source_object;
  GError *error = NULL;

  if (rdp_known_hosts_add (self->known_hosts, self->host, self->port, self->certificate, &error))
    g_task_return_boolean (pin, TRUE);
  else
    g_task_return_error (pin, error);
}

static void
pin_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  RdpCertificateRequest *self = RDP_CERTIFICATE_REQUEST (source);
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  /* the user trusts the certificate: a known hosts file that cannot be
   * written costs the next connection a question, not this one */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not remember the certificate of %s:%u in %s: %s", self->host, self->port,
               rdp_known_hosts_get_path (self->known_hosts), error->message);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * rdp_certificate_request_accept:
 * @self: a #RdpCertificateRequest
 * @remember: whether to pin the certificate for the server in the
 *   verifier's [property@CertificateVerifier:known-hosts], so that the next
 *   connection trusts it without asking (replacing a pin that changed)
 *
 * Trusts the certificate: the connection goes on. Call it on the main
 * context of the connection. It has no effect if the request is
 * [property@CertificateRequest:finished], for instance because the
 * connection was cancelled meanwhile.
 *
 * With @remember the certificate is written to the known hosts file off the
 * main context before the connection goes on; a file that cannot be
 * written is reported with g_warning() and does not fail the connection.
 */
void
rdp_certificate_request_accept (RdpCertificateRequest *self,
                                gboolean               remember)
{
  GTask *task;

  g_return_if_fail (RDP_IS_CERTIFICATE_REQUEST (self));

  if (self->finished)
    return;
  task = finish (self, FALSE);
  if (remember && self->known_hosts != NULL)
    {
      GTask *pin = g_task_new (self, NULL, pin_cb, task);

      g_task_set_source_tag (pin, rdp_certificate_request_accept);
      g_task_run_in_thread (pin, pin_thread);
      g_object_unref (pin);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * rdp_certificate_request_reject:
 * @self: a #RdpCertificateRequest
 *
 * Refuses the certificate: the connection fails with
 * %RDP_ERROR_CERTIFICATE_REJECTED (%RDP_ERROR_CERTIFICATE_CHANGED when the
 * [property@CertificateRequest:reason] is
 * %RDP_CERTIFICATE_REQUEST_REASON_CHANGED). It has no effect if the request
 * is [property@CertificateRequest:finished].
 */
void
rdp_certificate_request_reject (RdpCertificateRequest *self)
{
  GTask *task;

  g_return_if_fail (RDP_IS_CERTIFICATE_REQUEST (self));

  if (self->finished)
    return;
  task = finish (self, FALSE);
  g_task_return_boolean (task, FALSE);
  g_object_unref (task);
}
