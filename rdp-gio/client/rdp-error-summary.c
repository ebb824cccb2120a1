/* rdp-error-summary.c: a connection error in a few words
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gio/gio.h>

#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * rdp_error_get_summary:
 * @error: an error of a connection, of any domain
 *
 * Says in a few words what went wrong, translated, for the heading of an
 * error dialog or a notification: “The server's certificate is not
 * trusted”, “Authentication failed”, “The connection timed out”… The
 * error's own message (also translated) gives the details below it: which
 * server, which stage, which reason.
 *
 * It knows the codes of %RDP_ERROR and those of %G_TLS_ERROR, %G_IO_ERROR
 * and %G_RESOLVER_ERROR that a connection fails with; any other error is
 * “The connection failed”.
 *
 * Returns: (transfer none): the translated summary
 */
const char *
rdp_error_get_summary (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == RDP_ERROR)
    {
      switch ((RdpError) error->code)
        {
        case RDP_ERROR_INVALID_DATA:
          return _("The server sent invalid data");
        case RDP_ERROR_UNEXPECTED_PDU:
          return _("The server sent an unexpected message");
        case RDP_ERROR_CERTIFICATE_CHANGED:
          return _("The server's certificate has changed");
        case RDP_ERROR_CERTIFICATE_REJECTED:
          return _("The server's certificate was rejected");
        case RDP_ERROR_NEGOTIATION_FAILED:
          return _("The security negotiation failed");
        case RDP_ERROR_NLA_REQUIRED:
          return _("The server requires Network Level Authentication");
        case RDP_ERROR_NOT_SUPPORTED:
          return _("The server asked for something that is not supported");
        case RDP_ERROR_DISCONNECTED:
          return _("The server ended the connection");
        case RDP_ERROR_AUTHENTICATION_FAILED:
          return _("Authentication failed");
        case RDP_ERROR_SERVER_KEY_MISMATCH:
          return _("The server could not prove its identity");
        case RDP_ERROR_FAILED:
        default:
          break;
        }
    }
  else if (error->domain == G_TLS_ERROR)
    {
      if (error->code == G_TLS_ERROR_BAD_CERTIFICATE)
        return _("The server's certificate is not trusted");
      return _("The secure connection failed");
    }
  else if (error->domain == G_RESOLVER_ERROR)
    return _("The server could not be found");
  else if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
          return _("The connection timed out");
        case G_IO_ERROR_CANCELLED:
          return _("The connection was cancelled");
        case G_IO_ERROR_CONNECTION_REFUSED:
          return _("The server refused the connection");
        case G_IO_ERROR_HOST_NOT_FOUND:
          return _("The server could not be found");
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return _("The server could not be reached");
        case G_IO_ERROR_CONNECTION_CLOSED:
          return _("The connection was closed");
        default:
          break;
        }
    }
  return _("The connection failed");
}
