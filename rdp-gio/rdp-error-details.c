/* rdp-error-details.c: details carried by RDP_ERROR errors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-error.h"
#include "rdp-error-private.h"
#include "rdp-i18n-private.h"

/* RDP_ERROR is an extended error domain (GLib 2.68): every error of the
 * domain has this private part, zeroed for the errors that have nothing to
 * add. g_error_copy() and g_error_free() copy and clear it. */
typedef struct {
  char *known_fingerprint;
  char *presented_fingerprint;
  GObject *certificate;      /* a GTlsCertificate; GObject here so that this
                              * module needs no GIO */
} RdpErrorPrivate;

/* As G_DEFINE_EXTENDED_ERROR() finds the private part: just before the
 * GError, at the struct alignment of GType instances. */
static RdpErrorPrivate *
get_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (RdpErrorPrivate) + (sa - 1)) & -sa;

  return (RdpErrorPrivate *) (((guint8 *) error) - as);
}

static void
private_init (GError *error)
{
  RdpErrorPrivate *priv = get_private (error);

  priv->known_fingerprint = NULL;
  priv->presented_fingerprint = NULL;
  priv->certificate = NULL;
}

static void
private_copy (const GError *src_error,
              GError       *dest_error)
{
  const RdpErrorPrivate *src = get_private (src_error);
  RdpErrorPrivate *dest = get_private (dest_error);

  dest->known_fingerprint = g_strdup (src->known_fingerprint);
  dest->presented_fingerprint = g_strdup (src->presented_fingerprint);
  dest->certificate = src->certificate != NULL ? g_object_ref (src->certificate) : NULL;
}

static void
private_clear (GError *error)
{
  RdpErrorPrivate *priv = get_private (error);

  g_clear_pointer (&priv->known_fingerprint, g_free);
  g_clear_pointer (&priv->presented_fingerprint, g_free);
  g_clear_object (&priv->certificate);
}

GQuark
rdp_error_register_domain (void)
{
  return g_error_domain_register_static ("rdp-error-quark", sizeof (RdpErrorPrivate),
                                         private_init, private_copy, private_clear);
}

GError *
rdp_error_new_certificate_changed (const char      *server,
                                   const char      *known_fingerprint,
                                   const char      *presented_fingerprint,
                                   GObject         *certificate)
{
  GError *error;
  RdpErrorPrivate *priv;

  error = g_error_new (RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED,
                       _("The certificate of %s has changed: the known certificate has the "
                         "SHA-256 fingerprint %s, the server presented one with the fingerprint %s"),
                       server, known_fingerprint, presented_fingerprint);
  priv = get_private (error);
  priv->known_fingerprint = g_strdup (known_fingerprint);
  priv->presented_fingerprint = g_strdup (presented_fingerprint);
  priv->certificate = g_object_ref (certificate);
  return error;
}

gboolean
rdp_error_get_certificate_change (const GError     *error,
                                  const char      **out_known_fingerprint,
                                  const char      **out_presented_fingerprint,
                                  GObject         **out_certificate)
{
  const RdpErrorPrivate *priv;

  if (!g_error_matches (error, RDP_ERROR, RDP_ERROR_CERTIFICATE_CHANGED))
    return FALSE;
  priv = get_private (error);
  if (priv->known_fingerprint == NULL)
    return FALSE;
  *out_known_fingerprint = priv->known_fingerprint;
  *out_presented_fingerprint = priv->presented_fingerprint;
  *out_certificate = priv->certificate;
  return TRUE;
}

GError *
rdp_error_new_certificate_rejected (const char *server,
                                    const char *presented_fingerprint,
                                    GObject    *certificate)
{
  GError *error;
  RdpErrorPrivate *priv;

  error = g_error_new (RDP_ERROR, RDP_ERROR_CERTIFICATE_REJECTED,
                       _("The certificate of %s was rejected"), server);
  priv = get_private (error);
  priv->presented_fingerprint = g_strdup (presented_fingerprint);
  priv->certificate = g_object_ref (certificate);
  return error;
}

gboolean
rdp_error_get_certificate (const GError  *error,
                           const char   **out_presented_fingerprint,
                           GObject      **out_certificate)
{
  const RdpErrorPrivate *priv;

  if (error->domain != RDP_ERROR ||
      (error->code != RDP_ERROR_CERTIFICATE_CHANGED && error->code != RDP_ERROR_CERTIFICATE_REJECTED))
    return FALSE;
  priv = get_private (error);
  if (priv->presented_fingerprint == NULL)
    return FALSE;
  *out_presented_fingerprint = priv->presented_fingerprint;
  *out_certificate = priv->certificate;
  return TRUE;
}
